//! The graph recorder: `Graph` is a shared, growing list of nodes (each a primitive with its
//! operands' node ids and its inferred type) plus the parameters, checkpointed regions and the
//! first build-time error; `Tensor` is a typed handle to one node. `Graph::apply` checks a new
//! node with its primitive's shape rule; a broken rule is recorded (first one wins, with the
//! call site) instead of panicking, and `Graph::build` reports it or returns the `Module`.
//! Apart from `parameter` and `checkpoint`, which add to the recorder's own lists, the methods
//! that build values (the `Tensor` API) are in `tensor_api.rs`.

use std::cell::RefCell;
use std::fmt;
use std::panic::Location;
use std::rc::Rc;

use super::module::{Module, Node};
use super::op::Op;
use super::types::{ErrorKind, GraphError, TensorType};
use crate::tensor::DType;

/// A rematerialised region (see `Graph::checkpoint`): nodes `start..=output` were built by its
/// body from `inputs` (all older than `start`) and older values.
#[derive(Clone, Debug)]
pub(crate) struct Checkpoint {
    pub start: usize,
    pub inputs: Vec<usize>,
    pub output: usize,
}

#[derive(Default)]
struct GraphData {
    nodes: Vec<Node>,
    params: Vec<(String, usize)>,
    num_replicas: usize,
    first_error: Option<GraphError>,
    checkpoints: Vec<Checkpoint>,
}

/// A graph under construction. Cheap to clone (shared handle); not `Send`.
#[derive(Clone)]
pub struct Graph(Rc<RefCell<GraphData>>);

/// A value in a graph: its node and static type.
#[derive(Clone)]
pub struct Tensor {
    graph: Graph,
    id: usize,
    ty: TensorType,
}

impl fmt::Debug for Tensor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Tensor(%{}: {})", self.id, self.ty)
    }
}

impl Default for Graph {
    fn default() -> Self {
        Self::new()
    }
}

impl Graph {
    /// A single-replica graph.
    pub fn new() -> Self {
        Self::with_replicas(1)
    }

    /// A replica-mode (pmap-style) graph: the same program runs on `n` devices and the
    /// collectives span all of them.
    pub fn with_replicas(n: usize) -> Self {
        Graph(Rc::new(RefCell::new(GraphData {
            num_replicas: n.max(1),
            ..Default::default()
        })))
    }

    pub fn num_replicas(&self) -> usize {
        self.0.borrow().num_replicas
    }

    pub fn node_count(&self) -> usize {
        self.0.borrow().nodes.len()
    }

    /// The first build-time error recorded so far, if any.
    pub fn error(&self) -> Option<GraphError> {
        self.0.borrow().first_error.clone()
    }

    fn same(&self, other: &Graph) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }

    #[track_caller]
    pub(crate) fn record_error(&self, kind: ErrorKind, op: &str, message: String) {
        let loc = Location::caller();
        let mut data = self.0.borrow_mut();
        if data.first_error.is_none() {
            data.first_error = Some(GraphError {
                kind,
                op: op.to_string(),
                message,
                file: loc.file(),
                line: loc.line(),
            });
        }
    }

    pub(crate) fn node(&self, id: usize) -> Node {
        self.0.borrow().nodes[id].clone()
    }

    pub(crate) fn tensor(&self, id: usize) -> Tensor {
        let ty = self.0.borrow().nodes[id].ty.clone();
        Tensor {
            graph: self.clone(),
            id,
            ty,
        }
    }

    /// Adds a node after checking its operands with the op's shape rule. On error the error is
    /// recorded and a placeholder node keeps the builder going.
    #[track_caller]
    pub(crate) fn apply(&self, op: Op<Tensor>) -> Tensor {
        let inputs = op.operands();
        let inferred = if inputs.iter().any(|t| !self.same(&t.graph)) {
            Err((
                ErrorKind::Graph,
                "operands come from different graphs".to_string(),
            ))
        } else {
            op.map(|t| &t.ty).infer(self.num_replicas())
        };
        let ty = match inferred {
            Ok(ty) => ty,
            Err((kind, message)) => {
                let shapes: Vec<String> = inputs.iter().map(|t| t.ty.to_string()).collect();
                let message = if shapes.is_empty() {
                    message
                } else {
                    format!("{message}; operands: ({})", shapes.join(", "))
                };
                self.record_error(kind, op.name(), message);
                inputs
                    .first()
                    .map(|t| t.ty.clone())
                    .unwrap_or(TensorType::new(DType::F32, &[]))
            }
        };
        let id = {
            let mut data = self.0.borrow_mut();
            data.nodes.push(Node {
                op: op.map(|t| t.id),
                ty: ty.clone(),
            });
            data.nodes.len() - 1
        };
        Tensor {
            graph: self.clone(),
            id,
            ty,
        }
    }

    /// Builds `body`'s value as a rematerialised region, like `jax.checkpoint`: the forward is
    /// unchanged, but `grad` keeps none of the region's intermediates. It recomputes them in
    /// the backward pass from `inputs`, each passed through an optimization barrier together
    /// with the region output's cotangent, so XLA can neither merge the recomputation with the
    /// forward (CSE) nor schedule it before the backward pass reaches the region. Other values
    /// the body reads (parameters, constants) are used as they are.
    pub fn checkpoint<E>(
        &self,
        inputs: &[&Tensor],
        body: impl FnOnce() -> Result<Tensor, E>,
    ) -> Result<Tensor, E> {
        let start = self.node_count();
        let output = body()?;
        if self.same(&output.graph) && output.id >= start {
            self.0.borrow_mut().checkpoints.push(Checkpoint {
                start,
                inputs: inputs.iter().map(|t| t.id).collect(),
                output: output.id,
            });
        }
        Ok(output)
    }

    pub(crate) fn checkpoints(&self) -> Vec<Checkpoint> {
        self.0.borrow().checkpoints.clone()
    }

    /// A program input. Parameters are numbered in the order they are created.
    #[track_caller]
    pub fn parameter(&self, name: &str, dtype: DType, shape: &[i64]) -> Tensor {
        let t = self.apply(Op::Parameter {
            ty: TensorType::new(dtype, shape),
        });
        self.0.borrow_mut().params.push((name.to_string(), t.id));
        t
    }

    /// Finishes the graph: checks for recorded errors and keeps the nodes the outputs need.
    pub fn build(&self, outputs: &[&Tensor]) -> Result<Module, GraphError> {
        if let Some(err) = self.error() {
            return Err(err);
        }
        if let Some(foreign) = outputs.iter().find(|t| !self.same(&t.graph)) {
            return Err(GraphError {
                kind: ErrorKind::Graph,
                op: "build".into(),
                message: format!("output {foreign:?} belongs to another graph"),
                file: file!(),
                line: line!(),
            });
        }
        let data = self.0.borrow();
        let mut live = vec![false; data.nodes.len()];
        for t in outputs {
            live[t.id] = true;
        }
        for id in (0..data.nodes.len()).rev() {
            if live[id] {
                for &i in data.nodes[id].op.operands() {
                    live[i] = true;
                }
            }
        }
        let mut remap = vec![usize::MAX; data.nodes.len()];
        let mut nodes = Vec::new();
        for (id, node) in data.nodes.iter().enumerate() {
            let is_param = matches!(node.op, Op::Parameter { .. });
            if live[id] || is_param {
                remap[id] = nodes.len();
                nodes.push(Node {
                    op: node.op.map(|&i| remap[i]),
                    ty: node.ty.clone(),
                });
            }
        }
        Ok(Module {
            params: data
                .params
                .iter()
                .map(|(n, id)| (n.clone(), data.nodes[*id].ty.clone()))
                .collect(),
            param_nodes: data.params.iter().map(|(_, id)| remap[*id]).collect(),
            outputs: outputs.iter().map(|t| remap[t.id]).collect(),
            aliases: vec![None; data.params.len()],
            num_replicas: data.num_replicas,
            nodes,
        })
    }
}

impl Tensor {
    pub fn ty(&self) -> &TensorType {
        &self.ty
    }
    pub fn shape(&self) -> &[i64] {
        &self.ty.shape
    }
    pub fn dtype(&self) -> DType {
        self.ty.dtype
    }
    pub fn rank(&self) -> usize {
        self.ty.shape.len()
    }
    pub fn graph(&self) -> &Graph {
        &self.graph
    }
    pub(crate) fn id(&self) -> usize {
        self.id
    }
}
