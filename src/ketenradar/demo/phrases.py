"""The phrase stock of the demo websites: terms per indicator, sentence templates, filler, traps.

Two styles share the latent model but not the words: `default` prefers the first terms of each
list and the "A" templates, `alt` prefers the last terms and the "B" templates, so a matcher tuned
on one style meets partly unseen phrasings on the other.
"""

from __future__ import annotations

# Terms per indicator: noun phrases that fit the group templates ("Wij zijn gespecialiseerd in {t}").
TERMS: dict[str, dict[str, list[str]]] = {
    "process.turning": {"nl": ["CNC-draaien", "draaiwerk", "CNC draaiwerk", "draaien", "langdraaien", "draaideeltjes op CNC-automaten"],
                        "en": ["CNC turning", "turning", "turned parts", "Swiss-type turning"]},
    "process.milling": {"nl": ["CNC-frezen", "freeswerk", "frezen", "CNC freeswerk", "verspanend bewerken op freesbanken", "3-assig frezen"],
                        "en": ["CNC milling", "milling", "milled components", "3-axis milling"]},
    "process.five_axis": {"nl": ["5-assig frezen", "vijfassig frezen", "5-assige bewerking", "simultaan 5-assig verspanen", "5-assig simultaan frezen"],
                          "en": ["5-axis machining", "five-axis milling", "simultaneous 5-axis machining"]},
    "process.edm": {"nl": ["draadvonken", "zinkvonken", "vonkerosie", "vonken", "draadvonkwerk"],
                    "en": ["wire EDM", "sinker EDM", "spark erosion", "EDM"]},
    "process.grinding": {"nl": ["vlakslijpen", "rondslijpen", "slijpen", "CNC slijpwerk", "precisieslijpen"],
                         "en": ["grinding", "surface grinding", "cylindrical grinding", "precision grinding"]},
    "process.welding_tig": {"nl": ["TIG-lassen", "TIG lassen", "WIG-lassen", "argonlassen", "TIG-laswerk"],
                            "en": ["TIG welding", "GTAW welding", "TIG-welded assemblies"]},
    "process.welding_mig_mag": {"nl": ["MIG/MAG-lassen", "MAG-lassen", "MIG-lassen", "CO2-lassen", "MIG/MAG laswerk"],
                                "en": ["MIG/MAG welding", "MIG welding", "MAG welding", "GMAW welding"]},
    "process.robot_welding": {"nl": ["robotlassen", "gerobotiseerd lassen", "lassen met onze lasrobot", "robotlaswerk"],
                              "en": ["robotic welding", "robot welding", "automated robot welding"]},
    "process.laser_cutting": {"nl": ["lasersnijden", "lasersnijwerk", "snijden met onze fiberlaser", "buislasersnijden", "2D-lasersnijden"],
                              "en": ["laser cutting", "fibre laser cutting", "tube laser cutting"]},
    "process.press_braking": {"nl": ["kanten", "CNC-kanten", "zetten", "kantbankwerk", "zetwerk op de kantbank"],
                              "en": ["press braking", "CNC bending", "sheet bending", "press brake forming"]},
    "process.punching": {"nl": ["ponsen", "CNC-ponsen", "pons-nibbelen", "ponswerk", "combinatie ponsen-lasersnijden"],
                         "en": ["punching", "CNC punching", "turret punching"]},
    "process.surface_treatment": {"nl": ["poedercoaten", "anodiseren", "natlakken", "thermisch verzinken", "stralen en coaten", "passiveren", "chromateren"],
                                  "en": ["powder coating", "anodising", "wet painting", "hot-dip galvanising", "blasting and coating"]},
    "process.assembly": {"nl": ["assemblage", "montage", "samenbouw", "(sub)assemblage", "mechanische assemblage", "eindmontage"],
                         "en": ["assembly", "mechanical assembly", "box build assembly", "final assembly"]},
    "process.cleanroom_assembly": {"nl": ["cleanroom-assemblage", "assemblage in onze cleanroom", "cleanroommontage", "montage onder cleanroomcondities", "assemblage in een ISO klasse 7 cleanroom"],
                                   "en": ["cleanroom assembly", "assembly in our ISO class 7 cleanroom", "cleanroom integration"]},
    "process.electronics_assembly": {"nl": ["printplaatassemblage", "SMD-assemblage", "elektronica-assemblage", "PCB-assemblage", "THT- en SMD-montage"],
                                     "en": ["PCB assembly", "SMT assembly", "electronics assembly", "through-hole and SMD assembly"]},
    "process.cable_harness": {"nl": ["kabelboomproductie", "kabelbomen", "kabelconfectie", "bekabeling op maat", "kabelassemblage"],
                              "en": ["cable harness manufacturing", "wire harnesses", "cable assemblies", "harness production"]},
    "process.composites": {"nl": ["composietbewerking", "koolstofvezel onderdelen", "composiet", "glasvezelversterkt polyester (GVK)", "vezelversterkte composieten"],
                           "en": ["composites", "carbon fibre parts", "composite structures", "fibre-reinforced composites"]},
    "process.additive_manufacturing": {"nl": ["3D-printen", "additive manufacturing", "metaalprinten", "3D metaalprinten", "industrieel 3D-printen"],
                                       "en": ["additive manufacturing", "3D printing", "metal 3D printing", "powder bed fusion"]},
    "process.casting": {"nl": ["gieten", "gietwerk in lichte metalen", "zandgieten", "precisiegieten", "gietwerk", "hogedrukgieten"],
                        "en": ["casting", "sand casting", "investment casting", "die casting"]},
    "process.forging": {"nl": ["smeden", "smeedwerk", "matrijssmeden", "vrijsmeden", "smeedstukken"],
                        "en": ["forging", "drop forging", "closed-die forging", "forged parts"]},
    "process.steel_construction": {"nl": ["staalconstructies", "staalbouw", "constructiewerk", "stalen constructies", "bordessen, trappen en leuningwerk"],
                                   "en": ["steel structures", "structural steelwork", "steel construction"]},
    "process.heat_treatment": {"nl": ["warmtebehandeling", "harden", "vacuümharden", "nitreren", "harden en ontlaten", "inductieharden"],
                               "en": ["heat treatment", "hardening", "vacuum hardening", "nitriding"]},
    "material.aluminium": {"nl": ["aluminium", "aluminium 6082", "aluminiumlegeringen", "alu"],
                           "en": ["aluminium", "aluminum", "aluminium alloys"]},
    "material.stainless_steel": {"nl": ["RVS", "roestvast staal", "rvs 316L", "roestvaststaal", "duplex RVS"],
                                 "en": ["stainless steel", "316L stainless", "duplex stainless steel"]},
    "material.steel": {"nl": ["staal", "constructiestaal", "S355", "gereedschapsstaal", "koolstofstaal"],
                       "en": ["steel", "carbon steel", "structural steel", "tool steel"]},
    "material.titanium": {"nl": ["titanium", "titaan", "titanium grade 5"],
                          "en": ["titanium", "Ti-6Al-4V", "titanium grade 5"]},
    "material.plastics": {"nl": ["kunststoffen", "technische kunststoffen", "PEEK", "POM", "PEEK en POM"],
                          "en": ["plastics", "engineering plastics", "PEEK"]},
    "material.copper_brass": {"nl": ["messing", "koper", "brons", "koper en messing"],
                              "en": ["brass", "copper", "bronze"]},
    "material.special_alloys": {"nl": ["Inconel", "Hastelloy", "superlegeringen", "speciale legeringen", "nikkellegeringen"],
                                "en": ["Inconel", "superalloys", "nickel alloys", "exotic alloys"]},
    "product.end_products": {"nl": ["eigen producten", "complete machines", "eindproducten", "eigen productlijn"],
                             "en": ["our own products", "complete machines", "end products"]},
    "product.systems_modules": {"nl": ["complete modules", "systemen en subassemblages", "mechatronische modules", "complete (sub)systemen", "module-assemblage"],
                                "en": ["complete modules", "systems and sub-assemblies", "mechatronic modules"]},
    "product.components": {"nl": ["onderdelen op tekening", "componenten", "precisiedelen", "maakdelen", "losse onderdelen en kleine series"],
                           "en": ["components to drawing", "precision parts", "build-to-print components"]},
    "product.semi_finished": {"nl": ["halffabricaten", "profielen op maat", "plaatmateriaal op maat", "stafmateriaal"],
                              "en": ["semi-finished products", "cut-to-size profiles", "bar stock"]},
    "product.repair_mro": {"nl": ["reparatie en onderhoud", "revisie", "MRO", "storingsdienst", "onderhoud en revisie van machines"],
                           "en": ["repair and maintenance", "overhaul", "MRO", "field service"]},
    "product.engineering_services": {"nl": ["engineeringdiensten", "ontwerp en engineering", "tekenwerk en constructieberekeningen", "engineering op projectbasis"],
                                     "en": ["engineering services", "design and engineering", "design-for-manufacturing support"]},
    "cert.iso9001": {"nl": ["ISO 9001", "ISO 9001:2015", "NEN-EN-ISO 9001"], "en": ["ISO 9001", "ISO 9001:2015"]},
    "cert.aqap2110": {"nl": ["AQAP 2110", "AQAP-2110", "NATO AQAP 2110"], "en": ["AQAP 2110", "AQAP-2110", "NATO AQAP-2110"]},
    "cert.aqap2310": {"nl": ["AQAP 2310", "AQAP-2310"], "en": ["AQAP 2310", "AQAP-2310"]},
    "cert.en9100": {"nl": ["EN 9100", "EN9100", "AS9100", "AS/EN 9100"], "en": ["EN 9100", "AS9100D", "AS/EN 9100"]},
    "cert.iso3834": {"nl": ["ISO 3834-2", "NEN-EN-ISO 3834", "ISO 3834"], "en": ["ISO 3834-2", "ISO 3834"]},
    "cert.en1090": {"nl": ["EN 1090 EXC2", "EN 1090-2 EXC3", "NEN-EN 1090 EXC3", "EN 1090 EXC4"], "en": ["EN 1090 EXC2", "EN 1090-2 EXC3", "EN 1090 EXC4"]},
    "cert.iso14001": {"nl": ["ISO 14001", "ISO 14001:2015"], "en": ["ISO 14001"]},
    "cert.iso13485": {"nl": ["ISO 13485", "ISO 13485:2016"], "en": ["ISO 13485"]},
    "cert.iso27001": {"nl": ["ISO 27001", "ISO/IEC 27001"], "en": ["ISO 27001", "ISO/IEC 27001"]},
    "cert.abdo": {"nl": ["ABDO", "ABDO 2019", "ABDO-certificering"], "en": ["ABDO", "ABDO 2019"]},
    "cert.ipc_a_610": {"nl": ["IPC-A-610", "IPC-A-610 klasse 3", "IPC A-610"], "en": ["IPC-A-610", "IPC-A-610 class 3"]},
    "cert.vca": {"nl": ["VCA**", "VCA-P", "VCA*", "VCA"], "en": ["VCA**", "VCA"]},
    "cert.iso45001": {"nl": ["ISO 45001", "ISO 45001:2018"], "en": ["ISO 45001"]},
    "cert.nadcap": {"nl": ["Nadcap", "Nadcap-accreditatie"], "en": ["Nadcap", "Nadcap accreditation"]},
    "market.defence": {"nl": ["defensie", "de defensie-industrie", "de defensie- en veiligheidssector", "defensie en veiligheid"],
                       "en": ["defence", "the defence industry", "defence and security"]},
    "market.maritime": {"nl": ["de maritieme sector", "de scheepsbouw", "de maritieme industrie", "jachtbouw en scheepsbouw"],
                        "en": ["the maritime sector", "shipbuilding", "the marine industry"]},
    "market.offshore": {"nl": ["offshore", "de offshore-industrie", "offshore wind", "de offshore olie- en gaswinning"],
                        "en": ["offshore", "the offshore industry", "offshore wind"]},
    "market.semicon": {"nl": ["de semiconductorindustrie", "de halfgeleiderindustrie", "semicon", "de chipmachine-industrie"],
                       "en": ["the semiconductor industry", "semicon", "semiconductor equipment"]},
    "market.medical": {"nl": ["de medische sector", "medische technologie", "medtech", "de medische apparatuurbouw"],
                       "en": ["the medical sector", "medical technology", "medtech"]},
    "market.agro": {"nl": ["de agrarische sector", "landbouwmechanisatie", "agro", "de veehouderij en akkerbouw"],
                    "en": ["agriculture", "the agricultural sector", "agri-tech"]},
    "market.food": {"nl": ["de voedingsmiddelenindustrie", "food", "de foodsector", "food processing"],
                    "en": ["the food industry", "food processing", "food and beverage"]},
    "market.automotive": {"nl": ["automotive", "de automobielindustrie", "de automotive-sector"],
                          "en": ["automotive", "the automotive industry"]},
    "market.aerospace": {"nl": ["lucht- en ruimtevaart", "de luchtvaartindustrie", "aerospace", "de luchtvaart"],
                         "en": ["aerospace", "the aviation industry", "aircraft manufacturing"]},
    "market.energy": {"nl": ["de energiesector", "de energietransitie", "energie", "de elektriciteitsnetten"],
                      "en": ["the energy sector", "the energy transition", "power generation"]},
    "market.rail": {"nl": ["de railsector", "het spoor", "railinfra", "spoorwegmaterieel"],
                    "en": ["rail", "the railway industry", "rolling stock"]},
    "tech.sensors_radar": {"nl": ["radartechnologie", "sensorsystemen", "radar- en sensortechniek", "sensoren en radarsystemen"],
                           "en": ["radar technology", "sensor systems", "radar and sensing"]},
    "tech.intelligent_systems": {"nl": ["intelligente systemen", "AI-toepassingen", "slimme besturingssystemen", "machine learning-toepassingen"],
                                 "en": ["intelligent systems", "AI applications", "machine learning"]},
    "tech.smart_materials": {"nl": ["slimme materialen", "smart materials", "functionele materialen"],
                             "en": ["smart materials", "functional materials"]},
    "tech.space": {"nl": ["satellietcomponenten", "ruimtevaartinstrumenten", "space-toepassingen", "onderdelen voor satellieten"],
                   "en": ["satellite components", "space instruments", "space hardware"]},
    "tech.quantum": {"nl": ["quantumtechnologie", "cryogene componenten voor quantumcomputers", "quantumtoepassingen"],
                     "en": ["quantum technology", "cryogenic parts for quantum computers"]},
    "tech.maritime": {"nl": ["onderwatertechnologie", "maritieme systemen", "scheepssystemen", "onderwatersystemen"],
                      "en": ["underwater technology", "naval systems", "marine systems technology"]},
    "capacity.engineering": {"nl": ["een eigen engineeringafdeling", "eigen constructeurs", "in-house engineering", "een engineeringteam met 3D CAD"],
                             "en": ["an in-house engineering department", "our own design engineers", "in-house engineering"]},
    "capacity.rnd": {"nl": ["R&D", "onderzoek en ontwikkeling", "productontwikkeling", "innovatieprojecten"],
                     "en": ["R&D", "research and development", "product development"]},
    "capacity.measuring_room": {"nl": ["een geconditioneerde meetkamer", "een klimaatgeregelde meetruimte", "een eigen meetkamer", "een temperatuurgestabiliseerde meetkamer"],
                                "en": ["a climate-controlled measuring room", "a temperature-controlled metrology lab"]},
    "capacity.cmm": {"nl": ["een 3D-meetmachine", "een CMM", "een coördinatenmeetmachine", "een Zeiss 3D-meetmachine"],
                     "en": ["a CMM", "a coordinate measuring machine", "a 3D measuring machine"]},
    "automation.robots": {"nl": ["robotautomatisering", "een robotcel", "robotbelading van onze machines", "een cobot voor het beladen van machines"],
                          "en": ["robot automation", "a robot cell", "robotic machine tending"]},
    "automation.unmanned": {"nl": ["onbemand produceren", "onbemande nachtproductie", "24/7 onbemand verspanen", "mannarm produceren"],
                            "en": ["lights-out manufacturing", "unmanned night shifts", "24/7 unmanned production"]},
    "automation.erp_mes": {"nl": ["een ERP-systeem", "een MES-systeem", "digitale werkvoorbereiding met ERP", "ERP- en MES-koppeling"],
                           "en": ["an ERP system", "an MES", "ERP-driven planning"]},
    "international.export": {"nl": ["export", "export binnen Europa", "export naar Duitsland, België en Scandinavië", "export naar klanten wereldwijd"],
                             "en": ["export", "exports across Europe", "worldwide exports"]},
    "international.foreign_sites": {"nl": ["een vestiging in Polen", "een productielocatie in Tsjechië", "een dochteronderneming in Duitsland", "een eigen fabriek in Roemenië"],
                                    "en": ["a subsidiary in Poland", "a production site in the Czech Republic", "a plant in Germany"]},
}  # fmt: skip

# Group templates. {t}/{T}: a term (lower/capitalised); {t2}: a second term of the same group.
GROUP_TEMPLATES: dict[str, dict[str, dict[str, list[str]]]] = {
    "process": {
        "default": {
            "nl": [
                "Wij zijn gespecialiseerd in {t}.",
                "Onze kernactiviteit is {t}, van enkelstuks tot middelgrote series.",
                "In onze werkplaats verzorgen we {t} en {t2}.",
                "{T} is bij ons in goede handen: ervaren vakmensen en modern materieel.",
                "Met jarenlange ervaring in {t} leveren wij maatwerk voor uiteenlopende opdrachtgevers.",
                "Ook voor {t} kunt u bij ons terecht.",
                "Door {t} en {t2} onder één dak te combineren, houden we de doorlooptijd kort.",
                "{T} doen we volledig in eigen huis.",
            ],
            "en": [
                "We specialise in {t}.",
                "Our core competence is {t}, from one-offs to medium series.",
                "In our workshop we offer {t} and {t2}.",
                "With years of experience in {t} we deliver to demanding customers.",
                "{T} is done entirely in-house.",
            ],
        },
        "alt": {
            "nl": [
                "{name} biedt {t} als onderdeel van een compleet pakket.",
                "Van tekening tot eindproduct: {t}, {t2} en meer.",
                "Ons team beheerst {t} tot in detail.",
                "Heeft u behoefte aan {t}? Neem gerust contact met ons op.",
                "Dagelijks houden onze vakmensen zich bezig met {t}.",
                "{T}? Dat is waar wij goed in zijn.",
                "Wij voeren {t} uit voor klanten in de hele regio.",
            ],
            "en": [
                "{name} offers {t} as part of a complete package.",
                "From drawing to finished part: {t}, {t2} and more.",
                "Need {t}? Get in touch with our team.",
                "Our people handle {t} every day.",
            ],
        },
    },
    "material": {
        "default": {
            "nl": [
                "Wij bewerken onder meer {t} en {t2}.",
                "Wij hebben ruime ervaring met {t}.",
                "Materialen: {list}.",
                "Of het nu gaat om {t} of {t2}: wij kennen de eigenschappen van het materiaal.",
            ],
            "en": ["We machine {t} and {t2}.", "Materials: {list}.", "We have broad experience with {t}."],
        },
        "alt": {
            "nl": [
                "Verwerkte materialen zijn o.a. {list}.",
                "Ook lastig verspaanbare materialen zoals {t} schrikken ons niet af.",
                "{T} houden wij standaard op voorraad.",
            ],
            "en": ["Materials processed include {list}.", "{T} is kept in stock."],
        },
    },
    "cert": {
        "default": {
            "nl": [
                "Wij zijn gecertificeerd volgens {t}.",
                "Onze organisatie voldoet aantoonbaar aan {t}.",
                "{name} is {t}-gecertificeerd.",
                "Sinds dit jaar beschikken wij ook over het {t}-certificaat.",
            ],
            "en": [
                "We are certified to {t}.",
                "Our organisation demonstrably complies with {t}.",
                "{name} holds {t} certification.",
            ],
        },
        "alt": {
            "nl": [
                "Certificaten: {list}.",
                "Onze werkwijze is vastgelegd conform {t}.",
                "Het {t}-certificaat is onlangs verlengd na een audit zonder tekortkomingen.",
                "Wij werken volgens de eisen van {t}.",
            ],
            "en": ["Certificates: {list}.", "We work to the requirements of {t}."],
        },
    },
    "market": {
        "default": {
            "nl": [
                "Wij leveren aan {t}.",
                "Onze producten vinden hun weg naar {t} en {t2}.",
                "Belangrijke afzetmarkten voor ons zijn {t} en {t2}.",
                "Wij werken al jaren voor klanten in {t}.",
            ],
            "en": [
                "We supply {t}.",
                "Our parts end up in {t} and {t2}.",
                "Key markets for us are {t} and {t2}.",
            ],
        },
        "alt": {
            "nl": [
                "Markten waarin wij actief zijn: {list}.",
                "Voor {t} maken wij onderdelen die aan de hoogste eisen voldoen.",
                "Ons klantenbestand omvat opdrachtgevers uit {t}.",
                "{name} is thuis in {t}.",
            ],
            "en": ["Markets we serve: {list}.", "For {t} we make parts to the highest standards."],
        },
    },
}

# Indicator-specific sentences for groups that read poorly in a generic slot. Even index: default
# style, odd index: alt style (each style also uses its own share of the rest).
SENTENCES: dict[str, dict[str, list[str]]] = {
    "product.end_products": {
        "nl": ["Naast toelevering ontwikkelen en bouwen wij {t}.", "Wij bouwen {t} die wereldwijd draaien.",
               "Onder eigen merknaam brengen wij {t} op de markt.", "Met onze {t} bedienen wij eindgebruikers direct.",
               "Ons programma {t} wordt continu doorontwikkeld.", "Wij zijn trots op {t}, ontworpen en gebouwd in {place}."],
        "en": ["Besides contract work we design and build {t}.", "We sell {t} under our own brand.",
               "Our range of {t} is developed in-house.", "We are proud of {t}, designed and built in {place}."]},
    "product.systems_modules": {
        "nl": ["Wij leveren {t}, volledig getest en gedocumenteerd.", "Steeds vaker leveren wij {t} in plaats van losse delen.",
               "Klanten besteden graag {t} aan ons uit, inclusief testprotocol.", "Onze kracht: {t} klaar voor inbouw.",
               "Van losse delen tot {t}: wij nemen het hele traject over.", "Wij ontzorgen OEM's met {t}."],
        "en": ["We deliver {t}, fully tested and documented.", "Customers outsource {t} to us, ready to install.",
               "From single parts to {t}: we take care of it.", "OEMs rely on us for {t}."]},
    "product.components": {
        "nl": ["Wij produceren {t} voor OEM's en machinebouwers.", "Als toeleverancier maken wij {t}.",
               "Uw {t} maken wij op basis van uw tekening of 3D-model.", "Toelevering van {t} is onze core business.",
               "Dagelijks verlaten honderden {t} onze werkplaats.", "Wij leveren {t} just-in-time aan vaste afnemers."],
        "en": ["We produce {t} for OEMs and machine builders.", "As a contract manufacturer we make {t}.",
               "Hundreds of {t} leave our shop every day.", "We deliver {t} just in time."]},
    "product.semi_finished": {
        "nl": ["Wij leveren ook {t}.", "Uit voorraad leverbaar: {t}.", "Naast maatwerk leveren wij {t}.",
               "Voor collega-bedrijven zagen en leveren wij {t}."],
        "en": ["We also supply {t}.", "Available from stock: {t}."]},
    "product.repair_mro": {
        "nl": ["Voor {t} staat onze servicedienst dag en nacht klaar.", "Wij verzorgen {t} op locatie en in onze werkplaats.",
               "Onze monteurs doen {t} door heel Nederland.", "Bij storingen biedt onze {t} snelle hulp.",
               "Preventief onderhoud en {t}: wij houden uw installatie in topconditie.", "Ook voor {t} van oudere machines kunt u bij ons terecht."],
        "en": ["Our team provides {t} on site and in our workshop.", "For {t} our service team is available 24/7.",
               "We also handle {t} of older machines.", "Our engineers carry out {t} across the Benelux."]},
    "product.engineering_services": {
        "nl": ["Wij bieden {t} aan, ook los van productie.", "Met onze {t} helpen wij u van idee tot maakbaar ontwerp.",
               "Ook voor {t} bent u bij ons aan het juiste adres.", "Wij ondersteunen klanten met {t} in de ontwerpfase."],
        "en": ["We offer {t}, also separate from production.", "With our {t} we take you from idea to manufacturable design.",
               "We support customers with {t} early in the design phase."]},
    "capacity.engineering": {
        "nl": ["Wij beschikken over {t}; zo denken wij mee over maakbaarheid.", "Dankzij {t} kunnen wij ook ontwerpen en optimaliseren.",
               "Met {t} vertalen wij uw wens naar een productierijp ontwerp.", "Onze kracht zit in {t}: wij denken mee vanaf de eerste schets.",
               "Wij hebben {t}, die werkt met SolidWorks en Inventor.", "Doordat wij {t} hebben, kunnen wij snel schakelen bij wijzigingen."],
        "en": ["We have {t} that helps with design for manufacturing.", "Thanks to {t} we can also design and optimise.",
               "With {t} we turn your idea into a production-ready design.", "Having {t} lets us respond quickly to changes."]},
    "capacity.rnd": {
        "nl": ["Wij investeren fors in {t}.", "Ons team voor {t} werkt samen met kennisinstellingen.",
               "Via {t} ontwikkelen wij nieuwe productietechnieken.", "Jaarlijks gaat een vast deel van de omzet naar {t}.",
               "In ons lab voor {t} testen wij nieuwe concepten.", "Met subsidie voor {t} werken wij aan de volgende generatie producten."],
        "en": ["We invest heavily in {t}.", "Our {t} team works with universities and institutes.",
               "In our {t} lab we test new concepts.", "A fixed share of turnover goes into {t}."]},
    "capacity.measuring_room": {
        "nl": ["Kritische maten controleren wij in {t}.", "Wij beschikken over {t} op 20 °C.",
               "In {t} meten wij elke eerste serie volledig in.", "Sinds vorig jaar hebben wij {t}."],
        "en": ["Critical dimensions are verified in {t}.", "We have {t} at 20 °C.", "Since last year we operate {t}."]},
    "capacity.cmm": {
        "nl": ["Met {t} leggen wij elke meting vast in een meetrapport.", "Wij meten onze producten na met {t}.",
               "Eerste-artikelinspecties (FAI) doen wij met {t}.", "Op verzoek leveren wij een meetrapport van {t} mee."],
        "en": ["With {t} we record every measurement in a report.", "First article inspections are done on {t}.",
               "On request we supply a measurement report from {t}."]},
    "automation.robots": {
        "nl": ["Wij zetten in op {t}.", "Dankzij {t} produceren wij ook kleine series rendabel.",
               "Recent hebben wij geïnvesteerd in {t}.", "Met {t} verhogen wij de benuttingsgraad van de machines.",
               "Repeterend werk laten wij over aan {t}.", "Onze operators programmeren zelf {t}."],
        "en": ["We invest in {t}.", "Thanks to {t} even small batches are economical.",
               "Repetitive work is left to {t}.", "Our operators program {t} themselves."]},
    "automation.unmanned": {
        "nl": ["Met palletwisselaars is {t} bij ons de norm.", "Wij maken gebruik van {t} om levertijden kort te houden.",
               "Door {t} draaien onze machines ook in het weekend.", "Series lenen zich bij ons goed voor {t}."],
        "en": ["With pallet changers, {t} is standard for us.", "We use {t} to keep lead times short.",
               "Thanks to {t} our machines also run at weekends."]},
    "automation.erp_mes": {
        "nl": ["De planning loopt via {t}.", "Met {t} volgen wij elke order van offerte tot levering.",
               "Dankzij {t} is elke order volledig traceerbaar.", "Wij werken papierloos met {t} op de werkvloer."],
        "en": ["Planning runs through {t}.", "With {t} every order is traceable.", "We work paperless with {t} on the shop floor."]},
    "international.export": {
        "nl": ["Ruim een derde van onze omzet komt uit {t}.", "{T} is voor ons een belangrijke pijler.",
               "Onze orderportefeuille kent veel {t}.", "Een groeiend deel van de omzet komt uit {t}."],
        "en": ["A third of our turnover comes from {t}.", "{T} is a key part of our business.",
               "A growing share of turnover comes from {t}."]},
    "international.foreign_sites": {
        "nl": ["Naast onze locatie in Nederland hebben wij {t}.", "Sinds enkele jaren hebben wij {t}.",
               "Voor grotere series beschikken wij over {t}.", "Wij zijn onderdeel van een groep met {t}."],
        "en": ["Besides our Dutch plant we operate {t}.", "For larger series we use {t}.", "We are part of a group with {t}."]},
    "tech.sensors_radar": {
        "nl": ["Wij leveren precisiewerk voor {t}.", "Onze expertise ligt onder meer in {t}.",
               "Wij bouwen behuizingen en mechanica voor {t}.", "Voor {t} maken wij complete mechanische behuizingen."],
        "en": ["We build mechanics for {t}.", "Our expertise includes {t}.", "We make housings for {t}."]},
    "tech.intelligent_systems": {
        "nl": ["Wij werken aan {t}.", "In onze producten passen wij {t} toe.", "Samen met partners ontwikkelen wij {t}.",
               "{T} maken onze machines slimmer."],
        "en": ["We work on {t}.", "Our products use {t}.", "Together with partners we develop {t}."]},
    "tech.smart_materials": {
        "nl": ["Wij experimenteren met {t}.", "Toepassing van {t} is een van onze speerpunten.",
               "Met {t} geven wij producten nieuwe eigenschappen."],
        "en": ["We work with {t}.", "Applying {t} is one of our focus areas."]},
    "tech.space": {
        "nl": ["Wij maken {t}.", "Een groeiend deel van ons werk bestaat uit {t}.", "Voor ruimtevaartklanten produceren wij {t}.",
               "Onze {t} zijn inmiddels in een baan om de aarde."],
        "en": ["We make {t}.", "A growing share of our work is {t}.", "Our {t} are now in orbit."]},
    "tech.quantum": {
        "nl": ["Wij leveren onderdelen voor {t}.", "Een nieuw werkveld voor ons is {t}.", "Voor {t} maken wij ultraprecieze delen."],
        "en": ["We supply parts for {t}.", "A new field for us is {t}."]},
    "tech.maritime": {
        "nl": ["Wij ontwikkelen en bouwen {t}.", "Onze specialiteit: {t}.", "Voor {t} leveren wij maatwerk.",
               "Wij hebben jarenlange ervaring met {t}."],
        "en": ["We develop and build {t}.", "Our speciality: {t}.", "We have years of experience with {t}."]},
}  # fmt: skip

# Traps: sentences that name indicator terms without stating them about the firm.
NEGATIONS = {
    "nl": [
        "Wij doen geen {t}.",
        "{T} behoort niet tot ons pakket; daarvoor verwijzen wij u graag door.",
        "Let op: {t} bieden wij niet aan.",
        "{T} besteden wij uit aan een vaste partner.",
        "Wij doen bewust geen {t}, zodat wij ons kunnen richten op onze kern.",
    ],
    "en": ["We do not offer {t}.", "{T} is not part of our services; we outsource it to trusted partners."],
}
NEGATIONS_ALT = {
    "nl": [
        "Voor {t} moet u helaas elders zijn.",
        "{T} valt buiten ons werkterrein.",
        "Geen {t}: daarvoor werken wij samen met specialisten.",
    ],
    "en": ["{T} is outside our scope.", "We don't do {t} ourselves."],
}
CUSTOMER_LINES = {
    "nl": [
        "Onze klanten zijn actief in {m1} en {m2}.",
        "Tot onze opdrachtgevers behoren machinebouwers die leveren aan {m1}.",
        "Veel van onze afnemers werken zelf voor {m1}.",
        "Referenties: bedrijven uit {m1}, {m2} en de bouw.",
    ],
    "en": ["Our customers operate in {m1} and {m2}.", "Many of our clients supply {m1}."],
}
PARTNER_LINES = {
    "nl": [
        "Voor {t} werken wij samen met {partner}.",
        "Onze partner {partner} verzorgt het {t}.",
        "Bewerkingen als {t} laten wij uitvoeren door {partner}.",
    ],
    "en": ["For {t} we work with {partner}.", "Our partner {partner} takes care of {t}."],
}
NEWS_ITEMS = {
    "nl": [
        (
            "Nieuwe collega's",
            "Deze maand verwelkomen wij drie nieuwe collega's in de werkplaats en op kantoor.",
        ),
        (
            "Open dag",
            "Op zaterdag 12 oktober houden wij open dag. Iedereen is welkom om een kijkje te nemen.",
        ),
        ("Beursbezoek", "Bezoek ons op de vakbeurs in Utrecht, waar wij samen met collega-bedrijven staan."),
        (
            "Zonnepanelen",
            "Op ons dak liggen sinds kort ruim 600 zonnepanelen. Zo verduurzamen wij stap voor stap.",
        ),
        ("Jubileum", "Onze collega Henk viert zijn 40-jarig jubileum. Proficiat!"),
        ("Leerlingen", "Wij bieden weer plaatsen voor BBL-leerlingen in de metaal. Interesse? Meld je aan."),
        (
            "Gastles",
            "Een spreker van een branchevereniging gaf een gastles over de defensie-industrie en lucht- en ruimtevaart.",
        ),
        ("Bedrijfsuitje", "Het jaarlijkse bedrijfsuitje ging dit keer naar de Biesbosch."),
    ],
    "en": [
        ("New colleagues", "This month we welcome three new colleagues on the shop floor."),
        ("Trade fair", "Visit us at the trade fair in Utrecht, together with partner companies."),
        ("Solar panels", "More than 600 solar panels now cover our roof."),
    ],
}

FILLER = {
    "default": {
        "nl": [
            "{name} werd in {year} opgericht en is uitgegroeid tot een betrouwbare partner in de maakindustrie.",
            "Als familiebedrijf staan wij voor kwaliteit, flexibiliteit en korte levertijden.",
            "Onze vakmensen hebben samen vele jaren ervaring.",
            "Wij denken graag met u mee: van prototype tot serieproductie.",
            "Korte lijnen en persoonlijk contact vinden wij belangrijk.",
            "Ons bedrijf is gevestigd op een modern bedrijventerrein in {place}.",
            "Wij zijn trots op onze leerlingen en investeren in vakmanschap.",
            "Duurzaamheid nemen wij serieus: wij scheiden restmateriaal en hergebruiken spanen.",
            "Met ongeveer {employees} medewerkers zijn wij groot genoeg om te leveren en klein genoeg om flexibel te blijven.",
            "Levertrouw is voor ons geen loze belofte.",
            "Elke opdracht, groot of klein, krijgt dezelfde aandacht.",
            "Onze werkvoorbereiding zorgt voor een soepele doorstroming van orders.",
            "Wij werken voor zowel grote OEM's als lokale ondernemers.",
            "In {year2} verhuisden wij naar een nieuw pand met meer ruimte voor productie.",
            "Vraag vrijblijvend een offerte aan; u hoort binnen twee werkdagen van ons.",
        ],
        "en": [
            "{name} was founded in {year} and has grown into a reliable manufacturing partner.",
            "As a family business we stand for quality, flexibility and short lead times.",
            "Short lines of communication and personal contact matter to us.",
            "With about {employees} employees we are large enough to deliver and small enough to stay flexible.",
            "We are located on a modern industrial estate in {place}, the Netherlands.",
            "Request a quotation; we reply within two working days.",
        ],
    },
    "alt": {
        "nl": [
            "Sinds {year} is {name} een begrip in {place} en omstreken.",
            "Vakmanschap, betrouwbaarheid en oog voor detail: daar draait het om.",
            "Onze mensen maken het verschil.",
            "Goed overleg vooraf voorkomt verrassingen achteraf.",
            "Wij zijn een platte organisatie waarin iedereen verantwoordelijkheid neemt.",
            "Van enkelstuk tot serie, van eenvoudig tot complex.",
            "De koffie staat altijd klaar: kom gerust eens langs.",
            "Het team telt inmiddels zo'n {employees} collega's.",
            "Onze klanten waarderen onze eerlijkheid en no-nonsense mentaliteit.",
            "Uitdagende projecten zijn voor ons de mooiste.",
            "Wij groeien gestaag, zonder onze wortels te vergeten.",
            "In {year2} is de tweede generatie aan het roer gekomen.",
        ],
        "en": [
            "Since {year}, {name} has been a trusted name in {place}.",
            "Craftsmanship, reliability and attention to detail.",
            "Our team counts some {employees} people.",
            "From one-off to series, from simple to complex.",
        ],
    },
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

# Opening lines per archetype. They describe the kind of shop without naming indicator terms, so
# they never state anything the truth does not list.
INTROS: dict[str, dict[str, list[str]]] = {
    "precision": {
        "nl": ["{name} is een toeleverancier van verspaande delen uit {place}.",
               "Bij {name} draait alles om nauwkeurigheid: van enkelstuk tot serie, altijd binnen tolerantie.",
               "Al sinds {year} maakt {name} metalen delen naar klantspecificatie voor de maakindustrie.",
               "Wij zijn een allround verspaningsbedrijf met een modern en breed inzetbaar machinepark.",
               "Uw tekening is ons uitgangspunt: wij verspanen wat u bedenkt.",
               "Precisie is geen toeval, het is ons vak."],
        "en": ["{name} is a precision machining supplier based in {place}, the Netherlands.",
               "Since {year}, {name} has made machined parts to customer drawings.",
               "Precision is not a coincidence; it is our trade."]},
    "sheet_metal": {
        "nl": ["{name} is uw partner voor plaatbewerking en samengestelde producten.",
               "Van plaat tot product: {name} verwerkt dagelijks tonnen plaatmateriaal.",
               "Sinds {year} levert {name} plaatwerk op maat aan bedrijven in heel Nederland.",
               "Wij zijn een plaatwerkerij met alle bewerkingen onder één dak.",
               "Dun of dik, klein of groot: wij maken het uit plaat.",
               "Plaatwerk is ons vak en onze passie."],
        "en": ["{name} is your partner for sheet metal work and assemblies.",
               "From sheet to product: {name} processes tonnes of sheet every day."]},
    "welding": {
        "nl": ["{name} is een constructiebedrijf met een sterke reputatie in laswerk.",
               "Wij bouwen aan constructies die jarenlang meegaan.",
               "Sinds {year} is {name} een betrouwbare naam in de staal- en metaalbouw.",
               "Van kleine reparatie tot groot project: onze lassers staan klaar.",
               "Sterk in staal, sterk in service.",
               "Onze gecertificeerde lassers leveren vakwerk."],
        "en": ["{name} is a fabrication company with a strong reputation for welding.",
               "Since {year}, {name} has been a trusted name in metal fabrication."]},
    "machine_builder": {
        "nl": ["{name} is een machinebouwer uit {place}.",
               "Wij bouwen machines die doen wat ze moeten doen, jaar in jaar uit.",
               "Sinds {year} ontwikkelt {name} machines en installaties voor de industrie.",
               "Van idee tot werkende machine: {name} neemt het hele traject voor zijn rekening.",
               "Speciaalmachinebouw is ons vak.",
               "Wij maken productieprocessen efficiënter met slimme machines."],
        "en": ["{name} designs and builds custom machinery.",
               "Since {year}, {name} has developed machines and installations for industry."]},
    "electronics": {
        "nl": ["{name} is een elektronicaproducent voor de professionele markt.",
               "Wij maken elektronica voor veeleisende toepassingen.",
               "Sinds {year} levert {name} elektronische producten en kabelwerk op maat.",
               "Betrouwbare elektronica begint bij vakkundige productie.",
               "Kwaliteit in elke verbinding.",
               "Wij zijn een EMS-partner voor OEM's in binnen- en buitenland."],
        "en": ["{name} is an electronics manufacturing services partner for professional markets.",
               "Since {year}, {name} has produced electronics and cabling to specification."]},
    "surface": {
        "nl": ["{name} geeft metalen de afwerking die ze verdienen.",
               "Bescherming en uitstraling: daar zorgt {name} voor.",
               "Sinds {year} is {name} specialist in het afwerken van metalen onderdelen.",
               "Een goede afwerking verlengt de levensduur van uw product."],
        "en": ["{name} gives metal parts the finish they deserve.",
               "Since {year}, {name} has specialised in finishing metal parts."]},
    "casting_forging": {
        "nl": ["{name} maakt vormgegeven metalen delen voor de industrie.",
               "Al generaties lang vormen wij metaal tot sterke onderdelen.",
               "Sinds {year} levert {name} ruwe en nabewerkte delen aan de industrie.",
               "Sterke onderdelen beginnen bij de juiste vormgeving."],
        "en": ["{name} produces formed metal parts for industry.",
               "Since {year}, {name} has delivered raw and finished parts."]},
    "composites": {
        "nl": ["{name} maakt lichte en sterke onderdelen voor technische toepassingen.",
               "Licht, sterk en duurzaam: dat zijn de producten van {name}.",
               "Sinds {year} ontwikkelt en produceert {name} lichtgewicht onderdelen.",
               "Wij denken in gewicht en sterkte."],
        "en": ["{name} makes light and strong parts for technical applications.",
               "Light, strong and durable: that is what {name} makes."]},
    "repair": {
        "nl": ["{name} houdt uw productie draaiende.",
               "Stilstand kost geld; wij zorgen dat uw machines blijven lopen.",
               "Sinds {year} is {name} de technische dienst voor bedrijven in de regio {place}.",
               "Snel ter plaatse, vakkundig opgelost."],
        "en": ["{name} keeps your production running.",
               "Since {year}, {name} has been the technical service partner for industry around {place}."]},
    "vehicle": {
        "nl": ["{name} bouwt voertuigen en opbouwen op maat.",
               "Elke opbouw is maatwerk, afgestemd op uw werk.",
               "Sinds {year} bouwt {name} aanhangers en opbouwen voor professionals.",
               "Robuust gebouwd voor dagelijks gebruik."],
        "en": ["{name} builds custom vehicles and bodies.", "Since {year}, {name} has built trailers for professionals."]},
    "shipbuilding": {
        "nl": ["{name} is een werf met oog voor vakmanschap.",
               "Aan de waterkant bouwen wij aan schepen en drijvende objecten.",
               "Sinds {year} bouwt en verbouwt {name} schepen aan de kade in {place}.",
               "Op onze werf komt techniek en traditie samen."],
        "en": ["{name} is a shipyard with an eye for craftsmanship.", "Since {year}, {name} has built and refitted vessels."]},
    "installation": {
        "nl": ["{name} is uw partner voor installatie en montage in de industrie.",
               "Wij installeren, monteren en onderhouden.",
               "Sinds {year} verzorgt {name} technische installaties in de regio.",
               "Van aanleg tot oplevering: wij regelen het."],
        "en": ["{name} is your partner for industrial installation work.", "We install, assemble and maintain."]},
}  # fmt: skip

# Extra detail sentences for some features (they state the feature too, with its term in them).
DETAILS: dict[str, dict[str, list[str]]] = {
    "process.turning": {"nl": ["Wij draaien diameters tot {d} mm en lengtes tot {l} mm.",
                               "Op onze CNC-draaibanken maken wij assen, bussen en flenzen tot Ø {d} mm."],
                        "en": ["We turn diameters up to {d} mm and lengths up to {l} mm."]},
    "process.milling": {"nl": ["Wij frezen werkstukken tot {l} x {d} x {w} mm.",
                               "Ons freeswerk omvat zowel prototypes als series tot enkele duizenden stuks."],
                        "en": ["We mill workpieces up to {l} x {d} x {w} mm."]},
    "process.laser_cutting": {"nl": ["Wij lasersnijden plaat tot {t} mm dik op een tafel van 3 x 1,5 m.",
                                     "Met lasersnijden halen wij strakke contouren in plaat tot {t} mm."],
                              "en": ["We laser cut sheet up to {t} mm thick."]},
    "process.press_braking": {"nl": ["Wij kanten lengtes tot {l} mm met een perskracht tot {p} ton.",
                                     "Ons zetwerk gaat tot {l} mm lang en {p} ton perskracht."],
                              "en": ["We bend lengths up to {l} mm with up to {p} tonnes."]},
    "process.welding_tig": {"nl": ["Onze lassers zijn gekwalificeerd voor TIG-lassen van dunwandige onderdelen.",
                                   "Zichtlaswerk met TIG lassen is een van onze specialiteiten."],
                            "en": ["Our welders are qualified for TIG welding of thin-walled parts."]},
    "process.five_axis": {"nl": ["Door 5-assig frezen maken wij complexe vormen in één opspanning.",
                                 "Met vijfassig frezen verkorten wij de doorlooptijd van complexe delen."],
                          "en": ["With 5-axis machining we make complex shapes in a single set-up."]},
}  # fmt: skip

SECTION_HEADINGS = {
    "default": {
        "nl": {"process": "Bewerkingen", "material": "Materialen", "product": "Wat wij leveren",
               "tech": "Technologie", "cert": "Certificaten", "capacity": "Meten en engineering",
               "automation": "Automatisering", "market": "Markten", "international": "Internationaal"},
        "en": {"process": "Processes", "material": "Materials", "product": "What we deliver",
               "tech": "Technology", "cert": "Certificates", "capacity": "Metrology and engineering",
               "automation": "Automation", "market": "Industries", "international": "International"}},
    "alt": {
        "nl": {"process": "Onze technieken", "material": "Welke materialen?", "product": "Ons aanbod",
               "tech": "Innovatie", "cert": "Kwaliteitsborging", "capacity": "Faciliteiten",
               "automation": "Slim produceren", "market": "Voor wie?", "international": "Over de grens"},
        "en": {"process": "Capabilities", "material": "Materials", "product": "Our offer",
               "tech": "Innovation", "cert": "Quality assurance", "capacity": "Facilities",
               "automation": "Smart production", "market": "Who we serve", "international": "Abroad"}},
}  # fmt: skip
