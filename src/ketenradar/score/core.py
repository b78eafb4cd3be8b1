"""Scoring as one pure function of a FeatureSet: both methods, both targets, thresholds.

No store access here, so that a benchmark, the tests and any engine call exactly the same code.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ketenradar.score.calibrate import (
    estimated_precision,
    held_out_recall,
    pu_calibrate,
    threshold_for_recall,
)
from ketenradar.score.features import FeatureSet
from ketenradar.score.methods import (
    assign_folds,
    classifier_matrix,
    classifier_score_fn,
    cross_fit,
    similarity_score_fn,
)

METHODS = ("similarity", "classifier")


@dataclass
class TargetScore:
    target: str  # A | B
    method: str
    score: np.ndarray
    label_frequency: float
    threshold: float
    held_out_recall: float
    est_precision: float
    n_above: int
    n_reference: int
    chosen_by: str = "held_out"


@dataclass
class ScoreParams:
    k_neighbours: int = 5
    folds: int = 5
    target_recall: float = 0.9
    seed: int = 7
    classifier_c: float = 0.05
    max_unlabelled: int = 50_000


@dataclass
class ScoreOutput:
    targets: dict[tuple[str, str], TargetScore] = field(default_factory=dict)  # (target, method)
    x: np.ndarray | None = None


def score_target(
    fs: FeatureSet,
    x: np.ndarray,
    target: str,
    method: str,
    params: ScoreParams,
    user_threshold: float | None = None,
) -> TargetScore | None:
    positive = fs.a_ref if target == "A" else fs.b_ref
    # For B, the A reference firms are neither positive nor unlabelled: they are known to be in the
    # defence chain, and teaching the B model that they are "not B" would push B-like firms down.
    eligible = np.ones(fs.n, dtype=bool) if target == "A" else ~fs.a_ref
    n_ref = int(positive.sum())
    folds = min(params.folds, n_ref)
    if n_ref < 2 or folds < 2:
        return None
    fold = assign_folds(positive, folds, params.seed)
    if method == "similarity":
        fn = similarity_score_fn(fs.vectors, positive, params.k_neighbours)
    elif method == "classifier":
        fn = classifier_score_fn(
            x, positive, c=params.classifier_c, max_unlabelled=params.max_unlabelled, seed=params.seed
        )
    else:
        raise ValueError(method)
    raw = cross_fit(fn, eligible, fold)
    cal = pu_calibrate(raw, positive, eligible)
    pos_scores = cal.score[positive]
    hold = held_out_recall(pos_scores, fold[positive], params.target_recall)
    if user_threshold is not None:
        threshold, chosen_by = float(user_threshold), "user"
        hold = float((pos_scores >= threshold).mean())
    else:
        threshold, chosen_by = threshold_for_recall(pos_scores, params.target_recall), "held_out"
    unlabelled = eligible & ~positive & ~fs.a_ref & ~fs.b_ref
    precision, n_above = estimated_precision(cal.score, positive, unlabelled, threshold, cal.label_frequency)
    return TargetScore(
        target=target,
        method=method,
        score=cal.score,
        label_frequency=cal.label_frequency,
        threshold=threshold,
        held_out_recall=hold,
        est_precision=precision,
        n_above=n_above,
        n_reference=n_ref,
        chosen_by=chosen_by,
    )


def score_all(
    fs: FeatureSet,
    params: ScoreParams,
    *,
    methods: tuple[str, ...] = METHODS,
    user_thresholds: dict[tuple[str, str], float] | None = None,
) -> ScoreOutput:
    """Scores of every firm for targets A and B by each method (out-of-fold, calibrated)."""
    user_thresholds = user_thresholds or {}
    out = ScoreOutput(x=classifier_matrix(fs.vectors, fs.tabular()))
    for method in methods:
        for target in ("A", "B"):
            result = score_target(fs, out.x, target, method, params, user_thresholds.get((target, method)))
            if result is not None:
                out.targets[(target, method)] = result
    return out
