import glob
import json
import os
import tempfile
import unittest

import jsonschema

from training.card import DEFAULT_CARD, ROOT, read_card, repo_path, write_card


class CardTest(unittest.TestCase):
    def test_every_committed_card_matches_the_schema(self):
        cards = glob.glob(os.path.join(ROOT, "public", "models", "**", "model-card.json"), recursive=True)
        self.assertGreater(len(cards), 1)
        for path in cards:
            with self.subTest(card=os.path.relpath(path, ROOT)):
                read_card(path)

    def test_a_card_that_breaks_the_schema_is_not_written(self):
        card = read_card(DEFAULT_CARD)
        with tempfile.TemporaryDirectory() as root:
            path = os.path.join(root, "model-card.json")
            write_card(card, path)
            with open(path) as f:
                self.assertEqual(json.load(f), card)
            for broken in ({**card, "testTimeMirror": True},
                           {**card, "input": {**card["input"], "channels": 2}},
                           {**card, "training": {**card["training"], "config": {**card["training"]["config"], "card": "/home/someone/card.json"}}}):
                with self.assertRaises(jsonschema.ValidationError):
                    write_card(broken, path)
            with open(path) as f:
                self.assertEqual(json.load(f), card)

    def test_repo_path_is_relative_to_the_repository(self):
        self.assertEqual(repo_path(DEFAULT_CARD), os.path.join("public", "models", "emotion-cnn", "model-card.json"))
        self.assertIsNone(repo_path(None))


if __name__ == "__main__":
    unittest.main()
