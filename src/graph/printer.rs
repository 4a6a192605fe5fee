//! Prints a `Module` as StableHLO text in MLIR generic form, which every PJRT plugin's `mlir`
//! program format accepts: `func.func public @main`, several results, the replica-count module
//! attributes and `tf.aliasing_output` for donated parameters. Per-op text comes from
//! `Op::lower`; this file owns SSA naming, regions and the function frame.

use std::fmt::Write;

use super::builder::{Module, TensorType};
use super::op::{dense_literal, Op};
use crate::tensor::DType;

/// An SSA value in `@main`: its name and type.
#[derive(Clone)]
pub(crate) struct Value {
    pub name: String,
    pub ty: TensorType,
}

/// Accumulates the body of `@main`; ops write themselves through it.
pub(crate) struct Emitter {
    body: String,
    /// SSA name of the node being lowered.
    result: String,
    temps: usize,
    num_replicas: usize,
}

impl Emitter {
    fn fresh(&mut self) -> String {
        self.temps += 1;
        format!("%t{}", self.temps)
    }

    /// One op producing the node's result (of type `out`).
    pub fn op(
        &mut self,
        name: &str,
        args: &[&Value],
        attrs: &str,
        region: Option<&str>,
        out: &TensorType,
    ) {
        let result = self.result.clone();
        self.line(&result, name, args, attrs, region, out);
    }

    fn line(
        &mut self,
        result: &str,
        name: &str,
        args: &[&Value],
        attrs: &str,
        region: Option<&str>,
        out: &TensorType,
    ) {
        let names: Vec<&str> = args.iter().map(|a| a.name.as_str()).collect();
        let in_types: Vec<String> = args.iter().map(|a| a.ty.to_string()).collect();
        let region = region.map(|r| format!(" ({r})")).unwrap_or_default();
        let attrs = if attrs.is_empty() {
            String::new()
        } else {
            format!(" {attrs}")
        };
        let _ = writeln!(
            self.body,
            "    {result} = \"{name}\"({}){region}{attrs} : ({}) -> {out}",
            names.join(", "),
            in_types.join(", ")
        );
    }

    /// An op whose results have the types of its operands (`optimization_barrier` of several
    /// values); the node's value is its first result.
    pub fn first_of_results(&mut self, name: &str, args: &[&Value]) {
        let names: Vec<&str> = args.iter().map(|a| a.name.as_str()).collect();
        let types: Vec<String> = args.iter().map(|a| a.ty.to_string()).collect();
        let (names, types) = (names.join(", "), types.join(", "));
        let _ = writeln!(
            self.body,
            "    {}:{} = \"{name}\"({names}) : ({types}) -> ({types})",
            self.result,
            args.len()
        );
        self.result = format!("{}#0", self.result);
    }

    /// The node's result is another value, unchanged.
    pub fn alias(&mut self, value: &Value) {
        self.result = value.name.clone();
    }

    /// A scalar constant.
    pub fn splat_scalar(&mut self, value: f64, dtype: DType) -> Value {
        let ty = TensorType::new(dtype, &[]);
        self.splat(value, &ty)
    }

    /// A constant tensor filled with `value`.
    pub fn splat(&mut self, value: f64, ty: &TensorType) -> Value {
        let scalar = super::builder::scalar_host(value, ty.dtype);
        let name = self.fresh();
        let attr = format!("{{value = {}}}", dense_literal(&scalar));
        let scalar_ty = TensorType::new(ty.dtype, &[]);
        self.line(&name, "stablehlo.constant", &[], &attr, None, &scalar_ty);
        let scalar = Value {
            name,
            ty: scalar_ty,
        };
        if ty.shape.is_empty() {
            return scalar;
        }
        let wide = self.fresh();
        self.line(
            &wide,
            "stablehlo.broadcast_in_dim",
            &[&scalar],
            "{broadcast_dimensions = array<i64>}",
            None,
            ty,
        );
        Value {
            name: wide,
            ty: ty.clone(),
        }
    }

    /// A reduction region `(a, b) -> body(a, b)` over scalars of `dtype`.
    pub fn scalar_region(&mut self, body: &str, dtype: DType) -> String {
        let s = TensorType::new(dtype, &[]);
        let r = self.fresh();
        format!(
            "{{\n    ^bb0(%a: {s}, %b: {s}):\n      {r} = \"{body}\"(%a, %b) : ({s}, {s}) -> {s}\n      \"stablehlo.return\"({r}) : ({s}) -> ()\n    }}"
        )
    }

    /// `replica_groups` attribute value for one group holding every replica.
    pub fn all_replicas_group(&self) -> String {
        let ids: Vec<String> = (0..self.num_replicas).map(|i| i.to_string()).collect();
        format!(
            "dense<[[{}]]> : tensor<1x{}xi64>",
            ids.join(", "),
            self.num_replicas
        )
    }
}

pub(crate) fn print_module(m: &Module) -> String {
    let mut values: Vec<Value> = m
        .nodes
        .iter()
        .enumerate()
        .map(|(id, node)| Value {
            name: format!("%{id}"),
            ty: node.ty.clone(),
        })
        .collect();
    for (i, &node) in m.param_nodes.iter().enumerate() {
        values[node].name = format!("%arg{i}");
    }
    let mut e = Emitter {
        body: String::new(),
        result: String::new(),
        temps: 0,
        num_replicas: m.num_replicas,
    };
    for (id, node) in m.nodes.iter().enumerate() {
        if matches!(node.op, Op::Parameter { .. }) {
            continue;
        }
        let op = node.op.map(|&i| values[i].clone());
        e.result = values[id].name.clone();
        op.lower(&mut e, &node.ty);
        values[id].name = e.result.clone();
    }

    let mut text = String::new();
    let _ = writeln!(
        text,
        "module @siglip attributes {{mhlo.num_partitions = 1 : i32, mhlo.num_replicas = {} : i32}} {{",
        m.num_replicas
    );
    let params: Vec<String> = m
        .params
        .iter()
        .enumerate()
        .map(|(i, (_, ty))| match m.aliases[i] {
            Some(out) => format!("%arg{i}: {ty} {{tf.aliasing_output = {out} : i32}}"),
            None => format!("%arg{i}: {ty}"),
        })
        .collect();
    let out_types: Vec<String> = m
        .outputs
        .iter()
        .map(|&o| m.nodes[o].ty.to_string())
        .collect();
    let _ = writeln!(
        text,
        "  func.func public @main({}) -> ({}) {{",
        params.join(", "),
        out_types.join(", ")
    );
    text.push_str(&e.body);
    let outs: Vec<String> = m.outputs.iter().map(|&o| values[o].name.clone()).collect();
    let _ = writeln!(
        text,
        "    \"func.return\"({}) : ({}) -> ()",
        outs.join(", "),
        out_types.join(", ")
    );
    text.push_str("  }\n}\n");
    text
}
