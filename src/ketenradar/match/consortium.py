"""Consortium building: required capabilities -> the smallest set of firms that covers them all.

Weighted set cover. Each firm costs 1 plus a fraction below 1/(k+1) that grows as its quality falls
(quality = percentile of its best category score, blended with proximity), so the optimum is first
the smallest set and among those the best one. Exact by ILP (scipy's HiGHS) over the best
candidates per role; greedy when the candidate set is large or the solver fails.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp

from ketenradar.embed.base import Embedder
from ketenradar.errors import InputError
from ketenradar.match.index import FirmIndex
from ketenradar.match.matchmaking import Requirements, evidence_for, part_scores, requirement_mask

CANDIDATES_PER_ROLE = 25
MAX_ILP_VARIABLES = 600


@dataclass
class Candidate:
    kvk_number: str
    name: str
    place: str | None
    category: str | None
    fit: float
    quality: float
    distance_km: float | None
    evidence: str | None = None
    evidence_url: str | None = None


@dataclass
class Role:
    capability: str
    indicators: list[str]
    covered: bool
    member: Candidate | None
    alternatives: list[Candidate] = field(default_factory=list)


@dataclass
class Member:
    kvk_number: str
    name: str
    place: str | None
    province: str | None
    category: str | None
    quality: float
    distance_km: float | None
    roles: list[str]


@dataclass
class ConsortiumResult:
    members: list[Member]
    roles: list[Role]
    uncovered: list[str]
    method: str
    n_candidates: int
    requirements: dict[str, Any]


def role_coverage(
    index: FirmIndex, capabilities: list[str], embedder: Embedder | None
) -> tuple[np.ndarray, np.ndarray, list[list[str]]]:
    """(k, n) fit of each firm to each role and (k, n) whether it covers the role, with role ids."""
    k, n = len(capabilities), index.n
    fit = np.zeros((k, n), dtype=np.float32)
    covers = np.zeros((k, n), dtype=bool)
    ids: list[list[str]] = [[] for _ in capabilities]
    text_roles = []
    for i, cap in enumerate(capabilities):
        if cap in index.indicator_ids or _looks_like_id(cap):
            ids[i] = [cap]
            covers[i] = index.has_indicator(cap)
            fit[i] = covers[i].astype(np.float32)
        else:
            text_roles.append(i)
    if text_roles:
        scores, _sims, terms, _q = part_scores(index, [capabilities[i] for i in text_roles], embedder)
        for j, i in enumerate(text_roles):
            fit[i] = scores[j]
            ids[i] = sorted(terms[j])
            if terms[j]:
                # Stated indicators are the proof of a capability: a firm covers the role when it
                # states every indicator the role's text names.
                have = np.all([index.has_indicator(iid) for iid in terms[j]], axis=0)
                covers[i] = have
            else:
                # Meaning only: the close-to-best firms by similarity.
                top = np.argsort(-scores[j])[:CANDIDATES_PER_ROLE]
                best = float(scores[j, top[0]]) if len(top) else 0.0
                keep = top[scores[j, top] >= best - 0.1]
                covers[i, keep] = scores[j, keep] > 0
    return fit, covers, ids


def _looks_like_id(text: str) -> bool:
    head, _, tail = text.partition(".")
    return bool(tail) and " " not in text and head.isidentifier() and head.islower()


def firm_quality(index: FirmIndex, distance: np.ndarray | None, radius_km: float | None) -> np.ndarray:
    """0..1: percentile of the firm's best category score, blended with proximity when a place is given."""
    score = index.firms["score"].to_numpy(dtype=float)
    pct = np.zeros(index.n)
    ok = ~np.isnan(score)
    if ok.any():
        ranks = score[ok].argsort().argsort()
        pct[ok] = (ranks + 1) / ok.sum()
    if distance is None:
        return pct
    scale = radius_km or 100.0
    prox = 1 - np.clip(np.nan_to_num(distance, nan=scale * 10) / scale, 0, 1)
    return 0.7 * pct + 0.3 * prox


def _solve_ilp(cover: np.ndarray, cost: np.ndarray) -> np.ndarray | None:
    """cover: (roles, candidates) bool. Returns the chosen candidate indices or None."""
    try:
        res = milp(
            c=cost,
            constraints=LinearConstraint(cover.astype(float), lb=np.ones(cover.shape[0]), ub=np.inf),
            integrality=np.ones(len(cost)),
            bounds=Bounds(0, 1),
            options={"time_limit": 2.0},
        )
    except (ValueError, RuntimeError):
        return None
    if res.x is None or not res.success:
        return None
    return np.flatnonzero(res.x > 0.5)


def _solve_greedy(cover: np.ndarray, cost: np.ndarray) -> np.ndarray:
    todo = np.ones(cover.shape[0], dtype=bool)
    chosen: list[int] = []
    while todo.any():
        gain = cover[todo].sum(axis=0) / cost
        best = int(np.argmax(gain))
        if gain[best] <= 0:
            break
        chosen.append(best)
        todo &= ~cover[:, best]
    return np.array(chosen, dtype=np.int64)


def build_consortium(
    index: FirmIndex,
    capabilities: list[str],
    embedder: Embedder | None,
    requirements: Requirements | None = None,
    *,
    alternatives: int = 3,
    method: str = "auto",
) -> ConsortiumResult:
    caps = list(dict.fromkeys(c.strip() for c in capabilities if c and c.strip()))
    if not caps:
        raise InputError("name at least one required capability", field="capabilities")
    if len(caps) > 30:
        raise InputError("at most 30 capabilities", field="capabilities")
    if method not in ("auto", "ilp", "greedy"):
        raise InputError(f"unknown method '{method}' (auto, ilp, greedy)", field="method")
    req = requirements or Requirements()
    mask, distance = requirement_mask(index, req)
    fit, covers, ids = role_coverage(index, caps, embedder)
    covers &= mask[None, :]
    quality = firm_quality(index, distance, req.radius_km)
    k = len(caps)

    # Candidates: the best firms per role by fit and quality; the cover is solved over these only.
    cand: set[int] = set()
    ranked_per_role: list[np.ndarray] = []
    for i in range(k):
        who = np.flatnonzero(covers[i])
        order = who[np.argsort(-(fit[i, who] + 0.5 * quality[who]), kind="stable")]
        ranked_per_role.append(order)
        cand.update(order[:CANDIDATES_PER_ROLE].tolist())
    cand_idx = np.array(sorted(cand), dtype=np.int64)
    coverable = np.array([len(r) > 0 for r in ranked_per_role])
    chosen_pos: list[int] = []
    used = "none"
    if len(cand_idx) and coverable.any():
        cover = covers[np.ix_(coverable, cand_idx)]
        cost = 1.0 + (1.0 - quality[cand_idx]) / (k + 1)
        sel = None
        if method in ("auto", "ilp") and len(cand_idx) <= MAX_ILP_VARIABLES:
            sel, used = _solve_ilp(cover, cost), "ilp"
        if sel is None:
            sel, used = _solve_greedy(cover, cost), "greedy"
        chosen_pos = cand_idx[sel].tolist()

    def candidate(pos: int, role: int) -> Candidate:
        ev, url = evidence_for(index, pos, caps[role], ids[role])
        return Candidate(
            kvk_number=index.value(pos, "kvk_number"),
            name=index.value(pos, "name"),
            place=index.value(pos, "place"),
            category=index.value(pos, "category"),
            fit=round(float(fit[role, pos]), 4),
            quality=round(float(quality[pos]), 4),
            distance_km=None
            if distance is None or np.isnan(distance[pos])
            else round(float(distance[pos]), 1),
            evidence=ev,
            evidence_url=url,
        )

    roles: list[Role] = []
    member_roles: dict[int, list[str]] = {p: [] for p in chosen_pos}
    chosen_set = set(chosen_pos)
    for i, cap in enumerate(caps):
        order = ranked_per_role[i]
        in_set = [p for p in order.tolist() if p in chosen_set]
        if not in_set:
            roles.append(Role(capability=cap, indicators=ids[i], covered=False, member=None))
            continue
        who = in_set[0]
        member_roles[who].append(cap)
        alts = [
            candidate(p, i)
            for p in [p for p in order[: alternatives + 1].tolist() if p != who][:alternatives]
        ]
        roles.append(
            Role(capability=cap, indicators=ids[i], covered=True, member=candidate(who, i), alternatives=alts)
        )

    members = [
        Member(**index.heading(p, distance), quality=round(float(quality[p]), 4), roles=member_roles[p])
        for p in chosen_pos
        if member_roles[p]
    ]
    members.sort(key=lambda m: (-len(m.roles), -m.quality))
    return ConsortiumResult(
        members=members,
        roles=roles,
        uncovered=[r.capability for r in roles if not r.covered],
        method=used,
        n_candidates=int(len(cand_idx)),
        requirements={k: v for k, v in req.as_dict().items() if k != "categories"},
    )
