"""The same per-firm computation on the local and the Dask engine: time, peak memory, and a check
that both give identical results.

The computation is the scoring kernel: every firm's vector against the A and B reference vectors
(mean similarity of the k nearest), thresholds, a category. Firm vectors travel inside the
partitions (as the embed/score stages would hand them over); the references are shared inputs,
sent to each worker once.
"""

from __future__ import annotations

import gc
import time
from typing import Any

import numpy as np
import pandas as pd

from bench.common import DIM, median_run, peak_rss, sizes, synthetic_vectors
from ketenradar.engine import get_engine
from ketenradar.score.neighbours import exact_knn

SELF_REPEATING = True
VECTOR_COLUMNS = [f"e{i:03d}" for i in range(DIM)]


def score_partition(
    part: pd.DataFrame,
    references_a: np.ndarray,
    references_b: np.ndarray,
    k: int = 5,
    threshold_a: float = 0.3,
    threshold_b: float = 0.3,
) -> pd.DataFrame:
    """Pure per-firm function: its output for a firm depends only on that firm's row."""
    vectors = part[VECTOR_COLUMNS].to_numpy(dtype=np.float32)
    sim_a, near_a = exact_knn(vectors, references_a, k)
    sim_b, _ = exact_knn(vectors, references_b, k)
    score_a = sim_a.mean(axis=1)
    score_b = sim_b.mean(axis=1)
    category = np.where(score_a >= threshold_a, "C", np.where(score_b >= threshold_b, "D", "none"))
    return pd.DataFrame(
        {
            "kvk_number": part["kvk_number"].to_numpy(),
            "score_a": score_a,
            "score_b": score_b,
            "nearest_a": near_a[:, 0] if k else np.zeros(len(part), dtype=np.int64),
            "category": category,
        }
    )


def firm_frame(n: int, seed: int = 2) -> pd.DataFrame:
    vectors = synthetic_vectors(n, seed=seed)
    frame = pd.DataFrame(vectors, columns=VECTOR_COLUMNS, copy=False)
    frame.insert(0, "kvk_number", [f"{i:08d}" for i in range(n)])
    return frame


def main(args: Any) -> dict[str, Any]:
    repeat = args.repeat
    shared = {
        "references_a": synthetic_vectors(150, seed=11),
        "references_b": synthetic_vectors(300, seed=12),
    }
    workers = getattr(args, "workers", 2)
    start = time.perf_counter()
    dask = get_engine("dask", workers=workers, partitions=8)
    startup = time.perf_counter() - start
    local = get_engine("local", partitions=8)
    rows = []
    try:
        for n in sizes(args, [16_000, 100_000, 1_000_000], [2_000, 16_000]):
            frame = firm_frame(n)
            row: dict[str, Any] = {"firms": n, "partitions": 8}
            results = {}
            for engine in (local, dask):
                run = median_run(
                    lambda e=engine, f=frame: e.map_partitions(score_partition, f, shared=shared), repeat
                )
                results[engine.name] = run.pop("result")
                row[engine.name] = {
                    "seconds": round(run["seconds"], 3),
                    "firms_per_second": round(n / run["seconds"]),
                    "peak_rss_mb": round(run["peak_rss_mb"]),
                    "added_rss_mb": round(run["added_rss_mb"]),
                }
            try:
                pd.testing.assert_frame_equal(results["local"], results["dask"])
                row["identical"] = True
            except AssertionError:
                row["identical"] = False
            rows.append(row)
            del frame, results
            gc.collect()
    finally:
        with peak_rss():
            dask.close()
        local.close()
    identical = all(r["identical"] for r in rows)
    return {
        "status": "ok" if identical else "results differ",
        "engine": f"dask LocalCluster, {workers} worker processes x 1 thread",
        "dask_startup_seconds": round(startup, 2),
        "identical": identical,
        "sizes": rows,
    }
