"""Validate: turn raw data into the model, reporting every problem as one line naming file and field."""

from __future__ import annotations

import hashlib
import re
from datetime import date

import pycountry

from .load import RawArchive, RawStatement, rel
from .model import STATEMENT_ID, DocType, Meeting, Organisation, Person, Statement, Term, Topic, Vocabularies
from .places import Places
from .problems import Problem, Problems
from .text import TextError, decode, parse_blocks

ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
SHA256 = re.compile(r"^[0-9a-f]{64}$")
STATEMENT_FIELDS = {
    "title", "date", "dateline", "meeting", "type", "language", "publisher", "organisations", "people",
    "topics", "countries", "sha256", "received_as", "review",
}
REQUIRED = ("title", "date", "meeting", "type", "sha256")


def as_date(value, p: Problems, name: str) -> date | None:
    if not isinstance(value, str) or not ISO_DATE.match(value):
        p.add(name, f"{value!r} is not a date written YYYY-MM-DD")
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        p.add(name, f"{value!r} is not a real date")
        return None


def as_text(value, p: Problems, name: str, required: bool = True) -> str | None:
    if value is None and not required:
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str) or not value.strip():
        p.add(name, "is missing" if value is None else "must be non-empty text")
        return None
    return value.strip()


def as_list(value, p: Problems, name: str) -> list:
    if value is None:
        return []
    if not isinstance(value, list):
        p.add(name, "must be a list")
        return []
    return value


def as_phrases(value, p: Problems, name: str) -> list[str]:
    """An optional list of phrases that `build_index.py add` recognises: a topic's keywords, an organisation's
    aliases."""
    out = []
    for i, phrase in enumerate(as_list(value, p, name)):
        if not isinstance(phrase, str) or not phrase.strip():
            p.add(f"{name}[{i}]", "must be non-empty text")
        else:
            out.append(phrase)
    return out


def review_problem(review) -> str:
    """The one line for a draft of `build_index.py add`: its `review:` lists the fields an editor must check."""
    listed = [str(next(iter(item))) if isinstance(item, dict) and item else str(item)
              for item in (review if isinstance(review, list) else [])]
    fields = ", ".join(dict.fromkeys(listed)) or "…"
    return f"a draft from build_index.py add; check the fields it lists ({fields}), then delete the review key"


def _entries(data, p: Problems) -> list[dict]:
    """The entries of a vocabulary file: a list of mappings, each with a unique, well-formed id."""
    if not isinstance(data, list):
        p.add("", "must be a list of entries")
        return []
    out, seen = [], set()
    for i, entry in enumerate(data):
        where = f"[{i}]"
        if not isinstance(entry, dict):
            p.add(where, "must be a mapping")
            continue
        eid = entry.get("id")
        if not isinstance(eid, str) or not ID.match(eid):
            p.add(f"{where}.id", f"{eid!r} is not an id (lowercase words joined by hyphens)")
            continue
        if eid in seen:
            p.add(f"{eid}.id", "is used twice")
            continue
        seen.add(eid)
        out.append(entry)
    return out


def validate_vocabularies(archive: RawArchive, problems: list[Problem]) -> Vocabularies | None:
    root = archive.root
    v = archive.vocabularies

    def problems_for(name: str) -> Problems:
        return Problems(problems, rel(root / name, root))

    places_data = v.get("places.yml")
    pp = problems_for("places.yml")
    if not isinstance(places_data, dict):
        if "places.yml" in v and places_data is not None:
            pp.add("", "must be a mapping")
        places_data = {}
    places = Places(places_data)
    for code in places.unknown_codes():
        pp.add(code, "is not an ISO 3166-1 alpha-2 code (nor in extra_countries)")

    def country(value, p: Problems, name: str, required: bool = False) -> str | None:
        if value is None and not required:
            return None
        if not isinstance(value, str) or not places.is_code(value):
            p.add(name, f"{value!r} is not an ISO 3166-1 alpha-2 country code")
            return None
        return value

    topics = {}
    p = problems_for("topics.yml")
    for e in _entries(v.get("topics.yml"), p):
        label = as_text(e.get("label"), p, f"{e['id']}.label")
        desc = as_text(e.get("description"), p, f"{e['id']}.description")
        as_phrases(e.get("keywords"), p, f"{e['id']}.keywords")
        if label and desc:
            topics[e["id"]] = Topic(e["id"], label, desc)

    types = {}
    p = problems_for("types.yml")
    for e in _entries(v.get("types.yml"), p):
        label = as_text(e.get("label"), p, f"{e['id']}.label")
        schema = as_text(e.get("schema_org", "CreativeWork"), p, f"{e['id']}.schema_org")
        if schema and not re.fullmatch(r"[A-Z][A-Za-z]+", schema):
            p.add(f"{e['id']}.schema_org", f"{schema!r} is not a schema.org type name (e.g. Article)")
        if label and schema:
            types[e["id"]] = DocType(e["id"], label, schema)

    organisations = {}
    p = problems_for("organisations.yml")
    for e in _entries(v.get("organisations.yml"), p):
        name = as_text(e.get("name"), p, f"{e['id']}.name")
        as_phrases(e.get("aliases"), p, f"{e['id']}.aliases")
        if name:
            organisations[e["id"]] = Organisation(
                e["id"], name, as_text(e.get("short"), p, f"{e['id']}.short", required=False),
                country(e.get("country"), p, f"{e['id']}.country"),
                as_text(e.get("url"), p, f"{e['id']}.url", required=False))

    meetings = {}
    p = problems_for("meetings.yml")
    for e in _entries(v.get("meetings.yml"), p):
        mid = e["id"]
        name = as_text(e.get("name"), p, f"{mid}.name")
        mtype = e.get("type")
        if mtype not in ("plenary", "intersessional"):
            p.add(f"{mid}.type", f"{mtype!r} is neither plenary nor intersessional")
        start = as_date(e.get("start"), p, f"{mid}.start")
        end = as_date(e.get("end"), p, f"{mid}.end")
        if start and end and end < start:
            p.add(f"{mid}.end", "is before the start")
        virtual = e.get("virtual", False)
        if not isinstance(virtual, bool):
            p.add(f"{mid}.virtual", "must be true or false")
        city = as_text(e.get("city"), p, f"{mid}.city", required=False)
        where = country(e.get("country"), p, f"{mid}.country")
        if virtual is False and not (city and where):
            p.add(f"{mid}.city", "a meeting that is not virtual needs its city and country")
        chair = e.get("chair") or {}
        if not isinstance(chair, dict):
            p.add(f"{mid}.chair", "must be a mapping with participant and person")
            chair = {}
        participant = country(chair.get("participant"), p, f"{mid}.chair.participant")
        person = as_text(chair.get("person"), p, f"{mid}.chair.person", required=False)
        if name and mtype in ("plenary", "intersessional") and start and end and isinstance(virtual, bool):
            meetings[mid] = Meeting(mid, name, mtype, start, end, city, where, participant, person, virtual,
                                    as_text(e.get("note"), p, f"{mid}.note", required=False))

    glossary = []
    p = problems_for("glossary.yml")
    data = v.get("glossary.yml") or []
    for i, e in enumerate(data if isinstance(data, list) else []):
        if not isinstance(e, dict):
            p.add(f"[{i}]", "must be a mapping with term and definition")
            continue
        term = as_text(e.get("term"), p, f"[{i}].term")
        definition = as_text(e.get("definition"), p, f"[{i}].definition")
        abbr = as_text(e.get("abbr"), p, f"{term}.abbr", required=False)
        forms = [str(f) for f in as_list(e.get("forms"), p, f"{term}.forms")]
        if term and definition:
            glossary.append(Term(term, definition, abbr, tuple(forms)))
    if not isinstance(data, list):
        p.add("", "must be a list of entries")
    return Vocabularies(meetings, topics, types, organisations, places, glossary)


def validate_statement(raw: RawStatement, vocab: Vocabularies, root, problems: list[Problem]) -> Statement | None:
    pm = Problems(problems, rel(raw.meta_path, root))
    pt = Problems(problems, rel(raw.text_path, root))
    if not STATEMENT_ID.match(raw.id):
        pt.add("id", f"{raw.id!r} is not a statement id: its date then a few words, e.g. 2009-11-06-namibia-plenary")

    text = blocks = None
    try:
        text = decode(raw.raw)
        blocks = parse_blocks(text)
    except TextError as err:
        pt.add("", str(err))

    meta = raw.meta
    if meta is None:
        pm.add("", "is empty")
        return None
    if not isinstance(meta, dict):
        pm.add("", "must be a mapping of fields")
        return None
    for key in sorted(set(meta) - STATEMENT_FIELDS, key=str):
        pm.add(str(key), "is not a known field")
    for key in REQUIRED:
        if meta.get(key) is None:
            pm.add(key, "is missing")
    if "review" in meta:
        pm.add("review", review_problem(meta["review"]))
    before = len(problems)

    title = as_text(meta.get("title"), pm, "title") if "title" in meta else None
    when = as_date(meta["date"], pm, "date") if meta.get("date") is not None else None
    meeting = vocab.meetings.get(meta.get("meeting"))
    if meta.get("meeting") is not None and meeting is None:
        pm.add("meeting", f"{meta['meeting']!r} is not a meeting in statements/meetings.yml")
    dtype = vocab.types.get(meta.get("type"))
    if meta.get("type") is not None and dtype is None:
        pm.add("type", f"{meta['type']!r} is not a type in statements/types.yml ({', '.join(vocab.types)})")
    sha = meta.get("sha256")
    if sha is not None:
        if not isinstance(sha, str) or not SHA256.match(sha):
            pm.add("sha256", "must be 64 lowercase hexadecimal digits")
        elif hashlib.sha256(raw.raw).hexdigest() != sha:
            pm.add("sha256", f"does not match {raw.text_path.name} (its sha256 is "
                             f"{hashlib.sha256(raw.raw).hexdigest()}): the original has changed")

    language = meta.get("language", "en")
    if not isinstance(language, str) or pycountry.languages.get(alpha_2=language) is None:
        pm.add("language", f"{language!r} is not an ISO 639-1 language code")

    def org(value, name: str) -> Organisation | None:
        if value not in vocab.organisations:
            pm.add(name, f"{value!r} is not an organisation in statements/organisations.yml")
            return None
        return vocab.organisations[value]

    organisations = [o for i, v in enumerate(as_list(meta.get("organisations"), pm, "organisations"))
                     if (o := org(v, f"organisations[{i}]"))]
    publisher = org(meta["publisher"], "publisher") if meta.get("publisher") is not None else (
        organisations[0] if organisations else None)
    if publisher is None and meta.get("publisher") is None:
        pm.add("publisher", "is missing (and there is no issuing organisation to fall back on)")

    people = []
    for i, entry in enumerate(as_list(meta.get("people"), pm, "people")):
        if not isinstance(entry, dict):
            pm.add(f"people[{i}]", "must be a mapping with name, organisation and role")
            continue
        name = as_text(entry.get("name"), pm, f"people[{i}].name")
        affiliation = org(entry["organisation"], f"people[{i}].organisation") if entry.get("organisation") else None
        role = as_text(entry.get("role"), pm, f"people[{i}].role", required=False)
        if name:
            people.append(Person(name, affiliation, role))

    topics = []
    for i, tid in enumerate(as_list(meta.get("topics"), pm, "topics")):
        if tid not in vocab.topics:
            pm.add(f"topics[{i}]", f"{tid!r} is not a topic in statements/topics.yml")
        else:
            topics.append(vocab.topics[tid])

    countries = meta.get("countries") or {}
    if not isinstance(countries, dict):
        pm.add("countries", "must be a mapping with add and exclude lists")
        countries = {}
    for key in sorted(set(countries) - {"add", "exclude"}, key=str):
        pm.add(f"countries.{key}", "is not known (use add and exclude)")
    codes = {}
    for key in ("add", "exclude"):
        codes[key] = []
        for i, code in enumerate(as_list(countries.get(key), pm, f"countries.{key}")):
            if not isinstance(code, str) or not vocab.places.is_code(code):
                pm.add(f"countries.{key}[{i}]", f"{code!r} is not an ISO 3166-1 alpha-2 country code")
            else:
                codes[key].append(code)

    dateline = as_text(meta.get("dateline"), pm, "dateline", required=False)
    if dateline and text is not None and dateline not in text:
        pm.add("dateline", f"{dateline!r} does not appear in the text")

    received_as = as_text(meta.get("received_as"), pm, "received_as", required=False)
    if len(problems) > before or text is None or None in (title, when, meeting, dtype, publisher):
        return None
    return Statement(
        id=raw.id, title=title, date=when, meeting=meeting, type=dtype, sha256=sha, language=language,
        publisher=publisher, organisations=organisations, people=people, topics=topics,
        countries_add=codes["add"], countries_exclude=codes["exclude"], text_file=raw.text_path.name,
        raw=raw.raw, text=text, blocks=blocks, dateline=dateline, received_as=received_as,
    )


def validate(archive: RawArchive, problems: list[Problem]) -> tuple[Vocabularies | None, list[Statement]]:
    vocab = validate_vocabularies(archive, problems)
    statements = []
    for raw in archive.statements:
        statement = validate_statement(raw, vocab, archive.root, problems)
        if statement is not None:
            statements.append(statement)
    return vocab, statements
