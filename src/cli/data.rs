//! `siglip data ...`: build TFRecord shards, print dataset statistics, benchmark the input pipeline.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::Context;
use prost::Message;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::cli::devices::RuntimeArgs;
use crate::data::build::{build_shards, dataset_stats, read_annotations, shard_name};
use crate::data::image_ops::{ImageOp, Resize, Size};
use crate::data::pipeline::{resolve_files, Sharding, DEFAULT_PREFETCH};
use crate::data::text::{train_unigram, CaptionChoice};
use crate::data::tfrecord::{RecordFile, RecordWriter};
use crate::data::{
    embedded, BadCounts, BadKind, BadRecord, DataConfig, FeatureKeys, Pipeline, Preprocess,
    RawExample, TextEncoder, TextEncoderConfig, TextPadding,
};

/// Feature key options shared by the subcommands.
#[derive(clap::Args)]
pub struct KeyArgs {
    #[arg(long, default_value = "image/encoded")]
    image_key: String,
    #[arg(long, default_value = "caption")]
    caption_key: String,
    /// int64 label feature (none by default).
    #[arg(long)]
    label_key: Option<String>,
}

impl KeyArgs {
    fn keys(&self) -> FeatureKeys {
        FeatureKeys {
            image: self.image_key.clone(),
            caption: self.caption_key.clone(),
            label: self.label_key.clone(),
        }
    }
}

#[derive(clap::Subcommand)]
pub enum DataCommand {
    /// Write TFRecord shards of tf.Examples from an image folder and a captions file.
    Build {
        #[arg(long)]
        images: PathBuf,
        /// .jsonl (`image`, `caption`/`captions`, `label`) or .csv (header `image,caption[,label]`).
        #[arg(long)]
        captions: PathBuf,
        #[arg(long)]
        out: PathBuf,
        #[arg(long, default_value_t = 1, value_parser = super::at_least_one)]
        shards: usize,
        /// Replace the shards (files named `data-NNNNN-of-NNNNN.tfrecord`) of an earlier build in
        /// --out; other files there still stop the build.
        #[arg(long)]
        overwrite: bool,
        #[command(flatten)]
        keys: KeyArgs,
    },
    /// Count records, captions, image sizes and bad records of shard files or folders.
    Stats {
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        #[command(flatten)]
        keys: KeyArgs,
    },
    /// Measure decode + resize + tokenize throughput (synthetic 256-px JPEGs unless --data).
    Bench(BenchArgs),
    /// Write the procedurally drawn toy image-caption set (shapes, colours, sizes, positions).
    Synth(crate::cli::synth::SynthArgs),
    /// Embed a SigLiT run's training images with its frozen tower into embedding shards (what
    /// `siglip train` does on first use), on every device of every process.
    Embed(EmbedArgs),
}

#[derive(clap::Args)]
pub struct EmbedArgs {
    #[command(flatten)]
    config: super::config::ConfigArgs,
    /// The run directory `siglip train` will use: the sets go to RUN_DIR/embeddings unless the
    /// config sets siglit.embeddings [default: runs/<config file stem>].
    #[arg(long, value_name = "DIR")]
    run_dir: Option<PathBuf>,
    /// PJRT plugin [default: the config's runtime.plugin, else $SIGLIP_PJRT_PLUGIN, else cpu].
    #[arg(long, value_name = "PATH|cpu|cuda|tpu")]
    plugin: Option<String>,
    #[command(flatten)]
    process: crate::cli::devices::ProcessArgs,
}

pub fn run(cmd: DataCommand) -> anyhow::Result<()> {
    match cmd {
        DataCommand::Build {
            images,
            captions,
            out,
            shards,
            overwrite,
            keys,
        } => {
            let annotations = read_annotations(&captions)?;
            let report =
                build_shards(&images, &annotations, &out, shards, &keys.keys(), overwrite)?;
            if !report.removed.is_empty() {
                println!(
                    "removed {} shards of an earlier build from {}",
                    report.removed.len(),
                    out.display()
                );
            }
            let total: u64 = report.shards.iter().map(|s| s.1).sum();
            println!(
                "wrote {total} records into {} shards in {}",
                report.shards.len(),
                out.display()
            );
            if !report.missing_images.is_empty() {
                println!(
                    "{} images named in the captions file were not found",
                    report.missing_images.len()
                );
            }
            Ok(())
        }
        DataCommand::Stats { paths, keys } => {
            let files = resolve_files(&paths)?;
            anyhow::ensure!(!files.is_empty(), "no shard files found");
            println!("{}", dataset_stats(&files, &keys.keys())?);
            Ok(())
        }
        DataCommand::Bench(args) => bench(args),
        DataCommand::Synth(args) => crate::cli::synth::run(args),
        DataCommand::Embed(args) => embed(args),
    }
}

fn embed(args: EmbedArgs) -> anyhow::Result<()> {
    let config = args.config.load()?;
    let (run_dir, runtime) = super::train::run_setup(
        &args.config,
        &config,
        args.run_dir,
        args.plugin,
        args.process,
    );
    let client = runtime.open_client()?;
    let set = crate::train::Run::prepare(&client, &config, &run_dir, false)?.embed()?;
    println!(
        "embedding set {} ({} shards, embeddings of size {})",
        set.dir.display(),
        set.manifest.inputs.len(),
        set.manifest.embedding_dim
    );
    Ok(())
}

#[derive(clap::Args)]
pub struct BenchArgs {
    /// Shards to read images and captions from (default: generated JPEGs).
    #[arg(long)]
    data: Option<PathBuf>,
    /// tokenizer.json (default: a Unigram tokenizer trained on the captions).
    #[arg(long)]
    tokenizer: Option<PathBuf>,
    /// Number of distinct images.
    #[arg(long, default_value_t = 200, value_parser = super::at_least_one)]
    count: usize,
    /// Side of the generated JPEGs.
    #[arg(long, default_value_t = 256, value_parser = clap::value_parser!(u32).range(1..))]
    size: u32,
    /// Side of the preprocessed output (decode|resize(N)|value_range(-1,1)).
    #[arg(long, default_value_t = 224, value_parser = clap::value_parser!(u32).range(1..))]
    resize: u32,
    #[arg(long, default_value_t = 64, value_parser = super::at_least_one)]
    max_len: usize,
    /// Pipeline worker threads (default: all cores).
    #[arg(long, value_parser = super::at_least_one)]
    workers: Option<usize>,
    #[arg(long, default_value_t = 32, value_parser = super::at_least_one)]
    batch: usize,
    #[command(flatten)]
    keys: KeyArgs,
    /// Also copy the benchmark's shard to this folder URL (`gs://bucket/prefix`, `s3://...`)
    /// and time one epoch of the pipeline from there and from local disk, side by side.
    #[arg(long, value_name = "URL")]
    remote: Option<PathBuf>,
    /// Also time the train step of BENCH.md's model (bench-small) and say whether the pipeline
    /// keeps up with it.
    #[arg(long)]
    train_step: bool,
    /// Also time the pipeline over embedding records of this size made from the same examples
    /// (SigLiT's embedding shards: captions and an embedding, no image to decode).
    #[arg(long, value_name = "D", value_parser = super::at_least_one)]
    embedding_dim: Option<usize>,
    #[command(flatten)]
    runtime: RuntimeArgs,
}

/// A smooth image with some noise, so that JPEG sizes are like photos rather than flat colour.
fn synthetic_jpeg(side: u32, rng: &mut ChaCha8Rng) -> anyhow::Result<Vec<u8>> {
    let (fx, fy, phase): (f32, f32, f32) = (
        rng.gen_range(0.01..0.1),
        rng.gen_range(0.01..0.1),
        rng.gen(),
    );
    let image = image::RgbImage::from_fn(side, side, |x, y| {
        let wave = ((x as f32 * fx + y as f32 * fy + phase * std::f32::consts::TAU).sin() * 0.5
            + 0.5)
            * 200.0;
        let noise: f32 = rng.gen_range(0.0..40.0);
        image::Rgb([
            (wave + noise) as u8,
            (x % 256) as u8,
            (255 - (y % 256)) as u8,
        ])
    });
    let mut bytes = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut bytes, 90).encode_image(&image)?;
    Ok(bytes)
}

fn synthetic_examples(count: usize, side: u32) -> anyhow::Result<Vec<RawExample>> {
    const WORDS: [&str; 12] = [
        "photo", "red", "small", "dog", "cat", "running", "on", "the", "beach", "city", "at",
        "night",
    ];
    let mut rng = ChaCha8Rng::seed_from_u64(0);
    (0..count)
        .map(|_| {
            let words: Vec<&str> = (0..rng.gen_range(4..14))
                .map(|_| WORDS[rng.gen_range(0..WORDS.len())])
                .collect();
            Ok(RawExample {
                image: synthetic_jpeg(side, &mut rng)?,
                captions: vec![format!("a {}", words.join(" "))],
                label: None,
            })
        })
        .collect()
}

/// Up to `count` examples from the shards in `data`; records that do not read or parse are
/// skipped, counted and reported (the first few by file and offset).
fn examples_from_shards(
    data: &Path,
    keys: &FeatureKeys,
    count: usize,
) -> anyhow::Result<Vec<RawExample>> {
    const REPORTED: u64 = 3;
    let mut out = Vec::new();
    let mut bad = BadCounts::default();
    let files = resolve_files(&[data.to_path_buf()])?;
    anyhow::ensure!(!files.is_empty(), "no shard files in {}", data.display());
    'files: for path in files {
        for record in RecordFile::open(&path)?.read_all()? {
            let parsed = record.and_then(|(offset, payload)| {
                RawExample::parse(&payload, keys).map_err(|e| BadRecord {
                    path: path.clone(),
                    offset,
                    kind: BadKind::Example,
                    detail: e.to_string(),
                })
            });
            match parsed {
                Ok(raw) => {
                    out.push(raw);
                    if out.len() == count {
                        break 'files;
                    }
                }
                Err(record) => {
                    if bad.total() < REPORTED {
                        eprintln!("skipped {record}");
                    }
                    bad.add(record.kind);
                }
            }
        }
    }
    if bad.total() > 0 {
        eprintln!(
            "skipped {} bad records in {} ({bad})",
            bad.total(),
            data.display()
        );
    }
    anyhow::ensure!(
        !out.is_empty(),
        "no readable examples in {}",
        data.display()
    );
    Ok(out)
}

fn per_image_ms(total: Duration, n: usize) -> f64 {
    total.as_secs_f64() * 1e3 / n as f64
}

fn bench(args: BenchArgs) -> anyhow::Result<()> {
    let examples = match &args.data {
        Some(dir) => examples_from_shards(dir, &args.keys.keys(), args.count)?,
        None => synthetic_examples(args.count, args.size)?,
    };
    let scratch = std::env::temp_dir().join(format!("siglip-data-bench-{}", std::process::id()));
    std::fs::create_dir_all(&scratch).with_context(|| format!("creating {}", scratch.display()))?;
    let result = bench_in(&args, &examples, &scratch);
    let _ = std::fs::remove_dir_all(&scratch);
    result
}

fn bench_in(args: &BenchArgs, examples: &[RawExample], scratch: &Path) -> anyhow::Result<()> {
    let workers = args
        .workers
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let keys = args.keys.keys();
    let tokenizer_path = match &args.tokenizer {
        Some(path) => path.clone(),
        None => {
            let captions = examples
                .iter()
                .flat_map(|e| e.captions.clone())
                .collect::<Vec<_>>();
            let path = scratch.join("tokenizer.json");
            train_unigram(captions.into_iter(), 256, true)?
                .save(&path, false)
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            path
        }
    };
    let text = TextEncoderConfig {
        tokenizer: tokenizer_path,
        max_len: args.max_len,
        lowercase: true,
        padding: TextPadding::default(),
        caption_choice: CaptionChoice::First,
    };
    let encoder = TextEncoder::new(&text)?;
    let preprocess = Preprocess::new(vec![
        ImageOp::DECODE,
        ImageOp::Resize(Resize::to(Size::Square(args.resize))),
        ImageOp::ValueRange([-1.0, 1.0]),
    ])?;
    let n = examples.len();
    let mean_kb = examples.iter().map(|e| e.image.len()).sum::<usize>() as f64 / n as f64 / 1024.0;
    println!(
        "{n} {} images (mean {mean_kb:.1} KiB), ops decode|resize({})|value_range(-1,1), text length {}",
        if args.data.is_some() { "dataset" } else { "synthetic JPEG" },
        args.resize,
        args.max_len
    );

    // One core: each stage timed separately over all images.
    let mut rng = ChaCha8Rng::seed_from_u64(0);
    let start = Instant::now();
    let (decoded, undecodable): (Vec<_>, Vec<_>) = examples
        .iter()
        .map(|e| preprocess.decode(&e.image))
        .partition(Result::is_ok);
    let decode = start.elapsed();
    if let Some(Err(first)) = undecodable.first() {
        eprintln!(
            "skipped {} images that do not decode (the first: {first})",
            undecodable.len()
        );
    }
    let decoded: Vec<_> = decoded.into_iter().flatten().collect();
    anyhow::ensure!(!decoded.is_empty(), "no image decodes");
    let start = Instant::now();
    for image in decoded {
        std::hint::black_box(preprocess.run_decoded(image, &mut rng)?);
    }
    let resize = start.elapsed();
    let start = Instant::now();
    for e in examples {
        std::hint::black_box(encoder.encode(&e.captions[0])?);
    }
    let tokenize = start.elapsed();
    let total = decode + resize + tokenize;
    println!(
        "one core: decode {:.3} ms, resize+range {:.3} ms, tokenize {:.3} ms per image -> {:.1} images/s per core",
        per_image_ms(decode, n),
        per_image_ms(resize, n),
        per_image_ms(tokenize, n),
        n as f64 / total.as_secs_f64()
    );

    // The whole pipeline (read, CRC, parse, decode, resize, tokenize, batch) on worker threads.
    let shard = scratch.join(shard_name(0, 1));
    let mut writer = RecordWriter::new(std::io::BufWriter::new(std::fs::File::create(&shard)?));
    for e in examples {
        writer.write_record(&e.to_example(&keys).encode_to_vec())?;
    }
    writer.finish()?;
    let config = DataConfig {
        files: vec![shard],
        keys: FeatureKeys {
            label: None,
            ..keys
        },
        preprocess,
        text,
        batch_size: args.batch,
        devices: 1,
        shuffle_buffer: 1000,
        seed: 0,
        epochs: None,
        workers,
        prefetch: DEFAULT_PREFETCH,
        strict: false,
        embedding_dim: None,
    };
    if let Some(remote) = &args.remote {
        return compare_with_remote(&config, remote);
    }
    let mut pipeline = Pipeline::new(&config, Sharding::SINGLE, None)?;
    pipeline.next_batch()?.context("pipeline ended")?;
    let batches = (3 * n).div_ceil(args.batch).max(4);
    let start = Instant::now();
    for _ in 0..batches {
        pipeline.next_batch()?.context("pipeline ended")?;
    }
    let rate = (batches * args.batch) as f64 / start.elapsed().as_secs_f64();
    println!(
        "pipeline: {workers} workers, batch {}: {rate:.1} images/s ({:.1} per worker)",
        args.batch,
        rate / workers as f64
    );
    let bad = pipeline.bad_counts();
    if bad.total() > 0 {
        eprintln!("pipeline skipped {} bad records ({bad})", bad.total());
    }
    if let Some(dim) = args.embedding_dim {
        let embedded = embedding_pipeline_rate(&config, examples, dim, scratch, batches)?;
        println!(
            "embedding pipeline (d = {dim}, nothing decoded): {workers} workers, batch {}: \
             {embedded:.1} examples/s, {:.1}x the image pipeline",
            args.batch,
            embedded / rate
        );
    }
    if args.train_step {
        let per_core = n as f64 / total.as_secs_f64();
        compare_with_train_step(&args.runtime, per_core, rate)?;
    }
    Ok(())
}

/// Examples per second of the pipeline of `config` over embedding records of size `dim` made
/// from `examples` (random embeddings), timed over `batches` batches after the first.
fn embedding_pipeline_rate(
    config: &DataConfig,
    examples: &[RawExample],
    dim: usize,
    scratch: &Path,
    batches: usize,
) -> anyhow::Result<f64> {
    let shard = scratch.join("embeddings.tfrecord");
    let mut writer = RecordWriter::new(std::io::BufWriter::new(std::fs::File::create(&shard)?));
    let mut rng = ChaCha8Rng::seed_from_u64(0);
    for (i, e) in examples.iter().enumerate() {
        let embedding: Vec<f32> = (0..dim).map(|_| rng.gen_range(-1.0..1.0)).collect();
        writer.write_record(&embedded::encode(e, &config.keys, &embedding, i as u64))?;
    }
    writer.finish()?;
    let config = DataConfig {
        files: vec![shard],
        embedding_dim: Some(dim),
        ..config.clone()
    };
    let mut pipeline = Pipeline::new(&config, Sharding::SINGLE, None)?;
    pipeline.next_batch()?.context("pipeline ended")?;
    let start = Instant::now();
    for _ in 0..batches {
        pipeline.next_batch()?.context("pipeline ended")?;
    }
    Ok((batches * config.batch_size) as f64 / start.elapsed().as_secs_f64())
}

/// Images per second of one epoch of a fresh pipeline over `config` (start-up included: for a
/// bucket, the shard's first read is part of the cost).
fn one_epoch_rate(config: &DataConfig) -> anyhow::Result<f64> {
    let config = DataConfig {
        epochs: Some(1),
        ..config.clone()
    };
    let start = Instant::now();
    let mut pipeline = Pipeline::new(&config, Sharding::SINGLE, None)?;
    let mut images = 0;
    while let Some(batch) = pipeline.next_batch()? {
        images += batch.size();
    }
    anyhow::ensure!(
        images > 0,
        "the epoch yielded no full batch (lower --batch)"
    );
    Ok(images as f64 / start.elapsed().as_secs_f64())
}

/// The pipeline over the same shard from local disk and from `remote`, side by side.
fn compare_with_remote(config: &DataConfig, remote: &Path) -> anyhow::Result<()> {
    let local = &config.files[0];
    let copy = remote.join(local.file_name().context("the shard has a name")?);
    crate::storage::write(&copy, &std::fs::read(local)?)?;
    let remote_config = DataConfig {
        files: vec![copy.clone()],
        ..config.clone()
    };
    // Alternated, best of two each, so that neither side alone pays for a cold start.
    let mut disk = 0f64;
    let mut bucket = 0f64;
    for _ in 0..2 {
        disk = disk.max(one_epoch_rate(config)?);
        bucket = bucket.max(one_epoch_rate(&remote_config)?);
    }
    crate::storage::delete(&copy)?;
    println!(
        "pipeline, one epoch, {} workers, batch {}: local disk {disk:.1} images/s, {} {bucket:.1} \
         images/s: ratio {:.2}",
        config.workers,
        config.batch_size,
        remote.display(),
        bucket / disk
    );
    Ok(())
}

/// Times BENCH.md's train step (bench-small: batch 128, one device) and compares the images/s it
/// consumes with what preprocessing delivers.
fn compare_with_train_step(
    runtime: &RuntimeArgs,
    per_core: f64,
    pipeline: f64,
) -> anyhow::Result<()> {
    let client = runtime.open_client()?;
    let step = crate::bench::train_step(&client, 1, 128, 1, 3)?;
    let needed = step.images_per_second();
    println!(
        "train step (bench-small, batch 128, {}): median {:.1} ms -> consumes {needed:.1} images/s; \
         preprocessing needs {:.2} cores for that, the pipeline delivers {pipeline:.1} images/s: {}",
        client.platform_name(),
        step.median_step.as_secs_f64() * 1e3,
        needed / per_core,
        if pipeline >= needed { "keeps up" } else { "does NOT keep up" }
    );
    Ok(())
}
