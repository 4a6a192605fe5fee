//! A finished graph (`Graph::build`): the nodes its outputs need, its parameters, and which
//! outputs reuse a donated parameter's buffer. `to_stablehlo` lives with the printer.

use super::op::Op;
use super::types::{ErrorKind, GraphError, TensorType};

/// A stored node: its primitive (operands are node ids) and its result type.
#[derive(Clone, Debug)]
pub(crate) struct Node {
    pub op: Op<usize>,
    pub ty: TensorType,
}

/// A finished graph: the nodes reachable from the outputs, parameters and donation aliases.
#[derive(Clone, Debug)]
pub struct Module {
    pub(crate) nodes: Vec<Node>,
    pub params: Vec<(String, TensorType)>,
    pub(crate) param_nodes: Vec<usize>,
    pub(crate) outputs: Vec<usize>,
    pub(crate) aliases: Vec<Option<usize>>,
    pub num_replicas: usize,
}

impl Module {
    /// Output types, in order.
    pub fn output_types(&self) -> Vec<TensorType> {
        self.outputs
            .iter()
            .map(|&i| self.nodes[i].ty.clone())
            .collect()
    }

    /// Lets output `output` reuse the buffer of parameter `param` (the caller donates it).
    pub fn donate(&mut self, param: usize, output: usize) -> Result<(), GraphError> {
        let fail = |message: String| GraphError {
            kind: ErrorKind::Graph,
            op: "donate".into(),
            message,
            file: file!(),
            line: line!(),
        };
        let (name, pty) = self
            .params
            .get(param)
            .ok_or_else(|| fail(format!("no parameter {param}")))?;
        let oty = self
            .output_types()
            .get(output)
            .cloned()
            .ok_or_else(|| fail(format!("no output {output}")))?;
        if *pty != oty {
            return Err(fail(format!(
                "parameter {param} ({name}: {pty}) cannot alias output {output} ({oty})"
            )));
        }
        if self.aliases.contains(&Some(output)) {
            return Err(fail(format!("output {output} is already aliased")));
        }
        self.aliases[param] = Some(output);
        Ok(())
    }
}
