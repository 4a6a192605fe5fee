//! The model-source flags `siglip embed`, `zero-shot` and `export` share (`--checkpoint SRC`,
//! `--config`, `--tokenizer`), and what they do alike with a loaded model: compile its towers for
//! the batch at hand, report truncated texts.

use std::path::PathBuf;

use crate::eval::embed::Embedder;
use crate::pjrt::Client;
use crate::source::{self, LoadedModel, SourceOptions};

/// Most examples per forward pass.
const MAX_BATCH: usize = 64;

#[derive(clap::Args, Clone, Debug)]
pub struct SourceArgs {
    /// The model: a run directory (its latest checkpoint), a checkpoint directory, a Hugging Face
    /// SigLIP or SigLIP 2 directory (config.json + model.safetensors) or a big_vision .npz (with
    /// --config).
    #[arg(long, value_name = "SRC")]
    pub checkpoint: PathBuf,
    /// A run config or model YAML: the model a .npz holds; for other sources, the model SRC
    /// must be.
    #[arg(long, value_name = "YAML")]
    pub config: Option<PathBuf>,
    /// A tokenizer.json to use instead of the source's own.
    #[arg(long, value_name = "FILE")]
    pub tokenizer: Option<PathBuf>,
}

impl SourceArgs {
    pub fn load(&self) -> anyhow::Result<LoadedModel> {
        let options = SourceOptions {
            config: self.config.clone(),
            tokenizer: self.tokenizer.clone(),
        };
        // Every source error names the file it is about.
        Ok(source::load(&self.checkpoint, &options)?)
    }
}

/// Both towers compiled once for batches of up to `rows` examples.
pub fn embedder(client: &Client, model: &LoadedModel, rows: usize) -> anyhow::Result<Embedder> {
    Embedder::new(
        client,
        &model.config,
        &model.params,
        rows.clamp(1, MAX_BATCH),
    )
}

/// Says on stderr which `texts` (indices `truncated`) were cut to the model's context.
pub fn report_truncated(texts: &[String], truncated: &[usize], model: &LoadedModel) {
    if let Some(&first) = truncated.first() {
        eprintln!(
            "warning: {} of {} texts are longer than the model's {} tokens (EOS included) and \
             were truncated; the first: {:?}",
            truncated.len(),
            texts.len(),
            model.text.max_len,
            texts[first]
        );
    }
}
