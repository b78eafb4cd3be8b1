"""Small source files in the real formats (docs/ingest.md says what each loader accepts), written by
the tests themselves."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import openpyxl

REGISTRY = [
    # kvk, name, trade names, street, number, postcode, place, website, employees, sbi main, sbi other
    (
        "01234567",
        "Jansen Metaalbewerking B.V.",
        ["Jansen Metaal"],
        "Hoofdstraat",
        "12",
        "1234AB",
        "Amsterdam",
        "www.jansen-metaal.nl",
        25,
        "2562",
        ["2511"],
    ),
    (
        "23456789",
        "De Vries Precisie Techniek B.V.",
        [],
        "Industrieweg",
        "5",
        "5652 AA",
        "Eindhoven",
        "https://dvpt.nl",
        60,
        "2562",
        [],
    ),
    ("34567890", "Bakker Lastechniek V.O.F.", [], "Lasweg", "3", "7521 BB", "Enschede", None, 8, "2511", []),
    (
        "45678901",
        "Smit Elektronica B.V.",
        ["Smit Electronics"],
        "Techniekstraat",
        "9",
        "2628 CD",
        "Delft",
        "http://www.smit-elektronica.nl/",
        120,
        "2612",
        [],
    ),
    (
        "56789012",
        "Jansen Transport B.V.",
        [],
        "Havenweg",
        "1",
        "3011 AA",
        "Rotterdam",
        "jansentransport.nl",
        40,
        "4941",
        [],
    ),
]


def basisprofiel(kvk, name, trade, street, number, postcode, place, website, employees, sbi, other) -> dict:
    return {
        "kvkNummer": kvk,
        "naam": name,
        "formeleRegistratiedatum": "19980315",
        "totaalWerkzamePersonen": employees,
        "handelsnamen": [{"naam": name, "volgorde": 0}]
        + [{"naam": t, "volgorde": i + 1} for i, t in enumerate(trade)],
        "sbiActiviteiten": [{"sbiCode": sbi, "sbiOmschrijving": "hoofd", "indHoofdactiviteit": "Ja"}]
        + [{"sbiCode": s, "sbiOmschrijving": "neven", "indHoofdactiviteit": "Nee"} for s in other],
        "_embedded": {
            "hoofdvestiging": {
                "vestigingsnummer": "000012345678",
                "adressen": [
                    {
                        "type": "postadres",
                        "straatnaam": "Postbus",
                        "huisnummer": 99,
                        "postcode": "1000AA",
                        "plaats": "Amsterdam",
                        "land": "Nederland",
                    },
                    {
                        "type": "bezoekadres",
                        "straatnaam": street,
                        "huisnummer": int(number),
                        "postcode": postcode,
                        "plaats": place,
                        "land": "Nederland",
                    },
                ],
                "websites": [website] if website else [],
            }
        },
    }


def write_kvk_jsonl(path: Path, rows=REGISTRY, bad_line: bool = False) -> Path:
    lines = [json.dumps(basisprofiel(*r)) for r in rows]
    if bad_line:
        lines.insert(1, "{not json")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def write_csv(path: Path, header: list[str], rows: list[list], *, delimiter=",", encoding="utf-8") -> Path:
    with path.open("w", newline="", encoding=encoding) as fh:
        writer = csv.writer(fh, delimiter=delimiter)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def write_xlsx(path: Path, header: list[str], rows: list[list], sheet: str = "Blad1") -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    ws.append(header)
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


def write_kvk_csv(path: Path) -> Path:
    return write_csv(
        path,
        [
            "KvK-nummer",
            "Vestigingsnummer",
            "Naam",
            "Straat",
            "Huisnummer",
            "Postcode",
            "Plaats",
            "SBI hoofdactiviteit",
            "SBI-codes",
            "Werkzame personen",
            "Website",
            "Datum oprichting",
        ],
        [
            [
                "67890123",
                "000087654321",
                "Visser Kunststoffen B.V.",
                "Polderweg",
                "4",
                "8013 AB",
                "Zwolle",
                "2229",
                "2229;2221",
                "35",
                "visser-kunststof.nl",
                "01-02-2001",
            ]
        ],
        delimiter=";",
    )


def write_member_list(path: Path) -> Path:
    """Dutch Excel CSV: ';' and cp1252, a KvK number that lost its leading zero."""
    return write_csv(
        path,
        ["Bedrijfsnaam", "KvK nr", "Internetadres", "Postcode", "Plaats", "Aantal medewerkers"],
        [
            [
                "Jansen Metaalbewerking",
                "1234567",
                "www.jansen-metaal.nl/over-ons",
                "1234 ab",
                "Amsterdam",
                "25",
            ],
            ["Bakker Lastechniek", "34567890", "", "7521BB", "Enschede", "8"],
            ["Hollandse Frezerij Müller", "78901234", "muller-frezerij.nl", "3800 AA", "Amersfoort", "1.200"],
            ["", "", "", "", "", ""],
        ],
        delimiter=";",
        encoding="cp1252",
    )


TED_HEADER = [
    "ID_NOTICE_CAN",
    "ISO_COUNTRY_CODE",
    "CAE_NAME",
    "CAE_NATIONALID",
    "CAE_TOWN",
    "CPV",
    "WIN_NAME",
    "WIN_NATIONALID",
    "WIN_TOWN",
    "WIN_POSTAL_CODE",
    "WIN_COUNTRY_CODE",
    "AWARD_VALUE_EURO",
    "DT_DISPATCH",
    "TYPE_OF_CONTRACT",
]


def write_ted(path: Path) -> Path:
    return write_csv(
        path,
        TED_HEADER,
        [
            [
                "2021/S 123-456789",
                "NL",
                "Ministerie van Defensie, Defensie Materieel Organisatie",
                "",
                "Utrecht",
                "35412000-6",
                "Jansen Metaalbewerking BV",
                "",
                "Amsterdam",
                "1234AB",
                "NL",
                "250000.00",
                "2021-06-28",
                "S",
            ],
            [
                "2022/S 010-000111",
                "NL",
                "Gemeente Utrecht",
                "",
                "Utrecht",
                "4531000-3",
                "De Vries Precisie Techniek",
                "",
                "Eindhoven",
                "5652 AA",
                "NL",
                "80000",
                "14/01/2022",
                "W",
            ],
            [
                "2022/S 011-000222",
                "NL",
                "Ministerie van Defensie",
                "",
                "Den Haag",
                "35400000",
                "Rüstung GmbH",
                "DE811234567",
                "München",
                "80331",
                "DE",
                "1.000.000,00",
                "2022-01-20",
                "S",
            ],
            [
                "2022/S 011-000333",
                "NL",
                "Ministerie van Defensie",
                "",
                "Den Haag",
                "35400000",
                "Totaal Onbekend BV",
                "",
                "Appelscha",
                "8426 AA",
                "NL",
                "",
                "2022-01-21",
                "S",
            ],
        ],
    )


TENDERNED_HEADER = [
    "ID publicatie",
    "Tenderned kenmerk",
    "Publicatiedatum",
    "Naam Aanbestedende dienst",
    "Officiële naam Aanbestedende dienst",
    "Nationaal identificatienummer",
    "Naam aanbesteding",
    "Datum gunning",
    "Officiële benaming",
    "Kvknummer",
    "Postadres",
    "Plaats",
    "Postcode",
    "Land",
    "Internetadres",
    "Waarde - bedrag",
    "Waarde - valuta",
    "CPV-codes",
]


def write_tenderned(path: Path) -> Path:
    return write_xlsx(
        path,
        TENDERNED_HEADER,
        [
            [
                301234,
                "DMO-2023-01",
                "2023-03-01",
                "DMO",
                "Ministerie van Defensie",
                "27370000",
                "Onderdelen voertuigen",
                "2023-02-20",
                "Smit Elektronica B.V.",
                45678901,
                "Techniekstraat 9",
                "Delft",
                "2628CD",
                "NL",
                "www.smit-elektronica.nl",
                125000.5,
                "EUR",
                "34300000-0",
            ],
            [
                301235,
                "RWS-2023-02",
                "2023-03-02",
                "Rijkswaterstaat",
                "Rijkswaterstaat",
                "",
                "Sluisdeuren",
                "2023-02-21",
                "Bakker Lastechniek",
                None,
                "Lasweg 3",
                "Enschede",
                "7521 BB",
                "NL",
                None,
                90000,
                "USD",
                "45221000",
            ],
        ],
        sheet="Dataset 2016-2024",
    )


def write_association(path: Path) -> Path:
    return write_csv(
        path,
        ["Lid", "Plaats", "Website"],
        [
            ["De Vries Precisie Techniek", "Eindhoven", "www.dvpt.nl"],
            ["Smit Electronics", "Delft", ""],
            ["Jansen", "Amsterdam", ""],
        ],
    )


def write_oem(path: Path) -> Path:
    return write_xlsx(
        path,
        ["Leverancier", "Plaats", "Levert"],
        [["Bakker Las Techniek", "Enschede", "gelaste frames"], ["Jansen Metaal", "Amsterdam", "freesdelen"]],
    )
