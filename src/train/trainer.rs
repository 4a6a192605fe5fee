//! Holds the compiled train step and, on every replica, its state as named device buffers
//! (`params/...`, `opt/...`): each step donates the state the program updates (so the device
//! keeps one copy of each) and lends it the rest (frozen parameters). Parameters the step does
//! not take at all (the image tower of a step on precomputed image embeddings) stay on the host, so
//! checkpoints and evaluators still see the whole model. Values enter the step in its dtype
//! (f32 data and parameters are converted for an f64 step).

use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

use anyhow::{bail, ensure, Context, Result};

use super::step::{
    self, ImageInput, StepSpec, COUNT, GRAD_NORM, IMAGES, LOSS, MASK, OPT, PARAMS, PATCHES,
    POSEMB_RESIZE, SCHED, TOKENS,
};
use crate::data::Batch;
use crate::graph::TensorType;
use crate::model::params::{cast, cast_tree, ParamTree};
use crate::model::two_towers::{TwoTowerConfig, BIAS, T_PRIME};
use crate::pjrt::{Arg, Buffer, Client};
use crate::program::{NamedModule, NamedValues, Program, Signature};
use crate::tensor::HostTensor;

/// What one step reports (exactly, whatever the step's dtype).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct StepMetrics {
    pub loss: f64,
    pub grad_norm: f64,
}

pub struct Trainer {
    client: Client,
    program: Program,
    /// Per replica: every parameter and optimizer-state buffer, by signature name. Empty only
    /// after a failed step (the trainer is then unusable).
    state: Vec<NamedValues<Buffer>>,
    /// `params/...` values the step does not take (see the module header).
    held: NamedValues<HostTensor>,
    image_input: ImageInput,
    /// The model the step trains (what its image inputs are).
    model: TwoTowerConfig,
    steps_done: u64,
}

impl Trainer {
    /// Compiles the step for `spec` and places `params` (every path of the model, converted to
    /// the step's dtype) on every replica with zeroed optimizer state.
    pub fn new(client: &Client, spec: &StepSpec, params: &ParamTree) -> Result<Trainer> {
        Self::new_with(client, spec, ImageInput::Pixels, params)
    }

    /// [`Trainer::new`] for a step whose image side is `image_input`.
    pub fn new_with(
        client: &Client,
        spec: &StepSpec,
        image_input: ImageInput,
        params: &ParamTree,
    ) -> Result<Trainer> {
        let module = step::build_with(spec, image_input)?;
        let mut state = NamedValues::new();
        for (path, value) in cast_tree(params, spec.dtype) {
            state.insert(crate::program::join(PARAMS, &path), value)?;
        }
        for (name, ty) in &module.signature.inputs {
            if name.starts_with(&format!("{OPT}/")) {
                // Every optimizer's state starts at zero (optax's `init` for each of ours).
                state.insert(name.clone(), HostTensor::zeros(ty.dtype, &ty.shape))?;
            }
        }
        check(spec, &module, image_input, &state).context("initial parameters")?;
        let program = Program::compile_named(client, module)?;
        Self::place(client, program, spec, image_input, state)
    }

    /// Compiles the step for `spec` and continues from `state` (what [`Trainer::state_host`]
    /// returned: every parameter and optimizer-state value, by name). The state is checked by
    /// name and type against the step before it is compiled.
    pub fn resume(
        client: &Client,
        spec: &StepSpec,
        state: NamedValues<HostTensor>,
    ) -> Result<Trainer> {
        Self::resume_with(client, spec, ImageInput::Pixels, state)
    }

    /// [`Trainer::resume`] for a step whose image side is `image_input`.
    pub fn resume_with(
        client: &Client,
        spec: &StepSpec,
        image_input: ImageInput,
        state: NamedValues<HostTensor>,
    ) -> Result<Trainer> {
        let module = step::build_with(spec, image_input)?;
        check(spec, &module, image_input, &state)?;
        let program = Program::compile_named(client, module)?;
        Self::place(client, program, spec, image_input, state)
    }

    /// Puts the step's state on every replica and keeps the parameters it does not take.
    fn place(
        client: &Client,
        program: Program,
        spec: &StepSpec,
        image_input: ImageInput,
        state: NamedValues<HostTensor>,
    ) -> Result<Trainer> {
        let (state, held): (BTreeMap<_, _>, BTreeMap<_, _>) = state
            .into_iter()
            .partition(|(name, _)| program.signature.input_type(name).is_some());
        let (state, held) = (NamedValues::from(state), NamedValues::from(held));
        let steps_done = state
            .get(COUNT)
            .context("no optimizer count")?
            .to_vec::<i32>()?[0] as u64;
        let buffers = program
            .executable
            .devices()
            .iter()
            .map(|&device| {
                state
                    .iter()
                    .map(|(name, t)| Ok((name.clone(), client.buffer_from_host(t, device)?)))
                    .collect::<Result<BTreeMap<_, _>>>()
                    .map(NamedValues::from)
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(Trainer {
            client: client.clone(),
            program,
            state: buffers,
            held,
            image_input,
            model: spec.model.clone(),
            steps_done,
        })
    }

    pub fn compile_time(&self) -> Duration {
        self.program.compile_time
    }

    pub fn steps_done(&self) -> u64 {
        self.steps_done
    }

    pub fn program(&self) -> &Program {
        &self.program
    }

    /// One update with schedule multiplier `sched` on one batch shard per replica (images
    /// `[b, H, W, 3]`, tokens `[b, L]` i32; labels unused). A non-finite loss is an error
    /// naming the step (the parameters then hold that step's update).
    pub fn step(&mut self, sched: f64, shards: &[Batch]) -> Result<StepMetrics> {
        ensure!(
            self.image_input == ImageInput::Pixels,
            "this train step takes image embeddings, not images"
        );
        let data = shards
            .iter()
            .map(|shard| pixel_inputs(&self.model, shard))
            .collect::<Result<Vec<_>>>()?;
        self.step_on(sched, data)
    }

    /// One update on per-replica data inputs by name: tokens and the image side
    /// ([`ImageInput::input_names`]), float data converted to the step's dtype. Otherwise as
    /// [`Trainer::step`].
    pub fn step_on(
        &mut self,
        sched: f64,
        shards: Vec<NamedValues<HostTensor>>,
    ) -> Result<StepMetrics> {
        ensure!(
            shards.len() == self.state.len(),
            "the step runs on {} replicas, got {} shards",
            self.state.len(),
            shards.len()
        );
        ensure!(
            self.state.iter().all(|s| !s.is_empty()),
            "the trainer's state was lost by an earlier failed step"
        );
        let signature = &self.program.signature;
        let in_step_dtype = |name: &str, value: &HostTensor| -> Result<HostTensor> {
            let ty = signature
                .input_type(name)
                .with_context(|| format!("the train step has no input {name}"))?;
            Ok(cast(value, ty.dtype))
        };
        let sched = in_step_dtype(SCHED, &HostTensor::scalar(sched))?;
        let devices = self.program.executable.devices().to_vec();
        let mut lent = Vec::with_capacity(shards.len());
        let mut donated = Vec::with_capacity(shards.len());
        for (replica, (shard, &device)) in shards.iter().zip(&devices).enumerate() {
            let mut data = NamedValues::new();
            data.insert(SCHED, self.client.buffer_from_host(&sched, device)?)?;
            for (name, value) in shard.iter() {
                let value = in_step_dtype(name, value)?;
                data.insert(name.clone(), self.client.buffer_from_host(&value, device)?)?;
            }
            let mut keep = NamedValues::new();
            for (name, buffer) in std::mem::take(&mut self.state[replica]) {
                if signature.output_index(&name).is_some() {
                    data.insert(name, buffer)?;
                } else {
                    keep.insert(name, buffer)?;
                }
            }
            donated.push(data);
            lent.push(keep);
        }
        let args = donated
            .into_iter()
            .zip(&lent)
            .map(|(data, keep)| {
                let mut args = data.map(Arg::Donated);
                for (name, buffer) in keep.iter() {
                    args.insert(name.clone(), Arg::Borrowed(buffer))?;
                }
                Ok(args)
            })
            .collect::<Result<Vec<_>>>()?;
        let outputs = self
            .program
            .run(args)
            .with_context(|| format!("train step {}", self.steps_done + 1))?;
        self.steps_done += 1;
        let mut metrics = None;
        for (mut outs, (state, keep)) in outputs.into_iter().zip(self.state.iter_mut().zip(lent)) {
            let mut read = |name: &str| -> Result<f64> {
                let buffer = outs
                    .remove(name)
                    .with_context(|| format!("no {name} output"))?;
                Ok(buffer.to_host()?.to_f64_lossy()[0])
            };
            let replica_metrics = StepMetrics {
                loss: read(LOSS)?,
                grad_norm: read(GRAD_NORM)?,
            };
            metrics.get_or_insert(replica_metrics);
            *state = keep;
            for (name, buffer) in outs {
                state.insert(name, buffer)?;
            }
        }
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
        Ok(self.state_host()?.take_tree(PARAMS))
    }

    /// `t = exp(t')` and `b` as they are now (two scalars read from replica 0).
    pub fn temperature_and_bias(&self) -> Result<(f64, f64)> {
        let replica = self.state.first().context("no replicas")?;
        let read = |path: &str| -> Result<f64> {
            let name = crate::program::join(PARAMS, path);
            let buffer = replica.get(&name).with_context(|| format!("no {name}"))?;
            Ok(buffer.to_host()?.to_f64_lossy()[0])
        };
        Ok((read(T_PRIME)?.exp(), read(BIAS)?))
    }

    /// The whole state (parameters, the step's and the held ones, and optimizer state, by
    /// name), read from replica 0.
    pub fn state_host(&self) -> Result<NamedValues<HostTensor>> {
        let replica = self.state.first().context("no replicas")?;
        let mut host = self.held.clone();
        for (name, buffer) in replica.iter() {
            host.insert(name.clone(), buffer.to_host()?)?;
        }
        Ok(host)
    }
}

/// The data inputs of a step on images of `model` for one batch shard: its images (a NaFlex
/// tower's packed images cut into patches, position-embedding maps and mask) and tokens.
pub fn pixel_inputs(model: &TwoTowerConfig, shard: &Batch) -> Result<NamedValues<HostTensor>> {
    let mut data = NamedValues::new();
    match model.image.naflex_input() {
        None => data.insert(IMAGES, shard.images.clone())?,
        Some(input) => {
            let (patches, resize, mask) = input.split(&shard.images)?;
            data.insert(PATCHES, patches)?;
            data.insert(POSEMB_RESIZE, resize)?;
            data.insert(MASK, mask)?;
        }
    }
    data.insert(TOKENS, shard.tokens.clone())?;
    Ok(data)
}

/// Checks `state` against the step `module` (and the parameters the step does not take against
/// the model) before it is compiled.
fn check(
    spec: &StepSpec,
    module: &NamedModule,
    image_input: ImageInput,
    state: &NamedValues<HostTensor>,
) -> Result<()> {
    // The step's signature types every parameter it takes; only a step without the image tower
    // leaves some (the tower's) to be checked against the model's declaration.
    let mut held = BTreeSet::new();
    if image_input == ImageInput::Embeddings {
        for p in spec.model.param_specs()? {
            if image_input.takes_param(&p.path) {
                continue;
            }
            let name = crate::program::join(PARAMS, &p.path);
            let value = state
                .get(&name)
                .with_context(|| format!("the state has no {name}"))?;
            ensure!(
                value.shape == p.shape,
                "the state's {name} has shape {:?}, the model's {:?}",
                value.shape,
                p.shape
            );
            held.insert(name);
        }
    }
    let data_inputs = image_input.input_names(&spec.model);
    check_state(&module.signature, data_inputs, &held, state)
}

/// Checks that `state` holds exactly the step's inputs other than the per-step data, each with
/// its input's type, plus the parameters the step does not take (`held`, checked by the caller).
fn check_state(
    signature: &Signature,
    data_inputs: &[&str],
    held: &BTreeSet<String>,
    state: &NamedValues<HostTensor>,
) -> Result<()> {
    let mut types: NamedValues<TensorType> = state
        .iter()
        .filter(|(name, _)| !held.contains(*name))
        .map(|(name, t)| (name.clone(), TensorType::new(t.dtype, &t.shape)))
        .collect::<BTreeMap<_, _>>()
        .into();
    for &name in [SCHED, TOKENS].iter().chain(data_inputs) {
        let ty = signature
            .input_type(name)
            .context("step without data input")?;
        types.insert(name, ty.clone())?;
    }
    signature
        .arrange(types, |t| t.clone())
        .context("the state does not fit the train step")?;
    Ok(())
}
