"""The shipped SBI 2008 list is the project's own; it is checked against a public table here."""

from pathlib import Path

import pytest

from ketenradar.sources.sbi import SBI


def _find_reference() -> Path:
    # ../shared beside the repository root; worktrees sit one level deeper.
    for parent in Path(__file__).resolve().parents:
        candidate = parent / "shared" / "data" / "sbi" / "sbi-2008-amsterdam-handelsregister.psv"
        if candidate.exists():
            return candidate
    return Path("missing")


REFERENCE = _find_reference()


def _reference() -> dict[str, str]:
    out = {}
    for line in REFERENCE.read_text(encoding="utf-8").splitlines()[1:]:
        parts = line.split("|")
        out[parts[0]] = parts[1]
    return out


@pytest.mark.skipif(not REFERENCE.exists(), reason="shared SBI reference table not present")
def test_every_shipped_code_in_divisions_24_to_33_matches_the_reference():
    ref = _reference()
    checked = 0
    for code, entry in SBI.entries.items():
        if len(code) < 3 or not 24 <= int(code[:2]) <= 33:
            continue  # the reference has no division (2-digit) level
        # The reference stripped leading zeros; single-class groups (e.g. 3040) appear only at group level.
        key = code.lstrip("0")
        if key not in ref and len(code) == 4 and code.endswith("0"):
            key = key[:-1]
        assert key in ref, f"SBI {code} is not in the reference table"
        assert ref[key] == entry.description, f"SBI {code}: '{entry.description}' != '{ref[key]}'"
        checked += 1
    assert checked >= 20


def test_all_divisions_have_a_section():
    divisions = [c for c in SBI.entries if len(c) == 2]
    assert len(divisions) >= 85
    assert SBI.section("2562") == "C"
    assert SBI.section("4941") == "H"
    assert all(SBI.entries[d].section.isalpha() for d in divisions)
