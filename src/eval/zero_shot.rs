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
use crate::data::TextEncoder;
use crate::model::ParamTree;
use crate::tensor::HostTensor;

const KS: [usize; 2] = [1, 5];

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
    let text =
        std::fs::read_to_string(file).with_context(|| format!("reading {}", file.display()))?;
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
                format!("top{k}_chance"),
                chance_recall(&one_right, self.classes, *k),
            );
        }
        Ok(out)
    }
}
