//! What one training run pays for before it trains: a run of `configs/tiny_cpu.yaml` as
//! `siglip train` starts it (prepared, its evaluators built on the run's text encoder, trained)
//! traces the two-tower model three times (the components' parameter declaration, and the train
//! step's declaration and program) and reads its tokenizer once, shared by the data pipeline and
//! the evaluators. Both are counted on the calling thread, where every trace and read happens.

mod common;

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::atomic::AtomicBool;

use siglip::cli::train::train_with_evals;
use siglip::config::RunConfig;
use siglip::data::text::tokenizer_loads_on_this_thread;
use siglip::model::two_towers::traces_on_this_thread;
use siglip::train::{Progress, StepReport};

struct Quiet;

impl Progress for Quiet {
    fn start(&mut self, _: u64, _: u64) {}
    fn step(&mut self, _: u64, _: &StepReport) {}
    fn evaluated(&mut self, _: u64, _: &BTreeMap<String, f64>) {}
    fn finish(&mut self) {}
}

#[test]
fn a_run_traces_the_model_three_times_and_reads_its_tokenizer_once() {
    let data = tempfile::tempdir().unwrap();
    let synth = data.path().join("synth");
    common::write_tiny_synth(&synth, 128, 32, 2);
    let sets = [
        format!("data.train.shards={}", synth.join("train").display()),
        format!("data.tokenizer={}", synth.join("tokenizer.json").display()),
        format!("evals[0].data={}", synth.join("val").display()),
        "evals[0].every=2".to_string(),
        "train.steps=2".to_string(),
        "train.batch_size=16".to_string(),
        "schedule.warmup_steps=1".to_string(),
    ];
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let config = RunConfig::load(&root.join("configs/tiny_cpu.yaml"), &sets).unwrap();
    let client = common::client();
    let run_dir = tempfile::tempdir().unwrap();

    let (traces, loads) = (traces_on_this_thread(), tokenizer_loads_on_this_thread());
    let summary = train_with_evals(
        client,
        &config,
        run_dir.path(),
        false,
        Default::default(),
        &AtomicBool::new(false),
        &mut Quiet,
    )
    .unwrap();
    let (traces, loads) = (
        traces_on_this_thread() - traces,
        tokenizer_loads_on_this_thread() - loads,
    );

    // The run trained and evaluated, so every part that could trace or read did.
    assert_eq!(summary.step, 2);
    assert!(summary.evals.contains_key("eval/val_retrieval/i2t_r1"));
    assert_eq!(traces, 3, "traces of the model");
    assert_eq!(loads, 1, "reads of the tokenizer");
}
