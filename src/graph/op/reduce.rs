//! `reduce` (sum or max) over a set of axes, which the result drops.

use super::{axes_array, axis_err, Cotangents, Inferred, ReduceKind};
use crate::graph::printer::{Emitter, Value};
use crate::graph::recorder::Tensor;
use crate::graph::types::TensorType;

pub(crate) fn infer(x: &TensorType, axes: &[usize]) -> Inferred {
    if axes.iter().any(|&a| a >= x.rank()) {
        return axis_err(format!("axes {axes:?} out of range for {x}"));
    }
    let shape: Vec<i64> = (0..x.rank())
        .filter(|i| !axes.contains(i))
        .map(|i| x.shape[i])
        .collect();
    Ok(TensorType::new(x.dtype, &shape))
}

pub(crate) fn vjp<'a>(
    x: &'a Tensor,
    kind: ReduceKind,
    axes: &[usize],
    out: &Tensor,
    ct: &Tensor,
) -> Cotangents<'a> {
    let kept: Vec<usize> = (0..x.rank()).filter(|i| !axes.contains(i)).collect();
    let spread = |t: &Tensor| t.broadcast_in_dim(x.shape(), &kept);
    match kind {
        ReduceKind::Sum => vec![(x, spread(ct))],
        ReduceKind::Max => {
            // Every position equal to the maximum gets an equal share of the
            // cotangent (JAX's `_reduce_chooser_jvp_rule`, transposed).
            let mask = x.eq(&spread(out)).convert(x.dtype());
            let axes: Vec<i64> = axes.iter().map(|&a| a as i64).collect();
            let count = mask.sum(&axes);
            vec![(x, spread(&(ct / count)) * mask)]
        }
    }
}

pub(crate) fn lower(
    e: &mut Emitter,
    x: &Value,
    kind: ReduceKind,
    axes: &[usize],
    out: &TensorType,
) {
    let (init, body) = match kind {
        ReduceKind::Sum => (0.0, "stablehlo.add"),
        ReduceKind::Max => (f64::NEG_INFINITY, "stablehlo.maximum"),
    };
    let init = e.splat_scalar(init, out.dtype);
    let region = e.scalar_region(body, out.dtype);
    e.op(
        "stablehlo.reduce",
        &[x, &init],
        &format!("{{dimensions = {}}}", axes_array(axes)),
        Some(&region),
        out,
    )
}
