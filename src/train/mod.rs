//! Training: the train-step program with its named signature (`step`) and the device-resident
//! state that runs it (`trainer`). The training loop, schedules and checkpoints build on these.

pub mod step;
pub mod trainer;

pub use step::StepSpec;
pub use trainer::{StepMetrics, Trainer};
