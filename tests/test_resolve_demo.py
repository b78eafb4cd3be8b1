"""End to end on a small demo world: ingest its sources, resolve, evaluate against its ground truth."""

from __future__ import annotations

from pathlib import Path

import pytest

from ketenradar.config import Config
from ketenradar.evaluate.resolve import evaluate
from ketenradar.evaluate.truth import GroundTruth
from ketenradar.runner import DemoWorld
from ketenradar.store import Store
from support import build_store


@pytest.mark.slow
def test_demo_world_links_meet_the_target(demo_world: DemoWorld, store_path: Path):
    from ketenradar.sources.stage import load_file

    world, manifest = demo_world.path, demo_world.manifest
    config = Config()
    results = build_store(demo_world, store_path, upto="resolve", config=config)
    result = next(r for r in results if r.stage == "resolve")
    # kind auto would choose the same kinds
    for source in manifest["sources"]:
        loaded, _ = load_file(world / source["path"], "auto", None, {}, config)
        assert loaded.kind == source["kind"], source["path"]
    with Store(store_path) as store:
        truth = GroundTruth.load(world)
        figures = evaluate(store, config, truth)
        firms = store.df("SELECT kvk_number, is_member FROM firms")
        kvk_records = set(
            store.df(
                "SELECT kvk_number FROM source_records WHERE kind IN ('kvk_json', 'kvk_csv') AND kvk_number IS NOT NULL"
            )["kvk_number"]
        )
    counts = figures.counts
    assert counts["truth_records_not_imported"] == 0
    for kind in ("association", "ted", "tenderned"):
        assert counts[f"{kind}_no_kvk_precision"] >= 0.95, kind
        assert counts[f"{kind}_no_kvk_recall"] >= 0.95, kind
    assert counts["precision"] >= 0.99 and counts["recall"] >= 0.98
    by_label = {row["label"]: row for row in figures.tables["labels vs true category"]}
    assert by_label["A"]["truth_A"] == by_label["A"]["firms"] > 0  # every A label names a true A firm
    # Every registry firm is a firm; the only others are members the registry extract does not hold
    # (the demo's installers, traders and schools), known from the KvK number on the member list.
    population = set(truth.firms["kvk_number"])
    assert population <= set(firms["kvk_number"]) and len(population) == manifest["firms"]
    outside = firms[~firms["kvk_number"].isin(population)]
    assert outside["is_member"].all() and not (set(outside["kvk_number"]) & kvk_records)
    assert result.counts["firms"] == len(firms) < manifest["firms"] * 1.03
