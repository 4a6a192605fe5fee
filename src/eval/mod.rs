//! Evaluation: zero-shot classification and image↔text retrieval. `metrics` scores embeddings
//! on the host; `embed` runs the towers, `towers` shares them among evaluators; `examples` reads
//! an evaluation set; `rank` scores labels for single images (`siglip zero-shot`).
//!
//! The evaluations a run config lists under `evals` ([`EvalConfig`]) come in kinds, the variants
//! of [`EvalKind`]; each kind's file (`retrieval`, `zero_shot`) holds its options' defaults and
//! checks, how it is built and its evaluator. [`from_config`] builds them, for `siglip train`
//! and `siglip eval` alike.

pub mod embed;
pub mod examples;
pub mod metrics;
pub mod rank;
pub mod retrieval;
pub mod towers;
pub mod zero_shot;

use std::collections::BTreeMap;
use std::path::PathBuf;

use anyhow::{ensure, Context, Result};
use serde::{Deserialize, Serialize};

use crate::data::image_ops::eval_preprocess;
use crate::data::{Preprocess, ShardEntries, TextEncoder};
use crate::metrics::Evaluator;
use crate::model::{ParamTree, TwoTowerConfig};
use crate::pjrt::Client;
use retrieval::RetrievalEval;
use towers::{SharedTowers, Towers};
use zero_shot::ZeroShotEval;

/// Examples per forward pass of a tower unless configured.
pub const DEFAULT_BATCH_SIZE: usize = 64;

/// An evaluation run every `every` steps (and by `siglip eval`): one entry of a run config's
/// `evals`. `kind` picks the evaluator; each optional key belongs to the kinds that take it
/// ([`EvalKind::options`]).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EvalConfig {
    /// Prefix of its metrics (`eval/<name>/<metric>`).
    pub name: String,
    pub kind: EvalKind,
    /// Its data: TFRecord shards, as `data.train.shards` names them ([`ShardEntries`]).
    pub data: ShardEntries,
    pub every: u64,
    /// Examples per forward pass of a tower.
    #[serde(default = "default_batch_size")]
    pub batch_size: usize,
    /// `zero_shot`: a text file with one class name per line; line i names label i.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub classes: Option<PathBuf>,
    /// `zero_shot`: prompt templates, `{}` standing for the class name (default:
    /// [`zero_shot::DEFAULT_TEMPLATES`]). Class names and templates are cleaned as big_vision
    /// does.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub templates: Option<Vec<String>>,
    /// `zero_shot`: the int64 feature holding each example's label (default `label`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label_key: Option<String>,
}

fn default_batch_size() -> usize {
    DEFAULT_BATCH_SIZE
}

/// The kinds of evaluation; each variant's file says what its options mean.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EvalKind {
    /// Image↔text recall@1/5/10 over the examples' captions.
    Retrieval,
    /// Top-1/top-5 accuracy of classifying each image among `classes` by prompt embeddings.
    ZeroShot,
}

/// A value of an `evals` entry that no run can use: its key within the entry, and why.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("`{key}`: {message}")]
pub struct EvalConfigError {
    pub key: String,
    pub message: String,
}

fn error<T>(key: impl Into<String>, message: impl Into<String>) -> Result<T, EvalConfigError> {
    Err(EvalConfigError {
        key: key.into(),
        message: message.into(),
    })
}

impl EvalKind {
    pub const ALL: [EvalKind; 2] = [EvalKind::Retrieval, EvalKind::ZeroShot];

    /// The optional keys of [`EvalConfig`] an entry of this kind takes.
    pub fn options(self) -> &'static [&'static str] {
        match self {
            EvalKind::Retrieval => &[],
            EvalKind::ZeroShot => &zero_shot::OPTIONS,
        }
    }

    /// Writes out the defaults of this kind's options in `e`.
    fn resolve(self, e: &mut EvalConfig) {
        match self {
            EvalKind::Retrieval => {}
            EvalKind::ZeroShot => zero_shot::resolve(e),
        }
    }

    /// This kind's checks of `e`'s options.
    fn validate(self, e: &EvalConfig) -> Result<(), EvalConfigError> {
        match self {
            EvalKind::Retrieval => Ok(()),
            EvalKind::ZeroShot => zero_shot::validate(e),
        }
    }

    /// The evaluator `e` describes, its data read now.
    fn build(
        self,
        e: &EvalConfig,
        towers: SharedTowers,
        preprocess: &Preprocess,
        encoder: &TextEncoder,
    ) -> Result<Eval> {
        Ok(match self {
            EvalKind::Retrieval => {
                Eval::Retrieval(retrieval::build(e, towers, preprocess, encoder)?)
            }
            EvalKind::ZeroShot => Eval::ZeroShot(zero_shot::build(e, towers, preprocess, encoder)?),
        })
    }

    /// Its name in YAML.
    fn yaml_name(self) -> String {
        serde_yaml::to_value(self)
            .ok()
            .and_then(|v| v.as_str().map(String::from))
            .unwrap_or_default()
    }
}

impl EvalConfig {
    /// Every optional key, and whether this entry sets it.
    fn options_set(&self) -> [(&'static str, bool); 3] {
        [
            ("classes", self.classes.is_some()),
            ("templates", self.templates.is_some()),
            ("label_key", self.label_key.is_some()),
        ]
    }

    /// Writes out the defaults of its kind.
    pub fn resolve(&mut self) {
        let kind = self.kind;
        kind.resolve(self);
    }

    /// Rejects values no evaluation can use, naming the key within the entry.
    pub fn validate(&self) -> Result<(), EvalConfigError> {
        if self.name.is_empty() {
            return error("name", "must not be empty");
        }
        if let Some((key, message)) = self.data.invalid("data") {
            return error(key, message);
        }
        if self.every == 0 {
            return error("every", "must be at least 1");
        }
        if self.batch_size == 0 {
            return error("batch_size", "must be at least 1");
        }
        for (key, set) in self.options_set() {
            if set && !self.kind.options().contains(&key) {
                let takers: Vec<String> = EvalKind::ALL
                    .into_iter()
                    .filter(|k| k.options().contains(&key))
                    .map(|k| format!("`{}`", k.yaml_name()))
                    .collect();
                return error(
                    key,
                    format!(
                        "only {} evals take it (this one is `{}`)",
                        takers.join(", "),
                        self.kind.yaml_name()
                    ),
                );
            }
        }
        self.kind.validate(self)
    }
}

/// One configured evaluation.
pub struct NamedEval {
    pub name: String,
    /// Steps between evaluations during training.
    pub every: u64,
    pub eval: Eval,
}

/// A built evaluator, by kind.
pub enum Eval {
    Retrieval(RetrievalEval),
    ZeroShot(ZeroShotEval),
}

impl Evaluator for NamedEval {
    fn name(&self) -> &str {
        &self.name
    }

    fn every(&self) -> u64 {
        self.every
    }

    fn evaluate(&mut self, params: &ParamTree) -> Result<BTreeMap<String, f64>> {
        match &mut self.eval {
            Eval::Retrieval(e) => e.evaluate(params),
            Eval::ZeroShot(e) => e.evaluate(params),
        }
        .with_context(|| format!("eval `{}`", self.name))
    }
}

/// The evaluations `evals` of a run of `model` trained with `training` preprocessing, their
/// data read now and their texts encoded with `encoder` (the run's); the towers compile at the
/// first evaluation, once for all of them. Every file they name is checked before any is read.
pub fn from_config(
    client: &Client,
    evals: &[EvalConfig],
    model: &TwoTowerConfig,
    training: &Preprocess,
    encoder: &TextEncoder,
) -> Result<Vec<NamedEval>> {
    for (i, e) in evals.iter().enumerate() {
        e.data.resolve(&format!("evals[{i}].data"))?;
        if let Some(classes) = &e.classes {
            let exists = crate::storage::is_file(classes).context(format!("evals[{i}].classes"))?;
            ensure!(
                exists,
                "evals[{i}].classes: {} does not exist",
                classes.display()
            );
        }
    }
    if evals.is_empty() {
        return Ok(Vec::new());
    }
    let towers = Towers::shared(client, model);
    // The training ops without their random augmentation: every evaluation sees the same pixels.
    let preprocess = eval_preprocess(
        Some(training),
        model.image.image_size,
        model.image.naflex_input(),
    );
    let mut out = Vec::new();
    for (i, e) in evals.iter().enumerate() {
        let eval = e
            .kind
            .build(e, towers.clone(), &preprocess, encoder)
            .with_context(|| format!("evals[{i}] (`{}`)", e.name))?;
        out.push(NamedEval {
            name: e.name.clone(),
            every: e.every,
            eval,
        });
    }
    Ok(out)
}
