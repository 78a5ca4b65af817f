"""Search (/search/, Pagefind) as a reader uses it, in Chromium: words, phrases, filters, the URL, sorting,
keyboard alone, screen-reader announcements. Expected results come from the published /statements.json and
the original texts, not from the search index."""

from __future__ import annotations

import json
import re
from urllib.parse import parse_qs, urlsplit

import pytest

pytestmark = pytest.mark.browser

ZW = [  # the three statements naming Zimbabwe, newest first
    "2011-10-04-idex-coalition-boycotts-plenary",
    "2011-06-23-kinshasa-intersessional-no-confidence",
    "2009-11-06-namibia-plenary-zimbabwe",
]


@pytest.fixture(scope="module")
def records(built_site):
    return json.loads((built_site / "statements.json").read_text("utf-8"))


def newest_first(records, keep) -> list[str]:
    return [r["id"] for r in sorted(records, key=lambda r: (r["date"], r["id"]), reverse=True) if keep(r)]


def text_of(project_root, sid: str) -> str:
    return (project_root / "statements" / f"{sid}.txt").read_text("utf-8-sig")


def wait_for_results(page) -> None:
    """Until the results on the page are those of the search in the address bar."""
    page.wait_for_function(
        "() => { const l = document.getElementById('kp-results');"
        " return l && l.getAttribute('aria-busy') === 'false' && l.dataset.search === location.search; }",
        timeout=15_000,
    )


def search(page, url: str) -> list[str]:
    page.goto(url)
    wait_for_results(page)
    return result_ids(page)


def result_ids(page) -> list[str]:
    hrefs = page.locator("#kp-results li a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    return [re.match(r"^/statements/([^/#]+)/", h).group(1) for h in hrefs]


def status(page) -> str:
    return page.locator("#kp-status").inner_text()


def params(page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


# --- the index ----------------------------------------------------------------------------------------

def test_only_statements_are_indexed(built_site, records):
    entry = json.loads((built_site / "pagefind" / "pagefind-entry.json").read_text())
    assert sum(lang["page_count"] for lang in entry["languages"].values()) == len(records)


def test_material_lunr_search_is_gone(built_site):
    html = (built_site / "index.html").read_text("utf-8")
    assert 'class="md-search"' not in html
    assert not (built_site / "search" / "search_index.json").exists()


# --- words, phrases, metadata -------------------------------------------------------------------------

def test_words_find_statements_and_link_to_the_paragraph(page, records, project_root):
    ids = search(page, "/search/?q=Marange")
    # "Marange" is in their texts, or in the label of their topic "Zimbabwe and Marange".
    expected = {r["id"] for r in records
                if "marange" in text_of(project_root, r["id"]).lower() or "zimbabwe-marange" in r["topics"]}
    assert set(ids) == expected and expected
    assert "found" in status(page) and f"{len(expected)} statements" in status(page)
    first = page.locator("#kp-results li").first
    assert first.locator("mark").first.inner_text().lower().startswith("marange")
    href = first.locator("a").get_attribute("href")
    assert re.search(r"#p\d+$", href), href
    # Following the link lands on the paragraph that holds the word.
    first.locator("a").click()
    page.wait_for_url(re.compile(r"#p\d+$"))
    assert "Marange" in page.locator(".kp-text :target").inner_text()


def test_a_quoted_phrase_matches_word_for_word(page, records, project_root):
    ids = search(page, '/search/?q="Central African Republic"')
    expected = [r["id"] for r in records if "central african republic" in text_of(project_root, r["id"]).lower()]
    assert ids == expected == ["2021-06-28-virtual-intersessional-silencing"]
    link = page.locator("#kp-results li a").first
    assert re.search(r"#p\d+$", link.get_attribute("href"))
    marks = page.locator("#kp-results li").first.locator("mark").all_inner_texts()
    assert [m.strip(",.") for m in marks[:3]] == ["Central", "African", "Republic"]
    # The same words out of order are not the phrase.
    assert search(page, '/search/?q="Republic Zimbabwe"') == []
    assert search(page, "/search/?q=Republic Zimbabwe") != []


@pytest.mark.parametrize("words, sid", [
    ("Swakopmund", "2009-11-06-namibia-plenary-zimbabwe"),  # the city of its meeting, not in its text
    ('"United Arab Emirates"', "2011-10-04-idex-coalition-boycotts-plenary"),  # a country it names as "Dubai"
])
def test_words_in_metadata_find_their_statements(page, project_root, words, sid):
    assert words.strip('"').lower() not in text_of(project_root, sid).lower()
    assert sid in search(page, f"/search/?q={words}")


def test_no_match_says_so_and_offers_the_browse_pages(page):
    assert search(page, "/search/?q=xylophonequartz") == []
    assert status(page).startswith("No statements found")
    empty = page.locator("#kp-empty")
    assert empty.is_visible()
    for name in ("by meeting", "by country", "by topic", "on the timeline"):
        assert empty.get_by_role("link", name=name).is_visible()


# --- filters ------------------------------------------------------------------------------------------

FILTERS = [
    ("country", "ZW", lambda r: "ZW" in r["countries"]),
    ("meeting", "2011-intersessional-kinshasa", lambda r: r["meeting"]["id"] == "2011-intersessional-kinshasa"),
    ("topic", "central-african-republic", lambda r: "central-african-republic" in r["topics"]),
    ("year", "2011", lambda r: r["date"].startswith("2011")),
    ("type", "press-release", lambda r: r["type"] == "press-release"),
]


@pytest.mark.parametrize("key, value, keep", FILTERS, ids=[f[0] for f in FILTERS])
def test_each_filter_alone_with_no_words(page, records, key, value, keep):
    ids = search(page, f"/search/?{key}={value}")
    assert ids == newest_first(records, keep) and ids
    box = page.locator(f"fieldset[data-facet={key}] input[value='{value}']")
    assert box.is_checked()
    # Its own count is the number of statements found.
    label = page.locator(f"label[for='{box.get_attribute('id')}']").inner_text()
    assert label.endswith(f"({len(ids)})"), label


def test_organisation_filter_matches_the_organisation_page(page, built_site):
    # statements.json names issuers only; the organisation's own page lists all it took part in.
    listing = (built_site / "organisations" / "idex-online" / "index.html").read_text("utf-8")
    article = listing[listing.index('<article class="md-content__inner'):listing.index("</article>")]
    expected = list(dict.fromkeys(re.findall(r'href="\.\./\.\./statements/([^/"#]+)/"', article)))
    assert expected
    assert sorted(search(page, "/search/?organisation=idex-online")) == sorted(expected)


def test_country_zw_lists_the_three_zimbabwe_statements(page):
    assert search(page, "/search/?country=ZW") == ZW
    assert status(page).startswith("3 statements found")


def test_filters_combine_across_facets_and_alternate_within_one(page, records):
    assert search(page, "/search/?country=ZW&year=2011") == ZW[:2]
    assert search(page, "/search/?country=ZW&type=press-release") == ZW[2:]
    assert search(page, "/search/?year=2011&q=Marange") == [
        "2011-10-04-idex-coalition-boycotts-plenary", "2011-06-23-kinshasa-intersessional-no-confidence"]
    # Two values of one facet: either will do.
    either = search(page, "/search/?country=ZW&country=CF&sort=newest")
    assert either == newest_first(records, lambda r: {"ZW", "CF"} & set(r["countries"]))
    # Counts beside a chosen facet's other values say what choosing them too would add.
    label = page.locator("fieldset[data-facet=country] label", has_text="Central African Republic").inner_text()
    assert label.endswith("(1)")


def test_counts_follow_the_search(page):
    search(page, "/search/?country=ZW")
    year = page.locator("fieldset[data-facet=year]")
    assert year.locator("label", has_text="2011").inner_text().endswith("(2)")
    assert year.locator("label", has_text="2009").inner_text().endswith("(1)")
    assert year.locator("label", has_text="2021").inner_text().endswith("(0)")


# --- the URL ------------------------------------------------------------------------------------------

def test_url_round_trip(page):
    search(page, "/search/?country=ZW")
    page.locator("fieldset[data-facet=year] label", has_text="2011").click()
    wait_for_results(page)
    assert params(page) == {"country": ["ZW"], "year": ["2011"]}
    assert result_ids(page) == ZW[:2]
    page.reload()
    wait_for_results(page)
    assert result_ids(page) == ZW[:2]
    assert page.locator("fieldset[data-facet=year] input[value='2011']").is_checked()
    assert page.locator("fieldset[data-facet=country] input[value='ZW']").is_checked()
    # Words typed go into the URL too; Back returns to the search before.
    page.locator("#kp-q").fill("Marange")
    page.locator("#kp-q").press("Enter")
    page.wait_for_url(re.compile(r"q=Marange"))
    wait_for_results(page)
    assert params(page)["q"] == ["Marange"]
    page.go_back()
    page.wait_for_url(re.compile(r"^(?!.*q=)"))
    wait_for_results(page)
    assert page.locator("#kp-q").input_value() == ""
    assert result_ids(page) == ZW[:2]


def test_typing_keeps_the_url_in_step(page):
    search(page, "/search/")
    page.locator("#kp-q").press_sequentially("diamonds")
    page.wait_for_url(re.compile(r"q=diamonds"))
    wait_for_results(page)
    assert result_ids(page)


def test_header_box_on_every_page_leads_to_search(page):
    page.goto("/statements/")
    form = page.get_by_role("search")
    box = form.get_by_role("searchbox", name="Search the statements")
    box.fill("Kinshasa")
    box.press("Enter")
    page.wait_for_url(re.compile(r"/search/\?q=Kinshasa$"))
    wait_for_results(page)
    assert page.locator("#kp-q").input_value() == "Kinshasa"
    assert "2011-06-23-kinshasa-intersessional-no-confidence" in result_ids(page)


# --- sorting ------------------------------------------------------------------------------------------

def dates(page) -> list[str]:
    return page.locator("#kp-results time").evaluate_all("ts => ts.map(t => t.dateTime)")


def test_sort_by_date_both_ways(page):
    search(page, "/search/?q=Zimbabwe")
    assert page.locator("#kp-sort").input_value() == "relevance"
    page.locator("#kp-sort").select_option("oldest")
    wait_for_results(page)
    assert params(page)["sort"] == ["oldest"]
    assert dates(page) == sorted(dates(page)) and len(dates(page)) == 3
    page.locator("#kp-sort").select_option("newest")
    wait_for_results(page)
    assert dates(page) == sorted(dates(page), reverse=True)
    assert search(page, "/search/?country=ZW&sort=oldest") == ZW[::-1]
    assert "oldest first" in status(page)


# --- keyboard and screen readers ----------------------------------------------------------------------

def tab_to(page, selector: str, limit: int = 120) -> None:
    for _ in range(limit):
        if page.evaluate("s => document.activeElement && document.activeElement.matches(s)", selector):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {selector}")


def test_keyboard_alone(page):
    page.goto("/")
    tab_to(page, "#kp-header-q")
    page.keyboard.type("Zimbabwe")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/search/\?q=Zimbabwe"))
    wait_for_results(page)
    assert len(result_ids(page)) == 3
    tab_to(page, "fieldset[data-facet=year] input[value='2009']")
    page.keyboard.press("Space")
    wait_for_results(page)
    assert params(page) == {"q": ["Zimbabwe"], "year": ["2009"]}
    assert result_ids(page) == ZW[2:]
    tab_to(page, "#kp-sort")
    tab_to(page, "#kp-results a")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/statements/2009-11-06-namibia-plenary-zimbabwe/#p\d+$"))


def test_result_count_is_announced_in_a_live_region(page):
    search(page, "/search/?country=ZW")
    live = page.get_by_role("status")
    assert live.get_attribute("aria-live") == "polite"
    assert live.inner_text().startswith("3 statements found")
    page.locator("fieldset[data-facet=type] label", has_text="Press release").click()
    wait_for_results(page)
    assert live.inner_text().startswith("1 statement found")


def test_without_javascript_the_page_says_so(browser, site_url):
    context = browser.new_context(base_url=site_url, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto("/search/?country=ZW")
        notice = page.locator(".kp-noscript").first
        assert "needs JavaScript" in notice.inner_text()
        for name in ("by meeting", "by country", "by topic", "on the timeline"):
            assert notice.get_by_role("link", name=name).count() == 1
        assert not page.locator("#kp-search").is_visible()
    finally:
        context.close()


def test_search_page_loads_only_what_it_needs(page):
    search(page, "/search/?q=Marange")
    loaded = " ".join(page.requests_seen)
    assert "pagefind.js" in loaded and "wasm.en.pagefind" in loaded
    for unused in ("pagefind-ui", "pagefind-component-ui", "pagefind-worker", "search_index.json", "lunr"):
        assert unused not in loaded, unused
