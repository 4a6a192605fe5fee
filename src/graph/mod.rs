//! The tensor-graph core: a builder that records typed values, a small closed set of primitives
//! (each with its shape rule, VJP rule and StableHLO lowering side by side in `op.rs`),
//! reverse-mode autodiff that extends the same graph, composites built from primitives, and
//! the printer that turns a graph into a StableHLO module for the PJRT compiler.
//!
//! Errors in model code (shape, axis, dtype) never panic: the builder records the first one
//! with the op and the Rust call site, and `Graph::build` returns it.

mod autodiff;
mod builder;
pub mod nn;
mod op;
mod printer;

pub use autodiff::{grad, primitives_between};
pub use builder::{DotDims, ErrorKind, Graph, GraphError, Module, Tensor, TensorType};
pub use op::{Direction, OpKind};
