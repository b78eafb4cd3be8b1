"""Nearest-neighbour search over L2-normalised vectors (cosine = dot product)."""

from __future__ import annotations

import numpy as np


def knn(queries: np.ndarray, references: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """For each query row: (similarities, indices) of the k most similar reference rows, best first.

    Exact search in numpy, in blocks so that memory stays bounded for large query sets.
    """
    k = min(k, len(references))
    n = len(queries)
    sims = np.empty((n, k), dtype=np.float32)
    idx = np.empty((n, k), dtype=np.int64)
    if k == 0 or n == 0:
        return sims[:, :0], idx[:, :0]
    block = max(1, 2_000_000 // max(1, len(references)))
    for start in range(0, n, block):
        s = queries[start : start + block] @ references.T
        part = np.argpartition(-s, k - 1, axis=1)[:, :k]
        part_s = np.take_along_axis(s, part, axis=1)
        order = np.argsort(-part_s, axis=1)
        idx[start : start + block] = np.take_along_axis(part, order, axis=1)
        sims[start : start + block] = np.take_along_axis(part_s, order, axis=1)
    return sims, idx
