"""Render: the catalogue as files, every page through one autoescaping Jinja environment.

Each page (pages.Page) becomes its Markdown page and its two fragments (kparchive/fragments.py); the data
files and the feed come from exports.py. Statement pages are most of the work and independent of one
another: forked workers render them (parallel.fork_map) and hand them to the writer as they go, so no
process holds every page at once. The writer (write.py) comes from the command line.
"""

from __future__ import annotations

import functools
import json
import re
from datetime import date

import frontmatter
import yaml
from babel.dates import format_date
from jinja2 import Environment, PackageLoader, StrictUndefined
from jinja2.utils import htmlsafe_json_dumps
from markupsafe import Markup

from . import exports, facets, fragments, pages, urls
from .catalogue import Catalogue
from .cite import Citer
from .pages import Page
from .parallel import fork_map
from .places import LANGUAGE_NAMES, language_name
from .settings import Settings
from .siteconfig import Site, read_site
from .text import Inline
from .write import Report, Writer

GENERATOR = "build_index.py"
# What a statement makes of a person, as its page says it beside their name (a quotation needs no word).
PARTS = {"author": "author", "speaker": "speaker", "quoted": None, "mentioned": "named"}
# libyaml's emitter where PyYAML has it: front matter is most of build_index's YAML work at archive scale.
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


@functools.lru_cache(maxsize=4096)
def long_date(d: date, locale: str = "en_GB") -> str:
    """A date as readers write it ("6 November 2009"), from the CLDR's month names (Babel)."""
    return format_date(d, "d MMMM y", locale=locale)


def date_range(days: tuple[date, date], locale: str = "en_GB") -> str:
    """A meeting's days, each part written once: "2–5 November 2009", "30 November – 2 December 2017"."""
    start, end = days
    if start == end:
        return long_date(start, locale)
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{long_date(end, locale)}"
    first = format_date(start, "d MMMM" if start.year == end.year else "d MMMM y", locale=locale)
    return f"{first} – {long_date(end, locale)}"


def jsonld(data) -> Markup:
    """JSON for a <script> element: <, > and & as \\u escapes (so `</script>` in a value cannot end the
    block), and a brace that would open Jinja syntax (only ever inside a string) as \\u007b."""
    text = htmlsafe_json_dumps(data, dumps=functools.partial(json.dumps, ensure_ascii=False, sort_keys=False))
    return Markup(re.sub(r"\{(?=[{%#])", r"\\u007b", str(text)))


def environment(catalogue: Catalogue, site: Site) -> Environment:
    """The one environment every page, fragment and the feed is written by: every value escaped
    (fragments.finalize), links through url() (urls.py), the catalogue and the facets at hand."""
    env = Environment(loader=PackageLoader("kparchive", "templates"), undefined=StrictUndefined, autoescape=True,
                      finalize=fragments.finalize, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    inlines: dict[str, Inline] = {}

    def inline(language: str) -> Inline:
        """Abbreviations as a text in `language` is explained (a French text's "PK" too)."""
        if language not in inlines:
            # The words places.yml ignores in that language are no abbreviation either (French "CAR").
            ignored = (catalogue.vocab.places.languages.get(language) or {}).get("ignore") or []
            inlines[language] = Inline(catalogue.vocab.glossary, language, frozenset(ignored))
        return inlines[language]

    items: dict[tuple, Markup] = {}

    def remembered_item(s, show_meeting: bool = True) -> Markup:
        """_macros.html.j2's statement_item, written once per statement (and process): a statement is listed
        on a dozen pages (its meeting's, year's, countries', topics', organisations', other statements')."""
        key = (s.id, bool(show_meeting))
        if key not in items:
            items[key] = env.get_template("_macros.html.j2").module.statement_item(s, show_meeting)
        return items[key]

    def remembered_row(s) -> Markup:
        """_macros.html.j2's statement_row, once per statement: it stands in the table and on its year's page."""
        key = (s.id, "row")
        if key not in items:
            items[key] = env.get_template("_macros.html.j2").module.statement_row(s)
        return items[key]

    env.filters.update(long_date=long_date, date_range=date_range, country=catalogue.country_name,
                       page_tokens=lambda paragraphs, language="en": inline(language).page(paragraphs),
                       thousands=lambda n: f"{n:,}", jsonld=jsonld)
    env.globals.update(cat=catalogue, vocab=catalogue.vocab, urls=urls, facets=facets, site=site, PARTS=PARTS,
                       url=fragments.link, remembered_item=remembered_item, remembered_row=remembered_row,
                       abbreviations_used=lambda tokens, language="en": inline(language).used(tokens),
                       other_names=catalogue.vocab.places.other_names, LANGUAGES=LANGUAGE_NAMES,
                       language_name=language_name)
    return env


def markdown_page(meta: dict) -> bytes:
    """A page's Markdown: front matter only, marked as generated (write.py reads the mark)."""
    post = frontmatter.Post("", generated_by=GENERATOR, **meta)
    return (frontmatter.dumps(post, sort_keys=False, Dumper=_DUMPER) + "\n").encode("utf-8")


def render_page(env: Environment, page: Page) -> tuple[dict[str, bytes], dict[str, bytes]]:
    """A page's three files: its Markdown page (docs/), its content and head fragments (overrides/generated/)."""
    body = fragments.checked(env.get_template(page.template).render(**page.context), page.template, page.path)
    head = fragments.checked(env.get_template("head.html.j2").render(page=page, head=page.head),
                             "head.html.j2", page.path)
    meta = {"title": page.title, "template": page.theme, **page.meta,
            "fragment": urls.fragment(page.path), "head_fragment": urls.head_fragment(page.path)}
    return ({page.path: markdown_page(meta)},
            {urls.fragment(page.path): body, urls.head_fragment(page.path): head})


def _render_pages(env: Environment, batch: list[Page]) -> tuple[dict, dict]:
    """Pages rendered together (by forked workers at archive scale)."""
    docs: dict[str, bytes] = {}
    frags: dict[str, bytes] = {}
    for page in batch:
        more_docs, more_frags = render_page(env, page)
        docs.update(more_docs)
        frags.update(more_frags)
    return docs, frags


def statement_files(env: Environment, citer: Citer, catalogue: Catalogue, s) -> tuple[dict, dict]:
    """A statement's page and its published files (.bib, .ris, .json; its original is a site file)."""
    cite = citer.cite(s)
    docs, frags = render_page(env, pages.statement_page(s, cite, citer.head(s)))
    docs[urls.statement_file(s.id, "bib")] = cite["bibtex"].encode("utf-8")
    docs[urls.statement_file(s.id, "ris")] = cite["ris"].encode("utf-8")
    docs[urls.statement_file(s.id, "json")] = exports.statement_json(catalogue, citer, s)
    return docs, frags


def _render_statements(context: tuple, ids: list[str]):
    """Render these statements; with a writer, hand each to it as it is done and return what it wrote,
    else return the files."""
    env, citer, catalogue, writer = context
    report, all_docs, all_frags = Report(), {}, {}
    for sid in ids:
        docs, frags = statement_files(env, citer, catalogue, catalogue.by_id[sid])
        if writer is None:
            all_docs.update(docs)
            all_frags.update(frags)
        else:
            report += writer.write("docs", docs) + writer.write("fragments", frags)
    return (report if writer is not None else (all_docs, all_frags)), citer.new, citer.used


class Renderer:
    """The catalogue's files: the site's (listings, data, originals), then the statements'."""

    def __init__(self, catalogue: Catalogue, settings: Settings, formatted: dict[str, str] | None = None):
        """`formatted`: references formatted by earlier builds (cite.CitationCache), reused when unchanged."""
        self.catalogue = catalogue
        self.settings = settings
        site = read_site(settings.config)
        self.env = environment(catalogue, site)
        self.citer = Citer(catalogue, site, formatted)
        self.new_citations: dict[str, str] = {}  # references formatted by this build (Renderer.statements)
        self.citation_keys: set[str] = set()  # the cache keys of every statement's references

    def planned(self, site_files: dict[str, dict[str, bytes]]) -> dict[str, set[str]]:
        """Every path the build writes, by output: the site's files already rendered, and the statements'."""
        out = {name: set(files) for name, files in site_files.items()}
        for s in self.catalogue.chronological:
            page = urls.statement(s.id)
            out["docs"].update([page, *(urls.statement_file(s.id, ext) for ext in ("bib", "ris", "json"))])
            out["fragments"].update([urls.fragment(page), urls.head_fragment(page)])
        return out

    def statements(self, writer: Writer | None = None):
        """Every statement's files: handed to the writer and reported, or returned ({output: files})."""
        done = fork_map(_render_statements, (self.env, self.citer, self.catalogue, writer),
                        [s.id for s in self.catalogue.chronological], self.settings.workers)
        for _, new, used in done:  # the workers' references (in one process: self.citer's own)
            self.new_citations.update(new)
            self.citation_keys.update(used)
        if writer is not None:
            return sum((result for result, _, _ in done), Report())
        out: dict[str, dict[str, bytes]] = {"docs": {}, "fragments": {}}
        for (docs, frags), _, _ in done:
            out["docs"].update(docs)
            out["fragments"].update(frags)
        return out

    def site(self) -> dict[str, dict[str, bytes]]:
        """Every generated file but the statements' own (Renderer.statements), by output."""
        catalogue, settings = self.catalogue, self.settings
        docs: dict[str, bytes] = {}
        frags: dict[str, bytes] = {}
        for s in catalogue.chronological:
            docs[urls.statement_file(s.id, "txt")] = s.raw
        for old, new in catalogue.redirects.items():  # old addresses keep working (statements/redirects.yml)
            docs[urls.statement_file(old, "txt")] = catalogue.by_id[new].raw
        for more_docs, more_frags in fork_map(_render_pages, self.env, pages.site_pages(catalogue, settings),
                                              settings.workers):
            docs.update(more_docs)
            frags.update(more_frags)
        docs.update(exports.files(catalogue, self.citer, self.env))
        return {"docs": docs, "fragments": frags}
