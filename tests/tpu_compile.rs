//! Compiling for TPU v4 with libtpu's own compiler and no TPU attached (`make plugin-tpu`
//! installs the pinned libtpu; `make test` does it first): the reference programs, a 4-chip
//! bf16 remat ring step, a two-host slice, and a step that does not fit; libtpu's profiler
//! recording a compile.

mod common;

use std::sync::OnceLock;
use std::time::Instant;

use siglip::config::RunConfig;
use siglip::loss::{self, LossKind};
use siglip::pjrt::{DeviceProfiler, Topology, Value};
use siglip::plan::{self, TargetPlanError};
use siglip::reference_programs::reference_programs;
use siglip::target::Target;
use siglip::tensor::DType;
use siglip::tensorboard::xplane::decode_space;
use siglip::train::phases::{Phase, Span};
use siglip::train::profile::{Profile, ProfileSteps};

fn slice(name: &str) -> (Target, &'static Topology) {
    static ONE_HOST: OnceLock<Topology> = OnceLock::new();
    static TWO_HOSTS: OnceLock<Topology> = OnceLock::new();
    static FOUR_HOSTS: OnceLock<Topology> = OnceLock::new();
    let target = Target::parse(name, None).unwrap();
    let cell = match name {
        "tpu-v4:2x2x1" => &ONE_HOST,
        "tpu-v4:2x2x2" => &TWO_HOSTS,
        "tpu-v4:4x2x2" => &FOUR_HOSTS,
        other => panic!("no cached topology for {other}"),
    };
    let topology = cell.get_or_init(|| target.open().expect("libtpu (make plugin-tpu)"));
    (target, topology)
}

/// The tiny demo model's step as `siglip train` builds it, on `devices` chips.
fn tiny_step_config(devices: usize, extra: &[&str]) -> RunConfig {
    let mut sets = vec![
        format!("runtime.devices={devices}"),
        "loss=sigmoid_ring".to_string(),
        "runtime.dtype=bfloat16".to_string(),
        "runtime.remat=true".to_string(),
        format!("train.batch_size={}", 8 * devices),
    ];
    sets.extend(extra.iter().map(|s| s.to_string()));
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("configs/tiny_cpu.yaml");
    RunConfig::load(&path, &sets).unwrap()
}

#[test]
fn every_reference_program_compiles_for_a_v4_slice() {
    let (target, topology) = slice("tpu-v4:2x2x1");
    for (name, module) in reference_programs().unwrap() {
        let text = module.to_stablehlo();
        let plan = plan::compile_for_target(topology, &target, &text, module.num_replicas)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        // Every parameter is an argument: at least their bytes (TPU layouts may pad).
        let parameter_bytes: i64 = module
            .params
            .iter()
            .map(|(_, t)| t.element_count() * t.dtype.size_bytes() as i64)
            .sum();
        assert!(
            plan.memory.argument_bytes >= parameter_bytes,
            "{name}: {} argument bytes for {parameter_bytes} bytes of parameters",
            plan.memory.argument_bytes
        );
    }
}

/// The paper's point on the TPU compiler too: the ring loss's memory does not grow with the
/// number of chips, while gathering every text embedding holds this chip's rows of the whole
/// global logits matrix, D blocks. libtpu fuses the logits into their consumers, so its
/// `temp_bytes` stays small; the heap's peak (beyond arguments and outputs) is what the loss
/// holds.
#[test]
fn the_ring_loss_does_not_grow_with_the_chips_on_tpu() {
    let (n, d) = (2048, 512);
    let block = (n * n * 4) as f64;
    let held = |kind, name| {
        let (target, topology) = slice(name);
        let devices = topology.devices().len();
        let module = loss::loss_and_gradients(kind, devices, n, d, DType::F32).unwrap();
        let text = module.to_stablehlo();
        let m = plan::compile_for_target(topology, &target, &text, devices)
            .unwrap()
            .memory;
        let blocks = (m.peak_bytes - m.argument_bytes - m.output_bytes) as f64 / block;
        println!("{kind:?} on {devices} chips: {blocks:.2} blocks of {n}x{n} f32 ({m:?})");
        blocks
    };
    let ring = [
        held(LossKind::SigmoidRing, "tpu-v4:2x2x1"),
        held(LossKind::SigmoidRing, "tpu-v4:4x2x2"),
    ];
    let gathered = [
        held(LossKind::SigmoidAllgather, "tpu-v4:2x2x1"),
        held(LossKind::SigmoidAllgather, "tpu-v4:4x2x2"),
    ];
    // Measured with libtpu 0.0.42.1: ring 4.19 blocks on 4 and on 16 chips; all-gather 5.75
    // and 16.00.
    assert!(
        ring[1] <= ring[0] * 1.01,
        "ring: {ring:?} blocks on 4 and 16 chips"
    );
    assert!(
        gathered[1] >= 15.0,
        "all-gather: {gathered:?} blocks on 4 and 16 chips"
    );
    assert!(
        gathered[1] > 3.0 * ring[1],
        "ring {ring:?}, all-gather {gathered:?}"
    );
}

/// A 4-chip step with everything the big configs use: the ring's `while` loop and
/// `collective_permute`, the in-place `update_slice` sums, remat and bf16 matmuls.
#[test]
fn a_four_chip_bf16_remat_ring_step_compiles() {
    let (target, topology) = slice("tpu-v4:2x2x1");
    let config = tiny_step_config(4, &[]);
    let text = plan::step_module(&config).unwrap().module.to_stablehlo();
    for op in [
        "stablehlo.while",
        "stablehlo.collective_permute",
        "stablehlo.dynamic_update_slice",
        "stablehlo.optimization_barrier",
        "bf16",
    ] {
        assert!(text.contains(op), "the step has no {op}");
    }
    let plan = plan::compile_for_target(topology, &target, &text, 4).unwrap();
    // Parameters and Adam's two moments (f32), donated and aliased to the outputs.
    let parameters = plan::param_counts(&config)
        .unwrap()
        .values()
        .map(|c| c.trainable + c.frozen)
        .sum::<i64>();
    assert!(plan.memory.argument_bytes >= 3 * 4 * parameters);
    assert!(plan.memory.alias_bytes >= 3 * 4 * parameters);
    assert!(plan.compiler_flops.is_some_and(|f| f > 0.0));
}

/// Two hosts of 2x2x1 chips: the topology gives each chip its process (the host of its z
/// coordinate), and an 8-replica step compiles over both.
#[test]
fn a_two_host_slice_takes_each_devices_process_from_the_topology() {
    let (target, topology) = slice("tpu-v4:2x2x2");
    let devices = topology.devices();
    assert_eq!(devices.len(), 8);
    for device in devices {
        let Some(Value::IntList(coords)) = device.attribute("coords") else {
            panic!("device {} has no coords", device.id)
        };
        assert_eq!(coords.len(), 3);
        assert_eq!(
            device.process_index as i64, coords[2],
            "device {}",
            device.id
        );
    }
    let config = tiny_step_config(8, &[]);
    let text = plan::step_module(&config).unwrap().module.to_stablehlo();
    plan::compile_for_target(topology, &target, &text, 8).unwrap();
}

/// The all-gather loss at 64k pairs per chip holds this chip's rows of the 256k-wide logits:
/// 64 GiB in f32, more than a v4 chip has. The refusal names both sizes.
#[test]
fn a_step_that_does_not_fit_names_the_memory_needed_and_available() {
    let (target, topology) = slice("tpu-v4:2x2x1");
    let module =
        loss::loss_and_gradients(LossKind::SigmoidAllgather, 4, 65536, 512, DType::F32).unwrap();
    let text = module.to_stablehlo();
    let error = plan::compile_for_target(topology, &target, &text, 4).unwrap_err();
    let TargetPlanError::DoesNotFit {
        needed_gib,
        available_gib,
        ..
    } = &error
    else {
        panic!("expected DoesNotFit, got {error}")
    };
    assert!(
        *needed_gib > 30.75 && (*available_gib - 30.75).abs() < 0.01,
        "{error}"
    );
    let message = error.to_string();
    assert!(
        message.starts_with("the step does not fit a tpu-v4 chip: libtpu needs "),
        "{message}"
    );
    assert!(message.contains("GiB is available"), "{message}");
}

#[test]
fn libtpu_offers_the_pjrt_profiler_extension() {
    // As a walk of libtpu's PJRT_Api extension list with Python's ctypes showed (API 0.112); the
    // CPU plugin has none (tests/profile.rs).
    let (_, topology) = slice("tpu-v4:2x2x1");
    let types = topology.plugin().extension_types();
    assert!(topology.plugin().has_profiler(), "{types:?}");
    assert!(types.contains(&siglip::pjrt::PROFILER_EXTENSION));
}

/// libtpu's profiler with no TPU attached: it starts, stops and collects, and what it records
/// of a compile is libtpu's own host annotations (the TPU compiler's passes, an "emitting" event
/// per fusion it lowers) on its `/host:CPU` plane, one line per thread of the process (threads
/// without a name as lines without one), beside `/host:metadata` and a Megascale plane, and no
/// TPU plane. A profile merges our phases into that host plane; XProf shows both, and the
/// profile says no device plane was recorded. Collecting a session never started is refused with
/// libtpu's own message.
#[test]
fn libtpus_profiler_records_the_tpu_compiler_without_a_tpu() {
    let (target, topology) = slice("tpu-v4:2x2x1");
    let dir = tempfile::tempdir().unwrap();
    let steps = ProfileSteps { start: 1, count: 1 };
    let mut profile = Profile::create(dir.path(), steps, topology.plugin()).unwrap();
    profile.start();
    let start = Instant::now();
    let (name, module) = reference_programs().unwrap().into_iter().next().unwrap();
    plan::compile_for_target(
        topology,
        &target,
        &module.to_stablehlo(),
        module.num_replicas,
    )
    .unwrap_or_else(|e| panic!("{name}: {e}"));
    let span = Span {
        phase: Phase::Step,
        step: 1,
        start,
        duration: start.elapsed(),
    };
    let path = profile.write(&[span]).unwrap();

    let space = decode_space(&std::fs::read(&path).unwrap()).unwrap();
    let mut planes: Vec<&str> = space.planes.iter().map(|p| p.name.as_str()).collect();
    planes.sort();
    assert_eq!(
        planes,
        [
            "/device:CUSTOM:Megascale Trace",
            "/host:CPU",
            "/host:metadata"
        ]
    );
    assert!(
        space.warnings.len() == 1 && space.warnings[0].contains("recorded no TPU or GPU plane"),
        "{:?}",
        space.warnings
    );
    let read = common::python_json("xprof_read.py", dir.path());
    let lines = read["lines"].as_object().unwrap();
    assert_eq!(lines["train step"], serde_json::json!(["train step 1"]));
    let libtpu_events: Vec<&str> = lines
        .iter()
        .filter(|(thread, _)| *thread != "train step")
        .flat_map(|(_, events)| events.as_array().unwrap())
        .map(|e| e.as_str().unwrap())
        .collect();
    let count = |prefix: &str| {
        libtpu_events
            .iter()
            .filter(|e| e.starts_with(prefix))
            .count()
    };
    // At least ours: other tests compile at the same time, and libtpu records every thread.
    assert!(
        count("XLA::TPU lowering and optimization") >= 1,
        "{lines:?}"
    );
    assert!(count("XLA::TPU emitting for ") > 10, "{lines:?}");

    let mut never_started = DeviceProfiler::create(topology.plugin(), &[]).unwrap();
    assert_eq!(
        never_started.collect().unwrap_err().to_string(),
        "PLUGIN_Profiler_CollectData failed (ABORTED): CollectData called in the wrong order."
    );
}
