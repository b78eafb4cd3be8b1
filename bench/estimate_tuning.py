"""How well the printed precision estimate and its interval hold on tuning worlds.

    python -m bench.estimate_tuning --seeds 1 2 3 --presets easy medium hard --styles default alt

Reads the kept tuning worlds (`bench.tuning_worlds`, built once), scores each with the pure scoring
function (`score.core.score_all`, the same code as `ketenradar score`, nothing written to the
store), and compares, for C and D, the estimated precision and its interval with the true precision
of the category. Prints per-world rows and, per preset and overall, the interval's coverage and the
mean absolute error of the point estimate; `--out FILE` writes them as JSON. Tuning seeds only:
the reporting grid (`python -m bench --only quality`) measures the same on worlds never looked at.

`--cache DIR` keeps each world's score output (pickle), so that estimators can be compared without
re-scoring (`--rescore` refreshes it).
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import sys
from pathlib import Path
from typing import Any

import numpy as np

from bench.common import git_commit, kept_tuning_worlds
from bench.tuning_worlds import DEFAULT_ROOT
from ketenradar.score import protocol

CATEGORY = {"A": "C", "B": "D"}


def score_world(folder: Path) -> dict[str, Any]:
    """Score one kept world (read only) and return what the estimators and the truth need."""
    from ketenradar.config import Config
    from ketenradar.evaluate.truth import GroundTruth
    from ketenradar.score.categories import assign_categories
    from ketenradar.score.core import score_all
    from ketenradar.score.features import load_features
    from ketenradar.score.stage import params_from
    from ketenradar.store import Store

    config = Config()
    with Store(folder / "eval.duckdb", read_only=True) as store:
        fs = load_features(store, protocol.GRID_EMBED_MODEL, exclude=config.score.label_proxies)
    params = params_from(config)
    out = score_all(fs, params, methods=("classifier",))
    truth = GroundTruth.load(folder / "world")
    tcat = (
        (truth.firms.drop_duplicates("kvk_number").set_index("kvk_number").category.reindex(fs.kvk))
        .fillna("none")
        .to_numpy(dtype=object)
    )
    ta, tb = out.targets.get(("A", "classifier")), out.targets.get(("B", "classifier"))
    cats = assign_categories(
        fs.a_ref, fs.b_ref, ta.score, None if tb is None else tb.score, ta.threshold,
        None if tb is None else tb.threshold,
    )  # fmt: skip
    world: dict[str, Any] = {"truth": tcat, "categories": cats, "targets": {}}
    for target, ts in (("A", ta), ("B", tb)):
        if ts is None:
            continue
        world["targets"][target] = {
            k: getattr(ts, k)
            for k in (
                "score", "g", "labelled", "unlabelled", "threshold", "label_frequency",
                "est_precision", "est_precision_low", "est_precision_high", "n_positive_estimate",
            )
        }  # fmt: skip
    world["latent_posterior"] = None if out.latent is None else out.latent.posterior
    world["x"] = fs.tabular()
    return world


def truth_precision(world: dict[str, Any], target: str) -> float | None:
    cat = CATEGORY[target]
    pred = world["categories"] == cat
    if not pred.any():
        return None
    return float((world["truth"][pred] == cat).mean())


def evaluate_world(world: dict[str, Any], estimator: Any = None) -> dict[str, Any]:
    """Per category: true precision, estimate and interval (the stored ones, or `estimator(world,
    target)` -> (point, low, high))."""
    row: dict[str, Any] = {}
    for target, cat in CATEGORY.items():
        ts = world["targets"].get(target)
        if ts is None:
            continue
        true = truth_precision(world, target)
        if estimator is None:
            est, low, high = ts["est_precision"], ts["est_precision_low"], ts["est_precision_high"]
        else:
            est, low, high = estimator(world, target)
        row[f"n_{cat}"] = int((world["categories"] == cat).sum())
        row[f"precision_{cat}"] = true
        row[f"est_{cat}"] = None if not np.isfinite(est) else round(float(est), 4)
        row[f"low_{cat}"] = None if not np.isfinite(low) else round(float(low), 4)
        row[f"high_{cat}"] = None if not np.isfinite(high) else round(float(high), 4)
        if true is not None and np.isfinite(est):
            row[f"error_{cat}"] = round(abs(float(est) - true), 4)
            row[f"covers_{cat}"] = bool(low - 1e-9 <= true <= high + 1e-9)
            row[f"width_{cat}"] = round(float(high - low), 4)
    return row


def summarise(rows: list[dict[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    groups = {"all": rows} | {p: [r for r in rows if r["preset"] == p] for p in protocol.PRESETS}
    for name, group in groups.items():
        if not group:
            continue
        s: dict[str, Any] = {"worlds": len(group)}
        for cat in CATEGORY.values():
            errors = [r[f"error_{cat}"] for r in group if f"error_{cat}" in r]
            covers = [r[f"covers_{cat}"] for r in group if f"covers_{cat}" in r]
            widths = [r[f"width_{cat}"] for r in group if f"width_{cat}" in r]
            s[f"estimated_{cat}"] = len(errors)
            s[f"mean_error_{cat}"] = round(float(np.mean(errors)), 4) if errors else None
            s[f"coverage_{cat}"] = round(float(np.mean(covers)), 4) if covers else None
            s[f"mean_width_{cat}"] = round(float(np.mean(widths)), 4) if widths else None
        out[name] = s
    return out


def load_or_score(folder: Path, cache: Path | None, rescore: bool) -> dict[str, Any]:
    path = None if cache is None else cache / f"{folder.name}.pkl"
    if path is not None and path.exists() and not rescore:
        with open(path, "rb") as fh:
            return pickle.load(fh)  # noqa: S301 - our own cache file
    world = score_world(folder)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "wb") as fh:
            pickle.dump(world, fh)
    return world


def run(args: Any, estimator: Any = None) -> dict[str, Any]:
    rows = []
    for seed, preset, style, folder in kept_tuning_worlds(args.seeds, args.presets, args.styles, args.root):
        world = load_or_score(folder, args.cache, args.rescore)
        row = {"name": folder.name, "seed": seed, "preset": preset, "style": style}
        row.update(evaluate_world(world, estimator))
        rows.append(row)
        print(json.dumps(row), file=sys.stderr, flush=True)
    result = {
        "what": "precision estimate of C and D against the truth on kept tuning worlds (never reporting)",
        "command": "python -m bench.estimate_tuning " + " ".join(sys.argv[1:]),
        "commit": git_commit(),
        "seeds": list(args.seeds),
        "presets": list(args.presets),
        "styles": list(args.styles),
        "rows": rows,
        "summary": summarise(rows),
    }
    print(json.dumps(result["summary"], indent=1))
    if args.out:
        args.out.write_text(json.dumps(result, indent=1) + "\n")
    return result


def parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seeds", type=int, nargs="+", required=True)
    ap.add_argument("--presets", nargs="+", default=list(protocol.PRESETS))
    ap.add_argument("--styles", nargs="+", default=list(protocol.STYLES))
    ap.add_argument("--root", type=Path, nargs="+", default=[DEFAULT_ROOT], help="folders of kept worlds")
    ap.add_argument("--cache", type=Path)
    ap.add_argument("--rescore", action="store_true")
    ap.add_argument("--out", type=Path)
    return ap


if __name__ == "__main__":
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    run(parser().parse_args())
