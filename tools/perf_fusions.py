#!/usr/bin/env python3
"""Where one train step's CPU time goes, per kind of kernel and per XLA fusion, on a PJRT CPU
plugin. Not needed by CI; needs jax/jaxlib 0.10.x (+ flax and optax for JAX's step) and `perf`.

  perf_fusions.py --plugin SO (OURS.mlir | jax) [--steps 6] [--seconds 20]

Compiles the program (our StableHLO from `siglip bench step --stablehlo-out`, or JAX's step from
tools/jax_bench_step.py) with XLA's dump on, runs it `--steps` times while `perf record -e
cpu-clock` samples the process (this VM has no hardware counters), and sorts the samples into
YNNPACK dots, Eigen, kernel, and XLA's generated code. perf cannot name generated code (XLA
writes no perf map), so each hot 256-byte block of it is read out of the live process
(/proc/PID/mem) and looked up in the object files XLA dumps per kernel: a block found there is
that fusion's; one found in none is generated code outside them (a dot's GEMM kernel).
Prints one line per category and the top fusions, in % of samples and ms per step.
"""

import argparse
import collections
import glob
import os
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import jax_bench_step as bench  # noqa: E402

BLOCK = 256


def run_program(args, dump_dir, ready_file):
    """The child: compile the program and execute it `--steps` times after one warm-up."""
    os.environ["XLA_FLAGS"] = f"--xla_dump_to={dump_dir} --xla_dump_hlo_module_re=siglip|jit_step"
    import jax
    from jax._src import xla_bridge
    from jax._src.lib import xla_client

    xla_bridge.register_plugin("plugin", library_path=args.plugin, options={"cpu_device_count": 1})
    device = jax.devices("plugin")[0]
    if args.program == "jax":
        import numpy as np

        model = bench.build_model()
        step, tx = bench.build_step(model)
        params, opt_state = bench.initial_state(model, tx, args.batch)
        images, tokens = bench.batch(0, args.batch)
        text = jax.jit(step).lower(params, opt_state, np.float32(1.0), images, tokens).as_text()
    else:
        text = open(args.program).read()
    text = bench.strip_donation(text)
    executable = device.client.compile_and_load(text, xla_client.DeviceList((device,)), xla_client.CompileOptions())
    inputs = [jax.device_put(v, device) for v in bench.inputs_for(bench.main_argument_types(text), args.batch, 0)]

    def once():
        for out in executable.execute_sharded(inputs).disassemble_into_single_device_arrays():
            out[0].block_until_ready()

    once()
    open(ready_file, "w").close()
    cpu = []
    for _ in range(args.steps):
        start = time.process_time()
        once()
        cpu.append(time.process_time() - start)
    print(sorted(cpu)[len(cpu) // 2], flush=True)
    time.sleep(3600)  # stay alive until the parent has read the hot code


def perf_samples(data):
    """(percent, dso+symbol line) of every symbol perf saw."""
    report = subprocess.run(["perf", "report", "-i", data, "--sort", "dso,sym", "--stdio"],
                            capture_output=True, text=True, check=True).stdout
    for line in report.splitlines():
        if line.strip() and not line.startswith("#"):
            yield float(line.split()[0].rstrip("%")), line


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("program", help="our step's StableHLO file, or `jax` for JAX's step")
    parser.add_argument("--plugin", required=True)
    parser.add_argument("--batch", type=int, default=128)
    parser.add_argument("--steps", type=int, default=6)
    parser.add_argument("--seconds", type=float, default=20, help="how long perf samples")
    parser.add_argument("--top", type=int, default=10, help="how many of the hottest fusions to list")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--dump", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return run_program(args, args.dump, args.dump + ".ready")

    work = tempfile.mkdtemp(prefix="perf_fusions.")
    dump, data = os.path.join(work, "dump"), os.path.join(work, "perf.data")
    child = subprocess.Popen([sys.executable, __file__, "--child", "--dump", dump] + sys.argv[1:],
                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        while not os.path.exists(dump + ".ready"):
            if child.poll() is not None:
                sys.exit("the program failed to compile or run")
            time.sleep(0.2)
        subprocess.run(["perf", "record", "-q", "-e", "cpu-clock", "-F", "499", "-p", str(child.pid), "-o", data,
                        "--", "sleep", str(args.seconds)], check=True, capture_output=True)
        cpu_s = float(child.stdout.readline())
        samples = list(perf_samples(data))
        blocks = collections.Counter()
        for pct, line in samples:
            if "[JIT]" in line:
                blocks[int(line.split()[-1], 16) // BLOCK * BLOCK] += pct
        code = {}
        with open(f"/proc/{child.pid}/mem", "rb") as mem:
            for address in blocks:
                try:
                    mem.seek(address)
                    code[address] = mem.read(BLOCK)
                except OSError:
                    code[address] = b""
    finally:
        child.kill()

    objects = {os.path.basename(p).split("obj-file.")[-1].removesuffix(".o").removesuffix("_kernel_module"):
               open(p, "rb").read() for p in glob.glob(os.path.join(dump, "*.o"))}

    def fusion_of(block):
        hits = collections.Counter(name for off in range(0, len(block) - 24, 8) for name, obj in objects.items()
                                   if block[off:off + 24] in obj)
        return hits.most_common(1)[0][0] if hits else None

    kinds, fusions = collections.Counter(), collections.Counter()
    for pct, line in samples:
        if "[JIT]" in line:
            continue
        kind = ("YNNPACK dot" if "ynn::dot" in line or "run_dot" in line else "YNNPACK other" if "ynn::" in line
                else "Eigen" if "Eigen" in line else "kernel" if "[kernel" in line else "other")
        kinds[kind] += pct
    for address, pct in blocks.items():
        name = fusion_of(code[address]) if code[address] else None
        if name:
            kinds["generated: fusions"] += pct
            fusions[name] += pct
        else:
            kinds["generated: outside fusions (dot kernels)"] += pct
    ms = lambda pct: pct / 100 * cpu_s * 1e3  # noqa: E731
    print(f"{args.program}: median CPU time per step {cpu_s * 1e3:.0f} ms")
    for kind, pct in kinds.most_common():
        print(f"  {kind:42s} {pct:5.1f} %  {ms(pct):5.0f} ms")
    print("  top fusions:")
    for name, pct in fusions.most_common(args.top):
        print(f"    {name:40s} {pct:5.2f} %  {ms(pct):5.0f} ms")
    subprocess.run(["rm", "-rf", work])


if __name__ == "__main__":
    main()
