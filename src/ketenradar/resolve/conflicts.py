"""Conflicting registry data: records with the same KvK number that disagree on who the firm is.

`firms` takes each field from the first source that has it, by source priority (resolve/firms.py):
KvK API extract (kvk_json), then KvK CSV extract (kvk_csv), then member lists; within a kind the
newest import first, then the lowest row. When records of one KvK number disagree on a name, place,
postcode or staff count, the firm still gets the priority value, and every other value is a conflict:
counted by `resolve`, listed in the review file (status `conflict`) and shown on the firm's profile
with its source record. Conflicts are derived from the stored records, so they need no table.

Values are compared as a person would: names and places normalised (case, legal form, accents), so
"Jansen B.V." and "JANSEN BV" agree; staff counts differ when they are not equal.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from ketenradar.model import sources as sources_model
from ketenradar.resolve.firms import FIRM_KINDS, order_records
from ketenradar.resolve.normalise import norm_name, norm_place

CONFLICT_FIELDS = ("name", "place", "postcode", "employees")
CONFLICT_COLUMNS = [
    "kvk_number",
    "field",
    "chosen_value",
    "chosen_record_id",
    "chosen_kind",
    "value",
    "record_id",
    "kind",
    "path",
    "row_number",
]


def _key(field: str, value: Any) -> Any:
    if value is None or (isinstance(value, float) and value != value) or value == "":
        return None
    if field == "name":
        return norm_name(str(value)) or None
    if field == "place":
        return norm_place(str(value)) or None
    if field == "postcode":
        return str(value).replace(" ", "").upper()
    if field == "employees":
        return int(value)
    return value


def find_conflicts(records: pd.DataFrame) -> pd.DataFrame:
    """One row per (KvK number, field, record) whose value differs from the value the firm takes."""
    rows = records[records["kind"].isin(FIRM_KINDS) & records["kvk_number"].notna()]
    if rows.empty:
        return pd.DataFrame(columns=CONFLICT_COLUMNS)
    rows = order_records(rows)
    out: list[dict[str, Any]] = []
    for kvk, group in rows.groupby("kvk_number", sort=True):
        if len(group) < 2:
            continue
        recs = group.to_dict("records")
        for field in CONFLICT_FIELDS:
            chosen = next((r for r in recs if _key(field, r.get(field)) is not None), None)
            if chosen is None:
                continue
            chosen_key = _key(field, chosen[field])
            for rec in recs:
                key = _key(field, rec.get(field))
                if key is None or key == chosen_key:
                    continue
                out.append(
                    {
                        "kvk_number": kvk,
                        "field": field,
                        "chosen_value": str(chosen[field]),
                        "chosen_record_id": chosen["record_id"],
                        "chosen_kind": chosen["kind"],
                        "value": str(rec[field]),
                        "record_id": rec["record_id"],
                        "kind": rec["kind"],
                        "path": rec.get("path"),
                        "row_number": rec.get("row_number"),
                    }
                )
    return pd.DataFrame(out, columns=CONFLICT_COLUMNS)


def firm_conflicts(con: Any, kvk_number: str) -> list[dict[str, Any]]:
    """The conflicts of one firm, for its profile (read from `source_records` through `con`)."""
    conflicts = find_conflicts(sources_model.records_carrying(con, kvk_number))
    return [
        {k: (None if v is None or (isinstance(v, float) and v != v) else v) for k, v in row.items()}
        for row in conflicts.to_dict("records")
    ]
