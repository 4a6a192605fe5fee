//! TFRecord files: framing, masked CRC32C checks, writing, and reading that survives bad bytes.
//!
//! A record on disk is `len: u64 LE | masked_crc(len bytes): u32 LE | data | masked_crc(data): u32 LE`,
//! with TensorFlow's mask `((crc >> 15) | (crc << 17)) + 0xa282ead8`.
//!
//! Recovery: a record whose data CRC fails is skipped (its length is trusted, because the length has
//! its own CRC). A header whose length CRC fails cannot be trusted, so the reader searches forward
//! byte by byte for the next position holding a valid header followed by a record whose data CRC also
//! holds (a false match needs two 32-bit CRC collisions). A header or record running past the end of
//! the file is reported as truncated and ends the file.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use super::{BadKind, BadRecord, DataError};
use crate::storage::RandomAccessFile;

const HEADER_LEN: u64 = 12;
const FOOTER_LEN: u64 = 4;
const CRC_MASK_DELTA: u32 = 0xa282_ead8;
/// Bytes read at a time while searching for the next valid header after a corrupt one.
const RESYNC_WINDOW: u64 = 1 << 16;

/// TensorFlow's masked CRC32C (Castagnoli) of `bytes`.
pub fn masked_crc32c(bytes: &[u8]) -> u32 {
    mask_crc(crc32c::crc32c(bytes))
}

/// TensorFlow's CRC mask: rotate right by 15 bits, then add a constant. Stored CRCs are masked
/// because computing the CRC of data that itself embeds CRCs is error-prone.
pub fn mask_crc(crc: u32) -> u32 {
    crc.rotate_right(15).wrapping_add(CRC_MASK_DELTA)
}

/// Encodes one record (header, data, footer) as it appears in a TFRecord file.
pub fn frame_record(data: &[u8]) -> Vec<u8> {
    let len = (data.len() as u64).to_le_bytes();
    let mut out = Vec::with_capacity(data.len() + (HEADER_LEN + FOOTER_LEN) as usize);
    out.extend_from_slice(&len);
    out.extend_from_slice(&masked_crc32c(&len).to_le_bytes());
    out.extend_from_slice(data);
    out.extend_from_slice(&masked_crc32c(data).to_le_bytes());
    out
}

/// Writes records to any byte sink.
pub struct RecordWriter<W: Write> {
    sink: W,
    records: u64,
}

impl<W: Write> RecordWriter<W> {
    pub fn new(sink: W) -> Self {
        RecordWriter { sink, records: 0 }
    }

    pub fn write_record(&mut self, data: &[u8]) -> io::Result<()> {
        self.sink.write_all(&frame_record(data))?;
        self.records += 1;
        Ok(())
    }

    pub fn records_written(&self) -> u64 {
        self.records
    }

    /// Flushes and returns the sink.
    pub fn finish(mut self) -> io::Result<W> {
        self.sink.flush()?;
        Ok(self.sink)
    }
}

/// Where a record's payload lies in its file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RecordSpan {
    /// Byte offset of the record's header (what errors report).
    pub offset: u64,
    /// Payload length in bytes.
    pub len: u64,
}

/// One entry of a scan: a record that framed correctly, or a bad stretch of the file.
pub type ScanItem = Result<RecordSpan, BadRecord>;

/// One entry of a full read: a record's header offset and payload, or a bad stretch of the file.
pub type ReadItem = Result<(u64, Vec<u8>), BadRecord>;

/// An open TFRecord file or object (`gs://`, `s3://`), readable from several threads at once
/// (positioned reads; an object's with read-ahead, see [`crate::storage::reader`]).
pub struct RecordFile {
    path: PathBuf,
    file: RandomAccessFile,
    size: u64,
}

impl RecordFile {
    pub fn open(path: &Path) -> Result<Self, DataError> {
        let file = RandomAccessFile::open(path)?;
        Ok(RecordFile {
            path: path.to_path_buf(),
            size: file.size(),
            file,
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn size(&self) -> u64 {
        self.size
    }

    fn bad(&self, offset: u64, kind: BadKind, detail: impl Into<String>) -> BadRecord {
        BadRecord {
            path: self.path.clone(),
            offset,
            kind,
            detail: detail.into(),
        }
    }

    fn read_exact_at(&self, offset: u64, buf: &mut [u8]) -> Result<(), DataError> {
        Ok(self.file.read_exact_at(offset, buf)?)
    }

    /// Reads the payload of the record whose header starts at `offset`, checking both CRCs.
    pub fn read_record(&self, offset: u64) -> Result<Vec<u8>, DataError> {
        let span = match self.header_at(offset)? {
            Ok(span) => span,
            Err(bad) => return Err(DataError::BadRecord(bad)),
        };
        self.read_payload(span)?.map_err(DataError::BadRecord)
    }

    /// Validates the header at `offset` (length CRC, record fits in the file).
    fn header_at(&self, offset: u64) -> Result<Result<RecordSpan, BadRecord>, DataError> {
        if offset + HEADER_LEN > self.size {
            return Ok(Err(self.bad(
                offset,
                BadKind::Truncated,
                format!("{} bytes left, header needs 12", self.size - offset),
            )));
        }
        let mut header = [0u8; HEADER_LEN as usize];
        self.read_exact_at(offset, &mut header)?;
        Ok(self.parse_header(offset, &header))
    }

    fn parse_header(&self, offset: u64, header: &[u8]) -> Result<RecordSpan, BadRecord> {
        let len_bytes = &header[..8];
        let stored = u32::from_le_bytes(header[8..12].try_into().expect("4 bytes"));
        if masked_crc32c(len_bytes) != stored {
            return Err(self.bad(offset, BadKind::LengthCrc, "length CRC mismatch"));
        }
        let len = u64::from_le_bytes(len_bytes.try_into().expect("8 bytes"));
        let end = offset
            .checked_add(HEADER_LEN + FOOTER_LEN)
            .and_then(|e| e.checked_add(len));
        match end {
            Some(end) if end <= self.size => Ok(RecordSpan { offset, len }),
            _ => Err(self.bad(
                offset,
                BadKind::Truncated,
                format!(
                    "record of {len} bytes runs past end of file ({} bytes)",
                    self.size
                ),
            )),
        }
    }

    /// Reads and CRC-checks the payload of a record whose header is already known to be valid.
    fn read_payload(&self, span: RecordSpan) -> Result<Result<Vec<u8>, BadRecord>, DataError> {
        let mut buf = vec![0u8; span.len as usize + FOOTER_LEN as usize];
        self.read_exact_at(span.offset + HEADER_LEN, &mut buf)?;
        let stored = u32::from_le_bytes(buf[span.len as usize..].try_into().expect("4 bytes"));
        buf.truncate(span.len as usize);
        if masked_crc32c(&buf) != stored {
            return Ok(Err(self.bad(
                span.offset,
                BadKind::DataCrc,
                "data CRC mismatch",
            )));
        }
        Ok(Ok(buf))
    }

    fn next_offset(span: RecordSpan) -> u64 {
        span.offset + HEADER_LEN + span.len + FOOTER_LEN
    }

    /// Searches from `from` for the next offset holding a record with valid length and data CRCs.
    fn resync(&self, from: u64) -> Result<Option<u64>, DataError> {
        let mut window_start = from;
        while window_start + HEADER_LEN <= self.size {
            let window_end = (window_start + RESYNC_WINDOW + HEADER_LEN).min(self.size);
            let mut window = vec![0u8; (window_end - window_start) as usize];
            self.read_exact_at(window_start, &mut window)?;
            for start in 0..=(window.len() - HEADER_LEN as usize) {
                let offset = window_start + start as u64;
                let header = &window[start..start + HEADER_LEN as usize];
                if let Ok(span) = self.parse_header(offset, header) {
                    if self.read_payload(span)?.is_ok() {
                        return Ok(Some(offset));
                    }
                }
            }
            window_start += RESYNC_WINDOW;
        }
        Ok(None)
    }

    /// Walks the file's record headers without checking payload CRCs (those are checked when a
    /// record is read). Bad stretches are reported in file order.
    pub fn scan_headers(&self) -> Result<Vec<ScanItem>, DataError> {
        self.scan(false)
            .map(|items| items.into_iter().map(|i| i.map(|(span, _)| span)).collect())
    }

    /// Reads every record of the file with full CRC checks; bad records are reported in place.
    pub fn read_all(&self) -> Result<Vec<ReadItem>, DataError> {
        self.scan(true).map(|items| {
            items
                .into_iter()
                .map(|i| i.map(|(span, data)| (span.offset, data.expect("payload read"))))
                .collect()
        })
    }

    /// Records in file order, bad stretches in place. A non-empty file in which not one record
    /// reads is [`DataError::NotTfRecord`]: reporting a text or image file as one long run of
    /// bad records would hide that the wrong file was given.
    #[allow(clippy::type_complexity)]
    fn scan(
        &self,
        with_payload: bool,
    ) -> Result<Vec<Result<(RecordSpan, Option<Vec<u8>>), BadRecord>>, DataError> {
        let mut items = Vec::new();
        let mut offset = 0;
        while offset < self.size {
            match self.header_at(offset)? {
                Ok(span) => {
                    offset = Self::next_offset(span);
                    if with_payload {
                        match self.read_payload(span)? {
                            Ok(data) => items.push(Ok((span, Some(data)))),
                            Err(bad) => items.push(Err(bad)),
                        }
                    } else {
                        items.push(Ok((span, None)));
                    }
                }
                Err(bad) if bad.kind == BadKind::Truncated => {
                    items.push(Err(bad));
                    break;
                }
                Err(bad) => {
                    items.push(Err(bad));
                    match self.resync(offset + 1)? {
                        Some(next) => offset = next,
                        None => break,
                    }
                }
            }
        }
        if let Some(Err(first)) = items.first() {
            if items.iter().all(Result::is_err) {
                return Err(DataError::NotTfRecord {
                    path: self.path.clone(),
                    first_problem: format!("{} at byte offset {}", first.kind, first.offset),
                });
            }
        }
        Ok(items)
    }
}
