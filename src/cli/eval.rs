//! `siglip eval -c CONFIG --checkpoint RUN_DIR|CHECKPOINT|HF_DIR [--set K=V]... [--json]`: every
//! evaluation of the config's `evals`, once, on a checkpoint's parameters; the config's model must
//! be the checkpoint's (the check `--resume` makes). A Hugging Face SigLIP or SigLIP 2 directory
//! brings its own model, tokenizer and preprocessing (NaFlex included); the config then gives
//! only its `evals`. Prints a table (metric, value, chance) or, with `--json`, one object whose
//! metric keys are those of `metrics.jsonl`.

use std::collections::BTreeMap;
use std::path::PathBuf;

use anyhow::{ensure, Context};

use super::config::ConfigArgs;
use super::devices::RuntimeArgs;
use crate::checkpoint;
use crate::data::TextEncoder;
use crate::eval;
use crate::metrics::{chance_key, Evaluator, CHANCE_SUFFIX};
use crate::model::hf;
use crate::source;
use crate::train::{components, run};

#[derive(clap::Args)]
pub struct EvalArgs {
    #[command(flatten)]
    pub config: ConfigArgs,
    /// A checkpoint directory, a run directory (its latest checkpoint), or a Hugging Face
    /// SigLIP / SigLIP 2 directory (its own model, tokenizer and preprocessing).
    #[arg(long, value_name = "RUN_DIR|CHECKPOINT|HF_DIR")]
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
    let shown = args.checkpoint.display();
    let evaluated = if args.checkpoint.join(hf::CONFIG_FILE).is_file() {
        let model = source::load(&args.checkpoint, &Default::default())
            .with_context(|| format!("--checkpoint {shown}"))?;
        let encoder = model
            .text_encoder()
            .with_context(|| format!("--checkpoint {shown}"))?;
        Evaluated {
            path: args.checkpoint.clone(),
            header: model.origin.clone(),
            step: None,
            preprocess: model.preprocess,
            model: model.config,
            params: model.params,
            encoder,
        }
    } else {
        let text = components::text_config(&config)?;
        let dir = checkpoint::resolve(&args.checkpoint)
            .with_context(|| format!("--checkpoint {shown}"))?;
        let saved = checkpoint::load(&dir)
            .with_context(|| format!("loading checkpoint {}", dir.display()))?;
        run::check_same_model(&config, &saved.meta.config)
            .with_context(|| format!("--checkpoint {}", dir.display()))?;
        Evaluated {
            header: format!("checkpoint {} (step {})", dir.display(), saved.meta.step),
            path: dir,
            step: Some(saved.meta.step),
            preprocess: config.preprocess(),
            model: config.model.clone(),
            params: saved.params(),
            encoder: TextEncoder::new(&text).context("data.tokenizer with data.text_padding")?,
        }
    };
    let client = RuntimeArgs {
        plugin: args.plugin.or_else(|| config.runtime.plugin.clone()),
        cpu_devices: Some(1),
        ..Default::default()
    }
    .open_client()?;
    let mut metrics = BTreeMap::new();
    let evals = eval::from_config(
        &client,
        &config.evals,
        &evaluated.model,
        &evaluated.preprocess,
        &evaluated.encoder,
    )?;
    for mut e in evals {
        metrics.extend(e.evaluate_keyed(&evaluated.params)?);
    }
    if args.json {
        let object = serde_json::json!({
            "checkpoint": evaluated.path.display().to_string(),
            "step": evaluated.step,
            "metrics": metrics,
        });
        println!("{object}");
    } else {
        println!("{}", evaluated.header);
        print!("{}", table(&metrics));
    }
    Ok(())
}

/// What `eval` evaluates: a model, its parameters, and how it reads images and texts.
struct Evaluated {
    /// The checkpoint directory, or the Hugging Face directory.
    path: PathBuf,
    /// What is evaluated, the first line printed.
    header: String,
    /// The checkpoint's step (none for a Hugging Face directory).
    step: Option<u64>,
    /// The training preprocessing the evaluations derive theirs from.
    preprocess: crate::data::Preprocess,
    model: crate::model::TwoTowerConfig,
    params: crate::model::ParamTree,
    encoder: TextEncoder,
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
