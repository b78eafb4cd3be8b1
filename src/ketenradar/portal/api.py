"""The portal's HTTP API: `/api/demands/...` and `/api/portal/...`, in the app's OpenAPI document.

Portal accounts sign in on their own (they are not dashboard users): HTTP Basic with each call, or
`POST /api/portal/session` for a session cookie. A cookie-authenticated call that changes data must
carry the session's CSRF token in `X-CSRF-Token` (the cookie is SameSite=Strict as well). Failed
sign-ins are rate-limited per client address like the dashboard's.
"""

import datetime as dt
import secrets
import threading
import time
from collections.abc import Callable
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, FastAPI, HTTPException, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, ConfigDict, Field, HttpUrl, field_validator
from starlette.concurrency import run_in_threadpool

from ketenradar.errors import InputError
from ketenradar.portal.matching import DemandMatcher
from ketenradar.portal.service import Forbidden, NotFoundError, Portal, Principal
from ketenradar.portal.store import PortalStore
from ketenradar.web.auth import SESSION_SECONDS, Throttle, _basic, set_session_cookie

PORTAL_COOKIE = "ketenradar_portal"
CSRF_HEADER = "X-CSRF-Token"
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
PREFIXES = ("/api/demands", "/api/portal")
KVK = Annotated[str, Field(pattern=r"^\d{8}$")]
Text = Annotated[str, Field(max_length=20_000)]


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class LoginIn(_In):
    name: Annotated[str, Field(min_length=1, max_length=64)]
    password: Annotated[str, Field(min_length=1, max_length=1024)]


class AcceptIn(_In):
    token: Annotated[str, Field(min_length=10, max_length=200)]
    password: Annotated[str, Field(min_length=10, max_length=1024)]


class AccountIn(_In):
    name: Annotated[str, Field(pattern=r"^[A-Za-z0-9._@-]{1,64}$")]
    role: Literal["analyst", "buyer", "firm"]
    display_name: Annotated[str, Field(max_length=200)] = ""
    email: Annotated[str, Field(max_length=254, pattern=r"^[^@\s]+@[^@\s]+$")] | None = None
    kvk_number: KVK | None = None


class ProfileIn(_In):
    website: HttpUrl | None = None
    contact_name: Annotated[str, Field(max_length=200)] | None = None
    contact_email: Annotated[str, Field(max_length=254, pattern=r"^[^@\s]+@[^@\s]+$")] | None = None
    contact_phone: Annotated[str, Field(max_length=40, pattern=r"^[0-9 +()-]*$")] | None = None
    defence_opt_in: bool = False  # sent or not: exclude_unset keeps an absent one unchanged


class CapabilityIn(_In):
    capability: Annotated[str, Field(min_length=1, max_length=100)]


class CertificateIn(_In):
    standard: Annotated[str, Field(min_length=1, max_length=100)]
    number: Annotated[str, Field(min_length=1, max_length=100)]
    issuer: Annotated[str, Field(min_length=1, max_length=200)]
    expires_on: dt.date
    evidence_url: HttpUrl | None = None


class RequirementsIn(_In):
    certifications: Annotated[list[Annotated[str, Field(max_length=100)]], Field(max_length=50)] = []
    place: Annotated[str, Field(max_length=200)] | None = None
    radius_km: Annotated[float, Field(gt=0, le=1000)] | None = None
    provinces: Annotated[list[Annotated[str, Field(max_length=100)]], Field(max_length=20)] = []
    size_classes: Annotated[list[Annotated[str, Field(max_length=20)]], Field(max_length=10)] = []
    capabilities: Annotated[
        list[Annotated[str, Field(min_length=1, max_length=200)]], Field(max_length=30)
    ] = []
    """For the consortium builder: one capability per role (indicator id or free text)."""


class DemandIn(_In):
    title: Annotated[str, Field(min_length=1, max_length=200)]
    text: Annotated[str, Field(min_length=1, max_length=20_000)]
    requirements: RequirementsIn = RequirementsIn()
    deadline: dt.date
    visibility: Literal["open", "invited"] = "open"

    @field_validator("deadline")
    @classmethod
    def _future(cls, value: dt.date) -> dt.date:
        if value < dt.date.today():
            raise ValueError("the deadline is in the past")
        return value


class DemandPatch(_In):
    title: Annotated[str, Field(min_length=1, max_length=200)] | None = None
    text: Annotated[str, Field(min_length=1, max_length=20_000)] | None = None
    deadline: dt.date | None = None
    visibility: Literal["open", "invited"] | None = None
    status: Literal["open", "closed"] | None = None

    @field_validator("deadline")
    @classmethod
    def _future(cls, value: dt.date | None) -> dt.date | None:
        if value is not None and value < dt.date.today():
            raise ValueError("the deadline is in the past")
        return value


class FirmRef(_In):
    kvk_number: KVK


class StepIn(_In):
    kvk_number: KVK
    step: Literal["shortlisted", "won"]


class ResponseIn(_In):
    answer: Literal["interested", "not_interested"]
    note: Annotated[str, Field(max_length=5000)] = ""


class _Sessions:
    """Portal session token -> (account id, CSRF token, expiry), in memory."""

    def __init__(self) -> None:
        self._by_token: dict[str, tuple[int, str, float]] = {}
        self._lock = threading.Lock()

    def start(self, account_id: int) -> tuple[str, str]:
        token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
        with self._lock:
            now = time.time()
            self._by_token = {t: v for t, v in self._by_token.items() if v[2] > now}
            self._by_token[token] = (account_id, csrf, now + SESSION_SECONDS)
        return token, csrf

    def get(self, token: str | None) -> tuple[int, str] | None:
        with self._lock:
            got = self._by_token.get(token or "")
            if got is None or got[2] < time.time():
                return None
            return got[0], got[1]

    def end(self, token: str | None) -> None:
        with self._lock:
            self._by_token.pop(token or "", None)


def _jsonable(data: BaseModel) -> dict[str, Any]:
    out = data.model_dump(exclude_unset=True)
    for key, value in list(out.items()):
        if not isinstance(value, str | int | float | bool | dict | list | dt.date | type(None)):
            out[key] = str(value)  # HttpUrl
    return out


def install_portal(
    app: FastAPI,
    portal: Portal | Callable[[], Portal],
    analytic: Callable[[str], dict[str, Any]] | None = None,
    matcher: DemandMatcher | None = None,
) -> None:
    """Add the portal's routes to `app`. `portal` may be a factory: the store opens on first use.

    `analytic(kvk)` is the firm as the analytic store sees it (web/context.py), shown to the firm itself;
    `matcher` ranks firms for demands and demands for firms over the analytic store's index.
    """
    lock = threading.Lock()
    holder: dict[str, Portal] = {}

    def get_portal() -> Portal:
        if isinstance(portal, Portal):
            return portal
        with lock:
            if "p" not in holder:
                holder["p"] = portal()
            return holder["p"]

    sessions = _Sessions()
    throttle = Throttle()
    app.state.portal = get_portal

    def client(request: Request) -> str:
        return request.client.host if request.client else "?"

    def principal(request: Request) -> Principal:
        if creds := _basic(request.headers.get("authorization")):
            if throttle.blocked(client(request)):
                raise HTTPException(429, "too many failed sign-ins; wait a few minutes")
            who = get_portal().authenticate(*creds)
            if who is None:
                throttle.fail(client(request))
                raise HTTPException(401, "unknown account or wrong password", {"WWW-Authenticate": "Basic"})
            return who
        got = sessions.get(request.cookies.get(PORTAL_COOKIE))
        if got is None:
            raise HTTPException(
                401, "sign in first (portal session or HTTP Basic)", {"WWW-Authenticate": "Basic"}
            )
        account_id, csrf = got
        if request.method not in SAFE_METHODS and not secrets.compare_digest(
            request.headers.get(CSRF_HEADER, ""), csrf
        ):
            raise HTTPException(403, f"missing or wrong {CSRF_HEADER}")
        who = get_portal().principal(account_id)
        if who is None:
            raise HTTPException(401, "this account is disabled")
        return who

    Who = Annotated[Principal, Depends(principal)]

    async def call(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        try:
            return await run_in_threadpool(fn, *args, **kwargs)
        except Forbidden as exc:
            raise HTTPException(403, str(exc)) from exc
        except NotFoundError as exc:
            raise HTTPException(404, str(exc)) from exc

    def need_matcher() -> DemandMatcher:
        if matcher is None:
            raise HTTPException(404, "no analytic store behind this portal: matching is not available")
        return matcher

    # -- sign-in --------------------------------------------------------------------------------------
    session_api = APIRouter(prefix="/api/portal", tags=["portal"])

    @session_api.post("/session")
    async def sign_in(body: LoginIn, request: Request) -> JSONResponse:
        """Sign in with a portal account: sets the session cookie, returns the CSRF token."""
        if throttle.blocked(client(request)):
            raise HTTPException(429, "too many failed sign-ins; wait a few minutes")
        who = await run_in_threadpool(get_portal().authenticate, body.name, body.password)
        if who is None:
            throttle.fail(client(request))
            raise HTTPException(401, "unknown account or wrong password")
        token, csrf = sessions.start(who.account_id)
        resp = JSONResponse(
            {"name": who.name, "role": who.role, "kvk_number": who.kvk_number, "csrf_token": csrf}
        )
        return set_session_cookie(resp, request, PORTAL_COOKIE, token)

    @session_api.delete("/session")
    def sign_out(request: Request, who: Who) -> Response:
        sessions.end(request.cookies.get(PORTAL_COOKIE))
        resp = Response(status_code=204)
        resp.delete_cookie(PORTAL_COOKIE, path="/")
        return resp

    @session_api.post("/invitations/accept")
    async def accept(body: AcceptIn) -> dict[str, Any]:
        """Set the password of an invited account with its one-time token."""
        return await call(get_portal().accept_invitation, body.token, body.password)

    # -- accounts, firms, audit -----------------------------------------------------------------------
    api = APIRouter(prefix="/api/portal", tags=["portal"])

    @api.get("/me")
    def me(who: Who) -> dict[str, Any]:
        return {"name": who.name, "role": who.role, "kvk_number": who.kvk_number}

    @api.get("/accounts")
    async def accounts(who: Who) -> list[dict[str, Any]]:
        return await call(get_portal().list_accounts, who)

    @api.post("/accounts", status_code=201)
    async def create_account(body: AccountIn, who: Who) -> dict[str, Any]:
        """Create an account and its one-time invitation token (returned once, stored hashed)."""
        account, token = await call(
            get_portal().create_account,
            who,
            body.name,
            body.role,
            display_name=body.display_name,
            email=body.email,
            kvk_number=body.kvk_number,
        )
        return {**account, "invitation_token": token}

    @api.get("/firms")
    async def firms(who: Who) -> list[str]:
        """KvK numbers visible to a buyer (opted in or put forward) or an analyst (all)."""
        return await call(get_portal().visible_firms, who)

    @api.get("/firms/{kvk_number}")
    async def firm(kvk_number: KVK, who: Who) -> dict[str, Any]:
        return await call(get_portal().firm, who, kvk_number)

    @api.patch("/firms/{kvk_number}")
    async def update_profile(kvk_number: KVK, body: ProfileIn, who: Who) -> dict[str, Any]:
        return await call(get_portal().update_profile, who, kvk_number, _jsonable(body))

    @api.post("/firms/{kvk_number}/capabilities", status_code=204)
    async def add_capability(kvk_number: KVK, body: CapabilityIn, who: Who) -> None:
        await call(get_portal().add_capability, who, kvk_number, body.capability)

    @api.delete("/firms/{kvk_number}/capabilities/{capability}", status_code=204)
    async def remove_capability(
        kvk_number: KVK, capability: Annotated[str, Field(max_length=100)], who: Who
    ) -> None:
        if not await call(get_portal().remove_capability, who, kvk_number, capability):
            raise HTTPException(404, "no such capability")

    @api.post("/firms/{kvk_number}/certificates", status_code=201)
    async def add_certificate(kvk_number: KVK, body: CertificateIn, who: Who) -> dict[str, Any]:
        return await call(get_portal().add_certificate, who, kvk_number, _jsonable(body))

    @api.get("/firms/{kvk_number}/as-seen")
    async def as_seen(kvk_number: KVK, who: Who) -> dict[str, Any]:
        """The firm as ketenradar sees it: registry data, website, indicators with evidence sentences."""
        await call(get_portal().check_own_firm, who, kvk_number)
        if analytic is None:
            raise HTTPException(404, "no analytic store behind this portal")
        seen = await run_in_threadpool(analytic, kvk_number)
        return {"kvk_number": kvk_number, **{k: seen.get(k) for k in ("registry", "site", "indicators")}}

    @api.get("/firms/{kvk_number}/contact")
    async def export_contact(kvk_number: KVK, who: Who) -> dict[str, Any]:
        """The contact person and its change history (GDPR access request)."""
        return await call(get_portal().export_contact, who, kvk_number)

    @api.delete("/firms/{kvk_number}/contact", status_code=204)
    async def delete_contact(kvk_number: KVK, who: Who) -> None:
        """Erase the contact person, from the profile and from the audit log's values (GDPR erasure)."""
        await call(get_portal().delete_contact, who, kvk_number)

    @api.post("/certificates/{certificate_id}/verify")
    async def verify_certificate(certificate_id: int, who: Who) -> dict[str, Any]:
        return await call(get_portal().verify_certificate, who, certificate_id)

    @api.get("/certificates")
    async def pending_certificates(who: Who) -> list[dict[str, Any]]:
        """Certificates waiting for verification: declared, not verified, not expired (analyst)."""
        return await call(get_portal().pending_certificates, who)

    @api.get("/report")
    async def report(who: Who) -> dict[str, Any]:
        """Per buyer: demands, firms asked, response rate, shortlisted, won; and the firms that won (analyst)."""
        return await call(get_portal().report, who)

    @api.get("/matches")
    async def matches(who: Who) -> list[dict[str, Any]]:
        """A firm's demands, those that fit it first (ranked), each with why it fits."""
        m = need_matcher()
        mine = await call(get_portal().firm_demands, who)
        peers = await run_in_threadpool(get_portal().opted_in_firms, who)
        return await run_in_threadpool(m.fits_for_firm, mine, who.kvk_number or "", peers)

    @api.get("/audit")
    async def audit(who: Who, limit: Annotated[int, Field(ge=1, le=10_000)] = 500) -> list[dict[str, Any]]:
        return await call(get_portal().audit, who, limit)

    @api.get("/outbox")
    async def outbox(who: Who) -> list[dict[str, Any]]:
        return await call(get_portal().outbox, who)

    # -- demands --------------------------------------------------------------------------------------
    demands_api = APIRouter(prefix="/api/demands", tags=["demands"])

    @demands_api.get("")
    async def demands(who: Who) -> list[dict[str, Any]]:
        """Analyst: all; buyer: its own; firm: open demands (when opted in) and those it is linked to."""
        return await call(get_portal().demands, who)

    @demands_api.post("", status_code=201)
    async def post_demand(body: DemandIn, who: Who) -> dict[str, Any]:
        data = body.model_dump()
        return await call(get_portal().post_demand, who, data)

    @demands_api.get("/{demand_id}")
    async def demand(demand_id: int, who: Who) -> dict[str, Any]:
        return await call(get_portal().demand, who, demand_id)

    @demands_api.patch("/{demand_id}")
    async def update_demand(demand_id: int, body: DemandPatch, who: Who) -> dict[str, Any]:
        return await call(get_portal().update_demand, who, demand_id, body.model_dump(exclude_unset=True))

    @demands_api.get("/{demand_id}/firms")
    async def demand_firms(demand_id: int, who: Who) -> list[dict[str, Any]]:
        return await call(get_portal().linked_firms, who, demand_id)

    @demands_api.post("/{demand_id}/invitations")
    async def invite(demand_id: int, body: FirmRef, who: Who) -> dict[str, Any]:
        added = await call(get_portal().invite_firm, who, demand_id, body.kvk_number)
        return {"kvk_number": body.kvk_number, "added": added}

    @demands_api.post("/{demand_id}/put-forward")
    async def put_forward(demand_id: int, body: FirmRef, who: Who) -> dict[str, Any]:
        added = await call(get_portal().put_forward, who, demand_id, body.kvk_number)
        return {"kvk_number": body.kvk_number, "added": added}

    def allowed_firms(who: Principal, demand_id: int) -> set[str] | None:
        p = get_portal()
        p.follow_up(who, demand_id)  # the same rule: the demand's buyer or an analyst, else Forbidden
        return None if who.role == "analyst" else set(p.visible_firms(who))

    @demands_api.get("/{demand_id}/proposals")
    async def proposals(demand_id: int, who: Who) -> dict[str, Any]:
        """Firms the matchmaking ranks best for the demand (a buyer: only firms opted in or put forward)."""
        m = need_matcher()
        allowed = await call(allowed_firms, who, demand_id)
        d = await call(get_portal().demand, who, demand_id)
        return await run_in_threadpool(m.proposals, d, allowed)

    @demands_api.get("/{demand_id}/consortium")
    async def consortium(demand_id: int, who: Who) -> dict[str, Any] | None:
        """The consortium builder over the demand's capabilities, every role filled by a visible firm."""
        m = need_matcher()
        allowed = await call(allowed_firms, who, demand_id)
        d = await call(get_portal().demand, who, demand_id)
        try:
            return await run_in_threadpool(m.consortium, d, allowed)
        except InputError as exc:
            raise HTTPException(422, str(exc)) from exc

    @demands_api.get("/{demand_id}/follow-up")
    async def follow_up(demand_id: int, who: Who) -> list[dict[str, Any]]:
        """Each firm on the demand: invited / put forward, its answer, shortlisted, won."""
        return await call(get_portal().follow_up, who, demand_id)

    @demands_api.post("/{demand_id}/steps")
    async def step(demand_id: int, body: StepIn, who: Who) -> dict[str, Any]:
        """Shortlist a firm that answered interested, or mark a shortlisted firm as having won the work."""
        try:
            added = await call(get_portal().advance, who, demand_id, body.kvk_number, body.step)
        except InputError as exc:
            raise HTTPException(409, str(exc)) from exc
        return {"kvk_number": body.kvk_number, "step": body.step, "added": added}

    @demands_api.get("/{demand_id}/responses")
    async def responses(demand_id: int, who: Who) -> list[dict[str, Any]]:
        return await call(get_portal().responses, who, demand_id)

    @demands_api.put("/{demand_id}/response")
    async def respond(demand_id: int, body: ResponseIn, who: Who) -> dict[str, Any]:
        return await call(get_portal().respond, who, demand_id, body.answer, body.note)

    for router in (session_api, api, demands_api):
        app.include_router(router)
    from ketenradar.portal.pages import install_pages

    models = {
        "profile": ProfileIn,
        "capability": CapabilityIn,
        "certificate": CertificateIn,
        "demand": DemandIn,
        "response": ResponseIn,
        "firm_ref": FirmRef,
        "step": StepIn,
        "account": AccountIn,
    }
    install_pages(app, get_portal, sessions, throttle, PORTAL_COOKIE, models, analytic, matcher)  # type: ignore[arg-type]


def portal_factory(url: str) -> Callable[[], Portal]:
    return lambda: Portal(PortalStore(url))
