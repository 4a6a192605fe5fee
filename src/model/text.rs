//! The text tower (big_vision `proj/image_text/text_transformer.py`): token embedding plus a
//! learned position embedding, the ViT encoder without attention mask, final LayerNorm,
//! pooling (`last` relies on "sticky EOS" padding) and a Dense head to the embedding size.

use serde::{Deserialize, Serialize};

use super::params::{Init, Scope};
use super::transformer::{self, resolve_dims, Dims, Variant};
use super::ModelError;
use crate::graph::Tensor;

/// How the text tower pools its positions into one vector.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TextPool {
    /// The last position (EOS, with sticky-EOS padding); big_vision's default.
    Last,
    First,
    Mean,
    /// A MAP head like the image tower's (`MAPHead_0`).
    Map,
}

/// Text tower configuration. In YAML: `variant` and/or `width`, `depth`, `mlp_dim`,
/// `num_heads`; `vocab_size` (32000), `max_len` (64), `pool` (last), `embed_dim` (required).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "TextConfigFile", into = "TextConfigFile")]
pub struct TextConfig {
    pub variant: Option<Variant>,
    pub vocab_size: usize,
    /// Longest token sequence; the position embedding has this many rows and shorter inputs
    /// use the first rows.
    pub max_len: usize,
    pub width: usize,
    pub depth: usize,
    pub mlp_dim: usize,
    pub num_heads: usize,
    pub pool: TextPool,
    /// Output size of the Dense `head`.
    pub embed_dim: usize,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct TextConfigFile {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    variant: Option<Variant>,
    #[serde(default = "default_vocab_size")]
    vocab_size: usize,
    #[serde(default = "default_max_len")]
    max_len: usize,
    #[serde(default)]
    width: Option<usize>,
    #[serde(default)]
    depth: Option<usize>,
    #[serde(default)]
    mlp_dim: Option<usize>,
    #[serde(default)]
    num_heads: Option<usize>,
    #[serde(default = "default_pool")]
    pool: TextPool,
    embed_dim: usize,
}

fn default_vocab_size() -> usize {
    32_000
}
fn default_max_len() -> usize {
    64
}
fn default_pool() -> TextPool {
    TextPool::Last
}

impl TryFrom<TextConfigFile> for TextConfig {
    type Error = ModelError;
    fn try_from(f: TextConfigFile) -> Result<Self, ModelError> {
        let dims = resolve_dims(f.variant, f.width, f.depth, f.mlp_dim, f.num_heads)?;
        let cfg = TextConfig {
            variant: f.variant,
            vocab_size: f.vocab_size,
            max_len: f.max_len,
            width: dims.width,
            depth: dims.depth,
            mlp_dim: dims.mlp_dim,
            num_heads: dims.num_heads,
            pool: f.pool,
            embed_dim: f.embed_dim,
        };
        cfg.validate()?;
        Ok(cfg)
    }
}

impl From<TextConfig> for TextConfigFile {
    fn from(c: TextConfig) -> Self {
        TextConfigFile {
            variant: c.variant,
            vocab_size: c.vocab_size,
            max_len: c.max_len,
            width: Some(c.width),
            depth: Some(c.depth),
            mlp_dim: Some(c.mlp_dim),
            num_heads: Some(c.num_heads),
            pool: c.pool,
            embed_dim: c.embed_dim,
        }
    }
}

impl TextConfig {
    pub fn validate(&self) -> Result<(), ModelError> {
        resolve_dims(
            None,
            Some(self.width),
            Some(self.depth),
            Some(self.mlp_dim),
            Some(self.num_heads),
        )?;
        if self.vocab_size == 0 || self.max_len == 0 || self.embed_dim == 0 {
            return Err(ModelError::Config(format!(
                "vocab_size {}, max_len {} and embed_dim {} must be positive",
                self.vocab_size, self.max_len, self.embed_dim
            )));
        }
        Ok(())
    }

    /// The transformer's sizes.
    pub fn dims(&self) -> Dims {
        Dims {
            width: self.width,
            depth: self.depth,
            mlp_dim: self.mlp_dim,
            num_heads: self.num_heads,
        }
    }
}

/// Text embeddings `[B, E]` of integer `tokens` `[B, L]` (L ≤ `max_len`), computed in the
/// dtype of the parameters. `p` is the tower's scope (e.g. `params.root().scope("txt")`).
pub fn encode_text(cfg: &TextConfig, p: &Scope, tokens: &Tensor) -> Result<Tensor, ModelError> {
    if tokens.rank() != 2 || tokens.dim(1) > cfg.max_len as i64 || tokens.dim(1) == 0 {
        return Err(ModelError::Input(format!(
            "tokens must be [B, L] with 0 < L <= {}, got {:?}",
            cfg.max_len,
            tokens.shape()
        )));
    }
    let (b, len) = (tokens.dim(0), tokens.dim(1));
    let (v, l, d) = (cfg.vocab_size as i64, cfg.max_len as i64, cfg.width as i64);

    // flax `nn.Embed` default: normal with variance 1 / width.
    let embed_init = Init::Normal(1.0 / (d as f64).sqrt());
    let embedding = p.param("Embed_0/embedding", &[v, d], embed_init)?;
    let pos_embedding = p.param("pos_embedding", &[1, l, d], embed_init)?;
    let x = embedding.take_rows(tokens) + pos_embedding.slice_axis(1, 0, len); // [B, L, D]

    let pooled_token = match cfg.pool {
        TextPool::Last => Some(len - 1..len),
        TextPool::First => Some(0..1),
        TextPool::Mean | TextPool::Map => None,
    };
    let x = transformer::encoder(&p.scope("Encoder_0"), &x, &cfg.dims(), pooled_token, None)?;

    let pooled = match cfg.pool {
        TextPool::Last | TextPool::First => x.reshape(&[b, d]),
        TextPool::Mean => x.mean(&[1]),
        TextPool::Map => transformer::map_head(&p.scope("MAPHead_0"), &x, &cfg.dims(), None)?,
    };
    // flax `nn.Dense` defaults: the text head is not zero-initialised in big_vision.
    let kernel_init = Init::LecunNormal { fan_in: d };
    let e = cfg.embed_dim as i64;
    transformer::dense(&p.scope("head"), &pooled, e, kernel_init, Init::Zeros)
}
