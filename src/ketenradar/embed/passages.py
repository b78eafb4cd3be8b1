"""Split a firm's text into passages of about `passage_chars` characters on natural boundaries.

Sentence encoders truncate or blur long inputs (USE was trained on sentences and short paragraphs),
so a long website text is cut into passages that each still read as a unit: paragraphs first,
sentences within a long paragraph, words only for a sentence longer than a passage.
"""

from __future__ import annotations

import re

_PARAGRAPHS = re.compile(r"\n\s*\n|\n")
_SENTENCES = re.compile(r"(?<=[.!?;:])\s+(?=[\"'(\[]?[A-Z0-9À-Ý•\-])")


def _pieces(text: str, limit: int) -> list[str]:
    """Paragraphs, split into sentences (and sentences into word runs) when longer than `limit`."""
    out: list[str] = []
    for para in _PARAGRAPHS.split(text):
        para = " ".join(para.split())
        if not para:
            continue
        if len(para) <= limit:
            out.append(para)
            continue
        for sentence in _SENTENCES.split(para):
            if len(sentence) <= limit:
                out.append(sentence)
                continue
            words, run = sentence.split(" "), ""
            for word in words:
                if run and len(run) + 1 + len(word) > limit:
                    out.append(run)
                    run = word
                else:
                    run = f"{run} {word}" if run else word
            if run:
                out.append(run)
    return out


def split_passages(text: str | None, passage_chars: int = 600) -> list[str]:
    """Greedily pack paragraphs/sentences into passages of at most ~passage_chars characters."""
    if not text or not text.strip():
        return []
    limit = max(50, int(passage_chars))
    passages: list[str] = []
    current = ""
    for piece in _pieces(text, limit):
        if current and len(current) + 1 + len(piece) > limit:
            passages.append(current)
            current = piece
        else:
            current = f"{current}\n{piece}" if current else piece
    if current:
        passages.append(current)
    return passages
