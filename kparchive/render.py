"""Render: the catalogue as files, every page through one autoescaping Jinja environment.

Each page (pages.Page) becomes its Markdown page and its two fragments (kparchive/fragments.py); the data
files and the feed come from exports.py. Statement pages are most of the work and independent of one
another: forked workers render them (parallel.fork_map) and hand them to the writer as they go, so no
process holds every page at once. The writer (write.py) comes from the command line.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re

import frontmatter
import yaml
from babel.numbers import format_decimal
from jinja2 import Environment, PackageLoader, StrictUndefined
from jinja2.utils import htmlsafe_json_dumps
from markupsafe import Markup

from . import countrynames, exports, extract, facets, fragments, i18n, pages, urls
from .catalogue import Catalogue
from .cite import Citer
from .i18n import Language
from .load import read_regular
from .messages import N_
from .pages import Page
from .parallel import fork_map
from .places import LANGUAGE_NAMES
from .settings import Settings
from .siteconfig import Site, read_site
from .text import Inline, cut_quotes
from .write import Report, Writer

GENERATOR = "build_index.py"
# What a statement makes of a person, as its page says it beside their name (a quotation needs no word).
PARTS = {"author": N_("author"), "speaker": N_("speaker"), "quoted": None, "mentioned": N_("named")}
# A meeting's kind, as its pages name it.
MEETING_TYPES = {"plenary": N_("Plenary"), "intersessional": N_("Intersessional")}
# libyaml's emitter where PyYAML has it: front matter is most of build_index's YAML work at archive scale.
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def jsonld(data) -> Markup:
    """JSON for a <script> element: <, > and & as \\u escapes (so `</script>` in a value cannot end the
    block), and a brace that would open Jinja syntax (only ever inside a string) as \\u007b."""
    text = htmlsafe_json_dumps(data, dumps=functools.partial(json.dumps, ensure_ascii=False, sort_keys=False))
    return Markup(re.sub(r"\{(?=[{%#])", r"\\u007b", str(text)))


class SharedTokens:
    """A statement's paragraphs as tokens (text.Inline.page), made once for both interfaces' pages: its text
    is the same on each, in its own language, whose abbreviations it explains (a French text's "PK")."""

    def __init__(self, glossary, places):
        self.glossary = glossary
        self.places = places
        self.inlines: dict[str, Inline] = {}
        self.key: tuple = ()
        self.tokens: dict = {}

    def inline(self, language: str) -> Inline:
        if language not in self.inlines:
            # The words places.yml ignores in that language are no abbreviation either (French "CAR").
            ignored = (self.places.languages.get(language) or {}).get("ignore") or []
            self.inlines[language] = Inline(self.glossary, language, frozenset(ignored))
        return self.inlines[language]

    def __call__(self, paragraphs, language: str = "en"):
        key = (language, *map(id, paragraphs))
        if key != self.key:
            self.key, self.tokens = key, self.inline(language).page(paragraphs)
        return self.tokens

    def used(self, tokens, language: str = "en"):
        """The glossary entries a page's tokens explain."""
        return self.inline(language).used(tokens)


def escaped_gettext(language: Language) -> dict:
    """jinja2.ext.i18n's newstyle gettext and ngettext, but a value put into a message is escaped as every
    other value a template writes (fragments.finalize, braces too): Jinja's own escape only HTML, so a name
    holding "{{" would reach the fragment as Jinja syntax through a message."""

    plain: dict[str, Markup] = {}

    def gettext(__string: str, **variables) -> Markup:
        if not variables:  # most messages: translated and formatted once per process
            found = plain.get(__string)
            if found is None:
                found = plain[__string] = Markup(language.gettext(__string)) % {}
            return found
        return Markup(language.gettext(__string)) % {name: fragments.finalize(value)
                                                     for name, value in variables.items()}

    def ngettext(__singular: str, __plural: str, __num: int, **variables) -> Markup:
        variables.setdefault("num", __num)
        return Markup(language.ngettext(__singular, __plural, __num)) % {
            name: fragments.finalize(value) for name, value in variables.items()}

    return {"gettext": gettext, "ngettext": ngettext}


def join(items, separator: str = "") -> Markup:
    """The `join` filter, each item escaped as every value a template writes (fragments.finalize, braces too):
    Jinja's own escapes only HTML, so a name holding "{#" would reach the fragment as Jinja syntax."""
    return fragments.finalize(separator).join(fragments.finalize(item) for item in items)


def environment(catalogue: Catalogue, site: Site, language: Language | None = None,
                tokens: SharedTokens | None = None) -> Environment:
    """The one environment every page, fragment and the feed of a language is written by: every value
    escaped (fragments.finalize), links through url() (urls.py) within the language's tree, its strings
    through gettext (jinja2.ext.i18n, i18n.py's catalogue, a missing one an error), the catalogue and the
    facets at hand."""
    language = language or Language(i18n.DEFAULT, places=catalogue.vocab.places)
    env = Environment(loader=PackageLoader("kparchive", "templates"), undefined=StrictUndefined, autoescape=True,
                      finalize=fragments.finalize, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
                      extensions=["jinja2.ext.i18n"])
    env.install_gettext_callables(language.gettext, language.ngettext, newstyle=True)
    env.globals.update(escaped_gettext(language))
    env.filters["join"] = join
    tokens = tokens or SharedTokens(catalogue.vocab.glossary, catalogue.vocab.places)
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

    lang = language.code
    _ = language.gettext

    def column_description(column) -> str:
        """A CSV column's meaning, as the data page of the language says it."""
        if language.default:
            return column.description
        if column.facet:
            label = _(facets.BY_KEY[column.facet].label)
            if column.lang == lang:
                return _("%(label)s by name, in French, as the French pages show it") % {"label": label}
            return _("%(label)s by name, in English, as the English pages show it") % {"label": label}
        return _(column.description)

    def countries_in_order(codes) -> list[str]:
        """Countries in the order of their names in the language (accents aside: Égypte among the E)."""
        return list(codes) if language.default else sorted(
            codes, key=lambda c: countrynames.sort_key(language.country_in_index(c)))

    env.filters.update(fact_name=lambda fact: _(i18n.FACTS[fact]) if fact in i18n.FACTS else fact)
    env.globals.update(column_description=column_description, countries_in_order=countries_in_order)
    env.filters.update(long_date=language.long_date, date_range=language.date_range, country=language.country,
                       meeting_dates=language.meeting_dates, meeting_day=language.meeting_day,
                       page_tokens=tokens, thousands=functools.partial(thousands, lang=lang), jsonld=jsonld,
                       name=language.entry_name, file_size=language.file_size, cut_quotes=cut_quotes)
    env.globals.update(cat=catalogue, vocab=catalogue.vocab, urls=urls, facets=facets, site=site, PARTS=PARTS,
                       MEETING_TYPES=MEETING_TYPES,
                       url=functools.partial(fragments.link, lang=lang), remembered_item=remembered_item,
                       remembered_row=remembered_row, L=language, lang=lang,
                       label=functools.partial(language.label, catalogue), tr=language.text,
                       abbreviations_used=tokens.used, other_names=catalogue.vocab.places.other_names,
                       LANGUAGES=LANGUAGE_NAMES, language_name=language.language_name,
                       FORMAT_LABELS=extract.LABELS, MEDIA_TYPES=extract.MEDIA_TYPES)
    return env


@functools.lru_cache(maxsize=65536)
def thousands(n: int, lang: str = "en") -> str:
    """A count as readers of the language group its digits: 1,234 in English, 1 234 in French (a narrow
    no-break space, as the CLDR has it)."""
    return f"{n:,}" if lang == i18n.DEFAULT else format_decimal(n, locale=lang)


def markdown_page(meta: dict) -> bytes:
    """A page's Markdown: front matter only, marked as generated (write.py reads the mark)."""
    post = frontmatter.Post("", generated_by=GENERATOR, **meta)
    return (frontmatter.dumps(post, sort_keys=False, Dumper=_DUMPER) + "\n").encode("utf-8")


def render_page(env: Environment, page: Page) -> tuple[dict[str, bytes], dict[str, bytes]]:
    """A page's three files: its Markdown page (docs/), its content and head fragments (overrides/generated/),
    in its language's tree (fr/…)."""
    lang = env.globals["lang"]
    body = fragments.checked(env.get_template(page.template).render(**page.context), page.template, page.path)
    head = fragments.checked(env.get_template("head.html.j2").render(page=page, head=page.head),
                             "head.html.j2", page.path)
    path = urls.in_tree(page.path, lang)
    meta = {"title": page.title, "template": page.theme, **page.meta,
            "fragment": urls.fragment(path), "head_fragment": urls.head_fragment(path)}
    return ({path: markdown_page(meta)},
            {urls.fragment(path): body, urls.head_fragment(path): head})


def _render_pages(envs: dict[str, Environment], batch: list[tuple[str, Page]]) -> tuple[dict, dict]:
    """Pages rendered together (by forked workers at archive scale), each by its language's environment."""
    docs: dict[str, bytes] = {}
    frags: dict[str, bytes] = {}
    for lang, page in batch:
        more_docs, more_frags = render_page(envs[lang], page)
        docs.update(more_docs)
        frags.update(more_frags)
    return docs, frags


def statement_files(envs: dict[str, Environment], citer: Citer, catalogue: Catalogue, s) -> tuple[dict, dict]:
    """A statement's page in every language, and its published files (.bib, .ris, .json; its original is a
    site file), which the English tree holds and every tree links."""
    cite = citer.cite(s)
    head = citer.head(s)
    docs: dict[str, bytes] = {}
    frags: dict[str, bytes] = {}
    for env in envs.values():
        more_docs, more_frags = render_page(env, pages.statement_page(s, cite, head, env.globals["L"]))
        docs.update(more_docs)
        frags.update(more_frags)
    docs[urls.statement_file(s.id, "bib")] = cite["bibtex"].encode("utf-8")
    docs[urls.statement_file(s.id, "ris")] = cite["ris"].encode("utf-8")
    docs[urls.statement_file(s.id, "json")] = exports.statement_json(catalogue, citer, s)
    if s.original_file is not None:
        docs[urls.original_file(s.id, s.original_suffix)] = original_bytes(s)
    return docs, frags


class OriginalChanged(OSError):
    """An original that changed between the build's check of its sha256 and its copy into the site."""


def original_bytes(s) -> bytes:
    """The original a statement's text was extracted from, read when its page is written (a worker holds one at
    a time: 10,000 PDFs would not fit in memory at once), and checked against its sha256 again."""
    data = read_regular(s.original_file.path)
    if hashlib.sha256(data).hexdigest() != s.original_file.sha256:
        raise OriginalChanged(0, "changed while the site was built; build again", s.original_file.name)
    return data


def _render_statements(context: tuple, ids: list[str]):
    """Render these statements; with a writer, hand each to it as it is done and return what it wrote,
    else return the files."""
    envs, citer, catalogue, writer = context
    report, all_docs, all_frags = Report(), {}, {}
    for sid in ids:
        docs, frags = statement_files(envs, citer, catalogue, catalogue.by_id[sid])
        if writer is None:
            all_docs.update(docs)
            all_frags.update(frags)
        else:
            report += writer.write("docs", docs) + writer.write("fragments", frags)
    return (report if writer is not None else (all_docs, all_frags)), citer.new, citer.used


class Renderer:
    """The catalogue's files: the site's (listings, data, originals), then the statements', in every
    language of the interface (i18n.LANGUAGES)."""

    def __init__(self, catalogue: Catalogue, settings: Settings, formatted: dict[str, str] | None = None):
        """`formatted`: references formatted by earlier builds (cite.CitationCache), reused when unchanged."""
        self.catalogue = catalogue
        self.settings = settings
        site = read_site(settings.config)
        tokens = SharedTokens(catalogue.vocab.glossary, catalogue.vocab.places)
        self.languages = {lang: Language(lang, catalogue.french, catalogue.vocab.places) for lang in i18n.LANGUAGES}
        self.envs = {lang: environment(catalogue, site_in(site, language), language, tokens)
                     for lang, language in self.languages.items()}
        self.env = self.envs[i18n.DEFAULT]
        self.citer = Citer(catalogue, site, formatted)
        self.new_citations: dict[str, str] = {}  # references formatted by this build (Renderer.statements)
        self.citation_keys: set[str] = set()  # the cache keys of every statement's references

    def planned(self, site_files: dict[str, dict[str, bytes]]) -> dict[str, set[str]]:
        """Every path the build writes, by output: the site's files already rendered, and the statements'."""
        out = {name: set(files) for name, files in site_files.items()}
        for s in self.catalogue.chronological:
            out["docs"].update(urls.statement_file(s.id, ext) for ext in ("bib", "ris", "json"))
            if s.original_file is not None:
                out["docs"].add(urls.original_file(s.id, s.original_suffix))
            for lang in self.envs:
                page = urls.in_tree(urls.statement(s.id), lang)
                out["docs"].add(page)
                out["fragments"].update([urls.fragment(page), urls.head_fragment(page)])
        return out

    def statements(self, writer: Writer | None = None):
        """Every statement's files: handed to the writer and reported, or returned ({output: files})."""
        done = fork_map(_render_statements, (self.envs, self.citer, self.catalogue, writer),
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
            if catalogue.by_id[new].original_file is not None:
                moved = catalogue.by_id[new]
                docs[urls.original_file(old, moved.original_suffix)] = original_bytes(moved)
        batch = [(lang, page) for lang, language in self.languages.items()
                 for page in pages.site_pages(catalogue, settings, language)]
        for more_docs, more_frags in fork_map(_render_pages, self.envs, batch, settings.workers):
            docs.update(more_docs)
            frags.update(more_frags)
        docs.update(exports.files(catalogue, self.citer, self.env))
        for lang, env in self.envs.items():
            if lang != i18n.DEFAULT:
                docs[urls.in_tree(urls.FEED, lang)] = exports.feed(env, catalogue, self.citer)
        return {"docs": docs, "fragments": frags}


def site_in(site: Site, language: Language) -> Site:
    """The site as a language's pages name it: its own address (…/fr/), name and description (mkdocs.yml's,
    from the catalogue, as the MkDocs hook translates them for the theme)."""
    if language.default:
        return site
    return Site(site.url + urls.tree(language.code), language.gettext(site.name),
                language.gettext(site.description))
