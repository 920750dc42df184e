"""Writes a tiny synthetic dataset in the FER2013 folder layout (no real faces).

    /usr/bin/python3 -m training.tests.tiny_dataset <folder> [--per-class 12]

Each class gets a distinct pattern so a one-epoch run has something to learn.
"""
from __future__ import annotations

import argparse
import os

import numpy as np
from PIL import Image

LABELS = ["angry", "disgust", "fear", "happy", "neutral", "sad", "surprise"]


def write_tiny_dataset(root: str, per_class: int = 12, seed: int = 0, splits=("train", "validation")) -> None:
    rng = np.random.default_rng(seed)
    yy, xx = np.mgrid[0:48, 0:48]
    for split in splits:
        for index, label in enumerate(LABELS):
            folder = os.path.join(root, split, label)
            os.makedirs(folder, exist_ok=True)
            for n in range(per_class):
                stripes = 127 + 100 * np.sin((xx * np.cos(index) + yy * np.sin(index)) / (2 + index))
                noise = rng.normal(0, 20, (48, 48))
                pixels = np.clip(stripes + noise, 0, 255).astype(np.uint8)
                Image.fromarray(pixels, "L").save(os.path.join(folder, f"{split}_{n}.png"))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("folder")
    parser.add_argument("--per-class", type=int, default=12)
    args = parser.parse_args()
    write_tiny_dataset(args.folder, args.per_class)
