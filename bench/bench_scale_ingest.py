"""Ingest and resolve of a large member list: peak memory and seconds (issue 16, study scale).

    python -m bench --only scale_ingest            # 200,000 rows (~15 MB CSV)
    python -m bench --only scale_ingest --quick    # 20,000 rows

Writes a member-list CSV in the format `ketenradar ingest` reads (Dutch headers, `;`-separated, as a
CRM export), then runs `ketenradar --db S ingest FILE` and `ketenradar --db S resolve` each in its own
subprocess and samples the resident memory of that process tree (bench.common.peak_rss). The rows are
drawn from a seeded generator: about 3% of firms appear twice (once without KvK number, so resolve has
to link them by name and address), about 1% of rows carry a bad field (a warning in the rejects) and
about 0.2% name no firm (a rejected row).

The figures of the code before ingest streamed (measured once, with this module run on that commit's
sources) are in bench/results/scale_ingest_before.json; `main` puts them beside the new ones as
`before`, with the ratios new / before. Those of resolve before it streamed (main at 092dcc9, run
the same way on the same member list) are in bench/results/scale_resolve_before.json: `main` puts
them beside the new ones as `resolve_before`, with `resolve_ratio_to_before`.
"""

from __future__ import annotations

import csv
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.common import peak_rss

SELF_REPEATING = True  # one run per size: a 200,000-row ingest is slow enough to be steady
FULL_ROWS = 200_000
QUICK_ROWS = 20_000
SEED = 16

_WORDS = [
    "metaal",
    "staal",
    "techniek",
    "precisie",
    "machinebouw",
    "draaierij",
    "frezerij",
    "constructie",
    "las",
    "plaatwerk",
    "engineering",
    "kunststof",
    "montage",
    "gieterij",
    "smederij",
    "systemen",
    "industrie",
    "products",
    "solutions",
    "service",
    "apparatenbouw",
]
_NAMES = [
    "de",
    "boer",
    "jansen",
    "bakker",
    "visser",
    "smit",
    "meijer",
    "mulder",
    "bos",
    "vos",
    "peters",
    "hendriks",
    "dekker",
    "brouwer",
    "dijkstra",
    "kramer",
    "haan",
    "willems",
    "van",
    "dam",
    "kok",
    "jacobs",
    "schouten",
    "vermeulen",
    "post",
    "kuipers",
    "veenstra",
    "groot",
]
_PLACES = [
    "Enschede",
    "Hengelo",
    "Almelo",
    "Eindhoven",
    "Helmond",
    "Tilburg",
    "Breda",
    "Zwolle",
    "Deventer",
    "Apeldoorn",
    "Arnhem",
    "Nijmegen",
    "Venlo",
    "Roermond",
    "Delft",
    "Leiden",
    "Utrecht",
    "Amersfoort",
    "Groningen",
    "Assen",
    "Emmen",
    "Hoorn",
    "Alkmaar",
    "Zaandam",
]
HEADERS = ["Bedrijfsnaam", "KvK-nummer", "Straat", "Postcode", "Plaats", "Website", "Medewerkers", "SBI"]


def write_member_list(path: Path, rows: int, seed: int = SEED) -> dict[str, int]:
    """A `;`-separated member list of `rows` data rows; returns what went into it."""
    rng = random.Random(seed)
    counts = {"rows": 0, "duplicates": 0, "bad_fields": 0, "no_firm": 0}
    written: list[list[str]] = []
    with path.open("w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh, delimiter=";")
        out.writerow(HEADERS)
        for i in range(rows):
            if written and rng.random() < 0.03:
                row = list(rng.choice(written))
                row[1] = ""  # the second mention has no KvK number: linked by name and address
                counts["duplicates"] += 1
            else:
                name = " ".join(
                    [rng.choice(_NAMES).title(), rng.choice(_NAMES).title(), rng.choice(_WORDS).title()]
                )
                slug = name.lower().replace(" ", "")
                row = [
                    f"{name} {i}",
                    f"{10_000_000 + i:08d}",
                    f"{rng.choice(_NAMES).title()}straat {rng.randint(1, 250)}",
                    f"{rng.randint(1000, 9999)} {rng.choice('ABCDEFGHJKLMNPRSTVWXZ')}{rng.choice('ABEHKLMNPRST')}",
                    rng.choice(_PLACES),
                    f"www.{slug}{i}.nl",
                    str(rng.choice([3, 8, 15, 30, 60, 120, "10-49"])),
                    rng.choice(["2562", "25.62", "2511", "2899;3311", "2822", "2550"]),
                ]
                if len(written) < 20_000:
                    written.append(row)
                if rng.random() < 0.01:
                    row[rng.choice([1, 3, 5])] = rng.choice(["onbekend?", "12ab", "info@x.nl"])
                    counts["bad_fields"] += 1
                elif rng.random() < 0.002:
                    row[0] = row[1] = ""
                    counts["no_firm"] += 1
            out.writerow(row)
            counts["rows"] += 1
    return counts


def run_stage(args: list[str]) -> dict[str, Any]:
    """Run one `ketenradar` command in a subprocess; its peak RSS (process tree) and seconds."""
    cmd = [sys.executable, "-m", "ketenradar", "--json", "--quiet", *args]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    with peak_rss(proc.pid) as peak:
        stdout, stderr = proc.communicate()
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed ({proc.returncode}): {stderr[-2000:]}")
    try:
        counts = json.loads(stdout).get("counts", {})
    except (json.JSONDecodeError, AttributeError):
        counts = {}
    return {"peak_rss_mb": round(peak.peak_mb, 1), "seconds": round(seconds, 2), "counts": counts}


def measure(rows: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="bench-scale-ingest-") as tmp:
        csv_path = Path(tmp) / "ledenlijst.csv"
        made = write_member_list(csv_path, rows)
        db = str(Path(tmp) / "scale.duckdb")
        ingest = run_stage(["--db", db, "ingest", str(csv_path)])
        resolve = run_stage(["--db", db, "resolve"])
        return {
            "rows": rows,
            "file_mb": round(csv_path.stat().st_size / 2**20, 2),
            "generated": made,
            "ingest": ingest,
            "resolve": resolve,
        }


BEFORE = Path(__file__).resolve().parent / "results" / "scale_ingest_before.json"
RESOLVE_BEFORE = BEFORE.with_name("scale_resolve_before.json")
TARGET_PEAK_MB = 500


def main(args: Any) -> dict[str, Any]:
    rows = QUICK_ROWS if getattr(args, "quick", False) else FULL_ROWS
    result = measure(rows)
    result["target_ingest_peak_mb"] = TARGET_PEAK_MB
    result["ingest_below_target"] = result["ingest"]["peak_rss_mb"] < TARGET_PEAK_MB
    result["target_resolve_peak_mb"] = TARGET_PEAK_MB
    result["resolve_below_target"] = result["resolve"]["peak_rss_mb"] < TARGET_PEAK_MB
    if RESOLVE_BEFORE.exists():
        before = json.loads(RESOLVE_BEFORE.read_text())
        if before.get("rows") == rows:
            result["resolve_before"] = before
            result["resolve_ratio_to_before"] = {
                key: round(result["resolve"][key] / before["resolve"][key], 3)
                for key in ("peak_rss_mb", "seconds")
            }
            result["resolve_counts_equal_before"] = {
                k: v for k, v in result["resolve"]["counts"].items() if k != "input_hash"
            } == {k: v for k, v in before["resolve"]["counts"].items() if k != "input_hash"}
    if BEFORE.exists():
        before = json.loads(BEFORE.read_text())
        if before.get("figures", {}).get("rows") == rows:
            result["before"] = {"commit": before.get("commit"), **before["figures"]}
            result["ratio_to_before"] = {
                f"{stage}_{key}": round(result[stage][key] / before["figures"][stage][key], 3)
                for stage in ("ingest", "resolve")
                for key in ("peak_rss_mb", "seconds")
            }
    return result


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--rows", type=int, default=None)
    ns = parser.parse_args()
    out = measure(ns.rows) if ns.rows else main(ns)
    print(json.dumps(out, indent=2))
