//! Training: the train-step program with its named signature (`step`), the device-resident
//! state that runs it (`trainer`), and a configured run with checkpoints, resume and metrics
//! (`run`); SigLiT's pretrained, frozen image tower and its embedding cache (`siglit`).

pub mod run;
pub mod siglit;
pub mod step;
pub mod trainer;

pub use run::{train, Evaluator, Progress, RunSummary, StepReport};
pub use step::{ImageInput, StepSpec};
pub use trainer::{StepMetrics, Trainer};
