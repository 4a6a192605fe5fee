#!/usr/bin/env python3
"""Reference fixtures for SigLIP 2 NaFlex: a tiny random `Siglip2Model`, a tiny tokenizer, images of
several aspect ratios, and what `transformers` makes of them.

Writes tests/fixtures/hf_siglip2_naflex/:
  config.json, model.safetensors      `Siglip2Model.save_pretrained` (random weights plus noise)
  tokenizer.json, tokenizer_config.json   `Siglip2Tokenizer.save_pretrained` (tiny BPE vocabulary)
  preprocessor_config.json            `Siglip2ImageProcessor.save_pretrained` (patch size, budget)
  images/*.png                        RGB images of odd sizes and aspect ratios, a 1×N strip among them
  io.safetensors                      processor outputs (PIL and torchvision backends) and forward outputs
                                      in float32 and float64
  texts.json                          the captions, in the order of io.safetensors' text rows

The float64 forward is `model.double()` with two changes, as transformers computes parts of it in
float32 whatever the model's dtype, which would cap float64 parity at ~1e-7: the position-embedding
resize (`resize_positional_embeddings` calls `.float()`) is replaced by the same formula in float64
(checked here against the original), and attention runs as "sdpa" (torch's SDPA in float64) instead
of "eager" (whose softmax is float32). Run with the reference venv (tools/README.md).
"""

import argparse
import json
import math
import shutil
from pathlib import Path

import numpy as np
import torch
from PIL import Image
from safetensors.numpy import save_file
from transformers import Siglip2Config, Siglip2Model
from transformers.models.siglip2 import modeling_siglip2
from transformers.models.siglip2.image_processing_pil_siglip2 import Siglip2ImageProcessorPil
from transformers.models.siglip2.image_processing_siglip2 import Siglip2ImageProcessor
from transformers.models.siglip2.tokenization_siglip2 import Siglip2Tokenizer

SEED = 20250221
NAME = "hf_siglip2_naflex"
PATCH = 4
GRID_PATCHES = 16  # the learned position embedding is a 4×4 grid
MAX_NUM_PATCHES = 24  # the budget: not a square, larger than the grid
TEXT_LEN = 10
# (height, width): odd sizes, both orientations, a square, a 1×N strip, one smaller than a patch.
IMAGE_SIZES = [(7, 23), (41, 13), (1, 50), (16, 16), (33, 64), (3, 2)]
TEXTS = ["a cat", "Two DOGS on grass", "x", "the quick brown fox jumps"]

SPECIALS = ["<pad>", "<eos>", "<bos>", "<unk>", "<mask>"]


def build_tokenizer() -> Siglip2Tokenizer:
    # Gemma-style BPE on "▁"-joined words: specials, single characters, a few merges.
    chars = ["▁"] + list("abcdefghijklmnopqrstuvwxyz")
    merges = [("▁", "a"), ("▁", "t"), ("t", "h"), ("▁", "c"), ("a", "t"), ("▁c", "at"), ("▁t", "h")]
    vocab = {tok: i for i, tok in enumerate(SPECIALS + chars)}
    for a, b in merges:
        vocab.setdefault(a + b, len(vocab))
    return Siglip2Tokenizer(vocab=vocab, merges=merges)


def build_model(vocab_size: int) -> Siglip2Model:
    text = dict(vocab_size=vocab_size, max_position_embeddings=TEXT_LEN, hidden_size=32, intermediate_size=48,
                num_hidden_layers=2, num_attention_heads=4, projection_size=32, pad_token_id=0, eos_token_id=1,
                bos_token_id=2)
    vision = dict(hidden_size=32, intermediate_size=64, num_hidden_layers=2, num_attention_heads=2,
                  patch_size=PATCH, num_patches=GRID_PATCHES, num_channels=3)
    model = Siglip2Model(Siglip2Config(text_config=text, vision_config=vision)).to(torch.float32)
    model.set_attn_implementation("eager")
    model.eval()
    with torch.no_grad():
        for _, param in model.named_parameters():
            param.add_((0.05 if param.ndim == 1 else 0.02) * torch.randn_like(param))
        # The learned grid gets a smooth pattern on top of its noise, so resizing it matters.
        pos = model.vision_model.embeddings.position_embedding.weight
        side = int(math.isqrt(GRID_PATCHES))
        yy, xx = torch.meshgrid(torch.arange(side), torch.arange(side), indexing="ij")
        pattern = torch.stack([torch.sin(yy * (k + 1) / 2.0 + xx * (k % 3)) for k in range(pos.shape[1])], -1)
        pos.add_(0.5 * pattern.reshape(side * side, -1))
        model.logit_scale.fill_(math.log(10.0) + 0.1)
        model.logit_bias.fill_(-5.0 + 0.05 * float(torch.randn(())))
    return model


def resize_positional_embeddings_f64(positional_embeddings, spatial_shapes, max_length):
    """transformers' resize in float64: per output patch, bilinear antialiased (align_corners=False)
    weights over the grid's rows and columns; padding positions take the first patch's weights."""
    grid = positional_embeddings.shape[0]
    rows_out = []
    for height, width in spatial_shapes.tolist():
        def axis(out_len):
            scale = grid / out_len
            support = max(scale, 1.0)
            centre = (torch.arange(out_len, dtype=torch.float64) + 0.5) * scale - 0.5
            w = (1 - (torch.arange(grid, dtype=torch.float64)[None] - centre[:, None]).abs() / support).clamp(min=0)
            return w / w.sum(-1, keepdim=True)
        wy, wx = axis(height), axis(width)
        weights = (wy[:, None, :, None] * wx[None, :, None, :]).reshape(height * width, grid * grid)
        padded = torch.cat([weights, weights[:1].expand(max_length - height * width, -1)], 0)
        rows_out.append(padded)
    flat = positional_embeddings.reshape(grid * grid, -1).to(torch.float64)
    return (torch.stack(rows_out) @ flat).to(positional_embeddings.dtype)


def make_images(root: Path, rng: np.random.Generator) -> list[Path]:
    paths = []
    for h, w in IMAGE_SIZES:
        # A gradient plus noise: resizing has structure to preserve, and 8-bit rounding is exercised.
        yy, xx = np.meshgrid(np.linspace(0, 1, h), np.linspace(0, 1, w), indexing="ij")
        base = np.stack([yy * 200, xx * 180, (yy + xx) * 90], -1)
        pixels = np.clip(base + rng.uniform(0, 55, size=(h, w, 3)), 0, 255).astype(np.uint8)
        path = root / f"{h}x{w}.png"
        Image.fromarray(pixels, "RGB").save(path)
        paths.append(path)
    return paths


def forward(model, batch, ids) -> dict:
    with torch.no_grad():
        out = model(pixel_values=batch["pixel_values"], pixel_attention_mask=batch["pixel_attention_mask"],
                    spatial_shapes=batch["spatial_shapes"], input_ids=ids)
        vis = model.vision_model(pixel_values=batch["pixel_values"], pixel_attention_mask=batch["pixel_attention_mask"],
                                 spatial_shapes=batch["spatial_shapes"], output_hidden_states=True)
        txt = model.text_model(input_ids=ids)
        img_norm = vis.pooler_output / vis.pooler_output.norm(dim=-1, keepdim=True)
        assert torch.allclose(img_norm, out.image_embeds, atol=1e-6)
    return {
        "vision_embeddings": vis.hidden_states[0],
        "image_pooled": vis.pooler_output,
        "text_pooled": txt.pooler_output,
        "image_embeds": out.image_embeds,
        "text_embeds": out.text_embeds,
        "logits_per_image": out.logits_per_image,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent.parent / "tests" / "fixtures")
    args = parser.parse_args()
    torch.set_num_threads(1)
    torch.manual_seed(SEED)
    rng = np.random.default_rng(SEED)

    out_dir = args.out / NAME
    if out_dir.exists():
        shutil.rmtree(out_dir)
    (out_dir / "images").mkdir(parents=True)

    tokenizer = build_tokenizer()
    model = build_model(len(tokenizer))
    model.save_pretrained(out_dir, safe_serialization=True)
    tokenizer.save_pretrained(out_dir)
    processor = Siglip2ImageProcessorPil(patch_size=PATCH, max_num_patches=MAX_NUM_PATCHES)
    processor.save_pretrained(out_dir)

    paths = make_images(out_dir / "images", rng)
    images = [Image.open(p).convert("RGB") for p in paths]
    batch = processor(images=images, return_tensors="pt")
    tokens = tokenizer(TEXTS, padding="max_length", truncation=True, max_length=TEXT_LEN, return_tensors="pt")
    ids = tokens["input_ids"]

    # transformers' default processor resizes with torchvision; its 8-bit rounding differs from PIL's
    # by one level on some pixels, so both are recorded. The forward runs on PIL's.
    torchvision_batch = Siglip2ImageProcessor(patch_size=PATCH, max_num_patches=MAX_NUM_PATCHES)(
        images=images, return_tensors="pt")
    assert torch.equal(torchvision_batch["spatial_shapes"], batch["spatial_shapes"])
    tensors = {
        "pixel_values": batch["pixel_values"].numpy().astype(np.float32),
        "pixel_values_torchvision": torchvision_batch["pixel_values"].numpy().astype(np.float32),
        "pixel_attention_mask": batch["pixel_attention_mask"].numpy().astype(np.int32),
        "spatial_shapes": batch["spatial_shapes"].numpy().astype(np.int32),
        "input_ids": ids.numpy().astype(np.int32),
        "text_attention_mask": tokens["attention_mask"].numpy().astype(np.int32),
    }
    for key, value in forward(model, batch, ids).items():
        tensors[f"{key}_f32"] = value.numpy().astype(np.float32)

    original = modeling_siglip2.Siglip2VisionEmbeddings.resize_positional_embeddings
    grid = model.vision_model.embeddings.position_embedding.weight.reshape(4, 4, -1).detach()
    check = resize_positional_embeddings_f64(grid, batch["spatial_shapes"], MAX_NUM_PATCHES).float()
    err = float((original(grid, batch["spatial_shapes"], MAX_NUM_PATCHES) - check).abs().max())
    assert err < 1e-6, f"the float64 position-embedding resize disagrees with transformers' by {err}"
    modeling_siglip2.Siglip2VisionEmbeddings.resize_positional_embeddings = staticmethod(
        resize_positional_embeddings_f64)
    model64 = model.double()
    # Eager attention takes its softmax in float32 whatever the dtype; torch's SDPA computes in float64.
    model64.set_attn_implementation("sdpa")
    batch64 = dict(batch, pixel_values=batch["pixel_values"].double())
    for key, value in forward(model64, batch64, ids).items():
        tensors[f"{key}_f64"] = value.numpy().astype(np.float64)

    save_file({k: np.ascontiguousarray(v) for k, v in tensors.items()}, str(out_dir / "io.safetensors"))
    (out_dir / "texts.json").write_text(json.dumps(TEXTS, indent=1) + "\n")

    print(f"position-embedding resize, float64 formula vs transformers (float32): max abs err {err:.2e}")
    print("spatial_shapes:", tensors["spatial_shapes"].tolist())
    print("input_ids:", tensors["input_ids"].tolist())
    print("text attention_mask:", tensors["text_attention_mask"].tolist())
    print("tokenizer padding_side:", tokenizer.padding_side)
    print("logits_per_image (f64):\n", np.array2string(tensors["logits_per_image_f64"], precision=4))
    gap = np.abs(tensors["logits_per_image_f64"] - tensors["logits_per_image_f32"]).max()
    print(f"f32 vs f64 logits: max abs diff {gap:.2e}")
    for path in sorted(out_dir.rglob("*")):
        if path.is_file():
            print(f"  {path.relative_to(out_dir)}: {path.stat().st_size} bytes")


if __name__ == "__main__":
    main()
