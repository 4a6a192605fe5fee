//! SigLiT's embedding shards: the frozen image tower's embedding of every training record,
//! written once so that training reads embeddings and never decodes an image.
//!
//! A set is a folder holding `manifest.json` and one shard of embedding records
//! ([`crate::data::embedded`]) per input shard, named `NNNNNN-<input name>` after the input's
//! place in the sorted list, with its records in the input's order (bad input records are
//! skipped, logged). The shards are aligned with the input: the pipeline deals them to
//! processes, orders and shuffles them exactly as it would the input, so a run on embeddings
//! sees its examples in the same order and resumes at the same position.
//!
//! The manifest records what the values depend on: the tower's config and a digest of its
//! parameters, the compute dtype, the preprocessing, the feature keys and the input shards'
//! names and sizes. A set lives in `ROOT/<key>/`, the key hashing the manifest, so a changed
//! tower, preprocessing or input makes a new set; a set whose manifest differs from what the run
//! needs (a folder copied or named by hand) is refused, naming what differs.
//!
//! Building streams: each process embeds the input shards it reads for training (the
//! pipeline's dealing), a chunk of records at a time on all of its devices, and writes each
//! shard under a temporary name, renamed when whole (a bucket object appears whole when
//! uploaded). A shard already there is done, so an interrupted build resumes shard by shard and
//! nothing half-written is ever read.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{bail, ensure, Context, Result};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::data::pipeline::Sharding;
use crate::data::tfrecord::{RecordFile, RecordWriter};
use crate::data::{embedded, DataConfig, FeatureKeys, RawExample};
use crate::graph::Graph;
use crate::model::two_towers::IMAGE;
use crate::model::{tree_digest, vit, Compute, ParamTree, Params, TwoTowerConfig};
use crate::pjrt::{Arg, Buffer, Client};
use crate::program::{NamedModule, NamedValues, Program};
use crate::storage;
use crate::tensor::{DType, HostTensor};

/// A set's manifest file.
pub const MANIFEST_FILE: &str = "manifest.json";
/// Version of the set's layout and record format.
const FORMAT: &str = "siglit-embedding-shards-v1";
/// Images per device per run of the tower.
const BATCH_PER_DEVICE: usize = 64;

/// What an embedding set's values depend on.
pub struct SetInputs<'a> {
    pub model: &'a TwoTowerConfig,
    /// The image tower's parameters (`img/...`).
    pub tower: &'a ParamTree,
    /// Dtype of the tower's matmuls.
    pub compute_dtype: DType,
    /// The training data: every process's shard files (resolved, sorted), preprocessing, keys.
    pub data: &'a DataConfig,
}

/// One input shard as the manifest records it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InputShard {
    pub name: String,
    pub size: u64,
}

/// What a set was made from (see the module header).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    pub format: String,
    pub image_tower: serde_json::Value,
    pub tower_digest: String,
    pub compute_dtype: String,
    pub preprocess: serde_json::Value,
    pub keys: FeatureKeys,
    pub embedding_dim: usize,
    pub inputs: Vec<InputShard>,
}

impl Manifest {
    /// The manifest of the set `inputs` make (reads the input shards' sizes, hashes the tower).
    pub fn of(inputs: &SetInputs) -> Result<Manifest> {
        let shards = inputs
            .data
            .files
            .iter()
            .map(|file| {
                Ok(InputShard {
                    name: file.display().to_string(),
                    size: storage::RandomAccessFile::open(file)?.size(),
                })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(Manifest {
            format: FORMAT.to_string(),
            image_tower: serde_json::to_value(&inputs.model.image)?,
            tower_digest: tree_digest(inputs.tower),
            compute_dtype: inputs.compute_dtype.mlir_name().to_string(),
            preprocess: serde_json::to_value(&inputs.data.preprocess)?,
            keys: inputs.data.keys.clone(),
            embedding_dim: inputs.model.image.embed_dim(),
            inputs: shards,
        })
    }

    /// Name of the set's folder: a hash of the whole manifest.
    pub fn key(&self) -> String {
        let text = serde_json::to_string(self).expect("a manifest serializes");
        hex(&Sha256::digest(text.as_bytes())[..16])
    }

    /// What differs from `wanted`, field by field (the first differing input shard only).
    fn differences(&self, wanted: &Manifest) -> Vec<String> {
        let mut out = Vec::new();
        let mut field = |name: &str, differs: bool| {
            if differs {
                out.push(name.to_string());
            }
        };
        field("format", self.format != wanted.format);
        field(
            "the image tower's config (model.image)",
            self.image_tower != wanted.image_tower,
        );
        field(
            "the image tower's parameters",
            self.tower_digest != wanted.tower_digest,
        );
        field(
            "the compute dtype",
            self.compute_dtype != wanted.compute_dtype,
        );
        field(
            "the preprocessing (data.preprocess)",
            self.preprocess != wanted.preprocess,
        );
        field("the feature keys (data.keys)", self.keys != wanted.keys);
        field(
            "the embedding size",
            self.embedding_dim != wanted.embedding_dim,
        );
        if self.inputs != wanted.inputs {
            let first = self
                .inputs
                .iter()
                .zip(&wanted.inputs)
                .find(|(made, now)| made != now);
            out.push(match first {
                Some((made, now)) => format!(
                    "the input shards ({} of {} bytes, now {} of {} bytes)",
                    made.name, made.size, now.name, now.size
                ),
                None => format!(
                    "the input shards ({} of them, now {})",
                    self.inputs.len(),
                    wanted.inputs.len()
                ),
            });
        }
        out
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// An embedding set on disk (or in a bucket) with its manifest.
#[derive(Clone, Debug)]
pub struct EmbeddingSet {
    pub dir: PathBuf,
    pub manifest: Manifest,
}

/// What [`EmbeddingSet::open_or_build`] did in this process.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct BuildReport {
    /// Shards embedded now.
    pub embedded: usize,
    /// Shards found whole and used as they are.
    pub reused: usize,
    /// Records embedded now.
    pub records: u64,
}

impl EmbeddingSet {
    /// The set `inputs` make under `root`: `root` itself when it holds a manifest (a set named
    /// by hand), else `root/<key>`. A manifest there must be the one `inputs` make.
    pub fn locate(root: &Path, inputs: &SetInputs) -> Result<EmbeddingSet> {
        let manifest = Manifest::of(inputs)?;
        let dir = match storage::is_file(&root.join(MANIFEST_FILE))? {
            true => root.to_path_buf(),
            false => root.join(manifest.key()),
        };
        let path = dir.join(MANIFEST_FILE);
        if storage::is_file(&path)? {
            let text = storage::read_to_string(&path)?;
            let found: Manifest = serde_json::from_str(&text).with_context(|| {
                format!("{}: not the manifest of an embedding set", path.display())
            })?;
            let differences = found.differences(&manifest);
            ensure!(
                differences.is_empty(),
                "the embedding set {} was made from other inputs than this run's (what differs: \
                 {}); it is stale for this run and is not used (remove it, or point \
                 siglit.embeddings at another folder)",
                dir.display(),
                differences.join(", ")
            );
        }
        Ok(EmbeddingSet { dir, manifest })
    }

    /// The embedding shard of input shard `index`.
    pub fn shard(&self, index: usize) -> PathBuf {
        let name = Path::new(&self.manifest.inputs[index].name)
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        self.dir.join(format!("{index:06}-{name}"))
    }

    /// Every embedding shard, in the inputs' order.
    pub fn files(&self) -> Vec<PathBuf> {
        (0..self.manifest.inputs.len())
            .map(|i| self.shard(i))
            .collect()
    }

    /// The set for `inputs` under `root` (see [`EmbeddingSet::locate`]), with the shards of
    /// this process's share (`sharding`, as the pipeline deals them) embedded where missing.
    pub fn open_or_build(
        client: &Client,
        root: &Path,
        inputs: &SetInputs,
        sharding: Sharding,
    ) -> Result<(EmbeddingSet, BuildReport)> {
        let set = Self::locate(root, inputs)?;
        let report = set.complete(client, inputs, sharding)?;
        Ok((set, report))
    }

    /// Embeds the shards of this process's share (`sharding`, as the pipeline deals them) that
    /// are missing; `inputs` must be those the set was located with.
    pub fn complete(
        &self,
        client: &Client,
        inputs: &SetInputs,
        sharding: Sharding,
    ) -> Result<BuildReport> {
        let set = self;
        let mine: Vec<usize> = (0..set.manifest.inputs.len())
            .filter(|i| i % sharding.count == sharding.index)
            .collect();
        let mut missing = Vec::new();
        for &i in &mine {
            if !storage::is_file(&set.shard(i))? {
                missing.push(i);
            }
        }
        let mut report = BuildReport {
            reused: mine.len() - missing.len(),
            ..Default::default()
        };
        if missing.is_empty() {
            tracing::info!("SigLiT: image embeddings from {}", set.dir.display());
            return Ok(report);
        }
        let manifest_path = set.dir.join(MANIFEST_FILE);
        if !storage::is_file(&manifest_path)? {
            let text = serde_json::to_string_pretty(&set.manifest)?;
            storage::write(&manifest_path, text.as_bytes())
                .with_context(|| format!("writing {}", manifest_path.display()))?;
        }
        tracing::info!(
            "SigLiT: embedding {} of {} shard(s) into {}",
            missing.len(),
            set.manifest.inputs.len(),
            set.dir.display()
        );
        let tower = TowerProgram::compile(client, inputs)?;
        for i in missing {
            let source = &inputs.data.files[i];
            let records = embed_shard(client, &tower, inputs.data, source, &set.shard(i))
                .with_context(|| format!("embedding {}", source.display()))?;
            tracing::info!("SigLiT: {} ({records} records) embedded", source.display());
            report.embedded += 1;
            report.records += records;
        }
        Ok(report)
    }
}

/// The image tower compiled for every device of this process, its parameters on each.
struct TowerProgram {
    program: Program,
    params: Vec<NamedValues<Buffer>>,
    image_shape: Vec<i64>,
}

const IMAGES: &str = "images";
const EMBEDDINGS: &str = "embeddings";

impl TowerProgram {
    fn compile(client: &Client, inputs: &SetInputs) -> Result<TowerProgram> {
        let cfg = &inputs.model.image;
        // [H, W, 3], or a NaFlex tower's packed patches [N, packed width].
        let image_shape = inputs.data.preprocess.example_shape()?;
        if cfg.naflex.is_none() {
            ensure!(
                image_shape[..2] == [cfg.image_size as i64; 2],
                "data.preprocess makes {}x{} images but model.image takes {2}x{2}",
                image_shape[0],
                image_shape[1],
                cfg.image_size
            );
        }
        let g = Graph::with_replicas(client.devices().len());
        let params = Params::declare(&g, inputs.tower);
        let images = g.parameter(
            IMAGES,
            DType::F32,
            &[&[BATCH_PER_DEVICE as i64], &image_shape[..]].concat(),
        );
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
        outputs.insert(EMBEDDINGS, embedding)?;
        let program = Program::compile_local(client, NamedModule::build(&g, &outputs)?)
            .context("compiling the image tower")?;
        let mut uploaded = Vec::new();
        for &device in program.executable.devices() {
            let mut on_device = NamedValues::new();
            for name in params.tensors().keys() {
                on_device.insert(
                    name.clone(),
                    client.buffer_from_host(&inputs.tower[name], device)?,
                )?;
            }
            uploaded.push(on_device);
        }
        Ok(TowerProgram {
            program,
            params: uploaded,
            image_shape,
        })
    }

    /// Images one run takes: a batch on each device.
    fn rows(&self) -> usize {
        BATCH_PER_DEVICE * self.params.len()
    }

    /// The embeddings of `images` (at most [`Self::rows`] of them, f32 each `image_shape`), in
    /// order.
    fn embed(&self, client: &Client, images: &[Vec<f32>]) -> Result<Vec<Vec<f32>>> {
        let per_image: usize = self.image_shape.iter().product::<i64>() as usize;
        let shape = [&[BATCH_PER_DEVICE as i64], &self.image_shape[..]].concat();
        let mut uploads = Vec::new();
        for (r, &device) in self.program.executable.devices().iter().enumerate() {
            let mut pixels = vec![0f32; BATCH_PER_DEVICE * per_image];
            let mine = images
                .iter()
                .skip(r * BATCH_PER_DEVICE)
                .take(BATCH_PER_DEVICE);
            for (row, image) in pixels.chunks_exact_mut(per_image).zip(mine) {
                row.copy_from_slice(image);
            }
            let tensor = HostTensor::from_slice(&shape, &pixels)?;
            uploads.push(client.buffer_from_host(&tensor, device)?);
        }
        let args = self
            .params
            .iter()
            .zip(uploads)
            .map(|(params, images)| {
                let mut args: NamedValues<Arg> = NamedValues::new();
                for (name, buffer) in params.iter() {
                    args.insert(name.clone(), Arg::Borrowed(buffer))?;
                }
                args.insert(IMAGES, Arg::Donated(images))?;
                Ok(args)
            })
            .collect::<Result<Vec<_>>>()?;
        let mut out = Vec::with_capacity(images.len());
        for mut replica in self.program.run(args)? {
            let embeddings = replica
                .remove(EMBEDDINGS)
                .context("the tower gave no embeddings")?
                .to_host()?;
            let dim = embeddings.shape[1] as usize;
            for row in embeddings.to_vec::<f32>()?.chunks_exact(dim) {
                if out.len() < images.len() {
                    out.push(row.to_vec());
                }
            }
        }
        Ok(out)
    }
}

/// One input record, decoded and preprocessed.
struct Decoded {
    offset: u64,
    example: RawExample,
    pixels: Vec<f32>,
}

/// Embeds `source`'s records into the embedding shard `target`; the records written.
fn embed_shard(
    client: &Client,
    tower: &TowerProgram,
    data: &DataConfig,
    source: &Path,
    target: &Path,
) -> Result<u64> {
    let file = RecordFile::open(source)?;
    let mut offsets = Vec::new();
    for item in file.scan_headers()? {
        match item {
            Ok(span) => offsets.push(span.offset),
            Err(bad) if data.strict => bail!("bad record (strict mode): {bad}"),
            Err(bad) => tracing::warn!("skipping bad record: {bad}"),
        }
    }
    let mut out = ShardOutput::create(target)?;
    let workers = match data.workers {
        0 => std::thread::available_parallelism().map_or(1, |n| n.get()),
        n => n,
    };
    for chunk in offsets.chunks(tower.rows()) {
        let decoded = decode(&file, chunk, data, workers)?;
        let images: Vec<Vec<f32>> = decoded.iter().map(|d| d.pixels.clone()).collect();
        if images.is_empty() {
            continue;
        }
        let embeddings = tower.embed(client, &images)?;
        for (record, embedding) in decoded.iter().zip(&embeddings) {
            let payload = embedded::encode(&record.example, &data.keys, embedding, record.offset);
            out.write(&payload)?;
        }
    }
    out.commit()
}

/// The records of `file` at `offsets`, decoded and preprocessed on `workers` threads, in order;
/// bad ones dropped (logged), or an error in strict mode.
fn decode(
    file: &RecordFile,
    offsets: &[u64],
    data: &DataConfig,
    workers: usize,
) -> Result<Vec<Decoded>> {
    let one = |offset: u64| -> Result<Option<Decoded>> {
        let problem = |what: String| -> Result<Option<Decoded>> {
            let message = format!("{} at byte offset {offset}: {what}", file.path().display());
            ensure!(!data.strict, "bad record (strict mode): {message}");
            tracing::warn!("skipping bad record: {message}");
            Ok(None)
        };
        let payload = match file.read_record(offset) {
            Ok(payload) => payload,
            Err(e) => return problem(e.to_string()),
        };
        let example = match RawExample::parse(&payload, &data.keys) {
            Ok(example) => example,
            Err(e) => return problem(e.to_string()),
        };
        // Deterministic preprocessing draws nothing: any generator gives the same pixels.
        let mut unused = ChaCha8Rng::seed_from_u64(0);
        match data.preprocess.run(&example.image, &mut unused) {
            Ok(pixels) => Ok(Some(Decoded {
                offset,
                example: RawExample {
                    image: Vec::new(),
                    ..example
                },
                pixels,
            })),
            Err(e) => problem(e.to_string()),
        }
    };
    let part = offsets.len().div_ceil(workers.max(1)).max(1);
    let parts = std::thread::scope(|scope| {
        let handles: Vec<_> = offsets
            .chunks(part)
            .map(|offsets| scope.spawn(move || offsets.iter().map(|&o| one(o)).collect::<Vec<_>>()))
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .map_err(|_| anyhow::anyhow!("a decode thread panicked"))
            })
            .collect::<Result<Vec<_>>>()
    })?;
    let mut decoded = Vec::with_capacity(offsets.len());
    for result in parts.into_iter().flatten() {
        decoded.extend(result?);
    }
    Ok(decoded)
}

/// An embedding shard being written: a local file under a hidden temporary name renamed when
/// whole, or, for a bucket, the bytes uploaded as one object when whole.
struct ShardOutput {
    target: PathBuf,
    sink: Sink,
    records: u64,
}

enum Sink {
    Local {
        temp: PathBuf,
        writer: RecordWriter<std::io::BufWriter<std::fs::File>>,
    },
    Remote(RecordWriter<Vec<u8>>),
}

impl ShardOutput {
    fn create(target: &Path) -> Result<ShardOutput> {
        let sink = match storage::is_remote(target) {
            true => Sink::Remote(RecordWriter::new(Vec::new())),
            false => {
                let dir = target.parent().unwrap_or(Path::new("."));
                std::fs::create_dir_all(dir)
                    .with_context(|| format!("creating {}", dir.display()))?;
                let name = target.file_name().unwrap_or_default().to_string_lossy();
                let temp = dir.join(format!(".{name}.partial-{}", std::process::id()));
                let file = std::fs::File::create(&temp)
                    .with_context(|| format!("creating {}", temp.display()))?;
                Sink::Local {
                    temp,
                    writer: RecordWriter::new(std::io::BufWriter::new(file)),
                }
            }
        };
        Ok(ShardOutput {
            target: target.to_path_buf(),
            sink,
            records: 0,
        })
    }

    fn write(&mut self, payload: &[u8]) -> Result<()> {
        match &mut self.sink {
            Sink::Local { temp, writer } => writer
                .write_record(payload)
                .with_context(|| format!("writing {}", temp.display()))?,
            Sink::Remote(writer) => writer.write_record(payload)?,
        }
        self.records += 1;
        Ok(())
    }

    /// Makes the shard appear under its name, whole; the records written.
    fn commit(self) -> Result<u64> {
        match self.sink {
            Sink::Local { temp, writer } => {
                let context = || format!("writing {}", temp.display());
                let mut buffered = writer.finish().with_context(context)?;
                buffered.flush().with_context(context)?;
                let file = buffered
                    .into_inner()
                    .map_err(|e| e.into_error())
                    .with_context(context)?;
                file.sync_all().with_context(context)?;
                std::fs::rename(&temp, &self.target).with_context(|| {
                    format!("renaming {} to {}", temp.display(), self.target.display())
                })?;
            }
            Sink::Remote(writer) => {
                let bytes = writer.finish()?;
                storage::write(&self.target, &bytes)
                    .with_context(|| format!("writing {}", self.target.display()))?;
            }
        }
        Ok(self.records)
    }
}
