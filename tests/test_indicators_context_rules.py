"""Context terms with cues, implied indicators, and places abroad (issue 17, session 3).

Every sentence here is written for the test; none comes from the real-text set or the demo generator.
"""

from __future__ import annotations

import pytest

from ketenradar.errors import InputError
from ketenradar.indicators import learned
from ketenradar.indicators.geo import foreign_places, home_country, place_country
from ketenradar.indicators.matcher import Matcher, matcher_for
from ketenradar.indicators.rules import international_spans
from ketenradar.indicators.taxonomy import load_taxonomy


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return matcher_for(load_taxonomy())


def ids(matcher: Matcher, text: str, lang: str, url: str | None = None) -> set[str]:
    tld = {"nl": "nl", "de": "de", "en": "co.uk"}[lang]
    return {
        h.indicator_id
        for h in matcher.match_text(text, url or f"https://www.example.{tld}/", None, None, lang)
    }


@pytest.mark.parametrize(
    ("url", "lang", "home"),
    [
        ("https://www.smit.nl/en/about", "en", "NL"),
        ("https://www.berger.de/", "de", "DE"),
        ("https://www.harwood.co.uk/", "en", "GB"),
        ("https://www.vandamme.be/", "nl", "BE"),
        ("https://www.firm.com/", "de", "DE"),
        ("https://www.firm.com/", "en", "NL"),
        (None, None, "NL"),
    ],
)
def test_home_country_comes_from_the_domain_then_the_page_language(url, lang, home):
    assert home_country(url, lang) == home


def test_places_are_countries_cities_states_and_regions_in_three_languages():
    assert place_country("Roemenie") == "RO"  # folded Dutch
    assert place_country("Rumanien") == "RO"  # folded German
    assert place_country("Shanghai") == "CN"
    assert place_country("Posen") == "PL"  # German name of Poznan, from GeoNames' alternate names
    assert place_country("Texas") == "US"
    assert place_country("Noord-Frankrijk") == "FR"
    assert place_country("Vlaanderen") == "BE"
    assert place_country("Reading") is None  # an English word first
    assert place_country("MES") is None and place_country("Het") is None


def test_home_towns_are_never_abroad_but_outside_home_is():
    assert foreign_places("Onze tweede fabriek staat in Oss.", "NL", "nl") == []
    assert [c for *_, c in foreign_places("Kunden außerhalb Deutschlands", "DE", "de")] == ["X-outside"]


@pytest.mark.parametrize(
    ("sentence", "home", "lang", "expected"),
    [
        ("Seit 2018 betreiben wir ein eigenes Werk im polnischen Posen.", "DE", "de", {"international.foreign_sites"}),
        ("With plants in Hungary, Mexico and China we are close to our customers.", "GB", "en",
         {"international.foreign_sites"}),
        ("De fabriek in Oss levert aan klanten in Frankrijk.", "NL", "nl", {"international.export"}),
        ("Meer dan de helft van onze omzet komt van afnemers in Zweden.", "NL", "nl", {"international.export"}),
        ("We count Danish and Swedish boatbuilders among our customers.", "GB", "en", {"international.export"}),
        ("Our subsidiary in Malaysia serves Asian customers.", "GB", "en", {"international.foreign_sites"}),
        # Not the firm's activity abroad: suppliers, fairs, founders, parent companies, home customers.
        ("Wij kopen ons aluminium in bij een leverancier in Duitsland.", "NL", "nl", set()),
        ("Besuchen Sie unseren Stand auf der Messe in Mailand.", "DE", "de", set()),
        ("The business was founded in Glasgow by two brothers.", "NL", "en", set()),
        ("Onze moedermaatschappij in Zweden investeert in de fabriek.", "NL", "nl", set()),
        ("Wir liefern an Kunden in ganz Deutschland.", "DE", "de", set()),
    ],
)  # fmt: skip
def test_international_rules_bind_sites_and_trade_to_places(sentence, home, lang, expected):
    assert {ind for ind, *_ in international_spans(sentence, home, lang)} == expected


def test_a_part_noun_needs_a_sentence_that_says_the_firm_makes_it(matcher):
    assert "product.components" in ids(matcher, "Wir fertigen Wellen und Buchsen nach Zeichnung.", "de")
    assert "product.components" in ids(matcher, "Op twee Mazak QTN-machines draaien we assen.", "nl")
    # Coating, inspecting or customers' parts: the part noun is not the firm's product.
    assert "product.components" not in ids(matcher, "Wir lackieren Gehäuse für Schaltschrankbauer.", "de")
    assert "product.components" not in ids(matcher, "Housings supplied by customers are anodised.", "en")
    assert "product.components" not in ids(matcher, "Im Rahmen des Projekts liefern wir Schulungen.", "de")


def test_a_list_on_a_products_page_names_components_unless_it_is_only_inspected(matcher):
    products = "https://www.example.de/produkte"
    assert "product.components" in ids(matcher, "Flansche, Wellen und Naben aus Stahl.", "de", products)
    with learned.using(None):  # the list rule itself; the learned model may read such a line as parts
        assert "product.components" not in ids(matcher, "Flansche, Wellen und Naben aus Stahl.", "de")
    assert "product.components" not in ids(
        matcher, "Flansche werden vor dem Versand vermessen.", "de", products
    )


def test_stock_forms_are_semi_finished_only_when_sold_from_stock(matcher):
    assert "product.semi_finished" in ids(matcher, "Messing staven en buizen leveren wij uit voorraad.", "nl")
    assert "product.semi_finished" not in ids(matcher, "Wij lassen buizen voor de procesindustrie.", "nl")


def test_engineering_for_the_customer_is_a_service_and_implies_engineering_staff(matcher):
    found = ids(matcher, "Die Konstruktion Ihrer Vorrichtungen übernehmen wir als Dienstleistung.", "de")
    assert {"product.engineering_services", "capacity.engineering"} <= found
    assert ids(matcher, "Unsere Konstruktion arbeitet mit Inventor.", "de") >= {"capacity.engineering"}
    assert "product.engineering_services" not in ids(
        matcher, "Unsere Konstruktion arbeitet mit Inventor.", "de"
    )


def test_implied_hits_keep_the_sentence_and_say_why(matcher):
    hits = matcher.match_text(
        "Wij verzorgen het ontwerp van uw machineframes.", "https://www.example.nl/", None, None, "nl"
    )
    implied = [h for h in hits if h.indicator_id == "capacity.engineering"]
    assert implied and "implied by product.engineering_services" in implied[0].reason
    assert implied[0].sentence.startswith("Wij verzorgen")


def test_taxonomy_rejects_unknown_cues_and_implied_ids(tmp_path):
    bad_cue = tmp_path / "cue.yaml"
    bad_cue.write_text(
        "indicators:\n  product.components:\n    context_terms:\n      nope: {en: [widgets]}\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError, match="undefined cue"):
        load_taxonomy(bad_cue)
    bad_implied = tmp_path / "implies.yaml"
    bad_implied.write_text("indicators:\n  process.milling:\n    implies: [process.nope]\n", encoding="utf-8")
    with pytest.raises(InputError, match="implies unknown"):
        load_taxonomy(bad_implied)


def test_a_users_cue_and_context_term_change_results_without_code(tmp_path):
    mine = tmp_path / "mine.yaml"
    mine.write_text(
        "cues:\n  making:\n    nl: [vervaardigen]\n"
        "indicators:\n  product.components:\n    context_terms:\n      making:\n        nl: [klemmen]\n",
        encoding="utf-8",
    )
    custom = Matcher(load_taxonomy(mine))
    hits = custom.match_text("Wij vervaardigen klemmen.", "https://www.example.nl/", None, None, "nl")
    assert "product.components" in {h.indicator_id for h in hits}


# -- matcher 5: compound part nouns, offerings, engineering in-house, scope of a claim ---------------------


@pytest.mark.parametrize(
    ("text", "lang", "present", "absent"),
    [
        # Part compounds name the firm's components on their own, whatever their first half.
        ("Onze precisiestansdelen gaan naar de installatietechniek.", "nl", {"product.components"}, set()),
        ("Aluminium-Drehfrästeile in Serie.", "de", {"product.components"}, set()),
        # A supply programme or speciality makes part nouns the firm's products ...
        ("Tot ons leveringsprogramma behoren assen en flenzen.", "nl", {"product.components"}, set()),
        ("Our core business is shafts and housings for pumps.", "en", {"product.components"}, set()),
        # ... but not where the firm only treats them.
        ("Wij zijn gespecialiseerd in het verzinken van behuizingen.", "nl", set(), {"product.components"}),
        # Units the firm builds and tests are modules.
        (
            "We build hydraulic units that are fully tested before dispatch.",
            "en",
            {"product.systems_modules"},
            set(),
        ),
        # Engineering done in-house, in any word order; R&D worded as work on development.
        ("Alle engineering gebeurt bij ons in eigen huis.", "nl", {"capacity.engineering"}, set()),
        (
            "Konstruktion und Auslegung erfolgen bei uns im eigenen Haus.",
            "de",
            {"capacity.engineering"},
            set(),
        ),
        ("Our team works on the development of lighter trailer axles.", "en", {"capacity.rnd"}, set()),
        ("Ein Forschungsvorhaben mit der Universität läuft seit Mai.", "de", {"capacity.rnd"}, set()),
    ],
)
def test_matcher5_product_and_capacity_wording(matcher, text, lang, present, absent):
    found = ids(matcher, text, lang)
    assert present <= found, (text, found)
    assert not (absent & found), (text, found)


@pytest.mark.parametrize(
    ("text", "lang", "absent"),
    [
        # Sister and parent companies and neighbours are others.
        ("Onze zustermaatschappij is ISO 14001 gecertificeerd.", "nl", {"cert.iso14001"}),
        ("Unsere Schwestergesellschaft besitzt zwei Laserschneidanlagen.", "de", {"process.laser_cutting"}),
        ("Our neighbours at the next unit do the powder coating.", "en", {"process.surface_treatment"}),
        # Another firm's certificate, attributive or in a relative clause.
        ("Das Glühen übernimmt ein nach ISO 9001 zertifizierter Dienstleister.", "de", {"cert.iso9001"}),
        ("Plating is done by Nadcap approved platers.", "en", {"cert.nadcap"}),
        ("Wij kopen alleen bij leveranciers die ISO 9001 gecertificeerd zijn.", "nl", {"cert.iso9001"}),
        # Plans after the term, and future auxiliaries.
        ("Een tweede kantbank staat gepland voor volgend jaar.", "nl", {"process.press_braking"}),
        ("Die EN 9100 Zertifizierung soll im Herbst folgen.", "de", {"cert.en9100"}),
        ("A cobot cell will be installed in the new hall.", "en", {"automation.robots"}),
        # A technology that watches the firm's own shop is used, not built.
        ("Unsere Öfen werden von Sensoren überwacht.", "de", {"tech.sensors_radar"}),
    ],
)
def test_matcher5_scope_keeps_others_and_plans_out(matcher, text, lang, absent):
    found = ids(matcher, text, lang)
    assert not (absent & found), (text, found)


@pytest.mark.parametrize(
    ("text", "lang", "present"),
    [
        # A negated relative clause under a negated head is a claim.
        ("Er is geen profiel dat wij niet kunnen kanten.", "nl", {"process.press_braking"}),
        ("There is no alloy we cannot weld with our TIG robots.", "en", {"automation.robots"}),
        ("Es gibt kaum eine Form, die wir nicht fräsen können.", "de", {"process.milling"}),
        # A current claim beside a plan still counts.
        ("Naast ISO 9001 hopen we volgend jaar ook ISO 14001 te behalen.", "nl", {"cert.iso9001"}),
        # The firm's own department is not a supplier.
        ("Unsere Härterei arbeitet im Dreischichtbetrieb.", "de", {"process.heat_treatment"}),
    ],
)
def test_matcher5_double_negation_and_own_departments_are_claims(matcher, text, lang, present):
    found = ids(matcher, text, lang)
    assert present <= found, (text, found)


def test_matcher5_plans_do_not_count_but_a_past_passive_news_report_does(matcher):
    news = "https://www.example.nl/nieuws/bericht"
    assert "product.components" in ids(
        matcher, "Voor een scheepswerf werden 200 consoles gelast.", "nl", news
    )
    # A standard's own news in the past passive is not the firm's certificate.
    assert "cert.iso9001" not in ids(matcher, "De ISO 9001 werd in 2015 grondig herzien.", "nl", news)
    assert "cert.iso14001" not in ids(matcher, "Eind volgend jaar hopen we ISO 14001 te halen.", "nl")


def test_matcher5_a_place_visited_is_no_site_of_the_firm(matcher):
    url = "https://www.example.co.uk/news/item"
    assert "international.foreign_sites" not in ids(
        matcher, "Our director flew to Korea to tour the new Doosan factory.", "en", url
    )
    assert "international.foreign_sites" in ids(
        matcher, "We opened a second factory in Hungary in 2021.", "en"
    )


@pytest.mark.parametrize(
    ("text", "lang", "present", "absent"),
    [
        # A job ad's wishes and knowing a standard are no claims; the firm's machines in the ad are.
        ("Ervaring met TIG-lassen of kennis van ISO 3834 is een pré.", "nl", set(), {"cert.iso3834"}),
        ("Kenntnisse der EN 9100 sind von Vorteil.", "de", set(), {"cert.en9100"}),
        (
            "You will run our Okuma lathes; experience with AS9100 would be a plus.",
            "en",
            {"process.turning"},
            {"cert.en9100"},
        ),
        # A sister company's trade, in its own clause only.
        (
            "Het verzinken doet ons zusterbedrijf Hagen Coatings; wij zelf frezen en draaien.",
            "nl",
            {"process.milling"},
            {"process.surface_treatment"},
        ),
        # A plan bracketing the clause; what stands "besides" still counts.
        (
            "Neben der ISO 9001 streben wir 2027 die Zertifizierung nach ISO 14001 an.",
            "de",
            {"cert.iso9001"},
            {"cert.iso14001"},
        ),
        ("Naast ISO 9001 werken we toe naar ISO 14001.", "nl", {"cert.iso9001"}, {"cert.iso14001"}),
        # The firm naming itself by a supplier noun is not another holder.
        ("We hold AQAP 2110 and are an approved supplier to the navy.", "en", {"cert.aqap2110"}, set()),
        # Castings the firm machines, and parts it machines for another firm's drones.
        (
            "Ruwe gietstukken komen bij ons binnen en gaan bewerkt de deur uit.",
            "nl",
            set(),
            {"process.casting"},
        ),
        ("We machine camera mounts for a drone maker in Bristol.", "en", set(), {"tech.intelligent_systems"}),
        ("Wij ontwikkelen en bouwen onze eigen inspectiedrones.", "nl", {"tech.intelligent_systems"}, set()),
        # Word senses and the predecessor of ISO 45001.
        ("Die Bauteile härten im Autoklav aus.", "de", set(), {"process.heat_treatment"}),
        ("Die Langdreher werden mit Stangen bestückt.", "de", set(), {"process.electronics_assembly"}),
        ("Our safety system follows OHSAS 18001.", "en", set(), {"cert.iso45001"}),
        # Staff development is no R&D; developing products is.
        ("Wij leiden vakmensen op en investeren in hun ontwikkeling.", "nl", set(), {"capacity.rnd"}),
        ("Wir entwickeln eigene Produkte für den Landmaschinenbau.", "de", {"capacity.rnd"}, set()),
    ],
)
def test_matcher7_scope_of_claims(matcher, text, lang, present, absent):
    found = ids(matcher, text, lang)
    assert present <= found, (text, found)
    assert not (absent & found), (text, found)


@pytest.mark.parametrize(
    ("text", "lang", "present", "absent"),
    [
        # The firm describing itself by its role, and its own certified department.
        (
            "Als nach EN 9100 zertifizierter Zulieferer fräsen wir Halter aus Titan.",
            "de",
            {"cert.en9100", "process.milling"},
            set(),
        ),
        ("As an ISO 13485 certified supplier, we machine implant parts.", "en", {"cert.iso13485"}, set()),
        ("Unser Schweißfachbetrieb ist nach EN 1090 zertifiziert.", "de", {"cert.en1090"}, set()),
        ("Unser Härtereipartner ist nach Nadcap akkreditiert.", "de", set(), {"cert.nadcap"}),
        # Within a group the firm speaking is the firm; a sister named is not.
        ("Binnen de groep richten wij ons op het frezen van behuizingen.", "nl", {"process.milling"}, set()),
        (
            "Binnen de groep richt Berends Coating zich op poedercoaten.",
            "nl",
            set(),
            {"process.surface_treatment"},
        ),
        # Turning as a trade, and machines that only run.
        (
            "Wij zijn een klein verspanend bedrijf met draaien als specialiteit.",
            "nl",
            {"process.turning"},
            set(),
        ),
        (
            "Onze twee lasrobots staan dag en nacht te draaien.",
            "nl",
            {"automation.robots"},
            {"process.turning"},
        ),
        ("We knippen, zetten en lassen plaatwerk tot 10 mm.", "nl", {"process.press_braking"}, set()),
        # A buyer is no copper.
        (
            "Als koper van een van onze kranen krijgt u onderhoud op locatie.",
            "nl",
            set(),
            {"material.copper_brass"},
        ),
        # Work done by others or not done at all.
        (
            "Das Verzinken lassen wir bei einem langjährigen Partner in der Nähe durchführen.",
            "de",
            set(),
            {"process.surface_treatment"},
        ),
        ("Anodiseren doen wij niet zelf.", "nl", set(), {"process.surface_treatment"}),
        ("Heat treatment of the shafts is subcontracted.", "en", set(), {"process.heat_treatment"}),
        # Unmanned vehicles the firm builds are technology, not lights-out production.
        (
            "Wij bouwen onbemande meetboten voor waterschappen.",
            "nl",
            {"tech.maritime"},
            {"automation.unmanned"},
        ),
        ("Nachts fräsen unsere Maschinen ohne Bedienpersonal weiter.", "de", {"automation.unmanned"}, set()),
        # Another firm's news passed on states no market.
        ("Boeing meldet einen neuen Auftrag über 40 Flugzeuge.", "de", set(), {"market.aerospace"}),
        ("Für die Deutsche Marine fertigen wir Ventile.", "de", {"market.defence"}, set()),
    ],
)
def test_matcher8_scope_of_claims(matcher, text, lang, present, absent):
    found = ids(matcher, text, lang)
    assert present <= found, (text, found)
    assert not (absent & found), (text, found)


def test_matcher8_a_news_item_goes_on_about_the_firms_new_machine(matcher):
    text = (
        "In mei is een nieuwe TruLaser geplaatst. De machine krijgt platen uit een automatisch magazijn "
        "en snijdt zo ook 's nachts onbemand door."
    )
    found = ids(matcher, text, "nl", "https://www.example.nl/nieuws/laser")
    assert {"process.laser_cutting", "automation.unmanned"} <= found
    # A customer's news does not carry over.
    text = "Gefeliciteerd aan Veldman Agri: hun nieuwe trekker won een prijs. De machine rijdt op waterstof."
    assert "market.agro" not in ids(matcher, text, "nl", "https://www.example.nl/nieuws/prijs")


def test_matcher8_the_model_adds_nothing_on_a_sister_company_line(matcher):
    text = (
        "Deel van de Brink Groep. Brink Offshore • Brink Rail • Brink Aerospace. Binnen de groep lassen wij."
    )
    found = ids(matcher, text, "nl")
    assert not found & {"market.offshore", "market.rail", "market.aerospace", "market.energy"}, found
