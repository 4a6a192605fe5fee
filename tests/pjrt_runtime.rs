//! The PJRT layer against a real CPU plugin (found like the CLI finds it: $SIGLIP_PJRT_PLUGIN,
//! else pip install locations): ring collectives on 4 devices, donation, every dtype's round
//! trip, compiler errors, and plugin discovery failures.

use half::{bf16, f16};
use siglip::pjrt::{
    Arg, Buffer, Client, ClientOptions, CompileOptions, DeviceAssignment, PjrtError, Plugin,
    PluginSpec,
};
use siglip::tensor::{DType, HostTensor};

fn test_client(devices: i64) -> Client {
    let spec = PluginSpec::from_arg_or_env(None);
    let plugin = Plugin::open(&spec).unwrap_or_else(|e| panic!("{e}"));
    let client = Client::new(
        plugin,
        ClientOptions {
            cpu_device_count: Some(devices),
        },
    )
    .unwrap();
    assert_eq!(client.devices().len(), devices as usize);
    // One process: every device of the run is ours.
    assert_eq!(client.global_device_count(), devices as usize);
    assert!(client.devices().iter().all(|d| d.process_index == 0));
    client
}

fn upload_f32(client: &Client, values: &[f32], device: usize) -> Buffer {
    let tensor = HostTensor::from_slice(&[values.len() as i64], values).unwrap();
    client.buffer_from_host(&tensor, device).unwrap()
}

fn download_f32(buffer: &Buffer) -> Vec<f32> {
    buffer.to_host().unwrap().to_vec::<f32>().unwrap()
}

const RING: &str = r#"
module @ring attributes {mhlo.num_replicas = 4 : i32, mhlo.num_partitions = 1 : i32} {
  func.func public @main(%x: tensor<2xf32>) -> (tensor<2xf32>, tensor<2xf32>) {
    %next = "stablehlo.collective_permute"(%x) {source_target_pairs = dense<[[0, 1], [1, 2], [2, 3], [3, 0]]> : tensor<4x2xi64>} : (tensor<2xf32>) -> tensor<2xf32>
    %sum = "stablehlo.all_reduce"(%x) ({
    ^bb0(%a: tensor<f32>, %b: tensor<f32>):
      %s = "stablehlo.add"(%a, %b) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%s) : (tensor<f32>) -> ()
    }) {replica_groups = dense<[[0, 1, 2, 3]]> : tensor<1x4xi64>} : (tensor<2xf32>) -> tensor<2xf32>
    "func.return"(%next, %sum) : (tensor<2xf32>, tensor<2xf32>) -> ()
  }
}
"#;

/// Device d holds [d+1, 10(d+1)]: after the ring step it holds its predecessor's values,
/// and the all-reduce gives [1+2+3+4, 10+20+30+40] everywhere.
#[test]
fn ring_permute_and_all_reduce_on_four_devices() {
    let client = test_client(4);
    let program = client.compile(RING, &CompileOptions::replicas(4)).unwrap();
    assert_eq!(program.num_replicas(), 4);
    assert_eq!(program.num_outputs(), 2);
    assert_eq!(program.devices(), &[0, 1, 2, 3]);
    assert_eq!(program.replicas(), &[0, 1, 2, 3]);
    assert_eq!(
        program.device_assignment().unwrap().device_ids,
        vec![vec![0], vec![1], vec![2], vec![3]]
    );
    let inputs: Vec<Buffer> = (0..4)
        .map(|d| {
            let v = (d + 1) as f32;
            upload_f32(&client, &[v, 10.0 * v], d)
        })
        .collect();
    let args = inputs.iter().map(|b| vec![Arg::Borrowed(b)]).collect();
    let outputs = program.execute(args).unwrap();
    assert_eq!(outputs.len(), 4);
    for (d, device_outputs) in outputs.iter().enumerate() {
        let from = ((d + 3) % 4 + 1) as f32;
        assert_eq!(device_outputs[0].device_index(), d);
        assert_eq!(
            download_f32(&device_outputs[0]),
            vec![from, 10.0 * from],
            "device {d}"
        );
        assert_eq!(
            download_f32(&device_outputs[1]),
            vec![10.0, 100.0],
            "device {d}"
        );
    }
    // Inputs were borrowed: still valid and unchanged.
    assert_eq!(download_f32(&inputs[2]), vec![3.0, 30.0]);
}

/// With an explicit assignment replica r runs on device 3-r, so the per-device argument
/// and output lists follow that order.
#[test]
fn explicit_device_assignment_orders_devices() {
    let client = test_client(4);
    let options = CompileOptions {
        num_replicas: 4,
        num_partitions: 1,
        device_assignment: Some(DeviceAssignment {
            device_ids: vec![vec![3], vec![2], vec![1], vec![0]],
        }),
    };
    let program = client.compile(RING, &options).unwrap();
    assert_eq!(program.devices(), &[3, 2, 1, 0]);
    // Execution order is replica order, as the executable's own assignment says.
    assert_eq!(program.replicas(), &[0, 1, 2, 3]);
    assert_eq!(
        program.device_assignment().unwrap(),
        options.device_assignment.clone().unwrap()
    );
    // Replica r gets [r+1, ...]; replica r's result comes from replica r-1.
    let inputs: Vec<Buffer> = program
        .devices()
        .iter()
        .enumerate()
        .map(|(replica, &device)| {
            let v = (replica + 1) as f32;
            upload_f32(&client, &[v, 10.0 * v], device)
        })
        .collect();
    let outputs = program
        .execute(inputs.iter().map(|b| vec![Arg::Borrowed(b)]).collect())
        .unwrap();
    for (replica, device_outputs) in outputs.iter().enumerate() {
        let from = ((replica + 3) % 4 + 1) as f32;
        assert_eq!(download_f32(&device_outputs[0]), vec![from, 10.0 * from]);
    }
}

const ACCUMULATE: &str = r#"
module @accumulate {
  func.func public @main(%acc: tensor<3xf32> {tf.aliasing_output = 0 : i32}, %x: tensor<3xf32>) -> tensor<3xf32> {
    %sum = "stablehlo.add"(%acc, %x) : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
    "func.return"(%sum) : (tensor<3xf32>) -> ()
  }
}
"#;

#[test]
fn donated_input_is_reused_and_borrowed_input_survives() {
    let client = test_client(1);
    let program = client
        .compile(ACCUMULATE, &CompileOptions::default())
        .unwrap();
    let x = upload_f32(&client, &[1.0, 2.0, 3.0], 0);
    let acc = upload_f32(&client, &[10.0, 20.0, 30.0], 0);
    let acc_address = acc.device_address().unwrap();

    let mut out = program
        .execute(vec![vec![Arg::Donated(acc), Arg::Borrowed(&x)]])
        .unwrap();
    let acc = out.remove(0).remove(0);
    assert_eq!(download_f32(&acc), vec![11.0, 22.0, 33.0]);
    assert_eq!(
        acc.device_address().unwrap(),
        acc_address,
        "the output should alias the donated input"
    );

    // `x` is still valid; run again donating the previous result.
    let mut out = program
        .execute(vec![vec![Arg::Donated(acc), Arg::Borrowed(&x)]])
        .unwrap();
    let acc = out.remove(0).remove(0);
    assert_eq!(download_f32(&acc), vec![12.0, 24.0, 36.0]);
    assert_eq!(download_f32(&x), vec![1.0, 2.0, 3.0]);

    // Borrowing the aliased parameter makes PJRT copy instead of donating.
    let out = program
        .execute(vec![vec![Arg::Borrowed(&acc), Arg::Borrowed(&x)]])
        .unwrap();
    assert_eq!(download_f32(&out[0][0]), vec![13.0, 26.0, 39.0]);
    assert_ne!(
        out[0][0].device_address().unwrap(),
        acc.device_address().unwrap()
    );
    assert_eq!(download_f32(&acc), vec![12.0, 24.0, 36.0]);
}

#[test]
fn every_dtype_round_trips() {
    let client = test_client(2);
    let shape = [2, 3];
    let tensors = [
        HostTensor::from_slice(
            &shape,
            &[0.5f32, -1.25, 3.0e38, f32::MIN_POSITIVE, -0.0, 7.0],
        )
        .unwrap(),
        HostTensor::from_slice(&shape, &[1.5f64, -2.0, 1e300, 5e-324, 0.1, -7.0]).unwrap(),
        HostTensor::from_slice(
            &shape,
            &[0.5f32, -2.0, 3.0e38, 1.0e-38, 255.0, -65504.0].map(bf16::from_f32),
        )
        .unwrap(),
        HostTensor::from_slice(
            &shape,
            &[0.5f32, -2.0, 65504.0, 6.0e-8, 0.1, -1.0].map(f16::from_f32),
        )
        .unwrap(),
        HostTensor::from_slice(&shape, &[i32::MIN, -1, 0, 1, 12345, i32::MAX]).unwrap(),
        HostTensor::from_slice(&shape, &[i64::MIN, -1, 0, 1, 1 << 40, i64::MAX]).unwrap(),
        HostTensor::from_slice(&shape, &[0u32, 1, 7, 1 << 31, 123456789, u32::MAX]).unwrap(),
        HostTensor::from_slice(&shape, &[0u8, 1, 2, 127, 128, 255]).unwrap(),
        HostTensor::from_slice(&shape, &[true, false, false, true, true, false]).unwrap(),
    ];
    let covered: Vec<DType> = tensors.iter().map(|t| t.dtype).collect();
    for dtype in DType::ALL {
        assert!(covered.contains(&dtype), "{dtype} not covered");
    }
    for tensor in &tensors {
        let buffer = client.buffer_from_host(tensor, 1).unwrap();
        assert_eq!(buffer.dtype(), tensor.dtype);
        assert_eq!(buffer.shape(), &shape);
        assert_eq!(buffer.device_index(), 1);
        assert_eq!(&buffer.to_host().unwrap(), tensor, "{}", tensor.dtype);
    }
    let scalar = client
        .buffer_from_host(&HostTensor::scalar(42i64), 0)
        .unwrap();
    assert_eq!(scalar.shape(), &[] as &[i64]);
    assert_eq!(scalar.to_host().unwrap().to_vec::<i64>().unwrap(), vec![42]);
}

#[test]
fn malformed_program_returns_the_compiler_message() {
    let client = test_client(1);
    let mismatched = r#"
module @bad {
  func.func public @main(%a: tensor<3xf32>, %b: tensor<4xf32>) -> tensor<3xf32> {
    %s = "stablehlo.add"(%a, %b) : (tensor<3xf32>, tensor<4xf32>) -> tensor<3xf32>
    "func.return"(%s) : (tensor<3xf32>) -> ()
  }
}
"#;
    let error = client
        .compile(mismatched, &CompileOptions::default())
        .expect_err("a shape mismatch must not compile");
    let text = error.to_string();
    assert!(
        matches!(
            error,
            PjrtError::Call {
                function: "PJRT_Client_Compile",
                ..
            }
        ),
        "{text}"
    );
    assert!(text.contains("requires the same shape"), "{text}");

    let garbage = client
        .compile("this is not MLIR", &CompileOptions::default())
        .expect_err("garbage must not compile");
    assert!(matches!(garbage, PjrtError::Call { .. }), "{garbage}");
    // The client is still usable after compiler errors.
    client
        .compile(ACCUMULATE, &CompileOptions::default())
        .unwrap();
}

#[test]
fn execute_rejects_arguments_on_the_wrong_device() {
    let client = test_client(2);
    let program = client
        .compile(ACCUMULATE, &CompileOptions::default())
        .unwrap();
    let on_device_1 = upload_f32(&client, &[1.0, 2.0, 3.0], 1);
    let error = program
        .execute(vec![vec![
            Arg::Borrowed(&on_device_1),
            Arg::Borrowed(&on_device_1),
        ]])
        .expect_err("device mismatch");
    assert!(matches!(error, PjrtError::InvalidArguments(_)), "{error}");
    assert!(client
        .buffer_from_host(&HostTensor::scalar(1.0f32), 2)
        .is_err());
}

#[test]
fn missing_plugin_lists_paths_and_install_command() {
    let empty = tempfile::tempdir().unwrap();
    let error = PluginSpec::from_arg_or_env(Some("cpu"))
        .resolve_in(&[empty.path().to_path_buf()])
        .unwrap_err();
    let text = error.to_string();
    for relative in [
        "xla_plugins/xla_cpu_pjrt/xla_cpu_pjrt.so",
        "fastatomstruct_xla_cpu/libpjrt_cpu.so",
        "lammps_jax_pjrt_cpu/pjrt_c_api_cpu_plugin.so",
    ] {
        let path = empty.path().join(relative);
        assert!(text.contains(&path.display().to_string()), "{text}");
    }
    assert!(
        text.contains("pip install fastatomstruct-xla-cpu==2026.6.23"),
        "{text}"
    );

    let error = Plugin::open(&PluginSpec::from_arg_or_env(Some("/no/such/plugin.so"))).unwrap_err();
    assert!(
        matches!(error, PjrtError::PluginFileMissing { .. }),
        "{error}"
    );
    assert_eq!(
        error.to_string(),
        "plugin file /no/such/plugin.so does not exist"
    );
}

#[test]
fn files_that_are_not_plugins_are_rejected() {
    let dir = tempfile::tempdir().unwrap();
    let text_file = dir.path().join("notes.so");
    std::fs::write(&text_file, "just some text, not an ELF file\n").unwrap();
    for path in [text_file.as_path(), std::path::Path::new("/bin/ls")] {
        let error = Plugin::load(path).unwrap_err();
        assert!(matches!(error, PjrtError::NotAPlugin { .. }), "{error}");
        assert!(
            error.to_string().contains("is not a PJRT plugin"),
            "{error}"
        );
    }
    // A real shared library without the PJRT entry point.
    let libm = [
        "/lib/x86_64-linux-gnu/libm.so.6",
        "/usr/lib64/libm.so.6",
        "/lib64/libm.so.6",
    ]
    .into_iter()
    .map(std::path::Path::new)
    .find(|p| p.exists());
    if let Some(libm) = libm {
        let error = Plugin::load(libm).unwrap_err();
        assert!(
            error.to_string().contains("does not export GetPjrtApi"),
            "{error}"
        );
    }
}

#[test]
fn plugin_reports_its_api_version() {
    let client = test_client(1);
    let version = client.plugin().api_version();
    assert_eq!(version.major, 0);
    assert!(version.minor >= 81, "{version}");
    assert_eq!(client.platform_name(), "cpu");
    assert_eq!(client.process_index(), 0);
}

/// Two 512×512 products that must both exist before their elementwise product is summed:
/// XLA cannot fuse a dot into its consumer's loop on the CPU, so each is a 1 MiB temporary.
const TWO_PRODUCTS: &str = r#"
module @two_products {
  func.func public @main(%a: tensor<512x512xf32>, %b: tensor<512x512xf32>) -> tensor<f32> {
    %ab = "stablehlo.dot_general"(%a, %b) {dot_dimension_numbers = #stablehlo.dot<lhs_contracting_dimensions = [1], rhs_contracting_dimensions = [0]>} : (tensor<512x512xf32>, tensor<512x512xf32>) -> tensor<512x512xf32>
    %ba = "stablehlo.dot_general"(%b, %a) {dot_dimension_numbers = #stablehlo.dot<lhs_contracting_dimensions = [1], rhs_contracting_dimensions = [0]>} : (tensor<512x512xf32>, tensor<512x512xf32>) -> tensor<512x512xf32>
    %p = "stablehlo.multiply"(%ab, %ba) : (tensor<512x512xf32>, tensor<512x512xf32>) -> tensor<512x512xf32>
    %zero = "stablehlo.constant"() {value = dense<0.0> : tensor<f32>} : () -> tensor<f32>
    %s = "stablehlo.reduce"(%p, %zero) ({
    ^bb0(%x: tensor<f32>, %y: tensor<f32>):
      %t = "stablehlo.add"(%x, %y) : (tensor<f32>, tensor<f32>) -> tensor<f32>
      "stablehlo.return"(%t) : (tensor<f32>) -> ()
    }) {dimensions = array<i64: 0, 1>} : (tensor<512x512xf32>, tensor<f32>) -> tensor<f32>
    "func.return"(%s) : (tensor<f32>) -> ()
  }
}
"#;

#[test]
fn memory_stats_report_arguments_outputs_and_temporaries() {
    let client = test_client(1);
    let program = client
        .compile(TWO_PRODUCTS, &CompileOptions::default())
        .unwrap();
    let stats = program.memory_stats().unwrap();
    eprintln!("{stats:?}");
    const MATRIX: i64 = 512 * 512 * 4;
    assert_eq!(stats.argument_bytes, 2 * MATRIX);
    assert_eq!(stats.output_bytes, 4);
    assert_eq!(stats.alias_bytes, 0);
    assert!(stats.temp_bytes >= 2 * MATRIX, "{stats:?}");
    assert!(stats.generated_code_bytes >= 0, "{stats:?}");

    // A donated accumulator: its 12 bytes are both argument and (aliased) output.
    let accumulate = client
        .compile(ACCUMULATE, &CompileOptions::default())
        .unwrap()
        .memory_stats()
        .unwrap();
    assert_eq!(accumulate.argument_bytes, 24, "{accumulate:?}");
    assert_eq!(accumulate.output_bytes, 12, "{accumulate:?}");
    assert_eq!(accumulate.alias_bytes, 12, "{accumulate:?}");
}
