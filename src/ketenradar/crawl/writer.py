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
        self.known_firms, self.min_chars = known_firms, min_chars
        self.seq: dict[str, int] = {}
        self.pages_written = 0
        self.statuses: dict[str, int] = {}

    def _next_seq(self, kvk: str) -> int:
        if kvk not in self.seq:
            current = self.store.scalar("SELECT max(seq) FROM crawl_requests WHERE kvk_number = ?", [kvk])
            self.seq[kvk] = int(current) if current is not None else 0
        self.seq[kvk] += 1
        return self.seq[kvk]

    def write(self, messages: list[dict[str, Any]]) -> list[str]:
        """Store a batch in one transaction; returns the KvK numbers of the sites that ended."""
        ended: list[str] = []
        with self.store.transaction():
            for message in messages:
                if message["type"] == "request":
                    self._request(message)
                elif message["type"] == "site":
                    self._site(message)
                    ended.append(message["kvk_number"])
        return ended

    def _request(self, m: dict[str, Any]) -> None:
        kvk = m["kvk_number"]
        fetched_at = datetime.fromisoformat(m["fetched_at"]) if m.get("fetched_at") else None
        self.store.execute(
            "INSERT OR REPLACE INTO crawl_requests (kvk_number, request_url, kind, final_url, depth, "
            "status_code, error, status, links, sitemaps, seq, fetched_at, run_id) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                kvk,
                m["request_url"],
                m["kind"],
                m.get("final_url"),
                m.get("depth"),
                m.get("status_code"),
                m.get("error"),
                m.get("status"),
                json.dumps(m.get("links") or []),
                json.dumps(m.get("sitemaps") or []),
                self._next_seq(kvk),
                fetched_at,
                self.run_id,
            ],
        )
        if m["kind"] in ("home", "page") and m.get("final_url") and m.get("status_code") is not None:
            body = m.get("body")
            self.store.execute(
                "INSERT OR IGNORE INTO pages (url, kvk_number, status_code, content_type, size, sha256, "
                "body, fetched_at, run_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    m["final_url"],
                    kvk,
                    m["status_code"],
                    m.get("content_type"),
                    m.get("size") if body is None else len(body),
                    m.get("sha256"),
                    body,
                    fetched_at,
                    self.run_id,
                ],
            )
            self.pages_written += 1

    def site_text(self, kvk: str, home_url: str | None) -> tuple[str, str]:
        """(all visible text, home page text) of a site's stored pages."""
        rows = self.store.fetchall(
            "SELECT p.url, p.content_type, p.body FROM pages p WHERE p.kvk_number = ? AND p.body IS NOT NULL "
            "ORDER BY (SELECT min(r.seq) FROM crawl_requests r "
            "          WHERE r.kvk_number = p.kvk_number AND r.final_url = p.url), p.url",
            [kvk],
        )
        texts, home = [], ""
        for url, ctype, body in rows:
            text = pdf_text(body) if (ctype or "").endswith("pdf") else visible_text(body)
            texts.append(text)
            if url == home_url:
                home = text
        return "\n".join(texts), home

    def _site(self, m: dict[str, Any]) -> None:
        kvk = m["kvk_number"]
        firm = self.firms.get(kvk, {})
        status, reason = m["status"], m.get("reason")
        confidence, evidence, usable = None, None, False
        if status == "ok":
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
            "ownership_confidence, ownership_evidence, usable, reason, finished_at, run_id) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
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
            ],
        )
        self.statuses[status] = self.statuses.get(status, 0) + 1
