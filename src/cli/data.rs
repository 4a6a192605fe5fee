//! `siglip data ...`: placeholder until the input pipeline lands.

#[derive(clap::Subcommand)]
pub enum DataCommand {
    /// Not implemented yet.
    Stats,
}

pub fn run(_cmd: DataCommand) -> anyhow::Result<()> {
    anyhow::bail!("not implemented yet")
}
