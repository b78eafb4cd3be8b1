"""`ketenradar ingest`: import source files into `source_files`, `source_records` and `rejects`.

A file's identity is the sha256 of its bytes: importing the same content again changes nothing.
Every row becomes a source record or a reject; field problems are warnings that keep the row.
CSV and XLSX files are read, validated and stored `CHUNK_ROWS` rows at a time, each chunk committed on
its own: DuckDB holds a transaction's rows in memory, so one transaction per file would grow with the
file. A file counts as imported only once its `source_files` row is written, after its last chunk; a
file that fails halfway has its rows deleted again, and rows left by an import that was killed (rows
whose file has no `source_files` row) are deleted at the start of the next import and are never read
by resolve. So a failed import still changes nothing.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pyarrow as pa

from ketenradar.config import Config
from ketenradar.errors import InputError
from ketenradar.sources.detect import detect_kind
from ketenradar.sources.formats import FORMATS, KINDS
from ketenradar.sources.formats.base import Loaded
from ketenradar.sources.headers import check_column_map
from ketenradar.sources.readers import read_table
from ketenradar.sources.rejects import write_rejects_report
from ketenradar.stage import SKIPPED_UNCHANGED, StageContext, StageResult
from ketenradar.store import Store

CHUNK_ROWS = 5_000
"""Rows read, validated and committed at a time; a chunk of member-list rows takes some tens of MB."""


def delete_unfinished(store: Store, file_id: str | None = None) -> None:
    """Drop the rows of imports that never finished (of one file, or of any file): no `source_files` row."""
    where = "file_id NOT IN (SELECT file_id FROM source_files)"
    params: list[Any] = []
    if file_id is not None:
        where += " AND file_id = ?"
        params = [file_id]
    with store.transaction():
        store.execute(f"DELETE FROM source_records WHERE {where}", params)
        store.execute(f"DELETE FROM rejects WHERE {where}", params)


_LIST = pa.list_(pa.string())
RECORD_SCHEMA = pa.schema(
    [
        ("record_id", pa.string()),
        ("file_id", pa.string()),
        ("kind", pa.string()),
        ("path", pa.string()),
        ("sheet", pa.string()),
        ("row_number", pa.int32()),
        ("kvk_number", pa.string()),
        ("name", pa.string()),
        ("trade_names", _LIST),
        ("street", pa.string()),
        ("house_number", pa.string()),
        ("postcode", pa.string()),
        ("place", pa.string()),
        ("country", pa.string()),
        ("website", pa.string()),
        ("domain", pa.string()),
        ("phone", pa.string()),
        ("employees", pa.int64()),
        ("sbi_codes", _LIST),
        ("sbi_main", pa.string()),
        ("founded", pa.date32()),
        ("description", pa.string()),
        ("notice_id", pa.string()),
        ("buyer_name", pa.string()),
        ("buyer_id", pa.string()),
        ("title", pa.string()),
        ("cpv_codes", _LIST),
        ("value_eur", pa.float64()),
        ("award_date", pa.date32()),
        ("oem_name", pa.string()),
        ("supplies", pa.string()),
        ("raw", pa.string()),
        ("run_id", pa.string()),
    ]
)


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def load_file(
    path: Path, kind: str, sheet: str | None, column_map: dict[str, str], config: Config
) -> tuple[Loaded, str | None]:
    """Read one whole file with the loader of `kind` (or the detected kind). Returns (loaded, detection note)."""
    chunks, note = load_chunks(path, kind, sheet, column_map, config, chunk_rows=1 << 30)
    whole = next(chunks)
    for part in chunks:
        whole.records += part.records
        whole.rejects += part.rejects
        whole.n_rows += part.n_rows
    return whole, note


def load_chunks(
    path: Path,
    kind: str,
    sheet: str | None,
    column_map: dict[str, str],
    config: Config,
    chunk_rows: int | None = None,
) -> tuple[Iterator[Loaded], str | None]:
    """One file as `Loaded` chunks of at most `chunk_rows` rows (CHUNK_ROWS by default), read lazily.

    The header is read and the kind decided before this returns; a bad header raises here or at the
    first chunk, a row the reader cannot read raises at its chunk. JSON files come as one chunk.
    """
    size = chunk_rows or CHUNK_ROWS
    encodings = config.ingest.csv_encodings
    note = None
    if kind == "auto":
        if path.suffix.lower() in (".json", ".jsonl", ".ndjson"):
            kind, why = detect_kind(path, None)
        else:
            table = read_table(path, sheet=sheet, encodings=encodings)
            kind, why = detect_kind(path, table)
            note = f"{path.name}: kind auto -> {kind} ({why})"
            return FORMATS[kind].iter_chunks(path, table, column_map, size), note  # type: ignore[union-attr]
        note = f"{path.name}: kind auto -> {kind} ({why})"
    if kind not in FORMATS:
        raise InputError(f"unknown kind '{kind}'; choose one of {', '.join(KINDS)} or auto", path=str(path))
    fmt = FORMATS[kind]
    if hasattr(fmt, "iter_chunks"):
        table = read_table(path, sheet=sheet, encodings=encodings)
        return fmt.iter_chunks(path, table, column_map, size), note
    return iter([fmt.load(path, sheet=sheet, column_map=column_map, encodings=encodings)]), note


def _records_table(loaded: Loaded, file_id: str, path: str, run_id: str) -> pa.Table:
    rows = []
    for rec in loaded.records:
        row: dict[str, Any] = {k: rec.get(k) for k in RECORD_SCHEMA.names}
        row.update(
            record_id=f"{file_id[:12]}:{loaded.sheet or ''}:{rec['row_number']}",
            file_id=file_id,
            kind=loaded.kind,
            path=path,
            sheet=loaded.sheet,
            raw=json.dumps(rec.get("raw"), ensure_ascii=False, default=str),
            run_id=run_id,
        )
        for key in ("trade_names", "sbi_codes", "cpv_codes"):
            row[key] = [str(x) for x in row[key] or []]
        rows.append(row)
    return pa.Table.from_pylist(rows, schema=RECORD_SCHEMA)


def _rejects_table(loaded: Loaded, file_id: str, path: str, run_id: str) -> pa.Table:
    rows = [
        {
            "file_id": file_id,
            "path": path,
            "kind": loaded.kind,
            "sheet": loaded.sheet,
            "row_number": r.row_number,
            "field": r.field,
            "value": r.value,
            "reason": r.reason,
            "severity": r.severity,
            "run_id": run_id,
        }
        for r in loaded.rejects
    ]
    schema = pa.schema(
        [(n, pa.int32() if n == "row_number" else pa.string()) for n in rows[0]] if rows else []
    )
    return pa.Table.from_pylist(rows, schema=schema) if rows else pa.table({})


def run(
    store: Store,
    config: Config,
    ctx: StageContext,
    *,
    files: list[str],
    kind: str = "auto",
    sheet: str | None = None,
    column_map: dict[str, str] | None = None,
    kinds: list[str] | None = None,
) -> StageResult:
    """Import `files` in the order given, in one run; `kinds` (one per file) overrides `kind`.

    `ingest FILES` and `run FILES` (and the demo, with its kinds) both import through this one call,
    so the same files give the same records, run and firm data whichever command imported them.
    """
    mapping = {**config.ingest.column_map, **(column_map or {})}
    check_column_map(mapping)
    if kinds is not None and len(kinds) != len(files):
        raise InputError(f"{len(kinds)} kinds for {len(files)} files")
    file_kinds = list(kinds) if kinds is not None else [kind] * len(files)
    for k in dict.fromkeys(file_kinds):
        if k != "auto" and k not in KINDS:
            raise InputError(f"unknown kind '{k}'; choose one of {', '.join(KINDS)} or auto")
    result = StageResult("ingest")
    totals = {"files": 0, SKIPPED_UNCHANGED: 0, "rows": 0, "records": 0, "rows_rejected": 0, "warnings": 0}
    per_file: list[dict[str, Any]] = []
    # Only the first 20 rejects are shown; all of them are in the store and the rejects file.
    first_rejects: list[dict[str, Any]] = []
    n_rejects = 0
    delete_unfinished(store)  # rows of an import that was killed halfway
    with ctx.progress("ingest", total=len(files)) as bar:
        for name, file_kind in zip(files, file_kinds, strict=True):
            path = Path(name)
            if not path.is_file():
                raise InputError("file not found" if not path.exists() else "not a file", path=name)
            file_id = sha256_file(path)
            known = store.fetchall("SELECT path, kind FROM source_files WHERE file_id = ?", [file_id])
            if known:
                totals[SKIPPED_UNCHANGED] += 1
                result.messages.append(
                    f"{name}: already imported (same content as {known[0][0]}, kind {known[0][1]}); skipped"
                )
                bar.advance()
                continue
            chunks, note = load_chunks(path, file_kind, sheet, mapping, config)
            if note:
                result.messages.append(note)
                ctx.log(note)
            n_rows = n_records = n_errors = n_warnings = 0
            file_kind_read, file_sheet = file_kind, sheet
            try:
                for loaded in chunks:
                    records = _records_table(loaded, file_id, str(path), ctx.run_id)
                    with store.transaction():
                        store.insert_df("source_records", records)
                        store.insert_df("rejects", _rejects_table(loaded, file_id, str(path), ctx.run_id))
                    errors = sum(1 for r in loaded.rejects if r.severity == "error")
                    n_rows += loaded.n_rows
                    n_records += records.num_rows
                    n_errors += errors
                    n_warnings += len(loaded.rejects) - errors
                    file_kind_read, file_sheet = loaded.kind, loaded.sheet
                    n_rejects += len(loaded.rejects)
                    first_rejects += [
                        {
                            "file": path.name,
                            "row": r.row_number,
                            "field": r.field,
                            "reason": r.reason,
                            "severity": r.severity,
                        }
                        for r in loaded.rejects[: max(0, 20 - len(first_rejects))]
                    ]
                    del records, loaded
                with store.transaction():
                    store.execute(
                        "INSERT INTO source_files VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                        [
                            file_id,
                            str(path),
                            file_kind_read,
                            n_rows,
                            n_records,
                            n_errors,
                            ctx.run_id,
                            datetime.now().replace(microsecond=0),
                        ],
                    )
            except BaseException:
                delete_unfinished(store, file_id)  # the chunks stored so far: the file is refused whole
                raise
            totals["files"] += 1
            totals["rows"] += n_rows
            totals["records"] += n_records
            totals["rows_rejected"] += n_errors
            totals["warnings"] += n_warnings
            per_file.append(
                {
                    "file": path.name,
                    "kind": file_kind_read,
                    "sheet": file_sheet,
                    "rows": n_rows,
                    "records": n_records,
                    "rejected": n_errors,
                    "warnings": n_warnings,
                }
            )
            bar.advance()
    result.counts = totals
    result.tables["files"] = per_file
    if n_rejects:
        result.tables["rejects (first 20)"] = first_rejects
        report = write_rejects_report(store)
        result.messages.append(f"{n_rejects} rejects and warnings; all of them in {report}")
    return result
