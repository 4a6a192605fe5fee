//! The SigLIP towers built on the graph API, read top to bottom like big_vision: `vit` (image
//! tower, plus the transformer encoder and MAP head the text tower reuses), `text` (text
//! tower), `two_towers` (both, with the temperature `t` and bias `b`), `params` (parameter
//! trees, specs and initialisation) and `hf` (Hugging Face `transformers` SigLIP import/export).
//!
//! Forward functions are generic over the float dtype: they compute in the dtype of the
//! parameters they are given (f32 for training, f64 for gradient checks).

pub mod hf;
pub mod npz;
pub mod params;
pub mod text;
pub mod two_towers;
pub mod vit;

pub use params::{
    cast_tree, check_tree, init_params, param_count, Init, ParamSpec, ParamTree, Params, Scope,
};
pub use text::{TextConfig, TextPool};
pub use two_towers::{Embeddings, Similarity, TwoTowerConfig};
pub use vit::{ImageHead, Pool, Posemb, Variant, ViTConfig};

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
