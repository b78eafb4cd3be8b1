"""`ketenradar serve`: the dashboard and JSON API on the store, with uvicorn."""

from __future__ import annotations

import ipaddress

from ketenradar.config import Config
from ketenradar.errors import KetenradarError
from ketenradar.stage import err_console


def is_loopback(host: str) -> bool:
    if host.strip("[]").lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False  # a host name: it may resolve to anything


class AuthRequired(KetenradarError):
    """Serving beyond loopback without users would let anyone on the network read the store."""


def serve(config: Config, *, host: str | None = None, port: int | None = None, quiet: bool = False) -> None:
    import uvicorn

    from ketenradar.web.app import create_app
    from ketenradar.web.auth import UserFile, users_path

    host = host or config.serve.host
    port = port or config.serve.port
    if not 1 <= port <= 65535:
        raise KetenradarError(f"--port must be 1-65535, got {port}")
    users_file = users_path(config.store.path, config.serve.users_file)
    n_users = len(UserFile(users_file))
    if not is_loopback(host) and n_users == 0:
        raise AuthRequired(
            f"refusing to serve on {host}: beyond loopback the dashboard needs sign-in, and {users_file} "
            "has no users. Add one with `ketenradar users add NAME --role viewer` (docs/security.md), "
            "or serve on 127.0.0.1."
        )
    if not quiet:
        err_console.print(f"loading {config.store.path} (read-only) ...")
    app = create_app(
        config.store.path, model=config.embed.model, users_file=users_file, portal_url=config.portal.url
    )
    if config.portal.smtp_host:  # the portal's notifications go out while the app runs (docs/portal.md)
        from ketenradar.portal.mail import OutboxSender, SmtpSettings

        smtp = SmtpSettings(config.portal.smtp_host, config.portal.smtp_port, config.portal.mail_from)
        OutboxSender(app.state.portal, smtp).start()
    # Load the query embedder now, so that the first matchmaking request does not wait for it.
    app.state.ctx.embedder()
    if not quiet:
        signin = (
            f"sign-in required ({n_users} users in {users_file})" if n_users else "no sign-in (loopback only)"
        )
        err_console.print(
            f"ketenradar dashboard on http://{host}:{port}/  (API: /api/..., OpenAPI: /openapi.json); {signin}; "
            "stages cannot write to the store while it is served"
        )
    uvicorn.run(app, host=host, port=port, log_level="warning" if quiet else "info")
