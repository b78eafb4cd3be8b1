"""The `firms`, `links` and `labels` tables (written by resolve) and what a firm page shows of the
sources behind a firm (`source_records`, written by ingest) and of its site (`sites`, by crawl)."""

from __future__ import annotations

from typing import Any

import pandas as pd

from ketenradar.model._db import frame

COLUMNS = (
    "kvk_number",
    "name",
    "trade_names",
    "street",
    "house_number",
    "postcode",
    "place",
    "province",
    "country",
    "website",
    "domain",
    "phone",
    "employees",
    "size_class",
    "turnover_class",
    "sbi_main",
    "sbi_codes",
    "founded",
    "description",
    "is_member",
    "latitude",
    "longitude",
)
"""The registry columns every reader of a firm gets (in this order)."""


def read(db: Any, columns: tuple[str, ...] = COLUMNS) -> pd.DataFrame:
    """Every firm, ordered by KvK number; a column the store lacks comes back as NULL."""
    present = set(
        frame(db, "SELECT column_name FROM information_schema.columns WHERE table_name = 'firms'")[
            "column_name"
        ]
    )
    unknown = set(columns) - set(COLUMNS)
    if unknown:
        raise ValueError(f"not columns of firms: {sorted(unknown)}")
    cols = ", ".join(c if c in present else f"NULL AS {c}" for c in columns)
    return frame(db, f"SELECT {cols} FROM firms ORDER BY kvk_number")


def reference_labels(db: Any) -> pd.DataFrame:
    """kvk_number, label of every firm labelled A or B (the reference firms)."""
    return frame(db, "SELECT kvk_number, label FROM labels WHERE label IN ('A', 'B')")


def labels_of(db: Any, kvk: str) -> pd.DataFrame:
    return frame(
        db, "SELECT label, source, strength, evidence, record_id FROM labels WHERE kvk_number = ?", [kvk]
    )


def sources_of(db: Any, kvk: str) -> pd.DataFrame:
    """The source records linked to a firm, with how they were linked."""
    return frame(
        db,
        "SELECT sr.record_id, sr.kind, sr.path, sr.sheet, sr.row_number, sr.name, sr.place, sr.buyer_name, "
        "sr.title, sr.oem_name, sr.award_date, l.method, l.status, l.probability "
        "FROM links l JOIN source_records sr USING (record_id) WHERE l.kvk_number = ? "
        "ORDER BY sr.path, sr.row_number",
        [kvk],
    )


def site_of(db: Any, kvk: str) -> pd.DataFrame:
    return frame(
        db, "SELECT status, final_url, n_pages, ownership_confidence FROM sites WHERE kvk_number = ?", [kvk]
    )
