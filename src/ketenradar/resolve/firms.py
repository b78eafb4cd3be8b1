"""The `firms` table: one row per KvK number, from registry records and member rows with a KvK number.

Registry extracts are authoritative; for every field the first source that has a value wins, in the
order kvk_json, kvk_csv, member_list (newest import first within a kind).
"""

from __future__ import annotations

import pandas as pd

from ketenradar.resolve.normalise import locate, size_class

FIRM_KINDS = ("kvk_json", "kvk_csv", "member_list")
FIELDS = (
    "name",
    "trade_names",
    "street",
    "house_number",
    "postcode",
    "place",
    "country",
    "website",
    "domain",
    "phone",
    "employees",
    "sbi_main",
    "sbi_codes",
    "founded",
    "description",
)


def _empty(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and value != value:
        return True
    if isinstance(value, list | tuple):
        return len(value) == 0
    try:
        return len(value) == 0 if hasattr(value, "__len__") and not isinstance(value, str) else value == ""
    except TypeError:
        return False


def order_records(rows: pd.DataFrame) -> pd.DataFrame:
    """Records in source priority per KvK number: FIRM_KINDS order, newest import first, lowest row.

    The one place the priority is decided: `build_firms` takes the first value in this order and
    resolve/conflicts.py reports the values it passed over.
    """
    rank = {k: i for i, k in enumerate(FIRM_KINDS)}
    rows = rows.assign(_rank=rows["kind"].map(rank))
    rows = rows.sort_values(
        ["kvk_number", "_rank", "run_id", "row_number", "record_id"],
        ascending=[True, True, False, True, True],
        kind="stable",
    )
    return rows.drop(columns="_rank")


def priority_sql() -> str:
    """`order_records` as an SQL ORDER BY over source_records' columns (same order, same ties)."""
    rank = " ".join(f"WHEN '{k}' THEN {i}" for i, k in enumerate(FIRM_KINDS))
    return f"kvk_number, CASE kind {rank} END, run_id DESC, row_number, record_id"


def build_firms(records: pd.DataFrame, run_id: str) -> pd.DataFrame:
    """records: source_records rows (any kinds); only FIRM_KINDS with a KvK number make firms."""
    rows = order_records(records[records["kind"].isin(FIRM_KINDS) & records["kvk_number"].notna()])
    groups: dict[str, list[dict]] = {}
    for rec in rows.to_dict("records"):
        groups.setdefault(rec["kvk_number"], []).append(rec)
    firms = []
    for kvk, group in groups.items():
        firm: dict = {"kvk_number": kvk}
        for field in FIELDS:
            firm[field] = next((rec[field] for rec in group if not _empty(rec[field])), None)
        if firm["name"] is None:
            continue
        for field in ("trade_names", "sbi_codes"):
            firm[field] = list(firm[field]) if firm[field] is not None else []
        firm["employees"] = None if _empty(firm["employees"]) else int(firm["employees"])
        firm["size_class"] = size_class(firm["employees"])
        firm["province"], firm["latitude"], firm["longitude"] = locate(firm["postcode"])
        firm["is_member"] = any(rec["kind"] == "member_list" for rec in group)
        firm["run_id"] = run_id
        firms.append(firm)
    return pd.DataFrame(firms)
