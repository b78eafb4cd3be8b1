"""Header recognition: a header matches an alias when both are equal after dropping case, accents,
spaces and punctuation ('KvK-nummer', 'KVK nummer' and 'kvknummer' are one header)."""

from __future__ import annotations

import re

from ketenradar.model.text import strip_accents

# Fields a source record can carry (the columns of `source_records` a loader fills).
FIELDS = (
    "kvk_number",
    "name",
    "trade_names",
    "street",
    "house_number",
    "postcode",
    "place",
    "country",
    "website",
    "phone",
    "employees",
    "sbi_codes",
    "sbi_main",
    "founded",
    "description",
    "notice_id",
    "buyer_name",
    "buyer_id",
    "title",
    "cpv_codes",
    "value_eur",
    "award_date",
    "oem_name",
    "supplies",
)


def norm_header(header: object) -> str:
    return re.sub(r"[^a-z0-9]", "", strip_accents(str(header or "")).casefold())


def match_headers(
    headers: list[str], aliases: dict[str, list[str]], column_map: dict[str, str] | None = None
) -> tuple[dict[str, list[str]], list[str]]:
    """Map fields to the file's headers that carry them, best alias first.

    `column_map` ({"Naam onderneming": "name"}) adds the user's own headers; they win over the
    built-in aliases. Returns (field -> headers, headers that carry no field).
    """
    by_norm: dict[str, str] = {}
    for h in headers:
        by_norm.setdefault(norm_header(h), h)
    found: dict[str, list[str]] = {}
    used: set[str] = set()
    for header, field in (column_map or {}).items():
        actual = by_norm.get(norm_header(header))
        if actual is not None:
            found.setdefault(field, []).append(actual)
            used.add(actual)
    for field, names in aliases.items():
        for alias in names:
            actual = by_norm.get(norm_header(alias))
            if actual is not None and actual not in used:
                found.setdefault(field, []).append(actual)
                used.add(actual)
    unused = [h for h in headers if h not in used]
    return found, unused


def check_column_map(column_map: dict[str, str]) -> None:
    from ketenradar.errors import InputError

    for header, field in column_map.items():
        if field not in FIELDS:
            raise InputError(
                f"column mapping '{header}={field}': unknown field '{field}' (fields: {', '.join(FIELDS)})"
            )
