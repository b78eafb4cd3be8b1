"""XLSX, CSV and Parquet exports of the scored firms.

XLSX and CSV are opened by people in spreadsheets, so every text cell is neutralised against formula
injection (`safe.neutralise`) and xlsxwriter is told never to turn strings into formulas, URLs or
numbers. Parquet is for programs and keeps the values as they are (evidence links as a list).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import xlsxwriter

from ketenradar.model import firms as firms_model
from ketenradar.model.reasons import Reasons
from ketenradar.model.taxonomy import indicator_label
from ketenradar.report import data
from ketenradar.report.labels import CATEGORIES, NONE, category_label, t
from ketenradar.report.safe import neutralise, neutralise_frame
from ketenradar.store import Store

EXPORT_COLUMNS = [
    "firm",
    "kvk_number",
    "place",
    "province",
    "sbi",
    "size",
    "category",
    "provisional",
    "score",
    "a_score",
    "b_score",
    "reasons",
    "evidence_links",
    "website",
    "sbi_division",
    "employees",
    "site_status",
    "method",
    "model",
]
"""Columns of firms.csv / firms.parquet (see docs/report.md)."""

# What the XLSX category sheets show, with the label key of each header.
SHEET_COLUMNS = [
    ("firm", "firm", 40),
    ("kvk_number", "kvk", 12),
    ("place", "place", 20),
    ("province", "province", 15),
    ("sbi", "sbi", 8),
    ("size", "size", 9),
    ("category", "category", 10),
    ("score", "score", 8),
    ("reasons", "reasons", 80),
    ("evidence_links", "evidence_links", 60),
]

_CATEGORY_ORDER = {c: i for i, c in enumerate([*CATEGORIES, NONE])}


def _short(text: Any, limit: int) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def reason_text(reasons: Reasons, labels: list[dict[str, Any]], lang: str) -> str:
    """One line that says why a firm is where it is: label evidence, nearest firms, indicators."""
    parts: list[str] = []
    for row in labels[:2]:
        evidence = f": {_short(row['evidence'], 120)}" if row.get("evidence") else ""
        parts.append(f"{row['label']} {row['source']}{evidence}")
    if reasons.nearest:
        names = []
        for n in reasons.nearest[:3]:
            name = n.get("name") or n.get("kvk_number") or "?"
            sim = n.get("similarity")
            names.append(f"{name} ({sim:.2f})" if sim is not None else str(name))
        parts.append(f"{t('similar_to', lang)}: {', '.join(names)}")
    if reasons.top_indicators:
        ids = [indicator_label(i["id"], lang) for i in reasons.top_indicators[:5]]
        parts.append(f"{t('indicators_lc', lang)}: {', '.join(ids)}")
    if reasons.text and not parts:
        parts.append(_short(reasons.text, 300))
    return _short("; ".join(parts), 600) if parts else ""


def export_frame(store: Store, run_id: str | None = None, lang: str = "nl") -> pd.DataFrame:
    """All firms of the score run with their category, score, short reasons and evidence links.

    Sorted by category (A, B, C, D, none) and score (highest first). `evidence_links` is a list.
    """
    frame = data.firms_frame(store, run_id, scored_only=True)
    if frame.empty:
        return pd.DataFrame(columns=EXPORT_COLUMNS)
    reasons = data.explain(store, frame)
    label_rows: dict[str, list[dict[str, Any]]] = {}
    for row in firms_model.label_evidence(store, frame["kvk_number"].tolist()).to_dict("records"):
        label_rows.setdefault(row["kvk_number"], []).append(row)
    out = pd.DataFrame(
        {
            "firm": frame["name"],
            "kvk_number": frame["kvk_number"],
            "place": frame["place"],
            "province": frame["province"].where(frame["province"].notna(), frame["province_raw"]),
            "sbi": frame["sbi_main"],
            "size": frame["size_class"],
            "category": frame["category"],
            # C/D of a run with too few reference firms: leads to check, not findings (docs/score.md)
            "provisional": frame["category"].isin(data.provisional_categories(store, run_id)),
            "score": frame["score"],
            "a_score": frame["a_score"],
            "b_score": frame["b_score"],
            "reasons": [
                reason_text(r, label_rows.get(k, []), lang)
                for r, k in zip(reasons, frame["kvk_number"], strict=True)
            ],
            "evidence_links": [
                list(dict.fromkeys(e["url"] for e in r.evidence if e.get("url"))) for r in reasons
            ],
            "website": frame["website"],
            "sbi_division": frame["sbi_division"],
            "employees": frame["employees"].astype("Int64"),
            "site_status": frame["site_status"],
            "method": frame["method"],
            "model": frame["model"],
        }
    )
    order = out["category"].map(_CATEGORY_ORDER)
    out = out.assign(_o=order, _s=out["score"].fillna(-1.0))
    out = out.sort_values(["_o", "_s", "kvk_number"], ascending=[True, False, True])
    return out.drop(columns=["_o", "_s"]).reset_index(drop=True)


def _flat(frame: pd.DataFrame) -> pd.DataFrame:
    """Lists joined into text, for formats without lists."""
    out = frame.copy()
    out["evidence_links"] = out["evidence_links"].map(
        lambda v: " ".join(v) if isinstance(v, list) else (v or "")
    )
    return out


def write_csv(frame: pd.DataFrame, path: Path) -> None:
    """UTF-8, comma-separated, header row; text neutralised."""
    neutralise_frame(_flat(frame)).to_csv(path, index=False, encoding="utf-8")


def write_parquet(frame: pd.DataFrame, path: Path) -> None:
    frame.to_parquet(path, index=False)


def write_xlsx(frame: pd.DataFrame, summary: pd.DataFrame, path: Path, lang: str, run_id: str | None) -> None:
    """A summary sheet plus one sheet per category, with filters, frozen header and widths."""
    flat = neutralise_frame(_flat(frame))
    workbook = xlsxwriter.Workbook(
        str(path),
        {
            # Never let text become a formula, a link or a number (leading zeros of KvK numbers).
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
            "nan_inf_to_errors": False,
        },
    )
    try:
        bold = workbook.add_format({"bold": True, "bg_color": "#dce6f0", "border": 1, "valign": "top"})
        pct = workbook.add_format({"num_format": "0.0%"})
        num = workbook.add_format({"num_format": "0.000"})
        text = workbook.add_format({"num_format": "@"})
        bold_plain = workbook.add_format({"bold": True})

        sheet = workbook.add_worksheet(t("sheet_summary", lang)[:31])
        headers = [t("category", lang), t("description", lang), t("count", lang), t("share", lang)]
        for col, header in enumerate(headers):
            sheet.write_string(0, col, header, bold)
        for row, item in enumerate(summary.itertuples(index=False), start=1):
            label = t("total", lang) if item.category == "total" else category_label(item.category, lang)
            sheet.write_string(row, 0, "" if item.category in ("total", NONE) else item.category)
            sheet.write_string(row, 1, label, bold_plain if item.category == "total" else None)
            sheet.write_number(row, 2, int(item.count))
            sheet.write_number(row, 3, float(item.share), pct)
        meta_row = len(summary) + 2
        sheet.write_string(meta_row, 0, t("score_run", lang))
        sheet.write_string(meta_row, 1, neutralise(run_id or "-"))
        sheet.write_string(meta_row + 1, 0, t("generated_by", lang))
        sheet.freeze_panes(1, 0)
        sheet.autofilter(0, 0, len(summary) - 1, len(headers) - 1)  # the total row stays out
        sheet.set_column(0, 0, 11)
        sheet.set_column(1, 1, 36)
        sheet.set_column(2, 3, 12)

        for category in CATEGORIES:
            rows = flat[flat["category"] == category]
            sheet = workbook.add_worksheet(t(f"sheet_{category}", lang)[:31])
            for col, (_, key, width) in enumerate(SHEET_COLUMNS):
                sheet.write_string(0, col, t(key, lang), bold)
                sheet.set_column(col, col, width, text if key == "kvk" else None)
            for r, record in enumerate(rows[[c for c, _, _ in SHEET_COLUMNS]].itertuples(index=False), 1):
                for c, value in enumerate(record):
                    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA:
                        sheet.write_blank(r, c, None)
                    elif isinstance(value, int | float) and not isinstance(value, bool):
                        sheet.write_number(r, c, float(value), num)
                    else:
                        sheet.write_string(r, c, str(value))
            sheet.freeze_panes(1, 0)
            sheet.autofilter(0, 0, max(len(rows), 1), len(SHEET_COLUMNS) - 1)
    finally:
        workbook.close()
