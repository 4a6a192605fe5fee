//! Evaluation: zero-shot classification and image↔text retrieval. `metrics` scores embeddings
//! on the host; evaluators that run the towers build on it.

pub mod metrics;
