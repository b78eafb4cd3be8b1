"""End to end on a small generated demo world: every indicator group at precision and recall >= 0.9."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from ketenradar.config import Config
from ketenradar.evaluate.indicators import evaluate
from ketenradar.evaluate.truth import GroundTruth
from ketenradar.store import Store
from support import run_stage

ROOT = Path(__file__).resolve().parents[1]


def _bench():
    spec = importlib.util.spec_from_file_location("indicators_demo", ROOT / "bench" / "indicators_demo.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.slow
def test_every_group_reaches_target_on_demo_world(tmp_path: Path) -> None:
    from ketenradar.demo.generate import generate_world

    world = tmp_path / "world"
    generate_world(world, firms=150, seed=3, style="default", quiet=True)
    db = tmp_path / "bench.duckdb"
    assert _bench().build_store(world, db) > 100
    with Store(db) as store:
        run_stage(store, "indicators", Config())
        evaluation = evaluate(store, Config(), GroundTruth.load(world))
    for row in evaluation.tables["per group"]:
        if row["tp"] + row["fn"] >= 10:
            assert row["precision"] >= 0.9, row
            assert row["recall"] >= 0.9, row
