"""What a reader meets first, in Chromium, in both trees, on a phone (375 by 812) and a desktop (1280 by 800):

- without JavaScript, the header's search lands on a page saying the words could not be searched, and offering
  the ways that work (the table of every statement, by meeting, country, topic, year);
- a statement's first paragraph on the first screen; a phone's home page opening on a search box and the latest
  statements; the header's button on a phone unfolding its box, focused, and the search page's box focused;
- citing a paragraph: a labelled "Cite" button a paragraph shows when pointed at, focused, or always on a touch
  screen, 24 px by 24 px at least, which opens a line on what "Cite" and "Quote" give, the buttons, and the
  confirmation beside them; what is copied is what the style writes (italics as HTML, a run-in quotation's
  full stop after its citation, a long one as a block); the text copied without numbers or buttons;
- the search page's filters above the results on a phone, no value that would find nothing, a statement's
  summary for a search by filters alone or by words found only in its facts (never the facts' field names);
  country pages quoting sentences as text, the country marked, the paragraph's number the link, every
  quotation mark closed;
- the skip link first, leading to a statement's first paragraph, then the header, then the text's controls in
  reading order.

Over the real `make site` of statements/ (served by kparchive.serve): what is asserted holds for any corpus.
Target sizes on every page type are checked in each page type's audit (tests/test_page_audit.py).
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup

from browser_support import open_page
from page_types import goto
from projects import KINSHASA_2011, NAMIBIA_2009, REAL_IDS
from site_pages import Site

pytestmark = pytest.mark.browser

WIDTHS = {"phone": {"width": 375, "height": 812}, "desktop": {"width": 1280, "height": 800}}
TREES = {"en": "", "fr": "/fr"}


def box(locator) -> dict:
    found = locator.bounding_box()
    assert found is not None, f"{locator} is not shown"
    return found


def on_first_screen(locator, height: int) -> bool:
    b = box(locator)
    return b["y"] >= 0 and b["y"] + min(b["height"], 24) <= height


@pytest.fixture(scope="module")
def site(built_site) -> Site:
    return Site(built_site)


# --- 4. no dead end without JavaScript -------------------------------------------------------------------------

NO_SCRIPT_SAYS = {"en": "Your words could not be searched: search needs JavaScript",
                  "fr": "Vos mots n’ont pas pu être cherchés\u00a0: la recherche a besoin de JavaScript"}


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("tree", TREES)
def test_without_javascript_the_header_search_says_so_and_offers_what_works(browser, site_url, tree, width):
    """The header's box (a phone's folded into its button) lands on the search page, which says plainly that the
    words could not be searched, on its first screen, and links every way in that works without JavaScript
    (it led to the table of every statement, the words ignored, or to a page with no box)."""
    viewport = WIDTHS[width]
    context = browser.new_context(base_url=site_url, java_script_enabled=False, viewport=viewport)
    try:
        page = context.new_page()
        page.goto(f"{TREES[tree]}/meetings/")
        query = page.locator("#kp-header-q")
        if query.is_visible():
            query.fill("Marange")
            query.press("Enter")
        else:
            assert width == "phone"
            page.locator(".kp-header-search__button").click()
        page.wait_for_load_state("load")
        assert urlsplit(page.url).path == f"{TREES[tree]}/search/", page.url
        note = page.locator("#kp-noscript")
        assert NO_SCRIPT_SAYS[tree] in note.inner_text()
        assert on_first_screen(note.locator("strong"), viewport["height"]), "the note is below the first screen"
        links = note.locator("a")
        targets = set()
        for i in range(links.count()):
            assert links.nth(i).is_visible()
            href = links.nth(i).get_attribute("href")
            targets.add(urlsplit(href).path.strip("./").removeprefix("fr/").rstrip("/"))
        assert targets == {"statements", "meetings", "countries", "topics", "timeline"}, targets
        for i in range(links.count()):
            response = context.request.get(links.nth(i).evaluate("a => a.href"))
            assert response.status == 200
        assert not page.locator("#kp-search").is_visible()  # a box that cannot search is not offered
    finally:
        context.close()


# --- 5. text first ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("tree", TREES)
def test_the_first_paragraph_of_every_statement_is_on_the_first_screen(browser, site_url, tree, width):
    """The panel of facts is folded on every screen: at 1280 by 800 it put paragraph 1 at 1,063 px."""
    viewport = WIDTHS[width]
    with open_page(browser, site_url, viewport=viewport) as page:
        for sid in REAL_IDS:
            goto(page, f"{TREES[tree]}/statements/{sid}/")
            assert on_first_screen(page.locator(".kp-text #p1"), viewport["height"]), \
                f"{sid}: paragraph 1 at {box(page.locator('#p1'))['y']:.0f} px"
            assert page.locator("details.kp-meta").evaluate("e => e.open") is False
            page.locator("details.kp-meta > summary").click()  # a tap opens the facts
            assert page.locator(".kp-meta dt").first.is_visible()


@pytest.mark.parametrize("tree", TREES)
def test_a_phones_home_page_opens_on_a_search_box_and_the_latest_statements(browser, site_url, tree):
    """Its first link was at 779 px of 812, the latest statements at 1,222, and it had no search box."""
    viewport = WIDTHS["phone"]
    with open_page(browser, site_url, viewport=viewport) as page:
        goto(page, f"{TREES[tree]}/")
        query = page.locator(".md-content input[type=search]")
        assert query.is_visible() and on_first_screen(query, viewport["height"])
        assert page.locator(".md-content label[for=kp-home-q]").is_visible()
        latest = page.locator("#latest-statements")
        assert on_first_screen(latest, viewport["height"])
        first = latest.locator("xpath=following-sibling::ul[1]/li[1]/a[1]")
        assert on_first_screen(first, viewport["height"])
        assert box(page.locator(".md-content a").first)["y"] < viewport["height"] / 2
        query.fill("Marange")
        query.press("Enter")
        page.wait_for_url(re.compile(r"/search/\?q=Marange$"))
        page.wait_for_function("() => document.getElementById('kp-results').dataset.search === location.search")
        assert page.locator("#kp-results li").count() >= 1


@pytest.mark.parametrize("tree", TREES)
def test_the_magnifier_on_a_phone_unfolds_the_box_focused(browser, site_url, tree):
    """A phone's header has no room for the box: its button unfolds it, focused (it led to the search page,
    its box not focused); and the search page, with nothing searched, has its own box focused."""
    with open_page(browser, site_url, viewport=WIDTHS["phone"]) as page:
        goto(page, f"{TREES[tree]}/statements/{KINSHASA_2011}/")
        query = page.locator("#kp-header-q")
        assert not query.is_visible()
        page.locator(".kp-header-search__button").click()
        assert query.is_visible() and query.evaluate("e => e === document.activeElement")
        assert box(query)["width"] >= 150 and urlsplit(page.url).path.endswith(f"/{KINSHASA_2011}/")
        page.keyboard.type("Marange")
        page.keyboard.press("Enter")
        page.wait_for_url(re.compile(r"/search/\?q=Marange$"))
        goto(page, f"{TREES[tree]}/search/")
        page.wait_for_function("() => document.activeElement && document.activeElement.id === 'kp-q'")


# --- 6. citing a paragraph -----------------------------------------------------------------------------------

CITE = {"en": ("Cite", "Cite paragraph {n}", "Copied the APA citation of paragraph {n}"),
        "fr": ("Citer", "Citer le paragraphe {n}", "citation APA du paragraphe {n}")}


HELP_WORDS = {"en": ("Cite", "Quote"), "fr": ("Citer", "Extrait")}  # the words of the buttons it explains


def cite_button(page, n: int):
    return page.locator(f".kp-text #p{n} > .kp-para-cite")


def opacity(locator) -> float:
    return float(locator.evaluate("e => getComputedStyle(e).opacity"))


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("tree", TREES)
def test_citing_a_paragraph_is_a_labelled_button_away(browser, site_url, tree, width):
    """Pointed at, focused, or on a touch screen always: a "Cite" button of 24 by 24 px at least, named for its
    paragraph; it opens a line on what "Cite" and "Quote" give and the buttons; the copy is confirmed beside
    the button pressed, on screen. Two presses, both on visible labelled buttons (the only way in was an 11.9
    px grey number, with a 31 by 12 px target; "Copied" appeared 2,250 px below the screen)."""
    visible, name, copied = CITE[tree]
    viewport, touch = WIDTHS[width], width == "phone"
    context = browser.new_context(base_url=site_url, viewport=viewport, has_touch=touch, is_mobile=touch)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_url)
    try:
        page = context.new_page()
        goto(page, f"{TREES[tree]}/statements/{KINSHASA_2011}/")
        units = page.locator(".kp-text [id^=p]")
        assert page.locator(".kp-text .kp-para-cite").count() == units.count()
        button = cite_button(page, 3)
        assert button.get_attribute("aria-label") == name.format(n=3)
        assert button.evaluate("e => getComputedStyle(e, '::after').content") == f'"{visible}"'
        if touch:  # nothing to point with: every paragraph shows its button
            assert all(opacity(cite_button(page, n)) == 1 for n in (1, 2, 3))
        else:
            assert opacity(button) == 0  # the reading line is left alone
            page.locator(".kp-text #p3").hover()
            page.wait_for_timeout(100)
            assert opacity(button) == 1
            page.mouse.move(0, 0)
            page.locator(".kp-text #p2 .kp-pnum").focus()
            page.keyboard.press("Tab")
            page.keyboard.press("Tab")  # past paragraph 2's button, onto paragraph 3's number, then its button
            page.keyboard.press("Tab")
            assert button.evaluate("e => e === document.activeElement") and opacity(button) == 1
        b = box(button)
        assert b["width"] >= 24 and b["height"] >= 24, b
        button.click()  # 1
        actions = page.locator("#p3 .kp-para-actions")
        assert button.get_attribute("aria-expanded") == "true"
        help_line = actions.locator(".kp-para-help")
        assert help_line.is_visible()
        assert set(HELP_WORDS[tree]) <= set(re.findall(r"\w+", help_line.inner_text())), help_line.inner_text()
        first = actions.locator("button.kp-copy").first
        first.scroll_into_view_if_needed()
        first.click()  # 2
        status = actions.locator("[role=status]")
        page.wait_for_function("s => s.textContent.trim() !== ''", arg=status.element_handle())
        assert copied.format(n=3) in status.inner_text()
        said, pressed = box(status), box(first)
        assert 0 <= said["y"] and said["y"] + said["height"] <= viewport["height"], "the confirmation is off screen"
        assert said["y"] - (pressed["y"] + pressed["height"]) < 120, "the confirmation is far from the button"
        assert page.evaluate("navigator.clipboard.readText()").startswith("(")
        page.keyboard.press("Escape")
        assert actions.count() == 0 and button.evaluate("e => e === document.activeElement")
    finally:
        context.close()


def clipboard(page) -> dict[str, str]:
    return page.evaluate("""async () => { const out = {}; for (const item of await navigator.clipboard.read())
        for (const type of item.types) out[type] = await (await item.getType(type)).text(); return out; }""")


def press(page, n: int, name: str) -> dict[str, str]:
    actions = page.locator(f"#p{n} .kp-para-actions")
    if not actions.count():
        cite_button(page, n).click()
    actions.get_by_role("button", name=name, exact=True).click()
    page.wait_for_function(f"() => (document.querySelector('#p{n} [role=status]') || {{}}).textContent")
    copied = clipboard(page)
    page.locator(f"#p{n} [role=status]").evaluate("s => { s.textContent = ''; }")
    return copied


def test_what_is_pasted_is_what_the_chosen_style_writes(browser, site_url, site):
    """The reference keeps its italics where it is pasted (HTML beside the plain text); a short quotation runs in,
    in quotation marks, its full stop after the citation; one of 40 words or more is a block in APA (no
    quotation marks, the citation after its last full stop), and runs in up to 100 words in Chicago."""
    with open_page(browser, site_url) as page:
        page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_url)
        goto(page, f"/statements/{KINSHASA_2011}/")
        texts = page.locator(".kp-text > p").evaluate_all(
            "ps => ps.map(p => [p.id, p.textContent.replace(/\\s+/g, ' ').trim()])")
        short = next((pid, t) for pid, t in texts if t.endswith(".") and 8 <= len(t.split()) < 40 and '"' not in t)
        long = next((pid, t) for pid, t in texts if 40 <= len(t.split()) < 100 and t.endswith("."))
        n = int(short[0][1:])
        apa = "https://statements.kpcivilsociety.org/statements/" + KINSHASA_2011 + f"/#p{n}"

        copied = press(page, n, f"Copy the APA citation of paragraph {n}")
        in_text, reference = copied["text/plain"].split("\n\n")
        assert re.fullmatch(rf"\(Kimberley Process Civil Society Coalition, 2011, para\. {n}\)", in_text), in_text
        assert reference.endswith(apa)
        title = page.locator("h1").inner_text()
        assert f"<i>{title}</i>" in copied["text/html"], copied["text/html"]  # APA's title in italics

        quoted = press(page, n, f"Copy paragraph {n} quoted, with its APA citation")["text/plain"].split("\n\n")[0]
        assert quoted == f"“{short[1][:-1]}” {in_text}.", quoted

        m = int(long[0][1:])
        block = press(page, m, f"Copy paragraph {m} quoted, with its APA citation")
        assert block["text/plain"].split("\n\n")[0] == f"{long[1]} (Kimberley Process Civil Society Coalition, " \
                                                      f"2011, para. {m})"
        assert "<blockquote" in block["text/html"]
        run_in = press(page, m, f"Copy paragraph {m} quoted, with its Chicago citation")["text/plain"]
        assert run_in.split("\n\n")[0] == f"“{long[1][:-1]}” (Kimberley Process Civil Society Coalition 2011, " \
                                          f"para. {m}).".replace('"', "‘")


@pytest.mark.parametrize("tree", TREES)
def test_the_text_copies_without_numbers_or_buttons_and_keeps_its_addresses(browser, site_url, tree):
    """The citation promise: paragraphs numbered p1… in order, each number its address; a selection of the text
    holds the text alone (no number, no "Cite")."""
    with open_page(browser, site_url, viewport=WIDTHS["phone"]) as page:
        goto(page, f"{TREES[tree]}/statements/{NAMIBIA_2009}/")
        ids = page.locator(".kp-text [id^=p]").evaluate_all("us => us.map(u => u.id)")
        assert ids == [f"p{i}" for i in range(1, len(ids) + 1)]
        assert page.locator(".kp-text #p3 a.kp-pnum").get_attribute("href") == "#p3"
        selected = page.evaluate("""() => { const r = document.createRange();
            r.setStartBefore(document.getElementById('p1')); r.setEndAfter(document.getElementById('p4'));
            const s = getSelection(); s.removeAllRanges(); s.addRange(r); return s.toString(); }""")
        words = page.locator(".kp-text #p4").evaluate("e => e.childNodes[e.childNodes.length - 2].textContent")
        assert words.strip()[-20:] in selected
        assert not re.search(r"\bCit(e|er)\b", selected) and not re.search(r"^\s*\d+\s*$", selected, re.M), selected


# --- 7. search results and country pages -----------------------------------------------------------------------

def wait_for_search(page) -> None:
    page.wait_for_function("() => document.getElementById('kp-results').dataset.search === location.search"
                           " && document.getElementById('kp-search').dataset.counts === location.search")


def summaries(built_site, tree: str) -> dict[str, str]:
    """Each statement's summary, as its page describes it (<meta name=description>)."""
    out = {}
    for sid in REAL_IDS:
        html = (built_site / tree.strip("/") / "statements" / sid / "index.html").read_text("utf-8")
        out[sid] = BeautifulSoup(html, "html.parser").find("meta", attrs={"name": "description"})["content"]
    return out


@pytest.mark.parametrize("tree", TREES)
def test_on_a_phone_the_filters_are_above_the_results_and_offer_no_value_that_finds_nothing(browser, site_url, tree):
    """The filters sat below every result, and listed values with "(0)"."""
    viewport = WIDTHS["phone"]
    with open_page(browser, site_url, viewport=viewport) as page:
        goto(page, f"{TREES[tree]}/search/?country=ZW")
        wait_for_search(page)
        summary = page.locator("#kp-filters > summary")
        first = page.locator("#kp-results li").first
        assert box(summary)["y"] < box(first)["y"] and on_first_screen(summary, viewport["height"])
        summary.click()
        shown = page.locator(".kp-facet__option:visible")
        assert shown.count() >= 3
        for label in shown.locator("label").all_inner_texts():
            assert re.search(r"\((\d+)\)$", label) and not label.endswith("(0)"), label
        assert page.locator(".kp-facet__option:not(:visible) input:checked").count() == 0


@pytest.mark.parametrize("tree", TREES)
def test_a_search_by_filters_alone_shows_each_statements_summary(page, built_site, tree):
    """It showed each text's opening words ("Apologies for cross-posting…")."""
    goto(page, f"{TREES[tree]}/search/?country=ZW")
    wait_for_search(page)
    expected = summaries(built_site, TREES[tree])
    results = page.locator("#kp-results li")
    assert results.count() >= 1
    for i in range(results.count()):
        sid = re.search(r"/statements/([^/#]+)/", results.nth(i).locator("a").first.get_attribute("href")).group(1)
        assert results.nth(i).locator(".kp-result__excerpt").inner_text() == expected[sid]


FIELD_NAMES = re.compile(r"\b(Date|Écrite par|Publiée par|Pays|Cité en passant|Thèmes|Type de document|Langue|"
                         r"Original|SHA-256|Personnes|Réunion)\b")


def test_words_found_only_in_a_french_pages_facts_show_the_summary_not_the_field_names(page, built_site):
    """"plénière" is in no text: a French page's facts hold it (its meeting's type); the result showed the facts
    ("… Date 6 novembre 2009 Écrite par …"), now the statement's summary."""
    goto(page, "/fr/search/?q=plénière")
    wait_for_search(page)
    expected = summaries(built_site, "/fr")
    results = page.locator("#kp-results li")
    assert results.count() >= 1
    for i in range(results.count()):
        excerpt = results.nth(i).locator(".kp-result__excerpt").inner_text()
        sid = re.search(r"/statements/([^/#]+)/", results.nth(i).locator("a").first.get_attribute("href")).group(1)
        assert excerpt == expected[sid] and not FIELD_NAMES.search(excerpt.removeprefix(expected[sid])), excerpt


def test_every_country_page_quotes_its_sentences_as_text_the_country_marked_every_quotation_closed(site):
    """They were walls of underlined sentences, each a whole link, a sentence cut from a quotation leaving its
    mark open."""
    checked = 0
    for path in site.pages():
        if not re.fullmatch(r"(/fr)?/countries/[a-z]{2}/(page/\d+/)?", path):
            continue
        for quote in site.soup(path).select("blockquote.kp-mention"):
            sentence = quote.select_one(".kp-quote")
            assert not sentence.find("a"), (path, str(quote)[:200])
            assert sentence.find("mark") and all(m.get_text().strip() for m in sentence.find_all("mark"))
            link = quote.select_one("a.kp-para")
            assert re.search(r"/statements/[^/]+/#p\d+$", link["href"]) and re.search(r"\d", link.get_text())
            text = sentence.get_text()
            assert text.count("“") == text.count("”") and text.count("«") == text.count("»"), (path, text)
            assert text.count('"') % 2 == 0, (path, text)
            checked += 1
    assert checked > 40


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("tree", TREES)
def test_a_country_page_reads_as_quotations_with_the_country_marked(browser, site_url, tree, width):
    with open_page(browser, site_url, viewport=WIDTHS[width]) as page:
        goto(page, f"{TREES[tree]}/countries/zw/")
        quote = page.locator("blockquote.kp-mention .kp-quote").first
        assert quote.evaluate("e => getComputedStyle(e).textDecorationLine") == "none"
        assert "Zimbabwe" in page.locator("blockquote.kp-mention mark").all_inner_texts()
        link = page.locator("blockquote.kp-mention a.kp-para").first
        b = box(link)
        assert b["width"] >= 24 and b["height"] >= 24
        fragment = urlsplit(link.get_attribute("href")).fragment
        link.click()
        page.wait_for_url(re.compile(rf"#{fragment}$"))
        assert page.locator(f".kp-text #{fragment}").is_visible()


# --- 8. the keyboard -------------------------------------------------------------------------------------------

FOCUSED = """() => { const e = document.activeElement; if (!e || e === document.body) return null;
  const r = e.getBoundingClientRect();
  return { tag: e.tagName.toLowerCase(), cls: e.className && typeof e.className === 'string' ? e.className : '',
           text: (e.getAttribute('aria-label') || e.textContent || '').trim().slice(0, 40),
           header: !!e.closest('header.md-header'), text_of: e.closest('.kp-text [id^=p]')?.id || null,
           content: !!e.closest('.md-content'), y: r.top + scrollY, visible: r.width > 0 && r.height > 0 }; }"""


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("tree", TREES)
def test_the_skip_link_comes_first_and_leads_to_the_first_paragraph(browser, site_url, tree, width):
    """Two presses of Tab and one of Enter reach paragraph 1 (it took 48 presses of Tab); on the other pages the
    skip link leads to their content."""
    with open_page(browser, site_url, viewport=WIDTHS[width]) as page:
        goto(page, f"{TREES[tree]}/statements/{NAMIBIA_2009}/")
        page.keyboard.press("Tab")
        skip = page.evaluate(FOCUSED)
        assert skip["cls"].startswith("md-skip") and skip["visible"], skip
        assert skip["text"] == ("Skip to content" if tree == "en" else "Aller au contenu")
        page.keyboard.press("Enter")
        page.keyboard.press("Tab")
        assert page.evaluate(FOCUSED)["text_of"] == "p1"
        for path in ("/", "/countries/zw/", "/meetings/", "/about/"):
            goto(page, TREES[tree] + path)
            page.keyboard.press("Tab")
            assert page.evaluate(FOCUSED)["cls"].startswith("md-skip"), path
            page.keyboard.press("Enter")
            page.keyboard.press("Tab")
            assert page.evaluate(FOCUSED)["content"], path


@pytest.mark.parametrize("width", WIDTHS)
def test_tab_goes_skip_link_header_then_the_texts_controls_in_reading_order(browser, site_url, width):
    with open_page(browser, site_url, viewport=WIDTHS[width]) as page:
        goto(page, f"/statements/{NAMIBIA_2009}/")
        expected = page.locator(".kp-text").evaluate(
            "t => [...t.querySelectorAll('a[href], button')].map(e => (e.getAttribute('aria-label') || '').trim())")
        seen = []
        for _ in range(400):
            page.keyboard.press("Tab")
            focused = page.evaluate(FOCUSED)
            if focused is None:
                break
            seen.append(focused)
            if focused["text_of"] is None and any(s["text_of"] for s in seen):
                break  # past the text
        assert seen[0]["cls"].startswith("md-skip")
        header = [i for i, s in enumerate(seen) if s["header"]]
        assert header and header == list(range(1, len(header) + 1)), [s["text"] for s in seen[:8]]
        in_text = [s for s in seen if s["text_of"]]
        assert [s["text"] for s in in_text] == expected
        assert all(a["y"] <= b["y"] + 1 for a, b in zip(in_text, in_text[1:], strict=False)), "not in reading order"
        assert all(s["visible"] for s in seen), [s for s in seen if not s["visible"]]
