"""Field validation and normalisation shared by every loader.

Each function returns `(value, problem)`: the normalised value (None when the field is dropped) and a
human-readable reason when something was wrong or changed (None when all was well). Loaders turn the
reasons into `rejects` rows with severity `warning`, so a bad field never silently disappears.
"""

from __future__ import annotations

import math
import re
import unicodedata
from datetime import date, datetime
from urllib.parse import urlsplit

from ketenradar.model.text import strip_accents
from ketenradar.sources.sbi import SBI

Checked = tuple[object | None, str | None]

_EMPTY = {"", "-", "--", "n.v.t.", "nvt", "n/a", "na", "nan", "none", "null", "onbekend", "unknown", "geen"}


def blank(value: object) -> bool:
    """True for None, NaN and the placeholders people type into empty cells."""
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and value.strip().casefold() in _EMPTY


def cell_text(value: object) -> str | None:
    """A cell as text: Excel's 12345678.0 becomes '12345678', dates become ISO dates."""
    if blank(value):
        return None
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    text = " ".join(str(value).split())
    return text or None


# -- KvK number ------------------------------------------------------------------------------------------

_KVK_PREFIX = re.compile(r"^(kvk|coc|kvk-?nummer|kvk\s*nr)[\s:.\-]*", re.IGNORECASE)


def kvk_number(value: object) -> Checked:
    """8 digits. A number of 5-7 digits lost its leading zeros in a spreadsheet: they are restored.

    Full-width and other compatibility digits ("１２３４５６７８") are folded to ASCII (NFKC), so the
    same firm never gets two numbers; digits of other scripts and the all-zero number are refused.
    """
    text = cell_text(value)
    if text is None:
        return None, None
    raw = _KVK_PREFIX.sub("", unicodedata.normalize("NFKC", text))
    digits = re.sub(r"[\s.\-]", "", raw)
    if re.match(r"^[A-Za-z]{2}[0-9]{8,9}B[0-9]{2}$", digits):
        return None, f"'{text}' is a VAT number (btw-id), not a KvK number"
    if not re.fullmatch(r"[0-9]+", digits):  # str.isdigit() would take Arabic-Indic or Devanagari digits
        return None, f"KvK number '{text}' is not a number"
    if not digits.strip("0"):
        return None, f"KvK number '{text}' is all zeros: a placeholder, not a KvK number"
    if len(digits) == 8:
        return digits, None
    if 5 <= len(digits) < 8:
        fixed = digits.zfill(8)
        return fixed, f"KvK number '{text}' had lost its leading zeros; restored to {fixed}"
    if len(digits) == 12:
        return None, f"'{text}' has 12 digits: a vestigingsnummer (branch number), not a KvK number"
    return None, f"KvK number '{text}' must have 8 digits, has {len(digits)}"


# -- postcode --------------------------------------------------------------------------------------------

_POSTCODE = re.compile(r"^([1-9]\d{3})\s*([A-Za-z]{2})$")


def postcode(value: object, country: str | None = None) -> Checked:
    """Dutch postcodes become '1234 AB'; foreign ones are kept as given."""
    text = cell_text(value)
    if text is None:
        return None, None
    if country and country_code(country) not in (None, "NL"):
        return text, None
    m = _POSTCODE.match(text.replace(" ", "").strip()) or _POSTCODE.match(text.strip())
    if not m:
        return None, f"postcode '{text}' is not a Dutch postcode (1234 AB)"
    return f"{m.group(1)} {m.group(2).upper()}", None


_COUNTRIES = {
    "nl": "NL",
    "nld": "NL",
    "nederland": "NL",
    "netherlands": "NL",
    "the netherlands": "NL",
    "holland": "NL",
    "be": "BE",
    "belgie": "BE",
    "belgium": "BE",
    "de": "DE",
    "duitsland": "DE",
    "germany": "DE",
    "deutschland": "DE",
    "fr": "FR",
    "frankrijk": "FR",
    "france": "FR",
    "gb": "GB",
    "uk": "GB",
    "united kingdom": "GB",
    "verenigd koninkrijk": "GB",
}


def country_code(value: object) -> str | None:
    text = cell_text(value)
    if text is None:
        return None
    key = strip_accents(text).casefold().strip()
    if key in _COUNTRIES:
        return _COUNTRIES[key]
    return text.upper() if len(text) == 2 and text.isalpha() else text


# -- website ---------------------------------------------------------------------------------------------

# Pages on these hosts are profiles on someone else's platform, never the firm's own website.
NON_SITES = (
    "facebook.com",
    "fb.com",
    "linkedin.com",
    "instagram.com",
    "twitter.com",
    "x.com",
    "youtube.com",
    "youtu.be",
    "tiktok.com",
    "pinterest.com",
    "wa.me",
    "whatsapp.com",
    "google.com",
    "google.nl",
    "goo.gl",
    "maps.app.goo.gl",
    "kvk.nl",
    "bit.ly",
    "wikipedia.org",
    "werkzoeken.nl",
    "indeed.com",
    "indeed.nl",
    "telefoonboek.nl",
    "drimble.nl",
    "bedrijvenpagina.nl",
)

_HOST = re.compile(r"^[a-z0-9]([a-z0-9\-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9\-]*[a-z0-9])?)*\.[a-z]{2,}$")


def website(value: object) -> tuple[str | None, str | None, str | None]:
    """(url, domain, problem). The URL is reduced to the site's root: 'https://www.x.nl/'.

    The scheme is kept when given (http stays http; the crawler follows redirects) and https is
    assumed otherwise. The domain is the host without 'www.'.
    """
    text = cell_text(value)
    if text is None:
        return None, None, None
    raw = text.strip().strip("<>\"'")
    if "@" in raw and "://" not in raw:
        return None, None, f"website '{text}' is an e-mail address, not a website"
    candidate = raw if re.match(r"^[a-zA-Z][a-zA-Z0-9+.\-]*://", raw) else "https://" + raw.lstrip("/")
    try:
        parts = urlsplit(candidate)
    except ValueError:
        return None, None, f"website '{text}' is not a URL"
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").rstrip(".").lower()
    if scheme not in ("http", "https"):
        return None, None, f"website '{text}' is not an http(s) address"
    try:
        host = host.encode("idna").decode("ascii")
    except UnicodeError:
        return None, None, f"website '{text}' has an invalid host name"
    if not _HOST.match(host):
        return None, None, f"website '{text}' has no valid host name"
    domain = host[4:] if host.startswith("www.") else host
    for bad in NON_SITES:
        if domain == bad or domain.endswith("." + bad):
            return None, None, f"website '{text}' is a page on {bad}, not the firm's own website"
    port = f":{parts.port}" if parts.port and parts.port not in (80, 443) else ""
    url = f"{scheme}://{host}{port}/"
    problem = None
    if parts.path not in ("", "/") or parts.query:
        problem = f"website '{text}' reduced to the site's root {url}"
    return url, domain, problem


# -- SBI -------------------------------------------------------------------------------------------------


def sbi_code(value: object) -> Checked:
    """An SBI 2008 code of 2-5 digits ('25.62' -> '2562'), checked against the shipped list."""
    text = cell_text(value)
    if text is None:
        return None, None
    code = re.sub(r"[\s.]", "", text)
    if not code.isdigit() or not 2 <= len(code) <= 5:
        return None, f"SBI code '{text}' is not 2 to 5 digits"
    # Spreadsheets strip the leading zero of divisions 01-09 ('1110' for 01.11.0 is ambiguous, so only
    # restore it when the code is unknown as given and known with the zero).
    if not SBI.known(code) and SBI.known("0" + code):
        return "0" + code, f"SBI code '{text}' had lost its leading zero; read as 0{code}"
    if SBI.division(code) is not None:
        # The shipped list has every division but not every class: a class it lacks is kept as
        # given (warning about it would flag valid codes, see docs/ingest.md).
        return code, None
    return None, f"SBI code '{text}' is not an SBI 2008 code (no division {code[:2]})"


def sbi_codes(value: object) -> tuple[list[str], list[str]]:
    text = cell_text(value)
    if text is None:
        return [], []
    codes, problems = [], []
    for part in re.split(r"[;,|/\s]+", text):
        if not part:
            continue
        code, problem = sbi_code(part)
        if problem:
            problems.append(problem)
        if code and code not in codes:
            codes.append(str(code))
    return codes, problems


# -- CPV -------------------------------------------------------------------------------------------------


def cpv_codes(value: object) -> tuple[list[str], list[str]]:
    """CPV codes '35412000-6' (8 digits, check digit optional); stripped leading zeros restored."""
    text = cell_text(value)
    if text is None:
        return [], []
    codes, problems = [], []
    for part in re.split(r"[;,|\s]+", text):
        if not part:
            continue
        m = re.match(r"^(\d{1,8})(?:-(\d))?$", part)
        if not m:
            problems.append(f"CPV code '{part}' is not 8 digits with an optional check digit")
            continue
        digits = m.group(1)
        if len(digits) < 7:
            problems.append(f"CPV code '{part}' is too short")
            continue
        code = digits.zfill(8) + (f"-{m.group(2)}" if m.group(2) else "")
        if code not in codes:
            codes.append(code)
    return codes, problems


# -- numbers and dates -----------------------------------------------------------------------------------


def integer(value: object, field: str = "number") -> Checked:
    """Whole non-negative numbers; '1.200' is 1200; a range '10-49' becomes its midpoint (said so)."""
    if isinstance(value, int | float) and not isinstance(value, bool) and not blank(value):
        if value < 0:
            return None, f"{field} '{value}' is negative"
        return int(round(value)), None
    text = cell_text(value)
    if text is None:
        return None, None
    compact = text.replace(" ", "")
    # Size classes as member lists give them: '10-49' -> its midpoint, '250+' / '>250' -> 250.
    m = re.match(r"^(\d[\d.]*)[-–](\d[\d.]*)$", compact)
    if m:
        low, high = (int(x.replace(".", "")) for x in m.groups())
        if low > high:
            return None, f"{field} '{text}' is a range from high to low"
        return (low + high) // 2, None
    m = re.match(r"^(?:>=?|≥)?(\d[\d.]*)\+?$", compact)
    if m and (compact.endswith("+") or not compact[0].isdigit()):
        return int(m.group(1).replace(".", "")), None
    if re.match(r"^\d{1,3}(\.\d{3})+$", compact) or compact.isdigit():
        return int(compact.replace(".", "")), None
    m = re.match(r"^(\d+),(\d+)$", compact) or re.match(r"^(\d+)\.(\d+)$", compact)
    if m:
        return int(round(float(f"{m.group(1)}.{m.group(2)}"))), None
    return None, f"{field} '{text}' is not a number"


def amount(value: object, field: str = "value") -> Checked:
    """Money: 1234567.89, '1.234.567,89' (Dutch), '€ 1,234,567.89', '1 234 567'."""
    if isinstance(value, int | float) and not isinstance(value, bool) and not blank(value):
        return float(value), None
    text = cell_text(value)
    if text is None:
        return None, None
    t = re.sub(r"(?i)(eur|€|\s)", "", text)
    if re.match(r"^-?\d{1,3}(\.\d{3})+(,\d+)?$", t) or re.match(r"^-?\d+,\d{1,2}$", t):
        t = t.replace(".", "").replace(",", ".")
    elif re.match(r"^-?\d{1,3}(,\d{3})+(\.\d+)?$", t):
        t = t.replace(",", "")
    try:
        number = float(t)
    except ValueError:
        return None, f"{field} '{text}' is not an amount"
    if number < 0:
        return None, f"{field} '{text}' is negative"
    return number, None


_DATE_FORMATS = ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y", "%Y%m%d", "%d.%m.%Y", "%Y/%m/%d", "%d-%m-%y")


def parse_date(value: object, field: str = "date") -> Checked:
    if isinstance(value, datetime):
        return value.date(), None
    if isinstance(value, date):
        return value, None
    text = cell_text(value)
    if text is None:
        return None, None
    head = text.split("T")[0].split(" ")[0]
    for fmt in _DATE_FORMATS:
        try:
            parsed = datetime.strptime(head, fmt).date()
        except ValueError:
            continue
        if not 1800 <= parsed.year <= 2100:
            return None, f"{field} '{text}' is out of range"
        return parsed, None
    return None, f"{field} '{text}' is not a date (expected e.g. 2024-03-31 or 31-03-2024)"
