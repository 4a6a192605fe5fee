//! Primitives that steer autodiff or XLA rather than compute: `stop_gradient`, the
//! optimization barrier, the custom VJP and the `while` loop. The first three pass their value
//! through unchanged; what they change is the backward pass or XLA's freedom to move code.

use super::{join, shape_err, Cotangents, Inferred, LoopBody, OpKind};
use crate::graph::printer::{Emitter, Value};
use crate::graph::recorder::Tensor;
use crate::graph::types::{ErrorKind, TensorType};

/// Its value; no cotangent flows back through it.
pub(crate) mod stop_gradient {
    use super::*;

    pub(crate) fn infer(x: &TensorType) -> Inferred {
        Ok(x.clone())
    }

    pub(crate) fn vjp() -> Cotangents<'static> {
        vec![]
    }

    /// The graph keeps the value; only the backward pass treats it differently.
    pub(crate) fn lower(e: &mut Emitter, x: &Value) {
        e.alias(x)
    }
}

pub(crate) mod optimization_barrier {
    use super::*;

    pub(crate) fn infer(x: &TensorType) -> Inferred {
        Ok(x.clone())
    }

    /// The cotangent passes through a barrier of its own. The `after` values only order the
    /// computation; no gradient flows to them.
    pub(crate) fn vjp<'a>(x: &'a Tensor, ct: &Tensor) -> Cotangents<'a> {
        vec![(x, ct.optimization_barrier())]
    }

    pub(crate) fn lower(e: &mut Emitter, x: &Value, after: &[Value], out: &TensorType) {
        if after.is_empty() {
            e.op("stablehlo.optimization_barrier", &[x], "", None, out)
        } else {
            let args: Vec<&Value> = std::iter::once(x).chain(after).collect();
            e.first_of_results("stablehlo.optimization_barrier", &args);
        }
    }
}

pub(crate) mod custom_vjp {
    use super::*;

    pub(crate) fn infer(
        value: &TensorType,
        inputs: &[&TensorType],
        grads: &[&TensorType],
    ) -> Inferred {
        if value.rank() != 0 || !value.dtype.is_float() {
            return shape_err(format!("value must be a float scalar, got {value}"));
        }
        if inputs.len() != grads.len() {
            return shape_err(format!(
                "{} inputs but {} gradients",
                inputs.len(),
                grads.len()
            ));
        }
        if let Some((i, g)) = inputs.iter().zip(grads).find(|(i, g)| i != g) {
            return shape_err(format!("gradient {g} for input {i}"));
        }
        Ok(value.clone())
    }

    /// Input i gets `grads[i]` times the (scalar) cotangent.
    pub(crate) fn vjp<'a>(inputs: &'a [Tensor], grads: &[Tensor], ct: &Tensor) -> Cotangents<'a> {
        inputs
            .iter()
            .zip(grads)
            .map(|(input, g)| (input, g * ct.broadcast_to(g.shape())))
            .collect()
    }

    pub(crate) fn lower(e: &mut Emitter, value: &Value) {
        e.alias(value)
    }
}

pub(crate) mod while_loop {
    use super::*;

    pub(crate) fn infer(
        carry: &[&TensorType],
        body: &LoopBody,
        result: usize,
        num_replicas: usize,
    ) -> Inferred {
        let body = &body.0;
        if body.num_replicas != num_replicas {
            return Err((
                ErrorKind::Graph,
                format!(
                    "body built for {} replicas in a graph of {num_replicas}",
                    body.num_replicas
                ),
            ));
        }
        let params: Vec<&TensorType> = body.params.iter().map(|(_, ty)| ty).collect();
        let outputs = body.output_types();
        let carried: Vec<&TensorType> = carry.to_vec();
        if params != carried || outputs.iter().collect::<Vec<_>>() != carried {
            let list = |v: &[&TensorType]| join(v);
            return shape_err(format!(
                "the body must map the carry ({}) to itself, but takes ({}) and returns ({})",
                list(&carried),
                list(&params),
                list(&outputs.iter().collect::<Vec<_>>())
            ));
        }
        match carry.get(result) {
            Some(ty) => Ok((*ty).clone()),
            None => shape_err(format!("no result {result} of {} carried", carry.len())),
        }
    }

    /// Forward only: the error points the model author at a custom VJP.
    pub(crate) fn vjp(ct: &Tensor) -> Cotangents<'static> {
        ct.graph().record_error(
            ErrorKind::Graph,
            OpKind::While.name(),
            "cannot differentiate through a while loop: give the value computed from \
             its results a custom VJP (`Tensor::with_vjp`)"
                .to_string(),
        );
        vec![]
    }

    pub(crate) fn lower(
        e: &mut Emitter,
        carry: &[Value],
        body: &LoopBody,
        trips: usize,
        result: usize,
    ) {
        e.while_result(carry, &body.0, trips, result)
    }
}
