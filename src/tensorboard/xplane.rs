//! Profiles where TensorBoard's profile plugin and XProf look for them:
//! `LOGDIR/plugins/profile/<session>/<host>.xplane.pb`, one `XSpace` (the protos of
//! `tsl/profiler/protobuf/xplane.proto`, hand-declared for prost with its field numbers). We
//! write the host's side: one plane, `/host:CPU`, with a line per kind of work and an event per
//! stretch of it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use prost::Message;

/// The plane XProf's trace viewer shows the host's threads from.
pub const HOST_PLANE: &str = "/host:CPU";
/// Where profiles go under a log directory.
pub const PROFILE_DIR: &str = "plugins/profile";

#[derive(Clone, PartialEq, Message)]
struct XSpace {
    #[prost(message, repeated, tag = "1")]
    planes: Vec<XPlane>,
    #[prost(string, repeated, tag = "3")]
    warnings: Vec<String>,
    #[prost(string, repeated, tag = "4")]
    hostnames: Vec<String>,
}

#[derive(Clone, PartialEq, Message)]
struct XPlane {
    #[prost(int64, tag = "1")]
    id: i64,
    #[prost(string, tag = "2")]
    name: String,
    #[prost(message, repeated, tag = "3")]
    lines: Vec<XLine>,
    #[prost(btree_map = "int64, message", tag = "4")]
    event_metadata: BTreeMap<i64, XEventMetadata>,
}

#[derive(Clone, PartialEq, Message)]
struct XLine {
    #[prost(int64, tag = "1")]
    id: i64,
    #[prost(string, tag = "2")]
    name: String,
    #[prost(int64, tag = "3")]
    timestamp_ns: i64,
    #[prost(message, repeated, tag = "4")]
    events: Vec<XEvent>,
    #[prost(int64, tag = "9")]
    duration_ps: i64,
    #[prost(int64, tag = "10")]
    display_id: i64,
}

#[derive(Clone, PartialEq, Message)]
struct XEvent {
    #[prost(int64, tag = "1")]
    metadata_id: i64,
    /// From the line's `timestamp_ns`.
    #[prost(int64, tag = "2")]
    offset_ps: i64,
    #[prost(int64, tag = "3")]
    duration_ps: i64,
}

#[derive(Clone, PartialEq, Message)]
struct XEventMetadata {
    #[prost(int64, tag = "1")]
    id: i64,
    #[prost(string, tag = "2")]
    name: String,
}

/// One stretch of work: its name (what the trace viewer shows), start (ns since the Unix epoch)
/// and length (ns).
#[derive(Clone, Debug, PartialEq)]
pub struct Stretch {
    pub name: String,
    pub start_ns: i64,
    pub duration_ns: i64,
}

/// The host plane with one line per `(line name, stretches)`, serialised as an `XSpace` for
/// `host`; `warnings` (why something is missing) go into the space.
pub fn host_space(host: &str, lines: &[(&str, Vec<Stretch>)], warnings: &[String]) -> Vec<u8> {
    let mut event_metadata = BTreeMap::new();
    let mut ids: BTreeMap<&str, i64> = BTreeMap::new();
    let lines = lines
        .iter()
        .zip(1..)
        .filter(|((_, stretches), _)| !stretches.is_empty())
        .map(|((name, stretches), id)| {
            let start = stretches.iter().map(|s| s.start_ns).min().unwrap_or(0);
            let end = stretches
                .iter()
                .map(|s| s.start_ns + s.duration_ns)
                .max()
                .unwrap_or(start);
            let events = stretches
                .iter()
                .map(|s| {
                    let next = ids.len() as i64 + 1;
                    let metadata_id = *ids.entry(s.name.as_str()).or_insert(next);
                    event_metadata.insert(
                        metadata_id,
                        XEventMetadata {
                            id: metadata_id,
                            name: s.name.clone(),
                        },
                    );
                    XEvent {
                        metadata_id,
                        offset_ps: (s.start_ns - start) * 1000,
                        duration_ps: s.duration_ns * 1000,
                    }
                })
                .collect();
            XLine {
                id,
                display_id: id,
                name: name.to_string(),
                timestamp_ns: start,
                duration_ps: (end - start) * 1000,
                events,
            }
        })
        .collect();
    XSpace {
        planes: vec![XPlane {
            id: 1,
            name: HOST_PLANE.into(),
            lines,
            event_metadata,
        }],
        warnings: warnings.to_vec(),
        hostnames: vec![host.to_string()],
    }
    .encode_to_vec()
}

/// The file a profile session `session` of `host` goes to under `logdir`.
pub fn profile_path(logdir: &Path, session: &str, host: &str) -> PathBuf {
    logdir
        .join(PROFILE_DIR)
        .join(session)
        .join(format!("{host}.xplane.pb"))
}
