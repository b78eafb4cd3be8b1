"""Matching both ways: firms for a demand (the buyer's and analyst's side), demands for a firm (the firm's).

Both directions use the dashboard's matchmaking (`match_demand`, through `portal.source.firms_for_demand`,
which also reads certificates named as a firm would, "AQAP 2110") and the consortium builder over the
analytic store's firm index, so a demand posted in the portal is ranked
exactly as the same text typed on `/match`. One ranking per demand is computed and cached until the
demand's text or requirements change or the index is reloaded:

- a buyer sees the ranking filtered to the firms it may see (opted in, or put forward by an analyst);
- an analyst sees the whole ranking, with who opted in, to put firms forward;
- a firm sees the demands that fit it: it meets the hard requirements and is among the best
  `FIT_LIMIT` firms overall, or among the best `PROPOSALS` of the firms the buyer may see (so a firm the
  buyer is proposed always sees the demand as fitting). Ranked by its own score, with the parts of the
  demand it fits and the evidence sentence for each.

Rankings are cached per demand, set of firms and length; the set of firms a buyer may see is passed to
the matchmaking as `Requirements.firms`, so a buyer's proposals and consortium are built from those
firms only.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from dataclasses import asdict
from typing import Any

from ketenradar.embed.base import Embedder
from ketenradar.errors import InputError
from ketenradar.match.consortium import build_consortium
from ketenradar.match.index import FirmIndex
from ketenradar.match.matchmaking import MatchResult
from ketenradar.portal.source import demand_requirements, firms_for_demand

FIT_LIMIT = 50
"""A firm 'fits' a demand when it is among this many best-ranked firms meeting the hard requirements..."""
PROPOSALS = 20
"""... or among this many best-ranked firms the buyer may see; also the length of a buyer's proposals."""
CONSORTIUM_ALTERNATIVES = 10


class DemandMatcher:
    """Rankings of firms per demand over `source()` = (firm index, query embedder)."""

    def __init__(self, source: Callable[[], tuple[FirmIndex, Embedder | None]]) -> None:
        self._source = source
        self._lock = threading.Lock()
        self._cache: dict[tuple[Any, ...], MatchResult] = {}

    def index(self) -> FirmIndex:
        return self._source()[0]

    def ranking(
        self, demand: dict[str, Any], firms: set[str] | frozenset[str] | None = None, limit: int = FIT_LIMIT
    ) -> MatchResult:
        """The matchmaking's ranking of the demand over `firms` (None: all), best `limit` (cached)."""
        index, embedder = self._source()
        only = None if firms is None else frozenset(firms)
        req_key = json.dumps(demand.get("requirements"), sort_keys=True)
        key = (id(index), demand["id"], demand["text"], req_key, only, limit)
        with self._lock:
            got = self._cache.get(key)
        if got is not None:
            return got
        try:
            got = firms_for_demand(index, embedder, demand, firms=only, limit=limit)
        except InputError as exc:  # e.g. a place the index does not know: no firm meets it
            got = MatchResult(demand["text"], [], {}, 0, [], [str(exc)])
        with self._lock:
            if len(self._cache) > 2000:
                self._cache.clear()
            self._cache[key] = got
        return got

    def names(self, kvk_numbers: list[str]) -> dict[str, str]:
        index = self.index()
        return {k: str(index.value(index.pos[k], "name")) for k in kvk_numbers if k in index.pos}

    def proposals(
        self, demand: dict[str, Any], allowed: set[str] | None, limit: int = PROPOSALS
    ) -> dict[str, Any]:
        """Ranked firms for the demand among `allowed` (None: all firms, for analysts)."""
        res = self.ranking(demand, allowed, limit)
        firms = [asdict(m) for m in res.results]
        for rank, m in enumerate(firms, 1):
            m["rank"] = rank
        return {
            "parts": res.parts,
            "requirements": res.requirements,
            "n_candidates": res.n_candidates,
            "notes": res.notes,
            "firms": firms,
        }

    def consortium(self, demand: dict[str, Any], allowed: set[str] | None) -> dict[str, Any] | None:
        """The consortium builder over the demand's capabilities (or its parts), among `allowed` firms."""
        caps = list((demand.get("requirements") or {}).get("capabilities") or [])
        if not caps:
            caps = [p["text"] for p in self.ranking(demand, allowed, PROPOSALS).parts]
        if not caps:
            return None
        index, embedder = self._source()
        only = None if allowed is None else frozenset(allowed)
        res = build_consortium(
            index,
            caps,
            embedder,
            demand_requirements(demand.get("requirements"), only),
            alternatives=CONSORTIUM_ALTERNATIVES,
        )
        roles = [
            {
                "capability": role.capability,
                "indicators": role.indicators,
                "member": asdict(role.member) if role.member else None,
                "alternatives": [asdict(c) for c in role.alternatives[:3]],
            }
            for role in res.roles
        ]
        return {"roles": roles, "members": [m.kvk_number for m in res.members], "method": res.method}

    def fits_for_firm(
        self, demands: list[dict[str, Any]], kvk_number: str, peers: set[str] | None = None
    ) -> list[dict[str, Any]]:
        """Each demand with this firm's place in its ranking and why; fitting ones first, best first.

        `peers`: the firms a buyer may see (opted in); with them a firm also fits when it is among the
        best `PROPOSALS` of those, i.e. when the buyer is proposed it.
        """
        out = []
        for d in demands:
            alone = self.ranking(d, {kvk_number}, 1)  # does it meet the hard requirements, and why
            fit: dict[str, Any] = {
                "fits": False,
                "meets_requirements": bool(alone.results),
                "n_candidates": self.ranking(d).n_candidates,
            }
            if alone.results:
                m = alone.results[0]
                best = [x.kvk_number for x in self.ranking(d).results]
                rank = best.index(kvk_number) + 1 if kvk_number in best else None
                among = None
                if peers is not None:
                    visible = [x.kvk_number for x in self.ranking(d, peers | {kvk_number}, PROPOSALS).results]
                    among = visible.index(kvk_number) + 1 if kvk_number in visible else None
                evidence = any(p.indicators or p.evidence for p in m.parts)
                fit.update(
                    # Among the buyer's proposals counts only with some evidence for a part of the demand.
                    fits=rank is not None or (among is not None and evidence),
                    rank=rank,
                    rank_among_visible=among,
                    score=m.score,
                    distance_km=m.distance_km,
                    why=[
                        {
                            "part": pm.part,
                            "score": pm.score,
                            "indicators": pm.indicators,
                            "evidence": pm.evidence,
                            "evidence_url": pm.evidence_url,
                        }
                        for pm in m.parts
                    ],
                    requirements=alone.requirements,
                )
            out.append({**d, "fit": fit})
        return sorted(out, key=lambda d: (not d["fit"]["fits"], -d["fit"].get("score", 0.0), d["id"]))


def index_source(ctx: Any) -> Callable[[], tuple[FirmIndex, Embedder | None]]:
    """The dashboard's `WebContext` as a matcher source."""
    return lambda: (ctx.index, ctx.embedder())
