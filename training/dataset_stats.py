"""Aggregates of the dataset that may ship on the site: class counts and average faces.

    /usr/bin/python3 -m training.dataset_stats --data ../shared/datasets/fer2013

Writes src/data/dataset-stats.json (counts per split and class, the hold-out
split used for model selection) and public/data/average-faces/<class>.png (the
pixel-wise mean of every training image of a class: no individual image ships).
"""
from __future__ import annotations

import argparse
import os
import sys

import numpy as np
from PIL import Image

from .data import DatasetError, cached_split, stratified_holdout
from .card import DEFAULT_CARD, ROOT, read_card
from .train import write_json


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data", required=True)
    p.add_argument("--holdout", type=float, default=0.1)
    p.add_argument("--seed", type=int, default=0)
    args = p.parse_args(sys.argv[1:] if argv is None else argv)
    labels = read_card(DEFAULT_CARD)["labels"]
    cache = os.path.join(ROOT, "training", "runs", "cache")
    faces_dir = os.path.join(ROOT, "public", "data", "average-faces")
    os.makedirs(faces_dir, exist_ok=True)
    stats = {"dataset": "FER2013", "labels": labels, "splits": {}, "averageFaces": {}, "splitNotes": {
        "train": "FER2013 Training: all training images",
        "fit": "the part of train/ the models learn from",
        "holdout": f"{args.holdout:.0%} of train/ (seed {args.seed}) kept aside to pick the best epoch",
        "validation": "FER2013 PublicTest: the reported test split, never used to choose anything"}}
    try:
        for split in ("train", "validation"):
            x, y, _ = cached_split(args.data, split, labels, cache)
            stats["splits"][split] = {label: int((y == i).sum()) for i, label in enumerate(labels)}
            if split == "train":
                train_idx, hold_idx = stratified_holdout(y, args.holdout, args.seed)
                stats["splits"]["fit"] = {label: int((y[train_idx] == i).sum()) for i, label in enumerate(labels)}
                stats["splits"]["holdout"] = {label: int((y[hold_idx] == i).sum()) for i, label in enumerate(labels)}
                for i, label in enumerate(labels):
                    mean = x[y == i].astype(np.float64).mean(axis=0)
                    Image.fromarray(np.round(mean).astype(np.uint8), "L").save(os.path.join(faces_dir, f"{label}.png"))
                    stats["averageFaces"][label] = f"/data/average-faces/{label}.png"
    except DatasetError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    write_json(stats, os.path.join(ROOT, "src", "data", "dataset-stats.json"))
    print(f"wrote src/data/dataset-stats.json and {len(labels)} average faces")
    return 0


if __name__ == "__main__":
    sys.exit(main())
