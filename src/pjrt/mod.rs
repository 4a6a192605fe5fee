//! PJRT C API layer (in progress).
