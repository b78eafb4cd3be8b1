"""Which pages a budgeted crawl keeps depends only on the sites, never on timing or on where an
earlier run stopped: the spider's rounds in any completion order, with any part of the crawl replayed
from what was recorded, and a real resumed crawl cut at many points."""

from __future__ import annotations

import asyncio
import random
import shutil
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from scrapy.http import HtmlResponse, Request

from crawl_fixtures import SiteServer, insert_firms, topic_world
from ketenradar.config import Config
from ketenradar.crawl.spider import SiteSpider
from ketenradar.store import Store
from support import run_stage

RECORD_KEYS = (
    "kind",
    "request_url",
    "final_url",
    "depth",
    "status_code",
    "error",
    "status",
    "links",
    "sitemaps",
)


def _respond(sites: dict, request: Request) -> HtmlResponse:
    parts = urlsplit(request.url)
    body = sites[parts.hostname].get(parts.path)
    status = 200 if body is not None else 404
    return HtmlResponse(
        request.url,
        status=status,
        body=body if body is not None else b"<html>niet gevonden</html>",
        headers={"Content-Type": "text/html"},
        request=request,
        encoding="utf-8",
    )


def _run_spider(
    sites: dict, firms: list[dict], seed: int, replay: dict | None = None, stop_after: int | None = None
) -> list[dict[str, Any]]:
    """The spider's state machine without Scrapy's engine: answers come back in a random order."""
    rnd = random.Random(seed)
    spider = SiteSpider(
        [
            {
                "kvk_number": f["kvk_number"],
                "start_url": f["website"],
                "replay": (replay or {}).get(f["kvk_number"]),
            }
            for f in firms
        ],
        max_pages=25,
        per_round=2,
    )

    async def start() -> list[Any]:
        return [out async for out in spider.start()]

    pending, items = asyncio.run(start()), []
    while pending and (stop_after is None or len(items) < stop_after):
        out = pending.pop(rnd.randrange(len(pending)))
        if isinstance(out, dict):  # a response's records travel as one item
            items.extend(out["records"] if out["type"] == "records" else [out])
        else:
            pending.extend(spider.parse(_respond(sites, out)))
    return items


def _pages(items: list[dict]) -> set[tuple[str, str]]:
    return {
        (i["kvk_number"], i["request_url"])
        for i in items
        if i["type"] == "request" and i["kind"] in ("home", "page") and i["status_code"] == 200
    }


def _replay(items: list[dict], rnd: random.Random) -> dict[str, dict[str, dict]]:
    """A random part of the recorded requests, as the stage hands them to a resumed crawl."""
    out: dict[str, dict[str, dict]] = {}
    for i in items:
        if i["type"] == "request" and rnd.random() < 0.8:
            out.setdefault(i["kvk_number"], {})[i["request_url"]] = {k: i[k] for k in RECORD_KEYS}
    return out


def test_the_budget_keeps_the_most_relevant_pages_in_any_order_and_from_any_replay():
    sites, firms = topic_world(2)
    reference = _pages(_run_spider(sites, firms, seed=0))
    for kvk in (f["kvk_number"] for f in firms):
        kept = {urlsplit(url).path for k, url in reference if k == kvk}
        assert len(kept) == 25
        # the five core topics and all their items first; projects last
        for topic in ("over-ons", "producten", "diensten", "machinepark", "kwaliteit"):
            assert {f"/{topic}", *(f"/{topic}/item-{k}" for k in range(3))} <= kept
        assert "/projecten" not in kept and "/markten" in kept

    for seed in range(1, 16):
        assert _pages(_run_spider(sites, firms, seed)) == reference, f"completion order {seed}"
        rnd = random.Random(seed)
        first = _run_spider(sites, firms, seed, stop_after=rnd.randrange(2, 60))
        resumed = _run_spider(sites, firms, seed + 1000, replay=_replay(first, rnd))
        assert _pages(first) | _pages(resumed) == reference, f"stopped and resumed, seed {seed}"


def _request_depths(store: Store, kvk: str) -> dict[str, int]:
    rows = store.fetchall("SELECT request_url, depth FROM crawl_requests WHERE kvk_number = ?", [kvk])
    return {urlsplit(url).path: depth for url, depth in rows}


def _config(server: SiteServer) -> Config:
    config = Config()
    config.crawl.allow_hosts = server.allow_hosts()
    config.crawl.port_map = server.port_map()
    config.crawl.only_allowed_hosts = True
    config.crawl.download_delay = 0.0
    config.crawl.http_cache = False
    return config


def _page_set(store: Store) -> set[tuple[str, str, str]]:
    return {tuple(r) for r in store.fetchall("SELECT kvk_number, url, sha256 FROM pages")}


@pytest.mark.slow
def test_a_crawl_resumed_from_any_point_keeps_the_uninterrupted_page_set(tmp_path: Path):
    sites, firms = topic_world(5)
    full_path = tmp_path / "full.duckdb"
    with SiteServer(sites, https=False) as server:
        config = _config(server)
        with Store(full_path) as store:
            insert_firms(store, firms)
            run_stage(store, "crawl", config)
            full = _page_set(store)
            # depth is clicks from the home page, whatever the order Scrapy ran the callbacks in
            depths = _request_depths(store, firms[0]["kvk_number"])
            assert depths["/"] == depths["/robots.txt"] == 0
            assert depths["/kwaliteit"] == depths["/contact"] == 1
            assert depths["/kwaliteit/item-0"] == depths["/markten/item-0"] == 2

        # Cut every firm's recorded crawl at a different request, as a kill would, in two rounds.
        for cuts in ((1, 4, 8, 13, 19), (6, 11, 17, 22, 26)):
            path = tmp_path / f"cut-{cuts[0]}.duckdb"
            shutil.copy(full_path, path)
            with Store(path) as store:
                with store.transaction():
                    for firm, cut in zip(firms, cuts, strict=True):
                        kvk = firm["kvk_number"]
                        store.execute(
                            "DELETE FROM crawl_requests WHERE kvk_number = ? AND seq > ?", [kvk, cut]
                        )
                        store.execute(
                            "DELETE FROM pages WHERE kvk_number = ? AND url NOT IN "
                            "(SELECT final_url FROM crawl_requests WHERE kvk_number = ? AND final_url IS NOT NULL)",
                            [kvk, kvk],
                        )
                        store.execute("UPDATE sites SET status = 'pending' WHERE kvk_number = ?", [kvk])
                before = _page_set(store)
                marker = len(server.log)
                run_stage(store, "crawl", config)
                refetched = {(host, path) for _, host, path in server.log[marker:]}
                assert _page_set(store) == full, f"cut at {cuts}"
            stored = {(urlsplit(url).hostname, urlsplit(url).path) for _, url, _ in before}
            assert not stored & refetched
