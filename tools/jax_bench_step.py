#!/usr/bin/env python3
"""BENCH.md's bench-small train step in JAX with flax.linen and optax, written as big_vision writes
it, to compare with ours on the same compiler. Not needed by CI; needs jax/jaxlib 0.10.x, flax and
optax (e.g. /opt/jaxvenv).

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
      same cycle, in wall-clock time and in the process's CPU time over the step (the
      `ratio_to_reference_median` and `cpu_ratio_to_reference_median` fields).
  jax_bench_step.py --ours OURS.mlir --plugins SO [SO ...]
      Compiles our step on each plugin (one process, one client each) and runs them
      interleaved the same way; ratios are to the first plugin.
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


def build_model():
    """The two towers as flax modules, written the way big_vision writes them."""
    import flax.linen as nn
    import jax.numpy as jnp

    xavier = nn.initializers.xavier_uniform()

    class MlpBlock(nn.Module):
        @nn.compact
        def __call__(self, x):
            d = x.shape[-1]
            x = nn.Dense(MLP, kernel_init=xavier, bias_init=nn.initializers.normal(1e-6))(x)
            x = nn.gelu(x, approximate=True)
            return nn.Dense(d, kernel_init=xavier, bias_init=nn.initializers.normal(1e-6))(x)

    class Encoder1DBlock(nn.Module):
        @nn.compact
        def __call__(self, x):
            y = nn.LayerNorm(epsilon=LN_EPS)(x)
            x = x + nn.MultiHeadDotProductAttention(num_heads=HEADS, kernel_init=xavier)(y, y)
            y = nn.LayerNorm(epsilon=LN_EPS)(x)
            return x + MlpBlock()(y)

    class Encoder(nn.Module):
        @nn.compact
        def __call__(self, x):
            for i in range(DEPTH):
                x = Encoder1DBlock(name=f"encoderblock_{i}")(x)
            return nn.LayerNorm(epsilon=LN_EPS, name="encoder_norm")(x)

    class MAPHead(nn.Module):
        @nn.compact
        def __call__(self, x):
            probe = self.param("probe", xavier, (1, 1, x.shape[-1]))
            probe = jnp.tile(probe, [x.shape[0], 1, 1])
            x = nn.MultiHeadDotProductAttention(num_heads=HEADS, kernel_init=xavier)(probe, x)
            y = nn.LayerNorm(epsilon=LN_EPS)(x)
            return (x + MlpBlock()(y))[:, 0]

    def posemb(module, n):
        return module.param("pos_embedding", nn.initializers.normal(stddev=1 / math.sqrt(WIDTH)), (1, n, WIDTH))

    class ViT(nn.Module):
        @nn.compact
        def __call__(self, images):
            x = nn.Conv(WIDTH, (PATCH, PATCH), strides=(PATCH, PATCH), padding="VALID", name="embedding")(images)
            b, h, w, c = x.shape
            x = x.reshape(b, h * w, c)
            x = x + posemb(self, h * w)
            x = Encoder(name="Transformer")(x)
            x = MAPHead(name="MAPHead_0")(x)
            return nn.Dense(EMBED, name="head")(x)

    class TextTransformer(nn.Module):
        @nn.compact
        def __call__(self, tokens):
            x = nn.Embed(VOCAB, WIDTH, embedding_init=nn.initializers.normal(stddev=1 / math.sqrt(WIDTH)))(tokens)
            x = x + posemb(self, TEXT_LEN)
            x = Encoder(name="Encoder_0")(x)
            return nn.Dense(EMBED, name="head")(x[:, -1])

    class TwoTowers(nn.Module):
        @nn.compact
        def __call__(self, images, tokens):
            t = self.param("t", nn.initializers.constant(math.log(10.0)), (1,))
            b = self.param("b", nn.initializers.constant(-10.0), (1,))
            return ViT(name="img")(images), TextTransformer(name="txt")(tokens), t, b

    return TwoTowers()


def build_step(model):
    """The train step (params, opt_state, sched, images, tokens) -> (params, opt_state, loss,
    gradient norm), with optax's clipping and Adam and big_vision's decay convention."""
    import jax
    import jax.numpy as jnp
    import optax

    tx = optax.chain(optax.clip_by_global_norm(CLIP), optax.scale_by_adam(b1=B1, b2=B2, eps=ADAM_EPS))

    def loss_fn(params, images, tokens):
        x, y, t, b = model.apply({"params": params}, images, tokens)
        x = x / (jnp.linalg.norm(x, axis=-1, keepdims=True) + NORM_EPS)
        y = y / (jnp.linalg.norm(y, axis=-1, keepdims=True) + NORM_EPS)
        logits = x @ y.T * jnp.exp(t) + b
        n = logits.shape[0]
        labels = 2 * jnp.eye(n, dtype=logits.dtype) - 1
        return -jnp.sum(jax.nn.log_sigmoid(labels * logits)) / n

    def step(params, opt_state, sched, images, tokens):
        loss, grads = jax.value_and_grad(loss_fn)(params, images, tokens)
        updates, opt_state = tx.update(grads, opt_state)

        def apply(path, p, u):
            decay = WD * p if path[-1].key == "kernel" else 0.0
            return p - sched * (LR * u + decay)

        params = jax.tree_util.tree_map_with_path(apply, params, updates)
        return params, opt_state, loss, optax.global_norm(grads)

    return step, tx


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
    order: the batch, a zero count, 1 for every f32 scalar (sched, t', b), small positive
    random values for the rest of the state."""
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
        elif math.prod(shape) == 1:
            values.append(np.ones(shape, np.float32))
        else:
            # Positive, so that whatever is Adam's second moment has a finite square root.
            values.append(np.abs(rng.standard_normal(shape) * 0.02).astype(np.float32))
    return values


def initial_state(model, tx, batch_size):
    import jax

    images, tokens = batch(0, batch_size)
    params = model.init(jax.random.PRNGKey(0), images, tokens)["params"]
    return params, tx.init(params)


def run_own_step(args, device):
    import jax

    model = build_model()
    step, tx = build_step(model)
    step = jax.jit(step, donate_argnums=(0, 1))
    with jax.default_device(device):
        params, opt_state = initial_state(model, tx, args.batch)
        sched = jax.device_put(np.float32(1.0))
        images, tokens = batch(0, args.batch)
        start = time.perf_counter()
        compiled = step.lower(params, opt_state, sched, images, tokens).compile()
        compile_s = time.perf_counter() - start
        times = []
        for i in range(args.warmup + args.steps):
            images, tokens = batch(i, args.batch)
            start = time.perf_counter()
            params, opt_state, loss, _ = compiled(params, opt_state, sched, images, tokens)
            loss.block_until_ready()
            if i >= args.warmup:
                times.append(time.perf_counter() - start)
    print(json.dumps({
        "program": "jax", "platform": device.client.platform, "compiler": args.plugin or "jaxlib",
        "batch": args.batch, "compile_s": compile_s, "step_ms_median": statistics.median(times) * 1e3,
        "images_per_s": args.batch / statistics.median(times), "final_loss": float(loss),
    }))


def run_side_by_side(args, programs_to_run, reference):
    """Compiles each (name, device, StableHLO text) on its device's client (donation stripped,
    same inputs every step) and runs them interleaved one step at a time; prints each one's
    medians and its median ratios to `reference`'s step of the same cycle."""
    import jax
    from jax._src.lib import xla_client

    programs = {}
    for name, device, text in programs_to_run:
        text = strip_donation(text)
        start = time.perf_counter()
        executable = device.client.compile_and_load(text, xla_client.DeviceList((device,)), xla_client.CompileOptions())
        compile_s = time.perf_counter() - start
        inputs = [jax.device_put(v, device) for v in inputs_for(main_argument_types(text), args.batch, 0)]
        programs[name] = {"executable": executable, "inputs": inputs, "compile_s": compile_s, "times": [],
                          "cpu_times": [], "device": device}

    def once(program):
        start, cpu_start = time.perf_counter(), time.process_time()
        outputs = program["executable"].execute_sharded(program["inputs"]).disassemble_into_single_device_arrays()
        for out in outputs:
            out[0].block_until_ready()
        program["cpu_times"].append(time.process_time() - cpu_start)
        return time.perf_counter() - start

    for program in programs.values():
        for _ in range(args.warmup):
            once(program)
        program["cpu_times"].clear()
    # Interleaved one step at a time (A, B, ..., reference, A, B, ...), so that a change in the
    # machine's load hits every program alike; each step's time is also compared with the
    # reference's step of the same cycle.
    for _ in range(args.steps):
        for program in programs.values():
            program["times"].append(once(program))
    ref_times, ref_cpu_times = programs[reference]["times"], programs[reference]["cpu_times"]
    for name, program in programs.items():
        times, cpu_times = program["times"], program["cpu_times"]
        print(json.dumps({
            "program": name, "platform": program["device"].client.platform, "compiler": name if args.plugins else args.plugin or "jaxlib",
            "reference": reference,
            "batch": args.batch, "compile_s": program["compile_s"],
            "step_ms_median": statistics.median(times) * 1e3, "steps": len(times),
            "ratio_to_reference_median": statistics.median(t / r for t, r in zip(times, ref_times)),
            "cpu_ms_median": statistics.median(cpu_times) * 1e3,
            "cpu_ratio_to_reference_median": statistics.median(t / r for t, r in zip(cpu_times, ref_cpu_times)),
        }))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--batch", type=int, default=128)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--steps", type=int, default=20)
    parser.add_argument("--plugin", help="PJRT plugin .so to run on instead of jaxlib's CPU backend")
    parser.add_argument("--ours", nargs="+", metavar="MLIR", help="our step's StableHLO text(s), timed side by side with JAX's")
    parser.add_argument("--dump-stablehlo", metavar="FILE", help="write JAX's lowered StableHLO here")
    parser.add_argument("--plugins", nargs="+", metavar="SO",
                        help="with one --ours file: run it on each of these plugins side by side instead")
    args = parser.parse_args()

    import jax
    from jax._src import xla_bridge

    if args.plugins:
        if not args.ours or len(args.ours) != 1:
            parser.error("--plugins compares one --ours program across plugins")
        text = open(args.ours[0]).read()
        # Every plugin registered before the first backend starts (later ones would be ignored).
        for i, so in enumerate(args.plugins):
            xla_bridge.register_plugin(f"plugin{i}", library_path=so, options={"cpu_device_count": 1})
        runs = [(so, jax.devices(f"plugin{i}")[0], text) for i, so in enumerate(args.plugins)]
        run_side_by_side(args, runs, reference=args.plugins[0])
        return
    if args.plugin:
        xla_bridge.register_plugin("plugin", library_path=args.plugin, options={"cpu_device_count": 1})
        device = jax.devices("plugin")[0]
    else:
        device = jax.devices("cpu")[0]

    if args.dump_stablehlo or args.ours:
        model = build_model()
        step, tx = build_step(model)
        params, opt_state = initial_state(model, tx, args.batch)
        images, tokens = batch(0, args.batch)
        jax_text = jax.jit(step).lower(params, opt_state, np.float32(1.0), images, tokens).as_text()
        if args.dump_stablehlo:
            with open(args.dump_stablehlo, "x") as f:
                f.write(jax_text)
        if args.ours:
            runs = [(path, device, open(path).read()) for path in args.ours] + [("jax", device, jax_text)]
            run_side_by_side(args, runs, reference="jax")
            return
        if args.dump_stablehlo:
            return
    run_own_step(args, device)


if __name__ == "__main__":
    main()
