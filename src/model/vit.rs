//! The ViT image tower (big_vision `models/vit.py`): patch embedding as reshape + matmul,
//! learned or sin-cos position embedding, pre-LN encoder blocks, final LayerNorm, `map`/`gap`/
//! `tok` pooling and an optional linear head. The encoder block, MLP, multi-head attention and
//! MAP head defined here are shared with the text tower, as in big_vision.

use serde::{Deserialize, Serialize};

use super::params::{Init, ParamSpec, Scope};
use super::{ModelError, LAYER_NORM_EPS};
use crate::graph::nn;
use crate::graph::Tensor;
use crate::tensor::HostTensor;

/// Named model sizes (big_vision `decode_variant`): width / depth / MLP / heads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Variant {
    Ti,
    S,
    B,
    L,
    So400m,
    #[serde(rename = "g")]
    G,
}

/// Transformer sizes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Dims {
    pub width: usize,
    pub depth: usize,
    pub mlp_dim: usize,
    pub num_heads: usize,
}

impl Variant {
    pub fn dims(self) -> Dims {
        let (width, depth, mlp_dim, num_heads) = match self {
            Variant::Ti => (192, 12, 768, 3),
            Variant::S => (384, 12, 1536, 6),
            Variant::B => (768, 12, 3072, 12),
            Variant::L => (1024, 24, 4096, 16),
            Variant::So400m => (1152, 27, 4304, 16),
            Variant::G => (1536, 40, 6144, 16),
        };
        Dims {
            width,
            depth,
            mlp_dim,
            num_heads,
        }
    }
}

/// Sizes from a variant with per-field overrides; without a variant every field is required.
pub(crate) fn resolve_dims(
    variant: Option<Variant>,
    width: Option<usize>,
    depth: Option<usize>,
    mlp_dim: Option<usize>,
    num_heads: Option<usize>,
) -> Result<Dims, ModelError> {
    let base = variant.map(Variant::dims);
    let pick = |value: Option<usize>, from_variant: Option<usize>, name: &str| {
        value
            .or(from_variant)
            .ok_or_else(|| ModelError::Config(format!("`{name}` is required without `variant`")))
    };
    let dims = Dims {
        width: pick(width, base.map(|d| d.width), "width")?,
        depth: pick(depth, base.map(|d| d.depth), "depth")?,
        mlp_dim: pick(mlp_dim, base.map(|d| d.mlp_dim), "mlp_dim")?,
        num_heads: pick(num_heads, base.map(|d| d.num_heads), "num_heads")?,
    };
    if dims.width == 0 || dims.num_heads == 0 || dims.mlp_dim == 0 {
        return Err(ModelError::Config(format!("zero size in {dims:?}")));
    }
    if !dims.width.is_multiple_of(dims.num_heads) {
        return Err(ModelError::Config(format!(
            "width {} is not a multiple of num_heads {}",
            dims.width, dims.num_heads
        )));
    }
    Ok(dims)
}

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
/// `posemb` (learn), `head` (`none` or `{linear: N}`), `head_zeroinit` (true).
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
    /// big_vision zero-initialises the head kernel (`head_zeroinit=True`).
    pub head_zeroinit: bool,
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
    #[serde(default = "default_true")]
    head_zeroinit: bool,
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
fn default_true() -> bool {
    true
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
            head_zeroinit: true,
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
        Ok(())
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

    /// Every parameter of the tower, under `prefix` (e.g. "img").
    pub fn param_specs(&self, prefix: &str) -> Vec<ParamSpec> {
        let (p, d) = (self.patch_size as i64, self.width as i64);
        let at = |name: &str| format!("{prefix}/{name}");
        let mut specs = vec![
            ParamSpec::new(
                at("embedding/kernel"),
                &[p, p, 3, d],
                Init::LecunNormal { fan_in: p * p * 3 },
            ),
            ParamSpec::new(at("embedding/bias"), &[d], Init::Zeros),
        ];
        if self.posemb == Posemb::Learn {
            let n = self.num_patches() as i64;
            specs.push(ParamSpec::new(
                at("pos_embedding"),
                &[1, n, d],
                Init::Normal(1.0 / (d as f64).sqrt()),
            ));
        }
        if self.pool == Pool::Tok {
            specs.push(ParamSpec::new(at("cls"), &[1, 1, d], Init::Zeros));
        }
        specs.extend(encoder_specs(
            &at("Transformer"),
            self.depth,
            self.width,
            self.mlp_dim,
            self.num_heads,
        ));
        if self.pool == Pool::Map {
            specs.extend(map_head_specs(
                &at("MAPHead_0"),
                self.width,
                self.mlp_dim,
                self.num_heads,
            ));
        }
        if let ImageHead::Linear(e) = self.head {
            let init = if self.head_zeroinit {
                Init::Zeros
            } else {
                Init::LecunNormal { fan_in: d }
            };
            specs.push(ParamSpec::new(at("head/kernel"), &[d, e as i64], init));
            specs.push(ParamSpec::new(at("head/bias"), &[e as i64], Init::Zeros));
        }
        specs
    }
}

/// Image embeddings `[B, E]` of `images` `[B, H, W, 3]` (values in [-1, 1], the dtype of the
/// parameters). `p` is the tower's scope (e.g. `params.root().scope("img")`).
pub fn encode_image(cfg: &ViTConfig, p: &Scope, images: &Tensor) -> Result<Tensor, ModelError> {
    let x = patch_embedding(cfg, &p.scope("embedding"), images)?;
    let (b, d) = (x.dim(0), x.dim(2));

    let posemb = match cfg.posemb {
        Posemb::Learn => p.get("pos_embedding")?,
        Posemb::Sincos2d => {
            let table = posemb_sincos_2d(cfg.grid(), cfg.grid(), cfg.width);
            x.graph().constant(table).convert(x.dtype())
        }
    };
    let mut x = x + posemb;

    if cfg.pool == Pool::Tok {
        let cls = p.get("cls")?.broadcast_to(&[b, 1, d]);
        x = x.graph().concatenate(&[&cls, &x], 1);
    }

    let x = encoder(&p.scope("Transformer"), &x, cfg.depth, cfg.num_heads)?;

    let pooled = match cfg.pool {
        Pool::Map => map_head(&p.scope("MAPHead_0"), &x, cfg.num_heads)?,
        Pool::Gap => x.mean(&[1]),
        Pool::Tok => x.slice_axis(1, 0, 1).reshape(&[b, d]),
    };

    match cfg.head {
        ImageHead::None => Ok(pooled),
        ImageHead::Linear(_) => dense(&p.scope("head"), &pooled),
    }
}

/// Non-overlapping `p×p` patches, each flattened in (row, column, channel) order and
/// projected: the same as big_vision's stride-`p` convolution with an HWIO kernel.
fn patch_embedding(cfg: &ViTConfig, p: &Scope, images: &Tensor) -> Result<Tensor, ModelError> {
    let (size, patch) = (cfg.image_size as i64, cfg.patch_size as i64);
    if images.rank() != 4 || images.shape()[1..] != [size, size, 3] {
        return Err(ModelError::Input(format!(
            "images must be [B, {size}, {size}, 3], got {:?}",
            images.shape()
        )));
    }
    let (b, grid) = (images.dim(0), size / patch);
    let patches = images
        .reshape(&[b, grid, patch, grid, patch, 3])
        .transpose(&[0, 1, 3, 2, 4, 5])
        .reshape(&[b, grid * grid, patch * patch * 3]);
    let kernel = p.get("kernel")?.reshape(&[patch * patch * 3, -1]);
    Ok(nn::dense(&patches, &kernel, &p.get("bias")?))
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

/// `encoderblock_0 .. encoderblock_{depth-1}` then the final LayerNorm `encoder_norm`.
pub(crate) fn encoder(
    p: &Scope,
    x: &Tensor,
    depth: usize,
    num_heads: usize,
) -> Result<Tensor, ModelError> {
    let mut x = x.clone();
    for i in 0..depth {
        x = encoder_block(&p.scope(&format!("encoderblock_{i}")), &x, num_heads)?;
    }
    layer_norm(&p.scope("encoder_norm"), &x)
}

/// Pre-LN block: `x + MHSA(LN(x))`, then `x + MLP(LN(x))`.
fn encoder_block(p: &Scope, x: &Tensor, num_heads: usize) -> Result<Tensor, ModelError> {
    let y = layer_norm(&p.scope("LayerNorm_0"), x)?;
    let x = x + attention(
        &p.scope("MultiHeadDotProductAttention_0"),
        &y,
        &y,
        num_heads,
    )?;
    let y = layer_norm(&p.scope("LayerNorm_1"), &x)?;
    Ok(&x + mlp_block(&p.scope("MlpBlock_0"), &y)?)
}

/// Multi-head attention pooling: a learned probe attends to the tokens, then
/// `a + MLP(LN(a))` (no residual from the probe itself). `[B, L, D]` → `[B, D]`.
pub(crate) fn map_head(p: &Scope, x: &Tensor, num_heads: usize) -> Result<Tensor, ModelError> {
    let (b, d) = (x.dim(0), x.dim(2));
    let probe = p.get("probe")?.broadcast_to(&[b, 1, d]);
    let a = attention(
        &p.scope("MultiHeadDotProductAttention_0"),
        &probe,
        x,
        num_heads,
    )?;
    let y = layer_norm(&p.scope("LayerNorm_0"), &a)?;
    Ok((&a + mlp_block(&p.scope("MlpBlock_0"), &y)?).reshape(&[b, d]))
}

/// flax `MultiHeadDotProductAttention` without mask: `query`, `key`, `value` kernels
/// `[D, H, Dh]` with biases `[H, Dh]`, `out` kernel `[H, Dh, D]` with bias `[D]`.
fn attention(
    p: &Scope,
    queries: &Tensor,
    inputs: &Tensor,
    num_heads: usize,
) -> Result<Tensor, ModelError> {
    let heads = num_heads as i64;
    let project = |name: &str, x: &Tensor| -> Result<Tensor, ModelError> {
        let (b, l, d) = (x.dim(0), x.dim(1), x.dim(2));
        let kernel = p.get(&format!("{name}/kernel"))?.reshape(&[d, d]);
        let bias = p.get(&format!("{name}/bias"))?.reshape(&[d]);
        Ok(nn::dense(x, &kernel, &bias).reshape(&[b, l, heads, d / heads]))
    };
    let q = project("query", queries)?;
    let k = project("key", inputs)?;
    let v = project("value", inputs)?;
    let attended = nn::dot_product_attention(&q, &k, &v); // [B, Lq, H, Dh]
    let (b, lq, d) = (queries.dim(0), queries.dim(1), queries.dim(2));
    let kernel = p.get("out/kernel")?.reshape(&[d, -1]);
    Ok(nn::dense(
        &attended.reshape(&[b, lq, d]),
        &kernel,
        &p.get("out/bias")?,
    ))
}

/// `Dense_1(gelu_tanh(Dense_0(x)))`.
fn mlp_block(p: &Scope, x: &Tensor) -> Result<Tensor, ModelError> {
    let h = nn::gelu_tanh(&dense(&p.scope("Dense_0"), x)?);
    dense(&p.scope("Dense_1"), &h)
}

pub(crate) fn dense(p: &Scope, x: &Tensor) -> Result<Tensor, ModelError> {
    Ok(nn::dense(x, &p.get("kernel")?, &p.get("bias")?))
}

fn layer_norm(p: &Scope, x: &Tensor) -> Result<Tensor, ModelError> {
    Ok(nn::layer_norm(
        x,
        &p.get("scale")?,
        &p.get("bias")?,
        LAYER_NORM_EPS,
    ))
}

fn layer_norm_specs(prefix: &str, width: i64) -> [ParamSpec; 2] {
    [
        ParamSpec::new(format!("{prefix}/scale"), &[width], Init::Ones),
        ParamSpec::new(format!("{prefix}/bias"), &[width], Init::Zeros),
    ]
}

/// flax `MultiHeadDotProductAttention`: xavier-uniform kernels (fans of the flattened
/// `[D, D]` matrix), zero biases.
fn attention_specs(prefix: &str, width: i64, heads: i64) -> Vec<ParamSpec> {
    let xavier = Init::XavierUniform {
        fan_in: width,
        fan_out: width,
    };
    let mut specs = Vec::new();
    for name in ["query", "key", "value"] {
        specs.push(ParamSpec::new(
            format!("{prefix}/{name}/kernel"),
            &[width, heads, width / heads],
            xavier,
        ));
        specs.push(ParamSpec::new(
            format!("{prefix}/{name}/bias"),
            &[heads, width / heads],
            Init::Zeros,
        ));
    }
    specs.push(ParamSpec::new(
        format!("{prefix}/out/kernel"),
        &[heads, width / heads, width],
        xavier,
    ));
    specs.push(ParamSpec::new(
        format!("{prefix}/out/bias"),
        &[width],
        Init::Zeros,
    ));
    specs
}

/// big_vision `MlpBlock`: xavier-uniform kernels, normal(1e-6) biases.
fn mlp_specs(prefix: &str, width: i64, mlp_dim: i64) -> Vec<ParamSpec> {
    let dense = |name: &str, fan_in: i64, fan_out: i64| {
        [
            ParamSpec::new(
                format!("{prefix}/{name}/kernel"),
                &[fan_in, fan_out],
                Init::XavierUniform { fan_in, fan_out },
            ),
            ParamSpec::new(
                format!("{prefix}/{name}/bias"),
                &[fan_out],
                Init::Normal(1e-6),
            ),
        ]
    };
    let mut specs = dense("Dense_0", width, mlp_dim).to_vec();
    specs.extend(dense("Dense_1", mlp_dim, width));
    specs
}

pub(crate) fn encoder_specs(
    prefix: &str,
    depth: usize,
    width: usize,
    mlp_dim: usize,
    num_heads: usize,
) -> Vec<ParamSpec> {
    let (w, m, h) = (width as i64, mlp_dim as i64, num_heads as i64);
    let mut specs = Vec::new();
    for i in 0..depth {
        let block = format!("{prefix}/encoderblock_{i}");
        specs.extend(layer_norm_specs(&format!("{block}/LayerNorm_0"), w));
        specs.extend(attention_specs(
            &format!("{block}/MultiHeadDotProductAttention_0"),
            w,
            h,
        ));
        specs.extend(layer_norm_specs(&format!("{block}/LayerNorm_1"), w));
        specs.extend(mlp_specs(&format!("{block}/MlpBlock_0"), w, m));
    }
    specs.extend(layer_norm_specs(&format!("{prefix}/encoder_norm"), w));
    specs
}

/// MAP head: the probe `[1, 1, D]` is xavier-uniform over its last two axes (fans 1 and D).
pub(crate) fn map_head_specs(
    prefix: &str,
    width: usize,
    mlp_dim: usize,
    num_heads: usize,
) -> Vec<ParamSpec> {
    let (w, m, h) = (width as i64, mlp_dim as i64, num_heads as i64);
    let mut specs = vec![ParamSpec::new(
        format!("{prefix}/probe"),
        &[1, 1, w],
        Init::XavierUniform {
            fan_in: 1,
            fan_out: w,
        },
    )];
    specs.extend(attention_specs(
        &format!("{prefix}/MultiHeadDotProductAttention_0"),
        w,
        h,
    ));
    specs.extend(layer_norm_specs(&format!("{prefix}/LayerNorm_0"), w));
    specs.extend(mlp_specs(&format!("{prefix}/MlpBlock_0"), w, m));
    specs
}
