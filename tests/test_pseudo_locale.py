"""One language a page: every word of the French tree's interface comes from the catalogue
(kparchive/locale/fr/LC_MESSAGES/messages.po), proven by a pseudo-locale build.

The frozen fixture corpus is built for real (build_index, MkDocs for both trees, Pagefind) by a copy of the
package whose French catalogue has every message rewritten "[!!…!!]", made here with Babel from the real one.
Chromium opens every page type of the French tree (tests/page_types.py) at 375 and 1280 px and runs its scripts
(the cite box's copy buttons, a paragraph's actions and what a copy announces, a table's filter, the search
page's results, chips and counts), then reads every text node a reader meets, every aria-label, title,
placeholder and alt, and the page's title. What is left once the markers and what they hold are taken out must
be the archive's content, never interface text. Content is:

- what a page marks as another language than its own (`lang`: a statement's English words, the switch's
  "English");
- code and addresses (`code`, `pre`: file names, commands, a BibTeX entry);
- the catalogue's data: the vocabularies' values as the French tree shows them (their `fr:` field where they
  have one, never the English it replaces; an organisation's own name), the statements' titles, people,
  provenance and notes, the ISO 3166 French names of countries, the CLDR's French names of languages and
  months (Babel's, as Material's strings are Material's), numbers, dates, addresses;
- Material's own strings in French (theme language `fr`), and the hand-written French page's text
  (docs/fr/about.md, a document written in French, whose title and headings are its own).

A word of the interface left in English, or written by a script instead of taken from the page, shows here as
the text it is in and the page type it is on.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pycountry
import pytest
import yaml
from babel import Locale
from babel.messages.pofile import read_po, write_po

from kparchive import serve

from browser_support import open_page
from page_types import FRENCH_PAGE_TYPES, STATEMENT, goto, open_all_details
from projects import ROOT, make_project

pytestmark = [pytest.mark.browser, pytest.mark.build]  # builds a site of its own

OPEN, CLOSE = "[!!", "!!]"
MARKED = re.compile(r"\[!!(?:(?!\[!!|!!\]).)*!!\]", re.S)  # the innermost marked message (one may hold another)
WIDTHS = {"phone": {"width": 375, "height": 812}, "wide": {"width": 1280, "height": 800}}
ZIP_BYTES = "899500"  # the footer's offline zip (its size written in the page's language)


def pseudo_catalogue(po: Path) -> None:
    """Every message of the catalogue rewritten "[!!…!!]" (its French kept inside, plural forms each)."""
    with po.open("rb") as f:
        catalog = read_po(f, locale="fr")
    for message in catalog:
        if not message.id:
            continue
        if isinstance(message.string, tuple):
            message.string = tuple(f"{OPEN}{form}{CLOSE}" for form in message.string)
        else:
            message.string = f"{OPEN}{message.string}{CLOSE}"
    with po.open("wb") as f:
        write_po(f, catalog, width=0)


def run(project: Path, *args: str) -> None:
    env = {**os.environ, "PYTHONPATH": str(project), "NO_MKDOCS_2_WARNING": "1",
           "KP_OFFLINE_ZIP_BYTES": ZIP_BYTES, "KP_OFFLINE_ZIP_DATE": "2026-12-07"}
    result = subprocess.run([sys.executable, *args], cwd=project, env=env, capture_output=True, text=True)
    assert result.returncode == 0, f"{args}: {result.stderr[-3000:]}"


@pytest.fixture(scope="module")
def pseudo_site(tmp_path_factory) -> Path:
    """The fixture corpus built by a copy of the package with the pseudo catalogue: its own build_index, MkDocs
    (whose hook is the copy's) and Pagefind, so the search page has results, chips and counts."""
    project = make_project(tmp_path_factory.mktemp("pseudo"), site_files=True)
    (project / "kparchive").unlink()
    shutil.copytree(ROOT / "kparchive", project / "kparchive", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy2(ROOT / "build_index.py", project / "build_index.py")
    pseudo_catalogue(project / "kparchive/locale/fr/LC_MESSAGES/messages.po")
    run(project, "build_index.py")
    run(project, "-m", "mkdocs", "build", "--strict")
    run(project, "-m", "mkdocs", "build", "--strict", "-f", "mkdocs.fr.yml")
    run(project, "-m", "kparchive.searchindex", "--site", "site")
    return project


@pytest.fixture(scope="module")
def pseudo_url(pseudo_site):
    server = serve.start(pseudo_site / "site")
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


# --- what is content --------------------------------------------------------------------------------------

# Keys whose values are no reader's words: the facts a source supports or no record gives, search keywords, a
# term's other forms, an editor's review list, and codes and ids (a code such as "en" would take that word out
# of every sentence). places.yml is left out whole: its names are the English pages' (the French tree names
# countries by ISO 3166's French names) and its aliases are for search only. A statement's metadata shows its
# title (in <title>, which no `lang` can mark), dateline, people's names and provenance; its notes and a
# person's role are marked with their language.
NOT_SHOWN = {"supports", "unverified", "keywords", "forms", "aliases", "review", "sha256", "exclude", "id", "type",
             "country", "countries", "participant", "start", "end", "related", "languages", "as", "organisation"}
STATEMENT_FIELDS = {"title", "dateline", "people", "provenance"}
BOTH_NAMES = {"organisations.yml"}  # an organisation's page shows its own name beside its French one


def _strings(value, out: set, file: str) -> None:
    if isinstance(value, str):
        out.add(" ".join(value.split()))
    elif isinstance(value, list):
        for item in value:
            _strings(item, out, file)
    elif isinstance(value, dict):
        french = value.get("fr") if isinstance(value.get("fr"), dict) else {}
        for key, item in value.items():
            if key in NOT_SHOWN or (key in french and file not in BOTH_NAMES and key != "fr"):
                continue
            _strings(item, out, file)


def content_values(project: Path) -> list[str]:
    """The catalogue's data as the French tree may show it (longest first, so a name is taken out before a
    shorter one inside it)."""
    out: set[str] = set()
    statements = project / "statements"
    ids = {path.stem for path in statements.glob("*.txt")}
    for path in sorted(statements.glob("*.yml")):
        data = yaml.safe_load(path.read_text("utf-8"))
        if path.stem in ids:
            shown = {key: value for key, value in data.items() if key in STATEMENT_FIELDS}
            for person in shown.get("people") or []:
                person.pop("role", None)  # in the statement's language, marked so
            _strings(shown, out, path.name)
        elif path.name != "places.yml":
            _strings(data, out, path.name)
    catalogue = __import__("kparchive.cli", fromlist=["build_catalogue"]).build_catalogue(project / "statements")
    from kparchive.i18n import Language

    french = Language("fr", catalogue.french, catalogue.vocab.places)
    for country in [*pycountry.countries, None]:
        code = country.alpha_2 if country else "EU"
        out |= {french.country(code), french.country_in_index(code)}
    out |= set(Locale.parse("fr").languages.values())
    material = (Path(__import__("material").__file__).parent / "templates/partials/languages/fr.html").read_text()
    out |= set(re.findall(r'^\s*"[\w.]+": "(.+)",?$', material, re.M)) | {"Material for MkDocs"}
    front = (project / "docs/fr/about.md").read_text("utf-8").split("---")[1]
    out.add(yaml.safe_load(front)["title"])
    return sorted((v for v in out if len(v) > 1), key=len, reverse=True)


MONTHS = "janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre"
NOT_WORDS = [
    re.compile(r"https?://\S+"),  # an address
    re.compile(r"(?<![\w/])/[\w./<>?=&%#-]*"),  # a path on the site
    re.compile(r"\b[\w.-]+\.(?:txt|bib|ris|json|csv|xml|zip|html)\b"),  # a file
    re.compile(r"\b[0-9a-f]{64}\b"),  # a SHA-256
    re.compile(r"\b\d{4}-\d{2}-\d{2}[\w-]*"),  # a date, or a statement's id
    re.compile(rf"\b(?:1er|\d{{1,2}})?(?:\s*[–-]\s*(?:1er|\d{{1,2}}))?\s*(?:{MONTHS})(?:\s+\d{{4}})?\b", re.I),
]


def leftovers(texts: list[str], values: list[str]) -> list[str]:
    """The lines that still hold a letter once the marked messages (with what they hold) and the content are
    taken out of the texts."""
    pattern = re.compile("|".join(rf"(?<!\w){re.escape(v)}(?!\w)" for v in values))
    out = []
    for text in texts:
        rest = text
        while True:  # innermost first: a message may hold another ("[!![!!5!!] déclarations!!]")
            rest, n = MARKED.subn(" ", rest)
            if not n:
                break
        if OPEN in rest or CLOSE in rest:  # a message cut in two (a script took a piece of one)
            out.append(f"a message cut in two: {' '.join(text.split())[:300]}")
        for line in rest.splitlines():
            line = pattern.sub(" ", " ".join(line.split()))
            for not_word in NOT_WORDS:
                line = not_word.sub(" ", line)
            if re.search(r"[^\W\d_]", line):
                out.append(" ".join(line.split()))
    return sorted(set(out))


# What a reader meets: the page's rendered text (innerText: a folded panel is opened first, `hidden` is not met),
# read once what another language's element holds (lang) and code are taken out of it; every name a screen
# reader says or a pointer shows (aria-label, title, placeholder, alt); and the page's title.
TEXTS = """(own) => {
  const CONTROLS = 'button, [role=group], [role=status], label, input';
  const out = [document.title];
  // A control (a button, a group of them, a status line) is the interface's wherever a script put it: inside
  // a statement's text too, whatever that text's lang.
  const content = el => { const marked = el.closest('[lang]'); const control = el.closest(CONTROLS);
    if (control && (!marked || marked.contains(control))) return false;
    return (marked && marked.lang.split('-')[0] !== 'fr') || el.closest('code, pre' + own); };
  for (const el of document.body.querySelectorAll('[aria-label], [title], [placeholder], img[alt]')) {
    if (content(el)) continue;
    for (const name of ['aria-label', 'title', 'placeholder', 'alt']) {
      if (el.getAttribute(name)) out.push(el.getAttribute(name));
    }
  }
  // Content's own text nodes are emptied (an element of the page's language inside it, such as a paragraph's
  // buttons inside a statement's text, keeps its own).
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const emptied = [];
  for (let node; (node = walker.nextNode());) if (node.parentElement && content(node.parentElement)) emptied.push(node);
  for (const node of emptied) node.textContent = ' ';
  out.push(document.body.innerText);
  return out;
}"""


def exercise(page, name: str) -> None:
    """What a reader does on a page type, so its scripts write all they write."""
    open_all_details(page)
    if name == "fr-statement":
        page.locator(".kp-cite .kp-copy").first.click()  # a copy, announced in the status line beside it
        page.wait_for_function("() => document.querySelector('.kp-cite .kp-copy-status').textContent.trim() !== ''")
        page.locator("#p3 .kp-para-cite").click()  # a paragraph's actions, and a copy of its citation
        page.locator("#p3 .kp-para-actions .kp-copy").first.click()
        page.wait_for_function("() => document.querySelector('#p3 .kp-copy-status').textContent.trim() !== ''")
    elif page.locator("[data-kp-table] input[type=search]").count():
        page.fill("[data-kp-table] input[type=search]", "2011")  # a table's filter, and what it says it shows
        page.wait_for_function("() => document.querySelector('.kp-table__status').textContent.trim() !== ''")
    elif name == "fr-search":
        page.wait_for_function("() => document.getElementById('kp-search').dataset.counts === location.search")
        if page.locator("#kp-more").is_visible():
            page.wait_for_function("() => !document.getElementById('kp-more').hidden")


@pytest.fixture(scope="module")
def values(pseudo_site) -> list[str]:
    return content_values(pseudo_site)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", FRENCH_PAGE_TYPES)
def test_every_word_of_the_french_interface_comes_from_the_catalogue(browser, pseudo_url, values, name, width):
    path = FRENCH_PAGE_TYPES[name]
    with open_page(browser, pseudo_url, viewport=WIDTHS[width]) as page:
        goto(page, path)
        exercise(page, name)
        # The hand-written page's own text and headings (its contents, in the toc) are its document's.
        texts = page.evaluate(TEXTS, ", article, .md-nav--secondary .md-nav__list" if name == "fr-about" else "")
    left = leftovers(texts, values)
    assert not left, f"{name} ({path}) at {WIDTHS[width]['width']} px: interface text outside the catalogue:\n  " \
                     + "\n  ".join(left)


def test_the_pseudo_catalogue_reaches_every_page_type(pseudo_site):
    """The test above is only as good as its build: every French page type shows marked messages."""
    from page_types import present

    for name, path in FRENCH_PAGE_TYPES.items():
        site = pseudo_site / "site"
        file = site / "fr/404.html" if name == "fr-404" else None
        if file is None:
            assert present(site, path), path
            file = site / path.split("?")[0].lstrip("/") / "index.html"
        assert OPEN in file.read_text("utf-8"), name
    assert STATEMENT.startswith("/statements/")
