"""Small screens: on a 375 px phone the parts a reader uses (navigation drawer, metadata panel, cite box, search
filters, timeline) are on screen and usable. That no page type scrolls sideways there is checked in its audit
(tests/test_page_audit.py)."""

from __future__ import annotations

import pytest

from audit import PHONE, assert_no_sideways_scroll
from browser_support import open_page
from page_types import STATEMENT, goto, open_all_details, path_of, present

pytestmark = pytest.mark.browser

def assert_within_viewport(locator, what: str) -> None:
    assert locator.is_visible(), f"{what} is not visible"
    box = locator.bounding_box()
    assert box is not None and box["width"] > 0, f"{what} has no size"
    assert box["x"] >= -0.5 and box["x"] + box["width"] <= PHONE["width"] + 0.5, f"{what} runs off the screen: {box}"


@pytest.fixture
def phone(browser, site_url):
    with open_page(browser, site_url, viewport=PHONE) as page:
        yield page


def test_metadata_panel_is_readable(phone):
    goto(phone, STATEMENT)
    phone.locator(".kp-meta summary").click()
    panel = phone.locator(".kp-meta")
    assert_within_viewport(panel, "the metadata panel")
    terms, values = panel.locator("dt"), panel.locator("dd")
    assert terms.count() >= 6 and terms.count() == values.count()
    for i in range(terms.count()):
        term = terms.nth(i).inner_text().strip()
        assert term, f"term {i} is empty"
        assert_within_viewport(terms.nth(i), f"metadata term {term!r}")
        assert_within_viewport(values.nth(i), f"the value of {term!r}")
        assert values.nth(i).inner_text().strip(), f"the value of {term!r} is empty"
    # On a phone the panel folds to one column: each value sits under its term, not beside it.
    first_term, first_value = terms.nth(0).bounding_box(), values.nth(0).bounding_box()
    assert first_value["y"] >= first_term["y"] + first_term["height"] - 1
    sha = panel.locator(".kp-sha")
    assert_within_viewport(sha, "the SHA-256 checksum")


def test_navigation_drawer_opens_and_leads_to_the_sections(phone):
    goto(phone, STATEMENT)
    link = phone.locator(".md-sidebar--primary .md-nav__link", has_text="Timeline").first
    closed = link.bounding_box()
    assert closed is None or closed["x"] + closed["width"] <= 0, "the drawer should start closed, off-screen"
    phone.locator("label.md-header__button[for='__drawer']").click()
    phone.wait_for_timeout(400)  # the drawer slides in
    assert_within_viewport(link, "the drawer's Timeline link")
    link.click()
    phone.wait_for_load_state("load")
    assert phone.url.rstrip("/").endswith("/timeline")
    assert_no_sideways_scroll(phone, "/timeline/ reached from the drawer")


def test_the_timeline_shows_every_year_on_a_phone_however_many_there_are(phone):
    """A row a year: with four times as many years it grows downwards; every year's label, bar and count
    stay on the screen, aligned in their columns."""
    goto(phone, "/timeline/")
    phone.evaluate("""() => { const ol = document.querySelector('.kp-timeline ol'); const items = [...ol.children];
        for (let i = 0; i < 3; i++) items.forEach(li => ol.appendChild(li.cloneNode(true))); }""")
    assert_no_sideways_scroll(phone, "/timeline/ with four times as many years")
    labels = phone.locator(".kp-timeline__label")
    lefts = set()
    for i in range(labels.count()):
        assert_within_viewport(labels.nth(i), f"year label {i}")
        lefts.add(round(labels.nth(i).bounding_box()["x"]))
        assert labels.nth(i).evaluate("e => e.scrollWidth <= e.clientWidth"), "a year's label is cut"
    assert len(lefts) == 1, f"the years' labels are not aligned: {sorted(lefts)}"


def test_cite_box_fits_and_can_be_read(phone, built_site):
    goto(phone, STATEMENT)
    assert phone.locator(".kp-cite").count() == 1, "no cite box on the statement page"
    open_all_details(phone)
    cite = phone.locator(".kp-cite").first
    cite.scroll_into_view_if_needed()
    assert_within_viewport(cite, "the cite box")
    assert "Zimbabwe" in cite.inner_text(), "the cite box does not show the statement's citation"
    assert_no_sideways_scroll(phone, f"{STATEMENT} with the cite box open")


def test_search_filters_fit_and_work(phone, built_site):
    path = path_of("search", built_site)
    goto(phone, path)
    open_all_details(phone)
    controls = phone.locator(".md-content input, .md-content select, .md-content button")
    visible = [controls.nth(i) for i in range(controls.count()) if controls.nth(i).is_visible()]
    assert visible, "the search page shows no form control on a phone"
    for i, control in enumerate(visible):
        assert_within_viewport(control, f"search control {i} ({control.evaluate('e => e.outerHTML')[:80]})")
    assert_no_sideways_scroll(phone, path)
    assert present(built_site, path)
