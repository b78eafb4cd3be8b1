"""`--kind auto`: choose the format from the file's extension, headers and name, and say why."""

from __future__ import annotations

import re
from pathlib import Path

from ketenradar.sources.headers import norm_header
from ketenradar.sources.readers import Table


def detect_kind(path: Path, table: Table | None) -> tuple[str, str]:
    """(kind, reason). `table` is None for files that are not tables (JSON)."""
    if table is None:
        return "kvk_json", f"extension {path.suffix} (JSON lines: KvK basisprofiel)"
    headers = {norm_header(h): h for h in table.headers}

    def has(*names: str) -> list[str]:
        return [headers[n] for n in (norm_header(x) for x in names) if n in headers]

    if hits := has("ID_NOTICE_CAN", "WIN_NAME", "CAE_NAME", "WIN_NATIONALID"):
        return "ted", f"TED headers {', '.join(hits)}"
    if hits := has("Id publicatie", "Officiële benaming", "Naam Aanbestedende dienst", "Tenderned kenmerk"):
        return "tenderned", f"TenderNed headers {', '.join(hits)}"
    if hits := has("OEM", "Prime", "Hoofdaannemer", "Leverancier", "Supplier", "Supplier name"):
        return "oem", f"supplier-list headers {', '.join(hits)}"
    name = path.stem.lower()
    if hits := has("Vestigingsnummer", "Formele registratiedatum"):
        return "kvk_csv", f"KvK extract headers {', '.join(hits)}"
    if re.search(r"kvk|handelsregister", name) and has("SBI hoofdactiviteit", "Hoofdactiviteit", "SBI-codes"):
        return "kvk_csv", f"file name '{path.name}' and SBI columns"
    if re.search(r"nidv|associat|vereniging|brancheverenig", name):
        return "association", f"file name '{path.name}' names an association"
    if re.search(r"oem|supplier|leverancier", name):
        return "oem", f"file name '{path.name}' names a supplier list"
    return "member_list", "no award, KvK-extract or supplier headers: read as a member list"
