"""Conflicting registry data and odd KvK numbers (issue 19, defect 5)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

import sourcefiles as sf
from ketenradar.config import Config
from ketenradar.resolve import stage as resolve
from ketenradar.resolve.conflicts import firm_conflicts
from ketenradar.resolve.overrides import read_overrides
from ketenradar.sources import stage as ingest
from ketenradar.sources.validate import kvk_number
from ketenradar.stage import StageContext
from ketenradar.store import Store

KVK, NAME = sf.REGISTRY[0][0], sf.REGISTRY[0][1]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("１２３４５６７８", "12345678"), ("KvK ０１２３ ４５６７", "01234567"), ("12345678", "12345678")],
)
def test_full_width_digits_are_folded(raw: str, expected: str) -> None:
    assert kvk_number(raw)[0] == expected


@pytest.mark.parametrize("raw", ["00000000", "０００００００００", "0000", "١٢٣٤٥٦٧٨", "१२३४५६७८"])
def test_placeholder_and_foreign_digits_are_refused(raw: str) -> None:
    value, problem = kvk_number(raw)
    assert value is None and problem


def _run(store: Store, files: list[Path]) -> dict:
    with store.run("ingest") as run:
        ingest.run(store, Config(), StageContext(run.run_id, quiet=True), files=[str(p) for p in files])
    with store.run("resolve") as run:
        result = resolve.run(store, Config(), StageContext(run.run_id, quiet=True))
    return result


def test_conflicting_records_are_reported_by_source_priority(tmp_path: Path, store_path: Path) -> None:
    registry = sf.write_kvk_jsonl(tmp_path / "kvk.jsonl", rows=sf.REGISTRY[:1])
    members = sf.write_csv(
        tmp_path / "leden.csv",
        ["Bedrijfsnaam", "KvK nr", "Plaats", "Aantal medewerkers"],
        [
            ["Staalbouw Oost", KVK, "Zwolle", "480"],
            ["Jansen Metaalbewerking BV", "".join(chr(ord(c) + 0xFEE0) for c in KVK), "Utrecht", "3"],
            ["Nul Placeholder", "00000000", "Ede", "5"],
        ],
    )
    with Store(store_path) as store:
        result = _run(store, [registry, members])
        firms = store.df("SELECT kvk_number, name, place FROM firms")
        review_path = store.path.with_name(store.path.stem + "-review.csv")
        conflicts = firm_conflicts(store.con, KVK)
        kvks = set(store.df("SELECT kvk_number FROM source_records")["kvk_number"].dropna())
        rejects = store.df("SELECT value, reason FROM rejects")
    # The full-width number is the same firm; the placeholder is no firm at all.
    assert list(firms["kvk_number"]) == [KVK]
    assert "00000000" not in kvks
    assert rejects["reason"].str.contains("all zeros").any()
    # The KvK extract wins; the member rows that disagree are conflicts, not silently merged.
    assert firms.iloc[0]["name"] == NAME
    assert result.counts["firms_with_conflicts"] == 1
    assert any("disagree" in m for m in result.messages)
    by_field = {(c["field"], c["value"]) for c in conflicts}
    assert ("name", "Staalbouw Oost") in by_field
    assert ("place", "Zwolle") in by_field and ("place", "Utrecht") in by_field
    assert ("employees", "480") in by_field
    # "Jansen Metaalbewerking BV" is the registry's name written differently: no conflict.
    assert ("name", "Jansen Metaalbewerking BV") not in by_field
    assert all(c["chosen_kind"] == "kvk_json" for c in conflicts)

    with review_path.open(encoding="utf-8", newline="") as fh:
        review = list(csv.DictReader(fh))
    conflict_rows = [r for r in review if r["status"] == "conflict"]
    assert {r["name"] for r in conflict_rows} == {"Staalbouw Oost", "Jansen Metaalbewerking BV"}
    assert all(r["kvk_number"] == KVK for r in conflict_rows)
    # Passed back unchanged, conflict rows decide nothing; a reviewer's "no match" unlinks the record.
    assert read_overrides(review_path)["record_id"].isin([r["record_id"] for r in conflict_rows]).sum() == 0
    conflict_rows[0]["kvk_number"] = "no match"
    edited = tmp_path / "edited.csv"
    with edited.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(review[0]))
        writer.writeheader()
        writer.writerows(conflict_rows)
    frame = read_overrides(edited)
    assert list(frame["record_id"]) == [conflict_rows[0]["record_id"]]
    assert frame.iloc[0]["kvk_number"] is None
