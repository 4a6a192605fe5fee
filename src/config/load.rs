//! Loading a run config: YAML text → `serde_yaml::Value` → `--set` overrides applied on the
//! value → the typed config, with errors that name the key's dotted path and where it came from.
//!
//! Deserialising the merged value tracks the key path (`serde_path_to_error`) but has no file
//! positions, so a key path is located afterwards in the original text by walking it again with
//! serde_yaml's own deserializer, which stamps the position of the node where a visitor fails:
//! the locator fails on purpose at the wanted key. A key that a `--set` wrote is blamed on that
//! `--set` instead. Unknown keys get a "did you mean" from the expected keys that serde's
//! `deny_unknown_fields` lists in its message.

use std::fmt;
use std::path::{Path, PathBuf};

use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_yaml::Value;

use super::{Invalid, RunConfig};

/// Why a config could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// `source` names the file (local or in a bucket).
    #[error("cannot read config: {source}")]
    Read {
        file: PathBuf,
        source: crate::storage::StorageError,
    },
    #[error("{}: not valid YAML: {message}", file.display())]
    Syntax { file: PathBuf, message: String },
    #[error("bad --set `{arg}`: {reason}")]
    BadSet { arg: String, reason: String },
    #[error("{origin}: unknown key `{key}`{}{}", hint(.suggestion), expected_list(.expected))]
    UnknownKey {
        key: String,
        origin: Origin,
        suggestion: Option<String>,
        expected: Vec<String>,
    },
    #[error("{origin}: `{key}`: {message}")]
    Invalid {
        key: String,
        origin: Origin,
        message: String,
    },
}

/// Where a key of the merged config came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// The config file, at 1-based `line:column` when the key (or its closest written parent)
    /// is in it.
    File {
        file: PathBuf,
        position: Option<(usize, usize)>,
    },
    /// A `--set KEY=VALUE` argument.
    Set(String),
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        match self {
            Origin::File {
                file,
                position: Some((line, column)),
            } => write!(f, "{}:{line}:{column}", file.display()),
            Origin::File {
                file,
                position: None,
            } => write!(f, "{}", file.display()),
            Origin::Set(arg) => write!(f, "--set {arg}"),
        }
    }
}

fn hint(suggestion: &Option<String>) -> String {
    match suggestion {
        Some(s) => format!("; did you mean `{s}`?"),
        None => String::new(),
    }
}

fn expected_list(expected: &[String]) -> String {
    if expected.is_empty() {
        " (no keys are allowed here)".into()
    } else {
        format!(" (expected one of: {})", expected.join(", "))
    }
}

/// One step of a key path: a mapping key or a sequence index.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Segment {
    Key(String),
    Index(usize),
}

/// `a.b[2].c` from its segments.
fn dotted(path: &[Segment]) -> String {
    if path.is_empty() {
        return "(top level)".into();
    }
    let mut out = String::new();
    for seg in path {
        match seg {
            Segment::Key(k) if out.is_empty() => out.push_str(k),
            Segment::Key(k) => {
                out.push('.');
                out.push_str(k);
            }
            Segment::Index(i) => out.push_str(&format!("[{i}]")),
        }
    }
    out
}

/// Whether `path` begins with `prefix`, a numeric key matching a list index (`--set a.0.b`).
fn starts_with(path: &[Segment], prefix: &[Segment]) -> bool {
    let same = |a: &Segment, b: &Segment| match (a, b) {
        (Segment::Key(k), Segment::Index(i)) | (Segment::Index(i), Segment::Key(k)) => {
            k.parse() == Ok(*i)
        }
        _ => a == b,
    };
    path.len() >= prefix.len() && path.iter().zip(prefix).all(|(a, b)| same(a, b))
}

/// Parses `a.b[2].c` (or `a.b.2.c`: a number indexes a sequence where one is found).
fn parse_dotted(key: &str) -> Result<Vec<Segment>, String> {
    let mut path = Vec::new();
    for part in key.split('.') {
        let (name, mut rest) = part.split_at(part.find('[').unwrap_or(part.len()));
        if name.is_empty() && (path.is_empty() || rest.is_empty()) {
            return Err(format!("empty key segment in `{key}`"));
        }
        if !name.is_empty() {
            path.push(Segment::Key(name.to_string()));
        }
        while !rest.is_empty() {
            let close = rest
                .find(']')
                .ok_or_else(|| format!("unclosed `[` in `{key}`"))?;
            let index = rest[1..close]
                .parse()
                .map_err(|_| format!("`{}` is not an index in `{key}`", &rest[1..close]))?;
            path.push(Segment::Index(index));
            rest = &rest[close + 1..];
            if !rest.is_empty() && !rest.starts_with('[') {
                return Err(format!("unexpected `{rest}` in `{key}`"));
            }
        }
    }
    Ok(path)
}

/// A parsed `--set KEY=VALUE`.
struct Override {
    arg: String,
    path: Vec<Segment>,
    value: Value,
}

impl Override {
    fn parse(arg: &str) -> Result<Override, ConfigError> {
        let bad = |reason: String| ConfigError::BadSet {
            arg: arg.to_string(),
            reason,
        };
        let (key, value) = arg
            .split_once('=')
            .ok_or_else(|| bad("expected KEY=VALUE".into()))?;
        let path = parse_dotted(key.trim()).map_err(bad)?;
        let value = serde_yaml::from_str(value)
            .map_err(|e| bad(format!("the value is not valid YAML: {e}")))?;
        Ok(Override {
            arg: arg.to_string(),
            path,
            value,
        })
    }

    /// Writes the value at the path, creating mappings for missing (or null) parents.
    fn apply(&self, root: &mut Value) -> Result<(), ConfigError> {
        let mut node = root;
        for (depth, seg) in self.path.iter().enumerate() {
            let at = || dotted(&self.path[..depth]);
            if node.is_null() && matches!(seg, Segment::Key(_)) {
                *node = Value::Mapping(Default::default());
            }
            node = match node {
                Value::Mapping(map) => match seg {
                    Segment::Key(k) => map.entry(Value::String(k.clone())).or_insert(Value::Null),
                    Segment::Index(i) => {
                        return Err(self.bad(format!(
                            "`{}` is a mapping, not a list to index with [{i}]",
                            at()
                        )))
                    }
                },
                Value::Sequence(seq) => {
                    let len = seq.len();
                    let index = match seg {
                        Segment::Index(i) => Some(*i),
                        Segment::Key(k) => k.parse::<usize>().ok(),
                    };
                    match index.filter(|&i| i < len) {
                        Some(i) => &mut seq[i],
                        None => {
                            return Err(self.bad(format!(
                                "`{}` is a list of {len}: it has no element `{}`",
                                at(),
                                dotted(std::slice::from_ref(seg))
                            )))
                        }
                    }
                }
                other => {
                    return Err(self.bad(format!(
                        "`{}` is {}: not a mapping or a list",
                        at(),
                        kind_of(other)
                    )))
                }
            };
        }
        *node = self.value.clone();
        Ok(())
    }

    fn bad(&self, reason: String) -> ConfigError {
        ConfigError::BadSet {
            arg: self.arg.clone(),
            reason,
        }
    }
}

fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "not set",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Sequence(_) => "a list",
        Value::Mapping(_) => "a mapping",
        Value::Tagged(_) => "a tagged value",
    }
}

/// See the module comment.
pub(super) fn load(text: &str, file: &Path, sets: &[String]) -> Result<RunConfig, ConfigError> {
    let syntax = |e: serde_yaml::Error| ConfigError::Syntax {
        file: file.to_path_buf(),
        message: e.to_string(),
    };
    let mut value: Value = serde_yaml::from_str(text).map_err(syntax)?;
    let overrides = sets
        .iter()
        .map(|s| Override::parse(s))
        .collect::<Result<Vec<_>, _>>()?;
    for o in &overrides {
        o.apply(&mut value)?;
    }
    let source = Source {
        file,
        text,
        overrides: &overrides,
    };
    let mut cfg: RunConfig =
        serde_path_to_error::deserialize(value).map_err(|e| source.deserialize_error(e))?;
    cfg.resolve();
    cfg.validate().map_err(|e| source.invalid(e))?;
    Ok(cfg)
}

/// The inputs a merged config came from, to say where a key path came from.
struct Source<'a> {
    file: &'a Path,
    text: &'a str,
    overrides: &'a [Override],
}

impl Source<'_> {
    fn origin(&self, path: &[Segment]) -> Origin {
        let set = |o: &Override| Origin::Set(o.arg.clone());
        // Inside a value a --set wrote (the last --set wins).
        if let Some(o) = self
            .overrides
            .iter()
            .rev()
            .find(|o| starts_with(path, &o.path))
        {
            return set(o);
        }
        let file = |position| Origin::File {
            file: self.file.to_path_buf(),
            position,
        };
        if let Some(position) = locate(self.text, path) {
            return file(Some(position));
        }
        // A mapping a --set created on its way down.
        if let Some(o) = self
            .overrides
            .iter()
            .rev()
            .find(|o| starts_with(&o.path, path))
        {
            return set(o);
        }
        file(
            (0..path.len())
                .rev()
                .find_map(|n| locate(self.text, &path[..n])),
        )
    }

    fn deserialize_error(&self, e: serde_path_to_error::Error<serde_yaml::Error>) -> ConfigError {
        let mut path: Vec<Segment> = e
            .path()
            .iter()
            .filter_map(|seg| match seg {
                serde_path_to_error::Segment::Map { key } => Some(Segment::Key(key.clone())),
                serde_path_to_error::Segment::Seq { index } => Some(Segment::Index(*index)),
                _ => None,
            })
            .collect();
        let message = e.inner().to_string();
        if let Some((key, expected)) = unknown(&message, "unknown field ") {
            // Where serde does not track the key itself (inside internally tagged enums).
            if path.last() != Some(&Segment::Key(key.clone())) {
                path.push(Segment::Key(key.clone()));
            }
            return ConfigError::UnknownKey {
                key: dotted(&path),
                origin: self.origin(&path),
                suggestion: did_you_mean(&key, &expected),
                expected,
            };
        }
        let message = match unknown(&message, "unknown variant ") {
            Some((name, expected)) => format!(
                "unknown value `{name}`{}{}",
                hint(&did_you_mean(&name, &expected)),
                expected_list(&expected)
            ),
            None => message,
        };
        ConfigError::Invalid {
            key: dotted(&path),
            origin: self.origin(&path),
            message,
        }
    }

    fn invalid(&self, e: Invalid) -> ConfigError {
        let path = parse_dotted(&e.key).unwrap_or_default();
        ConfigError::Invalid {
            origin: self.origin(&path),
            key: e.key,
            message: e.message,
        }
    }
}

/// From serde's "unknown field `x`, expected one of `a`, `b`" (or "unknown variant ..."): the
/// name and the expected names.
fn unknown(message: &str, prefix: &str) -> Option<(String, Vec<String>)> {
    let rest = message.strip_prefix(prefix)?;
    let mut quoted = rest.split('`').skip(1).step_by(2).map(str::to_string);
    let name = quoted.next()?;
    Some((name, quoted.collect()))
}

/// The expected name closest to `name`, if it is close enough to be a typo.
fn did_you_mean(name: &str, expected: &[String]) -> Option<String> {
    expected
        .iter()
        .map(|e| (strsim::damerau_levenshtein(name, e), e))
        .filter(|(d, _)| *d <= 2.max(name.chars().count() / 3))
        .min_by_key(|(d, _)| *d)
        .map(|(_, e)| e.clone())
}

/// Marks in locator errors (serde_yaml stamps each error with the position of its node).
const FOUND: &str = "siglip-config-locator: found";

/// The 1-based line and column of the key (or list element) at `path` in the YAML `text`.
fn locate(text: &str, path: &[Segment]) -> Option<(usize, usize)> {
    if path.is_empty() {
        return None;
    }
    match Find(path).deserialize(serde_yaml::Deserializer::from_str(text)) {
        Err(e) if e.to_string().contains(FOUND) => e.location().map(|l| (l.line(), l.column())),
        _ => None,
    }
}

/// Walks the document along a path (non-empty); fails with [`FOUND`] at its last segment.
struct Find<'p>(&'p [Segment]);

impl<'de> DeserializeSeed<'de> for Find<'_> {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Find<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a mapping or a list on the path")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let (Segment::Key(key), rest) = (&self.0[0], &self.0[1..]) else {
            return Err(de::Error::custom("a list index into a mapping"));
        };
        while let Some(matched) = map.next_key_seed(KeyIs {
            key,
            last: rest.is_empty(),
        })? {
            if matched {
                return map.next_value_seed(Find(rest));
            }
            map.next_value::<IgnoredAny>()?;
        }
        Err(de::Error::custom("not on the path"))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let (Segment::Index(index), rest) = (&self.0[0], &self.0[1..]) else {
            return Err(de::Error::custom("a key into a list"));
        };
        for _ in 0..*index {
            if seq.next_element::<IgnoredAny>()?.is_none() {
                return Err(de::Error::custom("not on the path"));
            }
        }
        match rest {
            [] => seq.next_element_seed(Here).map(|_| ()),
            _ => seq.next_element_seed(Find(rest)).map(|_| ()),
        }
    }
}

/// A mapping key: whether it is `key`; fails with [`FOUND`] when it is and it ends the path.
struct KeyIs<'k> {
    key: &'k str,
    last: bool,
}

impl<'de> DeserializeSeed<'de> for KeyIs<'_> {
    type Value = bool;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<bool, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeyIs<'_> {
    type Value = bool;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a string key")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<bool, E> {
        match (v == self.key, self.last) {
            (true, true) => Err(E::custom(FOUND)),
            (matched, _) => Ok(matched),
        }
    }
}

/// Fails with [`FOUND`] on whatever node it is given.
struct Here;

impl<'de> DeserializeSeed<'de> for Here {
    type Value = ();
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Here {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(FOUND)
    }
}
