//! The closed set of primitives. Each primitive's three rules sit side by side in one impl, each
//! an exhaustive `match` in the same order: `infer` (shape/dtype rule), `vjp` (reverse-mode rule,
//! written with builder ops) and `lower` (StableHLO). Adding a variant fails to compile until all
//! three exist. Everything else (softmax, layer norm, attention, ...) is built from these.
//!
//! Collectives follow the pmap convention: the differentiated objective is the sum over replicas
//! of each replica's scalar. Hence VJP(all_reduce_sum) = all_reduce_sum of the cotangents,
//! VJP(all_gather) = this replica's chunk of all_reduce_sum(cotangent) (a reduce-scatter), and
//! VJP(collective_permute) = collective_permute with the pairs reversed.

use super::builder::{DotDims, ErrorKind, Tensor, TensorType};
use super::printer::Emitter;
use crate::tensor::{DType, HostTensor};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnaryOp {
    Neg,
    Exp,
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
pub enum BinaryOp {
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
pub enum ReduceKind {
    Sum,
    Max,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Op {
    Parameter {
        index: usize,
        ty: TensorType,
    },
    Constant(HostTensor),
    Iota {
        ty: TensorType,
        dim: usize,
    },
    ReplicaId,
    Unary(UnaryOp),
    Binary(BinaryOp),
    Compare(Direction),
    Select,
    Convert(DType),
    BroadcastInDim {
        shape: Vec<i64>,
        dims: Vec<usize>,
    },
    Reshape(Vec<i64>),
    Transpose(Vec<usize>),
    Slice {
        start: Vec<i64>,
        limit: Vec<i64>,
        strides: Vec<i64>,
    },
    Concatenate {
        axis: usize,
    },
    Pad {
        low: Vec<i64>,
        high: Vec<i64>,
        interior: Vec<i64>,
    },
    DotGeneral(DotDims),
    Reduce {
        kind: ReduceKind,
        axes: Vec<usize>,
    },
    TakeRows,
    ScatterAddRows {
        num_rows: i64,
    },
    AllReduceSum,
    AllGather {
        axis: usize,
    },
    CollectivePermute {
        pairs: Vec<(usize, usize)>,
    },
    StopGradient,
    OptimizationBarrier,
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

impl Op {
    /// The StableHLO-ish name used in error messages.
    pub fn name(&self) -> &'static str {
        match self {
            Op::Parameter { .. } => "parameter",
            Op::Constant(_) => "constant",
            Op::Iota { .. } => "iota",
            Op::ReplicaId => "replica_id",
            Op::Unary(u) => unary_name(*u),
            Op::Binary(b) => binary_name(*b),
            Op::Compare(_) => "compare",
            Op::Select => "select",
            Op::Convert(_) => "convert",
            Op::BroadcastInDim { .. } => "broadcast_in_dim",
            Op::Reshape(_) => "reshape",
            Op::Transpose(_) => "transpose",
            Op::Slice { .. } => "slice",
            Op::Concatenate { .. } => "concatenate",
            Op::Pad { .. } => "pad",
            Op::DotGeneral(_) => "dot_general",
            Op::Reduce {
                kind: ReduceKind::Sum,
                ..
            } => "reduce_sum",
            Op::Reduce {
                kind: ReduceKind::Max,
                ..
            } => "reduce_max",
            Op::TakeRows => "take_rows (gather)",
            Op::ScatterAddRows { .. } => "scatter_add_rows (scatter)",
            Op::AllReduceSum => "all_reduce",
            Op::AllGather { .. } => "all_gather",
            Op::CollectivePermute { .. } => "collective_permute",
            Op::StopGradient => "stop_gradient",
            Op::OptimizationBarrier => "optimization_barrier",
        }
    }

    /// Shape and dtype rule: the result type, or why the operands are invalid.
    pub fn infer(&self, inputs: &[&TensorType], num_replicas: usize) -> Inferred {
        let arity = match self {
            Op::Parameter { .. } | Op::Constant(_) | Op::Iota { .. } | Op::ReplicaId => 0,
            Op::Binary(_) | Op::Compare(_) | Op::Pad { .. } | Op::DotGeneral(_) => 2,
            Op::TakeRows | Op::ScatterAddRows { .. } => 2,
            Op::Select => 3,
            Op::Concatenate { .. } => inputs.len().max(1),
            _ => 1,
        };
        if inputs.len() != arity {
            return shape_err(format!("expects {arity} operands, got {}", inputs.len()));
        }
        let x = inputs.first().copied();
        match self {
            Op::Parameter { ty, .. } | Op::Iota { ty, .. } => {
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
            Op::Constant(value) => Ok(TensorType::new(value.dtype, &value.shape)),
            Op::ReplicaId => Ok(TensorType::new(DType::U32, &[])),
            Op::Unary(u) => {
                let x = x.unwrap();
                let float_only = !matches!(u, UnaryOp::Neg | UnaryOp::Abs | UnaryOp::Sign);
                if (float_only && !x.dtype.is_float()) || x.dtype == DType::Pred {
                    return dtype_err(format!("needs a float operand, got {}", x.dtype));
                }
                Ok(x.clone())
            }
            Op::Binary(_) | Op::Compare(_) => {
                let (a, b) = (inputs[0], inputs[1]);
                same_dtype(a, b)?;
                if a.shape != b.shape {
                    return shape_err(format!("shape mismatch: {a} vs {b}"));
                }
                if matches!(self, Op::Binary(BinaryOp::Pow)) && !a.dtype.is_float() {
                    return dtype_err(format!("needs float operands, got {}", a.dtype));
                }
                let dtype = if matches!(self, Op::Compare(_)) {
                    DType::Pred
                } else {
                    a.dtype
                };
                Ok(TensorType::new(dtype, &a.shape))
            }
            Op::Select => {
                let (p, a, b) = (inputs[0], inputs[1], inputs[2]);
                if p.dtype != DType::Pred {
                    return dtype_err(format!("predicate must be i1, got {}", p.dtype));
                }
                same_dtype(a, b)?;
                if p.shape != a.shape || a.shape != b.shape {
                    return shape_err("predicate and both branches need the same shape");
                }
                Ok(a.clone())
            }
            Op::Convert(dtype) => Ok(TensorType::new(*dtype, &x.unwrap().shape)),
            Op::BroadcastInDim { shape, dims } => {
                let x = x.unwrap();
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
            Op::Reshape(shape) => {
                let x = x.unwrap();
                let n: i64 = shape.iter().product();
                if shape.iter().any(|&d| d < 0) || n != x.element_count() {
                    return shape_err(format!(
                        "cannot reshape {x} ({} elements) to {shape:?}",
                        x.element_count()
                    ));
                }
                Ok(TensorType::new(x.dtype, shape))
            }
            Op::Transpose(perm) => {
                let x = x.unwrap();
                if !is_permutation(perm, x.rank()) {
                    return axis_err(format!("{perm:?} is not a permutation of the axes of {x}"));
                }
                Ok(TensorType::new(
                    x.dtype,
                    &perm.iter().map(|&p| x.shape[p]).collect::<Vec<_>>(),
                ))
            }
            Op::Slice {
                start,
                limit,
                strides,
            } => {
                let x = x.unwrap();
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
            Op::Concatenate { axis } => {
                let first = inputs[0];
                if *axis >= first.rank() {
                    return axis_err(format!(
                        "axis {axis} out of range for rank {}",
                        first.rank()
                    ));
                }
                let mut shape = first.shape.clone();
                shape[*axis] = 0;
                for t in inputs {
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
                low,
                high,
                interior,
            } => {
                let (x, v) = (inputs[0], inputs[1]);
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
            Op::DotGeneral(d) => {
                let (a, b) = (inputs[0], inputs[1]);
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
            Op::Reduce { axes, .. } => {
                let x = x.unwrap();
                if axes.iter().any(|&a| a >= x.rank()) {
                    return axis_err(format!("axes {axes:?} out of range for {x}"));
                }
                let shape: Vec<i64> = (0..x.rank())
                    .filter(|i| !axes.contains(i))
                    .map(|i| x.shape[i])
                    .collect();
                Ok(TensorType::new(x.dtype, &shape))
            }
            Op::TakeRows => {
                let (table, idx) = (inputs[0], inputs[1]);
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
            Op::ScatterAddRows { num_rows } => {
                let (idx, upd) = (inputs[0], inputs[1]);
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
            Op::AllReduceSum | Op::StopGradient | Op::OptimizationBarrier => Ok(x.unwrap().clone()),
            Op::AllGather { axis } => {
                let x = x.unwrap();
                if *axis >= x.rank() {
                    return axis_err(format!("axis {axis} out of range for {x}"));
                }
                let mut shape = x.shape.clone();
                shape[*axis] *= num_replicas as i64;
                Ok(TensorType::new(x.dtype, &shape))
            }
            Op::CollectivePermute { pairs } => {
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
                Ok(x.unwrap().clone())
            }
        }
    }

    /// Reverse-mode rule: cotangents of the inputs given the cotangent `ct` of the output
    /// (`None` where an input gets no gradient).
    pub fn vjp(&self, inputs: &[Tensor], out: &Tensor, ct: &Tensor) -> Vec<Option<Tensor>> {
        let x = inputs.first();
        match self {
            Op::Parameter { .. } | Op::Constant(_) | Op::Iota { .. } | Op::ReplicaId => vec![],
            Op::Unary(u) => {
                let x = x.unwrap();
                let g = match u {
                    UnaryOp::Neg => Some(-ct),
                    UnaryOp::Exp => Some(ct * out),
                    UnaryOp::Log => Some(ct / x),
                    UnaryOp::Log1p => Some(ct / (x + 1.0)),
                    UnaryOp::Tanh => Some(ct * (out.scalar_like(1.0) - out * out)),
                    UnaryOp::Logistic => Some(ct * out * (out.scalar_like(1.0) - out)),
                    UnaryOp::Sqrt => Some(ct * 0.5 / out),
                    UnaryOp::Rsqrt => Some(ct * -0.5 * out / x),
                    UnaryOp::Abs => Some(ct * x.sign()),
                    UnaryOp::Sign => None,
                };
                vec![g]
            }
            Op::Binary(b) => {
                let (a, c) = (&inputs[0], &inputs[1]);
                match b {
                    BinaryOp::Add => vec![Some(ct.clone()), Some(ct.clone())],
                    BinaryOp::Sub => vec![Some(ct.clone()), Some(-ct)],
                    BinaryOp::Mul => vec![Some(ct * c), Some(ct * a)],
                    BinaryOp::Div => vec![Some(ct / c), Some(-(ct * out) / c)],
                    BinaryOp::Max | BinaryOp::Min => {
                        // Ties split the cotangent evenly, as JAX does.
                        let dir = if *b == BinaryOp::Max {
                            Direction::Gt
                        } else {
                            Direction::Lt
                        };
                        let zero = ct.scalar_like(0.0).broadcast_to(ct.shape());
                        let half = ct * 0.5;
                        let pick = |winner: &Tensor, loser: &Tensor| {
                            let wins = winner.compare(loser, dir);
                            let ties = winner.eq(loser);
                            wins.select(ct, &ties.select(&half, &zero))
                        };
                        vec![Some(pick(a, c)), Some(pick(c, a))]
                    }
                    BinaryOp::Pow => {
                        let ga = ct * c * a.pow(&(c - 1.0));
                        let zero = a.scalar_like(0.0).broadcast_to(a.shape());
                        let safe_log = a.eq(&zero).select(&zero, &a.log());
                        vec![Some(ga), Some(ct * out * safe_log)]
                    }
                }
            }
            Op::Compare(_) => vec![None, None],
            Op::Select => {
                let zero = ct.scalar_like(0.0).broadcast_to(ct.shape());
                let p = &inputs[0];
                vec![None, Some(p.select(ct, &zero)), Some(p.select(&zero, ct))]
            }
            Op::Convert(_) => {
                let x = x.unwrap();
                vec![(x.dtype().is_float() && ct.dtype().is_float()).then(|| ct.convert(x.dtype()))]
            }
            Op::BroadcastInDim { dims, .. } => {
                let x = x.unwrap();
                let summed: Vec<i64> = (0..ct.rank())
                    .filter(|&o| match dims.iter().position(|&d| d == o) {
                        None => true,
                        Some(i) => x.shape()[i] == 1 && ct.shape()[o] != 1,
                    })
                    .map(|o| o as i64)
                    .collect();
                vec![Some(ct.sum(&summed).reshape(x.shape()))]
            }
            Op::Reshape(_) => vec![Some(ct.reshape(x.unwrap().shape()))],
            Op::Transpose(perm) => vec![Some(ct.transpose(&inverse_permutation(perm)))],
            Op::Slice { start, strides, .. } => {
                let x = x.unwrap();
                let high: Vec<i64> = (0..x.rank())
                    .map(|i| {
                        x.shape()[i] - (start[i] + (ct.shape()[i] - 1).max(0) * strides[i] + 1)
                    })
                    .collect();
                let interior: Vec<i64> = strides.iter().map(|s| s - 1).collect();
                let zero = ct.scalar_like(0.0);
                if ct.shape().contains(&0) {
                    return vec![Some(zero.broadcast_to(x.shape()))];
                }
                vec![Some(ct.pad(&zero, start, &high, &interior))]
            }
            Op::Concatenate { axis } => {
                let mut offset = 0;
                inputs
                    .iter()
                    .map(|t| {
                        let n = t.shape()[*axis];
                        offset += n;
                        Some(ct.slice_axis(*axis, offset - n, offset))
                    })
                    .collect()
            }
            Op::Pad { low, interior, .. } => {
                let x = &inputs[0];
                let start = low.clone();
                let limit: Vec<i64> = (0..x.rank())
                    .map(|i| low[i] + (x.shape()[i] - 1).max(0) * (interior[i] + 1) + 1)
                    .collect();
                let strides: Vec<i64> = interior.iter().map(|s| s + 1).collect();
                let gx = ct.slice(&start, &limit, &strides);
                let gv = ct.sum_all() - gx.sum_all();
                vec![Some(gx), Some(gv)]
            }
            Op::DotGeneral(d) => {
                let (a, b) = (&inputs[0], &inputs[1]);
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

                // ct · lhs: result axes = [batch, rhs_free, lhs contracting axes in lhs order].
                let gb = ct.dot_general(
                    a,
                    DotDims {
                        lhs_batch: ct_batch,
                        rhs_batch: d.lhs_batch.clone(),
                        lhs_contract: ct_lhs_free,
                        rhs_contract: lhs_free,
                    },
                );
                let mut lhs_contract_sorted: Vec<usize> = (0..d.lhs_contract.len()).collect();
                lhs_contract_sorted.sort_by_key(|&j| d.lhs_contract[j]);
                let gb_axes: Vec<usize> = d
                    .rhs_batch
                    .iter()
                    .chain(&rhs_free)
                    .copied()
                    .chain(lhs_contract_sorted.iter().map(|&j| d.rhs_contract[j]))
                    .collect();
                let gb = gb.transpose(&inverse_permutation(&gb_axes));
                vec![Some(ga), Some(gb)]
            }
            Op::Reduce { kind, axes } => {
                let x = x.unwrap();
                let kept: Vec<usize> = (0..x.rank()).filter(|i| !axes.contains(i)).collect();
                let spread = |t: &Tensor| t.broadcast_in_dim(x.shape(), &kept);
                match kind {
                    ReduceKind::Sum => vec![Some(spread(ct))],
                    ReduceKind::Max => {
                        let mask = x.eq(&spread(out)).convert(x.dtype());
                        let axes: Vec<i64> = axes.iter().map(|&a| a as i64).collect();
                        let count = mask.sum(&axes);
                        vec![Some(spread(&(ct / count)) * mask)]
                    }
                }
            }
            Op::TakeRows => {
                let (table, idx) = (&inputs[0], &inputs[1]);
                vec![
                    Some(ct.graph().scatter_add_rows(idx, ct, table.shape()[0])),
                    None,
                ]
            }
            Op::ScatterAddRows { .. } => vec![None, Some(ct.take_rows(&inputs[0]))],
            Op::AllReduceSum => vec![Some(ct.all_reduce_sum())],
            Op::AllGather { axis } => {
                let x = x.unwrap();
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
                vec![Some(chunks.dot_general(&one_hot, dims))]
            }
            Op::CollectivePermute { pairs } => {
                let reversed: Vec<(usize, usize)> = pairs.iter().map(|&(s, t)| (t, s)).collect();
                vec![Some(ct.collective_permute(&reversed))]
            }
            Op::StopGradient => vec![None],
            Op::OptimizationBarrier => vec![Some(ct.optimization_barrier())],
        }
    }

    /// StableHLO lowering of one node.
    pub(crate) fn lower(
        &self,
        e: &mut Emitter,
        args: &[String],
        ins: &[&TensorType],
        out: &TensorType,
    ) {
        let ints = |v: &[i64]| i64_array(v);
        let axes = |v: &[usize]| i64_array(&v.iter().map(|&a| a as i64).collect::<Vec<_>>());
        match self {
            Op::Parameter { .. } => unreachable!("parameters are function arguments"),
            Op::Constant(value) => {
                let attr = format!("{{value = {}}}", dense_literal(value));
                e.op("stablehlo.constant", args, &attr, None, ins, out)
            }
            Op::Iota { dim, .. } => e.op(
                "stablehlo.iota",
                args,
                &format!("{{iota_dimension = {dim} : i64}}"),
                None,
                ins,
                out,
            ),
            Op::ReplicaId => e.op("stablehlo.replica_id", args, "", None, ins, out),
            Op::Unary(u) => {
                let name = match u {
                    UnaryOp::Neg => "stablehlo.negate",
                    UnaryOp::Exp => "stablehlo.exponential",
                    UnaryOp::Log => "stablehlo.log",
                    UnaryOp::Log1p => "stablehlo.log_plus_one",
                    UnaryOp::Tanh => "stablehlo.tanh",
                    UnaryOp::Logistic => "stablehlo.logistic",
                    UnaryOp::Sqrt => "stablehlo.sqrt",
                    UnaryOp::Rsqrt => "stablehlo.rsqrt",
                    UnaryOp::Abs => "stablehlo.abs",
                    UnaryOp::Sign => "stablehlo.sign",
                };
                e.op(name, args, "", None, ins, out)
            }
            Op::Binary(b) => {
                let name = match b {
                    BinaryOp::Add => "stablehlo.add",
                    BinaryOp::Sub => "stablehlo.subtract",
                    BinaryOp::Mul => "stablehlo.multiply",
                    BinaryOp::Div => "stablehlo.divide",
                    BinaryOp::Max => "stablehlo.maximum",
                    BinaryOp::Min => "stablehlo.minimum",
                    BinaryOp::Pow => "stablehlo.power",
                };
                e.op(name, args, "", None, ins, out)
            }
            Op::Compare(d) => {
                let dir = match d {
                    Direction::Eq => "EQ",
                    Direction::Ne => "NE",
                    Direction::Lt => "LT",
                    Direction::Le => "LE",
                    Direction::Gt => "GT",
                    Direction::Ge => "GE",
                };
                let kind = match ins[0].dtype {
                    t if t.is_float() => "FLOAT",
                    t if t.is_unsigned() => "UNSIGNED",
                    _ => "SIGNED",
                };
                let attr = format!(
                    "{{comparison_direction = #stablehlo<comparison_direction {dir}>, compare_type = #stablehlo<comparison_type {kind}>}}"
                );
                e.op("stablehlo.compare", args, &attr, None, ins, out)
            }
            Op::Select => e.op("stablehlo.select", args, "", None, ins, out),
            Op::Convert(_) => e.op("stablehlo.convert", args, "", None, ins, out),
            Op::BroadcastInDim { dims, .. } => e.op(
                "stablehlo.broadcast_in_dim",
                args,
                &format!("{{broadcast_dimensions = {}}}", axes(dims)),
                None,
                ins,
                out,
            ),
            Op::Reshape(_) => e.op("stablehlo.reshape", args, "", None, ins, out),
            Op::Transpose(perm) => e.op(
                "stablehlo.transpose",
                args,
                &format!("{{permutation = {}}}", axes(perm)),
                None,
                ins,
                out,
            ),
            Op::Slice {
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
                e.op("stablehlo.slice", args, &attr, None, ins, out)
            }
            Op::Concatenate { axis } => e.op(
                "stablehlo.concatenate",
                args,
                &format!("{{dimension = {axis} : i64}}"),
                None,
                ins,
                out,
            ),
            Op::Pad {
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
                e.op("stablehlo.pad", args, &attr, None, ins, out)
            }
            Op::DotGeneral(d) => {
                let list = |v: &[usize]| format!("[{}]", join(v));
                let attr = format!(
                    "{{dot_dimension_numbers = #stablehlo.dot<lhs_batching_dimensions = {}, rhs_batching_dimensions = {}, lhs_contracting_dimensions = {}, rhs_contracting_dimensions = {}>}}",
                    list(&d.lhs_batch),
                    list(&d.rhs_batch),
                    list(&d.lhs_contract),
                    list(&d.rhs_contract)
                );
                e.op("stablehlo.dot_general", args, &attr, None, ins, out)
            }
            Op::Reduce { kind, axes: dims } => {
                let (init, body) = match kind {
                    ReduceKind::Sum => (0.0, "stablehlo.add"),
                    ReduceKind::Max => (f64::NEG_INFINITY, "stablehlo.maximum"),
                };
                let init = e.splat_scalar(init, out.dtype);
                let region = e.scalar_region(body, out.dtype);
                let init_ty = TensorType::new(out.dtype, &[]);
                let args = [args[0].clone(), init];
                e.op(
                    "stablehlo.reduce",
                    &args,
                    &format!("{{dimensions = {}}}", axes(dims)),
                    Some(&region),
                    &[ins[0], &init_ty],
                    out,
                )
            }
            Op::TakeRows => {
                let (table, idx) = (ins[0], ins[1]);
                let r = idx.rank();
                let offset: Vec<usize> = (r..r + table.rank() - 1).collect();
                let mut sizes = vec![1];
                sizes.extend_from_slice(&table.shape[1..]);
                let attr = format!(
                    "{{dimension_numbers = #stablehlo.gather<offset_dims = [{}], collapsed_slice_dims = [0], start_index_map = [0], index_vector_dim = {r}>, slice_sizes = {}, indices_are_sorted = false}}",
                    join(&offset),
                    ints(&sizes)
                );
                e.op("stablehlo.gather", args, &attr, None, ins, out)
            }
            Op::ScatterAddRows { .. } => {
                let (idx, upd) = (ins[0], ins[1]);
                let r = idx.rank();
                let window: Vec<usize> = (r..upd.rank()).collect();
                let zeros = e.splat(0.0, out);
                let region = e.scalar_region("stablehlo.add", out.dtype);
                let attr = format!(
                    "{{scatter_dimension_numbers = #stablehlo.scatter<update_window_dims = [{}], inserted_window_dims = [0], scatter_dims_to_operand_dims = [0], index_vector_dim = {r}>, indices_are_sorted = false, unique_indices = false}}",
                    join(&window)
                );
                let args = [zeros, args[0].clone(), args[1].clone()];
                e.op(
                    "stablehlo.scatter",
                    &args,
                    &attr,
                    Some(&region),
                    &[out, idx, upd],
                    out,
                )
            }
            Op::AllReduceSum => {
                let region = e.scalar_region("stablehlo.add", out.dtype);
                let attr = format!("{{replica_groups = {}}}", e.all_replicas_group());
                e.op("stablehlo.all_reduce", args, &attr, Some(&region), ins, out)
            }
            Op::AllGather { axis } => {
                let attr = format!(
                    "{{all_gather_dim = {axis} : i64, replica_groups = {}}}",
                    e.all_replicas_group()
                );
                e.op("stablehlo.all_gather", args, &attr, None, ins, out)
            }
            Op::CollectivePermute { pairs } => {
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
                e.op("stablehlo.collective_permute", args, &attr, None, ins, out)
            }
            // The graph keeps the value; only the backward pass treats it differently.
            Op::StopGradient => e.alias(&args[0]),
            Op::OptimizationBarrier => {
                e.op("stablehlo.optimization_barrier", args, "", None, ins, out)
            }
        }
    }
}

fn unary_name(u: UnaryOp) -> &'static str {
    match u {
        UnaryOp::Neg => "neg",
        UnaryOp::Exp => "exp",
        UnaryOp::Log => "log",
        UnaryOp::Log1p => "log1p",
        UnaryOp::Tanh => "tanh",
        UnaryOp::Logistic => "logistic",
        UnaryOp::Sqrt => "sqrt",
        UnaryOp::Rsqrt => "rsqrt",
        UnaryOp::Abs => "abs",
        UnaryOp::Sign => "sign",
    }
}

fn binary_name(b: BinaryOp) -> &'static str {
    match b {
        BinaryOp::Add => "add",
        BinaryOp::Sub => "sub",
        BinaryOp::Mul => "mul",
        BinaryOp::Div => "div",
        BinaryOp::Max => "max",
        BinaryOp::Min => "min",
        BinaryOp::Pow => "pow",
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
