"""Test helpers for the review tests: a small synthetic scored store without loading a real model."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from web_store import make_store


class HashEmbedder:
    """Deterministic stand-in for an embedder: the synthetic store only needs vectors of some shape."""

    name = "hash"
    version = "1"

    def encode(self, texts: list[str]) -> np.ndarray:
        rng = np.random.default_rng(len(texts))
        return rng.normal(size=(len(texts), 16)).astype(np.float32)


def scored_store(path: Path, n_firms: int = 240, seed: int = 7) -> Path:
    return make_store(path, n_firms, HashEmbedder(), seed=seed)  # type: ignore[arg-type]
