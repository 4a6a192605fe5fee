//! The train step as one program on D replicas: forward of both towers on this replica's shard,
//! the loss share, backward, gradients summed over replicas (the shares sum to the global loss,
//! so the summed gradient is the global one), then the optimizer update. Trainable parameters and
//! optimizer state are donated and aliased to their updated values; frozen parameters (SigLiT)
//! are plain inputs with no gradient, no optimizer state and no decay.

use std::collections::BTreeMap;

use anyhow::{bail, Result};

use crate::graph::{grad, Graph, Module, Tensor};
use crate::loss::{self, LossKind};
use crate::model::params::{ParamSpec, Params};
use crate::model::two_towers::{self, TwoTowerConfig};
use crate::optim::{self, OptState, OptimizerConfig};
use crate::tensor::DType;

/// Everything that fixes the train-step program.
#[derive(Clone, Debug)]
pub struct StepSpec {
    pub model: TwoTowerConfig,
    pub loss: LossKind,
    pub optimizer: OptimizerConfig,
    pub replicas: usize,
    /// Pairs per replica.
    pub local_batch: i64,
    /// Path prefixes of parameters that are not trained (e.g. `img/` for SigLiT).
    pub frozen: Vec<String>,
}

/// Where each value sits among the program's arguments and results.
#[derive(Clone, Debug)]
pub struct StepLayout {
    /// Trainable parameter paths, sorted: arguments `0..n` and results `0..n`.
    pub trainable: Vec<ParamSpec>,
    /// Frozen parameter paths, sorted: the next arguments.
    pub frozen: Vec<ParamSpec>,
    /// Optimizer slot names; slot `s` of trainable `i` is argument and result
    /// `n + frozen? + s·n + i` (see [`StepLayout::slot_arg`]).
    pub slots: Vec<&'static str>,
}

impl StepLayout {
    pub fn num_trainable(&self) -> usize {
        self.trainable.len()
    }
    /// Argument index of slot `s` of trainable parameter `i`.
    pub fn slot_arg(&self, s: usize, i: usize) -> usize {
        self.trainable.len() + self.frozen.len() + s * self.trainable.len() + i
    }
    /// Argument index of the step count; `sched`, images and tokens follow it.
    pub fn count_arg(&self) -> usize {
        self.slot_arg(self.slots.len(), 0)
    }
    /// Result index of slot `s` of trainable `i` (results have no frozen block).
    pub fn slot_result(&self, s: usize, i: usize) -> usize {
        (s + 1) * self.trainable.len() + i
    }
    /// Result index of the step count; the loss and the gradient norm follow it.
    pub fn count_result(&self) -> usize {
        self.slot_result(self.slots.len(), 0)
    }
}

fn is_frozen(spec: &StepSpec, path: &str) -> bool {
    spec.frozen
        .iter()
        .any(|prefix| path.starts_with(prefix.as_str()))
}

/// Builds the train step. Arguments: trainable params, frozen params, optimizer slots, count
/// (i32), sched (f32), images `[b, H, W, 3]` f32, tokens `[b, L]` i32. Results: new trainable
/// params, new slots, new count, global loss, gradient norm.
pub fn build(spec: &StepSpec) -> Result<(Module, StepLayout)> {
    spec.model.validate()?;
    let mut specs = spec.model.param_specs()?;
    specs.sort_by(|a, b| a.path.cmp(&b.path));
    let (frozen, trainable): (Vec<ParamSpec>, Vec<ParamSpec>) =
        specs.into_iter().partition(|p| is_frozen(spec, &p.path));
    if trainable.is_empty() {
        bail!(
            "every parameter is frozen (frozen prefixes {:?})",
            spec.frozen
        );
    }
    let layout = StepLayout {
        trainable,
        frozen,
        slots: spec.optimizer.slots().to_vec(),
    };

    let g = Graph::with_replicas(spec.replicas);
    let declare = |list: &[ParamSpec]| -> BTreeMap<String, Tensor> {
        list.iter()
            .map(|p| (p.path.clone(), g.parameter(&p.path, DType::F32, &p.shape)))
            .collect()
    };
    let trainable = declare(&layout.trainable);
    let frozen: BTreeMap<String, Tensor> = declare(&layout.frozen)
        .into_iter()
        .map(|(k, t)| (k, t.stop_gradient()))
        .collect();
    let slots: Vec<BTreeMap<String, Tensor>> = layout
        .slots
        .iter()
        .map(|_| declare(&layout.trainable))
        .collect();
    let count = g.parameter("count", DType::I32, &[]);
    let sched = g.parameter("sched", DType::F32, &[]);
    let image_size = spec.model.image.image_size as i64;
    let images = g.parameter(
        "images",
        DType::F32,
        &[spec.local_batch, image_size, image_size, 3],
    );
    let tokens = g.parameter(
        "tokens",
        DType::I32,
        &[spec.local_batch, spec.model.text.max_len as i64],
    );

    let mut all = trainable.clone();
    all.extend(frozen);
    let emb = two_towers::forward(&spec.model, &Params::from_tensors(all), &images, &tokens)?;
    let share = loss::loss(spec.loss, &emb.image, &emb.text, &emb.t_prime, &emb.bias);
    let wrt: Vec<&Tensor> = trainable.values().collect();
    let local_grads = grad(&share, &wrt);
    let grads: BTreeMap<String, Tensor> = trainable
        .keys()
        .zip(local_grads)
        .map(|(k, g)| {
            (
                k.clone(),
                if spec.replicas > 1 {
                    g.all_reduce_sum()
                } else {
                    g
                },
            )
        })
        .collect();
    let update = optim::update(
        &spec.optimizer,
        &trainable,
        &grads,
        &OptState { slots, count },
        &sched,
    );
    let total = loss::global_loss(&share);

    let mut results: Vec<&Tensor> = update.params.values().collect();
    for slot in &update.state.slots {
        results.extend(slot.values());
    }
    results.push(&update.state.count);
    results.push(&total);
    results.push(&update.grad_norm);
    let mut module = g.build(&results)?;
    let n = layout.num_trainable();
    for i in 0..n {
        module.donate(i, i)?;
        for s in 0..layout.slots.len() {
            module.donate(layout.slot_arg(s, i), layout.slot_result(s, i))?;
        }
    }
    module.donate(layout.count_arg(), layout.count_result())?;
    Ok((module, layout))
}
