//! `siglip export --checkpoint SRC --hf OUT`: a directory that `transformers`'
//! `SiglipModel.from_pretrained(OUT)` (SigLIP 2 NaFlex: `Siglip2Model`, with its
//! `preprocessor_config.json`) loads (`config.json`, `model.safetensors`), with the model's
//! `tokenizer.json` and a `tokenizer_config.json` carrying its lowercasing (or SigLIP 2's
//! padding) and context length. OUT must be missing or empty: nothing is overwritten.

use std::path::{Path, PathBuf};

use anyhow::{ensure, Context};

use super::source::SourceArgs;
use crate::data::TextEncoder;
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
    // The tokenizer's special ids first, so that a bad tokenizer fails before anything is written.
    let special = match (&model.tokenizer, &model.text.padding) {
        (None, _) => None,
        (Some(_), None) => Some(SpecialTokens::sticky_eos(
            TextEncoder::new(&model.text_config()?)?.eos_id(),
        )),
        (Some(tokenizer), Some(padding)) => {
            let vocab = tokenizers::Tokenizer::from_file(tokenizer)
                .map_err(|e| anyhow::anyhow!("loading {}: {e}", tokenizer.display()))?;
            let pad = vocab.token_to_id(&padding.pad_token).with_context(|| {
                format!(
                    "{}: pad token `{}` is not in the vocabulary",
                    tokenizer.display(),
                    padding.pad_token
                )
            })?;
            Some(SpecialTokens::padded(pad))
        }
    };
    hf::export_dir(&model.config, &model.params, out)
        .with_context(|| format!("writing {}", out.display()))?;
    let tokenizer_config = match &model.text.padding {
        None => serde_json::json!({
            "do_lower_case": model.text.lowercase,
            "model_max_length": model.text.max_len,
        }),
        // SigLIP 2: transformers' Siglip2Tokenizer, padded as we pad (lowercasing is in
        // tokenizer.json's normalizer).
        Some(padding) => serde_json::json!({
            "tokenizer_class": "Siglip2Tokenizer",
            "model_max_length": model.text.max_len,
            "pad_token": padding.pad_token,
            "padding_side": if padding.left { "left" } else { "right" },
        }),
    };
    let path = out.join(HF_TOKENIZER_CONFIG_FILE);
    std::fs::write(
        &path,
        serde_json::to_string_pretty(&tokenizer_config)? + "\n",
    )
    .with_context(|| format!("writing {}", path.display()))?;
    match (&model.tokenizer, special) {
        (Some(tokenizer), Some(special)) => {
            std::fs::copy(tokenizer, out.join(HF_TOKENIZER_FILE)).with_context(|| {
                format!("copying {} into {}", tokenizer.display(), out.display())
            })?;
            set_special_tokens(&out.join(hf::CONFIG_FILE), special)?;
        }
        _ => eprintln!(
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

/// The text model's special token ids in `config.json`.
struct SpecialTokens {
    pad: u32,
    eos: Option<u32>,
}

impl SpecialTokens {
    /// SigLIP: EOS is the pad token too (sticky EOS).
    fn sticky_eos(eos: u32) -> Self {
        SpecialTokens {
            pad: eos,
            eos: Some(eos),
        }
    }

    /// SigLIP 2: a pad token of its own, no EOS appended.
    fn padded(pad: u32) -> Self {
        SpecialTokens { pad, eos: None }
    }
}

/// Names the text model's pad and EOS tokens in `config.json` and clears BOS; without them
/// transformers assumes CLIP's ids 49406/49407, which lie outside a small vocabulary.
fn set_special_tokens(config_path: &Path, special: SpecialTokens) -> anyhow::Result<()> {
    let text = std::fs::read_to_string(config_path)
        .with_context(|| format!("reading {}", config_path.display()))?;
    let mut config: serde_json::Value = serde_json::from_str(&text)?;
    let text_config = config["text_config"]
        .as_object_mut()
        .context("config.json has no text_config")?;
    text_config.insert("pad_token_id".into(), special.pad.into());
    text_config.insert("eos_token_id".into(), special.eos.into());
    text_config.insert("bos_token_id".into(), serde_json::Value::Null);
    std::fs::write(config_path, serde_json::to_string_pretty(&config)? + "\n")
        .with_context(|| format!("writing {}", config_path.display()))
}
