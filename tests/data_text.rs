//! Tokenizer training, fixed-length "sticky EOS" encoding, and SigLIP 2's padding.

use std::path::{Path, PathBuf};

use siglip::data::text::{
    read_captions, train_unigram, CaptionChoice, EOS_TOKEN, PAD_TOKEN, UNK_TOKEN,
};
use siglip::data::{PaddingSide, TextEncoder, TextEncoderConfig, TextPadding};

fn captions() -> Vec<String> {
    let mut out = Vec::new();
    for colour in ["red", "green", "blue", "yellow"] {
        for thing in ["cat", "dog", "house", "car", "tree"] {
            out.push(format!("a {colour} {thing} on the grass"));
            out.push(format!("the {thing} is {colour}"));
        }
    }
    out
}

fn encoder(max_len: usize, lowercase: bool) -> TextEncoder {
    let tokenizer = train_unigram(captions().into_iter(), 60, false).unwrap();
    TextEncoder::from_tokenizer(tokenizer, max_len, lowercase, &TextPadding::default()).unwrap()
}

#[test]
fn trained_tokenizer_has_the_special_tokens_first() {
    let enc = encoder(8, false);
    let t = enc.tokenizer();
    assert_eq!(t.token_to_id(PAD_TOKEN), Some(0));
    assert_eq!(t.token_to_id(EOS_TOKEN), Some(1));
    assert_eq!(t.token_to_id(UNK_TOKEN), Some(2));
    assert_eq!(enc.eos_id(), 1);
    assert!(t.get_vocab_size(true) <= 60);
}

#[test]
fn short_captions_end_in_eos_and_pad_with_eos() {
    let enc = encoder(16, false);
    let ids = enc.encode("a red cat").unwrap();
    assert_eq!(ids.len(), 16);
    let body: Vec<u32> = ids
        .iter()
        .take_while(|&&id| id != 1)
        .map(|&id| id as u32)
        .collect();
    assert!(!body.is_empty());
    assert!(ids[body.len()..].iter().all(|&id| id == 1), "{ids:?}");
    assert_eq!(enc.tokenizer().decode(&body, true).unwrap(), "a red cat");
    // No special token other than EOS appears.
    assert!(body.iter().all(|&id| id > 2));
}

#[test]
fn long_captions_are_cut_and_keep_eos_last() {
    let enc = encoder(5, false);
    let text = "a green dog on the grass is blue";
    let full = enc
        .tokenizer()
        .encode(text, false)
        .unwrap()
        .get_ids()
        .to_vec();
    assert!(full.len() > 5, "{full:?}");
    let ids = enc.encode(text).unwrap();
    let expected: Vec<i32> = full[..4].iter().map(|&id| id as i32).chain([1]).collect();
    assert_eq!(ids, expected);
    // Exactly max_len - 1 tokens: EOS still replaces nothing.
    let same_tokenizer = enc.tokenizer().clone();
    let exact = TextEncoder::from_tokenizer(
        same_tokenizer,
        full.len() + 1,
        false,
        &TextPadding::default(),
    )
    .unwrap()
    .encode(text)
    .unwrap();
    assert_eq!(
        exact[..full.len()],
        full.iter().map(|&id| id as i32).collect::<Vec<_>>()[..]
    );
    assert_eq!(exact[full.len()], 1);
}

#[test]
fn lowercase_option_folds_case() {
    let lower = encoder(12, true);
    assert_eq!(
        lower.encode("A RED Cat").unwrap(),
        lower.encode("a red cat").unwrap()
    );
    let cased = encoder(12, false);
    assert_ne!(
        cased.encode("A RED Cat").unwrap(),
        cased.encode("a red cat").unwrap()
    );
}

#[test]
fn tokenizer_json_round_trips_through_the_config() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tokenizer.json");
    train_unigram(captions().into_iter(), 60, true)
        .unwrap()
        .save(&path, false)
        .unwrap();
    let config = TextEncoderConfig {
        tokenizer: path,
        max_len: 10,
        lowercase: false,
        padding: TextPadding::StickyEos {
            eos_token: EOS_TOKEN.into(),
        },
        caption_choice: CaptionChoice::First,
    };
    let enc = TextEncoder::new(&config).unwrap();
    // The lowercase normalizer was saved with the trained tokenizer.
    assert_eq!(
        enc.encode("BLUE TREE").unwrap(),
        enc.encode("blue tree").unwrap()
    );
    let missing_eos = TextEncoderConfig {
        padding: TextPadding::StickyEos {
            eos_token: "<eos>".into(),
        },
        ..config
    };
    assert!(TextEncoder::new(&missing_eos).is_err());
}

#[test]
fn captions_files_plain_and_jsonl() {
    let dir = tempfile::tempdir().unwrap();
    let plain = dir.path().join("caps.txt");
    std::fs::write(&plain, "one caption\n\nanother one\n").unwrap();
    assert_eq!(
        read_captions(&plain).unwrap(),
        vec!["one caption", "another one"]
    );
    let jsonl = dir.path().join("caps.jsonl");
    std::fs::write(
        &jsonl,
        "{\"caption\": \"first\"}\n{\"image\": \"x.png\", \"captions\": [\"a\", \"b\"]}\n",
    )
    .unwrap();
    assert_eq!(read_captions(&jsonl).unwrap(), vec!["first", "a", "b"]);
    std::fs::write(&jsonl, "{\"text\": \"no caption field\"}\n").unwrap();
    assert!(read_captions(&jsonl).is_err());
}

/// Three thousand captions of made-up words (a fixed LCG over syllables): enough distinct words
/// and EM work that hash-map order and parallel sums changed the trained scores and ids.
fn many_captions() -> Vec<String> {
    let syllables = [
        "ka", "lo", "mi", "nu", "pe", "ra", "so", "ti", "vu", "ze", "bri", "sta",
    ];
    let mut state: u64 = 12345;
    let mut next = |n: usize| {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (state >> 33) as usize % n
    };
    (0..3000)
        .map(|_| {
            let words: Vec<String> = (0..2 + next(6))
                .map(|_| {
                    (0..1 + next(4))
                        .map(|_| syllables[next(syllables.len())])
                        .collect()
                })
                .collect();
            words.join(" ")
        })
        .collect()
}

#[test]
fn training_twice_gives_the_same_file() {
    let trained = || {
        train_unigram(many_captions().into_iter(), 400, true)
            .unwrap()
            .to_string(false)
            .unwrap()
    };
    let first = trained();
    for run in 1..4 {
        assert!(
            trained() == first,
            "run {run} trained a different tokenizer"
        );
    }
}

/// The SigLIP 2 directory transformers made (tests/fixtures/hf_siglip2_naflex).
fn siglip2_fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/hf_siglip2_naflex")
}

fn siglip2_config(padding: TextPadding) -> TextEncoderConfig {
    TextEncoderConfig {
        tokenizer: siglip2_fixture().join("tokenizer.json"),
        max_len: 10,
        lowercase: false,
        padding,
        caption_choice: CaptionChoice::First,
    }
}

/// With the siglip2 padding style, the fixture's Gemma tokenizer makes the rows transformers'
/// `Siglip2Tokenizer` made for its texts (`input_ids` of io.safetensors: left padding with
/// `<pad>`, cut to 10); right padding moves the pads to the end. The default sticky-EOS style
/// and a pad token the vocabulary lacks are refused, naming the file and what to use.
#[test]
fn siglip2_padding_gives_transformers_rows() {
    let fixture = siglip2_fixture();
    let texts: Vec<String> =
        serde_json::from_str(&std::fs::read_to_string(fixture.join("texts.json")).unwrap())
            .unwrap();
    let io = siglip::safetensors_io::read(&fixture.join("io.safetensors")).unwrap();
    let want = io["input_ids"].to_f64_lossy();
    let left = TextEncoder::new(&siglip2_config(TextPadding::Siglip2 {
        pad_token: "<pad>".into(),
        side: PaddingSide::Left,
    }))
    .unwrap();
    let right = TextEncoder::new(&siglip2_config(TextPadding::Siglip2 {
        pad_token: "<pad>".into(),
        side: PaddingSide::Right,
    }))
    .unwrap();
    let pad = left.eos_id() as i32;
    for (text, want) in texts.iter().zip(want.chunks(10)) {
        let row = left.encode(text).unwrap();
        let got: Vec<f64> = row.iter().map(|&id| id as f64).collect();
        assert_eq!(got, want, "{text}");
        let tokens: Vec<i32> = row.iter().copied().filter(|&id| id != pad).collect();
        let mut padded_right = tokens.clone();
        padded_right.resize(10, pad);
        assert_eq!(right.encode(text).unwrap(), padded_right, "{text}");
    }
    assert!(want.contains(&(pad as f64)), "some row is padded");

    let refusal = |padding| match TextEncoder::new(&siglip2_config(padding)) {
        Ok(_) => panic!("the tokenizer was taken"),
        Err(e) => e.to_string(),
    };
    let message = refusal(TextPadding::default());
    assert!(message.contains("tokenizer.json"), "{message}");
    assert!(message.contains("`</s>`"), "{message}");
    assert!(message.contains("{style: siglip2}"), "{message}");
    let no_pad = refusal(TextPadding::Siglip2 {
        pad_token: "[PAD]".into(),
        side: PaddingSide::Left,
    });
    assert!(no_pad.contains("tokenizer.json"), "{no_pad}");
    assert!(no_pad.contains("pad token `[PAD]`"), "{no_pad}");
}
