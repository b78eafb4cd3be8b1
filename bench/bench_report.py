"""Time `ketenradar report` (HTML report + XLSX/CSV/Parquet) on a synthetic store of N scored firms.

    python -m bench --only report [--quick] [--repeat 3]      # 16,000 firms (quick: 2,000)
    python bench/bench_report.py --firms 16000                  # the same, standalone

The store is built once per size with the report tests' builder (tests/report_store.py: firms in
every province, three score runs, reasons, indicator hits, sites, links, rejects); the report stage
then runs `--repeat` times on it and the median time is kept. Peak RSS is that of this process
while the stage runs.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))  # the synthetic store builder of the report tests
sys.path.insert(0, str(ROOT))  # `bench.common` also when run as a script

from bench.common import peak_rss, sizes, write_json  # noqa: E402
from ketenradar.config import Config  # noqa: E402
from ketenradar.runner import Runner  # noqa: E402
from report_store import make_report_store  # noqa: E402

SELF_REPEATING = True


def measure(n_firms: int, repeat: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        store = make_report_store(Path(tmp) / "bench.duckdb", n_firms=n_firms)
        build_seconds = time.perf_counter() - started
        out = Path(tmp) / "out"
        seconds: list[float] = []
        peak_mb = 0.0
        for _ in range(max(1, repeat)):
            with peak_rss() as peak:
                started = time.perf_counter()
                result = Runner(Config(), quiet=True).run_in(store, "report", out=str(out))
                seconds.append(time.perf_counter() - started)
            peak_mb = max(peak_mb, peak.peak_mb)
        files_kb = {p.name: round(p.stat().st_size / 1024, 1) for p in sorted(out.iterdir())}
        store.close()
    return {
        "name": f"{n_firms} firms",
        "firms": n_firms,
        "seconds": round(statistics.median(seconds), 2),
        "seconds_min": round(min(seconds), 2),
        "seconds_max": round(max(seconds), 2),
        "firms_per_s": round(n_firms / statistics.median(seconds)),
        "peak_rss_mb": round(peak_mb),
        "firms_exported": int(result.counts["firms_exported"]),
        "store_build_seconds": round(build_seconds, 2),
        "files_kb": files_kb,
    }


def main(args: Any) -> dict[str, Any]:
    return {"report": [measure(n, getattr(args, "repeat", 1)) for n in sizes(args, [16_000], [2_000])]}


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--firms", type=int, nargs="+", dest="sizes", default=[16_000])
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "report.json")
    cli = parser.parse_args()
    figures = main(cli)
    print(json.dumps(figures, indent=2))
    write_json(figures, cli.out)
