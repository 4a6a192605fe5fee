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

use std::ops::Range;

use serde::{Deserialize, Serialize};

use crate::graph::{grad, nn, DotDims, Graph, GraphError, Module, Tensor};
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

/// A loss on its own, as the loss benchmark, `siglip plan` and the reference programs compile
/// it: parameters `x`, `y` (`[n, d]`), `t_prime` and `b` on `replicas` devices; outputs the
/// global loss, then this replica's share's gradients with respect to `x`, `y`, `t_prime` and
/// (where the loss uses it) `b`: what a train step differentiates.
pub fn loss_and_gradients(
    kind: LossKind,
    replicas: usize,
    n: i64,
    d: i64,
    dtype: DType,
) -> Result<Module, GraphError> {
    let g = Graph::with_replicas(replicas);
    let x = g.parameter("x", dtype, &[n, d]);
    let y = g.parameter("y", dtype, &[n, d]);
    let t_prime = g.parameter("t_prime", dtype, &[]);
    let b = g.parameter("b", dtype, &[]);
    let share = loss(kind, &x, &y, &t_prime, &b);
    let wrt: Vec<&Tensor> = if kind.uses_bias() {
        vec![&x, &y, &t_prime, &b]
    } else {
        vec![&x, &y, &t_prime]
    };
    let grads = grad(&share, &wrt);
    let total = global_loss(&share);
    let mut outputs = vec![&total];
    outputs.extend(grads.iter());
    g.build(&outputs)
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
/// Its gradient is computed with the forward (see [`block`]).
#[track_caller]
pub fn sigmoid(x: &Tensor, y: &Tensor, t_prime: &Tensor, b: &Tensor) -> Tensor {
    let images = Images::new(x);
    let y_hat = normalize(y);
    let t = t_prime.exp();
    let own_texts = x.graph().scalar(0.0, DType::U32);
    let only = block(&images, &y_hat, &t, b, &own_texts, loss_weight(x));
    let sums = Sums::zeros(x).plus(&only, &images, &y_hat, &t, 1);
    sums.share(&images, &normalize(x), &y_hat, t_prime, b)
}

/// How [`sigmoid_ring`] is laid out in the program.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RingForm {
    /// D copies of the step, one after the other: the program grows with D.
    Unrolled,
    /// One `stablehlo.while` running the step D times: the program's size is independent of D.
    Loop,
}

/// The form [`LossKind::SigmoidRing`] uses, on any number of devices: the loop. Its
/// program and XLA's temporaries do not depend on D (`siglip bench loss`: the same
/// temporaries at D = 4 and 64), the CPU plugin compiles it for 64 devices, and one form means
/// one schedule to reason about; the unrolled form stays as the reference the loop is tested
/// against.
pub const RING_FORM: RingForm = RingForm::Loop;

/// The sigmoid loss of the global batch, chunked as in the paper (§3.3): D steps; in each, this
/// device's images meet the texts now here (its own at step 0, positives on the diagonal; then
/// all negatives) and the texts move one device along the ring. Share:
/// `(1/|B|) Σ` over this replica's n images, `|B| = D·n`. Laid out as [`RING_FORM`] says; see
/// [`sigmoid_ring_in`].
#[track_caller]
pub fn sigmoid_ring(x: &Tensor, y: &Tensor, t_prime: &Tensor, b: &Tensor) -> Tensor {
    sigmoid_ring_in(RING_FORM, x, y, t_prime, b)
}

/// [`sigmoid_ring`] in the given form. Each block's gradients are computed right after its
/// logits (a custom VJP, see [`block`]), so no device holds more than one `n × n` block at a
/// time, in the forward or the backward: the gradient of the texts travels around the ring with
/// them (`dy`, accumulated by every device the texts visit) and is home after the D-th shift.
///
/// Memory (XLA's buffers, `siglip bench loss`): besides the block, a step holds the travelling
/// texts and a slice of the block's products at a time: the two gradient sums sit in the output
/// buffers and every slice of a product is added to them in place ([`Sums::plus`]). The texts
/// and their gradient are shifted at the step's end, after the block's last use of them, so
/// that the permutes' new buffers (and the copies back into the loop carry) take memory the
/// block has left.
#[track_caller]
pub fn sigmoid_ring_in(
    form: RingForm,
    x: &Tensor,
    y: &Tensor,
    t_prime: &Tensor,
    b: &Tensor,
) -> Tensor {
    let images = Images::new(x);
    let y_hat = normalize(y);
    let t = t_prime.exp();
    let weight = loss_weight(x);
    let g = x.graph();
    let steps = g.num_replicas();
    let start = RingState {
        sums: Sums::zeros(x),
        y_k: y_hat.clone(),
        match_offset: g.scalar(0.0, DType::U32),
    };
    let end = match form {
        RingForm::Unrolled => (0..steps).fold(start, |state, _| state.step(&images, &t, b, weight)),
        RingForm::Loop => {
            let init = start.carry(&images, &t, b);
            let out = g.while_loop(steps, &init.iter().collect::<Vec<_>>(), |c| {
                let (state, images, t, b) = RingState::from_carry(c);
                state.step(&images, &t, &b, weight).carry(&images, &t, &b)
            });
            RingState::from_carry(&out).0
        }
    };
    end.sums.share(&images, &normalize(x), &y_hat, t_prime, b)
}

/// This replica's images as the blocks use them: the raw embeddings `x` and the reciprocals of
/// their norms `r` (`[n]`), `x̂ = r ⊙ x` row by row. The blocks multiply by `x` itself, an
/// argument of the program, so no normalised copy of the images is held while they run.
struct Images {
    x: Tensor,
    inverse_norm: Tensor,
}

impl Images {
    #[track_caller]
    fn new(x: &Tensor) -> Images {
        Images {
            x: x.clone(),
            inverse_norm: nn::inverse_norm(x, NORM_EPS),
        }
    }
}

/// `v` (`[n]`) broadcast along the rows of an `[n, m]` tensor: row `i` scaled by `v[i]`.
#[track_caller]
fn by_rows(v: &Tensor, m: i64) -> Tensor {
    v.broadcast_in_dim(&[v.dim(0), m], &[0])
}

/// Where the ring stands before a step: the sums so far (`dy` is the gradient of the texts now
/// here), the texts now here, and where their matching pairs are (see [`block`]).
struct RingState {
    sums: Sums,
    y_k: Tensor,
    match_offset: Tensor,
}

impl RingState {
    /// One step: the block of this device's images with the texts now here is added, then the
    /// texts and their gradient move one device on; after it no text is at home.
    #[track_caller]
    fn step(&self, images: &Images, t: &Tensor, b: &Tensor, weight: f64) -> RingState {
        let here = block(images, &self.y_k, t, b, &self.match_offset, weight);
        // On one device there is one block, added to zero sums: nothing to add in place.
        let slices = match t.graph().num_replicas() {
            1 => 1,
            _ => RING_PRODUCT_SLICES,
        };
        let sums = self.sums.plus(&here, images, &self.y_k, t, slices);
        // The texts' gradient, summed in place in the carry, can only be sent to a new buffer:
        // taking it back into the carry by an elementwise op (rather than as the permute's
        // result) lets XLA place that buffer in the block's memory after the block, instead of
        // copying the carry before the block to sum into a new one.
        let dy_moved = sums.dy.ring_shift(1);
        let sums = Sums {
            dy: dy_moved.after(&[&dy_moved]),
            ..sums
        };
        // The texts leave only after the block's last use of them: otherwise XLA may start the
        // permute first and hold the texts twice (the copy the carry needs, and the permute's
        // result) for the whole block.
        let leaving = self.y_k.after(&[&sums.dx_rows, &sums.dy]);
        RingState {
            sums,
            y_k: leaving.ring_shift(1),
            match_offset: self.match_offset.scalar_like(self.y_k.dim(0) as f64),
        }
    }

    /// The loop carry: the state, then the loop-invariant values.
    fn carry(&self, images: &Images, t: &Tensor, b: &Tensor) -> Vec<Tensor> {
        let s = &self.sums;
        [
            &s.loss,
            &s.dx_rows,
            &s.dy,
            &s.db,
            &self.y_k,
            &self.match_offset,
            &images.x,
            &images.inverse_norm,
            t,
            b,
        ]
        .map(Tensor::clone)
        .to_vec()
    }

    /// Inverse of [`RingState::carry`]: (state, images, t, b).
    fn from_carry(c: &[Tensor]) -> (RingState, Images, Tensor, Tensor) {
        let state = RingState {
            sums: Sums {
                loss: c[0].clone(),
                dx_rows: c[1].clone(),
                dy: c[2].clone(),
                db: c[3].clone(),
            },
            y_k: c[4].clone(),
            match_offset: c[5].clone(),
        };
        let images = Images {
            x: c[6].clone(),
            inverse_norm: c[7].clone(),
        };
        (state, images, c[8].clone(), c[9].clone())
    }
}

/// One `n × n` block of the sigmoid loss, `weight · Σ log σ(z ⊙ l)` with logits
/// `l = t·x̂·ŷᵀ + b`, and its gradient block `dl = weight · z ⊙ σ(−z ⊙ l)` (the derivative of
/// `log σ(u)` is `σ(−u)`), computed right away so that the logits die with the block (its
/// products with the texts and the images are added to the sums by [`Sums::plus`]). XLA holds
/// one `n × n` buffer: the logits' product, overwritten by the terms `log σ(z ⊙ l)`, which the
/// loss's sum reads and the gradient block overwrites in turn.
///
/// The products take the raw images: `x̂·ŷᵀ = r ⊙ (x·ŷᵀ)` row by row, and the gradient block
/// kept is `dl ⊙ r`, which gives `dŷ = t·(dl ⊙ r)ᵀ·x` (`= t·dlᵀ·x̂`) and
/// `t·(dl ⊙ r)·ŷ = r ⊙ dx̂` (see [`Sums::dx_rows`]).
///
/// Image `i`'s matching text is column `i + match_offset` (a u32 scalar): 0 when the texts are
/// this device's own, `n` (no column) when they are not. The sign mask is computed from two
/// iotas inside the elementwise loops, never stored; comparing with an offset carried by the
/// ring's loop (rather than scaling a fixed diagonal) keeps XLA from hoisting the mask out of
/// the loop as an `n × n` buffer.
#[track_caller]
fn block(
    images: &Images,
    y_hat: &Tensor,
    t: &Tensor,
    b: &Tensor,
    match_offset: &Tensor,
    weight: f64,
) -> Block {
    let (n, m) = (images.x.dim(0), y_hat.dim(0));
    let logits = similarities(&images.x, y_hat, &by_rows(&(&images.inverse_norm * t), m)) + b;
    let g = logits.graph();
    let positives = g
        .iota(DType::U32, &[n, m], 0)
        .eq(&(g.iota(DType::U32, &[n, m], 1) + match_offset));
    let signs = positives.convert(logits.dtype()) * 2.0 - 1.0;
    let signed = &logits * &signs;
    // σ(−u) = 1 − σ(u) = −expm1(log σ(u)), accurate for every u: from the loss's own terms,
    // so that the logits are read once, into them, and the gradient block can take their
    // place (one n × n buffer: XLA sums the loss from a stored block, see benches/README.md).
    let log_probs = nn::log_sigmoid(&signed);
    let dlogits = signs * log_probs.expm1().neg() * weight;
    let dlogits_rows = dlogits * by_rows(&images.inverse_norm, m);
    // db = Σ dl = Σ_i ‖x_i‖ Σ_j (dl ⊙ r)_ij, as one vector-matrix product: XLA would sum the
    // rows of a stored block through an [n, 128] buffer of partial sums.
    let norms = images.inverse_norm.scalar_like(1.0) / &images.inverse_norm;
    Block {
        loss: log_probs.sum_all() * weight,
        db: norms
            .dot_general(&dlogits_rows, rows_contracted())
            .sum_all(),
        dlogits_rows,
    }
}

/// `aᵀ·b` as a `dot_general`: both operands contracted over their leading axis (the rows).
fn rows_contracted() -> DotDims {
    DotDims {
        lhs_contract: vec![0],
        rhs_contract: vec![0],
        ..Default::default()
    }
}

/// What [`block`] gives: its loss term, `b`'s gradient and the gradient block `dl ⊙ r`.
struct Block {
    loss: Tensor,
    db: Tensor,
    dlogits_rows: Tensor,
}

/// How many slices of columns the ring adds each block's products to its gradient sums in
/// (see [`Sums::plus`]): a slice's product is `1/RING_PRODUCT_SLICES` of an `[n, d]`. Each
/// slice's dots read the whole block again, so more slices cost time for little memory: at 4096
/// pairs per device and d = 512 (benches/README.md), 4 slices hold 78 MiB of temporaries and
/// ran as fast as one, 8 hold 75 MiB and were slower.
pub const RING_PRODUCT_SLICES: usize = 4;

/// `sum` (`[n, d]`) plus a product computed in `slices` slices of its columns:
/// `product(columns, ready)` gives the product's `[n, w]` columns `columns`, and must compute
/// nothing before `ready` exists (its operand made [`Tensor::after`] it), so that each slice's
/// product is made only once the previous one is added and gone. Each is added to its columns
/// of the sum so far by an `update_slice`, which XLA writes over the sum's own buffer: a dot
/// writes a fresh buffer, so a product added whole would exist beside the sum.
#[track_caller]
fn add_by_column_slices(
    sum: &Tensor,
    slices: usize,
    product: impl Fn(Range<i64>, &Tensor) -> Tensor,
) -> Tensor {
    let d = sum.dim(1);
    let slices = (slices as i64).min(d);
    let bounds: Vec<i64> = (0..=slices).map(|k| k * d / slices).collect();
    bounds.windows(2).fold(sum.clone(), |acc, w| {
        let part = acc.slice_axis(1, w[0], w[1]) + product(w[0]..w[1], &acc);
        acc.update_slice(&part, &[0, w[0]])
    })
}

/// The loss and its gradients summed over blocks, except `t'`'s (see [`Sums::share`]).
struct Sums {
    loss: Tensor,
    /// `r ⊙ dx̂` (rows of the gradient with respect to `x̂`, times the images' `1 / ‖x‖`).
    dx_rows: Tensor,
    /// The gradient with respect to the texts of the last block.
    dy: Tensor,
    db: Tensor,
}

impl Sums {
    /// Nothing summed yet, for images `x` (texts of the same shape).
    fn zeros(x: &Tensor) -> Sums {
        let (g, dtype) = (x.graph(), x.dtype());
        let zero = g.scalar(0.0, dtype);
        Sums {
            loss: zero.clone(),
            dx_rows: g.zeros(dtype, x.shape()),
            dy: g.zeros(dtype, x.shape()),
            db: zero,
        }
    }

    /// These sums plus `block`'s, whose texts are `y_hat`: `t·(dl ⊙ r)·ŷ` is added to
    /// `dx_rows` and `t·(dl ⊙ r)ᵀ·x` to `dy`, each in `slices` slices of columns (see
    /// [`add_by_column_slices`]). With nothing to add to (zero sums), 1 slice: XLA drops the
    /// zeros and writes the products straight into the sums' buffers.
    fn plus(
        &self,
        block: &Block,
        images: &Images,
        y_hat: &Tensor,
        t: &Tensor,
        slices: usize,
    ) -> Sums {
        let gradient = &block.dlogits_rows;
        let (dx_rows, dy) = if slices == 1 {
            // Whole products, written by XLA straight into the sums' buffers; in the sliced
            // form's `(xᵀ·(dl ⊙ r))ᵀ` the transpose would need a buffer of its own.
            (
                &self.dx_rows + &(gradient.matmul(y_hat) * t),
                &self.dy + &(gradient.dot_general(&images.x, rows_contracted()) * t),
            )
        } else {
            let images_t = images.x.transpose(&[1, 0]);
            (
                add_by_column_slices(&self.dx_rows, slices, |columns, ready| {
                    let texts = y_hat.slice_axis(1, columns.start, columns.end);
                    gradient.matmul(&texts.after(&[ready])) * t
                }),
                // `(xᵀ·(dl ⊙ r))ᵀ` rather than `(dl ⊙ r)ᵀ·x`: XLA's fast dot kernel takes a
                // transposed right operand but not a transposed left one (it would transpose
                // the block for every slice), and a slice of `xᵀ` is small.
                add_by_column_slices(&self.dy, slices, |columns, ready| {
                    let rows = images_t.slice_axis(0, columns.start, columns.end);
                    (rows.after(&[ready]).matmul(gradient) * t).transpose(&[1, 0])
                }),
            )
        };
        Sums {
            loss: &self.loss + &block.loss,
            dx_rows,
            dy,
            db: &self.db + &block.db,
        }
    }

    /// The loss share with these sums as its gradient with respect to `x̂` (`x_hat`, the
    /// normalised `images`), `ŷ` (`dy` must be the gradient of this replica's own texts), `t'`
    /// and `b`. `t'`'s gradient comes from the images': `Σ dl ⊙ (l − b)` over all blocks is
    /// `Σ x̂ ⊙ dx̂` (as `∂l/∂t' = t·x̂·ŷᵀ`), i.e. `Σ x ⊙ dx_rows`, one `[n, d]` sum instead of
    /// one more `n × n` product per block.
    fn share(
        &self,
        images: &Images,
        x_hat: &Tensor,
        y_hat: &Tensor,
        t_prime: &Tensor,
        b: &Tensor,
    ) -> Tensor {
        let d = images.x.dim(1);
        let dx_hat = &self.dx_rows / &by_rows(&images.inverse_norm, d);
        let dt_prime = (&images.x * &self.dx_rows).sum_all();
        self.loss.with_vjp(&[
            (x_hat, &dx_hat),
            (y_hat, &self.dy),
            (t_prime, &dt_prime),
            (b, &self.db),
        ])
    }
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

/// `t · â·b̂ᵀ`: `[n, d] × [m, d] → [n, m]`, `t` a scalar or `[n, m]`.
#[track_caller]
fn similarities(a_hat: &Tensor, b_hat: &Tensor, t: &Tensor) -> Tensor {
    let dims = DotDims {
        lhs_contract: vec![1],
        rhs_contract: vec![1],
        ..Default::default()
    };
    a_hat.dot_general(b_hat, dims) * t
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

/// The factor of every block's sum in a share: `−1/|B|`.
fn loss_weight(x: &Tensor) -> f64 {
    -1.0 / global_batch(x) as f64
}

/// |B|: the number of pairs over all replicas.
fn global_batch(x: &Tensor) -> i64 {
    x.dim(0) * x.graph().num_replicas() as i64
}
