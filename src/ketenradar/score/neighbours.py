"""Nearest-neighbour search over L2-normalised vectors (cosine = dot product).

Exact search in numpy while the reference set is small enough (the scoring case: every firm
against a few hundred reference suppliers); above `exact_max` reference vectors (default 200,000:
matchmaking over a whole register) a faiss IVF-Flat index. IVF-Flat keeps the full vectors, so
the similarities it returns are exact and only recall can be lost; unlike HNSW its build is
deterministic (k-means on a fixed, seeded sample). `recall_at_k` measures what is lost.
"""

from __future__ import annotations

import math

import numpy as np

EXACT_MAX = 200_000
"""Reference sets up to this size are searched exactly (a constant: no setting reads it)."""

TARGET_RECALL = 0.95
"""The faiss index probes enough cells to find this share of the exact top-10 (measured at build)."""

_BLOCK_ELEMENTS = 1 << 25
"""Similarity entries computed at once in exact search (32M float32 = 128 MB)."""


def _empty(n: int, k: int) -> tuple[np.ndarray, np.ndarray]:
    return np.empty((n, k), dtype=np.float32), np.empty((n, k), dtype=np.int64)


def exact_knn(
    queries: np.ndarray, references: np.ndarray, k: int, mask: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Exact top-k by dot product, in query blocks so that memory stays bounded.

    `mask` (True = allowed) excludes references without copying them.
    """
    k = min(k, len(references) if mask is None else int(np.count_nonzero(mask)))
    n = len(queries)
    sims, idx = _empty(n, k)
    if k == 0 or n == 0:
        return sims, idx
    blocked = None if mask is None else ~np.asarray(mask, dtype=bool)
    block = max(1, _BLOCK_ELEMENTS // max(1, len(references)))
    for start in range(0, n, block):
        s = queries[start : start + block] @ references.T
        if blocked is not None:
            s[:, blocked] = -np.inf
        part = np.argpartition(-s, k - 1, axis=1)[:, :k]
        part_s = np.take_along_axis(s, part, axis=1)
        # Ties are broken by index so that the order is deterministic across block sizes.
        order = np.lexsort((part, -part_s), axis=1)
        idx[start : start + block] = np.take_along_axis(part, order, axis=1)
        sims[start : start + block] = np.take_along_axis(part_s, order, axis=1)
    return sims, idx


class NeighbourIndex:
    """Build once over `references`, search many times (matchmaking keeps one of these).

    `mask` in `search` restricts the candidates (e.g. a province or size filter): True = allowed.
    Results are `(similarities, indices)` into `references`, best first, `k` columns at most
    (fewer when fewer references are allowed).
    """

    def __init__(
        self,
        references: np.ndarray,
        *,
        exact_max: int = EXACT_MAX,
        nlist: int | None = None,
        nprobe: int | None = None,
        train_size: int | None = None,
        target_recall: float = TARGET_RECALL,
        seed: int = 7,
    ):
        self.references = np.ascontiguousarray(references, dtype=np.float32)
        self.exact_max = exact_max
        self.index = None
        self.nlist = self.nprobe = 0
        self.calibrated_recall: float | None = None
        n = len(self.references)
        if n > exact_max:
            self.nlist = nlist or max(1, min(n // 40, int(math.sqrt(n))))
            self.train_size = train_size or min(n, 40 * self.nlist)
            self.index = self._build(seed)
            if nprobe:
                self.nprobe = nprobe
            else:
                self.nprobe, self.calibrated_recall = self._calibrate(target_recall, seed)
            self.index.nprobe = self.nprobe

    @property
    def approximate(self) -> bool:
        return self.index is not None

    def _build(self, seed: int):
        import faiss

        dim = self.references.shape[1]
        quantizer = faiss.IndexFlatIP(dim)
        index = faiss.IndexIVFFlat(quantizer, dim, self.nlist, faiss.METRIC_INNER_PRODUCT)
        index.cp.seed = seed
        # A seeded sample (sorted, so memory is read in order) makes the k-means deterministic.
        rng = np.random.default_rng(seed)
        sample = np.sort(rng.choice(len(self.references), size=self.train_size, replace=False))
        index.train(self.references[sample])
        index.add(self.references)
        return index

    def _calibrate(self, target: float, seed: int, k: int = 10, sample: int = 200) -> tuple[int, float]:
        """The smallest nprobe (from nlist/32, growing by half) whose recall@k, measured on a seeded sample
        of the references as queries (each one's own vector left out), reaches `target`.

        How many cells must be probed depends on the data (clustered topic vectors need few,
        near-uniform ones many), so it is measured rather than fixed.
        """
        rng = np.random.default_rng(seed + 1)
        ids = np.sort(rng.choice(len(self.references), size=min(sample, len(self.references)), replace=False))
        queries = self.references[ids]
        _, exact = exact_knn(queries, self.references, k + 1)
        truth = [set(row.tolist()) - {i} for row, i in zip(exact, ids, strict=True)]
        nprobe = max(1, math.ceil(self.nlist / 32))
        while True:
            self.index.nprobe = nprobe
            _, approx = self.index.search(queries, k + 1)
            hits = sum(len(t & set(row.tolist())) for t, row in zip(truth, approx, strict=True))
            recall = hits / max(1, sum(len(t) for t in truth))
            if recall >= target or nprobe >= self.nlist:
                return nprobe, recall
            nprobe = min(self.nlist, math.ceil(nprobe * 1.5))

    def search(
        self, queries: np.ndarray, k: int, mask: np.ndarray | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        queries = np.ascontiguousarray(np.atleast_2d(queries), dtype=np.float32)
        if mask is not None:
            mask = np.asarray(mask, dtype=bool)
            if len(mask) != len(self.references):
                raise ValueError(f"mask has {len(mask)} entries for {len(self.references)} references")
        if self.index is None:
            return exact_knn(queries, self.references, k, mask)
        if mask is not None and int(np.count_nonzero(mask)) <= self.exact_max:
            # A selective filter leaves few candidates: exact search over just those is both
            # faster than the index and complete.
            positions = np.flatnonzero(mask)
            sims, idx = exact_knn(queries, self.references[positions], k)
            return sims, positions[idx]
        return self._search_index(queries, k, mask)

    def _search_index(
        self, queries: np.ndarray, k: int, mask: np.ndarray | None
    ) -> tuple[np.ndarray, np.ndarray]:
        import faiss

        k = min(k, len(self.references) if mask is None else int(mask.sum()))
        if k == 0 or len(queries) == 0:
            return _empty(len(queries), k)
        nprobe = self.nprobe
        if mask is not None:
            # A filter thins out every cell: probe proportionally more cells so that about as
            # many allowed candidates are compared as without it.
            nprobe = min(self.nlist, math.ceil(nprobe * len(mask) / max(1, int(np.count_nonzero(mask)))))
        params = faiss.SearchParametersIVF(nprobe=nprobe)
        if mask is not None:
            bits = np.packbits(mask, bitorder="little")
            selector = faiss.IDSelectorBitmap(len(mask), faiss.swig_ptr(bits))
            params.sel = selector
        sims, idx = self.index.search(queries, k, params=params)
        short = (idx < 0).any(axis=1)
        if short.any():
            # The probed cells held fewer than k (allowed) vectors: answer those queries exactly.
            sims[short], idx[short] = exact_knn(queries[short], self.references, k, mask)
        return sims.astype(np.float32, copy=False), idx.astype(np.int64, copy=False)


def knn(
    queries: np.ndarray,
    references: np.ndarray,
    k: int,
    *,
    mask: np.ndarray | None = None,
    exact_max: int = EXACT_MAX,
) -> tuple[np.ndarray, np.ndarray]:
    """For each query row: (similarities, indices) of the k most similar reference rows, best first.

    Exact while `len(references) <= exact_max`, a faiss IVF-Flat index above that (built per call:
    keep a `NeighbourIndex` to search one reference set repeatedly).
    """
    return NeighbourIndex(references, exact_max=exact_max).search(queries, k, mask=mask)


def recall_at_k(
    queries: np.ndarray, references: np.ndarray, k: int = 10, index: NeighbourIndex | None = None
) -> float:
    """Share of the exact top-k that the faiss index also returns (1.0 = identical sets)."""
    index = index or NeighbourIndex(references, exact_max=0)
    _, approx = index.search(queries, k)
    _, exact = exact_knn(queries, references, k)
    hits = sum(len(np.intersect1d(a, e)) for a, e in zip(approx, exact, strict=True))
    return hits / max(1, exact.size)
