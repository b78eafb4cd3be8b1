"""The self-contained HTML report: both languages in one file, charts inline, nothing fetched.

Every translatable text is written twice (`<span class="l-nl">` / `<span class="l-en">`) and a
few lines of inline script switch which one shows; charts are rendered once per language. All data
goes through Jinja2 autoescaping; only our own SVG is marked safe.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import pandas as pd
from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup, escape

from ketenradar.model import firms as firms_model
from ketenradar.model import scores, sources
from ketenradar.model.taxonomy import indicator_label
from ketenradar.report import charts, data
from ketenradar.report.labels import (
    CATEGORIES,
    LANGS,
    NONE,
    TEXT,
    category_label,
    process_group_label,
    sbi_division_label,
    status_label,
    t,
)
from ketenradar.store import Store

DIMENSION_LABEL = {
    "sbi_division": "dim_sbi_division",
    "province": "dim_province",
    "size_class": "dim_size_class",
    "certification": "dim_certification",
    "process": "dim_process",
    "market": "dim_market",
    "tech": "dim_tech",
}
MAX_BARS = 15  # rows per breakdown chart; the table below it lists them all
REVIEW_LIMIT = 25  # records listed for review in the report (all are in the store)


def _bi(nl: Any, en: Any) -> Markup:
    """Both languages, escaped; CSS shows the one of the page's current language."""
    if str(nl) == str(en):
        return Markup(escape(nl))
    return Markup(f'<span class="l-nl">{escape(nl)}</span><span class="l-en">{escape(en)}</span>')


def tr(key: str, **fmt: Any) -> Markup:
    return _bi(TEXT[key]["nl"].format(**fmt), TEXT[key]["en"].format(**fmt))


def _bi_markup(nl: str, en: str, tag: str = "div") -> Markup:
    """Two already-safe fragments (our SVG charts), one per language."""
    return Markup(f'<{tag} class="l-nl">{nl}</{tag}><{tag} class="l-en">{en}</{tag}>')


def num(value: Any) -> str:
    """Whole numbers with a narrow no-break space as thousands separator (right in both languages)."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return "–"
    return f"{int(value):,}".replace(",", "\u202f")


def dec(value: Any, digits: int = 3) -> Markup:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return Markup("–")
    text = f"{float(value):.{digits}f}"
    return _bi(text.replace(".", ","), text)


def pct(share: Any) -> Markup:
    if share is None or (isinstance(share, float) and pd.isna(share)):
        return Markup("–")
    return _bi(charts.fmt_pct(float(share), "nl"), charts.fmt_pct(float(share), "en"))


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows as dicts with every missing value as None (pandas gives NaN, which Jinja finds true)."""
    return frame.astype(object).where(frame.notna(), None).to_dict("records")


def figure(value: Any) -> Markup | str:
    """An evaluation figure: fractions with three decimals, whole numbers grouped, text as is."""
    if isinstance(value, bool) or value is None:
        return str(value)
    if isinstance(value, int):
        return num(value)
    if isinstance(value, float):
        return num(value) if value.is_integer() and abs(value) >= 1 else dec(value)
    return str(value)


def safe_url(url: Any) -> str | None:
    """Only http(s) links become clickable (never javascript: or file:)."""
    if isinstance(url, str) and url.lower().startswith(("http://", "https://")):
        return url
    return None


@dataclass
class Breakdown:
    name: str
    table: pd.DataFrame
    labels: dict[str, list[str]]
    chart: Markup


def _value_labels(dimension: str, values: list[Any], lang: str) -> list[str]:
    values = [None if v is None or pd.isna(v) else v for v in values]
    if dimension == "sbi_division":
        return [sbi_division_label(v, lang) for v in values]
    if dimension == "process":
        return [process_group_label(v, lang) if v else t("unknown", lang) for v in values]
    if dimension in data.BREAKDOWN_GROUPS:
        return [indicator_label(str(v), lang) if v else t("unknown", lang) for v in values]
    return [t("unknown", lang) if v is None or pd.isna(v) else str(v) for v in values]


def _breakdown(name: str, table: pd.DataFrame) -> Breakdown:
    labels = {lang: _value_labels(name, table["value"].tolist(), lang) for lang in LANGS}
    shown = table.head(MAX_BARS)
    svgs = {
        lang: charts.stacked_bars(
            shown,
            labels[lang][: len(shown)],
            xlabel=t("n_firms", lang),
            ylabel=t(DIMENSION_LABEL[name], lang),
            lang=lang,
        )
        for lang in LANGS
    }
    return Breakdown(name, table, labels, _bi_markup(svgs["nl"], svgs["en"]))


def _bar_chart(
    labels: dict[str, list[str]], values: list[float], ylabel_key: str | None, **kw: Any
) -> Markup:
    svgs = {
        lang: charts.bars(
            labels[lang],
            values,
            xlabel=t("n_firms", lang),
            ylabel=t(ylabel_key, lang) if ylabel_key else None,
            lang=lang,
            **kw,
        )
        for lang in LANGS
    }
    return _bi_markup(svgs["nl"], svgs["en"])


def review_figures(store: Store) -> dict:
    from ketenradar.review.summary import review_figures as figures

    return figures(store)


def build_context(store: Store, *, lang: str = "nl", top_n: int = 50, run_id: str | None = None) -> dict:
    """Everything the template shows, read through `ketenradar.report.data`."""
    run_id = run_id or scores.latest_run(store)
    summary = data.summary(store, run_id)
    funnel = data.funnel(store, run_id)
    frame = data.firms_frame(store, run_id, scored_only=True)
    breakdowns = [_breakdown(dim, data.breakdown(frame, dim)) for dim in data.DIMENSIONS]
    province = next(b for b in breakdowns if b.name == "province").table
    candidates = {c: data.top_candidates(store, c, top_n, run_id, frame=frame) for c in ("C", "D")}
    sites = data.site_status(store)
    links = firms_model.link_status(store)

    summary_rows = summary[summary["category"] != "total"]
    summary_chart = _bar_chart(
        {
            lang: [
                (f"{c}  " if c != NONE else "") + category_label(c, lang) for c in summary_rows["category"]
            ]
            for lang in LANGS
        },
        summary_rows["count"].tolist(),
        None,
        colours=[charts.COLOURS[c] for c in summary_rows["category"]],
        sort=False,
    )
    funnel_chart = _bar_chart(
        {lang: [t(f"funnel_{s}", lang) for s in funnel["step"]] for lang in LANGS},
        funnel["count"].tolist(),
        None,
        sort=False,
    )
    site_chart = _bar_chart(
        {lang: [status_label(s, lang) for s in sites["status"]] for lang in LANGS},
        sites["count"].tolist(),
        "site_status",
    )
    unknown_province = province[province["value"].isna()]
    return {
        "lang": lang if lang in LANGS else "nl",
        "generated": datetime.now().strftime("%Y-%m-%d %H:%M"),
        "run_id": run_id,
        "summary": summary,
        "summary_chart": summary_chart,
        "funnel": funnel,
        "funnel_chart": funnel_chart,
        "breakdowns": breakdowns,
        "map": _bi_markup(charts.tile_map(province, "nl"), charts.tile_map(province, "en")),
        "province": province,
        "unknown_province": int(unknown_province["total"].sum()) if len(unknown_province) else 0,
        "candidates": candidates,
        "sources": sources.files(store),
        "run_config": data.run_config(store, run_id),
        "thresholds": data.thresholds(store, run_id),
        "precision_curve": data.precision_vs_threshold(store, run_id),
        "provisional": data.provisional_categories(store, run_id),
        "measured": review_figures(store),
        "evaluations": data.evaluations(store),
        "rejects": sources.rejects_summary(store),
        "n_rejects": sources.rejects_count(store),
        "links": links,
        "review": data.review_records(store, REVIEW_LIMIT),
        "review_limit": REVIEW_LIMIT,
        "sites": sites,
        "site_chart": site_chart,
    }


def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("ketenradar.report", "templates"),
        autoescape=select_autoescape(["html", "j2"], default=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(
        tr=tr,
        bi=_bi,
        t=t,
        CATEGORIES=CATEGORIES,
        NONE=NONE,
        DIMENSION_LABEL=DIMENSION_LABEL,
        category_label=category_label,
        indicator_label=indicator_label,
        status_label=status_label,
        safe_url=safe_url,
        records=records,
    )
    env.filters.update(num=num, dec=dec, pct=pct, figure=figure)
    return env


def render(store: Store, *, lang: str = "nl", top_n: int = 50, run_id: str | None = None) -> str:
    context = build_context(store, lang=lang, top_n=top_n, run_id=run_id)
    return _environment().get_template("report.html.j2").render(**context)
