//! optax `scale_by_lion`: `u = sign(b1·m + (1−b1)·g)`, then `m ← b2·m + (1−b2)·g`.

use serde::{Deserialize, Serialize};

use super::{Slots, Transform};
use crate::graph::Tensor;

#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lion {
    #[serde(default = "default_b1")]
    pub b1: f64,
    #[serde(default = "default_b2")]
    pub b2: f64,
}

fn default_b1() -> f64 {
    0.9
}
fn default_b2() -> f64 {
    0.99
}

impl Transform for Lion {
    fn slots(&self, shape: &[i64]) -> Vec<(&'static str, Vec<i64>)> {
        vec![("mu", shape.to_vec())]
    }

    fn apply(&self, g: Tensor, state: &mut Slots, _count: &Tensor) -> Tensor {
        let mu = &state["mu"];
        let direction = (mu * self.b1 + &g * (1.0 - self.b1)).sign();
        let new_mu = mu * self.b2 + &g * (1.0 - self.b2);
        state.insert("mu", new_mu);
        direction
    }
}
