//! Training: what a run config resolves to (`components`: parameters, batch layout, step,
//! pipeline settings), the train-step program with its named signature (`step`), the
//! device-resident state that runs it (`trainer`), and a configured run with checkpoints, resume
//! and metrics (`run`), where its wall time goes (`phases`) and profiles of chosen steps
//! (`profile`); parameters loaded from a pretrained model (`pretrained`: a fine-tuned run's
//! starting point, SigLiT's tower), SigLiT's frozen image tower (`siglit`) and the shards of its
//! image embeddings that SigLiT trains on (`embedding_set`).

pub mod components;
pub mod embedding_set;
pub mod phases;
pub mod pretrained;
pub mod profile;
pub mod run;
pub mod siglit;
pub mod step;
pub mod trainer;

pub use components::Components;
pub use run::{train, Progress, Run, RunSummary, StepReport};
pub use step::{ImageInput, StepSpec};
pub use trainer::{StepMetrics, Trainer};
