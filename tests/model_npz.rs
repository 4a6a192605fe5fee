//! big_vision `.npz` import against the fixture written by numpy (tools/make_loss_fixtures.py).

use std::path::Path;

use siglip::model::npz::{import_big_vision, parse_npy, read_npz};
use siglip::tensor::DType;

#[test]
fn reads_every_array_of_a_numpy_npz_with_exact_values() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/npz");
    let expected: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("expected.json")).unwrap()).unwrap();
    let arrays = read_npz(&dir.join("tiny.npz")).unwrap();
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
fn big_vision_import_keeps_params_only() {
    let tree = import_big_vision(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/npz/tiny.npz"),
    )
    .unwrap();
    let keys: Vec<&str> = tree.keys().map(String::as_str).collect();
    assert_eq!(keys, vec!["img/embedding/kernel", "img/head/bias", "t"]);
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
