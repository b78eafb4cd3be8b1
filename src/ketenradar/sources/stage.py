"""`ketenradar ingest`: import source files into `source_files`, `source_records` and `rejects`.

A file's identity is the sha256 of its bytes: importing the same content again changes nothing.
Every row becomes a source record or a reject; field problems are warnings that keep the row.
"""

from __future__ import annotations

import hashlib
import json
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


def insert_arrow(store: Store, table_name: str, table: pa.Table) -> int:
    if table.num_rows == 0:
        return 0
    view = f"_arrow_{table_name}"
    store.con.register(view, table)
    try:
        store.execute(f"INSERT INTO {table_name} BY NAME SELECT * FROM {view}")
    finally:
        store.con.unregister(view)
    return table.num_rows


def load_file(
    path: Path, kind: str, sheet: str | None, column_map: dict[str, str], config: Config
) -> tuple[Loaded, str | None]:
    """Read one file with the loader of `kind` (or the detected kind). Returns (loaded, detection note)."""
    encodings = config.ingest.csv_encodings
    note = None
    if kind == "auto":
        if path.suffix.lower() in (".json", ".jsonl", ".ndjson"):
            kind, why = detect_kind(path, None)
        else:
            table = read_table(path, sheet=sheet, encodings=encodings)
            kind, why = detect_kind(path, table)
            note = f"{path.name}: kind auto -> {kind} ({why})"
            fmt = FORMATS[kind]
            return fmt.load_table(path, table, column_map), note  # type: ignore[union-attr]
        note = f"{path.name}: kind auto -> {kind} ({why})"
    if kind not in FORMATS:
        raise InputError(f"unknown kind '{kind}'; choose one of {', '.join(KINDS)} or auto", path=str(path))
    return FORMATS[kind].load(path, sheet=sheet, column_map=column_map, encodings=encodings), note


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
    new_rejects: list[dict[str, Any]] = []
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
            loaded, note = load_file(path, file_kind, sheet, mapping, config)
            if note:
                result.messages.append(note)
                ctx.log(note)
            records = _records_table(loaded, file_id, str(path), ctx.run_id)
            rejects = _rejects_table(loaded, file_id, str(path), ctx.run_id)
            n_errors = sum(1 for r in loaded.rejects if r.severity == "error")
            n_warnings = len(loaded.rejects) - n_errors
            with store.transaction():
                insert_arrow(store, "source_records", records)
                insert_arrow(store, "rejects", rejects)
                store.execute(
                    "INSERT INTO source_files VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    [
                        file_id,
                        str(path),
                        loaded.kind,
                        loaded.n_rows,
                        records.num_rows,
                        n_errors,
                        ctx.run_id,
                        datetime.now().replace(microsecond=0),
                    ],
                )
            totals["files"] += 1
            totals["rows"] += loaded.n_rows
            totals["records"] += records.num_rows
            totals["rows_rejected"] += n_errors
            totals["warnings"] += n_warnings
            per_file.append(
                {
                    "file": path.name,
                    "kind": loaded.kind,
                    "sheet": loaded.sheet,
                    "rows": loaded.n_rows,
                    "records": records.num_rows,
                    "rejected": n_errors,
                    "warnings": n_warnings,
                }
            )
            new_rejects += [
                {
                    "file": path.name,
                    "row": r.row_number,
                    "field": r.field,
                    "reason": r.reason,
                    "severity": r.severity,
                }
                for r in loaded.rejects
            ]
            bar.advance()
    result.counts = totals
    result.tables["files"] = per_file
    if new_rejects:
        result.tables["rejects (first 20)"] = new_rejects[:20]
        report = write_rejects_report(store)
        result.messages.append(f"{len(new_rejects)} rejects and warnings; all of them in {report}")
    return result
