"""Full-text search with filters over the cached FirmIndex: the dashboard's search page and API."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ketenradar.errors import InputError
from ketenradar.match.index import FirmIndex
from ketenradar.model.geo import canonical_province
from ketenradar.model.text import fold
from ketenradar.resolve.normalise import SIZE_CLASSES

SORT_KEYS = ("relevance", "score", "a_score", "b_score", "name", "place", "province", "category", "employees")
CATEGORIES = ("A", "B", "C", "D", "none")
RESULT_COLUMNS = [
    "kvk_number",
    "name",
    "place",
    "province",
    "size_class",
    "employees",
    "sbi_main",
    "category",
    "a_score",
    "b_score",
    "score",
    "website",
]


@dataclass
class SearchQuery:
    q: str = ""
    categories: list[str] = field(default_factory=list)
    score_min: float | None = None
    score_max: float | None = None
    sbi: str | None = None
    provinces: list[str] = field(default_factory=list)
    size_classes: list[str] = field(default_factory=list)
    certifications: list[str] = field(default_factory=list)
    processes: list[str] = field(default_factory=list)
    markets: list[str] = field(default_factory=list)
    technologies: list[str] = field(default_factory=list)
    sort: str = "relevance"
    order: str = "desc"
    page: int = 1
    per_page: int = 25


@dataclass
class SearchResult:
    total: int
    page: int
    per_page: int
    rows: pd.DataFrame


def _check_ids(index: FirmIndex, values: list[str], group: str, fieldname: str) -> None:
    for v in values:
        if not v.startswith(group + "."):
            raise InputError(f"'{v}' is not a {group} indicator id ({group}.<name>)", field=fieldname)
        if v not in index.indicator_ids:  # taxonomy ids and the ids found in the store
            known = ", ".join(i for i in index.indicator_ids if i.startswith(group + "."))
            raise InputError(f"unknown {fieldname} {v!r} (known: {known})", field=fieldname)


def filter_mask(index: FirmIndex, sq: SearchQuery) -> np.ndarray:
    f = index.firms
    mask = np.ones(index.n, dtype=bool)
    if sq.categories:
        bad = [c for c in sq.categories if c not in CATEGORIES]
        if bad:
            raise InputError(f"unknown category {bad[0]!r} (A, B, C, D, none)", field="category")
        cats = f["category"].fillna("none")
        mask &= cats.isin(sq.categories).to_numpy()
    score = f["score"].to_numpy(dtype=float)
    if sq.score_min is not None:
        mask &= np.nan_to_num(score, nan=-np.inf) >= sq.score_min
    if sq.score_max is not None:
        mask &= np.nan_to_num(score, nan=np.inf) <= sq.score_max
    if sq.sbi:
        if not re.fullmatch(r"\d{1,5}", sq.sbi):
            raise InputError(f"SBI code must be 1 to 5 digits, got {sq.sbi!r}", field="sbi")
        mask &= index.sbi_text.str.contains(" " + sq.sbi, regex=False).to_numpy()
    if sq.provinces:
        provs = []
        for p in sq.provinces:
            c = canonical_province(p)
            if c is None:
                raise InputError(f"unknown province {p!r}", field="province")
            provs.append(c)
        mask &= f["province"].isin(provs).to_numpy()
    if sq.size_classes:
        bad = [s for s in sq.size_classes if s not in SIZE_CLASSES]
        if bad:
            raise InputError(f"unknown size class {bad[0]!r} ({', '.join(SIZE_CLASSES)})", field="size")
        mask &= f["size_class"].isin(sq.size_classes).to_numpy()
    for values, group, name in (
        (sq.certifications, "cert", "certification"),
        (sq.processes, "process", "process"),
        (sq.markets, "market", "market"),
        (sq.technologies, "tech", "technology"),
    ):
        _check_ids(index, values, group, name)
        for v in values:
            mask &= index.has_indicator(v)
    return mask


def relevance(index: FirmIndex, q: str) -> np.ndarray | None:
    """Per firm: sum over query words of 3 (in name/place) or 1 (in website text); -1 if a word is missing."""
    words = [w for w in re.findall(r"\w+", fold(q)) if len(w) >= 2]
    if not words:
        return None
    rel = np.zeros(index.n, dtype=np.float32)
    all_found = np.ones(index.n, dtype=bool)
    for w in words:
        name_hit = index.names.prefix_hits(w)
        doc_hit = index.documents.prefix_hits(w)
        all_found &= (name_hit + doc_hit) > 0
        rel += 3 * name_hit + doc_hit
    return np.where(all_found, rel, -1.0)


def ordered(index: FirmIndex, sq: SearchQuery) -> pd.DataFrame:
    """Every matching firm, sorted as asked."""
    if sq.sort not in SORT_KEYS:
        raise InputError(f"unknown sort key {sq.sort!r} ({', '.join(SORT_KEYS)})", field="sort")
    if sq.order not in ("asc", "desc"):
        raise InputError("order must be asc or desc", field="order")
    mask = filter_mask(index, sq)
    rel = relevance(index, sq.q)
    if rel is not None:
        mask &= rel >= 0
    sel = np.flatnonzero(mask)
    rows = index.firms.iloc[sel][RESULT_COLUMNS].copy()
    rows["relevance"] = rel[sel] if rel is not None else 0.0
    key = sq.sort
    if key == "relevance" and rel is None:
        key = "score"
    ascending = sq.order == "asc"
    sort_col = rows[key].fillna("~") if key == "category" else rows[key]
    return (
        rows.assign(_k=sort_col)
        .sort_values(
            ["_k", "score", "name"], ascending=[ascending, False, True], na_position="last", kind="stable"
        )
        .drop(columns="_k")
    )


def search(index: FirmIndex, sq: SearchQuery) -> SearchResult:
    if sq.page < 1:
        raise InputError("page starts at 1", field="page")
    if not 1 <= sq.per_page <= 500:
        raise InputError("per_page must be between 1 and 500", field="per_page")
    rows = ordered(index, sq)
    start = (sq.page - 1) * sq.per_page
    return SearchResult(
        total=len(rows), page=sq.page, per_page=sq.per_page, rows=rows.iloc[start : start + sq.per_page]
    )
