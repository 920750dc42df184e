import contextlib
import io
import json
import os
import tempfile
import unittest

from training import models, untrained


class ShapeCostTest(unittest.TestCase):
    def test_counts_multiply_adds_layer_by_layer(self):
        # fast-c: the stride-2 layer at 24², then pairs of 3×3 layers at 24², 12², 6² and one at 3², then the dense layer.
        expected = (576 * 9 * 32 + 576 * 9 * 32 * 48 + 144 * 9 * (48 * 64 + 64 * 96)
                    + 36 * 9 * (96 * 128 + 128 * 192) + 9 * 9 * 192 * 256 + 256 * 7)
        self.assertEqual(models.multiply_adds(models.build("fast-c"), 1), expected)
        # Separable: a 3×3 filter per channel, then a 1×1 mix.
        sep = {"channels": 1, "layers": [("downconv", 8), ("sepconv", 16), ("gap", None), ("dense", 7)]}
        self.assertEqual(models.multiply_adds(models.build(sep), 1), 576 * 9 * 8 + 576 * (9 * 8 + 8 * 16) + 16 * 7)

    def test_scaling_the_width_keeps_one_output_per_class(self):
        half = models.scaled(models.ARCHITECTURES["fast-c"], 0.5)
        self.assertEqual(half["layers"][1], ("conv", 24))
        self.assertEqual(half["layers"][-1], ("dense", 7))
        self.assertLess(models.multiply_adds(models.build(half), 1), models.multiply_adds(models.build("fast-c"), 1) / 3.5)
        self.assertEqual(models.build(half)[-1].out_features, 7)


class UntrainedExportTest(unittest.TestCase):
    def test_writes_the_shipped_models_layers_and_weight_shapes(self):
        root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
        with open(os.path.join(root, "public", "models", "emotion-cnn", "model.json")) as f:
            shipped = json.load(f)
        with tempfile.TemporaryDirectory() as out:
            with contextlib.redirect_stdout(io.StringIO()) as printed:
                self.assertEqual(untrained.main(["--out", out, "emotion-cnn"]), 0)
            self.assertEqual(json.loads(printed.getvalue())["emotion-cnn"]["multiply_adds"],
                             models.multiply_adds(models.build("emotion-cnn"), 1))
            with open(os.path.join(out, "emotion-cnn", "model.json")) as f:
                written = json.load(f)
        shapes = lambda m: [(w["name"], w["shape"]) for w in m["weightsManifest"][0]["weights"]]
        classes = lambda m: [l["class_name"] for l in m["modelTopology"]["config"]["layers"]]
        self.assertEqual(shapes(written), shapes(shipped))
        self.assertEqual(classes(written), classes(shipped))


if __name__ == "__main__":
    unittest.main()
