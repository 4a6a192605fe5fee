#!/usr/bin/env python3
"""Reference fixture for `siglip export --hf`: a tiny model of ours, exported, loaded by
Hugging Face `transformers`, and its embeddings for fixed inputs.

Writes into tests/fixtures/export/ (with --naflex: tests/fixtures/export_naflex/, a SigLIP 2 NaFlex
model trained on images of several aspect ratios, loaded as `Siglip2Model`):
  tokenizer.json                    the word tokenizer of `siglip data synth` (the run's data.tokenizer)
  run/checkpoints/step_XXXXXXXX/    a checkpoint of ours: tests/fixtures/export/train.yaml trained a few
                                    steps on a small synth set, so no parameter keeps its initial value
  hf/config.json, hf/model.safetensors
                                    what `SiglipModel.from_pretrained(<our export>)` holds, re-saved by
                                    transformers' own `save_pretrained` (its names, shapes and values)
  io.safetensors                    inputs and transformers' outputs for them:
      pixel_values_nhwc f32 [B,H,W,3]  uniform in [-1, 1] (transformers was fed the NCHW transpose);
                                       NaFlex: none, the images are tests/fixtures/hf_siglip2_naflex/images/
                                       (IMAGES, in that order) through transformers' Siglip2ImageProcessorPil
                                       as the export's preprocessor_config.json sets it
      input_ids         i32 [B,L]      random ids of content tokens, then EOS (id 1) to the end
      image_embeds      f32 [B,D]      get_image_features: the MAP head's output, not normalised
      text_embeds       f32 [B,D]      get_text_features: head(last token), not normalised

The loading must use every tensor of the export (no missing, unexpected or mismatched keys). Needs the
`siglip` binary (default target/debug/siglip; build it first) and the reference venv (tools/README.md).
"""

import argparse
import shutil
import subprocess
import tempfile
from pathlib import Path

import numpy as np
import torch
from PIL import Image
from safetensors.numpy import save_file
from transformers import Siglip2Model, SiglipModel
from transformers.models.siglip2.image_processing_pil_siglip2 import Siglip2ImageProcessorPil

ROOT = Path(__file__).resolve().parent.parent
IMAGES = ["7x23.png", "41x13.png", "1x50.png", "16x16.png", "33x64.png", "3x2.png"]
EOS_ID = 1  # `siglip data synth` tokenizers: <pad> 0, </s> 1, <unk> 2
BATCH = 3
SEED = 20261127


def siglip(binary: Path, *args: str) -> None:
    print("+ siglip", " ".join(args), flush=True)
    subprocess.run([str(binary), *args], check=True, cwd=ROOT)


def features(output) -> np.ndarray:
    """transformers 4 returns a tensor from get_*_features, transformers 5 a model output."""
    tensor = output if isinstance(output, torch.Tensor) else output.pooler_output
    return tensor.detach().numpy().astype(np.float32)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--siglip", type=Path, default=ROOT / "target/debug/siglip")
    parser.add_argument("--naflex", action="store_true", help="the SigLIP 2 NaFlex fixture")
    args = parser.parse_args()
    fixture = ROOT / ("tests/fixtures/export_naflex" if args.naflex else "tests/fixtures/export")
    model_class = Siglip2Model if args.naflex else SiglipModel
    # NaFlex: images of width:height from 1:2 to 2:1.
    aspect = ["--max-aspect", "2"] if args.naflex else []

    for stale in ["run", "hf", "tokenizer.json", "io.safetensors"]:
        path = fixture / stale
        if path.is_dir():
            shutil.rmtree(path)
        elif path.exists():
            path.unlink()

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        siglip(args.siglip, "data", "synth", "--out", str(tmp / "synth"), "--count", "64",
               "--val-count", "0", "--seed", "0", "--shards", "1", "--image-size", "24", *aspect)
        shutil.copy(tmp / "synth/tokenizer.json", fixture / "tokenizer.json")
        siglip(args.siglip, "train", "-c", str(fixture / "train.yaml"),
               "--set", f"data.train.shards={tmp / 'synth/train'}", "--run-dir", str(tmp / "run"))
        (checkpoint,) = sorted((tmp / "run/checkpoints").iterdir())
        target = fixture / "run/checkpoints" / checkpoint.name
        shutil.copytree(checkpoint, target)

        export = tmp / "export"
        siglip(args.siglip, "export", "--checkpoint", str(fixture / "run"), "--hf", str(export))
        model, info = model_class.from_pretrained(export, output_loading_info=True)
        problems = {k: v for k, v in info.items() if v}
        assert not problems, f"transformers did not load the export cleanly: {problems}"
        model.set_attn_implementation("eager")
        model.eval()
        model.save_pretrained(fixture / "hf", safe_serialization=True)
        # The PIL backend, which `siglip` reproduces bit for bit (transformers' default resizes
        # with torchvision, whose 8-bit rounding differs by one level on some pixels).
        processor = Siglip2ImageProcessorPil.from_pretrained(export) if args.naflex else None

    vision, text = model.config.vision_config, model.config.text_config
    rng = np.random.default_rng(SEED)
    length = text.max_position_embeddings
    ids = np.full((BATCH, length), EOS_ID, dtype=np.int32)
    for row, content in enumerate([2, length // 2, length - 1]):
        ids[row, :content] = rng.integers(3, text.vocab_size, content)
    inputs = {"input_ids": ids}
    with torch.no_grad():
        if args.naflex:
            images = [Image.open(ROOT / "tests/fixtures/hf_siglip2_naflex/images" / name)
                      .convert("RGB") for name in IMAGES]
            batch = processor(images=images, return_tensors="pt")
            image = features(model.get_image_features(**batch))
        else:
            size = vision.image_size
            pixels = rng.uniform(-1.0, 1.0, (BATCH, size, size, 3)).astype(np.float32)
            inputs["pixel_values_nhwc"] = pixels
            image = features(model.get_image_features(
                pixel_values=torch.from_numpy(pixels).permute(0, 3, 1, 2).contiguous()))
        texts = features(model.get_text_features(input_ids=torch.from_numpy(ids).long()))
    assert np.all(np.isfinite(image)) and np.all(np.isfinite(texts))
    assert np.abs(image).max() > 1e-3 and np.abs(texts).max() > 1e-3, "degenerate embeddings"
    save_file({**inputs, "image_embeds": image, "text_embeds": texts},
              str(fixture / "io.safetensors"))
    print(f"wrote {fixture.relative_to(ROOT)}: checkpoint {target.name}, image embeds {image.shape}, "
          f"text embeds {texts.shape}")


if __name__ == "__main__":
    main()
