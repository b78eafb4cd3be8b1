"""The portal store: an SQLAlchemy engine on SQLite (WAL, the embedded default) or PostgreSQL (by URL)."""

from __future__ import annotations

from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from ketenradar.errors import InputError
from ketenradar.portal.models import Base

SQLITE_BUSY_MS = 30_000
_WRITE = "ketenradar_portal_write"


def default_url(store_path: str | Path) -> str:
    """SQLite beside the DuckDB store: `<store stem>-portal.sqlite`."""
    p = Path(store_path)
    return "sqlite:///" + str(p.with_name(p.stem + "-portal.sqlite").resolve())


def _sqlite_setup(engine: Engine) -> None:
    # pysqlite's own transaction handling starts transactions late and cannot take the write lock up
    # front, so two writers can deadlock on a lock upgrade. We begin ourselves with BEGIN IMMEDIATE:
    # writers queue on the busy timeout instead of failing with "database is locked".
    @event.listens_for(engine, "connect")
    def on_connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_MS}")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.close()

    @event.listens_for(engine, "begin")
    def on_begin(conn: Any) -> None:
        # Only write transactions take the lock up front; readers see the last commit and never wait.
        conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get(_WRITE) else "BEGIN")


class PortalStore:
    """Engine + session factory; `session()` is one transaction (commit on success, rollback on error)."""

    def __init__(self, url: str) -> None:
        self.url = url
        try:
            if url.startswith("sqlite"):
                self.engine = create_engine(
                    url, connect_args={"timeout": SQLITE_BUSY_MS / 1000, "check_same_thread": False}
                )
                _sqlite_setup(self.engine)
            elif url.startswith("postgresql"):
                self.engine = create_engine(url, pool_size=10, max_overflow=20, pool_pre_ping=True)
            else:
                raise InputError("the portal store is SQLite or PostgreSQL", field="portal.url")
        except ImportError as exc:
            raise InputError(f"cannot open the portal store: {exc}", field="portal.url") from exc
        Base.metadata.create_all(self.engine)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._writes = sessionmaker(self.engine.execution_options(**{_WRITE: True}), expire_on_commit=False)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def session(self) -> Session:
        """A session for reading: `with store.session() as s: ...`"""
        return self._sessions()

    def transaction(self) -> AbstractContextManager[Session]:
        """One transaction: `with store.transaction() as s: ...` commits on success, rolls back on error."""
        return self._writes.begin()

    def close(self) -> None:
        self.engine.dispose()
