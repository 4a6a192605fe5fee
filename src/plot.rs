//! Training curves as a PNG: one panel per metric (loss, t, b, learning rate, then every
//! `eval/...` metric) against steps, drawn from `metrics.jsonl` records. An eval metric's chance
//! level (`<metric>_chance`, written by the evaluators) is a dashed line in the metric's panel.
//! And a sweep's final metrics against one of its overrides (`SweepPanel`): one line per series,
//! each point the mean over the runs that share it (seeds) with their range as an error bar.
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
// The closure passed on is not redundant: `draw_panel` named alone is fixed to one backend
// lifetime, while `render_grid` asks for a drawing function for every lifetime.
#[allow(clippy::redundant_closure)]
pub fn render(panels: &[Panel], width: u32, height: u32) -> Result<Vec<u8>, PlotError> {
    render_grid(panels, width, height, |area, panel| draw_panel(area, panel))
}

/// Draws each of `panels` with `draw` in a grid on a `width` × `height` RGB image.
fn render_grid<P>(
    panels: &[P],
    width: u32,
    height: u32,
    draw: impl for<'b> Fn(
        &DrawingArea<BitMapBackend<'b>, plotters::coord::Shift>,
        &P,
    ) -> Result<(), PlotError>,
) -> Result<Vec<u8>, PlotError> {
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
            draw(area, panel)?;
        }
        root.present().map_err(draw_error)?;
    }
    Ok(pixels)
}

/// Renders the curves of `records` and writes them to `out` as PNG.
pub fn write_png(records: &[Record], out: &Path, width: u32, height: u32) -> Result<(), PlotError> {
    save_png(render(&panels(records), width, height)?, out, width, height)
}

fn save_png(pixels: Vec<u8>, out: &Path, width: u32, height: u32) -> Result<(), PlotError> {
    let image = image::RgbImage::from_raw(width, height, pixels).expect("buffer is width×height×3");
    image.save(out).map_err(|e| PlotError::Write {
        path: out.display().to_string(),
        message: e.to_string(),
    })
}

/// One point of a sweep plot: the runs sharing an x value and a series, summarized.
#[derive(Clone, Debug, PartialEq)]
pub struct SweepPoint {
    pub x: f64,
    pub mean: f64,
    pub low: f64,
    pub high: f64,
    /// How many runs it summarizes.
    pub runs: usize,
}

/// One line of a sweep plot.
#[derive(Clone, Debug, PartialEq)]
pub struct SweepSeries {
    pub name: String,
    /// Ordered by x.
    pub points: Vec<SweepPoint>,
}

/// A metric of a sweep against one override: one line per series, chance dashed.
#[derive(Clone, Debug, PartialEq)]
pub struct SweepPanel {
    pub metric: String,
    pub x_label: String,
    pub series: Vec<SweepSeries>,
    pub chance: Option<f64>,
}

/// Line colours of a sweep plot's series, in order (then repeated).
const SERIES_COLOURS: [RGBColor; 6] = [
    RGBColor(31, 119, 180),
    RGBColor(214, 39, 40),
    RGBColor(44, 160, 44),
    RGBColor(255, 127, 14),
    RGBColor(148, 103, 189),
    RGBColor(140, 86, 75),
];

/// Renders sweep panels as the bytes of a PNG (written by the caller: the runs root may be in a
/// bucket).
pub fn sweep_png(panels: &[SweepPanel], width: u32, height: u32) -> Result<Vec<u8>, PlotError> {
    let pixels = render_grid(panels, width, height, |area, panel| {
        draw_sweep_panel(area, panel)
    })?;
    let image = image::RgbImage::from_raw(width, height, pixels).expect("buffer is width×height×3");
    let mut png = std::io::Cursor::new(Vec::new());
    image
        .write_to(&mut png, image::ImageFormat::Png)
        .map_err(draw_error)?;
    Ok(png.into_inner())
}

/// x on a log scale (base 2 ticks: batch sizes) when every x is positive and they span 8× or
/// more; linear otherwise.
fn draw_sweep_panel<DB: DrawingBackend>(
    area: &DrawingArea<DB, plotters::coord::Shift>,
    panel: &SweepPanel,
) -> Result<(), PlotError> {
    let points: Vec<(f64, f64)> = panel
        .series
        .iter()
        .flat_map(|s| s.points.iter().flat_map(|p| [(p.x, p.low), (p.x, p.high)]))
        .chain(panel.chance.map(|c| (f64::NAN, c)))
        .collect();
    let (_, y_range) = padded_ranges(&points);
    let xs: Vec<f64> = points
        .iter()
        .map(|p| p.0)
        .filter(|x| x.is_finite())
        .collect();
    let (x_lo, x_hi) = xs
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &x| {
            (lo.min(x), hi.max(x))
        });
    let log_x = x_lo > 0.0 && x_hi / x_lo >= 8.0;
    // Drawn in log2(x) when log_x, so ticks can be labelled as the powers of two they are.
    let to_axis = |x: f64| if log_x { x.log2() } else { x };
    let (a_lo, a_hi) = (to_axis(x_lo), to_axis(x_hi));
    let pad = if a_hi > a_lo {
        (a_hi - a_lo) * 0.05
    } else {
        0.5
    };
    let (x_start, x_end) = (a_lo - pad, a_hi + pad);
    let mut chart = ChartBuilder::on(area)
        .caption(&panel.metric, (FONT, 18))
        .margin(10)
        .x_label_area_size(36)
        .y_label_area_size(64)
        .build_cartesian_2d(x_start..x_end, y_range)
        .map_err(draw_error)?;
    let x_format = |a: &f64| {
        if log_x {
            format_value(2f64.powf(*a).round())
        } else {
            format_value(*a)
        }
    };
    chart
        .configure_mesh()
        .x_desc(panel.x_label.as_str())
        .x_labels(if log_x { (a_hi - a_lo) as usize + 1 } else { 6 })
        .y_labels(6)
        .x_label_formatter(&x_format)
        .y_label_formatter(&|y| format_value(*y))
        .label_style((FONT, 12))
        .light_line_style(BACKGROUND.mix(0.0))
        .draw()
        .map_err(draw_error)?;
    for (series, colour) in panel.series.iter().zip(SERIES_COLOURS.iter().cycle()) {
        let style = colour.stroke_width(2);
        chart
            .draw_series(LineSeries::new(
                series.points.iter().map(|p| (to_axis(p.x), p.mean)),
                style,
            ))
            .map_err(draw_error)?
            .label(series.name.as_str())
            .legend(move |(x, y)| PathElement::new([(x, y), (x + 16, y)], style));
        chart
            .draw_series(series.points.iter().map(|p| {
                ErrorBar::new_vertical(to_axis(p.x), p.low, p.mean, p.high, colour.filled(), 6)
            }))
            .map_err(draw_error)?;
    }
    if let Some(chance) = panel.chance {
        chart
            .draw_series(DashedLineSeries::new(
                [(x_start, chance), (x_end, chance)],
                6,
                4,
                CHANCE_LINE.stroke_width(1),
            ))
            .map_err(draw_error)?
            .label("chance")
            .legend(|(x, y)| PathElement::new([(x, y), (x + 16, y)], CHANCE_LINE));
    }
    chart
        .configure_series_labels()
        .background_style(BACKGROUND.mix(0.8))
        .border_style(CHANCE_LINE)
        .label_font((FONT, 12))
        .position(SeriesLabelPosition::UpperRight)
        .draw()
        .map_err(draw_error)?;
    Ok(())
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
    // Below 1e-12 is a tick meant to be zero that the axis arithmetic left a rounding error in.
    if magnitude < 1e-12 || (1e-3..1e5).contains(&magnitude) {
        let v = if magnitude < 1e-12 { 0.0 } else { v };
        format!("{v:.4}")
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
