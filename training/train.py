"""Trains one zoo model on an image-folder FER2013 and saves checkpoints and history.

    /usr/bin/python3 -m training.train --data ../shared/datasets/fer2013 --model emotion-cnn

Model selection uses a stratified hold-out taken from train/ only; validation/
is never read here. Interrupt at any time: rerunning the same command resumes
from the last finished epoch.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

from . import models
from .augment import augment
from .card import DEFAULT_CARD, ROOT, read_card, repo_path
from .data import DatasetError, cached_split, framing_crops, stratified_holdout

# Training settings an architecture does not set itself (models.py: "epochs" and "recipe").
RECIPE = {"batch": 128, "class_weight_power": 0.3, "augment_strength": 1.0}
# Settings that name files: the history and the card keep them relative to the repository.
PATH_SETTINGS = ("data", "card", "init_from", "framing_data")


def with_repo_paths(config: dict) -> dict:
    return {k: repo_path(v) if k in PATH_SETTINGS else v for k, v in config.items()}


def to_input(images: np.ndarray, card_input: dict, channels: int) -> torch.Tensor:
    """uint8 [N,H,W] -> float [N,C,H,W] using the card's x = pixel * scale + offset."""
    x = torch.from_numpy(images).float()[:, None] * card_input["scale"] + card_input["offset"]
    return x.expand(-1, channels, -1, -1).contiguous() if channels > 1 else x


def class_weights(y: np.ndarray, num_classes: int, power: float) -> torch.Tensor:
    counts = np.maximum(np.bincount(y, minlength=num_classes), 1).astype(np.float64)
    weights = (len(y) / (num_classes * counts)) ** power
    return torch.tensor(weights / weights.mean(), dtype=torch.float32)


def train_step(model: torch.nn.Module, optimizer, scheduler, xb: torch.Tensor, yb: torch.Tensor,
               weights: torch.Tensor, label_smoothing: float) -> tuple[float, int]:
    """One optimiser step; returns the batch's summed loss and how many it got right."""
    logits = model(xb)
    loss = F.cross_entropy(logits, yb, weight=weights, label_smoothing=label_smoothing)
    optimizer.zero_grad(set_to_none=True)
    loss.backward()
    optimizer.step()
    scheduler.step()
    return loss.item() * len(yb), (logits.argmax(1) == yb).sum().item()


def evaluate(model: torch.nn.Module, x: torch.Tensor, y: torch.Tensor, batch: int = 512) -> tuple[float, float]:
    model.eval()
    total_loss, correct = 0.0, 0
    with torch.no_grad():
        for start in range(0, len(x), batch):
            logits = model(x[start:start + batch])
            target = y[start:start + batch]
            total_loss += F.cross_entropy(logits, target, reduction="sum").item()
            correct += (logits.argmax(1) == target).sum().item()
    return total_loss / len(x), correct / len(x)


def save_atomic(obj, path: str) -> None:
    tmp = path + ".tmp"
    torch.save(obj, tmp)
    os.replace(tmp, path)


def write_json(obj, path: str) -> None:
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        json.dump(obj, f, indent=1)
    os.replace(tmp, path)


def parse_args(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data", required=True, help="folder holding train/<class>/*.jpg")
    p.add_argument("--model", default="emotion-cnn", choices=sorted(models.ARCHITECTURES))
    p.add_argument("--out", default=None, help="run folder (default training/runs/<model>)")
    p.add_argument("--card", default=DEFAULT_CARD, help="model card giving labels and input normalisation")
    p.add_argument("--epochs", type=int, default=None, help="default: the architecture's own (models.py)")
    p.add_argument("--batch", type=int, default=None, help=f"default: {RECIPE['batch']} or the architecture's recipe")
    p.add_argument("--lr", type=float, default=3e-3)
    p.add_argument("--weight-decay", type=float, default=0.05)
    p.add_argument("--label-smoothing", type=float, default=0.1)
    p.add_argument("--class-weight-power", type=float, default=None,
                   help="0 = plain loss, 1 = full inverse-frequency weights (disgust is rare); "
                        f"default: {RECIPE['class_weight_power']} or the architecture's recipe")
    p.add_argument("--holdout", type=float, default=0.1,
                   help="share of train/ held out for model selection; 0 = final fit on all of train/ (keeps the last epoch)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--threads", type=int, default=os.cpu_count() or 2)
    p.add_argument("--limit", type=int, default=0, help="use only the first N training images (smoke tests)")
    p.add_argument("--augment-strength", type=float, default=None,
                   help=f"scales every augmentation (0 = none); default: {RECIPE['augment_strength']} or the architecture's recipe")
    p.add_argument("--dropout", type=float, default=None,
                   help="replace every dropout rate of the architecture (0 = none); default: the architecture's own")
    p.add_argument("--init-from", default=None, help="start from this run's best.pt (fine-tuning)")
    p.add_argument("--pct-start", type=float, default=0.2, help="share of the one-cycle schedule spent warming up")
    p.add_argument("--framing-data", default=None,
                   help="folder of the faces as the live demo's detector path cuts them "
                        "(npm run evaluate:through-detector -- --split train --save-crops <folder>)")
    p.add_argument("--framing-share", type=float, default=0.5,
                   help="with --framing-data: the chance that a training face is shown as the detector cut it")
    p.add_argument("--fresh", action="store_true", help="ignore an existing checkpoint")
    p.add_argument("--stop-after", type=int, default=0, help="stop after N epochs this session (rerun to resume)")
    return p.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    arch = models.ARCHITECTURES[args.model]
    for key, value in {**RECIPE, "epochs": arch["epochs"], **arch.get("recipe", {})}.items():
        if getattr(args, key) is None:
            setattr(args, key, value)
    torch.set_num_threads(args.threads)
    out = args.out or os.path.join(ROOT, "training", "runs", args.model)
    os.makedirs(out, exist_ok=True)
    card = read_card(args.card)
    labels, card_input = card["labels"], card["input"]

    try:
        images, targets, report = cached_split(args.data, "train", labels, os.path.join(ROOT, "training", "runs", "cache"))
    except DatasetError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(report.summary())
    for path, why in report.skipped[:20]:
        print(f"  skipped {path}: {why}")
    # The live demo's cut of each face: the model learns the framing it will meet as well as FER2013's.
    cuts, has_cut = None, np.zeros(len(targets), dtype=bool)
    if args.framing_data:
        try:
            cuts, has_cut = framing_crops(args.framing_data, args.data, "train", labels, len(targets))
        except DatasetError as error:
            print(f"error: {error}", file=sys.stderr)
            return 2
        print(f"detector cuts: {has_cut.sum()} of {len(targets)} faces, each shown instead with chance {args.framing_share}")
    if args.limit:
        subset = np.sort(np.random.default_rng(args.seed).permutation(len(targets))[:args.limit])
        images, targets, has_cut = images[subset], targets[subset], has_cut[subset]
        cuts = None if cuts is None else cuts[subset]

    train_idx, hold_idx = stratified_holdout(targets, args.holdout, args.seed)
    x_train = to_input(images[train_idx], card_input, arch["channels"])
    y_train = torch.from_numpy(targets[train_idx])
    x_hold = to_input(images[hold_idx], card_input, arch["channels"])
    y_hold = torch.from_numpy(targets[hold_idx])
    if cuts is not None:
        cut_train, cut_train_mask = to_input(cuts[train_idx], card_input, arch["channels"]), torch.from_numpy(has_cut[train_idx])
        hold_cut = hold_idx[has_cut[hold_idx]]
        x_hold_cut, y_hold_cut = to_input(cuts[hold_cut], card_input, arch["channels"]), torch.from_numpy(targets[hold_cut])
    print(f"train {len(y_train)}  hold-out {len(y_hold)} (seed {args.seed}, from train/ only)")
    # A final fit has no hold-out: its last epoch is its best.
    final_fit = len(y_hold) == 0

    torch.manual_seed(args.seed)
    model = models.build(models.with_dropout(arch, args.dropout), len(labels))
    # A fine-tuning stage continues another run: its history, time and best model carry over.
    parent = {"history": [], "train_seconds": 0.0, "cpu_seconds": 0.0, "best_accuracy": -1.0}
    if args.init_from:
        parent_best = torch.load(args.init_from)
        model.load_state_dict(parent_best["model"])
        with open(os.path.join(os.path.dirname(args.init_from), "history.json")) as f:
            parent_history = json.load(f)
        parent = {**parent_history, "best_accuracy": max(e["holdout_accuracy"] for e in parent_history["history"])}
        print(f"starting from {args.init_from} (hold-out accuracy {parent['best_accuracy']:.4f})")
    offset = len(parent["history"])
    steps_per_epoch = (len(y_train) + args.batch - 1) // args.batch
    optimizer = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=args.weight_decay)
    scheduler = torch.optim.lr_scheduler.OneCycleLR(
        optimizer, max_lr=args.lr, epochs=args.epochs, steps_per_epoch=steps_per_epoch, pct_start=args.pct_start)
    weights = class_weights(targets[train_idx], len(labels), args.class_weight_power)
    generator = torch.Generator().manual_seed(args.seed)
    config = with_repo_paths({k: v for k, v in vars(args).items() if k not in ("fresh", "threads", "out", "stop_after")})
    state = {"epoch": 0, "history": [], "best_accuracy": parent["best_accuracy"], "train_seconds": 0.0}
    if args.init_from and not os.path.exists(os.path.join(out, "best.pt")):
        save_atomic({**parent_best, "epoch": parent_best["epoch"]}, os.path.join(out, "best.pt"))

    checkpoint_path = os.path.join(out, "checkpoint.pt")
    if os.path.exists(checkpoint_path) and not args.fresh:
        saved = torch.load(checkpoint_path)
        defaults = vars(parse_args(["--data", args.data]))
        if with_repo_paths({**{k: defaults.get(k) for k in config}, "epochs": config["epochs"], "model": args.model, **saved["config"]}) != config:
            print(f"error: {checkpoint_path} was made with other settings; rerun with --fresh to start over", file=sys.stderr)
            return 2
        model.load_state_dict(saved["model"])
        optimizer.load_state_dict(saved["optimizer"])
        scheduler.load_state_dict(saved["scheduler"])
        generator.set_state(saved["generator"])
        torch.set_rng_state(saved["torch_rng"])
        state = saved["state"]
        print(f"resuming after epoch {state['epoch']}")

    print(f"{args.model}: {models.count_parameters(model):,} parameters, {args.epochs} epochs, {steps_per_epoch} steps each")
    stop_at = min(args.epochs, state["epoch"] + args.stop_after) if args.stop_after else args.epochs
    while state["epoch"] < stop_at:
        started, cpu_started = time.time(), time.process_time()
        model.train()
        order = torch.randperm(len(y_train), generator=generator)
        seen, loss_sum, correct = 0, 0.0, 0
        for step in range(steps_per_epoch):
            idx = order[step * args.batch:(step + 1) * args.batch]
            xb = x_train[idx]
            if cuts is not None:
                shown_cut = (torch.rand(len(idx), generator=generator) < args.framing_share) & cut_train_mask[idx]
                xb = torch.where(shown_cut[:, None, None, None], cut_train[idx], xb)
            xb, yb = augment(xb, generator, args.augment_strength), y_train[idx]
            batch_loss, batch_correct = train_step(model, optimizer, scheduler, xb, yb, weights, args.label_smoothing)
            seen += len(yb)
            loss_sum += batch_loss
            correct += batch_correct
        hold_loss, hold_acc = (None, None) if final_fit else evaluate(model, x_hold, y_hold)
        # The same hold-out faces as the detector cut them: the model as the live demo meets it.
        hold_cut_acc = None if final_fit or cuts is None or not len(y_hold_cut) else evaluate(model, x_hold_cut, y_hold_cut)[1]
        state["epoch"] += 1
        state["train_seconds"] += time.time() - started
        # CPU time shows the cost of training even when other jobs share the machine.
        state["cpu_seconds"] = state.get("cpu_seconds", 0.0) + time.process_time() - cpu_started
        entry = {
            "epoch": offset + state["epoch"], "train_loss": round(loss_sum / seen, 4), "train_accuracy": round(correct / seen, 4),
            "holdout_loss": None if hold_loss is None else round(hold_loss, 4),
            "holdout_accuracy": None if hold_acc is None else round(hold_acc, 4),
            **({} if hold_cut_acc is None else {"holdout_accuracy_detector_cut": round(hold_cut_acc, 4)}),
            "lr": scheduler.get_last_lr()[0], "seconds": round(time.time() - started, 1),
            "cpu_seconds": round(time.process_time() - cpu_started, 1),
        }
        state["history"].append(entry)
        if final_fit or hold_acc > state["best_accuracy"]:
            state["best_accuracy"] = -1.0 if final_fit else hold_acc
            save_atomic({"model": model.state_dict(), "epoch": offset + state["epoch"], "arch": args.model}, os.path.join(out, "best.pt"))
        save_atomic({"config": config, "model": model.state_dict(), "optimizer": optimizer.state_dict(),
                     "scheduler": scheduler.state_dict(), "generator": generator.get_state(),
                     "torch_rng": torch.get_rng_state(), "state": state}, checkpoint_path)
        history = parent["history"] + state["history"]
        write_json({"model": args.model, "config": config, "parameters": models.count_parameters(model),
                    "train_size": len(y_train), "holdout_size": len(y_hold),
                    "best_epoch": history[-1]["epoch"] if final_fit else max(history, key=lambda e: e["holdout_accuracy"])["epoch"],
                    "train_seconds": round(parent["train_seconds"] + state["train_seconds"], 1),
                    "cpu_seconds": round(parent.get("cpu_seconds", 0.0) + state["cpu_seconds"], 1),
                    "threads": args.threads,
                    "stages": parent.get("stages", [{"epochs": offset, "config": parent.get("config")}] if offset else [])
                    + [{"epochs": args.epochs, "config": config}],
                    "history": history},
                   os.path.join(out, "history.json"))
        print(json.dumps(entry), flush=True)
    if state["epoch"] < args.epochs:
        print(f"stopped after epoch {state['epoch']} of {args.epochs}; rerun the same command to resume")
        return 0
    score = "final fit on all of train/ (no hold-out)" if final_fit else f"best hold-out accuracy {state['best_accuracy']:.4f}"
    print(f"done: {score}; train time {state['train_seconds'] / 60:.1f} min")
    return 0


if __name__ == "__main__":
    sys.exit(main())
