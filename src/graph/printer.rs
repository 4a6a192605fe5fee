//! Prints a `Module` as StableHLO text in MLIR generic form, which every PJRT plugin's `mlir`
//! program format accepts: `func.func public @main`, several results, the replica-count module
//! attributes and `tf.aliasing_output` for donated parameters. Per-op text comes from
//! `Op::lower` (in each primitive's family file under `op/`), written through `Emitter`; this
//! file owns SSA naming, constants, regions, `while` loops and the function frame.

use std::collections::HashMap;
use std::fmt::Write;

use super::module::Module;
use super::op::Op;
use super::types::{scalar_host, TensorType};
use crate::tensor::{DType, HostTensor};

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
    /// SSA name of each `while` loop already emitted (its results are `name#k`), by body.
    loops: HashMap<*const Module, String>,
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
        let scalar = scalar_host(value, ty.dtype);
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

/// Lowers every node of `m` into `e`'s body, naming node `id` `%{prefix}{id}` and parameter `i`
/// `params[i]`; returns each node's value.
fn lower_nodes(e: &mut Emitter, m: &Module, prefix: &str, params: &[String]) -> Vec<Value> {
    let mut values: Vec<Value> = m
        .nodes
        .iter()
        .enumerate()
        .map(|(id, node)| Value {
            name: format!("%{prefix}{id}"),
            ty: node.ty.clone(),
        })
        .collect();
    for (&node, name) in m.param_nodes.iter().zip(params) {
        values[node].name = name.clone();
    }
    for (id, node) in m.nodes.iter().enumerate() {
        if matches!(node.op, Op::Parameter { .. }) {
            continue;
        }
        let op = node.op.map(|&i| values[i].clone());
        e.result = values[id].name.clone();
        op.lower(e, &node.ty);
        values[id].name = e.result.clone();
    }
    values
}

impl Emitter {
    /// Result `result` of the loop running `body` `trips` times on `carry`; the loop itself is
    /// emitted at its first result, with an i32 trip counter as carry 0 (so result k is `#k+1`).
    pub fn while_result(&mut self, carry: &[Value], body: &Module, trips: usize, result: usize) {
        let key = body as *const Module;
        if !self.loops.contains_key(&key) {
            let name = self.result.clone();
            self.emit_while(&name, carry, body, trips);
            self.loops.insert(key, name);
        }
        self.result = format!("{}#{}", self.loops[&key], result + 1);
    }

    fn emit_while(&mut self, name: &str, carry: &[Value], body: &Module, trips: usize) {
        let counter_ty = TensorType::new(DType::I32, &[]);
        self.temps += 1;
        let loop_id = self.temps;
        let tag = |what: &str| format!("w{loop_id}{what}_");
        let zero = self.splat_scalar(0.0, DType::I32);
        let mut types = vec![counter_ty.clone()];
        types.extend(carry.iter().map(|c| c.ty.clone()));
        let type_list = |types: &[TensorType]| {
            types
                .iter()
                .map(|t| t.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        };
        let block_args = |prefix: &str| -> (String, Vec<String>) {
            let names: Vec<String> = (0..types.len()).map(|i| format!("%{prefix}{i}")).collect();
            let args: Vec<String> = names
                .iter()
                .zip(&types)
                .map(|(n, t)| format!("{n}: {t}"))
                .collect();
            (args.join(", "), names)
        };

        // Condition: counter < trips.
        let saved = (std::mem::take(&mut self.body), self.result.clone());
        let (cond_args, cond_names) = block_args(&tag("c"));
        let limit = self.splat_scalar(trips as f64, DType::I32);
        let less = self.fresh();
        let counter = Value {
            name: cond_names[0].clone(),
            ty: counter_ty.clone(),
        };
        self.line(
            &less,
            "stablehlo.compare",
            &[&counter, &limit],
            "{comparison_direction = #stablehlo<comparison_direction LT>, compare_type = #stablehlo<comparison_type SIGNED>}",
            None,
            &TensorType::new(DType::Pred, &[]),
        );
        let cond = std::mem::take(&mut self.body);

        // Body: the carried values through `body`, the counter plus one.
        let (body_args, body_names) = block_args(&tag("b"));
        let values = lower_nodes(self, body, &tag("n"), &body_names[1..]);
        let one = self.splat_scalar(1.0, DType::I32);
        let next = self.fresh();
        let counter = Value {
            name: body_names[0].clone(),
            ty: counter_ty.clone(),
        };
        self.line(
            &next,
            "stablehlo.add",
            &[&counter, &one],
            "",
            None,
            &counter_ty,
        );
        let mut returned = vec![next];
        returned.extend(body.outputs.iter().map(|&o| values[o].name.clone()));
        let body_text = std::mem::take(&mut self.body);
        (self.body, self.result) = saved;

        let all = type_list(&types);
        let mut operands = vec![zero.name];
        operands.extend(carry.iter().map(|c| c.name.clone()));
        let _ = writeln!(
            self.body,
            "    {name}:{count} = \"stablehlo.while\"({operands}) ({{\n    ^bb0({cond_args}):\n{cond}      \"stablehlo.return\"({less}) : (tensor<i1>) -> ()\n    }}, {{\n    ^bb0({body_args}):\n{body_text}      \"stablehlo.return\"({returned}) : ({all}) -> ()\n    }}) : ({all}) -> ({all})",
            count = types.len(),
            operands = operands.join(", "),
            returned = returned.join(", "),
        );
    }
}

impl Module {
    /// The module as StableHLO text (MLIR generic form).
    pub fn to_stablehlo(&self) -> String {
        let mut e = Emitter {
            body: String::new(),
            result: String::new(),
            temps: 0,
            num_replicas: self.num_replicas,
            loops: HashMap::new(),
        };
        let params: Vec<String> = (0..self.param_nodes.len())
            .map(|i| format!("%arg{i}"))
            .collect();
        let values = lower_nodes(&mut e, self, "", &params);

        let mut text = String::new();
        let _ = writeln!(
            text,
            "module @siglip attributes {{mhlo.num_partitions = 1 : i32, mhlo.num_replicas = {} : i32}} {{",
            self.num_replicas
        );
        let params: Vec<String> = self
            .params
            .iter()
            .enumerate()
            .map(|(i, (_, ty))| match self.aliases[i] {
                Some(out) => format!("%arg{i}: {ty} {{tf.aliasing_output = {out} : i32}}"),
                None => format!("%arg{i}: {ty}"),
            })
            .collect();
        let out_types: Vec<String> = self
            .outputs
            .iter()
            .map(|&o| self.nodes[o].ty.to_string())
            .collect();
        let _ = writeln!(
            text,
            "  func.func public @main({}) -> ({}) {{",
            params.join(", "),
            out_types.join(", ")
        );
        text.push_str(&e.body);
        let outs: Vec<String> = self
            .outputs
            .iter()
            .map(|&o| values[o].name.clone())
            .collect();
        let _ = writeln!(
            text,
            "    \"func.return\"({}) : ({}) -> ()",
            outs.join(", "),
            out_types.join(", ")
        );
        text.push_str("  }\n}\n");
        text
    }
}

/// `dense<...> : tensor<...>` for a host tensor: raw little-endian hex (exact for every float),
/// nested booleans for pred (MLIR packs i1 hex differently).
pub(crate) fn dense_literal(value: &HostTensor) -> String {
    let ty = TensorType::new(value.dtype, &value.shape);
    if value.dtype == DType::Pred {
        fn nest(shape: &[i64], vals: &mut std::slice::Iter<u8>) -> String {
            match shape.split_first() {
                None => (if *vals.next().unwrap() != 0 {
                    "true"
                } else {
                    "false"
                })
                .to_string(),
                Some((&n, rest)) => {
                    let parts: Vec<String> = (0..n).map(|_| nest(rest, vals)).collect();
                    format!("[{}]", parts.join(", "))
                }
            }
        }
        return format!(
            "dense<{}> : {ty}",
            nest(&value.shape, &mut value.data.iter())
        );
    }
    if value.is_empty() {
        return format!("dense<> : {ty}");
    }
    let hex: String = value.data.iter().map(|b| format!("{b:02X}")).collect();
    format!("dense<\"0x{hex}\"> : {ty}")
}
