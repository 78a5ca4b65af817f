"""Render: the catalogue as front-matter Markdown pages (Jinja templates) and data files.

Every value reaches a page through a template: `{{ x }}` is HTML-escaped, `{{ x|md }}` is escaped for
Markdown too, and a statement's text is a token stream that the template writes out escaped, so no
text of a statement ever becomes live HTML or Markdown.
"""

from __future__ import annotations

import functools
import posixpath
import re
from dataclasses import dataclass
from datetime import date

import frontmatter
import yaml
from jinja2 import Environment, PackageLoader, StrictUndefined, pass_context, select_autoescape
from markupsafe import Markup

from . import exports
from .catalogue import Catalogue
from .cite import Citer
from .model import Paragraph, Statement, Term
from .siteconfig import Site, read_site

GENERATOR = "build_index.py"
# Listings stay small however large the archive grows: the newest statements, and per year on the timeline;
# every statement of a year is on its year page.
LATEST = 20
PER_YEAR = 10
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


@dataclass(frozen=True)
class Token:
    """A piece of a paragraph as the template writes it: text, an abbreviation, a line break, emphasis."""

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


def make_environment(catalogue: Catalogue) -> Environment:
    env = Environment(
        loader=PackageLoader("kparchive", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    inline = Inline(catalogue.vocab.glossary)

    @functools.lru_cache(maxsize=65536)
    def relative(target: str, here: str) -> str:
        return posixpath.relpath(target, here or ".")

    @pass_context
    def href(context, target: str) -> str:
        """A relative link from the page being rendered to another docs/ file, which MkDocs resolves."""
        return relative(target, posixpath.dirname(context["page_path"]))

    env.filters.update(
        md=md_escape,
        long_date=long_date,
        country=catalogue.country_name,
        tokens=inline.tokens,
        thousands=lambda n: f"{n:,}",
    )
    env.globals.update(href=href, cat=catalogue, vocab=catalogue.vocab)
    return env


def statement_path(s: Statement) -> str:
    return f"statements/{s.id}.md"


def page(env: Environment, path: str, template: str, meta: dict, **context) -> tuple[str, bytes]:
    """One front-matter Markdown page."""
    body = env.get_template(template).render(page_path=path, **context)
    post = frontmatter.Post(body, generated_by=GENERATOR, **meta)
    return path, (frontmatter.dumps(post, sort_keys=False, Dumper=_DUMPER) + "\n").encode("utf-8")


def statement_meta(s: Statement, catalogue: Catalogue, citer: Citer) -> dict:
    """Front matter of a statement page: what templates and head tags need, as plain data.

    `statement.search` is what overrides/statement.html hands to Pagefind: filter values keyed as the
    /search/ URL parameters are (alpha-2 code, meeting id, topic id, type id, year), with their labels.
    """
    return {
        "title": s.title,
        "description": s.summary,
        "template": "statement.html",
        "statement": {
            "id": s.id, "date": s.date.isoformat(), "type": s.type.label, "meeting": s.meeting.name,
            "search": {
                "date": s.date.isoformat(),
                "year": str(s.year),
                "meeting": {"id": s.meeting.id, "name": s.meeting.name},
                "type": {"id": s.type.id, "label": s.type.label},
                "countries": [{"code": c, "name": catalogue.country_name(c)} for c in s.countries],
                "topics": [{"id": t.id, "label": t.label} for t in s.topics],
                "organisations": [{"id": o.id, "name": o.name} for o in catalogue.organisations_of(s)],
            },
        },
        "head": citer.head(s),
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


def render_all(catalogue: Catalogue, site: Site | None = None) -> dict[str, bytes]:
    """Every generated file under docs/, as path -> bytes."""
    env = make_environment(catalogue)
    citer = Citer(catalogue, site or read_site())
    files: dict[str, bytes] = {}

    def add(path_and_bytes: tuple[str, bytes]) -> None:
        path, data = path_and_bytes
        files[path] = data

    listing = {"template": "listing.html"}
    for s in catalogue.chronological:
        cite = citer.cite(s)
        add(page(env, statement_path(s), "statement.md.j2", statement_meta(s, catalogue, citer), s=s, cite=cite))
        files[f"statements/{s.text_file}"] = s.raw
        files[f"statements/{s.id}.bib"] = cite["bibtex"].encode("utf-8")
        files[f"statements/{s.id}.ris"] = cite["ris"].encode("utf-8")
        files[f"statements/{s.id}.json"] = exports.statement_json(catalogue, citer, s)
    for old, new in catalogue.redirects.items():  # old addresses keep working (statements/redirects.yml)
        s = catalogue.by_id[new]
        meta = {"title": f"Moved: {s.title}", "template": "redirect.html", "redirect": {"to": new},
                "search": {"exclude": True}}
        add(page(env, f"statements/{old}.md", "redirect.md.j2", meta, s=s))
        files[f"statements/{old}.txt"] = s.raw
    add(page(env, "statements/index.md", "statements.md.j2", {"title": "Statements", **listing}, latest=LATEST))
    years = catalogue.years  # newest first
    for i, year in enumerate(years):
        add(page(env, f"years/{year}.md", "year.md.j2", {"title": f"Statements of {year}", **listing}, year=year,
                 after=years[i - 1] if i else None, before=years[i + 1] if i + 1 < len(years) else None))
    add(page(env, "index.md", "home.md.j2", {"title": "Home", "template": "home.html"}))
    add(page(env, "meetings/index.md", "meetings.md.j2", {"title": "Meetings", **listing}))
    meetings = catalogue.meetings
    for i, m in enumerate(meetings):
        add(page(env, f"meetings/{m.id}.md", "meeting.md.j2", {"title": m.name, **listing}, m=m,
                 before=meetings[i - 1] if i else None, after=meetings[i + 1] if i + 1 < len(meetings) else None))
    add(page(env, "countries/index.md", "countries.md.j2", {"title": "Countries", **listing}))
    for code in catalogue.by_country:
        add(page(env, f"countries/{code.lower()}.md", "country.md.j2",
                 {"title": catalogue.country_name(code), **listing}, code=code))
    add(page(env, "topics/index.md", "topics.md.j2", {"title": "Topics", **listing}))
    for topic in catalogue.vocab.topics.values():
        add(page(env, f"topics/{topic.id}.md", "topic.md.j2", {"title": topic.label, **listing}, topic=topic))
    add(page(env, "organisations/index.md", "organisations.md.j2", {"title": "Organisations and people", **listing}))
    for org in catalogue.vocab.organisations.values():
        add(page(env, f"organisations/{org.id}.md", "organisation.md.j2", {"title": org.name, **listing}, org=org))
    for pid, person in catalogue.people.items():
        add(page(env, f"people/{pid}.md", "person.md.j2", {"title": person.name, **listing}, person=person))
    add(page(env, "timeline.md", "timeline.md.j2", {"title": "Timeline", **listing}, per_year=PER_YEAR))
    add(page(env, "glossary.md", "glossary.md.j2", {"title": "Glossary", **listing}))
    add(page(env, "search/index.md", "search.md.j2", {
        "title": "Search", "template": "search.html", "hide": ["navigation", "toc"],
        "search_facets": search_facets(catalogue)}))
    records = catalogue.records()
    files["statements.json"] = exports.to_json(records)
    files["statements.csv"] = exports.statements_csv(records)
    files["datapackage.json"] = exports.datapackage(catalogue, citer, files)
    files["feed.xml"] = exports.feed(env, catalogue, citer)
    return files
