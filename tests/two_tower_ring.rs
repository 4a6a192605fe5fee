//! The multi-device sigmoid losses through a whole (tiny) two-tower model: on 4 CPU devices with
//! 2 pairs each, `sigmoid_ring` and `sigmoid_allgather` give the loss and the gradient of every
//! parameter that `sigmoid` gives on one device with the concatenated batch of 8 (in f64, so
//! that a mismatch is a wrong program, not round-off).

mod common;
use common::*;
use rand::Rng;
use siglip::graph::{grad, Graph, Tensor};
use siglip::loss::{self, LossKind};
use siglip::model::{init_params, two_towers, ParamTree, Params};
use siglip::tensor::{DType, HostTensor};

const GLOBAL_BATCH: i64 = 8;

/// Loss (global) and the gradient of every parameter, per replica.
fn loss_and_grads(
    kind: LossKind,
    replicas: usize,
    tree: &ParamTree,
    images: &[HostTensor],
    tokens: &[HostTensor],
) -> Vec<Vec<Vec<f64>>> {
    let cfg = siglip::reference_programs::tiny_model_config().unwrap();
    let g = Graph::with_replicas(replicas);
    let params = Params::declare(&g, tree);
    let img = g.parameter("images", images[0].dtype, &images[0].shape);
    let tok = g.parameter("tokens", DType::I32, &tokens[0].shape);
    let emb = two_towers::forward(&cfg, &params, &img, &tok).unwrap();
    let share = loss::loss(kind, &emb.image, &emb.text, &emb.t_prime, &emb.bias);
    let wrt: Vec<&Tensor> = params.tensors().values().collect();
    let grads = grad(&share, &wrt);
    let total = loss::global_loss(&share);
    let mut outs = vec![&total];
    outs.extend(grads.iter());
    let inputs: Vec<Vec<HostTensor>> = (0..replicas)
        .map(|r| {
            let mut v: Vec<HostTensor> = tree.values().cloned().collect();
            v.push(images[r].clone());
            v.push(tokens[r].clone());
            v
        })
        .collect();
    run_replicas(g.build(&outs).unwrap(), &inputs)
        .iter()
        .map(|outs| outs.iter().map(|t| t.to_f64_lossy()).collect())
        .collect()
}

#[test]
fn ring_and_allgather_match_single_device_for_every_parameter() {
    let cfg = siglip::reference_programs::tiny_model_config().unwrap();
    // Random values everywhere (zero-initialised biases and heads would hide mistakes).
    let mut r = rng(7);
    let tree: ParamTree = init_params(&cfg.param_specs().unwrap(), 3)
        .into_iter()
        .map(|(path, t)| {
            let v: Vec<f64> = t
                .to_f64_lossy()
                .iter()
                .map(|x| x + r.gen_range(-0.05..0.05))
                .collect();
            (path, HostTensor::from_slice(&t.shape, &v).unwrap())
        })
        .collect();
    let size = cfg.image.image_size as i64;
    let pixels: Vec<f64> = (0..GLOBAL_BATCH * size * size * 3)
        .map(|_| r.gen_range(-1.0..1.0))
        .collect();
    let images = HostTensor::from_slice(&[GLOBAL_BATCH, size, size, 3], &pixels).unwrap();
    let len = cfg.text.max_len as i64;
    let ids: Vec<i32> = (0..GLOBAL_BATCH * len)
        .map(|_| r.gen_range(0..cfg.text.vocab_size as i32))
        .collect();
    let tokens = HostTensor::from_slice(&[GLOBAL_BATCH, len], &ids).unwrap();

    let single = loss_and_grads(
        LossKind::Sigmoid,
        1,
        &tree,
        std::slice::from_ref(&images),
        std::slice::from_ref(&tokens),
    )
    .remove(0);
    let shard = |t: &HostTensor| t.split_rows(DEVICES).unwrap();
    let paths: Vec<&String> = tree.keys().collect();
    for kind in [LossKind::SigmoidRing, LossKind::SigmoidAllgather] {
        let per_replica = loss_and_grads(kind, DEVICES, &tree, &shard(&images), &shard(&tokens));
        for (r, outs) in per_replica.iter().enumerate() {
            assert_close(
                &outs[0],
                &single[0],
                // Observed 1.7e-16 (ring) and 0 (all-gather): the same sums in another order.
                2e-15,
                &format!("{kind:?} loss on replica {r}"),
            );
        }
        for (k, path) in paths.iter().enumerate() {
            let mut total = vec![0.0; single[k + 1].len()];
            for outs in &per_replica {
                total
                    .iter_mut()
                    .zip(&outs[k + 1])
                    .for_each(|(t, v)| *t += v);
            }
            // Relative to the tensor's largest |value|, observed ≤ 1.4e-15. Attention key biases
            // have a true gradient of 0 (softmax ignores a shift shared by all keys), so
            // round-off (≤ 1.4e-16) is all they get: the floor 0.1 (the largest gradient is ~1,
            // every other tensor's largest is ≥ 9.6e-2) compares them on an absolute 1e-15.
            let want = &single[k + 1];
            let scale = want.iter().fold(1e-1f64, |m, v| m.max(v.abs()));
            let err = total
                .iter()
                .zip(want)
                .fold(0.0f64, |m, (a, b)| m.max((a - b).abs()))
                / scale;
            assert!(
                err <= 1e-14,
                "{kind:?} gradient of {path}: relative error {err:e}"
            );
        }
    }
}
