"""Small reference tables the demo world draws from: places, SBI codes, names, buyers, primes.

Everything here is fictional or public reference data (SBI 2008 descriptions, Dutch postcode
areas). Place rows keep postcode area and province together so that addresses are coherent.
"""

from __future__ import annotations

# (place, province, first postcode digits, last postcode digits, phone area code)
PLACES: list[tuple[str, str, int, int, str]] = [
    ("Groningen", "Groningen", 9711, 9747, "050"),
    ("Hoogezand", "Groningen", 9601, 9611, "0598"),
    ("Veendam", "Groningen", 9641, 9648, "0598"),
    ("Delfzijl", "Groningen", 9901, 9936, "0596"),
    ("Winschoten", "Groningen", 9671, 9675, "0597"),
    ("Stadskanaal", "Groningen", 9501, 9503, "0599"),
    ("Leeuwarden", "Friesland", 8911, 8941, "058"),
    ("Drachten", "Friesland", 9201, 9207, "0512"),
    ("Heerenveen", "Friesland", 8441, 8449, "0513"),
    ("Sneek", "Friesland", 8601, 8608, "0515"),
    ("Harlingen", "Friesland", 8861, 8864, "0517"),
    ("Joure", "Friesland", 8501, 8502, "0513"),
    ("Assen", "Drenthe", 9401, 9411, "0592"),
    ("Emmen", "Drenthe", 7811, 7828, "0591"),
    ("Hoogeveen", "Drenthe", 7901, 7909, "0528"),
    ("Meppel", "Drenthe", 7941, 7944, "0522"),
    ("Coevorden", "Drenthe", 7741, 7742, "0524"),
    ("Enschede", "Overijssel", 7511, 7548, "053"),
    ("Hengelo", "Overijssel", 7550, 7559, "074"),
    ("Almelo", "Overijssel", 7601, 7609, "0546"),
    ("Zwolle", "Overijssel", 8011, 8043, "038"),
    ("Deventer", "Overijssel", 7411, 7429, "0570"),
    ("Oldenzaal", "Overijssel", 7570, 7577, "0541"),
    ("Rijssen", "Overijssel", 7461, 7463, "0548"),
    ("Kampen", "Overijssel", 8261, 8267, "038"),
    ("Hardenberg", "Overijssel", 7771, 7773, "0523"),
    ("Nijverdal", "Overijssel", 7441, 7443, "0548"),
    ("Almere", "Flevoland", 1311, 1363, "036"),
    ("Lelystad", "Flevoland", 8211, 8245, "0320"),
    ("Emmeloord", "Flevoland", 8300, 8316, "0527"),
    ("Dronten", "Flevoland", 8251, 8256, "0321"),
    ("Zeewolde", "Flevoland", 3891, 3899, "036"),
    ("Arnhem", "Gelderland", 6811, 6846, "026"),
    ("Nijmegen", "Gelderland", 6511, 6546, "024"),
    ("Apeldoorn", "Gelderland", 7311, 7339, "055"),
    ("Ede", "Gelderland", 6711, 6721, "0318"),
    ("Doetinchem", "Gelderland", 7001, 7009, "0314"),
    ("Tiel", "Gelderland", 4001, 4007, "0344"),
    ("Harderwijk", "Gelderland", 3841, 3849, "0341"),
    ("Winterswijk", "Gelderland", 7101, 7103, "0543"),
    ("Barneveld", "Gelderland", 3771, 3774, "0342"),
    ("Zutphen", "Gelderland", 7201, 7207, "0575"),
    ("Culemborg", "Gelderland", 4101, 4107, "0345"),
    ("Nijkerk", "Gelderland", 3861, 3864, "033"),
    ("Zevenaar", "Gelderland", 6901, 6905, "0316"),
    ("Utrecht", "Utrecht", 3511, 3585, "030"),
    ("Amersfoort", "Utrecht", 3811, 3829, "033"),
    ("Veenendaal", "Utrecht", 3900, 3907, "0318"),
    ("Nieuwegein", "Utrecht", 3430, 3439, "030"),
    ("Houten", "Utrecht", 3991, 3997, "030"),
    ("Woerden", "Utrecht", 3440, 3449, "0348"),
    ("Zeist", "Utrecht", 3700, 3709, "030"),
    ("Amsterdam", "Noord-Holland", 1011, 1109, "020"),
    ("Haarlem", "Noord-Holland", 2011, 2037, "023"),
    ("Alkmaar", "Noord-Holland", 1811, 1827, "072"),
    ("Den Helder", "Noord-Holland", 1781, 1789, "0223"),
    ("Hoorn", "Noord-Holland", 1621, 1628, "0229"),
    ("Zaandam", "Noord-Holland", 1501, 1509, "075"),
    ("Heerhugowaard", "Noord-Holland", 1701, 1706, "072"),
    ("Hilversum", "Noord-Holland", 1211, 1223, "035"),
    ("Purmerend", "Noord-Holland", 1441, 1448, "0299"),
    ("IJmuiden", "Noord-Holland", 1971, 1976, "0255"),
    ("Rotterdam", "Zuid-Holland", 3011, 3089, "010"),
    ("Den Haag", "Zuid-Holland", 2491, 2597, "070"),
    ("Leiden", "Zuid-Holland", 2311, 2334, "071"),
    ("Dordrecht", "Zuid-Holland", 3311, 3329, "078"),
    ("Gouda", "Zuid-Holland", 2801, 2809, "0182"),
    ("Delft", "Zuid-Holland", 2611, 2629, "015"),
    ("Schiedam", "Zuid-Holland", 3111, 3125, "010"),
    ("Alphen aan den Rijn", "Zuid-Holland", 2401, 2409, "0172"),
    ("Ridderkerk", "Zuid-Holland", 2981, 2987, "0180"),
    ("Gorinchem", "Zuid-Holland", 4201, 4207, "0183"),
    ("Zoetermeer", "Zuid-Holland", 2711, 2729, "079"),
    ("Spijkenisse", "Zuid-Holland", 3201, 3209, "0181"),
    ("Sliedrecht", "Zuid-Holland", 3361, 3364, "0184"),
    ("Alblasserdam", "Zuid-Holland", 2951, 2954, "078"),
    ("Krimpen aan den IJssel", "Zuid-Holland", 2921, 2926, "0180"),
    ("Middelburg", "Zeeland", 4331, 4339, "0118"),
    ("Vlissingen", "Zeeland", 4381, 4389, "0118"),
    ("Goes", "Zeeland", 4461, 4465, "0113"),
    ("Terneuzen", "Zeeland", 4531, 4539, "0115"),
    ("Hulst", "Zeeland", 4561, 4562, "0114"),
    ("Zierikzee", "Zeeland", 4301, 4302, "0111"),
    ("Eindhoven", "Noord-Brabant", 5611, 5658, "040"),
    ("Tilburg", "Noord-Brabant", 5011, 5049, "013"),
    ("Breda", "Noord-Brabant", 4811, 4839, "076"),
    ("'s-Hertogenbosch", "Noord-Brabant", 5211, 5237, "073"),
    ("Helmond", "Noord-Brabant", 5701, 5709, "0492"),
    ("Oss", "Noord-Brabant", 5341, 5351, "0412"),
    ("Roosendaal", "Noord-Brabant", 4701, 4709, "0165"),
    ("Bergen op Zoom", "Noord-Brabant", 4611, 4625, "0164"),
    ("Veldhoven", "Noord-Brabant", 5501, 5509, "040"),
    ("Uden", "Noord-Brabant", 5401, 5406, "0413"),
    ("Waalwijk", "Noord-Brabant", 5141, 5146, "0416"),
    ("Oosterhout", "Noord-Brabant", 4901, 4909, "0162"),
    ("Best", "Noord-Brabant", 5681, 5684, "0499"),
    ("Deurne", "Noord-Brabant", 5751, 5754, "0493"),
    ("Veghel", "Noord-Brabant", 5461, 5469, "0413"),
    ("Boxtel", "Noord-Brabant", 5281, 5283, "0411"),
    ("Etten-Leur", "Noord-Brabant", 4871, 4876, "076"),
    ("Son en Breugel", "Noord-Brabant", 5691, 5694, "0499"),
    ("Maastricht", "Limburg", 6211, 6229, "043"),
    ("Venlo", "Limburg", 5911, 5928, "077"),
    ("Heerlen", "Limburg", 6411, 6422, "045"),
    ("Sittard", "Limburg", 6131, 6137, "046"),
    ("Roermond", "Limburg", 6041, 6046, "0475"),
    ("Weert", "Limburg", 6001, 6006, "0495"),
    ("Venray", "Limburg", 5801, 5809, "0478"),
    ("Kerkrade", "Limburg", 6461, 6471, "045"),
    ("Geleen", "Limburg", 6161, 6167, "046"),
]

# Rough share of manufacturing firms per province (the industrial east and south weigh more).
PROVINCE_WEIGHT = {
    "Groningen": 4,
    "Friesland": 5,
    "Drenthe": 4,
    "Overijssel": 11,
    "Flevoland": 3,
    "Gelderland": 14,
    "Utrecht": 6,
    "Noord-Holland": 10,
    "Zuid-Holland": 16,
    "Zeeland": 3,
    "Noord-Brabant": 18,
    "Limburg": 6,
}

# Own table of the SBI 2008 codes the demo uses, with their official Dutch descriptions.
SBI: dict[str, str] = {
    "2229": "Vervaardiging van overige producten van kunststof",
    "2453": "Gieten van lichte metalen",
    "2511": "Vervaardiging van metalen constructiewerken en delen daarvan",
    "2512": "Vervaardiging van metalen deuren, vensters en kozijnen",
    "2529": "Vervaardiging van metalen tanks en reservoirs",
    "2540": "Vervaardiging van wapens en munitie",
    "2550": "Smeden, persen, stampen en profielwalsen van metaal; poedermetallurgie",
    "2561": "Oppervlaktebehandeling en bekleding van metaal",
    "2562": "Algemene metaalbewerking",
    "2573": "Vervaardiging van gereedschap",
    "2593": "Vervaardiging van artikelen van draad en van kettingen en veren",
    "2599": "Vervaardiging van overige producten van metaal n.e.g.",
    "2611": "Vervaardiging van elektronische componenten",
    "2612": "Vervaardiging van elektronische printplaten",
    "2651": "Vervaardiging van meet-, regel-, navigatie- en controleapparatuur",
    "2670": "Vervaardiging van optische instrumenten en apparatuur",
    "2732": "Vervaardiging van overige elektrische en elektronische kabel",
    "2790": "Vervaardiging van overige elektrische apparatuur",
    "2812": "Vervaardiging van hydraulische apparatuur",
    "2822": "Vervaardiging van hijs-, hef- en transportwerktuigen",
    "2829": "Vervaardiging van overige machines en apparaten voor algemeen gebruik n.e.g.",
    "2830": "Vervaardiging van machines en werktuigen voor de land- en bosbouw",
    "2893": "Vervaardiging van machines voor de productie van voedings- en genotmiddelen",
    "2899": "Vervaardiging van overige machines, apparaten en werktuigen voor specifieke doeleinden n.e.g.",
    "29201": "Carrosseriebouw",
    "29202": "Vervaardiging van aanhangwagens en opleggers",
    "2932": "Vervaardiging van niet-elektrische en -elektronische onderdelen en toebehoren voor auto's",
    "3011": "Bouw van schepen en drijvend materieel (geen sport- en recreatievaartuigen)",
    "3030": "Vervaardiging van vliegtuigen en onderdelen daarvoor",
    "3311": "Reparatie van producten van metaal",
    "33121": "Reparatie en onderhoud van machines voor algemeen gebruik en machine-onderdelen (geen gereedschap)",
    "3315": "Reparatie en onderhoud van schepen",
    "3316": "Reparatie en onderhoud van vliegtuigen",
    "33221": "Installatie van machines voor algemeen gebruik (geen gereedschap)",
    "4321": "Elektrotechnische bouwinstallatie",
    "7112": "Ingenieurs en overig technisch ontwerp en advies",
}

# Archetypes: what kind of shop a firm is. Main SBI codes (weighted) and secondary codes.
ARCHETYPE_SBI: dict[str, list[tuple[str, int]]] = {
    "precision": [("2562", 8), ("2573", 1), ("2599", 1)],
    "sheet_metal": [("2562", 4), ("2599", 3), ("2512", 1)],
    "welding": [("2511", 6), ("2529", 2), ("2562", 1)],
    "machine_builder": [("2829", 3), ("2899", 3), ("2893", 2), ("2830", 2), ("2822", 1), ("2812", 1)],
    "electronics": [("2612", 3), ("2611", 2), ("2651", 2), ("2732", 2), ("2790", 1), ("2670", 1)],
    "surface": [("2561", 1)],
    "casting_forging": [("2453", 2), ("2550", 3)],
    "composites": [("2229", 3), ("3030", 1)],
    "repair": [("3311", 3), ("33121", 3), ("33221", 2), ("3316", 1)],
    "vehicle": [("29201", 2), ("29202", 2), ("2932", 1)],
    "shipbuilding": [("3011", 3), ("3315", 2)],
    "installation": [("4321", 2), ("33221", 1)],
}
SECONDARY_SBI = ["2562", "3311", "2599", "7112", "33221", "2561", "2511"]

LEGAL_FORMS = [("B.V.", 80), ("V.O.F.", 7), ("", 9), ("Holding B.V.", 4)]

SURNAMES = """
De Vries,Van Dijk,Bakker,Janssen,Visser,Smit,Meijer,De Boer,Mulder,De Groot,Bos,Vos,Peters,
Hendriks,Van Leeuwen,Dekker,Brouwer,De Wit,Dijkstra,Smits,De Graaf,Van der Meer,Van der Linden,
Kok,Jacobs,De Haan,Vermeulen,Van den Berg,Van der Heijden,Schouten,Van Beek,Willems,Van Vliet,
Van de Ven,Hoekstra,Maas,Verhoeven,Koster,Van Dam,Prins,Blom,Huisman,Peeters,De Jong,Kuipers,
Van Wijk,Postma,Kuiper,Veenstra,Kramer,Van den Brink,Scholten,Van Wijngaarden,Post,Martens,
Vink,Wouters,Bosman,Timmermans,Groen,Gerritsen,Jonker,Van Loon,Boer,Van der Veen,Evers,Hofman,
Ten Brink,Oosterhuis,Nijhuis,Wessels,Lammers,Kamphuis,Hermsen,Bruggink,Hulshof,Roelofs,Mensink,
Geerts,Verbeek,Claassen,Van Rooij,Aarts,Sanders,Hoogland,Zwart,Stam,Rietveld,Bleeker,Kemper,
Lubbers,Ter Horst,Oude Veldhuis,Hazelhoff,Wolters,Rutgers,Kloosterman,Bouwhuis,Tijhuis,Velthuis
""".replace("\n", "").split(",")

BRAND_HEADS = """Preci,Metra,Tecno,Dura,Flexi,Tri,Uni,Omni,Quadro,Nova,Astra,Vector,Alu,Inox,Stal,
Forma,Techni,Mecha,Hydro,Therma,Proto,Sigma,Delta,Axio,Kinet,Lumi,Robo,Ferro,Cupro,Titan,Micro,Maxi,
Vulca,Argo,Polar,Kwadra,Noord,Oost,West,Zuid,Rijn,Maas,IJssel,Vecht,Dinkel,Berkel""".replace("\n", "").split(
    ","
)
BRAND_TAILS = [
    "tec", "form", "mat", "tech", "line", "mach", "weld", "cut", "parts", "works",
    "metal", "fab", "plan", "tronic", "con", "flex", "dyn", "max", "pro", "sys",
]  # fmt: skip
# Words that fit any shop (names drawn from these never contradict the archetype).
GENERIC_WORDS = [
    "Metaaltechniek", "Metaalindustrie", "Techniek", "Industrie", "Groep", "Productie", "Metaal",
    "Maakindustrie", "Industrial", "Technology",
]  # fmt: skip
ARCHETYPE_WORDS: dict[str, list[str]] = {
    "precision": ["Precisietechniek", "Verspaning", "Draaierij", "Fijnmechanica", "Metaalbewerking"],
    "sheet_metal": ["Plaatwerk", "Metaaltechniek", "Plaatbewerking", "Metaalbewerking"],
    "welding": ["Staalbouw", "Constructiebedrijf", "Lastechniek", "Staalconstructies"],
    "machine_builder": ["Machinebouw", "Machinefabriek", "Apparatenbouw", "Engineering"],
    "electronics": ["Elektronica", "Elektrotechniek", "Electronics", "Kabeltechniek"],
    "surface": ["Oppervlaktetechniek", "Coating", "Poedercoating", "Galvano"],
    "casting_forging": ["Gieterij", "Smederij", "Smeedwerk", "Gietwerk"],
    "composites": ["Composites", "Kunststoftechniek", "Kunststofbewerking"],
    "repair": ["Industrieel Onderhoud", "Revisie", "Technische Dienst", "Onderhoud"],
    "vehicle": ["Carrosseriebouw", "Wagenbouw", "Aanhangwagens", "Voertuigbouw"],
    "shipbuilding": ["Scheepsbouw", "Jachtbouw", "Scheepswerf", "Maritiem"],
    "installation": ["Installatietechniek", "Montagetechniek", "Elektrotechniek"],
}
STREETS = (
    """Industrieweg,Nijverheidsweg,Ambachtsweg,Edisonstraat,Handelsweg,Energieweg,Techniekweg,
Fabrieksweg,Bedrijvenweg,Marconistraat,Newtonstraat,Wattstraat,Zuiderhavenweg,Havenweg,Kanaalweg,
Dieselstraat,Ringoven,Innovatieweg,Pascalweg,Keplerstraat,Galileistraat,Voltastraat,Morsestraat,
Ampèrestraat,Smidsweg,Koperslagersweg,Smederijstraat,Loodsweg,Kraanweg,Werkplaatsweg,Overslagweg,
Transportweg,Metaalweg,Stationsweg,Produktieweg,Ondernemingsweg,Boekweitstraat,Vlasakker,
De Hooge Bong,Het Wooldrik,De Schans,Oude Kampen,Hoge Bergweg,Molenweg,IJzerweg""".replace("\n", "")
    .replace("\u00ad", "")
    .split(",")
)

FIRST_NAMES = [
    "Jan", "Henk", "Gerrit", "Bert", "Wim", "Harm", "Johan", "Kees", "Piet", "Ruud", "Marco",
    "Erik", "Sander", "Martijn", "Bas", "Joost", "Ellen", "Marieke", "Sanne", "Inge", "Anouk",
]  # fmt: skip

# Contracting authorities. Defence buyers carry national ids (fictional OIN-like numbers).
DEFENCE_BUYERS: list[dict[str, str]] = [
    {
        "name": "Ministerie van Defensie",
        "official": "Ministerie van Defensie",
        "national_id": "00000001003214345000",
        "town": "Den Haag",
    },
    {
        "name": "Defensie Materieel Organisatie",
        "official": "Ministerie van Defensie, Defensie Materieel Organisatie (DMO)",
        "national_id": "00000001003214345001",
        "town": "Utrecht",
    },
    {
        "name": "COMMIT",
        "official": "Ministerie van Defensie, DMO / Joint IV Commando (COMMIT)",
        "national_id": "00000001003214345002",
        "town": "Den Haag",
    },
    {
        "name": "Commando Materieel en IT (COMMIT)",
        "official": "Ministerie van Defensie - Commando Materieel en IT",
        "national_id": "00000001003214345002",
        "town": "Utrecht",
    },
    {
        "name": "Defensie Ondersteuningscommando",
        "official": "Ministerie van Defensie, Defensie Ondersteuningscommando (DOSCO)",
        "national_id": "00000001003214345003",
        "town": "Utrecht",
    },
]
CIVIL_BUYERS: list[dict[str, str]] = [
    {"name": "Rijkswaterstaat", "official": "Ministerie van Infrastructuur en Waterstaat, Rijkswaterstaat",
     "national_id": "00000001003214369000", "town": "Utrecht"},
    {"name": "ProRail B.V.", "official": "ProRail B.V.", "national_id": "30124359", "town": "Utrecht"},
    {"name": "Gemeente Rotterdam", "official": "Gemeente Rotterdam", "national_id": "24494337",
     "town": "Rotterdam"},
    {"name": "Gemeente Eindhoven", "official": "Gemeente Eindhoven", "national_id": "17272738",
     "town": "Eindhoven"},
    {"name": "Gemeente Enschede", "official": "Gemeente Enschede", "national_id": "06077370",
     "town": "Enschede"},
    {"name": "Gemeente Groningen", "official": "Gemeente Groningen", "national_id": "01176154",
     "town": "Groningen"},
    {"name": "Havenbedrijf Rotterdam N.V.", "official": "Havenbedrijf Rotterdam N.V.",
     "national_id": "24354561", "town": "Rotterdam"},
    {"name": "Rijksvastgoedbedrijf", "official": "Ministerie van BZK, Rijksvastgoedbedrijf",
     "national_id": "00000001003214370000", "town": "Den Haag"},
    {"name": "Waterschap Vallei en Veluwe", "official": "Waterschap Vallei en Veluwe",
     "national_id": "54862799", "town": "Apeldoorn"},
    {"name": "Provincie Noord-Brabant", "official": "Provincie Noord-Brabant", "national_id": "17278718",
     "town": "'s-Hertogenbosch"},
    {"name": "Universiteit Twente", "official": "Universiteit Twente", "national_id": "50130536",
     "town": "Enschede"},
    {"name": "TNO", "official": "Nederlandse Organisatie voor toegepast-natuurwetenschappelijk onderzoek TNO",
     "national_id": "27376655", "town": "Den Haag"},
]  # fmt: skip

# CPV codes (8 digits + check digit) for the kinds of work the demo firms win.
CPV_DEFENCE = [
    ("35400000-2", "Militaire voertuigen en bijbehorende onderdelen"),
    ("35410000-5", "Gepantserde militaire voertuigen"),
    ("35420000-8", "Onderdelen van militaire voertuigen"),
    ("35513000-4", "Oorlogsschepen en bijbehorende onderdelen"),
    ("35600000-4", "Militaire vliegtuigen, raketten en ruimtevaartuigen"),
    ("35700000-5", "Militaire elektronische systemen"),
    ("35720000-1", "Inlichtingen, surveillance, doelopsporing en verkenning"),
    ("35300000-1", "Wapens, munitie en bijbehorende onderdelen"),
    ("50600000-1", "Reparatie en onderhoud van beveiligings- en defensiematerialen"),
    ("42600000-2", "Werktuigmachines"),
    ("44500000-5", "Gereedschap, sloten, sleutels, scharnieren, bevestigingsmiddelen, ketting en veren"),
]
CPV_CIVIL = [
    ("44212000-3", "Bouwproducten en daarmee verband houdende producten, behalve bruggen"),
    ("45223200-8", "Constructiewerkzaamheden"),
    ("50530000-9", "Reparatie en onderhoud van machines"),
    ("42900000-5", "Diverse machines voor algemeen en speciaal gebruik"),
    ("34900000-6", "Diverse transportuitrusting en reserveonderdelen"),
    ("31300000-9", "Geïsoleerde draad en kabel"),
    ("44316000-8", "IJzerwaren"),
    ("34600000-3", "Locomotieven en rollend materieel voor spoor- of tramwegen en aanverwante onderdelen"),
    ("45262400-5", "Optrekken van staalconstructies"),
    ("38000000-5", "Laboratorium-, optische en precisieapparatuur (geen brillen)"),
]

# Fictional defence primes (OEMs) whose supplier lists the demo writes.
PRIMES: list[dict[str, str]] = [
    {"slug": "noordkaap-naval", "name": "Noordkaap Naval Systems B.V.", "lang": "nl", "place": "Vlissingen"},
    {"slug": "havik-sensors", "name": "Havik Sensors & Radar B.V.", "lang": "en", "place": "Hengelo"},
    {"slug": "bastion-land", "name": "Bastion Land Systems Nederland B.V.", "lang": "nl", "place": "Ede"},
    {"slug": "zeearend-aero", "name": "Zeearend Aerostructures B.V.", "lang": "en", "place": "Woensdrecht"},
]

# Firms abroad that win awards or supply primes: named in sources but not in the population.
FOREIGN_FIRMS: list[tuple[str, str, str, str]] = [
    ("Rheintal Präzisionsteile GmbH", "Duisburg", "47051", "DE"),
    ("Schwarzwald Feinmechanik GmbH", "Freiburg", "79098", "DE"),
    ("Ateliers Mécaniques de Wallonie SA", "Liège", "4000", "BE"),
    ("Vlaamse Kabeltechniek NV", "Gent", "9000", "BE"),
    ("Nordic Composite Structures AB", "Linköping", "58183", "SE"),
    ("Bayerische Wehrtechnik Komponenten GmbH", "Augsburg", "86150", "DE"),
    ("Thames Precision Engineering Ltd", "Reading", "RG1 1AA", "GB"),
    ("Société Alpine de Mécanique SAS", "Annecy", "74000", "FR"),
]

PARTNER_NAMES = [
    "Coatinggroep Oost", "Hardingscentrum Midden", "Galvano Zuid", "Lasercentrum Noord",
    "Poedercoat Service Brabant", "Anodiseer Techniek West", "Straalbedrijf Delta",
    "Vonkerosie Centrum Twente", "Meetlab Regio Oost", "3D Print Hub Eindhoven",
]  # fmt: skip
