"""`--engine` selects the engine for every command; `[engine]` in the config file does too."""

from __future__ import annotations

import subprocess

from typer.testing import CliRunner

from ketenradar.cli import Options, app


def test_engine_option_sets_config(tmp_path):
    runner = CliRunner()
    opts = Options()
    result = runner.invoke(app, ["--db", str(tmp_path / "s.duckdb"), "--engine", "dask", "init"], obj=opts)
    assert result.exit_code == 0, result.output
    assert opts.config().engine.engine == "dask"
    opts = Options()
    result = runner.invoke(app, ["--db", str(tmp_path / "s.duckdb"), "init"], obj=opts)
    assert result.exit_code == 0
    assert opts.config().engine.engine == "local"


def test_engine_from_config_file(tmp_path):
    config_file = tmp_path / "k.toml"
    config_file.write_text('[engine]\nengine = "dask"\nworkers = 4\naddress = "tcp://127.0.0.1:8786"\n')
    runner = CliRunner()
    opts = Options()
    result = runner.invoke(
        app, ["--config", str(config_file), "--db", str(tmp_path / "s.duckdb"), "init"], obj=opts
    )
    assert result.exit_code == 0, result.output
    config = opts.config()
    assert (config.engine.engine, config.engine.workers, config.engine.address) == (
        "dask",
        4,
        "tcp://127.0.0.1:8786",
    )


def test_unknown_engine_option_is_refused(tmp_path, python, cli_env):
    proc = subprocess.run(
        [python, "-m", "ketenradar", "--db", str(tmp_path / "s.duckdb"), "--engine", "spark", "init"],
        capture_output=True,
        text=True,
        env=cli_env,
    )
    assert proc.returncode != 0
    assert "unknown engine 'spark'" in proc.stderr
    assert not (tmp_path / "s.duckdb").exists()
