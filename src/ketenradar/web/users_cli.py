"""`ketenradar users add|remove|list`: the users who may sign in to the dashboard (web/auth.py)."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

users_app = typer.Typer(help="Users who may sign in to the dashboard (needed to serve beyond loopback).")


def _file(ctx: typer.Context):
    from ketenradar.cli import options
    from ketenradar.web.auth import UserFile, users_path

    config = options(ctx).config()
    return UserFile(users_path(config.store.path, config.serve.users_file))


def _fail(exc: Exception) -> None:
    from ketenradar.cli import fail

    fail(exc)


PasswordStdin = Annotated[
    bool, typer.Option("--password-stdin", help="Read the password from the first line of stdin.")
]
"""The `--password-stdin` option of every command that sets a password (users, portal accounts)."""


def read_password(from_stdin: bool) -> str:
    """The first line of stdin (scripts), or asked twice at the prompt without echo."""
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return typer.prompt("password", hide_input=True, confirmation_prompt=True)


@users_app.command("add")
def add(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="User name (letters, digits, . _ @ -).")],
    role: Annotated[str, typer.Option(help="viewer (read), analyst (read and review), admin.")] = "viewer",
    password_stdin: PasswordStdin = False,
) -> None:
    """Add a user (or set a user's password and role). The password is stored as an argon2id hash."""
    from ketenradar.errors import KetenradarError

    password = read_password(password_stdin)
    try:
        users = _file(ctx)
        users.add(name, password, role)
    except KetenradarError as exc:
        _fail(exc)
    typer.echo(f"user {name} ({role}) saved in {users.path}")


@users_app.command("remove")
def remove(ctx: typer.Context, name: Annotated[str, typer.Argument(help="User name.")]) -> None:
    """Remove a user (their open sessions end when `serve` restarts)."""
    from ketenradar.errors import InputError, KetenradarError

    try:
        users = _file(ctx)
        if not users.remove(name):
            raise InputError(f"no user {name!r}", path=str(users.path))
    except KetenradarError as exc:
        _fail(exc)
    typer.echo(f"user {name} removed from {users.path}")


@users_app.command("list")
def list_users(ctx: typer.Context) -> None:
    """Users and their roles (never the hashes)."""
    from ketenradar.errors import KetenradarError

    try:
        users = _file(ctx)
    except KetenradarError as exc:
        _fail(exc)
    for user in users.users():
        typer.echo(f"{user.name}\t{user.role}")
