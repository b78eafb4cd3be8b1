"""Users, roles and sign-in for the dashboard and API (docs/security.md).

Users live in a small JSON file beside the store (`<store>-users.json`, or `[serve] users_file`),
written by `ketenradar users add`: a name, a role and an argon2id hash of the password (argon2-cffi),
never the password. When the file has users, every page and API call needs a signed-in user:

- the browser signs in on `/login` and gets a random session token in an HttpOnly, SameSite=Strict
  cookie (sessions live in the server's memory and end after `SESSION_SECONDS` or a restart);
- scripts send HTTP Basic credentials with each API call.

An anonymous request gets 401: the sign-in form for a page, JSON (with `WWW-Authenticate: Basic`) for
the API. `ketenradar serve` refuses to listen beyond loopback while no user exists (web/stage.py).
Roles rank viewer < analyst < admin; `require_role("analyst")` guards a route that changes data.
"""

from __future__ import annotations

import base64
import binascii
import json
import os
import re
import secrets
import threading
import time
from collections import deque
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.concurrency import run_in_threadpool

from ketenradar.errors import InputError

ROLES = ("viewer", "analyst", "admin")
SESSION_COOKIE = "ketenradar_session"
SESSION_SECONDS = 12 * 3600
MAX_FAILURES = 10
"""Failed sign-ins per client address within FAILURE_WINDOW before it is answered 429."""
FAILURE_WINDOW = 300.0
MIN_PASSWORD = 10
_NAME = re.compile(r"^[A-Za-z0-9._@-]{1,64}$")
PUBLIC_PATHS = ("/login", "/static/")


def set_session_cookie(response: Response, request: Request, name: str, token: str) -> Response:
    """Put a session token in an http-only, same-site-strict cookie (secure over https); the
    dashboard's and the portal's sign-ins share it."""
    response.set_cookie(
        name,
        token,
        max_age=SESSION_SECONDS,
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
        path="/",
    )
    return response


_hasher = PasswordHasher()  # argon2id with the library's (RFC 9106 low-memory) defaults
# Compared against when the name is unknown, so a wrong name costs as long as a wrong password.
_DUMMY_HASH = _hasher.hash(secrets.token_hex(16))


def users_path(store_path: str | Path, users_file: str | None = None) -> Path:
    """The users file of a store: `users_file` when set, else `<store stem>-users.json` beside it."""
    if users_file:
        return Path(users_file)
    p = Path(store_path)
    return p.with_name(p.stem + "-users.json")


@dataclass(frozen=True)
class User:
    name: str
    role: str

    def has(self, role: str) -> bool:
        return ROLES.index(self.role) >= ROLES.index(role)


class UserFile:
    """The users file: {"users": [{"name", "role", "hash"}]}; written atomically, readable by its owner only."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._users: dict[str, dict[str, str]] = {}
        if self.path.exists():
            try:
                data = json.loads(self.path.read_text(encoding="utf-8"))
                entries = data["users"]
                for entry in entries:
                    name, role, hashed = entry["name"], entry["role"], entry["hash"]
                    if role not in ROLES or not isinstance(hashed, str) or not _NAME.match(name):
                        raise ValueError(f"bad entry for {name!r}")
                    self._users[name] = {"name": name, "role": role, "hash": hashed}
            except (OSError, ValueError, KeyError, TypeError) as exc:
                raise InputError(f"not a readable users file: {exc}", path=str(self.path)) from exc

    def __len__(self) -> int:
        return len(self._users)

    def users(self) -> list[User]:
        return [User(u["name"], u["role"]) for u in sorted(self._users.values(), key=lambda u: u["name"])]

    def add(self, name: str, password: str, role: str) -> None:
        if not _NAME.match(name):
            raise InputError("a user name is 1-64 letters, digits or . _ @ -", field="name")
        if role not in ROLES:
            raise InputError(f"unknown role {role!r} ({', '.join(ROLES)})", field="role")
        if len(password) < MIN_PASSWORD:
            raise InputError(f"a password has at least {MIN_PASSWORD} characters", field="password")
        self._users[name] = {"name": name, "role": role, "hash": _hasher.hash(password)}
        self.save()

    def remove(self, name: str) -> bool:
        if self._users.pop(name, None) is None:
            return False
        self.save()
        return True

    def save(self) -> None:
        tmp = self.path.with_name(self.path.name + ".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump({"users": list(self._users.values())}, fh, indent=1)
        os.replace(tmp, self.path)

    def verify(self, name: str, password: str) -> User | None:
        """The user when the password is theirs (argon2 verify, constant work for unknown names)."""
        entry = self._users.get(name)
        try:
            _hasher.verify(entry["hash"] if entry else _DUMMY_HASH, password)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return None
        return User(entry["name"], entry["role"]) if entry else None


class Sessions:
    """Random session tokens -> (user, expiry), in memory."""

    def __init__(self) -> None:
        self._by_token: dict[str, tuple[User, float]] = {}
        self._lock = threading.Lock()

    def start(self, user: User) -> str:
        token = secrets.token_urlsafe(32)
        with self._lock:
            now = time.time()
            self._by_token = {t: v for t, v in self._by_token.items() if v[1] > now}
            self._by_token[token] = (user, now + SESSION_SECONDS)
        return token

    def user(self, token: str | None) -> User | None:
        if not token:
            return None
        with self._lock:
            got = self._by_token.get(token)
            if got is None or got[1] < time.time():
                self._by_token.pop(token, None)
                return None
            return got[0]

    def end(self, token: str | None) -> None:
        with self._lock:
            self._by_token.pop(token or "", None)


class Throttle:
    """Failed sign-ins per client address in a sliding window."""

    def __init__(self) -> None:
        self._fails: dict[str, deque[float]] = {}

    def blocked(self, client: str) -> bool:
        q = self._fails.get(client)
        if not q:
            return False
        while q and q[0] < time.time() - FAILURE_WINDOW:
            q.popleft()
        return len(q) >= MAX_FAILURES

    def fail(self, client: str) -> None:
        self._fails.setdefault(client, deque()).append(time.time())


def _basic(header: str | None) -> tuple[str, str] | None:
    if not header or not header.lower().startswith("basic "):
        return None
    try:
        name, sep, password = (
            base64.b64decode(header[6:].strip(), validate=True).decode("utf-8").partition(":")
        )
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None
    return (name, password) if sep else None


def _public(path: str) -> bool:
    # The portal API signs in its own accounts (buyers, firms) and refuses anonymous calls itself.
    return path in ("/login", "/portal") or path.startswith(
        ("/static/", "/api/demands", "/api/portal/", "/portal/")
    )


def _env() -> Environment:
    return Environment(
        loader=PackageLoader("ketenradar.web", "templates"),
        autoescape=select_autoescape(["html"], default=True, default_for_string=True),
    )


def _safe_next(target: str | None) -> str:
    """Only a local path: a sign-in never redirects to another site."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/"


def require_role(role: str):
    """A FastAPI dependency: 403 unless the signed-in user has `role` (or more); open when auth is off."""
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}")

    def check(request: Request) -> User | None:
        user: User | None = getattr(request.state, "user", None)
        if getattr(request.app.state, "auth", None) is None:
            return user
        if user is None or not user.has(role):
            raise HTTPException(status_code=403, detail=f"this needs the role '{role}'")
        return user

    return check


class Auth:
    """Users file + sessions, installed on an app with `install`."""

    def __init__(self, users: UserFile) -> None:
        self.users = users
        self.sessions = Sessions()
        self.throttle = Throttle()
        self.env = _env()

    def identify(self, request: Request) -> User | None:
        # Credentials sent with the request win over a session cookie the client also has.
        if creds := _basic(request.headers.get("authorization")):
            client = request.client.host if request.client else "?"
            if self.throttle.blocked(client):
                return None
            user = self.users.verify(*creds)
            if user is None:
                self.throttle.fail(client)
            return user
        return self.sessions.user(request.cookies.get(SESSION_COOKIE))

    def login_page(
        self, request: Request, status: int = 401, error: str | None = None, next_path: str | None = None
    ) -> HTMLResponse:
        # Back to where the user was going: the form's target, ?next=, or the page that was asked for.
        next_path = next_path or request.query_params.get("next")
        if not next_path and request.url.path != "/login":
            next_path = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        html = self.env.get_template("login.html").render(next=_safe_next(next_path), error=error)
        return HTMLResponse(html, status_code=status)

    def install(self, app: FastAPI) -> None:
        app.state.auth = self

        @app.middleware("http")
        async def authenticate(request: Request, call_next: Any) -> Response:
            request.state.user = None
            if _public(request.url.path):
                return await call_next(request)
            user = await run_in_threadpool(self.identify, request)
            if user is None:
                if request.url.path.startswith("/api") or request.url.path == "/openapi.json":
                    return JSONResponse(
                        {"detail": "sign in first (session cookie or HTTP Basic credentials)", "field": None},
                        status_code=401,
                        headers={"WWW-Authenticate": 'Basic realm="ketenradar", charset="UTF-8"'},
                    )
                return self.login_page(request)
            request.state.user = user
            return await call_next(request)

        @app.get("/login", response_class=HTMLResponse, include_in_schema=False)
        def login_form(request: Request) -> HTMLResponse:
            return self.login_page(request, status=200)

        @app.post("/login", include_in_schema=False)
        async def login(request: Request) -> Response:
            client = request.client.host if request.client else "?"
            form = await request.form()
            name, password = str(form.get("username", ""))[:64], str(form.get("password", ""))[:1024]
            target = _safe_next(str(form.get("next", "/")))
            if self.throttle.blocked(client):
                return self.login_page(
                    request, status=429, error="too many failed sign-ins; wait a few minutes"
                )
            user = await run_in_threadpool(self.users.verify, name, password)
            if user is None:
                self.throttle.fail(client)
                return self.login_page(
                    request, status=401, error="unknown user or wrong password", next_path=target
                )
            resp = RedirectResponse(target, status_code=303)
            return set_session_cookie(resp, request, SESSION_COOKIE, self.sessions.start(user))

        @app.post("/logout", include_in_schema=False)
        def logout(request: Request) -> Response:
            self.sessions.end(request.cookies.get(SESSION_COOKIE))
            resp = RedirectResponse("/login?next=" + quote("/"), status_code=303)
            resp.delete_cookie(SESSION_COOKIE, path="/")
            return resp
