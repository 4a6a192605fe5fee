//! `siglip eval -c CONFIG --checkpoint RUN_DIR|CHECKPOINT [--set K=V]... [--json]`: every
//! evaluation of the config's `evals`, once, on a checkpoint's parameters; the config's model must
//! be the checkpoint's (the check `--resume` makes). Prints a table (metric, value, chance) or,
//! with `--json`, one object whose metric keys are those of `metrics.jsonl`.

use std::collections::BTreeMap;
use std::path::PathBuf;

use anyhow::{ensure, Context};

use super::config::ConfigArgs;
use super::devices::RuntimeArgs;
use crate::checkpoint;
use crate::data::TextEncoder;
use crate::eval;
use crate::metrics::{chance_key, Evaluator, CHANCE_SUFFIX};
use crate::train::{components, run};

#[derive(clap::Args)]
pub struct EvalArgs {
    #[command(flatten)]
    pub config: ConfigArgs,
    /// A checkpoint directory, or a run directory (its latest checkpoint).
    #[arg(long, value_name = "RUN_DIR|CHECKPOINT")]
    pub checkpoint: PathBuf,
    /// Print one JSON object: `{"checkpoint", "step", "metrics": {"eval/<name>/<metric>": value}}`.
    #[arg(long)]
    pub json: bool,
    /// PJRT plugin [default: the config's runtime.plugin, else $SIGLIP_PJRT_PLUGIN, else cpu].
    #[arg(long, value_name = "PATH|cpu|cuda|tpu")]
    pub plugin: Option<String>,
}

pub fn run(args: EvalArgs) -> anyhow::Result<()> {
    let config = args.config.load()?;
    ensure!(
        !config.evals.is_empty(),
        "{} configures no `evals` to run",
        args.config.config.display()
    );
    let text = components::text_config(&config)?;
    let dir = checkpoint::resolve(&args.checkpoint)
        .with_context(|| format!("--checkpoint {}", args.checkpoint.display()))?;
    let saved =
        checkpoint::load(&dir).with_context(|| format!("loading checkpoint {}", dir.display()))?;
    run::check_same_model(&config, &saved.meta.config)
        .with_context(|| format!("--checkpoint {}", dir.display()))?;
    let params = saved.params();
    let client = RuntimeArgs {
        plugin: args.plugin.or_else(|| config.runtime.plugin.clone()),
        cpu_devices: Some(1),
        ..Default::default()
    }
    .open_client()?;
    let encoder = TextEncoder::new(&text).context("data.tokenizer")?;
    let mut metrics = BTreeMap::new();
    let evals = eval::from_config(
        &client,
        &config.evals,
        &config.model,
        &config.preprocess(),
        &encoder,
    )?;
    for mut e in evals {
        metrics.extend(e.evaluate_keyed(&params)?);
    }
    if args.json {
        let object = serde_json::json!({
            "checkpoint": dir.display().to_string(),
            "step": saved.meta.step,
            "metrics": metrics,
        });
        println!("{object}");
    } else {
        println!("checkpoint {} (step {})", dir.display(), saved.meta.step);
        print!("{}", table(&metrics));
    }
    Ok(())
}

/// One row per metric with its chance level beside it (`-` where it has none).
pub fn table(metrics: &BTreeMap<String, f64>) -> String {
    let rows: Vec<(&str, f64, Option<f64>)> = metrics
        .iter()
        .filter(|(key, _)| !key.ends_with(CHANCE_SUFFIX))
        .map(|(key, &value)| {
            let chance = metrics.get(&chance_key(key)).copied();
            (key.as_str(), value, chance)
        })
        .collect();
    let width = rows.iter().map(|r| r.0.len()).max().unwrap_or(0).max(6);
    let mut out = format!("{:width$}  {:>8}  {:>8}\n", "metric", "value", "chance");
    for (key, value, chance) in rows {
        let chance = chance.map_or("-".to_string(), |c| format!("{c:.4}"));
        out.push_str(&format!("{key:width$}  {value:>8.4}  {chance:>8}\n"));
    }
    out
}
