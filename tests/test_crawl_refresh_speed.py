"""What keeps a refresh (two or three requests a site) fast: the spider opens a site in place of each
one that ends, robots.txt is fetched once per site, idle connections close soon after a site is
done, and link scoring is one scan per topic. Timing itself is measured by bench/bench_refresh.py."""

from __future__ import annotations

import asyncio
import itertools
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import scrapy

from crawl_fixtures import SiteServer, crawl_config, insert_firms
from ketenradar.config import CrawlConfig
from ketenradar.crawl import relevance
from ketenradar.crawl import stage as crawl
from ketenradar.crawl.connect import IDLE_CONNECTION_SECONDS
from ketenradar.crawl.settings import crawl_settings
from ketenradar.crawl.spider import SiteSpider
from ketenradar.stage import StageContext
from ketenradar.store import Store


def _spider(replay: dict[str, dict] | None = None) -> SiteSpider:
    spider = SiteSpider(
        [
            {"kvk_number": kvk, "start_url": f"http://127.0.0.1:8{n}/", "replay": (replay or {}).get(kvk)}
            for n, kvk in enumerate(["a", "b", "c", "d"])
        ]
    )
    spider.crawler = SimpleNamespace(engine=None)  # run by Scrapy (not by hand), no back-out
    return spider


def _requests(out: list[Any]) -> list[str]:
    return [o.meta["request_url"] for o in out if isinstance(o, scrapy.Request)]


def _ended(out: list[Any]) -> list[str]:
    return [o["kvk_number"] for o in out if isinstance(o, dict) and o.get("type") == "site"]


def test_a_site_that_ends_opens_the_next_and_start_does_not_open_it_again() -> None:
    spider = _spider()

    async def run() -> list[list[Any]]:
        start = spider.start()
        first = [await anext(start)]
        # Site a ends (its only start URL failed): its callback opens b.
        ended = spider._finish(spider.sites[0], "unreachable", "no answer")
        rest = [item async for item in start]
        return [first, ended, rest]

    first, ended, rest = asyncio.run(run())
    assert _requests(first) == ["http://127.0.0.1:80/"]
    assert _ended(ended) == ["a"]
    assert _requests(ended) == ["http://127.0.0.1:81/"]  # b, opened by a's end
    assert _requests(rest) == ["http://127.0.0.1:82/", "http://127.0.0.1:83/"]  # not b again


def test_sites_replayed_to_the_end_are_passed_over_without_recursion() -> None:
    """b and c were finished by an interrupted run (replayed, no request): a's end closes them from
    their records and opens d, the next site that sends a request."""
    failed = {
        "kind": "home",
        "final_url": None,
        "depth": 0,
        "status_code": None,
        "error": "ConnectionRefusedError",
        "status": "unreachable",
        "links": [],
        "sitemaps": [],
    }
    replay = {
        kvk: {url: {**failed, "request_url": url}}
        for kvk, url in (("b", "http://127.0.0.1:81/"), ("c", "http://127.0.0.1:82/"))
    }
    spider = _spider(replay)

    async def run() -> tuple[list[Any], list[Any]]:
        start = spider.start()
        await anext(start)
        ended = spider._finish(spider.sites[0], "unreachable", "no answer")
        return ended, [item async for item in start]

    ended, rest = asyncio.run(run())
    assert _ended(ended) == ["a", "b", "c"]
    assert _requests(ended) == ["http://127.0.0.1:83/"]
    assert rest == []  # every site was opened once


def test_driven_by_hand_a_site_that_ends_opens_nothing() -> None:
    """Without Scrapy (the replay tests drive the state machine by hand) start() opens every site."""
    spider = _spider()
    spider.crawler = None
    out = spider._finish(spider.sites[0], "unreachable", "no answer")
    assert _ended(out) == ["a"] and _requests(out) == []


def test_idle_connections_close_soon_after_a_site_is_done() -> None:
    """A kept-alive connection outlives the longest delay between two requests to a site, and not
    much more: a refresh ends a site every few milliseconds, and Twisted's default (240 s) kept
    thousands of idle sockets open on both sides."""
    settings = crawl_settings(CrawlConfig(), allow_hosts={}, work_dir=Path("."))
    assert settings["AUTOTHROTTLE_MAX_DELAY"] < IDLE_CONNECTION_SECONDS <= 60
    out = _with_download_handler("print(handler._pool.cachedConnectionTimeout)\n")
    assert float(out.split()[-1]) == IDLE_CONNECTION_SECONDS


def _with_download_handler(body: str) -> str:
    """Run `body` with `handler`, a PolicyDownloadHandler, and return what it printed. The handler
    needs an installed reactor: it is built in a process of its own, as the crawl builds it."""
    code = (
        "from scrapy.utils.reactor import install_reactor\n"
        "install_reactor('twisted.internet.asyncioreactor.AsyncioSelectorReactor')\n"
        "from scrapy.utils.test import get_crawler\n"
        "from ketenradar.crawl.connect import PolicyDownloadHandler\n"
        "crawler = get_crawler(settings_dict={'KETENRADAR_ALLOW_HOSTS': {}, 'KETENRADAR_PORT_MAP': {}})\n"
        "handler = PolicyDownloadHandler(crawler)\n" + body
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    return out.stdout


def test_link_scores_are_those_of_the_term_by_term_rule() -> None:
    """One regex scan per topic group gives the score the plain rule gives: a term that occurs
    anywhere in the path's or the anchor's words counts (the rule the resume guarantee relies on)."""

    def by_terms(url: str, anchor: str, depth: int) -> float:
        from urllib.parse import urlsplit

        parts = urlsplit(url)
        path = parts.path.lower()
        words = (
            " ".join(relevance._WORD.findall(path)) + " " + " ".join(relevance._WORD.findall(anchor.lower()))
        )
        value = sum(weight for weight, terms in relevance.TOPICS if any(t in words for t in terms))
        value -= 8.0 if any(t in words for t in relevance.NEGATIVE) else 0.0
        value -= 3.0 if parts.query else 0.0
        value -= 2.0 if path.endswith(".pdf") else 0.0
        return value - 1.5 * max(depth - 1, 0) - 0.5 * max(path.rstrip("/").count("/") - 1, 0)

    terms = [t for _, group in relevance.TOPICS for t in group] + list(relevance.NEGATIVE)
    cases = [
        (f"https://www.firma.nl/{a}/{b}-x{q}", f"{b} en meer", depth)
        for (a, b), q, depth in itertools.product(
            itertools.product(terms[::3] + ["niets"], terms[1::4] + ["iets.pdf"]), ["", "?p=1"], [1, 3]
        )
    ]
    assert len(cases) > 1000
    for url, anchor, depth in cases:
        assert relevance.score(url, anchor, depth) == by_terms(url, anchor, depth), (url, anchor)


def _sites() -> tuple[dict, list[dict]]:
    sites, firms = {}, []
    for i in range(3):
        host = f"www.firma{i}.nl"
        links = "".join(f"<a href='/{t}'>{t}</a> " for t in ("over-ons", "producten"))
        text = f"Firma {i} maakt onderdelen. " * 20
        sites[host] = {
            "/": f"<html><body><main><p>{text}</p>{links}</main></body></html>".encode(),
            "/over-ons": f"<html><body><p>{text} over ons</p></body></html>".encode(),
            "/producten": f"<html><body><p>{text} producten</p></body></html>".encode(),
            "/robots.txt": f"User-agent: *\nDisallow: /intern\nSitemap: https://{host}/sitemap.xml\n".encode(),
            "/sitemap.xml": (
                "<?xml version='1.0'?><urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>"
                + "".join(
                    f"<url><loc>https://{host}/{p}</loc><lastmod>2020-01-01</lastmod></url>"
                    for p in ("", "over-ons", "producten")
                )
                + "</urlset>"
            ).encode(),
        }
        firms.append({"kvk_number": f"7000000{i}", "name": f"Firma {i} B.V.", "website": f"https://{host}/"})
    return sites, firms


def test_a_refresh_asks_for_robots_txt_once_per_site_and_still_obeys_it(tmp_path: Path) -> None:
    """With the HTTP cache off, Scrapy's robots.txt middleware fetched robots.txt again after the
    spider had read it for its sitemaps: a refresh of an unchanged site cost three requests, not two."""
    sites, firms = _sites()
    with SiteServer(sites) as server, Store(tmp_path / "s.duckdb") as store:
        insert_firms(store, firms)
        config = crawl_config(server, http_cache=False)
        crawl.run(store, config, StageContext(run_id="c1", quiet=True))
        before = len(server.log)
        sites["www.firma1.nl"]["/robots.txt"] = b"User-agent: *\nDisallow: /\n"
        result = crawl.run(store, config, StageContext(run_id="r1", quiet=True), refresh=True)
        asked = server.log[before:]
        robots = [host for _, host, path in asked if path == "/robots.txt"]
        assert sorted(robots) == sorted(set(robots)), asked  # once per host
        # firma2 unchanged: robots.txt and the sitemap, nothing else
        assert [p for _, h, p in asked if h == "www.firma2.nl"] == ["/robots.txt", "/sitemap.xml"]
        # firma1 now forbids everything: the robots.txt read by the spider is the one obeyed
        assert not [
            p for _, h, p in asked if h == "www.firma1.nl" and p not in ("/robots.txt", "/sitemap.xml")
        ]
        statuses = dict(store.fetchall("SELECT kvk_number, status FROM sites"))
        assert statuses["70000001"] == "robots_forbidden", (statuses, result.counts)
        assert statuses["70000000"] == "ok" and statuses["70000002"] == "ok"


def test_the_writer_does_not_rebuild_the_set_of_recrawled_sites_per_record(
    tmp_path: Path, monkeypatch: Any
) -> None:
    """Whether a site was crawled before is asked for every record; answering it by building the
    union of two sets of every site made a 16,000-site refresh's parent spend O(sites) per record."""
    from ketenradar.crawl.writer import StoreWriter

    records = [
        {
            "type": "request",
            "kvk_number": f"8000000{i % 5}",
            "kind": "robots",
            "request_url": f"https://www.firma{i % 5}.nl/robots.txt?{i}",
            "final_url": f"https://www.firma{i % 5}.nl/robots.txt",
            "depth": 0,
            "status_code": 200,
            "links": [],
            "fetched_at": "2026-11-29T12:00:00",
        }
        for i in range(60)
    ]
    with Store(tmp_path / "s.duckdb") as store:
        writer = StoreWriter(store, "r1", {}, {}, 10)
        writer.refreshing = {f"8000000{i}" for i in range(3)}  # three refreshed, two crawled first
        built = []
        real = StoreWriter._recrawled
        monkeypatch.setattr(StoreWriter, "_recrawled", lambda self: built.append(1) or real(self))
        writer.write(records)
        assert len(built) <= 5, f"the set of recrawled sites was built {len(built)} times for one batch"
        assert set(writer._pages) == {"80000003", "80000004"}  # first crawls are tracked in memory
        assert store.scalar("SELECT count(*) FROM crawl_requests") == 60


def test_every_host_shares_one_tls_context_and_keeps_its_own_server_name() -> None:
    """A new OpenSSL context per site cost about 5 % of a refresh's worker CPU (a site there costs two
    or three requests). With Twisted 26.4 or newer the host name (SNI) and the certificate check are
    set on each connection, so one context serves every host; each connection still names its own."""
    out = _with_download_handler(
        "from types import SimpleNamespace\n"
        "protocol = SimpleNamespace(factory=SimpleNamespace(wrappedFactory=object()))\n"
        "conns = [handler._tls(host, 443).clientConnectionForTLS(protocol)\n"
        "         for host in (b'www.firma1.nl', b'www.firma2.nl', b'www.firma1.nl')]\n"
        "print(len({id(c.get_context()) for c in conns}), *[c.get_servername().decode() for c in conns])\n"
    )
    contexts, *names = out.split()
    assert names == ["www.firma1.nl", "www.firma2.nl", "www.firma1.nl"]
    assert contexts == "1", f"{contexts} OpenSSL contexts for two hosts"


def test_over_https_each_connection_names_the_host_it_asks_for(tmp_path: Path) -> None:
    """The shared TLS context must not mix up host names: the server sees, on every request, the
    name in the handshake (SNI) equal to the Host header, for sites crawled side by side."""
    sites, firms = _sites()
    with SiteServer(sites) as server, Store(tmp_path / "s.duckdb") as store:
        insert_firms(store, firms)
        crawl.run(store, crawl_config(server), StageContext(run_id="c1", quiet=True))
        assert len({host for _, host in server.server_names}) == len(sites)
        assert all(sni == host for sni, host in server.server_names), server.server_names


def test_a_refresh_reads_robots_txt_from_the_http_cache_but_does_not_write_it(tmp_path: Path) -> None:
    """Writing the robots.txt a refresh fetched to the HTTP cache was a file per site (about 5 % of
    the refresh's worker CPU) for a copy only a run within 24 h could use; a fresh cached copy is
    still read."""
    sites, firms = _sites()
    with SiteServer(sites) as server, Store(tmp_path / "s.duckdb") as store:
        insert_firms(store, firms)
        config = crawl_config(server)
        crawl.run(store, config, StageContext(run_id="c1", quiet=True))
        cache = crawl.work_dir(store) / "httpcache"
        written = {p.name for p in cache.rglob("*.pickle")}
        assert written  # the first crawl fills the cache
        before = len(server.log)
        crawl.run(store, config, StageContext(run_id="r1", quiet=True), refresh=True)
        # the refresh within 24 h: robots.txt came from the cache, and nothing new was written
        assert not [p for _, _, p in server.log[before:] if p == "/robots.txt"]
        assert {p.name for p in cache.rglob("*.pickle")} == written
        import shutil

        shutil.rmtree(cache)
        before = len(server.log)
        crawl.run(store, config, StageContext(run_id="r2", quiet=True), refresh=True)
        robots = [h for _, h, p in server.log[before:] if p == "/robots.txt"]
        assert sorted(robots) == sorted(sites)  # asked of every site again
        assert not list(cache.rglob("*.pickle"))  # and not written to the cache


def test_the_worker_freezes_what_exists_before_the_crawl_and_collects_garbage_less_often() -> None:
    """With Python's default thresholds the cyclic collector took over a quarter of the worker's CPU:
    a young collection several times per request, and full ones scanning every object alive (the
    job's sites, in a refresh with the links of every stored page). Short-lived cycles are still
    collected."""
    from ketenradar.crawl import worker

    assert worker.GC_THRESHOLDS[0] >= 10_000
    code = (
        "import gc\n"
        "from ketenradar.crawl.worker import GC_THRESHOLDS, tune_gc\n"
        "job = [{'known': {str(i): {'links': [[str(i), '']]}}} for i in range(1000)]\n"
        "tune_gc()\n"
        "cycle = []\n"
        "cycle.append(cycle)\n"
        "del cycle\n"
        "print(gc.get_freeze_count() > 3000, gc.get_threshold() == GC_THRESHOLDS, gc.collect() >= 1)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["True", "True", "True"]
    source = Path(worker.__file__).read_text()
    # called in main(), after the spider is built and before the crawl starts
    assert source.index("tune_gc()", source.index("def main")) < source.index(
        "process.start", source.index("def main")
    )
