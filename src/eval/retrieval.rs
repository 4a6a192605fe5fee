//! The `retrieval` evaluator: image↔caption recall@1/5/10 both ways on a held-out shard folder,
//! with every caption of every example. Captions are compared as token sequences: equal captions
//! are one text, right for every image that has it (a small vocabulary of captions, as in
//! `siglip data synth`, is scored fairly), and each recall comes with its value under a random
//! ranking (`<metric>_chance`).

use std::collections::BTreeMap;

use anyhow::Result;

use super::examples::EvalSet;
use super::metrics::{chance_recall, retrieval};
use super::towers::{SharedTowers, Towers};
use super::{EvalConfig, DEFAULT_BATCH_SIZE};
use crate::data::{FeatureKeys, Preprocess, ShardEntries, TextEncoder, TextEncoderConfig};
use crate::metrics::chance_key;
use crate::model::{ParamTree, TwoTowerConfig};
use crate::pjrt::Client;
use crate::tensor::HostTensor;

const KS: [usize; 3] = [1, 5, 10];

/// The evaluator of `e`, its examples read now.
pub(super) fn build(
    e: &EvalConfig,
    towers: SharedTowers,
    preprocess: &Preprocess,
    encoder: &TextEncoder,
) -> Result<RetrievalEval> {
    let set = EvalSet::read(&e.data, &FeatureKeys::default(), preprocess)?;
    let eval = RetrievalEval::new(towers, e.batch_size, set, encoder)?;
    let (images, texts) = eval.size();
    tracing::info!(
        "eval {}: {images} images, {texts} distinct captions",
        e.name
    );
    Ok(eval)
}

pub struct RetrievalEval {
    towers: SharedTowers,
    batch: usize,
    images: HostTensor,
    /// Distinct captions, `[texts, L]`.
    texts: HostTensor,
    /// The distinct captions of each image.
    captions: Vec<Vec<usize>>,
    /// Recall of a random ranking for each metric, under `<metric>_chance`.
    chance: BTreeMap<String, f64>,
}

impl RetrievalEval {
    /// Reads every example of `data` (shards or a folder) and compiles towers of its own.
    pub fn load(
        client: &Client,
        model: &TwoTowerConfig,
        data: &ShardEntries,
        preprocess: Preprocess,
        text: TextEncoderConfig,
    ) -> Result<RetrievalEval> {
        let set = EvalSet::read(data, &FeatureKeys::default(), &preprocess)?;
        let towers = Towers::shared(client, model);
        RetrievalEval::new(towers, DEFAULT_BATCH_SIZE, set, &TextEncoder::new(&text)?)
    }

    /// Scores `set` with `towers`, `batch` examples per forward pass.
    pub fn new(
        towers: SharedTowers,
        batch: usize,
        set: EvalSet,
        encoder: &TextEncoder,
    ) -> Result<RetrievalEval> {
        let mut distinct: BTreeMap<Vec<i32>, usize> = BTreeMap::new();
        let mut rows: Vec<Vec<i32>> = Vec::new();
        let mut captions = Vec::with_capacity(set.len());
        for texts in &set.captions {
            let mut own = Vec::new();
            for caption in texts {
                let tokens = encoder.encode(caption)?;
                let id = *distinct.entry(tokens.clone()).or_insert_with(|| {
                    rows.push(tokens);
                    rows.len() - 1
                });
                if !own.contains(&id) {
                    own.push(id);
                }
            }
            captions.push(own);
        }
        let mut images_per_text = vec![0; rows.len()];
        captions
            .iter()
            .flatten()
            .for_each(|&c| images_per_text[c] += 1);
        let captions_per_image: Vec<usize> = captions.iter().map(Vec::len).collect();
        let mut chance = BTreeMap::new();
        for k in KS {
            let i2t = chance_recall(&captions_per_image, rows.len(), k);
            let t2i = chance_recall(&images_per_text, set.len(), k);
            chance.insert(chance_key(&format!("i2t_r{k}")), i2t);
            chance.insert(chance_key(&format!("t2i_r{k}")), t2i);
        }
        let texts = HostTensor::from_slice(
            &[rows.len() as i64, encoder.max_len() as i64],
            &rows.concat(),
        )?;
        Ok(RetrievalEval {
            towers,
            batch,
            images: set.images,
            texts,
            captions,
            chance,
        })
    }

    /// Number of images and of distinct captions.
    pub fn size(&self) -> (usize, usize) {
        (self.captions.len(), self.texts.shape[0] as usize)
    }

    /// `i2t_r1`, `i2t_r5`, `i2t_r10`, `t2i_r1`, ... and each one's `_chance`.
    pub fn evaluate(&mut self, params: &ParamTree) -> Result<BTreeMap<String, f64>> {
        let (images, texts) =
            self.towers
                .borrow_mut()
                .embed(params, self.batch, &self.images, &self.texts)?;
        let recall = retrieval(&images, &texts, &self.captions, &KS)?;
        let mut out = self.chance.clone();
        for (i, k) in KS.iter().enumerate() {
            out.insert(format!("i2t_r{k}"), recall.image_to_text[i]);
            out.insert(format!("t2i_r{k}"), recall.text_to_image[i]);
        }
        Ok(out)
    }
}
