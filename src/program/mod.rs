//! A graph module compiled for its replicas on a PJRT client, with a named signature
//! ([`signature`]): values go in and come out as name→value maps, checked by name and type
//! before anything reaches the device. Training, evaluation, benchmarks and tests all go
//! through this.

pub mod signature;

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use anyhow::{ensure, Context, Result};

pub use signature::{join, NamedModule, NamedValues, Signature, SignatureError};

use crate::graph::{Module, TensorType};
use crate::pjrt::{Arg, Buffer, Client, CompileOptions, DeviceAssignment, Executable};
use crate::tensor::HostTensor;

pub struct Program {
    pub module: Module,
    pub signature: Signature,
    pub executable: Executable,
    /// Time spent in the plugin's compiler.
    pub compile_time: Duration,
}

impl Program {
    /// Compiles a module whose outputs are named by position (`0`, `1`, ...).
    pub fn compile(client: &Client, module: Module) -> Result<Program> {
        Self::compile_named(client, NamedModule::positional(module)?)
    }

    pub fn compile_named(client: &Client, named: NamedModule) -> Result<Program> {
        let options = CompileOptions::replicas(named.module.num_replicas);
        Self::compile_with(client, named, &options)
    }

    /// Compiles a module of one replica per device of this process, each replica placed on one
    /// of them (the default placement would put replica r on global device r, which another
    /// process may own): for programs without collectives, which each process runs on its own.
    pub fn compile_local(client: &Client, named: NamedModule) -> Result<Program> {
        let devices = client.devices();
        ensure!(
            named.module.num_replicas == devices.len(),
            "a program for this process's {} device(s) has {} replicas",
            devices.len(),
            named.module.num_replicas
        );
        let options = CompileOptions {
            device_assignment: Some(DeviceAssignment {
                device_ids: devices.iter().map(|d| vec![d.id as i64]).collect(),
            }),
            ..CompileOptions::replicas(devices.len())
        };
        Self::compile_with(client, named, &options)
    }

    fn compile_with(
        client: &Client,
        named: NamedModule,
        options: &CompileOptions,
    ) -> Result<Program> {
        let NamedModule { module, signature } = named;
        let text = module.to_stablehlo();
        let start = Instant::now();
        let executable = client
            .compile(&text, options)
            .context("compiling StableHLO module")?;
        Ok(Program {
            module,
            signature,
            executable,
            compile_time: start.elapsed(),
        })
    }

    pub fn num_replicas(&self) -> usize {
        self.module.num_replicas
    }

    /// Replicas this process runs and feeds (its addressable devices): all of them in a
    /// single-process run, `num_replicas / processes` in a multi-process one.
    pub fn local_replicas(&self) -> usize {
        self.executable.devices().len()
    }

    /// Runs with device buffers, one name→argument map per local replica; returns one
    /// name→buffer map per local replica.
    pub fn run(&self, args: Vec<NamedValues<Arg<'_>>>) -> Result<Vec<NamedValues<Buffer>>> {
        ensure!(
            args.len() == self.local_replicas(),
            "program runs {} replica(s) in this process, got arguments for {}",
            self.local_replicas(),
            args.len()
        );
        let arranged = args
            .into_iter()
            .enumerate()
            .map(|(r, a)| {
                self.signature
                    .arrange(a, |a| {
                        TensorType::new(a.buffer().dtype(), a.buffer().shape())
                    })
                    .with_context(|| format!("replica {r}"))
            })
            .collect::<Result<Vec<_>>>()?;
        self.executable
            .execute(arranged)?
            .into_iter()
            .map(|outs| Ok(self.signature.name_outputs(outs)?))
            .collect()
    }

    /// Copies named host inputs to the devices (one map per replica), runs, and copies the
    /// outputs back.
    pub fn run_host_named(
        &self,
        client: &Client,
        inputs: &[NamedValues<HostTensor>],
    ) -> Result<Vec<NamedValues<HostTensor>>> {
        ensure!(
            inputs.len() == self.local_replicas(),
            "program runs {} replica(s) in this process, got inputs for {}",
            self.local_replicas(),
            inputs.len()
        );
        // Every replica's inputs are checked before any upload, so a wrong name or type costs
        // no device memory.
        let ordered = inputs
            .iter()
            .enumerate()
            .map(|(r, replica_inputs)| {
                let borrowed: NamedValues<&HostTensor> =
                    BTreeMap::from_iter(replica_inputs.iter().map(|(n, t)| (n.clone(), t))).into();
                self.signature
                    .arrange(borrowed, |t| TensorType::new(t.dtype, &t.shape))
                    .with_context(|| format!("replica {r}"))
            })
            .collect::<Result<Vec<_>>>()?;
        let mut args = Vec::with_capacity(inputs.len());
        for (replica_inputs, &device) in ordered.into_iter().zip(self.executable.devices()) {
            let mut named = NamedValues::new();
            for ((name, _), t) in self.signature.inputs.iter().zip(replica_inputs) {
                let buffer = client.buffer_from_host(t, device)?;
                named.insert(name.clone(), Arg::Donated(buffer))?;
            }
            args.push(named);
        }
        self.run(args)?
            .into_iter()
            .map(|outs| outs.try_map(|b| Ok(b.to_host()?)))
            .collect()
    }

    /// [`Program::run_host_named`] for positional callers: `inputs[replica][input]` in the
    /// signature's input order; returns `outputs[replica][output]` in its output order.
    pub fn run_host(
        &self,
        client: &Client,
        inputs: &[Vec<HostTensor>],
    ) -> Result<Vec<Vec<HostTensor>>> {
        let named = inputs
            .iter()
            .map(|replica_inputs| {
                ensure!(
                    replica_inputs.len() == self.signature.inputs.len(),
                    "program takes {} inputs, got {}",
                    self.signature.inputs.len(),
                    replica_inputs.len()
                );
                let mut named = NamedValues::new();
                for ((name, _), t) in self.signature.inputs.iter().zip(replica_inputs) {
                    named.insert(name.clone(), t.clone())?;
                }
                Ok(named)
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(self
            .run_host_named(client, &named)?
            .into_iter()
            .map(|outs| {
                let mut outs = outs;
                self.signature
                    .outputs
                    .iter()
                    .filter_map(|(name, _)| outs.remove(name))
                    .collect()
            })
            .collect())
    }
}
