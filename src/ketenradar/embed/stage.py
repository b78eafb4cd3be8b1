"""Stage entry point (not built yet: a later issue fills it in)."""

from __future__ import annotations

from ketenradar.config import Config
from ketenradar.errors import NotBuiltYet
from ketenradar.stage import StageContext, StageResult
from ketenradar.store import Store


def run(store: Store, config: Config, ctx: StageContext, **options: object) -> StageResult:
    raise NotBuiltYet("the 'embed' stage is not built yet")
