"""A statement that belongs to no meeting, and meetings with no statement: a fictional letter of August 2011
(tests/fixtures/between-meetings/) with no `meeting:`, and three fictional meetings whose records are incomplete
(only a month, no end) or that were held in person and online, added to a copy of the fixture corpus and built
for real (build_index, then MkDocs, both trees). What a reader sees: its year page, the table, the timeline
between the meetings, its panel without a meeting, the exports' empty meeting columns; every meeting on the
meetings' index, a page only for those with statements, and no link to a page that does not exist."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from pathlib import Path

import pytest

from projects import ROOT, build_index, make_project, mkdocs_build_both
from site_pages import Site

# Builds a site of its own: the fixture corpus with a statement between meetings, for real (build_index, MkDocs).
pytestmark = pytest.mark.build

FIXTURES = ROOT / "tests/fixtures/between-meetings"
SID = "2011-08-15-test-letter-between-meetings"
BRISBANE = "2017-plenary-brisbane"  # the corpus's meeting that no statement belongs to


def add_fixtures(project: Path) -> None:
    for ext in (".txt", ".yml"):
        shutil.copy2(FIXTURES / f"{SID}{ext}", project / "statements" / f"{SID}{ext}")
    with (project / "statements/meetings.yml").open("a", encoding="utf-8") as f:
        f.write("\n" + (FIXTURES / "meetings.yml").read_text("utf-8"))


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """The fixture corpus with the letter and the meetings, built once for this module (both trees, no Pagefind:
    the search filters are the search page's own lists)."""
    project = make_project(tmp_path_factory.mktemp("between"), site_files=True)
    add_fixtures(project)
    result = build_index(project)
    assert result.returncode == 0, result.stderr
    result = mkdocs_build_both(project)
    assert result.returncode == 0, result.stderr
    return project


@pytest.fixture(scope="module")
def site(project) -> Site:
    return Site(project / "site")


def text(soup) -> str:
    """Its text as a reader sees it, white space collapsed."""
    return " ".join(soup.get_text().split())


# --- the statement between meetings ---------------------------------------------------------------------------

def test_its_page_has_no_meeting_in_the_dateline_the_panel_or_the_lists_it_is_on(site):
    page = site.soup(f"/statements/{SID}/")
    dateline = page.select_one(".kp-dateline")
    assert text(dateline) == "15 August 2011 · Statement" and not dateline.select("a")
    terms = [dt.get_text(strip=True) for dt in page.select(".kp-meta dt")]
    assert "Meeting" not in terms and "Topics" in terms
    assert not page.select('.kp-dateline a[href*="/meetings/"], .kp-meta a[href*="/meetings/"]')
    assert not page.select('[data-pagefind-filter^="meeting:"], [data-pagefind-meta^="meeting:"]')
    listed_on = next(li for li in page.select("li") if li.get_text().startswith("Listed on:"))
    assert text(listed_on).startswith("Listed on: Zimbabwe, ")


def test_its_year_page_and_the_table_list_it_without_a_meeting(site):
    for path in ("/years/2011/", "/statements/"):
        row = next(tr for tr in site.soup(path).select(".kp-statements tbody tr") if SID in str(tr))
        meeting = row.select_one('td[data-label="Meeting"]')
        assert meeting.get_text(strip=True) == "none" and not meeting.select("a"), path
    fr = next(tr for tr in site.soup("/fr/years/2011/").select(".kp-statements tbody tr") if SID in str(tr))
    assert fr.select_one('td[data-label="Réunion"]').get_text(strip=True) == "aucune"


def test_the_timeline_shows_it_between_the_meetings_of_its_year(site):
    section = []
    heading = site.soup("/timeline/").select_one("h2#y2011")
    for item in heading.find_next_sibling("ul").find_all("li", recursive=False):
        section.append(item.a.get_text(strip=True) if item.a else text(item))
    assert section == [
        "Kimberley Process Plenary 2011, Kinshasa",  # 1-3 November
        "Civil Society to Boycott KP Plenary, Demands Major Reform",  # 4 October
        "Civil society asks for the review reports before the Plenary",  # 15 August: no meeting
        "Statement at the Kinshasa Intersessional meeting, a vote of no confidence in the Kimberley Process",
        "Kimberley Process Intersessional 2011, Kinshasa",  # 20-23 June
    ]
    letter = next(li for li in heading.find_next_sibling("ul").find_all("li") if SID in str(li))
    assert text(letter.select_one(".kp-item-meta")) == "15 August 2011 · Statement"


def test_the_exports_leave_its_meeting_columns_empty_and_its_references_unchanged_otherwise(site, project):
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO((project / "site/statements.csv").read_text("utf-8")))}
    meeting_columns = [c for c in rows[SID] if c.startswith("meeting")]
    assert meeting_columns and all(rows[SID][c] == "" for c in meeting_columns)
    assert all(r["meeting"] for sid, r in rows.items() if sid != SID)
    records = {r["id"]: r for r in json.loads((project / "site/statements.json").read_text("utf-8"))}
    assert records[SID]["meeting"] is None
    bib = (project / f"site/statements/{SID}.bib").read_text("utf-8")
    ris = (project / f"site/statements/{SID}.ris").read_text("utf-8")
    assert "note" not in bib and "N1  -" not in ris and "Kimberley Process Plenary" not in bib + ris
    assert "title" in bib and "TI  - Civil society asks for the review reports before the Plenary" in ris
    other = (project / "site/statements/2011-10-04-idex-coalition-boycotts-plenary.bib").read_text("utf-8")
    assert "note         = {Kimberley Process Plenary 2011, Kinshasa}" in other
    head = site.soup(f"/statements/{SID}/").select_one('script[type="application/ld+json"]')
    assert not [a for a in json.loads(head.string)["about"] if a["@type"] == "Event"]


# --- every meeting on the index, a page only with statements ----------------------------------------------------

def test_the_index_names_every_meeting_in_time_and_links_only_those_with_statements(site, project):
    from kparchive.yamlio import load_yaml

    meetings = load_yaml((project / "statements/meetings.yml").read_text("utf-8"))
    with_statements = {r["meeting"]["id"] for r in site.catalogue() if r["meeting"]}
    for tree, none in (("", "no statement archived yet"), ("/fr", "aucune déclaration archivée pour l’instant")):
        rows = site.soup(f"{tree}/meetings/").select(".md-content tbody tr")
        assert len(rows) == len(meetings)
        shown = [row.select("td")[1].get_text(strip=True) for row in rows]
        names = {m["id"]: (m["fr"]["name"] if tree else m["name"]) for m in meetings}
        assert shown == [names[m["id"]] for m in sorted(meetings, key=lambda m: (str(m["start"]), m["id"]))]
        for row, m in zip(rows, sorted(meetings, key=lambda m: (str(m["start"]), m["id"])), strict=True):
            links = [a["href"] for a in row.select("a")]
            if m["id"] in with_statements:
                assert links == [f"../meetings/{m['id']}/"] or links == [f"{m['id']}/"], links
            else:
                assert links == [] and row.select("td")[-1].get_text(strip=True) == none, m["id"]
    for m in meetings:
        assert (site.file_for(f"/meetings/{m['id']}/") is not None) == (m["id"] in with_statements), m["id"]
        assert (site.file_for(f"/fr/meetings/{m['id']}/") is not None) == (m["id"] in with_statements), m["id"]


def test_an_incomplete_record_is_written_as_far_as_it_goes(site):
    rows = {row.select("td")[1].get_text(strip=True): [text(td) for td in row.select("td")]
            for row in site.soup("/meetings/").select(".md-content tbody tr")}
    assert rows["Test Intersessional 2009, Windhoek"][0] == "June 2009"
    assert rows["Test Intersessional 2012, Dubai"][0] == "from 24 May 2012"
    assert rows["Test Plenary 2012, Gaborone"][3] == "Gaborone, Botswana (in person and online)"
    month = site.soup("/meetings/").find("time", string="June 2009")
    assert month["datetime"] == "2009-06"
    fr = {row.select("td")[1].get_text(strip=True): [text(td) for td in row.select("td")]
          for row in site.soup("/fr/meetings/").select(".md-content tbody tr")}
    assert fr["Réunion intersessionnelle de test 2009, Windhoek"][0] == "juin 2009"
    assert fr["Réunion intersessionnelle de test 2012, Dubaï"][0] == "à partir du 24 mai 2012"
    assert fr["Réunion plénière de test 2012, Gaborone"][3] == "Gaborone, Botswana (sur place et en ligne)"


def test_the_timeline_and_year_pages_name_a_meeting_without_statements_without_a_link(site):
    """June 2009: a meeting no statement belongs to, in a year that has statements."""
    items = site.soup("/timeline/").select_one("h2#y2009").find_next_sibling("ul").find_all("li", recursive=False)
    assert [text(li) for li in items][1:] == [
        "P Kimberley Process Plenary 2009, Swakopmund 2–5 November 2009 · Plenary · Swakopmund, Namibia",
        "I Test Intersessional 2009, Windhoek June 2009 · Intersessional · Windhoek, Namibia · no statement archived "
        "yet"]
    assert [li.select('a[href*="/meetings/"]') != [] for li in items[1:]] == [True, False]
    year = site.soup("/years/2009/").select_one(".md-content p")
    assert "Meetings that year: Test Intersessional 2009, Windhoek (June 2009), Kimberley Process Plenary 2009, " \
           "Swakopmund (2 November 2009)." in text(year)
    links = [a.get_text() for a in year.select('a[href*="/meetings/"]')]
    assert links == ["Kimberley Process Plenary 2009, Swakopmund"]
    assert BRISBANE not in str(site.soup("/timeline/").select_one(".md-content"))


def test_pages_sitemaps_filters_and_the_feed_name_only_meetings_with_pages(site, project):
    with_pages = {r["meeting"]["id"] for r in site.catalogue() if r["meeting"]}
    for tree in ("", "fr/"):
        sitemap = (project / f"site/{tree}sitemap.xml").read_text("utf-8")
        named = set(re.findall(r"/meetings/([a-z0-9-]+)/", sitemap))
        assert named == with_pages, tree
        options = [box["value"] for box in site.soup(f"/{tree}search/").select('input[name="meeting"]')]
        assert set(options) == with_pages and BRISBANE not in options
    feed = (project / "site/feed.xml").read_text("utf-8")
    assert "/meetings/" not in feed and SID in feed


def test_a_meeting_page_says_its_unverified_facts_in_a_readers_words(site):
    for path, line in (("/meetings/2018-plenary-brussels/",
                        "The French names of the meeting and of its city are the archive's translation."),
                       ("/fr/meetings/2018-plenary-brussels/",
                        "Les noms en français de la réunion et de sa ville sont une traduction des archives."),
                       ("/meetings/2009-plenary-swakopmund/", "The French name is the archive's translation."),
                       ("/fr/meetings/2009-plenary-swakopmund/",
                        "Le nom en français est une traduction des archives.")):
        content = text(site.soup(path).select_one(".md-content"))
        assert line in content, path
        assert "fr.name" not in content and "fr.city" not in content and "No public record" not in content


def test_no_link_asset_or_anchor_is_broken(site):
    assert site.broken_links(skip_prefixes=("/pagefind/", "/fr/pagefind/")) == []


# --- what validation accepts of a meeting's record, and what it refuses, one line each -------------------------

def test_a_meeting_record_is_refused_one_line_a_problem(tmp_path):
    project = make_project(tmp_path)
    path = project / "statements/meetings.yml"
    meetings = path.read_text("utf-8")
    for old, new in (("start: 2009-11-02", "start: 2009-13"), ("end: 2011-06-23", "end: 2011-05"),
                     ("start: 2011-11-01", "start: 1 November 2011"),
                     ("  virtual: false\n  sources:\n    - title: Hilde", "  virtual: false\n  hybrid: 'yes'\n"
                                                                         "  sources:\n    - title: Hilde"),
                     ("  virtual: true\n", "  virtual: true\n  hybrid: true\n")):
        assert old in meetings, old
        meetings = meetings.replace(old, new, 1)
    brisbane = meetings.index("- id: 2017-plenary-brisbane")
    meetings = meetings[:brisbane] + meetings[brisbane:].replace("  virtual: false\n", "  virtual: false\n"
                                                                  "  hybrid: true\n", 1)
    path.write_text(meetings, "utf-8")
    result = build_index(project)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    where = "statements/meetings.yml: "
    for line in (
        f"{where}2009-plenary-swakopmund.start: '2009-13' is not a real month",
        f"{where}2011-intersessional-kinshasa.end: is before the start",
        f"{where}2011-plenary-kinshasa.start: '1 November 2011' is not a date written YYYY-MM-DD, or YYYY-MM where "
        "the record gives only the month",
        f"{where}2018-plenary-brussels.hybrid: must be true or false",
        f"{where}2021-intersessional-virtual.hybrid: a virtual meeting is held online only: hybrid is for a meeting "
        "held in its city and online at once",
        f"{where}2017-plenary-brisbane.hybrid: no source supports it: add the public record it comes from to sources "
        "(with it under supports), or list it under unverified",
    ):
        assert line in lines, f"{line!r} not in:\n{result.stderr}"


def test_a_hybrid_meeting_is_a_mixed_event_and_an_open_end_has_no_end_date(tmp_path):
    from kparchive.cite import Citer
    from kparchive.cli import build_catalogue
    from kparchive.siteconfig import read_site

    project = make_project(tmp_path)
    add_fixtures(project)
    catalogue = build_catalogue(project / "statements")
    citer = Citer(catalogue, read_site(ROOT / "mkdocs.yml"))
    hybrid = citer.event(catalogue.vocab.meetings["2012-plenary-test-hybrid"])
    assert hybrid["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"
    assert [place["@type"] for place in hybrid["location"]] == ["Place", "VirtualLocation"]
    assert (hybrid["startDate"], hybrid["endDate"]) == ("2012-11-27", "2012-11-30")
    open_end = citer.event(catalogue.vocab.meetings["2012-intersessional-test-open-end"])
    assert open_end["startDate"] == "2012-05-24" and "endDate" not in open_end
    month = citer.event(catalogue.vocab.meetings["2009-intersessional-test-month"])
    assert month["startDate"] == "2009-06" and "endDate" not in month
