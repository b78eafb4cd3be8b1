"""Normalisation for matching: names without legal forms, postcodes, places and domains."""

from __future__ import annotations

import re
from functools import cache, lru_cache
from importlib import resources

from ketenradar.model.text import strip_accents

# Legal-form and holding words: they say nothing about which firm is meant ("Jansen B.V." and
# "Jansen Holding" are matched on "jansen").
LEGAL_FORMS = {
    "bv",
    "nv",
    "vof",
    "cv",
    "bvba",
    "ltd",
    "gmbh",
    "inc",
    "sa",
    "sarl",
    "ag",
    "plc",
    "llc",
    "holding",
    "holdings",
    "beheer",
    "io",
    "eenmanszaak",
    "ez",
    "cooperatie",
    "ua",
    "stichting",
    "vereniging",
    "en",
    "zn",
    "zonen",
}

# Caches of the normalisers: bounded, because a run sees every name, place, postcode and domain of a
# register of hundreds of thousands of firms once or twice, and an unbounded cache would keep them all.
CACHE_SIZE = 1 << 12

_DOTTED = re.compile(r"\b((?:[a-z]\.){1,4}[a-z]?)(?=\s|$|,)")


@lru_cache(maxsize=CACHE_SIZE)
def _name_tokens(name: str) -> tuple[str, ...]:
    text = strip_accents(name).casefold().replace("&", " en ")
    # 'b.v.' / 'v.o.f.' / 'n.v' -> 'bv' / 'vof' / 'nv' before punctuation is dropped
    text = _DOTTED.sub(lambda m: m.group(1).replace(".", ""), text)
    text = re.sub(r"[^a-z0-9]+", " ", text)
    tokens = text.split()
    kept = [t for t in tokens if t not in LEGAL_FORMS]
    return tuple(kept or tokens)


def name_tokens(name: str | None) -> list[str]:
    return list(_name_tokens(name)) if name else []


def norm_name(name: str | None) -> str:
    return " ".join(name_tokens(name))


_PLACE_ALIASES = {
    "s gravenhage": "den haag",
    "the hague": "den haag",
    "s hertogenbosch": "den bosch",
    "hertogenbosch": "den bosch",
    "bergen op zoom": "bergen op zoom",
}


@lru_cache(maxsize=CACHE_SIZE)
def norm_place(place: str | None) -> str:
    if not place:
        return ""
    text = re.sub(r"[^a-z0-9]+", " ", strip_accents(place).casefold()).strip()
    text = re.sub(r"\s+(nb|nh|zh|gld|gem|ov|l|li|fr|gr|dr|ut|u|z|ze)$", "", text)  # 'Bergen NH'
    return _PLACE_ALIASES.get(text, text)


@lru_cache(maxsize=CACHE_SIZE)
def norm_postcode(postcode: str | None) -> str:
    if not postcode:
        return ""
    return "".join(postcode.split()).upper()


@lru_cache(maxsize=CACHE_SIZE)
def norm_domain(domain: str | None) -> str:
    if not domain:
        return ""
    d = domain.strip().lower().rstrip(".")
    return d[4:] if d.startswith("www.") else d


@cache
def pc2_table() -> dict[str, tuple[str, float, float]]:
    text = resources.files("ketenradar.resolve").joinpath("pc2.tsv").read_text(encoding="utf-8")
    out = {}
    for line in text.splitlines()[1:]:
        if line.strip():
            pc2, province, lat, lon = line.split("\t")
            out[pc2] = (province, float(lat), float(lon))
    return out


def locate(postcode: str | None) -> tuple[str | None, float | None, float | None]:
    """(province, latitude, longitude) of a Dutch postcode's two-digit area."""
    pc = norm_postcode(postcode)
    hit = pc2_table().get(pc[:2]) if len(pc) >= 2 and pc[:2].isdigit() else None
    return hit if hit else (None, None, None)


SIZE_CLASSES = ("0-9", "10-49", "50-249", "250+")
"""The size classes `size_class` gives (employees), as filters name them."""


def size_class(employees: int | None) -> str | None:
    if employees is None:
        return None
    for upper, label in ((9, "0-9"), (49, "10-49"), (249, "50-249")):
        if employees <= upper:
            return label
    return "250+"
