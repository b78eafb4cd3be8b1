"""Compare the built-in linker with Splink 4 (DuckDB backend) on the same store and truth.

    pip install splink==5.0.0      # optional: not a ketenradar dependency
    python scripts/resolve_splink.py --db STORE --truth DEMO_WORLD [--out bench/resolve_splink.json]

The store must have been ingested and resolved (`ketenradar resolve`). Splink gets the same
normalised fields (name without legal forms, postcode, place, domain) and blocking of the same kind;
its m/u parameters are trained unsupervised (u by random sampling, m by EM), as Splink recommends.
Prints precision/recall on the records without a KvK number, and the time taken, for both.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import pandas as pd

from ketenradar.evaluate.resolve import joined
from ketenradar.evaluate.truth import GroundTruth
from ketenradar.resolve.normalise import norm_domain, norm_name, norm_place, norm_postcode
from ketenradar.store import Store


def frames(store: Store) -> tuple[pd.DataFrame, pd.DataFrame]:
    firms = store.df("SELECT kvk_number AS uid, name, postcode, place, domain FROM firms")
    recs = store.df(
        "SELECT record_id AS uid, name, postcode, place, domain FROM source_records "
        "WHERE kvk_number IS NULL AND kind NOT IN ('kvk_json', 'kvk_csv')"
    )
    firms, recs = (f.astype(object).where(f.notna(), None) for f in (firms, recs))
    for f in (firms, recs):
        f["name_norm"] = f["name"].map(norm_name)
        f["tok1"] = f["name_norm"].map(lambda n: max(n.split(), key=len) if n else None)
        f["postcode_norm"] = f["postcode"].map(lambda p: norm_postcode(p) or None)
        f["place_norm"] = f["place"].map(lambda p: norm_place(p) or None)
        f["domain"] = f["domain"].map(lambda d: norm_domain(d) or None)
    cols = ["uid", "name_norm", "tok1", "postcode_norm", "place_norm", "domain"]
    return firms[cols], recs[cols]


def run_splink(firms: pd.DataFrame, recs: pd.DataFrame, threshold: float) -> dict[str, str]:
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    settings = SettingsCreator(
        link_type="link_only",
        unique_id_column_name="uid",
        comparisons=[
            cl.JaroWinklerAtThresholds("name_norm", [0.97, 0.92, 0.85]),
            cl.ExactMatch("postcode_norm"),
            cl.ExactMatch("place_norm"),
            cl.ExactMatch("domain"),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("postcode_norm"),
            block_on("domain"),
            block_on("tok1"),
            block_on("place_norm", "substr(name_norm, 1, 3)"),
        ],
        retain_intermediate_calculation_columns=False,
    )
    db = DuckDBAPI()
    linker = Linker(
        [db.register(firms, table_name="firms_in"), db.register(recs, table_name="records_in")], settings
    )
    linker.training.estimate_probability_two_random_records_match([block_on("name_norm")], recall=0.6)
    linker.training.estimate_u_using_random_sampling(max_pairs=2e6)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("place_norm"))
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("tok1"))
    preds = linker.inference.predict(threshold_match_probability=0.01).as_pandas_dataframe()
    # uid_l / uid_r: which side is the firm depends on the input order (firms first).
    preds = preds.rename(columns={"uid_l": "kvk", "uid_r": "record_id"})
    best = preds.sort_values("match_probability", ascending=False).drop_duplicates("record_id")
    best = best[best["match_probability"] >= threshold]
    return dict(zip(best["record_id"], best["kvk"], strict=True))


def score(frame: pd.DataFrame, predicted: dict[str, str]) -> dict[str, float | int]:
    pred = frame["record_id"].map(predicted)
    right = (pred.notna() & (pred == frame["kvk_number"])).sum()
    n_pred, n_pos = int(pred.notna().sum()), int(frame["kvk_number"].notna().sum())
    return {
        "records": len(frame),
        "precision": round(right / n_pred, 4) if n_pred else None,
        "recall": round(right / n_pos, 4) if n_pos else None,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", required=True)
    parser.add_argument("--truth", required=True)
    parser.add_argument("--threshold", type=float, default=0.85)
    parser.add_argument("--out")
    args = parser.parse_args()
    with Store(args.db) as store:
        truth = joined(store, GroundTruth.load(args.truth))
        truth = truth[truth["record_id"].notna() & truth["record_kvk"].isna()]
        truth = truth[~truth["kind"].isin(["kvk_json", "kvk_csv"])]
        ours = dict(store.fetchall("SELECT record_id, kvk_number FROM links WHERE status = 'linked'"))
        firms, recs = frames(store)
    t0 = time.perf_counter()
    try:
        theirs = run_splink(firms, recs, args.threshold)
    except ImportError:
        print("splink is not installed: pip install splink==5.0.0")
        return
    seconds = time.perf_counter() - t0
    out = {"firms": len(firms), "records": len(recs), "splink_seconds": round(seconds, 1)}
    for name, predicted in (("ketenradar", ours), ("splink", theirs)):
        out[name] = {"all": score(truth, predicted)}
        for kind, group in truth.groupby("kind"):
            out[name][kind] = score(group, predicted)
    print(json.dumps(out, indent=2))
    if args.out:
        Path(args.out).write_text(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
