"""A throwaway PostgreSQL server on loopback for the portal tests, and portal fixtures for both stores.

The server comes from Debian's `postgresql` package (installed by `make test` as root). It runs from a
temp dir on a free 127.0.0.1 port, as the `postgres` user when the tests run as root (PostgreSQL refuses
to run as root). Without the package the PostgreSQL tests are skipped, except in CI (CI=true): there a
missing server fails, so the suite cannot go green on SQLite alone.
"""

from __future__ import annotations

import datetime as dt
import glob
import os
import pwd
import secrets
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ketenradar.portal import Portal, PortalStore, Principal

F1, F2, F3 = "10000001", "10000002", "10000003"
PASSWORD = "correct horse battery"
TOMORROW = (dt.date.today() + dt.timedelta(days=30)).isoformat()


def _bin_dir() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    return Path(found[-1]).parent if found else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _unavailable(reason: str) -> None:
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(f"PostgreSQL is required in CI: {reason}")
    pytest.skip(f"PostgreSQL tests skipped: {reason} (run `make test` as root to install it)")


class PostgresServer:
    def __init__(self) -> None:
        bindir = _bin_dir()
        if bindir is None:
            _unavailable("no /usr/lib/postgresql/*/bin/initdb (Debian package `postgresql`)")
        assert bindir is not None
        self.bindir = bindir
        self.dir = Path(tempfile.mkdtemp(prefix="ketenradar-pg-"))
        self.port = _free_port()
        self.password = secrets.token_urlsafe(16)
        self.prefix: list[str] = []
        if os.geteuid() == 0:
            try:
                pw = pwd.getpwnam("postgres")
            except KeyError:
                _unavailable("running as root and there is no `postgres` user to run the server as")
            os.chown(self.dir, pw.pw_uid, pw.pw_gid)
            self.prefix = ["runuser", "-u", "postgres", "--"]
        pwfile = self.dir / "pw"
        pwfile.write_text(self.password)
        if os.geteuid() == 0:
            os.chown(pwfile, pw.pw_uid, pw.pw_gid)
        pwfile.chmod(0o600)
        data = self.dir / "data"
        self._run(
            str(bindir / "initdb"),
            "-D",
            str(data),
            "-U",
            "ketenradar",
            "--auth=scram-sha-256",
            f"--pwfile={pwfile}",
            "--no-sync",
            "-E",
            "UTF8",
        )
        opts = (
            f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.dir} "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=100"
        )
        self._run(
            str(bindir / "pg_ctl"), "-D", str(data), "-o", opts, "-l", str(self.dir / "log"), "-w", "start"
        )
        self.data = data

    def _run(self, *args: str) -> None:
        proc = subprocess.run([*self.prefix, *args], capture_output=True, text=True, timeout=120)
        if proc.returncode != 0:
            log = self.dir / "log"
            tail = log.read_text()[-2000:] if log.exists() else ""
            raise RuntimeError(f"{args[0]} failed: {proc.stderr or proc.stdout}\n{tail}")

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://ketenradar:{self.password}@127.0.0.1:{self.port}/{database}"

    def new_database(self) -> str:
        import psycopg

        name = "t_" + secrets.token_hex(6)
        dsn = f"host=127.0.0.1 port={self.port} user=ketenradar password={self.password} dbname=postgres"
        with psycopg.connect(dsn, autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {name}")
        return self.url(name)

    def stop(self) -> None:
        try:
            self._run(str(self.bindir / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop")
        finally:
            shutil.rmtree(self.dir, ignore_errors=True)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    server = PostgresServer()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def portal_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, empty portal store URL: SQLite in tmp_path, or a new database on the throwaway server."""
    if request.param == "sqlite":
        return "sqlite:///" + str(tmp_path / "portal.sqlite")
    server: PostgresServer = request.getfixturevalue("postgres_server")
    return server.new_database()


@pytest.fixture
def cheap_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    """argon2id with minimal cost, so that tests that create dozens of accounts stay fast."""
    from argon2 import PasswordHasher

    import ketenradar.portal.service as service

    cheap = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    monkeypatch.setattr(service, "_hasher", cheap)
    monkeypatch.setattr(service, "_DUMMY_HASH", cheap.hash("dummy password"))


@pytest.fixture
def portal(portal_url: str, cheap_hashes: None) -> Iterator[Portal]:
    store = PortalStore(portal_url)
    try:
        yield Portal(store)
    finally:
        store.close()


@pytest.fixture(scope="session")
def small_index(tmp_path_factory: pytest.TempPathFactory):
    """A 12-firm analytic store's firm index (KvK 10000000-10000011) for the portal's matcher."""
    from ketenradar.match.index import FirmIndex
    from ketenradar.store import Store
    from review_support import HashEmbedder
    from web_store import make_store

    path = make_store(tmp_path_factory.mktemp("idx") / "k.duckdb", 12, HashEmbedder(), xss_firm=False)
    with Store(path, read_only=True) as store:
        return FirmIndex.from_store(store.con)


def _account(p: Portal, analyst: Principal, name: str, role: str, kvk: str | None = None) -> Principal:
    account, token = p.create_account(analyst, name, role, kvk_number=kvk)
    p.accept_invitation(token, PASSWORD)
    return Principal(account["id"], name, role, kvk)


def _setup_world(portal: Portal) -> dict[str, Any]:
    portal.bootstrap_analyst("analyst", PASSWORD)
    ana = portal.authenticate("analyst", PASSWORD)
    assert ana is not None
    buyer = _account(portal, ana, "buyer", "buyer")
    _account(portal, ana, "other_buyer", "buyer")
    firm = _account(portal, ana, "firm", "firm", F1)
    _account(portal, ana, "other_firm", "firm", F2)
    portal.update_profile(firm, F1, {"defence_opt_in": True})
    d1 = portal.post_demand(
        buyer, {"title": "D1", "text": "open", "deadline": dt.date.today(), "visibility": "open"}
    )
    d2 = portal.post_demand(
        buyer, {"title": "D2", "text": "invited only", "deadline": dt.date.today(), "visibility": "invited"}
    )
    portal.put_forward(ana, d1["id"], F2)
    portal.respond(firm, d1["id"], "interested", "we can")
    for role in ("analyst", "firm"):
        portal.add_capability(firm if role == "firm" else ana, F1, f"cap-{role}")
    cert = portal.add_certificate(
        firm, F1, {"standard": "EN 1090", "number": "7", "issuer": "x", "expires_on": dt.date(2099, 1, 1)}
    )
    return {"d1": d1["id"], "d2": d2["id"], "cert": cert["id"]}
