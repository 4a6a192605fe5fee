//! The `siglip` command line: one subcommand per file, each owning its arguments and its run.
//! Errors are printed here, once, as one chain of causes (`error: ...: ...`) without a
//! backtrace, and end the process with exit code 1 (clap's usage errors exit with 2).

use std::io::IsTerminal;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use tracing_subscriber::filter::LevelFilter;
use tracing_subscriber::EnvFilter;

pub mod bench;
pub mod bench_loss;
pub mod checkpoint;
pub mod config;
pub mod data;
pub mod devices;
pub mod embed;
pub mod eval;
pub mod export;
pub mod export_graphs;
pub mod plan;
pub mod plot;
pub mod results;
pub mod source;
pub mod sweep;
pub mod synth;
pub mod tokenizer;
pub mod train;
pub mod zero_shot;

#[derive(Parser)]
#[command(name = "siglip", version, about = "SigLIP / SigLiT trainer on PJRT")]
struct Cli {
    /// Debug logging (unless $SIGLIP_LOG says otherwise), including the PJRT plugin's own log lines.
    #[arg(short, long, global = true)]
    verbose: bool,
    /// Log lines as text (coloured on a terminal only) or as one JSON object each, for log
    /// collectors; with json, training writes periodic lines instead of a progress bar.
    #[arg(long, global = true, value_enum, default_value_t = LogFormat::Text)]
    log_format: LogFormat,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Show the PJRT plugin, its API version, platform and devices.
    Devices(devices::DevicesArgs),
    /// Write the StableHLO of the reference programs (committed under graphs/).
    ExportGraphs(export_graphs::ExportGraphsArgs),
    /// Benchmarks: the train step of the benchmark model (shared/docs/BENCH.md), precision.
    #[command(subcommand)]
    Bench(bench::BenchCommand),
    /// Build, inspect and benchmark TFRecord datasets.
    #[command(subcommand)]
    Data(data::DataCommand),
    /// Train SigLIP / SigLiT from a run config (checkpoints, --resume, metrics.jsonl).
    Train(train::TrainArgs),
    /// Run a config's evals (zero-shot, retrieval) once on a checkpoint.
    Eval(eval::EvalArgs),
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
    /// Run a sweep file's runs one after another (resumable), or print their launch commands.
    Sweep(sweep::SweepArgs),
    /// Compile (not run) a config's train step: parameters, FLOPs, per-device memory.
    Plan(plan::PlanArgs),
    /// Print a run's latest evaluation metrics, each next to its chance level.
    Results(results::ResultsArgs),
    /// Embed images or texts with a model (run, checkpoint, Hugging Face dir or .npz).
    Embed(embed::EmbedArgs),
    /// Rank labels for images with a model: σ(t·cos + b) and the softmax over the labels.
    ZeroShot(zero_shot::ZeroShotArgs),
    /// Export a model as a Hugging Face SigLIP directory (`--hf OUT`).
    Export(export::ExportArgs),
}

/// How log lines are written (`--log-format`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum LogFormat {
    Text,
    Json,
}

/// Environment variable holding the log filter (`tracing_subscriber::EnvFilter` syntax).
pub const LOG_ENV: &str = "SIGLIP_LOG";

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let default_level = if cli.verbose { "debug" } else { "info" };
    let filter = EnvFilter::try_from_env(LOG_ENV).unwrap_or_else(|_| EnvFilter::new(default_level));
    // The plugin's log lines are debug output: shown when our own debug output is.
    if filter.max_level_hint() < Some(LevelFilter::DEBUG) {
        crate::pjrt::quiet_plugin_logs();
    }
    let logs = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    match cli.log_format {
        // Colour codes only where a terminal shows them, not in a file or a pipe.
        LogFormat::Text => logs.with_ansi(std::io::stderr().is_terminal()).init(),
        LogFormat::Json => logs.json().init(),
    }
    let result = match cli.command {
        Command::Devices(args) => devices::run(args),
        Command::ExportGraphs(args) => export_graphs::run(args),
        Command::Bench(cmd) => bench::run(cmd),
        Command::Data(cmd) => data::run(cmd),
        Command::Tokenizer(cmd) => tokenizer::run(cmd),
        Command::Checkpoint(cmd) => checkpoint::run(cmd),
        Command::Plot(args) => plot::run(args),
        Command::Results(args) => results::run(args),
        Command::Config(cmd) => config::run(cmd),
        Command::Train(args) => train::run(args, cli.log_format),
        Command::Sweep(args) => sweep::run(args),
        Command::Plan(args) => plan::run(args),
        Command::Embed(args) => embed::run(args),
        Command::ZeroShot(args) => zero_shot::run(args),
        Command::Export(args) => export::run(args),
        Command::Eval(args) => eval::run(args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {}", error_message(&e));
            ExitCode::FAILURE
        }
    }
}

/// The error and its causes on one line, as `{:#}` writes them, but without repeating a cause
/// that its parent's message already ends with (errors like `path: {source}` that also report
/// `source` as their cause).
fn error_message(error: &anyhow::Error) -> String {
    let mut message = String::new();
    for cause in error.chain() {
        let text = cause.to_string();
        if message.is_empty() {
            message = text;
        } else if !message.ends_with(&text) {
            message.push_str(": ");
            message.push_str(&text);
        }
    }
    message
}

/// Parses a count that must be at least 1 (`--steps`, `--workers`, ...).
pub(crate) fn at_least_one(text: &str) -> Result<usize, String> {
    match text.parse::<usize>() {
        Ok(0) => Err("must be at least 1".into()),
        Ok(n) => Ok(n),
        Err(e) => Err(e.to_string()),
    }
}
