"""The review store: samples, verdicts (every one kept, with time and reviewer) and imported files.

Why SQLite and not a table in the DuckDB store: `serve` opens the DuckDB store read-only, and DuckDB
allows one writing process at a time, so a verdict given in the dashboard while `score` runs could not
be written there. SQLite in WAL mode lets one writer and many readers work at once, each write is a
short transaction, and the file lives next to the store (`<store>.review.sqlite`), so it is backed up
and moved with it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

import pandas as pd

from ketenradar.errors import StoreError

SCHEMA = """
CREATE TABLE IF NOT EXISTS samples (
    sample_id    TEXT PRIMARY KEY,
    created_at   TEXT NOT NULL,
    score_run_id TEXT NOT NULL,
    categories   TEXT NOT NULL,          -- comma separated, e.g. 'C,D'
    n_random     INTEGER NOT NULL,
    n_active     INTEGER NOT NULL,
    seed         INTEGER NOT NULL,
    lang         TEXT NOT NULL,
    path         TEXT                    -- the workbook written
);
-- One row per firm in a sample. `inclusion_prob` is the design probability of the random part
-- (n_h / N_h in its stratum); active firms are chosen, not drawn, and have none.
CREATE TABLE IF NOT EXISTS sample_firms (
    sample_id      TEXT NOT NULL,
    kvk_number     TEXT NOT NULL,
    category       TEXT,                 -- the category in the sampled score run
    stratum        TEXT,                 -- '<category>:<band>' for the random part
    band           TEXT,                 -- score band within the category: low | mid | high
    stratum_size   INTEGER,              -- N_h: firms of the stratum in the score run
    stratum_sample INTEGER,              -- n_h: firms drawn from it
    inclusion_prob REAL,
    active         INTEGER NOT NULL,     -- 1: active-learning batch, kept out of the estimate
    score          REAL,
    PRIMARY KEY (sample_id, kvk_number)
);
-- Every verdict ever given; the current one per firm and question is the latest.
CREATE TABLE IF NOT EXISTS verdicts (
    verdict_id  INTEGER PRIMARY KEY AUTOINCREMENT,
    kvk_number  TEXT NOT NULL,
    question    TEXT NOT NULL,           -- direct | prime
    answer      TEXT NOT NULL,           -- yes | no | unknown
    reviewer    TEXT NOT NULL,
    note        TEXT,
    sample_id   TEXT,
    source      TEXT NOT NULL,           -- 'dashboard' | the imported file's path
    file_sha256 TEXT,
    row_number  INTEGER,
    created_at  TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS verdicts_firm ON verdicts (kvk_number, question, verdict_id);
CREATE TABLE IF NOT EXISTS imports (
    file_sha256 TEXT PRIMARY KEY,
    path        TEXT NOT NULL,
    imported_at TEXT NOT NULL,
    n_rows      INTEGER NOT NULL,
    n_verdicts  INTEGER NOT NULL,
    n_rejects   INTEGER NOT NULL
);
-- Rows of imported workbooks that failed validation (older review stores: `rejects`, renamed on open).
CREATE TABLE IF NOT EXISTS import_rejects (
    file_sha256 TEXT NOT NULL,
    path        TEXT NOT NULL,
    row_number  INTEGER NOT NULL,
    field       TEXT,
    value       TEXT,
    reason      TEXT NOT NULL
);
"""

QUESTIONS = ("direct", "prime")
ANSWERS = ("yes", "no", "unknown")
CATEGORY_QUESTION = {"C": "direct", "D": "prime", "A": "direct", "B": "prime"}
"""The question whose answer says whether the firm's category is right."""


def _rename_old_tables(con: sqlite3.Connection) -> None:
    """A review store written before the rejected rows' table got its own name keeps its rows. (The
    old name was the DuckDB store's ingest table's, `rejects`; this file is a separate SQLite store.)"""
    old = "rejects"
    tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if old in tables and "import_rejects" not in tables:
        con.execute(f"ALTER TABLE {old} RENAME TO import_rejects")
        con.commit()


def review_store_path(store_path: str | Path) -> Path:
    """`ketenradar.duckdb` -> `ketenradar.review.sqlite` (same folder)."""
    path = Path(store_path)
    return path.with_name(path.stem + ".review.sqlite")


def now() -> str:
    return datetime.now().isoformat(timespec="seconds")


class ReviewStore:
    """Verdicts and samples. Opened per command or per request; cheap to open."""

    def __init__(self, path: str | Path, *, read_only: bool = False):
        self.path = Path(path)
        self.read_only = read_only
        if read_only and not self.path.exists():
            self.con = sqlite3.connect(":memory:")
            self.con.executescript(SCHEMA)
            return
        try:
            if read_only:
                self.con = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, timeout=10)
            else:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                self.con = sqlite3.connect(self.path, timeout=10, check_same_thread=False)
                self.con.execute("PRAGMA journal_mode=WAL")
                _rename_old_tables(self.con)
                self.con.executescript(SCHEMA)
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path}: not a readable review store: {exc}") from exc

    @classmethod
    def beside(cls, store_path: str | Path, *, read_only: bool = False) -> ReviewStore:
        return cls(review_store_path(store_path), read_only=read_only)

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """All-or-nothing, as the DuckDB store's transaction."""
        try:
            self.con.execute("BEGIN IMMEDIATE")
            yield self.con
        except BaseException:
            self.con.rollback()
            raise
        else:
            self.con.commit()

    def df(self, sql: str, params: tuple | list = ()) -> pd.DataFrame:
        return pd.read_sql_query(sql, self.con, params=list(params))

    def scalar(self, sql: str, params: tuple | list = ()) -> Any:
        row = self.con.execute(sql, list(params)).fetchone()
        return row[0] if row else None

    # -- verdicts -------------------------------------------------------------------------------------
    def add_verdict(
        self,
        kvk_number: str,
        question: str,
        answer: str,
        reviewer: str,
        *,
        note: str | None = None,
        sample_id: str | None = None,
        source: str = "dashboard",
        file_sha256: str | None = None,
        row_number: int | None = None,
        con: sqlite3.Connection | None = None,
    ) -> None:
        if question not in QUESTIONS or answer not in ANSWERS:
            raise ValueError(f"bad verdict {question}={answer}")
        sql = (
            "INSERT INTO verdicts (kvk_number, question, answer, reviewer, note, sample_id, source, "
            "file_sha256, row_number, created_at) VALUES (?,?,?,?,?,?,?,?,?,?)"
        )
        params = [kvk_number, question, answer, reviewer, note, sample_id, source, file_sha256, row_number]
        if con is not None:
            con.execute(sql, [*params, now()])
        else:
            with self.transaction() as c:
                c.execute(sql, [*params, now()])

    def current_verdicts(self) -> pd.DataFrame:
        """The latest verdict per firm and question."""
        return self.df(
            "SELECT v.* FROM verdicts v JOIN (SELECT kvk_number, question, max(verdict_id) AS last "
            "FROM verdicts GROUP BY kvk_number, question) m ON v.verdict_id = m.last "
            "ORDER BY v.kvk_number, v.question"
        )

    def history(self, kvk_number: str) -> pd.DataFrame:
        return self.df("SELECT * FROM verdicts WHERE kvk_number = ? ORDER BY verdict_id DESC", [kvk_number])

    # -- samples --------------------------------------------------------------------------------------
    def sample_firms(self, sample_id: str | None = None) -> pd.DataFrame:
        if sample_id:
            return self.df("SELECT * FROM sample_firms WHERE sample_id = ?", [sample_id])
        return self.df("SELECT * FROM sample_firms")

    def samples(self) -> pd.DataFrame:
        # created_at is to the second; rowid (insertion order) breaks ties between samples drawn in
        # the same second, where the id's random suffix would pick one at random.
        return self.df("SELECT * FROM samples ORDER BY created_at DESC, rowid DESC")

    def latest_sample(self) -> str | None:
        return self.scalar("SELECT sample_id FROM samples ORDER BY created_at DESC, rowid DESC LIMIT 1")

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> ReviewStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
