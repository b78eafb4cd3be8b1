"""Any sentence-transformers model from a local directory (`st:/path/to/model`).

sentence-transformers is not a dependency of ketenradar (it pulls in torch); it is imported only when
a user asks for such a model, and the model is read from disk only (no hub download).
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

import numpy as np

from ketenradar.embed.base import l2_normalise
from ketenradar.errors import InputError


class SentenceTransformerEmbedder:
    def __init__(self, path: str):
        self._path = path
        folder = Path(path).expanduser()
        if not folder.is_dir():
            raise InputError(
                "no sentence-transformers model directory here", path=str(folder), field="embed.model"
            )
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:
            raise InputError(
                "the model 'st:...' needs the package sentence-transformers: "
                "pip install sentence-transformers (it is not installed with ketenradar)",
                field="embed.model",
            ) from exc
        self._model = SentenceTransformer(str(folder), device="cpu", local_files_only=True)
        self.name = f"st:{folder.name}"
        self.dim = int(self._model.get_sentence_embedding_dimension())
        # The folder's config identifies the weights well enough to key the cache.
        marker = b"".join(p.read_bytes() for p in sorted(folder.glob("*.json")))
        self.version = hashlib.sha256(marker + str(folder.resolve()).encode()).hexdigest()[:16]

    def __reduce__(self) -> tuple:
        # To an engine worker by path: each worker process loads the model from disk once.
        return (shared_st_embedder, (self._path,))

    def encode(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return l2_normalise(self._model.encode(list(texts), convert_to_numpy=True, show_progress_bar=False))


@lru_cache(maxsize=2)
def shared_st_embedder(path: str) -> SentenceTransformerEmbedder:
    return SentenceTransformerEmbedder(path)
