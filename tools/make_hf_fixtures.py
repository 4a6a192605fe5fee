#!/usr/bin/env python3
"""Reference fixtures: tiny random Hugging Face `SiglipModel`s and their forward outputs.

For each variant this writes into tests/fixtures/hf_<variant>/:
  model.safetensors, config.json  exactly as `save_pretrained(safe_serialization=True)` writes them
  io.safetensors                  inputs (NHWC pixels, token ids) and outputs/intermediates of the forward

Every parameter is perturbed with random noise after HF's init, so that constant-initialised tensors
(LayerNorm scales, zero biases, logit scale/bias) differ from each other and a wrong name mapping or a
swapped tensor changes the outputs. Run with the reference venv (see tools/README.md).
"""

import argparse
import json
import math
import shutil
from pathlib import Path

import numpy as np
import torch
from safetensors import safe_open
from safetensors.numpy import load_file, save_file
from transformers import SiglipConfig, SiglipModel

BATCH = 3
EOS_ID = 1  # HF SigLIP tokenizers use id 1 for both EOS and PAD, which is what makes "sticky EOS" work.
SEED = 20240607

VARIANTS = {
    # The default big_vision / HF layout: MAP head on the image tower, same width in both towers.
    "hf_siglip_map": dict(
        vision=dict(image_size=32, patch_size=8, hidden_size=32, intermediate_size=64,
                    num_hidden_layers=2, num_attention_heads=4),
        text=dict(vocab_size=128, max_position_embeddings=16, hidden_size=32, intermediate_size=64,
                  num_hidden_layers=2, num_attention_heads=4, projection_size=32),
    ),
    # Different geometry: 48 px images with 16 px patches (9 patches), a narrower text tower (24) whose
    # head projects to the image width (32), 3 text layers, and a different head count per tower.
    "hf_siglip_narrow_text": dict(
        vision=dict(image_size=48, patch_size=16, hidden_size=32, intermediate_size=48,
                    num_hidden_layers=1, num_attention_heads=2),
        text=dict(vocab_size=96, max_position_embeddings=12, hidden_size=24, intermediate_size=40,
                  num_hidden_layers=3, num_attention_heads=3, projection_size=32),
    ),
}


def build_model(spec: dict) -> SiglipModel:
    text = dict(spec["text"], layer_norm_eps=1e-6, hidden_act="gelu_pytorch_tanh",
                pad_token_id=EOS_ID, eos_token_id=EOS_ID, bos_token_id=None)
    vision = dict(spec["vision"], layer_norm_eps=1e-6, hidden_act="gelu_pytorch_tanh",
                  num_channels=3, vision_use_head=True)
    config = SiglipConfig(text_config=text, vision_config=vision)
    model = SiglipModel(config).to(torch.float32)
    # Eager attention keeps the reference free of fused-kernel differences.
    model.set_attn_implementation("eager")
    model.eval()
    with torch.no_grad():
        for name, param in model.named_parameters():
            # 1-D tensors (biases, LayerNorm scale/shift) get larger noise: HF inits them to constants.
            scale = 0.05 if param.ndim == 1 else 0.02
            param.add_(scale * torch.randn_like(param))
        model.logit_scale.fill_(math.log(10.0) + 0.1)
        model.logit_bias.fill_(-5.0 + 0.05 * float(torch.randn(())))
    return model


def make_inputs(spec: dict, rng: np.random.Generator):
    v, t = spec["vision"], spec["text"]
    size = v["image_size"]
    pixels_nhwc = rng.uniform(-1.0, 1.0, size=(BATCH, size, size, 3)).astype(np.float32)
    length = t["max_position_embeddings"]
    ids = np.full((BATCH, length), EOS_ID, dtype=np.int32)
    # Rows of different content length; each ends in EOS and is padded with EOS. The last row fills
    # all but one position, so only its final token is EOS.
    for row, content in enumerate([length // 4, length // 2, length - 1]):
        ids[row, :content] = rng.integers(2, t["vocab_size"], size=content)
    return pixels_nhwc, ids


def forward(model: SiglipModel, pixels_nhwc: np.ndarray, ids: np.ndarray) -> dict:
    pixel_values = torch.from_numpy(pixels_nhwc).permute(0, 3, 1, 2).contiguous()
    input_ids = torch.from_numpy(ids).long()
    with torch.no_grad():
        vis = model.vision_model(pixel_values=pixel_values, output_hidden_states=True)
        txt = model.text_model(input_ids=input_ids, output_hidden_states=True)
        out = model(pixel_values=pixel_values, input_ids=input_ids)
        # Sanity: the towers' pooled outputs are what SiglipModel normalises.
        img_norm = vis.pooler_output / vis.pooler_output.norm(dim=-1, keepdim=True)
        txt_norm = txt.pooler_output / txt.pooler_output.norm(dim=-1, keepdim=True)
        assert torch.allclose(img_norm, out.image_embeds, atol=1e-6)
        assert torch.allclose(txt_norm, out.text_embeds, atol=1e-6)
        # Sanity: hidden_states[0] is the embeddings output (before any encoder layer).
        emb = model.vision_model.embeddings(pixel_values)
        assert torch.allclose(emb, vis.hidden_states[0], atol=1e-6)
        # Sanity: text pooling is the last position after the final LayerNorm, then the head.
        assert torch.allclose(model.text_model.head(txt.last_hidden_state[:, -1]), txt.pooler_output, atol=1e-6)

    tensors = {
        "pixel_values_nhwc": pixels_nhwc,
        "input_ids": ids,
        "image_pooled": vis.pooler_output,
        "text_pooled": txt.pooler_output,
        "image_embeds": out.image_embeds,
        "text_embeds": out.text_embeds,
        "logits_per_image": out.logits_per_image,
        "vision_last_hidden": vis.last_hidden_state,
        "text_last_hidden": txt.last_hidden_state,
    }
    # hidden_states[i] is the input of encoder layer i (i = 0: embeddings output); the last entry is the
    # final layer's output before post_layernorm / final_layer_norm.
    for i, h in enumerate(vis.hidden_states):
        tensors[f"vision_hidden_{i}"] = h
    for i, h in enumerate(txt.hidden_states):
        tensors[f"text_hidden_{i}"] = h
    return {k: (v.detach().numpy().astype(np.float32) if isinstance(v, torch.Tensor) else v)
            for k, v in tensors.items()}


# ---------------------------------------------------------------------------------------------------
# Independent numpy re-implementation (float64) from the saved safetensors and NHWC pixels. It pins
# down the conventions documented in tools/README.md: if it agrees with HF, the README is right.

def _layer_norm(x, w, b, eps=1e-6):
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(var + eps) * w + b


def _gelu_tanh(x):
    return 0.5 * x * (1.0 + np.tanh(np.sqrt(2.0 / np.pi) * (x + 0.044715 * x ** 3)))


def _linear(x, w, prefix):
    return x @ w[prefix + ".weight"].T + w[prefix + ".bias"]


def _attention(q, k, v, heads):
    # q [B,Tq,D], k/v [B,Tk,D]; head h uses features h*dh:(h+1)*dh.
    bsz, tq, dim = q.shape
    dh = dim // heads
    split = lambda t: t.reshape(bsz, -1, heads, dh).transpose(0, 2, 1, 3)
    scores = split(q) @ split(k).transpose(0, 1, 3, 2) / np.sqrt(dh)
    scores = np.exp(scores - scores.max(-1, keepdims=True))
    probs = scores / scores.sum(-1, keepdims=True)
    return (probs @ split(v)).transpose(0, 2, 1, 3).reshape(bsz, tq, dim)


def _mlp(x, w, prefix):
    return _linear(_gelu_tanh(_linear(x, w, prefix + ".fc1")), w, prefix + ".fc2")


def _encoder(x, w, prefix, layers, heads):
    hidden = [x]
    for i in range(layers):
        p = f"{prefix}.encoder.layers.{i}"
        h = _layer_norm(x, w[p + ".layer_norm1.weight"], w[p + ".layer_norm1.bias"])
        q, k, v = (_linear(h, w, f"{p}.self_attn.{n}_proj") for n in "qkv")
        x = x + _linear(_attention(q, k, v, heads), w, p + ".self_attn.out_proj")
        h = _layer_norm(x, w[p + ".layer_norm2.weight"], w[p + ".layer_norm2.bias"])
        x = x + _mlp(h, w, p + ".mlp")
        hidden.append(x)
    return x, hidden


def numpy_reference_forward(w: dict, spec: dict, pixels_nhwc: np.ndarray, ids: np.ndarray) -> dict:
    w = {k: v.astype(np.float64) for k, v in w.items()}
    v_cfg, t_cfg = spec["vision"], spec["text"]
    # Vision: patchify NHWC as (row, col) patches, each flattened in (kh, kw, c) order.
    p = v_cfg["patch_size"]
    bsz, size, _, chans = pixels_nhwc.shape
    g = size // p
    patches = pixels_nhwc.astype(np.float64).reshape(bsz, g, p, g, p, chans).transpose(0, 1, 3, 2, 4, 5)
    patches = patches.reshape(bsz, g * g, p * p * chans)
    kernel = w["vision_model.embeddings.patch_embedding.weight"]  # [out, c, kh, kw]
    kernel = kernel.transpose(2, 3, 1, 0).reshape(p * p * chans, -1)  # -> [(kh, kw, c), out]
    x = patches @ kernel + w["vision_model.embeddings.patch_embedding.bias"]
    x = x + w["vision_model.embeddings.position_embedding.weight"][None]
    x, vis_hidden = _encoder(x, w, "vision_model", v_cfg["num_hidden_layers"], v_cfg["num_attention_heads"])
    vis_last = _layer_norm(x, w["vision_model.post_layernorm.weight"], w["vision_model.post_layernorm.bias"])
    # MAP head: torch.nn.MultiheadAttention with stacked in_proj rows [q; k; v].
    dim = v_cfg["hidden_size"]
    in_w, in_b = w["vision_model.head.attention.in_proj_weight"], w["vision_model.head.attention.in_proj_bias"]
    probe = np.broadcast_to(w["vision_model.head.probe"], (bsz, 1, dim))
    q = probe @ in_w[:dim].T + in_b[:dim]
    k = vis_last @ in_w[dim:2 * dim].T + in_b[dim:2 * dim]
    v = vis_last @ in_w[2 * dim:].T + in_b[2 * dim:]
    h = _linear(_attention(q, k, v, v_cfg["num_attention_heads"]), w, "vision_model.head.attention.out_proj")
    h = h + _mlp(_layer_norm(h, w["vision_model.head.layernorm.weight"], w["vision_model.head.layernorm.bias"]),
                 w, "vision_model.head.mlp")
    image_pooled = h[:, 0]
    # Text: token + position embeddings, no attention mask, final LN, last position, head.
    x = w["text_model.embeddings.token_embedding.weight"][ids]
    x = x + w["text_model.embeddings.position_embedding.weight"][None, : ids.shape[1]]
    x, txt_hidden = _encoder(x, w, "text_model", t_cfg["num_hidden_layers"], t_cfg["num_attention_heads"])
    txt_last = _layer_norm(x, w["text_model.final_layer_norm.weight"], w["text_model.final_layer_norm.bias"])
    text_pooled = _linear(txt_last[:, -1], w, "text_model.head")
    # Plain L2 normalisation (no epsilon), logits = exp(logit_scale) * cos + logit_bias.
    img = image_pooled / np.linalg.norm(image_pooled, axis=-1, keepdims=True)
    txt = text_pooled / np.linalg.norm(text_pooled, axis=-1, keepdims=True)
    logits = np.exp(w["logit_scale"][0]) * img @ txt.T + w["logit_bias"][0]
    out = dict(image_pooled=image_pooled, text_pooled=text_pooled, image_embeds=img, text_embeds=txt,
               logits_per_image=logits, vision_last_hidden=vis_last, text_last_hidden=txt_last)
    out.update({f"vision_hidden_{i}": t for i, t in enumerate(vis_hidden)})
    out.update({f"text_hidden_{i}": t for i, t in enumerate(txt_hidden)})
    return out


def write_variant(name: str, spec: dict, root: Path, seed: int) -> None:
    torch.manual_seed(seed)
    rng = np.random.default_rng(seed)
    model = build_model(spec)
    pixels_nhwc, ids = make_inputs(spec, rng)
    tensors = forward(model, pixels_nhwc, ids)

    out_dir = root / name
    if out_dir.exists():
        shutil.rmtree(out_dir)
    model.save_pretrained(out_dir, safe_serialization=True)
    for path in out_dir.iterdir():
        if path.name not in ("model.safetensors", "config.json"):
            path.unlink() if path.is_file() else shutil.rmtree(path)
    save_file({k: np.ascontiguousarray(v) for k, v in tensors.items()}, str(out_dir / "io.safetensors"))

    reference = numpy_reference_forward(load_file(str(out_dir / "model.safetensors")), spec, pixels_nhwc, ids)
    worst = 0.0
    for key, value in reference.items():
        err = float(np.abs(value - tensors[key]).max())
        assert err < 1e-4, f"{name}: numpy reference disagrees with HF on {key}: max abs err {err}"
        worst = max(worst, err)
    print(f"  numpy float64 re-implementation matches HF on {len(reference)} tensors, max abs err {worst:.2e}")

    logits = tensors["logits_per_image"]
    print(f"{name}: logits_per_image =\n{np.array2string(logits, precision=4)}")
    print(f"  sigmoid(logits) diag = {1 / (1 + np.exp(-np.diag(logits)))}")
    for path in sorted(out_dir.iterdir()):
        print(f"  {path.name}: {path.stat().st_size} bytes")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent.parent / "tests" / "fixtures")
    parser.add_argument("--list-weights", action="store_true", help="print weight names and shapes per variant")
    args = parser.parse_args()
    torch.set_num_threads(1)
    for index, (name, spec) in enumerate(VARIANTS.items()):
        write_variant(name, spec, args.out, SEED + index)
        if args.list_weights:
            with safe_open(str(args.out / name / "model.safetensors"), "np") as f:
                for key in sorted(f.keys()):
                    t = f.get_tensor(key)
                    print(f"    {key} {list(t.shape)} {t.dtype}")
            print(json.dumps(json.loads((args.out / name / "config.json").read_text()), indent=1))


if __name__ == "__main__":
    main()
