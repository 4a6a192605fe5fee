//! Benchmarks that print figures: the train step of BENCH.md's model (compile time, median step
//! time) on one device (`bench-small`) or on the 4-device ring (`bench-ring`).

use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::data::Batch;
use crate::loss::LossKind;
use crate::model::{init_params, TwoTowerConfig};
use crate::optim::OptimizerConfig;
use crate::pjrt::Client;
use crate::tensor::HostTensor;
use crate::train::{StepSpec, Trainer};

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
    pub step_times: Vec<Duration>,
    pub final_loss: f32,
}

impl StepBench {
    pub fn images_per_second(&self) -> f64 {
        self.global_batch as f64 / self.median_step.as_secs_f64()
    }
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

/// Compiles BENCH.md's train step for `replicas` devices (sigmoid loss on one, the ring on
/// several), runs `warmup` steps, then times `steps` steps (new random batch each step).
pub fn train_step(
    client: &Client,
    replicas: usize,
    global_batch: i64,
    warmup: usize,
    steps: usize,
) -> Result<StepBench> {
    let model = bench_model()?;
    let spec = StepSpec {
        loss: if replicas == 1 {
            LossKind::Sigmoid
        } else {
            LossKind::SigmoidRing
        },
        optimizer: OptimizerConfig::bench(),
        replicas,
        local_batch: global_batch / replicas as i64,
        model: model.clone(),
    };
    let params = init_params(&model.param_specs()?, 0);
    let mut trainer = Trainer::new(client, &spec, &params)?;
    let mut step_times = Vec::with_capacity(steps);
    let mut final_loss = f32::NAN;
    for i in 0..warmup + steps {
        let shards = random_batches(&model, replicas, spec.local_batch, i as u64);
        let start = Instant::now();
        final_loss = trainer.step(1.0, &shards)?.loss;
        if i >= warmup {
            step_times.push(start.elapsed());
        }
    }
    let mut sorted = step_times.clone();
    sorted.sort();
    Ok(StepBench {
        replicas,
        global_batch,
        compile: trainer.compile_time(),
        median_step: sorted[sorted.len() / 2],
        step_times,
        final_loss,
    })
}
