"""Parent side of the crawl: store what the worker reports, and close each site with its status.

Requests and pages are committed in small transactions as they arrive (a kill loses at most the
batch in flight, which is simply fetched again). When a site ends, its content decides the final
status (parked, no_text) and the ownership check decides whether it may serve as evidence.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

import duckdb
import pandas as pd
import pyarrow as pa

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
        self._had_pages: set[str] | None = None
        # Sites with requests recorded by an interrupted run (replayed, not sent again).
        self.replayed: set[str] = set()
        # Sites crawled for the first time: what they stored this run, kept until they end, so they are
        # judged without reading their bodies back from the store (`_Pages`).
        self._pages: dict[str, _Pages] = {}

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
        with _interrupts_kept():
            return self._write(messages)

    def _write(self, messages: list[dict[str, Any]]) -> list[str]:
        self._had()  # before this batch stores any page
        requests, pages, confirmed = [], {}, []
        for m in messages:
            if m["type"] == "error":
                self.errors.append(m.get("message") or "unknown error")
            if m["type"] != "request":
                continue
            row = self._request_row(m)
            requests.append(row)
            tracked = self._tracked(m["kvk_number"])
            if tracked is not None:
                tracked.request(m)
            if m["kind"] in ("home", "page") and m.get("unchanged") and m.get("final_url"):
                confirmed.append((m["kvk_number"], m["final_url"], row["fetched_at"]))
                self.page_changes["skipped_by_sitemap"] += bool(m.get("by_sitemap"))
                continue
            if m["kind"] in ("home", "page") and m.get("final_url") and m.get("status_code") is not None:
                body = m.get("body")
                key = (m["kvk_number"], m["final_url"])
                if key in pages:
                    continue  # two requests redirected to one page: keep the first
                if tracked is not None and not tracked.page(m):
                    continue  # stored by an earlier batch of this run: keep the first
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
            sites = [m for m in messages if m["type"] == "site"]
            if sites:
                self._sites(sites)
            for m in sites:
                ended.append(m["kvk_number"])
                self.ended.add(m["kvk_number"])
        return ended

    def _confirm(self, confirmed: list[tuple[str, str, Any]]) -> None:
        """Pages a refresh found unchanged (HTTP 304): only the time they were last confirmed."""
        latest = {(kvk, url): when for kvk, url, when in confirmed}  # one row per page
        frame = pd.DataFrame([{"kvk_number": k, "url": u, "checked_at": w} for (k, u), w in latest.items()])
        self._update_pages(frame, ["checked_at"])
        self.page_changes["unchanged"] += len(confirmed)

    def _update_pages(self, frame: pd.DataFrame, columns: list[str]) -> None:
        """Set `columns` of the pages keyed (kvk_number, url) in `frame`: one statement for the batch
        (an UPDATE per page costs ~10 ms in DuckDB, more than the request it records)."""
        if frame.empty:
            return
        name = "_batch_page_updates"
        kvks = sorted(set(frame["kvk_number"]))
        sets = ", ".join(f"{c} = u.{c}" for c in columns)
        self._with_registered(
            name,
            _arrow(frame),
            f"UPDATE pages SET {sets} FROM {name} u WHERE pages.kvk_number = u.kvk_number "
            f"AND pages.url = u.url AND {_in('pages.kvk_number', kvks)}",
            kvks,
        )

    def _tracked(self, kvk: str) -> _Pages | None:
        """The in-memory record of a site crawled for the first time (None for a site that holds
        pages or requests from before this run: those are read from the store)."""
        found = self._pages.get(kvk)
        if found is None and kvk not in self.ended and kvk not in self.replayed:
            if self._was_recrawled(kvk):
                return None
            found = self._pages[kvk] = _Pages()
        return found

    def _write_pages(self, rows: list[dict[str, Any]]) -> None:
        """New pages are inserted; a page stored by an earlier run is confirmed when its body is the
        same, and replaced when it changed, its old version kept in `page_versions`."""
        first = [r for r in rows if r["kvk_number"] in self._pages]  # first crawl: all new (see `write`)
        if first:
            self._insert("pages", first, "OR IGNORE")
            self.pages_written += len(first)
            self.page_changes["new"] += sum(1 for r in first if r["kvk_number"] in self.refreshing)
        rows = [r for r in rows if r["kvk_number"] not in self._pages]
        if not rows:
            return
        keys = [(r["kvk_number"], r["url"]) for r in rows]
        existing = {
            (k, u): (sha, run)
            for k, u, sha, run in self.store.fetchall(
                "SELECT kvk_number, url, sha256, run_id FROM pages "
                f"WHERE {_in('kvk_number', sorted({k for k, _ in keys}))} "
                "AND (kvk_number, url) IN (SELECT unnest(?), unnest(?))",
                [*sorted({k for k, _ in keys}), [k for k, _ in keys], [u for _, u in keys]],
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
        if same:
            columns = ["checked_at", "etag", "last_modified", "links"]
            frame = pd.DataFrame([{k: r[k] for k in ["kvk_number", "url", *columns]} for r in same])
            self._update_pages(frame, columns)
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
        kvks = sorted({k for k, _ in keys})
        self.store.execute(
            "INSERT OR IGNORE INTO page_versions (kvk_number, url, sha256, content_type, body, first_seen, "
            "superseded_at, run_id) SELECT kvk_number, url, coalesce(sha256, ''), content_type, body, "
            f"fetched_at, ?, ? FROM pages WHERE {_in('kvk_number', kvks)} "
            "AND (kvk_number, url) IN (SELECT unnest(?), unnest(?))",
            [datetime.now(), self.run_id, *kvks, [k for k, _ in keys], [u for _, u in keys]],
        )

    def _was_recrawled(self, kvk: str) -> bool:
        """`kvk in self._recrawled()`, without building that set: this runs for every record, and
        the union of two sets of every site cost O(sites) each time, so a refresh of 16,000 sites
        (a dozen records each) spent most of its time here, and more per site the more sites."""
        return kvk in self._had() or kvk in self.refreshing

    def _had(self) -> set[str]:
        """Firms that had stored pages when this crawl began (read from the store once)."""
        if self._had_pages is None:
            self._had_pages = {r[0] for r in self.store.fetchall("SELECT DISTINCT kvk_number FROM pages")}
        return self._had_pages

    def _recrawled(self) -> set[str]:
        """Firms that had stored pages when this crawl began (refresh, retry, an interrupted refresh
        resumed): only their sites can hold pages the new crawl no longer reaches."""
        return self._had() | self.refreshing

    def _drop_unseen_pages(self, kvks: list[str]) -> None:
        """Sites crawled again (refresh) that no longer lead to some stored pages: archive and remove
        those pages, so each firm's text is what its site says now. One query for all `kvks`."""
        if not kvks:
            return
        where = _in("kvk_number", kvks)
        gone = self.store.fetchall(
            f"WITH seen AS (SELECT DISTINCT kvk_number, final_url AS url FROM crawl_requests "
            f"WHERE {where} AND final_url IS NOT NULL) "
            f"SELECT p.kvk_number, p.url FROM pages p LEFT JOIN seen USING (kvk_number, url) "
            f"WHERE {_in('p.kvk_number', kvks)} AND seen.url IS NULL",
            [*kvks, *kvks],
        )
        if not gone:
            return
        keys = [(k, u) for k, u in gone]
        self._archive(keys)
        self.store.execute(
            f"DELETE FROM pages WHERE {where} AND (kvk_number, url) IN (SELECT unnest(?), unnest(?))",
            [*kvks, [k for k, _ in keys], [u for _, u in keys]],
        )
        self.page_changes["gone"] += len(keys)
        self.changed_sites.update(k for k, _ in keys)

    def _insert(self, table: str, rows: list[dict[str, Any]] | pd.DataFrame, conflict: str) -> None:
        # Rows go to Arrow directly: through a pandas frame cost ~15 times more CPU (30 us a row).
        data = _arrow(rows) if isinstance(rows, pd.DataFrame) else pa.Table.from_pylist(rows)
        name = f"_batch_{table}"
        self._with_registered(name, data, f"INSERT {conflict} INTO {table} BY NAME SELECT * FROM {name}")

    def _with_registered(self, name: str, data: pa.Table, sql: str, params: list | None = None) -> None:
        """Run `sql` with `data` visible to it as the view `name`."""
        self.store.con.register(name, data)
        try:
            self.store.execute(sql, params)
        except BaseException:
            # The statement failed or was interrupted, so the transaction is aborted and DuckDB refuses
            # even to unregister: the original error must not be replaced by that refusal.
            with suppress(duckdb.Error):
                self.store.con.unregister(name)
            raise
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
        return self.site_texts({kvk: home_url})[kvk]

    def site_texts(self, homes: dict[str, str | None]) -> dict[str, tuple[str, str]]:
        """kvk -> (all visible text, home page text) of the stored pages of the sites in `homes`
        (kvk -> final home URL), pages by depth (home first), then URL, as extract orders them; one query for all."""
        kvks = sorted(homes)
        rows = self.store.fetchall(
            "WITH firsts AS (SELECT kvk_number, final_url AS url, min(depth) AS depth FROM crawl_requests "
            f"WHERE {_in('kvk_number', kvks)} AND final_url IS NOT NULL GROUP BY ALL) "
            "SELECT p.kvk_number, p.url, p.content_type, p.body FROM pages p "
            "LEFT JOIN firsts f USING (kvk_number, url) "
            f"WHERE {_in('p.kvk_number', kvks)} AND p.body IS NOT NULL "
            "ORDER BY p.kvk_number, f.depth NULLS LAST, p.url",
            [*kvks, *kvks],
        )
        by_site: dict[str, list[tuple[str, str | None, bytes]]] = {k: [] for k in kvks}
        for kvk, url, ctype, body in rows:
            by_site[kvk].append((url, ctype, body))
        out = {}
        for kvk, pages in by_site.items():
            texts, home, pdfs = [], "", []
            for url, ctype, body in pages:
                if (ctype or "").endswith("pdf"):
                    pdfs.append(body)
                    continue
                text = visible_text(body)
                texts.append(text)
                if url == homes[kvk]:
                    home = text
            # PDFs only count when the HTML says too little (reading them is slow).
            if sum(len(t) for t in texts) < self.min_chars:
                texts.extend(pdf_text(body) for body in pdfs)
            out[kvk] = ("\n".join(texts), home)
        return out

    def _tracked_text(self, kvk: str, pages: _Pages, home_url: str | None) -> tuple[str, str]:
        """`site_texts` of a site crawled for the first time, from the texts the worker sent: the same
        pages in the same order (depth, then URL), PDFs read from the store only when needed."""
        texts, home, pdfs = [], "", []
        for url, text in pages.ordered():
            if text is None:
                pdfs.append(url)
                continue
            texts.append(text)
            if url == home_url:
                home = text
        if pdfs and sum(len(t) for t in texts) < self.min_chars:
            bodies = dict(
                self.store.fetchall(
                    "SELECT url, body FROM pages WHERE kvk_number = ? AND url IN (SELECT unnest(?))",
                    [kvk, pdfs],
                )
            )
            texts.extend(pdf_text(bodies[url]) for url in pdfs if bodies.get(url) is not None)
        return "\n".join(texts), home

    def _sites(self, messages: list[dict[str, Any]]) -> None:
        """Close the sites that ended in a batch: their status from their content, the ownership
        check, and their `sites` row. A few statements per batch, not per site: per-site queries
        scan tables that grow with the population, so they made a large crawl slower per firm."""
        last = {m["kvk_number"]: m for m in messages}  # a site ends once; keep the last if not
        recrawled = self._recrawled()
        self._drop_unseen_pages(sorted(k for k, m in last.items() if m["status"] == "ok" and k in recrawled))
        verdicts: dict[str, tuple] = {}
        judge: dict[str, str | None] = {}
        for kvk, m in last.items():
            before = self.previous.get(kvk)
            if m["status"] != "ok":
                verdicts[kvk] = (m["status"], m.get("reason"), None, None, False)
            elif (
                before is not None
                and kvk not in self.changed_sites
                and before["final_url"] == m.get("final_url")
                and before["status"] in ("ok", "parked", "no_text")
            ):
                # Refreshed and not one page changed: what was judged from its content still holds.
                verdicts[kvk] = (
                    before["status"],
                    before["reason"],
                    before["confidence"],
                    before["evidence"],
                    before["usable"],
                )
            else:
                judge[kvk] = m.get("final_url")
        tracked = {k: self._pages.pop(k) for k in last if k in self._pages}
        from_store = {k: u for k, u in judge.items() if k not in tracked}
        texts = self.site_texts(from_store) if from_store else {}
        texts.update({k: self._tracked_text(k, tracked[k], u) for k, u in judge.items() if k in tracked})
        for kvk, (text, home) in texts.items():
            verdicts[kvk] = self._judge(kvk, text, home)
        counted = sorted(k for k in last if k not in tracked)
        n_pages = {k: p.n_bodies for k, p in tracked.items()}
        if counted:
            n_pages.update(
                self.store.fetchall(
                    f"SELECT kvk_number, count(*) FROM pages WHERE {_in('kvk_number', counted)} "
                    "AND body IS NOT NULL GROUP BY kvk_number",
                    counted,
                )
            )
        now = datetime.now().replace(microsecond=0)
        rows = []
        for kvk, m in last.items():
            status, reason, confidence, evidence, usable = verdicts[kvk]
            url = m.get("final_url") or m["start_url"]
            rows.append(
                {
                    "kvk_number": kvk,
                    "start_url": m["start_url"],
                    "final_url": m.get("final_url"),
                    "domain": (urlsplit(url).hostname or "").lower() or None,
                    "status": status,
                    "n_pages": int(n_pages.get(kvk) or 0),
                    "ownership_confidence": confidence,
                    "ownership_evidence": evidence,
                    "usable": bool(usable) if usable is not None else None,
                    "reason": reason,
                    "finished_at": now,
                    "run_id": self.run_id,
                    "variant": m.get("variant"),
                    "attempts": json.dumps(m.get("attempts") or []),
                    "checked_at": now,
                }
            )
            self.statuses[status] = self.statuses.get(status, 0) + 1
            if status != "ok" and reason:
                self.reasons[reason] = self.reasons.get(reason, 0) + 1
        self._insert("sites", rows, "OR REPLACE")

    def _judge(self, kvk: str, text: str, home: str) -> tuple:
        """(status, reason, confidence, evidence, usable) of a site that answered, from its text."""
        firm = self.firms.get(kvk, {})
        if ownership.is_parked(home or text):
            return "parked", "the home page is a parked-domain page", 0.0, "parked domain", False
        if len(text.strip()) < self.min_chars:
            return "no_text", f"less than {self.min_chars} characters of visible text", None, None, False
        owner = ownership.check(
            kvk,
            firm.get("name"),
            firm.get("trade_names"),
            firm.get("postcode"),
            firm.get("phone"),
            text,
            self.known_firms,
        )
        return "ok", None, owner.confidence, owner.evidence, owner.usable


class _Pages:
    """What a site crawled for the first time stored this run, as the store would return it: its
    requests (request URL -> final URL and depth; a later record of the same URL replaces the earlier,
    as in `crawl_requests`) and its pages (the first record of each final URL, as in `pages`), with
    the visible text the worker read (None for a PDF)."""

    __slots__ = ("requests", "stored", "n_bodies")

    def __init__(self) -> None:
        self.requests: dict[str, tuple[str | None, int | None]] = {}
        self.stored: dict[str, str | None] = {}  # url -> text, pages with a body; False: no body
        self.n_bodies = 0

    def request(self, m: dict[str, Any]) -> None:
        self.requests[m["request_url"]] = (m.get("final_url"), m.get("depth"))

    def page(self, m: dict[str, Any]) -> bool:
        """Record a page row; False when this run already stored that URL (the first one stays)."""
        url = m["final_url"]
        if url in self.stored:
            return False
        body = m.get("body")
        if body is None:
            self.stored[url] = False  # type: ignore[assignment]
            return True
        self.n_bodies += 1
        if (m.get("content_type") or "").endswith("pdf"):
            self.stored[url] = None
        else:
            text = m.get("text")
            self.stored[url] = text if text is not None else visible_text(body)
        return True

    def ordered(self) -> list[tuple[str, str | None]]:
        """(url, text) of the pages with a body by depth (the least of the requests that led to it;
        none last), then URL: the order of `site_texts`."""
        depth: dict[str, int] = {}
        for final_url, d in self.requests.values():
            if final_url is not None and d is not None:
                depth[final_url] = min(d, depth.get(final_url, d))
        pages = [(url, text) for url, text in self.stored.items() if text is not False]
        return sorted(pages, key=lambda p: (p[0] not in depth, depth.get(p[0], 0), p[0]))


@contextmanager
def _interrupts_kept() -> Iterator[None]:
    """A Ctrl-C that arrives while DuckDB runs a statement comes out as `RuntimeError('Query
    interrupted')`, and the KeyboardInterrupt is gone: turn it back into one, so the crawl ends
    `interrupted` (exit 130) with what was committed before, not `failed`."""
    try:
        yield
    except RuntimeError as exc:
        if str(exc).startswith("Query interrupted"):
            raise KeyboardInterrupt from exc
        raise


def _arrow(frame: pd.DataFrame) -> pa.Table:
    """The frame as an Arrow table, for DuckDB to scan. DuckDB scans a pandas frame's object columns
    by calling back into Python, and a Ctrl-C that lands in such a callback comes out as a DuckDB
    error instead of KeyboardInterrupt (the crawl then ends `failed`, not `interrupted`)."""
    return pa.Table.from_pandas(frame, preserve_index=False)


def _in(column: str, values: list[Any]) -> str:
    """`column IN (?, ?, ...)` for `values` (passed as that many parameters): a constant list DuckDB
    pushes into the table scan, so only the matching rows' other columns (bodies) are read."""
    if not values:
        return "false"
    return f"{column} IN ({', '.join('?' * len(values))})"
