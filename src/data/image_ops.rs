//! Image preprocessing as a list of ops, like big_vision's preprocessing strings
//! (`decode|resize(256)|central_crop(224)|flip_lr|value_range(-1, 1)`), written in YAML as
//!
//! ```yaml
//! - decode               # or {background: [r, g, b]}: what transparent pixels are drawn on
//! - resize: 256          # or [height, width]; exact size, aspect not kept; or
//!                        # {size: 256, antialias: true, output: float}
//! - central_crop: 224     # or random_crop: 224
//! - inception_crop: 224   # or {size: 224, area_min: 40, area_max: 100}: percent of the area
//! - flip_lr
//! - color_jitter: {brightness: 0.1, contrast: 0.2, saturation: 0.4}
//! - value_range: [-1, 1]
//! ```
//!
//! Ops work on RGB images of f32 values in 0..255 (decode gives whole numbers; `resize` may keep
//! fractions, see [`ResizeOutput`]); `value_range` (last, optional) maps 0..255 linearly onto its
//! range (without it the output is 0..255). Images with an alpha channel (RGBA PNGs, palette PNGs
//! with a tRNS chunk, as in the emoji sets) are composited over the decode background, white by
//! default: dropping alpha would leave whatever colour the transparent pixels hold, mostly black.
//! Random ops (`random_crop`, `inception_crop`, `flip_lr`, `color_jitter`) draw from the RNG the
//! caller passes,
//! so the pipeline can make them depend on the example's position only (not on which thread
//! runs them).

use std::collections::BTreeMap;

use image::imageops;
use image::{Rgb32FImage, RgbaImage};
use rand::Rng;
use serde::{Deserialize, Serialize};

use super::naflex::{NaFlexError, NaFlexInput};
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

/// The decode background unless configured: transparent emoji are drawn on white.
pub const WHITE: [u8; 3] = [255, 255, 255];

/// How a resize's result is stored.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ResizeOutput {
    /// Clipped to 0..255 and cast back to 8 bits by truncation, as big_vision's `resize` does
    /// (`tf.cast(tf.clip_by_value(resized, 0, 255), uint8)` for a decoded uint8 image).
    #[default]
    Uint8,
    /// Clipped and rounded to the nearest 8-bit value (as PIL).
    Uint8Rounded,
    /// The interpolated values as they are (`tf.image.resize`'s float32 result).
    Float,
}

impl ResizeOutput {
    fn apply(self, image: &mut Rgb32FImage) {
        let store: fn(f32) -> f32 = match self {
            ResizeOutput::Uint8 => |v| v.clamp(0.0, 255.0).trunc(),
            ResizeOutput::Uint8Rounded => |v| v.clamp(0.0, 255.0).round(),
            ResizeOutput::Float => return,
        };
        for v in image.iter_mut() {
            *v = store(*v);
        }
    }
}

/// A bilinear resize to a fixed size. Written as the size alone (big_vision's defaults) or as
/// `{size, antialias, output}`.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(from = "ResizeSpec", into = "ResizeSpec")]
pub struct Resize {
    pub size: Size,
    /// Widen the filter by the shrink factor so that every input pixel counts (as
    /// `tf.image.resize(antialias=True)` and PIL). big_vision's default is off: plain bilinear
    /// interpolation between the two nearest pixels, which aliases when shrinking a lot.
    pub antialias: bool,
    pub output: ResizeOutput,
}

impl Resize {
    /// big_vision's `resize(size)`: no antialiasing, cast back to 8 bits.
    pub fn to(size: Size) -> Self {
        Resize {
            size,
            antialias: false,
            output: ResizeOutput::default(),
        }
    }
}

#[derive(Serialize, Deserialize)]
#[serde(untagged)]
enum ResizeSpec {
    Size(Size),
    Options(ResizeOptions),
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ResizeOptions {
    size: Size,
    #[serde(default)]
    antialias: bool,
    #[serde(default)]
    output: ResizeOutput,
}

impl From<ResizeSpec> for Resize {
    fn from(spec: ResizeSpec) -> Self {
        match spec {
            ResizeSpec::Size(size) => Resize::to(size),
            ResizeSpec::Options(o) => Resize {
                size: o.size,
                antialias: o.antialias,
                output: o.output,
            },
        }
    }
}

impl From<Resize> for ResizeSpec {
    fn from(r: Resize) -> Self {
        if r == Resize::to(r.size) {
            ResizeSpec::Size(r.size)
        } else {
            ResizeSpec::Options(ResizeOptions {
                size: r.size,
                antialias: r.antialias,
                output: r.output,
            })
        }
    }
}

/// `inception_crop`: a box of a random `area_min`..`area_max` percent of the image's area and
/// aspect ratio 3/4..4/3 at a random position, resized (the whole image if 10 tries find no box
/// that fits). Written as the size alone (big_vision's defaults: 5..100 %, a plain resize) or as
/// `{size, area_min, area_max, antialias, output}`, as big_vision's `inception_crop(size,
/// area_min, area_max)`.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(from = "InceptionCropSpec", into = "InceptionCropSpec")]
pub struct InceptionCrop {
    pub resize: Resize,
    /// Percent of the image's area, low and high.
    pub area: [f64; 2],
}

/// The area range unless configured (big_vision's and the Inception paper's), in percent.
const INCEPTION_AREA: [f64; 2] = [5.0, 100.0];

impl InceptionCrop {
    /// big_vision's `inception_crop(size)`.
    pub fn to(size: Size) -> Self {
        InceptionCrop {
            resize: Resize::to(size),
            area: INCEPTION_AREA,
        }
    }
}

#[derive(Serialize, Deserialize)]
#[serde(untagged)]
enum InceptionCropSpec {
    Size(Size),
    Options(InceptionCropOptions),
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct InceptionCropOptions {
    size: Size,
    #[serde(default = "default_area_min")]
    area_min: f64,
    #[serde(default = "default_area_max")]
    area_max: f64,
    #[serde(default)]
    antialias: bool,
    #[serde(default)]
    output: ResizeOutput,
}

fn default_area_min() -> f64 {
    INCEPTION_AREA[0]
}

fn default_area_max() -> f64 {
    INCEPTION_AREA[1]
}

impl From<InceptionCropSpec> for InceptionCrop {
    fn from(spec: InceptionCropSpec) -> Self {
        match spec {
            InceptionCropSpec::Size(size) => InceptionCrop::to(size),
            InceptionCropSpec::Options(o) => InceptionCrop {
                resize: Resize {
                    size: o.size,
                    antialias: o.antialias,
                    output: o.output,
                },
                area: [o.area_min, o.area_max],
            },
        }
    }
}

impl From<InceptionCrop> for InceptionCropSpec {
    fn from(c: InceptionCrop) -> Self {
        if c == InceptionCrop::to(c.resize.size) {
            InceptionCropSpec::Size(c.resize.size)
        } else {
            InceptionCropSpec::Options(InceptionCropOptions {
                size: c.resize.size,
                area_min: c.area[0],
                area_max: c.area[1],
                antialias: c.resize.antialias,
                output: c.resize.output,
            })
        }
    }
}

/// Random colour changes (torchvision's `ColorJitter` without hue: an emoji's hue is part of what
/// it shows, a red heart is not a blue one). Each factor is drawn uniformly from [1 − x, 1 + x]
/// (x = 0: that change is off) and applied in this order, clipped to 0..255 after each:
/// brightness scales every value, contrast blends with the image's mean grey, saturation blends
/// each pixel with its own grey (ITU-R 601 luma, as torchvision).
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ColorJitter {
    #[serde(default)]
    pub brightness: f32,
    #[serde(default)]
    pub contrast: f32,
    #[serde(default)]
    pub saturation: f32,
}

/// Luma weights of R, G and B (ITU-R 601).
const LUMA: [f32; 3] = [0.299, 0.587, 0.114];

fn grey(pixel: &[f32]) -> f32 {
    pixel.iter().zip(LUMA).map(|(v, w)| v * w).sum()
}

impl ColorJitter {
    fn factor(strength: f32, rng: &mut impl Rng) -> f32 {
        if strength == 0.0 {
            1.0
        } else {
            rng.gen_range(1.0 - strength..=1.0 + strength)
        }
    }

    fn apply(&self, mut image: Rgb32FImage, rng: &mut impl Rng) -> Rgb32FImage {
        let brightness = Self::factor(self.brightness, rng);
        let contrast = Self::factor(self.contrast, rng);
        let saturation = Self::factor(self.saturation, rng);
        let blend = |v: f32, towards: f32, f: f32| (towards + f * (v - towards)).clamp(0.0, 255.0);
        for v in image.iter_mut() {
            *v = blend(*v, 0.0, brightness);
        }
        let pixels = image.as_raw().len() / 3;
        let mean_grey = image.as_raw().chunks_exact(3).map(grey).sum::<f32>() / pixels as f32;
        for v in image.iter_mut() {
            *v = blend(*v, mean_grey, contrast);
        }
        for pixel in image.chunks_exact_mut(3) {
            let g = grey(pixel);
            for v in pixel {
                *v = blend(*v, g, saturation);
            }
        }
        image
    }
}

/// The argument of `decode` when one is given.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DecodeOptions {
    background: [u8; 3],
}

/// One preprocessing step. Written as its name (`decode`, `flip_lr`) or as a one-entry map from
/// name to argument (`resize: 256`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "OpSpec", into = "OpSpec")]
pub enum ImageOp {
    /// Decode the encoded bytes (JPEG, PNG) to RGB, compositing pixels with alpha over
    /// `background`. Must come first.
    Decode { background: [u8; 3] },
    /// Resize to exactly this size.
    Resize(Resize),
    /// Resize keeping the aspect ratio so that the smaller side has this length (bilinear,
    /// antialiased, rounded to 8 bits; big_vision's `resize_small` uses TF's `area` method).
    ResizeSmall(u32),
    /// Crop this size from the centre.
    CentralCrop(Size),
    /// Crop this size at a uniformly random position.
    RandomCrop(Size),
    /// Inception-style crop: a random box (see [`InceptionCrop`]), then resize.
    InceptionCrop(InceptionCrop),
    /// Mirror left-right with probability 1/2.
    FlipLr,
    /// Random brightness, contrast and saturation.
    ColorJitter(ColorJitter),
    /// Map 0..255 linearly onto [low, high].
    ValueRange([f32; 2]),
}

impl ImageOp {
    /// `decode` with the default (white) background.
    pub const DECODE: ImageOp = ImageOp::Decode { background: WHITE };

    /// Whether the op draws random numbers (augmentation): with one, an image's pixels differ
    /// from epoch to epoch.
    pub fn is_random(&self) -> bool {
        match self {
            ImageOp::RandomCrop(_)
            | ImageOp::InceptionCrop(_)
            | ImageOp::FlipLr
            | ImageOp::ColorJitter(_) => true,
            ImageOp::Decode { .. }
            | ImageOp::Resize(_)
            | ImageOp::ResizeSmall(_)
            | ImageOp::CentralCrop(_)
            | ImageOp::ValueRange(_) => false,
        }
    }
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
            "decode" if argument.is_none() => Ok(ImageOp::DECODE),
            "decode" => Ok(ImageOp::Decode {
                background: arg::<DecodeOptions>(&name, argument)?.background,
            }),
            "flip_lr" => no_arg(ImageOp::FlipLr),
            "color_jitter" => Ok(ImageOp::ColorJitter(arg(&name, argument)?)),
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
        fn json(value: &impl Serialize) -> serde_json::Value {
            serde_json::to_value(value).expect("op arguments serialize to JSON")
        }
        match op {
            ImageOp::Decode { background } if background == WHITE => OpSpec::Name("decode".into()),
            ImageOp::Decode { background } => {
                with("decode", serde_json::json!({ "background": background }))
            }
            ImageOp::FlipLr => OpSpec::Name("flip_lr".into()),
            ImageOp::ColorJitter(j) => with("color_jitter", json(&j)),
            ImageOp::Resize(r) => with("resize", json(&r)),
            ImageOp::ResizeSmall(side) => with("resize_small", side.into()),
            ImageOp::CentralCrop(s) => with("central_crop", json(&s)),
            ImageOp::RandomCrop(s) => with("random_crop", json(&s)),
            ImageOp::InceptionCrop(r) => with("inception_crop", json(&r)),
            ImageOp::ValueRange(r) => with("value_range", serde_json::json!(r)),
        }
    }
}

/// Inception crop limits (as big_vision / the Inception paper).
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
    #[error(transparent)]
    NaFlex(#[from] NaFlexError),
}

/// A validated op list. Its output is an image of the size its last resize or crop fixes, or,
/// for a NaFlex model ([`Preprocess::with_naflex`]), the image as the ops leave it, at its own
/// aspect ratio, resized within the patch budget and packed (`data::naflex`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "Vec<ImageOp>", into = "Vec<ImageOp>")]
pub struct Preprocess {
    ops: Vec<ImageOp>,
    /// (height, width) fixed by the last resize or crop, if any.
    size: Option<(u32, u32)>,
    /// Set from the model, never written in YAML.
    naflex: Option<NaFlexInput>,
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
        if !matches!(ops.first(), Some(ImageOp::Decode { .. })) {
            return bad("the first op must be `decode`");
        }
        let mut size = None;
        for (i, op) in ops.iter().enumerate().skip(1) {
            let fixed = match op {
                ImageOp::Decode { .. } => return bad("`decode` may appear only once"),
                ImageOp::Resize(r) => r.size,
                ImageOp::InceptionCrop(c) => {
                    let [low, high] = c.area;
                    if !(low > 0.0 && low <= high && high <= 100.0) {
                        return bad(&format!(
                            "`inception_crop` needs 0 < area_min <= area_max <= 100 (percent), \
                             not {low}..{high}"
                        ));
                    }
                    c.resize.size
                }
                ImageOp::CentralCrop(s) | ImageOp::RandomCrop(s) => *s,
                ImageOp::ResizeSmall(0) => return bad("sizes must be positive"),
                ImageOp::ResizeSmall(_) => {
                    size = None;
                    continue;
                }
                ImageOp::FlipLr => continue,
                ImageOp::ColorJitter(j) => {
                    let strengths = [j.brightness, j.contrast, j.saturation];
                    if !strengths.iter().all(|x| (0.0..=1.0).contains(x)) {
                        return bad("`color_jitter` strengths must lie in 0..1");
                    }
                    continue;
                }
                ImageOp::ValueRange(_) if i + 1 != ops.len() => {
                    return bad("`value_range` must be the last op")
                }
                ImageOp::ValueRange(_) => continue,
            };
            let (h, w) = fixed.height_width();
            if h == 0 || w == 0 {
                return bad("sizes must be positive");
            }
            size = Some((h, w));
        }
        Ok(Preprocess {
            ops,
            size,
            naflex: None,
        })
    }

    /// These ops for a NaFlex image tower taking `input`: the image they leave (any size) is
    /// resized within the patch budget and packed. NaFlex maps values onto [-1, 1] as
    /// `Siglip2ImageProcessor` does, so a `value_range` op must say [-1, 1]
    /// ([`Preprocess::example_shape`] checks it).
    pub fn with_naflex(mut self, input: NaFlexInput) -> Self {
        self.naflex = Some(input);
        self
    }

    pub fn ops(&self) -> &[ImageOp] {
        &self.ops
    }

    /// The NaFlex input these ops are packed for, if any.
    pub fn naflex(&self) -> Option<NaFlexInput> {
        self.naflex
    }

    /// The (height, width) the ops end in (channels are always 3), if a resize or crop fixes
    /// one.
    pub fn output_size(&self) -> Option<(u32, u32)> {
        self.size
    }

    /// The shape of one preprocessed example: `[H, W, 3]`, or `[max_num_patches, packed_width]`
    /// for NaFlex; an error if the ops fix no size for a square-image model.
    pub fn example_shape(&self) -> Result<Vec<i64>, DataError> {
        match (self.naflex, self.size) {
            (Some(_), _) if self.value_range().is_some_and(|r| r != [-1.0, 1.0]) => {
                Err(DataError::Config(format!(
                    "preprocess: value_range {:?} with a NaFlex model, whose patches are in \
                     [-1, 1] (drop the op or make it [-1, 1])",
                    self.value_range().unwrap_or_default()
                )))
            }
            (Some(input), _) => Ok(vec![
                input.max_num_patches as i64,
                input.packed_width() as i64,
            ]),
            (None, Some((h, w))) => Ok(vec![h as i64, w as i64, 3]),
            (None, None) => Err(DataError::Config(
                "preprocess: the ops must end in a fixed size (resize or a crop)".into(),
            )),
        }
    }

    fn value_range(&self) -> Option<[f32; 2]> {
        self.ops.iter().find_map(|op| match op {
            ImageOp::ValueRange(r) => Some(*r),
            _ => None,
        })
    }

    /// Decodes `encoded` and runs the ops; returns the values of [`Preprocess::example_shape`],
    /// row-major.
    pub fn run(&self, encoded: &[u8], rng: &mut impl Rng) -> Result<Vec<f32>, ImageError> {
        self.run_decoded(self.decode(encoded)?, rng)
    }

    /// The first op alone: `encoded` decoded to RGB over this pipeline's background.
    pub fn decode(&self, encoded: &[u8]) -> Result<Rgb32FImage, ImageError> {
        match self.ops[0] {
            ImageOp::Decode { background } => decode(encoded, background),
            _ => unreachable!("validated: decode first"),
        }
    }

    /// Runs the ops after `decode` on an already decoded image.
    pub fn run_decoded(
        &self,
        mut image: Rgb32FImage,
        rng: &mut impl Rng,
    ) -> Result<Vec<f32>, ImageError> {
        let mut range = None;
        for op in &self.ops[1..] {
            image = match op {
                ImageOp::Decode { .. } => unreachable!("validated: decode only first"),
                ImageOp::Resize(r) => resize_with(&image, r),
                ImageOp::ResizeSmall(side) => resize_small(&image, *side),
                ImageOp::CentralCrop(s) => central_crop(&image, s.height_width())?,
                ImageOp::RandomCrop(s) => random_crop(&image, s.height_width(), rng)?,
                ImageOp::InceptionCrop(c) => {
                    resize_with(&inception_crop_box(&image, c.area, rng), &c.resize)
                }
                ImageOp::FlipLr => {
                    if rng.gen_bool(0.5) {
                        imageops::flip_horizontal(&image)
                    } else {
                        image
                    }
                }
                ImageOp::ColorJitter(j) => j.apply(image, rng),
                ImageOp::ValueRange(r) => {
                    range = Some(*r);
                    image
                }
            };
        }
        match self.naflex {
            Some(input) => Ok(input.pack_image(&image)?),
            None => Ok(to_range(image, range)),
        }
    }
}

/// Decode over the training background, resize to `image_size`, the training value range: the
/// training pipeline without its augmentation or crops, as evaluation sees images. With no
/// training ops: decode, resize, `value_range(-1, 1)`, SigLIP's training default. For a NaFlex
/// model (`naflex`), decode and the NaFlex resize alone: each image keeps its aspect ratio.
pub fn eval_preprocess(
    training: Option<&Preprocess>,
    image_size: usize,
    naflex: Option<NaFlexInput>,
) -> Preprocess {
    let ops = training.map_or(&[][..], |p| p.ops());
    let decode = ops
        .iter()
        .find(|op| matches!(op, ImageOp::Decode { .. }))
        .cloned()
        .unwrap_or(ImageOp::DECODE);
    if let Some(input) = naflex {
        return Preprocess::new(vec![decode])
            .expect("decode alone is a valid op list")
            .with_naflex(input);
    }
    let range = training
        .and_then(Preprocess::value_range)
        .unwrap_or([-1.0, 1.0]);
    Preprocess::new(vec![
        decode,
        ImageOp::Resize(Resize::to(Size::Square(image_size as u32))),
        ImageOp::ValueRange(range),
    ])
    .expect("decode, resize, value_range is a valid op list")
}

/// Decodes JPEG or PNG bytes to RGB values 0..255. Images with an alpha channel are composited
/// over `background` ("over", in 8-bit sRGB as browsers draw them, rounded to whole values).
pub fn decode(encoded: &[u8], background: [u8; 3]) -> Result<Rgb32FImage, ImageError> {
    let decoded =
        image::load_from_memory(encoded).map_err(|e| ImageError::Decode(e.to_string()))?;
    let (width, height) = (decoded.width(), decoded.height());
    let values: Vec<f32> = if decoded.color().has_alpha() {
        composite_over(&decoded.into_rgba8(), background)
    } else {
        decoded
            .into_rgb8()
            .into_raw()
            .into_iter()
            .map(f32::from)
            .collect()
    };
    Ok(Rgb32FImage::from_raw(width, height, values).expect("buffer sized width x height x 3"))
}

fn composite_over(image: &RgbaImage, background: [u8; 3]) -> Vec<f32> {
    let mut out = Vec::with_capacity(image.as_raw().len() / 4 * 3);
    for pixel in image.pixels() {
        let alpha = pixel[3] as u32;
        for (&colour, &back) in pixel.0[..3].iter().zip(&background) {
            let mixed = (colour as u32 * alpha + back as u32 * (255 - alpha) + 127) / 255;
            out.push(mixed as f32);
        }
    }
    out
}

fn resize_with(image: &Rgb32FImage, r: &Resize) -> Rgb32FImage {
    let (h, w) = r.size.height_width();
    let mut out = resize(image, h, w, r.antialias);
    r.output.apply(&mut out);
    out
}

/// Bilinear resize with half-pixel centres (output pixel `o` samples input position
/// `(o + 0.5) · in / out − 0.5`, as TF2's `tf.image.resize`), clamped at the borders. With
/// `antialias`, the triangle filter's support widens by the shrink factor so that shrinking
/// averages every input pixel (`tf.image.resize(antialias=True)`, PIL). Separable (rows, then
/// columns); values stay f32.
pub fn resize(image: &Rgb32FImage, height: u32, width: u32, antialias: bool) -> Rgb32FImage {
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
    let cols = FilterTaps::new(in_w, out_w, antialias);
    let mut rows_resized = vec![0f32; in_h * out_w * 3];
    for y in 0..in_h {
        let row = &src[y * in_w * 3..(y + 1) * in_w * 3];
        let out = &mut rows_resized[y * out_w * 3..(y + 1) * out_w * 3];
        for x in 0..out_w {
            let (first, weights) = cols.taps(x);
            let base = &row[first * 3..first * 3 + 3];
            let mut acc = [base[0], base[1], base[2]];
            for (k, &w) in weights.iter().enumerate().skip(1) {
                let px = &row[(first + k) * 3..(first + k) * 3 + 3];
                for c in 0..3 {
                    acc[c] += w * (px[c] - base[c]);
                }
            }
            out[x * 3..x * 3 + 3].copy_from_slice(&acc);
        }
    }
    let rows = FilterTaps::new(in_h, out_h, antialias);
    let line = out_w * 3;
    let mut out = Vec::with_capacity(out_h * line);
    for y in 0..out_h {
        let (first, weights) = rows.taps(y);
        let base = &rows_resized[first * line..(first + 1) * line];
        let mut acc = base.to_vec();
        for (k, &w) in weights.iter().enumerate().skip(1) {
            let src_line = &rows_resized[(first + k) * line..(first + k + 1) * line];
            for ((a, &v), &b) in acc.iter_mut().zip(src_line).zip(base) {
                *a += w * (v - b);
            }
        }
        out.extend(acc);
    }
    Rgb32FImage::from_raw(width, height, out).expect("buffer sized width x height x 3")
}

/// PIL's `Image.resize(size, BILINEAR)` of an 8-bit RGB image (whole values 0..255), bit for bit:
/// the same triangle filter as [`resize`] with antialiasing, but PIL resizes one axis at a time,
/// rounds the first pass to 8 bits, and sums in 22-bit fixed point (`Resample.c`). Pillow 13 runs
/// first the pass that leaves the smaller intermediate image, the width on a tie (checked on the
/// images of tests/fixtures/hf_siglip2_naflex). `transformers`' PIL image processors resize so.
pub fn resize_like_pil(image: &Rgb32FImage, height: u32, width: u32) -> Rgb32FImage {
    let (in_w, in_h) = image.dimensions();
    let (in_w, in_h, out_w, out_h) = (
        in_w as usize,
        in_h as usize,
        width as usize,
        height as usize,
    );
    let src: Vec<i64> = image.as_raw().iter().map(|&v| v as i64).collect();
    let out = if out_h * in_w < in_h * out_w {
        let rows_first = pil_pass(&src, (in_h, in_w), out_h, Axis::Rows);
        pil_pass(&rows_first, (out_h, in_w), out_w, Axis::Columns)
    } else {
        let columns_first = pil_pass(&src, (in_h, in_w), out_w, Axis::Columns);
        pil_pass(&columns_first, (in_h, out_w), out_h, Axis::Rows)
    };
    let out = out.into_iter().map(|v| v as f32).collect();
    Rgb32FImage::from_raw(width, height, out).expect("buffer sized width x height x 3")
}

#[derive(Clone, Copy)]
enum Axis {
    Rows,
    Columns,
}

/// One PIL resampling pass of an RGB image `(height, width)` along `axis` to `out_len`.
fn pil_pass(src: &[i64], (h, w): (usize, usize), out_len: usize, axis: Axis) -> Vec<i64> {
    let (out_h, out_w) = match axis {
        Axis::Rows => (out_len, w),
        Axis::Columns => (h, out_len),
    };
    let taps = match axis {
        Axis::Rows => pil_fixed_point_taps(h, out_len),
        Axis::Columns => pil_fixed_point_taps(w, out_len),
    };
    let mut out = vec![0i64; out_h * out_w * 3];
    for y in 0..out_h {
        for x in 0..out_w {
            let (first, weights) = match axis {
                Axis::Rows => &taps[y],
                Axis::Columns => &taps[x],
            };
            for c in 0..3 {
                let at = |k: usize| match axis {
                    Axis::Rows => src[((first + k) * w + x) * 3 + c],
                    Axis::Columns => src[(y * w + first + k) * 3 + c],
                };
                out[(y * out_w + x) * 3 + c] = pil_sum(weights, at);
            }
        }
    }
    out
}

/// PIL's fixed-point precision for 8-bit images (`PRECISION_BITS` = 32 − 8 − 2).
const PIL_PRECISION_BITS: u32 = 22;

/// `Σ w_k · at(k)` in PIL's fixed point, rounded half up and clipped to 0..255.
fn pil_sum(weights: &[i64], at: impl Fn(usize) -> i64) -> i64 {
    let half = 1i64 << (PIL_PRECISION_BITS - 1);
    let sum = weights
        .iter()
        .enumerate()
        .fold(half, |acc, (k, &w)| acc + w * at(k));
    (sum >> PIL_PRECISION_BITS).clamp(0, 255)
}

/// PIL's `precompute_coeffs` (bilinear, support 1 widened by the shrink factor) with weights
/// normalised in f64 and then rounded to fixed point: per output position the first input
/// index and the weights.
fn pil_fixed_point_taps(in_len: usize, out_len: usize) -> Vec<(usize, Vec<i64>)> {
    let scale = in_len as f64 / out_len as f64;
    let filter_scale = scale.max(1.0);
    let (support, inv_scale) = (filter_scale, 1.0 / filter_scale);
    (0..out_len)
        .map(|o| {
            let centre = (o as f64 + 0.5) * scale;
            // C's `(int)` truncates towards zero.
            let first = ((centre - support + 0.5) as i64).max(0) as usize;
            let end = ((centre + support + 0.5) as i64).min(in_len as i64) as usize;
            let raw: Vec<f64> = (first..end)
                .map(|i| {
                    let x = ((i as f64 - centre + 0.5) * inv_scale).abs();
                    if x < 1.0 {
                        1.0 - x
                    } else {
                        0.0
                    }
                })
                .collect();
            let total: f64 = raw.iter().sum();
            let unit = (1i64 << PIL_PRECISION_BITS) as f64;
            let weights = raw
                .iter()
                .map(|&w| {
                    let w = if total != 0.0 { w / total } else { w };
                    if w < 0.0 {
                        (-0.5 + w * unit) as i64
                    } else {
                        (0.5 + w * unit) as i64
                    }
                })
                .collect();
            (first, weights)
        })
        .collect()
}

/// For each output position: the first input index and the normalised filter weights. Sums are
/// taken as `first + Σ w_k (x_k − first)` (equal, as the weights sum to 1), so a flat stretch
/// stays exactly flat and two taps are TF's `a + (b − a) · t`.
struct FilterTaps {
    first: Vec<usize>,
    len: Vec<usize>,
    stride: usize,
    weights: Vec<f32>,
}

impl FilterTaps {
    fn new(in_len: usize, out_len: usize, antialias: bool) -> Self {
        let scale = in_len as f64 / out_len as f64;
        let support = if antialias { scale.max(1.0) } else { 1.0 };
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

fn resize_small(image: &Rgb32FImage, side: u32) -> Rgb32FImage {
    let (w, h) = image.dimensions();
    let scale = side as f64 / w.min(h) as f64;
    let new_w = ((w as f64 * scale).round() as u32).max(1);
    let new_h = ((h as f64 * scale).round() as u32).max(1);
    let mut out = resize(image, new_h, new_w, true);
    ResizeOutput::Uint8Rounded.apply(&mut out);
    out
}

fn check_fits(op: &'static str, image: &Rgb32FImage, (h, w): (u32, u32)) -> Result<(), ImageError> {
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
pub fn central_crop(image: &Rgb32FImage, size: (u32, u32)) -> Result<Rgb32FImage, ImageError> {
    check_fits("central_crop", image, size)?;
    let (iw, ih) = image.dimensions();
    let (h, w) = size;
    Ok(imageops::crop_imm(image, (iw - w) / 2, (ih - h) / 2, w, h).to_image())
}

fn random_crop(
    image: &Rgb32FImage,
    size: (u32, u32),
    rng: &mut impl Rng,
) -> Result<Rgb32FImage, ImageError> {
    check_fits("random_crop", image, size)?;
    let (iw, ih) = image.dimensions();
    let (h, w) = size;
    let top = rng.gen_range(0..=ih - h);
    let left = rng.gen_range(0..=iw - w);
    Ok(imageops::crop_imm(image, left, top, w, h).to_image())
}

fn inception_crop_box(
    image: &Rgb32FImage,
    [low_percent, high_percent]: [f64; 2],
    rng: &mut impl Rng,
) -> Rgb32FImage {
    let (iw, ih) = image.dimensions();
    let area = (iw as f64) * (ih as f64);
    for _ in 0..INCEPTION_TRIES {
        let target = area * rng.gen_range(low_percent..=high_percent) / 100.0;
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

/// The image's values, mapped linearly from 0..255 onto `range` when given.
fn to_range(image: Rgb32FImage, range: Option<[f32; 2]>) -> Vec<f32> {
    let mut values = image.into_raw();
    if let Some([low, high]) = range {
        // Dividing first keeps 0 and 255 exactly on the ends.
        for v in &mut values {
            *v = low + (*v / 255.0) * (high - low);
        }
    }
    values
}
