"""Taxonomy access for every reader: indicator labels in Dutch and English, and the plain terms
matchmaking looks for. The one parser of `indicators/taxonomy.yaml` is `ketenradar.indicators.taxonomy`;
nothing else reads the file.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from ketenradar.indicators.taxonomy import Taxonomy, load_taxonomy

LANGS = ("nl", "en")


@cache
def builtin() -> Taxonomy:
    """The built-in taxonomy (loaded once per process)."""
    return load_taxonomy()


def taxonomy(path: str | Path | None = None) -> Taxonomy:
    """The built-in taxonomy, extended by the user's file at `path` when given."""
    return builtin() if path is None else load_taxonomy(path)


def indicator_label(indicator_id: str, lang: str, tax: Taxonomy | None = None) -> str:
    """The indicator's label in `lang` (nl | en). Registry indicators and ids a user added without a
    label get a readable name from the id."""
    found = (tax or builtin()).indicators.get(indicator_id)
    if found is not None:
        return found.label_nl if lang == "nl" else found.label_en
    if indicator_id.startswith("registry.sbi_division."):
        return f"SBI {indicator_id.rsplit('.', 1)[-1]}"
    if indicator_id.startswith("registry.size."):
        size = indicator_id.rsplit(".", 1)[-1]
        return f"{'grootte' if lang == 'nl' else 'size'} {size}"
    return indicator_id.rsplit(".", 1)[-1].replace("_", " ")


def group_label(group: str, lang: str, tax: Taxonomy | None = None) -> str:
    labels = (tax or builtin()).groups.get(group) or {}
    return labels.get(lang) or group


def indicator_terms(tax: Taxonomy | None = None) -> dict[str, list[str]]:
    """Indicator id -> its plain terms (no regular expressions; `*` wildcards kept, matchmaking
    matches every term as a prefix anyway)."""
    return {
        iid: [t for t in ind.terms if len(t) < 60 and not t.startswith("re:") and "\\" not in t]
        for iid, ind in (tax or builtin()).indicators.items()
    }
