//! Whole-model golden test (in the manner of llm.c's `test_gpt2.c`): the train step that
//! `siglip train` runs (`siglip::train::step` driven by a `Trainer`: named signature, donated
//! state, frozen parameters lent, gradients summed over replicas), built in f64, against an
//! independent JAX/flax + optax implementation in f64 of the tiny model of
//! `siglip::reference_programs::tiny_model_config()` (`tests/fixtures/golden/two_tower.safetensors`,
//! written by `tools/make_golden_fixture.py`). The optimizer is clip → Adam → big_vision decay on
//! kernels; three steps on three fresh batches of 8 pairs. Run on 1 device and on the ring of 4,
//! with every parameter trained and with the image tower frozen as SigLiT freezes it (the tower
//! in the step, or its cached image embeddings fed instead). Checked: the loss and gradient norm
//! of every step, every trainable parameter's gradient at the start, every parameter after the
//! three steps (frozen ones bit for bit) and what the steps changed.
//!
//! The gradients are read back from Adam's state after the first step: from zero state,
//! `mu = (1 − b1)·c·g` with the clip factor `c = clip / max(‖g‖, clip)`, undone with the step's
//! own reported norm.

mod common;
use std::collections::BTreeMap;
use std::path::Path;

use common::*;
use siglip::loss::LossKind;
use siglip::model::{ParamTree, TwoTowerConfig};
use siglip::optim::adam::Adam;
use siglip::optim::{DecayConvention, OptimizerConfig, ParamRules, Rule};
use siglip::program::NamedValues;
use siglip::safetensors_io;
use siglip::tensor::{DType, HostTensor};
use siglip::train::siglit::freeze_image_tower;
use siglip::train::step::{IMAGES, IMAGE_EMBEDDINGS, TOKENS};
use siglip::train::{ImageInput, StepSpec, Trainer};

const STEPS: usize = 3;

/// Relative bound for every compared tensor: max |ours − JAX| over the tensor, divided by the
/// tensor's largest |value|. Observed over the four cases: loss ≤ 1.3e-15, gradient norms
/// ≤ 9.3e-15, gradients ≤ 5.0e-15, parameters after three steps ≤ 3.0e-14.
const REL_TOL: f64 = 1e-12;

/// The same bound for what the three steps changed. Adam moves every entry by about lr
/// whatever its gradient's size (`m̂ / (sqrt(ν̂) + ε)`), so an entry whose gradient is small
/// next to its tensor's largest carries its gradient's round-off into the change enlarged by
/// that ratio. Observed ≤ 1.0e-12 (4.8e-13 for the 1-device step).
const CHANGE_TOL: f64 = 1e-11;

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

    /// The optimizer of the trajectory whose keys start with `prefix` (every parameter trained).
    fn optimizer(&self, prefix: &str) -> OptimizerConfig {
        let [lr, wd, clip, b1, b2, eps] = self.f64s(&format!("{prefix}hparams"))[..] else {
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

/// How the step is run, and which of the fixture's trajectories it must follow.
#[derive(Clone, Copy)]
struct Case {
    replicas: usize,
    frozen_image_tower: bool,
    image_input: ImageInput,
}

impl Case {
    /// The fixture's keys of this case's trajectory start with this.
    fn prefix(self) -> &'static str {
        if self.frozen_image_tower {
            "frozen/"
        } else {
            ""
        }
    }

    fn spec(self, model: &TwoTowerConfig, fx: &Fixture, batch: i64) -> StepSpec {
        let mut optimizer = fx.optimizer(self.prefix());
        if self.frozen_image_tower {
            optimizer = freeze_image_tower(&optimizer, model).unwrap();
        }
        StepSpec {
            model: model.clone(),
            loss: if self.replicas == 1 {
                LossKind::Sigmoid
            } else {
                LossKind::SigmoidRing
            },
            optimizer,
            replicas: self.replicas,
            local_batch: batch / self.replicas as i64,
            dtype: DType::F64,
            compute_dtype: DType::F64,
            remat: false,
        }
    }

    /// Step `step`'s batch, one shard per replica, by input name.
    fn shards(self, fx: &Fixture, step: usize) -> Vec<NamedValues<HostTensor>> {
        let (name, key) = match self.image_input {
            ImageInput::Pixels => (IMAGES, format!("images/{step}")),
            ImageInput::Embeddings => (IMAGE_EMBEDDINGS, format!("frozen/image_embeddings/{step}")),
        };
        let images = fx.tensor(&key).split_rows(self.replicas).unwrap();
        let tokens = fx
            .tensor(&format!("tokens/{step}"))
            .split_rows(self.replicas)
            .unwrap();
        images
            .into_iter()
            .zip(tokens)
            .map(|(image_side, tokens)| {
                let mut shard = NamedValues::new();
                shard.insert(name, image_side).unwrap();
                shard.insert(TOKENS, tokens).unwrap();
                shard
            })
            .collect()
    }
}

/// What three steps of the shipped step gave.
struct Run {
    /// Loss and gradient norm before each step's update.
    losses: Vec<f64>,
    grad_norms: Vec<f64>,
    /// Every trainable parameter's gradient at the initial parameters.
    first_grads: BTreeMap<String, Vec<f64>>,
    /// Every parameter (trainable or frozen) after the three steps.
    params: ParamTree,
}

/// Runs the fixture's three batches through a [`Trainer`] of `spec`, which keeps parameters and
/// optimizer state on the devices between steps.
fn train_three_steps(case: Case, spec: &StepSpec, fx: &Fixture) -> Run {
    let Rule::Adam(Adam { b1, .. }) = spec.optimizer.rule else {
        panic!("the golden fixture uses Adam")
    };
    let clip = spec.optimizer.clip_norm.unwrap();
    let sched = fx.f64s("sched");
    assert_eq!(sched.len(), STEPS);
    let initial: ParamTree = fx.tree("params").into_iter().collect();
    let mut trainer = Trainer::new_with(client(), spec, case.image_input, &initial).unwrap();
    let mut run = Run {
        losses: vec![],
        grad_norms: vec![],
        first_grads: BTreeMap::new(),
        params: ParamTree::new(),
    };
    for (step, &multiplier) in sched.iter().enumerate() {
        let metrics = trainer.step_on(multiplier, case.shards(fx, step)).unwrap();
        run.losses.push(metrics.loss);
        run.grad_norms.push(metrics.grad_norm);
        if step == 0 {
            let state = trainer.state_host().unwrap();
            let unclip = metrics.grad_norm.max(clip) / clip / (1.0 - b1);
            run.first_grads = state
                .tree("opt/mu")
                .into_iter()
                .map(|(path, mu)| {
                    let g = mu.to_f64_lossy().iter().map(|m| m * unclip).collect();
                    (path.to_string(), g)
                })
                .collect();
        }
    }
    let state = trainer.state_host().unwrap();
    assert_eq!(
        state.get("opt/count").unwrap().to_vec::<i32>().unwrap(),
        [STEPS as i32]
    );
    run.params = trainer.params().unwrap();
    run
}

/// Largest |a − b| over a tensor divided by the largest |b|.
fn rel_to_max(got: &[f64], want: &[f64]) -> f64 {
    max_abs_diff(got, want) / max_abs(want)
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

/// Loss and gradient norm of every step.
fn check_step_metrics(fx: &Fixture, prefix: &str, run: &Run) {
    for step in 0..STEPS {
        let (loss, grad_norm) = (run.losses[step], run.grad_norms[step]);
        let want_loss = fx.scalar(&format!("{prefix}loss/{step}"));
        let want_norm = fx.scalar(&format!("{prefix}grad_norm/{step}"));
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

/// Every trainable parameter's gradient at the initial parameters (the step trains exactly the
/// parameters JAX differentiated); returns the largest |gradient| of the model.
fn check_gradients(fx: &Fixture, prefix: &str, got: &BTreeMap<String, Vec<f64>>) -> f64 {
    let want_grads = fx.tree(&format!("{prefix}grads"));
    assert_eq!(
        got.keys().collect::<Vec<_>>(),
        want_grads.keys().collect::<Vec<_>>(),
        "trained parameters"
    );
    let largest = want_grads
        .values()
        .fold(0.0f64, |m, t| m.max(max_abs(&t.to_f64_lossy())));
    let mut worst = 0.0f64;
    for (path, got) in got {
        let want = want_grads[path].to_f64_lossy();
        if zero_gradient(path) {
            let floor = ZERO_GRAD_FLOOR * largest;
            let (ours, jax) = (max_abs(got), max_abs(&want));
            println!(
                "zero gradient of {path}: |ours| {:.1e}, |JAX| {:.1e} (× largest gradient)",
                ours / largest,
                jax / largest
            );
            assert!(
                ours <= floor && jax <= floor,
                "gradient of {path}: |ours| {ours:e}, |JAX| {jax:e} > {floor:e}"
            );
            continue;
        }
        let err = rel_to_max(got, &want);
        worst = worst.max(err);
        assert!(err <= REL_TOL, "gradient of {path}: relative error {err:e}");
    }
    println!("gradients: worst relative error {worst:.1e}");
    largest
}

/// Parameters after three steps, and what the steps changed; frozen parameters exactly as they
/// were. A parameter without gradient moves only by Adam's answer to round-off, at most
/// lr·Σsched·|g|/ε per element (|g| below `ZERO_GRAD_FLOOR · largest_grad`, ε the Adam
/// epsilon): both implementations must stay within that.
fn check_params_after(
    fx: &Fixture,
    prefix: &str,
    opt: &OptimizerConfig,
    got: &ParamTree,
    largest_grad: f64,
) {
    let Rule::Adam(Adam { eps, .. }) = opt.rule else {
        panic!("the golden fixture uses Adam")
    };
    let sched_sum: f64 = fx.f64s("sched").iter().sum();
    let noise_step = opt.lr * sched_sum * ZERO_GRAD_FLOOR * largest_grad / eps;
    let initial = fx.tree("params");
    let want_after = fx.tree(&format!("{prefix}after"));
    assert_eq!(
        got.keys().collect::<Vec<_>>(),
        initial.keys().collect::<Vec<_>>(),
        "parameters after the steps"
    );
    let (mut worst, mut worst_change) = (0.0f64, 0.0f64);
    for (path, got) in got {
        let before = initial[path].to_f64_lossy();
        let got = got.to_f64_lossy();
        let Some(want) = want_after.get(path) else {
            assert_eq!(got, before, "{path} is frozen but moved");
            continue;
        };
        let want = want.to_f64_lossy();
        let change =
            |after: &[f64]| -> Vec<f64> { after.iter().zip(&before).map(|(a, b)| a - b).collect() };
        if zero_gradient(path) {
            let (ours, jax) = (max_abs(&change(&got)), max_abs(&change(&want)));
            assert!(
                ours <= noise_step && jax <= noise_step,
                "{path} moved by {ours:e} (JAX {jax:e}) > {noise_step:e}"
            );
            continue;
        }
        let err = rel_to_max(&got, &want);
        let change_err = rel_to_max(&change(&got), &change(&want));
        worst = worst.max(err);
        worst_change = worst_change.max(change_err);
        assert!(
            err <= REL_TOL,
            "{path} after {STEPS} steps: relative error {err:e}"
        );
        assert!(
            change_err <= CHANGE_TOL,
            "{path}: change over {STEPS} steps, relative error {change_err:e}"
        );
    }
    println!(
        "after {STEPS} steps: worst relative error {worst:.1e}, of the change {worst_change:.1e}"
    );
}

fn matches_jax(case: Case) {
    let cfg = siglip::reference_programs::tiny_model_config().unwrap();
    let fx = Fixture::load();
    let batch = fx.tensor("tokens/0").shape[0];
    let spec = case.spec(&cfg, &fx, batch);
    let run = train_three_steps(case, &spec, &fx);
    check_step_metrics(&fx, case.prefix(), &run);
    let largest_grad = check_gradients(&fx, case.prefix(), &run.first_grads);
    check_params_after(
        &fx,
        case.prefix(),
        &spec.optimizer,
        &run.params,
        largest_grad,
    );
}

/// The flax model's parameter paths and shapes are the Rust model's.
#[test]
fn fixture_parameters_are_the_models() {
    let cfg = siglip::reference_programs::tiny_model_config().unwrap();
    let mut ours: Vec<(String, Vec<i64>)> = cfg
        .param_specs()
        .unwrap()
        .into_iter()
        .map(|s| (s.path, s.shape))
        .collect();
    ours.sort();
    let theirs: Vec<(String, Vec<i64>)> = Fixture::load()
        .tree("params")
        .into_iter()
        .map(|(p, t)| (p, t.shape))
        .collect();
    assert_eq!(ours, theirs, "parameter paths and shapes");
}

#[test]
fn one_device_matches_jax() {
    matches_jax(Case {
        replicas: 1,
        frozen_image_tower: false,
        image_input: ImageInput::Pixels,
    });
}

#[test]
fn ring_on_four_devices_matches_jax() {
    matches_jax(Case {
        replicas: DEVICES,
        frozen_image_tower: false,
        image_input: ImageInput::Pixels,
    });
}

#[test]
fn frozen_image_tower_in_the_step_matches_jax() {
    matches_jax(Case {
        replicas: 1,
        frozen_image_tower: true,
        image_input: ImageInput::Pixels,
    });
}

#[test]
fn frozen_image_tower_on_cached_embeddings_on_four_devices_matches_jax() {
    matches_jax(Case {
        replicas: DEVICES,
        frozen_image_tower: true,
        image_input: ImageInput::Embeddings,
    });
}
