"""The corpus of drafts (tests/fixtures/drafts/): fictional texts of every shape the archive receives, each with
the fields a reviewed draft of it says (`<name>.yml` beside `<name>.txt`). Shared by tests/test_drafts.py, which
pins each drafted field of each text, and bench/drafts.py, which reports how many of each field `add` gets right.

Texts are drafted in process (kparchive.add.draft, what `make add` runs) against an archive of the archive's own
vocabularies (statements/: every meeting on record, places.yml's names) and the frozen corpus's five statements
(the people they name). A text whose expectations name `translation_of` is drafted as a translation of the text
of that name, which is in the archive then with the fields its own expectations give, as an editor left it.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from kparchive.add import Draft, draft, read_statements_folder
from kparchive.load import OPTIONAL_FILES, VOCABULARY_FILES
from kparchive.text import decode
from kparchive.translations import inherit
from kparchive.yamlio import load_yaml

from projects import FIXTURE, IDS, STATEMENTS

CORPUS = Path(__file__).parent / "fixtures" / "drafts"
# The fields scored (every expectations file gives them) and those pinned where a file gives them.
SCORED = ("date", "meeting", "type", "language", "title", "about")
PINNED = (*SCORED, "people", "dateline", "publisher", "mentions", "translation_of")


def names() -> list[str]:
    return sorted(p.stem for p in CORPUS.glob("*.txt"))


def expected(name: str) -> dict:
    return load_yaml((CORPUS / f"{name}.yml").read_text("utf-8"))


def original_id(name: str) -> str:
    """The id a text of the corpus has once reviewed (the original a translation names)."""
    return f"{expected(name)['date']}-test-{name}"


def archive_folder(tmp: Path) -> Path:
    """A statements folder: the archive's vocabularies, the frozen corpus's statements, and the originals the
    corpus's translations translate, reviewed as their expectations say."""
    folder = tmp / "statements"
    folder.mkdir(parents=True)
    for file in VOCABULARY_FILES + OPTIONAL_FILES:
        if (STATEMENTS / file).exists():
            shutil.copy2(STATEMENTS / file, folder / file)
    for sid in IDS:
        for ext in (".txt", ".yml"):
            shutil.copy2(FIXTURE / f"{sid}{ext}", folder / f"{sid}{ext}")
    for name in names():
        if (of := expected(name).get("translation_of")) is not None:
            e, sid = expected(of), original_id(of)
            shutil.copy2(CORPUS / f"{of}.txt", folder / f"{sid}.txt")
            (folder / f"{sid}.yml").write_text(
                f"title: {e['title']!r}\ndate: {e['date']}\nmeeting: {e['meeting']}\ntype: {e['type']}\n"
                f"language: {e['language']}\nauthors: [kp-csc]\npublisher: kp-csc\ntopics: []\n"
                f"countries: {{about: {e['about']}, exclude: []}}\n", "utf-8")
    return folder


def drafted(name: str, archive) -> tuple[Draft, dict]:
    """The draft of a text of the corpus, and its fields as the build reads them (a translation's with what it
    inherits from its original)."""
    raw = (CORPUS / f"{name}.txt").read_bytes()
    of = expected(name).get("translation_of")
    d = draft(raw, decode(raw), f"{name}.txt", archive, None, None, original_id(of) if of else None)
    fields = {
        "date": d.date.isoformat() if d.date else None, "dateline": d.dateline, "meeting": d.meeting,
        "type": d.type, "language": d.language, "title": d.title, "publisher": d.publisher,
        "mentions": d.mentions, "translation_of": d.translation_of,
        "people": sorted(p.name for p in d.people + d.new_people),
    }
    fields = {k: v for k, v in fields.items() if k not in getattr(d, "inherited", ())}
    if getattr(d, "about", None) is not None:
        fields["countries"] = {"about": d.about}
    if of:
        fields = inherit(fields, archive.metas[original_id(of)])
    fields["about"] = sorted((fields.get("countries") or {}).get("about") or [])
    return d, fields


def right(name: str, fields: dict, field: str) -> bool:
    want = expected(name)[field]
    if field == "translation_of":
        want = original_id(want)
    if field in ("about", "people", "mentions"):
        return sorted(want or []) == sorted(fields.get(field) or [])
    return (str(want) if want is not None else None) == fields.get(field)


def read_archive(tmp: Path):
    return read_statements_folder(archive_folder(tmp))
