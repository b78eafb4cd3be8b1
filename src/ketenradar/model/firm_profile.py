"""The `firm_profile` and `indicator_hits` tables (written by the indicators stage), and the firm
documents they are read from (`documents`, written by extract)."""

from __future__ import annotations

from typing import Any

import pandas as pd

from ketenradar.model._db import frame, rows


def read(
    db: Any, columns: tuple[str, ...] = ("kvk_number", "indicators"), kvk: str | None = None
) -> pd.DataFrame:
    """Profiles (all firms, or one): `indicators` is the list of indicator ids the firm states."""
    sql = f"SELECT {', '.join(columns)} FROM firm_profile"
    return frame(db, sql + " WHERE kvk_number = ?", [kvk]) if kvk is not None else frame(db, sql)


def hits(db: Any, *, source: str | None = None) -> pd.DataFrame:
    """kvk_number, indicator_id, term, sentence, url, source and weight of every hit (from `source`:
    website | registry | self_declared). Website and registry hits weigh 1."""
    sql = (
        "SELECT kvk_number, indicator_id, term, sentence, url, source, coalesce(weight, 1.0) AS weight "
        "FROM indicator_hits"
    )
    params: list = []
    if source is not None:
        sql += " WHERE source = ?"
        params.append(source)
    return frame(db, sql + " ORDER BY kvk_number, indicator_id, url", params)


def documents(db: Any, max_chars: int) -> pd.DataFrame:
    """kvk_number, text: the start of every firm's document."""
    return frame(db, "SELECT kvk_number, substr(text, 1, ?) AS text FROM documents", [max_chars])


def website_evidence(db: Any, kvks: list[str], per_firm: int) -> pd.DataFrame:
    """kvk_number, indicator_id, sentence, url: up to `per_firm` website sentences per firm."""
    return frame(
        db,
        """
        SELECT kvk_number, indicator_id, sentence, url FROM (
            SELECT kvk_number, indicator_id, sentence, url,
                   row_number() OVER (PARTITION BY kvk_number ORDER BY indicator_id, url, sentence) AS n
            FROM (SELECT DISTINCT kvk_number, indicator_id, sentence, url FROM indicator_hits
                  WHERE source = 'website' AND sentence IS NOT NULL
                    AND kvk_number IN (SELECT unnest(?::VARCHAR[])))
        ) WHERE n <= ? ORDER BY kvk_number, n
        """,
        [sorted(set(kvks)), per_firm],
    )


def with_document_count(db: Any) -> int:
    return int(rows(db, "SELECT count(*) FROM firm_profile WHERE has_document")[0][0] or 0)


def with_website_hits_count(db: Any) -> int:
    found = rows(db, "SELECT count(DISTINCT kvk_number) FROM indicator_hits WHERE source = 'website'")
    return int(found[0][0] or 0)


def count(db: Any) -> int:
    """Firms with a profile."""
    return int(rows(db, "SELECT count(*) FROM firm_profile")[0][0] or 0)


def website_hits_count(db: Any) -> int:
    """Indicator hits found on websites."""
    return int(rows(db, "SELECT count(*) FROM indicator_hits WHERE source = 'website'")[0][0] or 0)


def website_indicators(db: Any) -> list[tuple[str, str]]:
    """(kvk_number, indicator_id) of every indicator found on a firm's website (each pair once)."""
    return rows(db, "SELECT DISTINCT kvk_number, indicator_id FROM indicator_hits WHERE source = 'website'")


def self_declared(db: Any) -> pd.DataFrame:
    """kvk_number, indicator_id, weight, reason, sentence, url of the hits firms declared in the portal
    (source `self_declared`, written by the indicators stage from `ketenradar.model.portal`)."""
    return frame(
        db,
        "SELECT kvk_number, indicator_id, coalesce(weight, 1.0) AS weight, reason, sentence, url "
        "FROM indicator_hits WHERE source = 'self_declared' ORDER BY kvk_number, indicator_id, weight DESC",
    )
