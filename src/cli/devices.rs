//! `siglip devices`: which PJRT plugin is used, its API version, platform, process and devices.
//! Also owns [`RuntimeArgs`], the plugin and process flags every subcommand that runs programs
//! flattens in, and the one place a client is opened from them (joining a multi-process run
//! where the flags or the TPU environment say so).

use std::time::Duration;

use anyhow::Context;

use crate::pjrt::{
    gce_metadata, Client, ClientOptions, DistributedRuntime, JoinOptions, Platform, Plugin,
    PluginSpec, ProcessFlags, ProcessGroup, PLUGIN_ENV,
};
use crate::target::{Compiler, Target};

/// How long a process waits for all others of its group to reach the coordinator: hosts of a
/// pod slice start within a minute or two of each other.
const JOIN_TIMEOUT: Duration = Duration::from_secs(300);

/// Which process of a multi-process run this is. Without these flags the group comes from the
/// Cloud TPU VM environment (with `--plugin tpu`), else the run is a single process.
#[derive(clap::Args, Clone, Debug, Default)]
pub struct ProcessArgs {
    /// This process's index in a multi-process run (0 to --num-processes - 1).
    #[arg(long, value_name = "I")]
    pub process_id: Option<usize>,
    /// Number of processes (hosts) in the run.
    #[arg(long, value_name = "N")]
    pub num_processes: Option<usize>,
    /// HOST:PORT where process 0 serves the key-value store the processes meet through.
    #[arg(long, value_name = "HOST:PORT")]
    pub coordinator: Option<String>,
    /// The secret every process of the run proves to the coordinator (at least 16
    /// characters). Other users of a host can read command lines: prefer
    /// $SIGLIP_COORDINATOR_SECRET. Without either, process 0 generates one and prints it.
    #[arg(long, value_name = "SECRET")]
    pub coordinator_secret: Option<String>,
    /// Process 0 serves the key-value store on every interface, not only the one with the
    /// --coordinator address (for an address that reaches it through NAT or a port mapping).
    #[arg(long)]
    pub coordinator_bind_all: bool,
}

impl ProcessArgs {
    /// The process group from these flags, else `$TPU_WORKER_ID`/`$TPU_WORKER_HOSTNAMES`,
    /// else (only for a TPU plugin: elsewhere it would be a pointless network wait) the GCE
    /// metadata server, else a single process.
    pub fn resolve(&self, spec: &PluginSpec) -> anyhow::Result<ProcessGroup> {
        let flags = ProcessFlags {
            process_id: self.process_id,
            num_processes: self.num_processes,
            coordinator: self.coordinator.clone(),
            coordinator_secret: self.coordinator_secret.clone(),
        };
        let env = |name: &str| std::env::var(name).ok();
        let on_tpu = matches!(spec, PluginSpec::Platform(Platform::Tpu));
        let metadata = |name: &str| on_tpu.then(|| gce_metadata(name)).flatten();
        Ok(ProcessGroup::resolve(&flags, &env, &metadata)?)
    }
}

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
    #[command(flatten)]
    pub process: ProcessArgs,
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
        Ok(self.open_client_in_group()?.0)
    }

    /// The client, and the process group the flags or the environment name ([`ProcessArgs`]).
    /// The group is resolved (and bad process flags rejected) before the plugin is loaded.
    pub fn open_client_in_group(&self) -> anyhow::Result<(Client, ProcessGroup)> {
        let spec = self.plugin_spec();
        let group = self.process.resolve(&spec)?;
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
        let client = if group.is_multi_process() {
            let join = JoinOptions {
                bind_all: self.process.coordinator_bind_all,
                ..JoinOptions::new(JOIN_TIMEOUT)
            };
            let runtime = DistributedRuntime::connect(group.clone(), &join).with_context(|| {
                format!(
                    "joining process group as process {} of {} (from {})",
                    group.process_id, group.num_processes, group.source
                )
            })?;
            Client::new_multi_process(plugin.clone(), options, runtime)
        } else {
            Client::new(plugin.clone(), options)
        };
        let client = client
            .with_context(|| format!("creating a PJRT client from {}", plugin.path().display()))?;
        Ok((client, group))
    }
}

#[derive(clap::Args)]
pub struct DevicesArgs {
    #[command(flatten)]
    pub runtime: RuntimeArgs,
    /// List the devices of a target with none attached, as its compiler describes them: a TPU
    /// slice (`v4:2x2x2` or `tpu-v4:2x2x2`, libtpu) or GPUs (`h100:1x4`, the CUDA plugin); see
    /// `siglip plan --target`.
    #[arg(long, value_name = "CHIP:SLICE")]
    pub topology: Option<String>,
}

pub fn run(args: DevicesArgs) -> anyhow::Result<()> {
    if let Some(topology) = &args.topology {
        let target = Target::parse(topology, None)?;
        let platform = match target.chip.compiler {
            Compiler::Libtpu { .. } => Platform::Tpu,
            Compiler::Cuda { .. } => Platform::Cuda,
        };
        anyhow::ensure!(
            args.runtime.plugin.is_none()
                || args.runtime.plugin_spec() == PluginSpec::Platform(platform),
            "--topology {topology} is compiled by {}; --plugin {} cannot be used with it",
            target.chip.compiler_name(),
            args.runtime.plugin_spec()
        );
        return list_topology(&target);
    }
    let (client, group) = args.runtime.open_client_in_group()?;
    let plugin = client.plugin();
    println!("plugin:        {}", plugin.path().display());
    println!("api version:   {}", plugin.api_version());
    println!(
        "platform:      {} {}",
        client.platform_name(),
        client.platform_version()
    );
    println!(
        "process:       {} of {} ({})",
        group.process_id, group.num_processes, group.source
    );
    println!(
        "devices:       {} here, {} in the run",
        client.devices().len(),
        client.global_device_count()
    );
    for (index, device) in client.devices().iter().enumerate() {
        println!(
            "  [{index}] id={} kind={} process={} local_hardware_id={}",
            device.id, device.kind, device.process_index, device.local_hardware_id
        );
    }
    Ok(())
}

fn list_topology(target: &Target) -> anyhow::Result<()> {
    let topology = target.open()?;
    println!("plugin:        {}", topology.plugin().path().display());
    println!("api version:   {}", topology.plugin().api_version());
    println!(
        "platform:      {} {}",
        topology.platform_name(),
        topology.platform_version()
    );
    println!(
        "topology:      {} ({} `{}`), no device attached",
        target,
        target.chip.compiler_name(),
        topology.name()
    );
    println!(
        "devices:       {} on {} process(es)",
        topology.devices().len(),
        topology.process_count()
    );
    for device in topology.devices() {
        let attributes: Vec<String> = device
            .attributes
            .iter()
            .map(|a| format!("{}={}", a.name, a.value))
            .collect();
        println!(
            "  id={} kind={} process={} {}",
            device.id,
            device.kind,
            device.process_index,
            attributes.join(" ")
        );
    }
    Ok(())
}
