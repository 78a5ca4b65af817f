"""The catalogue: every validated statement and the indexes every listing, feed and export is a view of."""

from __future__ import annotations

from collections import defaultdict

from .model import Organisation, Person, Statement, Vocabularies


class Catalogue:
    def __init__(self, vocab: Vocabularies, statements: list[Statement], redirects: dict[str, str] | None = None):
        self.vocab = vocab
        self.redirects = dict(sorted((redirects or {}).items()))  # old id -> current id (statements/redirects.yml)
        self.chronological = sorted(statements, key=lambda s: s.sort_key)
        self.newest_first = self.chronological[::-1]
        self.by_id = {s.id: s for s in statements}
        self.by_meeting: dict[str, list[Statement]] = defaultdict(list)
        self.by_country: dict[str, list[Statement]] = defaultdict(list)
        self.by_topic: dict[str, list[Statement]] = defaultdict(list)
        self.by_organisation: dict[str, list[Statement]] = defaultdict(list)
        self.by_person: dict[str, list[Statement]] = defaultdict(list)
        self.by_year: dict[int, list[Statement]] = defaultdict(list)
        self.by_type: dict[str, list[Statement]] = defaultdict(list)
        self.people: dict[str, Person] = {}
        for s in self.newest_first:
            self.by_meeting[s.meeting.id].append(s)
            self.by_year[s.year].append(s)
            self.by_type[s.type.id].append(s)
            for code in s.countries:
                self.by_country[code].append(s)
            for topic in s.topics:
                self.by_topic[topic.id].append(s)
            for org in self.organisations_of(s):
                self.by_organisation[org.id].append(s)
            for person in s.people:
                self.by_person[person.id].append(s)
                self.people.setdefault(person.id, person)
        # Plain dicts from here on: a lookup must never add an empty entry (templates use .get(key, [])).
        for name in ("by_meeting", "by_country", "by_topic", "by_organisation", "by_person", "by_year", "by_type"):
            setattr(self, name, dict(getattr(self, name)))

    @staticmethod
    def organisations_of(s: Statement) -> list[Organisation]:
        """Who issued, published or spoke in a statement, each once, issuers first."""
        seen: dict[str, Organisation] = {}
        for org in [*s.organisations, s.publisher, *(p.organisation for p in s.people if p.organisation)]:
            seen.setdefault(org.id, org)
        return list(seen.values())

    @property
    def meetings(self):
        """Every meeting in the vocabulary, in time order."""
        return sorted(self.vocab.meetings.values(), key=lambda m: (m.start, m.id))

    @property
    def countries(self) -> list[str]:
        """Every country some statement names, by the name readers see."""
        return sorted(self.by_country, key=self.country_name)

    @property
    def years(self) -> list[int]:
        return sorted(self.by_year, reverse=True)

    def country_name(self, code: str) -> str:
        return self.vocab.places.name(code)

    def record(self, s: Statement) -> dict:
        """One statement as `/statements.json` publishes it."""
        m = s.meeting
        return {
            "id": s.id,
            "title": s.title,
            "date": s.date.isoformat(),
            "type": s.type.id,
            "url": s.url,
            "meeting": {
                "id": m.id, "name": m.name, "type": m.type, "year": m.year, "city": m.city,
                "country": m.country, "virtual": m.virtual,
            },
            "countries": s.countries,
            "topics": [t.id for t in s.topics],
            "organisations": [o.name for o in s.organisations],
            "people": [p.name for p in s.people],
            "source": {
                "file": s.text_file,
                "url": f"/statements/{s.text_file}",
                "sha256": s.sha256,
                "publisher": s.publisher.name,
            },
            "words": s.words,
            "language": s.language,
        }

    def records(self) -> list[dict]:
        return [self.record(s) for s in self.chronological]
