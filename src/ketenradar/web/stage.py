"""`ketenradar serve` entry point (not built yet)."""

from __future__ import annotations

from ketenradar.config import Config
from ketenradar.errors import NotBuiltYet


def serve(config: Config, *, host: str | None = None, port: int | None = None, quiet: bool = False) -> None:
    raise NotBuiltYet("the web dashboard is not built yet")
