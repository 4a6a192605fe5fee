#!/usr/bin/env python3
"""Reference fixtures for the contrastive losses, computed with JAX in float64.

Writes tests/fixtures/loss/sigmoid.safetensors and tests/fixtures/loss/softmax.safetensors with keys
`{case}/{x,y,t_prime,b,loss,grad_x,grad_y,grad_t_prime,grad_b}` (softmax: no b / grad_b), all float64;
scalars have shape []. x and y are raw (unnormalised) embeddings [B, D].

Sigmoid loss (big_vision semantics):
    x̂ = x / (||x|| + 1e-8), ŷ likewise; logits = exp(t') x̂ ŷᵀ + b; z = 2·I − 1
    loss = −Σ_ij log σ(z_ij · logits_ij) / B
Softmax (CLIP / InfoNCE) loss, both directions averaged:
    logits = exp(t') x̂ ŷᵀ; loss = (CE(logits, arange) + CE(logitsᵀ, arange)) / 2, CE averaged over the batch
Every jax.grad result is checked against central finite differences in numpy.

It also writes tests/fixtures/npz/tiny.npz (+ expected.json): a miniature big_vision checkpoint, i.e.
`np.savez` of a flat dict whose keys are parameter paths joined with "/", with one ml_dtypes bfloat16
array (numpy has no bf16, so its .npy header says `'descr': '<V2'`: raw 2-byte void).
"""

import argparse
import ast
import json
import zipfile
from pathlib import Path

import jax

jax.config.update("jax_enable_x64", True)
import jax.numpy as jnp  # noqa: E402
import ml_dtypes  # noqa: E402
import numpy as np  # noqa: E402
from safetensors.numpy import load_file, save_file  # noqa: E402

NORM_EPS = 1e-8
BATCH, DIM = 8, 16
SEED = 1234

CASES = {
    # The paper's initialisation: almost every pair is a confident negative.
    "init": dict(t_prime=float(np.log(10.0)), b=-10.0),
    # Mid-training-like values where positives and negatives both contribute.
    "mid": dict(t_prime=2.0, b=-3.0),
}


def _normalise(z):
    return z / (jnp.linalg.norm(z, axis=-1, keepdims=True) + NORM_EPS)


def sigmoid_loss(x, y, t_prime, b):
    logits = jnp.exp(t_prime) * _normalise(x) @ _normalise(y).T + b
    labels = 2.0 * jnp.eye(x.shape[0]) - 1.0
    return -jnp.sum(jax.nn.log_sigmoid(labels * logits)) / x.shape[0]


def softmax_loss(x, y, t_prime):
    logits = jnp.exp(t_prime) * _normalise(x) @ _normalise(y).T
    image_to_text = -jnp.mean(jnp.diag(jax.nn.log_softmax(logits, axis=1)))
    text_to_image = -jnp.mean(jnp.diag(jax.nn.log_softmax(logits, axis=0)))
    return (image_to_text + text_to_image) / 2.0


def finite_difference(fn, args, index, step=1e-6):
    """Central differences of scalar fn w.r.t. args[index] (array or scalar), in numpy float64."""
    base = np.asarray(args[index], dtype=np.float64)
    grad = np.zeros_like(base)
    for pos in np.ndindex(base.shape):
        shifted = []
        for sign in (1.0, -1.0):
            value = base.copy()
            value[pos] += sign * step
            call = list(args)
            call[index] = value
            shifted.append(float(fn(*call)))
        grad[pos] = (shifted[0] - shifted[1]) / (2.0 * step)
    return grad


def make_cases(loss_fn, arg_names, rng):
    tensors = {}
    for case, scalars in CASES.items():
        x = rng.standard_normal((BATCH, DIM))
        y = rng.standard_normal((BATCH, DIM))
        # Give a few pairs a shared component so the diagonal differs from the off-diagonal entries.
        y[: BATCH // 2] += 1.5 * x[: BATCH // 2]
        values = dict(x=x, y=y, **{k: np.float64(v) for k, v in scalars.items()})
        args = [values[n] for n in arg_names]
        loss = loss_fn(*args)
        grads = jax.grad(loss_fn, argnums=tuple(range(len(args))))(*args)
        for name, arg, grad in zip(arg_names, args, grads):
            numeric = finite_difference(loss_fn, args, arg_names.index(name))
            err = np.max(np.abs(np.asarray(grad) - numeric))
            assert err < 1e-6 * max(1.0, np.max(np.abs(numeric))), f"{case}: grad_{name} FD mismatch {err}"
            tensors[f"{case}/grad_{name}"] = np.asarray(grad, dtype=np.float64)
        for name, arg in zip(arg_names, args):
            tensors[f"{case}/{name}"] = np.asarray(arg, dtype=np.float64)
        tensors[f"{case}/loss"] = np.asarray(loss, dtype=np.float64)
        print(f"  {case}: loss = {float(loss):.12f}, grad_t_prime = {float(tensors[f'{case}/grad_t_prime']):.6f}"
              + (f", grad_b = {float(tensors[f'{case}/grad_b']):.6f}" if "b" in arg_names else ""))
    return tensors


def check_against_numpy_sigmoid(tensors):
    """A second, loop-free numpy evaluation of the sigmoid loss value (guards the JAX formula itself)."""
    for case in CASES:
        x, y = tensors[f"{case}/x"], tensors[f"{case}/y"]
        xn = x / (np.linalg.norm(x, axis=1, keepdims=True) + NORM_EPS)
        yn = y / (np.linalg.norm(y, axis=1, keepdims=True) + NORM_EPS)
        logits = np.exp(tensors[f"{case}/t_prime"]) * xn @ yn.T + tensors[f"{case}/b"]
        total = 0.0
        for i in range(BATCH):
            for j in range(BATCH):
                z = 1.0 if i == j else -1.0
                total += np.log1p(np.exp(-z * logits[i, j]))
        assert abs(total / BATCH - tensors[f"{case}/loss"]) < 1e-12


def npy_header(raw: bytes) -> dict:
    """The dict literal in a version 1.0 .npy header."""
    assert raw[:8] == b"\x93NUMPY\x01\x00", raw[:8]
    length = int.from_bytes(raw[8:10], "little")
    return ast.literal_eval(raw[10:10 + length].decode("latin1"))


def write_npz_fixture(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    arrays = {
        "params/img/embedding/kernel": np.array([[0.0, 1.5, -2.25], [3.125, -4.0, 1024.5]], dtype=np.float32),
        "params/img/head/bias": np.array([1.0, -2.5, 0.15625, 3.0], dtype=ml_dtypes.bfloat16),
        "opt/count": np.array([7, -1, 2147483647], dtype=np.int32),
        "params/t": np.array(2.302585092994046, dtype=np.float32),  # 0-d: header shape ()
    }
    path = out / "tiny.npz"
    np.savez(path, **arrays)

    expected = {}
    with zipfile.ZipFile(path) as archive:
        for key, array in arrays.items():
            info = archive.getinfo(key + ".npy")
            assert info.compress_type == zipfile.ZIP_STORED
            header = npy_header(archive.read(info))
            entry = {
                "npy_descr": header["descr"],
                "shape": list(array.shape),
                "fortran_order": header["fortran_order"],
                "dtype": str(array.dtype),
                "values": [int(v) if array.dtype.kind == "i" else float(v)
                           for v in array.reshape(-1)],
            }
            if array.dtype == ml_dtypes.bfloat16:
                entry["bits_u16"] = [int(v) for v in array.view(np.uint16).reshape(-1)]
            expected[key] = entry
            print(f"  {key}: descr {header['descr']!r} shape {header['shape']}")
    loaded = np.load(path)
    for key, array in arrays.items():
        assert loaded[key].tobytes() == array.tobytes()
    (out / "expected.json").write_text(json.dumps(expected, indent=1) + "\n")
    print(f"{path}: {path.stat().st_size} bytes")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    default_out = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "loss"
    parser.add_argument("--out", type=Path, default=default_out)
    parser.add_argument("--npz-out", type=Path, default=default_out.parent / "npz")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(SEED)

    print("sigmoid:")
    sigmoid = make_cases(sigmoid_loss, ["x", "y", "t_prime", "b"], rng)
    check_against_numpy_sigmoid(sigmoid)
    print("softmax:")
    softmax = make_cases(softmax_loss, ["x", "y", "t_prime"], rng)

    for name, tensors in (("sigmoid", sigmoid), ("softmax", softmax)):
        path = args.out / f"{name}.safetensors"
        save_file(tensors, str(path))
        loaded = load_file(str(path))
        assert loaded.keys() == tensors.keys()
        assert all(v.dtype == np.float64 and np.array_equal(v, tensors[k]) for k, v in loaded.items())
        print(f"{path}: {path.stat().st_size} bytes, {len(loaded)} tensors")

    print("npz:")
    write_npz_fixture(args.npz_out)


if __name__ == "__main__":
    main()
