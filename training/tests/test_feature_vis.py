import os
import tempfile
import unittest

import torch

from training import export_tfjs, feature_vis, models


class ShippedModelTest(unittest.TestCase):
    def test_rebuilt_from_the_tfjs_files_it_gives_the_exported_models_scores(self):
        # A model with random batch-norm statistics, exported with 8-bit kernels like the shipped one:
        # the rebuild must undo the export (layout, folding, "same" padding of the stride-2 layer).
        torch.manual_seed(0)
        model = models.build("emotion-cnn")
        for module in model.modules():
            if isinstance(module, torch.nn.BatchNorm2d):
                module.running_mean.uniform_(-0.2, 0.2)
                module.running_var.uniform_(0.5, 2.0)
        arch = models.ARCHITECTURES["emotion-cnn"]
        labels = ["a", "b", "c", "d", "e", "f", "g"]
        with tempfile.TemporaryDirectory() as out:
            export_tfjs.export(model, arch, "emotion-cnn", labels, 48, out, "uint8")
            rebuilt = feature_vis.ShippedModel(*feature_vis.read_weights(out)).eval()
        export_tfjs.round_weights_like_export(model, "uint8")
        x = torch.rand(3, 1, 48, 48)
        with torch.no_grad():
            expected = model.eval()(x)
            outputs = rebuilt(x)
        self.assertEqual(rebuilt.conv_layers, [f"conv{i}" for i in range(1, 8)])
        torch.testing.assert_close(outputs["dense1"], expected, atol=1e-4, rtol=1e-4)
        # The first layer's output before ReLU is the folded convolution itself.
        conv1 = model[0][0]
        torch.testing.assert_close(outputs["conv1"], conv1(x), atol=1e-4, rtol=1e-4)

    def test_receptive_fields_grow_with_strides_and_pooling(self):
        topology, _ = feature_vis.read_weights(feature_vis.MODEL_DIR)
        fields = feature_vis.receptive_fields(topology)
        # 3x3 at stride 2, then 3x3 (jump 2), pool (jump 4), two 3x3 (jump 4)...
        self.assertEqual([fields["conv1"], fields["conv2"], fields["conv3"], fields["conv4"]], [3, 7, 17, 25])

    def test_channels_are_evenly_spaced(self):
        self.assertEqual(feature_vis.pick_channels(32, 4), [0, 8, 16, 24])
        self.assertEqual(feature_vis.pick_channels(3, 4), [0, 1, 2])

    def test_a_short_run_writes_pictures_and_an_index(self):
        with tempfile.TemporaryDirectory() as out:
            self.assertEqual(feature_vis.main(["--out", out, "--steps", "2", "--per-layer", "1"]), 0)
            files = sorted(os.listdir(out))
        self.assertIn("index.json", files)
        self.assertIn("conv1-1.png", files)
        self.assertIn("dense1-7.png", files)


if __name__ == "__main__":
    unittest.main()
