//! siglip: SigLIP / SigLiT training with the models, the sigmoid loss and the optimizer built
//! as XLA programs (StableHLO text) and run through the PJRT C API of a plugin loaded at run time.
//!
//! Layers, bottom up (a module imports only modules of lower lines):
//! 1. `tensor` (dtypes, host tensors), `safetensors_io` (their file format), `pjrt` (the C API),
//!    `target` (accelerators to compile for without having them),
//!    `graph` (builder, primitives, autodiff, printer), `layout` (how a global batch splits over
//!    processes and devices).
//! 2. `model` (towers, parameter declaration, weight import), `loss`, `optim` (update rules as
//!    graph transforms), all on the graph; `data` (input pipeline) and `schedule` (host-side
//!    learning-rate multiplier) on tensors only.
//! 3. `program` (a graph compiled for N devices with a named signature); `reference_programs`
//!    (the programs committed under `graphs/`); `checkpoint`, `metrics` and `plot` (a run's
//!    state and curves on disk); `config` (a run's YAML: model, loss, optimizer, schedule, data).
//! 4. `train` (step program, device state, the run loop) and `eval` (scores, tower embedder,
//!    evaluators) side by side: neither imports the other, the loop takes evaluators as values;
//!    `source` (a trained model from a run, checkpoint, Hugging Face directory or `.npz`).
//! 5. `bench` and `bench_loss`, `plan` (a config's compiled step: sizes, FLOPs, memory) and `sweep` (runs of
//!    a sweep file), then `cli` (the `siglip` command) on top.

pub mod bench;
pub mod bench_loss;
pub mod checkpoint;
pub mod cli;
pub mod config;
pub mod data;
pub mod eval;
pub mod graph;
pub mod layout;
pub mod loss;
pub mod metrics;
pub mod model;
pub mod optim;
pub mod pjrt;
pub mod plan;
pub mod plot;
pub mod program;
pub mod reference_programs;
pub mod safetensors_io;
pub mod schedule;
pub mod source;
pub mod sweep;
pub mod target;
pub mod tensor;
pub mod train;
