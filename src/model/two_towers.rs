//! The two-tower SigLIP model (big_vision `proj/image_text/two_towers.py`): image tower under
//! `img/`, text tower under `txt/`, and the learned log-temperature `t` (t') and bias `b`
//! (scalars). `forward` returns unnormalised embeddings; `similarity` normalises them and
//! forms the logits `exp(t')·x̂·ŷᵀ + b`.

use serde::{Deserialize, Serialize};

use super::params::{Init, ParamSpec, Params};
use super::text::{self, TextConfig};
use super::vit::{self, ViTConfig};
use super::ModelError;
use crate::graph::{nn, Tensor};

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

    /// Every parameter: `img/...`, `txt/...`, `t`, `b` (scalars).
    pub fn param_specs(&self) -> Vec<ParamSpec> {
        let mut specs = self.image.param_specs(IMAGE);
        specs.extend(self.text.param_specs(TEXT));
        specs.push(ParamSpec::new(
            T_PRIME,
            &[],
            Init::Constant(self.t_prime_init),
        ));
        specs.push(ParamSpec::new(BIAS, &[], Init::Constant(self.bias_init)));
        specs
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
    cfg.validate()?;
    params.check(&cfg.param_specs())?;
    let root = params.root();
    Ok(Embeddings {
        image: vit::encode_image(&cfg.image, &root.scope(IMAGE), images)?,
        text: text::encode_text(&cfg.text, &root.scope(TEXT), tokens)?,
        t_prime: root.get(T_PRIME)?,
        bias: root.get(BIAS)?,
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
