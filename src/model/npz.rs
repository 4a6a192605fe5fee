//! big_vision `.npz` checkpoints: a zip of `.npy` arrays under flat "/"-joined keys
//! (`params/img/embedding/kernel.npy`). Parameters are already named the way our trees are, so
//! import is reading the arrays and stripping the `params/` prefix. bfloat16 arrays are stored by
//! numpy as a 2-byte void dtype (`<V2`), since numpy has no bf16 of its own.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;

use super::params::ParamTree;
use crate::tensor::{DType, HostTensor};

#[derive(Debug, thiserror::Error)]
pub enum NpzError {
    #[error("{path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("{path}: not a zip archive: {source}")]
    Zip {
        path: String,
        source: zip::result::ZipError,
    },
    #[error("{path}: array {key}: {message}")]
    Array {
        path: String,
        key: String,
        message: String,
    },
}

/// Every array of the archive, keyed without the `.npy` suffix.
pub fn read_npz(path: &Path) -> Result<BTreeMap<String, HostTensor>, NpzError> {
    let shown = path.display().to_string();
    let file = std::fs::File::open(path).map_err(|source| NpzError::Io {
        path: shown.clone(),
        source,
    })?;
    let mut archive = zip::ZipArchive::new(file).map_err(|source| NpzError::Zip {
        path: shown.clone(),
        source,
    })?;
    let mut arrays = BTreeMap::new();
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).map_err(|source| NpzError::Zip {
            path: shown.clone(),
            source,
        })?;
        let key = entry
            .name()
            .strip_suffix(".npy")
            .unwrap_or(entry.name())
            .to_string();
        let mut bytes = Vec::with_capacity(entry.size() as usize);
        entry
            .read_to_end(&mut bytes)
            .map_err(|source| NpzError::Io {
                path: shown.clone(),
                source,
            })?;
        let array = parse_npy(&bytes).map_err(|message| NpzError::Array {
            path: shown.clone(),
            key: key.clone(),
            message,
        })?;
        arrays.insert(key, array);
    }
    Ok(arrays)
}

/// The `params/...` arrays of a big_vision checkpoint as a parameter tree (`img/...`, `txt/...`,
/// `t`, `b`); optimizer state and other entries are left out.
pub fn import_big_vision(path: &Path) -> Result<ParamTree, NpzError> {
    Ok(read_npz(path)?
        .into_iter()
        .filter_map(|(key, value)| key.strip_prefix("params/").map(|k| (k.to_string(), value)))
        .collect())
}

/// One `.npy` file (format versions 1-3): magic, header dict, raw little-endian C-order data.
pub fn parse_npy(bytes: &[u8]) -> Result<HostTensor, String> {
    if bytes.len() < 10 || &bytes[..6] != b"\x93NUMPY" {
        return Err("missing the \\x93NUMPY magic".into());
    }
    let (header_len, start) = match bytes[6] {
        1 => (u16::from_le_bytes([bytes[8], bytes[9]]) as usize, 10),
        2 | 3 if bytes.len() >= 12 => (
            u32::from_le_bytes(bytes[8..12].try_into().unwrap()) as usize,
            12,
        ),
        v => return Err(format!("unsupported .npy version {v}")),
    };
    let header = bytes
        .get(start..start + header_len)
        .and_then(|h| std::str::from_utf8(h).ok())
        .ok_or("truncated or non-text header")?;
    let descr = header_value(header, "descr")?
        .trim_matches(|c| c == '\'' || c == '"')
        .to_string();
    if header_value(header, "fortran_order")? != "False" {
        return Err("Fortran-order arrays are not supported".into());
    }
    let shape_text = header_value(header, "shape")?;
    let shape = shape_text
        .trim_matches(|c| c == '(' || c == ')')
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| {
            s.parse::<i64>()
                .map_err(|_| format!("bad shape {shape_text}"))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let dtype = match descr.as_str() {
        "<f4" => DType::F32,
        "<f8" => DType::F64,
        "<f2" => DType::F16,
        "<V2" | "|V2" => DType::Bf16,
        "<i4" => DType::I32,
        "<i8" => DType::I64,
        "<u4" => DType::U32,
        "|u1" => DType::U8,
        "|b1" => DType::Pred,
        other => return Err(format!("unsupported dtype {other}")),
    };
    HostTensor::from_bytes(dtype, &shape, bytes[start + header_len..].to_vec())
        .map_err(|e| e.to_string())
}

/// The text of `'key': value` in a numpy header dict (value up to the next top-level comma).
fn header_value<'a>(header: &'a str, key: &str) -> Result<&'a str, String> {
    let pattern = format!("'{key}':");
    let at = header
        .find(&pattern)
        .ok_or(format!("header has no {key}"))?
        + pattern.len();
    let rest = header[at..].trim_start();
    let end = if rest.starts_with('(') {
        rest.find(')').map(|i| i + 1)
    } else {
        rest.find([',', '}'])
    }
    .ok_or(format!("unterminated {key} in header"))?;
    Ok(rest[..end].trim())
}
