//! What a run config costs before it is launched: parameters per tower (trainable and frozen),
//! matmul FLOPs per step counted from the model's dimensions, and the per-device memory of the
//! compiled train step from XLA's compiled memory statistics (the step is compiled, never run):
//! by the target's own compiler with no device attached ([`compile_for_target`]: libtpu for a
//! TPU slice, the CUDA plugin for GPUs), or by a client's plugin for its devices
//! ([`compile_step`]); the largest batch that
//! fits a target, found by compiling ([`largest_fitting`]).
//!
//! FLOPs: a matmul `[m, k] × [k, n]` is `2·m·k·n`. Forward per example of a tower with `n`
//! tokens, width `d`, MLP `m`, depth `L`: `L·(8·n·d² + 4·n²·d + 4·n·d·m)` (q, k, v, out
//! projections; scores and weighted sum; the two MLP layers; with a pooling that reads one
//! token, the last block's terms other than keys and values count that token only), plus the
//! patch embedding `2·n·(p²·3)·d`, a MAP head `4·d² + 4·n·d² + 4·n·d + 4·d·m` and a linear
//! head `2·d·e`. The loss's logits are `2·B²·e` for the global batch `B`. Backward costs twice
//! the forward, so a trained tower and the loss count 3×, a frozen tower (forward only) 1×, and
//! SigLiT's image tower on embedding shards 0× (the step is the one `siglip train` runs:
//! [`crate::train::components::step_spec`]).

use std::collections::BTreeMap;
use std::time::Duration;

use anyhow::{bail, Result};

use crate::config::RunConfig;
use crate::pjrt::{CompileOptions, ErrorCode, PjrtError, Topology};
use crate::program::NamedModule;
use crate::target::Target;

use crate::loss::{self, LossKind};
use crate::model::text::{TextConfig, TextPool};
use crate::model::two_towers::{IMAGE, TEXT};
use crate::model::vit::{ImageHead, Pool, ViTConfig};
use crate::optim::Optimizer;
use crate::pjrt::{Client, MemoryStats};
use crate::program::Program;
use crate::tensor::DType;
use crate::train::{components, step, ImageInput};

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
    /// Device memory one replica needs while the step runs: see [`device_bytes`].
    pub fn device_bytes(&self) -> i64 {
        device_bytes(&self.memory)
    }
}

/// Device memory one replica needs while a program runs: arguments, plus outputs that do not
/// reuse a donated argument, plus temporaries, plus the program's code.
pub fn device_bytes(m: &MemoryStats) -> i64 {
    m.argument_bytes + m.output_bytes - m.alias_bytes + m.temp_bytes + m.generated_code_bytes
}

/// The config's train step: the module `siglip train` compiles.
pub fn step_module(config: &RunConfig) -> Result<NamedModule> {
    let (spec, image_input) = components::step_spec(config)?;
    step::build_with(&spec, image_input)
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
    let program = Program::compile_named(client, step_module(config)?)?;
    Ok(StepPlan {
        memory: program.executable.memory_stats()?,
        compile_time: program.compile_time,
    })
}

/// A program compiled by a target's own compiler for its slice (no device attached).
#[derive(Clone, Debug)]
pub struct TargetPlan {
    /// Per chip.
    pub memory: MemoryStats,
    /// The compiler's FLOPs per chip (its cost analysis), where it reports them.
    pub compiler_flops: Option<f64>,
    pub compile_time: Duration,
}

/// Bytes in a GiB (XLA's `G`).
const GIB: f64 = (1u64 << 30) as f64;

/// Why a program was not planned for a target.
#[derive(Debug, thiserror::Error)]
pub enum TargetPlanError {
    /// The compiler refused the program for lack of memory, with its own figures.
    #[error(
        "the step does not fit a {chip} chip: {compiler} needs {needed_gib:.2} GiB of device \
         memory for {what}, {available_gib:.2} GiB is available (per chip; lower \
         train.batch_size, or set runtime.remat: true or runtime.dtype: bfloat16)"
    )]
    DoesNotFit {
        chip: &'static str,
        compiler: &'static str,
        what: String,
        needed_gib: f64,
        available_gib: f64,
    },
    #[error("compiling for {target}: {source}")]
    Compile {
        target: String,
        source: Box<PjrtError>,
    },
}

/// Compiles StableHLO text of `replicas` replicas for the target's topology and reads the
/// compiler's memory plan and FLOPs.
pub fn compile_for_target(
    topology: &Topology,
    target: &Target,
    stablehlo: &str,
    replicas: usize,
) -> std::result::Result<TargetPlan, TargetPlanError> {
    let failed = |source| TargetPlanError::Compile {
        target: target.to_string(),
        source: Box::new(source),
    };
    let compiled = match topology.compile(stablehlo, &CompileOptions::replicas(replicas)) {
        Ok(compiled) => compiled,
        Err(e) => {
            return Err(match out_of_memory(&e.to_string()) {
                Some((what, needed_gib, available_gib)) => TargetPlanError::DoesNotFit {
                    chip: target.chip.name,
                    compiler: target.chip.compiler_name(),
                    what,
                    needed_gib,
                    available_gib,
                },
                None => failed(e),
            })
        }
    };
    let memory = compiled.memory_stats().map_err(failed)?;
    // libtpu refuses temporaries it cannot place, the CUDA compiler nothing; the whole
    // footprint is checked here against what the compiler may use.
    let limit = usable_bytes(topology, target);
    if device_bytes(&memory) > limit {
        return Err(TargetPlanError::DoesNotFit {
            chip: target.chip.name,
            compiler: target.chip.compiler_name(),
            what: "arguments, outputs and temporaries".into(),
            needed_gib: device_bytes(&memory) as f64 / GIB,
            available_gib: limit as f64 / GIB,
        });
    }
    // The CUDA plugin has no cost analysis for an executable compiled without a client.
    let compiler_flops = match compiled.cost_analysis() {
        Ok(properties) => properties
            .iter()
            .find(|p| p.name == "flops")
            .and_then(|p| p.value.as_f64()),
        Err(PjrtError::Call { code, .. }) if code == ErrorCode::UNIMPLEMENTED => None,
        Err(e) => return Err(failed(e)),
    };
    Ok(TargetPlan {
        memory,
        compiler_flops,
        compile_time: compiled.compile_time(),
    })
}

/// Device memory a program may use on one chip of the target: what the compiler's device
/// description says (libtpu's `device_memory_bytes_limit`), else the chip's memory.
pub fn usable_bytes(topology: &Topology, target: &Target) -> i64 {
    topology
        .devices()
        .first()
        .and_then(|d| d.memory_limit_bytes())
        .unwrap_or(target.chip.memory_bytes() as i64)
}

/// What libtpu's out-of-memory refusal says: what needed the memory, and GiB needed and
/// available, from "... memory required for HLO temporaries (52.48G) exceeds available HBM
/// (30.75G)" (sizes with a K/M/G/T suffix, powers of 1024 as XLA prints them).
pub fn out_of_memory(message: &str) -> Option<(String, f64, f64)> {
    let pattern = regex::Regex::new(
        r"required for ([^(]+?) \(([0-9.]+)([KMGT]?)\) exceeds available HBM \(([0-9.]+)([KMGT]?)\)",
    )
    .expect("a valid pattern");
    let found = pattern.captures(message)?;
    let gib = |number: &str, unit: &str| -> Option<f64> {
        let scale = match unit {
            "T" => 1024.0,
            "G" => 1.0,
            "M" => 1.0 / 1024.0,
            "K" => 1.0 / (1024.0 * 1024.0),
            _ => 1.0 / GIB,
        };
        Some(number.parse::<f64>().ok()? * scale)
    };
    Some((
        found[1].trim().to_string(),
        gib(&found[2], &found[3])?,
        gib(&found[4], &found[5])?,
    ))
}

/// The largest multiple of `step` for which `fits` holds, searching from `start` (a multiple
/// of `step`): doubling up from a batch that fits (or halving down from one that does not)
/// until the answer changes, then, given a `resolution` (a multiple of `step`), bisecting
/// between the last batch that fit and the first that did not until they are `resolution`
/// apart. `fits` is called once per batch tried, in the order tried. `None` when not even
/// `step` fits.
pub fn largest_fitting(
    start: u64,
    step: u64,
    resolution: Option<u64>,
    mut fits: impl FnMut(u64) -> Result<bool>,
) -> Result<Option<u64>> {
    if step == 0 || start == 0 || !start.is_multiple_of(step) {
        bail!("the batch search needs a start ({start}) that is a positive multiple of {step}");
    }
    let (mut fit, mut fail) = if fits(start)? {
        let mut fit = start;
        loop {
            let next = fit * 2;
            if !fits(next)? {
                break (fit, next);
            }
            fit = next;
        }
    } else {
        let mut fail = start;
        loop {
            if fail == step {
                return Ok(None);
            }
            let next = (fail / 2).max(step) / step * step;
            if fits(next)? {
                break (next, fail);
            }
            fail = next;
        }
    };
    if let Some(resolution) = resolution {
        let resolution = resolution.max(step);
        while fail - fit > resolution {
            let middle = (fit + (fail - fit) / 2) / step * step;
            if middle == fit {
                break;
            }
            if fits(middle)? {
                fit = middle;
            } else {
                fail = middle;
            }
        }
    }
    Ok(Some(fit))
}

/// The paper's Table 1 row (Zhai et al. 2023) for a config with the towers of one of its runs:
/// SigLiT with a frozen g/14 and a Large text tower, or SigLIP B/16 trained from scratch.
pub fn paper_row(config: &RunConfig) -> Option<&'static str> {
    let (image, text) = (&config.model.image, &config.model.text);
    let image_shape = (image.width, image.depth, image.patch_size);
    let text_shape = (text.width, text.depth);
    match (image_shape, text_shape, config.siglit.is_some()) {
        ((1408, 40, 14), (1024, 24), true) => Some(
            "SigLiT g/14 (frozen) + L text: batch 20k on 4 TPUv4 chips, 107k steps in 2 days, \
             84.5% ImageNet zero-shot",
        ),
        ((768, 12, 16), (768, 12), false) => {
            Some("SigLIP B/16: batch 32k on 32 TPUv4 chips, 5 days, 73.4% ImageNet zero-shot")
        }
        _ => None,
    }
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

    #[test]
    fn libtpus_out_of_memory_message_is_read() {
        let message = "PJRT_Compile failed (RESOURCE_EXHAUSTED): XLA:TPU compile permanent \
                       error. Ran out of memory in memory space hbm. the total memory required \
                       for HLO temporaries (52.48G) exceeds available HBM (30.75G)";
        let (what, needed, available) = out_of_memory(message).unwrap();
        assert_eq!(what, "HLO temporaries");
        assert_eq!((needed, available), (52.48, 30.75));
        let (_, needed, _) =
            out_of_memory("required for x (512.00M) exceeds available HBM (1.5T)").unwrap();
        assert_eq!(needed, 0.5);
        assert_eq!(out_of_memory("INVALID_ARGUMENT: bad op"), None);
    }

    /// The search against a known threshold: what it tries, in order, and what it finds.
    #[test]
    fn the_batch_search_doubles_then_bisects() {
        let search = |start, step, resolution, limit: u64| {
            let mut tried = Vec::new();
            let found = largest_fitting(start, step, resolution, |b| {
                tried.push(b);
                Ok(b <= limit)
            })
            .unwrap();
            (found, tried)
        };
        // Powers of two from the start: 4096 fits, 8192 does not.
        assert_eq!(
            search(1024, 4, None, 5000),
            (Some(4096), vec![1024, 2048, 4096, 8192])
        );
        // Down from a start that does not fit.
        assert_eq!(
            search(4096, 4, None, 1500),
            (Some(1024), vec![4096, 2048, 1024])
        );
        // Bisecting to 256 between 4096 (fits) and 8192 (does not).
        let (found, tried) = search(4096, 4, Some(256), 5000);
        assert_eq!(found, Some(4864));
        assert_eq!(tried, vec![4096, 8192, 6144, 5120, 4608, 4864]);
        // Nothing fits, not even one pair per device.
        assert_eq!(search(16, 4, None, 3), (None, vec![16, 8, 4]));
        assert!(largest_fitting(10, 4, None, |_| Ok(true)).is_err());
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
