//! siglip: SigLIP / SigLiT training with the models, the sigmoid loss and the optimizer built
//! as XLA programs (StableHLO text) and run through the PJRT C API of a plugin loaded at run time.
//!
//! Layers, bottom up: `tensor` (dtypes, host tensors), `pjrt` (the C API), `graph` (builder,
//! primitives, autodiff, printer); `model` (towers, parameter trees, weight import) and `loss`
//! on the graph; `program` (a graph compiled for N devices); `graphs` (the reference programs
//! exported to `graphs/`); `data` (input pipeline, standalone); `checkpoint`, `metrics` and
//! `plot` (a run's state and curves on disk); `cli` (the `siglip` command).

pub mod bench;
pub mod checkpoint;
pub mod cli;
pub mod config;
pub mod data;
pub mod eval;
pub mod graph;
pub mod graphs;
pub mod loss;
pub mod metrics;
pub mod model;
pub mod optim;
pub mod pjrt;
pub mod plot;
pub mod program;
pub mod safetensors_io;
pub mod schedule;
pub mod tensor;
pub mod train;
