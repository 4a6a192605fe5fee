//! `optim::update` against optax (`tests/fixtures/optim/*.safetensors`, written by
//! `tools/make_optim_fixtures.py`): three steps of clip + Adam and of LION with big_vision's
//! kernel-only decay, one compiled program fed back its own parameters and state, in f64 and
//! f32; plus a hand-computed check that only kernels decay.

mod common;
use std::collections::BTreeMap;

use common::*;
use siglip::graph::{Graph, Module, Tensor};
use siglip::optim::{self, OptState, OptimizerConfig, Rule};
use siglip::program::Program;
use siglip::tensor::{DType, HostTensor};

const STEPS: usize = 3;
const PATHS: [&str; 3] = ["enc/Dense_0/bias", "enc/Dense_0/kernel", "t"];

fn adam_clip() -> OptimizerConfig {
    OptimizerConfig {
        rule: Rule::Adam {
            b1: 0.9,
            b2: 0.95,
            eps: 1e-8,
        },
        lr: 1e-3,
        wd: 1e-4,
        clip_norm: Some(1.0),
    }
}

fn lion() -> OptimizerConfig {
    OptimizerConfig {
        rule: Rule::Lion { b1: 0.9, b2: 0.99 },
        lr: 1e-4,
        wd: 1e-7,
        clip_norm: None,
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

    fn shape(&self, path: &str) -> &[i64] {
        &self.get(&format!("params/{path}")).0
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

/// One update as a program. Inputs: params, grads, one map per state slot (all in `PATHS`
/// order), count (i32), sched. Outputs: params, slots (same order), count, grad_norm.
fn update_program(cfg: &OptimizerConfig, dtype: DType, shapes: &[&[i64]]) -> Module {
    let g = Graph::new();
    let tree = |prefix: &str| -> BTreeMap<String, Tensor> {
        PATHS
            .iter()
            .zip(shapes)
            .map(|(path, shape)| {
                let name = format!("{prefix}/{path}");
                (path.to_string(), g.parameter(&name, dtype, shape))
            })
            .collect()
    };
    let params = tree("params");
    let grads = tree("grads");
    let slots = cfg.slots().iter().map(|slot| tree(slot)).collect();
    let count = g.parameter("count", DType::I32, &[]);
    let sched = g.parameter("sched", dtype, &[]);
    let update = optim::update(cfg, &params, &grads, &OptState { slots, count }, &sched);
    let mut outputs: Vec<&Tensor> = update.params.values().collect();
    for slot in &update.state.slots {
        outputs.extend(slot.values());
    }
    outputs.push(&update.state.count);
    outputs.push(&update.grad_norm);
    g.build(&outputs).expect("update graph builds")
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
/// params, moments, count and grad_norm after every step. With `step_tol`, also the parameter
/// change of each step on its own (meaningful in f64 only: in f32 it is lost to rounding).
fn check_against_fixture(
    cfg: &OptimizerConfig,
    name: &str,
    dtype: DType,
    tol: f64,
    step_tol: Option<f64>,
) -> Errors {
    let fx = Fixture::load(name);
    let shapes: Vec<&[i64]> = PATHS.iter().map(|p| fx.shape(p)).collect();
    let slot_names = cfg.slots();
    let program = Program::compile(client(), update_program(cfg, dtype, &shapes)).expect("compile");
    let sched = fx.values("sched");
    assert_eq!(sched.len(), STEPS);

    let mut params: Vec<HostTensor> = PATHS
        .iter()
        .zip(&shapes)
        .map(|(p, s)| host(dtype, s, fx.values(&format!("params/{p}"))))
        .collect();
    let mut slots: Vec<HostTensor> = slot_names
        .iter()
        .flat_map(|_| shapes.iter().map(|s| HostTensor::zeros(dtype, s)))
        .collect();
    let mut count = HostTensor::scalar(0i32);
    let mut errors = Errors::default();
    let mut previous: Vec<Vec<f64>> = PATHS
        .iter()
        .map(|p| fx.values(&format!("params/{p}")).to_vec())
        .collect();

    for step in 0..STEPS {
        let mut inputs = params.clone();
        inputs.extend(
            PATHS
                .iter()
                .zip(&shapes)
                .map(|(p, s)| host(dtype, s, fx.values(&format!("grads/{step}/{p}")))),
        );
        inputs.extend(slots.iter().cloned());
        inputs.push(count.clone());
        inputs.push(host(dtype, &[], &sched[step..=step]));
        let mut outputs = program
            .run_host(client(), &[inputs])
            .expect("run")
            .remove(0);

        let grad_norm = outputs.pop().unwrap();
        count = outputs.pop().unwrap();
        assert_eq!(count.dtype, DType::I32);
        assert_eq!(
            count.to_vec::<i32>().unwrap(),
            vec![step as i32 + 1],
            "{name}: count after step {step}"
        );
        let want_norm = fx.values(&format!("grad_norm/{step}"));
        let err = rel_err(&grad_norm.to_f64_lossy(), want_norm);
        assert!(
            err <= tol,
            "{name} {dtype}: grad_norm at step {step}: relative error {err:e}"
        );
        errors.grad_norm = errors.grad_norm.max(err);

        slots = outputs.split_off(PATHS.len());
        params = outputs;
        for (i, path) in PATHS.iter().enumerate() {
            let got = params[i].to_f64_lossy();
            let want = fx.values(&format!("expected/{step}/{path}"));
            let what = format!("{name} {dtype}: {path} after step {step}");
            assert_close(&got, want, tol, &what);
            errors.params = errors.params.max(rel_err(&got, want));
            if let Some(step_tol) = step_tol {
                let moved = |v: &[f64]| -> Vec<f64> {
                    v.iter().zip(&previous[i]).map(|(a, b)| a - b).collect()
                };
                let err = rel_err(&moved(&got), &moved(want));
                assert!(
                    err <= step_tol,
                    "{what}: change of this step off by {err:e} (relative)"
                );
                errors.step = Some(errors.step.map_or(err, |e| e.max(err)));
            }
            previous[i] = want.to_vec();
            for (s, slot) in slot_names.iter().enumerate() {
                let got = slots[s * PATHS.len() + i].to_f64_lossy();
                let want = fx.values(&format!("expected_{slot}/{step}/{path}"));
                assert_close(
                    &got,
                    want,
                    tol,
                    &format!("{name} {dtype}: {slot} of {path} after step {step}"),
                );
                errors.slots = errors.slots.max(rel_err(&got, want));
            }
        }
    }
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

#[test]
fn adam_with_clipping_matches_optax_f64() {
    let errors = check_against_fixture(&adam_clip(), "adam_clip", DType::F64, 1e-10, Some(1e-10));
    eprintln!("adam_clip f64: {errors:?}");
}

#[test]
fn lion_matches_optax_f64() {
    let errors = check_against_fixture(&lion(), "lion", DType::F64, 1e-10, Some(1e-10));
    eprintln!("lion f64: {errors:?}");
}

#[test]
fn adam_with_clipping_matches_optax_f32() {
    let errors = check_against_fixture(&adam_clip(), "adam_clip", DType::F32, 1e-5, None);
    eprintln!("adam_clip f32: {errors:?}");
}

#[test]
fn lion_matches_optax_f32() {
    let errors = check_against_fixture(&lion(), "lion", DType::F32, 1e-5, None);
    eprintln!("lion f32: {errors:?}");
}

/// With zero gradients the moments stay zero and the update is zero (Adam: 0 / (0 + eps);
/// LION: sign(0) = 0), so only decay acts: kernel ← kernel·(1 − sched·wd), everything else
/// unchanged bit for bit.
#[test]
fn only_kernels_decay() {
    let (wd, sched) = (0.1, 0.5);
    let shapes: [&[i64]; 3] = [&[4], &[3, 4], &[]];
    let bias = [0.5, -1.25, 2.0, 3.5];
    let kernel: Vec<f64> = (0..12).map(|i| i as f64 * 0.25 - 1.5).collect();
    let t = [2.5];
    let start: [&[f64]; 3] = [&bias, &kernel, &t];
    for cfg in [adam_clip(), lion()] {
        let cfg = OptimizerConfig { wd, ..cfg };
        let program =
            Program::compile(client(), update_program(&cfg, DType::F64, &shapes)).expect("compile");
        let mut inputs: Vec<HostTensor> = start
            .iter()
            .zip(&shapes)
            .map(|(v, s)| host(DType::F64, s, v))
            .collect();
        inputs.extend(shapes.iter().map(|s| HostTensor::zeros(DType::F64, s)));
        for _ in cfg.slots() {
            inputs.extend(shapes.iter().map(|s| HostTensor::zeros(DType::F64, s)));
        }
        inputs.push(HostTensor::scalar(5i32));
        inputs.push(HostTensor::scalar(sched));
        let outputs = program
            .run_host(client(), &[inputs])
            .expect("run")
            .remove(0);
        let what = format!("{:?}", cfg.rule);
        assert_eq!(
            outputs[0].to_f64_lossy(),
            bias,
            "{what}: bias must not decay"
        );
        assert_eq!(outputs[2].to_f64_lossy(), t, "{what}: t must not decay");
        let want: Vec<f64> = kernel.iter().map(|k| k * (1.0 - sched * wd)).collect();
        assert_close(
            &outputs[1].to_f64_lossy(),
            &want,
            1e-15,
            &format!("{what}: kernel decay"),
        );
        for (i, slot) in outputs[3..3 + 3 * cfg.slots().len()].iter().enumerate() {
            assert!(
                slot.to_f64_lossy().iter().all(|&v| v == 0.0),
                "{what}: state slot {i} moved"
            );
        }
        let rest = &outputs[3 + 3 * cfg.slots().len()..];
        assert_eq!(rest[0].to_vec::<i32>().unwrap(), vec![6], "{what}: count");
        assert_eq!(rest[1].to_f64_lossy(), vec![0.0], "{what}: grad_norm");
    }
}
