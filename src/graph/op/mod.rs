//! The closed set of primitives. Each variant of `Op` carries its operands by name
//! (`Binary { op, lhs, rhs }`), generic over what an operand is: a node id in a stored graph, a
//! type for the shape rule, a `Tensor` for the VJP, an SSA value for the lowering.
//!
//! This file holds the vocabulary (`Op`, `OpKind`, `kind`, `operands`, `map`) and three
//! dispatchers, `infer` (shape/dtype rule), `vjp` (reverse-mode rule, written with `Tensor` ops)
//! and `lower` (StableHLO), each one exhaustive `match` that only hands a primitive's fields to
//! its family file (`elementwise.rs`, `shape_ops.rs`, `dot.rs`, ...). There each primitive is a
//! module (in `dot.rs` and `reduce.rs`, the file) with its `infer`, `vjp` and `lower` together.
//! A new variant fails to compile until every match here has its arm, so until its family file
//! has all three rules; and `tests/graph_vjp.rs` does not compile until its `OpKind` has a VJP
//! check. Everything else (softmax, layer norm, attention, ...) is built from these. The
//! collectives follow the pmap convention (see `collective.rs`).

mod collective;
mod control;
mod dot;
mod elementwise;
mod gather;
mod reduce;
mod shape_ops;
mod source;

use std::rc::Rc;

use super::module::Module;
use super::printer::{Emitter, Value};
use super::recorder::Tensor;
use super::types::{DotDims, ErrorKind, TensorType};
use crate::tensor::{DType, HostTensor};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum UnaryOp {
    Neg,
    Exp,
    Expm1,
    Log,
    Log1p,
    Tanh,
    Logistic,
    Sqrt,
    Rsqrt,
    Abs,
    Sign,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum BinaryOp {
    Add,
    Sub,
    Mul,
    Div,
    Max,
    Min,
    Pow,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ReduceKind {
    Sum,
    Max,
}

/// Declares `OpKind` with its list of every kind and each kind's name, from one table.
macro_rules! op_kinds {
    ($($kind:ident => $name:literal,)*) => {
        /// One entry per primitive rule set: unary and binary ops and the reductions count
        /// separately, since each has its own VJP. Tests use `ALL` to demand a VJP check of each.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum OpKind {
            $($kind,)*
        }

        impl OpKind {
            pub const ALL: &'static [OpKind] = &[$(OpKind::$kind,)*];

            /// The StableHLO-ish name used in error messages.
            pub fn name(self) -> &'static str {
                match self {
                    $(OpKind::$kind => $name,)*
                }
            }
        }
    };
}

op_kinds! {
    Parameter => "parameter",
    Constant => "constant",
    Iota => "iota",
    ReplicaId => "replica_id",
    Neg => "neg",
    Exp => "exp",
    Expm1 => "expm1",
    Log => "log",
    Log1p => "log1p",
    Tanh => "tanh",
    Logistic => "logistic",
    Sqrt => "sqrt",
    Rsqrt => "rsqrt",
    Abs => "abs",
    Sign => "sign",
    Add => "add",
    Sub => "sub",
    Mul => "mul",
    Div => "div",
    Max => "max",
    Min => "min",
    Pow => "pow",
    Compare => "compare",
    Select => "select",
    Convert => "convert",
    BroadcastInDim => "broadcast_in_dim",
    Reshape => "reshape",
    Transpose => "transpose",
    Slice => "slice",
    Concatenate => "concatenate",
    Pad => "pad",
    UpdateSlice => "update_slice (dynamic_update_slice)",
    DotGeneral => "dot_general",
    ReduceSum => "reduce_sum",
    ReduceMax => "reduce_max",
    TakeRows => "take_rows (gather)",
    ScatterAddRows => "scatter_add_rows (scatter)",
    AllReduceSum => "all_reduce",
    AllGather => "all_gather",
    CollectivePermute => "collective_permute",
    StopGradient => "stop_gradient",
    OptimizationBarrier => "optimization_barrier",
    CustomVjp => "custom_vjp",
    While => "while",
}

/// One primitive application; `T` is what an operand is (see the module comment).
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Op<T> {
    Parameter {
        ty: TensorType,
    },
    Constant {
        value: HostTensor,
    },
    Iota {
        ty: TensorType,
        dim: usize,
    },
    ReplicaId,
    Unary {
        op: UnaryOp,
        x: T,
    },
    Binary {
        op: BinaryOp,
        lhs: T,
        rhs: T,
    },
    Compare {
        direction: Direction,
        lhs: T,
        rhs: T,
    },
    Select {
        pred: T,
        on_true: T,
        on_false: T,
    },
    Convert {
        x: T,
        dtype: DType,
    },
    BroadcastInDim {
        x: T,
        shape: Vec<i64>,
        dims: Vec<usize>,
    },
    Reshape {
        x: T,
        shape: Vec<i64>,
    },
    Transpose {
        x: T,
        perm: Vec<usize>,
    },
    Slice {
        x: T,
        start: Vec<i64>,
        limit: Vec<i64>,
        strides: Vec<i64>,
    },
    Concatenate {
        parts: Vec<T>,
        axis: usize,
    },
    Pad {
        x: T,
        value: T,
        low: Vec<i64>,
        high: Vec<i64>,
        interior: Vec<i64>,
    },
    /// `x` with the window at `start` (of `update`'s shape) replaced by `update`. XLA writes it
    /// over `x`'s buffer when `x` dies here: how a sum grows slice by slice in place.
    UpdateSlice {
        x: T,
        update: T,
        start: Vec<i64>,
    },
    DotGeneral {
        lhs: T,
        rhs: T,
        dims: DotDims,
    },
    Reduce {
        x: T,
        kind: ReduceKind,
        axes: Vec<usize>,
    },
    TakeRows {
        table: T,
        indices: T,
    },
    ScatterAddRows {
        indices: T,
        updates: T,
        num_rows: i64,
    },
    AllReduceSum {
        x: T,
    },
    AllGather {
        x: T,
        axis: usize,
    },
    CollectivePermute {
        x: T,
        pairs: Vec<(usize, usize)>,
    },
    StopGradient {
        x: T,
    },
    /// `x` unchanged, but opaque to XLA (no CSE or code motion across it). With `after`
    /// non-empty, all of them pass through one barrier with `x`, so `x`'s result exists only
    /// once every `after` value does (how remat pins a recomputation into the backward pass).
    OptimizationBarrier {
        x: T,
        after: Vec<T>,
    },
    /// The scalar `value` unchanged, with its gradient given explicitly: the cotangent of
    /// `inputs[i]` is `grads[i]` times the incoming (scalar) cotangent. Autodiff looks neither
    /// inside `value` nor inside `grads` (a custom VJP whose backward was computed alongside the
    /// forward, so its intermediates need not live until the backward pass).
    CustomVjp {
        value: T,
        inputs: Vec<T>,
        grads: Vec<T>,
    },
    /// Result `result` of `stablehlo.while`: `body` applied `trips` times to `carry`. Every
    /// result of one loop is its own node holding the same `body` and `carry`; the printer
    /// emits the loop once. Forward only: differentiating through it is an error.
    While {
        carry: Vec<T>,
        body: LoopBody,
        trips: usize,
        result: usize,
    },
}

/// A `while` loop's body: a module with the loop's replica count whose parameters and outputs
/// are the carried values, in order. Loops are told apart by identity (the printer emits each
/// loop once), so equality is pointer equality.
#[derive(Clone, Debug)]
pub(crate) struct LoopBody(pub Rc<Module>);

impl PartialEq for LoopBody {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

/// What a shape rule gives: the result type, or which rule the operands break and how.
type Inferred = Result<TensorType, (ErrorKind, String)>;
/// A check within a shape rule.
type Checked = Result<(), (ErrorKind, String)>;

/// The cotangent of each operand that gets one (an operand used twice appears twice).
type Cotangents<'a> = Vec<(&'a Tensor, Tensor)>;

fn shape_err<T>(msg: impl Into<String>) -> Result<T, (ErrorKind, String)> {
    Err((ErrorKind::Shape, msg.into()))
}
fn axis_err<T>(msg: impl Into<String>) -> Result<T, (ErrorKind, String)> {
    Err((ErrorKind::Axis, msg.into()))
}
fn dtype_err<T>(msg: impl Into<String>) -> Result<T, (ErrorKind, String)> {
    Err((ErrorKind::DType, msg.into()))
}

fn same_dtype(a: &TensorType, b: &TensorType) -> Checked {
    if a.dtype != b.dtype {
        return dtype_err(format!("dtype mismatch: {} vs {}", a.dtype, b.dtype));
    }
    Ok(())
}

fn inverse_permutation(perm: &[usize]) -> Vec<usize> {
    let mut inv = vec![0; perm.len()];
    for (i, &p) in perm.iter().enumerate() {
        inv[p] = i;
    }
    inv
}

/// `array<i64: ...>`, or `array<i64>` when empty (MLIR rejects the empty list form).
fn i64_array(v: &[i64]) -> String {
    if v.is_empty() {
        "array<i64>".to_string()
    } else {
        format!("array<i64: {}>", join(v))
    }
}

/// `i64_array` of axis numbers.
fn axes_array(v: &[usize]) -> String {
    i64_array(&v.iter().map(|&a| a as i64).collect::<Vec<_>>())
}

fn join<T: ToString>(v: &[T]) -> String {
    v.iter()
        .map(|x| x.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

impl<T> Op<T> {
    pub fn kind(&self) -> OpKind {
        match self {
            Op::Parameter { .. } => OpKind::Parameter,
            Op::Constant { .. } => OpKind::Constant,
            Op::Iota { .. } => OpKind::Iota,
            Op::ReplicaId => OpKind::ReplicaId,
            Op::Unary { op, .. } => match op {
                UnaryOp::Neg => OpKind::Neg,
                UnaryOp::Exp => OpKind::Exp,
                UnaryOp::Log => OpKind::Log,
                UnaryOp::Log1p => OpKind::Log1p,
                UnaryOp::Expm1 => OpKind::Expm1,
                UnaryOp::Tanh => OpKind::Tanh,
                UnaryOp::Logistic => OpKind::Logistic,
                UnaryOp::Sqrt => OpKind::Sqrt,
                UnaryOp::Rsqrt => OpKind::Rsqrt,
                UnaryOp::Abs => OpKind::Abs,
                UnaryOp::Sign => OpKind::Sign,
            },
            Op::Binary { op, .. } => match op {
                BinaryOp::Add => OpKind::Add,
                BinaryOp::Sub => OpKind::Sub,
                BinaryOp::Mul => OpKind::Mul,
                BinaryOp::Div => OpKind::Div,
                BinaryOp::Max => OpKind::Max,
                BinaryOp::Min => OpKind::Min,
                BinaryOp::Pow => OpKind::Pow,
            },
            Op::Compare { .. } => OpKind::Compare,
            Op::Select { .. } => OpKind::Select,
            Op::Convert { .. } => OpKind::Convert,
            Op::BroadcastInDim { .. } => OpKind::BroadcastInDim,
            Op::Reshape { .. } => OpKind::Reshape,
            Op::Transpose { .. } => OpKind::Transpose,
            Op::Slice { .. } => OpKind::Slice,
            Op::Concatenate { .. } => OpKind::Concatenate,
            Op::Pad { .. } => OpKind::Pad,
            Op::UpdateSlice { .. } => OpKind::UpdateSlice,
            Op::DotGeneral { .. } => OpKind::DotGeneral,
            Op::Reduce { kind, .. } => match kind {
                ReduceKind::Sum => OpKind::ReduceSum,
                ReduceKind::Max => OpKind::ReduceMax,
            },
            Op::TakeRows { .. } => OpKind::TakeRows,
            Op::ScatterAddRows { .. } => OpKind::ScatterAddRows,
            Op::AllReduceSum { .. } => OpKind::AllReduceSum,
            Op::AllGather { .. } => OpKind::AllGather,
            Op::CollectivePermute { .. } => OpKind::CollectivePermute,
            Op::StopGradient { .. } => OpKind::StopGradient,
            Op::OptimizationBarrier { .. } => OpKind::OptimizationBarrier,
            Op::CustomVjp { .. } => OpKind::CustomVjp,
            Op::While { .. } => OpKind::While,
        }
    }

    pub fn name(&self) -> &'static str {
        self.kind().name()
    }

    /// The operands in StableHLO order.
    pub fn operands(&self) -> Vec<&T> {
        match self {
            Op::Parameter { .. } | Op::Constant { .. } | Op::Iota { .. } | Op::ReplicaId => vec![],
            Op::Unary { x, .. }
            | Op::Convert { x, .. }
            | Op::BroadcastInDim { x, .. }
            | Op::Reshape { x, .. }
            | Op::Transpose { x, .. }
            | Op::Slice { x, .. }
            | Op::Reduce { x, .. }
            | Op::AllReduceSum { x }
            | Op::AllGather { x, .. }
            | Op::CollectivePermute { x, .. }
            | Op::StopGradient { x } => vec![x],
            Op::OptimizationBarrier { x, after } => std::iter::once(x).chain(after).collect(),
            Op::CustomVjp {
                value,
                inputs,
                grads,
            } => std::iter::once(value).chain(inputs).chain(grads).collect(),
            Op::While { carry, .. } => carry.iter().collect(),
            Op::Binary { lhs, rhs, .. }
            | Op::Compare { lhs, rhs, .. }
            | Op::DotGeneral { lhs, rhs, .. } => vec![lhs, rhs],
            Op::Select {
                pred,
                on_true,
                on_false,
            } => vec![pred, on_true, on_false],
            Op::Concatenate { parts, .. } => parts.iter().collect(),
            Op::Pad { x, value, .. } => vec![x, value],
            Op::UpdateSlice { x, update, .. } => vec![x, update],
            Op::TakeRows { table, indices } => vec![table, indices],
            Op::ScatterAddRows {
                indices, updates, ..
            } => vec![indices, updates],
        }
    }

    /// The same primitive with each operand replaced by `f(operand)`.
    pub fn map<'a, U>(&'a self, mut f: impl FnMut(&'a T) -> U) -> Op<U> {
        match self {
            Op::Parameter { ty } => Op::Parameter { ty: ty.clone() },
            Op::Constant { value } => Op::Constant {
                value: value.clone(),
            },
            Op::Iota { ty, dim } => Op::Iota {
                ty: ty.clone(),
                dim: *dim,
            },
            Op::ReplicaId => Op::ReplicaId,
            Op::Unary { op, x } => Op::Unary { op: *op, x: f(x) },
            Op::Binary { op, lhs, rhs } => Op::Binary {
                op: *op,
                lhs: f(lhs),
                rhs: f(rhs),
            },
            Op::Compare {
                direction,
                lhs,
                rhs,
            } => Op::Compare {
                direction: *direction,
                lhs: f(lhs),
                rhs: f(rhs),
            },
            Op::Select {
                pred,
                on_true,
                on_false,
            } => Op::Select {
                pred: f(pred),
                on_true: f(on_true),
                on_false: f(on_false),
            },
            Op::Convert { x, dtype } => Op::Convert {
                x: f(x),
                dtype: *dtype,
            },
            Op::BroadcastInDim { x, shape, dims } => Op::BroadcastInDim {
                x: f(x),
                shape: shape.clone(),
                dims: dims.clone(),
            },
            Op::Reshape { x, shape } => Op::Reshape {
                x: f(x),
                shape: shape.clone(),
            },
            Op::Transpose { x, perm } => Op::Transpose {
                x: f(x),
                perm: perm.clone(),
            },
            Op::Slice {
                x,
                start,
                limit,
                strides,
            } => Op::Slice {
                x: f(x),
                start: start.clone(),
                limit: limit.clone(),
                strides: strides.clone(),
            },
            Op::Concatenate { parts, axis } => Op::Concatenate {
                parts: parts.iter().map(f).collect(),
                axis: *axis,
            },
            Op::Pad {
                x,
                value,
                low,
                high,
                interior,
            } => Op::Pad {
                x: f(x),
                value: f(value),
                low: low.clone(),
                high: high.clone(),
                interior: interior.clone(),
            },
            Op::UpdateSlice { x, update, start } => Op::UpdateSlice {
                x: f(x),
                update: f(update),
                start: start.clone(),
            },
            Op::DotGeneral { lhs, rhs, dims } => Op::DotGeneral {
                lhs: f(lhs),
                rhs: f(rhs),
                dims: dims.clone(),
            },
            Op::Reduce { x, kind, axes } => Op::Reduce {
                x: f(x),
                kind: *kind,
                axes: axes.clone(),
            },
            Op::TakeRows { table, indices } => Op::TakeRows {
                table: f(table),
                indices: f(indices),
            },
            Op::ScatterAddRows {
                indices,
                updates,
                num_rows,
            } => Op::ScatterAddRows {
                indices: f(indices),
                updates: f(updates),
                num_rows: *num_rows,
            },
            Op::AllReduceSum { x } => Op::AllReduceSum { x: f(x) },
            Op::AllGather { x, axis } => Op::AllGather {
                x: f(x),
                axis: *axis,
            },
            Op::CollectivePermute { x, pairs } => Op::CollectivePermute {
                x: f(x),
                pairs: pairs.clone(),
            },
            Op::StopGradient { x } => Op::StopGradient { x: f(x) },
            Op::OptimizationBarrier { x, after } => Op::OptimizationBarrier {
                x: f(x),
                after: after.iter().map(&mut f).collect(),
            },
            Op::CustomVjp {
                value,
                inputs,
                grads,
            } => Op::CustomVjp {
                value: f(value),
                inputs: inputs.iter().map(&mut f).collect(),
                grads: grads.iter().map(&mut f).collect(),
            },
            Op::While {
                carry,
                body,
                trips,
                result,
            } => Op::While {
                carry: carry.iter().map(&mut f).collect(),
                body: body.clone(),
                trips: *trips,
                result: *result,
            },
        }
    }
}

impl Op<&TensorType> {
    /// Shape and dtype rule: the result type, or why the operands are invalid.
    pub fn infer(&self, num_replicas: usize) -> Inferred {
        match self {
            Op::Parameter { ty } => source::parameter::infer(ty),
            Op::Constant { value } => source::constant::infer(value),
            Op::Iota { ty, dim } => source::iota::infer(ty, *dim),
            Op::ReplicaId => collective::replica_id::infer(),
            Op::Unary { op, x } => elementwise::unary::infer(*op, x),
            Op::Binary { op, lhs, rhs } => elementwise::binary::infer(*op, lhs, rhs),
            Op::Compare { lhs, rhs, .. } => elementwise::compare::infer(lhs, rhs),
            Op::Select {
                pred,
                on_true,
                on_false,
            } => elementwise::select::infer(pred, on_true, on_false),
            Op::Convert { x, dtype } => elementwise::convert::infer(x, *dtype),
            Op::BroadcastInDim { x, shape, dims } => {
                shape_ops::broadcast_in_dim::infer(x, shape, dims)
            }
            Op::Reshape { x, shape } => shape_ops::reshape::infer(x, shape),
            Op::Transpose { x, perm } => shape_ops::transpose::infer(x, perm),
            Op::Slice {
                x,
                start,
                limit,
                strides,
            } => shape_ops::slice::infer(x, start, limit, strides),
            Op::Concatenate { parts, axis } => shape_ops::concatenate::infer(parts, *axis),
            Op::Pad {
                x,
                value,
                low,
                high,
                interior,
            } => shape_ops::pad::infer(x, value, low, high, interior),
            Op::UpdateSlice { x, update, start } => {
                shape_ops::update_slice::infer(x, update, start)
            }
            Op::DotGeneral { lhs, rhs, dims } => dot::infer(lhs, rhs, dims),
            Op::Reduce { x, axes, .. } => reduce::infer(x, axes),
            Op::TakeRows { table, indices } => gather::take_rows::infer(table, indices),
            Op::ScatterAddRows {
                indices,
                updates,
                num_rows,
            } => gather::scatter_add_rows::infer(indices, updates, *num_rows),
            Op::AllReduceSum { x } => collective::all_reduce_sum::infer(x),
            Op::AllGather { x, axis } => collective::all_gather::infer(x, *axis, num_replicas),
            Op::CollectivePermute { x, pairs } => {
                collective::collective_permute::infer(x, pairs, num_replicas)
            }
            Op::StopGradient { x } => control::stop_gradient::infer(x),
            Op::OptimizationBarrier { x, .. } => control::optimization_barrier::infer(x),
            Op::CustomVjp {
                value,
                inputs,
                grads,
            } => control::custom_vjp::infer(value, inputs, grads),
            Op::While {
                carry,
                body,
                result,
                ..
            } => control::while_loop::infer(carry, body, *result, num_replicas),
        }
    }
}

impl Op<Tensor> {
    /// Reverse-mode rule: the cotangent of each operand that gets one, given the output `out`
    /// and its cotangent `ct`.
    pub fn vjp(&self, out: &Tensor, ct: &Tensor) -> Cotangents<'_> {
        match self {
            Op::Parameter { .. } => source::parameter::vjp(),
            Op::Constant { .. } => source::constant::vjp(),
            Op::Iota { .. } => source::iota::vjp(),
            Op::ReplicaId => collective::replica_id::vjp(),
            Op::Unary { op, x } => elementwise::unary::vjp(*op, x, out, ct),
            Op::Binary { op, lhs, rhs } => elementwise::binary::vjp(*op, lhs, rhs, out, ct),
            Op::Compare { .. } => elementwise::compare::vjp(),
            Op::Select {
                pred,
                on_true,
                on_false,
            } => elementwise::select::vjp(pred, on_true, on_false, ct),
            Op::Convert { x, .. } => elementwise::convert::vjp(x, ct),
            Op::BroadcastInDim { x, dims, .. } => shape_ops::broadcast_in_dim::vjp(x, dims, ct),
            Op::Reshape { x, .. } => shape_ops::reshape::vjp(x, ct),
            Op::Transpose { x, perm } => shape_ops::transpose::vjp(x, perm, ct),
            Op::Slice {
                x, start, strides, ..
            } => shape_ops::slice::vjp(x, start, strides, ct),
            Op::Concatenate { parts, axis } => shape_ops::concatenate::vjp(parts, *axis, ct),
            Op::Pad {
                x,
                value,
                low,
                interior,
                ..
            } => shape_ops::pad::vjp(x, value, low, interior, ct),
            Op::UpdateSlice { x, update, start } => {
                shape_ops::update_slice::vjp(x, update, start, ct)
            }
            Op::DotGeneral { lhs, rhs, dims } => dot::vjp(lhs, rhs, dims, ct),
            Op::Reduce { x, kind, axes } => reduce::vjp(x, *kind, axes, out, ct),
            Op::TakeRows { table, indices } => gather::take_rows::vjp(table, indices, ct),
            Op::ScatterAddRows {
                indices, updates, ..
            } => gather::scatter_add_rows::vjp(indices, updates, ct),
            Op::AllReduceSum { x } => collective::all_reduce_sum::vjp(x, ct),
            Op::AllGather { x, axis } => collective::all_gather::vjp(x, *axis, ct),
            Op::CollectivePermute { x, pairs } => collective::collective_permute::vjp(x, pairs, ct),
            Op::StopGradient { .. } => control::stop_gradient::vjp(),
            Op::OptimizationBarrier { x, .. } => control::optimization_barrier::vjp(x, ct),
            Op::CustomVjp { inputs, grads, .. } => control::custom_vjp::vjp(inputs, grads, ct),
            Op::While { .. } => control::while_loop::vjp(ct),
        }
    }
}

impl Op<Value> {
    /// StableHLO lowering of one node (its result of type `out`) into `e`.
    pub fn lower(&self, e: &mut Emitter, out: &TensorType) {
        match self {
            Op::Parameter { .. } => source::parameter::lower(),
            Op::Constant { value } => source::constant::lower(e, value, out),
            Op::Iota { dim, .. } => source::iota::lower(e, *dim, out),
            Op::ReplicaId => collective::replica_id::lower(e, out),
            Op::Unary { op, x } => elementwise::unary::lower(e, *op, x, out),
            Op::Binary { op, lhs, rhs } => elementwise::binary::lower(e, *op, lhs, rhs, out),
            Op::Compare {
                direction,
                lhs,
                rhs,
            } => elementwise::compare::lower(e, *direction, lhs, rhs, out),
            Op::Select {
                pred,
                on_true,
                on_false,
            } => elementwise::select::lower(e, pred, on_true, on_false, out),
            Op::Convert { x, .. } => elementwise::convert::lower(e, x, out),
            Op::BroadcastInDim { x, dims, .. } => {
                shape_ops::broadcast_in_dim::lower(e, x, dims, out)
            }
            Op::Reshape { x, .. } => shape_ops::reshape::lower(e, x, out),
            Op::Transpose { x, perm } => shape_ops::transpose::lower(e, x, perm, out),
            Op::Slice {
                x,
                start,
                limit,
                strides,
            } => shape_ops::slice::lower(e, x, start, limit, strides, out),
            Op::Concatenate { parts, axis } => shape_ops::concatenate::lower(e, parts, *axis, out),
            Op::Pad {
                x,
                value,
                low,
                high,
                interior,
            } => shape_ops::pad::lower(e, x, value, low, high, interior, out),
            Op::UpdateSlice { x, update, start } => {
                shape_ops::update_slice::lower(e, x, update, start, out)
            }
            Op::DotGeneral { lhs, rhs, dims } => dot::lower(e, lhs, rhs, dims, out),
            Op::Reduce { x, kind, axes } => reduce::lower(e, x, *kind, axes, out),
            Op::TakeRows { table, indices } => gather::take_rows::lower(e, table, indices, out),
            Op::ScatterAddRows {
                indices, updates, ..
            } => gather::scatter_add_rows::lower(e, indices, updates, out),
            Op::AllReduceSum { x } => collective::all_reduce_sum::lower(e, x, out),
            Op::AllGather { x, axis } => collective::all_gather::lower(e, x, *axis, out),
            Op::CollectivePermute { x, pairs } => {
                collective::collective_permute::lower(e, x, pairs, out)
            }
            Op::StopGradient { x } => control::stop_gradient::lower(e, x),
            Op::OptimizationBarrier { x, after } => {
                control::optimization_barrier::lower(e, x, after, out)
            }
            Op::CustomVjp { value, .. } => control::custom_vjp::lower(e, value),
            Op::While {
                carry,
                body,
                trips,
                result,
            } => control::while_loop::lower(e, carry, body, *trips, *result),
        }
    }
}
