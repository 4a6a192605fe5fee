//! Hugging Face `transformers` SigLIP checkpoints (`model.safetensors` + `config.json`) to and
//! from our configs and parameter trees. Import and export walk the model's declared parameters
//! through the naming rules of [`names`] (the towers themselves know nothing of HF): Linear `[out, in]` ↔ kernel `[in, (H, Dh) | out]`, conv `[D, 3, kh, kw]` ↔
//! `[kh, kw, 3, D]`, the MAP head's stacked `in_proj` ↔ three q/k/v kernels, `[N, D]` ↔
//! `[1, N, D]`, `[1]` ↔ `[]`. Import consumes every HF tensor or fails listing the missing and
//! left-over names.
//!
//! `model_type` `"siglip"` is `SiglipModel` (SigLIP and fixed-resolution SigLIP 2); `"siglip2"` is
//! `Siglip2Model`, always NaFlex: its patch embedding is a Linear on flattened patches (`[D, p·p·3]`
//! ↔ our `[p, p, 3, D]` kernel, same (row, column, channel) order), its `vision_config.num_patches`
//! position embeddings are a square grid (our `image_size` is that grid's side in pixels), and the
//! patch budget comes from `preprocessor_config.json` (`max_num_patches`).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde::Deserialize;

pub mod names;

use names::{HfTensor, Layout};

use super::naflex::NaFlexConfig;
use super::params::ParamTree;
use super::text::{TextConfig, TextPool};
use super::two_towers::TwoTowerConfig;
use super::vit::{ImageHead, Pool, Posemb, ViTConfig};
use super::{ModelError, LAYER_NORM_EPS};
use crate::safetensors_io::{self, Metadata, SafetensorsError, TensorMap};
use crate::storage::{self, StorageError};
use crate::tensor::{DType, HostTensor};

#[derive(Debug, thiserror::Error)]
pub enum HfError {
    #[error(transparent)]
    Safetensors(#[from] SafetensorsError),
    #[error(transparent)]
    Storage(#[from] StorageError),
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
    #[error("{file}: {message}")]
    File { file: PathBuf, message: String },
}

pub const CONFIG_FILE: &str = "config.json";
pub const WEIGHTS_FILE: &str = "model.safetensors";
/// `Siglip2ImageProcessor`'s settings: patch size and budget of a NaFlex model.
pub const PREPROCESSOR_FILE: &str = "preprocessor_config.json";

const SIGLIP: &str = "siglip";
const SIGLIP2: &str = "siglip2";
/// `Siglip2ImageProcessor.max_num_patches` when `preprocessor_config.json` does not say.
const DEFAULT_MAX_NUM_PATCHES: usize = 256;
/// `Siglip2VisionConfig.num_patches` when `config.json` does not say.
const DEFAULT_NUM_PATCHES: usize = 256;

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
    /// `Siglip2VisionConfig` only: the learned position embeddings (a square grid).
    num_patches: Option<usize>,
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
            num_patches: None,
        }
    }
}

const GELU_TANH: &str = "gelu_pytorch_tanh";

/// Our two-tower config from the text of an HF SigLIP `config.json`.
pub fn config_from_hf(json: &str) -> Result<TwoTowerConfig, HfError> {
    let hf: HfConfig = serde_json::from_str(json)?;
    let naflex = match hf.model_type.as_deref() {
        None | Some(SIGLIP) => false,
        Some(SIGLIP2) => true,
        Some(kind) => {
            return Err(HfError::Unsupported(format!(
                "model_type {kind:?} (only {SIGLIP:?} and {SIGLIP2:?})"
            )))
        }
    };
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
    let image_size = if naflex {
        let num_patches = v.num_patches.unwrap_or(DEFAULT_NUM_PATCHES);
        let side = num_patches.isqrt();
        if side == 0 || side * side != num_patches {
            return Err(HfError::Unsupported(format!(
                "vision_config.num_patches {num_patches}: the position embedding is not a square \
                 grid, so it cannot be resized to an image's patch grid"
            )));
        }
        side * v.patch_size
    } else {
        v.image_size
    };
    let image = ViTConfig {
        variant: None,
        width: v.hidden_size,
        depth: v.num_hidden_layers,
        mlp_dim: v.intermediate_size,
        num_heads: v.num_attention_heads,
        patch_size: v.patch_size,
        image_size,
        pool: Pool::Map,
        posemb: Posemb::Learn,
        head: ImageHead::None,
        head_zeroinit: false,
        naflex: naflex.then_some(NaFlexConfig {
            max_num_patches: DEFAULT_MAX_NUM_PATCHES,
        }),
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

/// An HF SigLIP `config.json` (explicit values for every field we map): `SiglipModel`, or
/// `Siglip2Model` for a NaFlex tower, whose vision config has a patch budget's position grid
/// (`num_patches`) where SigLIP has an image size.
pub fn config_to_hf(cfg: &TwoTowerConfig) -> Result<serde_json::Value, HfError> {
    check_representable(cfg)?;
    let (v, t) = (&cfg.image, &cfg.text);
    let (architecture, model_type, grid) = match v.naflex {
        Some(_) => ("Siglip2Model", SIGLIP2, ("num_patches", v.num_patches())),
        None => ("SiglipModel", "siglip", ("image_size", v.image_size)),
    };
    let mut vision = serde_json::json!({
        "attention_dropout": 0.0,
        "hidden_act": GELU_TANH,
        "hidden_size": v.width,
        "intermediate_size": v.mlp_dim,
        "layer_norm_eps": LAYER_NORM_EPS,
        "model_type": format!("{model_type}_vision_model"),
        "num_attention_heads": v.num_heads,
        "num_channels": 3,
        "num_hidden_layers": v.depth,
        "patch_size": v.patch_size,
        "vision_use_head": true,
    });
    vision[grid.0] = grid.1.into();
    Ok(serde_json::json!({
        "architectures": [architecture],
        "dtype": "float32",
        "initializer_factor": 1.0,
        "model_type": model_type,
        "text_config": {
            "attention_dropout": 0.0,
            "hidden_act": GELU_TANH,
            "hidden_size": t.width,
            "intermediate_size": t.mlp_dim,
            "layer_norm_eps": LAYER_NORM_EPS,
            "max_position_embeddings": t.max_len,
            "model_type": format!("{model_type}_text_model"),
            "num_attention_heads": t.num_heads,
            "num_hidden_layers": t.depth,
            "projection_size": t.embed_dim,
            "vocab_size": t.vocab_size,
        },
        "vision_config": vision,
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

// --- the model's parameters in HF tensors ---------------------------------------------------

/// One of our parameters with its HF tensor.
struct Entry {
    ours: String,
    our_shape: Vec<i64>,
    hf: HfTensor,
    /// Shape of the whole HF tensor (all row blocks).
    hf_shape: Vec<i64>,
}

impl Entry {
    /// The shape of this entry's block of the HF tensor and its element range in the flat data.
    fn block(&self) -> (Vec<i64>, std::ops::Range<usize>) {
        let shape = self.hf.layout.hf_shape(&self.our_shape);
        let n = shape.iter().product::<i64>() as usize;
        let index = self.hf.rows.map_or(0, |(index, _)| index);
        (shape, index * n..(index + 1) * n)
    }
}

/// Every parameter of the model with its HF tensor, by the modules' naming rules.
fn layout(cfg: &TwoTowerConfig) -> Result<Vec<Entry>, HfError> {
    check_representable(cfg)?;
    cfg.param_specs()?
        .into_iter()
        .map(|spec| {
            let mut hf = names::hf_name(&spec.path)
                .ok_or_else(|| HfError::Unsupported(format!("parameter {}", spec.path)))?;
            if cfg.image.naflex.is_some() && hf.layout == Layout::Conv {
                // Siglip2Model embeds flattened patches with a Linear (inputs in (kh, kw, c) order).
                hf.layout = Layout::Linear { in_axes: 3 };
            }
            let mut hf_shape = hf.layout.hf_shape(&spec.shape);
            if let Some((_, count)) = hf.rows {
                hf_shape[0] *= count as i64;
            }
            Ok(Entry {
                ours: spec.path,
                our_shape: spec.shape,
                hf,
                hf_shape,
            })
        })
        .collect()
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
    tensors: &TensorMap,
) -> Result<(TwoTowerConfig, ParamTree), HfError> {
    let cfg = config_from_hf(config_json)?;
    let mut params = ParamTree::new();
    let mut missing = BTreeSet::new();
    let mut used = BTreeSet::new();
    for entry in layout(&cfg)? {
        let name = &entry.hf.name;
        let Some(hf) = tensors.get(name) else {
            missing.insert(name.clone());
            continue;
        };
        if hf.shape != entry.hf_shape {
            return Err(HfError::Shape {
                name: name.clone(),
                expected: entry.hf_shape.clone(),
                got: hf.shape.clone(),
            });
        }
        let values = float_values(name, hf)?;
        let (shape, range) = entry.block();
        let ours = entry.hf.layout.to_ours(&values[range], &shape);
        let tensor = HostTensor::from_slice(&entry.our_shape, &ours).expect("layout shapes");
        params.insert(entry.ours.clone(), tensor);
        used.insert(name.clone());
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
) -> Result<(serde_json::Value, TensorMap), HfError> {
    let config = config_to_hf(cfg)?;
    super::params::check_tree(&cfg.param_specs()?, params)?;
    let mut hf: BTreeMap<String, (Vec<i64>, Vec<f32>)> = BTreeMap::new();
    for entry in layout(cfg)? {
        let ours = float_values(&entry.ours, &params[&entry.ours])?;
        let (shape, range) = entry.block();
        let total: i64 = entry.hf_shape.iter().product();
        let (_, data) = hf
            .entry(entry.hf.name.clone())
            .or_insert_with(|| (entry.hf_shape.clone(), vec![0.0; total as usize]));
        data[range].copy_from_slice(&entry.hf.layout.to_hf(&ours, &shape));
    }
    let tensors = hf
        .into_iter()
        .map(|(name, (shape, data))| {
            let t = HostTensor::from_slice(&shape, &data).expect("layout shapes");
            (name, t)
        })
        .collect();
    Ok((config, tensors))
}

/// Imports `dir/config.json` + `dir/model.safetensors` (a local folder or one in a bucket).
pub fn import_dir(dir: &Path) -> Result<(TwoTowerConfig, ParamTree), HfError> {
    let json = storage::read_to_string(&dir.join(CONFIG_FILE))?;
    let tensors = safetensors_io::read(&dir.join(WEIGHTS_FILE))?;
    let (mut cfg, params) = import(&json, &tensors)?;
    if let Some(naflex) = cfg.image.naflex.as_mut() {
        naflex.max_num_patches = read_patch_budget(dir, cfg.image.patch_size)?;
    }
    Ok((cfg, params))
}

/// The fields of `Siglip2ImageProcessor`'s `preprocessor_config.json` we read or check.
#[derive(Deserialize)]
struct HfPreprocessor {
    patch_size: Option<usize>,
    max_num_patches: Option<usize>,
    image_mean: Option<Vec<f64>>,
    image_std: Option<Vec<f64>>,
    rescale_factor: Option<f64>,
    resample: Option<u32>,
    do_resize: Option<bool>,
    do_rescale: Option<bool>,
    do_normalize: Option<bool>,
}

/// PIL's `BILINEAR`, `Siglip2ImageProcessor`'s resampling.
const RESAMPLE_BILINEAR: u32 = 2;
/// Mean and std of the normalisation that maps 0..1 onto [-1, 1], as our preprocessing does.
const IMAGE_MEAN_STD: f64 = 0.5;

/// A NaFlex model's patch budget from `dir/preprocessor_config.json` (HF's default 256 when the
/// file is absent), refusing settings our preprocessing does not reproduce.
fn read_patch_budget(dir: &Path, patch_size: usize) -> Result<usize, HfError> {
    let path = dir.join(PREPROCESSOR_FILE);
    let text = match storage::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.is_not_found() => return Ok(DEFAULT_MAX_NUM_PATCHES),
        Err(e) => return Err(e.into()),
    };
    let bad = |message: String| HfError::File {
        file: path.clone(),
        message,
    };
    let pre: HfPreprocessor =
        serde_json::from_str(&text).map_err(|e| bad(format!("not a preprocessor config: {e}")))?;
    if let Some(p) = pre.patch_size.filter(|&p| p != patch_size) {
        return Err(bad(format!(
            "patch_size {p}, but {CONFIG_FILE} has vision_config.patch_size {patch_size}: the \
             patch budget must count the model's own patches"
        )));
    }
    let budget = pre.max_num_patches.unwrap_or(DEFAULT_MAX_NUM_PATCHES);
    if budget == 0 {
        return Err(bad(
            "max_num_patches 0: an image needs at least one patch".into()
        ));
    }
    for (key, values) in [
        ("image_mean", &pre.image_mean),
        ("image_std", &pre.image_std),
    ] {
        if let Some(v) = values
            .as_ref()
            .filter(|v| v.iter().any(|&x| x != IMAGE_MEAN_STD))
        {
            return Err(bad(format!(
                "{key} {v:?}: only {IMAGE_MEAN_STD} per channel (values in [-1, 1]) is supported"
            )));
        }
    }
    if let Some(r) = pre
        .rescale_factor
        .filter(|r| (r - 1.0 / 255.0).abs() > 1e-12)
    {
        return Err(bad(format!("rescale_factor {r}: only 1/255 is supported")));
    }
    if let Some(r) = pre.resample.filter(|&r| r != RESAMPLE_BILINEAR) {
        return Err(bad(format!(
            "resample {r}: only {RESAMPLE_BILINEAR} (bilinear) is supported"
        )));
    }
    for (key, on) in [
        ("do_resize", pre.do_resize),
        ("do_rescale", pre.do_rescale),
        ("do_normalize", pre.do_normalize),
    ] {
        if on == Some(false) {
            return Err(bad(format!("{key} false is not supported")));
        }
    }
    Ok(budget)
}

/// `Siglip2ImageProcessor`'s `preprocessor_config.json` for a NaFlex config.
fn preprocessor_config(image: &ViTConfig, naflex: &NaFlexConfig) -> serde_json::Value {
    serde_json::json!({
        "do_normalize": true,
        "do_rescale": true,
        "do_resize": true,
        "image_mean": vec![IMAGE_MEAN_STD; 3],
        "image_processor_type": "Siglip2ImageProcessor",
        "image_std": vec![IMAGE_MEAN_STD; 3],
        "max_num_patches": naflex.max_num_patches,
        "patch_size": image.patch_size,
        "resample": RESAMPLE_BILINEAR,
        "rescale_factor": 1.0 / 255.0,
    })
}

/// The text model's special token ids for `config.json`; without them transformers assumes
/// CLIP's ids 49406/49407, which lie outside a small vocabulary.
#[derive(Clone, Copy, Debug)]
pub struct SpecialTokens {
    pub pad: u32,
    pub eos: Option<u32>,
}

impl SpecialTokens {
    /// SigLIP: EOS is the pad token too (sticky EOS).
    pub fn sticky_eos(eos: u32) -> Self {
        SpecialTokens {
            pad: eos,
            eos: Some(eos),
        }
    }

    /// SigLIP 2: a pad token of its own, no EOS appended.
    pub fn padded(pad: u32) -> Self {
        SpecialTokens { pad, eos: None }
    }
}

/// The files of a Hugging Face directory, named and encoded, in the order to write them:
/// `model.safetensors` (metadata `{"format": "pt"}`, as `save_pretrained` writes it), for a
/// NaFlex model `preprocessor_config.json`, and last `config.json` (with the text model's
/// `special` tokens, and BOS cleared, when given). A directory is a model only once its
/// `config.json` is there, so an export cut short is never read as a complete one.
pub fn export_files(
    cfg: &TwoTowerConfig,
    params: &ParamTree,
    special: Option<SpecialTokens>,
) -> Result<Vec<(&'static str, Vec<u8>)>, HfError> {
    let (mut config, tensors) = export(cfg, params)?;
    if let Some(special) = special {
        let text_config = config["text_config"]
            .as_object_mut()
            .expect("config_to_hf writes a text_config");
        text_config.insert("pad_token_id".into(), special.pad.into());
        text_config.insert("eos_token_id".into(), special.eos.into());
        text_config.insert("bos_token_id".into(), serde_json::Value::Null);
    }
    let metadata = Metadata::from([("format".to_string(), "pt".to_string())]);
    let weights =
        safetensors_io::serialize(&tensors, &metadata).map_err(|message| HfError::File {
            file: PathBuf::from(WEIGHTS_FILE),
            message,
        })?;
    let mut files = vec![(WEIGHTS_FILE, weights)];
    if let Some(naflex) = &cfg.image.naflex {
        let text = serde_json::to_string_pretty(&preprocessor_config(&cfg.image, naflex))? + "\n";
        files.push((PREPROCESSOR_FILE, text.into_bytes()));
    }
    let text = serde_json::to_string_pretty(&config)? + "\n";
    files.push((CONFIG_FILE, text.into_bytes()));
    Ok(files)
}

/// Writes [`export_files`] into `dir`, a local folder (created if needed) or one in a bucket,
/// each file whole, in their order.
pub fn export_dir(
    cfg: &TwoTowerConfig,
    params: &ParamTree,
    special: Option<SpecialTokens>,
    dir: &Path,
) -> Result<(), HfError> {
    for (name, bytes) in export_files(cfg, params, special)? {
        storage::write(&dir.join(name), &bytes)?;
    }
    Ok(())
}
