//! The storage layer against real servers started here (fake-gcs-server for `gs://`, moto for
//! `s3://`): objects written, read whole and by range, listed, globbed, deleted; the errors for
//! a typo'd scheme, a missing object and a missing bucket, each naming the URL; TFRecord shards
//! and a pipeline read from a bucket byte-for-byte and batch-for-batch as from disk (with a
//! resume), also from a list mixing a local folder and a bucket glob, whose entry that matches
//! nothing is named by index; checkpoints in a bucket committed by marker, uncommitted ones
//! skipped and removed; a Hugging Face directory and big_vision `.npz` files in a bucket load as
//! from disk; a sweep file and its base config read from a bucket, its runs' states looked up
//! there.
//!
//! One server of each kind serves the whole binary (the client reads its address from the
//! environment once); each test uses its own bucket.

mod common;
#[path = "common/servers.rs"]
mod servers;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use siglip::checkpoint::{self, Checkpoint, Meta, COMMIT_FILE};
use siglip::data::pipeline::{resolve_files, PipelineState, Sharding};
use siglip::data::synth::{write_synth, SynthConfig};
use siglip::data::tfrecord::{RecordFile, RecordWriter};
use siglip::data::{DataConfig, FeatureKeys, Pipeline, ShardEntries};
use siglip::model::npz;
use siglip::source::{self, SourceOptions};
use siglip::storage::{self, StorageError};
use siglip::sweep::{RunState, Sweep};
use siglip::tensor::HostTensor;

/// Bucket names: one per test, made on both servers.
const BUCKETS: [&str; 7] = [
    "objects",
    "errors",
    "records",
    "pipeline",
    "checkpoints",
    "models",
    "sweeps",
];

struct Servers {
    _gcs: servers::FakeGcs,
    _s3: servers::Moto,
    _root: tempfile::TempDir,
}

fn servers() -> &'static Servers {
    static SERVERS: OnceLock<Servers> = OnceLock::new();
    SERVERS.get_or_init(|| {
        let root = tempfile::tempdir().unwrap();
        let gcs = servers::FakeGcs::start(root.path(), &BUCKETS);
        let s3 = servers::Moto::start(&BUCKETS);
        // Set once, before the first client is made (clients are made on first use).
        std::env::set_var("STORAGE_EMULATOR_HOST", gcs.host());
        for (key, value) in s3.env() {
            std::env::set_var(key, value);
        }
        Servers {
            _gcs: gcs,
            _s3: s3,
            _root: root,
        }
    })
}

fn url(scheme: &str, bucket: &str, key: &str) -> PathBuf {
    servers();
    PathBuf::from(format!("{scheme}://{bucket}/{key}"))
}

#[test]
fn objects_round_trip_on_both_stores() {
    for scheme in ["gs", "s3"] {
        let base = url(scheme, "objects", "run");
        let bytes: Vec<u8> = (0..3000u32).map(|i| (i * 7 % 251) as u8).collect();
        let a = base.join("a.bin");
        storage::write(&a, &bytes).unwrap();
        storage::write(&base.join("sub/b.txt"), b"b").unwrap();
        storage::write(&base.join("train-0.tfrecord"), b"0").unwrap();
        storage::write(&base.join("train-1.tfrecord"), b"1").unwrap();
        assert_eq!(storage::read(&a).unwrap(), bytes, "{scheme}");
        let file = storage::RandomAccessFile::open(&a).unwrap();
        assert_eq!(file.size(), 3000);
        let mut part = vec![0; 100];
        file.read_exact_at(2900, &mut part).unwrap();
        assert_eq!(part, bytes[2900..]);
        assert!(storage::is_file(&a).unwrap());
        assert!(storage::is_dir(&base.join("sub")).unwrap());
        assert!(!storage::is_file(&base.join("sub")).unwrap());
        assert!(!storage::exists(&base.join("nothing")).unwrap());
        let (files, dirs) = storage::list_dir(&base).unwrap();
        let names = |paths: &[PathBuf]| -> Vec<String> {
            paths.iter().map(|p| p.display().to_string()).collect()
        };
        let prefix = format!("{scheme}://objects/run");
        assert_eq!(
            names(&files),
            [
                format!("{prefix}/a.bin"),
                format!("{prefix}/train-0.tfrecord"),
                format!("{prefix}/train-1.tfrecord")
            ]
        );
        assert_eq!(names(&dirs), [format!("{prefix}/sub")]);
        assert_eq!(
            names(&storage::glob(&base.join("train-*.tfrecord")).unwrap()),
            [
                format!("{prefix}/train-0.tfrecord"),
                format!("{prefix}/train-1.tfrecord")
            ]
        );
        storage::delete(&a).unwrap();
        assert!(!storage::exists(&a).unwrap());
        storage::delete_dir(&base).unwrap();
        assert!(!storage::exists(&base).unwrap());
    }
}

#[test]
fn errors_name_the_url() {
    servers();
    let typo = Path::new("gz://errors/x");
    let err = storage::read(typo).unwrap_err();
    assert!(matches!(err, StorageError::UnknownScheme { .. }), "{err:?}");
    assert!(
        err.to_string()
            .starts_with("gz://errors/x: unknown URL scheme"),
        "{err}"
    );
    for scheme in ["gs", "s3"] {
        let missing = url(scheme, "errors", "no/such/object");
        let err = storage::read(&missing).unwrap_err();
        assert!(err.is_not_found(), "{scheme}: {err:?}");
        assert_eq!(
            err.to_string(),
            format!("{scheme}://errors/no/such/object: not found")
        );
        let no_bucket = url(scheme, "no-such-bucket", "x");
        let err = storage::create_dir_all(&no_bucket).unwrap_err();
        assert!(err.is_not_found(), "{scheme}: {err:?}");
        assert!(err.to_string().contains("no-such-bucket"), "{err}");
    }
}

/// Records of varied sizes, some spanning the reader's 1 MiB blocks.
fn write_records(path: &Path) -> Vec<Vec<u8>> {
    let records: Vec<Vec<u8>> = (0..40u32)
        .map(|i| {
            let len = [10, 300_000, 1 << 20, 5][i as usize % 4] + i as usize;
            (0..len).map(|j| (j as u32 ^ i) as u8).collect()
        })
        .collect();
    let mut writer = RecordWriter::new(std::fs::File::create(path).unwrap());
    for r in &records {
        writer.write_record(r).unwrap();
    }
    writer.finish().unwrap();
    records
}

#[test]
fn tfrecords_read_from_a_bucket_as_from_disk() {
    let dir = tempfile::tempdir().unwrap();
    let local = dir.path().join("big.tfrecord");
    let records = write_records(&local);
    let size = std::fs::metadata(&local).unwrap().len();
    assert!(size > 12 << 20, "spans many read-ahead blocks: {size}");
    for scheme in ["gs", "s3"] {
        let remote = url(scheme, "records", "big.tfrecord");
        storage::write(&remote, &std::fs::read(&local).unwrap()).unwrap();
        let read: Vec<Vec<u8>> = RecordFile::open(&remote)
            .unwrap()
            .read_all()
            .unwrap()
            .into_iter()
            .map(|r| r.unwrap().1)
            .collect();
        assert_eq!(read, records, "{scheme}");
    }
}

fn pipeline_config(files: Vec<PathBuf>, tokenizer: PathBuf) -> DataConfig {
    let yaml = format!(
        "files: {files:?}\npreprocess: [decode, {{resize: 16}}, {{value_range: [-1, 1]}}]\n\
         text: {{tokenizer: {tokenizer:?}, max_len: 8}}\nbatch_size: 8\nshuffle_buffer: 16\n\
         seed: 3\nworkers: 2\n",
        files = files
            .iter()
            .map(|f| f.display().to_string())
            .collect::<Vec<_>>(),
        tokenizer = tokenizer.display().to_string(),
    );
    serde_yaml::from_str(&yaml).unwrap()
}

fn take(pipeline: &mut Pipeline, n: usize) -> Vec<siglip::data::Batch> {
    (0..n)
        .map(|_| pipeline.next_batch().unwrap().unwrap())
        .collect()
}

#[test]
fn a_pipeline_reads_a_bucket_glob_like_the_local_folder_and_resumes() {
    let dir = tempfile::tempdir().unwrap();
    let synth = SynthConfig {
        count: 60,
        val_count: 8,
        seed: 1,
        shards: 3,
        image_size: 24,
        two_objects: 0.0,
        max_aspect: 1.0,
    };
    write_synth(dir.path(), &synth, &FeatureKeys::default()).unwrap();
    let local_files = resolve_files(&[dir.path().join("train")]).unwrap();
    let bucket = url("gs", "pipeline", "synth");
    for file in &local_files {
        let name = file.file_name().unwrap();
        storage::write(&bucket.join(name), &std::fs::read(file).unwrap()).unwrap();
    }
    let tokenizer = bucket.join("tokenizer.json");
    storage::write(
        &tokenizer,
        &std::fs::read(dir.path().join("tokenizer.json")).unwrap(),
    )
    .unwrap();
    let remote_glob = bucket.join("data-*-of-00003.tfrecord");
    let remote_files = resolve_files(std::slice::from_ref(&remote_glob)).unwrap();
    assert_eq!(remote_files.len(), local_files.len());

    let local = pipeline_config(
        vec![dir.path().join("train")],
        dir.path().join("tokenizer.json"),
    );
    let remote = pipeline_config(vec![remote_glob], tokenizer);
    let reference = take(
        &mut Pipeline::new(&local, Sharding::SINGLE, None).unwrap(),
        12,
    );
    let mut from_bucket = Pipeline::new(&remote, Sharding::SINGLE, None).unwrap();
    let head = take(&mut from_bucket, 5);
    let state: PipelineState = from_bucket.state();
    drop(from_bucket);
    let tail = take(
        &mut Pipeline::new(&remote, Sharding::SINGLE, Some(state)).unwrap(),
        7,
    );
    assert_eq!(head, reference[..5]);
    assert_eq!(tail, reference[5..]);

    // A list mixing a local folder (shards 0 and 1) and a bucket glob (shard 2) deals the same
    // files in the same order, so the same batches.
    let part = dir.path().join("part");
    std::fs::create_dir(&part).unwrap();
    for file in &local_files[..2] {
        std::fs::copy(file, part.join(file.file_name().unwrap())).unwrap();
    }
    let entries = |glob: &str| -> ShardEntries {
        serde_yaml::from_str(&format!(
            "[{}, {}]",
            part.display(),
            bucket.join(glob).display()
        ))
        .unwrap()
    };
    let mixed = entries("data-00002-*.tfrecord")
        .resolve("data.train.shards")
        .unwrap();
    assert_eq!(mixed.len(), 3);
    assert!(storage::is_remote(&mixed[2]), "{mixed:?}");
    let config = pipeline_config(mixed, dir.path().join("tokenizer.json"));
    let from_list = take(
        &mut Pipeline::new(&config, Sharding::SINGLE, None).unwrap(),
        12,
    );
    assert_eq!(from_list, reference);
    let err = entries("data-00009-*.tfrecord")
        .resolve("data.train.shards")
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("data.train.shards[1]: gs://pipeline/synth/data-00009-*"),
        "{err}"
    );
}

#[test]
fn a_sweep_reads_its_files_and_runs_from_a_bucket() {
    let configs = Path::new(env!("CARGO_MANIFEST_DIR")).join("configs");
    let sweeps = url("gs", "sweeps", "configs/sweeps");
    for (from, to) in [
        (
            configs.join("tiny_cpu.yaml"),
            url("gs", "sweeps", "configs/tiny_cpu.yaml"),
        ),
        (
            configs.join("sweeps/tiny_cpu_lr.yaml"),
            sweeps.join("lr.yaml"),
        ),
    ] {
        storage::write(&to, &std::fs::read(from).unwrap()).unwrap();
    }
    // `base: ../tiny_cpu.yaml`, resolved within the bucket.
    let sweep = Sweep::load(&sweeps.join("lr.yaml")).unwrap();
    let local = Sweep::load(&configs.join("sweeps/tiny_cpu_lr.yaml")).unwrap();
    assert_eq!(sweep.base, url("gs", "sweeps", "configs/tiny_cpu.yaml"));
    assert_eq!(sweep.runs.len(), 4);
    for (remote, local) in sweep.runs.iter().zip(&local.runs) {
        assert_eq!((&remote.name, &remote.config), (&local.name, &local.config));
    }
    // Run directories in the bucket: one finished, one resumable, the rest fresh.
    let root = url("gs", "sweeps", "runs");
    let mut finished = sample(300);
    finished.meta.step = sweep.runs[0].config.train.steps;
    checkpoint::save(&root.join(&sweep.runs[0].name), &finished, None).unwrap();
    checkpoint::save(&root.join(&sweep.runs[1].name), &sample(100), None).unwrap();
    let states: Vec<RunState> = sweep
        .states(&root)
        .unwrap()
        .into_iter()
        .map(|(_, state)| state)
        .collect();
    assert_eq!(
        states,
        [
            RunState::Finished,
            RunState::Partial(100),
            RunState::Fresh,
            RunState::Fresh
        ]
    );
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// Copies the files of a local folder into a bucket folder.
fn upload_dir(local: &Path, remote: &Path) {
    for entry in std::fs::read_dir(local).unwrap() {
        let path = entry.unwrap().path();
        if path.is_file() {
            let bytes = std::fs::read(&path).unwrap();
            storage::write(&remote.join(path.file_name().unwrap()), &bytes).unwrap();
        }
    }
}

#[test]
fn models_in_a_bucket_load_as_from_disk() {
    // A SigLIP 2 directory: config, weights, patch budget, tokenizer and its padding settings.
    let local = fixture("hf_siglip2_naflex");
    let remote = url("gs", "models", "siglip2");
    upload_dir(&local, &remote);
    let options = SourceOptions::default();
    let (a, b) = (
        source::load(&local, &options).unwrap(),
        source::load(&remote, &options).unwrap(),
    );
    assert_eq!(
        (&b.config, &b.params, &b.text),
        (&a.config, &a.params, &a.text)
    );
    assert_eq!(b.tokenizer, Some(remote.join("tokenizer.json")));
    let texts = ["a photo of a red square".to_string()];
    assert_eq!(
        b.encode_texts(&texts).unwrap(),
        a.encode_texts(&texts).unwrap()
    );
    // big_vision archives, read by ranges through the storage layer.
    for name in ["big_vision_scan.npz", "fortran.npz"] {
        let local = fixture("npz").join(name);
        let remote = url("s3", "models", name);
        storage::write(&remote, &std::fs::read(&local).unwrap()).unwrap();
        assert_eq!(
            npz::read_npz(&remote).unwrap(),
            npz::read_npz(&local).unwrap(),
            "{name}"
        );
    }
}

fn sample(step: u64) -> Checkpoint {
    Checkpoint {
        meta: Meta {
            step,
            config: "model: {}\n".into(),
            input: PipelineState {
                epoch: 0,
                index: step,
                batches: step,
                seed: 0,
                sharding: Sharding::SINGLE,
            },
            rng_seed: 0,
            plugin: "cpu".into(),
            crate_version: checkpoint::CRATE_VERSION.into(),
            init: None,
        },
        tensors: BTreeMap::from([(
            "params/w".to_string(),
            HostTensor::from_slice(&[3], &[step as f32, 1.0, -2.0]).unwrap(),
        )]),
    }
}

#[test]
fn checkpoints_in_a_bucket_count_only_once_committed() {
    let run = url("s3", "checkpoints", "run");
    let steps = |run: &Path| -> Vec<u64> {
        checkpoint::list(run)
            .unwrap()
            .into_iter()
            .map(|(s, _)| s)
            .collect()
    };
    checkpoint::save(&run, &sample(1), Some(2)).unwrap();
    checkpoint::save(&run, &sample(2), Some(2)).unwrap();
    // An upload killed before its marker: every object but the last.
    let partial = checkpoint::checkpoints_dir(&run).join(checkpoint::step_dir_name(3));
    storage::write(&partial.join(checkpoint::STATE_FILE), b"half").unwrap();
    assert_eq!(steps(&run), [1, 2]);
    assert_eq!(
        checkpoint::resolve(&run).unwrap(),
        checkpoint::checkpoints_dir(&run).join(checkpoint::step_dir_name(2))
    );
    assert!(checkpoint::load(&partial).is_err());
    assert!(matches!(
        checkpoint::save(&run, &sample(2), None),
        Err(checkpoint::CheckpointError::Exists(_))
    ));
    // The next save removes the leftover, commits, then prunes to `keep`.
    let saved = checkpoint::save(&run, &sample(4), Some(2)).unwrap();
    assert!(storage::is_file(&saved.join(COMMIT_FILE)).unwrap());
    assert_eq!(steps(&run), [2, 4]);
    assert!(!storage::exists(&partial).unwrap());
    let loaded = checkpoint::load(&saved).unwrap();
    assert_eq!(loaded, sample(4));
    assert_eq!(checkpoint::digest(&loaded), checkpoint::digest(&sample(4)));
}
