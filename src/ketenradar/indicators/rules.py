"""Sentence rules for international activity: places abroad next to trade or site words.

A taxonomy term finds "export" or "buitenland"; most pages instead name the places. These rules read
a sentence (folded text) and return spans that state international activity, which then pass the
same claim tests as any term (negation, others, explainers; matcher.py):

- `international.foreign_sites`: a site word ("Werk", "Montagewerk", "vestiging", "productiehal",
  "factory", "sales office", "Niederlassung") and, within the clause, a place abroad ("in Rumänien",
  "in Shanghai", "near Pune", "im polnischen Posen") - in either order;
- `international.export`: a trade word (customers, delivering, shipping, turnover, orders) and a
  place abroad, or "outside <home country>", or a nationality adjective before a customer or maker
  noun ("Duitse treinbouwer", "deutsche Kunden", "German and Dutch machine builders").

Not counted: places after a supplier, purchase, trade fair, "made in" or "founded in" (the firm
buys there, visits there or was born there), a parent company abroad, and a site noun of a customer
(the others test in context.py).
"""

from __future__ import annotations

import re

from ketenradar.indicators.geo import HOME, foreign_adjectives, foreign_places

_I = re.IGNORECASE

_SITE = re.compile(
    r"(?<!\w)(?:\w*vestiging(?:en)?|\w*fabriek(?:en)?|productiehal(?:len)?|assemblagehal(?:len)?|werkplaats(?:en)?|"
    r"\w*kantoor|\w*kantoren|dochter\w*|zuster\w*|productielocaties?|locaties?|joint\s+venture|"
    r"werke?|\w+werke?(?<!netzwerk)(?<!handwerk)(?<!bauwerk)(?<!regelwerk)(?<!feuerwerk)(?<!schuhwerk)(?<!fachwerk)"
    r"(?<!mauerwerk)(?<!laufwerk)(?<!triebwerk)(?<!stellwerk)(?<!uhrwerk)(?<!kraftwerk)|niederlassung\w*|standort\w*|tochter\w*|"
    r"fertigungsstatt\w*|produktionsstatt\w*|fabrik\w*|\w*buro|filiale\w*|"
    r"plants?|factory|factories|facility|facilities|subsidiary|subsidiaries|branch(?:es)?|\w*\s?offices?|sites?|"
    r"workshops?|sister\s+compan\w*|operations|\w*afdeling(?:en)?|\w*abteilung(?:en)?|departments?)(?!\w)",
    _I,
)
_TRADE = re.compile(
    r"(?<!\w)(?:klant\w*|afnemer\w*|opdrachtgever\w*|lever\w*|geleverd|beleverd|verkoop\w*|verkop\w*|verkocht|afzet\w*|"
    r"omzet\w*|verscheept|verschepen|verzonden|verzenden|orders?|opdracht\w*|gaat\s+naar|gaan\s+naar|"
    r"kunde\w*|auftraggeber\w*|abnehmer\w*|liefer\w*|beliefer\w*|geliefert|umsatz\w*|verkauf\w*|absatz\w*|"
    r"geht\s+(?:an|nach|in)|gehen\s+(?:an|nach|in)|versand\w*|verschickt|auftrag|auftrage|"
    r"customers?|clients?|ship|ships|shipped|shipping|supply|supplies|deliver\w*|sells?|sold|sales|turnover|"
    r"revenue|orders?|serves?|serving|comes?\s+from|"
    # Shipped or working there: "per Container nach Kanada verschifft", "an einen Kunden in Schweden
    # ausgeliefert", "onze servicemonteurs zijn ook in Duitsland actief".
    r"verschifft|verschiff\w*|ausgeliefert|auslieferung\w*|uitgeleverd|actief|aktiv|active|werkzaam)(?!\w)",
    _I,
)
# A place after these words is where the firm buys, visits, was founded or is owned from.
_NOT_OURS_BEFORE = re.compile(
    r"(?:leverancier\w*|supplier\w*|lieferant\w*|zulieferer\w*|ingekocht|inkoop|gekocht|purchased|bought|sourced|"
    r"bezogen|eingekauft|import\w*|beurs\w*|messe\w*|fairs?|exhibitions?|show|congres\w*|conference|made|gebouwd|"
    r"hergestellt|opgericht|gegrundet|founded|established|moederbedrijf|parent\s+company|muttergesellschaft|"
    r"moeder\w*|mutter\w*|parent\w*|eigenaar|owner|eigentumer|"
    r"geboren|born|vakantie|holiday|urlaub)\s+(?:\w+\s+){0,4}$",
    _I,
)
# A place the firm's people travel to is not where the firm has a site ("the MD travelled to Japan to see
# the new plant", "een bezoek aan de fabriek in Polen", "Reise nach China"); a trade word may still make it
# export.
_TRAVEL_BEFORE = re.compile(
    r"(?:visit\w*|travel\w*|trip\s+to|tour\w*|flew\s+to|bezoek\w*|bezocht|reis\w*\s+naar|reisde|reisden|"
    r"besuch\w*|reise\w*|gereist|reisten|fuhren\s+nach|flogen\s+nach)\s+(?:[\w-]+\s+){0,3}$",
    _I,
)
_CUSTOMER_NOUN = re.compile(
    r"\s+(?:(?:en|und|and|of|oder|or)\s+[\w-]+\s+)?(?:[\w-]+\s+)?(?:klant\w*|afnemer\w*|opdrachtgever\w*|relaties|"
    r"\w*bouwers?|\w*fabrikant\w*|producent\w*|oem\w*|werven|marine|leger|krijgsmacht|"
    r"kunde\w*|auftraggeber\w*|abnehmer\w*|\w*hersteller\w*|\w*bauer\w*|werften|streitkrafte\w*|armee|"
    r"customers?|clients?|buyers?|\w*builders?|\w*makers?|manufacturers?|oems?|shipyards?|navy|army|armed\s+forces|"
    r"compan(?:y|ies)|firms?|operators?|bedrijven|firmen|betriebe)(?!\w)",
    _I,
)
_ENUMERATION = re.compile(
    r"\s*(?:,|,?\s*(?:and|en|und|&|or|of|oder|sowie|as\s+well\s+as))\s*(?:the\s+|de\s+|den\s+|der\s+)?", _I
)
_CLAUSE = re.compile(r"[;:]|\s[-\u2013]\s")
MAX_GAP = 80
# A site word the firm delivers to is a customer's: "liefern wir an Werke in Frankreich", "goes to truck
# plants in Sweden", "levert aan fabrieken in Polen".
_DELIVERED_TO = re.compile(
    r"\b(?:\w*liefer\w*|geht|gehen|goes|go|deliver\w*|suppl\w*|ship\w*|\w*lever\w*|gaat|gaan|sell\w*|sold|verkoop\w*|"
    r"verkauf\w*)\b[^.;]{0,40}?(?:\ban|\bto|\baan|\bnaar|\bnach)\s+(?:die\s+|de\s+|the\s+|their\s+|hun\s+|ihre\w*\s+|deren\s+)?(?:[\w-]+\s+)?$",
    _I,
)
# An adjective right after "our", "onze", "unser(e)", "eigen", "own": the firm's own site.
_OWN_BEFORE = re.compile(
    r"\b(?:our|onze|ons|unser\w*|eigen\w*|own)\s+(?:own\s+|eigen\w*\s+|new\s+|nieuwe\s+|neue\w*\s+)?$", _I
)


def _clause_of(sentence: str, pos: int) -> tuple[int, int]:
    start, end = 0, len(sentence)
    for m in _CLAUSE.finditer(sentence):
        if m.end() <= pos:
            start = m.end()
        elif m.start() >= pos:
            end = m.start()
            break
    return start, end


def international_spans(sentence: str, home: str, lang: str | None) -> list[tuple[str, int, int, str]]:
    """(indicator id, start, end, rule) for the international activity a sentence states."""
    out: list[tuple[str, int, int, str]] = []
    adjectives = foreign_adjectives(sentence, home, lang)
    if not adjectives and not _TRADE.search(sentence) and not _SITE.search(sentence):
        return out  # nothing to bind a place to: skip the gazetteer
    places = foreign_places(sentence, home, lang, with_home=True)
    sites = [
        m
        for m in _SITE.finditer(sentence)
        if (lang == "de" or not m.group(0).lower().rstrip("e").endswith("werk"))
        and not _DELIVERED_TO.search(sentence, max(0, m.start() - 90), m.start())
    ]
    # Each site word is bound to its nearest place: the first after it, else the last before it.
    bound: dict[int, int] = {}  # place index -> site index
    for k, site in enumerate(sites):
        after = [j for j, (a, _, _) in enumerate(places) if 0 <= a - site.end() <= MAX_GAP]
        before = [j for j, (_, b, _) in enumerate(places) if 0 <= site.start() - b <= MAX_GAP]
        j = after[0] if after else (before[-1] if before else None)
        if j is not None and j not in bound:
            bound[j] = k
            # An enumeration binds every place of it: "sites in the UK, Poland and India".
            while j + 1 < len(places) and _ENUMERATION.fullmatch(sentence[places[j][1] : places[j + 1][0]]):
                j += 1
                bound.setdefault(j, k)
    for j, (a, b, country) in enumerate(places):
        if country == HOME or _NOT_OURS_BEFORE.search(sentence[max(0, a - 60) : a]):
            continue
        if j in bound and not _TRAVEL_BEFORE.search(sentence[max(0, a - 60) : a]):
            out.append(("international.foreign_sites", a, b, "site abroad"))
            continue
        c0, c1 = _clause_of(sentence, a)
        if _TRADE.search(sentence, c0, c1):
            out.append(("international.export", a, b, "trade abroad"))
    has_site_abroad = any(ind == "international.foreign_sites" for ind, *_ in out)
    for a, b, _country in adjectives:
        site = _SITE.match(sentence, b + 1) if sentence[b : b + 1] == " " else None
        if (
            site
            and not _NOT_OURS_BEFORE.search(sentence[max(0, a - 60) : a])
            and _OWN_BEFORE.search(sentence[max(0, a - 30) : a])
        ):
            # "onze Duitse dochteronderneming", "our Polish plant", "unser tschechisches Werk"
            out.append(("international.foreign_sites", a, site.end(), "site abroad"))
            continue
        if _CUSTOMER_NOUN.match(sentence, b):
            if has_site_abroad:  # "our plant in Malaysia serves Asian customers": served locally
                continue
            out.append(("international.export", a, b, "customers abroad"))
        else:  # "im polnischen Posen": an adjective before a place next to a site word
            nxt = re.match(r"\s+[A-Z][\w-]+", sentence[b:])
            if nxt and any(0 <= a - s.end() <= MAX_GAP for s in sites):
                out.append(("international.foreign_sites", a, b + nxt.end(), "site abroad"))
    return out
