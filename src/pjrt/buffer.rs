//! Device buffers: an owned `PJRT_Buffer` (destroyed on drop) with its element type, shape
//! and device cached, and the copy back to a [`HostTensor`].

use std::ffi::c_void;
use std::sync::Arc;

use crate::tensor::{element_count, DType, HostTensor};

use super::client::ClientInner;
use super::error::{PjrtError, Result};
use super::ffi::{self, slot};

/// `PJRT_Buffer_Type` of a dtype.
pub(crate) fn element_type(dtype: DType) -> ffi::PJRT_Buffer_Type {
    match dtype {
        DType::F32 => ffi::PJRT_Buffer_Type_F32,
        DType::Bf16 => ffi::PJRT_Buffer_Type_BF16,
        DType::F16 => ffi::PJRT_Buffer_Type_F16,
        DType::F64 => ffi::PJRT_Buffer_Type_F64,
        DType::I32 => ffi::PJRT_Buffer_Type_S32,
        DType::I64 => ffi::PJRT_Buffer_Type_S64,
        DType::U32 => ffi::PJRT_Buffer_Type_U32,
        DType::U8 => ffi::PJRT_Buffer_Type_U8,
        DType::Pred => ffi::PJRT_Buffer_Type_PRED,
    }
}

fn dtype_of(element_type: ffi::PJRT_Buffer_Type) -> Result<DType> {
    DType::ALL
        .into_iter()
        .find(|&d| self::element_type(d) == element_type)
        .ok_or(PjrtError::UnsupportedElementType(element_type))
}

/// An array on one device. Owns its `PJRT_Buffer`; `Send + Sync` (PJRT buffers are
/// thread-safe), and keeps its client (and so the plugin) alive.
pub struct Buffer {
    raw: *mut ffi::PJRT_Buffer,
    client: Arc<ClientInner>,
    device: usize,
    dtype: DType,
    shape: Vec<i64>,
}

// SAFETY: PJRT buffers may be used and destroyed from any thread; the cached fields are
// immutable.
unsafe impl Send for Buffer {}
unsafe impl Sync for Buffer {}

impl std::fmt::Debug for Buffer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "Buffer({}{:?} on device {})",
            self.dtype, self.shape, self.device
        )
    }
}

impl Buffer {
    /// Takes ownership of a buffer the plugin returned (destroying it if its metadata cannot
    /// be read).
    pub(crate) fn from_raw(
        client: Arc<ClientInner>,
        raw: *mut ffi::PJRT_Buffer,
        device: usize,
    ) -> Result<Buffer> {
        let mut buffer = Buffer {
            raw,
            client,
            device,
            dtype: DType::F32,
            shape: Vec::new(),
        };
        let api = buffer.client.api();
        let mut element = ffi::PJRT_Buffer_ElementType_Args::new();
        element.buffer = raw;
        // SAFETY: `raw` is a live buffer; the dims array it returns is copied at once.
        unsafe { api.call::<slot::PJRT_Buffer_ElementType>(&mut element)? };
        buffer.dtype = dtype_of(element.type_)?;
        let mut dims = ffi::PJRT_Buffer_Dimensions_Args::new();
        dims.buffer = raw;
        unsafe { api.call::<slot::PJRT_Buffer_Dimensions>(&mut dims)? };
        if dims.num_dims > 0 {
            buffer.shape = unsafe { std::slice::from_raw_parts(dims.dims, dims.num_dims) }.to_vec();
        }
        Ok(buffer)
    }

    pub(crate) fn raw(&self) -> *mut ffi::PJRT_Buffer {
        self.raw
    }

    pub fn dtype(&self) -> DType {
        self.dtype
    }

    pub fn shape(&self) -> &[i64] {
        &self.shape
    }

    /// Index of the buffer's device in [`Client::devices`](super::Client::devices).
    pub fn device_index(&self) -> usize {
        self.device
    }

    /// Waits until the buffer's contents are computed; returns the computation's error if it
    /// failed.
    pub fn await_ready(&self) -> Result<()> {
        let api = self.client.api();
        let mut args = ffi::PJRT_Buffer_ReadyEvent_Args::new();
        args.buffer = self.raw;
        // SAFETY: live buffer; the event is awaited and destroyed below.
        unsafe { api.call::<slot::PJRT_Buffer_ReadyEvent>(&mut args)? };
        api.await_event(args.event)
    }

    /// Device address of the data (for diagnostics such as checking that a donated input's
    /// memory was reused by an output).
    pub fn device_address(&self) -> Result<usize> {
        let mut args = ffi::PJRT_Buffer_UnsafePointer_Args::new();
        args.buffer = self.raw;
        // SAFETY: live buffer; only an address is returned.
        unsafe {
            self.client
                .api()
                .call::<slot::PJRT_Buffer_UnsafePointer>(&mut args)?
        };
        Ok(args.buffer_pointer)
    }

    /// Copies the buffer to a dense row-major host tensor (waits for it to be ready).
    pub fn to_host(&self) -> Result<HostTensor> {
        let expected = element_count(&self.shape) * self.dtype.size_bytes();
        let api = self.client.api();
        // Ask the plugin for its size first: a mismatch would mean a layout we do not expect.
        let mut query = ffi::PJRT_Buffer_ToHostBuffer_Args::new();
        query.src = self.raw;
        // SAFETY: live buffer; a null destination only asks for the size.
        unsafe { api.call::<slot::PJRT_Buffer_ToHostBuffer>(&mut query)? };
        if query.dst_size != expected {
            return Err(PjrtError::HostSize {
                dtype: self.dtype,
                shape: self.shape.clone(),
                expected,
                got: query.dst_size,
            });
        }
        let mut data = vec![0u8; expected];
        let mut args = ffi::PJRT_Buffer_ToHostBuffer_Args::new();
        args.src = self.raw;
        args.dst = data.as_mut_ptr().cast::<c_void>();
        args.dst_size = data.len();
        // SAFETY: `data` has `dst_size` writable bytes and is not touched until the event that
        // signals the end of the copy has been awaited.
        unsafe { api.call::<slot::PJRT_Buffer_ToHostBuffer>(&mut args)? };
        api.await_event(args.event)?;
        self.client.traffic.to_host(expected);
        Ok(HostTensor::from_bytes(self.dtype, &self.shape, data)?)
    }
}

impl Drop for Buffer {
    fn drop(&mut self) {
        let mut args = ffi::PJRT_Buffer_Destroy_Args::new();
        args.buffer = self.raw;
        // SAFETY: we own the buffer and destroy it exactly once.
        if let Err(e) = unsafe {
            self.client
                .api()
                .call::<slot::PJRT_Buffer_Destroy>(&mut args)
        } {
            tracing::warn!("destroying PJRT buffer: {e}");
        }
    }
}
