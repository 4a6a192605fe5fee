//! The run config: one YAML file describing a training run (model, loss, optimizer with its
//! per-parameter rules, schedule, data, evals, checkpoints, runtime, SigLiT). Each key is one
//! field of the serde structs below or of the model's and optimizer's own, its default beside
//! it (a default the data pipeline shares is the pipeline's constant); [`RunConfig::load`] reads a file, applies `--set` overrides and reports bad keys
//! with their file position (see `load`), and [`RunConfig::validate`] rejects values no run can
//! use, naming the key.

mod load;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

pub use load::{ConfigError, Origin};

use crate::data::image_ops::{eval_preprocess, Preprocess};
use crate::data::pipeline::DEFAULT_SHUFFLE_BUFFER;
use crate::data::{ShardEntries, TextPadding};
use crate::eval::EvalConfig;
use crate::loss::LossKind;
use crate::model::two_towers::TwoTowerConfig;
use crate::model::ParamSpec;
use crate::optim::{OptimError, Optimizer, OptimizerConfig, ParamRules};
use crate::schedule::ScheduleConfig;

/// A whole run. `model`, `optimizer`, `train` and `data` are required; the rest have defaults.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RunConfig {
    pub model: TwoTowerConfig,
    #[serde(default = "default_loss")]
    pub loss: LossKind,
    pub optimizer: OptimizerConfig,
    #[serde(default)]
    pub schedule: ScheduleConfig,
    pub train: TrainConfig,
    pub data: InputConfig,
    #[serde(default)]
    pub evals: Vec<EvalConfig>,
    #[serde(default)]
    pub checkpoint: CheckpointConfig,
    #[serde(default)]
    pub runtime: RuntimeConfig,
    /// Present for SigLiT: a pretrained, frozen image tower.
    #[serde(default)]
    pub siglit: Option<SiglitConfig>,
    /// Present to fine-tune: the trainable parameters at step 0 come from a pretrained model.
    #[serde(default)]
    pub init: Option<InitConfig>,
}

/// The sigmoid loss over the global batch; on one device it is the plain sigmoid loss.
fn default_loss() -> LossKind {
    LossKind::SigmoidRing
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TrainConfig {
    /// Optimizer steps of the whole run.
    pub steps: u64,
    /// Global batch: image-text pairs per step over all devices.
    pub batch_size: usize,
    /// Log (and write `metrics.jsonl`) every this many steps.
    #[serde(default = "default_log_every")]
    pub log_every: u64,
}

fn default_log_every() -> u64 {
    50
}

/// `data`: the training input (the pipeline's own settings, [`crate::data::DataConfig`], are
/// derived from it with the rest of the run's components).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InputConfig {
    pub train: TrainData,
    /// Image preprocessing ops; the output size must be the model's `image_size`. Default:
    /// `decode | resize(image_size) | value_range(-1, 1)`, as SigLIP's training. For a NaFlex
    /// model (`model.image.naflex`) the ops may leave any size (default: `decode` alone): the
    /// image they leave keeps its aspect ratio within the patch budget.
    #[serde(default)]
    pub preprocess: Option<Preprocess>,
    /// A Hugging Face `tokenizer.json` whose vocabulary is the text tower's `vocab_size`
    /// (required; `siglip tokenizer train` makes one from captions).
    #[serde(default)]
    pub tokenizer: Option<PathBuf>,
    /// Lowercase captions before tokenizing.
    #[serde(default)]
    pub lowercase: bool,
    /// How a caption's tokens fill the text tower's `max_len`: SigLIP's sticky EOS (default) or
    /// SigLIP 2's padding (a Gemma tokenizer, as transformers' `Siglip2Tokenizer`).
    #[serde(default)]
    pub text_padding: TextPadding,
    /// Decode threads; 0 means one per available core.
    #[serde(default)]
    pub workers: usize,
    /// Examples in the shuffle buffer (0 or 1: file order, no shuffling).
    #[serde(default = "default_shuffle_buffer")]
    pub shuffle_buffer: usize,
}

fn default_shuffle_buffer() -> usize {
    DEFAULT_SHUFFLE_BUFFER
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TrainData {
    /// TFRecord shards: a folder (all its non-hidden files), a glob or one file, or a list of
    /// them; local or `gs://` / `s3://` ([`ShardEntries`]).
    pub shards: ShardEntries,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CheckpointConfig {
    /// Save every this many steps (and at the end of the run).
    #[serde(default = "default_checkpoint_every")]
    pub every: u64,
    /// Keep the newest this many checkpoints.
    #[serde(default = "default_keep")]
    pub keep: usize,
    /// Where checkpoints go; default: the run directory.
    #[serde(default)]
    pub dir: Option<PathBuf>,
}

fn default_checkpoint_every() -> u64 {
    1000
}
fn default_keep() -> usize {
    3
}

impl Default for CheckpointConfig {
    fn default() -> Self {
        CheckpointConfig {
            every: default_checkpoint_every(),
            keep: default_keep(),
            dir: None,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuntimeConfig {
    /// PJRT plugin: a path to the .so, or `cpu`, `cuda`, `tpu`; default: `$SIGLIP_PJRT_PLUGIN`,
    /// else `cpu`.
    #[serde(default)]
    pub plugin: Option<String>,
    /// Data-parallel devices (replicas) of all processes together; the global batch splits
    /// evenly over them (`crate::layout`).
    #[serde(default = "default_devices")]
    pub devices: usize,
    #[serde(default)]
    pub dtype: ComputeDType,
    /// Recompute each encoder block in the backward pass instead of keeping its activations.
    #[serde(default)]
    pub remat: bool,
    /// Seeds parameter initialisation and the data order.
    #[serde(default)]
    pub seed: u64,
}

fn default_devices() -> usize {
    1
}

impl Default for RuntimeConfig {
    fn default() -> Self {
        RuntimeConfig {
            plugin: None,
            devices: default_devices(),
            dtype: ComputeDType::default(),
            remat: false,
            seed: 0,
        }
    }
}

/// Precision of the matmuls; parameters and optimizer state stay f32.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ComputeDType {
    #[default]
    F32,
    Bfloat16,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SiglitConfig {
    /// Pretrained image tower: Hugging Face safetensors, a big_vision `.npz` or our checkpoint.
    pub image_tower: PathBuf,
    /// Folder of embedding sets (each in `<key>/`), or one set (a folder with a
    /// `manifest.json`): where the frozen tower's embeddings of the training images are read
    /// from, made on first use. `None`: `RUN_DIR/embeddings`.
    #[serde(default)]
    pub embeddings: Option<PathBuf>,
    /// Run the frozen tower inside every step on decoded images instead of reading embeddings
    /// (what random preprocessing needs anyway).
    #[serde(default)]
    pub tower_in_step: bool,
    /// Removed: always refused, saying what replaced it.
    #[serde(
        default,
        skip_serializing,
        deserialize_with = "removed_cache_embeddings"
    )]
    pub cache_embeddings: (),
}

/// `init`: a pretrained model (`SRC`, anything `siglit.image_tower` takes) whose parameters
/// replace the random initialisation of the towers named in `towers` (both by default; `t` and
/// `b` too when both). Written `init: SRC` or `init: {from: SRC, towers: [image]}`. Applied to a
/// new run only: `--resume` continues from the checkpoint.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct InitConfig {
    pub from: PathBuf,
    pub towers: Vec<Tower>,
}

/// One of the two towers, as `init.towers` names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Tower {
    Image,
    Text,
}

impl Tower {
    pub const BOTH: [Tower; 2] = [Tower::Image, Tower::Text];

    /// The scope of its parameters (`img`, `txt`).
    pub fn scope(self) -> &'static str {
        match self {
            Tower::Image => crate::model::two_towers::IMAGE,
            Tower::Text => crate::model::two_towers::TEXT,
        }
    }

    /// The config key of its architecture.
    pub fn model_key(self) -> &'static str {
        match self {
            Tower::Image => "model.image",
            Tower::Text => "model.text",
        }
    }
}

impl<'de> Deserialize<'de> for InitConfig {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Written {
            from: PathBuf,
            #[serde(default = "both_towers")]
            towers: Vec<Tower>,
        }
        fn both_towers() -> Vec<Tower> {
            Tower::BOTH.to_vec()
        }
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = InitConfig;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a model to start from: `SRC` or `{from: SRC, towers: [image, text]}`")
            }
            fn visit_str<E: serde::de::Error>(self, from: &str) -> Result<InitConfig, E> {
                Ok(InitConfig {
                    from: PathBuf::from(from),
                    towers: both_towers(),
                })
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                map: A,
            ) -> Result<InitConfig, A::Error> {
                let written =
                    Written::deserialize(serde::de::value::MapAccessDeserializer::new(map))?;
                Ok(InitConfig {
                    from: written.from,
                    towers: written.towers,
                })
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

fn removed_cache_embeddings<'de, D: serde::Deserializer<'de>>(_: D) -> Result<(), D::Error> {
    Err(serde::de::Error::custom(
        "removed: SigLiT now always trains on embedding shards, made on first use under \
         `siglit.embeddings` (default RUN_DIR/embeddings); `siglit.tower_in_step: true` runs the \
         frozen tower in every step instead (as `cache_embeddings: false` did)",
    ))
}

/// A value no run can use: the dotted key (`train.steps`, `evals[1].every`) and why.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("`{key}`: {message}")]
pub struct Invalid {
    pub key: String,
    pub message: String,
}

fn invalid<T>(key: impl Into<String>, message: impl Into<String>) -> Result<T, Invalid> {
    Err(Invalid {
        key: key.into(),
        message: message.into(),
    })
}

impl RunConfig {
    /// Reads `file`, applies `sets` (`a.b.c=VALUE`, VALUE as YAML) in order, fills defaults and
    /// validates.
    pub fn load(file: &Path, sets: &[String]) -> Result<RunConfig, ConfigError> {
        let text = crate::storage::read_to_string(file).map_err(|source| ConfigError::Read {
            file: file.to_path_buf(),
            source,
        })?;
        RunConfig::from_yaml(&text, file, sets)
    }

    /// As [`RunConfig::load`], from the text of `file`.
    pub fn from_yaml(text: &str, file: &Path, sets: &[String]) -> Result<RunConfig, ConfigError> {
        load::load(text, file, sets)
    }

    /// The resolved config (every default written out); it loads back to the same config.
    pub fn to_yaml(&self) -> String {
        serde_yaml::to_string(self).expect("a run config serializes to YAML")
    }

    /// The image preprocessing of the run: the configured ops, or the default for the model;
    /// for a NaFlex model, packed for its image tower (`model.image.naflex`).
    pub fn preprocess(&self) -> Preprocess {
        let image = &self.model.image;
        let naflex = image.naflex_input();
        let ops = self.data.preprocess.clone();
        match (ops, naflex) {
            (Some(ops), Some(input)) => ops.with_naflex(input),
            (Some(ops), None) => ops,
            (None, naflex) => eval_preprocess(None, image.image_size, naflex),
        }
    }

    /// Writes out the defaults that depend on other keys (the preprocessing's image size).
    fn resolve(&mut self) {
        self.data.preprocess = Some(self.preprocess());
        self.evals.iter_mut().for_each(EvalConfig::resolve);
    }

    /// Rejects values no run can use, naming the first offending key. The optimizer is resolved
    /// against the model's parameter paths, so a rule that matches no parameter, or one that
    /// freezes them all, fails here rather than when the step is compiled.
    pub fn validate(&self) -> Result<(), Invalid> {
        match self.model.param_specs() {
            Ok(params) => self.validate_with(&params),
            Err(e) => invalid("model", e.to_string()),
        }
    }

    /// [`RunConfig::validate`] with the model's parameters already declared (`params`: what
    /// `self.model.param_specs()` returns), so a caller that needs them too traces the model
    /// once.
    pub fn validate_with(&self, params: &[ParamSpec]) -> Result<(), Invalid> {
        let paths = params.iter().map(|p| p.path.as_str());
        if let Err(e) = Optimizer::new(&self.optimizer, paths) {
            return invalid(optimizer_key(&self.optimizer, &e), e.to_string());
        }
        let train = &self.train;
        if train.steps == 0 {
            return invalid("train.steps", "must be at least 1");
        }
        if train.batch_size == 0 {
            return invalid("train.batch_size", "must be at least 1");
        }
        if train.log_every == 0 {
            return invalid("train.log_every", "must be at least 1");
        }
        let devices = self.runtime.devices;
        if devices == 0 {
            return invalid("runtime.devices", "must be at least 1");
        }
        if !train.batch_size.is_multiple_of(devices) {
            return invalid(
                "train.batch_size",
                format!(
                    "{} does not split evenly over {devices} devices (`runtime.devices`)",
                    train.batch_size
                ),
            );
        }
        if let Err(e) = self.schedule.validate(train.steps) {
            return invalid(format!("schedule.{}", e.key), e.message);
        }
        self.validate_data()?;
        let mut names = BTreeSet::new();
        for (i, eval) in self.evals.iter().enumerate() {
            if let Err(e) = eval.validate() {
                return invalid(format!("evals[{i}].{}", e.key), e.message);
            }
            if !names.insert(&eval.name) {
                return invalid(
                    format!("evals[{i}].name"),
                    format!("`{}` names two evals", eval.name),
                );
            }
        }
        self.validate_init()?;
        if self.checkpoint.every == 0 {
            return invalid("checkpoint.every", "must be at least 1");
        }
        if self.checkpoint.keep == 0 {
            return invalid(
                "checkpoint.keep",
                "must be at least 1 (the latest checkpoint is what `--resume` uses)",
            );
        }
        Ok(())
    }

    fn validate_init(&self) -> Result<(), Invalid> {
        let Some(init) = &self.init else {
            return Ok(());
        };
        if init.towers.is_empty() {
            return invalid("init.towers", "names no tower: list image, text or both");
        }
        let distinct: BTreeSet<Tower> = init.towers.iter().copied().collect();
        if distinct.len() != init.towers.len() {
            return invalid("init.towers", "names a tower twice");
        }
        if let Some(siglit) = &self.siglit {
            if distinct.contains(&Tower::Image) {
                return invalid(
                    "init.towers",
                    format!(
                        "loads the image tower, but SigLiT loads it (frozen) from \
                         siglit.image_tower ({}): one tower cannot start from two sources; set \
                         init.towers to [text], or drop siglit to fine-tune the image tower",
                        siglit.image_tower.display()
                    ),
                );
            }
        }
        Ok(())
    }

    fn validate_data(&self) -> Result<(), Invalid> {
        let data = &self.data;
        if let Some((key, message)) = data.train.shards.invalid("data.train.shards") {
            return invalid(key, message);
        }
        let preprocess = self.preprocess();
        if let Err(e) = preprocess.example_shape() {
            return invalid("data.preprocess", e.to_string());
        }
        let size = self.model.image.image_size as u32;
        match preprocess.output_size() {
            // A NaFlex model takes images of any size.
            _ if preprocess.naflex().is_some() => {}
            Some((h, w)) if (h, w) != (size, size) => {
                return invalid(
                    "data.preprocess",
                    format!("produces {h}x{w} images, the model takes {size}x{size} (`model.image.image_size`)"),
                );
            }
            _ => {}
        }
        if data.tokenizer.is_none() {
            return invalid(
                "data.tokenizer",
                "is required: a tokenizer.json (`siglip tokenizer train` makes one from captions)",
            );
        }
        if data.lowercase && matches!(data.text_padding, TextPadding::Siglip2 { .. }) {
            return invalid(
                "data.lowercase",
                "must be false with data.text_padding siglip2: a SigLIP 2 tokenizer.json \
                 lowercases in its own normalizer (and its exported tokenizer_config.json has no \
                 do_lower_case)",
            );
        }
        Ok(())
    }
}

/// The lists of `optimizer.params`, in the order the optimizer compiles them.
const RULE_LISTS: [&str; 3] = ["frozen", "lr_mults", "wd_mults"];

/// The entries of the `optimizer.params` list `what`: each pattern with its multiplier
/// (`frozen` has none).
fn rule_entries<'a>(rules: &'a ParamRules, what: &str) -> Vec<(&'a str, Option<f64>)> {
    let with_multipliers =
        |list: &'a [(String, f64)]| list.iter().map(|(p, m)| (p.as_str(), Some(*m))).collect();
    match what {
        "frozen" => rules.frozen.iter().map(|p| (p.as_str(), None)).collect(),
        "lr_mults" => with_multipliers(&rules.lr_mults),
        "wd_mults" => with_multipliers(&rules.wd_mults),
        _ => Vec::new(),
    }
}

/// The key under `optimizer` that an error of [`Optimizer::new`] is about. A rule is named by
/// its list and index (`optimizer.params.lr_mults[1]`), found from the pattern the error quotes.
fn optimizer_key(opt: &OptimizerConfig, e: &OptimError) -> String {
    let rule_key = |what: &str, index: Option<usize>| match index {
        Some(i) => format!("optimizer.params.{what}[{i}]"),
        None => format!("optimizer.params.{what}"),
    };
    let entries = |what: &str| rule_entries(&opt.params, what);
    match e {
        // The first list holding the pattern is the one that failed to compile.
        OptimError::Pattern { pattern, .. } => RULE_LISTS
            .iter()
            .find_map(|what| {
                let i = entries(what).iter().position(|(p, _)| p == pattern)?;
                Some(rule_key(what, Some(i)))
            })
            .unwrap_or_else(|| "optimizer.params".into()),
        // Of equal patterns, the last is unused whenever any is (the first match wins).
        OptimError::UnusedPattern { what, pattern } => {
            rule_key(what, entries(what).iter().rposition(|(p, _)| p == pattern))
        }
        OptimError::Multiplier {
            what,
            pattern,
            value,
        } => rule_key(
            what,
            entries(what)
                .iter()
                .position(|(p, m)| p == pattern && m.map(f64::to_bits) == Some(value.to_bits())),
        ),
        OptimError::Value { what, .. } => format!("optimizer.{what}"),
        OptimError::NoDecayConvention(_) => "optimizer.decay".into(),
        OptimError::AllFrozen => "optimizer.params.frozen".into(),
        OptimError::Missing { .. } => "optimizer".into(),
    }
}
