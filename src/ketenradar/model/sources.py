"""The `source_files`, `source_records` and `rejects` tables (written by ingest)."""

from __future__ import annotations

from typing import Any

import pandas as pd

from ketenradar.model._db import frame, rows


def rejects_summary(db: Any) -> pd.DataFrame:
    """Rejected rows and fields grouped: kind, severity, field, reason, count, example (path:row)."""
    return frame(
        db,
        """
        SELECT kind, severity, field, reason, count(*) AS count,
               min(path || ':' || CAST(row_number AS VARCHAR)) AS example
        FROM rejects GROUP BY kind, severity, field, reason
        ORDER BY count DESC, kind, severity, field, reason
        """,
    )


def rejects_count(db: Any) -> int:
    return int(rows(db, "SELECT count(*) FROM rejects")[0][0] or 0)


def files(db: Any) -> pd.DataFrame:
    """The imported source files: path, kind, n_rows, n_records, n_rejects, imported_at."""
    return frame(
        db,
        "SELECT path, kind, n_rows, n_records, n_rejects, imported_at FROM source_files ORDER BY imported_at, path",
    )


def records_count(db: Any) -> int:
    return int(rows(db, "SELECT count(*) FROM source_records")[0][0] or 0)
