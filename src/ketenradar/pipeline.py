"""Run stages in order: `ketenradar run` and `ketenradar demo`."""

from __future__ import annotations

import json
import time
from pathlib import Path

from ketenradar.config import Config
from ketenradar.errors import InputError
from ketenradar.stage import StageResult, err_console

STAGES = ["resolve", "crawl", "extract", "indicators", "embed", "score", "evaluate", "report"]


def run_pipeline(
    config: Config,
    *,
    files: list[str] | None = None,
    skip: set[str] | None = None,
    quiet: bool = False,
    sources: list[tuple[str, str]] | None = None,
    stage_options: dict[str, dict] | None = None,
) -> list[StageResult]:
    """Ingest `files` (kind detected) or `sources` ((path, kind) pairs), then run every stage."""
    from ketenradar import cli

    cli.G.quiet = quiet
    skip = skip or set()
    stage_options = stage_options or {}
    unknown = skip - set(STAGES) - {"ingest"}
    if unknown:
        raise InputError(
            f"unknown stage(s) to skip: {', '.join(sorted(unknown))}; stages: {', '.join(STAGES)}"
        )
    results: list[StageResult] = []
    pairs = list(sources or []) + [(f, "auto") for f in files or []]
    if pairs and "ingest" not in skip:
        # One ingest run over all files, exactly as `ketenradar ingest FILES` (one code path).
        if not quiet:
            err_console.rule("[bold]ingest")
        started = time.monotonic()
        result = cli.run_stage(
            "sources",
            "ingest",
            config,
            files=[p for p, _ in pairs],
            kinds=[k for _, k in pairs],
            sheet=None,
            column_map={},
        )
        result.seconds = round(time.monotonic() - started, 2)
        results.append(result)
    for name in STAGES:
        if name in skip:
            continue
        if not quiet:
            err_console.rule(f"[bold]{name}")
        started = time.monotonic()
        result = cli.run_stage(name, name, config, **stage_options.get(name, {}))
        result.seconds = round(time.monotonic() - started, 2)
        results.append(result)
    return results


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
) -> list[StageResult]:
    """Generate (or reuse) the demo world, serve its sites on 127.0.0.1 and run everything on it."""
    from ketenradar.demo.config import resolve_config
    from ketenradar.demo.generate import GENERATOR_VERSION, generate_world
    from ketenradar.demo.server import DemoServer

    out = Path(out)
    world = out / "world"
    manifest_path = world / "manifest.json"
    world_cfg = resolve_config(preset, style, world_config)
    wanted = {"firms": firms, "seed": seed, "style": world_cfg.style, "world_config": world_cfg.to_dict()}
    wanted["generator_version"] = GENERATOR_VERSION
    manifest = json.loads(manifest_path.read_text()) if manifest_path.exists() else None
    if not manifest or any(manifest.get(k) != v for k, v in wanted.items()):
        if not quiet:
            err_console.rule("[bold]demo world")
        generate_world(world, firms=firms, seed=seed, config=world_cfg, quiet=quiet)
        manifest = json.loads(manifest_path.read_text())
    config.store.path = db or str(out / "ketenradar.duckdb")
    config.report.out_dir = str(out / "report")
    sources = [(str(world / s["path"]), s["kind"]) for s in manifest["sources"]]
    truth = str(world / manifest["ground_truth"])
    with DemoServer(world) as server:
        config.crawl.allow_hosts = server.allow_hosts()
        config.crawl.port_map = server.port_map()
        config.crawl.only_allowed_hosts = True
        return run_pipeline(
            config,
            sources=sources,
            quiet=quiet,
            stage_options={
                "evaluate": {"stage": "all", "truth": truth, "out": str(out / "evaluation.json")},
                "report": {"out": str(out / "report")},
            },
        )
