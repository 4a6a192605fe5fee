//! Element types and host-side tensors: the vocabulary shared by the graph builder,
//! the PJRT runtime, weight import/export and the data pipeline.

use std::fmt;

use half::{bf16, f16};

/// Element type of a tensor. The set is closed: every layer (printer, runtime,
/// checkpoint formats) matches on it exhaustively.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DType {
    F32,
    Bf16,
    F16,
    F64,
    I32,
    I64,
    U32,
    U8,
    Pred,
}

impl DType {
    pub const ALL: [DType; 9] = [
        DType::F32,
        DType::Bf16,
        DType::F16,
        DType::F64,
        DType::I32,
        DType::I64,
        DType::U32,
        DType::U8,
        DType::Pred,
    ];

    /// Bytes per element in a dense host buffer (pred is one byte, as PJRT stores it).
    pub fn size_bytes(self) -> usize {
        match self {
            DType::F64 | DType::I64 => 8,
            DType::F32 | DType::I32 | DType::U32 => 4,
            DType::Bf16 | DType::F16 => 2,
            DType::U8 | DType::Pred => 1,
        }
    }

    /// Element type as spelled in MLIR / StableHLO tensor types.
    pub fn mlir_name(self) -> &'static str {
        match self {
            DType::F32 => "f32",
            DType::Bf16 => "bf16",
            DType::F16 => "f16",
            DType::F64 => "f64",
            DType::I32 => "i32",
            DType::I64 => "i64",
            DType::U32 => "ui32",
            DType::U8 => "ui8",
            DType::Pred => "i1",
        }
    }

    pub fn is_float(self) -> bool {
        matches!(self, DType::F32 | DType::Bf16 | DType::F16 | DType::F64)
    }

    pub fn is_unsigned(self) -> bool {
        matches!(self, DType::U32 | DType::U8 | DType::Pred)
    }
}

impl fmt::Display for DType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.mlir_name())
    }
}

/// Rust scalar types that map one-to-one onto a [`DType`].
pub trait Element: Copy + Send + Sync + 'static {
    const DTYPE: DType;
    fn write_le(self, out: &mut Vec<u8>);
    fn read_le(bytes: &[u8]) -> Self;
}

macro_rules! element {
    ($t:ty, $d:expr) => {
        impl Element for $t {
            const DTYPE: DType = $d;
            fn write_le(self, out: &mut Vec<u8>) {
                out.extend_from_slice(&self.to_le_bytes());
            }
            fn read_le(bytes: &[u8]) -> Self {
                <$t>::from_le_bytes(bytes.try_into().expect("element width"))
            }
        }
    };
}
element!(f32, DType::F32);
element!(f64, DType::F64);
element!(bf16, DType::Bf16);
element!(f16, DType::F16);
element!(i32, DType::I32);
element!(i64, DType::I64);
element!(u32, DType::U32);
element!(u8, DType::U8);

impl Element for bool {
    const DTYPE: DType = DType::Pred;
    fn write_le(self, out: &mut Vec<u8>) {
        out.push(self as u8);
    }
    fn read_le(bytes: &[u8]) -> Self {
        bytes[0] != 0
    }
}

#[derive(Debug, thiserror::Error)]
pub enum TensorError {
    #[error("tensor of shape {shape:?} needs {expected} elements, got {got}")]
    ElementCount {
        shape: Vec<i64>,
        expected: usize,
        got: usize,
    },
    #[error("tensor has dtype {actual}, asked for {requested}")]
    DType { actual: DType, requested: DType },
    #[error("tensor of shape {shape:?} does not split into {parts} equal row blocks")]
    Split { shape: Vec<i64>, parts: usize },
    #[error("cannot stack rows of tensors {0}")]
    Concat(String),
    #[error("negative dimension in shape {0:?}")]
    NegativeDim(Vec<i64>),
}

/// A dense, row-major tensor in host memory (little-endian bytes).
#[derive(Clone, Debug, PartialEq)]
pub struct HostTensor {
    pub dtype: DType,
    pub shape: Vec<i64>,
    pub data: Vec<u8>,
}

pub fn element_count(shape: &[i64]) -> usize {
    shape.iter().map(|&d| d.max(0) as usize).product()
}

impl HostTensor {
    pub fn from_slice<T: Element>(shape: &[i64], values: &[T]) -> Result<Self, TensorError> {
        if shape.iter().any(|&d| d < 0) {
            return Err(TensorError::NegativeDim(shape.to_vec()));
        }
        let expected = element_count(shape);
        if expected != values.len() {
            return Err(TensorError::ElementCount {
                shape: shape.to_vec(),
                expected,
                got: values.len(),
            });
        }
        let mut data = Vec::with_capacity(expected * T::DTYPE.size_bytes());
        for &v in values {
            v.write_le(&mut data);
        }
        Ok(HostTensor {
            dtype: T::DTYPE,
            shape: shape.to_vec(),
            data,
        })
    }

    pub fn from_bytes(dtype: DType, shape: &[i64], data: Vec<u8>) -> Result<Self, TensorError> {
        if shape.iter().any(|&d| d < 0) {
            return Err(TensorError::NegativeDim(shape.to_vec()));
        }
        let expected = element_count(shape);
        if data.len() != expected * dtype.size_bytes() {
            return Err(TensorError::ElementCount {
                shape: shape.to_vec(),
                expected,
                got: data.len() / dtype.size_bytes(),
            });
        }
        Ok(HostTensor {
            dtype,
            shape: shape.to_vec(),
            data,
        })
    }

    pub fn scalar<T: Element>(value: T) -> Self {
        Self::from_slice(&[], &[value]).expect("scalar has one element")
    }

    pub fn zeros(dtype: DType, shape: &[i64]) -> Self {
        HostTensor {
            dtype,
            shape: shape.to_vec(),
            data: vec![0; element_count(shape) * dtype.size_bytes()],
        }
    }

    pub fn len(&self) -> usize {
        element_count(&self.shape)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// `parts` equal consecutive blocks along the first axis (e.g. one batch shard per device).
    pub fn split_rows(&self, parts: usize) -> Result<Vec<HostTensor>, TensorError> {
        let rows = self.shape.first().copied().unwrap_or(0);
        if parts == 0 || rows % parts as i64 != 0 {
            return Err(TensorError::Split {
                shape: self.shape.clone(),
                parts,
            });
        }
        let mut shape = self.shape.clone();
        shape[0] = rows / parts as i64;
        let chunk = self.data.len() / parts;
        Ok(self
            .data
            .chunks_exact(chunk.max(1))
            .take(parts)
            .map(|bytes| HostTensor {
                dtype: self.dtype,
                shape: shape.clone(),
                data: bytes.to_vec(),
            })
            .collect())
    }

    /// The inverse of [`HostTensor::split_rows`]: `parts` stacked along the first axis (their
    /// other dimensions and dtype must agree).
    pub fn concat_rows(parts: &[HostTensor]) -> Result<HostTensor, TensorError> {
        let first = parts
            .first()
            .ok_or_else(|| TensorError::Concat("(none given)".into()))?;
        let mut rows = 0;
        for p in parts {
            if p.dtype != first.dtype || p.shape.get(1..) != first.shape.get(1..) {
                return Err(TensorError::Concat(format!(
                    "{} {:?} and {} {:?}",
                    first.dtype, first.shape, p.dtype, p.shape
                )));
            }
            rows += p.shape.first().copied().unwrap_or(0);
        }
        let mut shape = first.shape.clone();
        shape[0] = rows;
        Ok(HostTensor {
            dtype: first.dtype,
            shape,
            data: parts.iter().flat_map(|p| p.data.iter().copied()).collect(),
        })
    }

    pub fn to_vec<T: Element>(&self) -> Result<Vec<T>, TensorError> {
        if self.dtype != T::DTYPE {
            return Err(TensorError::DType {
                actual: self.dtype,
                requested: T::DTYPE,
            });
        }
        Ok(self
            .data
            .chunks_exact(self.dtype.size_bytes())
            .map(T::read_le)
            .collect())
    }

    /// Values widened to f64, whatever the stored float or integer type.
    pub fn to_f64_lossy(&self) -> Vec<f64> {
        let w = self.dtype.size_bytes();
        self.data
            .chunks_exact(w)
            .map(|b| match self.dtype {
                DType::F32 => f32::read_le(b) as f64,
                DType::Bf16 => bf16::read_le(b).to_f64(),
                DType::F16 => f16::read_le(b).to_f64(),
                DType::F64 => f64::read_le(b),
                DType::I32 => i32::read_le(b) as f64,
                DType::I64 => i64::read_le(b) as f64,
                DType::U32 => u32::read_le(b) as f64,
                DType::U8 => b[0] as f64,
                DType::Pred => (b[0] != 0) as u8 as f64,
            })
            .collect()
    }
}
