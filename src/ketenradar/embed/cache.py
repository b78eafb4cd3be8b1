"""The embedding cache: vectors keyed by (model@version, sha256 of the text)."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable

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


def embed_with_cache(
    store: Store,
    embedder: Embedder,
    key: str,
    texts: list[str],
    *,
    batch_size: int = 64,
    commit_every: int = 1024,
    on_batch: Callable[[int, float], None] | None = None,
    on_start: Callable[[int], None] | None = None,
) -> dict[str, np.ndarray]:
    """sha256 -> vector for every text; only texts missing from the cache are encoded.

    New vectors are committed every `commit_every` texts, so an interrupted run keeps its work.
    `on_batch(n_encoded, seconds)` reports progress.
    """
    by_sha = {text_sha256(t): t for t in texts}
    found = cached_vectors(store, key, list(by_sha))
    missing = [(sha, t) for sha, t in by_sha.items() if sha not in found]
    pending: list[tuple[str, np.ndarray]] = []
    if on_start:
        on_start(len(missing))

    def flush() -> None:
        if not pending:
            return
        frame = pd.DataFrame(
            {"model": key, "text_sha256": [s for s, _ in pending], "vector": [v.tolist() for _, v in pending]}
        )
        with store.transaction():
            store.upsert_df("embedding_cache", frame, ["model", "text_sha256"])
        pending.clear()

    for start in range(0, len(missing), batch_size):
        chunk = missing[start : start + batch_size]
        t0 = time.perf_counter()
        vectors = embedder.encode([t for _, t in chunk])
        seconds = time.perf_counter() - t0
        for (sha, _), vec in zip(chunk, vectors, strict=True):
            found[sha] = vec
            pending.append((sha, vec))
        if len(pending) >= commit_every:
            flush()
        if on_batch:
            on_batch(len(chunk), seconds)
    flush()
    return found
