//! `siglip train --profile START:COUNT` on `configs/tiny_cpu.yaml` (and `siglip bench step
//! --profile DIR`): the profile XProf reads (`tests/xprof_read.py`, XProf's own converter) has
//! the host's phases of exactly the profiled steps as lines of its trace viewer, the log says
//! why the device part is missing (the CPU plugin has no PJRT profiler extension; libtpu has
//! one), the checkpoint equals an unprofiled run's, and bad `--profile` values or an unwritable
//! run directory fail before compiling.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

use serde_json::json;
use siglip::checkpoint;
use siglip::pjrt::PROFILER_EXTENSION;

/// The log filter under which the binary logs every compile, and what that line says.
const COMPILE_LOG: &str = "siglip::pjrt::client=debug,siglip=info";
const COMPILED: &str = "compiled program";

fn data() -> &'static Path {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        common::write_tiny_synth(&dir.path().join("synth"), 96, 16, 2);
        dir
    })
    .path()
}

/// `siglip train` of 6 steps (an evaluation and a checkpoint after step 3) in `run_dir`.
fn train(run_dir: &Path, extra: &[&str]) -> Output {
    let synth = data().join("synth");
    let config = Path::new(env!("CARGO_MANIFEST_DIR")).join("configs/tiny_cpu.yaml");
    let sets = [
        format!("data.train.shards={}", synth.join("train").display()),
        format!("data.tokenizer={}", synth.join("tokenizer.json").display()),
        format!("evals[0].data={}", synth.join("val").display()),
        "evals[0].every=3".into(),
        "train.steps=6".into(),
        "train.batch_size=16".into(),
        "train.log_every=2".into(),
        "checkpoint.every=3".into(),
        "schedule.warmup_steps=1".into(),
    ];
    let mut command = Command::new(env!("CARGO_BIN_EXE_siglip"));
    command.arg("train").arg("-c").arg(config);
    for set in &sets {
        command.arg("--set").arg(set);
    }
    command
        .arg("--run-dir")
        .arg(run_dir)
        .args(extra)
        .env("SIGLIP_LOG", COMPILE_LOG)
        .output()
        .unwrap()
}

fn digest(run_dir: &Path) -> String {
    let latest = checkpoint::latest(run_dir).unwrap().expect("a checkpoint");
    checkpoint::digest(&checkpoint::load(&latest).unwrap())
}

#[test]
fn the_cpu_plugin_has_no_profiler_extension() {
    // As a walk of the plugin's PJRT_Api extension list with Python's ctypes showed: the CPU
    // plugin (API 0.106) offers PhaseCompile (9), FFI (5), MemoryDescriptions (6) and Layouts
    // (4) after one type newer than our header, and no profiler (libtpu's: tests/tpu_compile.rs).
    let cpu = common::client().plugin();
    assert!(!cpu.has_profiler(), "{:?}", cpu.extension_types());
    assert!(!cpu.extension_types().contains(&PROFILER_EXTENSION));
    for offered in [4, 5, 6, 9] {
        assert!(cpu.extension_types().contains(&offered));
    }
}

#[test]
fn a_profiled_run_records_its_host_phases_and_trains_as_an_unprofiled_one() {
    let plain = tempfile::tempdir().unwrap();
    let out = train(plain.path(), &[]);
    assert!(out.status.success(), "{out:?}");
    assert!(!plain.path().join("plugins").exists());

    let profiled = tempfile::tempdir().unwrap();
    let out = train(profiled.path(), &["--profile", "2:3"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains("has no PJRT profiler extension")
            && stderr.contains("the profile holds the host's phases only"),
        "{stderr}"
    );
    assert_eq!(digest(plain.path()), digest(profiled.path()));

    let read = common::python_json("xprof_read.py", profiled.path());
    let path = PathBuf::from(read["paths"][0].as_str().unwrap());
    assert!(path.starts_with(profiled.path().join("plugins/profile")));
    assert!(path.to_str().unwrap().ends_with(".xplane.pb"), "{path:?}");
    assert_eq!(
        read["lines"],
        json!({
            "waiting for input": ["waiting for input 2", "waiting for input 3", "waiting for input 4"],
            "train step": ["train step 2", "train step 3", "train step 4"],
            "evaluation": ["evaluation 3"],
            "checkpoint": ["checkpoint 3"],
        })
    );
    assert!(
        read["tools"]
            .as_array()
            .unwrap()
            .contains(&json!("trace_viewer@")),
        "{read}"
    );
}

#[test]
fn bad_profile_values_and_an_unwritable_run_dir_fail_before_compiling() {
    let dir = tempfile::tempdir().unwrap();
    let run_dir = dir.path().join("run");
    for (value, message) in [
        (
            "2:0",
            "step count in `2:0` must be a whole number of at least 1",
        ),
        (
            "0:3",
            "start step in `0:3` must be a whole number of at least 1",
        ),
        ("2:-1", "step count in `2:-1`"),
        ("4", "`4` is not START:COUNT"),
    ] {
        let out = train(&run_dir, &["--profile", value]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{value}: {stderr}");
        assert!(stderr.contains(message), "{value}: {stderr}");
    }
    let out = train(&run_dir, &["--profile", "7:1"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("--profile 7:1: step 7 is past train.steps = 6"),
        "{stderr}"
    );
    assert!(!stderr.contains(COMPILED), "{stderr}");
    assert!(!run_dir.exists(), "nothing written");

    // A run directory inside a file cannot be made; nor can a profile directory where the run
    // directory has a file named `plugins`.
    let file = dir.path().join("file");
    std::fs::write(&file, "x").unwrap();
    let blocked = dir.path().join("blocked");
    std::fs::create_dir(&blocked).unwrap();
    std::fs::write(blocked.join("plugins"), "x").unwrap();
    for (run_dir, message) in [
        (file.join("run"), "file/run/checkpoints: Not a directory"),
        (blocked.clone(), "--profile: creating"),
    ] {
        let out = train(&run_dir, &["--profile", "2:1"]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{stderr}");
        assert!(stderr.contains(message), "{stderr}");
        assert!(!stderr.contains(COMPILED), "{stderr}");
    }
}

#[test]
fn bench_step_profiles_its_timed_steps() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_siglip"))
        .args([
            "bench", "step", "--batch", "2", "--warmup", "1", "--steps", "2",
        ])
        .arg("--profile")
        .arg(dir.path())
        .env("SIGLIP_LOG", "warn")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains("has no PJRT profiler extension"),
        "{stderr}"
    );
    let line: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let read = common::python_json("xprof_read.py", dir.path());
    assert_eq!(line["profile"], read["paths"][0]);
    // The warm-up step (1) is not profiled.
    assert_eq!(
        read["lines"],
        json!({
            "waiting for input": ["waiting for input 2", "waiting for input 3"],
            "train step": ["train step 2", "train step 3"],
        })
    );
}
