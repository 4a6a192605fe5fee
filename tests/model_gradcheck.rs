//! Gradients through a tiny complete two-tower model (MAP-pooled ViT + text tower + t', b)
//! against central finite differences, in f64 on the CPU plugin.

mod common;

use std::collections::BTreeMap;

use common::*;
use rand::Rng;
use siglip::graph::{grad, nn, Graph};
use siglip::loss::{self, LossKind};
use siglip::model::{
    cast_tree, init_params, two_towers, ImageHead, Params, Pool, Posemb, TextConfig, TextPool,
    TwoTowerConfig, ViTConfig,
};
use siglip::tensor::{DType, HostTensor};

fn tiny_config() -> TwoTowerConfig {
    let image = ViTConfig {
        variant: None,
        width: 8,
        depth: 1,
        mlp_dim: 16,
        num_heads: 2,
        patch_size: 4,
        image_size: 8,
        pool: Pool::Map,
        posemb: Posemb::Learn,
        head: ImageHead::None,
        head_zeroinit: false,
        naflex: None,
    };
    let text = TextConfig {
        variant: None,
        vocab_size: 11,
        max_len: 4,
        width: 8,
        depth: 1,
        mlp_dim: 16,
        num_heads: 2,
        pool: TextPool::Last,
        embed_dim: 8,
    };
    TwoTowerConfig::new(image, text)
}

/// Checks d(Σ w·logits)/dθ for the parameters `wrt`, the other parameters held fixed.
fn check(cfg: &TwoTowerConfig, wrt: &[&str]) {
    let params = cast_tree(&init_params(&cfg.param_specs().unwrap(), 3), DType::F64);
    for name in wrt {
        assert!(params.contains_key(*name), "no parameter {name}");
    }
    let mut r = rng(5);
    let images = uniform(&mut r, &[2, 8, 8, 3], -1.0, 1.0);
    // Three texts; the last position is EOS (1) as with sticky-EOS padding.
    let ids: Vec<i32> = (0..3)
        .flat_map(|_| {
            [
                r.gen_range(2..11),
                r.gen_range(2..11),
                r.gen_range(1..11),
                1,
            ]
        })
        .collect();
    let tokens = HostTensor::from_slice(&[3, 4], &ids).unwrap();

    let names: Vec<String> = params.keys().cloned().collect();
    let mut inputs: Vec<HostTensor> = params.values().cloned().collect();
    inputs.push(images);
    inputs.push(tokens);
    let mut diff: Vec<bool> = names.iter().map(|n| wrt.contains(&n.as_str())).collect();
    diff.extend([false, false]);

    grad_check(1, &inputs, &diff, |xs| {
        let tensors: BTreeMap<_, _> = names.iter().cloned().zip(xs.iter().cloned()).collect();
        let n = names.len();
        let emb = two_towers::forward(cfg, &Params::from_tensors(tensors), &xs[n], &xs[n + 1])
            .expect("forward");
        two_towers::similarity(&emb, 1e-8).logits
    });
}

#[test]
fn gradients_through_both_towers_and_scalars() {
    check(
        &tiny_config(),
        &[
            "t",
            "b",
            "img/embedding/bias",
            "img/MAPHead_0/probe",
            "img/Transformer/encoderblock_0/MultiHeadDotProductAttention_0/key/kernel",
            "txt/Embed_0/embedding",
            "txt/Encoder_0/encoderblock_0/LayerNorm_1/scale",
            "txt/head/bias",
        ],
    );
}

#[test]
fn gradients_with_tok_pooling_sincos_posemb_image_head_and_text_map() {
    let mut cfg = tiny_config();
    cfg.image.pool = Pool::Tok;
    cfg.image.posemb = Posemb::Sincos2d;
    cfg.image.head = ImageHead::Linear(8);
    cfg.text.pool = TextPool::Map;
    check(
        &cfg,
        &[
            "img/cls",
            "img/head/kernel",
            "img/Transformer/encoder_norm/bias",
            "txt/MAPHead_0/MlpBlock_0/Dense_1/bias",
        ],
    );
}

#[test]
fn l2_normalize_has_a_finite_gradient_at_zero() {
    // Row 0 is the zero vector; row 1 is not. Objective: Σ w ⊙ l2_normalize(x, eps).
    let eps = 1e-8;
    let (x, w) = (
        [0.0, 0.0, 0.0, 3.0, -4.0, 12.0],
        [0.5, -2.0, 1.5, 1.0, 2.0, -1.0],
    );
    let g = Graph::new();
    let xt = g.parameter("x", DType::F64, &[2, 3]);
    let wt = g.constant(f64s(&[2, 3], &w));
    let y = nn::l2_normalize(&xt, eps);
    let objective = (&y * &wt).sum_all();
    let dx = grad(&objective, &[&xt]).remove(0);
    let got = run_f64(g.build(&[&y, &dx]).unwrap(), &[f64s(&[2, 3], &x)]);

    // The zero row: the normalisation is x / eps there, so the gradient is w / eps.
    let n = 13.0; // ‖(3, -4, 12)‖
    let row = &x[3..];
    let want_y: Vec<f64> = [0.0; 3]
        .into_iter()
        .chain(row.iter().map(|v| v / (n + eps)))
        .collect();
    // Elsewhere d/dx [w·x / (‖x‖ + eps)] = w / (n + eps) - (w·x) x / (n (n + eps)²).
    let wx: f64 = w[3..].iter().zip(row).map(|(a, b)| a * b).sum();
    let want_dx: Vec<f64> = w[..3]
        .iter()
        .map(|v| v / eps)
        .chain(
            w[3..]
                .iter()
                .zip(row)
                .map(|(wi, xi)| wi / (n + eps) - wx * xi / (n * (n + eps) * (n + eps))),
        )
        .collect();
    assert_close(&got[0], &want_y, 1e-15, "l2_normalize value");
    assert_close(&got[1], &want_dx, 1e-14, "l2_normalize gradient");
}

#[test]
fn a_zero_initialised_image_head_trains_with_finite_gradients() {
    // head_zeroinit: every image embedding is exactly zero at step 0.
    let mut cfg = tiny_config();
    cfg.image.head = ImageHead::Linear(8);
    cfg.image.head_zeroinit = true;
    let params = init_params(&cfg.param_specs().unwrap(), 3);
    assert!(params["img/head/kernel"]
        .to_f64_lossy()
        .iter()
        .all(|&v| v == 0.0));

    let g = Graph::new();
    let p = Params::declare(&g, &params);
    let images = g.parameter("images", DType::F32, &[2, 8, 8, 3]);
    let tokens = g.parameter("tokens", DType::I32, &[2, 4]);
    let emb = two_towers::forward(&cfg, &p, &images, &tokens).unwrap();
    let share = loss::loss(
        LossKind::Sigmoid,
        &emb.image,
        &emb.text,
        &emb.t_prime,
        &emb.bias,
    );
    let wrt: Vec<_> = p.tensors().values().collect();
    let mut outs = vec![emb.image.clone(), share.clone()];
    outs.extend(grad(&share, &wrt));
    let refs: Vec<_> = outs.iter().collect();

    let mut r = rng(4);
    let pixels: Vec<f32> = (0..2 * 8 * 8 * 3).map(|_| r.gen_range(-1.0..1.0)).collect();
    let mut inputs: Vec<HostTensor> = params.values().cloned().collect();
    inputs.push(HostTensor::from_slice(&[2, 8, 8, 3], &pixels).unwrap());
    inputs.push(HostTensor::from_slice(&[2, 4], &[3i32, 4, 5, 1, 6, 7, 1, 1]).unwrap());
    let got = run_f64(g.build(&refs).unwrap(), &inputs);

    assert!(got[0].iter().all(|&v| v == 0.0), "zero embeddings");
    for (path, grad) in params.keys().zip(&got[2..]) {
        assert!(grad.iter().all(|v| v.is_finite()), "{path}: {grad:?}");
    }
    let head = params.keys().position(|k| k == "img/head/kernel").unwrap();
    assert!(
        got[2 + head].iter().any(|&v| v != 0.0),
        "the head kernel gets a gradient"
    );
}

/// With `last` pooling, the text tower's last block computes its MLP (GELU's `tanh`) at the
/// last token only, the blocks before it at every token; the values are the full computation's
/// (the finite-difference checks above and `golden_two_tower`).
#[test]
fn the_last_block_runs_its_mlp_on_the_pooled_token_only() {
    let mut cfg = tiny_config();
    cfg.text.depth = 2;
    let specs = cfg.param_specs().unwrap();
    let params = cast_tree(&init_params(&specs, 3), DType::F64);
    let g = Graph::new();
    let tensors: BTreeMap<_, _> = params
        .iter()
        .map(|(name, p)| (name.clone(), g.parameter(name, p.dtype, &p.shape)))
        .collect();
    let images = g.parameter("images", DType::F64, &[2, 8, 8, 3]);
    let tokens = g.parameter("tokens", DType::I32, &[3, 4]);
    let emb = two_towers::forward(&cfg, &Params::from_tensors(tensors), &images, &tokens).unwrap();
    let text = g.build(&[&emb.text]).unwrap().to_stablehlo();
    let gelu_shapes: Vec<&str> = text
        .lines()
        .filter(|line| line.contains("stablehlo.tanh"))
        .map(|line| line.rsplit("-> ").next().unwrap())
        .collect();
    assert_eq!(gelu_shapes, ["tensor<3x4x16xf64>", "tensor<3x1x16xf64>"]);
}

/// A NaFlex image tower (SigLIP 2): the learned 2×2 position grid resized to each image's own
/// patch grid by the host's matrices, attention and the MAP head masked to the real patches.
/// Gradients of the parameters and of the patches, against finite differences; the padding
/// patches hold junk, whose gradient must be zero.
#[test]
fn naflex_gradients_through_the_resized_position_grid_and_masks() {
    use siglip::data::naflex::posemb_resize_matrix;
    use siglip::model::naflex::NaFlexConfig;
    let mut cfg = tiny_config();
    cfg.image.naflex = Some(NaFlexConfig { max_num_patches: 6 });
    let params = cast_tree(&init_params(&cfg.param_specs().unwrap(), 3), DType::F64);
    let wrt = [
        "img/pos_embedding",
        "img/embedding/kernel",
        "img/MAPHead_0/probe",
        "img/Transformer/encoderblock_0/MultiHeadDotProductAttention_0/key/kernel",
        "t",
    ];
    // Two images of 2×3 and 1×4 patches within a budget of 6.
    let grids = [(2, 3), (1, 4)];
    let mut r = rng(6);
    let patches = uniform(&mut r, &[2, 6, 48], -1.0, 1.0);
    let resize: Vec<f64> = grids
        .iter()
        .flat_map(|&grid| posemb_resize_matrix(2, grid, 6).unwrap())
        .collect();
    let mask: Vec<i32> = grids
        .iter()
        .flat_map(|&(h, w)| (0..6).map(move |i| i32::from(i < h * w)))
        .collect();
    let tokens = HostTensor::from_slice(&[2, 4], &[3i32, 4, 5, 1, 6, 7, 1, 1]).unwrap();

    let names: Vec<String> = params.keys().cloned().collect();
    let mut inputs: Vec<HostTensor> = params.values().cloned().collect();
    inputs.extend([
        patches,
        HostTensor::from_slice(&[2, 6, 4], &resize).unwrap(),
        HostTensor::from_slice(&[2, 6], &mask).unwrap(),
        tokens,
    ]);
    let mut diff: Vec<bool> = names.iter().map(|n| wrt.contains(&n.as_str())).collect();
    diff.extend([true, false, false, false]);
    grad_check(1, &inputs, &diff, |xs| {
        let n = names.len();
        let tensors: BTreeMap<_, _> = names.iter().cloned().zip(xs[..n].iter().cloned()).collect();
        let real = xs[n + 2].gt(&xs[n + 2].scalar_like(0.0));
        let emb = two_towers::forward_naflex(
            &cfg,
            &Params::from_tensors(tensors),
            Default::default(),
            (&xs[n], &xs[n + 1], &real),
            &xs[n + 3],
        )
        .expect("forward");
        two_towers::similarity(&emb, 1e-8).logits
    });
}
