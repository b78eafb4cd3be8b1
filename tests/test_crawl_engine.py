"""The crawl on the Dask engine (sites grouped by host, one Scrapy worker per partition task) ends
with the same sites, statuses and pages as the local crawl."""

from __future__ import annotations

from pathlib import Path

import pytest

from crawl_fixtures import EXPECTED_STATUS, SiteServer, crawl_config, firm_sites, insert_firms, topic_world
from ketenradar.crawl.partitions import partition_sites
from ketenradar.engine import close_engines
from ketenradar.store import Store
from support import run_stage


def _outcome(store: Store) -> tuple[dict, set]:
    statuses = dict(store.fetchall("SELECT kvk_number, status FROM sites"))
    pages = {tuple(r) for r in store.fetchall("SELECT kvk_number, url, sha256 FROM pages")}
    return statuses, pages


def test_partitions_keep_each_host_in_one_partition() -> None:
    sites = [{"kvk_number": str(i), "start_url": f"https://www.site{i % 7}.nl/p{i}"} for i in range(40)]
    sites += [{"kvk_number": "x", "start_url": "http://site3.nl/"}]  # bare and www are one host
    parts = partition_sites(sites, 4)
    assert sum(len(p) for p in parts) == len(sites) and len(parts) <= 4
    owner = {}
    for n, part in enumerate(parts):
        for site in part["site"]:
            host = site["start_url"].split("/")[2].removeprefix("www.")
            assert owner.setdefault(host, n) == n
    assert len(partition_sites(sites * 10, 2)) > 2  # at most ~100 sites per task


@pytest.mark.slow
def test_dask_crawl_equals_local_crawl(tmp_path: Path) -> None:
    sites, firms = firm_sites()
    more_sites, more_firms = topic_world(4)  # where the page budget bites
    sites.update(more_sites)
    firms += more_firms
    outcomes = []
    try:
        with SiteServer(sites) as server:
            for engine in ("local", "dask"):
                with Store(tmp_path / f"{engine}.duckdb") as store:
                    insert_firms(store, firms)
                    config = crawl_config(server)
                    config.engine.engine, config.engine.workers, config.engine.partitions = engine, 2, 3
                    result = run_stage(store, "crawl", config)
                    outcomes.append(_outcome(store))
                    assert ("engine_partitions" in result.counts) == (engine == "dask")
    finally:
        close_engines()
    (local_status, local_pages), (dask_status, dask_pages) = outcomes
    assert {k: local_status[k] for k in EXPECTED_STATUS} == EXPECTED_STATUS
    assert dask_status == local_status
    assert dask_pages == local_pages and len(local_pages) > 100
    assert result.counts["engine_partitions"] >= 2
