//! Hand-declared subset of the PJRT C API (`xla/pjrt/c/pjrt_c_api.h`, version 0.81): only the
//! argument structs and function-table slots this crate calls. Names follow the C header so
//! each declaration can be checked against it; `tests/pjrt_abi.rs` compiles a C probe against
//! the real header and compares every size and offset listed by [`declared_layout`].
//!
//! The function table (`PJRT_Api`) is not declared as one struct: a plugin may be older or
//! newer than our header, so slots are read by index after checking the plugin's own
//! `struct_size` (see [`Slot`] and `plugin::Api`).
#![allow(non_camel_case_types, non_snake_case, non_upper_case_globals)]

use std::ffi::{c_char, c_int, c_void};
use std::mem::{offset_of, size_of};

/// Opaque plugin-side objects.
pub enum PJRT_Error {}
pub enum PJRT_Client {}
pub enum PJRT_Device {}
pub enum PJRT_DeviceDescription {}
pub enum PJRT_Event {}
pub enum PJRT_Executable {}
pub enum PJRT_LoadedExecutable {}
pub enum PJRT_Buffer {}
pub enum PJRT_DeviceAssignmentSerialized {}
pub enum PJRT_TopologyDescription {}

/// C enums are `int`-sized on every ABI PJRT plugins ship for.
pub type PJRT_Error_Code = c_int;
pub type PJRT_NamedValue_Type = c_int;
pub type PJRT_Buffer_Type = c_int;
pub type PJRT_HostBufferSemantics = c_int;
pub type PJRT_Extension_Type = c_int;

/// The extension that holds a [`PLUGIN_Profiler_Api`] ([`PJRT_Profiler_Extension`]).
pub const PJRT_Extension_Type_Profiler: PJRT_Extension_Type = 1;

pub const PJRT_NamedValue_kString: PJRT_NamedValue_Type = 0;
pub const PJRT_NamedValue_kInt64: PJRT_NamedValue_Type = 1;
pub const PJRT_NamedValue_kInt64List: PJRT_NamedValue_Type = 2;
pub const PJRT_NamedValue_kFloat: PJRT_NamedValue_Type = 3;
pub const PJRT_NamedValue_kBool: PJRT_NamedValue_Type = 4;

pub const PJRT_Buffer_Type_PRED: PJRT_Buffer_Type = 1;
pub const PJRT_Buffer_Type_S32: PJRT_Buffer_Type = 4;
pub const PJRT_Buffer_Type_S64: PJRT_Buffer_Type = 5;
pub const PJRT_Buffer_Type_U8: PJRT_Buffer_Type = 6;
pub const PJRT_Buffer_Type_U32: PJRT_Buffer_Type = 8;
pub const PJRT_Buffer_Type_F16: PJRT_Buffer_Type = 10;
pub const PJRT_Buffer_Type_F32: PJRT_Buffer_Type = 11;
pub const PJRT_Buffer_Type_F64: PJRT_Buffer_Type = 12;
pub const PJRT_Buffer_Type_BF16: PJRT_Buffer_Type = 13;

/// The plugin copies the host data before `BufferFromHostBuffer` returns.
pub const PJRT_HostBufferSemantics_kImmutableOnlyDuringCall: PJRT_HostBufferSemantics = 0;

/// Every argument struct: `#[repr(C)]`, zero-initialised by `new()` with `struct_size` set to
/// the C header's `<name>_STRUCT_SIZE` (offset of the last field plus its size).
pub trait CStruct: Sized {
    const STRUCT_SIZE: usize;
}

/// One line of the layout the ABI test checks: `PJRT_X` (sizeof), `PJRT_X_STRUCT_SIZE` (the
/// header's constant), `PJRT_X.field` (offsetof) or `PJRT_X.field:size` (sizeof the field).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LayoutEntry {
    pub name: String,
    pub value: usize,
}

macro_rules! c_field_name {
    ($field:ident) => {
        stringify!($field)
    };
    ($field:ident $cname:literal) => {
        $cname
    };
}

/// Declares `#[repr(C)]` argument structs with their `CStruct` size and a zeroing `new()`.
macro_rules! c_structs {
    ($(
        $(#[$meta:meta])*
        pub struct $name:ident { $( $(#[$fmeta:meta])* $field:ident $(= $cname:literal)? : $ty:ty ),* $(,)? }
    )*) => {
        $(
            $(#[$meta])*
            #[repr(C)]
            pub struct $name { $( $(#[$fmeta])* pub $field: $ty ),* }

            impl CStruct for $name {
                const STRUCT_SIZE: usize = {
                    let mut end = 0;
                    $(
                        let field_end = offset_of!($name, $field) + size_of::<$ty>();
                        if field_end > end { end = field_end; }
                    )*
                    end
                };
            }

            // `new` is not a meaningful default: it stamps the struct size the plugin checks.
            #[allow(clippy::new_without_default)]
            impl $name {
                pub fn new() -> Self {
                    // SAFETY: every field is an integer, a raw pointer, an `Option` of a
                    // function pointer or a union of those, for which all-zero bytes are a
                    // valid value (null / 0 / None / false).
                    let mut value: Self = unsafe { std::mem::MaybeUninit::zeroed().assume_init() };
                    value.struct_size = <Self as CStruct>::STRUCT_SIZE;
                    value
                }
            }
        )*
    };
}

/// [`c_structs!`] for the structs of `pjrt_c_api.h`, plus [`declared_layout`] listing them for
/// the ABI test.
macro_rules! checked_c_structs {
    ($(
        $(#[$meta:meta])*
        pub struct $name:ident { $( $(#[$fmeta:meta])* $field:ident $(= $cname:literal)? : $ty:ty ),* $(,)? }
    )*) => {
        c_structs! {
            $(
                $(#[$meta])*
                pub struct $name { $( $(#[$fmeta])* $field $(= $cname)? : $ty ),* }
            )*
        }

        /// Sizes, `_STRUCT_SIZE` constants and field offsets of every struct declared here,
        /// plus the offsets of every function-table slot we use and the extension type we look for.
        pub fn declared_layout() -> Vec<LayoutEntry> {
            let mut entries = Vec::new();
            $(
                let c_name = stringify!($name);
                entries.push(LayoutEntry { name: c_name.to_string(), value: size_of::<$name>() });
                entries.push(LayoutEntry {
                    name: format!("{c_name}_STRUCT_SIZE"),
                    value: <$name as CStruct>::STRUCT_SIZE,
                });
                $(
                    let field = c_field_name!($field $($cname)?);
                    entries.push(LayoutEntry {
                        name: format!("{c_name}.{field}"),
                        value: offset_of!($name, $field),
                    });
                    entries.push(LayoutEntry {
                        name: format!("{c_name}.{field}:size"),
                        value: size_of::<$ty>(),
                    });
                )*
            )*
            entries.push(LayoutEntry { name: "PJRT_Api.struct_size".into(), value: offset_of!(PJRT_Api_Header, struct_size) });
            entries.push(LayoutEntry { name: "PJRT_Api.extension_start".into(), value: offset_of!(PJRT_Api_Header, extension_start) });
            entries.push(LayoutEntry { name: "PJRT_Api.pjrt_api_version".into(), value: offset_of!(PJRT_Api_Header, pjrt_api_version) });
            for (name, offset) in slot::used_slots() {
                entries.push(LayoutEntry { name: format!("PJRT_Api.{name}"), value: offset });
            }
            entries.push(LayoutEntry {
                name: "PJRT_Extension_Type_Profiler".into(),
                value: PJRT_Extension_Type_Profiler as usize,
            });
            entries
        }
    };
}

/// What the plugin gives a key-value callback to turn a failure into a `PJRT_Error`.
pub type PJRT_CallbackError =
    unsafe extern "C" fn(PJRT_Error_Code, *const c_char, usize) -> *mut PJRT_Error;
/// Frees a value a get / try-get callback returned (the C header has one typedef per callback,
/// both with this signature).
pub type PJRT_KeyValue_ValueDeleter = unsafe extern "C" fn(*mut c_char);
/// The key-value store callbacks a multi-process client is created with.
pub type PJRT_KeyValueGetCallback =
    unsafe extern "C" fn(*mut PJRT_KeyValueGetCallback_Args) -> *mut PJRT_Error;
pub type PJRT_KeyValueTryGetCallback =
    unsafe extern "C" fn(*mut PJRT_KeyValueTryGetCallback_Args) -> *mut PJRT_Error;
pub type PJRT_KeyValuePutCallback =
    unsafe extern "C" fn(*mut PJRT_KeyValuePutCallback_Args) -> *mut PJRT_Error;

/// Value of a `PJRT_NamedValue` (an anonymous union in C).
#[repr(C)]
#[derive(Clone, Copy)]
pub union PJRT_NamedValue_Value {
    pub string_value: *const c_char,
    pub int64_value: i64,
    pub int64_array_value: *const i64,
    pub float_value: f32,
    pub bool_value: bool,
}

/// The fixed head of `PJRT_Api`; the function pointers follow it (see [`Slot`]).
#[repr(C)]
pub struct PJRT_Api_Header {
    pub struct_size: usize,
    pub extension_start: *mut c_void,
    pub pjrt_api_version: PJRT_Api_Version,
}

checked_c_structs! {
    /// One extension a plugin offers; `PJRT_Api.extension_start` points to the first, each
    /// to the next.
    pub struct PJRT_Extension_Base {
        struct_size: usize,
        kind = "type": PJRT_Extension_Type,
        next: *const PJRT_Extension_Base,
    }

    pub struct PJRT_Api_Version {
        struct_size: usize,
        extension_start: *mut c_void,
        major_version: c_int,
        minor_version: c_int,
    }

    pub struct PJRT_Error_Destroy_Args {
        struct_size: usize,
        extension_start: *mut c_void,
        error: *mut PJRT_Error,
    }

    pub struct PJRT_Error_Message_Args {
        struct_size: usize,
        extension_start: *mut c_void,
        error: *const PJRT_Error,
        message: *const c_char,
        message_size: usize,
    }

    pub struct PJRT_Error_GetCode_Args {
        struct_size: usize,
        extension_start: *mut c_void,
        error: *const PJRT_Error,
        code: PJRT_Error_Code,
    }

    pub struct PJRT_NamedValue {
        struct_size: usize,
        extension_start: *mut c_void,
        name: *const c_char,
        name_size: usize,
        value_type = "type": PJRT_NamedValue_Type,
        value = "int64_value": PJRT_NamedValue_Value,
        value_size: usize,
    }

    pub struct PJRT_Plugin_Initialize_Args {
        struct_size: usize,
        extension_start: *mut c_void,
    }

    pub struct PJRT_Event_Destroy_Args {
        struct_size: usize,
        extension_start: *mut c_void,
        event: *mut PJRT_Event,
    }

    pub struct PJRT_Event_Await_Args {
        struct_size: usize,
        extension_start: *mut c_void,
        event: *mut PJRT_Event,
    }

    pub struct PJRT_Client_Create_Args {
        struct_size: usize,
        extension_start: *mut c_void,
        create_options: *const PJRT_NamedValue,
        num_options: usize,
        kv_get_callback: Option<PJRT_KeyValueGetCallback>,
        kv_get_user_arg: *mut c_void,
        kv_put_callback: Option<PJRT_KeyValuePutCallback>,
        kv_put_user_arg: *mut c_void,
        client: *mut PJRT_Client,
        kv_try_get_callback: Option<PJRT_KeyValueTryGetCallback>,
        kv_try_get_user_arg: *mut c_void,
    }

    pub struct PJRT_KeyValueGetCallback_Args {
        struct_size: usize,
        extension_start: *mut c_void,
        key: *const c_char,
        key_size: usize,
        timeout_in_ms: c_int,
        callback_error: *const Option<PJRT_CallbackError>,
        user_arg: *mut c_void,
        value: *mut c_char,
        value_size: usize,
        value_deleter_callback: Option<PJRT_KeyValue_ValueDeleter>,
    }

    pub struct PJRT_KeyValueTryGetCallback_Args {
        struct_size: usize,
        extension_start: *mut c_void,
        key: *const c_char,
        key_size: usize,
        callback_error: *const Option<PJRT_CallbackError>,
        user_arg: *mut c_void,
        value: *mut c_char,
        value_size: usize,
        value_deleter_callback: Option<PJRT_KeyValue_ValueDeleter>,
    }

    pub struct PJRT_KeyValuePutCallback_Args {
        struct_size: usize,
        extension_start: *mut c_void,
        key: *const c_char,
        key_size: usize,
        value: *const c_char,
        value_size: usize,
        callback_error: *const Option<PJRT_CallbackError>,
        user_arg: *mut c_void,
    }

    pub struct PJRT_Client_Destroy_Args {
        struct_size: usize,
        extension_start: *mut c_void,
        client: *mut PJRT_Client,
    }

    pub struct PJRT_Client_PlatformName_Args {
        struct_size: usize,
        extension_start: *mut c_void,
        client: *mut PJRT_Client,
        platform_name: *const c_char,
        platform_name_size: usize,
    }

    pub struct PJRT_Client_ProcessIndex_Args {
        struct_size: usize,
        extension_start: *mut c_void,
        client: *mut PJRT_Client,
        process_index: c_int,
    }

    pub struct PJRT_Client_PlatformVersion_Args {
        struct_size: usize,
        extension_start: *mut c_void,
        client: *mut PJRT_Client,
        platform_version: *const c_char,
        platform_version_size: usize,
    }

    pub struct PJRT_Client_Devices_Args {
        struct_size: usize,
        extension_start: *mut c_void,
        client: *mut PJRT_Client,
        devices: *const *mut PJRT_Device,
        num_devices: usize,
    }

    pub struct PJRT_Client_AddressableDevices_Args {
        struct_size: usize,
        extension_start: *mut c_void,
        client: *mut PJRT_Client,
        addressable_devices: *const *mut PJRT_Device,
        num_addressable_devices: usize,
    }

    pub struct PJRT_Program {
        struct_size: usize,
        extension_start: *mut c_void,
        code: *mut c_char,
        code_size: usize,
        format: *const c_char,
        format_size: usize,
    }

    pub struct PJRT_Client_Compile_Args {
        struct_size: usize,
        extension_start: *mut c_void,
        client: *mut PJRT_Client,
        program: *const PJRT_Program,
        compile_options: *const c_char,
        compile_options_size: usize,
        executable: *mut PJRT_LoadedExecutable,
    }

    pub struct PJRT_Client_BufferFromHostBuffer_Args {
        struct_size: usize,
        extension_start: *mut c_void,
        client: *mut PJRT_Client,
        data: *const c_void,
        type_ = "type": PJRT_Buffer_Type,
        dims: *const i64,
        num_dims: usize,
        byte_strides: *const i64,
        num_byte_strides: usize,
        host_buffer_semantics: PJRT_HostBufferSemantics,
        device: *mut PJRT_Device,
        memory: *mut c_void,
        device_layout: *mut c_void,
        done_with_host_buffer: *mut PJRT_Event,
        buffer: *mut PJRT_Buffer,
    }

    pub struct PJRT_DeviceDescription_Id_Args {
        struct_size: usize,
        extension_start: *mut c_void,
        device_description: *mut PJRT_DeviceDescription,
        id: c_int,
    }

    pub struct PJRT_DeviceDescription_ProcessIndex_Args {
        struct_size: usize,
        extension_start: *mut c_void,
        device_description: *mut PJRT_DeviceDescription,
        process_index: c_int,
    }

    pub struct PJRT_DeviceDescription_Kind_Args {
        struct_size: usize,
        extension_start: *mut c_void,
        device_description: *mut PJRT_DeviceDescription,
        device_kind: *const c_char,
        device_kind_size: usize,
    }

    pub struct PJRT_DeviceDescription_Attributes_Args {
        struct_size: usize,
        extension_start: *mut c_void,
        device_description: *mut PJRT_DeviceDescription,
        num_attributes: usize,
        attributes: *const PJRT_NamedValue,
    }

    pub struct PJRT_TopologyDescription_Create_Args {
        struct_size: usize,
        extension_start: *mut c_void,
        topology_name: *const c_char,
        topology_name_size: usize,
        create_options: *const PJRT_NamedValue,
        num_options: usize,
        topology: *mut PJRT_TopologyDescription,
    }

    pub struct PJRT_TopologyDescription_Destroy_Args {
        struct_size: usize,
        extension_start: *mut c_void,
        topology: *mut PJRT_TopologyDescription,
    }

    pub struct PJRT_TopologyDescription_PlatformName_Args {
        struct_size: usize,
        extension_start: *mut c_void,
        topology: *const PJRT_TopologyDescription,
        platform_name: *const c_char,
        platform_name_size: usize,
    }

    pub struct PJRT_TopologyDescription_PlatformVersion_Args {
        struct_size: usize,
        extension_start: *mut c_void,
        topology: *mut PJRT_TopologyDescription,
        platform_version: *const c_char,
        platform_version_size: usize,
    }

    pub struct PJRT_TopologyDescription_GetDeviceDescriptions_Args {
        struct_size: usize,
        extension_start: *mut c_void,
        topology: *const PJRT_TopologyDescription,
        descriptions: *const *mut PJRT_DeviceDescription,
        num_descriptions: usize,
    }

    /// Compiles against a topology, with no client needed: an unloaded executable.
    pub struct PJRT_Compile_Args {
        struct_size: usize,
        extension_start: *mut c_void,
        topology: *const PJRT_TopologyDescription,
        program: *const PJRT_Program,
        compile_options: *const c_char,
        compile_options_size: usize,
        client: *mut PJRT_Client,
        executable: *mut PJRT_Executable,
    }

    pub struct PJRT_Executable_GetCostAnalysis_Args {
        struct_size: usize,
        extension_start: *mut c_void,
        executable: *mut PJRT_Executable,
        num_properties: usize,
        properties: *const PJRT_NamedValue,
    }

    pub struct PJRT_Device_GetDescription_Args {
        struct_size: usize,
        extension_start: *mut c_void,
        device: *mut PJRT_Device,
        device_description: *mut PJRT_DeviceDescription,
    }

    pub struct PJRT_Device_LocalHardwareId_Args {
        struct_size: usize,
        extension_start: *mut c_void,
        device: *mut PJRT_Device,
        local_hardware_id: c_int,
    }

    pub struct PJRT_Executable_Destroy_Args {
        struct_size: usize,
        extension_start: *mut c_void,
        executable: *mut PJRT_Executable,
    }

    pub struct PJRT_Executable_NumReplicas_Args {
        struct_size: usize,
        extension_start: *mut c_void,
        executable: *mut PJRT_Executable,
        num_replicas: usize,
    }

    pub struct PJRT_Executable_NumPartitions_Args {
        struct_size: usize,
        extension_start: *mut c_void,
        executable: *mut PJRT_Executable,
        num_partitions: usize,
    }

    pub struct PJRT_Executable_NumOutputs_Args {
        struct_size: usize,
        extension_start: *mut c_void,
        executable: *mut PJRT_Executable,
        num_outputs: usize,
    }

    /// Mirrors `xla::CompiledMemoryStats`: default memory (HBM, or RAM on CPU) and host memory.
    pub struct PJRT_Executable_GetCompiledMemoryStats_Args {
        struct_size: usize,
        extension_start: *mut c_void,
        executable: *mut PJRT_Executable,
        generated_code_size_in_bytes: i64,
        argument_size_in_bytes: i64,
        output_size_in_bytes: i64,
        alias_size_in_bytes: i64,
        temp_size_in_bytes: i64,
        host_generated_code_size_in_bytes: i64,
        host_argument_size_in_bytes: i64,
        host_output_size_in_bytes: i64,
        host_alias_size_in_bytes: i64,
        host_temp_size_in_bytes: i64,
        peak_memory_in_bytes: i64,
    }

    pub struct PJRT_LoadedExecutable_Destroy_Args {
        struct_size: usize,
        extension_start: *mut c_void,
        executable: *mut PJRT_LoadedExecutable,
    }

    pub struct PJRT_LoadedExecutable_GetExecutable_Args {
        struct_size: usize,
        extension_start: *mut c_void,
        loaded_executable: *mut PJRT_LoadedExecutable,
        executable: *mut PJRT_Executable,
    }

    pub struct PJRT_LoadedExecutable_AddressableDevices_Args {
        struct_size: usize,
        extension_start: *mut c_void,
        executable: *mut PJRT_LoadedExecutable,
        addressable_devices: *const *mut PJRT_Device,
        num_addressable_devices: usize,
    }

    pub struct PJRT_LoadedExecutable_GetDeviceAssignment_Args {
        struct_size: usize,
        extension_start: *mut c_void,
        executable: *mut PJRT_LoadedExecutable,
        /// A serialised `DeviceAssignmentProto`, alive until the deleter is called.
        serialized_bytes: *const c_char,
        serialized_bytes_size: usize,
        serialized_device_assignment: *mut PJRT_DeviceAssignmentSerialized,
        serialized_device_assignment_deleter:
            Option<unsafe extern "C" fn(*mut PJRT_DeviceAssignmentSerialized)>,
    }

    pub struct PJRT_ExecuteOptions {
        struct_size: usize,
        extension_start: *mut c_void,
        send_callbacks: *mut c_void,
        recv_callbacks: *mut c_void,
        num_send_ops: usize,
        num_recv_ops: usize,
        launch_id: c_int,
        non_donatable_input_indices: *const i64,
        num_non_donatable_input_indices: usize,
        context: *mut c_void,
        call_location: *const c_char,
        num_tasks: usize,
        task_ids: *mut c_int,
        incarnation_ids: *mut i64,
    }

    pub struct PJRT_LoadedExecutable_Execute_Args {
        struct_size: usize,
        extension_start: *mut c_void,
        executable: *mut PJRT_LoadedExecutable,
        options: *mut PJRT_ExecuteOptions,
        /// One array of `num_args` buffers per device: `PJRT_Buffer* const* const*`.
        argument_lists: *const *const *mut PJRT_Buffer,
        num_devices: usize,
        num_args: usize,
        /// One caller-allocated array of `num_outputs` slots per device.
        output_lists: *const *mut *mut PJRT_Buffer,
        device_complete_events: *mut *mut PJRT_Event,
        execute_device: *mut PJRT_Device,
    }

    pub struct PJRT_Buffer_Destroy_Args {
        struct_size: usize,
        extension_start: *mut c_void,
        buffer: *mut PJRT_Buffer,
    }

    pub struct PJRT_Buffer_ElementType_Args {
        struct_size: usize,
        extension_start: *mut c_void,
        buffer: *mut PJRT_Buffer,
        type_ = "type": PJRT_Buffer_Type,
    }

    pub struct PJRT_Buffer_Dimensions_Args {
        struct_size: usize,
        extension_start: *mut c_void,
        buffer: *mut PJRT_Buffer,
        dims: *const i64,
        num_dims: usize,
    }

    pub struct PJRT_Buffer_ToHostBuffer_Args {
        struct_size: usize,
        extension_start: *mut c_void,
        src: *mut PJRT_Buffer,
        host_layout: *mut c_void,
        dst: *mut c_void,
        dst_size: usize,
        event: *mut PJRT_Event,
    }

    pub struct PJRT_Buffer_ReadyEvent_Args {
        struct_size: usize,
        extension_start: *mut c_void,
        buffer: *mut PJRT_Buffer,
        event: *mut PJRT_Event,
    }

    pub struct PJRT_Buffer_UnsafePointer_Args {
        struct_size: usize,
        extension_start: *mut c_void,
        buffer: *mut PJRT_Buffer,
        buffer_pointer: usize,
    }
}

/// A profiling session of a plugin's profiler (`PLUGIN_Profiler` in `profiler_c_api.h`).
pub enum PLUGIN_Profiler {}
/// A failure the profiler API reports; it has its own accessors in [`PLUGIN_Profiler_Api`].
pub enum PLUGIN_Profiler_Error {}

pub type PLUGIN_Profiler_Fallible<A> = unsafe extern "C" fn(*mut A) -> *mut PLUGIN_Profiler_Error;

// The profiler extension: `xla/pjrt/c/pjrt_c_api_profiler_extension.h` (extension version 1) and
// the API it points to, `xla/backends/profiler/plugin/profiler_c_api.h` (`PLUGIN_PROFILER_VERSION`
// 1). No pinned wheel ships these headers, so the ABI test cannot probe them; `pjrt::profiler`
// checks the sizes the plugin's own extension and API report against these before use, and
// `tests/tpu_compile.rs` runs libtpu's and the CUDA plugin's profilers through them.
c_structs! {
    /// `PJRT_Profiler_Extension`: an [`PJRT_Extension_Base`] head, then the API.
    pub struct PJRT_Profiler_Extension {
        struct_size: usize,
        kind = "type": PJRT_Extension_Type,
        next: *const PJRT_Extension_Base,
        /// Null when the extension only carries `traceme_context_id` as an argument extension.
        profiler_api: *const PLUGIN_Profiler_Api,
        traceme_context_id: i64,
    }

    pub struct PLUGIN_Profiler_Api {
        struct_size: usize,
        priv_ = "priv": *mut c_void,
        error_destroy: Option<unsafe extern "C" fn(*mut PLUGIN_Profiler_Error_Destroy_Args)>,
        error_message: Option<unsafe extern "C" fn(*mut PLUGIN_Profiler_Error_Message_Args)>,
        error_get_code: Option<PLUGIN_Profiler_Fallible<PLUGIN_Profiler_Error_GetCode_Args>>,
        create: Option<PLUGIN_Profiler_Fallible<PLUGIN_Profiler_Create_Args>>,
        destroy: Option<PLUGIN_Profiler_Fallible<PLUGIN_Profiler_Destroy_Args>>,
        start: Option<PLUGIN_Profiler_Fallible<PLUGIN_Profiler_Start_Args>>,
        stop: Option<PLUGIN_Profiler_Fallible<PLUGIN_Profiler_Stop_Args>>,
        collect_data: Option<PLUGIN_Profiler_Fallible<PLUGIN_Profiler_CollectData_Args>>,
    }

    pub struct PLUGIN_Profiler_Error_Destroy_Args {
        struct_size: usize,
        priv_ = "priv": *mut c_void,
        error: *mut PLUGIN_Profiler_Error,
    }

    pub struct PLUGIN_Profiler_Error_Message_Args {
        struct_size: usize,
        priv_ = "priv": *mut c_void,
        error: *const PLUGIN_Profiler_Error,
        message: *const c_char,
        message_size: usize,
    }

    pub struct PLUGIN_Profiler_Error_GetCode_Args {
        struct_size: usize,
        priv_ = "priv": *mut c_void,
        error: *const PLUGIN_Profiler_Error,
        code: c_int,
    }

    /// `options`: a serialised `tensorflow.ProfileOptions`, or empty.
    pub struct PLUGIN_Profiler_Create_Args {
        struct_size: usize,
        options: *const c_char,
        options_size: usize,
        profiler: *mut PLUGIN_Profiler,
    }

    pub struct PLUGIN_Profiler_Destroy_Args {
        struct_size: usize,
        profiler: *mut PLUGIN_Profiler,
    }

    pub struct PLUGIN_Profiler_Start_Args {
        struct_size: usize,
        profiler: *mut PLUGIN_Profiler,
    }

    pub struct PLUGIN_Profiler_Stop_Args {
        struct_size: usize,
        profiler: *mut PLUGIN_Profiler,
    }

    /// Called with a null `buffer`: the size, and (in XLA's plugins) the plugin's own buffer.
    pub struct PLUGIN_Profiler_CollectData_Args {
        struct_size: usize,
        profiler: *mut PLUGIN_Profiler,
        buffer: *mut u8,
        buffer_size_in_bytes: usize,
    }
}

/// A function-table slot: its position among the function pointers that follow
/// [`PJRT_Api_Header`], its C name and its exact function-pointer type.
///
/// # Safety
/// `INDEX` must be the slot's position in the C header's `PJRT_Api` and `Fn` its signature.
pub unsafe trait Slot {
    const NAME: &'static str;
    const INDEX: usize;
    type Fn: Copy;

    /// Byte offset of the slot inside `PJRT_Api`.
    fn offset() -> usize {
        size_of::<PJRT_Api_Header>() + Self::INDEX * size_of::<*const c_void>()
    }
}

/// Slot markers, named as in the C header. Indices come from the order of
/// `_PJRT_API_STRUCT_FIELD` lines in `PJRT_Api`; the ABI test checks each offset.
pub mod slot {
    use super::*;

    /// Signature shared by every PJRT function that can fail.
    pub type Fallible<A> = unsafe extern "C" fn(*mut A) -> *mut PJRT_Error;

    macro_rules! slots {
        ($( $name:ident = $index:literal : $fn:ty ;)*) => {
            $(
                pub struct $name;
                // SAFETY: index and signature transcribed from pjrt_c_api.h, verified by
                // tests/pjrt_abi.rs.
                unsafe impl Slot for $name {
                    const NAME: &'static str = stringify!($name);
                    const INDEX: usize = $index;
                    type Fn = $fn;
                }
            )*

            pub fn used_slots() -> Vec<(&'static str, usize)> {
                vec![$( (stringify!($name), <$name as Slot>::offset()) ),*]
            }
        };
    }

    slots! {
        PJRT_Error_Destroy = 0: unsafe extern "C" fn(*mut PJRT_Error_Destroy_Args);
        PJRT_Error_Message = 1: unsafe extern "C" fn(*mut PJRT_Error_Message_Args);
        PJRT_Error_GetCode = 2: Fallible<PJRT_Error_GetCode_Args>;
        PJRT_Plugin_Initialize = 3: Fallible<PJRT_Plugin_Initialize_Args>;
        PJRT_Event_Destroy = 5: Fallible<PJRT_Event_Destroy_Args>;
        PJRT_Event_Await = 8: Fallible<PJRT_Event_Await_Args>;
        PJRT_Client_Create = 10: Fallible<PJRT_Client_Create_Args>;
        PJRT_Client_Destroy = 11: Fallible<PJRT_Client_Destroy_Args>;
        PJRT_Client_PlatformName = 12: Fallible<PJRT_Client_PlatformName_Args>;
        PJRT_Client_ProcessIndex = 13: Fallible<PJRT_Client_ProcessIndex_Args>;
        PJRT_Client_PlatformVersion = 14: Fallible<PJRT_Client_PlatformVersion_Args>;
        PJRT_Client_Devices = 15: Fallible<PJRT_Client_Devices_Args>;
        PJRT_Client_AddressableDevices = 16: Fallible<PJRT_Client_AddressableDevices_Args>;
        PJRT_Client_Compile = 20: Fallible<PJRT_Client_Compile_Args>;
        PJRT_Client_BufferFromHostBuffer = 22: Fallible<PJRT_Client_BufferFromHostBuffer_Args>;
        PJRT_DeviceDescription_Id = 23: Fallible<PJRT_DeviceDescription_Id_Args>;
        PJRT_DeviceDescription_ProcessIndex = 24: Fallible<PJRT_DeviceDescription_ProcessIndex_Args>;
        PJRT_DeviceDescription_Attributes = 25: Fallible<PJRT_DeviceDescription_Attributes_Args>;
        PJRT_DeviceDescription_Kind = 26: Fallible<PJRT_DeviceDescription_Kind_Args>;
        PJRT_Device_GetDescription = 29: Fallible<PJRT_Device_GetDescription_Args>;
        PJRT_Device_LocalHardwareId = 31: Fallible<PJRT_Device_LocalHardwareId_Args>;
        PJRT_Executable_Destroy = 40: Fallible<PJRT_Executable_Destroy_Args>;
        PJRT_Executable_NumReplicas = 42: Fallible<PJRT_Executable_NumReplicas_Args>;
        PJRT_Executable_NumPartitions = 43: Fallible<PJRT_Executable_NumPartitions_Args>;
        PJRT_Executable_NumOutputs = 44: Fallible<PJRT_Executable_NumOutputs_Args>;
        PJRT_Executable_GetCostAnalysis = 46: Fallible<PJRT_Executable_GetCostAnalysis_Args>;
        PJRT_LoadedExecutable_Destroy = 50: Fallible<PJRT_LoadedExecutable_Destroy_Args>;
        PJRT_LoadedExecutable_GetExecutable = 51: Fallible<PJRT_LoadedExecutable_GetExecutable_Args>;
        PJRT_LoadedExecutable_AddressableDevices = 52: Fallible<PJRT_LoadedExecutable_AddressableDevices_Args>;
        PJRT_LoadedExecutable_Execute = 55: Fallible<PJRT_LoadedExecutable_Execute_Args>;
        PJRT_Buffer_Destroy = 58: Fallible<PJRT_Buffer_Destroy_Args>;
        PJRT_Buffer_ElementType = 59: Fallible<PJRT_Buffer_ElementType_Args>;
        PJRT_Buffer_Dimensions = 60: Fallible<PJRT_Buffer_Dimensions_Args>;
        PJRT_Buffer_ToHostBuffer = 70: Fallible<PJRT_Buffer_ToHostBuffer_Args>;
        PJRT_Buffer_ReadyEvent = 72: Fallible<PJRT_Buffer_ReadyEvent_Args>;
        PJRT_Buffer_UnsafePointer = 73: Fallible<PJRT_Buffer_UnsafePointer_Args>;
        PJRT_TopologyDescription_Create = 82: Fallible<PJRT_TopologyDescription_Create_Args>;
        PJRT_TopologyDescription_Destroy = 83: Fallible<PJRT_TopologyDescription_Destroy_Args>;
        PJRT_TopologyDescription_PlatformName = 84: Fallible<PJRT_TopologyDescription_PlatformName_Args>;
        PJRT_TopologyDescription_PlatformVersion = 85: Fallible<PJRT_TopologyDescription_PlatformVersion_Args>;
        PJRT_TopologyDescription_GetDeviceDescriptions = 86: Fallible<PJRT_TopologyDescription_GetDeviceDescriptions_Args>;
        PJRT_Compile = 89: Fallible<PJRT_Compile_Args>;
        PJRT_Executable_GetCompiledMemoryStats = 96: Fallible<PJRT_Executable_GetCompiledMemoryStats_Args>;
        PJRT_LoadedExecutable_GetDeviceAssignment = 117: Fallible<PJRT_LoadedExecutable_GetDeviceAssignment_Args>;
    }
}

/// The C entry point every plugin exports.
pub type GetPjrtApiFn = unsafe extern "C" fn() -> *const PJRT_Api_Header;
