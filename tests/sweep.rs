//! `siglip sweep`: a 2-run sweep of `configs/tiny_cpu.yaml` (4 steps each) interrupted in its
//! second run, then continued (the finished run skipped, the half-run one resumed), then a
//! third time with nothing left to do; its table; `--print`'s launch lines; a run directory
//! that cannot be resumed is refused before anything runs.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use serde_json::json;
use siglip::config::RunConfig;
use siglip::sweep::{self, RunState, Sweep, SweepRun};
use siglip::train::{Progress, Run, RunSummary, StepReport};

/// Sets `stop` once `stop_after` steps are done.
struct StopAfter<'a> {
    stop: &'a AtomicBool,
    stop_after: Option<u64>,
}

impl Progress for StopAfter<'_> {
    fn start(&mut self, _: u64, _: u64) {}
    fn step(&mut self, step: u64, _: &StepReport) {
        if self.stop_after == Some(step) {
            self.stop.store(true, Ordering::SeqCst);
        }
    }
    fn evaluated(&mut self, _: u64, _: &BTreeMap<String, f64>) {}
    fn finish(&mut self) {}
}

/// (run name, whether it was resumed) of every run a sweep trained, in order.
type TrainedRuns = Vec<(String, bool)>;

/// Runs the sweep in-process, stopping the run named `interrupt` after 2 steps; returns the
/// rows and the runs it trained.
fn run_sweep(
    sweep: &Sweep,
    root: &Path,
    interrupt: Option<&str>,
) -> anyhow::Result<(Vec<sweep::Row>, TrainedRuns)> {
    let mut calls = Vec::new();
    let mut train_one = |run: &SweepRun, dir: &Path, resume: bool| -> anyhow::Result<RunSummary> {
        calls.push((run.name.clone(), resume));
        let stop = AtomicBool::new(false);
        let mut progress = StopAfter {
            stop: &stop,
            stop_after: (interrupt == Some(run.name.as_str())).then_some(2),
        };
        Run::prepare(common::client(), &run.config, dir, resume)?
            .with_hparams(run.hparams())
            .train(&mut [], &stop, &mut progress)
    };
    let rows = sweep::run(sweep, root, &mut train_one)?;
    Ok((rows, calls))
}

fn write_sweep(dir: &Path, data: &Path) -> PathBuf {
    let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("configs/tiny_cpu.yaml");
    let text = format!(
        "base: {}\nset:\n  - data.train.shards={}\n  - data.tokenizer={}\n  - train.steps=4\n  \
         - schedule.warmup_steps=1\n  - train.batch_size=16\n  - train.log_every=2\n  - checkpoint.every=2\n  - evals=[]\n\
         grid:\n  optimizer.lr: [1.0e-3, 5.0e-3]\n",
        base.display(),
        data.join("train").display(),
        data.join("tokenizer.json").display(),
    );
    let file = dir.join("lr.yaml");
    std::fs::write(&file, text).unwrap();
    file
}

#[test]
fn sweep_runs_resumes_and_skips() {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("synth");
    common::write_tiny_synth(&data, 96, 16, 2);
    let sweep = Sweep::load(&write_sweep(tmp.path(), &data)).unwrap();
    let names: Vec<&str> = sweep.runs.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names, ["lr=0.001", "lr=0.005"]);
    let root = tmp.path().join("runs");

    // First invocation: the second run is interrupted at step 2.
    let (rows, calls) = run_sweep(&sweep, &root, Some("lr=0.005")).unwrap();
    assert_eq!(
        calls,
        [
            ("lr=0.001".to_string(), false),
            ("lr=0.005".to_string(), false)
        ]
    );
    assert_eq!(
        rows.iter().map(|r| (r.step, r.steps)).collect::<Vec<_>>(),
        [(4, 4), (2, 4)]
    );
    let states: Vec<RunState> = sweep
        .states(&root)
        .unwrap()
        .into_iter()
        .map(|(_, s)| s)
        .collect();
    assert_eq!(states, [RunState::Finished, RunState::Partial(2)]);
    // Each run directory holds its own overrides.
    for (run, lr) in sweep.runs.iter().zip([1e-3, 5e-3]) {
        let saved = RunConfig::load(&root.join(&run.name).join("config.yaml"), &[]).unwrap();
        assert_eq!(saved.optimizer.lr, lr);
    }

    // Second: the finished run is skipped, the other resumed and finished.
    let (rows, calls) = run_sweep(&sweep, &root, None).unwrap();
    assert_eq!(calls, [("lr=0.005".to_string(), true)]);
    assert!(rows
        .iter()
        .all(|r| r.step == 4 && r.loss.is_some_and(f64::is_finite)));
    let last_losses: Vec<f64> = rows.iter().map(|r| r.loss.unwrap()).collect();

    // TensorBoard reads each run's metrics.jsonl values, its config, and its override as an
    // hparam that the HParams view compares the two runs by.
    let board = common::tensorboard_read(&root);
    for (run, lr) in sweep.runs.iter().zip([1e-3, 5e-3]) {
        let dir = root.join(&run.name);
        let read = &board["runs"][&run.name];
        let mut logged: BTreeMap<String, Vec<serde_json::Value>> = BTreeMap::new();
        for record in siglip::metrics::read(&dir.join("metrics.jsonl")).unwrap() {
            for (key, value) in record.values {
                logged
                    .entry(key)
                    .or_default()
                    .push(json!([record.step, value]));
            }
        }
        assert!(logged.contains_key("grad_norm"));
        assert_eq!(read["scalars"], json!(logged), "{}", run.name);
        let config = std::fs::read_to_string(dir.join("config.yaml")).unwrap();
        let config_text = json!(format!("```yaml\n{config}```"));
        // Written by each part of a resumed run, at the step it started from.
        assert_eq!(read["texts"]["config"][0], json!([0, config_text]));
        assert_eq!(read["hparams"], json!({ "optimizer.lr": lr }));
    }
    // Each logged line says where the time went since the one before: the step's share at
    // every line, the checkpoint's (every 2 steps, after the line of its step) at step 4 only.
    let records = siglip::metrics::read(&root.join("lr=0.001/metrics.jsonl")).unwrap();
    let shares: Vec<(u64, f64, f64)> = records
        .iter()
        .map(|r| {
            let share = |phase: &str| r.values[&format!("time_share/{phase}")];
            let sum: f64 = ["input", "step", "eval", "checkpoint"]
                .iter()
                .map(|&p| share(p))
                .sum();
            assert!(sum <= 1.0 + 1e-9 && share("step") > 0.0, "{r:?}");
            assert_eq!(share("eval"), 0.0, "no evals");
            (r.step, share("checkpoint"), share("step"))
        })
        .collect();
    assert_eq!(shares.iter().map(|s| s.0).collect::<Vec<_>>(), [2, 4]);
    assert!(shares[0].1 == 0.0 && shares[1].1 > 0.0, "{shares:?}");
    let lr = &board["experiment"]["hparams"]["optimizer.lr"];
    assert_eq!(
        (&lr["domainInterval"], &lr["differs"]),
        (&json!({"minValue": 1e-3, "maxValue": 5e-3}), &json!(true))
    );

    // Third: nothing to do; the table shows both runs' last losses from metrics.jsonl.
    let (rows, calls) = run_sweep(&sweep, &root, None).unwrap();
    assert!(calls.is_empty());
    let table = sweep::format_table(&rows);
    let lines: Vec<&str> = table.lines().collect();
    assert_eq!(lines.len(), 3, "{table}");
    assert!(
        lines[0].starts_with("run") && lines[0].contains("loss"),
        "{table}"
    );
    for (line, (name, loss)) in lines[1..].iter().zip(names.iter().zip(&last_losses)) {
        let cells: Vec<&str> = line.split_whitespace().collect();
        assert_eq!(cells, [*name, "4/4", &format!("{loss:.4}")], "{table}");
    }

    // `--print`: one launch line per run with every override, in the CLI.
    let file = tmp.path().join("lr.yaml");
    let printed = common::siglip(&[
        "sweep",
        file.to_str().unwrap(),
        "--print",
        "--runs-root",
        "runs/lr",
    ]);
    let lines: Vec<&str> = printed.lines().collect();
    assert_eq!(lines.len(), 2, "{printed}");
    assert!(lines[1].starts_with(
        "tpu_scripts/launch.sh --name \"$TPU_NAME\" --zone \"$TPU_ZONE\" -- train -c "
    ));
    assert!(
        lines[1].ends_with(
            "--set train.steps=4 --set schedule.warmup_steps=1 --set train.batch_size=16 --set train.log_every=2 --set \
         checkpoint.every=2 --set 'evals=[]' --set optimizer.lr=0.005 --run-dir runs/lr/lr=0.005"
        ),
        "{printed}"
    );

    // A run directory with metrics but no checkpoint is refused before anything runs.
    let broken = root.join("lr=0.001");
    std::fs::remove_dir_all(broken.join("checkpoints")).unwrap();
    let err = run_sweep(&sweep, &root, None).unwrap_err();
    assert!(format!("{err:#}").contains("no checkpoint"), "{err:#}");
}

#[test]
fn bad_sweep_files_are_named() {
    let tmp = tempfile::tempdir().unwrap();
    let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("configs/tiny_cpu.yaml");
    let cases = [
        ("grid: {train.steps: [1]}", "missing field `base`"),
        (
            &format!("base: {}\nset: [train.steps=1]", base.display()),
            "set `grid` (every combination), `runs` (a list), or both",
        ),
        (
            &format!("base: {}\ngrid: {{train.steps: 5}}", base.display()),
            "must be a list",
        ),
        (
            &format!("base: {}\nruns: [{{train.step: 5}}]", base.display()),
            "unknown key `train.step`",
        ),
        (
            &format!(
                "base: {}\nruns: [{{train.steps: 50}}, {{train.steps: 50}}]",
                base.display()
            ),
            "runs 0 and 1 have the same overrides",
        ),
        (
            &format!(
                "base: {}\nruns: [{{checkpoint.dir: /tmp/x}}]",
                base.display()
            ),
            "`checkpoint.dir` is set",
        ),
    ];
    for (i, (text, want)) in cases.iter().enumerate() {
        let file = tmp.path().join(format!("bad{i}.yaml"));
        std::fs::write(&file, text).unwrap();
        let err = format!("{:#}", Sweep::load(&file).unwrap_err());
        assert!(err.contains(want), "{text}: {err}");
        assert!(err.contains(&format!("bad{i}.yaml")), "{err}");
    }
}

/// The sweep of `body` on `configs/tiny_cpu.yaml`.
fn tiny_sweep(body: &str) -> Sweep {
    let tmp = tempfile::tempdir().unwrap();
    let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("configs/tiny_cpu.yaml");
    let file = tmp.path().join("sweep.yaml");
    std::fs::write(&file, format!("base: {}\n{body}", base.display())).unwrap();
    Sweep::load(&file).unwrap()
}

/// `runs` and `grid` together: each listed run crossed with every combination of the grid, the
/// listed run varying slowest, and the values a listed run sets together kept together.
#[test]
fn listed_runs_cross_the_grid() {
    let sweep = tiny_sweep(
        "set: [schedule.warmup_steps=1]\n\
         runs: [{train.batch_size: 16, train.steps: 8}, {train.batch_size: 32, train.steps: 4}]\n\
         grid: {runtime.seed: [0, 1], loss: [sigmoid, softmax]}",
    );
    let names: Vec<&str> = sweep.runs.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "batch_size=16,steps=8,seed=0,loss=sigmoid",
            "batch_size=16,steps=8,seed=0,loss=softmax",
            "batch_size=16,steps=8,seed=1,loss=sigmoid",
            "batch_size=16,steps=8,seed=1,loss=softmax",
            "batch_size=32,steps=4,seed=0,loss=sigmoid",
            "batch_size=32,steps=4,seed=0,loss=softmax",
            "batch_size=32,steps=4,seed=1,loss=sigmoid",
            "batch_size=32,steps=4,seed=1,loss=softmax",
        ]
    );
    for run in &sweep.runs {
        let c = &run.config;
        assert_eq!(
            c.train.batch_size as u64 * c.train.steps,
            128,
            "{}",
            run.name
        );
    }
}

/// A metric against an override, summarized over the runs sharing each point (the seeds): the
/// mean and range of hand-set values, one series per loss, chance from the rows.
#[test]
fn summary_over_seeds_per_series() {
    let sweep = tiny_sweep(
        "runs: [{train.batch_size: 16}, {train.batch_size: 64}]\n\
         grid: {loss: [sigmoid, softmax], runtime.seed: [0, 1]}",
    );
    let metric = "eval/val/top1";
    // batch 16: sigmoid 0.1, 0.3; softmax 0.2, 0.2. batch 64: sigmoid 0.5, 0.7; softmax 0.0, 0.4.
    let values = [0.1, 0.3, 0.2, 0.2, 0.5, 0.7, 0.0, 0.4];
    let rows: Vec<sweep::Row> = sweep
        .runs
        .iter()
        .zip(values)
        .map(|(run, value)| sweep::Row {
            name: run.name.clone(),
            step: 1,
            steps: 1,
            loss: None,
            evals: BTreeMap::from([
                (metric.to_string(), value),
                (format!("{metric}_chance"), 0.01),
            ]),
        })
        .collect();
    let panel = sweep::summarize(&sweep, &rows, metric, "train.batch_size", Some("loss")).unwrap();
    assert_eq!(panel.chance, Some(0.01));
    type Point = (f64, f64, f64, f64, usize);
    let got: Vec<(&str, Vec<Point>)> = panel
        .series
        .iter()
        .map(|s| {
            let points = s
                .points
                .iter()
                .map(|p| (p.x, p.mean, p.low, p.high, p.runs));
            (s.name.as_str(), points.collect())
        })
        .collect();
    let close = |a: f64, b: f64| (a - b).abs() < 1e-15;
    let want = [
        (
            "loss=sigmoid",
            [(16.0, 0.2, 0.1, 0.3), (64.0, 0.6, 0.5, 0.7)],
        ),
        (
            "loss=softmax",
            [(16.0, 0.2, 0.2, 0.2), (64.0, 0.2, 0.0, 0.4)],
        ),
    ];
    assert_eq!(got.len(), 2);
    for ((name, points), (want_name, want_points)) in got.iter().zip(want) {
        assert_eq!(*name, want_name);
        for (p, w) in points.iter().zip(want_points) {
            assert!(
                p.0 == w.0 && close(p.1, w.1) && close(p.2, w.2) && close(p.3, w.3),
                "{p:?}"
            );
            assert_eq!(p.4, 2);
        }
    }
    let text = sweep::format_summary(&panel);
    assert_eq!(text.lines().count(), 5, "{text}");
    let png = siglip::plot::sweep_png(&[panel], 560, 400).unwrap();
    let drawn = image::load_from_memory(&png).unwrap();
    assert_eq!((drawn.width(), drawn.height()), (560, 400));
    let err = sweep::summarize(&sweep, &rows, "eval/val/top5", "train.batch_size", None)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("has no `eval/val/top5`") && err.contains(metric),
        "{err}"
    );
    let err = sweep::summarize(&sweep, &rows, metric, "optimizer.lr", None)
        .unwrap_err()
        .to_string();
    assert!(err.contains("does not set `optimizer.lr`"), "{err}");
}
