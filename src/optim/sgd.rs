//! SGD with momentum, optax `trace` (as in `optax.sgd(lr, momentum)`):
//! `m ← g + momentum·m`, `u = m` (Nesterov: `u = g + momentum·m`).

use serde::{Deserialize, Serialize};

use super::{Slots, Transform};
use crate::graph::Tensor;

#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sgd {
    #[serde(default = "default_momentum")]
    pub momentum: f64,
    #[serde(default)]
    pub nesterov: bool,
}

fn default_momentum() -> f64 {
    0.9
}

impl Transform for Sgd {
    fn slots(&self, shape: &[i64]) -> Vec<(&'static str, Vec<i64>)> {
        vec![("trace", shape.to_vec())]
    }

    fn apply(&self, g: Tensor, state: &mut Slots, _count: &Tensor) -> Tensor {
        let trace = &g + &(&state["trace"] * self.momentum);
        let u = if self.nesterov {
            &g + &(&trace * self.momentum)
        } else {
            trace.clone()
        };
        state.insert("trace", trace);
        u
    }
}
