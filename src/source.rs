//! Model sources: a trained SigLIP to embed with, classify with or export, from wherever it
//! lives. `SRC` is a run directory of ours (its latest checkpoint), one checkpoint directory
//! (`checkpoints/step_XXXXXXXX`), a Hugging Face SigLIP or SigLIP 2 directory (`config.json` +
//! `model.safetensors`, with `tokenizer.json` when present; SigLIP 2 NaFlex images are read as
//! packed patch sequences, its texts padded as `Siglip2Tokenizer` pads them) or a big_vision
//! `.npz` (which says nothing about its model, so a config must come with it). Every source becomes a
//! [`LoadedModel`]: the model config, f32 parameters checked against it, the tokenizer and text
//! settings the model was trained with, and its eval-time image preprocessing. Any of them may
//! be in a bucket (`gs://`, `s3://`): every file is read through [`crate::storage`].
//!
//! A run's config names its tokenizer as training saw it, relative to the directory training ran
//! in; that path is tried relative to the current directory and then relative to the checkpoint's
//! own ancestors (so `siglip embed --checkpoint ../proj/runs/demo` still finds
//! `data/tokenizer.json` of `../proj`). A missing tokenizer is an error only when text is
//! encoded, so image embeddings need none.

use std::path::{Path, PathBuf};

use serde_yaml::Value;

use crate::checkpoint::{self, CheckpointError, CHECKPOINTS_DIR, META_FILE};
use crate::config::{ConfigError, RunConfig};
use crate::data::image_ops::{eval_preprocess, ImageError, Preprocess};
use crate::data::text::{CaptionChoice, SIGLIP2_PAD_TOKEN};
use crate::data::{DataError, PaddingSide, TextEncoder, TextEncoderConfig, TextPadding};
use crate::model::hf::{self, HfError, CONFIG_FILE, WEIGHTS_FILE};
use crate::model::npz::{self, NpzError};
use crate::model::two_towers::{BIAS, T_PRIME};
use crate::model::{cast_tree, check_tree, ModelError, ParamTree, TwoTowerConfig};
use crate::storage::{self, StorageError};
use crate::tensor::{DType, HostTensor};

/// Files of a Hugging Face model directory that carry its tokenizer.
pub const HF_TOKENIZER_FILE: &str = "tokenizer.json";
pub const HF_SENTENCEPIECE_FILE: &str = "spiece.model";
/// HF's tokenizer settings; we read and write `do_lower_case` and `model_max_length`.
pub const HF_TOKENIZER_CONFIG_FILE: &str = "tokenizer_config.json";
/// `tokenizer_config.json`'s `tokenizer_class` of SigLIP 2 directories.
pub const SIGLIP2_CLASS: &str = "Siglip2Tokenizer";

#[derive(Debug, thiserror::Error)]
pub enum SourceError {
    #[error("{}: no such file or directory", .0.display())]
    Missing(PathBuf),
    #[error(transparent)]
    Storage(#[from] StorageError),
    #[error(
        "{} is not a model: looked for {META_FILE} (a checkpoint), {CHECKPOINTS_DIR}/step_* (a run \
         directory), {CONFIG_FILE} + {WEIGHTS_FILE} (a Hugging Face SigLIP directory) and a .npz \
         file (big_vision)",
        .0.display()
    )]
    NotAModel(PathBuf),
    #[error(
        "{}: a big_vision .npz does not say which model it holds: pass --config (a run config or \
         a model YAML)",
        .0.display()
    )]
    NpzNeedsConfig(PathBuf),
    #[error(transparent)]
    Checkpoint(#[from] CheckpointError),
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error("{}: {message}", path.display())]
    ModelYaml { path: PathBuf, message: String },
    #[error("{}: {source}", path.display())]
    Hf { path: PathBuf, source: HfError },
    #[error(transparent)]
    Npz(#[from] NpzError),
    #[error("{} does not hold the parameters of its own config's model: {source}", path.display())]
    Params { path: PathBuf, source: ModelError },
    #[error("{origin} holds another model than {expected}: {problems}")]
    OtherModel {
        origin: String,
        expected: String,
        problems: String,
    },
    #[error("--tokenizer {}: no such file", .0.display())]
    TokenizerMissing(PathBuf),
    #[error("{origin}: no tokenizer: {why}")]
    NoTokenizer { origin: String, why: String },
    #[error("{}: {message}", path.display())]
    TokenizerConfig { path: PathBuf, message: String },
    #[error("{}: {source}", path.display())]
    Image { path: PathBuf, source: ImageError },
    #[error(transparent)]
    Data(#[from] DataError),
    #[error("{origin}: parameter `{name}` is not a scalar")]
    Scalar { origin: String, name: &'static str },
}

/// What comes with `SRC` on the command line.
#[derive(Clone, Debug, Default)]
pub struct SourceOptions {
    /// A run config or a model YAML: the model of a `.npz` (required there); for other sources
    /// the model they must hold ([`LoadedModel::expect_model`]).
    pub config: Option<PathBuf>,
    /// A `tokenizer.json` to use instead of the source's own.
    pub tokenizer: Option<PathBuf>,
}

/// How texts become tokens for this model.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TextSettings {
    /// Tokens per text, EOS included (the text tower's `max_len`).
    pub max_len: usize,
    pub lowercase: bool,
    /// SigLIP's sticky EOS, or SigLIP 2 rows padded as transformers' `Siglip2Tokenizer` pads.
    pub padding: TextPadding,
}

/// A model ready to run: config, f32 parameters that match it, and how to feed it.
#[derive(Clone, Debug)]
pub struct LoadedModel {
    /// What was loaded, for messages (`checkpoint runs/demo/checkpoints/step_00000500`).
    pub origin: String,
    pub config: TwoTowerConfig,
    pub params: ParamTree,
    /// The `tokenizer.json`, when one was found.
    pub tokenizer: Option<PathBuf>,
    pub text: TextSettings,
    /// Eval preprocessing: decode (over the training background), resize to the model's
    /// `image_size`, value range (the training one, else [-1, 1]).
    pub preprocess: Preprocess,
    /// Why `tokenizer` is `None`.
    no_tokenizer: String,
}

/// The model's settings that a run config adds to the bare model.
struct RunSettings {
    tokenizer: Option<PathBuf>,
    lowercase: bool,
    padding: TextPadding,
    preprocess: Option<Preprocess>,
}

impl RunSettings {
    fn of(config: &RunConfig) -> RunSettings {
        RunSettings {
            tokenizer: config.data.tokenizer.clone(),
            lowercase: config.data.lowercase,
            padding: config.data.text_padding.clone(),
            preprocess: Some(config.preprocess()),
        }
    }

    fn none() -> RunSettings {
        RunSettings {
            tokenizer: None,
            lowercase: false,
            padding: TextPadding::default(),
            preprocess: None,
        }
    }
}

/// Loads `src` (see the module header).
pub fn load(src: &Path, options: &SourceOptions) -> Result<LoadedModel, SourceError> {
    if let Some(tokenizer) = &options.tokenizer {
        if !storage::is_file(tokenizer)? {
            return Err(SourceError::TokenizerMissing(tokenizer.clone()));
        }
    }
    if !storage::exists(src)? {
        return Err(SourceError::Missing(src.to_path_buf()));
    }
    let given = options.config.as_deref().map(read_model_yaml).transpose()?;
    let mut model = if storage::is_file(src)? {
        if src.extension().and_then(|e| e.to_str()) != Some("npz") {
            return Err(SourceError::NotAModel(src.to_path_buf()));
        }
        let Some((config, settings, config_path)) = given.as_ref() else {
            return Err(SourceError::NpzNeedsConfig(src.to_path_buf()));
        };
        let params = cast_tree(&npz::import_big_vision(src, config)?, DType::F32);
        let anchor = config_path.parent().unwrap_or(Path::new("."));
        assemble(
            format!("big_vision checkpoint {}", src.display()),
            config.clone(),
            params,
            settings,
            anchor,
        )
    } else if storage::is_file(&src.join(META_FILE))? || !checkpoint::list(src)?.is_empty() {
        load_checkpoint(&checkpoint::resolve(src)?)?
    } else if storage::is_file(&src.join(CONFIG_FILE))?
        && storage::is_file(&src.join(WEIGHTS_FILE))?
    {
        load_hf(src)?
    } else {
        return Err(SourceError::NotAModel(src.to_path_buf()));
    };
    if let Some(tokenizer) = &options.tokenizer {
        model.tokenizer = Some(tokenizer.clone());
    }
    if let Some((config, _, path)) = &given {
        model.expect_model(config, &path.display().to_string())?;
    }
    Ok(model)
}

impl LoadedModel {
    /// Fails unless this is the model `expected` describes (`what` names it in the message):
    /// every parameter with the expected shape, and the same config.
    pub fn expect_model(&self, expected: &TwoTowerConfig, what: &str) -> Result<(), SourceError> {
        let other = |problems: String| SourceError::OtherModel {
            origin: self.origin.clone(),
            expected: format!("the model of {what}"),
            problems,
        };
        let specs = expected
            .param_specs()
            .map_err(|e| other(format!("that model is invalid: {e}")))?;
        check_tree(&specs, &self.params).map_err(|e| other(e.to_string()))?;
        let differences = config_differences(&self.config, expected);
        if differences.is_empty() {
            Ok(())
        } else {
            Err(other(format!("config differs: {}", differences.join(", "))))
        }
    }

    /// How the data pipeline encodes texts for this model; fails if it has no tokenizer.
    pub fn text_config(&self) -> Result<TextEncoderConfig, SourceError> {
        let tokenizer = self
            .tokenizer
            .clone()
            .ok_or_else(|| SourceError::NoTokenizer {
                origin: self.origin.clone(),
                why: self.no_tokenizer.clone(),
            })?;
        Ok(TextEncoderConfig {
            tokenizer,
            max_len: self.text.max_len,
            lowercase: self.text.lowercase,
            padding: self.text.padding.clone(),
            caption_choice: CaptionChoice::First,
        })
    }

    /// The images at `paths` through the eval preprocessing, `[n, size, size, 3]` f32 (NaFlex:
    /// each kept at its aspect ratio within the patch budget and packed, `[n, N,
    /// packed_width]`); fails naming the first file that cannot be read or decoded.
    pub fn read_images(&self, paths: &[PathBuf]) -> Result<HostTensor, SourceError> {
        let shape: Vec<i64> = std::iter::once(paths.len() as i64)
            .chain(self.preprocess.example_shape()?)
            .collect();
        // Deterministic ops only (see `eval_preprocess`): the generator is never drawn from.
        let mut rng = rand::rngs::mock::StepRng::new(0, 0);
        let mut values = Vec::new();
        for path in paths {
            let bytes = storage::read(path)?;
            let pixels =
                self.preprocess
                    .run(&bytes, &mut rng)
                    .map_err(|source| SourceError::Image {
                        path: path.clone(),
                        source,
                    })?;
            values.extend_from_slice(&pixels);
        }
        Ok(HostTensor::from_slice(&shape, &values).expect("rows of the preprocessed size"))
    }

    /// `texts` as token ids `[n, max_len]` i32, with the indices of the texts that were longer
    /// than the model's context and so truncated.
    pub fn encode_texts(&self, texts: &[String]) -> Result<(HostTensor, Vec<usize>), SourceError> {
        let encoder = self.text_encoder()?;
        let room = encoder.capacity();
        let (mut ids, mut truncated) = (Vec::new(), Vec::new());
        for (i, text) in texts.iter().enumerate() {
            let (row, count) = encoder.encode_counted(text)?;
            if count > room {
                truncated.push(i);
            }
            ids.extend(row);
        }
        let shape = [texts.len() as i64, self.text.max_len as i64];
        Ok((
            HostTensor::from_slice(&shape, &ids).expect("rows of max_len"),
            truncated,
        ))
    }

    /// How this model's texts become token ids (SigLIP's sticky EOS, or as `Siglip2Tokenizer`
    /// pads); fails if it has no tokenizer.
    pub fn text_encoder(&self) -> Result<TextEncoder, SourceError> {
        Ok(TextEncoder::new(&self.text_config()?)?)
    }

    /// The temperature `t = exp(t')` and the bias `b` of the logits `t·cos + b`.
    pub fn temperature_and_bias(&self) -> Result<(f64, f64), SourceError> {
        let scalar = |name: &'static str| match self.params[name].to_f64_lossy()[..] {
            [value] => Ok(value),
            _ => Err(SourceError::Scalar {
                origin: self.origin.clone(),
                name,
            }),
        };
        Ok((scalar(T_PRIME)?.exp(), scalar(BIAS)?))
    }
}

/// A run config (it has `model` and any of `train`, `optimizer`, `data`), the `model:` section
/// alone, or a bare model config; with the run settings it carries and its path.
fn read_model_yaml(path: &Path) -> Result<(TwoTowerConfig, RunSettings, PathBuf), SourceError> {
    let yaml_error = |message: String| SourceError::ModelYaml {
        path: path.to_path_buf(),
        message,
    };
    let text = storage::read_to_string(path).map_err(|e| yaml_error(e.to_string()))?;
    let value: Value =
        serde_yaml::from_str(&text).map_err(|e| yaml_error(format!("not valid YAML: {e}")))?;
    let is_run = ["train", "optimizer", "data"]
        .iter()
        .any(|key| value.get(key).is_some());
    if value.get("model").is_some() && is_run {
        let config = RunConfig::from_yaml(&text, path, &[])?;
        let settings = RunSettings::of(&config);
        return Ok((config.model, settings, path.to_path_buf()));
    }
    let model = value.get("model").cloned().unwrap_or(value);
    let config: TwoTowerConfig = serde_yaml::from_value(model)
        .map_err(|e| yaml_error(format!("not a model config: {e}")))?;
    config.validate().map_err(|e| yaml_error(e.to_string()))?;
    Ok((config, RunSettings::none(), path.to_path_buf()))
}

fn load_checkpoint(dir: &Path) -> Result<LoadedModel, SourceError> {
    let saved = checkpoint::load(dir)?;
    let config = RunConfig::from_yaml(&saved.meta.config, &dir.join(META_FILE), &[])?;
    let params = cast_tree(&saved.params(), DType::F32);
    let specs = config
        .model
        .param_specs()
        .map_err(|source| SourceError::Params {
            path: dir.to_path_buf(),
            source,
        })?;
    check_tree(&specs, &params).map_err(|source| SourceError::Params {
        path: dir.to_path_buf(),
        source,
    })?;
    Ok(assemble(
        format!("checkpoint {} (step {})", dir.display(), saved.meta.step),
        config.model.clone(),
        params,
        &RunSettings::of(&config),
        dir,
    ))
}

fn load_hf(dir: &Path) -> Result<LoadedModel, SourceError> {
    let (config, params) = hf::import_dir(dir).map_err(|source| SourceError::Hf {
        path: dir.to_path_buf(),
        source,
    })?;
    let tokenizer_config = dir.join(HF_TOKENIZER_CONFIG_FILE);
    let bad = |message: String| SourceError::TokenizerConfig {
        path: tokenizer_config.clone(),
        message,
    };
    let tokenizer_settings = match storage::read_to_string(&tokenizer_config) {
        Ok(text) => serde_json::from_str(&text).map_err(|e| bad(e.to_string()))?,
        Err(e) if e.is_not_found() => serde_json::Value::Null,
        Err(e) => return Err(bad(e.to_string())),
    };
    let lowercase = tokenizer_settings
        .get("do_lower_case")
        .and_then(|v| v.as_bool())
        .unwrap_or(false);
    // A SigLIP 2 directory (NaFlex, or naming `Siglip2Tokenizer`) pads as `Siglip2Tokenizer`;
    // its lowercasing is in tokenizer.json's normalizer. One that `siglip export` wrote for a
    // model we trained with SigLIP's sticky EOS says so as SigLIP directories do, with
    // `do_lower_case`.
    let setting = |key: &str| tokenizer_settings.get(key).and_then(|v| v.as_str());
    let sticky_eos = tokenizer_settings.get("do_lower_case").is_some();
    let siglip2 =
        config.image.naflex.is_some() || setting("tokenizer_class") == Some(SIGLIP2_CLASS);
    let padding = if siglip2 && !sticky_eos {
        TextPadding::Siglip2 {
            pad_token: setting("pad_token")
                .unwrap_or(SIGLIP2_PAD_TOKEN)
                .to_string(),
            side: match setting("padding_side") {
                None | Some("left") => PaddingSide::Left,
                Some(_) => PaddingSide::Right,
            },
        }
    } else {
        TextPadding::default()
    };
    let tokenizer = dir.join(HF_TOKENIZER_FILE);
    let (tokenizer, no_tokenizer) = if storage::is_file(&tokenizer)? {
        (Some(tokenizer), String::new())
    } else if storage::is_file(&dir.join(HF_SENTENCEPIECE_FILE))? {
        let why = format!(
            "{} has only {HF_SENTENCEPIECE_FILE} (a sentencepiece model), which siglip cannot \
             read; convert it to {HF_TOKENIZER_FILE} (in Python: `transformers.AutoTokenizer.\
             from_pretrained(DIR).backend_tokenizer.save(\"DIR/{HF_TOKENIZER_FILE}\")`) or pass \
             --tokenizer",
            dir.display()
        );
        (None, why)
    } else {
        let why = format!(
            "{} has no {HF_TOKENIZER_FILE}; pass --tokenizer",
            dir.display()
        );
        (None, why)
    };
    let text = TextSettings {
        max_len: config.text.max_len,
        lowercase,
        padding,
    };
    Ok(LoadedModel {
        origin: format!("Hugging Face model {}", dir.display()),
        preprocess: eval_preprocess(None, config.image.image_size, config.image.naflex_input()),
        config,
        params,
        tokenizer,
        text,
        no_tokenizer,
    })
}

/// A model with the settings of its run config; a relative tokenizer path is looked up from the
/// current directory, then from `anchor` and its ancestors.
fn assemble(
    origin: String,
    config: TwoTowerConfig,
    params: ParamTree,
    settings: &RunSettings,
    anchor: &Path,
) -> LoadedModel {
    let (tokenizer, no_tokenizer) = match &settings.tokenizer {
        None => (
            None,
            "its config names no data.tokenizer; pass --tokenizer".to_string(),
        ),
        Some(configured) => match find_relative(configured, anchor) {
            Ok(found) => (Some(found), String::new()),
            Err(tried) => (
                None,
                format!(
                    "data.tokenizer {} is not a file (looked at {}); pass --tokenizer",
                    configured.display(),
                    tried.join(", ")
                ),
            ),
        },
    };
    LoadedModel {
        origin,
        preprocess: eval_preprocess(
            settings.preprocess.as_ref(),
            config.image.image_size,
            config.image.naflex_input(),
        ),
        text: TextSettings {
            max_len: config.text.max_len,
            lowercase: settings.lowercase,
            padding: settings.padding.clone(),
        },
        config,
        params,
        tokenizer,
        no_tokenizer,
    }
}

/// `path` itself (relative to the current directory), else `path` under `anchor` or one of its
/// ancestors; on failure, the places tried.
fn find_relative(path: &Path, anchor: &Path) -> Result<PathBuf, Vec<String>> {
    if storage::is_remote(path) {
        return match storage::is_file(path) {
            Ok(true) => Ok(path.to_path_buf()),
            Ok(false) => Err(vec![path.display().to_string()]),
            Err(e) => Err(vec![e.to_string()]),
        };
    }
    if path.is_file() {
        return Ok(path.to_path_buf());
    }
    let mut tried = vec![path.display().to_string()];
    if path.is_relative() {
        let anchor = anchor
            .canonicalize()
            .unwrap_or_else(|_| anchor.to_path_buf());
        for dir in anchor.ancestors() {
            let candidate = dir.join(path);
            if candidate.is_file() {
                return Ok(candidate);
            }
            tried.push(candidate.display().to_string());
        }
    }
    Err(tried)
}

/// Dotted keys whose values differ between two model configs.
fn config_differences(a: &TwoTowerConfig, b: &TwoTowerConfig) -> Vec<String> {
    fn walk(prefix: &str, a: &serde_json::Value, b: &serde_json::Value, out: &mut Vec<String>) {
        use serde_json::Value::Object;
        match (a, b) {
            (Object(x), Object(y)) => {
                let keys: std::collections::BTreeSet<&String> = x.keys().chain(y.keys()).collect();
                let null = serde_json::Value::Null;
                for key in keys {
                    let name = format!("{prefix}.{key}");
                    walk(
                        &name,
                        x.get(key).unwrap_or(&null),
                        y.get(key).unwrap_or(&null),
                        out,
                    );
                }
            }
            _ if a != b => out.push(format!("{prefix}: {a} vs {b}")),
            _ => {}
        }
    }
    let json = |c: &TwoTowerConfig| serde_json::to_value(c).expect("a model config serializes");
    let mut out = Vec::new();
    walk("model", &json(a), &json(b), &mut out);
    out
}
