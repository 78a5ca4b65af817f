"""The site's pages: which pages the catalogue makes, with their templates, titles and contents.

A page is data (Page); render.py writes each one the same way (fragments.py). The listings of a facet
value come from the facet registry: every facet with a folder gets an index page (if it has a template
for one) and a page per value, over several pages when it is long (pagination.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from . import exports, facets, urls
from .catalogue import Catalogue
from .model import Statement
from .pagination import paginate
from .settings import Settings

# Listings stay small however large the archive grows: the newest statements, and per year on the timeline;
# every statement of a year is on its year page.
PER_YEAR = 10
TABLE_ROWS = 200  # statements on a page of the table of every statement


@dataclass
class Page:
    path: str  # its docs path (urls.py)
    template: str  # the fragment's template (kparchive/templates/)
    title: str
    context: dict = field(default_factory=dict)
    theme: str = "listing.html"  # the theme's template (overrides/)
    description: str | None = None  # None: the site's
    meta: dict = field(default_factory=dict)  # more front matter for the theme (toc, hide, search…)
    head: dict | None = None  # a statement's citation metadata (cite.Citer.head)


def statement_page(s: Statement, cite: dict, head: dict) -> Page:
    return Page(urls.statement(s.id), "statement.html.j2", s.title, {"s": s, "cite": cite}, theme="statement.html",
                description=s.summary, meta={"statement": {"id": s.id}, "toc": statement_toc(s, cite)}, head=head)


def statement_toc(s: Statement, cite: dict) -> list[dict]:
    """The statement page's table of contents (the theme's partials/toc.html reads it from the front matter)."""
    refs = [{"title": r.label, "url": f"#cite-{r.key}"} for r in cite["references"]]
    refs += [{"title": "BibTeX", "url": "#cite-bibtex"},
             {"title": "RIS (EndNote, Zotero, Mendeley)", "url": "#cite-ris"}]
    around = [{"title": "Related statements", "url": "#related-statements"}] if s.related else []
    return [{"title": "Text", "url": "#text"},
            {"title": "Cite this statement", "url": "#cite-this-statement", "children": refs},
            {"title": "Around this statement", "url": "#around-this-statement", "children": around}]


def value_pages(catalogue: Catalogue, facet: facets.Facet, vid: str, settings: Settings, **context) -> list[Page]:
    """A facet value's listing, over as many pages as it takes."""
    title = facet.heading.format(label=catalogue.label(facet.key, vid))
    statements, own = catalogue.listed_on(facet, vid)
    size = settings.page_size if facet.paginate else None
    out = []
    for pager, shown in paginate(lambda n: facets.page(facet, vid, n), statements, size):
        heading = title if pager.number == 1 else f"{title}, page {pager.number} of {pager.count}"
        # Its own statements, then those it lists apart (a country's statements about it, then naming it).
        first, rest = shown[: max(0, own - pager.first + 1)], shown[max(0, own - pager.first + 1):]
        out.append(Page(pager.paths[pager.number - 1], facet.template, heading,
                        {"heading": heading, "pager": pager, "statements": shown, "own": first, "apart": rest,
                         "own_total": own, "apart_total": len(statements) - own, **context},
                        meta={"table": True} if facet.table else {}))
    return out


def facet_pages(catalogue: Catalogue, settings: Settings) -> list[Page]:
    """Every facet's index page and its values' pages, each value with its neighbours in the facet's order
    (the meetings before and after a meeting, the years before and after a year)."""
    out = []
    for facet in facets.REGISTRY:
        if facet.folder is None:
            continue
        if facet.index_template:
            out.append(Page(urls.listing_index(facet.folder), facet.index_template, facet.index_title or facet.plural))
        ids = catalogue.page_values(facet)
        for i, vid in enumerate(ids):
            out += value_pages(catalogue, facet, vid, settings, value=catalogue.entry(facet.key, vid),
                               previous=ids[i - 1] if i else None, following=ids[i + 1] if i + 1 < len(ids) else None)
    return out


def site_pages(catalogue: Catalogue, settings: Settings) -> list[Page]:
    """Every page but the statements' own."""
    out = [
        Page(urls.HOME, "home.html.j2", "Home"),
        Page(urls.TIMELINE, "timeline.html.j2", "Timeline", {"per_year": PER_YEAR},
             meta={"toc": [{"title": str(y), "url": f"#y{y}"} for y in catalogue.years]}),
        Page(urls.GLOSSARY, "glossary.html.j2", "Glossary",
             {"glossary": sorted(catalogue.vocab.glossary, key=lambda t: t.term)},
             meta={"toc": [{"title": t.term, "url": f"#{t.anchor}"}
                           for t in sorted(catalogue.vocab.glossary, key=lambda t: t.term)]}),
        Page(urls.DATA, "data.html.j2", "Data and citation",
             {"columns": exports.COLUMNS, "feed_size": exports.FEED_SIZE},
             description="The archive's catalogue as open data (JSON, CSV, a Frictionless Data Package, an Atom "
                         "feed), how to cite a statement, and how to check that the files are intact.",
             meta={"toc": [{"title": "Files", "url": "#files"}, {"title": "Columns", "url": "#columns"},
                           {"title": "Checking the files", "url": "#checking-the-files-fixity"},
                           {"title": "Citing", "url": "#citing"},
                           {"title": "Permanent addresses", "url": "#permanent-addresses"},
                           {"title": "Licence", "url": "#licence"}]}),
        Page(urls.SEARCH, "search.html.j2", "Search", theme="search.html",
             meta={"hide": ["navigation", "toc"], "search_facets": search_facets(catalogue)}),
    ]
    for old, new in catalogue.redirects.items():  # old addresses keep working (statements/redirects.yml)
        s = catalogue.by_id[new]
        out.append(Page(urls.statement(old), "redirect.html.j2", f"Moved: {s.title}", {"s": s}, theme="redirect.html",
                        meta={"redirect": {"to": new}, "search": {"exclude": True}}))
    return out + statement_table_pages(catalogue) + facet_pages(catalogue, settings)


def statement_table_pages(catalogue: Catalogue) -> list[Page]:
    """Every statement as a table, newest first, TABLE_ROWS a page: the nav's way to "every statement", and
    where the header's search form leads without JavaScript."""
    out = []
    for pager, shown in paginate(urls.statements_page, catalogue.newest_first, TABLE_ROWS):
        heading = "Statements" if pager.number == 1 else f"Statements, page {pager.number} of {pager.count}"
        out.append(Page(pager.paths[pager.number - 1], "statements.html.j2", heading,
                        {"heading": heading, "pager": pager, "statements": shown}, meta={"table": True}))
    return out


def search_facets(catalogue: Catalogue) -> list[dict]:
    """The /search/ page's facets: URL parameter, legend, and the values some statement carries, in reading
    order (Pagefind supplies the counts in the browser)."""
    return [{"key": facet.key, "legend": facet.label,
             "options": [{"value": vid, "label": label} for vid, label in catalogue.options(facet)]}
            for facet in facets.REGISTRY if facet.search]
