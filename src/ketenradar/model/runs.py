"""The `runs` table (written by the store for every command): the run history."""

from __future__ import annotations

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
