//! The run config: loading, `--set`, error messages (key path, file position, did-you-mean),
//! semantic validation, `siglip config show` round trip and the committed example.

use std::path::{Path, PathBuf};
use std::process::Command;

use siglip::config::{ComputeDType, ConfigError, Origin, RunConfig};
use siglip::loss::LossKind;

/// A small valid config; line numbers below refer to this text.
const MINIMAL: &str = "\
model:
  image: {width: 64, depth: 1, mlp_dim: 128, num_heads: 2, patch_size: 8, image_size: 32}
  text: {vocab_size: 100, max_len: 8, width: 64, depth: 1, mlp_dim: 128, num_heads: 2, embed_dim: 64}
optimizer: {rule: {name: adam}, lr: 0.001}
train:
  steps: 10
  batch_size: 8
data:
  train: {shards: /data/train}
  tokenizer: tok.json
evals:
  - {name: val, kind: retrieval, data: /data/val, every: 5}
";

const FILE: &str = "run.yaml";

fn load(text: &str, sets: &[&str]) -> Result<RunConfig, ConfigError> {
    let sets: Vec<String> = sets.iter().map(|s| s.to_string()).collect();
    RunConfig::from_yaml(text, Path::new(FILE), &sets)
}

fn at(line: usize, column: usize) -> Origin {
    Origin::File {
        file: PathBuf::from(FILE),
        position: Some((line, column)),
    }
}

fn set(arg: &str) -> Origin {
    Origin::Set(arg.into())
}

/// The key and origin of an `Invalid` error (panics on any other outcome).
fn invalid(text: &str, sets: &[&str]) -> (String, Origin, String) {
    match load(text, sets) {
        Err(ConfigError::Invalid {
            key,
            origin,
            message,
        }) => (key, origin, message),
        other => panic!("expected an invalid-value error, got {other:?}"),
    }
}

fn example_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("configs/example_run.yaml")
}

#[test]
fn minimal_config_gets_documented_defaults() {
    let cfg = load(MINIMAL, &[]).unwrap();
    assert_eq!(cfg.train.steps, 10);
    assert_eq!(cfg.train.log_every, 50);
    assert_eq!(cfg.loss, LossKind::SigmoidRing);
    assert_eq!((cfg.checkpoint.every, cfg.checkpoint.keep), (1000, 3));
    assert_eq!(cfg.runtime.devices, 1);
    assert_eq!(cfg.runtime.dtype, ComputeDType::F32);
    assert_eq!(cfg.data.shuffle_buffer, 10_000);
    assert!(cfg.siglit.is_none());
    // The default preprocessing takes the model's image size and is written into the config.
    assert_eq!(cfg.preprocess().output_size(), (32, 32));
    assert_eq!(cfg.data.preprocess, Some(cfg.preprocess()));
}

#[test]
fn typo_in_file_names_path_position_and_suggestion() {
    let text = MINIMAL.replace("  steps: 10", "  stpes: 10");
    let err = load(&text, &[]).unwrap_err();
    match &err {
        ConfigError::UnknownKey {
            key,
            origin,
            suggestion,
            expected,
        } => {
            assert_eq!(key, "train.stpes");
            assert_eq!(origin, &at(6, 3));
            assert_eq!(suggestion.as_deref(), Some("steps"));
            assert_eq!(expected, &["steps", "batch_size", "log_every"]);
        }
        other => panic!("{other:?}"),
    }
    let message = err.to_string();
    assert!(
        message.starts_with("run.yaml:6:3: unknown key `train.stpes`; did you mean `steps`?"),
        "{message}"
    );

    // Deep in a flow mapping, inside the model's own types, and in a list element.
    let text = MINIMAL.replace(
        "mlp_dim: 128, num_heads: 2, patch",
        "mlp_dim: 128, num_haeds: 2, patch",
    );
    let err = load(&text, &[]).unwrap_err();
    assert!(
        err.to_string().starts_with(
            "run.yaml:2:46: unknown key `model.image.num_haeds`; did you mean `num_heads`?"
        ),
        "{err}"
    );
    let text = MINIMAL.replace("every: 5}", "evry: 5}");
    let err = load(&text, &[]).unwrap_err();
    assert!(
        err.to_string()
            .starts_with("run.yaml:12:51: unknown key `evals[0].evry`; did you mean `every`?"),
        "{err}"
    );
    // A top-level typo far from every key gets no suggestion but still lists the keys.
    let err = load(&format!("{MINIMAL}zzzzzz: 1\n"), &[]).unwrap_err();
    match err {
        ConfigError::UnknownKey {
            key,
            origin,
            suggestion: None,
            expected,
        } => {
            assert_eq!((key.as_str(), origin), ("zzzzzz", at(13, 1)));
            assert!(expected.contains(&"checkpoint".to_string()));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn wrong_type_names_key_and_position() {
    let text = MINIMAL.replace("steps: 10", "steps: ten");
    let (key, origin, message) = invalid(&text, &[]);
    assert_eq!((key.as_str(), origin), ("train.steps", at(6, 3)));
    assert!(
        message.contains("invalid type: string \"ten\""),
        "{message}"
    );

    let text = MINIMAL.replace("steps: 10", "steps: -3");
    let (key, _, message) = invalid(&text, &[]);
    assert_eq!(key, "train.steps");
    assert!(message.contains("-3"), "{message}");

    // A misspelt value gets a suggestion too.
    let (key, origin, message) = invalid(&format!("{MINIMAL}loss: sigmoid_rnig\n"), &[]);
    assert_eq!((key.as_str(), origin), ("loss", at(13, 1)));
    assert!(
        message.contains("did you mean `sigmoid_ring`?"),
        "{message}"
    );
}

#[test]
fn set_overrides_keys_typed_as_yaml() {
    let cfg = load(
        MINIMAL,
        &[
            "train.steps=20",
            "runtime.dtype=bfloat16",
            "runtime.remat=true",
            "evals[0].every=7",
            "schedule.decay={type: linear, end: 0.25}",
            "siglit.image_tower=tower.npz",
            "train.steps=30",
        ],
    )
    .unwrap();
    assert_eq!(cfg.train.steps, 30, "the later --set wins");
    assert_eq!(cfg.runtime.dtype, ComputeDType::Bfloat16);
    assert!(cfg.runtime.remat);
    assert_eq!(cfg.evals[0].every, 7);
    assert_eq!(
        cfg.schedule.decay,
        siglip::schedule::Decay::Linear {
            end: 0.25,
            power: 1.0
        }
    );
    let siglit = cfg.siglit.unwrap();
    assert_eq!(siglit.image_tower, PathBuf::from("tower.npz"));
    assert!(siglit.cache_embeddings);
    // `evals.0.every` indexes the list as well.
    assert_eq!(
        load(MINIMAL, &["evals.0.every=9"]).unwrap().evals[0].every,
        9
    );
}

#[test]
fn bad_set_arguments() {
    for (arg, reason) in [
        ("train.steps", "expected KEY=VALUE"),
        ("train..steps=1", "empty key segment"),
        ("train.steps=[1", "not valid YAML"),
        ("train.steps.max=1", "`train.steps` is a number"),
        ("evals[3].every=1", "`evals` is a list of 1"),
        ("train[0]=1", "`train` is a mapping, not a list"),
        ("schedule.decay[0]=1", "`schedule.decay` is not set"),
    ] {
        match load(MINIMAL, &[arg]) {
            Err(ConfigError::BadSet { arg: a, reason: r }) => {
                assert_eq!(a, arg);
                assert!(r.contains(reason), "{arg}: {r}");
            }
            other => panic!("{arg}: {other:?}"),
        }
    }
    // A wrong type through --set is blamed on the --set.
    let (key, origin, _) = invalid(MINIMAL, &["train.batch_size=many"]);
    assert_eq!(
        (key.as_str(), origin),
        ("train.batch_size", set("train.batch_size=many"))
    );
}

#[test]
fn unknown_set_key_gets_the_same_hint() {
    let err = load(MINIMAL, &["train.stpes=3"]).unwrap_err();
    assert!(
        err.to_string()
            .starts_with("--set train.stpes=3: unknown key `train.stpes`; did you mean `steps`?"),
        "{err}"
    );
    // An unknown section is reported at the section.
    match load(MINIMAL, &["trian.steps=3"]).unwrap_err() {
        ConfigError::UnknownKey {
            key,
            origin,
            suggestion,
            ..
        } => {
            assert_eq!(key, "trian");
            assert_eq!(origin, set("trian.steps=3"));
            assert_eq!(suggestion.as_deref(), Some("train"));
        }
        other => panic!("{other:?}"),
    }
    // Inside a map the --set wrote whole.
    match load(MINIMAL, &["schedule.decay={type: rsqrt, timescael: 5}"]).unwrap_err() {
        ConfigError::UnknownKey {
            key,
            origin,
            suggestion,
            ..
        } => {
            assert_eq!(key, "schedule.decay.timescael");
            assert_eq!(origin, set("schedule.decay={type: rsqrt, timescael: 5}"));
            assert_eq!(suggestion.as_deref(), Some("timescale"));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn zero_and_absurd_numbers_name_their_key() {
    for (arg, key, words) in [
        ("train.steps=0", "train.steps", "at least 1"),
        ("train.batch_size=0", "train.batch_size", "at least 1"),
        ("train.log_every=0", "train.log_every", "at least 1"),
        ("runtime.devices=0", "runtime.devices", "at least 1"),
        ("checkpoint.every=0", "checkpoint.every", "at least 1"),
        ("checkpoint.keep=0", "checkpoint.keep", "at least 1"),
        ("optimizer.lr=0", "optimizer.lr", "> 0"),
        ("optimizer.lr=-1e-3", "optimizer.lr", "> 0"),
        ("optimizer.lr=.nan", "optimizer.lr", "NaN"),
        ("optimizer.wd=.inf", "optimizer.wd", "finite"),
        ("optimizer.clip_norm=0", "optimizer.clip_norm", "> 0"),
        (
            "schedule.warmup_steps=10",
            "schedule.warmup_steps",
            "no step to decay",
        ),
        (
            "schedule.cooldown_steps=11",
            "schedule.cooldown_steps",
            "more than",
        ),
        (
            "schedule.decay={type: rsqrt, timescale: 0}",
            "schedule.decay.timescale",
            "> 0",
        ),
        ("evals[0].every=0", "evals[0].every", "at least 1"),
        ("evals[0].name=''", "evals[0].name", "empty"),
        (
            "param_rules=[{pattern: 'img/.*', lr_mult: .nan}]",
            "param_rules[0].lr_mult",
            "finite",
        ),
        (
            "data.train.shards=''",
            "data.train.shards",
            "folder or glob",
        ),
        (
            "data.preprocess=[decode, resize: 16]",
            "data.preprocess",
            "16x16",
        ),
        (
            "data.train_tokenizer={vocab: 100}",
            "data.tokenizer",
            "exactly one",
        ),
        ("model.text.embed_dim=32", "model", "embedding"),
    ] {
        let (k, origin, message) = invalid(MINIMAL, &[arg]);
        assert_eq!(k, key, "{arg}");
        assert!(message.contains(words), "{arg}: {message}");
        // Errors found in a section or across keys are placed at the key they name.
        if !["data.tokenizer", "model"].contains(&key) {
            assert_eq!(origin, set(arg), "{arg}");
        }
    }
    // A batch that does not split over the devices blames the batch, in the file.
    let (key, origin, message) = invalid(MINIMAL, &["runtime.devices=3"]);
    assert_eq!((key.as_str(), origin), ("train.batch_size", at(7, 3)));
    assert!(message.contains("3 devices"), "{message}");
    // A tokenizer to train must fit the text tower.
    let (key, _, message) = invalid(
        MINIMAL,
        &["data.tokenizer=null", "data.train_tokenizer={vocab: 99}"],
    );
    assert_eq!(key, "data.train_tokenizer.vocab");
    assert!(message.contains("100"), "{message}");
    // An invalid regex names the rule.
    let (key, _, message) = invalid(MINIMAL, &["param_rules=[{pattern: 'img/(', freeze: true}]"]);
    assert_eq!(key, "param_rules[0].pattern");
    assert!(message.contains("regex"), "{message}");
    // Semantic errors in the file carry its position.
    let text = format!("{MINIMAL}checkpoint:\n  keep: 0\n");
    let (key, origin, _) = invalid(&text, &[]);
    assert_eq!((key.as_str(), origin), ("checkpoint.keep", at(14, 3)));
}

#[test]
fn param_rules_match_whole_paths_first_rule_wins() {
    let cfg = load(
        MINIMAL,
        &["param_rules=[{pattern: 'img/.*', freeze: true}, {pattern: 't|b', decay: false}, {pattern: '.*', lr_mult: 0.5}]"],
    )
    .unwrap();
    let rule = |path| cfg.param_rule(path).map(|r| r.pattern.as_str());
    assert_eq!(rule("img/embedding/kernel"), Some("img/.*"));
    assert_eq!(rule("t"), Some("t|b"));
    assert_eq!(rule("b"), Some("t|b"));
    // `t|b` must match the whole path, so `txt/...` falls through to `.*`.
    assert_eq!(rule("txt/Embed_0/embedding"), Some(".*"));
    assert!(cfg.param_rule("img/x").unwrap().freeze);
    assert!(!cfg.param_rule("t").unwrap().decay);
    assert_eq!(cfg.param_rule("txt/x").unwrap().lr_mult, 0.5);
}

#[test]
fn resolved_config_reloads_identically() {
    for (text, sets) in [
        (
            MINIMAL.to_string(),
            vec!["runtime.seed=7", "siglit.image_tower=t.npz"],
        ),
        (std::fs::read_to_string(example_path()).unwrap(), vec![]),
    ] {
        let cfg = load(&text, &sets).unwrap();
        let shown = cfg.to_yaml();
        assert_eq!(load(&shown, &[]).unwrap(), cfg, "{shown}");
        // Resolved means complete: every default is written out.
        for key in [
            "log_every:",
            "keep:",
            "shuffle_buffer:",
            "cooldown_steps:",
            "dtype:",
            "preprocess:",
        ] {
            assert!(shown.contains(key), "{key} missing from\n{shown}");
        }
    }
}

#[test]
fn config_show_cli_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let siglip = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_siglip"))
            .args(args)
            .env("RUST_BACKTRACE", "0")
            .output()
            .unwrap()
    };
    let example = example_path();
    let out = siglip(&[
        "config",
        "show",
        "-c",
        example.to_str().unwrap(),
        "--set",
        "train.steps=777",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let shown = String::from_utf8(out.stdout).unwrap();
    let resolved = dir.path().join("resolved.yaml");
    std::fs::write(&resolved, &shown).unwrap();
    let expected = RunConfig::load(&example, &["train.steps=777".into()]).unwrap();
    assert_eq!(expected.train.steps, 777);
    assert_eq!(RunConfig::load(&resolved, &[]).unwrap(), expected);
    // Showing the shown config changes nothing.
    let again = siglip(&["config", "show", "-c", resolved.to_str().unwrap()]);
    assert_eq!(String::from_utf8(again.stdout).unwrap(), shown);

    let bad = siglip(&[
        "config",
        "show",
        "-c",
        example.to_str().unwrap(),
        "--set",
        "chekpoint.keep=2",
    ]);
    assert!(!bad.status.success());
    let stderr = String::from_utf8_lossy(&bad.stderr);
    assert!(
        stderr.contains(
            "--set chekpoint.keep=2: unknown key `chekpoint`; did you mean `checkpoint`?"
        ),
        "{stderr}"
    );
}

#[test]
fn example_config_validates_and_says_what_it_says() {
    let cfg = RunConfig::load(&example_path(), &[]).unwrap();
    assert_eq!((cfg.train.steps, cfg.train.batch_size), (1000, 128));
    assert_eq!(cfg.data.train.shards, "data/synth/train");
    assert_eq!((cfg.checkpoint.every, cfg.checkpoint.keep), (500, 3));
    assert_eq!(cfg.model.image.image_size, 64);
    assert_eq!(cfg.param_rules.len(), 2);
    assert_eq!(cfg.evals[0].name, "val");
    assert!(cfg.siglit.unwrap().cache_embeddings);
}

#[test]
fn unreadable_file_and_bad_yaml() {
    let missing = Path::new("/nonexistent/run.yaml");
    let err = RunConfig::load(missing, &[]).unwrap_err();
    assert!(matches!(err, ConfigError::Read { .. }), "{err:?}");
    assert!(err.to_string().contains("/nonexistent/run.yaml"));
    let err = load("train: [1,\n", &[]).unwrap_err();
    assert!(matches!(err, ConfigError::Syntax { .. }), "{err:?}");
    assert!(
        err.to_string().starts_with("run.yaml: not valid YAML"),
        "{err}"
    );
    // An empty file lacks the required sections.
    let (key, _, message) = invalid("", &[]);
    assert_eq!(key, "(top level)");
    assert!(
        message.contains("model") || message.contains("invalid type"),
        "{message}"
    );
}
