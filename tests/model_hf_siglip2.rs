//! SigLIP 2 NaFlex against `transformers`' `Siglip2Model` and `Siglip2ImageProcessor` on
//! tests/fixtures/hf_siglip2_naflex (tools/make_hf_siglip2_fixtures.py, see tools/README.md):
//! loading the directory, the host preprocessing, and both towers in float32 and float64.

mod common;

use std::path::PathBuf;

use common::*;
use siglip::data::image_ops;
use siglip::data::naflex;
use siglip::data::naflex::posemb_resize_matrix;
use siglip::data::{PaddingSide, TextPadding};
use siglip::graph::Graph;
use siglip::model::hf::{self, HfError};
use siglip::model::naflex::NaFlexConfig;
use siglip::model::params::cast;
use siglip::model::{cast_tree, two_towers, Compute, Params, TwoTowerConfig};
use siglip::safetensors_io::{self, TensorMap};
use siglip::tensor::{DType, HostTensor};

const IMAGES: [&str; 6] = [
    "7x23.png",
    "41x13.png",
    "1x50.png",
    "16x16.png",
    "33x64.png",
    "3x2.png",
];

fn fixture_image(name: &str) -> PathBuf {
    fixture().join("images").join(name)
}

fn fixture() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/hf_siglip2_naflex")
}

fn io() -> TensorMap {
    safetensors_io::read(&fixture().join("io.safetensors")).expect("io.safetensors")
}

fn max_abs_diff(got: &[f64], want: &[f64]) -> f64 {
    assert_eq!(got.len(), want.len(), "length mismatch");
    got.iter()
        .zip(want)
        .fold(0.0, |m, (a, b)| f64::max(m, (a - b).abs()))
}

#[test]
fn siglip2_directory_loads_as_a_naflex_model() {
    let (cfg, params) = hf::import_dir(&fixture()).expect("import");
    // 16 position embeddings are a 4×4 grid of 4 px patches; the budget is the processor's.
    assert_eq!(cfg.image.patch_size, 4);
    assert_eq!(cfg.image.num_patches(), 16);
    assert_eq!(
        cfg.image.naflex,
        Some(NaFlexConfig {
            max_num_patches: 24
        })
    );
    // Export gives back the checkpoint's tensors exactly, and the same config on re-import.
    let original = safetensors_io::read(&fixture().join(hf::WEIGHTS_FILE)).unwrap();
    let (_, exported) = hf::export(&cfg, &params).unwrap();
    assert_eq!(exported, original);
    let out = tempfile::tempdir().unwrap();
    hf::export_dir(&cfg, &params, None, out.path()).unwrap();
    let (cfg2, params2) = hf::import_dir(out.path()).unwrap();
    assert_eq!((cfg2, params2), (cfg, params));
}

#[test]
fn siglip2_bad_settings_name_the_file_and_value() {
    let dir = tempfile::tempdir().unwrap();
    for file in [hf::CONFIG_FILE, hf::WEIGHTS_FILE, hf::PREPROCESSOR_FILE] {
        std::fs::copy(fixture().join(file), dir.path().join(file)).unwrap();
    }
    let edit = |file: &str, from: &str, to: &str| {
        let text = std::fs::read_to_string(fixture().join(file)).unwrap();
        assert!(text.contains(from), "{file} has no {from}");
        std::fs::write(dir.path().join(file), text.replace(from, to)).unwrap();
    };
    edit(
        hf::PREPROCESSOR_FILE,
        "\"patch_size\": 4",
        "\"patch_size\": 16",
    );
    let err = hf::import_dir(dir.path()).unwrap_err().to_string();
    assert!(
        err.contains(hf::PREPROCESSOR_FILE) && err.contains("patch_size 16"),
        "{err}"
    );
    edit(
        hf::PREPROCESSOR_FILE,
        "\"max_num_patches\": 24",
        "\"max_num_patches\": 0",
    );
    let err = hf::import_dir(dir.path()).unwrap_err().to_string();
    assert!(err.contains("max_num_patches 0"), "{err}");
    // A budget that is not a whole number of patches.
    edit(
        hf::PREPROCESSOR_FILE,
        "\"max_num_patches\": 24",
        "\"max_num_patches\": 24.5",
    );
    let err = hf::import_dir(dir.path()).unwrap_err().to_string();
    assert!(
        err.contains(hf::PREPROCESSOR_FILE) && err.contains("24.5"),
        "{err}"
    );

    std::fs::copy(
        fixture().join(hf::PREPROCESSOR_FILE),
        dir.path().join(hf::PREPROCESSOR_FILE),
    )
    .unwrap();
    edit(
        hf::CONFIG_FILE,
        "\"num_patches\": 16",
        "\"num_patches\": 15",
    );
    let err = hf::import_dir(dir.path()).unwrap_err();
    assert!(matches!(err, HfError::Unsupported(_)), "{err}");
    assert!(err.to_string().contains("num_patches 15"), "{err}");
}

#[test]
fn preprocessing_matches_transformers_pil_backend_exactly() {
    let io = io();
    let shapes = io["spatial_shapes"].to_f64_lossy();
    let masks = io["pixel_attention_mask"].to_f64_lossy();
    let (budget, patch_len) = (24, 4 * 4 * 3);
    let mut ours = Vec::new();
    for (i, name) in IMAGES.iter().enumerate() {
        let encoded = std::fs::read(fixture().join("images").join(name)).unwrap();
        let image = image_ops::decode(&encoded, [255; 3]).unwrap();
        let got = naflex::preprocess(&image, 4, budget).unwrap();
        let want_grid = (shapes[2 * i] as usize, shapes[2 * i + 1] as usize);
        assert_eq!(got.grid, want_grid, "{name}: spatial shape");
        let want_mask: Vec<bool> = masks[i * budget..(i + 1) * budget]
            .iter()
            .map(|&m| m == 1.0)
            .collect();
        assert_eq!(got.mask, want_mask, "{name}: attention mask");
        assert_eq!(got.patches.len(), budget * patch_len);
        ours.extend(got.patches.iter().map(|&v| v as f64));
    }
    // Our resize is PIL's, bit for bit: the PIL backend's values are matched exactly (up to the
    // f32 rounding of the normalisation). transformers' default torchvision backend rounds to 8
    // bits differently: within one level (2/255 in [-1, 1]) of it.
    let pil = max_abs_diff(&ours, &io["pixel_values"].to_f64_lossy());
    println!("pixel_values (PIL backend): max abs error {pil:.2e}");
    assert!(pil <= 1e-6, "PIL backend: max abs error {pil:e}");
    let torchvision = io["pixel_values_torchvision"].to_f64_lossy();
    let err = max_abs_diff(&ours, &torchvision);
    let off = ours
        .iter()
        .zip(&torchvision)
        .filter(|(a, b)| (*a - *b).abs() > 1e-6)
        .count();
    let total = torchvision.len();
    println!("torchvision backend: max abs error {err:.2e}, {off} of {total} values a level apart");
    assert!(
        err <= 2.0 / 255.0 + 1e-6,
        "torchvision: max abs error {err:e}"
    );
}

/// Both towers of the fixture's model in `dtype` on the fixture's (PIL) patches and tokens:
/// the pooled outputs, HF-normalised embeddings and logits, in the order of `OUTPUTS`.
fn forward(dtype: DType) -> (TwoTowerConfig, Vec<Vec<f64>>) {
    let (cfg, params) = hf::import_dir(&fixture()).expect("import");
    let params = cast_tree(&params, dtype);
    let io = io();
    let shapes = io["spatial_shapes"].to_f64_lossy();
    let patches = cast(&io["pixel_values"], dtype);
    let (batch, budget) = (patches.shape[0], patches.shape[1]);
    let grid = cfg.image.grid();
    let mut resize = Vec::new();
    for i in 0..batch as usize {
        let image_grid = (shapes[2 * i] as usize, shapes[2 * i + 1] as usize);
        resize.extend(posemb_resize_matrix(grid, image_grid, budget as usize).unwrap());
    }
    let resize = cast(
        &HostTensor::from_slice(&[batch, budget, (grid * grid) as i64], &resize).unwrap(),
        dtype,
    );
    let mask = io["pixel_attention_mask"].clone();
    let tokens = io["input_ids"].clone();

    let g = Graph::new();
    let p = Params::declare(&g, &params);
    let x = g.parameter("patches", dtype, &patches.shape);
    let r = g.parameter("posemb_resize", dtype, &resize.shape);
    let m = g.parameter("mask", mask.dtype, &mask.shape);
    let real = m.gt(&g.full(0.0, mask.dtype, &mask.shape));
    let t = g.parameter("tokens", tokens.dtype, &tokens.shape);
    let emb = two_towers::forward_naflex(&cfg, &p, Compute::default(), (&x, &r, &real), &t)
        .expect("forward");
    let sim = two_towers::similarity(&emb, 0.0);
    let outputs = [&emb.image, &emb.text, &sim.image, &sim.text, &sim.logits];
    let module = g.build(&outputs).expect("graph builds");
    let mut inputs: Vec<HostTensor> = params.values().cloned().collect();
    inputs.extend([patches, resize, mask, tokens]);
    (cfg, run_f64(module, &inputs))
}

const OUTPUTS: [&str; 5] = [
    "image_pooled",
    "text_pooled",
    "image_embeds",
    "text_embeds",
    "logits_per_image",
];

fn check(dtype: DType, suffix: &str, tolerance: f64) {
    let (_, got) = forward(dtype);
    let io = io();
    for (key, got) in OUTPUTS.iter().zip(&got) {
        let want = io[&format!("{key}_{suffix}")].to_f64_lossy();
        let err = max_abs_diff(got, &want);
        println!("{key} ({suffix}): max abs error {err:.2e}");
        assert!(err <= tolerance, "{key} ({suffix}): max abs error {err:e}");
    }
}

#[test]
fn naflex_forward_matches_transformers_in_f32() {
    // transformers resizes the position embedding in float32 too; 1e-5 as for SigLIP.
    check(DType::F32, "f32", 1e-5);
}

#[test]
fn naflex_forward_matches_transformers_in_f64() {
    check(DType::F64, "f64", 1e-12);
}

/// `siglip embed --checkpoint FIXTURE FLAG FILES...`: the embeddings it writes.
fn embed_cli(flag: &str, files: impl IntoIterator<Item = PathBuf>) -> Vec<f64> {
    let tmp = tempfile::tempdir().unwrap();
    let out_file = tmp.path().join("embeddings.safetensors");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_siglip"))
        .arg("embed")
        .arg("--checkpoint")
        .arg(fixture())
        .arg("--out")
        .arg(&out_file)
        .arg(flag)
        .args(files)
        .env("SIGLIP_LOG", "error")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "embed failed: {stderr}");
    safetensors_io::read(&out_file).unwrap()["embeddings"].to_f64_lossy()
}

/// `siglip embed` on a SigLIP 2 NaFlex directory: the images read from their files, preprocessed
/// on the host and run through the packed NaFlex program, give transformers' image features.
#[test]
fn embed_cli_gives_transformers_image_features() {
    let images = IMAGES
        .iter()
        .map(|name| fixture().join("images").join(name));
    let got = embed_cli("--images", images);
    let want = io()["image_pooled_f32"].to_f64_lossy();
    let err = max_abs_diff(&got, &want);
    println!("siglip embed vs transformers image_pooled: max abs error {err:.2e}");
    assert!(err <= 1e-5, "max abs error {err:e}");
}

/// The square-image tower refuses a NaFlex config rather than squash images to squares.
#[test]
fn square_image_tower_refuses_naflex_configs() {
    let (cfg, params) = hf::import_dir(&fixture()).unwrap();
    let g = Graph::new();
    let p = Params::declare(&g, &params);
    let size = cfg.image.image_size as i64;
    let images = g.parameter("images", DType::F32, &[1, size, size, 3]);
    let tokens = g.parameter("tokens", DType::I32, &[1, cfg.text.max_len as i64]);
    let err = two_towers::forward(&cfg, &p, &images, &tokens).unwrap_err();
    assert!(
        err.to_string()
            .contains("NaFlex image tower (max_num_patches 24)"),
        "{err}"
    );
}

/// Captions become the rows transformers' `Siglip2Tokenizer` makes (lowercased by tokenizer.json,
/// no EOS added, left padding with `<pad>`, cut to the context), and `siglip embed --texts` gives
/// transformers' text features for them.
#[test]
fn texts_are_tokenized_and_embedded_as_transformers_does() {
    let texts: Vec<String> =
        serde_json::from_str(&std::fs::read_to_string(fixture().join("texts.json")).unwrap())
            .unwrap();
    let model = siglip::source::load(&fixture(), &Default::default()).unwrap();
    let (ids, truncated) = model.encode_texts(&texts).unwrap();
    assert_eq!(ids, io()["input_ids"]);
    // "two dogs on grass" and "the quick brown fox jumps" have more than 10 tokens.
    assert_eq!(truncated, [1, 3]);

    let tmp = tempfile::tempdir().unwrap();
    let captions = tmp.path().join("texts.txt");
    std::fs::write(&captions, texts.join("\n") + "\n").unwrap();
    let got = embed_cli("--texts", [captions]);
    let want = io()["text_pooled_f32"].to_f64_lossy();
    let err = max_abs_diff(&got, &want);
    println!("siglip embed --texts vs transformers text_pooled: max abs error {err:.2e}");
    assert!(err <= 1e-5, "max abs error {err:e}");
}

/// `siglip zero-shot` on the NaFlex directory: each image's sigmoid probability of each caption
/// (a label without templates is its own prompt) is transformers' `sigmoid(logits_per_image)`.
#[test]
fn zero_shot_cli_gives_transformers_probabilities() {
    let texts: Vec<String> =
        serde_json::from_str(&std::fs::read_to_string(fixture().join("texts.json")).unwrap())
            .unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let labels = tmp.path().join("labels.txt");
    std::fs::write(&labels, texts.join("\n") + "\n").unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_siglip"))
        .arg("zero-shot")
        .arg("--checkpoint")
        .arg(fixture())
        .arg("--labels-file")
        .arg(&labels)
        .arg("--json")
        .args(
            IMAGES
                .iter()
                .map(|name| fixture().join("images").join(name)),
        )
        .env("SIGLIP_LOG", "error")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "zero-shot failed: {stderr}");
    let logits = io()["logits_per_image_f32"].to_f64_lossy();
    let lines: Vec<serde_json::Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    assert_eq!(lines.len(), IMAGES.len());
    let mut worst = 0f64;
    for (i, line) in lines.iter().enumerate() {
        for entry in line["ranking"].as_array().unwrap() {
            let label = entry["label"].as_str().unwrap();
            let j = texts.iter().position(|t| t == label).unwrap();
            let want = 1.0 / (1.0 + (-logits[i * texts.len() + j]).exp());
            worst = worst.max((entry["sigmoid"].as_f64().unwrap() - want).abs());
        }
    }
    println!("siglip zero-shot sigmoid vs transformers: max abs error {worst:.2e}");
    // 1e-5 on the logits, as above; the sigmoid's slope is at most 1/4.
    assert!(worst <= 2.5e-6, "max abs error {worst:e}");
}

/// `siglip export --hf` of the SigLIP 2 directory writes one that loads back to the same model,
/// budget and tokenization (transformers loading it: see tools/README.md).
#[test]
fn export_cli_writes_a_siglip2_directory_that_loads_back() {
    let tmp = tempfile::tempdir().unwrap();
    let out_dir = tmp.path().join("hf");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_siglip"))
        .arg("export")
        .arg("--checkpoint")
        .arg(fixture())
        .arg("--hf")
        .arg(&out_dir)
        .env("SIGLIP_LOG", "error")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "export failed: {stderr}");
    let original = siglip::source::load(&fixture(), &Default::default()).unwrap();
    let exported = siglip::source::load(&out_dir, &Default::default()).unwrap();
    assert_eq!(exported.config, original.config);
    assert_eq!(exported.params, original.params);
    assert_eq!(exported.text, original.text);
    let texts: Vec<String> =
        serde_json::from_str(&std::fs::read_to_string(fixture().join("texts.json")).unwrap())
            .unwrap();
    assert_eq!(
        exported.encode_texts(&texts).unwrap(),
        original.encode_texts(&texts).unwrap()
    );

    // A fixed-resolution directory pads the SigLIP 2 way when its tokenizer_config.json names
    // `Siglip2Tokenizer` (as export writes it for a square model trained with that padding).
    let square = tmp.path().join("square");
    std::fs::create_dir(&square).unwrap();
    let map = fixture().parent().unwrap().join("hf_siglip_map");
    for name in ["config.json", "model.safetensors"] {
        std::fs::copy(map.join(name), square.join(name)).unwrap();
    }
    let settings = r#"{"tokenizer_class": "Siglip2Tokenizer", "padding_side": "right"}"#;
    std::fs::write(square.join("tokenizer_config.json"), settings).unwrap();
    let loaded = siglip::source::load(&square, &Default::default()).unwrap();
    assert_eq!(
        loaded.text.padding,
        TextPadding::Siglip2 {
            pad_token: "<pad>".into(),
            side: PaddingSide::Right
        }
    );
}

/// A NaFlex model trained by `siglip train` (tests/fixtures/export_naflex, from
/// tools/make_export_fixture.py --naflex) exports to a directory transformers' `Siglip2Model`
/// loaded with every tensor as we wrote it (re-saved by transformers in `hf/`), and our image
/// embeddings of the export (each PNG read, preprocessed and run by `siglip embed`) and text
/// embeddings are transformers' (its `Siglip2ImageProcessor` on the same files).
#[test]
fn a_naflex_model_we_trained_exports_to_what_transformers_runs() {
    let fixture = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/export_naflex");
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("hf");
    let run = fixture.join("run");
    siglip(&[
        "export",
        "--checkpoint",
        run.to_str().unwrap(),
        "--hf",
        out.to_str().unwrap(),
    ]);
    let ours = safetensors_io::read(&out.join(hf::WEIGHTS_FILE)).unwrap();
    let theirs = safetensors_io::read(&fixture.join("hf").join(hf::WEIGHTS_FILE)).unwrap();
    assert_eq!(ours, theirs);

    let io = safetensors_io::read(&fixture.join("io.safetensors")).unwrap();
    let embeddings = tmp.path().join("images.safetensors");
    let images: Vec<String> = IMAGES
        .iter()
        .map(|name| fixture_image(name).display().to_string())
        .collect();
    let mut args = vec!["embed", "--checkpoint", out.to_str().unwrap()];
    args.extend(["--out", embeddings.to_str().unwrap(), "--images"]);
    args.extend(images.iter().map(String::as_str));
    siglip(&args);
    let got = safetensors_io::read(&embeddings).unwrap()["embeddings"].to_f64_lossy();
    let err = max_abs_diff(&got, &io["image_embeds"].to_f64_lossy());
    println!("our NaFlex export, image embeddings vs transformers: max abs error {err:.2e}");
    assert!(err <= 1e-5, "max abs error {err:e}");

    // Read back, the export is the run's model with the run's text conventions (sticky EOS).
    let trained = siglip::source::load(&run, &Default::default()).unwrap();
    let exported = siglip::source::load(&out, &Default::default()).unwrap();
    assert_eq!(exported.config, trained.config);
    assert_eq!(exported.params, trained.params);
    assert_eq!(exported.text, trained.text);
    let embedder =
        siglip::eval::embed::Embedder::new(client(), &exported.config, &exported.params, 3)
            .unwrap();
    let text = embedder.texts(&io["input_ids"]).unwrap();
    let text: Vec<f64> = text.data.iter().map(|&v| v as f64).collect();
    let err = max_abs_diff(&text, &io["text_embeds"].to_f64_lossy());
    println!("our NaFlex export, text embeddings vs transformers: max abs error {err:.2e}");
    assert!(err <= 1e-5, "max abs error {err:e}");
}

/// A SigLIP 2 directory without `tokenizer.json` still embeds images; encoding texts fails
/// naming the directory and the missing file, before anything is compiled.
#[test]
fn a_siglip2_directory_without_a_tokenizer_is_refused_for_texts() {
    let dir = tempfile::tempdir().unwrap();
    for file in [hf::CONFIG_FILE, hf::WEIGHTS_FILE, hf::PREPROCESSOR_FILE] {
        std::fs::copy(fixture().join(file), dir.path().join(file)).unwrap();
    }
    let model = siglip::source::load(dir.path(), &Default::default()).unwrap();
    let image = fixture_image("16x16.png");
    assert_eq!(
        model
            .read_images(std::slice::from_ref(&image))
            .unwrap()
            .shape[0],
        1
    );
    let err = model
        .encode_texts(&["a dog".into()])
        .unwrap_err()
        .to_string();
    assert!(
        err.contains(&dir.path().display().to_string()) && err.contains("no tokenizer.json"),
        "{err}"
    );
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_siglip"))
        .args(["zero-shot", "--checkpoint"])
        .arg(dir.path())
        .args(["--labels", "dog,cat"])
        .arg(&image)
        .env("SIGLIP_LOG", "error")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        stderr.contains("no tokenizer.json; pass --tokenizer"),
        "{stderr}"
    );
}

/// `siglip eval` on the SigLIP 2 NaFlex directory itself (its model, tokenizer and NaFlex
/// preprocessing; the config gives only the evals): image↔text recall over the first four images
/// paired with the four texts is what transformers' logits rank.
#[test]
fn eval_cli_runs_a_siglip2_directory() {
    let tmp = tempfile::tempdir().unwrap();
    let texts: Vec<String> =
        serde_json::from_str(&std::fs::read_to_string(fixture().join("texts.json")).unwrap())
            .unwrap();
    let captions = tmp.path().join("captions.jsonl");
    let lines: Vec<String> = IMAGES
        .iter()
        .zip(&texts)
        .map(|(image, text)| serde_json::json!({"image": image, "caption": text}).to_string())
        .collect();
    std::fs::write(&captions, lines.join("\n") + "\n").unwrap();
    let shards = tmp.path().join("shards");
    let images = fixture().join("images");
    siglip(&[
        "data",
        "build",
        "--images",
        images.to_str().unwrap(),
        "--captions",
        captions.to_str().unwrap(),
        "--out",
        shards.to_str().unwrap(),
        "--shards",
        "1",
    ]);
    let config = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/export/train.yaml");
    let evals = format!(
        "evals=[{{name: pairs, kind: retrieval, data: {}, every: 1}}]",
        shards.display()
    );
    let out = siglip(&[
        "eval",
        "-c",
        config.to_str().unwrap(),
        "--set",
        &evals,
        "--checkpoint",
        fixture().to_str().unwrap(),
        "--json",
    ]);
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    // transformers' logits of image i (rows) against text j (columns), the first four images.
    let logits = io()["logits_per_image_f32"].to_f64_lossy();
    let n = texts.len();
    let argmax = |values: Vec<f64>| {
        (0..values.len())
            .max_by(|&a, &b| values[a].total_cmp(&values[b]))
            .unwrap()
    };
    let i2t = (0..n)
        .filter(|&i| argmax((0..n).map(|j| logits[i * n + j]).collect()) == i)
        .count() as f64
        / n as f64;
    let t2i = (0..n)
        .filter(|&j| argmax((0..n).map(|i| logits[i * n + j]).collect()) == j)
        .count() as f64
        / n as f64;
    let metrics = &json["metrics"];
    println!("eval on the SigLIP 2 directory: {metrics}; transformers: i2t {i2t}, t2i {t2i}");
    assert_eq!(metrics["eval/pairs/i2t_r1"].as_f64(), Some(i2t));
    assert_eq!(metrics["eval/pairs/t2i_r1"].as_f64(), Some(t2i));
    assert_eq!(json["step"], serde_json::Value::Null);
}
