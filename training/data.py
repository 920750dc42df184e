"""Loads an image-folder dataset laid out as <root>/<split>/<class>/*.jpg|png.

Every file is accounted for: images that are not 48x48 grayscale are converted
(PIL 'L' luma, then an area resize), unreadable files are skipped and counted,
and folder problems raise DatasetError with a message a person can act on.
"""
from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field

import numpy as np
from PIL import Image, UnidentifiedImageError

IMAGE_EXTENSIONS = (".jpg", ".jpeg", ".png", ".bmp", ".gif", ".webp")


class DatasetError(Exception):
    """A dataset folder that cannot be used as given."""


@dataclass
class LoadReport:
    split: str
    loaded: int = 0
    resized: int = 0
    converted: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)

    def summary(self) -> str:
        text = f"{self.split}: {self.loaded} images loaded"
        if self.converted:
            text += f", {self.converted} converted to grayscale"
        if self.resized:
            text += f", {self.resized} resized to 48x48"
        if self.skipped:
            text += f", {len(self.skipped)} skipped (unreadable)"
        return text


def load_split(root: str, split: str, labels: list[str], size: int = 48) -> tuple[np.ndarray, np.ndarray, LoadReport]:
    """Returns (images uint8 [N,size,size], labels int64 [N], report)."""
    split_dir = os.path.join(root, split)
    if not os.path.isdir(root):
        raise DatasetError(f"Data folder not found: {root}")
    if not os.path.isdir(split_dir):
        raise DatasetError(f"Split folder not found: {split_dir} (expected {root}/{split}/<class>/*.jpg)")
    found = sorted(d for d in os.listdir(split_dir) if os.path.isdir(os.path.join(split_dir, d)))
    unknown = [d for d in found if d not in labels]
    if unknown:
        raise DatasetError(f"Unknown class folder(s) in {split_dir}: {', '.join(unknown)}; expected only {', '.join(labels)}")
    missing = [c for c in labels if c not in found]
    if missing:
        raise DatasetError(f"Missing class folder(s) in {split_dir}: {', '.join(missing)}")

    report = LoadReport(split)
    images: list[np.ndarray] = []
    targets: list[int] = []
    for index, label in enumerate(labels):
        class_dir = os.path.join(split_dir, label)
        usable = 0
        for name in _listed(class_dir):
            path = os.path.join(class_dir, name)
            if not name.lower().endswith(IMAGE_EXTENSIONS):
                report.skipped.append((path, "not an image file extension"))
                continue
            try:
                with Image.open(path) as img:
                    img.load()
                    if img.mode != "L":
                        img = img.convert("L")
                        report.converted += 1
                    if img.size != (size, size):
                        img = img.resize((size, size), Image.BOX)
                        report.resized += 1
                    images.append(np.asarray(img, dtype=np.uint8))
            except (UnidentifiedImageError, OSError, ValueError) as error:
                report.skipped.append((path, f"unreadable image: {error}"))
                continue
            targets.append(index)
            usable += 1
        if usable == 0:
            raise DatasetError(f"Class folder has no usable images: {class_dir}")
    report.loaded = len(images)
    return np.stack(images), np.asarray(targets, dtype=np.int64), report


def _listed(class_dir: str) -> list[str]:
    return sorted(f for f in os.listdir(class_dir) if not f.startswith("."))


def framing_crops(crops_root: str, data_root: str, split: str, labels: list[str], count: int,
                  size: int = 48) -> tuple[np.ndarray, np.ndarray]:
    """The detector path's cut of each picture of <data_root>/<split> (evaluate:through-detector
    --save-crops wrote <crops_root>/<split>/<class>/<name>.png), in load_split's order.

    Returns (images uint8 [N,size,size], found bool [N]): where the detector found no face the row
    is blank and `found` is False (training then always shows the dataset's own picture).
    """
    images = np.zeros((count, size, size), dtype=np.uint8)
    found = np.zeros(count, dtype=bool)
    if not os.path.isdir(os.path.join(crops_root, split)):
        raise DatasetError(f"No detector cuts in {os.path.join(crops_root, split)}: "
                           f"run npm run evaluate:through-detector -- --split {split} --save-crops {crops_root}")
    i = 0
    for label in labels:
        for name in _listed(os.path.join(data_root, split, label)):
            if not name.lower().endswith(IMAGE_EXTENSIONS):
                continue
            if i == count:
                raise DatasetError(f"{data_root}/{split} lists more pictures than were loaded (unreadable files?)")
            path = os.path.join(crops_root, split, label, os.path.splitext(name)[0] + ".png")
            if os.path.exists(path):
                with Image.open(path) as img:
                    cut = img.convert("L")
                    if cut.size != (size, size):
                        raise DatasetError(f"{path} is {cut.size[0]}x{cut.size[1]}, not {size}x{size}")
                    images[i] = np.asarray(cut, dtype=np.uint8)
                    found[i] = True
            i += 1
    if i != count:
        raise DatasetError(f"{data_root}/{split} lists {i} pictures but {count} were loaded")
    return images, found


def cached_split(root: str, split: str, labels: list[str], cache_dir: str) -> tuple[np.ndarray, np.ndarray, LoadReport]:
    """load_split, memoised on disk keyed by the folder's file list and sizes."""
    digest = hashlib.sha1()
    split_dir = os.path.join(root, split)
    for dirpath, _, files in sorted(os.walk(split_dir)):
        for name in sorted(files):
            stat = os.stat(os.path.join(dirpath, name))
            digest.update(f"{dirpath}/{name}:{stat.st_size}:{int(stat.st_mtime)}".encode())
    digest.update(",".join(labels).encode())
    path = os.path.join(cache_dir, f"{split}-{digest.hexdigest()[:16]}.npz")
    if os.path.exists(path):
        stored = np.load(path, allow_pickle=False)
        report = LoadReport(split, loaded=len(stored["y"]))
        return stored["x"], stored["y"], report
    x, y, report = load_split(root, split, labels)
    os.makedirs(cache_dir, exist_ok=True)
    np.savez(path, x=x, y=y)
    return x, y, report


def stratified_holdout(y: np.ndarray, fraction: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Splits indices into (train, holdout), keeping each class's share."""
    rng = np.random.default_rng(seed)
    train_idx, hold_idx = [], []
    for label in np.unique(y):
        idx = np.flatnonzero(y == label)
        rng.shuffle(idx)
        n_hold = int(round(len(idx) * fraction))
        hold_idx.append(idx[:n_hold])
        train_idx.append(idx[n_hold:])
    return np.sort(np.concatenate(train_idx)), np.sort(np.concatenate(hold_idx))
