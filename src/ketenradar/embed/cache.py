"""The embedding cache: vectors keyed by (model@version, sha256 of the text)."""

from __future__ import annotations

import hashlib

import numpy as np
import pandas as pd

from ketenradar.embed.base import Embedder
from ketenradar.store import Store


def text_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def cache_key(spec: str, embedder: Embedder) -> str:
    return f"{spec}@{getattr(embedder, 'version', 'unknown')}"


def cached_vectors(store: Store, key: str, shas: list[str]) -> dict[str, np.ndarray]:
    if not shas:
        return {}
    wanted = pd.DataFrame({"text_sha256": sorted(set(shas))})
    name = "_wanted_shas"
    store.con.register(name, wanted)
    try:
        frame = store.df(
            f"SELECT c.text_sha256, c.vector FROM embedding_cache c JOIN {name} w USING (text_sha256) "
            "WHERE c.model = ?",
            [key],
        )
    finally:
        store.con.unregister(name)
    return {
        sha: np.asarray(vec, dtype=np.float32)
        for sha, vec in zip(frame.text_sha256, frame.vector, strict=True)
    }
