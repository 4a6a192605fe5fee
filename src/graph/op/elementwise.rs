//! Elementwise primitives: unary math, binary arithmetic, comparison, select and dtype
//! conversion. Operands have one shape (the `Tensor` API broadcasts before it gets here).

use super::{
    dtype_err, same_dtype, shape_err, BinaryOp, Checked, Cotangents, Direction, Inferred, UnaryOp,
};
use crate::graph::printer::{Emitter, Value};
use crate::graph::recorder::Tensor;
use crate::graph::types::TensorType;
use crate::tensor::DType;

/// Zeros of `t`'s type.
fn zeros_like(t: &Tensor) -> Tensor {
    t.scalar_like(0.0).broadcast_to(t.shape())
}

/// Both operands of a binary op or comparison: one dtype, one shape.
fn same_type(a: &TensorType, b: &TensorType) -> Checked {
    same_dtype(a, b)?;
    if a.shape != b.shape {
        return shape_err(format!("shape mismatch: {a} vs {b}"));
    }
    Ok(())
}

/// `neg`, `exp`, `log`, ...: one operand, a result of its type.
pub(crate) mod unary {
    use super::*;

    pub(crate) fn infer(op: UnaryOp, x: &TensorType) -> Inferred {
        let float_only = !matches!(op, UnaryOp::Neg | UnaryOp::Abs | UnaryOp::Sign);
        if (float_only && !x.dtype.is_float()) || x.dtype == DType::Pred {
            return dtype_err(format!("needs a float operand, got {}", x.dtype));
        }
        Ok(x.clone())
    }

    pub(crate) fn vjp<'a>(op: UnaryOp, x: &'a Tensor, out: &Tensor, ct: &Tensor) -> Cotangents<'a> {
        let g = match op {
            UnaryOp::Neg => -ct,
            UnaryOp::Exp => ct * out,
            UnaryOp::Log => ct / x,
            UnaryOp::Log1p => ct / (x + 1.0),
            // exp(x), not out + 1, which loses the digits of exp(x) near 0.
            UnaryOp::Expm1 => ct * x.exp(),
            UnaryOp::Tanh => ct * (out.scalar_like(1.0) - out * out),
            UnaryOp::Logistic => ct * out * (out.scalar_like(1.0) - out),
            UnaryOp::Sqrt => ct * 0.5 / out,
            UnaryOp::Rsqrt => ct * -0.5 * out / x,
            UnaryOp::Abs => ct * x.sign(),
            UnaryOp::Sign => return vec![],
        };
        vec![(x, g)]
    }

    pub(crate) fn lower(e: &mut Emitter, op: UnaryOp, x: &Value, out: &TensorType) {
        let name = match op {
            UnaryOp::Neg => "stablehlo.negate",
            UnaryOp::Exp => "stablehlo.exponential",
            UnaryOp::Log => "stablehlo.log",
            UnaryOp::Log1p => "stablehlo.log_plus_one",
            UnaryOp::Expm1 => "stablehlo.exponential_minus_one",
            UnaryOp::Tanh => "stablehlo.tanh",
            UnaryOp::Logistic => "stablehlo.logistic",
            UnaryOp::Sqrt => "stablehlo.sqrt",
            UnaryOp::Rsqrt => "stablehlo.rsqrt",
            UnaryOp::Abs => "stablehlo.abs",
            UnaryOp::Sign => "stablehlo.sign",
        };
        e.op(name, &[x], "", None, out)
    }
}

/// `add`, `sub`, `mul`, `div`, `max`, `min`, `pow` on operands of one type.
pub(crate) mod binary {
    use super::*;

    pub(crate) fn infer(op: BinaryOp, a: &TensorType, b: &TensorType) -> Inferred {
        same_type(a, b)?;
        if op == BinaryOp::Pow && !a.dtype.is_float() {
            return dtype_err(format!("needs float operands, got {}", a.dtype));
        }
        Ok(a.clone())
    }

    pub(crate) fn vjp<'a>(
        op: BinaryOp,
        lhs: &'a Tensor,
        rhs: &'a Tensor,
        out: &Tensor,
        ct: &Tensor,
    ) -> Cotangents<'a> {
        match op {
            BinaryOp::Add => vec![(lhs, ct.clone()), (rhs, ct.clone())],
            BinaryOp::Sub => vec![(lhs, ct.clone()), (rhs, -ct)],
            BinaryOp::Mul => vec![(lhs, ct * rhs), (rhs, ct * lhs)],
            BinaryOp::Div => vec![(lhs, ct / rhs), (rhs, -(ct * out) / rhs)],
            BinaryOp::Max | BinaryOp::Min => {
                // Ties split the cotangent evenly, as JAX does.
                let dir = if op == BinaryOp::Max {
                    Direction::Gt
                } else {
                    Direction::Lt
                };
                let zero = zeros_like(ct);
                let half = ct * 0.5;
                let pick = |winner: &Tensor, loser: &Tensor| {
                    let wins = winner.compare(loser, dir);
                    let ties = winner.eq(loser);
                    wins.select(ct, &ties.select(&half, &zero))
                };
                vec![(lhs, pick(lhs, rhs)), (rhs, pick(rhs, lhs))]
            }
            BinaryOp::Pow => {
                // As JAX: d/dx = y·x^(y−1), taken as 0 where y = 0 (JAX's rule for integer
                // exponents; its float rule gives 0·∞ = NaN at x = y = 0, where x^0 = 1 is
                // constant); d/dy = x^y·log x with log 0 taken as 0 (so 0 at x = 0, y > 0).
                let zero = zeros_like(lhs);
                let dx = rhs * lhs.pow(&(rhs - 1.0));
                let dx = rhs.eq(&zero).select(&zero, &dx);
                let safe_log = lhs.eq(&zero).select(&zero, &lhs.log());
                vec![(lhs, ct * dx), (rhs, ct * out * safe_log)]
            }
        }
    }

    pub(crate) fn lower(e: &mut Emitter, op: BinaryOp, lhs: &Value, rhs: &Value, out: &TensorType) {
        let name = match op {
            BinaryOp::Add => "stablehlo.add",
            BinaryOp::Sub => "stablehlo.subtract",
            BinaryOp::Mul => "stablehlo.multiply",
            BinaryOp::Div => "stablehlo.divide",
            BinaryOp::Max => "stablehlo.maximum",
            BinaryOp::Min => "stablehlo.minimum",
            BinaryOp::Pow => "stablehlo.power",
        };
        e.op(name, &[lhs, rhs], "", None, out)
    }
}

/// Elementwise comparison of operands of one type: a pred result, no cotangent.
pub(crate) mod compare {
    use super::*;

    pub(crate) fn infer(a: &TensorType, b: &TensorType) -> Inferred {
        same_type(a, b)?;
        Ok(TensorType::new(DType::Pred, &a.shape))
    }

    pub(crate) fn vjp() -> Cotangents<'static> {
        vec![]
    }

    pub(crate) fn lower(
        e: &mut Emitter,
        direction: Direction,
        lhs: &Value,
        rhs: &Value,
        out: &TensorType,
    ) {
        let dir = match direction {
            Direction::Eq => "EQ",
            Direction::Ne => "NE",
            Direction::Lt => "LT",
            Direction::Le => "LE",
            Direction::Gt => "GT",
            Direction::Ge => "GE",
        };
        let kind = match lhs.ty.dtype {
            t if t.is_float() => "FLOAT",
            t if t.is_unsigned() => "UNSIGNED",
            _ => "SIGNED",
        };
        let attr = format!(
            "{{comparison_direction = #stablehlo<comparison_direction {dir}>, compare_type = #stablehlo<comparison_type {kind}>}}"
        );
        e.op("stablehlo.compare", &[lhs, rhs], &attr, None, out)
    }
}

pub(crate) mod select {
    use super::*;

    pub(crate) fn infer(p: &TensorType, a: &TensorType, b: &TensorType) -> Inferred {
        if p.dtype != DType::Pred {
            return dtype_err(format!("predicate must be i1, got {}", p.dtype));
        }
        same_dtype(a, b)?;
        if p.shape != a.shape || a.shape != b.shape {
            return shape_err("predicate and both branches need the same shape");
        }
        Ok(a.clone())
    }

    pub(crate) fn vjp<'a>(
        pred: &Tensor,
        on_true: &'a Tensor,
        on_false: &'a Tensor,
        ct: &Tensor,
    ) -> Cotangents<'a> {
        let zero = zeros_like(ct);
        vec![
            (on_true, pred.select(ct, &zero)),
            (on_false, pred.select(&zero, ct)),
        ]
    }

    pub(crate) fn lower(
        e: &mut Emitter,
        pred: &Value,
        on_true: &Value,
        on_false: &Value,
        out: &TensorType,
    ) {
        e.op(
            "stablehlo.select",
            &[pred, on_true, on_false],
            "",
            None,
            out,
        )
    }
}

/// A change of dtype; only float-to-float passes a cotangent back.
pub(crate) mod convert {
    use super::*;

    pub(crate) fn infer(x: &TensorType, dtype: DType) -> Inferred {
        Ok(TensorType::new(dtype, &x.shape))
    }

    pub(crate) fn vjp<'a>(x: &'a Tensor, ct: &Tensor) -> Cotangents<'a> {
        if x.dtype().is_float() && ct.dtype().is_float() {
            vec![(x, ct.convert(x.dtype()))]
        } else {
            vec![]
        }
    }

    pub(crate) fn lower(e: &mut Emitter, x: &Value, out: &TensorType) {
        e.op("stablehlo.convert", &[x], "", None, out)
    }
}
