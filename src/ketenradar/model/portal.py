"""The portal as a source for the pipeline: what firms declare about themselves (docs/portal.md).

The portal store (SQLAlchemy; `[portal] url`, default `<store stem>-portal.sqlite` beside the DuckDB
store) is written by the portal's services only. The pipeline reads it here, never with its own SQL:

- `read(config)`: per firm (KvK number) its self-declared capabilities and certificates as indicator
  ids with weight and provenance (who declared, when; who verified, when), its defence opt-in, its
  website correction;
- `opted_in(config)`: the firms that opted in to defence-related demand (the buyer's filter).

Expired certificates are left out (`today` decides). The default SQLite file is never created by a
reader: without it there are no declarations.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ketenradar.config import Config
from ketenradar.errors import InputError
from ketenradar.indicators.taxonomy import Taxonomy
from ketenradar.model.text import fold

CAPABILITY = "capability"
CERTIFICATE = "certificate"
SELF_DECLARED = "self_declared"

# Weights of a self-declared indicator (defaults of `[portal] weight_verified` / `weight_declared`):
# a certificate an analyst verified counts as fully as a statement on the firm's own website; a claim
# nobody checked (a capability, a certificate not yet verified) counts half (docs/portal.md, "Weights").
WEIGHT_VERIFIED = 1.0
WEIGHT_DECLARED = 0.5


@dataclass(frozen=True)
class Declaration:
    """One self-declared indicator of a firm, with its provenance."""

    indicator_id: str
    kind: str
    """capability | certificate"""
    label: str
    """What the firm wrote (the capability, or the certificate's standard)."""
    weight: float
    verified: bool
    declared_by: str
    declared_at: str
    verified_by: str | None = None
    verified_at: str | None = None
    number: str | None = None
    issuer: str | None = None
    expires_on: str | None = None
    evidence_url: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class PortalFirm:
    """What the portal holds about one firm, as the pipeline uses it."""

    kvk_number: str
    declarations: list[Declaration] = field(default_factory=list)
    unmapped: list[str] = field(default_factory=list)
    """Capabilities or certificate standards that name no indicator of the taxonomy (kept, not used)."""
    defence_opt_in: bool = False
    website: str | None = None
    """The website the firm corrected in the portal (None: no correction)."""
    updated_by: str | None = None
    updated_at: str | None = None


def portal_url(config: Config) -> str:
    """The portal store's SQLAlchemy URL: `[portal] url`, else SQLite beside the DuckDB store."""
    from ketenradar.portal.store import default_url

    return config.portal.url or default_url(config.store.path)


def _exists(url: str) -> bool:
    if not url.startswith("sqlite"):
        return True
    path = url.split("///", 1)[-1]
    return path not in ("", ":memory:") and Path(path).exists()


def _iso(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime) and value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)  # SQLite gives naive datetimes; they were written in UTC
    return value.isoformat()


_SQUASH = re.compile(r"[\s\-_/.:]+")


def _key(text: str) -> str:
    return _SQUASH.sub("", fold(text or ""))


def indicator_lookup(tax: Taxonomy, groups: tuple[str, ...] | None = None) -> dict[str, str]:
    """Folded name -> indicator id: every id, its name, its labels and its plain terms, so that
    "AQAP 2110", "aqap-2110" and "cert.aqap2110" all name `cert.aqap2110`. A name two indicators share
    names neither."""
    found: dict[str, set[str]] = {}
    for iid, ind in tax.indicators.items():
        if groups is not None and ind.group not in groups:
            continue
        names = [iid, iid.split(".", 1)[-1], ind.label_nl, ind.label_en]
        names += [t for t in ind.terms if not t.startswith("re:") and "*" not in t and "\\" not in t]
        for name in names:
            key = _key(name)
            if len(key) >= 3:
                found.setdefault(key, set()).add(iid)
    return {k: next(iter(v)) for k, v in found.items() if len(v) == 1}


def map_indicator(text: str, lookup: dict[str, str]) -> str | None:
    """The indicator id a declared capability or certificate names, or None."""
    return lookup.get(_key(text))


@contextmanager
def _session(config: Config, url: str | None = None) -> Iterator[Any]:
    """A read session on the portal store, or None when there is none; a store that cannot be read
    (a PostgreSQL server down, a broken file) is an error naming `portal.url`."""
    from sqlalchemy.exc import SQLAlchemyError

    from ketenradar.portal.store import PortalStore

    url = url or portal_url(config)
    if not _exists(url):
        yield None
        return
    store = None
    try:
        store = PortalStore(url)
        with store.session() as s:
            yield s
    except SQLAlchemyError as exc:
        raise InputError(
            f"cannot read the portal store: {exc.__class__.__name__}", field="portal.url"
        ) from exc
    finally:
        if store is not None:
            store.close()


def read(
    config: Config,
    *,
    taxonomy: Taxonomy | None = None,
    today: dt.date | None = None,
    url: str | None = None,
) -> dict[str, PortalFirm]:
    """Per KvK number: the firm's declarations as indicators (expired certificates left out), its
    opt-in and its website correction. Empty when there is no portal store."""
    from sqlalchemy import select

    from ketenradar.model.taxonomy import taxonomy as load
    from ketenradar.portal.models import Capability, Certificate, FirmProfile

    tax = taxonomy or load(config.indicators.taxonomy)
    any_id = indicator_lookup(tax)
    cert_id = indicator_lookup(tax, groups=("cert",))
    today = today or dt.date.today()
    w_full, w_half = float(config.portal.weight_verified), float(config.portal.weight_declared)
    out: dict[str, PortalFirm] = {}

    def firm(kvk: str) -> PortalFirm:
        return out.setdefault(kvk, PortalFirm(kvk))

    with _session(config, url) as s:
        if s is None:
            return {}
        for p in s.scalars(select(FirmProfile).order_by(FirmProfile.kvk_number)):
            f = firm(p.kvk_number)
            f.defence_opt_in = bool(p.defence_opt_in)
            f.website = (p.website or "").strip() or None
            f.updated_by, f.updated_at = p.updated_by, _iso(p.updated_at)
        for c in s.scalars(select(Capability).order_by(Capability.kvk_number, Capability.capability)):
            iid = map_indicator(c.capability, any_id)
            if iid is None:
                firm(c.kvk_number).unmapped.append(c.capability)
                continue
            firm(c.kvk_number).declarations.append(
                Declaration(
                    indicator_id=iid,
                    kind=CAPABILITY,
                    label=c.capability,
                    weight=w_half,
                    verified=False,
                    declared_by=c.declared_by,
                    declared_at=_iso(c.declared_at) or "",
                )
            )
        for c in s.scalars(select(Certificate).order_by(Certificate.kvk_number, Certificate.id)):
            if c.expires_on < today:
                continue  # an expired certificate stops counting
            iid = map_indicator(c.standard, cert_id)
            if iid is None:
                firm(c.kvk_number).unmapped.append(c.standard)
                continue
            verified = c.verified_at is not None
            firm(c.kvk_number).declarations.append(
                Declaration(
                    indicator_id=iid,
                    kind=CERTIFICATE,
                    label=c.standard,
                    weight=w_full if verified else w_half,
                    verified=verified,
                    declared_by=c.declared_by,
                    declared_at=_iso(c.declared_at) or "",
                    verified_by=c.verified_by,
                    verified_at=_iso(c.verified_at),
                    number=c.number,
                    issuer=c.issuer,
                    expires_on=c.expires_on.isoformat(),
                    evidence_url=c.evidence_url,
                )
            )
    return out


def opted_in(config: Config, *, url: str | None = None) -> set[str]:
    """KvK numbers of the firms that opted in to defence-related demand (none without a portal)."""
    from sqlalchemy import select

    from ketenradar.portal.models import FirmProfile

    with _session(config, url) as s:
        if s is None:
            return set()
        return set(s.scalars(select(FirmProfile.kvk_number).where(FirmProfile.defence_opt_in)))


def website_corrections(config: Config, *, url: str | None = None) -> dict[str, PortalFirm]:
    """KvK number -> the firm's portal record, for the firms that corrected their website."""
    from sqlalchemy import select

    from ketenradar.portal.models import FirmProfile

    with _session(config, url) as s:
        if s is None:
            return {}
        rows = s.scalars(select(FirmProfile).where(FirmProfile.website.is_not(None)))
        return {
            p.kvk_number: PortalFirm(
                p.kvk_number,
                defence_opt_in=bool(p.defence_opt_in),
                website=p.website.strip(),
                updated_by=p.updated_by,
                updated_at=_iso(p.updated_at),
            )
            for p in rows
            if p.website and p.website.strip()
        }
