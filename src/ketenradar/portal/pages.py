"""Minimal server-rendered portal pages: sign-in, a firm's own profile, the demand list (and a buyer's form).

Signed in with the portal session cookie (api.py); every form carries the session's CSRF token.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, PackageLoader, select_autoescape
from pydantic import BaseModel, ValidationError
from starlette.concurrency import run_in_threadpool

from ketenradar.errors import InputError
from ketenradar.portal.service import Forbidden, NotFoundError, Portal, Principal
from ketenradar.web.auth import SESSION_SECONDS, Throttle

_env = Environment(
    loader=PackageLoader("ketenradar.portal", "templates"),
    autoescape=select_autoescape(["html"], default=True, default_for_string=True),
)


def _message(exc: ValidationError) -> str:
    return "; ".join(f"{'.'.join(str(x) for x in e['loc'])}: {e['msg']}" for e in exc.errors()[:5])


def install_pages(
    app: FastAPI,
    get_portal: Callable[[], Portal],
    sessions: Any,
    throttle: Throttle,
    cookie: str,
    models: dict[str, type[BaseModel]],
) -> None:
    def render(template: str, status: int = 200, **data: Any) -> HTMLResponse:
        return HTMLResponse(_env.get_template(template).render(**data), status_code=status)

    def signed_in(request: Request) -> tuple[Principal, str] | None:
        got = sessions.get(request.cookies.get(cookie))
        if got is None:
            return None
        who = get_portal().principal(got[0])
        return (who, got[1]) if who else None

    async def form_of(request: Request) -> tuple[Principal, str, dict[str, str]] | Response:
        """The signed-in principal, CSRF token and form fields; a redirect or 403 otherwise."""
        got = await run_in_threadpool(signed_in, request)
        if got is None:
            return RedirectResponse("/portal/login", status_code=303)
        form = {k: str(v)[:20_000] for k, v in (await request.form()).items() if isinstance(v, str)}
        if not secrets.compare_digest(form.pop("csrf_token", ""), got[1]):
            return HTMLResponse("missing or wrong CSRF token", status_code=403)
        return got[0], got[1], form

    @app.get("/portal/login", response_class=HTMLResponse, include_in_schema=False)
    def login_form() -> HTMLResponse:
        return render("portal_login.html", title="Portal sign-in")

    @app.post("/portal/login", include_in_schema=False)
    async def login(request: Request) -> Response:
        client = request.client.host if request.client else "?"
        form = await request.form()
        name, password = str(form.get("name", ""))[:64], str(form.get("password", ""))[:1024]
        if throttle.blocked(client):
            return render("portal_login.html", 429, title="Portal sign-in", error="too many failed sign-ins")
        who = await run_in_threadpool(get_portal().authenticate, name, password)
        if who is None:
            throttle.fail(client)
            return render(
                "portal_login.html", 401, title="Portal sign-in", error="unknown account or wrong password"
            )
        token, _csrf = sessions.start(who.account_id)
        resp = RedirectResponse("/portal", status_code=303)
        resp.set_cookie(
            cookie,
            token,
            max_age=SESSION_SECONDS,
            httponly=True,
            samesite="strict",
            secure=request.url.scheme == "https",
            path="/",
        )
        return resp

    @app.post("/portal/logout", include_in_schema=False)
    async def logout(request: Request) -> Response:
        got = await form_of(request)
        if isinstance(got, Response):
            return got
        sessions.end(request.cookies.get(cookie))
        resp = RedirectResponse("/portal/login", status_code=303)
        resp.delete_cookie(cookie, path="/")
        return resp

    @app.get("/portal", include_in_schema=False)
    def home(request: Request) -> Response:
        got = signed_in(request)
        if got is None:
            return RedirectResponse("/portal/login", status_code=303)
        return RedirectResponse(
            "/portal/firm" if got[0].role == "firm" else "/portal/demands", status_code=303
        )

    def firm_page(who: Principal, csrf: str, status: int = 200, error: str | None = None) -> HTMLResponse:
        firm = get_portal().firm(who, who.kvk_number or "")
        return render(
            "portal_firm.html", status, title="Your firm", who=who, csrf=csrf, firm=firm, error=error
        )

    @app.get("/portal/firm", response_class=HTMLResponse, include_in_schema=False)
    def firm(request: Request) -> Response:
        got = signed_in(request)
        if got is None:
            return RedirectResponse("/portal/login", status_code=303)
        if got[0].role != "firm":
            return HTMLResponse("this page is for firm accounts", status_code=403)
        return firm_page(*got)

    async def firm_change(
        request: Request, action: Callable[[Portal, Principal, dict[str, str]], Any]
    ) -> Response:
        got = await form_of(request)
        if isinstance(got, Response):
            return got
        who, csrf, form = got
        if who.role != "firm":
            return HTMLResponse("this page is for firm accounts", status_code=403)
        try:
            await run_in_threadpool(action, get_portal(), who, form)
        except ValidationError as exc:
            return await run_in_threadpool(firm_page, who, csrf, 422, _message(exc))
        except InputError as exc:
            return await run_in_threadpool(firm_page, who, csrf, 422, str(exc))
        return RedirectResponse("/portal/firm", status_code=303)

    @app.post("/portal/firm/profile", include_in_schema=False)
    async def firm_profile(request: Request) -> Response:
        def act(p: Portal, who: Principal, form: dict[str, str]) -> None:
            values: dict[str, Any] = {
                k: (form.get(k) or None)
                for k in ("website", "contact_name", "contact_email", "contact_phone")
            }
            values["defence_opt_in"] = form.get("defence_opt_in") == "1"
            body = models["profile"].model_validate(values)
            p.update_profile(
                who,
                who.kvk_number or "",
                {
                    k: (str(v) if v is not None and k == "website" else v)
                    for k, v in body.model_dump().items()
                },
            )

        return await firm_change(request, act)

    @app.post("/portal/firm/capabilities", include_in_schema=False)
    async def firm_capability(request: Request) -> Response:
        def act(p: Portal, who: Principal, form: dict[str, str]) -> None:
            body = models["capability"].model_validate({"capability": form.get("capability", "")})
            p.add_capability(who, who.kvk_number or "", body.capability)  # type: ignore[attr-defined]

        return await firm_change(request, act)

    @app.post("/portal/firm/certificates", include_in_schema=False)
    async def firm_certificate(request: Request) -> Response:
        def act(p: Portal, who: Principal, form: dict[str, str]) -> None:
            fields = ("standard", "number", "issuer", "expires_on", "evidence_url")
            body = models["certificate"].model_validate({k: form.get(k) or None for k in fields})
            data = body.model_dump()
            data["evidence_url"] = str(data["evidence_url"]) if data["evidence_url"] else None
            p.add_certificate(who, who.kvk_number or "", data)

        return await firm_change(request, act)

    def demands_page(who: Principal, csrf: str, status: int = 200, error: str | None = None) -> HTMLResponse:
        demands = get_portal().demands(who)
        return render(
            "portal_demands.html", status, title="Demands", who=who, csrf=csrf, demands=demands, error=error
        )

    @app.get("/portal/demands", response_class=HTMLResponse, include_in_schema=False)
    def demands(request: Request) -> Response:
        got = signed_in(request)
        if got is None:
            return RedirectResponse("/portal/login", status_code=303)
        return demands_page(*got)

    @app.post("/portal/demands", include_in_schema=False)
    async def post_demand(request: Request) -> Response:
        got = await form_of(request)
        if isinstance(got, Response):
            return got
        who, csrf, form = got
        try:
            body = models["demand"].model_validate(
                {k: form.get(k) for k in ("title", "text", "deadline", "visibility") if form.get(k)}
            )
            await run_in_threadpool(get_portal().post_demand, who, body.model_dump())
        except ValidationError as exc:
            return await run_in_threadpool(demands_page, who, csrf, 422, _message(exc))
        except (Forbidden, NotFoundError) as exc:
            return HTMLResponse(str(exc), status_code=403)
        return RedirectResponse("/portal/demands", status_code=303)
