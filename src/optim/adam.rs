//! optax `scale_by_adam`: bias-corrected first and second moments,
//! `u = m̂ / (√v̂ + eps)`.

use serde::{Deserialize, Serialize};

use super::{Slots, Transform};
use crate::graph::Tensor;

#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Adam {
    #[serde(default = "default_b1")]
    pub b1: f64,
    #[serde(default = "default_b2")]
    pub b2: f64,
    #[serde(default = "default_eps")]
    pub eps: f64,
}

fn default_b1() -> f64 {
    0.9
}
fn default_b2() -> f64 {
    0.999
}
fn default_eps() -> f64 {
    1e-8
}

impl Transform for Adam {
    fn slots(&self, shape: &[i64]) -> Vec<(&'static str, Vec<i64>)> {
        vec![("mu", shape.to_vec()), ("nu", shape.to_vec())]
    }

    fn apply(&self, g: Tensor, state: &mut Slots, count: &Tensor) -> Tensor {
        let Adam { b1, b2, eps } = *self;
        // Bias correction uses the count including this update.
        let step = (count + &count.scalar_like(1.0)).convert(g.dtype());
        let mu = &state["mu"] * b1 + &g * (1.0 - b1);
        let nu = &state["nu"] * b2 + &g * &g * (1.0 - b2);
        let one = step.scalar_like(1.0);
        let mu_hat = &mu / &(&one - &step.scalar_like(b1).pow(&step));
        let nu_hat = &nu / &(&one - &step.scalar_like(b2).pow(&step));
        state.insert("mu", mu);
        state.insert("nu", nu);
        mu_hat / (nu_hat.sqrt() + eps)
    }
}
