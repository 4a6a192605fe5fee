//! Object store calls made blocking: one tokio runtime for the process, one operator per bucket,
//! built the way each cloud's libraries find credentials (on a TPU VM, the metadata server) or
//! pointed at an emulator: `STORAGE_EMULATOR_HOST` for GCS (no signing), `AWS_ENDPOINT_URL` for
//! S3. GCS is spoken through its JSON API (OpenDAL's service), which the emulator serves whole.
//!
//! Retries: a request that failed to connect, or got a 5xx or 429, is retried with exponential
//! backoff; each retry is logged at WARN ("backing off"), so a server that blinks costs time, not
//! the run. A read whose body broke off mid-transfer is retried here too.

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};
use std::time::Duration;

use opendal::layers::{RetryEvent, RetryLayer};
use opendal::{ErrorKind, Operator};

use super::{ObjectUrl, Scheme, StorageError};

/// GCS emulator address (`host:port` or a URL), as Google's client libraries read it.
pub const GCS_EMULATOR_ENV: &str = "STORAGE_EMULATOR_HOST";
/// S3 endpoint (an emulator or another provider), as AWS's SDKs read it.
pub const S3_ENDPOINT_ENV: &str = "AWS_ENDPOINT_URL";
/// Tries of a read whose transfer failed after the operator's own retries gave up or did not
/// apply (a body cut off mid-transfer).
const READ_TRIES: u32 = 4;
/// Retries of one request, and their backoff (doubling from the first to at most the last).
const REQUEST_RETRIES: usize = 10;
const FIRST_BACKOFF: Duration = Duration::from_millis(200);
const LONGEST_BACKOFF: Duration = Duration::from_secs(8);

fn runtime() -> &'static tokio::runtime::Runtime {
    static RUNTIME: OnceLock<tokio::runtime::Runtime> = OnceLock::new();
    RUNTIME.get_or_init(|| {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name("storage-io")
            .enable_all()
            .build()
            .expect("the storage runtime starts (threads and timers only)")
    })
}

/// Runs `future` on the storage runtime (from a thread that is not one of its own).
pub(super) fn block_on<F: std::future::Future>(future: F) -> F::Output {
    runtime().block_on(future)
}

/// Runs `future` in the background on the storage runtime.
pub(super) fn spawn<F>(future: F)
where
    F: std::future::Future<Output = ()> + Send + 'static,
{
    runtime().spawn(future);
}

fn log_retry(event: RetryEvent<'_>) {
    tracing::warn!(
        "storage: {} failed ({}); backing off {:.1} s, retry {} of {REQUEST_RETRIES}",
        event.op,
        event.err,
        event.retry_after.as_secs_f64(),
        event.attempt
    );
}

/// The operator of `url`'s bucket (made once per bucket).
pub(super) fn store(url: &ObjectUrl) -> Result<Operator, StorageError> {
    static STORES: OnceLock<Mutex<HashMap<(Scheme, String), Operator>>> = OnceLock::new();
    let mut stores = STORES
        .get_or_init(Default::default)
        .lock()
        .expect("store cache lock");
    let key = (url.scheme, url.bucket.clone());
    if let Some(store) = stores.get(&key) {
        return Ok(store.clone());
    }
    // rustls takes its crypto from a process-wide provider, which the HTTP client below needs
    // when it is built; `Err` means one is installed already. `ring`, not aws-lc-rs (see
    // Cargo.toml); rustls deprecates it for lacking post-quantum key exchange, so connections
    // use classical X25519 / P-256 key exchange.
    #[allow(deprecated)]
    let _ = rustls::crypto::ring::default_provider().install_default();
    // Registers the services and installs the HTTP transport (reqwest): both done by
    // constructors only with features we leave off (OpenDAL's every service; aws-lc-rs).
    opendal::install_default();
    opendal_http_transport_reqwest::install_default();
    let connect = |source| StorageError::Connect {
        url: url.to_string(),
        source: Box::new(source),
    };
    let operator = match url.scheme {
        Scheme::Gcs => Operator::new(gcs_builder(&url.bucket)),
        Scheme::S3 => Operator::new(s3_builder(&url.bucket)),
    }
    .map_err(connect)?;
    let retry = RetryLayer::new()
        .with_max_times(REQUEST_RETRIES)
        .with_min_delay(FIRST_BACKOFF)
        .with_max_delay(LONGEST_BACKOFF)
        .with_factor(2.0)
        .with_jitter()
        .with_notify(log_retry);
    let operator = operator.layer(retry);
    stores.insert(key, operator.clone());
    Ok(operator)
}

fn gcs_builder(bucket: &str) -> opendal::services::Gcs {
    let builder = opendal::services::Gcs::default().bucket(bucket);
    match std::env::var(GCS_EMULATOR_ENV) {
        Ok(host) if !host.is_empty() => {
            let endpoint = match host.contains("://") {
                true => host.trim_end_matches('/').to_string(),
                false => format!("http://{host}"),
            };
            // An emulator takes no OAuth tokens.
            builder
                .endpoint(&endpoint)
                .skip_signature()
                .disable_vm_metadata()
                .disable_config_load()
        }
        _ => builder,
    }
}

fn s3_builder(bucket: &str) -> opendal::services::S3 {
    let mut builder = opendal::services::S3::default().bucket(bucket);
    let region = std::env::var("AWS_REGION")
        .or_else(|_| std::env::var("AWS_DEFAULT_REGION"))
        .unwrap_or_else(|_| "us-east-1".into());
    builder = builder.region(&region);
    if let Ok(endpoint) = std::env::var(S3_ENDPOINT_ENV) {
        builder = builder.endpoint(&endpoint);
    }
    builder
}

/// Our error for `source`, met at `url`.
fn classify(url: &ObjectUrl, source: opendal::Error) -> StorageError {
    let url = url.to_string();
    match source.kind() {
        ErrorKind::NotFound => StorageError::NotFound { url },
        ErrorKind::PermissionDenied => StorageError::PermissionDenied {
            url,
            detail: source.to_string(),
        },
        _ => StorageError::Remote {
            url,
            source: Box::new(source),
        },
    }
}

/// [`classify`] for a listing, where "not found" can only mean the bucket (S3 says so by its
/// error code `NoSuchBucket`, which OpenDAL files as a configuration error).
fn classify_listing(url: &ObjectUrl, source: opendal::Error) -> StorageError {
    if source.kind() == ErrorKind::ConfigInvalid && source.to_string().contains("NoSuchBucket") {
        return StorageError::NoSuchBucket {
            url: url.to_string(),
            bucket: url.bucket.clone(),
        };
    }
    match classify(url, source) {
        StorageError::NotFound { url: text } => StorageError::NoSuchBucket {
            url: text,
            bucket: url.bucket.clone(),
        },
        other => other,
    }
}

/// The key as a folder path for listings (`key/`, or `/` for the bucket's root).
fn folder(url: &ObjectUrl) -> String {
    match url.key.is_empty() {
        true => "/".into(),
        false => format!("{}/", url.key),
    }
}

/// Runs a read, retrying (logged) a transfer that failed on the way (not for the object's absence,
/// a refusal or a bad configuration).
fn with_read_retries<T>(
    url: &ObjectUrl,
    mut attempt: impl FnMut() -> Result<T, StorageError>,
) -> Result<T, StorageError> {
    let mut wait = Duration::from_millis(500);
    for try_number in 1.. {
        match attempt() {
            Err(StorageError::Remote { source, .. })
                if source.kind() == ErrorKind::Unexpected && try_number < READ_TRIES =>
            {
                tracing::warn!(
                    "reading {url} failed ({source}); retrying in {:.1} s (try {} of {READ_TRIES})",
                    wait.as_secs_f64(),
                    try_number + 1
                );
                std::thread::sleep(wait);
                wait *= 2;
            }
            other => return other,
        }
    }
    unreachable!("the loop returns on its last try")
}

/// The object's bytes, or those in `range`.
pub(super) fn read(
    url: &ObjectUrl,
    range: Option<std::ops::Range<u64>>,
) -> Result<Vec<u8>, StorageError> {
    let store = store(url)?;
    with_read_retries(url, || {
        block_on(read_async(store.clone(), url.clone(), range.clone()))
    })
}

/// [`read`] as a future (for read-ahead on the runtime).
pub(super) async fn read_async(
    store: Operator,
    url: ObjectUrl,
    range: Option<std::ops::Range<u64>>,
) -> Result<Vec<u8>, StorageError> {
    let bytes = match range {
        Some(range) => store.read_with(&url.key).range(range).await,
        None => store.read(&url.key).await,
    };
    bytes.map(|b| b.to_vec()).map_err(|e| classify(&url, e))
}

/// The object's size in bytes.
pub(super) fn size(url: &ObjectUrl) -> Result<u64, StorageError> {
    let store = store(url)?;
    with_read_retries(url, || {
        block_on(store.stat(&url.key))
            .map(|meta| meta.content_length())
            .map_err(|e| classify(url, e))
    })
}

pub(super) fn put(url: &ObjectUrl, bytes: Vec<u8>) -> Result<(), StorageError> {
    let store = store(url)?;
    block_on(store.write(&url.key, bytes))
        .map(|_| ())
        .map_err(|e| classify(url, e))
}

pub(super) fn delete(url: &ObjectUrl) -> Result<(), StorageError> {
    let store = store(url)?;
    match block_on(store.delete(&url.key)) {
        Err(e) if e.kind() != ErrorKind::NotFound => Err(classify(url, e)),
        _ => Ok(()),
    }
}

pub(super) fn object_exists(url: &ObjectUrl) -> Result<bool, StorageError> {
    if url.key.is_empty() {
        return Ok(false);
    }
    match size(url) {
        Ok(_) => Ok(true),
        Err(StorageError::NotFound { .. }) => Ok(false),
        Err(e) => Err(e),
    }
}

/// Keys of the objects under `url/`: only those directly there and the folders there, or (with
/// `recursive`) every object at any depth. Each sorted.
fn list(url: &ObjectUrl, recursive: bool) -> Result<(Vec<String>, Vec<String>), StorageError> {
    let store = store(url)?;
    let prefix = folder(url);
    let entries = with_read_retries(url, || {
        block_on(async { store.list_with(&prefix).recursive(recursive).await })
            .map_err(|e| classify_listing(url, e))
    })?;
    let (mut files, mut folders) = (Vec::new(), Vec::new());
    for entry in entries {
        let path = entry.path().trim_start_matches('/');
        if path.is_empty() || path == prefix {
            continue;
        }
        match entry.metadata().is_dir() {
            true => folders.push(path.trim_end_matches('/').to_string()),
            false => files.push(path.to_string()),
        }
    }
    files.sort();
    folders.sort();
    Ok((files, folders))
}

/// Keys (full) of the objects directly under `url/` and of the folders there.
pub(super) fn list_folder(url: &ObjectUrl) -> Result<(Vec<String>, Vec<String>), StorageError> {
    list(url, false)
}

/// Keys of every object under `url/`, at any depth.
pub(super) fn list_all(url: &ObjectUrl) -> Result<Vec<String>, StorageError> {
    Ok(list(url, true)?.0)
}

pub(super) fn folder_exists(url: &ObjectUrl) -> Result<bool, StorageError> {
    let (files, folders) = list(url, false)?;
    Ok(!files.is_empty() || !folders.is_empty())
}

/// Fails with a clear error when `url`'s bucket does not exist or cannot be listed.
pub(super) fn check_bucket(url: &ObjectUrl) -> Result<(), StorageError> {
    list(&url.with_key(""), false).map(|_| ())
}
