"""KvK API basisprofiel, one JSON object per line (or a JSON array of them)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ketenradar.errors import InputError
from ketenradar.sources.formats.base import Loaded, RowReport, build_record
from ketenradar.sources.readers import read_json_lines


def _address(profile: dict[str, Any]) -> dict[str, Any]:
    vestiging = (profile.get("_embedded") or {}).get("hoofdvestiging") or {}
    addresses = vestiging.get("adressen") or profile.get("adressen") or []
    visit = [a for a in addresses if str(a.get("type", "")).lower() == "bezoekadres"]
    return (visit or addresses or [{}])[0]


def to_raw(profile: dict[str, Any]) -> dict[str, Any]:
    vestiging = (profile.get("_embedded") or {}).get("hoofdvestiging") or {}
    address = _address(profile)
    names = sorted(profile.get("handelsnamen") or [], key=lambda h: h.get("volgorde") or 0)
    sbi = profile.get("sbiActiviteiten") or vestiging.get("sbiActiviteiten") or []
    main = next((s.get("sbiCode") for s in sbi if str(s.get("indHoofdactiviteit", "")).lower() == "ja"), None)
    websites = vestiging.get("websites") or profile.get("websites") or []
    return {
        "kvk_number": profile.get("kvkNummer"),
        "name": profile.get("naam") or (names[0].get("naam") if names else None),
        "trade_names": [h.get("naam") for h in names if h.get("naam")],
        "street": address.get("straatnaam"),
        "house_number": " ".join(
            str(x)
            for x in (
                address.get("huisnummer"),
                address.get("huisletter"),
                address.get("huisnummerToevoeging"),
            )
            if x not in (None, "")
        )
        or None,
        "postcode": address.get("postcode"),
        "place": address.get("plaats"),
        "country": address.get("land"),
        "website": websites[0] if websites else None,
        "employees": profile.get("totaalWerkzamePersonen", vestiging.get("totaalWerkzamePersonen")),
        "sbi_codes": [s.get("sbiCode") for s in sbi],
        "sbi_main": main,
        "founded": profile.get("formeleRegistratiedatum"),
        "description": "; ".join(s.get("sbiOmschrijving") for s in sbi if s.get("sbiOmschrijving")) or None,
    }


class KvkJson:
    kind = "kvk_json"

    def load(
        self, path: Path, *, sheet: str | None, column_map: dict[str, str], encodings: list[str]
    ) -> Loaded:
        items, notes = read_json_lines(path, encodings)
        loaded = Loaded(self.kind, None, n_rows=len(items), notes=notes)
        for row_number, item in items:
            report = RowReport(row_number, loaded.rejects)
            if isinstance(item, json.JSONDecodeError):
                report.error(None, None, f"line is not valid JSON: {item.msg}")
                continue
            if not isinstance(item, dict):
                report.error(None, None, "line is not a JSON object")
                continue
            raw = to_raw(item)
            rec = build_record(raw, report)
            if not rec.get("kvk_number"):
                report.error("kvkNummer", item.get("kvkNummer"), "basisprofiel without a valid kvkNummer")
                continue
            if not rec.get("name"):
                report.error("naam", None, "basisprofiel without a name")
                continue
            rec["row_number"] = row_number
            rec["raw"] = item
            loaded.records.append(rec)
        if items and not loaded.records and all(r.severity == "error" for r in loaded.rejects):
            reasons = {r.reason for r in loaded.rejects}
            if any("kvkNummer" in (r.field or "") for r in loaded.rejects) and len(reasons) == 1:
                raise InputError("no line is a KvK basisprofiel (no kvkNummer anywhere)", path=str(path))
        return loaded


FORMAT = KvkJson()
