//! Compiled programs and their execution on all their addressable devices at once, with
//! per-argument donation expressed in the types: a donated buffer is moved in and cannot be
//! used again, a borrowed one stays valid. A program of R replicas spans the devices of every
//! process of a run; this process runs (and feeds) only its addressable share, and learns
//! which replica each of its devices is from the executable's device assignment.

use std::sync::Arc;
use std::time::Instant;

use super::buffer::Buffer;
use super::client::ClientInner;
use super::compile_options::{parse_device_assignment, DeviceAssignment};
use super::error::{PjrtError, Result};
use super::ffi::{self, slot};
use super::plugin::Api;

/// One argument of one device.
pub enum Arg<'a> {
    /// Read-only: the buffer stays valid (PJRT is told not to donate it).
    Borrowed(&'a Buffer),
    /// Given to the program: if the parameter aliases an output (`tf.aliasing_output`), the
    /// output reuses its memory; either way the buffer is gone after the call.
    Donated(Buffer),
}

impl Arg<'_> {
    pub fn buffer(&self) -> &Buffer {
        match self {
            Arg::Borrowed(b) => b,
            Arg::Donated(b) => b,
        }
    }
}

/// Compiled memory statistics of one device's program (`xla::CompiledMemoryStats`), in bytes.
/// Plugins that do not fill a field leave it 0 (e.g. `peak_bytes` on older plugins).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct MemoryStats {
    /// Machine code of the compiled program.
    pub generated_code_bytes: i64,
    /// All parameters together.
    pub argument_bytes: i64,
    /// All results together.
    pub output_bytes: i64,
    /// Bytes of outputs that reuse donated arguments (`tf.aliasing_output`).
    pub alias_bytes: i64,
    /// Temporaries the program allocates while it runs (what remat lowers).
    pub temp_bytes: i64,
    /// The compiler's peak estimate, where the plugin reports one.
    pub peak_bytes: i64,
    /// The same figures for host memory (non-zero only when the program offloads to host).
    pub host: HostMemoryStats,
}

/// The host-memory half of [`MemoryStats`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct HostMemoryStats {
    pub generated_code_bytes: i64,
    pub argument_bytes: i64,
    pub output_bytes: i64,
    pub alias_bytes: i64,
    pub temp_bytes: i64,
}

/// A loaded executable. `Send + Sync`; `execute` may be called concurrently.
pub struct Executable {
    raw: *mut ffi::PJRT_LoadedExecutable,
    client: Arc<ClientInner>,
    /// Client device index of each addressable device, in execution order.
    devices: Vec<usize>,
    /// The replica each of `devices` runs.
    replicas: Vec<usize>,
    num_replicas: usize,
    num_partitions: usize,
    num_outputs: usize,
}

impl std::fmt::Debug for Executable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Executable")
            .field("devices", &self.devices)
            .field("replicas", &self.replicas)
            .field("num_replicas", &self.num_replicas)
            .field("num_partitions", &self.num_partitions)
            .field("num_outputs", &self.num_outputs)
            .finish()
    }
}

// SAFETY: PJRT loaded executables are thread-safe; cached fields are immutable.
unsafe impl Send for Executable {}
unsafe impl Sync for Executable {}

impl Executable {
    pub(crate) fn from_raw(
        client: Arc<ClientInner>,
        raw: *mut ffi::PJRT_LoadedExecutable,
    ) -> Result<Executable> {
        // Owned from here on: Drop destroys it if reading its properties fails.
        let mut executable = Executable {
            raw,
            client,
            devices: Vec::new(),
            replicas: Vec::new(),
            num_replicas: 0,
            num_partitions: 0,
            num_outputs: 0,
        };
        let api = executable.client.api();
        let mut devices = ffi::PJRT_LoadedExecutable_AddressableDevices_Args::new();
        devices.executable = raw;
        // SAFETY: `raw` is live; the device array is copied at once.
        unsafe { api.call::<slot::PJRT_LoadedExecutable_AddressableDevices>(&mut devices)? };
        if devices.num_addressable_devices > 0 {
            let handles = unsafe {
                std::slice::from_raw_parts(
                    devices.addressable_devices,
                    devices.num_addressable_devices,
                )
            };
            for &handle in handles {
                executable
                    .devices
                    .push(executable.client.device_index(handle)?);
            }
        }

        let (replicas, partitions, outputs) = executable.with_view(|api, view| {
            let mut replicas = ffi::PJRT_Executable_NumReplicas_Args::new();
            replicas.executable = view;
            // SAFETY (all three): `view` is live for the duration of the closure.
            unsafe { api.call::<slot::PJRT_Executable_NumReplicas>(&mut replicas)? };
            let mut partitions = ffi::PJRT_Executable_NumPartitions_Args::new();
            partitions.executable = view;
            unsafe { api.call::<slot::PJRT_Executable_NumPartitions>(&mut partitions)? };
            let mut outputs = ffi::PJRT_Executable_NumOutputs_Args::new();
            outputs.executable = view;
            unsafe { api.call::<slot::PJRT_Executable_NumOutputs>(&mut outputs)? };
            Ok((
                replicas.num_replicas,
                partitions.num_partitions,
                outputs.num_outputs,
            ))
        })?;
        executable.num_replicas = replicas;
        executable.num_partitions = partitions;
        executable.num_outputs = outputs;
        executable.replicas = executable.replicas_of_devices()?;
        Ok(executable)
    }

    /// The replica of each addressable device, from the executable's device assignment. A
    /// plugin that cannot report it (no `PJRT_LoadedExecutable_GetDeviceAssignment`, or not
    /// implemented) is trusted only where it addresses every device of the program (one
    /// process), in XLA's order: replica by replica.
    fn replicas_of_devices(&self) -> Result<Vec<usize>> {
        let assignment = match self.device_assignment() {
            Err(e) if self.devices.len() == self.num_replicas * self.num_partitions => {
                tracing::debug!("assuming replica-major device order: {e}");
                return Ok((0..self.devices.len())
                    .map(|d| d / self.num_partitions)
                    .collect());
            }
            other => other?,
        };
        self.devices
            .iter()
            .map(|&d| {
                let id = self.client.devices[d].id as i64;
                assignment
                    .device_ids
                    .iter()
                    .position(|row| row.contains(&id))
                    .ok_or_else(|| {
                        PjrtError::InvalidArguments(format!(
                            "the executable runs on device {id}, which its device assignment \
                             {:?} does not list",
                            assignment.device_ids
                        ))
                    })
            })
            .collect()
    }

    /// Global device ids by `[replica][partition]`, as the plugin placed the program.
    pub fn device_assignment(&self) -> Result<DeviceAssignment> {
        let api = self.client.api();
        let mut args = ffi::PJRT_LoadedExecutable_GetDeviceAssignment_Args::new();
        args.executable = self.raw;
        // SAFETY: `self.raw` is live; the returned bytes live until the deleter is called,
        // which happens once, after they were parsed.
        unsafe { api.call::<slot::PJRT_LoadedExecutable_GetDeviceAssignment>(&mut args)? };
        let bytes = unsafe {
            std::slice::from_raw_parts(
                args.serialized_bytes.cast::<u8>(),
                args.serialized_bytes_size,
            )
        };
        let parsed = parse_device_assignment(bytes);
        if let Some(delete) = args.serialized_device_assignment_deleter {
            unsafe { delete(args.serialized_device_assignment) };
        }
        parsed
    }

    /// Runs `f` on the plugin's `PJRT_Executable` view of this loaded executable, destroying
    /// the view afterwards whatever `f` returns.
    fn with_view<T>(
        &self,
        f: impl FnOnce(&Api, *mut ffi::PJRT_Executable) -> Result<T>,
    ) -> Result<T> {
        let api = self.client.api();
        let mut get = ffi::PJRT_LoadedExecutable_GetExecutable_Args::new();
        get.loaded_executable = self.raw;
        // SAFETY: `self.raw` is live; the view it returns is destroyed exactly once below.
        unsafe { api.call::<slot::PJRT_LoadedExecutable_GetExecutable>(&mut get)? };
        let view = get.executable;
        let result = f(api, view);
        let mut destroy = ffi::PJRT_Executable_Destroy_Args::new();
        destroy.executable = view;
        let destroyed = unsafe { api.call::<slot::PJRT_Executable_Destroy>(&mut destroy) };
        let value = result?;
        destroyed?;
        Ok(value)
    }

    /// XLA's compiled memory statistics of the program (per device), as the compiler planned
    /// them: what `jax.jit(f).lower(...).compile().memory_analysis()` reports. Fails with
    /// `MissingFunction` on a plugin whose API has no `PJRT_Executable_GetCompiledMemoryStats`.
    pub fn memory_stats(&self) -> Result<MemoryStats> {
        self.with_view(compiled_memory_stats)
    }

    pub fn num_replicas(&self) -> usize {
        self.num_replicas
    }

    pub fn num_partitions(&self) -> usize {
        self.num_partitions
    }

    /// Outputs per device.
    pub fn num_outputs(&self) -> usize {
        self.num_outputs
    }

    /// The devices the program runs on in this process (indices into `Client::devices`), in
    /// the order `execute` takes and returns per-device lists. In a multi-process run these are
    /// fewer than [`num_replicas`](Self::num_replicas): the other processes run the rest.
    pub fn devices(&self) -> &[usize] {
        &self.devices
    }

    /// The replica each of [`devices`](Self::devices) runs (ascending where the plugin lists
    /// its devices in replica order, as XLA's clients do).
    pub fn replicas(&self) -> &[usize] {
        &self.replicas
    }

    /// Runs the program on all its addressable devices. `args[d][i]` is parameter `i` on device
    /// `devices()[d]`; the result is `outputs[d][k]`. Waits for the devices to finish, so
    /// execution errors are returned here.
    ///
    /// A parameter index that is borrowed on any device is not donated on any device (PJRT
    /// takes one non-donatable list for all devices); donated buffers are consumed regardless.
    pub fn execute(&self, args: Vec<Vec<Arg<'_>>>) -> Result<Vec<Vec<Buffer>>> {
        let num_devices = self.devices.len();
        if args.len() != num_devices {
            return Err(PjrtError::InvalidArguments(format!(
                "the program runs on {num_devices} devices, got argument lists for {}",
                args.len()
            )));
        }
        let num_args = args.first().map_or(0, Vec::len);
        for (d, device_args) in args.iter().enumerate() {
            if device_args.len() != num_args {
                return Err(PjrtError::InvalidArguments(format!(
                    "device 0 has {num_args} arguments but device {d} has {}",
                    device_args.len()
                )));
            }
            for (i, arg) in device_args.iter().enumerate() {
                let on = arg.buffer().device_index();
                if on != self.devices[d] {
                    return Err(PjrtError::InvalidArguments(format!(
                        "argument {i} for device {} lives on device {on}",
                        self.devices[d]
                    )));
                }
            }
        }
        let non_donatable: Vec<i64> = (0..num_args)
            .filter(|&i| args.iter().any(|a| matches!(a[i], Arg::Borrowed(_))))
            .map(|i| i as i64)
            .collect();

        let argument_arrays: Vec<Vec<*mut ffi::PJRT_Buffer>> = args
            .iter()
            .map(|device_args| device_args.iter().map(|a| a.buffer().raw()).collect())
            .collect();
        let argument_lists: Vec<*const *mut ffi::PJRT_Buffer> =
            argument_arrays.iter().map(|a| a.as_ptr()).collect();
        let mut output_arrays: Vec<Vec<*mut ffi::PJRT_Buffer>> =
            vec![vec![std::ptr::null_mut(); self.num_outputs]; num_devices];
        let output_lists: Vec<*mut *mut ffi::PJRT_Buffer> =
            output_arrays.iter_mut().map(|a| a.as_mut_ptr()).collect();
        let mut complete_events: Vec<*mut ffi::PJRT_Event> =
            vec![std::ptr::null_mut(); num_devices];

        let mut options = ffi::PJRT_ExecuteOptions::new();
        options.non_donatable_input_indices = non_donatable.as_ptr();
        options.num_non_donatable_input_indices = non_donatable.len();
        let mut execute = ffi::PJRT_LoadedExecutable_Execute_Args::new();
        execute.executable = self.raw;
        execute.options = &mut options;
        execute.argument_lists = argument_lists.as_ptr();
        execute.num_devices = num_devices;
        execute.num_args = num_args;
        execute.output_lists = output_lists.as_ptr();
        execute.device_complete_events = complete_events.as_mut_ptr();

        let api = self.client.api();
        let start = Instant::now();
        // SAFETY: every array has the sizes given; argument buffers are alive (borrowed or
        // owned by `args`) until after the call; output slots are written by the plugin.
        unsafe { api.call::<slot::PJRT_LoadedExecutable_Execute>(&mut execute)? };
        drop(output_lists);

        // Take ownership of every output first, so none leaks whatever fails next.
        let mut owned: Vec<Vec<Option<Buffer>>> = Vec::with_capacity(num_devices);
        let mut first_error = None;
        for (d, outputs) in output_arrays.iter().enumerate() {
            let mut row = Vec::with_capacity(outputs.len());
            for &raw in outputs {
                if raw.is_null() {
                    row.push(None);
                    continue;
                }
                match Buffer::from_raw(self.client.clone(), raw, self.devices[d]) {
                    Ok(buffer) => row.push(Some(buffer)),
                    Err(e) => {
                        first_error.get_or_insert(e);
                        row.push(None);
                    }
                }
            }
            owned.push(row);
        }
        for event in complete_events {
            if let Err(e) = api.await_event(event) {
                first_error.get_or_insert(e);
            }
        }
        self.client.traffic.executed(start.elapsed());
        // Donated inputs were consumed by the call; their handles are released here.
        drop(args);
        if let Some(e) = first_error {
            return Err(e);
        }
        owned
            .into_iter()
            .map(|row| {
                row.into_iter()
                    .map(|b| {
                        b.ok_or_else(|| {
                            PjrtError::InvalidArguments(
                                "the plugin returned no output buffer".into(),
                            )
                        })
                    })
                    .collect()
            })
            .collect()
    }
}

impl Drop for Executable {
    fn drop(&mut self) {
        let mut args = ffi::PJRT_LoadedExecutable_Destroy_Args::new();
        args.executable = self.raw;
        // SAFETY: we own the executable and destroy it exactly once.
        let destroyed = unsafe {
            self.client
                .api()
                .call::<slot::PJRT_LoadedExecutable_Destroy>(&mut args)
        };
        if let Err(e) = destroyed {
            tracing::warn!("destroying PJRT executable: {e}");
        }
    }
}

/// The compiled memory statistics of an executable (loaded or not).
pub(crate) fn compiled_memory_stats(
    api: &Api,
    executable: *mut ffi::PJRT_Executable,
) -> Result<MemoryStats> {
    let mut args = ffi::PJRT_Executable_GetCompiledMemoryStats_Args::new();
    args.executable = executable;
    // SAFETY: `executable` is live; the plugin only writes the integer fields.
    unsafe { api.call::<slot::PJRT_Executable_GetCompiledMemoryStats>(&mut args)? };
    Ok(MemoryStats {
        generated_code_bytes: args.generated_code_size_in_bytes,
        argument_bytes: args.argument_size_in_bytes,
        output_bytes: args.output_size_in_bytes,
        alias_bytes: args.alias_size_in_bytes,
        temp_bytes: args.temp_size_in_bytes,
        peak_bytes: args.peak_memory_in_bytes,
        host: HostMemoryStats {
            generated_code_bytes: args.host_generated_code_size_in_bytes,
            argument_bytes: args.host_argument_size_in_bytes,
            output_bytes: args.host_output_size_in_bytes,
            alias_bytes: args.host_alias_size_in_bytes,
            temp_bytes: args.host_temp_size_in_bytes,
        },
    })
}
