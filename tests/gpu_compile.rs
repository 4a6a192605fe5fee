//! Compiling for NVIDIA GPUs with the CUDA plugin's own compiler and no GPU attached (`make
//! plugin-cuda-compiler`, which `make test` runs first): each shipped GPU description yields the
//! GPU it names, the ring loss compiles for four H100s, a loss too big for an A100 is refused
//! with both sizes, `siglip plan --target h100` plans the tiny demo step end to end, and the
//! plugin's profiler runs without a GPU.

use std::process::Command;

use siglip::loss::{self, LossKind};
use siglip::pjrt::Value;
use siglip::plan::{self, TargetPlanError};
use siglip::target::Target;
use siglip::tensor::DType;
use siglip::tensorboard::xplane::decode_space;
use siglip::train::profile::{Profile, ProfileSteps};

/// Each target's description makes the plugin describe that GPU, with the memory `CHIPS`
/// states (what the fits check compares against).
#[test]
fn each_gpu_description_yields_the_gpu_it_names() {
    for (name, kind, capability) in [
        ("a100:1x2", "NVIDIA A100-SXM4-80GB", "8.0"),
        ("h100:1x2", "NVIDIA H100 80GB HBM3", "9.0"),
        ("h200:1x2", "NVIDIA H200 141GB HBM3e", "9.0"),
    ] {
        let target = Target::parse(name, None).unwrap();
        let topology = target
            .open()
            .expect("the CUDA plugin (make plugin-cuda-compiler)");
        assert_eq!(topology.platform_name(), "cuda", "{name}");
        let devices = topology.devices();
        assert_eq!(devices.len(), 2, "{name}");
        for device in devices {
            assert_eq!(device.kind, kind, "{name}");
            assert_eq!(device.process_index, 0, "{name}");
            assert_eq!(
                device.memory_limit_bytes(),
                Some(target.chip.memory_bytes() as i64),
                "{name}"
            );
            assert_eq!(
                device.attribute("compute_capability"),
                Some(&Value::Str(capability.into())),
                "{name}"
            );
        }
    }
    // Two hosts of eight: the plugin gives each host's GPUs their process.
    let two_hosts = Target::parse("h100:2x8", None).unwrap().open().unwrap();
    let processes: Vec<i32> = two_hosts
        .devices()
        .iter()
        .map(|d| d.process_index)
        .collect();
    assert_eq!(processes, [[0; 8], [1; 8]].concat());
}

/// The ring loss (`while`, `collective_permute`) for four H100s: its temporaries stay below
/// the 4 b×b blocks of this GPU's row of the global logits, which gathering every text
/// embedding would hold (2.32 blocks measured with the plugin 0.10.2).
#[test]
fn the_ring_loss_compiles_for_four_h100s() {
    let target = Target::parse("h100:1x4", None).unwrap();
    let topology = target.open().unwrap();
    let (n, d) = (2048, 512);
    let module = loss::loss_and_gradients(LossKind::SigmoidRing, 4, n, d, DType::F32).unwrap();
    let text = module.to_stablehlo();
    assert!(text.contains("stablehlo.collective_permute"));
    let plan = plan::compile_for_target(&topology, &target, &text, 4).unwrap();
    let block = n * n * 4;
    let blocks = plan.memory.temp_bytes as f64 / block as f64;
    println!(
        "ring loss on 4 H100s: {blocks:.2} blocks ({:?})",
        plan.memory
    );
    // Two embeddings in, their gradients out (f32), at least.
    assert!(plan.memory.argument_bytes >= 2 * n * d * 4);
    assert!(blocks < 4.0, "{blocks:.2} blocks of {n}x{n} f32");
}

/// The all-gather loss at 80k pairs per GPU holds this GPU's rows of the 320k-wide logits: 100
/// GiB in f32, more than an A100's 79.26 GiB. The CUDA compiler plans it without complaint
/// (64k pairs, 64.5 GiB of temporaries, compiles); the check against the GPU's memory refuses
/// it, naming both sizes.
#[test]
fn a_loss_too_big_for_an_a100_names_the_memory_needed_and_available() {
    let target = Target::parse("a100:1x4", None).unwrap();
    let topology = target.open().unwrap();
    let module =
        loss::loss_and_gradients(LossKind::SigmoidAllgather, 4, 81920, 512, DType::F32).unwrap();
    let error =
        plan::compile_for_target(&topology, &target, &module.to_stablehlo(), 4).unwrap_err();
    let TargetPlanError::DoesNotFit {
        needed_gib,
        available_gib,
        ..
    } = &error
    else {
        panic!("expected DoesNotFit, got {error}")
    };
    assert!(*needed_gib > 100.0, "{error}");
    assert!((available_gib - 85_100_068_864.0 / (1u64 << 30) as f64).abs() < 1e-9);
    let message = error.to_string();
    assert!(
        message.starts_with("the step does not fit a a100 chip: the CUDA plugin needs "),
        "{message}"
    );
}

/// `siglip plan --target h100` as a user runs it: the tiny demo's 4-GPU ring step compiled by
/// the CUDA plugin, its memory against the H100's.
#[test]
fn the_tiny_step_is_planned_for_four_h100s() {
    let output = Command::new(env!("CARGO_BIN_EXE_siglip"))
        .args([
            "plan",
            "-c",
            "configs/tiny_cpu.yaml",
            "--set",
            "runtime.devices=4",
            "--set",
            "loss=sigmoid_ring",
            "--target",
            "h100",
        ])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&output.stdout);
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{out}\n{err}");
    for expected in [
        "target: h100:1x4 (the CUDA plugin, cuda NVIDIA H100 80GB HBM3: 4 × NVIDIA H100 80GB \
         HBM3 on 1 host(s); per chip 79.11 GiB",
        "compiled train step (the CUDA plugin, ",
        "h100: fits (",
        "of the 79.11 GiB the CUDA plugin may use per chip)",
        "floor ",
    ] {
        assert!(out.contains(expected), "missing `{expected}` in:\n{out}");
    }
}

/// The CUDA plugin's profiler with no GPU attached: it starts, stops and collects, and records
/// of a compile the plugin's own host annotations (XLA's passes over our module `siglip`, PTX
/// to CUBIN) on its `/host:CPU` plane, which our phases join, beside `/host:metadata`; no GPU
/// plane, which the profile says.
#[test]
fn the_cuda_plugins_profiler_records_the_compile_and_no_gpu_plane_without_a_gpu() {
    let target = Target::parse("h100:1x2", None).unwrap();
    let topology = target.open().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let steps = ProfileSteps { start: 1, count: 1 };
    let mut profile = Profile::create(dir.path(), steps, topology.plugin()).unwrap();
    profile.start();
    let module = loss::loss_and_gradients(LossKind::SigmoidRing, 2, 64, 32, DType::F32).unwrap();
    plan::compile_for_target(&topology, &target, &module.to_stablehlo(), 2).unwrap();
    let path = profile.write(&[]).unwrap();
    let space = decode_space(&std::fs::read(path).unwrap()).unwrap();
    let planes: Vec<&str> = space.planes.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(planes, ["/host:CPU", "/host:metadata"]);
    let host = &space.planes[0];
    let events: Vec<&str> = host
        .lines
        .iter()
        .flat_map(|line| &line.events)
        .map(|e| host.event_metadata[&e.metadata_id].name.as_str())
        .collect();
    let count = |name: &dyn Fn(&str) -> bool| events.iter().filter(|e| name(e)).count();
    assert!(count(&|e| e == "PTX->CUBIN") > 0, "{events:?}");
    assert!(count(&|e| e.ends_with(" (siglip)")) > 0, "{events:?}");
    assert!(
        space.warnings.len() == 1 && space.warnings[0].contains("recorded no TPU or GPU plane"),
        "{:?}",
        space.warnings
    );
}
