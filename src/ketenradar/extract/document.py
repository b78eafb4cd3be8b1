"""One cleaned document per firm from its page texts, deduplicated across pages.

Pages come in crawl order (home first, then by depth and URL, so the same pages always give the same document). A paragraph, heading or list item that
already appeared on an earlier page (menus, footers, contact blocks that slipped past extraction)
is kept only the first time; each section keeps its URL for evidence.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

_MARK = re.compile(r"^(#{1,6} |- |\d+\. |\* )")
_SPACE = re.compile(r"\s+")


@dataclass
class Document:
    text: str
    sections: list[dict[str, Any]] = field(default_factory=list)
    language: str | None = None

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()


def _key(line: str) -> str:
    return _SPACE.sub(" ", _MARK.sub("", line.strip())).strip().lower()


def build_document(pages: list[dict[str, Any]]) -> Document:
    """`pages`: [{url, title, text, language}] in crawl order."""
    seen: set[str] = set()
    sections: list[dict[str, Any]] = []
    chars_by_language: Counter[str] = Counter()
    for page in pages:
        kept = []
        for line in (page.get("text") or "").splitlines():
            key = _key(line)
            if not key or key in seen:
                continue
            seen.add(key)
            kept.append(line.strip())
        if not kept:
            continue
        text = "\n".join(kept)
        sections.append({"url": page["url"], "title": page.get("title"), "text": text})
        if page.get("language"):
            chars_by_language[page["language"]] += len(text)
    language = chars_by_language.most_common(1)[0][0] if chars_by_language else None
    return Document("\n\n".join(s["text"] for s in sections), sections, language)
