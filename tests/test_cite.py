"""Cite this statement: BibTeX read by bibtexparser (v2), RIS, CSL-formatted APA and Chicago, escaping."""

import json
from datetime import date

import bibtexparser
from bs4 import BeautifulSoup

from kparchive.cite import Citer, bibtex_escape
from kparchive.siteconfig import Site

SITE = "https://statements.kpcivilsociety.org/"


def records(built_site):
    return json.loads((built_site / "statements.json").read_text("utf-8"))


def test_bibtex_parses_and_matches_the_catalogue(built_site):
    for record in records(built_site):
        soup = BeautifulSoup((built_site / "statements" / record["id"] / "index.html").read_text("utf-8"),
                             "html.parser")
        shown = soup.select_one("pre[data-copy-label='BibTeX entry']").get_text()
        assert shown == (built_site / "statements" / f"{record['id']}.bib").read_text("utf-8")
        library = bibtexparser.parse_string(shown)
        assert not library.failed_blocks
        (entry,) = library.entries
        assert entry.key == record["id"]
        fields = entry.fields_dict
        assert fields["title"].value == record["title"]
        assert fields["year"].value == record["date"][:4]
        assert fields["date"].value == record["date"]
        if record["authors"]:
            assert fields["author"].value == "{" + "} and {".join(record["authors"]) + "}"  # each kept whole
        else:
            assert "author" not in fields
        assert fields["url"].value == SITE + record["url"].lstrip("/")


def test_ris_has_the_fields_reference_managers_read(built_site):
    for record in records(built_site):
        lines = (built_site / "statements" / f"{record['id']}.ris").read_text("utf-8").splitlines()
        tags = {}
        for line in lines:
            tags.setdefault(line[:2], []).append(line[6:])
        assert lines[0].startswith("TY  - ") and lines[-1].startswith("ER  -")
        assert tags["TI"] == [record["title"]]
        assert tags["DA"] == [record["date"].replace("-", "/")]
        assert tags["PB"] == [record["source"]["publisher"]]


def test_ris_authors(fixture_site):
    by_id = {r["id"]: r for r in records(fixture_site)}
    lines = (fixture_site / "statements" / "2011-06-23-kinshasa-intersessional-no-confidence.ris").read_text(
        "utf-8").splitlines()
    assert lines[0] == "TY  - RPRT"
    assert [line[6:] for line in lines if line.startswith("AU  -")] == ["Kimberley Process Civil Society Coalition"]
    news = (fixture_site / "statements" / "2011-10-04-idex-coalition-boycotts-plenary.ris").read_text(
        "utf-8").splitlines()
    assert news[0] == "TY  - NEWS" and not [line for line in news if line.startswith("AU  -")]
    assert "T2  - IDEX Online" in news and by_id["2011-10-04-idex-coalition-boycotts-plenary"]["authors"] == []


def test_apa_and_chicago_references_on_the_page(fixture_site):
    record = next(r for r in records(fixture_site) if r["id"] == "2011-10-04-idex-coalition-boycotts-plenary")
    soup = BeautifulSoup((fixture_site / "statements" / record["id"] / "index.html").read_text("utf-8"),
                         "html.parser")
    apa = soup.select_one("[data-copy-label='APA (7th edition) reference']")
    chicago = soup.select_one("[data-copy-label='Chicago (17th edition, author-date) reference']")
    url = SITE + record["url"].lstrip("/")
    # An unsigned news report: its title in the author's place (APA 9.12), its outlet in italics; Chicago puts
    # the outlet in the author's place (CMOS 15.49).
    assert apa.get_text() == f"{record['title']}. (2011, October 4). IDEX Online. {url}"
    assert apa.find("i").get_text() == "IDEX Online"
    assert chicago.get_text() == ("IDEX Online. 2011. “Civil Society to Boycott KP Plenary, Demands Major Reform.” "
                                  f"October 4, 2011. {url}.")
    pinpoints = {item["data-style"]: item["data-pinpoint"].replace("\ue002", "11")
                 for item in soup.select(".kp-cite-item[data-pinpoint]")}
    assert pinpoints == {"apa": "(“Civil Society to Boycott KP Plenary, Demands Major Reform,” 2011, para. 11)",
                         "chicago": "(IDEX Online 2011, para. 11)"}
    # The paragraph address offered for pinpoint citation.
    assert f"{url}#p1" in soup.select_one(".kp-cite").get_text()


def test_a_report_is_cited_by_its_group_author(fixture_site):
    sid = "2021-06-28-virtual-intersessional-silencing"
    soup = BeautifulSoup((fixture_site / "statements" / sid / "index.html").read_text("utf-8"), "html.parser")
    apa = soup.select_one("[data-copy-label='APA (7th edition) reference']").get_text()
    assert apa == ("Kimberley Process Civil Society Coalition. (2021, June 28). Attempt to silence civil society "
                   "observers at Kimberley Process Intersessional meeting [Press release]. "
                   f"{SITE}statements/{sid}/")


def test_values_are_escaped_in_every_format(built_site, project_root):
    """A title full of markup stays text: in the CSL references, BibTeX and the page."""
    from kparchive.cli import build_catalogue

    catalogue = build_catalogue(project_root / "statements")
    s = catalogue.chronological[0]
    s.title = "<script>alert(1)</script> & {braces} 100% *stars* \ue000x"
    citer = Citer(catalogue, Site(SITE, "Archive", "d"))
    for ref in citer.references(s):
        assert "<script>alert(1)</script> & {braces}" in ref.text
        assert "\ue000" not in ref.text
    library = bibtexparser.parse_string(citer.bibtex(s))
    assert not library.failed_blocks
    assert r"\{braces\} 100\%" in library.entries[0].fields_dict["title"].value
    assert bibtex_escape("a_b#c") == r"a\_b\#c"


def test_no_access_date_so_builds_repeat(built_site):
    text = (built_site / "statements" / "2011-06-23-kinshasa-intersessional-no-confidence.bib").read_text("utf-8")
    assert "urldate" not in text and str(date.today().year) not in text
