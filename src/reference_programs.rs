//! The reference programs whose StableHLO text is committed under `graphs/`: a tiny two-tower
//! forward and every loss variant with its gradients (4 replicas for the multi-device ones).
//! `siglip export-graphs` writes them and `tests/graphs_fresh.rs` fails when the committed files
//! are stale, so every change to a generated program shows up in review.

use anyhow::{Context, Result};

use crate::graph::{Graph, Module};
use crate::loss::{self, LossKind};
use crate::model::params::Params;
use crate::model::two_towers::{self, TwoTowerConfig};
use crate::tensor::DType;

/// The tiny model of the reference forward program (also handy in tests and demos).
pub const TINY_MODEL_YAML: &str = "
image: {width: 16, depth: 2, mlp_dim: 32, num_heads: 2, patch_size: 8, image_size: 16, pool: map}
text: {vocab_size: 32, max_len: 8, width: 16, depth: 2, mlp_dim: 32, num_heads: 2, embed_dim: 16}
";

pub fn tiny_model_config() -> Result<TwoTowerConfig> {
    serde_yaml::from_str(TINY_MODEL_YAML).context("parsing the tiny model config")
}

/// Forward of the tiny model: parameters (sorted by path), images `[4, 16, 16, 3]`, tokens
/// `[4, 8]` → logits `[4, 4]`, image and text embeddings.
fn tiny_forward() -> Result<Module> {
    let cfg = tiny_model_config()?;
    let g = Graph::new();
    let params = Params::declare_specs(&g, &cfg.param_specs()?, DType::F32);
    let size = cfg.image.image_size as i64;
    let images = g.parameter("images", DType::F32, &[4, size, size, 3]);
    let tokens = g.parameter("tokens", DType::I32, &[4, cfg.text.max_len as i64]);
    let emb = two_towers::forward(&cfg, &params, &images, &tokens)?;
    let sim = two_towers::similarity(&emb, loss::NORM_EPS);
    Ok(g.build(&[&sim.logits, &sim.image, &sim.text])?)
}

/// Embedding width of the reference loss programs.
const LOSS_WIDTH: i64 = 16;

/// `(file name, module)` for every reference program, in a fixed order.
pub fn reference_programs() -> Result<Vec<(String, Module)>> {
    Ok(vec![
        ("tiny_forward.mlir".into(), tiny_forward()?),
        (
            "loss_sigmoid.mlir".into(),
            loss::loss_and_gradients(LossKind::Sigmoid, 1, 8, LOSS_WIDTH, DType::F32)?,
        ),
        (
            "loss_sigmoid_ring_4dev.mlir".into(),
            loss::loss_and_gradients(LossKind::SigmoidRing, 4, 2, LOSS_WIDTH, DType::F32)?,
        ),
        (
            "loss_sigmoid_allgather_4dev.mlir".into(),
            loss::loss_and_gradients(LossKind::SigmoidAllgather, 4, 2, LOSS_WIDTH, DType::F32)?,
        ),
        (
            "loss_softmax_4dev.mlir".into(),
            loss::loss_and_gradients(LossKind::Softmax, 4, 2, LOSS_WIDTH, DType::F32)?,
        ),
    ])
}
