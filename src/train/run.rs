//! A training run from a [`RunConfig`], in two halves. [`Run::prepare`] checks everything that
//! can be checked before the step is compiled (the config and its components, the devices,
//! shards, tokenizer against the model, the run directory, a resumed checkpoint against the
//! config) and writes nothing; [`Run::train`] compiles the step and runs the loop: it feeds the
//! pipeline's batches to the [`Trainer`], evaluates the schedule on the host, logs metrics, runs
//! the evaluators, checkpoints every `checkpoint.every` steps and at the end, and stops cleanly
//! when asked to (Ctrl-C). A non-finite loss ends the run with an error and writes nothing, so
//! the latest checkpoint stays the last good one. [`train`] is the two in one call; a caller
//! that builds evaluators calls them apart, to share the run's text encoder.
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

use super::components::Components;
use super::embedding_set::{EmbeddingSet, SetInputs};
use super::phases::{InputBoundCheck, Phase, PhaseClock, TimeShares};
use super::pretrained;
use super::profile::{Profile, ProfileSteps};
use super::siglit;
use super::step::{ImageInput, IMAGE_EMBEDDINGS, TOKENS};
use super::trainer::{pixel_inputs, StepMetrics, Trainer};
use crate::checkpoint::{self, Checkpoint, InitRecord, Meta, CRATE_VERSION};
use crate::config::RunConfig;
use crate::data::pipeline::Sharding;
use crate::data::{Batch, DataConfig, Pipeline, PipelineState, TextEncoder};
use crate::layout::BatchLayout;
use crate::metrics::{Evaluator, MetricsWriter, Record, METRICS_FILE};
use crate::model::two_towers::{TwoTowerConfig, IMAGE};
use crate::model::{init_params, ParamTree};
use crate::pjrt::Client;
use crate::program::NamedValues;
use crate::storage;
use crate::tensor::HostTensor;
use crate::tensorboard::{EventWriter, HParam};

/// The resolved config a run writes into its directory (it loads back to the same config).
pub const CONFIG_FILE: &str = "config.yaml";
/// The TensorBoard text tag of the resolved config.
pub const CONFIG_TAG: &str = "config";

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
    /// On logged steps, where the wall time went since the last logged step.
    pub time_shares: Option<TimeShares>,
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
    Run::prepare(client, config, run_dir, resume)?.train(evaluators, stop, progress)
}

/// A run checked and resolved, with nothing compiled or written yet.
pub struct Run<'a> {
    client: &'a Client,
    config: &'a RunConfig,
    run_dir: PathBuf,
    components: Components,
    /// The run's tokenizer, read once: the pipeline and the evaluators share it.
    encoder: TextEncoder,
    /// This process's share of the shard files.
    sharding: Sharding,
    files: Vec<PathBuf>,
    /// Whether this process writes the run directory (process 0); the others neither check nor
    /// read it, so they do not race process 0's first files on a shared file system.
    writer: bool,
    /// The checkpoint to continue from.
    resume_from: Option<Checkpoint>,
    /// SigLiT's pretrained image tower (`img/...`): loaded from `siglit.image_tower` for a new
    /// run, from the checkpoint for a resumed one.
    image_tower: Option<ParamTree>,
    /// A fine-tuned run's starting point: the parameters `init` loads (a new run only; a
    /// resumed one continues from its checkpoint and never reads the source again).
    init_tree: Option<ParamTree>,
    /// What `init` loaded, which every checkpoint records: read from the source for a new run,
    /// from the checkpoint for a resumed one.
    init_record: Option<InitRecord>,
    /// SigLiT's embedding set, when the step takes embeddings (located; shards made in
    /// [`Run::train`] or [`Run::embed`]).
    embeddings: Option<EmbeddingSet>,
    /// What the HParams view of TensorBoard compares this run by (a sweep's overrides).
    hparams: BTreeMap<String, HParam>,
    /// The profile to record (by process 0).
    profile: Option<Profile>,
}

impl<'a> Run<'a> {
    /// The checks that need no compiler, in the order a user would fix them.
    pub fn prepare(
        client: &'a Client,
        config: &'a RunConfig,
        run_dir: &Path,
        resume: bool,
    ) -> Result<Run<'a>> {
        check_locations(config, run_dir)?;
        let group = client.process_group();
        let components = Components::new(config, group.num_processes)?;
        check_devices(client, &components.layout)?;
        // A checkpoint holds process 0's input position only (each process reads its own files).
        ensure!(
            !(resume && group.is_multi_process()),
            "--resume of a run of {} processes is not supported: a checkpoint records only \
             process 0's position in its input files",
            group.num_processes
        );
        // Each process reads every `count`-th shard file, starting at its own index.
        let sharding = Sharding {
            index: group.process_id,
            count: group.num_processes,
        };
        let files = shard_files(config, sharding)?;
        let encoder = load_tokenizer(config, &components)?;
        let writer = group.process_id == 0;
        let resume_from = match writer {
            true => resume_point(config, run_dir, resume)?,
            false => None,
        };
        let image_tower = match (&config.siglit, &resume_from) {
            (None, _) => None,
            (Some(siglit), None) => Some(siglit::load_image_tower(
                &siglit.image_tower,
                &config.model,
                &components.params,
            )?),
            (Some(_), Some(saved)) => Some(image_tower_of(saved.params())),
        };
        let (init_tree, init_record) = match (&config.init, &resume_from) {
            (Some(init), None) => {
                let (params, record) =
                    pretrained::load_init(init, &config.model, &components.params)?;
                (Some(params), Some(record))
            }
            (_, Some(saved)) => (None, saved.meta.init.clone()),
            (None, None) => (None, None),
        };
        // A stale embedding set is refused here, before anything is written.
        let embeddings = match (&image_tower, components.image_input) {
            (Some(tower), ImageInput::Embeddings) => {
                let data = components.data(config, files.clone());
                let root = config
                    .siglit
                    .as_ref()
                    .and_then(|s| s.embeddings.clone())
                    .unwrap_or_else(|| run_dir.join(siglit::EMBEDDINGS_DIR));
                let inputs = set_inputs(config, &components, tower, &data);
                Some(EmbeddingSet::locate(&root, &inputs).context("siglit.embeddings")?)
            }
            _ => None,
        };
        Ok(Run {
            client,
            config,
            run_dir: run_dir.to_path_buf(),
            components,
            encoder,
            sharding,
            files,
            writer,
            resume_from,
            image_tower,
            init_tree,
            init_record,
            embeddings,
            hparams: BTreeMap::new(),
            profile: None,
        })
    }

    /// Profiles `steps`: checked against the run, and the profile's directory made (by process
    /// 0), here, before anything is compiled.
    pub fn with_profile(mut self, steps: ProfileSteps) -> Result<Self> {
        let first_step = self.resume_from.as_ref().map_or(0, |saved| saved.meta.step);
        Profile::check(steps, first_step, self.config.train.steps)?;
        if self.writer {
            self.profile = Some(Profile::create(&self.run_dir, steps, self.client.plugin())?);
        }
        Ok(self)
    }

    /// Records `hparams` as the run's hyperparameters in its TensorBoard event file.
    pub fn with_hparams(mut self, hparams: BTreeMap<String, HParam>) -> Self {
        self.hparams = hparams;
        self
    }

    /// The run's text encoder: evaluators built between [`Run::prepare`] and [`Run::train`]
    /// take it rather than reading the tokenizer again.
    pub fn text_encoder(&self) -> &TextEncoder {
        &self.encoder
    }

    /// Compiles the step and trains until `train.steps` or until `stop` is set (then the
    /// current state is checkpointed).
    pub fn train(
        mut self,
        evaluators: &mut [Box<dyn Evaluator>],
        stop: &AtomicBool,
        progress: &mut dyn Progress,
    ) -> Result<RunSummary> {
        let (client, config) = (self.client, self.config);
        let resumed = self.resume_from.is_some();
        write_config(config, &self.run_dir, self.writer && !resumed)?;
        let mut profile = self.profile.take();
        let data = self
            .components
            .data(config, std::mem::take(&mut self.files));
        let data = self.embedded_data(data)?;
        let (mut trainer, input) = self.start_trainer()?;
        check_replicas(&trainer, &self.components.layout, self.sharding.index)?;
        let mut pipeline = Pipeline::with_encoder(&data, self.encoder, self.sharding, input)?;
        let first_step = trainer.steps_done();
        let resumed_at = resumed.then_some(first_step);
        let mut record = RunRecord::open(
            client,
            config,
            &self.run_dir,
            self.writer,
            resumed_at,
            &self.hparams,
            self.init_record.take(),
        )?;

        let steps = config.train.steps;
        progress.start(first_step, steps);
        let mut summary = RunSummary {
            step: first_step,
            last_loss: None,
            interrupted: false,
            checkpoint: None,
            evals: BTreeMap::new(),
        };
        let mut last_saved = resumed_at;
        let mut clock = PhaseClock::default();
        let mut input_bound = InputBoundCheck::default();
        while trainer.steps_done() < steps {
            if stop.load(Ordering::SeqCst) {
                summary.interrupted = true;
                break;
            }
            let next = trainer.steps_done() + 1;
            // The device trace starts with the first profiled step.
            let profiled = profile
                .as_mut()
                .filter(|p| p.steps.contains(next))
                .map(Profile::start)
                .is_some();
            clock.trace_step(profiled.then_some(next));
            let image_input = self.components.image_input;
            let report = run_step(&mut trainer, &mut pipeline, image_input, config, &mut clock)
                .with_context(|| match last_saved {
                    Some(s) => {
                        format!("training stopped; the latest checkpoint (step {s}) is intact")
                    }
                    None => "training stopped before any checkpoint was written".to_string(),
                })?;
            let done = trainer.steps_done();
            if let Some(shares) = report.time_shares.filter(|s| input_bound.says(s)) {
                tracing::warn!(
                    "the run waits for its input: {:.0}% of the time up to step {done}; more \
                     decode threads may help: data.workers (now {}; 0 is one per core)",
                    100.0 * shares.of(Phase::Input),
                    config.data.workers
                );
            }
            record.step(done, &report)?;
            progress.step(done, &report);
            summary.last_loss = Some(report.metrics.loss as f32);
            // Evaluations are for the record, which process 0 writes.
            let evaluated =
                evaluate_due(evaluators, &trainer, done, steps, self.writer, &mut clock)?;
            if let Some(values) = evaluated {
                record.evaluations(done, &values)?;
                progress.evaluated(done, &values);
                summary.evals.extend(values);
            }
            if done.is_multiple_of(config.checkpoint.every) || done == steps {
                summary.checkpoint = clock.time(Phase::Checkpoint, || {
                    record.save(&trainer, pipeline.state())
                })?;
                last_saved = Some(done);
            }
            // The profile ends with its last step, or the run's.
            if let Some(ended) = profile.take_if(|p| done == p.steps.last().min(steps)) {
                ended.write(&clock.take_trace())?;
            }
        }
        // Interrupted inside the profiled steps: what was recorded.
        if let Some(profile) = profile {
            let trace = clock.take_trace();
            if !trace.is_empty() {
                profile.write(&trace)?;
            }
        }
        summary.step = trainer.steps_done();
        if last_saved != Some(summary.step) {
            summary.checkpoint = record.save(&trainer, pipeline.state())?;
        }
        progress.finish();
        Ok(summary)
    }

    /// The pipeline's settings on SigLiT's embedding shards when the step takes embeddings
    /// (this process's share embedded first where missing), else `data` as it is.
    fn embedded_data(&self, data: DataConfig) -> Result<DataConfig> {
        let Some(set) = self.complete_embeddings(&data)? else {
            return Ok(data);
        };
        Ok(DataConfig {
            files: set.files(),
            embedding_dim: Some(set.manifest.embedding_dim),
            ..data
        })
    }

    /// SigLiT's embedding set for this run, with this process's share of its shards embedded
    /// where missing (what `siglip data embed` does ahead of training).
    pub fn embed(&self) -> Result<EmbeddingSet> {
        ensure!(
            self.config.siglit.is_some(),
            "the config has no siglit section: there is no frozen image tower to embed with"
        );
        let data = self.components.data(self.config, self.files.clone());
        self.complete_embeddings(&data)?.cloned().context(
            "this run feeds the frozen tower images in every step (siglit.tower_in_step or \
             random ops in data.preprocess), so it uses no embedding shards",
        )
    }

    /// The run's embedding set (if it uses one) with this process's share of its shards
    /// embedded where missing; `data`: the training data's settings (every process's files).
    fn complete_embeddings(&self, data: &DataConfig) -> Result<Option<&EmbeddingSet>> {
        let (Some(set), Some(tower)) = (&self.embeddings, &self.image_tower) else {
            return Ok(None);
        };
        let inputs = set_inputs(self.config, &self.components, tower, data);
        set.complete(self.client, &inputs, self.sharding)
            .context("siglit.embeddings")?;
        Ok(Some(set))
    }

    /// The trainer with its step compiled, on freshly initialised parameters (with SigLiT's
    /// pretrained tower and what `init` loaded in their place) or on the checkpoint's state;
    /// with the checkpoint's input position.
    fn start_trainer(&mut self) -> Result<(Trainer, Option<PipelineState>)> {
        let (client, config) = (self.client, self.config);
        let (spec, image_input) = (&self.components.step, self.components.image_input);
        let (trainer, input) = match self.resume_from.take() {
            None => {
                let mut params = init_params(&self.components.params, config.runtime.seed);
                params.extend(self.image_tower.take().unwrap_or_default());
                params.extend(self.init_tree.take().unwrap_or_default());
                (Trainer::new_with(client, spec, image_input, &params)?, None)
            }
            Some(saved) => {
                let state = NamedValues::from(saved.tensors);
                (
                    Trainer::resume_with(client, spec, image_input, state)?,
                    Some(saved.meta.input),
                )
            }
        };
        ensure!(
            trainer.steps_done() <= config.train.steps,
            "the checkpoint is at step {}, past train.steps",
            trainer.steps_done()
        );
        tracing::info!(
            "train step compiled in {:.1} s; steps {}..{} on {} device(s)",
            trainer.compile_time().as_secs_f64(),
            trainer.steps_done(),
            config.train.steps,
            self.components.layout.replicas()
        );
        Ok((trainer, input))
    }
}

/// The plugin must offer this process its share of `runtime.devices`.
fn check_devices(client: &Client, layout: &BatchLayout) -> Result<()> {
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
    Ok(())
}

/// Every path of the run parses (a typo'd `gz://` is refused here, by name, before any work).
fn check_locations(config: &RunConfig, run_dir: &Path) -> Result<()> {
    storage::check(run_dir).context("--run-dir")?;
    config
        .data
        .train
        .shards
        .check_locations("data.train.shards")?;
    let optional = [
        ("data.tokenizer", config.data.tokenizer.as_deref()),
        ("checkpoint.dir", config.checkpoint.dir.as_deref()),
        (
            "siglit.image_tower",
            config.siglit.as_ref().map(|s| s.image_tower.as_path()),
        ),
        (
            "siglit.embeddings",
            config.siglit.as_ref().and_then(|s| s.embeddings.as_deref()),
        ),
        ("init.from", config.init.as_ref().map(|i| i.from.as_path())),
    ];
    for (key, path) in optional {
        if let Some(path) = path {
            storage::check(path).context(key)?;
        }
    }
    for (i, eval) in config.evals.iter().enumerate() {
        eval.data.check_locations(&format!("evals[{i}].data"))?;
    }
    Ok(())
}

/// The shard files of `data.train.shards`, enough of them for every process to read its own.
fn shard_files(config: &RunConfig, sharding: Sharding) -> Result<Vec<PathBuf>> {
    let files = config.data.train.shards.resolve("data.train.shards")?;
    ensure!(
        files.len() >= sharding.count,
        "data.train.shards: {} shard file(s) cannot feed {} processes (each process reads its \
         own files); split the data into at least {} files",
        files.len(),
        sharding.count,
        sharding.count
    );
    Ok(files)
}

/// The run's tokenizer, which must be the text tower's.
fn load_tokenizer(config: &RunConfig, components: &Components) -> Result<TextEncoder> {
    let encoder =
        TextEncoder::new(&components.text).context("data.tokenizer with data.text_padding")?;
    let vocab = encoder.tokenizer().get_vocab_size(true);
    ensure!(
        vocab == config.model.text.vocab_size,
        "data.tokenizer has a vocabulary of {vocab} tokens but model.text.vocab_size is {}: the \
         tokenizer does not belong to this model",
        config.model.text.vocab_size
    );
    Ok(encoder)
}

/// The checkpoint a run with `resume` continues from; a fresh run needs a run directory that
/// holds no earlier run.
fn resume_point(config: &RunConfig, run_dir: &Path, resume: bool) -> Result<Option<Checkpoint>> {
    match (
        resume,
        checkpoint::latest(&checkpoint_root(config, run_dir))?,
    ) {
        (false, Some(latest)) => bail!(
            "{} already holds checkpoints (latest {}); pass --resume to continue that run, or \
             choose another --run-dir",
            run_dir.display(),
            latest.display()
        ),
        (false, None) => {
            let metrics = run_dir.join(METRICS_FILE);
            ensure!(
                !storage::exists(&metrics)?,
                "{} exists from an earlier run; choose another --run-dir (nothing was changed)",
                metrics.display()
            );
            Ok(None)
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
            Ok(Some(saved))
        }
    }
}

/// What the embedding set of `config`'s run depends on: the frozen `tower`, the step's compute
/// dtype and the training `data`.
fn set_inputs<'a>(
    config: &'a RunConfig,
    components: &Components,
    tower: &'a ParamTree,
    data: &'a DataConfig,
) -> SetInputs<'a> {
    SetInputs {
        model: &config.model,
        tower,
        compute_dtype: components.step.compute_dtype,
        data,
    }
}

/// The image tower's parameters (`img/...`) among `params`.
fn image_tower_of(params: ParamTree) -> ParamTree {
    let prefix = format!("{IMAGE}/");
    params
        .into_iter()
        .filter(|(path, _)| path.starts_with(&prefix))
        .collect()
}

/// Where checkpoints go: `checkpoint.dir`, else the run directory.
fn checkpoint_root(config: &RunConfig, run_dir: &Path) -> PathBuf {
    config
        .checkpoint
        .dir
        .clone()
        .unwrap_or_else(|| run_dir.to_path_buf())
}

/// Creates the run directory and, when `write` (process 0 of a fresh run), writes the resolved
/// config into it.
fn write_config(config: &RunConfig, run_dir: &Path, write: bool) -> Result<()> {
    storage::create_dir_all(run_dir).with_context(|| format!("creating {}", run_dir.display()))?;
    let path = run_dir.join(CONFIG_FILE);
    if write {
        storage::write(&path, config.to_yaml().as_bytes())
            .with_context(|| format!("writing {}", path.display()))?;
    }
    Ok(())
}

/// The compiled step runs this process's share of the replicas.
fn check_replicas(trainer: &Trainer, layout: &BatchLayout, process: usize) -> Result<()> {
    let executable = &trainer.program().executable;
    ensure!(
        executable.devices().len() == layout.devices_per_process(),
        "the train step runs {} of its {} replicas in this process, but runtime.devices over {} \
         process(es) means {} each",
        executable.devices().len(),
        layout.replicas(),
        layout.processes(),
        layout.devices_per_process()
    );
    let expected = layout.process_replicas(process);
    if !executable.replicas().iter().copied().eq(expected.clone()) {
        // The sigmoid loss sums over all pairs of the global batch, so the order in which the
        // processes' examples fill the replicas changes nothing but which device gets which.
        tracing::warn!(
            "process {process} feeds replicas {:?} of the plugin's device assignment, not \
             {expected:?}",
            executable.replicas()
        );
    }
    Ok(())
}

/// One step on the pipeline's next batch.
fn run_step(
    trainer: &mut Trainer,
    pipeline: &mut Pipeline,
    image_input: ImageInput,
    config: &RunConfig,
    clock: &mut PhaseClock,
) -> Result<StepReport> {
    let start = Instant::now();
    let inputs = clock.time(Phase::Input, || {
        let batches = pipeline
            .next_device_batches()?
            .context("the training data ended (the pipeline repeats forever, so this is a bug)")?;
        batches
            .iter()
            .map(|shard| step_inputs(&config.model, shard, image_input))
            .collect::<Result<Vec<_>>>()
    })?;
    let sched = config.schedule.at(trainer.steps_done(), config.train.steps);
    let metrics = clock.time(Phase::Step, || trainer.step_on(sched, inputs))?;
    let images_per_s = config.train.batch_size as f64 / start.elapsed().as_secs_f64();
    let done = trainer.steps_done();
    let logged = done.is_multiple_of(config.train.log_every) || done == config.train.steps;
    let t_and_b = match logged {
        true => Some(trainer.temperature_and_bias()?),
        false => None,
    };
    Ok(StepReport {
        metrics,
        lr: config.optimizer.lr * sched,
        images_per_s,
        t_and_b,
        time_shares: logged.then(|| clock.shares()),
    })
}

/// The step's data inputs for one device's shard: its images (`model`'s inputs), or (read
/// from embedding shards) its images' embeddings.
fn step_inputs(
    model: &TwoTowerConfig,
    shard: &Batch,
    image_input: ImageInput,
) -> Result<NamedValues<HostTensor>> {
    if image_input == ImageInput::Pixels {
        return pixel_inputs(model, shard);
    }
    let mut inputs = NamedValues::new();
    inputs.insert(IMAGE_EMBEDDINGS, shard.images.clone())?;
    inputs.insert(TOKENS, shard.tokens.clone())?;
    Ok(inputs)
}

/// The values of the evaluators due after step `done` (every `every()` steps and at the last
/// step, on process 0 alone), or `None` when none is due; their time counted on `clock`.
fn evaluate_due(
    evaluators: &mut [Box<dyn Evaluator>],
    trainer: &Trainer,
    done: u64,
    steps: u64,
    writer: bool,
    clock: &mut PhaseClock,
) -> Result<Option<BTreeMap<String, f64>>> {
    let mut due = evaluators
        .iter_mut()
        .filter(|e| writer && (done.is_multiple_of(e.every()) || done == steps))
        .peekable();
    if due.peek().is_none() {
        return Ok(None);
    }
    clock.time(Phase::Eval, || {
        let params = trainer.params()?;
        let mut values = BTreeMap::new();
        for evaluator in due {
            let name = evaluator.name().to_string();
            values.extend(
                evaluator
                    .evaluate_keyed(&params)
                    .with_context(|| format!("evaluator {name} at step {done}"))?,
            );
        }
        Ok(Some(values))
    })
}

/// What process 0 writes while the run goes: `metrics.jsonl`, TensorBoard's event file and
/// checkpoints. The other processes write nothing.
struct RunRecord<'a> {
    client: &'a Client,
    config: &'a RunConfig,
    writer: bool,
    metrics: Option<MetricsWriter>,
    events: Option<EventWriter>,
    checkpoint_root: PathBuf,
    /// What the run started from, written into every checkpoint.
    init: Option<InitRecord>,
}

impl<'a> RunRecord<'a> {
    /// `resumed_at`: the step a resumed run continues from (its later records are dropped).
    /// The event file starts with the resolved config and the run's `hparams`; `init` goes
    /// into every checkpoint.
    fn open(
        client: &'a Client,
        config: &'a RunConfig,
        run_dir: &Path,
        writer: bool,
        resumed_at: Option<u64>,
        hparams: &BTreeMap<String, HParam>,
        init: Option<InitRecord>,
    ) -> Result<Self> {
        let (metrics, events) = match writer {
            true => {
                let first_step = resumed_at.unwrap_or(0);
                let mut events = EventWriter::create(run_dir, first_step + 1)?;
                let config_text = format!("```yaml\n{}```", config.to_yaml());
                events.text(first_step, CONFIG_TAG, &config_text)?;
                if !hparams.is_empty() {
                    events.hparams(hparams)?;
                }
                (
                    Some(MetricsWriter::open(run_dir, resumed_at)?),
                    Some(events),
                )
            }
            false => (None, None),
        };
        Ok(RunRecord {
            client,
            config,
            writer,
            metrics,
            events,
            checkpoint_root: checkpoint_root(config, run_dir),
            init,
        })
    }

    /// One record, to `metrics.jsonl` and to TensorBoard.
    fn write(&mut self, record: Record) -> Result<()> {
        if let (Some(metrics), Some(events)) = (&mut self.metrics, &mut self.events) {
            metrics.write(&record)?;
            events.scalars(record.step, &record.values)?;
        }
        Ok(())
    }

    /// The metrics of a logged step (one that read `t` and `b`).
    fn step(&mut self, step: u64, report: &StepReport) -> Result<()> {
        let Some((t, b)) = report.t_and_b else {
            return Ok(());
        };
        let values = [
            ("loss", report.metrics.loss),
            ("grad_norm", report.metrics.grad_norm),
            ("t", t),
            ("b", b),
            ("lr", report.lr),
            ("images_per_s", report.images_per_s),
        ];
        let mut values: BTreeMap<String, f64> = values
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect();
        values.extend(report.time_shares.map(|s| s.keyed()).unwrap_or_default());
        self.write(Record { step, values })
    }

    fn evaluations(&mut self, step: u64, values: &BTreeMap<String, f64>) -> Result<()> {
        self.write(Record {
            step,
            values: values.clone(),
        })
    }

    /// A checkpoint of the trainer's state with `input`, the pipeline's position after its last
    /// batch; the path written (by process 0).
    fn save(&self, trainer: &Trainer, input: PipelineState) -> Result<Option<PathBuf>> {
        if !self.writer {
            return Ok(None);
        }
        let checkpoint = Checkpoint {
            meta: Meta {
                step: trainer.steps_done(),
                config: self.config.to_yaml(),
                input,
                rng_seed: self.config.runtime.seed,
                plugin: self.client.plugin().path().display().to_string(),
                crate_version: CRATE_VERSION.to_string(),
                init: self.init.clone(),
            },
            tensors: trainer.state_host()?.into_iter().collect(),
        };
        Ok(Some(checkpoint::save(
            &self.checkpoint_root,
            &checkpoint,
            Some(self.config.checkpoint.keep),
        )?))
    }
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
