import json
import os
import tempfile
import unittest

import numpy as np

from training import transfer_head

LABELS = ["angry", "disgust", "fear", "happy", "neutral", "sad", "surprise"]


def write_features(run: str, per_class: int = 12, seed: int = 0) -> None:
    """Synthetic frozen features laid out as scripts/zoo-transfer.ts writes them."""
    rng = np.random.default_rng(seed)
    os.makedirs(run, exist_ok=True)
    labels = np.repeat(np.arange(len(LABELS)), per_class).astype(np.uint8)
    shapes = {"trunk": [2, 2, 3], "landmarks": [5]}
    for name, shape in shapes.items():
        dim = int(np.prod(shape))
        centres = rng.normal(0, 3, (len(LABELS), dim))
        x = (centres[labels] + rng.normal(0, 1, (len(labels), dim)) + 10).astype("<f4")  # offset: standardisation matters
        x.tofile(os.path.join(run, f"train-{name}.f32"))
        (x + rng.normal(0, 0.1, x.shape)).astype("<f4").tofile(os.path.join(run, f"train-flip-{name}.f32"))
    labels.tofile(os.path.join(run, "train-labels.u8"))
    manifest = {"base": "fake", "labels": LABELS,
                "features": {n: {"node": n, "shape": s, "dim": int(np.prod(s)), "file": f"<split>-{n}.f32"} for n, s in shapes.items()},
                "splits": {"train": {"count": len(labels), "seconds": 1.5}}}
    with open(os.path.join(run, "features.json"), "w") as f:
        json.dump(manifest, f)


class TransferHeadTest(unittest.TestCase):
    def test_trains_exports_and_folds_standardisation(self):
        for head, feature in (("mlp", "landmarks"), ("conv", "trunk")):
            with self.subTest(head=head), tempfile.TemporaryDirectory() as root:
                run, out = os.path.join(root, "run"), os.path.join(root, "zoo")
                write_features(run)
                code = transfer_head.main(["--run", run, "--out", out, "--feature", feature, "--head", head,
                                           "--epochs", "3", "--batch", "16", "--hidden", "8", "--channels", "2"])
                self.assertEqual(code, 0)
                with open(os.path.join(out, "history.json")) as f:
                    history = json.load(f)
                self.assertEqual(len(history["history"]), 3)
                self.assertEqual(set(history["history"][0]), {"epoch", "train_loss", "train_accuracy", "holdout_loss",
                                                              "holdout_accuracy", "lr", "seconds", "cpu_seconds"})
                self.assertEqual(history["holdout_size"] + history["train_size"], 84)
                self.assertEqual(history["extraction_seconds"], 1.5)

                with open(os.path.join(out, "model.json")) as f:
                    model = json.load(f)
                layers = model["modelTopology"]["config"]["layers"]
                self.assertEqual(layers[0]["config"]["batch_input_shape"][1:], [2, 2, 3] if feature == "trunk" else [5])
                self.assertEqual(layers[-1]["config"]["units"], 7)
                self.assertEqual(layers[-1]["config"]["activation"], "softmax")
                with open(os.path.join(run, "head-summary.json")) as f:
                    summary = json.load(f)
                self.assertEqual(summary["weight_bytes"], os.path.getsize(os.path.join(out, "head.bin")))
                n_weights = sum(int(np.prod(w["shape"])) for w in model["weightsManifest"][0]["weights"])
                self.assertEqual(summary["weight_bytes"], 2 * n_weights)  # float16

                with open(os.path.join(run, "head-parity.json")) as f:
                    parity = json.load(f)
                probabilities = np.asarray(parity["probabilities"])
                np.testing.assert_allclose(probabilities.sum(1), 1, atol=1e-9)
                self.assertLess(parity["rounding_max_abs_difference"], 1e-2)

    def test_folded_forward_matches_the_torch_head(self):
        rng = np.random.default_rng(1)
        shape = [2, 3, 4]
        x = rng.normal(5, 2, (6, 24)).astype(np.float32)
        for kind in ("mlp", "conv"):
            mean, std = transfer_head.standardisation(x, kind, shape)
            head = transfer_head.Head(kind, shape, 7, 5, 3, 0.5, 0.2, mean, std).eval()
            import torch
            with torch.no_grad():
                expected = torch.softmax(head(torch.from_numpy(x)).double(), 1).numpy()
            got = transfer_head.forward_folded(transfer_head.folded_layers(head), x, shape)
            np.testing.assert_allclose(got, expected, atol=1e-5)

    def test_missing_features_exit_with_message(self):
        with tempfile.TemporaryDirectory() as root:
            self.assertEqual(transfer_head.main(["--run", os.path.join(root, "absent"), "--out", root]), 2)
            write_features(root)
            self.assertEqual(transfer_head.main(["--run", root, "--out", root, "--feature", "nope"]), 2)
            self.assertEqual(transfer_head.main(["--run", root, "--out", root, "--feature", "landmarks", "--head", "conv"]), 2)


if __name__ == "__main__":
    unittest.main()
