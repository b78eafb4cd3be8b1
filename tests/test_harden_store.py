"""Read-only commands beside `serve`, the lock message, and one ingest path (issue 19, defect 7)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import sourcefiles as sf
from ketenradar.config import Config
from ketenradar.runner import STAGES, Runner
from ketenradar.store import Store
from support import run_cli

HOLD = """
import sys, time
from ketenradar.store import Store
store = Store(sys.argv[1], read_only=sys.argv[2] == "ro")
print("holding", flush=True)
time.sleep(60)
"""


def _cli(tmp_path: Path, env: dict, *args: str) -> subprocess.CompletedProcess:
    return run_cli("--db", "k.duckdb", *args, env=env, cwd=tmp_path, timeout=120)


def _hold(tmp_path: Path, env: dict, mode: str) -> subprocess.Popen:
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(tmp_path / "k.duckdb"), mode],
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout.readline().strip() == "holding"
    return proc


def test_runs_works_while_the_store_is_served(tmp_path: Path, cli_env) -> None:
    members = sf.write_member_list(tmp_path / "leden.csv")
    assert _cli(tmp_path, cli_env, "ingest", str(members)).returncode == 0
    holder = _hold(tmp_path, cli_env, "ro")  # what `serve` does
    try:
        runs = _cli(tmp_path, cli_env, "runs")
        assert runs.returncode == 0, runs.stderr
        assert "ingest" in runs.stdout
        write = _cli(tmp_path, cli_env, "resolve")
        assert write.returncode != 0
        assert "in use by process" in write.stderr and "ketenradar serve" in " ".join(write.stderr.split())
        assert "readonly" not in write.stderr.replace("\n", "") and "Traceback" not in write.stderr
    finally:
        holder.kill()
        holder.wait()


def test_reader_beside_a_writer_gets_this_tools_message(tmp_path: Path, cli_env) -> None:
    assert _cli(tmp_path, cli_env, "init").returncode == 0
    holder = _hold(tmp_path, cli_env, "rw")
    try:
        runs = _cli(tmp_path, cli_env, "runs")
        assert runs.returncode != 0
        text = " ".join(runs.stderr.split())
        assert "writing to it" in text and "-readonly" not in text and "Traceback" not in text
    finally:
        holder.kill()
        holder.wait()


def test_runs_does_not_create_a_store(tmp_path: Path, cli_env) -> None:
    result = _cli(tmp_path, cli_env, "runs")
    assert result.returncode != 0 and "no store here yet" in " ".join(result.stderr.split())
    assert not (tmp_path / "k.duckdb").exists()


def _world(tmp_path: Path) -> list[Path]:
    kvk = sf.REGISTRY[1][0]
    return [
        sf.write_kvk_jsonl(tmp_path / "kvk.jsonl"),
        sf.write_csv(
            tmp_path / "leden-a.csv",
            ["Bedrijfsnaam", "KvK nr", "Internetadres"],
            [["Lid A", kvk, "http://www.lid-a.nl"], ["Los Lid", "", "https://los.nl"]],
        ),
        sf.write_csv(
            tmp_path / "leden-b.csv",
            ["Bedrijfsnaam", "KvK nr", "Internetadres"],
            [["Lid A", kvk, "https://www.lid-a.nl"], ["Los Lid", "", "http://los.nl"]],
        ),
    ]


def test_run_files_and_ingest_then_resolve_give_the_same_firms(tmp_path: Path) -> None:
    files = [str(p) for p in _world(tmp_path)]
    one = Config()
    one.store.path = str(tmp_path / "one.duckdb")
    Runner(one, quiet=True).run("ingest", files=files, kind="auto", sheet=None, column_map={})
    Runner(one, quiet=True).run("resolve")

    two = Config()
    two.store.path = str(tmp_path / "two.duckdb")
    Runner(two, quiet=True).pipeline(files=files, skip=set(STAGES) - {"resolve", "ingest"})

    def snapshot(path: str):
        with Store(path, read_only=True) as store:
            firms = store.df("SELECT * EXCLUDE (run_id) FROM firms ORDER BY kvk_number")
            ingests = store.scalar("SELECT count(*) FROM runs WHERE command = 'ingest'")
            records = store.df("SELECT record_id FROM source_records ORDER BY record_id")
        return firms, ingests, records

    firms_one, ingests_one, records_one = snapshot(one.store.path)
    firms_two, ingests_two, records_two = snapshot(two.store.path)
    assert ingests_one == ingests_two == 1
    assert records_one.equals(records_two)
    assert firms_one.astype(str).equals(firms_two.astype(str))
