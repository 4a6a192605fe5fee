//! Finding a PJRT plugin (`--plugin PATH|cpu|cuda|tpu`, `$SIGLIP_PJRT_PLUGIN`, pip install
//! locations), loading it once per process, and calling its function table safely: every
//! slot is checked against the plugin's own table size before use, and every `PJRT_Error`
//! becomes a [`PjrtError`] carrying the plugin's message.

use std::collections::HashMap;
use std::ffi::c_void;
use std::fmt;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::str::FromStr;
use std::sync::{Arc, Mutex, OnceLock};

use super::error::{ErrorCode, PjrtError, Result};
use super::ffi::{self, slot, Slot};

/// Environment variable consulted when no `--plugin` is given.
pub const PLUGIN_ENV: &str = "SIGLIP_PJRT_PLUGIN";

/// The XLA (absl) logging variable inside plugins and the level that keeps its INFO lines (e.g.
/// "cpu_device_count set via create_options", and absl's "All log messages before
/// absl::InitializeLog()" notice) off the terminal while warnings and errors still print.
/// Checked with the default CPU plugin (fastatomstruct, API 0.106): 1 silences both lines.
const PLUGIN_LOG_LEVEL: (&str, &str) = ("TF_CPP_MIN_LOG_LEVEL", "1");

/// Keeps the plugin's INFO log lines off stderr, unless the user set the level themselves.
/// Must run before a plugin is loaded and before other threads start (it sets an environment
/// variable, which the plugin reads when it first logs).
pub fn quiet_plugin_logs() {
    let (name, level) = PLUGIN_LOG_LEVEL;
    if std::env::var_os(name).is_none() {
        std::env::set_var(name, level);
    }
}

/// Known CPU plugins, best first, as paths inside a site-packages directory, with the pip
/// requirement that installs each.
///
/// The first is the default. The OpenXLA `xla-cpu-pjrt` 0.0.1 wheel (API 0.81) ships the C
/// header but its in-process collectives can deadlock when more virtual devices than cores run
/// large programs (XLA aborts after a 40 s rendezvous timeout: seen with the 4-device
/// benchmark train step on 2 cores, again on 2026-11-27); the newer builds (API 0.106, 0.115)
/// do not. Between those two, speed does not decide: the bench-small step, compiled by each
/// in one process and run interleaved, takes the same time (`lammps-jax-pjrt-cpu` 1.00–1.06×
/// the wall time and 1.00–1.01× the CPU time of `fastatomstruct-xla-cpu`, three runs; the 4-device
/// ring step alike), while `lammps-jax-pjrt-cpu` compiles it in 5.3–5.7 s against 7.8–8.1 s
/// (benches/README.md). `fastatomstruct-xla-cpu` stays first: it installs with its
/// dependencies and is what the test suite has run on.
pub const CPU_PLUGINS: [(&str, &str); 3] = [
    (
        "fastatomstruct_xla_cpu/libpjrt_cpu.so",
        "fastatomstruct-xla-cpu==2026.6.23",
    ),
    (
        "xla_plugins/xla_cpu_pjrt/xla_cpu_pjrt.so",
        "xla-cpu-pjrt==0.0.1",
    ),
    (
        "lammps_jax_pjrt_cpu/pjrt_c_api_cpu_plugin.so",
        "lammps-jax-pjrt-cpu==0.11.2 --no-deps",
    ),
];
/// The CUDA 13 plugin of the `jax-cuda13-pjrt` wheel, pinned as the Makefile's `CUDA_PLUGIN`
/// pins it (JAX 0.10.2's, as libtpu). It finds cuBLAS, cuDNN and NCCL through
/// `$ORIGIN/../nvidia/...`, so the NVIDIA wheels come with it:
/// `jax-cuda13-plugin[with-cuda]` requires both.
pub const CUDA_PLUGIN: (&str, &str) = (
    "jax_plugins/xla_cuda13/xla_cuda_plugin.so",
    "'jax-cuda13-plugin[with-cuda]==0.10.2'",
);
/// libtpu, pinned as the Makefile's `LIBTPU` pins it (the release `jax[tpu]` 0.10.2 requires).
pub const TPU_PLUGIN: (&str, &str) = ("libtpu/libtpu.so", "libtpu==0.0.42.1");

/// Which kind of device a plugin drives, when we can tell from how it was found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Platform {
    Cpu,
    Cuda,
    Tpu,
}

/// What the user asked for: a plugin file, or a platform to look up in pip install locations.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PluginSpec {
    Path(PathBuf),
    Platform(Platform),
}

impl FromStr for PluginSpec {
    type Err = std::convert::Infallible;

    fn from_str(s: &str) -> std::result::Result<Self, Self::Err> {
        Ok(match s {
            "cpu" => PluginSpec::Platform(Platform::Cpu),
            "cuda" | "gpu" => PluginSpec::Platform(Platform::Cuda),
            "tpu" => PluginSpec::Platform(Platform::Tpu),
            path => PluginSpec::Path(PathBuf::from(path)),
        })
    }
}

impl fmt::Display for PluginSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PluginSpec::Path(p) => write!(f, "{}", p.display()),
            PluginSpec::Platform(Platform::Cpu) => f.write_str("cpu"),
            PluginSpec::Platform(Platform::Cuda) => f.write_str("cuda"),
            PluginSpec::Platform(Platform::Tpu) => f.write_str("tpu"),
        }
    }
}

impl PluginSpec {
    /// `--plugin` if given, else `$SIGLIP_PJRT_PLUGIN`, else `cpu`.
    pub fn from_arg_or_env(arg: Option<&str>) -> PluginSpec {
        let chosen = arg
            .map(str::to_owned)
            .or_else(|| std::env::var(PLUGIN_ENV).ok().filter(|v| !v.is_empty()));
        match chosen {
            Some(text) => text.parse().expect("parsing a plugin spec cannot fail"),
            None => PluginSpec::Platform(Platform::Cpu),
        }
    }

    /// The plugin file, searched for in [`python_site_dirs`] for platform specs.
    pub fn resolve(&self) -> Result<PathBuf> {
        self.resolve_in(&python_site_dirs())
    }

    /// Like [`resolve`](Self::resolve), searching only the given site-packages directories.
    pub fn resolve_in(&self, site_dirs: &[PathBuf]) -> Result<PathBuf> {
        let candidates: &[(&str, &str)] = match self {
            PluginSpec::Path(path) if path.is_file() => return Ok(path.clone()),
            PluginSpec::Path(path) if path.exists() => {
                return Err(PjrtError::NotAPlugin {
                    path: path.clone(),
                    reason: "it is not a file".into(),
                })
            }
            PluginSpec::Path(path) => {
                return Err(PjrtError::PluginFileMissing { path: path.clone() })
            }
            PluginSpec::Platform(Platform::Cpu) => &CPU_PLUGINS,
            PluginSpec::Platform(Platform::Cuda) => std::slice::from_ref(&CUDA_PLUGIN),
            PluginSpec::Platform(Platform::Tpu) => std::slice::from_ref(&TPU_PLUGIN),
        };
        let mut tried = Vec::new();
        for (relative, _) in candidates {
            for dir in site_dirs {
                let path = dir.join(relative);
                if path.is_file() {
                    return Ok(path);
                }
                tried.push(path);
            }
        }
        Err(PjrtError::PluginNotFound {
            spec: self.to_string(),
            tried,
            install: format!(
                "python3 -m pip install {}   (or `make {}`)",
                candidates[0].1,
                make_target(self)
            ),
        })
    }

    /// The platform this spec names, or the one a known plugin file name implies.
    fn platform_of(&self, resolved: &Path) -> Option<Platform> {
        match self {
            PluginSpec::Platform(p) => Some(*p),
            PluginSpec::Path(_) => platform_from_file(resolved),
        }
    }
}

/// The Makefile target that installs a platform's plugin.
fn make_target(spec: &PluginSpec) -> &'static str {
    match spec {
        PluginSpec::Platform(Platform::Cuda) => "plugin-cuda",
        PluginSpec::Platform(Platform::Tpu) => "plugin-tpu",
        PluginSpec::Platform(Platform::Cpu) | PluginSpec::Path(_) => "plugin",
    }
}

fn platform_from_file(path: &Path) -> Option<Platform> {
    let ends_with = |relative: &str| path.ends_with(relative);
    if CPU_PLUGINS.iter().any(|(rel, _)| ends_with(rel)) {
        Some(Platform::Cpu)
    } else if ends_with(CUDA_PLUGIN.0) {
        Some(Platform::Cuda)
    } else if ends_with(TPU_PLUGIN.0) {
        Some(Platform::Tpu)
    } else {
        None
    }
}

/// Directories where pip may have put a plugin: the active virtualenv, what `python3` reports
/// (`site.getsitepackages()`, user site, sysconfig purelib/platlib), `./.venv`, `~/.local`,
/// `/usr/local`, `/usr/lib` and pyenv versions. Existing directories only, no duplicates.
pub fn python_site_dirs() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = Vec::new();
    let home = std::env::var_os("HOME").map(PathBuf::from);
    if let Some(venv) = std::env::var_os("VIRTUAL_ENV") {
        dirs.extend(site_packages_under(&PathBuf::from(venv).join("lib")));
    }
    dirs.extend(python_reported_site_dirs());
    dirs.extend(site_packages_under(Path::new(".venv/lib")));
    if let Some(home) = &home {
        dirs.extend(site_packages_under(&home.join(".local/lib")));
    }
    dirs.extend(site_packages_under(Path::new("/usr/local/lib")));
    dirs.push(PathBuf::from("/usr/lib/python3/dist-packages"));
    dirs.extend(site_packages_under(Path::new("/usr/lib")));
    if let Some(home) = &home {
        for version in children(&home.join(".pyenv/versions"), "") {
            dirs.extend(site_packages_under(&version.join("lib")));
        }
    }
    let mut unique = Vec::new();
    for dir in dirs {
        let dir = dir.canonicalize().unwrap_or(dir);
        if dir.is_dir() && !unique.contains(&dir) {
            unique.push(dir);
        }
    }
    unique
}

fn python_reported_site_dirs() -> Vec<PathBuf> {
    const SCRIPT: &str = "import site, sysconfig\n\
        paths = list(getattr(site, 'getsitepackages', lambda: [])())\n\
        paths.append(site.getusersitepackages())\n\
        paths += [sysconfig.get_paths()['purelib'], sysconfig.get_paths()['platlib']]\n\
        print('\\n'.join(paths))";
    match Command::new("python3").args(["-c", SCRIPT]).output() {
        Ok(out) if out.status.success() => String::from_utf8_lossy(&out.stdout)
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(PathBuf::from)
            .collect(),
        _ => Vec::new(),
    }
}

/// `<lib>/python3*/{site,dist}-packages`, newest Python first.
fn site_packages_under(lib: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for python in children(lib, "python3").into_iter().rev() {
        found.push(python.join("site-packages"));
        found.push(python.join("dist-packages"));
    }
    found
}

fn children(dir: &Path, prefix: &str) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut found: Vec<PathBuf> = entries
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().starts_with(prefix))
        .map(|e| e.path())
        .collect();
    found.sort();
    found
}

/// `pjrt_api_version` of a plugin's function table.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct ApiVersion {
    pub major: i32,
    pub minor: i32,
}

impl fmt::Display for ApiVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.major, self.minor)
    }
}

/// The plugin's function table with checked, typed access to its slots.
pub(crate) struct Api {
    table: *const ffi::PJRT_Api_Header,
    version: ApiVersion,
}

// SAFETY: the table is immutable static data of a library that is never unloaded, and PJRT
// functions may be called from any thread.
unsafe impl Send for Api {}
unsafe impl Sync for Api {}

impl Api {
    pub(crate) fn version(&self) -> ApiVersion {
        self.version
    }

    /// The slot's function pointer, or an error if the plugin's table ends before it or
    /// leaves it null.
    pub(crate) fn get<S: Slot>(&self) -> Result<S::Fn> {
        let missing = PjrtError::MissingFunction {
            function: S::NAME,
            version: self.version,
        };
        // SAFETY: `table` points to a live PJRT_Api whose first field is its size; the slot is
        // read only if it lies within that size.
        unsafe {
            let table_size = (*self.table).struct_size;
            if S::offset() + std::mem::size_of::<*const c_void>() > table_size {
                return Err(missing);
            }
            let entry = *(self.table as *const u8)
                .add(S::offset())
                .cast::<*const c_void>();
            if entry.is_null() {
                return Err(missing);
            }
            Ok(std::mem::transmute_copy::<*const c_void, S::Fn>(&entry))
        }
    }

    /// Calls a fallible PJRT function and converts its `PJRT_Error`, if any.
    ///
    /// # Safety
    /// `args` must hold valid inputs for `S` (live handles, valid pointers and sizes).
    pub(crate) unsafe fn call<S>(&self, args: &mut S::Args) -> Result<()>
    where
        S: Slot<Fn = slot::Fallible<<S as FallibleSlot>::Args>> + FallibleSlot,
    {
        let function = self.get::<S>()?;
        let error = function(args);
        self.take_error(S::NAME, error)
    }

    /// Turns a returned `PJRT_Error*` into a `Result`, reading its message and code and
    /// destroying it.
    pub(crate) fn take_error(
        &self,
        function: &'static str,
        error: *mut ffi::PJRT_Error,
    ) -> Result<()> {
        if error.is_null() {
            return Ok(());
        }
        let mut message = String::from("(the plugin gave no message)");
        if let Ok(get_message) = self.get::<slot::PJRT_Error_Message>() {
            let mut args = ffi::PJRT_Error_Message_Args::new();
            args.error = error;
            // SAFETY: `error` is a live error returned by the plugin; the message it points to
            // lives until the error is destroyed below.
            unsafe {
                get_message(&mut args);
                message = string_from_raw(args.message, args.message_size);
            }
        }
        let mut code = ErrorCode(2);
        if let Ok(get_code) = self.get::<slot::PJRT_Error_GetCode>() {
            let mut args = ffi::PJRT_Error_GetCode_Args::new();
            args.error = error;
            // SAFETY: as above; GetCode on a live error does not fail in practice, and if it
            // does we keep UNKNOWN rather than recursing into another error.
            if unsafe { get_code(&mut args) }.is_null() {
                code = ErrorCode(args.code);
            }
        }
        if let Ok(destroy) = self.get::<slot::PJRT_Error_Destroy>() {
            let mut args = ffi::PJRT_Error_Destroy_Args::new();
            args.error = error;
            // SAFETY: destroys the error exactly once; nothing refers to it afterwards.
            unsafe { destroy(&mut args) };
        }
        Err(PjrtError::Call {
            function,
            code,
            message,
        })
    }

    /// Waits for an event, then destroys it; the event's error (if any) is returned.
    pub(crate) fn await_event(&self, event: *mut ffi::PJRT_Event) -> Result<()> {
        if event.is_null() {
            return Ok(());
        }
        let mut wait = ffi::PJRT_Event_Await_Args::new();
        wait.event = event;
        // SAFETY: `event` is a live event handed to us by the plugin.
        let waited = unsafe { self.call::<slot::PJRT_Event_Await>(&mut wait) };
        let destroyed = self.destroy_event(event);
        waited.and(destroyed)
    }

    pub(crate) fn destroy_event(&self, event: *mut ffi::PJRT_Event) -> Result<()> {
        let mut args = ffi::PJRT_Event_Destroy_Args::new();
        args.event = event;
        // SAFETY: `event` is live and destroyed exactly once.
        unsafe { self.call::<slot::PJRT_Event_Destroy>(&mut args) }
    }
}

/// Ties a fallible slot to its argument struct (so `Api::call` can be generic).
pub(crate) trait FallibleSlot {
    type Args;
}

macro_rules! fallible {
    ($($name:ident => $args:ident),* $(,)?) => {
        $(impl FallibleSlot for slot::$name { type Args = ffi::$args; })*
    };
}

fallible! {
    PJRT_Plugin_Initialize => PJRT_Plugin_Initialize_Args,
    PJRT_Event_Destroy => PJRT_Event_Destroy_Args,
    PJRT_Event_Await => PJRT_Event_Await_Args,
    PJRT_Client_Create => PJRT_Client_Create_Args,
    PJRT_Client_Destroy => PJRT_Client_Destroy_Args,
    PJRT_Client_PlatformName => PJRT_Client_PlatformName_Args,
    PJRT_Client_ProcessIndex => PJRT_Client_ProcessIndex_Args,
    PJRT_Client_PlatformVersion => PJRT_Client_PlatformVersion_Args,
    PJRT_Client_Devices => PJRT_Client_Devices_Args,
    PJRT_Client_AddressableDevices => PJRT_Client_AddressableDevices_Args,
    PJRT_Client_Compile => PJRT_Client_Compile_Args,
    PJRT_Client_BufferFromHostBuffer => PJRT_Client_BufferFromHostBuffer_Args,
    PJRT_DeviceDescription_Id => PJRT_DeviceDescription_Id_Args,
    PJRT_DeviceDescription_ProcessIndex => PJRT_DeviceDescription_ProcessIndex_Args,
    PJRT_DeviceDescription_Kind => PJRT_DeviceDescription_Kind_Args,
    PJRT_DeviceDescription_Attributes => PJRT_DeviceDescription_Attributes_Args,
    PJRT_Device_GetDescription => PJRT_Device_GetDescription_Args,
    PJRT_Device_LocalHardwareId => PJRT_Device_LocalHardwareId_Args,
    PJRT_Executable_Destroy => PJRT_Executable_Destroy_Args,
    PJRT_Executable_GetCompiledMemoryStats => PJRT_Executable_GetCompiledMemoryStats_Args,
    PJRT_Executable_NumReplicas => PJRT_Executable_NumReplicas_Args,
    PJRT_Executable_NumPartitions => PJRT_Executable_NumPartitions_Args,
    PJRT_Executable_NumOutputs => PJRT_Executable_NumOutputs_Args,
    PJRT_Executable_GetCostAnalysis => PJRT_Executable_GetCostAnalysis_Args,
    PJRT_TopologyDescription_Create => PJRT_TopologyDescription_Create_Args,
    PJRT_TopologyDescription_Destroy => PJRT_TopologyDescription_Destroy_Args,
    PJRT_TopologyDescription_PlatformName => PJRT_TopologyDescription_PlatformName_Args,
    PJRT_TopologyDescription_PlatformVersion => PJRT_TopologyDescription_PlatformVersion_Args,
    PJRT_TopologyDescription_GetDeviceDescriptions => PJRT_TopologyDescription_GetDeviceDescriptions_Args,
    PJRT_Compile => PJRT_Compile_Args,
    PJRT_LoadedExecutable_Destroy => PJRT_LoadedExecutable_Destroy_Args,
    PJRT_LoadedExecutable_GetExecutable => PJRT_LoadedExecutable_GetExecutable_Args,
    PJRT_LoadedExecutable_AddressableDevices => PJRT_LoadedExecutable_AddressableDevices_Args,
    PJRT_LoadedExecutable_Execute => PJRT_LoadedExecutable_Execute_Args,
    PJRT_LoadedExecutable_GetDeviceAssignment => PJRT_LoadedExecutable_GetDeviceAssignment_Args,
    PJRT_Buffer_Destroy => PJRT_Buffer_Destroy_Args,
    PJRT_Buffer_ElementType => PJRT_Buffer_ElementType_Args,
    PJRT_Buffer_Dimensions => PJRT_Buffer_Dimensions_Args,
    PJRT_Buffer_ToHostBuffer => PJRT_Buffer_ToHostBuffer_Args,
    PJRT_Buffer_ReadyEvent => PJRT_Buffer_ReadyEvent_Args,
    PJRT_Buffer_UnsafePointer => PJRT_Buffer_UnsafePointer_Args,
}

/// Copies a (pointer, length) string the plugin owns.
///
/// # Safety
/// `data` must be null or point to `len` readable bytes.
pub(crate) unsafe fn string_from_raw(data: *const std::ffi::c_char, len: usize) -> String {
    if data.is_null() {
        return String::new();
    }
    let bytes = std::slice::from_raw_parts(data.cast::<u8>(), len);
    String::from_utf8_lossy(bytes).into_owned()
}

/// A loaded, initialised PJRT plugin. Loaded at most once per file per process and never
/// unloaded (plugins start threads that must not lose their code); every client, buffer and
/// executable holds an `Arc` to it as well.
pub struct Plugin {
    path: PathBuf,
    platform: Option<Platform>,
    api: Api,
    _library: libloading::Library,
}

impl fmt::Debug for Plugin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Plugin")
            .field("path", &self.path)
            .field("api_version", &self.api.version)
            .field("platform", &self.platform)
            .finish()
    }
}

fn loaded_plugins() -> &'static Mutex<HashMap<PathBuf, Arc<Plugin>>> {
    static LOADED: OnceLock<Mutex<HashMap<PathBuf, Arc<Plugin>>>> = OnceLock::new();
    LOADED.get_or_init(Default::default)
}

impl Plugin {
    /// Resolves `spec` and loads that plugin.
    pub fn open(spec: &PluginSpec) -> Result<Arc<Plugin>> {
        let path = spec.resolve()?;
        let platform = spec.platform_of(&path);
        Self::load_with_platform(&path, platform)
    }

    /// Loads the plugin file at `path` (its platform guessed from known file names).
    pub fn load(path: &Path) -> Result<Arc<Plugin>> {
        Self::load_with_platform(path, platform_from_file(path))
    }

    fn load_with_platform(path: &Path, platform: Option<Platform>) -> Result<Arc<Plugin>> {
        let key = path
            .canonicalize()
            .map_err(|_| PjrtError::PluginFileMissing {
                path: path.to_path_buf(),
            })?;
        let mut loaded = loaded_plugins().lock().unwrap_or_else(|e| e.into_inner());
        if let Some(plugin) = loaded.get(&key) {
            return Ok(plugin.clone());
        }
        let plugin = Arc::new(Self::load_uncached(&key, platform)?);
        loaded.insert(key, plugin.clone());
        Ok(plugin)
    }

    fn load_uncached(path: &Path, platform: Option<Platform>) -> Result<Plugin> {
        let not_a_plugin = |reason: String| PjrtError::NotAPlugin {
            path: path.to_path_buf(),
            reason,
        };
        // SAFETY: loading runs the library's initialisers; that is the point of a plugin.
        let library = unsafe { libloading::Library::new(path) }
            .map_err(|e| not_a_plugin(format!("cannot load it as a shared library ({e})")))?;
        // SAFETY: `GetPjrtApi` has this signature in every PJRT plugin.
        let get_api = unsafe { library.get::<ffi::GetPjrtApiFn>(b"GetPjrtApi\0") }
            .map_err(|_| not_a_plugin("it does not export GetPjrtApi".into()))?;
        // SAFETY: calling the plugin's entry point; it returns a pointer to a static table.
        let table = unsafe { get_api() };
        if table.is_null() {
            return Err(not_a_plugin("GetPjrtApi returned null".into()));
        }
        // SAFETY: non-null table from the plugin; its size is checked before reading further.
        let version = unsafe {
            let header = &*table;
            if header.struct_size < std::mem::size_of::<ffi::PJRT_Api_Header>() {
                return Err(not_a_plugin(format!(
                    "its PJRT_Api is only {} bytes",
                    header.struct_size
                )));
            }
            ApiVersion {
                major: header.pjrt_api_version.major_version,
                minor: header.pjrt_api_version.minor_version,
            }
        };
        let api = Api { table, version };
        if api.get::<slot::PJRT_Plugin_Initialize>().is_ok() {
            let mut args = ffi::PJRT_Plugin_Initialize_Args::new();
            // SAFETY: no inputs besides the struct size.
            unsafe { api.call::<slot::PJRT_Plugin_Initialize>(&mut args)? };
        }
        tracing::debug!(path = %path.display(), %version, "loaded PJRT plugin");
        Ok(Plugin {
            path: path.to_path_buf(),
            platform,
            api,
            _library: library,
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn api_version(&self) -> ApiVersion {
        self.api.version()
    }

    /// The platform, when known from the spec or the file name.
    pub fn platform(&self) -> Option<Platform> {
        self.platform
    }

    pub(crate) fn api(&self) -> &Api {
        &self.api
    }

    /// The `PJRT_Extension_Type` of each extension the plugin offers, in its order.
    pub fn extension_types(&self) -> Vec<i32> {
        // SAFETY: each entry is a live, static `PJRT_Extension_Base` (see `extensions`).
        self.extensions()
            .into_iter()
            .map(|extension| unsafe { (*extension).kind })
            .collect()
    }

    /// The plugin's first extension of type `kind`.
    pub(crate) fn extension(&self, kind: i32) -> Option<*const ffi::PJRT_Extension_Base> {
        // SAFETY: as in `extension_types`.
        self.extensions()
            .into_iter()
            .find(|&extension| unsafe { (*extension).kind } == kind)
    }

    /// The plugin's extension list: static data of the library, never freed.
    fn extensions(&self) -> Vec<*const ffi::PJRT_Extension_Base> {
        let mut found = Vec::new();
        // SAFETY: the table is the plugin's static `PJRT_Api` (its size checked at load); its
        // extension list is static too, each entry's `next` null or the next entry.
        unsafe {
            let mut next = (*self.api.table).extension_start as *const ffi::PJRT_Extension_Base;
            // Bounded, in case a broken plugin links a cycle.
            while !next.is_null() && found.len() < MAX_EXTENSIONS {
                found.push(next);
                next = (*next).next;
            }
        }
        found
    }

    /// Whether the plugin offers the PJRT profiler extension (device traces).
    pub fn has_profiler(&self) -> bool {
        self.extension(PROFILER_EXTENSION).is_some()
    }
}

/// `PJRT_Extension_Type_Profiler` in `pjrt_c_api.h`.
pub const PROFILER_EXTENSION: i32 = ffi::PJRT_Extension_Type_Profiler;
const MAX_EXTENSIONS: usize = 256;

#[cfg(test)]
mod tests {
    use super::*;

    extern "C" fn placeholder() {}

    /// A fake API 0.50 table: header, then 10 slots of which slot 5 is null.
    fn fake_table() -> Vec<usize> {
        let header_words = std::mem::size_of::<ffi::PJRT_Api_Header>() / 8;
        let mut words = vec![0usize; header_words + 10];
        words[0] = (header_words + 10) * 8;
        for (slot, word) in words[header_words..].iter_mut().enumerate() {
            *word = if slot == 5 {
                0
            } else {
                placeholder as *const () as usize
            };
        }
        words
    }

    #[test]
    fn slots_beyond_the_table_or_null_are_refused() {
        let table = fake_table();
        let api = Api {
            table: table.as_ptr().cast(),
            version: ApiVersion {
                major: 0,
                minor: 50,
            },
        };
        assert!(api.get::<slot::PJRT_Plugin_Initialize>().is_ok());
        let null = api.get::<slot::PJRT_Event_Destroy>().err().unwrap();
        assert_eq!(
            null.to_string(),
            "plugin API 0.50 has no PJRT_Event_Destroy"
        );
        let beyond = api.get::<slot::PJRT_Client_Create>().err().unwrap();
        assert_eq!(
            beyond.to_string(),
            "plugin API 0.50 has no PJRT_Client_Create"
        );
    }

    /// A fake site-packages tree holding empty files at the given relative paths.
    fn site_dir(files: &[&str]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for file in files {
            let path = dir.path().join(file);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, b"").unwrap();
        }
        dir
    }

    #[test]
    fn platforms_resolve_to_their_wheels_files_in_site_packages() {
        let empty = site_dir(&[]);
        let gpu = site_dir(&["jax_plugins/xla_cuda13/xla_cuda_plugin.so"]);
        let tpu = site_dir(&["libtpu/libtpu.so"]);
        // The second CPU plugin in the list is found when only it is installed, in a later dir.
        let cpu = site_dir(&["xla_plugins/xla_cpu_pjrt/xla_cpu_pjrt.so"]);
        let dirs: Vec<PathBuf> = [&empty, &gpu, &tpu, &cpu]
            .iter()
            .map(|d| d.path().to_path_buf())
            .collect();
        let resolve = |spec: &str| spec.parse::<PluginSpec>().unwrap().resolve_in(&dirs);
        assert_eq!(
            resolve("cuda").unwrap(),
            gpu.path().join("jax_plugins/xla_cuda13/xla_cuda_plugin.so")
        );
        assert_eq!(resolve("tpu").unwrap(), tpu.path().join("libtpu/libtpu.so"));
        assert_eq!(
            resolve("cpu").unwrap(),
            cpu.path().join("xla_plugins/xla_cpu_pjrt/xla_cpu_pjrt.so")
        );
        let found = resolve("cuda").unwrap();
        assert_eq!(platform_from_file(&found), Some(Platform::Cuda));
    }

    #[test]
    fn a_missing_platform_plugin_lists_the_paths_tried_and_how_to_install_it() {
        let a = site_dir(&["libtpu/other.so"]);
        let b = site_dir(&[]);
        let dirs = vec![a.path().to_path_buf(), b.path().to_path_buf()];
        let message = |spec: &str| {
            let spec: PluginSpec = spec.parse().unwrap();
            spec.resolve_in(&dirs).unwrap_err().to_string()
        };
        assert_eq!(
            message("tpu"),
            format!(
                "no PJRT plugin found for `tpu`; tried:\n  {}\n  {}\ninstall one with: \
                 python3 -m pip install libtpu==0.0.42.1   (or `make plugin-tpu`)",
                a.path().join("libtpu/libtpu.so").display(),
                b.path().join("libtpu/libtpu.so").display()
            )
        );
        assert!(message("cuda").ends_with(
            "install one with: python3 -m pip install 'jax-cuda13-plugin[with-cuda]==0.10.2'   \
             (or `make plugin-cuda`)"
        ));
        // CPU: every known plugin in every directory, best first.
        let cpu = message("cpu");
        assert_eq!(cpu.matches("\n  ").count(), CPU_PLUGINS.len() * dirs.len());
        assert!(cpu.ends_with("(or `make plugin`)"), "{cpu}");
    }

    #[test]
    fn specs_parse_platforms_and_paths() {
        assert_eq!("cpu".parse(), Ok(PluginSpec::Platform(Platform::Cpu)));
        assert_eq!("cuda".parse(), Ok(PluginSpec::Platform(Platform::Cuda)));
        assert_eq!("tpu".parse(), Ok(PluginSpec::Platform(Platform::Tpu)));
        assert_eq!(
            "./libfoo.so".parse(),
            Ok(PluginSpec::Path(PathBuf::from("./libfoo.so")))
        );
        assert_eq!(
            platform_from_file(Path::new("/x/site-packages/libtpu/libtpu.so")),
            Some(Platform::Tpu)
        );
        assert_eq!(platform_from_file(Path::new("/x/libother.so")), None);
    }
}
