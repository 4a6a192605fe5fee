//! Multi-process runs: which process this is, how many there are and where process 0 listens
//! (from `--process-id / --num-processes / --coordinator`, or the Cloud TPU VM environment as
//! JAX reads it), the run's coordinator secret (`--coordinator-secret` or
//! `$SIGLIP_COORDINATOR_SECRET`), and the [`DistributedRuntime`] that serves or reaches the
//! key-value store and hands it to `PJRT_Client_Create` as the C callbacks multi-process
//! clients need.

use std::ffi::{c_char, c_void};
use std::io::{Read, Write};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, TcpStream, ToSocketAddrs};
use std::sync::Arc;
use std::time::{Duration, Instant};

use super::ffi;
use super::kv::{
    CoordinatorSecret, KvClient, KvError, KvLimits, KvServer, SecretError, DEFAULT_IO_TIMEOUT,
};

/// The port JAX's Cloud TPU cluster detection puts the coordinator on (process 0's host).
pub const TPU_COORDINATOR_PORT: u16 = 8476;

/// Environment of TPU VMs managed by GKE (JAX's `GkeTpuCluster`): this worker's index, and the
/// comma-separated hostnames of all workers of the slice, process 0 first.
pub const TPU_WORKER_ID_ENV: &str = "TPU_WORKER_ID";
pub const TPU_WORKER_HOSTNAMES_ENV: &str = "TPU_WORKER_HOSTNAMES";

/// GCE metadata attributes of a Cloud TPU VM (JAX's `GceTpuCluster`): this worker's index, and
/// the workers as `name:uid:ip` entries, comma-separated, process 0 first.
pub const TPU_WORKER_NUMBER_METADATA: &str = "agent-worker-number";
pub const TPU_WORKER_ENDPOINTS_METADATA: &str = "worker-network-endpoints";

/// Environment variable holding the run's coordinator secret (`--coordinator-secret` wins).
pub const COORDINATOR_SECRET_ENV: &str = "SIGLIP_COORDINATOR_SECRET";
const COORDINATOR_SECRET_FLAG: &str = "--coordinator-secret";

#[derive(Debug, thiserror::Error)]
pub enum DistributedError {
    #[error("{0}")]
    BadFlags(String),

    #[error("{source_name} = `{value}`: {reason}")]
    BadEnvironment {
        source_name: String,
        value: String,
        reason: String,
    },

    #[error("{from} {reason}")]
    BadSecret { from: String, reason: SecretError },

    #[error(
        "process {process} of {count} has no coordinator secret: set ${COORDINATOR_SECRET_ENV} \
         (or {COORDINATOR_SECRET_FLAG}) to the one process 0 was given, or printed when it \
         generated one"
    )]
    MissingSecret { process: usize, count: usize },

    #[error(
        "the coordinator address {coordinator} is {ip} here, which is not an address of this \
         host: process 0 serves the key-value store on it, so run process 0 on the host that \
         has it (or give --coordinator-bind-all where the address reaches this host through \
         NAT or a port mapping)"
    )]
    CoordinatorNotLocal { coordinator: String, ip: IpAddr },

    #[error("the coordinator address {coordinator} does not resolve: {source}")]
    CoordinatorUnresolved {
        coordinator: String,
        source: std::io::Error,
    },

    #[error(
        "process {process} of {count} did not show up within {:.1} s (no key `{key}` in the \
         key-value store at {coordinator}); start it with --process-id {process} \
         --num-processes {count} --coordinator {coordinator}{refusals}",
        .waited.as_secs_f64()
    )]
    ProcessMissing {
        process: usize,
        count: usize,
        key: String,
        coordinator: String,
        waited: Duration,
        /// What the store refused meanwhile, if anything (`; 2 connections ...`).
        refusals: String,
    },

    #[error(transparent)]
    Kv(#[from] KvError),
}

pub type Result<T, E = DistributedError> = std::result::Result<T, E>;

/// What the command line said about the process group (all optional).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ProcessFlags {
    pub process_id: Option<usize>,
    pub num_processes: Option<usize>,
    pub coordinator: Option<String>,
    /// `--coordinator-secret` (else `$SIGLIP_COORDINATOR_SECRET` is read).
    pub coordinator_secret: Option<String>,
}

impl ProcessFlags {
    /// Whether the flags say which process group this is (else the environment may).
    fn name_a_group(&self) -> bool {
        self.process_id.is_some() || self.num_processes.is_some() || self.coordinator.is_some()
    }
}

/// This process's place in the run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProcessGroup {
    pub process_id: usize,
    pub num_processes: usize,
    /// `host:port` of process 0's key-value store; `None` for a single process.
    pub coordinator: Option<String>,
    /// Where the numbers came from, for messages (`flags`, `$TPU_WORKER_ID ...`).
    pub source: String,
    /// The secret the group's processes prove to each other; `None` for a single process.
    pub secret: Option<CoordinatorSecret>,
}

impl ProcessGroup {
    pub fn single() -> ProcessGroup {
        ProcessGroup {
            process_id: 0,
            num_processes: 1,
            coordinator: None,
            source: "a single process".into(),
            secret: None,
        }
    }

    pub fn is_multi_process(&self) -> bool {
        self.num_processes > 1
    }

    /// Flags first; without any, `$TPU_WORKER_ID` + `$TPU_WORKER_HOSTNAMES`; then, where
    /// `metadata` answers (a Cloud TPU VM), its worker number and endpoints; else one process.
    /// A group of several processes also gets its secret: `--coordinator-secret`, else
    /// `$SIGLIP_COORDINATOR_SECRET`, else (process 0 only) a new one.
    pub fn resolve(
        flags: &ProcessFlags,
        env: &dyn Fn(&str) -> Option<String>,
        metadata: &dyn Fn(&str) -> Option<String>,
    ) -> Result<ProcessGroup> {
        let mut group = ProcessGroup::from_flags_or_environment(flags, env, metadata)?;
        if group.is_multi_process() {
            let given = match &flags.coordinator_secret {
                Some(text) => Some((text.clone(), COORDINATOR_SECRET_FLAG.to_string())),
                None => {
                    env(COORDINATOR_SECRET_ENV).map(|t| (t, format!("${COORDINATOR_SECRET_ENV}")))
                }
            };
            group.secret = Some(match (given, group.process_id) {
                (Some((text, from)), _) => CoordinatorSecret::new(&text)
                    .map_err(|reason| DistributedError::BadSecret { from, reason })?,
                (None, 0) => CoordinatorSecret::generate(),
                (None, process) => {
                    return Err(DistributedError::MissingSecret {
                        process,
                        count: group.num_processes,
                    })
                }
            });
        }
        Ok(group)
    }

    fn from_flags_or_environment(
        flags: &ProcessFlags,
        env: &dyn Fn(&str) -> Option<String>,
        metadata: &dyn Fn(&str) -> Option<String>,
    ) -> Result<ProcessGroup> {
        if flags.name_a_group() {
            return from_flags(flags);
        }
        // An empty TPU variable is taken as unset (unlike an empty secret, which is refused).
        let set = |name: &str| env(name).filter(|value| !value.is_empty());
        if let (Some(id), Some(hosts)) = (set(TPU_WORKER_ID_ENV), set(TPU_WORKER_HOSTNAMES_ENV)) {
            let hosts: Vec<String> = hosts.split(',').map(str::to_string).collect();
            let source = format!("${TPU_WORKER_ID_ENV} and ${TPU_WORKER_HOSTNAMES_ENV}");
            return from_worker_list(&id, TPU_WORKER_ID_ENV, hosts, source);
        }
        if let Some(number) = metadata(TPU_WORKER_NUMBER_METADATA) {
            let endpoints = metadata(TPU_WORKER_ENDPOINTS_METADATA).unwrap_or_default();
            let hosts = endpoints
                .split(',')
                .map(|entry| entry.split(':').nth(2).unwrap_or(entry).to_string())
                .collect();
            let source = "the Cloud TPU VM metadata".to_string();
            return from_worker_list(number.trim(), TPU_WORKER_NUMBER_METADATA, hosts, source);
        }
        Ok(ProcessGroup::single())
    }
}

fn from_flags(flags: &ProcessFlags) -> Result<ProcessGroup> {
    let bad = |message: String| Err(DistributedError::BadFlags(message));
    let Some(count) = flags.num_processes else {
        return bad("--process-id and --coordinator need --num-processes".into());
    };
    if count == 0 {
        return bad("--num-processes must be at least 1".into());
    }
    let id = flags.process_id.unwrap_or(0);
    if count > 1 && flags.process_id.is_none() {
        return bad(format!(
            "--num-processes {count} needs --process-id (0 to {})",
            count - 1
        ));
    }
    if id >= count {
        return bad(format!(
            "--process-id {id} must be below --num-processes {count}"
        ));
    }
    let coordinator = match (&flags.coordinator, count) {
        (None, 1) => None,
        (None, _) => {
            return bad(format!(
                "--num-processes {count} needs --coordinator HOST:PORT (where process 0 serves \
                 the key-value store)"
            ))
        }
        (Some(address), _) => Some(check_address(address).map_err(DistributedError::BadFlags)?),
    };
    Ok(ProcessGroup {
        process_id: id,
        num_processes: count,
        coordinator,
        source: "flags".into(),
        secret: None,
    })
}

fn from_worker_list(
    id: &str,
    id_source: &str,
    hosts: Vec<String>,
    source: String,
) -> Result<ProcessGroup> {
    let bad = |value: &str, reason: String| DistributedError::BadEnvironment {
        source_name: id_source.to_string(),
        value: value.to_string(),
        reason,
    };
    let process_id: usize = id
        .parse()
        .map_err(|e| bad(id, format!("not a worker index ({e})")))?;
    if hosts.iter().any(|h| h.is_empty()) {
        return Err(bad(
            id,
            format!("the worker list from {source} has an empty entry"),
        ));
    }
    if process_id >= hosts.len() {
        return Err(bad(
            id,
            format!("only {} workers are listed by {source}", hosts.len()),
        ));
    }
    let first = hosts[0].split(':').next().unwrap_or_default();
    Ok(ProcessGroup {
        process_id,
        num_processes: hosts.len(),
        coordinator: (hosts.len() > 1).then(|| format!("{first}:{TPU_COORDINATOR_PORT}")),
        source,
        secret: None,
    })
}

/// `host:port` with a numeric port, or why not.
fn check_address(address: &str) -> std::result::Result<String, String> {
    match address.rsplit_once(':') {
        Some((host, port)) if !host.is_empty() && port.parse::<u16>().is_ok() => {
            Ok(address.to_string())
        }
        _ => Err(format!("--coordinator `{address}` is not HOST:PORT")),
    }
}

/// An attribute of this VM from the GCE metadata server (`$GCE_METADATA_IP`, else
/// `metadata.google.internal`), or `None` where there is no such server (not on GCE) or no
/// such attribute. Gives up after about a second.
pub fn gce_metadata(attribute: &str) -> Option<String> {
    let host =
        std::env::var("GCE_METADATA_IP").unwrap_or_else(|_| "metadata.google.internal".into());
    let timeout = Duration::from_secs(1);
    let address = format!("{host}:80").to_socket_addrs().ok()?.next()?;
    let mut stream = TcpStream::connect_timeout(&address, timeout).ok()?;
    stream.set_read_timeout(Some(timeout)).ok()?;
    let request = format!(
        "GET /computeMetadata/v1/instance/attributes/{attribute} HTTP/1.0\r\nHost: {host}\r\n\
         Metadata-Flavor: Google\r\n\r\n"
    );
    stream.write_all(request.as_bytes()).ok()?;
    let mut response = String::new();
    stream.read_to_string(&mut response).ok()?;
    let (head, body) = response.split_once("\r\n\r\n")?;
    let status = head.lines().next()?;
    status
        .split(' ')
        .nth(1)
        .is_some_and(|code| code == "200")
        .then(|| body.to_string())
}

/// How a process joins its group.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JoinOptions {
    /// How long each process waits for all the others to arrive.
    pub timeout: Duration,
    /// Process 0 listens on every interface instead of only the coordinator address's.
    pub bind_all: bool,
    /// How long a peer of process 0's store has for each line it sends ([`KvLimits`]).
    pub io_timeout: Duration,
}

impl JoinOptions {
    pub fn new(timeout: Duration) -> JoinOptions {
        JoinOptions {
            timeout,
            bind_all: false,
            io_timeout: DEFAULT_IO_TIMEOUT,
        }
    }
}

/// A joined process group: process 0 serves the key-value store, every process has reached
/// it and seen all others arrive. Give it to [`Client::new_multi_process`](super::Client);
/// the client keeps it alive.
pub struct DistributedRuntime {
    group: ProcessGroup,
    kv: KvClient,
    timeout: Duration,
    /// Present on process 0 only.
    _server: Option<KvServer>,
}

impl std::fmt::Debug for DistributedRuntime {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DistributedRuntime")
            .field("group", &self.group)
            .finish()
    }
}

fn arrival_key(process: usize) -> String {
    format!("siglip/arrived/{process}")
}

fn departure_key(process: usize) -> String {
    format!("siglip/departed/{process}")
}

impl DistributedRuntime {
    /// Starts the store (process 0), then waits up to `options.timeout` for every process of
    /// the group to arrive; the error names the first one missing.
    pub fn connect(group: ProcessGroup, options: &JoinOptions) -> Result<Arc<DistributedRuntime>> {
        let (Some(coordinator), Some(secret)) = (group.coordinator.clone(), group.secret.clone())
        else {
            return Err(DistributedError::BadFlags(
                "a multi-process run needs a coordinator address and secret".into(),
            ));
        };
        let timeout = options.timeout;
        let server = match group.process_id {
            0 => Some(serve(&group, &coordinator, &secret, options)?),
            _ => None,
        };
        let kv = KvClient::new(&coordinator, secret, timeout);
        let start = Instant::now();
        kv.put(
            arrival_key(group.process_id).as_bytes(),
            std::process::id().to_string().as_bytes(),
        )?;
        for process in 0..group.num_processes {
            let key = arrival_key(process);
            let left = timeout.saturating_sub(start.elapsed());
            match kv.get(key.as_bytes(), left) {
                Ok(_) => {}
                Err(KvError::Timeout { .. }) => {
                    let refusals = server.as_ref().map(KvServer::refusals).unwrap_or_default();
                    return Err(DistributedError::ProcessMissing {
                        process,
                        count: group.num_processes,
                        key,
                        coordinator,
                        waited: timeout,
                        refusals: match refusals.last_peer {
                            Some(peer) => format!(
                                "; meanwhile {} connection(s) were refused for a wrong \
                                 coordinator secret, the last from {peer}: give every process \
                                 the same ${COORDINATOR_SECRET_ENV}",
                                refusals.count
                            ),
                            None => String::new(),
                        },
                    });
                }
                Err(other) => return Err(other.into()),
            }
        }
        tracing::info!(
            "process {} of {} joined through {coordinator} ({})",
            group.process_id,
            group.num_processes,
            group.source
        );
        Ok(Arc::new(DistributedRuntime {
            group,
            kv,
            timeout,
            _server: server,
        }))
    }

    pub fn group(&self) -> &ProcessGroup {
        &self.group
    }

    pub fn kv(&self) -> &KvClient {
        &self.kv
    }

    /// Points the client-create arguments at this store. The runtime must outlive the client.
    pub(crate) fn install_callbacks(self: &Arc<Self>, args: &mut ffi::PJRT_Client_Create_Args) {
        let user_arg = Arc::as_ptr(self).cast_mut().cast::<c_void>();
        args.kv_get_callback = Some(kv_get);
        args.kv_get_user_arg = user_arg;
        args.kv_put_callback = Some(kv_put);
        args.kv_put_user_arg = user_arg;
        args.kv_try_get_callback = Some(kv_try_get);
        args.kv_try_get_user_arg = user_arg;
    }
}

/// Process 0's store, on the coordinator address (on every interface with `bind_all`), for
/// the holders of the group's secret; a generated secret is printed for the other processes.
fn serve(
    group: &ProcessGroup,
    coordinator: &str,
    secret: &CoordinatorSecret,
    options: &JoinOptions,
) -> Result<KvServer> {
    let unresolved = |source| DistributedError::CoordinatorUnresolved {
        coordinator: coordinator.to_string(),
        source,
    };
    let address = coordinator
        .to_socket_addrs()
        .map_err(unresolved)?
        .next()
        .ok_or_else(|| unresolved(std::io::ErrorKind::NotFound.into()))?;
    let listen = match (options.bind_all, address.ip()) {
        (false, _) => address,
        (true, IpAddr::V4(_)) => SocketAddr::new(Ipv4Addr::UNSPECIFIED.into(), address.port()),
        (true, IpAddr::V6(_)) => SocketAddr::new(Ipv6Addr::UNSPECIFIED.into(), address.port()),
    };
    let host = coordinator.rsplit_once(':').map_or("", |(host, _)| host);
    let names_loopback = host == "localhost"
        || host
            .trim_matches(|c| c == '[' || c == ']')
            .parse::<IpAddr>()
            .is_ok();
    if address.ip().is_loopback() && !names_loopback && !options.bind_all {
        tracing::warn!(
            "the coordinator address {coordinator} is the loopback address {} on this host (an \
             /etc/hosts entry?): processes on other hosts cannot reach it",
            address.ip()
        );
    }
    if secret.is_generated() {
        tracing::warn!(
            "no coordinator secret given ({COORDINATOR_SECRET_FLAG} or ${COORDINATOR_SECRET_ENV}): \
             generated one for this run; start processes 1 to {} with \
             {COORDINATOR_SECRET_ENV}={}",
            group.num_processes - 1,
            secret.text()
        );
    }
    let limits = KvLimits::for_processes(group.num_processes, options.io_timeout);
    KvServer::bind(listen, secret.clone(), limits).map_err(|e| match e {
        KvError::Bind { source, .. } if source.kind() == std::io::ErrorKind::AddrNotAvailable => {
            DistributedError::CoordinatorNotLocal {
                coordinator: coordinator.to_string(),
                ip: address.ip(),
            }
        }
        other => other.into(),
    })
}

impl Drop for DistributedRuntime {
    /// Process 0 keeps the store up until every other process has said it is done with it, so
    /// the last reads of a slower process still find it.
    fn drop(&mut self) {
        let result = if self.group.process_id == 0 {
            (1..self.group.num_processes).try_for_each(|process| {
                self.kv
                    .get(departure_key(process).as_bytes(), self.timeout)
                    .map(drop)
            })
        } else {
            self.kv
                .put(departure_key(self.group.process_id).as_bytes(), b"")
        };
        if let Err(e) = result {
            tracing::warn!("leaving the process group: {e}");
        }
    }
}

// ---- The C callbacks (pjrt_c_api.h `PJRT_KeyValue*Callback`) ------------------------------

/// absl status codes the callbacks report.
const DEADLINE_EXCEEDED: ffi::PJRT_Error_Code = 4;
const NOT_FOUND: ffi::PJRT_Error_Code = 5;
const UNAVAILABLE: ffi::PJRT_Error_Code = 14;

/// Bytes in front of a returned value that remember its length for [`free_value`].
const LENGTH_PREFIX: usize = std::mem::size_of::<usize>();

/// Hands `value` to the plugin as a `char*` it will give back to [`free_value`].
fn leak_value(value: &[u8]) -> (*mut c_char, usize) {
    let mut block = Vec::with_capacity(LENGTH_PREFIX + value.len());
    block.extend_from_slice(&value.len().to_ne_bytes());
    block.extend_from_slice(value);
    let base = Box::into_raw(block.into_boxed_slice()).cast::<u8>();
    // SAFETY: the block is LENGTH_PREFIX + len bytes long.
    (
        unsafe { base.add(LENGTH_PREFIX) }.cast::<c_char>(),
        value.len(),
    )
}

unsafe extern "C" fn free_value(value: *mut c_char) {
    if value.is_null() {
        return;
    }
    // SAFETY: `value` came from `leak_value`, so the length sits just before it and the whole
    // block was a boxed slice of LENGTH_PREFIX + length bytes.
    unsafe {
        let base = value.cast::<u8>().sub(LENGTH_PREFIX);
        let length =
            usize::from_ne_bytes(std::ptr::read_unaligned(base.cast::<[u8; LENGTH_PREFIX]>()));
        drop(Box::from_raw(std::ptr::slice_from_raw_parts_mut(
            base,
            LENGTH_PREFIX + length,
        )));
    }
}

/// # Safety
/// `data` must point to `len` readable bytes (or be null with `len` 0).
unsafe fn bytes<'a>(data: *const c_char, len: usize) -> &'a [u8] {
    if data.is_null() || len == 0 {
        return &[];
    }
    std::slice::from_raw_parts(data.cast::<u8>(), len)
}

/// Turns a failure into the plugin's own error object through its `callback_error`.
///
/// # Safety
/// `callback_error` must be the pointer the plugin passed in the callback's arguments.
unsafe fn report(
    callback_error: *const Option<ffi::PJRT_CallbackError>,
    code: ffi::PJRT_Error_Code,
    message: &str,
) -> *mut ffi::PJRT_Error {
    match callback_error.as_ref().copied().flatten() {
        Some(make_error) => make_error(code, message.as_ptr().cast::<c_char>(), message.len()),
        None => {
            // The plugin gave no way to report; a null error would claim success, so abort
            // loudly rather than hand back no value.
            tracing::error!("key-value callback failed without callback_error: {message}");
            std::process::abort()
        }
    }
}

fn error_code(error: &KvError) -> ffi::PJRT_Error_Code {
    match error {
        KvError::Timeout { .. } => DEADLINE_EXCEEDED,
        _ => UNAVAILABLE,
    }
}

unsafe extern "C" fn kv_get(args: *mut ffi::PJRT_KeyValueGetCallback_Args) -> *mut ffi::PJRT_Error {
    // SAFETY: the plugin passes valid arguments; user_arg is the runtime `install_callbacks`
    // registered, kept alive by the client.
    let args = &mut *args;
    let runtime = &*args.user_arg.cast::<DistributedRuntime>();
    let key = bytes(args.key, args.key_size);
    let timeout = Duration::from_millis(args.timeout_in_ms.max(0) as u64);
    match runtime.kv.get(key, timeout) {
        Ok(value) => {
            (args.value, args.value_size) = leak_value(&value);
            args.value_deleter_callback = Some(free_value);
            std::ptr::null_mut()
        }
        Err(e) => report(args.callback_error, error_code(&e), &e.to_string()),
    }
}

unsafe extern "C" fn kv_try_get(
    args: *mut ffi::PJRT_KeyValueTryGetCallback_Args,
) -> *mut ffi::PJRT_Error {
    // SAFETY: as in `kv_get`.
    let args = &mut *args;
    let runtime = &*args.user_arg.cast::<DistributedRuntime>();
    let key = bytes(args.key, args.key_size);
    match runtime.kv.try_get(key) {
        Ok(Some(value)) => {
            (args.value, args.value_size) = leak_value(&value);
            args.value_deleter_callback = Some(free_value);
            std::ptr::null_mut()
        }
        Ok(None) => {
            let message = format!("key `{}` not found", String::from_utf8_lossy(key));
            report(args.callback_error, NOT_FOUND, &message)
        }
        Err(e) => report(args.callback_error, error_code(&e), &e.to_string()),
    }
}

unsafe extern "C" fn kv_put(args: *mut ffi::PJRT_KeyValuePutCallback_Args) -> *mut ffi::PJRT_Error {
    // SAFETY: as in `kv_get`.
    let args = &mut *args;
    let runtime = &*args.user_arg.cast::<DistributedRuntime>();
    let key = bytes(args.key, args.key_size);
    let value = bytes(args.value, args.value_size);
    match runtime.kv.put(key, value) {
        Ok(()) => std::ptr::null_mut(),
        Err(e) => report(args.callback_error, error_code(&e), &e.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn none(_: &str) -> Option<String> {
        None
    }

    fn flags(id: Option<usize>, count: Option<usize>, coordinator: Option<&str>) -> ProcessFlags {
        ProcessFlags {
            process_id: id,
            num_processes: count,
            coordinator: coordinator.map(str::to_string),
            coordinator_secret: Some("the secret of a test run".into()),
        }
    }

    fn resolve_flags(f: ProcessFlags) -> Result<ProcessGroup> {
        ProcessGroup::resolve(&f, &none, &none)
    }

    #[test]
    fn flags_give_the_group_and_bad_ones_say_what_is_wrong() {
        let group = resolve_flags(flags(Some(1), Some(2), Some("10.0.0.1:1234"))).unwrap();
        assert_eq!(
            (
                group.process_id,
                group.num_processes,
                group.coordinator.as_deref()
            ),
            (1, 2, Some("10.0.0.1:1234"))
        );
        assert_eq!(
            resolve_flags(ProcessFlags::default()).unwrap(),
            ProcessGroup::single()
        );
        let message = |f| resolve_flags(f).unwrap_err().to_string();
        assert_eq!(
            message(flags(Some(2), Some(2), Some("h:1"))),
            "--process-id 2 must be below --num-processes 2"
        );
        assert_eq!(
            message(flags(Some(0), None, None)),
            "--process-id and --coordinator need --num-processes"
        );
        assert!(message(flags(None, Some(2), Some("h:1")))
            .starts_with("--num-processes 2 needs --process-id"));
        assert!(message(flags(Some(0), Some(2), None))
            .starts_with("--num-processes 2 needs --coordinator"));
        assert_eq!(
            message(flags(Some(0), Some(2), Some("nohost"))),
            "--coordinator `nohost` is not HOST:PORT"
        );
        assert_eq!(
            message(flags(Some(0), Some(0), None)),
            "--num-processes must be at least 1"
        );
    }

    #[test]
    fn gke_tpu_environment_names_workers_and_coordinator() {
        let env = |name: &str| match name {
            TPU_WORKER_ID_ENV => Some("2".to_string()),
            TPU_WORKER_HOSTNAMES_ENV => Some("w-0,w-1,w-2,w-3".to_string()),
            _ => None,
        };
        let group = ProcessGroup::resolve(&ProcessFlags::default(), &env, &none).unwrap_err();
        assert!(matches!(
            group,
            DistributedError::MissingSecret {
                process: 2,
                count: 4
            }
        ));
        let with_secret = |name: &str| match name {
            COORDINATOR_SECRET_ENV => Some("the secret of a test run".to_string()),
            _ => env(name),
        };
        let group = ProcessGroup::resolve(&ProcessFlags::default(), &with_secret, &none).unwrap();
        assert_eq!(
            (
                group.process_id,
                group.num_processes,
                group.coordinator.as_deref()
            ),
            (2, 4, Some("w-0:8476"))
        );
        let bad_env = |name: &str| match name {
            TPU_WORKER_ID_ENV => Some("4".to_string()),
            TPU_WORKER_HOSTNAMES_ENV => Some("w-0,w-1".to_string()),
            _ => None,
        };
        let err = ProcessGroup::resolve(&ProcessFlags::default(), &bad_env, &none).unwrap_err();
        assert_eq!(
            err.to_string(),
            "TPU_WORKER_ID = `4`: only 2 workers are listed by $TPU_WORKER_ID and $TPU_WORKER_HOSTNAMES"
        );
    }

    #[test]
    fn cloud_tpu_vm_metadata_gives_worker_number_and_endpoint_ips() {
        let metadata = |name: &str| match name {
            TPU_WORKER_NUMBER_METADATA => Some("1".to_string()),
            TPU_WORKER_ENDPOINTS_METADATA => {
                Some("t1k-w-0:uid0:10.130.0.5,t1k-w-1:uid1:10.130.0.6".to_string())
            }
            _ => None,
        };
        // A secret alone does not name the group.
        let only_secret = ProcessFlags {
            coordinator_secret: Some("the secret of a test run".into()),
            ..ProcessFlags::default()
        };
        let group = ProcessGroup::resolve(&only_secret, &none, &metadata).unwrap();
        assert_eq!(
            (
                group.process_id,
                group.num_processes,
                group.coordinator.as_deref(),
                group.secret.unwrap().text()
            ),
            (1, 2, Some("10.130.0.5:8476"), "the secret of a test run")
        );
        // Flags win over the environment.
        let group =
            ProcessGroup::resolve(&flags(Some(0), Some(1), None), &none, &metadata).unwrap();
        assert_eq!(
            group,
            ProcessGroup {
                source: "flags".into(),
                ..ProcessGroup::single()
            }
        );
    }

    #[test]
    fn a_group_gets_its_secret_from_the_flag_the_environment_or_process_0() {
        let env =
            |name: &str| (name == COORDINATOR_SECRET_ENV).then(|| "from the environment".into());
        let secret_of = |f: ProcessFlags, env: &dyn Fn(&str) -> Option<String>| {
            ProcessGroup::resolve(&f, env, &none).map(|group| group.secret)
        };
        let flag = flags(Some(1), Some(2), Some("h:1"));
        let given = secret_of(flag.clone(), &env).unwrap().unwrap();
        assert_eq!(given.text(), "the secret of a test run");
        let unflagged = |id| ProcessFlags {
            coordinator_secret: None,
            ..flags(Some(id), Some(2), Some("h:1"))
        };
        let from_env = secret_of(unflagged(1), &env).unwrap().unwrap();
        assert_eq!(from_env.text(), "from the environment");
        // Process 0 without one makes one; any other process cannot.
        assert!(secret_of(unflagged(0), &none)
            .unwrap()
            .unwrap()
            .is_generated());
        assert_eq!(
            secret_of(unflagged(1), &none).unwrap_err().to_string(),
            "process 1 of 2 has no coordinator secret: set $SIGLIP_COORDINATOR_SECRET (or \
             --coordinator-secret) to the one process 0 was given, or printed when it generated one"
        );
        // An empty one is refused, not taken as unset.
        let empty = |name: &str| (name == COORDINATOR_SECRET_ENV).then(String::new);
        assert_eq!(
            secret_of(unflagged(0), &empty).unwrap_err().to_string(),
            "$SIGLIP_COORDINATOR_SECRET is empty"
        );
        let short = ProcessFlags {
            coordinator_secret: Some("short".into()),
            ..flag
        };
        assert!(secret_of(short, &none)
            .unwrap_err()
            .to_string()
            .starts_with(
                "--coordinator-secret has 5 characters; a coordinator secret needs at least 16"
            ));
        // A single process needs none.
        assert_eq!(
            secret_of(flags(Some(0), Some(1), None), &empty).unwrap(),
            None
        );
    }

    #[test]
    fn returned_values_are_freed_with_their_length() {
        for value in [&b""[..], b"x", &[7u8; 1000]] {
            let (data, size) = leak_value(value);
            assert_eq!(size, value.len());
            // SAFETY: just leaked, `size` bytes long.
            assert_eq!(unsafe { bytes(data, size) }, value);
            unsafe { free_value(data) };
        }
    }
}
