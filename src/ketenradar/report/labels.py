"""Dutch and English labels for everything the report and the exports show.

One place for the words, so that both languages stay complete: `LANGS` lists the languages,
every entry of `TEXT` has a value for each (a test checks this).
"""

from __future__ import annotations

import re

LANGS = ("nl", "en")

CATEGORIES = ("A", "B", "C", "D")
NONE = "none"

TEXT: dict[str, dict[str, str]] = {
    "title": {"nl": "ketenradar — rapport", "en": "ketenradar — report"},
    "subtitle": {
        "nl": "De mkb-maakindustrie ten opzichte van de defensieketen",
        "en": "Manufacturing SMEs and the defence supply chain",
    },
    "generated": {"nl": "Gemaakt op", "en": "Generated on"},
    "score_run": {"nl": "Scorerun", "en": "Score run"},
    "no_score_run": {
        "nl": "Er is nog geen geslaagde scorerun: voer eerst `ketenradar score` uit. "
        "Categorieën ontbreken daarom in dit rapport.",
        "en": "There is no successful score run yet: run `ketenradar score` first. "
        "The report therefore shows no categories.",
    },
    "switch": {"nl": "English", "en": "Nederlands"},
    "contents": {"nl": "Inhoud", "en": "Contents"},
    # sections
    "sec_summary": {"nl": "Samenvatting: categorieën A–D", "en": "Summary: categories A–D"},
    "sec_funnel": {
        "nl": "Trechter: van bronbestand tot categorie",
        "en": "Funnel: from source file to category",
    },
    "sec_breakdowns": {"nl": "Uitsplitsingen", "en": "Breakdowns"},
    "sec_map": {"nl": "Kaart: bedrijven per provincie", "en": "Map: firms by province"},
    "sec_candidates": {"nl": "Kansrijke kandidaten", "en": "Top candidates"},
    "sec_method": {"nl": "Methode", "en": "Methodology"},
    "sec_quality": {"nl": "Datakwaliteit", "en": "Data quality"},
    # summary table
    "category": {"nl": "Categorie", "en": "Category"},
    "description": {"nl": "Omschrijving", "en": "Description"},
    "count": {"nl": "Aantal", "en": "Count"},
    "share": {"nl": "Aandeel", "en": "Share"},
    "total": {"nl": "Totaal", "en": "Total"},
    "firms": {"nl": "bedrijven", "en": "firms"},
    "n_firms": {"nl": "Aantal bedrijven", "en": "Number of firms"},
    "summary_note": {
        "nl": "Aandelen zijn berekend over alle gescoorde bedrijven. A en B volgen uit bewijs "
        "(gunningen, leverancierslijsten); C en D uit de gelijkenis van het profiel met A en B.",
        "en": "Shares are of all scored firms. A and B follow from evidence (contract awards, "
        "supplier lists); C and D from how closely a firm's profile resembles A and B.",
    },
    "cat_A": {"nl": "Directe defensieleveranciers", "en": "Direct defence suppliers"},
    "cat_B": {"nl": "Toeleveranciers", "en": "Sub-suppliers"},
    "cat_C": {"nl": "Potentiële directe leveranciers", "en": "Potential direct suppliers"},
    "cat_D": {"nl": "Potentiële toeleveranciers", "en": "Potential sub-suppliers"},
    "cat_none": {"nl": "Geen categorie", "en": "No category"},
    "cat_long_A": {
        "nl": "directe opdracht- of contractrelatie met Defensie",
        "en": "a direct contract with Defence",
    },
    "cat_long_B": {
        "nl": "levert aan bedrijven die direct voor Defensie werken",
        "en": "supplies firms that work directly for Defence",
    },
    "cat_long_C": {
        "nl": "profiel lijkt op directe leveranciers (A)",
        "en": "profile resembles direct suppliers (A)",
    },
    "cat_long_D": {
        "nl": "profiel lijkt op toeleveranciers (B)",
        "en": "profile resembles sub-suppliers (B)",
    },
    "cat_long_none": {"nl": "geen van bovenstaande", "en": "none of the above"},
    # funnel
    "funnel_records": {"nl": "Bronrecords ingelezen", "en": "Source records read"},
    "funnel_firms": {"nl": "Bedrijven (KvK-nummer)", "en": "Firms (KvK number)"},
    "funnel_website": {"nl": "Met website", "en": "With a website"},
    "funnel_crawled": {"nl": "Website gecrawld (ok)", "en": "Website crawled (ok)"},
    "funnel_document": {"nl": "Met tekstdocument", "en": "With a text document"},
    "funnel_indicators": {"nl": "Met indicatoren", "en": "With indicators"},
    "funnel_scored": {"nl": "Gescoord", "en": "Scored"},
    "funnel_categorised": {"nl": "In categorie A–D", "en": "In category A–D"},
    "funnel_note": {
        "nl": "Elke stap telt de bedrijven (of records) die de stap hebben gehaald.",
        "en": "Each step counts the firms (or records) that made it through the step.",
    },
    # breakdowns
    "dim_sbi_division": {"nl": "SBI-afdeling", "en": "SBI division"},
    "dim_province": {"nl": "Provincie", "en": "Province"},
    "dim_size_class": {"nl": "Grootteklasse (werkzame personen)", "en": "Size class (employees)"},
    "dim_certification": {"nl": "Certificering", "en": "Certification"},
    "dim_process": {"nl": "Procesgroep", "en": "Process group"},
    "dim_market": {"nl": "Markt", "en": "Market"},
    "dim_tech": {"nl": "Defensietechnologiegebied", "en": "Defence technology area"},
    "head_sbi_division": {"nl": "Bedrijven per SBI-afdeling", "en": "Firms by SBI division"},
    "head_province": {"nl": "Bedrijven per provincie", "en": "Firms by province"},
    "head_size_class": {"nl": "Bedrijven per grootteklasse", "en": "Firms by size class"},
    "head_certification": {"nl": "Bedrijven per certificering", "en": "Firms by certification"},
    "head_process": {"nl": "Bedrijven per procesgroep", "en": "Firms by process group"},
    "head_market": {"nl": "Bedrijven per markt", "en": "Firms by market"},
    "head_tech": {"nl": "Bedrijven per defensietechnologiegebied", "en": "Firms by defence technology area"},
    "breakdown_note": {
        "nl": "Gestapelde balken per categorie, gesorteerd op het aantal bedrijven in A–D; het getal "
        "achter de balk is het totaal. Bij indicatoren telt een bedrijf mee bij elke indicator die "
        "het heeft.",
        "en": "Stacked bars per category, sorted by the number of firms in A–D; the figure after the "
        "bar is the total. For indicators a firm counts once for every indicator it has.",
    },
    "show_table": {"nl": "Toon tabel", "en": "Show table"},
    "value": {"nl": "Waarde", "en": "Value"},
    "unknown": {"nl": "onbekend", "en": "unknown"},
    "other": {"nl": "overig", "en": "other"},
    # map
    "map_note": {
        "nl": "Tegelkaart: elke tegel is een provincie, ongeveer op zijn plek. De kleur geeft het aantal "
        "bedrijven in A–D; de tegel toont A+B (in de keten) en C+D (potentieel).",
        "en": "Tile map: each tile is a province, roughly in place. The colour shows the number of firms "
        "in A–D; the tile shows A+B (in the chain) and C+D (potential).",
    },
    "in_chain": {"nl": "in keten", "en": "in chain"},
    "potential": {"nl": "potentieel", "en": "potential"},
    "no_province": {"nl": "Zonder (herkende) provincie", "en": "Without a (recognised) province"},
    # candidates
    "candidates_note": {
        "nl": "De bedrijven met de hoogste score binnen C en D, met de redenen: de meest gelijkende "
        "referentiebedrijven, de belangrijkste indicatoren en zinnen van de eigen website als bewijs.",
        "en": "The highest-scoring firms in C and D, with the reasons: the most similar reference "
        "firms, the top indicators and sentences from the firm's own website as evidence.",
    },
    "rank": {"nl": "#", "en": "#"},
    "firm": {"nl": "Bedrijf", "en": "Firm"},
    "kvk": {"nl": "KvK-nummer", "en": "KvK number"},
    "place": {"nl": "Plaats", "en": "Place"},
    "province": {"nl": "Provincie", "en": "Province"},
    "sbi": {"nl": "SBI", "en": "SBI"},
    "size": {"nl": "Grootte", "en": "Size"},
    "score": {"nl": "Score", "en": "Score"},
    "a_score": {"nl": "A-score", "en": "A score"},
    "b_score": {"nl": "B-score", "en": "B score"},
    "reasons": {"nl": "Redenen", "en": "Reasons"},
    "evidence": {"nl": "Bewijs", "en": "Evidence"},
    "evidence_links": {"nl": "Bewijslinks", "en": "Evidence links"},
    "nearest": {"nl": "Lijkt op", "en": "Similar to"},
    "top_indicators": {"nl": "Indicatoren", "en": "Indicators"},
    "website": {"nl": "Website", "en": "Website"},
    "no_candidates": {"nl": "Geen bedrijven in deze categorie.", "en": "No firms in this category."},
    # methodology
    "sources": {"nl": "Ingelezen bronnen", "en": "Sources ingested"},
    "path": {"nl": "Bestand", "en": "File"},
    "kind": {"nl": "Soort", "en": "Kind"},
    "rows": {"nl": "Rijen", "en": "Rows"},
    "records": {"nl": "Records", "en": "Records"},
    "rejected": {"nl": "Afgekeurd", "en": "Rejected"},
    "imported_at": {"nl": "Ingelezen op", "en": "Imported at"},
    "run_config": {"nl": "Instellingen van de scorerun", "en": "Settings of the score run"},
    "setting": {"nl": "Instelling", "en": "Setting"},
    "thresholds": {"nl": "Drempels", "en": "Thresholds"},
    "target": {"nl": "Doel", "en": "Target"},
    "method": {"nl": "Methode", "en": "Method"},
    "model": {"nl": "Model", "en": "Model"},
    "threshold": {"nl": "Drempel", "en": "Threshold"},
    "held_out_recall": {"nl": "Recall (achtergehouden)", "en": "Held-out recall"},
    "est_precision": {"nl": "Geschatte precisie", "en": "Estimated precision"},
    "chosen_by": {"nl": "Gekozen door", "en": "Chosen by"},
    "provisional": {"nl": "Voorlopig", "en": "Provisional"},
    "provisional_warning": {
        "nl": "Voorlopig: te weinig referentiebedrijven of geen schatting mogelijk voor",
        "en": "Provisional: too few reference firms, or no estimate possible, for",
    },
    "precision_curve": {
        "nl": "Precisie en aantal bedrijven per drempel (geschat)",
        "en": "Precision and number of firms per threshold (estimated)",
    },
    "firms_above": {"nl": "Bedrijven", "en": "Firms"},
    "references_kept": {"nl": "Referenties erboven", "en": "References kept"},
    "evaluations": {"nl": "Evaluatie", "en": "Evaluation"},
    "stage": {"nl": "Stap", "en": "Stage"},
    "figure": {"nl": "Kengetal", "en": "Figure"},
    "method_text": {
        "nl": "Werkwijze zoals in de studie van Metaalunie en MKB-Nederland: bronnen worden ingelezen "
        "en aan KvK-nummers gekoppeld; gunningen van Defensie maken een bedrijf A, leverancierslijsten "
        "van defensie-OEM's maken het B. Websites worden gecrawld, indicatoren met bewijs vastgelegd en "
        "teksten ge-embed. Elk overig bedrijf wordt vergeleken met de referentieprofielen van A en B: "
        "boven de drempel voor A wordt het C, anders boven de drempel voor B wordt het D.",
        "en": "Method as in the study by Metaalunie and MKB-Nederland: sources are read and linked to "
        "KvK numbers; Defence contract awards make a firm A, defence OEMs' supplier lists make it B. "
        "Websites are crawled, indicators recorded with evidence and texts embedded. Every other firm "
        "is compared with the reference profiles of A and B: above the A threshold it becomes C, "
        "otherwise above the B threshold it becomes D.",
    },
    "none_yet": {"nl": "Nog niets vastgelegd.", "en": "Nothing recorded yet."},
    # data quality
    "rejects": {"nl": "Afgekeurde rijen en velden", "en": "Rejected rows and fields"},
    "severity": {"nl": "Ernst", "en": "Severity"},
    "reason": {"nl": "Reden", "en": "Reason"},
    "field": {"nl": "Veld", "en": "Field"},
    "example": {"nl": "Voorbeeld", "en": "Example"},
    "links": {"nl": "Koppeling van bronrecords", "en": "Linking of source records"},
    "status": {"nl": "Status", "en": "Status"},
    "review": {
        "nl": "Te beoordelen: dubbelzinnige en niet-gekoppelde records",
        "en": "To review: ambiguous and unmatched records",
    },
    "record": {"nl": "Record", "en": "Record"},
    "name": {"nl": "Naam", "en": "Name"},
    "probability": {"nl": "Kans", "en": "Probability"},
    "crawl": {"nl": "Crawldekking per sitestatus", "en": "Crawl coverage by site status"},
    "site_status": {"nl": "Sitestatus", "en": "Site status"},
    "shown_first": {"nl": "Eerste {n} getoond.", "en": "First {n} shown."},
    # statuses
    "status_ok": {"nl": "ok", "en": "ok"},
    "status_unreachable": {"nl": "onbereikbaar", "en": "unreachable"},
    "status_robots_forbidden": {"nl": "verboden door robots.txt", "en": "forbidden by robots.txt"},
    "status_no_text": {"nl": "geen tekst", "en": "no text"},
    "status_parked": {"nl": "geparkeerd domein", "en": "parked domain"},
    "status_too_large": {"nl": "te groot", "en": "too large"},
    "status_pending": {"nl": "nog niet gecrawld", "en": "not crawled yet"},
    "status_no_website": {"nl": "geen website bekend", "en": "no website known"},
    "status_linked": {"nl": "gekoppeld", "en": "linked"},
    "status_ambiguous": {"nl": "dubbelzinnig", "en": "ambiguous"},
    "status_unmatched": {"nl": "niet gekoppeld", "en": "unmatched"},
    "status_no_match": {"nl": "geen match (bevestigd)", "en": "no match (confirmed)"},
    "sev_error": {"nl": "fout (rij afgekeurd)", "en": "error (row rejected)"},
    "sev_warning": {"nl": "waarschuwing (veld weggelaten)", "en": "warning (field dropped)"},
    # exports
    "sheet_summary": {"nl": "Samenvatting", "en": "Summary"},
    "sheet_A": {"nl": "A Directe leveranciers", "en": "A Direct suppliers"},
    "sheet_B": {"nl": "B Toeleveranciers", "en": "B Sub-suppliers"},
    "sheet_C": {"nl": "C Potentieel direct", "en": "C Potential direct"},
    "sheet_D": {"nl": "D Potentieel toeleverancier", "en": "D Potential sub-suppliers"},
    "similar_to": {"nl": "lijkt op", "en": "similar to"},
    "indicators_lc": {"nl": "indicatoren", "en": "indicators"},
    "generated_by": {"nl": "Gemaakt met ketenradar", "en": "Made with ketenradar"},
    "exports": {"nl": "Exports", "en": "Exports"},
    "exports_note": {
        "nl": "Naast dit rapport: ketenradar-export.xlsx (samenvatting plus één blad per categorie), "
        "firms.csv en firms.parquet (alle gescoorde bedrijven).",
        "en": "Next to this report: ketenradar-export.xlsx (a summary plus one sheet per category), "
        "firms.csv and firms.parquet (all scored firms).",
    },
}


def t(key: str, lang: str) -> str:
    return TEXT[key][lang]


def category_label(category: str | None, lang: str) -> str:
    return TEXT[f"cat_{category or NONE}"][lang]


def status_label(status: str | None, lang: str) -> str:
    entry = TEXT.get(f"status_{status}")
    return entry[lang] if entry else str(status)


# -- indicators ---------------------------------------------------------------------------------------

# Indicator labels: `ketenradar.model.taxonomy` (from the taxonomy, the one source).


# Process indicators grouped as the study speaks of them (verspanen, lassen, plaatbewerking, ...).
PROCESS_GROUPS: dict[str, tuple[tuple[str, str], tuple[str, ...]]] = {
    "machining": (("verspanen", "machining"), ("turning", "milling", "five_axis", "edm", "grinding")),
    "welding": (("lassen", "welding"), ("welding_tig", "welding_mig_mag", "robot_welding")),
    "sheet_metal": (
        ("plaatbewerking", "sheet metal working"),
        ("laser_cutting", "press_braking", "punching"),
    ),
    "assembly": (("assemblage", "assembly"), ("assembly", "cleanroom_assembly")),
    "electronics": (
        ("elektronica en kabels", "electronics and cables"),
        ("electronics_assembly", "cable_harness"),
    ),
    "finishing": (
        ("oppervlakte- en warmtebehandeling", "surface and heat treatment"),
        ("surface_treatment", "heat_treatment"),
    ),
    "forming": (
        ("gieten, smeden, composiet, 3D-printen", "casting, forging, composites, AM"),
        ("casting", "forging", "composites", "additive_manufacturing"),
    ),
    "steel_construction": (("staalbouw", "steel construction"), ("steel_construction",)),
}
PROCESS_GROUP_OF = {f"process.{p}": g for g, (_, members) in PROCESS_GROUPS.items() for p in members}


def process_group(indicator_id: str) -> str:
    """The process group of a process indicator ('other' for ids users add)."""
    return PROCESS_GROUP_OF.get(indicator_id, "other")


def process_group_label(group: str, lang: str) -> str:
    entry = PROCESS_GROUPS.get(group)
    if entry is None:
        return t("other", lang)
    return entry[0][0] if lang == "nl" else entry[0][1]


# -- SBI divisions (NACE Rev. 2 divisions; manufacturing in full, the rest by section) -------------------

SBI_DIVISIONS: dict[str, tuple[str, str]] = {
    "10": ("voedingsmiddelen", "food products"),
    "11": ("dranken", "beverages"),
    "13": ("textiel", "textiles"),
    "14": ("kleding", "wearing apparel"),
    "15": ("leer en schoenen", "leather and footwear"),
    "16": ("hout", "wood products"),
    "17": ("papier", "paper"),
    "18": ("drukkerijen", "printing"),
    "19": ("aardolieverwerking", "refined petroleum"),
    "20": ("chemische producten", "chemicals"),
    "21": ("farmaceutische producten", "pharmaceuticals"),
    "22": ("rubber en kunststof", "rubber and plastics"),
    "23": ("glas, keramiek, beton", "glass, ceramics, concrete"),
    "24": ("basismetaal", "basic metals"),
    "25": ("producten van metaal", "fabricated metal products"),
    "26": ("elektronische en optische producten", "computer, electronic and optical products"),
    "27": ("elektrische apparatuur", "electrical equipment"),
    "28": ("machines", "machinery and equipment"),
    "29": ("auto's en aanhangers", "motor vehicles and trailers"),
    "30": ("overige transportmiddelen", "other transport equipment"),
    "31": ("meubels", "furniture"),
    "32": ("overige industrie", "other manufacturing"),
    "33": ("reparatie en installatie van machines", "repair and installation of machinery"),
    "43": ("gespecialiseerde bouw", "specialised construction"),
    "46": ("groothandel", "wholesale trade"),
    "62": ("IT-dienstverlening", "IT services"),
    "71": ("architecten en ingenieurs, keuring", "architecture, engineering, testing"),
    "72": ("speur- en ontwikkelingswerk", "research and development"),
}


def sbi_division_label(division: str | None, lang: str) -> str:
    if not division:
        return t("unknown", lang)
    name = SBI_DIVISIONS.get(str(division))
    return f"{division} {name[0] if lang == 'nl' else name[1]}" if name else str(division)


# -- provinces: `ketenradar.model.geo` (one spelling everywhere) ----------------------------------------


def size_order(size_class: object) -> tuple[int, float, str]:
    """Sort key for size classes such as '0', '2-4', '10-49', '500+', 'onbekend' (unknown last)."""
    text = str(size_class) if size_class is not None else ""
    m = re.match(r"\s*(\d+)", text)
    return (0, float(m.group(1)), text) if m else (1, 0.0, text)
