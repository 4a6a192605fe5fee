//! `dtype: bfloat16`: matmuls take bf16 operands and give f32 results (exactly what rounding
//! the operands and the product to bf16 gives), f32 programs are unchanged, and a bf16 train
//! step's loss stays close to, but is not, the f32 one.

mod common;

use common::*;
use half::bf16;
use siglip::bench::random_batches;
use siglip::graph::{DotDims, Graph};
use siglip::loss::LossKind;
use siglip::model::init_params;
use siglip::optim::OptimizerConfig;
use siglip::tensor::{DType, HostTensor};
use siglip::train::{step, StepSpec, Trainer};

fn round_bf16(x: f32) -> f32 {
    bf16::from_f32(x).to_f32()
}

/// An outer product (contraction of size 1), so each result is one product of bf16-rounded
/// operands, exact in f32: XLA's CPU compiler keeps it in f32 (it drops the f32→bf16→f32 round
/// trip of the result), other backends may round it to bf16; both are accepted, the f32 product
/// of the unrounded operands is not.
#[test]
fn bf16_dot_rounds_operands_and_result_and_returns_f32() {
    let mut r = rng(3);
    let a: Vec<f32> = uniform(&mut r, &[6], -3.0, 3.0)
        .to_f64_lossy()
        .iter()
        .map(|&v| v as f32)
        .collect();
    let b: Vec<f32> = uniform(&mut r, &[5], -3.0, 3.0)
        .to_f64_lossy()
        .iter()
        .map(|&v| v as f32)
        .collect();
    let g = Graph::new();
    let x = g.parameter("a", DType::F32, &[6, 1]);
    let y = g.parameter("b", DType::F32, &[1, 5]);
    let dims = DotDims {
        lhs_contract: vec![1],
        rhs_contract: vec![0],
        ..Default::default()
    };
    let mixed = x.dot_general_in(&y, dims.clone(), Some(DType::Bf16));
    let full = x.dot_general_in(&y, dims, None);
    assert_eq!(mixed.dtype(), DType::F32);
    let module = g.build(&[&mixed, &full]).unwrap();
    let text = module.to_stablehlo();
    assert!(
        text.contains("(tensor<6x1xbf16>, tensor<1x5xbf16>) -> tensor<6x5xbf16>"),
        "{text}"
    );
    let inputs = [
        HostTensor::from_slice(&[6, 1], &a).unwrap(),
        HostTensor::from_slice(&[1, 5], &b).unwrap(),
    ];
    let out = run(module, &inputs).remove(0);
    let (got_mixed, got_full) = (
        out[0].to_vec::<f32>().unwrap(),
        out[1].to_vec::<f32>().unwrap(),
    );
    let mut differs = false;
    for i in 0..6 {
        for j in 0..5 {
            let product = round_bf16(a[i]) * round_bf16(b[j]);
            let got = got_mixed[i * 5 + j];
            assert!(
                got == product || got == round_bf16(product),
                "({i}, {j}): {got} is neither {product} nor its bf16 rounding"
            );
            assert_eq!(got_full[i * 5 + j], a[i] * b[j], "({i}, {j})");
            differs |= got != a[i] * b[j];
        }
    }
    assert!(differs, "the inputs must not all be bf16-exact");
}

fn spec(compute_dtype: DType) -> StepSpec {
    StepSpec {
        model: siglip::reference_programs::tiny_model_config().unwrap(),
        loss: LossKind::Sigmoid,
        optimizer: OptimizerConfig::bench(),
        replicas: 1,
        local_batch: 8,
        dtype: DType::F32,
        compute_dtype,
        remat: false,
    }
}

#[test]
fn f32_step_has_no_bf16_and_bf16_step_has_bf16_dots_only_in_the_towers() {
    let f32_text = step::build(&spec(DType::F32))
        .unwrap()
        .module
        .to_stablehlo();
    assert!(!f32_text.contains("bf16"));
    let bf16_text = step::build(&spec(DType::Bf16))
        .unwrap()
        .module
        .to_stablehlo();
    let dots = |t: &str| {
        t.lines()
            .filter(|l| l.contains("\"stablehlo.dot_general\""))
            .map(|l| l.contains("xbf16>") as usize)
            .fold((0, 0), |(bf, all), is_bf| (bf + is_bf, all + 1))
    };
    let (bf16_dots, all_dots) = dots(&bf16_text);
    assert_eq!(all_dots, dots(&f32_text).1, "same dots, other precision");
    // The loss's logits x̂·ŷᵀ, its two backward dots and `b`'s gradient (one vector-matrix
    // product) stay f32; every tower dot is bf16.
    assert_eq!(
        all_dots - bf16_dots,
        4,
        "{bf16_dots} of {all_dots} dots in bf16"
    );
    // Parameters, optimizer state and outputs stay f32.
    let main = bf16_text.lines().find(|l| l.contains("func.func")).unwrap();
    assert!(!main.contains("bf16"), "{main}");
}

#[test]
fn bf16_step_loss_is_close_to_the_f32_loss() {
    let params = init_params(&spec(DType::F32).model.param_specs().unwrap(), 0);
    let batch = random_batches(&spec(DType::F32).model, 1, 8, 0);
    let losses: Vec<f64> = [DType::F32, DType::Bf16]
        .iter()
        .map(|&dtype| {
            let mut trainer = Trainer::new(client(), &spec(dtype), &params).unwrap();
            trainer.step(1.0, &batch).unwrap().loss
        })
        .collect();
    let diff = (losses[0] - losses[1]).abs();
    eprintln!("loss f32 {} bf16 {} (|Δ| {diff:e})", losses[0], losses[1]);
    assert!(diff > 0.0, "bf16 computed nothing in bf16");
    assert!(diff < 1e-2 * losses[0].abs(), "{losses:?}");
}
