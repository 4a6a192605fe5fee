//! `siglip plan --target` and `siglip devices --topology` as a user runs them: libtpu compiles
//! the tiny demo model's step for a v4 slice with no TPU attached, and bad targets are refused
//! before anything is compiled.

use std::process::{Command, Output};

fn siglip(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_siglip"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("running siglip")
}

fn text(output: &Output) -> (String, String) {
    (
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

const TINY: [&str; 2] = ["-c", "configs/tiny_cpu.yaml"];

#[test]
fn a_tiny_ring_step_is_planned_for_a_v4_slice_by_libtpu() {
    let dir = tempfile::tempdir().unwrap();
    let emitted = dir.path().join("step.mlir");
    let output = siglip(&[
        "plan",
        TINY[0],
        TINY[1],
        "--set",
        "runtime.devices=4",
        "--set",
        "loss=sigmoid_ring",
        "--target",
        "tpu-v4",
        "--emit-stablehlo",
        emitted.to_str().unwrap(),
    ]);
    let (out, err) = text(&output);
    assert!(output.status.success(), "{out}\n{err}");
    assert!(
        out.contains("target: tpu-v4:2x2x1 (libtpu, tpu TFRT TPU v4: 4 × TPU v4 on 1 host(s)"),
        "{out}"
    );
    assert!(out.contains("compiled train step (libtpu, "), "{out}");
    assert!(out.contains("tpu-v4: fits ("), "{out}");
    assert!(
        out.contains("of the 30.75 GiB libtpu may use per chip"),
        "{out}"
    );
    // The step written is the step compiled: 4 replicas with the ring's permutes.
    let step = std::fs::read_to_string(&emitted).unwrap();
    assert!(step.contains("mhlo.num_replicas = 4"));
    assert!(step.contains("stablehlo.collective_permute"));
    // Off a terminal, one line says what is compiling; libtpu's own log lines stay out.
    let lines: Vec<&str> = err.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(
        lines,
        ["compiling the train step for tpu-v4:2x2x1 with libtpu (batch 64) ..."],
        "{err}"
    );
}

#[test]
fn a_two_host_topology_lists_its_devices_with_their_processes() {
    let output = siglip(&["devices", "--plugin", "tpu", "--topology", "v4:2x2x2"]);
    let (out, err) = text(&output);
    assert!(output.status.success(), "{out}\n{err}");
    assert!(out.contains("devices:       8 on 2 process(es)"), "{out}");
    let processes: Vec<&str> = out
        .lines()
        .filter(|l| l.trim_start().starts_with("id="))
        .map(|l| l.split_whitespace().nth(3).unwrap())
        .collect();
    assert_eq!(
        processes,
        [["process=0"; 4], ["process=1"; 4]].concat(),
        "{out}"
    );
}

/// Each bad flag is refused with what was wrong, before libtpu is loaded.
#[test]
fn bad_targets_are_refused_before_compiling() {
    let cases: [(&[&str], &str); 8] = [
        (
            &["--target", "tpu-v9"],
            "unknown target `tpu-v9` (known: tpu-v4, tpu-v5e, tpu-v5p, tpu-v6e, a100, h100, h200",
        ),
        (
            &["--target", "tpu-v4:2x2x2"],
            "target `tpu-v4:2x2x2` has 8 chips but runtime.devices is 1",
        ),
        (
            &["--target", "tpu-v4:2x2"],
            "the slice must be 3 numbers of at least 1 joined by `x`",
        ),
        (
            &[
                "--set",
                "runtime.devices=12",
                "--set",
                "train.batch_size=96",
                "--target",
                "tpu-v4",
            ],
            "12 devices is not a tpu-v4 slice size (a power of two)",
        ),
        (
            &["--max-batch"],
            "--max-batch searches for a target: give --target (e.g. tpu-v4 or h100)",
        ),
        (
            &["--target", "tpu-v4", "--plugin", "cpu"],
            "--target compiles with the target's own compiler; --plugin cpu cannot be used",
        ),
        (
            &[
                "--set",
                "runtime.devices=12",
                "--set",
                "train.batch_size=96",
                "--target",
                "h100",
            ],
            "12 devices is not a h100 slice size (up to 8, or hosts of 8); name the slice, as \
             in --target h100:1x8",
        ),
        (
            &["--target", "h100:1x2x2"],
            "target `h100:1x2x2`: the slice must be 2 numbers of at least 1 joined by `x` (as \
             in 1x8)",
        ),
    ];
    for (flags, expected) in cases {
        let mut args = vec!["plan", TINY[0], TINY[1]];
        args.extend_from_slice(flags);
        let output = siglip(&args);
        let (out, err) = text(&output);
        assert_eq!(output.status.code(), Some(1), "{flags:?}: {out}\n{err}");
        assert!(err.contains(expected), "{flags:?}: {err}");
        assert!(!out.contains("compiled"), "{flags:?}: {out}");
    }
    let output = siglip(&["plan", TINY[0], TINY[1], "--target", "tpu-v4", "--mfu", "0"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(text(&output).1.contains("must be in (0, 1]"));
}
