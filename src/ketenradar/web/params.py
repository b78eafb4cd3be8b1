"""Query parameters shared by the search page, the search API and the export.

Numbers arrive as strings so that an empty form field means "no filter" rather than an error; bad
values raise InputError naming the parameter (answered with 422).
"""

from __future__ import annotations

import math

from fastapi import Query

from ketenradar.errors import InputError
from ketenradar.match.search import SearchQuery


def _float(value: str | None, name: str) -> float | None:
    if value is None or not value.strip():
        return None
    try:
        number = float(value.replace(",", "."))
    except ValueError:
        raise InputError(f"not a number: {value!r}", field=name) from None
    if not math.isfinite(number):  # "nan" and "inf" parse, but no score compares with them
        raise InputError(f"not a finite number: {value!r}", field=name)
    return number


def _int(value: str | None, name: str, default: int) -> int:
    if value is None or not value.strip():
        return default
    try:
        return int(value)
    except ValueError:
        raise InputError(f"not a whole number: {value!r}", field=name) from None


def _list(values: list[str] | None) -> list[str]:
    return [v for v in (values or []) if v and v.strip()]


def search_params(
    q: str = Query("", max_length=200, description="words in name, place or website text (prefixes match)"),
    category: list[str] | None = Query(None, description="A, B, C, D or none; repeatable"),
    score_min: str | None = Query(None, description="lowest best-category score (number)"),
    score_max: str | None = Query(None, description="highest best-category score (number)"),
    sbi: str | None = Query(None, description="SBI code prefix, 1-5 digits"),
    province: list[str] | None = Query(None),
    size: list[str] | None = Query(None, description="size class, e.g. 10-49"),
    certification: list[str] | None = Query(None, description="cert.* indicator id; all must hold"),
    process: list[str] | None = Query(None, description="process.* indicator id"),
    market: list[str] | None = Query(None, description="market.* indicator id"),
    technology: list[str] | None = Query(None, description="tech.* indicator id"),
    sort: str = Query(
        "relevance",
        description="relevance, score, a_score, b_score, name, place, province, category, employees",
    ),
    order: str = Query("desc", description="asc or desc"),
    page: str | None = Query(None, description="1-based page"),
    per_page: str | None = Query(None, description="rows per page (1-500, default 25)"),
) -> SearchQuery:
    return SearchQuery(
        q=q or "",
        categories=_list(category),
        score_min=_float(score_min, "score_min"),
        score_max=_float(score_max, "score_max"),
        sbi=(sbi or "").strip() or None,
        provinces=_list(province),
        size_classes=_list(size),
        certifications=_list(certification),
        processes=_list(process),
        markets=_list(market),
        technologies=_list(technology),
        sort=sort or "relevance",
        order=order or "desc",
        page=_int(page, "page", 1),
        per_page=_int(per_page, "per_page", 25),
    )
