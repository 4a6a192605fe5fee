//! Shared test harness: one CPU client with 4 virtual devices per test binary, seeded random
//! inputs, and running graphs on the plugin.
#![allow(dead_code)]

use std::path::Path;
use std::sync::OnceLock;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use siglip::graph::{Module, Tensor};
use siglip::pjrt::{Client, ClientOptions, Plugin, PluginSpec};
use siglip::program::Program;
use siglip::tensor::HostTensor;

pub const DEVICES: usize = 4;

pub fn client() -> &'static Client {
    static CLIENT: OnceLock<Client> = OnceLock::new();
    CLIENT.get_or_init(own_client)
}

/// Compiles `module` and runs it with the same inputs on every replica.
pub fn run(module: Module, inputs: &[HostTensor]) -> Vec<Vec<HostTensor>> {
    let replicas = module.num_replicas;
    let program = Program::compile(client(), module).expect("compile");
    program
        .run_host(client(), &vec![inputs.to_vec(); replicas])
        .expect("run")
}

/// Compiles and runs with per-replica inputs.
pub fn run_replicas(module: Module, inputs: &[Vec<HostTensor>]) -> Vec<Vec<HostTensor>> {
    let program = Program::compile(client(), module).expect("compile");
    program.run_host(client(), inputs).expect("run")
}

/// Outputs of a single-replica program, as f64.
pub fn run_f64(module: Module, inputs: &[HostTensor]) -> Vec<Vec<f64>> {
    run(module, inputs)
        .remove(0)
        .iter()
        .map(|t| t.to_f64_lossy())
        .collect()
}

pub fn rng(seed: u64) -> ChaCha8Rng {
    ChaCha8Rng::seed_from_u64(seed)
}

/// Uniform values in [lo, hi) as an f64 tensor.
pub fn uniform(rng: &mut ChaCha8Rng, shape: &[i64], lo: f64, hi: f64) -> HostTensor {
    let n: i64 = shape.iter().product();
    let v: Vec<f64> = (0..n).map(|_| rng.gen_range(lo..hi)).collect();
    HostTensor::from_slice(shape, &v).unwrap()
}

pub fn f64s(shape: &[i64], v: &[f64]) -> HostTensor {
    HostTensor::from_slice(shape, v).unwrap()
}

/// Largest |a - b| relative to the largest |b| (with a floor so all-zero references work).
pub fn rel_err(a: &[f64], b: &[f64]) -> f64 {
    assert_eq!(a.len(), b.len(), "length mismatch");
    let scale = b.iter().fold(0.0f64, |m, x| m.max(x.abs())).max(1e-6);
    a.iter()
        .zip(b)
        .fold(0.0f64, |m, (x, y)| m.max((x - y).abs()))
        / scale
}

pub fn assert_close(got: &[f64], want: &[f64], tol: f64, what: &str) {
    let err = rel_err(got, want);
    assert!(
        err <= tol,
        "{what}: relative error {err:e} > {tol:e}\n got  {got:?}\n want {want:?}"
    );
}

/// One graph parameter per input, named `x0`, `x1`, ...
pub fn declare(g: &siglip::graph::Graph, inputs: &[HostTensor]) -> Vec<Tensor> {
    inputs
        .iter()
        .enumerate()
        .map(|(i, t)| g.parameter(&format!("x{i}"), t.dtype, &t.shape))
        .collect()
}

/// Runs `f` on `inputs` (single replica) and returns its one output as f64.
pub fn forward(inputs: &[HostTensor], f: impl Fn(&[Tensor]) -> Tensor) -> Vec<f64> {
    let g = siglip::graph::Graph::new();
    let out = f(&declare(&g, inputs));
    run_f64(g.build(&[&out]).unwrap(), inputs).remove(0)
}

/// Gradient check in f64: builds `loss = Σ f(inputs) · w` for a fixed random cotangent `w`,
/// differentiates it with `siglip::graph::grad` and compares every float input's gradient
/// with central finite differences of the same loss run on the plugin.
pub fn grad_check(
    replicas: usize,
    inputs: &[HostTensor],
    diff: &[bool],
    f: impl Fn(&[Tensor]) -> Tensor,
) {
    use siglip::graph::Graph;
    use siglip::tensor::DType;
    let build = |with_grad: bool| {
        let g = Graph::with_replicas(replicas);
        let params = declare(&g, inputs);
        let out = f(&params);
        let mut r = rng(99);
        let w = uniform(&mut r, out.shape(), -1.0, 1.0);
        let w = g
            .constant(HostTensor::from_slice(out.shape(), &w.to_f64_lossy()).unwrap())
            .convert(out.dtype());
        // The differentiated objective is the sum over replicas of each replica's scalar.
        let local = (&out * &w).sum_all();
        let total = if replicas > 1 {
            local.all_reduce_sum()
        } else {
            local.clone()
        };
        let mut outs = vec![total];
        if with_grad {
            let wrt: Vec<&Tensor> = params
                .iter()
                .zip(diff)
                .filter(|(_, d)| **d)
                .map(|(p, _)| p)
                .collect();
            outs.extend(siglip::graph::grad(&local, &wrt));
        }
        let refs: Vec<&Tensor> = outs.iter().collect();
        g.build(&refs).expect("graph builds")
    };
    // Every replica holds the same inputs and the finite differences perturb all of them at
    // once, so the reference is the sum of the replicas' gradients.
    let per_replica = run(build(true), inputs);
    let loss_program = Program::compile(client(), build(false)).expect("compile loss");
    let eval = |xs: &[HostTensor]| -> f64 {
        loss_program
            .run_host(client(), &vec![xs.to_vec(); replicas])
            .unwrap()[0][0]
            .to_f64_lossy()[0]
    };
    let mut k = 1;
    for (i, input) in inputs.iter().enumerate() {
        if !diff[i] {
            continue;
        }
        assert_eq!(input.dtype, DType::F64, "gradient checks run in f64");
        let base = input.to_vec::<f64>().unwrap();
        let mut numeric = vec![0.0; base.len()];
        for j in 0..base.len() {
            let h = 1e-6 * base[j].abs().max(1.0);
            let mut xs = inputs.to_vec();
            let mut v = base.clone();
            v[j] = base[j] + h;
            xs[i] = f64s(&input.shape, &v);
            let up = eval(&xs);
            v[j] = base[j] - h;
            xs[i] = f64s(&input.shape, &v);
            let down = eval(&xs);
            numeric[j] = (up - down) / (2.0 * h);
        }
        let mut got = vec![0.0; base.len()];
        for outs in &per_replica {
            got.iter_mut()
                .zip(outs[k].to_f64_lossy())
                .for_each(|(g, v)| *g += v);
        }
        assert_close(&got, &numeric, 1e-6, &format!("gradient of input {i}"));
        k += 1;
    }
}

/// Runs the `siglip` binary with `args`, asserts it succeeded, and returns its stdout.
pub fn siglip(args: &[&str]) -> String {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_siglip"))
        .args(args)
        .env("SIGLIP_LOG", "error")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Steps whose checkpoint is being written under `run_dir` (or was, by a writer killed
/// mid-write): `checkpoint::save` writes into a temporary `.tmp-<step dir>-<pid>` and renames
/// it to the step's directory when complete.
pub fn checkpoints_being_written(run_dir: &std::path::Path) -> Vec<u64> {
    let Ok(entries) = std::fs::read_dir(siglip::checkpoint::checkpoints_dir(run_dir)) else {
        return vec![];
    };
    entries
        .flatten()
        .filter_map(|entry| {
            let name = entry.file_name().into_string().ok()?;
            let (step_dir, _pid) = name.strip_prefix(".tmp-")?.rsplit_once('-')?;
            let step = step_dir.strip_prefix("step_")?.parse().ok()?;
            (siglip::checkpoint::step_dir_name(step) == step_dir).then_some(step)
        })
        .collect()
}

/// A client of its own with [`DEVICES`] devices, for a test that reads its counters (the shared
/// [`client`]'s also count the other tests' work).
pub fn own_client() -> Client {
    let plugin =
        Plugin::open(&PluginSpec::from_arg_or_env(None)).expect("loading the CPU PJRT plugin");
    Client::new(
        plugin,
        ClientOptions {
            cpu_device_count: Some(DEVICES as i64),
        },
    )
    .expect("creating a client")
}

/// A log directory as TensorBoard's server reads it (`tests/tensorboard_read.py`): each run's
/// scalars, texts and hyperparameters, and the HParams view's experiment.
pub fn tensorboard_read(logdir: &std::path::Path) -> serde_json::Value {
    python_json("tensorboard_read.py", logdir)
}

/// The JSON that `tests/<script>` prints for `arg`, run by `$PYTHON`, else `python3`. Fails,
/// naming the fix, where Python or the package the script needs is missing.
pub fn python_json(script: &str, arg: &std::path::Path) -> serde_json::Value {
    let python = std::env::var("PYTHON").unwrap_or_else(|_| "python3".into());
    let script = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join(script);
    let out = std::process::Command::new(&python)
        .arg(&script)
        .arg(arg)
        .output()
        .unwrap_or_else(|e| panic!("{python} cannot run ({e}): this check needs Python 3"));
    assert!(
        out.status.success(),
        "{} {} failed (`make python-tools` installs what it reads with):\n{}",
        python,
        script.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// Writes the synth set of `count` training pairs (`val_count` held out) in `shards` shards under
/// `dir`: seed 0, 48-px square images of one object each, the default feature keys.
pub fn write_tiny_synth(dir: &Path, count: usize, val_count: usize, shards: usize) {
    let config = siglip::data::synth::SynthConfig {
        count,
        val_count,
        seed: 0,
        shards,
        image_size: 48,
        two_objects: 0.0,
        max_aspect: 1.0,
    };
    siglip::data::synth::write_synth(dir, &config, &Default::default()).unwrap();
}
