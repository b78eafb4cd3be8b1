"""The indicator taxonomy: the built-in YAML, optionally extended or replaced by a user's file.

The taxonomy is plain data (ids, labels, terms, excludes). Users change what is found by editing a
YAML file, never code; the matcher compiles whatever the taxonomy says.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from ketenradar.errors import InputError

BUILTIN = "taxonomy.yaml"


@dataclass(frozen=True)
class Indicator:
    id: str
    group: str
    label_nl: str
    label_en: str
    terms: tuple[str, ...]
    exclude: tuple[str, ...] = ()
    # The same terms by the language they are written in (nl, de, en, or "any" for brands, standards
    # and lists given without a language): the sentence's language decides which of them are read.
    terms_by_lang: tuple[tuple[str, tuple[str, ...]], ...] = ()
    # Terms read only in a sentence that also holds a cue (taxonomy `cues`): (cue, language, term).
    # Part nouns ("Wellen", "shafts", "assen") state components only where the firm makes them.
    context_terms: tuple[tuple[str, str, str], ...] = ()
    # Indicators a hit of this one also states (engineering offered as a service = engineering staff).
    implies: tuple[str, ...] = ()

    def terms_for(self) -> list[tuple[str, str]]:
        """(language, term) for every term; a term listed under two languages appears twice."""
        if not self.terms_by_lang:
            return [("any", t) for t in self.terms]
        return [(lang, t) for lang, terms in self.terms_by_lang for t in terms]


@dataclass
class Taxonomy:
    indicators: dict[str, Indicator]
    groups: dict[str, dict[str, str]] = field(default_factory=dict)
    sources: list[str] = field(default_factory=list)
    # Sentence cues for context terms: cue name -> ((language, term), ...).
    cues: dict[str, tuple[tuple[str, str], ...]] = field(default_factory=dict)

    @property
    def sha256(self) -> str:
        """Content hash: a changed term re-runs matching, an unchanged taxonomy lets firms be skipped."""
        payload = {
            "groups": self.groups,
            "cues": {k: [list(x) for x in v] for k, v in sorted(self.cues.items())},
            "indicators": {
                k: [v.group, v.label_nl, v.label_en, [list(x) for x in v.terms_for()], list(v.exclude)]
                + (
                    [[list(x) for x in v.context_terms], list(v.implies)]
                    if v.context_terms or v.implies
                    else []
                )
                for k, v in sorted(self.indicators.items())
            },
        }
        return hashlib.sha256(json.dumps(payload, sort_keys=True, ensure_ascii=False).encode()).hexdigest()

    def group_names(self) -> list[str]:
        seen = list(self.groups)
        for ind in self.indicators.values():
            if ind.group not in seen:
                seen.append(ind.group)
        return seen


def _read_yaml(text: str, path: str) -> dict[str, Any]:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the C loader is ten times faster
    try:
        data = yaml.load(text, Loader=loader)  # noqa: S506 - a safe loader
    except yaml.YAMLError as exc:
        raise InputError(f"not valid YAML: {exc}", path=path) from exc
    if not isinstance(data, dict) or not isinstance(data.get("indicators"), dict):
        raise InputError("a taxonomy needs a mapping 'indicators: {id: {...}}'", path=path)
    return data


def _terms(value: Any, path: str, where: str) -> list[str]:
    """Terms may be a list or a {language: list} mapping; every item becomes a string."""
    if value is None:
        return []
    if isinstance(value, dict):
        out: list[str] = []
        for lang, items in value.items():
            out.extend(_terms(items, path, f"{where}.{lang}"))
        return out
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        out = []
        for item in value:
            if not isinstance(item, str | int | float) or isinstance(item, bool):
                raise InputError(f"a term must be text, got {item!r}", path=path, field=where)
            text = str(item).strip()
            if text:
                out.append(text)
        return out
    raise InputError(f"terms must be a list or a mapping of lists, got {value!r}", path=path, field=where)


LANGUAGES = ("nl", "de", "en", "any")


def _terms_by_lang(value: Any, path: str, where: str) -> dict[str, list[str]]:
    """Terms per language key; a plain list (no language given) counts for every language."""
    if not isinstance(value, dict):
        return {"any": _terms(value, path, where)}
    out: dict[str, list[str]] = {}
    for lang, items in value.items():
        key = str(lang).lower()
        if key not in LANGUAGES:
            raise InputError(
                f"unknown term language {lang!r}; use one of {', '.join(LANGUAGES)}", path=path, field=where
            )
        out.setdefault(key, []).extend(_terms(items, path, f"{where}.{lang}"))
    return out


def _context_terms(value: Any, path: str, where: str) -> list[tuple[str, str, str]]:
    """`context_terms: {cue: {language: [terms]}}` -> [(cue, language, term)]."""
    if value is None:
        return []
    if not isinstance(value, dict):
        raise InputError("context_terms must be a mapping {cue: {language: [terms]}}", path=path, field=where)
    return [
        (str(cue), lang, term)
        for cue, spec in value.items()
        for lang, terms in _terms_by_lang(spec, path, f"{where}.{cue}").items()
        for term in terms
    ]


def _parse(data: dict[str, Any], path: str) -> tuple[dict[str, dict[str, Any]], dict[str, dict[str, str]]]:
    entries: dict[str, dict[str, Any]] = {}
    for ind_id, spec in data["indicators"].items():
        ind_id = str(ind_id)
        if "." not in ind_id:
            raise InputError("an indicator id is 'group.name'", path=path, field=ind_id)
        spec = spec or {}
        if not isinstance(spec, dict):
            raise InputError("an indicator is a mapping (label, terms, exclude)", path=path, field=ind_id)
        label = spec.get("label") or {}
        if isinstance(label, str):
            label = {"nl": label, "en": label}
        entries[ind_id] = {
            "group": str(spec.get("group") or ind_id.split(".", 1)[0]),
            "label": {k: str(v) for k, v in label.items()},
            "terms": _terms(spec.get("terms"), path, f"{ind_id}.terms"),
            "by_lang": _terms_by_lang(spec.get("terms"), path, f"{ind_id}.terms"),
            "exclude": _terms(spec.get("exclude"), path, f"{ind_id}.exclude"),
            "context": _context_terms(spec.get("context_terms"), path, f"{ind_id}.context_terms"),
            "implies": _terms(spec.get("implies"), path, f"{ind_id}.implies"),
        }
    groups = {str(k): dict(v or {}) for k, v in (data.get("groups") or {}).items()}
    return entries, groups


def _cues(data: dict[str, Any], path: str) -> dict[str, list[tuple[str, str]]]:
    value = data.get("cues") or {}
    if not isinstance(value, dict):
        raise InputError("cues must be a mapping {cue: {language: [terms]}}", path=path, field="cues")
    return {
        str(cue): [
            (lang, t) for lang, terms in _terms_by_lang(spec, path, f"cues.{cue}").items() for t in terms
        ]
        for cue, spec in value.items()
    }


def _build(
    entries: dict[str, dict[str, Any]], groups: dict, sources: list[str], cues: dict | None = None
) -> Taxonomy:
    indicators = {}
    for ind_id, e in entries.items():
        name = ind_id.split(".", 1)[1].replace("_", " ")
        indicators[ind_id] = Indicator(
            id=ind_id,
            group=e["group"],
            label_nl=e["label"].get("nl") or e["label"].get("en") or name,
            label_en=e["label"].get("en") or e["label"].get("nl") or name,
            terms=tuple(dict.fromkeys(e["terms"])),
            exclude=tuple(dict.fromkeys(e["exclude"])),
            terms_by_lang=tuple(
                (lang, tuple(dict.fromkeys(terms))) for lang, terms in e["by_lang"].items() if terms
            ),
            context_terms=tuple(dict.fromkeys(e.get("context", []))),
            implies=tuple(dict.fromkeys(e.get("implies", []))),
        )
    for ind in indicators.values():
        unknown = [i for i in ind.implies if i not in indicators]
        if unknown:
            raise InputError(f"implies unknown indicator(s) {unknown}", path=sources[-1], field=ind.id)
        unknown_cues = {c for c, _, _ in ind.context_terms} - set(cues or {})
        if unknown_cues:
            raise InputError(
                f"context_terms use undefined cue(s) {sorted(unknown_cues)}", path=sources[-1], field=ind.id
            )
    return Taxonomy(
        indicators=indicators,
        groups=groups,
        sources=sources,
        cues={k: tuple(dict.fromkeys(v)) for k, v in (cues or {}).items()},
    )


def load_taxonomy(user_file: str | Path | None = None, *, extend: bool = True) -> Taxonomy:
    """The built-in taxonomy, extended by (or, with extend=False, replaced by) `user_file`."""
    builtin_text = resources.files("ketenradar.indicators").joinpath(BUILTIN).read_text(encoding="utf-8")
    builtin_data = _read_yaml(builtin_text, BUILTIN)
    entries, groups = _parse(builtin_data, BUILTIN)
    cues = _cues(builtin_data, BUILTIN)
    sources = ["builtin"]
    if user_file:
        path = Path(user_file)
        if not path.exists():
            raise InputError("taxonomy file not found", path=str(path))
        user_data = _read_yaml(path.read_text(encoding="utf-8"), str(path))
        user_entries, user_groups = _parse(user_data, str(path))
        user_cues = _cues(user_data, str(path))
        if not extend:
            entries, groups, sources, cues = {}, {}, [], {}
        for cue, items in user_cues.items():
            cues[cue] = cues.get(cue, []) + items
        for ind_id, e in user_entries.items():
            if ind_id in entries:
                base = entries[ind_id]
                base["terms"] = base["terms"] + e["terms"]
                for lang, terms in e["by_lang"].items():
                    base["by_lang"][lang] = base["by_lang"].get(lang, []) + terms
                base["exclude"] = base["exclude"] + e["exclude"]
                base["context"] = base.get("context", []) + e["context"]
                base["implies"] = base.get("implies", []) + e["implies"]
                base["label"] = {**base["label"], **e["label"]}
                base["group"] = e["group"]
            else:
                entries[ind_id] = e
        groups = {**groups, **user_groups}
        sources.append(str(path))
    for ind_id, e in entries.items():
        if not e["terms"]:
            raise InputError("indicator has no terms", path=sources[-1], field=ind_id)
    return _build(entries, groups, sources, cues)
