"""Readers' words only: no public page names a repository path or a field, or lists a country's other names
(they stay in the search index, unseen), and what no public record confirms is said in a reader's words, in
both trees.

The site: two statements of the fixture corpus (both name the Democratic Republic of the Congo in passing,
one Côte d'Ivoire too), Global Witness's website and the Plenary's definition given as facts no public record
was found for (`unverified:`), built for real (build_index, MkDocs for both trees).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from kparchive import serve

from browser_support import open_page
from projects import IDS, build_index, make_project, mkdocs_build_both

pytestmark = pytest.mark.build  # builds a site of its own

TREES = ("", "fr/")
WIDTHS = ({"width": 375, "height": 812}, {"width": 1280, "height": 800})
# A repository's path or file, a vocabulary's field, the data's own key in a sentence, or the word the
# vocabularies use for a fact no record gives: none is a reader's word.
INTERNAL = re.compile(r"\b[\w-]+\.ya?ml\b|\b(?:kparchive|overrides)/|\bsource\.sha256\b|\bunverified\b|\bnon vérifié"
                      r"|\b(?:fr|chair)\.(?:name|city|person|participant|term|abbr|definition)\b", re.I)
# The other names of the countries the statements name (places.yml's aliases, pycountry's, the French ones):
# for search, never in a page's panel.
OTHER_NAMES = ("DRC", "DR Congo", "Congo-Kinshasa", "RDC", "Ivory Coast", "Congo-Brazzaville")
SAYS = {
    "": ("No public record was found for its website, so the archive cannot confirm it.",
         "(no public record confirms it)",
         "No public record was found for its definition, so the archive cannot confirm it."),
    "fr/": ("Aucune source publique n’a été trouvée pour son site web\u00a0: les archives ne peuvent pas le "
            "confirmer.", "(aucune source publique ne le confirme)",
            "Aucune source publique n’a été trouvée pour sa définition\u00a0: les archives ne peuvent pas le "
            "confirmer."),
}


def edit(project: Path, name: str, old: str, new: str) -> None:
    path = project / "statements" / name
    text = path.read_text("utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), "utf-8")


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    project = make_project(tmp_path_factory.mktemp("readers-words"), IDS[:2], site_files=True)
    edit(project, "organisations.yml", "date: 2009-06-05, supports: [name, url]}",
         "date: 2009-06-05, supports: [name]}")
    edit(project, "organisations.yml", "- id: partnership-africa-canada",
         "  unverified: [url]\n- id: partnership-africa-canada")
    edit(project, "glossary.yml", "- term: Intersessional", "  unverified: [definition]\n- term: Intersessional")
    result = build_index(project)
    assert result.returncode == 0, result.stderr
    result = mkdocs_build_both(project)
    assert result.returncode == 0, result.stderr
    return project / "site"


@pytest.fixture(scope="module")
def site_url(site):
    server = serve.start(site)
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def shown(html: str) -> str:
    """What a page shows and says of itself: its body's text but hidden elements and scripts, and the names
    its elements give (aria-label, title, placeholder, alt)."""
    body = BeautifulSoup(html, "html.parser").body
    for gone in body.select("script, style, template, [hidden]"):
        gone.decompose()
    names = [el.get(a) for el in body.select("[aria-label], [title], [placeholder], [alt]")
             for a in ("aria-label", "title", "placeholder", "alt") if el.get(a)]
    return "\n".join([body.get_text(" "), *names])


def test_no_page_names_a_repository_path_or_a_field(site):
    found = {}
    for page in sorted(site.rglob("*.html")):
        hits = sorted({m.group(0) for m in INTERNAL.finditer(shown(page.read_text("utf-8")))})
        if hits:
            found[page.relative_to(site).as_posix()] = hits
    assert not found, found


@pytest.mark.parametrize("width", WIDTHS, ids=lambda w: str(w["width"]))
@pytest.mark.parametrize("tree", TREES)
def test_a_statements_panel_names_each_country_once_and_search_keeps_the_others(browser, site_url, tree, width):
    with open_page(browser, site_url, viewport=width) as page:
        page.goto(f"/{tree}statements/{IDS[0]}/")
        page.evaluate("() => document.querySelectorAll('details').forEach(d => { d.open = true; })")
        panel = page.locator(".kp-meta").inner_text()
        assert "Congo" in panel  # the country, by the name this page gives it
        assert not [name for name in OTHER_NAMES if re.search(rf"(?<!\w){re.escape(name)}(?!\w)", panel)], panel
        names = page.locator("#kp-search-names")
        assert not names.is_visible()  # Pagefind indexes it; readers never meet it
        assert {"DRC", "RDC", "Congo-Kinshasa", "Ivory Coast"} <= set(names.text_content().split(", "))
        assert not INTERNAL.search(page.locator(".md-content").inner_text())


@pytest.mark.parametrize("width", WIDTHS, ids=lambda w: str(w["width"]))
@pytest.mark.parametrize("tree", TREES)
def test_what_no_record_confirms_is_said_in_a_readers_words(browser, site_url, tree, width):
    website, mark, definition = SAYS[tree]
    with open_page(browser, site_url, viewport=width) as page:
        page.goto(f"/{tree}organisations/global-witness/")
        text = page.locator(".md-content").inner_text()
        assert website in text and mark in text and not INTERNAL.search(text)
        page.goto(f"/{tree}glossary/")
        text = page.locator(".md-content").inner_text()
        assert definition in text and not INTERNAL.search(text)
        page.goto(f"/{tree}data/")
        assert not INTERNAL.search(page.locator(".md-content").inner_text())
