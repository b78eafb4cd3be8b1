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
        recorded = dict(store.fetchall("SELECT run_id, command || ' ' || status FROM runs"))
    assert recorded == {r.run_id: f"{r.stage} ok" for r in results}
    assert PIPELINE.index("resolve") == 0


def test_a_partition_of_firms_limits_a_stage_to_those_firms(tmp_path) -> None:
    config = Config()
    config.store.path = str(tmp_path / "s.duckdb")
    runner = Runner(config, quiet=True)
    runner.pipeline(files=[str(sf.write_kvk_jsonl(tmp_path / "kvk.jsonl"))], upto="resolve")
    with Store(config.store.path) as store:
        kvks = [r[0] for r in store.fetchall("SELECT kvk_number FROM firms ORDER BY 1")]
    assert len(kvks) > 1
    part = runner.run("indicators", firms=kvks[:1])
    assert part.counts["firms"] == 1 and part.counts["processed"] == 1
    rest = runner.run("indicators")
    assert rest.counts["firms"] == len(kvks) and rest.counts["skipped_unchanged"] == 1
