"""Scorer variants on kept TUNING worlds, with the quality bench's own figures (never reporting).

    python -m bench.score_tuning --seeds 1 2 3 --presets easy medium hard --styles default \
        --variant current --variant pu_refine

Reads the kept tuning worlds (`bench.tuning_worlds`, built once; read only), scores each with the
pure scoring function (`score.core.score_all`, the code `ketenradar score` runs) under named
`ScoreParams` variants, and measures what `bench/bench_quality.py` measures on a reporting world:
C firms, precision and recall (over the truly-C firms with a readable site), the oracle's precision
at the tool's C recall and the ratio, held-out A recall, D precision, and the precision estimate's
error and coverage. The oracle is the bench's (`_oracle_precision_at`: a logistic regression on the
true labels, 5-fold, same features); its out-of-fold scores are computed once per world and cached
with the features (`--cache DIR`). Tuning seeds only.

`--headroom` adds, per world, the supervised oracles at held-out A recall 0.85
(`bench_quality.heldout_headroom`: C precision where each keeps 85% of the A reference firms) and
the tool's own ranking read the same way, with how many worlds reach C precision 0.75 there
(`bench/results/heldout_headroom.json`, docs/score.md "Held-out A recall against C precision").
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import shlex
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

from bench.common import git_commit, kept_tuning_worlds
from bench.tuning_worlds import DEFAULT_ROOT
from ketenradar.score import protocol

VARIANTS: dict[str, dict[str, Any]] = {
    "session5": {"folds": 5, "contrast_shrink": 0.0, "contrast_weight": 1.0, "weight_negatives": True},
    "session7": {"min_held_out_recall": None},
    "default": {},
    "no_precision_floor": {"held_out_precision_floor": None},
}
"""Named ScoreParams overrides: `session5` is the scorer as session 5 left it (the reporting grid on
seeds 104-106), `session7` as session 7 left it (the 0.8 cut alone, the grid on 110-112),
`no_precision_floor` the session-8 rule without its precision floor, `default` the current defaults."""


def load_world(folder: Path, cache: Path | None) -> dict[str, Any]:
    path = None if cache is None else cache / f"{folder.name}.features.pkl"
    if path is not None and path.exists():
        with open(path, "rb") as fh:
            cached = pickle.load(fh)  # noqa: S301 - our own cache file
        if "x" in cached:  # else written before the headroom figures: rebuilt
            cached["cache_path"] = path
            return cached
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold, cross_val_predict
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    from ketenradar.config import Config
    from ketenradar.evaluate.truth import GroundTruth
    from ketenradar.score.core import ScoreParams
    from ketenradar.score.features import load_features
    from ketenradar.score.methods import classifier_matrix, text_components
    from ketenradar.store import Store

    config = Config()
    with Store(folder / "eval.duckdb", read_only=True) as store:
        fs = load_features(store, protocol.GRID_EMBED_MODEL, exclude=config.score.label_proxies)
    truth = GroundTruth.load(folder / "world")
    tcat = (
        (truth.firms.drop_duplicates("kvk_number").set_index("kvk_number").category.reindex(fs.kvk))
        .fillna("none")
        .to_numpy(dtype=object)
    )
    params = ScoreParams()
    x = classifier_matrix(text_components(fs.vectors, params.text_components, params.seed), fs.tabular())
    rows = fs.has_site & ~fs.a_ref & ~fs.b_ref
    y = tcat[rows] == "C"
    seed = int(folder.name.rsplit("-", 1)[1])
    model = make_pipeline(StandardScaler(), LogisticRegression(C=0.1, max_iter=2000))
    cv = StratifiedKFold(5, shuffle=True, random_state=seed)
    oracle = cross_val_predict(model, x[rows], y, cv=cv, method="decision_function")
    world = {"fs": fs, "truth": tcat, "oracle_rows": rows, "oracle_score": oracle, "x": x, "seed": seed}
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "wb") as fh:
            pickle.dump(world, fh)
        world["cache_path"] = path
    return world


def headroom(world: dict[str, Any], cache: Path | None = None) -> dict[str, Any]:
    """The supervised oracles at held-out A recall 0.85 (`bench_quality.heldout_headroom`) of one
    kept world; their out-of-fold scores are kept in the world's cache file."""
    from bench.bench_quality import heldout_headroom

    fs = world["fs"]
    scores = world.setdefault("headroom_scores", {})
    before = set(scores)
    site = fs.scorable("classifier")
    out = heldout_headroom(
        world["x"], fs.vectors, fs.a_ref, fs.b_ref, site, world["truth"], world["seed"], scores=scores
    )
    if cache is not None and set(scores) != before and world.get("cache_path"):
        with open(world["cache_path"], "wb") as fh:
            pickle.dump({k: v for k, v in world.items() if k != "cache_path"}, fh)
    return out


def headroom_row(figures: dict[str, Any]) -> dict[str, Any]:
    """`headroom`'s figures as flat row keys: `oracle_ho85_<model>_{n_C,precision_C,recall_C}`."""
    from bench.bench_quality import headroom_figures

    return headroom_figures(figures, keys=("n_C", "precision_C", "recall_C"), rounded=False)


def oracle_precision_at(score: np.ndarray, y: np.ndarray, recall: float) -> float | None:
    """As bench_quality._oracle_precision_at, on cached out-of-fold oracle scores."""
    if y.sum() < 5 or (~y).sum() < 5 or not np.isfinite(recall) or recall <= 0:
        return None
    order = np.argsort(-score, kind="stable")
    tp = np.cumsum(y[order])
    k = int(np.searchsorted(tp, np.ceil(recall * y.sum() - 1e-9))) + 1
    return float(tp[k - 1] / k)


def measure(world: dict[str, Any], overrides: dict[str, Any]) -> dict[str, Any]:
    from ketenradar.config import Config
    from ketenradar.score.categories import assign_categories
    from ketenradar.score.core import score_all
    from ketenradar.score.stage import params_from

    fs, tcat = world["fs"], world["truth"]
    params = replace(params_from(Config()), **overrides)
    out = score_all(fs, params, methods=("classifier",))
    ta, tb = out.targets.get(("A", "classifier")), out.targets.get(("B", "classifier"))
    cats = assign_categories(
        fs.a_ref, fs.b_ref, ta.score, None if tb is None else tb.score, ta.threshold,
        None if tb is None else tb.threshold,
    )  # fmt: skip
    site = fs.has_site
    row: dict[str, Any] = {}
    for target, ts, cat in (("A", ta, "C"), ("B", tb, "D")):
        if ts is None:
            continue
        pred = cats == cat
        truth = tcat == cat
        row[f"n_{cat}"] = int(pred.sum())
        row[f"precision_{cat}"] = float((pred & truth).sum() / pred.sum()) if pred.sum() else None
        row[f"recall_{cat}"] = float((pred & truth & site).sum() / (truth & site).sum())
        row[f"held_out_recall_{target}"] = float(ts.held_out_recall)
        est, low, high = ts.est_precision, ts.est_precision_low, ts.est_precision_high
        row[f"est_{cat}"] = float(est) if np.isfinite(est) else None
        if row[f"precision_{cat}"] is not None and np.isfinite(est):
            row[f"est_error_{cat}"] = abs(float(est) - row[f"precision_{cat}"])
            row[f"covers_{cat}"] = bool(low - 1e-9 <= row[f"precision_{cat}"] <= high + 1e-9)
        cap = ts.n_positive_estimate
        if cat == "C" and np.isfinite(cap):
            row["floods_C"] = row["n_C"] > round(cap)
    # The tool's own ranking with its threshold where it keeps 0.85 of the A reference firms (out of
    # fold), as the oracles at the held-out-recall target are read (`headroom`).
    from bench.bench_quality import precision_at_held_out_recall

    site = fs.scorable("classifier")
    at = precision_at_held_out_recall(
        ta.score[site], fs.a_ref[site], (~fs.a_ref & ~fs.b_ref)[site], tcat[site] == "C"
    )
    # The A firms WITHOUT a label are the honest held-out set: nothing was fitted or thresholded on
    # them. The share of those with a readable site that C takes, beside the reference firms' figure.
    unl_a = (tcat == "A") & site & ~fs.a_ref & ~fs.b_ref
    row["recall_unlabelled_A"] = float((cats == "C")[unl_a].mean()) if unl_a.sum() else None
    row["tool_at_ho85_n_C"] = at["n_C"]
    row["tool_at_ho85_precision_C"] = at["precision_C"]
    row["tool_at_ho85_recall_C"] = at["recall_C"]
    rows = world["oracle_rows"]
    oracle = oracle_precision_at(world["oracle_score"], tcat[rows] == "C", row["recall_C"])
    row["oracle_C"] = oracle
    row["oracle_ratio_C"] = (row["precision_C"] or 0.0) / oracle if oracle else None
    return row


def main(argv: list[str] | None = None) -> list[dict[str, Any]]:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seeds", type=int, nargs="+", required=True)
    ap.add_argument("--presets", nargs="+", default=list(protocol.PRESETS))
    ap.add_argument("--styles", nargs="+", default=["default"])
    ap.add_argument("--root", type=Path, nargs="+", default=[DEFAULT_ROOT], help="folders of kept worlds")
    ap.add_argument("--cache", type=Path)
    ap.add_argument("--variant", action="append", help=f"one of {sorted(VARIANTS)} or a JSON object")
    ap.add_argument(
        "--headroom",
        action="store_true",
        help="also the supervised oracles' C precision where they keep 0.85 of the A reference firms",
    )
    ap.add_argument("--out", type=Path)
    a = ap.parse_args(argv)
    variants = {}
    for v in a.variant or ["session5", "default"]:
        variants[v] = VARIANTS[v] if v in VARIANTS else json.loads(v)
    rows = []
    for _seed, preset, _style, folder in kept_tuning_worlds(a.seeds, a.presets, a.styles, a.root):
        world = load_world(folder, a.cache)
        oracles = headroom_row(headroom(world, a.cache)) if a.headroom else {}
        for name, overrides in variants.items():
            row = {"world": folder.name, "preset": preset, "variant": name}
            row.update(measure(world, overrides))
            row.update(oracles)
            if oracles:
                # The best C precision any ranking tried reaches at held-out A recall 0.85 (the oracles
                # and the tool's own): below 0.75, the two targets conflict in this world as far as
                # anything measured can tell.
                found = [
                    v
                    for v in (row.get("tool_at_ho85_precision_C"), oracles["oracle_ho85_best_precision_C"])
                    if v is not None
                ]
                row["any_ranking_ho85_precision_C"] = max(found) if found else None
            rows.append(row)
            print(_line(row), file=sys.stderr, flush=True)
    print(summary(rows))
    if a.out:
        result = {
            "what": "scorer variants on kept TUNING worlds with the quality bench's figures (never reporting)",
            "command": "python -m bench.score_tuning " + shlex.join(sys.argv[1:] if argv is None else argv),
            "commit": git_commit(),
            "variants": variants,
            "rows": [_rounded(r) for r in rows],
            "summary": summary_rows(rows),
        }
        a.out.write_text(json.dumps(result, indent=1) + "\n")
    return rows


def _rounded(row: dict[str, Any]) -> dict[str, Any]:
    return {k: round(v, 4) if isinstance(v, float) else v for k, v in row.items()}


MEASURES = ("precision_C", "recall_C", "oracle_ratio_C", "held_out_recall_A", "precision_D",
            "est_error_C", "est_error_D", "tool_at_ho85_precision_C", "oracle_ho85_best_precision_C")  # fmt: skip

HEADROOM_KEYS = ("tool_at_ho85_precision_C", "oracle_ho85_logistic_precision_C",
                 "oracle_ho85_boosting_precision_C", "oracle_ho85_logistic_text_precision_C",
                 "oracle_ho85_boosting_a_weighted_precision_C", "oracle_ho85_boosting_c_only_precision_C",
                 "oracle_ho85_best_precision_C", "any_ranking_ho85_precision_C")  # fmt: skip
"""C precision where a ranking keeps 0.85 of the A reference firms: the tool's own ranking, each
supervised oracle (`bench_quality.heldout_headroom`), the best oracle, and the best of all of them
with the tool's; counted against 0.75."""


def summary_rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Per preset and variant: mean and minimum of each figure, and how many worlds meet each
    issue-14 target (bench_quality.TARGETS), the estimate's coverage and the flood check."""
    from bench.bench_quality import TARGETS

    out = []
    for preset in protocol.PRESETS:
        for variant in dict.fromkeys(r["variant"] for r in rows):
            rs = [r for r in rows if r["preset"] == preset and r["variant"] == variant]
            if not rs:
                continue
            g: dict[str, Any] = {"preset": preset, "variant": variant, "worlds": len(rs)}
            for k in MEASURES:
                vals = [r[k] for r in rs if r.get(k) is not None]
                if vals:
                    g[f"{k}_mean"] = round(float(np.mean(vals)), 4)
                    g[f"{k}_min"] = round(float(np.min(vals)), 4)
            for k, target in TARGETS.items():
                g[f"met_{k}"] = f"{sum(1 for r in rs if (r.get(k) or 0) >= target)}/{len(rs)}"
            for k in ("covers_C", "covers_D"):
                vals = [r[k] for r in rs if r.get(k) is not None]
                g[k] = f"{sum(vals)}/{len(vals)}"
            g["never_floods_C"] = f"{sum(1 for r in rs if not r.get('floods_C'))}/{len(rs)}"
            g["met_both_C_precision_and_held_out_A"] = (
                f"{sum(1 for r in rs if (r.get('precision_C') or 0) >= 0.75 and r['held_out_recall_A'] >= 0.85)}"
                f"/{len(rs)}"
            )
            for k in HEADROOM_KEYS:
                vals = [r[k] for r in rs if r.get(k) is not None]
                if vals:
                    g[f"{k}_mean"] = round(float(np.mean(vals)), 4)
                    g[f"{k}_min"] = round(float(np.min(vals)), 4)
                    g[f"{k}_reaches_075"] = f"{sum(1 for v in vals if v >= 0.75)}/{len(vals)}"
            out.append(g)
    return out


def _fmt(v: Any) -> str:
    return "-" if v is None else f"{v:.3f}" if isinstance(v, float) else str(v)


def _line(r: dict[str, Any]) -> str:
    keys = ("n_C", "precision_C", "recall_C", "oracle_C", "oracle_ratio_C", "held_out_recall_A", "n_D",
            "precision_D", "est_error_C", "covers_C", "est_error_D", "floods_C", "recall_unlabelled_A",
            "tool_at_ho85_n_C", "tool_at_ho85_precision_C", "oracle_ho85_logistic_precision_C", "oracle_ho85_boosting_precision_C",
            "oracle_ho85_logistic_text_precision_C", "oracle_ho85_boosting_a_weighted_precision_C",
            "oracle_ho85_boosting_c_only_precision_C", "oracle_ho85_best_precision_C")  # fmt: skip
    return f"{r['world']:18s} {r['variant']:14s} " + " ".join(f"{k}={_fmt(r.get(k))}" for k in keys)


def summary(rows: list[dict[str, Any]]) -> str:
    lines = []
    for preset in protocol.PRESETS:
        for variant in dict.fromkeys(r["variant"] for r in rows):
            rs = [r for r in rows if r["preset"] == preset and r["variant"] == variant]
            if not rs:
                continue
            parts = []
            for k in ("precision_C", "recall_C", "oracle_ratio_C", "held_out_recall_A", "precision_D",
                      "est_error_C", "est_error_D"):  # fmt: skip
                vals = [r[k] for r in rs if r.get(k) is not None]
                if vals:
                    parts.append(f"{k}={np.mean(vals):.3f}/{np.min(vals):.3f}")
            for k in ("covers_C", "covers_D", "floods_C"):
                vals = [r[k] for r in rs if r.get(k) is not None]
                parts.append(f"{k}={sum(vals)}/{len(vals)}")
            lines.append(f"{preset:7s} {variant:14s} " + " ".join(parts))
    return "\n".join(lines)


if __name__ == "__main__":
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    main()
