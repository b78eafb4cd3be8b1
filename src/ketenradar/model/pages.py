"""The `pages` and `crawl_requests` tables (written by crawl) and `page_texts` (written by extract):
the crawled pages, the order they were found in, and the text extracted from them."""

from __future__ import annotations

from typing import Any

import pandas as pd

from ketenradar.model._db import frame, rows
from ketenradar.model.sites import USABLE


def _scope(firms: list[str] | None) -> tuple[str, list[Any]]:
    if firms is None:
        return "", []
    return " AND p.kvk_number IN (SELECT unnest(?))", [list(firms)]


def stored_count(db: Any) -> int:
    """Pages stored with a body."""
    return int(rows(db, "SELECT count(*) FROM pages WHERE body IS NOT NULL")[0][0] or 0)


def linked_domains(db: Any) -> list[str]:
    """Every domain some crawled page links to."""
    found = rows(
        db,
        "SELECT DISTINCT unnest(CAST(external_domains AS VARCHAR[])) FROM pages WHERE external_domains IS NOT NULL",
    )
    return [r[0] for r in found if r[0]]


def delete_orphan_texts(db: Any) -> list[str]:
    """Delete the page texts whose page is gone (a refresh archived it); the URLs deleted."""
    found = rows(
        db,
        "DELETE FROM page_texts t WHERE NOT EXISTS "
        "(SELECT 1 FROM pages p WHERE p.kvk_number = t.kvk_number AND p.url = t.url) RETURNING t.url",
    )
    return [r[0] for r in found]


def to_extract(db: Any, firms: list[str] | None = None) -> list[tuple[str, str]]:
    """(kvk_number, url) of the answered pages of usable sites whose text is missing or out of date."""
    scope, params = _scope(firms)
    return rows(
        db,
        "SELECT p.kvk_number, p.url FROM pages p LEFT JOIN page_texts t USING (kvk_number, url) "
        f"WHERE p.kvk_number IN ({USABLE}) AND p.body IS NOT NULL AND p.status_code BETWEEN 200 AND 299 "
        f"AND (t.sha256 IS NULL OR t.sha256 <> p.sha256){scope} ORDER BY p.kvk_number, p.url",
        params,
    )


def bodies(db: Any, keys: list[tuple[str, str]]) -> pd.DataFrame:
    """kvk_number, url, content_type, body, sha256 of the pages `keys` names."""
    found = rows(
        db,
        "SELECT kvk_number, url, content_type, body, sha256 FROM pages "
        "WHERE (kvk_number, url) IN (SELECT unnest(?), unnest(?))",
        [[k for k, _ in keys], [u for _, u in keys]],
    )
    return pd.DataFrame(found, columns=["kvk_number", "url", "content_type", "body", "sha256"])


def usable_text_count(db: Any, firms: list[str] | None = None) -> int:
    """Page texts of usable sites."""
    scope, params = _scope(firms)
    found = rows(db, f"SELECT count(*) FROM page_texts p WHERE p.kvk_number IN ({USABLE}){scope}", params)
    return int(found[0][0] or 0)


def texts_in_crawl_order(db: Any, firms: list[str] | None = None) -> pd.DataFrame:
    """kvk_number, url, title, text, language of the page texts of usable sites, each site's pages in
    crawl order: by the depth of the first request that led to the page (home first), then by URL.

    Not by arrival: pages fetched at once arrive in any order, and a refresh (which rebuilds a site's
    requests) would then give an unchanged site another document."""
    scope, params = _scope(firms)
    return frame(
        db,
        "SELECT p.kvk_number, p.url, p.title, p.text, p.language FROM page_texts p "
        "LEFT JOIN (SELECT kvk_number, final_url, min(depth) AS depth FROM crawl_requests GROUP BY ALL) r "
        "ON r.kvk_number = p.kvk_number AND r.final_url = p.url "
        f"WHERE p.kvk_number IN ({USABLE}){scope} ORDER BY p.kvk_number, r.depth NULLS LAST, p.url",
        params,
    )


def languages(db: Any, kvks: list[str]) -> pd.DataFrame:
    """kvk_number, url, language of the page texts of `kvks` whose language extract detected."""
    return frame(
        db,
        "SELECT kvk_number, url, language FROM page_texts "
        "WHERE list_contains(?, kvk_number) AND language IS NOT NULL",
        [kvks],
    )
