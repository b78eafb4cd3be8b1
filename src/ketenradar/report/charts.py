"""Charts as inline SVG strings (matplotlib, no pyplot state; the tile map is drawn by hand).

Readable at a glance: horizontal bars sorted by size, labelled axes, the count on every bar.
Text stays text in the SVG (system fonts, searchable, small files). Each SVG gets its own id prefix
so that many charts can live in one HTML page, and carries no XML prologue, metadata or namespace
URLs: the report must contain no http(s) reference of its own.
"""

from __future__ import annotations

import io
import itertools
import re
from collections.abc import Sequence

import matplotlib
import pandas as pd
from markupsafe import escape
from matplotlib.figure import Figure

from ketenradar.model.geo import PROVINCES
from ketenradar.report.labels import CATEGORIES, NONE, category_label, t

COLOURS = {
    "A": "#1b4f72",
    "B": "#4a90c2",
    "C": "#c55a11",
    "D": "#f0a35e",
    NONE: "#cfd4da",
}
BAR = "#2e6f9e"

_RC = {
    "svg.fonttype": "none",
    "svg.hashsalt": "ketenradar",
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans", "Liberation Sans", "Arial", "Helvetica"],
    "font.size": 10,
    "text.parse_math": False,  # firm data may contain '$'; never read it as TeX
    "axes.spines.top": False,
    "axes.spines.right": False,
}

_ids = itertools.count(1)


def fmt_int(value: float | int, lang: str) -> str:
    text = f"{int(round(value)):,}"
    return text.replace(",", ".") if lang == "nl" else text


def fmt_pct(share: float, lang: str) -> str:
    text = f"{100 * share:.1f}%"
    return text.replace(".", ",") if lang == "nl" else text


def _svg(fig: Figure) -> str:
    # No bbox_inches="tight": it draws the figure twice; `_figure` sets the margins instead.
    buf = io.StringIO()
    fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None})
    return clean_svg(buf.getvalue())


def clean_svg(svg: str) -> str:
    """Make a standalone SVG fit for inlining: no prologue, metadata or namespaces, unique ids,
    width scaling with the page."""
    prefix = f"k{next(_ids)}-"
    svg = svg[svg.index("<svg") :]
    svg = re.sub(r"<metadata>.*?</metadata>", "", svg, flags=re.S)
    svg = re.sub(r'\s+xmlns(:\w+)?="[^"]*"', "", svg)
    svg = re.sub(r'\bid="([^"]+)"', lambda m: f'id="{prefix}{m.group(1)}"', svg)
    svg = re.sub(r"url\(#([^)]+)\)", lambda m: f"url(#{prefix}{m.group(1)})", svg)
    svg = re.sub(r'href="#([^"]+)"', lambda m: f'href="#{prefix}{m.group(1)}"', svg)
    svg = re.sub(
        r'<svg([^>]*?)\swidth="([\d.]+)pt"\s+height="([\d.]+)pt"',
        lambda m: f'<svg{m.group(1)} width="100%" style="max-width:{float(m.group(2)) * 4 / 3:.0f}px"',
        svg,
        count=1,
    )
    return svg.strip()


def _figure(
    n_rows: int, labels: Sequence[str], width: float = 8.0, *, ylabel: bool = True, legend: bool = False
) -> Figure:
    """A figure whose margins fit the tick labels (estimated from their length at 10 pt)."""
    top_in = 0.45 if legend else 0.12
    bottom_in = 0.55
    height = top_in + bottom_in + 0.3 * max(n_rows, 2)
    longest = max([len(str(label)) for label in labels] + [4])
    left_in = min(0.15 + 0.085 * longest + (0.3 if ylabel else 0.0), width * 0.5)
    fig = Figure(figsize=(width, height))
    fig.subplots_adjust(left=left_in / width, right=0.97, top=1 - top_in / height, bottom=bottom_in / height)
    return fig


def bars(
    labels: Sequence[str],
    values: Sequence[float],
    *,
    xlabel: str,
    ylabel: str | None = None,
    lang: str = "nl",
    colours: Sequence[str] | None = None,
    sort: bool = True,
    notes: Sequence[str] | None = None,
    width: float = 6.0,
) -> str:
    """Horizontal bars with the count after each bar (largest first when `sort`)."""
    rows = list(zip(labels, values, colours or [BAR] * len(labels), notes or [""] * len(labels), strict=True))
    if sort:
        rows.sort(key=lambda r: -r[1])
    with matplotlib.rc_context(_RC):
        fig = _figure(len(rows), [r[0] for r in rows], width, ylabel=bool(ylabel))
        ax = fig.subplots()
        y = range(len(rows))
        ax.barh(list(y), [r[1] for r in rows], color=[r[2] for r in rows], height=0.7)
        top = max([r[1] for r in rows] + [1])
        for i, (_, value, _, note) in enumerate(rows):
            text = fmt_int(value, lang) + (f"  {note}" if note else "")
            ax.text(value + top * 0.01, i, text, va="center", ha="left", fontsize=9)
        ax.set_yticks(list(y), [r[0] for r in rows])
        ax.invert_yaxis()
        ax.set_xlim(0, top * 1.18)
        ax.set_xlabel(xlabel)
        if ylabel:
            ax.set_ylabel(ylabel)
        ax.xaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda v, _: fmt_int(v, lang)))
        return _svg(fig)


def stacked_bars(
    table: pd.DataFrame,
    labels: Sequence[str],
    *,
    xlabel: str,
    ylabel: str,
    lang: str = "nl",
    include_none: bool = True,
) -> str:
    """One horizontal bar per row of a breakdown table, stacked by category A-D (and none).

    Rows stay in the table's order (the data module sorts them); the total follows each bar and
    segments wide enough to hold their count show it.
    """
    parts = [*CATEGORIES, NONE] if include_none else list(CATEGORIES)
    n = len(table)
    with matplotlib.rc_context(_RC):
        fig = _figure(n, labels, 10.0, legend=True)
        ax = fig.subplots()
        y = list(range(n))
        left = [0.0] * n
        totals = table[parts].sum(axis=1).tolist() if n else []
        top = max(totals + [1])
        for part in parts:
            values = table[part].tolist() if n else []
            ax.barh(y, values, left=left, color=COLOURS[part], height=0.72, label=category_label(part, lang))
            for i, v in enumerate(values):
                # A count is printed inside its segment only when it fits (about 7% of the axis).
                if v and v / (top * 1.15) > 0.07:
                    dark = part in ("A", "B", "C")
                    ax.text(
                        left[i] + v / 2,
                        i,
                        fmt_int(v, lang),
                        ha="center",
                        va="center",
                        fontsize=8,
                        color="white" if dark else "#1a1a1a",
                    )
            left = [a + b for a, b in zip(left, values, strict=True)]
        for i, total in enumerate(totals):
            ax.text(total + top * 0.01, i, fmt_int(total, lang), va="center", ha="left", fontsize=9)
        ax.set_yticks(y, list(labels))
        ax.invert_yaxis()
        ax.set_xlim(0, top * 1.15)
        ax.set_xlabel(xlabel)
        ax.set_ylabel(ylabel)
        ax.xaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda v, _: fmt_int(v, lang)))
        fig.legend(
            ncols=len(parts),
            loc="upper left",
            bbox_to_anchor=(0.005, 0.998),
            frameon=False,
            fontsize=9,
            handlelength=1.2,
            columnspacing=1.0,
        )
        return _svg(fig)


# -- tile map ----------------------------------------------------------------------------------------

# Column, row of each province on a 4 x 4 grid, roughly where it lies.
TILES: dict[str, tuple[int, int]] = {
    "Noord-Holland": (1, 0),
    "Fryslân": (2, 0),
    "Groningen": (3, 0),
    "Zuid-Holland": (0, 1),
    "Utrecht": (1, 1),
    "Flevoland": (2, 1),
    "Drenthe": (3, 1),
    "Zeeland": (0, 2),
    "Noord-Brabant": (1, 2),
    "Gelderland": (2, 2),
    "Overijssel": (3, 2),
    "Limburg": (2, 3),
}
assert set(TILES) == set(PROVINCES)

_TILE_W, _TILE_H, _GAP = 170, 104, 6


def _blend(share: float) -> str:
    """Light grey-blue to dark blue."""
    lo, hi = (232, 240, 248), (27, 79, 114)
    rgb = [round(a + (b - a) * share) for a, b in zip(lo, hi, strict=True)]
    return "#{:02x}{:02x}{:02x}".format(*rgb)


def tile_map(table: pd.DataFrame, lang: str = "nl") -> str:
    """The 12 provinces as tiles, coloured by firms in A-D, each with its counts.

    `table` is a province breakdown (value, A, B, C, D, none, in_chain, total).
    """
    by_value = {row["value"]: row for _, row in table.iterrows() if row["value"] in TILES}
    top = max([int(r["in_chain"]) for r in by_value.values()] + [1])
    width = 4 * _TILE_W + 3 * _GAP
    height = 4 * _TILE_H + 3 * _GAP + 40
    out = [
        f'<svg viewBox="0 0 {width} {height}" width="100%" style="max-width:{width}px" '
        f'role="img" aria-label="{escape(t("sec_map", lang))}" class="tilemap">'
    ]
    for province, (col, row) in TILES.items():
        data = by_value.get(province)
        in_chain = int(data["in_chain"]) if data is not None else 0
        ab = int(data["A"] + data["B"]) if data is not None else 0
        cd = int(data["C"] + data["D"]) if data is not None else 0
        total = int(data["total"]) if data is not None else 0
        share = in_chain / top
        fill = _blend(share)
        ink = "#ffffff" if share > 0.45 else "#1a1a1a"
        x, y = col * (_TILE_W + _GAP), row * (_TILE_H + _GAP)
        out.append(
            f'<g class="tile" data-province="{escape(province)}" data-in-chain="{in_chain}" '
            f'data-total="{total}"><title>{escape(province)}: {in_chain} A–D / {total}</title>'
            f'<rect x="{x}" y="{y}" width="{_TILE_W}" height="{_TILE_H}" rx="6" fill="{fill}"/>'
            f'<text x="{x + 10}" y="{y + 22}" fill="{ink}" font-size="14" font-weight="bold">'
            f"{escape(province)}</text>"
            f'<text x="{x + 10}" y="{y + 52}" fill="{ink}">'
            f'<tspan font-size="24" font-weight="bold">{fmt_int(in_chain, lang)}</tspan>'
            f'<tspan font-size="12"> A–D / {fmt_int(total, lang)}</tspan></text>'
            f'<text x="{x + 10}" y="{y + 76}" fill="{ink}" font-size="12">'
            f"A+B {escape(t('in_chain', lang))}: {fmt_int(ab, lang)}</text>"
            f'<text x="{x + 10}" y="{y + 94}" fill="{ink}" font-size="12">'
            f"C+D {escape(t('potential', lang))}: {fmt_int(cd, lang)}</text></g>"
        )
    # Legend: the colour scale from 0 to the largest province.
    ly = 4 * _TILE_H + 3 * _GAP + 12
    for i in range(10):
        out.append(f'<rect x="{i * 22}" y="{ly}" width="22" height="12" fill="{_blend(i / 9)}"/>')
    out.append(
        f'<text x="0" y="{ly + 26}" font-size="11" fill="#1a1a1a">0</text>'
        f'<text x="220" y="{ly + 26}" font-size="11" fill="#1a1a1a" text-anchor="end">'
        f"{fmt_int(top, lang)} A–D</text>"
    )
    out.append("</svg>")
    return "".join(out)
