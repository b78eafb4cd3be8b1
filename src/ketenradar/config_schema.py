"""Types and ranges of every setting, checked when a config is loaded.

The dataclasses in `config.py` say which settings exist, their Python types and defaults; this module
adds what a value may be (ranges, allowed words, host and address syntax) as declarative pydantic
constraints, one entry per `section.key`. `validate_config` checks every field of every section against
its type hint plus these constraints, strictly (no "25" for 25, no 5 for "5"), and names the file and
the key of the first bad value. A field without an entry here is still checked against its type hint.
"""

from __future__ import annotations

import codecs
import ipaddress
import re
from dataclasses import fields, is_dataclass
from functools import cache
from typing import Annotated, Any, Literal, get_type_hints

from pydantic import AfterValidator, Field, TypeAdapter, ValidationError

from ketenradar.errors import InputError

_HOSTNAME = re.compile(
    r"^(?=.{1,253}$)([a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9])?)(\.[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9])?)*$"
)


def _encoding(name: str) -> str:
    try:
        codecs.lookup(name)
    except LookupError:
        raise ValueError(f"unknown text encoding {name!r} (e.g. utf-8, utf-8-sig, cp1252, latin-1)") from None
    return name


def _hostname(name: str) -> str:
    if not _HOSTNAME.match(name.lower()):
        raise ValueError(f"{name!r} is not a host name")
    return name


def _address(value: str) -> str:
    """ "IP" or "IP:PORT" (IPv6 without a port), as `crawl/policy.py` reads it."""
    ip, port = value, None
    if value.count(":") == 1:
        ip, port = value.split(":")
    try:
        ipaddress.ip_address(ip)
    except ValueError:
        raise ValueError(f"{value!r} is not an IP address or IP:PORT") from None
    if port is not None and not (port.isdigit() and 1 <= int(port) <= 65535):
        raise ValueError(f"{value!r}: the port must be 1-65535")
    return value


NonEmpty = Annotated[str, Field(min_length=1, max_length=4096)]
Probability = Annotated[float, Field(ge=0, le=1)]
Port = Annotated[int, Field(ge=1, le=65535)]
Encoding = Annotated[str, AfterValidator(_encoding)]
HostName = Annotated[str, AfterValidator(_hostname)]
Address = Annotated[str, AfterValidator(_address)]

# section.key -> the full type the value must have (the dataclass hint is used when a key is absent).
RULES: dict[str, Any] = {
    "store.path": NonEmpty,
    "ingest.csv_encodings": Annotated[list[Encoding], Field(min_length=1, max_length=20)],
    "ingest.column_map": dict[NonEmpty, NonEmpty],
    "resolve.link_threshold": Probability,
    "resolve.review_threshold": Probability,
    "resolve.overrides_file": NonEmpty | None,
    "resolve.defence_buyers": list[NonEmpty],
    "resolve.defence_buyer_ids": list[NonEmpty],
    "resolve.oem_buyers": list[NonEmpty],
    "crawl.max_pages": Annotated[int, Field(ge=1, le=10_000)],
    "crawl.concurrent_requests": Annotated[int, Field(ge=1, le=1024)],
    "crawl.concurrent_per_domain": Annotated[int, Field(ge=1, le=64)],
    "crawl.download_delay": Annotated[float, Field(ge=0, le=3600)],
    "crawl.timeout": Annotated[float, Field(gt=0, le=3600)],
    "crawl.max_page_bytes": Annotated[int, Field(ge=1024, le=2_000_000_000)],
    "crawl.allow_hosts": dict[HostName, Address],
    "crawl.port_map": dict[Literal["http", "https"], Port],
    "crawl.user_agent": Annotated[str, Field(min_length=1, max_length=500)],
    "extract.min_chars": Annotated[int, Field(ge=0, le=10_000_000)],
    "indicators.taxonomy": NonEmpty | None,
    "embed.model": NonEmpty,
    "embed.passage_chars": Annotated[int, Field(ge=20, le=1_000_000)],
    "embed.batch_size": Annotated[int, Field(ge=1, le=1_000_000)],
    "embed.shared_cache": NonEmpty | None,
    "score.method": NonEmpty,
    "score.target_recall": Annotated[float, Field(gt=0, le=1)],
    "score.target_precision": Annotated[float, Field(gt=0, le=1)] | None,
    "score.cap_at_estimate": bool,
    "score.min_references": Annotated[int, Field(ge=2, le=1_000_000)],
    "score.k_neighbours": Annotated[int, Field(ge=1, le=10_000)],
    "score.folds": Annotated[int, Field(ge=2, le=100)],
    "score.threshold_a": Probability | None,
    "score.threshold_b": Probability | None,
    "score.seed": Annotated[int, Field(ge=0, le=2**32 - 1)],
    "score.classifier_c": Annotated[float, Field(gt=0, le=1e6)] | None,
    "score.text_weight": Annotated[float, Field(ge=0, le=1000)],
    "score.label_proxies": list[NonEmpty],
    "report.out_dir": NonEmpty,
    "report.language": Literal["nl", "en"],
    "report.top_n": Annotated[int, Field(ge=1, le=1_000_000)],
    "serve.host": NonEmpty,
    "serve.port": Port,
    "serve.users_file": NonEmpty | None,
    "portal.url": NonEmpty | None,
    "portal.smtp_host": NonEmpty | None,
    "portal.smtp_port": Port,
    "portal.mail_from": Annotated[str, Field(min_length=3, max_length=254, pattern=r"^[^@\s]+@[^@\s]+$")],
    "portal.weight_verified": Annotated[float, Field(ge=0.0, le=1.0)],
    "portal.weight_declared": Annotated[float, Field(ge=0.0, le=1.0)],
    "engine.engine": Literal["local", "dask"],
    "engine.workers": Annotated[int, Field(ge=0, le=1024)],  # 0 = every available core
    "engine.partitions": Annotated[int, Field(ge=1, le=100_000)],
    "engine.address": NonEmpty | None,
}


@cache
def _adapter(section_type: type, key: str, dotted: str) -> TypeAdapter:
    hint = RULES.get(dotted)
    if hint is None:
        hint = get_type_hints(section_type, include_extras=True)[key]
    return TypeAdapter(hint)


def _describe(error: dict[str, Any]) -> str:
    # loc is the path inside the value: list positions, dict keys ('[key]' marks a bad key itself).
    inner = "".join(f"[{p!r}]" for p in error["loc"] if p != "[key]" and not str(p).startswith("function-"))
    message = error["msg"].removeprefix("Value error, ")
    shown = repr(error["input"])
    shown = shown if len(shown) <= 80 else shown[:77] + "..."
    return f"{inner + ': ' if inner else ''}{message}, got {shown}"


def validate_config(config: Any, path: str | None = None) -> None:
    """Every field of every section of `config` against its type and range; InputError names the key."""
    for section in fields(config):
        value = getattr(config, section.name)
        if not is_dataclass(value):
            continue
        for f in fields(value):
            dotted = f"{section.name}.{f.name}"
            current = getattr(value, f.name)
            try:
                checked = _adapter(type(value), f.name, dotted).validate_python(current, strict=True)
            except ValidationError as exc:
                raise InputError(f"setting '{dotted}': {_describe(exc.errors()[0])}", path=path) from None
            except TypeError:  # a hint pydantic cannot build a validator for: the dataclass check stands
                continue
            setattr(value, f.name, checked)
    if config.resolve.review_threshold > config.resolve.link_threshold:
        raise InputError(
            "setting 'resolve.review_threshold' must not be above 'resolve.link_threshold' "
            f"({config.resolve.review_threshold} > {config.resolve.link_threshold})",
            path=path,
        )
