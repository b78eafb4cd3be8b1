"""TenderNed open dataset (XLSX, one row per award/winner); header spelling varies by release."""

from __future__ import annotations

from ketenradar.sources import validate as v
from ketenradar.sources.formats.base import RowReport, TabularFormat


class TenderNed(TabularFormat):
    kind = "tenderned"
    aliases = {
        "notice_id": ["Id publicatie", "Publicatie ID", "Tenderned kenmerk"],
        "buyer_name": [
            "Officiële naam Aanbestedende dienst",
            "Naam Aanbestedende dienst",
            "Aanbestedende dienst",
        ],
        "buyer_id": ["Nationaal identificatienummer", "KvK-nummer aanbestedende dienst"],
        "title": ["Naam aanbesteding", "Titel"],
        "description": ["Omschrijving aanbesteding", "Korte beschrijving opdracht"],
        "cpv_codes": ["CPV-codes", "CPV codes", "CPV-code", "Hoofd-CPV"],
        "value_eur": ["Waarde - bedrag", "Waarde bedrag", "Geraamde waarde in EUR", "Definitieve waarde"],
        "award_date": ["Datum gunning", "Datum besluit gunning", "Publicatiedatum"],
        "name": ["Officiële benaming", "Officiële benaming gegunde ondernemer", "Naam gegunde ondernemer"],
        "kvk_number": ["Kvknummer", "KvK-nummer", "KvK nummer gegunde ondernemer"],
        "street": ["Postadres", "Adres"],
        "place": ["Plaats"],
        "postcode": ["Postcode"],
        "country": ["Land"],
        "website": ["Internetadres"],
    }

    def prepare(self, raw, cells, path):
        from ketenradar.sources.headers import norm_header

        currency = next((c for h, c in cells.items() if norm_header(h) in ("waardevaluta", "valuta")), None)
        raw["_currency"] = v.cell_text(currency)
        return raw

    def finish(self, rec, raw, report: RowReport):
        currency = raw.get("_currency")
        if rec.get("value_eur") is not None and currency and currency.upper() not in ("EUR", "EURO"):
            report.warn("value_eur", raw.get("value_eur"), f"value is in {currency}, not EUR; dropped")
            rec["value_eur"] = None
        return rec


FORMAT = TenderNed()
