"""Batched augmentation on [N,C,H,W] tensors in 0..1: cheap enough to run every step on a CPU."""
from __future__ import annotations

import json
import math
import os

import torch
import torch.nn.functional as F

# The ranges at strength 1 and what strength scales: one file, which the lesson's demo reads too.
with open(os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "src", "lib", "ml", "augmentation.json")) as _f:
    _SHARED = json.load(_f)
RANGES = _SHARED["ranges"]
SCALED_BY_STRENGTH = _SHARED["scaledByStrength"]


def augment(x: torch.Tensor, generator: torch.Generator, strength: float = 1.0) -> torch.Tensor:
    n = x.shape[0]
    r = RANGES
    # What strength scales; the rest (mirroring, contrast, brightness) happens at strength 0 too.
    factor = {key: strength if key in SCALED_BY_STRENGTH else 1 for key in ("flipProbability", "angle", "scale", "shift", "brightness", "eraseProbability")}

    def uniform(low: float, high: float) -> torch.Tensor:
        return low + (high - low) * torch.rand(n, generator=generator)

    flip = torch.rand(n, generator=generator) < r["flipProbability"] * factor["flipProbability"]
    x = torch.where(flip[:, None, None, None], x.flip(3), x)

    # Small rotation, zoom and shift in one resampling pass.
    angle = uniform(-r["angle"], r["angle"]) * factor["angle"] * math.pi / 180
    scale = 1 + uniform(-r["scale"], r["scale"]) * factor["scale"]
    shift_x = uniform(-r["shift"], r["shift"]) * factor["shift"] * 2
    shift_y = uniform(-r["shift"], r["shift"]) * factor["shift"] * 2
    cos, sin = torch.cos(angle) / scale, torch.sin(angle) / scale
    theta = torch.stack([torch.stack([cos, -sin, shift_x], 1), torch.stack([sin, cos, shift_y], 1)], 1)
    grid = F.affine_grid(theta, list(x.shape), align_corners=False)
    x = F.grid_sample(x, grid, mode="bilinear", padding_mode="border", align_corners=False)

    # Brightness and contrast.
    mean = x.mean(dim=(1, 2, 3), keepdim=True)
    contrast = uniform(*r["contrast"])[:, None, None, None]
    brightness = (uniform(-r["brightness"], r["brightness"]) * factor["brightness"])[:, None, None, None]
    x = ((x - mean) * contrast + mean + brightness).clamp(0, 1)

    # Random erasing: hide a patch so no single facial region is relied on.
    erase = torch.rand(n, generator=generator) < r["eraseProbability"] * factor["eraseProbability"]
    if erase.any():
        h, w = x.shape[2], x.shape[3]
        size = (uniform(*r["eraseSize"]) * h).long()
        top = (torch.rand(n, generator=generator) * (h - size)).long()
        left = (torch.rand(n, generator=generator) * (w - size)).long()
        rows = torch.arange(h)[None, :, None]
        cols = torch.arange(w)[None, None, :]
        box = (rows >= top[:, None, None]) & (rows < (top + size)[:, None, None]) & \
              (cols >= left[:, None, None]) & (cols < (left + size)[:, None, None])
        box &= erase[:, None, None]
        x = torch.where(box[:, None], torch.rand(n, 1, 1, 1, generator=generator), x)
    return x
