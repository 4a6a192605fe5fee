//! Reverse-mode autodiff: walks the graph backwards from a scalar output and appends the
//! backward pass (built from each primitive's VJP rule) to the same graph, so forward and
//! backward compile as one program and XLA can fuse across them. Checkpointed regions
//! (`Graph::checkpoint`) are differentiated on a recomputed copy of their forward.

use std::collections::{BTreeSet, HashMap};

use super::op::{Op, OpKind};
use super::recorder::{Checkpoint, Graph, Tensor};
use super::types::ErrorKind;

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
    let keep: Vec<usize> = wrt.iter().map(|t| t.id()).collect();
    let regions: Vec<Checkpoint> = g
        .checkpoints()
        .into_iter()
        .filter(|r| r.output <= end)
        .collect();

    let mut cotangent: Vec<Option<Tensor>> = vec![None; end + 1];
    cotangent[end] = Some(output.scalar_like(1.0));
    let mut pass = Backward {
        needs: &needs,
        keep: &keep,
        cotangent: &mut cotangent,
    };
    let mut id = end + 1;
    while id > 0 {
        id -= 1;
        let region = regions.iter().find(|r| r.output == id);
        match (region, pass.cotangent[id].clone()) {
            (Some(region), Some(output_ct)) if needs[id] => {
                let replay = Replay::new(&g, region, &output_ct);
                for node in (region.start..=region.output).rev() {
                    let (op, out) = replay.node(node);
                    pass.step(node, op, &out, |i| replay.original(i));
                }
                pass.hold_input_cotangents(&g, region);
                id = region.start;
            }
            _ => {
                let op = g.node(id).op.map(|&i| g.tensor(i));
                pass.step(id, op, &g.tensor(id), |i| i);
            }
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

/// The state of one reverse pass: accumulated cotangents, indexed by forward node id.
struct Backward<'a> {
    needs: &'a [bool],
    /// Nodes whose cotangent the caller wants back (the `wrt` leaves).
    keep: &'a [usize],
    cotangent: &'a mut Vec<Option<Tensor>>,
}

impl Backward<'_> {
    /// Sends node `id`'s cotangent to its operands through the VJP of `op` (its primitive
    /// applied to `out`'s operands); `original` maps an operand's id to the forward node whose
    /// cotangent it shares (the identity, except for recomputed values).
    fn step(&mut self, id: usize, op: Op<Tensor>, out: &Tensor, original: impl Fn(usize) -> usize) {
        let Some(ct) = self.cotangent[id].take() else {
            return;
        };
        if !self.needs[id] {
            return;
        }
        for (operand, input_ct) in op.vjp(out, &ct) {
            let input = original(operand.id());
            if !self.needs[input] {
                continue;
            }
            self.cotangent[input] = Some(match self.cotangent[input].take() {
                Some(acc) => acc + input_ct,
                None => input_ct,
            });
        }
        if self.keep.contains(&id) {
            self.cotangent[id] = Some(ct);
        }
    }
}

impl Backward<'_> {
    /// Passes the cotangents of `region`'s inputs on only once the region's other cotangents
    /// (its weights' gradients) exist. Without this, XLA's scheduler defers the weight-gradient
    /// dots to the optimizer at the end, which keeps every block's recomputed activations alive
    /// at once and undoes the remat; with it, the next region's recomputation waits for them.
    fn hold_input_cotangents(&mut self, g: &Graph, region: &Checkpoint) {
        let mut others: Vec<usize> = (region.start..=region.output)
            .flat_map(|id| {
                g.node(id)
                    .op
                    .operands()
                    .into_iter()
                    .copied()
                    .collect::<Vec<_>>()
            })
            .filter(|&i| i < region.start && !region.inputs.contains(&i))
            .collect();
        others.sort_unstable();
        others.dedup();
        let after: Vec<Tensor> = others
            .iter()
            .filter_map(|&i| self.cotangent[i].clone())
            .collect();
        if after.is_empty() {
            return;
        }
        let after: Vec<&Tensor> = after.iter().collect();
        for &input in &region.inputs {
            if let Some(ct) = self.cotangent[input].take() {
                self.cotangent[input] = Some(ct.after(&after));
            }
        }
    }
}

/// A checkpointed region rebuilt for the backward pass: its inputs through an optimization
/// barrier tied to the output's cotangent, then every node of the region again on those.
/// Operand-free nodes (parameters, constants) are not recomputed.
struct Replay {
    /// Forward node id → its recomputed value.
    value: HashMap<usize, Tensor>,
    /// Recomputed value id → forward node id.
    forward: HashMap<usize, usize>,
    graph: Graph,
}

impl Replay {
    fn new(g: &Graph, region: &Checkpoint, output_ct: &Tensor) -> Replay {
        let mut replay = Replay {
            value: HashMap::new(),
            forward: HashMap::new(),
            graph: g.clone(),
        };
        for &input in &region.inputs {
            let held = g.tensor(input).after(&[output_ct]);
            replay.insert(input, held);
        }
        for id in region.start..=region.output {
            let op = g.node(id).op;
            if op.operands().is_empty() {
                continue;
            }
            let recomputed = g.apply(op.map(|&i| replay.get(i)));
            replay.insert(id, recomputed);
        }
        replay
    }

    fn insert(&mut self, forward: usize, value: Tensor) {
        self.forward.insert(value.id(), forward);
        self.value.insert(forward, value);
    }

    /// The recomputed value of forward node `id`, or the forward value outside the region.
    fn get(&self, id: usize) -> Tensor {
        self.value
            .get(&id)
            .cloned()
            .unwrap_or_else(|| self.graph.tensor(id))
    }

    /// Forward node `id`'s primitive on recomputed operands, and its recomputed value.
    fn node(&self, id: usize) -> (Op<Tensor>, Tensor) {
        (self.graph.node(id).op.map(|&i| self.get(i)), self.get(id))
    }

    fn original(&self, id: usize) -> usize {
        self.forward.get(&id).copied().unwrap_or(id)
    }
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
