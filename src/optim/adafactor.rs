//! big_vision's Adafactor (`optax.big_vision.scale_by_adafactor`): the chain of
//! optax `scale_by_factored_rms` (factored second moment for parameters with two axes of at
//! least `min_dim_size_to_factor`, with big_vision's decay `min(beta2_cap, 1 − t^−decay_rate)`),
//! optional `clip_by_block_rms` and an un-debiased `ema` momentum. Defaults are big_vision's,
//! except that the momentum is kept in the parameters' dtype (big_vision: bfloat16).

use serde::{Deserialize, Serialize};

use super::{Slots, Transform};
use crate::graph::Tensor;
use crate::tensor::DType;

#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Adafactor {
    #[serde(default = "default_min_dim_size_to_factor")]
    pub min_dim_size_to_factor: i64,
    #[serde(default = "default_decay_rate")]
    pub decay_rate: f64,
    #[serde(default)]
    pub decay_offset: i64,
    #[serde(default = "default_beta2_cap")]
    pub beta2_cap: f64,
    /// Each parameter's update is scaled down to this RMS at most (`clip_by_block_rms`).
    #[serde(default)]
    pub clipping_threshold: Option<f64>,
    /// Decay of the momentum (`ema`, not debiased); `None` for none.
    #[serde(default = "default_momentum")]
    pub momentum: Option<f64>,
    #[serde(default = "default_eps")]
    pub eps: f64,
}

fn default_min_dim_size_to_factor() -> i64 {
    32
}
fn default_decay_rate() -> f64 {
    0.8
}
fn default_beta2_cap() -> f64 {
    0.999
}
fn default_momentum() -> Option<f64> {
    Some(0.9)
}
fn default_eps() -> f64 {
    1e-30
}

impl Default for Adafactor {
    fn default() -> Self {
        Adafactor {
            min_dim_size_to_factor: default_min_dim_size_to_factor(),
            decay_rate: default_decay_rate(),
            decay_offset: 0,
            beta2_cap: default_beta2_cap(),
            clipping_threshold: None,
            momentum: default_momentum(),
            eps: default_eps(),
        }
    }
}

impl Adafactor {
    /// optax `_factored_dims`: `(d1, d0)`, the axes of the second-largest and the largest size
    /// (ties keep axis order, as numpy's argsort does for so few axes), if the second-largest
    /// is at least `min_dim_size_to_factor`.
    pub fn factored_dims(&self, shape: &[i64]) -> Option<(usize, usize)> {
        if shape.len() < 2 {
            return None;
        }
        let mut order: Vec<usize> = (0..shape.len()).collect();
        order.sort_by_key(|&i| shape[i]);
        let (d1, d0) = (order[order.len() - 2], order[order.len() - 1]);
        (shape[d1] >= self.min_dim_size_to_factor).then_some((d1, d0))
    }

    /// `min(beta2_cap, 1 − t^−decay_rate)` with `t = count − decay_offset + 1`, computed in f32
    /// as big_vision does; returns it and `1 −` it (also in f32), both in `dtype`.
    fn second_moment_decay(&self, count: &Tensor, dtype: DType) -> (Tensor, Tensor) {
        let t = (count - &count.scalar_like(self.decay_offset as f64)).convert(DType::F32);
        let t = &t + &t.scalar_like(1.0);
        let one = t.scalar_like(1.0);
        let decay = (&one - &t.pow(&t.scalar_like(-self.decay_rate)))
            .minimum(&t.scalar_like(self.beta2_cap));
        let rest = &one - &decay;
        (decay.convert(dtype), rest.convert(dtype))
    }
}

fn without(shape: &[i64], axis: usize) -> Vec<i64> {
    let mut s = shape.to_vec();
    s.remove(axis);
    s
}

/// `jnp.mean` over one axis: the sum divided by the count.
fn mean_axis(x: &Tensor, axis: usize) -> Tensor {
    let n = x.shape()[axis] as f64;
    x.sum(&[axis as i64]) / n
}

/// `x` (the shape of `full` without `axis`) broadcast back along `axis`.
fn expand(x: &Tensor, full: &[i64], axis: usize) -> Tensor {
    let dims: Vec<usize> = (0..full.len()).filter(|&i| i != axis).collect();
    x.broadcast_in_dim(full, &dims)
}

fn pow_minus_half(x: &Tensor) -> Tensor {
    x.pow(&x.scalar_like(-0.5))
}

impl Transform for Adafactor {
    fn slots(&self, shape: &[i64]) -> Vec<(&'static str, Vec<i64>)> {
        let mut slots = match self.factored_dims(shape) {
            Some((d1, d0)) => vec![("v_row", without(shape, d0)), ("v_col", without(shape, d1))],
            None => vec![("v", shape.to_vec())],
        };
        if self.momentum.is_some() {
            slots.push(("ema", shape.to_vec()));
        }
        slots
    }

    fn apply(&self, g: Tensor, state: &mut Slots, count: &Tensor) -> Tensor {
        let shape = g.shape().to_vec();
        let (decay, rest) = self.second_moment_decay(count, g.dtype());
        let grad_sqr = &g * &g + self.eps;
        let mut u = match self.factored_dims(&shape) {
            Some((d1, d0)) => {
                let v_row = &state["v_row"] * &decay + &rest * &mean_axis(&grad_sqr, d0);
                let v_col = &state["v_col"] * &decay + &rest * &mean_axis(&grad_sqr, d1);
                let reduced_d1 = if d1 > d0 { d1 - 1 } else { d1 };
                let row_col_mean =
                    expand(&mean_axis(&v_row, reduced_d1), v_row.shape(), reduced_d1);
                let row_factor = pow_minus_half(&(&v_row / &row_col_mean));
                let col_factor = pow_minus_half(&v_col);
                let u = &g * &expand(&row_factor, &shape, d0) * expand(&col_factor, &shape, d1);
                state.insert("v_row", v_row);
                state.insert("v_col", v_col);
                u
            }
            None => {
                let v = &state["v"] * &decay + &rest * &grad_sqr;
                let u = &g * &pow_minus_half(&v);
                state.insert("v", v);
                u
            }
        };
        if let Some(threshold) = self.clipping_threshold {
            let n = u.shape().iter().product::<i64>() as f64;
            let rms = ((&u * &u).sum_all() / n).sqrt();
            u = &u / &(rms / threshold).maximum(&u.scalar_like(1.0));
        }
        if let Some(m) = self.momentum {
            let ema = &u * (1.0 - m) + &state["ema"] * m;
            state.insert("ema", ema.clone());
            u = ema;
        }
        u
    }
}
