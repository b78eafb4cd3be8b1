"""A synthetic store for the report tests: rows inserted directly, as the upstream stages would.

A few hundred firms across all provinces, with scores in three runs (an older ok run, the latest
ok run, and a newer failed run that must be ignored), reasons in several shapes, profiles,
indicator hits, labels, sites, links, rejects, thresholds and evaluations.
"""

from __future__ import annotations

import json
import random
from datetime import datetime, timedelta
from pathlib import Path

import pandas as pd

from ketenradar.model.geo import PROVINCES
from ketenradar.model.reasons import Reasons
from ketenradar.store import Store

OLD_RUN = "20260101T000000-old000"
SCORE_RUN = "20260102T000000-score0"
FAILED_RUN = "20260103T000000-fail00"

# Names a spreadsheet would run as formulas, and one that would be script in HTML.
HOSTILE_NAMES = {
    "90000001": '=HYPERLINK("http://x")',
    "90000002": "+1",
    "90000003": "@SUM(A1)",
    "90000004": "-2",
    "90000005": "<script>alert('x')</script> BV",
    "90000006": "  =1+1",
    "90000007": "\t=cmd",
}

INDICATORS = [
    "process.milling",
    "process.turning",
    "process.five_axis",
    "process.welding_tig",
    "process.laser_cutting",
    "process.assembly",
    "process.electronics_assembly",
    "cert.iso9001",
    "cert.aqap2110",
    "cert.en9100",
    "cert.iso3834",
    "market.defence",
    "market.maritime",
    "market.aerospace",
    "market.semicon",
    "tech.sensors_radar",
    "tech.space",
    "tech.maritime",
    "material.aluminium",
    "capacity.engineering",
]
SBI = ["2511", "2562", "2599", "2829", "2651", "3030", "3320", "2712", "33121"]
SIZES = ["2-4", "5-9", "10-19", "20-49", "50-99", "100-199", "200-499"]
SITE_STATUSES = ["ok"] * 8 + ["unreachable", "robots_forbidden", "no_text", "parked"]


def _reasons(rng: random.Random, kvk: str, refs: list[str], indicators: list[str], shape: int) -> str | None:
    """Reasons as the scorer writes them, complete or with parts missing (and none at all)."""
    url = f"https://www.firm{kvk}.nl/over-ons"
    if shape == 2:
        return None
    nearest = [
        {"kvk_number": r, "name": None, "label": "A", "similarity": round(rng.uniform(0.6, 0.95), 3)}
        for r in refs
    ]
    weighs = [{"id": i, "weight": round(rng.uniform(0, 1), 3)} for i in indicators[:4]]
    evidence = [
        {"indicator": i, "sentence": f"Wij bieden {i.split('.')[1]} voor defensie.", "url": url}
        for i in indicators[:2]
    ]
    if shape == 0:
        return Reasons(profile="A", nearest=nearest, top_indicators=weighs, evidence=evidence).to_json()
    if shape == 1:  # no evidence: the report takes the firm's own indicator sentences
        return Reasons(profile="A", nearest=nearest, top_indicators=weighs[:3]).to_json()
    if shape == 3:
        return Reasons(text="plain text reason").to_json()
    return Reasons(profile="A", nearest=nearest[:2]).to_json()


def make_report_store(path: Path, n_firms: int = 300, seed: int = 3) -> Store:
    """Create and fill a store at `path`; returns it open."""
    rng = random.Random(seed)
    store = Store(path)
    t0 = datetime(2026, 1, 1, 9, 0, 0)

    kvks = [f"{10000000 + i:08d}" for i in range(n_firms - len(HOSTILE_NAMES))] + list(HOSTILE_NAMES)
    firms, profiles, sites, hits = [], [], [], []
    for i, kvk in enumerate(kvks):
        province = PROVINCES[i % len(PROVINCES)]
        if i % 50 == 7:
            province = "Friesland"  # a spelling variant must land on Fryslân
        postcode = f"{1000 + (i * 37) % 8999} AB"
        if i % 97 == 5:
            province, postcode = None, "9711 AB"  # no province: the postcode says Groningen
        if i % 97 == 6:
            province, postcode = None, None  # nothing known: 'unknown'
        has_site = i % 9 != 0
        sbi = SBI[i % len(SBI)]
        size = SIZES[rng.randrange(len(SIZES))]
        firms.append(
            {
                "kvk_number": kvk,
                "name": HOSTILE_NAMES.get(kvk, f"Metaalbedrijf {i} BV"),
                "place": f"Plaats {i % 40}",
                "postcode": postcode,
                "province": province,
                "country": "NL",
                "website": f"https://www.firm{kvk}.nl/" if has_site else None,
                "employees": rng.randrange(2, 400),
                "size_class": size,
                "sbi_main": sbi,
                "is_member": True,
                "run_id": "ingest",
            }
        )
        status = SITE_STATUSES[i % len(SITE_STATUSES)] if has_site else None
        chosen = rng.sample(INDICATORS, rng.randrange(2, 9)) if status == "ok" else []
        profiles.append(
            {
                "kvk_number": kvk,
                "indicators": chosen + [f"registry.sbi_division.{sbi[:2]}", f"registry.size.{size}"],
                "n_indicators": len(chosen) + 2,
                "sbi_section": "C",
                "sbi_division": sbi[:2],
                "size_class": size,
                "has_document": status == "ok",
                "run_id": "indicators",
            }
        )
        if has_site:
            sites.append(
                {
                    "kvk_number": kvk,
                    "start_url": f"https://www.firm{kvk}.nl/",
                    "final_url": f"https://www.firm{kvk}.nl/",
                    "domain": f"firm{kvk}.nl",
                    "status": status,
                    "n_pages": 5 if status == "ok" else 0,
                    "usable": status == "ok",
                    "run_id": "crawl",
                }
            )
        for ind in chosen:
            hits.append(
                {
                    "kvk_number": kvk,
                    "indicator_id": ind,
                    "grp": ind.split(".")[0],
                    "term": ind.split(".")[1],
                    "sentence": f"{firms[-1]['name']} doet {ind.split('.')[1]}.",
                    "url": f"https://www.firm{kvk}.nl/diensten",
                    "source": "website",
                    "run_id": "indicators",
                }
            )
    store.insert_df("firms", pd.DataFrame(firms))
    store.insert_df("firm_profile", pd.DataFrame(profiles))
    store.insert_df("sites", pd.DataFrame(sites))
    store.insert_df("indicator_hits", pd.DataFrame(hits))

    # Categories: the hostile names sit at the top of C and D so the report must show them.
    categories: dict[str, str | None] = {}
    order = kvks[: n_firms - len(HOSTILE_NAMES)]
    scale = n_firms / 300  # shares as in a 300-firm store: A 20, B 30, C 60, D 70 (+ hostile names)
    for i, kvk in enumerate(order):
        r = i / scale
        categories[kvk] = "A" if r < 20 else "B" if r < 50 else "C" if r < 110 else "D" if r < 180 else None
    for j, kvk in enumerate(HOSTILE_NAMES):
        categories[kvk] = "C" if j % 2 == 0 else "D"
    refs_a = [k for k, c in categories.items() if c == "A"]
    profile_of = {p["kvk_number"]: p["indicators"] for p in profiles}

    def score_rows(run_id: str, shuffle: bool) -> pd.DataFrame:
        rows = []
        for i, kvk in enumerate(kvks):
            cat = categories[kvk]
            if shuffle:  # an older run with other categories: must not be reported
                cat = "A" if i % 3 == 0 else None
            hostile = kvk in HOSTILE_NAMES
            a = 0.99 if hostile else rng.uniform(0.0, 1.0)
            b = 0.99 if hostile else rng.uniform(0.0, 1.0)
            rows.append(
                {
                    "run_id": run_id,
                    "kvk_number": kvk,
                    "category": cat,
                    "a_score": a,
                    "b_score": b,
                    "method": "classifier",
                    "model": "tfidf",
                    "reasons": _reasons(rng, kvk, rng.sample(refs_a, 3), profile_of[kvk], i % 5),
                }
            )
        return pd.DataFrame(rows)

    store.insert_df("scores", score_rows(OLD_RUN, shuffle=True))
    store.insert_df("scores", score_rows(SCORE_RUN, shuffle=False))
    store.insert_df("scores", score_rows(FAILED_RUN, shuffle=True))
    config = {
        "config": {"score": {"method": "classifier", "target_recall": 0.9}, "embed": {"model": "tfidf"}}
    }
    for run_id, status, offset in ((OLD_RUN, "ok", 0), (SCORE_RUN, "ok", 1), (FAILED_RUN, "failed", 2)):
        store.execute(
            "INSERT INTO runs (run_id, command, started_at, ended_at, status, config, versions, counts) "
            "VALUES (?, 'score', ?, ?, ?, ?, ?, '{}')",
            [
                run_id,
                t0 + timedelta(days=offset),
                t0 + timedelta(days=offset, minutes=5),
                status,
                json.dumps(config),
                json.dumps({"ketenradar": "0.1.0"}),
            ],
        )

    labels = [
        {
            "kvk_number": k,
            "label": c,
            "source": "award_defence" if c == "A" else "oem_supplier",
            "strength": 1.0,
            "evidence": "Gunning Ministerie van Defensie 2025" if c == "A" else "Leverancierslijst OEM",
            "run_id": "resolve",
        }
        for k, c in categories.items()
        if c in ("A", "B")
    ]
    store.insert_df("labels", pd.DataFrame(labels))

    file_id = "f" * 64
    store.insert_df(
        "source_files",
        pd.DataFrame(
            [
                {
                    "file_id": file_id,
                    "path": "sources/leden.xlsx",
                    "kind": "member_list",
                    "n_rows": n_firms + 12,
                    "n_records": n_firms + 2,
                    "n_rejects": 10,
                    "run_id": "ingest",
                    "imported_at": t0,
                },
                {
                    "file_id": "e" * 64,
                    "path": "sources/tenderned.xlsx",
                    "kind": "tenderned",
                    "n_rows": 40,
                    "n_records": 40,
                    "n_rejects": 0,
                    "run_id": "ingest",
                    "imported_at": t0,
                },
            ]
        ),
    )
    records, links = [], []
    for i in range(n_firms + 2):
        rid = f"{file_id[:12]}:Leden:{i + 2}"
        kvk = kvks[i] if i < n_firms else None
        records.append(
            {
                "record_id": rid,
                "file_id": file_id,
                "kind": "member_list",
                "path": "sources/leden.xlsx",
                "sheet": "Leden",
                "row_number": i + 2,
                "kvk_number": kvk,
                "name": firms[i]["name"] if i < n_firms else f"Onbekend {i}",
                "place": "Ergens",
                "run_id": "ingest",
            }
        )
        status = "linked" if i < n_firms - 5 else ("ambiguous" if i % 2 else "unmatched")
        links.append(
            {
                "record_id": rid,
                "kvk_number": kvk if status == "linked" else None,
                "method": "kvk_exact" if status == "linked" else "probabilistic",
                "status": status,
                "probability": 1.0 if status == "linked" else 0.6,
                "candidates": json.dumps([{"kvk_number": kvks[0], "p": 0.6}]),
                "run_id": "resolve",
            }
        )
    store.insert_df("source_records", pd.DataFrame(records))
    store.insert_df("links", pd.DataFrame(links))
    store.insert_df(
        "rejects",
        pd.DataFrame(
            [
                {
                    "file_id": file_id,
                    "path": "sources/leden.xlsx",
                    "kind": "member_list",
                    "sheet": "Leden",
                    "row_number": 400 + i,
                    "field": "kvk_number" if i < 6 else "postcode",
                    "value": "=1+2" if i == 0 else "12AB",
                    "reason": "not 8 digits" if i < 6 else "not a Dutch postcode",
                    "severity": "error" if i < 6 else "warning",
                    "run_id": "ingest",
                }
                for i in range(10)
            ]
        ),
    )
    store.insert_df(
        "thresholds",
        pd.DataFrame(
            [
                {
                    "run_id": SCORE_RUN,
                    "target": target,
                    "method": "classifier",
                    "model": "tfidf",
                    "threshold": thr,
                    "held_out_recall": 0.9,
                    "est_precision": 0.71,
                    "chosen_by": "held_out",
                }
                for target, thr in (("A", 0.62), ("B", 0.55))
            ]
        ),
    )
    store.execute(
        "INSERT INTO evaluations VALUES (?, ?, ?, ?)",
        [
            "eval1",
            "score",
            json.dumps({"counts": {"precision_C": 0.734, "recall_C": 0.812, "n_truth": 300}, "tables": {}}),
            t0 + timedelta(days=1, hours=1),
        ],
    )
    return store


def store_counts(store: Store, run_id: str = SCORE_RUN) -> dict[str, int]:
    """Firms per category (A-D, 'none') in a score run, straight from SQL."""
    rows = store.fetchall(
        "SELECT coalesce(category, 'none'), count(*) FROM scores WHERE run_id = ? GROUP BY 1", [run_id]
    )
    return {k: int(v) for k, v in rows}
