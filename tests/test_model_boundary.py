"""One owner per table family: outside `ketenradar.model` and `ketenradar.store`, a package writes SQL
only against the tables its own stage writes (the registry says which). Everything else reads
other stages' tables through `ketenradar.model`.

`NOT_YET_MOVED` lists the reads that still go around the model layer. The test fails when a new one
appears *and* when one listed is gone (then delete its line), so the list can only shrink.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from ketenradar.runner import STAGES

SRC = Path(__file__).resolve().parents[1] / "src" / "ketenradar"
SQL_TABLE = re.compile(r"\b(?:FROM|JOIN|INTO|UPDATE|TABLE)\s+(\w+)")  # the code writes SQL upper case
FREE = {"model", "store"}

# file (relative to src/ketenradar) -> tables of other stages it still reads with its own SQL.
NOT_YET_MOVED: dict[str, set[str]] = {}


# Tables two stages write: discovery resets the crawl rows of a firm whose site it replaces; the crawl
# makes a website corrected in the portal the firm's chosen site (discover/portal.py).
SHARED_WRITES = {
    "sites": {"crawl", "discover"},
    "crawl_requests": {"crawl", "discover"},
    "discovered_sites": {"crawl", "discover"},
}


def owners() -> dict[str, set[str]]:
    """Table -> the packages whose stages write it."""
    found: dict[str, set[str]] = {"runs": {"store"}, "schema_version": {"store"}}
    for spec in STAGES.values():
        package = spec.run.__name__.split(".")[1]
        for table in spec.writes:
            found.setdefault(table, set()).add(package)
    return found


def foreign_sql() -> dict[str, set[str]]:
    """File -> tables of other packages named in its SQL string literals."""
    owner = owners()
    found: dict[str, set[str]] = {}
    for path in sorted(SRC.rglob("*.py")):
        rel = path.relative_to(SRC)
        package = rel.parts[0] if len(rel.parts) > 1 else rel.stem
        if package in FREE:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                for table in SQL_TABLE.findall(node.value):
                    if table in owner and package not in owner[table]:
                        found.setdefault(rel.as_posix(), set()).add(table)
    return found


def test_every_written_table_has_one_owning_stage() -> None:
    writers: dict[str, list[str]] = {}
    for spec in STAGES.values():
        for table in spec.writes:
            writers.setdefault(table, []).append(spec.name)
    shared = {t: set(w) for t, w in writers.items() if len(w) > 1}
    assert shared == SHARED_WRITES


def test_no_new_sql_against_other_stages_tables() -> None:
    found = foreign_sql()
    new = {f: t - NOT_YET_MOVED.get(f, set()) for f, t in found.items()}
    assert {f: t for f, t in new.items() if t} == {}, "read these through ketenradar.model"
    gone = {f: t - found.get(f, set()) for f, t in NOT_YET_MOVED.items()}
    assert {f: t for f, t in gone.items() if t} == {}, "moved to the model layer: delete from NOT_YET_MOVED"


def test_the_check_sees_sql(tmp_path) -> None:
    # A guard on the guard: the pattern finds the tables of a typical statement.
    assert SQL_TABLE.findall("SELECT f.name FROM firms f JOIN scores s USING (kvk_number)") == [
        "firms",
        "scores",
    ]
    assert SQL_TABLE.findall("Places come from the firms table") == []
