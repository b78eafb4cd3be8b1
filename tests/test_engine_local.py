"""The local engine's process pool gives exactly the in-process results, in partition order."""

from __future__ import annotations

import os
import time

import numpy as np
import pandas as pd
import pytest

from ketenradar.config import Config
from ketenradar.engine import (
    EngineError,
    LocalEngine,
    available_cores,
    engine_from_config,
    process_parallel,
    resolve_workers,
    split,
)
from ketenradar.errors import InputError


@process_parallel
def tokens(part: pd.DataFrame, vocabulary: frozenset[str]) -> pd.DataFrame:
    """CPU-bound pure Python per row, like extract and the matcher; says which process ran it."""
    found = [sorted(w for w in text.lower().split() if w in vocabulary) for text in part["text"]]
    return pd.DataFrame(
        {
            "kvk_number": part["kvk_number"].to_numpy(),
            "found": found,
            "pid": os.getpid(),
            "shared": id(vocabulary),
        }
    )


@process_parallel
def boundaries(part: pd.DataFrame) -> pd.DataFrame:
    """Depends on where the partition boundaries fall."""
    return pd.DataFrame({"first": [part["kvk_number"].iloc[0]], "rows": [len(part)]})


@process_parallel
def broken(part: pd.DataFrame) -> pd.DataFrame:
    raise ValueError(f"bad partition starting at {part['kvk_number'].iloc[0]}")


@process_parallel
def dies(part: pd.DataFrame) -> pd.DataFrame:
    os._exit(3)


def unmarked(part: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame({"pid": [os.getpid()] * len(part)})


@pytest.fixture(scope="module")
def pooled():
    engine = LocalEngine(partitions=6, workers=2)
    yield engine
    engine.close()


@pytest.fixture
def firms() -> pd.DataFrame:
    rng = np.random.default_rng(5)
    words = ["frezen", "draaien", "lassen", "iso", "9001", "aqap", "defensie", "plaatwerk", "de", "het"]
    texts = [" ".join(rng.choice(words, size=40)) for _ in range(301)]
    return pd.DataFrame({"kvk_number": [f"{i:08d}" for i in range(301)], "text": texts})


VOCABULARY = frozenset({"frezen", "lassen", "aqap", "9001"})


def test_pool_equals_in_process_run(pooled, firms):
    single = LocalEngine(partitions=6, workers=1).map_partitions(
        tokens, firms, shared={"vocabulary": VOCABULARY}
    )
    pooled_out = pooled.map_partitions(tokens, firms, shared={"vocabulary": VOCABULARY})
    columns = ["kvk_number", "found"]
    pd.testing.assert_frame_equal(single[columns], pooled_out[columns])
    assert pooled_out["kvk_number"].tolist() == firms["kvk_number"].tolist()
    # It ran in other processes, not this one; in-process it did not.
    assert os.getpid() not in set(pooled_out["pid"]) and set(single["pid"]) == {os.getpid()}
    # The shared inputs were unpickled once per worker process and call, not once per partition.
    assert pooled_out.groupby("pid")["shared"].nunique().max() == 1
    # Right, not just equal.
    assert pooled_out["found"].iloc[0] == sorted(w for w in firms["text"].iloc[0].split() if w in VOCABULARY)


def test_pool_keeps_partition_boundaries(pooled, firms):
    out = pooled.map_partitions(boundaries, firms)
    pd.testing.assert_frame_equal(out, LocalEngine(partitions=6, workers=1).map_partitions(boundaries, firms))
    assert out["rows"].tolist() == [len(p) for p in split(firms, 6)]
    assert len(pooled.map_partitions(boundaries, firms, partitions=3)) == 3
    assert [len(r) for r in pooled.imap(boundaries, split(firms, 4))] == [1, 1, 1, 1]


def test_unmarked_functions_stay_in_this_process(pooled, firms):
    # e.g. embedding with BLAS threads: its floats must not depend on a worker's thread count.
    assert set(pooled.map_partitions(unmarked, firms)["pid"]) == {os.getpid()}


def test_empty_frame_and_one_partition_run_here(pooled):
    empty = pd.DataFrame({"kvk_number": pd.Series([], dtype=object), "text": pd.Series([], dtype=object)})
    out = pooled.map_partitions(tokens, empty, shared={"vocabulary": VOCABULARY})
    assert out.empty and list(out.columns) == ["kvk_number", "found", "pid", "shared"]
    one = pd.DataFrame({"kvk_number": ["00000001"], "text": ["frezen"]})
    assert pooled.map_partitions(tokens, one, shared={"vocabulary": VOCABULARY})["pid"].tolist() == [
        os.getpid()
    ]


def test_worker_error_reaches_the_caller(pooled, firms):
    with pytest.raises(ValueError, match="bad partition starting at 00000000"):
        pooled.map_partitions(broken, firms)
    # The pool is still usable afterwards.
    assert len(pooled.map_partitions(boundaries, firms)) == 6


def test_dead_worker_is_a_clear_error(firms):
    with LocalEngine(partitions=4, workers=2) as engine:
        with pytest.raises(EngineError, match="a worker process died while running dies"):
            engine.map_partitions(dies, firms)
        # A new pool starts on the next call.
        assert len(engine.map_partitions(boundaries, firms)) == 4


def test_workers_setting():
    assert resolve_workers(0) == available_cores() == len(os.sched_getaffinity(0))
    assert resolve_workers(3) == 3
    with pytest.raises(InputError, match="engine.workers"):
        resolve_workers(-1)
    config = Config()
    assert config.engine.workers == 0
    assert engine_from_config(config).workers == available_cores()
    config.engine.workers = 1
    assert engine_from_config(config).workers == 1


def test_kept_open_reuses_one_pool_for_the_block_and_stops_it_after(firms):
    engine = LocalEngine(partitions=4, workers=2)
    shared = {"vocabulary": VOCABULARY}
    # Without the block, each call starts and stops its own pool: the workers differ.
    first = set(engine.map_partitions(tokens, firms, shared=shared)["pid"])
    assert engine._pool is None
    second = set(engine.map_partitions(tokens, firms, shared=shared)["pid"])
    assert first.isdisjoint(second)
    # Inside it, every call of the block runs on the same workers (a stage's batches), and the pool
    # is stopped, its workers gone, when the block ends.
    with engine.kept_open():
        inside = [set(engine.map_partitions(tokens, firms, shared=shared)["pid"]) for _ in range(3)]
        with engine.kept_open():  # nested: the inner block does not stop the outer's pool
            inside.append(set(engine.map_partitions(tokens, firms, shared=shared)["pid"]))
        assert engine._pool is not None
        workers = list(engine._pool._processes.values())
    assert all(pids == inside[0] for pids in inside) and len(inside[0]) == 2
    assert engine._pool is None
    # The executor's own thread may reap a worker at the moment we poll it, and `is_alive()` then
    # reads True until that thread records the exit code: wait for it rather than read it once.
    deadline = time.monotonic() + 30
    while any(w.is_alive() for w in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(w.is_alive() for w in workers)
    # An error inside the block still stops the pool.
    with pytest.raises(RuntimeError, match="boom"), engine.kept_open():
        engine.map_partitions(tokens, firms, shared=shared)
        raise RuntimeError("boom")
    assert engine._pool is None
