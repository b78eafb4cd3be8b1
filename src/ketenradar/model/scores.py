"""The `scores`, `score_runs` and `thresholds` tables (written by the score stage).

`latest_run` is the one definition of "the latest score run" that the report, the dashboard, the
API and the evaluators use.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from ketenradar.model._db import frame, rows

COLUMNS = (
    "kvk_number",
    "run_id",
    "category",
    "a_score",
    "b_score",
    "method",
    "model",
    "a_similarity",
    "b_similarity",
    "a_classifier",
    "b_classifier",
    "reasons",
)


def latest_run(db: Any) -> str | None:
    """The run id of the newest `score` run that finished ok and wrote scores.

    A store filled by other means (an import, a test) has scores without a run record: then the
    newest run id in `scores` that no run record calls failed.
    """
    found = rows(
        db,
        "SELECT r.run_id FROM runs r WHERE r.command = 'score' AND r.status = 'ok' "
        "AND EXISTS (SELECT 1 FROM scores s WHERE s.run_id = r.run_id) "
        "ORDER BY r.started_at DESC, r.run_id DESC LIMIT 1",
    )
    if not found:
        found = rows(
            db,
            "SELECT s.run_id FROM scores s WHERE NOT EXISTS "
            "(SELECT 1 FROM runs r WHERE r.run_id = s.run_id AND r.status <> 'ok') "
            "ORDER BY s.run_id DESC LIMIT 1",
        )
    return found[0][0] if found else None


def runs(db: Any) -> list[dict[str, Any]]:
    """Every run that wrote scores, newest first: run_id, n_firms, started_at."""
    found = rows(
        db,
        "SELECT s.run_id, s.n, r.started_at FROM (SELECT run_id, count(*) AS n FROM scores GROUP BY run_id) s "
        "LEFT JOIN runs r USING (run_id) ORDER BY r.started_at DESC NULLS LAST, s.run_id DESC",
    )
    return [{"run_id": r[0], "n_firms": int(r[1]), "started_at": r[2]} for r in found]


def run_settings(db: Any, run_id: str) -> dict[str, Any] | None:
    """The `score_runs` row of a run: model, method, input hash, when."""
    found = frame(db, "SELECT * FROM score_runs WHERE run_id = ?", [run_id])
    return None if found.empty else found.iloc[0].to_dict()


def read(db: Any, run_id: str, columns: tuple[str, ...] = COLUMNS, kvk: str | None = None) -> pd.DataFrame:
    """The scores of one run (all firms, or one), ordered by KvK number."""
    unknown = set(columns) - set(COLUMNS)
    if unknown:
        raise ValueError(f"not columns of scores: {sorted(unknown)}")
    sql = f"SELECT {', '.join(columns)} FROM scores WHERE run_id = ?"
    params: list = [run_id]
    if kvk is not None:
        sql += " AND kvk_number = ?"
        params.append(kvk)
    return frame(db, sql + " ORDER BY kvk_number", params)


def history(db: Any, kvk: str) -> pd.DataFrame:
    """A firm's scores over every run, newest first: run_id, category, a_score, b_score, method, model."""
    return frame(
        db,
        "SELECT s.run_id, s.category, s.a_score, s.b_score, s.method, s.model FROM scores s "
        "LEFT JOIN runs r USING (run_id) WHERE s.kvk_number = ? "
        "ORDER BY r.started_at DESC NULLS LAST, s.run_id DESC",
        [kvk],
    )


def thresholds(db: Any, run_id: str) -> pd.DataFrame:
    return frame(db, "SELECT * FROM thresholds WHERE run_id = ?", [run_id])


def category_counts(db: Any, run_id: str | None) -> dict[str, int]:
    """Firms per category A, B, C, D and 'none' in a run."""
    found = rows(
        db,
        "SELECT CASE WHEN category IN ('A','B','C','D') THEN category ELSE 'none' END, count(*) "
        "FROM scores WHERE run_id = ? GROUP BY 1",
        [run_id],
    )
    return {c: int(n) for c, n in found}


def thresholds_of(db: Any, run_id: str | None) -> pd.DataFrame:
    """target, method, model, threshold, held_out_recall, est_precision (with its interval),
    chosen_by, provisional, note of a run."""
    return frame(
        db,
        "SELECT target, method, model, threshold, held_out_recall, est_precision, est_precision_low, "
        "est_precision_high, chosen_by, coalesce(provisional, false) AS provisional, note, n_above "
        "FROM thresholds WHERE run_id = ? ORDER BY target, method, model",
        [run_id],
    )


def provisional_targets(db: Any, run_id: str) -> list[str]:
    """Reference targets (A, B) whose threshold of the run's deciding method is provisional."""
    found = rows(
        db,
        "SELECT DISTINCT t.target FROM thresholds t JOIN (SELECT DISTINCT method FROM scores WHERE run_id = ?) s "
        "USING (method) WHERE t.run_id = ? AND t.provisional ORDER BY t.target",
        [run_id, run_id],
    )
    return [r[0] for r in found]


def all_columns(db: Any, run_id: str) -> pd.DataFrame:
    """Every column of the scores of one run, ordered by KvK number (for the precision curve)."""
    return frame(db, "SELECT * FROM scores WHERE run_id = ? ORDER BY kvk_number", [run_id])
