//! The run config: loading, `--set`, error messages (key path, file position, did-you-mean),
//! semantic validation, `siglip config show` round trip and the committed example.

use std::path::{Path, PathBuf};
use std::process::Command;

use siglip::config::{ComputeDType, ConfigError, Origin, RunConfig};
use siglip::data::ShardEntries;
use siglip::loss::LossKind;
use siglip::optim::adafactor::Adafactor;
use siglip::optim::adam::Adam;
use siglip::optim::lion::Lion;
use siglip::optim::sgd::Sgd;
use siglip::optim::{DecayConvention, Optimizer, OptimizerConfig, ParamRules, Rule};

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

/// The optimizer line of [`MINIMAL`].
const MINIMAL_OPTIMIZER: &str = "optimizer: {rule: {name: adam}, lr: 0.001}";

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
    assert_eq!(cfg.preprocess().output_size(), Some((32, 32)));
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
    assert_eq!((siglit.embeddings, siglit.tower_in_step), (None, false));
    // The removed key says what replaced it, where it was written.
    let message = load(
        MINIMAL,
        &["siglit.image_tower=t.npz", "siglit.cache_embeddings=true"],
    )
    .unwrap_err()
    .to_string();
    assert!(
        message
            .starts_with("--set siglit.cache_embeddings=true: `siglit.cache_embeddings`: removed")
            && message.contains("siglit.embeddings")
            && message.contains("siglit.tower_in_step"),
        "{message}"
    );
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
        ("optimizer.lr=0", "optimizer.lr", "finite and positive"),
        ("optimizer.lr=-1e-3", "optimizer.lr", "got -0.001"),
        ("optimizer.lr=.nan", "optimizer.lr", "NaN"),
        ("optimizer.wd=.inf", "optimizer.wd", "finite"),
        ("optimizer.clip_norm=0", "optimizer.clip_norm", "positive"),
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
            "optimizer.params.lr_mults=[['img/.*', .nan]]",
            "optimizer.params.lr_mults[0]",
            "out of range",
        ),
        (
            "data.train.shards=''",
            "data.train.shards",
            "folder of shards or one shard file",
        ),
        (
            "data.preprocess=[decode, resize: 16]",
            "data.preprocess",
            "16x16",
        ),
        ("data.tokenizer=null", "data.tokenizer", "required"),
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
    // Semantic errors in the file carry its position.
    let text = format!("{MINIMAL}checkpoint:\n  keep: 0\n");
    let (key, origin, _) = invalid(&text, &[]);
    assert_eq!((key.as_str(), origin), ("checkpoint.keep", at(14, 3)));
}

#[test]
fn every_optimizer_rule_loads_from_yaml() {
    let optimizer = |yaml: &str| {
        load(&MINIMAL.replace(MINIMAL_OPTIMIZER, yaml), &[])
            .unwrap()
            .optimizer
    };
    let adam = optimizer(
        "optimizer: {rule: {name: adam, b1: 0.8, b2: 0.95, eps: 1.0e-6}, lr: 0.002, wd: 1.0e-4, \
         decay: big_vision, clip_norm: 1.0}",
    );
    assert_eq!(
        adam,
        OptimizerConfig {
            rule: Rule::Adam(Adam {
                b1: 0.8,
                b2: 0.95,
                eps: 1e-6
            }),
            lr: 0.002,
            wd: 1e-4,
            decay: Some(DecayConvention::BigVision),
            clip_norm: Some(1.0),
            params: ParamRules::default(),
        }
    );
    let lion = optimizer(
        "optimizer: {rule: {name: lion, b1: 0.95, b2: 0.98}, lr: 0.0001, wd: 0.1, decay: lr_scaled}",
    );
    assert_eq!(lion.rule, Rule::Lion(Lion { b1: 0.95, b2: 0.98 }));
    assert_eq!(
        (lion.lr, lion.wd, lion.decay),
        (1e-4, 0.1, Some(DecayConvention::LrScaled))
    );
    assert_eq!(
        optimizer(
            "optimizer: {rule: {name: adafactor, min_dim_size_to_factor: 16, decay_rate: 0.7, \
             decay_offset: 2, beta2_cap: 0.99, clipping_threshold: 1.0, momentum: null, \
             eps: 1.0e-20}, lr: 0.001}"
        )
        .rule,
        Rule::Adafactor(Adafactor {
            min_dim_size_to_factor: 16,
            decay_rate: 0.7,
            decay_offset: 2,
            beta2_cap: 0.99,
            clipping_threshold: Some(1.0),
            momentum: None,
            eps: 1e-20,
        })
    );
    // Left out, big_vision's defaults.
    assert_eq!(
        optimizer("optimizer: {rule: {name: adafactor}, lr: 0.001}").rule,
        Rule::Adafactor(Adafactor::default())
    );
    assert_eq!(
        optimizer("optimizer: {rule: {name: sgd, momentum: 0.5, nesterov: true}, lr: 0.1}").rule,
        Rule::Sgd(Sgd {
            momentum: 0.5,
            nesterov: true
        })
    );
}

#[test]
fn optimizer_keys_get_did_you_mean() {
    let unknown = |sets: &[&str]| match load(MINIMAL, sets).unwrap_err() {
        ConfigError::UnknownKey {
            key,
            origin,
            suggestion,
            expected,
        } => (key, origin, suggestion, expected),
        other => panic!("{sets:?}: {other:?}"),
    };
    let (key, origin, suggestion, expected) = unknown(&["optimizer.rule.b3=0.9"]);
    assert_eq!(key, "optimizer.rule.b3");
    assert_eq!(origin, set("optimizer.rule.b3=0.9"));
    assert_eq!(expected, ["b1", "b2", "eps"]);
    // `b1` and `b2` are equally close; the first is named.
    assert_eq!(suggestion.as_deref(), Some("b1"));
    let (key, _, suggestion, _) = unknown(&["optimizer.rule={name: sgd, momentun: 0.5}"]);
    assert_eq!(
        (key.as_str(), suggestion.as_deref()),
        ("optimizer.rule.momentun", Some("momentum"))
    );
    let (key, _, suggestion, _) = unknown(&["optimizer.params.frozn=['img/.*']"]);
    assert_eq!(
        (key.as_str(), suggestion.as_deref()),
        ("optimizer.params.frozn", Some("frozen"))
    );
    let (key, _, suggestion, _) = unknown(&["optimizer.weight_decay=0.1"]);
    assert_eq!((key.as_str(), suggestion), ("optimizer.weight_decay", None));

    // In the file, at the key's position.
    let text = MINIMAL.replace("{name: adam}", "{name: adam, epz: 1.0e-6}");
    let err = load(&text, &[]).unwrap_err();
    assert!(
        err.to_string()
            .starts_with("run.yaml:4:32: unknown key `optimizer.rule.epz`; did you mean `eps`?"),
        "{err}"
    );
    // A misspelt rule name.
    let text = MINIMAL.replace("{name: adam}", "{name: adamw}");
    let (key, origin, message) = invalid(&text, &[]);
    assert_eq!((key.as_str(), origin), ("optimizer.rule.name", at(4, 20)));
    assert!(
        message.contains("unknown value `adamw`; did you mean `adam`?"),
        "{message}"
    );
}

#[test]
fn optimizer_errors_name_their_key() {
    for (arg, key, words) in [
        (
            "optimizer.wd=1e-4",
            "optimizer.decay",
            "no decay convention",
        ),
        (
            "optimizer.params.frozen=['img/(']",
            "optimizer.params.frozen[0]",
            "not a valid regular expression",
        ),
        (
            "optimizer.params.lr_mults=[['t', 2.0], ['txt/(', 1.0]]",
            "optimizer.params.lr_mults[1]",
            "`txt/(` is not a valid regular expression",
        ),
        (
            "optimizer.params.wd_mults=[['.*/kernel', -1.0]]",
            "optimizer.params.wd_mults[0]",
            "wd_mults multiplier -1 for `.*/kernel` is out of range",
        ),
        (
            "optimizer.params.lr_mults=[['t', 2.0], ['b', 0.0]]",
            "optimizer.params.lr_mults[1]",
            "out of range",
        ),
    ] {
        let (k, _, message) = invalid(MINIMAL, &[arg]);
        assert_eq!(k, key, "{arg}");
        assert!(message.contains(words), "{arg}: {message}");
    }
}

#[test]
fn optimizer_rules_resolve_against_the_model_before_compiling() {
    // A rule that matches no parameter of the model (`image/` for `img/`): a typo would otherwise
    // train the tower it meant to freeze.
    let arg = "optimizer.params.frozen=['img/.*', 'image/.*']";
    let (key, origin, message) = invalid(MINIMAL, &[arg]);
    assert_eq!(
        (key.as_str(), origin),
        ("optimizer.params.frozen[1]", set(arg))
    );
    assert_eq!(message, "frozen pattern `image/.*` matches no parameter");
    // Patterns match whole paths: `txt` alone is no parameter.
    let (key, _, _) = invalid(MINIMAL, &["optimizer.params.lr_mults=[['txt', 0.5]]"]);
    assert_eq!(key, "optimizer.params.lr_mults[0]");
    // Of two equal patterns the second never applies: it is the one named.
    let (key, _, message) = invalid(
        MINIMAL,
        &["optimizer.params.lr_mults=[['t', 2.0], ['txt/.*', 0.5], ['t', 3.0]]"],
    );
    assert_eq!(key, "optimizer.params.lr_mults[2]");
    assert!(message.contains("`t` matches no parameter"), "{message}");
    // A given decay rule must match too (the default may not: it is only kernels).
    let (key, _, _) = invalid(MINIMAL, &["optimizer.params.wd_mults=[['.*/kernal', 1.0]]"]);
    assert_eq!(key, "optimizer.params.wd_mults[0]");
    // Freezing everything leaves nothing to train.
    let (key, _, message) = invalid(
        MINIMAL,
        &["optimizer.params.frozen=['img/.*', 'txt/.*', 't|b']"],
    );
    assert_eq!(key, "optimizer.params.frozen");
    assert!(message.contains("every parameter is frozen"), "{message}");
    // In the file, the error is placed at the rule.
    let text = MINIMAL.replace(
        "lr: 0.001}",
        "lr: 0.001,\n  params: {frozen: ['img/.*'], lr_mults: [['txt/.*', 0.5], ['tt', 2.0]]}}",
    );
    let (key, origin, _) = invalid(&text, &[]);
    assert_eq!(
        (key.as_str(), origin),
        ("optimizer.params.lr_mults[1]", at(5, 60))
    );

    // big_vision's shape, resolved on the model's own parameter paths.
    let cfg = load(
        MINIMAL,
        &[
            "optimizer.params={frozen: ['img/.*'], lr_mults: [['t|b', 10.0], ['.*', 0.5]], \
             wd_mults: [['.*/kernel', 1.0], ['txt/Embed_0/embedding', 0.1]]}",
        ],
    )
    .unwrap();
    assert_eq!(
        cfg.optimizer.params,
        ParamRules {
            frozen: vec!["img/.*".into()],
            lr_mults: vec![("t|b".into(), 10.0), (".*".into(), 0.5)],
            wd_mults: vec![
                (".*/kernel".into(), 1.0),
                ("txt/Embed_0/embedding".into(), 0.1)
            ],
        }
    );
    let specs = cfg.model.param_specs().unwrap();
    let optimizer = Optimizer::new(&cfg.optimizer, specs.iter().map(|p| p.path.as_str())).unwrap();
    let (frozen, trained): (Vec<_>, Vec<_>) = specs
        .iter()
        .map(|p| p.path.as_str())
        .partition(|p| optimizer.is_frozen(p));
    assert!(!frozen.is_empty() && frozen.iter().all(|p| p.starts_with("img/")));
    assert!(trained.iter().all(|p| !p.starts_with("img/")));
    assert!(trained.contains(&"txt/Embed_0/embedding") && trained.contains(&"t"));
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
    assert_eq!(cfg.data.train.shards, ShardEntries::one("data/synth/train"));
    assert_eq!((cfg.checkpoint.every, cfg.checkpoint.keep), (500, 3));
    assert_eq!(cfg.model.image.image_size, 64);
    assert_eq!(
        cfg.optimizer.params.lr_mults,
        [("txt/Embed_0/.*".to_string(), 0.5)]
    );
    assert_eq!(cfg.optimizer.decay, Some(DecayConvention::BigVision));
    assert_eq!(cfg.evals[0].name, "val");
    assert!(!cfg.siglit.unwrap().tower_in_step);
}

#[test]
fn tiny_cpu_config_loads() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("configs/tiny_cpu.yaml");
    let cfg = RunConfig::load(&path, &[]).unwrap();
    assert_eq!(cfg.loss, LossKind::Sigmoid);
    assert_eq!(cfg.model.text.vocab_size, 28);
    assert_eq!(cfg.preprocess().output_size(), Some((48, 48)));
    assert_eq!(cfg.data.train.shards, ShardEntries::one("data/synth/train"));
    assert_eq!(cfg.evals[0].data, ShardEntries::one("data/synth/val"));
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

/// `configs/NAME` (or a folder under it) in the repository.
fn shipped(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("configs")
        .join(name)
}

/// The `.yaml` files of a folder, sorted.
fn yaml_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    files.sort();
    files
}

#[test]
fn every_shipped_config_and_sweep_validates() {
    let configs = yaml_files(&shipped(""));
    assert!(configs.len() >= 5, "{configs:?}");
    for file in &configs {
        // bench_small.yaml is the benchmark's model alone (`siglip::bench::bench_model`).
        if file.ends_with("bench_small.yaml") {
            siglip::bench::bench_model().unwrap();
            continue;
        }
        if let Err(e) = RunConfig::load(file, &[]) {
            panic!("{}: {e}", file.display());
        }
    }
    let sweeps = yaml_files(&shipped("sweeps"));
    assert!(!sweeps.is_empty());
    for file in &sweeps {
        let sweep = siglip::sweep::Sweep::load(file).unwrap_or_else(|e| panic!("{e:#}"));
        assert!(!sweep.runs.is_empty(), "{}", file.display());
    }
}

/// The paper's setups, as the shipped configs' comments say them.
#[test]
fn paper_configs_say_what_they_reproduce() {
    let load = |name: &str| RunConfig::load(&shipped(name), &[]).unwrap();
    let counts = |c: &RunConfig| siglip::plan::param_counts(c).unwrap();

    let b16 = load("siglip_b16_32k.yaml");
    assert_eq!(b16.train.batch_size, 32768);
    assert_eq!(
        (b16.optimizer.lr, b16.optimizer.wd),
        (1e-3, 1e-4),
        "lr 1e-3, wd 1e-4"
    );
    assert_eq!(b16.optimizer.decay, Some(DecayConvention::BigVision));
    assert!(matches!(b16.optimizer.rule, Rule::Adam(Adam { b2, .. }) if b2 == 0.95));
    assert_eq!(
        (
            b16.model.image.width,
            b16.model.image.depth,
            b16.model.image.patch_size
        ),
        (768, 12, 16)
    );
    assert_eq!(b16.loss, LossKind::SigmoidRing);
    assert!(b16.siglit.is_none());
    assert!(counts(&b16).values().all(|c| c.frozen == 0));

    for (name, width, patch, batch) in [
        ("siglit_g14_4tpu.yaml", 1408, 14, 20480),
        ("siglit_b8_4tpu.yaml", 768, 8, 32768),
    ] {
        let c = load(name);
        assert_eq!(c.runtime.devices, 4, "{name}");
        assert_eq!(c.train.batch_size, batch, "{name}");
        assert_eq!(
            (c.model.image.width, c.model.image.patch_size),
            (width, patch),
            "{name}"
        );
        assert_eq!(
            (c.model.text.width, c.model.text.depth),
            (1024, 24),
            "{name}: L text"
        );
        assert!(matches!(c.optimizer.rule, Rule::Lion(_)), "{name}");
        assert_eq!((c.optimizer.lr, c.optimizer.wd), (1e-4, 1e-7), "{name}");
        assert!(
            c.siglit.as_ref().is_some_and(|s| !s.tower_in_step),
            "{name}"
        );
        let counts = counts(&c);
        assert_eq!(
            counts["img"].trainable, 0,
            "{name}: the image tower is frozen"
        );
        assert!(
            counts["img"].frozen > 0 && counts["txt"].trainable > 0,
            "{name}"
        );
        // Cached embeddings: the step `siglip train` runs (and `siglip plan` measures) has no
        // image tower.
        assert_eq!(
            siglip::plan::step_flops(&c).unwrap().image_passes,
            0,
            "{name}"
        );
    }
}
