"""Measured precision per category from the random part of a review sample.

Stratified estimator with inclusion weights. In stratum h (category x score band) N_h firms, n_h drawn
(inclusion probability n_h / N_h), m_h of them answered juist/onjuist ("weet niet" and unanswered
firms are treated as missing at random within their stratum). With W_h = N_h / N and p_h the share
answered juist:

    p = sum_h W_h p_h,        var(p) = sum_h W_h^2 (1 - m_h / N_h) s_h^2 / m_h,
    s_h^2 = p_h (1 - p_h) m_h / (m_h - 1).

The 95% interval is Wilson's, taken at the design's effective sample size n_eff = m / deff, with the
design effect deff = var(p) / var_srs(p) (Kish; var_srs = p (1 - p) / (m - 1)): for a simple random sample (one stratum, no finite-population correction) that is exactly
Wilson's interval; when p is 0 or 1 the variance is 0 and n_eff falls back to the number answered, so
the interval never collapses to a point it cannot back. Strata without any answer are left out and the
others reweighted; the result then says `complete: false`.

Active-learning firms are never in this estimate: they were chosen, not drawn.
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from ketenradar.review.store import CATEGORY_QUESTION, ReviewStore

Z95 = 1.959963984540054


def wilson(p: float, n: float, z: float = Z95) -> tuple[float, float]:
    if n <= 0:
        return 0.0, 1.0
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z / denom * math.sqrt(max(p * (1 - p) / n + z * z / (4 * n * n), 0.0))
    return max(0.0, centre - half), min(1.0, centre + half)


def stratified(strata: pd.DataFrame) -> dict[str, Any] | None:
    """strata: one row per stratum with N (size) and the answered 0/1 values as list `y`."""
    answered = strata[strata.y.map(len) > 0]
    if answered.empty:
        return None
    total = float(answered.N.sum())
    p = 0.0
    var = 0.0
    census = True
    for row in answered.itertuples():
        m = len(row.y)
        w = row.N / total
        ph = sum(row.y) / m
        s2 = ph * (1 - ph) * m / (m - 1) if m > 1 else 0.25
        fpc = max(0.0, 1 - m / row.N)
        census = census and fpc == 0
        p += w * ph
        var += w * w * fpc * s2 / m
    m_total = int(answered.y.map(len).sum())
    if census:
        low = high = p
        n_eff = float(m_total)
    else:
        # Design effect against a simple random sample of the same size (same variance convention),
        # so that one stratum without finite-population correction gives n_eff = m: plain Wilson.
        var_srs = p * (1 - p) / (m_total - 1) if m_total > 1 else 0.0
        n_eff = m_total * var_srs / var if var > 0 and var_srs > 0 else float(m_total)
        low, high = wilson(p, n_eff)
    return {
        "precision": p,
        "low": low,
        "high": high,
        "n_eff": n_eff,
        "reviewed": m_total,
        "strata": int(len(strata)),
        "strata_answered": int(len(answered)),
        "complete": len(answered) == len(strata),
        "method": "wilson" if len(strata) == 1 else "stratified",
    }


def design(
    review: ReviewStore, category: str, sample_id: str | None = None
) -> tuple[str | None, pd.DataFrame]:
    """(sample id, its random-part firms in `category` with their current answer to the category's
    question: 1 juist, 0 onjuist, None otherwise). The latest sample with an answer is used."""
    question = CATEGORY_QUESTION[category]
    firms = review.df(
        "SELECT f.*, s.created_at FROM sample_firms f JOIN samples s USING (sample_id) "
        "WHERE f.active = 0 AND f.category = ?",
        [category],
    )
    if firms.empty:
        return None, firms
    verdicts = review.current_verdicts()
    verdicts = verdicts[verdicts.question == question][["kvk_number", "answer"]]
    firms = firms.merge(verdicts, on="kvk_number", how="left")
    firms["y"] = firms.answer.map({"yes": 1, "no": 0})
    if sample_id is None:
        with_answers = firms[firms.y.notna()]
        if with_answers.empty:
            return None, firms.iloc[0:0]
        sample_id = with_answers.sort_values(["created_at", "sample_id"]).sample_id.iloc[-1]
    return sample_id, firms[firms.sample_id == sample_id]


def measured(review: ReviewStore, categories: tuple[str, ...] = ("C", "D")) -> dict[str, dict[str, Any]]:
    """Per category: reviewed, precision, low, high, the estimated number of true firms, and the design.

    Empty when no firm of the category's random sample has a verdict yet."""
    out: dict[str, dict[str, Any]] = {}
    for cat in categories:
        sample_id, firms = design(review, cat)
        if sample_id is None or firms.empty:
            continue
        strata = (
            firms.groupby("stratum")
            .agg(N=("stratum_size", "first"), y=("y", lambda s: [int(v) for v in s.dropna()]))
            .reset_index()
        )
        est = stratified(strata)
        if est is None:
            continue
        population = int(strata.N.sum())
        unknown = review.df(
            "SELECT count(*) AS n FROM verdicts v JOIN (SELECT kvk_number, question, max(verdict_id) AS last "
            "FROM verdicts GROUP BY 1, 2) m ON v.verdict_id = m.last "
            "WHERE v.question = ? AND v.answer = 'unknown' AND v.kvk_number IN "
            "(SELECT kvk_number FROM sample_firms WHERE sample_id = ? AND active = 0 AND category = ?)",
            [CATEGORY_QUESTION[cat], sample_id, cat],
        ).n.iloc[0]
        score_run = review.scalar("SELECT score_run_id FROM samples WHERE sample_id = ?", [sample_id])
        out[cat] = {
            **{k: (round(v, 4) if isinstance(v, float) else v) for k, v in est.items()},
            "unknown": int(unknown),
            "population": population,
            "true_firms": round(est["precision"] * population, 1),
            "true_low": round(est["low"] * population, 1),
            "true_high": round(est["high"] * population, 1),
            "sample_id": sample_id,
            "score_run_id": score_run,
            "question": CATEGORY_QUESTION[cat],
        }
    return out


def table(figures: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows for the CLI: one per category, short columns."""
    return [
        {
            "cat": cat,
            "reviewed": f["reviewed"],
            "precision": f["precision"],
            "95% low": f["low"],
            "95% high": f["high"],
            "true firms": f["true_firms"],
            "of": f["population"],
        }
        for cat, f in figures.items()
    ]
