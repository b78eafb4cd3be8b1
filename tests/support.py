"""Test support: run stages through the one runner, and build stores from the real demo world.

Tests never build a `StageContext` by hand: `run_stage(store, "crawl", config)` goes through
`ketenradar.runner.Runner`, as the CLI does (the run is recorded, the figures are the CLI's).
`build_store(world, path, upto="indicators")` runs the real stages on a generated demo world up to
the given stage; the session-scoped `demo_world` fixture (conftest.py) generates that world once.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

from ketenradar.config import Config
from ketenradar.runner import DemoWorld, Runner, demo_world, serving
from ketenradar.stage import StageResult
from ketenradar.store import Store

# The world every store-building test shares: small enough for CI, with A and B firms to score.
WORLD_FIRMS = 120
WORLD_SEED = 11


def run_stage(store: Store, name: str, config: Config | None = None, **options: Any) -> StageResult:
    """Run one registered stage on an open store, quietly, through the runner."""
    return Runner(config or Config(), quiet=True).run_in(store, name, **options)


def run_cli(
    *args: str, env: dict, cwd: Path | None = None, stdin: str | None = None, timeout: float = 300
) -> subprocess.CompletedProcess:
    """`ketenradar ARGS` in a subprocess, as a user runs it (env: the `cli_env` fixture)."""
    return subprocess.run(
        [sys.executable, "-m", "ketenradar", *args],
        cwd=cwd,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def make_world(path: Path, firms: int = WORLD_FIRMS, seed: int = WORLD_SEED) -> DemoWorld:
    return demo_world(path, firms=firms, seed=seed, quiet=True)


def store_config(path: Path, model: str = "tfidf") -> Config:
    """Settings for a test store at `path` (TF-IDF by default: fast, and no weights to load)."""
    config = Config()
    config.store.path = str(path)
    config.embed.model = model
    return config


def build_store(
    world: DemoWorld, path: Path, *, upto: str = "indicators", config: Config | None = None
) -> list[StageResult]:
    """Ingest the world's sources and run the real stages on it, up to and including `upto`.

    Stages after `crawl` need the world's sites, which are served on 127.0.0.1 for the call.
    """
    config = config or store_config(path)
    config.store.path = str(path)
    options = {"evaluate": {"truth": world.truth}, "report": {"out": str(Path(path).parent / "report")}}
    with serving(world, config):
        return Runner(config, quiet=True).pipeline(sources=world.sources, upto=upto, stage_options=options)


def copy_store(source: Path, target: Path) -> Path:
    """A private copy of a built store (tests that write must not change a shared one)."""
    shutil.copyfile(source, target)
    return target
