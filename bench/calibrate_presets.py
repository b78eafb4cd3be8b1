"""How much signal each demo preset carries: a supervised oracle on TUNING worlds, per preset.

    python -m bench.calibrate_presets                              # seeds 1-3, easy/medium/hard, default style
    python -m bench.calibrate_presets --seeds 1 --presets easy --firms 1000 --out /tmp/x.json

The presets (`demo/config.py`) are defined by what a model trained on the TRUE labels reaches on the
indicators the pipeline extracts, not by what our scorer reaches: a preset that no scorer could pass
says nothing about the scorer. Per world this builds (or reuses) a tuning world with
`bench/tuning_worlds.py` (generate, load, read the sites, extract indicators, embed; root
`KETENRADAR_TUNING_WORLDS` or `--root`), then trains the quality bench's oracle (a logistic regression
on the same feature matrix as the default classifier: text components, indicators and registry
fields; 5-fold cross-validated) to tell truly-C firms from the other unlabelled firms with a readable
site, and writes:

- `oracle_auc_C`: its ROC-AUC;
- `oracle_precision_C_at_recall_<r>`: its precision at recall r % (50, the issue's operating point,
  and 69, the recall at which the steering group's world 1 was described).

The calibration aims (docs/demo-world.md, "Presets"): easy like the steering group's world 1 (ROC-AUC
about 0.98 or more, precision at recall 0.5 about 0.93 or more), medium in between (about 0.85-0.9),
hard like its world 2 (about 0.55-0.65). Tuning seeds only (`score/protocol.py`); the results go to
`bench/results/presets.json` and are rendered into docs/demo-world.md by `python -m bench.figures`.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from ketenradar.score import protocol

RECALLS = (50, 69)  # per cent
AIMS = {
    "easy": "ROC-AUC >= 0.98, precision at recall 0.5 >= 0.93 (like the steering group's world 1)",
    "medium": "precision at recall 0.5 about 0.85-0.9 (between world 1 and world 2)",
    "hard": "precision at recall 0.5 about 0.55-0.65 (like the steering group's world 2)",
}
RESULTS = Path(__file__).resolve().parent / "results" / "presets.json"


def oracle_scores(x: np.ndarray, y: np.ndarray, seed: int) -> np.ndarray:
    """Out-of-fold decision values of the quality bench's oracle (bench_quality._oracle_precision_at)."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold, cross_val_predict
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    model = make_pipeline(StandardScaler(), LogisticRegression(C=0.1, max_iter=2000))
    cv = StratifiedKFold(5, shuffle=True, random_state=seed)
    return cross_val_predict(model, x, y, cv=cv, method="decision_function")


def precision_at(scores: np.ndarray, y: np.ndarray, recall: float) -> float:
    order = np.argsort(-scores, kind="stable")
    tp = np.cumsum(y[order])
    k = int(np.searchsorted(tp, np.ceil(recall * y.sum() - 1e-9))) + 1
    return round(float(tp[k - 1] / k), 4)


def measure_world(folder: Path, seed: int) -> dict[str, Any]:
    """The oracle's figures on one built tuning world (its store is only read)."""
    from sklearn.metrics import roc_auc_score

    from ketenradar.config import Config
    from ketenradar.evaluate.truth import GroundTruth
    from ketenradar.score.core import ScoreParams
    from ketenradar.score.features import load_features
    from ketenradar.score.methods import classifier_matrix, text_components
    from ketenradar.store import Store

    config = Config()
    config.embed.model = protocol.GRID_EMBED_MODEL
    with Store(folder / "eval.duckdb", read_only=True) as store:
        fs = load_features(store, config.embed.model, exclude=config.score.label_proxies)
    params = ScoreParams()
    x = classifier_matrix(text_components(fs.vectors, params.text_components, params.seed), fs.tabular())
    truth = GroundTruth.load(folder / "world")
    tcat = truth.firms.drop_duplicates("kvk_number").set_index("kvk_number").category.reindex(fs.kvk)
    truth_c = (tcat.fillna("none") == "C").to_numpy()
    has_site = fs.has_site if fs.has_site is not None else np.ones(fs.n, dtype=bool)
    rows = has_site & ~fs.a_ref & ~fs.b_ref
    y = truth_c[rows]
    scores = oracle_scores(x[rows], y, seed)
    out: dict[str, Any] = {
        "firms_scored": int(rows.sum()),
        "truth_C_scored": int(y.sum()),
        "references_A": int(fs.a_ref.sum()),
        "references_B": int(fs.b_ref.sum()),
        "oracle_auc_C": round(float(roc_auc_score(y, scores)), 4),
    }
    for r in RECALLS:
        out[f"oracle_precision_C_at_recall_{r}"] = precision_at(scores, y, r / 100)
    return out


def summarise(rows: list[dict[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for preset in dict.fromkeys(r["preset"] for r in rows):
        rs = [r for r in rows if r["preset"] == preset]
        g: dict[str, Any] = {"preset": preset, "worlds": len(rs), "aim": AIMS.get(preset)}
        keys = ["oracle_auc_C", *(f"oracle_precision_C_at_recall_{r}" for r in RECALLS)]
        for k in keys:
            vals = [r[k] for r in rs if r.get(k) is not None]
            if vals:
                g[f"{k}_mean"] = round(float(np.mean(vals)), 4)
                g[f"{k}_min"] = round(float(np.min(vals)), 4)
        out[preset] = g
    return out


def main(argv: list[str] | None = None) -> dict[str, Any]:
    from bench.common import machine
    from bench.tuning_worlds import DEFAULT_ROOT, build_world, world_dir
    from ketenradar.demo.config import preset as preset_config

    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3])
    ap.add_argument("--presets", nargs="+", default=list(protocol.PRESETS))
    ap.add_argument("--styles", nargs="+", default=["default"])
    ap.add_argument("--firms", type=int, default=protocol.WORLD_FIRMS)
    ap.add_argument("--root", type=Path, default=DEFAULT_ROOT)
    ap.add_argument("--out", type=Path, default=RESULTS)
    a = ap.parse_args(argv)
    bad = [s for s in a.seeds if s not in protocol.TUNING_SEEDS]
    if bad:
        raise SystemExit(f"not tuning seeds (ketenradar.score.protocol.TUNING_SEEDS): {bad}")
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    started = time.perf_counter()
    rows: list[dict[str, Any]] = []
    for seed in a.seeds:
        for preset in a.presets:
            for style in a.styles:
                folder = world_dir(a.root, preset, style, seed)
                wanted = {"config": preset_config(preset).to_dict(), "firms": a.firms}
                stamp = folder / "preset.json"
                if folder.exists() and (not stamp.exists() or json.loads(stamp.read_text()) != wanted):
                    # Built with another preset or size: a stale world would calibrate the old preset.
                    import shutil

                    shutil.rmtree(folder)
                t = time.perf_counter()
                status = build_world(a.root, seed, preset, style, a.firms, protocol.GRID_EMBED_MODEL)
                if status == "building elsewhere":
                    print(f"{folder.name}: being built by another process, skipped", file=sys.stderr)
                    continue
                stamp.write_text(json.dumps(wanted, sort_keys=True))
                row = {"name": folder.name, "seed": seed, "preset": preset, "style": style, "firms": a.firms}
                row.update(measure_world(folder, seed))
                row["seconds"] = round(time.perf_counter() - t, 1)
                rows.append(row)
                print(json.dumps(row), file=sys.stderr, flush=True)
    payload = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "command": "python -m bench.calibrate_presets "
        + " ".join(argv if argv is not None else sys.argv[1:]),
        "name": "presets",
        "status": "ok" if rows else "failed",
        "seconds_total": round(time.perf_counter() - started, 1),
        "figures": {
            "tuning_seeds": a.seeds,
            "presets_config": {p: preset_config(p).to_dict() for p in a.presets},
            "summary": summarise(rows),
            "summary_table": list(summarise(rows).values()),
            "worlds": rows,
        },
    }
    a.out.parent.mkdir(parents=True, exist_ok=True)
    a.out.write_text(json.dumps(payload, indent=2, default=str) + "\n")
    return payload


if __name__ == "__main__":
    main()
