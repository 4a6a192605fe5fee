//! `siglip plot`: a synthetic metrics.jsonl gives a PNG of the asked size with a drawn curve
//! (and text) in every panel; chance levels join their metric's panel.

use std::process::Command;

use siglip::metrics::{MetricsWriter, Record};
use siglip::plot;

fn write_metrics(run_dir: &std::path::Path) -> Vec<Record> {
    let mut writer = MetricsWriter::open(run_dir, None).unwrap();
    let mut records = Vec::new();
    for step in (0..=200).step_by(5) {
        let s = step as f64;
        let values = [
            ("loss", 10.0 * (-s / 60.0).exp() + 0.5),
            ("t", 10.0 + s / 20.0),
            ("b", -10.0 + s / 50.0),
            ("lr", 1e-3 * (s / 50.0).min(1.0)),
            ("images_per_s", 300.0),
        ];
        records.push(Record {
            step,
            values: values.iter().map(|&(k, v)| (k.to_string(), v)).collect(),
        });
        if step % 50 == 0 {
            records.push(Record {
                step,
                values: [
                    ("eval/synth/recall@1".to_string(), s / 250.0),
                    ("eval/synth/recall@1_chance".to_string(), 0.01),
                    ("eval/synth/loss".to_string(), 3.0 - s / 100.0),
                ]
                .into(),
            });
        }
    }
    for r in &records {
        writer.write(r).unwrap();
    }
    records
}

#[test]
fn panels_cover_train_and_eval_metrics() {
    let run = tempfile::tempdir().unwrap();
    let records = write_metrics(run.path());
    let panels = plot::panels(&records);
    let titles: Vec<&str> = panels.iter().map(|p| p.title.as_str()).collect();
    assert_eq!(
        titles,
        [
            "loss",
            "temperature t",
            "bias b",
            "learning rate",
            "eval/synth/loss",
            "eval/synth/recall@1"
        ]
    );
    assert_eq!(panels[0].points.len(), 41);
    assert_eq!(
        panels[5].points,
        [
            (0.0, 0.0),
            (50.0, 0.2),
            (100.0, 0.4),
            (150.0, 0.6),
            (200.0, 0.8)
        ]
    );
    // The chance level is drawn inside its metric's panel, not as a panel of its own.
    assert_eq!(
        panels[5].chance,
        [0.0, 50.0, 100.0, 150.0, 200.0].map(|x| (x, 0.01))
    );
    assert!(panels[4].chance.is_empty());
    assert_eq!(plot::grid(6), (3, 2));
    assert_eq!(plot::grid(1), (1, 1));
}

#[test]
fn plot_command_writes_png_with_content_in_every_panel() {
    let run = tempfile::tempdir().unwrap();
    write_metrics(run.path());
    let out = run.path().join("curves.png");
    let status = Command::new(env!("CARGO_BIN_EXE_siglip"))
        .args([
            "plot",
            run.path().to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ])
        .args(["--width", "1000", "--height", "900"])
        .status()
        .unwrap();
    assert!(status.success());
    let image = image::open(&out).unwrap().to_rgb8();
    assert_eq!(image.dimensions(), (1000, 900));
    // 6 panels on a 3×2 grid; each must hold dark (text, axes) and curve-coloured pixels.
    let (pw, ph) = (500, 300);
    for row in 0..3 {
        for col in 0..2 {
            let (mut dark, mut curve) = (0, 0);
            for y in row * ph..(row + 1) * ph {
                for x in col * pw..(col + 1) * pw {
                    let [r, g, b] = image.get_pixel(x, y).0;
                    dark += usize::from(r < 100 && g < 100 && b < 100);
                    curve += usize::from(b > 150 && r < 120);
                }
            }
            assert!(dark > 500, "panel ({row},{col}): {dark} dark pixels");
            // The title strip above the chart holds only the caption's text.
            let title_ink = (row * ph..row * ph + 28)
                .flat_map(|y| (col * pw..(col + 1) * pw).map(move |x| (x, y)))
                .filter(|&(x, y)| image.get_pixel(x, y).0.iter().all(|&c| c < 128))
                .count();
            assert!(
                title_ink > 30,
                "panel ({row},{col}): title not drawn ({title_ink})"
            );
            assert!(curve > 100, "panel ({row},{col}): {curve} curve pixels");
        }
    }
    // Default output next to the metrics.
    let status = Command::new(env!("CARGO_BIN_EXE_siglip"))
        .args(["plot", run.path().to_str().unwrap()])
        .status()
        .unwrap();
    assert!(status.success());
    let default = image::open(run.path().join("metrics.png")).unwrap();
    assert_eq!((default.width(), default.height()), (1200, 900));
}

#[test]
fn nothing_to_plot_is_an_error() {
    let records = [Record {
        step: 1,
        values: [("images_per_s".to_string(), 1.0)].into(),
    }];
    assert!(matches!(
        plot::render(&plot::panels(&records), 100, 100),
        Err(plot::PlotError::Empty)
    ));
}
