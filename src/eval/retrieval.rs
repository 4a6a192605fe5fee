//! The `retrieval` evaluator: image↔caption recall@1/5 on a held-out shard folder. Captions
//! are compared as token sequences, so images that share a caption (a small vocabulary of
//! captions, as in `siglip data synth`) all count as right for it.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{ensure, Context, Result};

use super::embed::Embedder;
use super::metrics::retrieval_shared_captions;
use crate::data::pipeline::{resolve_files, Sharding};
use crate::data::{DataConfig, FeatureKeys, Pipeline, Preprocess, TextConfig};
use crate::model::{ParamTree, TwoTowerConfig};
use crate::pjrt::Client;
use crate::tensor::HostTensor;

/// Examples per forward pass.
const EMBED_BATCH: usize = 64;
const KS: [usize; 2] = [1, 5];

pub struct RetrievalEval {
    embedder: Option<Embedder>,
    client: Client,
    model: TwoTowerConfig,
    images: HostTensor,
    /// Distinct captions, `[texts, L]`.
    texts: HostTensor,
    caption_of_image: Vec<usize>,
}

impl RetrievalEval {
    /// Reads every example of `data` (shards or a folder) once, in file order.
    pub fn load(
        client: &Client,
        model: &TwoTowerConfig,
        data: &Path,
        preprocess: Preprocess,
        text: TextConfig,
    ) -> Result<RetrievalEval> {
        let files = resolve_files(&[data.to_path_buf()])?;
        ensure!(!files.is_empty(), "no shard files in {}", data.display());
        let config = DataConfig {
            files,
            keys: FeatureKeys::default(),
            preprocess,
            text,
            batch_size: 1,
            devices: 1,
            shuffle_buffer: 0,
            seed: 0,
            epochs: Some(1),
            workers: 0,
            prefetch: 4,
            strict: true,
        };
        let mut pipeline = Pipeline::new(&config, Sharding { index: 0, count: 1 }, None)?;
        let (mut images, mut rows) = (Vec::new(), Vec::new());
        while let Some(batch) = pipeline.next_batch()? {
            images.push(batch.images);
            rows.push(batch.tokens.to_vec::<i32>()?);
        }
        ensure!(!images.is_empty(), "{} holds no examples", data.display());
        let mut distinct: BTreeMap<Vec<i32>, usize> = BTreeMap::new();
        let mut order: Vec<Vec<i32>> = Vec::new();
        let caption_of_image = rows
            .into_iter()
            .map(|row| {
                *distinct.entry(row.clone()).or_insert_with(|| {
                    order.push(row);
                    order.len() - 1
                })
            })
            .collect();
        let max_len = model.text.max_len as i64;
        let texts = HostTensor::from_slice(&[order.len() as i64, max_len], &order.concat())?;
        Ok(RetrievalEval {
            embedder: None,
            client: client.clone(),
            model: model.clone(),
            images: HostTensor::concat_rows(&images)?,
            texts,
            caption_of_image,
        })
    }

    /// Number of images and of distinct captions.
    pub fn size(&self) -> (usize, usize) {
        (self.caption_of_image.len(), self.texts.shape[0] as usize)
    }

    /// Recall@1 and @5 both ways (`i2t_r1`, `t2i_r5`, ...), and `i2t_chance` = 1 / captions.
    pub fn evaluate(&mut self, params: &ParamTree) -> Result<BTreeMap<String, f64>> {
        let embedder = match self.embedder.take() {
            Some(mut e) => {
                e.set_params(params)?;
                e
            }
            None => Embedder::new(&self.client, &self.model, params, EMBED_BATCH)
                .context("retrieval evaluator")?,
        };
        let result = self.score(&embedder);
        self.embedder = Some(embedder);
        result
    }

    fn score(&self, embedder: &Embedder) -> Result<BTreeMap<String, f64>> {
        let images = embedder.images(&self.images)?;
        let texts = embedder.texts(&self.texts)?;
        let recall = retrieval_shared_captions(&images, &texts, &self.caption_of_image, &KS)?;
        let mut out = BTreeMap::new();
        for (i, k) in KS.iter().enumerate() {
            out.insert(format!("i2t_r{k}"), recall.image_to_text[i]);
            out.insert(format!("t2i_r{k}"), recall.text_to_image[i]);
        }
        out.insert("i2t_chance".into(), 1.0 / self.texts.shape[0] as f64);
        Ok(out)
    }
}
