//! `siglip export --checkpoint SRC --hf OUT`: a directory that `transformers`'
//! `SiglipModel.from_pretrained(OUT)` (SigLIP 2 NaFlex: `Siglip2Model`, with its
//! `preprocessor_config.json`) loads (`config.json`, `model.safetensors`), with the model's
//! `tokenizer.json` and a `tokenizer_config.json` carrying its lowercasing (or SigLIP 2's
//! padding) and context length. OUT, a local folder or one in a bucket, must be missing or
//! empty: nothing is overwritten.

use std::path::PathBuf;

use anyhow::{ensure, Context};

use super::source::SourceArgs;
use crate::data::TextPadding;
use crate::model::hf::{self, SpecialTokens};
use crate::source::{HF_TOKENIZER_CONFIG_FILE, HF_TOKENIZER_FILE, SIGLIP2_CLASS};
use crate::storage;

#[derive(clap::Args)]
pub struct ExportArgs {
    #[command(flatten)]
    source: SourceArgs,
    /// Output directory (missing or empty; local or gs:// / s3://) for the Hugging Face SigLIP
    /// files.
    #[arg(long, value_name = "OUT")]
    hf: PathBuf,
}

pub fn run(args: ExportArgs) -> anyhow::Result<()> {
    let out = &args.hf;
    let occupied = storage::is_file(out)? || {
        let (files, folders) = storage::list_dir(out)?;
        !files.is_empty() || !folders.is_empty()
    };
    ensure!(
        !occupied,
        "--hf {} exists and is not an empty directory; refusing to overwrite it",
        out.display()
    );
    let model = args.source.load()?;
    // The tokenizer's special ids first, so that a bad tokenizer fails before anything is written.
    let special = match &model.tokenizer {
        None => None,
        Some(_) => {
            let id = model.text_encoder()?.eos_id();
            Some(match model.text.padding {
                TextPadding::StickyEos { .. } => SpecialTokens::sticky_eos(id),
                TextPadding::Siglip2 { .. } => SpecialTokens::padded(id),
            })
        }
    };
    // Every file is made before the first is written: a model HF cannot hold fails here.
    let hf_files = hf::export_files(&model.config, &model.params, special)?;
    let tokenizer_config = match &model.text.padding {
        TextPadding::StickyEos { .. } => serde_json::json!({
            "do_lower_case": model.text.lowercase,
            "model_max_length": model.text.max_len,
        }),
        // SigLIP 2: transformers' Siglip2Tokenizer, padded as we pad (lowercasing is in
        // tokenizer.json's normalizer).
        TextPadding::Siglip2 { pad_token, side } => serde_json::json!({
            "tokenizer_class": SIGLIP2_CLASS,
            "model_max_length": model.text.max_len,
            "pad_token": pad_token,
            "padding_side": side,
        }),
    };
    // The tokenizer's files first and `config.json` last (`hf::export_files`): a directory
    // without it is not a model, so an export cut short is never taken for a complete one.
    let text = serde_json::to_string_pretty(&tokenizer_config)? + "\n";
    let mut files = vec![(HF_TOKENIZER_CONFIG_FILE, text.into_bytes())];
    match (&model.tokenizer, special) {
        (Some(tokenizer), Some(_)) => {
            let bytes = storage::read(tokenizer)
                .with_context(|| format!("reading {}", tokenizer.display()))?;
            files.push((HF_TOKENIZER_FILE, bytes));
        }
        _ => eprintln!(
            "warning: no tokenizer written: {}",
            model
                .text_config()
                .err()
                .map_or_else(String::new, |e| e.to_string())
        ),
    }
    files.extend(hf_files);
    for (name, bytes) in files {
        let path = out.join(name);
        storage::write(&path, &bytes).with_context(|| format!("writing {}", path.display()))?;
    }
    eprintln!("{} -> {}", model.origin, out.display());
    Ok(())
}
