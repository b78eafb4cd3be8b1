"""Page bodies to text: visible text (for the crawl's checks), main text (HTML and PDF), language.

Main text comes from trafilatura with formatting kept and recall favoured, then a structural pass
puts back the headings and list items it dropped (it drops lists of links, e.g. a product list
whose items link to product pages, even in recall mode): lists of products, processes, machines and
certificates are the evidence the indicators need. Menus, headers, footers, cookie banners and
sidebars are left out by both.
"""

from __future__ import annotations

import copy
import io
import logging
import re
from functools import lru_cache

import trafilatura
from lxml import html

# trafilatura and pypdf log every oddity of real pages at WARNING.
logging.getLogger("trafilatura").setLevel(logging.ERROR)
logging.getLogger("pypdf").setLevel(logging.ERROR)

# How extract calls trafilatura (also the library-limits bench, so both measure the same work).
TRAFILATURA_OPTIONS: dict[str, bool] = {
    "include_formatting": True,
    "favor_recall": True,
    "include_tables": True,
    "include_comments": False,
    "include_links": False,
    "include_images": False,
    "deduplicate": False,
}

DROP_TAGS = ("script", "style", "noscript", "template", "svg", "iframe", "head", "form", "button", "select")
CHROME_TAGS = ("nav", "header", "footer", "aside", "menu")
CHROME_HINT = re.compile(
    r"(^|[\s_-])(nav|navbar|navigation|menu|menubar|footer|header|cookie|consent|gdpr|banner|breadcrumbs?"
    r"|sidebar|social|share|skip|offcanvas|topbar)([\s_-]|$)",
    re.I,
)
BLOCK_TAGS = {
    "h1": "# ",
    "h2": "## ",
    "h3": "### ",
    "h4": "#### ",
    "h5": "##### ",
    "h6": "###### ",
    "li": "- ",
}
TEXT_BLOCKS = ("p", "td", "th", "dt", "dd", "blockquote", "pre", "figcaption", "address")
LANGUAGES = ["nl", "en", "de", "fr"]
MAX_PDF_PAGES = 60
_SPACE = re.compile(r"\s+")
_MD = re.compile(r"^(#{1,6} |- |\d+\. |\* )")


HtmlInput = bytes | str | html.HtmlElement
"""A page body, or its tree from `_parse` (a tree is used as is: parse a page once for several reads)."""


def _parse(body: HtmlInput) -> html.HtmlElement | None:
    try:
        tree = trafilatura.load_html(body)
    except Exception:
        return None
    return tree


def _norm(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def _strip(tree: html.HtmlElement, chrome: bool) -> html.HtmlElement:
    tree = copy.deepcopy(tree)  # work on a copy: the caller's tree may be read again
    for el in tree.iter(*DROP_TAGS):
        el.drop_tree() if el.getparent() is not None else None
    if chrome:
        for el in list(tree.iter()):
            if not isinstance(el.tag, str) or el.getparent() is None:
                continue
            hint = f"{el.get('class', '')} {el.get('id', '')} {el.get('role', '')}"
            if el.tag in CHROME_TAGS or CHROME_HINT.search(hint):
                el.drop_tree()
    return tree


def title_of(body: HtmlInput) -> str | None:
    tree = _parse(body)
    if tree is None:
        return None
    found = tree.find(".//title")
    if found is not None and found.text_content().strip():
        return _norm(found.text_content())[:300]
    h1 = tree.find(".//h1")
    return _norm(h1.text_content())[:300] if h1 is not None else None


def visible_text(body: HtmlInput) -> str:
    """All text a visitor sees, footer included (where KvK number and address usually are)."""
    tree = _parse(body)
    if tree is None:
        return ""
    tree = _strip(tree, chrome=False)
    return _norm(" ".join(tree.itertext()))


def structural_blocks(body: HtmlInput) -> list[str]:
    """Headings, paragraphs, list items and table cells of the page minus its chrome, in order."""
    tree = _parse(body)
    if tree is None:
        return []
    tree = _strip(tree, chrome=True)
    blocks: list[str] = []
    for el in tree.iter(*BLOCK_TAGS, *TEXT_BLOCKS):
        if el.tag in TEXT_BLOCKS and any(a.tag in ("li", *TEXT_BLOCKS) for a in el.iterancestors()):
            continue  # counted with its enclosing block
        if el.tag == "li" and el.find(".//li") is not None:
            text = _norm(el.text or "")  # nested list: the items come on their own
        else:
            text = _norm(el.text_content())
        if text:
            blocks.append(BLOCK_TAGS.get(el.tag, "") + text)
    return blocks


def main_text(body: HtmlInput, url: str | None = None) -> str:
    """The page's main text as light markdown (headings '#', list items '- ').

    Given a tree (`_parse`), neither trafilatura (which works on its own copy) nor the
    structural pass parses the page again."""
    extracted = trafilatura.extract(body, url=url, **TRAFILATURA_OPTIONS)
    blocks = structural_blocks(body)
    if not extracted:
        return "\n".join(blocks)
    lines = [_MD.sub("", line).strip() for line in extracted.replace("\\", "").splitlines()]
    lines = [line for line in lines if line]
    kept = _norm(" ".join(lines))
    out: list[str] = []
    for block in blocks:
        plain = _MD.sub("", block)
        # Keep trafilatura's choice of paragraphs; put back headings and list items it dropped.
        if plain in kept or block.startswith(("#", "- ")):
            out.append(block)
    structural = _norm(" ".join(_MD.sub("", b) for b in blocks))
    # Sentences trafilatura found outside the usual block tags (text in bare <div>s); short lines
    # it alone has are menu items of its fallback mode and are not missed.
    missing = sum(len(line) for line in lines if len(line) >= 40 and line not in structural)
    if out and missing <= 0.3 * len(kept):
        return "\n".join(out)
    extra = [b for b in out if b.startswith("- ") and _MD.sub("", b) not in kept]
    return "\n".join([extracted, *extra])


def title_and_main_text(body: bytes | str, url: str | None = None) -> tuple[str | None, str]:
    """(title, main text) of an HTML page, parsed once for both (was three times, plus a copy)."""
    tree = _parse(body)
    if tree is None:
        return None, main_text(body, url)
    return title_of(tree), main_text(tree, url)


def pdf_text(body: bytes) -> str:
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(body))
        parts = [(page.extract_text() or "") for page in reader.pages[:MAX_PDF_PAGES]]
    except Exception:  # broken or encrypted PDFs are common on real sites
        return ""
    lines = [_norm(line) for part in parts for line in part.splitlines()]
    return "\n".join(line for line in lines if line)


@lru_cache(maxsize=1)
def _identifier():  # type: ignore[no-untyped-def]
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(LANGUAGES)
    return identifier


def detect_language(text: str) -> str | None:
    """nl | en | de | fr (py3langid, restricted to the languages Dutch firms' sites are written in)."""
    sample = _MD.sub("", text[:5000])
    if len(sample.strip()) < 20:
        return None
    lang, _prob = _identifier().classify(sample)
    return lang
