import json
import os
import tempfile
import unittest

import torch

from training import export_tfjs, train
from training.tests.tiny_dataset import write_tiny_dataset


class SmokeTrainingTest(unittest.TestCase):
    """One epoch on a tiny generated dataset, then an export, then a resume."""

    def test_train_stop_resume_and_export(self):
        with tempfile.TemporaryDirectory() as root:
            data, run, out = (os.path.join(root, name) for name in ("data", "run", "export"))
            write_tiny_dataset(data, per_class=6, splits=("train",))
            args = ["--data", data, "--out", run, "--epochs", "2", "--batch", "16", "--threads", "1"]
            self.assertEqual(train.main(args + ["--stop-after", "1"]), 0)
            with open(os.path.join(run, "history.json")) as f:
                history = json.load(f)
            self.assertEqual(len(history["history"]), 1)
            self.assertEqual(history["holdout_size"] + history["train_size"], 42)

            self.assertEqual(export_tfjs.main(["--run", run, "--out", out, "--parity", os.path.join(out, "parity.json")]), 0)
            with open(os.path.join(out, "model.json")) as f:
                model = json.load(f)
            self.assertEqual(model["format"], "layers-model")
            with open(os.path.join(out, "model-card.json")) as f:
                card = json.load(f)
            self.assertEqual(card["labels"][0], "angry")
            self.assertEqual(card["weights"]["weight_bytes"], os.path.getsize(os.path.join(out, "weights.bin")))
            # Paths as the repository sees them, not the folders of the machine that trained.
            config = card["training"]["config"]
            self.assertEqual(config["card"], os.path.join("public", "models", "emotion-cnn", "model-card.json"))
            self.assertEqual(config["data"], os.path.relpath(data, train.ROOT))
            self.assertEqual(history["config"], config)

            # Rerunning the interrupted command resumes at epoch 2 and keeps epoch 1's history.
            self.assertEqual(train.main(args), 0)
            with open(os.path.join(run, "history.json")) as f:
                resumed = json.load(f)["history"]
            self.assertEqual([e["epoch"] for e in resumed], [1, 2])
            self.assertEqual(resumed[0], history["history"][0])

    def test_detector_cuts_join_training_and_are_scored_on_the_hold_out(self):
        with tempfile.TemporaryDirectory() as root:
            data, run = os.path.join(root, "data"), os.path.join(root, "run")
            write_tiny_dataset(data, per_class=6, splits=("train",))
            # The "detector's cuts": the same pictures as another folder of the dataset's layout.
            write_tiny_dataset(os.path.join(root, "cuts"), per_class=6, seed=1, splits=("train",))
            args = ["--data", data, "--out", run, "--epochs", "1", "--batch", "16", "--threads", "1",
                    "--framing-data", os.path.join(root, "cuts"), "--framing-share", "0.5"]
            self.assertEqual(train.main(args), 0)
            with open(os.path.join(run, "history.json")) as f:
                history = json.load(f)
            self.assertIn("holdout_accuracy_detector_cut", history["history"][0])
            self.assertEqual(history["config"]["framing_share"], 0.5)
            self.assertEqual(history["config"]["framing_data"], os.path.relpath(os.path.join(root, "cuts"), train.ROOT))

    def test_fine_tune_continues_history_from_a_parent_run(self):
        with tempfile.TemporaryDirectory() as root:
            data, parent, child = (os.path.join(root, name) for name in ("data", "parent", "child"))
            write_tiny_dataset(data, per_class=6, splits=("train",))
            common = ["--data", data, "--batch", "16", "--threads", "1"]
            self.assertEqual(train.main(common + ["--out", parent, "--epochs", "2"]), 0)
            self.assertEqual(train.main(common + ["--out", child, "--epochs", "1", "--lr", "1e-4",
                                                  "--init-from", os.path.join(parent, "best.pt")]), 0)
            with open(os.path.join(child, "history.json")) as f:
                history = json.load(f)
            self.assertEqual([e["epoch"] for e in history["history"]], [1, 2, 3])
            self.assertEqual([s["epochs"] for s in history["stages"]], [2, 1])
            self.assertTrue(os.path.exists(os.path.join(child, "best.pt")))

    def test_final_fit_keeps_its_last_epoch_and_takes_the_mirror_choice_from_the_selected_run(self):
        with tempfile.TemporaryDirectory() as root:
            data, selected, final, out = (os.path.join(root, name) for name in ("data", "selected", "final", "export"))
            write_tiny_dataset(data, per_class=6, splits=("train",))
            common = ["--data", data, "--batch", "16", "--threads", "1", "--epochs", "2"]
            self.assertEqual(train.main(common + ["--out", selected]), 0)
            self.assertEqual(train.main(common + ["--out", final, "--holdout", "0"]), 0)
            with open(os.path.join(final, "history.json")) as f:
                history = json.load(f)
            self.assertEqual((history["train_size"], history["holdout_size"], history["best_epoch"]), (42, 0, 2))
            self.assertEqual(torch.load(os.path.join(final, "best.pt"))["epoch"], 2)

            # Without a hold-out of its own, the export needs the run whose recipe the final fit repeats.
            export = ["--run", final, "--out", out, "--data", data]
            self.assertEqual(export_tfjs.main(export), 2)
            self.assertEqual(export_tfjs.main(export + ["--selected", selected]), 0)
            with open(os.path.join(out, "model-card.json")) as f:
                training = json.load(f)["training"]
            self.assertEqual((training["train_size"], training["selected_run"]["run"]), (42, "selected"))
            self.assertEqual(training["selected_run"]["train_size"] + training["selected_run"]["holdout_size"], 42)
            self.assertEqual(set(training["holdout_accuracy"]), {"plain", "with_mirror"})

    def test_missing_data_folder_exits_with_message(self):
        with tempfile.TemporaryDirectory() as root:
            self.assertEqual(train.main(["--data", os.path.join(root, "absent"), "--out", root]), 2)


if __name__ == "__main__":
    unittest.main()
