//! The tensor-graph core: typed values recorded into a graph, a small closed set of primitives
//! (`op/`: each primitive's shape rule, VJP rule and StableHLO lowering together in its family
//! file), reverse-mode autodiff that extends the same graph, composites built from primitives,
//! and the printer that turns a finished graph into a StableHLO module for the PJRT compiler.
//!
//! Files, bottom up: `types` (value types, errors), `op` (primitives), `module` (a finished
//! graph), `recorder` (`Graph`, `Tensor`), `tensor_api` (the methods model code calls),
//! `autodiff`, `nn`, `printer`. The primitives' VJP rules call the `Tensor` API and their
//! lowerings write through the printer's `Emitter`, and a `while` loop's body is a `Module`
//! of primitives, so `op` and those three files use each other.
//!
//! Errors in model code (shape, axis, dtype) never panic: the recorder keeps the first one
//! with the op and the Rust call site, and `Graph::build` returns it.

mod autodiff;
mod module;
pub mod nn;
mod op;
mod printer;
mod recorder;
mod tensor_api;
mod types;

pub use autodiff::{grad, primitives_between};
pub use module::Module;
pub use op::{Direction, OpKind};
pub use recorder::{Graph, Tensor};
pub use types::{DotDims, ErrorKind, GraphError, TensorType};
