//! Pretrained parameters for a run, from a model source: SigLiT's frozen image tower
//! (`siglit.image_tower`) and a fine-tuned run's starting point (`init`). A source is a Hugging
//! Face SigLIP or SigLIP 2 directory (`config.json` + `model.safetensors`, its tensors renamed
//! by `model::hf`), a big_vision `.npz` (read as the configured model), or one of our run
//! directories or checkpoints. What a run takes from it are the parameters of some scopes
//! (`img`, `txt`, `t`, `b`); each must be there with the configured model's shape and nothing
//! else may be, so a source that does not fit is an error naming the parameter, both shapes and
//! the config key, before anything is compiled. The model's architecture is never read from
//! the source: the run config states it.

use std::path::Path;

use anyhow::{bail, ensure, Context, Result};

use crate::checkpoint::{self, InitRecord};
use crate::config::{InitConfig, Tower};
use crate::model::two_towers::{BIAS, IMAGE, TEXT, T_PRIME};
use crate::model::{cast_tree, hf, npz, tree_digest, ParamSpec, ParamTree, TwoTowerConfig};
use crate::storage;
use crate::tensor::DType;

/// The parameters of `scopes` (f32) from `source`, checked against the model's `params`
/// (`model.param_specs()`); `key` is the config key that named the source, for messages.
pub fn load(
    source: &Path,
    key: &str,
    model: &TwoTowerConfig,
    params: &[ParamSpec],
    scopes: &[&str],
) -> Result<ParamTree> {
    let shown = source.display();
    ensure!(
        storage::exists(source).context(key.to_string())?,
        "{key}: {shown} does not exist"
    );
    let not_a_model = || {
        format!(
            "{key}: {shown} is neither a Hugging Face directory ({}), a .npz nor one of our runs \
             or checkpoints",
            hf::CONFIG_FILE
        )
    };
    let in_scopes = |tree: ParamTree| -> ParamTree {
        tree.into_iter()
            .filter(|(path, _)| in_scope(path, scopes))
            .collect()
    };
    let tree = if storage::is_file(&source.join(hf::CONFIG_FILE))? {
        let (_, imported) = hf::import_dir(source)
            .with_context(|| format!("{key}: Hugging Face weights in {shown}"))?;
        in_scopes(imported)
    } else if source.extension().is_some_and(|e| e == "npz") {
        let imported = match scopes {
            [tower] => npz::import_big_vision_tower(source, model, tower),
            _ => npz::import_big_vision(source, model),
        };
        in_scopes(imported.with_context(|| format!("{key}: big_vision checkpoint {shown}"))?)
    } else if storage::is_dir(source)? {
        let path = checkpoint::resolve(source).with_context(not_a_model)?;
        in_scopes(checkpoint::load(&path)?.params())
    } else {
        bail!(not_a_model())
    };
    check_fits(&tree, params, scopes).with_context(|| format!("{key} ({shown})"))?;
    Ok(cast_tree(&tree, DType::F32))
}

/// The parameters `init` names (its towers; `t` and `b` too when both), loaded from `init.from`,
/// and the record of them that the run's checkpoints carry.
pub fn load_init(
    init: &InitConfig,
    model: &TwoTowerConfig,
    params: &[ParamSpec],
) -> Result<(ParamTree, InitRecord)> {
    let mut scopes: Vec<&str> = init.towers.iter().map(|t| t.scope()).collect();
    if Tower::BOTH.iter().all(|t| init.towers.contains(t)) {
        scopes.extend([T_PRIME, BIAS]);
    }
    let tree = load(&init.from, "init.from", model, params, &scopes)?;
    let record = InitRecord {
        from: init.from.display().to_string(),
        scopes: scopes.iter().map(|s| s.to_string()).collect(),
        digest: tree_digest(&tree),
    };
    tracing::info!(
        "init: {} parameters ({}) from {} (sha256 {})",
        tree.len(),
        record.scopes.join(", "),
        record.from,
        record.digest
    );
    Ok((tree, record))
}

/// Whether `path` is a parameter of one of `scopes` (the scope itself, for a scalar).
fn in_scope(path: &str, scopes: &[&str]) -> bool {
    scopes.iter().any(|scope| {
        path.strip_prefix(scope)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
    })
}

/// The config key that states the shape of the parameter at `path`.
fn model_key(path: &str) -> &'static str {
    match path.split('/').next() {
        Some(IMAGE) => Tower::Image.model_key(),
        Some(TEXT) => Tower::Text.model_key(),
        _ => "model",
    }
}

/// Every parameter of `scopes` among the model's `params` is in `tree` with its shape, and
/// `tree` holds nothing else.
fn check_fits(tree: &ParamTree, params: &[ParamSpec], scopes: &[&str]) -> Result<()> {
    let specs: Vec<_> = params
        .iter()
        .filter(|p| in_scope(&p.path, scopes))
        .collect();
    let mut problems = Vec::new();
    for spec in &specs {
        let key = model_key(&spec.path);
        match tree.get(&spec.path) {
            None => problems.push(format!(
                "{} is missing ({key} needs it with shape {:?})",
                spec.path, spec.shape
            )),
            Some(t) if t.shape != spec.shape => problems.push(format!(
                "{} has shape {:?}, {key} needs {:?}",
                spec.path, t.shape, spec.shape
            )),
            Some(_) => {}
        }
    }
    for path in tree.keys() {
        if !specs.iter().any(|s| &s.path == path) {
            problems.push(format!("{path} is not a parameter of {}", model_key(path)));
        }
    }
    if let Some(first) = problems.first() {
        bail!(
            "the source does not fit the configured model: {first}{}",
            match problems.len() {
                1 => String::new(),
                n => format!(" (and {} more problems)", n - 1),
            }
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scopes_take_whole_path_components() {
        assert!(in_scope("img/embedding/kernel", &[IMAGE]));
        assert!(in_scope("t", &[T_PRIME]));
        assert!(!in_scope("txt/Embed_0/embedding", &[T_PRIME]));
        assert!(!in_scope("b", &[IMAGE, TEXT]));
    }
}
