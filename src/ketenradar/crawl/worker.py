"""The crawl worker process: `python -m ketenradar.crawl.worker`, started by the crawl stage.

Scrapy runs in its own process because the Twisted reactor can run only once per process, and the
CLI (or a test, or `ketenradar run`) may crawl more than once. The job arrives as one JSON line on
stdin; items leave as JSON lines on stdout. When the parent dies (even by SIGKILL) stdin reaches EOF
and the worker exits at once, so no orphan keeps crawling.
"""

from __future__ import annotations

import contextlib
import gc
import json
import logging
import os
import sys
import threading


def offline_tldextract() -> None:
    """Scrapy's cookie middleware would fetch the public suffix list on first use: use the snapshot."""
    import scrapy.downloadermiddlewares.cookies as cookies
    from tldextract import TLDExtract

    cookies._split_domain = TLDExtract(
        cache_dir=None, suffix_list_urls=(), fallback_to_snapshot=True, include_psl_private_domains=True
    )


MAX_ERRORS_SENT = 20

GC_THRESHOLDS = (20_000, 20, 20)
"""Python's cyclic garbage collector, tuned for the crawl (defaults: 700, 10, 10). Twisted and Scrapy
allocate dozens of container objects per request, so with the defaults a young-generation collection
ran several times per request and a full one every few hundred requests, each full one scanning every
object alive: the job's sites (in a refresh with the validators and links of every stored page),
Scrapy's state, the frontiers. That was over a quarter of the worker's CPU at 2,000 sites, in a crawl
and in a refresh alike, and grew with the number of sites. Short-lived cycles (a failed request's
traceback, say) are still collected, every 20,000 allocations."""


def tune_gc() -> None:
    """Move what exists before the crawl starts (modules, the job, the spider's sites) out of the
    collector's sight for good (`gc.freeze`: it lives until the worker exits), and collect less often."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)


class ErrorForwarder(logging.Handler):
    """Send the first ERROR log records (a component failing to load, a crashed callback) to the parent,
    so the crawl's own output names them, not only `crawl.log`."""

    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.sent = 0

    def emit(self, record: logging.LogRecord) -> None:
        if self.sent >= MAX_ERRORS_SENT:
            return
        self.sent += 1
        from ketenradar.crawl import pipeline

        message = record.getMessage()
        if record.exc_info and record.exc_info[1] is not None:
            exc = record.exc_info[1]
            message = f"{message}: {type(exc).__name__}: {exc}"
        with contextlib.suppress(Exception):  # never let reporting break the crawl
            pipeline.emit({"type": "error", "logger": record.name, "message": message[:1000]})


def _exit_when_parent_gone(stdin: object) -> None:
    while stdin.read(65536):  # type: ignore[attr-defined]
        pass
    os._exit(0)


def main() -> int:
    job = json.loads(sys.stdin.buffer.readline())
    channel = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    # Anything Scrapy or a library prints must not corrupt the item channel.
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    threading.Thread(target=_exit_when_parent_gone, args=(sys.stdin.buffer,), daemon=True).start()

    offline_tldextract()
    from scrapy.crawler import CrawlerProcess

    from ketenradar.crawl import pipeline
    from ketenradar.crawl.spider import SiteSpider

    pipeline.set_channel(channel)
    process = CrawlerProcess(settings=job["settings"])
    logging.getLogger().addHandler(ErrorForwarder())
    if job.get("spider") == "discover":  # `ketenradar discover`: candidate sites of firms
        from ketenradar.discover.spider import DiscoverySpider

        done = process.crawl(DiscoverySpider, candidates=job["candidates"])
    else:
        done = process.crawl(
            SiteSpider, sites=job["sites"], max_pages=job["max_pages"], per_round=job["per_round"]
        )
    # Scrapy sets the root logger to NOTSET (its handler filters by LOG_LEVEL), each time it installs
    # its handler, so every debug line (one per request, one per item) built a record only for the
    # handler to drop it. Its own loggers' level it leaves alone.
    logging.getLogger("scrapy").setLevel(job["settings"].get("LOG_LEVEL") or "WARNING")
    done.addErrback(
        lambda failure: pipeline.emit(
            {
                "type": "error",
                "logger": "crawler",
                "message": f"the crawl could not run: {failure.value!r}"[:1000],
            }
        )
    )
    tune_gc()
    profile_to = os.environ.get("KETENRADAR_CRAWL_PROFILE")  # developers: where the crawl's time goes
    if profile_to:
        import cProfile

        profiler = cProfile.Profile()
        profiler.runcall(process.start)
        profiler.dump_stats(f"{profile_to}.{os.getpid()}")
    else:
        process.start()
    channel.write(b'{"type":"end"}\n')
    channel.flush()
    # Skip interpreter shutdown: the stdin watcher thread is blocked in a read it cannot leave.
    logging.shutdown()
    os._exit(0)


if __name__ == "__main__":
    sys.exit(main())
