"""`ketenradar discover` on demo worlds of the reporting seeds: recall on the sites no source lists,
precision of the sites it chose, and the decoys it kept out.

    .venv/bin/python -m bench --only discover             # 1,000 firms x the reporting seeds (score/protocol.py)
    .venv/bin/python -m bench --only discover --quick     # 300 firms, the first reporting seed (bench/results-quick)

Each world is generated (demo generator 2.1: `unlisted_site_share` 0.10 of firms have a readable
site listed in no source; decoys with their names: the same name in another town, parked domains,
directory pages), served on 127.0.0.1, ingested, resolved and crawled; then `discover` runs as in
`ketenradar demo` and `evaluate --stage discover` scores it against the world's ground truth
(evaluate/discover.py). Only reporting seeds (score/protocol.py): the discoverer is never tuned on
them. The same people wrote generator and discoverer, so these figures are an upper bound for real
registries: a real firm may show no KvK number, address or phone at all.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.common import demo_store_through_crawl, finish_script
from ketenradar.score.protocol import QUICK_SEEDS, REPORTING_SEEDS, TUNING_SEEDS, check_disjoint

SELF_REPEATING = True  # one run per world: the quality figures are deterministic, time is noted
FIRMS = 1_000
QUICK_FIRMS = 300
PRESET = "medium"
FIGURES = (
    "unlisted_sites",
    "unlisted_found",
    "recall",
    "unlisted_on_name",
    "recall_on_name",
    "chosen_right",
    "chosen_wrong",
    "precision",
    "decoys",
    "decoys_accepted",
    "decoys_same_name",
    "decoys_same_name_accepted",
    "decoys_parked",
    "decoys_parked_accepted",
    "decoys_directory",
    "decoys_directory_accepted",
    "candidates_unsure",
)


def measure(firms: int, seed: int, preset: str = PRESET) -> dict[str, Any]:
    if seed in TUNING_SEEDS:
        raise ValueError(f"seed {seed} is a tuning seed; report on score/protocol.py REPORTING_SEEDS")
    with (
        tempfile.TemporaryDirectory(prefix="bench-discover-") as tmp,
        demo_store_through_crawl(Path(tmp), firms=firms, seed=seed, preset=preset) as (world, runner),
    ):
        started = time.perf_counter()
        found = runner.run("discover")
        seconds = time.perf_counter() - started
        evaluation = runner.run("evaluate", stage="discover", truth=world.truth, out=None)
    figures = {k.removeprefix("discover."): v for k, v in evaluation.counts.items()}
    row: dict[str, Any] = {"firms": firms, "seed": seed, "preset": preset}
    row.update({k: figures.get(k) for k in FIGURES})
    row["decoys_all_rejected"] = figures.get("decoys_all_rejected")
    row["firms_searched"] = found.counts.get("firms_searched")
    row["domains_fetched"] = found.counts.get("domains_fetched", 0) - found.counts.get(
        "domains_refused_by_policy", 0
    )
    row["domains_refused_by_policy"] = found.counts.get("domains_refused_by_policy", 0)
    row["seconds"] = round(seconds, 1)
    return row


def summary(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Pooled over the worlds (sums, then ratios) and the worst world."""
    total = {k: sum(r[k] or 0 for r in rows) for k in ("unlisted_sites", "unlisted_found", "chosen_right")}
    chosen = sum((r["chosen_right"] or 0) + (r["chosen_wrong"] or 0) for r in rows)
    return {
        "worlds": len(rows),
        "unlisted_sites": total["unlisted_sites"],
        "recall": round(total["unlisted_found"] / total["unlisted_sites"], 3)
        if total["unlisted_sites"]
        else None,
        "precision": round(total["chosen_right"] / chosen, 3) if chosen else None,
        "min_recall": min((r["recall"] for r in rows if r["recall"] is not None), default=None),
        "min_precision": min((r["precision"] for r in rows if r["precision"] is not None), default=None),
        "decoys": sum(r["decoys"] or 0 for r in rows),
        "decoys_accepted": sum(r["decoys_accepted"] or 0 for r in rows),
        "target_recall": 0.6,
        "target_precision": 0.97,
    }


def run(firms: int, seeds: tuple[int, ...]) -> dict[str, Any]:
    check_disjoint()
    rows = [measure(firms, seed) for seed in seeds]
    return {"discover": rows, "summary": summary(rows)}


def main(args: Any) -> dict[str, Any]:
    quick = bool(getattr(args, "quick", False))
    sizes = getattr(args, "sizes", None)
    firms = sizes[0] if sizes else (QUICK_FIRMS if quick else FIRMS)
    return run(firms, QUICK_SEEDS if quick else REPORTING_SEEDS)


def cli() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--firms", type=int, default=FIRMS)
    parser.add_argument("--seed", type=int, action="append", help="a reporting seed (repeatable)")
    parser.add_argument("--out", type=Path, default=Path("bench/results/discover.json"))
    args = parser.parse_args()
    return finish_script(run(args.firms, tuple(args.seed or REPORTING_SEEDS)), args.out)


if __name__ == "__main__":
    sys.exit(cli())
