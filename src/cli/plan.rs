//! `siglip plan -c CONFIG [--target TPU_SLICE|GPU] [--max-batch]`: what a run costs before it
//! is launched (`crate::plan`): parameters per tower, FLOPs per step, and the per-device memory
//! of the compiled (not run) train step. A target is compiled by its own compiler with no
//! device attached (libtpu for a TPU slice, the CUDA plugin for GPUs); otherwise the step is
//! compiled by a client's plugin (CPU by default) for `runtime.devices` devices.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use anyhow::{ensure, Context};

use super::config::ConfigArgs;
use super::devices::RuntimeArgs;
use crate::config::RunConfig;
use crate::layout::BatchLayout;
use crate::loss::LossKind;
use crate::pjrt::Topology;
use crate::plan::{self, TargetPlan, TargetPlanError};
use crate::target::{Compiler, Target};
use crate::train::components::batch_layout;

#[derive(clap::Args)]
pub struct PlanArgs {
    #[command(flatten)]
    pub config: ConfigArgs,
    /// Compile with the accelerator's own compiler, no device needed: a TPU slice with libtpu
    /// (tpu-v4, tpu-v5e, tpu-v5p, tpu-v6e, optionally with the slice: tpu-v4:2x2x1) or GPUs
    /// with the CUDA plugin (a100, h100, h200, optionally hosts x GPUs: h100:1x8) [default:
    /// tpu-v4 with runtime.devices chips when runtime.plugin is tpu and no --plugin is given].
    #[arg(long, value_name = "CHIP[:SLICE]")]
    pub target: Option<String>,
    /// Count parameters and FLOPs only; do not compile the step.
    #[arg(long)]
    pub no_compile: bool,
    /// PJRT plugin to compile with [default: cpu, with runtime.devices virtual devices; the
    /// config's runtime.plugin is for running, a plan compiles wherever it is asked].
    #[arg(long, value_name = "PATH|cpu|cuda|tpu")]
    pub plugin: Option<String>,
    /// Write the train step's StableHLO (what is compiled) to FILE.
    #[arg(long, value_name = "FILE")]
    pub emit_stablehlo: Option<PathBuf>,
    /// Find the largest global batch (a multiple of runtime.devices) whose step fits the
    /// target, by compiling: powers of two from train.batch_size, then (with --resolution)
    /// bisection.
    #[arg(long)]
    pub max_batch: bool,
    /// With --max-batch: bisect until the largest batch that fits and the smallest that does
    /// not are this many pairs apart (global; rounded up to a multiple of runtime.devices).
    #[arg(long, value_name = "PAIRS", requires = "max_batch", value_parser = clap::value_parser!(u64).range(1..))]
    pub resolution: Option<u64>,
    /// Model FLOPs utilisation assumed for the step time and days (0 < MFU <= 1).
    #[arg(long, value_name = "FRACTION", default_value_t = 0.5, value_parser = mfu)]
    pub mfu: f64,
}

fn mfu(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(v) if v > 0.0 && v <= 1.0 => Ok(v),
        Ok(_) => Err("must be in (0, 1]".into()),
        Err(e) => Err(e.to_string()),
    }
}

const GIB: f64 = (1u64 << 30) as f64;

fn gib(bytes: i64) -> f64 {
    bytes as f64 / GIB
}

/// The target asked for, or implied by a config that runs on TPUs.
fn chosen_target(args: &PlanArgs, config: &RunConfig) -> anyhow::Result<Option<Target>> {
    let devices = Some(config.runtime.devices);
    if let Some(name) = &args.target {
        ensure!(
            args.plugin.is_none(),
            "--target compiles with the target's own compiler; --plugin {} cannot be used with it",
            args.plugin.as_deref().unwrap_or("")
        );
        return Ok(Some(Target::parse(name, devices)?));
    }
    let runs_on_tpu = config.runtime.plugin.as_deref() == Some("tpu");
    if runs_on_tpu && args.plugin.is_none() {
        let target = Target::parse("tpu-v4", devices)
            .context("runtime.plugin is tpu, so the plan is for a TPU v4 slice")?;
        return Ok(Some(target));
    }
    Ok(None)
}

pub fn run(args: PlanArgs) -> anyhow::Result<()> {
    let config = args.config.load()?;
    // Everything the flags say is checked before the (long) compile.
    let target = chosen_target(&args, &config)?;
    ensure!(
        !args.max_batch || target.is_some(),
        "--max-batch searches for a target: give --target (e.g. tpu-v4 or h100)"
    );
    if let Some(path) = &args.emit_stablehlo {
        ensure!(
            !path.is_dir(),
            "--emit-stablehlo {}: is a directory",
            path.display()
        );
    }
    let layout = batch_layout(&config, 1)?;
    let devices = layout.replicas();
    println!(
        "config: {} ({} devices, global batch {}, {} pairs per device, loss {:?}, dtype {:?}, \
         remat {})",
        args.config.config.display(),
        devices,
        layout.global_batch(),
        layout.per_replica(),
        config.loss,
        config.runtime.dtype,
        config.runtime.remat
    );
    let counts = plan::param_counts(&config)?;
    println!("parameters (trainable / frozen):");
    for (part, count) in &counts {
        println!(
            "  {part:<8} {:>14} / {:>14}",
            group(count.trainable),
            group(count.frozen)
        );
    }
    let flops = plan::step_flops(&config)?;
    let batch = config.train.batch_size as i64;
    let passes = |passes: i64| match passes {
        0 => "0× (embedding shards: not in the step)",
        1 => "1× (frozen)",
        _ => "3× (trained)",
    };
    println!("matmul FLOPs per step (2·m·k·n per matmul; backward = 2× forward):");
    println!(
        "  image tower {:.3e} per example × {batch} × {}",
        flops.image_forward as f64,
        passes(flops.image_passes)
    );
    println!(
        "  text tower  {:.3e} per example × {batch} × {}",
        flops.text_forward as f64,
        passes(flops.text_passes)
    );
    println!(
        "  loss logits {:.3e} (2·B²·e) × 3",
        flops.loss_forward as f64
    );
    println!(
        "  total       {:.3e} per step, {:.3e} per device",
        flops.total as f64,
        flops.total as f64 / devices as f64
    );
    if let Some(path) = &args.emit_stablehlo {
        let text = plan::step_module(&config)?.module.to_stablehlo();
        crate::storage::write(path, text.as_bytes())
            .with_context(|| format!("writing --emit-stablehlo {}", path.display()))?;
        println!("train step StableHLO written to {}", path.display());
    }
    if args.no_compile {
        return Ok(());
    }
    match &target {
        Some(target) => plan_for_target(&args, &config, target, flops.total),
        None => plan_on_plugin(&args, &config, &layout),
    }
}

/// The step compiled by the target's compiler for its slice: memory per chip against what the
/// compiler may use, FLOPs and time, the paper's row beside it; with --max-batch, the search.
fn plan_for_target(
    args: &PlanArgs,
    config: &RunConfig,
    target: &Target,
    total_flops: i64,
) -> anyhow::Result<()> {
    let compiler = target.chip.compiler_name();
    let topology = target.open().with_context(|| {
        let install = match target.chip.compiler {
            Compiler::Libtpu { .. } => "make plugin-tpu",
            Compiler::Cuda { .. } => "make plugin-cuda-compiler",
        };
        format!("compiling for {target} needs {compiler} (`{install}`)")
    })?;
    let devices = config.runtime.devices;
    ensure!(
        topology.devices().len() == devices,
        "{compiler}'s `{}` has {} devices, but runtime.devices is {devices}",
        topology.name(),
        topology.devices().len()
    );
    let usable = plan::usable_bytes(&topology, target);
    println!(
        "target: {target} ({compiler}, {} {}: {} × {} on {} host(s); per chip {:.2} GiB, of \
         which the compiler may use {:.2}, {:.0} TFLOP/s bf16)",
        topology.platform_name(),
        topology.platform_version(),
        topology.devices().len(),
        topology.devices()[0].kind,
        topology.process_count(),
        target.chip.memory_bytes() as f64 / GIB,
        gib(usable),
        target.chip.peak_bf16_flops / 1e12
    );
    if args.max_batch {
        return search_max_batch(args, config, target, &topology);
    }
    let step = compile_config(config, target, &topology)??;
    let m = &step.memory;
    println!(
        "compiled train step ({compiler}, {:.1} s), per chip (its compiled memory statistics):",
        step.compile_time.as_secs_f64()
    );
    print_memory(m);
    let need = plan::device_bytes(m);
    println!(
        "{}: fits ({:.2} GiB of the {:.2} GiB {compiler} may use per chip)",
        target.chip.name,
        gib(need),
        gib(usable)
    );
    let ours = total_flops as f64 / devices as f64;
    let floor = ours / target.chip.peak_bf16_flops;
    let step_time = floor / args.mfu;
    println!("time per step:");
    match step.compiler_flops {
        Some(theirs) => println!(
            "  FLOPs per chip: {ours:.3e} (ours, matmuls), {theirs:.3e} ({compiler}'s cost \
             analysis)"
        ),
        None => {
            println!("  FLOPs per chip: {ours:.3e} (ours, matmuls; {compiler} reported none)")
        }
    }
    println!(
        "  floor {} (our FLOPs / {:.0} TFLOP/s); at {:.0}% MFU {}, so {} steps take {:.2} days",
        duration(floor),
        target.chip.peak_bf16_flops / 1e12,
        args.mfu * 100.0,
        duration(step_time),
        config.train.steps,
        step_time * config.train.steps as f64 / 86_400.0
    );
    if let Some(row) = plan::paper_row(config) {
        println!("paper (Zhai et al. 2023): {row}");
    }
    Ok(())
}

/// Compiles the config's step for the target, showing the elapsed time while its compiler works;
/// the outer error is building the step, the inner one compiling it.
fn compile_config(
    config: &RunConfig,
    target: &Target,
    topology: &Topology,
) -> anyhow::Result<Result<TargetPlan, TargetPlanError>> {
    let text = plan::step_module(config)?.module.to_stablehlo();
    let message = format!(
        "compiling the train step for {target} with {} (batch {})",
        target.chip.compiler_name(),
        config.train.batch_size
    );
    Ok(with_elapsed(&message, || {
        plan::compile_for_target(topology, target, &text, config.runtime.devices)
    }))
}

/// Runs `work` with a spinner and the elapsed time on a terminal, or a line saying what runs
/// elsewhere (a compile for a TPU takes minutes on a small machine).
fn with_elapsed<T>(message: &str, work: impl FnOnce() -> T) -> T {
    if !std::io::IsTerminal::is_terminal(&std::io::stderr()) {
        eprintln!("{message} ...");
    }
    let spinner = indicatif::ProgressBar::new_spinner();
    spinner.set_style(
        indicatif::ProgressStyle::with_template("{spinner} {msg} {elapsed}")
            .expect("a valid template"),
    );
    spinner.set_message(message.to_string());
    spinner.enable_steady_tick(Duration::from_millis(200));
    let result = work();
    spinner.finish_and_clear();
    result
}

/// The largest global batch whose step fits, each batch tried on its own line.
fn search_max_batch(
    args: &PlanArgs,
    config: &RunConfig,
    target: &Target,
    topology: &Topology,
) -> anyhow::Result<()> {
    let devices = config.runtime.devices as u64;
    let resolution = args.resolution.map(|r| r.div_ceil(devices) * devices);
    println!(
        "largest global batch that fits (a multiple of {devices}; {}):",
        match resolution {
            Some(r) => format!("bisected to {r} pairs"),
            None => "powers of two".into(),
        }
    );
    let started = Instant::now();
    let found = plan::largest_fitting(
        config.train.batch_size as u64,
        devices,
        resolution,
        |batch| {
            let mut trial = config.clone();
            trial.train.batch_size = batch as usize;
            match compile_config(&trial, target, topology)? {
                Ok(step) => {
                    println!(
                    "  {batch:>8}: fits, {:.2} GiB per chip (temporaries {:.2}), compiled in {:.0} s",
                    gib(plan::device_bytes(&step.memory)),
                    gib(step.memory.temp_bytes),
                    step.compile_time.as_secs_f64()
                );
                    Ok(true)
                }
                Err(TargetPlanError::DoesNotFit {
                    what,
                    needed_gib,
                    available_gib,
                    ..
                }) => {
                    println!(
                    "  {batch:>8}: does not fit, {what} {needed_gib:.2} GiB > {available_gib:.2} \
                     GiB available"
                );
                    Ok(false)
                }
                Err(e) => Err(e.into()),
            }
        },
    )?;
    match found {
        Some(batch) => println!(
            "largest: {batch} ({} pairs per chip), searched in {:.0} s",
            batch / devices,
            started.elapsed().as_secs_f64()
        ),
        None => println!("not even one pair per chip fits"),
    }
    Ok(())
}

/// Seconds in s or ms, three decimals.
fn duration(seconds: f64) -> String {
    match seconds >= 0.1 {
        true => format!("{seconds:.3} s"),
        false => format!("{:.3} ms", seconds * 1e3),
    }
}

fn print_memory(m: &crate::pjrt::MemoryStats) {
    println!("  arguments    {:>9.3} GiB", gib(m.argument_bytes));
    println!(
        "  outputs      {:>9.3} GiB ({:.3} GiB of them reuse donated arguments)",
        gib(m.output_bytes),
        gib(m.alias_bytes)
    );
    println!("  temporaries  {:>9.3} GiB", gib(m.temp_bytes));
    println!("  code         {:>9.3} GiB", gib(m.generated_code_bytes));
    println!(
        "  total        {:>9.3} GiB (arguments + outputs − aliased + temporaries + code)",
        gib(plan::device_bytes(m))
    );
}

/// The step compiled by a client's plugin for `runtime.devices` devices.
fn plan_on_plugin(args: &PlanArgs, config: &RunConfig, layout: &BatchLayout) -> anyhow::Result<()> {
    let devices = layout.replicas();
    let runtime = RuntimeArgs {
        plugin: args.plugin.clone(),
        cpu_devices: Some(devices as i64),
        ..Default::default()
    };
    let client = runtime.open_client()?;
    let step = plan::compile_step(&client, config)
        .with_context(|| format!("compiling the train step for {devices} devices"))?;
    println!(
        "compiled train step ({} plugin, {:.1} s), per device (XLA compiled memory statistics):",
        client.platform_name(),
        step.compile_time.as_secs_f64()
    );
    print_memory(&step.memory);
    if devices > 1 {
        // The loss alone, as the step computes it and as the other global-batch exchange would.
        let local = layout.per_replica() as i64;
        let embed = config.model.text.embed_dim as i64;
        println!("loss alone ({local} pairs per device, embeddings {embed}, value + gradients):");
        for kind in [LossKind::SigmoidRing, LossKind::SigmoidAllgather] {
            let m = plan::loss_memory(&client, kind, devices, local, embed)?;
            let block = (local * local * 4) as f64;
            println!(
                "  {kind:?}: temporaries {:.3} GiB ({:.2} blocks of {local}×{local} f32){}",
                gib(m.temp_bytes),
                m.temp_bytes as f64 / block,
                if kind == config.loss {
                    "  <- this config"
                } else {
                    ""
                }
            );
        }
    }
    Ok(())
}

/// `1234567` as `1,234,567`.
fn group(n: i64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}
