//! siglip: SigLIP / SigLiT training with the models, the sigmoid loss and the optimizer built
//! as XLA programs (StableHLO text) and run through the PJRT C API of a plugin loaded at run time.
//!
//! Layers, bottom up: `tensor` (dtypes, host tensors), `pjrt` (the C API), `graph` (builder,
//! primitives, autodiff, printer), `data` (input pipeline), `cli` (the `siglip` command).

pub mod cli;
pub mod data;
pub mod graph;
pub mod pjrt;
pub mod program;
pub mod tensor;
