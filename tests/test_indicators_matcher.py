"""The matcher on handwritten Dutch and English sentences."""

from __future__ import annotations

import pytest

from ketenradar.indicators.matcher import matcher_for
from ketenradar.indicators.taxonomy import load_taxonomy


@pytest.fixture(scope="module")
def match():
    matcher = matcher_for(load_taxonomy())

    def found(text: str, url: str | None = "https://www.example.nl/diensten", title: str | None = None):
        return {h.indicator_id for h in matcher.match_text(text, url, title)}

    return found


@pytest.mark.parametrize(
    "sentence, indicator",
    [
        ("Wij frezen complexe onderdelen.", "process.milling"),
        ("Al het freeswerk gebeurt in eigen huis.", "process.milling"),
        ("Gefreesde delen in kleine series.", "process.milling"),
        ("Onze freesbewerkingen zijn nauwkeurig.", "process.milling"),
        ("We offer CNC milling and turning.", "process.milling"),
        ("All parts are milled in-house.", "process.milling"),
        ("Simultaan 5-assig frezen op DMG Mori machines.", "process.five_axis"),
        ("Wij hebben drie vijfassige bewerkingscentra.", "process.five_axis"),
        ("We run 5-axis machining centres.", "process.five_axis"),
        ("Draaiwerk tot diameter 400 mm.", "process.turning"),
        ("Wij doen draad- en zinkvonken.", "process.edm"),
        ("Wire EDM for tight tolerances.", "process.edm"),
        ("Vlak- en rondslijpen tot op de micron.", "process.grinding"),
        ("Wij zijn specialist in TIG-lassen van dunwandig RVS.", "process.welding_tig"),
        ("TIG lassen van aluminium.", "process.welding_tig"),
        ("Certified GTAW welders.", "process.welding_tig"),
        ("MIG/MAG-lassen van constructiestaal.", "process.welding_mig_mag"),
        ("Wij lassen met twee lasrobots.", "process.robot_welding"),
        ("Lasersnijden van plaat tot 25 mm.", "process.laser_cutting"),
        ("Gekante delen uit onze CNC-kantbank.", "process.press_braking"),
        ("Ponsen en nibbelen van plaatwerk.", "process.punching"),
        ("Poedercoaten en natlakken in eigen spuiterij.", "process.surface_treatment"),
        ("We provide anodising and passivation.", "process.surface_treatment"),
        ("Montage van complete machines.", "process.assembly"),
        ("Assemblage in onze ISO klasse 7 cleanroom.", "process.cleanroom_assembly"),
        ("SMD- en through-hole-assemblage van printplaten.", "process.electronics_assembly"),
        ("Wij produceren kabelbomen voor de automotive.", "process.cable_harness"),
        ("Onderdelen van koolstofvezel.", "process.composites"),
        ("Metaalprinten met SLM-technologie.", "process.additive_manufacturing"),
        ("Een eigen gieterij voor aluminium gietwerk.", "process.casting"),
        ("Smeedstukken tot 200 kg.", "process.forging"),
        ("Wij bouwen staalconstructies voor industrie.", "process.steel_construction"),
        ("Vacuumharden en nitreren.", "process.heat_treatment"),
        ("Wij verwerken roestvast staal en titanium.", "material.stainless_steel"),
        ("Bewerking van Inconel en Hastelloy.", "material.special_alloys"),
        ("Wij leveren halffabricaten.", "product.semi_finished"),
        ("Reparatie en revisie van pompen.", "product.repair_mro"),
        ("Wij zijn ISO 9001 gecertificeerd.", "cert.iso9001"),
        ("Gecertificeerd volgens ISO9001:2015.", "cert.iso9001"),
        ("Wij zijn AQAP 2110 gecertificeerd.", "cert.aqap2110"),
        ("Certified to AQAP-2110.", "cert.aqap2110"),
        ("AQAP2110 certificaat behaald.", "cert.aqap2110"),
        ("Wij werken volgens AQAP 2110 en 2310.", "cert.aqap2310"),
        ("Our quality system is AS9100D certified.", "cert.en9100"),
        ("Lasprocessen volgens NEN-EN-ISO 3834-2.", "cert.iso3834"),
        ("Wij hebben een ISO 13485 gecertificeerd kwaliteitssysteem.", "cert.iso13485"),
        ("Solderen volgens IPC-A-610 klasse 3.", "cert.ipc_a_610"),
        ("Onze monteurs zijn VCA** gecertificeerd.", "cert.vca"),
        ("Wij zijn ABDO-gecertificeerd.", "cert.abdo"),
        ("In onze klimaatgeconditioneerde meetkamer staat een Zeiss CMM.", "capacity.measuring_room"),
        ("In onze klimaatgeconditioneerde meetkamer staat een Zeiss CMM.", "capacity.cmm"),
        ("Onze eigen engineeringsafdeling denkt mee.", "capacity.engineering"),
        ("Wij investeren 8% van de omzet in R&D.", "capacity.rnd"),
        ("Onze machines draaien 's nachts onbemand door.", "automation.unmanned"),
        ("Alle orders worden gepland in ons ERP-systeem.", "automation.erp_mes"),
        ("Wij exporteren naar 30 landen.", "international.export"),
        ("Wij hebben een productievestiging in Polen.", "international.foreign_sites"),
        ("We have a production site in Germany.", "international.foreign_sites"),
        ("Wij leveren aan de defensie-industrie.", "market.defence"),
        ("We supply the semiconductor industry.", "market.semicon"),
        ("Wij zijn actief in de lucht- en ruimtevaart.", "market.aerospace"),
        ("Onderdelen voor radarsystemen.", "tech.sensors_radar"),
        ("Wij ontwikkelen drones.", "tech.intelligent_systems"),
        ("Componenten voor satellieten.", "tech.space"),
        ("Cryogene onderdelen voor quantumcomputers.", "tech.quantum"),
    ],
)
def test_statements_are_found(match, sentence: str, indicator: str) -> None:
    assert indicator in match(sentence)


def test_en1090_keeps_execution_class() -> None:
    matcher = matcher_for(load_taxonomy())
    hits = matcher.match_text("Wij zijn gecertificeerd volgens EN 1090-2 tot EXC3.", "https://x.nl/")
    terms = [h.term for h in hits if h.indicator_id == "cert.en1090"]
    assert terms and "EXC3" in terms[0] and terms[0].startswith("EN 1090")
    hits = matcher.match_text("Certificering NEN-EN 1090 EXC2 voor staalconstructies.", "https://x.nl/")
    assert any("EXC2" in h.term for h in hits if h.indicator_id == "cert.en1090")


def test_evidence_is_the_original_sentence_and_url() -> None:
    matcher = matcher_for(load_taxonomy())
    text = "Over ons. Wij zijn gespecialiseerd in coördinatenmeten met een CMM. Bel ons!"
    hits = [h for h in matcher.match_text(text, "https://x.nl/over") if h.indicator_id == "capacity.cmm"]
    assert hits[0].sentence == "Wij zijn gespecialiseerd in coördinatenmeten met een CMM."
    assert hits[0].url == "https://x.nl/over" and hits[0].term == "CMM"


@pytest.mark.parametrize(
    "sentence, indicator",
    [
        ("Wij doen geen lassen.", "process.welding_tig"),
        ("Wij doen geen TIG-lassen.", "process.welding_tig"),
        ("We do not offer anodising.", "process.surface_treatment"),
        ("We don't do any welding with TIG.", "process.welding_tig"),
        ("Lassen doen wij niet, TIG-lassen evenmin.", "process.robot_welding"),
        ("Gieten doen wij niet.", "process.casting"),
        ("Anodising is not part of our services.", "process.surface_treatment"),
        ("Wij zijn (nog) niet AQAP 2110 gecertificeerd.", "cert.aqap2110"),
        ("Wij zijn nog niet AQAP-gecertificeerd.", "cert.aqap2110"),
        ("Wij werken toe naar AQAP 2110 certificering.", "cert.aqap2110"),
        ("We are working towards AS9100.", "cert.en9100"),
        ("Zonder poedercoaten.", "process.surface_treatment"),
        ("Wij leveren geen eindproducten, poedercoating of montage.", "process.surface_treatment"),
        ("We have no cleanroom.", "process.cleanroom_assembly"),
        ("U mag ons altijd bellen.", "process.welding_mig_mag"),
        ("De machines draaien dag en nacht.", "process.turning"),
        ("Roestvast staal is onze specialiteit.", "material.steel"),
        ("Wij bekijken het van alle kanten.", "process.press_braking"),
        ("De koper is verplicht te betalen.", "material.copper_brass"),
        ("We also supply semi-finished products.", "product.end_products"),
        ("Van tekening tot eindproduct: lasersnijden en kanten.", "product.end_products"),
    ],
)
def test_negations_and_lookalikes_are_not_statements(match, sentence: str, indicator: str) -> None:
    assert indicator not in match(sentence)


@pytest.mark.parametrize(
    "sentence, indicator",
    [
        ("Wij frezen niet alleen aluminium maar ook titanium.", "material.titanium"),
        ("Wij frezen. (sub)assemblage valt buiten ons werkterrein.", "process.milling"),
        ("We also supply semi-finished products.", "product.semi_finished"),
        ("Wij frezen niet alleen aluminium maar ook titanium.", "material.aluminium"),
        ("Lassen doen wij niet, maar frezen wel.", "process.milling"),
        ("Geen serie is te klein voor ons 5-assig freescentrum.", "process.five_axis"),
        ("No job is too small for our laser cutting department.", "process.laser_cutting"),
        ("Kleine series zijn geen probleem: wij frezen alles.", "process.milling"),
        ("We do not outsource our milling.", "process.milling"),
        ("Not only milling but also turning.", "process.turning"),
    ],
)
def test_idioms_that_look_like_negations_keep_the_statement(match, sentence: str, indicator: str) -> None:
    assert indicator in match(sentence)


@pytest.mark.parametrize(
    "sentence, indicator",
    [
        ("Onze klanten zijn actief in de offshore.", "market.offshore"),
        ("Onze klanten zijn actief in de offshore, defensie en medische sector.", "market.defence"),
        ("Veel van onze afnemers werken zelf voor de chipindustrie.", "market.semicon"),
        (
            "Tot onze opdrachtgevers behoren machinebouwers die leveren aan de automotive.",
            "market.automotive",
        ),
        ("Klanten zoals Thales (radar) en Damen (scheepsbouw) vertrouwen op ons.", "tech.sensors_radar"),
        ("Our clients operate in the semiconductor and medical industries.", "market.medical"),
        ("Referenties: bedrijven uit de luchtvaart en de scheepsbouw.", "market.aerospace"),
        ("Onze partners verzorgen het poedercoaten.", "process.surface_treatment"),
        ("Our partner Galvano West takes care of anodising.", "process.surface_treatment"),
    ],
)
def test_what_customers_and_partners_do_is_not_a_statement(match, sentence: str, indicator: str) -> None:
    assert indicator not in match(sentence)


@pytest.mark.parametrize(
    "sentence, indicator",
    [
        ("Wij leveren aan klanten in de offshore.", "market.offshore"),
        ("We supply our customers in the defence industry.", "market.defence"),
        ("Onze klanten waarderen ons 5-assig freeswerk.", "process.five_axis"),
        ("Ons klantenbestand omvat opdrachtgevers uit de voedingsmiddelenindustrie.", "market.food"),
        ("Our customers include leading aerospace OEMs.", "market.aerospace"),
        ("Klanten besteden complete modules aan ons uit.", "product.systems_modules"),
    ],
)
def test_where_customers_come_from_is_the_firms_market(match, sentence: str, indicator: str) -> None:
    assert indicator in match(sentence)


@pytest.mark.parametrize(
    "sentence, indicator",
    [
        ("Poedercoaten besteden wij uit aan een vaste partner.", "process.surface_treatment"),
        ("Voor warmtebehandeling werken wij samen met een harderij.", "process.heat_treatment"),
        ("Gietwerk laten wij uitvoeren door een gieterij in Duitsland.", "process.casting"),
        ("For anodising we work with a specialist.", "process.surface_treatment"),
        ("Vijfassig frezen valt buiten ons werkterrein.", "process.five_axis"),
        ("Voor draadvonken moet u helaas elders zijn.", "process.edm"),
        ("Bordessen, trappen en leuningwerk behoort niet tot ons pakket.", "process.steel_construction"),
        ("Wij frezen. (sub)assemblage valt buiten ons werkterrein.", "process.assembly"),
    ],
)
def test_outsourced_or_out_of_scope_work_is_not_a_statement(match, sentence: str, indicator: str) -> None:
    assert indicator not in match(sentence)


def test_names_addresses_and_news_are_not_statements() -> None:
    matcher = matcher_for(load_taxonomy())

    def found(text: str, url: str = "https://www.x.nl/", names: list[str] | None = None) -> set[str]:
        return {
            h.indicator_id for h in matcher.match_sections([{"url": url, "title": None, "text": text}], names)
        }

    assert "process.steel_construction" not in found(
        "Vermeulen Staalbouw is VCA-gecertificeerd.", names=["Vermeulen Staalbouw B.V."]
    )
    assert "cert.vca" in found(
        "Vermeulen Staalbouw is VCA-gecertificeerd.", names=["Vermeulen Staalbouw B.V."]
    )
    assert "process.forging" not in found("Bezoekadres: Smederijstraat 12, 5692 XH Son")
    assert "market.rail" not in found("Molenweg 132, 3700 NS Zeist")
    assert "market.maritime" not in found("Mail ons: info@smits-scheepsbouw.nl")
    assert "process.surface_treatment" not in found("Wij kochten bij Smit Poedercoating B.V. een oven.")
    news = "Een spreker gaf een gastles over de defensie-industrie."
    assert "market.defence" not in found(news, "https://www.x.nl/nieuws/gastles")
    assert "market.defence" in found(
        "Wij leveren sinds dit jaar aan de defensie-industrie.", "https://www.x.nl/nieuws/"
    )
    cert = "Hierbij wordt verklaard dat het kwaliteitssysteem voor lucht- en ruimtevaart voldoet aan EN 9100."
    assert found(cert, "https://www.x.nl/downloads/certificaat-en9100.pdf") == {"cert.en9100"}


def test_customer_pages_and_headings_are_ignored(match) -> None:
    page = "Thales Nederland - radarsystemen\nDamen Naval - scheepsbouw"
    assert match(page, "https://www.x.nl/referenties") == set()
    assert match(page, "https://www.x.nl/page-3", title="Onze klanten") == set()
    assert "market.maritime" in match(page, "https://www.x.nl/diensten")
    text = (
        "Onze klanten\nThales Nederland (radar)\nFokker Aerostructures\n"
        "Wij leveren ook aan de maritieme sector.\nKwaliteit"
    )
    found = match(text)
    assert "tech.sensors_radar" not in found and "market.aerospace" not in found
    assert "market.maritime" in found  # the firm speaks again: the list has ended


def test_case_of_acronyms_matters(match) -> None:
    assert "process.welding_mig_mag" in match("Wij lassen MIG en MAG.")
    assert "automation.erp_mes" in match("Wij werken met een MES.")
    assert "automation.erp_mes" not in match("Een scherp mes is belangrijk.")


# -- language, claims and evidence (issue 17) -------------------------------------------------------------
# Sentences written for these tests; none is taken from a web page or from the demo generator.


@pytest.fixture(scope="module")
def hits():
    matcher = matcher_for(load_taxonomy())

    def found(text: str, url: str | None = "https://www.example.de/leistungen", names=None, language=None):
        from ketenradar.indicators.context import name_patterns

        pattern = name_patterns(names) if names else None
        return matcher.match_text(text, url, None, pattern, language)

    return found


@pytest.mark.parametrize(
    "sentence, indicator",
    [
        ("Seit letztem Jahr ergänzt eine zweite Fräsmaschine unsere Fertigung.", "process.milling"),
        ("Auf der alten Drehbank entstehen heute noch Einzelstücke.", "process.turning"),
        ("Gefräste und gedrehte Teile liefern wir einbaufertig.", "process.turning"),
        ("Alle Gehäuse werden bei uns aus Edelstahl gefertigt.", "material.stainless_steel"),
        ("Die Schleiferei im Untergeschoss ist rund ausgelastet.", "process.grinding"),
        ("Kabelsätze für Landmaschinen sind unser Spezialgebiet.", "process.cable_harness"),
        ("Wir biegen und kanten Bleche bis 6 mm auf zwei Abkantpressen.", "process.press_braking"),
        ("Unsere Härterei arbeitet im Zweischichtbetrieb.", "process.heat_treatment"),
        ("Leiterplattenbestückung in SMD-Technik übernehmen wir ebenfalls.", "process.electronics_assembly"),
        ("Das Unternehmen ist nach DIN EN ISO 9001:2015 zertifiziert.", "cert.iso9001"),
        ("Wir fertigen für die Wehrtechnik und die Luftfahrt.", "market.defence"),
        ("Ein klimatisierter Messraum gehört selbstverständlich dazu.", "capacity.measuring_room"),
        ("Der Anteil des Exports liegt bei über 60 Prozent.", "international.export"),
        ("Im Sondermaschinenbau entwickeln wir Anlagen für die Montage.", "product.end_products"),
        ("Wir liefern einbaufertige Baugruppen an Maschinenbauer.", "product.systems_modules"),
        (
            "Reparatur und Instandsetzung von Hydraulikzylindern gehören zu unserem Service.",
            "product.repair_mro",
        ),
        # Machine brands that say the process without the process word.
        ("Our shop floor holds four Hermle machines and two Hedelius units.", "process.milling"),
        ("Drie Mazak QTN-machines staan in de draaierij.", "process.turning"),
        ("De nieuwe Safan Darley E-Brake zet plaat tot vier meter.", "process.press_braking"),
        ("Two Chin Fong presses run our high-volume jobs.", "process.punching"),
        ("Een Trumpf TruLaser 5030 snijdt ons plaatwerk.", "process.laser_cutting"),
        ("A Haas VF-4 and a Haas ST-20 were added this spring.", "process.turning"),
        # Variants and synonyms.
        ("Gecertificeerd volgens NEN 1090-1.", "cert.en1090"),
        ("Our 2D laser cutter handles sheet up to 25 mm.", "process.laser_cutting"),
        ("Presswork and deep drawn cups in brass.", "process.punching"),
        ("Every batch is checked in our test room before dispatch.", "capacity.measuring_room"),
        ("Around 70 per cent of our work is exported.", "international.export"),
        # A firm's own news, passive or in the third person.
        ("De hercertificering voor ISO 14001 is in juni opnieuw behaald.", "cert.iso14001"),
        ("The company received the renewal of its EN 1090 certificate last week.", "cert.en1090"),
        ("Die Rezertifizierung nach ISO 9001 wurde ohne Abweichungen bestanden.", "cert.iso9001"),
        # A double negation is no negation.
        ("Wij kunnen echt niet meer zonder onze lasrobot.", "process.robot_welding"),
        ("No order leaves the works without a check on the CMM.", "capacity.cmm"),
        ("Ohne unsere Roboterzelle wäre die Nachtschicht nicht denkbar.", "automation.robots"),
    ],
)
def test_claims_in_three_languages_are_found(hits, sentence: str, indicator: str) -> None:
    url = (
        "https://www.example.com/news/2024-item"
        if "renewal" in sentence
        else "https://www.example.de/leistungen"
    )
    if "hercertificering" in sentence or "Rezertifizierung" in sentence:
        url = "https://www.example.nl/nieuws/item"
    assert indicator in {h.indicator_id for h in hits(sentence, url)}


@pytest.mark.parametrize(
    "sentence, indicator",
    [
        # Word senses decided by the language.
        ("Wir stellen Präzisionsteile für die Medizintechnik her.", "product.repair_mro"),
        ("Bei uns dreht sich alles um Termintreue.", "process.turning"),
        ("The order ships within two days of payment.", "market.maritime"),
        ("A food truck served lunch at the open day.", "market.food"),
        ("A food truck served lunch at the open day.", "market.automotive"),
        ("We keep energy prices on our radar.", "tech.sensors_radar"),
        ("We are good at forging long-lasting partnerships.", "process.forging"),
        ("Het nieuwe kantoor is een staaltje vakmanschap.", "material.steel"),
        # Explainers, capability lists and application examples.
        ("Wat is het verschil tussen ISO 9001 en AS9100?", "cert.iso9001"),
        ("How AS9100 differs from ISO 9001 in practice.", "cert.en9100"),
        ("EN 1090 ist eine Norm für tragende Bauteile aus Stahl und Aluminium.", "cert.en1090"),
        ("A fibre laser can cut mild steel, stainless, aluminium and copper.", "material.copper_brass"),
        ("Mit Wasserstrahl lässt sich fast jedes Material schneiden, auch Titan.", "material.titanium"),
        ("Typical applications are found in the food and medical industries.", "market.medical"),
        # Others' certificates, sister companies, neighbours in the chain.
        ("Al onze staalleveranciers zijn ISO 9001-gecertificeerd.", "cert.iso9001"),
        ("Unsere Materiallieferanten sind nach ISO 14001 zertifiziert.", "cert.iso14001"),
        ("Steel is bought only from AS9120 certified stockists.", "cert.en9100"),
        ("Onderdeel van de Jansen Groep: Jansen Offshore • Jansen Rail • Jansen Repair", "market.offshore"),
        ("Onderdeel van de Jansen Groep: Jansen Offshore • Jansen Rail • Jansen Repair", "market.rail"),
        ("We bridge the gap between the foundries and final assembly.", "process.assembly"),
        # Future plans are no current claim.
        ("In the farther future we may add a 5-axis machine.", "process.five_axis"),
        ("Binnenkort starten we met poedercoaten.", "process.surface_treatment"),
        ("Demnächst wollen wir auch Rohre lasern.", "process.laser_cutting"),
        ("Volgend jaar willen we AS9100-gecertificeerd zijn.", "cert.en9100"),
        # Negation, outsourcing and job ads.
        ("Wir sind nicht nach EN 9100 zertifiziert.", "cert.en9100"),
        ("Das Verzinken erfolgt bei einem Partner.", "process.surface_treatment"),
        ("We are hiring: maintenance technician (m/v/x).", "product.repair_mro"),
        ("A customer of ours opens a new plant in Mexico.", "international.foreign_sites"),
    ],
)
def test_what_is_not_a_claim_about_the_firm_is_not_found(hits, sentence: str, indicator: str) -> None:
    assert indicator not in {h.indicator_id for h in hits(sentence)}


def test_dutch_herstellen_is_repair_only_in_dutch(hits) -> None:
    assert "product.repair_mro" in {
        h.indicator_id for h in hits("Wij herstellen defecte pompen.", language="nl")
    }
    assert "product.repair_mro" not in {
        h.indicator_id for h in hits("Wir herstellen Pumpengehäuse aus Guss.", language="de")
    }


def test_a_german_paragraph_on_a_dutch_page_is_read_as_german(hits) -> None:
    text = "Wij zijn een familiebedrijf uit Twente.\nWir fertigen Drehteile und Frästeile aus Edelstahl für unsere Kunden."
    found = {h.indicator_id: h for h in hits(text, language="nl")}
    assert found["process.milling"].lang == "de"
    assert "material.stainless_steel" in found


def test_lemmas_find_inflected_forms(hits) -> None:
    found = {
        h.indicator_id for h in hits("Die Teile werden anschließend gehärtet und vernickelt.", language="de")
    }
    assert {"process.heat_treatment", "process.surface_treatment"} <= found
    assert "process.milling" in {h.indicator_id for h in hits("Alle delen zijn gefreesd.", language="nl")}


def test_every_hit_keeps_sentence_url_language_and_reason(hits) -> None:
    url = "https://www.example.nl/nieuws/iso"
    (hit,) = [
        h for h in hits("De hercertificering voor ISO 14001 is weer behaald.", url) if h.group == "cert"
    ]
    assert hit.sentence.startswith("De hercertificering")
    assert hit.url == url and hit.lang == "nl"
    assert hit.reason == "report on a news page"
    (own,) = hits("Wir sind nach ISO 9001 zertifiziert.", language="de")
    assert own.reason == "first person" and own.lang == "de"


def test_news_page_sentence_not_about_the_firm_is_dropped(hits) -> None:
    url = "https://www.example.com/news/market"
    assert not hits("The defence market in Europe is growing fast.", url)
    named = hits("Jansen Metaal exhibited its TIG welding cell at the fair.", url, names=["Jansen Metaal"])
    assert {h.reason for h in named} == {"firm named on a news page"}


def test_unknown_term_language_is_a_clear_error(tmp_path) -> None:
    from ketenradar.errors import InputError

    bad = tmp_path / "tax.yaml"
    bad.write_text("indicators:\n  process.x:\n    terms: {xx: [foo]}\n", encoding="utf-8")
    with pytest.raises(InputError, match="unknown term language"):
        load_taxonomy(bad)


def test_german_terms_cover_every_group() -> None:
    taxonomy = load_taxonomy()
    groups_with_german = {
        ind.group for ind in taxonomy.indicators.values() if any(lang == "de" for lang, _ in ind.terms_for())
    }
    assert groups_with_german == set(taxonomy.group_names())


def test_glossary_and_generic_statements_are_not_claims(hits) -> None:
    glossary = "https://www.example.co.uk/glossary-of-terms/"
    assert not hits("Turning is a machining process in which the workpiece rotates.", glossary)
    assert not hits("CNC Milling", glossary)
    assert "process.milling" in {h.indicator_id for h in hits("We mill parts up to 2 m long.", glossary)}
    assert not hits("Most machine shops would have CNC lathes and milling machines.")
    assert not hits("Für die Luftfahrt ist eine EN 9100-Zertifizierung häufig erforderlich.")


def test_customers_material_subcontractors_and_unmanned_running(hits) -> None:
    assert "process.casting" not in {
        h.indicator_id for h in hits("Wij verspanen gietwerk van onze klanten tot eindmaat.", language="nl")
    }
    assert not {h.group for h in hits("Our plating subcontractor holds Nadcap approval.", language="en")} & {
        "cert"
    }
    assert "automation.unmanned" in {
        h.indicator_id
        for h in hits("Thanks to pallet pools our machining cells run unmanned at night.", language="en")
    }
    assert "automation.robots" in {
        h.indicator_id for h in hits("Een nieuwe laadrobot bedient de draaibank.", language="nl")
    }
    assert "product.components" in {
        h.indicator_id
        for h in hits("Hydraulic parts for the agricultural sector are our core business.", language="en")
    }


def test_news_calling_the_firm_by_its_short_name_counts() -> None:
    matcher = matcher_for(load_taxonomy())
    section = {
        "url": "https://www.example.nl/nieuws/bericht",
        "title": None,
        "language": "nl",
        "text": "Kramer levert dit jaar voor het eerst frames aan een scheepswerf.",
    }
    found = {h.indicator_id: h for h in matcher.match_sections([section], ["Kramer Precisie B.V."])}
    # The rule's reason first; the learned model (matcher 6) appends its probability.
    assert found["market.maritime"].reason.startswith("firm named on a news page")
    assert not matcher.match_sections(
        [{**section, "text": "De markt voor scheepswerven groeit dit jaar."}], ["Kramer Precisie B.V."]
    )


@pytest.mark.parametrize(
    "sentence, indicator",
    [
        ("Wir planen, konstruieren und fertigen Drehteile aus Edelstahl.", "process.turning"),
        ("Wij willen uw partner zijn voor CNC frezen.", "process.milling"),
        ("As soon as your drawing arrives we start milling.", "process.milling"),
    ],
)
def test_words_that_look_like_plans_are_not_future_cues(hits, sentence: str, indicator: str) -> None:
    assert indicator in {h.indicator_id for h in hits(sentence)}


def test_a_wish_to_become_certified_is_not_a_certificate(hits) -> None:
    found = {
        h.indicator_id
        for h in hits("Naast ISO 9001 willen we in 2028 ook het ISO 14001-certificaat behalen.")
    }
    assert "cert.iso9001" in found and "cert.iso14001" not in found
    assert not hits("Für 2028 planen wir die Zertifizierung nach EN 9100.")
