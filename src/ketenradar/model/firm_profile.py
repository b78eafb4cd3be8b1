"""The `firm_profile` and `indicator_hits` tables (written by the indicators stage), and the firm
documents they are read from (`documents`, written by extract)."""

from __future__ import annotations

from typing import Any

import pandas as pd

from ketenradar.model._db import frame


def read(
    db: Any, columns: tuple[str, ...] = ("kvk_number", "indicators"), kvk: str | None = None
) -> pd.DataFrame:
    """Profiles (all firms, or one): `indicators` is the list of indicator ids the firm states."""
    sql = f"SELECT {', '.join(columns)} FROM firm_profile"
    return frame(db, sql + " WHERE kvk_number = ?", [kvk]) if kvk is not None else frame(db, sql)


def hits(db: Any, *, source: str | None = None) -> pd.DataFrame:
    """kvk_number, indicator_id, term, sentence, url of every hit (from `source`: website | registry)."""
    sql = "SELECT kvk_number, indicator_id, term, sentence, url FROM indicator_hits"
    params: list = []
    if source is not None:
        sql += " WHERE source = ?"
        params.append(source)
    return frame(db, sql + " ORDER BY kvk_number, indicator_id, url", params)


def documents(db: Any, max_chars: int) -> pd.DataFrame:
    """kvk_number, text: the start of every firm's document."""
    return frame(db, "SELECT kvk_number, substr(text, 1, ?) AS text FROM documents", [max_chars])
