//! The transformer both towers share (big_vision `models/vit.py`): named sizes, the pre-LN
//! encoder, its block, multi-head attention, the MLP block, the MAP head, Dense and LayerNorm,
//! each declaring its own parameters where it uses them. Next to them: big_vision's
//! scan-stacked (`scan=True`) block layout.

use std::ops::Range;

use serde::{Deserialize, Serialize};

use super::params::{Init, ParamTree, Scope};
use super::{ModelError, LAYER_NORM_EPS};
use crate::graph::{nn, Tensor};
use crate::tensor::HostTensor;

/// Named model sizes, as big_vision's `decode_variant` spells them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Variant {
    Ti,
    S,
    B,
    L,
    So400m,
    /// big_vision `g` (ViT-g of "Scaling Vision Transformers").
    #[serde(rename = "g")]
    G,
    /// big_vision `g-opt`: `g` with width 1536.
    #[serde(rename = "g-opt")]
    GOpt,
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
            Variant::G => (1408, 40, 6144, 16),
            Variant::GOpt => (1536, 40, 6144, 16),
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

/// The name of block `i` below an encoder scope.
pub(crate) const BLOCK: &str = "encoderblock";

/// `encoderblock_0 .. encoderblock_{depth-1}` then the final LayerNorm `encoder_norm`: `[B, L,
/// D]` → `[B, P, D]`, the tokens at `positions` (a range of the sequence axis; all `L` when
/// `None`). A token's output depends on the other tokens only through attention's keys and
/// values, so the last block computes queries, residual, MLP and norm only at `positions`
/// (for a pooling that reads one token, 1/L of that block's work; JAX computes them all).
/// With `remat`, each block is a checkpointed region (recomputed in the backward pass). With
/// `key_mask` (pred `[B, L]`), attention reads only the tokens where it is true (NaFlex padding).
pub(crate) fn encoder(
    p: &Scope,
    x: &Tensor,
    dims: &Dims,
    positions: Option<Range<i64>>,
    key_mask: Option<&Tensor>,
) -> Result<Tensor, ModelError> {
    let mut x = match (&positions, dims.depth) {
        (Some(kept), 0) => x.slice_axis(1, kept.start, kept.end),
        _ => x.clone(),
    };
    for i in 0..dims.depth {
        let block = p.scope(&format!("{BLOCK}_{i}"));
        let outputs = positions.clone().filter(|_| i + 1 == dims.depth);
        x = if p.compute().remat {
            x.graph().checkpoint(&[&x], || {
                encoder_block(&block, &x, dims, outputs.clone(), key_mask)
            })?
        } else {
            encoder_block(&block, &x, dims, outputs, key_mask)?
        };
    }
    layer_norm(&p.scope("encoder_norm"), &x)
}

/// Pre-LN block: `x + MHSA(LN(x))`, then `x + MLP(LN(x))`, at the tokens of `outputs` (all
/// when `None`); the keys and values come from every token.
fn encoder_block(
    p: &Scope,
    x: &Tensor,
    dims: &Dims,
    outputs: Option<Range<i64>>,
    key_mask: Option<&Tensor>,
) -> Result<Tensor, ModelError> {
    let y = layer_norm(&p.scope("LayerNorm_0"), x)?;
    let at_outputs = |t: &Tensor| match &outputs {
        Some(kept) => t.slice_axis(1, kept.start, kept.end),
        None => t.clone(),
    };
    let attention_scope = p.scope("MultiHeadDotProductAttention_0");
    let residual = at_outputs(x);
    let attended = attention(
        &attention_scope,
        &at_outputs(&y),
        &y,
        dims.num_heads,
        key_mask,
    )?;
    let x = residual + attended;
    let y = layer_norm(&p.scope("LayerNorm_1"), &x)?;
    Ok(&x + mlp_block(&p.scope("MlpBlock_0"), &y, dims.mlp_dim)?)
}

/// Multi-head attention pooling: a learned probe `[1, 1, D]` (xavier-uniform over its last two
/// axes, fans 1 and D) attends to the tokens, then `a + MLP(LN(a))` (no residual from the probe
/// itself). `[B, L, D]` → `[B, D]`; with `key_mask` (pred `[B, L]`) only the tokens where it is
/// true are pooled.
pub(crate) fn map_head(
    p: &Scope,
    x: &Tensor,
    dims: &Dims,
    key_mask: Option<&Tensor>,
) -> Result<Tensor, ModelError> {
    let (b, d) = (x.dim(0), x.dim(2));
    let probe_init = Init::XavierUniform {
        fan_in: 1,
        fan_out: d,
    };
    let probe = p.param("probe", &[1, 1, d], probe_init)?;
    let probe = probe.broadcast_to(&[b, 1, d]);
    let attention_scope = p.scope("MultiHeadDotProductAttention_0");
    let a = attention(&attention_scope, &probe, x, dims.num_heads, key_mask)?;
    let y = layer_norm(&p.scope("LayerNorm_0"), &a)?;
    Ok((&a + mlp_block(&p.scope("MlpBlock_0"), &y, dims.mlp_dim)?).reshape(&[b, d]))
}

/// flax `MultiHeadDotProductAttention` (keys masked by `key_mask`, pred `[B, Lk]`): `query`, `key`, `value` kernels
/// `[D, H, Dh]` with biases `[H, Dh]`, `out` kernel `[H, Dh, D]` with bias `[D]`; xavier-uniform
/// kernels (fans of the flattened `[D, D]` matrix), zero biases.
fn attention(
    p: &Scope,
    queries: &Tensor,
    inputs: &Tensor,
    num_heads: usize,
    key_mask: Option<&Tensor>,
) -> Result<Tensor, ModelError> {
    let (h, d) = (num_heads as i64, queries.dim(2));
    let compute = p.compute().matmul_dtype;
    let xavier = Init::XavierUniform {
        fan_in: d,
        fan_out: d,
    };
    let project = |name: &str, x: &Tensor| -> Result<Tensor, ModelError> {
        let (b, l) = (x.dim(0), x.dim(1));
        let kernel = p.param(&format!("{name}/kernel"), &[d, h, d / h], xavier)?;
        let bias = p.param(&format!("{name}/bias"), &[h, d / h], Init::Zeros)?;
        let y = nn::dense(x, &kernel.reshape(&[d, d]), &bias.reshape(&[d]), compute);
        Ok(y.reshape(&[b, l, h, d / h]))
    };
    let q = project("query", queries)?;
    let k = project("key", inputs)?;
    let v = project("value", inputs)?;
    let attended = nn::dot_product_attention(&q, &k, &v, key_mask, compute); // [B, Lq, H, Dh]
    let (b, lq) = (queries.dim(0), queries.dim(1));
    let kernel = p
        .param("out/kernel", &[h, d / h, d], xavier)?
        .reshape(&[d, d]);
    let bias = p.param("out/bias", &[d], Init::Zeros)?;
    Ok(nn::dense(
        &attended.reshape(&[b, lq, d]),
        &kernel,
        &bias,
        compute,
    ))
}

/// big_vision `MlpBlock`: `Dense_1(gelu_tanh(Dense_0(x)))`, xavier-uniform kernels, normal(1e-6)
/// biases.
fn mlp_block(p: &Scope, x: &Tensor, mlp_dim: usize) -> Result<Tensor, ModelError> {
    let d = x.dim(-1);
    let layer = |name: &str, x: &Tensor, fan_out: i64| {
        let fan_in = x.dim(-1);
        let init = Init::XavierUniform { fan_in, fan_out };
        dense(&p.scope(name), x, fan_out, init, Init::Normal(1e-6))
    };
    let h = nn::gelu_tanh(&layer("Dense_0", x, mlp_dim as i64)?);
    layer("Dense_1", &h, d)
}

/// flax `Dense` to `features` outputs: `kernel` `[in, features]`, `bias` `[features]`.
pub(crate) fn dense(
    p: &Scope,
    x: &Tensor,
    features: i64,
    kernel_init: Init,
    bias_init: Init,
) -> Result<Tensor, ModelError> {
    let kernel = p.param("kernel", &[x.dim(-1), features], kernel_init)?;
    let bias = p.param("bias", &[features], bias_init)?;
    Ok(nn::dense(x, &kernel, &bias, p.compute().matmul_dtype))
}

/// flax `LayerNorm` over the last axis: `scale` (ones) and `bias` (zeros).
fn layer_norm(p: &Scope, x: &Tensor) -> Result<Tensor, ModelError> {
    let d = x.dim(-1);
    let scale = p.param("scale", &[d], Init::Ones)?;
    let bias = p.param("bias", &[d], Init::Zeros)?;
    Ok(nn::layer_norm(x, &scale, &bias, LAYER_NORM_EPS))
}

// --- big_vision scan-stacked blocks --------------------------------------------------------------

/// big_vision's `scan=True` layout keeps one `encoderblock/…` tree whose arrays carry a leading
/// depth axis; this splits every such array into `encoderblock_{i}/…` (its `scan_to_pyloop`).
/// Other entries pass through.
pub(crate) fn unstack_scanned_blocks(tree: ParamTree) -> Result<ParamTree, ModelError> {
    let marker = format!("/{BLOCK}/");
    let mut out = ParamTree::new();
    for (path, tensor) in tree {
        let Some(at) = path.find(&marker) else {
            out.insert(path, tensor);
            continue;
        };
        let (encoder, leaf) = (&path[..at], &path[at + marker.len()..]);
        if tensor.shape.is_empty() {
            return Err(ModelError::ParamTree(format!(
                "{path}: a scan-stacked array needs a leading depth axis"
            )));
        }
        let layers = tensor
            .split_rows(tensor.shape[0] as usize)
            .map_err(|e| ModelError::ParamTree(format!("{path}: {e}")))?;
        for (i, layer) in layers.into_iter().enumerate() {
            let shape = &tensor.shape[1..];
            let layer = HostTensor::from_bytes(layer.dtype, shape, layer.data)
                .map_err(|e| ModelError::ParamTree(format!("{path}: {e}")))?;
            out.insert(format!("{encoder}/{BLOCK}_{i}/{leaf}"), layer);
        }
    }
    Ok(out)
}
