//! `siglip export --checkpoint SRC --hf OUT`: a directory that `transformers`'
//! `SiglipModel.from_pretrained(OUT)` loads (`config.json`, `model.safetensors`), with the
//! model's `tokenizer.json` and a `tokenizer_config.json` carrying its lowercasing and context
//! length. OUT must be missing or empty: nothing is overwritten.

use std::path::PathBuf;

use anyhow::{ensure, Context};

use super::source::SourceArgs;
use crate::model::hf;
use crate::source::{HF_TOKENIZER_CONFIG_FILE, HF_TOKENIZER_FILE};

#[derive(clap::Args)]
pub struct ExportArgs {
    #[command(flatten)]
    source: SourceArgs,
    /// Output directory (missing or empty) for the Hugging Face SigLIP files.
    #[arg(long, value_name = "OUT")]
    hf: PathBuf,
}

pub fn run(args: ExportArgs) -> anyhow::Result<()> {
    let out = &args.hf;
    if out.exists() {
        let empty = out.is_dir()
            && std::fs::read_dir(out)
                .with_context(|| format!("reading {}", out.display()))?
                .next()
                .is_none();
        ensure!(
            empty,
            "--hf {} exists and is not an empty directory; refusing to overwrite it",
            out.display()
        );
    }
    let model = args.source.load()?;
    hf::export_dir(&model.config, &model.params, out)
        .with_context(|| format!("writing {}", out.display()))?;
    let tokenizer_config = serde_json::json!({
        "do_lower_case": model.text.lowercase,
        "model_max_length": model.text.max_len,
    });
    let path = out.join(HF_TOKENIZER_CONFIG_FILE);
    std::fs::write(&path, serde_json::to_string_pretty(&tokenizer_config)? + "\n")
        .with_context(|| format!("writing {}", path.display()))?;
    match &model.tokenizer {
        Some(tokenizer) => {
            std::fs::copy(tokenizer, out.join(HF_TOKENIZER_FILE)).with_context(|| {
                format!("copying {} into {}", tokenizer.display(), out.display())
            })?;
        }
        None => eprintln!(
            "warning: no tokenizer written: {}",
            model
                .text_config()
                .err()
                .map_or_else(String::new, |e| e.to_string())
        ),
    }
    eprintln!("{} -> {}", model.origin, out.display());
    Ok(())
}
