//! `siglip devices`: placeholder until the runtime layer lands.

#[derive(clap::Args)]
pub struct DevicesArgs {}

pub fn run(_args: DevicesArgs) -> anyhow::Result<()> {
    anyhow::bail!("not implemented yet")
}
