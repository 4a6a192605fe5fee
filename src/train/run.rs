//! A training run from a [`RunConfig`]: everything that can be checked is checked before the
//! step is compiled (shards, tokenizer against the model, the run directory, a resumed
//! checkpoint against the config); then the loop feeds the pipeline's batches to the
//! [`Trainer`], evaluates the schedule on the host, logs metrics, checkpoints every
//! `checkpoint.every` steps and at the end, and stops cleanly when asked to (Ctrl-C). A
//! non-finite loss ends the run with an error and writes nothing, so the latest checkpoint stays
//! the last good one.
//!
//! Several processes (hosts) run one data-parallel step together ([`BatchLayout`]): each reads
//! its own shard files, feeds its share of the global batch to its own devices and runs the
//! same step; the loss and gradients are reduced inside the program, so every process holds
//! the same loss and parameters. Process 0 alone writes the run directory (config, metrics,
//! evaluations, checkpoints).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

use anyhow::{bail, ensure, Context, Result};

use super::siglit::{self, CacheInputs, EmbeddingCache};
use super::step::{ImageInput, StepSpec, IMAGE_EMBEDDINGS, TOKENS};
use super::trainer::{pixel_inputs, StepMetrics, Trainer};
use crate::checkpoint::{self, Checkpoint, Meta, PARAMS_PREFIX};
use crate::config::{ComputeDType, RunConfig};
use crate::data::pipeline::{resolve_files, Sharding};
use crate::data::text::{CaptionChoice, EOS_TOKEN};
use crate::data::{DataConfig, FeatureKeys, Pipeline, PipelineState, TextConfig, TextEncoder};
use crate::layout::BatchLayout;
use crate::metrics::{MetricsWriter, Record};
use crate::model::two_towers::IMAGE;
use crate::model::{init_params, ParamTree};
use crate::pjrt::Client;
use crate::program::NamedValues;
use crate::tensor::DType;

/// Something the loop runs every `every()` steps and at the end, on the current parameters;
/// its values go to `metrics.jsonl` as `eval/<name>/<key>`. The evaluators themselves live in
/// `eval`; the loop takes them as values.
pub trait Evaluator {
    fn name(&self) -> &str;
    fn every(&self) -> u64;
    fn evaluate(&mut self, params: &ParamTree) -> Result<BTreeMap<String, f64>>;
}

/// What a run did.
#[derive(Clone, Debug, PartialEq)]
pub struct RunSummary {
    /// Steps done when the run ended (the config's `train.steps` unless interrupted).
    pub step: u64,
    /// Loss of the last step run in this process (`None` if it ran none).
    pub last_loss: Option<f32>,
    pub interrupted: bool,
    /// The checkpoint written last (by process 0: the others write none).
    pub checkpoint: Option<PathBuf>,
    /// The last values of every evaluator (`eval/<name>/<key>`).
    pub evals: BTreeMap<String, f64>,
}

/// How progress is reported: one call per step.
pub trait Progress {
    fn start(&mut self, first_step: u64, total_steps: u64);
    fn step(&mut self, step: u64, report: &StepReport);
    fn evaluated(&mut self, step: u64, values: &BTreeMap<String, f64>);
    fn finish(&mut self);
}

/// What one step reports to [`Progress`] and, every `log_every` steps, to `metrics.jsonl`.
#[derive(Clone, Debug, PartialEq)]
pub struct StepReport {
    pub metrics: StepMetrics,
    /// Learning rate of this step (`optimizer.lr` × schedule).
    pub lr: f64,
    pub images_per_s: f64,
    /// `t = exp(t')` and `b` after the step, read only on logged steps.
    pub t_and_b: Option<(f64, f64)>,
}

/// The checks that need no compiler, in the order a user would fix them.
struct Preflight {
    files: Vec<PathBuf>,
    /// The checkpoint to continue from.
    resume_from: Option<Checkpoint>,
    /// SigLiT's pretrained image tower (`img/...`): loaded from `siglit.image_tower` for a new
    /// run, from the checkpoint for a resumed one.
    image_tower: Option<ParamTree>,
}

/// `writer`: whether this process writes the run directory (process 0); the others neither
/// check nor read it, so they do not race process 0's first files on a shared file system.
fn preflight(config: &RunConfig, run_dir: &Path, resume: bool, writer: bool) -> Result<Preflight> {
    let shards = PathBuf::from(&config.data.train.shards);
    ensure!(
        shards.exists(),
        "data.train.shards: {} does not exist",
        shards.display()
    );
    let files = resolve_files(std::slice::from_ref(&shards))
        .with_context(|| format!("data.train.shards ({})", shards.display()))?;
    ensure!(
        !files.is_empty(),
        "data.train.shards: no shard files in {}",
        shards.display()
    );
    let encoder = TextEncoder::new(&text_config(config)?).context("data.tokenizer")?;
    let vocab = encoder.tokenizer().get_vocab_size(true);
    ensure!(
        vocab == config.model.text.vocab_size,
        "data.tokenizer has a vocabulary of {vocab} tokens but model.text.vocab_size is {}: the \
         tokenizer does not belong to this model",
        config.model.text.vocab_size
    );

    let existing = match writer {
        true => checkpoint::latest(&checkpoint_root(config, run_dir))?,
        false => None,
    };
    let resume_from = match (resume, existing) {
        (false, Some(latest)) => bail!(
            "{} already holds checkpoints (latest {}); pass --resume to continue that run, or \
             choose another --run-dir",
            run_dir.display(),
            latest.display()
        ),
        (false, None) => {
            let metrics = run_dir.join(crate::metrics::METRICS_FILE);
            ensure!(
                !writer || !metrics.exists(),
                "{} exists from an earlier run; choose another --run-dir (nothing was changed)",
                metrics.display()
            );
            None
        }
        (true, None) => bail!(
            "--resume: no checkpoint in {} to resume from",
            run_dir.display()
        ),
        (true, Some(latest)) => {
            let saved = checkpoint::load(&latest)?;
            check_same_model(config, &saved.meta.config)
                .with_context(|| format!("--resume from {}", latest.display()))?;
            ensure!(
                saved.meta.step <= config.train.steps,
                "--resume: {} is at step {}, past train.steps = {}",
                latest.display(),
                saved.meta.step,
                config.train.steps
            );
            Some(saved)
        }
    };
    let image_tower = match (&config.siglit, &resume_from) {
        (None, _) => None,
        (Some(siglit), None) => Some(siglit::load_image_tower(
            &siglit.image_tower,
            &config.model,
        )?),
        (Some(_), Some(saved)) => {
            let prefix = format!("{PARAMS_PREFIX}{IMAGE}/");
            Some(
                saved
                    .tensors
                    .iter()
                    .filter(|(name, _)| name.starts_with(&prefix))
                    .map(|(name, t)| (name[PARAMS_PREFIX.len()..].to_string(), t.clone()))
                    .collect(),
            )
        }
    };
    Ok(Preflight {
        files,
        resume_from,
        image_tower,
    })
}

/// The train step `config` describes and what its image side takes: the one step `train`
/// compiles and `siglip plan` measures. SigLiT freezes the image tower and, with
/// `siglit.cache_embeddings` and no random preprocessing, feeds the step cached image
/// embeddings, so the step holds no image tower (only shapes are needed here: neither the
/// tower's weights nor the cache).
pub fn step_spec(config: &RunConfig) -> Result<(StepSpec, ImageInput)> {
    // The program is the same however many processes drive its replicas.
    let layout = batch_layout(config, 1)?;
    let image_input = match &config.siglit {
        Some(siglit) if siglit.cache_embeddings && siglit::is_random(&config.preprocess()) => {
            tracing::warn!(
                "SigLiT: data.preprocess has random ops (augmentation), so image embeddings \
                 are not cached: the frozen image tower runs in every step"
            );
            ImageInput::Pixels
        }
        Some(siglit) if siglit.cache_embeddings => ImageInput::Embeddings,
        _ => ImageInput::Pixels,
    };
    let spec = StepSpec {
        model: config.model.clone(),
        loss: config.loss,
        optimizer: match config.siglit {
            Some(_) => siglit::freeze_image_tower(&config.optimizer, &config.model)?,
            None => config.optimizer.clone(),
        },
        replicas: layout.replicas(),
        local_batch: layout.per_replica() as i64,
        dtype: DType::F32,
        compute_dtype: match config.runtime.dtype {
            ComputeDType::F32 => DType::F32,
            ComputeDType::Bfloat16 => DType::Bf16,
        },
        remat: config.runtime.remat,
    };
    Ok((spec, image_input))
}

/// How the config's global batch (`train.batch_size`) lays over its global devices
/// (`runtime.devices`) when `processes` processes drive them.
pub fn batch_layout(config: &RunConfig, processes: usize) -> Result<BatchLayout> {
    Ok(BatchLayout::new(
        config.train.batch_size,
        config.runtime.devices,
        processes,
    )?)
}

/// Where checkpoints go: `checkpoint.dir`, else the run directory.
fn checkpoint_root(config: &RunConfig, run_dir: &Path) -> PathBuf {
    config
        .checkpoint
        .dir
        .clone()
        .unwrap_or_else(|| run_dir.to_path_buf())
}

pub fn text_config(config: &RunConfig) -> Result<TextConfig> {
    let Some(tokenizer) = &config.data.tokenizer else {
        bail!("data.tokenizer is not set: train one with `siglip tokenizer train` and set it")
    };
    Ok(TextConfig {
        tokenizer: tokenizer.clone(),
        max_len: config.model.text.max_len,
        lowercase: config.data.lowercase,
        eos_token: EOS_TOKEN.to_string(),
        caption_choice: CaptionChoice::default(),
    })
}

/// A resumed run must train the model its checkpoint holds.
pub fn check_same_model(config: &RunConfig, saved_config: &str) -> Result<()> {
    let saved: serde_yaml::Value =
        serde_yaml::from_str(saved_config).context("reading the saved config")?;
    let now: serde_yaml::Value = serde_yaml::from_str(&config.to_yaml())?;
    let (saved_model, now_model) = (&saved["model"], &now["model"]);
    if saved_model != now_model {
        let mut changed = Vec::new();
        diff_keys("model", saved_model, now_model, &mut changed);
        bail!(
            "the config's model differs from the checkpoint's ({}); a changed model cannot resume",
            changed.join(", ")
        );
    }
    Ok(())
}

fn diff_keys(prefix: &str, a: &serde_yaml::Value, b: &serde_yaml::Value, out: &mut Vec<String>) {
    match (a, b) {
        (serde_yaml::Value::Mapping(x), serde_yaml::Value::Mapping(y)) => {
            for key in x.keys().chain(y.keys().filter(|k| !x.contains_key(*k))) {
                let name = format!("{prefix}.{}", key.as_str().unwrap_or("?"));
                let missing = serde_yaml::Value::Null;
                diff_keys(
                    &name,
                    x.get(key).unwrap_or(&missing),
                    y.get(key).unwrap_or(&missing),
                    out,
                );
            }
        }
        _ if a != b => out.push(format!(
            "{prefix}: {} → {}",
            serde_yaml::to_string(a).unwrap_or_default().trim(),
            serde_yaml::to_string(b).unwrap_or_default().trim()
        )),
        _ => {}
    }
}

/// The pipeline's config for the training data of `config` (shard `files` resolved), for one
/// process of `layout`: it splits its share of the global batch over its own devices.
pub fn data_config(
    config: &RunConfig,
    layout: &BatchLayout,
    files: Vec<PathBuf>,
) -> Result<DataConfig> {
    Ok(DataConfig {
        files,
        keys: FeatureKeys::default(),
        preprocess: config.preprocess(),
        text: text_config(config)?,
        batch_size: config.train.batch_size,
        devices: layout.devices_per_process(),
        shuffle_buffer: config.data.shuffle_buffer,
        seed: config.runtime.seed,
        epochs: None,
        workers: config.data.workers,
        prefetch: 2,
        strict: false,
    })
}

/// Runs (or, with `resume`, continues) the configured training in `run_dir` on `client`, until
/// `train.steps` or until `stop` is set (then the current state is checkpointed).
pub fn train(
    client: &Client,
    config: &RunConfig,
    run_dir: &Path,
    resume: bool,
    evaluators: &mut [Box<dyn Evaluator>],
    stop: &AtomicBool,
    progress: &mut dyn Progress,
) -> Result<RunSummary> {
    config.validate()?;
    let group = client.process_group();
    let layout = batch_layout(config, group.num_processes)
        .with_context(|| format!("{} processes ({})", group.num_processes, group.source))?;
    let devices = layout.replicas();
    ensure!(
        client.devices().len() >= layout.devices_per_process(),
        "runtime.devices is {devices}, {} for each of {} process(es), but the plugin has {} \
         device(s) in this process",
        layout.devices_per_process(),
        layout.processes(),
        client.devices().len()
    );
    ensure!(
        client.global_device_count() >= devices,
        "runtime.devices is {devices} but the run has {} device(s) in all",
        client.global_device_count()
    );
    // A checkpoint holds process 0's input position only (each process reads its own files).
    ensure!(
        !(resume && group.is_multi_process()),
        "--resume of a run of {} processes is not supported: a checkpoint records only process \
         0's position in its input files",
        group.num_processes
    );
    // Every process runs the same step (loss and gradients are reduced inside the program, so
    // all see the same loss and parameters); process 0 alone writes the run directory.
    let writer = group.process_id == 0;
    let Preflight {
        files,
        resume_from,
        image_tower,
    } = preflight(config, run_dir, resume, writer)?;
    // Each process reads every `count`-th shard file, starting at its own index.
    let sharding = Sharding {
        index: group.process_id,
        count: group.num_processes,
    };
    ensure!(
        files.len() >= sharding.count,
        "data.train.shards: {} shard file(s) cannot feed {} processes (each process reads its \
         own files); split the data into at least {} files",
        files.len(),
        sharding.count,
        sharding.count
    );
    std::fs::create_dir_all(run_dir).with_context(|| format!("creating {}", run_dir.display()))?;
    let config_yaml = config.to_yaml();
    if writer && resume_from.is_none() {
        std::fs::write(run_dir.join("config.yaml"), &config_yaml)
            .with_context(|| format!("writing {}", run_dir.join("config.yaml").display()))?;
    }

    let (spec, image_input) = step_spec(config)?;
    let data = data_config(config, &layout, files)?;
    let cache = match (image_input, &image_tower) {
        (ImageInput::Embeddings, Some(tower)) => Some(EmbeddingCache::open_or_build(
            client,
            &run_dir.join(siglit::EMBEDDINGS_DIR),
            &CacheInputs {
                model: &config.model,
                tower,
                compute_dtype: spec.compute_dtype,
                data: &data,
            },
        )?),
        _ => None,
    };
    let (mut trainer, input) = match resume_from {
        None => {
            let mut params = init_params(&config.model.param_specs()?, config.runtime.seed);
            params.extend(image_tower.unwrap_or_default());
            (
                Trainer::new_with(client, &spec, image_input, &params)?,
                None,
            )
        }
        Some(saved) => {
            let state = NamedValues::from(saved.tensors);
            (
                Trainer::resume_with(client, &spec, image_input, state)?,
                Some(saved.meta.input),
            )
        }
    };
    let first_step = trainer.steps_done();
    ensure!(
        first_step <= config.train.steps,
        "the checkpoint is at step {first_step}, past train.steps"
    );
    let executable = &trainer.program().executable;
    ensure!(
        executable.devices().len() == layout.devices_per_process(),
        "the train step runs {} of its {devices} replicas in this process, but runtime.devices \
         over {} process(es) means {} each",
        executable.devices().len(),
        layout.processes(),
        layout.devices_per_process()
    );
    let expected = layout.process_replicas(group.process_id);
    if !executable.replicas().iter().copied().eq(expected.clone()) {
        // The sigmoid loss sums over all pairs of the global batch, so the order in which the
        // processes' examples fill the replicas changes nothing but which device gets which.
        tracing::warn!(
            "process {} feeds replicas {:?} of the plugin's device assignment, not {expected:?}",
            group.process_id,
            executable.replicas()
        );
    }
    tracing::info!(
        "train step compiled in {:.1} s; steps {}..{} on {devices} device(s)",
        trainer.compile_time().as_secs_f64(),
        first_step,
        config.train.steps
    );
    let mut pipeline = Pipeline::new(&data, sharding, input)?;
    let mut metrics = match writer {
        true => Some(MetricsWriter::open(run_dir, resume.then_some(first_step))?),
        false => None,
    };
    let ckpt_root = checkpoint_root(config, run_dir);
    let save = |trainer: &Trainer, input: PipelineState| -> Result<Option<PathBuf>> {
        if !writer {
            return Ok(None);
        }
        let state = trainer.state_host()?;
        let checkpoint = Checkpoint {
            meta: Meta {
                step: trainer.steps_done(),
                config: config_yaml.clone(),
                input,
                rng_seed: config.runtime.seed,
                plugin: client.plugin().path().display().to_string(),
                crate_version: env!("CARGO_PKG_VERSION").to_string(),
            },
            tensors: state.into_iter().collect(),
        };
        Ok(Some(checkpoint::save(
            &ckpt_root,
            &checkpoint,
            Some(config.checkpoint.keep),
        )?))
    };

    progress.start(first_step, config.train.steps);
    let mut summary = RunSummary {
        step: first_step,
        last_loss: None,
        interrupted: false,
        checkpoint: None,
        evals: BTreeMap::new(),
    };
    let mut last_saved = resume.then_some(first_step);
    while trainer.steps_done() < config.train.steps {
        if stop.load(Ordering::SeqCst) {
            summary.interrupted = true;
            break;
        }
        let step = trainer.steps_done();
        let start = Instant::now();
        let batches = pipeline
            .next_device_batches()?
            .context("the training data ended (the pipeline repeats forever, so this is a bug)")?;
        let sched = config.schedule.at(step, config.train.steps);
        let inputs = batches
            .iter()
            .map(|shard| match &cache {
                Some(cache) => {
                    let mut inputs = NamedValues::new();
                    inputs.insert(IMAGE_EMBEDDINGS, cache.lookup(&shard.images)?)?;
                    inputs.insert(TOKENS, shard.tokens.clone())?;
                    Ok(inputs)
                }
                None => pixel_inputs(shard),
            })
            .collect::<Result<Vec<_>>>()?;
        let metrics_now = trainer
            .step_on(sched, inputs)
            .with_context(|| match last_saved {
                Some(s) => {
                    format!("training stopped; the latest checkpoint (step {s}) is intact")
                }
                None => "training stopped before any checkpoint was written".to_string(),
            })?;
        let done = trainer.steps_done();
        let logged = done.is_multiple_of(config.train.log_every) || done == config.train.steps;
        let report = StepReport {
            metrics: metrics_now,
            lr: config.optimizer.lr * sched,
            images_per_s: config.train.batch_size as f64 / start.elapsed().as_secs_f64(),
            t_and_b: if logged {
                Some(trainer.temperature_and_bias()?)
            } else {
                None
            },
        };
        if let (Some((t, b)), Some(metrics)) = (report.t_and_b, &mut metrics) {
            metrics.write(&Record {
                step: done,
                values: [
                    ("loss", report.metrics.loss),
                    ("grad_norm", report.metrics.grad_norm),
                    ("t", t),
                    ("b", b),
                    ("lr", report.lr),
                    ("images_per_s", report.images_per_s),
                ]
                .into_iter()
                .map(|(k, v)| (k.to_string(), v))
                .collect(),
            })?;
        }
        progress.step(done, &report);
        summary.last_loss = Some(report.metrics.loss as f32);
        // Evaluations are for the record, which process 0 writes.
        let due: Vec<usize> = (0..evaluators.len())
            .filter(|&i| {
                writer && (done.is_multiple_of(evaluators[i].every()) || done == config.train.steps)
            })
            .collect();
        if !due.is_empty() {
            let params = trainer.params()?;
            let mut values = BTreeMap::new();
            for i in due {
                let evaluator = &mut evaluators[i];
                let name = evaluator.name().to_string();
                for (key, value) in evaluator
                    .evaluate(&params)
                    .with_context(|| format!("evaluator {name} at step {done}"))?
                {
                    values.insert(format!("eval/{name}/{key}"), value);
                }
            }
            if let Some(metrics) = &mut metrics {
                metrics.write(&Record {
                    step: done,
                    values: values.clone(),
                })?;
            }
            progress.evaluated(done, &values);
            summary.evals.extend(values);
        }
        if done.is_multiple_of(config.checkpoint.every) || done == config.train.steps {
            summary.checkpoint = save(&trainer, pipeline.state())?;
            last_saved = Some(done);
        }
    }
    summary.step = trainer.steps_done();
    if last_saved != Some(summary.step) {
        summary.checkpoint = save(&trainer, pipeline.state())?;
    }
    progress.finish();
    Ok(summary)
}
