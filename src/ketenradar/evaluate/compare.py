"""Why a firm's category changed between two score runs.

`match.runs.compare_runs` says which firms entered, left or changed category; `explain` says why,
per firm, from what the store recorded between the two runs (the old run's start, the new run's
start]:

- `site_changed`: pages of the firm's site changed, appeared or went away (page versions kept by
  `ketenradar crawl --refresh`, `crawl/history.py`);
- `site_found`: `ketenradar discover` chose a website for the firm (it had none usable);
- `new_label` / `label_gone`: the firm now carries a label (A or B, from a source: an award, a
  prime's supplier list) it did not have in the old run, or lost one; the label's source says where
  it came from;
- `new_review`: an analyst gave a verdict on the firm (`ketenradar review`, the review store);
- `references_changed`: none of the above for the firm itself; the reference firms (labelled A/B)
  or the threshold moved, so its score crossed a line it did not cross before.

A reason is a dict `{"reason": code, "detail": text}`; a firm can have several.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import pandas as pd

from ketenradar.crawl.history import versions
from ketenradar.errors import InputError
from ketenradar.match.runs import RunComparison, compare_runs
from ketenradar.model import discovery, scores
from ketenradar.model import firms as firm_model
from ketenradar.store import Store

REASONS = ("site_changed", "site_found", "new_label", "label_gone", "new_review", "references_changed")
LABELLED = ("A", "B")  # categories a label gives (labelled firms are the references)


class CursorStore:
    """What `explain` needs of a Store, on a DuckDB cursor of its own (the dashboard reads through
    one cursor per request thread)."""

    def __init__(self, cursor: Any, path: str | Path):
        self.cursor, self.path = cursor, path

    def fetchall(self, sql: str, params: list | None = None) -> list[tuple]:
        return self.cursor.execute(sql, params or []).fetchall()

    def df(self, sql: str, params: list | None = None) -> pd.DataFrame:
        return self.cursor.execute(sql, params or []).df()


def _when(value: Any) -> datetime | None:
    if value is None or value is pd.NaT:
        return None
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value)
        except ValueError:
            return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    return value if isinstance(value, datetime) else None


def _inside(moment: Any, start: datetime | None, end: datetime | None) -> bool:
    at = _when(moment)
    if at is None:
        return False
    # Run starts are stored to the whole second (some event times too), so everything is compared
    # to the second: an event in the same second as the old run's start counts as after it, and one
    # in the same second as the new run's start as before it (a page refreshed just before a
    # sub-second score run, a verdict given just after one).
    at = at.replace(microsecond=0)
    return (start is None or at >= start.replace(microsecond=0)) and (
        end is None or at <= end.replace(microsecond=0)
    )


def compare(store: Store, old: str | None = None, new: str | None = None) -> RunComparison:
    """The comparison of two score runs (default: the two newest), with `why` on every firm row."""
    known = scores.runs(store)
    ids = [r["run_id"] for r in known]
    if not ids:
        raise InputError("the store has no score runs yet: run `ketenradar score` first")
    new = new or ids[0]
    old = old or (ids[1] if len(ids) > 1 else ids[0])
    for name, value in (("old", old), ("new", new)):
        if value not in ids:
            raise InputError(f"unknown score run '{value}' (known: {', '.join(ids[:10])})", field=name)
    columns = ("kvk_number", "category", "a_score", "b_score")
    names = firm_model.read(store, ("kvk_number", "name"))
    cmp = compare_runs(scores.read(store, old, columns), scores.read(store, new, columns), names, old, new)
    started = {r["run_id"]: _when(r["started_at"]) for r in known}
    explain(store, cmp, started.get(old), started.get(new))
    return cmp


def explain(
    store: Store | CursorStore, cmp: RunComparison, since: datetime | None, until: datetime | None
) -> None:
    """Add a `why` column (list of reasons) to `cmp.entered`, `cmp.left` and `cmp.changed`, and
    `why_<reason>` counts to `cmp.counts`."""
    frames = [cmp.entered, cmp.left, cmp.changed]
    kvks = sorted({k for f in frames for k in f["kvk_number"]})
    found: dict[str, list[dict[str, str]]] = {k: [] for k in kvks}
    if kvks:
        _site_reasons(store, kvks, since, until, found)
        _discovery_reasons(store, kvks, since, until, found)
        _label_reasons(store, frames, found)
        _review_reasons(store, kvks, since, until, found)
    references = _reference_shift(frames)
    for frame in frames:
        frame["why"] = [
            found.get(k) or [{"reason": "references_changed", "detail": references}]
            for k in frame["kvk_number"]
        ]
    for code in REASONS:
        cmp.counts[f"why_{code}"] = sum(
            1 for f in frames for reasons in f["why"] if any(r["reason"] == code for r in reasons)
        )


def _site_reasons(
    store: Any, kvks: list[str], since: datetime | None, until: datetime | None, out: dict[str, list]
) -> None:
    for kvk in kvks:
        history = versions(store, kvk)
        if not history:
            continue
        changed, gone, new = set(), set(), set()
        current = {v["url"] for v in history if v["current"]}
        earlier = {v["url"] for v in history if not v["current"]}
        seen_before = any(
            _when(v["first_seen"]) and since and _when(v["first_seen"]) <= since for v in history
        )
        for v in history:
            if not v["current"] and _inside(v["until"], since, until):
                (changed if v["url"] in current else gone).add(v["url"])
            elif v["current"] and v["url"] not in earlier and _inside(v["first_seen"], since, until):
                new.add(v["url"])
        if not seen_before and new and not changed and not gone:
            out[kvk].append({"reason": "site_changed", "detail": f"site first crawled: {len(new)} page(s)"})
            continue
        if changed or gone or new:
            parts = [f"{n} {what}" for n, what in ((len(changed), "changed"), (len(gone), "gone"), (len(new), "new"))
                     if n]  # fmt: skip
            example = sorted(changed or gone or new)[0]
            out[kvk].append(
                {"reason": "site_changed", "detail": f"pages {', '.join(parts)} (e.g. {example})"}
            )


def _discovery_reasons(
    store: Any, kvks: list[str], since: datetime | None, until: datetime | None, out: dict[str, list]
) -> None:
    verdicts = discovery.verdicts(store)
    if verdicts.empty:
        return
    wanted = set(kvks)
    for row in verdicts[verdicts["chosen"].astype(bool)].to_dict("records"):
        if row["kvk_number"] in wanted and _inside(row["checked_at"], since, until):
            out[row["kvk_number"]].append(
                {
                    "reason": "site_found",
                    "detail": f"website found by discover: {row['domain']} ({row['evidence']})",
                }
            )


def _label_reasons(store: Any, frames: list[pd.DataFrame], out: dict[str, list]) -> None:
    """A label the new run's category follows and the old run's did not: a new label. (Labels are
    rebuilt by every resolve; the store keeps only the current ones, so an old label is read from
    the old run's category.)"""
    rows = pd.concat([f[["kvk_number", "category_old", "category_new"]] for f in frames], ignore_index=True)
    labels = firm_model.label_evidence(store, list(rows["kvk_number"]))
    by_firm: dict[str, list[dict]] = {}
    for row in labels.to_dict("records"):
        by_firm.setdefault(row["kvk_number"], []).append(row)
    for row in rows.to_dict("records"):
        kvk, old, new = row["kvk_number"], row["category_old"], row["category_new"]
        held = {r["label"] for r in by_firm.get(kvk, [])}
        if new in LABELLED and new in held and old != new:
            label = next(r for r in by_firm[kvk] if r["label"] == new)
            source = f"{label['source']}: {label['evidence']}" if label.get("evidence") else label["source"]
            out[kvk].append({"reason": "new_label", "detail": f"label {new} ({source})"})
        elif old in LABELLED and old not in held and old != new:
            out[kvk].append({"reason": "label_gone", "detail": f"label {old} no longer in the sources"})


def _review_reasons(
    store: Any, kvks: list[str], since: datetime | None, until: datetime | None, out: dict[str, list]
) -> None:
    from ketenradar.review.store import ReviewStore, review_store_path

    path = review_store_path(store.path)
    if not Path(path).exists():
        return
    with ReviewStore(path, read_only=True) as reviews:
        for kvk in kvks:
            history = reviews.history(kvk)
            for row in history.to_dict("records"):
                if _inside(row.get("created_at"), since, until):
                    out[kvk].append(
                        {
                            "reason": "new_review",
                            "detail": f"{row['reviewer']} answered {row['answer']} to '{row['question']}'"
                            + (f": {row['note']}" if row.get("note") else ""),
                        }
                    )


def _reference_shift(frames: list[pd.DataFrame]) -> str:
    moved = sum(
        int(((f["category_old"].isin(LABELLED)) != (f["category_new"].isin(LABELLED))).sum()) for f in frames
    )
    return (
        "nothing changed for the firm itself (site, label, review): its score crossed the threshold "
        f"because the reference firms or the threshold moved ({moved} firm(s) became or stopped being A/B)"
    )


def table(cmp: RunComparison) -> dict[str, list[dict[str, Any]]]:
    """Printable rows: per group, kvk, name, old and new category, and why in words."""
    out: dict[str, list[dict[str, Any]]] = {}
    for key, frame in (("changed", cmp.changed), ("entered", cmp.entered), ("left", cmp.left)):
        out[key] = [
            {
                "kvk_number": r["kvk_number"],
                "name": r["name"],
                "old": r["category_old"],
                "new": r["category_new"],
                "why": "; ".join(f"{w['reason']}: {w['detail']}" for w in r["why"]),
            }
            for r in frame.to_dict("records")
        ]
    return out
