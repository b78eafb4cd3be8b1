"""Is a candidate site the firm's own? Only ownership evidence counts: the firm's KvK number, its
postcode with house number, or its phone number. A name alone is never enough, and a page that lists
many firms (a directory), a parked domain, or a site showing another firm's KvK number or address is
rejected. A page with the firm's KvK number next to other firms' is unsure (a short directory or a
group page): an analyst decides."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ketenradar.crawl.ownership import KVK, POSTCODE, _digits, _name_core, is_parked, normalise_kvk

WEIGHTS = {"kvk": 0.9, "address": 0.7, "phone": 0.6, "name": 0.3}
STRONG = ("kvk", "address", "phone")
DIRECTORY_KVKS = 3  # a page showing this many KvK numbers lists firms: it is not one firm's site
DIRECTORY_POSTCODES = 4


@dataclass
class Verdict:
    decision: str  # accepted | unsure | rejected
    confidence: float
    evidence: str


def judge(
    kvk_number: str,
    name: str | None,
    trade_names: list[str] | None,
    postcode: str | None,
    house_number: str | None,
    phone: str | None,
    text: str,
) -> Verdict:
    if is_parked(text):
        return Verdict("rejected", 0.0, "parked domain")
    kvks = {k for k in (normalise_kvk(m) for m in KVK.findall(text)) if len(k) == 8}
    postcodes = {a + b for a, b in POSTCODE.findall(text)}
    if len(kvks) >= DIRECTORY_KVKS or len(postcodes) >= DIRECTORY_POSTCODES:
        return Verdict(
            "rejected", 0.0, f"lists {len(kvks)} KvK numbers and {len(postcodes)} postcodes: a directory"
        )
    if kvks and kvk_number not in kvks:
        return Verdict("rejected", 0.0, f"shows KvK {sorted(kvks)[0]}, not {kvk_number}")
    if len(kvks) > 1:  # the firm among others: a short directory, a group or a partner page
        others = ", ".join(sorted(kvks - {kvk_number})[:3])
        return Verdict("unsure", 0.5, f"shows the firm's KvK number and also KvK {others}: whose site is it?")
    signals: list[str] = []
    if kvk_number in kvks:
        signals.append("kvk")
    wanted = (postcode or "").replace(" ", "").upper()
    if wanted and wanted in postcodes and house_number and _house_near(text, postcode or "", house_number):
        signals.append("address")
    digits = _digits(phone)
    if len(digits) >= 9 and digits[-9:] in re.sub(r"\D", "", text):
        signals.append("phone")
    lowered = text.lower()
    if any(len(c) >= 3 and c in lowered for c in (_name_core(n) for n in [name or "", *(trade_names or [])])):
        signals.append("name")
    miss = 1.0
    for signal in signals:
        miss *= 1.0 - WEIGHTS[signal]
    confidence = round(1.0 - miss, 3)
    found = ", ".join(signals) or "nothing"
    if any(s in signals for s in STRONG):
        return Verdict("accepted", confidence, f"matches {found}")
    if postcodes and wanted and wanted not in postcodes:
        return Verdict(
            "rejected", confidence, f"matches {found}; shows another address ({sorted(postcodes)[0]})"
        )
    if "name" in signals or (wanted and wanted in postcodes):
        return Verdict("unsure", confidence, f"matches {found} only: no KvK number, address or phone")
    return Verdict("rejected", confidence, "no KvK number, address, phone or name of the firm")


def _house_near(text: str, postcode: str, house_number: str) -> bool:
    """The house number (with any addition) within 80 characters before the postcode."""
    number = re.escape(house_number.strip().split()[0]) if house_number.strip() else ""
    if not number:
        return False
    pc = re.escape(postcode.replace(" ", "")[:4]) + r"\s?" + re.escape(postcode.replace(" ", "")[4:].upper())
    return bool(re.search(rf"\b{number}(?:\s?[-]?\s?[A-Za-z0-9]{{1,3}})?\b.{{0,80}}?\b{pc}\b", text, re.S))
