"""Crawl (and extract) a served demo world: pages per second and peak memory.

    .venv/bin/python -m bench --only crawl            # 300 firms; --quick: 40 firms
    .venv/bin/python -m bench.bench_crawl --firms 300 --out bench/results/crawl.json

Generates the world (or reuses --world), serves it on 127.0.0.1, puts its firms straight into a
fresh store (no ingest stage), runs `crawl` and `extract` in this process (the crawl's Scrapy worker
is a child process) and returns the figures. Not a test: the numbers depend on the machine.
Peak memory is sampled over the whole process tree (this process and the Scrapy worker).
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import pandas as pd

from bench.common import finish_script, peak_rss, sizes
from ketenradar.config import Config
from ketenradar.evaluate.crawl import evaluate
from ketenradar.evaluate.truth import GroundTruth
from ketenradar.runner import Runner
from ketenradar.store import Store

FIRM_COLUMNS = ["kvk_number", "name", "trade_names", "postcode", "place", "website", "domain", "phone"]


def insert_firms(store: Store, world: Path) -> int:
    truth = pd.read_json(world / "ground_truth" / "firms.jsonl", lines=True, dtype={"kvk_number": str})
    frame = truth[[c for c in FIRM_COLUMNS if c in truth.columns]].copy()
    frame = frame.astype(object).where(frame.notna(), None)
    frame["run_id"] = "bench"
    with store.transaction():
        store.insert_df("firms", frame)
    return len(frame)


def measure(
    firms: int,
    seed: int = 7,
    world: Path | None = None,
    download_delay: float | None = None,
    extract: bool = True,
) -> dict:
    """Crawl and extract one demo world of `firms` firms; the figures of that run."""
    from ketenradar.demo.generate import generate_world
    from ketenradar.demo.server import DemoServer

    with tempfile.TemporaryDirectory() as tmp:
        if world is None:
            world = Path(tmp) / "world"
            generate_world(world, firms=firms, seed=seed, quiet=True)
        config = Config()
        if download_delay is not None:
            config.crawl.download_delay = download_delay
        with DemoServer(world) as server, Store(Path(tmp) / "bench.duckdb") as store:
            n_firms = insert_firms(store, world)
            config.crawl.allow_hosts = server.allow_hosts()
            config.crawl.port_map = server.port_map()
            config.crawl.only_allowed_hosts = True
            load_at_crawl = os.getloadavg()[0]
            with peak_rss() as crawl_peak:
                started = time.perf_counter()
                crawled = Runner(config, quiet=True).run_in(store, "crawl")
                crawl_seconds = time.perf_counter() - started
            extracted, extract_seconds = None, None
            with peak_rss() as extract_peak:
                if extract:
                    started = time.perf_counter()
                    extracted = Runner(config, quiet=True).run_in(store, "extract")
                    extract_seconds = time.perf_counter() - started
            evaluation = evaluate(store, config, GroundTruth.load(world))
            pages = int(store.scalar("SELECT count(*) FROM pages WHERE body IS NOT NULL"))
            requests = int(store.scalar("SELECT count(*) FROM crawl_requests"))

    # ru_maxrss is in KiB on Linux; RUSAGE_CHILDREN is the largest finished child (the Scrapy worker).
    worker_mib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {
        "firms": n_firms,
        "sites": crawled.counts.get("sites_to_crawl"),
        "pages": pages,
        "requests": requests,
        "crawl_seconds": round(crawl_seconds, 1),
        "crawl_pages_per_second": round(pages / crawl_seconds, 1),
        "crawl_requests_per_second": round(requests / crawl_seconds, 1),
        "extract_seconds": round(extract_seconds, 1) if extracted else None,
        "extract_pages_per_second": round(extracted.counts["pages_extracted"] / extract_seconds, 1)
        if extracted
        else None,
        "crawl_peak_rss_mb_process_tree": round(crawl_peak.peak_mb),
        "extract_peak_rss_mb": round(extract_peak.peak_mb) if extracted else None,
        # Other work on the shared machine slows the crawl down: the 1-minute load as it began.
        "load_1m_at_crawl": round(load_at_crawl, 2),
        "peak_rss_worker_mib": round(worker_mib, 1),
        "download_delay": config.crawl.download_delay,
        "concurrent_requests": config.crawl.concurrent_requests,
        "status_agreement": evaluation.counts.get("status_agreement"),
        "coverage": evaluation.tables["coverage"],
    }


def main(args: Any) -> dict[str, Any]:
    """`python -m bench --only crawl`: one row per world size (300 firms; `--quick`: 40)."""
    return {"crawl": [measure(firms) for firms in sizes(args, [300], [40])]}


def cli() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--firms", type=int, default=300)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--world", type=Path, help="an existing demo world (else one is generated)")
    parser.add_argument("--download-delay", type=float, default=None)
    parser.add_argument("--no-extract", action="store_true", help="crawl only")
    parser.add_argument("--out", type=Path, default=Path("bench/results/crawl.json"))
    args = parser.parse_args()
    figures = measure(args.firms, args.seed, args.world, args.download_delay, not args.no_extract)
    return finish_script(figures, args.out)


if __name__ == "__main__":
    sys.exit(cli())
