"""Time `ketenradar report` on a synthetic store: prints figures and writes bench/results/report.json.

python bench/bench_report.py --firms 16000
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))  # the synthetic store builder of the report tests

from ketenradar.config import Config  # noqa: E402
from ketenradar.report import stage  # noqa: E402
from ketenradar.stage import StageContext  # noqa: E402
from report_store import build_store  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--firms", type=int, default=16000)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "report.json")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        store = build_store(Path(tmp) / "bench.duckdb", n_firms=args.firms)
        started = time.perf_counter()
        result = stage.run(
            store, Config(), StageContext(run_id="bench", quiet=True), out=str(Path(tmp) / "out")
        )
        seconds = time.perf_counter() - started
        sizes = {p.name: p.stat().st_size for p in (Path(tmp) / "out").iterdir()}
        store.close()
    figures = {
        "firms": args.firms,
        "seconds": round(seconds, 2),
        "firms_exported": result.counts["firms_exported"],
        "bytes": sizes,
    }
    print(json.dumps(figures, indent=2))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
