//! `siglip tokenizer ...`: train a Unigram tokenizer on captions; encode text with one.

use std::path::PathBuf;

use anyhow::Context;

use crate::data::text::{read_captions, train_unigram, CaptionChoice};
use crate::data::{TextEncoder, TextEncoderConfig, TextPadding};

#[derive(clap::Subcommand)]
pub enum TokenizerCommand {
    /// Train a Unigram tokenizer (specials <pad>=0, </s>=1, <unk>=2) and write tokenizer.json.
    Train {
        /// One caption per line, or .jsonl with a `caption` (or `captions`) field.
        #[arg(long)]
        captions: PathBuf,
        /// Vocabulary size, special tokens included.
        #[arg(long, default_value_t = 8192)]
        vocab: u32,
        #[arg(long)]
        out: PathBuf,
        /// Add a lowercasing normalizer.
        #[arg(long)]
        lowercase: bool,
    },
    /// Print the fixed-length ids (sticky EOS) of a text.
    Encode {
        #[arg(long)]
        tokenizer: PathBuf,
        #[arg(long, default_value_t = 64)]
        max_len: usize,
        #[arg(long)]
        lowercase: bool,
        text: String,
    },
}

pub fn run(cmd: TokenizerCommand) -> anyhow::Result<()> {
    match cmd {
        TokenizerCommand::Train {
            captions,
            vocab,
            out,
            lowercase,
        } => {
            let texts = read_captions(&captions)?;
            anyhow::ensure!(!texts.is_empty(), "{} has no captions", captions.display());
            let count = texts.len();
            let tokenizer = train_unigram(texts.into_iter(), vocab, lowercase)?;
            tokenizer
                .save(&out, false)
                .map_err(|e| anyhow::anyhow!("{e}"))
                .with_context(|| format!("writing {}", out.display()))?;
            println!(
                "trained on {count} captions: {} tokens -> {}",
                tokenizer.get_vocab_size(true),
                out.display()
            );
            Ok(())
        }
        TokenizerCommand::Encode {
            tokenizer,
            max_len,
            lowercase,
            text,
        } => {
            let encoder = TextEncoder::new(&TextEncoderConfig {
                tokenizer,
                max_len,
                lowercase,
                padding: TextPadding::default(),
                caption_choice: CaptionChoice::First,
            })?;
            let ids = encoder.encode(&text)?;
            let pieces: Vec<String> = ids
                .iter()
                .map(|&id| {
                    encoder
                        .tokenizer()
                        .id_to_token(id as u32)
                        .unwrap_or_default()
                })
                .collect();
            println!("{ids:?}");
            println!("{pieces:?}");
            Ok(())
        }
    }
}
