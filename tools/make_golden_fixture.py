#!/usr/bin/env python3
"""Whole-model golden fixture (llm.c's test_gpt2.c in spirit), computed with JAX/flax + optax in float64.

The tiny two-tower model of `siglip::reference_programs::tiny_model_config()` (src/reference_programs.rs), written here
independently in flax the way big_vision writes it (`models/vit.py`, `proj/image_text/text_transformer.py`,
`two_towers.py`): ViT with a stride-p conv patch embedding, learned position embedding, pre-LN encoder
blocks (flax LayerNorm eps 1e-6, flax MultiHeadDotProductAttention, MLP with tanh-GELU), final LayerNorm,
MAP head, no image projection; text tower with token + position embedding, the same encoder, last-token
pooling and a Dense head; `t` (= t', t = exp(t')) and `b` scalars. Loss: embeddings normalised as
`z / (‖z‖ + 1e-8)`, `−(1/|B|) Σ_ij log σ(z_ij (t·x̂_i·ŷ_j + b))`, z = +1 on the diagonal, −1 elsewhere.

Parameters are keyed by flax's own module paths joined with "/" (these are the Rust model's paths; the
Rust test checks that the two sets of paths and shapes are equal). Every parameter gets random non-zero
values (no zero biases, LayerNorm scales ≠ 1) so that a wrong or swapped weight shows.

Three optimizer steps, one fresh batch each, with the optax chain

    clip_by_global_norm(CLIP) → scale_by_adam(B1, B2, EPS) → scale(LR)
      → add_decayed_weights(WD, mask = path ends in "/kernel") → scale_by_schedule(SCHED[step]) → scale(−1)

i.e. `p ← p − sched·(lr·u + wd·p)` on kernels (big_vision's convention: decay not multiplied by lr, as in
src/optim/mod.rs), `p ← p − sched·lr·u` elsewhere. CLIP lies between the first two steps' gradient norms, so that
step 0 is clipped and step 1 is not (asserted). The chain is checked against a plain numpy re-implementation,
and jax.grad of the flax model against central finite differences along a random direction.
Committed file: B = 8, lr 1e-2, wd 1e-3, Adam(0.9, 0.95, 1e-8), sched 1, 0.5, 0.25, clip 17.3894; gradient
norms 18.38 (clipped), 16.40, 9.73; loss 4.1182224404683 at the start.

A second trajectory from the same parameters and batches trains with the image tower frozen (SigLiT: frozen
parameters get no gradient, clipping, optimizer state or decay), with its own CLIP chosen the same way; it also
records the frozen tower's image embeddings of each batch (what SigLiT's embedding shards feed the step).
Committed: clip 9.68237; gradient norms 10.42 (clipped), 8.945, 4.449.

Regenerate (not needed by CI; made with Python 3.11, jax/jaxlib 0.10.2, flax 0.12.8, optax 0.2.8, numpy 2.4.6;
a rerun writes a byte-identical file):
    python3 -m venv /opt/jaxvenv && /opt/jaxvenv/bin/pip install jax jaxlib flax optax numpy safetensors
    /opt/jaxvenv/bin/python tools/make_golden_fixture.py
Consumed by tests/golden_two_tower.rs.

Writes tests/fixtures/golden/two_tower.safetensors, all float64 except tokens (int32):
    params/{path}            initial parameters
    images/{step}            [B, 16, 16, 3] in [−1, 1]          (step = 0, 1, 2)
    tokens/{step}            [B, 8] int32 in [0, vocab)
    loss/{step}              loss at the parameters before step `step`, shape []
    grad_norm/{step}         global L2 norm of those gradients (before clipping), shape []
    grads/{path}             gradient of loss/0 at the initial parameters
    after/{path}             parameters after the three steps
    sched                    [3] schedule multiplier per step
    hparams                  [6] lr, wd, clip, b1, b2, eps
    frozen/...               the frozen-image-tower trajectory: loss/{step}, grad_norm/{step}, hparams, and
                             grads/{path}, after/{path} of the trainable (non-`img/`) parameters only
    frozen/image_embeddings/{step}   [B, 16] the image tower's output on images/{step}
"""

import argparse
from pathlib import Path

import jax

jax.config.update("jax_enable_x64", True)
import flax.linen as nn  # noqa: E402
import jax.numpy as jnp  # noqa: E402
import numpy as np  # noqa: E402
import optax  # noqa: E402
from flax.traverse_util import flatten_dict, unflatten_dict  # noqa: E402
from safetensors.numpy import save_file  # noqa: E402

SEED = 20250808
BATCH = 8
STEPS = 3
NORM_EPS = 1e-8
LN_EPS = 1e-6

# siglip::reference_programs::TINY_MODEL_YAML
IMAGE = dict(width=16, depth=2, mlp_dim=32, num_heads=2, patch_size=8, image_size=16)
TEXT = dict(vocab_size=32, max_len=8, width=16, depth=2, mlp_dim=32, num_heads=2, embed_dim=16)

LR, WD, B1, B2, EPS = 1e-2, 1e-3, 0.9, 0.95, 1e-8
SCHED = (1.0, 0.5, 0.25)
FROZEN_PREFIX = "img/"  # SigLiT freezes the image tower


class MlpBlock(nn.Module):
    mlp_dim: int

    @nn.compact
    def __call__(self, x):
        d = x.shape[-1]
        x = nn.Dense(self.mlp_dim)(x)
        x = nn.gelu(x, approximate=True)
        return nn.Dense(d)(x)


class Encoder1DBlock(nn.Module):
    mlp_dim: int
    num_heads: int

    @nn.compact
    def __call__(self, x):
        y = nn.LayerNorm(epsilon=LN_EPS)(x)
        y = nn.MultiHeadDotProductAttention(num_heads=self.num_heads)(y, y)
        x = x + y
        y = nn.LayerNorm(epsilon=LN_EPS)(x)
        return x + MlpBlock(self.mlp_dim)(y)


class Encoder(nn.Module):
    depth: int
    mlp_dim: int
    num_heads: int

    @nn.compact
    def __call__(self, x):
        for i in range(self.depth):
            x = Encoder1DBlock(self.mlp_dim, self.num_heads, name=f"encoderblock_{i}")(x)
        return nn.LayerNorm(epsilon=LN_EPS, name="encoder_norm")(x)


class MAPHead(nn.Module):
    mlp_dim: int
    num_heads: int

    @nn.compact
    def __call__(self, x):
        n, _, d = x.shape
        probe = self.param("probe", nn.initializers.xavier_uniform(), (1, 1, d), x.dtype)
        probe = jnp.tile(probe, [n, 1, 1])
        x = nn.MultiHeadDotProductAttention(num_heads=self.num_heads)(probe, x)
        y = nn.LayerNorm(epsilon=LN_EPS)(x)
        x = x + MlpBlock(self.mlp_dim)(y)
        return x[:, 0]


class ViT(nn.Module):
    width: int
    depth: int
    mlp_dim: int
    num_heads: int
    patch_size: int

    @nn.compact
    def __call__(self, image):
        p = self.patch_size
        x = nn.Conv(self.width, (p, p), strides=(p, p), padding="VALID", name="embedding")(image)
        n, h, w, c = x.shape
        x = jnp.reshape(x, [n, h * w, c])
        x = x + self.param("pos_embedding", nn.initializers.normal(c**-0.5), (1, h * w, c), x.dtype)
        x = Encoder(self.depth, self.mlp_dim, self.num_heads, name="Transformer")(x)
        return MAPHead(self.mlp_dim, self.num_heads, name="MAPHead_0")(x)


class TextTransformer(nn.Module):
    vocab_size: int
    max_len: int
    width: int
    depth: int
    mlp_dim: int
    num_heads: int
    embed_dim: int

    @nn.compact
    def __call__(self, tokens):
        x = nn.Embed(self.vocab_size, self.width, name="Embed_0")(tokens)
        pos = self.param("pos_embedding", nn.initializers.normal(self.width**-0.5),
                         (1, self.max_len, self.width), x.dtype)
        x = x + pos[:, : x.shape[1]]
        x = Encoder(self.depth, self.mlp_dim, self.num_heads, name="Encoder_0")(x)
        x = x[:, -1, :]
        return nn.Dense(self.embed_dim, name="head")(x)


class TwoTowers(nn.Module):
    @nn.compact
    def __call__(self, images, tokens):
        zimg = ViT(**{k: v for k, v in IMAGE.items() if k != "image_size"}, name="img")(images)
        ztxt = TextTransformer(**TEXT, name="txt")(tokens)
        t = self.param("t", nn.initializers.constant(np.log(10.0)), (), jnp.float64)
        b = self.param("b", nn.initializers.constant(-10.0), (), jnp.float64)
        return zimg, ztxt, t, b


MODEL = TwoTowers()


def loss_fn(params, images, tokens):
    zimg, ztxt, t_prime, b = MODEL.apply({"params": params}, images, tokens)
    zimg = zimg / (jnp.linalg.norm(zimg, axis=1, keepdims=True) + NORM_EPS)
    ztxt = ztxt / (jnp.linalg.norm(ztxt, axis=1, keepdims=True) + NORM_EPS)
    logits = zimg @ ztxt.T * jnp.exp(t_prime) + b
    labels = 2.0 * jnp.eye(zimg.shape[0]) - 1.0
    return -jnp.sum(jax.nn.log_sigmoid(labels * logits)) / zimg.shape[0]


def random_params(rng, shapes):
    """Random non-zero values with sensible scales for each kind of parameter."""
    params = {}
    for path, shape in shapes.items():
        name = path.split("/")[-1]
        z = rng.standard_normal(shape)
        if path == "t":
            value = np.log(10.0) + 0.2 * z - 0.3
        elif path == "b":
            value = -5.0 + 0.5 * z
        elif name == "scale":  # LayerNorm
            value = 1.0 + 0.2 * z
        elif name == "bias":
            value = 0.1 * z
        elif name == "kernel":
            # query/key/value kernels are [D, H, Dh]: their input is the first axis only.
            qkv = path.split("/")[-2] in ("query", "key", "value")
            fan_in = shape[0] if qkv else int(np.prod(shape[:-1]))
            value = z / np.sqrt(fan_in)
        else:  # embeddings, position embeddings, probe
            value = z / np.sqrt(shape[-1])
        params[path] = np.asarray(value, dtype=np.float64)
    return params


def random_batch(rng):
    size = IMAGE["image_size"]
    images = rng.uniform(-1.0, 1.0, (BATCH, size, size, 3))
    tokens = rng.integers(0, TEXT["vocab_size"], (BATCH, TEXT["max_len"]), dtype=np.int32)
    return images, tokens


def decay_mask(tree):
    flat = flatten_dict(tree, sep="/")
    return unflatten_dict({k: k.endswith("/kernel") for k in flat}, sep="/")


def optimizer(clip):
    return optax.chain(
        optax.clip_by_global_norm(clip),
        optax.scale_by_adam(b1=B1, b2=B2, eps=EPS),
        optax.scale(LR),
        optax.add_decayed_weights(WD, mask=decay_mask),
        optax.scale_by_schedule(lambda count: jnp.asarray(SCHED)[count]),
        optax.scale(-1.0),
    )


def numpy_steps(params, grads, clip):
    """The same three updates written out in numpy, independent of optax."""
    p = {k: v.copy() for k, v in params.items()}
    mu = {k: np.zeros_like(v) for k, v in p.items()}
    nu = {k: np.zeros_like(v) for k, v in p.items()}
    for step, g in enumerate(grads):
        norm = np.sqrt(sum(np.sum(np.square(v)) for v in g.values()))
        scale = clip / norm if norm > clip else 1.0
        count = step + 1
        for k in p:
            gk = g[k] * scale
            mu[k] = B1 * mu[k] + (1 - B1) * gk
            nu[k] = B2 * nu[k] + (1 - B2) * gk * gk
            u = (mu[k] / (1 - B1**count)) / (np.sqrt(nu[k] / (1 - B2**count)) + EPS)
            decay = WD * p[k] if k.endswith("/kernel") else 0.0
            p[k] = p[k] - SCHED[step] * (LR * u + decay)
    return p


def frozen_trajectory(flat, batches):
    """Three steps with the image tower frozen: gradients, clip norm, Adam state and decay over the trainable
    parameters only. Returns the fixture's `frozen/...` tensors (without the prefix)."""
    trainable = {k: v for k, v in flat.items() if not k.startswith(FROZEN_PREFIX)}
    fixed = {k: v for k, v in flat.items() if k.startswith(FROZEN_PREFIX)}

    def trainable_loss(p, images, tokens):
        return loss_fn(unflatten_dict({**flatten_dict(p, sep="/"), **fixed}, sep="/"), images, tokens)

    value_and_grad = jax.jit(jax.value_and_grad(trainable_loss))

    def run(clip):
        tx = optimizer(clip)
        p = unflatten_dict(trainable, sep="/")
        state = tx.init(p)
        losses, norms, grads = [], [], []
        for images, tokens in batches:
            loss, g = value_and_grad(p, images, tokens)
            losses.append(float(loss))
            norms.append(float(optax.global_norm(g)))
            grads.append({k: np.asarray(v) for k, v in flatten_dict(g, sep="/").items()})
            updates, state = tx.update(g, state, p)
            p = optax.apply_updates(p, updates)
        return losses, norms, grads, {k: np.asarray(v) for k, v in flatten_dict(p, sep="/").items()}

    _, probe_norms, _, _ = run(1e9)
    clip = float(np.float32(0.5 * (probe_norms[0] + probe_norms[1])))
    losses, norms, grads, after = run(clip)
    clipped = [n > clip for n in norms]
    print(f"frozen image tower: clip {clip:.6g}; grad norms {[f'{n:.6g}' for n in norms]}; clipped {clipped}")
    assert any(clipped) and not all(clipped), "clipping must be active in some steps only"
    independent = numpy_steps(trainable, grads, clip)
    worst = max(max_rel(after[k] - trainable[k], independent[k] - trainable[k]) for k in trainable)
    print(f"frozen image tower: optax vs numpy, parameter change after {STEPS} steps: max rel {worst:.2e}")
    assert worst <= 1e-10, worst

    params = unflatten_dict(flat, sep="/")
    tensors = {f"grads/{k}": v for k, v in grads[0].items()}
    tensors.update({f"after/{k}": v for k, v in after.items()})
    for step, (images, tokens) in enumerate(batches):
        tensors[f"loss/{step}"] = np.asarray(losses[step])
        tensors[f"grad_norm/{step}"] = np.asarray(norms[step])
        tensors[f"image_embeddings/{step}"] = np.asarray(MODEL.apply({"params": params}, images, tokens)[0])
    tensors["hparams"] = np.asarray([LR, WD, clip, B1, B2, EPS])
    return tensors


def max_rel(a, b):
    return float(np.max(np.abs(a - b)) / max(np.max(np.abs(b)), 1e-300))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path,
                        default=Path(__file__).resolve().parent.parent / "tests/fixtures/golden")
    args = parser.parse_args()
    rng = np.random.default_rng(SEED)

    batches = [random_batch(rng) for _ in range(STEPS)]
    shapes = jax.eval_shape(MODEL.init, jax.random.PRNGKey(0), *batches[0])["params"]
    shapes = {k: tuple(v.shape) for k, v in flatten_dict(shapes, sep="/").items()}
    flat = random_params(rng, shapes)
    params = unflatten_dict(flat, sep="/")
    value_and_grad = jax.jit(jax.value_and_grad(loss_fn))

    # Gradient norms along the trajectory decide the clip: between the norms, so that some steps
    # are clipped and some are not. The trajectory itself depends on the clip, hence the check below.
    def run(clip):
        tx = optimizer(clip)
        state = tx.init(params)
        p = params
        losses, norms, grads = [], [], []
        for images, tokens in batches:
            loss, g = value_and_grad(p, images, tokens)
            losses.append(float(loss))
            norms.append(float(optax.global_norm(g)))
            grads.append({k: np.asarray(v) for k, v in flatten_dict(g, sep="/").items()})
            updates, state = tx.update(g, state, p)
            p = optax.apply_updates(p, updates)
        return losses, norms, grads, {k: np.asarray(v) for k, v in flatten_dict(p, sep="/").items()}

    _, probe_norms, _, _ = run(1e9)
    clip = float(np.float32(0.5 * (probe_norms[0] + probe_norms[1])))
    losses, norms, grads, after = run(clip)
    clipped = [n > clip for n in norms]
    print(f"clip {clip:.6g}; grad norms {[f'{n:.6g}' for n in norms]}; clipped {clipped}")
    assert any(clipped) and not all(clipped), "clipping must be active in some steps only"

    for k, v in after.items():
        assert v.dtype == np.float64, (k, v.dtype)
        assert np.all(v != flat[k]), f"{k}: some value did not move"
    independent = numpy_steps(flat, grads, clip)
    worst = max(max_rel(after[k] - flat[k], independent[k] - flat[k]) for k in flat)
    print(f"optax vs numpy, parameter change after {STEPS} steps: max rel {worst:.2e}")
    assert worst <= 1e-10, worst

    # Central finite differences of the loss along a random direction: the flax model's gradient.
    direction = {k: rng.standard_normal(v.shape) for k, v in flat.items()}
    h = 1e-6
    shifted = lambda s: unflatten_dict({k: flat[k] + s * direction[k] for k in flat}, sep="/")  # noqa: E731
    numeric = (loss_fn(shifted(h), *batches[0]) - loss_fn(shifted(-h), *batches[0])) / (2 * h)
    analytic = sum(np.sum(grads[0][k] * direction[k]) for k in flat)
    print(f"directional derivative: jax.grad {analytic:.12g}, finite differences {float(numeric):.12g}")
    assert abs(analytic - numeric) <= 1e-8 * abs(analytic), (analytic, numeric)

    zero = [k for k, g in grads[0].items() if np.max(np.abs(g)) < 1e-12]
    print(f"{len(flat)} parameters; loss {losses[0]:.15g}; gradients that are round-off only: {zero}")

    frozen = frozen_trajectory(flat, batches)

    tensors = {f"params/{k}": v for k, v in flat.items()}
    tensors.update({f"grads/{k}": v for k, v in grads[0].items()})
    tensors.update({f"after/{k}": v for k, v in after.items()})
    for step, (images, tokens) in enumerate(batches):
        tensors[f"images/{step}"] = images
        tensors[f"tokens/{step}"] = tokens
        tensors[f"loss/{step}"] = np.asarray(losses[step])
        tensors[f"grad_norm/{step}"] = np.asarray(norms[step])
    tensors["sched"] = np.asarray(SCHED)
    tensors["hparams"] = np.asarray([LR, WD, clip, B1, B2, EPS])
    tensors.update({f"frozen/{k}": v for k, v in frozen.items()})
    tensors = {k: np.array(v, order="C") for k, v in tensors.items()}  # ascontiguousarray makes 0-d 1-d
    args.out.mkdir(parents=True, exist_ok=True)
    path = args.out / "two_tower.safetensors"
    save_file(tensors, str(path))
    print(f"wrote {path} ({len(tensors)} tensors, {path.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
