"""The runner: one recorded run per stage call, the registry's order, clear errors for unknown names."""

from __future__ import annotations

import pytest

import sourcefiles as sf
from ketenradar.config import Config
from ketenradar.errors import InputError
from ketenradar.runner import PIPELINE, Runner, stage
from ketenradar.store import Store


def test_unknown_stage_is_refused_with_the_known_names(tmp_path) -> None:
    config = Config()
    config.store.path = str(tmp_path / "s.duckdb")
    with pytest.raises(InputError, match="unknown stage 'scrape'.*resolve"):
        stage("scrape")
    with pytest.raises(InputError, match="unknown stage"):
        Runner(config, quiet=True).pipeline(skip={"scrape"})


def test_pipeline_stops_after_upto_and_records_every_run(tmp_path) -> None:
    config = Config()
    config.store.path = str(tmp_path / "s.duckdb")
    kvk = sf.write_kvk_jsonl(tmp_path / "kvk.jsonl")
    results = Runner(config, quiet=True).pipeline(files=[str(kvk)], upto="resolve")
    assert [r.stage for r in results] == ["ingest", "resolve"]
    assert all(r.run_id and r.seconds is not None for r in results)
    with Store(config.store.path) as store:
        recorded = store.fetchall("SELECT command, status FROM runs ORDER BY started_at, run_id")
    assert recorded == [("ingest", "ok"), ("resolve", "ok")]
    assert PIPELINE.index("resolve") == 0
