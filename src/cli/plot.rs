//! `siglip plot RUN_DIR [--out FILE.png]`: draw a run's curves from its metrics.jsonl.

use std::path::PathBuf;

use anyhow::Context;

use crate::metrics::{self, METRICS_FILE};
use crate::plot;

#[derive(clap::Args)]
pub struct PlotArgs {
    /// Run directory holding metrics.jsonl.
    run_dir: PathBuf,
    /// Output PNG [default: RUN_DIR/metrics.png].
    #[arg(long)]
    out: Option<PathBuf>,
    #[arg(long, default_value_t = 1200)]
    width: u32,
    /// Image height [default: 300 pixels per row of panels].
    #[arg(long)]
    height: Option<u32>,
}

pub fn run(args: PlotArgs) -> anyhow::Result<()> {
    let path = args.run_dir.join(METRICS_FILE);
    let records = metrics::read(&path)?;
    let panels = plot::panels(&records);
    let (rows, _) = plot::grid(panels.len());
    let height = args.height.unwrap_or(300 * rows.max(1) as u32);
    let out = args.out.unwrap_or_else(|| args.run_dir.join("metrics.png"));
    plot::write_png(&records, &out, args.width, height)
        .with_context(|| format!("plotting {}", path.display()))?;
    println!(
        "{} panels, {} records -> {}",
        panels.len(),
        records.len(),
        out.display()
    );
    Ok(())
}
