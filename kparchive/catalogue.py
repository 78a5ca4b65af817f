"""The catalogue: every validated statement and the indexes every listing, feed and export is a view of.

Its indexes are the facets' (facets.REGISTRY): `by[key][value id]` lists a value's statements newest first.
"""

from __future__ import annotations

import re

from . import facets, urls
from .facets import Facet
from .i18n import DEFAULT, Language
from .model import Person, Statement, Vocabularies
from .problems import Problem


class Catalogue:
    def __init__(self, vocab: Vocabularies, statements: list[Statement], redirects: dict[str, str] | None = None,
                 files: dict[str, str] | None = None, french=None):
        """`files`: each statement's metadata file as problems name it (statements/<id>.yml); `french`: the
        vocabularies' French fields (french.validate_french)."""
        self.vocab = vocab
        self.french = french
        self.english = Language(DEFAULT, places=vocab.places)  # who names the values by default (label)
        self.redirects = dict(sorted((redirects or {}).items()))  # old id -> current id (statements/redirects.yml)
        self.files = files or {}
        self.chronological = sorted(statements, key=lambda s: s.sort_key)
        self.newest_first = self.chronological[::-1]
        self.by_id = {s.id: s for s in statements}
        self.people: dict[str, Person] = {}
        self.problems: list[Problem] = []  # values that cannot have an address (checked by cli.build_catalogue)
        self.by: dict[str, dict[str, list[Statement]]] = {facet.key: {} for facet in facets.REGISTRY}
        self._people_seen: dict[str, tuple[str, str]] = {}  # person key -> (name as written, where)
        for s in self.newest_first:
            for facet in facets.REGISTRY:
                index = self.by[facet.key]
                for value in facets.values(facet, s):
                    vid = facets.value_id(facet, value)
                    listed = index.setdefault(vid, [])
                    if not listed or listed[-1] is not s:
                        listed.append(s)
            for person in s.people:
                self._meet(person, s)
        self.problems += facets.check(self)
        self.named_in = self._meetings_named()

    def _meetings_named(self) -> dict[str, list[tuple[Statement, str]]]:
        """The statements that name a meeting they are not about, with the paragraph that names it: its city
        and its year in one paragraph ("the 2017 Brisbane Plenary"), and its kind (Plenary, Intersessional)
        where two meetings share a city and a year; newest first."""
        by_city: dict[str, list] = {}
        for m in self.vocab.meetings.values():
            if m.city:
                by_city.setdefault(m.city, []).append(m)
        if not by_city:
            return {}
        cities = re.compile(r"(?<!\w)(" + "|".join(map(re.escape, sorted(by_city, key=len, reverse=True))) + r")(?!\w)")
        out: dict[str, list[tuple[Statement, str]]] = {}
        for s in self.newest_first:
            for p in s.paragraphs:
                text = p.text
                for city in {match.group(1) for match in cities.finditer(text)}:
                    named = [m for m in by_city[city] if re.search(rf"(?<!\d){m.year}(?!\d)", text)]
                    if len(named) > 1:
                        named = [m for m in named if m.type.casefold() in text.casefold()] or named
                    for m in named:
                        listed = out.setdefault(m.id, [])
                        if (s.meeting and s.meeting.id) != m.id and not any(other is s for other, _ in listed):
                            listed.append((s, p.pid))
        return out

    def _meet(self, person: Person, s: Statement) -> None:
        """Remember a person by their address key; two names that share one are refused."""
        name, where = self._people_seen.setdefault(person.id, (person.name, self.files.get(s.id, s.id)))
        self.people.setdefault(person.id, person)
        if name != person.name:
            self.problems.append(Problem(self.files.get(s.id, s.id), "people", (
                f"{person.name!r} and {name!r} (in {where}) would share the address "
                f"/{urls.site_path(facets.page(facets.BY_KEY['person'], person.id))}: write the name the same way "
                "in both, or tell the two people apart")))

    # --- what the templates and exports ask ----------------------------------------------------------------

    @property
    def meetings(self):
        """Every meeting in the vocabulary, in time order."""
        return sorted(self.vocab.meetings.values(), key=lambda m: (m.start, m.id))

    def has_page(self, key: str, vid: str) -> bool:
        """Whether a facet value has a page: a meeting has one once a statement belongs to it (the others are
        named on /meetings/ only)."""
        return key != "meeting" or vid in self.by["meeting"]

    def year_in_time(self, year: int, limit: int) -> list[tuple[str, object]]:
        """A year on the timeline, newest first: its latest statements (at most `limit`) and its meetings, each
        at its first day, as ("statement", s) and ("meeting", m); a statement between meetings stands between
        them, one during a meeting above it."""
        shown = [(s.date, 1, "statement", s) for s in self.statements_of("year", year)[:limit]]
        held = [(m.start, 0, "meeting", m) for m in self.meetings if m.year == year]
        return [(kind, item) for *_, kind, item in sorted(shown + held, key=lambda e: e[:2], reverse=True)]

    @property
    def countries(self) -> list[str]:
        """Every country some statement is about or names, by the name readers see."""
        return sorted(set(self.by["country"]) | set(self.by["mentioned"]), key=self.country_name)

    @property
    def years(self) -> list[int]:
        return sorted((int(y) for y in self.by["year"]), reverse=True)

    def statements_of(self, key: str, vid) -> list[Statement]:
        """A facet value's statements, newest first (none: an empty list)."""
        return self.by[key].get(str(vid), [])

    def topics_about(self, code: str) -> list:
        """The topics the vocabulary says are about a country (its page links them)."""
        return [t for t in self.vocab.topics.values() if code in t.countries]

    def country_name(self, code: str) -> str:
        return self.vocab.places.name(code)

    def entry(self, key: str, vid: str):
        """The vocabulary entry (or person) a value id names; for codes and years, the id itself."""
        vocab = self.vocab
        lookup = {"meeting": vocab.meetings, "topic": vocab.topics, "type": vocab.types,
                  "organisation": vocab.organisations, "person": self.people}.get(key)
        return lookup[vid] if lookup is not None else vid

    def label(self, key: str, vid: str, language: Language | None = None) -> str:
        """The name readers of a language (English unless given) see for a facet value: its kind's
        (facets.KINDS)."""
        return facets.KINDS[facets.BY_KEY[key].kind].name(language or self.english, self.entry(key, vid))

    def page_values(self, facet: Facet) -> list[str]:
        """The values that have a page, in the facet's order: every vocabulary entry of a curated facet; a
        facet's own values and those of the facet its pages also list (a country only named in passing)."""
        if facet.curated:
            ids = self._vocabulary_order(facet.key)
            return [m.id for m in self.meetings] if facet.order == "time" else ids
        if facet.order == "time":  # the meetings some statement belongs to, oldest first (before and after)
            return [m.id for m in self.meetings if m.id in self.by[facet.key]]
        values = [vid for vid, _ in self.options(facet)]
        if facet.also:
            values += [vid for vid, _ in self.options(facets.BY_KEY[facet.also]) if vid not in self.by[facet.key]]
            if facet.order == "name":
                values.sort(key=lambda vid: self.label(facet.key, vid).casefold())
        return values

    def listed_on(self, facet: Facet, vid: str) -> tuple[list[Statement], int]:
        """What a value's page lists, newest first: its own statements, then (apart) those of the facet it also
        lists; and how many are its own."""
        own = self.statements_of(facet.key, vid)
        more = [s for s in self.statements_of(facet.also, vid) if s not in own] if facet.also else []
        return own + more, len(own)

    def options(self, facet: Facet) -> list[tuple[str, str]]:
        """(value id, label) of every value some statement carries, in the facet's reading order."""
        ids = list(self.by[facet.key])
        if facet.order == "time":
            when = {m.id: (m.start, m.id) for m in self.vocab.meetings.values()}
            ids.sort(key=when.__getitem__, reverse=True)
        elif facet.order == "newest":
            ids.sort(key=lambda vid: max(s.sort_key for s in self.by[facet.key][vid]), reverse=True)
        elif facet.order == "name":
            ids.sort(key=lambda vid: self.label(facet.key, vid).casefold())
        else:  # the vocabulary's own order
            order = {vid: i for i, vid in enumerate(self._vocabulary_order(facet.key))}
            ids.sort(key=lambda vid: order.get(vid, len(order)))
        return [(vid, self.label(facet.key, vid)) for vid in ids]

    def _vocabulary_order(self, key: str) -> list[str]:
        vocab = self.vocab
        return list({"meeting": vocab.meetings, "topic": vocab.topics, "type": vocab.types,
                     "organisation": vocab.organisations}.get(key, {}))

    def source_of(self, facet: Facet, vid: str) -> str:
        """The file a value comes from, for problems: its vocabulary, or the first statement naming it."""
        vocabulary = {"meeting": "meetings.yml", "topic": "topics.yml", "type": "types.yml",
                      "organisation": "organisations.yml"}.get(facet.key)
        if vocabulary:
            return f"statements/{vocabulary}"
        first = self.by[facet.key][vid][-1]
        return self.files.get(first.id, first.id)

    # --- records --------------------------------------------------------------------------------------------

    def record(self, s: Statement) -> dict:
        """One statement as `/statements.json` publishes it."""
        m = s.meeting
        return {
            "id": s.id,
            "title": s.title,
            "date": s.date.isoformat(),
            "type": s.type.id,
            "url": "/" + urls.site_path(urls.statement(s.id)),
            "meeting": {
                "id": m.id, "name": m.name, "type": m.type, "year": m.year, "city": m.city,
                "country": m.country, "virtual": m.virtual, "hybrid": m.hybrid,
            } if m else None,
            "countries": s.countries,
            "mentioned": s.mentioned,
            "topics": [t.id for t in s.topics],
            "authors": [o.name for o in s.authors] + [p.name for p in s.author_people],
            "on_behalf_of": [o.name for o in s.on_behalf_of],
            "mentions": [o.name for o in s.quoted_organisations],
            "people": [p.name for p in s.people],
            "source": {
                "file": s.text_file,
                "url": "/" + urls.statement_file(s.id, "txt"),
                "sha256": s.sha256,
                "publisher": s.publisher.name,
            },
            # The original as received: the text itself, or the file the text was extracted from.
            "original": {
                "file": s.published.name,
                "format": s.published.format,
                "url": "/" + urls.original_file(s.id, s.original_suffix),
                "bytes": s.published.size,
                "sha256": s.published.sha256,
            },
            "words": s.words,
            "language": s.language,
            "translation_of": s.original.id if s.original else None,
        }

    def records(self) -> list[dict]:
        return [self.record(s) for s in self.chronological]
