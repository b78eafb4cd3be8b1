"""The embedding cache: vectors keyed by (model@version, sha256 of the text)."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import numpy as np
import pandas as pd

from ketenradar.embed.base import Embedder
from ketenradar.errors import InputError
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


SHARED_CACHE_ENV = "KETENRADAR_EMBED_SHARED_CACHE"


class SharedCache:
    """An embedding cache shared by several stores: one SQLite file, same key as the store's cache.

    Why SQLite and not DuckDB: several processes (the quality bench's world workers, or two projects on
    one machine) read and write it at the same time; SQLite in WAL mode lets them, with a busy timeout,
    where a DuckDB file is locked by its one writer. Vectors are stored as float32 bytes. A cache is
    only a shortcut: a missing or unreadable row is embedded again, never an error.
    """

    def __init__(self, path: str | Path):
        import sqlite3

        self.path = Path(path).expanduser()
        if self.path.parent and not self.path.parent.exists():
            raise InputError(
                f"the shared embedding cache's folder does not exist: {self.path.parent}",
                field="embed.shared_cache",
            )
        self._con = sqlite3.connect(self.path, timeout=120.0, isolation_level=None)
        self._con.execute("PRAGMA journal_mode=WAL")
        self._con.execute("PRAGMA synchronous=NORMAL")
        self._con.execute(
            "CREATE TABLE IF NOT EXISTS embedding_cache (model TEXT NOT NULL, text_sha256 TEXT NOT NULL, "
            "dim INTEGER NOT NULL, vector BLOB NOT NULL, PRIMARY KEY (model, text_sha256))"
        )

    @classmethod
    def from_config(cls, setting: str | None) -> SharedCache | None:
        """The cache named by the environment variable, else by `embed.shared_cache`; None: off."""
        path = os.environ.get(SHARED_CACHE_ENV) or setting
        return cls(path) if path else None

    def get(self, key: str, shas: list[str]) -> dict[str, np.ndarray]:
        out: dict[str, np.ndarray] = {}
        unique = sorted(set(shas))
        for start in range(0, len(unique), 500):  # SQLite's limit on bound parameters
            part = unique[start : start + 500]
            rows = self._con.execute(
                "SELECT text_sha256, vector FROM embedding_cache WHERE model = ? AND text_sha256 IN "
                f"({','.join('?' * len(part))})",
                [key, *part],
            ).fetchall()
            out.update((sha, np.frombuffer(blob, dtype=np.float32).copy()) for sha, blob in rows)
        return out

    def put(self, key: str, vectors: dict[str, np.ndarray]) -> None:
        rows = [
            (key, sha, int(v.shape[0]), np.asarray(v, dtype=np.float32).tobytes())
            for sha, v in vectors.items()
        ]
        if not rows:
            return
        with self._con:  # one short transaction: other processes wait at most the busy timeout
            self._con.execute("BEGIN IMMEDIATE")
            self._con.executemany("INSERT OR IGNORE INTO embedding_cache VALUES (?, ?, ?, ?)", rows)

    def close(self) -> None:
        self._con.close()
