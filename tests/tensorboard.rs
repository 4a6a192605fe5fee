//! TensorBoard event files (`siglip::tensorboard`) read back by the real `tensorboard` package
//! as its server reads them (`tests/tensorboard_read.py`): every scalar bit for bit, the text,
//! a run's hyperparameters in the HParams view, and a second file (a resumed run) voiding the
//! steps the first wrote after the resumed checkpoint. (A training run's and a sweep's event
//! files are checked in tests/sweep.rs.)

mod common;

use std::collections::BTreeMap;

use serde_json::json;
use siglip::tensorboard::{EventWriter, HParam};

fn values(pairs: &[(&str, f64)]) -> BTreeMap<String, f64> {
    pairs.iter().map(|&(k, v)| (k.to_string(), v)).collect()
}

#[test]
fn tensorboard_reads_back_every_value_written() {
    let logdir = tempfile::tempdir().unwrap();
    let run = logdir.path().join("run_a");
    std::fs::create_dir(&run).unwrap();
    let third = 1.0 / 3.0;
    let config = "```yaml\nmodel:\n  width: 128 # ü\n```";
    let hparams = BTreeMap::from([
        ("optimizer.lr".to_string(), HParam::Number(5e-3)),
        ("model.pool".to_string(), HParam::Text("gap".into())),
        ("data.flip".to_string(), HParam::Bool(true)),
    ]);

    let mut first = EventWriter::create(&run, 1).unwrap();
    first.text(0, "config", config).unwrap();
    first.hparams(&hparams).unwrap();
    first
        .scalars(1, &values(&[("loss", 2.5), ("lr", 1e-3), ("t", 10.000001)]))
        .unwrap();
    first
        .scalars(
            2,
            &values(&[("eval/val/top1", 0.1), ("eval/val/top1_chance", third)]),
        )
        .unwrap();
    first.scalars(2, &values(&[("loss", 1.25)])).unwrap();
    // Written after the checkpoint of step 2 that the run resumes from: void.
    first.scalars(3, &values(&[("loss", 99.0)])).unwrap();
    drop(first);
    let mut resumed = EventWriter::create(&run, 3).unwrap();
    resumed.scalars(3, &values(&[("loss", 0.75)])).unwrap();
    resumed.scalars(4, &values(&[("loss", -0.5)])).unwrap();
    drop(resumed);
    // A second file beside the first (same second, same process: the next number).
    assert_eq!(std::fs::read_dir(&run).unwrap().count(), 2);

    let read = common::tensorboard_read(logdir.path());
    let run_a = &read["runs"]["run_a"];
    assert_eq!(
        run_a["scalars"],
        json!({
            "loss": [[1, 2.5], [2, 1.25], [3, 0.75], [4, -0.5]],
            "lr": [[1, 1e-3]],
            "t": [[1, 10.000001]],
            "eval/val/top1": [[2, 0.1]],
            "eval/val/top1_chance": [[2, third]],
        })
    );
    assert_eq!(run_a["texts"], json!({ "config": [[0, config]] }));
    assert_eq!(
        run_a["hparams"],
        json!({ "optimizer.lr": 5e-3, "model.pool": "gap", "data.flip": true })
    );
    let experiment = &read["experiment"];
    assert_eq!(
        experiment["hparams"]["optimizer.lr"]["type"],
        "DATA_TYPE_FLOAT64"
    );
    assert_eq!(
        experiment["hparams"]["model.pool"]["domainDiscrete"],
        json!(["gap"])
    );
    assert_eq!(
        experiment["metrics"],
        json!(["eval/val/top1", "eval/val/top1_chance", "loss", "lr", "t"])
    );
}
