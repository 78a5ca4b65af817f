"""Enrich: countries merged with curation, mentions, opening sentences, neighbours and related statements."""

import pytest

from kparchive.cli import build_catalogue

from projects import FIXTURE, IDS, add_statement, make_project


@pytest.fixture(scope="module")
def catalogue():
    return build_catalogue(FIXTURE)


def test_previous_and_next_follow_time(catalogue):
    ordered = catalogue.chronological
    assert [s.id for s in ordered] == IDS
    assert ordered[0].previous is None and ordered[-1].next is None
    for a, b in zip(ordered, ordered[1:], strict=False):
        assert a.next is b and b.previous is a


def test_related_share_a_meeting_or_topics_and_rank_by_what_they_share(catalogue):
    for s in catalogue.chronological:
        assert s not in s.related and len(s.related) <= 5
        for other in s.related:
            assert other.meeting.id == s.meeting.id or {t.id for t in other.topics} & {t.id for t in s.topics}
    boycott = catalogue.by_id["2011-10-04-idex-coalition-boycotts-plenary"]
    assert boycott.related[0].id == "2011-06-23-kinshasa-intersessional-no-confidence"


def test_mentions_keep_the_sentence_and_its_paragraph(catalogue):
    s = catalogue.by_id["2009-11-06-namibia-plenary-zimbabwe"]
    guinea = s.mentions["GN"]
    assert [m.pid for m in guinea] == ["p10", "p17"]
    assert guinea[0].sentence.startswith("This will include the development of tools to identify Ivorian diamonds")
    assert "CA" not in s.countries  # Partnership Africa Canada is an organisation
    marked = [text for text, name in guinea[0].pieces() if name]
    assert marked and all(text == "Guinea" for text in marked)  # what a country page marks
    assert "".join(text for text, _ in guinea[0].pieces()) == guinea[0].sentence


def test_opening_sentence_skips_headlines_and_datelines(catalogue):
    assert catalogue.by_id[IDS[4]].opening.startswith("A week-long Kimberley Process (KP) meeting ended in chaos")
    assert catalogue.by_id[IDS[1]].opening.startswith("The civil society coalition is deeply concerned")


def test_curated_additions_and_exclusions(tmp_path):
    project = make_project(tmp_path, ids=[])
    add_statement(project, "2020-05-05-curated", b"Zimbabwe and Namibia met in Brussels.",
                  countries={"about": ["BW"], "exclude": ["BE"]})
    s = build_catalogue(project / "statements").by_id["2020-05-05-curated"]
    assert s.countries == ["BW"]  # what it is about: curated, named or not
    assert s.mentioned == ["NA", "ZW"]  # named in passing, less what is excluded
    assert "BW" not in s.mentions and "BE" not in s.mentions
