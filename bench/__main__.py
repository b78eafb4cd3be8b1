"""`python -m bench`: run every `bench/bench_*.py`, print a table, write bench/results/*.json.

Each module has `main(args) -> dict` of figures. A module that repeats its own measurements and
reports medians sets `SELF_REPEATING = True`; any other module is run `--repeat` times here and
every numeric figure is replaced by its median over the runs.
"""

from __future__ import annotations

import argparse
import importlib
import json
import pkgutil
import statistics
import sys
import time
import traceback
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"
# Smoke runs (`--quick`) must not overwrite the committed figures the docs are rendered from.
QUICK_RESULTS = HERE / "results-quick"


def discover() -> list[str]:
    return sorted(
        m.name.removeprefix("bench_")
        for m in pkgutil.iter_modules([str(HERE)])
        if m.name.startswith("bench_")
    )


def median_of(runs: list[Any]) -> Any:
    """Element-wise median of the numeric leaves of several results of the same shape."""
    first = runs[0]
    if isinstance(first, bool) or not all(type(r) is type(first) for r in runs):
        return first
    if isinstance(first, int | float):
        return statistics.median(runs)
    if isinstance(first, dict):
        return {k: median_of([r[k] for r in runs if k in r]) for k in first}
    if isinstance(first, list) and all(len(r) == len(first) for r in runs):
        return [median_of(list(items)) for items in zip(*runs, strict=True)]
    return first


def run_one(name: str, args: argparse.Namespace) -> dict[str, Any]:
    started = time.perf_counter()
    try:
        module = importlib.import_module(f"bench.bench_{name}")
    except Exception as exc:  # a stage that has not landed yet: note it, run the others
        return {"status": "skipped", "reason": f"import failed: {type(exc).__name__}: {exc}"}
    try:
        if getattr(module, "SELF_REPEATING", False):
            figures = module.main(args)
        else:
            figures = median_of([module.main(args) for _ in range(max(1, args.repeat))])
    except Exception as exc:
        return {
            "status": "failed",
            "reason": f"{type(exc).__name__}: {exc}",
            "traceback": traceback.format_exc(limit=5),
        }
    status = figures.pop("status", "ok") if isinstance(figures, dict) else "ok"
    return {"status": status, "seconds_total": round(time.perf_counter() - started, 2), "figures": figures}


def flatten(prefix: str, value: Any, rows: list[tuple[str, str]]) -> None:
    if isinstance(value, dict):
        for k, v in value.items():
            flatten(f"{prefix}.{k}" if prefix else str(k), v, rows)
    elif isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        for i, v in enumerate(value):
            label = v.get("name") or v.get("size") or v.get("n") or i
            flatten(f"{prefix}[{label}]", {k: x for k, x in v.items() if k != "name"}, rows)
    else:
        rows.append((prefix, fmt(value)))


def fmt(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:,.4g}" if abs(value) < 1000 else f"{value:,.0f}"
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    return str(value)


def print_report(header: dict[str, Any], results: dict[str, dict[str, Any]]) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    m = header["machine"]
    console.print(
        f"[bold]ketenradar bench[/]  {m['cores_usable']} usable cores ({m['cores_logical']} logical), "
        f"{m['memory_gb']} GiB memory ({m['memory_available_gb']} GiB free), "
        f"load {m.get('load_average_1m')}, Python {m['python']}; "
        f"repeat={header['repeat']}{' quick' if header['quick'] else ''}"
    )
    for name, result in results.items():
        table = Table(title=f"{name} ({result['status']})", show_header=True, header_style="bold")
        table.add_column("figure")
        table.add_column("value", justify="right")
        if result["status"] in ("skipped", "failed"):
            table.add_row("reason", result["reason"])
        else:
            rows: list[tuple[str, str]] = []
            flatten("", result.get("figures", {}), rows)
            for row in rows:
                table.add_row(*row)
        console.print(table)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes: a smoke run in seconds")
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure; the median is kept")
    parser.add_argument(
        "--only", action="append", metavar="NAME", help="run only this benchmark (repeatable)"
    )
    parser.add_argument("--sizes", type=int, nargs="+", help="override the sizes (firms/vectors)")
    parser.add_argument(
        "--out",
        type=Path,
        default=None,
        help="folder for the JSON results (default bench/results, committed; bench/results-quick with --quick)",
    )
    parser.add_argument("--list", action="store_true", help="list the benchmarks and exit")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    from bench.common import machine

    args = parse_args(argv)
    if args.out is None:
        args.out = QUICK_RESULTS if args.quick else RESULTS
    names = discover()
    if args.list:
        print("\n".join(names))
        return 0
    if args.only:
        unknown = sorted(set(args.only) - set(names))
        if unknown:
            print(f"unknown benchmark(s): {', '.join(unknown)} (known: {', '.join(names)})", file=sys.stderr)
            return 2
        names = [n for n in names if n in args.only]
    header = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "repeat": args.repeat,
        "quick": args.quick,
        "command": " ".join(["python -m bench", *(argv if argv is not None else sys.argv[1:])]),
    }
    args.out.mkdir(parents=True, exist_ok=True)
    results: dict[str, dict[str, Any]] = {}
    for name in names:
        print(f"running bench {name} ...", file=sys.stderr, flush=True)
        results[name] = run_one(name, args)
        results[name]["load_average_1m_after"] = machine()["load_average_1m"]
        payload = {**header, "name": name, **results[name]}
        (args.out / f"{name}.json").write_text(json.dumps(payload, indent=2, default=str) + "\n")
    combined_path = args.out / "all.json"
    # Keep earlier results of benchmarks not run this time (`--only`), so all.json stays whole.
    combined: dict[str, Any] = {}
    if combined_path.exists():
        try:
            combined = json.loads(combined_path.read_text()).get("benchmarks", {})
        except (json.JSONDecodeError, AttributeError):
            combined = {}
    for name, result in results.items():
        combined[name] = {**header, **result}
    combined_path.write_text(
        json.dumps({"machine": header["machine"], "benchmarks": combined}, indent=2, default=str) + "\n"
    )
    print_report(header, results)
    return 1 if any(r["status"] == "failed" for r in results.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
