"""A refresh in which 10 % of sites changed, against the full crawl of the same sites.

    .venv/bin/python -m bench.bench_refresh --sites 2000 --modes lastmod,etag   # bench/results/refresh.json
    .venv/bin/python -m bench --only refresh --quick       # 40 sites, into bench/results-quick/

(The committed refresh.json is the script's output: `python -m bench` wraps figures in "figures".)

A world of firm sites (home, 10 topic pages, robots.txt, a sitemap) is served on 127.0.0.1 by the
crawl tests' Host-routing server (tests/crawl_fixtures.py), which sends an ETag and answers
`If-None-Match` with 304, as most web servers do for static pages. Two servers of the same world:

- `etag`: sitemap without <lastmod>: a refresh asks for every page again, conditionally;
- `lastmod`: the sitemap has <lastmod> per page (as CMS sitemaps have): pages the sitemap says are
  unchanged since they were fetched are not asked for at all.

Per mode: the full crawl, then one page changed on 10 % of the sites (its <lastmod> moved on), then
`crawl --refresh` with Scrapy's HTTP cache emptied first (a refresh comes weeks later, when the
cache has expired); then `extract` after the refresh against the full extract. Politeness as configured
by default (`download_delay` 0.25 s, AutoThrottle). Not a test: the figures depend on the machine.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from bench.common import append_rows, finish_script, sizes
from ketenradar.config import Config
from ketenradar.crawl import stage as crawl
from ketenradar.extract import stage as extract
from ketenradar.stage import StageContext
from ketenradar.store import Store

TESTS = Path(__file__).resolve().parent.parent / "tests"
TOPICS = [
    "over-ons",
    "producten",
    "diensten",
    "machinepark",
    "kwaliteit",
    "markten",
    "projecten",
    "contact",
    "vacatures",
    "nieuws",
]
CHANGED_SHARE = 0.10


def _page(title: str, body: str, footer: str) -> bytes:
    return (
        f"<!doctype html><html><head><meta charset='utf-8'><title>{title}</title></head><body>"
        f"<main>{body}</main><footer><p>{footer}</p></footer></body></html>"
    ).encode()


def _sitemap(host: str, lastmod: dict[str, str] | None) -> bytes:
    """The home page ("") and every topic page, as CMS sitemaps list them; <lastmod> in `lastmod` mode."""
    urls = "".join(
        f"<url><loc>https://{host}/{t}</loc>"
        + (f"<lastmod>{lastmod.get(t, '2020-01-01')}</lastmod>" if lastmod is not None else "")
        + "</url>"
        for t in ["", *TOPICS]
    )
    return (
        "<?xml version='1.0'?><urlset xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>"
        + urls
        + "</urlset>"
    ).encode()


def world(n_sites: int, with_lastmod: bool) -> tuple[dict, list[dict]]:
    sites, firms = {}, []
    for i in range(n_sites):
        kvk, host = f"{60000000 + i}", f"www.firma{i}.nl"
        footer = f"Firma {i} B.V. | KvK {kvk} | 1234 AB Ergens"
        links = "".join(f"<a href='/{t}'>{t}</a> " for t in TOPICS)
        pages: dict[str, Any] = {
            "/": _page(f"Firma {i}", f"<h1>Firma {i}</h1><p>Metaalbewerking. {links}</p>", footer),
            "/robots.txt": f"User-agent: *\nSitemap: https://{host}/sitemap.xml\n".encode(),
            "/sitemap.xml": _sitemap(host, {} if with_lastmod else None),
        }
        for topic in TOPICS:
            text = f"Firma {i}, {topic}: " + f"wij frezen, draaien en lassen onderdelen ({topic}). " * 12
            pages[f"/{topic}"] = _page(topic, f"<h1>{topic}</h1><p>{text}</p>", footer)
        sites[host] = pages
        firms.append({"kvk_number": kvk, "name": f"Firma {i} B.V.", "website": f"https://{host}/"})
    return sites, firms


def change(sites: dict, with_lastmod: bool) -> int:
    """One page changed on every tenth site; its sitemap <lastmod> moves on."""
    later = (datetime.now().astimezone() + timedelta(minutes=1)).isoformat(timespec="seconds")
    step = round(1 / CHANGED_SHARE)
    changed = 0
    for n, (host, pages) in enumerate(sorted(sites.items())):
        if n % step:
            continue
        pages["/producten"] = _page(
            "producten", "<p>" + "Nieuw: AQAP 2110 en lasersnijden. " * 12 + "</p>", ""
        )
        pages["/sitemap.xml"] = _sitemap(host, {"producten": later} if with_lastmod else None)
        changed += 1
    return changed


def _worker_cpu() -> float:
    """CPU seconds (user and system) of the child processes that have ended: the crawl workers."""
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def measure(n_sites: int, with_lastmod: bool, with_extract: bool = True) -> dict[str, Any]:
    sys.path.insert(0, str(TESTS))
    from crawl_fixtures import SiteServer, insert_firms

    sites, firms = world(n_sites, with_lastmod)
    with (
        tempfile.TemporaryDirectory() as tmp,
        SiteServer(sites) as server,
        Store(Path(tmp) / "b.duckdb") as store,
    ):
        insert_firms(store, firms)
        config = Config()
        config.crawl.allow_hosts = server.allow_hosts()
        config.crawl.port_map = server.port_map()
        config.crawl.only_allowed_hosts = True
        load_full = os.getloadavg()[0]
        cpu = _worker_cpu()
        started = time.perf_counter()
        full = crawl.run(store, config, StageContext(run_id="full", quiet=True))
        full_seconds = time.perf_counter() - started
        full_cpu = _worker_cpu() - cpu
        full_requests = len(server.log)
        extract_full_seconds = None
        if with_extract:
            started = time.perf_counter()
            extract.run(store, config, StageContext(run_id="x1", quiet=True))
            extract_full_seconds = time.perf_counter() - started

        changed_sites = change(sites, with_lastmod)
        # A refresh comes weeks after the crawl (`--older-than 90d`), when the HTTP cache has expired:
        # without it, robots.txt is fetched again as it would be then, not answered from the cache.
        shutil.rmtree(crawl.work_dir(store) / "httpcache", ignore_errors=True)
        before = len(server.log)
        load_refresh = os.getloadavg()[0]
        cpu = _worker_cpu()  # after extract, whose worker pool has ended
        started = time.perf_counter()
        refresh = crawl.run(store, config, StageContext(run_id="refresh", quiet=True), refresh=True)
        refresh_seconds = time.perf_counter() - started
        refresh_cpu = _worker_cpu() - cpu
        refresh_requests = len(server.log) - before
        # Correctness: every changed page was fetched again and its new body stored.
        changed_stored = int(
            store.scalar(
                "SELECT count(*) FROM pages WHERE url LIKE '%/producten' AND contains(decode(body), 'Nieuw: AQAP')"
            )
        )
        extracted, extract_refresh_seconds = None, None
        if with_extract:
            started = time.perf_counter()
            extracted = extract.run(store, config, StageContext(run_id="x2", quiet=True))
            extract_refresh_seconds = time.perf_counter() - started
    counts = refresh.counts
    return {
        "mode": "lastmod" if with_lastmod else "etag",
        "sites": n_sites,
        "sites_changed_on_server": changed_sites,
        "full_crawl_seconds": round(full_seconds, 1),
        "full_crawl_requests": full_requests,
        "full_pages_stored": full.counts.get("pages_stored"),
        "refresh_seconds": round(refresh_seconds, 1),
        "refresh_requests": refresh_requests,
        "refresh_requests_per_site": round(refresh_requests / n_sites, 2),
        "refresh_over_full_requests": round(refresh_requests / full_requests, 3),
        "refresh_answered_304": len(server.not_modified),
        "refresh_over_full_crawl": round(refresh_seconds / full_seconds, 3),
        "refresh_sites_changed": counts.get("sites_changed"),
        "refresh_pages_changed": counts.get("pages_changed"),
        "refresh_pages_unchanged": counts.get("pages_unchanged"),
        "refresh_pages_skipped_by_sitemap": counts.get("pages_skipped_by_sitemap"),
        "refresh_changed_pages_stored": changed_stored,
        "refresh_found_every_change": changed_stored == changed_sites,
        "extract_full_seconds": round(extract_full_seconds, 1) if with_extract else None,
        "extract_after_refresh_seconds": round(extract_refresh_seconds, 1) if with_extract else None,
        "extract_after_refresh_pages": extracted.counts.get("pages_extracted") if extracted else None,
        # Other work on the shared machine slows both down: the 1-minute load as each began.
        "load_1m_at_full_crawl": round(load_full, 2),
        "load_1m_at_refresh": round(load_refresh, 2),
        # CPU seconds of the crawl's worker process (Scrapy), which does the fetching: what one core
        # can do bounds each crawl. The web server and the store writer run in this process.
        "full_crawl_worker_cpu_seconds": round(full_cpu, 1),
        "refresh_worker_cpu_seconds": round(refresh_cpu, 1),
        "download_delay": config.crawl.download_delay,
        "concurrent_requests": config.crawl.concurrent_requests,
    }


def main(args: Any) -> dict[str, Any]:
    """`python -m bench --only refresh`: both modes at 200 sites (`--quick`: 40)."""
    return {"refresh": [measure(n, lastmod) for n in sizes(args, [200], [40]) for lastmod in (False, True)]}


def cli() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sites", type=int, default=200)
    parser.add_argument("--modes", default="etag,lastmod", help="etag, lastmod or both (default)")
    parser.add_argument("--no-extract", action="store_true", help="crawl and refresh only")
    parser.add_argument("--out", type=Path, default=Path("bench/results/refresh.json"))
    parser.add_argument("--append", action="store_true", help="add the rows to those already in --out")
    args = parser.parse_args()
    modes = [m.strip() for m in args.modes.split(",") if m.strip()]
    if not modes or set(modes) - {"etag", "lastmod"}:
        parser.error(f"--modes takes etag and/or lastmod, got {args.modes!r}")
    rows = [measure(args.sites, m == "lastmod", not args.no_extract) for m in modes]
    return finish_script(append_rows(args.out, "refresh", rows, args.append), args.out)


if __name__ == "__main__":
    sys.exit(cli())
