//! The ViT image tower (big_vision `models/vit.py`): patch embedding as reshape + matmul,
//! learned or sin-cos position embedding, the shared transformer encoder, `map`/`gap`/`tok`
//! pooling and an optional linear head.

use serde::{Deserialize, Serialize};

use super::naflex::{self, NaFlexConfig};
use super::params::{Init, Scope};
use super::transformer::{self, resolve_dims, Dims, Variant};
use super::ModelError;
use crate::data::naflex::NaFlexInput;
use crate::graph::nn;
use crate::graph::Tensor;
use crate::tensor::HostTensor;

/// How the image tower pools its tokens into one vector.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Pool {
    /// Multi-head attention pooling with a learned probe (SigLIP's default).
    Map,
    /// Mean over tokens.
    Gap,
    /// A learned `cls` token prepended after the position embedding; its output is taken.
    Tok,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Posemb {
    Learn,
    Sincos2d,
}

/// The image tower's projection after pooling.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImageHead {
    /// The embedding is the pooled vector (width = embedding size), as in SigLIP.
    None,
    /// A Dense layer to this embedding size.
    Linear(usize),
}

/// `head` as written in YAML: `none` or `{linear: N}` (serde_yaml would otherwise want a
/// `!linear N` tag).
#[derive(Serialize, Deserialize)]
#[serde(untagged)]
enum HeadFile {
    Named(NoHead),
    Linear { linear: usize },
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
enum NoHead {
    None,
}

impl From<HeadFile> for ImageHead {
    fn from(h: HeadFile) -> Self {
        match h {
            HeadFile::Named(NoHead::None) => ImageHead::None,
            HeadFile::Linear { linear } => ImageHead::Linear(linear),
        }
    }
}

impl From<ImageHead> for HeadFile {
    fn from(h: ImageHead) -> Self {
        match h {
            ImageHead::None => HeadFile::Named(NoHead::None),
            ImageHead::Linear(linear) => HeadFile::Linear { linear },
        }
    }
}

/// Image tower configuration. In YAML: `variant: B` plus any of `width`, `depth`, `mlp_dim`,
/// `num_heads` to override; `patch_size` (16), `image_size` (224), `pool` (map),
/// `posemb` (learn), `head` (`none` or `{linear: N}`), `head_zeroinit` (false).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "ViTConfigFile", into = "ViTConfigFile")]
pub struct ViTConfig {
    pub variant: Option<Variant>,
    pub width: usize,
    pub depth: usize,
    pub mlp_dim: usize,
    pub num_heads: usize,
    pub patch_size: usize,
    pub image_size: usize,
    pub pool: Pool,
    pub posemb: Posemb,
    pub head: ImageHead,
    /// Zero-initialise the linear head's kernel. big_vision's ViT defaults to true, but its
    /// SigLIP configs set false: a zero kernel gives all-zero embeddings, whose normalisation
    /// has no useful gradient.
    pub head_zeroinit: bool,
    /// SigLIP 2 NaFlex: images keep their aspect ratio within a patch budget; the learned
    /// position embedding (`image_size / patch_size` per side) is resized to each image's grid.
    pub naflex: Option<NaFlexConfig>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ViTConfigFile {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    variant: Option<Variant>,
    #[serde(default)]
    width: Option<usize>,
    #[serde(default)]
    depth: Option<usize>,
    #[serde(default)]
    mlp_dim: Option<usize>,
    #[serde(default)]
    num_heads: Option<usize>,
    #[serde(default = "default_patch_size")]
    patch_size: usize,
    #[serde(default = "default_image_size")]
    image_size: usize,
    #[serde(default = "default_pool")]
    pool: Pool,
    #[serde(default = "default_posemb")]
    posemb: Posemb,
    #[serde(default = "default_head")]
    head: HeadFile,
    #[serde(default)]
    head_zeroinit: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    naflex: Option<NaFlexConfig>,
}

fn default_patch_size() -> usize {
    16
}
fn default_image_size() -> usize {
    224
}
fn default_pool() -> Pool {
    Pool::Map
}
fn default_posemb() -> Posemb {
    Posemb::Learn
}
fn default_head() -> HeadFile {
    HeadFile::Named(NoHead::None)
}

impl TryFrom<ViTConfigFile> for ViTConfig {
    type Error = ModelError;
    fn try_from(f: ViTConfigFile) -> Result<Self, ModelError> {
        let dims = resolve_dims(f.variant, f.width, f.depth, f.mlp_dim, f.num_heads)?;
        let cfg = ViTConfig {
            variant: f.variant,
            width: dims.width,
            depth: dims.depth,
            mlp_dim: dims.mlp_dim,
            num_heads: dims.num_heads,
            patch_size: f.patch_size,
            image_size: f.image_size,
            pool: f.pool,
            posemb: f.posemb,
            head: f.head.into(),
            head_zeroinit: f.head_zeroinit,
            naflex: f.naflex,
        };
        cfg.validate()?;
        Ok(cfg)
    }
}

impl From<ViTConfig> for ViTConfigFile {
    fn from(c: ViTConfig) -> Self {
        ViTConfigFile {
            variant: c.variant,
            width: Some(c.width),
            depth: Some(c.depth),
            mlp_dim: Some(c.mlp_dim),
            num_heads: Some(c.num_heads),
            patch_size: c.patch_size,
            image_size: c.image_size,
            pool: c.pool,
            posemb: c.posemb,
            head: c.head.into(),
            head_zeroinit: c.head_zeroinit,
            naflex: c.naflex,
        }
    }
}

impl ViTConfig {
    /// A named variant with SigLIP's defaults (MAP pooling, learned posemb, no head).
    pub fn from_variant(variant: Variant, patch_size: usize, image_size: usize) -> Self {
        let d = variant.dims();
        ViTConfig {
            variant: Some(variant),
            width: d.width,
            depth: d.depth,
            mlp_dim: d.mlp_dim,
            num_heads: d.num_heads,
            patch_size,
            image_size,
            pool: Pool::Map,
            posemb: Posemb::Learn,
            head: ImageHead::None,
            head_zeroinit: false,
            naflex: None,
        }
    }

    pub fn validate(&self) -> Result<(), ModelError> {
        resolve_dims(
            None,
            Some(self.width),
            Some(self.depth),
            Some(self.mlp_dim),
            Some(self.num_heads),
        )?;
        if self.patch_size == 0 || !self.image_size.is_multiple_of(self.patch_size) {
            return Err(ModelError::Config(format!(
                "image_size {} is not a multiple of patch_size {}",
                self.image_size, self.patch_size
            )));
        }
        if self.posemb == Posemb::Sincos2d && !self.width.is_multiple_of(4) {
            return Err(ModelError::Config(format!(
                "sincos2d posemb needs a width divisible by 4, got {}",
                self.width
            )));
        }
        if self.head == ImageHead::Linear(0) {
            return Err(ModelError::Config("head size 0".into()));
        }
        if let Some(naflex) = &self.naflex {
            naflex.validate()?;
            if self.pool != Pool::Map || self.posemb != Posemb::Learn {
                return Err(ModelError::Config(format!(
                    "naflex needs pool map and posemb learn, got {:?} and {:?}",
                    self.pool, self.posemb
                )));
            }
        }
        Ok(())
    }

    /// What a NaFlex tower takes per image (`None` for a square-image tower).
    pub fn naflex_input(&self) -> Option<NaFlexInput> {
        self.naflex.map(|n| NaFlexInput {
            patch: self.patch_size,
            max_num_patches: n.max_num_patches,
            posemb_grid: self.grid(),
        })
    }

    /// Patches per side.
    pub fn grid(&self) -> usize {
        self.image_size / self.patch_size
    }

    pub fn num_patches(&self) -> usize {
        self.grid() * self.grid()
    }

    /// Size of the image embedding.
    pub fn embed_dim(&self) -> usize {
        match self.head {
            ImageHead::None => self.width,
            ImageHead::Linear(n) => n,
        }
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

/// Image embeddings `[B, E]` of `images` `[B, H, W, 3]` (values in [-1, 1], the dtype of the
/// parameters). `p` is the tower's scope (e.g. `params.root().scope("img")`). A NaFlex config is
/// refused: its tower runs on patches ([`encode_image_naflex`]).
pub fn encode_image(cfg: &ViTConfig, p: &Scope, images: &Tensor) -> Result<Tensor, ModelError> {
    if let Some(naflex) = &cfg.naflex {
        // Square images would ignore the aspect ratios (and budget) the model was made for.
        return Err(ModelError::Config(format!(
            "a NaFlex image tower (max_num_patches {}) takes patch sequences, not square images; \
             only `encode_image_naflex` runs it",
            naflex.max_num_patches
        )));
    }
    let x = embed_patches(cfg, &p.scope("embedding"), &patchify(cfg, images)?)?;
    let (b, d) = (x.dim(0), x.dim(2));

    let posemb = match cfg.posemb {
        Posemb::Learn => learned_posemb(cfg, p)?,
        Posemb::Sincos2d => {
            let table = posemb_sincos_2d(cfg.grid(), cfg.grid(), cfg.width);
            x.graph().constant(table).convert(x.dtype())
        }
    };
    let mut x = x + posemb;

    if cfg.pool == Pool::Tok {
        let cls = p.param("cls", &[1, 1, d], Init::Zeros)?;
        x = x
            .graph()
            .concatenate(&[&cls.broadcast_to(&[b, 1, d]), &x], 1);
    }

    let pooled_token = (cfg.pool == Pool::Tok).then_some(0..1);
    let x = transformer::encoder(&p.scope("Transformer"), &x, &cfg.dims(), pooled_token, None)?;

    let pooled = match cfg.pool {
        Pool::Map => transformer::map_head(&p.scope("MAPHead_0"), &x, &cfg.dims(), None)?,
        Pool::Gap => x.mean(&[1]),
        Pool::Tok => x.reshape(&[b, d]),
    };
    head(cfg, p, &pooled)
}

/// NaFlex image embeddings `[B, E]` (SigLIP 2): `patches` `[B, N, p·p·3]` (each flattened in
/// (row, column, channel) order, values in [-1, 1]) of which the `mask` (pred `[B, N]`) marks the
/// real ones, and `posemb_resize` `[B, N, G]`, per example the linear map from the learned
/// `grid × grid` position embedding to that image's patch grid
/// (`data::naflex::posemb_resize_matrix`).
/// Attention and the MAP head read only real patches; the parameters are those of
/// [`encode_image`] (MAP pooling and a learned position embedding, as `validate` requires of a
/// NaFlex config).
pub fn encode_image_naflex(
    cfg: &ViTConfig,
    p: &Scope,
    patches: &Tensor,
    posemb_resize: &Tensor,
    mask: &Tensor,
) -> Result<Tensor, ModelError> {
    let (b, n, grid_len) = (patches.dim(0), patches.dim(1), cfg.num_patches() as i64);
    if posemb_resize.shape() != [b, n, grid_len] || mask.shape() != [b, n] {
        return Err(ModelError::Input(format!(
            "NaFlex inputs: patches {:?} need posemb_resize [{b}, {n}, {grid_len}] and mask \
             [{b}, {n}], got {:?} and {:?}",
            patches.shape(),
            posemb_resize.shape(),
            mask.shape()
        )));
    }
    let x = embed_patches(cfg, &p.scope("embedding"), patches)?;
    let table = learned_posemb(cfg, p)?.reshape(&[grid_len, x.dim(2)]);
    let x = x + posemb_resize.matmul_in(&table, p.compute().matmul_dtype);
    let x = transformer::encoder(&p.scope("Transformer"), &x, &cfg.dims(), None, Some(mask))?;
    let pooled = transformer::map_head(&p.scope("MAPHead_0"), &x, &cfg.dims(), Some(mask))?;
    head(cfg, p, &pooled)
}

/// [`encode_image_naflex`] on images packed by `data::naflex::NaFlexInput::pack_image`
/// (`[B, N, packed_width]`).
pub fn encode_image_packed(
    cfg: &ViTConfig,
    p: &Scope,
    packed: &Tensor,
) -> Result<Tensor, ModelError> {
    let Some(input) = cfg.naflex_input() else {
        return Err(ModelError::Config(
            "packed NaFlex images need a NaFlex image tower (model.image.naflex)".into(),
        ));
    };
    let width = input.packed_width() as i64;
    if packed.rank() != 3 || packed.dim(2) != width {
        return Err(ModelError::Input(format!(
            "packed NaFlex images must be [B, N, {width}], got {:?}",
            packed.shape()
        )));
    }
    let (patches, resize, real) = naflex::unpack(packed, input.patch_len() as i64);
    encode_image_naflex(cfg, p, &patches, &resize, &real)
}

/// The learned position embedding `[1, grid², D]`.
fn learned_posemb(cfg: &ViTConfig, p: &Scope) -> Result<Tensor, ModelError> {
    let d = cfg.width as i64;
    let init = Init::Normal(1.0 / (d as f64).sqrt());
    p.param("pos_embedding", &[1, cfg.num_patches() as i64, d], init)
}

/// The optional projection after pooling.
fn head(cfg: &ViTConfig, p: &Scope, pooled: &Tensor) -> Result<Tensor, ModelError> {
    match cfg.head {
        ImageHead::None => Ok(pooled.clone()),
        ImageHead::Linear(e) => {
            let kernel_init = if cfg.head_zeroinit {
                Init::Zeros
            } else {
                Init::LecunNormal {
                    fan_in: pooled.dim(-1),
                }
            };
            let head = p.scope("head");
            transformer::dense(&head, pooled, e as i64, kernel_init, Init::Zeros)
        }
    }
}

/// Non-overlapping `p×p` patches of `images` `[B, size, size, 3]`, each flattened in (row,
/// column, channel) order: `[B, grid², p·p·3]`.
fn patchify(cfg: &ViTConfig, images: &Tensor) -> Result<Tensor, ModelError> {
    let (size, patch) = (cfg.image_size as i64, cfg.patch_size as i64);
    if images.rank() != 4 || images.shape()[1..] != [size, size, 3] {
        return Err(ModelError::Input(format!(
            "images must be [B, {size}, {size}, 3], got {:?}",
            images.shape()
        )));
    }
    let (b, grid) = (images.dim(0), size / patch);
    Ok(images
        .reshape(&[b, grid, patch, grid, patch, 3])
        .transpose(&[0, 1, 3, 2, 4, 5])
        .reshape(&[b, grid * grid, patch * patch * 3]))
}

/// Flattened patches `[B, N, p·p·3]` projected to `[B, N, D]`: the same as big_vision's
/// stride-`p` convolution with an HWIO kernel (lecun-normal, zero bias).
fn embed_patches(cfg: &ViTConfig, p: &Scope, patches: &Tensor) -> Result<Tensor, ModelError> {
    let (patch, d) = (cfg.patch_size as i64, cfg.width as i64);
    let fan_in = patch * patch * 3;
    if patches.rank() != 3 || patches.dim(2) != fan_in {
        return Err(ModelError::Input(format!(
            "patches must be [B, N, {fan_in}], got {:?}",
            patches.shape()
        )));
    }
    let kernel = p.param(
        "kernel",
        &[patch, patch, 3, d],
        Init::LecunNormal { fan_in },
    )?;
    let bias = p.param("bias", &[d], Init::Zeros)?;
    let kernel = kernel.reshape(&[fan_in, d]);
    Ok(nn::dense(patches, &kernel, &bias, p.compute().matmul_dtype))
}

/// big_vision's `posemb_sincos_2d` (MoCo v3): `[sin(x·ω), cos(x·ω), sin(y·ω), cos(y·ω)]` with
/// `ω_k = 10000^(-k / (width/4 - 1))`, tokens in row-major (y, x) order; `[1, h·w, width]` f64.
pub fn posemb_sincos_2d(h: usize, w: usize, width: usize) -> HostTensor {
    let quarter = width / 4;
    let omega: Vec<f64> = (0..quarter)
        .map(|k| 1.0 / 10_000f64.powf(k as f64 / (quarter.max(2) - 1) as f64))
        .collect();
    let mut table = Vec::with_capacity(h * w * width);
    for y in 0..h {
        for x in 0..w {
            let row =
                |coord: usize, f: fn(f64) -> f64| omega.iter().map(move |o| f(coord as f64 * o));
            table.extend(row(x, f64::sin));
            table.extend(row(x, f64::cos));
            table.extend(row(y, f64::sin));
            table.extend(row(y, f64::cos));
        }
    }
    HostTensor::from_slice(&[1, (h * w) as i64, width as i64], &table).expect("sincos table")
}
