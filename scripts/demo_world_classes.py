"""How the demo world's classes overlap, per preset: class sizes, labels, and indicator rates.

    python scripts/demo_world_classes.py [--firms 2000] [--seeds 7 11 21] [--presets easy medium hard]

Generates each world into a temp folder and reads only its ground truth. For every indicator id it
reports the share of A, B, C, D and 'none' firms whose latent profile has it, and whose readable
site states it; plus the smallest ratio between the A/C rate and the 'none' rate over all ids (how
close the world comes to a class owning a signal). Writes bench/results/demo_world_classes.json.
Seeds 101-199 are reporting seeds of the quality bench: do not use them here.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import tempfile
from pathlib import Path
from typing import Any

import pandas as pd

from ketenradar.demo.generate import generate_world
from ketenradar.demo.population import ALL_FEATURES
from ketenradar.evaluate.truth import GroundTruth

CATS = ("A", "B", "C", "D", "none")
# The ids a reader looks at first: defence-flavoured certificates and technologies, the ids the
# old generator gave only to A/B/C, and some that 'none' firms have more often.
SHOWN = (
    "cert.iso9001", "cert.aqap2110", "cert.aqap2310", "cert.en9100", "cert.iso27001", "cert.abdo",
    "tech.sensors_radar", "tech.space", "market.defence", "market.aerospace", "product.end_products",
    "product.systems_modules", "product.components", "process.five_axis", "capacity.cmm",
    "capacity.engineering", "international.export", "product.repair_mro", "market.agro",
)  # fmt: skip


def rates(truth: pd.DataFrame, column: str, rows: pd.Series | None = None) -> dict[str, dict[str, float]]:
    frame = truth if rows is None else truth[rows]
    out: dict[str, dict[str, float]] = {}
    for fid in ALL_FEATURES:
        has = frame[column].apply(lambda ids, fid=fid: fid in ids)
        out[fid] = {c: round(float(has[frame.category == c].mean()), 4) for c in CATS}
    return out


def world_figures(firms: int, seed: int, preset: str, style: str) -> dict[str, Any]:
    folder = Path(tempfile.mkdtemp(prefix="ketenradar-classes-"))
    try:
        counts = generate_world(
            folder / "world", firms=firms, seed=seed, preset=preset, style=style, quiet=True
        )
        truth = GroundTruth.load(folder / "world").firms
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    readable = (truth.site_status == "ok") & (truth.site_owner_kvk == truth.kvk_number)
    latent = rates(truth, "latent_features")
    stated = rates(truth, "capabilities", readable)
    direct = truth.category.isin(["A", "C"])
    none = truth.category == "none"
    worst = []
    for fid in ALL_FEATURES:
        has = truth.latent_features.apply(lambda ids, fid=fid: fid in ids)
        a, n = float(has[direct].mean()), float(has[none].mean())
        worst.append((min(a, n) / max(a, n, 1e-9), fid))
    worst.sort()
    return {
        "seed": seed,
        "class_sizes": {c: int((truth.category == c).sum()) for c in CATS},
        "labelled": {"A": counts["labelled_A"], "B": counts["labelled_B"]},
        "readable_sites": {c: int((readable & (truth.category == c)).sum()) for c in CATS},
        "quiet_sites": {c: int((readable & truth.quiet_site & (truth.category == c)).sum()) for c in CATS},
        "median_employees": {c: float(truth.employees[truth.category == c].median()) for c in CATS},
        "stated_ids_per_readable_site": {
            c: round(float(truth.capabilities[readable & (truth.category == c)].apply(len).mean()), 2)
            for c in CATS
        },
        "min_ratio_direct_vs_none": {"ratio": round(worst[0][0], 4), "id": worst[0][1]},
        "latent_rates": latent,
        "stated_rates": stated,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--firms", type=int, default=2000)
    parser.add_argument("--seeds", type=int, nargs="+", default=[7, 11, 21])
    parser.add_argument("--presets", nargs="+", default=["easy", "medium", "hard"])
    parser.add_argument("--style", default="default")
    parser.add_argument(
        "--out",
        type=Path,
        default=Path(__file__).resolve().parents[1] / "bench" / "results" / "demo_world_classes.json",
    )
    args = parser.parse_args()
    if any(101 <= s <= 199 for s in args.seeds):
        parser.error("seeds 101-199 are reserved for reporting worlds of the quality bench")
    result: dict[str, Any] = {"firms": args.firms, "seeds": args.seeds, "style": args.style, "presets": {}}
    for preset in args.presets:
        worlds = [world_figures(args.firms, seed, preset, args.style) for seed in args.seeds]
        mean_latent = {
            fid: {c: round(statistics.mean(w["latent_rates"][fid][c] for w in worlds), 4) for c in CATS}
            for fid in ALL_FEATURES
        }
        mean_stated = {
            fid: {c: round(statistics.mean(w["stated_rates"][fid][c] for w in worlds), 4) for c in CATS}
            for fid in ALL_FEATURES
        }
        result["presets"][preset] = {
            "worlds": [{k: v for k, v in w.items() if not k.endswith("_rates")} for w in worlds],
            "mean_latent_rates": mean_latent,
            "mean_stated_rates": mean_stated,
        }
        print(f"\n{preset}: class sizes {worlds[0]['class_sizes']}, labelled {worlds[0]['labelled']}")
        print(f"  min A/C-vs-none ratio: {[w['min_ratio_direct_vs_none'] for w in worlds]}")
        print(f"  {'id':28} " + " ".join(f"{c:>13}" for c in CATS) + "   (latent / stated on readable sites)")
        for fid in SHOWN:
            cells = " ".join(f"{mean_latent[fid][c]:>6.3f}/{mean_stated[fid][c]:<6.3f}" for c in CATS)
            print(f"  {fid:28} {cells}")
    # Flat rows for the documentation tables (docs/demo-world.md renders them, docs/figures.md).
    result["table_worlds"] = [
        {"preset": preset, "seed": w["seed"], **{f"n_{c}": w["class_sizes"][c] for c in CATS},
         "labelled_A": w["labelled"]["A"], "labelled_B": w["labelled"]["B"],
         **{f"emp_{c}": w["median_employees"][c] for c in CATS},
         "min_ratio": w["min_ratio_direct_vs_none"]["ratio"], "min_ratio_id": w["min_ratio_direct_vs_none"]["id"]}
        for preset, block in result["presets"].items() for w in block["worlds"]
    ]  # fmt: skip
    result["table_rates"] = [
        {"preset": preset, "id": fid,
         **{c: block["mean_latent_rates"][fid][c] for c in CATS},
         **{f"stated_{c}": block["mean_stated_rates"][fid][c] for c in CATS}}
        for preset, block in result["presets"].items() for fid in SHOWN
    ]  # fmt: skip
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=1) + "\n")
    print(f"\nwrote {args.out}")


if __name__ == "__main__":
    main()
