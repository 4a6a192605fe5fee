//! The input pipeline: per-process sharding, determinism, exact resume, bad-data handling,
//! NaFlex batches.

use std::path::{Path, PathBuf};

use prost::Message;
use siglip::data::image_ops::{ImageOp, InceptionCrop, Resize, Size};
use siglip::data::naflex::NaFlexInput;
use siglip::data::pipeline::{resolve_files, ShardIndex, Sharding};
use siglip::data::text::{train_unigram, CaptionChoice};
use siglip::data::tfrecord::{frame_record, RecordWriter};
use siglip::data::{
    BadKind, Batch, DataConfig, DataError, FeatureKeys, Pipeline, PipelineState, Preprocess,
    RawExample, TextEncoderConfig, TextPadding,
};

const WORDS: [&str; 8] = ["red", "green", "blue", "cat", "dog", "tree", "house", "car"];

fn png(id: i64) -> Vec<u8> {
    let image = image::RgbImage::from_fn(12, 10, |x, y| {
        image::Rgb([id as u8, (x * 20) as u8, (y * 25) as u8])
    });
    let mut out = std::io::Cursor::new(Vec::new());
    image.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

fn keys() -> FeatureKeys {
    FeatureKeys {
        label: Some("label".into()),
        ..FeatureKeys::default()
    }
}

fn example(id: i64) -> RawExample {
    RawExample {
        image: png(id),
        captions: vec![
            format!(
                "a {} {}",
                WORDS[id as usize % 8],
                WORDS[(id as usize / 8) % 8]
            ),
            format!("the {} one", WORDS[(id as usize + 3) % 8]),
        ],
        label: Some(id),
    }
}

/// Writes `payloads` as one shard; returns each record's header offset.
fn write_shard(path: &Path, payloads: &[Vec<u8>]) -> Vec<u64> {
    let mut writer = RecordWriter::new(Vec::new());
    let mut offsets = Vec::new();
    let mut at = 0;
    for p in payloads {
        offsets.push(at);
        at += frame_record(p).len() as u64;
        writer.write_record(p).unwrap();
    }
    std::fs::write(path, writer.finish().unwrap()).unwrap();
    offsets
}

fn tokenizer(dir: &Path) -> PathBuf {
    let captions: Vec<String> = (0..64).flat_map(|i| example(i).captions).collect();
    let path = dir.join("tokenizer.json");
    train_unigram(captions.into_iter(), 40, true)
        .unwrap()
        .save(&path, false)
        .unwrap();
    path
}

/// `files` shards of `per_file` examples with labels 0.. in file-major order.
fn dataset(dir: &Path, files: usize, per_file: usize) -> PathBuf {
    let shards = dir.join("shards");
    std::fs::create_dir_all(&shards).unwrap();
    for f in 0..files {
        let payloads: Vec<Vec<u8>> = (0..per_file)
            .map(|r| {
                example((f * per_file + r) as i64)
                    .to_example(&keys())
                    .encode_to_vec()
            })
            .collect();
        write_shard(&shards.join(format!("part-{f:03}.tfrecord")), &payloads);
    }
    shards
}

fn config(dir: &Path, files: Vec<PathBuf>, batch_size: usize) -> DataConfig {
    DataConfig {
        files,
        keys: keys(),
        preprocess: Preprocess::new(vec![
            ImageOp::DECODE,
            ImageOp::InceptionCrop(InceptionCrop::to(Size::Square(6))),
            ImageOp::FlipLr,
            ImageOp::ValueRange([-1.0, 1.0]),
        ])
        .unwrap(),
        text: TextEncoderConfig {
            tokenizer: tokenizer(dir),
            max_len: 8,
            lowercase: false,
            padding: TextPadding::default(),
            caption_choice: CaptionChoice::Random,
        },
        batch_size,
        devices: 1,
        shuffle_buffer: 8,
        seed: 42,
        epochs: None,
        workers: 3,
        prefetch: 2,
        strict: false,
        embedding_dim: None,
    }
}

fn labels(batch: &Batch) -> Vec<i32> {
    batch.labels.as_ref().unwrap().to_vec::<i32>().unwrap()
}

fn take(pipeline: &mut Pipeline, n: usize) -> Vec<Batch> {
    (0..n)
        .map(|_| pipeline.next_batch().unwrap().unwrap())
        .collect()
}

#[test]
fn two_processes_see_every_record_once_per_epoch() {
    let dir = tempfile::tempdir().unwrap();
    let shards = dataset(dir.path(), 5, 6);
    let mut cfg = config(dir.path(), vec![shards.clone()], 2);
    cfg.epochs = Some(2);
    let mut per_process = Vec::new();
    for index in 0..2 {
        let mut pipeline = Pipeline::new(&cfg, Sharding { index, count: 2 }, None).unwrap();
        let mut seen = Vec::new();
        while let Some(batch) = pipeline.next_batch().unwrap() {
            assert_eq!(batch.images.shape, vec![1, 6, 6, 3]);
            seen.extend(labels(&batch));
        }
        per_process.push(seen);
    }
    // Files 0, 2, 4 (labels 0-5, 12-17, 24-29) go to process 0; files 1, 3 to process 1.
    let file_of = |label: &i32| *label as usize / 6;
    assert!(per_process[0].iter().all(|l| file_of(l) % 2 == 0));
    assert!(per_process[1].iter().all(|l| file_of(l) % 2 == 1));
    assert_eq!(per_process[0].len(), 36);
    assert_eq!(per_process[1].len(), 24);
    // Each epoch of each process is a permutation of its records; together: all 30 once.
    let mut epoch0: Vec<i32> = per_process[0][..18]
        .iter()
        .chain(&per_process[1][..12])
        .copied()
        .collect();
    let mut epoch1: Vec<i32> = per_process[0][18..]
        .iter()
        .chain(&per_process[1][12..])
        .copied()
        .collect();
    assert_ne!(epoch0, epoch1, "epochs should be shuffled differently");
    epoch0.sort();
    epoch1.sort();
    assert_eq!(epoch0, (0..30).collect::<Vec<_>>());
    assert_eq!(epoch1, (0..30).collect::<Vec<_>>());

    // The index agrees: epoch orders of the two processes partition the records.
    let files = resolve_files(&[shards]).unwrap();
    let mut all = Vec::new();
    for index in 0..2 {
        let idx = ShardIndex::build(&files, Sharding { index, count: 2 }, true).unwrap();
        for r in idx.epoch_order(42, 0, 8) {
            all.push((idx.path(r).to_path_buf(), r.offset));
        }
    }
    let n = all.len();
    all.sort();
    all.dedup();
    assert_eq!((n, all.len()), (30, 30));
}

#[test]
fn more_processes_than_files_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let shards = dataset(dir.path(), 2, 2);
    let cfg = config(dir.path(), vec![shards], 3);
    let err = Pipeline::new(&cfg, Sharding { index: 2, count: 3 }, None)
        .err()
        .unwrap();
    assert!(
        err.to_string().contains("cannot feed process 2 of 3"),
        "{err}"
    );
}

#[test]
fn output_does_not_depend_on_worker_count() {
    let dir = tempfile::tempdir().unwrap();
    let shards = dataset(dir.path(), 3, 7);
    let mut cfg = config(dir.path(), vec![shards], 4);
    cfg.workers = 1;
    let one = take(&mut Pipeline::new(&cfg, Sharding::SINGLE, None).unwrap(), 8);
    cfg.workers = 4;
    let four = take(&mut Pipeline::new(&cfg, Sharding::SINGLE, None).unwrap(), 8);
    assert_eq!(one, four);
    // A different seed gives a different order.
    cfg.seed = 43;
    let other = take(&mut Pipeline::new(&cfg, Sharding::SINGLE, None).unwrap(), 8);
    assert_ne!(
        one.iter().map(labels).collect::<Vec<_>>(),
        other.iter().map(labels).collect::<Vec<_>>()
    );
}

#[test]
fn resume_mid_epoch_continues_with_the_next_batch() {
    let dir = tempfile::tempdir().unwrap();
    let shards = dataset(dir.path(), 3, 7); // 21 records: 4-batches cross epoch boundaries
    let cfg = config(dir.path(), vec![shards], 4);
    let reference = take(
        &mut Pipeline::new(&cfg, Sharding::SINGLE, None).unwrap(),
        14,
    );
    for k in [1, 5, 6] {
        let mut first = Pipeline::new(&cfg, Sharding::SINGLE, None).unwrap();
        let head = take(&mut first, k);
        let saved = serde_json::to_string(&first.state()).unwrap();
        drop(first);
        let state: PipelineState = serde_json::from_str(&saved).unwrap();
        assert_eq!(state.batches, k as u64);
        let mut resumed = Pipeline::new(&cfg, Sharding::SINGLE, Some(state)).unwrap();
        let tail = take(&mut resumed, 14 - k);
        assert_eq!(head, reference[..k]);
        assert_eq!(tail, reference[k..], "resume after {k} batches");
    }
    // Every record appears once in each epoch of the reference stream (21 per epoch).
    let stream: Vec<i32> = reference.iter().flat_map(labels).collect();
    let mut epoch1 = stream[21..42].to_vec();
    epoch1.sort();
    assert_eq!(epoch1, (0..21).collect::<Vec<_>>());
}

#[test]
fn state_for_another_seed_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let shards = dataset(dir.path(), 1, 4);
    let mut cfg = config(dir.path(), vec![shards], 2);
    let mut p = Pipeline::new(&cfg, Sharding::SINGLE, None).unwrap();
    take(&mut p, 1);
    let state = p.state();
    cfg.seed += 1;
    assert!(Pipeline::new(&cfg, Sharding::SINGLE, Some(state)).is_err());
}

#[test]
fn batches_split_evenly_over_devices() {
    let dir = tempfile::tempdir().unwrap();
    let shards = dataset(dir.path(), 2, 4);
    let mut cfg = config(dir.path(), vec![shards], 4);
    cfg.devices = 2;
    let mut pipeline = Pipeline::new(&cfg, Sharding::SINGLE, None).unwrap();
    let whole = pipeline.next_batch().unwrap().unwrap();
    let parts = whole.split(2).unwrap();
    assert_eq!(parts[0].images.shape, vec![2, 6, 6, 3]);
    assert_eq!(parts[1].tokens.shape, vec![2, 8]);
    assert_eq!(labels(&parts[0]), labels(&whole)[..2]);
    assert_eq!(labels(&parts[1]), labels(&whole)[2..]);
    let joined: Vec<u8> = parts.iter().flat_map(|p| p.images.data.clone()).collect();
    assert_eq!(joined, whole.images.data);
    assert!(whole.split(3).is_err());
    let next = pipeline.next_device_batches().unwrap().unwrap();
    assert_eq!(next.len(), 2);
}

/// File A: 6 records with a flipped data byte in record 2, garbage image in 4, no caption in 5.
/// File B: 3 good records, truncated inside the last. Labels 0-5 and 10-12.
fn corrupt_dataset(dir: &Path) -> (PathBuf, Vec<u64>, PathBuf, Vec<u64>) {
    let a = dir.join("a.tfrecord");
    let mut payloads: Vec<Vec<u8>> = (0..6)
        .map(|i| example(i).to_example(&keys()).encode_to_vec())
        .collect();
    let mut garbage = example(4);
    garbage.image = b"not an image at all".to_vec();
    payloads[4] = garbage.to_example(&keys()).encode_to_vec();
    let mut no_caption = example(5).to_example(&keys());
    no_caption
        .features
        .as_mut()
        .unwrap()
        .feature
        .remove("caption");
    payloads[5] = no_caption.encode_to_vec();
    let a_offsets = write_shard(&a, &payloads);
    let mut bytes = std::fs::read(&a).unwrap();
    bytes[a_offsets[2] as usize + 40] ^= 0x01;
    std::fs::write(&a, bytes).unwrap();

    let b = dir.join("b.tfrecord");
    let payloads: Vec<Vec<u8>> = (10..13)
        .map(|i| example(i).to_example(&keys()).encode_to_vec())
        .collect();
    let b_offsets = write_shard(&b, &payloads);
    let bytes = std::fs::read(&b).unwrap();
    std::fs::write(&b, &bytes[..b_offsets[2] as usize + 30]).unwrap();
    (a, a_offsets, b, b_offsets)
}

#[test]
fn bad_records_are_skipped_counted_and_located() {
    let dir = tempfile::tempdir().unwrap();
    let (a, a_offsets, b, b_offsets) = corrupt_dataset(dir.path());
    let mut cfg = config(dir.path(), vec![a.clone(), b.clone()], 1);
    cfg.shuffle_buffer = 0;
    cfg.epochs = Some(1);
    let mut pipeline = Pipeline::new(&cfg, Sharding::SINGLE, None).unwrap();
    let mut seen = Vec::new();
    while let Some(batch) = pipeline.next_batch().unwrap() {
        seen.extend(labels(&batch));
    }
    assert_eq!(seen, vec![0, 1, 3, 10, 11]);
    let counts = pipeline.bad_counts();
    assert_eq!(counts.total(), 4);
    for kind in [
        BadKind::DataCrc,
        BadKind::Image,
        BadKind::Example,
        BadKind::Truncated,
    ] {
        assert_eq!(counts.get(kind), 1, "{kind}");
    }
    let mut located: Vec<(PathBuf, u64, BadKind)> = pipeline
        .bad_records()
        .into_iter()
        .map(|b| (b.path, b.offset, b.kind))
        .collect();
    located.sort_by_key(|l| (l.0.clone(), l.1));
    assert_eq!(
        located,
        vec![
            (a.clone(), a_offsets[2], BadKind::DataCrc),
            (a.clone(), a_offsets[4], BadKind::Image),
            (a.clone(), a_offsets[5], BadKind::Example),
            (b.clone(), b_offsets[2], BadKind::Truncated),
        ]
    );
}

#[test]
fn strict_mode_stops_at_the_first_bad_record() {
    let dir = tempfile::tempdir().unwrap();
    let (a, a_offsets, b, b_offsets) = corrupt_dataset(dir.path());
    let mut cfg = config(dir.path(), vec![b.clone()], 1);
    cfg.shuffle_buffer = 0;
    cfg.strict = true;
    // The truncated tail is found while indexing.
    let err = Pipeline::new(&cfg, Sharding::SINGLE, None).err().unwrap();
    let msg = err.to_string();
    assert!(matches!(err, DataError::BadRecord(_)));
    assert!(
        msg.contains("b.tfrecord") && msg.contains(&format!("byte offset {}", b_offsets[2])),
        "{msg}"
    );
    // The bad data CRC is found when read: two good batches, then the error.
    cfg.files = vec![a];
    let mut pipeline = Pipeline::new(&cfg, Sharding::SINGLE, None).unwrap();
    take(&mut pipeline, 2);
    let msg = pipeline.next_batch().unwrap_err().to_string();
    assert!(
        msg.contains("a.tfrecord") && msg.contains(&format!("byte offset {}", a_offsets[2])),
        "{msg}"
    );
    assert!(msg.contains("bad data crc"), "{msg}");
}

#[test]
fn config_loads_from_yaml() {
    let yaml = "
files: [data/train]
keys: {image: jpg, caption: txt}
preprocess:
  - decode
  - resize: 256
  - central_crop: [224, 200]
  - flip_lr
  - value_range: [-1, 1]
text: {tokenizer: tok.json, max_len: 16, lowercase: true}
batch_size: 32
devices: 4
seed: 3
strict: true
";
    let cfg: DataConfig = serde_yaml::from_str(yaml).unwrap();
    assert_eq!(cfg.preprocess.output_size(), Some((224, 200)));
    assert_eq!(
        cfg.preprocess.ops()[1],
        ImageOp::Resize(Resize::to(Size::Square(256)))
    );
    assert_eq!(cfg.keys.image, "jpg");
    assert_eq!(cfg.text.max_len, 16);
    assert_eq!(
        (cfg.devices, cfg.shuffle_buffer, cfg.strict),
        (4, 10_000, true)
    );
    // Ops that fix no size suit a NaFlex model only; a pipeline of square images refuses them
    // before it reads anything.
    let bad = "files: []\npreprocess: [decode, flip_lr]\ntext: {tokenizer: t}\nbatch_size: 1\n";
    let mut bad: DataConfig = serde_yaml::from_str(bad).unwrap();
    let dir = tempfile::tempdir().unwrap();
    bad.text.tokenizer = tokenizer(dir.path());
    let err = Pipeline::new(&bad, Sharding::SINGLE, None)
        .err()
        .unwrap()
        .to_string();
    assert!(err.contains("fixed size"), "{err}");
}

#[test]
fn an_epoch_without_usable_records_is_an_error_not_a_hang() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("all-bad.tfrecord");
    let payloads: Vec<Vec<u8>> = (0..3)
        .map(|i| {
            let mut raw = example(i);
            raw.image = b"garbage".to_vec();
            raw.to_example(&keys()).encode_to_vec()
        })
        .collect();
    write_shard(&path, &payloads);
    let cfg = config(dir.path(), vec![path], 2);
    let mut pipeline = Pipeline::new(&cfg, Sharding::SINGLE, None).unwrap();
    let err = pipeline.next_batch().unwrap_err().to_string();
    assert!(err.contains("epoch 0 had no usable records"), "{err}");
    assert_eq!(pipeline.bad_counts().get(BadKind::Image), 3);
}

/// NaFlex batches: each image cropped (at random) in its original pixels, then resized within
/// the patch budget keeping the crop's aspect ratio and packed (patches, position-embedding map,
/// mask), as the train step takes them.
#[test]
fn naflex_batches_keep_the_crops_aspect_ratio() {
    let dir = tempfile::tempdir().unwrap();
    let shards = dataset(dir.path(), 1, 8);
    let input = NaFlexInput {
        patch: 2,
        max_num_patches: 20,
        posemb_grid: 3,
    };
    let mut cfg = config(dir.path(), vec![shards], 4);
    // A random 10×4 (portrait) crop of the 10×12 (landscape) images, flipped half the time.
    cfg.preprocess = Preprocess::new(vec![
        ImageOp::DECODE,
        ImageOp::RandomCrop(Size::HeightWidth([10, 4])),
        ImageOp::FlipLr,
        ImageOp::ValueRange([-1.0, 1.0]),
    ])
    .unwrap()
    .with_naflex(input);
    let batch = Pipeline::new(&cfg, Sharding::SINGLE, None)
        .unwrap()
        .next_batch()
        .unwrap()
        .unwrap();
    assert_eq!(batch.images.shape, [4, 20, input.packed_width() as i64]);
    let (patches, resize, mask) = input.split(&batch.images).unwrap();
    // The largest scale s with ceil(10s/2)·ceil(4s/2) ≤ 20 is 1.2: 6×3 = 18 patches (just above
    // it, 7×3 = 21), so every image is 12×6 px, still portrait.
    let mask = mask.to_vec::<i32>().unwrap();
    let (patches, resize) = (patches.to_f64_lossy(), resize.to_f64_lossy());
    for (i, real) in mask.chunks(20).enumerate() {
        assert_eq!(real, [[1; 18].as_slice(), &[0; 2]].concat(), "image {i}");
        for (j, &m) in real.iter().enumerate() {
            let row = &resize[(i * 20 + j) * 9..][..9];
            let pixels = &patches[(i * 20 + j) * 12..][..12];
            if m == 1 {
                // Each real patch's position embedding is a weighted mean of the 3×3 grid.
                assert!((row.iter().sum::<f64>() - 1.0).abs() < 1e-6, "{row:?}");
                assert!(pixels.iter().all(|v| (-1.0..=1.0).contains(v)));
            } else {
                assert!(row.iter().chain(pixels).all(|&v| v == 0.0));
            }
        }
    }
    // A value range other than NaFlex's own [-1, 1] is refused before anything is read.
    cfg.preprocess = Preprocess::new(vec![ImageOp::DECODE, ImageOp::ValueRange([0.0, 1.0])])
        .unwrap()
        .with_naflex(input);
    let err = Pipeline::new(&cfg, Sharding::SINGLE, None)
        .err()
        .unwrap()
        .to_string();
    assert!(err.contains("value_range [0.0, 1.0]"), "{err}");
}

/// Flipping an image before the NaFlex resize mirrors its patch grid and each patch's pixels,
/// while every position keeps its position embedding: `flip_lr` and NaFlex agree.
#[test]
fn a_flip_before_naflex_mirrors_the_patch_grid() {
    let input = NaFlexInput {
        patch: 2,
        max_num_patches: 20,
        posemb_grid: 3,
    };
    let mut r = rand::rngs::mock::StepRng::new(0, 0);
    let image = image::RgbImage::from_fn(12, 10, |x, y| {
        image::Rgb([
            (x * 21) as u8,
            (y * 25 + x * x) as u8,
            ((x * y * 7) % 256) as u8,
        ])
    });
    let png = |image: &image::RgbImage| {
        let mut out = std::io::Cursor::new(Vec::new());
        image.write_to(&mut out, image::ImageFormat::Png).unwrap();
        out.into_inner()
    };
    let pre = Preprocess::new(vec![ImageOp::DECODE])
        .unwrap()
        .with_naflex(input);
    let plain = pre.run(&png(&image), &mut r).unwrap();
    let flipped = pre
        .run(&png(&image::imageops::flip_horizontal(&image)), &mut r)
        .unwrap();
    // 10×12 px within 20 patches of 2 px: 4×5 patches.
    let (rows, cols, width) = (4, 5, input.packed_width());
    let mut worst = 0f32;
    for n in 0..20 {
        let (a, b) = (&plain[n * width..][..width], &flipped[n * width..][..width]);
        // Position maps and the mask follow the position, not the content.
        assert_eq!(a[12..], b[12..], "patch {n}");
        if n >= rows * cols {
            continue;
        }
        let (row, col) = (n / cols, n % cols);
        let mirror = &plain[(row * cols + cols - 1 - col) * width..][..12];
        for y in 0..2 {
            for x in 0..2 {
                for c in 0..3 {
                    let d = b[(y * 2 + x) * 3 + c] - mirror[(y * 2 + 1 - x) * 3 + c];
                    worst = worst.max(d.abs());
                }
            }
        }
    }
    // PIL's fixed-point weights may round a mirrored pixel to the next 8-bit level.
    assert!(worst <= 2.0 / 255.0 + 1e-6, "worst {worst}");
}
