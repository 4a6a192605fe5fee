//! `siglip sweep FILE [--runs-root DIR] [--print] [--plot METRIC --x KEY [--series KEY]]`: the
//! runs of a sweep file (`crate::sweep`) one after another in this process, each in
//! `DIR/<run name>`, resuming a half-finished sweep and ending with the table of final metrics
//! (and a metric against an override, summarized over seeds and drawn); or, with `--print`, one launch command per run
//! for Cloud TPU VMs (`tpu_scripts/launch.sh`), to start them elsewhere.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::devices::RuntimeArgs;
use crate::sweep::{self, shell_quote, Sweep, SweepRun};
use crate::train::{Progress, StepReport};

#[derive(clap::Args)]
pub struct SweepArgs {
    /// The sweep file (`configs/sweeps/*.yaml`).
    pub file: PathBuf,
    /// Where the run directories go, local or in a bucket [default: runs/<sweep file stem>].
    #[arg(long, value_name = "DIR")]
    pub runs_root: Option<PathBuf>,
    /// Print one `tpu_scripts/launch.sh` command per run instead of running them here.
    #[arg(long)]
    pub print: bool,
    /// PJRT plugin [default: each run's runtime.plugin, else $SIGLIP_PJRT_PLUGIN, else cpu].
    #[arg(long, value_name = "PATH|cpu|cuda|tpu")]
    pub plugin: Option<String>,
    /// After the runs, a final eval metric (`eval/names/top5`) against `--x`: printed as the mean
    /// and range over the runs sharing each point (seeds), and drawn (repeat for more panels).
    #[arg(long, value_name = "METRIC", requires = "x")]
    pub plot: Vec<String>,
    /// The override on the plot's x axis (`train.batch_size`).
    #[arg(long, value_name = "KEY", requires = "plot")]
    pub x: Option<String>,
    /// The override whose values are the plot's lines (`loss`).
    #[arg(long, value_name = "KEY", requires = "plot")]
    pub series: Option<String>,
    /// Where the plot goes [default: <runs root>/sweep.png].
    #[arg(long, value_name = "PNG", requires = "plot")]
    pub plot_out: Option<PathBuf>,
}

pub fn run(args: SweepArgs) -> anyhow::Result<()> {
    let sweep = Sweep::load(&args.file)?;
    let root = args
        .runs_root
        .clone()
        .unwrap_or_else(|| PathBuf::from("runs").join(args.file.file_stem().unwrap_or_default()));
    if args.print {
        for run in &sweep.runs {
            println!("{}", launch_command(&sweep, run, &root.join(&run.name)));
        }
        return Ok(());
    }
    // The plot's keys are checked before anything trains.
    for key in args.x.iter().chain(&args.series) {
        if let Some(run) = sweep.runs.iter().find(|run| {
            !run.sets
                .iter()
                .any(|set| set.split_once('=').is_some_and(|(k, _)| k == key))
        }) {
            anyhow::bail!(
                "{}: run `{}` does not set `{key}`, which the plot needs",
                args.file.display(),
                run.name
            );
        }
    }
    let stop = super::train::stop_on_ctrl_c()?;
    let mut train_one = |run: &SweepRun, dir: &Path, resume: bool| {
        let config = &run.config;
        let runtime = RuntimeArgs {
            plugin: args
                .plugin
                .clone()
                .or_else(|| config.runtime.plugin.clone()),
            cpu_devices: Some(config.runtime.devices as i64),
            ..Default::default()
        };
        let client = runtime.open_client()?;
        let mut progress = RunLog {
            run: run.name.clone(),
            every: config.train.log_every,
        };
        super::train::train_with_evals(
            &client,
            config,
            dir,
            resume,
            super::train::Recording {
                hparams: run.hparams(),
                profile: None,
            },
            &stop,
            &mut progress,
        )
    };
    let rows = sweep::run(&sweep, &root, &mut train_one)?;
    print!("{}", sweep::format_table(&rows));
    if let Some(x) = &args.x {
        let panels = args
            .plot
            .iter()
            .map(|metric| sweep::summarize(&sweep, &rows, metric, x, args.series.as_deref()))
            .collect::<anyhow::Result<Vec<_>>>()?;
        for panel in &panels {
            print!("{}", sweep::format_summary(panel));
        }
        let out = args
            .plot_out
            .clone()
            .unwrap_or_else(|| root.join("sweep.png"));
        let (rows, cols) = crate::plot::grid(panels.len());
        let png = crate::plot::sweep_png(&panels, 560 * cols as u32, 400 * rows as u32)?;
        crate::storage::write(&out, &png)?;
        println!("plot: {}", out.display());
    }
    Ok(())
}

/// The command that trains `run` in `dir` on every worker of a TPU VM.
fn launch_command(sweep: &Sweep, run: &SweepRun, dir: &Path) -> String {
    let mut words: Vec<String> = [
        "tpu_scripts/launch.sh",
        "--name",
        "\"$TPU_NAME\"",
        "--zone",
        "\"$TPU_ZONE\"",
        "--",
        "train",
        "-c",
    ]
    .iter()
    .map(|w| w.to_string())
    .collect();
    words.push(shell_quote(&sweep.base.display().to_string()));
    for set in run.all_sets(sweep) {
        words.push("--set".into());
        words.push(shell_quote(&set));
    }
    words.push("--run-dir".into());
    words.push(shell_quote(&dir.display().to_string()));
    words.join(" ")
}

/// Log lines of one sweep run, prefixed with its name.
struct RunLog {
    run: String,
    every: u64,
}

impl Progress for RunLog {
    fn start(&mut self, first_step: u64, total_steps: u64) {
        tracing::info!("[{}] training steps {first_step}..{total_steps}", self.run);
    }
    fn step(&mut self, step: u64, report: &StepReport) {
        if step.is_multiple_of(self.every) {
            let shares = report
                .time_shares
                .map(|s| format!("  time: {}", s.describe()));
            tracing::info!(
                "[{}] step {step}: loss {:.4}  lr {:.2e}{}",
                self.run,
                report.metrics.loss,
                report.lr,
                shares.unwrap_or_default()
            );
        }
    }
    fn evaluated(&mut self, step: u64, values: &BTreeMap<String, f64>) {
        let text: Vec<String> = values.iter().map(|(k, v)| format!("{k} {v:.4}")).collect();
        tracing::info!("[{}] step {step}: {}", self.run, text.join("  "));
    }
    fn finish(&mut self) {}
}
