//! Holds the compiled train step and, on every replica, the parameter and optimizer-state
//! buffers it updates in place (donated each step, so the device keeps one copy of each).

use std::time::Duration;

use anyhow::{bail, ensure, Context, Result};

use super::step::{self, StepLayout, StepSpec};
use crate::data::Batch;
use crate::model::params::{cast_tree, check_tree, ParamTree};
use crate::pjrt::{Arg, Buffer, Client};
use crate::program::Program;
use crate::tensor::{DType, HostTensor};

/// One replica's device state.
struct ReplicaState {
    trainable: Vec<Buffer>,
    frozen: Vec<Buffer>,
    /// `slots[s][i]`: optimizer slot `s` of trainable parameter `i`.
    slots: Vec<Vec<Buffer>>,
    /// `None` only while a step holds it (a failed step leaves the trainer unusable).
    count: Option<Buffer>,
}

/// What one step reports.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct StepMetrics {
    pub loss: f32,
    pub grad_norm: f32,
}

pub struct Trainer {
    client: Client,
    program: Program,
    layout: StepLayout,
    replicas: Vec<ReplicaState>,
    steps_done: u64,
}

impl Trainer {
    /// Compiles the step for `spec` and places `params` (f32, every path of the model) on every
    /// replica with zeroed optimizer state.
    pub fn new(client: &Client, spec: &StepSpec, params: &ParamTree) -> Result<Trainer> {
        check_tree(&spec.model.param_specs()?, params).context("initial parameters")?;
        let params = cast_tree(params, DType::F32);
        let (module, layout) = step::build(spec)?;
        let program = Program::compile(client, module)?;
        let devices = program.executable.devices().to_vec();
        let upload = |t: &HostTensor, device: usize| -> Result<Buffer> {
            Ok(client.buffer_from_host(t, device)?)
        };
        let mut replicas = Vec::with_capacity(devices.len());
        for &device in &devices {
            let trainable = layout
                .trainable
                .iter()
                .map(|p| upload(&params[&p.path], device))
                .collect::<Result<Vec<_>>>()?;
            let frozen = layout
                .frozen
                .iter()
                .map(|p| upload(&params[&p.path], device))
                .collect::<Result<Vec<_>>>()?;
            let slots = layout
                .slots
                .iter()
                .map(|_| {
                    layout
                        .trainable
                        .iter()
                        .map(|p| upload(&HostTensor::zeros(DType::F32, &p.shape), device))
                        .collect::<Result<Vec<_>>>()
                })
                .collect::<Result<Vec<_>>>()?;
            let count = Some(upload(&HostTensor::scalar(0i32), device)?);
            replicas.push(ReplicaState {
                trainable,
                frozen,
                slots,
                count,
            });
        }
        Ok(Trainer {
            client: client.clone(),
            program,
            layout,
            replicas,
            steps_done: 0,
        })
    }

    pub fn compile_time(&self) -> Duration {
        self.program.compile_time
    }

    pub fn steps_done(&self) -> u64 {
        self.steps_done
    }

    /// One update with schedule multiplier `sched` on one batch shard per replica (images
    /// `[b, H, W, 3]` f32, tokens `[b, L]` i32; labels unused). A non-finite loss is an error
    /// naming the step (the parameters then hold that step's update).
    pub fn step(&mut self, sched: f32, shards: &[Batch]) -> Result<StepMetrics> {
        ensure!(
            shards.len() == self.replicas.len(),
            "the step runs on {} replicas, got {} shards",
            self.replicas.len(),
            shards.len()
        );
        let devices = self.program.executable.devices().to_vec();
        let mut inputs = Vec::with_capacity(shards.len());
        for (shard, &device) in shards.iter().zip(&devices) {
            let sched = self
                .client
                .buffer_from_host(&HostTensor::scalar(sched), device)?;
            let images = self.client.buffer_from_host(&shard.images, device)?;
            let tokens = self.client.buffer_from_host(&shard.tokens, device)?;
            inputs.push([sched, images, tokens]);
        }
        let mut args = Vec::with_capacity(self.replicas.len());
        for (replica, data) in self.replicas.iter_mut().zip(inputs) {
            let mut a: Vec<Arg> = std::mem::take(&mut replica.trainable)
                .into_iter()
                .map(Arg::Donated)
                .collect();
            a.extend(replica.frozen.iter().map(Arg::Borrowed));
            for slot in &mut replica.slots {
                a.extend(std::mem::take(slot).into_iter().map(Arg::Donated));
            }
            let count = replica
                .count
                .take()
                .context("the trainer's state was lost by an earlier failed step")?;
            a.push(Arg::Donated(count));
            a.extend(data.into_iter().map(Arg::Donated));
            args.push(a);
        }
        let outputs = self
            .program
            .run(args)
            .with_context(|| format!("train step {}", self.steps_done + 1))?;
        let n = self.layout.num_trainable();
        let mut metrics = None;
        for (replica, outs) in self.replicas.iter_mut().zip(outputs) {
            let mut outs = outs.into_iter();
            replica.trainable = outs.by_ref().take(n).collect();
            for slot in &mut replica.slots {
                *slot = outs.by_ref().take(n).collect();
            }
            replica.count = Some(outs.next().context("missing count result")?);
            let loss = outs.next().context("missing loss result")?;
            let grad_norm = outs.next().context("missing grad-norm result")?;
            if metrics.is_none() {
                metrics = Some(StepMetrics {
                    loss: scalar(&loss)?,
                    grad_norm: scalar(&grad_norm)?,
                });
            }
        }
        self.steps_done += 1;
        let metrics = metrics.context("no replicas")?;
        if !metrics.loss.is_finite() {
            bail!(
                "loss is {} at step {} (gradient norm {})",
                metrics.loss,
                self.steps_done,
                metrics.grad_norm
            );
        }
        Ok(metrics)
    }

    /// Current parameters (trainable and frozen), read from replica 0.
    pub fn params(&self) -> Result<ParamTree> {
        let replica = &self.replicas[0];
        let mut tree = ParamTree::new();
        for (spec, buffer) in self.layout.trainable.iter().zip(&replica.trainable) {
            tree.insert(spec.path.clone(), buffer.to_host()?);
        }
        for (spec, buffer) in self.layout.frozen.iter().zip(&replica.frozen) {
            tree.insert(spec.path.clone(), buffer.to_host()?);
        }
        Ok(tree)
    }
}

fn scalar(buffer: &Buffer) -> Result<f32> {
    Ok(buffer.to_host()?.to_vec::<f32>()?[0])
}
