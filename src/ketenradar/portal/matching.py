"""Matching both ways: firms for a demand (the buyer's and analyst's side), demands for a firm (the firm's).

Both directions use the dashboard's matchmaking (`ketenradar.match.matchmaking.match_demand`) and
consortium builder over the analytic store's firm index, so a demand posted in the portal is ranked
exactly as the same text typed on `/match`. One ranking per demand is computed and cached until the
demand's text or requirements change or the index is reloaded:

- a buyer sees the ranking filtered to the firms it may see (opted in, or put forward by an analyst);
- an analyst sees the whole ranking, with who opted in, to put firms forward;
- a firm sees the demands that fit it: it meets the hard requirements and is among the best
  `FIT_LIMIT` firms overall, or among the best `PROPOSALS` of the firms the buyer may see (so a firm the
  buyer is proposed always sees the demand as fitting). Ranked by its own score, with the parts of the
  demand it fits and the evidence sentence for each.

A ranking covers at most `RANK_LIMIT` firms (evidence is looked up for each ranked firm: about 0.2 s
for 300 firms on the demo machine, computed once per demand).
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
from ketenradar.match.matchmaking import MatchResult, Requirements, match_demand

FIT_LIMIT = 50
"""A firm 'fits' a demand when it is among this many best-ranked firms meeting the hard requirements..."""
PROPOSALS = 20
"""... or among this many best-ranked firms the buyer may see; also the length of a buyer's proposals."""
RANK_LIMIT = 5000
CONSORTIUM_ALTERNATIVES = 10


def requirements_of(demand: dict[str, Any]) -> Requirements:
    req = demand.get("requirements") or {}
    return Requirements(
        certifications=list(req.get("certifications") or []),
        place=req.get("place") or None,
        radius_km=req.get("radius_km"),
        provinces=list(req.get("provinces") or []),
        size_classes=list(req.get("size_classes") or []),
    )


class DemandMatcher:
    """Rankings of firms per demand over `source()` = (firm index, query embedder)."""

    def __init__(self, source: Callable[[], tuple[FirmIndex, Embedder | None]]) -> None:
        self._source = source
        self._lock = threading.Lock()
        self._cache: dict[tuple[Any, ...], MatchResult] = {}

    def index(self) -> FirmIndex:
        return self._source()[0]

    def ranking(self, demand: dict[str, Any]) -> MatchResult:
        index, embedder = self._source()
        key = (
            id(index),
            demand["id"],
            demand["text"],
            json.dumps(demand.get("requirements"), sort_keys=True),
        )
        with self._lock:
            got = self._cache.get(key)
        if got is not None:
            return got
        try:
            got = match_demand(index, demand["text"], embedder, requirements_of(demand), limit=RANK_LIMIT)
        except InputError as exc:  # e.g. a place the index does not know: no firm meets it
            got = MatchResult(demand["text"], [], {}, 0, [], [str(exc)])
        with self._lock:
            if len(self._cache) > 1000:
                self._cache.clear()
            self._cache[key] = got
        return got

    def names(self, kvk_numbers: list[str]) -> dict[str, str]:
        index = self.index()
        return {k: str(index.value(index.pos[k], "name")) for k in kvk_numbers if k in index.pos}

    def proposals(
        self, demand: dict[str, Any], allowed: set[str] | None, limit: int = PROPOSALS
    ) -> dict[str, Any]:
        """Ranked firms for the demand; only those in `allowed` (None: all, for analysts)."""
        res = self.ranking(demand)
        firms = [asdict(m) for m in res.results if allowed is None or m.kvk_number in allowed][:limit]
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
        """The consortium builder over the demand's capabilities; each role filled by an allowed firm."""
        caps = list((demand.get("requirements") or {}).get("capabilities") or [])
        if not caps:
            caps = [p["text"] for p in self.ranking(demand).parts]
        if not caps:
            return None
        index, embedder = self._source()
        res = build_consortium(
            index, caps, embedder, requirements_of(demand), alternatives=CONSORTIUM_ALTERNATIVES
        )
        roles = []
        for role in res.roles:
            options = [c for c in [role.member, *role.alternatives] if c is not None]
            if allowed is not None:
                options = [c for c in options if c.kvk_number in allowed]
            roles.append(
                {
                    "capability": role.capability,
                    "indicators": role.indicators,
                    "member": asdict(options[0]) if options else None,
                    "alternatives": [asdict(c) for c in options[1:4]],
                }
            )
        members = sorted({r["member"]["kvk_number"] for r in roles if r["member"]})
        return {"roles": roles, "members": members, "method": res.method}

    def fits_for_firm(
        self, demands: list[dict[str, Any]], kvk_number: str, peers: set[str] | None = None
    ) -> list[dict[str, Any]]:
        """Each demand with this firm's place in its ranking and why; fitting ones first, best first.

        `peers`: the firms a buyer may see (opted in); with them a firm also fits when it is among the
        best `PROPOSALS` of those, i.e. when the buyer is proposed it.
        """
        out = []
        for d in demands:
            res = self.ranking(d)
            mine = next(((r, m) for r, m in enumerate(res.results, 1) if m.kvk_number == kvk_number), None)
            fit: dict[str, Any] = {
                "fits": False,
                "meets_requirements": mine is not None,
                "n_candidates": res.n_candidates,
            }
            if mine is not None:
                rank, m = mine
                among = None
                if peers is not None:
                    visible = [
                        x.kvk_number
                        for x in res.results
                        if x.kvk_number in peers or x.kvk_number == kvk_number
                    ]
                    among = visible.index(kvk_number) + 1
                fit.update(
                    # Among the buyer's proposals counts only with some evidence for a part of the demand.
                    fits=rank <= FIT_LIMIT
                    or (
                        among is not None
                        and among <= PROPOSALS
                        and any(p.indicators or p.evidence for p in m.parts)
                    ),
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
                    requirements=res.requirements,
                )
            out.append({**d, "fit": fit})
        return sorted(out, key=lambda d: (not d["fit"]["fits"], -d["fit"].get("score", 0.0), d["id"]))


def index_source(ctx: Any) -> Callable[[], tuple[FirmIndex, Embedder | None]]:
    """The dashboard's `WebContext` as a matcher source."""
    return lambda: (ctx.index, ctx.embedder())
