//! Profiles where TensorBoard's profile plugin and XProf look for them:
//! `LOGDIR/plugins/profile/<session>/<host>.xplane.pb`, one `XSpace` (the protos of
//! `tsl/profiler/protobuf/xplane.proto`, hand-declared for prost with its field numbers). We
//! write the host's side: one plane, `/host:CPU`, with a line per kind of work and an event per
//! stretch of it; a plugin's profiler adds its own planes (devices, the runtime's host
//! annotations), which [`merge`] joins with ours into one space. The options such a profiler
//! is created with: [`ProfileOptions`].

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use prost::Message;

/// The plane XProf's trace viewer shows the host's threads from.
pub const HOST_PLANE: &str = "/host:CPU";
/// Where profiles go under a log directory.
pub const PROFILE_DIR: &str = "plugins/profile";

#[derive(Clone, PartialEq, Message)]
pub struct XSpace {
    #[prost(message, repeated, tag = "1")]
    pub planes: Vec<XPlane>,
    #[prost(string, repeated, tag = "2")]
    pub errors: Vec<String>,
    #[prost(string, repeated, tag = "3")]
    pub warnings: Vec<String>,
    #[prost(string, repeated, tag = "4")]
    pub hostnames: Vec<String>,
}

#[derive(Clone, PartialEq, Message)]
pub struct XPlane {
    #[prost(int64, tag = "1")]
    pub id: i64,
    #[prost(string, tag = "2")]
    pub name: String,
    #[prost(message, repeated, tag = "3")]
    pub lines: Vec<XLine>,
    #[prost(btree_map = "int64, message", tag = "4")]
    pub event_metadata: BTreeMap<i64, XEventMetadata>,
    #[prost(btree_map = "int64, message", tag = "5")]
    pub stat_metadata: BTreeMap<i64, XStatMetadata>,
    #[prost(message, repeated, tag = "6")]
    pub stats: Vec<XStat>,
}

#[derive(Clone, PartialEq, Message)]
pub struct XLine {
    #[prost(int64, tag = "1")]
    pub id: i64,
    #[prost(string, tag = "2")]
    pub name: String,
    #[prost(int64, tag = "3")]
    pub timestamp_ns: i64,
    #[prost(message, repeated, tag = "4")]
    pub events: Vec<XEvent>,
    #[prost(int64, tag = "9")]
    pub duration_ps: i64,
    #[prost(int64, tag = "10")]
    pub display_id: i64,
    #[prost(string, tag = "11")]
    pub display_name: String,
}

#[derive(Clone, PartialEq, Message)]
pub struct XEvent {
    #[prost(int64, tag = "1")]
    pub metadata_id: i64,
    /// Where it starts (`offset_ps` from the line's `timestamp_ns`), or how often it happened.
    #[prost(oneof = "EventData", tags = "2, 5")]
    pub data: Option<EventData>,
    #[prost(int64, tag = "3")]
    pub duration_ps: i64,
    #[prost(message, repeated, tag = "4")]
    pub stats: Vec<XStat>,
}

#[derive(Clone, PartialEq, prost::Oneof)]
pub enum EventData {
    #[prost(int64, tag = "2")]
    OffsetPs(i64),
    #[prost(int64, tag = "5")]
    NumOccurrences(i64),
}

#[derive(Clone, PartialEq, Message)]
pub struct XStat {
    #[prost(int64, tag = "1")]
    pub metadata_id: i64,
    #[prost(oneof = "StatValue", tags = "2, 3, 4, 5, 6, 7")]
    pub value: Option<StatValue>,
}

#[derive(Clone, PartialEq, prost::Oneof)]
pub enum StatValue {
    #[prost(double, tag = "2")]
    Double(f64),
    #[prost(uint64, tag = "3")]
    Uint64(u64),
    #[prost(int64, tag = "4")]
    Int64(i64),
    #[prost(string, tag = "5")]
    Str(String),
    #[prost(bytes, tag = "6")]
    Bytes(Vec<u8>),
    /// The id of a stat metadata whose name is the value.
    #[prost(uint64, tag = "7")]
    Ref(u64),
}

#[derive(Clone, PartialEq, Message)]
pub struct XEventMetadata {
    #[prost(int64, tag = "1")]
    pub id: i64,
    #[prost(string, tag = "2")]
    pub name: String,
    #[prost(bytes, tag = "3")]
    pub metadata: Vec<u8>,
    #[prost(string, tag = "4")]
    pub display_name: String,
    #[prost(message, repeated, tag = "5")]
    pub stats: Vec<XStat>,
    #[prost(int64, repeated, tag = "6")]
    pub child_id: Vec<i64>,
}

#[derive(Clone, PartialEq, Message)]
pub struct XStatMetadata {
    #[prost(int64, tag = "1")]
    pub id: i64,
    #[prost(string, tag = "2")]
    pub name: String,
    #[prost(string, tag = "3")]
    pub description: String,
}

/// `tensorflow.ProfileOptions` (`tsl/profiler/protobuf/profiler_options.proto`): what a plugin's
/// profiler records.
#[derive(Clone, PartialEq, Message)]
pub struct ProfileOptions {
    /// 1: the levels below mean what they say (0 would ask for the defaults).
    #[prost(uint32, tag = "5")]
    pub version: u32,
    #[prost(uint32, tag = "2")]
    pub host_tracer_level: u32,
    #[prost(uint32, tag = "3")]
    pub device_tracer_level: u32,
    #[prost(uint32, tag = "4")]
    pub python_tracer_level: u32,
    /// The compiled programs' HLO, which XProf's op profile and graph viewer need.
    #[prost(bool, tag = "7")]
    pub enable_hlo_proto: bool,
}

impl ProfileOptions {
    /// What `jax.profiler` asks for: the device trace, the runtime's own host annotations
    /// (TraceMe level 2: XLA ops and program execution), the programs' HLO; no Python trace.
    pub fn device_trace() -> ProfileOptions {
        ProfileOptions {
            version: 1,
            host_tracer_level: 2,
            device_tracer_level: 1,
            python_tracer_level: 0,
            enable_hlo_proto: true,
        }
    }
}

/// One stretch of work: its name (what the trace viewer shows), start (ns since the Unix epoch)
/// and length (ns).
#[derive(Clone, Debug, PartialEq)]
pub struct Stretch {
    pub name: String,
    pub start_ns: i64,
    pub duration_ns: i64,
}

/// The host plane with one line per `(line name, stretches)`, as an `XSpace` of `host`;
/// `warnings` (why something is missing) go into the space.
pub fn host_space(host: &str, lines: &[(&str, Vec<Stretch>)], warnings: &[String]) -> XSpace {
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
                            ..Default::default()
                        },
                    );
                    XEvent {
                        metadata_id,
                        data: Some(EventData::OffsetPs((s.start_ns - start) * 1000)),
                        duration_ps: s.duration_ns * 1000,
                        stats: Vec::new(),
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
                ..Default::default()
            }
        })
        .collect();
    XSpace {
        planes: vec![XPlane {
            id: 1,
            name: HOST_PLANE.into(),
            lines,
            event_metadata,
            ..Default::default()
        }],
        warnings: warnings.to_vec(),
        hostnames: vec![host.to_string()],
        errors: Vec::new(),
    }
}

/// Decodes the `XSpace` a plugin's profiler collected. XLA's plugins end it with a NUL byte
/// that is no part of the message (a field number 0, which no message has).
pub fn decode_space(bytes: &[u8]) -> Result<XSpace, prost::DecodeError> {
    XSpace::decode(bytes).or_else(|error| match bytes.split_last() {
        Some((0, message)) => XSpace::decode(message).map_err(|_| error),
        _ => Err(error),
    })
}

/// One space of ours (from [`host_space`]) and a plugin's `device` space: the plugin's
/// planes, where one has the name of one of ours (its `/host:CPU`, with the runtime's own
/// annotations) our lines join it, the others come first; both spaces' errors and warnings;
/// each hostname once.
pub fn merge(ours: XSpace, device: XSpace) -> XSpace {
    let mut merged = device;
    let mut first = Vec::new();
    for plane in ours.planes {
        match merged.planes.iter_mut().find(|p| p.name == plane.name) {
            Some(theirs) => add_lines(theirs, plane),
            None => first.push(plane),
        }
    }
    let mut next_id = merged.planes.iter().map(|p| p.id).max().unwrap_or(0);
    for plane in &mut first {
        next_id += 1;
        plane.id = next_id;
    }
    first.append(&mut merged.planes);
    merged.planes = first;
    merged.errors.splice(0..0, ours.errors);
    merged.warnings.splice(0..0, ours.warnings);
    let mut hostnames = ours.hostnames;
    for host in merged.hostnames {
        if !hostnames.contains(&host) {
            hostnames.push(host);
        }
    }
    merged.hostnames = hostnames;
    merged
}

/// Adds `from`'s lines to `into`, their line and event metadata ids moved past `into`'s. Our
/// planes carry no stats, so no stat ids need moving.
fn add_lines(into: &mut XPlane, from: XPlane) {
    let event_shift = into.event_metadata.keys().copied().max().unwrap_or(0);
    let line_shift = into
        .lines
        .iter()
        .map(|l| l.id.max(l.display_id))
        .max()
        .unwrap_or(0);
    for (id, mut metadata) in from.event_metadata {
        metadata.id = id + event_shift;
        into.event_metadata.insert(metadata.id, metadata);
    }
    for mut line in from.lines {
        line.id += line_shift;
        line.display_id += line_shift;
        for event in &mut line.events {
            event.metadata_id += event_shift;
        }
        into.lines.push(line);
    }
}

/// The file a profile session `session` of `host` goes to under `logdir`.
pub fn profile_path(logdir: &Path, session: &str, host: &str) -> PathBuf {
    logdir
        .join(PROFILE_DIR)
        .join(session)
        .join(format!("{host}.xplane.pb"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stretch(name: &str, start_ns: i64) -> Stretch {
        Stretch {
            name: name.into(),
            start_ns,
            duration_ns: 10,
        }
    }

    /// A plugin's space as libtpu's looks without a TPU: a custom device plane and its own
    /// `/host:CPU`, whose thread line uses event metadata 1..=2.
    fn plugin_space() -> XSpace {
        let metadata = |id: i64, name: &str| XEventMetadata {
            id,
            name: name.into(),
            ..Default::default()
        };
        XSpace {
            planes: vec![
                XPlane {
                    id: 7,
                    name: "/device:CUSTOM:Megascale Trace".into(),
                    ..Default::default()
                },
                XPlane {
                    id: 8,
                    name: HOST_PLANE.into(),
                    lines: vec![XLine {
                        id: 3013,
                        display_id: 3013,
                        name: "main/3013".into(),
                        events: vec![XEvent {
                            metadata_id: 2,
                            data: Some(EventData::OffsetPs(0)),
                            ..Default::default()
                        }],
                        ..Default::default()
                    }],
                    event_metadata: [(1, metadata(1, "MutexLock")), (2, metadata(2, "Compile"))]
                        .into(),
                    ..Default::default()
                },
            ],
            warnings: vec!["theirs".into()],
            ..Default::default()
        }
    }

    #[test]
    fn our_lines_join_the_plugins_host_plane_with_ids_past_its_own() {
        let ours = host_space(
            "host-a",
            &[("train step", vec![stretch("train step 2", 100)])],
            &["ours".into()],
        );
        let merged = merge(ours, plugin_space());
        let names: Vec<&str> = merged.planes.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["/device:CUSTOM:Megascale Trace", HOST_PLANE]);
        let host = &merged.planes[1];
        assert_eq!(host.id, 8);
        let line_names: Vec<(&str, i64)> =
            host.lines.iter().map(|l| (l.name.as_str(), l.id)).collect();
        assert_eq!(line_names, [("main/3013", 3013), ("train step", 3014)]);
        let ours = &host.lines[1].events[0];
        assert_eq!(ours.metadata_id, 3);
        assert_eq!(host.event_metadata[&3].name, "train step 2");
        assert_eq!(host.event_metadata[&2].name, "Compile");
        assert_eq!(merged.warnings, ["ours", "theirs"]);
        assert_eq!(merged.hostnames, ["host-a"]);
    }

    #[test]
    fn a_plugin_without_a_host_plane_gets_ours_first_with_a_new_id() {
        let mut device = plugin_space();
        device.planes.truncate(1);
        device.hostnames = vec!["host-a".into(), "host-b".into()];
        let merged = merge(host_space("host-a", &[], &[]), device);
        let planes: Vec<(&str, i64)> = merged
            .planes
            .iter()
            .map(|p| (p.name.as_str(), p.id))
            .collect();
        assert_eq!(
            planes,
            [(HOST_PLANE, 8), ("/device:CUSTOM:Megascale Trace", 7)]
        );
        assert_eq!(merged.hostnames, ["host-a", "host-b"]);
    }

    #[test]
    fn a_collected_space_may_end_in_one_nul_byte_and_nothing_else() {
        let space = plugin_space();
        let mut bytes = space.encode_to_vec();
        assert_eq!(decode_space(&bytes).unwrap(), space);
        bytes.push(0);
        assert_eq!(decode_space(&bytes).unwrap(), space);
        bytes.push(0);
        assert!(decode_space(&bytes).is_err());
        assert!(decode_space(&[0xff]).is_err());
        assert_eq!(decode_space(&[0]).unwrap(), XSpace::default());
    }
}
