fn main() -> anyhow::Result<()> {
    siglip::cli::main()
}
