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
    /// Creates `out` (which must be missing or empty) and its `count` shard files.
    pub fn create(out: &Path, count: usize) -> Result<Self, DataError> {
        if count == 0 {
            return Err(DataError::Config("need at least one shard".into()));
        }
        ensure_empty_dir(out)?;
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

/// What [`build_shards`] wrote.
#[derive(Clone, Debug, PartialEq)]
pub struct BuildReport {
    /// Each shard and its record count.
    pub shards: Vec<(PathBuf, u64)>,
    /// Images named in the captions file but not found in the image folder.
    pub missing_images: Vec<String>,
}

/// Writes one `tf.Example` per annotated image (encoded bytes kept as they are), dealt
/// round-robin in name order over `shards` files in `out` (missing or empty).
pub fn build_shards(
    images: &Path,
    annotations: &BTreeMap<String, Annotation>,
    out: &Path,
    shards: usize,
    keys: &FeatureKeys,
) -> Result<BuildReport, DataError> {
    let mut writer = ShardWriter::create(out, shards)?;
    let mut missing_images = Vec::new();
    for (name, annotation) in annotations {
        let image_path = images.join(name);
        let image = match std::fs::read(&image_path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                tracing::warn!("image {} not found; skipped", image_path.display());
                missing_images.push(name.clone());
                continue;
            }
            Err(e) => return Err(io_error(&image_path)(e)),
        };
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
    pub bad: BadCounts,
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
            let dims = image::ImageReader::new(Cursor::new(&raw.image))
                .with_guessed_format()
                .map_err(|e| e.to_string())
                .and_then(|r| r.into_dimensions().map_err(|e| e.to_string()));
            match dims {
                Ok((w, h)) => {
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
                "images:   smallest {w0}x{h0}, largest {w1}x{h1}, mean {:.0} pixels",
                self.sum_pixels as f64 / self.sized_images as f64
            )?,
            _ => writeln!(f, "images:   none readable")?,
        }
        write!(f, "failures: {} ({})", self.bad.total(), self.bad)
    }
}
