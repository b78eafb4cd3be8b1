"""Crawl (and extract) a served demo world: pages per second and peak memory.

    .venv/bin/python -m bench --only crawl            # 300 firms; --quick: 40 firms
    .venv/bin/python -m bench.bench_crawl --firms 300 --out bench/results/crawl.json

Throughput against the number of firms (issue 16: at 16,000 within 10 % of the rate at 2,000), one
world per size, crawled one after the other, rows added to bench/results/crawl_throughput.json:

    nice -n 10 .venv/bin/python -m bench.bench_crawl --scale --firms 2000,4000,8000
    nice -n 10 .venv/bin/python -m bench.bench_crawl --scale --firms 16000   # adds a row, ~1 h

`--scale` means `--no-extract --append --out bench/results/crawl_throughput.json`; `scale` in that JSON
is the rate at each size over the rate at 2,000 firms (the latest run of each size, same `--label`).

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

from bench.common import append_rows, finish_script, peak_rss, sizes, write_json
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


BASE_FIRMS = 2000
"""The size the issue compares against: the rate at 16,000 firms within 10 % of the rate at 2,000."""


def scale_summary(rows: list[dict[str, Any]], label: str) -> list[dict[str, Any]]:
    """Per world size, the latest run with `label`: pages/s and its ratio to the rate at 2,000 firms
    (at the smallest size when 2,000 was not measured)."""
    latest: dict[int, dict[str, Any]] = {}
    for row in rows:
        if row.get("start") == label:
            latest[row["firms"]] = row
    if not latest:
        return []
    base = latest.get(BASE_FIRMS) or latest[min(latest)]
    return [
        {
            "firms": firms,
            "crawl_pages_per_second": row["crawl_pages_per_second"],
            "over_base": round(row["crawl_pages_per_second"] / base["crawl_pages_per_second"], 3),
            "base_firms": base["firms"],
            "load_1m_at_crawl": row["load_1m_at_crawl"],
        }
        for firms, row in sorted(latest.items())
    ]


def main(args: Any) -> dict[str, Any]:
    """`python -m bench --only crawl`: one row per world size (300 firms; `--quick`: 40)."""
    return {"crawl": [measure(firms) for firms in sizes(args, [300], [40])]}


def cli() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--firms", default="300", help="one size, or several: 2000,4000,8000")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--world", type=Path, help="an existing demo world (else one is generated)")
    parser.add_argument("--download-delay", type=float, default=None)
    parser.add_argument("--no-extract", action="store_true", help="crawl only")
    parser.add_argument("--out", type=Path, default=None, help="default bench/results/crawl.json")
    parser.add_argument("--append", action="store_true", help="add the runs to those already in --out")
    parser.add_argument("--label", default="lazy", help="the runs' `start` label in the JSON")
    parser.add_argument(
        "--scale",
        action="store_true",
        help="throughput against size: --no-extract --append --out bench/results/crawl_throughput.json",
    )
    args = parser.parse_args()
    try:
        firms = [int(n) for n in str(args.firms).split(",") if n.strip()]
    except ValueError:
        parser.error(f"--firms takes a number or numbers separated by commas, got {args.firms!r}")
    if not firms or min(firms) < 1:
        parser.error(f"--firms must be positive, got {args.firms!r}")
    if args.world is not None and len(firms) > 1:
        parser.error("--world is one world: give one --firms size with it")
    if args.scale:
        args.no_extract, args.append = True, True
        args.out = args.out or Path("bench/results/crawl_throughput.json")
    out = args.out or Path("bench/results/crawl.json")
    if len(firms) == 1 and not args.append and not args.scale:  # one run: its figures, as before
        figures = measure(firms[0], args.seed, args.world, args.download_delay, not args.no_extract)
        return finish_script(figures, out)
    figures: dict[str, Any] = {}
    for n in firms:  # each size written as soon as it is measured: a long series keeps what it has
        row = measure(n, args.seed, args.world, args.download_delay, not args.no_extract)
        row.pop("coverage", None)
        row["start"] = args.label
        figures = append_rows(out, "runs", [row], append=True if n != firms[0] else args.append)
        figures["scale"] = scale_summary(figures["runs"], args.label)
        figures.setdefault(
            "note",
            "Demo world seed 7 per size, crawled on 127.0.0.1 at the polite defaults (no extract), one "
            "size after the other; the machine is shared, so each run records the 1-minute load as it began.",
        )
        write_json(figures, out)
    return finish_script(figures, out)


if __name__ == "__main__":
    sys.exit(cli())
