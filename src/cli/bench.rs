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
}

pub fn run(args: BenchArgs) -> Result<()> {
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
