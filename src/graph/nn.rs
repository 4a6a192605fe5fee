//! Composite ops built only from primitives: their gradients come from the primitives' VJPs.

use super::recorder::Tensor;
use super::types::DotDims;
use crate::tensor::DType;

/// `log σ(x)` without overflow for large |x|: `min(x, 0) − log1p(exp(−|x|))`.
#[track_caller]
pub fn log_sigmoid(x: &Tensor) -> Tensor {
    let zero = x.scalar_like(0.0);
    x.minimum(&zero) - x.abs().neg().exp().log1p()
}

/// Softmax along `axis`, shifted by the (gradient-free) max for stability.
#[track_caller]
pub fn softmax(x: &Tensor, axis: i64) -> Tensor {
    let e = shift_by_max(x, axis).exp();
    let total = e.sum(&[axis]).keep_dims(x.shape(), &[axis]);
    e / total
}

#[track_caller]
pub fn log_softmax(x: &Tensor, axis: i64) -> Tensor {
    let shifted = shift_by_max(x, axis);
    let log_total = shifted
        .exp()
        .sum(&[axis])
        .log()
        .keep_dims(x.shape(), &[axis]);
    shifted - log_total
}

#[track_caller]
fn shift_by_max(x: &Tensor, axis: i64) -> Tensor {
    let max = x
        .reduce_max(&[axis])
        .stop_gradient()
        .keep_dims(x.shape(), &[axis]);
    x - max
}

/// Layer normalisation over the last axis with learned `scale` and `bias` (shape `[C]`).
#[track_caller]
pub fn layer_norm(x: &Tensor, scale: &Tensor, bias: &Tensor, eps: f64) -> Tensor {
    let centered = x - x.mean(&[-1]).keep_dims(x.shape(), &[-1]);
    let var = (&centered * &centered)
        .mean(&[-1])
        .keep_dims(x.shape(), &[-1]);
    centered * (var + eps).rsqrt() * scale + bias
}

/// GELU, tanh approximation (as big_vision and HF SigLIP use).
#[track_caller]
pub fn gelu_tanh(x: &Tensor) -> Tensor {
    let c = (2.0 / std::f64::consts::PI).sqrt();
    let inner = (x + &(x * x * x * 0.044715)) * c;
    x * 0.5 * (inner.tanh() + 1.0)
}

/// `[..., n]` one-hot rows of the integer `indices`.
#[track_caller]
pub fn one_hot(indices: &Tensor, n: i64, dtype: DType) -> Tensor {
    let mut shape = indices.shape().to_vec();
    shape.push(n);
    let classes = indices
        .graph()
        .iota(indices.dtype(), &shape, shape.len() - 1);
    classes
        .eq(&indices.broadcast_in_dim(&shape, &(0..indices.rank()).collect::<Vec<_>>()))
        .convert(dtype)
}

/// `x / (‖x‖ + eps)` along the last axis (big_vision's normalisation of embeddings), as
/// `x` times [`inverse_norm`]: the product's gradient needs `x` and the `[..]` reciprocal, a
/// quotient's would need its `[.., C]` result, which would keep the normalised values alive
/// until the backward pass.
#[track_caller]
pub fn l2_normalize(x: &Tensor, eps: f64) -> Tensor {
    x * &inverse_norm(x, eps).keep_dims(x.shape(), &[-1])
}

/// `1 / (‖x‖ + eps)` along the last axis (shape `x`'s without it). The norm of a zero vector is
/// taken as a constant 0 (`sqrt` has an infinite derivative there, which would make the
/// gradient NaN), so its gradient is the finite `1 / eps`; the inner `select` keeps `sqrt` away
/// from 0 so that its unused branch has a finite derivative too.
#[track_caller]
pub fn inverse_norm(x: &Tensor, eps: f64) -> Tensor {
    let squares = (x * x).sum(&[-1]);
    let zeros = squares.graph().full(0.0, squares.dtype(), squares.shape());
    let ones = squares.graph().full(1.0, squares.dtype(), squares.shape());
    let positive = squares.gt(&zeros);
    let norm = positive.select(&positive.select(&squares, &ones).sqrt(), &zeros);
    let denominator = norm + eps;
    denominator.scalar_like(1.0) / &denominator
}

/// `x @ kernel + bias` over the last axis; the product in `compute` precision (see
/// `Tensor::dot_general_in`), the bias added in `x`'s dtype.
#[track_caller]
pub fn dense(x: &Tensor, kernel: &Tensor, bias: &Tensor, compute: Option<DType>) -> Tensor {
    x.matmul_in(kernel, compute) + bias
}

/// Scaled dot-product attention. `q: [B, Lq, H, D]`, `k, v: [B, Lk, H, D]` → `[B, Lq, H, D]`.
/// With `key_mask` (pred `[B, Lk]`), keys where it is false get a logit of −1e30, so their
/// softmax weight is exactly 0 (as HF's additive mask of the dtype's minimum); every row needs
/// one true key. Both products in `compute` precision; the softmax in `q`'s dtype.
/// `q`, `k`, `v` are moved to `[B, H, L, D]` once, so that both products batch over leading
/// axes, the layout XLA's CPU dots want: with the batch axes at (0, 2) XLA made its own
/// transposed copies for each product and its gradients (bench-small: 25 transposes and
/// 117 MiB written per step more, benches/README.md).
#[track_caller]
pub fn dot_product_attention(
    q: &Tensor,
    k: &Tensor,
    v: &Tensor,
    key_mask: Option<&Tensor>,
    compute: Option<DType>,
) -> Tensor {
    let depth = q.dim(-1) as f64;
    let heads_first = |t: &Tensor| t.transpose(&[0, 2, 1, 3]); // [B, H, L, D]
    let q = heads_first(&(q * (1.0 / depth.sqrt())));
    let (k, v) = (heads_first(k), heads_first(v));
    let logits = q.dot_general_in(
        &k,
        DotDims {
            lhs_batch: vec![0, 1],
            rhs_batch: vec![0, 1],
            lhs_contract: vec![3],
            rhs_contract: vec![3],
        },
        compute,
    ); // [B, H, Lq, Lk]
    let logits = match key_mask {
        Some(mask) => {
            let keep = mask.broadcast_in_dim(logits.shape(), &[0, 3]);
            let masked = logits.graph().full(-1e30, logits.dtype(), logits.shape());
            keep.select(&logits, &masked)
        }
        None => logits,
    };
    let weights = softmax(&logits, -1);
    weights
        .dot_general_in(
            &v,
            DotDims {
                lhs_batch: vec![0, 1],
                rhs_batch: vec![0, 1],
                lhs_contract: vec![3],
                rhs_contract: vec![2],
            },
            compute,
        ) // [B, H, Lq, D]
        .transpose(&[0, 2, 1, 3])
}
