"""The reasons of a score row (`scores.reasons`, JSON): one schema, written by the scorer and read by
the report, the dashboard and the API alike.

```json
{"profile": "A",
 "nearest_references": [{"kvk_number": "01234567", "name": "...", "label": "A", "similarity": 0.83}],
 "indicators": [{"indicator": "cert.aqap2110", "weight": 0.41}],
 "evidence": [{"indicator": "cert.aqap2110", "sentence": "...", "url": "https://..."}],
 "also_like_A": true, "association_member": true, "text": "..."}
```
Every key is optional. `Reasons.from_json` never raises: a value that is not this schema (a store
written by an old version, a hand-edited row) gives empty reasons, or its text when it is a string.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from typing import Any


def as_number(value: Any) -> float | None:
    """A finite-or-None float of whatever a JSON value or a table cell holds (None when it is not one)."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else number


def _text(value: Any) -> str | None:
    return None if value is None else str(value)


@dataclass
class Reasons:
    """Why a firm got its category: nearest reference firms, weightiest indicators, evidence."""

    nearest: list[dict[str, Any]] = field(default_factory=list)
    """[{kvk_number, name, label, similarity}] the most similar reference firms, best first."""
    top_indicators: list[dict[str, Any]] = field(default_factory=list)
    """[{id, weight}] the indicators that weigh most, heaviest first."""
    evidence: list[dict[str, Any]] = field(default_factory=list)
    """[{indicator, sentence, url}] sentences from the firm's own pages."""
    profile: str | None = None
    """The reference profile the reasons compare with: A or B."""
    also_like_a: bool = False
    association_member: bool = False
    text: str | None = None
    """A short explanation in words, when the writer gave one."""
    review: dict[str, Any] | None = None
    """An analyst's verdict on the firm (`ketenradar.review`), kept as written."""

    # -- JSON ------------------------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if self.profile:
            out["profile"] = self.profile
        out["nearest_references"] = self.nearest
        out["indicators"] = [{"indicator": i["id"], "weight": i.get("weight")} for i in self.top_indicators]
        out["evidence"] = self.evidence
        if self.also_like_a:
            out["also_like_A"] = True
        if self.association_member:
            out["association_member"] = True
        if self.text:
            out["text"] = self.text
        if self.review:
            out["review"] = self.review
        return out

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False)

    @classmethod
    def from_json(cls, raw: Any) -> Reasons:
        """Read a `scores.reasons` value (JSON text, or the parsed object); never raises."""
        data = raw
        if isinstance(raw, str):
            try:
                data = json.loads(raw)
            except ValueError:
                return cls(text=raw)
        if isinstance(data, str):
            return cls(text=data)
        if not isinstance(data, dict):
            return cls()
        reasons = cls(
            profile=_text(data.get("profile")),
            also_like_a=bool(data.get("also_like_A")),
            association_member=bool(data.get("association_member")),
            text=_text(data.get("text")),
            review=data["review"] if isinstance(data.get("review"), dict) else None,
        )
        for item in _list(data.get("nearest_references")):
            if isinstance(item, dict) and item.get("kvk_number") is not None:
                reasons.nearest.append(
                    {
                        "kvk_number": str(item["kvk_number"]),
                        "name": _text(item.get("name")),
                        "label": _text(item.get("label")),
                        "similarity": as_number(item.get("similarity")),
                    }
                )
        for item in _list(data.get("indicators")):
            if isinstance(item, dict) and item.get("indicator") is not None:
                reasons.top_indicators.append(
                    {"id": str(item["indicator"]), "weight": as_number(item.get("weight"))}
                )
        for item in _list(data.get("evidence")):
            if isinstance(item, dict) and (item.get("sentence") or item.get("url")):
                reasons.evidence.append(
                    {
                        "indicator": _text(item.get("indicator")),
                        "sentence": _text(item.get("sentence")),
                        "url": _text(item.get("url")),
                    }
                )
        return reasons


def lines(raw: Any, lang: str = "nl") -> list[str]:
    """A score row's reasons as short readable lines (for a workbook or a plain-text view)."""
    from ketenradar.model.taxonomy import indicator_label

    reasons = Reasons.from_json(raw)
    nl = lang == "nl"
    out = []
    if reasons.text:
        out.append(reasons.text)
    if reasons.nearest:
        refs = ", ".join(
            f"{n['name'] or n['kvk_number']} ({n['label'] or '?'}"
            + (f", {n['similarity']:.2f})" if n["similarity"] is not None else ")")
            for n in reasons.nearest
        )
        out.append(("lijkt op: " if nl else "similar to: ") + refs)
    if reasons.top_indicators:
        out.append(
            ("weegt het zwaarst: " if nl else "weighs most: ")
            + ", ".join(indicator_label(i["id"], lang) for i in reasons.top_indicators)
        )
    for e in reasons.evidence:
        if e["sentence"]:
            out.append(f'"{e["sentence"]}"' + (f" ({e['url']})" if e["url"] else ""))
    if reasons.review:
        out.append(("beoordeling: " if nl else "review: ") + json.dumps(reasons.review, ensure_ascii=False))
    return out


def _list(value: Any) -> list:
    return list(value) if isinstance(value, list | tuple) else []
