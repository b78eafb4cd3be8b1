"""The `evaluations` table (written by evaluate): figures per stage, one row per evaluate run."""

from __future__ import annotations

from typing import Any

import pandas as pd

from ketenradar.model._db import frame


def latest(db: Any) -> pd.DataFrame:
    """stage, figures (JSON text) of the newest evaluation of each stage."""
    return frame(
        db,
        "SELECT stage, CAST(figures AS VARCHAR) AS figures FROM ("
        "  SELECT *, row_number() OVER (PARTITION BY stage ORDER BY created_at DESC, run_id DESC) AS n"
        "  FROM evaluations) WHERE n = 1 ORDER BY stage",
    )
