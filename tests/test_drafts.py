"""The corpus of drafts (tests/fixtures/drafts/, tests/drafts_corpus.py): each fictional text drafted in process as
`make add` drafts it, and each field its expectations give pinned (date, meeting, type, language, title, the
countries it is about, the people it names; its dateline, publisher, mentions and original where given). A field
the draft is known to get wrong is listed under `draft_misses:` in the text's expectations, and fails here until
it is (strict xfail): the figures of bench/drafts.py are these tests' outcomes."""

from __future__ import annotations

import pytest
from drafts_corpus import PINNED, drafted, expected, names, read_archive, right

CASES = [(name, field) for name in names() for field in PINNED if field in expected(name)]


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    return read_archive(tmp_path_factory.mktemp("drafts"))


@pytest.fixture(scope="module")
def drafts(archive):
    return {}


def fields_of(name: str, archive, drafts: dict) -> dict:
    if name not in drafts:
        drafts[name] = drafted(name, archive)[1]
    return drafts[name]


@pytest.mark.parametrize("name, field", [
    pytest.param(name, field, marks=pytest.mark.xfail(strict=True, reason="a known miss (draft_misses)"))
    if field in (expected(name).get("draft_misses") or []) else (name, field) for name, field in CASES])
def test_the_draft_gets_the_field_right(archive, drafts, name, field):
    fields = fields_of(name, archive, drafts)
    assert right(name, fields, field), f"{name}: {field} drafted {fields.get(field)!r}, not {expected(name)[field]!r}"


@pytest.mark.parametrize("name", names())
def test_every_text_gets_a_draft_that_parses(archive, name):
    """Never a refusal: every original gets a draft the build reads, its review listing what to check."""
    from kparchive.add import draft_yaml
    from kparchive.validate import STATEMENT_FIELDS
    from kparchive.yamlio import load_yaml

    d, _ = drafted(name, archive)
    meta = load_yaml(draft_yaml(d))
    assert set(meta) <= STATEMENT_FIELDS
    assert meta["review"] and meta["date"] and d.id.startswith(str(meta["date"]))


def test_the_expectations_are_complete():
    """Every text has its expectations, each giving every scored field; at least twenty texts, a quarter held out
    (written after the heuristics were tuned)."""
    from drafts_corpus import CORPUS, SCORED

    assert sorted(p.stem for p in CORPUS.glob("*.yml")) == names()
    for name in names():
        assert set(SCORED) | {"people", "shape"} <= set(expected(name)), name
    assert len(names()) >= 20
    held = [name for name in names() if expected(name).get("held_out")]
    assert len(held) >= len(names()) // 4 - 1


@pytest.mark.parametrize("language, text, code", [
    ("fr", "La Russie bloque le débat.", "RU"),
    ("fr", "la Fédération de Russie a refusé", "RU"),
    ("fr", "les diamants russes financent la guerre", "RU"),
    ("fr", "les diamants ivoiriens et la production ivoirienne", "CI"),
    ("fr", "en République Centrafricaine", "CF"),
    ("fr", "la réunion de Dubaï", "AE"),
    ("fr", "la plénière de Moscou", "RU"),
    ("en", "the Plenary in Washington", "US"),
    ("en", "New Delhi hosted the Plenary", "IN"),
])
def test_the_names_the_reporter_found_undetected(archive, language, text, code):
    """Issue 27's list of names no draft detected: each now names its country (places.yml)."""
    assert code in {m.code for m in archive.vocab.places.find(text, language)}


def test_réunion_plénière_is_a_meeting_not_the_island(archive):
    assert [m.code for m in archive.vocab.places.find("Réunion plénière de Kinshasa", "fr")] == ["CD"]


@pytest.mark.parametrize("body, about", [
    ("Moscow has blocked every proposal. We regret that Moscow has refused to discuss it.", ["RU"]),
    ("The meeting was held in Moscow. Delegates met in Moscow for four days.", []),
    ("Kinshasa's refusal to publish the report is troubling, and Kinshasa must explain it.", ["CD"]),
])
def test_a_city_is_a_subject_only_where_it_stands_for_its_government(archive, body, about):
    """The rule for cities (places.yml): a city names its country in passing (a venue, a dateline, an address),
    and counts towards what a statement is about only where it stands for its government."""
    from kparchive.add import draft

    text = f"Statement of the Coalition\n\n6 November 2009\n\n{body} {body}\n"
    assert draft(text.encode(), text, "a.txt", archive, None).about == about
