"""The `documents` table (written by extract): one text per firm, built from its site's pages."""

from __future__ import annotations

from typing import Any

import pandas as pd

from ketenradar.model._db import frame, rows


def hashes(db: Any) -> pd.DataFrame:
    """kvk_number, sha256 of every document."""
    return frame(db, "SELECT kvk_number, sha256 FROM documents")


def texts(db: Any, kvks: list[str]) -> pd.DataFrame:
    """kvk_number, text, sections of the documents of `kvks`."""
    return frame(
        db, "SELECT kvk_number, text, sections FROM documents WHERE list_contains(?, kvk_number)", [kvks]
    )


def with_descriptions(db: Any) -> pd.DataFrame:
    """kvk_number, description (KvK), document of every firm with a document or a description."""
    return frame(
        db,
        """
        SELECT coalesce(d.kvk_number, f.kvk_number) AS kvk_number, f.description, d.text AS document
        FROM documents d FULL OUTER JOIN firms f ON f.kvk_number = d.kvk_number
        WHERE d.kvk_number IS NOT NULL OR coalesce(trim(f.description), '') <> ''
        ORDER BY 1
        """,
    )


def of_usable_sites(db: Any) -> set[str]:
    """Firms with a document whose site is not flagged as unusable."""
    return {
        r[0]
        for r in rows(
            db,
            "SELECT kvk_number FROM documents WHERE kvk_number NOT IN "
            "(SELECT kvk_number FROM sites WHERE usable = false)",
        )
    }
