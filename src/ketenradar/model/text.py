"""Text folding: the one helper for comparing names and terms that people type."""

from __future__ import annotations

import unicodedata


def strip_accents(text: str) -> str:
    """'Fryslân' -> 'Fryslan', 'ŝ' -> 's' (letters kept, combining marks dropped)."""
    return "".join(c for c in unicodedata.normalize("NFKD", str(text)) if not unicodedata.combining(c))


def fold(text: str) -> str:
    """Lower case without accents and outer spaces: 'Fryslân ' -> 'fryslan'."""
    return strip_accents(text).lower().strip()
