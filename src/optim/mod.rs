//! Optimizers as per-parameter transforms (optax's model) in one fixed chain, built into the
//! train-step graph; a rule ([`Rule`]) picks only the chain's transform. One step, as
//! big_vision's `optax.make` chains it:
//! global-norm clipping → the rule's transform ([`Transform`]: Adam, LION, Adafactor, SGD
//! momentum) → learning rate × per-parameter multiplier → weight decay in an explicit
//! convention → schedule. `sched` is a scalar program input (the host evaluates the schedule),
//! so a schedule never forces a recompile. State is a named tree: slot name → parameter path →
//! tensor (a slot's shape may differ from the parameter's, e.g. Adafactor's `v_row`), plus the
//! shared update `count`. Frozen parameters ([`rules`]) get no gradient, state, clipping or decay.

pub mod adafactor;
pub mod adam;
pub mod lion;
pub mod rules;
pub mod sgd;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::graph::Tensor;
pub use rules::{ParamRules, ParamSetting};

/// One parameter's state slots, by slot name.
pub type Slots = BTreeMap<&'static str, Tensor>;

/// A per-parameter gradient transformation with state (optax `GradientTransformation` acting
/// leaf by leaf).
pub trait Transform {
    /// The state slots kept for a parameter of `shape`, with their shapes (initialised to 0).
    fn slots(&self, shape: &[i64]) -> Vec<(&'static str, Vec<i64>)>;
    /// Maps one parameter's incoming update `u` to its outgoing update. `state` holds this
    /// parameter's slots: old values in, new values out. `count` (i32 scalar) is the number of
    /// updates applied before this one.
    fn apply(&self, u: Tensor, state: &mut Slots, count: &Tensor) -> Tensor;
}

/// Which update rule, with its hyper-parameters (`name:` selects it in YAML).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "name")]
pub enum Rule {
    Adam(adam::Adam),
    Lion(lion::Lion),
    Adafactor(adafactor::Adafactor),
    Sgd(sgd::Sgd),
}

impl Rule {
    pub fn transform(&self) -> &dyn Transform {
        match self {
            Rule::Adam(t) => t,
            Rule::Lion(t) => t,
            Rule::Adafactor(t) => t,
            Rule::Sgd(t) => t,
        }
    }
}

/// How weight decay enters the update (explicit: the two differ by a factor `lr`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DecayConvention {
    /// big_vision: `p ← p − sched·(lr·u + wd·p)`: decay is not scaled by the learning rate
    /// (the paper's "lr 1e-3, wd 1e-4" is in this convention).
    BigVision,
    /// PyTorch `AdamW` / optax `adamw`: `p ← p − lr·sched·(u + wd·p)`.
    LrScaled,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OptimizerConfig {
    pub rule: Rule,
    pub lr: f64,
    /// Weight decay at `sched = 1`, times each parameter's `wd_mults` multiplier.
    #[serde(default)]
    pub wd: f64,
    /// Required when `wd` is not 0.
    #[serde(default)]
    pub decay: Option<DecayConvention>,
    /// Gradients are scaled so that their global L2 norm is at most this.
    #[serde(default)]
    pub clip_norm: Option<f64>,
    #[serde(default)]
    pub params: ParamRules,
}

#[derive(Debug, Error, PartialEq)]
pub enum OptimError {
    #[error("`{pattern}` is not a valid regular expression: {message}")]
    Pattern { pattern: String, message: String },
    #[error("{what} pattern `{pattern}` matches no parameter")]
    UnusedPattern { what: &'static str, pattern: String },
    #[error("{what} multiplier {value} for `{pattern}` is out of range")]
    Multiplier {
        what: &'static str,
        pattern: String,
        value: f64,
    },
    #[error("wd is {0} but no decay convention is given (decay: big_vision or lr_scaled)")]
    NoDecayConvention(f64),
    #[error("{what} must be finite and positive, got {value}")]
    Value { what: &'static str, value: f64 },
    #[error("every parameter is frozen")]
    AllFrozen,
    #[error("no {what} for parameter `{path}`")]
    Missing { what: String, path: String },
}

impl OptimizerConfig {
    /// The benchmark optimizer of BENCH.md: clip 1.0, Adam(0.9, 0.95, 1e-8), lr 1e-3, wd 1e-4
    /// in big_vision's convention.
    pub fn bench() -> Self {
        OptimizerConfig {
            rule: Rule::Adam(adam::Adam {
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

    fn validate(&self) -> Result<(), OptimError> {
        let positive = |what, value: f64| {
            if value.is_finite() && value > 0.0 {
                Ok(())
            } else {
                Err(OptimError::Value { what, value })
            }
        };
        positive("lr", self.lr)?;
        if let Some(c) = self.clip_norm {
            positive("clip_norm", c)?;
        }
        if self.wd != 0.0 {
            positive("wd", self.wd)?;
            if self.decay.is_none() {
                return Err(OptimError::NoDecayConvention(self.wd));
            }
        }
        Ok(())
    }
}

/// Optimizer state as graph values: `slots[slot][path]` and the update `count` (i32 scalar,
/// number of updates already applied).
pub struct OptState {
    pub slots: BTreeMap<String, BTreeMap<String, Tensor>>,
    pub count: Tensor,
}

/// Result of one update.
pub struct Update {
    pub params: BTreeMap<String, Tensor>,
    pub state: OptState,
    /// Global L2 norm of the (trainable parameters') gradients before clipping.
    pub grad_norm: Tensor,
}

/// `sqrt(Σ_p Σ g_p²)` over every gradient; `None` for no gradients.
pub fn global_norm(grads: &BTreeMap<String, Tensor>) -> Option<Tensor> {
    let mut squares = grads.values().map(|g| (g * g).sum_all());
    let first = squares.next()?;
    Some(squares.fold(first, |acc, s| acc + s).sqrt())
}

/// An optimizer configuration resolved against a model's parameters.
#[derive(Clone, Debug)]
pub struct Optimizer {
    pub config: OptimizerConfig,
    settings: BTreeMap<String, ParamSetting>,
}

impl Optimizer {
    /// `paths`: every parameter of the model, trainable or not.
    pub fn new<'a>(
        config: &OptimizerConfig,
        paths: impl IntoIterator<Item = &'a str>,
    ) -> Result<Optimizer, OptimError> {
        config.validate()?;
        let settings = config.params.resolve(paths)?;
        if settings.values().all(|s| s.frozen) {
            return Err(OptimError::AllFrozen);
        }
        Ok(Optimizer {
            config: config.clone(),
            settings,
        })
    }

    pub fn is_frozen(&self, path: &str) -> bool {
        self.settings.get(path).is_some_and(|s| s.frozen)
    }

    /// The state slots of the trainable parameters among `shapes` (path → shape):
    /// slot name → path → shape. A slot holds only the parameters that have it.
    pub fn state_shapes(
        &self,
        shapes: &BTreeMap<String, Vec<i64>>,
    ) -> BTreeMap<String, BTreeMap<String, Vec<i64>>> {
        let mut slots: BTreeMap<String, BTreeMap<String, Vec<i64>>> = BTreeMap::new();
        for (path, shape) in shapes.iter().filter(|(p, _)| !self.is_frozen(p)) {
            for (slot, slot_shape) in self.config.rule.transform().slots(shape) {
                slots
                    .entry(slot.to_string())
                    .or_default()
                    .insert(path.clone(), slot_shape);
            }
        }
        slots
    }

    /// One step on the trainable `params` with their `grads` (same keys), at schedule
    /// multiplier `sched`.
    pub fn update(
        &self,
        params: &BTreeMap<String, Tensor>,
        grads: &BTreeMap<String, Tensor>,
        state: &OptState,
        sched: &Tensor,
    ) -> Result<Update, OptimError> {
        let cfg = &self.config;
        let missing = |what: &str, path: &str| OptimError::Missing {
            what: what.to_string(),
            path: path.to_string(),
        };
        let grad_norm = global_norm(grads).ok_or(OptimError::AllFrozen)?;
        let clip_scale = cfg.clip_norm.map(|c| {
            // optax clip_by_global_norm: g · c / max(‖g‖, c).
            let c = grad_norm.scalar_like(c);
            &c / &grad_norm.maximum(&c)
        });
        let transform = cfg.rule.transform();
        let mut new_params = BTreeMap::new();
        let mut new_slots: BTreeMap<String, BTreeMap<String, Tensor>> = BTreeMap::new();
        for (path, p) in params {
            let setting = self
                .settings
                .get(path)
                .ok_or_else(|| missing("rule", path))?;
            if setting.frozen {
                return Err(missing("gradient (it is frozen)", path));
            }
            let mut g = grads
                .get(path)
                .ok_or_else(|| missing("gradient", path))?
                .clone();
            if let Some(s) = &clip_scale {
                g = g * s;
            }
            let mut slots = Slots::new();
            for (slot, _) in transform.slots(p.shape()) {
                let value = state
                    .slots
                    .get(slot)
                    .and_then(|tree| tree.get(path))
                    .ok_or_else(|| missing(&format!("state `{slot}`"), path))?;
                slots.insert(slot, value.clone());
            }
            let u = transform.apply(g, &mut slots, &state.count);
            for (slot, value) in slots {
                new_slots
                    .entry(slot.to_string())
                    .or_default()
                    .insert(path.clone(), value);
            }
            let (lr, wd) = (cfg.lr * setting.lr_mult, cfg.wd * setting.wd_mult);
            let decays = wd != 0.0;
            let mut delta = u;
            let new_p = match cfg.decay {
                Some(DecayConvention::LrScaled) => {
                    if decays {
                        delta = delta + p * wd;
                    }
                    p - &(delta * (sched * lr))
                }
                Some(DecayConvention::BigVision) | None => {
                    delta = delta * lr;
                    if decays {
                        delta = delta + p * wd;
                    }
                    p - &(delta * sched)
                }
            };
            new_params.insert(path.clone(), new_p);
        }
        Ok(Update {
            params: new_params,
            state: OptState {
                slots: new_slots,
                count: &state.count + &state.count.scalar_like(1.0),
            },
            grad_norm,
        })
    }
}
