"""The statement page as a reader sees it: title, dateline, metadata panel, the original, cited paragraphs."""

import hashlib

import pytest

from projects import REAL_IDS, STATEMENTS
from site_pages import Site


@pytest.fixture(scope="module")
def site(built_site):
    return Site(built_site)


@pytest.fixture(scope="module")
def records(site):
    return {r["id"]: r for r in site.catalogue()}


@pytest.mark.parametrize("sid", REAL_IDS)
def test_title_dateline_and_metadata_panel(site, records, sid):
    r = records[sid]
    soup = site.soup(f"/statements/{sid}/")
    assert soup.h1.get_text(strip=True) == r["title"]
    assert soup.title.get_text().startswith(r["title"])
    dateline = soup.select_one(".kp-dateline")
    assert dateline.time["datetime"] == r["date"]
    panel = {dt.get_text(strip=True): dd for dt, dd in zip(soup.select(".kp-meta dt"), soup.select(".kp-meta dd"),
                                                          strict=True)}
    assert {"Date", "Document type", "Written by", "Published by", "Original", "SHA-256"} <= set(panel)
    assert ("Meeting" in panel) == bool(r["meeting"])  # a statement between meetings has none
    # A row for each kind of fact the statement has: the countries it is about, those it names in passing, topics.
    assert bool({"Country", "Countries"} & set(panel)) == bool(r["countries"])
    assert ("Named in passing" in panel) == bool(r["mentioned"])
    assert bool({"Topic", "Topics"} & set(panel)) == bool(r["topics"])
    assert panel["Date"].time["datetime"] == r["date"]
    meeting_links = site.links(f"/statements/{sid}/", ".kp-meta dd a[href*='/meetings/']")
    assert [p for p, _, _ in meeting_links[:1]] == ([f"/meetings/{r['meeting']['id']}/"] if r["meeting"] else [])
    country_pages = [p for p, _, _ in site.links(f"/statements/{sid}/", ".kp-meta dd a[href*='countries']")]
    assert country_pages == [f"/countries/{c.lower()}/" for c in r["countries"]]
    topic_pages = [p for p, _, _ in site.links(f"/statements/{sid}/", ".kp-meta dd a[href*='topics']")]
    assert topic_pages == [f"/topics/{t}/" for t in r["topics"]]
    assert panel["SHA-256"].get_text(strip=True) == r["source"]["sha256"]
    assert panel["Published by"].get_text(strip=True) == r["source"]["publisher"]
    written = panel["Written by"].get_text(" ", strip=True)
    assert all(a in written for a in r["authors"]) and (r["authors"] or written.startswith("Not signed"))


@pytest.mark.parametrize("sid", REAL_IDS)
def test_the_original_is_downloadable_byte_for_byte(site, built_site, sid):
    soup = site.soup(f"/statements/{sid}/")
    link = soup.select_one(".kp-meta a[download]")
    assert link is not None and link.get_text() == f"{sid}.txt"
    path, _, _ = site.links(f"/statements/{sid}/", ".kp-meta a[download]")[0]
    served = site.file_for(path).read_bytes()
    original = (STATEMENTS / f"{sid}.txt").read_bytes()
    assert served == original
    assert hashlib.sha256(served).hexdigest() in soup.get_text()


@pytest.mark.parametrize("sid", REAL_IDS)
def test_every_paragraph_is_numbered_with_a_link_to_itself(site, sid):
    soup = site.soup(f"/statements/{sid}/")
    units = soup.select(".kp-text > p, .kp-text li")
    assert [u["id"] for u in units] == [f"p{i}" for i in range(1, len(units) + 1)]
    for unit in units:
        number = unit.select_one("a.kp-pnum")
        assert number["data-n"] == unit["id"][1:] and number["href"] == f"#{unit['id']}"
        assert number["aria-label"] == f"Paragraph {unit['id'][1:]}" and number.get_text() == ""


def test_lists_and_emphasis_are_kept(site):
    soup = site.soup("/statements/2011-06-23-kinshasa-intersessional-no-confidence/")
    items = soup.select(".kp-text ul.kp-list li")
    assert len(items) == 4 and items[0].select_one(".kp-marker").get_text() == "-"
    soup = site.soup("/statements/2009-11-06-namibia-plenary-zimbabwe/")
    strong = soup.select_one(".kp-text strong")
    assert strong.get_text(" ", strip=True) == (
        "The Kimberley Process Civil Society Coalition PRESS RELEASE November 6, 2009")
    notes = [li.select_one(".kp-marker").get_text() for li in soup.select(".kp-text ul.kp-list")[-1].select("li")]
    assert notes == ["1.", "2.", "3."]


def test_abbreviations_explain_themselves_at_their_first_use_without_changing_a_word(site):
    soup = site.soup("/statements/2021-06-28-virtual-intersessional-silencing/")
    abbrs = [(a.get_text(), a["title"]) for a in soup.select(".kp-text abbr")]
    assert ("KP", "Kimberley Process") in abbrs
    assert ("KP CSC", "Kimberley Process Civil Society Coalition") in abbrs
    assert len({title for _, title in abbrs}) == len(abbrs), "a term explained twice on one page"
    text = soup.select_one(".kp-text").get_text()
    assert text.count("KP") > [t for t, _ in abbrs].count("KP")  # later uses are plain text


def test_statements_are_not_in_the_nav(site):
    nav = site.soup("/").select(".md-nav--primary a[href]")
    assert 0 < len(nav) <= 15
    assert not any("/statements/" in a["href"] and a["href"].rstrip("/").split("/")[-1] in REAL_IDS for a in nav)
