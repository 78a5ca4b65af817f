"""Print: a statement prints as its title, metadata, text and citation, without the site's navigation.
Checked twice: with print media emulated (what is shown), and in a real PDF from Chromium (what lands on paper)."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from page_types import STATEMENT, goto

pytestmark = pytest.mark.browser

# The site's furniture, hidden in print.
HIDDEN_IN_PRINT = {
    "header": ".md-header",
    "tabs": ".md-tabs",
    "navigation sidebar": ".md-sidebar--primary",
    "table of contents": ".md-sidebar--secondary",
    "footer": ".md-footer",
    "search": ".md-search",
    "back-to-top button": ".md-top",
    "the statement's actions": ".kp-actions",
    "links to other pages": "#around-this-statement",
    "related statements": "#related-statements",
}
SHOWN_IN_PRINT = {"title": "h1", "dateline": ".kp-dateline", "metadata panel": ".kp-meta dl", "text": ".kp-text",
                  "paragraph numbers": ".kp-text .kp-pnum"}
# Words that only the furniture carries: none may reach the paper.
FURNITURE_WORDS = ["Skip to content", "How to use", "Around this statement", "Previous in time",
                   "Statements © their authors"]


def squeeze(text: str) -> str:
    """Text without whitespace: PDF extraction breaks lines (and so words) wherever the printer wrapped them."""
    return re.sub(r"\s+", "", text)


@pytest.fixture
def printed(page):
    goto(page, STATEMENT)
    page.emulate_media(media="print")
    return page


def test_print_shows_the_statement_and_hides_the_site(printed):
    for what, selector in SHOWN_IN_PRINT.items():
        assert printed.locator(selector).first.is_visible(), f"the {what} ({selector}) does not print"
    for what, selector in HIDDEN_IN_PRINT.items():
        located = printed.locator(selector)
        shown = [i for i in range(located.count()) if located.nth(i).is_visible()]
        assert not shown, f"the {what} ({selector}) prints"
    assert printed.locator(".kp-cite").first.is_visible(), "the cite box does not print"


def test_statement_pdf_has_title_metadata_every_paragraph_and_no_navigation(printed):
    pdf = printed.pdf(format="A4", print_background=False)
    assert pdf.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(pdf))
    text = "\n".join(p.extract_text() for p in reader.pages)
    paper = squeeze(text)

    title = printed.locator("h1").first.inner_text()
    assert paper.startswith(squeeze(title)), f"the PDF does not open with the title:\n{text[:300]}"
    for value in (printed.locator(".kp-sha").inner_text(), "6 November 2009", "Kimberley Process Plenary 2009"):
        assert squeeze(value) in paper, f"{value!r} is not in the PDF"

    # Every paragraph and list item of the statement, in order, each after its number.
    paragraphs = printed.locator(".kp-text > p, .kp-text li").evaluate_all(
        "els => els.map(e => { const c = e.cloneNode(true);"
        " c.querySelectorAll('.kp-pnum, .kp-para-actions').forEach(a => a.remove()); return c.textContent; })")
    assert len(paragraphs) > 5
    at = 0
    for n, paragraph in enumerate(paragraphs, start=1):
        found = paper.find(squeeze(paragraph), at)
        assert found >= 0, f"paragraph {n} is missing from the PDF, or out of order: {paragraph[:80]!r}"
        at = found + len(squeeze(paragraph))

    for words in FURNITURE_WORDS:
        assert squeeze(words) not in paper, f"{words!r} (navigation) is printed"
    assert "¶" not in text

    cite = printed.locator(".kp-cite")
    assert cite.count() == 1, "no cite box on the statement page"
    citation = cite.first.inner_text()
    assert squeeze(title)[:40] in squeeze(citation)
    assert squeeze(citation)[:60] in paper, "the citation is not in the PDF"
