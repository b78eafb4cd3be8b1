from __future__ import annotations

import json
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pandas as pd
import pytest

from ketenradar.errors import StoreError
from ketenradar.store import SCHEMA_VERSION, Store


def test_first_use_creates_store_at_latest_schema(store_path: Path) -> None:
    with Store(store_path) as store:
        assert store.schema_version() == SCHEMA_VERSION
        assert store.count("firms") == 0


def test_migration_v1_to_v2_keeps_rows(store_path: Path) -> None:
    with Store(store_path, target_version=1) as store:
        assert store.schema_version() == 1
        store.insert_df(
            "firms",
            pd.DataFrame(
                [
                    {
                        "kvk_number": "12345678",
                        "name": "Van Dijk Metaal B.V.",
                        "place": "Hengelo",
                        "run_id": "r1",
                    },
                    {
                        "kvk_number": "87654321",
                        "name": "Precisie Draaierij",
                        "place": "Eindhoven",
                        "run_id": "r1",
                    },
                ]
            ),
        )
        assert "latitude" not in store.df("SELECT * FROM firms").columns
    with Store(store_path) as store:  # opening migrates forward
        assert store.schema_version() == SCHEMA_VERSION >= 2
        frame = store.df("SELECT kvk_number, name, place, latitude FROM firms ORDER BY kvk_number")
        assert frame["name"].tolist() == ["Van Dijk Metaal B.V.", "Precisie Draaierij"]
        assert frame["latitude"].isna().all()
        assert store.count("link_overrides") == 0
        versions = store.df("SELECT version FROM schema_version ORDER BY version")["version"].tolist()
        assert versions == list(range(1, SCHEMA_VERSION + 1))


def test_newer_store_is_refused(store_path: Path) -> None:
    with Store(store_path) as store:
        store.execute("INSERT INTO schema_version VALUES (999, 'future', now())")
    with pytest.raises(StoreError, match="v999"):
        Store(store_path)


def test_transaction_rolls_back_on_error(store_path: Path) -> None:
    with Store(store_path) as store:
        with pytest.raises(RuntimeError), store.transaction():
            store.insert_df("firms", pd.DataFrame([{"kvk_number": "12345678", "name": "X", "run_id": "r"}]))
            raise RuntimeError("boom")
        assert store.count("firms") == 0


def test_run_records_status_and_counts(store_path: Path) -> None:
    with Store(store_path) as store:
        with store.run("unit", {"a": 1}) as run:
            run.counts = {"rows": 3}
        with pytest.raises(ValueError), store.run("unit-fail"):
            raise ValueError("bad input")
        runs = store.df(
            "SELECT command, status, counts, message, config, versions FROM runs ORDER BY started_at"
        )
    ok = runs[runs.command == "unit"].iloc[0]
    assert ok.status == "ok" and json.loads(ok.counts) == {"rows": 3}
    assert json.loads(ok.config) == {"a": 1} and "duckdb" in json.loads(ok.versions)
    failed = runs[runs.command == "unit-fail"].iloc[0]
    assert failed.status == "failed" and "bad input" in failed.message


def test_latest_run_is_the_one_started_last_even_within_one_second(store_path: Path) -> None:
    # Review rounds run `score` twice in well under a second; "the latest run" must then be the
    # second one, not whichever run id's random suffix sorts higher.
    with Store(store_path) as store:
        started = []
        for _ in range(8):
            with store.run("unit") as run:
                started.append(run.run_id)
            assert store.last_run("unit")["run_id"] == started[-1]


WRITER = textwrap.dedent("""
    import sys, time
    import pandas as pd
    from ketenradar.store import Store
    store = Store(sys.argv[1])
    with store.run("writer") as run:
        with store.transaction():
            for i in range(1000):
                store.insert_df("firms", pd.DataFrame([{"kvk_number": f"{i:08d}", "name": f"F{i}", "run_id": run.run_id}]))
                if i == 200:
                    print("half", flush=True)
                    time.sleep(60)
""")


def test_killed_mid_write_leaves_store_unchanged(store_path: Path, tmp_path: Path, cli_env: dict) -> None:
    with Store(store_path) as store:
        store.insert_df(
            "firms", pd.DataFrame([{"kvk_number": "99999999", "name": "Existing", "run_id": "r0"}])
        )
    script = tmp_path / "writer.py"
    script.write_text(WRITER)
    proc = subprocess.Popen(
        [sys.executable, str(script), str(store_path)], stdout=subprocess.PIPE, env=cli_env, text=True
    )
    try:
        assert proc.stdout.readline().strip() == "half"  # 201 rows written inside the open transaction
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    time.sleep(0.2)
    with Store(store_path) as store:
        assert store.df("SELECT kvk_number FROM firms")["kvk_number"].tolist() == ["99999999"]
        status = store.df("SELECT status, message FROM runs WHERE command = 'writer'").iloc[0]
        assert status.status == "interrupted"
