"""Website corrections from the portal: a firm's corrected site is crawled on the next run.

A firm (or an analyst for it) that corrects its website in the portal (docs/portal.md) outranks the
registry and discovery: the correction becomes the firm's chosen `discovered_sites` row (source
`portal`, decision `accepted`), which the crawl uses instead of the registry's website. When it differs
from the site crawled last, the firm's crawl rows are reset as after an accepted discovery, so the next
`ketenradar crawl` fetches the corrected site (the old pages are archived as versions). A correction
that is withdrawn gives the firm its registry site back the same way.

The crawl calls `apply_website_corrections` at its start; the address policy still applies (a
correction pointing at a private address is refused like any other site).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from ketenradar.config import Config
from ketenradar.crawl.stage import start_url
from ketenradar.model import firms as firms_model
from ketenradar.model import portal as portal_model
from ketenradar.store import Store

SOURCE = "portal"


def _domain(url: str) -> str:
    host = (urlsplit(url).hostname or "").lower()
    return host[4:] if host.startswith("www.") else host


def apply_website_corrections(
    store: Store, config: Config, run_id: str, firms: list[str] | None = None
) -> dict[str, int]:
    """Make each portal website correction the firm's chosen site; reset the crawl of the firms whose
    crawled site it changes. Returns counts: corrected, recrawl, withdrawn, invalid."""
    counts = {"corrected": 0, "recrawl": 0, "withdrawn": 0, "invalid": 0}
    corrections = portal_model.website_corrections(config)
    current: dict[str, tuple[str, str | None]] = {
        k: (d, u)
        for k, d, u in store.fetchall(
            "SELECT kvk_number, domain, url FROM discovered_sites WHERE source = ? AND chosen", [SOURCE]
        )
    }
    if not corrections and not current:
        return counts  # no portal, or nobody corrected a website: nothing to write
    known = set(firms_model.read(store, ("kvk_number",))["kvk_number"])
    wanted = None if firms is None else set(firms)
    crawled = dict(store.fetchall("SELECT kvk_number, start_url FROM sites"))
    todo: list[tuple[str, str, str, str]] = []  # kvk, url, domain, evidence
    for kvk, firm in sorted(corrections.items()):
        if kvk not in known or (wanted is not None and kvk not in wanted):
            continue
        url = start_url(firm.website, None)
        domain = _domain(url) if url else ""
        if not url or not domain:
            counts["invalid"] += 1
            continue
        if current.get(kvk) != (domain, url) or (kvk in crawled and crawled[kvk] != url):
            todo.append(
                (kvk, url, domain, f"corrected in the portal by {firm.updated_by} at {firm.updated_at}")
            )
    withdrawn = [k for k in sorted(set(current) - set(corrections)) if wanted is None or k in wanted]
    if not todo and not withdrawn:
        return counts
    now = datetime.now()
    with store.transaction():
        for kvk, url, domain, evidence in todo:
            if current.get(kvk) != (domain, url):
                store.execute("UPDATE discovered_sites SET chosen = false WHERE kvk_number = ?", [kvk])
                store.execute(
                    "DELETE FROM discovered_sites WHERE kvk_number = ? AND source = ?", [kvk, SOURCE]
                )
                store.execute(
                    "INSERT OR REPLACE INTO discovered_sites (kvk_number, domain, source, url, fetch_status, "
                    "decision, chosen, confidence, evidence, checked_at, run_id) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [
                        kvk,
                        domain,
                        SOURCE,
                        url,
                        "not_fetched",
                        "accepted",
                        True,
                        1.0,
                        evidence,
                        now,
                        run_id,
                    ],
                )
                counts["corrected"] += 1
            if kvk in crawled and crawled[kvk] != url:
                _reset_crawl(store, kvk)
                counts["recrawl"] += 1
        for kvk in withdrawn:
            # Withdrawn in the portal: the registry's (or discovery's) site counts again.
            store.execute("DELETE FROM discovered_sites WHERE kvk_number = ? AND source = ?", [kvk, SOURCE])
            _reset_crawl(store, kvk)
            counts["withdrawn"] += 1
    return counts


def _reset_crawl(store: Store, kvk: str) -> None:
    """As an accepted discovery: the next crawl starts from the firm's (new) chosen site."""
    store.execute("DELETE FROM crawl_requests WHERE kvk_number = ?", [kvk])
    store.execute("DELETE FROM sites WHERE kvk_number = ?", [kvk])


def corrections_table(counts: dict[str, Any]) -> dict[str, Any]:
    """The crawl's figures for the portal's website corrections (only those that happened)."""
    return {f"portal_websites_{k}": v for k, v in counts.items() if v}
