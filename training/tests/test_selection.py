import json
import os
import tempfile
import unittest

from training import selection
from training.card import DEFAULT_CARD, read_card


def write_run(root: str, name: str, model: str, scores: list[float]) -> str:
    run = os.path.join(root, name)
    os.makedirs(run)
    history = {"model": model, "parameters": 1000, "train_seconds": 60.0,
               "config": {"epochs": len(scores), "batch": 64, "class_weight_power": 0.0, "lr": 0.003},
               "history": [{"epoch": i + 1, "holdout_accuracy": s} for i, s in enumerate(scores)]}
    with open(os.path.join(run, "history.json"), "w") as f:
        json.dump(history, f)
    return run


class SelectionTest(unittest.TestCase):
    def test_writes_each_candidates_best_holdout_epoch_into_the_card(self):
        with tempfile.TemporaryDirectory() as root:
            card = os.path.join(root, "model-card.json")
            shipped = read_card(DEFAULT_CARD)
            with open(card, "w") as f:
                json.dump({key: shipped[key] for key in ("name", "labels", "input")}, f)
            runs = [write_run(root, "a", "simple-cnn-gray", [0.4, 0.6, 0.5]), write_run(root, "b", "capstone-cnn", [0.55])]
            self.assertEqual(selection.main(["--card", card, *runs]), 0)
            with open(card) as f:
                written = json.load(f)
            a, b = written["selection"]["candidates"]
            self.assertEqual((a["run"], a["best_epoch"], a["holdout_accuracy"]), ("a", 2, 0.6))
            self.assertEqual(a["recipe"]["augment_strength"], 1.0)  # older runs: the default
            self.assertEqual(b["layers"][0], ["conv", 32])
            self.assertEqual(written["name"], "emotion-cnn")
            self.assertEqual(written["selection"]["chosen"], "a")

    def test_a_run_without_history_is_an_error(self):
        with tempfile.TemporaryDirectory() as root:
            self.assertEqual(selection.main(["--card", os.path.join(root, "card.json"), root]), 2)


if __name__ == "__main__":
    unittest.main()
