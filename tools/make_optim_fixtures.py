#!/usr/bin/env python3
"""Reference fixtures for the optimizer (src/optim.rs), computed with optax in float64.

Writes tests/fixtures/optim/{adam_clip,lion}.safetensors. A tiny parameter tree with paths
`enc/Dense_0/kernel` [3,4], `enc/Dense_0/bias` [4] and `t` [] takes three optimizer steps:

    u     = optax chain (optional clip_by_global_norm, then scale_by_adam / scale_by_lion), no lr
    p_new = p − sched·(lr·u + wd·p·mask)        mask = 1 for paths ending in "/kernel"

(big_vision's decay convention: wd is *not* multiplied by lr.) Keys, all float64:
    params/{path}                 initial parameters (values exactly representable in f32)
    grads/{step}/{path}           gradient fed at step (f32-representable)
    expected/{step}/{path}        parameters after step+1 updates
    expected_mu/{step}/{path}     first moment after step+1 updates
    expected_nu/{step}/{path}     second moment after step+1 updates (Adam only)
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
# Global gradient norm per step for the clipped config: clipping active, inactive, active.
ADAM_GRAD_NORMS = (3.5, 0.4, 1.7)

CONFIGS = {
    "adam_clip": dict(
        rule="adam", b1=0.9, b2=0.95, eps=1e-8, lr=1e-3, wd=1e-4, clip=1.0, sched=(1.0, 0.5, 0.25)
    ),
    "lion": dict(rule="lion", b1=0.9, b2=0.99, lr=1e-4, wd=1e-7, clip=None, sched=(1.0, 1.0, 1.0)),
}


def f32_representable(x):
    return np.asarray(x, dtype=np.float32).astype(np.float64)


def random_tree(rng, scale=1.0):
    return {path: f32_representable(scale * rng.standard_normal(shape)) for path, shape in SHAPES.items()}


def global_norm(tree):
    return float(np.sqrt(sum(np.sum(np.square(v)) for v in tree.values())))


def make_grads(rng, norms):
    """Random gradients per step; with `norms`, rescaled so the step's global norm is about that."""
    steps = []
    for step in range(STEPS):
        tree = random_tree(rng)
        if norms is not None:
            factor = norms[step] / global_norm(tree)
            tree = {k: f32_representable(v * factor) for k, v in tree.items()}
        steps.append(tree)
    return steps


def optax_run(cfg, params, grads):
    """Per step: (params, mu, nu or None, grad_norm) after the update, via optax."""
    if cfg["rule"] == "adam":
        rule = optax.scale_by_adam(b1=cfg["b1"], b2=cfg["b2"], eps=cfg["eps"])
    else:
        rule = optax.scale_by_lion(b1=cfg["b1"], b2=cfg["b2"])
    parts = ([optax.clip_by_global_norm(cfg["clip"])] if cfg["clip"] is not None else []) + [rule]
    tx = optax.chain(*parts)
    p = {k: jax.numpy.asarray(v) for k, v in params.items()}
    state = tx.init(p)
    out = []
    for step in range(STEPS):
        g = {k: jax.numpy.asarray(v) for k, v in grads[step].items()}
        norm = float(optax.global_norm(g))
        updates, state = tx.update(g, state, p)
        sched = cfg["sched"][step]
        p = {
            k: p[k] - sched * (cfg["lr"] * updates[k] + cfg["wd"] * p[k] * (1.0 if k.endswith("/kernel") else 0.0))
            for k in p
        }
        rule_state = state[-1]
        assert int(rule_state.count) == step + 1
        mu = {k: np.asarray(v, dtype=np.float64) for k, v in rule_state.mu.items()}
        nu = {k: np.asarray(v, dtype=np.float64) for k, v in rule_state.nu.items()} if cfg["rule"] == "adam" else None
        for k in p:
            assert p[k].dtype == np.float64, (k, p[k].dtype)
        out.append(({k: np.asarray(v, dtype=np.float64) for k, v in p.items()}, mu, nu, norm))
    return out


def numpy_run(cfg, params, grads):
    """The same rules written out element by element in numpy, independent of optax."""
    p = {k: v.copy() for k, v in params.items()}
    mu = {k: np.zeros_like(v) for k, v in params.items()}
    nu = {k: np.zeros_like(v) for k, v in params.items()}
    out = []
    for step in range(STEPS):
        count = step + 1
        norm = np.sqrt(sum(float(x) ** 2 for v in grads[step].values() for x in np.ravel(v)))
        scale = 1.0
        if cfg["clip"] is not None and norm > cfg["clip"]:
            scale = cfg["clip"] / norm
        for k in p:
            g = grads[step][k] * scale
            if cfg["rule"] == "adam":
                mu[k] = cfg["b1"] * mu[k] + (1 - cfg["b1"]) * g
                nu[k] = cfg["b2"] * nu[k] + (1 - cfg["b2"]) * g * g
                mu_hat = mu[k] / (1 - cfg["b1"] ** count)
                nu_hat = nu[k] / (1 - cfg["b2"] ** count)
                u = mu_hat / (np.sqrt(nu_hat) + cfg["eps"])
            else:
                u = np.sign(cfg["b1"] * mu[k] + (1 - cfg["b1"]) * g)
                mu[k] = cfg["b2"] * mu[k] + (1 - cfg["b2"]) * g
            decay = cfg["wd"] * p[k] if k.endswith("/kernel") else 0.0
            p[k] = p[k] - cfg["sched"][step] * (cfg["lr"] * u + decay)
        out.append(
            ({k: v.copy() for k, v in p.items()}, {k: v.copy() for k, v in mu.items()},
             {k: v.copy() for k, v in nu.items()} if cfg["rule"] == "adam" else None, norm)
        )
    return out


def max_rel(a, b):
    return float(np.max(np.abs(a - b)) / max(np.max(np.abs(b)), 1e-300))


def make_config(name, cfg, rng):
    params = random_tree(rng)
    grads = make_grads(rng, ADAM_GRAD_NORMS if cfg["clip"] is not None else None)
    reference = optax_run(cfg, params, grads)
    independent = numpy_run(cfg, params, grads)
    tensors = {f"params/{k}": v for k, v in params.items()}
    tensors["sched"] = np.asarray(cfg["sched"], dtype=np.float64)
    for step, ((p, mu, nu, norm), (np_p, np_mu, np_nu, np_norm)) in enumerate(zip(reference, independent)):
        assert abs(norm - np_norm) <= 1e-14 * np_norm, (name, step, norm, np_norm)
        worst = 0.0
        for k in p:
            worst = max(worst, max_rel(p[k], np_p[k]), max_rel(mu[k], np_mu[k]))
            if nu is not None:
                worst = max(worst, max_rel(nu[k], np_nu[k]))
        assert worst <= 1e-13, (name, step, worst)
        # Each step must move every parameter by more than the tolerance the Rust test uses.
        for k in p:
            before = params[k] if step == 0 else reference[step - 1][0][k]
            assert np.min(np.abs(p[k] - before)) > 1e-9 * np.max(np.abs(before)), (name, step, k)
        for k, v in grads[step].items():
            tensors[f"grads/{step}/{k}"] = v
        for k in p:
            tensors[f"expected/{step}/{k}"] = p[k]
            tensors[f"expected_mu/{step}/{k}"] = mu[k]
            if nu is not None:
                tensors[f"expected_nu/{step}/{k}"] = nu[k]
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
        tensors = {k: np.ascontiguousarray(v, dtype=np.float64) for k, v in tensors.items()}
        save_file(tensors, str(args.out / f"{name}.safetensors"))
        print(f"wrote {args.out / (name + '.safetensors')} ({len(tensors)} tensors)")


if __name__ == "__main__":
    main()
