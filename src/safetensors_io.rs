//! safetensors files as maps name → `HostTensor` with optional string metadata: the file format
//! Hugging Face checkpoints, our checkpoints and test fixtures share. Tensors keep their stored
//! dtype; dtypes we have no `DType` for are refused by name.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use crate::tensor::{DType, HostTensor};

/// Tensors by name (sorted, as safetensors orders its header).
pub type TensorMap = BTreeMap<String, HostTensor>;

/// The file's `__metadata__`: free-form string pairs.
pub type Metadata = BTreeMap<String, String>;

#[derive(Debug, thiserror::Error)]
pub enum SafetensorsError {
    #[error(transparent)]
    Storage(#[from] crate::storage::StorageError),
    #[error("{path}: not a valid safetensors file: {message}")]
    Format { path: PathBuf, message: String },
    #[error("{path}: tensor {name} has dtype {dtype}, which we do not handle")]
    DType {
        path: PathBuf,
        name: String,
        dtype: String,
    },
}

fn dtype_from_safetensors(d: safetensors::Dtype) -> Option<DType> {
    use safetensors::Dtype as S;
    Some(match d {
        S::F32 => DType::F32,
        S::F64 => DType::F64,
        S::F16 => DType::F16,
        S::BF16 => DType::Bf16,
        S::I32 => DType::I32,
        S::I64 => DType::I64,
        S::U32 => DType::U32,
        S::U8 => DType::U8,
        S::BOOL => DType::Pred,
        _ => return None,
    })
}

fn dtype_to_safetensors(d: DType) -> safetensors::Dtype {
    use safetensors::Dtype as S;
    match d {
        DType::F32 => S::F32,
        DType::F64 => S::F64,
        DType::F16 => S::F16,
        DType::Bf16 => S::BF16,
        DType::I32 => S::I32,
        DType::I64 => S::I64,
        DType::U32 => S::U32,
        DType::U8 => S::U8,
        DType::Pred => S::BOOL,
    }
}

/// Every tensor of the file, in its stored dtype.
pub fn read(path: &Path) -> Result<TensorMap, SafetensorsError> {
    Ok(read_with_metadata(path)?.0)
}

/// Every tensor of the file and its metadata (empty when the file has none).
pub fn read_with_metadata(path: &Path) -> Result<(TensorMap, Metadata), SafetensorsError> {
    let bytes = crate::storage::read(path)?;
    let format = |e: safetensors::SafeTensorError| SafetensorsError::Format {
        path: path.to_path_buf(),
        message: e.to_string(),
    };
    let (_, header) = safetensors::SafeTensors::read_metadata(&bytes).map_err(format)?;
    let metadata: Metadata = header
        .metadata()
        .iter()
        .flatten()
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    let file = safetensors::SafeTensors::deserialize(&bytes).map_err(format)?;
    let tensors = file
        .tensors()
        .into_iter()
        .map(|(name, view)| {
            let dtype =
                dtype_from_safetensors(view.dtype()).ok_or_else(|| SafetensorsError::DType {
                    path: path.to_path_buf(),
                    name: name.clone(),
                    dtype: format!("{:?}", view.dtype()),
                })?;
            let shape: Vec<i64> = view.shape().iter().map(|&d| d as i64).collect();
            let tensor =
                HostTensor::from_bytes(dtype, &shape, view.data().to_vec()).map_err(|e| {
                    SafetensorsError::Format {
                        path: path.to_path_buf(),
                        message: format!("{name}: {e}"),
                    }
                })?;
            Ok((name, tensor))
        })
        .collect::<Result<TensorMap, SafetensorsError>>()?;
    Ok((tensors, metadata))
}

struct TensorView<'a> {
    tensor: &'a HostTensor,
    shape: Vec<usize>,
}

impl safetensors::View for TensorView<'_> {
    fn dtype(&self) -> safetensors::Dtype {
        dtype_to_safetensors(self.tensor.dtype)
    }
    fn shape(&self) -> &[usize] {
        &self.shape
    }
    fn data(&self) -> Cow<'_, [u8]> {
        Cow::Borrowed(&self.tensor.data)
    }
    fn data_len(&self) -> usize {
        self.tensor.data.len()
    }
}

/// The file's bytes for `tensors` (and `metadata`, unless empty); for callers that write them
/// their own way (checkpoints write durably).
pub fn serialize(tensors: &TensorMap, metadata: &Metadata) -> Result<Vec<u8>, String> {
    let views = tensors.iter().map(|(name, t)| {
        let shape = t.shape.iter().map(|&d| d as usize).collect();
        (name.as_str(), TensorView { tensor: t, shape })
    });
    let metadata: Option<HashMap<String, String>> = (!metadata.is_empty()).then(|| {
        metadata
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect()
    });
    safetensors::serialize(views, &metadata).map_err(|e| e.to_string())
}

/// Writes `tensors` (and `metadata`, unless empty) to `path`, replacing any file there.
pub fn write(
    path: &Path,
    tensors: &TensorMap,
    metadata: &Metadata,
) -> Result<(), SafetensorsError> {
    let bytes = serialize(tensors, metadata).map_err(|message| SafetensorsError::Format {
        path: path.to_path_buf(),
        message,
    })?;
    Ok(crate::storage::write(path, &bytes)?)
}
