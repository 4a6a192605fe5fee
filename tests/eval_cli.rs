//! Model sources (`siglip::source`), label ranking (`eval::rank`) and the `siglip embed`,
//! `zero-shot` and `export --hf` commands, on tiny models: the committed fixtures of
//! tools/make_export_fixture.py (a checkpoint of ours, what transformers loaded from its export,
//! and transformers' embeddings), tools/make_hf_fixtures.py and tools/make_npz_fixtures.py.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::*;
use siglip::checkpoint;
use siglip::eval::embed::Embedder;
use siglip::eval::metrics::Embeddings;
use siglip::eval::rank::rank_labels;
use siglip::model::{hf, npz, ParamTree, TwoTowerConfig};
use siglip::safetensors_io;
use siglip::source::{self, LoadedModel, SourceError, SourceOptions};
use siglip::tensor::HostTensor;

fn fixture(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(path)
}

/// The checkpoint of tools/make_export_fixture.py, as a run directory.
fn run_dir() -> PathBuf {
    fixture("export/run")
}

fn load(src: &Path) -> LoadedModel {
    source::load(src, &SourceOptions::default()).unwrap()
}

fn load_err(src: &Path, options: SourceOptions) -> String {
    source::load(src, &options).unwrap_err().to_string()
}

fn f32s(t: &HostTensor) -> Vec<f64> {
    t.to_f64_lossy()
}

/// Runs `siglip args`; returns (success, stdout, stderr).
fn siglip_status(args: &[&str]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_siglip"))
        .args(args)
        .env("SIGLIP_LOG", "error")
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn siglip_fails(args: &[&str]) -> String {
    let (ok, _, stderr) = siglip_status(args);
    assert!(!ok, "{args:?} should fail");
    stderr
}

fn path_str(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// A PNG of one colour.
fn write_png(path: &Path, side: u32, rgb: [u8; 3]) {
    image::RgbImage::from_pixel(side, side, image::Rgb(rgb))
        .save(path)
        .unwrap();
}

// --- sources ------------------------------------------------------------------------------------

#[test]
fn a_run_dir_and_its_checkpoint_load_the_same_model_with_its_tokenizer() {
    let from_run = load(&run_dir());
    let (_, dir) = checkpoint::list(&run_dir()).unwrap().pop().unwrap();
    let from_checkpoint = load(&dir);
    assert_eq!(from_run.params, from_checkpoint.params);
    let saved = checkpoint::load(&dir).unwrap();
    let expected: ParamTree = saved
        .tensors
        .iter()
        .filter_map(|(k, v)| {
            k.strip_prefix("params/")
                .map(|p| (p.to_string(), v.clone()))
        })
        .collect();
    assert_eq!(from_run.params, expected);
    assert_eq!(from_run.config.image.image_size, 16);
    assert_eq!(from_run.text.max_len, 8);
    assert!(from_run.text.lowercase, "the fixture run config lowercases");
    // data.tokenizer is relative to the repository root, the directory cargo runs tests in.
    assert_eq!(
        from_run
            .tokenizer
            .as_deref()
            .map(|p| p.canonicalize().unwrap()),
        Some(fixture("export/tokenizer.json").canonicalize().unwrap())
    );
}

#[test]
fn a_relative_tokenizer_is_found_next_to_a_moved_run() {
    // A project elsewhere: proj/data/tok.json and proj/runs/x, whose config names data/tok.json
    // (which does not exist relative to the test's working directory).
    let tmp = tempfile::tempdir().unwrap();
    let proj = tmp.path().join("proj");
    std::fs::create_dir_all(proj.join("data")).unwrap();
    std::fs::copy(fixture("export/tokenizer.json"), proj.join("data/tok.json")).unwrap();
    let (_, dir) = checkpoint::list(&run_dir()).unwrap().pop().unwrap();
    let mut saved = checkpoint::load(&dir).unwrap();
    assert!(saved
        .meta
        .config
        .contains("tests/fixtures/export/tokenizer.json"));
    saved.meta.config = saved
        .meta
        .config
        .replace("tests/fixtures/export/tokenizer.json", "data/tok.json");
    checkpoint::save(&proj.join("runs/x"), &saved, None).unwrap();
    let model = load(&proj.join("runs/x"));
    assert_eq!(
        model.tokenizer.unwrap().canonicalize().unwrap(),
        proj.join("data/tok.json").canonicalize().unwrap()
    );

    // Gone: image work still loads, text work says what was looked for.
    std::fs::remove_file(proj.join("data/tok.json")).unwrap();
    let model = load(&proj.join("runs/x"));
    assert!(model.tokenizer.is_none());
    let e = model.text_config().unwrap_err().to_string();
    assert!(
        e.contains("data.tokenizer data/tok.json is not a file") && e.contains("--tokenizer"),
        "{e}"
    );
}

#[test]
fn a_hugging_face_dir_loads_as_import_dir_does_and_needs_a_tokenizer_json() {
    let dir = fixture("hf_siglip_map");
    let model = load(&dir);
    let (config, params) = hf::import_dir(&dir).unwrap();
    assert_eq!(model.config, config);
    assert_eq!(model.params, params);
    assert_eq!(model.text.max_len, 16);
    assert!(!model.text.lowercase);
    let e = model.text_config().unwrap_err().to_string();
    assert!(e.contains("has no tokenizer.json; pass --tokenizer"), "{e}");

    // Only a sentencepiece model: say to convert it.
    let tmp = tempfile::tempdir().unwrap();
    for file in ["config.json", "model.safetensors"] {
        std::fs::copy(dir.join(file), tmp.path().join(file)).unwrap();
    }
    std::fs::write(tmp.path().join("spiece.model"), b"sentencepiece").unwrap();
    let e = load(tmp.path()).text_config().unwrap_err().to_string();
    assert!(
        e.contains("has only spiece.model") && e.contains("convert it"),
        "{e}"
    );

    // --tokenizer fills the gap.
    let options = SourceOptions {
        tokenizer: Some(fixture("export/tokenizer.json")),
        ..Default::default()
    };
    let model = source::load(tmp.path(), &options).unwrap();
    assert_eq!(model.text_config().unwrap().max_len, 16);
}

/// The model of tools/make_npz_fixtures.py as a model YAML (`model:` section form).
const NPZ_MODEL: &str = "
model:
  image: {width: 8, depth: 2, mlp_dim: 16, num_heads: 2, patch_size: 4, image_size: 8}
  text: {vocab_size: 11, max_len: 4, width: 8, depth: 2, mlp_dim: 16, num_heads: 2, embed_dim: 8}
";

#[test]
fn a_big_vision_npz_needs_a_config_and_must_match_its_size() {
    let npz_path = fixture("npz/big_vision_loop.npz");
    let e = load_err(&npz_path, SourceOptions::default());
    assert!(e.contains("pass --config"), "{e}");

    let tmp = tempfile::tempdir().unwrap();
    let yaml = tmp.path().join("model.yaml");
    std::fs::write(&yaml, NPZ_MODEL).unwrap();
    let options = SourceOptions {
        config: Some(yaml.clone()),
        ..Default::default()
    };
    let model = source::load(&npz_path, &options).unwrap();
    let config: TwoTowerConfig = serde_yaml::from_value(
        serde_yaml::from_str::<serde_yaml::Value>(NPZ_MODEL).unwrap()["model"].clone(),
    )
    .unwrap();
    let expected = siglip::model::cast_tree(
        &npz::import_big_vision(&npz_path, &config).unwrap(),
        siglip::tensor::DType::F32,
    );
    assert_eq!(model.params, expected);
    assert!(model.tokenizer.is_none());

    // The same YAML without the `model:` wrapper, but another width.
    std::fs::write(
        &yaml,
        NPZ_MODEL.replace("model:\n", "").replace(
            "mlp_dim: 16, num_heads: 2, patch_size",
            "mlp_dim: 24, num_heads: 2, patch_size",
        ),
    )
    .unwrap();
    let e = load_err(&npz_path, options);
    assert!(e.contains("img/") && e.contains("expected"), "{e}");
}

#[test]
fn a_source_of_another_size_than_the_config_names_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let yaml = tmp.path().join("model.yaml");
    let train = std::fs::read_to_string(fixture("export/train.yaml")).unwrap();
    std::fs::write(&yaml, &train).unwrap();
    let same = SourceOptions {
        config: Some(yaml.clone()),
        ..Default::default()
    };
    source::load(&run_dir(), &same).unwrap();

    std::fs::write(
        &yaml,
        train.replace(
            "mlp_dim: 32, num_heads: 2,\n          pool: map",
            "mlp_dim: 48, num_heads: 2,\n          pool: map",
        ),
    )
    .unwrap();
    let e = load_err(&run_dir(), same.clone());
    assert!(
        e.contains("holds another model than the model of")
            && e.contains("has shape [16, 32], expected [16, 48]"),
        "{e}"
    );
    // Same shapes, other architecture detail.
    std::fs::write(&yaml, train.replace("pool: last", "pool: first")).unwrap();
    let e = load_err(&run_dir(), same);
    assert!(e.contains("config differs: model.text.pool"), "{e}");
}

#[test]
fn what_is_not_a_model_is_named_with_what_was_looked_for() {
    let tmp = tempfile::tempdir().unwrap();
    let e = load_err(tmp.path(), SourceOptions::default());
    assert!(
        e.contains("is not a model: looked for meta.json")
            && e.contains("config.json + model.safetensors"),
        "{e}"
    );
    let e = load_err(&tmp.path().join("nothing"), SourceOptions::default());
    assert!(e.contains("nothing: no such file or directory"), "{e}");
    let options = SourceOptions {
        tokenizer: Some(tmp.path().join("tok.json")),
        ..Default::default()
    };
    let e = load_err(&run_dir(), options);
    assert!(
        e.contains("--tokenizer") && e.contains("tok.json: no such file"),
        "{e}"
    );
    assert!(matches!(
        source::load(tmp.path(), &SourceOptions::default()),
        Err(SourceError::NotAModel(_))
    ));
}

#[test]
fn texts_longer_than_the_context_are_truncated_and_reported() {
    let model = load(&run_dir());
    let texts = vec![
        "a red circle".to_string(),
        "a small red circle at the top left and a big blue square".to_string(),
    ];
    let (tokens, truncated) = model.encode_texts(&texts).unwrap();
    assert_eq!(tokens.shape, vec![2, 8]);
    assert_eq!(truncated, vec![1]);
    let ids = tokens.to_vec::<i32>().unwrap();
    // Sticky EOS (id 1): the short text is padded with it, the long one ends with it.
    assert_eq!(&ids[3..8], &[1; 5]);
    assert_eq!(ids[15], 1);
    assert!(ids[8..15].iter().all(|&id| id != 1));
}

// --- ranking ------------------------------------------------------------------------------------

#[test]
fn labels_are_ranked_by_sigmoid_with_softmax_over_labels_and_ties_to_the_lower_index() {
    // Rows whose normalised values are exact in f32, so the cosines are exact.
    let images = Embeddings::new("images", 4, vec![1., 0., 0., 0., 0., 0., 0., 2.]).unwrap();
    // cos with image 0: 0.5, 1, 0.5, 0; with image 1: 0.5, 0, 0.5, 1 (labels 0 and 2 tie).
    let labels = Embeddings::new(
        "labels",
        4,
        vec![
            1., 1., 1., 1., 5., 0., 0., 0., 0.5, 0.5, 0.5, 0.5, 0., 0., 0., 1.,
        ],
    )
    .unwrap();
    let (t, b) = (10.0, -5.0);
    let ranked = rank_labels(&images, &labels, t, b).unwrap();
    let sigma = |z: f64| 1.0 / (1.0 + (-z).exp());
    for (image, cosines, order) in [
        (0, [0.5, 1.0, 0.5, 0.0], [1, 0, 2, 3]),
        (1, [0.5, 0.0, 0.5, 1.0], [3, 0, 2, 1]),
    ] {
        let total: f64 = cosines.iter().map(|c| (t * c).exp()).sum();
        let got = &ranked[image];
        assert_eq!(got.iter().map(|s| s.label).collect::<Vec<_>>(), order);
        for score in got {
            let c = cosines[score.label];
            assert_close(&[score.sigmoid], &[sigma(t * c + b)], 1e-12, "sigmoid");
            assert_close(&[score.softmax], &[(t * c).exp() / total], 1e-12, "softmax");
        }
    }
    let empty = Embeddings::new("labels", 4, vec![]).unwrap();
    assert!(rank_labels(&images, &empty, t, b).is_err());
}

// --- the commands -------------------------------------------------------------------------------

#[test]
fn embed_writes_the_tower_outputs_as_safetensors_and_npy() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let colours = [[255, 0, 0], [0, 128, 255]];
    for (i, rgb) in colours.iter().enumerate() {
        write_png(&dir.join(format!("img{i}.png")), 16, *rgb);
    }
    std::fs::write(dir.join("notes.txt"), "not an image").unwrap();
    let run = path_str(&run_dir()).to_string();
    let st = dir.join("images.safetensors");
    siglip(&[
        "embed",
        "--checkpoint",
        &run,
        "--images",
        path_str(dir),
        "--out",
        path_str(&st),
    ]);
    let npy = dir.join("images.npy");
    siglip(&[
        "embed",
        "--checkpoint",
        &run,
        "--images",
        path_str(&dir.join("img0.png")),
        path_str(&dir.join("img1.png")),
        "--out",
        path_str(&npy),
    ]);

    // Reference: the images as the model sees them, written out by hand (16 px already, so the
    // resize keeps every pixel; value_range maps 0..255 onto -1..1), through the image tower.
    let model = load(&run_dir());
    let pixels: Vec<f32> = colours
        .iter()
        .flat_map(|rgb| {
            let px: Vec<f32> = rgb.iter().map(|&c| c as f32 / 255.0 * 2.0 - 1.0).collect();
            std::iter::repeat_n(px, 16 * 16).flatten()
        })
        .collect();
    let images = HostTensor::from_slice(&[2, 16, 16, 3], &pixels).unwrap();
    let embedder = Embedder::new(client(), &model.config, &model.params, 2).unwrap();
    let want = embedder.images(&images).unwrap();

    let (tensors, metadata) = safetensors_io::read_with_metadata(&st).unwrap();
    let got = &tensors["embeddings"];
    assert_eq!(got.shape, vec![2, 16]);
    let want64: Vec<f64> = want.data.iter().map(|&v| v as f64).collect();
    assert_close(&f32s(got), &want64, 1e-6, "image embeddings");
    let names: Vec<String> = serde_json::from_str(&metadata["names"]).unwrap();
    assert_eq!(names.len(), 2);
    assert!(names[0].ends_with("img0.png") && names[1].ends_with("img1.png"));
    assert_eq!(metadata["kind"], "image");
    let from_npy = npz::parse_npy(&std::fs::read(&npy).unwrap()).unwrap();
    assert_eq!(&from_npy, got);

    // Texts: one per line, blank lines skipped, truncation reported; never overwrite.
    let texts = dir.join("texts.txt");
    std::fs::write(
        &texts,
        "a red circle\n\na small red circle at the top left and a big blue square\n",
    )
    .unwrap();
    let out = dir.join("texts.safetensors");
    let (ok, _, stderr) = siglip_status(&[
        "embed",
        "--checkpoint",
        &run,
        "--texts",
        path_str(&texts),
        "--out",
        path_str(&out),
    ]);
    assert!(ok, "{stderr}");
    assert!(
        stderr.contains("1 of 2 texts are longer than the model's 8 tokens"),
        "{stderr}"
    );
    let (tensors, metadata) = safetensors_io::read_with_metadata(&out).unwrap();
    let (tokens, _) = model
        .encode_texts(&serde_json::from_str::<Vec<String>>(&metadata["names"]).unwrap())
        .unwrap();
    let want: Vec<f64> = embedder
        .texts(&tokens)
        .unwrap()
        .data
        .iter()
        .map(|&v| v as f64)
        .collect();
    assert_close(
        &f32s(&tensors["embeddings"]),
        &want,
        1e-6,
        "text embeddings",
    );
    let e = siglip_fails(&[
        "embed",
        "--checkpoint",
        &run,
        "--texts",
        path_str(&texts),
        "--out",
        path_str(&out),
    ]);
    assert!(e.contains("exists; refusing to overwrite it"), "{e}");
}

#[test]
fn zero_shot_json_ranks_labels_by_the_models_own_probabilities() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let images: Vec<PathBuf> = (0..3).map(|i| dir.join(format!("{i}.png"))).collect();
    for (i, path) in images.iter().enumerate() {
        write_png(path, 20, [80 * i as u8, 200, 40]);
    }
    let labels = ["red circle", "blue square", "green triangle", "small"];
    let labels_file = dir.join("labels.txt");
    std::fs::write(&labels_file, labels.join("\n")).unwrap();
    let run = path_str(&run_dir()).to_string();
    let mut args = vec![
        "zero-shot",
        "--checkpoint",
        &run,
        "--labels-file",
        path_str(&labels_file),
        "--json",
    ];
    args.extend(images.iter().map(|p| path_str(p)));
    let stdout = siglip(&args);

    // Reference: cosines of the `embed` outputs of the same images and labels, t and b from the
    // checkpoint.
    let model = load(&run_dir());
    let embedder = Embedder::new(client(), &model.config, &model.params, 4).unwrap();
    let image_embeddings = embedder
        .images(&model.read_images(&images).unwrap())
        .unwrap();
    let texts: Vec<String> = labels.iter().map(|l| l.to_string()).collect();
    let label_embeddings = embedder
        .texts(&model.encode_texts(&texts).unwrap().0)
        .unwrap();
    let t = model.params["t"].to_f64_lossy()[0].exp();
    let b = model.params["b"].to_f64_lossy()[0];
    let lines: Vec<serde_json::Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3);
    for (i, line) in lines.iter().enumerate() {
        assert_eq!(line["image"], path_str(&images[i]));
        let keys: Vec<&String> = line.as_object().unwrap().keys().collect();
        assert_eq!(keys, ["image", "ranking"]);
        let ranking = line["ranking"].as_array().unwrap();
        assert_eq!(ranking.len(), labels.len());
        let logits: Vec<f64> = (0..labels.len())
            .map(|j| {
                let (x, y) = (image_embeddings.row(i), label_embeddings.row(j));
                let dot: f64 = x.iter().zip(y).map(|(a, b)| *a as f64 * *b as f64).sum();
                let norm = |v: &[f32]| v.iter().map(|a| (*a as f64).powi(2)).sum::<f64>().sqrt();
                t * dot / (norm(x) * norm(y)) + b
            })
            .collect();
        let total: f64 = logits.iter().map(|z| z.exp()).sum();
        let mut previous = f64::INFINITY;
        for entry in ranking {
            let j = labels.iter().position(|l| entry["label"] == *l).unwrap();
            let sigmoid = entry["sigmoid"].as_f64().unwrap();
            assert!(sigmoid <= previous, "ranked by sigmoid");
            previous = sigmoid;
            assert_close(
                &[sigmoid],
                &[1.0 / (1.0 + (-logits[j]).exp())],
                1e-5,
                "sigmoid",
            );
            assert_close(
                &[entry["softmax"].as_f64().unwrap()],
                &[logits[j].exp() / total],
                1e-5,
                "softmax",
            );
        }
    }

    // The table form, with templates and --top.
    let table = siglip(&[
        "zero-shot",
        "--checkpoint",
        &run,
        "--labels",
        "Red-Circle!,blue square",
        "--templates",
        "a {} shape",
        "--templates",
        "the {}",
        "--top",
        "1",
        path_str(&images[0]),
    ]);
    assert_eq!(table.lines().count(), 2, "{table}");
    assert!(table.lines().nth(1).unwrap().contains("1. "), "{table}");
}

#[test]
fn zero_shot_bad_input_is_named() {
    let tmp = tempfile::tempdir().unwrap();
    let good = tmp.path().join("good.png");
    write_png(&good, 16, [1, 2, 3]);
    let bad = tmp.path().join("bad.png");
    std::fs::write(&bad, "no png").unwrap();
    let run = path_str(&run_dir()).to_string();
    let e = siglip_fails(&[
        "zero-shot",
        "--checkpoint",
        &run,
        "--labels",
        "a,b",
        path_str(&good),
        path_str(&bad),
    ]);
    assert!(e.contains("bad.png: cannot decode image"), "{e}");
    let e = siglip_fails(&[
        "zero-shot",
        "--checkpoint",
        &run,
        "--labels",
        " , ",
        path_str(&good),
    ]);
    assert!(e.contains("the label list is empty"), "{e}");
    let e = siglip_fails(&[
        "zero-shot",
        "--checkpoint",
        &run,
        "--labels",
        "a,,b",
        path_str(&good),
    ]);
    assert!(e.contains("label 2 is empty"), "{e}");
    let e = siglip_fails(&[
        "zero-shot",
        "--checkpoint",
        &run,
        "--labels",
        "a",
        "--templates",
        "x",
        path_str(&good),
    ]);
    assert!(e.contains("has no {} for the label"), "{e}");
    let missing = tmp.path().join("missing.png");
    let e = siglip_fails(&[
        "zero-shot",
        "--checkpoint",
        &run,
        "--labels",
        "a",
        path_str(&missing),
    ]);
    assert!(e.contains("missing.png: No such file"), "{e}");
}

#[test]
fn export_matches_what_transformers_loaded_and_its_embeddings() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("hf");
    let run = path_str(&run_dir()).to_string();
    siglip(&["export", "--checkpoint", &run, "--hf", path_str(&out)]);

    // Every tensor as transformers holds it after from_pretrained(our export) (re-saved by it).
    let ours = safetensors_io::read(&out.join("model.safetensors")).unwrap();
    let theirs = safetensors_io::read(&fixture("export/hf/model.safetensors")).unwrap();
    assert_eq!(
        ours.keys().collect::<Vec<_>>(),
        theirs.keys().collect::<Vec<_>>()
    );
    for (name, tensor) in &theirs {
        assert_eq!(ours[name].shape, tensor.shape, "{name}");
        assert_eq!(f32s(&ours[name]), f32s(tensor), "{name}");
    }

    // Our towers on the fixture's inputs against transformers' embeddings.
    let model = load(&run_dir());
    let io = safetensors_io::read(&fixture("export/io.safetensors")).unwrap();
    let embedder = Embedder::new(client(), &model.config, &model.params, 3).unwrap();
    let to64 = |e: Embeddings| e.data.iter().map(|&v| v as f64).collect::<Vec<_>>();
    let image = to64(embedder.images(&io["pixel_values_nhwc"]).unwrap());
    assert_close(
        &image,
        &f32s(&io["image_embeds"]),
        1e-5,
        "image embeddings vs transformers",
    );
    let text = to64(embedder.texts(&io["input_ids"]).unwrap());
    assert_close(
        &text,
        &f32s(&io["text_embeds"]),
        1e-5,
        "text embeddings vs transformers",
    );

    // The export is itself a source: same parameters, tokenizer and lowercasing.
    let back = load(&out);
    assert_eq!(back.params, model.params);
    assert_eq!(back.config, model.config);
    assert_eq!(back.text, model.text);
    assert_eq!(
        std::fs::read(back.tokenizer.unwrap()).unwrap(),
        std::fs::read(fixture("export/tokenizer.json")).unwrap()
    );

    let e = siglip_fails(&["export", "--checkpoint", &run, "--hf", path_str(&out)]);
    assert!(
        e.contains("is not an empty directory; refusing to overwrite it"),
        "{e}"
    );
}
