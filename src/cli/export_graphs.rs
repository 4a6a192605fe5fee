//! `siglip export-graphs`: writes the StableHLO of the reference programs (see `graphs.rs`).

use std::path::PathBuf;

use anyhow::{Context, Result};

#[derive(clap::Args)]
pub struct ExportGraphsArgs {
    /// Folder to write the `.mlir` files into (created if missing).
    #[arg(long, default_value = "graphs")]
    out: PathBuf,
}

pub fn run(args: ExportGraphsArgs) -> Result<()> {
    std::fs::create_dir_all(&args.out)
        .with_context(|| format!("creating {}", args.out.display()))?;
    for (name, module) in crate::reference_programs::reference_programs()? {
        let path = args.out.join(&name);
        let text = module.to_stablehlo();
        std::fs::write(&path, &text).with_context(|| format!("writing {}", path.display()))?;
        println!("{} ({} lines)", path.display(), text.lines().count());
    }
    Ok(())
}
