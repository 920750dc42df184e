import json
import os
import tempfile
import unittest

from training import selection
from training.card import DEFAULT_CARD, read_card


def write_run(root: str, name: str, model: str, scores: list[float], holdout_size: int = 100) -> str:
    run = os.path.join(root, name)
    os.makedirs(run)
    history = {"model": model, "parameters": 1000, "train_seconds": 60.0, "holdout_size": holdout_size,
               "config": {"epochs": len(scores), "batch": 64, "class_weight_power": 0.0, "lr": 0.003},
               "history": [{"epoch": i + 1, "holdout_accuracy": s} for i, s in enumerate(scores)]}
    with open(os.path.join(run, "history.json"), "w") as f:
        json.dump(history, f)
    return run


def write_bare_card(root: str) -> str:
    """A card with the shipped model's name, labels and input, and no selection yet."""
    card = os.path.join(root, "model-card.json")
    shipped = read_card(DEFAULT_CARD)
    with open(card, "w") as f:
        json.dump({key: shipped[key] for key in ("name", "labels", "input")}, f)
    return card


def written_choice(card: str) -> str:
    with open(card) as f:
        return json.load(f)["selection"]["chosen"]


class SelectionTest(unittest.TestCase):
    def test_writes_each_candidates_best_holdout_epoch_into_the_card(self):
        with tempfile.TemporaryDirectory() as root:
            card = write_bare_card(root)
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

    def test_add_keeps_recorded_candidates_and_records_the_detector_cut_score(self):
        with tempfile.TemporaryDirectory() as root:
            card = write_bare_card(root)
            self.assertEqual(selection.main(["--card", card, write_run(root, "old", "simple-cnn-gray", [0.5, 0.62])]), 0)
            new = write_run(root, "new", "simple-cnn-gray", [0.6, 0.61])
            with open(os.path.join(new, "history.json")) as f:
                history = json.load(f)
            history["config"] |= {"framing_data": "training/runs/framing", "framing_share": 0.5}
            for entry, cut in zip(history["history"], [0.58, 0.6]):
                entry["holdout_accuracy_detector_cut"] = cut
            with open(os.path.join(new, "history.json"), "w") as f:
                json.dump(history, f)
            self.assertEqual(selection.main(["--card", card, "--add", new]), 0)
            with open(card) as f:
                old_c, new_c = json.load(f)["selection"]["candidates"]
            self.assertEqual(old_c["run"], "old")
            self.assertNotIn("holdout_accuracy_detector_cut", old_c)
            self.assertEqual((new_c["holdout_accuracy"], new_c["holdout_accuracy_detector_cut"]), (0.61, 0.6))
            self.assertEqual(new_c["recipe"]["framing_share"], 0.5)
            # 0.61 against 0.62 on 100 hold-out faces could be chance: the run that learned the live cut wins.
            self.assertEqual(written_choice(card), "new")

    def test_a_better_score_beyond_chance_beats_the_live_cut(self):
        old = {"run": "old", "holdout_accuracy": 0.62}
        new = {"run": "new", "holdout_accuracy": 0.61, "holdout_accuracy_detector_cut": 0.6}
        self.assertEqual(selection.choose([old, new], 100), "new")
        self.assertEqual(selection.choose([old, new], 100_000), "old")
        self.assertEqual(selection.choose([old, {**new, "holdout_accuracy": 0.63}], 100_000), "new")

    def test_a_run_without_history_is_an_error(self):
        with tempfile.TemporaryDirectory() as root:
            self.assertEqual(selection.main(["--card", os.path.join(root, "card.json"), root]), 2)


if __name__ == "__main__":
    unittest.main()
