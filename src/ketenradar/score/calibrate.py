"""Raw scores -> calibrated scores in [0, 1], and thresholds from held-out reference firms.

Calibration (both methods alike). The reference firms are *labelled positives*; all other firms are
*unlabelled* (a mix of firms like A and firms not like A). From out-of-fold raw scores we fit a
one-dimensional logistic curve (Platt scaling) for g(x) = P(labelled | x). Under the usual PU
assumption that the labelled firms are a random sample of all positives ("selected completely at
random"), P(positive | x) = g(x) / c with c = P(labelled | positive), estimated as the mean of g over
the held-out reference firms (Elkan & Noto, 2008). The score is g/c clipped to [0, 1]: the estimated
probability that the firm is of the reference kind. It is monotone in the raw score, so a threshold
on it keeps the same firms as one on the raw score.

Estimated precision. Above a threshold t, a share r (the held-out recall) of the labelled firms
remains. If the labelled firms are a c-sample of all positives, the positives above t that are *not*
labelled number about n_labelled_above × (1 − c) / c; divided by the unlabelled firms above t this
estimates the precision of the predicted category (C for A, D for B). It is an estimate under the
SCAR assumption, not a measurement: the demo world's ground truth measures it (`ketenradar evaluate`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ketenradar.score.estimate import PrecisionEstimate, estimate_precision


@dataclass
class Calibrated:
    score: np.ndarray  # (n,) in [0, 1]
    label_frequency: float  # c
    g: np.ndarray | None = None  # (n,) P(labelled | x), before dividing by c


def platt(raw: np.ndarray, labelled: np.ndarray, fit_rows: np.ndarray) -> np.ndarray:
    from sklearn.linear_model import LogisticRegression

    z = raw[fit_rows]
    mu, sd = float(z.mean()), float(z.std()) or 1.0
    model = LogisticRegression(C=100.0, max_iter=1000)
    model.fit(((z - mu) / sd)[:, None], labelled[fit_rows].astype(int))
    return model.predict_proba(((raw - mu) / sd)[:, None])[:, 1]


def pu_calibrate(raw: np.ndarray, labelled: np.ndarray, eligible: np.ndarray) -> Calibrated:
    fit_rows = np.flatnonzero(eligible)
    if labelled[fit_rows].sum() == 0 or labelled[fit_rows].all():
        return Calibrated(np.zeros(len(raw)), float("nan"))
    g = platt(raw, labelled, fit_rows)
    c = float(g[labelled & eligible].mean())
    return Calibrated(np.clip(g / max(c, 1e-9), 0.0, 1.0), c, g)


def threshold_for_recall(scores: np.ndarray, target_recall: float) -> float:
    """The threshold that keeps `target_recall` of *new* reference firms (split-conformal quantile).

    With n held-out reference scores, the k-th smallest, k = floor((1 - target)(n + 1)), is at or below
    the score of a further exchangeable reference firm with probability >= target. The plain empirical
    quantile would keep `target` of *these* firms only and, with a few dozen of them, fall short on new
    ones (measured: 0.88 instead of 0.90 held out).
    """
    s = np.sort(np.asarray(scores, dtype=float))
    if len(s) == 0:
        return float("nan")
    k = int(np.floor((1.0 - target_recall) * (len(s) + 1) + 1e-9))
    return float(s[min(max(k, 1), len(s)) - 1])


def held_out_recall(scores: np.ndarray, fold: np.ndarray, target_recall: float) -> float:
    """Honest recall of the threshold rule: chosen on the other folds' reference firms, measured on
    the fold's own reference firms, averaged (weighted by size) over folds."""
    hits = total = 0
    for f in np.unique(fold):
        rest, own = scores[fold != f], scores[fold == f]
        if len(rest) == 0 or len(own) == 0:
            continue
        t = threshold_for_recall(rest, target_recall)
        hits += int((own >= t).sum())
        total += len(own)
    return hits / total if total else float("nan")


def estimated_precision(
    score: np.ndarray, labelled: np.ndarray, unlabelled: np.ndarray, threshold: float, c: float
) -> tuple[float, int]:
    """(estimated precision of the unlabelled firms at or above `threshold`, how many there are)."""
    above = score >= threshold
    n_unl = int((above & unlabelled).sum())
    n_lab = int((above & labelled).sum())
    if n_unl == 0 or not np.isfinite(c) or c <= 0:
        return float("nan"), n_unl
    return float(min(1.0, n_lab * (1.0 - c) / c / n_unl)), n_unl


# -- honest precision: an interval, and a count of capable firms the category may not exceed -------

MIN_LABELLED_FOR_ESTIMATE = 5
"""Below this many reference firms with a readable site, no precision is estimated at all."""


# The estimate and its interval live in estimate.py; re-exported here for the earlier callers.


def top_label_frequency(
    g: np.ndarray, labelled: np.ndarray, eligible: np.ndarray, z: float = 0.5, z_interval: float = 1.645
) -> tuple[float, float, float]:
    """A second estimate of c, with a range: the largest labelled share among top-ranked firms.

    Where the highest-ranked firms are all positives, their labelled share is c (SCAR); a region that
    still holds negatives has a smaller share. So the maximum over top-k prefixes, each taken at the
    lower end of a binomial interval (z standard errors, against picking the luckiest k), estimates c
    without Elkan-Noto's assumption that positives and negatives do not overlap (Bekker & Davis 2018,
    TIcE, search subsets with a tree; prefixes of the ranking are the subsets here). Returns
    (estimate, low, high), the range being the binomial interval of the chosen prefix.
    Measured on simulated overlapping classes (tests/test_score.py): Elkan-Noto's mean of g finds
    0.4-0.65 of the true c (so overstates precision), this one 0.96-1.15.
    """
    nan = float("nan")
    rows = np.flatnonzero(eligible)
    n_lab = int(labelled[rows].sum())
    if n_lab < MIN_LABELLED_FOR_ESTIMATE:
        return nan, nan, nan
    order = rows[np.argsort(-g[rows], kind="stable")]
    lab_cum = np.cumsum(labelled[order])
    k = np.arange(1, len(order) + 1)
    share = lab_cum / k
    low = (share + z * z / (2 * k) - z * np.sqrt(share * (1 - share) / k + z * z / (4 * k * k))) / (
        1 + z * z / k
    )
    # Only prefixes holding a few labelled firms: above them the share is a ratio of tiny numbers.
    ok = lab_cum >= min(MIN_LABELLED_FOR_ESTIMATE, n_lab)
    if not ok.any():
        return nan, nan, nan
    best = int(np.flatnonzero(ok)[np.argmax(low[ok])])
    s, n = share[best], k[best]
    se = np.sqrt(max(s * (1 - s), 1e-6) / n)
    return float(low[best]), float(max(1e-3, s - z_interval * se)), float(min(1.0, s + z_interval * se))


def _precision_at(lab: np.ndarray, unl: np.ndarray, g_threshold: float, c: float) -> float:
    if not np.isfinite(c) or c <= 0:
        return float("nan")
    n_unl = int((unl >= g_threshold).sum())
    if n_unl == 0:
        return float("nan")
    return float(min(1.0, int((lab >= g_threshold).sum()) * (1.0 - c) / c / n_unl))


def precision_interval(
    g: np.ndarray,
    labelled: np.ndarray,
    unlabelled: np.ndarray,
    g_threshold: float,
    *,
    reps: int = 300,
    level: float = 0.9,
    seed: int = 7,
) -> PrecisionEstimate:
    """Point estimate and interval of the precision of the unlabelled firms above a threshold.

    `g` is P(labelled | x) (held-out, calibrated). Two estimates of the label frequency c bracket
    the assumptions they rest on: Elkan & Noto's mean of g over the labelled firms (exact when
    positives and negatives do not overlap) and the labelled share of the top-ranked firms
    (`top_label_frequency`, exact when the top is pure). The point estimate is their mean on the
    precision scale; the interval runs from the lower bootstrap bound of the lower one to the upper
    bound of the higher one. The bootstrap resamples labelled and unlabelled firms apart, so it
    carries the uncertainty of c (a few dozen reference firms) and of the counts. It does not carry
    the bias of labelled firms that are not a random sample of the positives: the quality bench
    measures that, per world.
    """
    lab_g, unl_g = g[labelled], g[unlabelled]
    n_above = int((unl_g >= g_threshold).sum())
    nan = float("nan")
    if len(lab_g) < MIN_LABELLED_FOR_ESTIMATE:
        return PrecisionEstimate(
            nan, nan, nan, n_above, nan,
            f"only {len(lab_g)} reference firms with a readable site (need {MIN_LABELLED_FOR_ESTIMATE})",
        )  # fmt: skip
    eligible = labelled | unlabelled
    c_en = float(lab_g.mean())
    se_en = float(lab_g.std(ddof=1) / np.sqrt(len(lab_g))) if len(lab_g) > 1 else 0.0
    c_top, c_top_low, c_top_high = top_label_frequency(g, labelled, eligible)
    n_positive = float(len(lab_g) * (1.0 - c_en) / c_en) if c_en > 0 else nan
    estimates = [_precision_at(lab_g, unl_g, g_threshold, c) for c in (c_en, c_top)]
    estimates = [p for p in estimates if np.isfinite(p)]
    if not estimates:
        reason = "no unlabelled firm above the threshold" if n_above == 0 else "label frequency unknown"
        return PrecisionEstimate(nan, nan, nan, n_above, n_positive, reason)
    # The two estimators err in opposite directions where their assumptions fail (overlapping
    # classes: Elkan-Noto too high; reference firms more typical than the rest: top-share too low):
    # the point is their mean, and the interval spans both, each with its sampling error.
    point = float(np.mean(estimates))
    z = z_level(level)
    n_lab_above = int((lab_g >= g_threshold).sum())
    lab_lo = max(0.0, n_lab_above - z * np.sqrt(n_lab_above))
    lab_hi = n_lab_above + z * np.sqrt(n_lab_above)
    c_values = [c_en - z * se_en, c_en + z * se_en]
    if np.isfinite(c_top):
        c_values.append(c_top)
    c_values = [min(max(v, 1e-3), 1.0) for v in c_values]
    c_low, c_high = min(c_values), max(c_values)
    low = min(1.0, lab_lo * (1.0 - c_high) / c_high / n_above)
    high = min(1.0, lab_hi * (1.0 - c_low) / c_low / n_above)
    return PrecisionEstimate(point, float(min(low, point)), float(max(high, point)), n_above, n_positive)


def z_level(level: float) -> float:
    from scipy.stats import norm

    return float(norm.ppf(0.5 + level / 2.0))


def precision_curve(
    g: np.ndarray,
    labelled: np.ndarray,
    unlabelled: np.ndarray,
    c: float | list[float],
    scores: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(threshold, unlabelled firms at or above it, labelled firms at or above it, estimated
    precision) at every unlabelled score, highest first: what a user picks an operating point from.

    With several label frequencies (Elkan-Noto's and the top share) the estimate is their mean on
    the precision scale, as `precision_interval`'s point estimate."""
    thresholds = np.sort(scores[unlabelled])[::-1]
    lab_scores = np.sort(scores[labelled])
    n_unl = len(thresholds) - np.searchsorted(np.sort(scores[unlabelled]), thresholds, side="left")
    n_lab = len(lab_scores) - np.searchsorted(lab_scores, thresholds, side="left")
    cs = [v for v in (c if isinstance(c, list | tuple) else [c]) if np.isfinite(v) and v > 0]
    if cs:
        precision = np.mean(
            [np.minimum(1.0, n_lab * (1.0 - v) / v / np.maximum(n_unl, 1)) for v in cs], axis=0
        )
    else:
        precision = np.full(len(thresholds), np.nan)
    return thresholds, n_unl, n_lab, precision


def threshold_for_count(scores: np.ndarray, unlabelled: np.ndarray, count: float) -> float:
    """The lowest threshold that keeps at most `count` unlabelled firms (ties may keep fewer)."""
    s = np.sort(scores[unlabelled])[::-1]
    n = int(np.floor(count))
    if n <= 0:
        return float(np.nextafter(s[0], np.inf)) if len(s) else float("inf")
    if n >= len(s):
        return float(s[-1]) if len(s) else float("-inf")
    t = s[n - 1]
    if s[n] == t:  # a tie at the cut: keep the tied firms out, the cap is a maximum
        t = float(np.nextafter(t, np.inf))
    return float(t)


def threshold_for_precision(
    g: np.ndarray,
    labelled: np.ndarray,
    unlabelled: np.ndarray,
    scores: np.ndarray,
    target: float,
    c: float | list[float],
) -> float:
    """The lowest threshold whose estimated precision is at least `target` (inf: none reaches it).

    Only thresholds keeping at least 3 labelled firms count: above the last few reference firms the
    estimate is a ratio of small numbers.
    """
    thresholds, _, n_lab, precision = precision_curve(g, labelled, unlabelled, c, scores)
    ok = (n_lab >= 3) & np.isfinite(precision) & (precision >= target)
    return float(thresholds[ok].min()) if ok.any() else float("inf")


def wilson(k: float, n: float, z: float) -> tuple[float, float]:
    if n <= 0:
        return 0.0, 1.0
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return float(max(0.0, centre - half)), float(min(1.0, centre + half))


def precision_from_latent(
    g: np.ndarray,
    labelled: np.ndarray,
    unlabelled: np.ndarray,
    g_threshold: float,
    n_positive: float,
    posterior: np.ndarray,
    *,
    level: float = 0.9,
    seed: int = 7,
    reps: int = 400,
) -> PrecisionEstimate:
    """Precision of the unlabelled firms above a threshold, with an interval: `estimate.py`.

    `n_positive` (the latent-class estimate of the positives among `unlabelled`) is the sum of
    `posterior` over them; it is kept in the signature for the callers. `reps=0`: the point estimate
    only (no bootstrap; low and high are the range of the three component estimates)."""
    est = estimate_precision(
        g, labelled, unlabelled, g_threshold, posterior, level=level, reps=reps, seed=seed
    )
    if not est.known and np.isfinite(n_positive):
        est.n_positive = float(n_positive)
    return est
