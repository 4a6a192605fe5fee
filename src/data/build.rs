//! Dataset tools: writing TFRecord shards ([`ShardWriter`], into a new or empty folder only) from
//! a folder of images plus a captions file, and statistics over existing shards (records,
//! captions, image sizes, bad records).
//!
//! Captions file formats (image names are paths relative to the image folder):
//! - `.jsonl`: one object per line with `image` (or `file`), `caption` (string) or `captions`
//!   (array), optional integer `label`. Several lines for the same image add captions.
//! - `.csv`: a header naming the columns `image` (or `file`) and `caption`, optionally `label`;
//!   quoted fields as RFC 4180. Several rows for the same image add captions.

use std::collections::BTreeMap;
use std::fmt;
use std::fs::File;
use std::io::{BufWriter, Cursor};
use std::path::{Path, PathBuf};

use prost::Message;

use super::example::{Example, Feature, FeatureKeys, RawExample};
use super::text::captions_of_json;
use super::tfrecord::{RecordFile, RecordWriter};
use super::{BadCounts, BadKind, DataError};

/// Feature holding the source file name in built shards.
pub const FILENAME_KEY: &str = "image/filename";

/// Captions (and label) of one image.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Annotation {
    pub captions: Vec<String>,
    pub label: Option<i64>,
}

fn config_error(path: &Path, line: usize, msg: impl fmt::Display) -> DataError {
    DataError::Config(format!("{}:{line}: {msg}", path.display()))
}

/// Reads a `.jsonl` or `.csv` captions file into image name → annotation.
pub fn read_annotations(path: &Path) -> Result<BTreeMap<String, Annotation>, DataError> {
    let text = std::fs::read_to_string(path).map_err(|source| DataError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let mut out: BTreeMap<String, Annotation> = BTreeMap::new();
    let mut add = |name: String, captions: Vec<String>, label: Option<i64>| {
        let entry = out.entry(name).or_default();
        entry.captions.extend(captions);
        if label.is_some() {
            entry.label = label;
        }
    };
    match path.extension().and_then(|e| e.to_str()) {
        Some("jsonl") => {
            for (n, line) in text.lines().enumerate() {
                if line.trim().is_empty() {
                    continue;
                }
                let value: serde_json::Value =
                    serde_json::from_str(line).map_err(|e| config_error(path, n + 1, e))?;
                let name = ["image", "file"]
                    .iter()
                    .find_map(|k| value.get(*k).and_then(|v| v.as_str()))
                    .ok_or_else(|| config_error(path, n + 1, "no `image` field"))?;
                let captions = captions_of_json(&value)
                    .ok_or_else(|| config_error(path, n + 1, "no `caption` or `captions`"))?;
                add(
                    name.to_string(),
                    captions,
                    value.get("label").and_then(|l| l.as_i64()),
                );
            }
        }
        Some("csv") => {
            let rows = parse_csv(&text).map_err(|(line, msg)| config_error(path, line, msg))?;
            let Some((header, rows)) = rows.split_first() else {
                return Ok(out);
            };
            let column = |names: &[&str]| header.iter().position(|h| names.contains(&h.trim()));
            let image_col = column(&["image", "file"])
                .ok_or_else(|| config_error(path, 1, "header has no `image` column"))?;
            let caption_col = column(&["caption"])
                .ok_or_else(|| config_error(path, 1, "header has no `caption` column"))?;
            let label_col = column(&["label"]);
            for (n, row) in rows.iter().enumerate() {
                let field = |c: usize| {
                    row.get(c)
                        .ok_or_else(|| config_error(path, n + 2, "missing column"))
                };
                let label = match label_col {
                    Some(c) if !field(c)?.is_empty() => Some(
                        field(c)?
                            .parse()
                            .map_err(|e| config_error(path, n + 2, format!("label: {e}")))?,
                    ),
                    _ => None,
                };
                add(
                    field(image_col)?.clone(),
                    vec![field(caption_col)?.clone()],
                    label,
                );
            }
        }
        _ => {
            return Err(DataError::Config(format!(
                "{}: captions file must end in .jsonl or .csv",
                path.display()
            )))
        }
    }
    Ok(out)
}

/// RFC 4180 CSV: rows of fields; errors carry the 1-based line.
fn parse_csv(text: &str) -> Result<Vec<Vec<String>>, (usize, &'static str)> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut in_quotes = false;
    let mut line = 1;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (in_quotes, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => in_quotes = false,
            (true, c) => {
                line += (c == '\n') as usize;
                field.push(c);
            }
            (false, '"') if field.is_empty() => in_quotes = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\r') => {}
            (false, '\n') => {
                line += 1;
                row.push(std::mem::take(&mut field));
                if !(row.len() == 1 && row[0].is_empty()) {
                    rows.push(std::mem::take(&mut row));
                }
                row.clear();
            }
            (false, c) => field.push(c),
        }
    }
    if in_quotes {
        return Err((line, "unterminated quoted field"));
    }
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        rows.push(row);
    }
    Ok(rows)
}

/// Name of shard `index` of `count` in a built dataset.
pub fn shard_name(index: usize, count: usize) -> String {
    format!("data-{index:05}-of-{count:05}.tfrecord")
}

/// Refuses an output folder that already holds files: the pipeline reads every non-hidden file of
/// a folder as a shard, so writing next to old shards would mix data sets or overwrite them.
pub fn ensure_empty_dir(dir: &Path) -> Result<(), DataError> {
    let listing = match std::fs::read_dir(dir) {
        Ok(listing) => listing,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(source) => {
            return Err(DataError::Io {
                path: dir.to_path_buf(),
                source,
            })
        }
    };
    if let Some(entry) = listing.into_iter().next() {
        let entry = entry.map_err(|source| DataError::Io {
            path: dir.to_path_buf(),
            source,
        })?;
        return Err(DataError::Config(format!(
            "{} is not empty (it holds {}); refusing to write shards there",
            dir.display(),
            entry.file_name().to_string_lossy()
        )));
    }
    Ok(())
}

/// `tf.Example`s dealt round-robin over `count` new shard files ([`shard_name`]) in one folder.
pub struct ShardWriter {
    writers: Vec<(PathBuf, RecordWriter<BufWriter<File>>)>,
    written: usize,
}

impl ShardWriter {
    /// Creates `out` if missing and its `count` shard files (the caller has checked the folder).
    pub fn create(out: &Path, count: usize) -> Result<Self, DataError> {
        if count == 0 {
            return Err(DataError::Config("need at least one shard".into()));
        }
        std::fs::create_dir_all(out).map_err(io_error(out))?;
        let writers = (0..count)
            .map(|i| {
                let path = out.join(shard_name(i, count));
                let file = File::create(&path).map_err(io_error(&path))?;
                Ok((path, RecordWriter::new(BufWriter::new(file))))
            })
            .collect::<Result<_, DataError>>()?;
        Ok(ShardWriter {
            writers,
            written: 0,
        })
    }

    /// Appends `example` to the next shard in turn.
    pub fn write(&mut self, example: &Example) -> Result<(), DataError> {
        let count = self.writers.len();
        let (path, writer) = &mut self.writers[self.written % count];
        writer
            .write_record(&example.encode_to_vec())
            .map_err(io_error(path))?;
        self.written += 1;
        Ok(())
    }

    /// Flushes every shard; returns each shard and its record count.
    pub fn finish(self) -> Result<Vec<(PathBuf, u64)>, DataError> {
        self.writers
            .into_iter()
            .map(|(path, writer)| {
                let records = writer.records_written();
                writer.finish().map_err(io_error(&path))?;
                Ok((path, records))
            })
            .collect()
    }
}

fn io_error(path: &Path) -> impl FnOnce(std::io::Error) -> DataError {
    let path = path.to_path_buf();
    move |source| DataError::Io { path, source }
}

/// Whether `name` is a [`shard_name`] (of any index and count).
pub fn is_shard_name(name: &str) -> bool {
    let digits = |s: &str| s.len() >= 5 && s.bytes().all(|b| b.is_ascii_digit());
    name.strip_prefix("data-")
        .and_then(|rest| rest.strip_suffix(".tfrecord"))
        .and_then(|rest| rest.split_once("-of-"))
        .is_some_and(|(index, count)| digits(index) && digits(count))
}

/// What [`build_shards`] wrote.
#[derive(Clone, Debug, PartialEq)]
pub struct BuildReport {
    /// Each shard and its record count.
    pub shards: Vec<(PathBuf, u64)>,
    /// Images named in the captions file but not found in the image folder.
    pub missing_images: Vec<String>,
    /// Shards of an earlier build removed from the output folder (`overwrite`).
    pub removed: Vec<PathBuf>,
}

/// Makes `out` ready for a build's shards. Shard folders are read whole ([`super::pipeline::resolve_files`]),
/// so anything already there would be mixed into the dataset: other files stop the build,
/// shards of an earlier build do too unless `overwrite` (then they are removed).
fn prepare_out_dir(out: &Path, overwrite: bool) -> Result<Vec<PathBuf>, DataError> {
    let io = |source| DataError::Io {
        path: out.to_path_buf(),
        source,
    };
    if out.exists() && !out.is_dir() {
        return Err(DataError::Config(format!(
            "--out {} exists and is not a folder",
            out.display()
        )));
    }
    let mut ours = Vec::new();
    let mut others = Vec::new();
    if out.is_dir() {
        for entry in std::fs::read_dir(out).map_err(io)? {
            let path = entry.map_err(io)?.path();
            let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
            match name {
                Some(n) if n.starts_with('.') || !path.is_file() => {}
                Some(n) if is_shard_name(&n) => ours.push(path),
                _ => others.push(path),
            }
        }
    }
    ours.sort();
    others.sort();
    if let Some(first) = others.first() {
        return Err(DataError::Config(format!(
            "--out {} holds {} file(s) that are not shards (e.g. {}); they would be read as part \
             of the dataset: choose an empty or new folder",
            out.display(),
            others.len(),
            first.display()
        )));
    }
    if let Some(first) = ours.first() {
        if !overwrite {
            return Err(DataError::Config(format!(
                "--out {} already holds {} shard(s) of an earlier build (e.g. {}); pass \
                 --overwrite to replace them, or choose another folder",
                out.display(),
                ours.len(),
                first.display()
            )));
        }
    }
    for path in &ours {
        std::fs::remove_file(path).map_err(|source| DataError::Io {
            path: path.clone(),
            source,
        })?;
    }
    std::fs::create_dir_all(out).map_err(io)?;
    Ok(ours)
}

/// Writes one `tf.Example` per annotated image (encoded bytes kept as they are), dealt
/// round-robin in name order over `shards` files in `out`. Everything that can be checked
/// beforehand is, before anything is written: the image folder, that at least one named image
/// is in it, and that `out` holds no other files ([`prepare_out_dir`]).
pub fn build_shards(
    images: &Path,
    annotations: &BTreeMap<String, Annotation>,
    out: &Path,
    shards: usize,
    keys: &FeatureKeys,
    overwrite: bool,
) -> Result<BuildReport, DataError> {
    if shards == 0 {
        return Err(DataError::Config("need at least one shard".into()));
    }
    if !images.is_dir() {
        return Err(DataError::Config(format!(
            "image folder {} {}",
            images.display(),
            if images.exists() {
                "is not a folder"
            } else {
                "does not exist"
            }
        )));
    }
    if annotations.is_empty() {
        return Err(DataError::Config(
            "the captions file names no images".into(),
        ));
    }
    let (present, missing_images): (Vec<_>, Vec<_>) = annotations
        .iter()
        .partition(|(name, _)| images.join(name).is_file());
    let missing_images: Vec<String> = missing_images.into_iter().map(|(n, _)| n.clone()).collect();
    if present.is_empty() {
        return Err(DataError::Config(format!(
            "none of the {} images named in the captions file is in {} (the first is {})",
            annotations.len(),
            images.display(),
            images.join(&missing_images[0]).display()
        )));
    }
    if !missing_images.is_empty() {
        tracing::warn!(
            "{} of {} images named in the captions file are not in {} (skipped; the first is {})",
            missing_images.len(),
            annotations.len(),
            images.display(),
            missing_images[0]
        );
    }
    let removed = prepare_out_dir(out, overwrite)?;
    let mut writer = ShardWriter::create(out, shards)?;
    for (name, annotation) in present {
        let image_path = images.join(name);
        let image = std::fs::read(&image_path).map_err(io_error(&image_path))?;
        let raw = RawExample {
            image,
            captions: annotation.captions.clone(),
            label: annotation.label,
        };
        let mut example = raw.to_example(keys);
        if let Some(features) = example.features.as_mut() {
            features.feature.insert(
                FILENAME_KEY.into(),
                Feature::bytes(vec![name.as_bytes().to_vec()]),
            );
        }
        writer.write(&example)?;
    }
    Ok(BuildReport {
        shards: writer.finish()?,
        missing_images,
        removed,
    })
}

/// Summary of a set of shards.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DatasetStats {
    pub files: usize,
    pub bytes: u64,
    pub records: u64,
    pub captions: u64,
    pub min_captions: Option<usize>,
    pub max_captions: usize,
    pub labelled: u64,
    /// (width, height) extremes and sum, over records whose image header could be read.
    pub min_size: Option<(u32, u32)>,
    pub max_size: Option<(u32, u32)>,
    pub sum_pixels: u64,
    pub sized_images: u64,
    /// Images with an alpha channel (composited over the `decode` background when preprocessed).
    pub with_alpha: u64,
    pub bad: BadCounts,
}

/// An encoded image's (width, height) and whether it has an alpha channel (RGBA, grey + alpha,
/// or a palette with a tRNS chunk, which the PNG decoder expands to RGBA), from its header.
fn image_header(encoded: &[u8]) -> Result<((u32, u32), bool), String> {
    use image::ImageDecoder;
    let decoder = image::ImageReader::new(Cursor::new(encoded))
        .with_guessed_format()
        .map_err(|e| e.to_string())?
        .into_decoder()
        .map_err(|e| e.to_string())?;
    Ok((decoder.dimensions(), decoder.color_type().has_alpha()))
}

/// Reads every record of `files` (full CRC checks), parses it and reads the image header.
pub fn dataset_stats(files: &[PathBuf], keys: &FeatureKeys) -> Result<DatasetStats, DataError> {
    let mut stats = DatasetStats {
        files: files.len(),
        ..Default::default()
    };
    for path in files {
        let file = RecordFile::open(path)?;
        stats.bytes += file.size();
        for item in file.read_all()? {
            let (offset, payload) = match item {
                Ok(record) => record,
                Err(bad) => {
                    tracing::warn!("{bad}");
                    stats.bad.add(bad.kind);
                    continue;
                }
            };
            stats.records += 1;
            let raw = match RawExample::parse(&payload, keys) {
                Ok(raw) => raw,
                Err(e) => {
                    tracing::warn!(
                        "{}: bad example at byte offset {offset}: {e}",
                        path.display()
                    );
                    stats.bad.add(BadKind::Example);
                    continue;
                }
            };
            stats.captions += raw.captions.len() as u64;
            stats.min_captions = Some(
                stats
                    .min_captions
                    .map_or(raw.captions.len(), |m| m.min(raw.captions.len())),
            );
            stats.max_captions = stats.max_captions.max(raw.captions.len());
            stats.labelled += raw.label.is_some() as u64;
            match image_header(&raw.image) {
                Ok(((w, h), alpha)) => {
                    stats.with_alpha += alpha as u64;
                    stats.sized_images += 1;
                    stats.sum_pixels += w as u64 * h as u64;
                    let area = |s: (u32, u32)| s.0 as u64 * s.1 as u64;
                    if stats.min_size.is_none_or(|m| area((w, h)) < area(m)) {
                        stats.min_size = Some((w, h));
                    }
                    if stats.max_size.is_none_or(|m| area((w, h)) > area(m)) {
                        stats.max_size = Some((w, h));
                    }
                }
                Err(e) => {
                    tracing::warn!("{}: bad image at byte offset {offset}: {e}", path.display());
                    stats.bad.add(BadKind::Image);
                }
            }
        }
    }
    Ok(stats)
}

impl fmt::Display for DatasetStats {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "files:    {} ({} bytes)", self.files, self.bytes)?;
        writeln!(f, "records:  {} ({} labelled)", self.records, self.labelled)?;
        writeln!(
            f,
            "captions: {} (per record min {}, max {})",
            self.captions,
            self.min_captions.unwrap_or(0),
            self.max_captions
        )?;
        match (self.min_size, self.max_size) {
            (Some((w0, h0)), Some((w1, h1))) => writeln!(
                f,
                "images:   smallest {w0}x{h0}, largest {w1}x{h1}, mean {:.0} pixels; {} with \
                 alpha (drawn over the decode background, white unless set)",
                self.sum_pixels as f64 / self.sized_images as f64,
                self.with_alpha
            )?,
            _ => writeln!(f, "images:   none readable")?,
        }
        write!(f, "failures: {} ({})", self.bad.total(), self.bad)
    }
}
