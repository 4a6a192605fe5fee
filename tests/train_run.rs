//! `siglip train` runs of `configs/tiny_cpu.yaml` on a small synth set: the model learns
//! (loss down, held-out retrieval far above chance), resume is exact (same checkpoint digest as
//! an uninterrupted run), a NaN loss keeps the last good checkpoint, and bad input fails before
//! anything is compiled or written.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::OnceLock;

use siglip::checkpoint;
use siglip::config::RunConfig;
use siglip::data::synth::{write_synth, SynthConfig};
use siglip::data::FeatureKeys;
use siglip::eval::retrieval::RetrievalEval;
use siglip::model::ParamTree;
use siglip::train::{self, Evaluator, Progress, RunSummary, StepReport};

/// One synth set (3000 training pairs, 256 held out) shared by every test of this binary.
fn data() -> &'static Path {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let config = SynthConfig {
            count: 3000,
            val_count: 256,
            seed: 0,
            shards: 3,
            image_size: 48,
            two_objects: 0.0,
        };
        write_synth(&dir.path().join("synth"), &config, &FeatureKeys::default()).unwrap();
        dir
    })
    .path()
}

fn config(sets: &[&str]) -> RunConfig {
    let synth = data().join("synth");
    let mut all = vec![
        format!("data.train.shards={}", synth.join("train").display()),
        format!("data.tokenizer={}", synth.join("tokenizer.json").display()),
        format!("evals[0].data={}", synth.join("val").display()),
    ];
    all.extend(sets.iter().map(|s| s.to_string()));
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    RunConfig::load(&root.join("configs/tiny_cpu.yaml"), &all).unwrap()
}

/// Records every step's loss; sets `stop` once `stop_after` steps are done.
struct Recorder<'a> {
    losses: Vec<f32>,
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
) -> (anyhow::Result<RunSummary>, Vec<f32>) {
    let stop = AtomicBool::new(false);
    let mut recorder = Recorder {
        losses: vec![],
        stop: &stop,
        stop_after,
    };
    let result = train::train(
        common::client(),
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

#[test]
fn tiny_cpu_learns_the_synth_set() {
    let cfg = config(&[]);
    let run_dir = tempfile::tempdir().unwrap();
    let eval = RetrievalEval::load(
        common::client(),
        &cfg.model,
        &cfg.evals[0].data,
        cfg.preprocess(),
        train::run::text_config(&cfg).unwrap(),
    )
    .unwrap();
    let mut evaluators: Vec<Box<dyn Evaluator>> = vec![Box::new(Retrieval(eval, cfg.train.steps))];
    let (result, losses) = run(&cfg, run_dir.path(), false, None, &mut evaluators);
    let summary = result.unwrap();
    assert_eq!(summary.step, cfg.train.steps);
    let mean = |v: &[f32]| v.iter().sum::<f32>() / v.len() as f32;
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
    let base = config(&["train.steps=2", "schedule.warmup_steps=0", "evals=[]"]);
    let trained = tempfile::tempdir().unwrap();
    run(&base, trained.path(), false, None, &mut []).0.unwrap();
    let before = listing(trained.path());
    let digest_before = digest(trained.path());

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
    ];
    for (cfg, resume, expected) in cases {
        let start = std::time::Instant::now();
        let (result, losses) = run(&cfg, trained.path(), resume, None, &mut []);
        let message = format!("{:#}", result.unwrap_err());
        assert!(
            message.contains(expected),
            "{expected:?} not in {message:?}"
        );
        assert!(losses.is_empty());
        // Nothing was compiled (the tiny step takes seconds to compile) and nothing written.
        assert!(
            start.elapsed().as_secs_f64() < 2.0,
            "{expected}: {:?}",
            start.elapsed()
        );
        assert_eq!(listing(trained.path()), before, "{expected}");
    }
    assert_eq!(digest(trained.path()), digest_before);

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
    // Every step writes a checkpoint: once a few exist, kill at an arbitrary moment.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(240);
    while checkpoint::list(run_dir.path()).map_or(0, |l| l.len()) < 3 {
        assert!(
            std::time::Instant::now() < deadline,
            "no checkpoints written"
        );
        assert!(child.try_wait().unwrap().is_none(), "the run ended early");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .subsec_nanos();
    std::thread::sleep(std::time::Duration::from_millis(u64::from(nanos % 150)));
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();

    let latest = checkpoint::latest(run_dir.path()).unwrap().unwrap();
    let saved = checkpoint::load(&latest).unwrap();
    assert!(saved.meta.step >= 3);
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
