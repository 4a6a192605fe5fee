//! Four CPU devices pass blocks around a ring, the way the chunked sigmoid loss rotates text
//! embeddings: after each `collective_permute` a device holds its predecessor's block, and
//! after 3 steps every device has seen every block (checked through the running sum, whose
//! buffer is donated each step so it is updated in place).
//!
//! `cargo run --example ring [-- PLUGIN]` (PLUGIN: path, cpu, cuda or tpu; default as for
//! `siglip devices`).

use anyhow::{ensure, Result};
use siglip::pjrt::{Arg, Client, ClientOptions, CompileOptions, Plugin, PluginSpec};
use siglip::tensor::HostTensor;

const DEVICES: usize = 4;

/// One ring step: pass the block on and add the received block to the running sum.
const RING_STEP: &str = r#"
module @ring_step attributes {mhlo.num_replicas = 4 : i32, mhlo.num_partitions = 1 : i32} {
  func.func public @main(%block: tensor<3xf32>, %seen: tensor<3xf32> {tf.aliasing_output = 1 : i32}) -> (tensor<3xf32>, tensor<3xf32>) {
    %next = "stablehlo.collective_permute"(%block) {source_target_pairs = dense<[[0, 1], [1, 2], [2, 3], [3, 0]]> : tensor<4x2xi64>} : (tensor<3xf32>) -> tensor<3xf32>
    %sum = "stablehlo.add"(%seen, %next) : (tensor<3xf32>, tensor<3xf32>) -> tensor<3xf32>
    "func.return"(%next, %sum) : (tensor<3xf32>, tensor<3xf32>) -> ()
  }
}
"#;

fn main() -> Result<()> {
    let spec = PluginSpec::from_arg_or_env(std::env::args().nth(1).as_deref());
    let client = Client::new(
        Plugin::open(&spec)?,
        ClientOptions {
            cpu_device_count: Some(DEVICES as i64),
        },
    )?;
    println!(
        "{} devices on {} ({})",
        client.devices().len(),
        client.platform_name(),
        client.plugin().path().display()
    );
    let step = client.compile(RING_STEP, &CompileOptions::replicas(DEVICES))?;

    // Device d starts with block [d, 10d, 100d] and has seen only its own block.
    let mut blocks = Vec::new();
    let mut seen = Vec::new();
    for d in 0..DEVICES {
        let v = d as f32;
        let block = HostTensor::from_slice(&[3], &[v, 10.0 * v, 100.0 * v])?;
        blocks.push(client.buffer_from_host(&block, d)?);
        seen.push(client.buffer_from_host(&block, d)?);
    }
    for round in 1..DEVICES {
        let args = blocks
            .into_iter()
            .zip(seen)
            .map(|(block, seen)| vec![Arg::Donated(block), Arg::Donated(seen)])
            .collect();
        let outputs = step.execute(args)?;
        (blocks, seen) = outputs
            .into_iter()
            .map(|mut pair| {
                let sum = pair.pop().expect("two outputs");
                (pair.pop().expect("two outputs"), sum)
            })
            .unzip();
        let holding: Vec<f32> = blocks
            .iter()
            .map(|b| Ok(b.to_host()?.to_vec::<f32>()?[0]))
            .collect::<Result<_>>()?;
        println!("after step {round}: device d holds the block of device {holding:?}");
    }
    // 0+1+2+3 = 6 on every device.
    for (d, sum) in seen.iter().enumerate() {
        let values = sum.to_host()?.to_vec::<f32>()?;
        println!("device {d} has seen every block: sum = {values:?}");
        ensure!(
            values == [6.0, 60.0, 600.0],
            "device {d}: wrong sum {values:?}"
        );
    }
    println!("ring demo OK");
    Ok(())
}
