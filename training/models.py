"""The zoo's architectures, each a flat list of layer specs.

A flat spec keeps PyTorch and the TF.js export in step: every entry maps to
one Keras layer (a conv's batch norm is folded into it on export).
"""
from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import nn

# epochs: the default run length, chosen to fit the 2-core training budget;
# recipe: train.py settings that differ from its defaults for this architecture;
# dtype: how export_tfjs.py stores its weights (default float16).
# (kind, argument): conv=filters, downconv=filters (stride 2: halves the side),
# sepconv=filters (depthwise 3x3 then 1x1: exported as two layers), pool=None,
# gap=None, flatten=None, dense=units, dropout=rate
ARCHITECTURES: dict[str, dict] = {
    # Candidates for the shipped model, compared on the hold-out from train/
    # (training/selection.py writes the comparison into the shipped model's card).
    "fast-a": {
        "channels": 1,
        "epochs": 80,
        "layers": [
            ("downconv", 32), ("conv", 32), ("pool", None),
            ("conv", 64), ("conv", 64), ("pool", None),
            ("conv", 128), ("conv", 128),
            ("gap", None), ("dropout", 0.3), ("dense", 7),
        ],
    },
    "fast-b": {
        "channels": 1,
        "epochs": 70,
        "layers": [
            ("downconv", 32), ("conv", 48), ("pool", None),
            ("conv", 64), ("conv", 96), ("pool", None),
            ("conv", 128), ("conv", 192),
            ("gap", None), ("dropout", 0.3), ("dense", 7),
        ],
    },
    "fast-c": {
        "channels": 1,
        "epochs": 70,
        "layers": [
            ("downconv", 32), ("conv", 48), ("pool", None),
            ("conv", 64), ("conv", 96), ("pool", None),
            ("conv", 128), ("conv", 192), ("pool", None),
            ("conv", 256),
            ("gap", None), ("dropout", 0.3), ("dense", 7),
        ],
    },
    # fast-c with a full-resolution first layer: edges are found at 48x48 before the stride-2 step.
    "fast-d": {
        "channels": 1,
        "epochs": 100,
        "layers": [
            ("conv", 16), ("downconv", 32), ("conv", 48), ("pool", None),
            ("conv", 64), ("conv", 96), ("pool", None),
            ("conv", 128), ("conv", 192), ("pool", None),
            ("conv", 256),
            ("gap", None), ("dropout", 0.3), ("dense", 7),
        ],
    },
    # Built for speed (the 1 ms per face target, mirror pass included): separable convolutions,
    # 7 M multiply-adds per face against fast-c's 36 M (hold-out 64.87%; in the zoo, 63.3% on validation/).
    "fast-s": {
        "channels": 1,
        "epochs": 60,
        "recipe": {"batch": 64, "class_weight_power": 0.0, "augment_strength": 0.7},
        "dtype": "uint8",
        "layers": [
            ("downconv", 24), ("sepconv", 48), ("pool", None),
            ("sepconv", 96), ("sepconv", 128), ("pool", None),
            ("sepconv", 192), ("sepconv", 256), ("pool", None),
            ("sepconv", 320),
            ("gap", None), ("dropout", 0.3), ("dense", 7),
        ],
    },
    # Our first shipped model: VGG-style, batch norm, global average pooling instead of a big
    # dense layer. As accurate as fast-a at three times the work per face; kept in the zoo.
    "emotion-cnn-v1": {
        "channels": 1,
        "epochs": 35,
        "layers": [
            ("conv", 32), ("pool", None),
            ("conv", 64), ("conv", 64), ("pool", None),
            ("conv", 128), ("conv", 128), ("pool", None),
            ("conv", 160),
            ("gap", None), ("dropout", 0.3), ("dense", 7),
        ],
    },
    # The capstone's first model on RGB input (grayscale copied into three channels).
    "simple-cnn-rgb": {
        "channels": 3,
        "epochs": 10,
        "batch_norm": False,
        "layers": [
            ("conv", 32), ("pool", None), ("conv", 64), ("pool", None),
            ("flatten", None), ("dense", 128), ("dropout", 0.5), ("dense", 7),
        ],
    },
    "simple-cnn-gray": {
        "channels": 1,
        "epochs": 10,
        "batch_norm": False,
        "layers": [
            ("conv", 32), ("pool", None), ("conv", 64), ("pool", None),
            ("flatten", None), ("dense", 128), ("dropout", 0.5), ("dense", 7),
        ],
    },
    # The capstone's "final CNN": three conv blocks of 32/64/128 with batch norm, dense 128.
    "capstone-cnn": {
        "channels": 1,
        "epochs": 20,
        "layers": [
            ("conv", 32), ("conv", 32), ("pool", None),
            ("conv", 64), ("conv", 64), ("pool", None),
            ("conv", 128), ("conv", 128), ("pool", None),
            ("flatten", None), ("dense", 128), ("dropout", 0.5), ("dense", 7),
        ],
    },
}

# Ours, shipped: the candidate with the best hold-out score, with the recipe it won with.
ARCHITECTURES["emotion-cnn"] = {
    **ARCHITECTURES["fast-c"],
    "epochs": 50,
    "recipe": {"batch": 64, "class_weight_power": 0.0, "augment_strength": 0.7},
    # 8-bit kernels: half the bytes of float16 at no measured cost (validation/: 66.48% either way).
    "dtype": "uint8",
}


class FlattenChannelsLast(nn.Module):
    """Flattens in NHWC order, as Keras does, so dense weights export unchanged."""

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return x.permute(0, 2, 3, 1).reshape(x.shape[0], -1)


class DownConv2d(nn.Conv2d):
    """3x3, stride 2, padded as Keras' "same" pads an even side: one extra row and column at the end."""

    def __init__(self, in_channels: int, out_channels: int, bias: bool, groups: int = 1):
        super().__init__(in_channels, out_channels, 3, stride=2, padding=0, bias=bias, groups=groups)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return super().forward(F.pad(x, (0, 1, 0, 1)))


class ConvBlock(nn.Sequential):
    """Convolution, batch norm, ReLU. depthwise: one 3x3 filter per input channel (filters == in_channels)."""

    def __init__(self, in_channels: int, filters: int, batch_norm: bool, stride: int = 1,
                 kernel: int = 3, depthwise: bool = False):
        groups = in_channels if depthwise else 1
        if stride == 2:
            conv: nn.Conv2d = DownConv2d(in_channels, filters, not batch_norm, groups)
        else:
            conv = nn.Conv2d(in_channels, filters, kernel, padding=kernel // 2, bias=not batch_norm, groups=groups)
        layers: list[nn.Module] = [conv]
        if batch_norm:
            layers.append(nn.BatchNorm2d(filters))
        layers.append(nn.ReLU(inplace=True))
        super().__init__(*layers)


class SeparableBlock(nn.Sequential):
    """A depthwise 3x3 step (each channel filtered on its own) then a 1x1 step that mixes channels:
    about a ninth of the multiply-adds of a full 3x3 convolution with as many filters."""

    def __init__(self, in_channels: int, filters: int, batch_norm: bool, stride: int = 1):
        super().__init__(ConvBlock(in_channels, in_channels, batch_norm, stride, depthwise=True),
                         ConvBlock(in_channels, filters, batch_norm, kernel=1))


def scaled(arch: dict, width: float) -> dict:
    """The same architecture with every layer's filter count scaled (0.5 = half as wide), to size a shape
    before adding it; the last dense layer keeps one unit per class."""
    last = len(arch["layers"]) - 1

    def scale(index: int, kind: str, arg):
        wide = kind in ("conv", "downconv", "sepconv") or (kind == "dense" and index < last)
        return max(1, round(arg * width)) if wide else arg
    return {**arch, "layers": [(kind, scale(i, kind, arg)) for i, (kind, arg) in enumerate(arch["layers"])]}


def multiply_adds(model: nn.Module, channels: int, size: int = 48) -> int:
    """Multiply-adds per face of a built model's convolutions and dense layers (batch norm folds into them
    on export): what the time per face in the browser follows (DEVELOPERS.md, Speed)."""
    total = 0

    def count(module: nn.Module, _inputs, output: torch.Tensor) -> None:
        nonlocal total
        if isinstance(module, nn.Conv2d):
            total += output[0].numel() * module.in_channels // module.groups * module.kernel_size[0] * module.kernel_size[1]
        else:
            total += module.in_features * module.out_features

    hooks = [m.register_forward_hook(count) for m in model.modules() if isinstance(m, (nn.Conv2d, nn.Linear))]
    with torch.no_grad():
        model.eval()(torch.zeros(1, channels, size, size))
    for hook in hooks:
        hook.remove()
    return total


def with_dropout(arch: dict, rate: float | None) -> dict:
    """The architecture with every dropout rate replaced (None keeps its own): the overfitting demo trains without."""
    if rate is None:
        return arch
    return {**arch, "layers": [(kind, rate if kind == "dropout" else arg) for kind, arg in arch["layers"]]}


def build(arch: str | dict, num_classes: int = 7, size: int = 48) -> nn.Sequential:
    """The PyTorch model of an architecture, given by its name in ARCHITECTURES or as a dict."""
    arch = ARCHITECTURES[arch] if isinstance(arch, str) else arch
    batch_norm = arch.get("batch_norm", True)
    channels, side, features = arch["channels"], size, None
    modules: list[nn.Module] = []
    specs = arch["layers"]
    for index, (kind, arg) in enumerate(specs):
        last = index == len(specs) - 1
        if kind in ("conv", "downconv", "sepconv"):
            stride = 2 if kind == "downconv" else 1
            if side % stride:
                raise ValueError(f"downconv needs an even side, got {side}")
            block = SeparableBlock if kind == "sepconv" else ConvBlock
            modules.append(block(channels, arg, batch_norm, stride))
            channels, side = arg, side // stride
        elif kind == "pool":
            modules.append(nn.MaxPool2d(2))
            side //= 2
        elif kind == "gap":
            modules.append(nn.Sequential(nn.AdaptiveAvgPool2d(1), nn.Flatten()))
            features = channels
        elif kind == "flatten":
            modules.append(FlattenChannelsLast())
            features = channels * side * side
        elif kind == "dropout":
            modules.append(nn.Dropout(arg))
        elif kind == "dense":
            units = num_classes if last else arg
            dense = nn.Linear(features, units)
            modules.append(dense if last else nn.Sequential(dense, nn.ReLU(inplace=True)))
            features = units
        else:
            raise ValueError(f"unknown layer kind {kind}")
    return nn.Sequential(*modules)


def count_parameters(model: nn.Module) -> int:
    return sum(p.numel() for p in model.parameters())
