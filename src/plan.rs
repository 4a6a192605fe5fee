//! What a run config costs before it is launched: parameters per tower (trainable and frozen),
//! matmul FLOPs per step counted from the model's dimensions, and the per-device memory of the
//! compiled train step from XLA's compiled memory statistics (the step is compiled for the
//! configured devices, never run), against the memory of a named accelerator.
//!
//! FLOPs: a matmul `[m, k] × [k, n]` is `2·m·k·n`. Forward per example of a tower with `n`
//! tokens, width `d`, MLP `m`, depth `L`: `L·(8·n·d² + 4·n²·d + 4·n·d·m)` (q, k, v, out
//! projections; scores and weighted sum; the two MLP layers; with a pooling that reads one
//! token, the last block's terms other than keys and values count that token only), plus the
//! patch embedding `2·n·(p²·3)·d`, a MAP head `4·d² + 4·n·d² + 4·n·d + 4·d·m` and a linear
//! head `2·d·e`. The loss's logits are `2·B²·e` for the global batch `B`. Backward costs twice
//! the forward, so a trained tower and the loss count 3×, a frozen tower (forward only) 1×, and
//! SigLiT's image tower on cached embeddings 0× (the step is the one `siglip train` runs:
//! [`crate::train::components::step_spec`]).

use std::collections::BTreeMap;
use std::time::Duration;

use anyhow::{bail, Result};

use crate::config::RunConfig;

use crate::loss::{self, LossKind};
use crate::model::text::{TextConfig, TextPool};
use crate::model::two_towers::{IMAGE, TEXT};
use crate::model::vit::{ImageHead, Pool, ViTConfig};
use crate::optim::Optimizer;
use crate::pjrt::{Client, MemoryStats};
use crate::program::Program;
use crate::tensor::DType;
use crate::train::{components, step, ImageInput};

/// Accelerators `--fits` knows, with their memory per device (HBM) in GiB.
pub const ACCELERATORS: [(&str, u64); 6] = [
    ("tpu-v4", 32),
    ("tpu-v5e", 16),
    ("tpu-v5p", 95),
    ("a100", 80),
    ("h100", 80),
    ("h200", 141),
];

/// Memory per device of a named accelerator, in bytes.
pub fn accelerator_bytes(name: &str) -> Result<u64> {
    match ACCELERATORS.iter().find(|(n, _)| *n == name) {
        Some((_, gib)) => Ok(gib << 30),
        None => bail!(
            "unknown accelerator `{name}` (known: {})",
            ACCELERATORS.map(|(n, _)| n).join(", ")
        ),
    }
}

/// Parameter elements of one part of the model.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ParamCount {
    pub trainable: i64,
    pub frozen: i64,
}

/// Parameter counts by part: `img`, `txt`, and the loss's scalars `t`, `b` under `scalars`;
/// frozen as the run's step freezes them (SigLiT: the whole image tower).
pub fn param_counts(config: &RunConfig) -> Result<BTreeMap<String, ParamCount>> {
    let specs = config.model.param_specs()?;
    let (spec, _) = components::step_spec(config)?;
    let optimizer = Optimizer::new(&spec.optimizer, specs.iter().map(|p| p.path.as_str()))?;
    let mut counts: BTreeMap<String, ParamCount> = BTreeMap::new();
    for spec in &specs {
        let part = match spec.path.split_once('/') {
            Some((tower, _)) if tower == IMAGE || tower == TEXT => tower,
            _ => "scalars",
        };
        let count = counts.entry(part.to_string()).or_default();
        if optimizer.is_frozen(&spec.path) {
            count.frozen += spec.element_count();
        } else {
            count.trainable += spec.element_count();
        }
    }
    Ok(counts)
}

/// Transformer encoder forward FLOPs per example: `depth` blocks over `n` tokens, the last one
/// computing queries, attention output and MLP only at the `kept` tokens its pooling reads
/// (`transformer::encoder`); keys and values at all `n`.
fn encoder_flops(n: i64, d: i64, m: i64, depth: i64, kept: i64) -> i64 {
    let block = |k: i64| 4 * n * d * d + 4 * k * d * d + 4 * k * n * d + 4 * k * d * m;
    match depth {
        0 => 0,
        _ => (depth - 1) * block(n) + block(kept),
    }
}

/// MAP head forward FLOPs per example: a one-token probe attending to `n` tokens, then its MLP.
fn map_head_flops(n: i64, d: i64, m: i64) -> i64 {
    4 * d * d + 4 * n * d * d + 4 * n * d + 4 * d * m
}

/// Image tower forward FLOPs per example.
pub fn image_forward_flops(cfg: &ViTConfig) -> i64 {
    let (d, m) = (cfg.width as i64, cfg.mlp_dim as i64);
    let patches = cfg.num_patches() as i64;
    let p = cfg.patch_size as i64;
    // Tokens the encoder runs on, those its last block must compute for the pooling, and the
    // pooling's own matmuls.
    let (tokens, kept, pool_flops) = match cfg.pool {
        Pool::Tok => (patches + 1, 1, 0),
        Pool::Gap => (patches, patches, 0),
        Pool::Map => (patches, patches, map_head_flops(patches, d, m)),
    };
    let mut flops = 2 * patches * (p * p * 3) * d
        + encoder_flops(tokens, d, m, cfg.depth as i64, kept)
        + pool_flops;
    if let ImageHead::Linear(e) = cfg.head {
        flops += 2 * d * e as i64;
    }
    flops
}

/// Text tower forward FLOPs per example of `max_len` tokens (the embedding is a lookup).
pub fn text_forward_flops(cfg: &TextConfig) -> i64 {
    let (d, m, n) = (cfg.width as i64, cfg.mlp_dim as i64, cfg.max_len as i64);
    let (kept, pool_flops) = match cfg.pool {
        TextPool::Last | TextPool::First => (1, 0),
        TextPool::Mean => (n, 0),
        TextPool::Map => (n, map_head_flops(n, d, m)),
    };
    encoder_flops(n, d, m, cfg.depth as i64, kept) + pool_flops + 2 * d * cfg.embed_dim as i64
}

/// Matmul FLOPs of one train step over all devices.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StepFlops {
    /// Forward per example.
    pub image_forward: i64,
    pub text_forward: i64,
    /// How often the step runs each tower's forward: 3 trained (forward + 2× backward),
    /// 1 frozen, 0 for an image tower whose embeddings are cached (it is not in the step).
    pub image_passes: i64,
    pub text_passes: i64,
    /// Logits of the global batch, forward.
    pub loss_forward: i64,
    /// Everything: towers × batch × passes + loss × 3.
    pub total: i64,
}

/// Forward passes of a tower in the step: see [`StepFlops::image_passes`].
fn passes(in_step: bool, trained: bool) -> i64 {
    match (in_step, trained) {
        (false, _) => 0,
        (true, false) => 1,
        (true, true) => 3,
    }
}

pub fn step_flops(config: &RunConfig) -> Result<StepFlops> {
    let counts = param_counts(config)?;
    let trained = |part: &str| counts.get(part).is_some_and(|c| c.trainable > 0);
    let (_, image_input) = components::step_spec(config)?;
    let image_passes = passes(image_input == ImageInput::Pixels, trained(IMAGE));
    let text_passes = passes(true, trained(TEXT));
    let batch = config.train.batch_size as i64;
    let image_forward = image_forward_flops(&config.model.image);
    let text_forward = text_forward_flops(&config.model.text);
    let loss_forward = 2 * batch * batch * config.model.text.embed_dim as i64;
    let total =
        batch * (image_forward * image_passes + text_forward * text_passes) + 3 * loss_forward;
    Ok(StepFlops {
        image_forward,
        text_forward,
        image_passes,
        text_passes,
        loss_forward,
        total,
    })
}

/// A config's compiled train step.
#[derive(Clone, Debug)]
pub struct StepPlan {
    pub memory: MemoryStats,
    pub compile_time: Duration,
}

impl StepPlan {
    /// Device memory one replica needs while the step runs: arguments, plus outputs that do
    /// not reuse a donated argument, plus temporaries, plus the program's code.
    pub fn device_bytes(&self) -> i64 {
        let m = &self.memory;
        m.argument_bytes + m.output_bytes - m.alias_bytes + m.temp_bytes + m.generated_code_bytes
    }
}

/// Compiles (does not run) the config's train step on `client`, which must offer
/// `runtime.devices` devices.
pub fn compile_step(client: &Client, config: &RunConfig) -> Result<StepPlan> {
    let devices = config.runtime.devices;
    if client.devices().len() < devices {
        bail!(
            "runtime.devices is {devices} but the {} plugin offers {}",
            client.platform_name(),
            client.devices().len()
        );
    }
    let (spec, image_input) = components::step_spec(config)?;
    let program = Program::compile_named(client, step::build_with(&spec, image_input)?)?;
    Ok(StepPlan {
        memory: program.executable.memory_stats()?,
        compile_time: program.compile_time,
    })
}

/// Compiled memory of the loss alone on `replicas` devices with `local_batch` pairs each and
/// embeddings of size `embed_dim` (f32): its value and gradients, as in the train step. This is
/// where the ring and the all-gather differ.
pub fn loss_memory(
    client: &Client,
    kind: LossKind,
    replicas: usize,
    local_batch: i64,
    embed_dim: i64,
) -> Result<MemoryStats> {
    let module = loss::loss_and_gradients(kind, replicas, local_batch, embed_dim, DType::F32)?;
    let program = Program::compile(client, module)?;
    Ok(program.executable.memory_stats()?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::Graph;
    use crate::model::params::Params;
    use crate::model::two_towers::{self, TwoTowerConfig};

    /// `2 · |output| · Π contracting dims` of every `stablehlo.dot_general` in `text`.
    fn dot_flops(text: &str) -> i64 {
        let dims = |t: &str| -> Vec<i64> {
            let inner = t.trim().trim_start_matches("tensor<").trim_end_matches('>');
            let mut parts: Vec<&str> = inner.split('x').collect();
            parts.pop(); // the element type
            parts.iter().map(|p| p.parse().unwrap()).collect()
        };
        let list = |line: &str, key: &str| -> Vec<usize> {
            let start = line.find(key).unwrap() + key.len();
            let end = start + line[start..].find(']').unwrap();
            line[start..end]
                .split(',')
                .filter(|s| !s.trim().is_empty())
                .map(|s| s.trim().parse().unwrap())
                .collect()
        };
        text.lines()
            .filter(|l| l.contains("\"stablehlo.dot_general\""))
            .map(|line| {
                let signature = line.rsplit(" : ").next().unwrap();
                let (inputs, output) = signature.split_once(" -> ").unwrap();
                let lhs = inputs.trim_start_matches('(').split(", ").next().unwrap();
                let lhs = dims(lhs);
                let contracting: i64 = list(line, "lhs_contracting_dimensions = [")
                    .iter()
                    .map(|&i| lhs[i])
                    .product();
                2 * dims(output).iter().product::<i64>() * contracting
            })
            .sum()
    }

    /// The formula equals the matmul FLOPs of the forward program the model builds, for each
    /// pooling and head.
    #[test]
    fn forward_flops_match_the_program() {
        for (pool, text_pool, head) in [
            ("map", "last", "{linear: 24}"),
            ("gap", "map", "{linear: 24}"),
            ("tok", "mean", "{linear: 24}"),
            ("map", "first", "none"),
        ] {
            let embed = if head == "none" { 16 } else { 24 };
            let yaml = format!(
                "image: {{width: 16, depth: 2, mlp_dim: 40, num_heads: 2, patch_size: 4, \
                 image_size: 12, pool: {pool}, head: {head}}}\n\
                 text: {{vocab_size: 30, max_len: 7, width: 8, depth: 3, mlp_dim: 20, \
                 num_heads: 2, pool: {text_pool}, embed_dim: {embed}}}"
            );
            let cfg: TwoTowerConfig = serde_yaml::from_str(&yaml).unwrap();
            let batch = 3;
            let g = Graph::new();
            let params = Params::declare_specs(&g, &cfg.param_specs().unwrap(), DType::F32);
            let images = g.parameter("images", DType::F32, &[batch, 12, 12, 3]);
            let tokens = g.parameter("tokens", DType::I32, &[batch, 7]);
            let emb = two_towers::forward(&cfg, &params, &images, &tokens).unwrap();
            let image = g.build(&[&emb.image]).unwrap().to_stablehlo();
            let text = g.build(&[&emb.text]).unwrap().to_stablehlo();
            let what = format!("pool {pool}, text pool {text_pool}, head {head}");
            assert_eq!(
                dot_flops(&image),
                batch * image_forward_flops(&cfg.image),
                "image, {what}"
            );
            assert_eq!(
                dot_flops(&text),
                batch * text_forward_flops(&cfg.text),
                "text, {what}"
            );
        }
    }
}
