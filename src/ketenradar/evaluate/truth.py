"""The demo world's ground truth: read only by `ketenradar evaluate`, never by the pipeline."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import pandas as pd

from ketenradar.errors import InputError


@dataclass
class Evaluation:
    counts: dict[str, Any] = field(default_factory=dict)
    tables: dict[str, list[dict[str, Any]]] = field(default_factory=dict)


@dataclass
class GroundTruth:
    folder: Path

    @classmethod
    def load(cls, path: str | Path) -> GroundTruth:
        folder = Path(path)
        if (folder / "manifest.json").exists():  # the world folder itself was given
            manifest = json.loads((folder / "manifest.json").read_text())
            folder = folder / manifest.get("ground_truth", "ground_truth")
        if not (folder / "firms.jsonl").exists():
            raise InputError("no ground truth here (expected firms.jsonl)", path=str(folder))
        return cls(folder)

    @cached_property
    def firms(self) -> pd.DataFrame:
        # Identifiers stay strings: pandas would turn "01234567" into 1234567.
        ids = {"kvk_number": str, "site_owner_kvk": str, "vestigingsnummer": str, "sbi_main": str}
        return pd.read_json(self.folder / "firms.jsonl", lines=True, dtype=ids)

    @cached_property
    def records(self) -> pd.DataFrame:
        path = self.folder / "records.jsonl"
        if not path.exists():
            return pd.DataFrame(columns=["path", "sheet", "row_number", "kvk_number"])
        return pd.read_json(path, lines=True, dtype={"kvk_number": str})
