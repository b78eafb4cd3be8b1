"""When a term in a sentence is *not* a statement about the firm itself.

General rules, in Dutch, German and English (docs/indicators.md lists them with examples):

- Negation: a cue ("geen", "niet", "zonder", "not", "no", "without", "not yet", "working towards")
  before the term in its clause; a clause that starts with the term and is negated after it ("Lassen
  doen wij niet"); a clause that sends the work elsewhere ("valt buiten ons werkterrein"). Idioms
  that look like negations ("niet alleen", "not only", "geen probleem", "no job too small") do not
  count.
- Outsourcing: "besteden wij uit", "werken wij samen met", "we work with" - done by others.
- Others: what customers or partners *do* ("onze klanten zijn actief in de offshore", "our clients
  operate in"), reference lists, talks about a topic; customer, reference and news pages and the
  lines under an "Onze klanten" heading, except where the firm speaks in the first person. Where
  customers come *from* ("klanten uit de offshore") is the firm's own market.
- Pages: certificate documents give certifications only.
- Masks: the firm's own names, names with a legal form, addresses, postcodes, e-mail and web
  addresses are never statements.

Every pattern works on folded text (text.fold): no accents, ASCII dashes and quotes.
"""

from __future__ import annotations

import re

_I = re.IGNORECASE

# -- negation ------------------------------------------------------------------------------------------

NEGATION = re.compile(
    r"\b(?:nog\s+niet|niet\s+langer|niet\s+meer|geen|niet|nooit|zonder|"
    r"not\s+yet|no\s+longer|not|never|without|neither|nor|none|cannot|no|"
    r"noch\s+nicht|nicht\s+mehr|nicht|kein|keine|keinen|keiner|keinem|keines|ohne|nie|niemals|weder)\b|n't\b|"
    r"\b(?:werken\s+(?:toe\s+)?naar|toewerken\s+naar|streven\s+naar|bezig\s+met\s+(?:het\s+behalen|de\s+certificering)|"
    r"in\s+voorbereiding|streven\s+(?:wij\s+|we\s+)?(?:\w+\s+)?naar|working\s+towards?|aiming\s+(?:for|at|to)|in\s+the\s+process\s+of|"
    r"plan(?:nen|ning)?\s+(?:om|to)|binnenkort|in\s+de\s+(?:nabije\s+|verre\s+|verdere\s+)?toekomst|"
    r"in\s+the\s+(?:\w+\s+)?future|aims?\s+to|"
    # Prospects are not current activity: "kansen in de energietransitie", "opportunities in defence".
    r"(?:kansen|opportunities|chancen|potenzial|potentieel|potential|perspectieven|prospects)\s+(?:\w+\s+){0,2}?"
    r"(?:in|voor|for|im|bei)\b|verwacht(?:en)?\s+(?:wij\s+|we\s+)?(?=(?:[\w-]+\s+){0,6}?te\s+(?:behalen|halen|ontvangen|krijgen|openen|starten|bouwen|realiseren|plaatsen))|"
    r"expects?\s+to|expecting\s+to|erwarten\s+(?:wir\s+)?(?=(?:[\w-]+\s+){0,6}?zu\s+(?:erhalten|erreichen))|op\s+(?:korte\s+|lange\s+)?termijn|(?<!as\s)soon|shortly|intends?\s+to|"
    r"demnachst|kunftig|zukunftig|in\s+(?:naher\s+|ferner\s+|absehbarer\s+)?Zukunft|in\s+Planung|"
    r"in\s+Vorbereitung|streben\s+(?:\w+\s+){0,3}an|arbeiten\s+(?:\w+\s+){0,2}an\s+der\s+Zertifizierung|"
    r"volgend\s+jaar|komend\s+jaar|next\s+year|nachstes\s+Jahr|kommendes\s+Jahr|"
    # Steps still to come: "our next step, planned for the autumn, is a loading robot", "we onderzoeken of
    # we de stap naar AS9100 zetten", "in de nieuwbouw is ruimte gereserveerd voor een meetmachine".
    r"next\s+step|volgende\s+stap|nachste[nr]?\s+Schritt|planned\s+for|gepland\s+voor|geplant\s+fur|"
    r"de\s+stap\s+naar|the\s+step\s+(?:up\s+)?to|den\s+Schritt\s+(?:zu|zur|zum)|"
    r"(?:onderzoeken|bekijken|overwegen|investigating|exploring|considering|prufen|uberlegen)\s+(?:\w+\s+){0,2}(?:of|whether|ob)\b|"
    r"(?:ruimte|space|Platz|plek)\s+(?:\w+\s+){0,2}(?:gereserveerd|reserved|reserviert|vorgesehen)\s+(?:voor|for|fur)|"
    r"op\s+de\s+(?:agenda|planning|wensenlijst|verlanglijst)|on\s+the\s+(?:agenda|wish\s*list|roadmap)|auf\s+der\s+(?:Agenda|Wunschliste)|"
    # Wishes count only with a verb of becoming or acquiring ("we willen u graag helpen" is no plan).
    r"(?:willen\s+(?:wij|we)|(?:wij|we)\s+willen|hopen\s+(?:wij|we)|(?:wij|we)\s+hopen|(?:we|i)\s+(?:want|hope|wish)\s+to|"
    r"wir\s+wollen|wollen\s+wir|hoffen\s+wir|wir\s+hoffen)"
    r"(?=(?:\s+[\w-]+){0,8}?[\s-]+(?:behalen|worden|uitbreiden|investeren|starten|aanschaffen|become|achieve|obtain|"
    r"expand|invest|start|add|erreichen|erhalten|werden|erweitern|investieren|anschaffen|starten)\b)|"
    r"(?:planen\s+wir|wir\s+planen|plannen\s+(?:wij|we)|(?:wij|we)\s+plannen|we\s+plan|we\s+are\s+planning)"
    r"(?=(?:\s+[\w-]+){0,4}?\s+(?:Zertifizierung|Anschaffung|Investition|Erweiterung|Einfuhrung|Kauf|certificering|"
    r"aanschaf|investering|uitbreiding|certification|purchase|investment|expansion|introduction|"
    r"Niederlassung|Standort|Werk|vestiging|locatie|site|plant|office|branch)\b)|"
    r"starten\s+(?:\w+\s+){0,2}(?:het\s+)?traject|traject\s+om|soll\w*\s+(?:\w+\s+){0,4}werden|"
    # Future auxiliaries with a verb of coming or being installed: "na de zomer zal er een tweede lasrobot
    # worden geplaatst", "neben der ISO 9001 soll bald auch die ISO 14001 folgen", "will be commissioned".
    r"(?:zal|zullen)(?=(?:\s+[\w-]+){0,8}?\s+(?:worden|plaatsvinden|volgen|komen|behalen|halen)\b)|"
    r"soll\w*(?=(?:\s+[\w-]+){0,8}?\s+(?:folgen|kommen|erhalten|erreichen|dazukommen|hinzukommen)\b)|"
    r"wird(?=(?:\s+[\w-]+){0,8}?\s+(?:installiert|geliefert|angeschafft|eingefuhrt|in\s+Betrieb\s+genommen|erweitert)\s+werden\b)|"
    r"will(?=(?:\s+[\w-]+){0,6}?\s+be\s+(?:installed|commissioned|delivered|added|introduced|certified|operational|arriving|in\s+place)\b))\b",
    _I,
)

# What follows a cue and makes it no negation of what comes after.
NEGATION_IDIOM = re.compile(
    r"\s*(?:alleen|enkel|uitsluitend|slechts|louter|zomaar|voor\s+niets|te\s+(?:onderschatten|missen|versmaden)|"
    r"only|just|merely|simply|limited|to\s+be\s+missed|for\s+nothing|"
    r"nur|allein|lediglich|bloss|umsonst|wegzudenken|zu\s+unterschatzen|"
    r"(?:een\s+|an\s+|ein\s+)?(?:toeval|accident|coincidence|zufall|geheim|secret|uitzondering)|"
    # A double negation is no negation: "kan niet meer zonder", "nicht ohne", "not without".
    r"(?:\w+\s+){0,2}(?:zonder|without|ohne)\b|"
    r"(?:een\s+|enkele?\s+|a\s+|an\s+|any\s+)?(?:probleem|problem|issue|moeite|uitdaging|challenge|concessies?|compromis\w*|"
    r"compromise\w*|zorgen|worries|worry|omkijken|uitzondering|exception|wonder|twijfel|doubt|matter|surprise|"
    r"verrassing|obstacle|obstakel|belemmering|hindernis|vraag|question|bezwaar|objection|less|minder|"
    r"more|meer\s+dan|verder|further)\w*|"
    r"(?:\w+\s+){1,2}(?:te|too)\s+(?:klein|groot|complex|moeilijk|lastig|small|big|large|complex|difficult|complicated)\b|"
    # "We do not outsource our milling", "wij besteden niets uit": the work stays in-house.
    r"(?:\w+\s+){0,2}(?:outsourc\w*|uitbeste\w*|uit\s+te\s+besteden|uit\b(?=[^.;]*?\bbested)))",
    _I,
)

# Words that end a negation's scope before the term.
CLAUSE_BREAK = re.compile(
    r"[;()\[\]]|\s-\s|:\s|,\s*(?=(?:en\s+|and\s+|maar\s+|but\s+)?(?:wij|we|ons|onze|our|us|ik|i)\b)|"
    r",\s*(?=(?:nur|alleen|enkel|uitsluitend|slechts|only|just|lediglich|ausschliesslich|exclusively)\b)|"
    r"\b(?:maar|doch|echter|wel|but|however|although|though|whereas|while|terwijl|want|omdat|because|daarom|"
    r"dus|instead|rather|aber|sondern|jedoch|wahrend|weil|denn|deshalb|daher|stattdessen)\b",
    _I,
)
# A clause for a post-term negation ends at a comma or a conjunction that starts a new clause.
CLAUSE_END = re.compile(
    r"[,;:()\[\]]|\s-\s|\b(?:maar|but|omdat|because|want|terwijl|while|dat|that|die|which|who|dass|weil|aber|"
    r"sondern|welche\w*)\b",
    _I,
)
POST_NEGATION = re.compile(r"\b(?:niet|geen|nooit|not|no|never|nicht|kein\w*|nie)\b|n't\b", _I)
# "zonder" / "without" / "ohne" right after a negation is a double negation: "kan niet meer zonder".
_NEG_RIGHT_BEFORE = re.compile(
    r"\b(?:niet|geen|nooit|not|never|no|nicht|kein\w*|nie)\s+(?:\w+\s+){0,2}$|n't\s+(?:\w+\s+){0,2}$", _I
)
_WITHOUT = re.compile(r"(?:zonder|without|ohne)$", _I)
_UNTHINKABLE = re.compile(
    r"[^.;]{0,80}?\b(?:nicht|niet|not|kaum)\s+(?:mehr\s+|meer\s+)?(?:denkbar|vorstellbar|moglich|mogelijk|denkbaar|"
    r"voorstelbaar|possible|imaginable|conceivable|kunnen|konnen|could|garanderen|garantieren|guarantee|halen|erreichen|achieve)",
    _I,
)
# "Ohne unser MES läuft hier nichts mehr", "zonder ons ERP gebeurt er niets", "without it nothing moves".
_NOTHING_GOES = re.compile(
    r"[^.;,]{0,40}?\b(?:nichts|niets|nothing|niks|kein\w*\s+(?:Auftrag|Teil|Tag)|geen\s+(?:order|dag|onderdeel))\b",
    _I,
)
MAX_SCOPE_WORDS = 12
_WORD = re.compile(r"\w+")

# "Er is geen onderdeel dat wij niet kunnen frezen", "there is no part we cannot turn", "es gibt kein Teil,
# das wir nicht fräsen können": a negated relative clause under a negated head is a claim.
DOUBLE_NEGATION = re.compile(
    r"(?:\b(?:geen|no|kein\w*|niets|nothing|nichts|kaum\s+ein\w*|nauwelijks\s+(?:een|enig)\w*|hardly\s+any|"
    r"barely\s+any|almost\s+no)|\b(?:is|are|was|were)n't\s+(?:a|one|any)|\bnot\s+(?:a|one)\s+single)\s+(?:[\w-]+\s+){0,3}?[\w-]+\s*,?\s+"
    r"(?:dat|die|wat|waar|that|which|we|wij|wir|das|den|was|er)\b[^.;]{0,60}?"
    r"(?:\b(?:niet|not|nicht|nie)\b|n't\b|\bcannot\b)",
    _I,
)
# A plan or expectation after the term, in the clause the term opens: "Ein Schweißroboter soll im nächsten
# Jahr angeschafft werden", "de aanschaf van een lasrobot staat gepland", "a second robot cell is due to
# arrive", "die Zertifizierung nach ISO 14001 ist für 2027 geplant".
FUTURE_AFTER = re.compile(
    r"\b(?:soll\w*|staat\s+(?:\w+\s+)?gepland|staan\s+(?:\w+\s+)?gepland|gepland|geplant|planned|scheduled|"
    r"due\s+to|expected\s+to|is\s+expected|wordt\s+verwacht|verwacht\w*|erwartet|in\s+voorbereiding|"
    r"in\s+Vorbereitung|in\s+preparation|volgend\s+jaar|komend\s+jaar|next\s+year|nachste[ns]?\s+Jahr|"
    r"kommende[ns]?\s+Jahr|binnenkort|demnachst|will\s+(?:\w+\s+)?be|zal\s+(?:\w+\s+)?worden|zullen\s+(?:\w+\s+)?worden|"
    r"wird\s+(?:\w+\s+){0,4}(?:kunftig|bald|im\s+(?:nachsten|kommenden))|to\s+follow|volgt\s+(?:\w+\s+)?binnenkort|"
    r"op\s+de\s+(?:agenda|planning)|on\s+the\s+(?:agenda|roadmap)|auf\s+der\s+Agenda|"
    # Applied for, not yet held: "een Nadcap-accreditatie is aangevraagd", "has been applied for".
    r"aangevraagd|applied\s+for|beantragt)\b",
    _I,
)
# "We are ISO 9001 certified and aim to achieve ISO 14001 next year": a second verb of planning joined by
# "and" starts its own clause; its plan is not the first term's.
_AND_PLAN = re.compile(
    r"\b(?:and|en|und)\s+(?:(?:we|wij|wir)\s+)?(?:aim|aims|plan|plans|intend|intends|hope|expect|want|are\s+working|"
    r"streven|willen|hopen|plannen|werken|verwachten|streben|wollen|hoffen|planen|arbeiten|erwarten)\b",
    _I,
)
_BESIDES = re.compile(
    r"\b(?:naast|behalve|neben|au(?:ss|\u00df)er|besides|apart\s+from|in\s+addition\s+to|alongside)\s+(?:[\w-]+\s+){0,3}$",
    _I,
)


# A clause that says the work is done elsewhere negates every term in it, wherever the term stands.
CLAUSE_NEGATION = re.compile(
    r"\b(?:valt|vallen)\s+(?:\w+\s+)?buiten\b|\bbuiten\s+(?:ons|onze)\s+(?:\w+\s+)?(?:werkterrein|vakgebied|pakket|"
    r"specialisatie|expertise|aanbod|kern\w*)|\belders\s+(?:zijn|terecht|kijken|zoeken)|\b(?:zijn|terecht|kijken|zoeken)\s+"
    r"(?:\w+\s+)?elders\b|\bhelaas\s+(?:niet|geen)\b|\b(?:outside|beyond)\s+(?:of\s+)?(?:our|the)\s+(?:\w+\s+)?"
    r"(?:scope|range|core|expertise|offering|portfolio)|\b(?:look|go)\s+elsewhere\b|\bunfortunately\s+(?:not|no)\b|"
    r"\b(?:not|no\s+longer)\s+(?:part\s+of|within|among|in)\s+(?:our|the)\s+(?:\w+\s+)?(?:scope|range|offering|services|portfolio)|"
    r"\b(?:behoort|behoren|hoort|horen)\s+(?:\w+\s+)?niet\s+tot|\bverwijzen\s+(?:wij|we)\s+(?:u\s+)?(?:\w+\s+)?door\b|"
    r"\brefer\s+you\s+(?:\w+\s+)?(?:elsewhere|to\s+(?:a|one\s+of\s+our)\s+partners?)",
    _I,
)


# A plan whose verb brackets the clause: the German separable "streben ... an", Dutch "streven ... naar",
# "werken ... toe naar", "wollen ... zertifizieren lassen".
PLAN_CLAUSE = re.compile(
    r"\bstreb(?:en|t)\s+(?:wir|sie)\b[^.;]{0,100}?\ban\b(?!\s+(?:der|den|dem|die|das)\b)|"
    r"\b(?:streben|strebt)\b[^.;]{0,100}?\ban\s*(?:[.;,]|$)|"
    r"\bstreven\s+(?:wij|we)\b[^.;]{0,60}?\bnaar\b|\bwerken\s+(?:wij|we)\s+(?:\w+\s+){0,3}?toe\s+naar\b|"
    r"\b(?:wollen|mochten|mussen)\s+wir\b[^.;]{0,80}?\bzertifizier\w*\s+lassen\b|"
    r"\b(?:want|hope|aim|plan|intend)\s+to\s+(?:become|be|get|gain|achieve|obtain)\s+(?:\w+\s+){0,3}?(?:certified|accredited|approved)\b",
    _I,
)

_BRACKETED_ADVERB = re.compile(r"\((?:nog|noch|yet|still|bislang|bisher|nu|jetzt|now|al|schon|already)\)", _I)


def negated(sentence: str, start: int, end: int) -> bool:
    """True when the term at sentence[start:end] is negated within its clause."""
    # "hebben wij (nog) niet": a bracketed "not yet" is part of the clause (lengths are kept).
    sentence = _BRACKETED_ADVERB.sub(lambda m: " " * len(m.group(0)), sentence)
    before = sentence[:start]
    # "Bordessen, trappen en leuningwerk behoort niet tot ons pakket": the whole enumeration is out.
    c0, c1 = _segment(sentence, start)
    if CLAUSE_NEGATION.search(sentence, c0, c1):
        return True
    # "Naast ISO 9001 werken we toe naar ISO 14001", "Neben der ISO 9001 streben wir für 2027 die
    # Zertifizierung nach ISO 14001 an": the plan's verb brackets the clause; what stands "besides"
    # is held now.
    if PLAN_CLAUSE.search(sentence, c0, c1) and not _BESIDES.search(before):
        return True
    # A negated relative clause under a negated head: a double negation (a claim).
    double = [(m.start(), m.end()) for m in DOUBLE_NEGATION.finditer(sentence)]
    # The term opens a clause whose verb is a plan: "Ein Schweißroboter soll ... angeschafft werden".
    c_start = 0
    for m in CLAUSE_END.finditer(before):
        c_start = m.end()
    if len(_WORD.findall(sentence[c_start:start])) <= 5 and not _BESIDES.search(before):
        stop = CLAUSE_END.search(sentence, end)
        limit = stop.start() if stop else len(sentence)
        joined = _AND_PLAN.search(sentence, end, limit)
        if FUTURE_AFTER.search(sentence, end, joined.start() if joined else limit):
            return True
    # Pre-term cue: the nearest cue before the term, with no clause break in between.
    # Cues are found in the whole sentence (a wish needs its verb, which may follow the term).
    for m in reversed([m for m in NEGATION.finditer(sentence) if m.end() <= start]):
        if NEGATION_IDIOM.match(sentence, m.end()):
            continue
        if any(a <= m.start() and m.end() <= b for a, b in double):
            return False
        if _WITHOUT.search(m.group(0)):
            # "Geen onderdeel verlaat ons bedrijf zonder controle", "ohne ... nicht denkbar": a
            # double negation says the firm always does it.
            c_start = 0
            for br in CLAUSE_BREAK.finditer(before[: m.start()]):
                c_start = br.end()
            if (
                POST_NEGATION.search(sentence, c_start, m.start())
                or _UNTHINKABLE.match(sentence, end)
                or _NOTHING_GOES.match(sentence, end)
            ):
                return False
        between = sentence[m.end() : start]
        if CLAUSE_BREAK.search(between):
            break
        if len(_WORD.findall(between)) <= MAX_SCOPE_WORDS:
            return True
        break
    # Post-term cue: the clause starts with (at most three words before) the term.
    clause_start = 0
    for m in CLAUSE_END.finditer(before):
        clause_start = m.end()
    if len(_WORD.findall(sentence[clause_start:start])) > 3:
        return False
    after = sentence[end:]
    stop = CLAUSE_END.search(after)
    clause_after = after[: stop.start()] if stop else after
    for m in POST_NEGATION.finditer(clause_after):
        if NEGATION_IDIOM.match(clause_after, m.end()):
            continue
        return True
    return False


# -- others: customers, partners, references ------------------------------------------------------------

_CUSTOMER_NOUN = (
    r"(?:klanten|klant|opdrachtgevers|opdrachtgever|afnemers|relaties|partners|partner|samenwerkingspartners|\w+partners?|\w+partnern|"
    r"ketenpartners|leveranciers|toeleveranciers|referenties|klantenkring|klantenbestand|"
    r"customers|customer|clients|client|partners|suppliers|references|customer\s+base|client\s+base|"
    r"kunden|kunde|auftraggeber|abnehmer|referenzen|kundenstamm|"
    # Suppliers, also in compounds ("materiaalleveranciers", "Materiallieferanten"), and stockists.
    r"\w*leveranciers|\w*leverancier|\w*lieferanten|\w*lieferant|zulieferer|\w*suppliers|\w*supplier|stockists?|"
    r"subcontractors?|onderaannemers?|subunternehmer|"
    r"distributors?|vendors?|"
    # Firms next to the firm: sister and parent companies, neighbours ("onze zusteronderneming is AS9100
    # gecertificeerd", "unser Nachbarbetrieb übernimmt das Pulverbeschichten", "our parent group owns").
    r"zuster\w+|sister\s+(?:companies|company|firms?|plants?|businesses|business)|schwester\w+|"
    r"moeder\w*(?:bedrijf|maatschappij|onderneming|concern|organisatie)|parent\s+(?:company|group|firm)|"
    r"mutter\w*(?:gesellschaft|konzern|unternehmen|firma)|buurman|buurbedrijf|buurbedrijven|buren|"
    r"nachbar\w*|neighbou?rs?|neighbou?ring\s+(?:firm|company|plant|business)|"
    r"[\w-]+\s+next\s+door|[\w-]+\s+(?:naast\s+ons|nebenan|om\s+de\s+hoek))"
)
# What customers or partners *do* themselves ("onze klanten zijn actief in de offshore", "afnemers die
# leveren aan de automotive", "our clients operate in ...") is about them. Where customers come *from*
# ("ons klantenbestand omvat opdrachtgevers uit de offshore", "klanten in de offshore") is the firm's
# own market, and so stays a statement.
_ACTIVITY = (
    r"(?:zijn\s+(?:\w+\s+)?(?:actief|werkzaam|thuis)|is\s+(?:\w+\s+)?(?:actief|werkzaam|thuis)|werk\w*|lever\w*|"
    r"produc\w*|maakt|maken|bouw\w*|ontwikkel\w*|opere\w*|verzorg\w*|doet|doen|bedien\w*|"
    r"are\s+(?:\w+\s+)?(?:active|working|based)|is\s+(?:\w+\s+)?(?:active|working|based)|operat\w*|work\w*|"
    r"suppl\w*|build\w*|makes?|develop\w*|takes?\s+care|handl\w*|serves?|"
    r"sind\s+(?:\w+\s+)?(?:aktiv|tatig|zuhause)|ist\s+(?:\w+\s+)?(?:aktiv|tatig)|arbeite\w*|liefer\w*|produzier\w*|"
    r"fertig(?:t|en)|bau(?:t|en)|entwickel\w*|herstell\w*|betreib\w*|heeft|hebben|has|have|hat|haben|besitz\w*|"
    r"opent|opens|eroffne\w*|holds|hold|houdt|owns|bezit|besitzt|ubernimm\w*|ubernehm\w*|neemt\s+(?:\w+\s+)?voor\s+zijn\s+rekening|"
    r"takes\s+care\s+of|does|do|did|deed|verzinkt|coats|beschichtet|zorg\w*\s+voor|sorg\w*\s+fur|looks?\s+after|"
    # A supplier's or partner's certificate is theirs, not the firm's.
    r"(?:zijn|is|are|sind|ist)\s+(?:[\w:-]+\s+){0,6}?[\w-]*(?:gecertificeerd|certified|zertifiziert|geaccrediteerd|accredited)|"
    r"[\w-]*(?:gecertificeerd|certified|zertifiziert)\b)"
)
OTHERS_CUE = re.compile(
    # "als toeleverancier", "as a supplier", "ein Zulieferer": the firm itself, not others.
    r"(?<!\bals\s)(?<!\bas\s)(?<!\bas\sa\s)(?<!\bas\san\s)(?<!\bals\seen\s)(?<!\bals\sein\s)"
    r"\b"
    + _CUSTOMER_NOUN
    + r"[\s,]+(?:(?!(?:from|van|uit|aus|to|tot|naar)\b)[\w,-]+[\s,]+){0,5}?"
    + _ACTIVITY
    + r"\b|"
    r"\b[\w-]+\s+(?:approved|certified|gecertificeerde|zertifizierte\w*)\s+(?:\w+\s+)?"
    r"(?:stockists?|suppliers?|leveranciers?|lieferanten|distributors?|vendors?)\b|"
    r"\b(?:customers|clients)'\s+own\b|\b(?:customer|client)'s\s+own\b|\b(?:klanten|kunden)\s+(?:hun|ihre)\s+eigen\w*|"
    # Other firms in general: "most machine shops have lathes", "viele Betriebe lagern aus".
    r"\b(?:most|many|some|other|veel|de\s+meeste|andere|sommige|viele|die\s+meisten|manche)\s+(?:\w+\s+)?"
    r"(?:machine\s+shops|shops|companies|firms|manufacturers|bedrijven|fabrikanten|betriebe|unternehmen|firmen|"
    r"hersteller)\b|"
    r"\b"
    + _CUSTOMER_NOUN
    + r"\b[^.;:]{0,60}?\b(?:die|dat|that|who|which)\s+(?:\w+\s+){0,2}?"
    + _ACTIVITY
    + r"\b|"
    r"\b(?:klanten|opdrachtgevers|afnemers|customers|clients)\s+(?:zoals|als|such\s+as|like)\b|"
    r"\b(?:referentielijst|referentieprojecten|client\s+list|customer\s+list|reference\s+list)\b|"
    r"\b(?:referenties|references)\s*:|"
    # Talks and events are about a topic, not about the firm: "een gastles over de defensie-industrie".
    r"\b(?:gastles\w*|lezing\w*|presentatie\w*|webinar\w*|seminar\w*|symposium|congres\w*|workshop\w*|"
    r"talks?|lectures?|presentations?|keynotes?)\s+(?:\w+\s+){0,3}?(?:over|about|on)\b|"
    # People talking about a topic at the firm: the topic is not the firm's activity.
    r"\b(?:sprak|spraken|spreken|praten|praatten|gesproken|besproken|bespraken|discussed|discuss|discussing|talked|"
    r"spoke|sprach|sprachen|sprechen|diskutiert\w*|besprochen|informeerden|informierten?)\s+(?:[\w-]+\s+){0,6}?"
    r"(?:over|about|uber|\u00fcber)\b",
    _I,
)
SELF_SUBJECT = re.compile(
    r"^\W*(?:(?:daarnaast|ook|verder|bovendien|tevens|also|furthermore|moreover|in\s+addition)\s*,?\s+)?"
    r"(?:wij|we|ik|i|wir|ons\s+bedrijf|onze\s+(?:onderneming|organisatie|firma)|our\s+(?:company|firm|team)|"
    r"unser\s+(?:unternehmen|betrieb|team))\b",
    _I,
)
SELF_WORD_NOT_CUE = re.compile(
    r"\b(?:wij|we|us|ik|wir|uns)\b|\b(?:ons|onze|our|unser|unsere|unseren|unserem|unserer|unseres)\b"
    r"(?!\s+(?:\w+\s+){0,2}?" + _CUSTOMER_NOUN + r"\b)",
    _I,
)


# A sentence that opens by naming the firm's role: "Als langjähriger Zulieferer von ...", "As an approved
# supplier, ...", "Als gecertificeerde toeleverancier ...".
SELF_DESCRIPTION = re.compile(r"^\W*(?:als|as)\s+(?:[\w-]+\s+){0,5}$", _I)


class OthersSentence:
    """The customer/partner cue of one sentence, if any, and whether the firm is its subject."""

    __slots__ = ("cue", "self_subject", "self_voice", "sentence")

    def __init__(self, sentence: str):
        self.sentence = sentence
        self.cue = OTHERS_CUE.search(sentence)
        if self.cue is not None and SELF_DESCRIPTION.match(sentence, 0, self.cue.start()):
            # "Als nach ISO 13485 zertifizierter Zulieferer fertigen wir", "As an AQAP 2110 certified
            # supplier, we ...": the firm describing itself, not its suppliers.
            self.cue = None
        self.self_subject = bool(SELF_SUBJECT.match(sentence))
        self.self_voice = bool(SELF_WORD_NOT_CUE.search(sentence))

    def about_others(self, start: int) -> bool:
        """True when the term starting at `start` speaks about customers or partners."""
        if self.cue is None or self.self_subject:
            return False
        # "Onze klanten waarderen ons 5-assig freeswerk": the firm speaks again after the cue.
        own_words_after_cue = start >= self.cue.end() and SELF_WORD_NOT_CUE.search(
            self.sentence, self.cue.end(), start
        )
        return not own_words_after_cue


# Pages and headings that list customers, partners or references.
OTHERS_PAGE = re.compile(
    r"(?:^|[/\-_ ])(?:klanten|klant|referenties|referentie|references|reference|clients|customers|partners|"
    r"dealers|onze-klanten|our-clients|our-customers|cases-klanten|kunden|referenzen|unsere-kunden)(?:$|[/\-_.?# ])",
    _I,
)
OTHERS_HEADING = re.compile(
    r"^\W*(?:(?:onze|our|tot\s+onze|wie\s+zijn\s+onze|een\s+greep\s+uit\s+onze|selectie\s+van\s+onze|some\s+of\s+our|"
    r"a\s+selection\s+of\s+our)\s+)?(?:klanten|opdrachtgevers|referenties|referentieprojecten|partners|"
    r"samenwerkingspartners|relaties|customers|clients|references|partners\s+en\s+klanten|klanten\s+en\s+partners|"
    r"clients\s+and\s+partners|customers\s+and\s+partners)\b[^.!?]{0,40}$",
    _I,
)
MAX_BLOCK_LINES = 15


def others_page(url: str | None, title: str | None) -> bool:
    """A page whose address or title says it lists customers, partners or references."""
    from urllib.parse import urlsplit

    path = urlsplit(url).path if url else ""
    return bool((path and OTHERS_PAGE.search(path)) or (title and OTHERS_HEADING.match(title.strip())))


def others_blocks(text: str) -> list[tuple[int, int]]:
    """Spans under a heading like "Onze klanten" up to the first line in the firm's own voice."""
    blocks: list[tuple[int, int]] = []
    pos = 0
    lines = text.split("\n")
    offsets = []
    for line in lines:
        offsets.append(pos)
        pos += len(line) + 1
    i = 0
    while i < len(lines):
        line = lines[i].strip()
        if line and len(line) <= 80 and OTHERS_HEADING.match(line):
            j = i + 1
            while j < len(lines) and j - i <= MAX_BLOCK_LINES:
                nxt = lines[j].strip()
                if nxt and SELF_WORD_NOT_CUE.search(nxt):
                    break
                j += 1
            end = offsets[j] if j < len(lines) else len(text)
            blocks.append((offsets[i], end))
            i = j
        else:
            i += 1
    return blocks


# -- outsourcing: the firm has it done by others ---------------------------------------------------------

OUTSOURCE = re.compile(
    r"\b(?:(?:gebeurt|gebeuren|vindt\s+plaats|erfolgt|erfolgen|done|carried\s+out|handled)\s+(?:\w+\s+){0,2}?(?:extern|externally)|"
    r"extern\s+(?:uitbesteed|vergeben|gedaan)|"
    # "das Härten übernehmen zertifizierte Partner", "dat doen vaste partners voor ons".
    r"(?:ubernehm\w*|erledig\w*|ubernimmt|doen|doet|verzorgen|verzorgt|voeren|voert)\s+(?:\w+\s+){0,2}?"
    r"(?:partner\w*|dienstleister\w*|subunternehmer\w*|derden|onderaannemers?|toeleveranciers?)|"
    r"(?:handled|done|taken\s+care\s+of|carried\s+out)\s+by\s+(?:\w+\s+){0,2}?(?:partners?|subcontractors?|third\s+parties)|besteden\s+(?:wij|we)\s+(?:\w+\s+)?uit|uitbeste(?:ed|den|ding)\w*|uit\s+te\s+besteden|"
    r"laten\s+(?:wij|we)\s+(?:\w+\s+){0,3}(?:uitvoeren|doen|verzorgen|maken)\s+(?:door|bij)|"
    r"(?:wordt|worden)\s+(?:\w+\s+){0,2}(?:verzorgd|uitgevoerd|gedaan)\s+door\s+(?:een\s+)?(?:vaste\s+)?(?:partners?|derden)|"
    r"werken\s+(?:wij|we)\s+(?:\w+\s+){0,2}samen\s+met|in\s+samenwerking\s+met|"
    r"via\s+(?:een\s+|onze\s+)?(?:vaste\s+|betrouwbare\s+)?(?:partners?|netwerk|derden|onderaannemers?|co-?makers?)|"
    r"door\s+(?:een\s+|onze\s+)?(?:vaste\s+|betrouwbare\s+)?(?:partners?|derden|onderaannemers?)|"
    r"lassen\s+wir\s+(?:\w+\s+){0,8}?(?:fertigen|machen|durchfuhren|ausfuhren|erledigen)|vergeben\s+wir\s+(?:\w+\s+){0,3}an|"
    # "doen wij niet zelf", "machen wir nicht selbst", "we don't do in-house", "haben wir nicht (selbst)".
    r"(?:doen|doet)\s+(?:wij|we)\s+niet\s+zelf|(?:machen|erledigen)\s+wir\s+nicht\s+selbst|"
    r"(?:haben|besitzen)\s+wir\s+nicht\b|(?:do\s+not|don't)\s+(?:\w+\s+)?(?:ourselves|in-house)|"
    r"(?:is|are|gets|get)\s+(?:\w+\s+)?subcontracted|"
    # "Final assembly is left to our customers", "het poedercoaten laten we over aan een partner",
    # "das Lackieren überlassen wir einem Partner".
    r"(?:is|are)\s+(?:\w+\s+)?left\s+to|(?:arranged|organised|organized|sourced)\s+(?:with|through|via|from)\s+(?:\w+\s+)?"
    r"(?:partners?|subcontractors?|suppliers?|specialists?)|"
    r"(?:we\s+)?leave\s+(?:\w+\s+){0,3}to\s+(?:our\s+|the\s+)?(?:customers?|clients?|partners?)|"
    r"laten\s+(?:wij|we)\s+(?:\w+\s+){0,3}over\s+aan|overgelaten\s+aan|uberlassen\s+wir|wird\s+(?:\w+\s+){0,3}uberlassen|"
    r"(?:wird|werden)\s+bei\s+(?:\w+\s+){0,3}(?:Partner\w*|Dienstleister\w*|Lohnbeschichter\w*|Lohnharter\w*)|"
    r"(?:wordt|worden)\s+bij\s+(?:\w+\s+){0,3}(?:partners?|derden|toeleveranciers?)|"
    # Castings and forgings bought in: "the castings come from a foundry", "Gussteile kommen von einer Gießerei".
    r"(?:come|comes|arrive|arrives|are\s+sourced|is\s+sourced|are\s+bought\s+in)\s+from\s+(?:a|an|the|our)\s+(?:\w+\s+){0,2}?"
    r"(?:foundry|foundries|forge|forges|supplier|suppliers|partner|partners|subcontractor\w*)|"
    r"(?:komen|komt)\s+(?:\w+\s+)?van\s+(?:een|de|onze)\s+(?:\w+\s+)?(?:gieterij|smederij|leverancier|partner)\w*|"
    r"(?:kommen|kommt|stammen|stammt)\s+(?:\w+\s+)?(?:von|aus)\s+(?:einer|einem|der|unserer|unserem)\s+(?:\w+\s+)?"
    r"(?:Giesserei|Schmiede|Lieferant|Partner)\w*|"
    r"in\s+Zusammenarbeit\s+mit|uber\s+(?:unsere\s+)?(?:Partner|Partnerfirmen|Subunternehmer)|fremdvergeben|Fremdvergabe|"
    r"outsourc\w*|(?:we|i)\s+subcontract\w*|subcontracted\s+(?:to|out)|(?:we|i)\s+work\s+(?:closely\s+)?with|we\s+partner\s+with|"
    r"(?:through|via|by)\s+(?:a\s+|our\s+)?(?:trusted\s+|regular\s+|fixed\s+)?(?:partners?|subcontractors?|third\s+parties)|"
    r"(?:gebeurt|gebeuren|vindt\s+plaats|plaatsvindt)\s+(?:\w+\s+){0,2}bij\s+(?:een\s+|onze\s+|ons\s+)?(?:vaste\s+)?(?:partner|partners|derden|buurman|buren|buurbedrijf|zuster\w+|moeder\w+)|"
    r"erfolgt\s+(?:\w+\s+){0,2}(?:bei|durch)\s+(?:einem\s+|unseren?\s+)?(?:Partner\w*|Dienstleister\w*)|"
    r"(?:have|has|get)\s+(?:\w+\s+){0,3}done\s+by|(?:is|are)\s+(?:\w+\s+){0,2}(?:done|carried\s+out|handled)\s+by\s+"
    r"(?:a\s+|our\s+)?(?:trusted\s+|regular\s+)?(?:partners?|subcontractors?|third\s+parties))\b",
    _I,
)
_TO_US = re.compile(r"\s*(?:\w+\s+){0,4}?(?:to|aan|bij|with)\s+(?:us|ons)\b", _I)
_CLAUSE_SPLIT = re.compile(r";|\b(?:maar|but|whereas|terwijl|while)\b", _I)
_NEG_BEFORE = re.compile(r"\b(?:niet|geen|nooit|not|never|no)\s+(?:\w+\s+){0,2}$|n't\s+(?:\w+\s+){0,2}$", _I)


def _segment(sentence: str, start: int) -> tuple[int, int]:
    """The part of the sentence around `start` between semicolons and contrasting conjunctions."""
    seg_start, seg_end = 0, len(sentence)
    for m in _CLAUSE_SPLIT.finditer(sentence):
        if m.end() <= start:
            seg_start = m.end()
        elif m.start() >= start:
            seg_end = m.start()
            break
    return seg_start, seg_end


def outsourced(sentence: str, start: int) -> bool:
    """True when the clause holding the term says the firm has it done by others."""
    clause_start, clause_end = _segment(sentence, start)
    for m in OUTSOURCE.finditer(sentence, clause_start, clause_end):
        if _NEG_BEFORE.search(sentence[max(clause_start, m.start() - 40) : m.start()]):
            continue
        if _TO_US.match(sentence, m.end()):  # "klanten besteden modules aan ons uit": the firm does it
            continue
        return True
    return False


# -- pages: news items and certificates -----------------------------------------------------------------

NEWS_PAGE = re.compile(
    r"(?:^|/)(?:nieuws|news|blog|blogs|actueel|actualiteiten|agenda|events?|evenementen|pers|press|"
    r"persberichten|nieuwsberichten|updates|aktuelles|aktuell|neuigkeiten|presse|meldungen|pressemitteilungen)"
    r"(?:$|[/\-_.?#])",
    _I,
)
CERTIFICATE_DOC = re.compile(r"certifica(?:at|aten|te|tes)[^/]*\.pdf$|(?:^|/)cert[^/]*\.pdf$", _I)
EXPLAINER_PAGE = re.compile(
    r"(?:^|/)(?:[\w-]*-)?(?:glossary|glossar|woordenlijst|begrippen|begrippenlijst|lexikon|wiki|faq|faqs|"
    r"veelgestelde-vragen|kennisbank|knowledge-base|knowledge|ratgeber|wissen)(?:$|[/\-_.?#])",
    _I,
)
CERTIFICATE_TITLE = re.compile(r"^\W*(?:certificaat|certificate|certificat|zertifikat)\b", _I)


# A page that presents the firm's products or parts: a part noun there is the firm's product even in a
# list without a verb ("Wellen, Zahnräder und Flansche aus Vergütungsstahl").
PRODUCTS_PAGE = re.compile(
    r"(?:^|/)(?:[\w-]*-)?(?:producten|products|produkte|produkten|assortiment|sortiment|productaanbod|"
    r"product-range|onderdelen|componenten|components|bauteile|parts)(?:$|[/\-_.?#])",
    _I,
)
PRODUCTS_TITLE = re.compile(
    r"^\W*(?:onze\s+|our\s+|unsere\s+)?(?:producten|products|produkte|assortiment|sortiment)\b", _I
)


def products_page(url: str | None, title: str | None) -> bool:
    """A page whose address or title says it presents the firm's products."""
    from urllib.parse import urlsplit

    path = urlsplit(url).path if url else ""
    return bool((path and PRODUCTS_PAGE.search(path)) or (title and PRODUCTS_TITLE.match(title)))


def page_kind(url: str | None, title: str | None) -> str | None:
    """'others' (customers, partners), 'news', 'explainer' (glossary, FAQ, knowledge base),
    'certificate' or None for an ordinary page."""
    from urllib.parse import urlsplit

    if others_page(url, title):
        return "others"
    path = urlsplit(url).path if url else ""
    if path and CERTIFICATE_DOC.search(path) or (title and CERTIFICATE_TITLE.match(title)):
        return "certificate"
    if path and NEWS_PAGE.search(path):
        return "news"
    if path and EXPLAINER_PAGE.search(path):
        return "explainer"
    return None


# -- names, addresses, e-mail and web addresses: never statements ------------------------------------------

_MASKS = [
    re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"),
    re.compile(r"(?:https?://|www\.)\S+", _I),
    re.compile(r"\b[\w-]+\.(?:nl|com|eu|de|be|org|net|info|biz|co\.uk)\b", _I),
    re.compile(r"\b\d{4}\s?[A-Z]{2}\b"),  # Dutch postcode: "3700 NS Zeist" is no railway
    re.compile(r"\b(?:D-)?\d{5}\s+[A-Z][\w-]+"),  # German postcode and town
    re.compile(
        r"\b[A-Z][\w'-]*(?:straat|weg|laan|plein|kade|singel|dijk|gracht|steeg|pad|dreef|baan|hof|park|erf|"
        r"markt|ring|boulevard|allee|haven|veld|poort|strasse|stra\u00dfe|str\.|gasse|platz)\s+\d+",
    ),
    # Names with a legal form: "Smit Poedercoating B.V.", "Vonkerosie Twente BV".
    re.compile(
        r"\b[A-Z][\w&'-]*\s+(?:(?:[A-Z][\w&'-]*|van|de|der|den|ter|ten|het|en|&)\s+){0,4}(?:B\.\s?V\.?|BV|V\.O\.F\.?|VOF|N\.V\.?|NV|GmbH(?:\s*&\s*Co\.?\s*KG)?|AG|KG|Ltd\.?|LLC|Inc\.?|Holding)(?!\w)"
    ),
]
_LEGAL_FORM = re.compile(r"\s*\b(?:B\.\s?V\.?|BV|V\.O\.F\.?|VOF|N\.V\.?|NV|GmbH|Ltd\.?|Holding)\s*$", _I)


def name_patterns(names: list[str]) -> re.Pattern[str] | None:
    """One pattern for a firm's own (trade) names, legal form optional."""
    from ketenradar.indicators.text import fold

    parts = []
    for name in names:
        core = _LEGAL_FORM.sub("", fold(name or "")).strip()
        if len(core) >= 4:
            parts.append(re.escape(core).replace(r"\ ", r"\s+"))
    if not parts:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(sorted(set(parts), key=len, reverse=True)) + r")(?!\w)", _I)


# Words that begin many firm names and so do not name this firm on their own.
_GENERIC_NAME_WORDS = {
    "metaal",
    "metaalbewerking",
    "metaaltechniek",
    "techniek",
    "technologie",
    "precisie",
    "engineering",
    "industrie",
    "industries",
    "industrial",
    "group",
    "groep",
    "gruppe",
    "holding",
    "machinebouw",
    "maschinenbau",
    "metall",
    "metalltechnik",
    "technik",
    "technology",
    "technologies",
    "precision",
    "systems",
    "systemen",
    "service",
    "services",
    "solutions",
    "products",
    "international",
    "nederland",
    "deutschland",
    "europe",
    "europa",
    "the",
    "de",
    "het",
    "der",
    "die",
    "das",
    "van",
    "von",
    "firma",
    "bedrijf",
    "company",
    "constructie",
    "constructies",
    "staal",
    "stahl",
    "steel",
    "lastechniek",
}


_PARTICLES = {"van", "de", "der", "den", "ter", "ten", "von", "vom", "zum", "la", "le", "'t", "het"}


def short_name_pattern(names: list[str]) -> re.Pattern[str] | None:
    """The first word of each name ("Kramer" of "Kramer Precisie B.V."), as a firm's own news calls
    it; used to tell a report about the firm, never to mask words."""
    from ketenradar.indicators.text import fold

    words = set()
    for name in names:
        core = _LEGAL_FORM.sub("", fold(name or "")).strip()
        words_of_name = core.split()
        first = words_of_name[0] if words_of_name else ""
        # "Van Dijk Metaaltechniek" is "Van Dijk" in its own news: particles join the next word.
        k = 0
        while k + 1 < len(words_of_name) and words_of_name[k].lower() in _PARTICLES:
            k += 1
        if k:
            first = " ".join(words_of_name[: k + 1])
            if words_of_name[k].lower() in _GENERIC_NAME_WORDS or len(words_of_name[k]) < 3:
                continue
            words.add(re.escape(first).replace(r"\ ", r"\s+"))
            continue
        if len(first) >= 4 and first[:1].isupper() and first.lower() not in _GENERIC_NAME_WORDS:
            words.add(re.escape(first))
    if not words:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(sorted(words, key=len, reverse=True)) + r")(?!\w)")


def masked_spans(text: str, names: re.Pattern[str] | None = None) -> list[tuple[int, int]]:
    spans = [(m.start(), m.end()) for pattern in _MASKS for m in pattern.finditer(text)]
    if names is not None:
        spans.extend((m.start(), m.end()) for m in names.finditer(text))
    return sorted(spans)
