"""The Dask engine on a two-worker LocalCluster gives exactly the local engine's results."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from ketenradar.config import Config
from ketenradar.engine import LocalEngine, engine_from_config, get_engine, split
from ketenradar.errors import InputError


def firm_scores(part: pd.DataFrame, references: np.ndarray, k: int = 3) -> pd.DataFrame:
    """A per-firm computation like the score stage's: top-k similarity to shared references."""
    from ketenradar.score.neighbours import exact_knn

    vectors = np.stack(part["vector"].to_list()).astype(np.float32) if len(part) else np.zeros((0, 8))
    sims, idx = exact_knn(vectors.astype(np.float32), references, k)
    return pd.DataFrame(
        {
            "kvk_number": part["kvk_number"].to_numpy(),
            "score": sims.mean(axis=1) if k else np.zeros(len(part)),
            "nearest": idx[:, 0],
            "label": np.where(sims[:, 0] > 0.5, "near", "far"),
        }
    )


def partition_summary(part: pd.DataFrame) -> pd.DataFrame:
    """Depends on the partition boundaries: only equal partitioning gives equal output."""
    return pd.DataFrame({"first": [part["kvk_number"].iloc[0]], "rows": [len(part)]})


@pytest.fixture(scope="module")
def dask_engine():
    # Real worker processes (not threads): this is what pickles functions and inputs, as a
    # cluster on other machines would. Two workers start in a few seconds.
    engine = get_engine("dask", workers=2, partitions=5)
    yield engine
    engine.close()


@pytest.fixture
def firms() -> pd.DataFrame:
    rng = np.random.default_rng(3)
    vectors = rng.standard_normal((503, 8)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    return pd.DataFrame({"kvk_number": [f"{i:08d}" for i in range(503)], "vector": list(vectors)})


def test_dask_matches_local_on_partitioned_computation(dask_engine, firms):
    rng = np.random.default_rng(4)
    references = rng.standard_normal((40, 8)).astype(np.float32)
    references /= np.linalg.norm(references, axis=1, keepdims=True)
    assert dask_engine.workers == 2

    local = LocalEngine(partitions=5).map_partitions(firm_scores, firms, shared={"references": references})
    distributed = dask_engine.map_partitions(firm_scores, firms, shared={"references": references})

    pd.testing.assert_frame_equal(local, distributed)
    assert len(distributed) == len(firms)
    assert distributed["kvk_number"].tolist() == firms["kvk_number"].tolist()
    # The reference output is itself right, not just equal: compare with a direct computation.
    direct = firm_scores(firms, references)
    pd.testing.assert_frame_equal(local, direct)


def test_same_partitioning_on_both_engines(dask_engine, firms):
    local = LocalEngine(partitions=5).map_partitions(partition_summary, firms)
    distributed = dask_engine.map_partitions(partition_summary, firms)
    pd.testing.assert_frame_equal(local, distributed)
    assert distributed["rows"].tolist() == [len(p) for p in split(firms, 5)]
    assert distributed["rows"].sum() == len(firms)
    # An explicit partition count overrides the engine's default on both.
    assert len(dask_engine.map_partitions(partition_summary, firms, partitions=3)) == 3


def test_worker_error_reaches_the_caller(dask_engine, firms):
    def broken(part: pd.DataFrame) -> pd.DataFrame:
        raise ValueError("bad partition")

    with pytest.raises(ValueError, match="bad partition"):
        dask_engine.map_partitions(broken, firms)


def test_empty_frame(dask_engine):
    empty = pd.DataFrame({"kvk_number": pd.Series([], dtype=object), "vector": pd.Series([], dtype=object)})
    out = dask_engine.map_partitions(firm_scores, empty, shared={"references": np.zeros((2, 8), np.float32)})
    assert out.empty and list(out.columns) == ["kvk_number", "score", "nearest", "label"]


def test_unknown_engine_is_refused():
    with pytest.raises(InputError, match=r"unknown engine 'spark' \(known: local, dask\)"):
        get_engine("spark")


def test_engine_from_config():
    config = Config()
    engine = engine_from_config(config)
    assert engine.name == "local" and engine.partitions == config.engine.partitions
    config.engine.engine = "ray"
    with pytest.raises(InputError, match="engine.engine"):
        engine_from_config(config.engine)


def test_unreachable_scheduler_is_a_clear_error():
    from ketenradar.engine.dask_engine import EngineError

    # A port on 127.0.0.1 that nothing listens on (never any other address in tests).
    with pytest.raises(EngineError, match="cannot reach scheduler tcp://127.0.0.1:9"):
        get_engine("dask", address="tcp://127.0.0.1:9", timeout=2)
