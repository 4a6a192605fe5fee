#!/usr/bin/env python3
"""Compiles a StableHLO file (e.g. `siglip plan --emit-stablehlo FILE`) for a TPU slice with
JAX's own compile-only libtpu client, no TPU attached, and prints the compiled memory per chip:
an independent check of `siglip plan`'s libtpu figures (same compiler, JAX's PJRT bindings).

Setup (not needed by CI; the versions `make plugin-tpu` pins):
  python3 -m venv V && V/bin/pip install jax==0.10.2 jaxlib==0.10.2 libtpu==0.0.42.1
Usage:
  V/bin/python tools/jax_tpu_compile.py STEP.mlir --topology v4:2x2x1 --replicas 4
"""
import argparse
import os
import time

# As siglip does: no TPU here, so nothing to look for.
for name, value in (("TPU_SKIP_MDS_QUERY", "1"), ("TPU_ACCELERATOR_TYPE", "v4-8"),
                    ("TPU_WORKER_HOSTNAMES", "localhost"), ("ALLOW_MULTIPLE_LIBTPU_LOAD", "1")):
    os.environ.setdefault(name, value)

import numpy as np  # noqa: E402
from jax.experimental import topologies  # noqa: E402
from jax._src.interpreters import mlir  # noqa: E402
from jax._src.lib import xla_client as xc  # noqa: E402
from jax._src.lib.mlir import ir  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("stablehlo")
    parser.add_argument("--topology", default="v4:2x2x1")
    parser.add_argument("--replicas", type=int, required=True)
    parser.add_argument("--chip-config", default="megacore",
                        help="libtpu's chip_config_name ('' for none)")
    args = parser.parse_args()

    options = {"chip_config_name": args.chip_config} if args.chip_config else {}
    devices = topologies.get_topology_desc(args.topology, "tpu", **options).devices
    if len(devices) < args.replicas:
        raise SystemExit(f"{args.topology} has {len(devices)} devices, need {args.replicas}")
    devices = devices[:args.replicas]
    compile_options = xc.CompileOptions()
    build = compile_options.executable_build_options
    build.num_replicas = args.replicas
    build.num_partitions = 1
    build.device_assignment = xc.DeviceAssignment.create(
        np.array([[d.id] for d in devices]))
    with open(args.stablehlo) as f:
        text = f.read()
    started = time.time()
    with mlir.make_ir_context():
        module = ir.Module.parse(text)
        executable = devices[0].client.compile(
            module, executable_devices=xc.DeviceList(tuple(devices)),
            compile_options=compile_options)
    took = time.time() - started
    m = executable.get_compiled_memory_stats()
    gib = 1 << 30
    total = (m.argument_size_in_bytes + m.output_size_in_bytes - m.alias_size_in_bytes
             + m.temp_size_in_bytes + m.generated_code_size_in_bytes)
    print(f"compiled by JAX's libtpu client for {args.topology} in {took:.1f} s, per chip:")
    print(f"  arguments   {m.argument_size_in_bytes / gib:9.3f} GiB")
    print(f"  outputs     {m.output_size_in_bytes / gib:9.3f} GiB "
          f"({m.alias_size_in_bytes / gib:.3f} aliased)")
    print(f"  temporaries {m.temp_size_in_bytes / gib:9.3f} GiB")
    print(f"  code        {m.generated_code_size_in_bytes / gib:9.3f} GiB")
    print(f"  total       {total / gib:9.3f} GiB")


if __name__ == "__main__":
    main()
