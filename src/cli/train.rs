//! `siglip train -c CONFIG [--set K=V]... [--run-dir DIR] [--resume] [--profile START:COUNT]`: a
//! configured training run with a progress bar on a terminal (plain log lines with the time left
//! otherwise, and with `--log-format json`); Ctrl-C checkpoints and exits.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Instant;

use std::collections::BTreeMap;

use anyhow::Context;
use indicatif::{HumanDuration, ProgressBar, ProgressStyle};

use super::config::ConfigArgs;
use super::devices::{ProcessArgs, RuntimeArgs};
use super::LogFormat;
use crate::config::RunConfig;
use crate::eval;
use crate::metrics::Evaluator;
use crate::pjrt::Client;
use crate::tensorboard::HParam;
use crate::train::profile::ProfileSteps;
use crate::train::{Progress, Run, RunSummary, StepReport};

#[derive(clap::Args)]
pub struct TrainArgs {
    #[command(flatten)]
    pub config: ConfigArgs,
    /// Where checkpoints, metrics.jsonl and config.yaml go [default: runs/<config file stem>].
    #[arg(long, value_name = "DIR")]
    pub run_dir: Option<PathBuf>,
    /// Continue from the run directory's latest checkpoint.
    #[arg(long)]
    pub resume: bool,
    /// Profile COUNT steps from step START (counted from 1) into
    /// RUN_DIR/plugins/profile/, for TensorBoard's profile plugin and XProf.
    #[arg(long, value_name = "START:COUNT")]
    pub profile: Option<ProfileSteps>,
    /// PJRT plugin [default: the config's runtime.plugin, else $SIGLIP_PJRT_PLUGIN, else cpu].
    #[arg(long, value_name = "PATH|cpu|cuda|tpu")]
    pub plugin: Option<String>,
    #[command(flatten)]
    pub process: ProcessArgs,
}

/// What a run records beyond metrics and checkpoints.
#[derive(Default)]
pub struct Recording {
    /// What TensorBoard's HParams view compares the run by (a sweep run's overrides).
    pub hparams: BTreeMap<String, HParam>,
    /// Steps to profile (`--profile`).
    pub profile: Option<ProfileSteps>,
}

/// A flag the first Ctrl-C sets (the run finishes its step, checkpoints and returns); a second
/// Ctrl-C exits at once.
pub fn stop_on_ctrl_c() -> anyhow::Result<Arc<AtomicBool>> {
    let stop = Arc::new(AtomicBool::new(false));
    let handler_stop = stop.clone();
    ctrlc::set_handler(move || {
        if handler_stop.swap(true, Ordering::SeqCst) {
            // A second Ctrl-C while the checkpoint is written: leave now (it is atomic).
            std::process::exit(130);
        }
        eprintln!("\ninterrupted: finishing this step and writing a checkpoint (Ctrl-C again to quit now)");
    })
    .context("installing the Ctrl-C handler")?;
    Ok(stop)
}

/// Where a run of `config` goes (`--run-dir`, else `runs/<config file stem>`) and the runtime it
/// opens (`--plugin`, else `runtime.plugin`; `runtime.devices` virtual CPU devices).
pub(super) fn run_setup(
    config_args: &ConfigArgs,
    config: &RunConfig,
    run_dir: Option<PathBuf>,
    plugin: Option<String>,
    process: ProcessArgs,
) -> (PathBuf, RuntimeArgs) {
    let run_dir = run_dir.unwrap_or_else(|| {
        let stem = config_args.config.file_stem().unwrap_or_default();
        PathBuf::from("runs").join(stem)
    });
    let runtime = RuntimeArgs {
        plugin: plugin.or_else(|| config.runtime.plugin.clone()),
        cpu_devices: Some(config.runtime.devices as i64),
        process,
    };
    (run_dir, runtime)
}

pub fn run(args: TrainArgs, log_format: LogFormat) -> anyhow::Result<()> {
    let config = args.config.load()?;
    let (run_dir, runtime) = run_setup(
        &args.config,
        &config,
        args.run_dir.clone(),
        args.plugin,
        args.process,
    );
    let stop = stop_on_ctrl_c()?;
    let client = runtime.open_client()?;
    let mut progress: Box<dyn Progress> =
        if std::io::stderr().is_terminal() && log_format == LogFormat::Text {
            Box::new(Bar::default())
        } else {
            Box::new(LogLines {
                every: config.train.log_every,
                started: None,
            })
        };
    let summary = train_with_evals(
        &client,
        &config,
        &run_dir,
        args.resume,
        Recording {
            profile: args.profile,
            ..Default::default()
        },
        &stop,
        progress.as_mut(),
    )?;
    let saved = summary
        .checkpoint
        .map(|p| p.display().to_string())
        .unwrap_or_else(|| "none".into());
    if summary.interrupted {
        println!(
            "interrupted at step {}; checkpoint {saved}; continue with --resume",
            summary.step
        );
    } else {
        println!(
            "done: step {}, loss {}, checkpoint {saved}",
            summary.step,
            summary
                .last_loss
                .map(|l| format!("{l:.4}"))
                .unwrap_or_else(|| "-".into())
        );
    }
    Ok(())
}

/// [`crate::train::train`] with the evaluators of `config.evals`, built on the run's text
/// encoder once the run is prepared; their data is read before the step compiles.
pub fn train_with_evals(
    client: &Client,
    config: &RunConfig,
    run_dir: &Path,
    resume: bool,
    recording: Recording,
    stop: &AtomicBool,
    progress: &mut dyn Progress,
) -> anyhow::Result<RunSummary> {
    let mut run = Run::prepare(client, config, run_dir, resume)?.with_hparams(recording.hparams);
    if let Some(steps) = recording.profile {
        run = run.with_profile(steps)?;
    }
    let mut evaluators: Vec<Box<dyn Evaluator>> = eval::from_config(
        client,
        &config.evals,
        &config.model,
        &config.preprocess(),
        run.text_encoder(),
    )?
    .into_iter()
    .map(|e| Box::new(e) as Box<dyn Evaluator>)
    .collect();
    run.train(&mut evaluators, stop, progress)
}

fn describe(report: &StepReport) -> String {
    let mut text = format!(
        "loss {:.4}  lr {:.2e}  {:.0} img/s",
        report.metrics.loss, report.lr, report.images_per_s
    );
    if let Some((t, b)) = report.t_and_b {
        text.push_str(&format!("  t {t:.2}  b {b:.2}"));
    }
    if let Some(shares) = report.time_shares {
        text.push_str(&format!("  time: {}", shares.describe()));
    }
    text
}

#[derive(Default)]
struct Bar {
    bar: Option<ProgressBar>,
    last: String,
}

impl Progress for Bar {
    fn start(&mut self, first_step: u64, total_steps: u64) {
        let bar = ProgressBar::new(total_steps).with_position(first_step);
        bar.set_style(
            ProgressStyle::with_template("{bar:30} {pos}/{len} [{elapsed} < {eta}] {msg}")
                .expect("valid template"),
        );
        self.bar = Some(bar);
    }
    fn step(&mut self, step: u64, report: &StepReport) {
        if let Some(bar) = &self.bar {
            bar.set_position(step);
            // Keep t and b on screen between the steps that read them.
            if report.t_and_b.is_some() || self.last.is_empty() {
                self.last = describe(report);
            }
            bar.set_message(self.last.clone());
        }
    }
    fn evaluated(&mut self, step: u64, values: &BTreeMap<String, f64>) {
        let line = format!("step {step}: {}", describe_evals(values));
        match &self.bar {
            Some(bar) => bar.println(line),
            None => eprintln!("{line}"),
        }
    }
    fn finish(&mut self) {
        if let Some(bar) = self.bar.take() {
            bar.finish();
        }
    }
}

/// Plain lines every `train.log_every` steps, each with the time left at the pace so far.
struct LogLines {
    every: u64,
    /// When this process's training started, at which step, and its last step.
    started: Option<(Instant, u64, u64)>,
}

impl LogLines {
    fn eta(&self, step: u64) -> String {
        let Some((start, first, last)) = self.started else {
            return String::new();
        };
        let per_step = start
            .elapsed()
            .div_f64(step.saturating_sub(first).max(1) as f64);
        let left = per_step.mul_f64(last.saturating_sub(step) as f64);
        format!("/{last} (ETA {})", HumanDuration(left))
    }
}

impl Progress for LogLines {
    fn start(&mut self, first_step: u64, total_steps: u64) {
        tracing::info!("training steps {first_step}..{total_steps}");
        self.started = Some((Instant::now(), first_step, total_steps));
    }
    fn step(&mut self, step: u64, report: &StepReport) {
        if report.t_and_b.is_some() || step.is_multiple_of(self.every) {
            tracing::info!("step {step}{}: {}", self.eta(step), describe(report));
        }
    }
    fn evaluated(&mut self, step: u64, values: &BTreeMap<String, f64>) {
        tracing::info!("step {step}: {}", describe_evals(values));
    }
    fn finish(&mut self) {}
}

fn describe_evals(values: &BTreeMap<String, f64>) -> String {
    values
        .iter()
        .map(|(k, v)| format!("{k} {v:.4}"))
        .collect::<Vec<_>>()
        .join("  ")
}
