"""The two scoring methods as pure functions on arrays (no store: any engine can call them).

Every firm's raw score is *out-of-fold*: firms are split into k folds (stratified on the reference
label) and a firm is scored by a model fitted without its fold. Held-out reference firms therefore
score like unseen firms do, which is what thresholds must be chosen on; and an unlabelled firm is
never scored by a classifier that was told it is a negative.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from ketenradar.embed.base import l2_normalise
from ketenradar.score.neighbours import knn
from ketenradar.score.verdicts import VerdictLabels, training_set

ScoreFn = Callable[[np.ndarray, np.ndarray], np.ndarray]
"""(train_index, test_index) -> raw scores of the test rows."""


def assign_folds(positive: np.ndarray, folds: int, seed: int) -> np.ndarray:
    """Fold id per row, positives and the rest each spread evenly over the folds."""
    rng = np.random.default_rng(seed)
    out = np.empty(len(positive), dtype=np.int64)
    for mask in (positive, ~positive):
        idx = np.flatnonzero(mask)
        rng.shuffle(idx)
        out[idx] = np.arange(len(idx)) % folds
    return out


def cross_fit(score_fn: ScoreFn, eligible: np.ndarray, fold: np.ndarray) -> np.ndarray:
    """Out-of-fold raw scores of every row; only `eligible` rows are used for fitting."""
    raw = np.zeros(len(fold), dtype=np.float64)
    for f in np.unique(fold):
        test = np.flatnonzero(fold == f)
        train = np.flatnonzero(eligible & (fold != f))
        raw[test] = score_fn(train, test)
    return raw


# -- 1. the study's method: similarity to the reference profile -------------------------------------


def similarity_raw(
    vectors: np.ndarray, reference: np.ndarray, queries: np.ndarray, k: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(combined, cosine to centroid, mean cosine of the k nearest reference firms) per query row.

    The centroid captures the typical reference profile; the k nearest capture firms that resemble a
    *subgroup* of the references (a cable-harness maker among machining shops) that the centroid blurs.
    The study uses both; we average them with equal weight.
    """
    refs = vectors[reference]
    q = vectors[queries]
    if len(refs) == 0:
        zeros = np.zeros(len(q))
        return zeros, zeros, zeros
    centroid = l2_normalise(refs.mean(axis=0, keepdims=True))[0]
    to_centroid = q @ centroid
    sims, _ = knn(q, refs, k)
    to_nearest = sims.mean(axis=1) if sims.shape[1] else np.zeros(len(q))
    return 0.5 * (to_centroid + to_nearest), to_centroid, to_nearest


def similarity_score_fn(vectors: np.ndarray, positive: np.ndarray, k: int) -> ScoreFn:
    def fn(train: np.ndarray, test: np.ndarray) -> np.ndarray:
        reference = train[positive[train]]
        return similarity_raw(vectors, reference, test, k)[0]

    return fn


# -- 2. positive-unlabelled classifier ---------------------------------------------------------------


class BlockWeight:
    """Multiply standardised columns by fixed weights (a weight < 1 = a stronger L2 penalty)."""

    def __init__(self, weights: np.ndarray):
        self.weights = weights

    def fit(self, x: np.ndarray, y: np.ndarray | None = None) -> BlockWeight:
        return self

    def transform(self, x: np.ndarray) -> np.ndarray:
        return x * self.weights

    def get_params(self, deep: bool = True) -> dict:
        return {"weights": self.weights}

    def set_params(self, **params: object) -> BlockWeight:
        self.weights = params.get("weights", self.weights)
        return self


def make_classifier(c: float = 0.005, seed: int = 7, weights: np.ndarray | None = None):
    """Standardised logistic regression; balanced classes because positives are a few percent.

    Strong L2 regularisation (small C): with a few dozen reference firms, a weakly regularised model
    memorises what is peculiar to *current* suppliers (their defence wording) instead of the capability
    profile that C firms share with them (measured in docs/score.md). The embedding block is
    down-weighted (`weights`) for the same reason: hundreds of text dimensions otherwise outvote the
    few dozen indicator columns.

    Its probabilities are not used as such: the out-of-fold decision values are calibrated afterwards
    (Platt + Elkan–Noto, see calibrate.py), so class weighting does not bias the final scores.
    """
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    steps = [StandardScaler()]
    if weights is not None:
        steps.append(BlockWeight(weights))
    steps.append(LogisticRegression(C=c, class_weight="balanced", max_iter=2000, random_state=seed))
    return make_pipeline(*steps)


def text_components(vectors: np.ndarray, n_components: int = 32, seed: int = 7) -> np.ndarray:
    """The embedding reduced to its main directions (PCA, fitted on all firms: no labels involved).

    Why: with a few dozen positives the classifier cannot use 512 text dimensions without overfitting,
    and logistic regression on 600 columns is ~30x slower than on 120 (measured on 16k firms).
    """
    from sklearn.decomposition import PCA

    n_components = min(n_components, vectors.shape[1], max(1, len(vectors) - 1))
    sample = vectors
    if len(vectors) > 50_000:
        sample = vectors[np.random.default_rng(seed).choice(len(vectors), 50_000, replace=False)]
    pca = PCA(n_components=n_components, svd_solver="randomized", random_state=seed).fit(sample)
    out = np.empty((len(vectors), n_components), dtype=np.float32)
    for start in range(0, len(vectors), 100_000):
        out[start : start + 100_000] = pca.transform(vectors[start : start + 100_000])
    return out


def classifier_matrix(text: np.ndarray, tabular: np.ndarray) -> np.ndarray:
    return np.hstack([text, tabular]).astype(np.float32)


def block_weights(n_vector: int, n_tabular: int, text_weight: float) -> np.ndarray:
    return np.concatenate([np.full(n_vector, text_weight), np.ones(n_tabular)]).astype(np.float32)


def classifier_score_fn(
    x: np.ndarray,
    positive: np.ndarray,
    *,
    c: float = 0.005,
    max_unlabelled: int = 50_000,
    seed: int = 7,
    weights: np.ndarray | None = None,
    verdicts: VerdictLabels | None = None,
) -> ScoreFn:
    """Labelled (positive) vs unlabelled, with the unlabelled sampled down for very large sets; with
    `verdicts` (one target's analyst verdicts) also confirmed positives and known negatives
    (score/verdicts.py)."""

    def fn(train: np.ndarray, test: np.ndarray) -> np.ndarray:
        rows, y, sample_weight = training_set(
            train, positive, verdicts, max_unlabelled=max_unlabelled, seed=seed
        )
        if y.all() or not y.any():
            return np.zeros(len(test))
        with single_thread_blas():
            model = make_classifier(c, seed, weights).fit(
                x[rows], y, logisticregression__sample_weight=sample_weight
            )
        out = np.empty(len(test))
        for start in range(0, len(test), 100_000):
            out[start : start + 100_000] = model.decision_function(x[test[start : start + 100_000]])
        return out

    return fn


def fit_explainer(
    x: np.ndarray,
    positive: np.ndarray,
    eligible: np.ndarray,
    *,
    c: float,
    seed: int,
    max_unlabelled: int = 50_000,
    weights: np.ndarray | None = None,
):
    """The classifier fitted on all eligible firms: its coefficients explain a firm's score."""
    rows = np.flatnonzero(eligible)
    pos, unl = rows[positive[rows]], rows[~positive[rows]]
    if len(unl) > max_unlabelled:
        unl = np.random.default_rng(seed).choice(unl, max_unlabelled, replace=False)
    rows = np.concatenate([pos, unl])
    y = np.concatenate([np.ones(len(pos)), np.zeros(len(unl))])
    with single_thread_blas():
        return make_classifier(c, seed, weights).fit(x[rows], y)


def single_thread_blas():
    """The solver's many small matrix-vector products run ~15x faster on one BLAS thread than on
    two competing ones (measured on a busy 2-core machine: 2 ms vs 31 ms per product)."""
    from threadpoolctl import threadpool_limits

    return threadpool_limits(limits=1, user_api="blas")


def contributions(model, x: np.ndarray) -> np.ndarray:
    """Per-feature additive terms of the decision value: coef × standardised feature value."""
    if hasattr(model, "contributions"):
        return model.contributions(x)
    scaler, lr = model[0], model[-1]
    z = (x - scaler.mean_) / scaler.scale_
    if len(model) == 3:
        z = model[1].transform(z)
    return z * lr.coef_[0]


# -- 3. the default classifier: contrast naive Bayes over the indicators ------------------------------


class ContrastNaiveBayes:
    """Log-likelihood ratios of binary features, smoothed: the target's reference firms against the
    rest, plus (weighted) against the *other* reference class.

    Why naive Bayes and not the logistic regression: with a few dozen reference firms a discriminative
    model spends its weight on the few features that separate the current suppliers from everyone,
    which are mostly what a supplier *says about supplying* rather than what it *can do*; a Bernoulli
    likelihood ratio per feature, with Jeffreys smoothing (alpha 0.5), lets every capability signal
    count in proportion to how much more often the references show it, and stays stable on 20-40
    references (tuning worlds, docs/score.md: C precision at recall 0.5 rose from 0.51-0.55 to 0.59).

    Why the contrast with the other reference class: C is "profile like A", D "profile like B". The
    unlabelled firms hold both kinds and the generic ones, so A-vs-unlabelled alone also rewards
    what A and B share (being in the defence chain at all). The A-vs-B ratio adds what tells a direct
    supplier from a sub-supplier, learnt from references the tool already has (tuning worlds: C precision
    at recall 0.5 0.59 -> 0.67-0.69, against 0.72 for a model trained on the true labels).

    `contrast_shrink` k > 0 multiplies each contrast ratio d by d^2 / (d^2 + k var(d)): the A-vs-B
    ratios rest on two small reference sets, and unshrunk their noise lowered C's precision on the
    hard tuning worlds (docs/score.md, "Session 6's change on tuning worlds").

    Works on the tabular block of the classifier matrix (columns `start:`); the text block is left
    to the similarity method. `contributions` gives each feature's additive term for the reasons.
    """

    def __init__(
        self, alpha: float = 0.5, contrast_weight: float = 1.0, start: int = 0, contrast_shrink: float = 0.0
    ):
        self.alpha, self.contrast_weight, self.start = alpha, contrast_weight, start
        self.contrast_shrink = contrast_shrink

    def _rate(self, x: np.ndarray, rows: np.ndarray, weight: np.ndarray | None) -> np.ndarray:
        w = np.ones(len(rows)) if weight is None else np.asarray(weight, dtype=np.float64)
        return (w @ x[rows] + self.alpha) / (w.sum() + 2 * self.alpha)

    def _ratios(
        self,
        x: np.ndarray,
        pos: np.ndarray,
        neg: np.ndarray,
        pos_weight: np.ndarray | None = None,
        neg_weight: np.ndarray | None = None,
    ) -> tuple[np.ndarray, np.ndarray]:
        pp, pn = self._rate(x, pos, pos_weight), self._rate(x, neg, neg_weight)
        return np.log(pp / pn), np.log((1 - pp) / (1 - pn))

    def _shrunk_ratios(
        self, x: np.ndarray, pos: np.ndarray, neg: np.ndarray, pos_weight: np.ndarray | None
    ) -> tuple[np.ndarray, np.ndarray]:
        """The contrast's log ratios, each shrunk towards 0 by its reliability d^2 / (d^2 + k var(d)),
        var(d) the delta-method variance of a log ratio of two binomial rates."""
        w1, w0 = self._ratios(x, pos, neg, pos_weight)
        if self.contrast_shrink <= 0:
            return w1, w0
        pp, pn = self._rate(x, pos, pos_weight), self._rate(x, neg, None)
        n_pos = float(len(pos) if pos_weight is None else np.sum(pos_weight)) + 2 * self.alpha
        n_neg = float(len(neg)) + 2 * self.alpha
        v1 = (1 - pp) / (n_pos * pp) + (1 - pn) / (n_neg * pn)
        v0 = pp / (n_pos * (1 - pp)) + pn / (n_neg * (1 - pn))
        k = self.contrast_shrink
        return w1 * w1**2 / (w1**2 + k * v1), w0 * w0**2 / (w0**2 + k * v0)

    def fit(
        self,
        x: np.ndarray,
        pos: np.ndarray,
        neg: np.ndarray,
        contrast: np.ndarray | None = None,
        pos_weight: np.ndarray | None = None,
        neg_weight: np.ndarray | None = None,
    ) -> ContrastNaiveBayes:
        """`pos`, `neg`, `contrast`: row indices (the other reference class is `contrast`); weights per
        row of `pos` / `neg` (analyst verdicts count more than a presumed label), default 1."""
        xb = (np.asarray(x[:, self.start :]) > 0).astype(np.float64)
        w1, w0 = self._ratios(xb, pos, neg, pos_weight, neg_weight)
        if contrast is not None and len(contrast) >= 2 and self.contrast_weight > 0:
            c1, c0 = self._shrunk_ratios(xb, pos, contrast, pos_weight)
            w1, w0 = w1 + self.contrast_weight * c1, w0 + self.contrast_weight * c0
        self.coef_present_, self.coef_absent_ = w1, w0
        # Terms are read against the average firm of the fit, so a reason says "raises" or "lowers".
        self.baseline_ = (xb * w1 + (1 - xb) * w0).mean(axis=0)
        return self

    def contributions(self, x: np.ndarray) -> np.ndarray:
        """(n, all columns): each feature's term of the decision value; 0 for the text block."""
        xb = (np.asarray(x[:, self.start :]) > 0).astype(np.float64)
        terms = xb * self.coef_present_ + (1 - xb) * self.coef_absent_ - self.baseline_
        return np.hstack([np.zeros((len(x), self.start)), terms])

    def decision_function(self, x: np.ndarray) -> np.ndarray:
        xb = (np.asarray(x[:, self.start :]) > 0).astype(np.float64)
        return xb @ self.coef_present_ + (1 - xb) @ self.coef_absent_


def profile_score_fn(
    x: np.ndarray,
    positive: np.ndarray,
    contrast: np.ndarray | None,
    fold: np.ndarray,
    *,
    start: int,
    alpha: float = 0.5,
    contrast_weight: float = 1.0,
    verdicts: VerdictLabels | None = None,
    negative_weight: np.ndarray | None = None,
    contrast_shrink: float = 0.0,
) -> ScoreFn:
    """Out-of-fold ContrastNaiveBayes: fitted on the train rows' positives vs the rest, and vs the
    other reference class's firms outside the test fold. With `verdicts` (one target's analyst
    verdicts, score/verdicts.py) confirmed firms join the positives and rejected firms the negatives,
    each with its weight."""

    def fn(train: np.ndarray, test: np.ndarray) -> np.ndarray:
        rows, y, weight = training_set(train, positive, verdicts, max_unlabelled=len(train) + 1)
        is_pos = y > 0
        pos, neg = rows[is_pos], rows[~is_pos]
        if len(pos) == 0 or len(neg) == 0:
            return np.zeros(len(test))
        test_folds = np.unique(fold[test])
        other = None
        if contrast is not None:
            other = np.flatnonzero(contrast & ~np.isin(fold, test_folds))
        pos_w = None if weight is None else weight[is_pos]
        neg_w = None if weight is None else weight[~is_pos]
        if negative_weight is not None:
            nw = negative_weight[neg]
            neg_w = nw if neg_w is None else neg_w * nw
        model = ContrastNaiveBayes(alpha, contrast_weight, start, contrast_shrink).fit(
            x, pos, neg, other, pos_w, neg_w
        )
        return model.decision_function(x[test])

    return fn


def fit_profile_explainer(
    x: np.ndarray,
    positive: np.ndarray,
    eligible: np.ndarray,
    contrast: np.ndarray | None,
    *,
    start: int,
    alpha: float = 0.5,
    contrast_weight: float = 1.0,
    negative_weight: np.ndarray | None = None,
    contrast_shrink: float = 0.0,
) -> ContrastNaiveBayes:
    rows = np.flatnonzero(eligible)
    pos, neg = rows[positive[rows]], rows[~positive[rows]]
    other = None if contrast is None else np.flatnonzero(contrast)
    neg_w = None if negative_weight is None else negative_weight[neg]
    model = ContrastNaiveBayes(alpha, contrast_weight, start, contrast_shrink)
    return model.fit(x, pos, neg, other, None, neg_w)
