//! big_vision `.npz` checkpoints: a zip of `.npy` arrays under flat "/"-joined keys
//! (`params/img/embedding/kernel.npy`). Parameters are named the way our trees are, so import
//! is reading the arrays, stripping the `params/` prefix, splitting scan-stacked encoder blocks
//! (`scan=True`) and dropping the unit axes big_vision keeps (`t` and `b` are `(1,)`). bfloat16
//! arrays are stored by numpy as a 2-byte void dtype (`<V2`), since numpy has no bf16 of its own;
//! Fortran-order arrays (numpy writes transposed arrays that way) are read into C order.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;

use super::params::{check_tree, permute, ParamTree};
use super::transformer::unstack_scanned_blocks;
use super::two_towers::TwoTowerConfig;
use super::ModelError;
use crate::tensor::{DType, HostTensor};

#[derive(Debug, thiserror::Error)]
pub enum NpzError {
    #[error("{path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error(transparent)]
    Storage(#[from] crate::storage::StorageError),
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
    #[error("{path}: {source}")]
    Model { path: String, source: ModelError },
}

/// Every array of the archive, keyed without the `.npy` suffix.
pub fn read_npz(path: &Path) -> Result<BTreeMap<String, HostTensor>, NpzError> {
    let shown = path.display().to_string();
    // Read through the storage layer: a `.npz` in a bucket is fetched in blocks as the archive
    // reader walks it.
    let file = crate::storage::SeekableReader::open(path)?;
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

/// The `params/...` arrays of a big_vision checkpoint as the parameter tree of `cfg`
/// (`img/...`, `txt/...`, `t`, `b`), in the checkpoint's dtypes; optimizer state and other
/// entries are left out. Scan-stacked blocks are split; an array whose shape differs from the
/// model's only by unit axes (`(1,)` for a scalar) is reshaped. Fails unless the result holds
/// exactly the model's parameters.
pub fn import_big_vision(path: &Path, cfg: &TwoTowerConfig) -> Result<ParamTree, NpzError> {
    import_params(path, cfg, "")
}

/// As [`import_big_vision`], for one tower only (`img` or `txt`): the arrays under
/// `params/<tower>/` as that tower's parameters of `cfg`; the checkpoint may hold only that
/// tower (a big_vision image-tower checkpoint for SigLiT).
pub fn import_big_vision_tower(
    path: &Path,
    cfg: &TwoTowerConfig,
    tower: &str,
) -> Result<ParamTree, NpzError> {
    import_params(path, cfg, &format!("{tower}/"))
}

/// The parameters of `cfg` whose paths start with `prefix`, from the arrays under
/// `params/<prefix>`.
fn import_params(path: &Path, cfg: &TwoTowerConfig, prefix: &str) -> Result<ParamTree, NpzError> {
    let model_error = |source| NpzError::Model {
        path: path.display().to_string(),
        source,
    };
    let params: ParamTree = read_npz(path)?
        .into_iter()
        .filter_map(|(key, value)| key.strip_prefix("params/").map(|k| (k.to_string(), value)))
        .filter(|(key, _)| key.starts_with(prefix))
        .collect();
    let mut params = unstack_scanned_blocks(params).map_err(model_error)?;
    let mut specs = cfg.param_specs().map_err(model_error)?;
    specs.retain(|spec| spec.path.starts_with(prefix));
    for spec in &specs {
        if let Some(t) = params.get_mut(&spec.path) {
            let squeezed = |shape: &[i64]| -> Vec<i64> {
                shape.iter().filter(|&&d| d != 1).copied().collect()
            };
            if t.shape != spec.shape && squeezed(&t.shape) == squeezed(&spec.shape) {
                t.shape = spec.shape.clone();
            }
        }
    }
    check_tree(&specs, &params).map_err(model_error)?;
    Ok(params)
}

/// One `.npy` file (format versions 1-3): magic, header dict, raw little-endian data in C or
/// Fortran order (returned in C order).
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
    let fortran_order = match header_value(header, "fortran_order")? {
        "False" => false,
        "True" => true,
        other => return Err(format!("bad fortran_order {other}")),
    };
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
    let data = bytes[start + header_len..].to_vec();
    let tensor = if fortran_order {
        // Column-major data of `shape` is row-major data of the reversed shape: read it so, then
        // reverse the axes.
        let reversed: Vec<i64> = shape.iter().rev().copied().collect();
        let stored = HostTensor::from_bytes(dtype, &reversed, data).map_err(|e| e.to_string())?;
        let elements: Vec<&[u8]> = stored.data.chunks_exact(dtype.size_bytes()).collect();
        let axes: Vec<usize> = (0..shape.len()).rev().collect();
        let c_order = permute(&elements, &reversed, &axes).concat();
        HostTensor::from_bytes(dtype, &shape, c_order)
    } else {
        HostTensor::from_bytes(dtype, &shape, data)
    };
    tensor.map_err(|e| e.to_string())
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
