"""One loader per source format; `FORMATS[kind].load(path, ...)` returns a `Loaded`."""

from __future__ import annotations

from ketenradar.sources.formats import association, kvk_csv, kvk_json, member_list, oem, ted, tenderned

FORMATS = {
    "member_list": member_list.FORMAT,
    "kvk_json": kvk_json.FORMAT,
    "kvk_csv": kvk_csv.FORMAT,
    "association": association.FORMAT,
    "ted": ted.FORMAT,
    "tenderned": tenderned.FORMAT,
    "oem": oem.FORMAT,
}
KINDS = tuple(FORMATS)
