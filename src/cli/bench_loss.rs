//! `siglip bench loss`: XLA's temporaries, program size, compile time and forward+backward time
//! of one contrastive loss with its gradients (see `crate::bench_loss`), as one JSON line.

use anyhow::Result;

use super::devices::RuntimeArgs;
use crate::bench_loss::{self, LossBenchSpec};
use crate::loss::LossKind;
use crate::tensor::DType;

#[derive(clap::Args)]
pub struct LossBenchArgs {
    #[command(flatten)]
    runtime: RuntimeArgs,
    /// sigmoid | sigmoid_ring | sigmoid_allgather | softmax
    #[arg(long, value_parser = loss_kind)]
    loss: LossKind,
    /// Devices (D).
    #[arg(long, default_value_t = 1, value_parser = super::at_least_one)]
    replicas: usize,
    /// Pairs per device (n).
    #[arg(long, default_value_t = 4096, value_parser = super::at_least_one)]
    batch_per_device: usize,
    /// Embedding width (d).
    #[arg(long, default_value_t = 512, value_parser = super::at_least_one)]
    dim: usize,
    /// f32 or f64.
    #[arg(long, default_value = "f32", value_parser = float_dtype)]
    dtype: DType,
    /// Timed runs after one warm-up run; 0 compiles only.
    #[arg(long, default_value_t = 3)]
    steps: usize,
}

fn loss_kind(text: &str) -> Result<LossKind, String> {
    serde_yaml::from_str(text).map_err(|_| {
        format!("unknown loss `{text}` (sigmoid, sigmoid_ring, sigmoid_allgather, softmax)")
    })
}

fn float_dtype(text: &str) -> Result<DType, String> {
    match text {
        "f32" => Ok(DType::F32),
        "f64" => Ok(DType::F64),
        _ => Err(format!("`{text}`: the loss benchmark runs in f32 or f64")),
    }
}

pub fn run(args: LossBenchArgs) -> Result<()> {
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
    let spec = LossBenchSpec {
        loss: args.loss,
        replicas: args.replicas,
        batch_per_device: args.batch_per_device as i64,
        dim: args.dim as i64,
        dtype: args.dtype,
        steps: args.steps,
    };
    let report = bench_loss::run(&client, &spec)?;
    println!("{}", serde_json::to_string(&report)?);
    Ok(())
}
