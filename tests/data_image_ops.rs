//! Image preprocessing ops against hand-computed pixels.

use image::{Rgb, RgbImage};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use siglip::data::image_ops::{central_crop, resize, ImageOp, Size};
use siglip::data::Preprocess;

/// Pixel (x, y) = [x, y, 10x + y]: every value says where it came from.
fn coded(width: u32, height: u32) -> RgbImage {
    RgbImage::from_fn(width, height, |x, y| {
        Rgb([x as u8, y as u8, (10 * x + y) as u8])
    })
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
        ImageOp::Decode,
        ImageOp::Resize(Size::HeightWidth([1, 3])),
        ImageOp::ValueRange([-1.0, 1.0]),
    ]);
    let out = p.run_decoded(image.clone(), &mut rng(0)).unwrap();
    let expected = [-1.0, 1.0, -0.6, -0.2, 0.6, -1.0, 1.0, 1.0, 1.0];
    for (got, want) in out.iter().zip(expected) {
        assert!((got - want).abs() < 1e-6, "{got} vs {want}");
    }
    assert_eq!(out[0], -1.0);
    assert_eq!(out[1], 1.0);
    // Without value_range the raw 0..255 values come out.
    let raw = ops(vec![
        ImageOp::Decode,
        ImageOp::Resize(Size::HeightWidth([1, 3])),
    ]);
    assert_eq!(
        raw.run_decoded(image, &mut rng(0)).unwrap()[..3],
        [0.0, 255.0, 51.0]
    );
}

#[test]
fn central_crop_picks_the_middle_pixels() {
    // 7 wide, 6 high, crop 3 high x 4 wide: left = (7-4)/2 = 1, top = (6-3)/2 = 1.
    let crop = central_crop(&coded(7, 6), (3, 4)).unwrap();
    assert_eq!(crop.dimensions(), (4, 3));
    assert_eq!(crop.get_pixel(0, 0), &Rgb([1, 1, 11]));
    assert_eq!(crop.get_pixel(3, 2), &Rgb([4, 3, 43]));
    let p = ops(vec![
        ImageOp::Decode,
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
        ImageOp::Decode,
        ImageOp::Resize(Size::HeightWidth([2, 3])),
        ImageOp::FlipLr,
    ]);
    let original: Vec<f32> = coded(3, 2).as_raw().iter().map(|&v| v as f32).collect();
    // Mirror by hand: x -> 2 - x.
    let mirrored: Vec<f32> = RgbImage::from_fn(3, 2, |x, y| *coded(3, 2).get_pixel(2 - x, y))
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
    let p = ops(vec![ImageOp::Decode, ImageOp::RandomCrop(Size::Square(2))]);
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
        ImageOp::Decode,
        ImageOp::InceptionCrop(Size::Square(8)),
    ]);
    // A flat image stays flat whatever box is cut; a coded one shows the box position.
    let flat = RgbImage::from_pixel(40, 30, Rgb([7, 8, 9]));
    let out = p.run_decoded(flat, &mut rng(1)).unwrap();
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

#[test]
fn decode_handles_png_and_jpeg_and_rejects_garbage() {
    let image = coded(16, 16);
    let p = ops(vec![
        ImageOp::Decode,
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
    assert!(Preprocess::new(vec![ImageOp::Resize(Size::Square(4))]).is_err());
    assert!(Preprocess::new(vec![ImageOp::Decode, ImageOp::ResizeSmall(4)]).is_err());
    assert!(Preprocess::new(vec![
        ImageOp::Decode,
        ImageOp::ValueRange([-1.0, 1.0]),
        ImageOp::Resize(Size::Square(4))
    ])
    .is_err());
    let p = Preprocess::new(vec![
        ImageOp::Decode,
        ImageOp::ResizeSmall(4),
        ImageOp::CentralCrop(Size::Square(4)),
    ])
    .unwrap();
    // resize_small keeps the aspect: 20x10 -> 8x4, then the centre 4x4 is columns 2..6 of 8.
    let out = p.run_decoded(
        RgbImage::from_fn(20, 10, |x, _| Rgb([(x * 10) as u8, 0, 0])),
        &mut rng(0),
    );
    assert_eq!(out.unwrap().len(), 4 * 4 * 3);
    let yaml = serde_yaml::to_string(&p).unwrap();
    assert_eq!(serde_yaml::from_str::<Preprocess>(&yaml).unwrap(), p);
}

#[test]
fn resize_weights_match_hand_computed_triangle_filter() {
    let row = |values: &[u8]| {
        RgbImage::from_fn(values.len() as u32, 1, |x, _| {
            let v = values[x as usize];
            Rgb([v, v, v])
        })
    };
    let red = |image: &RgbImage| image.pixels().map(|p| p[0]).collect::<Vec<_>>();
    // Shrink 4 -> 2: support 2 input pixels. Output 0 (centre 1.0) weighs inputs 0, 1, 2 by
    // 0.75, 0.75, 0.25: (0 + 75 + 50) / 1.75 = 71.4. Output 1 (centre 3.0) weighs 1, 2, 3 by
    // 0.25, 0.75, 0.75: (25 + 150 + 75) / 1.75 = 142.9.
    assert_eq!(red(&resize(&row(&[0, 100, 200, 100]), 1, 2)), vec![71, 143]);
    // Grow 2 -> 4: plain bilinear with half-pixel centres 0.25, 0.75, 1.25, 1.75.
    assert_eq!(red(&resize(&row(&[0, 200]), 1, 4)), vec![0, 50, 150, 200]);
    // A flat image stays flat at any size.
    let flat = RgbImage::from_pixel(37, 23, Rgb([9, 99, 199]));
    assert!(resize(&flat, 11, 50).pixels().all(|p| p.0 == [9, 99, 199]));
}
