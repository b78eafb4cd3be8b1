"""Flat KvK extracts (CSV/XLSX), as sold by KvK or resellers: one row per registration."""

from __future__ import annotations

from ketenradar.sources.formats.base import TabularFormat
from ketenradar.sources.formats.member_list import FIRM_ALIASES


class KvkCsv(TabularFormat):
    kind = "kvk_csv"
    identifying = ("kvk_number",)
    aliases = {
        **FIRM_ALIASES,
        "kvk_number": ["KvK-nummer", "kvkNummer", "Dossiernummer", *FIRM_ALIASES["kvk_number"]],
        "name": ["Naam", "Statutaire naam", "Handelsnaam 1", *FIRM_ALIASES["name"]],
        "trade_names": ["Handelsnamen", "Handelsnaam", *FIRM_ALIASES["trade_names"]],
        "street": ["Straat", "Straatnaam", "Bezoekadres straat", *FIRM_ALIASES["street"]],
        "postcode": ["Postcode", "Bezoekadres postcode", *FIRM_ALIASES["postcode"]],
        "place": ["Plaats", "Bezoekadres plaats", *FIRM_ALIASES["place"]],
        "employees": ["Werkzame personen", "Totaal werkzame personen", *FIRM_ALIASES["employees"]],
        "sbi_main": ["SBI hoofdactiviteit", "Hoofdactiviteit", *FIRM_ALIASES["sbi_main"]],
        "sbi_codes": ["SBI-codes", "Nevenactiviteiten", "SBI nevenactiviteiten", *FIRM_ALIASES["sbi_codes"]],
        "founded": [
            "Datum oprichting",
            "Registratiedatum",
            "Formele registratiedatum",
            *FIRM_ALIASES["founded"],
        ],
    }

    def prepare(self, raw, cells, path):
        # Secondary activities may be in several columns ("SBI 2", "SBI 3"...): gather every column
        # whose header starts with 'sbi' and is not the main activity.
        from ketenradar.sources.headers import norm_header

        extra = [c for h, c in cells.items() if norm_header(h).startswith("sbi") and c is not None]
        if extra:
            raw["sbi_codes"] = [raw.get("sbi_codes"), *extra]
        return raw


FORMAT = KvkCsv()
