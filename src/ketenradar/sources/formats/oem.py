"""OEM / prime-contractor supplier lists: who supplies which defence OEM (category B evidence)."""

from __future__ import annotations

import re

from ketenradar.sources.formats.base import TabularFormat
from ketenradar.sources.formats.member_list import FIRM_ALIASES


class OemSuppliers(TabularFormat):
    kind = "oem"
    aliases = {
        **FIRM_ALIASES,
        "name": ["Leverancier", "Supplier", "Supplier name", "Naam leverancier", *FIRM_ALIASES["name"]],
        "oem_name": ["OEM", "Prime", "Hoofdaannemer", "Klant", "Customer", "Afnemer", "OEM name"],
        "supplies": [
            "Levert",
            "Product",
            "Producten",
            "Productgroep",
            "Commodity",
            "Supplies",
            "Scope",
            "Categorie",
            "Category",
            "Onderdeel",
        ],
    }

    def prepare(self, raw, cells, path):
        # A list without an OEM column is one OEM's list: its file name names the OEM.
        if not raw.get("oem_name"):
            stem = re.sub(r"[_\-]+", " ", path.stem)
            stem = re.sub(r"(?i)\b(leveranciers(lijst)?|suppliers?|list|lijst|oem)\b", " ", stem)
            raw["oem_name"] = " ".join(stem.split()) or path.stem
        return raw


FORMAT = OemSuppliers()
