"""Get a ready-to-use embedder for a model spec, with fitted state from the store (for matchmaking).

>>> embedder = load_embedder(store, "tfidf")   # the state the last `ketenradar embed --model tfidf` fitted
>>> embedder.encode(["5-assig frezen van titanium"])
"""

from __future__ import annotations

from datetime import datetime

from ketenradar.embed.base import Embedder, get_embedder
from ketenradar.embed.tfidf import TfidfEmbedder
from ketenradar.errors import InputError
from ketenradar.store import Store


def load_embedder(store: Store, spec: str) -> Embedder:
    if spec != "tfidf":
        return get_embedder(spec)
    row = store.fetchall("SELECT state FROM embed_models WHERE model = ?", [spec])
    if not row:
        raise InputError("no fitted tfidf model in this store yet: run `ketenradar embed --model tfidf`")
    return TfidfEmbedder.from_bytes(bytes(row[0][0]))


def save_fitted(store: Store, spec: str, embedder: TfidfEmbedder, n_texts: int) -> None:
    """Call inside a transaction."""
    store.execute("DELETE FROM embed_models WHERE model = ?", [spec])
    store.execute(
        "INSERT INTO embed_models VALUES (?, ?, ?, ?, ?)",
        [spec, embedder.version, embedder.to_bytes(), n_texts, datetime.now().replace(microsecond=0)],
    )
