//! Checkpoints on disk: exact round trip, the digest's definition and sensitivity, keep-N,
//! no overwrite, leftover temporaries, and `kill -9` of a writer in the middle of writes.

mod common;
use common::{checkpoints_being_written, siglip};

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Stdio};

use half::bf16;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use sha2::{Digest, Sha256};
use siglip::checkpoint::{self, Checkpoint, CheckpointError, Meta};
use siglip::cli::checkpoint::stress_checkpoint;
use siglip::data::pipeline::{PipelineState, Sharding};
use siglip::tensor::{DType, HostTensor};

fn meta(step: u64) -> Meta {
    Meta {
        step,
        config: "model:\n  image: {width: 8}\ntrain:\n  steps: 10\n".into(),
        input: PipelineState {
            epoch: 2,
            index: 96,
            batches: 40,
            seed: 7,
            sharding: Sharding { index: 1, count: 4 },
        },
        rng_seed: 1234,
        plugin: "/opt/plugin.so".into(),
        crate_version: checkpoint::CRATE_VERSION.into(),
        init: None,
    }
}

/// Every dtype, a scalar, an empty tensor and NaN payloads that a float round trip would lose.
fn sample(step: u64) -> Checkpoint {
    let nan_payload = f32::from_bits(0x7fc0_1234);
    let tensors = BTreeMap::from([
        (
            "params/img/embedding/kernel".to_string(),
            HostTensor::from_slice(&[2, 3], &[1.5f32, -0.0, nan_payload, 3e-39, f32::MAX, 7.0])
                .unwrap(),
        ),
        (
            "params/txt/head/bias".to_string(),
            HostTensor::from_slice(&[2], &[bf16::from_f32(0.1), bf16::from_f32(-2.0)]).unwrap(),
        ),
        (
            "params/t".to_string(),
            HostTensor::scalar(std::f32::consts::LN_10),
        ),
        ("params/b".to_string(), HostTensor::scalar(-10.0f32)),
        (
            "opt/mu/img/embedding/kernel".to_string(),
            HostTensor::from_slice(&[3], &[0.25f64, -1e-300, 1.0]).unwrap(),
        ),
        ("opt/count".to_string(), HostTensor::scalar(step as i32)),
        ("opt/i64".to_string(), HostTensor::scalar(-5i64)),
        ("opt/u32".to_string(), HostTensor::scalar(7u32)),
        (
            "opt/u8".to_string(),
            HostTensor::from_slice(&[2], &[0u8, 255]).unwrap(),
        ),
        (
            "opt/pred".to_string(),
            HostTensor::from_slice(&[2], &[true, false]).unwrap(),
        ),
        (
            "opt/empty".to_string(),
            HostTensor::zeros(DType::F32, &[0, 3]),
        ),
    ]);
    Checkpoint {
        meta: meta(step),
        tensors,
    }
}

#[test]
fn save_load_round_trip_is_exact() {
    let run = tempfile::tempdir().unwrap();
    let original = sample(123);
    let path = checkpoint::save(run.path(), &original, None).unwrap();
    assert_eq!(path, run.path().join("checkpoints/step_00000123"));
    let loaded = checkpoint::load(&path).unwrap();
    // PartialEq on HostTensor compares raw bytes, so NaN payloads and -0.0 count.
    assert_eq!(loaded, original);
    assert_eq!(checkpoint::latest(run.path()).unwrap(), Some(path.clone()));
    assert_eq!(checkpoint::resolve(run.path()).unwrap(), path);
    assert_eq!(checkpoint::resolve(&path).unwrap(), path);
}

/// The digest recomputed here from its definition, independently of the library.
fn reference_digest(tensors: &[(&str, &str, &[i64], &[u8])], step: u64) -> String {
    let mut h = Sha256::new();
    let mut field = |b: &[u8]| {
        h.update((b.len() as u64).to_le_bytes());
        h.update(b);
    };
    for (name, dtype, shape, data) in tensors {
        field(name.as_bytes());
        field(dtype.as_bytes());
        let shape: Vec<u8> = shape.iter().flat_map(|d| d.to_le_bytes()).collect();
        field(&shape);
        field(data);
    }
    field(&step.to_le_bytes());
    let hex: String = h.finalize().iter().map(|b| format!("{b:02x}")).collect();
    format!("sha256:{hex}")
}

#[test]
fn digest_follows_its_definition() {
    let mut c = sample(3);
    c.tensors = BTreeMap::from([
        ("params/t".to_string(), HostTensor::scalar(1.0f32)),
        (
            "opt/count".to_string(),
            HostTensor::from_slice(&[2], &[5i32, -1]).unwrap(),
        ),
    ]);
    // Sorted names: opt/count before params/t.
    let expected = reference_digest(
        &[
            (
                "opt/count",
                "i32",
                &[2],
                &[5, 0, 0, 0, 0xff, 0xff, 0xff, 0xff],
            ),
            ("params/t", "f32", &[], &[0, 0, 0x80, 0x3f]),
        ],
        3,
    );
    assert_eq!(checkpoint::digest(&c), expected);
}

#[test]
fn digest_is_stable_and_sensitive() {
    let run = tempfile::tempdir().unwrap();
    let original = sample(40);
    let base = checkpoint::digest(&original);
    assert!(base.starts_with("sha256:") && base.len() == 7 + 64);
    let path = checkpoint::save(run.path(), &original, None).unwrap();
    assert_eq!(checkpoint::digest(&checkpoint::load(&path).unwrap()), base);

    // Metadata other than the step does not enter the digest.
    let mut other_meta = original.clone();
    other_meta.meta.config.push_str("# comment\n");
    other_meta.meta.plugin = "elsewhere.so".into();
    assert_eq!(checkpoint::digest(&other_meta), base);

    let mut changes: Vec<(&str, Checkpoint)> = Vec::new();
    let mut bit = original.clone();
    bit.tensors.get_mut("params/b").unwrap().data[0] ^= 1;
    changes.push(("one bit", bit));
    let mut step = original.clone();
    step.meta.step += 1;
    changes.push(("step", step));
    let mut renamed = original.clone();
    let t = renamed.tensors.remove("params/t").unwrap();
    renamed.tensors.insert("params/T".into(), t);
    changes.push(("name", renamed));
    let mut reshaped = original.clone();
    reshaped
        .tensors
        .get_mut("params/img/embedding/kernel")
        .unwrap()
        .shape = vec![3, 2];
    changes.push(("shape", reshaped));
    let mut retyped = original.clone();
    retyped.tensors.get_mut("opt/u32").unwrap().dtype = DType::I32;
    changes.push(("dtype", retyped));
    for (what, changed) in changes {
        assert_ne!(
            checkpoint::digest(&changed),
            base,
            "{what} must change the digest"
        );
    }
}

#[test]
fn keeps_the_last_n_and_never_overwrites() {
    let run = tempfile::tempdir().unwrap();
    for step in [10, 20, 30, 40, 50] {
        checkpoint::save(run.path(), &sample(step), Some(2)).unwrap();
    }
    let steps: Vec<u64> = checkpoint::list(run.path())
        .unwrap()
        .into_iter()
        .map(|(s, _)| s)
        .collect();
    assert_eq!(steps, [40, 50]);

    let mut different = sample(50);
    different
        .tensors
        .insert("params/b".into(), HostTensor::scalar(99.0f32));
    let err = checkpoint::save(run.path(), &different, Some(2)).unwrap_err();
    assert!(matches!(err, CheckpointError::Exists(_)), "{err}");
    let kept = checkpoint::load(&checkpoint::latest(run.path()).unwrap().unwrap()).unwrap();
    assert_eq!(kept, sample(50));

    assert!(matches!(
        checkpoint::save(run.path(), &sample(60), Some(0)),
        Err(CheckpointError::KeepZero)
    ));
    assert_eq!(checkpoint::list(run.path()).unwrap().len(), 2);
}

#[test]
fn leftover_temporary_is_ignored_then_removed() {
    let run = tempfile::tempdir().unwrap();
    let good = checkpoint::save(run.path(), &sample(5), None).unwrap();
    // A writer killed mid-write: a temporary with a partial state file and no meta.
    let temp = run.path().join("checkpoints/.tmp-step_00000006-4242");
    std::fs::create_dir(&temp).unwrap();
    std::fs::write(temp.join(checkpoint::STATE_FILE), b"\x10\0\0\0partial").unwrap();
    assert_eq!(checkpoint::latest(run.path()).unwrap(), Some(good.clone()));
    assert_eq!(checkpoint::list(run.path()).unwrap().len(), 1);

    checkpoint::save(run.path(), &sample(6), None).unwrap();
    assert!(!temp.exists());
    let steps: Vec<u64> = checkpoint::list(run.path())
        .unwrap()
        .into_iter()
        .map(|(s, _)| s)
        .collect();
    assert_eq!(steps, [5, 6]);
}

#[test]
fn missing_checkpoint_is_a_clear_error() {
    let run = tempfile::tempdir().unwrap();
    assert_eq!(checkpoint::latest(run.path()).unwrap(), None);
    let err = checkpoint::resolve(run.path()).unwrap_err();
    assert!(matches!(err, CheckpointError::NotFound(_)), "{err}");
    let broken = run.path().join("checkpoints/step_00000001");
    std::fs::create_dir_all(&broken).unwrap();
    std::fs::write(broken.join(checkpoint::META_FILE), "{").unwrap();
    assert!(matches!(
        checkpoint::load(&broken),
        Err(CheckpointError::Format { .. })
    ));
}

#[test]
fn digest_and_show_commands() {
    let run = tempfile::tempdir().unwrap();
    checkpoint::save(run.path(), &sample(7), None).unwrap();
    let path = checkpoint::save(run.path(), &sample(8), None).unwrap();
    let expected = format!("{}\n", checkpoint::digest(&sample(8)));
    let run_arg = run.path().to_str().unwrap();
    assert_eq!(siglip(&["checkpoint", "digest", run_arg]), expected);
    assert_eq!(
        siglip(&["checkpoint", "digest", path.to_str().unwrap()]),
        expected
    );

    let shown = siglip(&["checkpoint", "show", run_arg]);
    for line in [
        "step:       8",
        "input:      epoch 2, record 96",
        "  model.image.width: 8",
        "  train.steps: 10",
        "parameters: 10",
        "  img    6",
        "  txt    2",
        "  t      1",
        "  b      1",
        // opt/: count, i64, u32 (1 each), mu (3), u8 (2), pred (2), empty (0).
        "optimizer state: 7 tensors, 10 values",
    ] {
        assert!(shown.contains(line), "missing `{line}` in:\n{shown}");
    }
}

/// `siglip checkpoint stress-write` saves ~1 MiB checkpoints (keep 2) in a loop, continuing
/// after the latest one. Each round restarts it, picks a step a few saves ahead (seeded; again
/// if the polling missed that step's write) and kills it with SIGKILL as soon as that step's
/// temporary appears, i.e. while it writes that step. Then the latest checkpoint must load and
/// hold exactly what was written for its step, and after a kill that left the step's temporary
/// behind (a kill mid-write) it must be the step before.
#[test]
fn kill_9_during_writes_leaves_latest_loadable() {
    const ROUNDS: usize = 12;
    let run = tempfile::tempdir().unwrap();
    let mut rng = ChaCha8Rng::seed_from_u64(9);
    let mut first_unwritten = 0;
    let mut mid_write = 0;
    for round in 0..ROUNDS {
        let mut target = first_unwritten + rng.gen_range(1..=3);
        let mut child = Command::new(env!("CARGO_BIN_EXE_siglip"))
            .args(["checkpoint", "stress-write", run.path().to_str().unwrap()])
            .env("SIGLIP_LOG", "error")
            .stdout(Stdio::null())
            .spawn()
            .unwrap();
        // Polls as fast as it can: the temporary lives for one write (about a millisecond).
        while !checkpoints_being_written(run.path()).contains(&target) {
            if let Some(step) = latest_step(run.path()).filter(|&step| step >= target) {
                target = step + rng.gen_range(1..=3);
            }
            assert!(
                child.try_wait().unwrap().is_none(),
                "round {round}: the writer stopped"
            );
        }
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        let killed_mid_write = checkpoints_being_written(run.path()).contains(&target);

        let latest = checkpoint::latest(run.path()).unwrap().unwrap();
        let loaded = checkpoint::load(&latest)
            .unwrap_or_else(|e| panic!("round {round}: latest is unreadable: {e}"));
        let step = loaded.meta.step;
        assert_eq!(
            checkpoint::digest(&loaded),
            checkpoint::digest(&stress_checkpoint(step))
        );
        assert_eq!(loaded, stress_checkpoint(step));
        if killed_mid_write {
            mid_write += 1;
            assert_eq!(
                step,
                target - 1,
                "round {round}: killed while writing step {target}"
            );
        } else {
            assert!(step >= target, "round {round}: step {step} < {target}");
        }
        assert!(checkpoint::list(run.path()).unwrap().len() <= 3);
        first_unwritten = step + 1;
    }
    eprintln!("killed mid-write {mid_write} of {ROUNDS} times");
    assert!(
        mid_write * 4 >= ROUNDS * 3,
        "only {mid_write} of {ROUNDS} kills landed while the step was being written"
    );
}

fn latest_step(run_dir: &Path) -> Option<u64> {
    checkpoint::list(run_dir)
        .unwrap()
        .last()
        .map(|(step, _)| *step)
}
