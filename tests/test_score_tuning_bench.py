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
