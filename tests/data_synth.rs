//! `siglip data synth`: determinism, captions that say what is drawn (checked on the decoded
//! pixels), shards the input pipeline reads back, counts per shard, and refusals before writing.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use siglip::data::image_ops::{ImageOp, Size};
use siglip::data::pipeline::{resolve_files, Sharding};
use siglip::data::synth::{caption_language, write_synth, SynthConfig, COLOURS};
use siglip::data::text::CaptionChoice;
use siglip::data::tfrecord::RecordFile;
use siglip::data::{
    DataConfig, FeatureKeys, Pipeline, Preprocess, RawExample, TextEncoderConfig, TextPadding,
};
use siglip::data::{DataError, TextEncoder};

fn config(count: usize, seed: u64) -> SynthConfig {
    SynthConfig {
        count,
        val_count: 5,
        seed,
        shards: 2,
        image_size: 48,
        two_objects: 0.5,
        max_aspect: 1.0,
    }
}

/// Every file under `dir` (relative path → bytes), sorted.
fn tree(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let bytes = std::fs::read(&path).unwrap();
                out.push((path.strip_prefix(dir).unwrap().to_path_buf(), bytes));
            }
        }
    }
    out.sort();
    out
}

fn examples(dir: &Path) -> Vec<RawExample> {
    resolve_files(&[dir.to_path_buf()])
        .unwrap()
        .iter()
        .flat_map(|path| RecordFile::open(path).unwrap().read_all().unwrap())
        .map(|item| RawExample::parse(&item.unwrap().1, &FeatureKeys::default()).unwrap())
        .collect()
}

#[test]
fn same_seed_same_bytes_other_seed_other_images() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, config: &SynthConfig| {
        let out = dir.path().join(name);
        write_synth(&out, config, &FeatureKeys::default()).unwrap();
        tree(&out)
    };
    let a = write("a", &config(12, 7));
    let b = write("b", &config(12, 7));
    let names = |t: &[(PathBuf, Vec<u8>)]| t.iter().map(|f| f.0.clone()).collect::<Vec<_>>();
    assert_eq!(names(&a).len(), 4, "2 train shards, 1 val shard, tokenizer");
    // Compared file by file so that a failure names the file and does not print its bytes.
    assert_eq!(names(&a), names(&b));
    for (x, y) in a.iter().zip(&b) {
        assert!(x.1 == y.1, "{} differs between two runs", x.0.display());
    }

    let other = write("c", &config(12, 8));
    for (x, y) in a.iter().zip(&other) {
        assert_eq!(x.0, y.0);
        if x.0 != Path::new("tokenizer.json") {
            assert_ne!(x.1, y.1, "{} is the same for seeds 7 and 8", x.0.display());
        }
    }
    // The tokenizer depends on nothing but the caption language.
    assert!(a[0].1 == other[0].1 && a[0].0 == Path::new("tokenizer.json"));

    // The held-out set does not depend on the training count or shards.
    let more = write(
        "d",
        &SynthConfig {
            shards: 3,
            ..config(30, 7)
        },
    );
    let val =
        |t: &[(PathBuf, Vec<u8>)]| t.iter().find(|f| f.0.starts_with("val")).unwrap().1.clone();
    assert!(val(&a) == val(&more));
    // Nor does example i: the first 12 training examples are those of the smaller set.
    let ex_a = examples(&dir.path().join("a/train"));
    let ex_d = examples(&dir.path().join("d/train"));
    let key = |e: &RawExample| (e.captions.clone(), e.image.clone());
    let set_d: BTreeSet<_> = ex_d.iter().map(key).collect();
    assert!(ex_a.iter().all(|e| set_d.contains(&key(e))));
}

/// One object as a caption states it.
#[derive(Debug)]
struct Stated {
    big: bool,
    rgb: [u8; 3],
    shape: String,
    cell: usize,
}

/// Parses "a small red triangle at the top left[ and a ...]" independently of the generator.
fn parse_caption(caption: &str) -> Vec<Stated> {
    const CELLS: [&str; 9] = [
        "at the top left",
        "at the top",
        "at the top right",
        "on the left",
        "in the centre",
        "on the right",
        "at the bottom left",
        "at the bottom",
        "at the bottom right",
    ];
    caption
        .split(" and ")
        .map(|phrase| {
            let words: Vec<&str> = phrase.split(' ').collect();
            assert_eq!(words[0], "a", "{caption}");
            let rgb = COLOURS
                .iter()
                .find(|c| c.name == words[2])
                .unwrap_or_else(|| panic!("unknown colour in {caption}"))
                .rgb;
            let place = words[4..].join(" ");
            Stated {
                big: match words[1] {
                    "big" => true,
                    "small" => false,
                    other => panic!("unknown size {other} in {caption}"),
                },
                rgb,
                shape: words[3].to_string(),
                cell: CELLS
                    .iter()
                    .position(|c| *c == place)
                    .unwrap_or_else(|| panic!("unknown place in {caption}")),
            }
        })
        .collect()
}

/// Background channels are all ≥ 157; every object colour has a channel ≤ 40.
fn is_background(p: [u8; 3]) -> bool {
    p.iter().all(|&c| c >= 150)
}

/// The shape of a big object from its mask (pixels visibly of the object) inside its bounding
/// box: how much of the box it fills, whether it is narrow on top and full at the bottom, and
/// how many of the points halfway to the box's corners it covers. (Measured at 64 px: fill
/// square ≥ 0.89, circle 0.73–0.83, the others ≤ 0.62; diagonals: diamond ≥ 3, cross 0, star
/// 1–2.)
fn classify(mask: &[Vec<bool>]) -> &'static str {
    let h = mask.len();
    let w = mask[0].len();
    let filled = mask.iter().flatten().filter(|&&m| m).count() as f64 / (w * h) as f64;
    let width = |row: &Vec<bool>| row.iter().filter(|&&m| m).count();
    let at = |fy: f64, fx: f64| {
        mask[((h - 1) as f64 * fy).round() as usize][((w - 1) as f64 * fx).round() as usize]
    };
    let diagonals = [(0.25, 0.25), (0.25, 0.75), (0.75, 0.25), (0.75, 0.75)]
        .iter()
        .filter(|&&(y, x)| at(y, x))
        .count();
    if filled > 0.85 {
        "square"
    } else if filled > 0.7 {
        "circle"
    } else if width(&mask[h - 1]) * 10 >= w * 8 && width(&mask[0]) <= 3 {
        "triangle"
    } else if diagonals >= 3 {
        "diamond"
    } else if diagonals == 0 {
        "cross"
    } else if filled < 0.55 {
        "star"
    } else {
        "unclear"
    }
}

#[test]
fn captions_say_what_is_drawn() {
    let dir = tempfile::tempdir().unwrap();
    let side = 64usize;
    let config = SynthConfig {
        count: 300,
        val_count: 0,
        seed: 3,
        shards: 1,
        image_size: side as u32,
        two_objects: 0.5,
        max_aspect: 1.0,
    };
    write_synth(dir.path(), &config, &FeatureKeys::default()).unwrap();
    let mut shapes_checked = BTreeSet::new();
    let mut pairs = 0;
    for example in examples(&dir.path().join("train")) {
        let caption = &example.captions[0];
        let image = image::load_from_memory(&example.image).unwrap().into_rgb8();
        assert_eq!(image.dimensions(), (side as u32, side as u32));
        let stated = parse_caption(caption);
        pairs += (stated.len() == 2) as usize;
        // A pixel belongs to the cell holding its centre.
        let cell_of = |x: usize, y: usize| (y * 6 + 3) / (2 * side) * 3 + (x * 6 + 3) / (2 * side);
        for (x, y, p) in image.enumerate_pixels() {
            let (x, y) = (x as usize, y as usize);
            if !stated.iter().any(|s| s.cell == cell_of(x, y)) {
                assert!(
                    is_background(p.0),
                    "{caption}: ({x}, {y}) = {p:?} in an empty cell"
                );
            }
        }
        for s in &stated {
            let pixels: Vec<(usize, usize, [u8; 3])> = image
                .enumerate_pixels()
                .filter(|(x, y, _)| cell_of(*x as usize, *y as usize) == s.cell)
                .map(|(x, y, p)| (x as usize, y as usize, p.0))
                .collect();
            assert!(
                pixels.iter().any(|p| p.2 == s.rgb),
                "{caption}: no pixel of colour {:?} in cell {}",
                s.rgb,
                s.cell
            );
            let object: Vec<(usize, usize)> = pixels
                .iter()
                .filter(|p| !is_background(p.2))
                .map(|p| (p.0, p.1))
                .collect();
            let (x0, x1) = (
                object.iter().map(|p| p.0).min().unwrap(),
                object.iter().map(|p| p.0).max().unwrap(),
            );
            let (y0, y1) = (
                object.iter().map(|p| p.1).min().unwrap(),
                object.iter().map(|p| p.1).max().unwrap(),
            );
            let extent = (x1 - x0).max(y1 - y0) + 1;
            // Small: at most 0.137·side across (+1 px of edge); big: at least 0.218·side (−2 px).
            assert_eq!(
                extent >= side * 18 / 100,
                s.big,
                "{caption}: extent {extent} px"
            );
            if s.big {
                let mut mask = vec![vec![false; x1 - x0 + 1]; y1 - y0 + 1];
                for &(x, y) in &object {
                    mask[y - y0][x - x0] = true;
                }
                assert_eq!(classify(&mask), s.shape, "{caption}");
                shapes_checked.insert(s.shape.clone());
            }
        }
    }
    assert!(pairs > 100, "only {pairs} two-object images");
    assert_eq!(shapes_checked.len(), 6, "{shapes_checked:?}");
}

#[test]
fn pipeline_reads_the_shards_and_every_word_is_one_token() {
    let dir = tempfile::tempdir().unwrap();
    let report = write_synth(
        dir.path(),
        &SynthConfig {
            count: 10,
            val_count: 4,
            seed: 0,
            shards: 3,
            image_size: 48,
            two_objects: 0.5,
            max_aspect: 1.0,
        },
        &FeatureKeys::default(),
    )
    .unwrap();
    let counts: Vec<u64> = report.train.iter().map(|s| s.1).collect();
    assert_eq!(counts, [4, 3, 3]);
    for (path, records) in report.train.iter().chain(&report.val) {
        assert_eq!(examples(path).len() as u64, *records, "{}", path.display());
    }
    assert_eq!(report.val.len(), 1);
    assert_eq!(report.val[0].1, 4);

    let text = TextEncoderConfig {
        tokenizer: report.tokenizer.clone(),
        max_len: 24,
        lowercase: true,
        padding: TextPadding::default(),
        caption_choice: CaptionChoice::First,
    };
    let encoder = TextEncoder::new(&text).unwrap();
    assert_eq!(encoder.tokenizer().get_vocab_size(true), report.vocab_size);
    // Whole words as tokens: the text tower sees the caption language word by word.
    for caption in caption_language() {
        let ids = encoder.encode(&caption).unwrap();
        let tokens = ids
            .iter()
            .filter(|&&id| id != encoder.eos_id() as i32)
            .count();
        assert_eq!(tokens, caption.split(' ').count(), "{caption}: {ids:?}");
    }

    let data = DataConfig {
        files: vec![dir.path().join("train")],
        keys: FeatureKeys::default(),
        preprocess: Preprocess::new(vec![
            ImageOp::DECODE,
            ImageOp::CentralCrop(Size::Square(48)),
            ImageOp::ValueRange([-1.0, 1.0]),
        ])
        .unwrap(),
        text,
        batch_size: 5,
        devices: 1,
        shuffle_buffer: 10,
        seed: 0,
        epochs: Some(1),
        workers: 2,
        prefetch: 1,
        strict: true,
        embedding_dim: None,
    };
    let mut pipeline = Pipeline::new(&data, Sharding::SINGLE, None).unwrap();
    let mut batches = 0;
    while let Some(batch) = pipeline.next_batch().unwrap() {
        assert_eq!(batch.images.shape, [5, 48, 48, 3]);
        assert_eq!(batch.tokens.shape, [5, 24]);
        let tokens: Vec<i32> = batch.tokens.to_vec().unwrap();
        for row in tokens.chunks(24) {
            let words = row
                .iter()
                .filter(|&&id| id != encoder.eos_id() as i32)
                .count();
            // One object: 4 words + a place of 3 or 4; two: both joined by "and".
            assert!([7, 8, 15, 16, 17].contains(&words), "{row:?}");
            assert_eq!(row[23], encoder.eos_id() as i32);
        }
        batches += 1;
    }
    assert_eq!(batches, 2);
    assert_eq!(pipeline.bad_counts().total(), 0);
}

#[test]
fn bad_requests_fail_before_writing() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let bad = [
        SynthConfig {
            count: 0,
            ..config(10, 0)
        },
        SynthConfig {
            shards: 0,
            ..config(10, 0)
        },
        SynthConfig {
            shards: 11,
            ..config(10, 0)
        },
        SynthConfig {
            image_size: 8,
            ..config(10, 0)
        },
        SynthConfig {
            image_size: 100_000,
            ..config(10, 0)
        },
        SynthConfig {
            two_objects: 1.5,
            ..config(10, 0)
        },
        SynthConfig {
            max_aspect: 0.5,
            ..config(10, 0)
        },
    ];
    for config in &bad {
        let err = write_synth(&out, config, &FeatureKeys::default()).unwrap_err();
        assert!(matches!(err, DataError::Config(_)), "{config:?}: {err}");
        assert!(!out.exists(), "{config:?} created {}", out.display());
    }

    // An existing data set is never overwritten.
    write_synth(&out, &config(4, 0), &FeatureKeys::default()).unwrap();
    let before = tree(&out);
    let err = write_synth(&out, &config(4, 1), &FeatureKeys::default()).unwrap_err();
    assert!(err.to_string().contains("is not empty"), "{err}");
    assert_eq!(tree(&out), before);
}

#[test]
fn command_line() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("synth");
    let run = || {
        Command::new(env!("CARGO_BIN_EXE_siglip"))
            .args(["data", "synth", "--out", out.to_str().unwrap()])
            .args(["--count", "6", "--val-count", "2", "--seed", "1"])
            .env("SIGLIP_LOG", "error")
            .output()
            .unwrap()
    };
    let first = run();
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    let stdout = String::from_utf8(first.stdout).unwrap();
    assert!(
        stdout.contains("wrote 6 training examples into 4 shards and 2 held-out examples"),
        "{stdout}"
    );
    let again = run();
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("is not empty"));
}

/// `max_aspect`: each image's width:height is drawn within [1/3, 3] with its shorter side
/// `image_size`, and the scenes (so the captions) are the square set's.
#[test]
fn non_square_images_keep_the_square_sets_captions() {
    use siglip::data::synth::{example, Split};
    let square = config(40, 3);
    let wide = SynthConfig {
        max_aspect: 3.0,
        ..square.clone()
    };
    let mut shapes = BTreeSet::new();
    for i in 0..40 {
        let (scene, png) = example(&wide, Split::Train, i);
        assert_eq!(
            scene.caption(),
            example(&square, Split::Train, i).0.caption()
        );
        let image = image::load_from_memory(&png).unwrap();
        let (w, h) = (image.width(), image.height());
        assert_eq!((w, h), (scene.width, scene.height));
        assert_eq!(w.min(h), 48, "{w}×{h}");
        assert!(w.max(h) <= 144, "{w}×{h}");
        shapes.insert((w > h, w < h));
    }
    // Landscape and portrait images both occur.
    assert!(shapes.contains(&(true, false)) && shapes.contains(&(false, true)));
}
