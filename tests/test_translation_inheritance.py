"""A translation inherits its original's reviewed facts at build time (kparchive.translations): its meeting,
topics and countries, and its type and organisations where it gives none. Its own metadata holds what differs
(title, its own date and dateline, language, sha256, provenance, people); a repeated equal value is accepted (the
French fixture's translation repeats them all), a contradicting one refused in one line. In process, on the frozen
corpus with the French pair (tests/fixtures/french/)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from kparchive.cli import build_catalogue
from kparchive.problems import Refused

from projects import ROOT, make_project

FRENCH = ROOT / "tests/fixtures/french"
FR = "2011-06-23-test-declaration-rdc"
EN = "2011-06-23-test-declaration-drc"
KINSHASA = "2011-06-23-kinshasa-intersessional-no-confidence"


@pytest.fixture
def project(tmp_path) -> Path:
    project = make_project(tmp_path, ids=[KINSHASA])
    for sid in (FR, EN):
        for ext in (".txt", ".yml"):
            shutil.copy2(FRENCH / f"{sid}{ext}", project / "statements" / f"{sid}{ext}")
    return project


def meta_of(project: Path, sid: str) -> dict:
    return yaml.safe_load((project / "statements" / f"{sid}.yml").read_text("utf-8"))


def write(project: Path, sid: str, meta: dict) -> None:
    (project / "statements" / f"{sid}.yml").write_text(yaml.safe_dump(meta, allow_unicode=True, sort_keys=False),
                                                      "utf-8")


def problems(project: Path) -> list[str]:
    with pytest.raises(Refused) as refused:
        build_catalogue(project / "statements")
    return [str(p) for p in refused.value.problems]


def statement(project: Path, sid: str):
    return next(s for s in build_catalogue(project / "statements").chronological if s.id == sid)


def test_a_translation_that_repeats_its_originals_facts_builds(project):
    """The fixture's translation gives every field, each equal to the original's: accepted as it is."""
    s = statement(project, EN)
    assert s.meeting.id == "2011-intersessional-kinshasa" and s.countries_about == ["CD"]


def test_a_translation_holds_only_what_differs(project):
    meta = meta_of(project, EN)
    for field in ("meeting", "topics", "countries", "type", "authors", "publisher"):
        del meta[field]
    write(project, EN, meta)
    s, original = statement(project, EN), statement(project, FR)
    assert s.meeting.id == original.meeting.id and s.type.id == original.type.id
    assert [t.id for t in s.topics] == [t.id for t in original.topics]
    assert s.countries_about == original.countries_about == ["CD"]
    assert [o.id for o in s.authors] == ["kp-csc"] and s.publisher.id == "kp-csc"
    assert (s.date.isoformat(), s.language, s.original.id) == ("2011-06-23", "en", original.id)


def test_a_fix_in_the_original_is_a_fix_in_its_translation(project):
    meta = meta_of(project, EN)
    del meta["meeting"], meta["countries"]
    write(project, EN, meta)
    original = meta_of(project, FR)
    original["countries"] = {"about": ["CD", "ZW"], "exclude": []}
    write(project, FR, original)
    assert statement(project, EN).countries_about == ["CD", "ZW"]


def test_an_equal_value_in_another_order_is_no_contradiction(project):
    meta = meta_of(project, EN)
    meta["topics"] = list(reversed(meta["topics"]))
    write(project, EN, meta)
    assert statement(project, EN).meeting.id == "2011-intersessional-kinshasa"


@pytest.mark.parametrize("field, value, shown", [
    ("meeting", "2011-plenary-kinshasa", "2011-intersessional-kinshasa"),
    ("topics", ["kp-reform"], "monitoring-compliance, zimbabwe-marange"),
    ("countries", {"about": ["ZW"], "exclude": []}, "about CD"),
])
def test_a_contradicting_value_is_refused_in_one_line(project, field, value, shown):
    meta = meta_of(project, EN)
    meta[field] = value
    write(project, EN, meta)
    assert problems(project) == [
        f"statements/{EN}.yml: {field}: differs from its original's ({shown}): a translation says what its "
        f"original says; leave {field} out (it is the original's) or correct the original"]


def test_its_own_type_and_publisher_stand(project):
    """A translation published by someone else, or cited otherwise, keeps its own."""
    meta = meta_of(project, EN)
    meta["type"], meta["authors"] = "press-release", []
    write(project, EN, meta)
    s = statement(project, EN)
    assert s.type.id == "press-release" and s.authors == []


def test_make_add_drafts_only_what_differs(project):
    """`make add TRANSLATION_OF=` leaves the inherited fields out; once reviewed, the draft builds."""
    from kparchive.add import draft, draft_yaml, read_statements_folder

    (project / "statements" / f"{EN}.txt").unlink()
    (project / "statements" / f"{EN}.yml").unlink()
    raw = (FRENCH / f"{EN}.txt").read_bytes()
    d = draft(raw, raw.decode("utf-8"), "en.txt", read_statements_folder(project / "statements"), None, "en", FR)
    text = draft_yaml(d)
    meta = yaml.safe_load(text)
    assert not {"meeting", "topics", "countries", "type", "authors", "publisher"} & set(meta)
    assert "# meeting, topics, countries, type, authors, publisher: the original's" in text
    assert {next(iter(item)) for item in meta["review"]} == {"translation_of", "id"}
    del meta["review"]
    write(project, d.id, meta)
    shutil.copy2(FRENCH / f"{EN}.txt", project / "statements" / f"{d.id}.txt")
    s = statement(project, d.id)
    assert s.meeting.id == "2011-intersessional-kinshasa" and s.countries_about == ["CD"]
