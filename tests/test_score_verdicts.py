"""The scorer learns from analyst verdicts (score/verdicts.py): confirmed positives, known negatives."""

from __future__ import annotations

import numpy as np

from ketenradar.score.methods import classifier_score_fn, cross_fit
from ketenradar.score.verdicts import VerdictLabels, for_target, training_set


def test_without_verdicts_the_training_set_is_the_plain_pu_set() -> None:
    positive = np.array([True, False, False, True, False, False])
    train = np.array([0, 1, 2, 4, 5])
    rows, y, weight = training_set(train, positive, None)
    assert weight is None
    assert list(rows) == [0, 1, 2, 4, 5] and list(y) == [1, 0, 0, 0, 0]


def test_confirmed_firms_are_positives_and_rejected_firms_weighted_negatives() -> None:
    n = 8
    positive = np.zeros(n, bool)
    positive[[0, 1]] = True
    confirmed = np.zeros(n, bool)
    confirmed[[2, 7]] = True  # 7 is not in this fold's training rows
    rejected = np.zeros(n, bool)
    rejected[[3, 4]] = True
    verdicts = for_target(
        VerdictLabels({"A": confirmed}, {"A": rejected}, positive_weight=2.0, negative_weight=4.0), "A", n
    )
    train = np.arange(7)
    rows, y, weight = training_set(train, positive, verdicts)
    by_row = {int(r): (float(label), float(w)) for r, label, w in zip(rows, y, weight, strict=True)}
    assert set(by_row) == set(range(7))  # every training row once, nothing from outside the fold
    assert by_row[0] == (1.0, 1.0) and by_row[1] == (1.0, 1.0)  # reference firms
    assert by_row[2] == (1.0, 2.0)  # confirmed: a positive, weighted
    assert by_row[3] == (0.0, 4.0) and by_row[4] == (0.0, 4.0)  # rejected: known negatives, weighted
    assert by_row[5] == (0.0, 1.0) and by_row[6] == (0.0, 1.0)  # unlabelled


def test_a_firm_both_confirmed_and_rejected_counts_as_rejected() -> None:
    both = np.array([True, False])
    pos, neg = VerdictLabels({"A": both}, {"A": both}).masks("A", 2)
    assert list(pos) == [False, False] and list(neg) == [True, False]
    assert for_target(VerdictLabels({"A": both}, {}), "B", 2) is None  # nothing on B


def test_rejections_teach_the_classifier_to_rank_look_alikes_lower() -> None:
    # Reference firms at (2, 0); two unlabelled groups equally far from them. An analyst rejects some
    # firms of the first group: the rest of that group must now rank below the second group.
    rng = np.random.default_rng(3)
    refs = rng.normal([2.0, 0.0], 0.3, size=(30, 2))
    group_1 = rng.normal([1.0, 1.0], 0.3, size=(100, 2))
    group_2 = rng.normal([1.0, -1.0], 0.3, size=(100, 2))
    rest = rng.normal([-1.0, 0.0], 0.5, size=(300, 2))
    x = np.vstack([refs, group_1, group_2, rest]).astype(np.float32)
    n = len(x)
    positive = np.zeros(n, bool)
    positive[:30] = True
    in_1 = np.zeros(n, bool)
    in_1[30:130] = True
    in_2 = np.zeros(n, bool)
    in_2[130:230] = True
    rejected = np.zeros(n, bool)
    rejected[30:60] = True  # 30 firms of group 1
    fold = np.arange(n) % 5
    eligible = np.ones(n, bool)

    def gap(verdicts: VerdictLabels | None) -> float:
        raw = cross_fit(classifier_score_fn(x, positive, c=1.0, verdicts=verdicts), eligible, fold)
        unreviewed_1 = in_1 & ~rejected
        return float(np.median(raw[in_2]) - np.median(raw[unreviewed_1]))

    before = gap(None)
    after = gap(for_target(VerdictLabels({}, {"A": rejected}), "A", n))
    assert after > before + 0.5  # the rejections pushed the rest of group 1 down
