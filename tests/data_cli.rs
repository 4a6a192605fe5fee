//! `siglip data build|stats` and `siglip tokenizer train|encode` end to end.

mod common;
use common::siglip;

use std::path::Path;

fn write_png(path: &Path, width: u32, shade: u8) {
    image::RgbImage::from_pixel(width, 10, image::Rgb([shade, 100, 50]))
        .save(path)
        .unwrap();
}

#[test]
fn build_stats_and_tokenizer_commands() {
    let dir = tempfile::tempdir().unwrap();
    let images = dir.path().join("img");
    std::fs::create_dir(&images).unwrap();
    let mut lines = Vec::new();
    for i in 0..6u32 {
        write_png(&images.join(format!("{i}.png")), 20 + i, i as u8 * 30);
        lines.push(format!(
            r#"{{"image": "{i}.png", "captions": ["picture {i}", "another view"]}}"#
        ));
    }
    std::fs::write(images.join("broken.png"), b"not a png").unwrap();
    lines.push(r#"{"image": "broken.png", "caption": "broken"}"#.into());
    let captions = dir.path().join("caps.jsonl");
    std::fs::write(&captions, lines.join("\n")).unwrap();
    let shards = dir.path().join("shards");
    let s = |p: &Path| p.to_str().unwrap().to_string();

    let built = siglip(&[
        "data",
        "build",
        "--images",
        &s(&images),
        "--captions",
        &s(&captions),
        "--out",
        &s(&shards),
        "--shards",
        "2",
    ]);
    assert!(built.contains("wrote 7 records into 2 shards"), "{built}");

    let stats = siglip(&["data", "stats", &s(&shards)]);
    assert!(stats.contains("records:  7"), "{stats}");
    assert!(
        stats.contains("captions: 13 (per record min 1, max 2)"),
        "{stats}"
    );
    assert!(stats.contains("smallest 20x10, largest 25x10"), "{stats}");
    assert!(
        stats.contains("failures: 1 ") && stats.contains("bad image: 1"),
        "{stats}"
    );

    let tokenizer = dir.path().join("tok.json");
    let trained = siglip(&[
        "tokenizer",
        "train",
        "--captions",
        &s(&captions),
        "--vocab",
        "30",
        "--out",
        &s(&tokenizer),
    ]);
    assert!(trained.contains("trained on 13 captions"), "{trained}");
    let encoded = siglip(&[
        "tokenizer",
        "encode",
        "--tokenizer",
        &s(&tokenizer),
        "--max-len",
        "6",
        "picture",
    ]);
    let ids = encoded.lines().next().unwrap();
    assert!(ids.starts_with('[') && ids.ends_with(", 1]"), "{encoded}");
    assert_eq!(ids.matches(',').count(), 5, "{encoded}");
}

#[test]
fn stats_count_images_with_alpha() {
    let dir = tempfile::tempdir().unwrap();
    let images = dir.path().join("img");
    std::fs::create_dir(&images).unwrap();
    image::RgbaImage::from_pixel(3, 3, image::Rgba([1, 2, 3, 0]))
        .save(images.join("rgba.png"))
        .unwrap();
    image::GrayAlphaImage::from_pixel(3, 3, image::LumaA([9, 200]))
        .save(images.join("grey_alpha.png"))
        .unwrap();
    write_png(&images.join("rgb.png"), 3, 7);
    let captions = dir.path().join("caps.csv");
    std::fs::write(
        &captions,
        "image,caption\nrgba.png,a\ngrey_alpha.png,b\nrgb.png,c\n",
    )
    .unwrap();
    let shards = dir.path().join("shards");
    let s = |p: &Path| p.to_str().unwrap().to_string();
    siglip(&[
        "data",
        "build",
        "--images",
        &s(&images),
        "--captions",
        &s(&captions),
        "--out",
        &s(&shards),
    ]);
    let stats = siglip(&["data", "stats", &s(&shards)]);
    assert!(stats.contains("records:  3"), "{stats}");
    assert!(stats.contains("; 2 with alpha"), "{stats}");
}
