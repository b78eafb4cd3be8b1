"""The loop over kept tuning worlds shared by the scorer's study scripts (bench/common.py):
it refuses reporting seeds, finds each world in the first root that holds it built, and names the
missing ones."""

from __future__ import annotations

from pathlib import Path

import pytest
from bench.common import kept_tuning_worlds

from ketenradar.score import protocol


def _built(folder: Path) -> None:
    folder.mkdir(parents=True)
    (folder / "eval.duckdb").write_bytes(b"")


def test_a_reporting_seed_stops_the_study(tmp_path: Path) -> None:
    seed = protocol.REPORTING_SEEDS[0]
    _built(tmp_path / f"easy-default-{seed}")
    with pytest.raises(SystemExit, match="not a tuning seed"):
        list(kept_tuning_worlds([seed], ["easy"], ["default"], [tmp_path]))
    retired = protocol.RETIRED_SEEDS[-1]
    with pytest.raises(SystemExit, match="not a tuning seed"):
        list(kept_tuning_worlds([1, retired], ["easy"], ["default"], [tmp_path]))


def test_worlds_are_found_across_roots_and_missing_ones_named(tmp_path: Path, capsys) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    _built(first / "easy-default-1")
    _built(second / "easy-default-1")  # also in the second root: the first one wins
    _built(second / "hard-alt-2")
    building = first / "hard-alt-2"
    _built(building)
    (building / ".building").write_bytes(b"")  # being built there: not ready, so the second root's
    found = list(kept_tuning_worlds([1, 2], ["easy", "hard"], ["default", "alt"], [first, second]))
    assert found == [
        (1, "easy", "default", first / "easy-default-1"),
        (2, "hard", "alt", second / "hard-alt-2"),
    ]
    err = capsys.readouterr().err
    for missing in (
        "easy-alt-1",
        "hard-default-1",
        "hard-alt-1",
        "easy-default-2",
        "easy-alt-2",
        "hard-default-2",
    ):
        assert f"{missing}: not built" in err
    assert "easy-default-1: not built" not in err


def test_precision_at_held_out_recall_reads_the_ranking_where_it_keeps_the_references():
    """The headroom figure: the threshold keeps 85% of the A reference firms, and C's precision is
    read among the unlabelled firms above it against the truly-C ones (a true A counts as a miss)."""
    import numpy as np
    from bench.bench_quality import precision_at_held_out_recall

    # 20 references at scores 1..20; 85% kept -> the 17 highest: threshold 4.
    a_ref = np.r_[np.ones(20, bool), np.zeros(10, bool)]
    score = np.r_[np.arange(1, 21), [25, 24, 23, 10, 9, 5, 3.5, 2, 1, 0.5]].astype(float)
    unlabelled = ~a_ref
    truth_c = np.r_[np.zeros(20, bool), [1, 1, 0, 1, 0, 1, 1, 1, 0, 0]].astype(bool)
    f = precision_at_held_out_recall(score, a_ref, unlabelled, truth_c, 0.85)
    assert f["threshold"] == 4.0
    assert f["held_out_recall_A"] == 0.85
    assert f["n_C"] == 6  # 25, 24, 23, 10, 9, 5
    assert f["precision_C"] == 4 / 6
    assert f["recall_C"] == 4 / 6  # two truly-C firms (3.5 and 2) fall below
    few = precision_at_held_out_recall(score[16:], a_ref[16:], unlabelled[16:], truth_c[16:])
    assert few["precision_C"] is None  # four references: no figure


def test_heldout_headroom_finds_the_conflict_in_the_data():
    """Where the A reference firms look like the non-C firms, no oracle keeps 85% of them without
    taking many non-C firms: the best oracle's precision falls far below the one of a world where
    they look like C."""
    import numpy as np
    from bench.bench_quality import heldout_headroom

    rng = np.random.default_rng(0)
    n_c, n_none, n_a = 200, 600, 40

    def world(a_like_c: bool) -> float:
        c = rng.normal(2.0, 1.0, (n_c, 3))
        none = rng.normal(0.0, 1.0, (n_none, 3))
        a = rng.normal(2.0 if a_like_c else 0.0, 1.0, (n_a, 3))
        x = np.vstack([c, none, a]).astype(np.float32)
        truth = np.array(["C"] * n_c + ["none"] * n_none + ["A"] * n_a, dtype=object)
        a_ref = truth == "A"
        out = heldout_headroom(
            x, np.zeros((len(x), 1)), a_ref, np.zeros(len(x), bool), np.ones(len(x), bool), truth, 0,
            models=("logistic", "boosting_c_only"),
        )  # fmt: skip
        assert set(out) == {"logistic", "boosting_c_only", "best_precision_C"}
        return out["best_precision_C"]

    separable, conflicting = world(True), world(False)
    assert separable > 0.8
    assert conflicting < 0.6
