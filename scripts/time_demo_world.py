"""Time demo-world generation: `python scripts/time_demo_world.py [--firms 16000] [--seed 7] [--style default]`.

Prints wall-clock and CPU seconds (this process and its workers), files and bytes written, and
writes the figures to bench/results/demo_world.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import tempfile
import time
from pathlib import Path

from ketenradar.demo.generate import generate_world


def _cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--firms", type=int, default=16000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--style", default="default")
    parser.add_argument("--out", type=Path, default=None, help="world folder (default: a temp folder)")
    parser.add_argument("--keep", action="store_true", help="keep the temp world")
    args = parser.parse_args()
    out = args.out or Path(tempfile.mkdtemp(prefix="ketenradar-bench-")) / "world"
    load_before = os.getloadavg()[0]
    cpu0, t0 = _cpu(), time.perf_counter()
    counts = generate_world(out, firms=args.firms, seed=args.seed, style=args.style, quiet=True)
    wall, cpu = time.perf_counter() - t0, _cpu() - cpu0
    files = [p for p in out.rglob("*") if p.is_file()]
    result = {
        "firms": args.firms,
        "seed": args.seed,
        "style": args.style,
        "wall_seconds": round(wall, 1),
        "cpu_seconds": round(cpu, 1),
        "files": len(files),
        "megabytes": round(sum(p.stat().st_size for p in files) / 1e6, 1),
        "cores": os.cpu_count(),
        "load_average_before": round(load_before, 1),
        "python": platform.python_version(),
        "counts": counts,
    }
    print(json.dumps(result, indent=1))
    results = Path(__file__).resolve().parents[1] / "bench" / "results"
    results.mkdir(exist_ok=True)
    (results / "demo_world.json").write_text(json.dumps(result, indent=1) + "\n")
    if args.out is None and not args.keep:
        shutil.rmtree(out.parent, ignore_errors=True)


if __name__ == "__main__":
    main()
