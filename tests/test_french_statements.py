"""Statements in French, and translations: a fictional French statement and its English translation
(tests/fixtures/french/) added to a copy of the fixture corpus and built for real (build_index, MkDocs); and
what validation refuses of a translation or a French dateline."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from kparchive.text import word_count

from projects import ROOT, add_original, build_index, make_project, mkdocs_build

# Builds a site of its own: the fixture corpus with a French statement and its translation, built for real.
pytestmark = pytest.mark.build

FRENCH = ROOT / "tests/fixtures/french"
FR = "2011-06-23-test-declaration-rdc"  # the French original
EN = "2011-06-23-test-declaration-drc"  # its English translation
KINSHASA = "2011-06-23-kinshasa-intersessional-no-confidence"  # the corpus's, naming the DRC by "Kinshasa"
SITE_URL = "https://statements.kpcivilsociety.org"


def add_french(project: Path, *ids: str) -> None:
    for sid in ids or (FR, EN):
        for ext in (".txt", ".yml"):
            shutil.copy2(FRENCH / f"{sid}{ext}", project / "statements" / f"{sid}{ext}")


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    project = make_project(tmp_path_factory.mktemp("french"), site_files=True)
    add_french(project)
    result = build_index(project)
    assert result.returncode == 0, result.stderr
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    return project / "site"


def soup(site: Path, sid: str) -> BeautifulSoup:
    return BeautifulSoup((site / "statements" / sid / "index.html").read_text("utf-8"), "html.parser")


def panel(page: BeautifulSoup) -> dict:
    return {dt.get_text(strip=True): dd for dt, dd in zip(page.select(".kp-meta dt"), page.select(".kp-meta dd"),
                                                          strict=True)}


@pytest.fixture(scope="module")
def records(site) -> dict:
    return {r["id"]: r for r in json.loads((site / "statements.json").read_text("utf-8"))}


# --- a statement in French -----------------------------------------------------------------------------------

def test_the_french_text_title_and_dateline_carry_their_language(site):
    page = soup(site, FR)
    assert page.html["lang"] == "en"  # the interface's
    assert page.select_one("article h1")["lang"] == "fr"
    assert page.select_one(".kp-text")["lang"] == "fr"
    date = panel(page)["Date"]
    assert date.select_one("span[lang=fr]").get_text() == "le 23 juin 2011"
    assert panel(page)["Language"].get_text(strip=True) == "French"
    # The English translation's title and text are in the page's language: no lang of their own.
    english = soup(site, EN)
    assert not english.select_one("article h1").has_attr("lang")
    assert english.select_one(".kp-text")["lang"] == "en"


def test_french_country_names_are_detected_and_french_first_names_are_not_countries(records):
    r = records[FR]
    assert r["countries"] == ["CD"]
    # "RDC", "République démocratique du Congo", "Tchad", "Côte d'Ivoire", "Zimbabwe"; not Mauritius
    # ("Maurice Dupont") nor Dominica ("Dominique Martin"), nor the Central African Republic ("car").
    assert r["mentioned"] == ["CI", "TD", "ZW"]
    assert records[EN]["mentioned"] == ["CI", "TD", "ZW"]


def test_french_abbreviations_are_explained_in_french(site):
    text = soup(site, FR).select_one(".kp-text")
    titles = {abbr.get_text(): abbr["title"] for abbr in text.select("abbr")}
    assert titles == {"PK": "Processus de Kimberley", "SCPK": "Système de certification du Processus de Kimberley",
                      "RDC": "République démocratique du Congo"}


def test_word_count_of_a_french_text(records):
    text = (FRENCH / f"{FR}.txt").read_text("utf-8")
    # Between spaces, with a letter or digit: "s'inquiète", "d'Ivoire" one word each, French's spaced colon none.
    expected = len([token for token in text.split() if any(ch.isalnum() for ch in token)])
    assert records[FR]["words"] == word_count(text) == expected == 128


# --- a translation ------------------------------------------------------------------------------------------

def test_each_links_the_other_in_the_panel_and_the_language_switch(site):
    original, translation = soup(site, FR), soup(site, EN)
    link = panel(translation)["Translation of"].a
    assert link["href"] == f"../../statements/{FR}/" and link["hreflang"] == "fr" and link["lang"] == "fr"
    assert link.get_text() == "La société civile demande des contrôles crédibles en RDC"
    back = panel(original)["Translated as"]
    assert back.get_text(strip=True).startswith("English:")
    assert back.a["href"] == f"../../statements/{EN}/" and back.a["hreflang"] == "en" and back.a["lang"] == "en"
    for page, other, language in ((original, EN, "en"), (translation, FR, "fr")):
        switch = page.select_one("nav.kp-versions")
        assert switch.find_previous_sibling("h1") is not None  # beside the title
        (a,) = switch.select("a")
        assert (a["href"], a["hreflang"], a["lang"]) == (f"../../statements/{other}/", language, language)
        current = switch.select_one("[aria-current=page]")
        assert current["lang"] == ("fr" if language == "en" else "en")
    assert "Français (original)" in original.select_one("nav.kp-versions").get_text()
    assert "English (translation)" in translation.select_one("nav.kp-versions").get_text()


def test_the_heads_name_both_languages(site):
    for sid in (FR, EN):
        head = soup(site, sid).head
        # The page's alternates are itself in each language of the interface (one address a language); its
        # translation is named by DC.relation and the JSON-LD.
        alternates = {link["hreflang"]: link["href"] for link in head.select("link[hreflang]")}
        assert alternates == {"en": f"{SITE_URL}/statements/{sid}/", "fr": f"{SITE_URL}/fr/statements/{sid}/",
                              "x-default": f"{SITE_URL}/statements/{sid}/"}
    meta = {m["name"]: m["content"] for m in soup(site, FR).head.select("meta[name]")}
    assert meta["citation_language"] == meta["DC.language"] == "fr"
    assert meta["DC.relation"] == f"{SITE_URL}/statements/{EN}/"
    ld = json.loads(soup(site, EN).head.select_one("script[type='application/ld+json']").string)
    assert ld["inLanguage"] == "en"
    assert ld["translationOfWork"]["@id"] == f"{SITE_URL}/statements/{FR}/"
    assert ld["translationOfWork"]["inLanguage"] == "fr"


def test_each_is_cited_on_its_own(site):
    fr = json.loads((site / "statements" / f"{FR}.json").read_text("utf-8"))
    en = json.loads((site / "statements" / f"{EN}.json").read_text("utf-8"))
    assert "La société civile demande des contrôles crédibles en RDC" in fr["citation"]["apa"]
    assert "Civil society calls for credible controls in the DRC" in en["citation"]["apa"]
    assert fr["citation"]["apa"].endswith(f"/statements/{FR}/") and en["citation"]["apa"].endswith(f"/statements/{EN}/")
    assert "LA  - fr" in fr["citation"]["ris"] and "LA  - en" in en["citation"]["ris"]
    assert "N1  - Translation of: La société civile demande des contrôles crédibles en RDC " \
           f"({SITE_URL}/statements/{FR}/)" in en["citation"]["ris"]
    assert "Translation of" not in fr["citation"]["ris"]
    assert "language     = {fr}" in fr["citation"]["bibtex"]
    assert "origtitle    = {La société civile demande des contrôles crédibles en RDC}" in en["citation"]["bibtex"]
    assert "origlanguage = {fr}" in en["citation"]["bibtex"]
    # Each has its own paragraphs, numbered from 1.
    assert [p["id"] for p in fr["paragraphs"]] == [f"p{n}" for n in range(1, 7)]
    assert [p["id"] for p in en["paragraphs"]] == [f"p{n}" for n in range(1, 7)]
    assert en["paragraphs"][3]["url"] == f"{SITE_URL}/statements/{EN}/#p4"


def test_exports_mark_the_translation(site, records):
    assert records[EN]["translation_of"] == FR and records[FR]["translation_of"] is None
    rows = {row["id"]: row for row in csv.DictReader(io.StringIO((site / "statements.csv").read_text("utf-8")))}
    assert rows[EN]["translation_of"] == FR and rows[FR]["translation_of"] == ""
    assert rows[FR]["language"] == "fr" and rows[FR]["language_name"] == "French"
    package = json.loads((site / "datapackage.json").read_text("utf-8"))
    fields = [f["name"] for f in package["resources"][0]["schema"]["fields"]]
    assert "translation_of" in fields


def test_listings_show_both_and_count_the_pair_once(site):
    meeting = BeautifulSoup((site / "meetings/2011-intersessional-kinshasa/index.html").read_text("utf-8"),
                            "html.parser")
    article = meeting.select_one("article")
    assert "2 statements and 1 translation about this meeting" in article.get_text(" ", strip=True)
    items = {a["href"].split("/")[-2]: a.find_parent("li") for a in article.select("li > a[href*='statements/']")}
    assert {FR, EN, KINSHASA} <= set(items)
    assert "English translation" in items[EN].get_text() and "in French" in items[FR].get_text()
    assert items[FR].a["lang"] == "fr"
    home = BeautifulSoup((site / "index.html").read_text("utf-8"), "html.parser").get_text(" ", strip=True)
    assert "6 statements and 1 translation" in home


# --- search knows the names in both languages (the built HTML Pagefind indexes) -------------------------------

def searchable_text(page: BeautifulSoup) -> str:
    """What Pagefind indexes of a statement page: its body, less what is marked data-pagefind-ignore (a hidden
    element too: Pagefind reads the HTML, not what a browser shows)."""
    body = page.select_one("[data-pagefind-body]")
    for ignored in body.select("[data-pagefind-ignore]"):
        ignored.decompose()
    return body.get_text(" ")


@pytest.mark.parametrize("sid", [FR, EN, KINSHASA, "2009-11-06-namibia-plenary-zimbabwe"])
def test_a_statement_naming_the_drc_carries_its_names_in_both_languages(site, sid):
    page = soup(site, sid)
    text = searchable_text(page)
    for name in ("DRC", "RDC", "Democratic Republic of the Congo", "République démocratique du Congo"):
        assert name in text, (sid, name)
    # For search only: the panel names the country once, by the name this page gives it.
    assert "RDC" in page.select_one("p#kp-search-names[hidden]").get_text()
    rows = panel(page)
    countries = " ".join(rows[row].get_text() for row in ("Country", "Countries", "Named in passing") if row in rows)
    assert "Congo" in countries and "RDC" not in countries and "DRC" not in countries


def test_abbreviations_in_both_languages_are_on_the_page(site):
    text = searchable_text(soup(site, KINSHASA))
    assert "KP" in text and "PK" in text and "Processus de Kimberley" in text


# --- refusals: one line per problem, naming file and field ----------------------------------------------------

def refused(project: Path) -> list[str]:
    result = build_index(project, "--check")
    assert result.returncode == 1, result.stdout
    assert "Traceback" not in result.stderr
    return [line for line in result.stderr.splitlines() if line.startswith("statements/")]


def edit(project: Path, sid: str, **fields) -> None:
    path = project / "statements" / f"{sid}.yml"
    meta = yaml.safe_load(path.read_text("utf-8"))
    meta.update(fields)
    path.write_text(yaml.safe_dump(meta, allow_unicode=True, sort_keys=False), "utf-8")


@pytest.fixture
def project(tmp_path) -> Path:
    project = make_project(tmp_path, ids=[KINSHASA])
    add_french(project)
    return project


def test_the_pair_is_valid(project):
    assert build_index(project, "--check").returncode == 0


@pytest.mark.parametrize("value, message", [
    ("2011-06-23-no-such-statement", "'2011-06-23-no-such-statement' is not a statement in statements/"),
    (EN, "names the statement itself"),
    ("not an id", "must be the id of the statement it translates"),
    (KINSHASA, f"{KINSHASA!r} is in the same language (en)"),
])
def test_a_translation_of_what_cannot_be_its_original(project, value, message):
    edit(project, EN, translation_of=value)
    lines = refused(project)
    assert len(lines) == 1 and lines[0].startswith(f"statements/{EN}.yml: translation_of: ") and message in lines[0]


def test_a_translation_of_a_translation(project):
    edit(project, KINSHASA, language="de", translation_of=EN)
    (line,) = refused(project)
    assert line == (f"statements/{KINSHASA}.yml: translation_of: {EN!r} is itself a translation (of {FR!r}): "
                    "name the original")


def test_two_translations_into_one_language(project):
    edit(project, KINSHASA, translation_of=FR)
    # The first by id is kept, the other refused (the one kept is refused too, for topics and countries other than
    # its original's: tests/test_translation_inheritance.py).
    (line,) = [line for line in refused(project) if ": translation_of: " in line]
    assert line == (f"statements/{EN}.yml: translation_of: {FR!r} already has a translation into en, "
                    f"{KINSHASA!r}: one per language")


@pytest.mark.parametrize("dateline", ["le 23 juin 2011", "23 juin 2011"])
def test_a_french_dateline_is_read_and_checked_against_the_date(project, dateline):
    edit(project, FR, dateline=dateline)
    assert build_index(project, "--check").returncode == 0
    edit(project, FR, date="2011-06-24")
    (line,) = refused(project)
    assert line == (f"statements/{FR}.yml: dateline: {dateline!r} reads as 2011-06-23, not the statement's date "
                    "2011-06-24: correct the date or the dateline")


def test_an_english_dateline_is_checked_too(project):
    edit(project, KINSHASA, date="2011-06-22")
    lines = refused(project)
    assert any(line.startswith(f"statements/{KINSHASA}.yml: dateline: '23 June 2011' reads as 2011-06-23")
               for line in lines)


def test_a_french_name_with_no_source(project):
    places = project / "statements/places.yml"
    places.write_text(places.read_text("utf-8").replace("      AE: [EAU]", "      AE: [EAU, Emirats]"), "utf-8")
    (line,) = refused(project)
    assert line.startswith("statements/places.yml: languages.fr.aliases.AE[1]: 'Emirats': no source supports it")


# --- build_index.py add -----------------------------------------------------------------------------------------

def test_add_drafts_a_french_statement_and_a_translation(tmp_path):
    project = make_project(tmp_path, ids=[KINSHASA])
    result = add_original(project, FRENCH / f"{FR}.txt", "--id", FR)
    assert result.returncode == 0, result.stderr
    meta = yaml.safe_load((project / "statements" / f"{FR}.yml").read_text("utf-8"))
    assert meta["language"] == "fr" and (str(meta["date"]), meta["dateline"]) == ("2011-06-23", "23 juin 2011")
    assert meta["meeting"] == "2011-intersessional-kinshasa"
    # French names found ("RDC", "Tchad"); about: what the body names twice, the DRC here (the meeting's host,
    # which it argues about), not the countries it names once.
    draft = (project / "statements" / f"{FR}.yml").read_text("utf-8")
    assert "countries:  # the build detects CD, TD, CI, ZW\n" in draft
    assert meta["countries"]["about"] == ["CD"]
    result = add_original(project, FRENCH / f"{EN}.txt", "--id", EN, "--language", "en", "--translation-of", FR)
    assert result.returncode == 0, result.stderr
    meta = yaml.safe_load((project / "statements" / f"{EN}.yml").read_text("utf-8"))
    assert meta["language"] == "en" and meta["translation_of"] == FR
    # Only what differs: the meeting, topics, countries, type and organisations are the original's, at build time.
    assert not {"meeting", "topics", "countries", "type", "authors", "publisher"} & set(meta)
    review = {next(iter(item)) for item in meta["review"]}
    assert "translation_of" in review and "language" not in review and "meeting" not in review


def test_add_refuses_an_unknown_original_or_language(tmp_path):
    project = make_project(tmp_path, ids=[KINSHASA])
    result = add_original(project, FRENCH / f"{EN}.txt", "--translation-of", "2011-06-23-nothing", "--language", "xx")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "add: LANGUAGE=xx (--language): is not an ISO 639-1 language code (en, fr)" in result.stderr
    assert "add: TRANSLATION_OF=2011-06-23-nothing (--translation-of): is not a statement in the archive" \
        in result.stderr
    assert not (project / "statements" / f"{EN}.yml").exists()


def test_the_feed_marks_the_french_entry_and_links_the_pair(site):
    from xml.etree import ElementTree

    atom = "{http://www.w3.org/2005/Atom}"
    feed = ElementTree.fromstring((site / "feed.xml").read_bytes())
    entries = {e.find(f"{atom}id").text.rstrip("/").rsplit("/", 1)[1]: e for e in feed.iter(f"{atom}entry")}
    lang = "{http://www.w3.org/XML/1998/namespace}lang"
    assert entries[FR].get(lang) == "fr" and entries[EN].get(lang) is None
    other = {e: [(link.get("hreflang"), link.get("href")) for link in entries[e].iter(f"{atom}link")
                 if link.get("hreflang")] for e in (FR, EN)}
    assert other == {FR: [("en", f"{SITE_URL}/statements/{EN}/")], EN: [("fr", f"{SITE_URL}/statements/{FR}/")]}


def test_a_country_page_marks_the_french_sentences(site):
    page = BeautifulSoup((site / "countries/td/index.html").read_text("utf-8"), "html.parser")
    quoted = {q.get("lang"): q.get_text(" ", strip=True) for q in page.select("blockquote.kp-mention")}
    assert "Tchad" in quoted["fr"] and "Chad" in quoted[None]
    assert page.select_one(f"h3[id='{FR}']")["lang"] == "fr"


def test_the_search_index_gets_the_language_of_a_french_title(site):
    tags = soup(site, FR).select_one("ul.kp-search-tags")
    assert tags.select_one("li[data-pagefind-meta='language:fr']") is not None
    assert soup(site, EN).select_one("ul.kp-search-tags li[data-pagefind-meta^='language:']") is None


# --- in the browser: the fixture corpus with the pair, indexed by Pagefind and served ---------------------------

@pytest.fixture(scope="module")
def french_url(site):
    from kparchive import serve

    result = subprocess.run([sys.executable, "-m", "kparchive.searchindex", "--site", str(site)], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    server = serve.start(site)
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def found(page, query: str) -> dict[str, str | None]:
    """The statements a search finds, each with the lang of its title's link."""
    page.goto(f"/search/?q={query}")
    page.wait_for_function(
        "() => { const l = document.getElementById('kp-results');"
        " return l && l.getAttribute('aria-busy') === 'false' && l.dataset.search === location.search; }",
        timeout=15_000)
    links = page.locator("#kp-results li h3 a").evaluate_all(
        "links => links.map(a => [a.getAttribute('href'), a.getAttribute('lang')])")
    return {re.match(r"^/statements/([^/#]+)/", href)[1]: lang for href, lang in links}


@pytest.mark.parametrize("query", ["RDC", "DRC"])
def test_search_finds_the_congo_in_both_languages(browser, french_url, query):
    from browser_support import open_page

    with open_page(browser, french_url) as page:
        results = found(page, query)
    assert set(results) == {FR, EN, KINSHASA, "2009-11-06-namibia-plenary-zimbabwe"}
    assert results[FR] == "fr" and results[EN] is None


def test_search_finds_the_french_abbreviation_where_the_text_writes_the_english(browser, french_url):
    from browser_support import open_page

    with open_page(browser, french_url) as page:
        assert {FR, EN} <= set(found(page, "SCPK")) and {FR, EN} <= set(found(page, "KPCS"))


def test_the_offline_search_knows_the_names_in_both_languages_too(site):
    from kparchive import offline_search

    entries = {Path(e.page).name or Path(e.page).parent.name: e for e in offline_search._read(site, False, 1)}
    about = {sid: set(e.fields["about"]) for sid, e in entries.items()}
    for sid in (FR, EN, KINSHASA):
        key = next(k for k in about if sid in k)
        assert set(offline_search.terms("RDC DRC")) <= about[key], sid
    data = json.loads((site / "statements" / f"{KINSHASA}.json").read_text("utf-8"))
    assert data["country_names"]["CD"]["fr"] == ["République démocratique du Congo", "RDC"]


def test_a_french_word_is_no_english_abbreviation():
    from kparchive.cli import build_catalogue
    from kparchive.model import Paragraph
    from kparchive.text import Inline

    catalogue = build_catalogue(ROOT / "tests/fixtures/corpus")
    ignored = frozenset(catalogue.vocab.places.languages["fr"]["ignore"])
    paragraph = Paragraph(1, ("LE PK A ÉCHOUÉ, CAR LA RCA EST SUSPENDUE.",))
    tokens = Inline(catalogue.vocab.glossary, "fr", ignored).tokens(paragraph)
    assert [(t.text, t.title) for t in tokens if t.kind == "abbr"] == [
        ("PK", "Processus de Kimberley"), ("RCA", "République centrafricaine")]
    english = Inline(catalogue.vocab.glossary, "en").tokens(Paragraph(1, ("the CAR and the KP",)))
    assert [t.text for t in english if t.kind == "abbr"] == ["CAR", "KP"]
