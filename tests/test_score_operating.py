"""The operating point of C and D: the flood cap, ties at the top of the score, tiers."""

from __future__ import annotations

import numpy as np
import pytest

from ketenradar.score.core import (
    ScoreParams,
    calibrated_score,
    g_of_score,
    held_out_rule_recall,
    keep_references,
    score_all,
)
from ketenradar.score.features import load_features
from ketenradar.store import Store
from synthetic import fill_store, make_world


@pytest.fixture(scope="module")
def features(tmp_path_factory):
    # Many firms like the references (300 C against 40 A): a good share of them score at or above the
    # labelled share c, which min(1, g/c) stored as a tie at 1.0.
    world = make_world(seed=1, n_a=40, n_c=300, n_none=300)
    with Store(tmp_path_factory.mktemp("op") / "s.duckdb") as store:
        fill_store(store, world)
        return load_features(store, "usem3")


def test_stored_score_keeps_firms_apart_above_the_labelled_share():
    c = 0.1
    g = np.array([0.0, 0.05, 0.09, 0.1, 0.2, 0.5, 0.9, 1.0])
    s = calibrated_score(g, c)
    assert np.all(np.diff(s) > 0), s  # strictly increasing: no tie at 1.0
    assert s[-1] < 1.0 and s[0] == 0.0
    assert s[1] == pytest.approx(0.5)  # below the knee it is g/c, the PU probability
    for gi, si in zip(g, s, strict=True):
        assert g_of_score(float(si), c) == pytest.approx(gi, rel=1e-9, abs=1e-12)


def test_flood_cap_holds_when_many_firms_score_above_the_labelled_share(features):
    """C never holds more unlabelled firms than its cap, even when the cap falls among firms that
    the clipped score min(1, g/c) tied at 1.0 (the defect seen in hard-default-103)."""
    params = ScoreParams(operating_share=0.3, min_held_out_recall=None)
    out = score_all(features, params, methods=("classifier",))
    t = out.targets[("A", "classifier")]
    cap = params.operating_share * out.latent.expected("A", t.unlabelled)
    above_c = int((t.g[t.unlabelled] >= t.label_frequency).sum())
    assert above_c > cap, "the world must put the cap among firms with g >= c for this test to bite"
    assert t.chosen_by == "capped"
    in_c = (t.score >= t.threshold) & t.unlabelled
    assert int(in_c.sum()) == t.n_above
    assert cap - 1 <= t.n_above <= cap, (t.n_above, cap)


def test_the_cut_is_loosened_to_keep_the_references_up_to_its_limits(features):
    """By default (`min_held_out_recall` 0.85, session 8): where the operating_share cut keeps fewer
    than 85% of the reference firms, C is loosened until it keeps them, never beyond the estimated
    number of firms like the references, never below the precision floor, never stricter; the
    held-out recall it reports is cross-validated (each fold against the rule set on the others)."""
    base = score_all(
        features, ScoreParams(operating_share=0.3, min_held_out_recall=None), methods=("classifier",)
    )
    t0 = base.targets[("A", "classifier")]
    assert t0.held_out_recall < 0.85, "the plain cut must keep fewer than 85% of the references here"
    loose = score_all(
        features, ScoreParams(operating_share=0.3, held_out_precision_floor=None), methods=("classifier",)
    )
    t1 = loose.targets[("A", "classifier")]
    n_positive = loose.latent.expected("A", t1.unlabelled)
    assert t1.chosen_by == "kept_references"
    assert t1.threshold < t0.threshold and t1.n_above > t0.n_above
    assert t1.n_above <= n_positive  # the flood cap still holds
    assert t1.held_out_recall > t0.held_out_recall
    refs = t1.score[t1.labelled]
    assert (refs >= t1.threshold).mean() >= 0.85 or t1.n_above >= n_positive - 1
    limited = score_all(
        features,
        ScoreParams(operating_share=0.3, held_out_share_limit=0.35, held_out_precision_floor=None),
        methods=("classifier",),
    )
    t2 = limited.targets[("A", "classifier")]
    assert t0.n_above <= t2.n_above <= 0.35 * n_positive
    # A precision floor no threshold reaches keeps the plain cut.
    strict = score_all(
        features, ScoreParams(operating_share=0.3, held_out_precision_floor=1.01), methods=("classifier",)
    )
    t3 = strict.targets[("A", "classifier")]
    assert t3.threshold == t0.threshold and t3.chosen_by == "capped"


def test_keep_references_rule_and_its_cross_validated_recall():
    scores = np.arange(1.0, 21.0)  # 20 references
    # conformal: k = floor(0.15 * 21) = 3 -> the 3rd lowest (3.0) keeps 18/20
    assert keep_references(scores, strict=10.0, loose=0.0, recall=0.85) == 3.0
    assert keep_references(scores, strict=10.0, loose=5.0, recall=0.85) == 5.0  # no looser than `loose`
    assert keep_references(scores, strict=2.0, loose=0.0, recall=0.85) == 2.0  # never stricter
    fold = np.arange(20) % 4
    r = held_out_rule_recall(scores, fold, strict=10.0, loose=0.0, recall=0.85)
    # Each fold's threshold is the 2nd lowest of the other 15 (floor(0.15 * 16) = 2): folds 0 and 1
    # lose their lowest reference (1.0, 2.0 below 3.0), folds 2 and 3 none: 18 of 20 kept.
    assert r == pytest.approx(0.9)
    assert held_out_rule_recall(scores, fold, strict=2.5, loose=0.0, recall=0.85) == pytest.approx(0.9)
