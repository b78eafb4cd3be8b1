"""The crawl on a distributed engine (`--engine dask`).

Sites are grouped by host into partitions, so that one host is only ever fetched by one Scrapy
process and the per-host politeness (delay, requests per site) holds as on one machine. Each
partition is one engine task that runs its own Scrapy worker process (`worker.py`, the same one the
local crawl uses) and returns every message it reported; the stage stores each partition's
messages as soon as its task finishes. A killed run therefore loses only the partitions still
running, and the next `ketenradar crawl` replays what was stored and fetches the rest.

The worker's work folder (HTTP cache, logs) must be reachable from the engine's workers: true for
the local cluster; on a cluster of several machines put the store's folder on a shared disk.
"""

from __future__ import annotations

import math
import os
import queue
import subprocess
import sys
import threading
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pandas as pd

SITES_PER_TASK = 100
"""At most about this many sites per task: small enough that a killed run loses little."""


def partition_sites(sites: list[dict[str, Any]], partitions: int) -> list[pd.DataFrame]:
    """Sites grouped by host (a stable hash), in at least `partitions` groups; empty groups dropped."""
    from ketenradar.crawl.spider import host_key

    n = max(1, partitions, math.ceil(len(sites) / SITES_PER_TASK))
    groups: list[list[dict[str, Any]]] = [[] for _ in range(n)]
    for site in sites:
        host = host_key(urlsplit(site["start_url"]).hostname or site["start_url"])
        groups[zlib.crc32(host.encode("utf-8")) % n].append(site)
    return [pd.DataFrame({"site": group}) for group in groups if group]


def start_worker(job: dict[str, Any], log_path: Path) -> subprocess.Popen:
    """The Scrapy worker with its job sent; stdin stays open (its EOF tells the worker to stop)."""
    import json

    log = open(log_path, "ab")  # noqa: SIM115 - the child holds its own copy of the descriptor
    try:
        proc = subprocess.Popen(
            [sys.executable, "-m", "ketenradar.crawl.worker"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=log,
            # Own session: a terminal Ctrl-C reaches only us, and we stop the worker ourselves.
            start_new_session=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
    finally:
        log.close()
    assert proc.stdin is not None
    proc.stdin.write(json.dumps(job).encode("utf-8") + b"\n")
    proc.stdin.flush()
    return proc


@contextmanager
def worker_messages(
    job: dict[str, Any], log_path: Path, maxsize: int = 0
) -> Iterator[tuple[subprocess.Popen, queue.Queue]]:
    """The worker started with `job`, and a queue its decoded messages arrive in (None after the last,
    read by a thread). Leaving the block waits for the worker's exit; an error or Ctrl-C inside it
    kills the worker first. The crawl and discovery stages read their workers through this."""
    from ketenradar.crawl.pipeline import decode, frames

    proc = start_worker(job, log_path)
    assert proc.stdout is not None
    inbox: queue.Queue = queue.Queue(maxsize=maxsize)

    def read() -> None:
        for frame in frames(proc.stdout):  # type: ignore[arg-type]
            inbox.put(decode(frame))
        inbox.put(None)

    threading.Thread(target=read, daemon=True).start()
    try:
        yield proc, inbox
        proc.wait()
    except BaseException:
        proc.kill()
        proc.wait()
        raise
    finally:
        if proc.stdin:
            proc.stdin.close()


def crawl_partition(part: pd.DataFrame, job: dict[str, Any]) -> pd.DataFrame:
    """Crawl one partition's sites with its own worker; its messages as raw frames, in order."""
    from ketenradar.crawl.pipeline import frames
    from ketenradar.crawl.stage import CrawlError

    folder = Path(job["settings"]["HTTPCACHE_DIR"]).parent
    proc = start_worker({**job, "sites": list(part["site"])}, folder / "worker.stderr")
    assert proc.stdout is not None and proc.stdin is not None
    try:
        lines = list(frames(proc.stdout))
        proc.wait()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        proc.stdin.close()
    if proc.returncode != 0 or not lines or lines[-1].strip() != b'{"type":"end"}':
        raise CrawlError(
            f"a crawl worker on the engine stopped with exit code {proc.returncode}; what was stored is "
            f"kept and the next `ketenradar crawl` resumes. Details: {folder / 'worker.stderr'}"
        )
    return pd.DataFrame({"line": lines[:-1]})
