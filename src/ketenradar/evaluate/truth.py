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
        firms = pd.read_json(self.folder / "firms.jsonl", lines=True, dtype=ids)
        # A site no source lists is still the firm's: once discovered and crawled, its pages state
        # these capabilities (firms.jsonl describes the listed site only, and stays as it was).
        new = self.unlisted_sites
        if len(new) and "new_site" in new.columns and "capabilities" in firms.columns:
            fresh = new[new["new_site"].astype(bool)]
            caps = dict(zip(fresh["kvk_number"], fresh["capabilities"], strict=True))
            firms["capabilities"] = [
                caps.get(k, c) for k, c in zip(firms["kvk_number"], firms["capabilities"], strict=True)
            ]
        return firms

    @cached_property
    def unlisted_sites(self) -> pd.DataFrame:
        """Sites that exist but no source lists (demo world 2.1+): kvk_number, domain, website,
        new_site, on_name (a form of the name gives the domain), capabilities."""
        return self._jsonl("unlisted_sites.jsonl", ["kvk_number", "domain", "website", "new_site", "on_name"])

    @cached_property
    def decoys(self) -> pd.DataFrame:
        """Sites that carry an unlisted firm's name but are not its own: decoy (same_name | parked |
        directory), domain, of_kvk_number, kvk_number (the other firm's, for same_name)."""
        return self._jsonl("decoys.jsonl", ["decoy", "domain", "of_kvk_number", "kvk_number"])

    def _jsonl(self, name: str, columns: list[str]) -> pd.DataFrame:
        path = self.folder / name
        if not path.exists() or not path.read_text(encoding="utf-8").strip():
            return pd.DataFrame(columns=columns)
        return pd.read_json(path, lines=True, dtype={"kvk_number": str, "of_kvk_number": str})

    @cached_property
    def records(self) -> pd.DataFrame:
        path = self.folder / "records.jsonl"
        if not path.exists():
            return pd.DataFrame(columns=["path", "sheet", "row_number", "kvk_number"])
        return pd.read_json(path, lines=True, dtype={"kvk_number": str})
