//! Hugging Face `transformers` SigLIP checkpoints (`model.safetensors` + `config.json`) to and
//! from our configs and parameter trees. One table (`layout`) pairs every tensor of ours with
//! its HF tensor and the layout change between them, and both directions walk it:
//! Linear `[out, in]` ↔ kernel `[in, (H, Dh) | out]`, conv `[D, 3, kh, kw]` ↔ `[kh, kw, 3, D]`,
//! the MAP head's stacked `in_proj` ↔ three q/k/v kernels, `[N, D]` ↔ `[1, N, D]`, `[1]` ↔ `[]`.
//! Import consumes every HF tensor or fails listing the missing and left-over names.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::params::ParamTree;
use super::text::{TextConfig, TextPool};
use super::two_towers::{TwoTowerConfig, BIAS, IMAGE, TEXT, T_PRIME};
use super::vit::{ImageHead, Pool, Posemb, ViTConfig};
use super::{ModelError, LAYER_NORM_EPS};
use crate::tensor::{DType, HostTensor};

#[derive(Debug, thiserror::Error)]
pub enum HfError {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("safetensors: {0}")]
    Safetensors(String),
    #[error("config.json: {0}")]
    Json(#[from] serde_json::Error),
    #[error("not supported by the HF SigLIP mapping: {0}")]
    Unsupported(String),
    #[error("tensor {name} has shape {got:?}, expected {expected:?}")]
    Shape {
        name: String,
        expected: Vec<i64>,
        got: Vec<i64>,
    },
    #[error("tensor {name} has dtype {dtype}, not a float type")]
    DType { name: String, dtype: String },
    #[error(
        "checkpoint does not match the config: missing {missing:?}, not consumed {leftover:?}"
    )]
    Names {
        missing: Vec<String>,
        leftover: Vec<String>,
    },
    #[error(transparent)]
    Model(#[from] ModelError),
}

pub const CONFIG_FILE: &str = "config.json";
pub const WEIGHTS_FILE: &str = "model.safetensors";

// --- config.json --------------------------------------------------------------------------

/// The fields of HF's `SiglipConfig` we read; defaults are those of `SiglipTextConfig` /
/// `SiglipVisionConfig` (published checkpoints omit fields equal to them).
#[derive(Deserialize)]
struct HfConfig {
    #[serde(default)]
    model_type: Option<String>,
    #[serde(default)]
    text_config: HfTextConfig,
    #[serde(default)]
    vision_config: HfVisionConfig,
}

#[derive(Deserialize)]
#[serde(default)]
struct HfTextConfig {
    vocab_size: usize,
    hidden_size: usize,
    intermediate_size: usize,
    num_hidden_layers: usize,
    num_attention_heads: usize,
    max_position_embeddings: usize,
    projection_size: Option<usize>,
    hidden_act: String,
    layer_norm_eps: f64,
}

impl Default for HfTextConfig {
    fn default() -> Self {
        HfTextConfig {
            vocab_size: 32_000,
            hidden_size: 768,
            intermediate_size: 3072,
            num_hidden_layers: 12,
            num_attention_heads: 12,
            max_position_embeddings: 64,
            projection_size: None,
            hidden_act: GELU_TANH.into(),
            layer_norm_eps: LAYER_NORM_EPS,
        }
    }
}

#[derive(Deserialize)]
#[serde(default)]
struct HfVisionConfig {
    hidden_size: usize,
    intermediate_size: usize,
    num_hidden_layers: usize,
    num_attention_heads: usize,
    num_channels: usize,
    image_size: usize,
    patch_size: usize,
    hidden_act: String,
    layer_norm_eps: f64,
    vision_use_head: bool,
}

impl Default for HfVisionConfig {
    fn default() -> Self {
        HfVisionConfig {
            hidden_size: 768,
            intermediate_size: 3072,
            num_hidden_layers: 12,
            num_attention_heads: 12,
            num_channels: 3,
            image_size: 224,
            patch_size: 16,
            hidden_act: GELU_TANH.into(),
            layer_norm_eps: LAYER_NORM_EPS,
            vision_use_head: true,
        }
    }
}

const GELU_TANH: &str = "gelu_pytorch_tanh";

/// Our two-tower config from the text of an HF SigLIP `config.json`.
pub fn config_from_hf(json: &str) -> Result<TwoTowerConfig, HfError> {
    let hf: HfConfig = serde_json::from_str(json)?;
    if let Some(kind) = hf.model_type.as_deref().filter(|k| *k != "siglip") {
        return Err(HfError::Unsupported(format!("model_type {kind:?}")));
    }
    let (t, v) = (&hf.text_config, &hf.vision_config);
    for (tower, act, eps) in [
        ("text", &t.hidden_act, t.layer_norm_eps),
        ("vision", &v.hidden_act, v.layer_norm_eps),
    ] {
        if act != GELU_TANH || eps != LAYER_NORM_EPS {
            return Err(HfError::Unsupported(format!(
                "{tower} tower with hidden_act {act:?} and layer_norm_eps {eps} \
                 (only {GELU_TANH:?} and {LAYER_NORM_EPS})"
            )));
        }
    }
    if v.num_channels != 3 {
        return Err(HfError::Unsupported(format!("{} channels", v.num_channels)));
    }
    if !v.vision_use_head {
        return Err(HfError::Unsupported(
            "vision_use_head = false (SiglipModel needs the MAP head)".into(),
        ));
    }
    let image = ViTConfig {
        variant: None,
        width: v.hidden_size,
        depth: v.num_hidden_layers,
        mlp_dim: v.intermediate_size,
        num_heads: v.num_attention_heads,
        patch_size: v.patch_size,
        image_size: v.image_size,
        pool: Pool::Map,
        posemb: Posemb::Learn,
        head: ImageHead::None,
        head_zeroinit: true,
    };
    let text = TextConfig {
        variant: None,
        vocab_size: t.vocab_size,
        max_len: t.max_position_embeddings,
        width: t.hidden_size,
        depth: t.num_hidden_layers,
        mlp_dim: t.intermediate_size,
        num_heads: t.num_attention_heads,
        pool: TextPool::Last,
        embed_dim: t.projection_size.unwrap_or(t.hidden_size),
    };
    let cfg = TwoTowerConfig::new(image, text);
    cfg.validate()?;
    Ok(cfg)
}

/// An HF SigLIP `config.json` (explicit values for every field we map).
pub fn config_to_hf(cfg: &TwoTowerConfig) -> Result<serde_json::Value, HfError> {
    check_representable(cfg)?;
    let (v, t) = (&cfg.image, &cfg.text);
    Ok(serde_json::json!({
        "architectures": ["SiglipModel"],
        "dtype": "float32",
        "initializer_factor": 1.0,
        "model_type": "siglip",
        "text_config": {
            "attention_dropout": 0.0,
            "hidden_act": GELU_TANH,
            "hidden_size": t.width,
            "intermediate_size": t.mlp_dim,
            "layer_norm_eps": LAYER_NORM_EPS,
            "max_position_embeddings": t.max_len,
            "model_type": "siglip_text_model",
            "num_attention_heads": t.num_heads,
            "num_hidden_layers": t.depth,
            "projection_size": t.embed_dim,
            "vocab_size": t.vocab_size,
        },
        "vision_config": {
            "attention_dropout": 0.0,
            "hidden_act": GELU_TANH,
            "hidden_size": v.width,
            "image_size": v.image_size,
            "intermediate_size": v.mlp_dim,
            "layer_norm_eps": LAYER_NORM_EPS,
            "model_type": "siglip_vision_model",
            "num_attention_heads": v.num_heads,
            "num_channels": 3,
            "num_hidden_layers": v.depth,
            "patch_size": v.patch_size,
            "vision_use_head": true,
        },
    }))
}

/// HF `SiglipModel` has exactly one architecture: MAP-pooled image tower with learned
/// position embedding and no projection, last-token text pooling.
fn check_representable(cfg: &TwoTowerConfig) -> Result<(), HfError> {
    cfg.validate()?;
    let (v, t) = (&cfg.image, &cfg.text);
    if v.pool != Pool::Map || v.posemb != Posemb::Learn || v.head != ImageHead::None {
        return Err(HfError::Unsupported(format!(
            "image tower with pool {:?}, posemb {:?}, head {:?} (HF has map, learn, none)",
            v.pool, v.posemb, v.head
        )));
    }
    if t.pool != TextPool::Last {
        return Err(HfError::Unsupported(format!(
            "text pool {:?} (HF has last)",
            t.pool
        )));
    }
    Ok(())
}

// --- the name and layout table ---------------------------------------------------------------

/// How an HF tensor (or a block of its rows) is laid out relative to ours.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Layout {
    /// Same values in the same order, different shape.
    Reshape,
    /// torch Linear weight `[out, in]`; ours is its transpose `[in, out]`, maybe with the
    /// in or out axis split into (heads, head_dim).
    Linear,
    /// torch Conv2d weight `[D, C, kh, kw]`; ours is flax HWIO `[kh, kw, C, D]`.
    Conv,
}

struct Entry {
    ours: String,
    our_shape: Vec<i64>,
    hf: String,
    hf_shape: Vec<i64>,
    /// Rows `start..start + count` of the HF tensor's first axis (the stacked `in_proj`).
    rows: Option<(i64, i64)>,
    layout: Layout,
}

/// Adds entries, naming ours by `{ours}/...` and HF's by `{hf}.…`.
struct Table(Vec<Entry>);

impl Table {
    fn add(
        &mut self,
        ours: String,
        our_shape: &[i64],
        hf: String,
        hf_shape: &[i64],
        layout: Layout,
    ) {
        self.0.push(Entry {
            ours,
            our_shape: our_shape.to_vec(),
            hf,
            hf_shape: hf_shape.to_vec(),
            rows: None,
            layout,
        });
    }

    fn layer_norm(&mut self, ours: &str, hf: &str, width: i64) {
        self.add(
            format!("{ours}/scale"),
            &[width],
            format!("{hf}.weight"),
            &[width],
            Layout::Reshape,
        );
        self.add(
            format!("{ours}/bias"),
            &[width],
            format!("{hf}.bias"),
            &[width],
            Layout::Reshape,
        );
    }

    /// A Linear whose kernel we keep as `kernel_shape` and bias as `bias_shape`; the bias
    /// has one value per output feature, which fixes the split of the kernel into in and out.
    fn linear(&mut self, ours: &str, hf: &str, kernel_shape: &[i64], bias_shape: &[i64]) {
        let fan_out: i64 = bias_shape.iter().product();
        let fan_in = kernel_shape.iter().product::<i64>() / fan_out;
        self.add(
            format!("{ours}/kernel"),
            kernel_shape,
            format!("{hf}.weight"),
            &[fan_out, fan_in],
            Layout::Linear,
        );
        self.add(
            format!("{ours}/bias"),
            bias_shape,
            format!("{hf}.bias"),
            &[fan_out],
            Layout::Reshape,
        );
    }

    fn mlp(&mut self, ours: &str, hf: &str, width: i64, mlp_dim: i64) {
        self.linear(
            &format!("{ours}/Dense_0"),
            &format!("{hf}.fc1"),
            &[width, mlp_dim],
            &[mlp_dim],
        );
        self.linear(
            &format!("{ours}/Dense_1"),
            &format!("{hf}.fc2"),
            &[mlp_dim, width],
            &[width],
        );
    }

    fn encoder(
        &mut self,
        ours: &str,
        hf: &str,
        depth: usize,
        width: usize,
        mlp_dim: usize,
        heads: usize,
    ) {
        let (w, m, h) = (width as i64, mlp_dim as i64, heads as i64);
        for i in 0..depth {
            let o = format!("{ours}/encoderblock_{i}");
            let l = format!("{hf}.layers.{i}");
            self.layer_norm(&format!("{o}/LayerNorm_0"), &format!("{l}.layer_norm1"), w);
            let attn = format!("{o}/MultiHeadDotProductAttention_0");
            for (name, proj) in [("query", "q_proj"), ("key", "k_proj"), ("value", "v_proj")] {
                self.linear(
                    &format!("{attn}/{name}"),
                    &format!("{l}.self_attn.{proj}"),
                    &[w, h, w / h],
                    &[h, w / h],
                );
            }
            self.linear(
                &format!("{attn}/out"),
                &format!("{l}.self_attn.out_proj"),
                &[h, w / h, w],
                &[w],
            );
            self.layer_norm(&format!("{o}/LayerNorm_1"), &format!("{l}.layer_norm2"), w);
            self.mlp(&format!("{o}/MlpBlock_0"), &format!("{l}.mlp"), w, m);
        }
    }

    /// `torch.nn.MultiheadAttention`: q, k, v stacked as row blocks of `in_proj_{weight,bias}`.
    fn stacked_attention(&mut self, ours: &str, hf: &str, width: usize, heads: usize) {
        let (w, h) = (width as i64, heads as i64);
        for (k, name) in ["query", "key", "value"].into_iter().enumerate() {
            let rows = Some((k as i64 * w, w));
            self.0.push(Entry {
                ours: format!("{ours}/{name}/kernel"),
                our_shape: vec![w, h, w / h],
                hf: format!("{hf}.in_proj_weight"),
                hf_shape: vec![3 * w, w],
                rows,
                layout: Layout::Linear,
            });
            self.0.push(Entry {
                ours: format!("{ours}/{name}/bias"),
                our_shape: vec![h, w / h],
                hf: format!("{hf}.in_proj_bias"),
                hf_shape: vec![3 * w],
                rows,
                layout: Layout::Reshape,
            });
        }
        self.linear(
            &format!("{ours}/out"),
            &format!("{hf}.out_proj"),
            &[h, w / h, w],
            &[w],
        );
    }
}

fn layout(cfg: &TwoTowerConfig) -> Result<Vec<Entry>, HfError> {
    check_representable(cfg)?;
    let mut t = Table(Vec::new());

    let v = &cfg.image;
    let (w, p, n) = (v.width as i64, v.patch_size as i64, v.num_patches() as i64);
    let (img, vis) = (IMAGE, "vision_model");
    t.add(
        format!("{img}/embedding/kernel"),
        &[p, p, 3, w],
        format!("{vis}.embeddings.patch_embedding.weight"),
        &[w, 3, p, p],
        Layout::Conv,
    );
    t.add(
        format!("{img}/embedding/bias"),
        &[w],
        format!("{vis}.embeddings.patch_embedding.bias"),
        &[w],
        Layout::Reshape,
    );
    t.add(
        format!("{img}/pos_embedding"),
        &[1, n, w],
        format!("{vis}.embeddings.position_embedding.weight"),
        &[n, w],
        Layout::Reshape,
    );
    t.encoder(
        &format!("{img}/Transformer"),
        &format!("{vis}.encoder"),
        v.depth,
        v.width,
        v.mlp_dim,
        v.num_heads,
    );
    t.layer_norm(
        &format!("{img}/Transformer/encoder_norm"),
        &format!("{vis}.post_layernorm"),
        w,
    );
    let head = format!("{img}/MAPHead_0");
    t.add(
        format!("{head}/probe"),
        &[1, 1, w],
        format!("{vis}.head.probe"),
        &[1, 1, w],
        Layout::Reshape,
    );
    t.stacked_attention(
        &format!("{head}/MultiHeadDotProductAttention_0"),
        &format!("{vis}.head.attention"),
        v.width,
        v.num_heads,
    );
    t.layer_norm(
        &format!("{head}/LayerNorm_0"),
        &format!("{vis}.head.layernorm"),
        w,
    );
    t.mlp(
        &format!("{head}/MlpBlock_0"),
        &format!("{vis}.head.mlp"),
        w,
        v.mlp_dim as i64,
    );

    let x = &cfg.text;
    let (w, l, vocab, e) = (
        x.width as i64,
        x.max_len as i64,
        x.vocab_size as i64,
        x.embed_dim as i64,
    );
    let (txt, tm) = (TEXT, "text_model");
    t.add(
        format!("{txt}/Embed_0/embedding"),
        &[vocab, w],
        format!("{tm}.embeddings.token_embedding.weight"),
        &[vocab, w],
        Layout::Reshape,
    );
    t.add(
        format!("{txt}/pos_embedding"),
        &[1, l, w],
        format!("{tm}.embeddings.position_embedding.weight"),
        &[l, w],
        Layout::Reshape,
    );
    t.encoder(
        &format!("{txt}/Encoder_0"),
        &format!("{tm}.encoder"),
        x.depth,
        x.width,
        x.mlp_dim,
        x.num_heads,
    );
    t.layer_norm(
        &format!("{txt}/Encoder_0/encoder_norm"),
        &format!("{tm}.final_layer_norm"),
        w,
    );
    t.linear(&format!("{txt}/head"), &format!("{tm}.head"), &[w, e], &[e]);

    t.add(
        T_PRIME.into(),
        &[],
        "logit_scale".into(),
        &[1],
        Layout::Reshape,
    );
    t.add(BIAS.into(), &[], "logit_bias".into(), &[1], Layout::Reshape);
    Ok(t.0)
}

// --- moving values between the layouts -----------------------------------------------------

/// Row-major `data` of `shape` with its axes permuted (`result axis i = input axis perm[i]`).
fn permute(data: &[f32], shape: &[i64], perm: &[usize]) -> Vec<f32> {
    let rank = shape.len();
    let mut strides = vec![1usize; rank];
    for i in (0..rank.saturating_sub(1)).rev() {
        strides[i] = strides[i + 1] * shape[i + 1] as usize;
    }
    let out_shape: Vec<usize> = perm.iter().map(|&a| shape[a] as usize).collect();
    let mut out = Vec::with_capacity(data.len());
    let mut index = vec![0usize; rank];
    for _ in 0..data.len() {
        let offset: usize = (0..rank).map(|i| index[i] * strides[perm[i]]).sum();
        out.push(data[offset]);
        for i in (0..rank).rev() {
            index[i] += 1;
            if index[i] < out_shape[i] {
                break;
            }
            index[i] = 0;
        }
    }
    out
}

/// HF values (`hf_shape`, already cut to the entry's rows) in our order.
fn to_ours(layout: Layout, values: &[f32], hf_shape: &[i64]) -> Vec<f32> {
    match layout {
        Layout::Reshape => values.to_vec(),
        Layout::Linear => permute(values, hf_shape, &[1, 0]),
        Layout::Conv => permute(values, hf_shape, &[2, 3, 1, 0]),
    }
}

/// Our values in HF order for a block of shape `hf_shape`.
fn to_hf(layout: Layout, values: &[f32], hf_shape: &[i64]) -> Vec<f32> {
    match layout {
        Layout::Reshape => values.to_vec(),
        Layout::Linear => permute(values, &[hf_shape[1], hf_shape[0]], &[1, 0]),
        Layout::Conv => {
            let (d, c, kh, kw) = (hf_shape[0], hf_shape[1], hf_shape[2], hf_shape[3]);
            permute(values, &[kh, kw, c, d], &[3, 2, 0, 1])
        }
    }
}

/// The shape of the entry's block of the HF tensor and its element range in the flat data.
fn block(entry: &Entry) -> (Vec<i64>, std::ops::Range<usize>) {
    let row: i64 = entry.hf_shape[1..].iter().product();
    match entry.rows {
        None => {
            let n: i64 = entry.hf_shape.iter().product();
            (entry.hf_shape.clone(), 0..n as usize)
        }
        Some((start, count)) => {
            let mut shape = entry.hf_shape.clone();
            shape[0] = count;
            let range = (start * row) as usize..((start + count) * row) as usize;
            (shape, range)
        }
    }
}

fn float_values(name: &str, t: &HostTensor) -> Result<Vec<f32>, HfError> {
    if !t.dtype.is_float() {
        return Err(HfError::DType {
            name: name.into(),
            dtype: t.dtype.to_string(),
        });
    }
    Ok(match t.dtype {
        DType::F32 => t.to_vec::<f32>().expect("f32"),
        _ => t.to_f64_lossy().into_iter().map(|x| x as f32).collect(),
    })
}

/// Our config and f32 parameter tree from HF `config.json` text and the checkpoint's tensors.
/// Every tensor must be used; f16/bf16/f64 tensors are converted to f32.
pub fn import(
    config_json: &str,
    tensors: &BTreeMap<String, HostTensor>,
) -> Result<(TwoTowerConfig, ParamTree), HfError> {
    let cfg = config_from_hf(config_json)?;
    let mut params = ParamTree::new();
    let mut missing = BTreeSet::new();
    let mut used = BTreeSet::new();
    for entry in layout(&cfg)? {
        let Some(hf) = tensors.get(&entry.hf) else {
            missing.insert(entry.hf.clone());
            continue;
        };
        if hf.shape != entry.hf_shape {
            return Err(HfError::Shape {
                name: entry.hf.clone(),
                expected: entry.hf_shape.clone(),
                got: hf.shape.clone(),
            });
        }
        let values = float_values(&entry.hf, hf)?;
        let (shape, range) = block(&entry);
        let ours = to_ours(entry.layout, &values[range], &shape);
        let tensor = HostTensor::from_slice(&entry.our_shape, &ours).expect("layout table shapes");
        params.insert(entry.ours.clone(), tensor);
        used.insert(entry.hf.clone());
    }
    let leftover: Vec<String> = tensors
        .keys()
        .filter(|k| !used.contains(*k))
        .cloned()
        .collect();
    if !missing.is_empty() || !leftover.is_empty() {
        return Err(HfError::Names {
            missing: missing.into_iter().collect(),
            leftover,
        });
    }
    Ok((cfg, params))
}

/// HF `config.json` and f32 tensors for our config and parameters (which must be exactly the
/// model's parameters).
pub fn export(
    cfg: &TwoTowerConfig,
    params: &ParamTree,
) -> Result<(serde_json::Value, BTreeMap<String, HostTensor>), HfError> {
    let config = config_to_hf(cfg)?;
    super::params::check_tree(&cfg.param_specs(), params)?;
    let mut hf: BTreeMap<String, (Vec<i64>, Vec<f32>)> = BTreeMap::new();
    for entry in layout(cfg)? {
        let ours = float_values(&entry.ours, &params[&entry.ours])?;
        let (shape, range) = block(&entry);
        let total: i64 = entry.hf_shape.iter().product();
        let (_, data) = hf
            .entry(entry.hf.clone())
            .or_insert_with(|| (entry.hf_shape.clone(), vec![0.0; total as usize]));
        data[range].copy_from_slice(&to_hf(entry.layout, &ours, &shape));
    }
    let tensors = hf
        .into_iter()
        .map(|(name, (shape, data))| {
            let t = HostTensor::from_slice(&shape, &data).expect("layout table shapes");
            (name, t)
        })
        .collect();
    Ok((config, tensors))
}

/// Imports `dir/config.json` + `dir/model.safetensors`.
pub fn import_dir(dir: &Path) -> Result<(TwoTowerConfig, ParamTree), HfError> {
    let config_path = dir.join(CONFIG_FILE);
    let json = std::fs::read_to_string(&config_path).map_err(|source| HfError::Io {
        path: config_path,
        source,
    })?;
    let tensors = read_safetensors(&dir.join(WEIGHTS_FILE))?;
    import(&json, &tensors)
}

/// Writes `dir/config.json` + `dir/model.safetensors` (metadata `{"format": "pt"}`, as
/// `save_pretrained` writes it). Creates `dir` if needed.
pub fn export_dir(cfg: &TwoTowerConfig, params: &ParamTree, dir: &Path) -> Result<(), HfError> {
    let (config, tensors) = export(cfg, params)?;
    std::fs::create_dir_all(dir).map_err(|source| HfError::Io {
        path: dir.to_path_buf(),
        source,
    })?;
    let config_path = dir.join(CONFIG_FILE);
    let text = serde_json::to_string_pretty(&config)? + "\n";
    std::fs::write(&config_path, text).map_err(|source| HfError::Io {
        path: config_path,
        source,
    })?;
    let metadata = HashMap::from([("format".to_string(), "pt".to_string())]);
    write_safetensors(&dir.join(WEIGHTS_FILE), &tensors, Some(metadata))
}

// --- safetensors files ---------------------------------------------------------------------

fn dtype_from_safetensors(d: safetensors::Dtype) -> Option<DType> {
    use safetensors::Dtype as S;
    Some(match d {
        S::F32 => DType::F32,
        S::F64 => DType::F64,
        S::F16 => DType::F16,
        S::BF16 => DType::Bf16,
        S::I32 => DType::I32,
        S::I64 => DType::I64,
        S::U32 => DType::U32,
        S::U8 => DType::U8,
        S::BOOL => DType::Pred,
        _ => return None,
    })
}

fn dtype_to_safetensors(d: DType) -> safetensors::Dtype {
    use safetensors::Dtype as S;
    match d {
        DType::F32 => S::F32,
        DType::F64 => S::F64,
        DType::F16 => S::F16,
        DType::Bf16 => S::BF16,
        DType::I32 => S::I32,
        DType::I64 => S::I64,
        DType::U32 => S::U32,
        DType::U8 => S::U8,
        DType::Pred => S::BOOL,
    }
}

/// Every tensor of a safetensors file, in its stored dtype.
pub fn read_safetensors(path: &Path) -> Result<BTreeMap<String, HostTensor>, HfError> {
    let bytes = std::fs::read(path).map_err(|source| HfError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let file = safetensors::SafeTensors::deserialize(&bytes)
        .map_err(|e| HfError::Safetensors(format!("{}: {e}", path.display())))?;
    file.tensors()
        .into_iter()
        .map(|(name, view)| {
            let dtype = dtype_from_safetensors(view.dtype()).ok_or_else(|| HfError::DType {
                name: name.clone(),
                dtype: format!("{:?}", view.dtype()),
            })?;
            let shape: Vec<i64> = view.shape().iter().map(|&d| d as i64).collect();
            let tensor = HostTensor::from_bytes(dtype, &shape, view.data().to_vec())
                .map_err(|e| HfError::Safetensors(format!("{name}: {e}")))?;
            Ok((name, tensor))
        })
        .collect()
}

struct TensorView<'a> {
    tensor: &'a HostTensor,
    shape: Vec<usize>,
}

impl safetensors::View for TensorView<'_> {
    fn dtype(&self) -> safetensors::Dtype {
        dtype_to_safetensors(self.tensor.dtype)
    }
    fn shape(&self) -> &[usize] {
        &self.shape
    }
    fn data(&self) -> Cow<'_, [u8]> {
        Cow::Borrowed(&self.tensor.data)
    }
    fn data_len(&self) -> usize {
        self.tensor.data.len()
    }
}

pub fn write_safetensors(
    path: &Path,
    tensors: &BTreeMap<String, HostTensor>,
    metadata: Option<HashMap<String, String>>,
) -> Result<(), HfError> {
    let views = tensors.iter().map(|(name, t)| {
        let shape = t.shape.iter().map(|&d| d as usize).collect();
        (name.as_str(), TensorView { tensor: t, shape })
    });
    safetensors::serialize_to_file(views, &metadata, path)
        .map_err(|e| HfError::Safetensors(format!("{}: {e}", path.display())))
}
