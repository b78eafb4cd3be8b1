"""`ketenradar review ...`: sample, import, status. Thin: the work is in the review modules."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

review_app = typer.Typer(
    help="Analyst review: samples to check, verdicts in, measured precision out.", no_args_is_help=True
)


def _paths(ctx: typer.Context) -> tuple[Path, Path]:
    from ketenradar.cli import options
    from ketenradar.review.store import review_store_path

    db = Path(options(ctx).config().store.path)
    return db, review_store_path(db)


@review_app.command("sample")
def sample(
    ctx: typer.Context,
    n: Annotated[
        int, typer.Option("--n", min=0, max=100_000, help="Firms drawn at random (stratified).")
    ] = 100,
    category: Annotated[
        list[str] | None, typer.Option("--category", help="C and/or D (repeat the option).")
    ] = None,
    out: Annotated[Path, typer.Option(help="The workbook to write (.xlsx).")] = Path("review.xlsx"),
    lang: Annotated[str, typer.Option(help="nl | en: the workbook's language.")] = "nl",
    active: Annotated[
        int, typer.Option("--active", min=0, max=100_000, help="Also add K active-learning firms (flagged).")
    ] = 0,
    seed: Annotated[int | None, typer.Option(help="Seed of the draw (default: from the clock).")] = None,
) -> None:
    """Draw a stratified review sample (category x score band) and write the review workbook."""
    from ketenradar.cli import fail, options, print_result
    from ketenradar.errors import InputError, KetenradarError
    from ketenradar.review.sample import build_sample
    from ketenradar.review.store import ReviewStore
    from ketenradar.review.workbook import LANGS, write_workbook
    from ketenradar.stage import StageResult
    from ketenradar.store import Store

    try:
        if lang not in LANGS:
            raise InputError(f"unknown language '{lang}' (nl or en)", field="--lang")
        if out.suffix.lower() != ".xlsx":
            raise InputError("the review workbook must end in .xlsx", path=str(out))
        db, rpath = _paths(ctx)
        with Store(db, read_only=True) as store, ReviewStore(rpath) as review:
            from ketenradar.review.rows import workbook_rows

            drawn = build_sample(
                store, review, n=n, categories=category or ["C", "D"], active=active, seed=seed,
                lang=lang, path=str(out),
            )  # fmt: skip
            rows = workbook_rows(store, drawn.firms, drawn.score_run_id)
        write_workbook(rows, out, lang=lang)
    except KetenradarError as exc:
        fail(exc)
        return
    result = StageResult("review sample", run_id=drawn.sample_id)
    result.counts.update(
        {
            "sample_id": drawn.sample_id,
            "score_run": drawn.score_run_id,
            "random": int((drawn.firms.active == 0).sum()),
            "active": int((drawn.firms.active == 1).sum()),
            "workbook": str(out),
            "review_store": str(rpath),
        }
    )
    random = drawn.firms[drawn.firms.active == 0]
    result.tables["strata"] = [
        {
            "stratum": s,
            "N": int(g.stratum_size.iloc[0]),
            "n": len(g),
            "incl_prob": round(float(g.inclusion_prob.iloc[0]), 4),
        }
        for s, g in random.groupby("stratum")
    ]
    print_result(result, options(ctx))


@review_app.command("import")
def import_(
    ctx: typer.Context,
    workbook: Annotated[Path, typer.Argument(help="A filled-in review workbook (.xlsx).")],
) -> None:
    """Import the verdicts of a review workbook (idempotent; bad rows go to the rejects report)."""
    from ketenradar.cli import fail, options, print_result
    from ketenradar.errors import KetenradarError, StoreError
    from ketenradar.model.reviews import kvk_numbers
    from ketenradar.review.estimate import measured, table
    from ketenradar.review.importer import import_workbook, write_rejects_report
    from ketenradar.review.store import ReviewStore
    from ketenradar.stage import StageResult
    from ketenradar.store import Store

    try:
        db, rpath = _paths(ctx)
        known = None
        busy = None
        if db.exists():
            try:
                with Store(db, read_only=True) as store:
                    known = kvk_numbers(store)
            except StoreError as exc:  # a stage is writing: verdicts still go in (own store)
                busy = str(exc)
        with ReviewStore(rpath) as review:
            done = import_workbook(review, workbook, known_firms=known)
            report = write_rejects_report(review, db.with_name(db.stem + "-review-rejects.csv"))
            figures = measured(review)
    except KetenradarError as exc:
        fail(exc)
        return
    result = StageResult("review import")
    result.counts.update(
        {
            "file": done.path,
            "already_imported": done.already_imported,
            "rows": done.rows,
            "verdicts_added": done.verdicts,
            "unchanged": done.unchanged,
            "not_reviewed": done.skipped_empty,
            "rejected_fields": len(done.rejects),
            "rejects_report": str(report),
        }
    )
    if done.rejects:
        result.tables["rejects"] = done.rejects[:50]
    if figures:
        result.tables["measured precision"] = table(figures)
        result.counts["review"] = figures
    if busy:
        result.messages.append(
            f"note: the store is busy ({busy}); KvK numbers were checked for form only, not for existence"
        )
    if done.already_imported:
        result.messages.append("this file was imported before (same content): nothing changed")
    print_result(result, options(ctx))


@review_app.command("status")
def status(ctx: typer.Context) -> None:
    """Measured precision per category from the verdicts so far."""
    from ketenradar.cli import options, print_result
    from ketenradar.review.estimate import measured, table
    from ketenradar.review.store import ReviewStore
    from ketenradar.stage import StageResult

    _, rpath = _paths(ctx)
    with ReviewStore(rpath, read_only=True) as review:
        figures = measured(review)
        n = review.scalar("SELECT count(*) FROM verdicts")
    result = StageResult("review status", counts={"verdicts": n, "review": figures})
    result.tables["measured precision"] = table(figures)
    if not figures:
        result.messages.append("no verdicts on a random review sample yet: `ketenradar review sample`")
    print_result(result, options(ctx))
