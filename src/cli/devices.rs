//! `siglip devices`: which PJRT plugin is used, its API version, platform and devices. Also
//! owns [`RuntimeArgs`], the plugin flags every subcommand that runs programs flattens in.

use anyhow::Context;

use crate::pjrt::{Client, ClientOptions, Plugin, PluginSpec, PLUGIN_ENV};

/// Plugin selection shared by subcommands (`#[command(flatten)]`).
#[derive(clap::Args, Clone, Debug, Default)]
pub struct RuntimeArgs {
    /// PJRT plugin: a path to the .so, or `cpu`, `cuda`, `tpu` to look in pip install
    /// locations [default: $SIGLIP_PJRT_PLUGIN, else cpu]
    #[arg(long, value_name = "PATH|cpu|cuda|tpu")]
    pub plugin: Option<String>,
    /// Number of virtual devices when the plugin is a CPU plugin (1 to 1024).
    #[arg(long, value_name = "N", value_parser = cpu_device_count)]
    pub cpu_devices: Option<i64>,
}

/// Most virtual CPU devices we ask a plugin for. Each device gets its own allocator and thread
/// pools inside the plugin: 10^8 devices grew the process to 24 GB before it was killed, and
/// more devices than this cannot be useful on one host.
pub const MAX_CPU_DEVICES: i64 = 1024;

fn cpu_device_count(text: &str) -> Result<i64, String> {
    let n: i64 = text.parse().map_err(|e| format!("{e}"))?;
    if (1..=MAX_CPU_DEVICES).contains(&n) {
        Ok(n)
    } else {
        Err(format!(
            "must be between 1 and {MAX_CPU_DEVICES} (each virtual device costs the plugin \
             memory and threads)"
        ))
    }
}

impl RuntimeArgs {
    pub fn plugin_spec(&self) -> PluginSpec {
        PluginSpec::from_arg_or_env(self.plugin.as_deref())
    }

    pub fn open_client(&self) -> anyhow::Result<Client> {
        let spec = self.plugin_spec();
        let source = if self.plugin.is_some() {
            "--plugin".to_string()
        } else if std::env::var_os(PLUGIN_ENV).is_some_and(|v| !v.is_empty()) {
            format!("${PLUGIN_ENV}")
        } else {
            "the default".to_string()
        };
        let plugin = Plugin::open(&spec)
            .with_context(|| format!("opening PJRT plugin `{spec}` (from {source})"))?;
        let options = ClientOptions {
            cpu_device_count: self.cpu_devices,
        };
        Client::new(plugin.clone(), options)
            .with_context(|| format!("creating a PJRT client from {}", plugin.path().display()))
    }
}

#[derive(clap::Args)]
pub struct DevicesArgs {
    #[command(flatten)]
    pub runtime: RuntimeArgs,
}

pub fn run(args: DevicesArgs) -> anyhow::Result<()> {
    let client = args.runtime.open_client()?;
    let plugin = client.plugin();
    println!("plugin:        {}", plugin.path().display());
    println!("api version:   {}", plugin.api_version());
    println!(
        "platform:      {} {}",
        client.platform_name(),
        client.platform_version()
    );
    println!("process index: {}", client.process_index());
    println!("devices:       {}", client.devices().len());
    for (index, device) in client.devices().iter().enumerate() {
        println!(
            "  [{index}] id={} kind={} local_hardware_id={}",
            device.id, device.kind, device.local_hardware_id
        );
    }
    Ok(())
}
