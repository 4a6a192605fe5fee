//! The training input pipeline: TFRecord shards → batches of preprocessed images and tokens.
//!
//! Design (deterministic and exactly resumable, whatever the thread scheduling):
//! 1. Sharding: the sorted list of shard files is dealt round-robin to processes (file `i` goes to
//!    process `i % count`). Each process scans its files' record headers once at start-up
//!    ([`ShardIndex`]), which yields every record's byte offset (bad headers / truncated tails are
//!    reported then).
//! 2. Order: epoch `e` visits the process's records in an order that is a pure function of
//!    `(seed, e)`: files in a seeded random order, records of each file in sequence, passed through
//!    a seeded shuffle buffer (as `tf.data`'s `shuffle(buffer)`; a buffer of 0 or 1 keeps file order
//!    and does not shuffle files either). Epochs repeat forever unless `epochs` is set; batches run
//!    across epoch boundaries.
//! 3. Position: the stream is addressed by `(epoch, index in epoch)`. [`PipelineState`] is that
//!    pair for the record after the last one used by the last batch handed out, so a pipeline
//!    rebuilt from it continues with exactly the next batch.
//! 4. Work: a feeder thread walks the order and hands `(sequence number, record)` to worker
//!    threads, which read (CRC-checked), parse, decode, preprocess and tokenize. Random
//!    augmentation draws from an RNG seeded by `(seed, epoch, file, offset)`, so results do not
//!    depend on which worker ran them (nor on the worker count). A batcher thread puts results
//!    back in sequence order, drops bad records (counted, logged with file and offset; an error in
//!    strict mode), fills batches, and queues up to `prefetch` ready batches. The feeder keeps at
//!    most `4 × workers` records in flight, which bounds the reorder buffer.

use std::collections::BTreeMap;
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender, SyncSender};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};

use super::embedded::EmbeddedExample;
use super::example::{FeatureKeys, RawExample};
use super::image_ops::Preprocess;
pub use super::shards::resolve_files;
use super::text::{CaptionChoice, TextEncoder, TextEncoderConfig};
use super::tfrecord::RecordFile;
use super::{BadCounts, BadKind, BadRecord, DataError};
use crate::layout::BatchLayout;
use crate::tensor::{DType, HostTensor};

/// At most this many bad records are kept for [`Pipeline::bad_records`]; all are counted.
const BAD_RECORDS_KEPT: usize = 1000;
/// Records in flight per worker thread.
const IN_FLIGHT_PER_WORKER: usize = 4;
/// How often a feeder waiting for the batcher looks whether the pipeline is being dropped.
const STOP_POLL: std::time::Duration = std::time::Duration::from_millis(20);

/// Everything that defines a pipeline (loadable from YAML).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DataConfig {
    /// Shard files, folders whose (non-hidden) files are all shards, or globs; local paths or
    /// `gs://` / `s3://` URLs ([`resolve_files`]).
    pub files: Vec<PathBuf>,
    #[serde(default)]
    pub keys: FeatureKeys,
    pub preprocess: Preprocess,
    pub text: TextEncoderConfig,
    /// Global batch size: across all processes; each process produces `batch_size / count`.
    pub batch_size: usize,
    /// Devices of this process; each batch splits evenly over them ([`Batch::split`]).
    #[serde(default = "default_devices")]
    pub devices: usize,
    #[serde(default = "default_shuffle_buffer")]
    pub shuffle_buffer: usize,
    #[serde(default)]
    pub seed: u64,
    /// Stop after this many epochs (the last partial batch is dropped); `None` repeats forever.
    #[serde(default)]
    pub epochs: Option<u64>,
    /// Decode threads; 0 means one per available core.
    #[serde(default)]
    pub workers: usize,
    /// Ready batches queued ahead of the consumer.
    #[serde(default = "default_prefetch")]
    pub prefetch: usize,
    /// Turn the first bad record into an error instead of skipping it.
    #[serde(default)]
    pub strict: bool,
    /// The records are embedding records ([`super::embedded`]) whose embeddings have this size:
    /// batches carry those embeddings instead of images, and nothing is decoded (`preprocess`
    /// is then unused). `None`: image records.
    #[serde(default)]
    pub embedding_dim: Option<usize>,
}

fn default_devices() -> usize {
    1
}

/// Examples in the shuffle buffer unless configured (here and in a run's `data.shuffle_buffer`).
pub const DEFAULT_SHUFFLE_BUFFER: usize = 10_000;
/// Ready batches queued ahead of the consumer unless configured: one being consumed, one ready.
pub const DEFAULT_PREFETCH: usize = 2;

fn default_shuffle_buffer() -> usize {
    DEFAULT_SHUFFLE_BUFFER
}

fn default_prefetch() -> usize {
    DEFAULT_PREFETCH
}

/// Which share of the files this process reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sharding {
    pub index: usize,
    pub count: usize,
}

impl Sharding {
    pub const SINGLE: Sharding = Sharding { index: 0, count: 1 };
}

/// Where a pipeline stands: enough to rebuild it so it yields exactly the next batch.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PipelineState {
    pub epoch: u64,
    /// Index, in the epoch's order, of the next record to use.
    pub index: u64,
    /// Batches handed out so far (informational).
    pub batches: u64,
    /// Checked on restore: the order depends on them.
    pub seed: u64,
    pub sharding: Sharding,
}

/// One batch: images f32 [B, H, W, 3] (NaFlex: packed, [B, N, packed_width]; from embedding
/// records, their embeddings f32 [B, d]), tokens i32 [B, L], labels i32 [B] when configured.
#[derive(Clone, Debug, PartialEq)]
pub struct Batch {
    pub images: HostTensor,
    pub tokens: HostTensor,
    pub labels: Option<HostTensor>,
}

impl Batch {
    pub fn size(&self) -> usize {
        self.images.shape[0] as usize
    }

    /// Splits along the batch dimension into `parts` equal consecutive shards (one per device).
    pub fn split(&self, parts: usize) -> Result<Vec<Batch>, DataError> {
        let split = |t: &HostTensor| {
            t.split_rows(parts)
                .map_err(|e| DataError::Config(e.to_string()))
        };
        let images = split(&self.images)?;
        let tokens = split(&self.tokens)?;
        let labels: Vec<Option<HostTensor>> = match &self.labels {
            Some(l) => split(l)?.into_iter().map(Some).collect(),
            None => vec![None; parts],
        };
        Ok(images
            .into_iter()
            .zip(tokens)
            .zip(labels)
            .map(|((images, tokens), labels)| Batch {
                images,
                tokens,
                labels,
            })
            .collect())
    }
}

/// A record of this process: index into [`ShardIndex::files`] and header byte offset.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RecordRef {
    pub file: usize,
    pub offset: u64,
}

/// The record offsets of one process's shard files.
pub struct ShardIndex {
    files: Vec<Arc<RecordFile>>,
    /// Position of each file in the sorted list of all processes' files (seeds augmentation).
    global_file_ids: Vec<u64>,
    offsets: Vec<Vec<u64>>,
    scan_bad: Vec<BadRecord>,
}

impl ShardIndex {
    /// Scans the headers of this process's share of `files` (already resolved and sorted).
    pub fn build(files: &[PathBuf], sharding: Sharding, strict: bool) -> Result<Self, DataError> {
        if sharding.count == 0 || sharding.index >= sharding.count {
            return Err(DataError::Config(format!(
                "process index {} out of range for {} processes",
                sharding.index, sharding.count
            )));
        }
        let mine: Vec<(u64, &PathBuf)> = files
            .iter()
            .enumerate()
            .filter(|(i, _)| i % sharding.count == sharding.index)
            .map(|(i, p)| (i as u64, p))
            .collect();
        if mine.is_empty() {
            return Err(DataError::Config(format!(
                "{} shard files cannot feed process {} of {}",
                files.len(),
                sharding.index,
                sharding.count
            )));
        }
        let scans = scan_in_parallel(&mine)?;
        let mut index = ShardIndex {
            files: Vec::new(),
            global_file_ids: Vec::new(),
            offsets: Vec::new(),
            scan_bad: Vec::new(),
        };
        for ((global_id, _), (file, items)) in mine.iter().zip(scans) {
            let mut offsets = Vec::new();
            for item in items {
                match item {
                    Ok(span) => offsets.push(span.offset),
                    Err(bad) if strict => return Err(DataError::BadRecord(bad)),
                    Err(bad) => {
                        tracing::warn!(
                            file = %bad.path.display(),
                            offset = bad.offset,
                            "skipping bad record: {bad}"
                        );
                        index.scan_bad.push(bad);
                    }
                }
            }
            index.files.push(Arc::new(file));
            index.global_file_ids.push(*global_id);
            index.offsets.push(offsets);
        }
        Ok(index)
    }

    pub fn files(&self) -> &[Arc<RecordFile>] {
        &self.files
    }

    pub fn path(&self, record: RecordRef) -> &Path {
        self.files[record.file].path()
    }

    pub fn num_records(&self) -> usize {
        self.offsets.iter().map(Vec::len).sum()
    }

    /// Bad headers and truncated tails found while scanning.
    pub fn scan_bad(&self) -> &[BadRecord] {
        &self.scan_bad
    }

    /// The order in which epoch `epoch` visits this process's records (see the module header).
    pub fn epoch_order(&self, seed: u64, epoch: u64, shuffle_buffer: usize) -> Vec<RecordRef> {
        let mut rng = ChaCha8Rng::seed_from_u64(mix(&[seed, epoch, 0x005e_ed0f_0de4]));
        let mut file_order: Vec<usize> = (0..self.files.len()).collect();
        let shuffle = shuffle_buffer > 1;
        if shuffle {
            file_order.shuffle(&mut rng);
        }
        let stream = file_order.into_iter().flat_map(|file| {
            self.offsets[file]
                .iter()
                .map(move |&offset| RecordRef { file, offset })
        });
        if !shuffle {
            return stream.collect();
        }
        let mut order = Vec::with_capacity(self.num_records());
        let mut buffer = Vec::with_capacity(shuffle_buffer.min(self.num_records()));
        for record in stream {
            if buffer.len() < shuffle_buffer {
                buffer.push(record);
            } else {
                let slot = rng.gen_range(0..buffer.len());
                order.push(std::mem::replace(&mut buffer[slot], record));
            }
        }
        buffer.shuffle(&mut rng);
        order.extend(buffer);
        order
    }
}

#[allow(clippy::type_complexity)]
fn scan_in_parallel(
    files: &[(u64, &PathBuf)],
) -> Result<Vec<(RecordFile, Vec<super::tfrecord::ScanItem>)>, DataError> {
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .min(files.len());
    let chunk = files.len().div_ceil(threads);
    std::thread::scope(|scope| {
        let handles: Vec<_> = files
            .chunks(chunk)
            .map(|part| {
                scope.spawn(move || {
                    part.iter()
                        .map(|(_, path)| {
                            let file = RecordFile::open(path)?;
                            let items = file.scan_headers()?;
                            Ok((file, items))
                        })
                        .collect::<Result<Vec<_>, DataError>>()
                })
            })
            .collect();
        let mut all = Vec::with_capacity(files.len());
        for handle in handles {
            all.extend(handle.join().map_err(|_| DataError::WorkerGone)??);
        }
        Ok(all)
    })
}

/// SplitMix64 over several words: independent-looking seeds from structured inputs.
fn mix(words: &[u64]) -> u64 {
    let mut state = 0x9e37_79b9_7f4a_7c15u64;
    for &w in words {
        state = (state ^ w).wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        state = z ^ (z >> 31);
    }
    state
}

struct WorkItem {
    seq: u64,
    epoch: u64,
    index: u64,
    record: RecordRef,
}

/// A preprocessed example: image (or its embedding) as little-endian f32 bytes, tokens, label.
struct Ready {
    image: Vec<u8>,
    tokens: Vec<i32>,
    label: Option<i64>,
}

struct WorkResult {
    seq: u64,
    epoch: u64,
    index: u64,
    outcome: Result<Result<Ready, BadRecord>, DataError>,
}

type BatchMessage = Result<(Batch, PipelineState), DataError>;

/// What the worker threads share.
struct WorkerContext {
    index: Arc<ShardIndex>,
    keys: FeatureKeys,
    preprocess: Preprocess,
    text: TextEncoder,
    caption_choice: CaptionChoice,
    seed: u64,
    embedding_dim: Option<usize>,
}

impl WorkerContext {
    fn process(&self, item: &WorkItem) -> Result<Result<Ready, BadRecord>, DataError> {
        let file = &self.index.files[item.record.file];
        let bad = |kind, detail: String| BadRecord {
            path: file.path().to_path_buf(),
            offset: item.record.offset,
            kind,
            detail,
        };
        let payload = match file.read_record(item.record.offset) {
            Ok(payload) => payload,
            Err(DataError::BadRecord(b)) => return Ok(Err(b)),
            Err(e) => return Err(e),
        };
        // Seeded by the image record's place, which an embedding record carries along.
        let rng_for = |source_offset: u64| {
            ChaCha8Rng::seed_from_u64(mix(&[
                self.seed,
                item.epoch,
                self.index.global_file_ids[item.record.file],
                source_offset,
            ]))
        };
        let (image, captions, label, mut rng) = match self.embedding_dim {
            None => {
                let raw = match RawExample::parse(&payload, &self.keys) {
                    Ok(raw) => raw,
                    Err(e) => return Ok(Err(bad(BadKind::Example, e.to_string()))),
                };
                let mut rng = rng_for(item.record.offset);
                let pixels = match self.preprocess.run(&raw.image, &mut rng) {
                    Ok(pixels) => pixels,
                    Err(e) => return Ok(Err(bad(BadKind::Image, e.to_string()))),
                };
                (pixels, raw.captions, raw.label, rng)
            }
            Some(dim) => {
                let record = match EmbeddedExample::parse(&payload, &self.keys) {
                    Ok(record) => record,
                    Err(e) => return Ok(Err(bad(BadKind::Example, e))),
                };
                // Every record of a set has the same size: a wrong one is a wrong set.
                if record.embedding.len() != dim {
                    return Err(DataError::Config(format!(
                        "{} (record at byte {}): an embedding of size {}, but the model's image \
                         embeddings have size {dim}: these embedding shards were made with \
                         another image tower",
                        file.path().display(),
                        item.record.offset,
                        record.embedding.len()
                    )));
                }
                let rng = rng_for(record.source_offset);
                (record.embedding, record.captions, record.label, rng)
            }
        };
        let caption = match self.caption_choice {
            CaptionChoice::First => &captions[0],
            CaptionChoice::Random => &captions[rng.gen_range(0..captions.len())],
        };
        let tokens = self.text.encode(caption)?;
        let mut bytes = Vec::with_capacity(image.len() * 4);
        for v in image {
            bytes.extend_from_slice(&v.to_le_bytes());
        }
        Ok(Ok(Ready {
            image: bytes,
            tokens,
            label,
        }))
    }
}

/// A running pipeline; threads stop when it is dropped.
pub struct Pipeline {
    batches: Option<Receiver<BatchMessage>>,
    state: PipelineState,
    bad: Arc<Mutex<(BadCounts, Vec<BadRecord>)>>,
    stop: Arc<AtomicBool>,
    threads: Vec<JoinHandle<()>>,
    devices: usize,
}

impl Pipeline {
    /// Starts a pipeline at the beginning, or at `resume` (a state from [`Pipeline::state`]).
    pub fn new(
        config: &DataConfig,
        sharding: Sharding,
        resume: Option<PipelineState>,
    ) -> Result<Self, DataError> {
        Self::with_encoder(config, TextEncoder::new(&config.text)?, sharding, resume)
    }

    /// [`Pipeline::new`] with `config.text`'s encoder already loaded (by a caller that also
    /// uses it, so the tokenizer is read once).
    pub fn with_encoder(
        config: &DataConfig,
        encoder: TextEncoder,
        sharding: Sharding,
        resume: Option<PipelineState>,
    ) -> Result<Self, DataError> {
        // The processes' devices together, one replica each, as the train step runs them.
        let layout = BatchLayout::new(
            config.batch_size,
            config.devices * sharding.count,
            sharding.count,
        )
        .map_err(|e| DataError::Config(e.to_string()))?;
        let local_batch = layout.per_process();
        let image_row = match config.embedding_dim {
            Some(dim) => vec![dim as i64],
            None => config.preprocess.example_shape()?,
        };
        let state = match resume {
            None => PipelineState {
                epoch: 0,
                index: 0,
                batches: 0,
                seed: config.seed,
                sharding,
            },
            Some(s) if s.seed != config.seed || s.sharding != sharding => {
                return Err(DataError::Config(format!(
                    "saved pipeline state is for seed {} / process {} of {}, not seed {} / process {} of {}",
                    s.seed, s.sharding.index, s.sharding.count, config.seed, sharding.index, sharding.count
                )))
            }
            Some(s) => s,
        };
        let files = resolve_files(&config.files)?;
        let index = Arc::new(ShardIndex::build(&files, sharding, config.strict)?);
        if index.num_records() == 0 {
            return Err(DataError::Config(format!(
                "process {} of {} has no readable records",
                sharding.index, sharding.count
            )));
        }
        let mut bad = (BadCounts::default(), Vec::new());
        for b in index.scan_bad() {
            bad.0.add(b.kind);
            bad.1.push(b.clone());
        }
        let bad = Arc::new(Mutex::new(bad));
        let workers = if config.workers == 0 {
            std::thread::available_parallelism().map_or(1, |n| n.get())
        } else {
            config.workers
        };
        let context = Arc::new(WorkerContext {
            index: index.clone(),
            keys: config.keys.clone(),
            preprocess: config.preprocess.clone(),
            text: encoder,
            caption_choice: config.text.caption_choice,
            seed: config.seed,
            embedding_dim: config.embedding_dim,
        });
        let shapes = BatchShapes {
            batch: local_batch,
            image_row,
            text_len: config.text.max_len,
            labels: config.keys.label.is_some(),
        };

        let stop = Arc::new(AtomicBool::new(false));
        let (work_tx, work_rx) = mpsc::sync_channel::<WorkItem>(workers * IN_FLIGHT_PER_WORKER);
        let work_rx = Arc::new(Mutex::new(work_rx));
        let (result_tx, result_rx) = mpsc::channel::<WorkResult>();
        let (ticket_tx, ticket_rx) = mpsc::channel::<()>();
        let (batch_tx, batch_rx) = mpsc::sync_channel::<BatchMessage>(config.prefetch.max(1));

        let mut threads = Vec::new();
        let feeder = Feeder {
            index,
            seed: config.seed,
            shuffle_buffer: config.shuffle_buffer,
            epochs: config.epochs,
            start: (state.epoch, state.index),
            max_in_flight: workers * IN_FLIGHT_PER_WORKER,
            stop: stop.clone(),
        };
        threads.push(spawn("data-feeder", move || {
            feeder.run(work_tx, ticket_rx)
        })?);
        for w in 0..workers {
            let (context, work_rx, result_tx, stop) = (
                context.clone(),
                work_rx.clone(),
                result_tx.clone(),
                stop.clone(),
            );
            threads.push(spawn(&format!("data-worker-{w}"), move || {
                run_worker(&context, &work_rx, &result_tx, &stop)
            })?);
        }
        drop(result_tx);
        let batcher = Batcher {
            shapes,
            strict: config.strict,
            state,
            bad: bad.clone(),
        };
        threads.push(spawn("data-batcher", move || {
            batcher.run(result_rx, ticket_tx, batch_tx)
        })?);
        Ok(Pipeline {
            batches: Some(batch_rx),
            state,
            bad,
            stop,
            threads,
            devices: config.devices,
        })
    }

    /// The next batch of this process, or `None` when a finite number of epochs is done.
    pub fn next_batch(&mut self) -> Result<Option<Batch>, DataError> {
        let Some(batches) = &self.batches else {
            return Ok(None);
        };
        match batches.recv() {
            Ok(Ok((batch, state))) => {
                self.state = state;
                Ok(Some(batch))
            }
            Ok(Err(e)) => {
                self.batches = None;
                Err(e)
            }
            Err(_) => {
                self.batches = None;
                Ok(None)
            }
        }
    }

    /// The next batch already split into one shard per device.
    pub fn next_device_batches(&mut self) -> Result<Option<Vec<Batch>>, DataError> {
        let devices = self.devices;
        self.next_batch()?.map(|b| b.split(devices)).transpose()
    }

    /// Position after the last batch returned: pass it to [`Pipeline::new`] to resume.
    pub fn state(&self) -> PipelineState {
        self.state
    }

    /// Bad records seen so far (scan-time ones once; read-time ones each time they are read).
    pub fn bad_counts(&self) -> BadCounts {
        self.bad.lock().expect("bad-record lock").0.clone()
    }

    /// The first bad records seen (at most 1000), in stream order.
    pub fn bad_records(&self) -> Vec<BadRecord> {
        self.bad.lock().expect("bad-record lock").1.clone()
    }
}

impl Drop for Pipeline {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        self.batches = None;
        for thread in self.threads.drain(..) {
            // A panicked pipeline thread has already reported through its channel closing.
            let _ = thread.join();
        }
    }
}

fn spawn(name: &str, body: impl FnOnce() + Send + 'static) -> Result<JoinHandle<()>, DataError> {
    std::thread::Builder::new()
        .name(name.into())
        .spawn(body)
        .map_err(|source| DataError::Io {
            path: PathBuf::from(format!("<thread {name}>")),
            source,
        })
}

struct Feeder {
    index: Arc<ShardIndex>,
    seed: u64,
    shuffle_buffer: usize,
    epochs: Option<u64>,
    start: (u64, u64),
    max_in_flight: usize,
    stop: Arc<AtomicBool>,
}

impl Feeder {
    /// Waits until the batcher has taken one more record, or the pipeline stops (`false`).
    /// A worker that sees `stop` drops its record, so no ticket may ever come for it: without
    /// the periodic look at `stop`, dropping a pipeline whose feeder waits here would hang in
    /// `join` (feeder waits for a ticket, workers for work, the batcher for results).
    fn wait_for_ticket(&self, tickets: &Receiver<()>) -> bool {
        loop {
            match tickets.recv_timeout(STOP_POLL) {
                Ok(()) => return true,
                Err(RecvTimeoutError::Timeout) if !self.stop.load(Ordering::Relaxed) => {}
                Err(_) => return false,
            }
        }
    }

    fn run(self, work: SyncSender<WorkItem>, tickets: Receiver<()>) {
        let (mut epoch, mut index) = self.start;
        let mut seq = 0u64;
        let mut in_flight = 0usize;
        while self.epochs.is_none_or(|n| epoch < n) {
            let order = self
                .index
                .epoch_order(self.seed, epoch, self.shuffle_buffer);
            for (i, &record) in order.iter().enumerate().skip(index as usize) {
                if self.stop.load(Ordering::Relaxed) {
                    return;
                }
                if in_flight == self.max_in_flight {
                    if !self.wait_for_ticket(&tickets) {
                        return;
                    }
                    in_flight -= 1;
                }
                let item = WorkItem {
                    seq,
                    epoch,
                    index: i as u64,
                    record,
                };
                if work.send(item).is_err() {
                    return;
                }
                seq += 1;
                in_flight += 1;
            }
            epoch += 1;
            index = 0;
        }
    }
}

fn run_worker(
    context: &WorkerContext,
    work: &Mutex<Receiver<WorkItem>>,
    results: &Sender<WorkResult>,
    stop: &AtomicBool,
) {
    loop {
        let item = match work.lock().expect("work queue lock").recv() {
            Ok(item) => item,
            Err(_) => return,
        };
        if stop.load(Ordering::Relaxed) {
            return;
        }
        // A decoder that panics on hostile bytes costs that record only, not the pipeline.
        let outcome = std::panic::catch_unwind(AssertUnwindSafe(|| context.process(&item)))
            .unwrap_or_else(|panic| {
                let message = panic
                    .downcast_ref::<&str>()
                    .map(|m| m.to_string())
                    .or_else(|| panic.downcast_ref::<String>().cloned())
                    .unwrap_or_default();
                let file = &context.index.files[item.record.file];
                Ok(Err(BadRecord {
                    path: file.path().to_path_buf(),
                    offset: item.record.offset,
                    kind: BadKind::Image,
                    detail: format!("panic while processing: {message}"),
                }))
            });
        let result = WorkResult {
            seq: item.seq,
            epoch: item.epoch,
            index: item.index,
            outcome,
        };
        if results.send(result).is_err() {
            return;
        }
    }
}

struct BatchShapes {
    batch: usize,
    /// Shape of one example's image (`Preprocess::example_shape`) or embedding.
    image_row: Vec<i64>,
    text_len: usize,
    labels: bool,
}

struct Batcher {
    shapes: BatchShapes,
    strict: bool,
    state: PipelineState,
    bad: Arc<Mutex<(BadCounts, Vec<BadRecord>)>>,
}

impl Batcher {
    fn run(
        mut self,
        results: Receiver<WorkResult>,
        tickets: Sender<()>,
        batches: SyncSender<BatchMessage>,
    ) {
        let mut pending = BTreeMap::new();
        let mut next_seq = 0u64;
        let mut examples: Vec<Ready> = Vec::with_capacity(self.shapes.batch);
        // Usable records in the current epoch, when it was seen from its start: a whole epoch
        // without one would otherwise make the pipeline spin forever.
        let mut epoch = self.state.epoch;
        let mut usable_in_epoch = (self.state.index == 0).then_some(0u64);
        for result in results {
            pending.insert(result.seq, result);
            while let Some(result) = pending.remove(&next_seq) {
                next_seq += 1;
                // The feeder may have stopped; it then needs no more tickets.
                let _ = tickets.send(());
                if result.epoch != epoch {
                    if usable_in_epoch == Some(0) {
                        let _ = batches.send(Err(DataError::Config(format!(
                            "epoch {epoch} had no usable records"
                        ))));
                        return;
                    }
                    epoch = result.epoch;
                    usable_in_epoch = Some(0);
                }
                if let (Some(n), Ok(Ok(_))) = (usable_in_epoch.as_mut(), &result.outcome) {
                    *n += 1;
                }
                match result.outcome {
                    Err(e) => {
                        let _ = batches.send(Err(e));
                        return;
                    }
                    Ok(Err(bad)) if self.strict => {
                        let _ = batches.send(Err(DataError::BadRecord(bad)));
                        return;
                    }
                    Ok(Err(bad)) => self.record_bad(bad),
                    Ok(Ok(ready)) => {
                        examples.push(ready);
                        if examples.len() == self.shapes.batch {
                            self.state.epoch = result.epoch;
                            self.state.index = result.index + 1;
                            self.state.batches += 1;
                            let batch = self.assemble(std::mem::take(&mut examples));
                            if batches.send(Ok((batch, self.state))).is_err() {
                                return;
                            }
                        }
                    }
                }
            }
        }
    }

    fn record_bad(&self, bad: BadRecord) {
        tracing::warn!(
            file = %bad.path.display(),
            offset = bad.offset,
            "skipping bad record: {bad}"
        );
        let mut guard = self.bad.lock().expect("bad-record lock");
        guard.0.add(bad.kind);
        if guard.1.len() < BAD_RECORDS_KEPT {
            guard.1.push(bad);
        }
    }

    fn assemble(&self, examples: Vec<Ready>) -> Batch {
        let s = &self.shapes;
        let b = s.batch as i64;
        let mut images = Vec::with_capacity(examples.len() * examples[0].image.len());
        let mut tokens = Vec::with_capacity(s.batch * s.text_len * 4);
        let mut labels = Vec::with_capacity(s.batch * 4);
        for example in &examples {
            images.extend_from_slice(&example.image);
            for &t in &example.tokens {
                tokens.extend_from_slice(&t.to_le_bytes());
            }
            if let Some(label) = example.label {
                labels.extend_from_slice(&(label as i32).to_le_bytes());
            }
        }
        let tensor = |dtype, shape: &[i64], data| {
            HostTensor::from_bytes(dtype, shape, data).expect("batch buffers sized by shapes")
        };
        Batch {
            images: tensor(DType::F32, &[&[b], &s.image_row[..]].concat(), images),
            tokens: tensor(DType::I32, &[b, s.text_len as i64], tokens),
            labels: s.labels.then(|| tensor(DType::I32, &[b], labels)),
        }
    }
}
