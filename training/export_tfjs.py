"""Exports a trained zoo model to a TF.js LayersModel (model.json + one weight file).

    /usr/bin/python3 -m training.export_tfjs --run training/runs/emotion-cnn --out public/models/emotion-cnn

Batch norm is folded into each convolution, so every Conv2D layer's output is the
post-ReLU feature map the browser shows. Weights are written as float16 by default
(half the bytes, outputs within ~1e-3) or, with --dtype uint8, as 8-bit kernels; --parity also writes test vectors computed
by PyTorch with the very same rounded weights, which the TF.js parity test replays.
"""
from __future__ import annotations

import argparse
import json
import os
import sys

import numpy as np
import torch
from torch import nn

from . import models
from .card import DEFAULT_CARD, ROOT, read_card, write_card
from .data import cached_split, stratified_holdout
from .train import to_input, with_repo_paths, write_json

WEIGHTS_FILE = "weights.bin"


def fold_batch_norm(conv: nn.Conv2d, bn: nn.BatchNorm2d | None) -> tuple[torch.Tensor, torch.Tensor]:
    weight = conv.weight.detach()
    bias = conv.bias.detach() if conv.bias is not None else torch.zeros(conv.out_channels)
    if bn is None:
        return weight, bias
    scale = bn.weight.detach() / torch.sqrt(bn.running_var + bn.eps)
    return weight * scale[:, None, None, None], (bias - bn.running_mean) * scale + bn.bias.detach()


def batch_norm_of(block: nn.Sequential) -> nn.BatchNorm2d | None:
    return block[1] if isinstance(block[1], nn.BatchNorm2d) else None


def conv_layer(block: nn.Sequential, layer_name: str, filters: int, kernel: list[int]):
    """The Keras layer (batch norm folded in, ReLU) for a ConvBlock, and its weights in Keras layout:
    Conv2D, or DepthwiseConv2D for a block whose convolution filters each channel on its own."""
    conv = block[0]
    weight, bias = fold_batch_norm(conv, batch_norm_of(block))
    config = {"name": layer_name, "trainable": True, "dtype": "float32", "kernel_size": kernel,
              "strides": list(conv.stride), "padding": "same", "data_format": "channels_last",
              "dilation_rate": [1, 1], "activation": "relu", "use_bias": True}
    if conv.groups > 1:
        return {"class_name": "DepthwiseConv2D", "config": {**config, "depth_multiplier": 1}}, [
            (f"{layer_name}/depthwise_kernel", weight.permute(2, 3, 0, 1).numpy()),  # C,1,H,W -> H,W,C,1
            (f"{layer_name}/bias", bias.numpy())]
    return {"class_name": "Conv2D", "config": {**config, "filters": filters}}, [
        (f"{layer_name}/kernel", weight.permute(2, 3, 1, 0).numpy()),  # OIHW -> HWIO
        (f"{layer_name}/bias", bias.numpy())]


def keras_layers(model: nn.Sequential, arch: dict, num_classes: int, size: int):
    """Yields (keras layer dict, [(weight name, numpy array in Keras layout)]) and the torch module it mirrors."""
    counters: dict[str, int] = {}

    def name(kind: str) -> str:
        counters[kind] = counters.get(kind, 0) + 1
        return f"{kind}{counters[kind]}"

    specs = arch["layers"]
    for index, ((kind, arg), module) in enumerate(zip(specs, model)):
        last = index == len(specs) - 1
        if kind in ("conv", "downconv"):
            layer, weights = conv_layer(module, name("conv"), arg, [3, 3])
            if index == 0:
                layer["config"]["batch_input_shape"] = [None, size, size, arch["channels"]]
            yield layer, weights
        elif kind == "sepconv":
            depthwise, pointwise = module
            yield conv_layer(depthwise, name("depthwise"), arg, [3, 3])
            yield conv_layer(pointwise, name("conv"), arg, [1, 1])
        elif kind == "pool":
            yield {"class_name": "MaxPooling2D", "config": {"name": name("pool"), "trainable": True, "dtype": "float32",
                   "pool_size": [2, 2], "strides": [2, 2], "padding": "valid", "data_format": "channels_last"}}, []
        elif kind == "gap":
            yield {"class_name": "GlobalAveragePooling2D", "config": {"name": name("gap"), "trainable": True,
                   "dtype": "float32", "data_format": "channels_last"}}, []
        elif kind == "flatten":
            yield {"class_name": "Flatten", "config": {"name": name("flatten"), "trainable": True, "dtype": "float32"}}, []
        elif kind == "dropout":
            yield {"class_name": "Dropout", "config": {"name": name("dropout"), "trainable": True, "dtype": "float32",
                   "rate": arg}}, []
        elif kind == "dense":
            linear = module if isinstance(module, nn.Linear) else module[0]
            layer_name = name("dense")
            yield {"class_name": "Dense", "config": {"name": layer_name, "trainable": True, "dtype": "float32",
                   "units": num_classes if last else arg, "activation": "softmax" if last else "relu",
                   "use_bias": True}}, [
                (f"{layer_name}/kernel", linear.weight.detach().T.numpy()),
                (f"{layer_name}/bias", linear.bias.detach().numpy())]


def encode(array: np.ndarray, dtype: str) -> tuple[bytes, dict | None]:
    """Bytes of one weight as TF.js reads them, and its manifest "quantization" entry.

    uint8 maps a kernel's range onto 0..255 (TF.js decodes q * scale + min); biases are
    few bytes and sensitive, so they stay float16.
    """
    if dtype == "uint8" and array.ndim > 1:
        low, high = float(array.min()), float(array.max())
        scale = (high - low) / 255 or 1.0
        quantized = np.clip(np.round((array - low) / scale), 0, 255).astype(np.uint8)
        return quantized.tobytes(), {"dtype": "uint8", "scale": scale, "min": low}
    if dtype in ("float16", "uint8"):
        return array.astype("<f2").tobytes(), {"dtype": "float16"}
    return array.astype("<f4").tobytes(), None


def decoded(tensor: torch.Tensor, dtype: str) -> torch.Tensor:
    """The float32 values TF.js decodes from encode()'s bytes."""
    array = tensor.detach().numpy().astype(np.float32)
    data, quantization = encode(array, dtype)
    if quantization is None:
        return tensor
    if quantization["dtype"] == "uint8":
        q = np.frombuffer(data, dtype=np.uint8).astype(np.float64)
        values = (q * quantization["scale"] + quantization["min"]).astype(np.float32)
    else:
        values = np.frombuffer(data, dtype="<f2").astype(np.float32)
    return torch.from_numpy(values.reshape(array.shape).copy())


def export(model: nn.Sequential, arch: dict, name: str, labels: list[str], size: int, out: str, dtype: str) -> dict:
    """Writes the model, built from `arch`, as a TF.js LayersModel named `name`."""
    model.eval()
    layers, specs, chunks = [], [], []
    for layer, weights in keras_layers(model, arch, len(labels), size):
        layers.append(layer)
        for weight_name, array in weights:
            encoded, quantization = encode(np.ascontiguousarray(array, dtype=np.float32), dtype)
            spec = {"name": weight_name, "shape": list(array.shape), "dtype": "float32"}
            if quantization:
                spec["quantization"] = quantization
            chunks.append(encoded)
            specs.append(spec)
    weight_bytes = write_layers_model(out, name, layers, specs, chunks, "training/export_tfjs.py")
    return {"weight_bytes": weight_bytes, "weight_dtype": dtype}


def write_layers_model(out: str, name: str, layers: list, specs: list, chunks: list[bytes], generated_by: str,
                       weights_file: str = WEIGHTS_FILE) -> int:
    """Writes a Keras Sequential topology and its weights as a TF.js LayersModel; returns the weight bytes."""
    os.makedirs(out, exist_ok=True)
    blob = b"".join(chunks)
    with open(os.path.join(out, weights_file), "wb") as f:
        f.write(blob)
    topology = {"format": "layers-model", "generatedBy": f"emotion-lens {generated_by}", "convertedBy": None,
                "modelTopology": {"class_name": "Sequential", "keras_version": "2.15.0", "backend": "tensorflow",
                                  "config": {"name": name.replace("-", "_"), "layers": layers}},
                "weightsManifest": [{"paths": [weights_file], "weights": specs}]}
    with open(os.path.join(out, "model.json"), "w") as f:
        json.dump(topology, f)
    return len(blob)


def round_weights_like_export(model: nn.Module, dtype: str) -> None:
    """Makes the PyTorch weights equal to what TF.js will decode, for a like-for-like parity check."""
    if dtype == "float32":
        return
    with torch.no_grad():
        for module in model.modules():
            if isinstance(module, nn.Sequential) and isinstance(module[0], nn.Conv2d):
                conv = module[0]
                bn = module[1] if isinstance(module[1], nn.BatchNorm2d) else None
                weight, bias = fold_batch_norm(conv, bn)
                conv.weight.copy_(decoded(weight, dtype))
                conv.bias = nn.Parameter(decoded(bias, dtype)) if conv.bias is None else conv.bias
                conv.bias.copy_(decoded(bias, dtype))
                if bn is not None:
                    bn.reset_parameters()
                    bn.reset_running_stats()
                    bn.eps = 0.0
                    bn.running_var.fill_(1.0)
            elif isinstance(module, nn.Linear):
                module.weight.copy_(decoded(module.weight, dtype))
                module.bias.copy_(decoded(module.bias, dtype))


def parity_vectors(model: nn.Module, channels: int, size: int, count: int = 4, seed: int = 0) -> dict:
    generator = torch.Generator().manual_seed(seed)
    x = torch.rand(count, channels, size, size, generator=generator)
    with torch.no_grad():
        probabilities = torch.softmax(model.eval()(x), dim=1)
    return {"inputs_nhwc": x.permute(0, 2, 3, 1).reshape(count, -1).tolist(), "shape": [count, size, size, channels],
            "probabilities": probabilities.tolist()}


def holdout_flip_check(model: nn.Module, data: str, config: dict, card_input: dict, labels: list[str], channels: int) -> dict:
    """Hold-out accuracy with and without averaging over the mirrored face.

    The hold-out comes from train/ exactly as in training, so this choice, like the
    choice of epoch, never looks at the reported test split.
    """
    images, targets, _ = cached_split(data, "train", labels, os.path.join(ROOT, "training", "runs", "cache"))
    _, hold_idx = stratified_holdout(targets, config["holdout"], config["seed"])
    x, y = to_input(images[hold_idx], card_input, channels), torch.from_numpy(targets[hold_idx])
    model.eval()
    with torch.no_grad():
        plain = torch.softmax(model(x), 1)
        mirrored = (plain + torch.softmax(model(x.flip(3)), 1)) / 2
    return {"plain": round((plain.argmax(1) == y).float().mean().item(), 4),
            "with_mirror": round((mirrored.argmax(1) == y).float().mean().item(), 4)}


def load_run(run: str, num_classes: int, size: int) -> tuple[dict, nn.Module, dict]:
    """A training run's best checkpoint, its model and its history."""
    best_path = os.path.join(run, "best.pt")
    if not os.path.exists(best_path):
        raise FileNotFoundError(f"no trained model at {best_path}")
    saved = torch.load(best_path)
    model = models.build(saved["arch"], num_classes, size)
    model.load_state_dict(saved["model"])
    with open(os.path.join(run, "history.json")) as f:
        return saved, model, json.load(f)


def selected_summary(run: str, history: dict) -> dict:
    """What the card says about the hold-out run whose recipe a final fit repeats."""
    return {"run": os.path.basename(os.path.normpath(run)), "train_size": history["train_size"],
            "holdout_size": history["holdout_size"], "best_epoch": history["best_epoch"],
            "epochs": len(history["history"])}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--run", required=True, help="training run folder holding best.pt and history.json")
    p.add_argument("--out", required=True, help="folder for model.json, weights and model-card.json")
    p.add_argument("--card", default=DEFAULT_CARD, help="card giving labels and input normalisation")
    p.add_argument("--dtype", choices=["float16", "uint8", "float32"], default=None,
                   help="uint8: kernels quantized to 8 bits (a quarter of float32), biases float16; "
                        "default: the architecture's own (models.py), else float16")
    p.add_argument("--parity", default=None, help="also write PyTorch test vectors to this JSON file")
    p.add_argument("--data", default=None,
                   help="dataset folder: if given, the hold-out decides whether the browser also reads the mirrored face")
    p.add_argument("--mirror", choices=["auto", "on", "off"], default="auto",
                   help="average with the mirrored face in the browser (auto: if it helps on the hold-out; "
                        "it doubles the time per face)")
    p.add_argument("--selected", default=None,
                   help="for a final fit on all of train/ (no hold-out): the hold-out run whose recipe it repeats; "
                        "its hold-out figures decide the mirror and go in the card")
    args = p.parse_args(sys.argv[1:] if argv is None else argv)

    base_card = read_card(args.card)
    size = base_card["input"]["width"]
    try:
        saved, model, history = load_run(args.run, len(base_card["labels"]), size)
        selected = load_run(args.selected, len(base_card["labels"]), size) if args.selected else None
    except FileNotFoundError as error:
        print(f"error: {error}; run training first", file=sys.stderr)
        return 2
    final_fit = history["holdout_size"] == 0
    if final_fit and args.data and not selected:
        print("error: this run has no hold-out (a final fit): pass --selected <the hold-out run it repeats>", file=sys.stderr)
        return 2
    arch_name = saved["arch"]
    arch = models.ARCHITECTURES[arch_name]
    args.dtype = args.dtype or arch.get("dtype", "float16")
    exported = export(model, arch, arch_name, base_card["labels"], size, args.out, args.dtype)

    card_path = os.path.join(args.out, "model-card.json")
    card = read_card(card_path) if os.path.exists(card_path) else {}
    test_time_mirror = args.mirror == "on"
    holdout = None
    if args.data:
        _, judged, judged_history = selected or (saved, model, history)
        holdout = holdout_flip_check(judged, args.data, judged_history["config"], base_card["input"], base_card["labels"], arch["channels"])
        if args.mirror == "auto":
            test_time_mirror = holdout["with_mirror"] > holdout["plain"]
        whose = f" (of the selected run {args.selected})" if selected else ""
        print(f"hold-out accuracy{whose} {holdout['plain']:.4f}, averaged with the mirrored face {holdout['with_mirror']:.4f}")
    card.update({
        "name": arch_name,
        "labels": base_card["labels"],
        "input": {**base_card["input"], "channels": arch["channels"]},
        "test_time_mirror": test_time_mirror,
        "parameters": models.count_parameters(model),
        "weights": exported,
        "training": {"epochs": len(history["history"]), "best_epoch": saved["epoch"],
                     "train_seconds": history["train_seconds"], "train_size": history["train_size"],
                     "holdout_size": history["holdout_size"], "holdout_accuracy": holdout,
                     "selected_run": selected_summary(args.selected, selected[2]) if selected else None,
                     "cpu_seconds": history.get("cpu_seconds"), "threads": history.get("threads"),
                     "config": with_repo_paths(history["config"])},
    })
    write_card(card, card_path)
    print(f"exported {arch_name} to {args.out}: {exported['weight_bytes']:,} weight bytes ({args.dtype})")

    if args.parity:
        round_weights_like_export(model, args.dtype)
        write_json(parity_vectors(model, arch["channels"], size), args.parity)
    return 0


if __name__ == "__main__":
    sys.exit(main())
