//! Every primitive run on the CPU plugin against a plain Rust reference (forward values; the
//! VJPs are checked in `graph_vjp.rs`).

mod common;
use common::*;
use siglip::graph::{DotDims, Graph, Tensor};
use siglip::tensor::{DType, HostTensor};

/// Row-major strides of `shape`.
fn strides(shape: &[i64]) -> Vec<usize> {
    let mut s = vec![1usize; shape.len()];
    for i in (0..shape.len().saturating_sub(1)).rev() {
        s[i] = s[i + 1] * shape[i + 1] as usize;
    }
    s
}

fn unravel(mut flat: usize, shape: &[i64]) -> Vec<usize> {
    let st = strides(shape);
    st.iter()
        .map(|&s| {
            let i = flat / s;
            flat %= s;
            i
        })
        .collect()
}

fn ravel(idx: &[usize], shape: &[i64]) -> usize {
    idx.iter().zip(strides(shape)).map(|(i, s)| i * s).sum()
}

fn check_unary(
    f: impl Fn(&Tensor) -> Tensor,
    reference: fn(f64) -> f64,
    lo: f64,
    hi: f64,
    seed: u64,
) {
    let x = uniform(&mut rng(seed), &[2, 3], lo, hi);
    let got = forward(std::slice::from_ref(&x), |p| f(&p[0]));
    let want: Vec<f64> = x.to_f64_lossy().into_iter().map(reference).collect();
    assert_close(&got, &want, 1e-12, "unary forward");
}

#[test]
fn unary_ops() {
    check_unary(|x| x.neg(), |v| -v, -2.0, 2.0, 1);
    check_unary(|x| x.exp(), f64::exp, -2.0, 2.0, 2);
    check_unary(|x| x.log(), f64::ln, 0.5, 3.0, 3);
    check_unary(|x| x.log1p(), f64::ln_1p, -0.5, 3.0, 4);
    check_unary(|x| x.tanh(), f64::tanh, -2.0, 2.0, 5);
    check_unary(|x| x.logistic(), |v| 1.0 / (1.0 + (-v).exp()), -4.0, 4.0, 6);
    check_unary(|x| x.sqrt(), f64::sqrt, 0.5, 3.0, 7);
    check_unary(|x| x.rsqrt(), |v| 1.0 / v.sqrt(), 0.5, 3.0, 8);
    check_unary(|x| x.abs(), f64::abs, 0.1, 2.0, 9);
    check_unary(|x| x.abs(), f64::abs, -2.0, -0.1, 10);
}

#[test]
fn sign_is_piecewise_constant() {
    let x = f64s(&[4], &[-2.0, 0.0, 0.5, 3.0]);
    assert_eq!(
        forward(std::slice::from_ref(&x), |p| p[0].sign()),
        vec![-1.0, 0.0, 1.0, 1.0]
    );
}

fn check_binary(
    f: impl Fn(&Tensor, &Tensor) -> Tensor,
    reference: fn(f64, f64) -> f64,
    lo: f64,
    hi: f64,
    seed: u64,
) {
    let mut r = rng(seed);
    let a = uniform(&mut r, &[2, 3], lo, hi);
    let b = uniform(&mut r, &[2, 3], lo, hi);
    let got = forward(&[a.clone(), b.clone()], |p| f(&p[0], &p[1]));
    let want: Vec<f64> = a
        .to_f64_lossy()
        .iter()
        .zip(b.to_f64_lossy())
        .map(|(&x, y)| reference(x, y))
        .collect();
    assert_close(&got, &want, 1e-12, "binary forward");
}

#[test]
fn binary_ops() {
    check_binary(|a, b| a + b, |x, y| x + y, -2.0, 2.0, 11);
    check_binary(|a, b| a - b, |x, y| x - y, -2.0, 2.0, 12);
    check_binary(|a, b| a * b, |x, y| x * y, -2.0, 2.0, 13);
    check_binary(|a, b| a / b, |x, y| x / y, 0.5, 2.0, 14);
    check_binary(|a, b| a.maximum(b), f64::max, -2.0, 2.0, 15);
    check_binary(|a, b| a.minimum(b), f64::min, -2.0, 2.0, 16);
    check_binary(|a, b| a.pow(b), f64::powf, 0.5, 2.0, 17);
}

#[test]
fn broadcasting_binary_ops() {
    let mut r = rng(20);
    let a = uniform(&mut r, &[2, 1, 3], -1.0, 1.0);
    let b = uniform(&mut r, &[4, 1], -1.0, 1.0);
    let got = forward(&[a.clone(), b.clone()], |p| &p[0] * &p[1]);
    let (av, bv) = (a.to_f64_lossy(), b.to_f64_lossy());
    let mut want = vec![];
    for i in 0..2 {
        for b_j in &bv {
            for k in 0..3 {
                want.push(av[i * 3 + k] * b_j);
            }
        }
    }
    assert_close(&got, &want, 1e-12, "broadcast mul");
}

#[test]
fn compare_and_select() {
    let a = f64s(&[4], &[1.0, 2.0, 3.0, 4.0]);
    let b = f64s(&[4], &[4.0, 2.0, 1.0, 5.0]);
    let got = forward(&[a.clone(), b.clone()], |p| {
        p[0].lt(&p[1]).select(&p[0], &p[1])
    });
    assert_eq!(got, vec![1.0, 2.0, 1.0, 4.0]);
    let got = forward(&[a.clone(), b.clone()], |p| {
        p[0].ge(&p[1]).convert(DType::F64)
    });
    assert_eq!(got, vec![0.0, 1.0, 1.0, 0.0]);
}

#[test]
fn convert_between_dtypes() {
    let x = f64s(&[3], &[1.5, -2.25, 1e-3]);
    let got = forward(std::slice::from_ref(&x), |p| {
        p[0].convert(DType::F32)
            .convert(DType::Bf16)
            .convert(DType::F64)
    });
    let want: Vec<f64> = [1.5f64, -2.25, 1e-3]
        .iter()
        .map(|&v| half::bf16::from_f64(v).to_f64())
        .collect();
    assert_eq!(got, want);
    let got = forward(std::slice::from_ref(&x), |p| {
        p[0].convert(DType::I32).convert(DType::F64)
    });
    assert_eq!(got, vec![1.0, -2.0, 0.0]);
}

#[test]
fn broadcast_in_dim_reshape_transpose() {
    let x = uniform(&mut rng(21), &[3, 1], -1.0, 1.0);
    let xv = x.to_f64_lossy();
    let got = forward(std::slice::from_ref(&x), |p| {
        p[0].broadcast_in_dim(&[2, 3, 4], &[1, 2])
    });
    let want: Vec<f64> = (0..24).map(|f| xv[unravel(f, &[2, 3, 4])[1]]).collect();
    assert_close(&got, &want, 0.0, "broadcast_in_dim");

    let y = uniform(&mut rng(22), &[2, 3, 4], -1.0, 1.0);
    let yv = y.to_f64_lossy();
    let got = forward(std::slice::from_ref(&y), |p| p[0].transpose(&[2, 0, 1]));
    let want: Vec<f64> = (0..24)
        .map(|f| {
            let o = unravel(f, &[4, 2, 3]);
            yv[ravel(&[o[1], o[2], o[0]], &[2, 3, 4])]
        })
        .collect();
    assert_close(&got, &want, 0.0, "transpose");
    assert_close(
        &forward(std::slice::from_ref(&y), |p| p[0].reshape(&[6, -1])),
        &yv,
        0.0,
        "reshape",
    );
}

#[test]
fn slice_pad_concatenate() {
    let x = uniform(&mut rng(23), &[4, 5], -1.0, 1.0);
    let xv = x.to_f64_lossy();
    let got = forward(std::slice::from_ref(&x), |p| {
        p[0].slice(&[1, 0], &[4, 5], &[2, 2])
    });
    let want: Vec<f64> = [1, 3]
        .iter()
        .flat_map(|&i| [0, 2, 4].map(|j| xv[i * 5 + j]))
        .collect();
    assert_close(&got, &want, 0.0, "strided slice");

    let v = f64s(&[], &[7.0]);
    let small = f64s(&[2], &[1.0, 2.0]);
    let got = forward(&[small.clone(), v.clone()], |p| {
        p[0].pad(&p[1], &[1], &[2], &[1])
    });
    assert_eq!(got, vec![7.0, 1.0, 7.0, 2.0, 7.0, 7.0]);

    let y = uniform(&mut rng(24), &[4, 2], -1.0, 1.0);
    let yv = y.to_f64_lossy();
    let got = forward(&[x.clone(), y.clone()], |p| {
        p[0].graph().concatenate(&[&p[0], &p[1]], 1)
    });
    let want: Vec<f64> = (0..4)
        .flat_map(|i| (0..7).map(move |j| (i, j)))
        .map(|(i, j)| {
            if j < 5 {
                xv[i * 5 + j]
            } else {
                yv[i * 2 + j - 5]
            }
        })
        .collect();
    assert_close(&got, &want, 0.0, "concatenate");
}

/// `dot_general` by definition: out[batch, lhs free, rhs free] = Σ over the contracted axes.
fn reference_dot_general(a: &HostTensor, b: &HostTensor, dims: &DotDims) -> Vec<f64> {
    let (av, bv) = (a.to_f64_lossy(), b.to_f64_lossy());
    let free = |rank: usize, batch: &[usize], contract: &[usize]| -> Vec<usize> {
        (0..rank)
            .filter(|d| !batch.contains(d) && !contract.contains(d))
            .collect()
    };
    let lhs_free = free(a.shape.len(), &dims.lhs_batch, &dims.lhs_contract);
    let rhs_free = free(b.shape.len(), &dims.rhs_batch, &dims.rhs_contract);
    let sizes =
        |t: &HostTensor, axes: &[usize]| -> Vec<i64> { axes.iter().map(|&d| t.shape[d]).collect() };
    let out_shape: Vec<i64> = [
        sizes(a, &dims.lhs_batch),
        sizes(a, &lhs_free),
        sizes(b, &rhs_free),
    ]
    .concat();
    let contract_shape = sizes(a, &dims.lhs_contract);
    let out_len: i64 = out_shape.iter().product();
    let contract_len: i64 = contract_shape.iter().product();
    let (nb, nl) = (dims.lhs_batch.len(), lhs_free.len());
    (0..out_len as usize)
        .map(|o| {
            let out = unravel(o, &out_shape);
            (0..contract_len as usize)
                .map(|c| {
                    let k = unravel(c, &contract_shape);
                    let mut ai = vec![0; a.shape.len()];
                    let mut bi = vec![0; b.shape.len()];
                    for (n, (&l, &r)) in dims.lhs_batch.iter().zip(&dims.rhs_batch).enumerate() {
                        (ai[l], bi[r]) = (out[n], out[n]);
                    }
                    for (n, &l) in lhs_free.iter().enumerate() {
                        ai[l] = out[nb + n];
                    }
                    for (n, &r) in rhs_free.iter().enumerate() {
                        bi[r] = out[nb + nl + n];
                    }
                    for (n, (&l, &r)) in
                        dims.lhs_contract.iter().zip(&dims.rhs_contract).enumerate()
                    {
                        (ai[l], bi[r]) = (k[n], k[n]);
                    }
                    av[ravel(&ai, &a.shape)] * bv[ravel(&bi, &b.shape)]
                })
                .sum()
        })
        .collect()
}

#[test]
fn dot_general_batched_and_multi_contracting() {
    // lhs [b=2, i=3, k1=2, k2=2], rhs [k2=2, b=2, j=4, k1=2]: batch (0 | 1), contract (2,3 | 3,0).
    let mut r = rng(25);
    let a = uniform(&mut r, &[2, 3, 2, 2], -1.0, 1.0);
    let b = uniform(&mut r, &[2, 2, 4, 2], -1.0, 1.0);
    let dims = DotDims {
        lhs_batch: vec![0],
        rhs_batch: vec![1],
        lhs_contract: vec![2, 3],
        rhs_contract: vec![3, 0],
    };
    let want = reference_dot_general(&a, &b, &dims);
    let got = forward(&[a, b], |p| p[0].dot_general(&p[1], dims.clone()));
    assert_close(&got, &want, 1e-12, "dot_general");
}

#[test]
fn dot_general_over_adjacent_axes_contracts_one_merged_axis() {
    // lhs [k1=2, k2=3, b=2, i=2], rhs [b=2, k1=2, k2=3, j=4]: batch (2 | 0), contract (0,1 | 1,2),
    // a run on both sides, which the builder merges into one axis of 6 (XLA CPU's fast path).
    let mut r = rng(26);
    let a = uniform(&mut r, &[2, 3, 2, 2], -1.0, 1.0);
    let b = uniform(&mut r, &[2, 2, 3, 4], -1.0, 1.0);
    let dims = DotDims {
        lhs_batch: vec![2],
        rhs_batch: vec![0],
        lhs_contract: vec![0, 1],
        rhs_contract: vec![1, 2],
    };
    let want = reference_dot_general(&a, &b, &dims);
    let f = |p: &[Tensor]| p[0].dot_general(&p[1], dims.clone());
    assert_close(
        &forward(&[a.clone(), b.clone()], f),
        &want,
        1e-12,
        "dot_general",
    );

    let g = Graph::new();
    let out = f(&declare(&g, &[a, b]));
    assert_eq!(out.shape(), &[2, 2, 4]);
    let text = g.build(&[&out]).unwrap().to_stablehlo();
    let one_axis = "lhs_batching_dimensions = [1], rhs_batching_dimensions = [0], \
                    lhs_contracting_dimensions = [0], rhs_contracting_dimensions = [1]";
    assert!(text.contains(one_axis), "{text}");
    assert!(
        text.contains("(tensor<2x3x2x2xf64>) -> tensor<6x2x2xf64>"),
        "{text}"
    );
}

#[test]
fn reductions_over_several_axes() {
    let x = uniform(&mut rng(27), &[2, 3, 4], -1.0, 1.0);
    let xv = x.to_f64_lossy();
    let got = forward(std::slice::from_ref(&x), |p| p[0].sum(&[0, 2]));
    let want: Vec<f64> = (0..3)
        .map(|j| {
            (0..24)
                .filter(|&f| unravel(f, &[2, 3, 4])[1] == j)
                .map(|f| xv[f])
                .sum()
        })
        .collect();
    assert_close(&got, &want, 1e-12, "sum");
    let got = forward(std::slice::from_ref(&x), |p| p[0].reduce_max(&[-1]));
    let want: Vec<f64> = (0..6)
        .map(|r| {
            xv[r * 4..r * 4 + 4]
                .iter()
                .cloned()
                .fold(f64::MIN, f64::max)
        })
        .collect();
    assert_close(&got, &want, 0.0, "reduce_max");
}

#[test]
fn iota_and_constant() {
    let g = Graph::new();
    let i = g.iota(DType::I32, &[2, 3], 1).convert(DType::F64);
    let c = g.constant(f64s(&[2, 3], &[0.5, 1.5, 2.5, 3.5, 4.5, 5.5]));
    let out = run_f64(g.build(&[&(&i + &c)]).unwrap(), &[]);
    assert_eq!(out[0], vec![0.5, 2.5, 4.5, 3.5, 5.5, 7.5]);
}

#[test]
fn gather_and_scatter_add_with_repeated_indices() {
    let table = uniform(&mut rng(29), &[5, 3], -1.0, 1.0);
    let tv = table.to_f64_lossy();
    let idx = HostTensor::from_slice(&[2, 2], &[4i32, 0, 4, 2]).unwrap();
    let got = forward(&[table.clone(), idx.clone()], |p| p[0].take_rows(&p[1]));
    let want: Vec<f64> = [4, 0, 4, 2]
        .iter()
        .flat_map(|&r| tv[r * 3..r * 3 + 3].to_vec())
        .collect();
    assert_close(&got, &want, 0.0, "gather");
    // Row 4 is picked twice, so its gradient accumulates twice.

    let upd = uniform(&mut rng(30), &[2, 2, 3], -1.0, 1.0);
    let uv = upd.to_f64_lossy();
    let got = forward(&[idx.clone(), upd.clone()], |p| {
        p[0].graph().scatter_add_rows(&p[0], &p[1], 5)
    });
    let mut want = vec![0.0; 15];
    for (n, &r) in [4usize, 0, 4, 2].iter().enumerate() {
        for c in 0..3 {
            want[r * 3 + c] += uv[n * 3 + c];
        }
    }
    assert_close(&got, &want, 1e-12, "scatter_add");
}

/// Per-replica inputs: replica r holds `base + 10·r`.
fn replica_inputs(base: &[f64], shape: &[i64]) -> Vec<Vec<HostTensor>> {
    (0..DEVICES)
        .map(|r| {
            vec![f64s(
                shape,
                &base.iter().map(|v| v + 10.0 * r as f64).collect::<Vec<_>>(),
            )]
        })
        .collect()
}

#[test]
fn collectives_on_four_devices() {
    let g = Graph::with_replicas(DEVICES);
    let x = g.parameter("x", DType::F64, &[2]);
    let id = g.replica_id().convert(DType::F64);
    let outs = [
        x.all_reduce_sum(),
        x.all_gather(0),
        x.ring_shift(1),
        id,
        x.collective_permute(&[(0, 2), (1, 0)]),
        x.reshape(&[1, 2]).all_gather(1),
    ];
    let refs: Vec<&Tensor> = outs.iter().collect();
    let got = run_replicas(g.build(&refs).unwrap(), &replica_inputs(&[1.0, 2.0], &[2]));
    for (r, outs) in got.iter().enumerate() {
        assert_eq!(
            outs[0].to_f64_lossy(),
            vec![64.0, 68.0],
            "all_reduce on replica {r}"
        );
        assert_eq!(
            outs[1].to_f64_lossy(),
            vec![1.0, 2.0, 11.0, 12.0, 21.0, 22.0, 31.0, 32.0],
            "all_gather"
        );
        let from = ((r + DEVICES - 1) % DEVICES) as f64;
        assert_eq!(
            outs[2].to_f64_lossy(),
            vec![1.0 + 10.0 * from, 2.0 + 10.0 * from],
            "ring on replica {r}"
        );
        assert_eq!(outs[3].to_f64_lossy(), vec![r as f64]);
        // Replicas 1 and 3 receive nothing: zeros.
        let from = [Some(1.0), None, Some(0.0), None][r];
        let want = from.map_or(vec![0.0, 0.0], |f| vec![1.0 + 10.0 * f, 2.0 + 10.0 * f]);
        assert_eq!(
            outs[4].to_f64_lossy(),
            want,
            "partial permute on replica {r}"
        );
        assert_eq!(outs[5].shape, vec![1, 8]);
        assert_eq!(
            outs[5].to_f64_lossy(),
            outs[1].to_f64_lossy(),
            "all_gather on axis 1"
        );
    }
}

/// `while_loop`: the body runs exactly `trips` times on the carry (x ← x·a + 1, counted in a
/// second carry), loop-invariant values travel as carry, several loops in one program are each
/// emitted once, and a body that does not map the carry to itself is a build error.
#[test]
fn while_loop_runs_its_body_trips_times() {
    let g = Graph::new();
    let x = g.parameter("x", DType::F64, &[3]);
    let a = g.parameter("a", DType::F64, &[]);
    let count = g.scalar(0.0, DType::I32);
    let step = |c: &[Tensor]| {
        vec![
            &c[0] * &c[1] + 1.0,
            c[1].clone(),
            &c[2] + &c[2].scalar_like(1.0),
        ]
    };
    let five = g.while_loop(5, &[&x, &a, &count], step);
    let none = g.while_loop(0, &[&x, &a, &count], step);
    let text = g
        .build(&[&five[0], &five[2], &none[0], &none[2]])
        .unwrap()
        .to_stablehlo();
    assert_eq!(text.matches("\"stablehlo.while\"").count(), 2, "{text}");
    let xs = [0.5, -1.0, 2.0];
    let a_value = 0.75;
    let out = run_f64(
        g.build(&[&five[0], &five[2], &none[0], &none[2]]).unwrap(),
        &[f64s(&[3], &xs), f64s(&[], &[a_value])],
    );
    let want: Vec<f64> = xs
        .iter()
        .map(|&v| (0..5).fold(v, |acc, _| acc * a_value + 1.0))
        .collect();
    assert_close(&out[0], &want, 1e-15, "five trips");
    assert_eq!(out[1], vec![5.0]);
    assert_eq!(out[2], xs.to_vec());
    assert_eq!(out[3], vec![0.0]);

    let g = Graph::new();
    let x = g.parameter("x", DType::F64, &[3]);
    let wrong = g.while_loop(2, &[&x], |c| vec![c[0].sum_all()]);
    let err = g.build(&wrong.iter().collect::<Vec<_>>()).unwrap_err();
    assert_eq!(err.op, "while");
    assert!(err.message.contains("map the carry"), "{err}");
}

/// A `while` body with a collective: the ring shift inside the loop moves every replica's value
/// once per trip (after 3 trips on 4 devices replica r holds replica r−3's value).
#[test]
fn while_loop_with_ring_shift_on_four_devices() {
    let g = Graph::with_replicas(DEVICES);
    let x = g.parameter("x", DType::F64, &[2]);
    let out = g.while_loop(3, &[&x], |c| vec![c[0].ring_shift(1)]);
    let inputs: Vec<Vec<HostTensor>> = (0..DEVICES)
        .map(|r| vec![f64s(&[2], &[r as f64, 10.0 * r as f64])])
        .collect();
    let got = run_replicas(g.build(&[&out[0]]).unwrap(), &inputs);
    for (r, outs) in got.iter().enumerate() {
        let from = ((r + DEVICES - 3) % DEVICES) as f64;
        assert_eq!(
            outs[0].to_f64_lossy(),
            vec![from, 10.0 * from],
            "replica {r}"
        );
    }
}
