"""`ketenradar discover`: find the website of firms that have none, or none usable.

For each such firm, candidate domains (`candidates.py`) are fetched politely by the crawl worker
(home page plus a contact or imprint page, `spider.py`; the crawl's settings and address policy) and
judged on ownership evidence (`evidence.py`). Every candidate's verdict is stored in
`discovered_sites` with its confidence and evidence; the best accepted one is `chosen`, and the next
`ketenradar crawl` crawls it as the firm's website. Unsure candidates (name only) go to
`<store>-discovery-review.csv`; fill in its `decision` column (accept / reject) and pass it back with
`ketenradar discover --review FILE`.
"""

from __future__ import annotations

import csv
import re
from datetime import datetime
from pathlib import Path
from typing import Any

import pandas as pd

from ketenradar.config import Config
from ketenradar.crawl.partitions import worker_messages
from ketenradar.crawl.policy import checked_policy, parse_allow_hosts
from ketenradar.crawl.settings import crawl_settings
from ketenradar.crawl.stage import CrawlError, work_dir
from ketenradar.discover.candidates import SOURCE_ORDER, LinkIndex, candidates, email_domains, registrable
from ketenradar.discover.evidence import judge
from ketenradar.errors import InputError
from ketenradar.model import firms as firms_model
from ketenradar.model import pages as pages_model
from ketenradar.model import sites as sites_model
from ketenradar.stage import StageContext, StageResult
from ketenradar.store import Store

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
REVIEW_COLUMNS = [
    "kvk_number",
    "name",
    "place",
    "domain",
    "url",
    "source",
    "confidence",
    "evidence",
    "decision",
]
DISCOVERED_COLUMNS = [
    "kvk_number",
    "domain",
    "source",
    "url",
    "fetch_status",
    "decision",
    "chosen",
    "confidence",
    "evidence",
    "checked_at",
    "run_id",
]
DOMAIN = re.compile(r"^(?=.{4,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,24}$")


def review_path(store: Store) -> Path:
    path = Path(store.path)
    return path.with_name(path.stem + "-discovery-review.csv")


def _neutralise(value: Any) -> Any:
    """A cell a spreadsheet would run as a formula gets a leading quote (read back: removed)."""
    return "'" + value if isinstance(value, str) and value.startswith(FORMULA_START) else value


def _restore(value: str) -> str:
    return value[1:] if value.startswith("'") and value[1:].startswith(FORMULA_START) else value


def read_domain_list(path: str) -> dict[str, list[str]]:
    """`kvk_number,domain` lines (a header line is allowed) -> kvk -> domains."""
    out: dict[str, list[str]] = {}
    try:
        with open(path, newline="", encoding="utf-8-sig") as handle:
            for number, row in enumerate(csv.reader(handle), 1):
                if not row or not "".join(row).strip() or (number == 1 and not row[0].strip().isdigit()):
                    continue
                if len(row) < 2:
                    raise InputError("expected kvk_number,domain", path=path, row=number)
                kvk, domain = (
                    row[0].strip(),
                    registrable(re.sub(r"^https?://", "", row[1].strip()).split("/")[0]),
                )
                if not re.fullmatch(r"\d{8}", kvk):
                    raise InputError(f"not a KvK number: {kvk!r}", path=path, row=number, field="kvk_number")
                if not DOMAIN.match(domain):
                    raise InputError(f"not a domain name: {row[1]!r}", path=path, row=number, field="domain")
                out.setdefault(kvk, []).append(domain)
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", path=path) from None
    except UnicodeDecodeError:
        raise InputError("not UTF-8 text", path=path) from None
    return out


def apply_review(store: Store, path: str, run_id: str) -> dict[str, int]:
    """Decisions from a filled-in review file: accept makes the candidate the firm's chosen site."""
    counts = {"accepted": 0, "rejected": 0}
    try:
        with open(path, newline="", encoding="utf-8-sig") as handle:
            rows = list(csv.DictReader(handle))
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", path=path) from None
    missing = {"kvk_number", "domain", "decision"} - set(rows[0] if rows else REVIEW_COLUMNS)
    if missing:
        raise InputError(f"missing column(s) {', '.join(sorted(missing))}", path=path)
    with store.transaction():
        for number, row in enumerate(rows, 2):
            decision = (row.get("decision") or "").strip().lower()
            if not decision:
                continue
            if decision not in ("accept", "reject"):
                raise InputError(
                    f"decision must be accept or reject, got {decision!r}", path=path, row=number
                )
            kvk, domain = _restore(row["kvk_number"].strip()), _restore(row["domain"].strip())
            known = store.scalar(
                "SELECT count(*) FROM discovered_sites WHERE kvk_number = ? AND domain = ?", [kvk, domain]
            )
            if not known:
                raise InputError(f"no candidate {domain} for firm {kvk}", path=path, row=number)
            if decision == "accept":
                store.execute("UPDATE discovered_sites SET chosen = false WHERE kvk_number = ?", [kvk])
                _reopen_site(store, kvk)
            store.execute(
                "UPDATE discovered_sites SET decision = ?, chosen = ?, evidence = evidence || ?, run_id = ? "
                "WHERE kvk_number = ? AND domain = ?",
                [
                    "accepted" if decision == "accept" else "rejected",
                    decision == "accept",
                    f"; {decision}ed in review",
                    run_id,
                    kvk,
                    domain,
                ],
            )
            counts["accepted" if decision == "accept" else "rejected"] += 1
    return counts


def _reopen_site(store: Store, kvk: str | list[str]) -> None:
    """The firm's (or firms') old (unusable) site gives way: the next crawl starts from the
    discovered one, and archives the old pages as versions (crawl/writer.py)."""
    kvks = [kvk] if isinstance(kvk, str) else list(kvk)
    if kvks:
        store.execute("DELETE FROM crawl_requests WHERE kvk_number IN (SELECT unnest(?))", [kvks])
        store.execute("DELETE FROM sites WHERE kvk_number IN (SELECT unnest(?))", [kvks])


def _allowed(policy: Any, domain: str) -> bool:
    return any(host in policy.allow_hosts for host in (domain, f"www.{domain}"))


def _fetch(job: dict, folder: Path, ctx: StageContext, total: int) -> list[dict]:
    results, errors, ended = [], [], False
    with (
        worker_messages(job, folder / "worker.stderr") as (proc, inbox),
        ctx.progress("discover: fetch candidates", total=total) as bar,
    ):
        while (message := inbox.get()) is not None:
            if message["type"] == "candidate":
                results.append(message)
                bar.advance(1)
            elif message["type"] == "error":
                errors.append(message.get("message") or "")
            elif message["type"] == "end":
                ended = True
    if proc.returncode != 0 or not ended or len(results) < total:
        cause = errors[0] if errors else f"exit code {proc.returncode}"
        raise CrawlError(
            f"the discovery worker fetched {len(results)} of {total} candidates: {cause}. "
            f"Nothing was stored; details in {folder / 'crawl.log'}"
        )
    return results


def run(
    store: Store,
    config: Config,
    ctx: StageContext,
    domains: str | None = None,
    review: str | None = None,
    allow_host: list[str] | None = None,
) -> StageResult:
    result = StageResult("discover")
    if review:
        result.counts.update({f"review_{k}": v for k, v in apply_review(store, review, ctx.run_id).items()})
        return result
    cfg = config.crawl
    allow_hosts = {
        **{h.lower(): v for h, v in cfg.allow_hosts.items()},
        **parse_allow_hosts(allow_host or []),
    }
    policy = checked_policy(allow_hosts, cfg.port_map, cfg.only_allowed_hosts)
    user = read_domain_list(domains) if domains else {}

    firms = sites_model.without_usable_site(store, ctx.firms)
    kvks = [f["kvk_number"] for f in firms]
    texts = firms_model.linked_raw_rows(store, kvks) if firms else {}
    linked = LinkIndex(pages_model.linked_domains(store) if firms else [])
    judged: dict[str, set[str]] = {}
    for k, d in store.fetchall("SELECT kvk_number, domain FROM discovered_sites"):
        judged.setdefault(k, set()).add(d)
    wanted: dict[str, list[tuple[dict, str]]] = {}  # domain -> [(firm, source)]
    for firm in firms:
        own = {registrable(x) for x in (firm["website"], firm["domain"], firm["site_domain"]) if x}
        own = {re.sub(r"^https?://", "", d).split("/")[0] for d in own}
        pairs = candidates(
            [firm["name"], *firm["trade_names"]],
            email_domains(texts.get(firm["kvk_number"], [])),
            linked,
            user.get(firm["kvk_number"], []),
            exclude=own,
            judged=judged.get(firm["kvk_number"], set()),
        )
        for domain, source in pairs:
            wanted.setdefault(domain, []).append((firm, source))
    result.counts["firms_searched"] = len(firms)
    result.counts["candidates"] = sum(len(v) for v in wanted.values())
    result.counts["domains_fetched"] = len(wanted)
    if not wanted:
        return result

    folder = work_dir(store)
    folder.mkdir(parents=True, exist_ok=True)
    settings = crawl_settings(cfg, allow_hosts=allow_hosts, work_dir=folder)
    settings["HTTPCACHE_ENABLED"] = False
    domains_list = sorted(wanted)
    # With only_allowed_hosts the address policy refuses every other host before any connection;
    # say so here rather than start a request per host variant that can only be refused.
    refused = {d for d in domains_list if policy.only_allowed_hosts and not _allowed(policy, d)}
    fetched = {
        d: {
            "id": d,
            "status": "unreachable",
            "reason": "not an allowed host (crawl.only_allowed_hosts): refused unfetched",
        }
        for d in refused
    }
    to_fetch = [d for d in domains_list if d not in refused]
    result.counts["domains_refused_by_policy"] = len(refused)
    if to_fetch:
        job = {
            "spider": "discover",
            "settings": settings,
            "candidates": [{"id": d, "domain": d} for d in to_fetch],
        }
        fetched.update({r["id"]: r for r in _fetch(job, folder, ctx, len(to_fetch))})

    now = datetime.now().replace(microsecond=0)
    rows: list[list[Any]] = []
    best: dict[str, tuple] = {}
    for domain in domains_list:
        page = fetched[domain]
        for firm, source in wanted[domain]:
            if page["status"] != "ok":
                decision, confidence, evidence = "rejected", None, page.get("reason") or page["status"]
            else:
                verdict = judge(
                    firm["kvk_number"],
                    firm["name"],
                    firm["trade_names"],
                    firm["postcode"],
                    firm["house_number"],
                    firm["phone"],
                    page["text"],
                )
                decision, confidence, evidence = verdict.decision, verdict.confidence, verdict.evidence
            row = [firm["kvk_number"], domain, source, page.get("url"), page["status"], decision, False]
            rows.append(row + [confidence, evidence, now, ctx.run_id])
            if decision == "accepted":
                rank = (confidence or 0.0, -SOURCE_ORDER.index(source), domain)
                if firm["kvk_number"] not in best or rank > best[firm["kvk_number"]][0]:
                    best[firm["kvk_number"]] = (rank, len(rows) - 1)
    for _, index in best.values():
        rows[index][6] = True
    with store.transaction():
        # One statement for all rows: `executemany` runs one INSERT per row, which took
        # longer than the fetching at 2,000 firms. Object columns keep None as NULL (not NaN).
        store.upsert_df(
            "discovered_sites",
            pd.DataFrame(rows, columns=DISCOVERED_COLUMNS, dtype=object),
            ["kvk_number", "domain"],
        )
        _reopen_site(store, sorted(best))
    unsure = [r for r in rows if r[5] == "unsure" and r[0] not in best]
    _write_review(store, unsure, {f["kvk_number"]: f for f in firms})
    decisions = [r[5] for r in rows]
    result.counts["firms_found"] = len(best)
    result.counts["candidates_accepted"] = decisions.count("accepted")
    result.counts["candidates_unsure"] = decisions.count("unsure")
    result.counts["candidates_rejected"] = decisions.count("rejected")
    result.counts["candidates_answered"] = sum(1 for r in fetched.values() if r["status"] == "ok")
    if unsure:
        result.messages.append(
            f"{len(unsure)} unsure candidate(s) in {review_path(store)}: fill in 'decision' (accept/reject) "
            "and run `ketenradar discover --review FILE`"
        )
    result.tables["found"] = [
        {"kvk_number": rows[i][0], "domain": rows[i][1], "source": rows[i][2], "confidence": rows[i][7]}
        for _, i in sorted(best.values(), key=lambda b: rows[b[1]][0])
    ][:50]
    return result


def _write_review(store: Store, unsure: list[list[Any]], firms: dict[str, dict]) -> None:
    path = review_path(store)
    if not unsure:
        return
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(REVIEW_COLUMNS)
        for kvk, domain, source, url, _status, _decision, _chosen, confidence, evidence, *_ in unsure:
            firm = firms.get(kvk, {})
            writer.writerow(
                [
                    _neutralise(v)
                    for v in (
                        kvk,
                        firm.get("name"),
                        firm.get("place"),
                        domain,
                        url,
                        source,
                        confidence,
                        evidence,
                        "",
                    )
                ]
            )


def discovered_urls(store: Store) -> dict[str, str]:
    """kvk -> the chosen discovered site's URL (the crawl uses it for firms without a usable site)."""
    return {
        k: (u or f"http://{d}/")
        for k, d, u in store.fetchall("SELECT kvk_number, domain, url FROM discovered_sites WHERE chosen")
    }
