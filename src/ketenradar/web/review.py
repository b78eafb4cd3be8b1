"""Dashboard review pages: the review queue, per firm the evidence with verdict buttons, history.

`serve` holds the DuckDB store read-only; verdicts go to the review store (SQLite in WAL mode beside
it, review/store.py), one short transaction per verdict, so reviewing works while the pipeline runs.
The reviewer is the authenticated user when authentication is configured (a `user` in the request
scope or `request.state.user`), else the name typed in the form (remembered in a cookie).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from fastapi import Depends, FastAPI, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, Field

from ketenradar.errors import InputError
from ketenradar.model.reviews import firm_exists
from ketenradar.review.estimate import measured
from ketenradar.review.store import ANSWERS, QUESTIONS, ReviewStore, review_store_path
from ketenradar.web.auth import require_role

LABELS = {
    "nl": {
        "review": "Beoordelen",
        "queue": "Beoordelingswachtrij",
        "measured": "Gemeten precisie",
        "reviewed": "beoordeeld",
        "of": "van",
        "true_firms": "geschat aantal juist",
        "no_sample": "Nog geen steekproef. Trek er een:",
        "draw": "Steekproef trekken",
        "random": "aselect",
        "active": "actief",
        "open": "open",
        "done": "beoordeeld",
        "evidence": "Bewijs",
        "reasons": "Redenen",
        "reviewer": "Beoordelaar",
        "note": "Notitie",
        "history": "Geschiedenis",
        "next": "Volgende in de wachtrij",
        "q_direct": "Levert of kan Defensie direct leveren?",
        "q_prime": "Toeleverancier van een prime?",
        "yes": "juist",
        "no": "onjuist",
        "unknown": "weet niet",
        "no_estimate": "Nog geen oordelen over de aselecte steekproef: geen gemeten precisie.",
        "n": "Aantal aselect",
        "n_active": "Aantal actief",
        "categories": "Categorieën",
    },
    "en": {
        "review": "Review",
        "queue": "Review queue",
        "measured": "Measured precision",
        "reviewed": "reviewed",
        "of": "of",
        "true_firms": "estimated true firms",
        "no_sample": "No sample yet. Draw one:",
        "draw": "Draw sample",
        "random": "random",
        "active": "active",
        "open": "open",
        "done": "reviewed",
        "evidence": "Evidence",
        "reasons": "Reasons",
        "reviewer": "Reviewer",
        "note": "Note",
        "history": "History",
        "next": "Next in the queue",
        "q_direct": "Supplies or could supply Defence directly?",
        "q_prime": "Supplier to a prime?",
        "yes": "correct",
        "no": "incorrect",
        "unknown": "don't know",
        "no_estimate": "No verdicts on the random sample yet: no measured precision.",
        "n": "Random firms",
        "n_active": "Active firms",
        "categories": "Categories",
    },
}
MAX_NAME = 200
MAX_NOTE = 2000


class VerdictIn(BaseModel):
    kvk_number: str = Field(pattern=r"^\d{8}$")
    question: str = Field(pattern="^(direct|prime)$")
    answer: str = Field(pattern="^(yes|no|unknown)$")
    reviewer: str | None = Field(default=None, max_length=MAX_NAME)
    note: str | None = Field(default=None, max_length=MAX_NOTE)


class _ReadStore:
    """The Store interface the review modules read through, on the dashboard's read-only connection."""

    def __init__(self, ctx: Any, path: Path):
        self.ctx, self.path = ctx, path

    def df(self, sql: str, params: list | tuple | None = None) -> Any:
        return self.ctx.df(sql, list(params or []))

    def fetchall(self, sql: str, params: list | tuple | None = None) -> list[tuple]:
        return [tuple(r) for r in self.df(sql, params).itertuples(index=False)]

    def scalar(self, sql: str, params: list | tuple | None = None) -> Any:
        rows = self.fetchall(sql, params)
        return rows[0][0] if rows else None


def authenticated_user(request: Request) -> str | None:
    user = request.scope.get("user") if "user" in request.scope else getattr(request.state, "user", None)
    if user is None:
        return None
    for attr in ("display_name", "username", "name"):
        value = getattr(user, attr, None)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return user.strip() if isinstance(user, str) and user.strip() else None


def add_review_routes(app: FastAPI, ctx: Any, store_path: str | Path, page: Any) -> None:
    """Register /review pages and /api/review endpoints on the dashboard app."""
    rpath = review_store_path(store_path)
    reader = _ReadStore(ctx, Path(store_path))

    def lang_of(request: Request) -> str:
        lang = request.query_params.get("lang") or request.cookies.get("lang") or "nl"
        return lang if lang in LABELS else "nl"

    def reviewer_of(request: Request, typed: str | None) -> str:
        name = authenticated_user(request) or (typed or "").strip()
        if not name:
            raise InputError("a verdict needs the reviewer's name", field="reviewer")
        if len(name) > MAX_NAME:
            raise InputError(f"the reviewer's name is longer than {MAX_NAME} characters", field="reviewer")
        return name

    def queue() -> list[dict[str, Any]]:
        with ReviewStore(rpath, read_only=True) as review:
            sample_id = review.latest_sample()
            if sample_id is None:
                return []
            firms = review.sample_firms(sample_id)
            current = review.current_verdicts()
        done = set(current.kvk_number)
        from ketenradar.review.rows import firm_rows

        run = review_run(sample_id)
        details = firm_rows(reader, list(firms.kvk_number), run)
        names = dict(zip(details.kvk_number, details.name, strict=True)) if len(details) else {}
        firms = firms.sort_values(["active", "stratum", "kvk_number"], na_position="last")
        return [
            {
                "kvk_number": r.kvk_number,
                "name": names.get(r.kvk_number) or r.kvk_number,
                "category": r.category,
                "stratum": r.stratum,
                "active": bool(r.active),
                "score": r.score,
                "done": r.kvk_number in done,
            }
            for r in firms.itertuples()
        ]

    def review_run(sample_id: str) -> str | None:
        with ReviewStore(rpath, read_only=True) as review:
            return review.scalar("SELECT score_run_id FROM samples WHERE sample_id = ?", [sample_id])

    def figures() -> dict[str, Any]:
        with ReviewStore(rpath, read_only=True) as review:
            return measured(review)

    @app.get("/review", response_class=HTMLResponse, include_in_schema=False)
    def review_page(request: Request) -> HTMLResponse:
        lang = lang_of(request)
        return page(
            request, "review.html", r=LABELS[lang], queue=queue(), measured=figures(),
            user=authenticated_user(request),
        )  # fmt: skip

    # Writing verdicts or drawing samples changes data: with sign-in on, it takes the analyst role.
    analyst = [Depends(require_role("analyst"))]

    @app.post("/review/sample", include_in_schema=False, dependencies=analyst)
    def review_sample(
        n: int = Form(100, ge=0, le=10_000),
        active: int = Form(0, ge=0, le=10_000),
        category: list[str] = Form(["C", "D"]),  # noqa: B008
    ) -> Response:
        from ketenradar.review.sample import build_sample

        with ReviewStore(rpath) as review:
            build_sample(reader, review, n=n, categories=category, active=active)  # type: ignore[arg-type]
        return RedirectResponse("/review", status_code=303)

    @app.get("/review/{kvk_number}", response_class=HTMLResponse, include_in_schema=False)
    def review_firm(request: Request, kvk_number: str) -> HTMLResponse:
        if not re.fullmatch(r"\d{8}", kvk_number):
            raise InputError(f"a KvK number has 8 digits, got {kvk_number!r}", field="kvk_number")
        from ketenradar.review.rows import firm_rows

        lang = lang_of(request)
        with ReviewStore(rpath, read_only=True) as review:
            history = review.history(kvk_number).to_dict("records")
            sample_id = review.latest_sample()
        items = queue()
        run = review_run(sample_id) if sample_id else None
        if run is None:
            from ketenradar.model.scores import latest_run as latest_score_run

            run = latest_score_run(reader)  # type: ignore[arg-type]
        rows = firm_rows(reader, [kvk_number], run)
        if rows.empty or rows.name.isna().all():
            from ketenradar.web.context import NotFound

            raise NotFound(f"no firm with KvK number {kvk_number}")
        current = {}
        for h in reversed(history):
            current[h["question"]] = h
        pending = [q for q in items if not q["done"] and q["kvk_number"] != kvk_number]
        return page(
            request, "review_firm.html", r=LABELS[lang], firm=rows.iloc[0].to_dict(), history=history,
            current=current, questions=QUESTIONS, answers=ANSWERS, user=authenticated_user(request),
            saved_name=request.cookies.get("reviewer", ""), next_firm=pending[0] if pending else None,
            measured=figures(),
        )  # fmt: skip

    @app.post("/review/{kvk_number}", include_in_schema=False, dependencies=analyst)
    def review_verdict(
        request: Request,
        kvk_number: str,
        question: str = Form(...),
        answer: str = Form(...),
        reviewer: str | None = Form(None),
        note: str | None = Form(None),
    ) -> Response:
        body = VerdictIn(
            kvk_number=kvk_number, question=question, answer=answer, reviewer=reviewer, note=note
        )
        name = reviewer_of(request, body.reviewer)
        save(body, name)
        resp = RedirectResponse(f"/review/{kvk_number}", status_code=303)
        if not authenticated_user(request):
            resp.set_cookie("reviewer", name, samesite="lax", httponly=True)
        return resp

    def save(body: VerdictIn, name: str) -> None:
        if not firm_exists(reader, body.kvk_number):
            raise InputError(f"no firm with KvK number {body.kvk_number}", field="kvk_number")
        sample_id = None
        with ReviewStore(rpath) as review:
            latest = review.latest_sample()
            if latest and review.scalar(
                "SELECT 1 FROM sample_firms WHERE sample_id = ? AND kvk_number = ?", [latest, body.kvk_number]
            ):
                sample_id = latest
            review.add_verdict(
                body.kvk_number, body.question, body.answer, name,
                note=(body.note or "").strip() or None, sample_id=sample_id,
            )  # fmt: skip

    @app.get("/api/review/precision", tags=["api"])
    def api_precision() -> dict[str, Any]:
        """Measured precision per category from the analyst verdicts (docs/review.md)."""
        return figures()

    @app.post("/api/review/verdicts", tags=["api"], dependencies=analyst)
    def api_verdict(request: Request, body: VerdictIn) -> dict[str, Any]:
        """Record a verdict (the history keeps every earlier one); returns the measured precision."""
        save(body, reviewer_of(request, body.reviewer))
        return figures()
