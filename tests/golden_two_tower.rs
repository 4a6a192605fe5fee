//! Whole-model golden test (in the manner of llm.c's `test_gpt2.c`): the tiny two-tower model of
//! `siglip::reference_programs::tiny_model_config()` against an independent JAX/flax + optax implementation
//! in f64 (`tests/fixtures/golden/two_tower.safetensors`, written by
//! `tools/make_golden_fixture.py`). One compiled f64 program does forward, sigmoid loss,
//! gradients and the optimizer update (clip → Adam → big_vision decay on kernels); it runs three
//! steps on three fresh batches, fed back its own parameters and state. Checked: the loss and
//! gradient norm of every step, every parameter's gradient at the start, and every parameter
//! after the three steps.

mod common;
use std::collections::BTreeMap;
use std::path::Path;

use common::*;
use siglip::graph::{grad, Graph, Module, Tensor};
use siglip::loss::{self, LossKind};
use siglip::model::{two_towers, ParamSpec, Params, TwoTowerConfig};
use siglip::optim::adam::Adam;
use siglip::optim::{DecayConvention, OptState, Optimizer, OptimizerConfig, ParamRules, Rule};
use siglip::program::Program;
use siglip::safetensors_io;
use siglip::tensor::{DType, HostTensor};

const STEPS: usize = 3;

/// Relative bound for every compared tensor: max |ours − JAX| over the tensor, divided by the
/// tensor's largest |value|. Also applied to what the three steps changed, where Adam's division
/// by `sqrt(ν̂) + ε` amplifies the gradients' round-off. Observed: loss 2.5e-16, gradient norms
/// 7.7e-16, gradients 5.2e-15, parameters after three steps 3.9e-15, their change 1.0e-13.
const REL_TOL: f64 = 1e-12;

/// Absolute floor, relative to the largest gradient of the whole model, for gradients whose
/// true value is exactly 0 (see [`zero_gradient`]): what is left there is round-off, different
/// in every implementation (observed ≤ 3.6e-17 here, ≤ 2.8e-17 in JAX).
const ZERO_GRAD_FLOOR: f64 = 1e-15;

/// Attention key biases: `q·(k + b) = q·k + q·b` shifts all of one query's logits by the same
/// amount, which the softmax ignores, so the loss does not depend on them.
fn zero_gradient(path: &str) -> bool {
    path.ends_with("/key/bias")
}

struct Fixture(BTreeMap<String, HostTensor>);

impl Fixture {
    fn load() -> Fixture {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/golden/two_tower.safetensors");
        Fixture(safetensors_io::read(&path).expect("reading the golden fixture"))
    }

    fn tensor(&self, key: &str) -> &HostTensor {
        self.0
            .get(key)
            .unwrap_or_else(|| panic!("fixture has no {key}"))
    }

    fn f64s(&self, key: &str) -> Vec<f64> {
        self.tensor(key).to_vec::<f64>().expect("f64 tensor")
    }

    fn scalar(&self, key: &str) -> f64 {
        self.f64s(key)[0]
    }

    /// Every `{prefix}/{path}` tensor, keyed by path.
    fn tree(&self, prefix: &str) -> BTreeMap<String, HostTensor> {
        self.0
            .iter()
            .filter_map(|(k, t)| {
                let path = k.strip_prefix(prefix)?.strip_prefix('/')?;
                Some((path.to_string(), t.clone()))
            })
            .collect()
    }

    fn optimizer(&self) -> OptimizerConfig {
        let [lr, wd, clip, b1, b2, eps] = self.f64s("hparams")[..] else {
            panic!("hparams must hold lr, wd, clip, b1, b2, eps");
        };
        OptimizerConfig {
            rule: Rule::Adam(Adam { b1, b2, eps }),
            lr,
            wd,
            decay: Some(DecayConvention::BigVision),
            clip_norm: Some(clip),
            params: ParamRules::default(),
        }
    }
}

/// One train step in f64 on `batch` pairs. Arguments: params, mu, nu (each in sorted path
/// order), count (i32), sched, images, tokens. Results: loss, gradients (sorted), gradient norm,
/// new params, new mu, new nu, new count.
fn step_program(
    cfg: &TwoTowerConfig,
    opt: &OptimizerConfig,
    specs: &[ParamSpec],
    batch: i64,
) -> Module {
    let g = Graph::new();
    let tree = |prefix: &str| -> BTreeMap<String, Tensor> {
        specs
            .iter()
            .map(|s| {
                let name = format!("{prefix}/{}", s.path);
                (s.path.clone(), g.parameter(&name, DType::F64, &s.shape))
            })
            .collect()
    };
    let params = tree("params");
    let slots: BTreeMap<String, BTreeMap<String, Tensor>> = ["mu", "nu"]
        .into_iter()
        .map(|slot| (slot.to_string(), tree(slot)))
        .collect();
    let count = g.parameter("count", DType::I32, &[]);
    let sched = g.parameter("sched", DType::F64, &[]);
    let size = cfg.image.image_size as i64;
    let images = g.parameter("images", DType::F64, &[batch, size, size, 3]);
    let tokens = g.parameter("tokens", DType::I32, &[batch, cfg.text.max_len as i64]);

    let emb = two_towers::forward(cfg, &Params::from_tensors(params.clone()), &images, &tokens)
        .expect("forward builds");
    let share = loss::loss(
        LossKind::Sigmoid,
        &emb.image,
        &emb.text,
        &emb.t_prime,
        &emb.bias,
    );
    let wrt: Vec<&Tensor> = params.values().collect();
    let grads: BTreeMap<String, Tensor> = params.keys().cloned().zip(grad(&share, &wrt)).collect();
    let optimizer = Optimizer::new(opt, specs.iter().map(|s| s.path.as_str())).expect("optimizer");
    let update = optimizer
        .update(&params, &grads, &OptState { slots, count }, &sched)
        .expect("update builds");

    let mut results = vec![&share];
    results.extend(grads.values());
    results.push(&update.grad_norm);
    results.extend(update.params.values());
    for slot in update.state.slots.values() {
        results.extend(slot.values());
    }
    results.push(&update.state.count);
    g.build(&results).expect("step graph builds")
}

/// Largest |a − b| over a tensor divided by the largest |b|.
fn rel_to_max(got: &[f64], want: &[f64]) -> f64 {
    let scale = want.iter().fold(0.0f64, |m, v| m.max(v.abs()));
    max_abs_diff(got, want) / scale
}

fn max_abs_diff(a: &[f64], b: &[f64]) -> f64 {
    assert_eq!(a.len(), b.len());
    a.iter()
        .zip(b)
        .fold(0.0f64, |m, (x, y)| m.max((x - y).abs()))
}

fn max_abs(v: &[f64]) -> f64 {
    v.iter().fold(0.0f64, |m, x| m.max(x.abs()))
}

/// What three steps of the compiled program gave.
struct Run {
    /// Loss and gradient norm before each step's update.
    losses: Vec<f64>,
    grad_norms: Vec<f64>,
    /// Gradients at the initial parameters, in sorted path order.
    first_grads: Vec<Vec<f64>>,
    /// Parameters after the three steps, in sorted path order.
    params: Vec<HostTensor>,
}

/// Runs the fixture's three batches through one compiled step, feeding back its own
/// parameters, optimizer state and count.
fn train_three_steps(
    cfg: &TwoTowerConfig,
    opt: &OptimizerConfig,
    fx: &Fixture,
    specs: &[ParamSpec],
) -> Run {
    let batch = fx.tensor("images/0").shape[0];
    let program =
        Program::compile(client(), step_program(cfg, opt, specs, batch)).expect("compile");
    let n = specs.len();
    let sched = fx.f64s("sched");
    assert_eq!(sched.len(), STEPS);

    let mut params: Vec<HostTensor> = fx.tree("params").into_values().collect();
    let zeros: Vec<HostTensor> = specs
        .iter()
        .map(|s| HostTensor::zeros(DType::F64, &s.shape))
        .collect();
    // Adam's two slots, `mu` then `nu` (the order `step_program` lists them in).
    let mut slots: Vec<Vec<HostTensor>> = vec![zeros.clone(), zeros];
    let mut count = HostTensor::scalar(0i32);
    let mut run = Run {
        losses: vec![],
        grad_norms: vec![],
        first_grads: vec![],
        params: vec![],
    };
    for (step, &multiplier) in sched.iter().enumerate() {
        let mut args = params;
        slots.iter().for_each(|s| args.extend(s.iter().cloned()));
        args.push(count);
        args.push(f64s(&[], &[multiplier]));
        args.push(fx.tensor(&format!("images/{step}")).clone());
        args.push(fx.tensor(&format!("tokens/{step}")).clone());
        let mut out = program
            .run_host(client(), &[args])
            .expect("run")
            .remove(0)
            .into_iter();
        run.losses.push(out.next().unwrap().to_f64_lossy()[0]);
        let grads: Vec<Vec<f64>> = out.by_ref().take(n).map(|t| t.to_f64_lossy()).collect();
        if step == 0 {
            run.first_grads = grads;
        }
        run.grad_norms.push(out.next().unwrap().to_f64_lossy()[0]);
        params = out.by_ref().take(n).collect();
        slots = (0..slots.len())
            .map(|_| out.by_ref().take(n).collect())
            .collect();
        count = out.next().unwrap();
        assert!(out.next().is_none(), "unexpected extra results");
    }
    assert_eq!(count.to_vec::<i32>().unwrap(), [STEPS as i32]);
    run.params = params;
    run
}

/// Loss and gradient norm of every step.
fn check_step_metrics(fx: &Fixture, run: &Run) {
    for step in 0..STEPS {
        let (loss, grad_norm) = (run.losses[step], run.grad_norms[step]);
        let want_loss = fx.scalar(&format!("loss/{step}"));
        let want_norm = fx.scalar(&format!("grad_norm/{step}"));
        let loss_err = (loss - want_loss).abs() / want_loss.abs();
        let norm_err = (grad_norm - want_norm).abs() / want_norm;
        println!(
            "step {step}: loss {loss:.15} (rel err {loss_err:.1e}), \
             grad norm {grad_norm:.12} (rel err {norm_err:.1e})"
        );
        assert!(
            loss_err <= REL_TOL,
            "step {step}: loss {loss} vs JAX {want_loss}"
        );
        assert!(
            norm_err <= REL_TOL,
            "step {step}: gradient norm {grad_norm} vs JAX {want_norm}"
        );
    }
}

/// Every gradient at the initial parameters; returns the largest |gradient| of the model.
fn check_gradients(fx: &Fixture, specs: &[ParamSpec], got: &[Vec<f64>]) -> f64 {
    let want_grads = fx.tree("grads");
    let largest = want_grads
        .values()
        .fold(0.0f64, |m, t| m.max(max_abs(&t.to_f64_lossy())));
    let mut worst = 0.0f64;
    for (spec, got) in specs.iter().zip(got) {
        let want = want_grads[&spec.path].to_f64_lossy();
        if zero_gradient(&spec.path) {
            let floor = ZERO_GRAD_FLOOR * largest;
            let (ours, jax) = (max_abs(got), max_abs(&want));
            println!(
                "zero gradient of {}: |ours| {:.1e}, |JAX| {:.1e} (× largest gradient)",
                spec.path,
                ours / largest,
                jax / largest
            );
            assert!(
                ours <= floor && jax <= floor,
                "gradient of {}: |ours| {ours:e}, |JAX| {jax:e} > {floor:e}",
                spec.path
            );
            continue;
        }
        let err = rel_to_max(got, &want);
        worst = worst.max(err);
        assert!(
            err <= REL_TOL,
            "gradient of {}: relative error {err:e}",
            spec.path
        );
    }
    println!("gradients: worst relative error {worst:.1e}");
    largest
}

/// Parameters after three steps, and what the steps changed. A parameter without gradient
/// moves only by Adam's answer to round-off, at most lr·Σsched·|g|/ε per element (|g| below
/// `ZERO_GRAD_FLOOR · largest_grad`, ε the Adam epsilon): both implementations must stay
/// within that.
fn check_params_after(
    fx: &Fixture,
    opt: &OptimizerConfig,
    specs: &[ParamSpec],
    got: &[HostTensor],
    largest_grad: f64,
) {
    let Rule::Adam(Adam { eps, .. }) = opt.rule else {
        panic!("the golden fixture uses Adam")
    };
    let sched_sum: f64 = fx.f64s("sched").iter().sum();
    let noise_step = opt.lr * sched_sum * ZERO_GRAD_FLOOR * largest_grad / eps;
    let initial = fx.tree("params");
    let want_after = fx.tree("after");
    let (mut worst, mut worst_change) = (0.0f64, 0.0f64);
    for (spec, got) in specs.iter().zip(got) {
        let before = initial[&spec.path].to_f64_lossy();
        let got = got.to_f64_lossy();
        let want = want_after[&spec.path].to_f64_lossy();
        let change =
            |after: &[f64]| -> Vec<f64> { after.iter().zip(&before).map(|(a, b)| a - b).collect() };
        if zero_gradient(&spec.path) {
            let (ours, jax) = (max_abs(&change(&got)), max_abs(&change(&want)));
            assert!(
                ours <= noise_step && jax <= noise_step,
                "{} moved by {ours:e} (JAX {jax:e}) > {noise_step:e}",
                spec.path
            );
            continue;
        }
        let err = rel_to_max(&got, &want);
        let change_err = rel_to_max(&change(&got), &change(&want));
        worst = worst.max(err);
        worst_change = worst_change.max(change_err);
        assert!(
            err <= REL_TOL,
            "{} after {STEPS} steps: relative error {err:e}",
            spec.path
        );
        assert!(
            change_err <= REL_TOL,
            "{}: change over {STEPS} steps, relative error {change_err:e}",
            spec.path
        );
    }
    println!(
        "after {STEPS} steps: worst relative error {worst:.1e}, of the change {worst_change:.1e}"
    );
}

#[test]
fn tiny_two_tower_matches_jax_loss_gradients_and_three_adam_steps() {
    let cfg = siglip::reference_programs::tiny_model_config().unwrap();
    let fx = Fixture::load();
    let mut specs = cfg.param_specs().unwrap();
    specs.sort_by(|a, b| a.path.cmp(&b.path));

    // The flax model's parameter paths and shapes are the Rust model's.
    let initial = fx.tree("params");
    let ours: Vec<(&str, &[i64])> = specs
        .iter()
        .map(|s| (s.path.as_str(), &s.shape[..]))
        .collect();
    let theirs: Vec<(&str, &[i64])> = initial
        .iter()
        .map(|(p, t)| (p.as_str(), &t.shape[..]))
        .collect();
    assert_eq!(ours, theirs, "parameter paths and shapes");

    let opt = fx.optimizer();
    let run = train_three_steps(&cfg, &opt, &fx, &specs);
    check_step_metrics(&fx, &run);
    let largest_grad = check_gradients(&fx, &specs, &run.first_grads);
    check_params_after(&fx, &opt, &specs, &run.params, largest_grad);
}
