//! Captions to token ids: a Hugging Face `tokenizer.json`, optional lowercasing, fixed length with
//! "sticky EOS" as SigLIP uses it (the sequence always ends in EOS, and padding is EOS too, so the
//! text tower's `last` pooling reads an EOS), or padded as SigLIP 2's `Siglip2Tokenizer` pads
//! ([`TextPadding`]). Also trains a Unigram tokenizer on captions, since
//! pretrained ones cannot be downloaded here.

use std::cell::Cell;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use tokenizers::models::unigram::{Unigram, UnigramTrainer};
use tokenizers::normalizers::{Lowercase, Sequence, NFKC};
use tokenizers::pre_tokenizers::metaspace::{Metaspace, PrependScheme};
use tokenizers::utils::parallelism;
use tokenizers::{
    AddedToken, NormalizedString, Normalizer, NormalizerWrapper, OffsetReferential, OffsetType,
    PreTokenizedString, PreTokenizer, Tokenizer,
};

use super::DataError;

/// Special tokens of trained tokenizers, in id order (T5 / SigLIP sentencepiece convention).
pub const PAD_TOKEN: &str = "<pad>";
pub const EOS_TOKEN: &str = "</s>";
pub const UNK_TOKEN: &str = "<unk>";
/// `Siglip2Tokenizer`'s pad token when `tokenizer_config.json` does not name one.
pub const SIGLIP2_PAD_TOKEN: &str = "<pad>";

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

/// How captions become token ids (the settings of a [`TextEncoder`]; a pipeline's `text`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TextEncoderConfig {
    /// Path to a Hugging Face `tokenizer.json`.
    pub tokenizer: PathBuf,
    /// Tokens per caption (EOS included).
    #[serde(default = "default_max_len")]
    pub max_len: usize,
    #[serde(default)]
    pub lowercase: bool,
    /// How a caption fills its `max_len` tokens.
    #[serde(default)]
    pub padding: TextPadding,
    #[serde(default)]
    pub caption_choice: CaptionChoice,
}

/// How a caption's tokens fill a row of `max_len` (a run's `data.text_padding`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "style", rename_all = "snake_case", deny_unknown_fields)]
pub enum TextPadding {
    /// SigLIP: the tokens cut to `max_len - 1`, then `eos_token`, padded with `eos_token`.
    StickyEos {
        #[serde(default = "default_eos")]
        eos_token: String,
    },
    /// SigLIP 2, as transformers' `Siglip2Tokenizer` with `padding="max_length",
    /// truncation=True`: the tokenizer's own special tokens, cut to `max_len`, padded with
    /// `pad_token` on `side` (its `tokenizer_config.json`'s `pad_token` and `padding_side`).
    Siglip2 {
        #[serde(default = "default_pad")]
        pad_token: String,
        #[serde(default)]
        side: PaddingSide,
    },
}

impl Default for TextPadding {
    fn default() -> Self {
        TextPadding::StickyEos {
            eos_token: default_eos(),
        }
    }
}

/// Where SigLIP 2 padding goes (`Siglip2Tokenizer`'s default: left).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PaddingSide {
    #[default]
    Left,
    Right,
}

fn default_max_len() -> usize {
    64
}

fn default_eos() -> String {
    EOS_TOKEN.into()
}

fn default_pad() -> String {
    SIGLIP2_PAD_TOKEN.into()
}

thread_local! {
    static TOKENIZER_LOADS: Cell<u64> = const { Cell::new(0) };
}

/// How many `tokenizer.json` files [`TextEncoder::new`] has read on this thread: a run reads its
/// tokenizer once and shares the encoder; tests count the reads here.
pub fn tokenizer_loads_on_this_thread() -> u64 {
    TOKENIZER_LOADS.with(Cell::get)
}

/// Encodes captions to fixed-length i32 ids as its [`TextPadding`] says.
#[derive(Clone)]
pub struct TextEncoder {
    tokenizer: Tokenizer,
    max_len: usize,
    lowercase: bool,
    /// The id after the caption: EOS (sticky EOS) or SigLIP 2's pad token.
    pad_id: u32,
    /// SigLIP 2: pad on the left (`Some(true)`) or right; `None`: sticky EOS.
    siglip2_left: Option<bool>,
}

impl TextEncoder {
    /// Fails naming `config.tokenizer` when it cannot be read or lacks the padding's token.
    pub fn new(config: &TextEncoderConfig) -> Result<Self, DataError> {
        TOKENIZER_LOADS.with(|n| n.set(n.get() + 1));
        let tokenizer = load_tokenizer(&config.tokenizer)?;
        Self::from_tokenizer(tokenizer, config.max_len, config.lowercase, &config.padding).map_err(
            |e| match e {
                DataError::Tokenizer(message) => {
                    DataError::Tokenizer(format!("{}: {message}", config.tokenizer.display()))
                }
                other => other,
            },
        )
    }

    pub fn from_tokenizer(
        tokenizer: Tokenizer,
        max_len: usize,
        lowercase: bool,
        padding: &TextPadding,
    ) -> Result<Self, DataError> {
        if max_len == 0 {
            return Err(DataError::Config("text max_len must be positive".into()));
        }
        let (pad_id, siglip2_left) = match padding {
            TextPadding::StickyEos { eos_token } => {
                let id = tokenizer.token_to_id(eos_token).ok_or_else(|| {
                    let siglip2 = tokenizer.token_to_id(SIGLIP2_PAD_TOKEN).is_some();
                    DataError::Tokenizer(format!(
                        "EOS token `{eos_token}` (sticky-EOS padding) is not in the vocabulary{}",
                        if siglip2 {
                            "; a SigLIP 2 (Gemma) tokenizer has none and pads with `<pad>`: use \
                             the siglip2 padding style (`{style: siglip2}`)"
                        } else {
                            ""
                        }
                    ))
                })?;
                (id, None)
            }
            TextPadding::Siglip2 { pad_token, side } => {
                let id = tokenizer.token_to_id(pad_token).ok_or_else(|| {
                    DataError::Tokenizer(format!(
                        "pad token `{pad_token}` (siglip2 padding) is not in the vocabulary"
                    ))
                })?;
                (id, Some(*side == PaddingSide::Left))
            }
        };
        Ok(TextEncoder {
            tokenizer,
            max_len,
            lowercase,
            pad_id,
            siglip2_left,
        })
    }

    pub fn max_len(&self) -> usize {
        self.max_len
    }

    /// The id that fills a row after the caption: EOS (sticky EOS), or SigLIP 2's pad token.
    pub fn eos_id(&self) -> u32 {
        self.pad_id
    }

    /// How many of a caption's tokens a row holds uncut (sticky EOS keeps one place for EOS).
    pub fn capacity(&self) -> usize {
        self.max_len - usize::from(self.siglip2_left.is_none())
    }

    pub fn tokenizer(&self) -> &Tokenizer {
        &self.tokenizer
    }

    /// Exactly `max_len` ids: sticky EOS: the caption's tokens cut to `max_len - 1`, then EOS,
    /// then EOS padding; SigLIP 2: see [`encode_padded`].
    pub fn encode(&self, caption: &str) -> Result<Vec<i32>, DataError> {
        Ok(self.encode_counted(caption)?.0)
    }

    /// As [`TextEncoder::encode`], with the caption's token count before the cut (more than
    /// [`TextEncoder::capacity`]: it was truncated).
    pub fn encode_counted(&self, caption: &str) -> Result<(Vec<i32>, usize), DataError> {
        let lowered;
        let text = if self.lowercase {
            lowered = caption.to_lowercase();
            &lowered
        } else {
            caption
        };
        if let Some(left) = self.siglip2_left {
            return encode_padded(&self.tokenizer, text, self.max_len, self.pad_id, left);
        }
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
        ids.resize(self.max_len, self.pad_id as i32);
        Ok((ids, encoding.get_ids().len()))
    }
}

/// `caption` as transformers' `Siglip2Tokenizer` makes a row with `padding="max_length",
/// truncation=True`: the tokenizer's own special tokens added, cut to `max_len`, and padded with
/// `pad_id` on the left (`left`) or right; with the caption's token count before the cut.
pub fn encode_padded(
    tokenizer: &Tokenizer,
    caption: &str,
    max_len: usize,
    pad_id: u32,
    left: bool,
) -> Result<(Vec<i32>, usize), DataError> {
    let encoding = tokenizer
        .encode_fast(caption, true)
        .map_err(|e| DataError::Tokenizer(e.to_string()))?;
    let ids = encoding.get_ids();
    let kept = ids.iter().take(max_len).map(|&id| id as i32);
    let padding = std::iter::repeat_n(pad_id as i32, max_len.saturating_sub(ids.len()));
    let row = if left {
        padding.chain(kept).collect()
    } else {
        kept.chain(padding).collect()
    };
    Ok((row, ids.len()))
}

/// Trains a Unigram tokenizer (NFKC [+ lowercase] normalizer, Metaspace pre-tokenizer as
/// sentencepiece) with `<pad>`, `</s>`, `<unk>` as ids 0, 1, 2. Same captions, same file, byte for
/// byte. `Tokenizer::train` is not: it counts words in a hash map whose order is random per
/// process, runs EM in parallel, and gives the characters EM dropped scores in hash order, so
/// scores and ids moved from run to run (by up to 4e-4 on the emoji captions). Here the words are
/// counted in sorted order, EM runs on one thread, and [`canonical_pieces`] undoes the last part.
pub fn train_unigram<I>(
    captions: I,
    vocab_size: u32,
    lowercase: bool,
) -> Result<Tokenizer, DataError>
where
    I: Iterator<Item = String> + Send,
{
    let error = |what: &str, e: tokenizers::Error| DataError::Tokenizer(format!("{what}: {e}"));
    let specials: Vec<AddedToken> = [PAD_TOKEN, EOS_TOKEN, UNK_TOKEN]
        .iter()
        .map(|t| AddedToken::from(*t, true))
        .collect();
    let trainer = UnigramTrainer::builder()
        .show_progress(false)
        .vocab_size(vocab_size)
        .special_tokens(specials.clone())
        .unk_token(Some(UNK_TOKEN.into()))
        .build()
        .map_err(|e| DataError::Tokenizer(e.to_string()))?;
    let mut normalizers: Vec<NormalizerWrapper> = vec![NFKC.into()];
    if lowercase {
        normalizers.push(Lowercase.into());
    }
    let normalizer = Sequence::new(normalizers);
    let pre_tokenizer = Metaspace::new('▁', PrependScheme::Always, true);

    let mut word_counts: BTreeMap<String, u32> = BTreeMap::new();
    for caption in captions {
        let mut normalized = NormalizedString::from(caption);
        normalizer
            .normalize(&mut normalized)
            .map_err(|e| error("normalizing a caption", e))?;
        let mut words = PreTokenizedString::from(normalized);
        pre_tokenizer
            .pre_tokenize(&mut words)
            .map_err(|e| error("splitting a caption into words", e))?;
        for (word, _, _) in words.get_splits(OffsetReferential::Original, OffsetType::Byte) {
            *word_counts.entry(word.to_owned()).or_default() += 1;
        }
    }
    let parallel = parallelism::get_parallelism();
    parallelism::set_parallelism(false);
    let mut model = Unigram::default();
    let trained = trainer.do_train(word_counts.into_iter().collect(), &mut model);
    parallelism::set_parallelism(parallel);
    trained.map_err(|e| error("training", e))?;

    let pieces = canonical_pieces(&model, specials.len());
    let unk_id = pieces.iter().position(|(piece, _)| piece == UNK_TOKEN);
    let model = Unigram::from(pieces, unk_id, false)
        .map_err(|e| error("rebuilding the trained model", e))?;
    let mut tokenizer = Tokenizer::new(model);
    tokenizer
        .with_normalizer(Some(normalizer))
        .with_pre_tokenizer(Some(pre_tokenizer.clone()))
        .with_decoder(Some(pre_tokenizer));
    tokenizer.add_special_tokens(&specials);
    Ok(tokenizer)
}

/// The trained pieces, independent of hash order. The trainer's last step gives every character
/// of the captions that EM pruned a score `min + k·1e-4`, k counting up in hash-set order, then
/// sorts by score with ties in that order. So: find the single-character pieces that hold those
/// scores (a set that no permutation among them changes), hand the scores out again in character
/// order, and order all pieces after the specials by (score, piece).
fn canonical_pieces(model: &Unigram, num_specials: usize) -> Vec<(String, f64)> {
    const PRUNED_CHAR_SCORE_STEP: f64 = 0.0001;
    let mut pieces: Vec<(String, f64)> = model.iter().cloned().collect();
    let trained = &mut pieces[num_specials..];
    let min_score = trained
        .iter()
        .map(|(_, s)| *s)
        .fold(f64::INFINITY, f64::min);
    let mut pruned_char_scores = Vec::new();
    let mut penalty = 0.0;
    for _ in 0..trained.len() {
        pruned_char_scores.push(min_score + penalty);
        penalty += PRUNED_CHAR_SCORE_STEP;
    }
    let pruned_chars: Vec<usize> = (0..trained.len())
        .filter(|&i| {
            let (piece, score) = &trained[i];
            piece.chars().count() == 1 && pruned_char_scores.contains(score)
        })
        .collect();
    let mut chars: Vec<String> = pruned_chars.iter().map(|&i| trained[i].0.clone()).collect();
    let mut scores: Vec<f64> = pruned_chars.iter().map(|&i| trained[i].1).collect();
    chars.sort();
    scores.sort_by(f64::total_cmp);
    for (&i, (char, score)) in pruned_chars.iter().zip(chars.into_iter().zip(scores)) {
        trained[i] = (char, score);
    }
    trained.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    pieces
}

/// A Hugging Face `tokenizer.json`, from a local file or a bucket.
pub fn load_tokenizer(path: &Path) -> Result<Tokenizer, DataError> {
    let bytes = crate::storage::read(path)?;
    Tokenizer::from_bytes(bytes)
        .map_err(|e| DataError::Tokenizer(format!("loading {}: {e}", path.display())))
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
