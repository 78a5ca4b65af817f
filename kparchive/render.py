"""Render: the catalogue as front-matter Markdown pages, HTML fragments and data files (Jinja templates).

Every value reaches a page through a template: `{{ x }}` is HTML-escaped, `{{ x|md }}` is escaped for
Markdown too, and a statement's text is a token stream that the template writes out escaped, so no
text of a statement ever becomes live HTML or Markdown.

Pages that grow with the archive (statements, and the listings of a meeting, country, topic,
organisation, person or year) are a Markdown page holding only the title, whose front matter names an HTML
fragment (overrides/generated/) that the page's template includes: Python-Markdown was three quarters of
the site build's time, and HTML from an autoescaping template needs no second, Markdown, layer of escaping.
A fragment is included by MkDocs' Jinja as a template, so it must hold no Jinja syntax: every value's
braces are written as character references, and a fragment that still holds `{{`, `{%` or `{#` is a bug.
The file wraps it in `{% raw %}`, which MkDocs' Jinja reads faster than plain text.
"""

from __future__ import annotations

import functools
import json
import os
import posixpath
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import NamedTuple

import frontmatter
import yaml
from jinja2 import Environment, PackageLoader, StrictUndefined, pass_context, select_autoescape
from jinja2.utils import htmlsafe_json_dumps
from markupsafe import Markup, escape

from . import exports
from .catalogue import Catalogue
from .cite import Citer
from .model import Paragraph, Statement, Term
from .parallel import fork_map
from .siteconfig import Site, read_site
from .write import Report, write_files

GENERATOR = "build_index.py"
# Listings stay small however large the archive grows: the newest statements, and per year on the timeline;
# every statement of a year is on its year page.
LATEST = 20
PER_YEAR = 10
# A meeting's, country's, topic's, organisation's or person's listing shows this many statements a page, newest
# first, and links its further pages (<page>/page/2/…): at 10,000 statements a country's single page was 1.2 MB.
# KP_PAGE_SIZE sets it (the tests use a small one).
PAGE_SIZE = 50
# libyaml's emitter where PyYAML has it: front matter is most of build_index's YAML work at archive scale.
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
# Characters Python-Markdown reads as markup; a backslash makes each literal (markdown.Markdown.ESCAPED_CHARS).
_MD_ESCAPED = set("\\`*_{}[]()>#+-.!")
_EMPHASIS = "**"


_MD_TABLE = str.maketrans({**{ch: "\\" + ch for ch in _MD_ESCAPED}, "&": "&amp;", "<": "&lt;"})


@functools.lru_cache(maxsize=65536)
def _md_escaped(text: str) -> str:
    return " ".join(text.split()).translate(_MD_TABLE)


def md_escape(value) -> Markup:
    """Text made literal in Markdown (and HTML): backslash the markup characters, entity-escape & and <."""
    return Markup(_md_escaped(str(value)))


@functools.lru_cache(maxsize=4096)
def long_date(d: date) -> str:
    return f"{d.day} {d:%B %Y}"


class Token(NamedTuple):
    """A piece of a paragraph as the template writes it: text, an abbreviation, a line break, emphasis.
    A tuple, so the template unpacks it (a paragraph has dozens of tokens, a statement hundreds)."""

    kind: str  # text | abbr | br | open | close
    text: str = ""
    title: str = ""


class Inline:
    """Turns a paragraph into tokens: `**` pairs become emphasis, glossary abbreviations get their title."""

    def __init__(self, glossary: list[Term]):
        self.titles = {form: entry.term for entry in glossary if entry.abbr for form in (entry.abbr, *entry.forms)}
        alternatives = sorted(self.titles, key=lambda a: (-len(a), a))
        self.pattern = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, alternatives)) + r")(?!\w)") \
            if alternatives else None

    def _text(self, text: str) -> list[Token]:
        out, start = [], 0
        for m in self.pattern.finditer(text) if self.pattern else ():
            if m.start() > start:
                out.append(Token("text", text[start : m.start()]))
            out.append(Token("abbr", m.group(0), self.titles[m.group(0)]))
            start = m.end()
        if start < len(text):
            out.append(Token("text", text[start:]))
        return out

    def tokens(self, paragraph: Paragraph) -> list[Token]:
        text = "\n".join(paragraph.lines)
        pieces = text.split(_EMPHASIS)
        if not (len(pieces) > 1 and len(pieces) % 2 == 1 and all(map(_flanked, pieces[:-2:2], pieces[1::2],
                                                                        pieces[2::2]))):
            pieces = [text]  # kept as written
        out: list[Token] = []
        for i, piece in enumerate(pieces):
            if i % 2:
                out.append(Token("open"))
            for j, line in enumerate(piece.split("\n")):
                if j:
                    out.append(Token("br"))
                out.extend(self._text(line))
            if i % 2:
                out.append(Token("close"))
        return out


def _flanked(before: str, inside: str, after: str) -> bool:
    """Whether `**inside**` is emphasis: it hugs its content and stands apart from the words around it, so
    dropping the asterisks never joins two words into one ("0**0**" stays as written)."""
    return (inside.strip() != "" and not inside[0].isspace() and not inside[-1].isspace()
            and not (before and (before[-1].isalnum() or before[-1] == "_"))
            and not (after and (after[0].isalnum() or after[0] == "_")))


def _environment(catalogue: Catalogue, **options) -> Environment:
    """What both template environments share: the templates, the filters, the catalogue."""
    env = Environment(loader=PackageLoader("kparchive", "templates"), undefined=StrictUndefined, trim_blocks=True,
                      lstrip_blocks=True, keep_trailing_newline=True, **options)
    env.filters.update(long_date=long_date, country=catalogue.country_name,
                       tokens=Inline(catalogue.vocab.glossary).tokens, thousands=lambda n: f"{n:,}")
    env.globals.update(cat=catalogue, vocab=catalogue.vocab)
    return env


def make_environment(catalogue: Catalogue) -> Environment:
    """For the Markdown pages (and the feed): `|md` escapes for Markdown, href() links for MkDocs to resolve."""
    env = _environment(catalogue, autoescape=select_autoescape(default=True, default_for_string=True))

    @functools.lru_cache(maxsize=65536)
    def relative(target: str, here: str) -> str:
        return posixpath.relpath(target, here or ".")

    @pass_context
    def href(context, target: str) -> str:
        """A relative link from the page being rendered to another docs/ file, which MkDocs resolves."""
        return relative(target, posixpath.dirname(context["page_path"]))

    env.filters.update(md=md_escape)
    env.globals.update(href=href)
    return env


def statement_path(s: Statement) -> str:
    return f"statements/{s.id}.md"


# Placeholders of a fragment's links, which overrides/partials/kp-fragment.html replaces for the page they
# land on: the way up to the site's root, and how a page's address ends (directory URLs, or .html files in
# the offline edition). No value can hold them: a value's braces are escaped (_finalize).
ROOT, PAGE_END, INDEX_END = "{R}", "{S}", "{I}"
_JINJA_SYNTAX = re.compile(r"\{[{%#]")
_BRACES = str.maketrans({"{": "&#123;", "}": "&#125;"})


def _finalize(value):
    """Every value a fragment template writes: HTML-escaped, braces too (so it can be neither Jinja syntax
    nor a link placeholder once MkDocs includes the fragment). Markup is a macro's or the template's own."""
    if isinstance(value, Markup):
        return value
    html = escape(value)
    if "{" in html or "}" in html:  # seldom: most values are escaped once, with no second copy
        html = Markup(str(html).translate(_BRACES))
    return html


@functools.lru_cache(maxsize=65536)
def fragment_url(target: str) -> Markup:
    """A link to a docs/ file, in the fragments' placeholder form: `meetings/x.md` -> `{R}meetings/x{S}`."""
    end = ""
    if target.endswith(".md"):
        target, end = target[:-3], PAGE_END
        if target == "index" or target.endswith("/index"):
            target, end = target[:-5], INDEX_END
    return Markup(ROOT + _finalize(target) + end)


def jsonld(data) -> Markup:
    """JSON for a <script> element: <, > and & as \\u escapes (Jinja's tojson does the same), and a brace
    that would open Jinja syntax (only ever inside a string: JSON's own braces are followed by a quote
    or a closing brace) as \\u007b."""
    text = htmlsafe_json_dumps(data, dumps=functools.partial(json.dumps, ensure_ascii=False, sort_keys=False))
    return Markup(re.sub(r"\{(?=[{%#])", r"\\u007b", str(text)))


def make_fragment_environment(catalogue: Catalogue) -> Environment:
    """For the HTML fragments: every value escaped, braces too (_finalize); url() links in placeholder form."""
    env = _environment(catalogue, autoescape=True, finalize=_finalize)
    items: dict[tuple[str, bool], Markup] = {}

    def statement_item(s: Statement, show_meeting: bool = True) -> Markup:
        """_html.j2's statement_item, written once per statement (and process): a statement is listed on a
        dozen pages (its meeting's, year's, countries', topics', organisations', other statements')."""
        key = (s.id, bool(show_meeting))
        if key not in items:
            items[key] = env.get_template("_html.j2").module.statement_item(s, show_meeting)
        return items[key]

    env.filters.update(jsonld=jsonld)
    env.globals.update(url=fragment_url, remembered_item=statement_item)
    return env


def _fragment(fenv: Environment, template: str, path: str, **context) -> bytes:
    """A fragment as MkDocs' Jinja will include it: inside `{% raw %}`, where its lexer looks only for the
    end tag (no fragment holds `{%`: checked here), so including a statement costs a quarter less of the site
    build. Jinja drops one newline at the end of a template's source: one fewer inside keeps the page the same."""
    html = fenv.get_template(template).render(**context)
    if _JINJA_SYNTAX.search(html):
        raise RuntimeError(f"{template} wrote Jinja syntax into the fragment of {path}")
    return ("{% raw %}" + html.removesuffix("\n") + "{% endraw %}\n").encode("utf-8")


def fragment_page(fenv: Environment, path: str, template: str, meta: dict, files: dict, fragments: dict,
                  head: dict | None = None, **context) -> None:
    """A page whose content is an HTML fragment: docs/<path> (front matter, `# title`) and the fragment;
    with `head`, a second fragment of head metadata (front matter is parsed by PyYAML's pure-Python loader)."""
    name = path[:-3] + ".html"
    fragments[name] = _fragment(fenv, template, path, **context)
    if head is not None:
        meta = {**meta, "head_fragment": path[:-3] + ".head.html"}
        fragments[meta["head_fragment"]] = _fragment(fenv, "head.html.j2", path, head=head)
    files[path] = markdown_page(f"# {md_escape(meta['title'])}\n", {**meta, "fragment": name})


def markdown_page(body: str, meta: dict) -> bytes:
    """A front-matter Markdown page, marked as generated (write.collisions reads the mark)."""
    post = frontmatter.Post(body, generated_by=GENERATOR, **meta)
    return (frontmatter.dumps(post, sort_keys=False, Dumper=_DUMPER) + "\n").encode("utf-8")


def page(env: Environment, path: str, template: str, meta: dict, **context) -> tuple[str, bytes]:
    """One front-matter Markdown page."""
    return path, markdown_page(env.get_template(template).render(page_path=path, **context), meta)


# The statement page's table of contents (overrides/partials/toc.html reads it from the front matter: the
# page's own Markdown holds only the title, so MkDocs finds no other heading).
def _toc(s: Statement, cite: dict) -> list[dict]:
    refs = [{"title": r.label, "url": f"#cite-{r.key}"} for r in cite["references"]]
    refs += [{"title": "BibTeX", "url": "#cite-bibtex"},
             {"title": "RIS (EndNote, Zotero, Mendeley)", "url": "#cite-ris"}]
    around = [{"title": "Related statements", "url": "#related-statements"}] if s.related else []
    return [{"title": "Text", "url": "#text"},
            {"title": "Cite this statement", "url": "#cite-this-statement", "children": refs},
            {"title": "Around this statement", "url": "#around-this-statement", "children": around}]


def statement_meta(s: Statement, citer: Citer, cite: dict) -> dict:
    """Front matter of a statement page: what templates and head tags need, as plain data."""
    return {
        "title": s.title,
        "description": s.summary,
        "template": "statement.html",
        "statement": {"id": s.id, "date": s.date.isoformat(), "type": s.type.label, "meeting": s.meeting.name},
        "toc": _toc(s, cite),
        "og_type": "article",
    }


def search_facets(catalogue: Catalogue) -> list[dict]:
    """The /search/ page's facets: URL parameter, legend, and (value, label) pairs in reading order.

    Only values some statement carries are listed; Pagefind supplies the counts in the browser.
    """
    def facet(key: str, legend: str, values: list[tuple[str, str]]) -> dict:
        return {"key": key, "legend": legend, "options": [{"value": v, "label": label} for v, label in values]}

    vocab = catalogue.vocab
    cat = catalogue
    return [
        facet("year", "Year", [(str(y), str(y)) for y in cat.years if cat.by_year.get(y)]),
        facet("meeting", "Meeting", [(m.id, m.name) for m in reversed(cat.meetings) if cat.by_meeting.get(m.id)]),
        facet("country", "Country", [(c, cat.country_name(c)) for c in cat.countries if cat.by_country.get(c)]),
        facet("topic", "Topic", [(t.id, t.label) for t in vocab.topics.values() if cat.by_topic.get(t.id)]),
        facet("type", "Document type", [(t.id, t.label) for t in vocab.types.values() if cat.by_type.get(t.id)]),
        facet("organisation", "Organisation", sorted(
            ((o.id, o.name) for o in vocab.organisations.values() if cat.by_organisation.get(o.id)),
            key=lambda pair: pair[1].casefold())),
    ]


# Statement pages are most of build_index's work and independent of one another: forked workers render them
# (parallel.fork_map) and, in a build that writes, write them too, so no process holds every page at once.


def statement_outputs(s: Statement) -> tuple[list[str], list[str]]:
    """The files render_statement writes for a statement, under docs/ and under the fragments' folder (the
    original's copy, statements/<id>.txt, is written with the site's files)."""
    return ([statement_path(s), f"statements/{s.id}.bib", f"statements/{s.id}.ris", f"statements/{s.id}.json"],
            [f"statements/{s.id}.html", f"statements/{s.id}.head.html"])


def render_statement(fenv: Environment, citer: Citer, catalogue: Catalogue, s: Statement, files: dict,
                     fragments: dict) -> None:
    """A statement's page (Markdown, fragment, head fragment) and its citation and metadata files."""
    cite = citer.cite(s)
    fragment_page(fenv, statement_path(s), "statement.html.j2", statement_meta(s, citer, cite), files, fragments,
                  head=citer.head(s), s=s, cite=cite, organisations=catalogue.organisations_of(s))
    files[f"statements/{s.id}.bib"] = cite["bibtex"].encode("utf-8")
    files[f"statements/{s.id}.ris"] = cite["ris"].encode("utf-8")
    files[f"statements/{s.id}.json"] = exports.statement_json(catalogue, citer, s)


def _render_statements(context: tuple, ids: list[str]):
    """Render these statements; with an output (a build that writes), write each as it is done and return
    what was written, else return the files."""
    fenv, citer, catalogue, output = context
    files: dict[str, bytes] = {}
    fragments: dict[str, bytes] = {}
    report = Report()
    for sid in ids:
        render_statement(fenv, citer, catalogue, catalogue.by_id[sid], files, fragments)
        if output is not None:
            report += write_files(output[0], files) + write_files(output[1], fragments)
            files, fragments = {}, {}
    return (report if output is not None else (files, fragments)), citer.new, citer.used


def _render_pages(fenv: Environment, pages: list[tuple[str, str, dict, dict]]) -> tuple[dict, dict]:
    """Fragment pages (listings, years), by forked workers at archive scale: the parent would otherwise
    render them alone, before the statements' workers start."""
    files: dict[str, bytes] = {}
    fragments: dict[str, bytes] = {}
    for path, template, meta, context in pages:
        fragment_page(fenv, path, template, meta, files, fragments, **context)
    return files, fragments


@dataclass(frozen=True)
class Pager:
    """Where one page of a paginated listing stands: its number, the pages' docs paths, the statements shown."""

    number: int
    paths: tuple[str, ...]
    first: int  # 1-based position of the first statement shown
    last: int
    total: int

    @property
    def count(self) -> int:
        return len(self.paths)

    @property
    def previous(self) -> str | None:
        return self.paths[self.number - 2] if self.number > 1 else None

    @property
    def next(self) -> str | None:
        return self.paths[self.number] if self.number < self.count else None


def page_size() -> int:
    setting = os.environ.get("KP_PAGE_SIZE", "")
    return int(setting) if setting.isdigit() and int(setting) > 0 else PAGE_SIZE


def paginate(path: str, statements: list, size: int) -> list[tuple[Pager, list]]:
    """`countries/za.md` with 120 statements and size 50: that page, then countries/za/page/2.md and /3.md."""
    chunks = [statements[i : i + size] for i in range(0, len(statements), size)] or [[]]
    paths = tuple([path] + [f"{path[:-3]}/page/{n}.md" for n in range(2, len(chunks) + 1)])
    return [(Pager(n, paths, (n - 1) * size + 1, (n - 1) * size + len(chunk), len(statements)), chunk)
            for n, chunk in enumerate(chunks, 1)]


@dataclass
class Rendered:
    """What a build writes: docs/ files (pages, originals, data) and the pages' fragments (overrides/generated/)."""

    docs: dict[str, bytes]
    fragments: dict[str, bytes]


class Renderer:
    """The catalogue's files: the site's (listings, data, originals), then the statements' (render_statement),
    which forked workers render and, given where to, write."""

    def __init__(self, catalogue: Catalogue, site: Site | None = None, formatted: dict[str, str] | None = None):
        """`formatted`: references formatted by earlier builds (cite.CitationCache), reused when unchanged."""
        self.catalogue = catalogue
        self.env = make_environment(catalogue)
        self.fenv = make_fragment_environment(catalogue)
        self.citer = Citer(catalogue, site or read_site(), formatted)
        self.new_citations: dict[str, str] = {}  # references formatted by this build (Renderer.statements)
        self.citation_keys: set[str] = set()  # the cache keys of every statement's references

    def planned(self, rendered: Rendered) -> tuple[set[str], set[str]]:
        """Every path the build writes: the site's files already rendered, and the statements' to come."""
        docs, fragments = set(rendered.docs), set(rendered.fragments)
        for s in self.catalogue.chronological:
            more_docs, more_fragments = statement_outputs(s)
            docs.update(more_docs)
            fragments.update(more_fragments)
        return docs, fragments

    def statements(self, output: tuple[Path, Path] | None = None) -> Rendered | Report:
        """Every statement's files: written under output (docs/, fragments' folder) and reported, or returned."""
        done = fork_map(_render_statements, (self.fenv, self.citer, self.catalogue, output),
                        [s.id for s in self.catalogue.chronological])
        results = [result for result, _, _ in done]
        for _, new, used in done:  # the workers' references (in one process: self.citer's own)
            self.new_citations.update(new)
            self.citation_keys.update(used)
        if output is not None:
            return sum(results, Report())
        rendered = Rendered({}, {})
        for files, fragments in results:
            rendered.docs.update(files)
            rendered.fragments.update(fragments)
        return rendered

    def site(self) -> Rendered:
        """Every generated file but the statements' own (Renderer.statements)."""
        return render_site(self.catalogue, self.env, self.fenv, self.citer)


def render_site(catalogue: Catalogue, env: Environment, fenv: Environment, citer: Citer) -> Rendered:
    files: dict[str, bytes] = {}
    fragments: dict[str, bytes] = {}

    def add(path_and_bytes: tuple[str, bytes]) -> None:
        path, data = path_and_bytes
        files[path] = data

    pages: list[tuple[str, str, dict, dict]] = []  # the fragment pages, rendered together at the end

    def add_fragment_page(path: str, template: str, meta: dict, **context) -> None:
        pages.append((path, template, meta, context))

    size = page_size()

    def add_listing(path: str, template: str, title: str, statements: list, **context) -> None:
        """A listing of statements over as many pages as it takes (`paginate`)."""
        for pager, shown in paginate(path, statements, size):
            heading = title if pager.number == 1 else f"{title}, page {pager.number} of {pager.count}"
            add_fragment_page(pager.paths[pager.number - 1], template, {"title": heading, **listing},
                              pager=pager, statements=shown, **context)

    listing = {"template": "listing.html"}
    for s in catalogue.chronological:
        files[f"statements/{s.text_file}"] = s.raw
    for old, new in catalogue.redirects.items():  # old addresses keep working (statements/redirects.yml)
        s = catalogue.by_id[new]
        meta = {"title": f"Moved: {s.title}", "template": "redirect.html", "redirect": {"to": new},
                "search": {"exclude": True}}
        add(page(env, f"statements/{old}.md", "redirect.md.j2", meta, s=s))
        files[f"statements/{old}.txt"] = s.raw
    add(page(env, "statements/index.md", "statements.md.j2", {"title": "Statements", **listing}, latest=LATEST))
    years = catalogue.years  # newest first
    for i, year in enumerate(years):
        add_fragment_page(f"years/{year}.md", "year.html.j2", {"title": f"Statements of {year}", **listing},
                          year=year, after=years[i - 1] if i else None,
                          before=years[i + 1] if i + 1 < len(years) else None)
    add(page(env, "index.md", "home.md.j2", {"title": "Home", "template": "home.html"}))
    add(page(env, "meetings/index.md", "meetings.md.j2", {"title": "Meetings", **listing}))
    meetings = catalogue.meetings
    for i, m in enumerate(meetings):
        add_listing(f"meetings/{m.id}.md", "meeting.html.j2", m.name, catalogue.by_meeting.get(m.id, []), m=m,
                    before=meetings[i - 1] if i else None, after=meetings[i + 1] if i + 1 < len(meetings) else None)
    add(page(env, "countries/index.md", "countries.md.j2", {"title": "Countries", **listing}))
    for code in catalogue.by_country:
        add_listing(f"countries/{code.lower()}.md", "country.html.j2", catalogue.country_name(code),
                    catalogue.by_country[code], code=code)
    add(page(env, "topics/index.md", "topics.md.j2", {"title": "Topics", **listing}))
    for topic in catalogue.vocab.topics.values():
        add_listing(f"topics/{topic.id}.md", "topic.html.j2", topic.label, catalogue.by_topic.get(topic.id, []),
                    topic=topic)
    add(page(env, "organisations/index.md", "organisations.md.j2", {"title": "Organisations and people", **listing}))
    for org in catalogue.vocab.organisations.values():
        add_listing(f"organisations/{org.id}.md", "organisation.html.j2", org.name,
                    catalogue.by_organisation.get(org.id, []), org=org)
    for pid, person in catalogue.people.items():
        add_listing(f"people/{pid}.md", "person.html.j2", person.name, catalogue.by_person[pid], person=person)
    add(page(env, "timeline.md", "timeline.md.j2", {"title": "Timeline", **listing}, per_year=PER_YEAR))
    add(page(env, "glossary.md", "glossary.md.j2", {"title": "Glossary", **listing}))
    add(page(env, "search/index.md", "search.md.j2", {
        "title": "Search", "template": "search.html", "hide": ["navigation", "toc"],
        "search_facets": search_facets(catalogue)}))
    for more_files, more_fragments in fork_map(_render_pages, fenv, pages):
        files.update(more_files)
        fragments.update(more_fragments)
    records = catalogue.records()
    files["statements.json"] = exports.to_json(records)
    files["statements.csv"] = exports.statements_csv(records)
    files["datapackage.json"] = exports.datapackage(catalogue, citer, files)
    files["feed.xml"] = exports.feed(env, catalogue, citer)
    return Rendered(files, fragments)
