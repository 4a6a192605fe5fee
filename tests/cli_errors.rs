//! Bad numbers and paths given to the `siglip` binary: each must end in a clear message before
//! any work starts (exit code 1, or 2 for what the argument parser rejects), without a panic or
//! a backtrace (RUST_BACKTRACE=1 is set on purpose), and without writing anything.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use siglip::data::tfrecord::RecordWriter;

/// Every file under `dir` with its contents.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(next) = pending.pop() {
        for entry in std::fs::read_dir(&next).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                files.insert(path.clone(), Vec::new());
                pending.push(path);
            } else {
                files.insert(path.clone(), std::fs::read(&path).unwrap());
            }
        }
    }
    files
}

/// Runs the binary in `dir` (also its TMPDIR) with RUST_BACKTRACE=1.
fn run(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_siglip"))
        .args(args)
        .current_dir(dir)
        .env("RUST_BACKTRACE", "1")
        .env("TMPDIR", dir)
        .env_remove("SIGLIP_LOG")
        .envs(env.iter().copied())
        .output()
        .unwrap()
}

/// Asserts that `args` fail with `code` and a stderr containing each of `messages`, cleanly,
/// leaving `dir` as it was; returns the stderr.
fn fails(dir: &Path, args: &[&str], env: &[(&str, &str)], code: i32, messages: &[&str]) -> String {
    let before = snapshot(dir);
    let out = run(dir, args, env);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(code), "{args:?}: {stderr}");
    for message in messages {
        assert!(stderr.contains(message), "{args:?}: {stderr}");
    }
    for unwanted in ["panicked", "Stack backtrace", "RUST_BACKTRACE"] {
        assert!(!stderr.contains(unwanted), "{args:?}: {stderr}");
    }
    assert_eq!(
        stderr.matches("error:").count(),
        1,
        "{args:?}: one error line: {stderr}"
    );
    assert_eq!(snapshot(dir), before, "{args:?} wrote files");
    stderr.into_owned()
}

/// The log filter under which the binary logs every compile, and what that line says
/// (`siglip::pjrt::Client::compile`).
const COMPILE_LOG: (&str, &str) = ("SIGLIP_LOG", "siglip::pjrt::client=debug");
const COMPILED: &str = "compiled program";

#[test]
fn numbers_out_of_range_are_refused_by_the_parser() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    for (args, flag) in [
        (&["bench", "step", "--steps", "0"][..], "--steps"),
        (&["bench", "step", "--batch", "0"], "--batch"),
        (&["bench", "precision", "--steps", "0"], "--steps"),
        (&["data", "bench", "--count", "0"], "--count"),
        (&["data", "bench", "--workers", "0"], "--workers"),
        (&["data", "bench", "--batch", "0"], "--batch"),
        (
            &["data", "bench", "--embedding-dim", "0"],
            "--embedding-dim",
        ),
        (
            &[
                "data",
                "build",
                "--images",
                "i",
                "--captions",
                "c.csv",
                "--out",
                "o",
                "--shards",
                "0",
            ],
            "--shards",
        ),
    ] {
        fails(
            d,
            args,
            &[],
            2,
            &[
                &format!("invalid value '0' for '{flag}"),
                "must be at least 1",
            ],
        );
    }
    for count in ["0", "100000000", "-3"] {
        fails(
            d,
            &["devices", &format!("--cpu-devices={count}")],
            &[],
            2,
            &["--cpu-devices", "must be between 1 and 1024"],
        );
    }
}

#[test]
fn bench_arguments_that_do_not_fit_together_fail_before_compiling() {
    let dir = tempfile::tempdir().unwrap();
    // A command that compiles logs it ...
    let tiny_loss = [
        "bench",
        "loss",
        "--loss",
        "sigmoid",
        "--batch-per-device",
        "4",
        "--dim",
        "8",
        "--steps",
        "0",
    ];
    let out = run(dir.path(), &tiny_loss, &[COMPILE_LOG]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains(COMPILED), "{stderr}");
    // ... and these fail before.
    fails_before_compiling(
        dir.path(),
        &[
            "bench",
            "step",
            "--cpu-devices",
            "2",
            "--model",
            "bench-ring",
        ],
        "the benchmark needs 4 devices, but --cpu-devices is 2",
    );
    fails_before_compiling(
        dir.path(),
        &["bench", "step", "--batch", "6", "--model", "bench-ring"],
        "--batch 6 does not split evenly over the 4 devices of bench-ring",
    );
    // `fails` also checks that the file is left as it was.
    std::fs::write(dir.path().join("step.mlir"), "kept").unwrap();
    fails_before_compiling(
        dir.path(),
        &["bench", "step", "--stablehlo-out", "step.mlir"],
        "--stablehlo-out step.mlir exists; not overwriting it",
    );
}

/// [`fails`] with exit code 1 and `message`, having compiled nothing.
fn fails_before_compiling(dir: &Path, args: &[&str], message: &str) {
    let stderr = fails(dir, args, &[COMPILE_LOG], 1, &[message]);
    assert!(!stderr.contains(COMPILED), "{args:?} compiled: {stderr}");
}

#[test]
fn a_missing_plugin_file_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("no-such-plugin.so");
    let missing = missing.to_str().unwrap();
    fails(
        dir.path(),
        &["devices"],
        &[("SIGLIP_PJRT_PLUGIN", missing)],
        1,
        &[
            "from $SIGLIP_PJRT_PLUGIN",
            &format!("plugin file {missing} does not exist"),
        ],
    );
    fails(
        dir.path(),
        &["devices", "--plugin", missing],
        &[],
        1,
        &["from --plugin", "does not exist"],
    );
}

#[test]
fn the_plugin_log_stays_quiet_unless_asked_for() {
    let dir = tempfile::tempdir().unwrap();
    let quiet = run(dir.path(), &["devices", "--cpu-devices", "2"], &[]);
    let stderr = String::from_utf8_lossy(&quiet.stderr);
    assert!(quiet.status.success(), "{stderr}");
    assert!(
        String::from_utf8_lossy(&quiet.stdout).contains("devices:       2"),
        "{quiet:?}"
    );
    assert_eq!(stderr, "", "plugin log lines reached the terminal");
    // -v shows them: the plugin logs the device count it was given.
    let verbose = run(dir.path(), &["-v", "devices", "--cpu-devices", "2"], &[]);
    let stderr = String::from_utf8_lossy(&verbose.stderr);
    assert!(stderr.contains("cpu_device_count"), "{stderr}");
}

#[test]
fn log_lines_have_no_colour_codes_off_a_terminal_and_can_be_json() {
    let dir = tempfile::tempdir().unwrap();
    let filter = [("SIGLIP_LOG", "siglip::pjrt::plugin=debug")];
    let line_of = |args: &[&str]| -> String {
        let out = run(dir.path(), args, &filter);
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        assert!(out.status.success(), "{stderr}");
        let line = stderr.lines().find(|l| l.contains("loaded PJRT plugin"));
        line.unwrap_or_else(|| panic!("{stderr}")).to_string()
    };
    // stderr is a pipe here, as in `siglip train ... 2> log`.
    let text = line_of(&["devices", "--cpu-devices", "1"]);
    assert!(!text.contains('\x1b'), "{text:?}");
    assert!(
        text.contains("DEBUG siglip::pjrt::plugin: loaded PJRT plugin"),
        "{text}"
    );
    let json = line_of(&["--log-format", "json", "devices", "--cpu-devices", "1"]);
    let parsed: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(parsed["level"], "DEBUG", "{json}");
    assert_eq!(parsed["target"], "siglip::pjrt::plugin", "{json}");
    assert_eq!(parsed["fields"]["message"], "loaded PJRT plugin", "{json}");
    assert!(parsed["fields"]["path"].is_string(), "{json}");
}

fn write_png(path: &Path) {
    image::RgbImage::from_pixel(4, 4, image::Rgb([1, 2, 3]))
        .save(path)
        .unwrap();
}

#[test]
fn data_build_checks_images_and_out_before_writing() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("caps.csv"), "image,caption\na.png,one\nb.png,two\n").unwrap();
    std::fs::create_dir(d.join("images")).unwrap();
    let build = |images: &str, out: &str| {
        [
            "data",
            "build",
            "--images",
            images,
            "--captions",
            "caps.csv",
            "--out",
            out,
        ]
        .map(String::from)
    };
    let args = build("no-such-folder", "out");
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    fails(
        d,
        &args,
        &[],
        1,
        &["image folder no-such-folder does not exist"],
    );
    // The folder exists but holds none of the named images.
    let args = build("images", "out");
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    fails(
        d,
        &args,
        &[],
        1,
        &["none of the 2 images named in the captions file is in images"],
    );

    // Shards of an earlier build (2 shards; this one would write 1) are not mixed in.
    write_png(&d.join("images/a.png"));
    std::fs::create_dir(d.join("out")).unwrap();
    for i in 0..2 {
        std::fs::write(
            d.join(format!("out/data-0000{i}-of-00002.tfrecord")),
            b"old",
        )
        .unwrap();
    }
    fails(
        d,
        &args,
        &[],
        1,
        &[
            "already holds 2 shard(s) of an earlier build",
            "--overwrite",
        ],
    );
    // Nor is anything else in the folder, even with --overwrite.
    std::fs::write(d.join("out/notes.txt"), b"mine").unwrap();
    let mut overwrite = args.clone();
    overwrite.push("--overwrite");
    fails(d, &overwrite, &[], 1, &["not shards (e.g. out/notes.txt)"]);
    std::fs::remove_file(d.join("out/notes.txt")).unwrap();

    // --overwrite replaces the old shards: only the new one remains.
    let out = run(d, &overwrite, &[("SIGLIP_LOG", "error")]);
    assert!(out.status.success(), "{out:?}");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("removed 2 shards of an earlier build"),
        "{stdout}"
    );
    assert!(stdout.contains("wrote 1 records into 1 shards"), "{stdout}");
    let names: Vec<String> = std::fs::read_dir(d.join("out"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["data-00000-of-00001.tfrecord"]);
}

#[test]
fn data_stats_says_when_a_file_is_not_tfrecord() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("captions.csv"),
        "image,caption\na.png,a cat\n",
    )
    .unwrap();
    fails(
        dir.path(),
        &["data", "stats", "captions.csv"],
        &[],
        1,
        &["captions.csv: not a TFRecord file"],
    );
}

#[test]
fn data_bench_reports_the_records_it_skips() {
    let dir = tempfile::tempdir().unwrap();
    let shards = dir.path().join("shards");
    std::fs::create_dir(&shards).unwrap();
    // Three good examples and one whose payload is corrupted after framing.
    let mut writer = RecordWriter::new(Vec::new());
    let mut offsets = Vec::new();
    let mut at = 0;
    for i in 0..4u8 {
        let mut png = std::io::Cursor::new(Vec::new());
        image::RgbImage::from_pixel(8, 8, image::Rgb([i, 2, 3]))
            .write_to(&mut png, image::ImageFormat::Png)
            .unwrap();
        let example = siglip::data::RawExample {
            image: png.into_inner(),
            captions: vec![format!("picture number {i}")],
            label: None,
        }
        .to_example(&Default::default());
        let payload = prost::Message::encode_to_vec(&example);
        offsets.push(at);
        at += 16 + payload.len();
        writer.write_record(&payload).unwrap();
    }
    let mut bytes = writer.finish().unwrap();
    bytes[offsets[2] + 12 + 5] ^= 0x40;
    std::fs::write(shards.join("data-00000-of-00001.tfrecord"), bytes).unwrap();
    let out = run(
        dir.path(),
        &[
            "data",
            "bench",
            "--data",
            "shards",
            "--resize",
            "4",
            "--batch",
            "2",
            "--workers",
            "1",
            "--max-len",
            "8",
        ],
        &[],
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains(&format!("bad data crc at byte offset {}", offsets[2])),
        "{stderr}"
    );
    assert!(
        stderr.contains("skipped 1 bad records in shards (bad length crc: 0, bad data crc: 1"),
        "{stderr}"
    );
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("3 dataset images"),
        "{out:?}"
    );
}

#[test]
fn bad_process_flags_fail_before_the_plugin_is_opened() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // A plugin that does not exist: the flags must be rejected before it is looked for.
    let missing = d.join("no-such-plugin.so");
    let missing = missing.to_str().unwrap();
    let config = concat!(env!("CARGO_MANIFEST_DIR"), "/configs/tiny_cpu.yaml");
    let cases: [(&[&str], &str); 4] = [
        (
            &[
                "--process-id",
                "2",
                "--num-processes",
                "2",
                "--coordinator",
                "h:1",
            ],
            "error: --process-id 2 must be below --num-processes 2",
        ),
        (
            &["--process-id", "1", "--num-processes", "2"],
            "error: --num-processes 2 needs --coordinator HOST:PORT",
        ),
        (
            &[
                "--process-id",
                "1",
                "--num-processes",
                "2",
                "--coordinator",
                "nohost",
            ],
            "error: --coordinator `nohost` is not HOST:PORT",
        ),
        (
            &[
                "--process-id",
                "0",
                "--num-processes",
                "2",
                "--coordinator",
                "h:99999",
            ],
            "error: --coordinator `h:99999` is not HOST:PORT",
        ),
    ];
    for (flags, message) in cases {
        let mut args = vec!["devices", "--plugin", missing];
        args.extend_from_slice(flags);
        fails(d, &args, &[], 1, &[message]);
        let mut train = vec!["train", "-c", config, "--plugin", missing];
        train.extend_from_slice(flags);
        fails(d, &train, &[], 1, &[message]);
    }
}

/// A missing, empty or short coordinator secret is refused before the plugin is opened; a
/// coordinator address that is not this host's is refused by process 0 before it waits.
#[test]
fn bad_coordinator_secrets_and_addresses_are_named() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let missing = d.join("no-such-plugin.so");
    let secret = (
        "SIGLIP_COORDINATOR_SECRET",
        "a secret of sixteen or more characters",
    );
    let process = |id: &str, extra: &[&str], env: &[(&str, &str)], message: &str| {
        let mut args = vec!["devices", "--plugin", missing.to_str().unwrap()];
        args.extend([
            "--process-id",
            id,
            "--num-processes",
            "2",
            "--coordinator",
            "h:1",
        ]);
        args.extend_from_slice(extra);
        fails(d, &args, env, 1, &[message]);
    };
    process(
        "1",
        &[],
        &[],
        "error: process 1 of 2 has no coordinator secret: set $SIGLIP_COORDINATOR_SECRET",
    );
    process(
        "0",
        &[],
        &[("SIGLIP_COORDINATOR_SECRET", "")],
        "error: $SIGLIP_COORDINATOR_SECRET is empty",
    );
    process(
        "1",
        &["--coordinator-secret", "short"],
        &[secret],
        "error: --coordinator-secret has 5 characters; a coordinator secret needs at least 16",
    );
    // 192.0.2.1 is TEST-NET-1 (RFC 5737): no host has it.
    let args = [
        "devices",
        "--cpu-devices",
        "1",
        "--process-id",
        "0",
        "--num-processes",
        "2",
        "--coordinator",
        "192.0.2.1:8476",
    ];
    fails(
        d,
        &args,
        &[secret],
        1,
        &[
            "error: joining process group as process 0 of 2 (from flags): the coordinator \
           address 192.0.2.1:8476 is 192.0.2.1 here, which is not an address of this host",
        ],
    );
}

#[test]
fn devices_names_a_single_process() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(dir.path(), &["devices", "--cpu-devices", "1"], &[]);
    assert!(out.status.success(), "{out:?}");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("\nprocess:       0 of 1 (a single process)\n"),
        "{stdout}"
    );
    let flagged = run(
        dir.path(),
        &[
            "devices",
            "--cpu-devices",
            "1",
            "--process-id",
            "0",
            "--num-processes",
            "1",
        ],
        &[],
    );
    assert!(
        String::from_utf8_lossy(&flagged.stdout).contains("\nprocess:       0 of 1 (flags)\n"),
        "{flagged:?}"
    );
}
