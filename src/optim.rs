//! Optimizer updates built into the train-step graph: global-norm gradient clipping, then Adam
//! or LION, with weight decay in big_vision's convention: `p ← p − sched·(lr·u + wd·p)`
//! (decay *not* multiplied by the learning rate), applied to kernels only. `sched` is a scalar
//! program input (the host evaluates the schedule), so a schedule never forces a recompile.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::graph::Tensor;

/// Which update rule, with its moment decay rates.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "name", deny_unknown_fields)]
pub enum Rule {
    /// optax `scale_by_adam`: bias-corrected first and second moments.
    Adam {
        #[serde(default = "default_b1")]
        b1: f64,
        #[serde(default = "default_adam_b2")]
        b2: f64,
        #[serde(default = "default_eps")]
        eps: f64,
    },
    /// optax `scale_by_lion`: `u = sign(b1·m + (1−b1)·g)`, then `m ← b2·m + (1−b2)·g`.
    Lion {
        #[serde(default = "default_b1")]
        b1: f64,
        #[serde(default = "default_lion_b2")]
        b2: f64,
    },
}

fn default_b1() -> f64 {
    0.9
}
fn default_adam_b2() -> f64 {
    0.999
}
fn default_lion_b2() -> f64 {
    0.99
}
fn default_eps() -> f64 {
    1e-8
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OptimizerConfig {
    pub rule: Rule,
    pub lr: f64,
    /// Decay per step (at `sched = 1`) of the parameters `decays` selects; not scaled by `lr`.
    #[serde(default)]
    pub wd: f64,
    /// Gradients are scaled so that their global L2 norm is at most this.
    #[serde(default)]
    pub clip_norm: Option<f64>,
}

impl OptimizerConfig {
    /// The benchmark optimizer of BENCH.md: clip 1.0, Adam(0.9, 0.95, 1e-8), lr 1e-3, wd 1e-4.
    pub fn bench() -> Self {
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

    /// Names of the per-parameter state slots (`mu`, `nu` for Adam; `mu` for LION).
    pub fn slots(&self) -> &'static [&'static str] {
        match self.rule {
            Rule::Adam { .. } => &["mu", "nu"],
            Rule::Lion { .. } => &["mu"],
        }
    }
}

/// big_vision decays kernels only (not biases, LayerNorm, embeddings, probes, t or b).
pub fn decays(path: &str) -> bool {
    path.ends_with("/kernel")
}

/// Optimizer state as graph values: `slots[slot][path]` (shape and dtype of the parameter) and
/// the step `count` (i32 scalar, number of updates already applied).
pub struct OptState {
    pub slots: Vec<BTreeMap<String, Tensor>>,
    pub count: Tensor,
}

/// Result of one update.
pub struct Update {
    pub params: BTreeMap<String, Tensor>,
    pub state: OptState,
    /// Global L2 norm of the gradients before clipping.
    pub grad_norm: Tensor,
}

/// `sqrt(Σ_p Σ g_p²)` over every gradient.
#[track_caller]
pub fn global_norm(grads: &BTreeMap<String, Tensor>) -> Tensor {
    let mut squares = grads.values().map(|g| (g * g).sum_all());
    let first = squares.next().expect("at least one gradient");
    squares.fold(first, |acc, s| acc + s).sqrt()
}

/// One optimizer step on `params` with `grads` (same keys), at schedule multiplier `sched`.
#[track_caller]
pub fn update(
    cfg: &OptimizerConfig,
    params: &BTreeMap<String, Tensor>,
    grads: &BTreeMap<String, Tensor>,
    state: &OptState,
    sched: &Tensor,
) -> Update {
    let grad_norm = global_norm(grads);
    let clip_scale = cfg.clip_norm.map(|c| {
        // optax clip_by_global_norm: g · c / max(‖g‖, c).
        let c = grad_norm.scalar_like(c);
        &c / &grad_norm.maximum(&c)
    });
    let count = &state.count + &state.count.scalar_like(1.0);
    let step = count.convert(grad_norm.dtype());
    let mut new_params = BTreeMap::new();
    let mut new_slots: Vec<BTreeMap<String, Tensor>> = vec![BTreeMap::new(); cfg.slots().len()];
    for (path, p) in params {
        let mut g = grads[path].clone();
        if let Some(s) = &clip_scale {
            g = g * s;
        }
        let mu = &state.slots[0][path];
        let u = match cfg.rule {
            Rule::Adam { b1, b2, eps } => {
                let nu = &state.slots[1][path];
                let mu_new = mu * b1 + &g * (1.0 - b1);
                let nu_new = nu * b2 + &g * &g * (1.0 - b2);
                let mu_hat = &mu_new / &(step.scalar_like(1.0) - step.scalar_like(b1).pow(&step));
                let nu_hat = &nu_new / &(step.scalar_like(1.0) - step.scalar_like(b2).pow(&step));
                new_slots[0].insert(path.clone(), mu_new);
                new_slots[1].insert(path.clone(), nu_new);
                mu_hat / (nu_hat.sqrt() + eps)
            }
            Rule::Lion { b1, b2 } => {
                let direction = (mu * b1 + &g * (1.0 - b1)).sign();
                new_slots[0].insert(path.clone(), mu * b2 + &g * (1.0 - b2));
                direction
            }
        };
        let mut delta = u * cfg.lr;
        if cfg.wd != 0.0 && decays(path) {
            delta = delta + p * cfg.wd;
        }
        new_params.insert(path.clone(), p - &(delta * sched));
    }
    Update {
        params: new_params,
        state: OptState {
            slots: new_slots,
            count,
        },
        grad_norm,
    }
}
