"""Markdown tables for the README from a `ketenradar --json demo` output (figures.json).

python scripts/readme_tables.py demo-out/figures.json
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def _fmt(v: object) -> str:
    if isinstance(v, float):
        return f"{v:.3f}" if abs(v) < 100 else f"{v:,.0f}"
    if isinstance(v, int):
        return f"{v:,}"
    return "" if v is None else str(v)


def table(rows: list[dict], columns: list[str]) -> str:
    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    lines += ["| " + " | ".join(_fmt(r.get(c)) for c in columns) + " |" for r in rows]
    return "\n".join(lines)


def main(path: str) -> None:
    figures = json.loads(Path(path).read_text())
    stages = figures["stages"]
    ev = next(s for s in stages if s["stage"] == "evaluate")
    t = ev["tables"]
    print("### pipeline\n")
    rows = []
    for s in stages:
        if rows and s["stage"] == rows[-1]["stage"] == "ingest":
            rows[-1]["seconds"] += s.get("seconds") or 0
            continue
        rows.append({"stage": s["stage"], "seconds": s.get("seconds") or 0.0})
    print(table(rows, ["stage", "seconds"]))
    print("\n### resolve\n")
    print(
        table(
            t["resolve: links vs ground truth"],
            ["group", "records", "truth_links", "precision", "recall", "ambiguous"],
        )
    )
    print("\n### labels\n")
    print(table(t["resolve: labels vs true category"], list(t["resolve: labels vs true category"][0])))
    print("\n### crawl\n")
    print(table(t["crawl: status_agreement_by_expected"], ["expected", "firms", "agree", "rate"]))
    print("\n### indicators\n")
    print(table(t["indicators: per group"], ["group", "precision", "recall", "tp", "fp", "fn"]))
    print("\n### score\n")
    methods = t.get("score: methods") or []
    if methods:
        print(table(methods, [c for c in methods[0] if c != "model"]))
    print("\n### counts\n")
    print(json.dumps({k: v for k, v in ev["counts"].items()}, indent=0))


if __name__ == "__main__":
    main(sys.argv[1])
