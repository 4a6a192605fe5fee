//! Reverse-mode autodiff: walks the graph backwards from a scalar output and appends the
//! backward pass (built from each primitive's VJP rule) to the same graph, so forward and
//! backward compile as one program and XLA can fuse across them.

use std::collections::BTreeSet;

use super::builder::{ErrorKind, Graph, Tensor};
use super::op::{Op, OpKind};

/// Gradients of the scalar `output` with respect to each of `wrt` (zeros where `output` does not
/// depend on it). Integer and pred values, and paths through `stop_gradient`, carry no gradient.
#[track_caller]
pub fn grad(output: &Tensor, wrt: &[&Tensor]) -> Vec<Tensor> {
    let g = output.graph().clone();
    if output.rank() != 0 || !output.dtype().is_float() {
        g.record_error(
            ErrorKind::Shape,
            "grad",
            format!("output must be a float scalar, got {}", output.ty()),
        );
        return wrt.iter().map(|t| (*t).clone()).collect();
    }
    let end = output.id();
    let needs = differentiable_from(&g, wrt, end);

    let mut cotangent: Vec<Option<Tensor>> = vec![None; end + 1];
    cotangent[end] = Some(output.scalar_like(1.0));
    for id in (0..=end).rev() {
        let Some(ct) = cotangent[id].take() else {
            continue;
        };
        if !needs[id] {
            continue;
        }
        let op = g.node(id).op.map(|&i| g.tensor(i));
        let out = g.tensor(id);
        for (operand, input_ct) in op.vjp(&out, &ct) {
            let input = operand.id();
            if !needs[input] {
                continue;
            }
            cotangent[input] = Some(match cotangent[input].take() {
                Some(acc) => acc + input_ct,
                None => input_ct,
            });
        }
        // Keep the cotangent of wrt leaves for the caller.
        if wrt.iter().any(|t| t.id() == id) {
            cotangent[id] = Some(ct);
        }
    }
    wrt.iter()
        .map(|t| {
            let ct = if t.id() <= end {
                cotangent[t.id()].clone()
            } else {
                None
            };
            ct.unwrap_or_else(|| g.zeros(t.dtype(), t.shape()))
        })
        .collect()
}

/// For nodes `0..=end`: whether the node depends on some float `wrt` through differentiable
/// edges (float values, not through `stop_gradient`).
fn differentiable_from(g: &Graph, wrt: &[&Tensor], end: usize) -> Vec<bool> {
    let mut needs = vec![false; end + 1];
    for t in wrt {
        if t.id() <= end && t.dtype().is_float() {
            needs[t.id()] = true;
        }
    }
    for id in 0..=end {
        let node = g.node(id);
        if !needs[id] && node.ty.dtype.is_float() && !matches!(node.op, Op::StopGradient { .. }) {
            needs[id] = node.op.operands().iter().any(|&&i| needs[i]);
        }
    }
    needs
}

/// The primitives a gradient of `output` with respect to `inputs` involves: the kinds of the
/// nodes `output` depends on that depend on one of `inputs` (through any edge, so comparisons
/// and `stop_gradient` count) or have no operands. Tests use it to show which VJP rules a
/// gradient check exercised.
pub fn primitives_between(inputs: &[&Tensor], output: &Tensor) -> BTreeSet<OpKind> {
    let g = output.graph();
    let end = output.id();
    let mut from_input = vec![false; end + 1];
    for t in inputs {
        if t.id() <= end {
            from_input[t.id()] = true;
        }
    }
    let ops: Vec<Op<usize>> = (0..=end).map(|id| g.node(id).op).collect();
    for (id, op) in ops.iter().enumerate() {
        from_input[id] |= op.operands().iter().any(|&&i| from_input[i]);
    }
    let mut used = vec![false; end + 1];
    used[end] = true;
    let mut kinds = BTreeSet::new();
    for (id, op) in ops.iter().enumerate().rev() {
        if !used[id] {
            continue;
        }
        let operands = op.operands();
        if from_input[id] || operands.is_empty() {
            kinds.insert(op.kind());
        }
        for &i in operands {
            used[i] = true;
        }
    }
    kinds
}
