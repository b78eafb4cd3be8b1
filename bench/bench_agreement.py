"""How far two labellers agree on the real-text set, beside how far the matcher agrees (issue 17).

A sample of real-text items was labelled a second time, by someone who saw only the texts and the
labelling guide (tests/realtext/README.md), never the first labels nor the matcher. Their labels are
in `tests/realtext/second/*.yaml`: `{items: [{id, expect}]}`, ids as in the parts.

For those items this bench measures, against the FIRST labels (the ones every other figure uses):

- `second_labeller`: the second labeller's precision and recall, per group, language and cell;
- `matcher`: the shipped matcher's, each part measured as `bench_realtext` measures it (a blind
  part by the shipped model, a training part cross-validated);
- `matcher_vs_second`: the matcher against the second labels instead.

Where two careful people agree at 0.75 on product structure, a matcher's 0.75 on it is as good as
the labels can show, and a bar of 0.85 there measures the labels as much as the matcher.

    python -m bench --only agreement       # writes bench/results/agreement.json
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import yaml

from bench import bench_realtext as rt

SECOND_DIR = rt.SET_DIR / "second"
SELF_REPEATING = True  # deterministic: one run is the figure


class AgreementError(ValueError):
    """A malformed second-label file; the message names the file and entry."""


def load_second_labels(folder: Path | None = None, known_ids: set[str] | None = None) -> dict[str, set[str]]:
    """Item id -> the second labeller's indicator ids, from every yaml file in `folder`."""
    labels: dict[str, set[str]] = {}
    for path in sorted((folder or SECOND_DIR).glob("*.yaml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        if not isinstance(doc, dict) or not isinstance(doc.get("items"), list):
            raise AgreementError(f"{path.name}: expected a mapping with a list `items`")
        for n, entry in enumerate(doc["items"], start=1):
            where = f"{path.name}, entry {n}"
            if not isinstance(entry, dict) or not isinstance(entry.get("id"), str):
                raise AgreementError(f"{where}: needs a string `id`")
            expect = entry.get("expect")
            if not isinstance(expect, list) or not all(isinstance(i, str) for i in expect):
                raise AgreementError(f"{where} ({entry['id']}): `expect` must be a list of indicator ids")
            if entry["id"] in labels:
                raise AgreementError(f"{where}: id {entry['id']} labelled twice")
            unknown = set(expect) - known_ids if known_ids is not None else set()
            if unknown:
                raise AgreementError(f"{where} ({entry['id']}): unknown indicator ids {sorted(unknown)}")
            labels[entry["id"]] = set(expect)
    return labels


def _as_labels(items: list[rt.Item], labels: dict[str, set[str]]) -> list[rt.Item]:
    """The same items with `labels` as their expected ids (the reference the figures measure against)."""
    from dataclasses import replace

    return [replace(item, expect=frozenset(labels[item.id])) for item in items]


def _sha(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.glob("*.yaml")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def measure(folder: Path | None = None) -> dict[str, Any]:
    from ketenradar.indicators import learned
    from ketenradar.indicators.matcher import MATCHER_VERSION
    from ketenradar.indicators.taxonomy import load_taxonomy

    folder = folder or SECOND_DIR
    tax = load_taxonomy()
    groups = tax.group_names()
    second = load_second_labels(folder, set(tax.indicators))
    if not second:
        return {"status": "no second labels", "folder": str(folder)}
    items_by_part: dict[str, list[rt.Item]] = {}
    for part in rt.PARTS:
        chosen = [item for item in rt.load_items(part, tax.indicators) if item.id in second]
        if chosen:
            items_by_part[part] = chosen
    found = {item.id for items in items_by_part.values() for item in items}
    missing = sorted(set(second) - found)
    if missing:
        raise AgreementError(f"{folder}: ids not in any real-text part: {missing[:5]}")
    shipped = rt.training_examples()
    predicted: dict[str, set[str]] = {}
    measured_as: dict[str, str] = {}
    for part, items in items_by_part.items():
        model, how = rt.model_for_part(part, shipped)
        measured_as[part] = how
        with learned.using(model):
            predicted.update(rt.predict(items, tax))
    items = [item for part_items in items_by_part.values() for item in part_items]
    second_items = _as_labels(items, second)
    second_as_prediction = {item.id: set(second[item.id]) for item in items}
    return {
        "matcher_version": MATCHER_VERSION,
        "second_labels_sha256": _sha(folder),
        "items": len(items),
        "parts": {part: len(v) for part, v in items_by_part.items()},
        "measured_as": measured_as,
        "second_labeller": rt.figures_of(rt.score(items, second_as_prediction), groups),
        "matcher": rt.figures_of(rt.score(items, predicted), groups),
        "matcher_vs_second": rt.figures_of(rt.score(second_items, predicted), groups),
        "groups": _side_by_side(items, second_as_prediction, predicted, groups),
    }


def _side_by_side(
    items: list[rt.Item], second: dict[str, set[str]], predicted: dict[str, set[str]], groups: list[str]
) -> dict[str, Any]:
    """One row per group: first-vs-second labeller and first-vs-matcher, for the docs' table."""
    people = rt.figures_of(rt.score(items, second), groups)["groups"]
    machine = rt.figures_of(rt.score(items, predicted), groups)["groups"]
    rows: dict[str, Any] = {}
    for group in groups:
        if group not in people and group not in machine:
            continue
        rows[group] = {
            "labels": (people.get(group) or {}).get("tp", 0) + (people.get(group) or {}).get("fn", 0),
            "second_precision": (people.get(group) or {}).get("precision"),
            "second_recall": (people.get(group) or {}).get("recall"),
            "matcher_precision": (machine.get(group) or {}).get("precision"),
            "matcher_recall": (machine.get(group) or {}).get("recall"),
        }
    return rows


def main(args: Any = None) -> dict[str, Any]:
    figures = measure()
    if "groups" in figures:
        print(f"{figures['items']} items labelled twice; against the first labels (precision / recall):")
        print(f"{'group':<14}{'labels':>8}{'second labeller':>20}{'matcher':>16}")
        for group, row in figures["groups"].items():
            second = f"{_f(row['second_precision'])} / {_f(row['second_recall'])}"
            matcher = f"{_f(row['matcher_precision'])} / {_f(row['matcher_recall'])}"
            print(f"{group:<14}{row['labels']:>8}{second:>20}{matcher:>16}")
        for name in ("second_labeller", "matcher", "matcher_vs_second"):
            o = figures[name]["overall"]
            print(f"{name}: {_f(o['precision'])} / {_f(o['recall'])}")
    return figures


def _f(x: float | None) -> str:
    return "  - " if x is None else f"{x:.2f}"
