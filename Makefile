# siglip developer entry points. `make test` is what CI runs (.ci/run).
PYTHON ?= python3
CARGO ?= cargo
# The default CPU plugin (see CPU_PLUGINS in src/pjrt/plugin.rs for why), and the OpenXLA wheel
# whose pjrt_c_api.h the ABI test checks our declarations against.
CPU_PLUGIN ?= fastatomstruct-xla-cpu==2026.6.23 fastatomstruct_xla_cpu/libpjrt_cpu.so
HEADER_PLUGIN ?= xla-cpu-pjrt==0.0.1 xla_plugins/xla_cpu_pjrt/xla_cpu_pjrt.so

.PHONY: plugin plugin-cuda plugin-tpu build test demo fmt clippy plugin-speed

# The CPU PJRT plugins (pip wheels), installed only where missing.
plugin:
	PYTHON=$(PYTHON) tools/install_plugin.sh $(CPU_PLUGIN)
	PYTHON=$(PYTHON) tools/install_plugin.sh $(HEADER_PLUGIN)

# The GPU (CUDA 13, with NVIDIA's library wheels) and TPU plugins (see src/pjrt/plugin.rs).
plugin-cuda:
	PYTHON=$(PYTHON) tools/install_plugin.sh 'jax-cuda13-plugin[with-cuda]' jax_plugins/xla_cuda13/xla_cuda_plugin.so
plugin-tpu:
	PYTHON=$(PYTHON) tools/install_plugin.sh libtpu libtpu/libtpu.so

build:
	$(CARGO) build --all-targets

test: plugin
	$(CARGO) test

# The main job: a toy image-text set drawn procedurally, a tiny SigLIP trained on it from scratch
# (configs/tiny_cpu.yaml), held-out retrieval during training, the curves as a PNG. Re-running
# continues the same run (it is then already at its last step) instead of overwriting it.
SIGLIP := target/release/siglip
DEMO_RUN := runs/tiny_cpu
demo: plugin
	$(CARGO) build --release
	$(SIGLIP) devices --cpu-devices 4
	@if [ -d data/synth ]; then echo "data/synth exists: reusing it"; \
	else $(SIGLIP) data synth --out data/synth --count 10000 --val-count 512 --seed 0; fi
	$(SIGLIP) train -c configs/tiny_cpu.yaml --run-dir $(DEMO_RUN) \
	  $$([ -d $(DEMO_RUN)/checkpoints ] && echo --resume)
	$(SIGLIP) plot $(DEMO_RUN) --out $(DEMO_RUN)/curves.png
	$(SIGLIP) checkpoint digest $(DEMO_RUN)
	@echo "run: $(DEMO_RUN)/ (config.yaml, metrics.jsonl, checkpoints/, curves.png)"

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
