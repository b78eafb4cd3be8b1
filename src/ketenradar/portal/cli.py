"""`ketenradar portal analyst|accounts`: the first analyst account, and a look at the accounts.

Analysts create every other account (buyers, firms) through the API, each with a one-time invitation.
"""

from __future__ import annotations

from typing import Annotated

import typer

from ketenradar.web.users_cli import PasswordStdin, read_password

portal_app = typer.Typer(help="The portal: accounts of analysts, buyers and firms (docs/portal.md).")


def _config(ctx: typer.Context):
    from ketenradar.cli import options

    return options(ctx).config()


def _portal(ctx: typer.Context):
    from ketenradar.portal import Portal, PortalStore, default_url

    config = _config(ctx)
    return Portal(PortalStore(config.portal.url or default_url(config.store.path)))


@portal_app.command("analyst")
def analyst(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="Account name (letters, digits, . _ @ -).")],
    password_stdin: PasswordStdin = False,
) -> None:
    """Create an analyst account with a password (argon2id hash); analysts invite everyone else."""
    from ketenradar.cli import fail
    from ketenradar.errors import KetenradarError

    password = read_password(password_stdin)
    try:
        portal = _portal(ctx)
        portal.bootstrap_analyst(name, password)
    except KetenradarError as exc:
        fail(exc)
    typer.echo(f"analyst {name} created in {portal.store.url.split('://', 1)[0]} portal store")


@portal_app.command("accounts")
def accounts(ctx: typer.Context) -> None:
    """Accounts: name, role, KvK number, whether a password is set (never hashes)."""
    from ketenradar.cli import fail
    from ketenradar.errors import KetenradarError
    from ketenradar.portal.models import Account

    try:
        portal = _portal(ctx)
    except KetenradarError as exc:
        fail(exc)
    with portal.store.session() as s:
        for a in s.query(Account).order_by(Account.id):
            typer.echo(
                f"{a.name}\t{a.role}\t{a.kvk_number or ''}\t{'active' if a.password_hash else 'invited'}"
            )


@portal_app.command("send-mail")
def send_mail(ctx: typer.Context) -> None:
    """Send waiting notifications from the outbox to the `[portal] smtp_host` server."""
    from ketenradar.cli import fail
    from ketenradar.errors import InputError, KetenradarError
    from ketenradar.portal.mail import SmtpSettings, send_outbox

    config = _config(ctx)
    try:
        if not config.portal.smtp_host:
            raise InputError("no SMTP server: set [portal] smtp_host", field="portal.smtp_host")
        settings = SmtpSettings(config.portal.smtp_host, config.portal.smtp_port, config.portal.mail_from)
        result = send_outbox(_portal(ctx), settings)
    except KetenradarError as exc:
        fail(exc)
    except OSError as exc:
        fail(InputError(f"cannot reach the SMTP server: {exc}", field="portal.smtp_host"))
    typer.echo(f"sent {result.sent}, failed {result.failed}, without address {result.no_address}")
