"""Ingest reads files in chunks: the result must not depend on the chunk size, and a file that fails in
a later chunk must leave nothing behind."""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
import pytest

from ketenradar.config import Config
from ketenradar.errors import InputError
from ketenradar.sources import stage as ingest
from ketenradar.stage import StageContext
from ketenradar.store import Store

HEADERS = ["Bedrijfsnaam", "KvK-nummer", "Straat", "Postcode", "Plaats", "Website", "Medewerkers", "SBI"]


def member_rows(n: int) -> list[list[str]]:
    rows = []
    for i in range(n):
        row = [
            f"Metaalbedrijf {i} B.V.",
            f"{20_000_000 + i:08d}",
            f"Hoofdstraat {i % 90 + 1}",
            f"{7500 + i % 400} AB",
            "Enschede",
            f"www.metaal{i}.nl/contact",  # reduced to the root: a warning on every row
            "10-49",
            "25.62",
        ]
        if i % 11 == 3:
            row[1] = "12ab"  # bad KvK number: warning, row kept by its name
        if i % 13 == 5:
            row[0] = row[1] = ""  # names no firm: row rejected
        if i % 17 == 7:
            row = [""] * len(HEADERS)  # empty row: rejected
        rows.append(row)
    return rows


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        fh.write("\n")  # a blank line before the header, as some exports have
        out = csv.writer(fh, delimiter=";")
        out.writerow(HEADERS)
        out.writerows(rows)
    return path


def write_xlsx(path: Path, rows: list[list[str]]) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Leden"
    ws.append([None] * len(HEADERS))
    ws.append(HEADERS)
    for row in rows:
        ws.append([c or None for c in row])
    wb.save(path)
    return path


def ingest_with_chunks(tmp_path: Path, name: str, path: Path, chunk_rows: int, monkeypatch) -> dict:
    monkeypatch.setattr(ingest, "CHUNK_ROWS", chunk_rows)
    with Store(tmp_path / f"{name}.duckdb") as store:
        result = ingest.run(store, Config(), StageContext(run_id="test-run", quiet=True), files=[str(path)])
        records = store.df("SELECT * FROM source_records ORDER BY row_number")
        rejects = store.df("SELECT * FROM rejects ORDER BY row_number, field, reason")
        files = store.df("SELECT * EXCLUDE (imported_at) FROM source_files")
    return {
        "counts": result.counts,
        "tables": result.tables,
        "messages": [m.replace(str(tmp_path), "") for m in result.messages],
        "records": records.astype(object).where(records.notna(), None).to_dict("records"),
        "rejects": rejects.astype(object).where(rejects.notna(), None).to_dict("records"),
        "files": files.to_dict("records"),
    }


def normalised(rows: list[dict]) -> list[dict]:
    """Arrays come back from DuckDB as numpy arrays: compare them as lists."""
    return [{k: (list(v) if hasattr(v, "tolist") else v) for k, v in row.items()} for row in rows]


@pytest.mark.parametrize("writer", [write_csv, write_xlsx], ids=["csv", "xlsx"])
def test_chunked_ingest_equals_one_chunk(tmp_path, monkeypatch, writer):
    rows = member_rows(95)
    path = writer(tmp_path / ("leden.csv" if writer is write_csv else "leden.xlsx"), rows)
    whole = ingest_with_chunks(tmp_path, "whole", path, 10_000, monkeypatch)  # one chunk: as before chunking
    chunked = ingest_with_chunks(tmp_path, "chunked", path, 7, monkeypatch)
    assert whole["counts"]["rows"] == 95
    assert whole["counts"]["rows_rejected"] > 5 and whole["counts"]["warnings"] > 90
    assert normalised(chunked["records"]) == normalised(whole["records"])
    assert chunked["rejects"] == whole["rejects"]
    assert chunked["files"] == whole["files"]
    assert chunked["counts"] == whole["counts"]
    assert chunked["tables"] == whole["tables"]
    # Row numbers are the file's own: the header is row 2 after one blank line, data from row 3 (XLSX)
    # or numbered from 2 after the header (CSV, as before chunking).
    first = 3 if writer is write_xlsx else 2
    assert {r["row_number"] for r in whole["records"]} | {r["row_number"] for r in whole["rejects"]} <= set(
        range(first, first + 95)
    )


def test_file_failing_in_a_later_chunk_stores_nothing(tmp_path, monkeypatch):
    rows = member_rows(60)
    rows[50][5] = "x" * 200_000  # larger than the csv module's field limit: unreadable at row 52
    path = write_csv(tmp_path / "leden.csv", rows)
    monkeypatch.setattr(ingest, "CHUNK_ROWS", 7)
    with Store(tmp_path / "s.duckdb") as store:
        with pytest.raises(InputError) as err:
            ingest.run(store, Config(), StageContext(run_id="r", quiet=True), files=[str(path)])
        assert "leden.csv" in str(err.value) and "CSV" in str(err.value)
        assert store.count("source_records") == 0
        assert store.count("rejects") == 0
        assert store.count("source_files") == 0


def test_rows_of_a_killed_import_are_never_read_and_are_cleared(tmp_path, monkeypatch):
    """Chunks are committed one by one: a process killed before the file's `source_files` row leaves
    rows behind. Resolve does not read them, and the next import deletes them."""
    from ketenradar.model.sources import finished_records_count

    monkeypatch.setattr(ingest, "CHUNK_ROWS", 7)
    first = write_csv(tmp_path / "leden.csv", member_rows(30))
    second = write_csv(tmp_path / "leden2.csv", member_rows(31))
    with Store(tmp_path / "s.duckdb") as store:
        ctx = StageContext(run_id="r", quiet=True)
        ingest.run(store, Config(), ctx, files=[str(first)])
        kept = store.count("source_records")
        ingest.run(store, Config(), ctx, files=[str(second)])
        # as if the process had died just before the second file's source_files row was committed
        store.execute("DELETE FROM source_files WHERE path = ?", [str(second)])
        assert store.count("source_records") > kept
        assert finished_records_count(store) == kept
        ingest.run(store, Config(), ctx, files=[str(first)])  # already imported: skipped, but cleans up
        assert store.count("source_records") == kept
        assert store.scalar("SELECT count(*) FROM rejects WHERE path = ?", [str(second)]) == 0
        ingest.run(store, Config(), ctx, files=[str(second)])  # and the file imports again in full
        assert store.scalar("SELECT count(*) FROM source_files WHERE path = ?", [str(second)]) == 1
