"""The pattern every partitioned stage follows, end to end through a real store: read the input
rows with the store, map a pure per-firm function over partitions with the configured engine, get
back the same frame from the local engine and from a two-worker Dask cluster.

The real stages on both engines: tests/test_engine_pipeline.py; every stage's contract with the store
(declared tables, killed runs, reruns): tests/test_stage_contract.py.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

from ketenradar.config import Config
from ketenradar.engine import close_engines, engine_for
from ketenradar.store import Store

WORDS = re.compile(r"\b(frezen|draaien|lassen|AQAP[- ]?2110|ISO[- ]?9001)\b", re.IGNORECASE)


def find_terms(part: pd.DataFrame) -> pd.DataFrame:
    """Per firm, like the indicators stage: which terms its document mentions, with a snippet."""
    rows = []
    for kvk, text in zip(part["kvk_number"], part["text"], strict=True):
        found = sorted({m.group(1).lower().replace(" ", "-") for m in WORDS.finditer(text)})
        first = WORDS.search(text)
        snippet = text[max(0, first.start() - 10) : first.end() + 10] if first else None
        rows.append({"kvk_number": kvk, "terms": found, "n_terms": len(found), "snippet": snippet})
    return pd.DataFrame(rows, columns=["kvk_number", "terms", "n_terms", "snippet"])


def score_vectors(part: pd.DataFrame, references: np.ndarray, k: int) -> pd.DataFrame:
    """Per firm, like the score stage: mean similarity of the k nearest reference vectors."""
    from ketenradar.score.neighbours import knn

    vectors = np.asarray(np.stack(part["vector"].to_list()), dtype=np.float32)
    sims, idx = knn(vectors, references, k)
    return pd.DataFrame(
        {"kvk_number": part["kvk_number"].to_numpy(), "a_score": sims.mean(axis=1), "nearest": idx[:, 0]}
    )


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    rng = np.random.default_rng(12)
    processes = ["frezen", "draaien", "lassen", "AQAP 2110", "ISO-9001", "bakken", "verven"]
    n = 240
    kvk = [f"{10_000_000 + i}" for i in range(n)]
    texts = [
        f"Bedrijf {i} doet " + " en ".join(rng.choice(processes, size=rng.integers(0, 4), replace=False))
        for i in range(n)
    ]
    vectors = rng.standard_normal((n, 16)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    path = tmp_path_factory.mktemp("contract") / "store.duckdb"
    with Store(str(path)) as s, s.transaction():
        s.insert_df(
            "documents",
            pd.DataFrame(
                {"kvk_number": kvk, "text": texts, "sha256": [f"{i:064x}" for i in range(n)], "run_id": "r"}
            ),
        )
        s.insert_df(
            "firm_vectors",
            pd.DataFrame(
                {
                    "kvk_number": kvk,
                    "model": "test",
                    "model_version": "test-1",
                    "doc_sha256": [f"{i:064x}" for i in range(n)],
                    "vector": [v.tolist() for v in vectors],
                    "run_id": "r",
                }
            ),
        )
    s = Store(str(path))
    yield s
    s.close()
    close_engines()


def run_both(fn, frame: pd.DataFrame, **shared) -> tuple[pd.DataFrame, pd.DataFrame]:
    outputs = []
    for name in ("local", "dask"):
        config = Config()
        config.engine.engine, config.engine.workers, config.engine.partitions = name, 2, 6
        engine = engine_for(config)
        assert engine.name == name
        assert engine_for(config) is engine  # one cluster per process, reused by every stage
        outputs.append(engine.map_partitions(fn, frame, shared=shared))
    return outputs[0], outputs[1]


def test_text_stage_pattern_identical_on_both_engines(store):
    documents = store.df("SELECT kvk_number, text FROM documents ORDER BY kvk_number")
    local, dask = run_both(find_terms, documents)
    pd.testing.assert_frame_equal(local, dask)
    assert local["kvk_number"].tolist() == documents["kvk_number"].tolist()
    assert local["n_terms"].sum() > 0 and (local["n_terms"] == 0).any()
    row = local.loc[local["n_terms"].idxmax()]
    text = documents.set_index("kvk_number").loc[row["kvk_number"], "text"]
    assert all(t.split("-")[0] in text.lower() for t in row["terms"])


def test_vector_stage_pattern_identical_on_both_engines(store):
    vectors = store.df("SELECT kvk_number, vector FROM firm_vectors WHERE model = 'test' ORDER BY kvk_number")
    references = np.stack(vectors["vector"].head(12).to_list()).astype(np.float32)
    local, dask = run_both(score_vectors, vectors, references=references, k=3)
    pd.testing.assert_frame_equal(local, dask)
    # The first 12 firms are themselves references: each is its own nearest neighbour.
    assert local["nearest"].head(12).tolist() == list(range(12))
