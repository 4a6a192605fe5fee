mod common;
use common::*;
use siglip::graph::Graph;
use siglip::tensor::DType;

#[test]
fn smoke_matmul_add_tanh() {
    let g = Graph::new();
    let x = g.parameter("x", DType::F64, &[2, 3]);
    let w = g.parameter("w", DType::F64, &[3, 2]);
    let y = (x.matmul(&w) + 1.0).tanh();
    let m = g.build(&[&y]).unwrap();
    println!("{}", m.to_stablehlo());
    let out = run_f64(
        m,
        &[
            f64s(&[2, 3], &[1., 2., 3., 4., 5., 6.]),
            f64s(&[3, 2], &[0.1, 0.0, 0.0, 0.1, 0.1, -0.1]),
        ],
    );
    let want: Vec<f64> = [0.4 + 1.0, -0.1 + 1.0, 1.0 + 1.0, -0.1 + 1.0]
        .iter()
        .map(|v: &f64| v.tanh())
        .collect();
    assert_close(&out[0], &want, 1e-12, "matmul");
}
