//! The `evals` config (per-kind keys, checked and named in errors) and evaluation end to end: a
//! two-step `siglip train` with a retrieval and a zero-shot eval writes their values to
//! `metrics.jsonl`, and `siglip eval` on its checkpoint gives the same values.

use std::path::Path;
use std::process::Command;

use prost::Message;
use siglip::config::{ConfigError, RunConfig};
use siglip::data::synth::{write_synth, SynthConfig};
use siglip::data::tfrecord::{RecordFile, RecordWriter};
use siglip::data::{FeatureKeys, RawExample};
use siglip::eval::zero_shot::DEFAULT_TEMPLATES;
use siglip::eval::EvalKind;

const BASE: &str = "\
model:
  image: {width: 32, depth: 1, mlp_dim: 64, num_heads: 2, patch_size: 16, image_size: 48, pool: gap, head: {linear: 32}}
  text: {vocab_size: VOCAB, max_len: 16, width: 32, depth: 1, mlp_dim: 64, num_heads: 2, embed_dim: 32}
loss: sigmoid
optimizer: {rule: {name: adam}, lr: 0.001}
train: {steps: 2, batch_size: 8, log_every: 1}
data:
  train: {shards: DATA}
  tokenizer: TOKENIZER
  shuffle_buffer: 0
checkpoint: {every: 2, keep: 1}
";

fn load(evals: &str) -> Result<RunConfig, ConfigError> {
    let text = BASE
        .replace("VOCAB", "28")
        .replace("DATA", "/d")
        .replace("TOKENIZER", "t.json")
        + "evals:\n"
        + evals;
    RunConfig::from_yaml(&text, Path::new("run.yaml"), &[])
}

fn invalid_key(evals: &str) -> (String, String) {
    match load(evals) {
        Err(ConfigError::Invalid { key, message, .. }) => (key, message),
        other => panic!("expected an invalid value, got {other:?}"),
    }
}

#[test]
fn eval_keys_are_checked_per_kind() {
    let zero_shot = "  - {name: zs, kind: zero_shot, data: /v, classes: c.txt, every: 5}\n";
    let cfg = load(zero_shot).unwrap();
    let eval = &cfg.evals[0];
    assert_eq!(eval.kind, EvalKind::ZeroShot);
    assert_eq!(eval.batch_size, 64);
    // Defaults are written out, so `config show` and the run's config.yaml list them.
    assert_eq!(
        eval.templates.as_deref(),
        Some(&DEFAULT_TEMPLATES.map(String::from)[..])
    );
    assert_eq!(eval.label_key.as_deref(), Some("label"));
    assert_eq!(
        RunConfig::from_yaml(&cfg.to_yaml(), Path::new("x"), &[]).unwrap(),
        cfg
    );
    // A retrieval eval neither has nor prints the zero-shot keys.
    let retrieval = load("  - {name: r, kind: retrieval, data: /v, every: 5}\n").unwrap();
    assert!(!retrieval.to_yaml().contains("templates"));

    let cases = [
        (
            "  - {name: zs, kind: zero_shot, data: /v, every: 5}\n",
            "evals[0].classes",
            "class names",
        ),
        (
            "  - {name: r, kind: retrieval, data: /v, every: 5, templates: ['{}']}\n",
            "evals[0].templates",
            "only `zero_shot`",
        ),
        (
            "  - {name: zs, kind: zero_shot, data: /v, classes: c, every: 5, templates: ['{}', 'a photo']}\n",
            "evals[0].templates[1]",
            "no `{}`",
        ),
        (
            "  - {name: zs, kind: zero_shot, data: /v, classes: c, every: 5, templates: []}\n",
            "evals[0].templates",
            "at least one",
        ),
        (
            "  - {name: r, kind: retrieval, data: /v, every: 5, batch_size: 0}\n",
            "evals[0].batch_size",
            "at least 1",
        ),
    ];
    for (evals, want_key, want_message) in cases {
        let (key, message) = invalid_key(evals);
        assert_eq!(key, want_key, "{evals}");
        assert!(message.contains(want_message), "{evals}: {message}");
    }
    let unknown = load("  - {name: zs, kind: zero-shot, data: /v, every: 5}\n").unwrap_err();
    assert!(
        unknown.to_string().contains("did you mean `zero_shot`"),
        "{unknown}"
    );
    let typo =
        load("  - {name: zs, kind: zero_shot, data: /v, clases: c, every: 5}\n").unwrap_err();
    assert!(
        typo.to_string()
            .contains("unknown key `evals[0].clases`; did you mean `classes`?"),
        "{typo}"
    );
}

/// A labelled copy of the synth set's held-out shard: label = the index of the example's caption
/// among the distinct captions in order of first appearance; returns those captions.
fn labelled_copy(val: &Path, out: &Path) -> Vec<String> {
    let keys = FeatureKeys {
        label: Some("label".into()),
        ..FeatureKeys::default()
    };
    let mut classes: Vec<String> = Vec::new();
    let mut writer = RecordWriter::new(std::fs::File::create(out).unwrap());
    for file in std::fs::read_dir(val).unwrap() {
        for item in RecordFile::open(&file.unwrap().path())
            .unwrap()
            .read_all()
            .unwrap()
        {
            let mut raw = RawExample::parse(&item.unwrap().1, &FeatureKeys::default()).unwrap();
            let caption = &raw.captions[0];
            let label = match classes.iter().position(|c| c == caption) {
                Some(i) => i,
                None => {
                    classes.push(caption.clone());
                    classes.len() - 1
                }
            };
            raw.label = Some(label as i64);
            writer
                .write_record(&raw.to_example(&keys).encode_to_vec())
                .unwrap();
        }
    }
    writer.finish().unwrap();
    classes
}

fn siglip(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_siglip"))
        .args(args)
        .env("SIGLIP_LOG", "error")
        .output()
        .unwrap()
}

#[test]
fn train_then_eval_give_the_same_values() {
    let dir = tempfile::tempdir().unwrap();
    let synth = SynthConfig {
        count: 16,
        val_count: 24,
        seed: 3,
        shards: 1,
        image_size: 48,
        two_objects: 0.0,
        max_aspect: 1.0,
    };
    let report = write_synth(&dir.path().join("synth"), &synth, &FeatureKeys::default()).unwrap();
    let labelled = dir.path().join("labelled");
    std::fs::create_dir(&labelled).unwrap();
    let classes = labelled_copy(
        &dir.path().join("synth/val"),
        &labelled.join("val.tfrecord"),
    );
    let classes_file = dir.path().join("classes.txt");
    std::fs::write(&classes_file, classes.join("\n") + "\n").unwrap();
    // Zero-shot with the template `{}` over the captions as class names asks what image→text
    // retrieval asks (synth captions are already clean), through other code: the two must agree.
    let config = BASE
        .replace("VOCAB", &report.vocab_size.to_string())
        .replace("DATA", &labelled.display().to_string())
        .replace("TOKENIZER", &report.tokenizer.display().to_string())
        + &format!(
            "evals:\n  - {{name: ret, kind: retrieval, data: {0}, every: 2, batch_size: 8}}\n  \
             - {{name: zs, kind: zero_shot, data: {0}, classes: {1}, templates: ['{{}}'], \
             every: 2, batch_size: 8}}\n",
            labelled.display(),
            classes_file.display()
        );
    let config_file = dir.path().join("run.yaml");
    std::fs::write(&config_file, config).unwrap();
    let run_dir = dir.path().join("run");
    let (cfg, run) = (
        config_file.to_str().unwrap(),
        run_dir.to_str().unwrap().to_string(),
    );
    let out = siglip(&["train", "-c", cfg, "--run-dir", &run]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let records = siglip::metrics::read(&run_dir.join("metrics.jsonl")).unwrap();
    let trained = records
        .iter()
        .rev()
        .find(|r| r.values.contains_key("eval/zs/top1"))
        .expect("the zero-shot eval reached metrics.jsonl");
    assert_eq!(trained.step, 2);
    let out = siglip(&["eval", "-c", cfg, "--checkpoint", &run, "--json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["step"], 2);
    let metrics: std::collections::BTreeMap<String, f64> =
        serde_json::from_value(json["metrics"].clone()).unwrap();
    let keys: Vec<String> = metrics.keys().cloned().collect();
    let mut want: Vec<String> = ["top1", "top1_chance", "top5", "top5_chance"]
        .iter()
        .map(|m| format!("eval/zs/{m}"))
        .collect();
    for way in ["i2t", "t2i"] {
        for k in [1, 5, 10] {
            want.push(format!("eval/ret/{way}_r{k}"));
            want.push(format!("eval/ret/{way}_r{k}_chance"));
        }
    }
    want.sort_unstable();
    assert_eq!(keys, want);
    // The checkpoint's evaluation is the one the run made at that step.
    for (key, value) in &metrics {
        assert_eq!(trained.values.get(key), Some(value), "{key}");
    }
    let n = classes.len() as f64;
    let close = |key: &str, want: f64| {
        assert!(
            (metrics[key] - want).abs() < 1e-15,
            "{key}: {} vs {want}",
            metrics[key]
        );
    };
    close("eval/zs/top1_chance", 1.0 / n);
    close("eval/zs/top5_chance", 5.0 / n);
    close("eval/ret/i2t_r1_chance", 1.0 / n);
    assert_eq!(metrics["eval/zs/top1"], metrics["eval/ret/i2t_r1"]);
    assert_eq!(metrics["eval/zs/top5"], metrics["eval/ret/i2t_r5"]);

    // The table puts each metric's chance beside it.
    let out = siglip(&["eval", "-c", cfg, "--checkpoint", &run]);
    let table = String::from_utf8(out.stdout).unwrap();
    let row = table
        .lines()
        .find(|l| l.starts_with("eval/zs/top1 "))
        .unwrap_or_else(|| panic!("{table}"));
    assert!(row.ends_with(&format!("{:.4}", 1.0 / n)), "{row}");
    assert!(!table.contains("_chance"), "{table}");

    // Bad input: another model, a missing classes file. Clear errors, nothing run.
    for (set, want) in [
        (
            "model.image.depth=2",
            "the config's model differs from the checkpoint's (model.image.depth: 1 → 2)",
        ),
        (
            "evals[1].classes=/nonexistent/classes.txt",
            "evals[1].classes: /nonexistent/classes.txt does not exist",
        ),
    ] {
        let out = siglip(&["eval", "-c", cfg, "--checkpoint", &run, "--set", set]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            !out.status.success() && stderr.contains(want),
            "{set}: {stderr}"
        );
    }
}
