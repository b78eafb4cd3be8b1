"""A crawl that fails must say so: a worker that cannot run, a crawl where no site answered, and a
size bomb labelled for what it is (issue 19, defects 2 and 7)."""

from __future__ import annotations

import gzip
import subprocess
import sys
from pathlib import Path

import pytest

from crawl_fixtures import KVK, SiteServer, crawl_config, firm_sites, insert_firms, page
from ketenradar.crawl import stage
from ketenradar.crawl.stage import CrawlError
from ketenradar.errors import InputError
from ketenradar.stage import StageContext
from ketenradar.store import Store

DEAD = "127.0.0.1:9"  # nothing listens on the discard port: connection refused


def _dead_firms(n: int) -> tuple[dict[str, str], list[dict]]:
    hosts = {f"www.dicht{i}.nl": DEAD for i in range(n)}
    firms = [
        {"kvk_number": f"3000000{i}", "name": f"Dicht {i} B.V.", "website": f"http://www.dicht{i}.nl/"}
        for i in range(n)
    ]
    return hosts, firms


def _config(server: SiteServer, **overrides):
    return crawl_config(server, **overrides)


def test_bad_port_map_is_refused_by_name_before_crawling(tmp_path: Path):
    sites, firms = firm_sites()
    with SiteServer(sites) as server, Store(tmp_path / "s.duckdb") as store:
        insert_firms(store, firms)
        config = _config(server, port_map={"http": "abc"})
        with pytest.raises(InputError, match=r"crawl\.port_map\.http"):
            stage.run(store, config, StageContext(run_id="r", quiet=True))
    assert not server.log  # nothing was fetched


def test_bad_port_map_fails_the_command_and_the_run(tmp_path: Path, cli_env: dict):
    db = tmp_path / "k.duckdb"
    _, firms = firm_sites()
    with Store(db) as store:
        insert_firms(store, firms)
    cfg = tmp_path / "ketenradar.toml"
    cfg.write_text('[crawl]\nport_map = { http = "abc" }\nallow_hosts = { "www.x.nl" = "127.0.0.1" }\n')
    result = subprocess.run(
        [sys.executable, "-m", "ketenradar", "--config", str(cfg), "--db", str(db), "crawl"],
        capture_output=True,
        text=True,
        env=cli_env,
        timeout=300,
    )
    assert result.returncode != 0
    assert "port_map" in result.stderr and "abc" in result.stderr
    with Store(db) as store:
        statuses = [r[0] for r in store.fetchall("SELECT status FROM runs WHERE command = 'crawl'")]
    assert "ok" not in statuses


def test_a_worker_that_cannot_run_fails_the_run_with_its_cause(tmp_path: Path, monkeypatch):
    """Any component failing inside the worker (here a middleware that cannot be loaded) used to end
    as an `ok` run with every site left pending; the traceback was only in crawl.log."""
    from ketenradar.crawl import settings as crawl_settings_module
    from ketenradar.runner import Runner

    real = crawl_settings_module.crawl_settings

    def broken(*args, **kwargs):
        out = real(*args, **kwargs)
        out["DOWNLOADER_MIDDLEWARES"] = {**out["DOWNLOADER_MIDDLEWARES"], "ketenradar.nowhere.Missing": 60}
        return out

    monkeypatch.setattr(stage, "crawl_settings", broken)
    sites, firms = firm_sites()
    db = tmp_path / "s.duckdb"
    with SiteServer(sites) as server:
        with Store(db) as store:
            insert_firms(store, firms)
        config = _config(server)
        config.store.path = str(db)
        with pytest.raises(CrawlError) as raised:
            Runner(config, quiet=True).run("crawl")
    message = str(raised.value)
    assert "without finishing 8 of 8 sites" in message
    assert "ketenradar.nowhere" in message  # the worker's own error, not only in crawl.log
    with Store(db) as store:
        run = store.fetchall("SELECT status, message FROM runs WHERE command = 'crawl'")
        pending = store.scalar("SELECT count(*) FROM sites WHERE status = 'pending'")
    assert [r[0] for r in run] == ["failed"]
    assert "without finishing" in run[0][1]
    assert pending == 8  # kept for the next run


def test_a_crawl_where_every_site_failed_fails_loudly_and_can_be_retried(tmp_path: Path):
    hosts, firms = _dead_firms(3)
    sites = {
        h: {"/": page("Open", "<p>" + "Wij frezen en draaien onderdelen. " * 20 + "</p>")} for h in hosts
    }
    with SiteServer(sites) as server, Store(tmp_path / "s.duckdb") as store:
        insert_firms(store, firms)
        config = _config(server)
        config.crawl.allow_hosts = dict(hosts)
        with pytest.raises(CrawlError, match=r"every one of the 3 sites crawled failed \(unreachable 3\)"):
            stage.run(store, config, StageContext(run_id="r1", quiet=True))
        assert store.fetchall("SELECT DISTINCT status FROM sites") == [("unreachable",)]
        # Cause fixed (the hosts now point at the server): --retry-failed crawls them again.
        config.crawl.allow_hosts = server.allow_hosts()
        again = stage.run(store, config, StageContext(run_id="r2", quiet=True))
        assert again.counts["sites_to_crawl"] == 0  # final statuses are not crawled again by default
        retried = stage.run(store, config, StageContext(run_id="r3", quiet=True), retry_failed=True)
        assert retried.counts["sites_retried"] == 3
        assert store.fetchall("SELECT DISTINCT status FROM sites") == [("ok",)]


def test_run_stops_at_a_failed_crawl(tmp_path: Path):
    from ketenradar.runner import Runner

    hosts, firms = _dead_firms(2)
    db = tmp_path / "s.duckdb"
    with SiteServer({}) as server:
        with Store(db) as store:
            insert_firms(store, firms)
        config = _config(server)
        config.crawl.allow_hosts = dict(hosts)
        config.store.path = str(db)
        with pytest.raises(CrawlError):
            Runner(config, quiet=True).pipeline(skip={"resolve"})
    with Store(db) as store:
        commands = [r[0] for r in store.fetchall("SELECT command FROM runs ORDER BY started_at")]
    assert commands == ["crawl"]  # nothing after it: no scoring of firms without text


def test_a_gzip_bomb_is_too_large_not_unreachable(tmp_path: Path):
    bomb = gzip.compress(b"<html><body>" + b" " * 5_000_000 + b"</body></html>")
    sites, firms = firm_sites()
    sites["www.bom-bv.nl"] = {
        "/": (200, {"Content-Type": "text/html", "Content-Encoding": "gzip"}, bomb),
    }
    firms = [f for f in firms if f["kvk_number"] == KVK["metaal"]] + [
        {"kvk_number": "12121212", "name": "Bom B.V.", "website": "http://www.bom-bv.nl/"}
    ]
    assert len(bomb) < 100_000  # small on the wire: only the unpacked size is over the limit
    with SiteServer(sites) as server, Store(tmp_path / "s.duckdb") as store:
        insert_firms(store, firms)
        stage.run(store, _config(server), StageContext(run_id="r", quiet=True))
        status, reason = store.fetchall("SELECT status, reason FROM sites WHERE kvk_number = '12121212'")[0]
    assert status == "too_large", reason
    assert "decompression" in reason


def test_a_gzipped_sitemap_bomb_is_ignored():
    from ketenradar.crawl.spider import _gunzip_bounded

    bomb = gzip.compress(b"<" * 2_000_000)
    assert _gunzip_bounded(bomb, 1_000_000) is None
    assert _gunzip_bounded(gzip.compress(b"<urlset/>"), 1_000_000) == b"<urlset/>"
    assert _gunzip_bounded(b"\x1f\x8bnot gzip", 1_000_000) is None
