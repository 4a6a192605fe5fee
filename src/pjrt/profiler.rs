//! Device traces through a plugin's profiler extension (`PJRT_Profiler_Extension`, whose
//! `PLUGIN_Profiler_Api` libtpu and the CUDA plugin offer): a session created with serialised
//! `tensorflow.ProfileOptions`, started, stopped, and its recording collected as the bytes of an
//! `XSpace` (the plugin's device and host planes), then destroyed.

use std::ffi::c_char;
use std::mem::{offset_of, size_of};
use std::sync::Arc;

use super::error::{ErrorCode, PjrtError, Result};
use super::ffi::{self, CStruct, PLUGIN_Profiler_Api, PLUGIN_Profiler_Fallible};
use super::plugin::{string_from_raw, Plugin, PROFILER_EXTENSION};

/// One profiling session of a plugin's profiler; destroyed when dropped.
pub struct DeviceProfiler {
    api: Functions,
    session: *mut ffi::PLUGIN_Profiler,
    /// Keeps the library (and so `api`) loaded; plugins are never unloaded anyway.
    _plugin: Arc<Plugin>,
}

// SAFETY: a profiler session is a plugin-side object that XLA's plugins lock internally; we
// call it from one thread at a time (`&mut self`).
unsafe impl Send for DeviceProfiler {}

impl DeviceProfiler {
    /// Creates a session of `plugin`'s profiler; `options` is a serialised
    /// `tensorflow.ProfileOptions` (empty: the plugin's defaults).
    pub fn create(plugin: &Arc<Plugin>, options: &[u8]) -> Result<DeviceProfiler> {
        let api = profiler_api(plugin)?;
        let mut args = ffi::PLUGIN_Profiler_Create_Args::new();
        args.options = options.as_ptr().cast::<c_char>();
        args.options_size = options.len();
        // SAFETY: `options` outlives the call, which copies what it keeps.
        unsafe { api.call("PLUGIN_Profiler_Create", api.create, &mut args)? };
        if args.profiler.is_null() {
            return Err(PjrtError::NoProfiler {
                path: plugin.path().to_path_buf(),
                reason: "PLUGIN_Profiler_Create returned no profiler".into(),
            });
        }
        Ok(DeviceProfiler {
            api,
            session: args.profiler,
            _plugin: plugin.clone(),
        })
    }

    pub fn start(&mut self) -> Result<()> {
        let mut args = ffi::PLUGIN_Profiler_Start_Args::new();
        args.profiler = self.session;
        // SAFETY: `session` is live until drop.
        unsafe {
            self.api
                .call("PLUGIN_Profiler_Start", self.api.start, &mut args)
        }
    }

    pub fn stop(&mut self) -> Result<()> {
        let mut args = ffi::PLUGIN_Profiler_Stop_Args::new();
        args.profiler = self.session;
        // SAFETY: as in `start`.
        unsafe {
            self.api
                .call("PLUGIN_Profiler_Stop", self.api.stop, &mut args)
        }
    }

    /// What the stopped session recorded: a serialised `XSpace`, as the plugin gives it (XLA's
    /// plugins append a NUL byte that the header does not mention).
    pub fn collect(&mut self) -> Result<Vec<u8>> {
        let collect = self.api.collect_data;
        let mut args = ffi::PLUGIN_Profiler_CollectData_Args::new();
        args.profiler = self.session;
        // SAFETY: `session` is live; with a null buffer the plugin reports the size and may
        // point `buffer` at its own copy, alive until the session is destroyed.
        unsafe {
            self.api
                .call("PLUGIN_Profiler_CollectData", collect, &mut args)?
        };
        if args.buffer.is_null() && args.buffer_size_in_bytes > 0 {
            // The header's protocol: a second call fills a buffer of the reported size.
            let mut bytes = vec![0u8; args.buffer_size_in_bytes];
            args.buffer = bytes.as_mut_ptr();
            // SAFETY: `bytes` holds the `buffer_size_in_bytes` the plugin asked for.
            unsafe {
                self.api
                    .call("PLUGIN_Profiler_CollectData", collect, &mut args)?
            };
            bytes.truncate(args.buffer_size_in_bytes);
            return Ok(bytes);
        }
        if args.buffer.is_null() {
            return Ok(Vec::new());
        }
        // SAFETY: the plugin's buffer holds `buffer_size_in_bytes` bytes until destroy.
        Ok(unsafe { std::slice::from_raw_parts(args.buffer, args.buffer_size_in_bytes) }.to_vec())
    }
}

impl Drop for DeviceProfiler {
    fn drop(&mut self) {
        let mut args = ffi::PLUGIN_Profiler_Destroy_Args::new();
        args.profiler = self.session;
        // SAFETY: destroys the live session exactly once.
        let destroyed = unsafe {
            self.api
                .call("PLUGIN_Profiler_Destroy", self.api.destroy, &mut args)
        };
        if let Err(error) = destroyed {
            tracing::warn!("destroying the plugin's profiler session: {error}");
        }
    }
}

/// The functions of a plugin's `PLUGIN_Profiler_Api` that we call, each checked to be there.
#[derive(Clone, Copy)]
struct Functions {
    error_destroy: unsafe extern "C" fn(*mut ffi::PLUGIN_Profiler_Error_Destroy_Args),
    error_message: unsafe extern "C" fn(*mut ffi::PLUGIN_Profiler_Error_Message_Args),
    error_get_code: Option<PLUGIN_Profiler_Fallible<ffi::PLUGIN_Profiler_Error_GetCode_Args>>,
    create: PLUGIN_Profiler_Fallible<ffi::PLUGIN_Profiler_Create_Args>,
    destroy: PLUGIN_Profiler_Fallible<ffi::PLUGIN_Profiler_Destroy_Args>,
    start: PLUGIN_Profiler_Fallible<ffi::PLUGIN_Profiler_Start_Args>,
    stop: PLUGIN_Profiler_Fallible<ffi::PLUGIN_Profiler_Stop_Args>,
    collect_data: PLUGIN_Profiler_Fallible<ffi::PLUGIN_Profiler_CollectData_Args>,
}

/// The plugin's profiler functions, after checking that its extension and API are at least as
/// large as the declarations we read them through.
fn profiler_api(plugin: &Plugin) -> Result<Functions> {
    let refuse = |reason: String| PjrtError::NoProfiler {
        path: plugin.path().to_path_buf(),
        reason,
    };
    let extension = plugin.extension(PROFILER_EXTENSION).ok_or_else(|| {
        refuse(format!(
            "its extensions are types {:?} of PJRT_Extension_Type, none the profiler \
             ({PROFILER_EXTENSION})",
            plugin.extension_types()
        ))
    })?;
    let needed = offset_of!(ffi::PJRT_Profiler_Extension, profiler_api) + size_of::<usize>();
    // SAFETY: the extension is static data of the plugin; its own size is read before any
    // field beyond the `PJRT_Extension_Base` head.
    let api = unsafe {
        let size = (*extension).struct_size;
        if size < needed {
            return Err(refuse(format!(
                "its PJRT_Profiler_Extension is {size} bytes, too old to hold a profiler API \
                 ({needed})"
            )));
        }
        (*extension.cast::<ffi::PJRT_Profiler_Extension>()).profiler_api
    };
    if api.is_null() {
        return Err(refuse(
            "its PJRT_Profiler_Extension holds no profiler API".into(),
        ));
    }
    // SAFETY: non-null pointer to the plugin's static API table; its size is checked before
    // the functions are read.
    let api: &PLUGIN_Profiler_Api = unsafe { &*api };
    if api.struct_size < PLUGIN_Profiler_Api::STRUCT_SIZE {
        return Err(refuse(format!(
            "its PLUGIN_Profiler_Api is {} bytes, {} expected",
            api.struct_size,
            PLUGIN_Profiler_Api::STRUCT_SIZE
        )));
    }
    let missing = |name: &str| refuse(format!("its PLUGIN_Profiler_Api has no {name}"));
    Ok(Functions {
        error_destroy: api.error_destroy.ok_or_else(|| missing("error_destroy"))?,
        error_message: api.error_message.ok_or_else(|| missing("error_message"))?,
        error_get_code: api.error_get_code,
        create: api.create.ok_or_else(|| missing("create"))?,
        destroy: api.destroy.ok_or_else(|| missing("destroy"))?,
        start: api.start.ok_or_else(|| missing("start"))?,
        stop: api.stop.ok_or_else(|| missing("stop"))?,
        collect_data: api.collect_data.ok_or_else(|| missing("collect_data"))?,
    })
}

impl Functions {
    /// Calls one profiler function and turns its error (message, code) into a [`PjrtError`],
    /// destroying it.
    ///
    /// # Safety
    /// `args` must hold valid inputs for `function`.
    unsafe fn call<A>(
        &self,
        name: &'static str,
        function: PLUGIN_Profiler_Fallible<A>,
        args: &mut A,
    ) -> Result<()> {
        let error = function(args);
        if error.is_null() {
            return Ok(());
        }
        let mut message = ffi::PLUGIN_Profiler_Error_Message_Args::new();
        message.error = error;
        (self.error_message)(&mut message);
        let message = match message.message.is_null() {
            true => "(the plugin gave no message)".to_string(),
            false => string_from_raw(message.message, message.message_size),
        };
        let mut code = ffi::PLUGIN_Profiler_Error_GetCode_Args::new();
        code.error = error;
        let code = match self.error_get_code.map(|get| get(&mut code)) {
            Some(failed) if failed.is_null() => ErrorCode(code.code),
            _ => ErrorCode(2),
        };
        let mut destroy = ffi::PLUGIN_Profiler_Error_Destroy_Args::new();
        destroy.error = error;
        (self.error_destroy)(&mut destroy);
        Err(PjrtError::Call {
            function: name,
            code,
            message,
        })
    }
}
