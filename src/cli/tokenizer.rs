//! `siglip tokenizer ...`: placeholder until the input pipeline lands.

#[derive(clap::Subcommand)]
pub enum TokenizerCommand {
    /// Not implemented yet.
    Train,
}

pub fn run(_cmd: TokenizerCommand) -> anyhow::Result<()> {
    anyhow::bail!("not implemented yet")
}
