"""Trains a new classification head on frozen features of a pretrained network.

    /usr/bin/python3 -m training.transfer_head --run training/runs/transfer-facemesh --feature trunk \\
        --out public/models/zoo/transfer-facemesh

Normally run by `node scripts/zoo-transfer.ts --data <fer2013>`, which first extracts the features
with TF.js (FaceMesh from @vladmandic/human, frozen) into <run>/: raw little-endian float32 files
`train-<feature>.f32` (N x D, NHWC order), `train-flip-<feature>.f32` (the same images mirrored),
`train-labels.u8`, and `features.json` describing them.

Only train/ features are read here. Model selection (the epoch kept) uses the same stratified
10% hold-out of train/ (seed 0) as training/train.py; validation/ is evaluated afterwards, in
TF.js, by scripts/zoo-transfer.ts. The head is exported as a TF.js LayersModel (model.json +
head.bin) taking the feature map as input, with the feature standardisation folded into its first
layer, plus test vectors (<run>/head-parity.json) the Node side replays to check the export.

Heads: "mlp" = flatten -> dense(hidden, relu) -> dense(7, softmax);
       "conv" (feature maps only) = 1x1 conv(channels, relu) -> flatten -> dense(hidden, relu) -> dense(7).
"""
from __future__ import annotations

import argparse
import copy
import json
import os
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from .data import stratified_holdout
from .export_tfjs import write_layers_model
from .train import class_weights, train_step, write_json

WEIGHTS_FILE = "head.bin"


class FeatureError(Exception):
    """Feature files missing or inconsistent."""


def load_features(run: str, feature: str, flipped: bool) -> tuple[dict, np.ndarray, np.ndarray | None, np.ndarray]:
    """Returns (manifest, train features [N, D], mirrored train features or None, labels [N])."""
    manifest_path = os.path.join(run, "features.json")
    if not os.path.exists(manifest_path):
        raise FeatureError(f"no {manifest_path}; extract features first with node scripts/zoo-transfer.ts --data <fer2013>")
    with open(manifest_path) as f:
        manifest = json.load(f)
    if feature not in manifest["features"]:
        raise FeatureError(f"unknown feature '{feature}'; {manifest_path} has {', '.join(manifest['features'])}")
    dim = manifest["features"][feature]["dim"]

    def read(name: str) -> np.ndarray:
        path = os.path.join(run, name)
        if not os.path.exists(path):
            raise FeatureError(f"missing {path}; rerun node scripts/zoo-transfer.ts")
        values = np.fromfile(path, dtype="<f4")
        if values.size % dim:
            raise FeatureError(f"{path} holds {values.size} values, not a multiple of {dim}")
        return values.reshape(-1, dim)

    labels = np.fromfile(os.path.join(run, "train-labels.u8"), dtype=np.uint8).astype(np.int64)
    x = read(f"train-{feature}.f32")
    x_flip = read(f"train-flip-{feature}.f32") if flipped else None
    if len(x) != len(labels) or (x_flip is not None and len(x_flip) != len(labels)):
        raise FeatureError(f"feature and label counts differ in {run}; rerun extraction with --fresh")
    if not np.isfinite(x).all():
        raise FeatureError(f"non-finite values in train-{feature}.f32")
    return manifest, x, x_flip, labels


class Head(nn.Module):
    """Standardise, then the head. Inputs are flat NHWC feature vectors."""

    def __init__(self, kind: str, shape: list[int], num_classes: int, hidden: int, channels: int,
                 dropout: float, input_dropout: float, mean: np.ndarray, std: np.ndarray):
        super().__init__()
        self.kind, self.shape = kind, list(shape)
        self.register_buffer("mean", torch.as_tensor(mean, dtype=torch.float32))
        self.register_buffer("std", torch.as_tensor(std, dtype=torch.float32))
        self.input_dropout = nn.Dropout(input_dropout)
        dim = int(np.prod(shape))
        if kind == "conv":
            if len(shape) != 3:
                raise ValueError("the conv head needs a feature map (H, W, C)")
            self.reduce = nn.Linear(shape[2], channels)  # a 1x1 convolution on NHWC = a dense layer on the last axis
            dim = shape[0] * shape[1] * channels
        self.hidden = nn.Linear(dim, hidden)
        self.dropout = nn.Dropout(dropout)
        self.out = nn.Linear(hidden, num_classes)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = self.input_dropout((x - self.mean) / self.std)
        if self.kind == "conv":
            h, w, c = self.shape
            x = F.relu(self.reduce(x.view(-1, h * w, c))).reshape(x.shape[0], -1)
        return self.out(self.dropout(F.relu(self.hidden(x))))


def standardisation(x: np.ndarray, kind: str, shape: list[int]) -> tuple[np.ndarray, np.ndarray]:
    """Per-value mean/std for the mlp head; per-channel (foldable into a 1x1 conv) for the conv head."""
    if kind == "conv":
        per_channel = x.reshape(-1, shape[-1]).astype(np.float64)
        mean, std = per_channel.mean(0), per_channel.std(0)
        mean, std = np.tile(mean, shape[0] * shape[1]), np.tile(std, shape[0] * shape[1])
    else:
        mean, std = x.astype(np.float64).mean(0), x.astype(np.float64).std(0)
    return mean.astype(np.float32), np.maximum(std, 1e-3).astype(np.float32)


def folded_layers(head: Head) -> list[tuple[str, np.ndarray, np.ndarray]]:
    """(kind, kernel in Keras layout, bias) with the standardisation folded into the first layer."""
    mean, std = head.mean.numpy().astype(np.float64), head.std.numpy().astype(np.float64)
    layers = []
    if head.kind == "conv":
        c = head.shape[2]
        m, s = mean[:c], std[:c]
        w, b = head.reduce.weight.detach().numpy().astype(np.float64), head.reduce.bias.detach().numpy().astype(np.float64)
        layers.append(("conv1x1", (w / s).T[None, None], b - w @ (m / s)))
        first = head.hidden
        layers.append(("dense", first.weight.detach().numpy().T.astype(np.float64), first.bias.detach().numpy().astype(np.float64)))
    else:
        w, b = head.hidden.weight.detach().numpy().astype(np.float64), head.hidden.bias.detach().numpy().astype(np.float64)
        layers.append(("dense", (w / std).T, b - w @ (mean / std)))
    layers.append(("dense", head.out.weight.detach().numpy().T.astype(np.float64), head.out.bias.detach().numpy().astype(np.float64)))
    return layers


def forward_folded(layers: list[tuple[str, np.ndarray, np.ndarray]], x: np.ndarray, shape: list[int]) -> np.ndarray:
    """What the exported Keras model computes, in numpy: softmax probabilities."""
    x = x.astype(np.float64)
    for index, (kind, kernel, bias) in enumerate(layers):
        if kind == "conv1x1":
            h, w, c = shape
            x = np.maximum(x.reshape(-1, h * w, c) @ kernel[0, 0] + bias, 0).reshape(x.shape[0], -1)
        else:
            x = x @ kernel + bias
            if index < len(layers) - 1:
                x = np.maximum(x, 0)
    x = x - x.max(1, keepdims=True)
    e = np.exp(x)
    return e / e.sum(1, keepdims=True)


def export_head(layers, shape: list[int], num_classes: int, out: str, dtype: str, name: str) -> tuple[dict, list]:
    """Writes model.json + head.bin; returns the weight info and the layers as TF.js will decode them."""
    keras, specs, chunks, decoded = [], [], [], []
    input_shape = [None, *shape]
    if layers[0][0] == "conv1x1":
        kernel, bias = layers[0][1], layers[0][2]
        keras.append({"class_name": "Conv2D", "config": {
            "name": "reduce", "trainable": False, "dtype": "float32", "batch_input_shape": input_shape,
            "filters": int(kernel.shape[-1]), "kernel_size": [1, 1], "strides": [1, 1], "padding": "valid",
            "data_format": "channels_last", "dilation_rate": [1, 1], "activation": "relu", "use_bias": True}})
        keras.append({"class_name": "Flatten", "config": {"name": "flatten", "trainable": False, "dtype": "float32"}})
        named = [("reduce", layers[0])]
    else:
        keras.append({"class_name": "Flatten", "config": {"name": "flatten", "trainable": False, "dtype": "float32",
                                                          "batch_input_shape": input_shape}})
        named = []
    dense_layers = [layer for layer in layers if layer[0] == "dense"]
    for i, layer in enumerate(dense_layers):
        last = i == len(dense_layers) - 1
        layer_name = "probabilities" if last else f"hidden{i + 1}"
        keras.append({"class_name": "Dense", "config": {
            "name": layer_name, "trainable": False, "dtype": "float32", "units": num_classes if last else int(layer[1].shape[1]),
            "activation": "softmax" if last else "relu", "use_bias": True}})
        named.append((layer_name, layer))
    for layer_name, (kind, kernel, bias) in named:
        decoded_pair = []
        for suffix, array in (("kernel", kernel), ("bias", bias)):
            array = np.ascontiguousarray(array, dtype=np.float32)
            spec = {"name": f"{layer_name}/{suffix}", "shape": list(array.shape), "dtype": "float32"}
            if dtype == "float16":
                spec["quantization"] = {"dtype": "float16"}
                chunks.append(array.astype("<f2").tobytes())
                decoded_pair.append(array.astype(np.float16).astype(np.float64))
            else:
                chunks.append(array.astype("<f4").tobytes())
                decoded_pair.append(array.astype(np.float64))
            specs.append(spec)
        decoded.append((kind, decoded_pair[0], decoded_pair[1]))
    weight_bytes = write_layers_model(out, name, keras, specs, chunks, "training/transfer_head.py", WEIGHTS_FILE)
    return {"weight_bytes": weight_bytes, "weight_dtype": dtype}, decoded


def evaluate(model: nn.Module, x: torch.Tensor, y: torch.Tensor, batch: int = 1024) -> tuple[float, float]:
    model.eval()
    loss, correct = 0.0, 0
    with torch.no_grad():
        for start in range(0, len(x), batch):
            logits = model(x[start:start + batch])
            loss += F.cross_entropy(logits, y[start:start + batch], reduction="sum").item()
            correct += (logits.argmax(1) == y[start:start + batch]).sum().item()
    return loss / len(x), correct / len(x)


def parse_args(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--run", required=True, help="folder holding features.json and the extracted feature files")
    p.add_argument("--feature", default="trunk", help="which extracted feature to train on (see features.json)")
    p.add_argument("--out", required=True, help="zoo folder for model.json, head.bin and history.json")
    p.add_argument("--head", choices=["mlp", "conv"], default="mlp")
    p.add_argument("--hidden", type=int, default=256)
    p.add_argument("--channels", type=int, default=32, help="conv head: 1x1 conv filters")
    p.add_argument("--dropout", type=float, default=0.5)
    p.add_argument("--input-dropout", type=float, default=0.2)
    p.add_argument("--epochs", type=int, default=30)
    p.add_argument("--batch", type=int, default=256)
    p.add_argument("--lr", type=float, default=1e-3)
    p.add_argument("--weight-decay", type=float, default=0.05)
    p.add_argument("--label-smoothing", type=float, default=0.1)
    p.add_argument("--class-weight-power", type=float, default=0.3)
    p.add_argument("--no-flip", action="store_true", help="do not train on the mirrored copies")
    p.add_argument("--holdout", type=float, default=0.1, help="share of train/ held out for model selection")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--dtype", choices=["float16", "float32"], default="float16")
    return p.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    torch.set_num_threads(args.threads)
    try:
        manifest, features, flipped, targets = load_features(args.run, args.feature, not args.no_flip)
    except FeatureError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    labels = manifest["labels"]
    shape = manifest["features"][args.feature]["shape"]
    if args.head == "conv" and len(shape) != 3:
        print(f"error: the conv head needs a feature map; '{args.feature}' has shape {shape}", file=sys.stderr)
        return 2
    name = f"transfer-{manifest['base']}"

    train_idx, hold_idx = stratified_holdout(targets, args.holdout, args.seed)
    mean, std = standardisation(features[train_idx], args.head, shape)
    x_train = torch.from_numpy(features[train_idx])
    x_train_flip = torch.from_numpy(flipped[train_idx]) if flipped is not None else None
    y_train = torch.from_numpy(targets[train_idx])
    x_hold, y_hold = torch.from_numpy(features[hold_idx]), torch.from_numpy(targets[hold_idx])
    print(f"{args.feature} features {shape}: train {len(y_train)}{' (+ mirrored)' if flipped is not None else ''}, "
          f"hold-out {len(y_hold)} (seed {args.seed}, from train/ only)")

    torch.manual_seed(args.seed)
    model = Head(args.head, shape, len(labels), args.hidden, args.channels, args.dropout, args.input_dropout, mean, std)
    parameters = sum(p.numel() for p in model.parameters())
    steps = (len(y_train) + args.batch - 1) // args.batch
    optimizer = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=args.weight_decay)
    scheduler = torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=args.lr, epochs=args.epochs, steps_per_epoch=steps, pct_start=0.2)
    weights = class_weights(targets[train_idx], len(labels), args.class_weight_power)
    generator = torch.Generator().manual_seed(args.seed)
    config = {k: v for k, v in vars(args).items() if k not in ("run", "out", "threads")}

    history, best, best_state, train_seconds, cpu_seconds = [], -1.0, None, 0.0, 0.0
    print(f"{args.head} head: {parameters:,} parameters, {args.epochs} epochs, {steps} steps each")
    for epoch in range(1, args.epochs + 1):
        started, cpu_started = time.time(), time.process_time()
        model.train()
        order = torch.randperm(len(y_train), generator=generator)
        seen, loss_sum, correct = 0, 0.0, 0
        for step in range(steps):
            idx = order[step * args.batch:(step + 1) * args.batch]
            xb, yb = x_train[idx], y_train[idx]
            if x_train_flip is not None:  # each image, as is or mirrored, at random
                mirror = torch.rand(len(idx), generator=generator) < 0.5
                xb = torch.where(mirror[:, None], x_train_flip[idx], xb)
            batch_loss, batch_correct = train_step(model, optimizer, scheduler, xb, yb, weights, args.label_smoothing)
            seen += len(yb)
            loss_sum += batch_loss
            correct += batch_correct
        hold_loss, hold_acc = evaluate(model, x_hold, y_hold)
        train_seconds += time.time() - started
        # CPU time shows the cost even when other jobs share the machine (as training/train.py records it).
        cpu_seconds += time.process_time() - cpu_started
        entry = {"epoch": epoch, "train_loss": round(loss_sum / seen, 4), "train_accuracy": round(correct / seen, 4),
                 "holdout_loss": round(hold_loss, 4), "holdout_accuracy": round(hold_acc, 4),
                 "lr": scheduler.get_last_lr()[0], "seconds": round(time.time() - started, 1),
                 "cpu_seconds": round(time.process_time() - cpu_started, 1)}
        history.append(entry)
        if hold_acc > best:
            best, best_state = hold_acc, copy.deepcopy(model.state_dict())
        print(json.dumps(entry), flush=True)

    model.load_state_dict(best_state)
    model.eval()
    best_epoch = max(history, key=lambda e: e["holdout_accuracy"])["epoch"]
    torch.save({"model": best_state, "config": config, "shape": shape, "epoch": best_epoch}, os.path.join(args.run, "head-best.pt"))

    # Export, then check the folding and the float16 rounding against PyTorch on a few train rows.
    layers = folded_layers(model)
    rows = list(range(min(16, len(features))))
    with torch.no_grad():
        torch_probs = torch.softmax(model(torch.from_numpy(features[rows])).double(), 1).numpy()
    folding_diff = float(np.abs(forward_folded(layers, features[rows], shape) - torch_probs).max())
    if folding_diff > 1e-4:
        print(f"error: folding the standardisation changed the outputs by {folding_diff}", file=sys.stderr)
        return 1
    weights_info, decoded = export_head(layers, shape, len(labels), args.out, args.dtype, name)
    parity = forward_folded(decoded, features[rows], shape)
    write_json({"rows": rows, "probabilities": parity.tolist(),
                "rounding_max_abs_difference": float(np.abs(parity - torch_probs).max())}, os.path.join(args.run, "head-parity.json"))

    extraction = manifest["splits"].get("train", {}).get("seconds")
    extraction_cpu = manifest["splits"].get("train", {}).get("cpuSeconds")
    summary = {"model": name, "feature": args.feature, "config": config, "parameters": parameters,
               "train_size": len(y_train), "holdout_size": len(y_hold), "best_epoch": best_epoch, "epochs": args.epochs,
               "best_holdout_accuracy": best, "train_seconds": round(train_seconds, 1), "cpu_seconds": round(cpu_seconds, 1),
               "threads": args.threads, **weights_info}
    write_json(summary, os.path.join(args.run, "head-summary.json"))
    write_json({"model": name, "config": config, "parameters": parameters, "train_size": len(y_train),
                "holdout_size": len(y_hold), "best_epoch": best_epoch, "train_seconds": round(train_seconds, 1),
                "cpu_seconds": round(cpu_seconds, 1), "threads": args.threads,
                "extraction_seconds": round(extraction, 1) if extraction is not None else None,
                "extraction_cpu_seconds": round(extraction_cpu, 1) if extraction_cpu is not None else None,
                "history": history}, os.path.join(args.out, "history.json"))
    print(f"done: best hold-out accuracy {best:.4f} at epoch {best_epoch}; head training {train_seconds:.0f} s "
          f"({cpu_seconds:.0f} s CPU); "
          f"exported {weights_info['weight_bytes']:,} bytes ({args.dtype}) to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
