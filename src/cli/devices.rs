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
    /// Number of virtual devices when the plugin is a CPU plugin.
    #[arg(long, value_name = "N")]
    pub cpu_devices: Option<i64>,
}

impl RuntimeArgs {
    pub fn plugin_spec(&self) -> PluginSpec {
        PluginSpec::from_arg_or_env(self.plugin.as_deref())
    }

    pub fn open_client(&self) -> anyhow::Result<Client> {
        let spec = self.plugin_spec();
        let plugin = Plugin::open(&spec)
            .with_context(|| format!("opening PJRT plugin `{spec}` (--plugin or ${PLUGIN_ENV})"))?;
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
