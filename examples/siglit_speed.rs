//! SigLiT on precomputed image embeddings, measured: the train step of BENCH.md's model (bench_small towers,
//! batch 128, one device) with the frozen image tower in the program against the step on
//! precomputed image embeddings (no image tower). Both trainers live in one process and their
//! steps alternate, so a busy machine slows both alike; the ratio of the medians is the figure.
//! XLA's compiled memory statistics of both steps are printed too (deterministic).
//!
//! `cargo run --release --example siglit_speed [-- PLUGIN [STEPS]]` (PLUGIN: path, cpu, cuda or
//! tpu; default as for `siglip devices`; STEPS timed per step kind, default 10).

use std::time::{Duration, Instant};

use anyhow::Result;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use siglip::bench::{bench_spec, random_batches};
use siglip::model::init_params;
use siglip::pjrt::{Client, ClientOptions, Plugin, PluginSpec};
use siglip::program::NamedValues;
use siglip::tensor::{DType, HostTensor};
use siglip::train::siglit::freeze_image_tower;
use siglip::train::step::{IMAGE_EMBEDDINGS, TOKENS};
use siglip::train::trainer::pixel_inputs;
use siglip::train::{ImageInput, Trainer};

const BATCH: i64 = 128;
const WARMUP: usize = 2;

fn median(times: &mut [Duration]) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn main() -> Result<()> {
    let spec_arg = std::env::args().nth(1);
    let steps: usize = std::env::args()
        .nth(2)
        .map_or(Ok(10), |s| s.parse())
        .map_err(|e| anyhow::anyhow!("STEPS: {e}"))?;
    let client = Client::new(
        Plugin::open(&PluginSpec::from_arg_or_env(spec_arg.as_deref()))?,
        ClientOptions::default(),
    )?;
    let mut spec = bench_spec(1, BATCH, DType::F32, false)?;
    spec.optimizer = freeze_image_tower(&spec.optimizer, &spec.model)?;
    let params = init_params(&spec.model.param_specs()?, 0);

    let mut in_step = Trainer::new_with(&client, &spec, ImageInput::Pixels, &params)?;
    let mut cached = Trainer::new_with(&client, &spec, ImageInput::Embeddings, &params)?;
    for (name, trainer) in [
        ("image tower in the step", &in_step),
        ("cached embeddings", &cached),
    ] {
        let m = trainer.program().executable.memory_stats()?;
        println!(
            "{name}: compiled in {:.1} s; XLA temporaries {:.1} MiB, arguments {:.1} MiB",
            trainer.compile_time().as_secs_f64(),
            m.temp_bytes as f64 / (1 << 20) as f64,
            m.argument_bytes as f64 / (1 << 20) as f64
        );
    }

    let embed_dim = spec.model.image.embed_dim() as i64;
    let mut rng = ChaCha8Rng::seed_from_u64(0);
    let (mut pixel_times, mut cached_times) = (Vec::new(), Vec::new());
    for i in 0..WARMUP + steps {
        let batch = random_batches(&spec.model, 1, BATCH, i as u64).remove(0);
        let start = Instant::now();
        in_step.step_on(1.0, vec![pixel_inputs(&spec.model, &batch)?])?;
        let pixel_time = start.elapsed();

        let embeddings: Vec<f32> = (0..BATCH * embed_dim)
            .map(|_| rng.gen_range(-1.0..1.0))
            .collect();
        let mut inputs = NamedValues::new();
        inputs.insert(
            IMAGE_EMBEDDINGS,
            HostTensor::from_slice(&[BATCH, embed_dim], &embeddings)?,
        )?;
        inputs.insert(TOKENS, batch.tokens.clone())?;
        let start = Instant::now();
        cached.step_on(1.0, vec![inputs])?;
        let cached_time = start.elapsed();
        if i >= WARMUP {
            pixel_times.push(pixel_time);
            cached_times.push(cached_time);
        }
    }
    let (pixels, embeddings) = (median(&mut pixel_times), median(&mut cached_times));
    println!(
        "median step over {steps} alternating steps: image tower in the step {:.1} ms, cached \
         embeddings {:.1} ms: {:.2}x faster",
        pixels.as_secs_f64() * 1e3,
        embeddings.as_secs_f64() * 1e3,
        pixels.as_secs_f64() / embeddings.as_secs_f64()
    );
    Ok(())
}
