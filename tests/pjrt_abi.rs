//! Checks the hand-declared PJRT structs (src/pjrt/ffi.rs) against the C header shipped in
//! the `xla-cpu-pjrt` wheel: a C probe compiled with `cc` prints sizeof, `_STRUCT_SIZE` and
//! offsetof / field sizes for everything `ffi::declared_layout()` lists (and the extension
//! type we look for), and the values must match. The profiler extension's structs are declared
//! in headers no pinned wheel ships; `tests/tpu_compile.rs` and `tests/gpu_compile.rs` run
//! them against libtpu and the CUDA plugin instead.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::Command;

use siglip::pjrt::{ffi, python_site_dirs};

const HEADER_IN_WHEEL: &str = "xla_plugins/xla_cpu_pjrt/include/pjrt_c_api.h";

/// `$PJRT_C_API_HEADER`, else the header inside an installed xla-cpu-pjrt wheel.
fn find_header() -> PathBuf {
    if let Some(path) = std::env::var_os("PJRT_C_API_HEADER") {
        return PathBuf::from(path);
    }
    let dirs = python_site_dirs();
    dirs.iter()
        .map(|d| d.join(HEADER_IN_WHEEL))
        .find(|p| p.is_file())
        .unwrap_or_else(|| {
            panic!(
                "pjrt_c_api.h not found in {dirs:?}; install it with \
                 `python3 -m pip install xla-cpu-pjrt==0.0.1` (or `make plugin`)"
            )
        })
}

/// Turns a layout name into the C probe that prints it.
fn probe(name: &str) -> String {
    if let Some(field) = name.strip_suffix(":size") {
        let (ty, field) = field.split_once('.').unwrap();
        format!("PROBE_FIELD_SIZE({ty}, {field})")
    } else if let Some((ty, field)) = name.split_once('.') {
        format!("PROBE_FIELD({ty}, {field})")
    } else if name.ends_with("_STRUCT_SIZE") || name.starts_with("PJRT_Extension_Type_") {
        format!("PROBE_CONSTANT({name})")
    } else {
        format!("PROBE_SIZE({name})")
    }
}

#[test]
fn declared_structs_match_the_c_header() {
    let header = find_header();
    let layout = ffi::declared_layout();
    assert!(layout.len() > 200, "only {} layout entries", layout.len());

    let work = tempfile::tempdir().unwrap();
    let probes: String = layout.iter().map(|e| probe(&e.name) + "\n").collect();
    std::fs::write(work.path().join("probes.inc"), probes).unwrap();
    let source = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/pjrt_abi.c");
    let binary = work.path().join("pjrt_abi");
    let compiled = Command::new(std::env::var("CC").unwrap_or_else(|_| "cc".into()))
        .arg("-std=c11")
        .arg("-I")
        .arg(header.parent().unwrap())
        .arg("-I")
        .arg(work.path())
        .arg(&source)
        .arg("-o")
        .arg(&binary)
        .output()
        .expect("running the C compiler (cc)");
    assert!(
        compiled.status.success(),
        "compiling the ABI probe failed:\n{}",
        String::from_utf8_lossy(&compiled.stderr)
    );
    let run = Command::new(&binary).output().unwrap();
    assert!(run.status.success());
    let c_values: BTreeMap<String, usize> = String::from_utf8(run.stdout)
        .unwrap()
        .lines()
        .map(|line| {
            let (name, value) = line.rsplit_once(' ').unwrap();
            (name.to_string(), value.parse().unwrap())
        })
        .collect();

    let mismatches: Vec<String> = layout
        .iter()
        .filter(|e| c_values.get(&e.name) != Some(&e.value))
        .map(|e| {
            format!(
                "{}: Rust {} vs C {:?}",
                e.name,
                e.value,
                c_values.get(&e.name)
            )
        })
        .collect();
    assert!(
        mismatches.is_empty(),
        "ABI mismatches:\n{}",
        mismatches.join("\n")
    );
    assert_eq!(c_values.len(), layout.len(), "duplicate layout names");
}
