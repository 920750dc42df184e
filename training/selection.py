"""Records how the shipped model was chosen: every candidate run's hold-out score, in its card.

    /usr/bin/python3 -m training.selection --card public/models/emotion-cnn/model-card.json \
        training/runs/fast-a training/runs/fast-b ...

Candidates are compared on the hold-out taken from train/ only (the score that picked each
run's best epoch), never on validation/, so the card can show the choice without the
reported test split having taken part in it.
"""
from __future__ import annotations

import argparse
import json
import os
import sys

from . import models
from .card import read_card, write_card
from .train import RECIPE


def candidate(run: str) -> dict:
    with open(os.path.join(run, "history.json")) as f:
        history = json.load(f)
    best = max(history["history"], key=lambda e: e["holdout_accuracy"])
    config = {**RECIPE, **history["config"]}  # runs older than a setting used its default
    return {
        "run": os.path.basename(os.path.normpath(run)),
        "layers": [list(layer) for layer in models.ARCHITECTURES[history["model"]]["layers"]],
        "parameters": history["parameters"],
        "recipe": {k: config[k] for k in ("epochs", "batch", "class_weight_power", "augment_strength", "lr")},
        "best_epoch": best["epoch"],
        "holdout_accuracy": best["holdout_accuracy"],
        "train_seconds": history["train_seconds"],
        # 1: the run shared the 2-core machine with another, so its time is longer than alone.
        "threads": history.get("threads"),
    }


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--card", required=True, help="model card to write the candidates into")
    p.add_argument("runs", nargs="+", help="training run folders, each with history.json")
    args = p.parse_args(sys.argv[1:] if argv is None else argv)
    missing = [run for run in args.runs if not os.path.exists(os.path.join(run, "history.json"))]
    if missing:
        print(f"error: no history.json in {', '.join(missing)}", file=sys.stderr)
        return 2
    card = read_card(args.card)
    candidates = [candidate(run) for run in args.runs]
    chosen = max(candidates, key=lambda c: c["holdout_accuracy"])["run"]
    card["selection"] = {"split": "hold-out from train/", "chosen": chosen, "candidates": candidates}
    write_card(card, args.card)
    for c in candidates:
        mark = "  <- best: ship this run" if c["run"] == chosen else ""
        print(f"{c['run']}: hold-out {c['holdout_accuracy']:.4f} (epoch {c['best_epoch']}), {c['parameters']:,} parameters{mark}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
