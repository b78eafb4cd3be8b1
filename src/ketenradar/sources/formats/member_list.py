"""Member lists of branch organisations (CSV/XLSX exports from a CRM), Dutch or English headers."""

from __future__ import annotations

from ketenradar.sources.formats.base import TabularFormat

# Headers seen in member lists, Dutch first. Matching ignores case, accents, spaces and punctuation.
FIRM_ALIASES: dict[str, list[str]] = {
    "name": [
        "Bedrijfsnaam",
        "Naam bedrijf",
        "Statutaire naam",
        "Organisatienaam",
        "Organisatie",
        "Naam",
        "Bedrijf",
        "Firma",
        "Onderneming",
        "Company name",
        "Company",
        "Name",
        "Organisation",
        "Organization",
        "Member",
        "Lid",
    ],
    "kvk_number": [
        "KvK-nummer",
        "KvK nr",
        "KvK",
        "KvK nummer",
        "Kamer van Koophandel",
        "KvK-nr.",
        "Dossiernummer",
        "Chamber of Commerce",
        "CoC number",
        "CoC",
        "KvK number",
        "Registration number",
    ],
    "trade_names": ["Handelsnaam", "Handelsnamen", "Trade name", "Trade names"],
    "website": ["Website", "Internetadres", "Webadres", "Homepage", "URL", "Web", "Site", "www"],
    "street": ["Straat", "Straatnaam", "Adres", "Bezoekadres", "Vestigingsadres", "Street", "Address"],
    "house_number": ["Huisnummer", "Huisnr", "Nr", "House number"],
    "postcode": ["Postcode", "Postal code", "Zip", "Zip code", "Postcode bezoekadres"],
    "place": ["Plaats", "Vestigingsplaats", "Woonplaats", "Stad", "Gemeente", "City", "Town", "Place"],
    "country": ["Land", "Country"],
    "phone": ["Telefoon", "Telefoonnummer", "Tel", "Phone", "Telephone"],
    "employees": [
        "Aantal medewerkers",
        "Medewerkers",
        "Aantal werknemers",
        "Werknemers",
        "Werkzame personen",
        "Aantal werkzame personen",
        "Personeel",
        "FTE",
        "Employees",
        "Number of employees",
        "Staff",
        "Headcount",
    ],
    "sbi_main": ["SBI hoofdactiviteit", "Hoofdactiviteit SBI", "Hoofd-SBI", "Main SBI", "SBI main"],
    "sbi_codes": ["SBI", "SBI-code", "SBI-codes", "SBI code", "SBI codes", "Activiteiten SBI"],
    "founded": ["Oprichtingsdatum", "Datum oprichting", "Opgericht", "Registratiedatum", "Founded"],
    "description": ["Omschrijving", "Activiteiten", "Beschrijving", "Description", "Activities", "Profiel"],
}


class MemberList(TabularFormat):
    kind = "member_list"
    aliases = FIRM_ALIASES


FORMAT = MemberList()
