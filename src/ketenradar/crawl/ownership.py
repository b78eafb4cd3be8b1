"""Does a website belong to its firm? And is it a parked domain or an empty (JavaScript-only) page?

Dutch business sites must show their KvK number, and most show postcode and phone number too. The
confidence combines independent signals (1 - product of misses); a site showing another KvK number
and not the firm's own is flagged as another firm's site, and a parked domain is flagged too: flagged
sites are not used as the firm's evidence (`sites.usable = false`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz

WEIGHTS = {"kvk": 0.9, "phone": 0.6, "postcode": 0.5, "name": 0.4}
LEGAL_FORMS = re.compile(
    r"\b(b\.?\s?v\.?|n\.?\s?v\.?|v\.?o\.?f\.?|c\.?v\.?|holding|beheer|groep|group|bv|nv)\b\.?", re.I
)
KVK = re.compile(
    r"(?:kvk|k\.v\.k\.?|kamer\s+van\s+koophandel|chamber\s+of\s+commerce|coc|handelsregister)"
    r"[^0-9]{0,25}(\d{8}|\d{2}[ .]?\d{3}[ .]?\d{3}|\d{4}[ .]\d{4})",
    re.I,
)
POSTCODE = re.compile(r"\b([1-9]\d{3})\s?([A-Z]{2})\b")
PARKED = re.compile(
    r"domain (?:name )?(?:is |may be )?for sale|buy this domain|this domain (?:has been |is )?(?:parked|registered)"
    r"|domein(?:naam)? (?:is )?te koop|deze domeinnaam is (?:geregistreerd|gereserveerd|geparkeerd)"
    r"|geparkeerd(?:e)? (?:domein|pagina)|parkeerpagina|parked (?:domain|free)|domain parking"
    r"|sedoparking|dan\.com|hugedomains|afternic|is geregistreerd (?:bij|via) ",
    re.I,
)


@dataclass
class Ownership:
    confidence: float
    evidence: str
    usable: bool


def normalise_kvk(raw: str) -> str:
    return re.sub(r"\D", "", raw)


def _digits(phone: str | None) -> str:
    digits = re.sub(r"\D", "", phone or "")
    if digits.startswith("0031"):
        digits = digits[4:]
    elif digits.startswith("31") and len(digits) >= 11:
        digits = digits[2:]
    return digits.lstrip("0")


def _name_core(name: str) -> str:
    return re.sub(r"\s+", " ", LEGAL_FORMS.sub(" ", name or "")).strip().lower()


def is_parked(text: str) -> bool:
    return bool(PARKED.search(text[:20000]))


def check(
    kvk_number: str,
    name: str | None,
    trade_names: list[str] | None,
    postcode: str | None,
    phone: str | None,
    text: str,
    known_firms: dict[str, str] | None = None,
) -> Ownership:
    """Ownership of a site from its visible text (all pages joined)."""
    found_kvk = {normalise_kvk(m) for m in KVK.findall(text)}
    found_kvk = {k for k in found_kvk if len(k) == 8}
    signals: list[str] = []
    if kvk_number in found_kvk:
        signals.append("kvk")
    elif found_kvk:
        other = sorted(found_kvk)[0]
        owner = (known_firms or {}).get(other)
        who = f" ({owner})" if owner else ""
        return Ownership(0.0, f"shows KvK {other}{who}, not {kvk_number}", False)
    if postcode:
        wanted = postcode.replace(" ", "").upper()
        if any(a + b == wanted for a, b in POSTCODE.findall(text)):
            signals.append("postcode")
    digits = _digits(phone)
    if len(digits) >= 9 and digits[-9:] in re.sub(r"\D", "", text):
        signals.append("phone")
    lowered = text.lower()
    for candidate in [name or "", *(trade_names or [])]:
        core = _name_core(candidate)
        if len(core) >= 3 and (core in lowered or fuzz.partial_ratio(core, lowered[:20000]) >= 92):
            signals.append("name")
            break
    miss = 1.0
    for signal in signals:
        miss *= 1.0 - WEIGHTS[signal]
    confidence = round(1.0 - miss, 3) if signals else 0.1
    evidence = (
        ("matches " + ", ".join(signals)) if signals else "no KvK number, postcode, phone or name found"
    )
    return Ownership(confidence, evidence, True)
