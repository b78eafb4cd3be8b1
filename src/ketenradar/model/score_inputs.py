"""What the scorer reads from other stages' tables: firms with their registry fields (resolve), the
indicator ids a firm states (indicators), firm vectors (embed) and labels (resolve, review)."""

from __future__ import annotations

from typing import Any

import pandas as pd

from ketenradar.model._db import frame, rows


def firms_with_registry(db: Any) -> pd.DataFrame:
    """kvk_number, name, size_class, sbi_division of every firm (the profile's values where present)."""
    return frame(
        db,
        """
        SELECT f.kvk_number, f.name, coalesce(p.size_class, f.size_class) AS size_class,
               coalesce(p.sbi_division, substr(f.sbi_main, 1, 2)) AS sbi_division
        FROM firms f LEFT JOIN firm_profile p USING (kvk_number)
        ORDER BY f.kvk_number
        """,
    )


def vectors(db: Any, model: str) -> pd.DataFrame:
    """kvk_number, vector of every firm embedded with `model`."""
    return frame(db, "SELECT kvk_number, vector FROM firm_vectors WHERE model = ?", [model])


def indicator_ids(db: Any) -> pd.DataFrame:
    """kvk_number, indicator_id: the ids in a firm's profile, or its website hits where it has none."""
    return frame(
        db,
        """
        SELECT kvk_number, unnest(indicators) AS indicator_id FROM firm_profile
        UNION
        SELECT DISTINCT kvk_number, indicator_id FROM indicator_hits
        WHERE source = 'website' AND kvk_number NOT IN (SELECT kvk_number FROM firm_profile)
        """,
    )


def site_firms(db: Any) -> set[str]:
    """Firms with at least one website indicator: a readable site (a parked, JavaScript-only or
    unreachable one states none)."""
    found = rows(
        db,
        "SELECT DISTINCT kvk_number FROM (SELECT kvk_number, unnest(indicators) AS i FROM firm_profile "
        "UNION ALL SELECT kvk_number, indicator_id FROM indicator_hits WHERE source = 'website') "
        "WHERE NOT starts_with(i, 'registry.')",
    )
    return {r[0] for r in found}


def labels(db: Any) -> pd.DataFrame:
    """kvk_number, label: every distinct label (A, B, association, negative)."""
    return frame(db, "SELECT DISTINCT kvk_number, label FROM labels")


def website_evidence(db: Any) -> pd.DataFrame:
    """kvk_number, indicator_id, sentence, url of every website hit, in a stable order."""
    return frame(
        db,
        "SELECT kvk_number, indicator_id, sentence, url FROM indicator_hits WHERE source = 'website' "
        "ORDER BY kvk_number, indicator_id, url, sentence",
    )
