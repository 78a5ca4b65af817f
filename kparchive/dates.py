"""Dates as statements write them, in English and French: find them in a text, and write them back.

Month and weekday names come from the Unicode CLDR through Babel (wide and abbreviated, with and without
accents), so finding and formatting share one source and another language is one more locale.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from functools import cache

from babel.dates import format_date as _babel_format_date
from babel.dates import get_day_names, get_month_names

from .places import trie_pattern

# The languages whose dates are read, each with the CLDR locales its names come from (en_GB adds "Sept").
LOCALES = {"en": ("en", "en_GB"), "fr": ("fr",)}
# Ordinal endings a day may carry: 6th, 1st, 2nd, 3rd; 1er (French writes only the first of the month so).
_ORDINAL = r"(?:st|nd|rd|th|er)?"
_SPACE = r"[^\S\n]+"  # white space within a line: a date never runs across lines


@dataclass(frozen=True)
class FoundDate:
    """A date in a text, with exactly the characters that write it (`written` is text[start:end])."""

    date: date
    written: str
    start: int
    end: int
    language: str | None  # of its month name; None for a numeric (ISO) date
    two_digit_year: bool = False  # "October 04, 11": the century is a guess
    weekday_mismatch: bool = False  # the weekday written is not the date's
    first: date | None = None  # a range's first day ("November 27-30, 2012"); `date` is its last


def _plain(name: str) -> str:
    """The name without accents ("février" -> "fevrier"), as texts typed without them write it."""
    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")


def _names(getter, language: str) -> dict[str, int]:
    """Lowercased names (trailing full stop dropped, accents kept and dropped) -> the CLDR index."""
    out: dict[str, int] = {}
    for locale in LOCALES[language]:
        for width in ("wide", "abbreviated"):
            for context in ("format", "stand-alone"):
                for index, name in getter(width, context, locale).items():
                    name = name.rstrip(".").lower()
                    out.setdefault(name, index)
                    out.setdefault(_plain(name), index)
    return out


@cache
def month_names() -> dict[str, tuple[int, str]]:
    """Every month name of every language -> (month number, language)."""
    out: dict[str, tuple[int, str]] = {}
    for language in LOCALES:
        for name, month in _names(get_month_names, language).items():
            out.setdefault(name, (month, language))
    return out


@cache
def weekday_names() -> dict[str, int]:
    """Every weekday name of every language -> date.weekday() (Monday is 0, as in CLDR)."""
    out: dict[str, int] = {}
    for language in LOCALES:
        for name, day in _names(get_day_names, language).items():
            out.setdefault(name, day)
    return out


def _alternation(names) -> str:
    """The names as one expression, the longest first, factored by common prefix (places.trie_pattern): tried at
    every word of a text, a plain alternation of a hundred names made finding dates seconds a megabyte."""
    return trie_pattern(names)


@cache
def _patterns() -> list[re.Pattern]:
    month = rf"(?P<month>{_alternation(month_names())})\.?"
    weekday = rf"(?:(?P<weekday>{_alternation(weekday_names())})\.?,?{_SPACE})?"
    day = rf"(?P<day>[0-3]?\d){_ORDINAL}"
    year = r"(?P<year>\d{4}|['’]?\d{2})(?!\d|[:.,]\d)"
    # A range's first day (and month, when it runs across two): "27-30", "12–16", "27 November - 1 December";
    # French "du 12 au 16".
    dash = r"[^\S\n]*[-–—][^\S\n]*"
    first = rf"(?P<first>[0-3]?\d){_ORDINAL}"
    first_month = rf"(?P<first_month>{_alternation(month_names())})\.?"
    # Each form opens with a letter or a digit: `(?=[^\W_])` says so first, so a position where none stands is
    # passed over at once (a megabyte of spaces was seconds).
    return [re.compile(p, re.IGNORECASE) for p in (
        # 2009-11-06
        r"(?<![\w-])(?P<year>\d{4})-(?P<mm>\d{2})-(?P<day>\d{2})(?![\w-])",
        # 6 November 2009, 28 June, 2021, 6th of November 2009, vendredi 6 novembre 2009, le 1er juin 2021
        rf"(?<![\w–-])(?=[^\W_]){weekday}(?<![\w–-]){day}(?:{_SPACE}of)?{_SPACE}{month},?{_SPACE}{year}",
        # November 6, 2009, Nov. 6, 2009, October 04, 11, Friday, November 6, 2009
        rf"(?<![\w–-])(?=[^\W_]){weekday}(?<![\w–-]){month}{_SPACE}{day},?{_SPACE}{year}",
        # Ranges, read as their last day: 12–16 May 2025, 27 November - 1 December 2012, du 12 au 16 mai 2025
        rf"(?<![\w–-])(?:du{_SPACE})?{first}(?:{_SPACE}{first_month})?(?:{dash}|{_SPACE}au{_SPACE}){day}{_SPACE}"
        rf"{month},?{_SPACE}{year}",
        # November 27-30, 2012, November 27 - December 1, 2012
        rf"(?<![\w–-])(?=[^\W_]){first_month}{_SPACE}{first}{dash}(?:{month}{_SPACE})?{day},?{_SPACE}{year}",
    )]


def _year(written: str) -> tuple[int, bool]:
    """The year, and whether it was written with two digits (then read as 20yy: the archive starts in 2003)."""
    digits = written.lstrip("'’")
    return (2000 + int(digits), True) if len(digits) == 2 else (int(digits), False)


def find_dates(text: str) -> list[FoundDate]:
    """Every real date written in the text, in order (where two forms overlap, the one that starts first)."""
    found: list[FoundDate] = []
    for pattern in _patterns():
        for m in pattern.finditer(text):
            year, two_digits = _year(m["year"])
            groups = m.groupdict()
            if groups.get("mm"):
                month, language = int(m["mm"]), None
            elif groups.get("month"):
                month, language = month_names()[m["month"].lower()]
            else:  # "November 27-30, 2012": one month for both days
                month, language = month_names()[m["first_month"].lower()]
            starts = month_names()[m["first_month"].lower()][0] if groups.get("first_month") else month
            try:
                when = date(year, month, int(m["day"]))
                first = date(year, starts, int(m["first"])) if groups.get("first") else None
            except ValueError:
                continue  # "31 June 2011": not a date
            if first is not None and not first < when:
                continue  # "30-27 November": not a range
            weekday = m.groupdict().get("weekday")
            mismatch = weekday is not None and weekday_names()[weekday.lower()] != when.weekday()
            found.append(FoundDate(when, m[0], m.start(), m.end(), language, two_digits, mismatch, first))
    found.sort(key=lambda f: (f.start, -f.end))
    out: list[FoundDate] = []
    for f in found:
        if not out or f.start >= out[-1].end:
            out.append(f)
    return out


@cache
def month_year_pattern() -> re.Pattern:
    """A month and a year, "November 2011", "novembre 2011" (groups month, year)."""
    return re.compile(rf"(?<!\w)(?=[^\W_])(?P<month>{_alternation(month_names())})\.?,?{_SPACE}(?P<year>\d{{4}})(?!\d)",
                      re.IGNORECASE)


def format_month(when: date, language: str = "en") -> str:
    """A month as the archive writes it for readers of a language: "June 2009", "juin 2009"."""
    return _babel_format_date(when, "LLLL y", locale=language)


def format_date(when: date, language: str = "en") -> str:
    """The date as the archive writes it for readers of a language: "6 November 2009", "1er juin 2021"."""
    written = _babel_format_date(when, "d MMMM y", locale=language)
    if language == "fr" and when.day == 1:
        written = "1er" + written[1:]  # French writes the first of the month as an ordinal; CLDR does not
    return written
