"""Browsing: every meeting, country, topic, organisation, person and year has a page listing exactly its
statements; mentions link to the paragraph that holds them; no link on the site is broken.

Tests on `site` (the archive's own statements/) hold for any corpus; exact values are checked on `fixed`,
the frozen fixture corpus."""

import re
from collections import defaultdict

import pytest
import yaml

from projects import IDS, STATEMENTS, ids_of
from site_pages import Site


@pytest.fixture(scope="module")
def site(built_site):
    return Site(built_site)


@pytest.fixture(scope="module")
def fixed(fixture_site):
    return Site(fixture_site)


@pytest.fixture(scope="module")
def records(site):
    return site.catalogue()


def listed(site, path):
    """Statements a listing page links to, from its content only (not the nav or the footer)."""
    return site.statement_links(path, ".md-content a[href]")


def meetings_in_time():
    """statements/meetings.yml, in time order (a start may be a month only: YYYY-MM sorts before its days)."""
    meetings = yaml.safe_load((STATEMENTS / "meetings.yml").read_text("utf-8"))
    return sorted(meetings, key=lambda m: (str(m["start"]), m["id"]))


def test_every_meeting_page_lists_exactly_its_statements(site, records):
    """Every meeting is on the index, in time order; a page, and a link to it, only once a statement belongs to
    it; the others are marked as having none yet."""
    meetings = meetings_in_time()
    used = {r["meeting"]["id"] for r in records if r["meeting"]}
    rows = site.soup("/meetings/").select(".md-content tbody tr")
    assert [tr.select("td")[1].get_text(strip=True) for tr in rows] == [m["name"] for m in meetings]
    index_links = [p for p, _, _ in site.links("/meetings/", ".md-content table a[href]")]
    assert index_links == [f"/meetings/{m['id']}/" for m in meetings if m["id"] in used]
    for tr, m in zip(rows, meetings, strict=True):
        assert (tr.select("td")[-1].get_text(strip=True) == "no statement archived yet") == (m["id"] not in used)
    for m in meetings:
        if m["id"] not in used:
            assert site.file_for(f"/meetings/{m['id']}/") is None, m["id"]
            continue
        expected = {r["id"] for r in records if r["meeting"] and r["meeting"]["id"] == m["id"]}
        section = site.soup(f"/meetings/{m['id']}/").find(id="statements")
        in_section = set()
        for sib in section.find_next_siblings():
            if sib.name == "h2":
                break
            in_section |= {a["href"].strip("./").split("/")[-1] for a in sib.select("a[href*='statements/']")}
        assert in_section == expected, m["id"]


def test_meeting_pages_link_the_meetings_before_and_after(site, records):
    used = {r["meeting"]["id"] for r in records if r["meeting"]}
    meetings = [m for m in meetings_in_time() if m["id"] in used]  # those with a page
    for before, after in zip(meetings, meetings[1:], strict=False):
        texts = {t: p for p, _, t in site.links(f"/meetings/{after['id']}/", ".md-content li a[href]")}
        assert texts[before["name"]] == f"/meetings/{before['id']}/"


def test_meeting_index_shows_type_place_chair_and_count(fixed):
    rows = {tr.select("td")[1].get_text(strip=True): [td.get_text(" ", strip=True) for td in tr.find_all("td")]
            for tr in fixed.soup("/meetings/").select(".md-content tbody tr")}
    virtual = rows["Kimberley Process Intersessional 2021 (virtual)"]
    assert virtual[2:] == ["Intersessional", "virtual", "Russia (Alexey Moiseev)", "1"]
    swakopmund = rows["Kimberley Process Plenary 2009, Swakopmund"]
    assert swakopmund[2:] == ["Plenary", "Swakopmund, Namibia", "Namibia (Bernhard Esau)", "1"]
    brisbane = rows["Kimberley Process Plenary 2017, Brisbane"]  # no statement belongs to it: named, no link
    assert brisbane == ["10–14 December 2017", "Kimberley Process Plenary 2017, Brisbane", "Plenary",
                        "Brisbane, Australia", "Australia (Robert Owen-Jones)", "no statement archived yet"]
    assert "2017-plenary-brisbane" not in str(fixed.soup("/meetings/"))


def test_every_country_page_lists_exactly_its_statements(site, records):
    """The statements about a country first, then (apart) those naming it in passing."""
    about, named = defaultdict(set), defaultdict(set)
    for r in records:
        for code in r["countries"]:
            about[code].add(r["id"])
        for code in r["mentioned"]:
            named[code].add(r["id"])
    rows = site.soup("/countries/").select(".md-content tbody tr")
    assert len(rows) == len(set(about) | set(named))
    for tr in rows:
        cells = [td.get_text() for td in tr.find_all("td")]
        assert (int(cells[2]), int(cells[3])) == (len(about[cells[1]]), len(named[cells[1]])), cells
    for code in set(about) | set(named):
        soup = site.soup(f"/countries/{code.lower()}/")
        sections = {h["id"]: {n["id"] for n in h.find_next_siblings("h3") if n.find_previous_sibling("h2") is h}
                    for h in soup.select(".md-content h2[id]")}
        assert sections.get("about", set()) == about[code], code
        assert sections.get("named", set()) == named[code], code
        assert listed(site, f"/countries/{code.lower()}/") == about[code] | named[code], code
        if about[code] and named[code]:
            assert list(sections) == ["about", "named"], code  # about first


def test_zimbabwe_and_the_two_congos(fixed):
    assert listed(fixed, "/countries/zw/") == {IDS[0], IDS[1], IDS[2]}
    assert fixed.soup("/countries/cd/").h1.get_text() == "Democratic Republic of the Congo"
    assert fixed.soup("/countries/cg/").h1.get_text() == "Republic of the Congo"
    cg = [q.get_text() for q in fixed.soup("/countries/cg/").select(".kp-mention .kp-quote")]
    assert len(cg) == 1 and "CLONG (Republic of Congo)" in cg[0]


def test_every_mention_links_to_a_paragraph_that_contains_it(site, records):
    checked = 0
    for r in records:
        for code in r["countries"]:
            country = f"/countries/{code.lower()}/"
            quotes = site.soup(country).select(".kp-mention .kp-quote")
            links = site.links(country, ".kp-mention a.kp-para")
            assert len(links) == len(quotes)
            for (path, fragment, _), quote in zip(links, quotes, strict=True):
                # the sentence, less what a cut quotation adds ("“… ")
                sentence = "".join(t for t in quote.find_all(string=True) if not t.find_parent(class_="kp-cut"))
                assert re.fullmatch(r"p\d+", fragment), fragment
                paragraph = site.soup(path).select_one(f".kp-text #{fragment}")
                assert paragraph is not None, (path, fragment)
                shown = " ".join(paragraph.get_text().split())
                assert " ".join(sentence.split()) in shown, (code, path, fragment, sentence)
                checked += 1
    assert checked > 40


def test_every_topic_page_lists_exactly_its_statements(site, records):
    topics = yaml.safe_load((STATEMENTS / "topics.yml").read_text("utf-8"))
    for t in topics:
        expected = {r["id"] for r in records if t["id"] in r["topics"]}
        page = site.soup(f"/topics/{t['id']}/")
        assert t["description"] in page.get_text()
        assert listed(site, f"/topics/{t['id']}/") == expected, t["id"]


def test_every_organisation_and_person_page_lists_exactly_their_statements(site):
    by_org, by_person = defaultdict(set), defaultdict(set)
    for sid in ids_of(STATEMENTS):
        meta = yaml.safe_load((STATEMENTS / f"{sid}.yml").read_text("utf-8"))
        for org in [*meta["authors"], meta["publisher"], *meta.get("on_behalf_of", []), *meta.get("mentions", [])]:
            by_org[org].add(sid)
        for person in meta["people"]:
            by_person[person["name"].lower().replace(" ", "-")].add(sid)
            by_org[person["organisation"]].add(sid)
    organisations = yaml.safe_load((STATEMENTS / "organisations.yml").read_text("utf-8"))
    for org in organisations:
        assert listed(site, f"/organisations/{org['id']}/") == by_org[org["id"]], org["id"]
    for person, ids in by_person.items():
        assert listed(site, f"/people/{person}/") == ids, person


def test_a_person_page_lists_the_statements_they_speak_in(fixed):
    assert listed(fixed, "/people/shamiso-mtisi/") == {IDS[3], IDS[4]}


def test_timeline_lists_every_statement_under_its_year_newest_first(site, records):
    soup = site.soup("/timeline/")
    years = [h["id"] for h in soup.select(".md-content h2[id]")]
    assert years == [f"y{y}" for y in sorted({r["date"][:4] for r in records}, reverse=True)]
    for r in records:
        heading = soup.select_one(f"h2#y{r['date'][:4]}")
        section_links = []
        for sib in heading.find_next_siblings():
            if sib.name == "h2":
                break
            section_links += [a["href"] for a in sib.select("a[href]")]
        assert any(r["id"] in href for href in section_links) or r["id"] not in [
            s["id"] for s in sorted(records, key=lambda s: s["date"], reverse=True)
            if s["date"][:4] == r["date"][:4]][:10], r["id"]  # a year shows its ten newest


def test_timeline_bars(fixed):
    soup = fixed.soup("/timeline/")
    bars = soup.select(".kp-timeline li")
    assert [li.select_one(".kp-timeline__label").get_text() for li in bars] == [str(y) for y in range(2021, 2008, -1)]
    assert soup.select_one('.kp-timeline a[href="#y2011"]')["aria-label"] == "2011: 2 statements"


def test_home_page_has_the_ways_in_latest_statements_and_counts(site, records):
    soup = site.soup("/")
    text = " ".join(soup.select_one(".md-content").get_text(" ").split())
    assert "Kimberley Process" in text and "Civil Society Coalition" in text
    years = sorted(r["date"][:4] for r in records)
    assert f"{len(records)} statements from {years[0]} to {years[-1]}" in text
    ids = {r["id"] for r in records}
    latest = [p.split("/")[2] for p, _, _ in site.links("/", ".md-content ul a[href*='statements/']")
              if len(p.split("/")) == 4 and p.split("/")[2] in ids]
    assert latest[:5] == [r["id"] for r in sorted(records, key=lambda r: (r["date"], r["id"]), reverse=True)][:5]
    ways = {p for p, _, _ in site.links("/", ".md-content a[href]")}
    assert {"/meetings/", "/countries/", "/topics/", "/timeline/", "/organisations/", "/glossary/"} <= ways


def test_home_page_counts(fixed):
    text = " ".join(fixed.soup("/").select_one(".md-content").get_text(" ").split())
    assert ("5 statements from 2009 to 2021: they speak of 5 meetings of the Kimberley Process, are about "
            "5 countries and name 22, and take up 12 topics") in text


def test_statement_pages_link_previous_next_and_related(fixed):
    site = fixed
    links = {t: p for p, _, t in site.links(f"/statements/{IDS[1]}/", ".md-content li a[href]")}
    soup = site.soup(f"/statements/{IDS[1]}/")
    text = soup.select_one(".md-content").get_text(" ")
    assert "Previous in time" in text and "Next in time" in text
    assert f"/statements/{IDS[0]}/" in links.values() and f"/statements/{IDS[2]}/" in links.values()
    related = soup.find(id="related-statements")
    assert related is not None


def test_glossary_defines_the_terms(site):
    text = site.soup("/glossary/").get_text(" ")
    for term in ["Kimberley Process (KP)", "Plenary", "Intersessional", "Participant", "Observer",
                 "World Diamond Council (WDC)", "Joint Work Plan", "Marange", "Central African Republic (CAR)",
                 "Democratic Republic of the Congo (DRC)", "Kimberley Process Certification Scheme (KPCS)"]:
        assert term in text, term


def test_no_link_asset_or_anchor_is_broken(site):
    assert site.broken_links() == []


def test_no_link_asset_or_anchor_of_the_fixture_site_is_broken(fixed):
    """The same crawl over the fixture corpus's site, both trees (the fast tier's one build): MkDocs alone
    writes no search index, so /pagefind/ is left out (the crawl of the real site above follows it)."""
    assert fixed.broken_links(skip_prefixes=("/pagefind/", "/fr/pagefind/")) == []


def test_walk_home_meeting_statement_country_statement(page):
    page.goto("/")
    page.locator(".md-content").get_by_role("link", name="every Plenary and Intersessional").click()
    page.get_by_role("link", name="Kimberley Process Plenary 2009, Swakopmund").first.click()
    assert page.locator("h1").inner_text() == "Kimberley Process Plenary 2009, Swakopmund"
    page.locator(".md-content").get_by_role("link", name=re.compile("^Failure to suspend Zimbabwe")).click()
    assert page.locator("h1").inner_text().startswith("Failure to suspend Zimbabwe")
    page.locator("details.kp-meta > summary").click()  # the facts, folded so the text comes first
    page.locator(".kp-meta").get_by_role("link", name="Zimbabwe", exact=True).click()
    assert page.locator("h1").inner_text() == "Zimbabwe"
    page.locator(".kp-mention").filter(has_text="Lobbying the UN").locator("a.kp-para").click()
    assert page.url.endswith("/statements/2011-10-04-idex-coalition-boycotts-plenary/#p21")
    assert page.locator("h1").inner_text() == "Civil Society to Boycott KP Plenary, Demands Major Reform"
    assert "Lobbying the UN" in page.locator("#p21").inner_text()


def test_every_year_page_lists_exactly_its_statements(site, records):
    years = sorted({r["date"][:4] for r in records}, reverse=True)
    index = [p for p, _, _ in site.links("/statements/", ".kp-years a[href*='years/']")]
    assert index == [f"/years/{y}/" for y in years]
    for year in years:
        expected = {r["id"] for r in records if r["date"].startswith(year)}
        assert listed(site, f"/years/{year}/") == expected, year
        assert site.soup(f"/years/{year}/").h1.get_text() == f"Statements of {year}"
    newest = sorted(records, key=lambda r: (r["date"], r["id"]), reverse=True)
    rows = [a["href"].rstrip("/").split("/")[-1]
            for a in site.soup("/statements/").select(".kp-statements td a[href*='statements/']")]
    assert rows == [r["id"] for r in newest][:200]  # the table of every statement, newest first, 200 a page


def test_year_pages_link_the_years_before_and_after(fixed):
    later = {t: p for p, _, t in fixed.links("/years/2011/", ".md-content li a[href]")}
    assert later["2018"] == "/years/2018/" and later["2009"] == "/years/2009/"


def test_the_timeline_links_every_year_page(site, records):
    for year in {r["date"][:4] for r in records}:
        assert f"/years/{year}/" in {p for p, _, _ in site.links("/timeline/", ".md-content a[href]")}


# --- long listings over several pages (render.paginate), through a real build with two statements a page ---

@pytest.fixture(scope="module")
def paged(paged_site):
    return Site(paged_site)


def walk_pages(site, first):
    """A listing's pages in order, following each page's "Older" link from the first; and what they list."""
    pages, ids, url = [], [], first
    while url:
        pages.append(url)
        soup = site.soup(url)
        for nav in soup.select(".kp-pager"):
            current = [a.get_text() for a in nav.select("a[aria-current=page]")]
            assert current == [str(len(pages))], (url, current)
        older = [p for p, _, text in site.links(url, ".kp-pager a[rel=next]")]
        assert len(set(older)) <= 1
        ids += [a["href"].rstrip("/").split("/")[-1] for a in soup.select(".md-content li a[href*='statements/']")
                if not a.find_parent(class_=["kp-pager", "kp-named-in"])]
        url = older[0] if older else None
    return pages, ids


@pytest.mark.parametrize("kind", ["meetings", "countries", "topics", "organisations", "people"])
def test_a_long_listing_spreads_over_pages_that_together_list_what_one_page_lists(paged, fixed, kind):
    """Two a page here against the same corpus at the site's own page size (every listing on one page)."""
    site = fixed
    for path in sorted({p for p in site.pages() if p.count("/") == 3 and p.startswith(f"/{kind}/")}):
        whole_pages, whole = walk_pages(site, path)
        assert whole_pages == [path]
        pages, listed_ids = walk_pages(paged, path)
        assert listed_ids == whole, path  # the same statements, in the same order (newest first)
        if kind == "countries":  # a statement is a heading there, with the sentences that name the country
            listed_ids = [h["id"] for p in pages for h in paged.soup(p).select(".md-content h3[id]")]
            assert listed_ids == [h["id"] for h in site.soup(path).select(".md-content h3[id]")], path
        n = len(listed_ids)
        assert len(pages) == max(1, -(-n // 2)), path
        assert pages[1:] == [f"{path}page/{k}/" for k in range(2, len(pages) + 1)]
        if len(pages) > 1:
            assert paged.soup(pages[1]).h1.get_text(strip=True).endswith(f", page 2 of {len(pages)}")


def test_paged_listings_have_no_broken_links(paged):
    assert any("/page/2/" in p for p in paged.pages())
    assert paged.broken_links(skip_prefixes=("/search/",)) == []
