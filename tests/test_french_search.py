"""French search: a word after an elision, and a word no page holds, through the real Pagefind index in
Chromium, on both trees' search pages.

Pagefind reads "d’élargir" as one word ("délargir"), and finds a word it does not hold by the longest word it
holds that begins it ("incapacité" by "in"). A statement's page gives Pagefind the word after an elision as a
word of its own (kparchive/text.py ELISION), the search page strips the same elisions from a query and keeps a
search only if each of its words matched a word that begins like it (docs/assets/search.js), as the offline
edition's search splits words at an apostrophe and matches whole terms.

The site: two statements of the fixture corpus, the French fixture pair (tests/fixtures/french/), and the
French fixture text twice more with a paragraph holding every elision the archive splits, once with typographic
apostrophes and once with ASCII ones; built for real (build_index, MkDocs for both trees, Pagefind), because
what is searched is what Pagefind made of the built pages.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import pytest

from kparchive import serve
from kparchive.text import ELISIONS

from browser_support import open_page
from projects import IDS, ROOT, add_statement, build_index, make_project, mkdocs_build_both

pytestmark = [pytest.mark.browser, pytest.mark.build]  # builds a site of its own

FRENCH = ROOT / "tests/fixtures/french"
FR = "2011-06-23-test-declaration-rdc"
TYPOGRAPHIC = "2011-06-24-test-elisions-typographic"
ASCII = "2011-06-24-test-elisions-ascii"
# Each elision the archive splits (text.ELISIONS), before a word found nowhere else in the corpus.
ELIDED = {"l": "obstruction", "d": "élargir", "qu": "instaurer", "j": "accuse", "n": "oublions",
          "s": "engager", "c": "était", "m": "étonne", "t": "écrire", "jusqu": "ici", "lorsqu": "éclatent",
          "puisqu": "aucun", "quoiqu": "affaiblie", "presqu": "île"}
TREES = ("", "fr/")
WIDTHS = ({"width": 375, "height": 812}, {"width": 1280, "height": 800})


def elisions(apostrophe: str) -> str:
    return " ".join(f"{elision}{apostrophe}{word}" for elision, word in ELIDED.items())


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    project = make_project(tmp_path_factory.mktemp("french-search"), IDS[:2], site_files=True)
    for sid in (FR, "2011-06-23-test-declaration-drc"):
        for ext in (".txt", ".yml"):
            (project / "statements" / f"{sid}{ext}").write_bytes((FRENCH / f"{sid}{ext}").read_bytes())
    text = (FRENCH / f"{FR}.txt").read_text("utf-8")
    for sid, apostrophe in ((TYPOGRAPHIC, "’"), (ASCII, "'")):
        paragraph = f"Les membres disent : {elisions(apostrophe)}.\n"
        add_statement(project, sid, (text + "\n" + paragraph).encode(), title=f"Élisions ({apostrophe})",
                      language="fr", meeting="2011-intersessional-kinshasa")
    result = build_index(project)
    assert result.returncode == 0, result.stderr
    result = mkdocs_build_both(project)
    assert result.returncode == 0, result.stderr
    result = subprocess.run([sys.executable, "-m", "kparchive.searchindex", "--site", "site"], cwd=project,
                            capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert result.returncode == 0, result.stderr
    return project / "site"


@pytest.fixture(scope="module")
def site_url(site):
    server = serve.start(site)
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def search(page, tree: str, query: str) -> tuple[set[str], str]:
    """The statements a search on a tree's search page finds, and what its status line says."""
    page.goto(f"/{tree}search/?q={quote(query)}")
    page.wait_for_function(
        "() => { const l = document.getElementById('kp-results');"
        " return l && l.getAttribute('aria-busy') === 'false' && l.dataset.search === location.search; }",
        timeout=15_000)
    links = page.locator("#kp-results li h3 a").evaluate_all("links => links.map(a => a.pathname)")
    return {Path(link).name for link in links}, page.locator("#kp-status").inner_text()


def test_every_elision_of_the_archive_is_tested():
    assert set(ELIDED) == set(ELISIONS)


@pytest.mark.parametrize("tree", TREES)
def test_a_word_after_an_elision_is_found_whichever_the_apostrophe(browser, site_url, tree):
    queries = [*ELIDED.values(), "d’élargir", "d'élargir", "L’OBSTRUCTION", "\"l'obstruction d’élargir\""]
    missed = {}
    with open_page(browser, site_url) as page:
        for query in queries:
            found, _ = search(page, tree, query)
            if not {TYPOGRAPHIC, ASCII} <= found:
                missed[query] = sorted(found)
    assert not missed, f"/{tree}search/: not finding both texts: {missed}"


@pytest.mark.parametrize("width", WIDTHS, ids=lambda w: str(w["width"]))
@pytest.mark.parametrize("tree", TREES)
def test_a_word_no_page_holds_finds_nothing(browser, site_url, tree, width):
    """"incapacité" is in no statement: Pagefind would answer with every page holding "in"."""
    with open_page(browser, site_url, viewport=width) as page:
        found, status = search(page, tree, "incapacité")
        assert found == set()
        assert page.locator("#kp-empty").is_visible()
        assert "incapacité" in status
        page.wait_for_function("() => document.getElementById('kp-search').dataset.counts === location.search")
        counts = page.locator(".kp-facet__count").all_text_contents()  # folded on a phone
        assert counts and set(counts) == {""}  # no value listed with "(0)": every one hidden
        assert page.locator(".kp-facet__option").evaluate_all("options => options.every(o => o.hidden)")
        # A word that begins like one a page holds still finds it, and in the French tree (whose index Pagefind
        # stems in French) so does the word with another French ending.
        assert {TYPOGRAPHIC, ASCII} <= search(page, tree, "élarg")[0]
        if tree == "fr/":
            assert {TYPOGRAPHIC, ASCII} <= search(page, tree, "élargissement")[0]


@pytest.mark.parametrize("tree", TREES)
def test_a_result_quotes_the_elided_word_as_its_text_writes_it(browser, site_url, tree):
    with open_page(browser, site_url) as page:
        search(page, tree, "élargir")
        excerpts = page.locator(".kp-result__excerpt").all_inner_texts()
        assert any("d’élargir" in e for e in excerpts) and any("d'élargir" in e for e in excerpts), excerpts
        assert set(page.locator(".kp-result__excerpt mark").all_inner_texts()) >= {"élargir"}


@pytest.mark.parametrize("tree", TREES)
def test_the_page_reads_as_its_text_and_pagefind_gets_the_word(browser, site_url, site, tree):
    """The hidden line break after an elision is nothing a reader sees, copies or finds in the page."""
    with open_page(browser, site_url) as page:
        page.goto(f"/{tree}statements/{TYPOGRAPHIC}/")
        last = page.locator(".kp-text p").last
        assert last.inner_text().endswith(elisions("’") + ".")
        assert last.locator("br[hidden]").count() == len(ELIDED)
        assert page.locator(".kp-text br[hidden]").evaluate_all("bs => bs.every(b => !b.getClientRects().length)")


@pytest.mark.parametrize("tree", TREES)
def test_a_country_is_found_by_its_other_names_which_no_result_quotes(browser, site_url, tree):
    """A country's other names ("Congo-Kinshasa", "RDC") are in no text here: only in each page's hidden line for
    search (the panel names the country once), which a result never quotes."""
    with open_page(browser, site_url) as page:
        for query in ("Congo-Kinshasa", "RDC"):
            found, status = search(page, tree, query)
            assert FR in found and status.startswith("6 "), (query, status)  # every statement here names it
        search(page, tree, "Congo-Kinshasa")
        excerpts = page.locator(".kp-result__excerpt").all_inner_texts()
        assert excerpts and not [e for e in excerpts if "Kinshasa" in e and "Congo-Kinshasa" in e], excerpts
