//! Gradients through a tiny complete two-tower model (MAP-pooled ViT + text tower + t', b)
//! against central finite differences, in f64 on the CPU plugin.

mod common;

use std::collections::BTreeMap;

use common::*;
use rand::Rng;
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
        head_zeroinit: true,
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
    let params = cast_tree(&init_params(&cfg.param_specs(), 3), DType::F64);
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
    cfg.image.head_zeroinit = false;
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
