//! The committed `graphs/*.mlir` files must equal what the current code generates, and each
//! must compile on the CPU plugin.

mod common;

#[test]
fn committed_graphs_are_up_to_date() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("graphs");
    let programs =
        siglip::reference_programs::reference_programs().expect("reference programs build");
    let mut stale = vec![];
    for (name, module) in &programs {
        let committed = std::fs::read_to_string(dir.join(name)).unwrap_or_default();
        if committed != module.to_stablehlo() {
            stale.push(name.clone());
        }
    }
    let mut on_disk: Vec<String> = std::fs::read_dir(&dir)
        .expect("graphs/ exists")
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".mlir"))
        .collect();
    on_disk.sort();
    let mut expected: Vec<String> = programs.iter().map(|(n, _)| n.clone()).collect();
    expected.sort();
    assert!(
        stale.is_empty() && on_disk == expected,
        "graphs/ is stale (changed: {stale:?}; on disk {on_disk:?}, expected {expected:?}): \
         run `cargo run -- export-graphs --out graphs` and review the diff"
    );
}

#[test]
fn reference_programs_compile() {
    for (name, module) in siglip::reference_programs::reference_programs().unwrap() {
        siglip::program::Program::compile(common::client(), module)
            .unwrap_or_else(|e| panic!("{name} does not compile: {e:#}"));
    }
}
