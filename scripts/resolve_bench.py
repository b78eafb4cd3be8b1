"""Linkage quality and speed on a synthetic, noisy world (independent of the demo generator).

    .venv/bin/python scripts/resolve_bench.py --firms 2000 --seed 1 --out bench/resolve_bench.json

Writes a KvK JSON-lines register of N firms, then an association list and TED award rows that name
firms without KvK numbers, with the noise real lists have (legal forms dropped or changed, case,
accents, '&'/'en', trade names, typos, missing or moved place, postcode or website present or not,
look-alike firms: same surname in another trade or another town) plus records of firms that are not
in the register. Ingests, resolves and prints precision/recall per kind and the time taken.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import tempfile
import time
from pathlib import Path

from ketenradar.config import Config
from ketenradar.evaluate.resolve import evaluate
from ketenradar.evaluate.truth import GroundTruth
from ketenradar.runner import Runner
from ketenradar.store import Store

SURNAMES = [
    "Jansen",
    "de",
    "Vries",
    "van",
    "den",
    "Berg",
    "Bakker",
    "Visser",
    "Smit",
    "Meijer",
    "de",
    "Boer",
    "Mulder",
    "de",
    "Groot",
    "Bos",
    "Vos",
    "Peters",
    "Hendriks",
    "van",
    "Leeuwen",
    "Dekker",
    "Brouwer",
    "de",
    "Wit",
    "Dijkstra",
    "Smits",
    "de",
    "Graaf",
    "van",
    "der",
    "Meer",
    "van",
    "der",
    "Linden",
    "Kok",
    "Jacobs",
    "de",
    "Haan",
    "Vermeulen",
    "van",
    "den",
    "Heuvel",
    "van",
    "der",
    "Veen",
    "van",
    "den",
    "Broek",
    "de",
    "Bruijn",
    "de",
    "Jong",
    "Schouten",
    "van",
    "Dijk",
    "Willems",
    "Hoekstra",
    "Maas",
    "Verhoeven",
    "Koster",
    "Prins",
    "Blom",
    "Huisman",
    "Kuipers",
    "van",
    "Wijk",
    "Post",
    "Kuiper",
    "Veenstra",
    "Kramer",
    "van",
    "Vliet",
    "Timmermans",
    "Groen",
    "Gerritsen",
    "Wouters",
    "Hermans",
    "Evers",
    "Lambregts",
    "Müller",
    "Özdemir",
    "Siemens",
    "Hofman",
    "Boeren",
    "Stam",
    "Wolters",
    "Claassen",
]
SURNAMES = [s.replace("_", " ") for s in SURNAMES]
TRADES = [
    "Metaalbewerking",
    "Precisietechniek",
    "Lastechniek",
    "Constructie",
    "Machinebouw",
    "Plaatwerk",
    "Draaierij",
    "Frezerij",
    "Elektronica",
    "Kunststoffen",
    "Engineering",
    "Staalbouw",
    "Aandrijftechniek",
    "Hydrauliek",
    "Composiet",
    "Oppervlaktetechniek",
    "Gieterij",
    "Montage",
    "Techniek",
    "Industrie",
]
PREFIXES = ["", "", "", "Hollandse ", "Brabantse ", "Nederlandse ", "Twentse ", "Noord "]
FORMS = [" B.V.", " BV", " B.V.", " V.O.F.", " Holding B.V.", "", " N.V."]
PLACES = [
    ("Amsterdam", "10"),
    ("Rotterdam", "30"),
    ("Eindhoven", "56"),
    ("Enschede", "75"),
    ("Delft", "26"),
    ("Utrecht", "35"),
    ("Helmond", "57"),
    ("Almelo", "76"),
    ("Zwolle", "80"),
    ("Groningen", "97"),
    ("Tilburg", "50"),
    ("Breda", "48"),
    ("Den Haag", "25"),
    ("Hengelo", "75"),
    ("Apeldoorn", "73"),
    ("Venlo", "59"),
    ("Leeuwarden", "89"),
    ("Nijmegen", "65"),
    ("Arnhem", "68"),
    ("Den Bosch", "52"),
]


def typo(rng: random.Random, text: str) -> str:
    i = rng.randrange(1, max(2, len(text) - 1))
    op = rng.choice(["swap", "drop", "double"])
    if op == "swap" and i < len(text) - 1:
        return text[:i] + text[i + 1] + text[i] + text[i + 2 :]
    if op == "drop":
        return text[:i] + text[i + 1 :]
    return text[:i] + text[i] + text[i:]


def make_world(folder: Path, n: int, seed: int) -> None:
    rng = random.Random(seed)
    firms, seen = [], set()
    while len(firms) < n:
        base = f"{rng.choice(PREFIXES)}{rng.choice(SURNAMES)} {rng.choice(TRADES)}"
        place, pc2 = rng.choice(PLACES)
        if (base, place) in seen:
            continue
        seen.add((base, place))
        kvk = f"{rng.randrange(10**7, 10**8):08d}"
        slug = base.lower().replace(" ", "").replace("ü", "u").replace("ö", "o")
        firms.append(
            {
                "kvk": kvk,
                "base": base,
                "name": base + rng.choice(FORMS),
                "place": place,
                "postcode": f"{pc2}{rng.randrange(10, 99)} {rng.choice('ABCDEFGHJKLMNPRSTVWXZ')}{rng.choice('ABCDEFGHJKLMNPRSTVWXZ')}",
                "domain": f"{slug}{rng.randrange(100)}.nl" if rng.random() < 0.8 else None,
                "trade": f"{base.split()[-1]} {rng.choice(['Group', 'Solutions', 'Systems'])}"
                if rng.random() < 0.2
                else None,
            }
        )
    (folder / "sources").mkdir(parents=True)
    (folder / "ground_truth").mkdir()
    with (folder / "sources" / "kvk.jsonl").open("w") as fh:
        for f in firms:
            fh.write(
                json.dumps(
                    {
                        "kvkNummer": f["kvk"],
                        "naam": f["name"],
                        "handelsnamen": [{"naam": f["name"], "volgorde": 0}]
                        + ([{"naam": f["trade"], "volgorde": 1}] if f["trade"] else []),
                        "_embedded": {
                            "hoofdvestiging": {
                                "adressen": [
                                    {
                                        "type": "bezoekadres",
                                        "straatnaam": "Industrieweg",
                                        "huisnummer": rng.randrange(1, 200),
                                        "postcode": f["postcode"],
                                        "plaats": f["place"],
                                    }
                                ],
                                "websites": [f"https://www.{f['domain']}"] if f["domain"] else [],
                            }
                        },
                    }
                )
                + "\n"
            )
    truth = []

    def noisy_name(f: dict) -> str:
        name = f["trade"] if f["trade"] and rng.random() < 0.3 else f["base"] + rng.choice(FORMS)
        r = rng.random()
        if r < 0.15:
            name = name.upper()
        elif r < 0.25:
            name = typo(rng, name)
        elif r < 0.3:
            name = name.replace("ü", "u").replace("ö", "o")
        return name

    def row_for(f: dict | None) -> tuple[str, str, str, str]:
        if f is None:  # a firm that is not in the register
            return (
                f"{rng.choice(SURNAMES)} {rng.choice(TRADES)} International",
                rng.choice(PLACES)[0],
                "",
                "",
            )
        place = f["place"] if rng.random() < 0.85 else ("" if rng.random() < 0.5 else rng.choice(PLACES)[0])
        pc = f["postcode"] if rng.random() < 0.4 else ""
        web = f"www.{f['domain']}" if f["domain"] and rng.random() < 0.5 else ""
        return noisy_name(f), place, pc, web

    with (folder / "sources" / "nidv-leden.csv").open("w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["Lid", "Plaats", "Postcode", "Website"])
        for i, f in enumerate(rng.sample(firms, n // 5) + [None] * (n // 50), start=2):
            w.writerow(row_for(f))
            truth.append(
                {
                    "path": "sources/nidv-leden.csv",
                    "sheet": None,
                    "row_number": i,
                    "kvk_number": f and f["kvk"],
                }
            )
    with (folder / "sources" / "ted.csv").open("w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(
            ["ID_NOTICE_CAN", "CAE_NAME", "WIN_NAME", "WIN_TOWN", "WIN_POSTAL_CODE", "WIN_COUNTRY_CODE"]
        )
        for i, f in enumerate(rng.sample(firms, n // 10) + [None] * (n // 100), start=2):
            name, place, pc, _ = row_for(f)
            w.writerow([f"2024/S {i}", "Ministerie van Defensie", name, place, pc, "NL"])
            truth.append(
                {"path": "sources/ted.csv", "sheet": None, "row_number": i, "kvk_number": f and f["kvk"]}
            )
    with (folder / "ground_truth" / "records.jsonl").open("w") as fh:
        fh.writelines(json.dumps(t) + "\n" for t in truth)
    with (folder / "ground_truth" / "firms.jsonl").open("w") as fh:
        fh.writelines(
            json.dumps({"kvk_number": f["kvk"], "name": f["name"], "category": "none"}) + "\n" for f in firms
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--firms", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "world"
        make_world(folder, args.firms, args.seed)
        config = Config()
        with Store(Path(tmp) / "bench.duckdb") as store:
            files = [str(folder / "sources" / n) for n in ("kvk.jsonl", "nidv-leden.csv", "ted.csv")]
            t0 = time.perf_counter()
            Runner(config, quiet=True).run_in(store, "ingest", files=files)
            t1 = time.perf_counter()
            result = Runner(config, quiet=True).run_in(store, "resolve")
            t2 = time.perf_counter()
            figures = evaluate(store, config, GroundTruth.load(folder / "ground_truth"))
    out = {
        "firms": args.firms,
        "seed": args.seed,
        "ingest_seconds": round(t1 - t0, 2),
        "resolve_seconds": round(t2 - t1, 2),
        "resolve_counts": {k: v for k, v in result.counts.items() if k != "input_hash"},
        "links": figures.tables["links vs ground truth"],
    }
    for row in out["links"]:
        print(
            f"{row['group']:<32} records {row['records']:>5}  precision {row['precision']}  recall {row['recall']}"
            f"  ambiguous {row['ambiguous']}"
        )
    print(f"ingest {out['ingest_seconds']} s, resolve {out['resolve_seconds']} s")
    if args.out:
        Path(args.out).write_text(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
