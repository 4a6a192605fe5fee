//! The optimizers against optax (`tests/fixtures/optim/*.safetensors`, written by
//! `tools/make_optim_fixtures.py`): three steps each of clip + Adam, LION, big_vision's
//! Adafactor and SGD momentum (big_vision's kernel-only decay, not scaled by lr) and of optax
//! `adamw` (decay scaled by lr), one compiled program fed back its own parameters and state, in
//! f64 and f32; plus hand-computed checks of both decay conventions, learning-rate multipliers
//! and the per-parameter rules.

mod common;
use std::collections::BTreeMap;

use common::*;
use siglip::graph::{Graph, Tensor};
use siglip::optim::{
    adafactor::Adafactor, adam::Adam, lion::Lion, sgd::Sgd, DecayConvention, OptState, OptimError,
    Optimizer, OptimizerConfig, ParamRules, ParamSetting, Rule,
};
use siglip::program::{join, NamedModule, NamedValues, Program};
use siglip::tensor::{DType, HostTensor};

const STEPS: usize = 3;

fn adam_clip() -> OptimizerConfig {
    OptimizerConfig {
        rule: Rule::Adam(Adam {
            b1: 0.9,
            b2: 0.95,
            eps: 1e-8,
        }),
        lr: 1e-3,
        wd: 1e-4,
        decay: Some(DecayConvention::BigVision),
        clip_norm: Some(1.0),
        params: ParamRules::default(),
    }
}

fn lion() -> OptimizerConfig {
    OptimizerConfig {
        rule: Rule::Lion(Lion { b1: 0.9, b2: 0.99 }),
        lr: 1e-4,
        wd: 1e-7,
        clip_norm: None,
        ..adam_clip()
    }
}

fn adafactor() -> OptimizerConfig {
    OptimizerConfig {
        rule: Rule::Adafactor(Adafactor {
            min_dim_size_to_factor: 3,
            clipping_threshold: Some(0.9),
            ..Adafactor::default()
        }),
        lr: 1e-3,
        wd: 1e-4,
        clip_norm: None,
        ..adam_clip()
    }
}

fn sgd_momentum() -> OptimizerConfig {
    OptimizerConfig {
        rule: Rule::Sgd(Sgd {
            momentum: 0.9,
            nesterov: false,
        }),
        lr: 1e-2,
        wd: 0.0,
        decay: None,
        clip_norm: None,
        ..adam_clip()
    }
}

fn adamw() -> OptimizerConfig {
    OptimizerConfig {
        rule: Rule::Adam(Adam {
            b1: 0.9,
            b2: 0.999,
            eps: 1e-8,
        }),
        lr: 1e-3,
        wd: 1e-2,
        decay: Some(DecayConvention::LrScaled),
        clip_norm: None,
        params: ParamRules::default(),
    }
}

/// Every tensor of one fixture file, as (shape, f64 values).
struct Fixture(BTreeMap<String, (Vec<i64>, Vec<f64>)>);

impl Fixture {
    fn load(name: &str) -> Fixture {
        let path = format!(
            "{}/tests/fixtures/optim/{name}.safetensors",
            env!("CARGO_MANIFEST_DIR")
        );
        let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("reading {path}: {e}"));
        let st = safetensors::SafeTensors::deserialize(&bytes).expect("valid safetensors");
        let tensors = st
            .tensors()
            .into_iter()
            .map(|(key, view)| {
                assert_eq!(view.dtype(), safetensors::Dtype::F64, "{name}: {key}");
                let shape = view.shape().iter().map(|&d| d as i64).collect();
                let values = view
                    .data()
                    .chunks_exact(8)
                    .map(|c| f64::from_le_bytes(c.try_into().unwrap()))
                    .collect();
                (key, (shape, values))
            })
            .collect();
        Fixture(tensors)
    }

    fn get(&self, key: &str) -> &(Vec<i64>, Vec<f64>) {
        self.0
            .get(key)
            .unwrap_or_else(|| panic!("fixture has no {key}"))
    }

    fn values(&self, key: &str) -> &[f64] {
        &self.get(key).1
    }

    /// Parameter path → shape.
    fn shapes(&self) -> BTreeMap<String, Vec<i64>> {
        self.0
            .iter()
            .filter_map(|(k, (shape, _))| {
                Some((k.strip_prefix("params/")?.to_string(), shape.clone()))
            })
            .collect()
    }
}

fn host(dtype: DType, shape: &[i64], values: &[f64]) -> HostTensor {
    match dtype {
        DType::F64 => HostTensor::from_slice(shape, values).unwrap(),
        DType::F32 => {
            let narrow: Vec<f32> = values.iter().map(|&v| v as f32).collect();
            HostTensor::from_slice(shape, &narrow).unwrap()
        }
        other => panic!("no float host tensor for {other}"),
    }
}

/// One update as a named program. Inputs `params/<path>`, `grads/<path>`, `opt/<slot>/<path>`,
/// `opt/count` (i32), `sched`; outputs `params/...`, `opt/...`, `opt/count`, `grad_norm`.
fn update_program(
    cfg: &OptimizerConfig,
    dtype: DType,
    shapes: &BTreeMap<String, Vec<i64>>,
) -> (Optimizer, Program) {
    let optimizer = Optimizer::new(cfg, shapes.keys().map(String::as_str)).expect("valid config");
    let g = Graph::new();
    let tree = |prefix: &str, shapes: &BTreeMap<String, Vec<i64>>| -> BTreeMap<String, Tensor> {
        shapes
            .iter()
            .map(|(path, shape)| (path.clone(), g.parameter(&join(prefix, path), dtype, shape)))
            .collect()
    };
    let params = tree("params", shapes);
    let grads = tree("grads", shapes);
    let slots = optimizer
        .state_shapes(shapes)
        .iter()
        .map(|(slot, slot_shapes)| (slot.clone(), tree(&join("opt", slot), slot_shapes)))
        .collect();
    let count = g.parameter("opt/count", DType::I32, &[]);
    let sched = g.parameter("sched", dtype, &[]);
    let update = optimizer
        .update(&params, &grads, &OptState { slots, count }, &sched)
        .expect("update");
    let mut outputs = NamedValues::new();
    outputs.insert_tree("params", update.params).unwrap();
    for (slot, tree) in update.state.slots {
        outputs.insert_tree(&join("opt", &slot), tree).unwrap();
    }
    outputs.insert("opt/count", update.state.count).unwrap();
    outputs.insert("grad_norm", update.grad_norm).unwrap();
    let mut module = NamedModule::build(&g, &outputs).expect("update graph builds");
    module.donate_same_names().unwrap();
    let program = Program::compile_named(client(), module).expect("compile");
    (optimizer, program)
}

/// Largest relative error of each kind seen over the three steps.
#[derive(Default, Debug)]
struct Errors {
    params: f64,
    /// Parameter change of one step; `None` where it was not checked.
    step: Option<f64>,
    slots: f64,
    grad_norm: f64,
}

/// Runs three fixture steps through one compiled update, feeding its outputs back, and checks
/// params, every state slot, count and grad_norm after every step. With `step_tol`, also the
/// parameter change of each step on its own (meaningful in f64 only: in f32 it is lost to
/// rounding).
fn check_against_fixture(
    cfg: &OptimizerConfig,
    name: &str,
    dtype: DType,
    tol: f64,
    step_tol: Option<f64>,
) -> Errors {
    let fx = Fixture::load(name);
    let shapes = fx.shapes();
    let (optimizer, program) = update_program(cfg, dtype, &shapes);
    let sched = fx.values("sched");
    assert_eq!(sched.len(), STEPS);

    // The state the program carries from step to step, by name: parameters and optimizer state.
    let mut state = NamedValues::new();
    for (path, shape) in &shapes {
        let name = join("params", path);
        state
            .insert(name.clone(), host(dtype, shape, fx.values(&name)))
            .unwrap();
    }
    for (slot, slot_shapes) in optimizer.state_shapes(&shapes) {
        for (path, shape) in slot_shapes {
            state
                .insert(
                    join(&join("opt", &slot), &path),
                    HostTensor::zeros(dtype, &shape),
                )
                .unwrap();
        }
    }
    state.insert("opt/count", HostTensor::scalar(0i32)).unwrap();
    let mut errors = Errors::default();
    let mut previous: BTreeMap<String, Vec<f64>> = shapes
        .keys()
        .map(|p| (p.clone(), fx.values(&format!("params/{p}")).to_vec()))
        .collect();
    let mut slots_checked = 0;

    for step in 0..STEPS {
        let mut inputs = state.clone();
        for (path, shape) in &shapes {
            let grad = host(dtype, shape, fx.values(&format!("grads/{step}/{path}")));
            inputs.insert(join("grads", path), grad).unwrap();
        }
        inputs
            .insert("sched", host(dtype, &[], &sched[step..=step]))
            .unwrap();
        let mut outputs = program
            .run_host_named(client(), &[inputs])
            .expect("run")
            .remove(0);

        let grad_norm = outputs.remove("grad_norm").unwrap();
        let want_norm = fx.values(&format!("grad_norm/{step}"));
        let err = rel_err(&grad_norm.to_f64_lossy(), want_norm);
        assert!(
            err <= tol,
            "{name} {dtype}: grad_norm at step {step}: relative error {err:e}"
        );
        errors.grad_norm = errors.grad_norm.max(err);
        let count = outputs.get("opt/count").unwrap();
        assert_eq!(count.dtype, DType::I32);
        assert_eq!(
            count.to_vec::<i32>().unwrap(),
            vec![step as i32 + 1],
            "{name}: count after step {step}"
        );

        for (path, got) in outputs.tree("params") {
            let got = got.to_f64_lossy();
            let want = fx.values(&format!("expected/{step}/{path}"));
            let what = format!("{name} {dtype}: {path} after step {step}");
            assert_close(&got, want, tol, &what);
            errors.params = errors.params.max(rel_err(&got, want));
            let before = &previous[path];
            if let Some(step_tol) = step_tol {
                let moved =
                    |v: &[f64]| -> Vec<f64> { v.iter().zip(before).map(|(a, b)| a - b).collect() };
                let err = rel_err(&moved(&got), &moved(want));
                assert!(
                    err <= step_tol,
                    "{what}: change of this step off by {err:e} (relative)"
                );
                errors.step = Some(errors.step.map_or(err, |e| e.max(err)));
            }
            previous.insert(path.to_string(), want.to_vec());
        }
        for (name_in_program, got) in outputs.iter() {
            let Some(rest) = name_in_program.strip_prefix("opt/") else {
                continue;
            };
            let Some((slot, path)) = rest.split_once('/') else {
                continue; // opt/count
            };
            let want = fx.values(&format!("expected_{slot}/{step}/{path}"));
            let got = got.to_f64_lossy();
            assert_close(
                &got,
                want,
                tol,
                &format!("{name} {dtype}: {slot} of {path} after step {step}"),
            );
            errors.slots = errors.slots.max(rel_err(&got, want));
            slots_checked += 1;
        }
        state = outputs;
    }
    // Every slot the fixture has was compared (none silently skipped).
    let fixture_slots = fx.0.keys().filter(|k| k.starts_with("expected_")).count();
    assert_eq!(slots_checked, fixture_slots, "{name}: state slots compared");
    errors
}

#[test]
fn fixture_clips_some_steps_and_not_others() {
    // Without both cases the Adam fixture would not test the clipping branch.
    let fx = Fixture::load("adam_clip");
    let clip = adam_clip().clip_norm.unwrap();
    let clipped: Vec<bool> = (0..STEPS)
        .map(|s| fx.values(&format!("grad_norm/{s}"))[0] > clip)
        .collect();
    assert_eq!(clipped, vec![true, false, true]);
}

/// Every fixture in f64 (to 1e-12 relative, including each step's own change) and in f32 (1e-6).
fn check(cfg: OptimizerConfig, name: &str) {
    let errors = check_against_fixture(&cfg, name, DType::F64, 1e-12, Some(1e-12));
    eprintln!("{name} f64: {errors:?}");
    let errors = check_against_fixture(&cfg, name, DType::F32, 1e-6, None);
    eprintln!("{name} f32: {errors:?}");
}

#[test]
fn adam_with_clipping_matches_optax() {
    check(adam_clip(), "adam_clip");
}

#[test]
fn lion_matches_optax() {
    check(lion(), "lion");
}

#[test]
fn adafactor_matches_big_vision() {
    check(adafactor(), "adafactor");
}

#[test]
fn sgd_momentum_matches_optax() {
    check(sgd_momentum(), "sgd_momentum");
}

#[test]
fn adamw_matches_optax() {
    check(adamw(), "adamw");
}

/// optax's `_factored_dims` on the shapes that matter: which axes Adafactor factors, and the
/// state shapes that follow (v_row drops the largest axis, v_col the second largest).
#[test]
fn adafactor_factors_the_two_largest_axes() {
    let rule = Adafactor::default();
    assert_eq!(rule.min_dim_size_to_factor, 32, "big_vision's default");
    assert_eq!(rule.factored_dims(&[768, 3072]), Some((0, 1)));
    assert_eq!(rule.factored_dims(&[3072, 768]), Some((1, 0)));
    assert_eq!(rule.factored_dims(&[12, 64, 768]), Some((1, 2)));
    assert_eq!(rule.factored_dims(&[64, 64]), Some((0, 1)));
    assert_eq!(rule.factored_dims(&[31, 3072]), None);
    assert_eq!(rule.factored_dims(&[3072]), None);
    let shapes = BTreeMap::from([
        ("w".to_string(), vec![12, 64, 768]),
        ("b".to_string(), vec![768]),
    ]);
    let cfg = OptimizerConfig {
        rule: Rule::Adafactor(rule),
        ..adafactor()
    };
    let optimizer = Optimizer::new(&cfg, shapes.keys().map(String::as_str)).unwrap();
    let state = optimizer.state_shapes(&shapes);
    assert_eq!(
        state["v_row"],
        BTreeMap::from([("w".to_string(), vec![12, 64])])
    );
    assert_eq!(
        state["v_col"],
        BTreeMap::from([("w".to_string(), vec![12, 768])])
    );
    assert_eq!(state["v"], BTreeMap::from([("b".to_string(), vec![768])]));
    assert_eq!(state["ema"].len(), 2);
}

/// Runs one update from `start` with zero gradients and zero state at `sched`, returns the
/// new parameters and state by name.
fn zero_gradient_step(
    cfg: &OptimizerConfig,
    start: &BTreeMap<String, (Vec<i64>, Vec<f64>)>,
    sched: f64,
) -> NamedValues<HostTensor> {
    let shapes = start
        .iter()
        .map(|(p, (s, _))| (p.clone(), s.clone()))
        .collect();
    let (optimizer, program) = update_program(cfg, DType::F64, &shapes);
    let mut inputs = NamedValues::new();
    for (path, (shape, values)) in start {
        inputs
            .insert(join("params", path), host(DType::F64, shape, values))
            .unwrap();
        inputs
            .insert(join("grads", path), HostTensor::zeros(DType::F64, shape))
            .unwrap();
    }
    for (slot, slot_shapes) in optimizer.state_shapes(&shapes) {
        for (path, shape) in slot_shapes {
            let zeros = HostTensor::zeros(DType::F64, &shape);
            inputs
                .insert(join(&join("opt", &slot), &path), zeros)
                .unwrap();
        }
    }
    inputs
        .insert("opt/count", HostTensor::scalar(5i32))
        .unwrap();
    inputs.insert("sched", HostTensor::scalar(sched)).unwrap();
    program
        .run_host_named(client(), &[inputs])
        .expect("run")
        .remove(0)
}

/// With zero gradients the moments stay zero and the update is zero (Adam: 0 / (0 + eps);
/// LION: sign(0) = 0; SGD: 0), so only decay acts, in each convention:
/// big_vision kernel ← kernel·(1 − sched·wd), lr-scaled kernel ← kernel·(1 − lr·sched·wd);
/// everything else unchanged bit for bit, and a `wd_mults` rule replaces the default mask.
#[test]
fn only_masked_parameters_decay_in_either_convention() {
    let (wd, sched) = (0.1, 0.5);
    let kernel: Vec<f64> = (0..12).map(|i| i as f64 * 0.25 - 1.5).collect();
    let start = BTreeMap::from([
        (
            "enc/Dense_0/bias".to_string(),
            (vec![4], vec![0.5, -1.25, 2.0, 3.5]),
        ),
        (
            "enc/Dense_0/kernel".to_string(),
            (vec![3, 4], kernel.clone()),
        ),
        ("t".to_string(), (vec![], vec![2.5])),
    ]);
    for base in [adam_clip(), lion(), sgd_momentum()] {
        for decay in [DecayConvention::BigVision, DecayConvention::LrScaled] {
            let cfg = OptimizerConfig {
                wd,
                decay: Some(decay),
                ..base.clone()
            };
            let out = zero_gradient_step(&cfg, &start, sched);
            let what = format!("{:?} {decay:?}", cfg.rule);
            for path in ["enc/Dense_0/bias", "t"] {
                assert_eq!(
                    out.get(&join("params", path)).unwrap().to_f64_lossy(),
                    start[path].1,
                    "{what}: {path} must not decay"
                );
            }
            let factor = match decay {
                DecayConvention::BigVision => 1.0 - sched * wd,
                DecayConvention::LrScaled => 1.0 - cfg.lr * sched * wd,
            };
            let want: Vec<f64> = kernel.iter().map(|k| k * factor).collect();
            assert_close(
                &out.get("params/enc/Dense_0/kernel").unwrap().to_f64_lossy(),
                &want,
                1e-15,
                &format!("{what}: kernel decay"),
            );
            for (name, value) in out
                .iter()
                .filter(|(n, _)| n.starts_with("opt/") && *n != "opt/count")
            {
                assert!(
                    value.to_f64_lossy().iter().all(|&v| v == 0.0),
                    "{what}: {name} moved"
                );
            }
            assert_eq!(
                out.get("opt/count").unwrap().to_vec::<i32>().unwrap(),
                vec![6],
                "{what}: count"
            );
            assert_eq!(
                out.get("grad_norm").unwrap().to_f64_lossy(),
                vec![0.0],
                "{what}: grad_norm"
            );
        }
    }
    // Decay t (×2) instead of the kernels.
    let mut cfg = OptimizerConfig { wd, ..adam_clip() };
    cfg.params.wd_mults = vec![("t".into(), 2.0)];
    let out = zero_gradient_step(&cfg, &start, sched);
    assert_eq!(
        out.get("params/enc/Dense_0/kernel").unwrap().to_f64_lossy(),
        kernel
    );
    assert_close(
        &out.get("params/t").unwrap().to_f64_lossy(),
        &[2.5 * (1.0 - sched * 2.0 * wd)],
        1e-15,
        "t decay with wd_mult 2",
    );
}

/// SGD without momentum, first step: p ← p − sched·lr·lr_mult·g, by hand.
#[test]
fn lr_mults_scale_the_update() {
    let mut cfg = OptimizerConfig {
        rule: Rule::Sgd(Sgd {
            momentum: 0.0,
            nesterov: false,
        }),
        ..sgd_momentum()
    };
    cfg.params.lr_mults = vec![("enc/.*".into(), 0.25)];
    let shapes = BTreeMap::from([("enc/w".to_string(), vec![2]), ("t".to_string(), vec![])]);
    let (optimizer, program) = update_program(&cfg, DType::F64, &shapes);
    let mut inputs = NamedValues::new();
    inputs
        .insert("params/enc/w", f64s(&[2], &[1.0, 2.0]))
        .unwrap();
    inputs
        .insert("params/t", HostTensor::scalar(3.0f64))
        .unwrap();
    inputs
        .insert("grads/enc/w", f64s(&[2], &[4.0, -8.0]))
        .unwrap();
    inputs
        .insert("grads/t", HostTensor::scalar(16.0f64))
        .unwrap();
    for (slot, slot_shapes) in optimizer.state_shapes(&shapes) {
        for (path, shape) in slot_shapes {
            let zeros = HostTensor::zeros(DType::F64, &shape);
            inputs
                .insert(join(&join("opt", &slot), &path), zeros)
                .unwrap();
        }
    }
    inputs
        .insert("opt/count", HostTensor::scalar(0i32))
        .unwrap();
    inputs.insert("sched", HostTensor::scalar(0.5f64)).unwrap();
    let out = program
        .run_host_named(client(), &[inputs])
        .unwrap()
        .remove(0);
    let (lr, sched) = (cfg.lr, 0.5);
    assert_close(
        &out.get("params/enc/w").unwrap().to_f64_lossy(),
        &[1.0 - sched * lr * 0.25 * 4.0, 2.0 + sched * lr * 0.25 * 8.0],
        1e-15,
        "enc/w with lr_mult 0.25",
    );
    assert_close(
        &out.get("params/t").unwrap().to_f64_lossy(),
        &[3.0 - sched * lr * 16.0],
        1e-15,
        "t with lr_mult 1",
    );
}

#[test]
fn parameter_rules_match_whole_paths_first_match_wins() {
    let rules = ParamRules {
        frozen: vec!["img/.*".into()],
        lr_mults: vec![("txt/head/.*".into(), 10.0), ("txt/.*".into(), 0.5)],
        wd_mults: vec![(".*/kernel".into(), 1.0)],
    };
    let paths = [
        "img/embedding/kernel",
        "txt/head/kernel",
        "txt/head/bias",
        "txt/Embed_0/embedding",
        "t",
        "ximg/a",
    ];
    let settings = rules.resolve(paths).unwrap();
    let s = |frozen, lr_mult, wd_mult| ParamSetting {
        frozen,
        lr_mult,
        wd_mult,
    };
    assert_eq!(settings["img/embedding/kernel"], s(true, 1.0, 1.0));
    assert_eq!(settings["txt/head/kernel"], s(false, 10.0, 1.0));
    assert_eq!(settings["txt/head/bias"], s(false, 10.0, 0.0));
    assert_eq!(settings["txt/Embed_0/embedding"], s(false, 0.5, 0.0));
    assert_eq!(settings["t"], s(false, 1.0, 0.0));
    // Whole-path match: `img/.*` does not freeze `ximg/a`.
    assert_eq!(settings["ximg/a"], s(false, 1.0, 0.0));

    let unused = ParamRules {
        frozen: vec!["image/.*".into()],
        ..ParamRules::default()
    };
    assert_eq!(
        unused.resolve(paths).unwrap_err(),
        OptimError::UnusedPattern {
            what: "frozen",
            pattern: "image/.*".into()
        }
    );
    let bad = ParamRules {
        frozen: vec!["img/(".into()],
        ..ParamRules::default()
    };
    assert!(matches!(
        bad.resolve(paths),
        Err(OptimError::Pattern { .. })
    ));
    let zero = ParamRules {
        lr_mults: vec![("t".into(), 0.0)],
        ..ParamRules::default()
    };
    assert!(matches!(
        zero.resolve(paths),
        Err(OptimError::Multiplier { .. })
    ));
    let all = ParamRules {
        frozen: vec![".*".into()],
        ..ParamRules::default()
    };
    let cfg = OptimizerConfig {
        params: all,
        ..adam_clip()
    };
    assert_eq!(
        Optimizer::new(&cfg, paths).unwrap_err(),
        OptimError::AllFrozen
    );
}

#[test]
fn config_from_yaml_is_strict_and_explicit() {
    let cfg: OptimizerConfig = serde_yaml::from_str(
        "rule: {name: adafactor}\nlr: 0.001\nwd: 0.0001\ndecay: big_vision\nparams: {frozen: ['img/.*']}\n",
    )
    .unwrap();
    assert_eq!(cfg.rule, Rule::Adafactor(Adafactor::default()));
    assert_eq!(cfg.params.wd_mults, vec![(".*/kernel".to_string(), 1.0)]);
    let errors = [
        ("rule: {name: adam, beta1: 0.9}\nlr: 0.001\n", "beta1"),
        (
            "rule: {name: adam}\nlr: 0.001\nweight_decay: 0.1\n",
            "weight_decay",
        ),
        ("rule: {name: adamax}\nlr: 0.001\n", "adamax"),
    ];
    for (yaml, key) in errors {
        let err = serde_yaml::from_str::<OptimizerConfig>(yaml)
            .unwrap_err()
            .to_string();
        assert!(err.contains(key), "{yaml}: {err}");
    }
    // A decay without its convention is refused (the two differ by a factor lr).
    let cfg: OptimizerConfig =
        serde_yaml::from_str("rule: {name: lion}\nlr: 0.0001\nwd: 0.0000001\n").unwrap();
    assert_eq!(
        Optimizer::new(&cfg, ["t"]).unwrap_err(),
        OptimError::NoDecayConvention(1e-7)
    );
}
