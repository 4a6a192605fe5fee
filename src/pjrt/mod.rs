//! The PJRT runtime: a thin, safe layer over the PJRT C API of a plugin loaded at run time
//! (XLA CPU, CUDA or TPU). It finds and loads the plugin, creates a client, compiles
//! StableHLO text (for its devices, or for a topology of devices that need not be attached:
//! [`Topology`]), moves tensors between host and devices and runs programs on several
//! devices at once, and records device traces with a plugin's profiler ([`DeviceProfiler`]).
//!
//! The C structs are declared by hand in [`ffi`] (checked against the C header by
//! `tests/pjrt_abi.rs`); a function-table slot is used only after checking that the plugin's
//! table has it, so an older plugin gives "plugin API 0.xx has no PJRT_Foo" instead of a crash.
//!
//! Thread safety: [`Client`], [`Executable`] and [`Buffer`] are `Send + Sync`, because the PJRT
//! C++ objects behind them are thread-safe. Lifetimes are enforced by reference counting:
//! each buffer and executable holds its client, and each client holds its [`Plugin`], which
//! is loaded once per process and never unloaded. Execution takes donated buffers by value
//! ([`Arg::Donated`]) so a donated buffer cannot be used again.

mod buffer;
mod client;
mod compile_options;
mod distributed;
mod error;
mod executable;
pub mod ffi;
mod host_memory;
mod kv;
mod named_value;
mod plugin;
mod profiler;
mod topology;

pub use buffer::Buffer;
pub use client::{create_options, Client, ClientOptions, Device, Traffic};
pub use compile_options::{CompileOptions, DeviceAssignment};
pub use distributed::{
    gce_metadata, DistributedError, DistributedRuntime, JoinOptions, ProcessFlags, ProcessGroup,
    COORDINATOR_SECRET_ENV, TPU_COORDINATOR_PORT,
};
pub use error::{ErrorCode, PjrtError, Result};
pub use executable::{Arg, Executable, HostMemoryStats, MemoryStats};
pub use kv::{
    CoordinatorSecret, KvClient, KvError, KvLimits, KvServer, Refusals, SecretError,
    DEFAULT_IO_TIMEOUT, MAX_ENTRY_BYTES,
};
pub use named_value::{NamedValue, Value};
pub use plugin::{
    python_site_dirs, quiet_plugin_logs, ApiVersion, Platform, Plugin, PluginSpec, CPU_PLUGINS,
    PLUGIN_ENV, PROFILER_EXTENSION,
};
pub use profiler::DeviceProfiler;
pub use topology::{CompiledProgram, DeviceDescription, Topology};
