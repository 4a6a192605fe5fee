//! The closed set of primitives. Each variant carries its operands by name (`Binary { op, lhs,
//! rhs }`), generic over what an operand is: a node id in a stored graph, a type for the shape
//! rule, a `Tensor` for the VJP, an SSA value for the lowering. Each primitive's three rules sit
//! side by side, each an exhaustive `match` in the same order: `infer` (shape/dtype rule), `vjp`
//! (reverse-mode rule, written with builder ops) and `lower` (StableHLO). Adding a variant fails
//! to compile until all three exist (and `kind`, `operands`, `map`). Everything else (softmax,
//! layer norm, attention, ...) is built from these.
//!
//! Collectives follow the pmap convention: the differentiated objective is the sum over replicas
//! of each replica's scalar. Hence VJP(all_reduce_sum) = all_reduce_sum of the cotangents,
//! VJP(all_gather) = this replica's chunk of all_reduce_sum(cotangent) (a reduce-scatter), and
//! VJP(collective_permute) = collective_permute with the pairs reversed (replicas that sent
//! nothing get a zero cotangent, as receivers of nothing get zeros).

use std::rc::Rc;

use super::builder::{DotDims, ErrorKind, Module, Tensor, TensorType};
use super::printer::{Emitter, Value};
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

type Inferred = Result<TensorType, (ErrorKind, String)>;

fn shape_err<T>(msg: impl Into<String>) -> Result<T, (ErrorKind, String)> {
    Err((ErrorKind::Shape, msg.into()))
}
fn axis_err<T>(msg: impl Into<String>) -> Result<T, (ErrorKind, String)> {
    Err((ErrorKind::Axis, msg.into()))
}
fn dtype_err<T>(msg: impl Into<String>) -> Result<T, (ErrorKind, String)> {
    Err((ErrorKind::DType, msg.into()))
}

fn same_dtype(a: &TensorType, b: &TensorType) -> Result<(), (ErrorKind, String)> {
    if a.dtype != b.dtype {
        return dtype_err(format!("dtype mismatch: {} vs {}", a.dtype, b.dtype));
    }
    Ok(())
}

fn is_permutation(perm: &[usize], rank: usize) -> bool {
    let mut seen = vec![false; rank];
    perm.len() == rank
        && perm
            .iter()
            .all(|&p| p < rank && !std::mem::replace(&mut seen[p], true))
}

/// Axes of `rank` that are not listed in any of `used`, ascending.
fn free_axes(rank: usize, used: &[&[usize]]) -> Vec<usize> {
    (0..rank)
        .filter(|a| used.iter().all(|u| !u.contains(a)))
        .collect()
}

fn inverse_permutation(perm: &[usize]) -> Vec<usize> {
    let mut inv = vec![0; perm.len()];
    for (i, &p) in perm.iter().enumerate() {
        inv[p] = i;
    }
    inv
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
            Op::Parameter { ty } | Op::Iota { ty, .. } => {
                if ty.shape.iter().any(|&d| d < 0) {
                    return shape_err(format!("negative dimension in {ty}"));
                }
                if let Op::Iota { dim, .. } = self {
                    if *dim >= ty.rank() {
                        return axis_err(format!("iota dimension {dim} out of range for {ty}"));
                    }
                }
                Ok(ty.clone())
            }
            Op::Constant { value } => Ok(TensorType::new(value.dtype, &value.shape)),
            Op::ReplicaId => Ok(TensorType::new(DType::U32, &[])),
            Op::Unary { op, x } => {
                let float_only = !matches!(op, UnaryOp::Neg | UnaryOp::Abs | UnaryOp::Sign);
                if (float_only && !x.dtype.is_float()) || x.dtype == DType::Pred {
                    return dtype_err(format!("needs a float operand, got {}", x.dtype));
                }
                Ok((*x).clone())
            }
            Op::Binary { lhs: a, rhs: b, .. } | Op::Compare { lhs: a, rhs: b, .. } => {
                same_dtype(a, b)?;
                if a.shape != b.shape {
                    return shape_err(format!("shape mismatch: {a} vs {b}"));
                }
                if matches!(
                    self,
                    Op::Binary {
                        op: BinaryOp::Pow,
                        ..
                    }
                ) && !a.dtype.is_float()
                {
                    return dtype_err(format!("needs float operands, got {}", a.dtype));
                }
                let dtype = if matches!(self, Op::Compare { .. }) {
                    DType::Pred
                } else {
                    a.dtype
                };
                Ok(TensorType::new(dtype, &a.shape))
            }
            Op::Select {
                pred: p,
                on_true: a,
                on_false: b,
            } => {
                if p.dtype != DType::Pred {
                    return dtype_err(format!("predicate must be i1, got {}", p.dtype));
                }
                same_dtype(a, b)?;
                if p.shape != a.shape || a.shape != b.shape {
                    return shape_err("predicate and both branches need the same shape");
                }
                Ok((*a).clone())
            }
            Op::Convert { x, dtype } => Ok(TensorType::new(*dtype, &x.shape)),
            Op::BroadcastInDim { x, shape, dims } => {
                if dims.len() != x.rank() {
                    return axis_err(format!(
                        "broadcast_dimensions {dims:?} must have one entry per operand axis"
                    ));
                }
                for (i, &d) in dims.iter().enumerate() {
                    if d >= shape.len() || (i > 0 && d <= dims[i - 1]) {
                        return axis_err(format!(
                            "broadcast_dimensions {dims:?} invalid for result shape {shape:?}"
                        ));
                    }
                    if x.shape[i] != 1 && x.shape[i] != shape[d] {
                        return shape_err(format!(
                            "cannot broadcast to {shape:?} with dims {dims:?}"
                        ));
                    }
                }
                Ok(TensorType::new(x.dtype, shape))
            }
            Op::Reshape { x, shape } => {
                let n: i64 = shape.iter().product();
                if shape.iter().any(|&d| d < 0) || n != x.element_count() {
                    return shape_err(format!(
                        "cannot reshape {x} ({} elements) to {shape:?}",
                        x.element_count()
                    ));
                }
                Ok(TensorType::new(x.dtype, shape))
            }
            Op::Transpose { x, perm } => {
                if !is_permutation(perm, x.rank()) {
                    return axis_err(format!("{perm:?} is not a permutation of the axes of {x}"));
                }
                Ok(TensorType::new(
                    x.dtype,
                    &perm.iter().map(|&p| x.shape[p]).collect::<Vec<_>>(),
                ))
            }
            Op::Slice {
                x,
                start,
                limit,
                strides,
            } => {
                let r = x.rank();
                if start.len() != r || limit.len() != r || strides.len() != r {
                    return axis_err(format!("slice needs {r} starts/limits/strides"));
                }
                let mut shape = Vec::with_capacity(r);
                for i in 0..r {
                    if start[i] < 0
                        || limit[i] > x.shape[i]
                        || start[i] > limit[i]
                        || strides[i] < 1
                    {
                        return shape_err(format!(
                            "slice [{}:{}:{}] out of bounds on axis {i} of size {}",
                            start[i], limit[i], strides[i], x.shape[i]
                        ));
                    }
                    shape.push((limit[i] - start[i] + strides[i] - 1) / strides[i]);
                }
                Ok(TensorType::new(x.dtype, &shape))
            }
            Op::Concatenate { parts, axis } => {
                let Some(&first) = parts.first() else {
                    return shape_err("needs at least one operand");
                };
                if *axis >= first.rank() {
                    return axis_err(format!(
                        "axis {axis} out of range for rank {}",
                        first.rank()
                    ));
                }
                let mut shape = first.shape.clone();
                shape[*axis] = 0;
                for &t in parts {
                    same_dtype(first, t)?;
                    let compatible = t.rank() == first.rank()
                        && (0..t.rank()).all(|i| i == *axis || t.shape[i] == first.shape[i]);
                    if !compatible {
                        return shape_err(format!(
                            "cannot concatenate {first} and {t} along axis {axis}"
                        ));
                    }
                    shape[*axis] += t.shape[*axis];
                }
                Ok(TensorType::new(first.dtype, &shape))
            }
            Op::Pad {
                x,
                value: v,
                low,
                high,
                interior,
            } => {
                same_dtype(x, v)?;
                if v.rank() != 0 {
                    return shape_err("padding value must be a scalar");
                }
                let r = x.rank();
                if low.len() != r || high.len() != r || interior.len() != r {
                    return axis_err(format!("pad needs {r} low/high/interior entries"));
                }
                if low.iter().chain(high).chain(interior).any(|&p| p < 0) {
                    return shape_err("negative padding is not supported");
                }
                let shape: Vec<i64> = (0..r)
                    .map(|i| low[i] + high[i] + x.shape[i] + (x.shape[i] - 1).max(0) * interior[i])
                    .collect();
                Ok(TensorType::new(x.dtype, &shape))
            }
            Op::UpdateSlice {
                x,
                update: u,
                start,
            } => {
                same_dtype(x, u)?;
                let r = x.rank();
                if u.rank() != r || start.len() != r {
                    return axis_err(format!(
                        "update_slice of {u} into {x} needs {r} start indices and an update of rank {r}"
                    ));
                }
                for i in 0..r {
                    if start[i] < 0 || start[i] + u.shape[i] > x.shape[i] {
                        return shape_err(format!(
                            "update_slice: {u} at {start:?} does not fit in {x} on axis {i}"
                        ));
                    }
                }
                Ok((*x).clone())
            }
            Op::DotGeneral {
                lhs: a,
                rhs: b,
                dims: d,
            } => {
                same_dtype(a, b)?;
                if d.lhs_batch.len() != d.rhs_batch.len()
                    || d.lhs_contract.len() != d.rhs_contract.len()
                {
                    return axis_err(format!("unpaired batch/contracting dims {d:?}"));
                }
                let all_lhs: Vec<usize> =
                    d.lhs_batch.iter().chain(&d.lhs_contract).copied().collect();
                let all_rhs: Vec<usize> =
                    d.rhs_batch.iter().chain(&d.rhs_contract).copied().collect();
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
            Op::Reduce { x, axes, .. } => {
                if axes.iter().any(|&a| a >= x.rank()) {
                    return axis_err(format!("axes {axes:?} out of range for {x}"));
                }
                let shape: Vec<i64> = (0..x.rank())
                    .filter(|i| !axes.contains(i))
                    .map(|i| x.shape[i])
                    .collect();
                Ok(TensorType::new(x.dtype, &shape))
            }
            Op::TakeRows {
                table,
                indices: idx,
            } => {
                if table.rank() == 0 {
                    return shape_err("table must have at least one axis");
                }
                if !matches!(idx.dtype, DType::I32 | DType::I64 | DType::U32) {
                    return dtype_err(format!("indices must be integers, got {}", idx.dtype));
                }
                let mut shape = idx.shape.clone();
                shape.extend_from_slice(&table.shape[1..]);
                Ok(TensorType::new(table.dtype, &shape))
            }
            Op::ScatterAddRows {
                indices: idx,
                updates: upd,
                num_rows,
            } => {
                if !matches!(idx.dtype, DType::I32 | DType::I64 | DType::U32) {
                    return dtype_err(format!("indices must be integers, got {}", idx.dtype));
                }
                if upd.rank() < idx.rank() || upd.shape[..idx.rank()] != idx.shape[..] {
                    return shape_err(format!(
                        "updates {upd} must start with the indices' shape {idx}"
                    ));
                }
                let mut shape = vec![*num_rows];
                shape.extend_from_slice(&upd.shape[idx.rank()..]);
                Ok(TensorType::new(upd.dtype, &shape))
            }
            Op::AllReduceSum { x } | Op::StopGradient { x } | Op::OptimizationBarrier { x, .. } => {
                Ok((*x).clone())
            }
            Op::AllGather { x, axis } => {
                if *axis >= x.rank() {
                    return axis_err(format!("axis {axis} out of range for {x}"));
                }
                let mut shape = x.shape.clone();
                shape[*axis] *= num_replicas as i64;
                Ok(TensorType::new(x.dtype, &shape))
            }
            Op::CollectivePermute { x, pairs } => {
                let mut sources = vec![false; num_replicas];
                let mut targets = vec![false; num_replicas];
                for &(s, t) in pairs {
                    if s >= num_replicas || t >= num_replicas {
                        return Err((
                            ErrorKind::Graph,
                            format!("pair ({s}, {t}) outside {num_replicas} replicas"),
                        ));
                    }
                    if std::mem::replace(&mut sources[s], true)
                        || std::mem::replace(&mut targets[t], true)
                    {
                        return Err((
                            ErrorKind::Graph,
                            format!("replica repeated in pairs {pairs:?}"),
                        ));
                    }
                }
                Ok((*x).clone())
            }
            Op::CustomVjp {
                value,
                inputs,
                grads,
            } => {
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
                Ok((*value).clone())
            }
            Op::While {
                carry,
                body,
                result,
                ..
            } => {
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
                match carry.get(*result) {
                    Some(ty) => Ok((*ty).clone()),
                    None => shape_err(format!("no result {result} of {} carried", carry.len())),
                }
            }
        }
    }
}

impl Op<Tensor> {
    /// Reverse-mode rule: the cotangent of each operand that gets one, given the output `out`
    /// and its cotangent `ct` (an operand used twice appears twice).
    pub fn vjp(&self, out: &Tensor, ct: &Tensor) -> Vec<(&Tensor, Tensor)> {
        match self {
            Op::Parameter { .. } | Op::Constant { .. } | Op::Iota { .. } | Op::ReplicaId => vec![],
            Op::Unary { op, x } => {
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
            Op::Binary { op, lhs, rhs } => match op {
                BinaryOp::Add => vec![(lhs, ct.clone()), (rhs, ct.clone())],
                BinaryOp::Sub => vec![(lhs, ct.clone()), (rhs, -ct)],
                BinaryOp::Mul => vec![(lhs, ct * rhs), (rhs, ct * lhs)],
                BinaryOp::Div => vec![(lhs, ct / rhs), (rhs, -(ct * out) / rhs)],
                BinaryOp::Max | BinaryOp::Min => {
                    // Ties split the cotangent evenly, as JAX does.
                    let dir = if *op == BinaryOp::Max {
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
            },
            Op::Compare { .. } => vec![],
            Op::Select {
                pred,
                on_true,
                on_false,
            } => {
                let zero = zeros_like(ct);
                vec![
                    (on_true, pred.select(ct, &zero)),
                    (on_false, pred.select(&zero, ct)),
                ]
            }
            Op::Convert { x, .. } => {
                if x.dtype().is_float() && ct.dtype().is_float() {
                    vec![(x, ct.convert(x.dtype()))]
                } else {
                    vec![]
                }
            }
            Op::BroadcastInDim { x, dims, .. } => {
                let summed: Vec<i64> = (0..ct.rank())
                    .filter(|&o| match dims.iter().position(|&d| d == o) {
                        None => true,
                        Some(i) => x.shape()[i] == 1 && ct.shape()[o] != 1,
                    })
                    .map(|o| o as i64)
                    .collect();
                vec![(x, ct.sum(&summed).reshape(x.shape()))]
            }
            Op::Reshape { x, .. } => vec![(x, ct.reshape(x.shape()))],
            Op::Transpose { x, perm } => vec![(x, ct.transpose(&inverse_permutation(perm)))],
            Op::Slice {
                x, start, strides, ..
            } => {
                let high: Vec<i64> = (0..x.rank())
                    .map(|i| {
                        x.shape()[i] - (start[i] + (ct.shape()[i] - 1).max(0) * strides[i] + 1)
                    })
                    .collect();
                let interior: Vec<i64> = strides.iter().map(|s| s - 1).collect();
                let zero = ct.scalar_like(0.0);
                if ct.shape().contains(&0) {
                    return vec![(x, zero.broadcast_to(x.shape()))];
                }
                vec![(x, ct.pad(&zero, start, &high, &interior))]
            }
            Op::Concatenate { parts, axis } => {
                let mut offset = 0;
                parts
                    .iter()
                    .map(|t| {
                        let n = t.shape()[*axis];
                        offset += n;
                        (t, ct.slice_axis(*axis, offset - n, offset))
                    })
                    .collect()
            }
            Op::Pad {
                x,
                value,
                low,
                interior,
                ..
            } => {
                let start = low.clone();
                // One past the last element of `x` in the padded result (`low` when x is empty).
                let limit: Vec<i64> = (0..x.rank())
                    .map(|i| low[i] + (x.shape()[i] * (interior[i] + 1) - interior[i]).max(0))
                    .collect();
                let strides: Vec<i64> = interior.iter().map(|s| s + 1).collect();
                let gx = ct.slice(&start, &limit, &strides);
                let gv = ct.sum_all() - gx.sum_all();
                vec![(x, gx), (value, gv)]
            }
            Op::UpdateSlice { x, update, start } => {
                let limit: Vec<i64> = start
                    .iter()
                    .zip(update.shape())
                    .map(|(s, n)| s + n)
                    .collect();
                let hole = ct.scalar_like(0.0).broadcast_to(update.shape());
                vec![
                    (x, ct.update_slice(&hole, start)),
                    (update, ct.slice(start, &limit, &vec![1; start.len()])),
                ]
            }
            Op::DotGeneral {
                lhs: a,
                rhs: b,
                dims: d,
            } => {
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
            Op::Reduce { x, kind, axes } => {
                let kept: Vec<usize> = (0..x.rank()).filter(|i| !axes.contains(i)).collect();
                let spread = |t: &Tensor| t.broadcast_in_dim(x.shape(), &kept);
                match kind {
                    ReduceKind::Sum => vec![(x, spread(ct))],
                    ReduceKind::Max => {
                        // Every position equal to the maximum gets an equal share of the
                        // cotangent (JAX's `_reduce_chooser_jvp_rule`, transposed).
                        let mask = x.eq(&spread(out)).convert(x.dtype());
                        let axes: Vec<i64> = axes.iter().map(|&a| a as i64).collect();
                        let count = mask.sum(&axes);
                        vec![(x, spread(&(ct / count)) * mask)]
                    }
                }
            }
            Op::TakeRows { table, indices } => vec![(
                table,
                ct.graph().scatter_add_rows(indices, ct, table.shape()[0]),
            )],
            Op::ScatterAddRows {
                indices, updates, ..
            } => vec![(updates, ct.take_rows(indices))],
            Op::AllReduceSum { x } => vec![(x, ct.all_reduce_sum())],
            Op::AllGather { x, axis } => {
                let g = ct.graph();
                let n = g.num_replicas() as i64;
                let mut split = x.shape().to_vec();
                split.insert(*axis, n);
                let chunks = ct.all_reduce_sum().reshape(&split);
                let me = g.replica_id().broadcast_to(&[n]);
                let one_hot = g.iota(DType::U32, &[n], 0).eq(&me).convert(ct.dtype());
                let dims = DotDims {
                    lhs_contract: vec![*axis],
                    rhs_contract: vec![0],
                    ..Default::default()
                };
                vec![(x, chunks.dot_general(&one_hot, dims))]
            }
            Op::CollectivePermute { x, pairs } => {
                let reversed: Vec<(usize, usize)> = pairs.iter().map(|&(s, t)| (t, s)).collect();
                vec![(x, ct.collective_permute(&reversed))]
            }
            Op::StopGradient { .. } => vec![],
            // The `after` values only order the computation; no gradient flows to them.
            Op::OptimizationBarrier { x, .. } => vec![(x, ct.optimization_barrier())],
            Op::CustomVjp { inputs, grads, .. } => inputs
                .iter()
                .zip(grads)
                .map(|(input, g)| (input, g * ct.broadcast_to(g.shape())))
                .collect(),
            Op::While { .. } => {
                ct.graph().record_error(
                    ErrorKind::Graph,
                    OpKind::While.name(),
                    "cannot differentiate through a while loop: give the value computed from \
                     its results a custom VJP (`Tensor::with_vjp`)"
                        .to_string(),
                );
                vec![]
            }
        }
    }
}

/// Zeros of `t`'s type.
fn zeros_like(t: &Tensor) -> Tensor {
    t.scalar_like(0.0).broadcast_to(t.shape())
}

impl Op<Value> {
    /// StableHLO lowering of one node.
    pub fn lower(&self, e: &mut Emitter, out: &TensorType) {
        let ints = |v: &[i64]| i64_array(v);
        let axes = |v: &[usize]| i64_array(&v.iter().map(|&a| a as i64).collect::<Vec<_>>());
        match self {
            Op::Parameter { .. } => unreachable!("parameters are function arguments"),
            Op::Constant { value } => {
                let attr = format!("{{value = {}}}", dense_literal(value));
                e.op("stablehlo.constant", &[], &attr, None, out)
            }
            Op::Iota { dim, .. } => e.op(
                "stablehlo.iota",
                &[],
                &format!("{{iota_dimension = {dim} : i64}}"),
                None,
                out,
            ),
            Op::ReplicaId => e.op("stablehlo.replica_id", &[], "", None, out),
            Op::Unary { op, x } => {
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
            Op::Binary { op, lhs, rhs } => {
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
            Op::Compare {
                direction,
                lhs,
                rhs,
            } => {
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
            Op::Select {
                pred,
                on_true,
                on_false,
            } => e.op(
                "stablehlo.select",
                &[pred, on_true, on_false],
                "",
                None,
                out,
            ),
            Op::Convert { x, .. } => e.op("stablehlo.convert", &[x], "", None, out),
            Op::BroadcastInDim { x, dims, .. } => e.op(
                "stablehlo.broadcast_in_dim",
                &[x],
                &format!("{{broadcast_dimensions = {}}}", axes(dims)),
                None,
                out,
            ),
            Op::Reshape { x, .. } => e.op("stablehlo.reshape", &[x], "", None, out),
            Op::Transpose { x, perm } => e.op(
                "stablehlo.transpose",
                &[x],
                &format!("{{permutation = {}}}", axes(perm)),
                None,
                out,
            ),
            Op::Slice {
                x,
                start,
                limit,
                strides,
            } => {
                let attr = format!(
                    "{{start_indices = {}, limit_indices = {}, strides = {}}}",
                    ints(start),
                    ints(limit),
                    ints(strides)
                );
                e.op("stablehlo.slice", &[x], &attr, None, out)
            }
            Op::Concatenate { parts, axis } => e.op(
                "stablehlo.concatenate",
                &parts.iter().collect::<Vec<_>>(),
                &format!("{{dimension = {axis} : i64}}"),
                None,
                out,
            ),
            Op::Pad {
                x,
                value,
                low,
                high,
                interior,
            } => {
                let attr = format!(
                    "{{edge_padding_low = {}, edge_padding_high = {}, interior_padding = {}}}",
                    ints(low),
                    ints(high),
                    ints(interior)
                );
                e.op("stablehlo.pad", &[x, value], &attr, None, out)
            }
            Op::UpdateSlice { x, update, start } => {
                let indices: Vec<Value> = start
                    .iter()
                    .map(|&s| e.splat_scalar(s as f64, DType::I64))
                    .collect();
                let args: Vec<&Value> = [x, update].into_iter().chain(&indices).collect();
                e.op("stablehlo.dynamic_update_slice", &args, "", None, out)
            }
            Op::DotGeneral { lhs, rhs, dims: d } => {
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
            Op::Reduce {
                x,
                kind,
                axes: dims,
            } => {
                let (init, body) = match kind {
                    ReduceKind::Sum => (0.0, "stablehlo.add"),
                    ReduceKind::Max => (f64::NEG_INFINITY, "stablehlo.maximum"),
                };
                let init = e.splat_scalar(init, out.dtype);
                let region = e.scalar_region(body, out.dtype);
                e.op(
                    "stablehlo.reduce",
                    &[x, &init],
                    &format!("{{dimensions = {}}}", axes(dims)),
                    Some(&region),
                    out,
                )
            }
            Op::TakeRows { table, indices } => {
                let r = indices.ty.rank();
                let offset: Vec<usize> = (r..r + table.ty.rank() - 1).collect();
                let mut sizes = vec![1];
                sizes.extend_from_slice(&table.ty.shape[1..]);
                let attr = format!(
                    "{{dimension_numbers = #stablehlo.gather<offset_dims = [{}], collapsed_slice_dims = [0], start_index_map = [0], index_vector_dim = {r}>, slice_sizes = {}, indices_are_sorted = false}}",
                    join(&offset),
                    ints(&sizes)
                );
                e.op("stablehlo.gather", &[table, indices], &attr, None, out)
            }
            Op::ScatterAddRows {
                indices, updates, ..
            } => {
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
            Op::AllReduceSum { x } => {
                let region = e.scalar_region("stablehlo.add", out.dtype);
                let attr = format!("{{replica_groups = {}}}", e.all_replicas_group());
                e.op("stablehlo.all_reduce", &[x], &attr, Some(&region), out)
            }
            Op::AllGather { x, axis } => {
                let attr = format!(
                    "{{all_gather_dim = {axis} : i64, replica_groups = {}}}",
                    e.all_replicas_group()
                );
                e.op("stablehlo.all_gather", &[x], &attr, None, out)
            }
            Op::CollectivePermute { x, pairs } => {
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
            // The graph keeps the value; only the backward pass treats it differently.
            Op::StopGradient { x } => e.alias(x),
            Op::OptimizationBarrier { x, after } => {
                if after.is_empty() {
                    e.op("stablehlo.optimization_barrier", &[x], "", None, out)
                } else {
                    let args: Vec<&Value> = std::iter::once(x).chain(after).collect();
                    e.first_of_results("stablehlo.optimization_barrier", &args);
                }
            }
            Op::CustomVjp { value, .. } => e.alias(value),
            Op::While {
                carry,
                body,
                trips,
                result,
            } => e.while_result(carry, &body.0, *trips, *result),
        }
    }
}

/// `array<i64: ...>`, or `array<i64>` when empty (MLIR rejects the empty list form).
fn i64_array(v: &[i64]) -> String {
    if v.is_empty() {
        "array<i64>".to_string()
    } else {
        format!("array<i64: {}>", join(v))
    }
}

fn join<T: ToString>(v: &[T]) -> String {
    v.iter()
        .map(|x| x.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// `dense<...> : tensor<...>` for a host tensor: raw little-endian hex (exact for every float),
/// nested booleans for pred (MLIR packs i1 hex differently).
pub(crate) fn dense_literal(value: &HostTensor) -> String {
    let ty = TensorType::new(value.dtype, &value.shape);
    if value.dtype == DType::Pred {
        fn nest(shape: &[i64], vals: &mut std::slice::Iter<u8>) -> String {
            match shape.split_first() {
                None => (if *vals.next().unwrap() != 0 {
                    "true"
                } else {
                    "false"
                })
                .to_string(),
                Some((&n, rest)) => {
                    let parts: Vec<String> = (0..n).map(|_| nest(rest, vals)).collect();
                    format!("[{}]", parts.join(", "))
                }
            }
        }
        return format!(
            "dense<{}> : {ty}",
            nest(&value.shape, &mut value.data.iter())
        );
    }
    if value.is_empty() {
        return format!("dense<> : {ty}");
    }
    let hex: String = value.data.iter().map(|b| format!("{b:02X}")).collect();
    format!("dense<\"0x{hex}\"> : {ty}")
}
