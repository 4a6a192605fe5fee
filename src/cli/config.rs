//! `siglip config ...`: the run config as the trainer would see it; [`ConfigArgs`] is the
//! `-c FILE [--set KEY=VALUE]...` pair every run-config command takes.

use std::path::PathBuf;

use crate::config::RunConfig;

/// A run config file and overrides of its keys.
#[derive(clap::Args)]
pub struct ConfigArgs {
    /// The run's YAML config (a local file, or gs:// / s3://).
    #[arg(short = 'c', long = "config", value_name = "FILE")]
    pub config: PathBuf,
    /// Override a key, e.g. `train.steps=100` or `evals[0].every=500`; VALUE is read as YAML.
    /// Repeatable; applied in order.
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub set: Vec<String>,
}

impl ConfigArgs {
    /// The resolved, validated config.
    pub fn load(&self) -> anyhow::Result<RunConfig> {
        Ok(RunConfig::load(&self.config, &self.set)?)
    }
}

#[derive(clap::Subcommand)]
pub enum ConfigCommand {
    /// Print the resolved config (every default filled in) as YAML.
    Show(ConfigArgs),
}

pub fn run(cmd: ConfigCommand) -> anyhow::Result<()> {
    match cmd {
        ConfigCommand::Show(args) => {
            print!("{}", args.load()?.to_yaml());
            Ok(())
        }
    }
}
