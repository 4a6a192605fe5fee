//! Input pipeline: TFRecord shards of `tf.Example`s (image bytes + captions [+ label]) turned into
//! fixed-shape batches (`images` f32 NHWC, `tokens` i32 [B, L]) for the trainer.
//!
//! - [`tfrecord`]: file framing, masked CRC32C, writing, reading that survives corruption.
//! - [`example`]: `tf.Example` protos and the image / caption / label fields.
//! - [`image_ops`]: decode + big_vision-style preprocessing ops, configured as a list.
//! - [`text`]: Hugging Face tokenizer with fixed length and "sticky EOS"; Unigram training.
//! - [`embedded`]: embedding records (SigLiT's frozen tower's embeddings with the text side).
//! - [`shards`]: where shards are (folders, globs, files, lists; local or in a bucket).
//! - [`pipeline`]: sharding, shuffling, repeat, worker threads, prefetch, resumable position.
//! - [`build`]: writing shards from an image folder + captions file; dataset statistics.
//! - [`synth`]: a procedurally drawn toy data set (shapes with describing captions).
//!
//! Bad data (truncated file, bad length or data CRC, undecodable image, missing feature) is a
//! [`BadRecord`]: skipped, counted and logged with file and byte offset, or a hard error when the
//! caller asks for strict mode.

use std::fmt;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

pub mod build;
pub mod embedded;
pub mod example;
pub mod image_ops;
pub mod naflex;
pub mod pipeline;
pub mod shards;
pub mod synth;
pub mod text;
pub mod tfrecord;

pub use example::{FeatureKeys, RawExample};
pub use image_ops::{ImageOp, Preprocess};
pub use pipeline::{Batch, DataConfig, Pipeline, PipelineState};
pub use shards::ShardEntries;
pub use text::{PaddingSide, TextEncoder, TextEncoderConfig, TextPadding};

/// What was wrong with a record.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BadKind {
    /// The header's length CRC did not match.
    LengthCrc,
    /// The payload's CRC did not match.
    DataCrc,
    /// The file ends inside a header or a record.
    Truncated,
    /// The payload is not a `tf.Example`, or a feature is missing, empty or of the wrong type.
    Example,
    /// The image bytes did not decode, or preprocessing could not apply to the image.
    Image,
}

impl BadKind {
    pub const ALL: [BadKind; 5] = [
        BadKind::LengthCrc,
        BadKind::DataCrc,
        BadKind::Truncated,
        BadKind::Example,
        BadKind::Image,
    ];

    pub fn name(self) -> &'static str {
        match self {
            BadKind::LengthCrc => "bad length crc",
            BadKind::DataCrc => "bad data crc",
            BadKind::Truncated => "truncated",
            BadKind::Example => "bad example",
            BadKind::Image => "bad image",
        }
    }
}

impl fmt::Display for BadKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A record (or stretch of a file) that cannot be used, located by file and byte offset.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{}: {kind} at byte offset {offset}: {detail}", path.display())]
pub struct BadRecord {
    pub path: PathBuf,
    pub offset: u64,
    pub kind: BadKind,
    pub detail: String,
}

/// Errors of the data module.
#[derive(Debug, thiserror::Error)]
pub enum DataError {
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}: not a TFRecord file (no record in it reads; first problem: {first_problem})", path.display())]
    NotTfRecord {
        path: PathBuf,
        first_problem: String,
    },
    #[error("bad record (strict mode): {0}")]
    BadRecord(BadRecord),
    #[error("invalid data config: {0}")]
    Config(String),
    #[error("tokenizer: {0}")]
    Tokenizer(String),
    #[error("pipeline worker stopped unexpectedly")]
    WorkerGone,
    #[error(transparent)]
    Storage(#[from] crate::storage::StorageError),
}

/// Counts of bad records by kind.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BadCounts {
    pub counts: std::collections::BTreeMap<BadKind, u64>,
}

impl BadCounts {
    pub fn add(&mut self, kind: BadKind) {
        *self.counts.entry(kind).or_default() += 1;
    }

    pub fn get(&self, kind: BadKind) -> u64 {
        self.counts.get(&kind).copied().unwrap_or(0)
    }

    pub fn total(&self) -> u64 {
        self.counts.values().sum()
    }
}

impl fmt::Display for BadCounts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts: Vec<String> = BadKind::ALL
            .iter()
            .map(|&k| format!("{}: {}", k.name(), self.get(k)))
            .collect();
        f.write_str(&parts.join(", "))
    }
}
