"""Readers take a `Store` (or any object with its `fetchall`/`df`) or a DuckDB connection/cursor (the
dashboard reads through cursors, one per request thread)."""

from __future__ import annotations

from typing import Any

import duckdb
import pandas as pd


def rows(db: Any, sql: str, params: list | None = None) -> list[tuple]:
    if isinstance(db, duckdb.DuckDBPyConnection):
        return db.execute(sql, params or []).fetchall()
    return db.fetchall(sql, params or [])


def frame(db: Any, sql: str, params: list | None = None) -> pd.DataFrame:
    if isinstance(db, duckdb.DuckDBPyConnection):
        return db.execute(sql, params or []).df()
    return db.df(sql, params or [])


def records(db: Any, sql: str, params: list | None = None) -> list[dict[str, Any]]:
    """The rows as dicts of plain values, None for NULL."""
    found = frame(db, sql, params)
    return found.astype(object).where(found.notna(), None).to_dict("records")
