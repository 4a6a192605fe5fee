fn main() -> std::process::ExitCode {
    siglip::cli::main()
}
