"""The `source_files`, `source_records` and `rejects` tables (written by ingest)."""

from __future__ import annotations

from collections.abc import Iterator
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


def file_ids(db: Any) -> list[str]:
    """The ids of the imported source files, sorted."""
    return [r[0] for r in rows(db, "SELECT file_id FROM source_files ORDER BY file_id")]


def records_arrow(db: Any) -> Any:
    """Every source record of a finished import, as an Arrow table in file and row order.

    Rows of an import that never finished (no `source_files` row) are not records (sources/stage.py).
    """
    con = db.con if hasattr(db, "con") else db
    return con.sql(
        "SELECT * FROM source_records WHERE file_id IN (SELECT file_id FROM source_files) "
        "ORDER BY file_id, row_number"
    ).to_arrow_table()


FIRM_RECORD_COLUMNS = (
    "record_id",
    "kind",
    "path",
    "row_number",
    "run_id",
    "kvk_number",
    "name",
    "place",
    "postcode",
    "employees",
)


def records_carrying(db: Any, kvk: str) -> pd.DataFrame:
    """The source records that carry KvK number `kvk` (FIRM_RECORD_COLUMNS, values as objects)."""
    found = rows(
        db, f"SELECT {', '.join(FIRM_RECORD_COLUMNS)} FROM source_records WHERE kvk_number = ?", [kvk]
    )
    return pd.DataFrame(found, columns=list(FIRM_RECORD_COLUMNS), dtype=object)


_FINISHED = "SELECT * FROM source_records WHERE file_id IN (SELECT file_id FROM source_files)"


def finished_records_count(db: Any) -> int:
    """Records of finished imports (the ones `records_arrow` returns)."""
    return int(rows(db, f"SELECT count(*) FROM ({_FINISHED})")[0][0] or 0)


def records_view(db: Any, name: str) -> None:
    """A temporary view `name` over the records of finished imports, on this connection only, so that a
    stage can join them with its own tables in SQL (`DROP VIEW name` when done)."""
    con = db.con if hasattr(db, "con") else db
    con.execute(f"CREATE OR REPLACE TEMP VIEW {name} AS {_FINISHED}")


def records_batches(
    db: Any,
    columns: list[str] | tuple[str, ...],
    *,
    where: str = "",
    params: list | None = None,
    order_by: str = "file_id, row_number",
    batch_rows: int = 20_000,
) -> Iterator[Any]:
    """Records of finished imports as Arrow record batches of at most `batch_rows` rows, streamed.

    Read on a cursor of its own (a second connection to the same database): it sees the committed
    records, and the caller's connection stays free to write inside its transaction meanwhile.
    `where` and `order_by` are SQL over the record's columns (`params` for the `?` in `where`).
    """
    con = db.con if hasattr(db, "con") else db
    cursor = con.cursor()
    try:
        sql = f"SELECT {', '.join(columns)} FROM ({_FINISHED}) AS r"
        if where:
            sql += f" WHERE {where}"
        reader = cursor.sql(f"{sql} ORDER BY {order_by}", params=params).to_arrow_reader(batch_rows)
        yield from reader
    finally:
        cursor.close()
