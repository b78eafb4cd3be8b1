"""Analyst review on demo worlds: are the measured intervals honest, and do verdicts help?

    python -m bench --only review                 # demo worlds of 1,000 firms, reporting seeds 101-103
    python -m bench --only review --quick         # one world of 400 firms
    python bench/bench_review.py --store S --world W   # on a demo store already scored

Coverage. On a scored world, draw a stratified review sample of 100 firms from category C (review/
sample.py) with 20 different sample seeds; a simulated analyst answers the direct question from the
ground truth without errors; each time the measured 95% interval (review/estimate.py) either contains
the true precision of C or not. The true precision is the share of the run's C firms whose true
category is A or C: what the question asks (an unlabelled A firm rightly "could supply directly").

Rounds. On a copy of the store, the loop of `ketenradar demo --review-rounds 3` (review/simulate.py):
3 rounds of an active batch of 50 C firms (review/sample.py), answered by the simulated analyst with a
5% error rate, then `score` again (the scorer learns from the verdicts and categories respect them).
C precision and recall against the truth (true category C, as `evaluate` counts them) before and after
each round.

The worlds use the demo's hardest preset (`hard`) where the demo has presets, else the default world;
none of their seeds was used to tune anything in review/. The figures name preset, size and seeds.
"""

from __future__ import annotations

import argparse
import json
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ketenradar.config import load_config
from ketenradar.review.estimate import measured
from ketenradar.review.sample import build_sample
from ketenradar.review.simulate import SimulatedAnalyst, review_rounds, truth_of
from ketenradar.review.store import ReviewStore, review_store_path
from ketenradar.score.protocol import QUICK_SEEDS, REPORTING_SEEDS
from ketenradar.store import Store

SELF_REPEATING = True
WORLDS = [(1000, seed) for seed in REPORTING_SEEDS]  # score/protocol.py, never tuned on
QUICK_WORLDS = [(400, QUICK_SEEDS[0])]  # the CI smoke seed: a quick run never touches a reporting world
REPS = 20
SAMPLE_N = 100
ROUNDS = 3
PER_ROUND = 50
ERROR_RATE = 0.05


def presets() -> list[str]:
    """The demo presets this ketenradar knows (none before the latent-trait world landed)."""
    import inspect

    from ketenradar.runner import run_demo

    return ["easy", "medium", "hard"] if "preset" in inspect.signature(run_demo).parameters else []


def build_world(firms: int, seed: int, folder: Path, preset: str | None = None) -> tuple[Path, Path]:
    from ketenradar.runner import run_demo

    db = folder / "ketenradar.duckdb"
    extra = {"preset": preset} if preset else {}
    run_demo(
        load_config(None),
        firms=firms,
        seed=seed,
        style="default",
        out=folder,
        db=str(db),
        quiet=True,
        **extra,
    )
    return db, folder / "world"


def latest_categories(store: Store) -> pd.DataFrame:
    from ketenradar.review.sample import latest_scores

    _, scores, _ = latest_scores(store)
    return scores


def coverage(db: Path, truth: dict[str, str], reps: int = REPS, n: int = SAMPLE_N) -> dict[str, Any]:
    with Store(db, read_only=True) as store:
        scores = latest_categories(store)
        in_c = scores[scores.category == "C"]
        p_true = float(in_c.kvk_number.map(lambda k: truth.get(k, "none")).isin(["A", "C"]).mean())
        rows = []
        with tempfile.TemporaryDirectory() as tmp:
            for rep in range(reps):
                with ReviewStore(Path(tmp) / f"r{rep}.sqlite") as review:
                    drawn = build_sample(store, review, n=n, categories=["C"], seed=1000 + rep)
                    analyst = SimulatedAnalyst(truth, error_rate=0.0, seed=rep)
                    analyst.review(review, list(drawn.firms.kvk_number), ["direct"], drawn.sample_id)
                    c = measured(review, ("C",))["C"]
                rows.append(
                    {"seed": 1000 + rep, "precision": c["precision"], "low": c["low"], "high": c["high"],
                     "reviewed": c["reviewed"], "covers": bool(c["low"] <= p_true <= c["high"])}
                )  # fmt: skip
    widths = [r["high"] - r["low"] for r in rows]
    return {
        "n_C": len(in_c),
        "sample_n": min(n, len(in_c)),
        "true_precision": round(p_true, 4),
        "repetitions": reps,
        "covered": sum(r["covers"] for r in rows),
        "coverage": round(sum(r["covers"] for r in rows) / reps, 4),
        "median_width": round(float(np.median(widths)), 4),
        "runs": rows,
    }


def rounds(db: Path, truth: dict[str, str], folder: Path) -> dict[str, Any]:
    """The review rounds of `ketenradar demo --review-rounds` (review/simulate.py) on a copy of the store."""
    copy = folder / "rounds.duckdb"
    shutil.copy(db, copy)
    review_store_path(copy).unlink(missing_ok=True)
    config = load_config(None)
    config.store.path = str(copy)
    result = review_rounds(
        config, truth, rounds=ROUNDS, batch=PER_ROUND, error_rate=ERROR_RATE, categories=("C",), seed=99
    )
    # Flat C figures per step for the documentation's tables; D as the loop reports it.
    steps = [
        {"round": s["round"], "verdicts": s["verdicts"], "n_C": s["C"]["firms"], "precision": s["C"]["precision"],
         "recall": s["C"]["recall"], "precision_A_or_C": s["C"]["question_right"], "D": s["D"]}
        for s in result["steps"]
    ]  # fmt: skip
    first, last = steps[0], steps[-1]
    return {
        "per_round": PER_ROUND,
        "error_rate": ERROR_RATE,
        "steps": steps,
        "precision_gain": round(last["precision"] - first["precision"], 4),
        "recall_change": round(last["recall"] - first["recall"], 4),
        "meets_done_when": bool(
            (last["precision"] - first["precision"] >= 0.1 or last["precision"] >= 0.85)
            and last["recall"] >= first["recall"] - 0.05
        ),
    }


def run_world(db: Path, world: Path, folder: Path) -> dict[str, Any]:
    truth = truth_of(world)
    return {"coverage": coverage(db, truth), "rounds": rounds(db, truth, folder)}


def main(args: argparse.Namespace) -> dict[str, Any]:
    worlds = QUICK_WORLDS if getattr(args, "quick", False) else WORLDS
    # The hardest preset where the demo has presets (the "verdicts help" criterion is stated on it).
    preset = "hard" if "hard" in presets() else None
    out: dict[str, Any] = {"preset": preset or "default", "worlds": []}
    with tempfile.TemporaryDirectory(prefix="bench-review-") as tmp:
        for firms, seed in worlds:
            folder = Path(tmp) / f"w{firms}-{seed}"
            folder.mkdir()
            started = time.perf_counter()
            db, world = build_world(firms, seed, folder, preset)
            figures = run_world(db, world, folder)
            out["worlds"].append(
                {"name": f"demo {preset or 'default'} {firms} firms seed {seed}", "firms": firms, "seed": seed,
                 "preset": preset or "default", "seconds": round(time.perf_counter() - started, 1), **figures}
            )  # fmt: skip
    out["summary"] = summarise(out)
    cov = [w["coverage"] for w in out["worlds"]]
    out["coverage_min"] = min(c["coverage"] for c in cov)
    out["rounds_meet_done_when"] = all(w["rounds"]["meets_done_when"] for w in out["worlds"])
    return out


def summarise(figures: dict[str, Any]) -> list[dict[str, Any]]:
    """One flat row per world, for the documentation's tables."""
    rows = []
    for w in figures["worlds"]:
        cov, rnd = w["coverage"], w["rounds"]
        first, last = rnd["steps"][0], rnd["steps"][-1]
        rows.append(
            {
                "world": w["name"],
                "n_C": cov["n_C"],
                "true_precision": cov["true_precision"],
                "covered": f"{cov['covered']}/{cov['repetitions']}",
                "coverage": cov["coverage"],
                "median_width": cov["median_width"],
                "precision_before": first["precision"],
                "precision_after": last["precision"],
                "recall_before": first["recall"],
                "recall_after": last["recall"],
                "n_C_after": last["n_C"],
                "meets_done_when": rnd["meets_done_when"],
            }
        )
    return rows


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, help="a scored demo store (default: build the worlds)")
    parser.add_argument("--world", type=Path, help="its demo world folder (with ground_truth)")
    parser.add_argument("--quick", action="store_true")
    a = parser.parse_args()
    if a.store:
        with tempfile.TemporaryDirectory() as tmp:
            print(json.dumps(run_world(a.store, a.world, Path(tmp)), indent=2))
    else:
        print(json.dumps(main(a), indent=2))
