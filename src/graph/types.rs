//! The graph's value types, below everything else in `graph`: a value's static type, the
//! dimension numbers of a `dot_general`, build-time errors, and the host scalar a constant of
//! any dtype is made from.

use std::fmt;

use half::{bf16, f16};

use crate::tensor::{DType, HostTensor};

/// Static type of a graph value.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct TensorType {
    pub dtype: DType,
    pub shape: Vec<i64>,
}

impl TensorType {
    pub fn new(dtype: DType, shape: &[i64]) -> Self {
        TensorType {
            dtype,
            shape: shape.to_vec(),
        }
    }
    pub fn rank(&self) -> usize {
        self.shape.len()
    }
    pub fn element_count(&self) -> i64 {
        self.shape.iter().product()
    }
}

impl fmt::Display for TensorType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "tensor<")?;
        for d in &self.shape {
            write!(f, "{d}x")?;
        }
        write!(f, "{}>", self.dtype.mlir_name())
    }
}

/// Which rule a build-time error broke.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    Shape,
    Axis,
    DType,
    /// Misuse of the builder itself: tensors from two graphs, a bad replica pairing, ...
    Graph,
}

/// A build-time error: which op, what was wrong, and where in the Rust source it was built.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{op}: {message} (built at {file}:{line})")]
pub struct GraphError {
    pub kind: ErrorKind,
    pub op: String,
    pub message: String,
    pub file: &'static str,
    pub line: u32,
}

/// Dimension numbers of a `dot_general`.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct DotDims {
    pub lhs_batch: Vec<usize>,
    pub rhs_batch: Vec<usize>,
    pub lhs_contract: Vec<usize>,
    pub rhs_contract: Vec<usize>,
}

/// `value` as a scalar host tensor of `dtype` (floats rounded to that dtype).
pub(crate) fn scalar_host(value: f64, dtype: DType) -> HostTensor {
    match dtype {
        DType::F32 => HostTensor::scalar(value as f32),
        DType::Bf16 => HostTensor::scalar(bf16::from_f64(value)),
        DType::F16 => HostTensor::scalar(f16::from_f64(value)),
        DType::F64 => HostTensor::scalar(value),
        DType::I32 => HostTensor::scalar(value as i32),
        DType::I64 => HostTensor::scalar(value as i64),
        DType::U32 => HostTensor::scalar(value as u32),
        DType::U8 => HostTensor::scalar(value as u8),
        DType::Pred => HostTensor::scalar(value != 0.0),
    }
}
