//! `dot_general`: a contraction with batch axes, the one primitive that multiplies matrices.
//! The result's axes are the batch axes, then the free axes of the left operand, then those
//! of the right. Its VJP is two more `dot_general`s, each transposed to its operand's axis order.

use super::{axis_err, inverse_permutation, join, same_dtype, shape_err, Cotangents, Inferred};
use crate::graph::printer::{Emitter, Value};
use crate::graph::recorder::Tensor;
use crate::graph::types::{DotDims, TensorType};

/// Axes of `rank` that are not listed in any of `used`, ascending.
fn free_axes(rank: usize, used: &[&[usize]]) -> Vec<usize> {
    (0..rank)
        .filter(|a| used.iter().all(|u| !u.contains(a)))
        .collect()
}

pub(crate) fn infer(a: &TensorType, b: &TensorType, d: &DotDims) -> Inferred {
    same_dtype(a, b)?;
    if d.lhs_batch.len() != d.rhs_batch.len() || d.lhs_contract.len() != d.rhs_contract.len() {
        return axis_err(format!("unpaired batch/contracting dims {d:?}"));
    }
    let all_lhs: Vec<usize> = d.lhs_batch.iter().chain(&d.lhs_contract).copied().collect();
    let all_rhs: Vec<usize> = d.rhs_batch.iter().chain(&d.rhs_contract).copied().collect();
    for (axes, t) in [(&all_lhs, a), (&all_rhs, b)] {
        if axes.iter().any(|&i| i >= t.rank())
            || (1..axes.len()).any(|i| axes[..i].contains(&axes[i]))
        {
            return axis_err(format!("dims {d:?} invalid for {a} x {b}"));
        }
    }
    for (l, r) in all_lhs.iter().zip(&all_rhs) {
        if a.shape[*l] != b.shape[*r] {
            return shape_err(format!(
                "lhs axis {l} (size {}) does not match rhs axis {r} (size {})",
                a.shape[*l], b.shape[*r]
            ));
        }
    }
    let mut shape: Vec<i64> = d.lhs_batch.iter().map(|&i| a.shape[i]).collect();
    shape.extend(
        free_axes(a.rank(), &[&d.lhs_batch, &d.lhs_contract])
            .iter()
            .map(|&i| a.shape[i]),
    );
    shape.extend(
        free_axes(b.rank(), &[&d.rhs_batch, &d.rhs_contract])
            .iter()
            .map(|&i| b.shape[i]),
    );
    Ok(TensorType::new(a.dtype, &shape))
}

pub(crate) fn vjp<'a>(a: &'a Tensor, b: &'a Tensor, d: &DotDims, ct: &Tensor) -> Cotangents<'a> {
    let nb = d.lhs_batch.len();
    let lhs_free = free_axes(a.rank(), &[&d.lhs_batch, &d.lhs_contract]);
    let rhs_free = free_axes(b.rank(), &[&d.rhs_batch, &d.rhs_contract]);
    let ct_batch: Vec<usize> = (0..nb).collect();
    let ct_lhs_free: Vec<usize> = (nb..nb + lhs_free.len()).collect();
    let ct_rhs_free: Vec<usize> = (nb + lhs_free.len()..ct.rank()).collect();

    // ct · rhsᵀ: result axes = [batch, lhs_free, rhs contracting axes in rhs order].
    let ga = ct.dot_general(
        b,
        DotDims {
            lhs_batch: ct_batch.clone(),
            rhs_batch: d.rhs_batch.clone(),
            lhs_contract: ct_rhs_free,
            rhs_contract: rhs_free.clone(),
        },
    );
    let mut rhs_contract_sorted: Vec<usize> = (0..d.rhs_contract.len()).collect();
    rhs_contract_sorted.sort_by_key(|&j| d.rhs_contract[j]);
    let ga_axes: Vec<usize> = d
        .lhs_batch
        .iter()
        .chain(&lhs_free)
        .copied()
        .chain(rhs_contract_sorted.iter().map(|&j| d.lhs_contract[j]))
        .collect();
    let ga = ga.transpose(&inverse_permutation(&ga_axes));

    // lhs · ct: result axes = [batch, lhs contracting axes in lhs order, rhs_free].
    // This operand order (not ct · lhs) gives the usual weight gradient `xᵀ · ct`
    // of `x · W` in W's own axis order, with no transpose after it: XLA CPU then
    // lowers it to its fast dot path (YNNPACK) instead of an Eigen contraction
    // with a transposed operand.
    let gb = a.dot_general(
        ct,
        DotDims {
            lhs_batch: d.lhs_batch.clone(),
            rhs_batch: ct_batch,
            lhs_contract: lhs_free,
            rhs_contract: ct_lhs_free,
        },
    );
    let mut lhs_contract_sorted: Vec<usize> = (0..d.lhs_contract.len()).collect();
    lhs_contract_sorted.sort_by_key(|&j| d.lhs_contract[j]);
    let gb_axes: Vec<usize> = d
        .rhs_batch
        .iter()
        .copied()
        .chain(lhs_contract_sorted.iter().map(|&j| d.rhs_contract[j]))
        .chain(rhs_free)
        .collect();
    let gb = gb.transpose(&inverse_permutation(&gb_axes));
    vec![(a, ga), (b, gb)]
}

pub(crate) fn lower(e: &mut Emitter, lhs: &Value, rhs: &Value, d: &DotDims, out: &TensorType) {
    let list = |v: &[usize]| format!("[{}]", join(v));
    let attr = format!(
        "{{dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = {}, rhs_batching_dimensions = {}, lhs_contracting_dimensions = {}, rhs_contracting_dimensions = {}>}}",
        list(&d.lhs_batch),
        list(&d.rhs_batch),
        list(&d.lhs_contract),
        list(&d.rhs_contract)
    );
    e.op("stablehlo.dot_general", &[lhs, rhs], &attr, None, out)
}
