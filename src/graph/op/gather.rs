//! Row gather and its transpose, row scatter-add: embedding lookups and their gradients. Each
//! is the other's VJP.

use super::{dtype_err, i64_array, join, shape_err, Checked, Cotangents, Inferred};
use crate::graph::printer::{Emitter, Value};
use crate::graph::recorder::Tensor;
use crate::graph::types::TensorType;
use crate::tensor::DType;

fn integer_indices(idx: &TensorType) -> Checked {
    if !matches!(idx.dtype, DType::I32 | DType::I64 | DType::U32) {
        return dtype_err(format!("indices must be integers, got {}", idx.dtype));
    }
    Ok(())
}

pub(crate) mod take_rows {
    use super::*;

    pub(crate) fn infer(table: &TensorType, idx: &TensorType) -> Inferred {
        if table.rank() == 0 {
            return shape_err("table must have at least one axis");
        }
        integer_indices(idx)?;
        let mut shape = idx.shape.clone();
        shape.extend_from_slice(&table.shape[1..]);
        Ok(TensorType::new(table.dtype, &shape))
    }

    pub(crate) fn vjp<'a>(table: &'a Tensor, indices: &Tensor, ct: &Tensor) -> Cotangents<'a> {
        vec![(
            table,
            ct.graph().scatter_add_rows(indices, ct, table.shape()[0]),
        )]
    }

    pub(crate) fn lower(e: &mut Emitter, table: &Value, indices: &Value, out: &TensorType) {
        let r = indices.ty.rank();
        let offset: Vec<usize> = (r..r + table.ty.rank() - 1).collect();
        let mut sizes = vec![1];
        sizes.extend_from_slice(&table.ty.shape[1..]);
        let attr = format!(
            "{{dimension_numbers = #stablehlo.gather<offset_dims = [{}], collapsed_slice_dims = [0], start_index_map = [0], index_vector_dim = {r}>, slice_sizes = {}, indices_are_sorted = false}}",
            join(&offset),
            i64_array(&sizes)
        );
        e.op("stablehlo.gather", &[table, indices], &attr, None, out)
    }
}

pub(crate) mod scatter_add_rows {
    use super::*;

    pub(crate) fn infer(idx: &TensorType, upd: &TensorType, num_rows: i64) -> Inferred {
        integer_indices(idx)?;
        if upd.rank() < idx.rank() || upd.shape[..idx.rank()] != idx.shape[..] {
            return shape_err(format!(
                "updates {upd} must start with the indices' shape {idx}"
            ));
        }
        let mut shape = vec![num_rows];
        shape.extend_from_slice(&upd.shape[idx.rank()..]);
        Ok(TensorType::new(upd.dtype, &shape))
    }

    pub(crate) fn vjp<'a>(indices: &Tensor, updates: &'a Tensor, ct: &Tensor) -> Cotangents<'a> {
        vec![(updates, ct.take_rows(indices))]
    }

    pub(crate) fn lower(e: &mut Emitter, indices: &Value, updates: &Value, out: &TensorType) {
        let r = indices.ty.rank();
        let window: Vec<usize> = (r..updates.ty.rank()).collect();
        let zeros = e.splat(0.0, out);
        let region = e.scalar_region("stablehlo.add", out.dtype);
        let attr = format!(
            "{{scatter_dimension_numbers = #stablehlo.scatter<update_window_dims = [{}], inserted_window_dims = [0], scatter_dims_to_operand_dims = [0], index_vector_dim = {r}>, indices_are_sorted = false, unique_indices = false}}",
            join(&window)
        );
        e.op(
            "stablehlo.scatter",
            &[&zeros, indices, updates],
            &attr,
            Some(&region),
            out,
        )
    }
}
