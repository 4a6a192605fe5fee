//! An evaluation set: every example of its shards (`ShardEntries`) read once, files in sorted order
//! and records in file order, each image preprocessed as training does (random ops draw from a
//! fixed per-example seed, so two reads give the same pixels), with all its captions and its
//! label. A bad record is an error naming its file and offset: an evaluation that silently
//! scores fewer examples would not be comparable.

use std::path::Path;

use anyhow::{ensure, Context, Result};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

use crate::data::tfrecord::RecordFile;
use crate::data::{FeatureKeys, Preprocess, RawExample, ShardEntries};
use crate::tensor::HostTensor;

pub struct EvalSet {
    /// `[n, H, W, 3]` f32, preprocessed (NaFlex: packed, `[n, N, packed_width]`).
    pub images: HostTensor,
    /// Each example's captions (at least one).
    pub captions: Vec<Vec<String>>,
    /// Each example's label (all `Some` when `keys.label` is set).
    pub labels: Vec<Option<i64>>,
}

impl EvalSet {
    pub fn read(
        data: &ShardEntries,
        keys: &FeatureKeys,
        preprocess: &Preprocess,
    ) -> Result<EvalSet> {
        let files = data.resolve("data")?;
        let mut raws = Vec::new();
        for path in &files {
            for item in RecordFile::open(path)?.read_all()? {
                let (offset, payload) = item?;
                let raw = RawExample::parse(&payload, keys)
                    .with_context(|| format!("{} at byte offset {offset}", path.display()))?;
                raws.push((path.as_path(), offset, raw));
            }
        }
        ensure!(
            !raws.is_empty(),
            "its {} shard file(s) hold no examples",
            files.len()
        );
        let pixels = decode_all(&raws, preprocess)?;
        let shape: Vec<i64> = std::iter::once(raws.len() as i64)
            .chain(preprocess.example_shape()?)
            .collect();
        let images = HostTensor::from_slice(&shape, &pixels)?;
        let (captions, labels) = raws
            .into_iter()
            .map(|(_, _, raw)| (raw.captions, raw.label))
            .unzip();
        Ok(EvalSet {
            images,
            captions,
            labels,
        })
    }

    pub fn len(&self) -> usize {
        self.captions.len()
    }

    pub fn is_empty(&self) -> bool {
        self.captions.is_empty()
    }
}

/// The preprocessed pixels of every example, concatenated, decoded on all cores.
fn decode_all(raws: &[(&Path, u64, RawExample)], preprocess: &Preprocess) -> Result<Vec<f32>> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let chunk = raws.len().div_ceil(threads);
    let decode = |(index, (path, offset, raw)): (usize, &(&Path, u64, RawExample))| {
        let mut rng = ChaCha8Rng::seed_from_u64(index as u64);
        preprocess
            .run(&raw.image, &mut rng)
            .with_context(|| format!("{} at byte offset {offset}", path.display()))
    };
    let parts: Vec<Result<Vec<Vec<f32>>>> = std::thread::scope(|scope| {
        let handles: Vec<_> = raws
            .chunks(chunk)
            .enumerate()
            .map(|(c, part)| {
                scope.spawn(move || -> Result<Vec<Vec<f32>>> {
                    part.iter()
                        .enumerate()
                        .map(|(i, example)| decode((c * chunk + i, example)))
                        .collect()
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("a decode thread panicked"))
            .collect()
    });
    let mut pixels = Vec::new();
    for part in parts {
        pixels.extend(part?.into_iter().flatten());
    }
    Ok(pixels)
}
