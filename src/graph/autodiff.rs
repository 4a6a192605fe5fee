//! Reverse-mode autodiff: walks the graph backwards from a scalar output and appends the
//! backward pass (built from each primitive's VJP rule) to the same graph, so forward and
//! backward compile as one program and XLA can fuse across them.

use super::builder::{ErrorKind, Tensor};
use super::op::Op;

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
    // needs[i]: node i depends on some `wrt` through differentiable edges.
    let mut needs = vec![false; end + 1];
    for t in wrt {
        if t.id() <= end && t.dtype().is_float() {
            needs[t.id()] = true;
        }
    }
    for id in 0..=end {
        let node = g.node(id);
        if !needs[id] && node.ty.dtype.is_float() && !matches!(node.op, Op::StopGradient) {
            needs[id] = node.inputs.iter().any(|&i| needs[i]);
        }
    }

    let mut cotangent: Vec<Option<Tensor>> = vec![None; end + 1];
    cotangent[end] = Some(output.scalar_like(1.0));
    for id in (0..=end).rev() {
        let Some(ct) = cotangent[id].take() else {
            continue;
        };
        if !needs[id] {
            continue;
        }
        let node = g.node(id);
        let inputs: Vec<Tensor> = node.inputs.iter().map(|&i| g.tensor(i)).collect();
        let out = g.tensor(id);
        let input_cts = node.op.vjp(&inputs, &out, &ct);
        for (&input, input_ct) in node.inputs.iter().zip(input_cts) {
            let Some(input_ct) = input_ct else { continue };
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

/// `(output, grad(output, wrt))`, the shape JAX users expect.
#[track_caller]
pub fn value_and_grad(output: &Tensor, wrt: &[&Tensor]) -> (Tensor, Vec<Tensor>) {
    (output.clone(), grad(output, wrt))
}
