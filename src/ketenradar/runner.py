"""The stage registry and the one runner every caller goes through.

`STAGES` lists every stage once, in pipeline order, with the tables it reads and writes and the
figures that say whether it did its job. `Runner` opens the store, records the run and calls the
stage; the CLI, `ketenradar demo`, the tests (`tests/support.py`) and the benchmarks all use it, so a
stage behaves the same whoever calls it.

Skipping unchanged work is the stage's own job (only it knows its unit: a file, a page, a firm), but
every stage reports it under one name, `SKIPPED_UNCHANGED`, and hashes its inputs with
`input_digest` (both in `ketenradar.stage`).
"""

from __future__ import annotations

import importlib
import json
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ketenradar.config import Config
from ketenradar.errors import InputError
from ketenradar.stage import SKIPPED_UNCHANGED, StageContext, StageResult, err_console, input_digest
from ketenradar.store import Store

__all__ = [
    "DEMO_PIPELINE",
    "PIPELINE",
    "SKIPPED_UNCHANGED",
    "STAGES",
    "Runner",
    "Stage",
    "input_digest",
    "run_demo",
]

StageRun = Callable[..., StageResult]


def _lazy(module: str) -> StageRun:
    """The stage's `run`, imported on first call (the CLI starts fast; heavy imports wait)."""

    def run(store: Store, config: Config, ctx: StageContext, **options: Any) -> StageResult:
        return importlib.import_module(module).run(store, config, ctx, **options)

    run.__qualname__ = run.__name__ = f"{module}.run"
    return run


@dataclass(frozen=True)
class Stage:
    """One pipeline stage: its entry point and its data contract."""

    name: str
    run: StageRun
    reads: tuple[str, ...]
    writes: tuple[str, ...]
    headline: tuple[str, ...] = ()
    # Tables the stage appends one record per run to (a history, like `runs`): a rerun adds a row.
    appends: tuple[str, ...] = ()
    in_pipeline: bool = True


STAGES: dict[str, Stage] = {
    s.name: s
    for s in (
        Stage(
            "ingest",
            _lazy("ketenradar.sources.stage"),
            reads=("source_files",),
            writes=("source_files", "source_records", "rejects"),
            headline=("files", "records", "rows_rejected", "warnings"),
            in_pipeline=False,  # needs files: `run_pipeline` ingests the given files first
        ),
        Stage(
            "resolve",
            _lazy("ketenradar.resolve.stage"),
            reads=("source_files", "source_records", "link_overrides"),
            writes=("firms", "links", "labels", "link_overrides"),
            headline=("records", "firms", "linked", "ambiguous", "unmatched", "labels_A", "labels_B"),
        ),
        Stage(
            "crawl",
            _lazy("ketenradar.crawl.stage"),
            reads=("firms", "sites", "pages", "crawl_requests", "discovered_sites"),
            # A website corrected in the portal becomes the firm's chosen site (discover/portal.py).
            writes=("sites", "pages", "page_versions", "crawl_requests", "discovered_sites"),
            headline=(
                "sites_to_crawl",
                "sites_ok",
                "sites_unreachable",
                "sites_robots_forbidden",
                "pages_stored",
            ),
        ),
        Stage(
            "discover",
            _lazy("ketenradar.discover.stage"),
            reads=("firms", "links", "source_records", "sites", "pages", "discovered_sites"),
            # A chosen site replaces the firm's old one: its crawl rows are reset for the next crawl.
            writes=("discovered_sites", "sites", "crawl_requests"),
            headline=("firms_searched", "domains_fetched", "firms_found", "candidates_unsure"),
            in_pipeline=False,  # on demand: `ketenradar discover`; the demo runs it (DEMO_PIPELINE)
        ),
        Stage(
            "extract",
            _lazy("ketenradar.extract.stage"),
            reads=("pages", "crawl_requests", "sites", "page_texts", "documents"),
            writes=("page_texts", "documents"),
            headline=("pages_extracted", "documents_written", "firms_too_little_text"),
        ),
        Stage(
            "indicators",
            _lazy("ketenradar.indicators.stage"),
            reads=("firms", "documents", "page_texts", "sites", "firm_profile"),
            writes=("indicator_hits", "firm_profile"),
            headline=("firms_with_document", "website_hits", "registry_hits"),
        ),
        Stage(
            "embed",
            _lazy("ketenradar.embed.stage"),
            reads=("documents", "firms", "embedding_cache", "embed_models", "firm_vectors"),
            writes=("embedding_cache", "embed_models", "firm_vectors"),
            headline=("model", "firms_embedded", "passages_encoded", "passages_cached"),
        ),
        Stage(
            "score",
            _lazy("ketenradar.score.stage"),
            reads=("firms", "labels", "firm_profile", "firm_vectors", "indicator_hits", "score_runs"),
            writes=("scores", "thresholds", "score_runs"),
            headline=("method", "category_A", "category_B", "category_C", "category_D"),
        ),
        Stage(
            "evaluate",
            _lazy("ketenradar.evaluate.stage"),
            reads=(
                "links",
                "labels",
                "sites",
                "discovered_sites",
                "indicator_hits",
                "firm_profile",
                "scores",
                "score_runs",
            ),  # fmt: skip
            writes=("evaluations",),
            appends=("evaluations",),
        ),
        Stage(
            "report",
            _lazy("ketenradar.report.stage"),
            reads=("firms", "labels", "firm_profile", "indicator_hits", "scores", "score_runs", "sites"),
            writes=(),
            headline=("firms_exported", "out_dir"),
        ),
    )
}

# The stages `ketenradar run` runs after ingesting, in order.
PIPELINE: tuple[str, ...] = tuple(name for name, s in STAGES.items() if s.in_pipeline)
# The demo also looks for the sites no source lists: discover after the crawl, then a second crawl
# that fetches only the sites discover chose (every other site already has its final status).
DEMO_PIPELINE: tuple[str, ...] = tuple(
    step for name in PIPELINE for step in ((name, "discover", "crawl") if name == "crawl" else (name,))
)


def stage(name: str) -> Stage:
    try:
        return STAGES[name]
    except KeyError:
        raise InputError(f"unknown stage '{name}'; stages: {', '.join(STAGES)}") from None


@dataclass
class Runner:
    """Runs registered stages on the store `config.store.path`, one recorded run per call."""

    config: Config
    quiet: bool = False
    results: list[StageResult] = field(default_factory=list)

    def run(self, name: str, *, firms: list[str] | None = None, **options: Any) -> StageResult:
        """Open the store, record the run and call the stage; `firms` limits it to a partition."""
        with Store(self.config.store.path) as store:
            return self.run_in(store, name, firms=firms, **options)

    def run_in(
        self, store: Store, name: str, *, firms: list[str] | None = None, **options: Any
    ) -> StageResult:
        """As `run`, on a store the caller already opened (tests, benchmarks)."""
        spec = stage(name)
        record = {"config": self.config.to_dict(), "options": dict(options)}
        started = time.monotonic()
        with store.run(spec.name, record) as run:
            ctx = StageContext(run_id=run.run_id, quiet=self.quiet, firms=firms)
            result = spec.run(store, self.config, ctx, **options)
            result.run_id = run.run_id
            run.counts = result.counts
        result.seconds = round(time.monotonic() - started, 2)
        self.results.append(result)
        return result

    def pipeline(
        self,
        *,
        files: list[str] | None = None,
        sources: list[tuple[str, str]] | None = None,
        skip: set[str] | None = None,
        upto: str | None = None,
        stage_options: dict[str, dict] | None = None,
        order: tuple[str, ...] = PIPELINE,
    ) -> list[StageResult]:
        """Ingest `files` (kind detected) and `sources` ((path, kind) pairs), then every stage in
        `order` (default PIPELINE), up to and including the first run of `upto`."""
        skip = set(skip or ())
        stage_options = stage_options or {}
        unknown = skip - set(STAGES)
        if unknown or (upto is not None and upto not in STAGES):
            raise InputError(
                f"unknown stage(s): {', '.join(sorted(unknown or {str(upto)}))}; stages: {', '.join(STAGES)}"
            )
        results: list[StageResult] = []
        pairs = list(sources or []) + [(f, "auto") for f in files or []]
        if pairs and "ingest" not in skip:
            # One ingest run over all files, exactly as `ketenradar ingest FILES` (one code path).
            if not self.quiet:
                err_console.rule("[bold]ingest")
            results.append(
                self.run(
                    "ingest",
                    files=[p for p, _ in pairs],
                    kinds=[k for _, k in pairs],
                    sheet=None,
                    column_map={},
                )
            )
        if upto == "ingest":
            return results
        for name in order:
            if name not in skip:
                if not self.quiet:
                    err_console.rule(f"[bold]{name}")
                results.append(self.run(name, **stage_options.get(name, {})))
            if name == upto:
                break
        return results

    def _say(self, message: str) -> None:
        if not self.quiet:
            err_console.print(message)


@dataclass(frozen=True)
class DemoWorld:
    """A generated demo world on disk: its source files and ground truth, from its manifest."""

    path: Path
    manifest: dict

    @property
    def sources(self) -> list[tuple[str, str]]:
        return [(str(self.path / s["path"]), s["kind"]) for s in self.manifest["sources"]]

    @property
    def truth(self) -> str:
        return str(self.path / self.manifest["ground_truth"])


def demo_world(
    world: Path,
    *,
    firms: int,
    seed: int,
    style: str | None = None,
    preset: str = "medium",
    world_config: Path | None = None,
    quiet: bool = False,
) -> DemoWorld:
    """The demo world in `world`, generated unless one with the same settings is already there."""
    from ketenradar.demo.config import resolve_config
    from ketenradar.demo.generate import GENERATOR_VERSION, generate_world

    manifest_path = Path(world) / "manifest.json"
    world_cfg = resolve_config(preset, style, world_config)
    wanted = {"firms": firms, "seed": seed, "style": world_cfg.style, "world_config": world_cfg.to_dict()}
    wanted["generator_version"] = GENERATOR_VERSION
    manifest = json.loads(manifest_path.read_text()) if manifest_path.exists() else None
    if not manifest or any(manifest.get(k) != v for k, v in wanted.items()):
        if not quiet:
            err_console.rule("[bold]demo world")
        generate_world(world, firms=firms, seed=seed, config=world_cfg, quiet=quiet)
        manifest = json.loads(manifest_path.read_text())
    return DemoWorld(Path(world), manifest)


@contextmanager
def serving(world: DemoWorld, config: Config) -> Iterator[Config]:
    """Serve the world's sites on 127.0.0.1 and point the crawl settings at them."""
    from ketenradar.demo.server import DemoServer

    with DemoServer(world.path) as server:
        config.crawl.allow_hosts = server.allow_hosts()
        config.crawl.port_map = server.port_map()
        config.crawl.only_allowed_hosts = True
        yield config


def run_demo(
    config: Config,
    *,
    firms: int,
    seed: int,
    style: str | None,
    out: Path,
    db: str | None,
    quiet: bool = False,
    preset: str = "medium",
    world_config: Path | None = None,
    upto: str | None = None,
) -> list[StageResult]:
    """Generate (or reuse) the demo world, serve its sites on 127.0.0.1 and run every stage on it."""
    out = Path(out)
    world = demo_world(
        out / "world",
        firms=firms,
        seed=seed,
        style=style,
        preset=preset,
        world_config=world_config,
        quiet=quiet,
    )
    config.store.path = db or str(out / "ketenradar.duckdb")
    config.report.out_dir = str(out / "report")
    with serving(world, config):
        return Runner(config, quiet=quiet).pipeline(
            sources=world.sources,
            upto=upto,
            order=DEMO_PIPELINE,
            stage_options={
                "evaluate": {"stage": "all", "truth": world.truth, "out": str(out / "evaluation.json")},
                "report": {"out": str(out / "report")},
            },
        )
