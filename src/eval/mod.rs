//! Evaluation: zero-shot classification and image↔text retrieval. `metrics` scores embeddings
//! on the host; `embed` runs the towers, `towers` shares them among evaluators; `examples` reads
//! an evaluation set; `retrieval` and `zero_shot` are the evaluators; [`from_config`] builds a
//! run config's `evals`, for `siglip train` and `siglip eval` alike; `rank` scores labels for
//! single images (`siglip zero-shot`).

pub mod embed;
pub mod examples;
pub mod metrics;
pub mod rank;
pub mod retrieval;
pub mod towers;
pub mod zero_shot;

use std::collections::BTreeMap;

use anyhow::{ensure, Context, Result};

use crate::config::{EvalConfig, EvalKind, RunConfig};
use crate::data::{FeatureKeys, Preprocess, TextConfig, TextEncoder};
use crate::model::ParamTree;
use crate::pjrt::Client;
use crate::source::eval_preprocess;
use examples::EvalSet;
use retrieval::RetrievalEval;
use towers::{SharedTowers, Towers};
use zero_shot::{read_classes, ZeroShotEval};

/// One configured evaluation.
pub struct NamedEval {
    pub name: String,
    /// Steps between evaluations during training.
    pub every: u64,
    pub eval: Eval,
}

pub enum Eval {
    Retrieval(RetrievalEval),
    ZeroShot(ZeroShotEval),
}

impl NamedEval {
    /// Its metrics on `params` (keys without the `eval/<name>/` prefix; each chance level under
    /// `<metric>_chance`).
    pub fn evaluate(&mut self, params: &ParamTree) -> Result<BTreeMap<String, f64>> {
        match &mut self.eval {
            Eval::Retrieval(e) => e.evaluate(params),
            Eval::ZeroShot(e) => e.evaluate(params),
        }
        .with_context(|| format!("eval `{}`", self.name))
    }
}

/// The evaluations of `config.evals`, their data read now; the towers compile at the first
/// evaluation, once for all of them. Every file they name is checked before any is read.
pub fn from_config(
    client: &Client,
    config: &RunConfig,
    text: &TextConfig,
) -> Result<Vec<NamedEval>> {
    for (i, e) in config.evals.iter().enumerate() {
        let files = [
            Some(("data", &e.data)),
            e.classes.as_ref().map(|c| ("classes", c)),
        ];
        for (field, path) in files.into_iter().flatten() {
            ensure!(
                path.exists(),
                "evals[{i}].{field}: {} does not exist",
                path.display()
            );
        }
    }
    if config.evals.is_empty() {
        return Ok(Vec::new());
    }
    let encoder = TextEncoder::new(text).context("the evals' tokenizer (data.tokenizer)")?;
    let towers = Towers::shared(client, &config.model);
    // The training ops without their random augmentation: every evaluation sees the same pixels.
    let preprocess = eval_preprocess(Some(&config.preprocess()), config.model.image.image_size);
    let mut out = Vec::new();
    for (i, e) in config.evals.iter().enumerate() {
        let eval = match e.kind {
            EvalKind::Retrieval => retrieval(e, towers.clone(), &preprocess, &encoder),
            EvalKind::ZeroShot => zero_shot(e, towers.clone(), &preprocess, &encoder),
        }
        .with_context(|| format!("evals[{i}] (`{}`, {})", e.name, e.data.display()))?;
        out.push(NamedEval {
            name: e.name.clone(),
            every: e.every,
            eval,
        });
    }
    Ok(out)
}

fn retrieval(
    e: &EvalConfig,
    towers: SharedTowers,
    preprocess: &Preprocess,
    encoder: &TextEncoder,
) -> Result<Eval> {
    let set = EvalSet::read(&e.data, &FeatureKeys::default(), preprocess)?;
    let eval = RetrievalEval::new(towers, e.batch_size, set, encoder)?;
    let (images, texts) = eval.size();
    tracing::info!(
        "eval {}: {images} images, {texts} distinct captions",
        e.name
    );
    Ok(Eval::Retrieval(eval))
}

fn zero_shot(
    e: &EvalConfig,
    towers: SharedTowers,
    preprocess: &Preprocess,
    encoder: &TextEncoder,
) -> Result<Eval> {
    let classes_file = e.classes.as_ref().context("no `classes` file")?;
    let classes = read_classes(classes_file)?;
    let keys = FeatureKeys {
        label: Some(e.label_key()),
        ..FeatureKeys::default()
    };
    let set = EvalSet::read(&e.data, &keys, preprocess)?;
    let eval = ZeroShotEval::new(towers, e.batch_size, set, &classes, &e.templates(), encoder)
        .with_context(|| format!("classes from {}", classes_file.display()))?;
    let (images, classes) = eval.size();
    tracing::info!(
        "eval {}: {images} images, {classes} classes × {} templates",
        e.name,
        e.templates().len()
    );
    Ok(Eval::ZeroShot(eval))
}
