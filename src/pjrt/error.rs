//! Errors of the PJRT layer: plugin discovery and loading, calls the plugin rejected (with
//! the plugin's own message and code), and misuse caught before reaching the plugin.

use std::fmt;
use std::path::PathBuf;

use crate::tensor::{DType, TensorError};

use super::plugin::ApiVersion;

pub type Result<T, E = PjrtError> = std::result::Result<T, E>;

/// A `PJRT_Error_Code` (absl status codes).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ErrorCode(pub i32);

impl ErrorCode {
    pub const UNIMPLEMENTED: ErrorCode = ErrorCode(12);

    pub fn name(self) -> &'static str {
        match self.0 {
            0 => "OK",
            1 => "CANCELLED",
            2 => "UNKNOWN",
            3 => "INVALID_ARGUMENT",
            4 => "DEADLINE_EXCEEDED",
            5 => "NOT_FOUND",
            6 => "ALREADY_EXISTS",
            7 => "PERMISSION_DENIED",
            8 => "RESOURCE_EXHAUSTED",
            9 => "FAILED_PRECONDITION",
            10 => "ABORTED",
            11 => "OUT_OF_RANGE",
            12 => "UNIMPLEMENTED",
            13 => "INTERNAL",
            14 => "UNAVAILABLE",
            15 => "DATA_LOSS",
            16 => "UNAUTHENTICATED",
            _ => "UNRECOGNISED",
        }
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[derive(Debug, thiserror::Error)]
pub enum PjrtError {
    #[error(
        "no PJRT plugin found for `{spec}`; tried:\n{}\ninstall one with: {install}",
        list_paths(.tried)
    )]
    PluginNotFound {
        spec: String,
        tried: Vec<PathBuf>,
        install: String,
    },

    #[error("plugin file {} does not exist", .path.display())]
    PluginFileMissing { path: PathBuf },

    #[error("{} is not a PJRT plugin: {reason}", .path.display())]
    NotAPlugin { path: PathBuf, reason: String },

    #[error("plugin API {version} has no {function}")]
    MissingFunction {
        function: &'static str,
        version: ApiVersion,
    },

    #[error("the plugin {} has no usable PJRT profiler extension: {reason}", .path.display())]
    NoProfiler { path: PathBuf, reason: String },

    #[error("{function} failed ({code}): {message}")]
    Call {
        function: &'static str,
        code: ErrorCode,
        message: String,
    },

    #[error("the plugin returned buffer element type {0}, which siglip does not handle")]
    UnsupportedElementType(i32),

    #[error("device index {index} out of range: the client has {count} addressable devices")]
    NoSuchDevice { index: usize, count: usize },

    #[error("{0}")]
    InvalidArguments(String),

    #[error(
        "the PJRT plugin {} ({platform}) does not join multi-process runs: started as \
         process {process_id} of {num_processes} ({group_source}), its client reports process \
         {reported_process} and only this process's {addressable} device(s) ({global} in all), \
         so each process would train on its own; run one process (without --num-processes or \
         the TPU environment), or use a plugin with multi-process clients (`--plugin cuda` or \
         `tpu`)",
        .plugin.file_name().unwrap_or_default().to_string_lossy()
    )]
    NotMultiProcess {
        /// The plugin file; the message names it, callers add where it was found.
        plugin: PathBuf,
        platform: String,
        process_id: usize,
        num_processes: usize,
        /// Where the process numbers came from (flags, TPU environment).
        group_source: String,
        reported_process: i32,
        addressable: usize,
        global: usize,
    },

    #[error(
        "host buffer of {expected} bytes expected for {dtype}{shape:?}, the plugin wrote {got}"
    )]
    HostSize {
        dtype: DType,
        shape: Vec<i64>,
        expected: usize,
        got: usize,
    },

    #[error(transparent)]
    Tensor(#[from] TensorError),
}

fn list_paths(paths: &[PathBuf]) -> String {
    paths
        .iter()
        .map(|p| format!("  {}", p.display()))
        .collect::<Vec<_>>()
        .join("\n")
}
