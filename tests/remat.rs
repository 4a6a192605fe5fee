//! Rematerialisation (`remat: true`): gradients through checkpointed encoder blocks equal the
//! plain program's (f64, the tiny model), the recomputation is really there (more dots, a joint
//! barrier on the block input and cotangent), and XLA's compiled temporary memory of the train
//! step drops.

mod common;

use common::*;
use rand::Rng;
use siglip::graph::{grad, Graph, Module, Tensor};
use siglip::loss::{self, LossKind};
use siglip::model::{cast_tree, init_params, two_towers, Compute, Params, TwoTowerConfig};
use siglip::optim::OptimizerConfig;
use siglip::program::Program;
use siglip::tensor::{DType, HostTensor};
use siglip::train::{step, StepSpec};

const BATCH: i64 = 4;

/// Loss and its gradient w.r.t. every parameter of `cfg`, in f64.
fn loss_and_grads(cfg: &TwoTowerConfig, remat: bool) -> Module {
    let g = Graph::new();
    let params = Params::declare_specs(&g, &cfg.param_specs().unwrap(), DType::F64);
    let size = cfg.image.image_size as i64;
    let images = g.parameter("images", DType::F64, &[BATCH, size, size, 3]);
    let tokens = g.parameter("tokens", DType::I32, &[BATCH, cfg.text.max_len as i64]);
    let compute = Compute {
        matmul_dtype: None,
        remat,
    };
    let emb = two_towers::forward_with(cfg, &params, compute, &images, &tokens).unwrap();
    let share = loss::loss(
        LossKind::Sigmoid,
        &emb.image,
        &emb.text,
        &emb.t_prime,
        &emb.bias,
    );
    let wrt: Vec<&Tensor> = params.tensors().values().collect();
    let grads = grad(&share, &wrt);
    let mut outputs = vec![&share];
    outputs.extend(grads.iter());
    g.build(&outputs).unwrap()
}

fn count(text: &str, needle: &str) -> usize {
    text.matches(needle).count()
}

#[test]
fn remat_gradients_equal_the_plain_gradients_in_f64() {
    let cfg = siglip::reference_programs::tiny_model_config().unwrap();
    let params = cast_tree(&init_params(&cfg.param_specs().unwrap(), 7), DType::F64);
    let mut r = rng(11);
    let size = cfg.image.image_size as i64;
    let images = uniform(&mut r, &[BATCH, size, size, 3], -1.0, 1.0);
    let len = cfg.text.max_len as i64;
    let ids: Vec<i32> = (0..BATCH * len)
        .map(|_| r.gen_range(0..cfg.text.vocab_size as i32))
        .collect();
    let tokens = HostTensor::from_slice(&[BATCH, len], &ids).unwrap();
    let mut inputs: Vec<HostTensor> = params.values().cloned().collect();
    inputs.extend([images, tokens]);

    let (plain, remat) = (loss_and_grads(&cfg, false), loss_and_grads(&cfg, true));
    let (plain_text, remat_text) = (plain.to_stablehlo(), remat.to_stablehlo());
    // Each block's recomputation starts from one joint barrier of its input and cotangent, and
    // recomputes the block's dots (the forward ones stay).
    let blocks = cfg.image.depth + cfg.text.depth;
    let joint_barrier = ":2 = \"stablehlo.optimization_barrier\"";
    assert_eq!(count(&plain_text, joint_barrier), 0);
    assert_eq!(count(&remat_text, joint_barrier), blocks);
    let dots = |t: &str| count(t, "\"stablehlo.dot_general\"");
    assert!(
        dots(&remat_text) > dots(&plain_text),
        "remat {} dots, plain {}",
        dots(&remat_text),
        dots(&plain_text)
    );

    let want = run_f64(plain, &inputs);
    let got = run_f64(remat, &inputs);
    assert_eq!(got.len(), params.len() + 1);
    let names = std::iter::once("loss").chain(params.keys().map(String::as_str));
    let largest = |v: &[f64]| v.iter().fold(0f64, |m, x| m.max(x.abs()));
    let overall = want[1..].iter().map(|g| largest(g)).fold(0f64, f64::max);
    let mut worst = 0f64;
    for ((name, got), want) in names.zip(&got).zip(&want) {
        // Key biases have a zero gradient (softmax ignores a shift shared by all keys): both
        // values are round-off, so they are measured against the largest gradient overall.
        let scale = match largest(want) {
            s if s > 1e-9 * overall => s,
            _ => overall,
        };
        let err = got
            .iter()
            .zip(want)
            .fold(0f64, |m, (a, b)| m.max((a - b).abs()))
            / scale;
        worst = worst.max(err);
        assert!(err <= 1e-12, "{name}: relative error {err:e}");
    }
    eprintln!("worst relative gradient difference remat vs plain: {worst:e}");
}

/// The tiny model made deeper and wider, so the activations dominate the step's temporaries.
fn deep_model() -> TwoTowerConfig {
    let mut cfg = siglip::reference_programs::tiny_model_config().unwrap();
    for (depth, width) in [
        (&mut cfg.image.depth, &mut cfg.image.width),
        (&mut cfg.text.depth, &mut cfg.text.width),
    ] {
        *depth = 8;
        *width = 64;
    }
    cfg.image.mlp_dim = 256;
    cfg.text.mlp_dim = 256;
    cfg.text.embed_dim = 64;
    cfg
}

fn step_temp_bytes(cfg: &TwoTowerConfig, remat: bool) -> i64 {
    let spec = StepSpec {
        model: cfg.clone(),
        loss: LossKind::Sigmoid,
        optimizer: OptimizerConfig::bench(),
        replicas: 1,
        local_batch: 32,
        dtype: DType::F32,
        compute_dtype: DType::F32,
        remat,
    };
    let program = Program::compile_named(client(), step::build(&spec).unwrap()).unwrap();
    program.executable.memory_stats().unwrap().temp_bytes
}

#[test]
fn remat_lowers_the_train_steps_temporary_memory() {
    let cfg = deep_model();
    cfg.validate().unwrap();
    let (plain, remat) = (step_temp_bytes(&cfg, false), step_temp_bytes(&cfg, true));
    let mib = |b: i64| b as f64 / (1 << 20) as f64;
    eprintln!(
        "train step temp memory: plain {:.2} MiB, remat {:.2} MiB ({:.0}% less)",
        mib(plain),
        mib(remat),
        100.0 * (1.0 - remat as f64 / plain as f64)
    );
    assert!(remat < plain, "remat {remat} B, plain {plain} B");
}
