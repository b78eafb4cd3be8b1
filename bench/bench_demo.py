"""Demo end to end: `ketenradar demo --firms N` in a subprocess on a fresh temporary folder (world
generation, serving, every stage, the report), wall time and peak memory.

Peak memory is the highest resident size of the command's whole process tree, sampled with psutil,
and the exact high-water mark of its largest single process from `getrusage(RUSAGE_CHILDREN)`.
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.common import peak_rss, sizes

SELF_REPEATING = True
TIMEOUT = 3600


def run_demo(firms: int, workdir: Path) -> dict[str, Any]:
    command = [sys.executable, "-m", "ketenradar", "--quiet", "--json", "demo", "--firms", str(firms)]
    command += ["--out", str(workdir / "demo-out")]
    env = dict(os.environ)
    src = Path(__file__).resolve().parents[1] / "src"
    env["PYTHONPATH"] = str(src) + os.pathsep + env.get("PYTHONPATH", "")
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    proc = subprocess.Popen(
        command, cwd=workdir, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    with peak_rss(proc.pid, interval=0.05) as peak:
        try:
            stdout, stderr = proc.communicate(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            proc.kill()
            stdout, stderr = proc.communicate()
    seconds = time.perf_counter() - start
    # ru_maxrss is in KiB on Linux; it only rises, so it tells this child's peak if it is the largest.
    largest = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return {
        "returncode": proc.returncode,
        "seconds": seconds,
        "peak_rss_mb": peak.peak_mb,
        "largest_process_rss_mb": largest / 1024 if largest > before else None,
        "stderr_tail": "\n".join(stderr.strip().splitlines()[-5:]),
        "output": _parse(stdout),
    }


def _parse(stdout: str) -> dict[str, Any] | None:
    try:
        return json.loads(stdout)
    except json.JSONDecodeError:
        return None


def summarise(output: dict[str, Any] | None) -> dict[str, Any]:
    """What the demo printed, kept for the README: seconds and counts per stage (the ingest runs, one
    per file, added up), and the evaluation's figures and tables against the world's ground truth."""
    if not output:
        return {}
    stages: list[dict[str, Any]] = []
    for s in output.get("stages", []):
        counts = {k: v for k, v in (s.get("counts") or {}).items() if isinstance(v, int | float)}
        if stages and stages[-1]["stage"] == s["stage"] == "ingest":
            last = stages[-1]
            last["seconds"] = round(last["seconds"] + (s.get("seconds") or 0.0), 2)
            for k, v in counts.items():
                last["counts"][k] = last["counts"].get(k, 0) + v
            continue
        stages.append({"stage": s["stage"], "seconds": round(s.get("seconds") or 0.0, 2), "counts": counts})
    evaluation = next((s for s in output.get("stages", []) if s["stage"] == "evaluate"), {})
    return {
        "stages": stages,
        "evaluate": evaluation.get("counts", {}),
        "evaluate_tables": evaluation.get("tables", {}),
    }


def main(args: Any) -> dict[str, Any]:
    rows = []
    for firms in sizes(args, [2_000], [200]):
        runs = []
        for _ in range(max(1, args.repeat)):
            with tempfile.TemporaryDirectory(prefix="ketenradar-bench-demo-") as tmp:
                run = run_demo(firms, Path(tmp))
            if run["returncode"] != 0:
                # The pipeline is not complete (or broke): say so and why, do not fake a figure.
                return {
                    "status": "not available",
                    "firms": firms,
                    "reason": f"`ketenradar demo` exited with {run['returncode']} after "
                    f"{run['seconds']:.1f}s: "
                    f"{(run['stderr_tail'].splitlines() or ['(no message)'])[-1].strip()}",
                    "stderr_tail": run["stderr_tail"],
                }
            runs.append(run)
        rows.append(
            {
                "firms": firms,
                "runs": len(runs),
                "seconds": round(statistics.median(r["seconds"] for r in runs), 1),
                "seconds_per_1000_firms": round(
                    1000 * statistics.median(r["seconds"] for r in runs) / firms, 1
                ),
                "peak_rss_mb_process_tree": round(max(r["peak_rss_mb"] for r in runs)),
                "peak_rss_mb_largest_process": round(max((r["largest_process_rss_mb"] or 0) for r in runs)),
                **summarise(runs[-1]["output"]),
            }
        )
    return {"demo": rows, "scale": scale(rows)}


BASE_FIRMS = 2_000
"""The size the issue compares against: the crawl's rate at 16,000 firms within 10 % of its rate at
2,000."""


def crawl_rate(row: dict[str, Any]) -> float | None:
    """Pages per second over the demo's crawl stages together (the listed sites, then the sites
    `discover` found)."""
    crawls = [s for s in row.get("stages", []) if s["stage"] == "crawl"]
    seconds = sum(s["seconds"] for s in crawls)
    pages = sum(s["counts"].get("pages_stored", 0) for s in crawls)
    return round(pages / seconds, 1) if seconds else None


def scale(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Per size: minutes, seconds per 1,000 firms, the crawl's pages/s, and that rate over the rate
    at 2,000 firms (at the smallest size run when 2,000 was not)."""
    if not rows:
        return []
    base = next((r for r in rows if r["firms"] == BASE_FIRMS), min(rows, key=lambda r: r["firms"]))
    base_rate = crawl_rate(base)
    out = []
    for row in sorted(rows, key=lambda r: r["firms"]):
        rate = crawl_rate(row)
        out.append(
            {
                "firms": row["firms"],
                "seconds": row["seconds"],
                "minutes": round(row["seconds"] / 60, 1),
                "seconds_per_1000_firms": row["seconds_per_1000_firms"],
                "crawl_pages_per_second": rate,
                "crawl_rate_over_base": round(rate / base_rate, 3) if rate and base_rate else None,
                "base_firms": base["firms"],
            }
        )
    return out


def rederive(path: Path) -> None:
    """Recompute the derived `scale` of a written demo.json from its measured rows, which are not
    touched (for a file written before `scale` existed)."""
    data = json.loads(path.read_text())
    figures = data.get("figures", data)
    figures["scale"] = scale(figures["demo"])
    path.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description="recompute demo.json's derived scale figures")
    parser.add_argument("--rederive", type=Path, required=True, metavar="DEMO_JSON")
    rederive(parser.parse_args().rederive)
