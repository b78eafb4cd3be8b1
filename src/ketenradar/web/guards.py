"""What stands between the network and the app: request limits, security headers, sign-in.

Kept apart from web/app.py so the routes stay readable; `install_guards` is called once per app.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI

from ketenradar.web.auth import Auth, UserFile
from ketenradar.web.headers import SecurityHeaders
from ketenradar.web.limits import RequestLimits


def install_guards(app: FastAPI, users_file: str | Path | None) -> None:
    """Sign-in when `users_file` has users; always security headers and request limits (outermost)."""
    app.state.auth = None
    if users_file is not None:
        users = UserFile(users_file)
        if len(users):
            Auth(users).install(app)
    # Starlette wraps in reverse order of adding: the last one added sees the request first.
    app.add_middleware(SecurityHeaders)
    app.add_middleware(RequestLimits)
