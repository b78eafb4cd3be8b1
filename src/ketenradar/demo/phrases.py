"""The phrase stock of the demo websites, in Dutch, English and German.

Written for this project from how manufacturers describe themselves on their own sites (studied,
never copied): a one-line claim of what the shop does, lists of processes, a machine park with
brand names and working ranges, certificates named in passing or in a news post, markets named
as "who we work for", and much vague text about quality, flexibility and people.

This module shares nothing with the indicator taxonomy but the indicator ids it is keyed by.
Terms are noun phrases that fit the group templates. `default` leans on the first terms of each
list and the plain templates; `alt` on the last terms and the marketing templates, so the two
styles meet a matcher with partly different words.
"""

from __future__ import annotations


def _t(nl: str, en: str, de: str) -> dict[str, list[str]]:
    return {"nl": nl.split("|"), "en": en.split("|"), "de": de.split("|")}


# Terms per indicator id: "|"-separated noun phrases per language.
TERMS: dict[str, dict[str, list[str]]] = {
    "process.turning": _t("CNC-draaiwerk|draaien op CNC-draaibanken|draaiwerk|langdraaiwerk",
                          "CNC turning|turned parts|turning|sliding-head turning",
                          "CNC-Drehen|Drehteile|Drehbearbeitung|Langdrehen"),
    "process.milling": _t("CNC-freeswerk|frezen|freeswerk op bewerkingscentra|verticaal en horizontaal frezen",
                          "CNC milling|milled parts|milling on machining centres|horizontal milling",
                          "CNC-Fräsen|Fräsbearbeitung|Frästeile|Fräsen auf Bearbeitungszentren"),
    "process.five_axis": _t("5-assig simultaan frezen|vijfassige bewerking|5-assig verspanen|5-zijdige bewerking in één opspanning",
                            "5-axis simultaneous machining|five-axis machining|5-axis milling",
                            "5-Achs-Simultanfräsen|5-Achs-Bearbeitung|Fünfachsbearbeitung"),
    "process.edm": _t("draadvonken|zinkvonken|draad- en zinkvonkwerk|vonkverspanen",
                      "wire EDM|sinker EDM|wire erosion|spark erosion",
                      "Drahterodieren|Senkerodieren|Erodieren"),
    "process.grinding": _t("vlak- en rondslijpen|slijpwerk|rondslijpen|profielslijpen|coördinatenslijpen",
                           "surface and cylindrical grinding|grinding|jig grinding|centreless grinding",
                           "Flach- und Rundschleifen|Schleifen|Koordinatenschleifen"),
    "process.welding_tig": _t("TIG-lassen|TIG laswerk|WIG-lassen|TIG-lassen van dunne plaat",
                              "TIG welding|GTAW|TIG welding of thin sheet",
                              "WIG-Schweißen|WIG-Schweißarbeiten|Wolfram-Inertgas-Schweißen"),
    "process.welding_mig_mag": _t("MIG/MAG-lassen|MAG-lassen|lassen volgens MIG/MAG|MIG-laswerk",
                                  "MIG/MAG welding|MAG welding|MIG welding",
                                  "MIG/MAG-Schweißen|MAG-Schweißen|Schutzgasschweißen"),
    "process.robot_welding": _t("robotlassen|lassen met lasrobots|gerobotiseerd laswerk|robotlascel",
                                "robot welding|robotic welding cells|automated welding",
                                "Roboterschweißen|Schweißroboter|automatisiertes Schweißen"),
    "process.laser_cutting": _t("lasersnijden|plaat lasersnijden|fiberlaser snijden|buislaser snijden",
                                "laser cutting|fibre laser cutting|tube laser cutting",
                                "Laserschneiden|Laserzuschnitt|Rohrlaserschneiden"),
    "process.press_braking": _t("CNC-kanten|zetwerk|kanten op de kantbank|kantwerk",
                                "press brake bending|CNC folding|bending",
                                "Abkanten|CNC-Kanten|Biegen auf der Abkantpresse"),
    "process.punching": _t("ponswerk|CNC-ponsen|ponsen en nibbelen",
                           "punching|CNC punching|punching and nibbling",
                           "Stanzen|CNC-Stanzen|Stanzbearbeitung"),
    "process.surface_treatment": _t("poedercoaten|anodiseren|natlakken|verzinken|oppervlaktebehandeling|straalwerk en coating",
                                    "powder coating|anodising|wet spray painting|surface finishing|galvanising",
                                    "Pulverbeschichtung|Eloxieren|Nasslackierung|Oberflächenveredelung|Verzinken"),
    "process.assembly": _t("assemblage|montage van samenstellingen|mechanische montage|samenbouw|eindassemblage",
                           "assembly|mechanical assembly|box build|final assembly",
                           "Montage|Baugruppenmontage|mechanische Montage|Endmontage"),
    "process.cleanroom_assembly": _t("assemblage in de cleanroom|cleanroommontage|montage onder ISO 7 cleanroomcondities",
                                     "cleanroom assembly|assembly under cleanroom conditions|ISO class 7 cleanroom assembly",
                                     "Reinraummontage|Montage im Reinraum|Reinraumfertigung"),
    "process.electronics_assembly": _t("printplaatassemblage|SMD- en THT-assemblage|PCB-assemblage|elektronicaproductie",
                                       "PCB assembly|SMT and through-hole assembly|electronics manufacturing",
                                       "Leiterplattenbestückung|SMD-Bestückung|Elektronikfertigung"),
    "process.cable_harness": _t("kabelboomproductie|kabelbomen|kabelconfectie|confectie van kabelsets",
                                "cable harness manufacturing|wire harnesses|custom cable sets",
                                "Kabelbaumfertigung|Kabelkonfektion|Kabelbäume"),
    "process.composites": _t("composietproductie|koolstofvezelproducten|vezelversterkte kunststoffen|composiet laminaatwerk",
                             "composite manufacturing|carbon fibre parts|fibre-reinforced plastics",
                             "Faserverbundbauteile|CFK-Fertigung|Faserverbundtechnik"),
    "process.additive_manufacturing": _t("3D-printen in metaal|additieve productie|3D-printen|metaalprinten",
                                         "additive manufacturing|metal 3D printing|3D printing",
                                         "additive Fertigung|3D-Druck|Metall-3D-Druck"),
    "process.casting": _t("gietwerk|zandgietwerk|gietstukken|lichtmetaal gietwerk",
                          "castings|sand casting|die castings",
                          "Gussteile|Sandguss|Kokillenguss"),
    "process.forging": _t("smeedwerk|smeedstukken|matrijssmeedwerk",
                          "forgings|drop forging|open-die forgings",
                          "Schmiedeteile|Gesenkschmieden|Freiformschmieden"),
    "process.steel_construction": _t("staalbouw|staalconstructies|constructiewerk|trappen, bordessen en hekwerk",
                                     "steel construction|structural steelwork|steel structures",
                                     "Stahlbau|Stahlkonstruktionen|Stahlbauarbeiten"),
    "process.heat_treatment": _t("warmtebehandelingen|harden en ontlaten|nitreren|vacuümharden",
                                 "heat treatment|hardening and tempering|nitriding",
                                 "Wärmebehandlung|Härten|Nitrieren"),
    "material.aluminium": _t("aluminium|aluminium legeringen|alu",
                             "aluminium|aluminium alloys|aluminum",
                             "Aluminium|Aluminiumlegierungen"),
    "material.stainless_steel": _t("RVS|roestvast staal|RVS 304 en 316|duplex",
                                   "stainless steel|304 and 316 stainless|duplex stainless",
                                   "Edelstahl|rostfreier Stahl|Edelstahl 1.4301 und 1.4404"),
    "material.steel": _t("staal|constructiestaal|gereedschapsstaal|koolstofstaal",
                         "steel|mild steel|tool steel|structural steel",
                         "Stahl|Baustahl|Werkzeugstahl"),
    "material.titanium": _t("titanium|titaan|titaniumlegeringen",
                            "titanium|titanium alloys|Ti6Al4V",
                            "Titan|Titanlegierungen"),
    "material.plastics": _t("kunststoffen|technische kunststoffen|PEEK, POM en PTFE",
                            "plastics|engineering plastics|PEEK and PTFE",
                            "Kunststoffe|technische Kunststoffe|PEEK und POM"),
    "material.copper_brass": _t("messing|koper|brons en messing",
                                "brass|copper|bronze",
                                "Messing|Kupfer|Bronze"),
    "material.special_alloys": _t("Inconel|nikkellegeringen|Hastelloy en Inconel|exotische legeringen",
                                  "Inconel|nickel-based alloys|superalloys",
                                  "Inconel|Nickelbasislegierungen|Sonderlegierungen"),
    "product.end_products": _t("eigen producten|een eigen productlijn|eigen machines|eigen ontworpen producten",
                               "our own products|our own product line|our own machines",
                               "eigene Produkte|eine eigene Produktlinie|eigene Maschinen"),
    "product.systems_modules": _t("complete modules|kant-en-klare subsystemen|mechatronische modules|complete units, getest en wel",
                                  "complete modules|ready-to-fit subsystems|mechatronic modules",
                                  "komplette Baugruppen|einbaufertige Module|mechatronische Baugruppen"),
    "product.components": _t("onderdelen op tekening|maakdelen|toeleverdelen|losse onderdelen en kleine series",
                             "parts to drawing|build-to-print parts|supplied components",
                             "Teile nach Zeichnung|Einzelteile und Kleinserien|Zulieferteile"),
    "product.semi_finished": _t("halffabricaten|op maat gezaagd materiaal|profielen en buizen op lengte",
                                "semi-finished products|cut-to-length bar and tube",
                                "Halbzeuge|Zuschnitte auf Maß"),
    "product.repair_mro": _t("onderhoud en reparatie|revisie van machines|service en onderhoud|storingsservice",
                             "maintenance and repair|machine overhaul|repair services",
                             "Wartung und Reparatur|Instandhaltung|Maschinenüberholung"),
    "product.engineering_services": _t("engineering|ontwerp en engineering|maakbaarheidsadvies|constructief ontwerp",
                                       "engineering services|design engineering|design-for-manufacture advice",
                                       "Konstruktion und Engineering|Engineering-Dienstleistungen|Fertigungsberatung"),
    "cert.iso9001": _t("ISO 9001|ISO 9001:2015|NEN-EN-ISO 9001:2015", "ISO 9001|ISO 9001:2015", "ISO 9001|DIN EN ISO 9001:2015"),
    "cert.aqap2110": _t("AQAP-2110|AQAP 2110", "AQAP-2110|AQAP 2110", "AQAP-2110|AQAP 2110"),
    "cert.aqap2310": _t("AQAP-2310|AQAP 2310", "AQAP-2310|AQAP 2310", "AQAP-2310|AQAP 2310"),
    "cert.en9100": _t("EN 9100|AS9100|EN/AS 9100", "AS9100|EN 9100|AS9100 rev. D", "EN 9100|EN/AS 9100"),
    "cert.iso3834": _t("ISO 3834-2|ISO 3834", "ISO 3834-2|ISO 3834", "ISO 3834-2|DIN EN ISO 3834"),
    "cert.en1090": _t("EN 1090|EN 1090-2 EXC2|NEN-EN 1090", "EN 1090|EN 1090 EXC2", "EN 1090|EN 1090-2 EXC2"),
    "cert.iso14001": _t("ISO 14001|ISO 14001:2015", "ISO 14001", "ISO 14001|DIN EN ISO 14001"),
    "cert.iso13485": _t("ISO 13485|ISO 13485:2016", "ISO 13485", "ISO 13485"),
    "cert.iso27001": _t("ISO 27001|ISO/IEC 27001:2022", "ISO/IEC 27001|ISO 27001", "ISO 27001|ISO/IEC 27001"),
    "cert.abdo": _t("ABDO|ABDO-beveiligingseisen", "ABDO|the ABDO security regulation", "ABDO"),
    "cert.ipc_a_610": _t("IPC-A-610|IPC-A-610 klasse 3", "IPC-A-610|IPC-A-610 class 3", "IPC-A-610"),
    "cert.vca": _t("VCA|VCA**|VCA-P", "VCA|VCA**", "VCA|SCC"),
    "cert.iso45001": _t("ISO 45001", "ISO 45001", "ISO 45001"),
    "cert.nadcap": _t("Nadcap|Nadcap-accreditatie", "Nadcap|Nadcap accreditation", "Nadcap|Nadcap-Akkreditierung"),
    "market.defence": _t("defensie|de defensie- en veiligheidsindustrie|defensiematerieel|krijgsmacht en veiligheid",
                         "defence|the defence and security industry|military equipment",
                         "Verteidigung|die Wehrtechnik|die Sicherheits- und Verteidigungsindustrie"),
    "market.maritime": _t("de maritieme sector|scheepsbouw|jachtbouw|de maritieme maakindustrie",
                          "the maritime industry|shipbuilding|yacht building",
                          "die maritime Industrie|Schiffbau|Yachtbau"),
    "market.offshore": _t("offshore|offshore wind|de offshore-industrie",
                          "offshore|offshore wind|the offshore industry",
                          "Offshore|Offshore-Wind|die Offshore-Industrie"),
    "market.semicon": _t("de halfgeleiderindustrie|semicon|de chipindustrie|high-tech systeembouwers voor de semicon",
                         "the semiconductor industry|semicon|semiconductor equipment makers",
                         "die Halbleiterindustrie|Halbleiterausrüster"),
    "market.medical": _t("de medische technologie|medische apparatuur|medtech|de zorgtechniek",
                         "medical technology|medical devices|medtech",
                         "die Medizintechnik|Medizingeräte"),
    "market.agro": _t("de agrarische sector|landbouwmachines|agrotechniek|veehouderijtechniek",
                      "agriculture|agricultural machinery|agritech",
                      "die Landtechnik|Landmaschinen|die Agrarwirtschaft"),
    "market.food": _t("de voedingsmiddelenindustrie|food|voedselverwerking|de foodsector",
                      "the food industry|food processing|food and beverage",
                      "die Lebensmittelindustrie|Nahrungsmitteltechnik"),
    "market.automotive": _t("automotive|de auto-industrie|voertuigbouw",
                            "automotive|the car industry|vehicle manufacturing",
                            "Automotive|die Automobilindustrie|Fahrzeugbau"),
    "market.aerospace": _t("lucht- en ruimtevaart|luchtvaart|aerospace|vliegtuigbouw",
                           "aerospace|aviation|aircraft manufacturing",
                           "Luft- und Raumfahrt|Luftfahrt|Flugzeugbau"),
    "market.energy": _t("de energiesector|energie|de energietransitie|netbeheer en energie-opwekking",
                        "the energy sector|energy|power generation",
                        "die Energiebranche|Energietechnik|Energieerzeugung"),
    "market.rail": _t("railinfra|het spoor|spoorwegmaterieel|de railsector",
                      "rail|railway rolling stock|the rail industry",
                      "Bahntechnik|Schienenfahrzeuge|die Bahnindustrie"),
    "tech.sensors_radar": _t("radarsystemen|sensortechnologie|radar- en sensorsystemen",
                             "radar systems|sensor technology|radar and sensor systems",
                             "Radarsysteme|Sensortechnik"),
    "tech.intelligent_systems": _t("AI en machine learning|autonome systemen|slimme systemen met AI",
                                   "AI and machine learning|autonomous systems|intelligent systems",
                                   "KI und maschinelles Lernen|autonome Systeme"),
    "tech.smart_materials": _t("slimme materialen|functionele materialen|smart materials",
                               "smart materials|functional materials",
                               "intelligente Werkstoffe|Funktionswerkstoffe"),
    "tech.space": _t("ruimtevaarttechnologie|satellietcomponenten|space-toepassingen",
                     "space technology|satellite components|space hardware",
                     "Raumfahrttechnik|Satellitenkomponenten"),
    "tech.quantum": _t("quantumtechnologie|cryogene systemen voor quantumcomputers",
                       "quantum technology|cryogenic systems for quantum computing",
                       "Quantentechnologie|Kryotechnik für Quantencomputer"),
    "tech.maritime": _t("onderwatersystemen|maritieme systeemtechniek|onderwatertechnologie",
                        "underwater systems|naval systems engineering|subsea technology",
                        "Unterwassersysteme|maritime Systemtechnik"),
    "capacity.engineering": _t("een eigen engineeringafdeling|eigen tekenaars-constructeurs|een team van engineers|in-house engineering",
                               "an in-house engineering team|our own design engineers|in-house engineering",
                               "eine eigene Konstruktionsabteilung|eigene Konstrukteure"),
    "capacity.rnd": _t("onderzoek en ontwikkeling|R&D|een eigen ontwikkelafdeling|productontwikkeling",
                       "research and development|R&D|a development department",
                       "Forschung und Entwicklung|F&E|eine Entwicklungsabteilung"),
    "capacity.measuring_room": _t("een geconditioneerde meetkamer|een klimaatgestuurde meetruimte|een meetkamer op 20 °C",
                                  "a climate-controlled measuring room|a temperature-controlled inspection room",
                                  "einen klimatisierten Messraum|einen Messraum bei 20 °C"),
    "capacity.cmm": _t("een 3D-meetmachine|een CMM-meetmachine|een coördinatenmeetmachine",
                       "a CMM|a coordinate measuring machine|a 3D measuring machine",
                       "eine 3D-Koordinatenmessmaschine|eine Koordinatenmessmaschine"),
    "automation.robots": _t("robotbelading|een robotcel|cobots aan de machines|robotisering",
                            "robot loading|a robot cell|cobots at the machines",
                            "Roboterbeladung|eine Roboterzelle|Automatisierung mit Robotern"),
    "automation.unmanned": _t("onbemand doorproduceren|mannarme productie|onbemande nachtdiensten",
                              "lights-out production|unmanned night shifts",
                              "mannlose Fertigung|Geisterschichten"),
    "automation.erp_mes": _t("een ERP-pakket|een MES|digitale orderplanning met ERP",
                             "an ERP system|an MES|ERP-based planning",
                             "ein ERP-System|ein MES|ERP-gestützte Planung"),
    "international.export": _t("export|levering aan klanten in heel Europa|export naar Duitsland en Scandinavië",
                               "export|deliveries across Europe|exports to Germany and Scandinavia",
                               "Export|Lieferungen in ganz Europa|Export nach Skandinavien"),
    "international.foreign_sites": _t("een vestiging in Polen|een productielocatie in Slowakije|een zusterbedrijf in Duitsland",
                                      "a plant in Poland|a production site in Slovakia|a sister company in Germany",
                                      "ein Werk in Polen|einen Standort in der Slowakei"),
}  # fmt: skip

# Group templates. {t}/{T}: a term (lower/capitalised); {t2}: a second term; {list}: several.
GROUP_TEMPLATES: dict[str, dict[str, dict[str, list[str]]]] = {
    "process": {
        "default": {
            "nl": [
                "Onze werkplaats is ingericht op {t}.",
                "{T} en {t2} doen wij volledig in eigen huis.",
                "Wij verzorgen {t} voor enkelstuks, prototypes en kleine series.",
                "Een groot deel van ons werk bestaat uit {t}.",
                "Naast {t} bieden wij ook {t2}.",
                "Bewerkingen: {list}.",
            ],
            "en": [
                "Our workshop is set up for {t}.",
                "{T} and {t2} are done entirely in-house.",
                "We offer {t} for one-offs, prototypes and small batches.",
                "Capabilities: {list}.",
            ],
            "de": [
                "Unsere Fertigung ist auf {t} ausgerichtet.",
                "{T} und {t2} erledigen wir komplett im eigenen Haus.",
                "Leistungen: {list}.",
            ],
        },
        "alt": {
            "nl": [
                "{T}? Daar zijn wij goed in.",
                "Van {t} tot {t2}: één aanspreekpunt, alles onder één dak.",
                "Onze vakmensen draaien hun hand niet om voor {t}.",
                "Kies voor {t} met korte levertijden.",
                "Wat wij doen: {list}.",
                "Ook voor {t} bent u bij ons op het goede adres.",
            ],
            "en": [
                "{T}? That is what we are good at.",
                "From {t} to {t2}: one contact, everything under one roof.",
                "What we do: {list}.",
            ],
            "de": [
                "{T}? Das können wir.",
                "Von {t} bis {t2}: alles aus einer Hand.",
                "Was wir machen: {list}.",
            ],
        },
    },
    "material": {
        "default": {
            "nl": [
                "Wij verwerken onder meer {t} en {t2}.",
                "Materialen: {list}.",
                "Wij hebben veel ervaring met {t}.",
            ],
            "en": ["We work with {t} and {t2}.", "Materials: {list}."],
            "de": ["Wir verarbeiten unter anderem {t} und {t2}.", "Werkstoffe: {list}."],
        },
        "alt": {
            "nl": ["Welke materialen? Denk aan {list}.", "Ook {t} is voor ons dagelijkse kost."],
            "en": ["Which materials? Think of {list}.", "{T} is everyday work for us."],
            "de": ["Welche Werkstoffe? Zum Beispiel {list}."],
        },
    },
    "cert": {
        "default": {
            "nl": [
                "Ons kwaliteitssysteem is gecertificeerd volgens {t}.",
                "{name} is gecertificeerd voor {t}.",
                "Wij zijn in het bezit van een geldig {t}-certificaat.",
                "Certificeringen: {list}.",
            ],
            "en": [
                "Our quality system is certified to {t}.",
                "{name} holds {t} certification.",
                "Certifications: {list}.",
            ],
            "de": ["Unser Qualitätsmanagement ist nach {t} zertifiziert.", "Zertifizierungen: {list}."],
        },
        "alt": {
            "nl": [
                "Kwaliteit is bij ons geborgd via {t}.",
                "Wij werken volgens {t} en laten dat jaarlijks toetsen.",
                "Certificaten: {list}.",
            ],
            "en": ["Quality is assured through {t}.", "Certificates: {list}."],
            "de": ["Qualität sichern wir über {t}.", "Zertifikate: {list}."],
        },
    },
    "market": {
        "default": {
            "nl": [
                "Onze opdrachtgevers komen uit {t} en {t2}.",
                "Wij leveren aan bedrijven in {t}.",
                "Markten: {list}.",
                "Een belangrijk deel van ons werk is bestemd voor {t}.",
            ],
            "en": [
                "Our customers come from {t} and {t2}.",
                "We supply companies in {t}.",
                "Markets: {list}.",
            ],
            "de": ["Unsere Kunden kommen aus {t} und {t2}.", "Branchen: {list}."],
        },
        "alt": {
            "nl": [
                "Voor wie werken wij? Onder meer voor {list}.",
                "Wij zijn thuis in {t}.",
                "Actief in {t}.",
            ],
            "en": ["Who do we work for? Among others {list}.", "We are at home in {t}."],
            "de": ["Für wen wir arbeiten: {list}.", "Wir sind zu Hause in {t}."],
        },
    },
}

# Sentences per id for groups that read poorly in a generic slot. Even index: default style,
# odd index: alt style.
SENTENCES: dict[str, dict[str, list[str]]] = {
    "product.end_products": {
        "nl": ["Naast maakwerk voor derden ontwikkelen wij {t}.", "Onder eigen naam verkopen wij {t}.",
               "Wij ontwerpen en bouwen {t} voor eindgebruikers.", "Trots op {t}: bedacht en gebouwd in {place}."],
        "en": ["Besides contract work we develop {t}.", "We sell {t} under our own name."],
        "de": ["Neben der Lohnfertigung entwickeln wir {t}.", "Unter eigenem Namen verkaufen wir {t}."]},
    "product.systems_modules": {
        "nl": ["Wij leveren {t}, inclusief testrapport.", "Steeds meer klanten besteden {t} aan ons uit.",
               "Onze kracht: {t}, klaar voor inbouw bij de klant.", "U krijgt van ons {t}, niet alleen losse delen."],
        "en": ["We deliver {t}, including test report.", "More and more customers outsource {t} to us."],
        "de": ["Wir liefern {t} inklusive Prüfprotokoll.", "Immer mehr Kunden vergeben {t} an uns."]},
    "product.components": {
        "nl": ["Wij maken {t} voor machinebouwers en OEM's.", "Als toeleverancier produceren wij {t}.",
               "U levert de tekening, wij leveren {t}.", "Dagelijks verlaten {t} onze werkplaats."],
        "en": ["We make {t} for machine builders and OEMs.", "You send the drawing, we deliver {t}."],
        "de": ["Wir fertigen {t} für Maschinenbauer.", "Sie liefern die Zeichnung, wir liefern {t}."]},
    "product.semi_finished": {
        "nl": ["Daarnaast leveren wij {t}.", "Uit voorraad leverbaar: {t}."],
        "en": ["We also supply {t}.", "Available from stock: {t}."],
        "de": ["Außerdem liefern wir {t}.", "Ab Lager lieferbar: {t}."]},
    "product.repair_mro": {
        "nl": ["Voor {t} kunt u ook bij ons terecht.", "Onze servicemonteurs verzorgen {t} op locatie.",
               "Wij bieden {t}, ook voor oudere installaties.", "Stilstand? Bel onze dienst voor {t}."],
        "en": ["We also offer {t}.", "Our service engineers provide {t} on site."],
        "de": ["Auch für {t} sind wir Ihr Partner.", "Unsere Servicetechniker übernehmen {t} vor Ort."]},
    "product.engineering_services": {
        "nl": ["Wij bieden ook {t}, los van de productie.", "Met {t} helpen wij u van schets naar maakbaar product.",
               "Vroeg in het project denken wij mee via {t}.", "Voor {t} kunt u ons al in de ontwerpfase inschakelen."],
        "en": ["We also offer {t}, separate from production.", "With {t} we take you from sketch to product."],
        "de": ["Wir bieten auch {t} an.", "Mit {t} begleiten wir Sie von der Skizze zum Produkt."]},
    "capacity.engineering": {
        "nl": ["Wij hebben {t} die met 3D-CAD werkt.", "Dankzij {t} kunnen wij snel schakelen.",
               "{T} bereidt elke order technisch voor.", "Met {t} denken wij mee over maakbaarheid."],
        "en": ["We have {t} working in 3D CAD.", "Thanks to {t} we can respond quickly."],
        "de": ["Wir haben {t}, die mit 3D-CAD arbeitet.", "Dank {t} reagieren wir schnell."]},
    "capacity.rnd": {
        "nl": ["Wij investeren elk jaar in {t}.", "Via {t} werken wij samen met hogescholen en TNO.",
               "Een deel van de omzet gaat naar {t}.", "Onze afdeling voor {t} test nieuwe concepten."],
        "en": ["We invest in {t} every year.", "A share of turnover goes into {t}."],
        "de": ["Wir investieren jedes Jahr in {t}.", "Ein Teil des Umsatzes fließt in {t}."]},
    "capacity.measuring_room": {
        "nl": ["Kritische maten controleren wij in {t}.", "Sinds kort beschikken wij over {t}.",
               "In {t} meten wij eerste producten volledig in."],
        "en": ["Critical dimensions are checked in {t}.", "We recently added {t}."],
        "de": ["Kritische Maße prüfen wir in {t}.", "Seit kurzem haben wir {t}."]},
    "capacity.cmm": {
        "nl": ["Wij controleren onze producten met {t}.", "Op verzoek leveren wij een meetrapport van {t}.",
               "Eerste-artikelinspecties voeren wij uit op {t}."],
        "en": ["Parts are inspected on {t}.", "On request we supply a report from {t}."],
        "de": ["Wir prüfen unsere Teile auf {t}.", "Auf Wunsch liefern wir ein Messprotokoll von {t}."]},
    "automation.robots": {
        "nl": ["Wij investeren in {t}.", "Dankzij {t} zijn ook kleine series rendabel.",
               "Repeterend werk gaat naar {t}.", "Sinds vorig jaar werken wij met {t}."],
        "en": ["We invest in {t}.", "Thanks to {t} even small batches pay off."],
        "de": ["Wir investieren in {t}.", "Dank {t} rechnen sich auch Kleinserien."]},
    "automation.unmanned": {
        "nl": ["Met palletsystemen is {t} bij ons gewoon.", "Door {t} houden wij levertijden kort."],
        "en": ["With pallet systems, {t} is normal for us.", "Thanks to {t} lead times stay short."],
        "de": ["Mit Palettensystemen ist {t} bei uns normal.", "Durch {t} bleiben Lieferzeiten kurz."]},
    "automation.erp_mes": {
        "nl": ["Orders plannen wij met {t}.", "Met {t} is elke order traceerbaar."],
        "en": ["Orders are planned in {t}.", "With {t} every order is traceable."],
        "de": ["Aufträge planen wir mit {t}.", "Mit {t} ist jeder Auftrag rückverfolgbar."]},
    "international.export": {
        "nl": ["Een groot deel van de omzet komt uit {t}.", "{T} wordt voor ons steeds belangrijker."],
        "en": ["A large part of turnover comes from {t}.", "{T} matters more and more to us."],
        "de": ["Ein großer Teil des Umsatzes entfällt auf {t}.", "{T} wird für uns immer wichtiger."]},
    "international.foreign_sites": {
        "nl": ["Naast de locatie in Nederland hebben wij {t}.", "Voor grotere series gebruiken wij {t}."],
        "en": ["Besides our Dutch site we run {t}.", "For larger series we use {t}."],
        "de": ["Neben dem Standort in den Niederlanden haben wir {t}.", "Für größere Serien nutzen wir {t}."]},
    "tech.sensors_radar": {
        "nl": ["Wij leveren precisiewerk voor {t}.", "Een groeiend deel van ons werk is voor {t}."],
        "en": ["We deliver precision work for {t}.", "A growing share of our work is for {t}."],
        "de": ["Wir fertigen Präzisionsteile für {t}.", "Ein wachsender Teil unserer Arbeit ist für {t}."]},
    "tech.intelligent_systems": {
        "nl": ["Wij werken aan {t}.", "In projecten passen wij {t} toe."],
        "en": ["We work on {t}.", "In projects we apply {t}."],
        "de": ["Wir arbeiten an {t}.", "In Projekten setzen wir {t} ein."]},
    "tech.smart_materials": {
        "nl": ["Wij werken met {t}.", "Toepassing van {t} is een speerpunt."],
        "en": ["We work with {t}.", "Applying {t} is a focus area."],
        "de": ["Wir arbeiten mit {t}.", "Der Einsatz von {t} ist ein Schwerpunkt."]},
    "tech.space": {
        "nl": ["Wij zijn actief in {t}.", "Een nieuw werkveld voor ons: {t}."],
        "en": ["We are active in {t}.", "A new field for us: {t}."],
        "de": ["Wir sind in der {t} aktiv.", "Ein neues Feld für uns: {t}."]},
    "tech.quantum": {
        "nl": ["Wij werken mee aan {t}.", "Nieuw voor ons: {t}."],
        "en": ["We contribute to {t}.", "New for us: {t}."],
        "de": ["Wir arbeiten mit an {t}.", "Neu für uns: {t}."]},
    "tech.maritime": {
        "nl": ["Wij hebben ervaring met {t}.", "Onze specialiteit: {t}."],
        "en": ["We have experience with {t}.", "Our speciality: {t}."],
        "de": ["Wir haben Erfahrung mit {t}.", "Unsere Spezialität: {t}."]},
}  # fmt: skip

# Machine park rows: (brand and type, working range). Listed under the process they serve.
MACHINES: dict[str, list[tuple[str, str]]] = {
    "process.turning": [("Mazak Quick Turn 250MSY", "Ø 300 x 600 mm"), ("Okuma LB3000 EX II", "Ø 410 x 500 mm"),
                        ("Citizen L32", "Ø 32 mm staf / bar"), ("Doosan Puma 2600SY", "Ø 350 x 750 mm")],
    "process.milling": [("Haas VF-2SS", "760 x 410 x 510 mm"), ("DMG MORI DMC 1035 V", "1035 x 560 x 510 mm"),
                        ("Hurco VMX 42i", "1067 x 610 x 610 mm"), ("Okuma MB-4000H", "560 x 560 x 625 mm")],
    "process.five_axis": [("Hermle C 400", "850 x 700 x 500 mm"), ("DMG MORI DMU 50 3rd Gen.", "650 x 520 x 475 mm"),
                          ("Matsuura MAM72-35V", "Ø 350 mm")],
    "process.edm": [("GF AgieCharmilles CUT P 550", "550 x 350 x 250 mm"), ("Sodick AQ537L", "500 x 350 x 300 mm")],
    "process.grinding": [("Studer S31", "Ø 350 x 1000 mm"), ("Jones & Shipman 1400", "600 x 200 mm")],
    "process.laser_cutting": [("Trumpf TruLaser 3030 fiber", "3000 x 1500 mm, 6 kW"),
                              ("Bystronic ByStar Fiber 3015", "3000 x 1500 mm, 10 kW"), ("Amada LCG 3015 AJ", "3000 x 1500 mm")],
    "process.press_braking": [("Safan Darley E-Brake 135-3100", "135 t, 3100 mm"), ("Trumpf TruBend 5170", "170 t, 3230 mm"),
                              ("Amada HFE3 100-3", "100 t, 3000 mm")],
    "process.punching": [("Trumpf TruPunch 2000", "2500 x 1250 mm")],
    "process.robot_welding": [("Valk Welding Panasonic TL-1800", "2-station positioner"), ("Cloos QIROX", "10 m track")],
    "capacity.cmm": [("Zeiss Contura G2", "700 x 1000 x 600 mm"), ("Mitutoyo Crysta-Apex S 9106", "900 x 1000 x 600 mm"),
                     ("Wenzel LH 65", "650 x 1000 x 600 mm")],
}  # fmt: skip
MACHINE_TABLE_HEADERS = {
    "nl": ("Machine", "Bereik", "Aantal"),
    "en": ("Machine", "Working range", "Qty"),
    "de": ("Maschine", "Arbeitsbereich", "Anzahl"),
}

# News posts that *state* one indicator (the {t} of an id the firm states).
NEWS_STATED = {
    "cert": {
        "nl": [("{T} behaald", "Na een intensieve voorbereiding heeft de auditor ons deze maand het {t}-certificaat toegekend."),
               ("Hercertificering geslaagd", "Ook dit jaar is onze certificering volgens {t} zonder tekortkomingen verlengd.")],
        "en": [("{T} achieved", "After months of preparation the auditor awarded us {t} certification this month.")],
        "de": [("{T} erreicht", "Nach intensiver Vorbereitung wurden wir in diesem Monat nach {t} zertifiziert.")],
    },
    "process": {
        "nl": [("Nieuwe machine in de hal", "Deze week is onze nieuwe machine voor {t} geplaatst. Zo vergroten wij de capaciteit."),
               ("Investering", "Met een nieuwe installatie breiden wij onze mogelijkheden voor {t} verder uit.")],
        "en": [("New machine installed", "This week our new machine for {t} arrived, adding capacity.")],
        "de": [("Neue Maschine", "Diese Woche wurde unsere neue Anlage für {t} aufgestellt.")],
    },
}  # fmt: skip

# Traps: sentences that name indicator terms without stating them about the firm.
NEGATIONS = {
    "nl": ["Wij doen zelf geen {t}.", "{T} besteden wij uit.", "Let op: {t} hoort niet bij ons aanbod."],
    "en": ["We do not do {t} ourselves.", "{T} is not part of what we offer."],
    "de": ["{T} bieten wir nicht an.", "{T} vergeben wir an Partner."],
}
NEGATIONS_ALT = {
    "nl": [
        "Voor {t} verwijzen wij u graag door.",
        "{T} valt buiten ons werkterrein.",
        "Geen {t}, wel al het andere.",
    ],
    "en": ["For {t} we gladly refer you to others.", "{T} is outside our scope."],
    "de": ["Für {t} empfehlen wir gerne Kollegen.", "{T} gehört nicht zu unserem Programm."],
}
CUSTOMER_LINES = {
    "nl": [
        "Onze klanten leveren zelf weer aan {m1} en {m2}.",
        "Veel van onze opdrachtgevers zijn toeleveranciers van {m1}.",
        "Onze producten komen terecht bij machinebouwers, die op hun beurt leveren aan {m1}.",
    ],
    "en": ["Our customers in turn supply {m1} and {m2}.", "Many of our clients are suppliers to {m1}."],
    "de": [
        "Unsere Kunden beliefern ihrerseits {m1} und {m2}.",
        "Viele Auftraggeber sind Zulieferer für {m1}.",
    ],
}
PARTNER_LINES = {
    "nl": [
        "Voor {t} werken wij samen met {partner}.",
        "{T} laten wij verzorgen door onze partner {partner}.",
    ],
    "en": ["For {t} we work with {partner}.", "{T} is handled by our partner {partner}."],
    "de": ["Für {t} arbeiten wir mit {partner} zusammen.", "{T} übernimmt unser Partner {partner}."],
}
NEWS_ITEMS = {
    "nl": [
        ("Nieuwe collega's", "Deze maand verwelkomen wij twee nieuwe collega's in de werkplaats."),
        ("Open huis", "Op zaterdag houden wij open huis. Kom gerust kijken hoe wij werken."),
        ("Beurs", "Wij staan dit jaar weer op de vakbeurs in Utrecht. U bent van harte welkom op onze stand."),
        ("Zonnepanelen", "Op het dak van onze hal liggen nu ruim 500 zonnepanelen."),
        ("Jubileum", "Onze collega viert dit jaar zijn 25-jarig jubileum. Gefeliciteerd!"),
        ("Leerlingen gezocht", "Wij hebben weer plaats voor BBL-leerlingen. Interesse? Neem contact op."),
        ("Bezoek branchevereniging", "Een delegatie van de branchevereniging sprak bij ons over kansen in de "
         "defensie-industrie en de lucht- en ruimtevaart voor het mkb."),
        ("Bedrijfsuitje", "Het jaarlijkse uitje ging dit keer naar de Veluwe."),
    ],
    "en": [
        ("New colleagues", "This month we welcome two new colleagues on the shop floor."),
        ("Trade fair", "Visit us at the trade fair in Utrecht this year."),
        ("Solar panels", "More than 500 solar panels now cover the roof of our hall."),
    ],
    "de": [
        ("Neue Kollegen", "In diesem Monat begrüßen wir zwei neue Kollegen in der Fertigung."),
        ("Messe", "Besuchen Sie uns dieses Jahr auf der Fachmesse in Utrecht."),
    ],
}  # fmt: skip

FILLER = {
    "default": {
        "nl": [
            "{name} is opgericht in {year} en is uitgegroeid tot een vaste waarde in de regio.",
            "Als familiebedrijf werken wij met korte lijnen en een persoonlijke aanpak.",
            "Onze mensen hebben samen vele jaren ervaring in het vak.",
            "Wij denken graag mee, van het eerste idee tot de levering.",
            "Het bedrijf is gevestigd op het bedrijventerrein van {place}.",
            "Wij leiden zelf vakmensen op en investeren in hun ontwikkeling.",
            "Met circa {employees} medewerkers zijn wij flexibel en slagvaardig.",
            "Afspraak is afspraak: levertrouw staat bij ons voorop.",
            "Elke order krijgt dezelfde aandacht, groot of klein.",
            "In {year2} zijn wij verhuisd naar een ruimer pand.",
            "Vraag vrijblijvend een offerte aan; u hoort snel van ons.",
            "Onze werkvoorbereiding zorgt dat orders soepel door de werkplaats gaan.",
        ],
        "en": [
            "{name} was founded in {year} and has become a fixture in the region.",
            "As a family business we keep lines short and work personally.",
            "With around {employees} employees we are flexible and quick to act.",
            "We are located on the business park in {place}, the Netherlands.",
            "Ask us for a quotation; you will hear from us soon.",
        ],
        "de": [
            "{name} wurde {year} gegründet und ist ein zuverlässiger Partner für die Industrie.",
            "Als Familienunternehmen setzen wir auf kurze Wege und persönlichen Kontakt.",
            "Mit rund {employees} Mitarbeitern sind wir flexibel und schnell.",
            "Unser Betrieb liegt im Gewerbegebiet von {place}, Niederlande.",
            "Fragen Sie unverbindlich ein Angebot an.",
        ],
    },
    "alt": {
        "nl": [
            "Al sinds {year} het vertrouwde adres in {place} en omgeving.",
            "Kwaliteit, flexibiliteit en betrouwbaarheid: daar staan wij voor.",
            "Onze mensen maken het verschil.",
            "Geen nee, maar hoe wél.",
            "No-nonsense, eerlijk en recht door zee.",
            "Van enkelstuk tot serie, van eenvoudig tot complex.",
            "De koffie staat klaar: kom gerust eens langs.",
            "Ons team telt zo'n {employees} gedreven collega's.",
            "Samen met u zoeken wij naar de beste oplossing.",
            "In {year2} nam de volgende generatie het stokje over.",
            "Uitdagend werk? Daar worden wij blij van.",
        ],
        "en": [
            "Your trusted partner in {place} since {year}.",
            "Quality, flexibility and reliability: that is what we stand for.",
            "Our people make the difference.",
            "Our team counts some {employees} driven colleagues.",
        ],
        "de": [
            "Seit {year} Ihr verlässlicher Partner aus {place}.",
            "Qualität, Flexibilität und Zuverlässigkeit: dafür stehen wir.",
            "Unsere Mitarbeiter machen den Unterschied.",
        ],
    },
}

# Vague marketing lines for sites that say little: they claim quality, precision and service
# without naming a process, certificate or market.
VAGUE = {
    "nl": [
        "Wij leveren hoogwaardige oplossingen voor veeleisende klanten.",
        "Precisie, betrouwbaarheid en innovatie staan bij ons centraal.",
        "Uw partner in de maakindustrie.",
        "Wij maken het, u plukt de vruchten.",
        "Maatwerk is ons uitgangspunt.",
        "Met passie voor techniek werken wij aan uw project.",
        "Totaaloplossingen met oog voor detail.",
        "Wij ontzorgen u van begin tot eind.",
    ],
    "en": [
        "High-quality solutions for demanding customers.",
        "Precision, reliability and innovation are at our core.",
        "Your partner in manufacturing.",
        "Tailor-made is our starting point.",
    ],
    "de": [
        "Hochwertige Lösungen für anspruchsvolle Kunden.",
        "Präzision, Zuverlässigkeit und Innovation.",
        "Ihr Partner in der Fertigung.",
    ],
}

JS_SHELL = (
    '<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8"><title></title>'
    '<meta name="viewport" content="width=device-width,initial-scale=1">'
    '<link rel="stylesheet" href="/static/css/app.{h}.css"></head><body>'
    "<noscript>You need to enable JavaScript to run this app.</noscript>"
    '<div id="root"></div><script src="/static/js/main.{h}.js"></script></body></html>'
)

PARKED = (
    "<!DOCTYPE html><html><head><meta charset='utf-8'><title>{domain} is te koop</title></head>"
    "<body style='font-family:sans-serif;text-align:center'><h1>{domain}</h1>"
    "<p>Dit domein is mogelijk te koop. Neem contact op met de eigenaar via ons domeinplatform.</p>"
    "<p>This domain may be for sale. Make an offer via our domain marketplace.</p>"
    "<p><a href='/gerelateerd?q=zoeken'>Gerelateerde zoekopdrachten</a> · <a href='/gerelateerd?q=nieuws'>Nieuws</a> · "
    "<a href='/gerelateerd?q=kopen'>Kopen</a></p><p style='font-size:small'>Geparkeerd door DomeinParkeer.example</p>"
    "</body></html>"
)

# Opening lines per archetype. They say what kind of shop it is without naming an indicator term.
INTROS: dict[str, dict[str, list[str]]] = {
    "precision": {
        "nl": ["{name} is een toeleverancier van verspaande producten uit {place}.",
               "Nauwkeurig werk, op tijd geleverd: dat is {name}.",
               "Sinds {year} maakt {name} metalen en kunststof onderdelen voor de industrie.",
               "Wij zijn een allround verspaningsbedrijf met een breed inzetbaar machinepark."],
        "en": ["{name} is a contract machining company based in {place}.", "Accurate work, delivered on time: that is {name}."],
        "de": ["{name} ist ein Zulieferer für Zerspanungsteile aus {place}.", "Präzise Arbeit, pünktlich geliefert."]},
    "sheet_metal": {
        "nl": ["{name} is uw partner voor plaatwerk, van enkel stuk tot serie.",
               "Van plaat tot eindproduct: {name} regelt het.", "Sinds {year} verwerkt {name} plaatmateriaal voor de industrie.",
               "Wij zijn een plaatwerkerij met alle stappen onder één dak."],
        "en": ["{name} is your sheet metal partner, from single parts to series."],
        "de": ["{name} ist Ihr Partner für Blechbearbeitung, vom Einzelteil bis zur Serie."]},
    "welding": {
        "nl": ["{name} is een metaalbedrijf met een sterke naam in laswerk en constructie.",
               "Sinds {year} is {name} een vertrouwde naam in de metaalbouw.", "Sterk in metaal, sterk in service."],
        "en": ["{name} is a metalworking company known for fabrication."],
        "de": ["{name} ist ein Metallbaubetrieb mit gutem Ruf."]},
    "machine_builder": {
        "nl": ["{name} is een machinebouwer uit {place}.", "Van idee tot draaiende machine: {name} neemt het hele traject op zich.",
               "Sinds {year} ontwikkelt {name} machines en installaties voor de industrie."],
        "en": ["{name} designs and builds special-purpose machinery."],
        "de": ["{name} entwickelt und baut Sondermaschinen."]},
    "electronics": {
        "nl": ["{name} maakt elektronica voor professionele toepassingen.", "Sinds {year} produceert {name} elektronica op maat.",
               "Betrouwbare elektronica, gemaakt in Nederland."],
        "en": ["{name} makes electronics for professional applications."],
        "de": ["{name} fertigt Elektronik für professionelle Anwendungen."]},
    "surface": {
        "nl": ["{name} geeft metalen producten de afwerking die ze verdienen.", "Sinds {year} specialist in de afwerking van metaal."],
        "en": ["{name} gives metal products the finish they deserve."],
        "de": ["{name} gibt Metallteilen das richtige Finish."]},
    "casting_forging": {
        "nl": ["{name} geeft al generaties metaal vorm.", "Sinds {year} een vaste waarde voor de industrie."],
        "en": ["{name} has shaped metal for generations."],
        "de": ["{name} bringt seit Generationen Metall in Form."]},
    "composites": {
        "nl": ["{name} maakt lichte en sterke producten voor technische toepassingen.", "Licht, sterk en duurzaam."],
        "en": ["{name} makes light and strong products for technical uses."],
        "de": ["{name} fertigt leichte und feste Bauteile."]},
    "repair": {
        "nl": ["{name} houdt uw productie draaiende.", "Stilstand kost geld; wij helpen u snel verder."],
        "en": ["{name} keeps your production running."],
        "de": ["{name} hält Ihre Produktion am Laufen."]},
    "vehicle": {
        "nl": ["{name} bouwt voertuigen en opbouwen op maat.", "Elke opbouw is maatwerk."],
        "en": ["{name} builds custom vehicles and bodies."],
        "de": ["{name} baut Fahrzeuge und Aufbauten nach Maß."]},
    "shipbuilding": {
        "nl": ["{name} is een werf aan het water in {place}.", "Op onze werf komen techniek en traditie samen."],
        "en": ["{name} is a yard on the water in {place}."],
        "de": ["{name} ist eine Werft in {place}."]},
    "installation": {
        "nl": ["{name} is uw partner voor technische installaties in de industrie.", "Van aanleg tot oplevering."],
        "en": ["{name} is your partner for industrial installations."],
        "de": ["{name} ist Ihr Partner für industrielle Anlagen."]},
}  # fmt: skip

GENERIC_INTROS = {
    "nl": ["{name} is een technisch productiebedrijf uit {place}.", "Welkom bij {name}.",
           "Sinds {year} een begrip in de regionale maakindustrie."],
    "en": ["{name} is a manufacturing company based in {place}.", "Welcome to {name}."],
    "de": ["{name} ist ein Fertigungsbetrieb aus {place}.", "Willkommen bei {name}."],
}  # fmt: skip
# An archetype's intro is only used when the firm states what the intro implies.
INTRO_NEEDS = {
    "machine_builder": ["product.end_products"],
    "vehicle": ["product.end_products"],
    "shipbuilding": ["product.end_products", "market.maritime"],
    "repair": ["product.repair_mro"],
    "installation": ["product.repair_mro", "process.assembly"],
    "surface": ["process.surface_treatment"],
    "welding": ["process.welding_mig_mag|process.welding_tig"],
    "composites": ["process.composites"],
    "electronics": ["process.electronics_assembly"],
    "casting_forging": ["process.casting|process.forging"],
}

# Extra detail sentences for some features (they state the feature too, with its term in them).
DETAILS: dict[str, dict[str, list[str]]] = {
    "process.turning": {"nl": ["Ons draaiwerk gaat tot Ø {d} mm en {l} mm lengte."],
                        "en": ["Our turning capacity runs to Ø {d} mm and {l} mm length."],
                        "de": ["Beim Drehen bearbeiten wir bis Ø {d} mm und {l} mm Länge."]},
    "process.milling": {"nl": ["Ons freeswerk gaat tot {l} x {d} x {w} mm."],
                        "en": ["Our milling range is {l} x {d} x {w} mm."],
                        "de": ["Beim Fräsen reicht unser Bereich bis {l} x {d} x {w} mm."]},
    "process.laser_cutting": {"nl": ["Bij het lasersnijden verwerken wij plaat tot {t} mm."],
                              "en": ["For laser cutting we handle sheet up to {t} mm."],
                              "de": ["Beim Laserschneiden bearbeiten wir Blech bis {t} mm."]},
    "process.press_braking": {"nl": ["Ons zetwerk gaat tot {l} mm lang en {p} ton."],
                              "en": ["Our press brake bending runs to {l} mm and {p} tonnes."],
                              "de": ["Beim Abkanten schaffen wir {l} mm Länge und {p} t."]},
}  # fmt: skip

SECTION_HEADINGS = {
    "default": {
        "nl": {"process": "Bewerkingen", "material": "Materialen", "product": "Wat wij leveren",
               "tech": "Technologie", "cert": "Certificaten", "capacity": "Meten en engineering",
               "automation": "Automatisering", "market": "Markten", "international": "Internationaal"},
        "en": {"process": "Processes", "material": "Materials", "product": "What we deliver",
               "tech": "Technology", "cert": "Certificates", "capacity": "Inspection and engineering",
               "automation": "Automation", "market": "Industries", "international": "International"},
        "de": {"process": "Leistungen", "material": "Werkstoffe", "product": "Was wir liefern",
               "tech": "Technologie", "cert": "Zertifikate", "capacity": "Messtechnik und Konstruktion",
               "automation": "Automatisierung", "market": "Branchen", "international": "International"}},
    "alt": {
        "nl": {"process": "Onze technieken", "material": "Welke materialen?", "product": "Ons aanbod",
               "tech": "Innovatie", "cert": "Kwaliteitsborging", "capacity": "Faciliteiten",
               "automation": "Slim produceren", "market": "Voor wie?", "international": "Over de grens"},
        "en": {"process": "Capabilities", "material": "Materials", "product": "Our offer",
               "tech": "Innovation", "cert": "Quality assurance", "capacity": "Facilities",
               "automation": "Smart production", "market": "Who we serve", "international": "Abroad"},
        "de": {"process": "Unser Können", "material": "Werkstoffe", "product": "Unser Angebot",
               "tech": "Innovation", "cert": "Qualitätssicherung", "capacity": "Ausstattung",
               "automation": "Smarte Fertigung", "market": "Für wen?", "international": "Im Ausland"}},
}  # fmt: skip
