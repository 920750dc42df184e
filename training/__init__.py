"""Offline training of the Emotion Lens CNNs (PyTorch, CPU)."""
