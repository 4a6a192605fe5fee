//! Where files live: a local path, or an object in Cloud Storage (`gs://bucket/key`) or S3
//! (`s3://bucket/key`). Every path `siglip` takes is a `Path` that may hold such a URL; the
//! functions here look at its text and do the same operation on the local file system or on the
//! bucket, so callers keep one code path (and `Path::join` builds `gs://b/run/checkpoints`).
//!
//! Any other `scheme://` is an error naming the path (a typo'd `gz://` must not become a local
//! folder named `gz:`). Object stores have folders only as key prefixes: a "folder" exists when
//! some object's key starts with `folder/`, and listing one lists those objects. Remote calls go
//! through [`remote`]'s one runtime and its retries; [`reader`] reads byte ranges with read-ahead.

pub mod reader;
mod remote;

use std::fs;
use std::path::{Path, PathBuf};

pub use reader::{RandomAccessFile, SeekableReader};

/// URL schemes served by an object store.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Scheme {
    Gcs,
    S3,
}

impl Scheme {
    fn prefix(self) -> &'static str {
        match self {
            Scheme::Gcs => "gs://",
            Scheme::S3 => "s3://",
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{url}: unknown URL scheme `{scheme}://` (gs:// and s3:// are object stores; anything else is a local path without a scheme)")]
    UnknownScheme { url: String, scheme: String },
    #[error("{url}: needs a bucket name (gs://BUCKET/key)")]
    NoBucket { url: String },
    #[error("{url}: not found")]
    NotFound { url: String },
    #[error("{url}: bucket `{bucket}` does not exist")]
    NoSuchBucket { url: String, bucket: String },
    #[error("{url}: permission denied: {detail}")]
    PermissionDenied { url: String, detail: String },
    // Boxed: OpenDAL's error is large, and every error type that wraps ours would grow with it.
    #[error("{url}: {source}")]
    Remote {
        url: String,
        source: Box<opendal::Error>,
    },
    #[error("{url}: configuring the store client: {source}")]
    Connect {
        url: String,
        source: Box<opendal::Error>,
    },
    #[error("{pattern}: bad glob pattern: {message}")]
    Pattern { pattern: String, message: String },
}

impl StorageError {
    /// The error is that the file or object does not exist.
    pub fn is_not_found(&self) -> bool {
        match self {
            StorageError::NotFound { .. } | StorageError::NoSuchBucket { .. } => true,
            StorageError::Io { source, .. } => source.kind() == std::io::ErrorKind::NotFound,
            _ => false,
        }
    }
}

/// A parsed path: a local one, or an object (or key prefix) in a bucket.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Location {
    Local(PathBuf),
    Remote(ObjectUrl),
}

/// `scheme://bucket/key`, with `key` free of leading and trailing slashes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ObjectUrl {
    pub scheme: Scheme,
    pub bucket: String,
    pub key: String,
}

impl ObjectUrl {
    fn with_key(&self, key: &str) -> ObjectUrl {
        ObjectUrl {
            scheme: self.scheme,
            bucket: self.bucket.clone(),
            key: key.trim_matches('/').to_string(),
        }
    }

    fn to_path(&self) -> PathBuf {
        PathBuf::from(self.to_string())
    }
}

impl std::fmt::Display for ObjectUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}{}", self.scheme.prefix(), self.bucket)?;
        if !self.key.is_empty() {
            write!(f, "/{}", self.key)?;
        }
        Ok(())
    }
}

impl Location {
    /// Parses a path's text: `gs://` and `s3://` are objects, any other `scheme://` an error,
    /// everything else a local path.
    pub fn parse(path: &Path) -> Result<Location, StorageError> {
        let Some(text) = path.to_str() else {
            return Ok(Location::Local(path.to_path_buf()));
        };
        let Some((scheme, rest)) = text.split_once("://") else {
            return Ok(Location::Local(path.to_path_buf()));
        };
        let is_scheme = !scheme.is_empty()
            && scheme
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphabetic())
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c));
        if !is_scheme {
            return Ok(Location::Local(path.to_path_buf()));
        }
        let scheme = match scheme {
            "gs" => Scheme::Gcs,
            "s3" => Scheme::S3,
            other => {
                return Err(StorageError::UnknownScheme {
                    url: text.to_string(),
                    scheme: other.to_string(),
                })
            }
        };
        let (bucket, key) = rest.split_once('/').unwrap_or((rest, ""));
        if bucket.is_empty() {
            return Err(StorageError::NoBucket {
                url: text.to_string(),
            });
        }
        Ok(Location::Remote(ObjectUrl {
            scheme,
            bucket: bucket.to_string(),
            key: key.trim_matches('/').to_string(),
        }))
    }
}

/// Whether `path` names an object store URL (`gs://`, `s3://`).
pub fn is_remote(path: &Path) -> bool {
    matches!(Location::parse(path), Ok(Location::Remote(_)))
}

/// Checks that `path` parses (a known scheme, a bucket): what callers run before any work.
pub fn check(path: &Path) -> Result<(), StorageError> {
    Location::parse(path).map(|_| ())
}

fn io_error(path: &Path) -> impl FnOnce(std::io::Error) -> StorageError + '_ {
    move |source| StorageError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// The whole file or object.
pub fn read(path: &Path) -> Result<Vec<u8>, StorageError> {
    match Location::parse(path)? {
        Location::Local(p) => fs::read(&p).map_err(io_error(&p)),
        Location::Remote(url) => remote::read(&url, None),
    }
}

/// The whole file or object as UTF-8 text.
pub fn read_to_string(path: &Path) -> Result<String, StorageError> {
    let bytes = read(path)?;
    String::from_utf8(bytes).map_err(|e| StorageError::Io {
        path: path.to_path_buf(),
        source: std::io::Error::new(std::io::ErrorKind::InvalidData, e),
    })
}

/// Writes `bytes` as the whole file or object (a local file's folders are created). An object
/// appears whole or not at all; a local file is replaced through a temporary and a rename.
pub fn write(path: &Path, bytes: &[u8]) -> Result<(), StorageError> {
    match Location::parse(path)? {
        Location::Local(p) => {
            if let Some(parent) = p.parent().filter(|d| !d.as_os_str().is_empty()) {
                fs::create_dir_all(parent).map_err(io_error(parent))?;
            }
            let temp = p.with_extension(format!("tmp-{}", std::process::id()));
            fs::write(&temp, bytes).map_err(io_error(&temp))?;
            fs::rename(&temp, &p).map_err(io_error(&p))
        }
        Location::Remote(url) => remote::put(&url, bytes.to_vec()),
    }
}

/// Whether a file or folder (an object, or a key prefix with objects under it) exists.
pub fn exists(path: &Path) -> Result<bool, StorageError> {
    match Location::parse(path)? {
        Location::Local(p) => Ok(p.exists()),
        Location::Remote(url) => Ok(remote::object_exists(&url)? || remote::folder_exists(&url)?),
    }
}

/// Whether a file (an object) exists at exactly this path.
pub fn is_file(path: &Path) -> Result<bool, StorageError> {
    match Location::parse(path)? {
        Location::Local(p) => Ok(p.is_file()),
        Location::Remote(url) => remote::object_exists(&url),
    }
}

/// Whether this path is a folder (for a bucket: some object's key starts with `path/`).
pub fn is_dir(path: &Path) -> Result<bool, StorageError> {
    match Location::parse(path)? {
        Location::Local(p) => Ok(p.is_dir()),
        Location::Remote(url) => remote::folder_exists(&url),
    }
}

/// The files directly in a folder (not in its subfolders) and its subfolders, each sorted.
/// A folder that does not exist lists empty.
pub fn list_dir(path: &Path) -> Result<(Vec<PathBuf>, Vec<PathBuf>), StorageError> {
    match Location::parse(path)? {
        Location::Local(p) => {
            let (mut files, mut dirs) = (Vec::new(), Vec::new());
            let entries = match fs::read_dir(&p) {
                Ok(entries) => entries,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok((files, dirs)),
                Err(e) => return Err(io_error(&p)(e)),
            };
            for entry in entries {
                let entry = entry.map_err(io_error(&p))?.path();
                match entry.is_dir() {
                    true => dirs.push(entry),
                    false => files.push(entry),
                }
            }
            files.sort();
            dirs.sort();
            Ok((files, dirs))
        }
        Location::Remote(url) => {
            let (files, dirs) = remote::list_folder(&url)?;
            let paths =
                |keys: Vec<String>| keys.iter().map(|k| url.with_key(k).to_path()).collect();
            Ok((paths(files), paths(dirs)))
        }
    }
}

/// Deletes a file or object; one that is already gone is not an error.
pub fn delete(path: &Path) -> Result<(), StorageError> {
    match Location::parse(path)? {
        Location::Local(p) => match fs::remove_file(&p) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(io_error(&p)(e)),
            _ => Ok(()),
        },
        Location::Remote(url) => remote::delete(&url),
    }
}

/// Deletes a folder and everything in it.
pub fn delete_dir(path: &Path) -> Result<(), StorageError> {
    match Location::parse(path)? {
        Location::Local(p) => match fs::remove_dir_all(&p) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(io_error(&p)(e)),
            _ => Ok(()),
        },
        Location::Remote(url) => {
            for key in remote::list_all(&url)? {
                remote::delete(&url.with_key(&key))?;
            }
            Ok(())
        }
    }
}

/// Creates a local folder (and its parents); a bucket has no folders to create.
pub fn create_dir_all(path: &Path) -> Result<(), StorageError> {
    match Location::parse(path)? {
        Location::Local(p) => fs::create_dir_all(&p).map_err(io_error(&p)),
        Location::Remote(url) => remote::check_bucket(&url),
    }
}

/// The files a glob names (`*`, `?`, `[...]` in the last component only), sorted. A pattern
/// that matches nothing lists empty.
pub fn glob(pattern: &Path) -> Result<Vec<PathBuf>, StorageError> {
    let text = pattern.to_string_lossy();
    let pattern_error = |message: String| StorageError::Pattern {
        pattern: text.to_string(),
        message,
    };
    let (folder, name) = match text.rfind('/') {
        Some(i) => (&text[..i], &text[i + 1..]),
        None => (".", &text[..]),
    };
    let folder = if folder.is_empty() { "/" } else { folder };
    if has_glob(folder) {
        return Err(pattern_error(
            "wildcards are only supported in the last path component".into(),
        ));
    }
    let matcher = glob::Pattern::new(name).map_err(|e| pattern_error(e.to_string()))?;
    let (files, _) = list_dir(Path::new(folder))?;
    Ok(files
        .into_iter()
        .filter(|f| {
            f.file_name()
                .is_some_and(|n| matcher.matches(&n.to_string_lossy()))
        })
        .collect())
}

/// `path` as named from within folder `dir` (a file relative to the file that names it): `path`
/// itself when it is absolute or a URL, else `dir/path`; in a bucket, `.` and `..` are resolved
/// here, since object keys do not resolve them.
pub fn join_relative(dir: &Path, path: &Path) -> Result<PathBuf, StorageError> {
    if path.is_absolute() || is_remote(path) {
        return Ok(path.to_path_buf());
    }
    check(path)?;
    match Location::parse(dir)? {
        Location::Local(dir) => Ok(dir.join(path)),
        Location::Remote(url) => {
            let relative = path.to_string_lossy();
            let mut parts: Vec<&str> = url.key.split('/').filter(|p| !p.is_empty()).collect();
            for part in relative.split('/') {
                match part {
                    "" | "." => {}
                    ".." => {
                        parts.pop();
                    }
                    name => parts.push(name),
                }
            }
            Ok(url.with_key(&parts.join("/")).to_path())
        }
    }
}

/// Whether a path's text holds glob wildcards.
pub fn has_glob(text: &str) -> bool {
    text.contains(['*', '?', '['])
}
