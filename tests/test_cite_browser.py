"""The copy buttons in a real Chromium: they copy what the block shows and announce it beside the button; a
paragraph's number leads to its address and opens its actions (as its "Cite" button does: tests/test_reading.py),
which copy its pinpoint citation, its quotation and its address."""

import pytest

pytestmark = pytest.mark.browser

PAGE = "/statements/2011-06-23-kinshasa-intersessional-no-confidence/"


def test_copy_buttons_copy_and_announce(page, site_url):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_url)
    page.goto(PAGE)
    button = page.get_by_role("button", name="Copy the BibTeX entry")
    button.click()
    status = button.locator("xpath=following-sibling::*[@role='status'][1]")  # beside the button pressed
    status.wait_for(state="attached")
    page.wait_for_function("s => s.textContent.length > 0", arg=status.element_handle())
    assert status.text_content() == "Copied the BibTeX entry."
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == page.locator("pre[data-copy-label='BibTeX entry']").text_content()
    assert copied.startswith("@techreport{2011-06-23-kinshasa-intersessional-no-confidence,")

    page.get_by_role("button", name="Cite paragraph 3").click()
    page.get_by_role("button", name="Copy the address of paragraph 3").click()
    page.wait_for_function("() => document.querySelector('#p3 [role=status]').textContent.includes('paragraph 3')")
    assert page.evaluate("navigator.clipboard.readText()") == (
        "https://statements.kpcivilsociety.org" + PAGE + "#p3")


def test_a_paragraph_number_leads_to_its_address_and_its_pinpoint_citation(page, site_url):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_url)
    page.goto(PAGE)
    assert page.locator(".kp-para-actions").count() == 0  # nothing interrupts the reading line
    page.locator("#p11 a.kp-pnum").click()
    assert page.url.endswith("#p11")
    actions = page.locator("#p11 .kp-para-actions")
    assert actions.count() == 1
    url = "https://statements.kpcivilsociety.org" + PAGE
    actions.get_by_role("button", name="Copy the APA citation of paragraph 11").click()
    page.wait_for_function("() => document.querySelector('#p11 [role=status]').textContent.includes('paragraph 11')")
    copied = page.evaluate("navigator.clipboard.readText()")
    in_text, reference = copied.split("\n\n")
    assert in_text.startswith("(") and in_text.endswith(", para. 11)")
    assert reference.endswith(url + "#p11")
    actions.get_by_role("button", name="Copy paragraph 11 quoted, with its Chicago citation").click()
    page.wait_for_function("() => document.querySelector('#p11 [role=status]').textContent.includes('quotation')")
    quoted = page.evaluate("navigator.clipboard.readText()").split("\n\n")[0]
    text = " ".join(page.locator("#p11").evaluate(
        "e => { const c = e.cloneNode(true); c.querySelectorAll('.kp-para-actions').forEach(a => a.remove());"
        " return c.textContent; }").split())
    assert quoted.startswith("“" + text[:40]) and quoted.endswith(", para. 11).")  # run in: under 100 words
    page.locator("#p2 a.kp-pnum").click()
    assert page.locator(".kp-para-actions").count() == 1 and page.locator("#p2 .kp-para-actions").count() == 1


def test_references_readable_without_javascript(browser, site_url):
    context = browser.new_context(base_url=site_url, java_script_enabled=False)
    try:
        p = context.new_page()
        p.goto(PAGE)
        assert p.locator(".kp-cite-text").first.is_visible()
        assert p.get_by_role("button", name="Copy the BibTeX entry").count() == 0
    finally:
        context.close()
