"""Readers take a `Store` or a DuckDB connection/cursor (the dashboard reads through cursors)."""

from __future__ import annotations

from typing import Any

import pandas as pd


def rows(db: Any, sql: str, params: list | None = None) -> list[tuple]:
    if hasattr(db, "fetchall") and hasattr(db, "con"):  # a Store
        return db.fetchall(sql, params or [])
    return db.execute(sql, params or []).fetchall()


def frame(db: Any, sql: str, params: list | None = None) -> pd.DataFrame:
    if hasattr(db, "df") and hasattr(db, "con"):  # a Store
        return db.df(sql, params or [])
    return db.execute(sql, params or []).df()
