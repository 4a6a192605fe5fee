//! The `Tensor` API model code builds graphs with: one method per primitive on `Tensor` (with
//! numpy broadcasting, `-1` in reshapes, negative axes and shortcuts that skip identity ops),
//! conveniences built on them (`matmul`, `mean`, `after`, ...), the arithmetic operators, and
//! the `Graph` methods that make values from no tensor or from several (constants, iota,
//! concatenate, scatter, while loops).

use std::ops;
use std::rc::Rc;

use super::op::{BinaryOp, Direction, LoopBody, Op, ReduceKind, UnaryOp};
use super::recorder::{Graph, Tensor};
use super::types::{scalar_host, DotDims, ErrorKind, TensorType};
use crate::tensor::{DType, HostTensor};

impl Graph {
    #[track_caller]
    pub fn constant(&self, value: HostTensor) -> Tensor {
        self.apply(Op::Constant { value })
    }

    /// A scalar constant of the given dtype (floats exact up to that dtype's rounding).
    #[track_caller]
    pub fn scalar(&self, value: f64, dtype: DType) -> Tensor {
        self.constant(scalar_host(value, dtype))
    }

    /// A tensor filled with one value.
    #[track_caller]
    pub fn full(&self, value: f64, dtype: DType, shape: &[i64]) -> Tensor {
        self.scalar(value, dtype).broadcast_in_dim(shape, &[])
    }

    #[track_caller]
    pub fn zeros(&self, dtype: DType, shape: &[i64]) -> Tensor {
        self.full(0.0, dtype, shape)
    }

    /// Indices 0..shape[dim] along `dim`, broadcast over the other axes.
    #[track_caller]
    pub fn iota(&self, dtype: DType, shape: &[i64], dim: usize) -> Tensor {
        self.apply(Op::Iota {
            ty: TensorType::new(dtype, shape),
            dim,
        })
    }

    /// This device's index in the replica group (u32 scalar).
    #[track_caller]
    pub fn replica_id(&self) -> Tensor {
        self.apply(Op::ReplicaId)
    }

    /// `updates[i...]` added into row `indices[i...]` of a zero tensor with `num_rows` rows;
    /// repeated indices accumulate.
    #[track_caller]
    pub fn scatter_add_rows(&self, indices: &Tensor, updates: &Tensor, num_rows: i64) -> Tensor {
        self.apply(Op::ScatterAddRows {
            indices: indices.clone(),
            updates: updates.clone(),
            num_rows,
        })
    }

    /// `stablehlo.while`: applies `body` `trips` times to the carried values and returns their
    /// final values. `body` builds on a fresh graph with this graph's replica count, whose
    /// parameters hold the carry (values from this graph cannot be used there: carry them); it
    /// returns the next carry, of the same types. The program's size does not grow with `trips`.
    /// Forward only (`grad` through the results is an error).
    #[track_caller]
    pub fn while_loop(
        &self,
        trips: usize,
        carry: &[&Tensor],
        body: impl FnOnce(&[Tensor]) -> Vec<Tensor>,
    ) -> Vec<Tensor> {
        let inner = Graph::with_replicas(self.num_replicas());
        let params: Vec<Tensor> = carry
            .iter()
            .enumerate()
            .map(|(i, c)| inner.parameter(&format!("carry{i}"), c.dtype(), c.shape()))
            .collect();
        let next = body(&params);
        let module = match inner.build(&next.iter().collect::<Vec<_>>()) {
            Ok(module) => Rc::new(module),
            Err(err) => {
                self.record_error(err.kind, "while", format!("in the loop body: {err}"));
                return carry.iter().map(|&c| c.clone()).collect();
            }
        };
        (0..carry.len())
            .map(|result| {
                self.apply(Op::While {
                    carry: carry.iter().map(|&c| c.clone()).collect(),
                    body: LoopBody(module.clone()),
                    trips,
                    result,
                })
            })
            .collect()
    }

    #[track_caller]
    pub fn concatenate(&self, parts: &[&Tensor], axis: usize) -> Tensor {
        self.apply(Op::Concatenate {
            parts: parts.iter().map(|&t| t.clone()).collect(),
            axis,
        })
    }
}

/// Numpy-style broadcast of two shapes (right-aligned, size-1 axes stretch).
fn broadcast_shapes(a: &[i64], b: &[i64]) -> Option<Vec<i64>> {
    let rank = a.len().max(b.len());
    let mut out = vec![0; rank];
    for i in 0..rank {
        let da = if i + a.len() >= rank {
            a[i + a.len() - rank]
        } else {
            1
        };
        let db = if i + b.len() >= rank {
            b[i + b.len() - rank]
        } else {
            1
        };
        out[i] = match (da, db) {
            _ if da == db => da,
            (1, d) | (d, 1) => d,
            _ => return None,
        };
    }
    Some(out)
}

/// Reduction axes: each in range, no repeats.
fn check_axes(axes: &[i64], rank: usize) -> Result<Vec<usize>, String> {
    let mut out = Vec::with_capacity(axes.len());
    for &a in axes {
        let axis = if a < 0 { a + rank as i64 } else { a };
        if axis < 0 || axis >= rank as i64 {
            return Err(format!("axis {a} out of range for rank {rank}"));
        }
        if out.contains(&(axis as usize)) {
            return Err(format!("axis {a} repeated"));
        }
        out.push(axis as usize);
    }
    Ok(out)
}

impl Tensor {
    /// Dimension `axis`, negative counting from the end (bad axes record an error, return 1).
    #[track_caller]
    pub fn dim(&self, axis: i64) -> i64 {
        match check_axes(&[axis], self.rank()) {
            Ok(a) => self.shape()[a[0]],
            Err(msg) => {
                self.graph().record_error(
                    ErrorKind::Axis,
                    "dim",
                    format!("{msg}; operand {}", self.ty()),
                );
                1
            }
        }
    }

    #[track_caller]
    fn unary(&self, op: UnaryOp) -> Tensor {
        self.graph().apply(Op::Unary {
            op,
            x: self.clone(),
        })
    }
    #[track_caller]
    pub fn neg(&self) -> Tensor {
        self.unary(UnaryOp::Neg)
    }
    #[track_caller]
    pub fn exp(&self) -> Tensor {
        self.unary(UnaryOp::Exp)
    }
    #[track_caller]
    pub fn log(&self) -> Tensor {
        self.unary(UnaryOp::Log)
    }
    #[track_caller]
    pub fn log1p(&self) -> Tensor {
        self.unary(UnaryOp::Log1p)
    }
    /// `exp(x) − 1`, accurate for small `x` too.
    #[track_caller]
    pub fn expm1(&self) -> Tensor {
        self.unary(UnaryOp::Expm1)
    }
    #[track_caller]
    pub fn tanh(&self) -> Tensor {
        self.unary(UnaryOp::Tanh)
    }
    /// The logistic sigmoid 1 / (1 + e^-x).
    #[track_caller]
    pub fn logistic(&self) -> Tensor {
        self.unary(UnaryOp::Logistic)
    }
    #[track_caller]
    pub fn sqrt(&self) -> Tensor {
        self.unary(UnaryOp::Sqrt)
    }
    #[track_caller]
    pub fn rsqrt(&self) -> Tensor {
        self.unary(UnaryOp::Rsqrt)
    }
    #[track_caller]
    pub fn abs(&self) -> Tensor {
        self.unary(UnaryOp::Abs)
    }
    #[track_caller]
    pub fn sign(&self) -> Tensor {
        self.unary(UnaryOp::Sign)
    }

    /// Broadcasts both operands to a common shape (numpy rules) and applies `make(lhs, rhs)`.
    #[track_caller]
    fn binary(&self, other: &Tensor, make: impl Fn(Tensor, Tensor) -> Op<Tensor>) -> Tensor {
        if self.shape() == other.shape() {
            return self.graph().apply(make(self.clone(), other.clone()));
        }
        match broadcast_shapes(self.shape(), other.shape()) {
            Some(shape) => {
                let a = self.broadcast_to(&shape);
                let b = other.broadcast_to(&shape);
                self.graph().apply(make(a, b))
            }
            None => {
                self.graph().record_error(
                    ErrorKind::Shape,
                    make(self.clone(), other.clone()).name(),
                    format!("shapes {} and {} do not broadcast", self.ty(), other.ty()),
                );
                self.clone()
            }
        }
    }

    #[track_caller]
    fn arithmetic(&self, op: BinaryOp, other: &Tensor) -> Tensor {
        self.binary(other, |lhs, rhs| Op::Binary { op, lhs, rhs })
    }

    /// A scalar of this tensor's dtype.
    #[track_caller]
    pub fn scalar_like(&self, value: f64) -> Tensor {
        self.graph().scalar(value, self.dtype())
    }

    #[track_caller]
    pub fn add(&self, other: &Tensor) -> Tensor {
        self.arithmetic(BinaryOp::Add, other)
    }
    #[track_caller]
    pub fn sub(&self, other: &Tensor) -> Tensor {
        self.arithmetic(BinaryOp::Sub, other)
    }
    #[track_caller]
    pub fn mul(&self, other: &Tensor) -> Tensor {
        self.arithmetic(BinaryOp::Mul, other)
    }
    #[track_caller]
    pub fn div(&self, other: &Tensor) -> Tensor {
        self.arithmetic(BinaryOp::Div, other)
    }
    #[track_caller]
    pub fn maximum(&self, other: &Tensor) -> Tensor {
        self.arithmetic(BinaryOp::Max, other)
    }
    #[track_caller]
    pub fn minimum(&self, other: &Tensor) -> Tensor {
        self.arithmetic(BinaryOp::Min, other)
    }
    #[track_caller]
    pub fn pow(&self, other: &Tensor) -> Tensor {
        self.arithmetic(BinaryOp::Pow, other)
    }
    #[track_caller]
    pub fn compare(&self, other: &Tensor, direction: Direction) -> Tensor {
        self.binary(other, |lhs, rhs| Op::Compare {
            direction,
            lhs,
            rhs,
        })
    }
    #[track_caller]
    pub fn eq(&self, other: &Tensor) -> Tensor {
        self.compare(other, Direction::Eq)
    }
    #[track_caller]
    pub fn lt(&self, other: &Tensor) -> Tensor {
        self.compare(other, Direction::Lt)
    }
    #[track_caller]
    pub fn gt(&self, other: &Tensor) -> Tensor {
        self.compare(other, Direction::Gt)
    }
    #[track_caller]
    pub fn ge(&self, other: &Tensor) -> Tensor {
        self.compare(other, Direction::Ge)
    }

    /// Elementwise `self ? on_true : on_false`; `self` is a pred tensor of the same shape.
    #[track_caller]
    pub fn select(&self, on_true: &Tensor, on_false: &Tensor) -> Tensor {
        self.graph().apply(Op::Select {
            pred: self.clone(),
            on_true: on_true.clone(),
            on_false: on_false.clone(),
        })
    }

    #[track_caller]
    pub fn convert(&self, dtype: DType) -> Tensor {
        if dtype == self.dtype() {
            return self.clone();
        }
        self.graph().apply(Op::Convert {
            x: self.clone(),
            dtype,
        })
    }

    /// Operand axis i becomes result axis `dims[i]`; other result axes are new.
    #[track_caller]
    pub fn broadcast_in_dim(&self, shape: &[i64], dims: &[usize]) -> Tensor {
        self.graph().apply(Op::BroadcastInDim {
            x: self.clone(),
            shape: shape.to_vec(),
            dims: dims.to_vec(),
        })
    }

    /// Numpy-style broadcast to `shape` (operand axes aligned to the right).
    #[track_caller]
    pub fn broadcast_to(&self, shape: &[i64]) -> Tensor {
        if shape == self.shape() {
            return self.clone();
        }
        let offset = shape.len().saturating_sub(self.rank());
        let dims: Vec<usize> = (0..self.rank()).map(|i| i + offset).collect();
        self.broadcast_in_dim(shape, &dims)
    }

    /// Reshape; one dimension may be -1 (inferred).
    #[track_caller]
    pub fn reshape(&self, shape: &[i64]) -> Tensor {
        let known: i64 = shape.iter().filter(|&&d| d != -1).product();
        let holes = shape.iter().filter(|&&d| d == -1).count();
        let mut shape = shape.to_vec();
        if holes == 1 && known > 0 && self.ty().element_count() % known == 0 {
            let fill = self.ty().element_count() / known;
            shape
                .iter_mut()
                .filter(|d| **d == -1)
                .for_each(|d| *d = fill);
        }
        if shape == self.shape() {
            return self.clone();
        }
        self.graph().apply(Op::Reshape {
            x: self.clone(),
            shape,
        })
    }

    #[track_caller]
    pub fn transpose(&self, perm: &[usize]) -> Tensor {
        if perm.iter().enumerate().all(|(i, &p)| i == p) && perm.len() == self.rank() {
            return self.clone();
        }
        self.graph().apply(Op::Transpose {
            x: self.clone(),
            perm: perm.to_vec(),
        })
    }

    /// Swaps the last two axes.
    #[track_caller]
    pub fn t(&self) -> Tensor {
        let r = self.rank();
        let mut perm: Vec<usize> = (0..r).collect();
        if r >= 2 {
            perm.swap(r - 1, r - 2);
        }
        self.transpose(&perm)
    }

    #[track_caller]
    pub fn slice(&self, start: &[i64], limit: &[i64], strides: &[i64]) -> Tensor {
        self.graph().apply(Op::Slice {
            x: self.clone(),
            start: start.to_vec(),
            limit: limit.to_vec(),
            strides: strides.to_vec(),
        })
    }

    /// `self[..., start:end, ...]` along one axis.
    #[track_caller]
    pub fn slice_axis(&self, axis: usize, start: i64, end: i64) -> Tensor {
        let mut lo = vec![0; self.rank()];
        let mut hi = self.shape().to_vec();
        let strides = vec![1; self.rank()];
        if axis < self.rank() {
            lo[axis] = start;
            hi[axis] = end;
        }
        self.slice(&lo, &hi, &strides)
    }

    /// This tensor with the window at `start` replaced by `update` (StableHLO's
    /// `dynamic_update_slice` at constant indices).
    #[track_caller]
    pub fn update_slice(&self, update: &Tensor, start: &[i64]) -> Tensor {
        self.graph().apply(Op::UpdateSlice {
            x: self.clone(),
            update: update.clone(),
            start: start.to_vec(),
        })
    }

    /// Pads with the scalar `value`: `low`/`high` at each edge, `interior` between elements.
    #[track_caller]
    pub fn pad(&self, value: &Tensor, low: &[i64], high: &[i64], interior: &[i64]) -> Tensor {
        self.graph().apply(Op::Pad {
            x: self.clone(),
            value: value.clone(),
            low: low.to_vec(),
            high: high.to_vec(),
            interior: interior.to_vec(),
        })
    }

    /// A run of adjacent contracting axes (in order, on both sides) is first merged into one
    /// axis by reshapes, which XLA turns into bitcasts: XLA CPU runs a contraction over several
    /// axes (the weight gradient `xᵀ · ct` of `x · W` over batch and sequence) through a strided
    /// transpose copy of the whole activation, but one over a single axis as a plain matrix
    /// product (2.5× faster for an MLP weight gradient of bench-small, see benches/README.md).
    #[track_caller]
    pub fn dot_general(&self, other: &Tensor, dims: DotDims) -> Tensor {
        if let Some(merged) = merge_contracting_run(self, other, &dims) {
            return merged;
        }
        self.graph().apply(Op::DotGeneral {
            lhs: self.clone(),
            rhs: other.clone(),
            dims,
        })
    }

    /// Mixed precision: `dot_general` with both operands cast to `compute` and the result cast
    /// back to this value's dtype (`None`: a plain `dot_general`, no casts).
    #[track_caller]
    pub fn dot_general_in(&self, other: &Tensor, dims: DotDims, compute: Option<DType>) -> Tensor {
        match compute {
            None => self.dot_general(other, dims),
            Some(dtype) => self
                .convert(dtype)
                .dot_general(&other.convert(dtype), dims)
                .convert(self.dtype()),
        }
    }

    /// `[..., m, k] @ [k, n] -> [..., m, n]`; with a rank >= 3 right side the leading axes are
    /// batch axes shared by both: `[B.., m, k] @ [B.., k, n] -> [B.., m, n]`.
    #[track_caller]
    pub fn matmul(&self, other: &Tensor) -> Tensor {
        self.matmul_in(other, None)
    }

    /// `matmul` in mixed precision (see `dot_general_in`).
    #[track_caller]
    pub fn matmul_in(&self, other: &Tensor, compute: Option<DType>) -> Tensor {
        let (lr, rr) = (self.rank(), other.rank());
        let dims = if rr <= 2 {
            DotDims {
                lhs_contract: vec![lr.saturating_sub(1)],
                rhs_contract: vec![0],
                ..Default::default()
            }
        } else {
            let batch: Vec<usize> = (0..rr - 2).collect();
            DotDims {
                lhs_batch: batch.clone(),
                rhs_batch: batch,
                lhs_contract: vec![lr.saturating_sub(1)],
                rhs_contract: vec![rr - 2],
            }
        };
        self.dot_general_in(other, dims, compute)
    }

    #[track_caller]
    fn reduce(&self, kind: ReduceKind, axes: &[i64]) -> Tensor {
        match check_axes(axes, self.rank()) {
            Ok(mut axes) => {
                axes.sort_unstable();
                self.graph().apply(Op::Reduce {
                    x: self.clone(),
                    kind,
                    axes,
                })
            }
            Err(msg) => {
                let op = Op::Reduce {
                    x: self.clone(),
                    kind,
                    axes: vec![],
                };
                self.graph().record_error(
                    ErrorKind::Axis,
                    op.name(),
                    format!("{msg}; operand {}", self.ty()),
                );
                self.clone()
            }
        }
    }

    /// Sum over `axes` (negative axes count from the end); the axes are removed.
    #[track_caller]
    pub fn sum(&self, axes: &[i64]) -> Tensor {
        self.reduce(ReduceKind::Sum, axes)
    }
    #[track_caller]
    pub fn reduce_max(&self, axes: &[i64]) -> Tensor {
        self.reduce(ReduceKind::Max, axes)
    }
    #[track_caller]
    pub fn mean(&self, axes: &[i64]) -> Tensor {
        let count: i64 = match check_axes(axes, self.rank()) {
            Ok(a) => a.iter().map(|&i| self.shape()[i]).product(),
            Err(_) => 1,
        };
        self.sum(axes) * (1.0 / count as f64)
    }
    /// Sum over every axis.
    #[track_caller]
    pub fn sum_all(&self) -> Tensor {
        let axes: Vec<i64> = (0..self.rank() as i64).collect();
        self.sum(&axes)
    }
    /// Re-inserts size-1 axes removed by a reduction over `axes` (sorted, non-negative).
    #[track_caller]
    pub fn keep_dims(&self, input_shape: &[i64], axes: &[i64]) -> Tensor {
        let axes = check_axes(axes, input_shape.len()).unwrap_or_default();
        let shape: Vec<i64> = input_shape
            .iter()
            .enumerate()
            .map(|(i, &d)| if axes.contains(&i) { 1 } else { d })
            .collect();
        self.reshape(&shape)
    }

    /// Rows of this `[V, ...]` table picked by integer `indices` of any shape:
    /// result `[indices..., ...]`.
    #[track_caller]
    pub fn take_rows(&self, indices: &Tensor) -> Tensor {
        self.graph().apply(Op::TakeRows {
            table: self.clone(),
            indices: indices.clone(),
        })
    }

    /// Sum over all replicas, result on every replica.
    #[track_caller]
    pub fn all_reduce_sum(&self) -> Tensor {
        self.graph().apply(Op::AllReduceSum { x: self.clone() })
    }
    /// Concatenation of every replica's value along `axis`, in replica order.
    #[track_caller]
    pub fn all_gather(&self, axis: usize) -> Tensor {
        self.graph().apply(Op::AllGather {
            x: self.clone(),
            axis,
        })
    }
    /// Sends this value from replica `source` to replica `target` for each pair; replicas that
    /// receive nothing get zeros.
    #[track_caller]
    pub fn collective_permute(&self, pairs: &[(usize, usize)]) -> Tensor {
        self.graph().apply(Op::CollectivePermute {
            x: self.clone(),
            pairs: pairs.to_vec(),
        })
    }
    /// Moves every replica's value one step along the ring (replica r sends to r + shift).
    #[track_caller]
    pub fn ring_shift(&self, shift: usize) -> Tensor {
        let n = self.graph().num_replicas();
        let pairs: Vec<(usize, usize)> = (0..n).map(|r| (r, (r + shift) % n)).collect();
        self.collective_permute(&pairs)
    }

    #[track_caller]
    pub fn stop_gradient(&self) -> Tensor {
        self.graph().apply(Op::StopGradient { x: self.clone() })
    }
    /// This scalar, with its gradient given explicitly (a custom VJP): the gradient with respect
    /// to each `wrt[i].0` is `wrt[i].1` times the incoming cotangent. Autodiff goes neither
    /// through this value's own computation nor through the gradients. With several replicas,
    /// gradients that reached this replica from others' shares (a ring) are right only when every
    /// replica's share gets the same cotangent, as when the shares are summed into the loss.
    #[track_caller]
    pub fn with_vjp(&self, wrt: &[(&Tensor, &Tensor)]) -> Tensor {
        self.graph().apply(Op::CustomVjp {
            value: self.clone(),
            inputs: wrt.iter().map(|(x, _)| (*x).clone()).collect(),
            grads: wrt.iter().map(|(_, g)| (*g).clone()).collect(),
        })
    }

    /// Keeps XLA from moving computation across this point (e.g. recomputation boundaries).
    #[track_caller]
    pub fn optimization_barrier(&self) -> Tensor {
        self.optimization_barrier_after(&[])
    }

    /// This value, available only once every one of `after` is (one joint barrier).
    #[track_caller]
    pub fn optimization_barrier_after(&self, after: &[&Tensor]) -> Tensor {
        self.graph().apply(Op::OptimizationBarrier {
            x: self.clone(),
            after: after.iter().map(|&t| t.clone()).collect(),
        })
    }

    /// This value, computed only once every one of `deps` is: one optimization barrier over
    /// all of them (what XLA's GPU/TPU schedulers honour, and what stops CSE), plus zero times
    /// one element of each dependency, a data dependence that survives the CPU compiler, which
    /// drops barriers before it schedules. Adding a zero leaves every finite value unchanged
    /// (up to the sign of 0).
    #[track_caller]
    pub fn after(&self, deps: &[&Tensor]) -> Tensor {
        let held = self.optimization_barrier_after(deps);
        let first = |d: &Tensor| {
            let rank = d.rank();
            d.slice(&vec![0; rank], &vec![1; rank], &vec![1; rank])
                .reshape(&[])
                .convert(self.dtype())
        };
        let zero = deps
            .iter()
            .map(|d| first(d))
            .reduce(|a, b| a + b)
            .map(|sum| sum * 0.0);
        match zero {
            Some(zero) => &held + &zero.broadcast_to(self.shape()),
            None => held,
        }
    }
}

macro_rules! binary_operator {
    ($trait:ident, $method:ident) => {
        impl ops::$trait<&Tensor> for &Tensor {
            type Output = Tensor;
            #[track_caller]
            fn $method(self, rhs: &Tensor) -> Tensor {
                Tensor::$method(self, rhs)
            }
        }
        impl ops::$trait<Tensor> for Tensor {
            type Output = Tensor;
            #[track_caller]
            fn $method(self, rhs: Tensor) -> Tensor {
                Tensor::$method(&self, &rhs)
            }
        }
        impl ops::$trait<&Tensor> for Tensor {
            type Output = Tensor;
            #[track_caller]
            fn $method(self, rhs: &Tensor) -> Tensor {
                Tensor::$method(&self, rhs)
            }
        }
        impl ops::$trait<Tensor> for &Tensor {
            type Output = Tensor;
            #[track_caller]
            fn $method(self, rhs: Tensor) -> Tensor {
                Tensor::$method(self, &rhs)
            }
        }
        impl ops::$trait<f64> for &Tensor {
            type Output = Tensor;
            #[track_caller]
            fn $method(self, rhs: f64) -> Tensor {
                Tensor::$method(self, &self.scalar_like(rhs))
            }
        }
        impl ops::$trait<f64> for Tensor {
            type Output = Tensor;
            #[track_caller]
            fn $method(self, rhs: f64) -> Tensor {
                Tensor::$method(&self, &self.scalar_like(rhs))
            }
        }
    };
}
binary_operator!(Add, add);
binary_operator!(Sub, sub);
binary_operator!(Mul, mul);
binary_operator!(Div, div);

impl ops::Neg for &Tensor {
    type Output = Tensor;
    #[track_caller]
    fn neg(self) -> Tensor {
        Tensor::neg(self)
    }
}
impl ops::Neg for Tensor {
    type Output = Tensor;
    #[track_caller]
    fn neg(self) -> Tensor {
        Tensor::neg(&self)
    }
}

/// `lhs · rhs` with a run of two or more contracting axes, adjacent and in order on both sides
/// and matching axis by axis, merged into one axis; `None` when `dims` has no such run (or is
/// invalid, which the `dot_general` node itself then reports).
#[track_caller]
fn merge_contracting_run(lhs: &Tensor, rhs: &Tensor, dims: &DotDims) -> Option<Tensor> {
    let run = |contract: &[usize], batch: &[usize], rank: usize| {
        let first = *contract.first()?;
        let adjacent = contract.iter().enumerate().all(|(i, &a)| a == first + i);
        let end = first + contract.len();
        (contract.len() >= 2
            && adjacent
            && end <= rank
            && batch.iter().all(|b| !contract.contains(b)))
        .then_some(first)
    };
    let l = run(&dims.lhs_contract, &dims.lhs_batch, lhs.rank())?;
    let r = run(&dims.rhs_contract, &dims.rhs_batch, rhs.rank())?;
    let n = dims.lhs_contract.len();
    let sizes_match = (0..n).all(|i| lhs.shape()[l + i] == rhs.shape()[r + i]);
    if !sizes_match || dims.lhs_batch.len() != dims.rhs_batch.len() {
        return None;
    }
    let merge = |t: &Tensor, first: usize| {
        let s = t.shape();
        let mut shape = s[..first].to_vec();
        shape.push(s[first..first + n].iter().product());
        shape.extend_from_slice(&s[first + n..]);
        t.reshape(&shape)
    };
    let shift = |batch: &[usize], first: usize| -> Vec<usize> {
        batch
            .iter()
            .map(|&b| if b > first { b - (n - 1) } else { b })
            .collect()
    };
    Some(merge(lhs, l).dot_general(
        &merge(rhs, r),
        DotDims {
            lhs_batch: shift(&dims.lhs_batch, l),
            rhs_batch: shift(&dims.rhs_batch, r),
            lhs_contract: vec![l],
            rhs_contract: vec![r],
        },
    ))
}
