//! Times one matmul-heavy program on a PJRT plugin: a chain of 20 products of 1024x1024 f32
//! matrices (43 GFLOP), median of several runs after a warm-up.
//!
//! `cargo run --example plugin_speed [-- PLUGIN [RUNS]]`; compare plugins by running it once
//! per plugin (each in its own process).

use std::time::Instant;

use anyhow::Result;
use siglip::pjrt::{Arg, Client, ClientOptions, CompileOptions, Plugin, PluginSpec};
use siglip::tensor::HostTensor;

const N: usize = 1024;
const CHAIN: usize = 20;

fn program() -> String {
    let ty = format!("tensor<{N}x{N}xf32>");
    let mut body = String::new();
    for i in 0..CHAIN {
        body += &format!(
            "    %x{next} = \"stablehlo.dot_general\"(%x{i}, %w) {{dot_dimension_numbers = \
             #stablehlo.dot<lhs_contracting_dimensions = [1], rhs_contracting_dimensions = [0]>}} \
             : ({ty}, {ty}) -> {ty}\n",
            next = i + 1
        );
    }
    format!(
        "module @matmul_chain {{\n  func.func public @main(%x0: {ty}, %w: {ty}) -> {ty} {{\n{body}    \
         \"func.return\"(%x{CHAIN}) : ({ty}) -> ()\n  }}\n}}\n"
    )
}

fn main() -> Result<()> {
    let mut args = std::env::args().skip(1);
    let spec = PluginSpec::from_arg_or_env(args.next().as_deref());
    let runs: usize = args.next().map_or(Ok(5), |r| r.parse())?;
    let plugin = Plugin::open(&spec)?;
    let client = Client::new(plugin.clone(), ClientOptions::default())?;

    let started = Instant::now();
    let executable = client.compile(&program(), &CompileOptions::default())?;
    let compile_s = started.elapsed().as_secs_f64();

    // w = I / 2 + small off-diagonal values keeps the chain's values finite and normal.
    let w: Vec<f32> = (0..N * N)
        .map(|k| {
            if k / N == k % N {
                0.5
            } else {
                ((k % 7) as f32 - 3.0) * 1e-4
            }
        })
        .collect();
    let x: Vec<f32> = (0..N * N).map(|k| (k % 13) as f32 - 6.0).collect();
    let dims = [N as i64, N as i64];
    let x = client.buffer_from_host(&HostTensor::from_slice(&dims, &x)?, 0)?;
    let w = client.buffer_from_host(&HostTensor::from_slice(&dims, &w)?, 0)?;

    let mut times = Vec::new();
    for run in 0..=runs {
        let started = Instant::now();
        let out = executable.execute(vec![vec![Arg::Borrowed(&x), Arg::Borrowed(&w)]])?;
        let elapsed = started.elapsed().as_secs_f64();
        let first = out[0][0].to_host()?.to_vec::<f32>()?[0];
        anyhow::ensure!(first.is_finite(), "non-finite result {first}");
        if run > 0 {
            times.push(elapsed); // run 0 is the warm-up
        }
    }
    times.sort_by(f64::total_cmp);
    let median = times[times.len() / 2];
    let gflop = (CHAIN * 2 * N * N * N) as f64 / 1e9;
    println!(
        "{}  API {}  compile {compile_s:.2}s  median of {runs}: {median:.3}s  ({:.1} GFLOP/s)",
        plugin.path().display(),
        plugin.api_version(),
        gflop / median
    );
    Ok(())
}
