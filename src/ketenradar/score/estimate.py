"""The precision of a category (C or D), estimated with an interval from unlabelled data.

The quantity: among the unlabelled firms at or above a threshold (the category), the share that
truly is of the reference kind. It is the estimated number of positives among the unlabelled firms
(N, from the latent-class model, `prior.py`) times the share of them the threshold keeps (their
recall r), divided by the firms in the category (n):

    precision = N × r / n

N is estimated once; r is what the assumptions are about. Three estimates of r, each with its
own assumption:

- reference recall: the share of held-out reference firms at or above the threshold (each scored by
  a model that did not see it). Exact when the references are a random sample of the positives.
  They are not: current suppliers state their capabilities more fully and are more typical of
  their kind than the firms the tool is looking for, so this one errs high (on the tuning worlds
  the unlabelled positives' recall was 0.6-0.9 times the references');
- chance: the share of all unlabelled firms the threshold keeps (q = n / unlabelled). Exact when the
  ranking finds the unlabelled positives no better than chance; a lower end, since the ranking is
  better than that wherever it separates the references at all;
- latent classes: the membership-weighted share of the unlabelled firms above the threshold
  (features independent within a kind); where they are not, it errs either way.

The point estimate is N × r̄ / n, r̄ a weighted mean of the three: reference recall and latent
classes weigh 1 each, chance weighs k = `CHANCE_WEIGHT` × 2 × (1 − AUC). AUC is how well the ranking
separates the kind from the rest, taken at the lower of two estimates: the ROC-AUC of the held-out
reference firms against the unlabelled firms, corrected for the firms of the kind among those
unlabelled firms (`pu_corrected_auc`), and that of the unlabelled firms weighted by their latent
membership against the same firms weighted by its complement. (The lower one, because each errs high
in its own case: reference firms more typical than their kind inflate the first, and over-confident
memberships the second.) Where the ranking separates the kind well, chance is the wrong assumption
and weighs little; where it barely does (AUC near 0.5), chance weighs most.

The correction (session 7): the unlabelled firms hold a share π = N / unlabelled of the kind itself,
and a reference firm ties with those on average, so the uncorrected AUC is π/2 + (1 − π) × AUC
(Menon et al., 2015), about 0.9 where the true separation is near 1. Read uncorrected it gave chance
a weight near 0.6 on well-separated worlds, and pulled the point 0.1-0.15 below a true precision
near 0.98 (D on easy tuning worlds, with session 5's scorer as well as session 6's, whose D is a
little purer: `python -m bench.score_tuning` on seeds 1-3; session 6's reporting grid showed it as
D's mean error 0.118, where session 5's grid had 0.061). With the corrected AUC the weight was re-chosen on tuning
worlds 1-6 of every preset (`python -m bench.estimate_tuning`): 6, where the old 3 with the
uncorrected AUC erred low by 0.1-0.15 on easy D, and 3 with the corrected AUC erred high on medium D.
The interval runs from the lowest to the highest of the three
(`N × q / n`, the base rate, is the pessimistic end), each at its bootstrap bound at `level`: the
bootstrap resamples the reference firms and the unlabelled firms (with their memberships) apart, so it
carries the sampling error of a few dozen references and of the counts. It does not carry an error in
N beyond that sampling; `python -m bench.estimate_tuning` measures how often the interval holds the
true precision on tuning worlds, and the quality bench on reporting worlds.

Cannot estimate (a reason, no numbers): fewer than `MIN_REFERENCES` reference firms with a readable
site; no unlabelled firm in the category; no estimate of N; or an estimated N that would make more
than `MAX_SHARE` of the unlabelled firms positives (the kind has absorbed firms of other kinds).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

MIN_REFERENCES = 5
"""Below this many reference firms with a readable site, no precision is estimated at all."""

MAX_SHARE = 1 / 3
"""Above this estimated share of the kind among the unlabelled firms, no precision is estimated. The
latent-class count is the estimate's weakest part, and a kind that claims a third of all firms has
absorbed firms of other kinds: on the tuning worlds (`bench.estimate_tuning`, with this limit
lifted) most intervals built on such a count (nearly all D on the hard preset) missed the true
precision, every one of them high (the study's own shares of C and D are a fifth each)."""


CHANCE_WEIGHT = 6.0
"""The chance estimate's weight in the point is CHANCE_WEIGHT × 2 × (1 − AUC), see above."""


def reference_auc(lab_scores: np.ndarray, unl_scores: np.ndarray) -> float:
    """ROC-AUC of reference firms against unlabelled firms (ties count half); nan if either is empty."""
    from scipy.stats import rankdata

    n_lab, n_unl = len(lab_scores), len(unl_scores)
    if n_lab == 0 or n_unl == 0:
        return float("nan")
    ranks = rankdata(np.concatenate([lab_scores, unl_scores]))
    return float((ranks[:n_lab].sum() - n_lab * (n_lab + 1) / 2) / (n_lab * n_unl))


def pu_corrected_auc(auc: float, share: float) -> float:
    """The ROC-AUC of the kind against the rest, from the AUC of references against unlabelled firms
    that hold a share `share` of the kind: auc = share / 2 + (1 - share) × true AUC, solved for the
    true AUC (clipped to [0, 1]); nan when `share` is not below 1 or either is not finite."""
    if not (np.isfinite(auc) and np.isfinite(share)) or share >= 1.0:
        return float("nan")
    share = max(0.0, share)
    return float(min(1.0, max(0.0, (auc - share / 2.0) / (1.0 - share))))


def weighted_auc(scores: np.ndarray, weight: np.ndarray) -> float:
    """ROC-AUC of the firms weighted by `weight` (members) against the same firms weighted by
    1 - `weight` (non-members), ties counting half; nan when either side weighs nothing."""
    w = np.clip(np.asarray(weight, dtype=float), 0.0, 1.0)
    pos, neg = w.sum(), (1.0 - w).sum()
    if pos <= 0 or neg <= 0:
        return float("nan")
    order = np.argsort(scores, kind="stable")
    s_sorted, w_sorted = np.asarray(scores)[order], w[order]
    neg_cum = np.cumsum(1.0 - w_sorted)
    # non-member weight strictly below each score, plus half of the weight tied with it
    left = np.searchsorted(s_sorted, s_sorted, side="left")
    right = np.searchsorted(s_sorted, s_sorted, side="right")
    below = np.where(left > 0, neg_cum[np.maximum(left - 1, 0)], 0.0)
    tied = neg_cum[right - 1] - below
    return float((w_sorted * (below + 0.5 * tied)).sum() / (pos * neg))


def chance_weight(auc: float) -> float:
    """The weight of the chance estimate in the point: 0 for a perfect ranking, CHANCE_WEIGHT at 0.5."""
    if not np.isfinite(auc):
        return 1.0
    return float(CHANCE_WEIGHT * min(1.0, max(0.0, 2.0 * (1.0 - auc))))


@dataclass
class PrecisionEstimate:
    point: float  # nan: cannot estimate
    low: float
    high: float
    n_above: int  # unlabelled firms at or above the threshold
    n_positive: float  # estimated positives among the unlabelled (the flood cap); nan if unknown
    reason: str = ""  # why there is no estimate
    components: dict[str, float] | None = None
    """The three estimates behind the point (by reference recall, by chance, by latent classes)."""

    @property
    def known(self) -> bool:
        return bool(np.isfinite(self.point))


def cannot(reason: str, n_above: int = 0, n_positive: float = float("nan")) -> PrecisionEstimate:
    nan = float("nan")
    return PrecisionEstimate(nan, nan, nan, n_above, n_positive, reason)


def _components(
    lab_above: np.ndarray, unl_above: np.ndarray, unl_post: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Per row (a sample or a bootstrap replicate): N and the three recall estimates (k, 3).

    lab_above (k, n_lab) bool, unl_above (k, n_unl) bool, unl_post (k, n_unl) memberships."""
    n_positive = unl_post.sum(axis=1)
    n_above = unl_above.sum(axis=1)
    r_refs = lab_above.mean(axis=1)
    r_chance = n_above / unl_above.shape[1]
    r_latent = (unl_post * unl_above).sum(axis=1) / np.maximum(n_positive, 1e-12)
    return n_positive, np.stack([r_refs, r_chance, r_latent], axis=1)


def estimate_precision(
    g: np.ndarray,
    labelled: np.ndarray,
    unlabelled: np.ndarray,
    g_threshold: float,
    posterior: np.ndarray,
    *,
    level: float = 0.9,
    reps: int = 400,
    seed: int = 7,
    max_share: float = MAX_SHARE,
) -> PrecisionEstimate:
    """Precision of the unlabelled firms with g >= `g_threshold`, with an interval at `level`.

    `g`: held-out scores (any monotone score works: only ranks against the threshold count);
    `labelled`/`unlabelled`: masks of the reference firms and of the firms a category is drawn
    from; `posterior`: each firm's membership of the reference kind (`prior.LatentClasses`)."""
    g = np.asarray(g, dtype=float)
    labelled, unlabelled = np.asarray(labelled, dtype=bool), np.asarray(unlabelled, dtype=bool)
    post = np.clip(np.asarray(posterior, dtype=float), 0.0, 1.0)
    lab_above = g[labelled] >= g_threshold
    unl_above = g[unlabelled] >= g_threshold
    unl_post = post[unlabelled]
    n_above, n_lab, n_unl = int(unl_above.sum()), len(lab_above), len(unl_above)
    n_positive = float(unl_post.sum())
    if n_lab < MIN_REFERENCES:
        return cannot(
            f"only {n_lab} reference firms with a readable site (need {MIN_REFERENCES})", n_above, n_positive
        )
    if n_above == 0:
        return cannot("no unlabelled firm above the threshold", 0, n_positive)
    if not np.isfinite(n_positive) or n_positive <= 0:
        return cannot("no estimate of the firms like the references", n_above, n_positive)
    if n_positive > max_share * n_unl:
        return cannot(
            f"the estimate that {n_positive / n_unl:.0%} of the unlabelled firms are like the "
            f"references is implausible (more than {max_share:.0%}): the kind has absorbed other firms",
            n_above,
            n_positive,
        )
    n_pos, r = _components(lab_above[None, :], unl_above[None, :], unl_post[None, :])
    by_each = np.minimum(1.0, n_pos[:, None] * r / n_above)[0]
    aucs = [
        pu_corrected_auc(reference_auc(g[labelled], g[unlabelled]), n_positive / n_unl),
        weighted_auc(g[unlabelled], post[unlabelled]),
    ]
    separation = min((a for a in aucs if np.isfinite(a)), default=float("nan"))
    k = chance_weight(separation)
    r_point = (r[0, 0] + k * r[0, 1] + r[0, 2]) / (2.0 + k)
    point = float(min(1.0, n_pos[0] * r_point / n_above))
    names = ("reference_recall", "chance", "latent")
    components = dict(zip(names, map(float, by_each), strict=True))
    if reps <= 0:  # the point only (a threshold search); the range of the three, no sampling error
        low, high = float(min(by_each.min(), point)), float(max(by_each.max(), point))
        return PrecisionEstimate(point, low, high, n_above, n_positive, components=components)
    rng = np.random.default_rng(seed)
    li = rng.integers(0, n_lab, size=(reps, n_lab), dtype=np.int32)
    ui = rng.integers(0, n_unl, size=(reps, n_unl), dtype=np.int32)
    b_above = unl_above[ui]
    b_n_pos, b_r = _components(lab_above[li], b_above, unl_post[ui])
    b_n = np.maximum(b_above.sum(axis=1), 1)
    b_each = np.minimum(1.0, b_n_pos[:, None] * b_r / b_n[:, None])
    tail = (1.0 - level) / 2.0
    low = float(min(np.quantile(b_each, tail, axis=0).min(), by_each.min(), point))
    high = float(max(np.quantile(b_each, 1.0 - tail, axis=0).max(), by_each.max(), point))
    return PrecisionEstimate(point, low, high, n_above, n_positive, components=components)
