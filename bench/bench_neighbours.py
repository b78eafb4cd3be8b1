"""Nearest neighbours: exact knn of N firms against a few hundred references (the scoring case),
and the faiss IVF path against exact search at 1M reference vectors (recall@10, build and query
time)."""

from __future__ import annotations

import gc
import time
from typing import Any

import numpy as np

from bench.common import median_run, peak_rss, sizes, synthetic_vectors
from ketenradar.score.neighbours import NeighbourIndex, exact_knn, recall_at_k

SELF_REPEATING = True
REFERENCES = 300
K = 10


def main(args: Any) -> dict[str, Any]:
    repeat = args.repeat
    references = synthetic_vectors(REFERENCES, seed=1)
    scoring = []
    for n in sizes(args, [16_000, 100_000, 1_000_000], [2_000, 16_000]):
        firms = synthetic_vectors(n, seed=2)
        run = median_run(lambda firms=firms: exact_knn(firms, references, K), repeat)
        scoring.append(
            {
                "firms": n,
                "references": REFERENCES,
                "k": K,
                "seconds": round(run["seconds"], 4),
                "firms_per_second": round(n / run["seconds"]),
                "peak_rss_mb": round(run["peak_rss_mb"]),
                "added_rss_mb": round(run["added_rss_mb"]),
            }
        )
        del firms
        gc.collect()
    return {"scoring_knn_exact": scoring, "faiss_vs_exact": faiss_vs_exact(args, repeat)}


def faiss_vs_exact(args: Any, repeat: int) -> dict[str, Any]:
    n = 20_000 if args.quick else 1_000_000
    n_queries = 200 if args.quick else 500
    corpus = synthetic_vectors(n, seed=3)
    queries = synthetic_vectors(n_queries, seed=4)
    with peak_rss() as peak:
        start = time.perf_counter()
        index = NeighbourIndex(corpus, exact_max=0)
        build = time.perf_counter() - start
    faiss_run = median_run(lambda: index.search(queries, K), repeat)
    exact_run = median_run(lambda: exact_knn(queries, corpus, K), repeat)
    recall = recall_at_k(queries, corpus, K, index=index)
    sims_exact = exact_run["result"][0]
    sims_faiss = faiss_run["result"][0]
    return {
        "vectors": n,
        "queries": n_queries,
        "k": K,
        "index": f"IVF-Flat nlist={index.nlist} nprobe={index.nprobe} trained on {index.train_size}",
        "recall_at_10": round(recall, 4),
        "build_seconds": round(build, 2),
        "build_peak_rss_mb": round(peak.peak_mb),
        "faiss_ms_per_query": round(1000 * faiss_run["seconds"] / n_queries, 3),
        "exact_ms_per_query": round(1000 * exact_run["seconds"] / n_queries, 3),
        "speedup": round(exact_run["seconds"] / faiss_run["seconds"], 1),
        "top1_similarity_gap": round(float(np.mean(sims_exact[:, 0] - sims_faiss[:, 0])), 5),
    }
