//! Image preprocessing ops against hand-computed pixels.

use image::{Rgb, Rgb32FImage, RgbImage, Rgba, RgbaImage};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use siglip::data::image_ops::{
    central_crop, decode, resize, ColorJitter, ImageOp, InceptionCrop, Resize, ResizeOutput, Size,
    WHITE,
};
use siglip::data::Preprocess;

/// Pixel (x, y) = [x, y, 10x + y]: every value says where it came from.
fn coded8(width: u32, height: u32) -> RgbImage {
    RgbImage::from_fn(width, height, |x, y| {
        Rgb([x as u8, y as u8, (10 * x + y) as u8])
    })
}

fn float(image: &RgbImage) -> Rgb32FImage {
    let values = image.as_raw().iter().map(|&v| v as f32).collect();
    Rgb32FImage::from_raw(image.width(), image.height(), values).unwrap()
}

fn coded(width: u32, height: u32) -> Rgb32FImage {
    float(&coded8(width, height))
}

fn resize_op(size: Size) -> ImageOp {
    ImageOp::Resize(Resize::to(size))
}

fn ops(list: Vec<ImageOp>) -> Preprocess {
    Preprocess::new(list).unwrap()
}

fn rng(seed: u64) -> ChaCha8Rng {
    ChaCha8Rng::seed_from_u64(seed)
}

#[test]
fn value_range_maps_0_to_low_and_255_to_high() {
    let image = RgbImage::from_raw(3, 1, vec![0, 255, 51, 102, 204, 0, 255, 255, 255]).unwrap();
    let p = ops(vec![
        ImageOp::DECODE,
        resize_op(Size::HeightWidth([1, 3])),
        ImageOp::ValueRange([-1.0, 1.0]),
    ]);
    let out = p.run_decoded(float(&image), &mut rng(0)).unwrap();
    let expected = [-1.0, 1.0, -0.6, -0.2, 0.6, -1.0, 1.0, 1.0, 1.0];
    for (got, want) in out.iter().zip(expected) {
        assert!((got - want).abs() < 1e-6, "{got} vs {want}");
    }
    assert_eq!(out[0], -1.0);
    assert_eq!(out[1], 1.0);
    // Without value_range the raw 0..255 values come out.
    let raw = ops(vec![ImageOp::DECODE, resize_op(Size::HeightWidth([1, 3]))]);
    assert_eq!(
        raw.run_decoded(float(&image), &mut rng(0)).unwrap()[..3],
        [0.0, 255.0, 51.0]
    );
}

#[test]
fn central_crop_picks_the_middle_pixels() {
    // 7 wide, 6 high, crop 3 high x 4 wide: left = (7-4)/2 = 1, top = (6-3)/2 = 1.
    let crop = central_crop(&coded(7, 6), (3, 4)).unwrap();
    assert_eq!(crop.dimensions(), (4, 3));
    assert_eq!(crop.get_pixel(0, 0), &Rgb([1.0, 1.0, 11.0]));
    assert_eq!(crop.get_pixel(3, 2), &Rgb([4.0, 3.0, 43.0]));
    let p = ops(vec![
        ImageOp::DECODE,
        ImageOp::CentralCrop(Size::HeightWidth([3, 4])),
    ]);
    let out = p.run_decoded(coded(7, 6), &mut rng(0)).unwrap();
    assert_eq!(out.len(), 3 * 4 * 3);
    // Row 1 (y = 2), column 2 (x = 3), NHWC order.
    let at = (4 + 2) * 3;
    assert_eq!(out[at..at + 3], [3.0, 2.0, 32.0]);
    assert!(central_crop(&coded(3, 3), (4, 4)).is_err());
}

#[test]
fn flip_lr_mirrors_or_keeps_and_does_both() {
    let p = ops(vec![
        ImageOp::DECODE,
        resize_op(Size::HeightWidth([2, 3])),
        ImageOp::FlipLr,
    ]);
    let original: Vec<f32> = coded(3, 2).into_raw();
    // Mirror by hand: x -> 2 - x.
    let mirrored: Vec<f32> = RgbImage::from_fn(3, 2, |x, y| *coded8(3, 2).get_pixel(2 - x, y))
        .as_raw()
        .iter()
        .map(|&v| v as f32)
        .collect();
    assert_eq!(mirrored[..3], [2.0, 0.0, 20.0]);
    let (mut flips, mut keeps) = (0, 0);
    for seed in 0..40 {
        let out = p.run_decoded(coded(3, 2), &mut rng(seed)).unwrap();
        if out == mirrored {
            flips += 1;
        } else {
            assert_eq!(out, original);
            keeps += 1;
        }
    }
    assert!(flips > 5 && keeps > 5, "flips {flips}, keeps {keeps}");
}

#[test]
fn random_crop_is_a_window_of_the_image() {
    let p = ops(vec![ImageOp::DECODE, ImageOp::RandomCrop(Size::Square(2))]);
    let mut corners = std::collections::BTreeSet::new();
    for seed in 0..50 {
        let out = p.run_decoded(coded(4, 3), &mut rng(seed)).unwrap();
        let (x0, y0) = (out[0] as u32, out[1] as u32);
        // The window is contiguous: pixel (1, 1) of the crop is (x0 + 1, y0 + 1) of the image.
        assert_eq!(
            out[9..12],
            [
                (x0 + 1) as f32,
                (y0 + 1) as f32,
                (10 * (x0 + 1) + y0 + 1) as f32
            ]
        );
        corners.insert((x0, y0));
    }
    assert_eq!(
        corners.len(),
        3 * 2,
        "all {corners:?} positions should occur"
    );
}

#[test]
fn inception_crop_outputs_the_size_and_covers_a_sub_box() {
    let p = ops(vec![
        ImageOp::DECODE,
        ImageOp::InceptionCrop(InceptionCrop::to(Size::Square(8))),
    ]);
    // A flat image stays flat whatever box is cut; a coded one shows the box position.
    let flat = RgbImage::from_pixel(40, 30, Rgb([7, 8, 9]));
    let out = p.run_decoded(float(&flat), &mut rng(1)).unwrap();
    assert_eq!(out.len(), 8 * 8 * 3);
    assert!(out.chunks(3).all(|px| px == [7.0, 8.0, 9.0]));
    let differs = (0..10)
        .map(|s| {
            let out = p.run_decoded(coded(40, 30), &mut rng(s)).unwrap();
            out.iter().map(|v| v.to_bits()).collect::<Vec<_>>()
        })
        .collect::<std::collections::HashSet<_>>()
        .len();
    assert!(differs > 1);
}

/// The fraction of a 40×40 position-coded image (red = x, green = y) that an inception crop's box
/// covers, read back from the output's codes: a 40-px float resize of a box spans its first to
/// its last column and row, give or take a pixel.
fn inception_box_fraction(area: [f64; 2], seed: u64) -> f64 {
    let crop = InceptionCrop {
        resize: Resize {
            size: Size::Square(40),
            antialias: false,
            output: ResizeOutput::Float,
        },
        area,
    };
    let p = ops(vec![ImageOp::DECODE, ImageOp::InceptionCrop(crop)]);
    let out = p.run_decoded(coded(40, 40), &mut rng(seed)).unwrap();
    let span = |channel: usize| {
        let values = out.chunks(3).map(|px| px[channel]);
        let (low, high) = values.fold((f32::MAX, f32::MIN), |(l, h), v| (l.min(v), h.max(v)));
        f64::from(high - low) + 1.0
    };
    span(0) * span(1) / 1600.0
}

#[test]
fn inception_crop_keeps_the_box_area_within_its_range() {
    // A box of w×h read back within a pixel on each side: w·h/1600 off by at most (w + h + 1)/1600
    // < 0.03 for boxes of a quarter of the image.
    for seed in 0..20 {
        let fraction = inception_box_fraction([20.0, 30.0], seed);
        assert!((0.17..=0.33).contains(&fraction), "seed {seed}: {fraction}");
    }
    let default_fractions: Vec<f64> = (0..20)
        .map(|seed| inception_box_fraction([5.0, 100.0], seed))
        .collect();
    assert!(
        default_fractions.iter().any(|f| !(0.17..=0.33).contains(f)),
        "the default range should reach outside 20..30 %: {default_fractions:?}"
    );
    for (area, why) in [
        ([0.0, 50.0], "0..50"),
        ([60.0, 50.0], "60..50"),
        ([50.0, 101.0], "50..101"),
    ] {
        let crop = InceptionCrop {
            resize: Resize::to(Size::Square(8)),
            area,
        };
        let err = Preprocess::new(vec![ImageOp::DECODE, ImageOp::InceptionCrop(crop)])
            .unwrap_err()
            .to_string();
        assert!(
            err.contains(&format!("area_min <= area_max <= 100 (percent), not {why}")),
            "{err}"
        );
    }
}

#[test]
fn decode_handles_png_and_jpeg_and_rejects_garbage() {
    let image = coded8(16, 16);
    let p = ops(vec![
        ImageOp::DECODE,
        ImageOp::CentralCrop(Size::Square(16)),
    ]);
    let mut png = std::io::Cursor::new(Vec::new());
    image.write_to(&mut png, image::ImageFormat::Png).unwrap();
    let out = p.run(png.get_ref(), &mut rng(0)).unwrap();
    assert_eq!(
        out,
        image.as_raw().iter().map(|&v| v as f32).collect::<Vec<_>>()
    );
    let mut jpeg = std::io::Cursor::new(Vec::new());
    image.write_to(&mut jpeg, image::ImageFormat::Jpeg).unwrap();
    let out = p.run(jpeg.get_ref(), &mut rng(0)).unwrap();
    let max_err = out
        .iter()
        .zip(image.as_raw())
        .map(|(a, &b)| (a - b as f32).abs())
        .fold(0.0, f32::max);
    assert!(
        max_err < 40.0,
        "lossy JPEG should stay close, max error {max_err}"
    );
    assert!(p.run(b"definitely not an image", &mut rng(0)).is_err());
}

#[test]
fn op_lists_are_validated() {
    assert!(Preprocess::new(vec![resize_op(Size::Square(4))]).is_err());
    // Ops that end in no fixed size parse (a NaFlex model takes any size), but a square-image
    // pipeline cannot shape a batch from them.
    let open = Preprocess::new(vec![ImageOp::DECODE, ImageOp::ResizeSmall(4)]).unwrap();
    assert_eq!(open.output_size(), None);
    assert!(open
        .example_shape()
        .unwrap_err()
        .to_string()
        .contains("fixed size"));
    assert!(Preprocess::new(vec![
        ImageOp::DECODE,
        ImageOp::ValueRange([-1.0, 1.0]),
        resize_op(Size::Square(4))
    ])
    .is_err());
    let p = Preprocess::new(vec![
        ImageOp::DECODE,
        ImageOp::ResizeSmall(4),
        ImageOp::CentralCrop(Size::Square(4)),
    ])
    .unwrap();
    // resize_small keeps the aspect: 20x10 -> 8x4, then the centre 4x4 is columns 2..6 of 8.
    let out = p.run_decoded(
        float(&RgbImage::from_fn(20, 10, |x, _| {
            Rgb([(x * 10) as u8, 0, 0])
        })),
        &mut rng(0),
    );
    assert_eq!(out.unwrap().len(), 4 * 4 * 3);
    let yaml = serde_yaml::to_string(&p).unwrap();
    assert_eq!(serde_yaml::from_str::<Preprocess>(&yaml).unwrap(), p);
}

/// A one-row grey image of these values.
fn row(values: &[f32]) -> Rgb32FImage {
    Rgb32FImage::from_fn(values.len() as u32, 1, |x, _| {
        let v = values[x as usize];
        Rgb([v, v, v])
    })
}

fn red(image: &Rgb32FImage) -> Vec<f32> {
    image.pixels().map(|p| p[0]).collect()
}

#[test]
fn resize_is_bilinear_with_half_pixel_centres() {
    // Output pixel o samples input position (o + 0.5) * in / out - 0.5 (TF2 tf.image.resize).
    // 3 -> 2: positions 0.25 and 1.75: 0.75*0 + 0.25*10 = 2.5; 0.25*10 + 0.75*255 = 193.75.
    assert_eq!(
        red(&resize(&row(&[0.0, 10.0, 255.0]), 1, 2, false)),
        [2.5, 193.75]
    );
    // 4 -> 2: positions 0.5 and 2.5, midway between neighbours (inputs 0 and 3 unused).
    let four = row(&[0.0, 100.0, 200.0, 100.0]);
    assert_eq!(red(&resize(&four, 1, 2, false)), [50.0, 150.0]);
    // 2 -> 4: positions -0.25, 0.25, 0.75, 1.25, clamped at the borders; the same with
    // antialias, which only widens the filter when shrinking.
    for antialias in [false, true] {
        assert_eq!(
            red(&resize(&row(&[0.0, 200.0]), 1, 4, antialias)),
            [0.0, 50.0, 150.0, 200.0]
        );
    }
    // Both axes: 2x2 [[0, 100], [200, 255]] -> 3x3 samples rows/columns at -1/6, 1/2, 7/6
    // (clamped to 0, 1/2, 1).
    let square = Rgb32FImage::from_fn(2, 2, |x, y| {
        let v = [[0.0, 100.0], [200.0, 255.0]][y as usize][x as usize];
        Rgb([v, v, v])
    });
    assert_eq!(
        red(&resize(&square, 3, 3, false)),
        [0.0, 50.0, 100.0, 100.0, 138.75, 177.5, 200.0, 227.5, 255.0]
    );
}

#[test]
fn antialiased_shrinking_averages_every_input_pixel() {
    // 4 -> 2 with the triangle widened to 2 input pixels: output 0 (centre 1.0) weighs inputs
    // 0, 1, 2 by 0.75, 0.75, 0.25: 125 / 1.75; output 1 (centre 3.0) weighs 1, 2, 3 by 0.25,
    // 0.75, 0.75: 250 / 1.75.
    let out = red(&resize(&row(&[0.0, 100.0, 200.0, 100.0]), 1, 2, true));
    let want = [125.0 / 1.75, 250.0 / 1.75];
    for (got, want) in out.iter().zip(want) {
        assert!((got - want).abs() <= 1e-6 * want, "{got} vs {want}");
    }
}

#[test]
fn resize_output_truncates_rounds_or_keeps_floats() {
    let image = |values: &[u8]| {
        let mut png = std::io::Cursor::new(Vec::new());
        RgbImage::from_fn(values.len() as u32, 1, |x, _| {
            let v = values[x as usize];
            Rgb([v, v, v])
        })
        .write_to(&mut png, image::ImageFormat::Png)
        .unwrap();
        png.into_inner()
    };
    let three = image(&[0, 10, 255]);
    let run = |resize: Resize| {
        let out = ops(vec![ImageOp::DECODE, ImageOp::Resize(resize)])
            .run(&three, &mut rng(0))
            .unwrap();
        out.iter().step_by(3).copied().collect::<Vec<_>>()
    };
    let to = Resize::to(Size::HeightWidth([1, 2]));
    // big_vision's default: clip and cast back to uint8, which truncates 2.5 and 193.75.
    assert_eq!(run(to), [2.0, 193.0]);
    let rounded = Resize {
        output: ResizeOutput::Uint8Rounded,
        ..to
    };
    assert_eq!(run(rounded), [3.0, 194.0]);
    let float = Resize {
        output: ResizeOutput::Float,
        ..to
    };
    assert_eq!(run(float), [2.5, 193.75]);
    // A flat image stays exactly flat (no 98.99999 truncated to 98), with any filter width.
    let flat = float_flat(37, 23, [9.0, 99.0, 199.0]);
    for antialias in [false, true] {
        let mut out = resize(&flat, 11, 50, antialias);
        assert!(out.pixels().all(|p| p.0 == [9.0, 99.0, 199.0]));
        out = resize(&flat, 50, 70, antialias);
        assert!(out.pixels().all(|p| p.0 == [9.0, 99.0, 199.0]));
    }
}

fn float_flat(width: u32, height: u32, value: [f32; 3]) -> Rgb32FImage {
    Rgb32FImage::from_pixel(width, height, Rgb(value))
}

#[test]
fn resize_options_are_written_in_yaml() {
    let parse = |yaml: &str| serde_yaml::from_str::<ImageOp>(yaml).unwrap();
    assert_eq!(parse("resize: 224"), resize_op(Size::Square(224)));
    assert_eq!(
        parse("resize: {size: [4, 6], antialias: true, output: float}"),
        ImageOp::Resize(Resize {
            size: Size::HeightWidth([4, 6]),
            antialias: true,
            output: ResizeOutput::Float
        })
    );
    assert_eq!(
        parse("inception_crop: {size: 8, output: uint8_rounded}"),
        ImageOp::InceptionCrop(InceptionCrop {
            resize: Resize {
                size: Size::Square(8),
                antialias: false,
                output: ResizeOutput::Uint8Rounded
            },
            area: [5.0, 100.0],
        })
    );
    assert_eq!(
        parse("inception_crop: {size: 8, area_min: 50}"),
        ImageOp::InceptionCrop(InceptionCrop {
            resize: Resize::to(Size::Square(8)),
            area: [50.0, 100.0],
        })
    );
    assert!(serde_yaml::from_str::<ImageOp>("resize: {size: 4, antialias: yes_please}").is_err());
    assert!(serde_yaml::from_str::<ImageOp>("resize: {size: 4, antialiass: true}").is_err());
    assert_eq!(parse("decode"), ImageOp::DECODE);
    assert_eq!(
        parse("decode: {background: [0, 0, 0]}"),
        ImageOp::Decode {
            background: [0, 0, 0]
        }
    );
    let p = ops(vec![
        ImageOp::Decode {
            background: [1, 2, 3],
        },
        ImageOp::Resize(Resize {
            size: Size::Square(4),
            antialias: true,
            output: ResizeOutput::Float,
        }),
        resize_op(Size::Square(3)),
    ]);
    let yaml = serde_yaml::to_string(&p).unwrap();
    assert_eq!(serde_yaml::from_str::<Preprocess>(&yaml).unwrap(), p);
}

/// An RGBA PNG: opaque red, transparent blue, green at alpha 128, grey at alpha 51.
fn rgba_png() -> Vec<u8> {
    let pixels = [
        [255, 0, 0, 255],
        [0, 0, 255, 0],
        [0, 255, 0, 128],
        [100, 100, 100, 51],
    ];
    let image = RgbaImage::from_fn(4, 1, |x, _| Rgba(pixels[x as usize]));
    let mut png = std::io::Cursor::new(Vec::new());
    image.write_to(&mut png, image::ImageFormat::Png).unwrap();
    png.into_inner()
}

/// CRC-32 (ISO-HDLC, as PNG chunks use), bit by bit.
fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in bytes {
        crc ^= b as u32;
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// A 3x1 palette PNG (colour type 3) with a tRNS chunk, hand-encoded (IDAT is a stored,
/// uncompressed deflate block): red opaque, green transparent, blue at alpha 128.
fn palette_trns_png() -> Vec<u8> {
    let chunk = |kind: &[u8; 4], data: &[u8]| {
        let mut out = (data.len() as u32).to_be_bytes().to_vec();
        let mut body = kind.to_vec();
        body.extend_from_slice(data);
        out.extend_from_slice(&body);
        out.extend_from_slice(&crc32(&body).to_be_bytes());
        out
    };
    let scanline = [0u8, 0, 1, 2]; // filter type 0, palette indices
    let adler = {
        let (mut a, mut b) = (1u32, 0u32);
        for &byte in &scanline {
            a = (a + byte as u32) % 65521;
            b = (b + a) % 65521;
        }
        (b << 16) | a
    };
    let mut zlib = vec![0x78, 0x01, 0x01];
    zlib.extend_from_slice(&(scanline.len() as u16).to_le_bytes());
    zlib.extend_from_slice(&(!(scanline.len() as u16)).to_le_bytes());
    zlib.extend_from_slice(&scanline);
    zlib.extend_from_slice(&adler.to_be_bytes());
    let mut png = vec![0x89, b'P', b'N', b'G', b'\r', b'\n', 0x1a, b'\n'];
    png.extend(chunk(b"IHDR", &[0, 0, 0, 3, 0, 0, 0, 1, 8, 3, 0, 0, 0]));
    png.extend(chunk(b"PLTE", &[255, 0, 0, 0, 255, 0, 0, 0, 255]));
    png.extend(chunk(b"tRNS", &[255, 0, 128]));
    png.extend(chunk(b"IDAT", &zlib));
    png.extend(chunk(b"IEND", &[]));
    png
}

#[test]
fn transparent_pixels_are_drawn_over_the_background() {
    let pixels = |image: Rgb32FImage| image.pixels().map(|p| p.0).collect::<Vec<_>>();
    // colour·a/255 + background·(1 − a/255), rounded: green at a = 128 over white is
    // (127.0, 255.0, 127.0); grey 100 at a = 51 over white is 100·0.2 + 255·0.8 = 224.
    assert_eq!(
        pixels(decode(&rgba_png(), WHITE).unwrap()),
        [
            [255.0, 0.0, 0.0],
            [255.0, 255.0, 255.0],
            [127.0, 255.0, 127.0],
            [224.0, 224.0, 224.0]
        ]
    );
    // Over black: 255·128/255 = 128; 100·0.2 = 20.
    assert_eq!(
        pixels(decode(&rgba_png(), [0, 0, 0]).unwrap()),
        [
            [255.0, 0.0, 0.0],
            [0.0, 0.0, 0.0],
            [0.0, 128.0, 0.0],
            [20.0, 20.0, 20.0]
        ]
    );
    // Palette + tRNS (the Twitter emoji set's form): blue at a = 128 over white.
    assert_eq!(
        pixels(decode(&palette_trns_png(), WHITE).unwrap()),
        [
            [255.0, 0.0, 0.0],
            [255.0, 255.0, 255.0],
            [127.0, 127.0, 255.0]
        ]
    );
    // Through a configured pipeline: decode's background reaches the output.
    let p = ops(vec![
        ImageOp::Decode {
            background: [0, 0, 10],
        },
        ImageOp::CentralCrop(Size::HeightWidth([1, 3])),
    ]);
    assert_eq!(
        p.run(&palette_trns_png(), &mut rng(0)).unwrap(),
        [255.0, 0.0, 0.0, 0.0, 0.0, 10.0, 0.0, 0.0, 133.0]
    );
}

/// `color_jitter`, each change alone, checked by what it must keep whatever factor it drew (the
/// pixels are mid-range, so nothing clips): brightness keeps the ratios between values and
/// scales by a factor within its range; contrast keeps the image's mean grey; saturation keeps
/// every pixel's grey and leaves grey pixels alone. All strengths 0 change nothing; strengths
/// outside 0..1 are refused; the op reads back from YAML.
#[test]
fn color_jitter_keeps_what_each_change_must_keep() {
    let image = float(&RgbImage::from_fn(3, 2, |x, y| {
        Rgb([60 + 20 * x as u8, 90 + 10 * y as u8, 120 - 15 * x as u8])
    }));
    let grey = |p: &[f32]| 0.299 * p[0] + 0.587 * p[1] + 0.114 * p[2];
    let jitter = |j: ColorJitter, seed: u64| {
        let p = ops(vec![
            ImageOp::DECODE,
            ImageOp::ColorJitter(j),
            ImageOp::CentralCrop(Size::HeightWidth([2, 3])),
        ]);
        p.run_decoded(image.clone(), &mut rng(seed)).unwrap()
    };
    let input = image.as_raw().clone();
    assert_eq!(jitter(ColorJitter::default(), 0), input);
    let mut factors = Vec::new();
    for seed in 0..20 {
        let out = jitter(
            ColorJitter {
                brightness: 0.4,
                ..Default::default()
            },
            seed,
        );
        let f = out[0] / input[0];
        assert!((0.6..=1.4).contains(&f), "{f}");
        for (o, i) in out.iter().zip(&input) {
            assert!((o - f * i).abs() < 1e-4, "{o} vs {f}·{i}");
        }
        factors.push(f);

        let out = jitter(
            ColorJitter {
                contrast: 0.5,
                ..Default::default()
            },
            seed,
        );
        let mean = |v: &[f32]| v.chunks(3).map(grey).sum::<f32>() / 6.0;
        assert!((mean(&out) - mean(&input)).abs() < 1e-3);

        let out = jitter(
            ColorJitter {
                saturation: 0.5,
                ..Default::default()
            },
            seed,
        );
        for (o, i) in out.chunks(3).zip(input.chunks(3)) {
            assert!((grey(o) - grey(i)).abs() < 1e-3, "{o:?} {i:?}");
        }
        let grey_pixel = float(&RgbImage::from_pixel(3, 2, Rgb([100, 100, 100])));
        let p = ops(vec![
            ImageOp::DECODE,
            ImageOp::ColorJitter(ColorJitter {
                saturation: 0.5,
                ..Default::default()
            }),
            ImageOp::CentralCrop(Size::HeightWidth([2, 3])),
        ]);
        let out = p.run_decoded(grey_pixel.clone(), &mut rng(seed)).unwrap();
        assert!(out.iter().all(|&v| (v - 100.0).abs() < 1e-3), "{out:?}");
    }
    // The factors are drawn, not fixed: 20 seeds give more than one, spread over the range.
    let spread = factors.iter().cloned().fold(f32::NEG_INFINITY, f32::max)
        - factors.iter().cloned().fold(f32::INFINITY, f32::min);
    assert!(spread > 0.2, "{factors:?}");
    let bad = ColorJitter {
        saturation: 1.5,
        ..Default::default()
    };
    let err = Preprocess::new(vec![
        ImageOp::DECODE,
        ImageOp::ColorJitter(bad),
        ImageOp::CentralCrop(Size::Square(2)),
    ]);
    assert!(format!("{}", err.unwrap_err()).contains("color_jitter"));
    let yaml = "[decode, {color_jitter: {contrast: 0.2, saturation: 0.4}}, {central_crop: 2}]";
    let p: Preprocess = serde_yaml::from_str(yaml).unwrap();
    assert_eq!(
        p.ops()[1],
        ImageOp::ColorJitter(ColorJitter {
            brightness: 0.0,
            contrast: 0.2,
            saturation: 0.4
        })
    );
    assert!(p.ops()[1].is_random() && !p.ops()[2].is_random());
}
