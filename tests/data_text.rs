//! Tokenizer training and fixed-length "sticky EOS" encoding.

use siglip::data::text::{
    read_captions, train_unigram, CaptionChoice, EOS_TOKEN, PAD_TOKEN, UNK_TOKEN,
};
use siglip::data::{TextEncoder, TextEncoderConfig};

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
    TextEncoder::from_tokenizer(tokenizer, max_len, lowercase, EOS_TOKEN).unwrap()
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
    let exact = TextEncoder::from_tokenizer(same_tokenizer, full.len() + 1, false, EOS_TOKEN)
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
        eos_token: EOS_TOKEN.into(),
        caption_choice: CaptionChoice::First,
    };
    let enc = TextEncoder::new(&config).unwrap();
    // The lowercase normalizer was saved with the trained tokenizer.
    assert_eq!(
        enc.encode("BLUE TREE").unwrap(),
        enc.encode("blue tree").unwrap()
    );
    let missing_eos = TextEncoderConfig {
        eos_token: "<eos>".into(),
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
