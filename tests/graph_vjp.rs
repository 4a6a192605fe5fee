//! The VJP of every primitive kind, in f64: against central finite differences where the
//! primitive is differentiable at the test point, by hand where the convention is ours to choose
//! (ties, `pow` at 0, `stop_gradient`, dtype changes, per-replica collectives).
//! `every_primitive_kind_has_a_vjp_check` runs each check once and fails when a kind in
//! `OpKind::ALL` has no check, or when its check never differentiates through it.

mod common;
use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};

use common::*;
use siglip::graph::{grad, primitives_between, DotDims, Graph, OpKind, Tensor};
use siglip::tensor::{DType, HostTensor};

thread_local! {
    /// Kinds the running check differentiated through.
    static SEEN: RefCell<BTreeSet<OpKind>> = const { RefCell::new(BTreeSet::new()) };
}

fn record(params: &[&Tensor], out: &Tensor) {
    let kinds = primitives_between(params, out);
    SEEN.with(|s| s.borrow_mut().extend(kinds));
}

/// `grad_check` that records the primitives between the inputs and `f`'s output.
fn fd_check(
    replicas: usize,
    inputs: &[HostTensor],
    diff: &[bool],
    f: impl Fn(&[Tensor]) -> Tensor,
) {
    let g = Graph::with_replicas(replicas);
    let params = declare(&g, inputs);
    let refs: Vec<&Tensor> = params.iter().collect();
    record(&refs, &f(&params));
    grad_check(replicas, inputs, diff, f);
}

/// Gradients of `loss(params)` for hand-derived checks (one replica), recording its primitives.
fn hand_grads(inputs: &[HostTensor], loss: impl Fn(&[Tensor]) -> Tensor) -> Vec<Vec<f64>> {
    let g = Graph::new();
    let params = declare(&g, inputs);
    let refs: Vec<&Tensor> = params.iter().collect();
    let out = loss(&params);
    record(&refs, &out);
    let grads = grad(&out, &refs);
    let outs: Vec<&Tensor> = grads.iter().collect();
    run_f64(g.build(&outs).unwrap(), inputs)
}

/// The check that covers each kind. A new kind fails to compile here until it has one.
fn check_for(kind: OpKind) -> (&'static str, fn()) {
    use OpKind::*;
    match kind {
        Neg | Exp | Expm1 | Log | Log1p | Tanh | Logistic | Sqrt | Rsqrt | Abs | Sign
        | Parameter => ("unary", unary),
        Add | Sub | Mul | Div | Max | Min | Pow | BroadcastInDim | Constant => ("binary", binary),
        Compare | Select => ("compare_select", compare_select),
        Convert => ("convert", convert),
        Reshape | Transpose => ("layout", layout),
        Slice | Concatenate | Pad | UpdateSlice => ("slice_pad_concatenate", slice_pad_concatenate),
        DotGeneral => ("dot_general", dot_general),
        ReduceSum | ReduceMax => ("reductions", reductions),
        TakeRows | ScatterAddRows => ("gather_scatter", gather_scatter),
        Iota | StopGradient | OptimizationBarrier => ("iota_and_barriers", iota_and_barriers),
        AllReduceSum | AllGather | CollectivePermute | ReplicaId => ("collectives", collectives),
        CustomVjp => ("custom_vjp", custom_vjp),
        While => ("while_loop", while_loop),
    }
}

#[test]
fn every_primitive_kind_has_a_vjp_check() {
    let mut checks: BTreeMap<&str, fn()> = BTreeMap::new();
    for &kind in OpKind::ALL {
        let (name, check) = check_for(kind);
        checks.insert(name, check);
    }
    let mut seen: BTreeMap<&str, BTreeSet<OpKind>> = BTreeMap::new();
    for (name, check) in checks {
        println!("running check {name}");
        SEEN.with(|s| s.borrow_mut().clear());
        check();
        seen.insert(name, SEEN.with(|s| s.take()));
    }
    let missing: Vec<(OpKind, &str)> = OpKind::ALL
        .iter()
        .map(|&k| (k, check_for(k).0))
        .filter(|(k, name)| !seen[name].contains(k))
        .collect();
    assert!(
        missing.is_empty(),
        "these checks never differentiate through their kind: {missing:?}"
    );
}

type UnaryFn = fn(&Tensor) -> Tensor;
type BinaryFn = fn(&Tensor, &Tensor) -> Tensor;

fn unary() {
    let cases: [(UnaryFn, f64, f64); 12] = [
        (|x| x.neg(), -2.0, 2.0),
        (|x| x.exp(), -2.0, 2.0),
        (|x| x.expm1(), -2.0, 2.0),
        (|x| x.log(), 0.5, 3.0),
        (|x| x.log1p(), -0.5, 3.0),
        (|x| x.tanh(), -2.0, 2.0),
        (|x| x.logistic(), -4.0, 4.0),
        (|x| x.sqrt(), 0.5, 3.0),
        (|x| x.rsqrt(), 0.5, 3.0),
        (|x| x.abs(), 0.1, 2.0),
        (|x| x.abs(), -2.0, -0.1),
        // d(sign(x)·x) = sign(x) away from 0: sign itself passes no gradient.
        (|x| x.sign() * x, -2.0, 2.0),
    ];
    for (seed, (f, lo, hi)) in cases.into_iter().enumerate() {
        let x = uniform(&mut rng(seed as u64 + 1), &[2, 3], lo, hi);
        fd_check(1, &[x], &[true], |p| f(&p[0]));
    }
}

fn binary() {
    let cases: [(BinaryFn, f64, f64); 7] = [
        (|a, b| a + b, -2.0, 2.0),
        (|a, b| a - b, -2.0, 2.0),
        (|a, b| a * b, -2.0, 2.0),
        (|a, b| a / b, 0.5, 2.0),
        (|a, b| a.maximum(b), -2.0, 2.0),
        (|a, b| a.minimum(b), -2.0, 2.0),
        (|a, b| a.pow(b), 0.5, 2.0),
    ];
    for (seed, (f, lo, hi)) in cases.into_iter().enumerate() {
        let mut r = rng(seed as u64 + 11);
        let a = uniform(&mut r, &[2, 3], lo, hi);
        let b = uniform(&mut r, &[2, 3], lo, hi);
        fd_check(1, &[a, b], &[true, true], |p| f(&p[0], &p[1]));
    }
    let mut r = rng(20);
    let a = uniform(&mut r, &[2, 1, 3], -1.0, 1.0);
    let b = uniform(&mut r, &[4, 1], -1.0, 1.0);
    fd_check(1, &[a, b], &[true, true], |p| &p[0] * &p[1] + 2.0);

    // Ties of maximum/minimum split the cotangent evenly, as JAX does.
    let a = f64s(&[2], &[1.0, 2.0]);
    let b = f64s(&[2], &[1.0, 0.0]);
    let got = hand_grads(&[a.clone(), b.clone()], |p| p[0].maximum(&p[1]).sum_all());
    assert_eq!(got, vec![vec![0.5, 1.0], vec![0.5, 0.0]]);
    let got = hand_grads(&[a, b], |p| p[0].minimum(&p[1]).sum_all());
    assert_eq!(got, vec![vec![0.5, 0.0], vec![0.5, 1.0]]);

    pow_at_zero();
}

/// x^y at x = 0 for several y. Expected values are JAX 0.10.2's `grad` of `lax.pow` (float
/// exponents) except d/dx at y = 0: JAX gives 0·∞ = NaN there, we give 0 (x^0 is constant; JAX's
/// own rule for integer exponents does the same).
fn pow_at_zero() {
    let ys = [0.0, 0.5, 1.0, 1.5, 2.0, 3.0, -1.0];
    let x = f64s(&[7], &[0.0; 7]);
    let got = hand_grads(&[x, f64s(&[7], &ys)], |p| p[0].pow(&p[1]).sum_all());
    let inf = f64::INFINITY;
    let want_dx = [0.0, inf, 1.0, 0.0, 0.0, 0.0, -inf];
    let want_dy = [0.0, 0.0, 0.0, 0.0, 0.0, 0.0, f64::NAN];
    let same = |a: f64, b: f64| a == b || (a.is_nan() && b.is_nan());
    for (i, y) in ys.iter().enumerate() {
        assert!(same(got[0][i], want_dx[i]), "d/dx 0^{y}: {}", got[0][i]);
        assert!(same(got[1][i], want_dy[i]), "d/dy 0^{y}: {}", got[1][i]);
    }
}

fn compare_select() {
    let a = f64s(&[4], &[1.0, 2.0, 3.0, 4.0]);
    let b = f64s(&[4], &[4.0, 2.5, 1.0, 5.0]);
    fd_check(1, &[a, b], &[true, true], |p| {
        p[0].lt(&p[1]).select(&(&p[0] * &p[0]), &(&p[1] * 3.0))
    });
}

fn convert() {
    // Through an integer no gradient flows: d/dx [trunc(x)·x] = trunc(x) away from integers.
    let x = f64s(&[4], &[1.5, -2.25, 0.3, 3.7]);
    fd_check(1, &[x], &[true], |p| {
        p[0].convert(DType::I32).convert(DType::F64) * &p[0]
    });
    // f64 → f32: the cotangent comes back converted to f64 (0.1f32 widened exactly).
    let x = f64s(&[2], &[0.7, -1.3]);
    let got = hand_grads(&[x], |p| {
        let w = p[0]
            .graph()
            .constant(HostTensor::from_slice(&[2], &[0.1f32, -3.0]).unwrap());
        (p[0].convert(DType::F32) * w).sum_all()
    });
    assert_eq!(got, vec![vec![0.1f32 as f64, -3.0]]);
    // f32 → f64: the cotangent goes back rounded to f32.
    let x = HostTensor::from_slice(&[2], &[0.7f32, -1.3]).unwrap();
    let got = hand_grads(&[x], |p| {
        let w = p[0].graph().constant(f64s(&[2], &[0.1, 1.0 / 3.0]));
        (p[0].convert(DType::F64) * w).sum_all()
    });
    assert_eq!(got, vec![vec![0.1f32 as f64, (1.0f32 / 3.0) as f64]]);
    // f64 → f16 → f64 with values exact in f16: the identity, scaled by the loss's factor.
    let got = hand_grads(&[f64s(&[2], &[0.5, -0.25])], |p| {
        (p[0].convert(DType::F16).convert(DType::F64) * 3.0).sum_all()
    });
    assert_eq!(got, vec![vec![3.0, 3.0]]);
}

fn layout() {
    let x = uniform(&mut rng(21), &[3, 1], -1.0, 1.0);
    fd_check(1, &[x], &[true], |p| {
        p[0].broadcast_in_dim(&[2, 3, 4], &[1, 2])
    });
    let y = uniform(&mut rng(22), &[2, 3, 4], -1.0, 1.0);
    fd_check(1, std::slice::from_ref(&y), &[true], |p| {
        p[0].transpose(&[2, 0, 1])
    });
    fd_check(1, &[y], &[true], |p| p[0].reshape(&[4, 6]));
}

fn slice_pad_concatenate() {
    let x = uniform(&mut rng(23), &[4, 5], -1.0, 1.0);
    fd_check(1, std::slice::from_ref(&x), &[true], |p| {
        p[0].slice(&[1, 0], &[4, 5], &[2, 2])
    });
    let v = f64s(&[], &[7.0]);
    fd_check(1, &[x.clone(), v.clone()], &[true, true], |p| {
        p[0].pad(&p[1], &[1, 0], &[0, 2], &[1, 1])
    });
    let y = uniform(&mut rng(24), &[4, 2], -1.0, 1.0);
    fd_check(1, &[x.clone(), y.clone()], &[true, true], |p| {
        p[0].graph().concatenate(&[&p[0], &p[1], &p[0]], 1)
    });
    // The window's old values get no gradient, the update gets the window's cotangents.
    fd_check(1, &[x.clone(), y], &[true, true], |p| {
        let window = p[1].slice(&[0, 0], &[3, 2], &[1, 1]);
        p[0].update_slice(&(&window * &window), &[1, 3])
    });
    // Zero-size slices (in the middle, at the end, strided) contribute no gradient; padding an
    // empty operand gives the padding value every cotangent.
    fd_check(1, &[x, v], &[true, true], |p| {
        let empty = p[0].slice(&[2, 0], &[2, 5], &[1, 1]);
        let at_end = p[0].slice(&[4, 0], &[4, 5], &[3, 1]);
        let padded = empty.pad(&p[1], &[1, 0], &[0, 0], &[2, 0]);
        p[0].graph()
            .concatenate(&[&empty, &p[0], &at_end, &padded], 0)
    });
}

fn dot_general() {
    let mut r = rng(25);
    let cases = [
        // lhs [b=2, i=3, k1=2, k2=2], rhs [k2=2, b=2, j=4, k1=2]: batch (0 | 1), contract (2,3 | 3,0).
        (
            [2, 3, 2, 2],
            [2, 2, 4, 2],
            ([0], [1]),
            (vec![2, 3], vec![3, 0]),
        ),
        // Adjacent contracting axes on both sides, merged into one by the builder.
        (
            [2, 3, 2, 2],
            [2, 2, 3, 4],
            ([2], [0]),
            (vec![0, 1], vec![1, 2]),
        ),
    ];
    for (a_shape, b_shape, (lhs_batch, rhs_batch), (lhs_contract, rhs_contract)) in cases {
        let a = uniform(&mut r, &a_shape, -1.0, 1.0);
        let b = uniform(&mut r, &b_shape, -1.0, 1.0);
        let dims = DotDims {
            lhs_batch: lhs_batch.to_vec(),
            rhs_batch: rhs_batch.to_vec(),
            lhs_contract,
            rhs_contract,
        };
        fd_check(1, &[a, b], &[true, true], move |p| {
            p[0].dot_general(&p[1], dims.clone())
        });
    }
    let x = uniform(&mut r, &[3, 2, 5], -1.0, 1.0);
    let w = uniform(&mut r, &[5, 4], -1.0, 1.0);
    fd_check(1, &[x, w], &[true, true], |p| p[0].matmul(&p[1]));
}

fn reductions() {
    let x = uniform(&mut rng(27), &[2, 3, 4], -1.0, 1.0);
    fd_check(1, std::slice::from_ref(&x), &[true], |p| p[0].sum(&[0, 2]));
    fd_check(1, &[x], &[true], |p| p[0].reduce_max(&[1, 2]));
    // Tied maxima share the cotangent equally (JAX's `_reduce_chooser_jvp_rule`: JAX's grad of
    // max([3, 1, 3, 3]) is [1/3, 0, 1/3, 1/3]). Finite differences cannot check this: at a tie
    // the one-sided slopes differ.
    let x = f64s(&[2, 4], &[3.0, 1.0, 3.0, 3.0, 2.0, 5.0, 5.0, 0.0]);
    let got = hand_grads(&[x], |p| {
        let w = p[0].graph().constant(f64s(&[2], &[1.0, 2.0]));
        (p[0].reduce_max(&[1]) * w).sum_all()
    });
    let third = 1.0 / 3.0;
    assert_eq!(
        got,
        vec![vec![third, 0.0, third, third, 0.0, 1.0, 1.0, 0.0]]
    );
}

fn gather_scatter() {
    let table = uniform(&mut rng(29), &[5, 3], -1.0, 1.0);
    let idx = HostTensor::from_slice(&[2, 2], &[4i32, 0, 4, 2]).unwrap();
    // Row 4 is picked twice, so its gradient accumulates twice.
    fd_check(1, &[table, idx.clone()], &[true, false], |p| {
        p[0].take_rows(&p[1])
    });
    let upd = uniform(&mut rng(30), &[2, 2, 3], -1.0, 1.0);
    fd_check(1, &[idx, upd], &[false, true], |p| {
        p[0].graph().scatter_add_rows(&p[0], &p[1], 5)
    });
}

fn iota_and_barriers() {
    let x = uniform(&mut rng(28), &[2, 3], 0.5, 1.5);
    fd_check(1, std::slice::from_ref(&x), &[true], |p| {
        let i = p[0]
            .graph()
            .iota(DType::I32, &[2, 3], 1)
            .convert(DType::F64);
        (p[0].optimization_barrier() * i).exp()
    });
    // d/dx [x · stop_gradient(x)] = stop_gradient(x): half the true derivative of x².
    let got = hand_grads(std::slice::from_ref(&x), |p| {
        (&p[0] * &p[0].stop_gradient()).sum_all()
    });
    assert_eq!(got, vec![x.to_f64_lossy()]);
}

/// Per-replica inputs: replica r holds `base + 10·r`.
fn replica_inputs(base: &[f64], shape: &[i64]) -> Vec<Vec<HostTensor>> {
    (0..DEVICES)
        .map(|r| {
            let v: Vec<f64> = base.iter().map(|v| v + 10.0 * r as f64).collect();
            vec![f64s(shape, &v)]
        })
        .collect()
}

/// Per-replica gradients of `Σ_r loss_r` for per-replica inputs, recording the primitives.
fn replica_grads(shape: &[i64], loss: impl Fn(&Tensor, &Tensor) -> Tensor) -> Vec<Vec<f64>> {
    let g = Graph::with_replicas(DEVICES);
    let x = g.parameter("x", DType::F64, shape);
    let weight = g.replica_id().convert(DType::F64) + 1.0;
    let out = loss(&x, &weight);
    record(&[&x], &out);
    let grads = grad(&out, &[&x]);
    let n: i64 = shape.iter().product();
    let base: Vec<f64> = (0..n).map(|i| i as f64).collect();
    run_replicas(
        g.build(&[&grads[0]]).unwrap(),
        &replica_inputs(&base, shape),
    )
    .iter()
    .map(|outs| outs[0].to_f64_lossy())
    .collect()
}

fn collectives() {
    // Same inputs on every replica; the replica-dependent weight keeps the replicas apart.
    let x = uniform(&mut rng(31), &[2, 3], -1.0, 1.0);
    let id_weight = |t: &Tensor| t.graph().replica_id().convert(DType::F64) + 1.0;
    fd_check(DEVICES, std::slice::from_ref(&x), &[true], |p| {
        (p[0].ring_shift(1) * id_weight(&p[0])).exp() + p[0].all_reduce_sum() * &p[0]
    });
    for axis in [0, 1] {
        fd_check(DEVICES, std::slice::from_ref(&x), &[true], |p| {
            (p[0].all_gather(axis) * id_weight(&p[0])).tanh()
        });
    }
    // Pairs that leave replicas 1 and 3 receiving nothing (they get zeros).
    let partial = [(0, 2), (1, 0)];
    fd_check(DEVICES, &[x], &[true], |p| {
        (p[0].collective_permute(&partial) * id_weight(&p[0])).exp()
    });

    // Distinct inputs per replica, weights w_r = r + 1, loss = Σ_r w_r · Σ op(x)_r:
    // ring: replica s's value lands on s + 1, so ∂/∂x_s = w_{s+1}.
    let got = replica_grads(&[2], |x, w| (x.ring_shift(1) * w).sum_all());
    for (s, g) in got.iter().enumerate() {
        assert_eq!(
            g,
            &vec![((s + 1) % DEVICES + 1) as f64; 2],
            "ring, replica {s}"
        );
    }
    // Partial pairs: 0 → 2 (weight 3), 1 → 0 (weight 1); replicas 2 and 3 send nothing.
    let got = replica_grads(&[2], |x, w| (x.collective_permute(&partial) * w).sum_all());
    assert_eq!(
        got,
        vec![vec![3.0; 2], vec![1.0; 2], vec![0.0; 2], vec![0.0; 2]]
    );
    // all_gather on axis 1 of [2, 3]: element (i, c) of replica s sits in column 3s + c; with
    // the loss weighting column j by j, ∂/∂x_s(i, c) = Σ_r w_r · (3s + c) = 10 · (3s + c).
    let got = replica_grads(&[2, 3], |x, w| {
        let gathered = x.all_gather(1);
        let column = x
            .graph()
            .iota(DType::I32, gathered.shape(), 1)
            .convert(DType::F64);
        (gathered * column * w).sum_all()
    });
    for (s, g) in got.iter().enumerate() {
        let want: Vec<f64> = (0..6).map(|f| 10.0 * (3 * s + f % 3) as f64).collect();
        assert_eq!(g, &want, "all_gather axis 1, replica {s}");
    }
    // all_reduce_sum: every replica's value reaches every replica, so ∂/∂x_s = Σ_r w_r = 10.
    let got = replica_grads(&[2], |x, w| (x.all_reduce_sum() * w).sum_all());
    assert_eq!(got, vec![vec![10.0; 2]; DEVICES]);
}

/// A scalar with an explicit gradient gets exactly that gradient, scaled by the incoming
/// cotangent (finite differences agree when the given gradient is the true one), and autodiff
/// does not look inside the value: a deliberately different "gradient" is what comes out.
fn custom_vjp() {
    let x = uniform(&mut rng(40), &[2, 3], -1.0, 1.0);
    let y = uniform(&mut rng(41), &[3], -1.0, 1.0);
    // f = Σ x² · y (y broadcast over rows): ∂f/∂x = 2·x·y, ∂f/∂y = Σ_rows x².
    fd_check(1, &[x.clone(), y.clone()], &[true, true], |p| {
        let (x, y) = (&p[0], &p[1]);
        let squares = x * x;
        let f = (&squares * y).sum_all();
        let dx = x * y * 2.0;
        let dy = squares.sum(&[0]);
        (f.with_vjp(&[(x, &dx), (y, &dy)]) * 3.0).tanh()
    });
    // The value's own dependence on x is ignored: only the given gradient (here 5·y) counts.
    let got = hand_grads(&[x, y.clone()], |p| {
        let f = (&p[0] * &p[0]).sum_all();
        let given = (&p[1] * 5.0).broadcast_to(&[2, 3]);
        f.with_vjp(&[(&p[0], &given)]) * 2.0
    });
    let want: Vec<f64> = (0..6).map(|i| 10.0 * y.to_f64_lossy()[i % 3]).collect();
    assert_eq!(got[0], want);
    assert_eq!(got[1], vec![0.0; 3], "y is not an input of the custom VJP");
}

/// A `while` loop is forward only: a gradient through it is a build error naming the loop and
/// the way out (its values are checked in `graph_ops.rs`).
fn while_loop() {
    let g = Graph::new();
    let x = g.parameter("x", DType::F64, &[2]);
    let out = g.while_loop(3, &[&x], |c| vec![&c[0] * &c[0]]);
    let loss = out[0].sum_all();
    record(&[&x], &loss);
    let grads = grad(&loss, &[&x]);
    let err = g.build(&[&grads[0]]).unwrap_err();
    assert_eq!(err.op, "while");
    assert!(err.message.contains("custom VJP"), "{err}");
}
