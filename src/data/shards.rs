//! Where shards are: the value of `data.train.shards` and of each eval's `data`. One entry or a
//! list of them, each a folder (its non-hidden files), a glob in the last component
//! (`gs://b/webli/train-*.tfrecord`) or one file, local or `gs://` / `s3://`, mixed freely.
//! [`ShardEntries::resolve`] expands them to the sorted list of shard files every process deals
//! from; an entry that names nothing is an error naming the key and the entry's index.

use std::path::{Path, PathBuf};

use serde::de::{self, Deserializer, SeqAccess, Visitor};
use serde::ser::Serializer;
use serde::{Deserialize, Serialize};

use super::DataError;
use crate::storage::{self, StorageError};

/// One entry (written as a plain path) or a list of entries (written as a YAML list).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShardEntries {
    entries: Vec<PathBuf>,
    /// Written as a list: errors name an entry by its index.
    listed: bool,
}

impl ShardEntries {
    /// A single entry.
    pub fn one(entry: impl Into<PathBuf>) -> Self {
        ShardEntries {
            entries: vec![entry.into()],
            listed: false,
        }
    }

    pub fn entries(&self) -> &[PathBuf] {
        &self.entries
    }

    /// `key` itself for a single entry, `key[i]` for entry `i` of a list.
    fn key_of(&self, key: &str, i: usize) -> String {
        match self.listed {
            true => format!("{key}[{i}]"),
            false => key.to_string(),
        }
    }

    /// What no run can use, named by key: no entry, or an empty one.
    pub fn invalid(&self, key: &str) -> Option<(String, &'static str)> {
        if self.entries.is_empty() {
            return Some((key.to_string(), "an empty list names no shards"));
        }
        let empty = self.entries.iter().position(|e| e.as_os_str().is_empty())?;
        Some((
            self.key_of(key, empty),
            "must name a folder of shards or one shard file, or a glob",
        ))
    }

    /// Every entry parses as a location (a typo'd `gz://` is refused by name, before any work).
    pub fn check_locations(&self, key: &str) -> Result<(), DataError> {
        for (i, entry) in self.entries.iter().enumerate() {
            storage::check(entry).map_err(|e| self.entry_error(key, i, e.to_string()))?;
        }
        Ok(())
    }

    /// The shard files of all entries, sorted and without duplicates. An entry that is not a
    /// file, a folder with shards in it, or a glob matching some file is an error naming it.
    pub fn resolve(&self, key: &str) -> Result<Vec<PathBuf>, DataError> {
        let mut files = Vec::new();
        for (i, entry) in self.entries.iter().enumerate() {
            let fail = |message: String| self.entry_error(key, i, message);
            let storage_fail = |e: StorageError| fail(e.to_string());
            let is_pattern = storage::has_glob(&entry.to_string_lossy());
            if !is_pattern && storage::is_file(entry).map_err(storage_fail)? {
                files.push(entry.clone());
                continue;
            }
            if !is_pattern && !storage::is_dir(entry).map_err(storage_fail)? {
                return Err(fail(format!("{} does not exist", entry.display())));
            }
            files.extend(expand(entry).map_err(|e| match e {
                DataError::Config(message) => fail(message),
                other => fail(other.to_string()),
            })?);
        }
        files.sort();
        files.dedup();
        Ok(files)
    }

    fn entry_error(&self, key: &str, i: usize, message: String) -> DataError {
        DataError::Config(format!("{}: {message}", self.key_of(key, i)))
    }
}

/// Expands each entry to shard files: a folder to its non-hidden files, a glob (`*`, `?`, `[..]`
/// in the last component) to the files it matches, a file as given (not looked up: these may be
/// already-resolved files, one request each in a bucket); local paths and `gs://` / `s3://` URLs
/// alike. A folder or glob that yields no file is an error naming it. Sorted overall, so every
/// process deals the same list.
pub fn resolve_files(entries: &[PathBuf]) -> Result<Vec<PathBuf>, DataError> {
    let mut files = Vec::new();
    for entry in entries {
        if storage::has_glob(&entry.to_string_lossy()) || storage::is_dir(entry)? {
            files.extend(expand(entry)?);
        } else {
            files.push(entry.clone());
        }
    }
    files.sort();
    files.dedup();
    Ok(files)
}

/// The non-hidden files of a folder or glob entry; none is an error naming it.
fn expand(entry: &Path) -> Result<Vec<PathBuf>, DataError> {
    let found = match storage::has_glob(&entry.to_string_lossy()) {
        true => storage::glob(entry)?,
        false => storage::list_dir(entry)?.0,
    };
    let files: Vec<PathBuf> = found
        .into_iter()
        .filter(|path| {
            !path
                .file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with('.'))
        })
        .collect();
    match files.is_empty() {
        true => Err(DataError::Config(format!(
            "{}: no shard files found there",
            entry.display()
        ))),
        false => Ok(files),
    }
}

impl Serialize for ShardEntries {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match (self.listed, self.entries.as_slice()) {
            (false, [one]) => one.serialize(serializer),
            _ => self.entries.serialize(serializer),
        }
    }
}

impl<'de> Deserialize<'de> for ShardEntries {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct EntriesVisitor;
        impl<'de> Visitor<'de> for EntriesVisitor {
            type Value = ShardEntries;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a folder, glob or file, or a list of them")
            }
            fn visit_str<E: de::Error>(self, text: &str) -> Result<ShardEntries, E> {
                Ok(ShardEntries::one(text))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<ShardEntries, A::Error> {
                let mut entries = Vec::new();
                while let Some(entry) = seq.next_element::<String>()? {
                    entries.push(PathBuf::from(entry));
                }
                Ok(ShardEntries {
                    entries,
                    listed: true,
                })
            }
        }
        deserializer.deserialize_any(EntriesVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_entry_or_a_list_reads_and_writes_back_in_its_own_form() {
        for yaml in ["data/train\n", "- gs://b/train-*.tfrecord\n- data/extra\n"] {
            let entries: ShardEntries = serde_yaml::from_str(yaml).unwrap();
            assert_eq!(serde_yaml::to_string(&entries).unwrap(), yaml);
        }
        let err = serde_yaml::from_str::<ShardEntries>("3").unwrap_err();
        assert!(err.to_string().contains("a list of them"), "{err}");
    }

    #[test]
    fn a_missing_entry_is_named_by_its_index() {
        let dir = tempfile::tempdir().unwrap();
        let shard = dir.path().join("a.tfrecord");
        std::fs::write(&shard, b"").unwrap();
        let yaml = format!(
            "[{}, {}]",
            shard.display(),
            dir.path().join("b-*.tfrecord").display()
        );
        let entries: ShardEntries = serde_yaml::from_str(&yaml).unwrap();
        let err = entries
            .resolve("data.train.shards")
            .unwrap_err()
            .to_string();
        assert!(err.contains("data.train.shards[1]: "), "{err}");
        assert!(err.contains("b-*.tfrecord"), "{err}");
        let err = ShardEntries::one(dir.path().join("gone"))
            .resolve("evals[0].data")
            .unwrap_err()
            .to_string();
        assert!(err.contains("evals[0].data: "), "{err}");
        assert!(err.ends_with("gone does not exist"), "{err}");
    }
}
