"""The crawl on a small served set of firm sites: statuses, redirects, robots.txt, sitemaps, PDFs,
relevance, ownership, the address policy and the offline guarantees."""

from __future__ import annotations

import os
import socket
import threading
from pathlib import Path

import pytest

from crawl_fixtures import EXPECTED_STATUS, KVK, SiteServer, crawl_config, firm_sites, insert_firms
from ketenradar.crawl.stage import CrawlError
from ketenradar.store import Store
from support import run_stage


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory):
    sites, firms = firm_sites()
    path = tmp_path_factory.mktemp("crawl") / "store.duckdb"
    with SiteServer(sites) as server, Store(path) as store:
        insert_firms(store, firms)
        config = crawl_config(server)
        first = run_stage(store, "crawl", config)
        served_first = list(server.log)
        second = run_stage(store, "crawl", config)
        served_second = server.log[len(served_first) :]
        yield {
            "store": store,
            "config": config,
            "first": first,
            "second": second,
            "served_first": served_first,
            "served_second": served_second,
        }


def _sites(store: Store) -> dict[str, dict]:
    frame = store.df("SELECT * FROM sites")
    return {r["kvk_number"]: r for r in frame.to_dict("records")}


def test_every_site_ends_with_the_expected_status(crawled):
    sites = _sites(crawled["store"])
    assert {k: s["status"] for k, s in sites.items()} == EXPECTED_STATUS
    assert "88888888" not in sites  # no website, nothing to crawl
    assert "robots.txt" in sites[KVK["robots"]]["reason"]
    assert "refused" in sites[KVK["dead"]]["reason"].lower()
    assert "not an allowed host" in sites[KVK["stranger"]]["reason"]


def test_redirects_are_followed_and_real_urls_stored(crawled):
    store = crawled["store"]
    site = _sites(store)[KVK["metaal"]]
    assert site["start_url"] == "http://vandijkmetaal.nl/"
    assert site["final_url"] == "https://www.vandijkmetaal.nl/"
    urls = {r[0] for r in store.fetchall("SELECT url FROM pages WHERE kvk_number = ?", [KVK["metaal"]])}
    assert all(u.startswith("https://www.vandijkmetaal.nl/") for u in urls)
    # found only through the sitemap named in robots.txt
    assert "https://www.vandijkmetaal.nl/verborgen-pagina" in urls
    pdf = store.fetchall(
        "SELECT content_type, body FROM pages WHERE url LIKE '%iso9001.pdf' AND kvk_number = ?",
        [KVK["metaal"]],
    )
    assert pdf and pdf[0][0] == "application/pdf" and pdf[0][1].startswith(b"%PDF")


def test_robots_txt_is_obeyed(crawled):
    served = crawled["served_first"]
    assert ("https", "www.vandijkmetaal.nl", "/privacy") not in served
    assert not [p for _, h, p in served if h == "www.geheim-bv.nl" and p != "/robots.txt"]


def test_ownership_flags_another_firms_site(crawled):
    sites = _sites(crawled["store"])
    own, wrong, parked = sites[KVK["metaal"]], sites[KVK["wrong"]], sites[KVK["parked"]]
    assert own["usable"] and own["ownership_confidence"] > 0.9
    assert "kvk" in own["ownership_evidence"]
    assert not wrong["usable"] and "99999999" in wrong["ownership_evidence"]
    assert not parked["usable"]


def test_a_second_run_fetches_nothing(crawled):
    assert crawled["second"].counts["sites_to_crawl"] == 0
    assert crawled["served_second"] == []


def test_coverage_table_counts_statuses(crawled):
    table = {r["status"]: r["sites"] for r in crawled["first"].tables["coverage"]}
    assert table["ok"] == 2 and table["unreachable"] == 2 and table["parked"] == 1


def test_max_pages_takes_the_most_relevant_pages(tmp_path: Path):
    sites, firms = firm_sites()
    with SiteServer(sites) as server, Store(tmp_path / "s.duckdb") as store:
        insert_firms(store, [f for f in firms if f["kvk_number"] == KVK["metaal"]])
        run_stage(store, "crawl", crawl_config(server), max_pages=4)
        paths = {
            r[0].removeprefix("https://www.vandijkmetaal.nl")
            for r in store.fetchall("SELECT url FROM pages WHERE kvk_number = ?", [KVK["metaal"]])
        }
    assert len(paths) == 4
    assert "/" in paths
    assert len(paths & {"/machinepark", "/kwaliteit", "/producten", "/over-ons"}) == 3


class _CountingServer:
    """A TCP listener on 127.0.0.1 that only counts connections."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen()
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.connections += 1
            conn.close()


def test_loopback_and_private_addresses_are_refused_without_connecting(tmp_path: Path):
    listener = _CountingServer()
    firms = [
        {"kvk_number": "10000001", "name": "A", "website": f"http://127.0.0.1:{listener.port}/"},
        {"kvk_number": "10000002", "name": "B", "website": f"http://localhost:{listener.port}/"},
        {"kvk_number": "10000003", "name": "C", "website": "http://10.1.2.3/"},
        {"kvk_number": "10000004", "name": "D", "website": f"http://[::1]:{listener.port}/"},
    ]
    from ketenradar.config import Config

    config = Config()  # no allowed hosts: nothing local may be fetched
    config.crawl.download_delay = 0.0
    with Store(tmp_path / "s.duckdb") as store:
        insert_firms(store, firms)
        with pytest.raises(CrawlError, match="every one of the 4 sites"):  # not a quiet success
            run_stage(store, "crawl", config)
        rows = store.fetchall("SELECT status, reason FROM sites ORDER BY kvk_number")
    listener.sock.close()
    assert listener.connections == 0
    assert [s for s, _ in rows] == ["unreachable"] * 4
    assert all("refused by address policy" in reason for _, reason in rows)


def test_names_resolving_to_private_addresses_are_refused_before_connecting():
    from twisted.internet import defer

    from ketenradar.crawl.connect import AddressRefused, _GuardedEndpoint, _PolicyEndpointFactory
    from ketenradar.crawl.policy import AddressPolicy

    class FakeReactor:
        def resolve(self, name: str):
            return defer.succeed("192.168.1.10")

        def connectTCP(self, *args, **kwargs):  # noqa: N802
            raise AssertionError("must not connect")

    factory = _PolicyEndpointFactory(FakeReactor(), AddressPolicy(), None, 5.0, None)
    result = _GuardedEndpoint(factory, "intranet.example.nl", 80, None).connect(object())
    failures = []
    result.addErrback(failures.append)
    assert failures and failures[0].check(AddressRefused)
    assert "192.168.1.10" in str(failures[0].value)


def test_allowed_host_goes_to_its_ip_and_mapped_port():
    from ketenradar.crawl.policy import AddressPolicy

    policy = AddressPolicy({"www.x.nl": "127.0.0.1", "y.nl": "127.0.0.1:8081"}, {"https": 4443}, True)
    assert policy.target("www.x.nl", "https", 443) == ("127.0.0.1", 4443)
    assert policy.target("www.x.nl", "http", 80) == ("127.0.0.1", 80)
    assert policy.target("y.nl", "https", 443) == ("127.0.0.1", 8081)
    assert policy.target("z.nl", "http", 80) is None
    assert policy.refusal("z.nl") is not None and policy.refusal("www.x.nl") is None


def test_public_suffix_list_is_never_downloaded(monkeypatch):
    from ketenradar.crawl.worker import offline_tldextract

    offline_tldextract()
    import scrapy.downloadermiddlewares.cookies as cookies

    def no_network(*args, **kwargs):
        raise AssertionError("network use")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    assert cookies._split_domain.suffix_list_urls == ()
    assert cookies._is_public_domain("co.uk") and not cookies._is_public_domain("www.vandijkmetaal.nl")


def test_crawl_settings_keep_scrapy_offline_and_polite(tmp_path: Path):
    from ketenradar.config import Config
    from ketenradar.crawl.settings import crawl_settings

    settings = crawl_settings(Config().crawl, allow_hosts={}, work_dir=tmp_path)
    assert settings["TELNETCONSOLE_ENABLED"] is False
    assert settings["ROBOTSTXT_OBEY"] and settings["AUTOTHROTTLE_ENABLED"]
    assert settings["CONCURRENT_REQUESTS_PER_DOMAIN"] <= 2
    assert settings["HTTPCACHE_DIR"].startswith(str(tmp_path.resolve()))


def test_evaluation_against_ground_truth(crawled, tmp_path: Path):
    import json

    from ketenradar.evaluate.crawl import evaluate
    from ketenradar.evaluate.truth import GroundTruth

    truth_dir = tmp_path / "ground_truth"
    truth_dir.mkdir()
    rows = [
        {
            "kvk_number": kvk,
            "site_status": status,
            "site_owner_kvk": "99999999" if kvk == KVK["wrong"] else kvk,
        }
        for kvk, status in EXPECTED_STATUS.items()
    ]
    rows[0]["site_status"] = "parked"  # one disagreement, so the figures can be seen to move
    (truth_dir / "firms.jsonl").write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    evaluation = evaluate(crawled["store"], crawled["config"], GroundTruth.load(truth_dir))
    n = len(EXPECTED_STATUS)
    assert evaluation.counts["status_agreement"] == round((n - 1) / n, 4)
    assert evaluation.counts["wrong_owner_sites"] == 1 and evaluation.counts["wrong_owner_flagged"] == 1
    assert evaluation.counts["right_owner_flagged"] == 0
    confusion = {(r["expected"], r["stored"]): r["firms"] for r in evaluation.tables["status_confusion"]}
    assert confusion[("parked", "ok")] == 1
    assert {r["status"] for r in evaluation.tables["coverage"]} >= {"ok", "parked", "no_text"}


def test_sites_are_judged_as_from_their_stored_pages(tmp_path, monkeypatch):
    """The parent judges a first crawl from the texts the worker sent (no bodies read back): the same
    texts, in the same order (depth, then URL), as from the stored pages parsed again."""
    from ketenradar.crawl.writer import StoreWriter

    seen: dict[str, tuple[str, str]] = {}
    judge = StoreWriter._judge

    def recording(self, kvk, text, home):
        seen[kvk] = (text, home)
        return judge(self, kvk, text, home)

    monkeypatch.setattr(StoreWriter, "_judge", recording)
    sites, firms = firm_sites()
    with SiteServer(sites) as server, Store(tmp_path / "store.duckdb") as store:
        insert_firms(store, firms)
        config = crawl_config(server)
        run_stage(store, "crawl", config)
        homes = dict(store.fetchall("SELECT kvk_number, final_url FROM sites WHERE final_url IS NOT NULL"))
        writer = StoreWriter(store, "check", {}, {}, config.extract.min_chars)
        stored = writer.site_texts({k: homes[k] for k in seen})
        counts = dict(store.fetchall("SELECT kvk_number, n_pages FROM sites"))
        bodies = dict(
            store.fetchall("SELECT kvk_number, count(*) FROM pages WHERE body IS NOT NULL GROUP BY ALL")
        )
    assert len(seen) >= 4 and any("\n" in text for text, _ in seen.values())
    assert seen == stored
    assert {k: counts[k] for k in seen} == {k: bodies.get(k, 0) for k in seen}


def test_worker_frames_carry_raw_bodies():
    import io

    from ketenradar.crawl.pipeline import decode, encode, frames

    body = b'line\n{"body_len":3,"x":1}\n\x00\xff end'
    items = [{"type": "request", "body": body, "text": "héllo"}, {"type": "site", "n": 1}, {"type": "end"}]
    stream = io.BytesIO(b"".join(encode(i) for i in items) + b"\n")
    assert [decode(f) for f in frames(stream)] == items
    assert list(frames(io.BytesIO(encode(items[0])[:-3]))) == []  # cut mid-body: the frame is dropped


def test_http_cache_keeps_one_file_per_response(tmp_path):
    from scrapy.http import HtmlResponse, Request
    from scrapy.settings import Settings
    from scrapy.utils.request import RequestFingerprinter

    from ketenradar.crawl.cache import OneFileCacheStorage

    storage = OneFileCacheStorage(Settings({"HTTPCACHE_DIR": str(tmp_path), "HTTPCACHE_EXPIRATION_SECS": 60}))
    storage._fingerprinter = RequestFingerprinter()
    spider = type("S", (), {"name": "s"})()
    request = Request("https://www.example.nl/over-ons")
    assert storage.retrieve_response(spider, request) is None
    response = HtmlResponse(
        "https://www.example.nl/over-ons/",
        status=200,
        headers={"ETag": '"a1"'},
        body=b"<p>hoi</p>",
        encoding="utf-8",
    )
    storage.store_response(spider, request, response)
    assert [p.name.endswith(".pickle") for p in tmp_path.rglob("*") if p.is_file()] == [True]
    cached = storage.retrieve_response(spider, Request("https://www.example.nl/over-ons"))
    assert isinstance(cached, HtmlResponse) and cached.url == response.url and cached.body == response.body
    assert cached.headers[b"ETag"] == b'"a1"' and cached.status == 200 and cached.text == "<p>hoi</p>"
    entry = next(p for p in tmp_path.rglob("*.pickle"))
    os.utime(entry, (0, 0))  # older than HTTPCACHE_EXPIRATION_SECS: fetched again
    assert storage.retrieve_response(spider, request) is None
    entry.write_bytes(b"\x80truncated")  # a worker killed mid-write cannot leave this (rename), but:
    assert storage.retrieve_response(spider, request) is None


def test_a_ctrl_c_during_a_store_statement_stays_a_ctrl_c(tmp_path: Path, monkeypatch):
    """DuckDB turns a Ctrl-C that lands in a statement into RuntimeError('Query interrupted') and
    leaves the transaction aborted, so that even unregistering the batch fails. The writer must give
    back KeyboardInterrupt (the crawl then ends `interrupted`, exit 130, not `failed`) and keep
    nothing of the batch."""
    import contextlib

    import duckdb

    from ketenradar.crawl.writer import StoreWriter

    page = {
        "type": "request",
        "kvk_number": "12345678",
        "kind": "home",
        "request_url": "https://www.example.nl/",
        "final_url": "https://www.example.nl/",
        "depth": 0,
        "status_code": 200,
        "content_type": "text/html",
        "body": b"<html><body><p>Precisiedraaiwerk</p></body></html>",
        "sha256": "0" * 64,
        "text": "Precisiedraaiwerk",
        "links": [],
        "fetched_at": "2026-11-29T12:00:00",
    }
    with Store(tmp_path / "store.duckdb") as store:
        writer = StoreWriter(store, "run", {}, {}, 10)
        real = store.execute

        def interrupted(sql: str, params: list | None = None) -> None:
            if sql.startswith("INSERT OR IGNORE INTO pages"):
                with contextlib.suppress(duckdb.Error):  # what an interrupt leaves: an aborted transaction
                    real("SELECT error('interrupted')")
                raise RuntimeError("Query interrupted")
            real(sql, params)

        monkeypatch.setattr(store, "execute", interrupted)
        with pytest.raises(KeyboardInterrupt):
            writer.write([page])
        monkeypatch.undo()
        assert store.scalar("SELECT count(*) FROM crawl_requests") == 0
        assert store.scalar("SELECT count(*) FROM pages") == 0
        StoreWriter(store, "run", {}, {}, 10).write([page])  # the store takes the next crawl's batch
        assert store.scalar("SELECT count(*) FROM pages") == 1
