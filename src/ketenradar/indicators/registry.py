"""Registry indicators: derived from KvK fields (SBI code, employees, turnover), not from text."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

# NACE Rev.2 / SBI 2008 sections by two-digit division.
_SECTIONS: list[tuple[int, int, str]] = [
    (1, 3, "A"),
    (5, 9, "B"),
    (10, 33, "C"),
    (35, 35, "D"),
    (36, 39, "E"),
    (41, 43, "F"),
    (45, 47, "G"),
    (49, 53, "H"),
    (55, 56, "I"),
    (58, 63, "J"),
    (64, 66, "K"),
    (68, 68, "L"),
    (69, 75, "M"),
    (77, 82, "N"),
    (84, 84, "O"),
    (85, 85, "P"),
    (86, 88, "Q"),
    (90, 93, "R"),
    (94, 96, "S"),
    (97, 98, "T"),
    (99, 99, "U"),
]

# CBS size classes by persons employed (werkzame personen), as in CBS business statistics.
CBS_SIZE_CLASSES: list[tuple[int, int | None, str]] = [
    (0, 0, "0"),
    (1, 1, "1"),
    (2, 2, "2"),
    (3, 4, "3-4"),
    (5, 9, "5-9"),
    (10, 19, "10-19"),
    (20, 49, "20-49"),
    (50, 99, "50-99"),
    (100, 149, "100-149"),
    (150, 199, "150-199"),
    (200, 249, "200-249"),
    (250, 499, "250-499"),
    (500, 999, "500-999"),
    (1000, 1999, "1000-1999"),
    (2000, None, "2000+"),
]

_DIGITS = re.compile(r"\d+")


def sbi_division(code: Any) -> str | None:
    """'2562' -> '25'; codes with a leading zero ('0111' or '111' for 01.11) keep it."""
    if code is None:
        return None
    digits = "".join(_DIGITS.findall(str(code)))
    if len(digits) < 2:
        return None
    # A 3-digit code lost its leading zero in a spreadsheet (0111 -> 111).
    return digits.zfill(4)[:2] if len(digits) == 3 else digits[:2]


def sbi_section(division: str | None) -> str | None:
    if not division:
        return None
    number = int(division)
    for low, high, letter in _SECTIONS:
        if low <= number <= high:
            return letter
    return None


def size_class(employees: Any) -> str | None:
    """The CBS size class of a number of persons employed."""
    if employees is None:
        return None
    try:
        n = int(employees)
    except (TypeError, ValueError):
        return None
    if n < 0:
        return None
    for low, high, label in CBS_SIZE_CLASSES:
        if n >= low and (high is None or n <= high):
            return label
    return None


def size_band(employees: Any) -> str | None:
    """EU SME band: micro (<10), small (10-49), medium (50-249), large (250+)."""
    try:
        n = int(employees)
    except (TypeError, ValueError):
        return None
    if n < 10:
        return "micro"
    if n < 50:
        return "small"
    if n < 250:
        return "medium"
    return "large"


def _codes(sbi_main: Any, sbi_codes: Iterable[Any] | None) -> list[str]:
    out: list[str] = []
    for code in [sbi_main, *(list(sbi_codes) if sbi_codes is not None else [])]:
        if code is None:
            continue
        text = "".join(_DIGITS.findall(str(code)))
        if text and text not in out:
            out.append(text)
    return out


def registry_indicators(firm: dict[str, Any]) -> tuple[list[tuple[str, str, str]], dict[str, Any]]:
    """(indicator_id, group, term) rows and the profile fields for one `firms` row."""
    rows: list[tuple[str, str, str]] = []
    codes = _codes(firm.get("sbi_main"), firm.get("sbi_codes"))
    seen: set[str] = set()
    for code in codes:
        division = sbi_division(code)
        section = sbi_section(division)
        for ind_id in (f"registry.sbi_division.{division}" if division else None,) + (
            (f"registry.sbi_section.{section}",) if section else ()
        ):
            if ind_id and ind_id not in seen:
                seen.add(ind_id)
                rows.append((ind_id, "registry", f"SBI {code}"))
    main_division = sbi_division(codes[0]) if codes else None
    employees = firm.get("employees")
    if employees is not None and employees == employees:  # not NaN
        employees = int(employees)
        size = size_class(employees)
    else:
        employees = None
        size = firm.get("size_class") or None
    if size:
        rows.append(
            (
                f"registry.size.{size}",
                "registry",
                f"{employees} werkzame personen" if employees is not None else size,
            )
        )
    turnover = firm.get("turnover_class") or None
    if turnover:
        rows.append((f"registry.turnover.{turnover}", "registry", str(turnover)))
    profile = {
        "sbi_division": main_division,
        "sbi_section": sbi_section(main_division),
        "size_class": size,
        "size_band": size_band(employees) if employees is not None else None,
        "employees": employees,
        "turnover_class": turnover,
    }
    return rows, profile
