"""Candidate domains for a firm without a usable website.

Sources, in order of trust: the user's own list, e-mail domains in the firm's source records,
domains that other crawled pages link to and whose name matches the firm, and slugs of its name and
trade names on .nl, .com, .eu and .be (with and without legal form, with and without hyphens).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

TLDS = (".nl", ".com", ".eu", ".be")
SOURCE_ORDER = ("user", "email", "link", "slug")
# Mailbox providers and ISPs: an address there says nothing about the firm's own domain.
FREE_MAIL = frozenset(
    [
        "gmail.com",
        "googlemail.com",
        "hotmail.com",
        "hotmail.nl",
        "outlook.com",
        "outlook.nl",
        "live.nl",
        "live.com",
        "msn.com",
        "yahoo.com",
        "yahoo.nl",
        "icloud.com",
        "me.com",
        "aol.com",
        "gmx.com",
        "gmx.net",
        "gmx.de",
        "web.de",
        "proton.me",
        "protonmail.com",
        "ziggo.nl",
        "kpnmail.nl",
        "kpnplanet.nl",
        "planet.nl",
        "home.nl",
        "hetnet.nl",
        "xs4all.nl",
        "casema.nl",
        "chello.nl",
        "upcmail.nl",
        "quicknet.nl",
        "zeelandnet.nl",
        "telfort.nl",
        "online.nl",
        "tele2.nl",
        "caiway.nl",
        "solcon.nl",
        "telenet.be",
        "skynet.be",
    ]
)
EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)")
LEGAL = re.compile(
    r"\b(b\.?\s?v\.?|n\.?\s?v\.?|v\.?o\.?f\.?|c\.?v\.?|holding|beheer|bv|nv|vof|gmbh|bvba|sarl)(?=\s|$|[.,])\.?",
    re.I,
)
MAX_PER_FIRM = 16


def registrable(host: str) -> str:
    """example.nl from www.example.nl (no public-suffix list: two labels, enough for .nl/.com/.eu/.be)."""
    host = host.lower().strip().strip(".")
    host = host[4:] if host.startswith("www.") else host
    parts = host.split(".")
    return ".".join(parts[-2:]) if len(parts) >= 2 else host


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()


def name_slugs(names: Iterable[str | None]) -> list[str]:
    """Domain labels from names: 'Van Dijk Metaal B.V.' -> vandijkmetaal, van-dijk-metaal,
    vandijkmetaalbv, van-dijk-metaal-bv. Labels under 3 characters are dropped."""
    out: list[str] = []
    for name in names:
        if not name:
            continue
        # "B.V." -> "bv": a legal form is written without dots in a domain name
        with_form = LEGAL.sub(
            lambda m: " " + re.sub(r"[\s.]", "", m.group(1)) + " ", name.replace("&", " en ")
        )
        full = re.sub(r"[^a-z0-9]+", " ", _ascii(with_form)).split()
        core = re.sub(r"[^a-z0-9]+", " ", _ascii(LEGAL.sub(" ", name.replace("&", " en ")))).split()
        for words in (core, full):
            for slug in ("".join(words), "-".join(words)):
                if len(slug) >= 3 and len(slug) <= 63 and slug not in out:
                    out.append(slug)
    return out


def email_domains(texts: Iterable[str | None]) -> list[str]:
    out: list[str] = []
    for text in texts:
        for domain in EMAIL.findall(text or ""):
            domain = registrable(domain)
            if domain not in FREE_MAIL and domain not in out:
                out.append(domain)
    return out


def _label(domain: str) -> str:
    return domain.split(".")[0].replace("-", "")


class LinkIndex:
    """The domains crawled pages link to, by label (`van-dijk.nl` under `vandijk`), in the order the
    hosts were given: built once per run, so each firm looks up its slugs instead of scanning every
    linked host (which grows with the crawl: firms × hosts)."""

    def __init__(self, hosts: Iterable[str]):
        self._by_label: dict[str, list[tuple[int, str]]] = {}
        seen: set[str] = set()
        for position, host in enumerate(hosts):
            domain = registrable(host)
            if domain not in seen:
                seen.add(domain)
                self._by_label.setdefault(_label(domain), []).append((position, domain))

    def domains(self, slugs: list[str]) -> list[str]:
        """Linked domains whose label is one of the firm's name slugs, in host order."""
        wanted = {s.replace("-", "") for s in slugs if len(s.replace("-", "")) >= 5}
        return [
            domain for _, domain in sorted(hit for label in wanted for hit in self._by_label.get(label, ()))
        ]


def linked_domains(slugs: list[str], hosts: Iterable[str] | LinkIndex) -> list[str]:
    """Hosts linked from crawled pages whose label is one of the firm's name slugs."""
    index = hosts if isinstance(hosts, LinkIndex) else LinkIndex(hosts)
    return index.domains(slugs)


def candidates(
    names: list[str | None],
    emails: list[str],
    links: list[str] | LinkIndex,
    user: list[str],
    exclude: set[str] | None = None,
    judged: set[str] | None = None,
) -> list[tuple[str, str]]:
    """(domain, source) pairs, most trusted first, without duplicates or excluded domains.

    `judged` domains (checked for this firm before) are dropped *after* the cut at MAX_PER_FIRM, so a
    rerun on unchanged input proposes nothing new instead of reaching further down the slug list
    each time (the stage contract: a rerun changes nothing)."""
    seen = set(exclude or ())
    out: list[tuple[str, str]] = []
    slugs = name_slugs(names)
    pools = {
        "user": [registrable(d) for d in user],
        "email": list(emails),
        "link": linked_domains(slugs, links),
        "slug": [slug + tld for slug in slugs for tld in TLDS],
    }
    for source in SOURCE_ORDER:
        for domain in pools[source]:
            if domain and domain not in seen:
                seen.add(domain)
                out.append((domain, source))
    return [(domain, source) for domain, source in out[:MAX_PER_FIRM] if domain not in (judged or ())]
