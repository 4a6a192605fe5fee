//! `siglip zero-shot`: for each image, the labels ranked by SigLIP's own probability
//! σ(t·cos + b) and the softmax over the labels; a table, or with `--json` one line per image:
//! `{"image": PATH, "ranking": [{"label": ..., "sigmoid": ..., "softmax": ...}, ...]}`. Each tower
//! is compiled once and run over batches, so hundreds of images and labels take one call.

use std::path::PathBuf;

use anyhow::{bail, ensure};
use serde::Serialize;

use super::devices::RuntimeArgs;
use super::embed::read_lines;
use super::source::{embedder, report_truncated, SourceArgs};
use crate::eval::metrics::{class_embeddings, clean_label};
use crate::eval::rank::rank_labels;

/// Where a template puts the label.
const SLOT: &str = "{}";

#[derive(clap::Args)]
pub struct ZeroShotArgs {
    #[command(flatten)]
    source: SourceArgs,
    /// Comma-separated labels ("dog,cat,car").
    #[arg(long, required_unless_present = "labels_file", conflicts_with = "labels_file")]
    labels: Option<String>,
    /// A file with one label per line (so labels may hold commas; blank lines skipped).
    #[arg(long)]
    labels_file: Option<PathBuf>,
    /// A prompt template with `{}` for the label ("a photo of a {}."); repeat for several, whose
    /// text embeddings are averaged per label. With templates, labels are lowercased and
    /// stripped of punctuation first (as big_vision does); without, a label is its own prompt.
    #[arg(long = "templates", value_name = "TEMPLATE")]
    templates: Vec<String>,
    /// Show only the best N labels per image [default: all].
    #[arg(long, value_parser = super::at_least_one)]
    top: Option<usize>,
    /// One JSON object per image and line instead of a table.
    #[arg(long)]
    json: bool,
    /// Image files.
    #[arg(required = true, value_name = "IMAGE")]
    images: Vec<PathBuf>,
    #[command(flatten)]
    runtime: RuntimeArgs,
}

#[derive(Serialize)]
struct ImageLine<'a> {
    image: String,
    ranking: Vec<LabelLine<'a>>,
}

#[derive(Serialize)]
struct LabelLine<'a> {
    label: &'a str,
    sigmoid: f64,
    softmax: f64,
}

pub fn run(args: ZeroShotArgs) -> anyhow::Result<()> {
    let labels = match (&args.labels, &args.labels_file) {
        (Some(list), _) => list.split(',').map(|l| l.trim().to_string()).collect(),
        (None, Some(file)) => read_lines(file)?,
        (None, None) => unreachable!("clap requires --labels or --labels-file"),
    };
    ensure!(
        labels.iter().any(|l| !l.is_empty()),
        "the label list is empty"
    );
    if let Some(i) = labels.iter().position(String::is_empty) {
        bail!("--labels: label {} is empty", i + 1);
    }
    if let Some(t) = args.templates.iter().find(|t| !t.contains(SLOT)) {
        bail!("--templates {t:?} has no {SLOT} for the label");
    }
    let prompts: Vec<String> = if args.templates.is_empty() {
        labels.clone()
    } else {
        labels
            .iter()
            .flat_map(|label| {
                let cleaned = clean_label(label);
                args.templates
                    .iter()
                    .map(move |t| t.replace(SLOT, &cleaned))
            })
            .collect()
    };

    let model = args.source.load()?;
    let images = model.read_images(&args.images)?;
    let (tokens, truncated) = model.encode_texts(&prompts)?;
    report_truncated(&prompts, &truncated, &model);
    let (t, b) = model.temperature_and_bias()?;

    let client = args.runtime.open_client()?;
    let embedder = embedder(&client, &model, args.images.len().max(prompts.len()))?;
    let image_embeddings = embedder.images(&images)?;
    let label_embeddings =
        class_embeddings(&embedder.texts(&tokens)?, args.templates.len().max(1))?;
    let rankings = rank_labels(&image_embeddings, &label_embeddings, t, b)?;

    let shown = args.top.unwrap_or(labels.len()).min(labels.len());
    for (path, ranking) in args.images.iter().zip(&rankings) {
        let lines: Vec<LabelLine> = ranking[..shown]
            .iter()
            .map(|s| LabelLine {
                label: &labels[s.label],
                sigmoid: s.sigmoid,
                softmax: s.softmax,
            })
            .collect();
        if args.json {
            let line = ImageLine {
                image: path.display().to_string(),
                ranking: lines,
            };
            println!("{}", serde_json::to_string(&line)?);
        } else {
            println!("{}", path.display());
            let width = lines.iter().map(|l| l.label.chars().count()).max().unwrap_or(0);
            for (rank, line) in lines.iter().enumerate() {
                println!(
                    "  {:>3}. {:<width$}  sigmoid {:.4}  softmax {:.4}",
                    rank + 1,
                    line.label,
                    line.sigmoid,
                    line.softmax
                );
            }
        }
    }
    Ok(())
}
