//! Primitives without operands that make a value: a program input, a constant, an index ramp.
//! None has a cotangent to pass on.

use super::{axis_err, shape_err, Checked, Cotangents, Inferred};
use crate::graph::printer::{dense_literal, Emitter};
use crate::graph::types::TensorType;
use crate::tensor::HostTensor;

fn no_negative_dimension(ty: &TensorType) -> Checked {
    if ty.shape.iter().any(|&d| d < 0) {
        return shape_err(format!("negative dimension in {ty}"));
    }
    Ok(())
}

pub(crate) mod parameter {
    use super::*;

    pub(crate) fn infer(ty: &TensorType) -> Inferred {
        no_negative_dimension(ty)?;
        Ok(ty.clone())
    }

    pub(crate) fn vjp() -> Cotangents<'static> {
        vec![]
    }

    pub(crate) fn lower() {
        unreachable!("parameters are function arguments")
    }
}

pub(crate) mod constant {
    use super::*;

    pub(crate) fn infer(value: &HostTensor) -> Inferred {
        Ok(TensorType::new(value.dtype, &value.shape))
    }

    pub(crate) fn vjp() -> Cotangents<'static> {
        vec![]
    }

    pub(crate) fn lower(e: &mut Emitter, value: &HostTensor, out: &TensorType) {
        let attr = format!("{{value = {}}}", dense_literal(value));
        e.op("stablehlo.constant", &[], &attr, None, out)
    }
}

pub(crate) mod iota {
    use super::*;

    pub(crate) fn infer(ty: &TensorType, dim: usize) -> Inferred {
        no_negative_dimension(ty)?;
        if dim >= ty.rank() {
            return axis_err(format!("iota dimension {dim} out of range for {ty}"));
        }
        Ok(ty.clone())
    }

    pub(crate) fn vjp() -> Cotangents<'static> {
        vec![]
    }

    pub(crate) fn lower(e: &mut Emitter, dim: usize, out: &TensorType) {
        e.op(
            "stablehlo.iota",
            &[],
            &format!("{{iota_dimension = {dim} : i64}}"),
            None,
            out,
        )
    }
}
