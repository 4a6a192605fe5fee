# siglip developer entry points. `make test` is what CI runs (.ci/run).
PYTHON ?= python3
CARGO ?= cargo
# The default CPU plugin (see CPU_PLUGINS in src/pjrt/plugin.rs for why), and the OpenXLA wheel
# whose pjrt_c_api.h the ABI test checks our declarations against.
CPU_PLUGIN ?= fastatomstruct-xla-cpu==2026.6.23 fastatomstruct_xla_cpu/libpjrt_cpu.so
HEADER_PLUGIN ?= xla-cpu-pjrt==0.0.1 xla_plugins/xla_cpu_pjrt/xla_cpu_pjrt.so

.PHONY: plugin build test demo fmt clippy plugin-speed

# The CPU PJRT plugins (pip wheels), installed only where missing.
plugin:
	PYTHON=$(PYTHON) tools/install_plugin.sh $(CPU_PLUGIN)
	PYTHON=$(PYTHON) tools/install_plugin.sh $(HEADER_PLUGIN)

build:
	$(CARGO) build --all-targets

test: plugin
	$(CARGO) test

# Until the training demo exists: the devices, a ring of collectives, and a few steps of the
# benchmark model's train step on 4 virtual devices with the chunked ring sigmoid loss.
demo: plugin
	$(CARGO) run --release -- devices --cpu-devices 4
	$(CARGO) run --release --example ring
	$(CARGO) run --release -- bench --replicas 4 --warmup 1 --steps 3

fmt:
	$(CARGO) fmt --all

clippy:
	$(CARGO) clippy --all-targets -- -D warnings

# Times a 20 x (1024x1024 matmul) chain on each installed CPU plugin (one process each).
plugin-speed: plugin
	$(CARGO) build --release --example plugin_speed
	@for so in xla_plugins/xla_cpu_pjrt/xla_cpu_pjrt.so fastatomstruct_xla_cpu/libpjrt_cpu.so \
	    lammps_jax_pjrt_cpu/pjrt_c_api_cpu_plugin.so; do \
	  for dir in $$($(PYTHON) -c 'import site; print(" ".join(site.getsitepackages()))'); do \
	    if [ -f "$$dir/$$so" ]; then target/release/examples/plugin_speed "$$dir/$$so" 5; fi; \
	  done; \
	done
