"""`ketenradar crawl`: crawl every firm's website that has no final status yet.

The stage picks the sites, starts the Scrapy worker process (`worker.py`) with the settings
(`settings.py`), the spider's input and what earlier, interrupted runs already recorded, and stores
what the worker reports (`writer.py`). Killed or interrupted, it leaves every stored page in place;
the next run replays the recorded requests and fetches only what is missing. On a distributed
engine the sites are crawled in partitions instead (`partitions.py`).
"""

from __future__ import annotations

import json
import queue
import re
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ketenradar.config import Config
from ketenradar.crawl.partitions import crawl_partition, partition_sites, worker_messages
from ketenradar.crawl.pipeline import decode
from ketenradar.crawl.policy import checked_policy, parse_allow_hosts
from ketenradar.crawl.settings import crawl_settings
from ketenradar.crawl.writer import StoreWriter
from ketenradar.engine import Engine, engine_for
from ketenradar.errors import InputError, KetenradarError
from ketenradar.model import firms as firms_model
from ketenradar.model import sites as sites_model
from ketenradar.stage import StageContext, StageResult
from ketenradar.store import Store

STATUSES = ["ok", "unreachable", "robots_forbidden", "no_text", "parked", "too_large", "pending"]
# A site with one of these statuses answered: the crawl as a whole worked for it.
ANSWERED = {"ok", "robots_forbidden", "no_text", "parked", "too_large"}
BATCH = 500
BATCH_SECONDS = 0.5


class CrawlError(KetenradarError):
    """The crawl worker failed; what was stored is kept and the next run resumes."""


def work_dir(store: Store) -> Path:
    """The crawl's folder next to the store: HTTP cache and the worker's log."""
    path = Path(store.path)
    return path.with_name(path.name + ".crawl")


def start_url(website: str | None, domain: str | None) -> str | None:
    raw = (website or "").strip() or (domain or "").strip()
    if not raw:
        return None
    if "://" not in raw:
        raw = "http://" + raw
    parts = urlsplit(raw)
    if parts.scheme not in ("http", "https") or not parts.hostname or " " in parts.netloc:
        return None
    return raw if parts.path else raw + "/"


def parse_age(text: str) -> timedelta:
    """`90d`, `12h`, `2w`, `30m` (or a bare number of days) -> timedelta."""
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([mhdw]?)\s*", text or "")
    if not match:
        raise InputError(f"--older-than must be a number with m, h, d or w (e.g. 90d), got {text!r}")
    value, unit = float(match.group(1)), match.group(2) or "d"
    unit_name = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}[unit]
    return timedelta(**{unit_name: value})


def _validators(
    store: Store, kvks: list[str]
) -> tuple[dict[str, dict[str, dict]], dict[str, tuple[str, str]]]:
    """kvk -> url -> {etag, last_modified, links, fetched_at} of stored pages, for conditional requests
    and sitemap <lastmod> checks; the site's last working start URL maps to its final home page's.
    And kvk -> (that start URL, the final home URL) of sites whose home page is stored."""
    if not kvks:
        return {}, {}
    rows = store.fetchall(
        "SELECT p.kvk_number, p.url, p.etag, p.last_modified, p.links, s.variant, s.final_url, p.fetched_at "
        "FROM pages p JOIN sites s USING (kvk_number) WHERE p.kvk_number IN (SELECT unnest(?)) "
        "AND p.body IS NOT NULL AND p.links IS NOT NULL",
        [kvks],
    )
    out: dict[str, dict[str, dict]] = {}
    homes: dict[str, tuple[str, str]] = {}
    for kvk, url, etag, modified, links, variant, final_url, fetched_at in rows:
        entry = {
            "etag": etag,
            "last_modified": modified,
            "links": json.loads(links) if links else [],
            "fetched_at": fetched_at.isoformat() if fetched_at else None,
        }
        out.setdefault(kvk, {})[url] = entry
        if variant and url == final_url:
            out[kvk].setdefault(variant, entry)
            homes[kvk] = (variant, final_url)
    return out, homes


def _site_rows(store: Store) -> dict[str, dict[str, Any]]:
    keys = ("status", "reason", "confidence", "evidence", "usable", "final_url")
    return {
        row[0]: dict(zip(keys, row[1:], strict=True))
        for row in store.fetchall(
            "SELECT kvk_number, status, reason, ownership_confidence, ownership_evidence, usable, final_url "
            "FROM sites WHERE status <> 'pending'"
        )
    }


def _reopen(store: Store, where: str, firms: list[str] | None, params: list | None = None) -> list[str]:
    """Set the sites matching `where` back to pending, their recorded requests cleared so they are
    fetched afresh (not replayed). Pages stay until the new crawl replaces them."""
    kvks = [r[0] for r in store.fetchall(f"SELECT kvk_number FROM sites WHERE {where}", params or [])]
    if firms is not None:
        wanted = set(firms)
        kvks = [k for k in kvks if k in wanted]
    if kvks:
        with store.transaction():
            store.execute("DELETE FROM crawl_requests WHERE kvk_number IN (SELECT unnest(?))", [kvks])
            store.execute(
                "UPDATE sites SET status = 'pending' WHERE kvk_number IN (SELECT unnest(?))", [kvks]
            )
    return kvks


def _replay(store: Store) -> dict[str, dict[str, dict]]:
    """What interrupted runs recorded for pending sites: kvk -> request_url -> outcome."""
    out: dict[str, dict[str, dict]] = {}
    rows = store.fetchall(
        "SELECT kvk_number, request_url, kind, final_url, depth, status_code, error, status, links, sitemaps "
        "FROM crawl_requests WHERE kvk_number IN (SELECT kvk_number FROM sites WHERE status = 'pending') "
        "ORDER BY kvk_number, seq"
    )
    for kvk, url, kind, final_url, depth, code, error, status, links, sitemaps in rows:
        out.setdefault(kvk, {})[url] = {
            "kind": kind,
            "request_url": url,
            "final_url": final_url,
            "depth": depth,
            "status_code": code,
            "error": error,
            "status": status,
            "links": json.loads(links) if links else [],
            "sitemaps": json.loads(sitemaps) if sitemaps else [],
        }
    return out


def coverage(store: Store) -> list[dict[str, Any]]:
    rows = dict(store.fetchall("SELECT status, count(*) FROM sites GROUP BY status"))
    return [{"status": s, "sites": int(rows.get(s, 0))} for s in STATUSES if rows.get(s)] + [
        {"status": s, "sites": int(n)} for s, n in rows.items() if s not in STATUSES
    ]


def run(
    store: Store,
    config: Config,
    ctx: StageContext,
    max_pages: int | None = None,
    allow_host: list[str] | None = None,
    retry_failed: bool = False,
    refresh: bool = False,
    older_than: str | None = None,
) -> StageResult:
    cfg = config.crawl
    max_pages = max_pages or cfg.max_pages
    allow_hosts = {
        **{h.lower(): v for h, v in cfg.allow_hosts.items()},
        **parse_allow_hosts(allow_host or []),
    }
    result = StageResult("crawl")
    # A bad port or address fails here, named, not later inside the worker.
    checked_policy(allow_hosts, cfg.port_map, cfg.only_allowed_hosts)

    if older_than is not None and not refresh:
        raise InputError(
            "--older-than applies to --refresh only (ketenradar crawl --refresh --older-than 90d)"
        )
    refreshing: list[str] = []
    previous = _site_rows(store) if refresh else {}
    if retry_failed:
        refreshing += _reopen(store, "status = 'unreachable'", ctx.firms)
        result.counts["sites_retried"] = len(refreshing)
    if refresh:
        cutoff = datetime.now() - parse_age(older_than or "0d")
        again = _reopen(
            store, "status <> 'pending' AND coalesce(checked_at, finished_at) <= ?", ctx.firms, [cutoff]
        )
        refreshing += again
        result.counts["sites_refreshed"] = len(again)
    # A website a firm corrected in the portal replaces the registry's (docs/portal.md).
    from ketenradar.discover.portal import apply_website_corrections, corrections_table

    result.counts.update(corrections_table(apply_website_corrections(store, config, ctx.run_id, ctx.firms)))
    firms = sites_model.to_crawl(store, ctx.firms)
    known = firms_model.all_names(store)
    jobs, invalid = [], []
    for firm in firms:
        url = start_url(firm["website"], firm["domain"])
        (jobs if url else invalid).append({**firm, "start_url": url or (firm["website"] or firm["domain"])})
    with store.transaction():  # one statement: a row per firm costs ~10 ms each at 16,000 firms
        store.execute(
            "INSERT OR IGNORE INTO sites (kvk_number, start_url, status, run_id) "
            "SELECT unnest(?), unnest(?), 'pending', ?",
            [[f["kvk_number"] for f in jobs + invalid], [f["start_url"] for f in jobs + invalid], ctx.run_id],
        )
    writer = StoreWriter(
        store, ctx.run_id, {f["kvk_number"]: f for f in firms}, known, config.extract.min_chars
    )
    writer.refreshing = set(refreshing)
    writer.previous = {k: previous[k] for k in refreshing if k in previous}
    if invalid:
        writer.write(
            [
                {
                    "type": "site",
                    "kvk_number": f["kvk_number"],
                    "status": "unreachable",
                    "reason": "not a valid website URL",
                    "start_url": f["start_url"],
                    "final_url": None,
                }
                for f in invalid
            ]
        )
    replay = _replay(store)
    writer.replayed = set(replay)
    validators, homes = _validators(store, [j["kvk_number"] for j in jobs])
    # Sites with stored pages are being crawled again (also a refresh resumed by a plain crawl): no
    # answers from the HTTP cache for them.
    stored = {r[0] for r in store.fetchall("SELECT DISTINCT kvk_number FROM pages")}
    result.counts["sites_to_crawl"] = len(jobs)
    result.counts["sites_resumed"] = sum(1 for j in jobs if j["kvk_number"] in replay)
    if jobs:
        folder = work_dir(store)
        folder.mkdir(parents=True, exist_ok=True)
        job = {
            "settings": crawl_settings(cfg, allow_hosts=allow_hosts, work_dir=folder),
            "max_pages": max_pages,
            "per_round": cfg.concurrent_per_domain,
            "sites": [
                {
                    "kvk_number": j["kvk_number"],
                    "start_url": j["start_url"],
                    "replay": replay.get(j["kvk_number"], {}),
                    "refresh": j["kvk_number"] in writer.refreshing or j["kvk_number"] in stored,
                    "known": validators.get(j["kvk_number"], {}),
                    "home_variant": homes.get(j["kvk_number"], (None, None))[0],
                    "home": homes.get(j["kvk_number"], (None, None))[1],
                }
                for j in jobs
            ],
        }
        engine = engine_for(config)
        if engine.name == "local":
            _run_worker(job, writer, ctx, len(jobs), folder)
        else:
            result.counts["engine_partitions"] = _run_on_engine(engine, job, writer, ctx, len(jobs))
        _check_finished(jobs, writer, folder)
    _check_some_answered(writer)
    result.counts["pages_stored"] = writer.pages_written
    if writer.refreshing:
        for change, n in writer.page_changes.items():
            result.counts[f"pages_{change}"] = n
        result.counts["sites_changed"] = len(writer.changed_sites & writer.refreshing)
    for status, n in sorted(writer.statuses.items()):
        result.counts[f"sites_{status}"] = n
    result.counts["sites_flagged"] = int(
        store.scalar("SELECT count(*) FROM sites WHERE status = 'ok' AND NOT usable") or 0
    )
    result.tables["coverage"] = coverage(store)
    return result


def _check_finished(jobs: list[dict], writer: StoreWriter, folder: Path) -> None:
    """The worker ended, but did it crawl? Sites it never finished mean it failed (a component that
    could not load, say): say so with the worker's first error, not as a quiet success."""
    unfinished = [j["kvk_number"] for j in jobs if j["kvk_number"] not in writer.ended]
    if not unfinished:
        return
    cause = writer.errors[0] if writer.errors else "no error was reported"
    raise CrawlError(
        f"the crawl worker ended without finishing {len(unfinished)} of {len(jobs)} sites "
        f"(first: {unfinished[0]}). Cause: {cause}. Those sites stay pending and the next "
        f"`ketenradar crawl` continues them once the cause is fixed. Log: {folder / 'crawl.log'}"
    )


def _check_some_answered(writer: StoreWriter) -> None:
    """A crawl in which not one site answered points at the setup (network, proxy, port map), not at
    the sites: fail loudly, so `ketenradar run` does not score firms without text."""
    ended = sum(writer.statuses.values())
    if not ended or any(writer.statuses.get(s) for s in ANSWERED):
        return
    statuses = ", ".join(f"{s} {n}" for s, n in sorted(writer.statuses.items()))
    reasons = "; ".join(
        f"{n}× {r}" for r, n in sorted(writer.reasons.items(), key=lambda kv: (-kv[1], kv[0]))[:3]
    )
    raise CrawlError(
        f"every one of the {ended} sites crawled failed ({statuses}); most common reasons: {reasons}. "
        "Check the network, `crawl.allow_hosts` / `crawl.port_map` and the websites; the statuses are "
        "stored, and `ketenradar crawl --retry-failed` crawls the failed sites again."
    )


def _run_worker(job: dict, writer: StoreWriter, ctx: StageContext, total: int, folder: Path) -> None:
    ended_cleanly = False
    with (
        worker_messages(job, folder / "worker.stderr", maxsize=2000) as (proc, inbox),
        ctx.progress("crawl", total=total) as bar,
    ):
        finished = False
        while not finished:
            batch = [inbox.get()]
            # Gather for a moment: a DuckDB commit costs ~10 ms, so one per message would be the
            # bottleneck; a transaction per half second is still small.
            until = time.monotonic() + BATCH_SECONDS
            while len(batch) < BATCH and batch[-1] is not None:
                try:
                    batch.append(inbox.get(timeout=max(until - time.monotonic(), 0.0)))
                except queue.Empty:
                    break
            if None in batch:
                finished = True
                batch = batch[: batch.index(None)]
            if any(m["type"] == "end" for m in batch):
                ended_cleanly = True
            ended = writer.write([m for m in batch if m["type"] != "end"])
            bar.advance(len(ended))
    if proc.returncode != 0 or not ended_cleanly:
        raise CrawlError(
            f"the crawl worker stopped with exit code {proc.returncode}; what was fetched is stored and "
            f"the next `ketenradar crawl` resumes. Details: {folder / 'worker.stderr'}, {folder / 'crawl.log'}"
        )


def _run_on_engine(engine: Engine, job: dict, writer: StoreWriter, ctx: StageContext, total: int) -> int:
    """Partitions of sites crawled as engine tasks; each task's messages stored when it finishes."""
    parts = partition_sites(job.pop("sites"), engine.partitions)
    with ctx.progress(f"crawl ({len(parts)} partitions on {engine.name})", total=total) as bar:
        for result in engine.imap(crawl_partition, parts, shared={"job": job}):
            messages = [decode(line) for line in result["line"]]
            for start in range(0, len(messages), BATCH):
                bar.advance(len(writer.write(messages[start : start + BATCH])))
    return len(parts)
