"""Scoring as one pure function of a FeatureSet: both methods, both targets, thresholds.

No store access here, so that a benchmark, the tests and any engine call exactly the same code.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ketenradar.score.calibrate import (
    PrecisionEstimate,
    held_out_recall,
    precision_from_latent,
    precision_interval,
    pu_calibrate,
    threshold_for_count,
    threshold_for_precision,
    threshold_for_recall,
    top_label_frequency,
)
from ketenradar.score.features import FeatureSet
from ketenradar.score.methods import (
    assign_folds,
    block_weights,
    classifier_matrix,
    classifier_score_fn,
    cross_fit,
    profile_score_fn,
    similarity_score_fn,
    single_thread_blas,
    text_components,
)
from ketenradar.score.prior import KINDS, LatentClasses, fit_latent_classes
from ketenradar.score.verdicts import for_target

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
    est_precision_low: float = float("nan")
    est_precision_high: float = float("nan")
    n_positive_estimate: float = float("nan")
    """Estimated positives among the unlabelled firms: the category never holds more (no flooding)."""
    threshold_recall: float = float("nan")
    """The looser threshold that keeps `target_recall` of held-out reference firms."""
    provisional: bool = False
    note: str = ""
    label_frequency_top: float = float("nan")
    """The second estimate of c (labelled share among the top-ranked firms), see calibrate.py."""
    g: np.ndarray | None = None
    labelled: np.ndarray | None = None
    unlabelled: np.ndarray | None = None


@dataclass
class ScoreParams:
    k_neighbours: int = 5
    folds: int = 20
    target_recall: float = 0.9
    seed: int = 7
    classifier_c: float | None = None
    """None: chosen per target from `c_grid` by held-out PU ROC-AUC."""
    c_grid: tuple[float, ...] = (0.001, 0.003, 0.01, 0.03)
    classifier: str = "profile"
    """profile (default): ContrastNaiveBayes over indicators and registry (methods.py);
    logistic: the earlier L2 logistic regression over text components, indicators and registry."""
    nb_alpha: float = 0.5
    contrast_weight: float = 1.5
    contrast_shrink: float = 4.0
    """Each A-vs-B contrast ratio is shrunk by its reliability (`ContrastNaiveBayes`); 0: not shrunk."""
    text_weight: float = 0.2
    text_components: int = 32
    max_unlabelled: int = 50_000
    b_fit_without_c: bool = True
    """Fit the B model without the firms already in C (see `score_target`)."""
    target_precision: float | None = None
    """If set, the threshold is the lowest whose estimated precision reaches it (still capped)."""
    cap_at_estimate: bool = True
    """A category never holds more unlabelled firms than the estimated positives among them."""
    min_references: int = 20
    """Fewer reference firms with a readable site than this: the category is provisional."""
    max_prior_share: float = 0.5
    """Above this estimated share of positives among the unlabelled, no precision is estimated."""
    latent_prior: bool = True
    """Estimate the firms like A / like B with the latent-class model (`prior.py`); False: the
    earlier Elkan-Noto / top-share estimates."""
    operating_share: float = 0.8
    """The category holds at most this share of the estimated firms like the references (`prior.py`):
    the top of the ranking, where precision is higher, rather than down to the break-even point."""
    min_held_out_recall: float | None = 0.85
    """Where the `operating_share` cut keeps fewer than this share of the (out-of-fold) reference
    firms, the category is loosened until it keeps that share (chosen_by `kept_references`), but no
    further than `held_out_share_limit` × the estimated firms like the references, and no further
    than where the estimated precision falls below `held_out_precision_floor`. None: the
    `operating_share` cut alone (the default until session 8). Chosen on tuning worlds
    (docs/score.md, "Held-out A recall against C precision"): on medium worlds the 0.8 cut kept
    fewer than 85% of the references in most, although a ranking there keeps them at C precision
    0.75 in most."""
    held_out_share_limit: float = 1.0
    """How far `min_held_out_recall` may loosen the category (1.0: up to the flood cap itself)."""
    held_out_precision_floor: float | None = 0.75
    """`min_held_out_recall` loosens the category no further than where its estimated precision
    (`precision_from_latent`'s point) falls below this: a category kept for its references' sake
    must still be one the tool can stand behind. None: no floor (the share limit only)."""
    weight_negatives: bool = False
    """True: the naive Bayes counts an unlabelled firm as a negative by 1 - its latent membership of
    the target's kind (`negative_weight`; the default of session 5). False (since session 6): every
    unlabelled firm counts fully; on hard tuning worlds the latent memberships misled the weights."""


@dataclass
class ScoreOutput:
    targets: dict[tuple[str, str], TargetScore] = field(default_factory=dict)  # (target, method)
    x: np.ndarray | None = None
    weights: np.ndarray | None = None
    n_text: int = 0
    latent: LatentClasses | None = None


def score_target(
    fs: FeatureSet,
    x: np.ndarray,
    target: str,
    method: str,
    params: ScoreParams,
    user_threshold: float | None = None,
    weights: np.ndarray | None = None,
    like_a: np.ndarray | None = None,
    latent: LatentClasses | None = None,
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
    elif method == "classifier" and params.classifier == "profile":
        contrast = (fs.b_ref if target == "A" else fs.a_ref) & scorable
        start = x.shape[1] - fs.tabular().shape[1]
        fn = profile_score_fn(
            x,
            positive,
            contrast,
            fold,
            start=start,
            alpha=params.nb_alpha,
            contrast_weight=params.contrast_weight,
            contrast_shrink=params.contrast_shrink,
            verdicts=for_target(fs.verdicts, target, fs.n),
            negative_weight=negative_weight(latent, target, params),
        )
        raw = cross_fit(fn, eligible, fold)
    elif method == "classifier":
        grid = [params.classifier_c] if params.classifier_c else list(params.c_grid)
        best = None
        for c in grid:
            fn = classifier_score_fn(
                x, positive, c=c, max_unlabelled=params.max_unlabelled, seed=params.seed, weights=weights,
                verdicts=for_target(fs.verdicts, target, fs.n),
            )  # fmt: skip
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
    g = cal.g if cal.g is not None else cal.score
    g = np.where(scorable, g, 0.0)
    if cal.g is not None and np.isfinite(cal.label_frequency):
        # Stored score: g/c with the top compressed below 1 (`calibrated_score`), not min(1, g/c): the
        # clipped score tied every firm with g >= c at 1.0, and the flood cap could not cut between
        # them (C above its cap in a hard world where c was small; tests/test_score_operating.py).
        cal.score = calibrated_score(g, cal.label_frequency)
    cal.score[~scorable] = 0.0
    pos_scores = cal.score[positive]
    unlabelled = eligible & ~positive & ~fs.a_ref & ~fs.b_ref
    if fs.known_negative is not None:
        unlabelled = unlabelled & ~fs.known_negative
    c = cal.label_frequency
    threshold_recall = threshold_for_recall(pos_scores, params.target_recall)
    hold_rule: tuple[np.ndarray, float, float] | None = None
    note = ""
    if user_threshold is not None:
        threshold, chosen_by = float(user_threshold), "user"
    else:
        # Without a latent-class estimate: the loosest threshold allowed keeps target_recall of held-out
        # reference firms; a precision target and the flood cap can only make it stricter. Computed on
        # g (not clipped at 1).
        candidates = {"held_out": threshold_recall}
        use_latent = latent is not None and params.cap_at_estimate and np.isfinite(c)
        if use_latent:
            # With an estimate of the firms like the references, it sets the operating point: the
            # held-out 90% threshold is not a floor then, because the references rank above the
            # other firms of their kind (they are the most typical), and a floor at their 90% point
            # cut C to a third of the capable firms in some tuning worlds.
            candidates = {}
        if params.target_precision is not None and use_latent:
            tg = latent_threshold_for_precision(
                g, positive, unlabelled, latent, target, params.target_precision, params.seed
            )
            candidates["target_precision"] = _to_score(tg, c)
            if not np.isfinite(tg):
                note = f"no threshold reaches an estimated precision of {params.target_precision:.2f}"
        elif params.target_precision is not None and np.isfinite(c):
            c_top = top_label_frequency(g, positive, positive | unlabelled)[0]
            tg = threshold_for_precision(g, positive, unlabelled, g, params.target_precision, [c, c_top])
            candidates["target_precision"] = _to_score(tg, c)
            if not np.isfinite(tg):
                note = f"no threshold reaches an estimated precision of {params.target_precision:.2f}"
        # Without the latent-class estimate the cap counts with Elkan-Noto's c (the top-share c is too
        # high where the reference firms are the most typical of their kind).
        c_cap = c
        if params.cap_at_estimate and latent is not None:
            # The latent-class estimate of the firms like the references among these unlabelled firms.
            n_positive = min(
                latent.expected(target, unlabelled), params.max_prior_share * int(unlabelled.sum())
            )
            # Counted on the stored score itself (strictly increasing in g), so the cap holds exactly.
            capped = _finite(threshold_for_count(cal.score, unlabelled, params.operating_share * n_positive))
            if params.min_held_out_recall is not None:
                # Loosened to keep `min_held_out_recall` of the reference firms, no further than the
                # share limit of the estimate and the precision floor (`keep_references`).
                limit = _finite(
                    threshold_for_count(
                        cal.score, unlabelled, min(1.0, params.held_out_share_limit) * n_positive
                    )
                )
                if params.held_out_precision_floor is not None:
                    tg = latent_threshold_for_precision(
                        g, positive, unlabelled, latent, target, params.held_out_precision_floor, params.seed
                    )
                    limit = max(limit, _to_score(tg, c))
                loosened = keep_references(pos_scores, capped, limit, params.min_held_out_recall)
                if loosened < capped:
                    candidates["kept_references"] = loosened
                    hold_rule = (fold[positive], capped, limit)
                    capped = loosened
            if "kept_references" not in candidates:
                candidates["capped"] = capped
        elif params.cap_at_estimate and np.isfinite(c_cap) and c_cap > 0:
            n_positive = int(positive.sum()) * (1.0 - c_cap) / c_cap
            # An estimate that half the unlabelled firms are like the references says the profile does
            # not separate (a tiny c): the cap then holds at that share, and no precision is claimed.
            n_positive = min(n_positive, params.max_prior_share * int(unlabelled.sum()))
            candidates["capped"] = _finite(threshold_for_count(cal.score, unlabelled, n_positive))
        if not candidates:
            candidates["held_out"] = threshold_recall
        chosen_by = max(candidates, key=lambda k: candidates[k])
        threshold = candidates[chosen_by]
    hold = held_out_recall(pos_scores, fold[positive], params.target_recall)
    if chosen_by == "kept_references":
        # The threshold was read off the reference firms' own scores: its recall is measured as
        # `held_out_recall` measures the held-out rule, each fold's references against the threshold
        # the rule sets from the other folds' (not the in-sample share, which meets the target by
        # construction).
        pos_fold, strict, loose = hold_rule
        hold = held_out_rule_recall(pos_scores, pos_fold, strict, loose, params.min_held_out_recall)
    elif chosen_by != "held_out":
        # The share of reference firms the final (stricter) threshold keeps; each scored out of fold.
        hold = float((pos_scores >= threshold).mean())
    g_threshold = _to_g(threshold, c, g)
    if latent is not None and np.isfinite(c):
        est = precision_from_latent(
            g,
            positive,
            unlabelled,
            g_threshold,
            latent.expected(target, unlabelled),
            latent.posterior[:, KINDS.index(target)],
            seed=params.seed,
        )
    elif np.isfinite(c):
        est = precision_interval(g, positive, unlabelled, g_threshold, seed=params.seed)
    else:
        est = PrecisionEstimate(float("nan"), float("nan"), float("nan"), 0, float("nan"), "no calibration")
    n_unl = int(unlabelled.sum())
    if est.known and n_unl and est.n_positive > params.max_prior_share * n_unl:
        est = PrecisionEstimate(
            float("nan"),
            float("nan"),
            float("nan"),
            est.n_above,
            est.n_positive,
            f"the estimate that {est.n_positive / n_unl:.0%} of the unlabelled firms are like the "
            "references is implausible: the profile does not separate them",
        )
    label_frequency_top = top_label_frequency(g, positive, positive | unlabelled)[0]
    provisional = n_ref < params.min_references or not est.known
    if n_ref < params.min_references:
        note = (note + "; " if note else "") + (
            f"only {n_ref} reference firms with a readable site (fewer than {params.min_references})"
        )
    if not est.known:
        note = (note + "; " if note else "") + f"cannot estimate precision: {est.reason}"
    return TargetScore(
        target=target,
        method=method,
        score=cal.score,
        label_frequency=c,
        threshold=threshold,
        held_out_recall=hold,
        est_precision=est.point,
        n_above=int((cal.score >= threshold)[unlabelled].sum()),
        n_reference=n_ref,
        chosen_by=chosen_by,
        classifier_c=chosen_c,
        est_precision_low=est.low,
        est_precision_high=est.high,
        n_positive_estimate=est.n_positive,
        threshold_recall=threshold_recall,
        provisional=provisional,
        note=note,
        label_frequency_top=label_frequency_top,
        g=g,
        labelled=positive,
        unlabelled=unlabelled,
    )


def keep_references(pos_scores: np.ndarray, strict: float, loose: float, recall: float) -> float:
    """The threshold of the `min_held_out_recall` rule: the operating_share cut `strict`, loosened
    until it keeps `recall` of the reference firms (`threshold_for_recall`, split-conformal) but no
    further than `loose`; never stricter than `strict`."""
    keep = threshold_for_recall(pos_scores, recall)
    if not np.isfinite(keep):
        return strict
    return float(min(strict, max(loose, keep)))


def held_out_rule_recall(
    pos_scores: np.ndarray, pos_fold: np.ndarray, strict: float, loose: float, recall: float
) -> float:
    """Held-out recall of `keep_references`: each fold's reference firms against the threshold the
    rule sets from the other folds' reference scores, pooled over folds."""
    hits = total = 0
    for f in np.unique(pos_fold):
        rest, own = pos_scores[pos_fold != f], pos_scores[pos_fold == f]
        if len(rest) == 0 or len(own) == 0:
            continue
        hits += int((own >= keep_references(rest, strict, loose, recall)).sum())
        total += len(own)
    return hits / total if total else float("nan")


SCORE_KNEE = 0.9
"""Below this, the stored score is g/c (Elkan & Noto's estimate of P(like the references)); above it,
g/c is compressed towards 1 without reaching it, so that firms keep their order at the top."""


def calibrated_score(g: np.ndarray | float, c: float) -> np.ndarray:
    """The stored score: g/c up to SCORE_KNEE, then knee + (1 - knee) * (1 - 1/(1 + z)) with
    z = (g/c - knee) / (1 - knee): continuous, with slope 1 at the knee, strictly increasing in g
    and below 1. (min(1, g/c) made every firm with g >= c tie at 1.0.) Written with 1 - 1/(1 + z), whose
    floating-point steps are each monotone, so a larger g never gets a smaller score."""
    r = np.maximum(np.asarray(g, dtype=float), 0.0) / max(c, 1e-9)
    z = np.maximum(r - SCORE_KNEE, 0.0) / (1.0 - SCORE_KNEE)
    top = SCORE_KNEE + (1.0 - SCORE_KNEE) * (1.0 - 1.0 / (1.0 + z))
    return np.where(r <= SCORE_KNEE, r, top)


def g_of_score(score: float, c: float) -> float:
    """The inverse of `calibrated_score`: the g at which a firm reaches `score` (inf at 1 and above)."""
    if score <= SCORE_KNEE:
        return float(score * c)
    if score >= 1.0:
        return float("inf")
    y = (score - SCORE_KNEE) / (1.0 - SCORE_KNEE)
    return float((SCORE_KNEE + (1.0 - SCORE_KNEE) * y / (1.0 - y)) * c)


def _to_score(g_threshold: float, c: float) -> float:
    """A threshold on g as one on the stored score (`calibrated_score`)."""
    if not np.isfinite(g_threshold):
        # above every stored score (all below 1): the category is empty; finite, so it stores as JSON
        return 1.0 if g_threshold > 0 else 0.0
    return float(calibrated_score(g_threshold, c))


def negative_weight(latent: LatentClasses | None, target: str, params: ScoreParams) -> np.ndarray | None:
    """Each firm's weight as a negative of the naive Bayes: 1 - its latent membership of the target's
    kind (`prior.py`). The unlabelled firms hold firms like the references; counted as full
    negatives they pull the "not like A" rates towards A's own. Weighted, a firm counts as a negative
    as far as the latent model finds it unlike the references (PU learning with soft labels)."""
    if latent is None or not params.weight_negatives:
        return None
    return np.clip(1.0 - latent.posterior[:, KINDS.index(target)], 0.0, 1.0)


def _finite(threshold: float) -> float:
    """A threshold that stores as JSON: above every score (1.0) or below every score (0.0)."""
    return float(threshold) if np.isfinite(threshold) else (1.0 if threshold > 0 else 0.0)


def _to_g(threshold: float, c: float, g: np.ndarray) -> float:
    if not np.isfinite(c) or c <= 0:
        return threshold
    return g_of_score(threshold, c)


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
    latent = None
    if params.latent_prior:
        site = fs.scorable("classifier")
        unlabelled = site & ~fs.a_ref & ~fs.b_ref
        if fs.known_negative is not None:
            unlabelled = unlabelled & ~fs.known_negative
        latent = fit_latent_classes(tabular, fs.a_ref & site, fs.b_ref & site, unlabelled)
    out.latent = latent
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
                latent=latent,
            )
            if result is not None:
                out.targets[(target, method)] = result
                if target == "A" and params.b_fit_without_c:
                    like_a = (result.score >= result.threshold) & ~fs.a_ref & ~fs.b_ref
    return out


def latent_threshold_for_precision(
    g: np.ndarray,
    labelled: np.ndarray,
    unlabelled: np.ndarray,
    latent: LatentClasses,
    target: str,
    wanted: float,
    seed: int,
    steps: int = 200,
) -> float:
    """The lowest threshold on g whose estimated precision (`precision_from_latent`'s point) reaches
    `wanted`, over up to `steps` quantiles of the unlabelled scores; inf when none does. Thresholds
    keeping fewer than 3 reference firms do not count (a ratio of tiny numbers)."""
    scores = np.sort(np.unique(g[unlabelled]))[::-1]
    if len(scores) > steps:
        scores = scores[np.linspace(0, len(scores) - 1, steps).round().astype(int)]
    n_positive = latent.expected(target, unlabelled)
    posterior = latent.posterior[:, KINDS.index(target)]
    best = float("inf")
    for t in scores:
        if int((g[labelled] >= t).sum()) < 3:
            continue
        est = precision_from_latent(g, labelled, unlabelled, t, n_positive, posterior, seed=seed, reps=0)
        if est.known and est.point >= wanted:
            best = float(t)
    return best
