//! Positioned reads of a file or object, from several threads at once.
//!
//! A local file is read with `pread`. An object is read in blocks of [`BLOCK_BYTES`] through one
//! process-wide cache: a read that misses fetches its blocks and starts fetching the next
//! [`READ_AHEAD_BLOCKS`] in the background (ranged GETs, several in flight), so a reader walking
//! a shard front to back finds its next bytes already here. The cache holds [`CACHE_BLOCKS`]
//! blocks and drops the least recently used; a shuffled reader whose window of records spans more
//! than that fetches some blocks twice (slower, never wrong).

use std::collections::HashMap;
use std::fs::File;
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex, OnceLock};

use opendal::Operator;

use super::{remote, Location, ObjectUrl, StorageError};

/// Bytes fetched by one ranged read.
pub const BLOCK_BYTES: u64 = 1 << 20;
/// Blocks fetched ahead of a miss.
pub const READ_AHEAD_BLOCKS: u64 = 4;
/// Blocks kept in memory, for all objects together.
pub const CACHE_BLOCKS: usize = 512;

/// A file or object open for positioned reads.
pub struct RandomAccessFile {
    path: PathBuf,
    size: u64,
    source: Source,
}

enum Source {
    Local(File),
    Remote {
        url: ObjectUrl,
        store: Operator,
        /// This object's id in the block cache.
        id: u64,
    },
}

impl RandomAccessFile {
    pub fn open(path: &Path) -> Result<Self, StorageError> {
        let io_err = |source| StorageError::Io {
            path: path.to_path_buf(),
            source,
        };
        let (size, source) = match Location::parse(path)? {
            Location::Local(p) => {
                let file = File::open(&p).map_err(io_err)?;
                (file.metadata().map_err(io_err)?.len(), Source::Local(file))
            }
            Location::Remote(url) => {
                static NEXT_ID: AtomicU64 = AtomicU64::new(0);
                let store = remote::store(&url)?;
                let size = remote::size(&url)?;
                let id = NEXT_ID.fetch_add(1, Ordering::Relaxed);
                (size, Source::Remote { url, store, id })
            }
        };
        Ok(RandomAccessFile {
            path: path.to_path_buf(),
            size,
            source,
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn size(&self) -> u64 {
        self.size
    }

    /// Fills `buf` from `offset` (which with `buf` must lie within the file).
    pub fn read_exact_at(&self, offset: u64, buf: &mut [u8]) -> Result<(), StorageError> {
        match &self.source {
            Source::Local(file) => {
                file.read_exact_at(buf, offset)
                    .map_err(|source| StorageError::Io {
                        path: self.path.clone(),
                        source,
                    })
            }
            Source::Remote { url, store, id } => {
                let end = offset + buf.len() as u64;
                if end > self.size {
                    return Err(StorageError::Io {
                        path: self.path.clone(),
                        source: std::io::Error::new(
                            std::io::ErrorKind::UnexpectedEof,
                            format!("bytes {offset}..{end} of an object of {} bytes", self.size),
                        ),
                    });
                }
                let object = Object {
                    url,
                    store,
                    id: *id,
                    size: self.size,
                };
                let mut filled = 0usize;
                while filled < buf.len() {
                    let at = offset + filled as u64;
                    let block = object.block(at / BLOCK_BYTES)?;
                    let start = (at % BLOCK_BYTES) as usize;
                    let n = (block.len() - start).min(buf.len() - filled);
                    buf[filled..filled + n].copy_from_slice(&block[start..start + n]);
                    filled += n;
                }
                Ok(())
            }
        }
    }
}

struct Object<'a> {
    url: &'a ObjectUrl,
    store: &'a Operator,
    id: u64,
    size: u64,
}

impl Object<'_> {
    fn range(&self, block: u64) -> std::ops::Range<u64> {
        block * BLOCK_BYTES..((block + 1) * BLOCK_BYTES).min(self.size)
    }

    /// Block `block`: from the cache, from a fetch already in flight, or fetched now (with the
    /// next blocks fetched ahead in the background).
    fn block(&self, block: u64) -> Result<Arc<Vec<u8>>, StorageError> {
        let cache = cache();
        let key = (self.id, block);
        let mut state = cache.state.lock().expect("block cache lock");
        loop {
            match state.blocks.get(&key) {
                Some(Slot::Ready { .. }) => {
                    state.clock += 1;
                    let now = state.clock;
                    let Some(Slot::Ready { data, last_use }) = state.blocks.get_mut(&key) else {
                        unreachable!("just seen ready")
                    };
                    *last_use = now;
                    return Ok(data.clone());
                }
                Some(Slot::Loading) => state = cache.changed.wait(state).expect("block cache lock"),
                None => break,
            }
        }
        state.blocks.insert(key, Slot::Loading);
        let blocks = self.size.div_ceil(BLOCK_BYTES);
        let ahead: Vec<u64> = (block + 1..(block + 1 + READ_AHEAD_BLOCKS).min(blocks))
            .filter(|b| !state.blocks.contains_key(&(self.id, *b)))
            .collect();
        for &b in &ahead {
            state.blocks.insert((self.id, b), Slot::Loading);
        }
        drop(state);
        for b in ahead {
            let (store, url, range, id) =
                (self.store.clone(), self.url.clone(), self.range(b), self.id);
            remote::spawn(async move {
                let fetched = remote::read_async(store, url, Some(range)).await;
                // A failed read-ahead is dropped: the reader that needs the block fetches it
                // itself, with retries, and sees the error if there still is one.
                cache.finish((id, b), fetched.ok());
            });
        }
        let fetched = remote::read(self.url, Some(self.range(block)));
        let data = fetched.as_ref().ok().cloned();
        let shared = cache.finish(key, data);
        match fetched {
            Ok(_) => Ok(shared.expect("a fetched block is stored")),
            Err(e) => Err(e),
        }
    }
}

enum Slot {
    Loading,
    Ready { data: Arc<Vec<u8>>, last_use: u64 },
}

struct BlockCache {
    state: Mutex<CacheState>,
    /// Signalled whenever a block finishes loading (or fails).
    changed: Condvar,
}

#[derive(Default)]
struct CacheState {
    blocks: HashMap<(u64, u64), Slot>,
    clock: u64,
    ready: usize,
}

fn cache() -> &'static BlockCache {
    static CACHE: OnceLock<BlockCache> = OnceLock::new();
    CACHE.get_or_init(|| BlockCache {
        state: Mutex::new(CacheState::default()),
        changed: Condvar::new(),
    })
}

impl BlockCache {
    /// Stores a fetched block (or forgets a failed one), evicting the least recently used
    /// blocks over capacity, and wakes the waiters.
    fn finish(&self, key: (u64, u64), data: Option<Vec<u8>>) -> Option<Arc<Vec<u8>>> {
        let mut state = self.state.lock().expect("block cache lock");
        let shared = data.map(Arc::new);
        match &shared {
            Some(data) => {
                state.clock += 1;
                let last_use = state.clock;
                let data = data.clone();
                state.blocks.insert(key, Slot::Ready { data, last_use });
                state.ready += 1;
                while state.ready > CACHE_BLOCKS {
                    let oldest = state
                        .blocks
                        .iter()
                        .filter_map(|(k, slot)| match slot {
                            Slot::Ready { last_use, .. } => Some((*last_use, *k)),
                            Slot::Loading => None,
                        })
                        .min();
                    let Some((_, oldest)) = oldest else { break };
                    state.blocks.remove(&oldest);
                    state.ready -= 1;
                }
            }
            None => {
                state.blocks.remove(&key);
            }
        }
        drop(state);
        self.changed.notify_all();
        shared
    }
}

/// A file or object as `Read + Seek` (what a zip archive reader takes), reading through
/// [`RandomAccessFile`]: an object is fetched in blocks with read-ahead, never whole.
pub struct SeekableReader {
    file: RandomAccessFile,
    position: u64,
}

impl SeekableReader {
    pub fn open(path: &Path) -> Result<Self, StorageError> {
        Ok(SeekableReader {
            file: RandomAccessFile::open(path)?,
            position: 0,
        })
    }
}

impl std::io::Read for SeekableReader {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = (self.file.size().saturating_sub(self.position)).min(buf.len() as u64) as usize;
        self.file
            .read_exact_at(self.position, &mut buf[..n])
            .map_err(std::io::Error::other)?;
        self.position += n as u64;
        Ok(n)
    }
}

impl std::io::Seek for SeekableReader {
    fn seek(&mut self, to: std::io::SeekFrom) -> std::io::Result<u64> {
        let (base, delta) = match to {
            std::io::SeekFrom::Start(at) => (at, 0),
            std::io::SeekFrom::End(delta) => (self.file.size(), delta),
            std::io::SeekFrom::Current(delta) => (self.position, delta),
        };
        self.position = base.checked_add_signed(delta).ok_or_else(|| {
            std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                format!("seek before the start of {}", self.file.path().display()),
            )
        })?;
        Ok(self.position)
    }
}
