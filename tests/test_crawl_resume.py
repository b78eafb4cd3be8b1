"""Kill `ketenradar crawl` with SIGKILL part-way, resume, and end with exactly the page set of an
uninterrupted crawl, without fetching again any page that was stored before the kill."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

from crawl_fixtures import SiteServer, insert_firms, topic_world
from ketenradar.config import load_config
from ketenradar.store import Store
from support import run_stage

N_SITES = 5


def _world() -> tuple[dict, list[dict]]:
    return topic_world(N_SITES)


class SlowServer(SiteServer):
    """Each answer takes a little while, so that a kill lands in the middle of the crawl."""

    def _handler(self, scheme: str):
        base = super()._handler(scheme)

        class Slow(base):  # type: ignore[misc, valid-type]
            def do_GET(self) -> None:  # noqa: N802
                time.sleep(0.04)
                super().do_GET()

        return Slow


def _config(tmp: Path, server: SiteServer) -> Path:
    hosts = ", ".join(f'"{h}" = "127.0.0.1"' for h in server.allow_hosts())
    ports = ", ".join(f"{k} = {v}" for k, v in server.port_map().items())
    path = tmp / "ketenradar.toml"
    path.write_text(
        "[crawl]\n"
        f"allow_hosts = {{ {hosts} }}\n"
        f"port_map = {{ {ports} }}\n"
        "only_allowed_hosts = true\n"
        "http_cache = false\n"  # so that the server's log shows every fetch
        "download_delay = 0.0\n"
        "concurrent_requests = 4\n"
    )
    return path


def _crawl(python: str, env: dict, db: Path, config: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [python, "-m", "ketenradar", "--db", str(db), "--config", str(config), "--quiet", "crawl"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        # Ctrl-C as a terminal delivers it: a suite started in the background by a shell without job
        # control runs with SIGINT ignored, the crawl inherits that, and the Ctrl-C test then sees a
        # crawl that finishes (exit 0) instead of one interrupted.
        preexec_fn=_default_sigint,
    )


def _default_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _page_set(db: Path) -> set[tuple[str, str, str]]:
    with Store(db) as store:
        return {tuple(r) for r in store.fetchall("SELECT kvk_number, url, sha256 FROM pages")}


def _statuses(db: Path) -> dict[str, str]:
    with Store(db) as store:
        return dict(store.fetchall("SELECT kvk_number, status FROM sites"))


@pytest.mark.slow
def test_sigkill_then_resume_gives_the_uninterrupted_page_set(tmp_path: Path, python: str, cli_env: dict):
    sites, firms = _world()
    full_db, killed_db = tmp_path / "full.duckdb", tmp_path / "killed.duckdb"
    for db in (full_db, killed_db):
        with Store(db) as store:
            insert_firms(store, firms)
    with SlowServer(sites, https=False) as server:
        config = _config(tmp_path, server)

        # the uninterrupted crawl, in-process: the same stage the CLI runs
        with Store(full_db) as store:
            run_stage(store, "crawl", load_config(config))
        full = _page_set(full_db)
        assert len(full) > 60

        start = len(server.log)
        proc = _crawl(python, cli_env, killed_db, config)
        deadline = time.time() + 120
        while len(server.log) - start < len(full) // 3 and time.time() < deadline and proc.poll() is None:
            time.sleep(0.04)
        assert proc.poll() is None, "the crawl ended before it could be killed"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        time.sleep(1.0)  # the worker notices its parent is gone and exits

        before = _page_set(killed_db)
        assert 0 < len(before) < len(full)
        assert "pending" in _statuses(killed_db).values()
        with Store(killed_db) as store:
            assert store.scalar("SELECT status FROM runs WHERE command = 'crawl'") == "interrupted"

        marker = len(server.log)
        proc = _crawl(python, cli_env, killed_db, config)
        assert proc.wait(timeout=240) == 0, proc.stderr.read().decode()
        refetched = {(host, path) for _, host, path in server.log[marker:]}

    after = _page_set(killed_db)
    assert after == full
    assert _statuses(killed_db) == _statuses(full_db)
    stored_before = {(url.split("/")[2], "/" + url.split("/", 3)[3]) for _, url, _ in before}
    assert not (stored_before & refetched), "pages stored before the kill were fetched again"
    assert before <= after  # nothing stored was lost
    json.dumps(sorted(after))  # plain data


@pytest.mark.slow
def test_ctrl_c_stops_the_crawl_and_its_worker(tmp_path: Path, python: str, cli_env: dict):
    sites, firms = _world()
    db = tmp_path / "s.duckdb"
    with Store(db) as store:
        insert_firms(store, firms)
    with SlowServer(sites, https=False) as server:
        config = _config(tmp_path, server)
        proc = _crawl(python, cli_env, db, config)
        deadline = time.time() + 120
        while len(server.log) < 10 and time.time() < deadline and proc.poll() is None:
            time.sleep(0.02)
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=60) == 130
        served = len(server.log)
        time.sleep(1.0)
        assert len(server.log) - served <= 2  # the worker stopped with its parent (in flight at most)
    with Store(db) as store:
        assert store.scalar("SELECT status FROM runs WHERE command = 'crawl'") == "interrupted"
