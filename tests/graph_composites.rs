//! Composites (softmax, log_sigmoid, layer norm, GELU, attention) against hand references and
//! finite differences; build-time errors; a 1000-node graph.

mod common;
use std::time::Instant;

use common::*;
use siglip::graph::{nn, ErrorKind, Graph, Tensor};
use siglip::program::Program;
use siglip::tensor::{DType, HostTensor};

#[test]
fn softmax_and_log_softmax() {
    let x = uniform(&mut rng(40), &[2, 5], -3.0, 3.0);
    let xv = x.to_f64_lossy();
    let mut want = vec![];
    for row in xv.chunks(5) {
        let total: f64 = row.iter().map(|v| v.exp()).sum();
        want.extend(row.iter().map(|v| v.exp() / total));
    }
    assert_close(
        &forward(std::slice::from_ref(&x), |p| nn::softmax(&p[0], -1)),
        &want,
        1e-12,
        "softmax",
    );
    let log_want: Vec<f64> = want.iter().map(|v| v.ln()).collect();
    assert_close(
        &forward(std::slice::from_ref(&x), |p| nn::log_softmax(&p[0], 1)),
        &log_want,
        1e-12,
        "log_softmax",
    );
    grad_check(1, std::slice::from_ref(&x), &[true], |p| {
        nn::softmax(&p[0], -1)
    });
    grad_check(1, &[x], &[true], |p| nn::log_softmax(&p[0], 0));
}

#[test]
fn log_sigmoid_is_finite_at_extremes() {
    for dtype in [DType::F64, DType::F32] {
        let g = Graph::new();
        let x = g.parameter("x", DType::F64, &[4]);
        let xd = x.convert(dtype);
        let y = nn::log_sigmoid(&xd);
        let grads = siglip::graph::grad(&y.sum_all(), &[&xd]);
        let out = run_f64(
            g.build(&[&y, &grads[0]]).unwrap(),
            &[f64s(&[4], &[100.0, -100.0, 0.0, 3.0])],
        );
        let want = [
            -(-100f64).exp(),
            -100.0 - (-100f64).exp(),
            -(2f64.ln()),
            -(1.0 + (-3f64).exp()).ln(),
        ];
        let dwant = [
            1.0 / (1.0 + 100f64.exp()),
            1.0 / (1.0 + (-100f64).exp()),
            0.5,
            1.0 / (1.0 + 3f64.exp()),
        ];
        assert!(
            out.iter().flatten().all(|v| v.is_finite()),
            "{dtype}: {out:?}"
        );
        let tol = if dtype == DType::F64 { 1e-12 } else { 1e-6 };
        assert_close(&out[0], &want, tol, "log_sigmoid");
        assert_close(&out[1], &dwant, tol, "d log_sigmoid");
    }
    let x = uniform(&mut rng(41), &[6], -8.0, 8.0);
    grad_check(1, &[x], &[true], |p| nn::log_sigmoid(&p[0]));
}

#[test]
fn layer_norm_matches_reference() {
    let mut r = rng(42);
    let x = uniform(&mut r, &[3, 4], -2.0, 2.0);
    let scale = uniform(&mut r, &[4], 0.5, 1.5);
    let bias = uniform(&mut r, &[4], -0.5, 0.5);
    let (xv, sv, bv) = (x.to_f64_lossy(), scale.to_f64_lossy(), bias.to_f64_lossy());
    let mut want = vec![];
    for row in xv.chunks(4) {
        let mean = row.iter().sum::<f64>() / 4.0;
        let var = row.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / 4.0;
        want.extend(
            row.iter()
                .enumerate()
                .map(|(i, v)| (v - mean) / (var + 1e-6).sqrt() * sv[i] + bv[i]),
        );
    }
    let inputs = [x, scale, bias];
    assert_close(
        &forward(&inputs, |p| nn::layer_norm(&p[0], &p[1], &p[2], 1e-6)),
        &want,
        1e-12,
        "layer_norm",
    );
    grad_check(1, &inputs, &[true, true, true], |p| {
        nn::layer_norm(&p[0], &p[1], &p[2], 1e-6)
    });
}

#[test]
fn gelu_one_hot_l2_normalize() {
    let x = uniform(&mut rng(43), &[5], -3.0, 3.0);
    let want: Vec<f64> = x
        .to_f64_lossy()
        .iter()
        .map(|v| {
            0.5 * v
                * (1.0 + ((2.0 / std::f64::consts::PI).sqrt() * (v + 0.044715 * v.powi(3))).tanh())
        })
        .collect();
    assert_close(
        &forward(std::slice::from_ref(&x), |p| nn::gelu_tanh(&p[0])),
        &want,
        1e-12,
        "gelu",
    );
    grad_check(1, &[x], &[true], |p| nn::gelu_tanh(&p[0]));

    let idx = HostTensor::from_slice(&[3], &[2i32, 0, 2]).unwrap();
    let got = forward(&[idx], |p| nn::one_hot(&p[0], 3, DType::F64));
    assert_eq!(got, vec![0., 0., 1., 1., 0., 0., 0., 0., 1.]);

    let v = f64s(&[2, 2], &[3.0, 4.0, 0.0, 0.0]);
    let got = forward(std::slice::from_ref(&v), |p| nn::l2_normalize(&p[0], 1e-8));
    assert_close(
        &got,
        &[3.0 / (5.0 + 1e-8), 4.0 / (5.0 + 1e-8), 0.0, 0.0],
        1e-15,
        "l2_normalize",
    );
    let v = uniform(&mut rng(44), &[2, 3], -1.0, 1.0);
    grad_check(1, &[v], &[true], |p| nn::l2_normalize(&p[0], 1e-8));
}

/// Pre-LN self-attention block: x + out(attention(q(LN x), k(LN x), v(LN x))).
fn attention_block(p: &[Tensor], heads: i64) -> Tensor {
    let (x, wq, wk, wv, wo) = (&p[0], &p[1], &p[2], &p[3], &p[4]);
    let (b, l, d) = (x.dim(0), x.dim(1), x.dim(2));
    let one = x.graph().full(1.0, DType::F64, &[d]);
    let zero = x.graph().zeros(DType::F64, &[d]);
    let h = nn::layer_norm(x, &one, &zero, 1e-6);
    let split = |w: &Tensor| h.matmul(w).reshape(&[b, l, heads, d / heads]);
    let a = nn::dot_product_attention(&split(wq), &split(wk), &split(wv), None, None)
        .reshape(&[b, l, d]);
    x + a.matmul(wo)
}

#[test]
fn attention_block_matches_reference_and_gradients() {
    let (b, l, d, heads) = (2usize, 3usize, 4usize, 2usize);
    let mut r = rng(45);
    let x = uniform(&mut r, &[b as i64, l as i64, d as i64], -1.0, 1.0);
    let ws: Vec<HostTensor> = (0..4)
        .map(|_| uniform(&mut r, &[d as i64, d as i64], -0.7, 0.7))
        .collect();
    let mut inputs = vec![x.clone()];
    inputs.extend(ws.iter().cloned());
    let got = forward(&inputs, |p| attention_block(p, heads as i64));

    // Plain reference.
    let xv = x.to_f64_lossy();
    let w: Vec<Vec<f64>> = ws.iter().map(|t| t.to_f64_lossy()).collect();
    let matvec = |v: &[f64], m: &[f64]| -> Vec<f64> {
        (0..d)
            .map(|j| (0..d).map(|i| v[i] * m[i * d + j]).sum())
            .collect()
    };
    let mut want = vec![0.0; b * l * d];
    for bi in 0..b {
        let rows: Vec<Vec<f64>> = (0..l)
            .map(|t| {
                let row = &xv[(bi * l + t) * d..(bi * l + t + 1) * d];
                let mean = row.iter().sum::<f64>() / d as f64;
                let var = row.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / d as f64;
                row.iter()
                    .map(|v| (v - mean) / (var + 1e-6).sqrt())
                    .collect()
            })
            .collect();
        let (q, k, v): (Vec<_>, Vec<_>, Vec<_>) = (
            rows.iter().map(|h| matvec(h, &w[0])).collect(),
            rows.iter().map(|h| matvec(h, &w[1])).collect(),
            rows.iter().map(|h| matvec(h, &w[2])).collect(),
        );
        let dh = d / heads;
        for t in 0..l {
            let mut attn = vec![0.0; d];
            for hd in 0..heads {
                let cols = hd * dh..(hd + 1) * dh;
                let logits: Vec<f64> = (0..l)
                    .map(|s| {
                        cols.clone().map(|c| q[t][c] * k[s][c]).sum::<f64>() / (dh as f64).sqrt()
                    })
                    .collect();
                let max = logits.iter().cloned().fold(f64::MIN, f64::max);
                let total: f64 = logits.iter().map(|z| (z - max).exp()).sum();
                for s in 0..l {
                    let p = (logits[s] - max).exp() / total;
                    for c in cols.clone() {
                        attn[c] += p * v[s][c];
                    }
                }
            }
            let out = matvec(&attn, &w[3]);
            for c in 0..d {
                want[(bi * l + t) * d + c] = xv[(bi * l + t) * d + c] + out[c];
            }
        }
    }
    assert_close(&got, &want, 1e-12, "attention block");
    grad_check(1, &inputs, &[true; 5], |p| attention_block(p, heads as i64));
}

fn build_error(f: impl Fn(&Graph)) -> siglip::graph::GraphError {
    let g = Graph::new();
    f(&g);
    let out = g.scalar(0.0, DType::F32);
    g.build(&[&out]).expect_err("the graph must not build")
}

#[test]
fn build_errors_name_the_op_and_shapes() {
    let e = build_error(|g| {
        let a = g.parameter("a", DType::F32, &[2, 3]);
        let b = g.parameter("b", DType::F32, &[4, 5]);
        let _ = a.matmul(&b).tanh();
    });
    assert_eq!(e.kind, ErrorKind::Shape);
    let msg = e.to_string();
    assert!(msg.starts_with("dot_general:"), "{msg}");
    assert!(
        msg.contains("tensor<2x3xf32>") && msg.contains("tensor<4x5xf32>"),
        "{msg}"
    );
    assert!(
        msg.contains("graph_composites.rs"),
        "message names the call site: {msg}"
    );

    let e = build_error(|g| {
        let a = g.parameter("a", DType::F32, &[2, 3]);
        let _ = a.sum(&[2]);
    });
    assert_eq!(e.kind, ErrorKind::Axis);
    assert!(
        e.to_string().contains("axis 2 out of range for rank 2"),
        "{e}"
    );

    let e = build_error(|g| {
        let a = g.parameter("a", DType::F32, &[3]);
        let b = g.parameter("b", DType::F64, &[3]);
        let _ = &a + &b;
    });
    assert_eq!(e.kind, ErrorKind::DType);
    assert!(
        e.to_string().contains("add: dtype mismatch: f32 vs f64"),
        "{e}"
    );

    let e = build_error(|g| {
        let a = g.parameter("a", DType::F32, &[2, 3]);
        let b = g.parameter("b", DType::F32, &[4, 3]);
        let _ = &a + &b;
    });
    assert_eq!(e.kind, ErrorKind::Shape);
    assert!(e.to_string().contains("do not broadcast"), "{e}");

    let e = build_error(|g| {
        let a = g.parameter("a", DType::F32, &[2, 3]);
        let _ = a.reshape(&[5]);
    });
    assert!(
        e.to_string()
            .contains("cannot reshape tensor<2x3xf32> (6 elements) to [5]"),
        "{e}"
    );

    // The first error wins even when later ops fail because of it.
    let e = build_error(|g| {
        let a = g.parameter("a", DType::F32, &[2, 3]);
        let b = a.transpose(&[0, 0]);
        let _ = b.matmul(&a);
    });
    assert!(e.to_string().starts_with("transpose:"), "{e}");
}

#[test]
fn thousand_node_graph_prints_and_compiles() {
    let g = Graph::new();
    let x = g.parameter("x", DType::F32, &[8, 8]);
    let mut h = x.clone();
    while g.node_count() < 1000 {
        h = (h.tanh() * 0.5 + &x).matmul(&x.t()) * 0.01;
    }
    let loss = h.sum_all();
    let module = g.build(&[&loss]).unwrap();
    let start = Instant::now();
    let text = module.to_stablehlo();
    let print_time = start.elapsed();
    let program = Program::compile(client(), module).unwrap();
    println!(
        "1000-node graph: {} lines of StableHLO, print {:.2?}, compile {:.2?}",
        text.lines().count(),
        print_time,
        program.compile_time
    );
    let input = HostTensor::from_slice(&[8, 8], &[0.1f32; 64]).unwrap();
    let out = program.run_host(client(), &[vec![input]]).unwrap();
    assert!(out[0][0].to_f64_lossy()[0].is_finite());
}
