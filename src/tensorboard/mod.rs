//! TensorBoard event files: `events.out.tfevents.<secs>.<host>.<pid>.<n>` in a run directory, a
//! TFRecord file (our framing and CRCs, `data::tfrecord`) of `Event` protos (`proto`). Scalars
//! go out as double tensors of the `scalars` plugin, text as string tensors of the `text`
//! plugin, a run's hyperparameters as the `hparams` plugin's session start, so that
//! TensorBoard's Scalars, Text and HParams views show them. Profiles for its profile plugin and
//! XProf: `xplane`.
//!
//! Each file starts with its format version and a `SessionLog.START` at the first step it will
//! write: a resumed run writes a new file, and TensorBoard drops the events of that step and
//! later that the interrupted run wrote before it (as `metrics.jsonl` drops their lines). Each
//! event is one write to the OS, so a killed run leaves at most a truncated last record, which
//! TensorBoard's reader skips. In a bucket (no appends) the object is rewritten whole after
//! each event, as `metrics.jsonl` is.

pub mod proto;
pub mod xplane;

use std::collections::{BTreeMap, HashSet};
use std::fs::{File, OpenOptions};
use std::io::{ErrorKind, Write};
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use prost::Message;

use crate::data::tfrecord::RecordWriter;
use crate::storage;
use proto::{
    Event, HParamsPluginData, Kind, PluginData, ProtoValue, SessionLog, SessionStartInfo, Summary,
    SummaryMetadata, TensorProto, TensorShapeProto, What,
};

/// What every event file's name holds (TensorBoard reads the files whose names contain it).
pub const EVENTS_FILE_MARK: &str = "tfevents";
const FILE_VERSION: &str = "brain.Event:2";
const SCALARS_PLUGIN: &str = "scalars";
const TEXT_PLUGIN: &str = "text";
const HPARAMS_PLUGIN: &str = "hparams";
/// The tag the HParams view reads a run's hyperparameters from.
pub const SESSION_START_INFO_TAG: &str = "_hparams_/session_start_info";

#[derive(Debug, thiserror::Error)]
#[error("{path}: {source}")]
pub struct EventsError {
    path: PathBuf,
    source: std::io::Error,
}

/// One hyperparameter's value, as the HParams view compares them.
#[derive(Clone, Debug, PartialEq)]
pub enum HParam {
    Number(f64),
    Bool(bool),
    Text(String),
}

/// Appends events to a new event file.
pub struct EventWriter {
    path: PathBuf,
    records: RecordWriter<Sink>,
    /// Tags whose metadata this file already holds (written with a tag's first value only).
    described: HashSet<String>,
}

impl EventWriter {
    /// A new event file in `dir` (which must exist) whose first event will be of step
    /// `next_step`.
    pub fn create(dir: &Path, next_step: u64) -> Result<Self, EventsError> {
        let stem = format!(
            "events.out.{EVENTS_FILE_MARK}.{:010}.{}.{}",
            unix_time().floor() as u64,
            hostname(),
            std::process::id()
        );
        // A second file of the same second and process (a run resumed at once) gets the next
        // number, which also sorts after the first, as TensorBoard reads files in name order.
        let mut number = 0;
        let (path, sink) = loop {
            let path = dir.join(format!("{stem}.{number}"));
            if storage::is_remote(&path) {
                match storage::exists(&path) {
                    Ok(false) => {
                        break (
                            path.clone(),
                            Sink::Object {
                                path,
                                bytes: Vec::new(),
                            },
                        )
                    }
                    Ok(true) => number += 1,
                    Err(e) => {
                        return Err(EventsError {
                            path,
                            source: std::io::Error::other(e),
                        })
                    }
                }
                continue;
            }
            match OpenOptions::new().write(true).create_new(true).open(&path) {
                Ok(file) => break (path, Sink::File(file)),
                Err(e) if e.kind() == ErrorKind::AlreadyExists => number += 1,
                Err(source) => return Err(EventsError { path, source }),
            }
        };
        let mut writer = EventWriter {
            path,
            records: RecordWriter::new(sink),
            described: HashSet::new(),
        };
        writer.write(0, What::FileVersion(FILE_VERSION.into()))?;
        writer.write(
            next_step,
            What::SessionLog(SessionLog {
                status: proto::SESSION_START,
            }),
        )?;
        Ok(writer)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Named scalars of one step, each under its name as the tag.
    pub fn scalars(
        &mut self,
        step: u64,
        values: &BTreeMap<String, f64>,
    ) -> Result<(), EventsError> {
        let values = values
            .iter()
            .map(|(tag, &value)| {
                let tensor = TensorProto {
                    dtype: proto::DT_DOUBLE,
                    tensor_shape: Some(TensorShapeProto::default()),
                    double_val: vec![value],
                    ..Default::default()
                };
                self.value(
                    tag,
                    tensor,
                    SCALARS_PLUGIN,
                    proto::DATA_CLASS_SCALAR,
                    vec![],
                )
            })
            .collect();
        self.write(step, What::Summary(Summary { value: values }))
    }

    /// A text (Markdown) under `tag`.
    pub fn text(&mut self, step: u64, tag: &str, text: &str) -> Result<(), EventsError> {
        let tensor = TensorProto {
            dtype: proto::DT_STRING,
            tensor_shape: Some(TensorShapeProto::default()),
            string_val: vec![text.as_bytes().to_vec()],
            ..Default::default()
        };
        let value = self.value(tag, tensor, TEXT_PLUGIN, proto::DATA_CLASS_TENSOR, vec![]);
        self.write(step, What::Summary(Summary { value: vec![value] }))
    }

    /// The run's hyperparameters, for the HParams view to compare runs by.
    pub fn hparams(&mut self, hparams: &BTreeMap<String, HParam>) -> Result<(), EventsError> {
        let hparams = hparams
            .iter()
            .map(|(name, value)| {
                let kind = match value {
                    HParam::Number(x) => Kind::Number(*x),
                    HParam::Bool(b) => Kind::Bool(*b),
                    HParam::Text(s) => Kind::String(s.clone()),
                };
                (name.clone(), ProtoValue { kind: Some(kind) })
            })
            .collect();
        let content = HParamsPluginData {
            version: 0,
            session_start_info: Some(SessionStartInfo {
                hparams,
                start_time_secs: unix_time(),
            }),
        }
        .encode_to_vec();
        // The plugin's summaries carry their data in the metadata and an empty float tensor.
        let empty = TensorProto {
            dtype: proto::DT_FLOAT,
            tensor_shape: Some(TensorShapeProto {
                dim: vec![proto::Dim { size: 0 }],
            }),
            ..Default::default()
        };
        let value = self.value(
            SESSION_START_INFO_TAG,
            empty,
            HPARAMS_PLUGIN,
            proto::DATA_CLASS_TENSOR,
            content,
        );
        self.write(0, What::Summary(Summary { value: vec![value] }))
    }

    /// A summary value, with its plugin's metadata if it is the tag's first in this file.
    fn value(
        &mut self,
        tag: &str,
        tensor: TensorProto,
        plugin: &str,
        data_class: i32,
        content: Vec<u8>,
    ) -> proto::Value {
        let metadata = self
            .described
            .insert(tag.to_string())
            .then(|| SummaryMetadata {
                plugin_data: Some(PluginData {
                    plugin_name: plugin.to_string(),
                    content,
                }),
                data_class,
            });
        proto::Value {
            tag: tag.to_string(),
            tensor: Some(tensor),
            metadata,
        }
    }

    fn write(&mut self, step: u64, what: What) -> Result<(), EventsError> {
        let event = Event {
            wall_time: unix_time(),
            step: step as i64,
            what: Some(what),
        };
        self.records
            .write_record(&event.encode_to_vec())
            .map_err(|source| EventsError {
                path: self.path.clone(),
                source,
            })
    }
}

/// Where an event file's bytes go.
enum Sink {
    /// A local file, appended to.
    File(File),
    /// An object in a bucket, rewritten whole from these bytes at each write.
    Object { path: PathBuf, bytes: Vec<u8> },
}

impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self {
            Sink::File(file) => file.write(buf),
            Sink::Object { path, bytes } => {
                bytes.extend_from_slice(buf);
                storage::write(path, bytes).map_err(std::io::Error::other)?;
                Ok(buf.len())
            }
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match self {
            Sink::File(file) => file.flush(),
            Sink::Object { .. } => Ok(()),
        }
    }
}

fn unix_time() -> f64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0.0, |d| d.as_secs_f64())
}

/// This machine's host name (what TensorBoard and XProf name a host's files by), `localhost`
/// where it cannot be read.
pub fn hostname() -> String {
    let mut buffer = [0u8; 256];
    // SAFETY: the buffer is valid for its length; gethostname writes at most that many bytes.
    let status = unsafe { libc::gethostname(buffer.as_mut_ptr().cast(), buffer.len()) };
    let end = buffer.iter().position(|&b| b == 0).unwrap_or(buffer.len());
    match std::str::from_utf8(&buffer[..end]) {
        Ok(name) if status == 0 && !name.is_empty() => name.to_string(),
        _ => "localhost".to_string(),
    }
}
