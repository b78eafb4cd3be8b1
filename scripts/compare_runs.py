"""Compare two `ketenradar --json demo` outputs stage by stage: every count and table, apart from
what differs between any two runs (timings, run ids, the output folder).

    python scripts/compare_runs.py before.json after.json [--ignore KEY ...]

Prints one line per figure that differs and a summary; exits 1 when any figure differs. Used to
check that a refactoring leaves the demo's figures as they were (same world, seed and size).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

VOLATILE = {"run_id", "seconds", "score_run", "out_dir", "report_kb", "input_hash", "passages_per_s"}
"""Figures that change from run to run of the same world: timings, ids, paths, sizes that hold them."""


def load(path: Path) -> dict[str, dict[str, Any]]:
    """stage -> its record (counts, tables, messages) of a `--json demo` output."""
    data = json.loads(path.read_text(encoding="utf-8"))
    stages = data.get("stages") if isinstance(data, dict) else None
    if not isinstance(stages, list):
        raise SystemExit(f"{path}: not a `ketenradar --json demo` output (no 'stages' list)")
    return {s["stage"]: s for s in stages}


def out_folder(stages: dict[str, dict[str, Any]]) -> str | None:
    """The demo's output folder (the report's parent), to compare paths below it as relative."""
    out_dir = stages.get("report", {}).get("counts", {}).get("out_dir")
    return str(Path(out_dir).parent) if out_dir else None


def normalise(value: Any, folder: str | None) -> Any:
    if isinstance(value, str) and folder:
        return value.replace(folder, "<out>")
    if isinstance(value, dict):
        return {k: normalise(v, folder) for k, v in value.items()}
    if isinstance(value, list):
        return [normalise(v, folder) for v in value]
    return value


def differences(
    before: dict[str, dict[str, Any]], after: dict[str, dict[str, Any]], ignore: set[str]
) -> list[str]:
    out: list[str] = []
    if list(before) != list(after):
        out.append(f"stages: {list(before)} -> {list(after)}")
    folders = out_folder(before), out_folder(after)
    for stage in before:
        if stage not in after:
            continue
        old, new = (normalise(s[stage], f) for s, f in zip((before, after), folders, strict=True))
        for part in ("counts", "tables"):
            a, b = old.get(part) or {}, new.get(part) or {}
            for key in sorted(set(a) | set(b)):
                if key in ignore or key.rsplit(".", 1)[-1] in ignore:  # evaluate's "score.run_id" too
                    continue
                if a.get(key) != b.get(key):
                    shown = (
                        json.dumps(a.get(key), default=str)[:200],
                        json.dumps(b.get(key), default=str)[:200],
                    )
                    out.append(f"{stage} {part} {key}: {shown[0]} -> {shown[1]}")
        if len(old.get("messages") or []) != len(new.get("messages") or []):
            out.append(
                f"{stage} messages: {len(old.get('messages') or [])} -> {len(new.get('messages') or [])}"
            )
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before", type=Path)
    parser.add_argument("after", type=Path)
    parser.add_argument("--ignore", action="append", default=[], help="a count or table to leave out")
    args = parser.parse_args(argv)
    before, after = load(args.before), load(args.after)
    found = differences(before, after, VOLATILE | set(args.ignore))
    for line in found:
        print(line)
    compared = sum(len(s.get("counts") or {}) + len(s.get("tables") or {}) for s in before.values())
    print(
        f"{len(found)} difference(s) over {len(before)} stages and {compared} counts and tables "
        f"(left out: {', '.join(sorted(VOLATILE | set(args.ignore)))})"
    )
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
