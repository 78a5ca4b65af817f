"""Synthetic statements for the scale bench: realistic in size, shape and vocabulary, deterministic by seed.

Each statement is an `<id>.txt` original and an `<id>.yml` metadata file in the same format as the real ones.
Texts mix English function words, Kimberley Process terms, country names, demonyms and cities (so country
detection has real work) with pseudo-words built from syllables (so the vocabulary grows with the archive,
as a real archive's does: at least 20,000 distinct words at 10,000 statements). A small share of originals
have CRLF line ends or a BOM, as received files do.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import yaml

FIRST_YEAR, LAST_YEAR = 2003, 2026
MIN_WORDS, MAX_WORDS = 300, 1500

FUNCTION_WORDS = (
    "the of and to in a that is for on with as by at from this be are was were it its which not have has had "
    "but or their they we our all been will would should must can more than also such these those into about "
    "between under after before over only other any each both most many some no while where when who whose "
    "there then so because through against during without within among upon again further once here very"
).split()
DOMAIN_TERMS = (
    "Kimberley Process", "KP", "KPCS", "Plenary", "Intersessional", "Participants", "Participant", "Observers",
    "civil society", "Civil Society Coalition", "conflict diamonds", "rough diamonds", "diamonds", "diamond",
    "mining communities", "artisanal miners", "human rights", "certificate", "certification scheme",
    "minimum requirements", "review mission", "monitoring", "smuggling", "transparency", "consensus",
    "working group", "Chair", "Vice-Chair", "World Diamond Council", "industry", "governments", "reform",
    "definition", "violence", "security forces", "due diligence", "responsible sourcing", "statistics",
)
ONSETS = ["", "b", "br", "c", "ch", "d", "dr", "f", "g", "gr", "h", "j", "k", "kh", "l", "m", "n", "p", "pr", "r",
          "s", "sh", "st", "t", "th", "tr", "v", "w", "z"]
VOWELS = ["a", "e", "i", "o", "u", "ai", "ea", "ou"]
CODAS = ["", "", "", "n", "r", "l", "s", "m", "k", "nd", "st"]


def syllables() -> list[str]:
    return [o + v + c for o in ONSETS for v in VOWELS for c in dict.fromkeys(CODAS)]


def vocabulary_size(n_statements: int) -> int:
    """How many pseudo-words the generator draws from for an archive of n statements."""
    return min(60_000, 2_000 + 4 * n_statements)


def pseudo_words(count: int, seed: int = 0) -> list[str]:
    """`count` distinct lowercase pseudo-words of two to four syllables, in a fixed (seeded) order."""
    rng = random.Random(f"words-{seed}")
    sylls = syllables()
    out: dict[str, None] = {}
    reserved = set(FUNCTION_WORDS)
    while len(out) < count:
        word = "".join(rng.choice(sylls) for _ in range(rng.choice((2, 2, 3, 3, 3, 4))))
        if 4 <= len(word) <= 14 and word not in reserved:
            out.setdefault(word)
    return list(out)


def vocabulary(n_statements: int, seed: int = 0) -> list[str]:
    """The pseudo-words an archive of n statements is written in."""
    return pseudo_words(vocabulary_size(n_statements), seed)


def zipf_weights(n: int, s: float = 0.9) -> list[float]:
    """Cumulative Zipf weights, so a few words are common and the long tail still gets used."""
    return list(itertools.accumulate(1.0 / (rank ** s) for rank in range(1, n + 1)))


@dataclass
class Places:
    """Country phrases from places.yml and pycountry, for names that detection will find."""

    names: list[str]
    demonyms: list[str]
    cities: list[str]

    @classmethod
    def load(cls, places_yml: Path) -> Places:
        import pycountry

        data = yaml.safe_load(places_yml.read_text("utf-8")) or {}
        names = sorted({c.name for c in pycountry.countries if "," not in c.name and "(" not in c.name})
        names += [n for names in (data.get("aliases") or {}).values() for n in names]
        demonyms = [n for names in (data.get("demonyms") or {}).values() for n in names]
        cities = list((data.get("cities") or {}).keys())
        return cls(names, demonyms, cities)


@dataclass
class Meeting:
    id: str
    name: str
    type: str
    start: date
    city: str | None
    country: str | None


@dataclass
class Generator:
    places: Places
    meetings: list[Meeting]
    organisations: list[str]
    topics: list[str]
    types: list[str]
    n: int
    seed: int = 0
    words: list[str] = field(init=False)
    cum: list[float] = field(init=False)
    used: set[str] = field(default_factory=set)

    def __post_init__(self):
        self.rng = random.Random(self.seed)
        self.words = vocabulary(self.n, self.seed)
        self.cum = zipf_weights(len(self.words))
        rng = random.Random(f"people-{self.seed}")
        self.people = [
            (" ".join(w.capitalize() for w in rng.sample(self.words[:3000], 2)), rng.choice(self.organisations))
            for _ in range(max(20, self.n // 30))
        ]
        self.ids: set[str] = set()
        self.focus: list[str] = []

    def sentence(self) -> str:
        rng = self.rng
        length = rng.randint(8, 26)
        pseudo = rng.choices(self.words, cum_weights=self.cum, k=length)
        out = []
        for i in range(length):
            r = rng.random()
            if r < 0.42:
                out.append(rng.choice(FUNCTION_WORDS))
            elif r < 0.50:
                out.append(rng.choice(DOMAIN_TERMS))
            else:
                out.append(pseudo[i])
                self.used.add(pseudo[i])
        if self.focus and rng.random() < 0.15:  # about one place named per 100 words, as in the real ones
            out.insert(rng.randrange(len(out)), rng.choice(self.focus))
        if rng.random() < 0.15:
            out.insert(rng.randrange(1, len(out)), rng.choice(out) + ",")
        text = " ".join(out)
        return text[0].upper() + text[1:] + rng.choice(".......?!")

    def paragraph(self) -> str:
        rng = self.rng
        sentences = [self.sentence() for _ in range(rng.randint(2, 6))]
        if rng.random() < 0.2:
            i = rng.randrange(len(sentences))
            sentences[i] = "**" + sentences[i] + "**"
        return " ".join(sentences)

    def title(self) -> str:
        rng = self.rng
        parts = rng.choices(self.words[:5000], k=rng.randint(3, 7))
        parts.insert(rng.randrange(len(parts) + 1), rng.choice(("KP", "Civil Society", "Kimberley Process")))
        if rng.random() < 0.4:
            parts.append("in " + rng.choice(self.focus))
        self.used.update(p for p in parts if p.islower())
        text = " ".join(parts)
        return text[0].upper() + text[1:]

    def statement(self, index: int) -> tuple[str, bytes, dict]:
        """One statement: (id, original bytes, metadata dict without sha256)."""
        rng = self.rng
        meeting = self.meetings[index % len(self.meetings)] if index < len(self.meetings) else rng.choice(
            self.meetings)
        when = meeting.start + timedelta(days=rng.randint(-20, 10))
        when = min(max(when, date(FIRST_YEAR, 1, 1)), date(LAST_YEAR, 12, 31))
        # A statement speaks of a few places (names, demonyms, cities), and names them again and again.
        pool = self.places.names if rng.random() < 0.7 else self.places.demonyms + self.places.cities
        self.focus = rng.sample(pool, rng.randint(1, 6))
        title = self.title()
        slug_words = [w for w in title.lower().split() if w.isalpha() and w.isascii()][:4] or ["statement"]
        sid = f"{when.isoformat()}-{'-'.join(slug_words)}"
        k = 2
        while sid in self.ids:
            sid = f"{when.isoformat()}-{'-'.join(slug_words)}-{k}"
            k += 1
        self.ids.add(sid)

        dateline = f"{when:%B} {when.day}, {when.year}"
        target = rng.randint(MIN_WORDS, MAX_WORDS)
        blocks = ["Kimberley Process Civil Society Coalition", title, dateline]
        count = sum(len(b.split()) for b in blocks)
        while count < target:
            if rng.random() < 0.08:
                marker = rng.choice(("-", "1.", "·"))
                items = []
                for j in range(rng.randint(3, 5)):
                    item = self.sentence()
                    m = f"{j + 1}." if marker == "1." else marker
                    items.append(f"{m} {item}")
                    count += len(item.split())
                blocks.append("\n".join(items))
            else:
                p = self.paragraph()
                blocks.append(p)
                count += len(p.split())
        newline = "\r\n" if rng.random() < 0.03 else "\n"
        text = (newline * 2).join(b.replace("\n", newline) for b in blocks) + newline
        raw = text.encode("utf-8")
        if rng.random() < 0.02:
            raw = b"\xef\xbb\xbf" + raw

        people = []
        for name, org in rng.sample(self.people, rng.choice((0, 0, 1, 1, 2))):
            people.append({"name": name, "organisation": org, "role": rng.choice(("Coordinator", "Researcher",
                                                                                   "Chair", None))})
        orgs = sorted(set(rng.sample(self.organisations, rng.choice((1, 1, 1, 2)))))
        meta = {
            "title": title,
            "date": when.isoformat(),
            "dateline": dateline,
            "meeting": meeting.id,
            "type": rng.choice(self.types),
            "language": "en",
            "publisher": orgs[0],
            "authors": orgs,
            "people": people,
            "topics": rng.sample(self.topics, rng.randint(1, min(5, len(self.topics)))),
            "countries": {"about": [], "exclude": []},
        }
        return sid, raw, meta


def _scalar(value: str) -> str:
    """A YAML scalar as the curated files write it: plain when safe, double-quoted otherwise."""
    plain = value and value[0].isalnum() and not any(c in value for c in ":#'\"{}[],&*!|>%@`") and \
        value.strip() == value
    return value if plain else '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def metadata_yaml(meta: dict, sha256: str) -> str:
    """Metadata in the layout of the real statements/*.yml files."""
    lines = [
        f"title: {_scalar(meta['title'])}",
        f"date: {meta['date']}",
        f"dateline: {_scalar(meta['dateline'])}",
        f"meeting: {meta['meeting']}",
        f"type: {meta['type']}",
        f"language: {meta['language']}",
        f"authors: [{', '.join(meta['authors'])}]",
        f"publisher: {meta['publisher']}",
    ]
    if meta["people"]:
        lines.append("people:")
        for p in meta["people"]:
            lines.append(f"  - name: {_scalar(p['name'])}")
            lines.append(f"    organisation: {p['organisation']}")
            if p.get("role"):
                lines.append(f"    role: {_scalar(p['role'])}")
    else:
        lines.append("people: []")
    lines.append(f"topics: [{', '.join(meta['topics'])}]")
    lines.append("countries:")
    lines.append(f"  about: [{', '.join(meta['countries']['about'])}]")
    lines.append(f"  exclude: [{', '.join(meta['countries']['exclude'])}]")
    lines.append(f"sha256: {sha256}")
    return "\n".join(lines) + "\n"


CITY_VENUES = [("Gaborone", "BW"), ("Windhoek", "NA"), ("Kinshasa", "CD"), ("Brussels", "BE"), ("Moscow", "RU"),
               ("Dubai", "AE"), ("Johannesburg", "ZA"), ("Luanda", "AO"), ("Freetown", "SL"), ("Mumbai", "IN"),
               ("Jerusalem", "IL"), ("Beijing", "CN"), ("Monrovia", "LR"), ("Conakry", "GN"), ("Abidjan", "CI"),
               ("Antwerp", "BE"), ("Harare", "ZW"), ("Pretoria", "ZA")]


def synthetic_meetings(existing: list[dict], seed: int = 0) -> list[dict]:
    """A plenary (November) and an intersessional (June) for every year 2003-2026 the real file lacks."""
    rng = random.Random(f"meetings-{seed}")
    have = {(str(m["start"])[:4], m["type"]) for m in existing}
    out = []
    for year in range(FIRST_YEAR, LAST_YEAR + 1):
        for mtype, month in (("intersessional", 6), ("plenary", 11)):
            if (str(year), mtype) in have:
                continue
            city, country = rng.choice(CITY_VENUES)
            start = date(year, month, rng.randint(1, 20))
            out.append({
                "id": f"{year}-{mtype}-{city.lower()}",
                "name": f"Kimberley Process {mtype.capitalize()} {year}, {city}",
                "type": mtype, "start": start.isoformat(), "end": (start + timedelta(days=3)).isoformat(),
                "city": city, "country": country, "chair": {"participant": country}, "virtual": False,
            })
    return out


def _meeting_yaml(m: dict) -> str:
    return (f"- id: {m['id']}\n  name: {m['name']}\n  type: {m['type']}\n  start: {m['start']}\n"
            f"  end: {m['end']}\n  city: {m['city']}\n  country: {m['country']}\n"
            f"  chair: {{participant: {m['chair']['participant']}}}\n  virtual: false\n"
            f"  fr: {{name: {json.dumps(_french_name(m), ensure_ascii=False)}}}\n"
            "  unverified: [start, end, city, country, chair.participant, fr.name]  # synthetic: no record says it\n")


def _french_name(m: dict) -> str:
    """The meeting's name for the French interface (its `fr:` field, kparchive/french.py), as its real ones are
    written."""
    kind = "plénière" if m["type"] == "plenary" else "intersessionnelle"
    return f"Réunion {kind} du Processus de Kimberley {m['start'][:4]}, {m['city']}"


def generate(statements_dir: Path, n: int, seed: int = 0) -> dict:
    """Write n synthetic statements into statements_dir (which holds the vocabularies), adding synthetic
    meetings to its meetings.yml. Returns facts about what was written (distinct words, bytes)."""
    from kparchive.places import Places as Detector
    from kparchive.yamlio import load_yaml

    meetings_path = statements_dir / "meetings.yml"
    existing = load_yaml(meetings_path.read_text("utf-8")) or []
    extra = synthetic_meetings(existing, seed)
    with meetings_path.open("a", encoding="utf-8") as f:
        f.write("# Synthetic meetings written by bench/generate.py\n")
        f.writelines(_meeting_yaml(m) for m in extra)
    # A start may be a month only (YYYY-MM, where no record gives the day): its first day will do here.
    meetings = [Meeting(str(m["id"]), m["name"], m["type"], date.fromisoformat(f"{m['start']}-01"[:10]),
                        m.get("city"), m.get("country")) for m in existing + extra]
    meetings.sort(key=lambda m: m.start)

    def ids(name: str) -> list[str]:
        return [e["id"] for e in load_yaml((statements_dir / name).read_text("utf-8"))]

    places_data = load_yaml((statements_dir / "places.yml").read_text("utf-8"))
    detector = Detector(places_data)
    gen = Generator(Places.load(statements_dir / "places.yml"), meetings, ids("organisations.yml"),
                    ids("topics.yml"), ids("types.yml"), n, seed)
    all_codes = sorted({c for c in detector.phrases.values() if c})
    total_bytes = 0
    for i in range(n):
        sid, raw, meta = gen.statement(i)
        named = sorted({m.code for m in detector.find(raw.decode("utf-8-sig"))})
        r = gen.rng.random()
        if r < 0.05 and named:
            meta["countries"]["exclude"] = [gen.rng.choice(named)]
        elif named:  # about one or two of the countries it names, now and then one it does not
            about = gen.rng.sample(named, min(len(named), gen.rng.choice((1, 1, 2))))
            if r < 0.10:
                about.append(gen.rng.choice([c for c in all_codes if c not in named]))
            meta["countries"]["about"] = about
        (statements_dir / f"{sid}.txt").write_bytes(raw)
        (statements_dir / f"{sid}.yml").write_text(metadata_yaml(meta, hashlib.sha256(raw).hexdigest()), "utf-8")
        total_bytes += len(raw)
    return {"statements": n, "distinct_pseudo_words": len(gen.used), "text_bytes": total_bytes,
            "meetings_added": len(extra)}
