//! The losses against JAX fixtures (`tests/fixtures/loss/*.safetensors`, B = 8, d = 16):
//! value and gradients w.r.t. x, y, t', b on one device in f64 and f32; the ring, all-gather and
//! softmax losses on 4 CPU devices (2 rows each) against the same single-batch reference; a
//! finite-difference check of the ring loss; and the ring loss's O(n²) memory claim read off
//! its StableHLO and off XLA's compiled memory statistics.

mod common;
use common::*;
use siglip::graph::{grad, Graph, Tensor};
use siglip::loss::{self, LossKind, RingForm};
use siglip::tensor::{DType, HostTensor};

const BATCH: i64 = 8;
const WIDTH: i64 = 16;
const CASES: [&str; 2] = ["init", "mid"];

/// One fixture case: inputs and JAX's loss and gradients (all f64).
struct Case {
    x: Vec<f64>,
    y: Vec<f64>,
    t_prime: f64,
    b: f64,
    loss: f64,
    grad_x: Vec<f64>,
    grad_y: Vec<f64>,
    grad_t_prime: f64,
    grad_b: f64,
}

fn load_case(file: &str, case: &str) -> Case {
    let path = format!("{}/tests/fixtures/loss/{file}", env!("CARGO_MANIFEST_DIR"));
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("reading {path}: {e}"));
    let st = safetensors::SafeTensors::deserialize(&bytes).expect("valid safetensors");
    let read = |key: &str| -> Option<Vec<f64>> {
        let view = st.tensor(&format!("{case}/{key}")).ok()?;
        assert_eq!(view.dtype(), safetensors::Dtype::F64, "{case}/{key}");
        Some(
            view.data()
                .chunks_exact(8)
                .map(|c| f64::from_le_bytes(c.try_into().unwrap()))
                .collect(),
        )
    };
    let get = |key: &str| read(key).unwrap_or_else(|| panic!("{file}: no {case}/{key}"));
    let scalar = |key: &str| read(key).map(|v| v[0]);
    let x = get("x");
    assert_eq!(x.len() as i64, BATCH * WIDTH);
    Case {
        x,
        y: get("y"),
        t_prime: scalar("t_prime").unwrap(),
        // The softmax fixture has no bias: the loss ignores it, its gradient must be zero.
        b: scalar("b").unwrap_or(0.0),
        loss: scalar("loss").unwrap(),
        grad_x: get("grad_x"),
        grad_y: get("grad_y"),
        grad_t_prime: scalar("grad_t_prime").unwrap(),
        grad_b: scalar("grad_b").unwrap_or(0.0),
    }
}

fn fixture_for(kind: LossKind) -> &'static str {
    match kind {
        LossKind::Softmax => "softmax.safetensors",
        _ => "sigmoid.safetensors",
    }
}

fn host(dtype: DType, shape: &[i64], v: &[f64]) -> HostTensor {
    match dtype {
        DType::F64 => HostTensor::from_slice(shape, v).unwrap(),
        DType::F32 => {
            let v: Vec<f32> = v.iter().map(|&a| a as f32).collect();
            HostTensor::from_slice(shape, &v).unwrap()
        }
        other => panic!("no fixture inputs in {other}"),
    }
}

/// Loss outputs of one run, gathered over replicas.
struct Outcome {
    /// `global_loss` as replica 0 sees it.
    global: f64,
    /// Sum of the per-replica shares.
    shares: f64,
    grad_x: Vec<f64>,
    grad_y: Vec<f64>,
    grad_t_prime: f64,
    grad_b: f64,
}

/// Runs `kind` on `replicas` devices, the fixture's rows split in order, and returns the
/// loss and the gradients of the sum of shares (x/y rows concatenated, t'/b summed).
fn run_loss(kind: LossKind, replicas: usize, dtype: DType, case: &Case) -> Outcome {
    let n = BATCH / replicas as i64;
    let g = Graph::with_replicas(replicas);
    let x = g.parameter("x", dtype, &[n, WIDTH]);
    let y = g.parameter("y", dtype, &[n, WIDTH]);
    let t_prime = g.parameter("t_prime", dtype, &[]);
    let b = g.parameter("b", dtype, &[]);
    let share = loss::loss(kind, &x, &y, &t_prime, &b);
    let global = loss::global_loss(&share);
    let grads = grad(&share, &[&x, &y, &t_prime, &b]);
    let mut outputs = vec![&share, &global];
    outputs.extend(grads.iter());
    let module = g.build(&outputs).expect("loss graph builds");
    let rows = (n * WIDTH) as usize;
    let inputs: Vec<Vec<HostTensor>> = (0..replicas)
        .map(|r| {
            vec![
                host(dtype, &[n, WIDTH], &case.x[r * rows..(r + 1) * rows]),
                host(dtype, &[n, WIDTH], &case.y[r * rows..(r + 1) * rows]),
                host(dtype, &[], &[case.t_prime]),
                host(dtype, &[], &[case.b]),
            ]
        })
        .collect();
    let out: Vec<Vec<Vec<f64>>> = run_replicas(module, &inputs)
        .iter()
        .map(|r| r.iter().map(|t| t.to_f64_lossy()).collect())
        .collect();
    let sum = |k: usize| out.iter().map(|r| r[k][0]).sum::<f64>();
    let concat = |k: usize| out.iter().flat_map(|r| r[k].clone()).collect::<Vec<_>>();
    Outcome {
        global: out[0][1][0],
        shares: sum(0),
        grad_x: concat(2),
        grad_y: concat(3),
        grad_t_prime: sum(4),
        grad_b: sum(5),
    }
}

/// Bound on every relative error against the JAX fixture, set a few times above the worst seen
/// over every loss, case and device count. f64: 5.5e-16 (a few ulps: the same formula, summed in
/// another order). f32: 2.8e-7, from rounding the f64 fixture inputs to f32 (6e-8 each) and f32
/// arithmetic.
fn tolerance(dtype: DType) -> f64 {
    match dtype {
        DType::F64 => 2e-15,
        DType::F32 => 1e-6,
        other => panic!("no loss fixture in {other}"),
    }
}

fn check_against_fixture(kind: LossKind, replicas: usize, dtype: DType) {
    for name in CASES {
        let case = load_case(fixture_for(kind), name);
        let got = run_loss(kind, replicas, dtype, &case);
        let what = |q: &str| format!("{kind:?} on {replicas} device(s), {dtype}, case {name}: {q}");
        let tol = tolerance(dtype);
        let worst = [
            rel_err(&[got.global], &[case.loss]),
            rel_err(&got.grad_x, &case.grad_x),
            rel_err(&got.grad_y, &case.grad_y),
            rel_err(&[got.grad_t_prime], &[case.grad_t_prime]),
            rel_err(&[got.grad_b], &[case.grad_b]),
        ]
        .into_iter()
        .fold(0.0, f64::max);
        println!("{}: worst relative error {worst:.1e}", what("all"));
        assert_close(&[got.global], &[case.loss], tol, &what("global loss"));
        assert_close(&[got.shares], &[case.loss], tol, &what("sum of shares"));
        assert_close(&got.grad_x, &case.grad_x, tol, &what("grad x"));
        assert_close(&got.grad_y, &case.grad_y, tol, &what("grad y"));
        assert_close(
            &[got.grad_t_prime],
            &[case.grad_t_prime],
            tol,
            &what("grad t'"),
        );
        assert_close(&[got.grad_b], &[case.grad_b], tol, &what("grad b"));
    }
}

#[test]
fn sigmoid_matches_jax_f64() {
    check_against_fixture(LossKind::Sigmoid, 1, DType::F64);
}

#[test]
fn sigmoid_matches_jax_f32() {
    check_against_fixture(LossKind::Sigmoid, 1, DType::F32);
}

#[test]
fn softmax_matches_jax_f64() {
    check_against_fixture(LossKind::Softmax, 1, DType::F64);
}

#[test]
fn softmax_matches_jax_f32() {
    check_against_fixture(LossKind::Softmax, 1, DType::F32);
}

#[test]
fn sigmoid_ring_on_4_devices_matches_single_batch() {
    check_against_fixture(LossKind::SigmoidRing, DEVICES, DType::F64);
    check_against_fixture(LossKind::SigmoidRing, DEVICES, DType::F32);
}

#[test]
fn sigmoid_allgather_on_4_devices_matches_single_batch() {
    check_against_fixture(LossKind::SigmoidAllgather, DEVICES, DType::F64);
    check_against_fixture(LossKind::SigmoidAllgather, DEVICES, DType::F32);
}

#[test]
fn softmax_on_4_devices_matches_single_batch() {
    check_against_fixture(LossKind::Softmax, DEVICES, DType::F64);
    check_against_fixture(LossKind::Softmax, DEVICES, DType::F32);
}

/// The ring and all-gather variants on one device are the plain sigmoid loss.
#[test]
fn sigmoid_variants_on_one_device_match_fixture() {
    check_against_fixture(LossKind::SigmoidRing, 1, DType::F64);
    check_against_fixture(LossKind::SigmoidAllgather, 1, DType::F64);
}

/// Without cross-device negatives the sharded `sigmoid` is not the global loss: it is the mean
/// of each device's local loss. Checked against the ring loss on one device per shard.
#[test]
fn local_sigmoid_on_4_devices_is_mean_of_local_losses() {
    let case = load_case("sigmoid.safetensors", "mid");
    let got = run_loss(LossKind::Sigmoid, DEVICES, DType::F64, &case);
    let rows = (BATCH / DEVICES as i64 * WIDTH) as usize;
    let mut want = 0.0;
    for r in 0..DEVICES {
        let shard = Case {
            x: case.x[r * rows..(r + 1) * rows].to_vec(),
            y: case.y[r * rows..(r + 1) * rows].to_vec(),
            grad_x: vec![],
            grad_y: vec![],
            ..case
        };
        want += run_loss_single_shard(&shard) / DEVICES as f64;
    }
    assert_close(&[got.global], &[want], 1e-12, "local sigmoid loss");
    assert!((got.global - case.loss).abs() > 1e-3, "local ≠ global loss");
}

fn run_loss_single_shard(shard: &Case) -> f64 {
    let n = shard.x.len() as i64 / WIDTH;
    let g = Graph::new();
    let x = g.parameter("x", DType::F64, &[n, WIDTH]);
    let y = g.parameter("y", DType::F64, &[n, WIDTH]);
    let t_prime = g.parameter("t_prime", DType::F64, &[]);
    let b = g.parameter("b", DType::F64, &[]);
    let share = loss::sigmoid(&x, &y, &t_prime, &b);
    let module = g.build(&[&share]).unwrap();
    run_f64(
        module,
        &[
            f64s(&[n, WIDTH], &shard.x),
            f64s(&[n, WIDTH], &shard.y),
            f64s(&[], &[shard.t_prime]),
            f64s(&[], &[shard.b]),
        ],
    )[0][0]
}

/// Finite differences of the ring loss on 4 devices. `grad_check` feeds every replica the same
/// global batch and sums the replicas' gradients; each replica takes its own rows of it, so the
/// check covers the whole global gradient, including what flows back along the ring.
#[test]
fn sigmoid_ring_gradient_matches_finite_differences() {
    let mut r = rng(7);
    let n = 2;
    let batch = n * DEVICES as i64;
    let inputs = [
        uniform(&mut r, &[batch, 4], -1.0, 1.0),
        uniform(&mut r, &[batch, 4], -1.0, 1.0),
        f64s(&[], &[1.3]),
        f64s(&[], &[-2.0]),
    ];
    grad_check(DEVICES, &inputs, &[true; 4], |p: &[Tensor]| {
        let g = p[0].graph();
        let my_rows = g.iota(DType::U32, &[n], 0) + g.replica_id() * n as f64;
        let x = p[0].take_rows(&my_rows);
        let y = p[1].take_rows(&my_rows);
        loss::sigmoid_ring(&x, &y, &p[2], &p[3])
    });
}

/// Every dimension of every `tensor<...>` type in a StableHLO text.
fn tensor_dims(text: &str) -> Vec<i64> {
    text.split("tensor<")
        .skip(1)
        .flat_map(|rest| {
            let ty = &rest[..rest.find('>').unwrap()];
            let parts: Vec<&str> = ty.split('x').collect();
            parts[..parts.len() - 1]
                .iter()
                .map(|d| d.parse::<i64>().unwrap_or_else(|_| panic!("dim in {ty}")))
                .collect::<Vec<_>>()
        })
        .collect()
}

fn loss_program_text(kind: LossKind, with_grad: bool) -> String {
    loss_program_text_on(DEVICES, kind, with_grad)
}

fn loss_program_text_on(replicas: usize, kind: LossKind, with_grad: bool) -> String {
    let n = 2;
    let g = Graph::with_replicas(replicas);
    let x = g.parameter("x", DType::F32, &[n, WIDTH]);
    let y = g.parameter("y", DType::F32, &[n, WIDTH]);
    let t_prime = g.parameter("t_prime", DType::F32, &[]);
    let b = g.parameter("b", DType::F32, &[]);
    let share = loss::loss(kind, &x, &y, &t_prime, &b);
    let mut outputs = vec![share.clone()];
    if with_grad {
        outputs.extend(grad(&share, &[&x, &y, &t_prime, &b]));
    }
    let refs: Vec<&Tensor> = outputs.iter().collect();
    g.build(&refs).unwrap().to_stablehlo()
}

/// n = 2 rows on each of D = 4 devices: no value in the ring loss (forward or backward) has a
/// dimension of size D·n = 8, while the all-gather variant does (so the probe can see one).
#[test]
fn sigmoid_ring_never_holds_global_batch_dimension() {
    let global = 2 * DEVICES as i64;
    for with_grad in [false, true] {
        let text = loss_program_text(LossKind::SigmoidRing, with_grad);
        assert!(text.contains("stablehlo.collective_permute"));
        assert!(!text.contains("all_gather"));
        let dims = tensor_dims(&text);
        assert!(!dims.is_empty());
        assert!(
            !dims.contains(&global),
            "ring loss (grad: {with_grad}) has a dimension of size {global}:\n{text}"
        );
    }
    let gathered = tensor_dims(&loss_program_text(LossKind::SigmoidAllgather, false));
    assert!(gathered.contains(&global));
}

#[test]
fn loss_kind_reads_config_names() {
    let kinds: Vec<LossKind> =
        serde_yaml::from_str("[sigmoid, sigmoid_ring, sigmoid_allgather, softmax]").unwrap();
    assert_eq!(
        kinds,
        [
            LossKind::Sigmoid,
            LossKind::SigmoidRing,
            LossKind::SigmoidAllgather,
            LossKind::Softmax
        ]
    );
    assert!(serde_yaml::from_str::<LossKind>("ring").is_err());
    assert!(!LossKind::Softmax.uses_bias() && LossKind::SigmoidRing.uses_bias());
}

/// The ring as one `while` loop and unrolled: the same loss and gradients on 4 devices in f64
/// (the same operations in the same order, so equal up to the last bits).
#[test]
fn sigmoid_ring_loop_equals_unrolled() {
    let mut r = rng(11);
    let n = 3;
    let inputs: Vec<Vec<HostTensor>> = (0..DEVICES)
        .map(|_| {
            vec![
                uniform(&mut r, &[n, 5], -1.0, 1.0),
                uniform(&mut r, &[n, 5], -1.0, 1.0),
                f64s(&[], &[1.7]),
                f64s(&[], &[-3.0]),
            ]
        })
        .collect();
    let run_form = |form: RingForm| -> Vec<Vec<Vec<f64>>> {
        let g = Graph::with_replicas(DEVICES);
        let x = g.parameter("x", DType::F64, &[n, 5]);
        let y = g.parameter("y", DType::F64, &[n, 5]);
        let t_prime = g.parameter("t_prime", DType::F64, &[]);
        let b = g.parameter("b", DType::F64, &[]);
        let share = loss::sigmoid_ring_in(form, &x, &y, &t_prime, &b);
        let mut outputs = vec![share.clone()];
        outputs.extend(grad(&share, &[&x, &y, &t_prime, &b]));
        let module = g.build(&outputs.iter().collect::<Vec<_>>()).unwrap();
        let loops = module.to_stablehlo().matches("stablehlo.while").count();
        assert_eq!(loops, usize::from(form == RingForm::Loop), "{form:?}");
        run_replicas(module, &inputs)
            .iter()
            .map(|outs| outs.iter().map(|t| t.to_f64_lossy()).collect())
            .collect()
    };
    let (looped, unrolled) = (run_form(RingForm::Loop), run_form(RingForm::Unrolled));
    for (replica, (a, b)) in looped.iter().zip(&unrolled).enumerate() {
        for (k, (a, b)) in a.iter().zip(b).enumerate() {
            assert_close(a, b, 1e-15, &format!("replica {replica}, output {k}"));
        }
    }
}

/// The looped ring's program does not grow with the number of devices: at D = 64 its StableHLO
/// (loss and gradients) has the same ops as at D = 4, only longer replica lists; unrolled, it
/// would hold 63 copies of the step.
#[test]
fn sigmoid_ring_program_size_is_flat_in_devices() {
    let small = loss_program_text_on(4, LossKind::SigmoidRing, true);
    let large = loss_program_text_on(64, LossKind::SigmoidRing, true);
    let ops = |text: &str| text.matches(" = \"stablehlo.").count();
    assert_eq!(ops(&small), ops(&large));
    // The replica lists: 60 more source-target pairs per collective_permute (`[62, 63], `: at
    // most 10 bytes each), 60 more ids per all_reduce (at most 4); nothing else.
    let count = |op: &str| small.matches(op).count();
    let permutes = count("\"stablehlo.collective_permute\"");
    let all_reduces = count("\"stablehlo.all_reduce\"");
    assert_eq!(
        permutes, 2,
        "one permute of the texts and one of their gradient per step"
    );
    assert!(
        large.len() <= small.len() + 60 * (10 * permutes + 4 * all_reduces),
        "D = 4: {} bytes, D = 64: {} bytes",
        small.len(),
        large.len()
    );
}

/// XLA's temporaries for the loss and its gradients at the benchmark's size (4096 pairs per
/// device, d = 512; compiled, not run; benches/README.md, the loss): each holds one `n × n`
/// block. Besides it, the 1-device loss keeps one `[n, d]` (measured: + 8 MiB + 112 KiB of `[n]`
/// vectors); the ring on 4 devices the texts here and three column slices of an `[n, d]` (a
/// slice's operand and product, and the next slice's operand: the sums are added to in place,
/// one slice at a time; measured: + 8 MiB + 6 MiB + 144 KiB).
#[test]
fn sigmoid_and_ring_losses_hold_one_block() {
    let (n, d) = (4096, 512);
    let temp = |kind, replicas| {
        siglip::plan::loss_memory(client(), kind, replicas, n, d)
            .unwrap()
            .temp_bytes
    };
    let (block, rows, slack) = (n * n * 4, n * d * 4, 1 << 20);
    let single = temp(LossKind::Sigmoid, 1);
    let ring = temp(LossKind::SigmoidRing, DEVICES);
    assert!(
        single <= block + rows + slack,
        "1-device loss: {single} bytes of temporaries; one block is {block}, one [n, d] {rows}"
    );
    let slice = rows / siglip::loss::RING_PRODUCT_SLICES as i64;
    assert!(
        ring <= block + rows + 3 * slice + slack,
        "ring: {ring} bytes of temporaries; one block is {block}, one [n, d] {rows}"
    );
}
