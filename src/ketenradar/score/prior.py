"""How many firms are like the references: a latent-class model of the unlabelled firms.

The old estimate of the number of firms like A (Elkan-Noto's label frequency, and the labelled share
of the top of the ranking) rests on the reference firms being a random sample of all firms like them.
They are not: current suppliers are the most typical of their kind, and the estimate then missed the
number of capable firms by a factor of up to three (tuning worlds, docs/score.md).

This module models the firms with a readable site as a mixture of three kinds, as the study does:
like A (direct suppliers), like B (sub-suppliers) and the rest. Each kind has its own rate for every
binary feature (indicators, size class, SBI division), features independent within a kind (a latent
class model, fitted by EM). The reference firms are anchored to their kind; the unlabelled firms'
memberships, each kind's share among them and the rates are fitted together, so the "like A"
profile is learnt from the capable unlabelled firms too, not only from the references.

What it gives the scorer:
- `share`: the estimated share of each kind among the unlabelled firms (the flood cap: C never holds
  more firms than this says are like A);
- `posterior`: each firm's membership probabilities, whose sum over the firms above a threshold is a
  second estimate of the true positives there (next to the references' recall, `calibrate.py`).
Independence within a kind makes single posteriors over-confident; their sums are what is used.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

KINDS = ("A", "B", "rest")


@dataclass
class LatentClasses:
    share: np.ndarray  # (3,) share of each kind among the unlabelled firms
    posterior: np.ndarray  # (n, 3) membership probabilities (0/1 for reference firms, 0 for others)
    rates: np.ndarray  # (3, m) feature rates per kind
    iterations: int
    converged: bool

    def expected(self, kind: str, rows: np.ndarray) -> float:
        """Expected number of firms of `kind` among `rows` (boolean mask)."""
        return float(self.posterior[rows, KINDS.index(kind)].sum())


def fit_latent_classes(  # noqa: C901
    x: np.ndarray,
    a_ref: np.ndarray,
    b_ref: np.ndarray,
    unlabelled: np.ndarray,
    *,
    alpha: float = 0.5,
    ref_weight: float = 1.0,
    max_iter: int = 200,
    tol: float = 1e-6,
) -> LatentClasses | None:
    """EM for a 3-kind Bernoulli mixture with the reference firms anchored. None: too few firms."""
    xb = (np.asarray(x) > 0).astype(np.float64)
    a, b, u = (np.asarray(m, dtype=bool) for m in (a_ref, b_ref, unlabelled))
    a, b = a & ~b, b & ~a
    u = u & ~a & ~b
    if a.sum() < 2 or u.sum() < 10:
        return None
    n, _ = xb.shape
    rows = a | b | u
    xr = xb[rows]
    # Start from the references: kind A's rates from the A references, B's from the B references,
    # the rest's from all unlabelled firms, then one E step. A start from uniform memberships let the
    # B kind drift onto the generic firms in some tuning worlds (B share 0.5 where the truth was 0.2).
    start = np.zeros((n, 3))
    start[a, 0], start[b, 1], start[u, 2] = 1.0, 1.0, 1.0
    if b.sum() < 2:
        start[u, 1] = 1e-3
    post = start.copy()
    w = start[rows]
    rates = (w.T @ xr + alpha) / (w.sum(axis=0)[:, None] + 2 * alpha)
    share0 = np.array([0.15, 0.15 if b.sum() >= 2 else 1e-3, 0.7])
    ll = xb[u] @ np.log(rates).T + (1.0 - xb[u]) @ np.log1p(-rates).T + np.log(share0)
    p0 = np.exp(ll - ll.max(axis=1, keepdims=True))
    post[u] = p0 / p0.sum(axis=1, keepdims=True)
    converged, it = False, 0
    prev = -np.inf
    # The reference firms count `ref_weight` times in their kind's rates: they are the one firm set
    # known to be of the kind, and without that weight a kind could drift onto the generic firms.
    ref_w = np.where(a | b, ref_weight, 1.0)[rows][:, None]
    for step in range(1, max_iter + 1):
        it = step
        w = post[rows] * ref_w
        rates = (w.T @ xr + alpha) / (w.sum(axis=0)[:, None] + 2 * alpha)
        share = post[u].mean(axis=0)
        log_rate, log_not = np.log(rates), np.log1p(-rates)
        ll = xb[u] @ log_rate.T + (1.0 - xb[u]) @ log_not.T + np.log(np.maximum(share, 1e-12))
        top = ll.max(axis=1, keepdims=True)
        p = np.exp(ll - top)
        total = p.sum(axis=1, keepdims=True)
        post[u] = p / total
        loglik = float((np.log(total) + top).sum())
        if loglik - prev < tol * max(1.0, abs(loglik)):
            converged = True
            break
        prev = loglik
    return LatentClasses(
        share=post[u].mean(axis=0), posterior=post, rates=rates, iterations=it, converged=converged
    )
