//! Where each of our parameters lives in a Hugging Face `transformers` SigLIP checkpoint: the
//! vocabulary (`HfTensor`, `Layout`) and the naming rules, tower by tower, from our flax-style
//! paths (`img/Transformer/encoderblock_0/LayerNorm_0/scale`) to HF's names
//! (`vision_model.encoder.layers.0.layer_norm1.weight`).

use crate::model::params::permute;
use crate::model::transformer::BLOCK;
use crate::model::two_towers::{BIAS, IMAGE, TEXT, T_PRIME};

/// How an HF tensor (or a block of its rows) holds the values of one of ours.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Layout {
    /// Same shape, same order.
    Same,
    /// Same order, flattened to one axis (biases `[H, Dh]` ↔ `[D]`, scalars `[]` ↔ `[1]`).
    Flat,
    /// Same order without our leading unit axis (`[1, N, D]` ↔ `[N, D]`).
    DropLeadingUnit,
    /// torch Linear weight `[out, in]`; ours is its transpose, with the first `in_axes` axes
    /// the input features and the rest the output (e.g. `[D, H, Dh]` has `in_axes` 1).
    Linear { in_axes: usize },
    /// torch Conv2d weight `[D, C, kh, kw]`; ours is flax HWIO `[kh, kw, C, D]`.
    Conv,
}

impl Layout {
    /// The HF shape holding a tensor of ours of `shape`.
    pub(super) fn hf_shape(self, shape: &[i64]) -> Vec<i64> {
        let product = |axes: &[i64]| axes.iter().product::<i64>();
        match self {
            Layout::Same => shape.to_vec(),
            Layout::Flat => vec![product(shape)],
            Layout::DropLeadingUnit => shape[1..].to_vec(),
            Layout::Linear { in_axes } => {
                vec![product(&shape[in_axes..]), product(&shape[..in_axes])]
            }
            Layout::Conv => vec![shape[3], shape[2], shape[0], shape[1]],
        }
    }

    /// HF values (a block of `hf_shape`) in our order.
    pub(super) fn to_ours(self, values: &[f32], hf_shape: &[i64]) -> Vec<f32> {
        match self {
            Layout::Linear { .. } => permute(values, hf_shape, &[1, 0]),
            Layout::Conv => permute(values, hf_shape, &[2, 3, 1, 0]),
            _ => values.to_vec(),
        }
    }

    /// Our values in HF order for a block of `hf_shape`.
    pub(super) fn to_hf(self, values: &[f32], hf_shape: &[i64]) -> Vec<f32> {
        match self {
            Layout::Linear { .. } => permute(values, &[hf_shape[1], hf_shape[0]], &[1, 0]),
            Layout::Conv => {
                let (d, c, kh, kw) = (hf_shape[0], hf_shape[1], hf_shape[2], hf_shape[3]);
                permute(values, &[kh, kw, c, d], &[3, 2, 0, 1])
            }
            _ => values.to_vec(),
        }
    }
}

/// Where one of our parameters lives in an HF checkpoint.
#[derive(Clone, Debug, PartialEq)]
pub struct HfTensor {
    pub name: String,
    pub layout: Layout,
    /// Row block `index` of `count` equal blocks along the HF tensor's first axis (q, k, v
    /// stacked in `in_proj_weight`).
    pub rows: Option<(usize, usize)>,
}

impl HfTensor {
    pub fn new(name: &str, layout: Layout) -> Self {
        HfTensor {
            name: name.to_string(),
            layout,
            rows: None,
        }
    }

    /// The same tensor inside module `prefix` (`prefix.name`).
    pub fn under(self, prefix: &str) -> Self {
        HfTensor {
            name: format!("{prefix}.{}", self.name),
            ..self
        }
    }

    pub fn rows(self, index: usize, count: usize) -> Self {
        HfTensor {
            rows: Some((index, count)),
            ..self
        }
    }

    /// flax `LayerNorm` → torch `LayerNorm`: `scale` is `weight`.
    pub fn layer_norm(leaf: &str) -> Option<Self> {
        match leaf {
            "scale" => Some(Self::new("weight", Layout::Same)),
            "bias" => Some(Self::new("bias", Layout::Same)),
            _ => None,
        }
    }

    /// flax `Dense` / `DenseGeneral` → torch `Linear`; the kernel's first `in_axes` axes are
    /// the inputs.
    pub fn linear(leaf: &str, in_axes: usize) -> Option<Self> {
        match leaf {
            "kernel" => Some(Self::new("weight", Layout::Linear { in_axes })),
            "bias" => Some(Self::new("bias", Layout::Flat)),
            _ => None,
        }
    }
}

/// The HF `SiglipModel` tensor of one of our parameters (`None` where HF has no place for it).
pub fn hf_name(path: &str) -> Option<HfTensor> {
    match path {
        T_PRIME => return Some(HfTensor::new("logit_scale", Layout::Flat)),
        BIAS => return Some(HfTensor::new("logit_bias", Layout::Flat)),
        _ => {}
    }
    let (tower, rest) = path.split_once('/')?;
    match tower {
        IMAGE => Some(vision(rest)?.under("vision_model")),
        TEXT => Some(text(rest)?.under("text_model")),
        _ => None,
    }
}

/// The HF `vision_model` tensor of a parameter below the tower's scope; `None` for parameters
/// HF's SigLIP has no place for (`cls`, a linear head).
fn vision(path: &str) -> Option<HfTensor> {
    match path {
        "embedding/kernel" => {
            return Some(HfTensor::new(
                "embeddings.patch_embedding.weight",
                Layout::Conv,
            ))
        }
        "embedding/bias" => {
            return Some(HfTensor::new(
                "embeddings.patch_embedding.bias",
                Layout::Same,
            ))
        }
        "pos_embedding" => {
            return Some(HfTensor::new(
                "embeddings.position_embedding.weight",
                Layout::DropLeadingUnit,
            ))
        }
        _ => {}
    }
    let (module, rest) = path.split_once('/')?;
    match (module, rest.strip_prefix("encoder_norm/")) {
        ("Transformer", Some(leaf)) => Some(HfTensor::layer_norm(leaf)?.under("post_layernorm")),
        ("Transformer", None) => Some(encoder(rest)?.under("encoder")),
        ("MAPHead_0", _) => Some(map_head(rest)?.under("head")),
        _ => None,
    }
}

/// The HF `text_model` tensor of a parameter below the tower's scope; `None` for parameters
/// HF's SigLIP has no place for (a MAP head).
fn text(path: &str) -> Option<HfTensor> {
    match path {
        "Embed_0/embedding" => {
            return Some(HfTensor::new(
                "embeddings.token_embedding.weight",
                Layout::Same,
            ))
        }
        "pos_embedding" => {
            return Some(HfTensor::new(
                "embeddings.position_embedding.weight",
                Layout::DropLeadingUnit,
            ))
        }
        _ => {}
    }
    let (module, rest) = path.split_once('/')?;
    match (module, rest.strip_prefix("encoder_norm/")) {
        ("Encoder_0", Some(leaf)) => Some(HfTensor::layer_norm(leaf)?.under("final_layer_norm")),
        ("Encoder_0", None) => Some(encoder(rest)?.under("encoder")),
        ("head", _) => Some(HfTensor::linear(rest, 1)?.under("head")),
        _ => None,
    }
}

/// The HF tensor of a parameter below an encoder scope (`encoderblock_{i}/…` → `layers.{i}.…`);
/// the final `encoder_norm` is named by each tower's rule.
fn encoder(path: &str) -> Option<HfTensor> {
    let (block, rest) = path.split_once('/')?;
    let i: usize = block.strip_prefix(BLOCK)?.strip_prefix('_')?.parse().ok()?;
    let (module, leaf) = rest.split_once('/')?;
    let tensor = match module {
        "LayerNorm_0" => HfTensor::layer_norm(leaf)?.under("layer_norm1"),
        "LayerNorm_1" => HfTensor::layer_norm(leaf)?.under("layer_norm2"),
        "MultiHeadDotProductAttention_0" => {
            let (projection, leaf) = leaf.split_once('/')?;
            let (name, in_axes) = match projection {
                "query" => ("q_proj", 1),
                "key" => ("k_proj", 1),
                "value" => ("v_proj", 1),
                "out" => ("out_proj", 2),
                _ => return None,
            };
            HfTensor::linear(leaf, in_axes)?
                .under(name)
                .under("self_attn")
        }
        "MlpBlock_0" => mlp(leaf)?.under("mlp"),
        _ => return None,
    };
    Some(tensor.under(&format!("layers.{i}")))
}

/// The HF tensor of a MAP head parameter: torch `MultiheadAttention` stacks the q, k, v
/// projections as row blocks of `in_proj_weight` / `in_proj_bias`.
fn map_head(path: &str) -> Option<HfTensor> {
    if path == "probe" {
        return Some(HfTensor::new("probe", Layout::Same));
    }
    let (module, leaf) = path.split_once('/')?;
    match module {
        "MultiHeadDotProductAttention_0" => {
            let (projection, leaf) = leaf.split_once('/')?;
            let stacked = ["query", "key", "value"]
                .iter()
                .position(|&name| name == projection);
            let tensor = match (stacked, leaf) {
                (Some(k), "kernel") => {
                    HfTensor::new("in_proj_weight", Layout::Linear { in_axes: 1 }).rows(k, 3)
                }
                (Some(k), "bias") => HfTensor::new("in_proj_bias", Layout::Flat).rows(k, 3),
                (None, _) if projection == "out" => HfTensor::linear(leaf, 2)?.under("out_proj"),
                _ => return None,
            };
            Some(tensor.under("attention"))
        }
        "LayerNorm_0" => Some(HfTensor::layer_norm(leaf)?.under("layernorm")),
        "MlpBlock_0" => Some(mlp(leaf)?.under("mlp")),
        _ => None,
    }
}

/// `Dense_0` / `Dense_1` of an MLP block are HF's `fc1` / `fc2`.
fn mlp(path: &str) -> Option<HfTensor> {
    let (layer, leaf) = path.split_once('/')?;
    let name = match layer {
        "Dense_0" => "fc1",
        "Dense_1" => "fc2",
        _ => return None,
    };
    Some(HfTensor::linear(leaf, 1)?.under(name))
}
