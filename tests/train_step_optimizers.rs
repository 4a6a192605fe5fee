//! One train step on 4 devices with the ring loss equals one step on 1 device with the
//! concatenated batch, for AdamW, Adafactor and LION, each with gradient clipping (active),
//! weight decay and a learning-rate multiplier on the tiny model, both in f64 so that they
//! differ by round-off only: every parameter's gradient within 1e-13 of its largest entry and
//! every updated parameter within 1e-10 of its learning rate.
//!
//! The gradients are read back from the optimizer state after the first step, where each rule's
//! state is an exact, invertible function of the clipped gradient `c·g` (state starts at 0):
//! AdamW `mu = (1−b1)·c·g`; LION `mu = (1−b2)·c·g`; Adafactor `ema = (1−m)·u` with
//! `u = c·g·v^−½` (unfactored, `v = (c·g)² + eps`) or `u = c·g·(v_row/mean(v_row))^−½·v_col^−½`
//! (factored). The clip factor `c = clip/‖g‖` is undone with each program's own reported norm.

mod common;
use common::*;
use rand::Rng;
use siglip::bench::random_batches;
use siglip::loss::LossKind;
use siglip::model::{init_params, ParamTree};
use siglip::optim::adafactor::Adafactor;
use siglip::optim::adam::Adam;
use siglip::optim::lion::Lion;
use siglip::optim::{DecayConvention, OptimizerConfig, ParamRules, Rule};
use siglip::program::NamedValues;
use siglip::tensor::{DType, HostTensor};
use siglip::train::{StepSpec, Trainer};

/// Pairs in the global batch (2 per device on the ring).
const BATCH: i64 = 8;
/// The gradient norm is far above this, so clipping scales every gradient.
const CLIP: f64 = 0.05;
/// Gradients agree to this fraction of each parameter's largest entry (observed 1.4e-15: the
/// ring sums the loss and the gradients in another order).
const GRAD_TOL: f64 = 1e-13;
/// Updated parameters agree to this fraction of the parameter's learning rate (observed
/// 4.3e-13: each rule's first step is about g/|g| per entry, which enlarges the round-off of
/// an entry whose gradient is small next to its tensor's largest).
const PARAM_TOL: f64 = 1e-10;

fn rules() -> ParamRules {
    ParamRules {
        lr_mults: vec![("txt/.*".to_string(), 0.5)],
        ..ParamRules::default()
    }
}

fn adamw() -> OptimizerConfig {
    // optax.adamw's defaults; decay scaled by the learning rate as optax applies it.
    OptimizerConfig {
        rule: Rule::Adam(Adam {
            b1: 0.9,
            b2: 0.999,
            eps: 1e-8,
        }),
        lr: 1e-3,
        wd: 1e-4,
        decay: Some(DecayConvention::LrScaled),
        clip_norm: Some(CLIP),
        params: rules(),
    }
}

fn adafactor() -> OptimizerConfig {
    OptimizerConfig {
        // big_vision's defaults except the factoring threshold: the tiny model is 16 wide, so
        // at 32 no parameter would take the factored path.
        rule: Rule::Adafactor(Adafactor {
            min_dim_size_to_factor: 16,
            ..Adafactor::default()
        }),
        lr: 1e-3,
        wd: 1e-4,
        decay: Some(DecayConvention::BigVision),
        clip_norm: Some(CLIP),
        params: rules(),
    }
}

fn lion() -> OptimizerConfig {
    // The paper's SigLiT settings.
    OptimizerConfig {
        rule: Rule::Lion(Lion { b1: 0.9, b2: 0.99 }),
        lr: 1e-4,
        wd: 1e-7,
        decay: Some(DecayConvention::BigVision),
        clip_norm: Some(CLIP),
        params: rules(),
    }
}

fn spec(optimizer: &OptimizerConfig, loss: LossKind, replicas: usize) -> StepSpec {
    StepSpec {
        model: siglip::reference_programs::tiny_model_config().unwrap(),
        loss,
        optimizer: optimizer.clone(),
        replicas,
        local_batch: BATCH / replicas as i64,
        dtype: DType::F64,
        compute_dtype: DType::F64,
        remat: false,
    }
}

/// The model's initial parameters plus uniform noise, so that no parameter is zero or one
/// everywhere (zero-initialised heads and biases would hide a missing gradient).
fn random_params() -> ParamTree {
    let cfg = siglip::reference_programs::tiny_model_config().unwrap();
    let mut r = rng(7);
    init_params(&cfg.param_specs().unwrap(), 1)
        .into_iter()
        .map(|(path, t)| {
            let v: Vec<f32> = t
                .to_vec::<f32>()
                .unwrap()
                .into_iter()
                .map(|x| x + r.gen_range(-0.1f32..0.1))
                .collect();
            (path, HostTensor::from_slice(&t.shape, &v).unwrap())
        })
        .collect()
}

/// After one step from zero state with every parameter trainable: each parameter's (unclipped) gradient, inverted
/// from the optimizer state as the module header describes.
fn gradients_from_state(
    config: &OptimizerConfig,
    state: &NamedValues<HostTensor>,
    grad_norm: f64,
) -> ParamTree64 {
    let clip = config.clip_norm.unwrap();
    let unclip = grad_norm.max(clip) / clip;
    let slot = |name: &str, path: &str| -> Vec<f64> {
        state
            .get(&format!("opt/{name}/{path}"))
            .unwrap_or_else(|| panic!("no opt/{name}/{path}"))
            .to_f64_lossy()
    };
    state
        .tree("params")
        .into_iter()
        .map(|(path, p)| {
            let clipped: Vec<f64> = match config.rule {
                Rule::Adam(Adam { b1, .. }) => scale(&slot("mu", path), 1.0 / (1.0 - b1)),
                Rule::Lion(Lion { b2, .. }) => scale(&slot("mu", path), 1.0 / (1.0 - b2)),
                Rule::Adafactor(a) => {
                    let u = scale(&slot("ema", path), 1.0 / (1.0 - a.momentum.unwrap()));
                    match a.factored_dims(&p.shape) {
                        None => u
                            .iter()
                            .zip(slot("v", path))
                            .map(|(u, v)| u * v.sqrt())
                            .collect(),
                        Some((d1, d0)) => {
                            assert_eq!(p.shape.len(), 2, "{path}: factored inverse is 2-D only");
                            let (v_row, v_col) = (slot("v_row", path), slot("v_col", path));
                            let row_mean = v_row.iter().sum::<f64>() / v_row.len() as f64;
                            let cols = p.shape[1] as usize;
                            u.iter()
                                .enumerate()
                                .map(|(k, u)| {
                                    let index = [k / cols, k % cols];
                                    u * (v_row[index[d1]] / row_mean).sqrt()
                                        * v_col[index[d0]].sqrt()
                                })
                                .collect()
                        }
                    }
                }
                Rule::Sgd(_) => unreachable!("not compared here"),
            };
            (path.to_string(), scale(&clipped, unclip))
        })
        .collect()
}

type ParamTree64 = std::collections::BTreeMap<String, Vec<f64>>;

fn scale(v: &[f64], s: f64) -> Vec<f64> {
    v.iter().map(|x| x * s).collect()
}

fn max_abs(v: &[f64]) -> f64 {
    v.iter().fold(0.0, |m, x| m.max(x.abs()))
}

/// Runs one step of `config` on 1 device (batch of 8) and on 4 (ring loss, 2 each) from the
/// same random parameters and compares gradients and updated parameters.
fn ring_step_equals_single_step(config: OptimizerConfig) {
    let params = random_params();
    let cfg = siglip::reference_programs::tiny_model_config().unwrap();
    let batch = random_batches(&cfg, 1, BATCH, 11).remove(0);
    let mut single = Trainer::new(client(), &spec(&config, LossKind::Sigmoid, 1), &params).unwrap();
    let mut ring = Trainer::new(
        client(),
        &spec(&config, LossKind::SigmoidRing, DEVICES),
        &params,
    )
    .unwrap();
    let one = single.step(1.0, std::slice::from_ref(&batch)).unwrap();
    let four = ring.step(1.0, &batch.split(DEVICES).unwrap()).unwrap();
    println!(
        "loss {} vs {}, gradient norm {} vs {}",
        four.loss, one.loss, four.grad_norm, one.grad_norm
    );
    assert_close(&[four.loss], &[one.loss], 1e-13, "loss");
    assert_close(&[four.grad_norm], &[one.grad_norm], 1e-13, "gradient norm");
    assert!(
        one.grad_norm > 2.0 * CLIP,
        "clipping must be active: gradient norm {}",
        one.grad_norm
    );

    let (state_one, state_four) = (single.state_host().unwrap(), ring.state_host().unwrap());
    let grads_one = gradients_from_state(&config, &state_one, one.grad_norm);
    let grads_four = gradients_from_state(&config, &state_four, four.grad_norm);
    assert_eq!(
        grads_one.len(),
        params.len(),
        "every parameter is trainable"
    );
    let largest = grads_one.values().map(|g| max_abs(g)).fold(0.0, f64::max);
    // Sanity of the inversion: the recovered gradients have the reported norm.
    let norm = grads_one
        .values()
        .flatten()
        .map(|g| g * g)
        .sum::<f64>()
        .sqrt();
    println!("norm of recovered gradients {norm} vs {}", one.grad_norm);
    assert_close(
        &[norm],
        &[one.grad_norm],
        1e-12,
        "norm of recovered gradients",
    );

    let settings = config
        .params
        .resolve(params.keys().map(String::as_str))
        .unwrap();
    let (after_one, after_four) = (single.params().unwrap(), ring.params().unwrap());
    let mut undetermined = 0;
    let (mut worst_grad, mut worst_param) = (0.0f64, 0.0f64);
    for (path, g_one) in &grads_one {
        let g_four = &grads_four[path];
        let lr = config.lr * settings[path].lr_mult;
        let (p0, p_one, p_four) = (
            params[path].to_f64_lossy(),
            after_one[path].to_f64_lossy(),
            after_four[path].to_f64_lossy(),
        );
        // The true gradient of an attention key bias is 0 (softmax ignores a shift shared by
        // all keys): both programs hold round-off only, so neither the relative comparison nor
        // the update (each rule's first step is sign-like, see below) means anything there.
        if path.ends_with("key/bias") {
            assert!(
                max_abs(g_one).max(max_abs(g_four)) <= 1e-14 * largest,
                "{path}: gradient should be round-off"
            );
            continue;
        }
        let scale = max_abs(g_one);
        assert!(scale > 1e-4 * largest, "{path}: no gradient");
        let g_err = max_abs(
            &g_one
                .iter()
                .zip(g_four)
                .map(|(a, b)| a - b)
                .collect::<Vec<_>>(),
        );
        worst_grad = worst_grad.max(g_err / scale);
        assert!(
            g_err <= GRAD_TOL * scale,
            "{path}: gradients differ by {g_err:e} (largest entry {scale:e})"
        );

        let moved = max_abs(
            &p_one
                .iter()
                .zip(&p0)
                .map(|(a, b)| a - b)
                .collect::<Vec<_>>(),
        );
        assert!(
            moved > 0.05 * lr,
            "{path}: moved only {moved:e} at lr {lr:e}"
        );
        for (i, (a, b)) in p_one.iter().zip(&p_four).enumerate() {
            // From zero state every rule's first update is about g/|g| per entry (Adam:
            // m̂/√v̂; LION: sign; Adafactor unfactored: g/√(g²+eps)), a full step of ±lr even
            // for an entry whose gradient is round-off. Where the two gradients have opposite
            // signs (so both are within the gradient tolerance of 0, checked above), the
            // updates may differ by 2·lr.
            if g_one[i].partial_cmp(&0.0) != g_four[i].partial_cmp(&0.0) {
                undetermined += 1;
                continue;
            }
            worst_param = worst_param.max((a - b).abs() / lr);
            assert!(
                (a - b).abs() <= PARAM_TOL * lr,
                "{path}[{i}]: updated values {a} (1 device) and {b} (ring) differ by more \
                 than {PARAM_TOL}·lr (gradients {} and {})",
                g_one[i],
                g_four[i]
            );
        }
    }
    println!(
        "gradients: worst difference {worst_grad:.1e} of the largest entry; parameters: \
         {worst_param:.1e}·lr; {undetermined} entries with gradients of opposite signs"
    );
    let total: usize = grads_one.values().map(Vec::len).sum();
    assert!(
        undetermined * 1000 <= total,
        "{undetermined} of {total} gradient entries disagree in sign"
    );
}

#[test]
fn adamw_ring_step_equals_single_step() {
    ring_step_equals_single_step(adamw());
}

#[test]
fn adafactor_ring_step_equals_single_step() {
    ring_step_equals_single_step(adafactor());
}

#[test]
fn lion_ring_step_equals_single_step() {
    ring_step_equals_single_step(lion());
}
