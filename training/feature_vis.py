"""Feature visualisation of the shipped model: pictures that each chosen channel responds to most.

    /usr/bin/python3 -m training.feature_vis            (npm run feature-vis)

Reads the very weights the browser downloads (public/models/emotion-cnn/model.json and weights.bin,
batch norm already folded in, 8-bit kernels decoded as TF.js decodes them) and, for a few channels of
every convolution layer and for each emotion's score, synthesises a 48 x 48 grey picture by activation
maximisation, as in Olah, Mordvintsev & Schubert (2017), "Feature Visualization", Distill,
https://distill.pub/2017/feature-visualization/:

  - the picture is parameterised in Fourier space, each frequency scaled by 1/frequency (a
    "decorrelated" picture: plain gradient ascent on pixels gives high-frequency noise);
  - every step sees it padded, jittered, slightly scaled and rotated (transformation robustness), so
    only patterns that survive small moves are rewarded;
  - each picture keeps a fixed contrast around mid grey, so that the optimiser picks a pattern rather
    than ever harsher black and white;
  - the objective is one unit in the middle of a channel's map, before the zero-rule (ReLU): the
    picture shows what that unit looks at, and only the part of the face it can see; for the last
    layer, an emotion's score before softmax.

Channels are picked by a fixed rule (evenly spaced through the layer), not for how the pictures look.
No training picture is read or written. Writes public/data/feature-vis/<layer>-<channel>.png and
public/data/feature-vis/index.json (what the lesson reads). One thread, a few minutes.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image
from torch import nn

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MODEL_DIR = os.path.join(ROOT, "public", "models", "emotion-cnn")
OUT_DIR = os.path.join(ROOT, "public", "data", "feature-vis")
URL_PREFIX = "/data/feature-vis"


# ---------- The shipped model, rebuilt from its TF.js files ----------

def read_weights(model_dir: str) -> tuple[dict, dict[str, np.ndarray]]:
    """model.json and its weights, decoded as TF.js decodes them (uint8: q * scale + min)."""
    with open(os.path.join(model_dir, "model.json")) as f:
        topology = json.load(f)
    arrays: dict[str, np.ndarray] = {}
    for group in topology["weightsManifest"]:
        blob = b""
        for path in group["paths"]:
            with open(os.path.join(model_dir, path), "rb") as f:
                blob += f.read()
        offset = 0
        for spec in group["weights"]:
            count = int(np.prod(spec["shape"]))
            dtype = spec.get("quantization", {}).get("dtype", spec["dtype"])
            if dtype == "uint8":
                q = spec["quantization"]
                raw = np.frombuffer(blob, np.uint8, count, offset).astype(np.float64)
                values = raw * q["scale"] + q["min"]
                offset += count
            elif dtype == "float16":
                values = np.frombuffer(blob, "<f2", count, offset)
                offset += 2 * count
            elif dtype == "float32":
                values = np.frombuffer(blob, "<f4", count, offset)
                offset += 4 * count
            else:
                raise ValueError(f"weight {spec['name']}: dtype {dtype} not supported")
            arrays[spec["name"]] = values.astype(np.float32).reshape(spec["shape"])
    return topology, arrays


def weights_fingerprint(model_dir: str, topology: dict) -> str:
    """SHA-256 of the weight files: the index records which weights its pictures were made from, so a
    test can tell when the model was retrained and the pictures (and the lesson's words on them) are stale."""
    digest = hashlib.sha256()
    for group in topology["weightsManifest"]:
        for path in group["paths"]:
            with open(os.path.join(model_dir, path), "rb") as f:
                digest.update(f.read())
    return digest.hexdigest()


def same_padding(size: int, kernel: int, stride: int) -> tuple[int, int]:
    """Keras/TF "same" padding along one side: the extra row goes at the end."""
    total = max((math.ceil(size / stride) - 1) * stride + kernel - size, 0)
    return total // 2, total - total // 2


class ShippedModel(nn.Module):
    """The Keras Sequential model of model.json in PyTorch (NCHW). forward() returns every conv layer's
    output before its ReLU and the final scores before softmax, keyed by layer name."""

    def __init__(self, topology: dict, weights: dict[str, np.ndarray]):
        super().__init__()
        layers = topology["modelTopology"]["config"]["layers"]
        first = layers[0]["config"]
        self.size = first["batch_input_shape"][1]
        self.channels = first["batch_input_shape"][3]
        self.steps: list[tuple[str, str, dict]] = []
        self.params = nn.ParameterDict()
        for layer in layers:
            kind, config = layer["class_name"], layer["config"]
            name = config["name"]
            if kind == "Conv2D":
                kernel = torch.from_numpy(weights[f"{name}/kernel"]).permute(3, 2, 0, 1).contiguous()  # HWIO -> OIHW
                self.params[f"{name}_w"] = nn.Parameter(kernel, requires_grad=False)
                self.params[f"{name}_b"] = nn.Parameter(torch.from_numpy(weights[f"{name}/bias"]), requires_grad=False)
            elif kind == "Dense":
                self.params[f"{name}_w"] = nn.Parameter(torch.from_numpy(weights[f"{name}/kernel"]).T.contiguous(), requires_grad=False)
                self.params[f"{name}_b"] = nn.Parameter(torch.from_numpy(weights[f"{name}/bias"]), requires_grad=False)
            elif kind not in ("MaxPooling2D", "GlobalAveragePooling2D", "Dropout"):
                raise ValueError(f"layer {name}: {kind} is not supported here")
            self.steps.append((kind, name, config))

    @property
    def conv_layers(self) -> list[str]:
        return [name for kind, name, _ in self.steps if kind == "Conv2D"]

    def forward(self, x: torch.Tensor) -> dict[str, torch.Tensor]:
        outputs: dict[str, torch.Tensor] = {}
        for kind, name, config in self.steps:
            if kind == "Conv2D":
                k = config["kernel_size"][0]
                stride = config["strides"][0]
                if config["padding"] == "same":
                    top, bottom = same_padding(x.shape[2], k, stride)
                    left, right = same_padding(x.shape[3], k, stride)
                    x = F.pad(x, (left, right, top, bottom))
                x = F.conv2d(x, self.params[f"{name}_w"], self.params[f"{name}_b"], stride=stride)
                outputs[name] = x
                if config["activation"] == "relu":
                    x = F.relu(x)
            elif kind == "MaxPooling2D":
                x = F.max_pool2d(x, config["pool_size"], config["strides"])
            elif kind == "GlobalAveragePooling2D":
                x = x.mean(dim=(2, 3))
            elif kind == "Dense":
                x = F.linear(x, self.params[f"{name}_w"], self.params[f"{name}_b"])
                outputs[name] = x
        return outputs


def receptive_fields(topology: dict) -> dict[str, int]:
    """How many input pixels across one position of each conv layer's map depends on."""
    field, jump, fields = 1, 1, {}
    for layer in topology["modelTopology"]["config"]["layers"]:
        config = layer["config"]
        if layer["class_name"] == "Conv2D":
            field += (config["kernel_size"][0] - 1) * jump
            jump *= config["strides"][0]
            fields[config["name"]] = field
        elif layer["class_name"] == "MaxPooling2D":
            field += (config["pool_size"][0] - 1) * jump
            jump *= config["strides"][0]
    return fields


# ---------- The picture and its transformations ----------

class FourierImage(nn.Module):
    """A batch of grey pictures held as Fourier coefficients scaled by 1/frequency (Olah et al. 2017,
    "decorrelated space"). Each picture is shown at a fixed contrast around mid grey (its spread
    normalised to `contrast`, softly bounded to 0..1 by tanh), so the optimiser chooses a pattern, not
    ever harsher black and white: without it, a layer that adds pixels up is maximised by pure black
    and white, whatever its pattern."""

    def __init__(self, count: int, size: int, generator: torch.Generator, contrast: float = 0.2):
        super().__init__()
        fy = torch.fft.fftfreq(size)[:, None]
        fx = torch.fft.rfftfreq(size)[None, :]
        frequency = torch.sqrt(fx * fx + fy * fy)
        self.register_buffer("scale", 1.0 / torch.clamp(frequency, min=1.0 / size))
        shape = (count, 1, size, size // 2 + 1, 2)
        self.spectrum = nn.Parameter(0.01 * torch.randn(shape, generator=generator))
        self.size = size
        self.contrast = contrast

    def forward(self) -> torch.Tensor:
        spectrum = torch.view_as_complex(self.spectrum) * self.scale
        z = torch.fft.irfft2(spectrum, s=(self.size, self.size), norm="ortho")
        z = z - z.mean(dim=(2, 3), keepdim=True)
        z = z / (z.std(dim=(2, 3), keepdim=True) + 1e-8)
        return 0.5 + 0.5 * torch.tanh(2 * self.contrast * z)


def transform(images: torch.Tensor, generator: torch.Generator, strength: torch.Tensor, pad: int = 4,
              jitter: int = 3, scale: float = 0.08, degrees: float = 8) -> torch.Tensor:
    """Pad (with mid grey), shift, scale and rotate each picture at random, then crop back to its size
    (transformation robustness, after Lucid's standard transforms, shrunk for 48 x 48 pictures).
    `strength` (0..1 per picture) scales the moves: a unit that sees 3 x 3 pixels would only be
    blurred by a 3-pixel shift, so small views get small moves."""
    n, _, size, _ = images.shape
    padded = F.pad(images, (pad, pad, pad, pad), mode="constant", value=0.5)
    s = 1 + (torch.rand(n, generator=generator) * 2 - 1) * scale * strength
    a = (torch.rand(n, generator=generator) * 2 - 1) * math.radians(degrees) * strength
    reach = torch.round(jitter * strength)[:, None]
    pixels = torch.floor(torch.rand(n, 2, generator=generator) * (2 * reach + 1)) - reach
    shift = pixels * 2 / padded.shape[-1]
    theta = torch.stack([
        torch.stack([torch.cos(a) / s, -torch.sin(a) / s, shift[:, 0]], dim=1),
        torch.stack([torch.sin(a) / s, torch.cos(a) / s, shift[:, 1]], dim=1),
    ], dim=1)
    grid = F.affine_grid(theta, list(padded.shape), align_corners=False)
    moved = F.grid_sample(padded, grid, mode="bilinear", padding_mode="border", align_corners=False)
    return moved[:, :, pad:pad + size, pad:pad + size]


# ---------- Activation maximisation ----------

def pick_channels(count: int, per_layer: int) -> list[int]:
    """Evenly spaced channels (0-based): a fixed rule, so nothing is chosen for looking good."""
    return sorted({round(i * count / per_layer) for i in range(per_layer)})


def visualise(model: ShippedModel, targets: list[tuple[str, int]], strength: list[float], steps: int, seed: int,
              lr: float = 0.05) -> tuple[torch.Tensor, list[float]]:
    """One picture per (layer, channel) target, all optimised together (the batch items do not
    interact: batch norm is folded away). A conv channel's objective is its value before ReLU at the
    middle of its map (one unit, Olah et al.'s "neuron" objective: the picture shows what that unit
    looks at, and only as much of the face as it can see); a score's is its value before softmax.
    Returns the pictures (N, 1, H, W) in 0..1 and each objective on its own untransformed picture."""
    generator = torch.Generator().manual_seed(seed)
    image = FourierImage(len(targets), model.size, generator)
    optimiser = torch.optim.Adam(image.parameters(), lr=lr)
    moves = torch.tensor(strength)
    by_layer: dict[str, list[int]] = {}
    for i, (layer, _) in enumerate(targets):
        by_layer.setdefault(layer, []).append(i)

    def objective(outputs: dict[str, torch.Tensor]) -> torch.Tensor:
        values = torch.zeros(len(targets))
        for layer, items in by_layer.items():
            index = torch.tensor(items)
            channels = torch.tensor([targets[i][1] for i in items])
            out = outputs[layer][index, channels]
            if out.dim() == 3:
                out = out[:, out.shape[1] // 2, out.shape[2] // 2]
            values = values.index_put((index,), out)
        return values

    for _ in range(steps):
        optimiser.zero_grad()
        loss = -objective(model(transform(image(), generator, moves))).sum()
        loss.backward()
        optimiser.step()
    with torch.no_grad():
        final = image()
        values = objective(model(final))
    return final.detach(), [round(float(v), 3) for v in values]


def save_png(picture: torch.Tensor, path: str) -> None:
    grey = np.round(picture.squeeze(0).numpy() * 255).clip(0, 255).astype(np.uint8)
    Image.fromarray(grey, "L").save(path, optimize=True)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--model", default=MODEL_DIR, help="folder with the TF.js model.json and weights")
    p.add_argument("--out", default=OUT_DIR, help="folder for the PNGs and index.json")
    p.add_argument("--per-layer", type=int, default=4, help="channels shown per conv layer")
    p.add_argument("--steps", type=int, default=512)
    p.add_argument("--seed", type=int, default=0)
    args = p.parse_args(sys.argv[1:] if argv is None else argv)
    torch.set_num_threads(1)  # another job may be training on the other core

    started = time.time()
    topology, weights = read_weights(args.model)
    model = ShippedModel(topology, weights).eval()
    with open(os.path.join(args.model, "model-card.json")) as f:
        labels = json.load(f)["labels"]
    fields = receptive_fields(topology)
    output_layer = [name for kind, name, _ in model.steps if kind == "Dense"][-1]

    layers = []
    targets: list[tuple[str, int]] = []
    for name in model.conv_layers:
        count = int(model.params[f"{name}_b"].shape[0])
        channels = pick_channels(count, args.per_layer)
        layers.append({"layer": name, "channels": count, "receptiveField": min(fields[name], model.size), "shown": channels})
        targets += [(name, c) for c in channels]
    targets += [(output_layer, i) for i in range(len(labels))]
    field_of = {entry["layer"]: entry["receptiveField"] for entry in layers}
    strength = [field_of.get(layer, model.size) / model.size for layer, _ in targets]

    pictures, values = visualise(model, targets, strength, args.steps, args.seed)
    os.makedirs(args.out, exist_ok=True)
    files = {}
    for (layer, channel), picture, value in zip(targets, pictures, values):
        file = f"{layer}-{channel + 1}.png"
        save_png(picture, os.path.join(args.out, file))
        files[(layer, channel)] = {"src": f"{URL_PREFIX}/{file}", "value": value}

    index = {
        "generatedBy": "training/feature_vis.py",
        "model": "/models/emotion-cnn/model.json",
        "weightsSha256": weights_fingerprint(args.model, topology),
        "method": {"steps": args.steps, "seed": args.seed, "parameterisation": "Fourier, 1/frequency",
                   "contrast": "spread normalised to 0.2 around mid grey",
                   "transforms": "pad 4; up to 3 px jitter, 8% scale, 8 degrees rotation, scaled by the unit's view",
                   "objective": "one unit in the middle of the map, before ReLU; a score before softmax"},
        "size": model.size,
        "layers": [{"layer": entry["layer"], "channels": entry["channels"], "receptiveField": entry["receptiveField"],
                    "images": [{"channel": c + 1, **files[(entry["layer"], c)]} for c in entry["shown"]]}
                   for entry in layers],
        "scores": [{"label": label, **files[(output_layer, i)]} for i, label in enumerate(labels)],
    }
    with open(os.path.join(args.out, "index.json"), "w") as f:
        json.dump(index, f, indent=1)
        f.write("\n")
    print(f"{len(targets)} pictures in {args.out} ({time.time() - started:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
