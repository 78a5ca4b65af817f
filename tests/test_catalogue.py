"""/statements.json: one object per statement, right for all five."""

import json

import pytest

from projects import IDS, ROOT

EXPECTED = {
    "2009-11-06-namibia-plenary-zimbabwe": dict(
        date="2009-11-06", type="press-release", meeting="2009-plenary-swakopmund", meeting_type="plenary",
        year=2009, city="Swakopmund", country="NA", virtual=False,
        countries=["ZW", "CI", "GN"], mentioned=["BR", "CD", "CG", "IL", "LR", "NA", "SL"],
        authors=["Kimberley Process Civil Society Coalition"],
        people=["Annie Dunnebacke", "Susanne Emond", "Alfred Brownell"],
        publisher="Kimberley Process Civil Society Coalition", source="004_0352b4d32e0ebb14.txt"),
    "2011-06-23-kinshasa-intersessional-no-confidence": dict(
        date="2011-06-23", type="statement", meeting="2011-intersessional-kinshasa", meeting_type="intersessional",
        year=2011, city="Kinshasa", country="CD", virtual=False, countries=["ZW"], mentioned=["CD"],
        authors=["Kimberley Process Civil Society Coalition"], people=["Alfred Brownell"],
        publisher="Kimberley Process Civil Society Coalition", source="003_0a6eee31804970f7.txt"),
    "2011-10-04-idex-coalition-boycotts-plenary": dict(
        date="2011-10-04", type="news-report", meeting="2011-plenary-kinshasa", meeting_type="plenary",
        year=2011, city="Kinshasa", country="CD", virtual=False,
        countries=["ZW"], mentioned=["AE", "IN", "MZ", "NA", "RU", "ZA"], authors=[], people=["Alan Martin"],
        publisher="IDEX Online", source="000_b183ccf1e676ae67.txt"),
    "2018-11-16-brussels-plenary-reform": dict(
        date="2018-11-16", type="statement", meeting="2018-plenary-brussels", meeting_type="plenary",
        year=2018, city="Brussels", country="BE", virtual=False, countries=[], mentioned=["AU", "BE", "CA"],
        authors=["Kimberley Process Civil Society Coalition"],
        people=["Shamiso Mtisi"], publisher="Kimberley Process Civil Society Coalition",
        source="001_784aa2377ab541fb.txt"),
    "2021-06-28-virtual-intersessional-silencing": dict(
        date="2021-06-28", type="press-release", meeting="2021-intersessional-virtual",
        meeting_type="intersessional", year=2021, city=None, country=None, virtual=True,
        countries=["CF", "CN"], mentioned=["EU", "RU", "US"], authors=["Kimberley Process Civil Society Coalition"],
        people=["Shamiso Mtisi"],
        publisher="Kimberley Process Civil Society Coalition", source="002_37995dbb77634694.txt"),
}


@pytest.fixture(scope="module")
def catalogue(fixture_project):
    """The catalogue build_index writes for the fixture corpus, from the shared fixture build."""
    return json.loads((fixture_project / "docs/statements.json").read_text("utf-8"))


def test_one_object_per_statement_in_date_order(catalogue):
    assert [r["id"] for r in catalogue] == IDS
    assert [r["date"] for r in catalogue] == sorted(r["date"] for r in catalogue)


@pytest.mark.parametrize("sid", IDS)
def test_record(catalogue, sid):
    r = next(r for r in catalogue if r["id"] == sid)
    e = EXPECTED[sid]
    assert set(r) >= {"id", "title", "date", "type", "url", "meeting", "countries", "mentioned", "topics",
                      "authors", "on_behalf_of", "mentions", "people", "source", "words"}
    assert r["date"] == e["date"] and r["type"] == e["type"]
    assert r["url"] == f"/statements/{sid}/"
    assert r["meeting"] == {"id": e["meeting"], "name": r["meeting"]["name"], "type": e["meeting_type"],
                            "year": e["year"], "city": e["city"], "country": e["country"], "virtual": e["virtual"],
                            "hybrid": False}
    assert r["countries"] == e["countries"] and r["mentioned"] == e["mentioned"]
    assert r["people"] == e["people"]
    assert r["authors"] == e["authors"]
    assert r["source"]["file"] == f"{sid}.txt"
    assert r["source"]["publisher"] == e["publisher"]
    original = (ROOT.parent / "shared/sources" / e["source"])
    if original.exists():
        import hashlib
        assert r["source"]["sha256"] == hashlib.sha256(original.read_bytes()).hexdigest()
    assert r["topics"] and all(isinstance(t, str) for t in r["topics"])
    assert 300 < r["words"] < 1100


def test_titles(catalogue):
    titles = {r["id"]: r["title"] for r in catalogue}
    assert titles["2011-10-04-idex-coalition-boycotts-plenary"] == (
        "Civil Society to Boycott KP Plenary, Demands Major Reform")
    assert titles["2021-06-28-virtual-intersessional-silencing"] == (
        "Attempt to silence civil society observers at Kimberley Process Intersessional meeting")
