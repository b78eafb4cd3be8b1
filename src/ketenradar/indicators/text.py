"""Text helpers for matching: accent folding that keeps offsets, and sentence spans.

Folding is one character to one character, so a match in the folded text points at the same
characters of the original: evidence is always quoted as the firm wrote it.
"""

from __future__ import annotations

import re
import unicodedata


def _fold_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for code in range(0xC0, 0x250):
        char = chr(code)
        base = unicodedata.normalize("NFKD", char)
        letters = [c for c in base if not unicodedata.combining(c)]
        if len(letters) == 1 and letters[0] != char and letters[0].isascii():
            table[code] = letters[0]
    # Dashes, quotes and spaces of every kind become their ASCII form (still one character each).
    for code in (0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x2015, 0x2212, 0xAD):
        table[code] = "-"
    for code in (0x2018, 0x2019, 0x201A, 0x2032, 0x60, 0xB4):
        table[code] = "'"
    for code in (0x201C, 0x201D, 0x201E):
        table[code] = '"'
    for code in (0xA0, 0x2007, 0x202F, 0x2009, 0x200A, 0x2002, 0x2003):
        table[code] = " "
    return table


_FOLD = _fold_table()


def fold(text: str) -> str:
    """Accents off, dashes/quotes/spaces normalised; same length as `text`."""
    return text.translate(_FOLD)


# Abbreviations after which a period does not end a sentence (Dutch and English).
_ABBREV = {
    "o.a",
    "oa",
    "bijv",
    "bv",
    "b.v",
    "n.v",
    "nv",
    "e.g",
    "i.e",
    "etc",
    "ca",
    "nr",
    "no",
    "incl",
    "excl",
    "m.b.t",
    "t.b.v",
    "m.b.v",
    "i.s.m",
    "resp",
    "vs",
    "dhr",
    "mevr",
    "st",
    "ir",
    "ing",
    "dr",
    "mr",
    "mrs",
    "ms",
    "prof",
    "fig",
    "art",
    "z.g.a.n",
    "d.w.z",
    "a.s",
    "t/m",
    "max",
    "min",
    "approx",
    "co",
    "ltd",
    "inc",
}

_BREAK = re.compile(r"[.!?]+[\"')\]]*\s+(?=[(\[]|[\"']?[A-Z0-9\u00C0-\u024F•])|\s*[•·▪●►■◆]\s*|\s+\|\s+|\n+")
# A sentence's first word that no name starts with: after "AS9100 Rev D." it opens a new sentence
# ("Rev D. Our supplier ..."), where "J. Jansen" and "J. de Vries" stay one name.
_OPENER = re.compile(r"(?:our|we|the|this|all|onze|wij|het|dit|alle|unser\w*|wir|dies\w*)\b", re.IGNORECASE)
_END_PUNCT = re.compile(r"[.!?]+[\"')\]]*")
_WORD_BEFORE = re.compile(r"([\w./]+)[.!?]*[\"')\]]*\s*$")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence; lines, bullets and sentence-final punctuation split."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _BREAK.finditer(text):
        chunk = m.group(0)
        if chunk[0] in ".!?":
            if chunk[0] == "." and "\n" not in chunk:
                before = _WORD_BEFORE.search(text, max(start, m.start() - 20), m.start() + 1)
                raw = before.group(1).rstrip(".") if before else ""
                word = raw.lower()
                # "o.a.", "B.V." and initials ("J. Jansen") do not end a sentence; units ("1,5 m.") do.
                if word in _ABBREV or (len(raw) == 1 and raw.isupper() and not _OPENER.match(text, m.end())):
                    continue
            end = m.start() + len(_END_PUNCT.match(chunk).group(0))
        else:
            end = m.start()
        _add(spans, text, start, end)
        start = m.end()
    _add(spans, text, start, len(text))
    return spans


def _add(spans: list[tuple[int, int]], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))
