"""The rejects report: every rejected row and dropped field, as CSV next to the store."""

from __future__ import annotations

from pathlib import Path

from ketenradar.report.safe import neutralise_frame
from ketenradar.store import Store


def rejects_report_path(store: Store) -> Path:
    return store.path.with_name(store.path.stem + "-rejects.csv")


def write_rejects_report(store: Store, path: Path | None = None) -> Path:
    """file,sheet,row,field,value,reason,severity for every reject in the store.

    People open it in a spreadsheet: rejected values are exactly the odd text that could be a formula,
    so every text cell is neutralised (report/safe.py), reversibly (one leading quote to drop).
    """
    path = path or rejects_report_path(store)
    frame = store.df(
        "SELECT path AS file, sheet, row_number AS row, field, value, reason, severity FROM rejects "
        "ORDER BY path, row_number, field"
    )
    neutralise_frame(frame, reversible=True).to_csv(path, index=False)
    return path
