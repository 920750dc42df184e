"""Writes untrained TF.js models of training/models.py's shapes, for timing before training:
speed depends on the shape, not on the weights (scripts/bench-shapes.ts times them).

    /usr/bin/python3 -m training.untrained --out /tmp/shapes [--width 0.5] fast-c fast-s

Each model goes through the export the shipped model goes through, so what is timed is what
would ship. Prints one JSON object: {name: {"path", "multiply_adds"}}.
"""
from __future__ import annotations

import argparse
import json
import os
import sys

import torch

from . import models
from .export_tfjs import export
from .card import DEFAULT_CARD, read_card


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--out", required=True, help="folder for one <name>/model.json per shape")
    p.add_argument("--width", type=float, default=1.0, help="scales every layer's filter count")
    p.add_argument("names", nargs="+", choices=sorted(models.ARCHITECTURES), metavar="name")
    args = p.parse_args(sys.argv[1:] if argv is None else argv)
    card = read_card(DEFAULT_CARD)
    size, labels = card["input"]["width"], card["labels"]
    torch.manual_seed(0)
    written = {}
    for name in args.names:
        arch = models.scaled(models.ARCHITECTURES[name], args.width)
        model = models.build(arch, len(labels), size)
        out = os.path.join(args.out, name)
        export(model, arch, name, labels, size, out, "float32")
        written[name] = {"path": os.path.join(out, "model.json"), "multiply_adds": models.multiply_adds(model, arch["channels"], size)}
    print(json.dumps(written))
    return 0


if __name__ == "__main__":
    sys.exit(main())
