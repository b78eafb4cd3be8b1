"""Exact and faiss nearest-neighbour search agree; filters are honoured."""

from __future__ import annotations

import numpy as np
import pytest

from ketenradar.score.neighbours import NeighbourIndex, exact_knn, knn, recall_at_k


def clustered(n: int, dim: int = 32, seed: int = 0) -> np.ndarray:
    """Topic-clustered unit vectors; every seed draws from the same topics (like firms and queries)."""
    centres = np.random.default_rng(99).standard_normal((20, dim)).astype(np.float32)
    rng = np.random.default_rng(seed)
    x = centres[rng.integers(0, 20, n)] + 0.4 * rng.standard_normal((n, dim)).astype(np.float32)
    return (x / np.linalg.norm(x, axis=1, keepdims=True)).astype(np.float32)


@pytest.fixture(scope="module")
def data():
    return clustered(6000, seed=1), clustered(200, seed=2)


def brute_force(queries, references, k, mask=None):
    sims = queries @ references.T
    if mask is not None:
        sims[:, ~mask] = -np.inf
    order = np.argsort(-sims, axis=1, kind="stable")[:, :k]
    return np.take_along_axis(sims, order, axis=1), order


def test_exact_matches_brute_force(data):
    refs, queries = data
    sims, idx = knn(queries, refs, 10)
    want_sims, want_idx = brute_force(queries, refs, 10)
    np.testing.assert_allclose(sims, want_sims, rtol=1e-5, atol=1e-6)
    assert (idx == want_idx).mean() > 0.999  # ties aside, the same neighbours in the same order
    assert sims.dtype == np.float32 and idx.dtype == np.int64 and sims.shape == (200, 10)


def test_faiss_path_agrees_with_exact(data):
    refs, queries = data
    index = NeighbourIndex(refs, exact_max=1000)  # force the faiss path on a small set
    assert index.approximate
    sims, idx = index.search(queries, 10)
    exact_sims, exact_idx = exact_knn(queries, refs, 10)
    assert sims.shape == exact_sims.shape and idx.dtype == np.int64 and sims.dtype == np.float32
    recall = recall_at_k(queries, refs, 10, index=index)
    assert recall >= 0.95
    # IVF-Flat keeps full vectors: what it returns carries the exact similarity, best first.
    np.testing.assert_allclose(sims, np.take_along_axis(queries @ refs.T, idx, axis=1), atol=1e-5)
    assert (np.diff(sims, axis=1) <= 1e-6).all()
    # knn() switches by the same rule.
    sims2, idx2 = knn(queries, refs, 10, exact_max=1000)
    assert (idx2 == idx).all()


def test_faiss_build_is_deterministic(data):
    refs, queries = data
    a = NeighbourIndex(refs, exact_max=0).search(queries, 10)[1]
    b = NeighbourIndex(refs, exact_max=0).search(queries, 10)[1]
    assert (a == b).all()


@pytest.mark.parametrize("exact_max", [10**9, 0])
def test_mask_restricts_candidates(data, exact_max):
    refs, queries = data
    rng = np.random.default_rng(5)
    mask = rng.random(len(refs)) < 0.5
    index = NeighbourIndex(refs, exact_max=exact_max)
    sims, idx = index.search(queries, 20, mask=mask)
    assert mask[idx].all()
    want_sims, want_idx = brute_force(queries, refs, 20, mask)
    hits = np.mean([len(np.intersect1d(a, b)) / 20 for a, b in zip(idx, want_idx, strict=True)])
    assert hits >= (0.999 if exact_max else 0.95)
    # A very selective filter is answered exactly even on the index path.
    few = np.zeros(len(refs), dtype=bool)
    few[[3, 70, 900, 4000]] = True
    sims, idx = index.search(queries[:5], 10, mask=few)
    assert idx.shape == (5, 4) and set(idx[0]) == {3, 70, 900, 4000}


def test_small_and_empty_inputs():
    refs = clustered(3)
    sims, idx = knn(refs, refs, 10)
    assert idx.shape == (3, 3) and (idx[:, 0] == np.arange(3)).all()
    sims, idx = knn(np.zeros((0, 32), np.float32), refs, 5)
    assert sims.shape == (0, 3)
    with pytest.raises(ValueError, match="mask"):
        NeighbourIndex(refs).search(refs, 2, mask=np.ones(2, dtype=bool))
