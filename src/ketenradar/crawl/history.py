"""A site's history from the page versions refreshes keep: when did it begin to mention something?

`pages` holds each page's current version (fetched_at: when that body was first fetched) and
`page_versions` the ones a refresh replaced or found gone (first_seen .. superseded_at).
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from ketenradar.extract.text import pdf_text, visible_text
from ketenradar.store import Store


def _text(content_type: str | None, body: bytes | None) -> str:
    if not body:
        return ""
    body = bytes(body)
    if (content_type or "").endswith("pdf") or body[:5] == b"%PDF-":
        return pdf_text(body)
    return visible_text(body)


def versions(store: Store, kvk: str) -> list[dict[str, Any]]:
    """Every stored version of the firm's pages, oldest first: url, first_seen, until, current, body."""
    rows = store.fetchall(
        "SELECT url, first_seen, superseded_at, false, content_type, body FROM page_versions "
        "WHERE kvk_number = ? UNION ALL "
        "SELECT url, fetched_at, NULL, true, content_type, body FROM pages WHERE kvk_number = ? "
        "AND body IS NOT NULL ORDER BY 2 NULLS FIRST, 1",
        [kvk, kvk],
    )
    keys = ("url", "first_seen", "until", "current", "content_type", "body")
    return [dict(zip(keys, row, strict=True)) for row in rows]


def mentions(store: Store, kvk: str, pattern: str) -> list[dict[str, Any]]:
    """Per page, the earliest stored version whose text matches `pattern` (a regular expression,
    case-insensitive): [{url, first_seen, current}] in order of first_seen. `current` says whether the
    page still says it."""
    regex = re.compile(pattern, re.I)
    first: dict[str, dict[str, Any]] = {}
    still: set[str] = set()
    for version in versions(store, kvk):
        if not regex.search(_text(version["content_type"], version["body"])):
            continue
        url = version["url"]
        if version["current"]:
            still.add(url)
        first.setdefault(url, {"url": url, "first_seen": version["first_seen"]})
    out = [{**entry, "current": entry["url"] in still} for entry in first.values()]
    return sorted(out, key=lambda m: (m["first_seen"] or datetime.min, m["url"]))


def site_changes(store: Store, since: datetime) -> dict[str, list[dict[str, str]]]:
    """What refreshes found changed on firms' sites since a moment (e.g. the previous score run):
    kvk -> [{url, change: changed | gone | new}]. For saying why a firm's category changed."""
    out: dict[str, list[dict[str, str]]] = {}
    rows = store.fetchall(
        "SELECT v.kvk_number, v.url, CASE WHEN p.url IS NULL THEN 'gone' ELSE 'changed' END "
        "FROM (SELECT DISTINCT kvk_number, url FROM page_versions WHERE superseded_at >= ?) v "
        "LEFT JOIN pages p USING (kvk_number, url) "
        "UNION ALL "
        "SELECT p.kvk_number, p.url, 'new' FROM pages p WHERE p.fetched_at >= ? AND p.body IS NOT NULL "
        "AND NOT EXISTS (SELECT 1 FROM page_versions v WHERE v.kvk_number = p.kvk_number AND v.url = p.url) "
        "AND EXISTS (SELECT 1 FROM pages q WHERE q.kvk_number = p.kvk_number AND q.fetched_at < ?) "
        "ORDER BY 1, 2",
        [since, since, since],
    )
    for kvk, url, change in rows:
        out.setdefault(kvk, []).append({"url": url, "change": change})
    return out
