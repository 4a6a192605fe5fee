//! Benchmarks that print figures: the train step of BENCH.md's model (compile time, median step
//! time, host overhead, host↔device traffic) on one device (`bench-small`) or on the 4-device
//! ring (`bench-ring`), and what bf16 and remat change (loss curves, XLA's compiled memory
//! statistics).

use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::data::Batch;
use crate::loss::LossKind;
use crate::model::{init_params, TwoTowerConfig};
use crate::optim::OptimizerConfig;
use crate::pjrt::{Client, MemoryStats, Traffic};
use crate::program::Program;
use crate::tensor::{DType, HostTensor};
use crate::train::phases::{Phase, PhaseClock};
use crate::train::profile::Profile;
use crate::train::{step, StepSpec, Trainer};

/// The model of BENCH.md, shipped as `configs/bench_small.yaml`.
pub const BENCH_MODEL_YAML: &str = include_str!("../configs/bench_small.yaml");

pub fn bench_model() -> Result<TwoTowerConfig> {
    serde_yaml::from_str(BENCH_MODEL_YAML).context("parsing configs/bench_small.yaml")
}

#[derive(Clone, Debug)]
pub struct StepBench {
    pub replicas: usize,
    pub global_batch: i64,
    pub compile: Duration,
    pub median_step: Duration,
    /// Wall time of each timed step, as the caller of `Trainer::step` sees it.
    pub step_times: Vec<Duration>,
    /// Of each timed step, the time outside the plugin's execute (uploading the batch, reading
    /// the metrics, our bookkeeping).
    pub host_times: Vec<Duration>,
    /// Host↔device traffic of all timed steps together.
    pub traffic: Traffic,
    /// Bytes one step must move: the batch shards and `sched` in, the two metrics out, on
    /// every replica. Anything above this would be state copied between host and device.
    pub data_bytes_per_step: u64,
    pub final_loss: f32,
}

impl StepBench {
    pub fn images_per_second(&self) -> f64 {
        self.global_batch as f64 / self.median_step.as_secs_f64()
    }

    pub fn median_host_time(&self) -> Duration {
        median(&self.host_times)
    }

    /// Bytes per step moved between host and device beyond the batch and the metrics (0 when
    /// parameters and optimizer state stay on the devices).
    pub fn state_copy_bytes_per_step(&self) -> u64 {
        let steps = self.step_times.len() as u64;
        let moved = self.traffic.to_device_bytes + self.traffic.to_host_bytes;
        (moved / steps).saturating_sub(self.data_bytes_per_step)
    }
}

fn median(times: &[Duration]) -> Duration {
    let mut sorted = times.to_vec();
    sorted.sort();
    sorted[sorted.len() / 2]
}

/// The process's peak resident memory (`VmHWM` of /proc/self/status), where the OS reports it.
pub fn peak_rss_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

/// Random images in [-1, 1] and random token ids, one shard per replica.
pub fn random_batches(
    cfg: &TwoTowerConfig,
    replicas: usize,
    local_batch: i64,
    seed: u64,
) -> Vec<Batch> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let size = cfg.image.image_size as i64;
    let len = cfg.text.max_len as i64;
    (0..replicas)
        .map(|_| {
            let pixels: Vec<f32> = (0..local_batch * size * size * 3)
                .map(|_| rng.gen_range(-1.0..1.0))
                .collect();
            let ids: Vec<i32> = (0..local_batch * len)
                .map(|_| rng.gen_range(0..cfg.text.vocab_size as i32))
                .collect();
            Batch {
                images: HostTensor::from_slice(&[local_batch, size, size, 3], &pixels)
                    .expect("shape"),
                tokens: HostTensor::from_slice(&[local_batch, len], &ids).expect("shape"),
                labels: None,
            }
        })
        .collect()
}

/// BENCH.md's train step for `replicas` devices (sigmoid loss on one, the ring on several) at
/// `global_batch`, computing as `compute_dtype` and `remat` say.
pub fn bench_spec(
    replicas: usize,
    global_batch: i64,
    compute_dtype: DType,
    remat: bool,
) -> Result<StepSpec> {
    Ok(StepSpec {
        loss: if replicas == 1 {
            LossKind::Sigmoid
        } else {
            LossKind::SigmoidRing
        },
        optimizer: OptimizerConfig::bench(),
        replicas,
        local_batch: global_batch / replicas as i64,
        model: bench_model()?,
        dtype: DType::F32,
        compute_dtype,
        remat,
    })
}

/// Compiles BENCH.md's train step (f32, no remat), runs `warmup` steps, then times `steps`
/// steps (new random batch each step).
pub fn train_step(
    client: &Client,
    replicas: usize,
    global_batch: i64,
    warmup: usize,
    steps: usize,
) -> Result<StepBench> {
    let spec = bench_spec(replicas, global_batch, DType::F32, false)?;
    time_steps(client, &spec, warmup, steps, None)
}

/// Compiles `spec`'s step, runs `warmup` steps, then times `steps` steps (new random batch
/// each step); with `profile`, records the timed steps into it.
pub fn time_steps(
    client: &Client,
    spec: &StepSpec,
    warmup: usize,
    steps: usize,
    mut profile: Option<Profile>,
) -> Result<StepBench> {
    anyhow::ensure!(steps > 0, "no steps to time");
    let model = &spec.model;
    let params = init_params(&model.param_specs()?, 0);
    let mut trainer = Trainer::new(client, spec, &params)?;
    let mut step_times = Vec::with_capacity(steps);
    let mut host_times = Vec::with_capacity(steps);
    let mut traffic = Traffic::default();
    let mut final_loss = f32::NAN;
    let mut data_bytes_per_step = 0;
    let mut clock = PhaseClock::default();
    for i in 0..warmup + steps {
        if let Some(profile) = profile.as_mut().filter(|_| i == warmup) {
            profile.start();
        }
        clock.trace_step((profile.is_some() && i >= warmup).then_some(i as u64 + 1));
        let shards = clock.time(Phase::Input, || {
            random_batches(model, spec.replicas, spec.local_batch, i as u64)
        });
        data_bytes_per_step = shards
            .iter()
            .map(|s| (s.images.data.len() + s.tokens.data.len()) as u64)
            .sum::<u64>()
            // `sched` in, `metrics/loss` and `metrics/grad_norm` out: three f32 per replica.
            + 3 * 4 * spec.replicas as u64;
        let before = client.traffic();
        let start = Instant::now();
        final_loss = clock.time(Phase::Step, || trainer.step(1.0, &shards))?.loss as f32;
        let took = start.elapsed();
        let moved = client.traffic() - before;
        if i >= warmup {
            step_times.push(took);
            host_times.push(took.saturating_sub(moved.execute_time));
            traffic = traffic + moved;
        }
    }
    if let Some(profile) = profile {
        profile.write(&clock.take_trace())?;
    }
    Ok(StepBench {
        replicas: spec.replicas,
        global_batch: spec.local_batch * spec.replicas as i64,
        compile: trainer.compile_time(),
        median_step: median(&step_times),
        step_times,
        host_times,
        traffic,
        data_bytes_per_step,
        final_loss,
    })
}

/// The losses of `steps` steps of `spec` from the same initial parameters on one fixed batch
/// (a memorisation task, so the curve falls), one loss per step.
pub fn loss_curve(client: &Client, spec: &StepSpec, steps: usize) -> Result<Vec<f32>> {
    let params = init_params(&spec.model.param_specs()?, 0);
    let mut trainer = Trainer::new(client, spec, &params)?;
    let shards = random_batches(&spec.model, spec.replicas, spec.local_batch, 0);
    (0..steps)
        .map(|_| Ok(trainer.step(1.0, &shards)?.loss as f32))
        .collect()
}

/// XLA's compiled memory statistics of `spec`'s step (compiled, not run).
pub fn step_memory(client: &Client, spec: &StepSpec) -> Result<MemoryStats> {
    let program = Program::compile_named(client, step::build(spec)?)?;
    Ok(program.executable.memory_stats()?)
}
