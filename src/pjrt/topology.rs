//! Compile-only PJRT: a device topology created by name with no device attached (a TPU slice
//! such as `v4:2x2x1` from libtpu, GPUs described by a `target_config` from the CUDA plugin),
//! the descriptions of its devices, and programs compiled against it (`PJRT_Compile`, no
//! client) into unloaded executables whose compiled memory statistics and cost analysis say
//! what a program needs on that hardware: JAX's deviceless ahead-of-time compilation.

use std::ffi::c_char;
use std::sync::Arc;
use std::time::{Duration, Instant};

use super::compile_options::{self, CompileOptions};
use super::error::Result;
use super::executable::{compiled_memory_stats, MemoryStats};
use super::ffi::{self, slot};
use super::named_value::{self, NamedValue};
use super::plugin::{string_from_raw, Api, Plugin};

/// One device of a topology, as the plugin describes it.
#[derive(Clone, Debug, PartialEq)]
pub struct DeviceDescription {
    /// Global device id (what a compile's device assignment names).
    pub id: i32,
    /// The process (host) that addresses this device in a run on this topology.
    pub process_index: i32,
    pub kind: String,
    /// Platform attributes by name, e.g. TPU `coords`, `core_on_chip` and
    /// `device_memory_bytes_limit` (the HBM the compiler may use).
    pub attributes: Vec<NamedValue>,
}

impl DeviceDescription {
    pub fn attribute(&self, name: &str) -> Option<&named_value::Value> {
        self.attributes
            .iter()
            .find(|a| a.name == name)
            .map(|a| &a.value)
    }

    /// The device memory the compiler may use (`device_memory_bytes_limit`), where the plugin
    /// says.
    pub fn memory_limit_bytes(&self) -> Option<i64> {
        match self.attribute("device_memory_bytes_limit")? {
            named_value::Value::Int(bytes) => Some(*bytes),
            _ => None,
        }
    }
}

/// Reads a plugin's device description: id, process, kind and (where the plugin's API has
/// them) attributes.
pub(crate) fn read_description(
    api: &Api,
    description: *mut ffi::PJRT_DeviceDescription,
) -> Result<DeviceDescription> {
    let mut id = ffi::PJRT_DeviceDescription_Id_Args::new();
    id.device_description = description;
    // SAFETY (all calls here): `description` is live while its client or topology is; the
    // returned strings and values are copied at once.
    unsafe { api.call::<slot::PJRT_DeviceDescription_Id>(&mut id)? };
    let mut kind = ffi::PJRT_DeviceDescription_Kind_Args::new();
    kind.device_description = description;
    unsafe { api.call::<slot::PJRT_DeviceDescription_Kind>(&mut kind)? };
    let mut process = ffi::PJRT_DeviceDescription_ProcessIndex_Args::new();
    process.device_description = description;
    unsafe { api.call::<slot::PJRT_DeviceDescription_ProcessIndex>(&mut process)? };
    let mut attributes = if api.get::<slot::PJRT_DeviceDescription_Attributes>().is_ok() {
        let mut attributes = ffi::PJRT_DeviceDescription_Attributes_Args::new();
        attributes.device_description = description;
        unsafe { api.call::<slot::PJRT_DeviceDescription_Attributes>(&mut attributes)? };
        unsafe { named_value::from_ffi(attributes.attributes, attributes.num_attributes) }
    } else {
        Vec::new()
    };
    // libtpu lists them in no fixed order.
    attributes.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(DeviceDescription {
        id: id.id,
        process_index: process.process_index,
        kind: unsafe { string_from_raw(kind.device_kind, kind.device_kind_size) },
        attributes,
    })
}

/// A topology created by a plugin: devices that need not exist on this machine.
pub struct Topology {
    raw: *mut ffi::PJRT_TopologyDescription,
    plugin: Arc<Plugin>,
    name: String,
    platform_name: String,
    platform_version: String,
    devices: Vec<DeviceDescription>,
}

// SAFETY: a topology description is an immutable plugin object; PJRT_Compile may be called
// from any thread.
unsafe impl Send for Topology {}
unsafe impl Sync for Topology {}

impl std::fmt::Debug for Topology {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Topology")
            .field("name", &self.name)
            .field("platform", &self.platform_name)
            .field("devices", &self.devices.len())
            .finish()
    }
}

impl Topology {
    /// `PJRT_TopologyDescription_Create(name, options)`: what names and options mean is the
    /// plugin's business (libtpu: `v4:2x2x1` with `chip_config_name`; the CUDA plugin:
    /// `1x1x4` with `target_config`).
    pub fn new(plugin: Arc<Plugin>, name: &str, options: &[NamedValue]) -> Result<Topology> {
        let api = plugin.api();
        let c_options = named_value::to_ffi(options);
        let mut args = ffi::PJRT_TopologyDescription_Create_Args::new();
        args.topology_name = name.as_ptr().cast::<c_char>();
        args.topology_name_size = name.len();
        args.create_options = c_options.as_ptr();
        args.num_options = c_options.len();
        // SAFETY: name and options outlive the call; the plugin copies what it keeps.
        unsafe { api.call::<slot::PJRT_TopologyDescription_Create>(&mut args)? };
        // Owned from here on: Drop destroys it if reading its properties fails.
        let mut topology = Topology {
            raw: args.topology,
            plugin: plugin.clone(),
            name: name.to_string(),
            platform_name: String::new(),
            platform_version: String::new(),
            devices: Vec::new(),
        };
        let mut platform = ffi::PJRT_TopologyDescription_PlatformName_Args::new();
        platform.topology = topology.raw;
        // SAFETY (this and below): the topology is live; strings and the description array
        // are owned by it and copied before it can go away.
        unsafe { api.call::<slot::PJRT_TopologyDescription_PlatformName>(&mut platform)? };
        topology.platform_name =
            unsafe { string_from_raw(platform.platform_name, platform.platform_name_size) };
        let mut version = ffi::PJRT_TopologyDescription_PlatformVersion_Args::new();
        version.topology = topology.raw;
        unsafe { api.call::<slot::PJRT_TopologyDescription_PlatformVersion>(&mut version)? };
        topology.platform_version =
            unsafe { string_from_raw(version.platform_version, version.platform_version_size) };
        let mut devices = ffi::PJRT_TopologyDescription_GetDeviceDescriptions_Args::new();
        devices.topology = topology.raw;
        unsafe { api.call::<slot::PJRT_TopologyDescription_GetDeviceDescriptions>(&mut devices)? };
        // The first line names the build; the rest is build detail.
        topology.platform_version = topology
            .platform_version
            .lines()
            .next()
            .unwrap_or_default()
            .to_string();
        if devices.num_descriptions > 0 {
            let handles = unsafe {
                std::slice::from_raw_parts(devices.descriptions, devices.num_descriptions)
            };
            for &handle in handles {
                topology.devices.push(read_description(api, handle)?);
            }
        }
        Ok(topology)
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn platform_name(&self) -> &str {
        &self.platform_name
    }

    pub fn platform_version(&self) -> &str {
        &self.platform_version
    }

    pub fn plugin(&self) -> &Arc<Plugin> {
        &self.plugin
    }

    /// Every device of the topology, in the plugin's order.
    pub fn devices(&self) -> &[DeviceDescription] {
        &self.devices
    }

    /// How many processes (hosts) the topology's devices belong to.
    pub fn process_count(&self) -> usize {
        let processes: std::collections::BTreeSet<i32> =
            self.devices.iter().map(|d| d.process_index).collect();
        processes.len()
    }

    /// Compiles StableHLO text for this topology. Without a device assignment in `options`,
    /// replica `r` runs on the topology's `r`-th device. The compiler's refusal (e.g. "Ran out
    /// of memory in memory space hbm") comes back as [`PjrtError::Call`](super::PjrtError).
    pub fn compile(&self, mlir_text: &str, options: &CompileOptions) -> Result<CompiledProgram> {
        let options = match &options.device_assignment {
            Some(_) => options.clone(),
            None => CompileOptions {
                device_assignment: Some(compile_options::DeviceAssignment {
                    device_ids: self
                        .devices
                        .iter()
                        .take(options.num_replicas * options.num_partitions)
                        .map(|d| i64::from(d.id))
                        .collect::<Vec<_>>()
                        .chunks(options.num_partitions)
                        .map(<[i64]>::to_vec)
                        .collect(),
                }),
                ..options.clone()
            },
        };
        let serialized = compile_options::serialize(&options)?;
        let mut code = mlir_text.as_bytes().to_vec();
        let program = super::client::mlir_program(&mut code);
        let mut args = ffi::PJRT_Compile_Args::new();
        args.topology = self.raw;
        args.program = &program;
        args.compile_options = serialized.as_ptr().cast::<c_char>();
        args.compile_options_size = serialized.len();
        let started = Instant::now();
        // SAFETY: the topology is live; program text and options outlive the call.
        unsafe { self.plugin.api().call::<slot::PJRT_Compile>(&mut args)? };
        Ok(CompiledProgram {
            raw: args.executable,
            plugin: self.plugin.clone(),
            compile_time: started.elapsed(),
        })
    }
}

impl Drop for Topology {
    fn drop(&mut self) {
        let mut args = ffi::PJRT_TopologyDescription_Destroy_Args::new();
        args.topology = self.raw;
        // SAFETY: destroyed exactly once; the executables compiled from it do not refer to it.
        if let Err(e) = unsafe {
            self.plugin
                .api()
                .call::<slot::PJRT_TopologyDescription_Destroy>(&mut args)
        } {
            tracing::warn!("destroying PJRT topology: {e}");
        }
    }
}

/// A program compiled for a topology: it cannot run here, only be measured.
pub struct CompiledProgram {
    raw: *mut ffi::PJRT_Executable,
    plugin: Arc<Plugin>,
    compile_time: Duration,
}

// SAFETY: an unloaded executable is an immutable plugin object.
unsafe impl Send for CompiledProgram {}
unsafe impl Sync for CompiledProgram {}

impl CompiledProgram {
    /// The compiler's memory plan per device.
    pub fn memory_stats(&self) -> Result<MemoryStats> {
        compiled_memory_stats(self.plugin.api(), self.raw)
    }

    /// The compiler's cost analysis (libtpu: `flops`, `bytes accessed`, `optimal_seconds`,
    /// ...), per device, as the plugin names it.
    pub fn cost_analysis(&self) -> Result<Vec<NamedValue>> {
        let mut args = ffi::PJRT_Executable_GetCostAnalysis_Args::new();
        args.executable = self.raw;
        // SAFETY: the executable is live; the properties it returns live as long as it does
        // and are copied at once.
        unsafe {
            self.plugin
                .api()
                .call::<slot::PJRT_Executable_GetCostAnalysis>(&mut args)?;
            Ok(named_value::from_ffi(args.properties, args.num_properties))
        }
    }

    /// Wall time of `PJRT_Compile`.
    pub fn compile_time(&self) -> Duration {
        self.compile_time
    }
}

impl Drop for CompiledProgram {
    fn drop(&mut self) {
        let mut args = ffi::PJRT_Executable_Destroy_Args::new();
        args.executable = self.raw;
        // SAFETY: destroyed exactly once.
        if let Err(e) = unsafe {
            self.plugin
                .api()
                .call::<slot::PJRT_Executable_Destroy>(&mut args)
        } {
            tracing::warn!("destroying a compiled PJRT executable: {e}");
        }
    }
}
