"""Labels from evidence: A from Defence awards and explicit lists, B from OEM supplier lists and
awards by primes, and association membership as weaker evidence. Each label keeps its source record
and a strength, so that a firm's category can be explained."""

from __future__ import annotations

import json
import re

import pandas as pd

from ketenradar.config import ResolveConfig
from ketenradar.resolve.normalise import name_tokens
from ketenradar.sources.headers import norm_header

STRENGTH = {
    "award_defence": 1.0,
    "explicit_list": 1.0,
    "oem_supplier": 0.9,
    "award_oem": 0.8,
    "association_member": 0.3,
}
EXPLICIT_HEADERS = {"label", "categorie", "category", "defensielabel", "defencelabel", "klasse"}
# A cheap test on the raw row's JSON before parsing it: a header such as "Label": "A".
_EXPLICIT = re.compile(r'(?i)"[^"]*(label|categor|klasse)[^"]*":\s*"[AB]"')


def _contains(haystack: list[str], needle: list[str]) -> bool:
    n = len(needle)
    return n > 0 and any(haystack[i : i + n] == needle for i in range(len(haystack) - n + 1))


class BuyerMatcher:
    """Does a buyer name contain one of the configured names (as whole words)?"""

    def __init__(self, names: list[str], ids: list[str] | None = None):
        self.names = [(n, name_tokens(n)) for n in names]
        self.ids = {i.replace(" ", "").upper() for i in ids or []}

    def match(self, buyer_name: str | None, buyer_id: str | None = None) -> str | None:
        if buyer_id and buyer_id.replace(" ", "").upper() in self.ids:
            return f"buyer id {buyer_id}"
        tokens = name_tokens(buyer_name)
        for name, needle in self.names:
            if _contains(tokens, needle):
                return name
        return None


def _fmt_value(value: object) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return ""
    return f", EUR {float(value):,.0f}"


def derive_labels(
    records: pd.DataFrame, links: pd.DataFrame, config: ResolveConfig, run_id: str
) -> pd.DataFrame:
    """records: source_records; links: record_id, kvk_number, status. One label per record and firm."""
    linked = links[(links["status"] == "linked") & links["kvk_number"].notna()][["record_id", "kvk_number"]]
    rows = records.merge(linked, on="record_id", suffixes=("_record", ""))
    defence = BuyerMatcher(config.defence_buyers, config.defence_buyer_ids)
    primes = BuyerMatcher(config.oem_buyers)
    out = []

    def add(rec, label: str, source: str, evidence: str) -> None:
        out.append(
            {
                "kvk_number": rec.kvk_number,
                "label": label,
                "source": source,
                "strength": STRENGTH[source],
                "record_id": rec.record_id,
                "evidence": evidence,
                "run_id": run_id,
            }
        )

    for rec in rows.itertuples(index=False):
        where = f"{rec.path} row {rec.row_number}"
        if rec.kind in ("ted", "tenderned"):
            award = f"award {rec.notice_id or ''} '{rec.title or ''}' ({rec.award_date or 'no date'}{_fmt_value(rec.value_eur)})"
            hit = defence.match(rec.buyer_name, rec.buyer_id)
            if hit:
                add(rec, "A", "award_defence", f"{award} by {rec.buyer_name} (Defence: {hit}); {where}")
                continue
            hit = primes.match(rec.buyer_name)
            if hit:
                add(rec, "B", "award_oem", f"{award} by {rec.buyer_name} (prime: {hit}); {where}")
            continue
        if rec.kind == "oem":
            supplies = f", supplies {rec.supplies}" if rec.supplies else ""
            add(rec, "B", "oem_supplier", f"on the supplier list of {rec.oem_name}{supplies}; {where}")
            continue
        if rec.kind == "association":
            add(rec, "association", "association_member", f"member in {rec.path}; {where}")
        if not isinstance(rec.raw, str) or not _EXPLICIT.search(rec.raw):
            continue
        raw = json.loads(rec.raw)
        for header, value in (raw or {}).items():
            if norm_header(header) in EXPLICIT_HEADERS and str(value or "").strip().upper() in ("A", "B"):
                add(
                    rec, str(value).strip().upper(), "explicit_list", f"listed as {value} ({header}); {where}"
                )
    columns = ["kvk_number", "label", "source", "strength", "record_id", "evidence", "run_id"]
    return pd.DataFrame(out, columns=columns)
