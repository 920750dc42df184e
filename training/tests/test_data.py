import os
import tempfile
import unittest

import numpy as np
from PIL import Image

from training.data import DatasetError, framing_crops, load_split, stratified_holdout
from training.tests.tiny_dataset import LABELS, write_tiny_dataset


class LoadSplitTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        self.root = self.dir.name
        write_tiny_dataset(self.root, per_class=3, splits=("train",))

    def tearDown(self):
        self.dir.cleanup()

    def test_loads_every_image_with_its_label(self):
        x, y, report = load_split(self.root, "train", LABELS)
        self.assertEqual(x.shape, (21, 48, 48))
        self.assertEqual(x.dtype, np.uint8)
        self.assertEqual(list(np.bincount(y)), [3] * 7)
        self.assertEqual(report.loaded, 21)
        self.assertEqual(report.skipped, [])

    def test_detector_cuts_line_up_with_the_pictures_they_were_cut_from(self):
        x, y, _ = load_split(self.root, "train", LABELS)
        cuts = os.path.join(self.root, "cuts")
        # The detector "found" every face but the first of each class; a cut is the picture inverted.
        for label in LABELS:
            os.makedirs(os.path.join(cuts, "train", label))
            for name in sorted(os.listdir(os.path.join(self.root, "train", label)))[1:]:
                with Image.open(os.path.join(self.root, "train", label, name)) as img:
                    Image.eval(img, lambda v: 255 - v).save(os.path.join(cuts, "train", label, name))
        images, found = framing_crops(cuts, self.root, "train", LABELS, len(y))
        self.assertEqual(list(found), [False, True, True] * 7)
        np.testing.assert_array_equal(images[found], 255 - x[found])
        with self.assertRaisesRegex(DatasetError, "lists 21 pictures but 22"):
            framing_crops(cuts, self.root, "train", LABELS, 22)
        with self.assertRaisesRegex(DatasetError, "--save-crops"):
            framing_crops(os.path.join(self.root, "nowhere"), self.root, "train", LABELS, 21)

    def test_missing_folder_is_a_clear_error(self):
        with self.assertRaisesRegex(DatasetError, "Data folder not found"):
            load_split(os.path.join(self.root, "nope"), "train", LABELS)
        with self.assertRaisesRegex(DatasetError, "Split folder not found"):
            load_split(self.root, "validation", LABELS)

    def test_unknown_and_missing_classes_are_named(self):
        os.makedirs(os.path.join(self.root, "train", "bored"))
        with self.assertRaisesRegex(DatasetError, "Unknown class folder.*bored"):
            load_split(self.root, "train", LABELS)
        os.rmdir(os.path.join(self.root, "train", "bored"))
        os.rename(os.path.join(self.root, "train", "sad"), os.path.join(self.root, "sad-moved"))
        with self.assertRaisesRegex(DatasetError, "Missing class folder.*sad"):
            load_split(self.root, "train", LABELS)

    def test_empty_class_folder_is_an_error(self):
        folder = os.path.join(self.root, "train", "disgust")
        for name in os.listdir(folder):
            os.remove(os.path.join(folder, name))
        with self.assertRaisesRegex(DatasetError, "no usable images.*disgust"):
            load_split(self.root, "train", LABELS)

    def test_corrupt_and_non_image_files_are_skipped_and_counted(self):
        with open(os.path.join(self.root, "train", "happy", "broken.jpg"), "wb") as f:
            f.write(b"not a jpeg")
        with open(os.path.join(self.root, "train", "happy", "notes.txt"), "w") as f:
            f.write("hello")
        x, _, report = load_split(self.root, "train", LABELS)
        self.assertEqual(len(x), 21)
        self.assertEqual(len(report.skipped), 2)
        self.assertIn("2 skipped", report.summary())

    def test_other_sizes_and_colour_modes_are_converted(self):
        rgb = Image.new("RGB", (96, 64), (255, 0, 0))
        rgb.save(os.path.join(self.root, "train", "fear", "big-red.png"))
        x, y, report = load_split(self.root, "train", LABELS)
        self.assertEqual(x.shape[1:], (48, 48))
        self.assertEqual((report.converted, report.resized), (1, 1))
        red_luma = round(0.299 * 255)
        self.assertTrue(np.any(np.all(x == red_luma, axis=(1, 2))))


class HoldoutTest(unittest.TestCase):
    def test_is_stratified_disjoint_and_repeatable(self):
        y = np.repeat(np.arange(7), [40, 4, 40, 70, 50, 48, 30])
        train, hold = stratified_holdout(y, 0.1, seed=3)
        self.assertEqual(len(set(train) & set(hold)), 0)
        self.assertEqual(len(train) + len(hold), len(y))
        self.assertEqual(list(np.bincount(y[hold])), [4, 0, 4, 7, 5, 5, 3])
        again, _ = stratified_holdout(y, 0.1, seed=3)
        self.assertTrue(np.array_equal(train, again))


if __name__ == "__main__":
    unittest.main()
