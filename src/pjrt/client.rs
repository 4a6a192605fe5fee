//! A PJRT client: created from a plugin with platform-appropriate options, it knows its
//! addressable devices (and how many devices the whole run has), uploads host tensors and
//! compiles StableHLO programs. A client created for a process group that does not span the
//! group's processes (a plugin without multi-process clients) is refused: each process would
//! silently train on its own.

use std::ffi::{c_char, c_void};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use crate::tensor::HostTensor;

use super::buffer::{self, Buffer};
use super::compile_options::{self, CompileOptions, DeviceAssignment};
use super::distributed::{DistributedRuntime, ProcessGroup};
use super::error::{PjrtError, Result};
use super::executable::Executable;
use super::ffi::{self, slot};
use super::named_value::{self, NamedValue, Value};
use super::plugin::{string_from_raw, Api, Platform, Plugin};
use super::topology::read_description;

/// Options for [`Client::new`].
#[derive(Clone, Debug, Default)]
pub struct ClientOptions {
    /// Number of virtual devices of a CPU plugin (ignored, with a warning, by other platforms).
    pub cpu_device_count: Option<i64>,
}

/// One addressable device of a client.
#[derive(Debug)]
pub struct Device {
    /// Global device id (what device assignments refer to).
    pub id: i32,
    pub kind: String,
    pub local_hardware_id: i32,
    /// The process that addresses this device (ours, for an addressable device).
    pub process_index: i32,
    pub(crate) raw: *mut ffi::PJRT_Device,
}

// SAFETY: a device handle is an immutable plugin object owned by its client.
unsafe impl Send for Device {}
unsafe impl Sync for Device {}

/// The plugin-side client with what we read from it once. Buffers and executables hold an
/// `Arc` of it, so the client is destroyed only after the last of them.
pub(crate) struct ClientInner {
    pub(crate) raw: *mut ffi::PJRT_Client,
    pub(crate) plugin: Arc<Plugin>,
    pub(crate) devices: Vec<Device>,
    /// Devices of all processes of the run (`PJRT_Client_Devices`), addressable or not.
    global_device_count: usize,
    platform_name: String,
    platform_version: String,
    process_index: i32,
    pub(crate) traffic: TrafficCounters,
    /// The key-value store a multi-process client calls back into; dropped after the client.
    distributed: Option<Arc<DistributedRuntime>>,
}

/// What went between host and devices through this client so far, and what it compiled (see
/// [`Client::traffic`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Traffic {
    /// Bytes copied from host tensors to device buffers.
    pub to_device_bytes: u64,
    /// Bytes copied from device buffers to host tensors.
    pub to_host_bytes: u64,
    /// Program executions (one per `execute` call, however many devices it runs on).
    pub executions: u64,
    /// Wall time spent inside `execute` (launch until every device finished).
    pub execute_time: Duration,
    /// Programs compiled (successful `compile` calls).
    pub compiles: u64,
}

impl std::ops::Add for Traffic {
    type Output = Traffic;
    fn add(self, more: Traffic) -> Traffic {
        Traffic {
            to_device_bytes: self.to_device_bytes + more.to_device_bytes,
            to_host_bytes: self.to_host_bytes + more.to_host_bytes,
            executions: self.executions + more.executions,
            execute_time: self.execute_time + more.execute_time,
            compiles: self.compiles + more.compiles,
        }
    }
}

impl std::ops::Sub for Traffic {
    type Output = Traffic;
    fn sub(self, earlier: Traffic) -> Traffic {
        Traffic {
            to_device_bytes: self.to_device_bytes - earlier.to_device_bytes,
            to_host_bytes: self.to_host_bytes - earlier.to_host_bytes,
            executions: self.executions - earlier.executions,
            execute_time: self.execute_time - earlier.execute_time,
            compiles: self.compiles - earlier.compiles,
        }
    }
}

/// The counters behind [`Traffic`], shared by the client's buffers and executables.
#[derive(Debug, Default)]
pub(crate) struct TrafficCounters {
    to_device_bytes: AtomicU64,
    to_host_bytes: AtomicU64,
    executions: AtomicU64,
    execute_nanos: AtomicU64,
    compiles: AtomicU64,
}

impl TrafficCounters {
    pub(crate) fn to_host(&self, bytes: usize) {
        self.to_host_bytes
            .fetch_add(bytes as u64, Ordering::Relaxed);
    }

    pub(crate) fn executed(&self, took: Duration) {
        self.executions.fetch_add(1, Ordering::Relaxed);
        self.execute_nanos
            .fetch_add(took.as_nanos() as u64, Ordering::Relaxed);
    }

    fn snapshot(&self) -> Traffic {
        Traffic {
            to_device_bytes: self.to_device_bytes.load(Ordering::Relaxed),
            to_host_bytes: self.to_host_bytes.load(Ordering::Relaxed),
            executions: self.executions.load(Ordering::Relaxed),
            execute_time: Duration::from_nanos(self.execute_nanos.load(Ordering::Relaxed)),
            compiles: self.compiles.load(Ordering::Relaxed),
        }
    }
}

// SAFETY: PJRT clients are thread-safe C++ objects; the cached fields are immutable.
unsafe impl Send for ClientInner {}
unsafe impl Sync for ClientInner {}

impl ClientInner {
    pub(crate) fn api(&self) -> &Api {
        self.plugin.api()
    }

    /// Index into `devices` of a plugin device handle.
    pub(crate) fn device_index(&self, raw: *mut ffi::PJRT_Device) -> Result<usize> {
        self.devices
            .iter()
            .position(|d| d.raw == raw)
            .ok_or_else(|| PjrtError::InvalidArguments("plugin returned an unknown device".into()))
    }
}

impl Drop for ClientInner {
    fn drop(&mut self) {
        let mut args = ffi::PJRT_Client_Destroy_Args::new();
        args.client = self.raw;
        // SAFETY: the client is live, and nothing that uses it outlives this (see above).
        if let Err(e) = unsafe { self.api().call::<slot::PJRT_Client_Destroy>(&mut args) } {
            tracing::warn!("destroying PJRT client: {e}");
        }
    }
}

/// A PJRT client. Cheap to clone (shared handle); `Send + Sync`.
#[derive(Clone)]
pub struct Client {
    pub(crate) inner: Arc<ClientInner>,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("plugin", &self.inner.plugin)
            .field("platform", &self.inner.platform_name)
            .field("devices", &self.inner.devices.len())
            .finish()
    }
}

/// The platform's client create options (name, int64 value). Newer plugins reject names they
/// do not know, so each platform gets only its own: CPU its virtual device count; CUDA its
/// node id and node count when several processes share the run; TPU none (libtpu finds its
/// hosts itself). A plugin of unknown platform gets none.
pub fn create_options(
    platform: Option<Platform>,
    options: &ClientOptions,
    group: &ProcessGroup,
) -> Vec<(&'static str, i64)> {
    let mut named = Vec::new();
    match platform {
        Some(Platform::Cpu) => {
            if let Some(count) = options.cpu_device_count {
                named.push(("cpu_device_count", count));
            }
        }
        Some(Platform::Cuda) if group.is_multi_process() => {
            named.push(("node_id", group.process_id as i64));
            named.push(("num_nodes", group.num_processes as i64));
        }
        Some(Platform::Cuda | Platform::Tpu) | None => {}
    }
    if let (Some(count), false) = (options.cpu_device_count, platform == Some(Platform::Cpu)) {
        tracing::warn!("ignoring cpu_device_count={count}: the plugin is not a known CPU plugin");
    }
    named
}

impl Client {
    pub fn new(plugin: Arc<Plugin>, options: ClientOptions) -> Result<Client> {
        Self::create(plugin, options, None)
    }

    /// One process's client of a multi-process run: created with the platform's node options
    /// and the runtime's key-value store, which the client keeps alive.
    pub fn new_multi_process(
        plugin: Arc<Plugin>,
        options: ClientOptions,
        runtime: Arc<DistributedRuntime>,
    ) -> Result<Client> {
        Self::create(plugin, options, Some(runtime))
    }

    fn create(
        plugin: Arc<Plugin>,
        options: ClientOptions,
        runtime: Option<Arc<DistributedRuntime>>,
    ) -> Result<Client> {
        if plugin.platform() == Some(super::Platform::Cpu) {
            super::host_memory::keep_freed_memory();
        }
        let api = plugin.api();
        let group = runtime
            .as_ref()
            .map_or_else(ProcessGroup::single, |r| r.group().clone());
        let options: Vec<NamedValue> = create_options(plugin.platform(), &options, &group)
            .into_iter()
            .map(|(name, number)| NamedValue::new(name, Value::Int(number)))
            .collect();
        let named_values = named_value::to_ffi(&options);
        let mut args = ffi::PJRT_Client_Create_Args::new();
        args.create_options = named_values.as_ptr();
        args.num_options = named_values.len();
        if let Some(runtime) = &runtime {
            runtime.install_callbacks(&mut args);
        }
        // SAFETY: the options point into `named_values` and static strings, alive for the call;
        // the key-value callbacks' runtime is kept by `ClientInner` as long as the client.
        unsafe { api.call::<slot::PJRT_Client_Create>(&mut args)? };
        let raw = args.client;

        // From here on the client is owned by `ClientInner`, whose Drop destroys it.
        let mut inner = ClientInner {
            raw,
            plugin: plugin.clone(),
            devices: Vec::new(),
            global_device_count: 0,
            platform_name: String::new(),
            platform_version: String::new(),
            process_index: 0,
            traffic: TrafficCounters::default(),
            distributed: runtime,
        };
        let mut name = ffi::PJRT_Client_PlatformName_Args::new();
        name.client = raw;
        // SAFETY (this and the calls below): `raw` is the live client just created; returned
        // strings and arrays are owned by the client and copied before it can go away.
        unsafe { api.call::<slot::PJRT_Client_PlatformName>(&mut name)? };
        inner.platform_name =
            unsafe { string_from_raw(name.platform_name, name.platform_name_size) };

        let mut version = ffi::PJRT_Client_PlatformVersion_Args::new();
        version.client = raw;
        unsafe { api.call::<slot::PJRT_Client_PlatformVersion>(&mut version)? };
        inner.platform_version =
            unsafe { string_from_raw(version.platform_version, version.platform_version_size) };

        let mut process = ffi::PJRT_Client_ProcessIndex_Args::new();
        process.client = raw;
        unsafe { api.call::<slot::PJRT_Client_ProcessIndex>(&mut process)? };
        inner.process_index = process.process_index;

        let mut devices = ffi::PJRT_Client_AddressableDevices_Args::new();
        devices.client = raw;
        unsafe { api.call::<slot::PJRT_Client_AddressableDevices>(&mut devices)? };
        let handles: Vec<*mut ffi::PJRT_Device> = if devices.num_addressable_devices == 0 {
            Vec::new()
        } else {
            unsafe {
                std::slice::from_raw_parts(
                    devices.addressable_devices,
                    devices.num_addressable_devices,
                )
            }
            .to_vec()
        };
        for handle in handles {
            inner.devices.push(describe_device(api, handle)?);
        }

        let mut all = ffi::PJRT_Client_Devices_Args::new();
        all.client = raw;
        unsafe { api.call::<slot::PJRT_Client_Devices>(&mut all)? };
        inner.global_device_count = all.num_devices;
        check_joined(
            &group,
            inner.process_index,
            inner.devices.len(),
            inner.global_device_count,
        )
        .map_err(
            |(reported_process, addressable, global)| PjrtError::NotMultiProcess {
                plugin: plugin.path().to_path_buf(),
                platform: inner.platform_name.clone(),
                process_id: group.process_id,
                num_processes: group.num_processes,
                group_source: group.source.clone(),
                reported_process,
                addressable,
                global,
            },
        )?;
        Ok(Client {
            inner: Arc::new(inner),
        })
    }

    pub fn plugin(&self) -> &Arc<Plugin> {
        &self.inner.plugin
    }

    pub fn platform_name(&self) -> &str {
        &self.inner.platform_name
    }

    pub fn platform_version(&self) -> &str {
        &self.inner.platform_version
    }

    pub fn process_index(&self) -> i32 {
        self.inner.process_index
    }

    /// The process group this client was created in ([`ProcessGroup::single`] unless created
    /// by [`Client::new_multi_process`]). Its `process_id` is ours, whether or not the plugin
    /// itself supports multi-process clients (then [`Client::process_index`] stays 0).
    pub fn process_group(&self) -> ProcessGroup {
        self.inner
            .distributed
            .as_ref()
            .map_or_else(ProcessGroup::single, |runtime| runtime.group().clone())
    }

    /// Addressable devices, in the plugin's order; buffers and executables refer to devices
    /// by index into this slice.
    pub fn devices(&self) -> &[Device] {
        &self.inner.devices
    }

    /// Devices of every process of the run: the replicas a data-parallel program spans.
    /// Equals `devices().len()` in a single-process run.
    pub fn global_device_count(&self) -> usize {
        self.inner.global_device_count
    }

    /// Host↔device copies, executions and compiles through this client so far; the difference
    /// of two snapshots is what happened in between (benchmarks use it to show that a train step
    /// moves only its batch and metrics, never parameters; tests, that bad input fails before
    /// anything is compiled).
    pub fn traffic(&self) -> Traffic {
        self.inner.traffic.snapshot()
    }

    /// Copies a host tensor to device `device_index` (an index into [`devices`](Self::devices)).
    pub fn buffer_from_host(&self, tensor: &HostTensor, device_index: usize) -> Result<Buffer> {
        let device = self
            .inner
            .devices
            .get(device_index)
            .ok_or(PjrtError::NoSuchDevice {
                index: device_index,
                count: self.inner.devices.len(),
            })?;
        let expected = crate::tensor::element_count(&tensor.shape) * tensor.dtype.size_bytes();
        if tensor.data.len() != expected {
            return Err(PjrtError::InvalidArguments(format!(
                "host tensor {}{:?} holds {} bytes, expected {expected}",
                tensor.dtype,
                tensor.shape,
                tensor.data.len()
            )));
        }
        let api = self.inner.api();
        let mut args = ffi::PJRT_Client_BufferFromHostBuffer_Args::new();
        args.client = self.inner.raw;
        args.data = tensor.data.as_ptr().cast::<c_void>();
        args.type_ = buffer::element_type(tensor.dtype);
        args.dims = tensor.shape.as_ptr();
        args.num_dims = tensor.shape.len();
        args.host_buffer_semantics = ffi::PJRT_HostBufferSemantics_kImmutableOnlyDuringCall;
        args.device = device.raw;
        // SAFETY: data, dims and device stay valid for the call; with "immutable only during
        // call" the plugin copies the data before returning.
        unsafe { api.call::<slot::PJRT_Client_BufferFromHostBuffer>(&mut args)? };
        let buffer = Buffer::from_raw(self.inner.clone(), args.buffer, device_index);
        let done = api.await_event(args.done_with_host_buffer);
        let buffer = buffer?;
        done?;
        self.inner
            .traffic
            .to_device_bytes
            .fetch_add(expected as u64, Ordering::Relaxed);
        Ok(buffer)
    }

    /// Compiles a StableHLO / MHLO module given as MLIR text. Compiler errors come back as
    /// [`PjrtError::Call`] with the compiler's message.
    ///
    /// A program of one replica and one partition without a device assignment runs on this
    /// process's first addressable device: the plugin's default would be global device 0,
    /// which only process 0 of a multi-process run can address (JAX places single-device
    /// programs explicitly too). Several replicas keep the plugin's default assignment, which
    /// spans the devices of all processes; each process then runs its addressable share.
    pub fn compile(&self, mlir_text: &str, options: &CompileOptions) -> Result<Executable> {
        let single_device = options.num_replicas == 1 && options.num_partitions == 1;
        let serialized = match (&options.device_assignment, self.inner.devices.first()) {
            (None, Some(first)) if single_device => compile_options::serialize(&CompileOptions {
                device_assignment: Some(DeviceAssignment {
                    device_ids: vec![vec![first.id as i64]],
                }),
                ..options.clone()
            })?,
            _ => compile_options::serialize(options)?,
        };
        let mut code = mlir_text.as_bytes().to_vec();
        let program = mlir_program(&mut code);
        let mut args = ffi::PJRT_Client_Compile_Args::new();
        args.client = self.inner.raw;
        args.program = &program;
        args.compile_options = serialized.as_ptr().cast::<c_char>();
        args.compile_options_size = serialized.len();
        // SAFETY: program text and options outlive the call; the plugin does not keep them.
        unsafe {
            self.inner
                .api()
                .call::<slot::PJRT_Client_Compile>(&mut args)?
        };
        let executable = Executable::from_raw(self.inner.clone(), args.executable)?;
        let compiles = self.inner.traffic.compiles.fetch_add(1, Ordering::Relaxed) + 1;
        tracing::debug!("compiled program {compiles} of this client");
        Ok(executable)
    }
}

fn describe_device(api: &Api, raw: *mut ffi::PJRT_Device) -> Result<Device> {
    let mut description = ffi::PJRT_Device_GetDescription_Args::new();
    description.device = raw;
    // SAFETY (both calls): `raw` is a live device of a live client.
    unsafe { api.call::<slot::PJRT_Device_GetDescription>(&mut description)? };
    let described = read_description(api, description.device_description)?;
    let mut hardware = ffi::PJRT_Device_LocalHardwareId_Args::new();
    hardware.device = raw;
    unsafe { api.call::<slot::PJRT_Device_LocalHardwareId>(&mut hardware)? };
    Ok(Device {
        id: described.id,
        kind: described.kind,
        local_hardware_id: hardware.local_hardware_id,
        process_index: described.process_index,
        raw,
    })
}

/// The C form of a StableHLO program given as MLIR text (`code` must outlive its use).
pub(crate) fn mlir_program(code: &mut [u8]) -> ffi::PJRT_Program {
    const FORMAT: &str = "mlir";
    let mut program = ffi::PJRT_Program::new();
    program.code = code.as_mut_ptr().cast::<c_char>();
    program.code_size = code.len();
    program.format = FORMAT.as_ptr().cast::<c_char>();
    program.format_size = FORMAT.len();
    program
}

/// Whether a client of process `group.process_id` that reports `client_process` as its
/// process index, `addressable` devices of its own and `global` in all really spans the
/// group: in a group of several processes it must be that process and see devices it cannot
/// address (the other processes'). Otherwise `(client_process, addressable, global)`.
fn check_joined(
    group: &ProcessGroup,
    client_process: i32,
    addressable: usize,
    global: usize,
) -> std::result::Result<(), (i32, usize, usize)> {
    let joined = !group.is_multi_process()
        || (client_process as usize == group.process_id && global > addressable);
    match joined {
        true => Ok(()),
        false => Err((client_process, addressable, global)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn group(process_id: usize, num_processes: usize) -> ProcessGroup {
        ProcessGroup {
            process_id,
            num_processes,
            coordinator: Some("h:1".into()),
            source: "flags".into(),
            secret: None,
        }
    }

    #[test]
    fn a_client_that_does_not_span_its_group_is_refused() {
        // One process: whatever the plugin says.
        assert_eq!(check_joined(&ProcessGroup::single(), 0, 4, 4), Ok(()));
        // 2 processes × 2 devices, joined: each sees 4 devices, addresses 2, knows its index.
        assert_eq!(check_joined(&group(0, 2), 0, 2, 4), Ok(()));
        assert_eq!(check_joined(&group(1, 2), 1, 2, 4), Ok(()));
        // The CPU plugin ignores the key-value store: process 1 gets a client of its own
        // (process 0, its own devices only), and process 0 looks right but sees no others.
        assert_eq!(check_joined(&group(1, 2), 0, 2, 2), Err((0, 2, 2)));
        assert_eq!(check_joined(&group(0, 2), 0, 2, 2), Err((0, 2, 2)));
        // A wrong process index alone is enough.
        assert_eq!(check_joined(&group(1, 2), 0, 2, 4), Err((0, 2, 4)));
    }
}
