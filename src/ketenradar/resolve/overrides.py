"""Overrides: a reviewer's decision for one source record, honoured on every later run.

The file is CSV with `record_id,kvk_number` (and optionally `reason`); an empty kvk_number or
'no match' means the record names no firm in the register. Read overrides are kept in
`link_overrides` so that they survive without the file.
"""

from __future__ import annotations

import csv
from datetime import datetime
from pathlib import Path

import pandas as pd

from ketenradar.errors import InputError
from ketenradar.report.safe import restore
from ketenradar.sources.validate import kvk_number
from ketenradar.store import Store

NO_MATCH = {"", "no match", "nomatch", "no_match", "geen match", "geen", "none", "-"}


def read_overrides(path: str | Path) -> pd.DataFrame:
    p = Path(path)
    if not p.is_file():
        raise InputError("overrides file not found", path=str(p))
    data = p.read_bytes()
    if b"\x00" in data[:4096]:
        raise InputError("not a CSV file (binary content)", path=str(p))
    text = None
    for encoding in ("utf-8-sig", "cp1252"):  # a review file saved again by Dutch Excel is cp1252
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    if text is None:
        raise InputError("cannot decode the file as UTF-8 or cp1252 (Dutch Excel)", path=str(p))
    try:
        return _parse(p, text)
    except csv.Error as exc:
        raise InputError(f"not a readable CSV file: {exc}", path=str(p)) from exc


def _parse(p: Path, text: str) -> pd.DataFrame:
    sample = text.splitlines()[0] if text.strip() else ""
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    reader = csv.DictReader(text.splitlines(), delimiter=delimiter)
    headers = [restore(h.strip()).lower() for h in reader.fieldnames or []]
    if "record_id" not in headers or "kvk_number" not in headers:
        raise InputError(f"needs the columns record_id,kvk_number (has: {', '.join(headers)})", path=str(p))
    rows = []
    for i, row in enumerate(reader, start=2):
        # The review file was written with formula-looking text quoted (report/safe.py): undo that.
        row = {restore(k.strip()).lower(): restore((v or "").strip()) for k, v in row.items() if k}
        if not row.get("record_id"):
            raise InputError("record_id is empty", path=str(p), row=i, field="record_id")
        value = row.get("kvk_number", "")
        if row.get("status") == "conflict" and value == row.get("record_kvk"):
            continue  # a conflict row left as written: no decision
        if value.casefold() in NO_MATCH:
            kvk = None
        else:
            kvk, problem = kvk_number(value)
            if kvk is None:
                raise InputError(problem or "not a KvK number", path=str(p), row=i, field="kvk_number")
        rows.append(
            {
                "record_id": row["record_id"],
                "kvk_number": kvk,
                "reason": row.get("reason") or None,
                "source": str(p),
                "created_at": datetime.now().replace(microsecond=0),
            }
        )
    frame = pd.DataFrame(rows, columns=["record_id", "kvk_number", "reason", "source", "created_at"])
    return frame.drop_duplicates("record_id", keep="last")


def store_overrides(store: Store, frame: pd.DataFrame) -> int:
    """Upsert into link_overrides; a row identical to the stored one is left alone (idempotent)."""
    if frame.empty:
        return 0
    current = store.df("SELECT record_id, kvk_number, reason, source FROM link_overrides")
    merged = frame.merge(current, on="record_id", how="left", suffixes=("", "_old"), indicator=True)
    same = (
        (merged["_merge"] == "both")
        & (merged["kvk_number"].fillna("") == merged["kvk_number_old"].fillna(""))
        & (merged["reason"].fillna("") == merged["reason_old"].fillna(""))
    )
    changed = frame[~same.to_numpy()]
    if changed.empty:
        return 0
    store.upsert_df("link_overrides", changed, ["record_id"])
    return len(changed)


def load_overrides(store: Store) -> dict[str, str | None]:
    return {r: k for r, k in store.fetchall("SELECT record_id, kvk_number FROM link_overrides")}
