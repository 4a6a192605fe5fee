//! `siglip bench`: `step` times the train step of BENCH.md's model (bench-small, bench-ring) and
//! prints one JSON line; `precision` compares f32 with bf16 and remat. (`bench loss` lives in its
//! own file.)

use std::path::PathBuf;

use anyhow::{Context, Result};
use serde_json::json;

use super::devices::RuntimeArgs;
use crate::bench::{bench_spec, peak_rss_bytes, time_steps};
use crate::pjrt::Client;
use crate::tensor::DType;
use crate::train::profile::{Profile, ProfileSteps};

#[derive(clap::Subcommand)]
pub enum BenchCommand {
    /// Time BENCH.md's train step: compile time, median step, images/s, host overhead per
    /// step, host↔device traffic beyond the batch, peak RSS; one JSON line on stdout.
    Step(StepArgs),
    /// Loss curves at f32 and bf16 (same initial parameters, one fixed batch) and the step's
    /// compiled temporary memory with and without remat (one device).
    Precision(PrecisionArgs),
    /// One contrastive loss with its gradients: XLA's temporaries and forward+backward time;
    /// one JSON line on stdout.
    Loss(super::bench_loss::LossBenchArgs),
}

/// The benchmark models of shared/docs/BENCH.md.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum BenchModel {
    /// One device, sigmoid loss.
    BenchSmall,
    /// Four devices, data parallel, chunked ring loss.
    BenchRing,
}

impl BenchModel {
    fn replicas(self) -> usize {
        match self {
            BenchModel::BenchSmall => 1,
            BenchModel::BenchRing => 4,
        }
    }

    fn name(self) -> &'static str {
        match self {
            BenchModel::BenchSmall => "bench-small",
            BenchModel::BenchRing => "bench-ring",
        }
    }
}

#[derive(clap::Args)]
pub struct StepArgs {
    #[command(flatten)]
    runtime: RuntimeArgs,
    #[arg(long, value_enum, default_value = "bench-small")]
    model: BenchModel,
    /// Global batch, split evenly over the model's devices.
    #[arg(long, default_value_t = 128, value_parser = super::at_least_one)]
    batch: usize,
    /// Untimed steps first (compilation caches, allocator warm-up).
    #[arg(long, default_value_t = 5)]
    warmup: usize,
    /// Timed steps (at least 1).
    #[arg(long, default_value_t = 20, value_parser = super::at_least_one)]
    steps: usize,
    /// Also write the step's StableHLO text here (to compare with another framework's
    /// program, or to compile it elsewhere). Refuses to overwrite an existing file.
    #[arg(long, value_name = "FILE")]
    stablehlo_out: Option<PathBuf>,
    /// Profile the timed steps into DIR/plugins/profile/ (for TensorBoard's profile plugin
    /// and XProf; the host's side, and why the device's is missing).
    #[arg(long, value_name = "DIR")]
    profile: Option<PathBuf>,
}

#[derive(clap::Args)]
pub struct PrecisionArgs {
    #[command(flatten)]
    runtime: RuntimeArgs,
    /// Batch (one device).
    #[arg(long, default_value_t = 128, value_parser = super::at_least_one)]
    batch: usize,
    /// Steps of each loss curve.
    #[arg(long, default_value_t = 20, value_parser = super::at_least_one)]
    steps: usize,
}

pub fn run(command: BenchCommand) -> Result<()> {
    match command {
        BenchCommand::Step(args) => step(args),
        BenchCommand::Loss(args) => super::bench_loss::run(args),
        BenchCommand::Precision(args) => {
            let client = open_client(args.runtime, 1)?;
            precision_report(&client, args.batch as i64, args.steps)
        }
    }
}

/// A client with at least `replicas` devices (a CPU plugin is asked for that many), checked
/// before anything is compiled (which takes seconds).
fn open_client(mut runtime: RuntimeArgs, replicas: usize) -> Result<Client> {
    let wanted = replicas as i64;
    if let Some(devices) = runtime.cpu_devices {
        anyhow::ensure!(
            devices >= wanted,
            "the benchmark needs {wanted} devices, but --cpu-devices is {devices}"
        );
    }
    runtime.cpu_devices = runtime.cpu_devices.or(Some(wanted));
    let client = runtime.open_client()?;
    anyhow::ensure!(
        client.devices().len() >= replicas,
        "the benchmark needs {replicas} devices, but the {} plugin offers {}",
        client.platform_name(),
        client.devices().len()
    );
    Ok(client)
}

fn step(args: StepArgs) -> Result<()> {
    let replicas = args.model.replicas();
    anyhow::ensure!(
        args.batch.is_multiple_of(replicas),
        "--batch {} does not split evenly over the {replicas} devices of {}",
        args.batch,
        args.model.name()
    );
    if let Some(path) = &args.stablehlo_out {
        anyhow::ensure!(
            !path.exists(),
            "--stablehlo-out {} exists; not overwriting it",
            path.display()
        );
    }
    let client = open_client(args.runtime, replicas)?;
    let spec = bench_spec(replicas, args.batch as i64, DType::F32, false)?;
    if let Some(path) = &args.stablehlo_out {
        let text = crate::train::step::build(&spec)?.module.to_stablehlo();
        std::fs::write(path, text).with_context(|| format!("writing {}", path.display()))?;
    }
    let timed = ProfileSteps {
        start: args.warmup as u64 + 1,
        count: args.steps as u64,
    };
    let profile = args
        .profile
        .as_deref()
        .map(|dir| Profile::create(dir, timed, client.plugin()))
        .transpose()?;
    let profile_path = profile.as_ref().map(|p| p.path().display().to_string());
    let r = time_steps(&client, &spec, args.warmup, args.steps, profile)?;
    let ms = |d: std::time::Duration| d.as_secs_f64() * 1e3;
    let steps = r.step_times.len() as f64;
    let line = json!({
        "model": args.model.name(),
        "platform": client.platform_name(),
        "plugin": client.plugin().path().display().to_string(),
        "replicas": r.replicas,
        "batch": r.global_batch,
        "compile_s": r.compile.as_secs_f64(),
        "warmup": args.warmup,
        "steps": r.step_times.len(),
        "profile": profile_path,
        "step_ms_median": ms(r.median_step),
        "step_ms": r.step_times.iter().map(|&d| ms(d)).collect::<Vec<_>>(),
        "images_per_s": r.images_per_second(),
        "host_ms_median": ms(r.median_host_time()),
        "host_fraction": r.median_host_time().as_secs_f64() / r.median_step.as_secs_f64(),
        "to_device_bytes_per_step": r.traffic.to_device_bytes as f64 / steps,
        "to_host_bytes_per_step": r.traffic.to_host_bytes as f64 / steps,
        "state_copy_bytes_per_step": r.state_copy_bytes_per_step(),
        "peak_rss_bytes": peak_rss_bytes(),
        "final_loss": r.final_loss,
    });
    println!("{line}");
    Ok(())
}

/// Prints the figures issue 9's note asks for: how far bf16's loss curve strays from f32's, and
/// how much remat lowers XLA's temporary memory of the step.
fn precision_report(client: &crate::pjrt::Client, batch: i64, steps: usize) -> Result<()> {
    use crate::bench::{loss_curve, step_memory};
    let mib = |bytes: i64| bytes as f64 / (1u64 << 20) as f64;
    for remat in [false, true] {
        let m = step_memory(client, &bench_spec(1, batch, DType::F32, remat)?)?;
        println!(
            "bench-small batch {batch}, remat {remat}: temp {:.1} MiB, arguments {:.1} MiB, \
             outputs {:.1} MiB, aliased {:.1} MiB",
            mib(m.temp_bytes),
            mib(m.argument_bytes),
            mib(m.output_bytes),
            mib(m.alias_bytes)
        );
    }
    let f32_losses = loss_curve(client, &bench_spec(1, batch, DType::F32, false)?, steps)?;
    let bf16_losses = loss_curve(client, &bench_spec(1, batch, DType::Bf16, false)?, steps)?;
    let mut worst = (0, 0f32);
    for (i, (a, b)) in f32_losses.iter().zip(&bf16_losses).enumerate() {
        println!("step {:>3}: f32 loss {a:.5}, bf16 loss {b:.5}", i + 1);
        if (a - b).abs() > worst.1 {
            worst = (i + 1, (a - b).abs());
        }
    }
    println!(
        "max |loss(bf16) - loss(f32)| over {steps} steps: {:.5} (at step {}); final f32 {:.5}, bf16 {:.5}",
        worst.1,
        worst.0,
        f32_losses.last().copied().unwrap_or(f32::NAN),
        bf16_losses.last().copied().unwrap_or(f32::NAN)
    );
    Ok(())
}
