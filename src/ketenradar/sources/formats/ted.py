"""TED contract-award notices, CSV export (one row per awarded contract and winner)."""

from __future__ import annotations

from ketenradar.sources.formats.base import RowReport, TabularFormat


class TedAwards(TabularFormat):
    kind = "ted"
    aliases = {
        "notice_id": ["ID_NOTICE_CAN", "ID_NOTICE", "ID_AWARD"],
        "buyer_name": ["CAE_NAME"],
        "buyer_id": ["CAE_NATIONALID"],
        "title": ["TITLE", "CONTRACT_TITLE", "SHORT_DESCR"],
        "description": ["SHORT_DESCR", "DESCRIPTION"],
        "cpv_codes": ["CPV", "MAIN_CPV_CODE_GPA", "CPV_CODE"],
        "value_eur": ["AWARD_VALUE_EURO", "VALUE_EURO", "AWARD_VALUE_EURO_FIN_1", "VALUE_EURO_FIN_1"],
        "award_date": ["DT_AWARD", "DT_DISPATCH"],
        "name": ["WIN_NAME"],
        "kvk_number": ["WIN_NATIONALID"],
        "street": ["WIN_ADDRESS"],
        "place": ["WIN_TOWN"],
        "postcode": ["WIN_POSTAL_CODE"],
        "country": ["WIN_COUNTRY_CODE"],
    }

    def finish(self, rec, raw, report: RowReport):
        # Winners abroad carry their own national ids (VAT numbers, SIRET...): not KvK numbers.
        if rec.get("country") not in (None, "NL") and rec.get("kvk_number"):
            report.warn(
                "kvk_number", raw.get("kvk_number"), "winner is not Dutch: national id is not a KvK number"
            )
            rec["kvk_number"] = None
        return rec


FORMAT = TedAwards()
