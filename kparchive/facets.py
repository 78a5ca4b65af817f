"""The facets: the ways into the archive, each declared once, as data.

A facet names what a statement can be found by (its meeting, year, countries, topics…). From this registry
come the catalogue's indexes, the listing pages and their pagers, the rows of a statement's panel, the
Pagefind filters and the search page's lists, the CSV columns and the data page's description of them.
Adding a facet is one entry here, its label, and its tests.

`attribute` is the Statement attribute its values are read from (one value or a list); `kind` says how a
value's id and label are read: `entry` (a vocabulary entry with an id and a label or name), `country` (an
alpha-2 code, named by places.yml and pycountry), `year`, `language` (an ISO 639-1 code). How each kind's
values are named in a language is KINDS' (the catalogue's labels in English, i18n.Language's in each language).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from . import urls
from .messages import N_
from .problems import Problem


@dataclass(frozen=True)
class Kind:
    """A kind of facet value and how readers of a language are told one: `name(language, value)`, where
    `language` is an i18n.Language and `value` what Catalogue.entry gives for the value's id (the vocabulary
    entry, or the code or year itself)."""

    key: str
    name: Callable[[object, object], str]


KINDS = {kind.key: kind for kind in (
    Kind("entry", lambda language, entry: language.entry_name(entry)),  # its label or name, its `fr:` one
    Kind("country", lambda language, code: language.country(code)),  # places.yml's, or the ISO standard's
    Kind("year", lambda language, year: str(year)),
    Kind("language", lambda language, code: language.language_label(code)),  # ISO 639's, by pycountry
)}


@dataclass(frozen=True)
class Facet:
    key: str  # the /search/ parameter, the Pagefind filter, the CSV column
    label: str  # one value's label ("Country"): English, marked for the catalogue (N_), translated where shown
    plural: str  # the facet's label for many ("Countries")
    attribute: str  # the Statement attribute holding the value(s)
    kind: str  # a key of KINDS: entry | country | year | language
    folder: str | None = None  # its pages: /<folder>/<value>/; None: found by search only
    template: str | None = None  # a value's page (kparchive/templates/)
    index_template: str | None = None  # the facet's index page, /<folder>/ (None: no index of its own)
    index_title: str | None = None  # the index page's title (default: plural)
    heading: str = "%(label)s"  # a value page's title (translated, then formatted)
    curated: bool = False  # a page for every vocabulary entry, whether or not a statement carries it yet
    paginate: bool = True  # a listing over pages of settings.page_size statements (years keep one page)
    table: bool = False  # its value pages list their statements as a sortable table (assets/table.js)
    also: str | None = None  # another facet whose statements its value pages list after its own (apart)
    order: str = "vocabulary"  # the order of its values: vocabulary | name | newest | time (meetings)
    search: bool = True  # a filter on /search/
    panel: bool = True  # a row of the statement page's panel (the year is in its date, organisations in their roles)
    description: str = ""  # the CSV column's meaning (the data page and datapackage.json)
    translated: bool = True  # its names differ by language (the CSV has them in each); a year's, a person's do not


REGISTRY: tuple[Facet, ...] = (
    Facet("year", N_("Year"), N_("Years"), "year", "year", folder="years", template="year.html.j2", paginate=False,
          table=True, heading=N_("Statements of %(label)s"), order="newest", panel=False, translated=False,
          description=N_("Year of the statement's date")),
    # Every meeting is on its index, /meetings/; a page of its own only once a statement belongs to it.
    Facet("meeting", N_("Meeting"), N_("Meetings"), "meeting", "entry", folder="meetings", template="meeting.html.j2",
          index_template="meetings.html.j2", order="time",
          description=N_("Kimberley Process meeting id, as in its page's address (/meetings/<id>/)")),
    Facet("country", N_("Country"), N_("Countries"), "countries", "country", folder="countries",
          template="country.html.j2", index_template="countries.html.j2", order="name", also="mentioned",
          description=N_("Countries the statement is about (curated): ISO 3166-1 alpha-2 codes, EU for the European "
                      "Union")),
    Facet("mentioned", N_("Named in passing"), N_("Named in passing"), "mentioned", "country", order="name",
          description=N_("Countries the statement names without being about them (found in its text): ISO 3166-1 "
                      "alpha-2 codes")),
    Facet("topic", N_("Topic"), N_("Topics"), "topics", "entry", folder="topics", template="topic.html.j2",
          index_template="topics.html.j2", curated=True,
          description=N_("Topic ids, as in their pages' addresses (/topics/<id>/)")),
    Facet("type", N_("Document type"), N_("Document types"), "type", "entry",
          description=N_("Document type id, as the search page's addresses write it (search/?type=<id>)")),
    Facet("organisation", N_("Organisation"), N_("Organisations"), "all_organisations", "entry", folder="organisations",
          template="organisation.html.j2", index_template="organisations.html.j2",
          index_title=N_("Organisations and people"), curated=True, order="name", panel=False,
          description=N_("Ids of the organisations that issued, published or spoke in the statement, as in their "
                      "pages' addresses (/organisations/<id>/)")),
    Facet("person", N_("Person"), N_("People"), "people", "entry", folder="people", template="person.html.j2",
          order="name", search=False, translated=False,
          description=N_("Address keys of the people who speak in the statement (/people/<key>/)")),
    Facet("language", N_("Language"), N_("Languages"), "language", "language", order="name",
          description=N_("ISO 639-1 code of the text's language")),
)
BY_KEY = {facet.key: facet for facet in REGISTRY}
# Page names a facet value may not take: its folder's own index, and the folder of a listing's further pages.
RESERVED = frozenset({"index", "page"})


def values(facet: Facet, statement) -> list:
    """The facet's values on a statement (vocabulary entries, codes or a year), in the statement's order; none
    for a value it does not have (a statement between meetings has no meeting)."""
    value = getattr(statement, facet.attribute)
    return list(value) if isinstance(value, (list, tuple)) else [] if value is None else [value]


def value_id(facet: Facet, value) -> str:
    """The id that names a value in addresses, filters and data."""
    return value.id if facet.kind == "entry" else str(value)


def page_segment(facet: Facet, vid: str) -> str:
    """The value's part of its page address (country codes in lower case: /countries/zw/)."""
    return vid.lower() if facet.kind == "country" else vid


def page(facet: Facet, vid: str, number: int = 1) -> str:
    """The docs path of a value's listing page (and its further pages)."""
    if facet.key == "year":
        return urls.year(int(vid))
    return urls.listing(facet.folder, page_segment(facet, vid), number)


def check(catalogue) -> list[Problem]:
    """Values whose page would replace one of the archive's own: a folder's index, or its further pages'
    folder. (Two people whose names would share an address are refused where the catalogue meets them.)"""
    problems = []
    for facet in REGISTRY:
        if facet.folder is None or facet.key == "year":
            continue
        for vid in catalogue.by[facet.key]:
            name = page_segment(facet, vid)
            if name in RESERVED:
                problems.append(Problem(catalogue.source_of(facet, vid), facet.key,
                                        f"{catalogue.label(facet.key, vid)!r} would take the address "
                                        f"/{facet.folder}/{name}/, which the archive keeps for its own pages "
                                        f"({', '.join(sorted(RESERVED))}); choose another id or name"))
    return problems
