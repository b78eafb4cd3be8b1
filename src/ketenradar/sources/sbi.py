"""The SBI 2008 list shipped with the package (the project's own file `sbi2008.tsv`).

It holds every division (2 digits) with its section letter, and the classes of the manufacturing
divisions with their official Dutch descriptions. Codes are kept without dots ('2562' = 25.62).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from importlib import resources


@dataclass(frozen=True)
class SbiEntry:
    code: str
    section: str
    description: str


class SbiList:
    @cached_property
    def entries(self) -> dict[str, SbiEntry]:
        text = resources.files("ketenradar.sources").joinpath("sbi2008.tsv").read_text(encoding="utf-8")
        out = {}
        for line in text.splitlines()[1:]:
            if line.strip():
                code, section, description = line.split("\t")
                out[code] = SbiEntry(code, section, description)
        return out

    def known(self, code: str) -> bool:
        """Known as given, or as a Dutch 5-digit subclass of a known class."""
        return code in self.entries or (len(code) == 5 and code[:4] in self.entries)

    @cached_property
    def detailed_divisions(self) -> set[str]:
        """Divisions whose classes are in the list (elsewhere only the division can be checked)."""
        return {c[:2] for c in self.entries if len(c) > 2}

    def division(self, code: str) -> SbiEntry | None:
        return self.entries.get(code[:2])

    def section(self, code: str) -> str | None:
        entry = self.division(code)
        return entry.section if entry else None

    def describe(self, code: str) -> str | None:
        for n in (len(code), 4, 3, 2):
            if code[:n] in self.entries:
                return self.entries[code[:n]].description
        return None


SBI = SbiList()
