//! The contrastive losses on image/text embeddings: SigLIP's sigmoid loss (single batch, the
//! ring variant that rotates text embeddings around the devices, and the all-gather variant) and
//! CLIP's softmax loss, plus `LossKind` to pick one from a config.
//!
//! Every function takes the raw (unnormalised) embeddings `x` (images, `[n, d]`) and `y` (texts,
//! `[n, d]`) of this replica's local batch and normalises them itself, as big_vision does:
//! `z / (‖z‖ + 1e-8)` (see [`normalize`]). The temperature is `t = exp(t_prime)`; `b` is the bias.
//!
//! Replica convention (pmap style, see `graph::op`): on a graph with D replicas each replica
//! returns its *share* of the loss, and the sum of the shares over replicas is the loss of the
//! global batch of D·n pairs. Differentiate the share (the autodiff sums the objective over
//! replicas); use [`global_loss`] to report the value. With one replica the share is the loss.

use serde::{Deserialize, Serialize};

use crate::graph::{nn, DotDims, Graph, Tensor};
use crate::tensor::DType;

/// The `eps` of big_vision's embedding normalisation `z / (‖z‖ + eps)`.
pub const NORM_EPS: f64 = 1e-8;

/// Which contrastive loss a run trains with.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LossKind {
    /// Sigmoid loss with negatives from the local batch only.
    Sigmoid,
    /// Sigmoid loss over the global batch, text embeddings passed around the device ring.
    SigmoidRing,
    /// Sigmoid loss over the global batch, text embeddings all-gathered to every device.
    SigmoidAllgather,
    /// CLIP's softmax (InfoNCE) loss over the all-gathered global batch.
    Softmax,
}

impl LossKind {
    /// Whether the loss uses the learned bias `b` (the softmax loss does not).
    pub fn uses_bias(self) -> bool {
        !matches!(self, LossKind::Softmax)
    }
}

/// This replica's share of the loss `kind`; `b` is ignored by [`LossKind::Softmax`].
#[track_caller]
pub fn loss(kind: LossKind, x: &Tensor, y: &Tensor, t_prime: &Tensor, b: &Tensor) -> Tensor {
    match kind {
        LossKind::Sigmoid => sigmoid(x, y, t_prime, b),
        LossKind::SigmoidRing => sigmoid_ring(x, y, t_prime, b),
        LossKind::SigmoidAllgather => sigmoid_allgather(x, y, t_prime, b),
        LossKind::Softmax => softmax(x, y, t_prime),
    }
}

/// The loss of the global batch on every replica: the sum of the replicas' shares.
#[track_caller]
pub fn global_loss(share: &Tensor) -> Tensor {
    if share.graph().num_replicas() == 1 {
        share.clone()
    } else {
        share.all_reduce_sum()
    }
}

/// big_vision's embedding normalisation along the last axis: `z / (‖z‖ + 1e-8)`.
#[track_caller]
pub fn normalize(z: &Tensor) -> Tensor {
    nn::l2_normalize(z, NORM_EPS)
}

/// The sigmoid loss `−(1/|B|) Σ_i Σ_j log σ(z_ij (t·x̂_i·ŷ_j + b))` with `z = +1` for the
/// matching pair and −1 otherwise, over this replica's batch only: with D replicas each share is
/// `1/D` of its local loss, so the shares sum to the mean of the local losses (no cross-device
/// negatives). One replica: exactly the paper's loss.
#[track_caller]
pub fn sigmoid(x: &Tensor, y: &Tensor, t_prime: &Tensor, b: &Tensor) -> Tensor {
    let (x_hat, y_hat) = (normalize(x), normalize(y));
    let t = t_prime.exp();
    let logits = similarities(&x_hat, &y_hat, &t) + b;
    let total = positive_block_sum(&logits);
    total * (-1.0 / global_batch(x) as f64)
}

/// The sigmoid loss of the global batch, chunked as in the paper (§3.3): block 0 pairs the local
/// images with the local texts (positives on the diagonal); then, D−1 times, the text embeddings
/// move one device along the ring and the all-negative block is added. Each device only ever
/// holds `n × n` logits. Share: `(1/|B|) Σ` over this replica's n images, `|B| = D·n`.
#[track_caller]
pub fn sigmoid_ring(x: &Tensor, y: &Tensor, t_prime: &Tensor, b: &Tensor) -> Tensor {
    let (x_hat, mut y_hat) = (normalize(x), normalize(y));
    let t = t_prime.exp();
    let mut total = positive_block_sum(&(similarities(&x_hat, &y_hat, &t) + b));
    for _ in 1..x.graph().num_replicas() {
        y_hat = y_hat.ring_shift(1);
        let logits = similarities(&x_hat, &y_hat, &t) + b;
        total = total + nn::log_sigmoid(&logits.neg()).sum_all();
    }
    total * (-1.0 / global_batch(x) as f64)
}

/// The sigmoid loss of the global batch, computed by all-gathering the text embeddings: local
/// images × all D·n texts (an `n × D·n` block, positives at column offset `replica_id·n`).
/// Same share convention as [`sigmoid_ring`]; simpler, but O(n·D·n) memory per device.
#[track_caller]
pub fn sigmoid_allgather(x: &Tensor, y: &Tensor, t_prime: &Tensor, b: &Tensor) -> Tensor {
    let (x_hat, y_all) = (normalize(x), gather_rows(&normalize(y)));
    let t = t_prime.exp();
    let logits = similarities(&x_hat, &y_all, &t) + b;
    let positives = positive_mask(x.graph(), x.dim(0), y_all.dim(0));
    let signs = positives.convert(logits.dtype()) * 2.0 - 1.0;
    let total = nn::log_sigmoid(&(logits * signs)).sum_all();
    total * (-1.0 / global_batch(x) as f64)
}

/// CLIP's softmax loss over the global batch (embeddings all-gathered), both directions
/// averaged: `(CE(t·X̂Ŷᵀ, diag) + CE(t·ŶX̂ᵀ, diag)) / 2`, mean over the |B| = D·n pairs, no bias.
/// Share: the image→text cross-entropies of this replica's images plus the text→image ones of
/// its texts, divided by `2·|B|`.
#[track_caller]
pub fn softmax(x: &Tensor, y: &Tensor, t_prime: &Tensor) -> Tensor {
    let (x_hat, y_hat) = (normalize(x), normalize(y));
    let (x_all, y_all) = (gather_rows(&x_hat), gather_rows(&y_hat));
    let t = t_prime.exp();
    let image_to_text = nn::log_softmax(&similarities(&x_hat, &y_all, &t), 1);
    let text_to_image = nn::log_softmax(&similarities(&y_hat, &x_all, &t), 1);
    let positives = positive_mask(x.graph(), x.dim(0), y_all.dim(0)).convert(x.dtype());
    let total = ((image_to_text + text_to_image) * positives).sum_all();
    total * (-0.5 / global_batch(x) as f64)
}

/// `t · â·b̂ᵀ`: `[n, d] × [m, d] → [n, m]`.
#[track_caller]
fn similarities(a_hat: &Tensor, b_hat: &Tensor, t: &Tensor) -> Tensor {
    let dims = DotDims {
        lhs_contract: vec![1],
        rhs_contract: vec![1],
        ..Default::default()
    };
    a_hat.dot_general(b_hat, dims) * t
}

/// `Σ log σ(z ⊙ logits)` for a square block whose diagonal holds the matching pairs.
#[track_caller]
fn positive_block_sum(logits: &Tensor) -> Tensor {
    let n = logits.dim(0);
    let g = logits.graph();
    let diagonal = g
        .iota(DType::U32, &[n, n], 0)
        .eq(&g.iota(DType::U32, &[n, n], 1));
    let signs = diagonal.convert(logits.dtype()) * 2.0 - 1.0;
    nn::log_sigmoid(&(logits * signs)).sum_all()
}

/// `[rows, cols]` pred mask of the matching pairs when this replica's `rows` local items face the
/// gathered `cols` items: column `row + replica_id·rows`.
#[track_caller]
fn positive_mask(g: &Graph, rows: i64, cols: i64) -> Tensor {
    let own_rows = g.iota(DType::U32, &[rows, cols], 0);
    let own_rows = if g.num_replicas() == 1 {
        own_rows
    } else {
        own_rows + g.replica_id() * rows as f64
    };
    g.iota(DType::U32, &[rows, cols], 1).eq(&own_rows)
}

/// Every replica's rows, in replica order (the value itself on one replica).
#[track_caller]
fn gather_rows(z: &Tensor) -> Tensor {
    if z.graph().num_replicas() == 1 {
        z.clone()
    } else {
        z.all_gather(0)
    }
}

/// |B|: the number of pairs over all replicas.
fn global_batch(x: &Tensor) -> i64 {
    x.dim(0) * x.graph().num_replicas() as i64
}
