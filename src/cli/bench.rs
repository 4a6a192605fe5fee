//! `siglip bench`: the train step of BENCH.md's model, timed (bench-small, bench-ring).

use anyhow::Result;

use super::devices::RuntimeArgs;

#[derive(clap::Args)]
pub struct BenchArgs {
    #[command(flatten)]
    runtime: RuntimeArgs,
    /// Devices: 1 is bench-small (sigmoid loss), 4 is bench-ring (chunked ring loss).
    #[arg(long, default_value_t = 1)]
    replicas: usize,
    /// Global batch, split evenly over the replicas.
    #[arg(long, default_value_t = 128)]
    batch: i64,
    #[arg(long, default_value_t = 5)]
    warmup: usize,
    #[arg(long, default_value_t = 20)]
    steps: usize,
}

pub fn run(args: BenchArgs) -> Result<()> {
    anyhow::ensure!(
        args.replicas > 0 && args.batch % args.replicas as i64 == 0,
        "--batch {} does not split over {} replicas",
        args.batch,
        args.replicas
    );
    let mut runtime = args.runtime;
    runtime.cpu_devices = runtime.cpu_devices.or(Some(args.replicas as i64));
    let client = runtime.open_client()?;
    let name = if args.replicas == 1 {
        "bench-small"
    } else {
        "bench-ring"
    };
    let r = crate::bench::train_step(&client, args.replicas, args.batch, args.warmup, args.steps)?;
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
