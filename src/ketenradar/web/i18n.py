"""Dutch and English labels of the dashboard. Missing keys fall back to the key itself.

Texts the dashboard shares with the report (categories, provinces, registry fields, ...) come from
`ketenradar.report.labels.TEXT`, so that both call a thing by the same name; this module holds only
the dashboard's own texts.
"""

from __future__ import annotations

from ketenradar.report.labels import TEXT

LANGUAGES = ("nl", "en")

LABELS: dict[str, dict[str, str]] = {
    "nl": {
        "title": "ketenradar",
        "overview": "Overzicht",
        "search": "Zoeken",
        "match": "Matchmaking",
        "consortium": "Consortium",
        "runs": "Runs vergelijken",
        "categories": "Categorieën",
        "provinces": "Provincies",
        "query": "Zoekterm",
        "score_min": "Score vanaf",
        "score_max": "Score tot",
        "sbi": "SBI-code",
        "certification": "Certificering",
        "process": "Proces",
        "market": "Markt",
        "technology": "Technologiegebied",
        "any": "alle",
        "submit_search": "Zoeken",
        "export": "Exporteer naar XLSX",
        "results": "resultaten",
        "page": "Pagina",
        "previous": "vorige",
        "next": "volgende",
        "registry": "Registergegevens",
        "address": "Adres",
        "employees": "Werkzame personen",
        "founded": "Opgericht",
        "member": "Lid",
        "scores": "Scores",
        "reasons_profile": "Vergeleken met het profiel van categorie",
        "reasons_nearest": "Meest gelijkende referentiebedrijven",
        "reasons_weigh": "Indicatoren die het zwaarst wegen",
        "reasons_evidence": "Bewijs op de eigen website",
        "reasons_also_like_a": "Lijkt ook op de directe leveranciers (A)",
        "reasons_association": "Lid van een brancheorganisatie",
        "weight": "gewicht",
        "reasons_review": "Beoordeling door een analist",
        "indicators": "Indicatoren met bewijs",
        "references": "Meest gelijkende referentiebedrijven",
        "similarity": "Gelijkenis",
        "sources": "Bronrecords",
        "labels": "Labels",
        "file": "Bestand",
        "row": "Rij",
        "link_method": "Koppeling",
        "demand": "Vraag (vrije tekst)",
        "demand_help": "Bijv. frezen van aluminium behuizingen, AQAP 2110, regio Oost",
        "radius": "Straal (km)",
        "region": "Regio",
        "find_suppliers": "Zoek leveranciers",
        "parts": "Onderdelen van de vraag",
        "requirements": "Harde eisen",
        "candidates": "bedrijven voldoen aan de harde eisen",
        "distance": "Afstand",
        "capabilities": "Benodigde capaciteiten (één per regel: indicator-id of vrije tekst)",
        "build": "Stel consortium samen",
        "members": "Leden",
        "roles": "Rollen",
        "role": "Rol",
        "alternatives": "Alternatieven",
        "uncovered": "Niet gedekt",
        "old_run": "Oude run",
        "new_run": "Nieuwe run",
        "compare": "Vergelijk",
        "why": "Waarom",
        "entered": "Nieuw in een categorie",
        "left": "Uit een categorie",
        "changed": "Van categorie veranderd",
        "no_results": "Geen resultaten.",
        "error": "Fout",
        "language": "English",
        "site": "Website-crawl",
        "not_found": "Niet gevonden",
        "fit": "Passing",
        "quality": "Kwaliteit",
        "notes": "Opmerkingen",
        "history": "Scores per run",
        "trade_names": "Handelsnamen",
        "candidates_considered": "kandidaten bekeken",
    },
    "en": {
        "title": "ketenradar",
        "overview": "Overview",
        "search": "Search",
        "match": "Matchmaking",
        "consortium": "Consortium",
        "runs": "Compare runs",
        "categories": "Categories",
        "provinces": "Provinces",
        "query": "Search text",
        "score_min": "Score from",
        "score_max": "Score to",
        "sbi": "SBI code",
        "certification": "Certification",
        "process": "Process",
        "market": "Market",
        "technology": "Technology area",
        "any": "any",
        "submit_search": "Search",
        "export": "Export to XLSX",
        "results": "results",
        "page": "Page",
        "previous": "previous",
        "next": "next",
        "registry": "Registry data",
        "address": "Address",
        "employees": "Employees",
        "founded": "Founded",
        "member": "Member",
        "scores": "Scores",
        "reasons_profile": "Compared with the profile of category",
        "reasons_nearest": "Most similar reference firms",
        "reasons_weigh": "Indicators that weigh most",
        "reasons_evidence": "Evidence on the firm's own website",
        "reasons_also_like_a": "Also resembles the direct suppliers (A)",
        "reasons_association": "Member of a trade association",
        "weight": "weight",
        "reasons_review": "An analyst's review",
        "indicators": "Indicators with evidence",
        "references": "Nearest reference firms",
        "similarity": "Similarity",
        "sources": "Source records",
        "labels": "Labels",
        "file": "File",
        "row": "Row",
        "link_method": "Link",
        "demand": "Demand (free text)",
        "demand_help": "E.g. milling of aluminium housings, AQAP 2110, region East",
        "radius": "Radius (km)",
        "region": "Region",
        "find_suppliers": "Find suppliers",
        "parts": "Parts of the demand",
        "requirements": "Hard requirements",
        "candidates": "firms meet the hard requirements",
        "distance": "Distance",
        "capabilities": "Required capabilities (one per line: indicator id or free text)",
        "build": "Build consortium",
        "members": "Members",
        "roles": "Roles",
        "role": "Role",
        "alternatives": "Alternatives",
        "uncovered": "Not covered",
        "old_run": "Old run",
        "new_run": "New run",
        "compare": "Compare",
        "why": "Why",
        "entered": "Entered a category",
        "left": "Left a category",
        "changed": "Changed category",
        "no_results": "No results.",
        "error": "Error",
        "language": "Nederlands",
        "site": "Website crawl",
        "not_found": "Not found",
        "fit": "Fit",
        "quality": "Quality",
        "notes": "Notes",
        "history": "Scores per run",
        "trade_names": "Trade names",
        "candidates_considered": "candidates considered",
    },
}


# The dashboard's own meaning of these keys differs from the report's (a firm's source records, not
# the imported files; the app's name, not the report's title).
_OWN = {"title", "sbi", "sources"}
for _lang in LANGUAGES:
    LABELS[_lang] = {
        **{k: v[_lang] for k, v in TEXT.items() if k not in _OWN},
        # Categories with their letter, as the dashboard's filters and badges show them.
        **{f"cat_{c}": f"{c}: {TEXT['cat_' + c][_lang]}" for c in "ABCD"},
        **LABELS[_lang],
    }


class Labels:
    def __init__(self, lang: str):
        self.lang = lang if lang in LANGUAGES else "nl"
        self._d = LABELS[self.lang]

    def __getitem__(self, key: str) -> str:
        return self._d.get(key, key)

    def __getattr__(self, key: str) -> str:
        if key.startswith("_"):
            raise AttributeError(key)
        return self[key]
