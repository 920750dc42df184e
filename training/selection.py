"""Records how the shipped model was chosen: every candidate run's hold-out score, in its card.

    /usr/bin/python3 -m training.selection --card public/models/emotion-cnn/model-card.json \
        training/runs/fast-a training/runs/fast-b ...

Candidates are compared on the hold-out taken from train/ only (the score that picked each
run's best epoch), never on validation/, so the card can show the choice without the
reported test split having taken part in it. --add keeps the candidates the card already
records (their run folders may be long gone) and adds or replaces the runs given.

The best hold-out score wins, with one exception: among candidates whose gap to the best could be
chance, a run that also learned the live demo's framing (train.py --framing-data, scored on the
hold-out's faces as the detector cuts them) is preferred, because that is how a learner's face
reaches the model.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import sys

from . import models
from .card import read_card, write_card
from .train import RECIPE


def read_history(run: str) -> dict:
    with open(os.path.join(run, "history.json")) as f:
        return json.load(f)


def candidate(run: str, history: dict) -> dict:
    best = max(history["history"], key=lambda e: e["holdout_accuracy"])
    config = {**RECIPE, **history["config"]}  # runs older than a setting used its default
    return {
        "run": os.path.basename(os.path.normpath(run)),
        "layers": [list(layer) for layer in models.ARCHITECTURES[history["model"]]["layers"]],
        "parameters": history["parameters"],
        "recipe": {k: config[k] for k in ("epochs", "batch", "class_weight_power", "augment_strength", "lr")}
        | ({"framing_share": config["framing_share"]} if config.get("framing_data") else {}),
        "best_epoch": best["epoch"],
        "holdout_accuracy": best["holdout_accuracy"],
        # A run that learned from the detector's cuts was also scored on the hold-out's cuts.
        **({"holdout_accuracy_detector_cut": best["holdout_accuracy_detector_cut"]}
           if "holdout_accuracy_detector_cut" in best else {}),
        "train_seconds": history["train_seconds"],
        # 1: the run shared the 2-core machine with another, so its time is longer than alone.
        "threads": history.get("threads"),
    }


def gap_could_be_chance(a: float, b: float, n: int) -> bool:
    """As src/lib/stats.ts gapCouldBeChance: within 1.96 standard errors, the two taken as independent."""
    return abs(a - b) < 1.96 * math.sqrt((a * (1 - a) + b * (1 - b)) / n)


def choose(candidates: list[dict], holdout_size: int) -> str:
    best = max(candidates, key=lambda c: c["holdout_accuracy"])
    live = [c for c in candidates if "holdout_accuracy_detector_cut" in c and holdout_size
            and gap_could_be_chance(best["holdout_accuracy"], c["holdout_accuracy"], holdout_size)]
    return max(live or [best], key=lambda c: c["holdout_accuracy"])["run"]


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--card", required=True, help="model card to write the candidates into")
    p.add_argument("runs", nargs="+", help="training run folders, each with history.json")
    p.add_argument("--add", action="store_true", help="keep the candidates already in the card, replacing those of the same name")
    args = p.parse_args(sys.argv[1:] if argv is None else argv)
    missing = [run for run in args.runs if not os.path.exists(os.path.join(run, "history.json"))]
    if missing:
        print(f"error: no history.json in {', '.join(missing)}", file=sys.stderr)
        return 2
    card = read_card(args.card)
    histories = {run: read_history(run) for run in args.runs}
    candidates = [candidate(run, history) for run, history in histories.items()]
    if args.add:
        given = {c["run"] for c in candidates}
        recorded = card.get("selection", {}).get("candidates", [])
        candidates = [c for c in recorded if c["run"] not in given] + candidates
    # Every candidate is scored on the same hold-out (seed 0, a tenth of train/).
    holdout_size = max(history.get("holdout_size", 0) for history in histories.values())
    chosen = choose(candidates, holdout_size)
    card["selection"] = {"split": "hold-out from train/", "chosen": chosen, "candidates": candidates}
    write_card(card, args.card)
    for c in candidates:
        mark = "  <- chosen: ship this recipe" if c["run"] == chosen else ""
        print(f"{c['run']}: hold-out {c['holdout_accuracy']:.4f} (epoch {c['best_epoch']}), {c['parameters']:,} parameters{mark}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
