//! A learnable toy image–text data set drawn procedurally: one or two shapes (circle, square,
//! triangle, diamond, cross, star) in six saturated colours, small or big, each in one cell of a
//! 3×3 grid, on a light background (plain, gradient or noisy), with a caption saying exactly that
//! ("a small red triangle at the top left", "... and a big blue square in the centre").
//!
//! Layout written by [`write_synth`] into a missing or empty folder `DIR`:
//! - `DIR/train/`: `count` PNG examples dealt over `shards` TFRecord shards (the `tf.Example`
//!   format of [`super::build`], written by its [`ShardWriter`]);
//! - `DIR/val/`: `val_count` held-out examples in one shard, drawn from their own random stream,
//!   so they do not change with `count` or `shards`;
//! - `DIR/tokenizer.json`: a word-level tokenizer over the caption language (`<pad>`, `</s>`,
//!   `<unk>` as ids 0, 1, 2, then the words in alphabetical order): one token per word, and the
//!   same ids for every seed and count.
//!
//! Example `i` of a split is drawn from ChaCha8 stream `2·i + split` of `seed`: the output is a
//! function of (seed, image size, two-object fraction) and the index alone, so it can be drawn
//! in parallel and stays byte-identical run to run. Images are PNG: lossless, so the stated
//! colours are exact inside every shape (edges are anti-aliased by 4×4 supersampling).
//!
//! Images are square unless `max_aspect` > 1: then each image's width:height is drawn
//! log-uniformly from [1/max_aspect, max_aspect] (from a random stream of its own, so the scenes
//! are those of the square set), its shorter side `image_size` px, and the 3×3 grid stretches
//! with it (for NaFlex models, which keep each image's aspect ratio).
//!
//! Geometry keeps captions true: an object's extent along each axis is at most 0.15 of the
//! shorter side around a centre jittered at most 0.012 of each side from its cell's centre, so
//! it stays inside its
//! cell with a margin; background channels stay within [157, 253] and every colour has a
//! channel ≤ 40, so objects and background never look alike.

use std::path::{Path, PathBuf};

use image::RgbImage;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use tokenizers::models::wordlevel::{WordLevel, WordLevelTrainer};
use tokenizers::models::TrainerWrapper;
use tokenizers::normalizers::Lowercase;
use tokenizers::pre_tokenizers::whitespace::WhitespaceSplit;
use tokenizers::{AddedToken, Tokenizer};

use super::build::{ensure_empty_dir, ShardWriter};
use super::example::{FeatureKeys, RawExample};
use super::text::{EOS_TOKEN, PAD_TOKEN, UNK_TOKEN};
use super::DataError;

/// Smallest and largest accepted image side (below 24 px small shapes are a pixel or two).
pub const IMAGE_SIZES: std::ops::RangeInclusive<u32> = 24..=1024;
/// Accepted `max_aspect` values: square up to 4:1.
pub const MAX_ASPECTS: std::ops::RangeInclusive<f64> = 1.0..=4.0;
/// Seeds the aspect ratios' random streams apart from the scenes'.
const ASPECT_SEED: u64 = 0xa5fe_c7ed;
/// Samples per pixel along each axis for anti-aliased edges.
const SUPERSAMPLE: u32 = 4;

/// The shapes; each fits in [-1, 1]² around its centre in units of its radius.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    Circle,
    Square,
    Triangle,
    Diamond,
    Cross,
    Star,
}

impl Shape {
    pub const ALL: [Shape; 6] = [
        Shape::Circle,
        Shape::Square,
        Shape::Triangle,
        Shape::Diamond,
        Shape::Cross,
        Shape::Star,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Shape::Circle => "circle",
            Shape::Square => "square",
            Shape::Triangle => "triangle",
            Shape::Diamond => "diamond",
            Shape::Cross => "cross",
            Shape::Star => "star",
        }
    }

    /// Whether the point (u, v) (radius units, v pointing down) lies inside the shape.
    fn contains(self, u: f32, v: f32) -> bool {
        match self {
            Shape::Circle => u * u + v * v <= 1.0,
            Shape::Square => u.abs() <= 0.85 && v.abs() <= 0.85,
            // Apex up at v = -0.9, base of half-width 1 at v = 0.9.
            Shape::Triangle => v <= 0.9 && u.abs() <= (v + 0.9) / 1.8,
            Shape::Diamond => u.abs() + v.abs() <= 1.0,
            Shape::Cross => {
                (u.abs() <= 0.33 && v.abs() <= 1.0) || (v.abs() <= 0.33 && u.abs() <= 1.0)
            }
            Shape::Star => inside_star(u, v),
        }
    }
}

/// Five-pointed star, one point up, outer radius 1, inner radius 0.45 (even-odd ray casting).
fn inside_star(u: f32, v: f32) -> bool {
    let vertex = |k: usize| {
        let radius = if k.is_multiple_of(2) { 1.0 } else { 0.45 };
        let angle = -std::f32::consts::FRAC_PI_2 + k as f32 * std::f32::consts::PI / 5.0;
        (radius * angle.cos(), radius * angle.sin())
    };
    let mut inside = false;
    for k in 0..10 {
        let (x0, y0) = vertex(k);
        let (x1, y1) = vertex((k + 1) % 10);
        if (y0 > v) != (y1 > v) && u < x0 + (v - y0) / (y1 - y0) * (x1 - x0) {
            inside = !inside;
        }
    }
    inside
}

/// A named object colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Colour {
    pub name: &'static str,
    pub rgb: [u8; 3],
}

pub const COLOURS: [Colour; 6] = [
    Colour {
        name: "red",
        rgb: [220, 30, 30],
    },
    Colour {
        name: "green",
        rgb: [30, 160, 40],
    },
    Colour {
        name: "blue",
        rgb: [30, 60, 220],
    },
    Colour {
        name: "yellow",
        rgb: [235, 205, 20],
    },
    Colour {
        name: "purple",
        rgb: [130, 40, 170],
    },
    Colour {
        name: "orange",
        rgb: [245, 125, 10],
    },
];

/// Object sizes: radius as a fraction of the image side (before a ±5% jitter).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ObjectSize {
    Small,
    Big,
}

impl ObjectSize {
    pub const ALL: [ObjectSize; 2] = [ObjectSize::Small, ObjectSize::Big];

    pub fn name(self) -> &'static str {
        match self {
            ObjectSize::Small => "small",
            ObjectSize::Big => "big",
        }
    }

    fn radius_fraction(self) -> f32 {
        match self {
            ObjectSize::Small => 0.065,
            ObjectSize::Big => 0.135,
        }
    }
}

/// Largest offset of an object's centre from its cell's centre, as a fraction of the side.
const POSITION_JITTER: f32 = 0.012;
/// Relative jitter of an object's radius.
const SIZE_JITTER: f32 = 0.05;

/// How each cell of the 3×3 grid (row-major, top left first) is said in a caption.
pub const POSITIONS: [&str; 9] = [
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

/// One drawn object; `centre` and `radius` in pixels.
#[derive(Clone, Debug, PartialEq)]
pub struct Object {
    pub shape: Shape,
    pub colour: Colour,
    pub size: ObjectSize,
    /// Index into [`POSITIONS`] (row · 3 + column).
    pub cell: usize,
    pub centre: (f32, f32),
    pub radius: f32,
}

impl Object {
    /// "a small red triangle at the top left".
    pub fn phrase(&self) -> String {
        format!(
            "a {} {} {} {}",
            self.size.name(),
            self.colour.name,
            self.shape.name(),
            POSITIONS[self.cell]
        )
    }
}

/// A light background: a linear blend from `from` to `to` along `direction` (equal colours:
/// plain) plus uniform per-pixel noise of amplitude `noise`.
#[derive(Clone, Debug, PartialEq)]
pub struct Background {
    pub from: [f32; 3],
    pub to: [f32; 3],
    /// Unit vector; the blend weight is the pixel's projection on it, scaled to [0, 1].
    pub direction: (f32, f32),
    pub noise: f32,
}

/// One image's content.
#[derive(Clone, Debug, PartialEq)]
pub struct Scene {
    pub width: u32,
    pub height: u32,
    pub background: Background,
    pub objects: Vec<Object>,
}

fn light_colour(rng: &mut ChaCha8Rng) -> [f32; 3] {
    let grey: f32 = rng.gen_range(185.0..225.0);
    [0; 3].map(|_| grey + rng.gen_range(-12.0..12.0))
}

impl Scene {
    /// Draws a scene of `width × height` px; with probability `two_objects` it holds two
    /// objects in distinct cells.
    pub fn random((width, height): (u32, u32), two_objects: f64, rng: &mut ChaCha8Rng) -> Scene {
        let from = light_colour(rng);
        let background = match rng.gen_range(0..3) {
            0 => Background {
                from,
                to: from,
                direction: (1.0, 0.0),
                noise: rng.gen_range(0.0..4.0),
            },
            1 => {
                let angle = rng.gen_range(0.0..std::f32::consts::TAU);
                Background {
                    from,
                    to: light_colour(rng),
                    direction: (angle.cos(), angle.sin()),
                    noise: rng.gen_range(0.0..4.0),
                }
            }
            _ => Background {
                from,
                to: from,
                direction: (1.0, 0.0),
                noise: rng.gen_range(8.0..16.0),
            },
        };
        let count = if rng.gen_bool(two_objects) { 2 } else { 1 };
        let mut cells: Vec<usize> = Vec::with_capacity(count);
        while cells.len() < count {
            let cell = rng.gen_range(0..POSITIONS.len());
            if !cells.contains(&cell) {
                cells.push(cell);
            }
        }
        let (width_f, height_f) = (width as f32, height as f32);
        let objects = cells
            .into_iter()
            .map(|cell| {
                let shape = Shape::ALL[rng.gen_range(0..Shape::ALL.len())];
                let colour = COLOURS[rng.gen_range(0..COLOURS.len())];
                let size = ObjectSize::ALL[rng.gen_range(0..ObjectSize::ALL.len())];
                let mut jitter =
                    |side: f32| rng.gen_range(-POSITION_JITTER..POSITION_JITTER) * side;
                let centre = (
                    ((cell % 3) as f32 + 0.5) * width_f / 3.0 + jitter(width_f),
                    ((cell / 3) as f32 + 0.5) * height_f / 3.0 + jitter(height_f),
                );
                let radius = size.radius_fraction()
                    * width_f.min(height_f)
                    * (1.0 + rng.gen_range(-SIZE_JITTER..SIZE_JITTER));
                Object {
                    shape,
                    colour,
                    size,
                    cell,
                    centre,
                    radius,
                }
            })
            .collect();
        Scene {
            width,
            height,
            background,
            objects,
        }
    }

    /// The objects' phrases joined by "and".
    pub fn caption(&self) -> String {
        let phrases: Vec<String> = self.objects.iter().map(Object::phrase).collect();
        phrases.join(" and ")
    }

    /// Renders the scene; `rng` supplies the background noise.
    pub fn render(&self, rng: &mut ChaCha8Rng) -> RgbImage {
        let (w, h) = (self.width as f32, self.height as f32);
        let bg = &self.background;
        // Projections of the corners bound the blend coordinate.
        let project = |x: f32, y: f32| x * bg.direction.0 + y * bg.direction.1;
        let corners = [(0.0, 0.0), (w, 0.0), (0.0, h), (w, h)].map(|(x, y)| project(x, y));
        let lo = corners.iter().copied().fold(f32::INFINITY, f32::min);
        let hi = corners.iter().copied().fold(f32::NEG_INFINITY, f32::max);
        let mut pixels: Vec<[f32; 3]> = (0..self.width * self.height)
            .map(|i| {
                let (x, y) = ((i % self.width) as f32 + 0.5, (i / self.width) as f32 + 0.5);
                let t = (project(x, y) - lo) / (hi - lo);
                let noise = if bg.noise > 0.0 {
                    rng.gen_range(-bg.noise..bg.noise)
                } else {
                    0.0
                };
                [0, 1, 2].map(|c| bg.from[c] + t * (bg.to[c] - bg.from[c]) + noise)
            })
            .collect();
        for object in &self.objects {
            paint(&mut pixels, (self.width, self.height), object);
        }
        RgbImage::from_fn(self.width, self.height, |x, y| {
            let p = pixels[(y * self.width + x) as usize];
            image::Rgb(p.map(|c| c.round().clamp(0.0, 255.0) as u8))
        })
    }
}

/// Blends `object` over `pixels` by its coverage of each pixel (exactly its colour where covered).
fn paint(pixels: &mut [[f32; 3]], (width, height): (u32, u32), object: &Object) {
    let (cx, cy) = object.centre;
    let r = object.radius;
    let range = |c: f32, side: u32| {
        let lo = (c - r).floor().max(0.0) as u32;
        let hi = ((c + r).ceil() as u32).min(side);
        lo..hi
    };
    let step = 1.0 / SUPERSAMPLE as f32;
    for y in range(cy, height) {
        for x in range(cx, width) {
            let mut inside = 0u32;
            for sy in 0..SUPERSAMPLE {
                for sx in 0..SUPERSAMPLE {
                    let u = (x as f32 + (sx as f32 + 0.5) * step - cx) / r;
                    let v = (y as f32 + (sy as f32 + 0.5) * step - cy) / r;
                    inside += object.shape.contains(u, v) as u32;
                }
            }
            if inside == 0 {
                continue;
            }
            let coverage = inside as f32 / (SUPERSAMPLE * SUPERSAMPLE) as f32;
            let pixel = &mut pixels[(y * width + x) as usize];
            for (channel, &target) in pixel.iter_mut().zip(&object.colour.rgb) {
                let target = target as f32;
                *channel = if inside == SUPERSAMPLE * SUPERSAMPLE {
                    target
                } else {
                    *channel + coverage * (target - *channel)
                };
            }
        }
    }
}

/// What to generate.
#[derive(Clone, Debug, PartialEq)]
pub struct SynthConfig {
    /// Training examples.
    pub count: usize,
    /// Held-out examples (0: no `val` folder).
    pub val_count: usize,
    pub seed: u64,
    /// Training shards (1..=count); the held-out set is one shard.
    pub shards: usize,
    /// Image side in pixels ([`IMAGE_SIZES`]): the shorter side of a non-square image.
    pub image_size: u32,
    /// Largest width:height (or height:width) of an image; 1 draws squares ([`MAX_ASPECTS`]).
    pub max_aspect: f64,
    /// Probability that an image holds two objects.
    pub two_objects: f64,
}

impl SynthConfig {
    /// Checks every setting, so nothing is written for a bad request.
    pub fn validate(&self) -> Result<(), DataError> {
        let bad = |msg: String| Err(DataError::Config(msg));
        if self.count == 0 {
            return bad("count must be at least 1".into());
        }
        if self.shards == 0 || self.shards > self.count {
            return bad(format!(
                "shards must be between 1 and count ({}), got {}",
                self.count, self.shards
            ));
        }
        if !IMAGE_SIZES.contains(&self.image_size) {
            return bad(format!(
                "image size must be {}..={} pixels, got {}",
                IMAGE_SIZES.start(),
                IMAGE_SIZES.end(),
                self.image_size
            ));
        }
        if !MAX_ASPECTS.contains(&self.max_aspect) {
            return bad(format!(
                "max aspect must be in [{}, {}], got {}",
                MAX_ASPECTS.start(),
                MAX_ASPECTS.end(),
                self.max_aspect
            ));
        }
        if !(0.0..=1.0).contains(&self.two_objects) {
            return bad(format!(
                "two-object fraction must be in [0, 1], got {}",
                self.two_objects
            ));
        }
        Ok(())
    }
}

/// The two splits; the value is the split's random-stream offset.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Split {
    Train = 0,
    Val = 1,
}

/// Example `index` of `split`: its scene and PNG-encoded image.
pub fn example(config: &SynthConfig, split: Split, index: usize) -> (Scene, Vec<u8>) {
    let stream = 2 * index as u64 + split as u64;
    let side = config.image_size;
    let size = if config.max_aspect > 1.0 {
        let mut rng = ChaCha8Rng::seed_from_u64(config.seed ^ ASPECT_SEED);
        rng.set_stream(stream);
        let log = config.max_aspect.ln();
        let aspect = rng.gen_range(-log..=log).exp();
        let long = |a: f64| (side as f64 * a).round() as u32;
        if aspect >= 1.0 {
            (long(aspect), side)
        } else {
            (side, long(1.0 / aspect))
        }
    } else {
        (side, side)
    };
    let mut rng = ChaCha8Rng::seed_from_u64(config.seed);
    rng.set_stream(stream);
    let scene = Scene::random(size, config.two_objects, &mut rng);
    let image = scene.render(&mut rng);
    let mut png = Vec::new();
    image
        .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .expect("PNG encoding into memory cannot fail");
    (scene, png)
}

/// What [`write_synth`] wrote.
#[derive(Clone, Debug, PartialEq)]
pub struct SynthReport {
    /// Each training shard and its record count.
    pub train: Vec<(PathBuf, u64)>,
    /// The held-out shard(s) and record counts (empty when `val_count` is 0).
    pub val: Vec<(PathBuf, u64)>,
    pub tokenizer: PathBuf,
    /// Size of the tokenizer's vocabulary (specials included).
    pub vocab_size: usize,
}

/// Every caption the generator can produce with one object, and each joined with the next one
/// (so every word of the language occurs).
pub fn caption_language() -> Vec<String> {
    let mut singles = Vec::new();
    for size in ObjectSize::ALL {
        for colour in COLOURS {
            for shape in Shape::ALL {
                for position in POSITIONS {
                    singles.push(format!(
                        "a {} {} {} {position}",
                        size.name(),
                        colour.name,
                        shape.name()
                    ));
                }
            }
        }
    }
    let pairs: Vec<String> = (0..singles.len())
        .map(|i| format!("{} and {}", singles[i], singles[(i + 1) % singles.len()]))
        .collect();
    singles.extend(pairs);
    singles
}

/// Lowercasing, whitespace-splitting tokenizer whose vocabulary is the specials followed by the
/// caption language's words in alphabetical order (each word fed once, so ties order by name).
fn word_tokenizer() -> Result<Tokenizer, DataError> {
    let error = |e: tokenizers::Error| DataError::Tokenizer(e.to_string());
    let words: std::collections::BTreeSet<String> = caption_language()
        .iter()
        .flat_map(|caption| caption.split(' ').map(str::to_string).collect::<Vec<_>>())
        .collect();
    let specials: Vec<AddedToken> = [PAD_TOKEN, EOS_TOKEN, UNK_TOKEN]
        .iter()
        .map(|t| AddedToken::from(*t, true))
        .collect();
    let mut trainer: TrainerWrapper = WordLevelTrainer::builder()
        .show_progress(false)
        .special_tokens(specials.clone())
        .build()
        .map_err(|e| DataError::Tokenizer(e.to_string()))?
        .into();
    let mut tokenizer = Tokenizer::new(WordLevel::default());
    tokenizer
        .with_normalizer(Some(Lowercase))
        .with_pre_tokenizer(Some(WhitespaceSplit));
    tokenizer
        .train(&mut trainer, words.into_iter())
        .map_err(error)?;
    tokenizer.add_special_tokens(&specials);
    Ok(tokenizer)
}

/// Writes `count` examples of `split` into a new shard folder, drawing them on all cores.
fn write_split(
    out: &Path,
    config: &SynthConfig,
    split: Split,
    count: usize,
    shards: usize,
    keys: &FeatureKeys,
) -> Result<Vec<(PathBuf, u64)>, DataError> {
    let mut writer = ShardWriter::create(out, shards)?;
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get());
    let chunk = 16 * workers;
    for start in (0..count).step_by(chunk) {
        let end = (start + chunk).min(count);
        let drawn: Vec<Vec<(Scene, Vec<u8>)>> = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..workers)
                .map(|w| {
                    scope.spawn(move || {
                        (start + w..end)
                            .step_by(workers)
                            .map(|i| example(config, split, i))
                            .collect::<Vec<_>>()
                    })
                })
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().expect("a drawing thread panicked"))
                .collect()
        });
        // Interleave the workers' strided results back into index order.
        let mut iters: Vec<_> = drawn.into_iter().map(Vec::into_iter).collect();
        for i in 0..end - start {
            let (scene, image) = iters[i % workers].next().expect("one result per index");
            let raw = RawExample {
                image,
                captions: vec![scene.caption()],
                label: None,
            };
            writer.write(&raw.to_example(keys))?;
        }
    }
    writer.finish()
}

/// Writes the training shards, the held-out shard and the tokenizer into `out` (missing or
/// empty). Validates everything before creating anything.
pub fn write_synth(
    out: &Path,
    config: &SynthConfig,
    keys: &FeatureKeys,
) -> Result<SynthReport, DataError> {
    config.validate()?;
    ensure_empty_dir(out)?;
    let train = write_split(
        &out.join("train"),
        config,
        Split::Train,
        config.count,
        config.shards,
        keys,
    )?;
    let val = if config.val_count > 0 {
        write_split(
            &out.join("val"),
            config,
            Split::Val,
            config.val_count,
            1,
            keys,
        )?
    } else {
        Vec::new()
    };
    let tokenizer = word_tokenizer()?;
    let path = out.join("tokenizer.json");
    tokenizer
        .save(&path, false)
        .map_err(|e| DataError::Tokenizer(format!("saving {}: {e}", path.display())))?;
    Ok(SynthReport {
        train,
        val,
        vocab_size: tokenizer.get_vocab_size(true),
        tokenizer: path,
    })
}
