"""Association member lists (e.g. NIDV): the same headers as member lists; weaker A/B evidence."""

from __future__ import annotations

from ketenradar.sources.formats.base import TabularFormat
from ketenradar.sources.formats.member_list import FIRM_ALIASES


class AssociationList(TabularFormat):
    kind = "association"
    aliases = {
        **FIRM_ALIASES,
        "name": ["Lid", "Leden", "Member", "Members", *FIRM_ALIASES["name"]],
        "description": ["Sector", "Segment", "Expertise", *FIRM_ALIASES["description"]],
    }


FORMAT = AssociationList()
