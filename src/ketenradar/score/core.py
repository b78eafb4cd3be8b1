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
    block_weights,
    classifier_matrix,
    classifier_score_fn,
    cross_fit,
    similarity_score_fn,
    single_thread_blas,
    text_components,
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
    classifier_c: float | None = None


@dataclass
class ScoreParams:
    k_neighbours: int = 5
    folds: int = 5
    target_recall: float = 0.9
    seed: int = 7
    classifier_c: float | None = None
    """None: chosen per target from `c_grid` by held-out PU ROC-AUC."""
    c_grid: tuple[float, ...] = (0.001, 0.003, 0.01, 0.03)
    text_weight: float = 0.2
    text_components: int = 32
    max_unlabelled: int = 50_000
    b_fit_without_c: bool = True
    """Fit the B model without the firms already in C (see `score_target`)."""


@dataclass
class ScoreOutput:
    targets: dict[tuple[str, str], TargetScore] = field(default_factory=dict)  # (target, method)
    x: np.ndarray | None = None
    weights: np.ndarray | None = None
    n_text: int = 0


def score_target(
    fs: FeatureSet,
    x: np.ndarray,
    target: str,
    method: str,
    params: ScoreParams,
    user_threshold: float | None = None,
    weights: np.ndarray | None = None,
    like_a: np.ndarray | None = None,
) -> TargetScore | None:
    positive = fs.a_ref if target == "A" else fs.b_ref
    # For B, the A reference firms are neither positive nor unlabelled: they are known to be in the
    # defence chain, and teaching the B model that they are "not B" would push B-like firms down.
    eligible = np.ones(fs.n, dtype=bool) if target == "A" else ~fs.a_ref
    if like_a is not None:
        # D applies only to firms that are not C, so the B profile is learnt against those: with the
        # C firms (capable, sophisticated) among the unlabelled, the B model spends its weight on
        # telling B from C, and ranks the plain firms it is actually applied to worse (measured on the
        # 2,000-firm demo, docs/score.md: D 521 -> 415 firms, precision 0.39 -> 0.45).
        eligible = eligible & (~like_a | positive)
    # Only firms with a profile to compare take part: a firm whose website could not be read (none,
    # unreachable, parked, JavaScript only) has no indicators, and for the similarity method a firm
    # without any text has no vector. Such firms neither shape the profile nor take part in the
    # thresholds, and score 0 (no C/D: the tool cannot say what they make). Left in, the reference
    # firms without a readable site (a seventh to a quarter of them) set the 90%-recall threshold at the
    # level of "nothing known" (measured on the 2,000-firm demo, docs/score.md: C 212 -> 515 firms,
    # precision 0.86 -> 0.50, held-out A recall 0.93 -> 0.875).
    scorable = fs.scorable(method)
    positive = positive & scorable
    eligible = eligible & scorable
    n_ref = int(positive.sum())
    folds = min(params.folds, n_ref)
    if n_ref < 2 or folds < 2:
        return None
    fold = assign_folds(positive, folds, params.seed)
    chosen_c = None
    if method == "similarity":
        raw = cross_fit(similarity_score_fn(fs.vectors, positive, params.k_neighbours), eligible, fold)
    elif method == "classifier":
        grid = [params.classifier_c] if params.classifier_c else list(params.c_grid)
        best = None
        for c in grid:
            fn = classifier_score_fn(
                x, positive, c=c, max_unlabelled=params.max_unlabelled, seed=params.seed, weights=weights
            )
            raw_c = cross_fit(fn, eligible, fold)
            # Model selection in PU data: the ROC-AUC of held-out labelled vs unlabelled firms is an
            # increasing linear function of the true ROC-AUC (Menon et al., 2015), so it ranks models.
            auc = pu_auc(raw_c, positive, eligible) if len(grid) > 1 else 0.0
            if best is None or auc > best[0] + 1e-9:
                best = (auc, c, raw_c)
        _, chosen_c, raw = best
    else:
        raise ValueError(method)
    cal = pu_calibrate(raw, positive, eligible)
    cal.score[~scorable] = 0.0
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
        classifier_c=chosen_c,
    )


def pu_auc(raw: np.ndarray, positive: np.ndarray, eligible: np.ndarray) -> float:
    from sklearn.metrics import roc_auc_score

    rows = eligible
    return float(roc_auc_score(positive[rows], raw[rows]))


def score_all(
    fs: FeatureSet,
    params: ScoreParams,
    *,
    methods: tuple[str, ...] = METHODS,
    user_thresholds: dict[tuple[str, str], float] | None = None,
) -> ScoreOutput:
    """Scores of every firm for targets A and B by each method (out-of-fold, calibrated)."""
    with single_thread_blas():
        return _score_all(fs, params, methods=methods, user_thresholds=user_thresholds)


def _score_all(
    fs: FeatureSet,
    params: ScoreParams,
    *,
    methods: tuple[str, ...],
    user_thresholds: dict[tuple[str, str], float] | None,
) -> ScoreOutput:
    user_thresholds = user_thresholds or {}
    text = text_components(fs.vectors, params.text_components, params.seed)
    tabular = fs.tabular()
    out = ScoreOutput(x=classifier_matrix(text, tabular), n_text=text.shape[1])
    out.weights = block_weights(text.shape[1], tabular.shape[1], params.text_weight)
    for method in methods:
        like_a = None
        for target in ("A", "B"):
            result = score_target(
                fs,
                out.x,
                target,
                method,
                params,
                user_thresholds.get((target, method)),
                out.weights,
                like_a=like_a,
            )
            if result is not None:
                out.targets[(target, method)] = result
                if target == "A" and params.b_fit_without_c:
                    like_a = (result.score >= result.threshold) & ~fs.a_ref & ~fs.b_ref
    return out
