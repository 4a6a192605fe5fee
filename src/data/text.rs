//! Captions to token ids: a Hugging Face `tokenizer.json`, optional lowercasing, fixed length with
//! "sticky EOS" as SigLIP uses it (the sequence always ends in EOS, and padding is EOS too, so the
//! text tower's `last` pooling reads an EOS). Also trains a Unigram tokenizer on captions, since
//! pretrained ones cannot be downloaded here.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use tokenizers::models::unigram::{Unigram, UnigramTrainer};
use tokenizers::models::{ModelWrapper, TrainerWrapper};
use tokenizers::normalizers::{Lowercase, Sequence, NFKC};
use tokenizers::pre_tokenizers::metaspace::{Metaspace, PrependScheme};
use tokenizers::{AddedToken, NormalizerWrapper, Tokenizer};

use super::DataError;

/// Special tokens of trained tokenizers, in id order (T5 / SigLIP sentencepiece convention).
pub const PAD_TOKEN: &str = "<pad>";
pub const EOS_TOKEN: &str = "</s>";
pub const UNK_TOKEN: &str = "<unk>";

/// Which caption of a multi-caption example to use.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CaptionChoice {
    /// A uniformly random one (drawn from the example's own RNG stream).
    #[default]
    Random,
    /// Always the first.
    First,
}

/// Text side of the data config.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TextConfig {
    /// Path to a Hugging Face `tokenizer.json`.
    pub tokenizer: PathBuf,
    /// Tokens per caption (EOS included).
    #[serde(default = "default_max_len")]
    pub max_len: usize,
    #[serde(default)]
    pub lowercase: bool,
    /// Token appended to every caption and used for padding.
    #[serde(default = "default_eos")]
    pub eos_token: String,
    #[serde(default)]
    pub caption_choice: CaptionChoice,
}

fn default_max_len() -> usize {
    64
}

fn default_eos() -> String {
    EOS_TOKEN.into()
}

/// Encodes captions to fixed-length i32 ids.
#[derive(Clone)]
pub struct TextEncoder {
    tokenizer: Tokenizer,
    max_len: usize,
    lowercase: bool,
    eos_id: u32,
}

impl TextEncoder {
    pub fn new(config: &TextConfig) -> Result<Self, DataError> {
        let tokenizer = Tokenizer::from_file(&config.tokenizer).map_err(|e| {
            DataError::Tokenizer(format!("loading {}: {e}", config.tokenizer.display()))
        })?;
        Self::from_tokenizer(
            tokenizer,
            config.max_len,
            config.lowercase,
            &config.eos_token,
        )
    }

    pub fn from_tokenizer(
        tokenizer: Tokenizer,
        max_len: usize,
        lowercase: bool,
        eos_token: &str,
    ) -> Result<Self, DataError> {
        if max_len == 0 {
            return Err(DataError::Config("text max_len must be positive".into()));
        }
        let eos_id = tokenizer.token_to_id(eos_token).ok_or_else(|| {
            DataError::Tokenizer(format!("EOS token `{eos_token}` is not in the vocabulary"))
        })?;
        Ok(TextEncoder {
            tokenizer,
            max_len,
            lowercase,
            eos_id,
        })
    }

    pub fn max_len(&self) -> usize {
        self.max_len
    }

    pub fn eos_id(&self) -> u32 {
        self.eos_id
    }

    pub fn tokenizer(&self) -> &Tokenizer {
        &self.tokenizer
    }

    /// Exactly `max_len` ids: the caption's tokens cut to `max_len - 1`, then EOS, then EOS padding.
    pub fn encode(&self, caption: &str) -> Result<Vec<i32>, DataError> {
        Ok(self.encode_counted(caption)?.0)
    }

    /// As [`TextEncoder::encode`], with the caption's token count before the cut (more than
    /// `max_len - 1`: it was truncated).
    pub fn encode_counted(&self, caption: &str) -> Result<(Vec<i32>, usize), DataError> {
        let lowered;
        let text = if self.lowercase {
            lowered = caption.to_lowercase();
            &lowered
        } else {
            caption
        };
        let encoding = self
            .tokenizer
            .encode_fast(text, false)
            .map_err(|e| DataError::Tokenizer(e.to_string()))?;
        let mut ids: Vec<i32> = encoding
            .get_ids()
            .iter()
            .take(self.max_len - 1)
            .map(|&id| id as i32)
            .collect();
        ids.resize(self.max_len, self.eos_id as i32);
        Ok((ids, encoding.get_ids().len()))
    }
}

/// Trains a Unigram tokenizer (NFKC [+ lowercase] normalizer, Metaspace pre-tokenizer as
/// sentencepiece) with `<pad>`, `</s>`, `<unk>` as ids 0, 1, 2. Same captions, same ids.
pub fn train_unigram<I>(
    captions: I,
    vocab_size: u32,
    lowercase: bool,
) -> Result<Tokenizer, DataError>
where
    I: Iterator<Item = String> + Send,
{
    let specials: Vec<AddedToken> = [PAD_TOKEN, EOS_TOKEN, UNK_TOKEN]
        .iter()
        .map(|t| AddedToken::from(*t, true))
        .collect();
    let mut trainer: TrainerWrapper = UnigramTrainer::builder()
        .show_progress(false)
        .vocab_size(vocab_size)
        .special_tokens(specials.clone())
        .unk_token(Some(UNK_TOKEN.into()))
        .build()
        .map_err(|e| DataError::Tokenizer(e.to_string()))?
        .into();
    let mut normalizers: Vec<NormalizerWrapper> = vec![NFKC.into()];
    if lowercase {
        normalizers.push(Lowercase.into());
    }
    let mut tokenizer = Tokenizer::new(Unigram::default());
    tokenizer
        .with_normalizer(Some(Sequence::new(normalizers)))
        .with_pre_tokenizer(Some(Metaspace::new('▁', PrependScheme::Always, true)))
        .with_decoder(Some(Metaspace::new('▁', PrependScheme::Always, true)));
    tokenizer
        .train(&mut trainer, captions)
        .map_err(|e| DataError::Tokenizer(format!("training: {e}")))?;
    // The trainer orders pieces of equal score by hash-map iteration and sums scores in parallel
    // (last-bit noise), so ids would change from run to run. Round the scores to 1e-9 and order
    // the pieces after the specials by (score, piece) instead.
    let ModelWrapper::Unigram(model) = tokenizer.get_model() else {
        unreachable!("the tokenizer was built on a Unigram model")
    };
    let mut pieces: Vec<(String, f64)> = model
        .iter()
        .map(|(piece, score)| (piece.clone(), (score * 1e9).round() / 1e9))
        .collect();
    pieces[specials.len()..].sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let unk_id = pieces.iter().position(|(p, _)| p == UNK_TOKEN);
    let model = Unigram::from(pieces, unk_id, false)
        .map_err(|e| DataError::Tokenizer(format!("rebuilding the trained model: {e}")))?;
    tokenizer.with_model(model);
    tokenizer.add_special_tokens(&specials);
    Ok(tokenizer)
}

/// Reads captions: one per line, or for `.jsonl` a `caption` string or `captions` array per line.
pub fn read_captions(path: &Path) -> Result<Vec<String>, DataError> {
    let text = std::fs::read_to_string(path).map_err(|source| DataError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let is_jsonl = path.extension().is_some_and(|e| e == "jsonl");
    let mut captions = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        if !is_jsonl {
            captions.push(line.to_string());
            continue;
        }
        let value: serde_json::Value = serde_json::from_str(line)
            .map_err(|e| DataError::Config(format!("{}:{}: {e}", path.display(), n + 1)))?;
        captions.extend(captions_of_json(&value).ok_or_else(|| {
            DataError::Config(format!(
                "{}:{}: no `caption` string or `captions` array",
                path.display(),
                n + 1
            ))
        })?);
    }
    Ok(captions)
}

/// The `caption` string or `captions` string array of a JSON object.
pub fn captions_of_json(value: &serde_json::Value) -> Option<Vec<String>> {
    if let Some(c) = value.get("caption").and_then(|c| c.as_str()) {
        return Some(vec![c.to_string()]);
    }
    value
        .get("captions")?
        .as_array()?
        .iter()
        .map(|c| c.as_str().map(str::to_string))
        .collect()
}
