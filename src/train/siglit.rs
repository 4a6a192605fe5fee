//! SigLiT: a pretrained image tower, frozen, and a text tower trained to match it. Here: loading
//! the image tower (Hugging Face SigLIP weights, a big_vision `.npz` that may hold only that
//! tower, or one of our runs or checkpoints) and checking it against the configured model, and
//! the freeze rule. The tower's embeddings of the training images, which let the train step
//! leave the tower out (`ImageInput::Embeddings`), are `embedding_set`'s.

use std::path::Path;

use anyhow::{bail, ensure, Context, Result};

use crate::checkpoint;
use crate::data::{ImageOp, Preprocess};
use crate::model::two_towers::IMAGE;
use crate::model::{hf, npz, ParamSpec, ParamTree, TwoTowerConfig};
use crate::optim::{Optimizer, OptimizerConfig};
use crate::storage;
use crate::tensor::DType;

/// The frozen-parameter pattern SigLiT adds when the config does not freeze the image tower.
pub const IMAGE_TOWER_PATTERN: &str = "img/.*";
/// Where a run keeps its embedding sets unless `siglit.embeddings` names a folder:
/// `RUN_DIR/embeddings/<key>/`.
pub const EMBEDDINGS_DIR: &str = "embeddings";

fn tower_prefix() -> String {
    format!("{IMAGE}/")
}

/// The image tower (`img/...`, f32) from `source`: a Hugging Face SigLIP directory
/// (`config.json` + `model.safetensors`), a big_vision `.npz`, or a run directory or checkpoint
/// of ours. Every parameter of `model`'s image tower among its `params` (`model.param_specs()`)
/// must be there with its shape.
pub fn load_image_tower(
    source: &Path,
    model: &TwoTowerConfig,
    params: &[ParamSpec],
) -> Result<ParamTree> {
    let shown = source.display();
    ensure!(
        storage::exists(source).context("siglit.image_tower")?,
        "siglit.image_tower: {shown} does not exist"
    );
    let prefix = tower_prefix();
    let take_tower = |tree: ParamTree| -> ParamTree {
        tree.into_iter()
            .filter(|(path, _)| path.starts_with(&prefix))
            .collect()
    };
    let tower = if storage::is_file(&source.join(hf::CONFIG_FILE))? {
        let (_, imported) = hf::import_dir(source)
            .with_context(|| format!("siglit.image_tower: Hugging Face weights in {shown}"))?;
        take_tower(imported)
    } else if source.extension().is_some_and(|e| e == "npz") {
        npz::import_big_vision_tower(source, model, IMAGE)
            .with_context(|| format!("siglit.image_tower: big_vision checkpoint {shown}"))?
    } else if storage::is_dir(source)? {
        let path = checkpoint::resolve(source).with_context(|| {
            format!(
                "siglit.image_tower: {shown} is neither a Hugging Face directory ({}), a .npz nor \
                 one of our runs or checkpoints",
                hf::CONFIG_FILE
            )
        })?;
        take_tower(checkpoint::load(&path)?.params())
    } else {
        bail!(
            "siglit.image_tower: {shown} is neither a Hugging Face directory ({}), a .npz nor one \
             of our runs or checkpoints",
            hf::CONFIG_FILE
        )
    };
    check_image_tower(&tower, params).with_context(|| format!("siglit.image_tower ({shown})"))?;
    Ok(crate::model::cast_tree(&tower, DType::F32))
}

/// Every parameter of the image tower among the model's `params`, with its shape, and nothing
/// else.
pub fn check_image_tower(tower: &ParamTree, params: &[ParamSpec]) -> Result<()> {
    let prefix = tower_prefix();
    let specs: Vec<_> = params
        .iter()
        .filter(|p| p.path.starts_with(&prefix))
        .collect();
    let mut problems = Vec::new();
    for spec in &specs {
        match tower.get(&spec.path) {
            None => problems.push(format!(
                "{} is missing (model.image needs it with shape {:?})",
                spec.path, spec.shape
            )),
            Some(t) if t.shape != spec.shape => problems.push(format!(
                "{} has shape {:?}, model.image needs {:?}",
                spec.path, t.shape, spec.shape
            )),
            Some(_) => {}
        }
    }
    for path in tower.keys() {
        if !specs.iter().any(|s| &s.path == path) {
            problems.push(format!("{path} is not a parameter of model.image"));
        }
    }
    if let Some(first) = problems.first() {
        bail!(
            "the image tower does not fit model.image: {first}{}",
            match problems.len() {
                1 => String::new(),
                n => format!(" (and {} more problems)", n - 1),
            }
        );
    }
    Ok(())
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
