"""Batched augmentation on [N,C,H,W] tensors in 0..1: cheap enough to run every step on a CPU."""
from __future__ import annotations

import math

import torch
import torch.nn.functional as F


def augment(x: torch.Tensor, generator: torch.Generator, strength: float = 1.0) -> torch.Tensor:
    n = x.shape[0]

    def uniform(low: float, high: float) -> torch.Tensor:
        return low + (high - low) * torch.rand(n, generator=generator)

    flip = torch.rand(n, generator=generator) < 0.5
    x = torch.where(flip[:, None, None, None], x.flip(3), x)

    # Small rotation, zoom and shift in one resampling pass.
    angle = uniform(-12, 12) * strength * math.pi / 180
    scale = 1 + uniform(-0.12, 0.12) * strength
    shift_x = uniform(-0.1, 0.1) * strength * 2
    shift_y = uniform(-0.1, 0.1) * strength * 2
    cos, sin = torch.cos(angle) / scale, torch.sin(angle) / scale
    theta = torch.stack([torch.stack([cos, -sin, shift_x], 1), torch.stack([sin, cos, shift_y], 1)], 1)
    grid = F.affine_grid(theta, list(x.shape), align_corners=False)
    x = F.grid_sample(x, grid, mode="bilinear", padding_mode="border", align_corners=False)

    # Brightness and contrast.
    mean = x.mean(dim=(1, 2, 3), keepdim=True)
    contrast = uniform(0.7, 1.3)[:, None, None, None]
    brightness = uniform(-0.15, 0.15)[:, None, None, None]
    x = ((x - mean) * contrast + mean + brightness).clamp(0, 1)

    # Random erasing: hide a patch so no single facial region is relied on.
    erase = torch.rand(n, generator=generator) < 0.3 * strength
    if erase.any():
        h, w = x.shape[2], x.shape[3]
        size = (uniform(0.15, 0.35) * h).long()
        top = (torch.rand(n, generator=generator) * (h - size)).long()
        left = (torch.rand(n, generator=generator) * (w - size)).long()
        rows = torch.arange(h)[None, :, None]
        cols = torch.arange(w)[None, None, :]
        box = (rows >= top[:, None, None]) & (rows < (top + size)[:, None, None]) & \
              (cols >= left[:, None, None]) & (cols < (left + size)[:, None, None])
        box &= erase[:, None, None]
        x = torch.where(box[:, None], torch.rand(n, 1, 1, 1, generator=generator), x)
    return x
