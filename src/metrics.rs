//! `RUN_DIR/metrics.jsonl`: one JSON object per logged step or evaluation, `{"step": N,
//! "loss": ..., "t": ..., "eval/<name>/<metric>": ...}`; the names of its keys, and the
//! [`Evaluator`] interface whose values go under `eval/`.
//!
//! The writer appends and hands each line to the OS in one write, so a killed run leaves at most
//! a truncated last line. Opening for a resumed run rewrites the file (atomically) without that
//! line and without the lines of steps after the resumed checkpoint, which the resumed run will
//! log again: curves never double. The reader skips a truncated last line.
//!
//! In a bucket (`gs://`, `s3://`) objects cannot be appended to: the writer keeps the file's text
//! and rewrites the whole object with each record (one object, read like a local file; a put is
//! atomic, so a reader never sees a torn line).

use std::collections::BTreeMap;
use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::model::ParamTree;
use crate::storage;

pub const METRICS_FILE: &str = "metrics.jsonl";
/// Evaluation metrics are keyed `eval/<name>/<metric>` ([`eval_key`]).
pub const EVAL_PREFIX: &str = "eval/";
/// A metric `M`'s value under a random ranking is logged beside it as `M_chance` ([`chance_key`]).
pub const CHANCE_SUFFIX: &str = "_chance";
const STEP_KEY: &str = "step";

/// The key of metric `metric` of the evaluation named `eval`.
pub fn eval_key(eval: &str, metric: &str) -> String {
    format!("{EVAL_PREFIX}{eval}/{metric}")
}

/// The key of `metric`'s chance level.
pub fn chance_key(metric: &str) -> String {
    format!("{metric}{CHANCE_SUFFIX}")
}

/// An evaluation: the training loop runs it every `every()` steps and at the end, `siglip eval`
/// once. It is declared here, below both `train` (which runs evaluators) and `eval` (which
/// implements them), so that neither imports the other.
pub trait Evaluator {
    fn name(&self) -> &str;
    fn every(&self) -> u64;
    /// Its metrics on `params`, keyed by metric alone (chance levels under [`chance_key`]).
    fn evaluate(&mut self, params: &ParamTree) -> anyhow::Result<BTreeMap<String, f64>>;

    /// [`Evaluator::evaluate`] keyed as `metrics.jsonl` holds it ([`eval_key`]).
    fn evaluate_keyed(&mut self, params: &ParamTree) -> anyhow::Result<BTreeMap<String, f64>> {
        let name = self.name().to_string();
        Ok(self
            .evaluate(params)?
            .into_iter()
            .map(|(metric, value)| (eval_key(&name, &metric), value))
            .collect())
    }
}

#[derive(Debug, thiserror::Error)]
pub enum MetricsError {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}:{line}: {message}")]
    Parse {
        path: PathBuf,
        line: usize,
        message: String,
    },
    #[error("{0} already exists; a fresh run does not append to another run's metrics")]
    Exists(PathBuf),
    #[error("metric name `{STEP_KEY}` is reserved for the step")]
    ReservedName,
    #[error(transparent)]
    Storage(#[from] crate::storage::StorageError),
}

/// One line of the file: a step and named scalars (NaN is stored as JSON `null`).
#[derive(Clone, Debug, PartialEq)]
pub struct Record {
    pub step: u64,
    pub values: BTreeMap<String, f64>,
}

/// Appends records to `RUN_DIR/metrics.jsonl`.
pub struct MetricsWriter {
    path: PathBuf,
    sink: Sink,
}

enum Sink {
    /// A local file, appended to.
    File(File),
    /// An object, rewritten whole from this text.
    Object(String),
}

impl MetricsWriter {
    /// Opens the metrics of a run. A fresh run (`resumed_step` = `None`) needs the file not to
    /// exist; a resumed run keeps only the records of steps up to `resumed_step`.
    pub fn open(run_dir: &Path, resumed_step: Option<u64>) -> Result<Self, MetricsError> {
        let path = run_dir.join(METRICS_FILE);
        if storage::is_remote(&path) {
            return Self::open_object(path, resumed_step);
        }
        let io = |source| MetricsError::Io {
            path: path.clone(),
            source,
        };
        match resumed_step {
            None => {
                if path.exists() {
                    return Err(MetricsError::Exists(path.clone()));
                }
            }
            Some(step) if path.exists() => {
                let kept: Vec<Record> = read(&path)?
                    .into_iter()
                    .filter(|r| r.step <= step)
                    .collect();
                let temp = path.with_extension("jsonl.tmp");
                let mut text = String::new();
                for record in &kept {
                    text.push_str(&to_line(record));
                }
                // Replaced atomically: a crash here leaves the old file or the new one.
                let mut file = File::create(&temp).map_err(io)?;
                file.write_all(text.as_bytes()).map_err(io)?;
                file.sync_all().map_err(io)?;
                fs::rename(&temp, &path).map_err(io)?;
            }
            Some(_) => {}
        }
        let file = OpenOptions::new()
            .create(true)
            .append(true)
            .open(&path)
            .map_err(io)?;
        Ok(MetricsWriter {
            path,
            sink: Sink::File(file),
        })
    }

    /// [`MetricsWriter::open`] for an object in a bucket.
    fn open_object(path: PathBuf, resumed_step: Option<u64>) -> Result<Self, MetricsError> {
        let exists = storage::is_file(&path)?;
        let text = match resumed_step {
            None if exists => return Err(MetricsError::Exists(path)),
            Some(step) if exists => {
                let kept = read(&path)?.into_iter().filter(|r| r.step <= step);
                let text: String = kept.map(|record| to_line(&record)).collect();
                storage::write(&path, text.as_bytes())?;
                text
            }
            _ => String::new(),
        };
        Ok(MetricsWriter {
            path,
            sink: Sink::Object(text),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Appends one line (a single write, so a crash cannot interleave or split earlier lines).
    pub fn write(&mut self, record: &Record) -> Result<(), MetricsError> {
        if record.values.contains_key(STEP_KEY) {
            return Err(MetricsError::ReservedName);
        }
        match &mut self.sink {
            Sink::File(file) => file
                .write_all(to_line(record).as_bytes())
                .map_err(|source| MetricsError::Io {
                    path: self.path.clone(),
                    source,
                }),
            Sink::Object(text) => {
                text.push_str(&to_line(record));
                Ok(storage::write(&self.path, text.as_bytes())?)
            }
        }
    }
}

fn to_line(record: &Record) -> String {
    let mut object = serde_json::Map::new();
    object.insert(STEP_KEY.into(), record.step.into());
    for (name, &value) in &record.values {
        // serde_json writes non-finite floats as null.
        object.insert(name.clone(), value.into());
    }
    let mut line = serde_json::Value::Object(object).to_string();
    line.push('\n');
    line
}

/// Every record of a metrics file, in file order. A last line without its newline (a crash
/// while writing it) is skipped; any other malformed line is an error.
pub fn read(path: &Path) -> Result<Vec<Record>, MetricsError> {
    let text = storage::read_to_string(path)?;
    let complete = match text.rfind('\n') {
        Some(end) => &text[..end],
        None => "",
    };
    complete
        .lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(i, line)| {
            parse_line(line).map_err(|message| MetricsError::Parse {
                path: path.to_path_buf(),
                line: i + 1,
                message,
            })
        })
        .collect()
}

fn parse_line(line: &str) -> Result<Record, String> {
    let object: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(line).map_err(|e| e.to_string())?;
    let mut step = None;
    let mut values = BTreeMap::new();
    for (name, value) in object {
        if name == STEP_KEY {
            step = Some(
                value
                    .as_u64()
                    .ok_or("`step` is not a non-negative integer")?,
            );
        } else if value.is_null() {
            values.insert(name, f64::NAN);
        } else {
            let number = value
                .as_f64()
                .ok_or_else(|| format!("`{name}` is not a number"))?;
            values.insert(name, number);
        }
    }
    Ok(Record {
        step: step.ok_or("no `step`")?,
        values,
    })
}
