//! Primitives that move, copy or pad elements without arithmetic on them: broadcast, reshape,
//! transpose, slice, concatenate, pad and the in-place window update. Each VJP moves the
//! cotangent back where the elements came from (a slice's is a pad, a pad's a slice, a
//! broadcast's a sum).

use super::{
    axes_array, axis_err, i64_array, inverse_permutation, same_dtype, shape_err, Cotangents,
    Inferred,
};
use crate::graph::printer::{Emitter, Value};
use crate::graph::recorder::Tensor;
use crate::graph::types::TensorType;
use crate::tensor::DType;

fn is_permutation(perm: &[usize], rank: usize) -> bool {
    let mut seen = vec![false; rank];
    perm.len() == rank
        && perm
            .iter()
            .all(|&p| p < rank && !std::mem::replace(&mut seen[p], true))
}

pub(crate) mod broadcast_in_dim {
    use super::*;

    pub(crate) fn infer(x: &TensorType, shape: &[i64], dims: &[usize]) -> Inferred {
        if dims.len() != x.rank() {
            return axis_err(format!(
                "broadcast_dimensions {dims:?} must have one entry per operand axis"
            ));
        }
        for (i, &d) in dims.iter().enumerate() {
            if d >= shape.len() || (i > 0 && d <= dims[i - 1]) {
                return axis_err(format!(
                    "broadcast_dimensions {dims:?} invalid for result shape {shape:?}"
                ));
            }
            if x.shape[i] != 1 && x.shape[i] != shape[d] {
                return shape_err(format!("cannot broadcast to {shape:?} with dims {dims:?}"));
            }
        }
        Ok(TensorType::new(x.dtype, shape))
    }

    /// Sums the cotangent over the new axes and the stretched ones.
    pub(crate) fn vjp<'a>(x: &'a Tensor, dims: &[usize], ct: &Tensor) -> Cotangents<'a> {
        let summed: Vec<i64> = (0..ct.rank())
            .filter(|&o| match dims.iter().position(|&d| d == o) {
                None => true,
                Some(i) => x.shape()[i] == 1 && ct.shape()[o] != 1,
            })
            .map(|o| o as i64)
            .collect();
        vec![(x, ct.sum(&summed).reshape(x.shape()))]
    }

    pub(crate) fn lower(e: &mut Emitter, x: &Value, dims: &[usize], out: &TensorType) {
        e.op(
            "stablehlo.broadcast_in_dim",
            &[x],
            &format!("{{broadcast_dimensions = {}}}", axes_array(dims)),
            None,
            out,
        )
    }
}

pub(crate) mod reshape {
    use super::*;

    pub(crate) fn infer(x: &TensorType, shape: &[i64]) -> Inferred {
        let n: i64 = shape.iter().product();
        if shape.iter().any(|&d| d < 0) || n != x.element_count() {
            return shape_err(format!(
                "cannot reshape {x} ({} elements) to {shape:?}",
                x.element_count()
            ));
        }
        Ok(TensorType::new(x.dtype, shape))
    }

    pub(crate) fn vjp<'a>(x: &'a Tensor, ct: &Tensor) -> Cotangents<'a> {
        vec![(x, ct.reshape(x.shape()))]
    }

    pub(crate) fn lower(e: &mut Emitter, x: &Value, out: &TensorType) {
        e.op("stablehlo.reshape", &[x], "", None, out)
    }
}

/// Result axis i is operand axis `perm[i]`.
pub(crate) mod transpose {
    use super::*;

    pub(crate) fn infer(x: &TensorType, perm: &[usize]) -> Inferred {
        if !is_permutation(perm, x.rank()) {
            return axis_err(format!("{perm:?} is not a permutation of the axes of {x}"));
        }
        Ok(TensorType::new(
            x.dtype,
            &perm.iter().map(|&p| x.shape[p]).collect::<Vec<_>>(),
        ))
    }

    pub(crate) fn vjp<'a>(x: &'a Tensor, perm: &[usize], ct: &Tensor) -> Cotangents<'a> {
        vec![(x, ct.transpose(&inverse_permutation(perm)))]
    }

    pub(crate) fn lower(e: &mut Emitter, x: &Value, perm: &[usize], out: &TensorType) {
        e.op(
            "stablehlo.transpose",
            &[x],
            &format!("{{permutation = {}}}", axes_array(perm)),
            None,
            out,
        )
    }
}

/// `x[start:limit:strides]` on every axis.
pub(crate) mod slice {
    use super::*;

    pub(crate) fn infer(x: &TensorType, start: &[i64], limit: &[i64], strides: &[i64]) -> Inferred {
        let r = x.rank();
        if start.len() != r || limit.len() != r || strides.len() != r {
            return axis_err(format!("slice needs {r} starts/limits/strides"));
        }
        let mut shape = Vec::with_capacity(r);
        for i in 0..r {
            if start[i] < 0 || limit[i] > x.shape[i] || start[i] > limit[i] || strides[i] < 1 {
                return shape_err(format!(
                    "slice [{}:{}:{}] out of bounds on axis {i} of size {}",
                    start[i], limit[i], strides[i], x.shape[i]
                ));
            }
            shape.push((limit[i] - start[i] + strides[i] - 1) / strides[i]);
        }
        Ok(TensorType::new(x.dtype, &shape))
    }

    /// The cotangent padded back into place with zeros (between elements too, for strides).
    pub(crate) fn vjp<'a>(
        x: &'a Tensor,
        start: &[i64],
        strides: &[i64],
        ct: &Tensor,
    ) -> Cotangents<'a> {
        let high: Vec<i64> = (0..x.rank())
            .map(|i| x.shape()[i] - (start[i] + (ct.shape()[i] - 1).max(0) * strides[i] + 1))
            .collect();
        let interior: Vec<i64> = strides.iter().map(|s| s - 1).collect();
        let zero = ct.scalar_like(0.0);
        if ct.shape().contains(&0) {
            return vec![(x, zero.broadcast_to(x.shape()))];
        }
        vec![(x, ct.pad(&zero, start, &high, &interior))]
    }

    pub(crate) fn lower(
        e: &mut Emitter,
        x: &Value,
        start: &[i64],
        limit: &[i64],
        strides: &[i64],
        out: &TensorType,
    ) {
        let attr = format!(
            "{{start_indices = {}, limit_indices = {}, strides = {}}}",
            i64_array(start),
            i64_array(limit),
            i64_array(strides)
        );
        e.op("stablehlo.slice", &[x], &attr, None, out)
    }
}

pub(crate) mod concatenate {
    use super::*;

    pub(crate) fn infer(parts: &[&TensorType], axis: usize) -> Inferred {
        let Some(&first) = parts.first() else {
            return shape_err("needs at least one operand");
        };
        if axis >= first.rank() {
            return axis_err(format!(
                "axis {axis} out of range for rank {}",
                first.rank()
            ));
        }
        let mut shape = first.shape.clone();
        shape[axis] = 0;
        for &t in parts {
            same_dtype(first, t)?;
            let compatible = t.rank() == first.rank()
                && (0..t.rank()).all(|i| i == axis || t.shape[i] == first.shape[i]);
            if !compatible {
                return shape_err(format!(
                    "cannot concatenate {first} and {t} along axis {axis}"
                ));
            }
            shape[axis] += t.shape[axis];
        }
        Ok(TensorType::new(first.dtype, &shape))
    }

    pub(crate) fn vjp<'a>(parts: &'a [Tensor], axis: usize, ct: &Tensor) -> Cotangents<'a> {
        let mut offset = 0;
        parts
            .iter()
            .map(|t| {
                let n = t.shape()[axis];
                offset += n;
                (t, ct.slice_axis(axis, offset - n, offset))
            })
            .collect()
    }

    pub(crate) fn lower(e: &mut Emitter, parts: &[Value], axis: usize, out: &TensorType) {
        e.op(
            "stablehlo.concatenate",
            &parts.iter().collect::<Vec<_>>(),
            &format!("{{dimension = {axis} : i64}}"),
            None,
            out,
        )
    }
}

pub(crate) mod pad {
    use super::*;

    pub(crate) fn infer(
        x: &TensorType,
        v: &TensorType,
        low: &[i64],
        high: &[i64],
        interior: &[i64],
    ) -> Inferred {
        same_dtype(x, v)?;
        if v.rank() != 0 {
            return shape_err("padding value must be a scalar");
        }
        let r = x.rank();
        if low.len() != r || high.len() != r || interior.len() != r {
            return axis_err(format!("pad needs {r} low/high/interior entries"));
        }
        if low.iter().chain(high).chain(interior).any(|&p| p < 0) {
            return shape_err("negative padding is not supported");
        }
        let shape: Vec<i64> = (0..r)
            .map(|i| low[i] + high[i] + x.shape[i] + (x.shape[i] - 1).max(0) * interior[i])
            .collect();
        Ok(TensorType::new(x.dtype, &shape))
    }

    /// `x` gets the strided slice where it sits; `value` gets the sum of everything else.
    pub(crate) fn vjp<'a>(
        x: &'a Tensor,
        value: &'a Tensor,
        low: &[i64],
        interior: &[i64],
        ct: &Tensor,
    ) -> Cotangents<'a> {
        // One past the last element of `x` in the padded result (`low` when x is empty).
        let limit: Vec<i64> = (0..x.rank())
            .map(|i| low[i] + (x.shape()[i] * (interior[i] + 1) - interior[i]).max(0))
            .collect();
        let strides: Vec<i64> = interior.iter().map(|s| s + 1).collect();
        let gx = ct.slice(low, &limit, &strides);
        let gv = ct.sum_all() - gx.sum_all();
        vec![(x, gx), (value, gv)]
    }

    pub(crate) fn lower(
        e: &mut Emitter,
        x: &Value,
        value: &Value,
        low: &[i64],
        high: &[i64],
        interior: &[i64],
        out: &TensorType,
    ) {
        let attr = format!(
            "{{edge_padding_low = {}, edge_padding_high = {}, interior_padding = {}}}",
            i64_array(low),
            i64_array(high),
            i64_array(interior)
        );
        e.op("stablehlo.pad", &[x, value], &attr, None, out)
    }
}

pub(crate) mod update_slice {
    use super::*;

    pub(crate) fn infer(x: &TensorType, u: &TensorType, start: &[i64]) -> Inferred {
        same_dtype(x, u)?;
        let r = x.rank();
        if u.rank() != r || start.len() != r {
            return axis_err(format!(
                "update_slice of {u} into {x} needs {r} start indices and an update of rank {r}"
            ));
        }
        for i in 0..r {
            if start[i] < 0 || start[i] + u.shape[i] > x.shape[i] {
                return shape_err(format!(
                    "update_slice: {u} at {start:?} does not fit in {x} on axis {i}"
                ));
            }
        }
        Ok(x.clone())
    }

    /// `x` gets the cotangent with a hole where the window was; `update` gets the window.
    pub(crate) fn vjp<'a>(
        x: &'a Tensor,
        update: &'a Tensor,
        start: &[i64],
        ct: &Tensor,
    ) -> Cotangents<'a> {
        let limit: Vec<i64> = start
            .iter()
            .zip(update.shape())
            .map(|(s, n)| s + n)
            .collect();
        let hole = ct.scalar_like(0.0).broadcast_to(update.shape());
        vec![
            (x, ct.update_slice(&hole, start)),
            (update, ct.slice(start, &limit, &vec![1; start.len()])),
        ]
    }

    /// StableHLO's `dynamic_update_slice`, its start indices as i64 constants.
    pub(crate) fn lower(
        e: &mut Emitter,
        x: &Value,
        update: &Value,
        start: &[i64],
        out: &TensorType,
    ) {
        let indices: Vec<Value> = start
            .iter()
            .map(|&s| e.splat_scalar(s as f64, DType::I64))
            .collect();
        let args: Vec<&Value> = [x, update].into_iter().chain(&indices).collect();
        e.op("stablehlo.dynamic_update_slice", &args, "", None, out)
    }
}
