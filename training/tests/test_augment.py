import unittest

import torch

from training.augment import RANGES, SCALED_BY_STRENGTH, augment


class AugmentTest(unittest.TestCase):
    """The ranges come from src/lib/ml/augmentation.json, shared with the lesson's demo."""

    def setUp(self):
        # Every row the same left-to-right ramp, in 0.3..0.7 so contrast and brightness never clip it.
        ramp = torch.linspace(0.3, 0.7, 48)
        self.x = ramp.expand(256, 1, 48, 48).contiguous()

    def rows_all_equal(self, out: torch.Tensor) -> torch.Tensor:
        return (out - out[:, :, :1, :]).abs().amax(dim=(1, 2, 3)) < 1e-6

    def test_at_strength_0_it_only_mirrors_and_changes_brightness_and_contrast(self):
        out = augment(self.x, torch.Generator().manual_seed(0), 0.0)
        # No turn, zoom, shift or hidden patch: every row stays the same ramp, rising or (mirrored) falling.
        self.assertTrue(bool(self.rows_all_equal(out).all()))
        steps = out[:, 0, 0, 1:] - out[:, 0, 0, :-1]
        rising = (steps > 0).all(dim=1)
        self.assertTrue(bool((rising | (steps < 0).all(dim=1)).all()))
        self.assertAlmostEqual(rising.float().mean().item(), 1 - RANGES["flipProbability"], delta=0.1)

    def test_at_strength_1_it_turns_or_hides_a_patch_in_most_pictures(self):
        out = augment(self.x, torch.Generator().manual_seed(0), 1.0)
        self.assertGreater((~self.rows_all_equal(out)).float().mean().item(), 0.5)

    def test_strength_scales_only_ranges_that_are_numbers(self):
        for key in SCALED_BY_STRENGTH:
            self.assertIsInstance(RANGES[key], (int, float))


if __name__ == "__main__":
    unittest.main()
