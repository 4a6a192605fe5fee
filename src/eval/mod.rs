//! Evaluation: zero-shot classification and image↔text retrieval. `metrics` scores embeddings
//! on the host; `embed` runs the towers; `retrieval` is the evaluator a training run calls;
//! `rank` scores labels for single images (`siglip zero-shot`).

pub mod embed;
pub mod metrics;
pub mod rank;
pub mod retrieval;
