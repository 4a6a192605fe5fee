//! TFRecord framing, CRCs, tf.Example parsing, shard building and corruption recovery.

use std::collections::BTreeMap;
use std::path::Path;

use prost::Message;
use siglip::data::build::{build_shards, read_annotations, Annotation, FILENAME_KEY};
use siglip::data::example::{Example, FeatureKind, RawExample};
use siglip::data::tfrecord::{frame_record, mask_crc, masked_crc32c, RecordFile, RecordWriter};
use siglip::data::{BadKind, FeatureKeys};

const REFERENCE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/data/reference.tfrecord"
);

#[test]
#[allow(clippy::manual_rotate)] // the mask spelled as TensorFlow documents it, as a reference
fn crc32c_and_mask_match_known_values() {
    // CRC-32C check value of the Castagnoli polynomial, and RFC 3720's 32 zero bytes.
    assert_eq!(crc32c::crc32c(b"123456789"), 0xe306_9283);
    assert_eq!(crc32c::crc32c(&[0u8; 32]), 0x8a91_36aa);
    // Masked values as computed by TensorBoard's independent Python implementation.
    assert_eq!(masked_crc32c(b"123456789"), 0xc78a_b0e5);
    assert_eq!(masked_crc32c(b""), 0xa282_ead8);
    assert_eq!(masked_crc32c(&[0u8; 32]), 0x0fd7_fffa);
    // The mask by hand: rotate right 15, add 0xa282ead8 (mod 2^32).
    let crc = 0xe306_9283u32;
    assert_eq!(
        mask_crc(crc),
        ((crc >> 15) | (crc << 17)).wrapping_add(0xa282_ead8)
    );
}

#[test]
fn reads_a_file_written_by_tensorboard_and_protobuf() {
    let file = RecordFile::open(Path::new(REFERENCE)).unwrap();
    let records: Vec<(u64, Vec<u8>)> = file
        .read_all()
        .unwrap()
        .into_iter()
        .map(Result::unwrap)
        .collect();
    assert_eq!(records.len(), 2);
    // Re-framing the payloads reproduces the reference file byte for byte.
    let reframed: Vec<u8> = records.iter().flat_map(|(_, p)| frame_record(p)).collect();
    assert_eq!(reframed, std::fs::read(REFERENCE).unwrap());
    assert_eq!(records[0].0, 0);
    assert_eq!(records[1].0, 12 + records[0].1.len() as u64 + 4);

    let keys = FeatureKeys {
        label: Some("label".into()),
        ..FeatureKeys::default()
    };
    let first = RawExample::parse(&records[0].1, &keys).unwrap();
    assert_eq!(first.image, b"\x00\x01\x02fake image bytes\xff");
    assert_eq!(first.captions, vec!["a red square", "un carré rouge"]);
    assert_eq!(first.label, Some(7));
    let second = RawExample::parse(&records[1].1, &keys).unwrap();
    assert_eq!(second.image, (0..=255u8).collect::<Vec<_>>());
    assert_eq!(second.captions, vec!["second"]);
    assert_eq!(second.label, Some(-3));

    let example = Example::decode(records[0].1.as_slice()).unwrap();
    match &example.feature("score").unwrap().kind {
        Some(FeatureKind::FloatList(list)) => assert_eq!(list.value, vec![0.5, -2.0]),
        other => panic!("score should be a float list, got {other:?}"),
    }
}

#[test]
fn missing_or_mistyped_features_are_errors() {
    let payload = std::fs::read(REFERENCE).unwrap();
    let first = &payload[12..12 + u64::from_le_bytes(payload[..8].try_into().unwrap()) as usize];
    let missing = FeatureKeys {
        caption: "nope".into(),
        ..FeatureKeys::default()
    };
    assert!(RawExample::parse(first, &missing)
        .unwrap_err()
        .to_string()
        .contains("missing feature `nope`"));
    let wrong = FeatureKeys {
        label: Some("caption".into()),
        ..FeatureKeys::default()
    };
    assert!(RawExample::parse(first, &wrong)
        .unwrap_err()
        .to_string()
        .contains("int64_list"));
    assert!(RawExample::parse(b"\xff\xff\xff", &FeatureKeys::default()).is_err());
}

fn png(width: u32, height: u32, seed: u8) -> Vec<u8> {
    let image = image::RgbImage::from_fn(width, height, |x, y| {
        image::Rgb([x as u8 ^ seed, y as u8, seed.wrapping_mul(3)])
    });
    let mut out = std::io::Cursor::new(Vec::new());
    image.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

fn jpeg(width: u32, height: u32, seed: u8) -> Vec<u8> {
    let image = image::RgbImage::from_fn(width, height, |x, y| {
        image::Rgb([(x * 4) as u8, (y * 4) as u8, seed])
    });
    let mut out = std::io::Cursor::new(Vec::new());
    image.write_to(&mut out, image::ImageFormat::Jpeg).unwrap();
    out.into_inner()
}

#[test]
fn build_then_read_back_gives_identical_bytes_and_captions() {
    let dir = tempfile::tempdir().unwrap();
    let images = dir.path().join("images");
    std::fs::create_dir(&images).unwrap();
    let mut expected = BTreeMap::new();
    for i in 0..7u8 {
        let (name, bytes) = if i % 2 == 0 {
            (format!("img{i}.png"), png(8 + i as u32, 6, i))
        } else {
            (format!("img{i}.jpg"), jpeg(16, 8 + i as u32, i))
        };
        std::fs::write(images.join(&name), &bytes).unwrap();
        expected.insert(name, bytes);
    }
    // CSV with quoting and two captions for one image; one row names a missing image.
    let csv = dir.path().join("captions.csv");
    std::fs::write(
        &csv,
        "image,caption,label\n\
         img0.png,\"a cat, sitting\",0\n\
         img0.png,\"the \"\"best\"\" cat\",0\n\
         img1.jpg,dog,1\nimg2.png,bird,2\nimg3.jpg,fish,3\nimg4.png,cow,4\n\
         img5.jpg,ant,5\nimg6.png,bee,6\nmissing.png,ghost,9\n",
    )
    .unwrap();
    let annotations = read_annotations(&csv).unwrap();
    assert_eq!(
        annotations["img0.png"],
        Annotation {
            captions: vec!["a cat, sitting".into(), "the \"best\" cat".into()],
            label: Some(0)
        }
    );
    let keys = FeatureKeys {
        label: Some("label".into()),
        ..FeatureKeys::default()
    };
    let out = dir.path().join("shards");
    let report = build_shards(&images, &annotations, &out, 3, &keys, false).unwrap();
    assert_eq!(report.missing_images, vec!["missing.png"]);
    assert_eq!(
        report.shards.iter().map(|s| s.1).collect::<Vec<_>>(),
        vec![3, 2, 2]
    );

    let mut seen = BTreeMap::new();
    for (path, _) in &report.shards {
        for record in RecordFile::open(path).unwrap().read_all().unwrap() {
            let (_, payload) = record.unwrap();
            let raw = RawExample::parse(&payload, &keys).unwrap();
            let example = Example::decode(payload.as_slice()).unwrap();
            let name = match &example.feature(FILENAME_KEY).unwrap().kind {
                Some(FeatureKind::BytesList(l)) => String::from_utf8(l.value[0].clone()).unwrap(),
                other => panic!("filename feature: {other:?}"),
            };
            assert_eq!(raw.captions, annotations[&name].captions);
            assert_eq!(raw.label, annotations[&name].label);
            seen.insert(name, raw.image);
        }
    }
    assert_eq!(seen, expected);

    // The same build from JSONL gives the same records.
    let jsonl = dir.path().join("captions.jsonl");
    let lines: Vec<String> = annotations
        .iter()
        .map(|(name, a)| {
            serde_json::json!({"image": name, "captions": a.captions, "label": a.label}).to_string()
        })
        .collect();
    std::fs::write(&jsonl, lines.join("\n")).unwrap();
    assert_eq!(read_annotations(&jsonl).unwrap(), annotations);
}

/// Five records of distinct payloads; returns the file and each record's header offset.
fn five_records(dir: &Path) -> (std::path::PathBuf, Vec<u64>) {
    let path = dir.join("five.tfrecord");
    let mut writer = RecordWriter::new(Vec::new());
    let mut offsets = Vec::new();
    let mut at = 0u64;
    for i in 0..5u8 {
        offsets.push(at);
        let payload = vec![i; 10 + i as usize];
        at += 16 + payload.len() as u64;
        writer.write_record(&payload).unwrap();
    }
    std::fs::write(&path, writer.finish().unwrap()).unwrap();
    (path, offsets)
}

fn good_payload_firsts(path: &Path) -> (Vec<u8>, Vec<(BadKind, u64)>) {
    let mut good = Vec::new();
    let mut bad = Vec::new();
    for item in RecordFile::open(path).unwrap().read_all().unwrap() {
        match item {
            Ok((_, payload)) => good.push(payload[0]),
            Err(b) => bad.push((b.kind, b.offset)),
        }
    }
    (good, bad)
}

fn flip_byte(path: &Path, at: u64) {
    let mut bytes = std::fs::read(path).unwrap();
    bytes[at as usize] ^= 0x40;
    std::fs::write(path, bytes).unwrap();
}

#[test]
fn a_flipped_data_byte_skips_exactly_that_record() {
    let dir = tempfile::tempdir().unwrap();
    let (path, offsets) = five_records(dir.path());
    flip_byte(&path, offsets[2] + 12 + 3);
    let (good, bad) = good_payload_firsts(&path);
    assert_eq!(good, vec![0, 1, 3, 4]);
    assert_eq!(bad, vec![(BadKind::DataCrc, offsets[2])]);
    let err = RecordFile::open(&path)
        .unwrap()
        .read_record(offsets[2])
        .unwrap_err();
    assert!(
        err.to_string()
            .contains(&format!("byte offset {}", offsets[2])),
        "{err}"
    );
    assert!(err.to_string().contains("five.tfrecord"), "{err}");
}

#[test]
fn a_flipped_length_byte_resyncs_at_the_next_record() {
    let dir = tempfile::tempdir().unwrap();
    let (path, offsets) = five_records(dir.path());
    flip_byte(&path, offsets[1] + 2);
    let (good, bad) = good_payload_firsts(&path);
    assert_eq!(good, vec![0, 2, 3, 4]);
    assert_eq!(bad, vec![(BadKind::LengthCrc, offsets[1])]);
    // The header-only scan agrees.
    let scan = RecordFile::open(&path).unwrap().scan_headers().unwrap();
    let spans: Vec<u64> = scan
        .iter()
        .filter_map(|s| s.as_ref().ok().map(|s| s.offset))
        .collect();
    assert_eq!(spans, vec![offsets[0], offsets[2], offsets[3], offsets[4]]);
}

#[test]
fn a_truncated_file_keeps_the_complete_records() {
    let dir = tempfile::tempdir().unwrap();
    let (path, offsets) = five_records(dir.path());
    let bytes = std::fs::read(&path).unwrap();
    std::fs::write(&path, &bytes[..offsets[4] as usize + 20]).unwrap();
    let (good, bad) = good_payload_firsts(&path);
    assert_eq!(good, vec![0, 1, 2, 3]);
    assert_eq!(bad, vec![(BadKind::Truncated, offsets[4])]);
    // Cut inside a header too.
    std::fs::write(&path, &bytes[..offsets[3] as usize + 5]).unwrap();
    let (good, bad) = good_payload_firsts(&path);
    assert_eq!(good, vec![0, 1, 2]);
    assert_eq!(bad, vec![(BadKind::Truncated, offsets[3])]);
}
