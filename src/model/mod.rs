//! The SigLIP towers built on the graph API, read top to bottom like big_vision: `transformer`
//! (the encoder, attention, MLP and MAP head both towers share), `vit` (image tower), `text`
//! (text tower), `two_towers` (both, with the temperature `t` and bias `b`), `params`
//! (parameter trees, specs, initialisation, and the scopes forwards declare parameters in),
//! `hf` (Hugging Face `transformers` SigLIP import/export, with HF's name for each of our
//! parameters) and `npz` (big_vision checkpoints), which import the towers, never the reverse.
//! Every parameter is named once, where the forward uses it (`Scope::param`); the parameter
//! list comes from a declaring run of the forward.
//!
//! Forward functions are generic over the float dtype: they compute in the dtype of the
//! parameters they are given (f32 for training, f64 for gradient checks), except that a scope's
//! `Compute` may run the matmuls in bf16 and recompute encoder blocks in the backward pass.

pub mod hf;
pub mod naflex;
pub mod npz;
pub mod params;
pub mod text;
pub mod transformer;
pub mod two_towers;
pub mod vit;

pub use params::{
    cast_tree, check_tree, init_params, param_count, tree_digest, Compute, Declaration, Init,
    ParamSpec, ParamTree, Params, Scope,
};
pub use text::{TextConfig, TextPool};
pub use transformer::{Dims, Variant};
pub use two_towers::{Embeddings, Similarity, TwoTowerConfig};
pub use vit::{ImageHead, Pool, Posemb, ViTConfig};

/// Errors of model construction: configuration, parameter trees and inputs.
#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    #[error("invalid model config: {0}")]
    Config(String),
    #[error("parameter {0} is missing")]
    MissingParam(String),
    #[error("parameter tree does not match the model: {0}")]
    ParamTree(String),
    #[error("bad model input: {0}")]
    Input(String),
}

/// LayerNorm epsilon of every LayerNorm in both towers (flax default, HF `layer_norm_eps`).
pub const LAYER_NORM_EPS: f64 = 1e-6;
