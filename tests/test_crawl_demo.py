"""Crawl and extract a small generated demo world served on 127.0.0.1: the stored site statuses
agree with the world's ground truth, and wrong-owner sites are flagged."""

from __future__ import annotations

from pathlib import Path

import pytest

from demo_world import insert_world_firms
from ketenradar.config import Config
from ketenradar.evaluate.crawl import evaluate
from ketenradar.evaluate.truth import GroundTruth
from ketenradar.store import Store
from support import run_stage


@pytest.mark.slow
def test_demo_world_coverage_agrees_with_ground_truth(tmp_path: Path):
    from ketenradar.demo.generate import generate_world
    from ketenradar.demo.server import DemoServer

    world = tmp_path / "world"
    generate_world(world, firms=50, seed=11, quiet=True)
    config = Config()
    config.crawl.download_delay = 0.05
    with DemoServer(world) as server, Store(tmp_path / "s.duckdb") as store:
        insert_world_firms(store, world)
        config.crawl.allow_hosts = server.allow_hosts()
        config.crawl.port_map = server.port_map()
        config.crawl.only_allowed_hosts = True
        run_stage(store, "crawl", config)
        run_stage(store, "extract", config)
        truth = GroundTruth.load(world)
        evaluation = evaluate(store, config, truth)
        documents = {r[0] for r in store.fetchall("SELECT kvk_number FROM documents")}
        usable = {r[0] for r in store.fetchall("SELECT kvk_number FROM sites WHERE status = 'ok' AND usable")}

    counts = evaluation.counts
    assert counts["truth_sites_not_crawled"] == 0
    assert counts["status_agreement"] >= 0.95, evaluation.tables["status_confusion"]
    assert counts["wrong_owner_flagged"] == counts["wrong_owner_sites"]
    assert counts["right_owner_flagged"] == 0
    expected = truth.firms.set_index("kvk_number")["site_status"]
    assert {k for k in documents if expected.get(k) != "ok"} == set()
    assert documents <= usable and len(documents) >= 0.9 * len(usable)
