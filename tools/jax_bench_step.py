#!/usr/bin/env python3
"""BENCH.md's bench-small train step in pure jax.numpy (flax's layouts, optax's maths), to compare
with ours on the same compiler. Not needed by CI; needs jax/jaxlib 0.10.x (e.g. /opt/jaxvenv).

One train step: both towers (ViT with MAP head, text transformer with last-token pooling and a
linear head each), the sigmoid loss, backward, global-norm clip 1.0, Adam (0.9, 0.95, 1e-8),
lr 1e-3, weight decay 1e-4 on kernels in big_vision's convention (p -= sched * (lr*u + wd*p)).

Modes (each prints JSON lines):
  jax_bench_step.py [--plugin SO]
      JAX's own jitted step (parameters and optimizer state donated): compile time, median step.
  jax_bench_step.py --ours OURS.mlir [MORE.mlir ...] [--plugin SO]
      Compiles our step's StableHLO (`siglip bench step --stablehlo-out OURS.mlir`; several
      files to compare variants) and JAX's lowered step through the same client (donation
      stripped from all, same inputs every step), then runs them interleaved one step at a time,
      `--steps` cycles; prints each program's median and its median ratio to JAX's step of the
      same cycle.
  --dump-stablehlo FILE writes JAX's lowered StableHLO text (to diff with ours).
  --plugin SO runs on that PJRT plugin (e.g. the default fastatomstruct CPU plugin) instead of
  jaxlib's own CPU backend. XLA_FLAGS=--xla_dump_to=DIR --xla_dump_hlo_as_text dumps the optimized
  HLO of every program compiled, under either compiler.
"""

import argparse
import json
import math
import re
import statistics
import time

import numpy as np

WIDTH, DEPTH, MLP, HEADS = 192, 4, 768, 3
IMAGE, PATCH, VOCAB, TEXT_LEN, EMBED = 64, 8, 8192, 32, 192
LN_EPS, NORM_EPS = 1e-6, 1e-8
LR, WD, B1, B2, ADAM_EPS, CLIP = 1e-3, 1e-4, 0.9, 0.95, 1e-8, 1.0


def init_params(seed):
    """Flat dict path -> array, paths and shapes as in our model (flax names)."""
    rng = np.random.default_rng(seed)
    params = {}

    def normal(path, shape, std):
        params[path] = (rng.standard_normal(shape) * std).astype(np.float32)

    def xavier(path, shape, fan_in, fan_out):
        limit = math.sqrt(6.0 / (fan_in + fan_out))
        params[path] = rng.uniform(-limit, limit, shape).astype(np.float32)

    def const(path, shape, value):
        params[path] = np.full(shape, value, np.float32)

    def layer_norm(path):
        const(f"{path}/scale", (WIDTH,), 1.0)
        const(f"{path}/bias", (WIDTH,), 0.0)

    def attention(path):
        head_dim = WIDTH // HEADS
        for name in ("query", "key", "value"):
            xavier(f"{path}/{name}/kernel", (WIDTH, HEADS, head_dim), WIDTH, WIDTH)
            const(f"{path}/{name}/bias", (HEADS, head_dim), 0.0)
        xavier(f"{path}/out/kernel", (HEADS, head_dim, WIDTH), WIDTH, WIDTH)
        const(f"{path}/out/bias", (WIDTH,), 0.0)

    def mlp(path):
        xavier(f"{path}/Dense_0/kernel", (WIDTH, MLP), WIDTH, MLP)
        normal(f"{path}/Dense_0/bias", (MLP,), 1e-6)
        xavier(f"{path}/Dense_1/kernel", (MLP, WIDTH), MLP, WIDTH)
        normal(f"{path}/Dense_1/bias", (WIDTH,), 1e-6)

    def encoder(path):
        for i in range(DEPTH):
            block = f"{path}/encoderblock_{i}"
            layer_norm(f"{block}/LayerNorm_0")
            attention(f"{block}/MultiHeadDotProductAttention_0")
            layer_norm(f"{block}/LayerNorm_1")
            mlp(f"{block}/MlpBlock_0")
        layer_norm(f"{path}/encoder_norm")

    fan_in = PATCH * PATCH * 3
    normal("img/embedding/kernel", (PATCH, PATCH, 3, WIDTH), 1 / math.sqrt(fan_in))
    const("img/embedding/bias", (WIDTH,), 0.0)
    normal("img/pos_embedding", (1, (IMAGE // PATCH) ** 2, WIDTH), 1 / math.sqrt(WIDTH))
    encoder("img/Transformer")
    xavier("img/MAPHead_0/probe", (1, 1, WIDTH), 1, WIDTH)
    attention("img/MAPHead_0/MultiHeadDotProductAttention_0")
    layer_norm("img/MAPHead_0/LayerNorm_0")
    mlp("img/MAPHead_0/MlpBlock_0")
    normal("img/head/kernel", (WIDTH, EMBED), 1 / math.sqrt(WIDTH))
    const("img/head/bias", (EMBED,), 0.0)
    normal("txt/Embed_0/embedding", (VOCAB, WIDTH), 1 / math.sqrt(WIDTH))
    normal("txt/pos_embedding", (1, TEXT_LEN, WIDTH), 1 / math.sqrt(WIDTH))
    encoder("txt/Encoder_0")
    normal("txt/head/kernel", (WIDTH, EMBED), 1 / math.sqrt(WIDTH))
    const("txt/head/bias", (EMBED,), 0.0)
    const("t", (), math.log(10.0))
    const("b", (), -10.0)
    return params


def build_step():
    import jax
    import jax.numpy as jnp

    def layer_norm(p, path, x):
        mean = x.mean(-1, keepdims=True)
        var = jnp.square(x - mean).mean(-1, keepdims=True)
        return (x - mean) * jax.lax.rsqrt(var + LN_EPS) * p[f"{path}/scale"] + p[f"{path}/bias"]

    def dense(p, path, x):
        return x @ p[f"{path}/kernel"] + p[f"{path}/bias"]

    def attention(p, path, queries, inputs):
        # flax MultiHeadDotProductAttention: DenseGeneral projections, einsum attention.
        def project(name, x):
            return jnp.einsum("...d,dhk->...hk", x, p[f"{path}/{name}/kernel"]) + p[f"{path}/{name}/bias"]

        q, k, v = project("query", queries), project("key", inputs), project("value", inputs)
        q = q / jnp.sqrt(q.shape[-1]).astype(q.dtype)
        weights = jax.nn.softmax(jnp.einsum("...qhd,...khd->...hqk", q, k), axis=-1)
        attended = jnp.einsum("...hqk,...khd->...qhd", weights, v)
        return jnp.einsum("...hd,hdo->...o", attended, p[f"{path}/out/kernel"]) + p[f"{path}/out/bias"]

    def mlp(p, path, x):
        h = jax.nn.gelu(dense(p, f"{path}/Dense_0", x), approximate=True)
        return dense(p, f"{path}/Dense_1", h)

    def encoder(p, path, x):
        for i in range(DEPTH):
            block = f"{path}/encoderblock_{i}"
            y = layer_norm(p, f"{block}/LayerNorm_0", x)
            x = x + attention(p, f"{block}/MultiHeadDotProductAttention_0", y, y)
            y = layer_norm(p, f"{block}/LayerNorm_1", x)
            x = x + mlp(p, f"{block}/MlpBlock_0", y)
        return layer_norm(p, f"{path}/encoder_norm", x)

    def image_tower(p, images):
        b, grid = images.shape[0], IMAGE // PATCH
        patches = images.reshape(b, grid, PATCH, grid, PATCH, 3).transpose(0, 1, 3, 2, 4, 5)
        patches = patches.reshape(b, grid * grid, PATCH * PATCH * 3)
        kernel = p["img/embedding/kernel"].reshape(PATCH * PATCH * 3, WIDTH)
        x = patches @ kernel + p["img/embedding/bias"] + p["img/pos_embedding"]
        x = encoder(p, "img/Transformer", x)
        probe = jnp.broadcast_to(p["img/MAPHead_0/probe"], (b, 1, WIDTH))
        a = attention(p, "img/MAPHead_0/MultiHeadDotProductAttention_0", probe, x)
        a = a + mlp(p, "img/MAPHead_0/MlpBlock_0", layer_norm(p, "img/MAPHead_0/LayerNorm_0", a))
        return dense(p, "img/head", a[:, 0])

    def text_tower(p, tokens):
        x = jnp.take(p["txt/Embed_0/embedding"], tokens, axis=0) + p["txt/pos_embedding"]
        x = encoder(p, "txt/Encoder_0", x)
        return dense(p, "txt/head", x[:, -1])

    def loss_fn(p, images, tokens):
        x, y = image_tower(p, images), text_tower(p, tokens)
        x = x / (jnp.linalg.norm(x, axis=-1, keepdims=True) + NORM_EPS)
        y = y / (jnp.linalg.norm(y, axis=-1, keepdims=True) + NORM_EPS)
        logits = x @ y.T * jnp.exp(p["t"]) + p["b"]
        n = logits.shape[0]
        labels = 2 * jnp.eye(n, dtype=logits.dtype) - 1
        return -jnp.sum(jax.nn.log_sigmoid(labels * logits)) / n

    def step(params, mu, nu, count, sched, images, tokens):
        loss, grads = jax.value_and_grad(loss_fn)(params, images, tokens)
        grad_norm = jnp.sqrt(sum(jnp.sum(jnp.square(g)) for g in grads.values()))
        clip = CLIP / jnp.maximum(grad_norm, CLIP)
        step_f = (count + 1).astype(jnp.float32)
        new_params, new_mu, new_nu = {}, {}, {}
        for path, g in grads.items():
            g = g * clip
            new_mu[path] = B1 * mu[path] + (1 - B1) * g
            new_nu[path] = B2 * nu[path] + (1 - B2) * g * g
            mu_hat = new_mu[path] / (1 - B1**step_f)
            nu_hat = new_nu[path] / (1 - B2**step_f)
            update = LR * mu_hat / (jnp.sqrt(nu_hat) + ADAM_EPS)
            if path.endswith("/kernel"):
                update = update + WD * params[path]
            new_params[path] = params[path] - sched * update
        return new_params, new_mu, new_nu, count + 1, loss, grad_norm

    return step


def batch(seed, n):
    rng = np.random.default_rng(seed)
    images = rng.uniform(-1, 1, (n, IMAGE, IMAGE, 3)).astype(np.float32)
    tokens = rng.integers(0, VOCAB, (n, TEXT_LEN), dtype=np.int32)
    return images, tokens


TYPE = re.compile(r"tensor<([0-9x]*)(f32|i32|ui32)>")


def main_argument_types(text):
    """The (shape, dtype) of each argument of `@main` in a StableHLO text."""
    header = re.search(r"func\.func public @main\((.*?)\)\s*->", text, re.S).group(1)
    types = []
    for arg in re.finditer(r"%[A-Za-z0-9_]+: (tensor<[^>]*>)", header):
        dims, dtype = TYPE.match(arg.group(1)).groups()
        shape = tuple(int(d) for d in dims.split("x") if d)
        types.append((shape, dtype))
    return types


def strip_donation(text):
    text = re.sub(r"\s*tf\.aliasing_output = \d+ : i32,?", "", text)
    text = re.sub(r"\s*jax\.buffer_donor = true,?", "", text)
    return re.sub(r" \{\s*\}", "", text)


def inputs_for(types, n, seed):
    """Inputs by shape alone, so both programs get the same values whatever their argument
    order: the batch, a zero count and sched 1, small random values for the state."""
    images, tokens = batch(seed, n)
    rng = np.random.default_rng(seed + 1)
    values = []
    for shape, dtype in types:
        if shape == images.shape:
            values.append(images)
        elif shape == tokens.shape and dtype == "i32":
            values.append(tokens)
        elif dtype == "i32":
            values.append(np.zeros(shape, np.int32))
        elif shape == ():
            values.append(np.float32(1.0))
        else:
            values.append((rng.standard_normal(shape) * 0.02).astype(np.float32))
    return values


def run_own_step(args, device):
    import jax

    step = jax.jit(build_step(), donate_argnums=(0, 1, 2, 3))
    params = init_params(0)
    with jax.default_device(device):
        params = {k: jax.device_put(v) for k, v in params.items()}
        mu = {k: jax.numpy.zeros_like(v) for k, v in params.items()}
        nu = {k: jax.numpy.zeros_like(v) for k, v in params.items()}
        count = jax.device_put(np.int32(0))
        sched = jax.device_put(np.float32(1.0))
        images, tokens = batch(0, args.batch)
        start = time.perf_counter()
        compiled = step.lower(params, mu, nu, count, sched, images, tokens).compile()
        compile_s = time.perf_counter() - start
        times = []
        for i in range(args.warmup + args.steps):
            images, tokens = batch(i, args.batch)
            start = time.perf_counter()
            params, mu, nu, count, loss, _ = compiled(params, mu, nu, count, sched, images, tokens)
            loss.block_until_ready()
            if i >= args.warmup:
                times.append(time.perf_counter() - start)
    print(json.dumps({
        "program": "jax", "platform": device.client.platform, "batch": args.batch,
        "compile_s": compile_s, "step_ms_median": statistics.median(times) * 1e3,
        "images_per_s": args.batch / statistics.median(times), "final_loss": float(loss),
    }))


def run_side_by_side(args, device, jax_text):
    import jax
    from jax._src.lib import xla_client

    client = device.client
    texts = [(path, open(path).read()) for path in args.ours] + [("jax", jax_text)]
    programs = {}
    for name, text in texts:
        text = strip_donation(text)
        start = time.perf_counter()
        executable = client.compile_and_load(text, xla_client.DeviceList((device,)), xla_client.CompileOptions())
        compile_s = time.perf_counter() - start
        inputs = [jax.device_put(v, device) for v in inputs_for(main_argument_types(text), args.batch, 0)]
        programs[name] = {"executable": executable, "inputs": inputs, "compile_s": compile_s, "times": []}

    def once(program):
        start = time.perf_counter()
        outputs = program["executable"].execute_sharded(program["inputs"]).disassemble_into_single_device_arrays()
        for out in outputs:
            out[0].block_until_ready()
        return time.perf_counter() - start

    for program in programs.values():
        for _ in range(args.warmup):
            once(program)
    # Interleaved one step at a time (A, B, ..., JAX, A, B, ...), so that a change in the
    # machine's load hits every program alike; each step's time is also compared with the JAX
    # step of the same cycle.
    for _ in range(args.steps):
        for program in programs.values():
            program["times"].append(once(program))
    jax_times = programs["jax"]["times"]
    for name, program in programs.items():
        times = program["times"]
        print(json.dumps({
            "program": name, "platform": client.platform, "compiler": args.plugin or "jaxlib",
            "batch": args.batch, "compile_s": program["compile_s"],
            "step_ms_median": statistics.median(times) * 1e3, "steps": len(times),
            "ratio_to_jax_median": statistics.median(t / j for t, j in zip(times, jax_times)),
        }))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--batch", type=int, default=128)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--steps", type=int, default=20)
    parser.add_argument("--plugin", help="PJRT plugin .so to run on instead of jaxlib's CPU backend")
    parser.add_argument("--ours", nargs="+", metavar="MLIR", help="our step's StableHLO text(s), timed side by side with JAX's")
    parser.add_argument("--dump-stablehlo", metavar="FILE", help="write JAX's lowered StableHLO here")
    args = parser.parse_args()

    import jax

    if args.plugin:
        from jax._src import xla_bridge

        xla_bridge.register_plugin("plugin", library_path=args.plugin, options={"cpu_device_count": 1})
        device = jax.devices("plugin")[0]
    else:
        device = jax.devices("cpu")[0]

    if args.dump_stablehlo or args.ours:
        params = init_params(0)
        state = {k: np.zeros_like(v) for k, v in params.items()}
        images, tokens = batch(0, args.batch)
        lowered = jax.jit(build_step()).lower(params, state, state, np.int32(0), np.float32(1.0), images, tokens)
        jax_text = lowered.as_text()
        if args.dump_stablehlo:
            with open(args.dump_stablehlo, "x") as f:
                f.write(jax_text)
        if args.ours:
            run_side_by_side(args, device, jax_text)
            return
        if args.dump_stablehlo:
            return
    run_own_step(args, device)


if __name__ == "__main__":
    main()
