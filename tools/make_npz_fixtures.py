#!/usr/bin/env python3
"""Writes big_vision-layout .npz checkpoints of a tiny two-tower model, and Fortran-order arrays.

tests/fixtures/npz/
  big_vision_loop.npz  the model as big_vision saves it with scan=False: `params/img/...`,
                       `params/txt/...`, and `params/t`, `params/b` with shape (1,) as big_vision
                       keeps them; plus optimizer entries (`opt/...`) that an import must skip.
  big_vision_scan.npz  the same values with scan=True: every `encoderblock_{i}/X` stacked into
                       `encoderblock/X` along a new leading depth axis (big_vision's
                       `pyloop_to_scan`); one stacked kernel is stored in Fortran order.
  fortran.npz          Fortran-order arrays whose C-order values are known:
                       `t2x3` = arange(6).reshape(2, 3).T (f32, shape (3, 2)),
                       `f3d` = asfortranarray(arange(24).reshape(2, 3, 4)) (f64),
                       `i2d` = arange(6, dtype=int32).reshape(3, 2).T.

The names below are written from big_vision's module names (vit.py, two_towers.py,
text_transformer.py), independently of the Rust code. Needs only numpy; seeded, so re-running
gives the same arrays.

    python3 tools/make_npz_fixtures.py
"""

from pathlib import Path

import numpy as np

OUT = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "npz"

# Tiny two-tower model: the Rust test builds the same config.
WIDTH, MLP, HEADS, DEPTH = 8, 16, 2, 2
PATCH, IMAGE = 4, 8
VOCAB, MAX_LEN, EMBED = 11, 4, 8


def block_shapes():
    d, h, m = WIDTH, HEADS, MLP
    shapes = {
        "LayerNorm_0/scale": (d,),
        "LayerNorm_0/bias": (d,),
        "LayerNorm_1/scale": (d,),
        "LayerNorm_1/bias": (d,),
        "MlpBlock_0/Dense_0/kernel": (d, m),
        "MlpBlock_0/Dense_0/bias": (m,),
        "MlpBlock_0/Dense_1/kernel": (m, d),
        "MlpBlock_0/Dense_1/bias": (d,),
    }
    for name in ("query", "key", "value"):
        shapes[f"MultiHeadDotProductAttention_0/{name}/kernel"] = (d, h, d // h)
        shapes[f"MultiHeadDotProductAttention_0/{name}/bias"] = (h, d // h)
    shapes["MultiHeadDotProductAttention_0/out/kernel"] = (h, d // h, d)
    shapes["MultiHeadDotProductAttention_0/out/bias"] = (d,)
    return shapes


def map_head_shapes():
    shapes = {"probe": (1, 1, WIDTH)}
    for key, shape in block_shapes().items():
        if key.startswith(("MultiHeadDotProductAttention_0", "MlpBlock_0", "LayerNorm_0")):
            shapes[key] = shape
    return shapes


def model_shapes():
    shapes = {
        "img/embedding/kernel": (PATCH, PATCH, 3, WIDTH),
        "img/embedding/bias": (WIDTH,),
        "img/pos_embedding": (1, (IMAGE // PATCH) ** 2, WIDTH),
        "txt/Embed_0/embedding": (VOCAB, WIDTH),
        "txt/pos_embedding": (1, MAX_LEN, WIDTH),
        "txt/head/kernel": (WIDTH, EMBED),
        "txt/head/bias": (EMBED,),
        "t": (1,),
        "b": (1,),
    }
    for encoder in ("img/Transformer", "txt/Encoder_0"):
        for i in range(DEPTH):
            for key, shape in block_shapes().items():
                shapes[f"{encoder}/encoderblock_{i}/{key}"] = shape
        shapes[f"{encoder}/encoder_norm/scale"] = (WIDTH,)
        shapes[f"{encoder}/encoder_norm/bias"] = (WIDTH,)
    for key, shape in map_head_shapes().items():
        shapes[f"img/MAPHead_0/{key}"] = shape
    return shapes


def scan_stacked(params):
    """big_vision's pyloop_to_scan on a flat dict."""
    out, stacked = {}, {}
    for key, value in params.items():
        parts = key.split("/")
        blocks = [i for i, p in enumerate(parts) if p.startswith("encoderblock_")]
        if not blocks:
            out[key] = value
            continue
        i = blocks[0]
        layer = int(parts[i].split("_")[1])
        stacked_key = "/".join(parts[:i] + ["encoderblock"] + parts[i + 1 :])
        stacked.setdefault(stacked_key, {})[layer] = value
    for key, layers in stacked.items():
        out[key] = np.stack([layers[i] for i in range(len(layers))])
    return out


def main():
    rng = np.random.default_rng(20240811)
    params = {
        key: rng.normal(0.0, 0.3, size=shape).astype(np.float32)
        for key, shape in sorted(model_shapes().items())
    }
    params["t"] = np.array([np.log(10.0)], np.float32)
    params["b"] = np.array([-10.0], np.float32)
    optimizer = {"opt/count": np.array(7, np.int32), "opt/mu/t": np.zeros((1,), np.float32)}

    OUT.mkdir(parents=True, exist_ok=True)
    loop = {f"params/{k}": v for k, v in params.items()} | optimizer
    np.savez(OUT / "big_vision_loop.npz", **loop)

    scan = {f"params/{k}": v for k, v in scan_stacked(params).items()} | optimizer
    fortran_key = "params/img/Transformer/encoderblock/MlpBlock_0/Dense_0/kernel"
    scan[fortran_key] = np.asfortranarray(scan[fortran_key])
    assert scan[fortran_key].flags.f_contiguous and not scan[fortran_key].flags.c_contiguous
    assert scan[fortran_key].shape == (DEPTH, WIDTH, MLP)
    np.savez(OUT / "big_vision_scan.npz", **scan)

    fortran = {
        "t2x3": np.arange(6, dtype=np.float32).reshape(2, 3).T,
        "f3d": np.asfortranarray(np.arange(24, dtype=np.float64).reshape(2, 3, 4)),
        "i2d": np.arange(6, dtype=np.int32).reshape(3, 2).T,
    }
    for key, value in fortran.items():
        assert value.flags.f_contiguous and not value.flags.c_contiguous, key
    np.savez(OUT / "fortran.npz", **fortran)

    # The archives hold what was meant: Fortran flags where expected, (1,) scalars.
    with np.load(OUT / "big_vision_scan.npz") as z:
        assert z["params/t"].shape == (1,)
        assert z[fortran_key].flags.f_contiguous
    print("wrote", *(p.name for p in sorted(OUT.glob("*.npz"))))


if __name__ == "__main__":
    main()
