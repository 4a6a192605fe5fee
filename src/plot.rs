//! Training curves as a PNG: one panel per metric (loss, t, b, learning rate, then every
//! `eval/...` metric) against steps, drawn from `metrics.jsonl` records. An eval metric's chance
//! level (`<metric>_chance`, written by the evaluators) is a dashed line in the metric's panel.
//!
//! Drawn with `plotters` into an RGB buffer and encoded with `image`; text uses DejaVu Sans
//! bundled by the `dejavu` crate (through plotters' `ab_glyph` backend), so plotting needs no
//! system fonts.

use std::path::Path;
use std::sync::Once;

use plotters::prelude::*;
use plotters::style::FontStyle;

use crate::metrics::{chance_key, Record, CHANCE_SUFFIX, EVAL_PREFIX};

/// Metrics that get a panel, in order, when present; every `eval/...` metric follows them.
const TRAIN_PANELS: [(&str, &str); 4] = [
    ("loss", "loss"),
    ("t", "temperature t"),
    ("b", "bias b"),
    ("lr", "learning rate"),
];
const FONT: &str = "sans-serif";
const BACKGROUND: RGBColor = WHITE;
const LINE: RGBColor = RGBColor(31, 119, 180);
const CHANCE_LINE: RGBColor = RGBColor(120, 120, 120);

#[derive(Debug, thiserror::Error)]
pub enum PlotError {
    #[error("no metric to plot (none of loss, t, b, lr or eval/...)")]
    Empty,
    #[error("drawing: {0}")]
    Draw(String),
    #[error("writing {path}: {message}")]
    Write { path: String, message: String },
}

fn draw_error(e: impl std::fmt::Display) -> PlotError {
    PlotError::Draw(e.to_string())
}

/// One panel: a title, its (step, value) points and, for eval metrics, the chance level's.
#[derive(Clone, Debug, PartialEq)]
pub struct Panel {
    pub title: String,
    pub points: Vec<(f64, f64)>,
    pub chance: Vec<(f64, f64)>,
}

/// The panels for `records`: the training metrics that occur, then every eval metric by name.
/// Non-finite values are left out.
pub fn panels(records: &[Record]) -> Vec<Panel> {
    let mut eval_names: Vec<&str> = records
        .iter()
        .flat_map(|r| r.values.keys())
        .filter(|name| name.starts_with(EVAL_PREFIX) && !name.ends_with(CHANCE_SUFFIX))
        .map(String::as_str)
        .collect();
    eval_names.sort_unstable();
    eval_names.dedup();
    let named = TRAIN_PANELS
        .iter()
        .map(|&(key, title)| (key, title.to_string()))
        .chain(eval_names.into_iter().map(|name| (name, name.to_string())));
    let series = |key: &str| -> Vec<(f64, f64)> {
        records
            .iter()
            .filter_map(|r| Some((r.step as f64, *r.values.get(key)?)))
            .filter(|(_, v)| v.is_finite())
            .collect()
    };
    named
        .filter_map(|(key, title)| {
            let points = series(key);
            let chance = series(&chance_key(key));
            (!points.is_empty()).then_some(Panel {
                title,
                points,
                chance,
            })
        })
        .collect()
}

/// Rows and columns of the panel grid: up to 2 columns, as many rows as needed.
pub fn grid(panel_count: usize) -> (usize, usize) {
    let cols = panel_count.clamp(1, 2);
    (panel_count.div_ceil(cols), cols)
}

/// Draws `panels` on a `width` × `height` RGB image (row-major, 3 bytes per pixel).
pub fn render(panels: &[Panel], width: u32, height: u32) -> Result<Vec<u8>, PlotError> {
    if panels.is_empty() {
        return Err(PlotError::Empty);
    }
    register_font();
    let mut pixels = vec![0u8; width as usize * height as usize * 3];
    {
        let root = BitMapBackend::with_buffer(&mut pixels, (width, height)).into_drawing_area();
        root.fill(&BACKGROUND).map_err(draw_error)?;
        let (rows, cols) = grid(panels.len());
        for (area, panel) in root.split_evenly((rows, cols)).iter().zip(panels) {
            draw_panel(area, panel)?;
        }
        root.present().map_err(draw_error)?;
    }
    Ok(pixels)
}

/// Renders the curves of `records` and writes them to `out` as PNG.
pub fn write_png(records: &[Record], out: &Path, width: u32, height: u32) -> Result<(), PlotError> {
    let pixels = render(&panels(records), width, height)?;
    let image = image::RgbImage::from_raw(width, height, pixels).expect("buffer is width×height×3");
    image.save(out).map_err(|e| PlotError::Write {
        path: out.display().to_string(),
        message: e.to_string(),
    })
}

fn draw_panel<DB: DrawingBackend>(
    area: &DrawingArea<DB, plotters::coord::Shift>,
    panel: &Panel,
) -> Result<(), PlotError> {
    let all_points: Vec<(f64, f64)> = panel.points.iter().chain(&panel.chance).copied().collect();
    let (x_range, y_range) = padded_ranges(&all_points);
    let (x_start, x_end) = (x_range.start, x_range.end);
    let mut chart = ChartBuilder::on(area)
        .caption(&panel.title, (FONT, 18))
        .margin(10)
        .x_label_area_size(30)
        .y_label_area_size(64)
        .build_cartesian_2d(x_range, y_range)
        .map_err(draw_error)?;
    chart
        .configure_mesh()
        .x_desc("step")
        .x_labels(6)
        .y_labels(6)
        .x_label_formatter(&|x| format!("{x:.0}"))
        .y_label_formatter(&|y| format_value(*y))
        .label_style((FONT, 12))
        .light_line_style(BACKGROUND.mix(0.0))
        .draw()
        .map_err(draw_error)?;
    chart
        .draw_series(LineSeries::new(
            panel.points.iter().copied(),
            LINE.stroke_width(2),
        ))
        .map_err(draw_error)?;
    // Chance depends only on the eval set, so the latest level spans the panel.
    if let Some(&(_, chance)) = panel.chance.last() {
        chart
            .draw_series(DashedLineSeries::new(
                [(x_start, chance), (x_end, chance)],
                6,
                4,
                CHANCE_LINE.stroke_width(1),
            ))
            .map_err(draw_error)?;
    }
    // Sparse curves (evaluations) also get a marker per point, so single points show.
    if panel.points.len() <= 20 {
        chart
            .draw_series(
                panel
                    .points
                    .iter()
                    .map(|&p| Circle::new(p, 3, LINE.filled())),
            )
            .map_err(draw_error)?;
    }
    Ok(())
}

/// Axis ranges covering the points with 5% padding (never empty, so flat curves still draw).
fn padded_ranges(points: &[(f64, f64)]) -> (std::ops::Range<f64>, std::ops::Range<f64>) {
    let span = |values: &mut dyn Iterator<Item = f64>| {
        let (lo, hi) = values.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
            (lo.min(v), hi.max(v))
        });
        let pad = if hi > lo {
            (hi - lo) * 0.05
        } else if lo != 0.0 {
            // Relative to the value, so a flat 0.003 is not drawn on a ±0.05 axis.
            lo.abs() * 0.05
        } else {
            0.05
        };
        (lo - pad)..(hi + pad)
    };
    (
        span(&mut points.iter().map(|p| p.0)),
        span(&mut points.iter().map(|p| p.1)),
    )
}

/// Tick labels: plain decimals in a readable range, scientific notation otherwise (learning rates).
fn format_value(v: f64) -> String {
    let magnitude = v.abs();
    if v == 0.0 || (1e-2..1e5).contains(&magnitude) {
        format!("{v:.3}")
            .trim_end_matches('0')
            .trim_end_matches('.')
            .to_string()
    } else {
        format!("{v:.2e}")
    }
}

fn register_font() {
    static REGISTER: Once = Once::new();
    REGISTER.call_once(|| {
        plotters::style::register_font(FONT, FontStyle::Normal, dejavu::sans::regular())
            .unwrap_or_else(|_| panic!("the bundled DejaVu Sans is a valid font"));
    });
}
