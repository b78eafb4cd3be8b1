"""A synthetic store for the dashboard's tests and benchmark, filled directly (no pipeline needed).

Test support, not part of the installed package (`bench/bench_web.py` imports it from tests/).

Firms get places with coordinates, capabilities (indicator ids) with Dutch evidence sentences,
documents, two score runs, labels, source records and links, and firm vectors made with the real
embedder: each capability sentence is embedded once and a firm's vector is the normalised sum of
its capabilities' vectors plus a little noise, so similarity behaves like it does on real text.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np
import pandas as pd

from ketenradar.embed.base import Embedder, l2_normalise
from ketenradar.model.reasons import Reasons
from ketenradar.store import Store

# (indicator_id, term as found on a site, evidence sentence)
CAPABILITIES = [
    ("process.milling", "frezen", "Wij frezen complexe onderdelen op vijfassige CNC-bewerkingscentra."),
    (
        "process.turning",
        "draaien",
        "Onze draaierij levert precisie draaiwerk in kleine en middelgrote series.",
    ),
    (
        "process.five_axis",
        "5-assig",
        "Met 5-assig simultaan frezen maken wij complexe behuizingen in een opspanning.",
    ),
    (
        "process.welding_tig",
        "TIG-lassen",
        "Gecertificeerde lassers verzorgen TIG-lassen van dunwandige constructies.",
    ),
    (
        "process.laser_cutting",
        "lasersnijden",
        "Lasersnijden van plaatmateriaal tot 25 mm dik met fiberlasers.",
    ),
    ("process.press_braking", "kanten", "Het kanten van plaatwerk gebeurt op CNC-kantbanken tot vier meter."),
    (
        "process.surface_treatment",
        "anodiseren",
        "Wij verzorgen het anodiseren en poedercoaten van onderdelen.",
    ),
    ("process.assembly", "assemblage", "Complete assemblage van mechanische modules inclusief testen."),
    (
        "process.electronics_assembly",
        "printplaten",
        "Assemblage van printplaten met SMD- en through-hole componenten.",
    ),
    ("process.cable_harness", "kabelbomen", "Wij produceren kabelbomen en bekabeling voor zware voertuigen."),
    ("process.composites", "composiet", "Composiet onderdelen van koolstofvezel voor lichte constructies."),
    (
        "process.additive_manufacturing",
        "3D-printen",
        "Metaal 3D-printen van titanium en aluminium prototypes.",
    ),
    (
        "process.steel_construction",
        "staalbouw",
        "Staalbouw en constructiewerk voor industrie en infrastructuur.",
    ),
    ("material.aluminium", "aluminium", "Wij bewerken aluminium legeringen voor lichtgewicht behuizingen."),
    ("material.stainless_steel", "RVS", "Bewerking van RVS en roestvast staal voor de voedingsindustrie."),
    ("material.titanium", "titanium", "Verspanen van titanium voor lucht- en ruimtevaart."),
    ("cert.iso9001", "ISO 9001", "Ons kwaliteitssysteem is gecertificeerd volgens ISO 9001."),
    ("cert.aqap2110", "AQAP 2110", "Wij zijn AQAP 2110 gecertificeerd voor defensieopdrachten."),
    ("cert.en9100", "EN 9100", "Gecertificeerd volgens EN 9100 voor de luchtvaart."),
    ("cert.iso3834", "ISO 3834", "Ons lasbedrijf is gecertificeerd volgens ISO 3834-2."),
    ("market.defence", "defensie", "Wij leveren onderdelen aan defensie en de defensie-industrie."),
    ("market.maritime", "maritiem", "Voor de maritieme sector bouwen wij scheepsonderdelen."),
    ("market.semicon", "semicon", "Hoogwaardige onderdelen voor de semicon en high-tech systeembouw."),
    ("market.aerospace", "luchtvaart", "Onderdelen voor de luchtvaart en ruimtevaart."),
    ("market.medical", "medische", "Precisieonderdelen voor medische apparatuur."),
    ("tech.sensors_radar", "radar", "Wij ontwikkelen sensoren en radar behuizingen."),
    ("capacity.engineering", "engineering", "Onze engineering afdeling ontwerpt mee vanaf het eerste idee."),
    (
        "capacity.measuring_room",
        "meetkamer",
        "In onze geconditioneerde meetkamer controleren wij elk product.",
    ),
]

PLACES = [
    ("Enschede", "Overijssel", 52.2215, 6.8937),
    ("Hengelo", "Overijssel", 52.2658, 6.7931),
    ("Almelo", "Overijssel", 52.3567, 6.6625),
    ("Zwolle", "Overijssel", 52.5168, 6.0830),
    ("Apeldoorn", "Gelderland", 52.2112, 5.9699),
    ("Arnhem", "Gelderland", 51.9851, 5.8987),
    ("Nijmegen", "Gelderland", 51.8126, 5.8372),
    ("Doetinchem", "Gelderland", 51.9652, 6.2886),
    ("Almere", "Flevoland", 52.3508, 5.2647),
    ("Eindhoven", "Noord-Brabant", 51.4416, 5.4697),
    ("Helmond", "Noord-Brabant", 51.4793, 5.6570),
    ("Tilburg", "Noord-Brabant", 51.5555, 5.0913),
    ("Breda", "Noord-Brabant", 51.5719, 4.7683),
    ("Venlo", "Limburg", 51.3704, 6.1724),
    ("Maastricht", "Limburg", 50.8514, 5.6910),
    ("Rotterdam", "Zuid-Holland", 51.9244, 4.4777),
    ("Delft", "Zuid-Holland", 52.0116, 4.3571),
    ("Den Haag", "Zuid-Holland", 52.0705, 4.3007),
    ("Amsterdam", "Noord-Holland", 52.3676, 4.9041),
    ("Den Helder", "Noord-Holland", 52.9563, 4.7601),
    ("Utrecht", "Utrecht", 52.0907, 5.1214),
    ("Vlissingen", "Zeeland", 51.4427, 3.5734),
    ("Groningen", "Groningen", 53.2194, 6.5665),
    ("Leeuwarden", "Fryslân", 53.2012, 5.7999),
    ("Assen", "Drenthe", 52.9928, 6.5642),
]
NAME_A = [
    "Van Dijk",
    "Jansen",
    "De Vries",
    "Bakker",
    "Visser",
    "Smit",
    "Meijer",
    "Mulder",
    "Bos",
    "Vos",
    "Peters",
    "Hendriks",
    "Dekker",
    "Brouwer",
    "Kok",
    "Prins",
    "Post",
    "Kuipers",
    "Veenstra",
    "Hoekstra",
]
NAME_B = [
    "Metaal",
    "Precisie",
    "Techniek",
    "Machinebouw",
    "Constructie",
    "Fijnmechanica",
    "Plaatwerk",
    "Industries",
    "Engineering",
    "Systems",
]
SIZES = [("1-9", 5), ("10-49", 25), ("50-249", 100), ("250+", 400)]
SBI = ["2562", "2561", "2511", "2899", "2651", "3311", "2841", "2932"]
XSS_NAME = "Evil <script>alert('x')</script> B.V."
FORMULA_NAME = '=HYPERLINK("http://evil.example","x") Metaal B.V.'
XSS_TEXT = "Wij frezen <script>alert('x')</script> aluminium <b>vet</b>."


def capability_vectors(embedder: Embedder) -> np.ndarray:
    return embedder.encode([s for _, _, s in CAPABILITIES])


def make_store(
    path: str | Path, n_firms: int, embedder: Embedder, *, seed: int = 7, xss_firm: bool = True
) -> Path:
    """Create a store at `path` with `n_firms` synthetic firms.

    With `xss_firm`, firm 0 carries a <script> in its name and text and firm 1 a formula as its name.
    """
    rng = np.random.default_rng(seed)
    cap_vecs = capability_vectors(embedder)
    n_caps = len(CAPABILITIES)
    rows, hits, profiles, docs, vecs, recs, links, labels = [], [], [], [], [], [], [], []
    file_id = "f" * 64
    defence = [i for i, c in enumerate(CAPABILITIES) if c[0] in ("market.defence", "cert.aqap2110")]
    for i in range(n_firms):
        kvk = f"{10_000_000 + i:08d}"
        place, prov, lat, lon = PLACES[int(rng.integers(len(PLACES)))]
        size, emp = SIZES[int(rng.choice(4, p=[0.35, 0.4, 0.2, 0.05]))]
        name = f"{NAME_A[i % len(NAME_A)]} {NAME_B[(i // len(NAME_A)) % len(NAME_B)]} {i} B.V."
        if xss_firm and i == 0:
            name = XSS_NAME
        if xss_firm and i == 1:
            name = FORMULA_NAME
        slug = f"firm{i}"
        caps = sorted(set(rng.choice(n_caps, size=int(rng.integers(3, 8)), replace=False).tolist()))
        # Sentences differ per firm, as on real sites (and so no cache sees the same one twice).
        since = 1960 + (i * 7) % 60
        sents = [f"{CAPABILITIES[c][2][:-1]}, sinds {since} in {place}." for c in caps]
        text = " ".join(sents + [f"{name.split(' <')[0]} is gevestigd in {place}."])
        if xss_firm and i == 0:
            text = XSS_TEXT + " " + text
        rows.append(
            {
                "kvk_number": kvk,
                "name": name,
                "trade_names": [name.replace(" B.V.", "")],
                "street": "Industrieweg",
                "house_number": str(1 + i % 200),
                "postcode": f"{1000 + i % 8999} AB",
                "place": place,
                "province": prov,
                "country": "NL",
                "website": f"https://www.{slug}.nl/",
                "domain": f"{slug}.nl",
                "employees": int(emp * (0.5 + rng.random())),
                "size_class": size,
                "sbi_main": SBI[i % len(SBI)],
                "sbi_codes": [SBI[i % len(SBI)], SBI[(i + 3) % len(SBI)]],
                "description": "Metaalbewerking",
                "is_member": bool(i % 3 == 0),
                "latitude": lat + rng.normal(0, 0.03),
                "longitude": lon + rng.normal(0, 0.03),
                "run_id": "synthetic",
            }
        )
        ids = [CAPABILITIES[c][0] for c in caps]
        for c, sent in zip(caps, sents, strict=True):
            iid, term, _ = CAPABILITIES[c]
            hits.append(
                {
                    "kvk_number": kvk,
                    "indicator_id": iid,
                    "grp": iid.split(".")[0],
                    "term": term,
                    "sentence": sent if not (xss_firm and i == 0) else XSS_TEXT,
                    "url": f"https://www.{slug}.nl/diensten",
                    "source": "website",
                    "run_id": "synthetic",
                }
            )
        profiles.append(
            {
                "kvk_number": kvk,
                "indicators": ids,
                "n_indicators": len(ids),
                "sbi_section": "C",
                "sbi_division": SBI[i % len(SBI)][:2],
                "size_class": size,
                "has_document": True,
                "run_id": "synthetic",
            }
        )
        docs.append(
            {
                "kvk_number": kvk,
                "language": "nl",
                "text": text,
                "sections": json.dumps(
                    [{"url": f"https://www.{slug}.nl/diensten", "title": "Diensten", "text": text}]
                ),
                "n_pages": 1,
                "n_chars": len(text),
                "sha256": f"{i:064x}",
                "run_id": "synthetic",
            }
        )
        v = cap_vecs[caps].sum(axis=0) + rng.normal(0, 0.02, cap_vecs.shape[1])
        vecs.append(v)
        defence_like = len(set(caps) & set(defence))
        if defence_like and rng.random() < 0.3:
            labels.append(
                {
                    "kvk_number": kvk,
                    "label": "A" if rng.random() < 0.5 else "B",
                    "source": "award_defence",
                    "strength": 1.0,
                    "evidence": "award",
                    "run_id": "synthetic",
                }
            )
        for j in range(1 + i % 2):
            rid = f"{file_id[:12]}:leden:{i * 2 + j + 2}"
            recs.append(
                {
                    "record_id": rid,
                    "file_id": file_id,
                    "kind": "member_list",
                    "path": "sources/leden.xlsx",
                    "sheet": "leden",
                    "row_number": i * 2 + j + 2,
                    "kvk_number": kvk if j == 0 else None,
                    "name": name,
                    "place": place,
                    "run_id": "synthetic",
                }
            )
            links.append(
                {
                    "record_id": rid,
                    "kvk_number": kvk,
                    "method": "kvk_exact" if j == 0 else "probabilistic",
                    "status": "linked",
                    "probability": 1.0 if j == 0 else 0.93,
                    "agreeing_fields": ["name", "place"],
                    "run_id": "synthetic",
                }
            )
    vec_mat = l2_normalise(np.array(vecs))
    firms = pd.DataFrame(rows)

    def score_run(run_id: str, shift: float) -> pd.DataFrame:
        r = np.random.default_rng(seed + (1 if shift else 0))
        has_def = np.array(
            [any(h in p["indicators"] for h in ("market.defence", "cert.aqap2110")) for p in profiles]
        )
        a = np.clip(0.3 + 0.4 * has_def + r.normal(0, 0.15, n_firms) + shift, 0, 1)
        b = np.clip(0.35 + 0.2 * has_def + r.normal(0, 0.15, n_firms), 0, 1)
        lab = {x["kvk_number"]: x["label"] for x in labels}
        cats = []
        for k, (sa, sb) in enumerate(zip(a, b, strict=True)):
            kvk = rows[k]["kvk_number"]
            if kvk in lab:
                cats.append(lab[kvk])
            elif sa >= 0.7:
                cats.append("C")
            elif sb >= 0.6:
                cats.append("D")
            else:
                cats.append(None)
        reasons = [
            Reasons(
                text=f"A-score {sa:.2f} against threshold 0.70; B-score {sb:.2f} against threshold 0.60"
            ).to_json()
            for sa, sb in zip(a, b, strict=True)
        ]
        return pd.DataFrame(
            {
                "run_id": run_id,
                "kvk_number": firms["kvk_number"],
                "category": cats,
                "a_score": a,
                "b_score": b,
                "method": "classifier",
                "model": embedder.name,
                "reasons": reasons,
            }
        )

    t0 = datetime(2026, 11, 1, 9, 0, 0)
    runs = pd.DataFrame(
        [
            {
                "run_id": "20261101T090000-old",
                "command": "score",
                "started_at": t0,
                "ended_at": t0,
                "status": "ok",
            },
            {
                "run_id": "20261102T090000-new",
                "command": "score",
                "started_at": t0 + timedelta(days=1),
                "ended_at": t0 + timedelta(days=1),
                "status": "ok",
            },
        ]
    )
    path = Path(path)
    store = Store(path)
    try:
        with store.transaction():
            store.insert_df("firms", firms)
            store.insert_df("indicator_hits", pd.DataFrame(hits))
            store.insert_df("firm_profile", pd.DataFrame(profiles))
            store.insert_df("documents", pd.DataFrame(docs))
            store.insert_df("labels", pd.DataFrame(labels) if labels else pd.DataFrame())
            store.insert_df(
                "source_files",
                pd.DataFrame(
                    [
                        {
                            "file_id": file_id,
                            "path": "sources/leden.xlsx",
                            "kind": "member_list",
                            "n_rows": len(recs),
                            "n_records": len(recs),
                            "n_rejects": 0,
                            "run_id": "synthetic",
                            "imported_at": t0,
                        }
                    ]
                ),
            )
            store.insert_df("source_records", pd.DataFrame(recs))
            store.insert_df("links", pd.DataFrame(links))
            store.insert_df("runs", runs)
            store.insert_df("scores", score_run("20261101T090000-old", 0.0))
            store.insert_df("scores", score_run("20261102T090000-new", 0.05))
            store.insert_df(
                "firm_vectors",
                pd.DataFrame(
                    {
                        "kvk_number": firms["kvk_number"],
                        "model": embedder.name,
                        "model_version": embedder.version,
                        "doc_sha256": [d["sha256"] for d in docs],
                        "n_passages": 1,
                        "vector": list(vec_mat.astype(np.float32)),
                        "run_id": "synthetic",
                    }
                ),
            )
    finally:
        store.close()
    return path
