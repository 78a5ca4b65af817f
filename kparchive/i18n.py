"""The interface's languages: English at /, French at /fr/ (every page in both trees).

What a reader of one language sees comes from one `Language`: its interface strings (a gettext catalogue,
kparchive/locale/fr/LC_MESSAGES/messages.po, read with Babel at build time: no compiled .mo is kept), the
names of the vocabularies' entries (their `fr:` fields, checked by french.py), countries (countrynames.py:
pycountry's own French names) and dates (Babel's CLDR months; "1er" for the first).

A missing translation is a build error, never a silent fallback: a string the interface shows with no French
in the catalogue stops the render (MissingTranslation, naming the string), and a vocabulary entry without
its French field is a Problem (french.py). The statements themselves stay in their own language, marked with
`lang` where it differs from the page's. Strings defined in Python are marked with messages.N_; the catalogue
is kept up to date by extract_messages.py.
"""

from __future__ import annotations

import functools
import gettext as _gettext
import io
from datetime import date
from pathlib import Path

import pycountry
from babel import Locale
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

from . import countrynames, dates, places
from .french import French
from .messages import N_

LANGUAGES = ("en", "fr")
DEFAULT = "en"
NAMES = {"en": "English", "fr": "Français"}  # each language in its own words (the switch)
LOCALES = {"en": "en_GB", "fr": "fr_FR"}  # og:locale
LOCALE_DIR = Path(__file__).with_name("locale")
CATALOGUE = "messages.po"

# The curated facts a page may list as unverified (validate.py's MEETING_FACTS, ORGANISATION_FACTS and
# GLOSSARY_FACTS), in its readers' words, never the fields' names.
FACTS = {
    "start": N_("its start date"), "end": N_("its end date"), "city": N_("its city"), "country": N_("its country"),
    "virtual": N_("that it was held online"), "hybrid": N_("that it was held both in person and online"),
    "chair.participant": N_("the Participant in the chair"), "chair.person": N_("the Chair's name"),
    "note": N_("the note"), "name": N_("its name"), "short": N_("its short name"), "url": N_("its website"),
    "renamed": N_("its change of name"), "fr.name": N_("its French name"), "fr.city": N_("its city's French name"),
    # a glossary entry's (validate.py's GLOSSARY_FACTS)
    "term": N_("the term"), "abbr": N_("its abbreviation"), "definition": N_("its definition"),
    "fr.term": N_("its French term"), "fr.abbr": N_("its French abbreviation"),
    "fr.definition": N_("its French definition"),
}
# A meeting whose start is on record and its end not: "from 24 May 2016".
FROM_DATE = N_("from %(date)s")
# A file's size in decimal units, as Jinja's filesizeformat writes it ("899.5 kB"), in the page's language
# ("899,5 ko").
SIZES = (N_("%(size)s kB"), N_("%(size)s MB"), N_("%(size)s GB"))


class MissingTranslation(RuntimeError):
    """An interface string with no translation in the language's catalogue: the build stops on it."""


def catalogue_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / CATALOGUE


@functools.cache
def translated_messages(lang: str) -> Catalog:
    """The language's catalogue, its messages with a whole translation only: neither fuzzy nor empty, a plural
    message with every form (Babel's compiler would fill a missing form with the English)."""
    with catalogue_path(lang).open("rb") as f:
        catalog = read_po(f, locale=lang)
    for message in list(catalog)[1:]:  # the first is the header
        whole = all(message.string) if isinstance(message.id, tuple) else message.string
        if not message.id or message.fuzzy or not whole:
            catalog.delete(message.id, message.context)
    return catalog


class _Missing(_gettext.NullTranslations):
    """A language's catalogue's last fallback: a message it lacks stops the build, naming the message."""

    def __init__(self, lang: str):
        super().__init__()
        self.lang = lang

    def _error(self, message: str, plural: str = "") -> MissingTranslation:
        return MissingTranslation(f"no {self.lang} translation for {message!r}{plural} in "
                                  f"kparchive/locale/{self.lang}/LC_MESSAGES/{CATALOGUE}")

    def gettext(self, message):
        raise self._error(message)

    def ngettext(self, singular, plural, n):
        raise self._error(singular, " (plural)")


@functools.cache
def translations(lang: str) -> NullTranslations:
    """The catalogue of a language, compiled in memory (English is the msgids themselves); a message it lacks
    raises MissingTranslation."""
    if lang == DEFAULT:
        return NullTranslations()
    compiled = io.BytesIO()
    write_mo(compiled, translated_messages(lang))
    compiled.seek(0)
    out = Translations(compiled)
    out.add_fallback(_Missing(lang))
    return out


@functools.cache
def _language_names(lang: str):
    return _gettext.translation("iso639-3", pycountry.LOCALES_DIR, languages=[lang])


class Language:
    """What the pages of one interface language say: strings, vocabulary names, countries, dates."""

    def __init__(self, code: str, french: French | None = None, places=None):
        self.code = code
        self.name = NAMES[code]
        self.locale = LOCALES[code]
        self.french = french or French({})
        self.places = places
        self._translations = translations(code)

    @property
    def default(self) -> bool:
        return self.code == DEFAULT

    # --- interface strings ---------------------------------------------------------------------------------

    def gettext(self, message: str) -> str:
        return message if self.default else self._translations.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        if self.default:
            return singular if n == 1 else plural
        return self._translations.ngettext(singular, plural, n)

    def file_size(self, n: int) -> str:
        """A size in bytes as readers of this language write it: "899.5 kB", "899,5 ko"."""
        from babel.numbers import format_decimal

        if n < 1000:
            return self.ngettext("%(size)s byte", "%(size)s bytes", n) % {"size": n}
        value, unit = float(n) / 1000, 0
        while value >= 1000 and unit + 1 < len(SIZES):
            value, unit = value / 1000, unit + 1
        number = format_decimal(value, format="#,##0.0", locale="en_GB" if self.default else self.code)
        return self.gettext(SIZES[unit]) % {"size": number}

    # --- vocabularies ---------------------------------------------------------------------------------------

    def text(self, entry, field_name: str) -> str:
        """An entry's field in this language: its French field, or its own (an organisation's own name)."""
        own = getattr(entry, field_name)
        if self.default or own is None:
            return own
        return self.french.of(entry).get(field_name, own)

    def translated(self, entry, field_name: str) -> bool:
        """Whether the field is shown in this language (else in the entry's own words: an organisation's name)."""
        return self.default or field_name in self.french.of(entry)

    def entry_name(self, entry) -> str:
        return self.text(entry, "label" if hasattr(entry, "label") else "name")

    def language_name(self, code: str, own: bool = False) -> str:
        """A language's name as this interface writes it mid-sentence (CLDR's, by Babel: "French",
        "anglais"), or in itself (`own`: "Français", for the switch between a statement's versions)."""
        if own:
            return places.language_name(code, own=True)
        return Locale.parse(self.code).languages.get(code) or places.language_name(code)

    def language_label(self, code: str) -> str:
        """A language as a facet value names it (its filter, its CSV column): ISO 639's name, pycountry's, in
        French in lower case as French writes a language ("anglais"); an unknown code as it is."""
        language = pycountry.languages.get(alpha_2=code)
        if language is None:
            return code
        if self.default:
            return language.name
        name = _language_names(self.code).gettext(language.name)
        return name.lower() if self.code == "fr" else name

    def country(self, code: str) -> str:
        """A country's name: the archive's own in English (places.yml), in French the ISO standard's
        (countrynames.py) in a sentence's order ("Fédération de Russie")."""
        if self.default:
            return self.places.name(code)
        return countrynames.natural_order(self.country_in_index(code))

    def country_in_index(self, code: str) -> str:
        """A country's name as an index of countries lists it, the country first ("Russie, Fédération de"):
        the French order of countries is theirs."""
        if self.default:
            return self.places.name(code)
        return countrynames.in_index(code, self.code) or self.places.name(code)

    def label(self, catalogue, key: str, vid) -> str:
        """The name readers of this language see for a facet value (its kind's, facets.KINDS)."""
        return catalogue.label(key, vid, self)

    # --- dates ----------------------------------------------------------------------------------------------

    def long_date(self, d: date) -> str:
        return _long_date(d, self.code)

    def date_range(self, days: tuple[date, date]) -> str:
        """A meeting's days, each part written once: "2–5 November 2009", "2–5 novembre 2009"."""
        start, end = days
        if start == end:
            return self.long_date(start)
        if (start.year, start.month) == (end.year, end.month):
            first = "1er" if self.code == "fr" and start.day == 1 else str(start.day)
            return f"{first}–{self.long_date(end)}"
        whole = self.long_date(start)
        first = whole.rsplit(" ", 1)[0] if start.year == end.year else whole
        return f"{first} – {self.long_date(end)}"


    def month(self, d: date) -> str:
        """A month as readers write it: "June 2009", "juin 2009"."""
        return _month(d, self.code)

    def meeting_day(self, m, which: str = "start") -> str:
        """A meeting's start (or end) as far as the record goes: "2 November 2009", or "June 2009" where only
        the month is known."""
        known, when = (m.start_known, m.start) if which == "start" else (m.end_known, m.end)
        return self.long_date(when) if known == "day" else self.month(when)

    def meeting_dates(self, m) -> str:
        """A meeting's days as far as the record goes: "2–5 November 2009", "June 2009" (only the month on
        record), "from 24 May 2016" (no record of its end)."""
        if m.start_known == m.end_known == "day":
            return self.date_range((m.start, m.end))
        first = self.meeting_day(m, "start")
        if not m.end_known:
            return self.gettext(FROM_DATE) % {"date": first} if m.start_known == "day" else first
        last = self.meeting_day(m, "end")
        return first if first == last else f"{first} – {last}"


@functools.lru_cache(maxsize=8192)
def _long_date(d: date, lang: str) -> str:
    return dates.format_date(d, "en_GB" if lang == DEFAULT else lang)


@functools.lru_cache(maxsize=1024)
def _month(d: date, lang: str) -> str:
    return dates.format_month(d, "en_GB" if lang == DEFAULT else lang)


def other(lang: str) -> str:
    """The language the switch on a page leads to."""
    return "fr" if lang == "en" else "en"


# --- the site's own words, in mkdocs.yml ---------------------------------------------------------------------

# What mkdocs.yml says that pages show: the site's name, description and copyright, and the nav's titles. The
# French tree (mkdocs.fr.yml inherits them) gets them from the catalogue, as every other string: the MkDocs hook
# translates them (translate_config), build_index names the site with them (render.site_in), and
# extract_messages.py adds them to the catalogue (config_words).
CONFIG_WORDS = ("site_name", "site_description", "copyright")


def _one_line(text) -> str:
    return " ".join(str(text).split())  # a folded YAML string (>-) as one line, its msgid


def config_words(config) -> list[str]:
    """The words of a MkDocs configuration (a mapping, as MkDocs loads it) that its pages show."""
    out = [_one_line(config[key]) for key in CONFIG_WORDS if config.get(key)]

    def titles(items):
        for item in items or ():
            if isinstance(item, dict):
                for title, value in item.items():
                    out.append(title)
                    titles(value if isinstance(value, list) else ())

    titles(config.get("nav"))
    return out


def translate_config(config, language: Language) -> None:
    """A MkDocs configuration's words (config_words) in the language's own, in place."""
    def nav(items):
        return [{language.gettext(title): nav(value) if isinstance(value, list) else value
                 for title, value in item.items()} if isinstance(item, dict) else item for item in items]

    for key in CONFIG_WORDS:
        if config.get(key):
            config[key] = language.gettext(_one_line(config[key]))
    if config.get("nav"):
        config["nav"] = nav(config["nav"])
