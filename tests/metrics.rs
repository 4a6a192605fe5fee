//! `RUN_DIR/metrics.jsonl`: line format, truncated last line, resume without doubled curves.

use std::collections::BTreeMap;
use std::io::Write;

use siglip::metrics::{self, MetricsError, MetricsWriter, Record, METRICS_FILE};

fn record(step: u64, values: &[(&str, f64)]) -> Record {
    Record {
        step,
        values: values.iter().map(|&(k, v)| (k.to_string(), v)).collect(),
    }
}

#[test]
fn writes_one_json_object_per_line_and_reads_it_back() {
    let run = tempfile::tempdir().unwrap();
    let mut writer = MetricsWriter::open(run.path(), None).unwrap();
    let records = [
        record(1, &[("loss", 2.5), ("t", 10.0), ("b", -10.0), ("lr", 1e-3)]),
        record(2, &[("loss", f64::NAN), ("images_per_s", 123.25)]),
        record(2, &[("eval/synth/recall@1", 0.75)]),
    ];
    for r in &records {
        writer.write(r).unwrap();
    }
    let text = std::fs::read_to_string(run.path().join(METRICS_FILE)).unwrap();
    assert_eq!(
        text,
        concat!(
            "{\"b\":-10.0,\"loss\":2.5,\"lr\":0.001,\"step\":1,\"t\":10.0}\n",
            "{\"images_per_s\":123.25,\"loss\":null,\"step\":2}\n",
            "{\"eval/synth/recall@1\":0.75,\"step\":2}\n",
        )
    );
    let read = metrics::read(writer.path()).unwrap();
    assert_eq!(read.len(), 3);
    assert_eq!(read[0], records[0]);
    assert!(read[1].values["loss"].is_nan());
    assert_eq!(read[1].values["images_per_s"], 123.25);
    assert_eq!(read[2], records[2]);

    let reserved = record(3, &[("step", 1.0)]);
    assert!(matches!(
        writer.write(&reserved),
        Err(MetricsError::ReservedName)
    ));
    // A fresh run never appends to an existing file.
    assert!(matches!(
        MetricsWriter::open(run.path(), None),
        Err(MetricsError::Exists(_))
    ));
}

#[test]
fn truncated_last_line_is_skipped_and_bad_lines_are_errors() {
    let run = tempfile::tempdir().unwrap();
    let path = run.path().join(METRICS_FILE);
    std::fs::write(&path, "{\"step\":1,\"loss\":1.0}\n{\"step\":2,\"lo").unwrap();
    assert_eq!(metrics::read(&path).unwrap(), [record(1, &[("loss", 1.0)])]);

    std::fs::write(&path, "{\"step\":1}\n{\"loss\":1.0}\n").unwrap();
    let err = metrics::read(&path).unwrap_err();
    assert!(matches!(err, MetricsError::Parse { line: 2, .. }), "{err}");
}

#[test]
fn resume_drops_later_steps_and_the_torn_line() {
    let run = tempfile::tempdir().unwrap();
    let mut writer = MetricsWriter::open(run.path(), None).unwrap();
    for step in 1..=6 {
        writer
            .write(&record(step, &[("loss", step as f64)]))
            .unwrap();
    }
    drop(writer);
    // Crash while writing step 7.
    let path = run.path().join(METRICS_FILE);
    let mut file = std::fs::OpenOptions::new()
        .append(true)
        .open(&path)
        .unwrap();
    file.write_all(b"{\"step\":7,\"lo").unwrap();
    drop(file);

    // Resumed from the checkpoint of step 4: steps 5 and 6 are logged again.
    let mut writer = MetricsWriter::open(run.path(), Some(4)).unwrap();
    for step in 5..=7 {
        writer
            .write(&record(step, &[("loss", 10.0 * step as f64)]))
            .unwrap();
    }
    let steps_and_loss: BTreeMap<u64, f64> = metrics::read(&path)
        .unwrap()
        .into_iter()
        .map(|r| (r.step, r.values["loss"]))
        .collect();
    assert_eq!(
        steps_and_loss,
        BTreeMap::from([
            (1, 1.0),
            (2, 2.0),
            (3, 3.0),
            (4, 4.0),
            (5, 50.0),
            (6, 60.0),
            (7, 70.0)
        ])
    );
    assert_eq!(metrics::read(&path).unwrap().len(), 7);
}
