"""The stage contract shared by every pipeline stage.

A stage is a module with one entry point::

    def run(store: Store, config: Config, ctx: StageContext, **options) -> StageResult

It reads its inputs from the store (and, for `ingest`, the given files), writes only its own
tables inside transactions, and can be re-run safely. Heavy stages accept `ctx.firms`, a partition
of KvK numbers (`Runner.run(name, firms=[...])` sets it), so that the local and the distributed
engine call the same code. Callers go through `ketenradar.runner.Runner`, never call `run` by hand.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from ketenradar import __version__

# The one name, in every stage's figures, of "input units skipped because nothing they depend on
# changed" (files for ingest, records for resolve, pages for extract, firms for the later stages).
SKIPPED_UNCHANGED = "skipped_unchanged"


def input_digest(*parts: Any) -> str:
    """A stable hash of JSON-able parts plus the ketenradar version (a newer release may differ)."""
    payload = json.dumps([__version__, *parts], sort_keys=True, default=str)
    return hashlib.sha256(payload.encode()).hexdigest()


# Progress and messages go to stderr so that `--json` output on stdout stays machine-readable.
err_console = Console(stderr=True)


@dataclass
class StageResult:
    """Counts and figures a stage reports. The CLI prints them as tables, or as JSON with --json."""

    stage: str
    counts: dict[str, Any] = field(default_factory=dict)
    tables: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    messages: list[str] = field(default_factory=list)
    run_id: str | None = None
    seconds: float | None = None  # wall time, set by the pipeline runner
    extra: dict[str, Any] = field(default_factory=dict)  # further top-level JSON keys (e.g. review)

    def to_dict(self) -> dict[str, Any]:
        return {
            "stage": self.stage,
            "run_id": self.run_id,
            "seconds": self.seconds,
            "counts": self.counts,
            "tables": self.tables,
            "messages": self.messages,
            **self.extra,
        }


class ProgressHandle:
    def __init__(self, progress: Progress | None, task: Any):
        self._progress, self._task = progress, task

    def advance(self, n: int = 1) -> None:
        if self._progress is not None:
            self._progress.advance(self._task, n)

    def update(
        self, completed: int | None = None, total: int | None = None, description: str | None = None
    ) -> None:
        if self._progress is not None:
            kwargs: dict[str, Any] = {}
            if completed is not None:
                kwargs["completed"] = completed
            if total is not None:
                kwargs["total"] = total
            if description is not None:
                kwargs["description"] = description
            self._progress.update(self._task, **kwargs)


@dataclass
class StageContext:
    """What the caller hands a stage besides store and config."""

    run_id: str
    quiet: bool = False
    firms: list[str] | None = None

    @contextmanager
    def progress(self, description: str, total: int | None) -> Iterator[ProgressHandle]:
        """A rich progress bar on stderr (nothing when quiet)."""
        if self.quiet:
            yield ProgressHandle(None, None)
            return
        progress = Progress(
            SpinnerColumn(),
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            TimeRemainingColumn(),
            console=err_console,
            transient=False,
        )
        with progress:
            task = progress.add_task(description, total=total)
            yield ProgressHandle(progress, task)

    def log(self, message: str) -> None:
        if not self.quiet:
            err_console.print(message)
