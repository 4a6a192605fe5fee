//! Our towers on weights imported from Hugging Face SigLIP checkpoints against the outputs HF
//! `transformers` produced for them (tests/fixtures/hf_*, see tools/README.md), and the HF
//! import/export round trip.

mod common;

use std::collections::BTreeMap;
use std::path::PathBuf;

use common::*;
use siglip::graph::Graph;
use siglip::model::hf::{self, HfError};
use siglip::model::{two_towers, Params};
use siglip::safetensors_io;
use siglip::tensor::{DType, HostTensor};

const VARIANTS: [&str; 2] = ["hf_siglip_map", "hf_siglip_narrow_text"];

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn max_abs_diff(got: &[f64], want: &[f64]) -> f64 {
    assert_eq!(got.len(), want.len(), "length mismatch");
    got.iter()
        .zip(want)
        .fold(0.0, |m, (a, b)| f64::max(m, (a - b).abs()))
}

fn check_forward(variant: &str) {
    let dir = fixture(variant);
    let (cfg, params) = hf::import_dir(&dir).expect("import");
    let io = safetensors_io::read(&dir.join("io.safetensors")).expect("io.safetensors");
    let (images, tokens) = (&io["pixel_values_nhwc"], &io["input_ids"]);

    let g = Graph::new();
    let p = Params::declare(&g, &params);
    let x = g.parameter("images", images.dtype, &images.shape);
    let t = g.parameter("tokens", tokens.dtype, &tokens.shape);
    let emb = two_towers::forward(&cfg, &p, &x, &t).expect("forward");
    let hf_norm = two_towers::similarity(&emb, 0.0);
    let bv_norm = two_towers::similarity(&emb, 1e-8);
    let outputs = [
        ("image_pooled", &emb.image),
        ("text_pooled", &emb.text),
        ("image_embeds", &hf_norm.image),
        ("text_embeds", &hf_norm.text),
        ("logits_per_image", &hf_norm.logits),
        ("image_embeds", &bv_norm.image),
        ("text_embeds", &bv_norm.text),
        ("logits_per_image", &bv_norm.logits),
    ];
    let refs: Vec<_> = outputs.iter().map(|(_, t)| *t).collect();
    let module = g.build(&refs).expect("graph builds");

    let mut inputs: Vec<HostTensor> = params.values().cloned().collect();
    inputs.push(images.clone());
    inputs.push(tokens.clone());
    let got = run_f64(module, &inputs);
    for (i, (key, _)) in outputs.iter().enumerate() {
        let eps = if i < 5 { "no eps" } else { "eps 1e-8" };
        let want = io[*key].to_f64_lossy();
        let err = max_abs_diff(&got[i], &want);
        println!("{variant} {key} ({eps}): max abs error {err:.2e}");
        // f32 through two towers: the worst seen is 2.9e-6 on logits of magnitude ~10 (a few
        // ulps); 1e-5 leaves room for another compiler's summation order, not for a wrong op.
        assert!(
            err <= 1e-5,
            "{variant} {key} ({eps}): max abs error {err:e}"
        );
    }
}

#[test]
fn forward_matches_hf_map_variant() {
    check_forward(VARIANTS[0]);
}

#[test]
fn forward_matches_hf_narrow_text_variant() {
    check_forward(VARIANTS[1]);
}

#[test]
fn import_export_round_trip_is_exact() {
    for variant in VARIANTS {
        let dir = fixture(variant);
        let original = safetensors_io::read(&dir.join(hf::WEIGHTS_FILE)).unwrap();
        let (cfg, params) = hf::import_dir(&dir).unwrap();

        // In memory: the layout changes are permutations, so the export is the original file.
        let (config, exported) = hf::export(&cfg, &params).unwrap();
        assert_eq!(exported, original, "{variant}: exported tensors");
        let (cfg2, params2) = hf::import(&config.to_string(), &exported).unwrap();
        assert_eq!(cfg2, cfg, "{variant}: config after round trip");
        assert_eq!(params2, params, "{variant}: params after round trip");

        // Through files, with the metadata `save_pretrained` writes.
        let out = tempfile::tempdir().unwrap();
        hf::export_dir(&cfg, &params, None, out.path()).unwrap();
        let (written, metadata) =
            safetensors_io::read_with_metadata(&out.path().join(hf::WEIGHTS_FILE)).unwrap();
        let shapes = |m: &BTreeMap<String, HostTensor>| -> Vec<(String, Vec<i64>, DType)> {
            m.iter()
                .map(|(k, t)| (k.clone(), t.shape.clone(), t.dtype))
                .collect()
        };
        assert_eq!(
            shapes(&written),
            shapes(&original),
            "{variant}: names/shapes"
        );
        let format = metadata.get("format").map(String::as_str);
        assert_eq!(format, Some("pt"));
        let (cfg3, params3) = hf::import_dir(out.path()).unwrap();
        assert_eq!((cfg3, params3), (cfg, params), "{variant}: file round trip");
    }
}

#[test]
fn import_reports_missing_leftover_and_misshaped_tensors() {
    let dir = fixture(VARIANTS[0]);
    let json = std::fs::read_to_string(dir.join(hf::CONFIG_FILE)).unwrap();
    let original = safetensors_io::read(&dir.join(hf::WEIGHTS_FILE)).unwrap();

    let mut tensors = original.clone();
    tensors.remove("vision_model.head.attention.in_proj_bias");
    tensors.insert("text_model.extra".into(), HostTensor::scalar(1f32));
    match hf::import(&json, &tensors) {
        Err(HfError::Names { missing, leftover }) => {
            assert_eq!(missing, ["vision_model.head.attention.in_proj_bias"]);
            assert_eq!(leftover, ["text_model.extra"]);
        }
        other => panic!("expected a names error, got {other:?}"),
    }

    let mut tensors = original.clone();
    let name = "text_model.encoder.layers.1.mlp.fc1.weight";
    tensors.insert(name.into(), HostTensor::zeros(DType::F32, &[32, 64]));
    let err = hf::import(&json, &tensors).unwrap_err();
    assert!(
        matches!(&err, HfError::Shape { name: n, expected, got }
            if n == name && expected == &[64, 32] && got == &[32, 64]),
        "{err}"
    );
    assert!(err.to_string().contains(name));

    // A different architecture in config.json is refused, not silently mis-read.
    let swapped = json.replace("gelu_pytorch_tanh", "gelu");
    assert!(matches!(
        hf::import(&swapped, &original),
        Err(HfError::Unsupported(_))
    ));
}
