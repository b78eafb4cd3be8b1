"""Extract and indicators on one process against the local engine's pool, on the same crawled store.

    .venv/bin/python -m bench --only stage_workers                 # 2,000 firms, 2 repeats
    .venv/bin/python -m bench.bench_stage_workers --firms 2000 --repeat 2

A demo world (seed 7, medium) is generated, served on 127.0.0.1, ingested, resolved, crawled,
searched by `discover` (timed: `discover_seconds`) and crawled again, as `ketenradar demo` does. The
crawled store is copied once per run. Then `ketenradar extract` and `ketenradar indicators` run on
the copy as commands, with `[engine] workers = 1` (everything in the main process) and with
`workers = 0` (every available core: the local engine's process pool). The order alternates
between repeats (1, N, N, 1, ...), so a change in the machine's load hits both. Every figure is the
median over the repeats. The load average before each run is kept (`<stage>_load_before`: the
1-process runs first, then the pool runs).

`identical` says whether the two stores end with the same `page_texts`, `documents`,
`indicator_hits` and `firm_profile` rows (run ids left out). `cpu_seconds` is the CPU time of the
command and its pool's worker processes: on a shared machine the wall time depends on what else
runs, the CPU time much less.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import duckdb
import psutil

from bench.common import demo_store_through_crawl, finish_script, machine
from ketenradar.engine import available_cores

SELF_REPEATING = True
FIRMS = 2_000
QUICK_FIRMS = 300
SEED = 7
REPEAT = 2
STAGES = ("extract", "indicators")
# Table -> key columns; the rows are compared in key order.
TABLES = {
    "page_texts": ["kvk_number", "url"],
    "documents": ["kvk_number"],
    "indicator_hits": ["kvk_number", "indicator_id", "source", "url", "term", "sentence"],
    "firm_profile": ["kvk_number"],
}
PER_RUN = {"run_id", "created_at", "updated_at", "extracted_at", "computed_at"}
TIMEOUT = 3600


def build_store(folder: Path, firms: int) -> tuple[Path, dict[str, Any]]:
    """The demo's store after its crawl, discover and second crawl; discover timed."""
    with demo_store_through_crawl(folder, firms=firms, seed=SEED) as (_, runner):
        started = time.perf_counter()
        found = runner.run("discover")
        seconds = time.perf_counter() - started
        runner.run("crawl")
    counts = found.counts
    discover = {
        "discover_seconds": round(seconds, 1),
        "firms_searched": counts.get("firms_searched"),
        "candidates": counts.get("candidates"),
        "domains_refused_by_policy": counts.get("domains_refused_by_policy", 0),
        "domains_fetched": counts.get("domains_fetched", 0) - counts.get("domains_refused_by_policy", 0),
        "firms_found": counts.get("firms_found"),
    }
    return Path(runner.config.store.path), discover


def run_stage(db: Path, config: Path, stage: str) -> dict[str, Any]:
    env = dict(os.environ)
    src = Path(__file__).resolve().parents[1] / "src"
    env["PYTHONPATH"] = str(src) + os.pathsep + env.get("PYTHONPATH", "")
    command = [sys.executable, "-m", "ketenradar", "--quiet", "--json", "--config", str(config)]
    command += ["--db", str(db), stage]
    load = os.getloadavg()[0]
    started = time.perf_counter()
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        proc = subprocess.Popen(command, stdout=out, stderr=err, text=True, env=env)
        cpu = tree_cpu_seconds(proc)
        seconds = time.perf_counter() - started
        out.seek(0), err.seek(0)
        stdout, stderr = out.read(), err.read()
    if proc.returncode != 0:
        raise RuntimeError(f"{stage} failed: {stderr[-2000:]}")
    output = json.loads(stdout)
    counts = output["counts"]
    return {"seconds": seconds, "cpu_seconds": cpu, "load_before": load, "counts": counts}


def tree_cpu_seconds(proc: subprocess.Popen, interval: float = 0.1) -> float:
    """Wait for `proc`; the CPU seconds (user + system) it and its descendants (the pool's workers)
    used, from the last sample of each process (sampled every `interval` s)."""
    last: dict[int, float] = {}
    root = psutil.Process(proc.pid)
    deadline = time.monotonic() + TIMEOUT
    while proc.poll() is None:
        if time.monotonic() > deadline:
            proc.kill()
        try:
            members = [root, *root.children(recursive=True)]
        except psutil.NoSuchProcess:
            members = []
        for member in members:
            try:
                times = member.cpu_times()
                last[member.pid] = times.user + times.system
            except psutil.NoSuchProcess:
                pass
        time.sleep(interval)
    proc.wait()
    return round(sum(last.values()), 1)


def tables(db: Path) -> dict[str, list[tuple]]:
    out = {}
    with duckdb.connect(str(db), read_only=True) as con:
        for table, keys in TABLES.items():
            columns = [r[0] for r in con.execute(f"DESCRIBE {table}").fetchall() if r[0] not in PER_RUN]
            select = ", ".join(columns)
            # Every column, keys first: rows that tie on the keys are still compared in one order.
            order = ", ".join(keys + [c for c in columns if c not in keys])
            out[table] = con.execute(f"SELECT {select} FROM {table} ORDER BY {order}").fetchall()
    return out


def run(firms: int, repeat: int) -> dict[str, Any]:
    cores = available_cores()
    with tempfile.TemporaryDirectory(prefix="bench-stage-workers-") as tmp:
        folder = Path(tmp)
        crawled, discover = build_store(folder, firms)
        configs = {}
        for workers in (1, 0):
            configs[workers] = folder / f"workers{workers}.toml"
            configs[workers].write_text(f"[engine]\nworkers = {workers}\n")
        runs: dict[int, list[dict[str, Any]]] = {1: [], 0: []}
        last: dict[int, Path] = {}
        for rep in range(repeat):
            for workers in (1, 0) if rep % 2 == 0 else (0, 1):
                db = folder / f"run-{workers}-{rep}.duckdb"
                shutil.copy(crawled, db)
                runs[workers].append({stage: run_stage(db, configs[workers], stage) for stage in STAGES})
                if workers in last:
                    last[workers].unlink()
                last[workers] = db
        identical = tables(last[1]) == tables(last[0])
        row: dict[str, Any] = {"firms": firms, "seed": SEED, "cores_usable": cores, "repeat": repeat}
        for stage in STAGES:
            one = statistics.median(r[stage]["seconds"] for r in runs[1])
            pool = statistics.median(r[stage]["seconds"] for r in runs[0])
            row[f"{stage}_seconds_workers_1"] = round(one, 1)
            row[f"{stage}_seconds_workers_{cores}"] = round(pool, 1)
            row[f"{stage}_speedup"] = round(one / pool, 2)
            row[f"{stage}_cpu_seconds_workers_1"] = statistics.median(
                r[stage]["cpu_seconds"] for r in runs[1]
            )
            row[f"{stage}_cpu_seconds_workers_{cores}"] = statistics.median(
                r[stage]["cpu_seconds"] for r in runs[0]
            )
            row[f"{stage}_load_before"] = [round(r[stage]["load_before"], 2) for w in (1, 0) for r in runs[w]]
        row["pages_extracted"] = runs[1][0]["extract"]["counts"].get("pages_extracted")
        row["firms_matched"] = runs[1][0]["indicators"]["counts"].get("processed")
        both_one = sum(row[f"{s}_seconds_workers_1"] for s in STAGES)
        both_pool = sum(row[f"{s}_seconds_workers_{cores}"] for s in STAGES)
        row["extract_indicators_speedup"] = round(both_one / both_pool, 2)
        row["identical"] = identical
        row.update(discover)
    return {"stage_workers": [row], "machine": machine()}


def main(args: Any) -> dict[str, Any]:
    quick = bool(getattr(args, "quick", False))
    sizes = getattr(args, "sizes", None)
    firms = sizes[0] if sizes else (QUICK_FIRMS if quick else FIRMS)
    repeat = 1 if quick else max(1, int(getattr(args, "repeat", None) or REPEAT))
    return run(firms, repeat)


def cli() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--firms", type=int, default=FIRMS)
    parser.add_argument("--repeat", type=int, default=REPEAT)
    parser.add_argument("--out", type=Path, default=Path("bench/results/stage_workers.json"))
    args = parser.parse_args()
    return finish_script(run(args.firms, args.repeat), args.out)


if __name__ == "__main__":
    sys.exit(cli())
