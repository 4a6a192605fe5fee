//! SigLiT: a pretrained image tower, frozen, and a text tower trained to match it. Here: the
//! image tower from its source (`pretrained`: Hugging Face SigLIP weights, a big_vision `.npz`
//! that may hold only that tower, or one of our runs or checkpoints), and the freeze rule. The tower's embeddings of the training images, which let the train step
//! leave the tower out (`ImageInput::Embeddings`), are `embedding_set`'s.

use std::path::Path;

use anyhow::Result;

use super::pretrained;
use crate::data::{ImageOp, Preprocess};
use crate::model::two_towers::IMAGE;
use crate::model::{ParamSpec, ParamTree, TwoTowerConfig};
use crate::optim::{Optimizer, OptimizerConfig};

/// The frozen-parameter pattern SigLiT adds when the config does not freeze the image tower.
pub const IMAGE_TOWER_PATTERN: &str = "img/.*";
/// Where a run keeps its embedding sets unless `siglit.embeddings` names a folder:
/// `RUN_DIR/embeddings/<key>/`.
pub const EMBEDDINGS_DIR: &str = "embeddings";

fn tower_prefix() -> String {
    format!("{IMAGE}/")
}

/// The image tower (`img/...`, f32) from `source` ([`pretrained::load`]): every parameter of
/// `model`'s image tower among its `params` (`model.param_specs()`), with its shape.
pub fn load_image_tower(
    source: &Path,
    model: &TwoTowerConfig,
    params: &[ParamSpec],
) -> Result<ParamTree> {
    pretrained::load(source, "siglit.image_tower", model, params, &[IMAGE])
}

/// `optimizer` with the whole image tower of `model` frozen: as configured when its
/// `optimizer.params.frozen` already covers every `img/...` parameter, else with
/// [`IMAGE_TOWER_PATTERN`] added (and a log line saying so).
pub fn freeze_image_tower(
    optimizer: &OptimizerConfig,
    model: &TwoTowerConfig,
) -> Result<OptimizerConfig> {
    freeze_image_tower_among(optimizer, &model.param_specs()?)
}

/// [`freeze_image_tower`] with the model's parameters already declared (`params`).
pub(crate) fn freeze_image_tower_among(
    optimizer: &OptimizerConfig,
    params: &[ParamSpec],
) -> Result<OptimizerConfig> {
    let resolved = Optimizer::new(optimizer, params.iter().map(|p| p.path.as_str()))?;
    let prefix = tower_prefix();
    let mut frozen = optimizer.clone();
    if params
        .iter()
        .any(|p| p.path.starts_with(&prefix) && !resolved.is_frozen(&p.path))
    {
        tracing::info!(
            "SigLiT: freezing the image tower (optimizer.params.frozen += \"{IMAGE_TOWER_PATTERN}\")"
        );
        frozen.params.frozen.push(IMAGE_TOWER_PATTERN.to_string());
    }
    Ok(frozen)
}

/// Whether `preprocess` draws random numbers (augmentation): then an image's pixels differ from
/// epoch to epoch and it has no one embedding to store.
pub fn is_random(preprocess: &Preprocess) -> bool {
    preprocess.ops().iter().any(ImageOp::is_random)
}
