//! `siglip bench`: the train step of BENCH.md's model, timed (bench-small, bench-ring).

use anyhow::Result;

use super::devices::RuntimeArgs;

#[derive(clap::Args)]
pub struct BenchArgs {
    #[command(flatten)]
    runtime: RuntimeArgs,
    /// Devices: 1 is bench-small (sigmoid loss), 4 is bench-ring (chunked ring loss).
    #[arg(long, default_value_t = 1, value_parser = super::at_least_one)]
    replicas: usize,
    /// Global batch, split evenly over the replicas.
    #[arg(long, default_value_t = 128, value_parser = super::at_least_one)]
    batch: usize,
    #[arg(long, default_value_t = 5)]
    warmup: usize,
    /// Timed steps (at least 1).
    #[arg(long, default_value_t = 20, value_parser = super::at_least_one)]
    steps: usize,
    /// Instead of timing: the loss curves of `--steps` steps at f32 and bf16 (same initial
    /// parameters, one fixed batch) and the step's compiled temporary memory with and without
    /// remat (one device).
    #[arg(long)]
    precision: bool,
    #[command(subcommand)]
    what: Option<BenchWhat>,
}

/// Benchmarks other than the train step.
#[derive(clap::Subcommand)]
enum BenchWhat {
    /// One contrastive loss with its gradients: XLA's temporaries and forward+backward time.
    Loss(super::bench_loss::LossBenchArgs),
}

pub fn run(args: BenchArgs) -> Result<()> {
    if let Some(BenchWhat::Loss(loss_args)) = args.what {
        return super::bench_loss::run(loss_args);
    }
    anyhow::ensure!(
        args.batch.is_multiple_of(args.replicas),
        "--batch {} does not split evenly over --replicas {}",
        args.batch,
        args.replicas
    );
    let mut runtime = args.runtime;
    let replicas = args.replicas as i64;
    if let Some(devices) = runtime.cpu_devices {
        anyhow::ensure!(
            devices >= replicas,
            "--replicas {replicas} needs at least {replicas} devices, but --cpu-devices is {devices}"
        );
    }
    runtime.cpu_devices = runtime.cpu_devices.or(Some(replicas));
    let client = runtime.open_client()?;
    // Checked before compiling (which takes seconds): a plugin may offer fewer devices.
    anyhow::ensure!(
        client.devices().len() >= args.replicas,
        "--replicas {} needs {} devices, but the {} plugin offers {}",
        args.replicas,
        args.replicas,
        client.platform_name(),
        client.devices().len()
    );
    if args.precision {
        return precision_report(&client, args.batch as i64, args.steps);
    }
    let name = if args.replicas == 1 {
        "bench-small"
    } else {
        "bench-ring"
    };
    let r = crate::bench::train_step(
        &client,
        args.replicas,
        args.batch as i64,
        args.warmup,
        args.steps,
    )?;
    println!(
        "{name}: {} replica(s), batch {}, platform {}: compile {:.2} s, median step {:.1} ms over {} steps \
         ({:.1} images/s), loss after {} steps {:.4}",
        r.replicas,
        r.global_batch,
        client.platform_name(),
        r.compile.as_secs_f64(),
        r.median_step.as_secs_f64() * 1e3,
        r.step_times.len(),
        r.images_per_second(),
        args.warmup + args.steps,
        r.final_loss
    );
    Ok(())
}

/// Prints the figures issue 9's note asks for: how far bf16's loss curve strays from f32's, and
/// how much remat lowers XLA's temporary memory of the step.
fn precision_report(client: &crate::pjrt::Client, batch: i64, steps: usize) -> Result<()> {
    use crate::bench::{bench_spec, loss_curve, step_memory};
    use crate::tensor::DType;
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
