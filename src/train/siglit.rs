//! SigLiT: a pretrained image tower, frozen, and a text tower trained to match it. Here: loading
//! the image tower (Hugging Face SigLIP weights, a big_vision `.npz` that may hold only that
//! tower, or one of our runs or checkpoints) and checking it against the configured model, the
//! freeze rule, and the on-disk cache of the tower's image embeddings that lets the train step
//! leave the tower out (`ImageInput::Embeddings`).
//!
//! The cache maps each preprocessed image to its embedding by a hash of the image's pixels: with
//! deterministic preprocessing an example's pixels are a pure function of its record, so the
//! pipeline, its shuffled order and its resumable position stay exactly as in any other run, and
//! the step looks up each batch's embeddings by the pixels it was handed. A cache file is named
//! by a hash of everything its values depend on (the tower's config and parameters, the compute
//! dtype, the preprocessing, and the shard files' names and sizes), so a changed tower or
//! preprocessing makes a new one instead of reusing a stale one.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use anyhow::{bail, ensure, Context, Result};
use sha2::{Digest, Sha256};

use crate::checkpoint;
use crate::data::{DataConfig, ImageOp, Pipeline, Preprocess};
use crate::graph::Graph;
use crate::model::two_towers::IMAGE;
use crate::model::{hf, npz, vit, Compute, ParamSpec, ParamTree, Params, TwoTowerConfig};
use crate::optim::{Optimizer, OptimizerConfig};
use crate::pjrt::Client;
use crate::program::{NamedModule, NamedValues, Program};
use crate::safetensors_io;
use crate::storage;
use crate::tensor::{DType, HostTensor};

/// The frozen-parameter pattern SigLiT adds when the config does not freeze the image tower.
pub const IMAGE_TOWER_PATTERN: &str = "img/.*";
/// Where a run keeps its embedding caches: `RUN_DIR/embeddings/<key>.safetensors`.
pub const EMBEDDINGS_DIR: &str = "embeddings";
const EMBEDDINGS: &str = "embeddings";
const PIXEL_HASHES: &str = "pixel_hashes";
/// Bytes of SHA-256 kept per image: collisions are out of reach at any data-set size.
const PIXEL_HASH_BYTES: usize = 16;
/// Images per run of the embedding program.
const EMBED_BATCH: usize = 64;

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
    let tower = if source.join(hf::CONFIG_FILE).is_file() {
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
/// epoch to epoch and its embedding cannot be cached.
pub fn is_random(preprocess: &Preprocess) -> bool {
    Vec::<ImageOp>::from(preprocess.clone()).iter().any(|op| {
        matches!(
            op,
            ImageOp::RandomCrop(_) | ImageOp::InceptionCrop(_) | ImageOp::FlipLr
        )
    })
}

/// What an embedding cache's values depend on.
pub struct CacheInputs<'a> {
    pub model: &'a TwoTowerConfig,
    /// The image tower's parameters (`img/...`).
    pub tower: &'a ParamTree,
    /// Dtype of the tower's matmuls.
    pub compute_dtype: DType,
    /// The training data: shard files in order, preprocessing, tokenizer.
    pub data: &'a DataConfig,
}

/// Hex name of the cache for `inputs` (see the module header).
pub fn cache_key(inputs: &CacheInputs) -> Result<String> {
    let mut hasher = Sha256::new();
    let mut field = |bytes: &[u8]| {
        hasher.update((bytes.len() as u64).to_le_bytes());
        hasher.update(bytes);
    };
    field(b"siglit-embeddings-v1");
    field(serde_json::to_string(&inputs.model.image)?.as_bytes());
    field(inputs.compute_dtype.mlir_name().as_bytes());
    field(serde_json::to_string(&inputs.data.preprocess)?.as_bytes());
    for file in &inputs.data.files {
        let size = storage::RandomAccessFile::open(file)?.size();
        field(file.display().to_string().as_bytes());
        field(&size.to_le_bytes());
    }
    for (path, t) in inputs.tower {
        field(path.as_bytes());
        field(t.dtype.mlir_name().as_bytes());
        let shape: Vec<u8> = t.shape.iter().flat_map(|d| d.to_le_bytes()).collect();
        field(&shape);
        field(&t.data);
    }
    Ok(hasher.finalize()[..16]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect())
}

/// The frozen image tower's embedding of every training image, looked up by the image's pixels.
pub struct EmbeddingCache {
    path: PathBuf,
    rows: HashMap<[u8; PIXEL_HASH_BYTES], usize>,
    embeddings: Vec<f32>,
    dim: usize,
}

fn pixel_hash(pixels: &[u8]) -> [u8; PIXEL_HASH_BYTES] {
    let digest = Sha256::digest(pixels);
    let mut hash = [0; PIXEL_HASH_BYTES];
    hash.copy_from_slice(&digest[..PIXEL_HASH_BYTES]);
    hash
}

impl EmbeddingCache {
    /// The cache for `inputs` under `dir`: read if it exists, else computed with one pass over
    /// the training shards in file order and written there (atomically, see
    /// [`storage::write`]).
    pub fn open_or_build(client: &Client, dir: &Path, inputs: &CacheInputs) -> Result<Self> {
        let path = dir.join(format!("{}.safetensors", cache_key(inputs)?));
        if storage::is_file(&path)? {
            tracing::info!("SigLiT: image embeddings from {}", path.display());
            return Self::read(&path);
        }
        tracing::info!(
            "SigLiT: computing image embeddings of the training set into {}",
            path.display()
        );
        let (hashes, embeddings, dim) = embed_training_images(client, inputs)?;
        let n = hashes.len() as i64;
        let tensors = BTreeMap::from([
            (
                EMBEDDINGS.to_string(),
                HostTensor::from_slice(&[n, dim as i64], &embeddings)?,
            ),
            (
                PIXEL_HASHES.to_string(),
                HostTensor::from_bytes(DType::U8, &[n, PIXEL_HASH_BYTES as i64], hashes.concat())?,
            ),
        ]);
        safetensors_io::write(&path, &tensors, &Default::default())?;
        Self::read(&path)
    }

    fn read(path: &Path) -> Result<Self> {
        let mut tensors = safetensors_io::read(path)?;
        let (Some(embeddings), Some(hashes)) =
            (tensors.remove(EMBEDDINGS), tensors.remove(PIXEL_HASHES))
        else {
            bail!("{}: not an embedding cache", path.display());
        };
        ensure!(
            embeddings.shape.len() == 2
                && hashes.shape == [embeddings.shape[0], PIXEL_HASH_BYTES as i64],
            "{}: embeddings {:?} and pixel hashes {:?} do not match",
            path.display(),
            embeddings.shape,
            hashes.shape
        );
        let rows = hashes
            .data
            .chunks_exact(PIXEL_HASH_BYTES)
            .enumerate()
            .map(|(row, hash)| (hash.try_into().expect("chunks of the hash size"), row))
            .collect();
        Ok(EmbeddingCache {
            path: path.to_path_buf(),
            rows,
            dim: embeddings.shape[1] as usize,
            embeddings: embeddings.to_vec::<f32>()?,
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Distinct images held.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The embeddings `[b, E]` f32 of `images` `[b, H, W, 3]` f32.
    pub fn lookup(&self, images: &HostTensor) -> Result<HostTensor> {
        ensure!(
            images.dtype == DType::F32 && !images.shape.is_empty(),
            "embedding lookup takes f32 images [b, H, W, 3], got {} {:?}",
            images.dtype,
            images.shape
        );
        let b = images.shape[0] as usize;
        let mut out = Vec::with_capacity(b * self.dim);
        for pixels in images.data.chunks_exact(images.data.len() / b.max(1)) {
            let row = *self.rows.get(&pixel_hash(pixels)).with_context(|| {
                format!(
                    "an image of the batch is not in the embedding cache {} (did the shards \
                     change while it was in use?)",
                    self.path.display()
                )
            })?;
            out.extend_from_slice(&self.embeddings[row * self.dim..(row + 1) * self.dim]);
        }
        Ok(HostTensor::from_slice(&[b as i64, self.dim as i64], &out)?)
    }
}

/// One pass over the training images in file order: each distinct image's pixel hash and
/// embedding, and the embedding size.
fn embed_training_images(
    client: &Client,
    inputs: &CacheInputs,
) -> Result<(Vec<[u8; PIXEL_HASH_BYTES]>, Vec<f32>, usize)> {
    let cfg = &inputs.model.image;
    let g = Graph::new();
    let params = Params::declare(&g, inputs.tower);
    let shape: Vec<i64> = std::iter::once(EMBED_BATCH as i64)
        .chain(inputs.data.preprocess.example_shape()?)
        .collect();
    let images = g.parameter("images", DType::F32, &shape);
    let compute = Compute {
        matmul_dtype: Some(inputs.compute_dtype),
        remat: false,
    };
    let tower = params.root_with(compute).scope(IMAGE);
    let embedding = match cfg.naflex {
        None => vit::encode_image(cfg, &tower, &images)?,
        Some(_) => vit::encode_image_packed(cfg, &tower, &images)?,
    };
    let mut outputs = NamedValues::new();
    outputs.insert("embeddings", embedding)?;
    let program = Program::compile_named(client, NamedModule::build(&g, &outputs)?)
        .context("compiling the image tower")?;

    let one_pass = DataConfig {
        batch_size: 1,
        devices: 1,
        shuffle_buffer: 0,
        epochs: Some(1),
        ..inputs.data.clone()
    };
    let mut pipeline = Pipeline::new(&one_pass, crate::data::pipeline::Sharding::SINGLE, None)?;
    let mut seen = HashMap::new();
    let mut pending = Vec::new();
    let (mut hashes, mut embeddings) = (Vec::new(), Vec::new());
    let mut dim = cfg.embed_dim();
    loop {
        let next = pipeline.next_batch()?;
        if let Some(batch) = &next {
            let hash = pixel_hash(&batch.images.data);
            if seen.insert(hash, ()).is_none() {
                pending.push((hash, batch.images.clone()));
            }
        }
        if pending.len() == EMBED_BATCH || (next.is_none() && !pending.is_empty()) {
            let take = pending.len();
            let mut rows: Vec<HostTensor> = pending.iter().map(|(_, t)| t.clone()).collect();
            rows.resize(EMBED_BATCH, pending[0].1.clone());
            let mut input = NamedValues::new();
            input.insert("images", HostTensor::concat_rows(&rows)?)?;
            for name in params.tensors().keys() {
                input.insert(name.clone(), inputs.tower[name].clone())?;
            }
            let out = program
                .run_host_named(client, &[input])?
                .remove(0)
                .remove("embeddings")
                .context("no embeddings output")?;
            dim = out.shape[1] as usize;
            embeddings.extend_from_slice(&out.to_vec::<f32>()?[..take * dim]);
            hashes.extend(pending.drain(..).map(|(hash, _)| hash));
        }
        if next.is_none() {
            break;
        }
    }
    ensure!(
        !hashes.is_empty(),
        "the training shards hold no usable images"
    );
    Ok((hashes, embeddings, dim))
}
