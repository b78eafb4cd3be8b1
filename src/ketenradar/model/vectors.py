"""The `firm_vectors` table (written by embed)."""

from __future__ import annotations

from typing import Any

from ketenradar.model._db import rows


def models(db: Any) -> list[str]:
    """The embedding models the store has firm vectors of."""
    return [r[0] for r in rows(db, "SELECT DISTINCT model FROM firm_vectors ORDER BY 1")]


def read_arrow(db: Any, model: str) -> Any:
    """kvk_number, vector of every firm embedded with `model`, as an Arrow table."""
    con = db.con if hasattr(db, "con") else db
    return con.sql(
        "SELECT kvk_number, vector FROM firm_vectors WHERE model = ?", params=[model]
    ).to_arrow_table()
