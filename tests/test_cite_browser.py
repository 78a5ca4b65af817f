"""The copy buttons in a real Chromium: they copy what the block shows and announce it; ¶ still navigates."""

import pytest

pytestmark = pytest.mark.browser

PAGE = "/statements/2011-06-23-kinshasa-intersessional-no-confidence/"


def test_copy_buttons_copy_and_announce(page, site_url):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_url)
    page.goto(PAGE)
    button = page.get_by_role("button", name="Copy the BibTeX entry")
    button.click()
    status = page.locator(".kp-copy-status")
    status.wait_for(state="attached")
    page.wait_for_function("() => document.querySelector('.kp-copy-status').textContent.length > 0")
    assert status.text_content() == "Copied the BibTeX entry."
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == page.locator("pre[data-copy-label='BibTeX entry']").text_content()
    assert copied.startswith("@misc{2011-06-23-kinshasa-intersessional-no-confidence,")

    page.get_by_role("button", name="Copy the address of paragraph 3").click()
    page.wait_for_function("() => document.querySelector('.kp-copy-status').textContent.includes('paragraph 3')")
    assert page.evaluate("navigator.clipboard.readText()") == (
        "https://statements.kpcivilsociety.org" + PAGE + "#p3")


def test_pilcrow_still_navigates(page):
    page.goto(PAGE)
    page.locator("#p2 a.kp-pilcrow").click()
    assert page.url.endswith("#p2")


def test_references_readable_without_javascript(browser, site_url):
    context = browser.new_context(base_url=site_url, java_script_enabled=False)
    try:
        p = context.new_page()
        p.goto(PAGE)
        assert p.locator(".kp-cite-text").first.is_visible()
        assert p.get_by_role("button", name="Copy the BibTeX entry").count() == 0
    finally:
        context.close()
