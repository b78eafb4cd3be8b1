"""Write the demo world's source files in the real formats, and the truth of every row.

Each writer returns the ground-truth records of the rows it wrote: path (relative to the world),
sheet (XLSX) or None, row_number (1-based, header = row 1; for JSON Lines the line number) and the
true KvK number, or None for rows naming firms outside the population.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import random
import re
from pathlib import Path
from typing import Any

import xlsxwriter

from ketenradar.demo import tables as T
from ketenradar.demo.config import WorldConfig
from ketenradar.demo.population import Firm

FIXED_CREATED = dt.datetime(2024, 3, 1, 9, 0, 0)
MEMBER_HEADERS = ["Bedrijfsnaam", "KvK-nummer", "Website", "Postcode", "Plaats", "Aantal medewerkers"]
TED_HEADERS = [
    "ID_NOTICE_CAN", "YEAR", "DT_DISPATCH", "ISO_COUNTRY_CODE", "CAE_NAME", "CAE_NATIONALID", "CAE_TOWN",
    "TYPE_OF_CONTRACT", "CPV", "WIN_NAME", "WIN_NATIONALID", "WIN_TOWN", "WIN_POSTAL_CODE",
    "WIN_COUNTRY_CODE", "AWARD_VALUE_EURO",
]  # fmt: skip
TENDERNED_HEADERS = [
    "Id publicatie", "Tenderned kenmerk", "Publicatiedatum", "Naam Aanbestedende dienst",
    "Officiële naam Aanbestedende dienst", "Nationaal identificatienummer", "Naam aanbesteding",
    "URL TenderNed", "Omschrijving aanbesteding", "Aanvang opdracht", "Voltooiing opdracht", "Datum gunning",
    "Datum besluit gunning", "Officiële benaming", "Kvknummer", "Postadres", "Plaats", "Postcode", "Land",
    "Internetadres", "Waarde - bedrag", "Waarde - valuta", "Termijn voltooiing opdracht",
    "Tijdseenheid periode voltooiing opdracht", "CPV-codes",
]  # fmt: skip
TENDERNED_SHEET = "Dataset 2016-2024"

COMMODITY = {
    "precision": ("Precisie-verspaningsdelen (frezen/draaien)", "Precision machined parts"),
    "sheet_metal": ("Plaatwerk en laswerk", "Sheet metal parts and weldments"),
    "welding": ("Gelaste constructies", "Welded structures"),
    "machine_builder": ("Mechanische modules en testopstellingen", "Mechanical modules and test rigs"),
    "electronics": ("Kabelbomen en elektronica-assemblage", "Cable harnesses and electronics"),
    "surface": ("Oppervlaktebehandeling (coaten/anodiseren)", "Surface treatment"),
    "casting_forging": ("Gietwerk en smeedwerk", "Castings and forgings"),
    "composites": ("Composiet panelen en behuizingen", "Composite panels and enclosures"),
    "repair": ("Onderhoud en revisie", "Maintenance and overhaul"),
    "vehicle": ("Opbouw en voertuigdelen", "Vehicle bodywork parts"),
    "shipbuilding": ("Scheepsbouwkundige onderdelen", "Naval structural parts"),
    "installation": ("Installatiewerk", "Installation work"),
}
AWARD_TITLES_DEF = [
    "Levering van reservedelen voor wielvoertuigen", "Onderhoud van maritieme systemen",
    "Vervaardiging van behuizingen voor communicatieapparatuur", "Levering van precisiedelen voor wapensystemen",
    "Raamovereenkomst metaalbewerking en constructiewerk", "Levering kabelbomen voor voertuigen",
    "Productie van testopstellingen", "Modificatie van shelters en containers",
]  # fmt: skip
AWARD_TITLES_CIVIL = [
    "Onderhoud beweegbare bruggen", "Levering straatmeubilair", "Constructiewerk kunstwerken",
    "Onderhoud pompinstallaties", "Levering en montage trappen en bordessen", "Revisie sluisdeuren",
    "Vervaardiging van fietsenstallingen", "Raamcontract klein metaalwerk",
]  # fmt: skip


OUTSIDER_WORDS = [
    "Installatietechniek",
    "Handelsonderneming",
    "Technisch Adviesbureau",
    "Lasopleidingen",
    "Gereedschapshandel",
    "Dakbedekkingen",
    "Loodgietersbedrijf",
]


def _website_variant(rng: random.Random, domain: str) -> str:
    bare = domain.removeprefix("www.")
    return rng.choice(
        [f"www.{bare}", f"www.{bare}", f"http://www.{bare}", f"https://{domain}/", bare, f"http://{bare}/"]
    )


def _typo(rng: random.Random, name: str) -> str:
    if len(name) < 6:
        return name
    i = rng.randint(1, len(name) - 3)
    kind = rng.random()
    if kind < 0.4:
        return name[:i] + name[i + 1] + name[i] + name[i + 2 :]
    if kind < 0.7:
        return name[:i] + name[i + 1 :]
    return name[:i] + name[i] + name[i:]


def _postcode_variant(rng: random.Random, pc: str) -> str:
    r = rng.random()
    if r < 0.25:
        return pc.replace(" ", "")
    if r < 0.3:
        return pc.lower()
    return pc


def _member_website(rng: random.Random, firm: Firm, firms: list[Firm]) -> str:
    if firm.old_domain:
        firm.listed_site = firm.listed_site or firm.old_domain_live  # it redirects to the site
        return _website_variant(rng, firm.old_domain)
    if firm.wrong_site_of is not None:
        firms[firm.wrong_site_of].listed_site = True  # listed, if under another firm
        return _website_variant(rng, firms[firm.wrong_site_of].domain or "")
    if firm.domain and rng.random() < 0.93:
        firm.listed_site = True
        return _website_variant(rng, firm.domain)
    return ""


def _member_rows(rng: random.Random, members: list[Firm], firms: list[Firm]) -> list[tuple[list[Any], str]]:
    rows: list[tuple[list[Any], str]] = []
    for firm in members:
        name = firm.trade_names[-1] if firm.legal_name.endswith("Holding B.V.") else firm.display_name
        if rng.random() < 0.04:
            name = _typo(rng, name)
        kvk = "" if rng.random() < 0.05 else firm.kvk
        if kvk and rng.random() < 0.03:
            kvk = kvk.lstrip("0") or kvk  # Excel ate the leading zero
        emp: Any = firm.employees
        r = rng.random()
        if r < 0.1:
            emp = ""
        elif r < 0.25:
            emp = next(label for hi, label in [(9, "1-9"), (49, "10-49"), (249, "50-249"), (10**9, "250+")]
                       if firm.employees <= hi)  # fmt: skip
        row = [
            name,
            kvk,
            _member_website(rng, firm, firms),
            _postcode_variant(rng, firm.postcode),
            firm.place,
            emp,
        ]
        rows.append((row, firm.kvk))
        if rng.random() < 0.012:  # duplicate, sometimes slightly different
            dup = list(row)
            if rng.random() < 0.5:
                dup[0] = dup[0].upper()
            rows.append((dup, firm.kvk))
    # Members outside the population (installers, traders, schools): their KvK numbers are real
    # but absent from the registry extract, which holds only the manufacturing SBI codes.
    used = {f.kvk for f in firms}
    for _ in range(max(1, len(members) // 70)):
        number = f"{rng.randint(1_000_000, 99_999_999):08d}"
        while number in used:
            number = f"{rng.randint(1_000_000, 99_999_999):08d}"
        used.add(number)
        place, _, lo, hi, _ = rng.choice(T.PLACES)
        name = f"{rng.choice(T.SURNAMES)} {rng.choice(OUTSIDER_WORDS)}{rng.choice(['', ' B.V.', ' B.V.'])}"
        pc = f"{rng.randint(lo, hi)} {rng.choice('BCDEGHJKLMNPRTVWXZ')}{rng.choice('BCDEGHJKLMNPRTVWXZ')}"
        row = [name, number if rng.random() < 0.9 else "", "", pc, place, rng.randint(1, 30)]
        rows.insert(rng.randint(0, len(rows)), (row, number))
    return rows


def write_member_xlsx(world: Path, rel: str, rows: list[tuple[list[Any], str]]) -> list[dict]:
    wb = xlsxwriter.Workbook(str(world / rel), {"in_memory": True, "strings_to_urls": False})
    wb.set_properties({"created": FIXED_CREATED, "author": "Ledenadministratie", "title": "Ledenlijst"})
    ws = wb.add_worksheet("Leden")
    headers = ["Lidnummer", *MEMBER_HEADERS, "Sector"]
    bold = wb.add_format({"bold": True})
    ws.write_row(0, 0, headers, bold)
    records = []
    for i, (row, kvk) in enumerate(rows, start=1):
        ws.write_row(i, 0, [f"L{100000 + i}", *[("" if v is None else v) for v in row], "Metaal"])
        records.append({"path": rel, "sheet": "Leden", "row_number": i + 1, "kvk_number": kvk})
    wb.close()
    return records


def write_member_csv(world: Path, rel: str, rows: list[tuple[list[Any], str]]) -> list[dict]:
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=";", lineterminator="\r\n")
    w.writerow(MEMBER_HEADERS)
    records = []
    for i, (row, kvk) in enumerate(rows, start=2):
        w.writerow(row)
        records.append({"path": rel, "sheet": None, "row_number": i, "kvk_number": kvk})
    (world / rel).write_bytes(buf.getvalue().encode("cp1252", errors="replace"))
    return records


def write_kvk_jsonl(
    world: Path, rel: str, firms: list[Firm], rng: random.Random, noise: float = 0.0
) -> list[dict]:
    lines, records = [], []
    order = list(firms)
    rng.shuffle(order)
    for n, f in enumerate(order, start=1):
        street_no = f.house_number
        digits = re.match(r"\d+", street_no)
        number = int(digits.group(0)) if digits else 1
        suffix = street_no[len(str(number)) :].lstrip("-")
        address: dict[str, Any] = {
            "type": "bezoekadres",
            "indAfgeschermd": "Nee",
            "volledigAdres": f"{f.street} {street_no} {f.postcode.replace(' ', '')} {f.place}",
            "straatnaam": f.street,
            "huisnummer": number,
            "postcode": f.postcode.replace(" ", ""),
            "plaats": f.place,
            "land": "Nederland",
        }
        if suffix:
            address["huisnummerToevoeging" if suffix.isdigit() else "huisletter"] = suffix
        adressen = [address]
        if rng.random() < 0.2:
            pb = rng.randint(1, 999)
            adressen.append({"type": "postadres", "indAfgeschermd": "Nee", "postbusnummer": pb,
                             "postcode": f.postcode.replace(" ", ""), "plaats": f.place, "land": "Nederland"})  # fmt: skip
        sbi = [{"sbiCode": f.sbi_main, "sbiOmschrijving": T.SBI[f.sbi_main], "indHoofdactiviteit": "Ja"}]
        sbi += [{"sbiCode": c, "sbiOmschrijving": T.SBI[c], "indHoofdactiviteit": "Nee"} for c in f.sbi_other]
        websites = []
        if f.in_kvk_websites and f.domain:
            websites = [f.domain if f.domain.startswith("www.") else f"www.{f.domain}"]
            f.listed_site = True
        obj: dict[str, Any] = {
            "kvkNummer": f.kvk,
            "indNonMailing": rng.choice(["Ja", "Nee"]),
            "naam": f.legal_name,
            "formeleRegistratiedatum": f.registered,
            "materieleRegistratie": {"datumAanvang": f.registered},
        }
        if rng.random() > 0.03:
            employees = f.employees
            if rng.random() < noise:  # registered at a holding, outdated, or counted elsewhere
                employees = max(1, int(round(employees * rng.choice([0.1, 0.25, 3.0, 5.0]))))
            obj["totaalWerkzamePersonen"] = employees
        obj["statutaireNaam"] = f.legal_name
        obj["handelsnamen"] = [{"naam": n_, "volgorde": i} for i, n_ in enumerate(f.trade_names, start=1)]
        obj["sbiActiviteiten"] = sbi
        obj["_embedded"] = {
            "hoofdvestiging": {
                "vestigingsnummer": f.vestiging,
                "kvkNummer": f.kvk,
                "eersteHandelsnaam": f.trade_names[0],
                "indHoofdvestiging": "Ja",
                "adressen": adressen,
                "websites": websites,
            },
            "eigenaar": {
                "rechtsvorm": _rechtsvorm(f.legal_name),
                "uitgebreideRechtsvorm": _rechtsvorm(f.legal_name),
            },
        }
        lines.append(json.dumps(obj, ensure_ascii=False))
        records.append({"path": rel, "sheet": None, "row_number": n, "kvk_number": f.kvk})
    (world / rel).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return records


def _rechtsvorm(name: str) -> str:
    if name.endswith("B.V."):
        return "BeslotenVennootschap"
    if name.endswith("V.O.F."):
        return "VennootschapOnderFirma"
    return "Eenmanszaak"


def _association_name(rng: random.Random, firm: Firm) -> str:
    short = firm.short_name
    r = rng.random()
    words = short.replace("&", " ").split()
    if r < 0.35:
        return short
    if r < 0.5:
        return short.upper()
    if r < 0.62 and len(words) >= 2:
        initials = "".join(w[0] for w in words if w[0].isalpha()).upper()
        return f"{initials} {words[-1]}" if rng.random() < 0.5 else initials
    if r < 0.72:
        return short.replace(" & ", " en ").replace("Van ", "v. ").replace("De ", "de ")
    if r < 0.82 and len(firm.trade_names) > 1:
        return firm.trade_names[-1]
    return firm.display_name


def write_association(
    world: Path, rel: str, firms: list[Firm], rng: random.Random, noise: float = 0.0
) -> list[dict]:
    # Members are mostly A and B; source noise adds members that are neither (C/D mostly).
    p = {"A": 0.8, "B": 0.5, "C": 0.06, "D": 0.02, "none": 0.003}
    p = {k: min(1.0, v + noise * (0.3 if k in "CD" else 0.05)) for k, v in p.items()}
    members = [f for f in firms if rng.random() < p[f.category]]
    extra = [(name, town, "", None) for name, town, _, _ in T.FOREIGN_FIRMS[:4]]
    extra += [("Kenniscentrum Defensietechnologie", "Den Haag", "", None),
              ("Stichting Veiligheid & Innovatie", "Utrecht", "", None)]  # fmt: skip
    entries = [(_association_name(rng, f), f.place, f, f.kvk) for f in members] + extra
    entries.sort(key=lambda e: e[0].lower())
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["Naam", "Plaats", "Website"])
    records = []
    for i, (name, town, firm, kvk) in enumerate(entries, start=2):
        site = ""
        if isinstance(firm, Firm) and firm.domain and rng.random() < 0.8:
            site = f"https://{firm.domain.removeprefix('www.')}" if rng.random() < 0.5 else firm.domain
            firm.listed_site = True
        w.writerow([name, town.upper() if rng.random() < 0.1 else town, site])
        records.append({"path": rel, "sheet": None, "row_number": i, "kvk_number": kvk})
    (world / rel).write_text(buf.getvalue(), encoding="utf-8")
    return records


def _awards(firms: list[Firm], rng: random.Random) -> list[dict]:
    """All awards: every labelled A firm wins at least one Defence award; civil awards go to anyone."""
    awards: list[dict] = []
    for f in firms:
        if f.category == "A" and f.labelled:
            for _ in range(1 + (rng.random() < 0.4) + (rng.random() < 0.15)):
                awards.append({"firm": f, "buyer": rng.choice(T.DEFENCE_BUYERS), "defence": True})
    p_civil = {"A": 0.3, "B": 0.08, "C": 0.1, "D": 0.04, "none": 0.02}
    for f in firms:
        if rng.random() < p_civil[f.category]:
            awards.append({"firm": f, "buyer": rng.choice(T.CIVIL_BUYERS), "defence": False})
    for name, town, pc, cc in T.FOREIGN_FIRMS:
        for _ in range(rng.randint(1, 3)):
            defence = rng.random() < 0.6
            buyer = rng.choice(T.DEFENCE_BUYERS if defence else T.CIVIL_BUYERS)
            awards.append({"foreign": (name, town, pc, cc), "buyer": buyer, "defence": defence})
    rng.shuffle(awards)
    for a in awards:
        a["channel"] = "ted" if rng.random() < 0.5 else "tenderned"
        a["date"] = dt.date(2016, 1, 1) + dt.timedelta(days=rng.randint(0, 9 * 365 - 1))
        a["value"] = round(rng.lognormvariate(12.0, 1.1), 2)
        a["cpv"] = rng.choice(T.CPV_DEFENCE if a["defence"] else T.CPV_CIVIL)
        a["title"] = rng.choice(AWARD_TITLES_DEF if a["defence"] else AWARD_TITLES_CIVIL)
    return awards


def write_ted(world: Path, rel: str, awards: list[dict], rng: random.Random) -> list[dict]:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(TED_HEADERS)
    records = []
    row_number = 1
    for n, a in enumerate([a for a in awards if a["channel"] == "ted"]):
        d = a["date"]
        buyer = a["buyer"]
        if "foreign" in a:
            name, town, pc, cc = a["foreign"]
            nid, kvk = "", None
        else:
            f: Firm = a["firm"]
            name = rng.choice([f.legal_name, f.legal_name, f.legal_name.upper(), f.trade_names[-1]])
            town, pc, cc = f.place.upper() if rng.random() < 0.3 else f.place, f.postcode, "NL"
            r = rng.random()
            nid = f.kvk if r < 0.4 else (f"NL{int(f.kvk) * 7 % 1_000_000_000:09d}B01" if r < 0.6 else "")
            kvk = f.kvk
        w.writerow([
            f"{d.year}{300000 + n:06d}", d.year, d.strftime("%d/%m/%Y"), "NL", buyer["name"],
            buyer["national_id"], buyer["town"], rng.choice(["U", "U", "S", "W"]) if a["defence"] else rng.choice(["U", "S", "W"]),
            a["cpv"][0], name, nid, town, pc, cc, f"{a['value']:.2f}",
        ])  # fmt: skip
        row_number += 1
        records.append({"path": rel, "sheet": None, "row_number": row_number, "kvk_number": kvk})
    (world / rel).write_text(buf.getvalue(), encoding="utf-8")
    return records


def write_tenderned(world: Path, rel: str, awards: list[dict], rng: random.Random) -> list[dict]:
    wb = xlsxwriter.Workbook(str(world / rel), {"in_memory": True, "strings_to_urls": False})
    wb.set_properties({"created": FIXED_CREATED, "title": "TenderNed open data"})
    ws = wb.add_worksheet(TENDERNED_SHEET)
    date_fmt = wb.add_format({"num_format": "yyyy-mm-dd"})
    ws.write_row(0, 0, TENDERNED_HEADERS)
    records = []
    for n, a in enumerate([a for a in awards if a["channel"] == "tenderned"]):
        row = n + 1
        d: dt.date = a["date"]
        buyer = a["buyer"]
        pub_id = 100000 + n * 7
        start = d + dt.timedelta(days=rng.randint(14, 90))
        months = rng.choice([6, 12, 24, 36, 48])
        if "foreign" in a:
            name, town, pc, cc = a["foreign"]
            kvk_cell, addr, site, kvk = "", "", "", None
            land = cc
        else:
            f: Firm = a["firm"]
            name = rng.choice([f.legal_name, f.legal_name, f.trade_names[-1]])
            kvk_cell = f.kvk if rng.random() < 0.7 else ""
            addr = f"{f.street} {f.house_number}"
            town, pc, land, kvk = (
                f.place,
                f.postcode.replace(" ", "") if rng.random() < 0.5 else f.postcode,
                "NL",
                f.kvk,
            )
            site = f"www.{f.domain.removeprefix('www.')}" if f.domain and rng.random() < 0.4 else ""
            f.listed_site = f.listed_site or bool(site)
        values = [
            pub_id, 200000 + n, None, buyer["name"], buyer["official"], buyer["national_id"], a["title"],
            f"https://www.tenderned.nl/aankondigingen/overzicht/{pub_id}", a["title"] + ".", None, None, None, None,
            name, kvk_cell, addr, town, pc, land, site, a["value"], "EUR", months, "Maand", a["cpv"][0],
        ]  # fmt: skip
        ws.write_row(row, 0, values)
        ws.write_datetime(row, 2, dt.datetime.combine(d, dt.time()), date_fmt)
        ws.write_datetime(row, 9, dt.datetime.combine(start, dt.time()), date_fmt)
        ws.write_datetime(
            row, 10, dt.datetime.combine(start + dt.timedelta(days=30 * months), dt.time()), date_fmt
        )
        ws.write_datetime(
            row, 11, dt.datetime.combine(d - dt.timedelta(days=rng.randint(5, 40)), dt.time()), date_fmt
        )
        ws.write_datetime(
            row, 12, dt.datetime.combine(d - dt.timedelta(days=rng.randint(41, 80)), dt.time()), date_fmt
        )
        records.append({"path": rel, "sheet": TENDERNED_SHEET, "row_number": row + 1, "kvk_number": kvk})
    wb.close()
    return records


def write_oem_lists(
    world: Path, firms: list[Firm], rng: random.Random, noise: float = 0.0
) -> tuple[list[dict], list[dict]]:
    """One CSV per fictional prime. Every labelled B firm is on at least one list; some A firms too.

    Source noise: primes also list suppliers of their civil side, which are not B in truth (D
    mostly, some C and none): their number is `noise` times the number of B entries.
    """
    b_count = sum(1 for f in firms if f.category == "B" and f.labelled)
    civil = [f for f in firms if f.category in ("C", "D", "none")]
    n_civil = min(len(civil), int(round(noise * b_count * 1.2)))
    civil_weights = {"D": 6.0, "C": 2.0, "none": 0.4}
    civil_pick: set[int] = set()
    while len(civil_pick) < n_civil:
        f = rng.choices(civil, weights=[civil_weights[c.category] for c in civil])[0]
        civil_pick.add(f.index)
    lists: dict[str, list[tuple[str, str, str, str | None]]] = {p["slug"]: [] for p in T.PRIMES}
    slugs = [p["slug"] for p in T.PRIMES]
    lang = {p["slug"]: p["lang"] for p in T.PRIMES}
    for f in firms:
        if f.category == "B" and f.labelled:
            chosen = rng.sample(slugs, 1 + (rng.random() < 0.25))
        elif (f.category == "A" and rng.random() < 0.2) or f.index in civil_pick:
            chosen = rng.sample(slugs, 1)
        else:
            continue
        for s in chosen:
            name = rng.choice([f.display_name, f.short_name, f.short_name.upper()])
            nl, en = COMMODITY[f.archetype]
            lists[s].append((name, f.place, nl if lang[s] == "nl" else en, f.kvk))
    for name, town, _, _ in T.FOREIGN_FIRMS:
        s = rng.choice(slugs)
        lists[s].append((name, town, "Components" if lang[s] == "en" else "Onderdelen", None))
    sources, records = [], []
    for prime in T.PRIMES:
        rel = f"sources/oem-{prime['slug']}.csv"
        rows = sorted(lists[prime["slug"]], key=lambda r: r[0].lower())
        buf = io.StringIO()
        if prime["lang"] == "nl":
            w = csv.writer(buf, delimiter=";", lineterminator="\r\n")
            w.writerow(["Leverancier", "Plaats", "Levert"])
        else:
            w = csv.writer(buf, lineterminator="\n")
            w.writerow(["Supplier", "City", "Commodity"])
        for i, (name, town, what, kvk) in enumerate(rows, start=2):
            w.writerow([name, town, what])
            records.append({"path": rel, "sheet": None, "row_number": i, "kvk_number": kvk})
        data = buf.getvalue()
        (world / rel).write_bytes(
            data.encode("cp1252", errors="replace") if prime["lang"] == "nl" else data.encode("utf-8")
        )
        sources.append({"path": rel, "kind": "oem", "prime": prime["name"]})
    return sources, records


def write_all(
    world: Path, firms: list[Firm], seed: int, config: WorldConfig
) -> tuple[list[dict], list[dict]]:
    """Write every source file; return (manifest sources, ground-truth records)."""
    (world / "sources").mkdir(parents=True, exist_ok=True)
    rng = random.Random(f"ketenradar-demo/{seed}/sources")
    noise = config.source_noise
    sources: list[dict] = []
    records: list[dict] = []
    members_a = [f for f in firms if rng.random() < 0.6]
    members_b = [f for f in firms if rng.random() < 0.35]
    rel = "sources/ledenlijst.xlsx"
    records += write_member_xlsx(world, rel, _member_rows(rng, members_a, firms))
    sources.append({"path": rel, "kind": "member_list"})
    rel = "sources/leden-export.csv"
    records += write_member_csv(world, rel, _member_rows(rng, members_b, firms))
    sources.append({"path": rel, "kind": "member_list"})
    rel = "sources/kvk-basisprofielen.jsonl"
    records += write_kvk_jsonl(world, rel, firms, rng, noise)
    sources.append({"path": rel, "kind": "kvk_json"})
    rel = "sources/nidv-leden.csv"
    records += write_association(world, rel, firms, rng, noise)
    sources.append({"path": rel, "kind": "association"})
    awards = _awards(firms, rng)
    rel = "sources/ted-can-nl.csv"
    records += write_ted(world, rel, awards, rng)
    sources.append({"path": rel, "kind": "ted"})
    rel = "sources/tenderned-gunningen.xlsx"
    records += write_tenderned(world, rel, awards, rng)
    sources.append({"path": rel, "kind": "tenderned"})
    oem_sources, oem_records = write_oem_lists(world, firms, rng, noise)
    sources += oem_sources
    records += oem_records
    return sources, records
