"""Geography: the twelve provinces (one spelling everywhere), the CBS regions, postcode areas.

The province of Friesland is spelled by its official name, Fryslân, in every table, report,
export, page and API answer; what people type or what a source file says ('Friesland', 'FRYSLAN',
'noord holland', 'NH') is read through `canonical_province`.
"""

from __future__ import annotations

import re

from ketenradar.model.text import strip_accents

PROVINCES: tuple[str, ...] = (
    "Groningen",
    "Fryslân",
    "Drenthe",
    "Overijssel",
    "Flevoland",
    "Gelderland",
    "Utrecht",
    "Noord-Holland",
    "Zuid-Holland",
    "Zeeland",
    "Noord-Brabant",
    "Limburg",
)

# The CBS "landsdelen": what people mean by "regio Oost" and the like.
REGIONS: dict[str, list[str]] = {
    "noord": ["Groningen", "Fryslân", "Drenthe"],
    "oost": ["Overijssel", "Flevoland", "Gelderland"],
    "west": ["Utrecht", "Noord-Holland", "Zuid-Holland", "Zeeland"],
    "zuid": ["Noord-Brabant", "Limburg"],
}
REGION_ALIASES = {
    "noord": "noord",
    "north": "noord",
    "northern": "noord",
    "oost": "oost",
    "east": "oost",
    "eastern": "oost",
    "west": "west",
    "western": "west",
    "zuid": "zuid",
    "south": "zuid",
    "southern": "zuid",
}

# Other names and abbreviations, keyed as `_key` leaves them (letters only, lower case).
_ALIASES = {
    "friesland": "Fryslân",
    "frl": "Fryslân",
    "fr": "Fryslân",
    "gr": "Groningen",
    "dr": "Drenthe",
    "ov": "Overijssel",
    "fl": "Flevoland",
    "ge": "Gelderland",
    "gld": "Gelderland",
    "ut": "Utrecht",
    "nh": "Noord-Holland",
    "northholland": "Noord-Holland",
    "zh": "Zuid-Holland",
    "southholland": "Zuid-Holland",
    "ze": "Zeeland",
    "nb": "Noord-Brabant",
    "northbrabant": "Noord-Brabant",
    "brabant": "Noord-Brabant",
    "li": "Limburg",
}


def _key(text: str) -> str:
    return re.sub(r"[^a-z]", "", strip_accents(text).lower())


_PROVINCE_KEYS = {_key(p): p for p in PROVINCES} | _ALIASES


def canonical_province(value: object) -> str | None:
    """'noord holland', 'Friesland', 'FRYSLAN', 'NH' -> the one spelling; None if not a province."""
    if not isinstance(value, str) or not value.strip():
        return None
    return _PROVINCE_KEYS.get(_key(value))


def region_provinces(name: str | None) -> list[str] | None:
    """The provinces of a region typed as 'oost', 'East', ...; None when it is not a region."""
    if not name:
        return None
    key = REGION_ALIASES.get(_key(name))
    return REGIONS[key] if key else None


def province_from_postcode(postcode: object) -> str | None:
    """The province a Dutch postcode ('1234 AB') lies in, by its two-digit area (the table resolve
    uses for coordinates; a few border areas differ); None when not a postcode."""
    from ketenradar.resolve.normalise import locate

    if not isinstance(postcode, str):
        return None
    return canonical_province(locate(postcode)[0])
