//! Primitives across replicas (pmap style): this replica's index, the sum over replicas, the
//! gather of every replica's value, and point-to-point sends.
//!
//! The differentiated objective is the sum over replicas of each replica's scalar. Hence
//! VJP(all_reduce_sum) = all_reduce_sum of the cotangents, VJP(all_gather) = this replica's
//! chunk of all_reduce_sum(cotangent) (a reduce-scatter), and VJP(collective_permute) =
//! collective_permute with the pairs reversed (replicas that sent nothing get a zero
//! cotangent, as receivers of nothing get zeros).

use super::{axis_err, Cotangents, Inferred};
use crate::graph::printer::{Emitter, Value};
use crate::graph::recorder::Tensor;
use crate::graph::types::{DotDims, ErrorKind, TensorType};
use crate::tensor::DType;

pub(crate) mod replica_id {
    use super::*;

    pub(crate) fn infer() -> Inferred {
        Ok(TensorType::new(DType::U32, &[]))
    }

    pub(crate) fn vjp() -> Cotangents<'static> {
        vec![]
    }

    pub(crate) fn lower(e: &mut Emitter, out: &TensorType) {
        e.op("stablehlo.replica_id", &[], "", None, out)
    }
}

pub(crate) mod all_reduce_sum {
    use super::*;

    pub(crate) fn infer(x: &TensorType) -> Inferred {
        Ok(x.clone())
    }

    pub(crate) fn vjp<'a>(x: &'a Tensor, ct: &Tensor) -> Cotangents<'a> {
        vec![(x, ct.all_reduce_sum())]
    }

    pub(crate) fn lower(e: &mut Emitter, x: &Value, out: &TensorType) {
        let region = e.scalar_region("stablehlo.add", out.dtype);
        let attr = format!("{{replica_groups = {}}}", e.all_replicas_group());
        e.op("stablehlo.all_reduce", &[x], &attr, Some(&region), out)
    }
}

pub(crate) mod all_gather {
    use super::*;

    pub(crate) fn infer(x: &TensorType, axis: usize, num_replicas: usize) -> Inferred {
        if axis >= x.rank() {
            return axis_err(format!("axis {axis} out of range for {x}"));
        }
        let mut shape = x.shape.clone();
        shape[axis] *= num_replicas as i64;
        Ok(TensorType::new(x.dtype, &shape))
    }

    /// This replica's chunk of the summed cotangent, picked by a dot with a one-hot of the
    /// replica id.
    pub(crate) fn vjp<'a>(x: &'a Tensor, axis: usize, ct: &Tensor) -> Cotangents<'a> {
        let g = ct.graph();
        let n = g.num_replicas() as i64;
        let mut split = x.shape().to_vec();
        split.insert(axis, n);
        let chunks = ct.all_reduce_sum().reshape(&split);
        let me = g.replica_id().broadcast_to(&[n]);
        let one_hot = g.iota(DType::U32, &[n], 0).eq(&me).convert(ct.dtype());
        let dims = DotDims {
            lhs_contract: vec![axis],
            rhs_contract: vec![0],
            ..Default::default()
        };
        vec![(x, chunks.dot_general(&one_hot, dims))]
    }

    pub(crate) fn lower(e: &mut Emitter, x: &Value, axis: usize, out: &TensorType) {
        let attr = format!(
            "{{all_gather_dim = {axis} : i64, replica_groups = {}}}",
            e.all_replicas_group()
        );
        e.op("stablehlo.all_gather", &[x], &attr, None, out)
    }
}

/// Sends from replica `source` to replica `target` for each pair: each replica sends at most
/// once and receives at most once.
pub(crate) mod collective_permute {
    use super::*;

    pub(crate) fn infer(x: &TensorType, pairs: &[(usize, usize)], num_replicas: usize) -> Inferred {
        let mut sources = vec![false; num_replicas];
        let mut targets = vec![false; num_replicas];
        for &(s, t) in pairs {
            if s >= num_replicas || t >= num_replicas {
                return Err((
                    ErrorKind::Graph,
                    format!("pair ({s}, {t}) outside {num_replicas} replicas"),
                ));
            }
            if std::mem::replace(&mut sources[s], true) || std::mem::replace(&mut targets[t], true)
            {
                return Err((
                    ErrorKind::Graph,
                    format!("replica repeated in pairs {pairs:?}"),
                ));
            }
        }
        Ok(x.clone())
    }

    pub(crate) fn vjp<'a>(x: &'a Tensor, pairs: &[(usize, usize)], ct: &Tensor) -> Cotangents<'a> {
        let reversed: Vec<(usize, usize)> = pairs.iter().map(|&(s, t)| (t, s)).collect();
        vec![(x, ct.collective_permute(&reversed))]
    }

    pub(crate) fn lower(e: &mut Emitter, x: &Value, pairs: &[(usize, usize)], out: &TensorType) {
        let body: Vec<String> = pairs.iter().map(|(s, t)| format!("[{s}, {t}]")).collect();
        let attr = if pairs.is_empty() {
            "{source_target_pairs = dense<> : tensor<0x2xi64>}".to_string()
        } else {
            format!(
                "{{source_target_pairs = dense<[{}]> : tensor<{}x2xi64>}}",
                body.join(", "),
                pairs.len()
            )
        };
        e.op("stablehlo.collective_permute", &[x], &attr, None, out)
    }
}
