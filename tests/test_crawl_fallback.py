"""Scheme and host fallback: a site that answers only over http, only on its bare host, or only
without TLS is still crawled, and the store says which variant answered and why the others failed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from crawl_fixtures import SiteServer, crawl_config, insert_firms, page
from ketenradar.crawl import stage
from ketenradar.crawl.spider import start_variants
from ketenradar.stage import StageContext
from ketenradar.store import Store

DEAD = "127.0.0.1:9"  # connection refused

TEXT = "<p>" + "Wij frezen, draaien en lassen onderdelen voor machinebouwers. " * 8 + "</p>"


def _site(name: str, kvk: str) -> bytes:
    return page(name, f"<h1>{name}</h1>{TEXT}", f"{name} B.V. | KvK {kvk}")


def _https_fails(body: bytes):
    return lambda scheme: body if scheme == "http" else (503, {"Content-Type": "text/html"}, b"down")


FIRMS = [
    # registry says https://www; the host has no TLS at all (its https port speaks plain HTTP)
    {"kvk_number": "40000001", "name": "Alleen Http B.V.", "website": "https://www.alleenhttp.nl/"},
    # registry says www; only the bare host exists (www: connection refused)
    {"kvk_number": "40000002", "name": "Kaal B.V.", "website": None, "domain": "www.kaal-bv.nl"},
    # registry says www; the www name is not even allowed/known (like NXDOMAIN): bare host, http only
    {"kvk_number": "40000003", "name": "Kaal Http B.V.", "website": "http://www.kaalhttp.nl"},
    # https answers 503 on the home page, http works
    {"kvk_number": "40000004", "name": "Half B.V.", "website": "https://www.half-bv.nl/"},
    # listed bare over http; redirects to the canonical https://www host
    {"kvk_number": "40000005", "name": "Kanon B.V.", "website": "http://kanon-bv.nl"},
    # nothing answers anywhere
    {"kvk_number": "40000006", "name": "Weg B.V.", "website": "https://www.weg-bv.nl/"},
]


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory):
    sites = {
        "www.alleenhttp.nl": {"/": _site("Alleen Http", "40000001")},
        "kaal-bv.nl": {"/": _site("Kaal", "40000002")},
        "kaalhttp.nl": {"/": _https_fails(_site("Kaal Http", "40000003"))},
        "www.half-bv.nl": {"/": _https_fails(_site("Half", "40000004"))},
        "kanon-bv.nl": {"/": (301, {"Location": "https://www.kanon-bv.nl/"}, b"")},
        "www.kanon-bv.nl": {"/": _site("Kanon", "40000005")},
    }
    path = tmp_path_factory.mktemp("fallback") / "s.duckdb"
    with SiteServer(sites) as server, Store(path) as store:
        insert_firms(store, FIRMS)
        config = crawl_config(server)
        hosts = server.allow_hosts()
        hosts["www.alleenhttp.nl"] = f"127.0.0.1:{server.port_map()['http']}"  # TLS handshake fails
        hosts["www.kaal-bv.nl"] = DEAD
        hosts["www.weg-bv.nl"] = DEAD
        hosts["weg-bv.nl"] = DEAD
        config.crawl.allow_hosts = hosts
        result = stage.run(store, config, StageContext(run_id="r1", quiet=True))
        frame = store.df("SELECT * FROM sites")
        yield {
            "result": result,
            "sites": {r["kvk_number"]: r for r in frame.to_dict("records")},
            "log": list(server.log),
        }


def test_variants_try_https_then_http_on_the_listed_host_then_its_twin():
    assert start_variants("http://www.x.nl/") == [
        "https://www.x.nl/",
        "http://www.x.nl/",
        "https://x.nl/",
        "http://x.nl/",
    ]
    assert start_variants("http://x.nl/nl/") == [
        "https://x.nl/nl/",
        "http://x.nl/nl/",
        "https://www.x.nl/nl/",
        "http://www.x.nl/nl/",
    ]
    assert start_variants("https://shop.x.nl/") == ["https://shop.x.nl/", "http://shop.x.nl/"]
    assert start_variants("http://127.0.0.1:8080/") == ["http://127.0.0.1:8080/"]
    assert start_variants("http://x.nl:8080/") == ["http://x.nl:8080/"]


def test_sites_without_tls_or_without_www_are_crawled(crawled):
    sites = crawled["sites"]
    expected = {
        "40000001": "http://www.alleenhttp.nl/",
        "40000002": "https://kaal-bv.nl/",
        "40000003": "http://kaalhttp.nl/",
        "40000004": "http://www.half-bv.nl/",
        "40000005": "https://kanon-bv.nl/",
    }
    for kvk, variant in expected.items():
        assert sites[kvk]["status"] == "ok", (kvk, sites[kvk]["reason"])
        assert sites[kvk]["variant"] == variant, kvk
        assert sites[kvk]["usable"], kvk


def test_why_the_other_variants_failed_is_stored(crawled):
    sites = crawled["sites"]
    tls = json.loads(sites["40000001"]["attempts"])
    assert [a["url"] for a in tls] == ["https://www.alleenhttp.nl/"]
    assert "SSL" in tls[0]["outcome"] or "TLS" in tls[0]["outcome"], tls
    bare = json.loads(sites["40000002"]["attempts"])
    assert [a["url"] for a in bare] == ["https://www.kaal-bv.nl/", "http://www.kaal-bv.nl/"]
    assert all("refused" in a["outcome"].lower() for a in bare)
    not_allowed = json.loads(sites["40000003"]["attempts"])
    assert len(not_allowed) == 3 and "not an allowed host" in not_allowed[0]["outcome"]
    assert "HTTP 503" in not_allowed[2]["outcome"]
    assert json.loads(sites["40000005"]["attempts"]) == []


def test_redirects_lead_to_the_canonical_host(crawled):
    site = crawled["sites"]["40000005"]
    assert site["final_url"] == "https://www.kanon-bv.nl/"
    assert site["domain"] == "www.kanon-bv.nl"


def test_a_site_where_no_variant_answers_is_unreachable_with_every_reason(crawled):
    site = crawled["sites"]["40000006"]
    assert site["status"] == "unreachable"
    assert site["reason"].startswith("no variant answered")
    for variant in start_variants("https://www.weg-bv.nl/"):
        assert variant in site["reason"]
    assert len(json.loads(site["attempts"])) == 4


def test_the_address_policy_applies_to_every_variant(crawled):
    # www.kaalhttp.nl is not an allowed host: neither its https nor its http variant reached the server
    assert not [entry for entry in crawled["log"] if entry[1] == "www.kaalhttp.nl"]
    assert crawled["result"].counts["sites_ok"] == 5


def test_resumed_crawl_replays_the_variant_chain(tmp_path: Path):
    """A variant that failed is recorded; a resumed crawl replays it and does not fetch it again."""
    sites = {"kaal-bv.nl": {"/": _site("Kaal", "40000002")}}
    with SiteServer(sites) as server, Store(tmp_path / "s.duckdb") as store:
        insert_firms(store, [FIRMS[1]])
        config = crawl_config(server)
        config.crawl.allow_hosts = {**server.allow_hosts(), "www.kaal-bv.nl": DEAD}
        stage.run(store, config, StageContext(run_id="r1", quiet=True))
        # Pretend the run was interrupted after the home page: the site is pending again.
        store.execute("UPDATE sites SET status = 'pending'")
        store.execute("DELETE FROM crawl_requests WHERE kind <> 'home'")
        before = len(server.log)
        stage.run(store, config, StageContext(run_id="r2", quiet=True))
        again = [path for _, host, path in server.log[before:] if path == "/"]
        site = store.fetchall("SELECT status, variant, attempts FROM sites")[0]
    assert again == []  # the home page and the failed variants were replayed, not fetched
    assert site[0] == "ok" and site[1] == "https://kaal-bv.nl/"
    assert len(json.loads(site[2])) == 2
