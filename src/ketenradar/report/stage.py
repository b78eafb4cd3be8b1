"""`ketenradar report`: the HTML report and the XLSX/CSV/Parquet exports of the latest score run.

Reads the store only; writes files into the out folder (each written to a temporary name first and
then renamed, so that an interrupted run never leaves half a file where a previous good one was).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from ketenradar.config import Config
from ketenradar.errors import InputError
from ketenradar.model import scores
from ketenradar.report import data, exports, html
from ketenradar.report.labels import CATEGORIES, LANGS
from ketenradar.stage import StageContext, StageResult
from ketenradar.store import Store

REPORT_FILE = "report.html"
XLSX_FILE = "ketenradar-export.xlsx"
CSV_FILE = "firms.csv"
PARQUET_FILE = "firms.parquet"


def _atomic(path: Path, write: Callable[[Path], None]) -> None:
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    try:
        write(tmp)
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()


def run(
    store: Store,
    config: Config,
    ctx: StageContext,
    *,
    out: str | None = None,
    lang: str | None = None,
    **_: object,
) -> StageResult:
    lang = (lang or config.report.language or "nl").lower()
    if lang not in LANGS:
        raise InputError(f"unknown report language '{lang}'; choose one of {', '.join(LANGS)}", field="lang")
    out_dir = Path(out or config.report.out_dir)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"cannot create the output folder: {exc}", path=str(out_dir)) from exc

    result = StageResult("report")
    run_id = scores.latest_run(store)
    if run_id is None:
        result.messages.append(
            "no successful score run yet: the report shows no categories (run `ketenradar score`)"
        )

    with ctx.progress("report", total=4) as bar:
        frame = exports.export_frame(store, run_id, lang)
        summary = data.summary(store, run_id)
        _atomic(out_dir / XLSX_FILE, lambda p: exports.write_xlsx(frame, summary, p, lang, run_id))
        bar.advance()
        _atomic(out_dir / CSV_FILE, lambda p: exports.write_csv(frame, p))
        bar.advance()
        _atomic(out_dir / PARQUET_FILE, lambda p: exports.write_parquet(frame, p))
        bar.advance()
        page = html.render(store, lang=lang, top_n=config.report.top_n, run_id=run_id)
        _atomic(out_dir / REPORT_FILE, lambda p: p.write_text(page, encoding="utf-8"))
        bar.advance()

    counts = dict(zip(summary["category"], summary["count"].astype(int), strict=True))
    result.counts = {
        "score_run": run_id or "-",
        "firms_exported": len(frame),
        **{f"category_{c}": int(counts.get(c, 0)) for c in CATEGORIES},
        "out_dir": str(out_dir.resolve()),
        "report_kb": round((out_dir / REPORT_FILE).stat().st_size / 1024, 1),
    }
    result.messages.append(f"report: {out_dir / REPORT_FILE}")
    return result
