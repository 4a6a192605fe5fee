//! Image preprocessing as a list of ops, like big_vision's preprocessing strings
//! (`decode|resize(256)|central_crop(224)|flip_lr|value_range(-1, 1)`), written in YAML as
//!
//! ```yaml
//! - decode
//! - resize: 256          # or [height, width]; exact size, aspect not kept
//! - central_crop: 224
//! - value_range: [-1, 1]
//! ```
//!
//! Ops work on 8-bit RGB; `value_range` (last, optional) maps 0..255 linearly onto its range when
//! the result is written out as f32 (without it the output is 0..255). Random ops (`random_crop`,
//! `inception_crop`, `flip_lr`) draw from the RNG the caller passes, so the pipeline can make them
//! depend on the example's position only (not on which thread runs them).

use std::collections::BTreeMap;

use image::imageops;
use image::RgbImage;
use rand::Rng;
use serde::{Deserialize, Serialize};

use super::DataError;

/// A height × width, written as one number for a square.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Size {
    Square(u32),
    HeightWidth([u32; 2]),
}

impl Size {
    pub fn height_width(self) -> (u32, u32) {
        match self {
            Size::Square(s) => (s, s),
            Size::HeightWidth([h, w]) => (h, w),
        }
    }
}

/// One preprocessing step. Written as its name (`decode`, `flip_lr`) or as a one-entry map from
/// name to argument (`resize: 256`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "OpSpec", into = "OpSpec")]
pub enum ImageOp {
    /// Decode the encoded bytes (JPEG, PNG) to RGB. Must come first.
    Decode,
    /// Resize to exactly this size (bilinear, antialiased when shrinking).
    Resize(Size),
    /// Resize keeping the aspect ratio so that the smaller side has this length.
    ResizeSmall(u32),
    /// Crop this size from the centre.
    CentralCrop(Size),
    /// Crop this size at a uniformly random position.
    RandomCrop(Size),
    /// Inception-style crop: random area 5%..100% of the image, aspect ratio 3/4..4/3, then resize
    /// to this size (whole image if 10 tries find no fitting box).
    InceptionCrop(Size),
    /// Mirror left-right with probability 1/2.
    FlipLr,
    /// Map 0..255 linearly onto [low, high].
    ValueRange([f32; 2]),
}

/// The written form of an op (serde_yaml 0.9 reads enums only from YAML tags, not from maps).
#[derive(Serialize, Deserialize)]
#[serde(untagged)]
enum OpSpec {
    Name(String),
    WithArgument(BTreeMap<String, serde_json::Value>),
}

impl TryFrom<OpSpec> for ImageOp {
    type Error = String;
    fn try_from(spec: OpSpec) -> Result<Self, String> {
        let (name, argument) = match spec {
            OpSpec::Name(name) => (name, None),
            OpSpec::WithArgument(map) if map.len() == 1 => {
                let (name, value) = map.into_iter().next().expect("one entry");
                (name, Some(value))
            }
            OpSpec::WithArgument(_) => return Err("an op map must have exactly one entry".into()),
        };
        fn arg<T: serde::de::DeserializeOwned>(
            name: &str,
            value: Option<serde_json::Value>,
        ) -> Result<T, String> {
            let value = value.ok_or_else(|| format!("op `{name}` needs an argument"))?;
            serde_json::from_value(value).map_err(|e| format!("op `{name}`: {e}"))
        }
        let no_arg = |op: ImageOp| match &argument {
            None => Ok(op),
            Some(_) => Err(format!("op `{name}` takes no argument")),
        };
        match name.as_str() {
            "decode" => no_arg(ImageOp::Decode),
            "flip_lr" => no_arg(ImageOp::FlipLr),
            "resize" => Ok(ImageOp::Resize(arg(&name, argument)?)),
            "resize_small" => Ok(ImageOp::ResizeSmall(arg(&name, argument)?)),
            "central_crop" => Ok(ImageOp::CentralCrop(arg(&name, argument)?)),
            "random_crop" => Ok(ImageOp::RandomCrop(arg(&name, argument)?)),
            "inception_crop" => Ok(ImageOp::InceptionCrop(arg(&name, argument)?)),
            "value_range" => Ok(ImageOp::ValueRange(arg(&name, argument)?)),
            other => Err(format!("unknown preprocessing op `{other}`")),
        }
    }
}

impl From<ImageOp> for OpSpec {
    fn from(op: ImageOp) -> Self {
        let with = |name: &str, value: serde_json::Value| {
            OpSpec::WithArgument(BTreeMap::from([(name.to_string(), value)]))
        };
        let size = |s: Size| serde_json::to_value(s).expect("size serializes");
        match op {
            ImageOp::Decode => OpSpec::Name("decode".into()),
            ImageOp::FlipLr => OpSpec::Name("flip_lr".into()),
            ImageOp::Resize(s) => with("resize", size(s)),
            ImageOp::ResizeSmall(side) => with("resize_small", side.into()),
            ImageOp::CentralCrop(s) => with("central_crop", size(s)),
            ImageOp::RandomCrop(s) => with("random_crop", size(s)),
            ImageOp::InceptionCrop(s) => with("inception_crop", size(s)),
            ImageOp::ValueRange(r) => with("value_range", serde_json::json!(r)),
        }
    }
}

/// Inception crop limits (as big_vision / the Inception paper).
const INCEPTION_MIN_AREA: f64 = 0.05;
const INCEPTION_MIN_ASPECT: f64 = 3.0 / 4.0;
const INCEPTION_MAX_ASPECT: f64 = 4.0 / 3.0;
const INCEPTION_TRIES: usize = 10;

/// Why one image could not be preprocessed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ImageError {
    #[error("cannot decode image: {0}")]
    Decode(String),
    #[error("{op} needs at least {need_h}x{need_w}, image is {h}x{w}")]
    TooSmall {
        op: &'static str,
        need_h: u32,
        need_w: u32,
        h: u32,
        w: u32,
    },
}

/// A validated op list with a fixed output size.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "Vec<ImageOp>", into = "Vec<ImageOp>")]
pub struct Preprocess {
    ops: Vec<ImageOp>,
    height: u32,
    width: u32,
}

impl TryFrom<Vec<ImageOp>> for Preprocess {
    type Error = DataError;
    fn try_from(ops: Vec<ImageOp>) -> Result<Self, DataError> {
        Preprocess::new(ops)
    }
}

impl From<Preprocess> for Vec<ImageOp> {
    fn from(p: Preprocess) -> Self {
        p.ops
    }
}

impl Preprocess {
    pub fn new(ops: Vec<ImageOp>) -> Result<Self, DataError> {
        let bad = |msg: &str| Err(DataError::Config(format!("preprocess: {msg}")));
        if ops.first() != Some(&ImageOp::Decode) {
            return bad("the first op must be `decode`");
        }
        let mut size = None;
        for (i, op) in ops.iter().enumerate().skip(1) {
            match op {
                ImageOp::Decode => return bad("`decode` may appear only once"),
                ImageOp::Resize(s)
                | ImageOp::CentralCrop(s)
                | ImageOp::RandomCrop(s)
                | ImageOp::InceptionCrop(s) => {
                    let (h, w) = s.height_width();
                    if h == 0 || w == 0 {
                        return bad("sizes must be positive");
                    }
                    size = Some((h, w));
                }
                ImageOp::ResizeSmall(0) => return bad("sizes must be positive"),
                ImageOp::ResizeSmall(_) => size = None,
                ImageOp::FlipLr => {}
                ImageOp::ValueRange(_) if i + 1 != ops.len() => {
                    return bad("`value_range` must be the last op")
                }
                ImageOp::ValueRange(_) => {}
            }
        }
        let Some((height, width)) = size else {
            return bad("the ops must end in a fixed size (resize or a crop)");
        };
        Ok(Preprocess { ops, height, width })
    }

    /// The big_vision default for training: decode, inception crop, flip, [-1, 1].
    pub fn train_default(size: u32) -> Self {
        Preprocess::new(vec![
            ImageOp::Decode,
            ImageOp::InceptionCrop(Size::Square(size)),
            ImageOp::FlipLr,
            ImageOp::ValueRange([-1.0, 1.0]),
        ])
        .expect("valid default ops")
    }

    pub fn ops(&self) -> &[ImageOp] {
        &self.ops
    }

    /// Output (height, width); channels are always 3.
    pub fn output_size(&self) -> (u32, u32) {
        (self.height, self.width)
    }

    /// Decodes `encoded` and runs the ops; returns H×W×3 values, row-major.
    pub fn run(&self, encoded: &[u8], rng: &mut impl Rng) -> Result<Vec<f32>, ImageError> {
        let image = image::load_from_memory(encoded)
            .map_err(|e| ImageError::Decode(e.to_string()))?
            .into_rgb8();
        self.run_decoded(image, rng)
    }

    /// Runs the ops after `decode` on an already decoded image.
    pub fn run_decoded(
        &self,
        mut image: RgbImage,
        rng: &mut impl Rng,
    ) -> Result<Vec<f32>, ImageError> {
        let mut range = None;
        for op in &self.ops[1..] {
            image = match op {
                ImageOp::Decode => unreachable!("validated: decode only first"),
                ImageOp::Resize(s) => {
                    let (h, w) = s.height_width();
                    resize(&image, h, w)
                }
                ImageOp::ResizeSmall(side) => resize_small(&image, *side),
                ImageOp::CentralCrop(s) => central_crop(&image, s.height_width())?,
                ImageOp::RandomCrop(s) => random_crop(&image, s.height_width(), rng)?,
                ImageOp::InceptionCrop(s) => {
                    let (h, w) = s.height_width();
                    let cropped = inception_crop_box(&image, rng);
                    resize(&cropped, h, w)
                }
                ImageOp::FlipLr => {
                    if rng.gen_bool(0.5) {
                        imageops::flip_horizontal(&image)
                    } else {
                        image
                    }
                }
                ImageOp::ValueRange(r) => {
                    range = Some(*r);
                    image
                }
            };
        }
        Ok(to_f32(&image, range))
    }
}

/// Resizes with a triangle (bilinear) filter whose support widens by the shrink factor, so
/// downscaling averages every input pixel (antialiasing, as PIL and `tf.image.resize(antialias=True)`).
/// Separable: rows into an f32 buffer, then columns, rounded back to 8 bits.
pub fn resize(image: &RgbImage, height: u32, width: u32) -> RgbImage {
    let (in_w, in_h) = image.dimensions();
    if (in_w, in_h) == (width, height) {
        return image.clone();
    }
    let src = image.as_raw();
    let (in_w, in_h, out_w, out_h) = (
        in_w as usize,
        in_h as usize,
        width as usize,
        height as usize,
    );
    let cols = FilterTaps::new(in_w, out_w);
    let mut rows_resized = vec![0f32; in_h * out_w * 3];
    for y in 0..in_h {
        let row = &src[y * in_w * 3..(y + 1) * in_w * 3];
        let out = &mut rows_resized[y * out_w * 3..(y + 1) * out_w * 3];
        for x in 0..out_w {
            let (first, weights) = cols.taps(x);
            let mut acc = [0f32; 3];
            for (k, &w) in weights.iter().enumerate() {
                let px = &row[(first + k) * 3..(first + k) * 3 + 3];
                acc[0] += w * px[0] as f32;
                acc[1] += w * px[1] as f32;
                acc[2] += w * px[2] as f32;
            }
            out[x * 3..x * 3 + 3].copy_from_slice(&acc);
        }
    }
    let rows = FilterTaps::new(in_h, out_h);
    let line = out_w * 3;
    let mut out = Vec::with_capacity(out_h * line);
    let mut acc = vec![0f32; line];
    for y in 0..out_h {
        acc.fill(0.0);
        let (first, weights) = rows.taps(y);
        for (k, &w) in weights.iter().enumerate() {
            let src_line = &rows_resized[(first + k) * line..(first + k + 1) * line];
            for (a, &v) in acc.iter_mut().zip(src_line) {
                *a += w * v;
            }
        }
        out.extend(acc.iter().map(|&v| v.round().clamp(0.0, 255.0) as u8));
    }
    RgbImage::from_raw(width, height, out).expect("buffer sized width x height x 3")
}

/// For each output position: the first input index and the normalised filter weights.
struct FilterTaps {
    first: Vec<usize>,
    len: Vec<usize>,
    stride: usize,
    weights: Vec<f32>,
}

impl FilterTaps {
    fn new(in_len: usize, out_len: usize) -> Self {
        let scale = in_len as f64 / out_len as f64;
        let support = scale.max(1.0);
        let stride = (2.0 * support).ceil() as usize + 2;
        let mut taps = FilterTaps {
            first: Vec::with_capacity(out_len),
            len: Vec::with_capacity(out_len),
            stride,
            weights: vec![0.0; out_len * stride],
        };
        for o in 0..out_len {
            // Pixel i covers [i, i + 1); its centre is i + 0.5.
            let centre = (o as f64 + 0.5) * scale;
            let lo = (centre - support).floor().max(0.0) as usize;
            let hi = ((centre + support).ceil() as usize).min(in_len);
            let raw: Vec<f64> = (lo..hi)
                .map(|i| (1.0 - ((i as f64 + 0.5 - centre) / support).abs()).max(0.0))
                .collect();
            let sum: f64 = raw.iter().sum();
            for (k, w) in raw.iter().enumerate() {
                taps.weights[o * stride + k] = (w / sum) as f32;
            }
            taps.first.push(lo);
            taps.len.push(hi - lo);
        }
        taps
    }

    fn taps(&self, o: usize) -> (usize, &[f32]) {
        let start = o * self.stride;
        (self.first[o], &self.weights[start..start + self.len[o]])
    }
}

fn resize_small(image: &RgbImage, side: u32) -> RgbImage {
    let (w, h) = image.dimensions();
    let scale = side as f64 / w.min(h) as f64;
    let new_w = ((w as f64 * scale).round() as u32).max(1);
    let new_h = ((h as f64 * scale).round() as u32).max(1);
    resize(image, new_h, new_w)
}

fn check_fits(op: &'static str, image: &RgbImage, (h, w): (u32, u32)) -> Result<(), ImageError> {
    let (iw, ih) = image.dimensions();
    if ih < h || iw < w {
        return Err(ImageError::TooSmall {
            op,
            need_h: h,
            need_w: w,
            h: ih,
            w: iw,
        });
    }
    Ok(())
}

/// Crop of `size` whose top-left corner is ((H - h) / 2, (W - w) / 2), rounding down as TF does.
pub fn central_crop(image: &RgbImage, size: (u32, u32)) -> Result<RgbImage, ImageError> {
    check_fits("central_crop", image, size)?;
    let (iw, ih) = image.dimensions();
    let (h, w) = size;
    Ok(imageops::crop_imm(image, (iw - w) / 2, (ih - h) / 2, w, h).to_image())
}

fn random_crop(
    image: &RgbImage,
    size: (u32, u32),
    rng: &mut impl Rng,
) -> Result<RgbImage, ImageError> {
    check_fits("random_crop", image, size)?;
    let (iw, ih) = image.dimensions();
    let (h, w) = size;
    let top = rng.gen_range(0..=ih - h);
    let left = rng.gen_range(0..=iw - w);
    Ok(imageops::crop_imm(image, left, top, w, h).to_image())
}

fn inception_crop_box(image: &RgbImage, rng: &mut impl Rng) -> RgbImage {
    let (iw, ih) = image.dimensions();
    let area = (iw as f64) * (ih as f64);
    for _ in 0..INCEPTION_TRIES {
        let target = area * rng.gen_range(INCEPTION_MIN_AREA..=1.0);
        let aspect = rng.gen_range(INCEPTION_MIN_ASPECT..=INCEPTION_MAX_ASPECT);
        let w = (target * aspect).sqrt().round() as u32;
        let h = (target / aspect).sqrt().round() as u32;
        if w >= 1 && h >= 1 && w <= iw && h <= ih {
            let top = rng.gen_range(0..=ih - h);
            let left = rng.gen_range(0..=iw - w);
            return imageops::crop_imm(image, left, top, w, h).to_image();
        }
    }
    image.clone()
}

fn to_f32(image: &RgbImage, range: Option<[f32; 2]>) -> Vec<f32> {
    let [low, high] = range.unwrap_or([0.0, 255.0]);
    // One table entry per byte value; dividing first keeps 0 and 255 exactly on the ends.
    let table: Vec<f32> = (0..=255u8)
        .map(|v| low + (v as f32 / 255.0) * (high - low))
        .collect();
    image.as_raw().iter().map(|&v| table[v as usize]).collect()
}
