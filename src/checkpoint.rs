//! Training checkpoints on disk: parameters and optimizer state (one safetensors file) plus
//! metadata (`meta.json`), one directory per step under `RUN_DIR/checkpoints/`.
//!
//! Layout: `RUN_DIR/checkpoints/step_00000123/{state.safetensors, meta.json}`. Tensor names are
//! paths such as `params/img/...`, `opt/mu/img/...`, `opt/count`.
//!
//! Durability: a checkpoint is written into a temporary directory (`.tmp-...`) next to the
//! final one, every file and the temporary directory are fsynced, the directory is renamed to its
//! final name and the parent is fsynced. So a checkpoint name only ever appears complete: a
//! process killed at any moment leaves either the previous checkpoints or the new one, plus at
//! most a temporary that [`list`] ignores and the next [`save`] removes. Older checkpoints are
//! deleted only after the new one is durable (each renamed to a temporary before its files go,
//! so a kill mid-delete cannot leave a checkpoint with missing files), and an existing step is
//! never overwritten.
//!
//! In a bucket (`gs://`, `s3://`: no rename, no fsync) a checkpoint's objects are written in place
//! and it is complete only once its last object, the commit marker `commit_success` (as orbax
//! names it), exists: [`list`] and [`resolve`] skip a folder without one (an upload that was
//! killed), and the next [`save`] deletes such leftovers. Pruning deletes an old checkpoint's
//! marker first, so a kill mid-delete leaves an uncommitted folder, never a committed one with
//! missing objects.

use std::collections::BTreeMap;
use std::fs::{self, File};
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::data::pipeline::PipelineState;
use crate::model::ParamTree;
use crate::safetensors_io;
use crate::storage::{self, StorageError};
use crate::tensor::HostTensor;

pub const CHECKPOINTS_DIR: &str = "checkpoints";
pub const STATE_FILE: &str = "state.safetensors";
pub const META_FILE: &str = "meta.json";
/// Written last into a checkpoint in a bucket: its presence means the checkpoint is complete.
pub const COMMIT_FILE: &str = "commit_success";
/// The two groups of tensors a checkpoint holds, named as the train step's state:
/// `params/<path>`, and `opt/<slot>/<path>` with `opt/count`.
pub const PARAMS: &str = "params";
pub const OPT: &str = "opt";
/// Version recorded in [`Meta::crate_version`].
pub const CRATE_VERSION: &str = env!("CARGO_PKG_VERSION");
const STEP_PREFIX: &str = "step_";
const TEMP_PREFIX: &str = ".tmp-";

#[derive(Debug, thiserror::Error)]
pub enum CheckpointError {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: {message}")]
    Format { path: PathBuf, message: String },
    #[error("checkpoint {0} already exists; refusing to overwrite it")]
    Exists(PathBuf),
    #[error("{0} is neither a checkpoint (no {META_FILE}) nor a run directory with checkpoints")]
    NotFound(PathBuf),
    #[error("checkpoint.keep must be at least 1")]
    KeepZero,
    #[error(transparent)]
    Storage(#[from] StorageError),
}

fn io_error(path: &Path) -> impl FnOnce(std::io::Error) -> CheckpointError + '_ {
    move |source| CheckpointError::Io {
        path: path.to_path_buf(),
        source,
    }
}

fn format_error(path: &Path, message: impl ToString) -> CheckpointError {
    CheckpointError::Format {
        path: path.to_path_buf(),
        message: message.to_string(),
    }
}

/// Everything about a checkpoint that is not a tensor.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Meta {
    /// Optimizer steps taken: the state is the one after this many updates.
    pub step: u64,
    /// The run's resolved configuration (YAML text), as `siglip config show` prints it.
    pub config: String,
    /// Where the input pipeline stands: the next batch after resuming is the one it yields next.
    pub input: PipelineState,
    /// The run's RNG state. Every random draw of a run is a pure function of this seed, the step
    /// and the input position, so the seed is the whole state.
    pub rng_seed: u64,
    /// The PJRT plugin library the run used.
    pub plugin: String,
    /// `siglip` version that wrote the checkpoint.
    pub crate_version: String,
    /// A fine-tuned run's starting point (`init`); every checkpoint of the run carries it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub init: Option<InitRecord>,
}

/// What a run's step-0 parameters were loaded from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InitRecord {
    /// The source as the config named it (`init.from`).
    pub from: String,
    /// The scopes loaded from it (`img`, `txt`, `t`, `b`).
    pub scopes: Vec<String>,
    /// [`crate::model::tree_digest`] of the parameters loaded (as f32).
    pub digest: String,
}

/// A checkpoint in memory: tensors by name, plus metadata.
#[derive(Clone, Debug, PartialEq)]
pub struct Checkpoint {
    pub meta: Meta,
    pub tensors: BTreeMap<String, HostTensor>,
}

impl Checkpoint {
    /// Its parameters (`params/...`), by path.
    pub fn params(&self) -> ParamTree {
        self.tensors
            .iter()
            .filter_map(|(name, t)| Some((path_in(PARAMS, name)?.to_string(), t.clone())))
            .collect()
    }
}

/// The path of the tensor `name` within `group` (`params/img/w` in `params`: `img/w`), or
/// `None` when it is not in that group.
pub fn path_in<'a>(group: &str, name: &'a str) -> Option<&'a str> {
    name.strip_prefix(group)?.strip_prefix('/')
}

/// `RUN_DIR/checkpoints`.
pub fn checkpoints_dir(run_dir: &Path) -> PathBuf {
    run_dir.join(CHECKPOINTS_DIR)
}

/// Directory name of the checkpoint of `step` (zero-padded so names sort by step).
pub fn step_dir_name(step: u64) -> String {
    format!("{STEP_PREFIX}{step:08}")
}

fn parse_step_dir_name(name: &str) -> Option<u64> {
    let digits = name.strip_prefix(STEP_PREFIX)?;
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// Complete checkpoints of a run, by ascending step (temporaries, uncommitted uploads and other
/// entries ignored).
pub fn list(run_dir: &Path) -> Result<Vec<(u64, PathBuf)>, CheckpointError> {
    let dir = checkpoints_dir(run_dir);
    if storage::is_remote(&dir) {
        let mut found = Vec::new();
        for (step, path) in step_folders(&dir)? {
            if storage::is_file(&path.join(COMMIT_FILE))? {
                found.push((step, path));
            }
        }
        return Ok(found);
    }
    let entries = match fs::read_dir(&dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(io_error(&dir)(e)),
    };
    let mut found = Vec::new();
    for entry in entries {
        let entry = entry.map_err(io_error(&dir))?;
        if let Some(step) = entry.file_name().to_str().and_then(parse_step_dir_name) {
            found.push((step, entry.path()));
        }
    }
    found.sort();
    Ok(found)
}

/// The `step_*` folders under a bucket's `checkpoints/`, committed or not, by ascending step.
fn step_folders(dir: &Path) -> Result<Vec<(u64, PathBuf)>, CheckpointError> {
    let (_, folders) = storage::list_dir(dir)?;
    let mut found: Vec<(u64, PathBuf)> = folders
        .into_iter()
        .filter_map(|path| {
            let step = path.file_name()?.to_str().and_then(parse_step_dir_name)?;
            Some((step, path))
        })
        .collect();
    found.sort();
    Ok(found)
}

/// Whether `path` is a complete checkpoint (in a bucket: committed).
fn is_checkpoint(path: &Path) -> Result<bool, CheckpointError> {
    let last = match storage::is_remote(path) {
        true => COMMIT_FILE,
        false => META_FILE,
    };
    Ok(storage::is_file(&path.join(last))?)
}

/// The checkpoint of the highest step, if any.
pub fn latest(run_dir: &Path) -> Result<Option<PathBuf>, CheckpointError> {
    Ok(list(run_dir)?.pop().map(|(_, path)| path))
}

/// A checkpoint directory itself, or the latest checkpoint of a run directory.
pub fn resolve(path: &Path) -> Result<PathBuf, CheckpointError> {
    if is_checkpoint(path)? {
        return Ok(path.to_path_buf());
    }
    latest(path)?.ok_or_else(|| CheckpointError::NotFound(path.to_path_buf()))
}

/// Writes `checkpoint` durably as `RUN_DIR/checkpoints/step_<step>/` (see the module header),
/// then, if `keep` is given, deletes all but the newest `keep` checkpoints. Returns its path.
pub fn save(
    run_dir: &Path,
    checkpoint: &Checkpoint,
    keep: Option<usize>,
) -> Result<PathBuf, CheckpointError> {
    if keep == Some(0) {
        return Err(CheckpointError::KeepZero);
    }
    let parent = checkpoints_dir(run_dir);
    if storage::is_remote(&parent) {
        return save_to_bucket(run_dir, checkpoint, keep);
    }
    fs::create_dir_all(&parent).map_err(io_error(&parent))?;
    let name = step_dir_name(checkpoint.meta.step);
    let target = parent.join(&name);
    if target.exists() {
        return Err(CheckpointError::Exists(target));
    }
    remove_temporaries(&parent)?;

    let temp = parent.join(format!("{TEMP_PREFIX}{name}-{}", std::process::id()));
    fs::create_dir(&temp).map_err(io_error(&temp))?;
    write_durably(&temp.join(STATE_FILE), &serialize_tensors(checkpoint)?)?;
    let meta = serde_json::to_vec_pretty(&checkpoint.meta)
        .map_err(|e| format_error(&temp.join(META_FILE), e))?;
    write_durably(&temp.join(META_FILE), &meta)?;
    sync_dir(&temp)?;
    // Re-checked right before the rename: Linux renames a directory onto an *empty* one silently.
    if target.exists() {
        return Err(CheckpointError::Exists(target));
    }
    fs::rename(&temp, &target).map_err(io_error(&target))?;
    sync_dir(&parent)?;

    if let Some(keep) = keep {
        prune(run_dir, keep)?;
    }
    Ok(target)
}

/// [`save`] into a bucket: the objects, then the commit marker; then pruning.
fn save_to_bucket(
    run_dir: &Path,
    checkpoint: &Checkpoint,
    keep: Option<usize>,
) -> Result<PathBuf, CheckpointError> {
    let parent = checkpoints_dir(run_dir);
    let target = parent.join(step_dir_name(checkpoint.meta.step));
    if storage::is_file(&target.join(COMMIT_FILE))? {
        return Err(CheckpointError::Exists(target));
    }
    for (_, folder) in step_folders(&parent)? {
        if !storage::is_file(&folder.join(COMMIT_FILE))? {
            tracing::warn!("removing uncommitted checkpoint {}", folder.display());
            storage::delete_dir(&folder)?;
        }
    }
    storage::write(&target.join(STATE_FILE), &serialize_tensors(checkpoint)?)?;
    let meta = serde_json::to_vec_pretty(&checkpoint.meta)
        .map_err(|e| format_error(&target.join(META_FILE), e))?;
    storage::write(&target.join(META_FILE), &meta)?;
    storage::write(&target.join(COMMIT_FILE), b"")?;
    if let Some(keep) = keep {
        prune(run_dir, keep)?;
    }
    Ok(target)
}

/// Deletes all but the newest `keep` checkpoints; returns the deleted paths.
pub fn prune(run_dir: &Path, keep: usize) -> Result<Vec<PathBuf>, CheckpointError> {
    if keep == 0 {
        return Err(CheckpointError::KeepZero);
    }
    let all = list(run_dir)?;
    let excess = all.len().saturating_sub(keep);
    let mut deleted = Vec::with_capacity(excess);
    let parent = checkpoints_dir(run_dir);
    for (step, path) in all.into_iter().take(excess) {
        if storage::is_remote(&path) {
            // Uncommitted first: from then on the rest is a leftover, not a checkpoint.
            storage::delete(&path.join(COMMIT_FILE))?;
            storage::delete_dir(&path)?;
            deleted.push(path);
            continue;
        }
        // Renamed out of the checkpoint names first, so a kill mid-delete leaves a temporary
        // (removed by the next save), never a checkpoint with missing files.
        let doomed = parent.join(format!("{TEMP_PREFIX}delete-{}", step_dir_name(step)));
        fs::rename(&path, &doomed).map_err(io_error(&path))?;
        fs::remove_dir_all(&doomed).map_err(io_error(&doomed))?;
        deleted.push(path);
    }
    if !deleted.is_empty() && !storage::is_remote(&parent) {
        sync_dir(&parent)?;
    }
    Ok(deleted)
}

/// Reads a checkpoint directory written by [`save`].
pub fn load(path: &Path) -> Result<Checkpoint, CheckpointError> {
    if storage::is_remote(path) && !is_checkpoint(path)? {
        return Err(CheckpointError::Format {
            path: path.to_path_buf(),
            message: format!("no {COMMIT_FILE}: an upload that did not finish"),
        });
    }
    let meta_path = path.join(META_FILE);
    let meta_bytes = storage::read(&meta_path)?;
    let meta: Meta =
        serde_json::from_slice(&meta_bytes).map_err(|e| format_error(&meta_path, e))?;
    let tensors = read_tensors(&path.join(STATE_FILE))?;
    Ok(Checkpoint { meta, tensors })
}

/// `sha256:<hex>` over every tensor (by sorted name: name, dtype, shape, raw little-endian
/// bytes, each length-prefixed) and then the step. Metadata other than the step is left out, so
/// two runs that reach the same state digest the same whatever their config text or plugin path.
pub fn digest(checkpoint: &Checkpoint) -> String {
    let mut hasher = Sha256::new();
    let mut field = |bytes: &[u8]| {
        hasher.update((bytes.len() as u64).to_le_bytes());
        hasher.update(bytes);
    };
    for (name, tensor) in &checkpoint.tensors {
        field(name.as_bytes());
        field(tensor.dtype.mlir_name().as_bytes());
        let shape: Vec<u8> = tensor.shape.iter().flat_map(|d| d.to_le_bytes()).collect();
        field(&shape);
        field(&tensor.data);
    }
    field(&checkpoint.meta.step.to_le_bytes());
    let hex: String = hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    format!("sha256:{hex}")
}

/// Parameter values per top-level group (`img`, `txt`, `t`, `b`, ...): the first path
/// component after `params/`.
pub fn parameter_counts(tensors: &BTreeMap<String, HostTensor>) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for (name, tensor) in tensors {
        if let Some(path) = path_in(PARAMS, name) {
            let group = path.split('/').next().unwrap_or(path);
            *counts.entry(group.to_string()).or_insert(0) += tensor.len();
        }
    }
    counts
}

fn remove_temporaries(parent: &Path) -> Result<(), CheckpointError> {
    for entry in fs::read_dir(parent).map_err(io_error(parent))? {
        let entry = entry.map_err(io_error(parent))?;
        if entry.file_name().to_string_lossy().starts_with(TEMP_PREFIX) {
            let path = entry.path();
            tracing::warn!("removing leftover partial checkpoint {}", path.display());
            fs::remove_dir_all(&path).map_err(io_error(&path))?;
        }
    }
    Ok(())
}

fn write_durably(path: &Path, bytes: &[u8]) -> Result<(), CheckpointError> {
    let mut file = File::create(path).map_err(io_error(path))?;
    file.write_all(bytes).map_err(io_error(path))?;
    file.sync_all().map_err(io_error(path))
}

fn sync_dir(dir: &Path) -> Result<(), CheckpointError> {
    File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(io_error(dir))
}

fn serialize_tensors(checkpoint: &Checkpoint) -> Result<Vec<u8>, CheckpointError> {
    safetensors_io::serialize(&checkpoint.tensors, &Default::default())
        .map_err(|e| format_error(Path::new(STATE_FILE), format!("serializing: {e}")))
}

fn read_tensors(path: &Path) -> Result<BTreeMap<String, HostTensor>, CheckpointError> {
    safetensors_io::read(path).map_err(|e| format_error(path, e))
}
