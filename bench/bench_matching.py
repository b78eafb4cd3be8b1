"""Matchmaking-style query latency: one demand vector against all firm vectors, top-50 among the
firms a filter allows (here ~30%: a region and a size class), p50/p95 over many queries.

At 16k firms the search is exact; at 1M both the exact scan and the faiss index (what
`score.neighbours.knn` uses above 200,000 reference vectors) are measured. `match_demand` itself scans
exactly and is not measured here.
"""

from __future__ import annotations

import gc
import time
from typing import Any

import numpy as np

from bench.common import peak_rss, percentile, sizes, synthetic_vectors
from ketenradar.score.neighbours import EXACT_MAX, NeighbourIndex, exact_knn

SELF_REPEATING = True
TOP = 50


def latencies(search, queries: np.ndarray, repeat: int) -> list[float]:
    out = []
    for _ in range(max(1, repeat)):
        for q in queries:
            start = time.perf_counter()
            search(q)
            out.append(1000 * (time.perf_counter() - start))
    return out


def main(args: Any) -> dict[str, Any]:
    rows = []
    for n in sizes(args, [16_000, 1_000_000], [2_000, 16_000]):
        firms = synthetic_vectors(n, seed=5)
        rng = np.random.default_rng(9)
        region = rng.integers(0, 12, size=n)
        size_class = rng.integers(0, 4, size=n)
        mask = (region < 6) & (size_class >= 1)
        n_queries = 20 if n >= 500_000 else 100
        queries = synthetic_vectors(n_queries, seed=6)
        row: dict[str, Any] = {"firms": n, "allowed_by_filter": int(mask.sum()), "top": TOP}
        exact = latencies(lambda q, f=firms, m=mask: exact_knn(q[None, :], f, TOP, m), queries, args.repeat)
        row["exact"] = {"p50_ms": round(percentile(exact, 50), 2), "p95_ms": round(percentile(exact, 95), 2)}
        if n > EXACT_MAX:
            with peak_rss() as peak:
                start = time.perf_counter()
                index = NeighbourIndex(firms)
                build = time.perf_counter() - start
            approx = latencies(lambda q, i=index, m=mask: i.search(q, TOP, m), queries, args.repeat)
            _, truth = exact_knn(queries, firms, TOP, mask)
            _, found = index.search(queries, TOP, mask)
            recall = np.mean([len(np.intersect1d(a, b)) / TOP for a, b in zip(found, truth, strict=True)])
            row["faiss"] = {
                "p50_ms": round(percentile(approx, 50), 2),
                "p95_ms": round(percentile(approx, 95), 2),
                "build_seconds": round(build, 1),
                "build_peak_rss_mb": round(peak.peak_mb),
                "recall_at_50_filtered": round(float(recall), 4),
            }
            del index
        rows.append(row)
        del firms
        gc.collect()
    return {"queries": rows}
