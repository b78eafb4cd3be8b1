"""Build tuning worlds once and keep their stores, so that scorer settings can be tried in seconds.

    python -m bench.tuning_worlds --seeds 1 2 --presets easy medium hard --styles default alt

Each world goes to `<root>/<preset>-<style>-<seed>/` (root: `KETENRADAR_TUNING_WORLDS`, else
/work/tuning-worlds) with `world/` (the generated demo world and its truth) and `eval.duckdb` (built
by `bench.build_eval_store` and embedded with the grid's text model; not scored). A `.building`
marker stands while a world is built, so that two processes never build the same one; a world
without `eval.duckdb` and without the marker is rebuilt. Tuning seeds only
(`ketenradar.score.protocol.TUNING_SEEDS`): reporting worlds are never kept or looked at here.
Copy a store before writing to it: other scripts read the same worlds.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import shutil
import sys
import time
from pathlib import Path

from ketenradar.score import protocol

DEFAULT_ROOT = Path(os.environ.get("KETENRADAR_TUNING_WORLDS", "/work/tuning-worlds"))


def world_dir(root: Path, preset: str, style: str, seed: int) -> Path:
    return root / f"{preset}-{style}-{seed}"


def ready(folder: Path) -> bool:
    return (folder / "eval.duckdb").exists() and not (folder / ".building").exists()


def build_world(root: Path, seed: int, preset: str, style: str, firms: int, embed_model: str) -> str:
    if seed not in protocol.TUNING_SEEDS:
        raise SystemExit(f"seed {seed} is not a tuning seed (ketenradar.score.protocol.TUNING_SEEDS)")
    from bench.bench_quality import _generate
    from bench.build_eval_store import build
    from ketenradar.config import Config
    from ketenradar.embed import stage as embed_stage
    from ketenradar.stage import StageContext
    from ketenradar.store import Store

    folder = world_dir(root, preset, style, seed)
    if ready(folder):
        return "kept"
    marker = folder / ".building"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd = os.open(marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
        os.close(fd)
    except FileExistsError:
        return "building elsewhere"
    try:
        shutil.rmtree(folder / "world", ignore_errors=True)
        (folder / "eval.duckdb").unlink(missing_ok=True)
        _generate(folder / "world", firms, seed, preset, style)
        tmp = folder / "eval.tmp.duckdb"
        tmp.unlink(missing_ok=True)
        with contextlib.redirect_stderr(io.StringIO()):
            build(folder / "world", tmp, None, indicators=True)
        config = Config()
        config.embed.model = embed_model
        with Store(tmp) as store, store.run("embed") as run:
            embed_stage.run(store, config, StageContext(run_id=run.run_id, quiet=True))
        tmp.rename(folder / "eval.duckdb")
        return "built"
    finally:
        marker.unlink(missing_ok=True)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seeds", type=int, nargs="+", required=True)
    ap.add_argument("--presets", nargs="+", default=list(protocol.PRESETS))
    ap.add_argument("--styles", nargs="+", default=list(protocol.STYLES))
    ap.add_argument("--firms", type=int, default=protocol.WORLD_FIRMS)
    ap.add_argument("--embed-model", default=protocol.GRID_EMBED_MODEL)
    ap.add_argument("--root", type=Path, default=DEFAULT_ROOT)
    a = ap.parse_args(argv)
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    for seed in a.seeds:
        for preset in a.presets:
            for style in a.styles:
                t = time.perf_counter()
                status = build_world(a.root, seed, preset, style, a.firms, a.embed_model)
                name = world_dir(a.root, preset, style, seed).name
                print(f"{name}: {status} ({time.perf_counter() - t:.0f} s)", file=sys.stderr, flush=True)


if __name__ == "__main__":
    main()
