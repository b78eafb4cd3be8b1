"""Synthetic stores for the embed and score tests: clusters of vectors + indicators, known positives."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ketenradar.store import Store

A_INDICATORS = ["cert.aqap2110", "process.five_axis", "market.defence", "cert.en9100"]
B_INDICATORS = ["process.welding_tig", "cert.iso3834", "process.laser_cutting"]
COMMON = ["cert.iso9001", "process.milling", "process.turning", "material.steel"]


def make_world(n_a=30, n_c=120, n_b=30, n_d=120, n_none=300, dim=64, seed=0, spread=0.9) -> pd.DataFrame:
    """One row per firm: kvk_number, truth (A/B/C/D/none), vector, indicators."""
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(3, dim))
    rows = []
    groups = [("A", n_a, 0), ("C", n_c, 0), ("B", n_b, 1), ("D", n_d, 1), ("none", n_none, 2)]
    i = 0
    for truth, count, centre in groups:
        for _ in range(count):
            v = centres[centre] + spread * rng.normal(size=dim) * np.sqrt(1.0)
            v = v / np.linalg.norm(v)
            inds = [x for x in COMMON if rng.random() < 0.5]
            if centre == 0:
                inds += [x for x in A_INDICATORS if rng.random() < 0.6]
            elif centre == 1:
                inds += [x for x in B_INDICATORS if rng.random() < 0.6]
            else:
                inds += [x for x in A_INDICATORS + B_INDICATORS if rng.random() < 0.05]
            rows.append(
                {
                    "kvk_number": f"{10000000 + i:08d}",
                    "name": f"Firma {i} BV",
                    "truth": truth,
                    "vector": v.astype(np.float32),
                    "indicators": sorted(set(inds)),
                    "size_class": ["0-9", "10-49", "50-249"][
                        rng.integers(3) if centre == 2 else 1 + rng.integers(2)
                    ],
                    "sbi": ["2562", "2550", "2511", "2829"][rng.integers(4)],
                }
            )
            i += 1
    return pd.DataFrame(rows)


def fill_store(store: Store, world: pd.DataFrame, model: str = "usem3", run_id: str = "seed") -> None:
    firms = pd.DataFrame(
        {
            "kvk_number": world.kvk_number,
            "name": world.name,
            "size_class": world.size_class,
            "sbi_main": world.sbi,
            "run_id": run_id,
        }
    )
    labels = world[world.truth.isin(["A", "B"])]
    labels = pd.DataFrame(
        {
            "kvk_number": labels.kvk_number,
            "label": labels.truth,
            "source": "test",
            "strength": 1.0,
            "run_id": run_id,
        }
    )
    profile = pd.DataFrame(
        {
            "kvk_number": world.kvk_number,
            "indicators": world.indicators,
            "n_indicators": world.indicators.map(len),
            "sbi_division": world.sbi.str[:2],
            "size_class": world.size_class,
            "has_document": True,
            "run_id": run_id,
        }
    )
    hits = pd.DataFrame(
        [
            {
                "kvk_number": k,
                "indicator_id": ind,
                "grp": ind.split(".")[0],
                "term": ind,
                "sentence": f"Wij bieden {ind} aan.",
                "url": f"https://firma{k}.nl/over-ons",
                "source": "website",
                "run_id": run_id,
            }
            for k, inds in zip(world.kvk_number, world.indicators, strict=True)
            for ind in inds
        ]
    )
    vectors = pd.DataFrame(
        {
            "kvk_number": world.kvk_number,
            "model": model,
            "model_version": "test",
            "doc_sha256": "x",
            "n_passages": 1,
            "vector": world.vector.map(lambda v: v.tolist()),
            "run_id": run_id,
        }
    )
    with store.transaction():
        for table, frame in [
            ("firms", firms),
            ("labels", labels),
            ("firm_profile", profile),
            ("indicator_hits", hits),
            ("firm_vectors", vectors),
        ]:
            store.insert_df(table, frame)
