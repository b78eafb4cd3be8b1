"""Config: every key's type and range is checked at load, naming the file and the key (issue 19, defect 3)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from ketenradar.config import Config, load_config
from ketenradar.config_schema import RULES
from ketenradar.errors import InputError

BAD = [
    ("crawl", "allow_hosts", '"x"', "crawl.allow_hosts"),
    ("crawl", "allow_hosts", '{"x.nl" = 5}', "crawl.allow_hosts"),
    ("crawl", "allow_hosts", '{"x.nl" = "not-an-ip"}', "crawl.allow_hosts"),
    ("crawl", "allow_hosts", '{"bad host!" = "127.0.0.1"}', "crawl.allow_hosts"),
    ("crawl", "max_pages", "-5", "crawl.max_pages"),
    ("crawl", "max_pages", '"25"', "crawl.max_pages"),
    ("crawl", "timeout", "0", "crawl.timeout"),
    ("crawl", "download_delay", "-1", "crawl.download_delay"),
    ("crawl", "port_map", '{ http = "abc" }', "crawl.port_map"),
    ("crawl", "port_map", "{ http = 0 }", "crawl.port_map"),
    ("crawl", "only_allowed_hosts", '"yes"', "crawl.only_allowed_hosts"),
    ("serve", "port", "99999", "serve.port"),
    ("serve", "port", "true", "serve.port"),
    ("ingest", "csv_encodings", '["klingon"]', "ingest.csv_encodings"),
    ("ingest", "csv_encodings", "[]", "ingest.csv_encodings"),
    ("ingest", "csv_encodings", '"utf-8"', "ingest.csv_encodings"),
    ("resolve", "link_threshold", "1.5", "resolve.link_threshold"),
    ("resolve", "defence_buyers", "[1, 2]", "resolve.defence_buyers"),
    ("score", "folds", "1", "score.folds"),
    ("score", "threshold_a", "-0.1", "score.threshold_a"),
    ("report", "language", '"fr"', "report.language"),
    ("report", "top_n", "0", "report.top_n"),
    ("engine", "engine", '"spark"', "engine.engine"),
    ("engine", "workers", "-1", "engine.workers"),
    ("embed", "batch_size", "2.5", "embed.batch_size"),
]


@pytest.mark.parametrize(("section", "key", "value", "dotted"), BAD)
def test_bad_value_is_refused_naming_file_and_key(tmp_path: Path, section, key, value, dotted) -> None:
    path = tmp_path / "ketenradar.toml"
    path.write_text(f"[{section}]\n{key} = {value}\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_config(path)
    message = str(info.value)
    assert str(path) in message and f"'{dotted}'" in message


def test_good_values_load(tmp_path: Path) -> None:
    path = tmp_path / "ketenradar.toml"
    path.write_text(
        '[crawl]\nallow_hosts = {"demo.test" = "127.0.0.1", "b.test" = "127.0.0.1:8443"}\n'
        "port_map = { http = 8080, https = 8443 }\ntimeout = 5\ndownload_delay = 0\n"
        '[ingest]\ncsv_encodings = ["utf-8", "latin-1"]\n[serve]\nport = 8080\n',
        encoding="utf-8",
    )
    config = load_config(path)
    assert config.crawl.timeout == 5.0 and isinstance(config.crawl.timeout, float)
    assert config.crawl.port_map == {"http": 8080, "https": 8443}
    assert config.serve.port == 8080


def test_every_setting_has_a_rule() -> None:
    """A new setting gets a declared type and range, not only its dataclass hint."""
    config = Config()
    from dataclasses import fields

    missing = [
        f"{s.name}.{f.name}"
        for s in fields(config)
        for f in fields(getattr(config, s.name))
        if f"{s.name}.{f.name}" not in RULES and f.type not in ("bool", bool)
    ]
    assert not missing, f"settings without a rule in config_schema.RULES: {missing}"
    known = {f"{s.name}.{f.name}" for s in fields(config) for f in fields(getattr(config, s.name))}
    stale = sorted(set(RULES) - known)
    assert not stale, f"rules in config_schema.RULES for settings that no longer exist: {stale}"


def test_cli_prints_the_message_not_a_traceback(tmp_path: Path, cli_env) -> None:
    (tmp_path / "k.toml").write_text('[crawl]\nallow_hosts = "x"\n', encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "ketenradar", "--config", "k.toml", "runs"],
        cwd=tmp_path,
        env=cli_env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode != 0
    assert "Traceback" not in proc.stderr + proc.stdout
    assert "crawl.allow_hosts" in proc.stderr + proc.stdout
