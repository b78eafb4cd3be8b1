"""Server-rendered portal pages: sign-in, the firm's side, the buyer's side and the analyst's side.

Signed in with the portal session cookie (api.py). Every form posts the session's CSRF token and is
refused (403) without it; every change goes through `Portal` (service.py), so the same rules and the
same audit log apply as to the API. Labels are Dutch by default, English with `?lang=en` (a cookie
keeps the choice), as on the dashboard. Scraped text (evidence sentences, firm names) and everything a
user typed is escaped by Jinja's autoescape; only http(s) URLs become links.

Page routes are not in the OpenAPI document; `tests/test_portal_pages.py` checks every one of them for
every role.
"""

from __future__ import annotations

import datetime as dt
import json
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, PackageLoader, select_autoescape
from pydantic import BaseModel, ValidationError
from starlette.concurrency import run_in_threadpool

from ketenradar.errors import InputError
from ketenradar.model.taxonomy import indicator_label
from ketenradar.portal.labels import PortalLabels
from ketenradar.portal.matching import DemandMatcher
from ketenradar.portal.service import Forbidden, NotFoundError, Portal, Principal
from ketenradar.web.auth import Throttle, set_session_cookie
from ketenradar.web.i18n import LANGUAGES


def _safe_url(url: Any) -> str | None:
    if isinstance(url, str) and url.lower().startswith(("http://", "https://")):
        return url
    return None


_env = Environment(
    loader=PackageLoader("ketenradar.portal", "templates"),
    autoescape=select_autoescape(["html"], default=True, default_for_string=True),
    trim_blocks=True,
    lstrip_blocks=True,
)
_env.filters["safe_url"] = _safe_url


def _message(exc: ValidationError) -> str:
    return "; ".join(f"{'.'.join(str(x) for x in e['loc']) or 'input'}: {e['msg']}" for e in exc.errors()[:5])


def _lang(request: Request) -> str:
    lang = request.query_params.get("lang") or request.cookies.get("lang") or "nl"
    return lang if lang in LANGUAGES else "nl"


def _lines(value: str | None) -> list[str]:
    return [x.strip() for x in (value or "").replace(",", "\n").splitlines() if x.strip()]


class PageError(Exception):
    """Shown on the page that was posted from, with this status."""

    def __init__(self, message: str, status: int = 422) -> None:
        super().__init__(message)
        self.status = status


@dataclass
class Ctx:
    request: Request
    who: Principal
    csrf: str

    @property
    def lang(self) -> str:
        return _lang(self.request)


def install_pages(
    app: FastAPI,
    get_portal: Callable[[], Portal],
    sessions: Any,
    throttle: Throttle,
    cookie: str,
    models: dict[str, type[BaseModel]],
    analytic: Callable[[str], dict[str, Any]] | None = None,
    matcher: DemandMatcher | None = None,
) -> None:
    def render(request: Request, template: str, status: int = 200, **data: Any) -> HTMLResponse:
        lang = _lang(request)
        params = dict(request.query_params)
        params["lang"] = "en" if lang == "nl" else "nl"
        html = _env.get_template(template).render(
            t=PortalLabels(lang),
            lang=lang,
            path=request.url.path,
            switch_url=f"{request.url.path}?{urlencode(params)}",
            ind_label=lambda iid: indicator_label(iid, lang),
            **data,
        )
        resp = HTMLResponse(html, status_code=status)
        if request.query_params.get("lang") in LANGUAGES:
            resp.set_cookie("lang", lang, samesite="lax")
        return resp

    def signed_in(request: Request) -> Ctx | None:
        got = sessions.get(request.cookies.get(cookie))
        if got is None:
            return None
        who = get_portal().principal(got[0])
        return Ctx(request, who, got[1]) if who else None

    def forbidden(request: Request, message: str) -> HTMLResponse:
        return render(request, "portal_error.html", 403, title="403", message=message)

    # -- the two kinds of route: a page (GET) and a form (POST, then back to a page) --------------------
    View = Callable[[Ctx], dict[str, Any]]
    """Builds a page's data; raises Forbidden / NotFoundError / PageError."""

    def page_route(path: str, template: str, roles: tuple[str, ...], view: View) -> None:
        def handler(request: Request) -> Response:
            c = signed_in(request)
            if c is None:
                return RedirectResponse("/portal/login", status_code=303)
            return show(c, template, roles, view)

        handler.__name__ = "page_" + path.strip("/").replace("/", "_").replace("{", "").replace("}", "")
        app.add_api_route(path, handler, methods=["GET"], include_in_schema=False)

    def show(
        c: Ctx, template: str, roles: tuple[str, ...], view: View, status: int = 200, error: str | None = None
    ) -> Response:
        if c.who.role not in roles:
            return forbidden(c.request, f"this page is for {' or '.join(roles)} accounts")
        try:
            data = view(c)
        except Forbidden as exc:
            return forbidden(c.request, str(exc))
        except NotFoundError as exc:
            return render(c.request, "portal_error.html", 404, title="404", message=str(exc), who=c.who)
        return render(c.request, template, status, who=c.who, csrf=c.csrf, error=error, **data)

    def form_route(
        path: str,
        roles: tuple[str, ...],
        action: Callable[[Portal, Ctx, dict[str, str]], str | Response],
        back: tuple[str, View] | Callable[[Ctx], tuple[str, View]],
    ) -> None:
        """POST `path`: check session and CSRF, run `action` (returns where to go next) or show `back`
        again with the error."""

        async def handler(request: Request) -> Response:
            c = await run_in_threadpool(signed_in, request)
            if c is None:
                return RedirectResponse("/portal/login", status_code=303)
            raw = await request.form()
            form = {k: str(v)[:20_000] for k, v in raw.items() if isinstance(v, str)}
            for key in set(raw.keys()):
                values = [v for v in raw.getlist(key) if isinstance(v, str)]
                if len(values) > 1:
                    form[key] = "\n".join(values)[:20_000]
            if not secrets.compare_digest(form.pop("csrf_token", ""), c.csrf):
                return HTMLResponse("missing or wrong CSRF token", status_code=403)
            if c.who.role not in roles:
                return forbidden(request, f"this is for {' or '.join(roles)} accounts")
            try:
                target = await run_in_threadpool(action, get_portal(), c, form)
            except Forbidden as exc:
                return forbidden(request, str(exc))
            except NotFoundError as exc:
                return render(request, "portal_error.html", 404, title="404", message=str(exc), who=c.who)
            except (ValidationError, InputError, PageError) as exc:
                msg = _message(exc) if isinstance(exc, ValidationError) else str(exc)
                status = exc.status if isinstance(exc, PageError) else 422
                template, view = back(c) if callable(back) else back
                # The page the form came from, with the roles that page allows (the action's roles).
                return await run_in_threadpool(show, c, template, roles, view, status, msg)
            if isinstance(target, Response):
                return target
            return RedirectResponse(target, status_code=303)

        handler.__name__ = "form_" + path.strip("/").replace("/", "_").replace("{", "").replace("}", "")
        app.add_api_route(path, handler, methods=["POST"], include_in_schema=False)

    def path_int(c: Ctx, name: str) -> int:
        try:
            return int(c.request.path_params[name])
        except (KeyError, ValueError):
            raise NotFoundError(f"no such {name}") from None

    def path_kvk(c: Ctx) -> str:
        kvk = c.request.path_params.get("kvk_number", "")
        if not (len(kvk) == 8 and kvk.isdigit()):
            raise NotFoundError("a KvK number has 8 digits")
        return kvk

    # -- sign-in ----------------------------------------------------------------------------------------
    def login_form(request: Request) -> HTMLResponse:
        return render(request, "portal_login.html", title=PortalLabels(_lang(request))["sign_in"])

    async def login(request: Request) -> Response:
        t = PortalLabels(_lang(request))
        client = request.client.host if request.client else "?"
        form = await request.form()
        name, password = str(form.get("name", ""))[:64], str(form.get("password", ""))[:1024]
        if throttle.blocked(client):
            return render(request, "portal_login.html", 429, title=t["sign_in"], error=t["too_many"])
        who = await run_in_threadpool(get_portal().authenticate, name, password)
        if who is None:
            throttle.fail(client)
            return render(request, "portal_login.html", 401, title=t["sign_in"], error=t["wrong_password"])
        return start_session(request, who)

    app.add_api_route("/portal/login", login_form, methods=["GET"], include_in_schema=False)
    app.add_api_route("/portal/login", login, methods=["POST"], include_in_schema=False)
    if not any(getattr(r, "path", None) == "/login" for r in app.routes):
        # The issue's sign-in page. With dashboard users configured, `/login` is the dashboard's
        # (web/auth.py) and links here for portal accounts.
        app.add_api_route("/login", login_form, methods=["GET"], include_in_schema=False)
        app.add_api_route("/login", login, methods=["POST"], include_in_schema=False)

    def start_session(request: Request, who: Principal) -> Response:
        token, _csrf = sessions.start(who.account_id)
        return set_session_cookie(RedirectResponse("/portal", status_code=303), request, cookie, token)

    @app.post("/portal/login-link", include_in_schema=False)
    async def login_link(request: Request) -> Response:
        """Mail a one-time sign-in link; the answer is the same whether the account exists or not."""
        t = PortalLabels(_lang(request))
        client = request.client.host if request.client else "?"
        if throttle.blocked(client):
            return render(request, "portal_login.html", 429, title=t["sign_in"], error=t["too_many"])
        throttle.fail(client)  # every request counts: links cannot be used to flood a mailbox
        name = str((await request.form()).get("name", ""))[:64]
        await run_in_threadpool(get_portal().request_signin_link, name, str(request.base_url))
        return render(request, "portal_login.html", title=t["sign_in"], notice=t["link_sent"])

    @app.get("/portal/signin", include_in_schema=False)
    def signin_form(request: Request, token: str = "") -> HTMLResponse:
        # A button, not an immediate sign-in: mail scanners that open links must not use up the token.
        t = PortalLabels(_lang(request))
        return render(request, "portal_signin.html", title=t["sign_in"], token=token[:200])

    @app.post("/portal/signin", include_in_schema=False)
    async def signin(request: Request) -> Response:
        t = PortalLabels(_lang(request))
        token = str((await request.form()).get("token", ""))[:200]
        try:
            who = await run_in_threadpool(get_portal().use_signin_link, token)
        except Forbidden as exc:
            return render(request, "portal_login.html", 403, title=t["sign_in"], error=str(exc))
        return start_session(request, who)

    @app.post("/portal/logout", include_in_schema=False)
    async def logout(request: Request) -> Response:
        c = await run_in_threadpool(signed_in, request)
        form = await request.form()
        if c is None:
            return RedirectResponse("/portal/login", status_code=303)
        if not secrets.compare_digest(str(form.get("csrf_token", "")), c.csrf):
            return HTMLResponse("missing or wrong CSRF token", status_code=403)
        sessions.end(request.cookies.get(cookie))
        resp = RedirectResponse("/portal/login", status_code=303)
        resp.delete_cookie(cookie, path="/")
        return resp

    @app.get("/portal/accept", include_in_schema=False)
    def accept_form(request: Request, token: str = "") -> HTMLResponse:
        t = PortalLabels(_lang(request))
        return render(request, "portal_accept.html", title=t["set_password"], token=token[:200])

    @app.post("/portal/accept", include_in_schema=False)
    async def accept(request: Request) -> Response:
        # No session yet: the one-time token (256 random bits) is what authorises this form.
        t = PortalLabels(_lang(request))
        form = await request.form()
        token, password = str(form.get("token", ""))[:200], str(form.get("password", ""))[:1024]
        try:
            await run_in_threadpool(get_portal().accept_invitation, token, password)
        except (Forbidden, InputError) as exc:
            status = 403 if isinstance(exc, Forbidden) else 422
            return render(
                request, "portal_accept.html", status, title=t["set_password"], token=token, error=str(exc)
            )
        return render(request, "portal_login.html", title=t["sign_in"], notice=t["password_set"])

    @app.get("/portal", include_in_schema=False)
    def home(request: Request) -> Response:
        c = signed_in(request)
        if c is None:
            return RedirectResponse("/portal/login", status_code=303)
        target = {"firm": "/portal/firm", "buyer": "/portal/demands", "analyst": "/portal/analyst"}
        return RedirectResponse(target[c.who.role], status_code=303)

    # -- the firm's side --------------------------------------------------------------------------------
    def firm_view(c: Ctx) -> dict[str, Any]:
        kvk = c.who.kvk_number or ""
        firm = get_portal().firm(c.who, kvk)
        seen = None
        if analytic is not None:
            try:
                seen = analytic(kvk)
            except Exception:  # noqa: BLE001 (the firm may not be in the analytic store: shown as such)
                seen = None
        ids = matcher.index().indicator_ids if matcher is not None else []
        return {"title": PortalLabels(c.lang)["my_profile"], "firm": firm, "seen": seen, "indicator_ids": ids}

    page_route("/portal/firm", "portal_firm.html", ("firm",), firm_view)
    FIRM_BACK = ("portal_firm.html", firm_view)

    def act_profile(p: Portal, c: Ctx, form: dict[str, str]) -> str:
        values: dict[str, Any] = {
            k: (form.get(k) or None) for k in ("website", "contact_name", "contact_email", "contact_phone")
        }
        values["defence_opt_in"] = form.get("defence_opt_in") == "1"
        body = models["profile"].model_validate(values)
        p.update_profile(
            c.who,
            c.who.kvk_number or "",
            {k: (str(v) if v is not None and k == "website" else v) for k, v in body.model_dump().items()},
        )
        return "/portal/firm"

    def act_capability(p: Portal, c: Ctx, form: dict[str, str]) -> str:
        body = models["capability"].model_validate({"capability": form.get("capability", "").strip()})
        p.add_capability(c.who, c.who.kvk_number or "", body.capability)  # type: ignore[attr-defined]
        return "/portal/firm#capabilities"

    def act_remove_capability(p: Portal, c: Ctx, form: dict[str, str]) -> str:
        # Idempotent like adding: removing one that is not there (a second click) changes nothing.
        p.remove_capability(c.who, c.who.kvk_number or "", form.get("capability", ""))
        return "/portal/firm#capabilities"

    def act_certificate(p: Portal, c: Ctx, form: dict[str, str]) -> str:
        fields = ("standard", "number", "issuer", "expires_on", "evidence_url")
        body = models["certificate"].model_validate({k: form.get(k) or None for k in fields})
        data = body.model_dump()
        data["evidence_url"] = str(data["evidence_url"]) if data["evidence_url"] else None
        p.add_certificate(c.who, c.who.kvk_number or "", data)
        return "/portal/firm#certificates"

    def contact_json(data: dict[str, Any], kvk: str) -> Response:
        return Response(
            json.dumps(data, ensure_ascii=False, indent=2),
            media_type="application/json",
            headers={"Content-Disposition": f'attachment; filename="contact-{kvk}.json"'},
        )

    def act_contact_delete(p: Portal, c: Ctx, form: dict[str, str]) -> str:
        kvk = c.who.kvk_number or ""
        p.delete_contact(c.who, kvk)
        return "/portal/firm"

    form_route("/portal/firm/profile", ("firm",), act_profile, FIRM_BACK)
    form_route("/portal/firm/capabilities", ("firm",), act_capability, FIRM_BACK)
    form_route("/portal/firm/capabilities/remove", ("firm",), act_remove_capability, FIRM_BACK)
    form_route("/portal/firm/certificates", ("firm",), act_certificate, FIRM_BACK)
    form_route("/portal/firm/contact/delete", ("firm",), act_contact_delete, FIRM_BACK)

    @app.get("/portal/firm/contact", include_in_schema=False)
    def firm_contact(request: Request) -> Response:
        c = signed_in(request)
        if c is None:
            return RedirectResponse("/portal/login", status_code=303)
        if c.who.role != "firm":
            return forbidden(request, "this is for firm accounts")
        kvk = c.who.kvk_number or ""
        return contact_json(get_portal().export_contact(c.who, kvk), kvk)

    def firm_demands_view(c: Ctx) -> dict[str, Any]:
        mine = get_portal().firm_demands(c.who)
        if matcher is not None:
            ranked = matcher.fits_for_firm(mine, c.who.kvk_number or "", get_portal().opted_in_firms(c.who))
        else:
            ranked = [{**d, "fit": {"fits": False, "n_candidates": None}} for d in mine]
        buyers = get_portal().buyer_names(c.who)
        return {
            "title": PortalLabels(c.lang)["demands_for_me"],
            "fitting": [d for d in ranked if d["fit"]["fits"]],
            "others": [d for d in ranked if not d["fit"]["fits"]],
            "buyers": buyers,
        }

    # -- demands: a firm's list, a buyer's and analyst's list, one demand --------------------------------
    def demands_view(c: Ctx) -> dict[str, Any]:
        if c.who.role == "firm":
            return firm_demands_view(c)
        p = get_portal()
        demands = p.demands(c.who)
        t = PortalLabels(c.lang)
        certs = matcher.index().cert_ids() if matcher is not None else []
        return {
            "title": t["my_demands"] if c.who.role == "buyer" else t["demands"],
            "demands": demands,
            "buyers": p.buyer_names(c.who),
            "cert_ids": certs,
            "today": dt.date.today().isoformat(),
        }

    def demands_page(c: Ctx) -> tuple[str, View]:
        return ("portal_firm_demands.html" if c.who.role == "firm" else "portal_demands.html", demands_view)

    @app.get("/portal/demands", include_in_schema=False)
    def demands(request: Request) -> Response:
        c = signed_in(request)
        if c is None:
            return RedirectResponse("/portal/login", status_code=303)
        template, view = demands_page(c)
        return show(c, template, ("analyst", "buyer", "firm"), view)

    def act_post_demand(p: Portal, c: Ctx, form: dict[str, str]) -> str:
        radius = form.get("radius_km", "").strip().replace(",", ".")
        try:
            radius_km = float(radius) if radius else None
        except ValueError:
            raise PageError(f"{PortalLabels(c.lang)['req_radius']}: not a number") from None
        body = models["demand"].model_validate(
            {
                **{k: form[k] for k in ("title", "text", "deadline", "visibility") if form.get(k)},
                "requirements": {
                    "certifications": _lines(form.get("certifications")),
                    "place": form.get("place") or None,
                    "radius_km": radius_km,
                    "provinces": _lines(form.get("provinces")),
                    "capabilities": [
                        x.strip() for x in form.get("capabilities", "").splitlines() if x.strip()
                    ],
                },
            }
        )
        d = p.post_demand(c.who, body.model_dump())
        return f"/portal/demands/{d['id']}"

    form_route("/portal/demands", ("buyer",), act_post_demand, demands_page)

    def demand_view(c: Ctx) -> dict[str, Any]:
        p = get_portal()
        demand_id = path_int(c, "demand_id")
        d = p.demand(c.who, demand_id)
        t = PortalLabels(c.lang)
        if c.who.role == "firm":
            mine = [x for x in p.firm_demands(c.who) if x["id"] == demand_id]
            peers = p.opted_in_firms(c.who)
            ranked = matcher.fits_for_firm(mine, c.who.kvk_number or "", peers) if matcher else mine
            return {"title": d["title"], "d": ranked[0] if ranked else d, "buyers": p.buyer_names(c.who)}
        follow = p.follow_up(c.who, demand_id)
        allowed = None if c.who.role == "analyst" else set(p.visible_firms(c.who))
        proposals = consortium = None
        consortium_error = None
        if matcher is not None:
            proposals = matcher.proposals(d, allowed)
            try:
                consortium = matcher.consortium(d, allowed)
            except InputError as exc:
                consortium_error = str(exc)
        names = matcher.names([f["kvk_number"] for f in follow]) if matcher else {}
        opted = set(p.visible_firms(c.who)) if c.who.role == "analyst" else allowed or set()
        return {
            "title": d["title"],
            "d": d,
            "buyer": p.buyer_names(c.who).get(d["buyer_id"], ""),
            "follow": follow,
            "linked": {f["kvk_number"]: f for f in follow},
            "names": names,
            "proposals": proposals,
            "consortium": consortium,
            "consortium_error": consortium_error,
            "visible": opted,
            "help": t["proposed_help_analyst"] if c.who.role == "analyst" else t["proposed_help"],
        }

    def demand_page(c: Ctx) -> tuple[str, View]:
        return ("portal_firm_demand.html" if c.who.role == "firm" else "portal_demand.html", demand_view)

    @app.get("/portal/demands/{demand_id}", include_in_schema=False)
    def demand(request: Request, demand_id: str) -> Response:
        c = signed_in(request)
        if c is None:
            return RedirectResponse("/portal/login", status_code=303)
        template, view = demand_page(c)
        return show(c, template, ("analyst", "buyer", "firm"), view)

    def act_respond(p: Portal, c: Ctx, form: dict[str, str]) -> str:
        demand_id = path_int(c, "demand_id")
        body = models["response"].model_validate(
            {"answer": form.get("answer", ""), "note": form.get("note", "")}
        )
        p.respond(c.who, demand_id, body.answer, body.note)  # type: ignore[attr-defined]
        return f"/portal/demands#demand-{demand_id}"

    def act_invite(p: Portal, c: Ctx, form: dict[str, str]) -> str:
        demand_id = path_int(c, "demand_id")
        body = models["firm_ref"].model_validate({"kvk_number": form.get("kvk_number", "")})
        if c.who.role == "buyer":
            p.invite_firm(c.who, demand_id, body.kvk_number)  # type: ignore[attr-defined]
        else:
            p.put_forward(c.who, demand_id, body.kvk_number)  # type: ignore[attr-defined]
        return f"/portal/demands/{demand_id}#follow-up"

    def act_step(p: Portal, c: Ctx, form: dict[str, str]) -> str:
        demand_id = path_int(c, "demand_id")
        body = models["step"].model_validate(
            {"kvk_number": form.get("kvk_number", ""), "step": form.get("step", "")}
        )
        p.advance(c.who, demand_id, body.kvk_number, body.step)  # type: ignore[attr-defined]
        return f"/portal/demands/{demand_id}#follow-up"

    def act_close(p: Portal, c: Ctx, form: dict[str, str]) -> str:
        demand_id = path_int(c, "demand_id")
        status = "closed" if form.get("status") == "closed" else "open"
        p.update_demand(c.who, demand_id, {"status": status})
        return f"/portal/demands/{demand_id}"

    form_route("/portal/demands/{demand_id}/response", ("firm",), act_respond, demand_page)
    form_route("/portal/demands/{demand_id}/invite", ("buyer",), act_invite, demand_page)
    form_route("/portal/demands/{demand_id}/put-forward", ("analyst",), act_invite, demand_page)
    form_route("/portal/demands/{demand_id}/steps", ("analyst", "buyer"), act_step, demand_page)
    form_route("/portal/demands/{demand_id}/status", ("buyer",), act_close, demand_page)

    # -- the analyst's side -----------------------------------------------------------------------------
    def analyst_view(c: Ctx) -> dict[str, Any]:
        p = get_portal()
        pending = p.pending_certificates(c.who)
        demands = p.demands(c.who)
        stages = {d["id"]: _stage_counts(p.follow_up(c.who, d["id"])) for d in demands}
        names = matcher.names([x["kvk_number"] for x in pending]) if matcher else {}
        return {
            "title": PortalLabels(c.lang)["analyst"],
            "pending": pending,
            "demands": demands,
            "stages": stages,
            "buyers": p.buyer_names(c.who),
            "report": p.report(c.who),
            "accounts": p.list_accounts(c.who),
            "names": names,
        }

    page_route("/portal/analyst", "portal_analyst.html", ("analyst",), analyst_view)
    ANALYST_BACK = ("portal_analyst.html", analyst_view)

    def act_verify(p: Portal, c: Ctx, form: dict[str, str]) -> str:
        p.verify_certificate(c.who, path_int(c, "certificate_id"))
        return "/portal/analyst#to-verify"

    def act_account(p: Portal, c: Ctx, form: dict[str, str]) -> Response:
        body = models["account"].model_validate(
            {
                "name": form.get("name", ""),
                "role": form.get("role", ""),
                "display_name": form.get("display_name", ""),
                "email": form.get("email") or None,
                "kvk_number": form.get("kvk_number") or None,
            }
        )
        account, token = p.create_account(
            c.who,
            body.name,  # type: ignore[attr-defined]
            body.role,  # type: ignore[attr-defined]
            display_name=body.display_name,  # type: ignore[attr-defined]
            email=body.email,  # type: ignore[attr-defined]
            kvk_number=body.kvk_number,  # type: ignore[attr-defined]
        )
        link = str(c.request.base_url).rstrip("/") + "/portal/accept?" + urlencode({"token": token})
        data = analyst_view(c)
        return render(
            c.request, "portal_analyst.html", who=c.who, csrf=c.csrf, new_link=link, new=account, **data
        )

    form_route("/portal/certificates/{certificate_id}/verify", ("analyst",), act_verify, ANALYST_BACK)
    form_route("/portal/analyst/accounts", ("analyst",), act_account, ANALYST_BACK)

    def analyst_firm_view(c: Ctx) -> dict[str, Any]:
        kvk = path_kvk(c)
        firm = get_portal().firm(c.who, kvk)
        seen = None
        if analytic is not None:
            try:
                seen = analytic(kvk)
            except Exception:  # noqa: BLE001 (not in the analytic store)
                seen = None
        return {"title": f"KvK {kvk}", "firm": firm, "seen": seen, "kvk": kvk}

    page_route(
        "/portal/analyst/firms/{kvk_number}", "portal_analyst_firm.html", ("analyst",), analyst_firm_view
    )

    @app.get("/portal/analyst/firm", include_in_schema=False)
    def analyst_find_firm(request: Request, kvk_number: str = "") -> Response:
        c = signed_in(request)
        if c is None:
            return RedirectResponse("/portal/login", status_code=303)
        if c.who.role != "analyst":
            return forbidden(request, "this is for analyst accounts")
        kvk = "".join(ch for ch in kvk_number if ch.isdigit())[:8]
        return RedirectResponse(f"/portal/analyst/firms/{kvk}", status_code=303)

    @app.get("/portal/analyst/firms/{kvk_number}/contact", include_in_schema=False)
    def analyst_contact(request: Request, kvk_number: str) -> Response:
        c = signed_in(request)
        if c is None:
            return RedirectResponse("/portal/login", status_code=303)
        if c.who.role != "analyst":
            return forbidden(request, "this is for analyst accounts")
        try:
            kvk = path_kvk(c)
        except NotFoundError as exc:
            return render(request, "portal_error.html", 404, title="404", message=str(exc), who=c.who)
        return contact_json(get_portal().export_contact(c.who, kvk), kvk)

    def act_analyst_contact_delete(p: Portal, c: Ctx, form: dict[str, str]) -> str:
        kvk = path_kvk(c)
        p.delete_contact(c.who, kvk)
        return f"/portal/analyst/firms/{kvk}"

    form_route(
        "/portal/analyst/firms/{kvk_number}/contact/delete",
        ("analyst",),
        act_analyst_contact_delete,
        ("portal_analyst_firm.html", analyst_firm_view),
    )


def _stage_counts(follow: list[dict[str, Any]]) -> dict[str, int]:
    return {
        "invited": sum(f["invited"] for f in follow),
        "put_forward": sum(f["put_forward"] for f in follow),
        "responded": sum(f["answer"] is not None for f in follow),
        "interested": sum(f["answer"] == "interested" for f in follow),
        "shortlisted": sum(f["shortlisted"] for f in follow),
        "won": sum(f["won"] for f in follow),
    }
