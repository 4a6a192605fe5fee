#!/usr/bin/env python3
"""Reference fixtures for the optimizers (src/optim/), computed with optax in float64.

Writes tests/fixtures/optim/{adam_clip,lion,adafactor,sgd_momentum,adamw}.safetensors. A tiny
parameter tree (paths like `enc/Dense_0/kernel`) takes three optimizer steps:

    big_vision convention (adam_clip, lion, adafactor, sgd_momentum):
        u     = optax chain (optional clip_by_global_norm, then the rule), no lr
        p_new = p − sched·(lr·u + wd·p·mask)       mask = 1 for paths ending in "/kernel"
    lr-scaled convention (adamw): optax.adamw(lr·sched[count], weight_decay=wd, mask=kernels)
        p_new = p − lr·sched·(u + wd·p·mask)

adafactor is big_vision's `scale_by_adafactor` (optax scale_by_factored_rms with the capped
decay, clip_by_block_rms, ema without debiasing; the momentum kept in float64 here), with
min_dim_size_to_factor = 3 so that the small tree has factored (2-D, 3-D, square) and unfactored
parameters. Keys, all float64:
    params/{path}                 initial parameters (values exactly representable in f32)
    grads/{step}/{path}           gradient fed at step (f32-representable)
    expected/{step}/{path}        parameters after step+1 updates
    expected_{slot}/{step}/{path} optimizer state slot after step+1 updates (only the
                                  parameters that have that slot: Adafactor's v_row/v_col for
                                  factored ones, v for the others)
    grad_norm/{step}              global L2 norm of grads/{step} before clipping, shape []
    sched                         schedule multiplier per step, shape [3]
Every optax result is asserted against a plain numpy re-implementation of the same rules.
"""

import argparse
from pathlib import Path

import jax

jax.config.update("jax_enable_x64", True)
import numpy as np  # noqa: E402
import optax  # noqa: E402
from safetensors.numpy import save_file  # noqa: E402

SEED = 20240611
STEPS = 3
SHAPES = {"enc/Dense_0/kernel": (3, 4), "enc/Dense_0/bias": (4,), "t": ()}
# Adafactor: factored 2-D (d1=0, d0=1), factored 3-D (d1=2, d0=0), factored square, unfactored
# 2-D (second-largest axis 2 < 3), 1-D and scalar.
ADAFACTOR_SHAPES = {
    "enc/Dense_0/kernel": (3, 4),
    "enc/conv/kernel": (5, 3, 4),
    "enc/square/kernel": (4, 4),
    "enc/thin/kernel": (2, 5),
    "enc/Dense_0/bias": (4,),
    "t": (),
}
# Global gradient norm per step for the clipped config: clipping active, inactive, active.
ADAM_GRAD_NORMS = (3.5, 0.4, 1.7)
ADAFACTOR = dict(min_dim_size_to_factor=3, decay_rate=0.8, decay_offset=0, beta2_cap=0.999,
                 clipping_threshold=0.9, momentum=0.9, eps=1e-30)

CONFIGS = {
    "adam_clip": dict(
        rule="adam", b1=0.9, b2=0.95, eps=1e-8, lr=1e-3, wd=1e-4, clip=1.0, sched=(1.0, 0.5, 0.25)
    ),
    "lion": dict(rule="lion", b1=0.9, b2=0.99, lr=1e-4, wd=1e-7, clip=None, sched=(1.0, 1.0, 1.0)),
    "adafactor": dict(rule="adafactor", **ADAFACTOR, lr=1e-3, wd=1e-4, clip=None,
                      sched=(1.0, 0.5, 0.25), shapes=ADAFACTOR_SHAPES),
    "sgd_momentum": dict(rule="sgd", momentum=0.9, lr=1e-2, wd=0.0, clip=None, sched=(1.0, 0.5, 0.25)),
    "adamw": dict(rule="adamw", b1=0.9, b2=0.999, eps=1e-8, lr=1e-3, wd=1e-2, clip=None,
                  sched=(1.0, 0.5, 0.25)),
}
# Which state slots each rule keeps (named as src/optim/ names them) and optax's field for each.
SLOTS = {
    "adam": {"mu": "mu", "nu": "nu"},
    "adamw": {"mu": "mu", "nu": "nu"},
    "lion": {"mu": "mu"},
    "sgd": {"trace": "trace"},
    "adafactor": {"v_row": "v_row", "v_col": "v_col", "v": "v", "ema": "ema"},
}


def f32_representable(x):
    return np.asarray(x, dtype=np.float32).astype(np.float64)


def random_tree(rng, shapes, scale=1.0):
    return {path: f32_representable(scale * rng.standard_normal(shape)) for path, shape in shapes.items()}


def global_norm(tree):
    return float(np.sqrt(sum(np.sum(np.square(v)) for v in tree.values())))


def make_grads(rng, shapes, norms):
    """Random gradients per step; with `norms`, rescaled so the step's global norm is about that."""
    steps = []
    for step in range(STEPS):
        tree = random_tree(rng, shapes)
        if norms is not None:
            factor = norms[step] / global_norm(tree)
            tree = {k: f32_representable(v * factor) for k, v in tree.items()}
        steps.append(tree)
    return steps


def factored_dims(shape, cfg):
    """optax `_factored_dims`: (d1, d0) = axes of the second-largest and largest sizes."""
    if len(shape) < 2:
        return None
    order = np.argsort(shape)
    if shape[order[-2]] < cfg["min_dim_size_to_factor"]:
        return None
    return int(order[-2]), int(order[-1])


def has_slot(cfg, slot, shape):
    if cfg["rule"] != "adafactor":
        return True
    factored = factored_dims(shape, cfg) is not None
    return {"v_row": factored, "v_col": factored, "v": not factored, "ema": True}[slot]


def is_kernel(path):
    return path.endswith("/kernel")


def adafactor_tx(cfg):
    """big_vision's optax.big_vision.scale_by_adafactor, momentum accumulated in float64."""
    def decay_rate_fn(i, exponent):
        t = jax.numpy.array(i, jax.numpy.float32) + 1.0
        return jax.numpy.minimum(cfg["beta2_cap"], 1.0 - t ** (-exponent))

    return optax.chain(
        optax.scale_by_factored_rms(
            factored=True, decay_rate=cfg["decay_rate"], step_offset=cfg["decay_offset"],
            min_dim_size_to_factor=cfg["min_dim_size_to_factor"], epsilon=cfg["eps"],
            decay_rate_fn=decay_rate_fn),
        optax.clip_by_block_rms(cfg["clipping_threshold"]),
        optax.ema(cfg["momentum"], debias=False, accumulator_dtype=jax.numpy.float64),
    )


def optax_run(cfg, params, grads):
    """Per step: (params, {slot: {path: value}}, grad_norm) after the update, via optax."""
    sched = jax.numpy.asarray(cfg["sched"], dtype=jax.numpy.float64)
    if cfg["rule"] == "adamw":
        mask = {k: is_kernel(k) for k in params}
        tx = optax.adamw(lambda count: cfg["lr"] * sched[count], b1=cfg["b1"], b2=cfg["b2"],
                         eps=cfg["eps"], weight_decay=cfg["wd"], mask=mask)
    else:
        if cfg["rule"] == "adam":
            rule = optax.scale_by_adam(b1=cfg["b1"], b2=cfg["b2"], eps=cfg["eps"])
        elif cfg["rule"] == "lion":
            rule = optax.scale_by_lion(b1=cfg["b1"], b2=cfg["b2"])
        elif cfg["rule"] == "sgd":
            rule = optax.trace(decay=cfg["momentum"])
        else:
            rule = adafactor_tx(cfg)
        parts = ([optax.clip_by_global_norm(cfg["clip"])] if cfg["clip"] is not None else []) + [rule]
        tx = optax.chain(*parts)
    p = {k: jax.numpy.asarray(v) for k, v in params.items()}
    state = tx.init(p)
    out = []
    for step in range(STEPS):
        g = {k: jax.numpy.asarray(v) for k, v in grads[step].items()}
        norm = float(optax.global_norm(g))
        updates, state = tx.update(g, state, p)
        if cfg["rule"] == "adamw":
            p = optax.apply_updates(p, updates)
        else:
            s = cfg["sched"][step]
            p = {k: p[k] - s * (cfg["lr"] * updates[k] + cfg["wd"] * p[k] * (1.0 if is_kernel(k) else 0.0))
                 for k in p}
        slots = {}
        for slot, field in SLOTS[cfg["rule"]].items():
            tree = optax.tree_utils.tree_get(state, field)
            slots[slot] = {k: np.asarray(v, dtype=np.float64) for k, v in tree.items()
                           if has_slot(cfg, slot, params[k].shape)}
        for k in p:
            assert p[k].dtype == np.float64, (k, p[k].dtype)
        out.append(({k: np.asarray(v, dtype=np.float64) for k, v in p.items()}, slots, norm))
    return out


# Whether clip_by_block_rms scaled each (parameter, step)'s update: the fixture must have both.
BLOCK_RMS_CLIPPED = []


def numpy_adafactor(cfg, g, slots, count):
    """One parameter's Adafactor update, written out from big_vision's definition."""
    t = np.float32(count - cfg["decay_offset"] + 1)
    decay = np.minimum(np.float32(cfg["beta2_cap"]), np.float32(1.0) - t ** np.float32(-cfg["decay_rate"]))
    rest = np.float64(np.float32(1.0) - decay)
    decay = np.float64(decay)
    grad_sqr = g * g + cfg["eps"]
    dims = factored_dims(g.shape, cfg)
    if dims is not None:
        d1, d0 = dims
        slots["v_row"] = decay * slots["v_row"] + rest * np.mean(grad_sqr, axis=d0)
        slots["v_col"] = decay * slots["v_col"] + rest * np.mean(grad_sqr, axis=d1)
        reduced_d1 = d1 - 1 if d1 > d0 else d1
        row_col_mean = np.mean(slots["v_row"], axis=reduced_d1, keepdims=True)
        u = (g * np.expand_dims((slots["v_row"] / row_col_mean) ** -0.5, d0)
             * np.expand_dims(slots["v_col"] ** -0.5, d1))
    else:
        slots["v"] = decay * slots["v"] + rest * grad_sqr
        u = g * slots["v"] ** -0.5
    rms = np.sqrt(np.mean(u * u))
    BLOCK_RMS_CLIPPED.append(rms > cfg["clipping_threshold"])
    u = u / max(1.0, rms / cfg["clipping_threshold"])
    slots["ema"] = (1 - cfg["momentum"]) * u + cfg["momentum"] * slots["ema"]
    return slots["ema"]


def numpy_run(cfg, params, grads):
    """The same rules written out element by element in numpy, independent of optax."""
    p = {k: v.copy() for k, v in params.items()}
    state = {k: {} for k in params}
    for k, v in params.items():
        dims = factored_dims(v.shape, cfg) if cfg["rule"] == "adafactor" else None
        for slot in SLOTS[cfg["rule"]]:
            if dims is not None and slot in ("v_row", "v_col"):
                state[k][slot] = np.zeros(np.delete(v.shape, dims[1] if slot == "v_row" else dims[0]))
            elif has_slot(cfg, slot, v.shape):
                state[k][slot] = np.zeros_like(v)
    out = []
    for step in range(STEPS):
        count = step + 1
        norm = np.sqrt(sum(float(x) ** 2 for v in grads[step].values() for x in np.ravel(v)))
        scale = 1.0
        if cfg["clip"] is not None and norm > cfg["clip"]:
            scale = cfg["clip"] / norm
        for k in p:
            g = grads[step][k] * scale
            st = state[k]
            if cfg["rule"] in ("adam", "adamw"):
                st["mu"] = cfg["b1"] * st["mu"] + (1 - cfg["b1"]) * g
                st["nu"] = cfg["b2"] * st["nu"] + (1 - cfg["b2"]) * g * g
                mu_hat = st["mu"] / (1 - cfg["b1"] ** count)
                nu_hat = st["nu"] / (1 - cfg["b2"] ** count)
                u = mu_hat / (np.sqrt(nu_hat) + cfg["eps"])
            elif cfg["rule"] == "lion":
                u = np.sign(cfg["b1"] * st["mu"] + (1 - cfg["b1"]) * g)
                st["mu"] = cfg["b2"] * st["mu"] + (1 - cfg["b2"]) * g
            elif cfg["rule"] == "sgd":
                st["trace"] = g + cfg["momentum"] * st["trace"]
                u = st["trace"]
            else:
                u = numpy_adafactor(cfg, g, st, step)
            decay = cfg["wd"] * p[k] if is_kernel(k) else 0.0
            if cfg["rule"] == "adamw":
                p[k] = p[k] - cfg["lr"] * cfg["sched"][step] * (u + decay)
            else:
                p[k] = p[k] - cfg["sched"][step] * (cfg["lr"] * u + decay)
        slots = {slot: {k: state[k][slot].copy() for k in p if slot in state[k]}
                 for slot in SLOTS[cfg["rule"]]}
        out.append(({k: v.copy() for k, v in p.items()}, slots, norm))
    return out


def max_rel(a, b):
    return float(np.max(np.abs(a - b)) / max(np.max(np.abs(b)), 1e-300))


def make_config(name, cfg, rng):
    shapes = cfg.get("shapes", SHAPES)
    params = random_tree(rng, shapes)
    grads = make_grads(rng, shapes, ADAM_GRAD_NORMS if cfg["clip"] is not None else None)
    reference = optax_run(cfg, params, grads)
    independent = numpy_run(cfg, params, grads)
    tensors = {f"params/{k}": v for k, v in params.items()}
    tensors["sched"] = np.asarray(cfg["sched"], dtype=np.float64)
    for step, ((p, slots, norm), (np_p, np_slots, np_norm)) in enumerate(zip(reference, independent)):
        assert abs(norm - np_norm) <= 1e-14 * np_norm, (name, step, norm, np_norm)
        worst = 0.0
        for k in p:
            worst = max(worst, max_rel(p[k], np_p[k]))
        for slot, tree in slots.items():
            assert tree.keys() == np_slots[slot].keys(), (name, slot)
            for k in tree:
                assert tree[k].shape == np_slots[slot][k].shape, (name, slot, k)
                worst = max(worst, max_rel(tree[k], np_slots[slot][k]))
        assert worst <= 1e-13, (name, step, worst)
        # Each step must move every parameter by more than the tolerance the Rust test uses.
        for k in p:
            before = params[k] if step == 0 else reference[step - 1][0][k]
            assert np.min(np.abs(p[k] - before)) > 1e-9 * np.max(np.abs(before)), (name, step, k)
        for k, v in grads[step].items():
            tensors[f"grads/{step}/{k}"] = v
        for k in p:
            tensors[f"expected/{step}/{k}"] = p[k]
        for slot, tree in slots.items():
            for k, v in tree.items():
                tensors[f"expected_{slot}/{step}/{k}"] = v
        tensors[f"grad_norm/{step}"] = np.asarray(norm, dtype=np.float64)
        if cfg["clip"] is None:
            clipping = "no clipping"
        else:
            clipping = "clipped" if norm > cfg["clip"] else "not clipped"
        print(f"  {name} step {step}: grad_norm = {norm:.6f} ({clipping}), "
              f"optax vs numpy max rel = {worst:.2e}")
    return tensors


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent.parent / "tests/fixtures/optim")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(SEED)
    for name, cfg in CONFIGS.items():
        tensors = make_config(name, cfg, rng)
        if cfg["rule"] == "adafactor":
            print(f"  block-RMS clipping active in {sum(BLOCK_RMS_CLIPPED)} of {len(BLOCK_RMS_CLIPPED)} updates")
            assert 0 < sum(BLOCK_RMS_CLIPPED) < len(BLOCK_RMS_CLIPPED)
        tensors = {k: np.ascontiguousarray(v, dtype=np.float64) for k, v in tensors.items()}
        save_file(tensors, str(args.out / f"{name}.safetensors"))
        print(f"wrote {args.out / (name + '.safetensors')} ({len(tensors)} tensors)")


if __name__ == "__main__":
    main()
