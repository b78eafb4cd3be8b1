"""Render one firm's website: pages, robots.txt, sitemap, PDFs, and the ids the pages state.

Every stated indicator gets at least one sentence on the firm's own pages (or in its PDFs); trap
sentences (negations, customer and partner lists, news) only name indicators the firm does *not*
have, so the ground truth stays exact.
"""

from __future__ import annotations

import html
import random
from dataclasses import dataclass, field

from ketenradar.demo import phrases as P
from ketenradar.demo.config import WorldConfig
from ketenradar.demo.pdf import make_pdf
from ketenradar.demo.population import Firm
from ketenradar.demo.tables import PARTNER_NAMES

# Stating one id makes these true as well (their terms contain each other's words).
IMPLIES = {
    "process.five_axis": ["process.milling"],
    "process.cleanroom_assembly": ["process.assembly"],
    "process.electronics_assembly": ["process.assembly"],
}
# Certificate PDFs name only the standard and a neutral scope, so they state nothing but the cert.
CERT_TITLES = {
    "cert.iso9001": ("ISO 9001:2015", "kwaliteitsmanagementsysteem", "quality management system"),
    "cert.aqap2110": ("AQAP 2110", "kwaliteitsborgingssysteem", "quality assurance system"),
    "cert.en9100": ("EN 9100:2018", "kwaliteitsmanagementsysteem", "quality management system"),
    "cert.iso3834": ("ISO 3834-2", "kwaliteitssysteem", "quality system"),
    "cert.en1090": (
        "EN 1090-2 EXC3",
        "systeem voor fabrieksproductiecontrole (FPC)",
        "factory production control",
    ),
    "cert.iso14001": ("ISO 14001:2015", "milieumanagementsysteem", "environmental management system"),
    "cert.iso13485": ("ISO 13485:2016", "kwaliteitsmanagementsysteem", "quality management system"),
    "cert.vca": ("VCA**", "veiligheid, gezondheid en milieu", "safety management"),
}
MACHINES = P.MACHINES

NL_NAV_DEFAULT = [
    ("over", "/over-ons/", "Over ons"),
    ("services", "/diensten/", "Diensten"),
    ("machines", "/machinepark/", "Machinepark"),
    ("quality", "/certificering/", "Certificering"),
    ("markets", "/markten/", "Markten"),
    ("news", "/nieuws/", "Nieuws"),
    ("contact", "/contact/", "Contact"),
]
EN_NAV_DEFAULT = [
    ("over", "/about-us/", "About us"),
    ("services", "/services/", "Services"),
    ("machines", "/machinery/", "Machinery"),
    ("quality", "/quality/", "Quality"),
    ("markets", "/industries/", "Industries"),
    ("news", "/news/", "News"),
    ("contact", "/contact/", "Contact"),
]
NL_NAV_ALT = [
    ("over", "/bedrijf.html", "Bedrijf"),
    ("services", "/wat-wij-doen.html", "Wat wij doen"),
    ("machines", "/faciliteiten.html", "Faciliteiten"),
    ("quality", "/kwaliteit.html", "Kwaliteit & ISO"),
    ("markets", "/branches.html", "Branches"),
    ("news", "/actueel.html", "Actueel"),
    ("contact", "/route-contact.html", "Route & contact"),
]
EN_NAV_ALT = [
    ("over", "/company.html", "Company"),
    ("services", "/capabilities.html", "Capabilities"),
    ("machines", "/facilities.html", "Facilities"),
    ("quality", "/certificates.html", "Certificates"),
    ("markets", "/sectors.html", "Sectors"),
    ("news", "/updates.html", "Updates"),
    ("contact", "/contact.html", "Contact"),
]
TITLES = {
    "nl": {"home": "Home", "over": "Over ons", "services": "Diensten", "machines": "Machinepark",
           "quality": "Kwaliteit en certificering", "markets": "Markten", "news": "Nieuws", "contact": "Contact"},
    "en": {"home": "Home", "over": "About us", "services": "Services", "machines": "Machinery",
           "quality": "Quality and certification", "markets": "Industries", "news": "News", "contact": "Contact"},
}  # fmt: skip
ALT_TITLES = {
    "nl": {"home": "Welkom", "over": "Het bedrijf", "services": "Wat wij doen", "machines": "Faciliteiten",
           "quality": "Kwaliteit & ISO", "markets": "Branches", "news": "Actueel", "contact": "Route & contact"},
    "en": {"home": "Welcome", "over": "Company", "services": "Capabilities", "machines": "Facilities",
           "quality": "Certificates", "markets": "Sectors", "news": "Updates", "contact": "Contact"},
}  # fmt: skip
# Which page each group of indicators lives on.
GROUP_PAGE = {
    "process": "services",
    "material": "services",
    "product": "services",
    "cert": "quality",
    "capacity": "machines",
    "automation": "machines",
    "international": "over",
    "market": "markets",
    "tech": "services",
}


@dataclass
class Site:
    files: dict[str, bytes] = field(default_factory=dict)  # relative path -> content
    stated: list[str] = field(default_factory=list)
    urls: list[str] = field(default_factory=list)  # URL paths of the HTML pages


def file_for(url_path: str) -> str:
    """Where a page's URL path is stored: "/" -> index.html, "/over-ons/" -> over-ons.html.

    Flat files keep the world quick to write; the server tries `path`, `path/index.html` and
    `path.html`, like nginx's try_files.
    """
    if url_path == "/":
        return "index.html"
    rel = url_path.strip("/")
    return rel if rel.endswith(".html") else rel + ".html"


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def _term(rng: random.Random, feature: str, lang: str, style: str) -> str:
    terms = P.TERMS[feature][lang]
    n = len(terms)
    # default style leans on the first terms, alt on the last ones.
    weights = [(n - i) ** 2 if style == "default" else (i + 1) ** 2 for i in range(n)]
    return rng.choices(terms, weights=weights)[0]


def _join(items: list[str], lang: str) -> str:
    if len(items) == 1:
        return items[0]
    word = {"nl": " en ", "de": " und "}.get(lang, " and ")
    return ", ".join(items[:-1]) + word + items[-1]


class _Writer:
    """Builds sentences for one firm in one language and style."""

    def __init__(self, rng: random.Random, firm: Firm, lang: str, style: str):
        self.rng, self.firm, self.lang, self.style = rng, firm, lang, style
        self.used: set[str] = set()  # templates already used on this site: vary them

    def fill(self, template: str, **slots: str) -> str:
        f = self.firm
        values = {
            "name": f.display_name if self.rng.random() < 0.6 else f.short_name,
            "place": f.place,
            "year": str(f.founded),
            "year2": str(min(2023, f.founded + self.rng.randint(5, 30))),
            "employees": str(f.employees),
        }
        values.update(slots)
        if "t" in slots:
            values["T"] = _cap(slots["t"])
        return template.format(**values)

    def group_sentences(self, group: str, features: list[str]) -> list[str]:
        """Sentences stating every feature of a group, several per sentence where natural."""
        rng, lang, style = self.rng, self.lang, self.style
        out: list[str] = []
        pending = list(features)
        rng.shuffle(pending)
        templates = P.GROUP_TEMPLATES.get(group, {}).get(style, {}).get(lang)
        while pending:
            feature = pending.pop()
            if templates is None or (feature in P.SENTENCES and rng.random() < 0.7):
                stock = P.SENTENCES[feature][lang]
                own = [s for i, s in enumerate(stock) if (i % 2 == 0) == (style == "default")] or stock
                pick = rng.choice([x for x in own if x not in self.used] or own)
                self.used.add(pick)
                out.append(self.fill(pick, t=_term(rng, feature, lang, style)))
                continue
            fresh = [x for x in templates if x not in self.used] or templates
            template = rng.choice(fresh)
            self.used.add(template)
            t = _term(rng, feature, lang, style)
            if "{list}" in template:
                take = [feature] + pending[: rng.randint(1, 3)]
                pending = pending[len(take) - 1 :]
                out.append(self.fill(template, list=_join([_term(rng, x, lang, style) for x in take], lang)))
            elif "{t2}" in template:
                if pending:
                    other = pending.pop()
                    out.append(self.fill(template, t=t, t2=_term(rng, other, lang, style)))
                else:
                    t2 = _term(rng, feature, lang, style)
                    singles = [x for x in templates if "{t2}" not in x and "{list}" not in x]
                    lists = [x for x in templates if "{list}" in x]
                    if singles:
                        out.append(self.fill(rng.choice(singles), t=t))
                    elif lists:
                        out.append(self.fill(rng.choice(lists), list=t))
                    else:
                        out.append(self.fill(template, t=t, t2=t2))
            else:
                out.append(self.fill(template, t=t))
        return out

    def intro(self, stated: list[str]) -> str:
        arch = self.firm.archetype
        needs = P.INTRO_NEEDS.get(arch, [])
        if all(any(alt in stated for alt in need.split("|")) for need in needs):
            stock = P.INTROS[arch][self.lang]
        else:  # the archetype's intro would state more than the truth says
            stock = P.GENERIC_INTROS[self.lang]
        half = [s for i, s in enumerate(stock) if (i % 2 == 0) == (self.style == "default")] or stock
        return self.fill(self.rng.choice(half))

    def detail(self, feature: str) -> str:
        r = self.rng
        return self.fill(
            r.choice(P.DETAILS[feature][self.lang]),
            d=str(r.choice([200, 250, 320, 400, 500])),
            l=str(r.choice([1000, 1500, 2000, 3000, 4000])),
            w=str(r.choice([400, 600, 800])),
            t=str(r.choice([12, 15, 20, 25])),
            p=str(r.choice([100, 160, 220, 320])),
        )

    def filler(self, k: int) -> list[str]:
        stock = P.FILLER[self.style][self.lang]
        return [self.fill(s) for s in self.rng.sample(stock, min(k, len(stock)))]


def choose_stated(rng: random.Random, firm: Firm, config: WorldConfig) -> list[str]:
    """Which latent features the site states (a site does not say everything a firm does).

    A quiet site states at most a couple of things; the rest says nothing checkable.
    """
    rate = config.stated_rate
    if firm.quiet_site:
        pool = [f for f in firm.features if rng.random() < 0.25]
        stated = set(pool[:2])
    else:
        stated = {
            f
            for f in firm.features
            if rng.random() < (min(1.0, rate + 0.07) if f.startswith("cert.") else rate)
        }
    for f in sorted(stated):
        stated.update(IMPLIES.get(f, []))
    return sorted(stated)


def _footer_line(firm: Firm, lang: str, rng: random.Random) -> str:
    labels = {
        "nl": ["KvK", "KvK-nummer:", "KvK nr.", "Kamer van Koophandel"],
        "en": ["Chamber of Commerce (KvK)", "CoC no.", "KvK"],
        "de": ["Handelsregister (KvK)", "KvK-Nr."],
    }
    kvk_label = rng.choice(labels[lang])
    return (
        f"{firm.display_name} · {firm.street} {firm.house_number} · {firm.postcode} {firm.place} · "
        f"{'T' if lang == 'nl' else 'Tel.'} {firm.phone} · {kvk_label} {firm.kvk}"
    )


def render_site(firm: Firm, config: WorldConfig, seed: int, kvk_shown: str | None = None) -> Site:
    """Render `firm`'s site in the config's style. `kvk_shown` overrides the KvK number shown."""
    style = config.style
    rng = random.Random(f"ketenradar-demo/{seed}/{firm.index}/site/{style}")
    stated = choose_stated(rng, firm, config)
    lang_main = "en" if firm.language == "en" else "nl"
    by_group: dict[str, list[str]] = {}
    for f in stated:
        by_group.setdefault(f.split(".")[0], []).append(f)

    # Pages present (home and contact always; the rest only if they have something to say).
    present = ["home", "over", "services"]
    if firm.quiet_site:  # a few lines of marketing, perhaps an about page, and contact
        present = ["home", "over", "contact"] if rng.random() < 0.5 else ["home", "contact"]
    elif (
        by_group.get("capacity")
        or by_group.get("automation")
        or rng.random() < 0.5
        or any(f in MACHINES for f in stated)
    ):
        present.append("machines")
    if by_group.get("cert") or rng.random() < 0.3:
        present.append("quality")
    if by_group.get("market") and rng.random() < 0.6:
        present.append("markets")
    if rng.random() < 0.35:
        present.append("news")
    present.append("contact")
    onepager = style == "alt" and rng.random() < 0.25

    # Place each group on a page; markets go on home when there is no markets page.
    sections: dict[str, list[str]] = {p: [] for p in present}
    writer = _Writer(rng, firm, lang_main, style)
    pdf_features: list[str] = []
    want_brochure = rng.random() < 0.15
    cert_pdf = None
    certs = [c for c in by_group.get("cert", []) if c in CERT_TITLES]
    if certs and rng.random() < 0.3:
        cert_pdf = rng.choice(certs)
    for group in sorted(by_group):
        page = GROUP_PAGE[group]
        if page not in sections:
            page = "home" if group == "market" or "services" not in sections else "services"
        feats = list(by_group[group])
        if cert_pdf in feats and rng.random() < 0.35:
            feats.remove(cert_pdf)  # only the certificate PDF says it
        if want_brochure and group in ("process", "product") and len(feats) > 1 and rng.random() < 0.3:
            pdf_features.append(feats.pop())
        if page in ("services", "machines", "over") and feats and rng.random() < 0.75:
            sections[page].append(("h2", P.SECTION_HEADINGS[style][lang_main][group]))
        sections[page].extend(writer.group_sentences(group, feats))
        for f in feats:
            if f in P.DETAILS and rng.random() < 0.5:
                sections[page].append(writer.detail(f))
        # Repeat a few on home, as real sites do.
        if page != "home" and feats and rng.random() < 0.6:
            sections["home"].extend(writer.group_sentences(group, rng.sample(feats, 1)))
    if "machines" in sections:
        listed = [f for f in stated if f in MACHINES]
        if listed:
            rows = []
            for f in listed:
                for brand, reach in rng.sample(MACHINES[f], rng.randint(1, min(2, len(MACHINES[f])))):
                    rows.append((brand, reach, str(rng.choice([1, 1, 1, 2, 3]))))
            if style == "default" and rng.random() < 0.7:
                sections["machines"].append(("table", [P.MACHINE_TABLE_HEADERS[lang_main], *rows]))  # type: ignore[arg-type]
            else:
                items = [f"{'' if n == '1' else n + 'x '}{brand} ({reach})" for brand, reach, n in rows]
                sections["machines"].append(("ul", items))  # type: ignore[arg-type]
    _traps(rng, firm, stated, sections, lang_main, style, config.trap_rate)
    sections["home"][:0] = [writer.intro(stated)] + writer.filler(rng.randint(1, 2))
    if firm.quiet_site:
        vague = P.VAGUE[lang_main]
        sections["home"][1:1] = rng.sample(vague, min(len(vague), rng.randint(2, 3)))
    if "over" in sections:
        sections["over"].extend(writer.filler(rng.randint(3, 6)))
    for p in sections:
        if p not in ("home", "over", "contact") and rng.random() < 0.5:
            sections[p].extend(writer.filler(1))
    if "news" in sections:
        posts = rng.sample(P.NEWS_ITEMS[lang_main], min(2, len(P.NEWS_ITEMS[lang_main])))
        for group in ("cert", "process"):
            own = by_group.get(group, [])
            if own and rng.random() < 0.5:
                title, body = rng.choice(P.NEWS_STATED[group][lang_main])
                t = _term(rng, rng.choice(own), lang_main, style)
                posts.insert(0, (title.format(T=_cap(t)), body.format(t=t)))
        for title, body in posts:
            sections["news"].append(("h3", title))  # type: ignore[arg-type]
            sections["news"].append(body)

    kvk = kvk_shown or firm.kvk
    site = Site(stated=stated)
    nav_table = {
        ("nl", "default"): NL_NAV_DEFAULT,
        ("en", "default"): EN_NAV_DEFAULT,
        ("nl", "alt"): NL_NAV_ALT,
        ("en", "alt"): EN_NAV_ALT,
    }[(lang_main, style)]
    nav = [(key, path, label) for key, path, label in nav_table if key in sections]
    if onepager:
        nav = [(key, f"/#{key}", label) for key, _, label in nav]
    titles = (ALT_TITLES if style == "alt" else TITLES)[lang_main]
    contact_html = _contact_block(firm, kvk, lang_main, style, rng)
    footer = _footer_line(firm, lang_main, rng).replace(firm.kvk, kvk)
    pdf_links: list[tuple[str, str]] = []
    if want_brochure:
        pdf_links.append(("/downloads/brochure.pdf", "Brochure (PDF)"))
    if cert_pdf:
        pdf_links.append((f"/downloads/certificaat-{cert_pdf.split('.')[1]}.pdf", "Certificaat (PDF)"))

    pages: dict[str, str] = {}
    if onepager:
        body = []
        for key in sections:
            body.append(f'<div class="section" id="{key}"><h2>{html.escape(titles[key])}</h2>')
            body.append(_blocks(sections[key]))
            if key == "contact":
                body.append(contact_html)
            body.append("</div>")
        pages["/"] = _page(firm, style, lang_main, titles["home"], nav, "".join(body), footer, pdf_links)
    else:
        for key, content in sections.items():
            inner = _blocks(content)
            if key == "contact":
                inner += contact_html
            path = "/" if key == "home" else next(p for k, p, _ in nav_table if k == key)
            pages[path] = _page(firm, style, lang_main, titles[key], nav, inner, footer, pdf_links)
    if firm.language in ("mixed", "nl_de"):
        # A shorter page in English or German, as Dutch firms keep for foreign customers. It
        # repeats a few things the Dutch pages state, never anything new.
        lang2 = "en" if firm.language == "mixed" else "de"
        w2 = _Writer(rng, firm, lang2, style)
        body2 = [w2.intro(stated)] + w2.filler(2)
        body2 += w2.group_sentences("process", by_group.get("process", [])[:3])
        body2 += w2.group_sentences("cert", by_group.get("cert", [])[:2])
        body2 += w2.group_sentences("market", by_group.get("market", [])[:2])
        path2 = f"/{lang2}/"
        nav2 = [("home", path2, "English" if lang2 == "en" else "Deutsch"), ("nl", "/", "Nederlands")]
        pages[path2] = _page(
            firm,
            style,
            lang2,
            "Welcome" if lang2 == "en" else "Willkommen",
            nav2,
            _blocks(body2),
            _footer_line(firm, lang2, rng).replace(firm.kvk, kvk),
            [],
        )
    for path, text in pages.items():
        site.urls.append(path)
        site.files[file_for(path)] = text.encode("utf-8")
    if want_brochure:
        lines = [firm.display_name, firm.place, ""]
        bw = _Writer(rng, firm, lang_main, style)
        lines += bw.filler(2)
        lines += bw.group_sentences("process", pdf_features + by_group.get("process", [])[:2])
        lines += bw.group_sentences("product", by_group.get("product", [])[:2])
        lines += ["", _footer_line(firm, lang_main, rng).replace(firm.kvk, kvk)]
        site.files["downloads/brochure.pdf"] = make_pdf(f"{firm.display_name} brochure", lines)
    if cert_pdf:
        title, nl_scope, en_scope = CERT_TITLES[cert_pdf]
        lines = [
            "CERTIFICAAT" if lang_main == "nl" else "CERTIFICATE",
            "",
            ("Hierbij wordt verklaard dat het " + nl_scope)
            if lang_main == "nl"
            else ("This certifies that the " + en_scope),
            f"van {firm.display_name}, {firm.street} {firm.house_number}, {firm.postcode} {firm.place}"
            if lang_main == "nl"
            else f"of {firm.display_name}, {firm.place}, the Netherlands",
            ("voldoet aan de eisen van " if lang_main == "nl" else "meets the requirements of ")
            + title
            + ".",
            f"Certificaatnummer: NL-{rng.randint(10000, 99999)}-{rng.choice('ABCQ')}",
            f"Geldig tot: {rng.randint(2025, 2028)}-{rng.randint(1, 12):02d}-01",
            "Uitgegeven door een geaccrediteerde certificerende instelling.",
        ]
        site.files[f"downloads/certificaat-{cert_pdf.split('.')[1]}.pdf"] = make_pdf(
            f"Certificaat {title}", lines
        )
    return site


def _traps(
    rng: random.Random, firm: Firm, stated: list[str], sections: dict, lang: str, style: str, rate: float
) -> None:
    """Negations, customer and partner lists naming what the firm does *not* do or serve."""
    latent = set(firm.features) | set(stated)
    processes = [f for f in P.TERMS if f.startswith("process.") and f not in latent]
    processes = [f for f in processes if not any(f in IMPLIES.get(s, []) for s in latent)]
    markets = [f for f in P.TERMS if f.startswith("market.") and f not in latent]
    negs = (P.NEGATIONS if style == "default" else P.NEGATIONS_ALT)[lang]
    writer = _Writer(rng, firm, lang, style)
    if "services" not in sections:  # a quiet site: no traps either
        return
    if processes and rng.random() < 0.3 * rate:
        f = rng.choice(processes)
        sections["services"].append(writer.fill(rng.choice(negs), t=_term(rng, f, lang, style)))
    if len(markets) >= 2 and rng.random() < 0.25 * rate:
        m1, m2 = rng.sample(markets, 2)
        line = rng.choice(P.CUSTOMER_LINES[lang])
        target = "home" if rng.random() < 0.5 or "over" not in sections else "over"
        sections[target].append(
            writer.fill(line, m1=_term(rng, m1, lang, style), m2=_term(rng, m2, lang, style))
        )
    if processes and rng.random() < 0.2 * rate:
        f = rng.choice(processes)
        partner = rng.choice(PARTNER_NAMES)
        sections["services"].append(
            writer.fill(rng.choice(P.PARTNER_LINES[lang]), t=_term(rng, f, lang, style), partner=partner)
        )


def _blocks(content: list) -> str:
    out = []
    para: list[str] = []

    def flush() -> None:
        if para:
            out.append("<p>" + " ".join(html.escape(s) for s in para) + "</p>")
            para.clear()

    for item in content:
        if isinstance(item, tuple):
            flush()
            kind, value = item
            if kind == "ul":
                out.append("<ul>" + "".join(f"<li>{html.escape(v)}</li>" for v in value) + "</ul>")
            elif kind == "table":
                head, *rows = value
                cells = "".join(f"<th>{html.escape(h)}</th>" for h in head)
                body = "".join(
                    "<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>" for row in rows
                )
                out.append(f'<table class="machines"><tr>{cells}</tr>{body}</table>')
            else:
                out.append(f"<{kind}>{html.escape(value)}</{kind}>")
        else:
            para.append(item)
            if len(para) >= 3:
                flush()
    flush()
    return "\n".join(out)


def _contact_block(firm: Firm, kvk: str, lang: str, style: str, rng: random.Random) -> str:
    email = "info@" + (firm.domain or "example.nl").removeprefix("www.")
    btw = f"NL{int(kvk) * 7 % 1_000_000_000:09d}B01"
    if lang == "nl":
        rows = [
            ("Adres", f"{firm.street} {firm.house_number}, {firm.postcode} {firm.place}"),
            ("Telefoon", firm.phone),
            ("E-mail", email),
            (rng.choice(["KvK-nummer", "KvK", "Inschrijving KvK"]), kvk),
            ("Btw-nummer", btw),
        ]
        hours = "Wij zijn bereikbaar van maandag tot en met vrijdag van 7.30 tot 16.30 uur."
    else:
        rows = [
            ("Address", f"{firm.street} {firm.house_number}, {firm.postcode} {firm.place}, the Netherlands"),
            ("Phone", "+31 " + firm.phone.lstrip("0")),
            ("Email", email),
            (rng.choice(["Chamber of Commerce", "CoC (KvK)", "KvK number"]), kvk),
            ("VAT", btw),
        ]
        hours = "Office hours: Monday to Friday, 7:30 to 16:30."
    if style == "alt":
        cells = "".join(f"<tr><td>{html.escape(k)}</td><td>{html.escape(v)}</td></tr>" for k, v in rows)
        return f'<table class="contact">{cells}</table><p>{html.escape(hours)}</p>'
    items = "".join(f"<dt>{html.escape(k)}</dt><dd>{html.escape(v)}</dd>" for k, v in rows)
    return f"<address><dl>{items}</dl></address><p>{html.escape(hours)}</p>"


def _page(
    firm: Firm,
    style: str,
    lang: str,
    title: str,
    nav: list[tuple[str, str, str]],
    inner: str,
    footer: str,
    pdfs: list[tuple[str, str]],
) -> str:
    name = html.escape(firm.display_name)
    downloads = "".join(f'<a href="{p}">{html.escape(label)}</a> ' for p, label in pdfs)
    if style == "default":
        links = "".join(f'<li><a href="{p}">{html.escape(label)}</a></li>' for _, p, label in nav)
        return (
            f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
            f"<title>{html.escape(title)} | {name}</title>\n"
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f'<link rel="stylesheet" href="/assets/style.css">\n</head>\n<body>\n'
            f'<header><a class="logo" href="/">{name}</a>\n<nav><ul>{links}</ul></nav></header>\n'
            f"<main>\n<h1>{html.escape(title)}</h1>\n{inner}\n</main>\n"
            f'<aside class="downloads">{downloads}</aside>\n'
            f"<footer><p>{html.escape(footer)}</p><p>&copy; 2024 {name} | "
            f'<a href="/privacy/">Privacyverklaring</a> | <a href="/sitemap.xml">Sitemap</a></p></footer>\n'
            "</body>\n</html>\n"
        )
    links = " | ".join(f'<a href="{p}">{html.escape(label)}</a>' for _, p, label in nav)
    return (
        f'<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN">\n<html lang="{lang}">'
        f'<head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">'
        f"<title>{name} - {html.escape(title)}</title></head>\n"
        f'<body><div id="wrapper"><div id="top"><img src="/img/logo.gif" alt="{name}"></div>\n'
        f'<div id="menu">{links}</div>\n<table width="100%"><tr><td valign="top" class="content">'
        f"<h2>{html.escape(title)}</h2>\n{inner}\n</td>"
        f'<td valign="top" width="220" class="side"><b>{name}</b><br>{html.escape(firm.place)}<br>'
        f"{html.escape(firm.phone)}<br>{downloads}</td></tr></table>\n"
        f'<div id="bottom">{html.escape(footer)}</div></div></body></html>\n'
    )


def break_html(text: str, rng: random.Random) -> str:
    """Make valid HTML sloppy the way old CMSes do: drop closing tags, add stray ones."""
    for tag in ("</p>", "</li>", "</div>", "</td>", "</main>"):
        if rng.random() < 0.7:
            text = text.replace(tag, "", rng.randint(1, 5))
    return text.replace("<body>", "<body><div><span>", 1).replace("</body>", "</b></i></table></body>", 1)


def robots_txt(domain: str, scheme: str, forbid: bool, sitemap: bool) -> bytes:
    if forbid:
        return b"User-agent: *\nDisallow: /\n"
    lines = ["User-agent: *", "Disallow: /wp-admin/", "Disallow: /cgi-bin/"]
    if sitemap:
        lines.append(f"Sitemap: {scheme}://{domain}/sitemap.xml")
    return ("\n".join(lines) + "\n").encode()


def sitemap_xml(domain: str, scheme: str, paths: list[str]) -> bytes:
    urls = "".join(
        f"<url><loc>{scheme}://{domain}{p}</loc><lastmod>2024-03-01</lastmod></url>" for p in paths
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>\n'
    ).encode()
