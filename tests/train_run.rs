//! `siglip train` runs of `configs/tiny_cpu.yaml` on a small synth set: the model learns
//! (loss down, held-out retrieval far above chance), resume is exact (same checkpoint digest as
//! an uninterrupted run), a NaN loss keeps the last good checkpoint, and bad input fails before
//! anything is compiled or written. SigLiT (`configs/siglit_tiny_cpu.yaml`): the loaded image
//! tower comes out bit-identical with no optimizer state, training on embedding shards matches
//! training with the frozen tower in the step and resumes exactly without reading an image, an
//! embedding set is named by its inputs (a changed tower or preprocessing makes a new one, a
//! stale one named by hand is refused, an interrupted one resumes shard by shard), and a tower
//! of the wrong shape fails before compiling. Two processes of two devices, simulated on four:
//! their pipelines feed the one step of the global batch. NaFlex (`configs/naflex_tiny_cpu.yaml`)
//! trains on images of several aspect ratios with crops and flips, and SigLiT runs on the NaFlex
//! tower of a Hugging Face SigLIP 2 directory. Fine-tuning (`init`): a run starts at the
//! parameters of a Hugging Face SigLIP 2 NaFlex directory or of one of our runs (same
//! embeddings), learns from where a trained run stood and resumes exactly without reading its
//! source again, and a source that does not fit is refused before compiling.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::OnceLock;

use siglip::checkpoint;
use siglip::config::RunConfig;
use siglip::data::image_ops::Size;
use siglip::data::pipeline::{resolve_files, Sharding};
use siglip::data::synth::{write_synth, SynthConfig};
use siglip::data::{Batch, DataConfig, FeatureKeys, ImageOp, Pipeline, PipelineState, Preprocess};
use siglip::eval::retrieval::RetrievalEval;
use siglip::metrics::Evaluator;
use siglip::model::{init_params, ParamTree};
use siglip::tensor::{DType, HostTensor};
use siglip::train::embedding_set::{BuildReport, EmbeddingSet, Manifest, SetInputs, MANIFEST_FILE};
use siglip::train::{self, Progress, RunSummary, StepReport, Trainer};

/// One synth set (3000 training pairs, 256 held out) shared by every test of this binary.
fn data() -> &'static Path {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        common::write_tiny_synth(&dir.path().join("synth"), 3000, 256, 3);
        dir
    })
    .path()
}

fn config(sets: &[&str]) -> RunConfig {
    config_from("configs/tiny_cpu.yaml", sets)
}

/// `file` (relative to the crate) with the test's data and then `sets` applied.
fn config_from(file: &str, sets: &[&str]) -> RunConfig {
    let synth = data().join("synth");
    let mut all = vec![
        format!("data.train.shards={}", synth.join("train").display()),
        format!("data.tokenizer={}", synth.join("tokenizer.json").display()),
        format!("evals[0].data={}", synth.join("val").display()),
    ];
    all.extend(sets.iter().map(|s| s.to_string()));
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    RunConfig::load(&root.join(file), &all).unwrap()
}

/// Records every step's loss; sets `stop` once `stop_after` steps are done.
struct Recorder<'a> {
    losses: Vec<f64>,
    stop: &'a AtomicBool,
    stop_after: Option<u64>,
}

impl Progress for Recorder<'_> {
    fn start(&mut self, _: u64, _: u64) {}
    fn step(&mut self, step: u64, report: &StepReport) {
        self.losses.push(report.metrics.loss);
        if self.stop_after == Some(step) {
            self.stop.store(true, Ordering::SeqCst);
        }
    }
    fn evaluated(&mut self, _: u64, _: &BTreeMap<String, f64>) {}
    fn finish(&mut self) {}
}

struct Retrieval(RetrievalEval, u64);

impl Evaluator for Retrieval {
    fn name(&self) -> &str {
        "val"
    }
    fn every(&self) -> u64 {
        self.1
    }
    fn evaluate(&mut self, params: &ParamTree) -> anyhow::Result<BTreeMap<String, f64>> {
        self.0.evaluate(params)
    }
}

fn run(
    cfg: &RunConfig,
    run_dir: &Path,
    resume: bool,
    stop_after: Option<u64>,
    evaluators: &mut [Box<dyn Evaluator>],
) -> (anyhow::Result<RunSummary>, Vec<f64>) {
    run_on(
        common::client(),
        cfg,
        run_dir,
        resume,
        stop_after,
        evaluators,
    )
}

/// [`run`] on `client`.
fn run_on(
    client: &siglip::pjrt::Client,
    cfg: &RunConfig,
    run_dir: &Path,
    resume: bool,
    stop_after: Option<u64>,
    evaluators: &mut [Box<dyn Evaluator>],
) -> (anyhow::Result<RunSummary>, Vec<f64>) {
    let stop = AtomicBool::new(false);
    let mut recorder = Recorder {
        losses: vec![],
        stop: &stop,
        stop_after,
    };
    let result = train::train(
        client,
        cfg,
        run_dir,
        resume,
        evaluators,
        &stop,
        &mut recorder,
    );
    (result, recorder.losses)
}

fn digest(run_dir: &Path) -> String {
    let latest = checkpoint::latest(run_dir).unwrap().expect("a checkpoint");
    checkpoint::digest(&checkpoint::load(&latest).unwrap())
}

/// Every path under `dir`, sorted.
fn listing(dir: &Path) -> Vec<PathBuf> {
    let mut out = walk(dir);
    out.sort();
    out
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = vec![];
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                out.extend(walk(&p));
            }
            out.push(p);
        }
    }
    out
}

/// `configs/tiny_cpu.yaml` trained once on [`data`], with held-out retrieval at the end: the
/// run directory, what the run reported and every step's loss.
fn tiny_cpu_run() -> &'static (tempfile::TempDir, RunSummary, Vec<f64>) {
    static RUN: OnceLock<(tempfile::TempDir, RunSummary, Vec<f64>)> = OnceLock::new();
    RUN.get_or_init(|| {
        // Its checkpoints at steps 100, 200 and 300 stay (one to fine-tune from).
        let cfg = config(&["checkpoint.keep=3"]);
        let run_dir = tempfile::tempdir().unwrap();
        let eval = RetrievalEval::load(
            common::client(),
            &cfg.model,
            &cfg.evals[0].data,
            cfg.preprocess(),
            train::components::text_config(&cfg).unwrap(),
        )
        .unwrap();
        let mut evaluators: Vec<Box<dyn Evaluator>> =
            vec![Box::new(Retrieval(eval, cfg.train.steps))];
        let (result, losses) = run(&cfg, run_dir.path(), false, None, &mut evaluators);
        (run_dir, result.unwrap(), losses)
    })
}

fn mean(values: &[f64]) -> f64 {
    values.iter().sum::<f64>() / values.len() as f64
}

#[test]
fn tiny_cpu_learns_the_synth_set() {
    let (run_dir, summary, losses) = tiny_cpu_run();
    assert_eq!(summary.step, config(&[]).train.steps);
    let (first, last) = (mean(&losses[..10]), mean(&losses[losses.len() - 10..]));
    println!("loss: first 10 steps {first:.3}, last 10 steps {last:.3}");
    println!("held-out retrieval: {:?}", summary.evals);
    assert!(last < 0.7 * first, "loss went from {first} to {last}");
    let r1 = summary.evals["eval/val/i2t_r1"];
    let r5 = summary.evals["eval/val/i2t_r5"];
    let chance = summary.evals["eval/val/i2t_r1_chance"];
    assert!(
        r1 > 10.0 * chance,
        "image→caption R@1 {r1} vs chance {chance}"
    );
    assert!(
        r5 > 50.0 * chance,
        "image→caption R@5 {r5} vs chance {chance}"
    );
    // The run directory has what a user looks for.
    for file in ["config.yaml", "metrics.jsonl"] {
        assert!(run_dir.path().join(file).is_file(), "{file}");
    }
    let records = siglip::metrics::read(&run_dir.path().join("metrics.jsonl")).unwrap();
    assert!(records
        .iter()
        .any(|r| r.values.contains_key("eval/val/i2t_r1")));
}

#[test]
fn resume_gives_the_digest_of_an_uninterrupted_run() {
    let cfg = config(&[
        "train.steps=10",
        "schedule.warmup_steps=3",
        "checkpoint.every=100",
        "evals=[]",
    ]);
    let straight = tempfile::tempdir().unwrap();
    let (result, _) = run(&cfg, straight.path(), false, None, &mut []);
    assert_eq!(result.unwrap().step, 10);

    let resumed = tempfile::tempdir().unwrap();
    let (result, _) = run(&cfg, resumed.path(), false, Some(5), &mut []);
    let first = result.unwrap();
    assert!(first.interrupted);
    assert_eq!(first.step, 5);
    let at5 = digest(resumed.path());
    let (result, _) = run(&cfg, resumed.path(), true, None, &mut []);
    assert_eq!(result.unwrap().step, 10);

    assert_ne!(at5, digest(resumed.path()));
    assert_eq!(digest(straight.path()), digest(resumed.path()));
    // Metrics of the resumed run continue where the first part stopped: no step twice.
    let steps: Vec<u64> = siglip::metrics::read(&resumed.path().join("metrics.jsonl"))
        .unwrap()
        .iter()
        .map(|r| r.step)
        .collect();
    let mut unique = steps.clone();
    unique.dedup();
    assert_eq!(steps, unique);
}

/// `siglip train` on 4 devices with the ring loss: it runs, checkpoints when stopped, and
/// resumes from that checkpoint to the end (exact resume is checked on 1 device above).
#[test]
fn four_devices_with_the_ring_loss_train_checkpoint_and_resume() {
    let cfg = config(&[
        "runtime.devices=4",
        "loss=sigmoid_ring",
        "train.batch_size=16",
        "train.steps=4",
        "schedule.warmup_steps=1",
        "checkpoint.every=100",
        "evals=[]",
    ]);
    let run_dir = tempfile::tempdir().unwrap();
    let (result, losses) = run(&cfg, run_dir.path(), false, Some(2), &mut []);
    let first = result.unwrap();
    assert!(first.interrupted);
    assert_eq!((first.step, losses.len()), (2, 2));
    let at2 = checkpoint::load(&first.checkpoint.unwrap()).unwrap();
    assert_eq!(at2.meta.step, 2);
    let (result, losses) = run(&cfg, run_dir.path(), true, None, &mut []);
    let resumed = result.unwrap();
    assert_eq!((resumed.step, losses.len()), (4, 2));
    assert!(losses.iter().all(|l| l.is_finite()), "{losses:?}");
    let at4 = checkpoint::load(&resumed.checkpoint.unwrap()).unwrap();
    assert_eq!(at4.meta.step, 4);
    assert_ne!(checkpoint::digest(&at2), checkpoint::digest(&at4));
}

/// Two processes × two devices, simulated in one process on four devices: each process's
/// pipeline, configured from the 2-process layout, yields its half of the global batch as two
/// device shards; in process order they are the four replicas of the step a 1×4 run compiles
/// (the same program), and its loss is the one-device loss of the whole global batch.
#[test]
fn two_processes_of_two_devices_feed_one_global_batch() {
    let sets = |devices: &str, loss: &str| {
        config(&[
            &format!("runtime.devices={devices}"),
            &format!("loss={loss}"),
            "train.batch_size=16",
            "evals=[]",
        ])
    };
    let cfg = sets("4", "sigmoid_ring");
    let files = cfg.data.train.shards.resolve("data.train.shards").unwrap();
    let layout = train::components::batch_layout(&cfg, 2).unwrap();
    let mut shards = Vec::new();
    for index in 0..2 {
        let data = train::components::data_config(&cfg, &layout, files.clone()).unwrap();
        let mut pipeline = Pipeline::new(&data, Sharding { index, count: 2 }, None).unwrap();
        let batches = pipeline.next_device_batches().unwrap().unwrap();
        let sizes: Vec<usize> = batches.iter().map(Batch::size).collect();
        assert_eq!(sizes, [4, 4], "process {index}");
        shards.extend(batches);
    }
    let params = init_params(&cfg.model.param_specs().unwrap(), 0);
    let loss = |cfg: &RunConfig, shards: &[Batch]| {
        let (spec, input) = train::components::step_spec(cfg).unwrap();
        assert_eq!(spec.replicas * spec.local_batch as usize, 16);
        let mut trainer = Trainer::new_with(common::client(), &spec, input, &params).unwrap();
        trainer.step(0.0, shards).unwrap().loss
    };
    let rows = |part: fn(&Batch) -> &HostTensor| {
        HostTensor::concat_rows(&shards.iter().map(|b| part(b).clone()).collect::<Vec<_>>())
            .unwrap()
    };
    let whole = Batch {
        images: rows(|b| &b.images),
        tokens: rows(|b| &b.tokens),
        labels: None,
    };
    let (ring, one_device) = (loss(&cfg, &shards), loss(&sets("1", "sigmoid"), &[whole]));
    assert!(
        (ring - one_device).abs() <= 2e-6 * one_device.abs(),
        "{ring} vs {one_device}"
    );
}

#[test]
fn a_nan_loss_stops_the_run_and_keeps_the_last_good_checkpoint() {
    // An absurd learning rate: step 1 is computed from good parameters, step 2's loss is NaN.
    let cfg = config(&[
        "optimizer.lr=1.0e30",
        "train.steps=5",
        "schedule.warmup_steps=0",
        "checkpoint.every=1",
        "evals=[]",
    ]);
    let run_dir = tempfile::tempdir().unwrap();
    let (result, _) = run(&cfg, run_dir.path(), false, None, &mut []);
    let message = format!("{:#}", result.unwrap_err());
    assert!(message.contains("at step 2"), "{message}");
    assert!(
        message.contains("latest checkpoint (step 1) is intact"),
        "{message}"
    );
    let latest = checkpoint::latest(run_dir.path()).unwrap().unwrap();
    let saved = checkpoint::load(&latest).unwrap();
    assert_eq!(saved.meta.step, 1);
    assert!(saved
        .tensors
        .values()
        .all(|t| t.to_f64_lossy().iter().all(|v| v.is_finite())));
}

#[test]
fn bad_input_fails_before_compiling_and_writes_nothing() {
    let client = common::own_client();
    let base = config(&["train.steps=2", "schedule.warmup_steps=0", "evals=[]"]);
    let trained = tempfile::tempdir().unwrap();
    run_on(&client, &base, trained.path(), false, None, &mut [])
        .0
        .unwrap();
    let compiled = client.traffic().compiles;
    assert_eq!(compiled, 1, "a run without evaluators compiles its step");
    let before = listing(trained.path());
    let digest_before = digest(trained.path());

    let gemma = format!(
        "data.tokenizer={}",
        fixture("hf_siglip2_naflex/tokenizer.json").display()
    );
    let cases: Vec<(RunConfig, bool, &str)> = vec![
        (
            config(&[
                "train.steps=2",
                "schedule.warmup_steps=0",
                "evals=[]",
                "model.text.width=32",
            ]),
            true,
            "model.text.width: 64 → 32",
        ),
        (base.clone(), false, "already holds checkpoints"),
        (
            config(&["data.train.shards=/no/such/folder", "evals=[]"]),
            true,
            "data.train.shards: /no/such/folder does not exist",
        ),
        (
            config(&["model.text.vocab_size=30", "evals=[]"]),
            true,
            "vocabulary of 28 tokens but model.text.vocab_size is 30",
        ),
        // SigLIP 2's Gemma tokenizer has no `</s>` for the default sticky-EOS padding.
        (
            config(&[&gemma, "evals=[]"]),
            true,
            "data.tokenizer with data.text_padding: ",
        ),
        (
            config(&[&gemma, "evals=[]"]),
            true,
            "hf_siglip2_naflex/tokenizer.json: EOS token `</s>` (sticky-EOS padding) is not in \
             the vocabulary; a SigLIP 2 (Gemma) tokenizer has none and pads with `<pad>`: use the \
             siglip2 padding style (`{style: siglip2}`)",
        ),
        (
            config(&[
                "data.text_padding={style: siglip2, pad_token: \"[PAD]\"}",
                "data.lowercase=false",
                "evals=[]",
            ]),
            true,
            "tokenizer.json: pad token `[PAD]` (siglip2 padding) is not in the vocabulary",
        ),
    ];
    for (cfg, resume, expected) in cases {
        let (result, losses) = run_on(&client, &cfg, trained.path(), resume, None, &mut []);
        let message = format!("{:#}", result.unwrap_err());
        assert!(
            message.contains(expected),
            "{expected:?} not in {message:?}"
        );
        assert!(losses.is_empty());
        // Nothing was compiled and nothing written.
        assert_eq!(client.traffic().compiles, compiled, "{expected}: compiled");
        assert_eq!(listing(trained.path()), before, "{expected}");
    }
    assert_eq!(digest(trained.path()), digest_before);

    // SigLIP 2 tokenizers lowercase in their normalizer, and export has no place for ours.
    let tiny = Path::new(env!("CARGO_MANIFEST_DIR")).join("configs/tiny_cpu.yaml");
    let sets = [
        "data.lowercase=true".into(),
        "data.text_padding={style: siglip2}".into(),
    ];
    let refused = RunConfig::load(&tiny, &sets).unwrap_err().to_string();
    assert!(
        refused.contains("data.lowercase") && refused.contains("data.text_padding siglip2"),
        "{refused}"
    );

    // --resume of a run that never started.
    let empty = tempfile::tempdir().unwrap();
    let (result, _) = run(&base, empty.path(), true, None, &mut []);
    assert!(format!("{:#}", result.unwrap_err()).contains("no checkpoint"));
}

#[test]
fn kill_9_while_checkpointing_leaves_a_resumable_run() {
    let synth = data().join("synth");
    let run_dir = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_siglip"))
        .args(["train", "-c"])
        .arg(root.join("configs/tiny_cpu.yaml"))
        .arg("--run-dir")
        .arg(run_dir.path())
        .args(["--set", "checkpoint.every=1", "--set", "checkpoint.keep=3"])
        .args(["--set", "evals=[]", "--set", "train.steps=200"])
        .args(["--set", "schedule.warmup_steps=0"])
        .arg("--set")
        .arg(format!(
            "data.train.shards={}",
            synth.join("train").display()
        ))
        .arg("--set")
        .arg(format!(
            "data.tokenizer={}",
            synth.join("tokenizer.json").display()
        ))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Every step writes a checkpoint: kill as soon as one from step 4 on is being written
    // (from step 3 on, polling as fast as it can: the temporary lives for one write, so a step
    // whose write it missed is followed by the next). The run ends by itself only if it never
    // writes one.
    let latest_step = || {
        checkpoint::list(run_dir.path())
            .unwrap()
            .last()
            .map(|(s, _)| *s)
    };
    while latest_step().is_none_or(|step| step < 3) {
        assert!(child.try_wait().unwrap().is_none(), "the run ended early");
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    let mut target = 4;
    while !common::checkpoints_being_written(run_dir.path()).contains(&target) {
        if let Some(step) = latest_step().filter(|&step| step >= target) {
            target = step + 1;
        }
        assert!(child.try_wait().unwrap().is_none(), "the run ended early");
    }
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();

    // Killed mid-write, the run's latest checkpoint is the step before; otherwise the kill
    // came right after the write.
    let latest = checkpoint::latest(run_dir.path()).unwrap().unwrap();
    let saved = checkpoint::load(&latest).unwrap();
    if common::checkpoints_being_written(run_dir.path()).contains(&target) {
        assert_eq!(saved.meta.step, target - 1, "killed while writing {target}");
    } else {
        assert!(saved.meta.step >= target);
    }
    let cfg = config(&[
        "checkpoint.every=1",
        "checkpoint.keep=3",
        "evals=[]",
        "schedule.warmup_steps=0",
        &format!("train.steps={}", saved.meta.step + 2),
    ]);
    let (result, losses) = run(&cfg, run_dir.path(), true, None, &mut []);
    let summary = result.unwrap();
    assert_eq!(summary.step, saved.meta.step + 2);
    assert_eq!(losses.len(), 2);
}

// --- SigLiT ------------------------------------------------------------------------------------

/// A checkpoint whose `img/...` parameters are the initialisation of tiny_cpu's model (with
/// `model_sets` applied) from `seed`: a stand-in for a pretrained image tower.
fn tower_checkpoint(dir: &Path, model_sets: &[&str], seed: u64) -> BTreeMap<String, HostTensor> {
    let cfg = config(model_sets);
    let tensors: BTreeMap<String, HostTensor> =
        init_params(&cfg.model.param_specs().unwrap(), seed)
            .into_iter()
            .filter(|(path, _)| path.starts_with("img/"))
            .map(|(path, t)| (format!("params/{path}"), t))
            .collect();
    let meta = checkpoint::Meta {
        step: 0,
        config: cfg.to_yaml(),
        input: PipelineState {
            epoch: 0,
            index: 0,
            batches: 0,
            seed: 0,
            sharding: Sharding::SINGLE,
        },
        rng_seed: seed,
        plugin: String::new(),
        crate_version: checkpoint::CRATE_VERSION.to_string(),
        init: None,
    };
    let saved = checkpoint::Checkpoint {
        meta,
        tensors: tensors.clone(),
    };
    checkpoint::save(dir, &saved, None).unwrap();
    tensors
}

fn siglit_config(tower: &Path, sets: &[&str]) -> RunConfig {
    let mut all = vec![
        format!("siglit.image_tower={}", tower.display()),
        "evals=[]".to_string(),
        "schedule.warmup_steps=0".to_string(),
    ];
    all.extend(sets.iter().map(|s| s.to_string()));
    let all: Vec<&str> = all.iter().map(String::as_str).collect();
    config_from("configs/siglit_tiny_cpu.yaml", &all)
}

fn latest_tensors(run_dir: &Path) -> BTreeMap<String, HostTensor> {
    let latest = checkpoint::latest(run_dir).unwrap().unwrap();
    checkpoint::load(&latest).unwrap().tensors
}

#[test]
fn siglit_keeps_the_tower_and_trains_on_embedding_shards_as_on_images() {
    let tower_dir = tempfile::tempdir().unwrap();
    let tower = tower_checkpoint(tower_dir.path(), &[], 7);
    // The config does not freeze the tower itself: SigLiT adds the rule.
    let sets = ["train.steps=4", "optimizer.params.frozen=[]"];
    let embedded = tempfile::tempdir().unwrap();
    let (result, embedded_losses) = run(
        &siglit_config(tower_dir.path(), &sets),
        embedded.path(),
        false,
        None,
        &mut [],
    );
    result.unwrap();
    let in_step = tempfile::tempdir().unwrap();
    let mut sets_in_step = sets.to_vec();
    sets_in_step.push("siglit.tower_in_step=true");
    let (result, in_step_losses) = run(
        &siglit_config(tower_dir.path(), &sets_in_step),
        in_step.path(),
        false,
        None,
        &mut [],
    );
    result.unwrap();

    // One set in RUN_DIR/embeddings: its manifest and one shard per input shard, nothing else.
    let sets_made = listing(&embedded.path().join("embeddings"));
    let names: Vec<String> = sets_made[1..]
        .iter()
        .map(|p| p.strip_prefix(&sets_made[0]).unwrap().display().to_string())
        .collect();
    assert_eq!(
        names,
        [
            "000000-data-00000-of-00003.tfrecord",
            "000001-data-00001-of-00003.tfrecord",
            "000002-data-00002-of-00003.tfrecord",
            MANIFEST_FILE
        ],
        "{sets_made:?}"
    );
    assert!(!in_step.path().join("embeddings").exists());
    // Same data order and maths: the losses agree to f32 rounding (the tower's outputs differ
    // only by the batch they were computed in), and they fall as the text tower learns.
    println!("embedded {embedded_losses:?}\nin step {in_step_losses:?}");
    assert_eq!(embedded_losses.len(), 4);
    for (a, b) in embedded_losses.iter().zip(&in_step_losses) {
        assert!((a - b).abs() <= 2e-5 * b.abs(), "{a} vs {b}");
    }
    assert!(embedded_losses[3] < embedded_losses[0]);

    for run_dir in [embedded.path(), in_step.path()] {
        let saved = latest_tensors(run_dir);
        for (name, t) in &tower {
            assert_eq!(saved[name].dtype, t.dtype, "{name}");
            assert_eq!(saved[name].shape, t.shape, "{name}");
            assert!(saved[name].data == t.data, "{name} changed");
        }
        let img_state: Vec<&String> = saved
            .keys()
            .filter(|n| n.starts_with("opt/") && n.contains("/img/"))
            .collect();
        assert!(img_state.is_empty(), "{img_state:?}");
        assert!(saved
            .keys()
            .any(|n| n.starts_with("opt/") && n.contains("/txt/")));
    }
}

#[test]
fn siglit_on_embedding_shards_resumes_exactly_without_reading_an_image() {
    let tower_dir = tempfile::tempdir().unwrap();
    tower_checkpoint(tower_dir.path(), &[], 3);
    // Its own copy of the image shards, to overwrite once the set is made; a set shared by runs.
    let shards = tempfile::tempdir().unwrap();
    let originals = resolve_files(&[data().join("synth/train")]).unwrap();
    for file in &originals {
        std::fs::copy(file, shards.path().join(file.file_name().unwrap())).unwrap();
    }
    let embeddings = tempfile::tempdir().unwrap();
    let cfg = siglit_config(
        tower_dir.path(),
        &[
            "train.steps=4",
            "checkpoint.every=100",
            &format!("data.train.shards={}", shards.path().display()),
            &format!("siglit.embeddings={}", embeddings.path().display()),
        ],
    );
    let straight = tempfile::tempdir().unwrap();
    run(&cfg, straight.path(), false, None, &mut []).0.unwrap();
    // The set is made: the images are no longer read (zeros of the same size leave the
    // manifest's names and sizes as they were).
    for file in walk(shards.path()) {
        let size = std::fs::metadata(&file).unwrap().len();
        std::fs::write(&file, vec![0u8; size as usize]).unwrap();
    }
    let resumed = tempfile::tempdir().unwrap();
    let (result, _) = run(&cfg, resumed.path(), false, Some(2), &mut []);
    assert_eq!(result.unwrap().step, 2);
    let (result, losses) = run(&cfg, resumed.path(), true, None, &mut []);
    assert_eq!(result.unwrap().step, 4);
    assert_eq!(losses.len(), 2);
    assert_eq!(digest(straight.path()), digest(resumed.path()));
    assert!(!resumed.path().join("embeddings").exists());

    // That set named by hand for a run with another tower: refused before anything is written.
    let set = listing(embeddings.path())[0].clone();
    let other_tower = tempfile::tempdir().unwrap();
    tower_checkpoint(other_tower.path(), &[], 4);
    let stale = siglit_config(
        other_tower.path(),
        &[
            &format!("data.train.shards={}", shards.path().display()),
            &format!("siglit.embeddings={}", set.display()),
        ],
    );
    let run_dir = tempfile::tempdir().unwrap();
    let (result, losses) = run(&stale, run_dir.path(), false, None, &mut []);
    let message = format!("{:#}", result.unwrap_err());
    assert!(
        message.starts_with("siglit.embeddings: the embedding set")
            && message.contains("(what differs: the image tower's parameters); it is stale"),
        "{message}"
    );
    assert!(losses.is_empty() && listing(run_dir.path()).is_empty());
}

#[test]
fn embedding_sets_are_named_by_their_inputs_resume_and_refuse_stale_ones() {
    let (dir_a, dir_b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let tower_a = strip_params(tower_checkpoint(dir_a.path(), &[], 1));
    let tower_b = strip_params(tower_checkpoint(dir_b.path(), &[], 2));
    let cfg = siglit_config(dir_a.path(), &[]);
    let files = cfg.data.train.shards.resolve("data.train.shards").unwrap();
    let layout = train::components::batch_layout(&cfg, 1).unwrap();
    let data = train::components::data_config(&cfg, &layout, files).unwrap();
    let root = tempfile::tempdir().unwrap();
    let inputs = |tower, data| set_inputs(&cfg, tower, data);
    let build = |tower, data| {
        let inputs = set_inputs(&cfg, tower, data);
        EmbeddingSet::open_or_build(common::client(), root.path(), &inputs, Sharding::SINGLE)
    };
    let (tower_a, tower_b, data) = (&tower_a, &tower_b, &data);
    let (a, report) = build(tower_a, data).unwrap();
    let made = BuildReport {
        embedded: 3,
        reused: 0,
        records: 3000,
    };
    assert_eq!(report, made, "one record per training record");
    let (again, report) = build(tower_a, data).unwrap();
    assert_eq!(
        (&again.dir, report),
        (
            &a.dir,
            BuildReport {
                reused: 3,
                ..Default::default()
            }
        )
    );

    // An interrupted build: a shard missing, half of it written under a temporary name. Only
    // that shard is embedded again, and comes out as it was.
    let shard = a.shard(1);
    let whole = std::fs::read(&shard).unwrap();
    std::fs::remove_file(&shard).unwrap();
    let partial = a.dir.join(format!(
        ".{}.partial-1",
        shard.file_name().unwrap().to_string_lossy()
    ));
    std::fs::write(&partial, &whole[..whole.len() / 2]).unwrap();
    let (_, report) = build(tower_a, data).unwrap();
    assert_eq!((report.embedded, report.reused), (1, 2));
    assert!(std::fs::read(&shard).unwrap() == whole);

    // Another tower or preprocessing: another set.
    let (b, _) = build(tower_b, data).unwrap();
    assert_ne!(b.dir, a.dir);
    let mut flipped = data.clone();
    flipped.preprocess = Preprocess::new(vec![
        ImageOp::DECODE,
        ImageOp::CentralCrop(Size::Square(48)),
        ImageOp::ValueRange([0.0, 1.0]),
    ])
    .unwrap();
    let flipped = &flipped;
    assert_ne!(
        Manifest::of(&inputs(tower_a, flipped)).unwrap().key(),
        a.manifest.key()
    );

    // A set named by hand is checked against what the run would make: stale ones are refused.
    let refused = |tower, data| {
        format!(
            "{:#}",
            EmbeddingSet::locate(&a.dir, &inputs(tower, data)).unwrap_err()
        )
    };
    let message = refused(tower_b, data);
    assert!(
        message.contains("(what differs: the image tower's parameters); it is stale"),
        "{message}"
    );
    let message = refused(tower_a, flipped);
    assert!(
        message.contains("(what differs: the preprocessing (data.preprocess))"),
        "{message}"
    );
    let fewer = &DataConfig {
        files: data.files[..2].to_vec(),
        ..data.clone()
    };
    let message = refused(tower_a, fewer);
    assert!(
        message.contains("the input shards (3 of them, now 2)"),
        "{message}"
    );
    assert_eq!(
        EmbeddingSet::locate(&a.dir, &inputs(tower_a, data))
            .unwrap()
            .dir,
        a.dir
    );

    // The records carry the text side: the first batch has the image pipeline's tokens, with
    // each tower's embeddings.
    let on = |set: &EmbeddingSet, dim| DataConfig {
        files: set.files(),
        embedding_dim: Some(dim),
        ..data.clone()
    };
    let first = |data: &DataConfig| {
        Pipeline::new(data, Sharding::SINGLE, None)
            .unwrap()
            .next_batch()
            .map(Option::unwrap)
    };
    let (images, ea, eb) = (
        first(data).unwrap(),
        first(&on(&a, 64)).unwrap(),
        first(&on(&b, 64)).unwrap(),
    );
    assert_eq!(
        (
            ea.images.shape.as_slice(),
            ea.tokens.data == images.tokens.data
        ),
        (&[64, 64][..], true)
    );
    assert!(eb.tokens.data == images.tokens.data && eb.images.data != ea.images.data);
    // Embeddings of a size the model does not take: made with another tower.
    let message = first(&on(&a, 63)).unwrap_err().to_string();
    assert!(
        message.contains("an embedding of size 64, but the model's image embeddings have size 63"),
        "{message}"
    );
}

fn set_inputs<'a>(cfg: &'a RunConfig, tower: &'a ParamTree, data: &'a DataConfig) -> SetInputs<'a> {
    SetInputs {
        model: &cfg.model,
        tower,
        compute_dtype: DType::F32,
        data,
    }
}

fn strip_params(tensors: BTreeMap<String, HostTensor>) -> ParamTree {
    tensors
        .into_iter()
        .map(|(name, t)| (name["params/".len()..].to_string(), t))
        .collect()
}

#[test]
fn a_siglit_tower_of_the_wrong_shape_fails_before_compiling() {
    let tower_dir = tempfile::tempdir().unwrap();
    tower_checkpoint(tower_dir.path(), &["model.image.mlp_dim=128"], 0);
    let run_dir = tempfile::tempdir().unwrap();
    let client = common::own_client();
    let (result, losses) = run_on(
        &client,
        &siglit_config(tower_dir.path(), &[]),
        run_dir.path(),
        false,
        None,
        &mut [],
    );
    let message = format!("{:#}", result.unwrap_err());
    assert!(
        message.contains("siglit.image_tower")
            && message.contains("has shape [64, 128], model.image needs [64, 256]"),
        "{message}"
    );
    assert!(losses.is_empty());
    assert_eq!(client.traffic().compiles, 0);
    assert!(listing(run_dir.path()).is_empty());

    let missing = siglit_config(Path::new("/no/such/tower"), &[]);
    let (result, _) = run_on(&client, &missing, run_dir.path(), false, None, &mut []);
    let message = format!("{:#}", result.unwrap_err());
    assert!(
        message.contains("siglit.image_tower: /no/such/tower does not exist"),
        "{message}"
    );
    assert_eq!(client.traffic().compiles, 0);
}

/// A small synth set of images whose width:height runs from 1:2 to 2:1 (for NaFlex).
fn aspect_data() -> &'static Path {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let config = SynthConfig {
            count: 256,
            val_count: 0,
            seed: 1,
            shards: 2,
            image_size: 48,
            two_objects: 0.0,
            max_aspect: 2.0,
        };
        write_synth(&dir.path().join("synth"), &config, &FeatureKeys::default()).unwrap();
        dir
    })
    .path()
}

/// `configs/naflex_tiny_cpu.yaml` on images of several aspect ratios, with random crops and
/// flips: each batch's images keep their own patch grids, and the loss falls (that it learns:
/// the README's run of the whole config).
#[test]
fn naflex_trains_on_images_of_several_aspect_ratios() {
    let synth = aspect_data().join("synth");
    let sets = [
        format!("data.train.shards={}", synth.join("train").display()),
        format!("data.tokenizer={}", synth.join("tokenizer.json").display()),
        "data.preprocess=[decode, {random_crop: [40, 40]}, flip_lr]".into(),
        "evals=[]".into(),
        "train.steps=6".into(),
        "train.batch_size=16".into(),
        "schedule.warmup_steps=0".into(),
        "checkpoint.every=100".into(),
    ];
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let cfg = RunConfig::load(&root.join("configs/naflex_tiny_cpu.yaml"), &sets).unwrap();
    let run_dir = tempfile::tempdir().unwrap();
    let (result, losses) = run(&cfg, run_dir.path(), false, None, &mut []);
    assert_eq!(result.unwrap().step, 6);
    println!("NaFlex losses {losses:?}");
    assert!(losses[5] < 0.5 * losses[0], "{losses:?}");
}

/// SigLiT on the SigLIP 2 NaFlex tower of a Hugging Face directory (tests/fixtures/
/// hf_siglip2_naflex): on its embedding shards the losses are those of the frozen tower in the
/// step, and the tower comes out unchanged.
#[test]
fn siglit_on_a_hugging_face_naflex_tower() {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/hf_siglip2_naflex");
    let tower_sets = [
        "model.image={image_size: 16, patch_size: 4, width: 32, depth: 2, mlp_dim: 64, \
         num_heads: 2, pool: map, posemb: learn, head: none, naflex: {max_num_patches: 24}}",
        "model.text.embed_dim=32",
        "data.preprocess=[decode]",
        "train.steps=2",
        "train.batch_size=16",
    ];
    let losses: Vec<Vec<f64>> = ["false", "true"]
        .iter()
        .map(|in_step| {
            let mut sets = tower_sets.to_vec();
            let in_step = format!("siglit.tower_in_step={in_step}");
            sets.push(&in_step);
            let run_dir = tempfile::tempdir().unwrap();
            let (result, losses) = run(
                &siglit_config(&fixture, &sets),
                run_dir.path(),
                false,
                None,
                &mut [],
            );
            result.unwrap();
            let (_, hf) = siglip::model::hf::import_dir(&fixture).unwrap();
            for (path, t) in hf.iter().filter(|(p, _)| p.starts_with("img/")) {
                assert!(
                    latest_tensors(run_dir.path())[&format!("params/{path}")] == *t,
                    "{path} changed"
                );
            }
            losses
        })
        .collect();
    println!("embedding shards {:?}\nin step {:?}", losses[0], losses[1]);
    for (a, b) in losses[0].iter().zip(&losses[1]) {
        assert!((a - b).abs() <= 2e-5 * b.abs(), "{a} vs {b}");
    }
}

// --- Fine-tuning from a pretrained model (`init`) ----------------------------------------------

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// The latest checkpoint under `run_dir`.
fn latest_checkpoint(run_dir: &Path) -> checkpoint::Checkpoint {
    checkpoint::load(&checkpoint::latest(run_dir).unwrap().unwrap()).unwrap()
}

/// The PNGs of tests/fixtures/hf_siglip2_naflex: odd sizes and aspect ratios, a 1×50 strip.
fn odd_images() -> Vec<PathBuf> {
    let mut images: Vec<PathBuf> = std::fs::read_dir(fixture("hf_siglip2_naflex/images"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    images.sort();
    images
}

/// What `siglip embed --checkpoint SRC FLAG INPUTS...` writes.
fn embed_cli(src: &Path, flag: &str, inputs: &[PathBuf]) -> HostTensor {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("embeddings.safetensors");
    let mut args = vec!["embed", "--checkpoint", src.to_str().unwrap()];
    args.extend(["--out", out.to_str().unwrap(), flag]);
    args.extend(inputs.iter().map(|p| p.to_str().unwrap()));
    common::siglip(&args);
    siglip::safetensors_io::read(&out).unwrap()["embeddings"].clone()
}

/// `tests/fixtures/export_naflex/train.yaml` (the tiny NaFlex model of our run
/// tests/fixtures/export_naflex/run) on the aspect-ratio synth set, with `sets`.
fn naflex_fixture_config(sets: &[String]) -> RunConfig {
    let synth = aspect_data().join("synth");
    let mut all = vec![
        format!("data.train.shards={}", synth.join("train").display()),
        format!("data.tokenizer={}", synth.join("tokenizer.json").display()),
        "checkpoint={every: 100, keep: 1}".to_string(),
    ];
    all.extend(sets.iter().cloned());
    RunConfig::load(&fixture("export_naflex/train.yaml"), &all).unwrap()
}

/// `init` of both towers from a Hugging Face SigLIP 2 NaFlex directory (tests/fixtures/
/// hf_siglip2_naflex, made by transformers), training on its Gemma tokenizer with SigLIP 2's
/// padding (`data.text_padding: {style: siglip2}`): after one step at learning rate 0 (the first
/// step of a warmup) every parameter is the directory's, bit for bit; the checkpoint records the
/// source and the digest of what was loaded; `siglip embed` gives the checkpoint's images and
/// texts the embeddings it gives the directory's (the texts so only with the same token ids: the
/// same padding and pad id); and the next step moves every tensor of the image tower and the
/// text tower.
#[test]
fn init_from_a_siglip2_naflex_directory_starts_at_its_parameters() {
    let source = fixture("hf_siglip2_naflex");
    let (model, hf_params) = siglip::model::hf::import_dir(&source).unwrap();
    let sets = [
        // The model as the directory's config.json states it (max_num_patches: its processor's).
        format!("model={}", serde_json::to_string(&model).unwrap()),
        format!("data.tokenizer={}", source.join("tokenizer.json").display()),
        "data.text_padding={style: siglip2}".to_string(),
        "data.lowercase=false".to_string(),
        "train={steps: 2, batch_size: 16}".to_string(),
        "schedule.warmup_steps=1".to_string(),
        format!("init={{from: {}}}", source.display()),
        "checkpoint={every: 1, keep: 2}".to_string(),
    ];
    let cfg = naflex_fixture_config(&sets);
    let run_dir = tempfile::tempdir().unwrap();
    let (result, losses) = run(&cfg, run_dir.path(), false, None, &mut []);
    assert_eq!(result.unwrap().step, 2);
    assert!(losses.iter().all(|l| l.is_finite()), "{losses:?}");
    let step_dir =
        |n| checkpoint::checkpoints_dir(run_dir.path()).join(checkpoint::step_dir_name(n));
    let saved = checkpoint::load(&step_dir(1)).unwrap();
    assert_eq!(saved.params(), hf_params);
    // The second step trains both loaded towers.
    let tuned = checkpoint::load(&step_dir(2)).unwrap().params();
    let tower = |params: &ParamTree, scope: &str| -> ParamTree {
        params
            .iter()
            .filter(|(path, _)| path.starts_with(scope))
            .map(|(path, t)| (path.clone(), t.clone()))
            .collect()
    };
    let (hf_image, tuned_image) = (tower(&hf_params, "img/"), tower(&tuned, "img/"));
    assert!(hf_image.iter().all(|(path, t)| tuned_image[path] != *t));
    assert_ne!(tower(&tuned, "txt/"), tower(&hf_params, "txt/"));
    assert_eq!(
        saved.meta.init,
        Some(checkpoint::InitRecord {
            from: source.display().to_string(),
            scopes: ["img", "txt", "t", "b"].map(String::from).to_vec(),
            digest: siglip::model::tree_digest(&hf_params),
        })
    );
    let images = odd_images();
    let ours = embed_cli(&step_dir(1), "--images", &images);
    let theirs = embed_cli(&source, "--images", &images);
    assert_eq!(ours.shape, [images.len() as i64, 32]);
    assert_eq!(ours, theirs);
    let texts: Vec<String> =
        serde_json::from_str(&std::fs::read_to_string(source.join("texts.json")).unwrap()).unwrap();
    let captions = run_dir.path().join("texts.txt");
    std::fs::write(&captions, texts.join("\n") + "\n").unwrap();
    let captions = [captions];
    let ours = embed_cli(&step_dir(1), "--texts", &captions);
    let theirs = embed_cli(&source, "--texts", &captions);
    assert_eq!(ours.shape, [texts.len() as i64, 32]);
    assert_eq!(ours, theirs);
    // Exported, the run is a SigLIP 2 directory that pads as the source does.
    let exported = run_dir.path().join("hf");
    common::siglip(&[
        "export",
        "--checkpoint",
        step_dir(1).to_str().unwrap(),
        "--hf",
        exported.to_str().unwrap(),
    ]);
    let (back, original) = (
        siglip::source::load(&exported, &Default::default()).unwrap(),
        siglip::source::load(&source, &Default::default()).unwrap(),
    );
    assert_eq!(
        (&back.params, &back.text),
        (&original.params, &original.text)
    );
}

/// Fine-tuning the run of `tiny_cpu_learns_the_synth_set` from its checkpoint at step 100
/// (`init` from a run directory holding a copy of it): the run starts at the source's
/// parameters, far below where training from scratch starts, and the loss falls over 20 steps;
/// stopped and resumed with the source deleted, it ends where the uninterrupted run does.
#[test]
fn fine_tuning_a_trained_run_starts_low_and_learns() {
    let (trained, _, scratch) = tiny_cpu_run();
    let tmp = tempfile::tempdir().unwrap();
    // A run directory holding its checkpoint at step 100 (of 300).
    let step_dir = checkpoint::step_dir_name(100);
    let saved = checkpoint::checkpoints_dir(trained.path()).join(&step_dir);
    let source = tmp.path().join("source");
    let copy = checkpoint::checkpoints_dir(&source).join(&step_dir);
    std::fs::create_dir_all(&copy).unwrap();
    for file in [checkpoint::META_FILE, checkpoint::STATE_FILE] {
        std::fs::copy(saved.join(file), copy.join(file)).unwrap();
    }
    let source_params = latest_checkpoint(&source).params();
    let steps = 20;
    let cfg = config(&[
        "evals=[]",
        &format!("train.steps={steps}"),
        "schedule.warmup_steps=5",
        "checkpoint.every=100",
        &format!("init={}", source.display()),
    ]);
    let straight = tmp.path().join("straight");
    let (result, losses) = run(&cfg, &straight, false, None, &mut []);
    assert_eq!(result.unwrap().step, steps);
    let (first, last) = (mean(&losses[..10]), mean(&losses[10..20]));
    let (scratch_first, scratch_last) = (mean(&scratch[..10]), mean(&scratch[10..20]));
    println!(
        "loss over steps 1-10 and 11-20: fine-tuning {first:.3}, {last:.3}; from scratch \
         {scratch_first:.3}, {scratch_last:.3}"
    );
    assert!(first < 0.6 * scratch_first, "{first} vs {scratch_first}");
    assert!(last < 0.7 * scratch_last, "{last} vs {scratch_last}");
    assert!(last < 0.95 * first, "{first} then {last}");

    // Stopped after its first step (learning rate 0: the first of the warmup), the run holds
    // the source's parameters, bit for bit, and `siglip embed` gives it the source's text
    // embeddings. Resumed with its source deleted, it ends in the uninterrupted run's state,
    // its checkpoints still naming what it started from.
    let resumed = tmp.path().join("resumed");
    let (result, _) = run(&cfg, &resumed, false, Some(1), &mut []);
    assert_eq!(result.unwrap().step, 1);
    let at1 = latest_checkpoint(&resumed);
    assert_eq!(at1.params(), source_params);
    let recorded = Some(checkpoint::InitRecord {
        from: source.display().to_string(),
        scopes: ["img", "txt", "t", "b"].map(String::from).to_vec(),
        digest: siglip::model::tree_digest(&source_params),
    });
    assert_eq!(at1.meta.init, recorded);
    let texts = tmp.path().join("texts.txt");
    std::fs::write(&texts, "a red circle\nthe big blue star at the top left\n").unwrap();
    let texts = [texts];
    assert_eq!(
        embed_cli(&resumed, "--texts", &texts),
        embed_cli(&source, "--texts", &texts)
    );
    std::fs::remove_dir_all(&source).unwrap();
    let (result, _) = run(&cfg, &resumed, true, None, &mut []);
    assert_eq!(result.unwrap().step, steps);
    assert_eq!(digest(&resumed), digest(&straight));
    assert_eq!(latest_checkpoint(&resumed).meta.init, recorded);
}

/// An `init` that does not fit the model fails before anything is compiled or written: a
/// parameter of another shape (named, with both shapes, the config key and the source), a
/// parameter the source lacks, a source that is not there; `init` of the image tower together
/// with SigLiT's frozen one is refused as a config error, `init` of the text tower is not.
#[test]
fn an_init_that_does_not_fit_fails_before_compiling() {
    let client = common::own_client();
    let source = fixture("export_naflex/run");
    let img_only = tempfile::tempdir().unwrap();
    tower_checkpoint(img_only.path(), &[], 0);
    let cases = [
        (
            naflex_fixture_config(&[
                "model.image.mlp_dim=64".into(),
                format!("init={}", source.display()),
            ]),
            format!(
                "init.from ({}): the source does not fit the configured model: \
                 img/Transformer/encoderblock_0/MlpBlock_0/Dense_0/kernel has shape [16, 32], \
                 model.image needs [16, 64]",
                source.display()
            ),
        ),
        (
            config(&[
                "evals=[]",
                &format!(
                    "init={{from: {}, towers: [text]}}",
                    img_only.path().display()
                ),
            ]),
            "txt/Embed_0/embedding is missing (model.text needs it with shape [28, 64])".into(),
        ),
        (
            naflex_fixture_config(&["init=/no/such/model".into()]),
            "init.from: /no/such/model does not exist".into(),
        ),
    ];
    let run_dir = tempfile::tempdir().unwrap();
    for (cfg, expected) in cases {
        let (result, losses) = run_on(&client, &cfg, run_dir.path(), false, None, &mut []);
        let message = format!("{:#}", result.unwrap_err());
        assert!(
            message.contains(&expected),
            "{expected:?} not in {message:?}"
        );
        assert!(losses.is_empty());
        assert_eq!(client.traffic().compiles, 0, "{expected}: compiled");
        assert!(listing(run_dir.path()).is_empty(), "{expected}");
    }

    let siglit = |init: &str| {
        let synth = data().join("synth");
        let sets = [
            format!("data.train.shards={}", synth.join("train").display()),
            format!("data.tokenizer={}", synth.join("tokenizer.json").display()),
            "evals=[]".to_string(),
            format!("siglit.image_tower={}", img_only.path().display()),
            format!("init={init}"),
        ];
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        RunConfig::load(&root.join("configs/siglit_tiny_cpu.yaml"), &sets)
    };
    let message = siglit("/some/model").unwrap_err().to_string();
    assert!(
        message.contains("`init.towers`: loads the image tower, but SigLiT loads it (frozen)"),
        "{message}"
    );
    let text_only = siglit("{from: /some/model, towers: [text]}").unwrap();
    assert_eq!(
        text_only.init.unwrap().towers,
        [siglip::config::Tower::Text]
    );
}
