"""Parent side of the crawl: store what the worker reports, and close each site with its status.

Requests and pages are committed in small transactions as they arrive (a kill loses at most the
batch in flight, which is simply fetched again). When a site ends, its content decides the final
status (parked, no_text) and the ownership check decides whether it may serve as evidence.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

import pandas as pd

from ketenradar.crawl import ownership
from ketenradar.extract.text import pdf_text, visible_text
from ketenradar.store import Store


class StoreWriter:
    def __init__(
        self,
        store: Store,
        run_id: str,
        firms: dict[str, dict[str, Any]],
        known_firms: dict[str, str],
        min_chars: int,
    ):
        self.store, self.run_id, self.firms = store, run_id, firms
        self.refreshing: set[str] = set()  # sites this run crawls again (refresh, retry)
        # Refresh: each refreshed site's row before it was reopened (status, ownership...).
        self.previous: dict[str, dict[str, Any]] = {}
        self.known_firms, self.min_chars = known_firms, min_chars
        self.seq: dict[str, int] = {}
        self.pages_written = 0
        self.statuses: dict[str, int] = {}
        self.reasons: dict[str, int] = {}
        self.ended: set[str] = set()
        self.errors: list[str] = []
        # Refresh figures: pages confirmed unchanged (304 or same body), changed, new, gone.
        self.page_changes: dict[str, int] = {
            "unchanged": 0,
            "skipped_by_sitemap": 0,
            "changed": 0,
            "new": 0,
            "gone": 0,
        }
        self.changed_sites: set[str] = set()

    def _next_seq(self, kvk: str) -> int:
        if not self.seq:  # once: where each firm's recorded requests stopped
            self.seq = {
                k: int(v)
                for k, v in self.store.fetchall(
                    "SELECT kvk_number, max(seq) FROM crawl_requests GROUP BY kvk_number"
                )
            }
            self.seq.setdefault("", 0)
        self.seq[kvk] = self.seq.get(kvk, 0) + 1
        return self.seq[kvk]

    def write(self, messages: list[dict[str, Any]]) -> list[str]:
        """Store a batch in one transaction; returns the KvK numbers of the sites that ended."""
        requests, pages, confirmed = [], {}, []
        for m in messages:
            if m["type"] == "error":
                self.errors.append(m.get("message") or "unknown error")
            if m["type"] != "request":
                continue
            row = self._request_row(m)
            requests.append(row)
            if m["kind"] in ("home", "page") and m.get("unchanged") and m.get("final_url"):
                confirmed.append((m["kvk_number"], m["final_url"], row["fetched_at"]))
                self.page_changes["skipped_by_sitemap"] += bool(m.get("by_sitemap"))
                continue
            if m["kind"] in ("home", "page") and m.get("final_url") and m.get("status_code") is not None:
                body = m.get("body")
                key = (m["kvk_number"], m["final_url"])
                if key in pages:
                    continue  # two requests redirected to one page: keep the first
                pages[key] = {
                    "url": m["final_url"],
                    "kvk_number": m["kvk_number"],
                    "status_code": m["status_code"],
                    "content_type": m.get("content_type"),
                    "size": m.get("size") if body is None else len(body),
                    "sha256": m.get("sha256"),
                    "body": body,
                    "fetched_at": row["fetched_at"],
                    "run_id": self.run_id,
                    "etag": m.get("etag"),
                    "last_modified": m.get("last_modified"),
                    "checked_at": row["fetched_at"],
                    "links": json.dumps(m.get("links") or []) if body is not None else None,
                    "external_domains": json.dumps(m.get("external_domains") or [])
                    if body is not None
                    else None,
                }
        ended: list[str] = []
        with self.store.transaction():
            # One statement per table and batch: single-row INSERTs cost ~20 ms each in DuckDB.
            if requests:
                self._insert("crawl_requests", requests, "OR REPLACE")
            if confirmed:
                self._confirm(confirmed)
            if pages:
                self._write_pages(list(pages.values()))
            for m in messages:
                if m["type"] == "site":
                    self._site(m)
                    ended.append(m["kvk_number"])
                    self.ended.add(m["kvk_number"])
        return ended

    def _confirm(self, confirmed: list[tuple[str, str, Any]]) -> None:
        """Pages a refresh found unchanged (HTTP 304): only the time they were last confirmed."""
        for kvk, url, when in confirmed:
            self.store.execute(
                "UPDATE pages SET checked_at = ? WHERE kvk_number = ? AND url = ?", [when, kvk, url]
            )
        self.page_changes["unchanged"] += len(confirmed)

    def _write_pages(self, rows: list[dict[str, Any]]) -> None:
        """New pages are inserted; a page stored by an earlier run is confirmed when its body is the
        same, and replaced when it changed, its old version kept in `page_versions`."""
        keys = [(r["kvk_number"], r["url"]) for r in rows]
        existing = {
            (k, u): (sha, run)
            for k, u, sha, run in self.store.fetchall(
                "SELECT kvk_number, url, sha256, run_id FROM pages "
                "WHERE (kvk_number, url) IN (SELECT unnest(?), unnest(?))",
                [[k for k, _ in keys], [u for _, u in keys]],
            )
        }
        fresh, changed, same = [], [], []
        for row in rows:
            old = existing.get((row["kvk_number"], row["url"]))
            if old is None:
                fresh.append(row)
            elif old[1] == self.run_id:
                continue  # two requests of this run led to one page: keep the first
            elif old[0] == row["sha256"]:
                same.append(row)
            else:
                changed.append(row)
        if changed:
            self._archive([(r["kvk_number"], r["url"]) for r in changed])
            self._insert("pages", changed, "OR REPLACE")
        if fresh:
            self._insert("pages", fresh, "OR IGNORE")
        for row in same:
            self.store.execute(
                "UPDATE pages SET checked_at = ?, etag = ?, last_modified = ?, links = ? "
                "WHERE kvk_number = ? AND url = ?",
                [
                    row["checked_at"],
                    row["etag"],
                    row["last_modified"],
                    row["links"],
                    row["kvk_number"],
                    row["url"],
                ],
            )
        self.pages_written += len(fresh) + len(changed)
        refreshed = {k for k, _ in existing}
        self.page_changes["unchanged"] += len(same)
        self.page_changes["changed"] += len(changed)
        self.page_changes["new"] += sum(1 for r in fresh if r["kvk_number"] in self.refreshing)
        self.changed_sites.update(r["kvk_number"] for r in changed)
        self.changed_sites.update(
            r["kvk_number"] for r in fresh if r["kvk_number"] in refreshed | self.refreshing
        )

    def _archive(self, keys: list[tuple[str, str]]) -> None:
        """Copy the stored version of these pages to `page_versions` (before they are replaced)."""
        self.store.execute(
            "INSERT OR IGNORE INTO page_versions (kvk_number, url, sha256, content_type, body, first_seen, "
            "superseded_at, run_id) SELECT kvk_number, url, coalesce(sha256, ''), content_type, body, "
            "fetched_at, ?, ? FROM pages WHERE (kvk_number, url) IN (SELECT unnest(?), unnest(?))",
            [datetime.now(), self.run_id, [k for k, _ in keys], [u for _, u in keys]],
        )

    def _drop_unseen_pages(self, kvk: str) -> None:
        """A site crawled again (refresh) no longer leads to some stored pages: archive and remove them,
        so the firm's text is what the site says now."""
        gone = [
            r[0]
            for r in self.store.fetchall(
                "SELECT url FROM pages WHERE kvk_number = ? AND url NOT IN "
                "(SELECT final_url FROM crawl_requests WHERE kvk_number = ? AND final_url IS NOT NULL)",
                [kvk, kvk],
            )
        ]
        if not gone:
            return
        self._archive([(kvk, url) for url in gone])
        self.store.execute(
            "DELETE FROM pages WHERE kvk_number = ? AND url IN (SELECT unnest(?))", [kvk, gone]
        )
        self.page_changes["gone"] += len(gone)
        self.changed_sites.add(kvk)

    def _insert(self, table: str, rows: list[dict[str, Any]], conflict: str) -> None:
        frame = pd.DataFrame(rows)
        name = f"_batch_{table}"
        self.store.con.register(name, frame)
        try:
            self.store.execute(f"INSERT {conflict} INTO {table} BY NAME SELECT * FROM {name}")
        finally:
            self.store.con.unregister(name)

    def _request_row(self, m: dict[str, Any]) -> dict[str, Any]:
        kvk = m["kvk_number"]
        return {
            "kvk_number": kvk,
            "request_url": m["request_url"],
            "kind": m["kind"],
            "final_url": m.get("final_url"),
            "depth": m.get("depth"),
            "status_code": m.get("status_code"),
            "error": m.get("error"),
            "status": m.get("status"),
            "links": json.dumps(m.get("links") or []),
            "sitemaps": json.dumps(m.get("sitemaps") or []),
            "seq": self._next_seq(kvk),
            "fetched_at": datetime.fromisoformat(m["fetched_at"]) if m.get("fetched_at") else None,
            "run_id": self.run_id,
        }

    def site_text(self, kvk: str, home_url: str | None) -> tuple[str, str]:
        """(all visible text, home page text) of a site's stored pages."""
        rows = self.store.fetchall(
            "SELECT p.url, p.content_type, p.body FROM pages p WHERE p.kvk_number = ? AND p.body IS NOT NULL "
            "ORDER BY (SELECT min(r.seq) FROM crawl_requests r "
            "          WHERE r.kvk_number = p.kvk_number AND r.final_url = p.url), p.url",
            [kvk],
        )
        texts, home, pdfs = [], "", []
        for url, ctype, body in rows:
            if (ctype or "").endswith("pdf"):
                pdfs.append(body)
                continue
            text = visible_text(body)
            texts.append(text)
            if url == home_url:
                home = text
        # PDFs only count when the HTML says too little (reading them is slow).
        if sum(len(t) for t in texts) < self.min_chars:
            texts.extend(pdf_text(body) for body in pdfs)
        return "\n".join(texts), home

    def _site(self, m: dict[str, Any]) -> None:
        kvk = m["kvk_number"]
        firm = self.firms.get(kvk, {})
        status, reason = m["status"], m.get("reason")
        confidence, evidence, usable = None, None, False
        before = self.previous.get(kvk)
        if status == "ok":
            self._drop_unseen_pages(kvk)
        if (
            status == "ok"
            and before is not None
            and kvk not in self.changed_sites
            and before["final_url"] == m.get("final_url")
            and before["status"] in ("ok", "parked", "no_text")
        ):
            # Refreshed and not one page changed: what was judged from its content still holds.
            status, reason = before["status"], before["reason"]
            confidence, evidence, usable = before["confidence"], before["evidence"], before["usable"]
        elif status == "ok":
            text, home = self.site_text(kvk, m.get("final_url"))
            if ownership.is_parked(home or text):
                status, reason, evidence = "parked", "the home page is a parked-domain page", "parked domain"
                confidence = 0.0
            elif len(text.strip()) < self.min_chars:
                status, reason = "no_text", f"less than {self.min_chars} characters of visible text"
            else:
                owner = ownership.check(
                    kvk,
                    firm.get("name"),
                    firm.get("trade_names"),
                    firm.get("postcode"),
                    firm.get("phone"),
                    text,
                    self.known_firms,
                )
                confidence, evidence, usable = owner.confidence, owner.evidence, owner.usable
        n_pages = self.store.scalar(
            "SELECT count(*) FROM pages WHERE kvk_number = ? AND body IS NOT NULL", [kvk]
        )
        url = m.get("final_url") or m["start_url"]
        self.store.execute(
            "INSERT OR REPLACE INTO sites (kvk_number, start_url, final_url, domain, status, n_pages, "
            "ownership_confidence, ownership_evidence, usable, reason, finished_at, run_id, variant, "
            "attempts, checked_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                kvk,
                m["start_url"],
                m.get("final_url"),
                (urlsplit(url).hostname or "").lower() or None,
                status,
                int(n_pages or 0),
                confidence,
                evidence,
                usable,
                reason,
                datetime.now().replace(microsecond=0),
                self.run_id,
                m.get("variant"),
                json.dumps(m.get("attempts") or []),
                datetime.now().replace(microsecond=0),
            ],
        )
        self.statuses[status] = self.statuses.get(status, 0) + 1
        if status != "ok" and reason:
            self.reasons[reason] = self.reasons.get(reason, 0) + 1
