//! A graph `Module` compiled for its replicas on a PJRT client: checks argument types against
//! the module's parameters before anything reaches the device, and runs with host tensors or
//! device buffers. Training, evaluation, benchmarks and tests all go through this.

use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};

use crate::graph::{Module, TensorType};
use crate::pjrt::{Arg, Buffer, Client, CompileOptions, Executable};
use crate::tensor::HostTensor;

pub struct Program {
    pub module: Module,
    pub executable: Executable,
    /// Time spent in the plugin's compiler.
    pub compile_time: Duration,
}

impl Program {
    pub fn compile(client: &Client, module: Module) -> Result<Program> {
        let text = module.to_stablehlo();
        let start = Instant::now();
        let executable = client
            .compile(&text, &CompileOptions::replicas(module.num_replicas))
            .context("compiling StableHLO module")?;
        Ok(Program {
            module,
            executable,
            compile_time: start.elapsed(),
        })
    }

    pub fn num_replicas(&self) -> usize {
        self.module.num_replicas
    }

    fn check_args(&self, replica: usize, types: &[TensorType]) -> Result<()> {
        let params = &self.module.params;
        if types.len() != params.len() {
            bail!(
                "replica {replica}: program takes {} arguments, got {}",
                params.len(),
                types.len()
            );
        }
        for (i, ((name, want), got)) in params.iter().zip(types).enumerate() {
            if want != got {
                bail!("replica {replica}: argument {i} ({name}) must be {want}, got {got}");
            }
        }
        Ok(())
    }

    /// Runs with device buffers: `args[replica][param]`. Returns `outputs[replica][output]`.
    pub fn run(&self, args: Vec<Vec<Arg<'_>>>) -> Result<Vec<Vec<Buffer>>> {
        if args.len() != self.num_replicas() {
            bail!(
                "program runs on {} replicas, got arguments for {}",
                self.num_replicas(),
                args.len()
            );
        }
        for (r, replica_args) in args.iter().enumerate() {
            let types: Vec<TensorType> = replica_args
                .iter()
                .map(|a| TensorType::new(a.buffer().dtype(), a.buffer().shape()))
                .collect();
            self.check_args(r, &types)?;
        }
        Ok(self.executable.execute(args)?)
    }

    /// Copies host inputs to the devices (`inputs[replica][param]`), runs, and copies the
    /// outputs back (`outputs[replica][output]`).
    pub fn run_host(
        &self,
        client: &Client,
        inputs: &[Vec<HostTensor>],
    ) -> Result<Vec<Vec<HostTensor>>> {
        if inputs.len() != self.num_replicas() {
            bail!(
                "program runs on {} replicas, got inputs for {}",
                self.num_replicas(),
                inputs.len()
            );
        }
        let mut buffers = Vec::with_capacity(inputs.len());
        for (r, replica_inputs) in inputs.iter().enumerate() {
            let types: Vec<TensorType> = replica_inputs
                .iter()
                .map(|t| TensorType::new(t.dtype, &t.shape))
                .collect();
            self.check_args(r, &types)?;
            let device = self.executable.devices()[r];
            let bufs = replica_inputs
                .iter()
                .map(|t| client.buffer_from_host(t, device))
                .collect::<Result<Vec<_>, _>>()?;
            buffers.push(bufs);
        }
        let args = buffers
            .iter()
            .map(|bufs| bufs.iter().map(Arg::Borrowed).collect())
            .collect();
        let outputs = self.executable.execute(args)?;
        outputs
            .iter()
            .map(|outs| {
                outs.iter()
                    .map(|b| Ok(b.to_host()?))
                    .collect::<Result<Vec<_>>>()
            })
            .collect()
    }
}
