//! `siglip checkpoint ...`: print a checkpoint's digest, or summarise it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::Context;

use crate::checkpoint::{self, path_in, Checkpoint, Meta, OPT};
use crate::data::pipeline::{PipelineState, Sharding};
use crate::tensor::HostTensor;

#[derive(clap::Subcommand)]
pub enum CheckpointCommand {
    /// Print `sha256:<hex>` over parameters, optimizer state and step.
    Digest {
        /// A checkpoint directory, or a run directory (its latest checkpoint).
        path: PathBuf,
    },
    /// Print step, config summary, parameter counts and optimizer state size.
    Show {
        /// A checkpoint directory, or a run directory (its latest checkpoint).
        path: PathBuf,
    },
    /// Test helper: write synthetic checkpoints of increasing steps into RUN_DIR until killed.
    #[command(hide = true)]
    StressWrite {
        run_dir: PathBuf,
        #[arg(long, default_value_t = 2)]
        keep: usize,
    },
}

pub fn run(cmd: CheckpointCommand) -> anyhow::Result<()> {
    match cmd {
        CheckpointCommand::Digest { path } => {
            let (_, checkpoint) = load(&path)?;
            println!("{}", checkpoint::digest(&checkpoint));
            Ok(())
        }
        CheckpointCommand::Show { path } => {
            let (dir, checkpoint) = load(&path)?;
            show(&dir, &checkpoint)
        }
        CheckpointCommand::StressWrite { run_dir, keep } => {
            let mut step = checkpoint::list(&run_dir)?.last().map_or(0, |(s, _)| s + 1);
            loop {
                checkpoint::save(&run_dir, &stress_checkpoint(step), Some(keep))?;
                step += 1;
            }
        }
    }
}

fn load(path: &Path) -> anyhow::Result<(PathBuf, Checkpoint)> {
    let dir = checkpoint::resolve(path)?;
    let checkpoint =
        checkpoint::load(&dir).with_context(|| format!("loading checkpoint {}", dir.display()))?;
    Ok((dir, checkpoint))
}

fn show(dir: &Path, checkpoint: &Checkpoint) -> anyhow::Result<()> {
    let meta = &checkpoint.meta;
    println!("checkpoint: {}", dir.display());
    println!("step:       {}", meta.step);
    println!(
        "input:      epoch {}, record {}",
        meta.input.epoch, meta.input.index
    );
    println!("rng seed:   {}", meta.rng_seed);
    println!("plugin:     {}", meta.plugin);
    println!("written by: siglip {}", meta.crate_version);
    if let Some(init) = &meta.init {
        println!(
            "init:       {} from {} (sha256 {})",
            init.scopes.join(", "),
            init.from,
            init.digest
        );
    }
    println!("config:");
    match serde_yaml::from_str::<serde_yaml::Value>(&meta.config) {
        Ok(config) => {
            let mut lines = Vec::new();
            flatten_config("", &config, &mut lines);
            for line in lines {
                println!("  {line}");
            }
        }
        Err(e) => println!("  (not YAML: {e})"),
    }
    let counts = checkpoint::parameter_counts(&checkpoint.tensors);
    let total: usize = counts.values().sum();
    println!("parameters: {total}");
    for (group, count) in &counts {
        println!("  {group:<6} {count}");
    }
    let optimizer: Vec<&HostTensor> = checkpoint
        .tensors
        .iter()
        .filter(|(name, _)| path_in(OPT, name).is_some())
        .map(|(_, t)| t)
        .collect();
    let elements: usize = optimizer.iter().map(|t| t.len()).sum();
    let bytes: usize = optimizer.iter().map(|t| t.data.len()).sum();
    println!(
        "optimizer state: {} tensors, {elements} values, {:.1} MiB",
        optimizer.len(),
        bytes as f64 / (1024.0 * 1024.0)
    );
    Ok(())
}

/// `a.b.c: value` lines for the scalar leaves of a YAML tree (sequences shown inline).
fn flatten_config(prefix: &str, value: &serde_yaml::Value, out: &mut Vec<String>) {
    match value {
        serde_yaml::Value::Mapping(map) => {
            for (key, child) in map {
                let key = match key {
                    serde_yaml::Value::String(s) => s.clone(),
                    other => serde_yaml::to_string(other)
                        .unwrap_or_default()
                        .trim()
                        .to_string(),
                };
                let path = if prefix.is_empty() {
                    key
                } else {
                    format!("{prefix}.{key}")
                };
                flatten_config(&path, child, out);
            }
        }
        serde_yaml::Value::Tagged(tagged) => flatten_config(prefix, &tagged.value, out),
        leaf => {
            let text = serde_json::to_string(leaf).unwrap_or_else(|_| format!("{leaf:?}"));
            out.push(format!("{prefix}: {text}"));
        }
    }
}

/// The checkpoint `stress-write` writes at `step`: about 1 MiB, every byte a function of the
/// step, so a test can check that whatever survives a kill is exactly what was written.
pub fn stress_checkpoint(step: u64) -> Checkpoint {
    let weights: Vec<f32> = (0..256 * 1024u64)
        .map(|i| ((i * 7919 + step * 104_729) % 1_000_003) as f32 * 1e-3)
        .collect();
    let tensors = BTreeMap::from([
        (
            "params/img/w".to_string(),
            HostTensor::from_slice(&[256, 1024], &weights).expect("256×1024 values"),
        ),
        ("params/t".to_string(), HostTensor::scalar(step as f32)),
        ("opt/count".to_string(), HostTensor::scalar(step as i32)),
    ]);
    let meta = Meta {
        step,
        config: "stress: true\n".into(),
        input: PipelineState {
            epoch: 0,
            index: step,
            batches: step,
            seed: 0,
            sharding: Sharding::SINGLE,
        },
        rng_seed: 0,
        plugin: String::new(),
        crate_version: checkpoint::CRATE_VERSION.into(),
        init: None,
    };
    Checkpoint { meta, tensors }
}
