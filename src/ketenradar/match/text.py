"""Reading a demand: clauses, hard requirements in the text, indicator terms, evidence sentences."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from ketenradar.errors import InputError
from ketenradar.model.geo import PROVINCES, region_provinces
from ketenradar.model.text import fold

STOPWORDS = set(
    [
        "de",
        "het",
        "een",
        "en",
        "of",
        "van",
        "voor",
        "met",
        "in",
        "op",
        "aan",
        "te",
        "bij",
        "door",
        "als",
        "die",
        "dat",
        "wij",
        "we",
        "ons",
        "onze",
        "zijn",
        "is",
        "om",
        "naar",
        "tot",
        "uit",
        "over",
        "ook",
        "nog",
        "niet",
        "geen",
        "wel",
        "kan",
        "kunnen",
        "the",
        "a",
        "an",
        "and",
        "or",
        "of",
        "for",
        "with",
        "in",
        "on",
        "at",
        "to",
        "by",
        "as",
        "that",
        "we",
        "our",
        "is",
        "are",
        "be",
        "from",
        "into",
        "per",
        "incl",
        "inclusief",
        "including",
        "etc",
        "zoals",
        "such",
        "like",
    ]
)
# Words that only decorate a requirement ("AQAP 2110 gecertificeerd", "regio Oost").
REQUIREMENT_FILLER = set(
    [
        "gecertificeerd",
        "gecertificeerde",
        "certificering",
        "certificaat",
        "certificaten",
        "certified",
        "certification",
        "certificate",
        "certificates",
        "regio",
        "region",
        "regional",
        "in",
        "de",
        "het",
        "nabij",
        "near",
        "around",
        "rond",
        "rondom",
        "binnen",
        "within",
        "km",
        "kilometer",
        "kilometers",
        "van",
        "from",
        "of",
        "max",
        "maximaal",
        "provincie",
        "province",
        "landsdeel",
        "nederland",
        "netherlands",
        "verplicht",
        "required",
        "requirement",
        "eis",
        "eisen",
        "must",
    ]
)

# A comma between digits is a decimal comma ("12,5 km"), not a clause break.
_SPLIT = re.compile(r"(?:[;\n\r•·|]|(?<!\d),|,(?!\d))+|(?<!\d)\.(?!\d)")
_WORD = re.compile(r"\w+", re.UNICODE)
_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")
MAX_RADIUS_KM = 500.0
"""The largest radius around a place, as in the matchmaking form and API (web/models.py)."""
# The whole number before "km", sign and decimals included: "100000 km" must not read as "0000 km",
# nor "−5 km" as "5 km"; the value is then checked like the form's (0 < r <= MAX_RADIUS_KM).
_DISTANCE = re.compile(
    r"(?:binnen|within|max(?:imaal)?|tot|up to|straal van|radius of)?\s*(?<![\w.,])([-\u2212\u2013]?\s*\d+(?:[.,]\d+)?)\s*km\s*"
    r"(?:van|from|of|rond|rondom|around|near|nabij|vanaf)?\s+(?P<place>[^\d,;.]+)",
    re.IGNORECASE,
)
_REGION = re.compile(
    r"\b(?:regio|region|landsdeel)\s+(?P<r>noord|oost|west|zuid|north|east|south)\b"
    r"|\b(?P<r2>noord|oost|west|zuid)-?nederland\b"
    r"|\b(?P<r3>north|east|south|west)(?:ern)?\s+(?:netherlands|region)\b",
    re.IGNORECASE,
)
_PROVINCE_VARIANTS = {p: [p] for p in PROVINCES} | {"Fryslân": ["Fryslân", "Fryslan", "Friesland"]}
_PROVINCE_VARIANTS["Noord-Brabant"] = ["Noord-Brabant", "Brabant"]
_PROVINCE_PATTERNS = [
    (
        prov,
        re.compile(
            r"(?:\b(?:provincie|province)\s+)?\b(?:"
            + "|".join(re.escape(v).replace(r"\-", r"[\s\-]") for v in variants)
            + r")\b",
            re.IGNORECASE,
        ),
    )
    for prov, variants in _PROVINCE_VARIANTS.items()
]


def tokens(text: str) -> list[str]:
    return [t for t in _WORD.findall(fold(text)) if len(t) >= 3 and t not in STOPWORDS]


def stem(token: str) -> str:
    # Dutch compounds and inflections share their start ("frezen", "freeswerk" do not, but
    # "aluminium", "aluminiumbewerking" do); a 5-letter prefix is a cheap, language-neutral stem.
    return token[:5]


def split_clauses(text: str) -> list[str]:
    return [c.strip() for c in _SPLIT.split(text or "") if c and c.strip()]


def cert_pattern(indicator_id: str) -> re.Pattern[str]:
    """cert.aqap2110 -> matches 'AQAP 2110', 'AQAP-2110', 'aqap2110'; cert.ipc_a_610 -> 'IPC-A-610'."""
    name = indicator_id.split(".", 1)[-1]
    runs = re.findall(r"[a-z]+|\d+", name.lower())
    return re.compile(r"(?<![\w])" + r"[\s\-_/]*".join(map(re.escape, runs)) + r"(?![\d])", re.IGNORECASE)


@dataclass
class ParsedDemand:
    parts: list[str] = field(default_factory=list)
    """Capability clauses to match by meaning and indicators."""
    certifications: list[str] = field(default_factory=list)
    provinces: list[str] = field(default_factory=list)
    region: str | None = None
    place: str | None = None
    radius_km: float | None = None
    notes: list[str] = field(default_factory=list)
    """What was read as a requirement, for showing the user how the demand was understood."""


def demand_radius(text: str) -> float:
    """The radius written in a demand, in km, or InputError when the form would refuse it."""
    value = float(re.sub(r"\s+", "", text).replace("\u2212", "-").replace("\u2013", "-").replace(",", "."))
    if not 0 < value <= MAX_RADIUS_KM:
        raise InputError(
            f"the radius in the demand ({text.strip()} km) must be more than 0 and at most "
            f"{MAX_RADIUS_KM:g} km",
            field="demand",
        )
    return value


def _leftover(text: str) -> bool:
    return any(t not in REQUIREMENT_FILLER and not t.isdigit() for t in tokens(text))


def parse_demand(
    text: str, cert_ids: list[str], places: dict[str, tuple[float, float, str]] | None = None
) -> ParsedDemand:
    """Split a free-text demand into capability parts and hard requirements found in the text."""
    out = ParsedDemand()
    patterns = [(cid, cert_pattern(cid)) for cid in sorted(set(cert_ids))]
    places = places or {}
    for clause in split_clauses(text):
        rest = clause
        for cid, pat in patterns:
            if pat.search(rest):
                if cid not in out.certifications:
                    out.certifications.append(cid)
                rest = pat.sub(" ", rest)
        m = _DISTANCE.search(rest)
        if m:
            place_words = m.group("place").strip()
            # Longest prefix of the words that is a known place ("Enschede en omgeving" -> Enschede).
            words = place_words.split()
            for n in range(len(words), 0, -1):
                key = fold(" ".join(words[:n]))
                if key in places:
                    out.place, out.radius_km = places[key][2], demand_radius(m.group(1))
                    # Only up to the place: "30 km van Utrecht lassen" keeps "lassen".
                    place_start = m.start("place") + len(m.group("place")) - len(m.group("place").lstrip())
                    end = rest.index(words[n - 1], place_start) + len(words[n - 1])
                    rest = rest[: m.start()] + " " + rest[end:]
                    break
            else:
                out.notes.append(f"unknown place: {place_words}")
        m = _REGION.search(rest)
        if m:
            name = m.group("r") or m.group("r2") or m.group("r3")
            if region_provinces(name):
                out.region = fold(name)
                rest = rest.replace(m.group(0), " ")
        for prov, pat in _PROVINCE_PATTERNS:
            if pat.search(rest):
                if prov not in out.provinces:
                    out.provinces.append(prov)
                rest = pat.sub(" ", rest)
        if _leftover(rest):
            out.parts.append(" ".join(rest.split()) if rest != clause else clause)
    return out


def find_terms(
    text: str, vocabulary: dict[str, set[str]], acronyms: dict[str, set[str]] | None = None
) -> dict[str, str]:
    """Indicator ids whose terms occur in `text` (at a word start, so compounds match): id -> term.

    `acronyms` match only as written, as whole words ("MAG" but not "mag")."""
    norm = " " + " ".join(_WORD.findall(fold(text))) + " "
    found: dict[str, str] = {}
    if acronyms:
        words = set(_WORD.findall(text))
        for term, ids in acronyms.items():
            if term in words:
                for iid in ids:
                    found.setdefault(iid, term)
    for term, ids in vocabulary.items():
        if f" {term}" in norm:
            for iid in ids:
                if iid not in found or len(term) > len(found[iid]):
                    found[iid] = term
    return found


def normalise_term(term: str) -> str:
    return " ".join(_WORD.findall(fold(term)))


def sentences(text: str, limit: int = 400) -> list[str]:
    return [s.strip() for s in _SENTENCE.split(text or "")[:limit] if 20 <= len(s.strip()) <= 600]


@lru_cache(maxsize=200_000)
def stems(text: str) -> frozenset[str]:
    return frozenset(stem(t) for t in tokens(text))


def best_sentence(query: str, candidates: list[str]) -> tuple[str | None, int]:
    """The candidate sharing most word stems with the query (None when none shares any)."""
    q = stems(query)
    best, best_n = None, 0
    for sent in candidates:
        n = len(q & stems(sent))
        if n > best_n:
            best, best_n = sent, n
    return best, best_n
