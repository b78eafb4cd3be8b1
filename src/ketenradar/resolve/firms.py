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


def build_firms(records: pd.DataFrame, run_id: str) -> pd.DataFrame:
    """records: source_records rows (any kinds); only FIRM_KINDS with a KvK number make firms."""
    rank = {k: i for i, k in enumerate(FIRM_KINDS)}
    rows = records[records["kind"].isin(FIRM_KINDS) & records["kvk_number"].notna()].copy()
    rows["_rank"] = rows["kind"].map(rank)
    rows = rows.sort_values(
        ["kvk_number", "_rank", "run_id", "row_number"], ascending=[True, True, False, True]
    )
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
