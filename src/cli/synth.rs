//! `siglip data synth`: write the procedurally drawn toy data set (see `data::synth`).

use std::path::PathBuf;
use std::time::Instant;

use crate::data::synth::{write_synth, SynthConfig};
use crate::data::FeatureKeys;

/// Training shards when `--shards` is not given (fewer when `--count` is smaller).
const DEFAULT_SHARDS: usize = 4;

#[derive(clap::Args)]
pub struct SynthArgs {
    /// Folder to create (must be missing or empty): train/, val/ and tokenizer.json go there.
    #[arg(long)]
    out: PathBuf,
    /// Training examples.
    #[arg(long, default_value_t = 10_000)]
    count: usize,
    /// Held-out examples in val/ (0: none).
    #[arg(long, default_value_t = 512)]
    val_count: usize,
    #[arg(long, default_value_t = 0)]
    seed: u64,
    /// Training shards [default: min(4, count)].
    #[arg(long)]
    shards: Option<usize>,
    /// Image side in pixels (48 = 16 px per grid cell, two 8-px patches).
    #[arg(long, default_value_t = 48)]
    image_size: u32,
    /// Fraction of images with two objects ("a ... and a ...").
    #[arg(long, default_value_t = 0.0)]
    two_objects: f64,
    /// Largest width:height (or height:width) of an image, drawn per image; 1: squares. For
    /// NaFlex models, which keep each image's aspect ratio.
    #[arg(long, default_value_t = 1.0)]
    max_aspect: f64,
}

pub fn run(args: SynthArgs) -> anyhow::Result<()> {
    let config = SynthConfig {
        count: args.count,
        val_count: args.val_count,
        seed: args.seed,
        shards: args
            .shards
            .unwrap_or_else(|| DEFAULT_SHARDS.min(args.count.max(1))),
        image_size: args.image_size,
        two_objects: args.two_objects,
        max_aspect: args.max_aspect,
    };
    let start = Instant::now();
    let report = write_synth(&args.out, &config, &FeatureKeys::default())?;
    let seconds = start.elapsed().as_secs_f64();
    let records = |shards: &[(PathBuf, u64)]| shards.iter().map(|s| s.1).sum::<u64>();
    let total = records(&report.train) + records(&report.val);
    println!(
        "wrote {} training examples into {} shards and {} held-out examples in {}; \
         tokenizer with {} tokens; {:.0} images/s",
        records(&report.train),
        report.train.len(),
        records(&report.val),
        args.out.display(),
        report.vocab_size,
        total as f64 / seconds
    );
    Ok(())
}
