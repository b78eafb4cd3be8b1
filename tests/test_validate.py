from datetime import date

import pytest

from ketenradar.sources import validate as v


@pytest.mark.parametrize(
    ("value", "expected", "warned"),
    [
        ("01234567", "01234567", False),
        ("KvK 1234 5678", "12345678", False),
        (1234567, "01234567", True),  # Excel dropped the leading zero
        (1234567.0, "01234567", True),
        ("12.345.678", "12345678", False),
        ("123", None, True),
        ("000012345678", None, True),  # a vestigingsnummer
        ("abc", None, True),
        ("NL168949536B01", None, True),  # a VAT number
        ("", None, False),
        (None, None, False),
    ],
)
def test_kvk_number(value, expected, warned):
    got, problem = v.kvk_number(value)
    assert got == expected
    assert (problem is not None) == warned


def test_kvk_restored_zeros_are_reported():
    _, problem = v.kvk_number("9876543")
    assert "leading zeros" in problem and "09876543" in problem


@pytest.mark.parametrize(
    ("value", "country", "expected"),
    [
        ("1234ab", None, "1234 AB"),
        (" 1234  AB ", None, "1234 AB"),
        ("9999", None, None),
        ("0123 AB", None, None),
        ("80331", "DE", "80331"),
        ("1234 AB", "Nederland", "1234 AB"),
    ],
)
def test_postcode(value, country, expected):
    got, problem = v.postcode(value, country)
    assert got == expected
    assert (problem is None) == (expected is not None)


@pytest.mark.parametrize(
    ("value", "url", "domain"),
    [
        ("www.jansen.nl", "https://www.jansen.nl/", "jansen.nl"),
        ("http://Jansen.NL/contact?x=1", "http://jansen.nl/", "jansen.nl"),
        ("https://www.jansen.nl", "https://www.jansen.nl/", "jansen.nl"),
        ("https://www.facebook.com/jansen", None, None),
        ("nl.linkedin.com/company/jansen", None, None),
        ("info@jansen.nl", None, None),
        ("n.v.t.", None, None),
        ("geen website", None, None),
        ("ftp://jansen.nl", None, None),
    ],
)
def test_website(value, url, domain):
    got_url, got_domain, _ = v.website(value)
    assert (got_url, got_domain) == (url, domain)


def test_website_path_reduction_is_reported():
    _, _, problem = v.website("www.jansen.nl/over-ons")
    assert "root" in problem
    assert v.website("https://www.jansen.nl/")[2] is None


def test_social_media_is_rejected_as_website_with_reason():
    _, _, problem = v.website("https://www.linkedin.com/company/x")
    assert "linkedin.com" in problem


@pytest.mark.parametrize(
    ("value", "code", "warned"),
    [
        ("2562", "2562", False),
        ("25.62", "2562", False),
        ("25621", "25621", False),  # Dutch subclass of a known class
        ("2563", "2563", False),  # division 25 known, class not in the shipped list: kept
        ("9999", "9999", False),  # division 99 known, its classes are not shipped
        ("0000", None, True),  # no division 00
        ("1", None, True),
        ("abc", None, True),
    ],
)
def test_sbi_code(value, code, warned):
    got, problem = v.sbi_code(value)
    assert got == code
    assert (problem is not None) == warned


def test_sbi_lost_leading_zero_is_restored():
    got, problem = v.sbi_code("111")
    assert got in ("0111", "111")
    got, problem = v.sbi_code("1")
    assert got is None


def test_sbi_codes_list():
    codes, problems = v.sbi_codes("2562; 2511, 2562")
    assert codes == ["2562", "2511"] and problems == []


def test_cpv_codes():
    codes, problems = v.cpv_codes("35412000-6; 4531000-3, 35400000")
    assert codes == ["35412000-6", "04531000-3", "35400000"]
    assert problems == []
    codes, problems = v.cpv_codes("12-3")
    assert codes == [] and problems


@pytest.mark.parametrize(
    ("value", "expected", "warned"),
    [
        ("25", 25, False),
        ("1.200", 1200, False),
        (12.0, 12, False),
        ("10-49", 29, False),  # a size class: its midpoint
        ("250+", 250, False),
        (">250", 250, False),
        ("49-10", None, True),
        ("veel", None, True),
        (-3, None, True),
    ],
)
def test_integer(value, expected, warned):
    got, problem = v.integer(value, "employees")
    assert got == expected
    assert (problem is not None) == warned


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1.234.567,89", 1234567.89),
        ("1,234,567.89", 1234567.89),
        ("250000.00", 250000.0),
        ("€ 80.000", 80000.0),
        (125000.5, 125000.5),
        ("12,5", 12.5),
    ],
)
def test_amount(value, expected):
    assert v.amount(value)[0] == pytest.approx(expected)


def test_amount_rejects_text():
    assert v.amount("veel geld") == (None, "value 'veel geld' is not an amount")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2021-06-28", date(2021, 6, 28)),
        ("28-06-2021", date(2021, 6, 28)),
        ("28/06/2021", date(2021, 6, 28)),
        ("20210628", date(2021, 6, 28)),
        ("2021-06-28T10:00:00", date(2021, 6, 28)),
    ],
)
def test_dates(value, expected):
    assert v.parse_date(value) == (expected, None)


def test_bad_date_is_reported():
    got, problem = v.parse_date("31-02-2021", "founded")
    assert got is None and "founded" in problem
    assert v.parse_date("1066-01-01")[0] is None
