"""The FastAPI app: server-rendered pages and the JSON API over one read-only store.

`create_app(store_path)` opens the store read-only and loads the firm index once; every request is
then in-memory work (plus a few small reads for a firm profile).
"""

from __future__ import annotations

import math
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import asdict
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup
from pydantic import ValidationError

from ketenradar.embed.base import Embedder
from ketenradar.errors import InputError
from ketenradar.match.consortium import build_consortium
from ketenradar.match.matchmaking import Requirements, match_demand
from ketenradar.match.search import SearchQuery, ordered, search
from ketenradar.portal.api import install_portal, portal_factory
from ketenradar.portal.matching import DemandMatcher, index_source
from ketenradar.portal.store import default_url
from ketenradar.sources.validate import kvk_number
from ketenradar.web.context import NotFound, WebContext, _records
from ketenradar.web.export import to_xlsx
from ketenradar.web.guards import install_guards
from ketenradar.web.i18n import LANGUAGES, Labels
from ketenradar.web.models import (
    ConsortiumIn,
    ErrorOut,
    FirmProfile,
    MatchIn,
    Overview,
    RunComparisonOut,
    RunInfo,
    SearchOut,
)
from ketenradar.web.params import search_params

KVK_PATTERN = r"^\d{8}$"
ERRORS: dict[int | str, dict[str, Any]] = {404: {"model": ErrorOut}, 422: {"model": ErrorOut}}


def _safe_url(url: Any) -> str | None:
    """Only http(s) links are rendered as links (scraped URLs could say javascript:...)."""
    if isinstance(url, str) and url.lower().startswith(("http://", "https://")):
        return url
    return None


def _fmt(value: Any, digits: int = 2) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if isinstance(value, float):
        return f"{value:.{digits}f}"
    return str(value)


def _env() -> Environment:
    env = Environment(
        loader=PackageLoader("ketenradar.web", "templates"),
        autoescape=select_autoescape(["html", "j2"], default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["safe_url"] = _safe_url
    env.filters["fmt"] = _fmt
    return env


def _requirements(body: MatchIn | ConsortiumIn) -> Requirements:
    return Requirements(
        certifications=body.certifications,
        place=body.place or None,
        radius_km=body.radius_km,
        provinces=body.provinces,
        region=body.region,
        size_classes=body.size_classes,
        categories=list(getattr(body, "categories", []) or []),
    )


def create_app(
    store_path: str | Path,
    *,
    model: str | None = None,
    embedder: Embedder | Callable[[], Embedder | None] | None = None,
    users_file: str | Path | None = None,
    portal_url: str | None = None,
) -> FastAPI:
    """The dashboard and API on the store at `store_path` (opened read-only).

    With a `users_file` that has users, every page and call needs a signed-in user (web/auth.py).
    """
    ctx = WebContext(store_path, model=model, embedder=embedder)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        ctx.close()

    app = FastAPI(
        lifespan=lifespan,
        title="ketenradar",
        description="Dutch manufacturing SMEs against the defence supply chain: search, firm profiles, "
        "matchmaking, consortium building and run comparison.",
        version="0.1.0",
        # No Swagger/ReDoc pages: they load their scripts from a CDN. /openapi.json stays.
        docs_url=None,
        redoc_url=None,
    )
    install_guards(app, users_file)
    app.state.ctx = ctx
    env = _env()
    app.mount("/static", StaticFiles(packages=[("ketenradar.web", "static")]), name="static")

    # -- errors -------------------------------------------------------------------------------------
    def wants_html(request: Request) -> bool:
        return not request.url.path.startswith("/api") and request.url.path != "/openapi.json"

    def page(request: Request, template: str, status: int = 200, **data: Any) -> HTMLResponse:
        lang = _lang(request)
        other = "en" if lang == "nl" else "nl"
        params = dict(request.query_params)
        params["lang"] = other
        html = env.get_template(template).render(
            request=request,
            t=Labels(lang),
            lang=lang,
            switch_url=f"{request.url.path}?{urlencode(params)}",
            index=ctx.index,
            **data,
        )
        resp = HTMLResponse(html, status_code=status)
        if request.query_params.get("lang") in LANGUAGES:
            resp.set_cookie("lang", lang, samesite="lax")
        return resp

    @app.exception_handler(InputError)
    async def input_error(request: Request, exc: InputError) -> Response:
        if wants_html(request):
            return page(request, "error.html", status=422, message=str(exc), field=exc.field)
        return JSONResponse({"detail": str(exc), "field": exc.field}, status_code=422)

    @app.exception_handler(NotFound)
    async def not_found(request: Request, exc: NotFound) -> Response:
        if wants_html(request):
            return page(request, "error.html", status=404, message=exc.message, field=None)
        return JSONResponse({"detail": exc.message}, status_code=404)

    @app.exception_handler(ValidationError)
    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError | ValidationError) -> Response:
        errors = []
        for e in exc.errors():
            loc = [str(x) for x in e.get("loc", ()) if x not in ("body", "query", "path")]
            errors.append({"field": ".".join(loc) or None, "message": e.get("msg", "invalid")})
        first = errors[0] if errors else {"field": None, "message": "invalid request"}
        detail = f"field '{first['field']}': {first['message']}" if first["field"] else first["message"]
        if wants_html(request):
            return page(request, "error.html", status=422, message=detail, field=first["field"])
        return JSONResponse({"detail": detail, "field": first["field"], "errors": errors}, status_code=422)

    # -- API ----------------------------------------------------------------------------------------
    api = APIRouter(prefix="/api", tags=["api"])

    @api.get("/overview", response_model=Overview)
    def api_overview() -> dict[str, Any]:
        """Firm counts per category (A-D, none) and per province, for the latest score run."""
        return ctx.overview()

    @api.get("/search", response_model=SearchOut, responses=ERRORS)
    def api_search(sq: SearchQuery = Depends(search_params)) -> dict[str, Any]:
        """Full-text search with filters, sorted and paginated."""
        res = search(ctx.index, sq)
        return {
            "total": res.total,
            "page": res.page,
            "per_page": res.per_page,
            "pages": max(1, math.ceil(res.total / res.per_page)),
            "results": _records(res.rows),
        }

    @api.get(
        "/search.xlsx",
        responses={
            200: {"content": {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {}}},
            **ERRORS,
        },
    )
    def api_export(sq: SearchQuery = Depends(search_params)) -> Response:
        """Every firm matching the search, as an XLSX file (cells starting with = + - @ neutralised)."""
        data = to_xlsx(ordered(ctx.index, sq))
        return Response(
            data,
            media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            headers={"Content-Disposition": 'attachment; filename="ketenradar-search.xlsx"'},
        )

    def _kvk(kvk: str) -> str:
        # The ingest rules (sources/validate.py): full-width digits folded, 00000000 refused.
        number, problem = kvk_number(kvk[:40])
        if number is None or problem:  # a problem: not 8 digits as given
            raise InputError(problem or f"a KvK number has 8 digits, got {kvk!r}", field="kvk_number")
        return str(number)

    @api.get("/firms/{kvk_number}", response_model=FirmProfile, responses=ERRORS)
    def api_firm(kvk_number: str, lang: Literal["nl", "en"] = "nl") -> dict[str, Any]:
        """One firm: registry data, category, scores and reasons, indicators with evidence, nearest
        reference firms and the source records it came from (labels in `lang`)."""
        return ctx.firm(_kvk(kvk_number), lang)

    @api.post("/match", responses=ERRORS)
    def api_match(body: MatchIn) -> dict[str, Any]:
        """Ranked firms for a demand in free text, with the evidence for each part of the demand."""
        res = match_demand(ctx.index, body.demand, ctx.embedder(), _requirements(body), limit=body.limit)
        return asdict(res)

    @api.post("/consortium", responses=ERRORS)
    def api_consortium(body: ConsortiumIn) -> dict[str, Any]:
        """The smallest set of firms that covers every required capability, with alternatives per role."""
        res = build_consortium(
            ctx.index,
            body.capabilities,
            ctx.embedder(),
            _requirements(body),
            alternatives=body.alternatives,
            method=body.method,
        )
        return asdict(res)

    @api.get("/runs", response_model=list[RunInfo])
    def api_runs() -> list[dict[str, Any]]:
        """Score runs in the store, newest first."""
        return ctx.runs()

    @api.get("/runs/compare", response_model=RunComparisonOut, responses=ERRORS)
    def api_compare(old: str | None = None, new: str | None = None) -> dict[str, Any]:
        """Firms that entered, left or changed category between two score runs (default: the last two)."""
        cmp = ctx.compare(old, new)
        return {
            "old_run": cmp.old_run,
            "new_run": cmp.new_run,
            "counts": cmp.counts,
            "entered": _records(cmp.entered),
            "left": _records(cmp.left),
            "changed": _records(cmp.changed),
        }

    @api.get("/indicators", response_model=list[str])
    def api_indicators() -> list[str]:
        """Indicator ids present in the store (for filters and capabilities)."""
        return ctx.index.indicator_ids

    app.include_router(api)
    # The portal (accounts, demands, self-declared data) signs its own accounts in; its store opens on first use.
    install_portal(
        app,
        portal_factory(portal_url or default_url(store_path)),
        analytic=ctx.firm,
        matcher=DemandMatcher(index_source(ctx)),
    )

    # -- pages ----------------------------------------------------------------------------------------
    def ids(group: str) -> list[str]:
        return [i for i in ctx.index.indicator_ids if i.startswith(group + ".")]

    def options() -> dict[str, Any]:
        f = ctx.index.firms
        return {
            "provinces": sorted(p for p in f["province"].dropna().unique()),
            "sizes": sorted(s for s in f["size_class"].dropna().unique()),
            "certs": ids("cert"),
            "processes": ids("process"),
            "markets": ids("market"),
            "techs": ids("tech"),
            "regions": ["noord", "oost", "west", "zuid"],
        }

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def overview_page(request: Request) -> HTMLResponse:
        lang = _lang(request)
        t = Labels(lang)
        chart = ctx.category_chart(
            {**{c: t["cat_" + c] for c in ("A", "B", "C", "D", "none")}, "firms": t["firms"]}, lang
        )
        return page(request, "overview.html", data=ctx.overview(), chart=Markup(chart) if chart else None)

    @app.get("/search", response_class=HTMLResponse, include_in_schema=False)
    def search_page(request: Request, sq: SearchQuery = Depends(search_params)) -> HTMLResponse:
        res = search(ctx.index, sq)
        params = [(k, v) for k, v in request.query_params.multi_items() if k not in ("page", "lang")]

        def url(**change: Any) -> str:
            p = [(k, v) for k, v in params if k not in change] + [(k, str(v)) for k, v in change.items()]
            return "/search?" + urlencode(p)

        return page(
            request,
            "search.html",
            sq=sq,
            res=res,
            rows=_records(res.rows),
            pages=max(1, math.ceil(res.total / res.per_page)),
            url=url,
            export_url="/api/search.xlsx?" + urlencode(params),
            opts=options(),
        )

    @app.get("/firm/{kvk_number}", response_class=HTMLResponse, include_in_schema=False)
    def firm_page(request: Request, kvk_number: str) -> HTMLResponse:
        return page(request, "firm.html", firm=ctx.firm(_kvk(kvk_number), _lang(request)))

    def _form_list(values: list[str]) -> list[str]:
        return [v for v in values if v.strip()]

    @app.get("/match", response_class=HTMLResponse, include_in_schema=False)
    def match_page(request: Request) -> HTMLResponse:
        qp = request.query_params
        demand = qp.get("demand", "")
        result = None
        form = {
            "demand": demand,
            "place": qp.get("place", ""),
            "radius_km": qp.get("radius_km", ""),
            "province": qp.getlist("province"),
            "region": qp.get("region", ""),
            "size": qp.getlist("size"),
            "certification": qp.getlist("certification"),
        }
        if demand.strip():
            body = MatchIn(
                demand=demand,
                certifications=_form_list(form["certification"]),
                place=form["place"] or None,
                radius_km=_num(form["radius_km"], "radius_km"),
                provinces=_form_list(form["province"]),
                region=form["region"] or None,
                size_classes=_form_list(form["size"]),
            )
            result = match_demand(ctx.index, body.demand, ctx.embedder(), _requirements(body))
        return page(request, "match.html", form=form, result=result, opts=options())

    @app.get("/consortium", response_class=HTMLResponse, include_in_schema=False)
    def consortium_page(request: Request) -> HTMLResponse:
        qp = request.query_params
        caps_text = qp.get("capabilities", "")
        form = {
            "capabilities": caps_text,
            "place": qp.get("place", ""),
            "radius_km": qp.get("radius_km", ""),
            "province": qp.getlist("province"),
            "region": qp.get("region", ""),
            "certification": qp.getlist("certification"),
        }
        result = None
        caps = [c.strip() for c in caps_text.splitlines() if c.strip()]
        if caps:
            body = ConsortiumIn(
                capabilities=caps,
                certifications=_form_list(form["certification"]),
                place=form["place"] or None,
                radius_km=_num(form["radius_km"], "radius_km"),
                provinces=_form_list(form["province"]),
                region=form["region"] or None,
            )
            result = build_consortium(ctx.index, body.capabilities, ctx.embedder(), _requirements(body))
        return page(request, "consortium.html", form=form, result=result, opts=options())

    @app.get("/runs", response_class=HTMLResponse, include_in_schema=False)
    def runs_page(request: Request, old: str | None = None, new: str | None = None) -> HTMLResponse:
        runs = ctx.runs()
        cmp = ctx.compare(old or None, new or None) if runs else None
        return page(request, "runs.html", runs=runs, cmp=cmp, records=_records)

    from ketenradar.web.review import add_review_routes

    add_review_routes(app, ctx, store_path, page)  # review queue and verdicts (docs/review.md)

    @app.get("/lang/{code}", include_in_schema=False)
    def set_language(code: str, next: str = "/") -> Response:
        if code not in LANGUAGES:
            raise InputError(f"unknown language '{code}' (nl, en)", field="lang")
        # Only local paths: never redirect elsewhere.
        target = next if next.startswith("/") and not next.startswith("//") else "/"
        resp = RedirectResponse(target, status_code=303)
        resp.set_cookie("lang", code, samesite="lax")
        return resp

    return app


def _lang(request: Request) -> str:
    lang = request.query_params.get("lang") or request.cookies.get("lang") or "nl"
    return lang if lang in LANGUAGES else "nl"


def _num(value: str, name: str) -> float | None:
    if not value or not value.strip():
        return None
    try:
        v = float(value.replace(",", "."))
    except ValueError:
        raise InputError(f"not a number: {value!r}", field=name) from None
    if not 0 < v <= 500:
        raise InputError("must be between 0 and 500 km", field=name)
    return v
