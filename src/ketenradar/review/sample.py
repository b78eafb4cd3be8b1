"""A review sample built for estimation: stratified by category x score band, known inclusion
probabilities; plus an optional active-learning batch that is flagged and kept out of the estimate.

Design. Within each requested category the firms are cut into score bands (tertiles of the score that
decides the category: the A-score for C, the B-score for D). The sample size is split evenly over the
categories (each category's precision is a target of its own), and within a category over its bands in
proportion to their size, at least two per band so that every stratum has a variance. Every firm of
stratum h then has inclusion probability n_h / N_h, stored with the sample, so the precision of the
category can be estimated without bias however the bands are allocated (review/estimate.py).

Active batch. Firms whose verdict teaches most are those the scorer is least sure of: the firms of the
category whose score lies closest to its threshold (uncertainty sampling among the predicted members; a
verdict on them changes the category at once, review/labels.py). They are chosen, not drawn, so they
carry no inclusion probability and never enter the unbiased estimate. Firms already reviewed are
skipped, so each round's batch is new.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

import numpy as np
import pandas as pd

from ketenradar.errors import InputError
from ketenradar.review.store import ReviewStore, now
from ketenradar.store import Store

TARGET_OF = {"C": "A", "D": "B"}
SCORE_OF = {"C": "a_score", "D": "b_score"}
BANDS = ("low", "mid", "high")
REVIEWABLE = tuple(TARGET_OF)


@dataclass
class Sample:
    sample_id: str
    score_run_id: str
    firms: pd.DataFrame  # sample_firms rows
    population: dict[str, int]  # firms per category in the score run


def latest_scores(store: Store) -> tuple[str, pd.DataFrame, dict[str, float]]:
    """(run_id, scores of the latest score run, {target: threshold} of its chosen method)."""
    from ketenradar.model import reviews
    from ketenradar.model.scores import latest_run as latest_score_run

    run_id = latest_score_run(store)
    if run_id is None:
        raise InputError("no score run in the store yet: run `ketenradar score` first")
    scores = reviews.run_scores(store, run_id).drop(columns="reasons")
    method = scores.method.iloc[0] if len(scores) else None
    found = reviews.run_thresholds(store, run_id, method)
    thresholds = {t: float(v) for t, v in zip(found.target, found.threshold, strict=True)}
    # A store filled without a thresholds table: the lowest score that still made the category.
    for cat, target in TARGET_OF.items():
        if target not in thresholds:
            inside = scores.loc[scores.category == cat, SCORE_OF[cat]]
            thresholds[target] = float(inside.min()) if len(inside) else float("nan")
    return run_id, scores, thresholds


def bands(values: pd.Series) -> pd.Series:
    """Score tertiles within a category (fewer bands when there are few distinct scores)."""
    ranks = values.rank(method="first")
    k = min(len(BANDS), max(1, len(values) // 6))
    cut = np.ceil(ranks / len(values) * k).astype(int).clip(1, k) - 1
    names = BANDS if k == 3 else (("low", "high") if k == 2 else ("all",))
    return cut.map(lambda i: names[i])


def allocate(sizes: dict[str, int], n: int, minimum: int = 2) -> dict[str, int]:
    """Proportional allocation of n over strata, at least `minimum` each (capped at the stratum)."""
    total = sum(sizes.values())
    if total == 0:
        return {h: 0 for h in sizes}
    if n >= total:
        return dict(sizes)
    alloc = {h: min(N, max(minimum, int(round(n * N / total)))) for h, N in sizes.items()}
    # Correct rounding: take from / give to the largest strata until the total is n.
    order = sorted(sizes, key=lambda h: -sizes[h])
    while sum(alloc.values()) > n:
        for h in order:
            if sum(alloc.values()) <= n:
                break
            if alloc[h] > min(minimum, sizes[h]):
                alloc[h] -= 1
        else:
            break
    while sum(alloc.values()) < n:
        grew = False
        for h in order:
            if sum(alloc.values()) >= n:
                break
            if alloc[h] < sizes[h]:
                alloc[h] += 1
                grew = True
        if not grew:
            break
    return alloc


def draw(
    scores: pd.DataFrame,
    categories: list[str],
    n: int,
    rng: np.random.Generator,
) -> tuple[pd.DataFrame, dict[str, int]]:
    """The random, stratified part: one row per drawn firm with its stratum and inclusion probability."""
    per_cat = allocate({c: int((scores.category == c).sum()) for c in categories}, n, minimum=0)
    # Even split over categories (each category's precision is its own target), capped at its size.
    even = {c: min(int((scores.category == c).sum()), n // len(categories)) for c in categories}
    left = n - sum(even.values())
    for c in sorted(categories, key=lambda c: -per_cat[c]):
        extra = min(left, int((scores.category == c).sum()) - even[c])
        even[c] += extra
        left -= extra
    rows = []
    population = {}
    for cat in categories:
        members = scores[scores.category == cat].copy()
        population[cat] = len(members)
        if members.empty or even[cat] == 0:
            continue
        members["band"] = bands(members[SCORE_OF[cat]])
        sizes = members.groupby("band").size().to_dict()
        alloc = allocate(sizes, even[cat])
        for band, group in members.groupby("band"):
            k = alloc[band]
            if k == 0:
                continue
            chosen = group.iloc[np.sort(rng.choice(len(group), size=k, replace=False))]
            for _, firm in chosen.iterrows():
                rows.append(
                    {
                        "kvk_number": firm.kvk_number,
                        "category": cat,
                        "stratum": f"{cat}:{band}",
                        "band": band,
                        "stratum_size": len(group),
                        "stratum_sample": k,
                        "inclusion_prob": k / len(group),
                        "active": 0,
                        "score": float(firm[SCORE_OF[cat]]),
                    }
                )
    return pd.DataFrame(rows), population


def active_batch(
    scores: pd.DataFrame,
    thresholds: dict[str, float],
    categories: list[str],
    k: int,
    exclude: set[str],
) -> pd.DataFrame:
    """The k firms of the categories closest to their threshold (least certain), not yet reviewed."""
    if k <= 0:
        return pd.DataFrame()
    candidates = []
    for cat in categories:
        target = TARGET_OF[cat]
        thr = thresholds.get(target, float("nan"))
        if not np.isfinite(thr):
            continue
        # Among the firms the category holds: a verdict there changes the category at once (a
        # rejected firm leaves it), and the least certain of them are the likeliest mistakes.
        pool = scores[(scores.category == cat) & ~scores.kvk_number.isin(exclude)].copy()
        pool["distance"] = (pool[SCORE_OF[cat]] - thr).abs()
        pool["for_category"] = cat
        candidates.append(pool)
    if not candidates:
        return pd.DataFrame()
    pool = pd.concat(candidates).sort_values(["distance", "kvk_number"])
    pool = pool.drop_duplicates("kvk_number").head(k)
    return pd.DataFrame(
        {
            "kvk_number": pool.kvk_number,
            "category": pool.category.where(pool.category.notna(), None),
            "stratum": None,
            "band": None,
            "stratum_size": None,
            "stratum_sample": None,
            "inclusion_prob": None,
            "active": 1,
            "score": [float(getattr(r, SCORE_OF[r.for_category])) for r in pool.itertuples()],
        }
    )


def _plain(value: object) -> object:
    """A value sqlite3 can bind: numpy scalars to Python, NaN to NULL."""
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and np.isnan(value):
        return None
    return value


def build_sample(
    store: Store,
    review: ReviewStore,
    *,
    n: int,
    categories: list[str],
    active: int = 0,
    seed: int | None = None,
    lang: str = "nl",
    path: str | None = None,
) -> Sample:
    """Draw a sample from the latest score run and record it (with its design) in the review store."""
    bad = [c for c in categories if c not in REVIEWABLE]
    if bad or not categories:
        raise InputError(
            f"categories to review must be among {', '.join(REVIEWABLE)} (got {', '.join(categories) or 'none'})",
            field="--category",
        )
    if n < 0 or active < 0 or n + active == 0:
        raise InputError("ask for at least one firm: --n and --active must be >= 0, not both 0", field="--n")
    categories = list(dict.fromkeys(categories))
    seed = int(seed if seed is not None else datetime.now().timestamp())
    rng = np.random.default_rng(seed)
    run_id, scores, thresholds = latest_scores(store)
    random_part, population = draw(scores, categories, n, rng)
    reviewed = set(review.current_verdicts().kvk_number)
    taken = set(random_part.kvk_number) if len(random_part) else set()
    active_part = active_batch(scores, thresholds, categories, active, taken | reviewed)
    firms = pd.concat([f for f in (random_part, active_part) if len(f)], ignore_index=True)
    if firms.empty:
        raise InputError(f"no firms in categories {', '.join(categories)} in score run {run_id}")
    sample_id = f"{datetime.now():%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:6]}"
    firms.insert(0, "sample_id", sample_id)
    with review.transaction() as con:
        con.execute(
            "INSERT INTO samples VALUES (?,?,?,?,?,?,?,?,?)",
            [
                sample_id,
                now(),
                run_id,
                ",".join(categories),
                len(random_part),
                len(active_part),
                seed,
                lang,
                path,
            ],
        )
        con.executemany(
            "INSERT INTO sample_firms VALUES (?,?,?,?,?,?,?,?,?,?)",
            [
                tuple(_plain(v) for v in row)
                for row in firms[
                    [
                        "sample_id", "kvk_number", "category", "stratum", "band", "stratum_size",
                        "stratum_sample", "inclusion_prob", "active", "score",
                    ]
                ].itertuples(index=False, name=None)
            ],
        )  # fmt: skip
    return Sample(sample_id, run_id, firms, population)
