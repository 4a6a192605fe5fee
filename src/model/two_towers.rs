//! The two-tower SigLIP model (big_vision `proj/image_text/two_towers.py`): image tower under
//! `img/`, text tower under `txt/`, and the learned log-temperature `t` (t') and bias `b`
//! (scalars). `forward` returns unnormalised embeddings; `similarity` normalises them and
//! forms the logits `exp(t')·x̂·ŷᵀ + b`. The parameter list is what a declaring run of the
//! forward declares.

use std::cell::Cell;

use serde::{Deserialize, Serialize};

use super::params::{Compute, Declaration, Init, ParamSpec, Params, Scope};
use super::text::{self, TextConfig};
use super::vit::{self, ViTConfig};
use super::ModelError;
use crate::graph::{nn, Tensor};
use crate::tensor::DType;

/// Two-tower configuration: `image`, `text`, `t_prime_init` (ln 10), `bias_init` (-10).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TwoTowerConfig {
    pub image: ViTConfig,
    pub text: TextConfig,
    #[serde(default = "default_t_prime_init")]
    pub t_prime_init: f64,
    #[serde(default = "default_bias_init")]
    pub bias_init: f64,
}

fn default_t_prime_init() -> f64 {
    10f64.ln()
}
fn default_bias_init() -> f64 {
    -10.0
}

/// Scope names of the towers and the scalars.
pub const IMAGE: &str = "img";
pub const TEXT: &str = "txt";
pub const T_PRIME: &str = "t";
pub const BIAS: &str = "b";

impl TwoTowerConfig {
    pub fn new(image: ViTConfig, text: TextConfig) -> Self {
        TwoTowerConfig {
            image,
            text,
            t_prime_init: default_t_prime_init(),
            bias_init: default_bias_init(),
        }
    }

    pub fn validate(&self) -> Result<(), ModelError> {
        self.image.validate()?;
        self.text.validate()?;
        if self.image.embed_dim() != self.text.embed_dim {
            return Err(ModelError::Config(format!(
                "image embeddings have size {}, text embeddings {}",
                self.image.embed_dim(),
                self.text.embed_dim
            )));
        }
        Ok(())
    }

    /// Every parameter (`img/...`, `txt/...`, the scalars `t` and `b`) in declaration order:
    /// the forward run once on a throwaway graph with a batch of one.
    pub fn param_specs(&self) -> Result<Vec<ParamSpec>, ModelError> {
        self.validate()?;
        let declaration = Declaration::new();
        let g = declaration.graph();
        let tokens = g.parameter("tokens", DType::I32, &[1, self.text.max_len as i64]);
        let root = declaration.root();
        let image = match &self.image.naflex {
            None => {
                let size = self.image.image_size as i64;
                let images = g.parameter("images", DType::F32, &[1, size, size, 3]);
                vit::encode_image(&self.image, &root.scope(IMAGE), &images)?
            }
            Some(naflex) => {
                let (n, patch) = (naflex.max_num_patches as i64, self.image.patch_size as i64);
                let grid = self.image.num_patches() as i64;
                let patches = g.parameter("patches", DType::F32, &[1, n, patch * patch * 3]);
                let resize = g.parameter("posemb_resize", DType::F32, &[1, n, grid]);
                let mask = g.parameter("mask", DType::I32, &[1, n]);
                let real = mask.gt(&g.full(0.0, DType::I32, &[1, n]));
                let scope = root.scope(IMAGE);
                vit::encode_image_naflex(&self.image, &scope, &patches, &resize, &real)?
            }
        };
        with_image(self, &root, image, &tokens)?;
        Ok(declaration.into_specs())
    }
}

/// Outputs of both towers, unnormalised, with the scalars they are compared with.
#[derive(Clone, Debug)]
pub struct Embeddings {
    /// `[B, E]`
    pub image: Tensor,
    /// `[B, E]`
    pub text: Tensor,
    /// log temperature t' (scalar); t = exp(t').
    pub t_prime: Tensor,
    /// logit bias b (scalar).
    pub bias: Tensor,
}

/// Runs both towers on `images` `[B, H, W, 3]` and `tokens` `[B', L]`.
pub fn forward(
    cfg: &TwoTowerConfig,
    params: &Params,
    images: &Tensor,
    tokens: &Tensor,
) -> Result<Embeddings, ModelError> {
    forward_with(cfg, params, Compute::default(), images, tokens)
}

/// `forward` computing as `compute` says (bf16 matmuls, remat).
pub fn forward_with(
    cfg: &TwoTowerConfig,
    params: &Params,
    compute: Compute,
    images: &Tensor,
    tokens: &Tensor,
) -> Result<Embeddings, ModelError> {
    cfg.validate()?;
    embed(cfg, &params.root_with(compute), images, tokens)
}

/// `forward_with` for a NaFlex image tower (see [`vit::encode_image_naflex`]): `patches`
/// `[B, N, p·p·3]`, `posemb_resize` `[B, N, G]`, `mask` (pred `[B, N]`), and `tokens` `[B', L]`.
pub fn forward_naflex(
    cfg: &TwoTowerConfig,
    params: &Params,
    compute: Compute,
    (patches, posemb_resize, mask): (&Tensor, &Tensor, &Tensor),
    tokens: &Tensor,
) -> Result<Embeddings, ModelError> {
    cfg.validate()?;
    let root = params.root_with(compute);
    let image =
        vit::encode_image_naflex(&cfg.image, &root.scope(IMAGE), patches, posemb_resize, mask)?;
    with_image(cfg, &root, image, tokens)
}

/// `forward_with` for SigLiT on precomputed image embeddings `[B, E]` (the frozen image
/// tower's outputs): the text tower and the scalars only; no `img/...` parameter is used.
pub fn forward_on_image_embeddings(
    cfg: &TwoTowerConfig,
    params: &Params,
    compute: Compute,
    image_embeddings: &Tensor,
    tokens: &Tensor,
) -> Result<Embeddings, ModelError> {
    cfg.validate()?;
    with_image(
        cfg,
        &params.root_with(compute),
        image_embeddings.clone(),
        tokens,
    )
}

fn embed(
    cfg: &TwoTowerConfig,
    root: &Scope,
    images: &Tensor,
    tokens: &Tensor,
) -> Result<Embeddings, ModelError> {
    let image = vit::encode_image(&cfg.image, &root.scope(IMAGE), images)?;
    with_image(cfg, root, image, tokens)
}

thread_local! {
    static TRACES: Cell<u64> = const { Cell::new(0) };
}

/// How many times this thread has traced the model (declared its parameters with
/// [`TwoTowerConfig::param_specs`] or built it into a program): each trace runs every layer's
/// graph construction, so a run should pay for as few as it can; tests count them here.
pub fn traces_on_this_thread() -> u64 {
    TRACES.with(Cell::get)
}

/// The text side and the scalars next to the image embeddings `image`: the end of every trace.
fn with_image(
    cfg: &TwoTowerConfig,
    root: &Scope,
    image: Tensor,
    tokens: &Tensor,
) -> Result<Embeddings, ModelError> {
    TRACES.with(|n| n.set(n.get() + 1));
    Ok(Embeddings {
        image,
        text: text::encode_text(&cfg.text, &root.scope(TEXT), tokens)?,
        t_prime: root.param(T_PRIME, &[], Init::Constant(cfg.t_prime_init))?,
        bias: root.param(BIAS, &[], Init::Constant(cfg.bias_init))?,
    })
}

/// Normalised embeddings and logits.
#[derive(Clone, Debug)]
pub struct Similarity {
    /// `x / (‖x‖ + eps)`, `[B, E]`
    pub image: Tensor,
    /// `y / (‖y‖ + eps)`, `[B', E]`
    pub text: Tensor,
    /// `[B, B']`: `[i, j]` = `exp(t')·x̂_i·ŷ_j + b` (image i against text j).
    pub logits: Tensor,
}

/// big_vision normalises with `eps = 1e-8`; Hugging Face with none (`eps = 0`).
pub fn similarity(emb: &Embeddings, eps: f64) -> Similarity {
    let image = nn::l2_normalize(&emb.image, eps);
    let text = nn::l2_normalize(&emb.text, eps);
    let logits = image.matmul(&text.t()) * emb.t_prime.exp() + &emb.bias;
    Similarity {
        image,
        text,
        logits,
    }
}
