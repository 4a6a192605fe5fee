//! big_vision `.npz` import against fixtures written by numpy (tools/make_loss_fixtures.py,
//! tools/make_npz_fixtures.py): exact values, bf16, Fortran order, `(1,)` scalars and
//! scan-stacked encoder blocks.

mod common;

use std::path::{Path, PathBuf};

use common::*;
use siglip::graph::Graph;
use siglip::model::npz::{import_big_vision, parse_npy, read_npz};
use siglip::model::{two_towers, ParamTree, Params, TwoTowerConfig};
use siglip::tensor::{DType, HostTensor};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/npz")
        .join(name)
}

/// The model of tools/make_npz_fixtures.py.
fn fixture_model() -> TwoTowerConfig {
    serde_yaml::from_str(
        "
image: {width: 8, depth: 2, mlp_dim: 16, num_heads: 2, patch_size: 4, image_size: 8}
text: {vocab_size: 11, max_len: 4, width: 8, depth: 2, mlp_dim: 16, num_heads: 2, embed_dim: 8}
",
    )
    .unwrap()
}

#[test]
fn reads_every_array_of_a_numpy_npz_with_exact_values() {
    let expected: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(fixture("expected.json")).unwrap()).unwrap();
    let arrays = read_npz(&fixture("tiny.npz")).unwrap();
    assert_eq!(arrays.len(), expected.as_object().unwrap().len());
    for (key, want) in expected.as_object().unwrap() {
        let got = &arrays[key];
        let shape: Vec<i64> = want["shape"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_i64().unwrap())
            .collect();
        assert_eq!(got.shape, shape, "{key}");
        let values: Vec<f64> = want["values"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_f64().unwrap())
            .collect();
        assert_eq!(got.to_f64_lossy(), values, "{key}");
    }
    assert_eq!(arrays["params/img/head/bias"].dtype, DType::Bf16);
    let bits: Vec<u16> = arrays["params/img/head/bias"]
        .data
        .chunks(2)
        .map(|b| u16::from_le_bytes([b[0], b[1]]))
        .collect();
    assert_eq!(bits, vec![0x3F80, 0xC020, 0x3E20, 0x4040]);
    assert_eq!(arrays["opt/count"].dtype, DType::I32);
}

#[test]
fn fortran_order_arrays_are_read_in_c_order() {
    let arrays = read_npz(&fixture("fortran.npz")).unwrap();
    // arange(6).reshape(2, 3).T: row-major values of the (3, 2) transpose.
    let t = &arrays["t2x3"];
    assert_eq!((t.dtype, t.shape.as_slice()), (DType::F32, &[3, 2][..]));
    assert_eq!(t.to_vec::<f32>().unwrap(), [0.0, 3.0, 1.0, 4.0, 2.0, 5.0]);
    let i = &arrays["i2d"];
    assert_eq!(i.shape, [2, 3]);
    assert_eq!(i.to_vec::<i32>().unwrap(), [0, 2, 4, 1, 3, 5]);
    // asfortranarray keeps the logical array: its C-order values are arange(24).
    let f = &arrays["f3d"];
    assert_eq!((f.dtype, f.shape.as_slice()), (DType::F64, &[2, 3, 4][..]));
    let want: Vec<f64> = (0..24).map(f64::from).collect();
    assert_eq!(f.to_vec::<f64>().unwrap(), want);
}

/// Logits and both embeddings of the fixture model on fixed inputs.
fn forward(cfg: &TwoTowerConfig, tree: &ParamTree) -> Vec<Vec<f64>> {
    let mut r = rng(11);
    let images = uniform(&mut r, &[2, 8, 8, 3], -1.0, 1.0);
    let images = HostTensor::from_slice(
        &images.shape,
        &images
            .to_f64_lossy()
            .iter()
            .map(|&x| x as f32)
            .collect::<Vec<_>>(),
    )
    .unwrap();
    let tokens = HostTensor::from_slice(&[2, 4], &[3i32, 5, 7, 1, 2, 9, 1, 1]).unwrap();
    let g = Graph::new();
    let params = Params::declare(&g, tree);
    let x = g.parameter("images", DType::F32, &images.shape);
    let t = g.parameter("tokens", DType::I32, &tokens.shape);
    let emb = two_towers::forward(cfg, &params, &x, &t).unwrap();
    let sim = two_towers::similarity(&emb, 1e-8);
    let module = g.build(&[&sim.logits, &emb.image, &emb.text]).unwrap();
    let mut inputs: Vec<HostTensor> = tree.values().cloned().collect();
    inputs.extend([images, tokens]);
    run_f64(module, &inputs)
}

#[test]
fn big_vision_checkpoints_load_with_unit_scalars_and_scan_stacked_blocks() {
    let cfg = fixture_model();
    let looped = import_big_vision(&fixture("big_vision_loop.npz"), &cfg).unwrap();
    let scanned = import_big_vision(&fixture("big_vision_scan.npz"), &cfg).unwrap();

    // `t`, `b` stored as (1,) are the model's scalars; optimizer entries are skipped.
    assert_eq!(looped["t"].shape, Vec::<i64>::new());
    assert_eq!(looped["t"].to_vec::<f32>().unwrap(), [10f64.ln() as f32]);
    assert_eq!(looped["b"].to_vec::<f32>().unwrap(), [-10.0]);
    assert!(looped.keys().all(|k| !k.starts_with("opt")));
    assert_eq!(looped.len(), cfg.param_specs().unwrap().len());

    // Unstacking (including the Fortran-order stacked kernel) gives the per-block arrays.
    assert_eq!(scanned, looped);
    let kernel = &scanned["img/Transformer/encoderblock_1/MlpBlock_0/Dense_0/kernel"];
    assert_eq!(kernel.shape, [8, 16]);

    let (a, b) = (forward(&cfg, &looped), forward(&cfg, &scanned));
    assert_eq!(a, b);
    assert!(a[0].iter().all(|x| x.is_finite()) && a[0].len() == 4);
}

#[test]
fn big_vision_import_refuses_a_checkpoint_of_another_model() {
    let mut cfg = fixture_model();
    cfg.text.depth = 3;
    let err = import_big_vision(&fixture("big_vision_scan.npz"), &cfg)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("missing txt/Encoder_0/encoderblock_2/LayerNorm_0/bias"),
        "{err}"
    );
    let mut cfg = fixture_model();
    cfg.image.mlp_dim = 32;
    let err = import_big_vision(&fixture("big_vision_loop.npz"), &cfg)
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("img/MAPHead_0/MlpBlock_0/Dense_0/bias has shape [16], expected [32]"),
        "{err}"
    );
}

#[test]
fn bad_npy_data_is_an_error_not_a_panic() {
    assert!(parse_npy(b"not numpy").unwrap_err().contains("magic"));
    // A well-formed header for 2x3 f32 followed by only 8 of the 24 data bytes.
    let header = b"{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }\n";
    let mut truncated = b"\x93NUMPY\x01\x00".to_vec();
    truncated.extend_from_slice(&(header.len() as u16).to_le_bytes());
    truncated.extend_from_slice(header);
    truncated.extend_from_slice(&[0u8; 8]);
    assert!(parse_npy(&truncated)
        .unwrap_err()
        .contains("needs 6 elements"));
    let err = read_npz(Path::new("/nonexistent/ckpt.npz"))
        .unwrap_err()
        .to_string();
    assert!(err.contains("/nonexistent/ckpt.npz"), "{err}");
}
