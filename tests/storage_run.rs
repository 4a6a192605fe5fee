//! `siglip` runs whose shards, tokenizer and run directory are in a bucket of a real
//! fake-gcs-server started here (each test its own, on a free port):
//! - a run (shards by a glob) killed with `kill -9` while its step-4 checkpoint is being saved
//!   (the server paused under it), then `--resume`d from the bucket, ends on the same checkpoint
//!   digest as the same run on local disk; `zero-shot` and `eval` then read that model from the
//!   bucket; `export --hf` from a checkpoint in the bucket into the bucket writes the same files
//!   as from disk to disk (the export fixture's run: the tiny_cpu model has no HF form), and
//!   `zero-shot` from that Hugging Face directory in the bucket prints what it prints from the
//!   local one; `embed` from the bucket checkpoint into the bucket gives the local embeddings;
//! - a run whose storage server is stopped for 3 s mid-run goes on (the retries are logged) and
//!   ends on the same digest;
//! - a missing bucket, a missing object, a typo'd scheme, a list of shard entries whose bucket
//!   glob matches nothing and a 403 (moto's server with authentication on) are each an error
//!   naming the URL (and the entry), before anything compiles, with nothing written.

mod common;
#[path = "common/servers.rs"]
mod servers;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::OnceLock;
use std::time::Duration;

use siglip::metrics;
use siglip::safetensors_io;

const CONFIG: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/configs/tiny_cpu.yaml");
const BUCKET: &str = "runs";
/// A run of a model that Hugging Face's SiglipModel holds (tools/make_export_fixture.py).
const EXPORT_FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/export/run");
const STEPS: u64 = 5;

/// The synth set written once per test binary, with its local paths.
fn synth() -> &'static Path {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        common::write_tiny_synth(dir.path(), 96, 16, 2);
        dir
    })
    .path()
}

/// Uploads the synth set as `gs://runs/synth/`.
fn upload_synth(server: &servers::FakeGcs) {
    for folder in ["train", "val"] {
        for entry in std::fs::read_dir(synth().join(folder)).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy();
            let bytes = std::fs::read(&path).unwrap();
            server.upload(BUCKET, &format!("synth/{folder}/{name}"), &bytes);
        }
    }
    let tokenizer = std::fs::read(synth().join("tokenizer.json")).unwrap();
    server.upload(BUCKET, "synth/tokenizer.json", &tokenizer);
}

/// `--set`s of a 4-step run reading `data` (a folder or `gs://` prefix holding the synth set).
fn sets(data: &str) -> Vec<String> {
    [
        format!("data.train.shards={data}/train"),
        format!("data.tokenizer={data}/tokenizer.json"),
        format!("train.steps={STEPS}"),
        "schedule.warmup_steps=1".into(),
        "train.batch_size=16".into(),
        // Logged (and written to metrics.jsonl) at steps 3 and 5, checkpoints at 2, 4 and 5: after
        // step 3's line, the next storage call is step 4's checkpoint.
        "train.log_every=3".into(),
        "checkpoint.every=2".into(),
        "evals=[]".into(),
    ]
    .into_iter()
    .flat_map(|s| ["--set".to_string(), s])
    .collect()
}

fn siglip(args: &[String], env: &[(&str, String)]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_siglip"));
    command.args(args).env("SIGLIP_LOG", "info");
    for (key, value) in env {
        command.env(key, value);
    }
    command
}

fn train_args(data: &str, run_dir: &str, resume: bool) -> Vec<String> {
    let mut args = vec!["train".into(), "-c".into(), CONFIG.into()];
    args.extend(sets(data));
    args.extend(["--run-dir".into(), run_dir.into()]);
    if resume {
        args.push("--resume".into());
    }
    args
}

fn succeeded(output: Output, what: &str) -> String {
    let stderr = String::from_utf8_lossy(&output.stderr).to_string();
    assert!(output.status.success(), "{what}: {stderr}");
    String::from_utf8_lossy(&output.stdout).to_string() + &stderr
}

fn digest(run_dir: &str, env: &[(&str, String)]) -> String {
    let args = ["checkpoint".into(), "digest".into(), run_dir.into()];
    let out = succeeded(siglip(&args, env).output().unwrap(), "digest");
    out.split_whitespace()
        .find(|w| w.starts_with("sha256:"))
        .unwrap_or_else(|| panic!("no digest in {out}"))
        .to_string()
}

/// The 4-step run on local disk (run once per binary): its directory and its digest.
fn local_run() -> &'static (tempfile::TempDir, String) {
    static RUN: OnceLock<(tempfile::TempDir, String)> = OnceLock::new();
    RUN.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let run = dir.path().join("run").display().to_string();
        let data = synth().display().to_string();
        let output = siglip(&train_args(&data, &run, false), &[])
            .output()
            .unwrap();
        succeeded(output, "local run");
        let digest = digest(&run, &[]);
        (dir, digest)
    })
}

fn local_digest() -> &'static str {
    &local_run().1
}

fn local_run_dir() -> String {
    local_run().0.path().join("run").display().to_string()
}

/// The standard output of a command that must succeed.
fn stdout_of(args: &[&str], env: &[(&str, String)]) -> String {
    let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
    let output = siglip(&args, env).output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{args:?}: {stderr}");
    String::from_utf8_lossy(&output.stdout).to_string()
}

fn gcs_env(server: &servers::FakeGcs) -> Vec<(&'static str, String)> {
    vec![("STORAGE_EMULATOR_HOST", server.host())]
}

/// Starts a run with its log lines sent back; calls `on_line` on each until it returns true.
fn spawn_watching(
    args: &[String],
    env: &[(&str, String)],
    mut on_line: impl FnMut(&str) -> bool,
) -> (Child, std::thread::JoinHandle<String>) {
    let mut child = siglip(args, env)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let mut seen = String::new();
    for line in lines.by_ref() {
        let line = line.unwrap();
        seen.push_str(&line);
        seen.push('\n');
        if on_line(&line) {
            break;
        }
    }
    let rest = std::thread::spawn(move || {
        for line in lines.map_while(Result::ok) {
            seen.push_str(&line);
            seen.push('\n');
        }
        seen
    });
    (child, rest)
}

fn signal(pid: u32, signal: &str) {
    let status = Command::new("kill")
        .args([signal, &pid.to_string()])
        .status()
        .unwrap();
    assert!(status.success());
}

fn steps_in_metrics(run: &str, env: &[(&str, String)]) -> Vec<u64> {
    for (key, value) in env {
        std::env::set_var(key, value);
    }
    metrics::read(&PathBuf::from(format!("{run}/{}", metrics::METRICS_FILE)))
        .unwrap()
        .iter()
        .filter(|r| r.values.contains_key("loss"))
        .map(|r| r.step)
        .collect()
}

#[test]
fn a_run_killed_mid_upload_resumes_from_the_bucket_to_the_local_digest() {
    let root = tempfile::tempdir().unwrap();
    let server = servers::FakeGcs::start(root.path(), &[BUCKET]);
    upload_synth(&server);
    let env = gcs_env(&server);
    let data = format!("gs://{BUCKET}/synth");
    let run = format!("gs://{BUCKET}/run");

    // After step 3's line the run computes step 4 and then saves it: the server is paused at
    // that line, so the checkpoint's upload hangs, and the run is killed in it.
    // The shards named by a glob: the same files, in the same order, as the local folder.
    let by_glob = |resume: bool| {
        let mut args = train_args(&data, &run, resume);
        let glob = format!("data.train.shards={data}/train/data-*.tfrecord");
        args.extend(["--set".to_string(), glob]);
        args
    };
    let (mut child, log) = spawn_watching(&by_glob(false), &env, |line| line.contains("step 3/"));
    let server_pid = server.pid();
    signal(server_pid, "-STOP");
    std::thread::sleep(Duration::from_millis(1500));
    child.kill().unwrap();
    child.wait().unwrap();
    signal(server_pid, "-CONT");
    let log = log.join().unwrap();
    assert!(!log.contains("step 5/"), "killed before the end: {log}");
    let committed = std::fs::read_dir(root.path().join(BUCKET).join("run/checkpoints"))
        .unwrap()
        .flatten()
        .filter(|e| e.path().join(siglip::checkpoint::COMMIT_FILE).is_file())
        .map(|e| e.file_name().to_string_lossy().to_string())
        .collect::<Vec<_>>();
    assert_eq!(committed, ["step_00000002"], "only step 2 was committed");

    let output = siglip(&by_glob(true), &env).output().unwrap();
    let log = succeeded(output, "resumed run");
    assert!(log.contains("training steps 2..5"), "{log}");
    assert_eq!(digest(&run, &env), local_digest());
    // Each logged step once: the resumed run dropped the killed one's step 3 and logged it anew.
    assert_eq!(steps_in_metrics(&run, &env), [3, 5]);
    // TensorBoard's event files went to the bucket too: one per start of the run.
    let event_files = std::fs::read_dir(root.path().join(BUCKET).join("run"))
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().contains("tfevents"))
        .count();
    assert_eq!(event_files, 2);

    // The model in the bucket serves zero-shot and eval.
    let image = root.path().join("red.png");
    image::RgbImage::from_pixel(48, 48, image::Rgb([220, 20, 20]))
        .save(&image)
        .unwrap();
    let args: Vec<String> = [
        "zero-shot",
        "--checkpoint",
        &run,
        "--labels",
        "red,blue",
        "--json",
    ]
    .iter()
    .map(|s| s.to_string())
    .chain([image.display().to_string()])
    .collect();
    let out = succeeded(siglip(&args, &env).output().unwrap(), "zero-shot");
    assert!(
        out.contains("\"label\":\"red\"") && out.contains("\"label\":\"blue\""),
        "{out}"
    );
    let mut eval_args: Vec<String> = vec!["eval".into(), "-c".into(), CONFIG.into()];
    for set in sets(&data)
        .into_iter()
        .filter(|s| s != "--set" && s != "evals=[]")
    {
        eval_args.extend(["--set".into(), set]);
    }
    eval_args.extend([
        "--set".into(),
        format!("evals[0].data={data}/val/data-*"),
        "--checkpoint".into(),
        run.clone(),
        "--json".into(),
    ]);
    let out = succeeded(siglip(&eval_args, &env).output().unwrap(), "eval");
    assert!(
        out.contains("\"step\":5") && out.contains("eval/val_retrieval/"),
        "{out}"
    );

    // `export --hf` of a checkpoint in the bucket into the bucket: the files of the same export
    // on disk. (The tiny_cpu model has no Hugging Face form: the export fixture's model has.)
    let step = "checkpoints/step_00000004";
    for name in ["meta.json", "state.safetensors"] {
        let bytes = std::fs::read(Path::new(EXPORT_FIXTURE).join(step).join(name)).unwrap();
        server.upload(BUCKET, &format!("fixture/{step}/{name}"), &bytes);
    }
    let marker = siglip::checkpoint::COMMIT_FILE;
    server.upload(BUCKET, &format!("fixture/{step}/{marker}"), b"");
    let (local_hf, remote_hf) = (root.path().join("hf"), format!("gs://{BUCKET}/hf"));
    let local_hf_text = local_hf.display().to_string();
    let remote_fixture = format!("gs://{BUCKET}/fixture");
    let export = ["export", "--checkpoint"];
    stdout_of(
        &[&export[..], &[EXPORT_FIXTURE, "--hf", &local_hf_text]].concat(),
        &[],
    );
    stdout_of(
        &[&export[..], &[&remote_fixture, "--hf", &remote_hf]].concat(),
        &env,
    );
    for name in [
        "config.json",
        "model.safetensors",
        "tokenizer.json",
        "tokenizer_config.json",
    ] {
        let in_bucket = std::fs::read(root.path().join(BUCKET).join("hf").join(name)).unwrap();
        assert!(
            in_bucket == std::fs::read(local_hf.join(name)).unwrap(),
            "{name}"
        );
    }
    // Zero-shot from that Hugging Face directory in the bucket: what the local copy gives.
    let image_text = image.display().to_string();
    let zero_shot = |model: &str, env: &[(&str, String)]| {
        let args = [
            "zero-shot",
            "--checkpoint",
            model,
            "--labels",
            "red,blue",
            "--json",
            &image_text,
        ];
        stdout_of(&args, env)
    };
    let from_bucket = zero_shot(&remote_hf, &env);
    assert_eq!(from_bucket, zero_shot(&local_hf_text, &[]));
    assert!(from_bucket.contains("\"label\":\"red\""), "{from_bucket}");

    // `embed` from the bucket checkpoint into the bucket: the local run's embeddings.
    let texts = root.path().join("texts.txt");
    std::fs::write(&texts, "a red circle\na blue square\n").unwrap();
    let texts = texts.display().to_string();
    let local_out = root.path().join("texts.safetensors").display().to_string();
    let remote_out = format!("gs://{BUCKET}/embeddings/texts.safetensors");
    let local_run = local_run_dir();
    for (model, out, env) in [
        (&local_run, &local_out, &[][..]),
        (&run, &remote_out, &env[..]),
    ] {
        stdout_of(
            &[
                "embed",
                "--checkpoint",
                model,
                "--texts",
                &texts,
                "--out",
                out,
            ],
            env,
        );
    }
    let embeddings = |path: &str| safetensors_io::read(Path::new(path)).unwrap();
    assert_eq!(embeddings(&remote_out), embeddings(&local_out));
}

#[test]
fn a_storage_server_stopped_mid_run_costs_time_not_the_run() {
    let root = tempfile::tempdir().unwrap();
    let mut server = servers::FakeGcs::start(root.path(), &[BUCKET]);
    upload_synth(&server);
    let env = gcs_env(&server);
    let data = format!("gs://{BUCKET}/synth");
    let run = format!("gs://{BUCKET}/run");
    let (mut child, log) = spawn_watching(&train_args(&data, &run, false), &env, |line| {
        line.contains("step 3/")
    });
    server.stop();
    std::thread::sleep(Duration::from_secs(3));
    server.resume();
    let status = child.wait().unwrap();
    let log = log.join().unwrap();
    assert!(status.success(), "{log}");
    assert!(log.contains("backing off"), "the retries are logged: {log}");
    assert_eq!(digest(&run, &env), local_digest());
}

/// Runs `train` and expects it to fail, naming `url`, before the step compiles.
fn fails_naming(args: &[String], env: &[(&str, String)], url: &str) {
    let output = siglip(args, env).output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success(), "{args:?} should fail");
    assert!(stderr.contains(url), "names {url}: {stderr}");
    assert!(
        !stderr.contains("compiled"),
        "fails before compiling: {stderr}"
    );
}

#[test]
fn bad_urls_fail_before_compiling_and_write_nothing() {
    let root = tempfile::tempdir().unwrap();
    let server = servers::FakeGcs::start(root.path(), &[BUCKET]);
    upload_synth(&server);
    let env = gcs_env(&server);
    let data = format!("gs://{BUCKET}/synth");
    let local = tempfile::tempdir().unwrap();
    let run = local.path().join("run").display().to_string();

    fails_naming(
        &train_args("gs://no-such-bucket/synth", &run, false),
        &env,
        "gs://no-such-bucket/synth/train",
    );
    let mut missing_tokenizer = train_args(&data, &run, false);
    missing_tokenizer.extend([
        "--set".into(),
        "data.tokenizer=gs://runs/synth/none.json".into(),
    ]);
    fails_naming(&missing_tokenizer, &env, "gs://runs/synth/none.json");
    fails_naming(
        &train_args(&data, "gz://runs/run", false),
        &env,
        "gz://runs/run: unknown URL scheme",
    );
    // A list of entries, one a bucket glob that matches nothing: named by its index.
    let mut listed = train_args(&data, &run, false);
    listed.extend([
        "--set".into(),
        format!(
            "data.train.shards=[{}, {data}/train/nope-*.tfrecord]",
            synth().join("train").display()
        ),
    ]);
    fails_naming(
        &listed,
        &env,
        &format!("data.train.shards[1]: {data}/train/nope-*.tfrecord"),
    );
    assert!(!Path::new(&run).exists(), "nothing written locally");
    let before: Vec<_> = std::fs::read_dir(root.path().join(BUCKET))
        .unwrap()
        .flatten()
        .map(|e| e.file_name())
        .collect();
    fails_naming(
        &train_args(&data, "gs://no-such-bucket/run", false),
        &env,
        "gs://no-such-bucket",
    );
    let after: Vec<_> = std::fs::read_dir(root.path().join(BUCKET))
        .unwrap()
        .flatten()
        .map(|e| e.file_name())
        .collect();
    assert_eq!(before, after, "nothing written to the bucket");

    // A 403: moto with authentication on refuses the test's unknown access key.
    let s3 = servers::Moto::start_with_auth(&["locked"]);
    let s3_env = s3.env();
    fails_naming(
        &train_args("s3://locked/synth", &run, false),
        &s3_env,
        "s3://locked/synth/train",
    );
    let output = siglip(&train_args("s3://locked/synth", &run, false), &s3_env)
        .output()
        .unwrap();
    assert!(
        String::from_utf8_lossy(&output.stderr).contains("permission denied"),
        "{output:?}"
    );
}
