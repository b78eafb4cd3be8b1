"""Test helper: firms of a generated demo world straight into a store (without the ingest stage)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

FIRM_COLUMNS = [
    "kvk_number", "name", "trade_names", "postcode", "place", "province", "website", "domain", "phone",
    "employees", "sbi_main", "sbi_codes",
]  # fmt: skip


def firms_from_truth(world: str | Path) -> pd.DataFrame:
    truth = pd.read_json(Path(world) / "ground_truth" / "firms.jsonl", lines=True, dtype={"kvk_number": str})
    frame = truth[[c for c in FIRM_COLUMNS if c in truth.columns]].copy()
    frame = frame.astype(object).where(frame.notna(), None)
    return frame


def insert_world_firms(store: Any, world: str | Path, run_id: str = "test") -> int:
    frame = firms_from_truth(world)
    frame["run_id"] = run_id
    with store.transaction():
        store.insert_df("firms", frame)
    return len(frame)
