"""Reads and writes model cards, checked against the one schema the TS side uses too.

The schema is src/lib/ml/model-card.schema.json; a card that does not match it is never written,
so a training or export run cannot leave a card the site would fail to read.
"""
from __future__ import annotations

import json
import os

import jsonschema

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SCHEMA_PATH = os.path.join(ROOT, "src", "lib", "ml", "model-card.schema.json")
DEFAULT_CARD = os.path.join(ROOT, "public", "models", "emotion-cnn", "model-card.json")

with open(SCHEMA_PATH) as _f:
    _VALIDATOR = jsonschema.Draft202012Validator(json.load(_f))


def validate_card(card: dict) -> None:
    """Raises jsonschema.ValidationError, naming the first key that breaks the schema."""
    _VALIDATOR.validate(card)


def read_card(path: str) -> dict:
    with open(path) as f:
        card = json.load(f)
    validate_card(card)
    return card


def write_card(card: dict, path: str) -> None:
    validate_card(card)
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        json.dump(card, f, indent=1)
    os.replace(tmp, path)


def repo_path(path: str | None) -> str | None:
    """A path as the repository sees it, so cards and histories do not carry the training machine's folders."""
    return None if path is None else os.path.relpath(os.path.abspath(path), ROOT)
