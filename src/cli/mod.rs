//! The `siglip` command line: one subcommand per file, each owning its arguments and its run.

use clap::{Parser, Subcommand};

pub mod bench;
pub mod checkpoint;
pub mod config;
pub mod data;
pub mod devices;
pub mod export_graphs;
pub mod plot;
pub mod synth;
pub mod tokenizer;

#[derive(Parser)]
#[command(name = "siglip", version, about = "SigLIP / SigLiT trainer on PJRT")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Show the PJRT plugin, its API version, platform and devices.
    Devices(devices::DevicesArgs),
    /// Write the StableHLO of the reference programs (committed under graphs/).
    ExportGraphs(export_graphs::ExportGraphsArgs),
    /// Time the train step of the benchmark model (shared/docs/BENCH.md).
    Bench(bench::BenchArgs),
    /// Build, inspect and benchmark TFRecord datasets.
    #[command(subcommand)]
    Data(data::DataCommand),
    /// Inspect run configs.
    #[command(subcommand)]
    Config(config::ConfigCommand),
    /// Train or inspect tokenizers.
    #[command(subcommand)]
    Tokenizer(tokenizer::TokenizerCommand),
    /// Digest or summarise training checkpoints.
    #[command(subcommand)]
    Checkpoint(checkpoint::CheckpointCommand),
    /// Draw a run's loss, t, b, learning rate and eval metrics against steps.
    Plot(plot::PlotArgs),
}

pub fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("SIGLIP_LOG")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .with_writer(std::io::stderr)
        .init();
    match Cli::parse().command {
        Command::Devices(args) => devices::run(args),
        Command::ExportGraphs(args) => export_graphs::run(args),
        Command::Bench(args) => bench::run(args),
        Command::Data(cmd) => data::run(cmd),
        Command::Tokenizer(cmd) => tokenizer::run(cmd),
        Command::Checkpoint(cmd) => checkpoint::run(cmd),
        Command::Plot(args) => plot::run(args),
        Command::Config(cmd) => config::run(cmd),
    }
}
