//! Model configs (YAML), parameter paths/shapes/counts and seeded initialisation.

use siglip::graph::Graph;
use siglip::model::vit::posemb_sincos_2d;
use siglip::model::{
    check_tree, init_params, param_count, two_towers, Declaration, Init, ModelError, ParamSpec,
    Params, Pool, TextConfig, TextPool, TwoTowerConfig, Variant, ViTConfig,
};
use siglip::tensor::DType;

/// The image tower's parameters, declared by a two-tower model around it.
fn image_specs(image: &ViTConfig) -> Vec<ParamSpec> {
    let text: TextConfig = serde_yaml::from_str(&format!(
        "{{width: 8, depth: 1, mlp_dim: 8, num_heads: 1, embed_dim: {}}}",
        image.embed_dim()
    ))
    .unwrap();
    let specs = TwoTowerConfig::new(image.clone(), text)
        .param_specs()
        .unwrap();
    specs
        .into_iter()
        .filter(|s| s.path.starts_with("img/"))
        .collect()
}

/// Parameters of one pre-LN block: 2 LayerNorms, q/k/v/out, two MLP Dense layers.
fn block(d: i64, m: i64) -> i64 {
    2 * 2 * d + 4 * (d * d + d) + (d * m + m) + (m * d + d)
}

#[test]
fn vit_b16_at_224_has_the_known_parameter_count() {
    let mut cfg = ViTConfig::from_variant(Variant::B, 16, 224);
    let (d, m) = (768, 3072);
    let stem = 16 * 16 * 3 * d + d + 196 * d; // patch embedding + position embedding
    let encoder = 12 * block(d, m) + 2 * d;
    let map_head = d + 4 * (d * d + d) + 2 * d + (d * m + m) + (m * d + d);

    let specs = image_specs(&cfg);
    assert_eq!(param_count(&specs), stem + encoder + map_head);
    assert_eq!(param_count(&specs), 92_884_224); // = HF SiglipVisionModel base-patch16-224

    cfg.pool = Pool::Gap; // the classic ViT-B/16 body: ~86M
    assert_eq!(param_count(&image_specs(&cfg)), 85_797_120);

    let shapes: Vec<(&str, &[i64])> = specs
        .iter()
        .map(|s| (s.path.as_str(), s.shape.as_slice()))
        .collect();
    for (path, shape) in [
        ("img/embedding/kernel", &[16, 16, 3, 768][..]),
        ("img/pos_embedding", &[1, 196, 768]),
        (
            "img/Transformer/encoderblock_11/MultiHeadDotProductAttention_0/query/kernel",
            &[768, 12, 64],
        ),
        (
            "img/Transformer/encoderblock_0/MultiHeadDotProductAttention_0/out/kernel",
            &[12, 64, 768],
        ),
        (
            "img/Transformer/encoderblock_3/MlpBlock_0/Dense_1/kernel",
            &[3072, 768],
        ),
        ("img/Transformer/encoder_norm/scale", &[768]),
        ("img/MAPHead_0/probe", &[1, 1, 768]),
        (
            "img/MAPHead_0/MultiHeadDotProductAttention_0/key/bias",
            &[12, 64],
        ),
    ] {
        assert!(shapes.contains(&(path, shape)), "{path} {shape:?}");
    }
    // stem 3 tensors, 16 per block, encoder_norm 2, MAP head 15.
    assert_eq!(specs.len(), 3 + 12 * 16 + 2 + 15);
}

#[test]
fn siglip_b16_two_towers_from_yaml() {
    let yaml = "
image: {variant: B, patch_size: 16, image_size: 224}
text: {variant: B, vocab_size: 32000, max_len: 64, embed_dim: 768}
";
    let cfg: TwoTowerConfig = serde_yaml::from_str(yaml).unwrap();
    assert_eq!((cfg.image.width, cfg.image.depth), (768, 12));
    assert_eq!((cfg.image.mlp_dim, cfg.image.num_heads), (3072, 12));
    assert_eq!(cfg.image.pool, Pool::Map);
    assert_eq!(cfg.text.pool, TextPool::Last);
    assert_eq!(cfg.t_prime_init, 10f64.ln());
    assert_eq!(cfg.bias_init, -10.0);
    cfg.validate().unwrap();

    let (d, m) = (768, 3072);
    let text = 32000 * d + 64 * d + 12 * block(d, m) + 2 * d + (d * d + d);
    assert_eq!(
        param_count(&cfg.param_specs().unwrap()),
        92_884_224 + text + 2,
        "image + text + t + b"
    );

    // Serialising writes the resolved sizes; reading them back gives the same config.
    let text = serde_yaml::to_string(&cfg).unwrap();
    assert_eq!(serde_yaml::from_str::<TwoTowerConfig>(&text).unwrap(), cfg);
}

#[test]
fn variants_are_big_vision_sizes() {
    for (name, dims) in [
        ("Ti", (192, 12, 768, 3)),
        ("B", (768, 12, 3072, 12)),
        ("So400m", (1152, 27, 4304, 16)),
        ("g", (1408, 40, 6144, 16)),
        ("g-opt", (1536, 40, 6144, 16)),
    ] {
        let cfg: ViTConfig = serde_yaml::from_str(&format!("{{variant: {name}}}")).unwrap();
        assert_eq!(
            (cfg.width, cfg.depth, cfg.mlp_dim, cfg.num_heads),
            dims,
            "{name}"
        );
    }
    assert_eq!(
        serde_yaml::to_string(&Variant::GOpt).unwrap().trim(),
        "g-opt"
    );
    // The default head does not start from zero (big_vision's SigLIP configs).
    let cfg: ViTConfig = serde_yaml::from_str("{variant: B, head: {linear: 64}}").unwrap();
    assert!(!cfg.head_zeroinit);
    let kernel = image_specs(&cfg)
        .into_iter()
        .find(|s| s.path == "img/head/kernel")
        .unwrap();
    assert_eq!(kernel.init, Init::LecunNormal { fan_in: 768 });
}

#[test]
fn forward_checks_parameter_shapes_and_declaration_rejects_duplicates() {
    let cfg = siglip::reference_programs::tiny_model_config().unwrap();
    let specs = cfg.param_specs().unwrap();
    let g = Graph::new();
    let mut tensors: std::collections::BTreeMap<_, _> = specs
        .iter()
        .map(|s| (s.path.clone(), g.parameter(&s.path, DType::F32, &s.shape)))
        .collect();
    let path = "txt/Encoder_0/encoderblock_1/MlpBlock_0/Dense_0/kernel";
    tensors.insert(path.into(), g.parameter("wrong", DType::F32, &[16, 31]));
    let images = g.parameter("images", DType::F32, &[1, 16, 16, 3]);
    let tokens = g.parameter("tokens", DType::I32, &[1, 8]);
    let err = two_towers::forward(
        &cfg,
        &Params::from_tensors(tensors.clone()),
        &images,
        &tokens,
    )
    .unwrap_err();
    assert!(
        matches!(&err, ModelError::ParamTree(m) if m == &format!("{path} has shape [16, 31], expected [16, 32]")),
        "{err}"
    );
    tensors.remove(path);
    let err =
        two_towers::forward(&cfg, &Params::from_tensors(tensors), &images, &tokens).unwrap_err();
    assert!(
        matches!(&err, ModelError::MissingParam(p) if p == path),
        "{err}"
    );

    let declaration = Declaration::new();
    let scope = declaration.root().scope("x");
    scope.param("w", &[2], Init::Zeros).unwrap();
    let err = scope.param("w", &[2], Init::Ones).unwrap_err();
    assert!(err.to_string().contains("x/w is declared twice"), "{err}");
    assert_eq!(
        declaration.into_specs(),
        [ParamSpec::new("x/w", &[2], Init::Zeros)]
    );
}

#[test]
fn variant_fields_can_be_overridden_and_bad_configs_are_refused() {
    let cfg: ViTConfig = serde_yaml::from_str(
        "{variant: So400m, depth: 2, patch_size: 14, image_size: 28, head: {linear: 64}}",
    )
    .unwrap();
    assert_eq!(
        (cfg.width, cfg.depth, cfg.mlp_dim, cfg.num_heads),
        (1152, 2, 4304, 16)
    );
    assert_eq!(cfg.num_patches(), 4);
    assert_eq!(cfg.embed_dim(), 64);
    let text = serde_yaml::to_string(&cfg).unwrap();
    assert_eq!(serde_yaml::from_str::<ViTConfig>(&text).unwrap(), cfg);

    for bad in [
        "{variant: B, colour: red}",           // unknown field
        "{width: 64, depth: 2, mlp_dim: 128}", // no variant and no num_heads
        "{variant: B, num_heads: 5}",          // 768 not divisible by 5
        "{variant: B, image_size: 100}",       // not a multiple of the patch
        "{variant: Q}",                        // unknown variant
        "{variant: B, pool: cls}",             // unknown pooling
    ] {
        assert!(serde_yaml::from_str::<ViTConfig>(bad).is_err(), "{bad}");
    }
    let mismatched = "
image: {variant: B}
text: {variant: B, embed_dim: 512}
";
    let cfg: TwoTowerConfig = serde_yaml::from_str(mismatched).unwrap();
    assert!(cfg.validate().is_err(), "768-d images vs 512-d texts");
}

#[test]
fn init_is_deterministic_per_seed_and_follows_the_initialisers() {
    let cfg: TwoTowerConfig = serde_yaml::from_str(
        "
image: {variant: S, patch_size: 16, image_size: 64}
text: {variant: S, vocab_size: 1000, max_len: 16, embed_dim: 384}
",
    )
    .unwrap();
    let specs = cfg.param_specs().unwrap();
    let a = init_params(&specs, 17);
    check_tree(&specs, &a).unwrap();
    assert_eq!(a, init_params(&specs, 17));
    let b = init_params(&specs, 18);
    for (path, t) in &a {
        let spec = specs.iter().find(|s| &s.path == path).unwrap();
        let random = !matches!(spec.init, Init::Zeros | Init::Ones | Init::Constant(_));
        assert_eq!(
            random,
            *t != b[path],
            "{path}: differs across seeds iff random"
        );
    }

    let values = |path: &str| a[path].to_f64_lossy();
    let std = |v: &[f64]| (v.iter().map(|x| x * x).sum::<f64>() / v.len() as f64).sqrt();
    let max = |v: &[f64]| v.iter().fold(0.0f64, |m, x| m.max(x.abs()));

    assert_eq!(values("t"), [10f64.ln() as f32 as f64]);
    assert_eq!(values("b"), [-10.0]);
    assert!(values("img/Transformer/encoderblock_0/LayerNorm_0/scale")
        .iter()
        .all(|&x| x == 1.0));

    // pos embedding: normal(1/sqrt(D)), D = 384.
    let pos = values("img/pos_embedding");
    assert!((std(&pos) / (1.0 / 384f64.sqrt()) - 1.0).abs() < 0.05);
    // xavier uniform on [384, 1536]: bound sqrt(6 / 1920), std bound / sqrt(3).
    let k = values("txt/Encoder_0/encoderblock_5/MlpBlock_0/Dense_0/kernel");
    let bound = (6.0f64 / 1920.0).sqrt();
    assert!(max(&k) <= bound && max(&k) > 0.99 * bound);
    assert!((std(&k) / (bound / 3f64.sqrt()) - 1.0).abs() < 0.02);
    // MLP biases: normal(1e-6).
    let bias = values("img/Transformer/encoderblock_0/MlpBlock_0/Dense_0/bias");
    assert!(max(&bias) < 1e-5 && std(&bias) > 5e-7);
    // lecun normal patch embedding: truncated at 2σ' with σ' = sqrt(1/768)/0.8796, std sqrt(1/768).
    let patch = values("img/embedding/kernel");
    let sigma = (1.0f64 / 768.0).sqrt();
    assert!(max(&patch) <= 2.0 * sigma / 0.879_625_661 + 1e-7);
    assert!((std(&patch) / sigma - 1.0).abs() < 0.03);
}

#[test]
fn sincos_posemb_matches_hand_values() {
    // 1×2 grid, width 8: ω = [1, 1e-4]; token 1 has x = 1, y = 0.
    let t = posemb_sincos_2d(1, 2, 8);
    assert_eq!(t.shape, [1, 2, 8]);
    let v = t.to_f64_lossy();
    assert_eq!(&v[..8], &[0.0, 0.0, 1.0, 1.0, 0.0, 0.0, 1.0, 1.0]);
    let want = [
        1f64.sin(),
        1e-4f64.sin(),
        1f64.cos(),
        1e-4f64.cos(),
        0.0,
        0.0,
        1.0,
        1.0,
    ];
    for (got, want) in v[8..].iter().zip(want) {
        assert!((got - want).abs() < 1e-15, "{got} vs {want}");
    }
}
