"""The review workbook: one row per sampled firm with its evidence, and verdict columns to fill.

Headers are fixed so that scripts can fill the workbook too: `KvK-nummer` and `Categorie` (in both
languages), and one column per question whose header starts with `Oordeel` (English: `Verdict`). The
verdict cells carry a drop-down list (juist / onjuist / weet niet; English: correct / incorrect /
don't know); on import either language's answers are accepted.

Every text cell goes through report/safe.py's neutraliser (a leading `'` before `=`, `+`, `-`, `@`),
and reading back strips exactly that quote again, so a firm named "-Metaal" survives a round trip.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from ketenradar.report.safe import needs_quote, neutralise

SHEET = "review"
LANGS = ("nl", "en")

QUESTION_TEXT = {
    "nl": {
        "direct": "Oordeel: levert of kan Defensie direct leveren?",
        "prime": "Oordeel: toeleverancier van een prime?",
    },
    "en": {
        "direct": "Verdict: supplies or could supply Defence directly?",
        "prime": "Verdict: supplier to a prime?",
    },
}
VERDICT_PREFIX = {"nl": "Oordeel", "en": "Verdict"}
ANSWER_TEXT = {
    "nl": {"yes": "juist", "no": "onjuist", "unknown": "weet niet"},
    "en": {"yes": "correct", "no": "incorrect", "unknown": "don't know"},
}
ANSWER_OF = {text: key for lang in LANGS for key, text in ANSWER_TEXT[lang].items()}

COLUMNS = {
    # key: (nl header, en header)
    "sample_id": ("Steekproef", "Sample"),
    "kvk_number": ("KvK-nummer", "KvK-nummer"),
    "name": ("Naam", "Name"),
    "place": ("Plaats", "Place"),
    "website": ("Website", "Website"),
    "category": ("Categorie", "Categorie"),
    "score": ("Score", "Score"),
    "part": ("Deel", "Part"),
    "reasons": ("Redenen", "Top reasons"),
    "evidence": ("Bewijs (zin en URL)", "Evidence (sentence and URL)"),
}
TAIL = {"reviewer": ("Beoordelaar", "Reviewer"), "note": ("Notitie", "Note")}
PART_TEXT = {"nl": {0: "aselect", 1: "actief"}, "en": {0: "random", 1: "active"}}


def headers(lang: str) -> list[tuple[str, str]]:
    """(key, header) in column order."""
    i = LANGS.index(lang)
    out = [(k, v[i]) for k, v in COLUMNS.items()]
    out += [(f"verdict.{q}", QUESTION_TEXT[lang][q]) for q in ("direct", "prime")]
    out += [(k, v[i]) for k, v in TAIL.items()]
    return out


def restore(value: Any) -> Any:
    """Undo `neutralise`: the one leading quote it adds before text a spreadsheet would run."""
    if isinstance(value, str) and value.startswith("'") and needs_quote(value[1:]):
        return value[1:]
    return value


def write_workbook(rows: pd.DataFrame, path: str | Path, lang: str = "nl") -> Path:
    """Write the review workbook. `rows` has the COLUMNS keys (reasons/evidence as lists of text)."""
    if lang not in LANGS:
        raise ValueError(lang)
    cols = headers(lang)
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    ws.append([h for _, h in cols])
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="FFF2CC")
    for cell in ws[1]:
        cell.font = bold
    for record in rows.to_dict("records"):
        values = []
        for key, _ in cols:
            value = record.get(key)
            if key == "part":
                value = PART_TEXT[lang][int(record.get("active") or 0)]
            elif key in ("reasons", "evidence"):
                value = "\n".join(value or [])
            elif key.startswith("verdict.") or key in TAIL:
                value = None
            elif key == "score" and value is not None:
                value = round(float(value), 4)
            values.append(neutralise(value))
        ws.append(values)
    answers = ",".join(ANSWER_TEXT[lang][a] for a in ("yes", "no", "unknown"))
    validation = DataValidation(
        type="list",
        formula1=f'"{answers}"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle=VERDICT_PREFIX[lang],
        error=answers.replace(",", " / "),
    )
    ws.add_data_validation(validation)
    last = max(ws.max_row, 2)
    for idx, (key, _) in enumerate(cols, start=1):
        letter = ws.cell(row=1, column=idx).column_letter
        width = {"reasons": 50, "evidence": 80, "name": 30}.get(key, 18)
        if key.startswith("verdict."):
            width = 28
            validation.add(f"{letter}2:{letter}{last}")
            for r in range(2, last + 1):
                ws.cell(row=r, column=idx).fill = fill
        ws.column_dimensions[letter].width = width
        if key in ("reasons", "evidence"):
            for r in range(2, ws.max_row + 1):
                ws.cell(row=r, column=idx).alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "C2"
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path
