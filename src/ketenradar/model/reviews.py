"""What the analyst review (`ketenradar.review`, `web/review.py`) reads of other stages' tables: the
firms a reviewer is shown, and the score run a review sample is drawn from.

Verdicts themselves live in the review store (`review/store.py`, SQLite beside the DuckDB store), which
the review package owns; nothing here reads it.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from ketenradar.model._db import frame, rows

SCORE_COLUMNS = ("kvk_number", "category", "a_score", "b_score", "method", "reasons")


def kvk_numbers(db: Any) -> set[str]:
    """Every firm's KvK number (to check the firms of an imported workbook)."""
    return {r[0] for r in rows(db, "SELECT kvk_number FROM firms")}


def firm_exists(db: Any, kvk: str) -> bool:
    return bool(rows(db, "SELECT count(*) FROM firms WHERE kvk_number = ?", [kvk])[0][0])


def firm_cards(db: Any, kvks: list[str]) -> pd.DataFrame:
    """kvk_number, name, place, website of the given firms."""
    return frame(
        db,
        "SELECT kvk_number, name, place, website FROM firms WHERE kvk_number IN (SELECT unnest(?::VARCHAR[]))",
        [sorted(set(kvks))],
    )


def run_scores(db: Any, run_id: str | None, kvks: list[str] | None = None) -> pd.DataFrame:
    """kvk_number, category, a_score, b_score, method, reasons of a score run (all firms, or the given
    ones), ordered by KvK number."""
    sql = f"SELECT {', '.join(SCORE_COLUMNS)} FROM scores WHERE run_id = ?"
    params: list = [run_id]
    if kvks is not None:
        sql += " AND kvk_number IN (SELECT unnest(?::VARCHAR[]))"
        params.append(sorted(set(kvks)))
    return frame(db, sql + " ORDER BY kvk_number", params)


def deciding_method(db: Any, run_id: str) -> str | None:
    """The scoring method that decided the categories of a run."""
    found = rows(db, "SELECT any_value(method) FROM scores WHERE run_id = ?", [run_id])
    return found[0][0] if found else None


def run_thresholds(db: Any, run_id: str, method: str | None) -> pd.DataFrame:
    """Every column of the thresholds of a run's method (target A: C, B: D)."""
    return frame(db, "SELECT * FROM thresholds WHERE run_id = ? AND method = ?", [run_id, method])
