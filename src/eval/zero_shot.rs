//! The `zero_shot` evaluator: each image of a labelled shard folder classified among the class
//! names of a text file (line i names label i) by cosine similarity to the class embeddings, the
//! mean of the class's prompt embeddings over the templates, re-normalised (CLIP, big_vision).
//! Reports top-1 and top-5 accuracy and their chance levels (`top1_chance` = 1 / classes).

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{bail, ensure, Context, Result};

use super::examples::EvalSet;
use super::metrics::{chance_recall, class_embeddings, prompts, zero_shot_accuracy};
use super::towers::SharedTowers;
use super::{error, EvalConfig, EvalConfigError};
use crate::data::{FeatureKeys, Preprocess, TextEncoder};
use crate::metrics::chance_key;
use crate::model::ParamTree;
use crate::tensor::HostTensor;

const KS: [usize; 2] = [1, 5];

/// The optional keys of an `evals` entry that a `zero_shot` one takes.
pub const OPTIONS: [&str; 3] = ["classes", "templates", "label_key"];
/// The class name alone (big_vision's `class_name_only`) and CLIP's plain photo prompt.
pub const DEFAULT_TEMPLATES: [&str; 2] = ["{}", "a photo of a {}."];
pub const DEFAULT_LABEL_KEY: &str = "label";

impl EvalConfig {
    /// The prompt templates of a `zero_shot` eval.
    pub fn templates(&self) -> Vec<String> {
        self.templates
            .clone()
            .unwrap_or_else(|| DEFAULT_TEMPLATES.map(String::from).to_vec())
    }

    /// The label feature of a `zero_shot` eval.
    pub fn label_key(&self) -> String {
        self.label_key
            .clone()
            .unwrap_or_else(|| DEFAULT_LABEL_KEY.into())
    }
}

/// Writes out the defaults of `e`'s options.
pub(super) fn resolve(e: &mut EvalConfig) {
    e.templates = Some(e.templates());
    e.label_key = Some(e.label_key());
}

/// A `zero_shot` entry needs its classes, and templates that each place the class name.
pub(super) fn validate(e: &EvalConfig) -> Result<(), EvalConfigError> {
    if e.classes.is_none() {
        return error(
            "classes",
            "a `zero_shot` eval needs a text file of class names, one per line",
        );
    }
    let templates = e.templates();
    if templates.is_empty() {
        return error("templates", "must list at least one template");
    }
    if let Some(t) = templates.iter().position(|t| !t.contains("{}")) {
        return error(
            format!("templates[{t}]"),
            format!("`{}` has no `{{}}` for the class name", templates[t]),
        );
    }
    if e.label_key().is_empty() {
        return error("label_key", "must not be empty");
    }
    Ok(())
}

/// The evaluator of `e`, its classes and labelled examples read now.
pub(super) fn build(
    e: &EvalConfig,
    towers: SharedTowers,
    preprocess: &Preprocess,
    encoder: &TextEncoder,
) -> Result<ZeroShotEval> {
    let classes_file = e.classes.as_ref().context("no `classes` file")?;
    let classes = read_classes(classes_file)?;
    let keys = FeatureKeys {
        label: Some(e.label_key()),
        ..FeatureKeys::default()
    };
    let set = EvalSet::read(&e.data, &keys, preprocess)?;
    let templates = e.templates();
    let eval = ZeroShotEval::new(towers, e.batch_size, set, &classes, &templates, encoder)
        .with_context(|| format!("classes from {}", classes_file.display()))?;
    let (images, classes) = eval.size();
    tracing::info!(
        "eval {}: {images} images, {classes} classes × {} templates",
        e.name,
        templates.len()
    );
    Ok(eval)
}

pub struct ZeroShotEval {
    towers: SharedTowers,
    batch: usize,
    images: HostTensor,
    labels: Vec<usize>,
    /// Tokens of every prompt, class-major: `[classes · templates, L]`.
    prompts: HostTensor,
    templates: usize,
    classes: usize,
}

/// The class names of `file`: one per line (a trailing newline is fine, an empty line is not,
/// since it would shift every later label).
pub fn read_classes(file: &Path) -> Result<Vec<String>> {
    let text = crate::storage::read_to_string(file)
        .with_context(|| format!("reading {}", file.display()))?;
    let classes: Vec<String> = text.lines().map(|l| l.trim().to_string()).collect();
    if let Some(line) = classes.iter().position(String::is_empty) {
        bail!(
            "{} line {}: empty class name (line i names label i - 1)",
            file.display(),
            line + 1
        );
    }
    ensure!(!classes.is_empty(), "{} names no class", file.display());
    Ok(classes)
}

impl ZeroShotEval {
    /// Scores `set` (every example labelled) against `classes` prompted with `templates`.
    pub fn new(
        towers: SharedTowers,
        batch: usize,
        set: EvalSet,
        classes: &[String],
        templates: &[String],
        encoder: &TextEncoder,
    ) -> Result<ZeroShotEval> {
        let labels = set
            .labels
            .iter()
            .enumerate()
            .map(|(i, label)| match label {
                Some(l) if (0..classes.len() as i64).contains(l) => Ok(*l as usize),
                Some(l) => bail!(
                    "example {i} has label {l}, but there are {} classes (labels 0 to {})",
                    classes.len(),
                    classes.len() - 1
                ),
                None => bail!("example {i} has no label"),
            })
            .collect::<Result<Vec<_>>>()?;
        let mut tokens = Vec::new();
        for prompt in prompts(classes, templates) {
            tokens.extend(encoder.encode(&prompt)?);
        }
        let rows = (classes.len() * templates.len()) as i64;
        Ok(ZeroShotEval {
            towers,
            batch,
            images: set.images,
            labels,
            prompts: HostTensor::from_slice(&[rows, encoder.max_len() as i64], &tokens)?,
            templates: templates.len(),
            classes: classes.len(),
        })
    }

    /// Number of images and of classes.
    pub fn size(&self) -> (usize, usize) {
        (self.labels.len(), self.classes)
    }

    /// `top1`, `top5`, `top1_chance`, `top5_chance`.
    pub fn evaluate(&mut self, params: &ParamTree) -> Result<BTreeMap<String, f64>> {
        let (images, prompts) =
            self.towers
                .borrow_mut()
                .embed(params, self.batch, &self.images, &self.prompts)?;
        let classes = class_embeddings(&prompts, self.templates)?;
        let accuracy = zero_shot_accuracy(&images, &classes, &self.labels, &KS)?;
        let one_right = vec![1; self.labels.len()];
        let mut out = BTreeMap::new();
        for (k, value) in KS.iter().zip(accuracy) {
            out.insert(format!("top{k}"), value);
            out.insert(
                chance_key(&format!("top{k}")),
                chance_recall(&one_right, self.classes, *k),
            );
        }
        Ok(out)
    }
}
