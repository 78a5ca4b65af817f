"""Reading on a phone first: a statement's title, dateline and the start of its text on the first screen, its
facts folded and its actions near the top; the header's name legible at 320 px; tables of statements and
meetings that show every column on a phone; the header's search form useful without JavaScript."""

from __future__ import annotations

import re

import pytest
import yaml

from browser_support import open_page
from page_types import STATEMENT, goto
from projects import REAL_IDS, STATEMENTS

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 667}
DESKTOP = {"width": 1280, "height": 800}


@pytest.fixture
def phone(browser, site_url):
    with open_page(browser, site_url, viewport=PHONE) as page:
        yield page


@pytest.fixture
def desktop(browser, site_url):
    with open_page(browser, site_url, viewport=DESKTOP) as page:
        yield page


def top(locator) -> float:
    box = locator.bounding_box()
    assert box is not None, f"{locator} is not shown"
    return box["y"]


@pytest.mark.parametrize("sid", REAL_IDS)
def test_the_text_starts_on_the_first_screen_of_a_phone(phone, sid):
    goto(phone, f"/statements/{sid}/")
    for what, selector in {"title": "h1", "dateline": ".kp-dateline", "actions": ".kp-actions",
                           "first paragraph": ".kp-text #p1"}.items():
        assert top(phone.locator(selector).first) < PHONE["height"], f"the {what} is below the first screen"
    dateline = phone.locator(".kp-dateline")
    meeting = yaml.safe_load((STATEMENTS / f"{sid}.yml").read_text("utf-8")).get("meeting")
    assert dateline.locator("time").count() == 1
    assert dateline.locator("a[href*='meetings/']").count() == (1 if meeting else 0)  # none between meetings
    assert phone.locator("details.kp-meta").evaluate("e => e.open") is False, "the facts should fold on a phone"


def test_the_facts_fold_on_every_screen_and_open_with_a_tap_without_javascript_too(desktop, browser, site_url):
    """Open on a wide screen they put paragraph 1 below its first screen (tests/test_reading.py)."""
    goto(desktop, STATEMENT)
    assert desktop.locator("details.kp-meta").evaluate("e => e.open") is False
    context = browser.new_context(base_url=site_url, java_script_enabled=False, viewport=DESKTOP)
    try:
        page = context.new_page()
        page.goto(STATEMENT)
        assert not page.locator(".kp-meta dt").first.is_visible()
        page.locator("details.kp-meta > summary").click()
        assert page.locator(".kp-meta dt").first.is_visible(), "without JavaScript a tap opens the facts"
    finally:
        context.close()


def test_the_cite_action_leads_to_the_cite_box(phone):
    goto(phone, STATEMENT)
    phone.locator(".kp-actions").get_by_role("link", name="Cite").click()
    assert phone.url.endswith("#cite-this-statement")
    heading = phone.locator("#cite-this-statement")
    assert 0 <= top(heading) < PHONE["height"]
    original = phone.locator(".kp-actions a[download]")
    assert original.get_attribute("href").endswith(".txt")
    assert phone.locator(".kp-actions .kp-share").is_visible()


def test_the_header_shows_the_archives_name_whole_at_320_px(browser, site_url):
    with open_page(browser, site_url, viewport={"width": 320, "height": 640}) as page:
        goto(page, "/")
        name = page.locator(".md-header__topic").first.locator(".md-ellipsis")
        assert name.inner_text().strip() == "KP Civil Society Coalition statements"
        assert name.evaluate("e => e.scrollWidth <= e.clientWidth && e.scrollHeight <= e.clientHeight + 1"), \
            "the archive's name is cut in the header"
        box = name.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 320


def test_a_long_text_reads_at_a_comfortable_line_length_in_the_texts_own_colour(desktop):
    goto(desktop, STATEMENT)
    title = desktop.locator(".md-content h1")
    colours = title.evaluate("e => [getComputedStyle(e).color, getComputedStyle(document.querySelector("
                             "'.kp-text p')).color, getComputedStyle(e).fontWeight]")
    assert colours[0] == colours[1] and int(colours[2]) >= 700, colours
    # Characters a line, in the longest paragraph: its length over the lines it takes.
    per_line = desktop.evaluate("""() => { const ps = [...document.querySelectorAll('.kp-text > p')];
        const p = ps.sort((a, b) => b.textContent.length - a.textContent.length)[0];
        const lines = Math.round(p.getBoundingClientRect().height / parseFloat(getComputedStyle(p).lineHeight));
        return p.textContent.length / lines; }""")
    assert 55 <= per_line <= 85, f"{per_line:.0f} characters a line"


def test_paragraph_numbers_stand_in_the_margin(phone):
    goto(phone, STATEMENT)
    number, paragraph = phone.locator("#p3 .kp-pnum"), phone.locator("#p3")
    assert number.is_visible() and number.evaluate("e => getComputedStyle(e, '::before').content") == '"3"'
    assert number.bounding_box()["x"] + number.bounding_box()["width"] <= paragraph.bounding_box()["x"] + 1
    assert number.bounding_box()["x"] >= 0


def test_no_back_to_top_button_covers_the_text(phone):
    goto(phone, STATEMENT)
    phone.mouse.wheel(0, 3000)
    phone.wait_for_timeout(300)
    assert phone.locator(".md-top:visible").count() == 0


def test_the_header_search_without_javascript_leads_to_the_ways_that_work(browser, site_url):
    """The search page, which says the words could not be searched and links the table of every statement
    (tests/test_reading.py checks the rest, in both trees and at both widths)."""
    context = browser.new_context(base_url=site_url, java_script_enabled=False, viewport=PHONE)
    try:
        page = context.new_page()
        page.goto("/meetings/")
        page.locator(".kp-header-search__button").click()
        page.wait_for_load_state("load")
        assert re.search(r"/search/(\?q=)?$", page.url), page.url
        page.locator("#kp-noscript a[href*='statements']").click()
        rows = page.locator("table.kp-statements tbody tr")
        assert rows.count() >= 1 and rows.first.locator("a[href*='statements/']").count() == 1
    finally:
        context.close()


def test_the_header_search_with_javascript_leads_to_the_search_page(desktop):
    goto(desktop, "/meetings/")
    desktop.locator("#kp-header-q").fill("Marange")
    desktop.locator("#kp-header-q").press("Enter")
    desktop.wait_for_load_state("load")
    assert "/search/?q=Marange" in desktop.url


def test_the_table_of_statements_sorts_and_filters(desktop):
    goto(desktop, "/statements/?q=Zimbabwe")
    rows = desktop.locator("table.kp-statements tbody tr")
    shown = [i for i in range(rows.count()) if rows.nth(i).is_visible()]
    assert shown and all("zimbabwe" in rows.nth(i).inner_text().lower() for i in shown)
    desktop.locator("#kp-filter-0").fill("")
    desktop.get_by_role("button", name="Date").click()
    dates = desktop.locator("table.kp-statements tbody td[data-label=Date]").evaluate_all(
        "cells => cells.map(c => c.dataset.sort)")
    assert dates == sorted(dates)
    desktop.get_by_role("button", name="Date").click()
    dates = desktop.locator("table.kp-statements tbody td[data-label=Date]").evaluate_all(
        "cells => cells.map(c => c.dataset.sort)")
    assert dates == sorted(dates, reverse=True)


def test_the_meetings_table_shows_every_column_on_a_phone(phone):
    goto(phone, "/meetings/")
    rows = phone.locator(".md-content tbody tr")
    assert rows.count() >= 1
    for i in range(rows.count()):
        for column in ("Dates", "Place", "Chair", "Statements"):
            cell = rows.nth(i).locator(f"td[data-label={column}]")
            box = cell.bounding_box()
            assert box is not None and 0 <= box["x"] and box["x"] + box["width"] <= PHONE["width"] + 0.5, column
        dates = rows.nth(i).locator("td[data-label=Dates]").inner_text()
        assert re.search(r"\d", dates)


def test_the_timeline_fits_a_wide_screen(desktop):
    goto(desktop, "/timeline/")
    labels = desktop.locator(".kp-timeline__label")
    for i in range(labels.count()):
        assert labels.nth(i).evaluate("e => e.scrollWidth <= e.clientWidth"), labels.nth(i).inner_text()
        assert re.fullmatch(r"\d{4}", labels.nth(i).inner_text())
