//! The loss benchmark behind `siglip bench loss`: one contrastive loss and its gradients with
//! respect to the embeddings, t' and b, compiled for D devices on random embeddings; reports
//! XLA's compiled memory statistics (the loss's temporaries, in bytes and in `n × n` blocks),
//! the size of the StableHLO text, compile time and the median forward+backward time.

use std::time::{Duration, Instant};

use anyhow::{ensure, Context, Result};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::Serialize;

use crate::loss::{self, LossKind};
use crate::pjrt::{Arg, Client};
use crate::program::{NamedValues, Program};
use crate::tensor::{DType, HostTensor};

/// What to measure.
#[derive(Clone, Debug)]
pub struct LossBenchSpec {
    pub loss: LossKind,
    pub replicas: usize,
    /// Pairs per device (`n`).
    pub batch_per_device: i64,
    /// Embedding width (`d`).
    pub dim: i64,
    pub dtype: DType,
    /// Timed forward+backward runs after one warm-up run; 0 compiles only.
    pub steps: usize,
}

/// The figures of one run, printed as one JSON line.
#[derive(Clone, Debug, Serialize)]
pub struct LossBenchReport {
    pub loss: LossKind,
    pub replicas: usize,
    pub batch_per_device: i64,
    pub dim: i64,
    pub dtype: String,
    /// XLA's temporaries per device.
    pub temp_bytes: i64,
    /// `temp_bytes` in logits blocks of `n² × 4` bytes.
    pub blocks: f64,
    pub argument_bytes: i64,
    pub output_bytes: i64,
    /// Length of the StableHLO text handed to the compiler.
    pub program_bytes: usize,
    pub compile_s: f64,
    /// Median forward+backward time (absent when `steps` is 0).
    pub step_ms_median: Option<f64>,
    pub steps: usize,
}

/// Inputs of the loss program ([`loss::loss_and_gradients`]), in parameter order.
const INPUTS: [&str; 4] = ["x", "y", "t_prime", "b"];

pub fn run(client: &Client, spec: &LossBenchSpec) -> Result<LossBenchReport> {
    ensure!(
        client.devices().len() >= spec.replicas,
        "--replicas {} needs {} devices, but the {} plugin offers {}",
        spec.replicas,
        spec.replicas,
        client.platform_name(),
        client.devices().len()
    );
    let module = loss::loss_and_gradients(
        spec.loss,
        spec.replicas,
        spec.batch_per_device,
        spec.dim,
        spec.dtype,
    )?;
    let program_bytes = module.to_stablehlo().len();
    let program = Program::compile(client, module).context("compiling the loss program")?;
    let memory = program.executable.memory_stats()?;
    let step_ms_median = if spec.steps == 0 {
        None
    } else {
        Some(median_step(client, &program, spec)?.as_secs_f64() * 1e3)
    };
    let n = spec.batch_per_device;
    Ok(LossBenchReport {
        loss: spec.loss,
        replicas: spec.replicas,
        batch_per_device: n,
        dim: spec.dim,
        dtype: spec.dtype.to_string(),
        temp_bytes: memory.temp_bytes,
        blocks: memory.temp_bytes as f64 / (n * n * 4) as f64,
        argument_bytes: memory.argument_bytes,
        output_bytes: memory.output_bytes,
        program_bytes,
        compile_s: program.compile_time.as_secs_f64(),
        step_ms_median,
        steps: spec.steps,
    })
}

/// Uploads random embeddings (t' = log 10, b = −10 as at init) once, runs the program once to
/// warm up and `spec.steps` times timed, each run waited for on every device.
fn median_step(client: &Client, program: &Program, spec: &LossBenchSpec) -> Result<Duration> {
    let mut rng = ChaCha8Rng::seed_from_u64(0);
    let rows = spec.batch_per_device * spec.dim;
    let mut buffers = Vec::with_capacity(spec.replicas);
    for &device in program.executable.devices() {
        let shape = [spec.batch_per_device, spec.dim];
        let mut embedding =
            || -> Vec<f64> { (0..rows).map(|_| rng.gen_range(-1.0..1.0)).collect() };
        let host = [
            host_tensor(spec.dtype, &shape, &embedding())?,
            host_tensor(spec.dtype, &shape, &embedding())?,
            host_tensor(spec.dtype, &[], &[10f64.ln()])?,
            host_tensor(spec.dtype, &[], &[-10.0])?,
        ];
        let on_device = host
            .iter()
            .map(|t| client.buffer_from_host(t, device))
            .collect::<Result<Vec<_>, _>>()?;
        buffers.push(on_device);
    }
    let mut times = Vec::with_capacity(spec.steps);
    for i in 0..=spec.steps {
        let args = buffers
            .iter()
            .map(|replica| {
                let mut named = NamedValues::new();
                for (name, buffer) in INPUTS.iter().zip(replica) {
                    named.insert(*name, Arg::Borrowed(buffer))?;
                }
                Ok(named)
            })
            .collect::<Result<Vec<_>>>()?;
        let start = Instant::now();
        for outputs in program.run(args)? {
            for (_, buffer) in outputs.iter() {
                buffer.await_ready()?;
            }
        }
        if i > 0 {
            times.push(start.elapsed());
        }
    }
    times.sort();
    Ok(times[times.len() / 2])
}

fn host_tensor(dtype: DType, shape: &[i64], values: &[f64]) -> Result<HostTensor> {
    Ok(match dtype {
        DType::F64 => HostTensor::from_slice(shape, values)?,
        DType::F32 => {
            let v: Vec<f32> = values.iter().map(|&x| x as f32).collect();
            HostTensor::from_slice(shape, &v)?
        }
        other => anyhow::bail!("the loss benchmark runs in f32 or f64, not {other}"),
    })
}
