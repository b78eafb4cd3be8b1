"""Which pages of a site to fetch first: a deterministic relevance score from URL and link text.

The pages that tell what a manufacturer does (about, products, services, machine park, quality and
certification) come first, in Dutch and English; legal, job, news and shop pages last. The score
depends only on the URL, the anchor text and the depth, so the same site always yields the same
page set (which the resume guarantee relies on).
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

# (weight, terms): a term matches a path segment or anchor word that contains it.
TOPICS: list[tuple[float, tuple[str, ...]]] = [
    (
        10.0,
        (
            "over-ons",
            "overons",
            "about",
            "wie-zijn-wij",
            "bedrijf",
            "company",
            "organisatie",
            "profiel",
            "profile",
            "historie",
            "history",
        ),
    ),
    (10.0, ("product", "assortiment", "oplossing", "solution", "systemen", "systems")),
    (10.0, ("dienst", "service", "capabilit", "wat-we-doen", "what-we-do", "expertise", "werkzaamhed")),
    (
        10.0,
        (
            "machinepark",
            "machines",
            "faciliteit",
            "facilit",
            "equipment",
            "productiemiddel",
            "technieken",
            "technolog",
            "bewerking",
            "verspan",
            "lassen",
            "welding",
            "frezen",
            "draaien",
            "milling",
            "turning",
            "plaatwerk",
            "sheet-metal",
        ),
    ),
    (
        10.0,
        ("kwaliteit", "quality", "certific", "iso", "aqap", "keurmerk", "accreditat", "normering"),
    ),
    (6.0, ("markt", "market", "sector", "industrie", "industries", "branche", "toepassing", "application")),
    (5.0, ("werkwijze", "proces", "process", "engineering", "ontwikkel", "development", "r-d", "innovat")),
    (3.0, ("contact", "locatie", "location", "route")),
    (2.0, ("project", "referentie", "reference", "case")),
]
NEGATIVE: tuple[str, ...] = (
    "privacy",
    "cookie",
    "disclaimer",
    "voorwaarden",
    "terms",
    "algemene",
    "login",
    "inlog",
    "account",
    "cart",
    "winkelwagen",
    "checkout",
    "vacature",
    "vacancies",
    "jobs",
    "career",
    "werken-bij",
    "nieuws",
    "news",
    "blog",
    "agenda",
    "event",
    "tag",
    "author",
    "search",
    "zoeken",
    "sitemap",
    "wp-",
    "feed",
    "print",
    "share",
    "mailto",
)
_WORD = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def _any_of(terms: tuple[str, ...]) -> re.Pattern[str]:
    """Matches where any of `terms` occurs (as `any(term in text for term in terms)`, in one scan)."""
    return re.compile("|".join(re.escape(term) for term in terms))


# Each link of every page is scored: one compiled scan per group instead of a loop over its terms.
_TOPIC_PATTERNS = [(weight, _any_of(terms)) for weight, terms in TOPICS]
_NEGATIVE_PATTERN = _any_of(NEGATIVE)


def score(url: str, anchor: str = "", depth: int = 1) -> float:
    """Higher is fetched earlier. Home is handled separately (always first)."""
    parts = urlsplit(url)
    path = parts.path.lower()
    words = " ".join(_WORD.findall(path)) + " " + " ".join(_WORD.findall(anchor.lower()))
    value = 0.0
    for weight, pattern in _TOPIC_PATTERNS:
        if pattern.search(words):
            value += weight
    if _NEGATIVE_PATTERN.search(words):
        value -= 8.0
    if parts.query:
        value -= 3.0
    if path.endswith(".pdf"):
        value -= 2.0  # a certificate PDF still ranks high through its name
    value -= 1.5 * max(depth - 1, 0)
    value -= 0.5 * max(path.rstrip("/").count("/") - 1, 0)
    return value
