"""The `runs` table (written by the store for every command): the run history."""

from __future__ import annotations

import json
from typing import Any

import pandas as pd

from ketenradar.model._db import frame


def recent(db: Any, limit: int = 20) -> pd.DataFrame:
    """The newest runs first: run_id, command, status, started_at, ended_at, counts, message."""
    return frame(
        db,
        "SELECT run_id, command, status, started_at, ended_at, counts, message "
        "FROM runs ORDER BY started_at DESC, run_id DESC LIMIT ?",
        [limit],
    )


def record(db: Any, run_id: str) -> dict[str, Any] | None:
    """One run's record, with config, versions and counts parsed from JSON (None if unknown)."""
    found = frame(db, "SELECT * FROM runs WHERE run_id = ?", [run_id])
    if found.empty:
        return None
    out = found.iloc[0].to_dict()
    for key in ("config", "versions", "counts"):
        value = out.get(key)
        try:
            out[key] = json.loads(value) if isinstance(value, str) else (value or {})
        except ValueError:
            out[key] = {}
        out[key] = out[key] or {}
    return out
