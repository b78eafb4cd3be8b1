"""`discovered_sites` (written by `ketenradar discover`): every candidate website judged for a firm,
its verdict, confidence and evidence, and which one was chosen."""

from __future__ import annotations

from typing import Any

import pandas as pd

from ketenradar.model._db import frame, rows


def verdicts(db: Any) -> pd.DataFrame:
    """Every judged candidate: kvk_number, domain, source, url, fetch_status, decision, chosen,
    confidence, evidence, checked_at, run_id."""
    return frame(
        db,
        "SELECT kvk_number, domain, source, url, fetch_status, decision, chosen, confidence, evidence, "
        "checked_at, run_id FROM discovered_sites ORDER BY kvk_number, domain",
    )


def chosen(db: Any) -> dict[str, str]:
    """kvk_number -> the domain discovery chose as the firm's website."""
    return {k: d for k, d in rows(db, "SELECT kvk_number, domain FROM discovered_sites WHERE chosen")}
