//! The tower programs every evaluator of a run shares: one [`Embedder`] per batch size, compiled
//! on first use, the parameters of the evaluation uploaded into it before each use. Evaluators
//! hold a [`SharedTowers`], so a run with several evaluations compiles each tower once.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

use anyhow::{Context, Result};

use super::embed::Embedder;
use super::metrics::Embeddings;
use crate::model::{ParamTree, TwoTowerConfig};
use crate::pjrt::Client;
use crate::tensor::HostTensor;

pub type SharedTowers = Rc<RefCell<Towers>>;

pub struct Towers {
    client: Client,
    model: TwoTowerConfig,
    by_batch: BTreeMap<usize, Embedder>,
}

impl Towers {
    pub fn shared(client: &Client, model: &TwoTowerConfig) -> SharedTowers {
        Rc::new(RefCell::new(Towers {
            client: client.clone(),
            model: model.clone(),
            by_batch: BTreeMap::new(),
        }))
    }

    /// The embedder for `batch` examples per forward pass, holding `params`.
    fn embedder(&mut self, params: &ParamTree, batch: usize) -> Result<&Embedder> {
        use std::collections::btree_map::Entry;
        Ok(match self.by_batch.entry(batch) {
            Entry::Occupied(slot) => {
                let embedder = slot.into_mut();
                embedder.set_params(params)?;
                embedder
            }
            Entry::Vacant(slot) => slot.insert(
                Embedder::new(&self.client, &self.model, params, batch)
                    .context("compiling the towers for evaluation")?,
            ),
        })
    }

    /// Embeddings of `images` `[n, H, W, 3]` and `tokens` `[m, L]` under `params`.
    pub fn embed(
        &mut self,
        params: &ParamTree,
        batch: usize,
        images: &HostTensor,
        tokens: &HostTensor,
    ) -> Result<(Embeddings, Embeddings)> {
        let embedder = self.embedder(params, batch)?;
        Ok((embedder.images(images)?, embedder.texts(tokens)?))
    }
}
