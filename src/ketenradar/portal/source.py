"""The portal as a pipeline source (docs/portal.md, "The pipeline reads the portal").

- `self_declared_hits`: a firm's declarations as `indicator_hits` rows with source `self_declared`,
  their weight and provenance; the indicators stage stores them beside the website and registry hits,
  and their digest is part of the firm's input hash, so a change in the portal (a new, verified,
  expired or removed certificate, a capability) reruns that firm and then the scorer.
- `match_filter`: the firms a portal account may be proposed in matchmaking and the consortium builder
  (a buyer: opted in or put forward for one of its demands; an analyst: everyone);
- `firms_for_demand` (a buyer's or analyst's view of a demand) and `demands_for_firm` (a firm's view
  of the open demands): the existing matchmaking on a portal demand, both ways.

Reading the portal store is the model layer's job (`ketenradar.model.portal`).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from typing import Any

from ketenradar.config import Config
from ketenradar.errors import InputError
from ketenradar.indicators.taxonomy import Taxonomy
from ketenradar.model import portal as portal_model
from ketenradar.model.portal import CERTIFICATE, SELF_DECLARED, Declaration, PortalFirm

__all__ = [
    "SELF_DECLARED",
    "declarations_digest",
    "declared_hit_rows",
    "demand_requirements",
    "demands_for_firm",
    "firms_for_demand",
    "match_filter",
    "opted_in",
    "self_declared_hits",
]

REASON_VERIFIED = "verified certificate"
REASON_UNVERIFIED = "certificate, not verified"
REASON_CAPABILITY = "declared capability"


def _day(iso: str | None) -> str:
    return (iso or "")[:10]


def _sentence(d: Declaration) -> str:
    said = f"Self-declared in the portal by {d.declared_by} on {_day(d.declared_at)}: {d.label}"
    if d.kind != CERTIFICATE:
        return said + "."
    said += f" certificate {d.number}, issued by {d.issuer}, valid until {d.expires_on}"
    if d.verified:
        return said + f"; verified by {d.verified_by} on {_day(d.verified_at)}."
    return said + "; not verified yet."


def _reason(d: Declaration) -> str:
    if d.kind != CERTIFICATE:
        return REASON_CAPABILITY
    return REASON_VERIFIED if d.verified else REASON_UNVERIFIED


def declared_hit_rows(firm: PortalFirm, tax: Taxonomy) -> list[dict[str, Any]]:
    """`indicator_hits` rows (without run_id) of one firm's declarations, one per declaration."""
    rows = []
    for d in firm.declarations:
        if d.weight <= 0:
            continue  # a weight of 0 switches that kind of declaration off
        ind = tax.indicators.get(d.indicator_id)
        rows.append(
            {
                "kvk_number": firm.kvk_number,
                "indicator_id": d.indicator_id,
                "grp": ind.group if ind else d.indicator_id.split(".", 1)[0],
                "term": d.label,
                "sentence": _sentence(d),
                "url": d.evidence_url,
                "lang": None,
                "reason": _reason(d),
                "source": SELF_DECLARED,
                "weight": d.weight,
            }
        )
    return rows


def declarations_digest(firm: PortalFirm | None) -> str | None:
    """A stable digest of what the pipeline uses of a firm's declarations (None: nothing declared)."""
    if firm is None or not firm.declarations:
        return None
    payload = sorted(json.dumps(d.as_dict(), sort_keys=True) for d in firm.declarations)
    return hashlib.sha256("\n".join(payload).encode()).hexdigest()


def self_declared_hits(
    config: Config, tax: Taxonomy, kvks: Iterable[str] | None = None
) -> dict[str, tuple[str, list[dict[str, Any]]]]:
    """KvK number -> (digest, hit rows) for the firms with declarations that count (of `kvks`)."""
    firms = portal_model.read(config, taxonomy=tax)
    wanted = None if kvks is None else set(kvks)
    out = {}
    for kvk, firm in firms.items():
        if wanted is not None and kvk not in wanted:
            continue
        rows = declared_hit_rows(firm, tax)
        if rows:
            digest = declarations_digest(firm)
            assert digest is not None
            out[kvk] = (digest, rows)
    return out


def opted_in(config: Config) -> set[str]:
    """KvK numbers of the firms that opted in to defence-related demand."""
    return portal_model.opted_in(config)


def match_filter(portal: Any, principal: Any) -> set[str] | None:
    """The firms matchmaking may propose to this portal account: a buyer sees only firms that opted
    in or were put forward for one of its demands; an analyst everyone (None: no filter). Pass it as
    `Requirements(firms=...)` to `match_demand` or `build_consortium`."""
    if principal.role == "analyst":
        return None
    if principal.role == "buyer":
        return set(portal.visible_firms(principal))
    return {principal.kvk_number} if principal.kvk_number else set()


def demand_requirements(requirements: dict[str, Any] | None, firms: Iterable[str] | None = None) -> Any:
    """A portal demand's hard requirements (`portal_demand.requirements`) as matchmaking's
    `Requirements`; certifications may be named as the firm would ("AQAP 2110") or by id."""
    from ketenradar.match.matchmaking import Requirements
    from ketenradar.model.taxonomy import builtin

    req = requirements or {}
    lookup = portal_model.indicator_lookup(builtin(), groups=("cert",))
    certs = [portal_model.map_indicator(c, lookup) or c for c in req.get("certifications") or []]
    return Requirements(
        certifications=list(dict.fromkeys(certs)),
        place=req.get("place") or None,
        radius_km=req.get("radius_km"),
        provinces=list(req.get("provinces") or []),
        size_classes=list(req.get("size_classes") or []),
        firms=None if firms is None else set(firms),
    )


def firms_for_demand(
    index: Any, embedder: Any, demand: dict[str, Any], *, firms: Iterable[str] | None = None, limit: int = 20
) -> Any:
    """Matchmaking for a portal demand (`Portal.demand` output): the firms that fit, ranked, with the
    evidence per part. `firms` is the caller's filter (`match_filter`: a buyer's opted-in and
    put-forward firms)."""
    from ketenradar.match.matchmaking import match_demand

    req = demand_requirements(demand.get("requirements"), firms)
    return match_demand(index, demand["text"], embedder, req, limit=limit)


def demands_for_firm(
    index: Any, embedder: Any, demands: list[dict[str, Any]], kvk_number: str
) -> list[dict[str, Any]]:
    """The demands a firm fits, best first: each demand (as given) with `score` and `parts` (per part
    of the demand: its score, the firm's indicators for it and the sentence that shows it). A demand
    whose hard requirements the firm does not meet is left out."""
    from dataclasses import asdict

    from ketenradar.match.matchmaking import match_demand

    out = []
    for demand in demands:
        req = demand_requirements(demand.get("requirements"), [kvk_number])
        try:
            found = match_demand(index, demand["text"], embedder, req, limit=1)
        except InputError:  # a requirement this store cannot evaluate (an unknown place): not a fit
            continue
        if found.results:
            best = found.results[0]
            out.append({"demand": demand, "score": best.score, "parts": [asdict(p) for p in best.parts]})
    return sorted(out, key=lambda r: -r["score"])
