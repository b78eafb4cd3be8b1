"""The `sites` table (written by crawl, reset by discover) and `discovered_sites` (written by discover):
which firms have a site to crawl, which lack a usable one, and what the crawl made of each site."""

from __future__ import annotations

from typing import Any

import pandas as pd

from ketenradar.model._db import frame, records, rows

USABLE = "SELECT kvk_number FROM sites WHERE status = 'ok' AND usable"
"""The firms whose site the crawl found usable (a subquery for readers of their pages)."""


def _firm_rows(db: Any, sql: str, firms: list[str] | None) -> list[dict[str, Any]]:
    found = records(db, sql)
    if firms is not None:
        wanted = set(firms)
        found = [r for r in found if r["kvk_number"] in wanted]
    for row in found:
        if row.get("trade_names") is not None:
            row["trade_names"] = list(row["trade_names"])
    return found


def to_crawl(db: Any, firms: list[str] | None = None) -> list[dict[str, Any]]:
    """Firms with a site not crawled yet (or pending): kvk_number, name, trade_names, postcode, phone,
    website, domain. A site found by `ketenradar discover` (chosen) stands in for a missing or
    unusable one."""
    return _firm_rows(
        db,
        "SELECT f.kvk_number, f.name, f.trade_names, f.postcode, f.phone, "
        "coalesce(d.url, f.website) AS website, CASE WHEN d.domain IS NULL THEN f.domain ELSE d.domain END "
        "AS domain FROM firms f LEFT JOIN sites s USING (kvk_number) "
        "LEFT JOIN discovered_sites d ON d.kvk_number = f.kvk_number AND d.chosen "
        "WHERE (coalesce(f.website, '') <> '' OR coalesce(f.domain, '') <> '' OR d.domain IS NOT NULL) "
        "AND (s.status IS NULL OR s.status = 'pending') ORDER BY f.kvk_number",
        firms,
    )


def without_usable_site(db: Any, firms: list[str] | None = None) -> list[dict[str, Any]]:
    """Firms with no website in the registry, or whose site the crawl found unusable, and no chosen
    discovered site: kvk_number, name, trade_names (a list), postcode, house_number, place, phone,
    website, domain, site_domain."""
    found = _firm_rows(
        db,
        "SELECT f.kvk_number, f.name, f.trade_names, f.postcode, f.house_number, f.place, f.phone, "
        "f.website, f.domain, s.domain AS site_domain FROM firms f LEFT JOIN sites s USING (kvk_number) "
        "WHERE NOT EXISTS (SELECT 1 FROM discovered_sites d WHERE d.kvk_number = f.kvk_number AND d.chosen) "
        "AND ((coalesce(f.website, '') = '' AND coalesce(f.domain, '') = '') "
        "  OR s.status IN ('unreachable', 'parked', 'no_text') OR (s.status = 'ok' AND NOT coalesce(s.usable, false))) "
        "ORDER BY f.kvk_number",
        firms,
    )
    for row in found:
        row["trade_names"] = row["trade_names"] or []
    return found


def unusable(db: Any) -> set[str]:
    """Firms whose crawled site was flagged (another firm's KvK number on it, parked...)."""
    return {r[0] for r in rows(db, "SELECT kvk_number FROM sites WHERE usable = false")}


def flagged_count(db: Any) -> int:
    """Sites crawled ok but flagged as not usable."""
    return int(rows(db, "SELECT count(*) FROM sites WHERE status = 'ok' AND NOT usable")[0][0] or 0)


def statuses(db: Any) -> pd.DataFrame:
    """kvk_number, status, usable of every site."""
    return frame(db, "SELECT kvk_number, status, usable FROM sites")
