//! The train step end to end on the tiny model: the 4-device ring step equals the 1-device
//! step on the concatenated batch (both in f64, so they differ by round-off only), frozen
//! towers stay put, the loss falls on a fixed batch, and a NaN loss is an error that names the
//! step.

mod common;
use common::*;
use siglip::bench::random_batches;
use siglip::data::Batch;
use siglip::loss::LossKind;
use siglip::model::{init_params, ParamTree};
use siglip::optim::OptimizerConfig;
use siglip::tensor::{DType, HostTensor};
use siglip::train::{StepSpec, Trainer};

/// The step as `siglip train` runs it (f32).
fn spec(loss: LossKind, replicas: usize, local_batch: i64, frozen: &[&str]) -> StepSpec {
    let mut optimizer = OptimizerConfig::bench();
    optimizer.params.frozen = frozen.iter().map(|s| s.to_string()).collect();
    StepSpec {
        model: siglip::reference_programs::tiny_model_config().unwrap(),
        loss,
        optimizer,
        replicas,
        local_batch,
        dtype: DType::F32,
        compute_dtype: DType::F32,
        remat: false,
    }
}

/// A random batch of `n` pairs.
fn batch(seed: u64, n: i64) -> Batch {
    let cfg = siglip::reference_programs::tiny_model_config().unwrap();
    random_batches(&cfg, 1, n, seed).remove(0)
}

fn initial_params() -> ParamTree {
    let cfg = siglip::reference_programs::tiny_model_config().unwrap();
    init_params(&cfg.param_specs().unwrap(), 1)
}

/// [`spec`] in f64.
fn spec_f64(loss: LossKind, replicas: usize, local_batch: i64) -> StepSpec {
    StepSpec {
        dtype: DType::F64,
        compute_dtype: DType::F64,
        ..spec(loss, replicas, local_batch, &[])
    }
}

#[test]
fn ring_step_on_four_devices_equals_one_device_step() {
    let params = initial_params();
    let mut single = Trainer::new(client(), &spec_f64(LossKind::Sigmoid, 1, 8), &params).unwrap();
    let mut ring = Trainer::new(
        client(),
        &spec_f64(LossKind::SigmoidRing, DEVICES, 2),
        &params,
    )
    .unwrap();
    let mut worst = 0.0f64;
    for step in 0..2 {
        let b = batch(10 + step, 8);
        let one = single.step(1.0, std::slice::from_ref(&b)).unwrap();
        let four = ring.step(1.0, &b.split(DEVICES).unwrap()).unwrap();
        println!(
            "step {step}: loss {} vs {}, gradient norm {} vs {}",
            four.loss, one.loss, four.grad_norm, one.grad_norm
        );
        assert_close(&[four.loss], &[one.loss], 1e-13, "loss");
        assert_close(&[four.grad_norm], &[one.grad_norm], 1e-13, "gradient norm");
    }
    let (a, b) = (single.params().unwrap(), ring.params().unwrap());
    for (path, t) in &a {
        // The true gradient of an attention key bias is 0 (softmax ignores a shift shared by all
        // keys); Adam normalises whatever round-off it gets into a full-size step.
        if path.ends_with("key/bias") {
            continue;
        }
        let (x, y) = (t.to_f64_lossy(), b[path].to_f64_lossy());
        let moved: f64 = x
            .iter()
            .zip(params[path].to_f64_lossy())
            .map(|(p, q)| (p - q).abs())
            .fold(0.0, f64::max);
        let diff: f64 = x
            .iter()
            .zip(&y)
            .map(|(p, q)| (p - q).abs())
            .fold(0.0, f64::max);
        // Adam moves every parameter by about lr per step, however small its gradient: an
        // entry's round-off, relative to its own gradient, reaches the update (observed
        // 5.4e-14 of what the parameter moved).
        worst = worst.max(diff / moved);
        assert!(
            diff <= 1e-11 * moved,
            "{path}: ring and single differ by {diff:e} (moved {moved:e})"
        );
    }
    println!("parameters: worst difference {worst:.1e} of what they moved");
}

#[test]
fn frozen_tower_is_not_updated_and_loss_falls() {
    let params = initial_params();
    let mut trainer = Trainer::new(
        client(),
        &spec(LossKind::Sigmoid, 1, 8, &["img/.*"]),
        &params,
    )
    .unwrap();
    let b = batch(3, 8);
    let first = trainer.step(1.0, std::slice::from_ref(&b)).unwrap();
    let mut last = first;
    for _ in 0..15 {
        last = trainer.step(1.0, std::slice::from_ref(&b)).unwrap();
    }
    assert!(
        last.loss < first.loss * 0.8,
        "loss {} -> {}",
        first.loss,
        last.loss
    );
    let after = trainer.params().unwrap();
    for (path, t) in &params {
        let changed = after[path] != *t;
        assert_eq!(
            changed,
            !path.starts_with("img/"),
            "{path} changed: {changed}"
        );
    }
}

#[test]
fn nan_loss_is_an_error_naming_the_step() {
    let params = initial_params();
    let mut trainer = Trainer::new(client(), &spec(LossKind::Sigmoid, 1, 4, &[]), &params).unwrap();
    trainer.step(1.0, &[batch(5, 4)]).unwrap();
    let mut bad = batch(6, 4);
    let mut pixels = bad.images.to_vec::<f32>().unwrap();
    pixels[0] = f32::NAN;
    bad.images = HostTensor::from_slice(&bad.images.shape, &pixels).unwrap();
    let err = trainer.step(1.0, &[bad]).unwrap_err().to_string();
    assert!(err.contains("loss is NaN at step 2"), "{err}");
}

/// The step's signature names every value: SigLiT's frozen image tower is an input only (no
/// `opt/...` state, no output), each trainable parameter has its `mu` and `nu` under its own
/// path with the parameter's type, and batch, schedule and metrics have fixed names.
#[test]
fn step_signature_names_params_state_batch_and_metrics() {
    let module = siglip::train::step::build(&spec(LossKind::Sigmoid, 1, 4, &["img/.*"])).unwrap();
    let sig = &module.signature;
    let cfg = siglip::reference_programs::tiny_model_config().unwrap();
    let mut trainable = 0;
    for p in cfg.param_specs().unwrap() {
        let param = format!("params/{}", p.path);
        let ty = sig
            .input_type(&param)
            .expect("every parameter is an input")
            .clone();
        assert_eq!(ty.shape, p.shape, "{param}");
        let frozen = p.path.starts_with("img/");
        assert_eq!(
            sig.output_type(&param).is_some(),
            !frozen,
            "{param} as output"
        );
        for slot in ["mu", "nu"] {
            let name = format!("opt/{slot}/{}", p.path);
            assert_eq!(sig.input_type(&name).is_some(), !frozen, "{name}");
            if !frozen {
                assert_eq!(sig.input_type(&name), Some(&ty), "{name}");
                assert_eq!(sig.output_type(&name), Some(&ty), "{name}");
            }
        }
        trainable += usize::from(!frozen);
    }
    assert!(trainable > 0);
    for name in ["opt/count", "sched", "batch/images", "batch/tokens"] {
        assert!(sig.input_type(name).is_some(), "{name}");
    }
    for name in ["opt/count", "metrics/loss", "metrics/grad_norm"] {
        assert!(sig.output_type(name).is_some(), "{name}");
    }
    // Inputs: every parameter, 2 slots per trainable one, count, sched, images, tokens.
    assert_eq!(
        sig.inputs.len(),
        cfg.param_specs().unwrap().len() + 2 * trainable + 4
    );
    assert_eq!(sig.outputs.len(), 3 * trainable + 3);
}

/// The whole state read back to the host (by name) and placed into a new trainer continues
/// exactly: two steps with a round trip in between equal two steps without, bit for bit.
/// A state with a value missing or mistyped is refused, naming it.
#[test]
fn state_round_trips_through_the_host_exactly() {
    let params = initial_params();
    let spec = spec(LossKind::Sigmoid, 1, 4, &[]);
    let batches = [batch(20, 4), batch(21, 4)];
    let mut straight = Trainer::new(client(), &spec, &params).unwrap();
    straight.step(0.5, &batches[..1]).unwrap();
    let state = straight.state_host().unwrap();
    straight.step(0.5, &batches[1..]).unwrap();
    assert!(state.get("opt/nu/txt/head/kernel").is_some());
    let mut resumed = Trainer::resume(client(), &spec, state.clone()).unwrap();
    assert_eq!(resumed.steps_done(), 1);
    resumed.step(0.5, &batches[1..]).unwrap();
    assert_eq!(
        resumed.state_host().unwrap(),
        straight.state_host().unwrap()
    );

    // Checked before compiling: these fail fast.
    let mut missing = state.clone();
    missing.remove("opt/mu/t");
    let err = format!(
        "{:#}",
        Trainer::resume(client(), &spec, missing).err().unwrap()
    );
    assert!(err.contains("input `opt/mu/t` is missing"), "{err}");
    let mut mistyped = state;
    mistyped.remove("opt/nu/t");
    mistyped
        .insert("opt/nu/t", HostTensor::scalar(0.0f64))
        .unwrap();
    let err = format!(
        "{:#}",
        Trainer::resume(client(), &spec, mistyped).err().unwrap()
    );
    assert!(
        err.contains("input `opt/nu/t` must be tensor<f32>"),
        "{err}"
    );
}

#[test]
fn a_step_moves_only_its_batch_and_metrics_between_host_and_devices() {
    let own = own_client();
    let mut ring = Trainer::new(
        &own,
        &spec(LossKind::SigmoidRing, DEVICES, 2, &[]),
        &initial_params(),
    )
    .unwrap();
    let shards = batch(3, 8).split(DEVICES).unwrap();
    ring.step(1.0, &shards).unwrap();
    let before = own.traffic();
    ring.step(1.0, &shards).unwrap();
    let moved = own.traffic() - before;
    // Per device: images [2, 16, 16, 3] f32, tokens [2, 8] i32 and `sched` in; loss and
    // gradient norm out. Parameters and optimizer state never leave the devices.
    let per_device_in = 2 * 16 * 16 * 3 * 4 + 2 * 8 * 4 + 4;
    assert_eq!(moved.to_device_bytes, DEVICES as u64 * per_device_in);
    assert_eq!(moved.to_host_bytes, DEVICES as u64 * 2 * 4);
    assert_eq!(moved.executions, 1);
    // The step was compiled once, by `Trainer::new`.
    assert_eq!((moved.compiles, before.compiles), (0, 1));
}
