"""Is a sentence a claim about the firm itself? Rules that keep explainers and others' facts out.

A term found in a sentence becomes an indicator only when the sentence states something about the
firm. context.py removes negated, outsourced and customer/partner sentences; this module removes:

- definitions and explainers of a standard or a process ("what is ISO 9001", "how AS9100 differs
  from ISO 9001", "EN 1090 ist eine Norm für ...") unless the firm speaks in the first person;
- capability lists of a technique ("a fibre laser can cut steel, aluminium and copper",
  "Laserschneiden eignet sich für Edelstahl") unless the firm speaks;
- application examples ("for example in the food industry", "zum Beispiel in der Medizintechnik");
- neighbours in the chain ("the gap between the foundries and assembly");
- and it says why a sentence on a news page still counts: a firm's own news reports on the firm in
  the third person or the passive ("de hercertificering voor ISO 14001 is weer behaald", "X received
  a renewal of its EN 1090 certificate").

Every pattern works on folded text (text.fold): no accents (ä -> a, ü -> u), ASCII quotes.
"""

from __future__ import annotations

import re

from ketenradar.indicators.context import SELF_DESCRIPTION, _segment

_I = re.IGNORECASE

SELF = re.compile(
    r"\b(?:wij|we|us|ik|wir|uns|ons|onze|our|ours|unser|unsere|unseren|unserem|unserer|unseres)\b", _I
)

DEFINITION = re.compile(
    r"^\W*(?:wat\s+(?:is|zijn|betekent|houdt)|what\s+(?:is|are|does)|was\s+(?:ist|sind|bedeutet)|waarom|why|warum|"
    r"hoe\s+(?:werkt|verschilt)|how\s+(?:does|do|is|to)|wie\s+(?:funktioniert|unterscheidet))\b|"
    r"\b(?:is|ist|are|zijn|sind)\s+(?:een|de|het|the|a|an|eine?|die|der|das)\s+(?:\w+\s+){0,3}?"
    r"(?:norm|standaard|standard|normen|standards|richtlijn|guideline|richtlinie|verfahren|process|proces|"
    r"methode|method|technique|techniek|technik|fertigungsverfahren|productiemethode)\b|"
    r"\b(?:differs?\s+from|verschilt\s+van|verschillen\s+tussen|unterscheidet\s+sich|difference\s+between|"
    r"unterschied\s+zwischen|stands?\s+for|staat\s+voor|steht\s+fur|beschrijft|beschreibt|describes|legt\s+fest|"
    r"specifies|specificeert|defines|definieert|definiert|is\s+bedoeld\s+voor|is\s+intended\s+for|"
    r"dient\s+dazu|is\s+required\s+for|is\s+verplicht\s+voor|ist\s+(?:\w+\s+)?(?:vorgeschrieben|pflicht))\b|"
    # General requirements, not the firm's own state: "AS9100 is often required for aerospace".
    r"\b(?:muss|mussen|must|moeten|moet|should|sollten|erfordert\w*|erforderlich|vorgeschrieben|required|requires?|"
    r"vereist|verplicht|dient\s+als|serves\s+as|fungeert\s+als|typischerweise|typically|doorgaans|usually|meestal|"
    r"unerlasslich|unverzichtbar|voraussetzung|essential|indispensable|prerequisite|a\s+must|onmisbaar|noodzakelijk|"
    r"onontbeerlijk|vereiste|randvoorwaarde)\b",
    _I,
)

CAPABILITY = re.compile(
    r"\b(?:can\s+(?:be\s+)?(?:cut|used|processed|machined|welded|applied)|kan\s+(?:\w+\s+){0,4}?(?:worden\s+)?"
    r"(?:snijden|gesneden|gebruikt|verwerkt|bewerkt|gelast|toegepast)|kunnen\s+(?:\w+\s+){0,3}?(?:worden\s+)?(?:gesneden|gebruikt|verwerkt|bewerkt|"
    r"gelast|toegepast)|lasst\s+sich|lassen\s+sich|eignet\s+sich|eignen\s+sich|is\s+suitable|are\s+suitable|"
    r"is\s+geschikt|zijn\s+geschikt|geschikt\s+voor\s+(?:het\s+)?(?:snijden|bewerken)|"
    r"kann\s+(?:\w+\s+){0,3}?(?:geschnitten|bearbeitet|verwendet|geschweisst|eingesetzt)|"
    r"konnen\s+(?:\w+\s+){0,3}?(?:geschnitten|bearbeitet|verwendet|geschweisst|eingesetzt))\b",
    _I,
)

# "Een fiberlaser snijdt in principe alles: staal, RVS, aluminium": what a machine could work, not the
# firm's materials.
IN_PRINCIPLE = re.compile(
    r"\b(?:in\s+principe|in\s+principle|im\s+Prinzip|grundsatzlich|theoretisch|theoretically)\b", _I
)

EXAMPLE = re.compile(
    r"\b(?:for\s+example|for\s+instance|e\.\s?g\.|bijvoorbeeld|bijv\.|zum\s+Beispiel|z\.\s?B\.|beispielsweise|"
    r"typical\s+applications?|typische\s+toepassingen|toepassingen\s+(?:zijn|zoals)|applications\s+(?:include|such\s+as)|"
    r"anwendungsbeispiele?|anwendungen\s+(?:sind|finden|wie)|typische\s+anwendungen|"
    r"(?:wordt|worden)\s+(?:\w+\s+)?(?:gebruikt|toegepast)\s+in|"
    r"(?:wordt|worden)\s+(?:\w+\s+){0,2}(?:veel|vaak|al|breed|algemeen|steeds\s+vaker|onder\s+meer)\s+"
    r"(?:gebruikt|toegepast|ingezet)\s+(?:in|voor|bij)|"
    r"(?:is|are)\s+(?:\w+\s+){0,2}used\s+(?:in|for)|"
    # An outlook on a technique or market: "uncrewed vessels are expected to play a big role in ...".
    r"(?:is|are)\s+expected\s+to\s+play|play\s+a\s+(?:\w+\s+)?role\s+in|een\s+(?:\w+\s+)?rol\s+(?:gaan\s+)?spelen|"
    r"eine\s+(?:\w+\s+)?Rolle\s+spielen|wird\s+(?:\w+\s+){0,2}eingesetzt|werden\s+(?:\w+\s+){0,2}eingesetzt|"
    r"finds?\s+(?:\w+\s+)?applications?\s+in|vindt\s+toepassing|findet\s+(?:\w+\s+)?Anwendung)\b",
    _I,
)
# Groups an example or capability sentence most often names without it being the firm's own.
EXAMPLE_GROUPS = frozenset({"market", "material", "process", "product", "tech"})

# "between the foundries and assembly": the chain around the firm, not the firm.
CHAIN = re.compile(
    # The long form, with a relative clause or a second pair: "tussen de gieterijen, die de ruwe gietstukken
    # aanleveren, en de eindassemblage", "between the forges and our customers' engine assembly lines".
    r"\b(?:between|tussen|zwischen)\s+(?=[^.;]{0,40}?(?:foundr|gieterij|giesserei|forge|smederij|schmiede|mill|"
    r"stahlwerk|staalfabriek|walserij|supplier|leverancier|lieferant|oem|werf|yard))[^.;]{0,110}"
    r"\b(?:and|en|und)\s+(?:the\s+|de\s+|het\s+|den\s+|der\s+|dem\s+|die\s+|our\s+|onze\s+)?"
    r"[\w'-]+(?:\s+[\w'-]+){0,3}|"
    r"\b(?:between|tussen|zwischen)\s+(?:the\s+|de\s+|het\s+|den\s+|der\s+|dem\s+|die\s+)?[\w-]+(?:\s+[\w-]+)?\s+"
    r"(?:and|en|und)\s+(?:the\s+|de\s+|het\s+|den\s+|der\s+|dem\s+|die\s+)?[\w-]+(?:\s+[\w-]+)?|"
    r"\b(?:upstream|downstream|stroomopwaarts|stroomafwaarts|vorgelagert\w*|nachgelagert\w*)\b[^.;]{0,60}",
    _I,
)

DEFINITION_WORDS = re.compile(
    r"\b(?:betekent|betekenen|mean|means|bedeutet|bedeuten|verschil\w*|differ\w*|unterschied\w*|"
    r"is|are|zijn|ist|sind|werkt|works|funktioniert)\b",
    _I,
)

# A firm's news about itself: achieved, renewed, received, invested, commissioned.
REPORT = re.compile(
    r"\b(?:behaald|verlengd|ontvangen|toegekend|uitgereikt|verkregen|geslaagd|gehaald|hercertific\w*|"
    r"recertifi\w*|rezertifi\w*|renewal|renewed|received|receives|awarded|achieved|obtained|passed|granted|gained|"
    r"erhalten|erhielt|verliehen|bestanden|erneuert|rezertifizier\w*|erneuerung|bestatigt|bevestigd|confirmed|"
    r"aufrechterhalten|behouden|retained|maintained|"
    r"geinvesteerd|investeert|investeerde|invested|invests|investiert|in\s+gebruik\s+genomen|commissioned|"
    r"installed|geinstalleerd|installiert|in\s+Betrieb\s+genommen|aangeschaft|acquired|angeschafft|"
    r"uitgebreid|expanded|erweitert|geleverd|delivered|geliefert|opgeleverd|completed|afgerond|abgeschlossen|"
    r"gecertificeerd|certified|zertifiziert|ingevoerd|introduced|eingefuhrt|einfuhrung|went\s+live|live\s+gegaan|"
    r"geplaatst|placed|aufgestellt|opgestart|started|binnengehaald|gewonnen|won|secured|geopend|opened|eroffnet|"
    r"verscheept|shipped|versandt|"
    r"verstarkt|versterkt|joined|arrived|gearriveerd|eingetroffen|appointed|benoemd|aangesteld|ernannt|selected|"
    r"geselecteerd|ausgewahlt|gekozen|nominated|"
    r"plaatsgevonden|succesvol|successfully|successful|erfolgreich|verlief|verdoppelt|verdubbeld|doubled|"
    r"addition|toevoeging|zuwachs|im\s+Einsatz|in\s+use|in\s+gebruik|gaining|congratulations|gefeliciteerd|"
    r"gluckwunsch|zugelassen|now|nu|jetzt|inmiddels|mittlerweile|sinds|seit|since|"
    r"taking\s+part|takes\s+part|took\s+part|neemt\s+deel|namen\s+deel|nimmt\s+(?:\w+\s+)?teil|participat\w*|deelname|teilnahme|"
    r"loopt|lopen|lauft|laufen|running|underway|gestart|gestartet|launched|"
    r"nieuwe?|new|neue[nrms]?|trots|proud|stolz)\b",
    _I,
)
# A past passive on the firm's own news page reports its work ("voor X werden 400 beugels gelast",
# "im Mai wurden zwei Roboter installiert", "housings were machined for ..."). Not for certificates: a
# standard's own news is written the same way ("ISO 9001 was revised in 2015").
PASSIVE_REPORT = re.compile(
    r"\b(?:werd|werden|wurde|wurden|was|were)\s+(?:[\w-]+\s+){0,6}?(?:ge\w+(?:d|t|en)|\w+ed|built|made|cut|sent|"
    r"bent|ground|drawn|cast|shipped|won)\b",
    _I,
)


def _covers(pattern: re.Pattern[str], sentence: str, a: int, b: int) -> bool:
    return any(m.start() <= a and m.end() >= b for m in pattern.finditer(sentence))


# "gietwerk van onze klanten", "castings of our customers": what the firm works on, not what it does.
CUSTOMERS_THING = re.compile(
    r"\s+(?:van|of|von|der|des)\s+(?:onze\s+|our\s+|unserer\s+|unseren\s+|de\s+|the\s+|ihrer\s+|uw\s+|your\s+)?"
    r"(?:klant|klanten|opdrachtgever\w*|customers?|clients?|kunden|auftraggeber\w*)\b",
    _I,
)

# A question that explains: "wat betekent de nieuwe ISO 9001 voor u?", "What is EN 1090?"
QUESTION = re.compile(r"\b(?:wat|what|was|waarom|why|warum|hoe|how|wie|welke|which|welche)\b[^?]*\?\s*$", _I)


# Job ads speak of a post, not of what the firm does ("we are hiring: maintenance electrician").
VACANCY = re.compile(
    r"\b(?:vacatures?|vacancy|vacancies|we\s+are\s+hiring|we're\s+hiring|join\s+our\s+team|wir\s+suchen|"
    r"gezocht|gesucht|stellenangebot\w*|job\s+opening|werken\s+bij|karriere|apprentice|stagiair\w*|"
    r"stageplaats\w*|ausbildungsplatz\w*)\b|\((?:m/v|m/w|v/m|m/v/x|m/w/d|w/m/d|h/f)\)",
    _I,
)
# The wishes of a job advertisement: a skill asked of applicants, not the firm's own ("ervaring met
# robotlassen of AS9100 is een pré", "knowledge of AS9100 would be an advantage", "Kenntnisse der EN 9100
# sind wünschenswert"). Job pages split into sentences, so the post's own words may be sentences away.
JOB_WISH = re.compile(
    r"\b(?:(?:is|zijn)\s+een\s+pre|een\s+pre\b|(?:would|will)\s+be\s+(?:a|an)\s+(?:plus|advantage|asset|bonus)|"
    r"(?:is|are)\s+(?:a|an)\s+(?:plus|advantage|asset|bonus)|(?:is|are)\s+(?:highly\s+)?(?:preferred|desirable|desired)|"
    r"(?:sind|ist|waren|waere|ware)\s+(?:\w+\s+)?(?:wunschenswert|von\s+vorteil|erwunscht)|wunschenswert|von\s+Vorteil|"
    r"ihr\s+profil|your\s+profile|je\s+profiel|jouw\s+profiel|wat\s+vragen\s+wij|wat\s+wij\s+vragen|what\s+we\s+ask|"
    r"was\s+sie\s+mitbringen|das\s+bringen\s+sie\s+mit|you\s+will\s+have|you\s+have\s+(?:\w+\s+)?experience|"
    r"je\s+hebt\s+(?:\w+\s+)?ervaring|je\s+kent|sie\s+haben\s+(?:\w+\s+)?erfahrung|du\s+hast|bring(?:st|en\s+sie)\s+(?:\w+\s+){0,4}mit)",
    _I,
)
# Knowing or having worked with a standard is not holding its certificate.
KNOWS_STANDARD = re.compile(
    r"\b(?:ervaring\s+met|kennis\s+van|bekend\s+met|experience\s+(?:with|of|in)|knowledge\s+of|familiar\s+with|"
    r"erfahrung\s+(?:mit|in)|kenntnisse?\s+(?:der|des|von|in|im)|vertraut\s+mit|"
    r"(?:eisen|requirements|anforderungen)\s+(?:van|of|der|des)|"
    r"(?:AS9100|EN\s?9100|ISO\s?9001)\s+environments?)\s+(?:[\w-]+\s+){0,3}$",
    _I,
)
# A sister company's trade or certificate ("Our sister company Kestrel Coatings specialises in anodising",
# "Zur Unternehmensgruppe gehört auch die X GmbH, die ... verzinkt"): the group, not the firm.
SISTER = re.compile(
    r"\b(?:zuster\w*|sister\s+(?:company|companies|firm|firms|business|businesses|plant)|schwester\w*|"
    r"(?:zur|in\s+der|innerhalb\s+der)\s+(?:\w+\s+)?(?:unternehmens)?gruppe\s+gehor\w*|"
    r"(?:binnen|within)\s+(?:de|onze|the|our)\s+(?:\w+\s+)?(?:groep|group)\b(?!\s*,?\s+(?:\w+\s+){0,2}(?:wij|we|wir|ik)\b)"
    r"\s*,?\s+(?:\w+\s+){0,2}(?:is|zijn|richt|houdt|focus\w*|specialis\w*))",
    _I,
)


# A technology the firm uses (sensors watch its ovens, a camera checks its parts) is not a technology it
# develops or builds (labelling guide: using a technology in-house is not enough).
TECH_USE = re.compile(
    r"\b(?:gebruiken|gebruikt|gebruik\s+van|maken\s+(?:\w+\s+)?gebruik|zetten\s+(?:\w+\s+){0,6}in|ingezet|"
    r"met\s+behulp\s+van|uitgerust\s+met|voorzien\s+van|use|uses|using|employ|employs|equipped\s+with|"
    r"with\s+the\s+help\s+of|nutzen|nutzt|verwenden|verwendet|setzen\s+(?:\w+\s+){0,6}ein|eingesetzt|"
    r"mithilfe|mit\s+hilfe|ausgestattet\s+mit|ausgerustet\s+mit|"
    # Bought-in parts the firm only fits: "wir verbauen Sensoren namhafter Hersteller".
    r"verbau\w*|eingebaut|einbauen|ingebouwd|inbouwen|fitted\s+with|we\s+fit|bought[\s-]in|zugekauft\w*|ingekocht\w*|"
    # The firm's own shop watched or steered by the technology: "die Fertigung wird durch KI überwacht".
    r"vernetzt|uberwacht|uberwachen|gesteuert|monitor|monitored|monitors|monitoring|controlled\s+by|bewaakt|bewaken|"
    r"gestuurd\s+door|aangestuurd)\b",
    _I,
)
TECH_MAKE = re.compile(
    r"\b(?:ontwikkel\w*|bouwen|bouwt|gebouwd|maken|maakt|gemaakt|produceren|produceert|geproduceerd|vervaardig\w*|"
    r"fabriceren|leveren|levert|geleverd|integreren|integreert|ontwerpen|ontwerpt|ontworpen|develop\w*|build|builds|"
    r"built|design|designs|designed|manufactur\w*|make|makes|made|produce|produces|supply|supplies|deliver\w*|"
    r"integrat\w*|entwick\w*|bauen|baut|gebaut|fertig(?:en|t|te|ten)|gefertigt|produzier\w*|liefer(?:n|t|te|ten)|geliefert|"
    r"konstruier\w*|herstell(?:en|t|te|ten|ung)|"
    r"hergestellt|stellen\s+(?:\w+\s+){0,3}her|spezialisiert|gespecialiseerd|specialis\w*|specializ\w*|"
    r"forschung|onderzoek|research)\b",
    _I,
)
# Blog and explainer wording: a technology or market explained or discussed, not served.
EXPLAINER = re.compile(
    r"\b(?:blog\w*|artikel|article|uitleg|leggen\s+(?:\w+\s+){0,3}uit|legt\s+(?:\w+\s+){0,3}uit|explain\w*|"
    r"erklaren|erklart|erklaert|whitepaper|webinar|read\s+(?:our|more|about|how)|lees\s+(?:meer|hoe|ons|over)|"
    r"lesen\s+sie|in\s+(?:this|dit|deze|diesem)\s+(?:post|bericht|beitrag|stuk)|we\s+look\s+at|bekijken\s+we|"
    r"schauen\s+wir\s+(?:uns\s+)?(?:an|auf)|the\s+basics\s+of|de\s+basis\s+van|die\s+Grundlagen)\b",
    _I,
)
_HOLDS_CERT = re.compile(
    r"\b(?:certified|gecertificeerd|zertifiziert|accredited|geaccrediteerd|akkreditiert|holds?|hebben|haben)\b",
    _I,
)
# News about others: ministers, cabinets, newspapers, analysts.
OTHERS_NEWS = re.compile(
    r"\b(?:minister|ministers|kabinet|regering|bundesregierung|krant|kranten|newspaper\w*|zeitung\w*|defensienota|"
    r"according\s+to|volgens\s+(?:de\s+)?(?:krant|minister|analisten|onderzoekers|experts|deskundigen)|"
    r"laut\s+(?:einer|der|dem)\s+(?:studie|umfrage|bericht)|analysts?|analisten|analysten)\b",
    _I,
)
# Another firm's news, passed on: "Airbus meldet einen neuen Rekord", "Scheepswerf Damen kondigde ... aan",
# "Congratulations to Arden Marine on the launch of ...", "Glückwunsch an Krämer Landtechnik".
OTHERS_REPORTS = re.compile(
    r"\b(?:meldet|meldete|meldt|meldde|berichtet|berichtete|kondigde|kondigt|announced|announces|reports|reported|"
    r"presenteerde|prasentierte|presented|unveiled|onthulde|stellte\s+(?:\w+\s+){0,4}vor)\b|"
    r"^\W*(?:(?:herzlichen|hartelijk)\s+)?(?:gefeliciteerd|congratulations|gluckwunsch|proficiat|felicitaties)\s+"
    r"(?:aan|to|an)\s+(?!(?:ons|onze|our|us|unser\w*|het\s+team|the\s+team|das\s+team)\b)",
    _I,
)
# News about one customer ("Onze klant, een scheepswerf uit Zeeland, bestelde ...", "Congratulations to our
# customer Airbus"): the customer's doings, not the markets the firm serves.
ONE_CUSTOMER_SUBJECT = re.compile(
    r"^\W*(?:[\w-]+\s+){0,2}?(?:onze|our|unser|unsere[mnr]?)\s+(?:vaste\s+|long-standing\s+|langjahrige[mnr]?\s+)?"
    r"(?:klant|opdrachtgever|afnemer|customer|client|kunde|auftraggeber)\b(?!\s+(?:zijn|are|sind|include|omvatten|komen|come|kommen))",
    _I,
)
# A market word that only qualifies the staff's experience ("onze monteurs hebben offshore-ervaring").
EXPERIENCE_AFTER = re.compile(r"[\s-]*(?:ervaring|experience|erfahrung)\b", _I)
STAFF = re.compile(
    r"\b(?:medewerkers?|monteurs?|mensen|personeel|collega'?s|vakmensen|engineers?|staff|employees|people|"
    r"technicians|fitters|welders|lassers|mitarbeiter\w*|monteure|kollegen|fachkrafte|team)\b",
    _I,
)
# A market's trend, not the firm's customers ("de defensiemarkt groeit hard").
MARKET_TREND = re.compile(
    r"(?<![\w-])[\w-]*(?:markt|market|markets|markte|sector|sektor|branche|industrie|industry)\s+(?:\w+\s+)?"
    r"(?:groeit|groeien|krimpt|krimpen|trekt\s+aan|grows|grew|is\s+growing|are\s+growing|shrinks|is\s+shrinking|"
    r"wachst|wachsen|schrumpft|boomt|booms|is\s+booming)\b",
    _I,
)


# Firms that hold certificates or do work for the firm: suppliers, partners, mills, heat treaters, coaters
# ("ein nach DIN EN 1090 zertifizierter Fachbetrieb", "AS9100 approved heat treaters", "Härtereien, die nach
# Nadcap zugelassen sind", "mills certified to ISO 9001", "onze poedercoater").
OTHER_HOLDER = re.compile(
    r"(?<!\bals\s)(?<!\bas\s)(?<!\bas\sa\s)(?<!\bas\san\s)(?<!\bals\seen\s)(?<!\bals\sein\s)(?<!\bals\seiner\s)"
    r"\b[\w-]*(?:lieferant|leverancier|supplier|zulieferer|subunternehmer|onderaannemer|subcontractor|dienstleister|"
    r"fachbetrieb|stockist|distributor|vendor|harterei|giesserei|verzinkerei|beschichter|lohnharter|gieterij|harderij|"
    r"verzinkerij|poedercoater|coater|galvaniseur|lakspuiterij|foundry|foundries|heat\s+treater|plater|galvani[sz]er|"
    r"steel\s+mill|rolling\s+mill|mills\b|partner|partnerbetrieb|partnerbedrijf)\w*",
    _I,
)
# A clause where the firm speaks between the other firm and the certificate: "Gemeinsam mit unserem Partner
# ... sind wir nach ISO 14001 zertifiziert".
_SELF_PLAIN = re.compile(r"\b(?:wij|we|wir|ik)\b", _I)


# The firm naming itself by the noun: "(we are) an approved supplier", "als zertifizierter Fachbetrieb",
# "und Zulieferer der Marine".
_SELF_NOUN_LEAD = re.compile(
    r"\b(?:als|as|are|zijn|sind|is|ist|und|and|(?-i:en))\s+(?:an?\s+|een\s+|ein\w*\s+|der\s+|die\s+|the\s+)?"
    r"(?:[^\W\d]+\s+){0,2}$|" + SELF_DESCRIPTION.pattern,
    # A sentence opening on the firm's role: "Als nach ISO 13485 zertifizierter Zulieferer fertigen wir".
    _I,
)
# "mit Härtereien", "from mills", "bij een externe harderij": another firm.
_HOLDER_LEAD = re.compile(
    r"\b(?:een\s+externe|externe[nr]?|local|lokale[nr]?|mit|met|with|bei|bij|via|durch|door|von|from|by)\s+"
    r"(?:[\w-]+\s+){0,2}$",
    _I,
)
# "onze poedercoater", "our platers": a trade's agent noun after "our" is a supplier; "onze gieterij",
# "unsere Härterei", "our foundry" are the firm's own departments.
_OUR_LEAD = re.compile(r"\b(?:onze|our|unsere[nmrs]?|unser)\s+(?:[\w-]+\s+)?$", _I)
_AGENT = re.compile(r"(?:er|ers|eur|eurs|ern)$", _I)
# "unser Schweißfachbetrieb", "onze gieterij", "our foundry": a department of the firm, not another firm.
_OWN_UNIT = re.compile(
    r"[\w-]*(?:fachbetrieb|giesserei|harterei|verzinkerei|gieterij|harderij|verzinkerij|lakspuiterij|foundry)(?:e|en)?$",
    _I,
)


def other_holder(sentence: str, a: int, b: int, group: str = "cert") -> bool:
    """True when sentence[a:b] (a certificate or a trade) belongs to another firm named next to it.

    A trade (group process) only when the term lies inside the other firm's noun ("mit Härtereien",
    "onze poedercoater"); a certificate also when it stands next to such a noun without the firm
    speaking in between ("ein nach EN 1090 zertifizierter Fachbetrieb", "AS9100 approved heat treaters")."""
    for m in OTHER_HOLDER.finditer(sentence):
        if group == "cert" and _SELF_NOUN_LEAD.search(sentence, 0, m.start()):
            continue
        if _OUR_LEAD.search(sentence, 0, m.start()) and _OWN_UNIT.match(m.group(0)):
            continue  # "we hold AQAP 2110 and are an approved supplier", "als zertifizierter Fachbetrieb"
        if m.start() <= a and b <= m.end():
            lead = sentence[: m.start()]
            if _HOLDER_LEAD.search(lead) or (_OUR_LEAD.search(lead) and _AGENT.search(m.group(0))):
                return True
            continue
        if group != "cert":
            continue
        if re.search(r"\b(?:ihr|ihre[nmrs]?|uw|your)\s+$", sentence[: m.start()], _I):
            continue  # "Ihr Partner für ...": the firm itself
        lo, hi = (m.end(), a) if m.end() <= a else (b, m.start())
        if hi < lo or hi - lo > 45 or re.search(r"[;:]", sentence[lo:hi]):
            continue
        if _SELF_PLAIN.search(sentence, lo, hi):
            continue
        return True
    return False


# Castings and forgings the firm machines, receives or plans ("It machines castings for pump makers",
# "Ruwe gietstukken komen bij ons binnen", "Bearbeitung großer Schmiedeteile"): others cast and forge them.
CAST_PART = re.compile(
    r"^(?:gietstuk\w*|gietwerk|gietdelen|castings?|cast\s+(?:parts|components)|gussteil\w*|guss\w*teil\w*|"
    r"schmiedeteil\w*|schmiedestuck\w*|forgings|forged\s+(?:parts|components)|smeedstuk\w*|smeedwerk|smeeddelen)$",
    _I,
)
WORKS_ON_PARTS = re.compile(
    r"\b(?:machin\w*|bewerk\w*|nabewerk\w*|bearbeit\w*|zerspan\w*|finish\w*|arrive\w*|komen\s+(?:\w+\s+){0,3}binnen|"
    r"aanlever\w*|beziehen|bezogen|sort\w*|planning|inspect\w*|inspectie|logisti\w*|kitting|fraisen|fras\w*|frezen|"
    r"gefreesd|mill\w*|drill\w*|boren|bohren|grind\w*|slijp\w*|schleif\w*|lack\w*|coat\w*|straal\w*|strahl\w*|"
    # Received in the rough: "ruwe gietstukken gaan bij ons naar binnen", "Rohguss kommt bei uns herein".
    r"gaan\s+(?:\w+\s+){0,3}naar\s+binnen|kommt\s+(?:\w+\s+){0,3}herein|kommen\s+(?:\w+\s+){0,3}herein|"
    r"come\s+in|in\s+the\s+rough|receiv\w*)\b",
    _I,
)
MAKES_CASTINGS = re.compile(
    r"\b(?:gieten|giet|gegoten|giessen|giesst|gegossen|(?:we|wij|wir)\s+(?:\w+\s+)?cast|cast\s+(?:in|by)\s+(?:our|us)|"
    r"pour\w*|smeden|smeedt|gesmeed|schmieden|schmiedet|geschmiedet|(?:we|wij|wir)\s+(?:\w+\s+)?forge|"
    r"(?:eigen|own|eigene[nr]?|unsere[nr]?|our|onze)\s+(?:\w+\s+)?(?:gieterij|foundry|giesserei|smederij|forge|schmiede))\b",
    _I,
)


# Parts the firm machines for another firm's technology ("gimbal brackets for a drone maker", "onderdelen
# voor drones en vliegtuigen", "housings to radar builders"): the technology is the customer's.
PARTS_FOR = re.compile(
    r"\b(?:parts|components|brackets|mounts|housings|frames|arms|onderdelen|componenten|delen|behuizingen|"
    r"motorsteunen|koelplaten|beugels|teile|bauteile|gehause|halterungen|rahmen)\b[^.;]{0,50}?"
    r"\b(?:for|voor|fur|to|aan|an)\s+(?:(?:a|an|the|de|het|een|die|der|den|einen?|our|onze|unsere[nm]?)\s+)?(?:[\w-]+\s+){0,2}$",
    _I,
)
TECH_MAKER = re.compile(
    r"[\w-]*(?:maker|makers|builder|builders|bouwer|bouwers|manufacturer|manufacturers|fabrikant\w*|hersteller\w*|"
    r"producer|producers|bauer)\b",
    _I,
)

# The firm machines the parts: "We machine parts for drones", "gefreesde onderdelen voor drones".
MACHINES_THEM = re.compile(
    r"\b(?:machine|machines|machined|mill|mills|milled|turn|turned|frezen|frees\w*|gefreesd\w*|draaien|gedraaid\w*|"
    r"bewerk\w*|fras\w*|gefrast\w*|dreh\w*|gedreht\w*|bearbeit\w*|zerspan\w*)\b",
    _I,
)
# The development of people, not of products: "wij leiden vakmensen op en investeren in hun ontwikkeling",
# "die Weiterentwicklung unserer Mitarbeiter", "staff development".
PEOPLE_DEVELOPMENT = re.compile(
    r"\b(?:(?:hun|their|ihre[rn]?|zijn|haar|his|her|persoonlijke|personal|personliche[rn]?|professionele|professional)\s+"
    r"(?:\w+\s+)?(?:ontwikkeling|development|entwicklung|weiterentwicklung|groei|growth)|"
    r"(?:ontwikkeling|development|entwicklung|weiterentwicklung)\s+(?:van|of|unserer|der|von)\s+(?:onze\s+|our\s+|de\s+|the\s+)?"
    r"(?:\w+\s+)?(?:medewerkers|mensen|personeel|vakmensen|leerlingen|staff|people|employees|apprentices|mitarbeiter\w*|"
    r"fachkrafte|auszubildende\w*|talent\w*)|(?:staff|people|talent|personeels|personal)[\s-]?(?:ontwikkeling|development|entwicklung))",
    _I,
)
# News of a customer's own new plant abroad ("our customer X on opening its new plant in Poland").
CUSTOMER_SITE = re.compile(
    r"\b(?:onze|our|unser\w*)\s+(?:\w+\s+)?(?:klant|customer|client|kunde)\b[^.;]{0,80}?"
    r"\b(?:its|their|hun|haar|zijn|seine[nmrs]?|ihre[nmrs]?|eine[nmrs]?|een|a)\s+(?:new\s+|nieuwe\s+|neue[nmrs]?\s+|second\s+|tweede\s+|zweite[nmrs]?\s+)?"
    r"(?:plant|factory|fabriek|vestiging|werk|site|branch|niederlassung|fabrik|productielocatie)\b",
    _I,
)
# "Voor hun radarsystemen", "The drones themselves are designed by the customer".
THEIR = re.compile(r"\b(?:hun|their|ihre[nmrs]?|deren|dessen)\s+(?:[\w-]+\s+)?$", _I)
CUSTOMER_BUILDS = re.compile(
    r"\b(?:by\s+(?:the|our|a)\s+(?:customer|client)s?|(?:ontwerpt|bouwt|maakt|ontwikkelt)\s+(?:en\s+\w+\s+)?de\s+klant|"
    r"door\s+de\s+klant|der\s+Kunde\s+selbst|vom\s+Kunden|(?:entirely|all|wholly)\s+theirs|themselves\s+are\s+\w+\s+by|"
    r"(?:baut|entwickelt|konstruiert)\s+(?:\w+\s+)?der\s+Kunde|the\s+customer'?s\s+(?:own\s+)?design)\b",
    _I,
)


def not_a_claim(sentence: str, a: int, b: int, group: str) -> str | None:
    """Why sentence[a:b] is no claim about the firm (a short reason), or None when it may be one."""
    if (
        VACANCY.search(sentence) and not (group == "process" and _OUR_LEAD.search(sentence, 0, a))
    ) or JOB_WISH.search(sentence, *_segment(sentence, a)):
        return "job advertisement"
    if group == "cert" and KNOWS_STANDARD.search(sentence[:a]):
        return "knows the standard"
    if group in ("process", "cert", "market", "tech") and SISTER.search(sentence, *_segment(sentence, a)):
        return "sister company"
    if (
        group == "capacity"
        and re.match(r"(?:ontwikkel|develop|entwickl|weiterentwickl)", sentence[a:b], _I)
        and PEOPLE_DEVELOPMENT.search(sentence)
    ):
        return "the development of people"
    if group == "international" and CUSTOMER_SITE.search(sentence):
        return "a customer's site abroad"
    if QUESTION.search(sentence) and DEFINITION_WORDS.search(sentence):
        return "explaining question"
    if (
        group == "process"
        and CAST_PART.match(sentence[a:b])
        and WORKS_ON_PARTS.search(sentence)
        and not MAKES_CASTINGS.search(sentence)
    ):
        return "castings or forgings of others, worked on"
    own = SELF.search(sentence) is not None
    if group in ("tech", "market") and (EXPLAINER.search(sentence) or OTHERS_NEWS.search(sentence)):
        return "explainer or news about others"
    if group == "cert" and EXPLAINER.search(sentence) and not _HOLDS_CERT.search(sentence):
        return "explains a standard"
    if group in ("tech", "market") and not own and OTHERS_REPORTS.search(sentence):
        return "another firm's news"
    if (
        group in ("tech", "market")
        and ONE_CUSTOMER_SUBJECT.search(sentence)
        and not re.search(
            r"\b(?:onze|our|unsere[nmr]?)\s+(?:\w+\s+)?(?:klanten|customers|clients|kunden)\b", sentence, _I
        )
    ):
        return "news about one customer"
    if group == "tech" and TECH_USE.search(sentence) and not TECH_MAKE.search(sentence):
        return "uses the technology"
    if (
        group == "tech"
        and not re.search(r"satelli|space|ruimte|raumfahrt|weltraum|quant|kwant|cryo|kryo", sentence[a:b], _I)
        and (
            (PARTS_FOR.search(sentence, 0, a) and MACHINES_THEM.search(sentence))
            or TECH_MAKER.match(sentence, a)
            or TECH_MAKER.match(sentence, b)
            or THEIR.search(sentence, 0, a)
            or CUSTOMER_BUILDS.search(sentence)
            or re.match(
                r"\s+(?:maker|makers|builders?|manufacturers?|bouwer\w*|hersteller\w*)\b", sentence[b:], _I
            )
        )
    ):
        return "parts for another firm's technology"
    if group == "market" and EXPERIENCE_AFTER.match(sentence, b) and STAFF.search(sentence):
        return "staff experience"
    if group == "market" and not TECH_MAKE.search(sentence) and _covers(MARKET_TREND, sentence, a, b):
        return "market trend"
    if CUSTOMERS_THING.match(sentence, b):
        return "the customer's material"
    if group in ("cert", "process") and other_holder(sentence, a, b, group):
        return "another firm's certificate or trade"
    if _covers(CHAIN, sentence, a, b):
        return "chain neighbours"
    if not own and DEFINITION.search(sentence):
        return "definition"
    if not own and group in EXAMPLE_GROUPS and CAPABILITY.search(sentence):
        return "capability of a technique"
    if not own and group == "material" and IN_PRINCIPLE.search(sentence):
        return "what a technique can work in principle"
    if not own and group in EXAMPLE_GROUPS and EXAMPLE.search(sentence):
        return "application example"
    return None


def voice(sentence: str, names: re.Pattern[str] | None) -> str | None:
    """Who the sentence speaks for: 'first person', 'firm named', 'report' (news of an achievement),
    'passive report' (a past passive: news of work done, not of certificates) or None."""
    if SELF.search(sentence):
        return "first person"
    if names is not None and names.search(sentence):
        return "firm named"
    if REPORT.search(sentence):
        return "report"
    if PASSIVE_REPORT.search(sentence):
        return "passive report"
    return None
