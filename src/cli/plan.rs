//! `siglip plan -c CONFIG [--set K=V]... [--fits ACCELERATOR]`: what a run costs before it is
//! launched (`crate::plan`): parameters per tower, FLOPs per step, and the per-device memory of
//! the compiled (not run) train step on `runtime.devices` devices, against an accelerator.

use anyhow::Context;

use super::config::ConfigArgs;
use super::devices::RuntimeArgs;
use crate::loss::LossKind;
use crate::plan::{self, accelerator_bytes};
use crate::train::components::batch_layout;

#[derive(clap::Args)]
pub struct PlanArgs {
    #[command(flatten)]
    pub config: ConfigArgs,
    /// Say whether one device's memory fits this accelerator: tpu-v4 (32 GiB), tpu-v5e,
    /// tpu-v5p, a100, h100 (80 GiB), h200.
    #[arg(long, value_name = "ACCELERATOR")]
    pub fits: Option<String>,
    /// Count parameters and FLOPs only; do not compile the step.
    #[arg(long)]
    pub no_compile: bool,
    /// PJRT plugin to compile with [default: cpu, with runtime.devices virtual devices; the
    /// config's runtime.plugin is for running, a plan compiles wherever it is asked].
    #[arg(long, value_name = "PATH|cpu|cuda|tpu")]
    pub plugin: Option<String>,
}

pub fn run(args: PlanArgs) -> anyhow::Result<()> {
    let config = args.config.load()?;
    // Checked before the (long) compile.
    let budget = args.fits.as_deref().map(accelerator_bytes).transpose()?;
    let gib = |bytes: i64| bytes as f64 / (1u64 << 30) as f64;
    let layout = batch_layout(&config, 1)?;
    let devices = layout.replicas();
    println!(
        "config: {} ({} devices, global batch {}, {} pairs per device, loss {:?}, dtype {:?})",
        args.config.config.display(),
        devices,
        layout.global_batch(),
        layout.per_replica(),
        config.loss,
        config.runtime.dtype
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
        0 => "0× (cached embeddings: not in the step)",
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
    if args.no_compile {
        return Ok(());
    }
    let runtime = RuntimeArgs {
        plugin: args.plugin.clone(),
        cpu_devices: Some(devices as i64),
        ..Default::default()
    };
    let client = runtime.open_client()?;
    let step = plan::compile_step(&client, &config)
        .with_context(|| format!("compiling the train step for {devices} devices"))?;
    let m = &step.memory;
    println!(
        "compiled train step ({} plugin, {:.1} s), per device (XLA compiled memory statistics):",
        client.platform_name(),
        step.compile_time.as_secs_f64()
    );
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
        gib(step.device_bytes())
    );
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
    if let (Some(name), Some(budget)) = (&args.fits, budget) {
        let need = step.device_bytes();
        let verdict = if need as u64 <= budget {
            "fits"
        } else {
            "does NOT fit"
        };
        println!(
            "{name}: {verdict} ({:.2} GiB of {:.0} GiB per device; compiled by the {} plugin, \
             whose fusion and layout choices differ from the target's)",
            gib(need),
            gib(budget as i64),
            client.platform_name()
        );
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
