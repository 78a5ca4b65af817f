"""The site's pages: which pages the catalogue makes, with their templates, titles and contents.

A page is data (Page); render.py writes each one the same way (fragments.py). The listings of a facet
value come from the facet registry: every facet with a folder gets an index page (if it has a template
for one) and a page per value, over several pages when it is long (pagination.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from . import exports, facets, urls
from .catalogue import Catalogue
from .i18n import Language
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


def statement_page(s: Statement, cite: dict, head: dict, language: Language | None = None) -> Page:
    _ = language.gettext if language else str
    meta = {"statement": {"id": s.id}, "toc": statement_toc(s, cite, _)}
    if language and s.language != language.code:  # the title is in the statement's language (header, <h1>)
        meta["title_lang"] = s.language
    return Page(urls.statement(s.id), "statement.html.j2", s.title, {"s": s, "cite": cite}, theme="statement.html",
                description=s.summary, meta=meta, head=head)


def statement_toc(s: Statement, cite: dict, _=str) -> list[dict]:
    """The statement page's table of contents (the theme's partials/toc.html reads it from the front matter)."""
    refs = [{"title": _(r.label), "url": f"#cite-{r.key}"} for r in cite["references"]]
    refs += [{"title": _("BibTeX"), "url": "#cite-bibtex"},
             {"title": _("RIS (EndNote, Zotero, Mendeley)"), "url": "#cite-ris"}]
    around = [{"title": _("Related statements"), "url": "#related-statements"}] if s.related else []
    return [{"title": _("Text"), "url": "#text"},
            {"title": _("Cite this statement"), "url": "#cite-this-statement", "children": refs},
            {"title": _("Around this statement"), "url": "#around-this-statement", "children": around}]


def value_pages(catalogue: Catalogue, facet: facets.Facet, vid: str, settings: Settings, language: Language,
                **context) -> list[Page]:
    """A facet value's listing, over as many pages as it takes."""
    _ = language.gettext
    heading = _(facet.heading) if facet.heading != "%(label)s" else facet.heading
    title = heading % {"label": language.label(catalogue, facet.key, vid)}
    statements, own = catalogue.listed_on(facet, vid)
    size = settings.page_size if facet.paginate else None
    out = []
    for pager, shown in paginate(lambda n: facets.page(facet, vid, n), statements, size):
        heading = title if pager.number == 1 else _("%(title)s, page %(number)s of %(count)s") % {
            "title": title, "number": pager.number, "count": pager.count}
        # Its own statements, then those it lists apart (a country's statements about it, then naming it).
        first, rest = shown[: max(0, own - pager.first + 1)], shown[max(0, own - pager.first + 1):]
        out.append(Page(pager.paths[pager.number - 1], facet.template, heading,
                        {"heading": heading, "pager": pager, "statements": shown, "own": first, "apart": rest,
                         "own_total": own, "apart_total": len(statements) - own, **context},
                        meta={"table": True} if facet.table else {}))
    return out


def facet_pages(catalogue: Catalogue, settings: Settings, language: Language) -> list[Page]:
    """Every facet's index page and its values' pages, each value with its neighbours in the facet's order
    (the meetings before and after a meeting, the years before and after a year)."""
    out = []
    for facet in facets.REGISTRY:
        if facet.folder is None:
            continue
        if facet.index_template:
            out.append(Page(urls.listing_index(facet.folder), facet.index_template,
                            language.gettext(facet.index_title or facet.plural)))
        ids = catalogue.page_values(facet)
        for i, vid in enumerate(ids):
            out += value_pages(catalogue, facet, vid, settings, language, value=catalogue.entry(facet.key, vid),
                               previous=ids[i - 1] if i else None, following=ids[i + 1] if i + 1 < len(ids) else None)
    return out


def site_pages(catalogue: Catalogue, settings: Settings, language: Language) -> list[Page]:
    """Every page but the statements' own, in one language."""
    _ = language.gettext
    glossary = sorted(catalogue.vocab.glossary, key=lambda t: language.text(t, "term").casefold())
    out = [
        Page(urls.HOME, "home.html.j2", _("Home")),
        Page(urls.TIMELINE, "timeline.html.j2", _("Timeline"), {"per_year": PER_YEAR},
             meta={"toc": [{"title": str(y), "url": f"#y{y}"} for y in catalogue.years]}),
        Page(urls.GLOSSARY, "glossary.html.j2", _("Glossary"), {"glossary": glossary},
             meta={"toc": [{"title": language.text(t, "term"), "url": f"#{t.anchor}"} for t in glossary]}),
        Page(urls.DATA, "data.html.j2", _("Data and citation"),
             {"columns": exports.COLUMNS, "feed_size": exports.FEED_SIZE},
             description=_("The archive's catalogue as open data (JSON, CSV, a Frictionless Data Package, an Atom "
                           "feed), how to cite a statement, and how to check that the files are intact."),
             meta={"toc": [{"title": _("Files"), "url": "#files"}, {"title": _("Columns"), "url": "#columns"},
                           {"title": _("Checking the files"), "url": "#checking-the-files-fixity"},
                           {"title": _("Citing"), "url": "#citing"},
                           {"title": _("Permanent addresses"), "url": "#permanent-addresses"},
                           {"title": _("Licence"), "url": "#licence"}]}),
        Page(urls.SEARCH, "search.html.j2", _("Search"), theme="search.html",
             meta={"hide": ["navigation", "toc"], "search_facets": search_facets(catalogue, language)}),
    ]
    for old, new in catalogue.redirects.items():  # old addresses keep working (statements/redirects.yml)
        s = catalogue.by_id[new]
        out.append(Page(urls.statement(old), "redirect.html.j2", _("Moved: %(title)s") % {"title": s.title},
                        {"s": s}, theme="redirect.html",
                        meta={"redirect": {"to": new}, "search": {"exclude": True}}))
    return out + statement_table_pages(catalogue, language) + facet_pages(catalogue, settings, language)


def statement_table_pages(catalogue: Catalogue, language: Language) -> list[Page]:
    """Every statement as a table, newest first, TABLE_ROWS a page: the nav's way to "every statement", and
    where the header's search form leads without JavaScript."""
    _ = language.gettext
    out = []
    for pager, shown in paginate(urls.statements_page, catalogue.newest_first, TABLE_ROWS):
        heading = _("Statements") if pager.number == 1 else _("Statements, page %(number)s of %(count)s") % {
            "number": pager.number, "count": pager.count}
        out.append(Page(pager.paths[pager.number - 1], "statements.html.j2", heading,
                        {"heading": heading, "pager": pager, "statements": shown}, meta={"table": True}))
    return out


def search_facets(catalogue: Catalogue, language: Language) -> list[dict]:
    """The /search/ page's facets: URL parameter, legend, and the values some statement carries, in reading
    order (Pagefind supplies the counts in the browser); in French, names in French and in their order."""
    out = []
    for facet in facets.REGISTRY:
        if not facet.search:
            continue
        options = [{"value": vid, "label": language.label(catalogue, facet.key, vid)}
                   for vid, _label in catalogue.options(facet)]
        if facet.order == "name" and not language.default:
            options.sort(key=lambda option: option["label"].casefold())
        out.append({"key": facet.key, "legend": language.gettext(facet.label), "options": options})
    return out
