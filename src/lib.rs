//! siglip: SigLIP / SigLiT training with the models, the sigmoid loss and the optimizer built
//! as XLA programs (StableHLO text) and run through the PJRT C API of a plugin loaded at run time.
//!
//! Layers, bottom up (a module imports only modules of lower lines):
//! 1. `tensor` (dtypes, host tensors); `storage` (local paths and `gs://` / `s3://` objects
//!    behind one set of calls).
//! 2. `safetensors_io` (their file format), `pjrt` (the C API), `graph` (builder, primitives,
//!    autodiff, printer), `layout` (how a global batch splits over processes and devices).
//! 3. `target` (accelerators to compile for without having them) on `pjrt`; `model` (towers,
//!    parameter declaration, weight import), `loss`, `optim` (update rules as graph transforms),
//!    all on the graph; `data` (input pipeline) and `schedule` (host-side learning-rate
//!    multiplier) on tensors only.
//! 4. `program` (a graph compiled for N devices with a named signature); `reference_programs`
//!    (the programs committed under `graphs/`); `checkpoint` and `metrics` (a run's state and
//!    records on disk, and the evaluator interface the training loop calls); `tensorboard`
//!    (event files TensorBoard reads, on `data`'s TFRecord framing).
//! 5. `eval` (scores, tower embedder, the kinds of evaluation with their config) and `plot` (a
//!    run's curves).
//! 6. `config` (a run's YAML: model, loss, optimizer, schedule, data, evals).
//! 7. `train` (the config's components, step program, device state, the run loop) and `source`
//!    (a trained model from a run, checkpoint, Hugging Face directory or `.npz`). `train` does
//!    not import `eval`: the loop takes evaluators as values.
//! 8. `bench` and `bench_loss`, `plan` (a config's compiled step: sizes, FLOPs, memory) and
//!    `sweep` (runs of a sweep file).
//! 9. `cli` (the `siglip` command).

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
pub mod storage;
pub mod sweep;
pub mod target;
pub mod tensor;
pub mod tensorboard;
pub mod train;
