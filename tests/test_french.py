"""The French interface (/fr/, kparchive/i18n.py): every page in both trees, the switch between them, the
hreflang alternates, French strings, dates and country names, the statements' own language marked, the
French feed and search, and what a missing translation does (the build stops, one line naming it).

Axe, the link crawl, the CSP and the small-screen tests cover the French page types through
tests/page_types.py (FRENCH_PAGE_TYPES); this module checks what only a second language has.
"""

from __future__ import annotations

import json
import re
from datetime import date
from urllib.parse import urljoin, urlsplit

import feedparser
import pytest

from kparchive import countrynames, extract_messages, i18n
from kparchive.places import Places

from page_types import FRENCH_PAGE_TYPES, PAGE_TYPES, goto
from projects import ROOT, build_index, make_project
from site_pages import Site

SITE_URL = "https://statements.kpcivilsociety.org/"
ZIMBABWE_2009 = "2009-11-06-namibia-plenary-zimbabwe"


@pytest.fixture(scope="module")
def site(built_site):
    return Site(built_site)


def both_trees(site: Site) -> list[tuple[str, str]]:
    """Every page of the site (redirect stubs and the 404 pages included) with its tree's language."""
    return [(path, "fr" if path.startswith("/fr/") else "en") for path in site.pages()
            if not path.startswith(("/pagefind/", "/fr/pagefind/"))]


def counterpart(path: str) -> str:
    """The same page in the other tree: /x/ <-> /fr/x/."""
    return path[3:] if path.startswith("/fr/") else "/fr" + path


# --- every page in both trees ---------------------------------------------------------------------------------

def test_every_page_exists_in_both_trees(site):
    pages = {path for path, _ in both_trees(site)}
    english = {p for p in pages if not p.startswith("/fr/")}
    french = {p for p in pages if p.startswith("/fr/")}
    assert {counterpart(p) for p in english} == french
    for name, path in PAGE_TYPES.items():
        if name != "404":
            assert site.file_for("/fr" + path.split("?")[0]) is not None, name
    assert site.file_for("/fr/404.html") is not None


def test_every_page_says_its_language(site):
    for path, lang in both_trees(site):
        html = site.soup(path).find("html")
        assert html.get("lang") == lang, f"{path}: <html lang={html.get('lang')!r}>"


def test_the_switch_leads_to_the_same_page_both_ways(site):
    """Every page of both trees (but the redirect stubs, which send readers on) has a visible link to itself
    in the other language, marked with that language, and that link comes back."""
    checked = 0
    for path, lang in both_trees(site):
        soup = site.soup(path)
        if soup.find("meta", attrs={"http-equiv": "refresh"}):
            continue
        links = soup.select(".kp-languages a[hreflang]")
        assert len(links) == 1, f"{path}: {len(links)} language links"
        (link,) = links
        other = "en" if lang == "fr" else "fr"
        assert link["hreflang"] == other and link["lang"] == other, path
        # Its name, and on a phone its code in its place (the name stays the link's text for screen readers).
        assert link.select_one(".kp-languages__name").get_text(strip=True) == i18n.NAMES[other]
        assert link.select_one(".kp-languages__code").get_text(strip=True) == other.upper()
        target = urlsplit(urljoin("http://site" + path, link["href"])).path
        if path.endswith("404.html"):
            assert target == counterpart(path), path
            continue
        assert target == counterpart(path), f"{path}: the switch leads to {target}"
        back = site.soup(target).select_one(".kp-languages a[hreflang]")
        assert urlsplit(urljoin("http://site" + target, back["href"])).path == path
        checked += 1
    assert checked >= 2 * (len(PAGE_TYPES) - 1)


def test_every_page_names_its_languages_for_search_engines(site):
    """<link rel=alternate hreflang> for en, fr and x-default, absolute, each to a page of the build. Written
    rel=" alternate" so Material's script (link[rel=alternate] fetches a sitemap) leaves them alone."""
    for path, _lang in both_trees(site):
        soup = site.soup(path)
        if path.endswith("404.html"):
            continue
        alternates = {link["hreflang"]: link["href"] for link in soup.find_all("link", hreflang=True)
                      if "alternate" in link.get("rel", [])}
        assert set(alternates) == {"en", "fr", "x-default"}, f"{path}: {sorted(alternates)}"
        assert alternates["x-default"] == alternates["en"]
        for code, href in alternates.items():
            assert href.startswith(SITE_URL), href
            local = "/" + href.removeprefix(SITE_URL)
            assert site.file_for(local) is not None, f"{path}: hreflang {code} -> {href}"
        assert alternates["fr"] == SITE_URL + counterpart(path.removeprefix("/fr")).lstrip("/") \
            if not path.startswith("/fr/") else alternates["fr"] == SITE_URL + path.lstrip("/")
    html = (site.root / "statements" / ZIMBABWE_2009 / "index.html").read_text("utf-8")
    assert 'rel=" alternate" hreflang="fr"' in html
    assert not re.search(r'<link[^>]*rel="alternate"[^>]*hreflang', html)


def test_the_canonical_address_of_a_french_page_is_its_own(site):
    canonical = site.soup(f"/fr/statements/{ZIMBABWE_2009}/").find("link", rel="canonical")["href"]
    assert canonical == f"{SITE_URL}fr/statements/{ZIMBABWE_2009}/"


# --- a French statement page -----------------------------------------------------------------------------------

def test_a_french_statement_page(site):
    soup = site.soup(f"/fr/statements/{ZIMBABWE_2009}/")
    h1 = soup.select_one(".md-content h1")
    assert h1.get("lang") == "en", "an English title on a French page carries lang=en"
    assert soup.select_one(".kp-text")["lang"] == "en"
    assert soup.select_one(".md-header__topic[data-md-component=header-topic] span")["lang"] == "en"
    dateline = soup.select_one(".kp-dateline").get_text(" ", strip=True)
    assert dateline.startswith("6 novembre 2009 · Communiqué de presse · Réunion plénière du Processus de "
                               "Kimberley 2009, Swakopmund")
    panel = soup.select_one("#about-this-statement").get_text(" ", strip=True)
    for words in ["À propos de cette déclaration", "Écrite par", "Coalition de la Société Civile du Processus de "
                  "Kimberley", "Côte d'Ivoire", "Guinée", "République démocratique du Congo", "Namibie",
                  "Zimbabwe et Marange", "Langue anglais"]:
        assert words in panel, words
    assert soup.select_one("#text").get_text(strip=True) == "Texte"
    assert soup.select_one("#cite-this-statement").get_text(strip=True) == "Citer cette déclaration"
    # The references stay the statement's: its permanent address, the same in both trees' cite boxes.
    english = site.soup(f"/statements/{ZIMBABWE_2009}/")
    assert soup.select_one(".kp-cite")["data-url"] == english.select_one(".kp-cite")["data-url"]
    assert [p.get_text() for p in soup.select(".kp-text p")] == [p.get_text() for p in english.select(".kp-text p")]
    assert english.select_one(".md-content h1").get("lang") is None
    labels = [h.get_text(strip=True) for h in soup.select(".kp-cite-label")]
    assert labels[:2] == ["APA (7e édition)", "Chicago (17e édition, auteur-date)"]
    assert soup.select_one("[data-style=apa] .kp-cite-text")["data-copy-label"] == "Référence APA (7e édition)"
    # A country's other names: the groups of languages apart as French sets them, with a narrow space.
    aka = " ".join(span.get_text() for span in soup.select(".kp-meta .kp-aka"))
    assert "; " not in aka.replace("\u202f; ", ""), aka


def test_a_french_listing_says_which_statements_are_in_english(site):
    """On a French page an English statement is marked "en anglais"; on an English page it is not marked."""
    french = site.soup("/fr/statements/").select_one(".md-content").get_text(" ", strip=True)
    english = site.soup("/statements/").select_one(".md-content").get_text(" ", strip=True)
    assert "en anglais" in french
    assert "in English" not in english


def test_the_french_pages_link_the_shared_files_of_the_english_tree(site):
    soup = site.soup(f"/fr/statements/{ZIMBABWE_2009}/")
    path = f"/fr/statements/{ZIMBABWE_2009}/"
    targets = {urlsplit(urljoin("http://site" + path, a["href"])).path for a in soup.select("a[href]")}
    for ext in ("txt", "bib", "ris", "json"):
        assert f"/statements/{ZIMBABWE_2009}.{ext}" in targets, ext
    assert not (site.root / "fr" / "statements.json").exists(), "one set of data files, at the site's root"
    data = site.soup("/fr/data/")
    links = {urlsplit(urljoin("http://site/fr/data/", a["href"])).path for a in data.select("a[href]")}
    assert {"/statements.json", "/statements.csv", "/datapackage.json", "/fr/feed.xml"} <= links


def test_french_dates_and_country_names():
    fr = i18n.Language("fr", places=Places({}))
    assert fr.long_date(date(2009, 11, 6)) == "6 novembre 2009"
    assert fr.long_date(date(2021, 6, 1)) == "1er juin 2021"
    assert fr.date_range((date(2009, 11, 2), date(2009, 11, 5))) == "2–5 novembre 2009"
    assert fr.date_range((date(2017, 11, 30), date(2017, 12, 2))) == "30 novembre – 2 décembre 2017"
    assert fr.date_range((date(2018, 6, 1), date(2018, 6, 3))) == "1er–3 juin 2018"
    assert fr.country("CD") == "République démocratique du Congo"
    assert fr.country("CG") == "République du Congo"
    assert fr.country("CI") == "Côte d'Ivoire"
    assert fr.country("CF") == "République centrafricaine"
    assert fr.country("EU") == "Union européenne"
    assert fr.country("BE") == "Belgique"
    # ISO 3166's index order turned into a sentence's; a common name where the standard has one
    assert fr.country("RU") == "Fédération de Russie" and fr.country_in_index("RU") == "Russie, Fédération de"
    assert fr.country("SB") == "Îles Salomon"
    assert fr.country("IR") == "Iran"
    assert fr.country("KR") == "Corée du Sud"
    assert fr.country("BQ") == "Bonaire, Saint-Eustache et Saba"  # a list of places keeps its commas


def test_french_listings_in_french_order(site):
    """The countries in the order of their French names as an index lists them, accents aside (Égypte among
    the E; the Fédération de Russie among the R, as "Russie, Fédération de")."""
    import pycountry

    fr = i18n.Language("fr")
    index = {fr.country(c.alpha_2): fr.country_in_index(c.alpha_2) for c in pycountry.countries}
    rows = [td.get_text(strip=True) for td in site.soup("/fr/countries/").select("td[data-label=Pays]")]
    assert rows == sorted(rows, key=lambda name: countrynames.sort_key(index.get(name, name)))
    assert "Libéria" in rows and "Namibie" in rows


def test_the_glossary_in_french(site):
    text = site.soup("/fr/glossary/").select_one(".md-content").get_text(" ", strip=True)
    for term in ["Processus de Kimberley (PK)", "République démocratique du Congo (RDC)",
                 "République centrafricaine (RCA)", "Réunion plénière", "Conseil mondial du diamant (WDC)"]:
        assert term in text, term
    # The anchors are the English page's: a link to a term works in both trees.
    assert site.ids("/fr/glossary/") >= {"kp", "drc", "car"}


def test_the_french_search_page_is_french_and_lists_french_filters(site):
    soup = site.soup("/fr/search/")
    legends = [legend.get_text(strip=True) for legend in soup.select("fieldset legend")]
    assert legends[:3] == ["Année", "Réunion", "Pays"]
    assert "Zimbabwe et Marange" in soup.select_one("fieldset[data-facet=topic]").get_text(" ", strip=True)
    config = json.loads(soup.select_one("#kp-search-index").string)
    assert config["bundles"] and all(b.startswith("pagefind/") for b in config["bundles"])
    entry = json.loads((site.root / "fr" / config["bundles"][0] / "pagefind-entry.json").read_text("utf-8"))
    assert set(entry["languages"]) == {"fr"}, "the French tree's index is French: its pages' <html lang>"


@pytest.mark.browser
def test_the_french_search_finds_statements_and_leads_to_french_pages(page):
    goto(page, "/fr/search/?q=Zimbabwe")
    first = page.locator("#kp-results li a").first
    first.wait_for(state="visible", timeout=15_000)
    href = first.get_attribute("href")
    assert urlsplit(urljoin(page.url, href)).path.startswith("/fr/statements/"), href
    status = page.locator("#kp-status").inner_text()
    assert re.fullmatch(r"\d+ déclarations? trouvées? pour «\u202fZimbabwe\u202f», les plus pertinentes d’abord\.",
                        status), status
    assert re.fullmatch(r"\d{1,2}(er)? [a-zéû]+ \d{4}", page.locator(".kp-result__meta time").first.inner_text())


@pytest.mark.browser
def test_following_the_switch_in_a_browser(page):
    goto(page, f"/statements/{ZIMBABWE_2009}/")
    page.locator(".kp-languages a[hreflang=fr]").click()
    page.wait_for_url(f"**/fr/statements/{ZIMBABWE_2009}/")
    assert page.locator("html").get_attribute("lang") == "fr"
    page.locator(".kp-languages a[hreflang=en]").click()
    page.wait_for_url(f"**/statements/{ZIMBABWE_2009}/")
    assert "/fr/" not in page.url


@pytest.mark.browser
def test_a_missing_french_page_gets_the_french_404(page):
    goto(page, FRENCH_PAGE_TYPES["fr-404"])
    assert page.locator("h1").inner_text() == "Page introuvable"
    assert page.locator("html").get_attribute("lang") == "fr"


# --- the feed, the sitemaps, the redirects ----------------------------------------------------------------------

def test_the_french_feed_has_the_same_entries_with_french_labels(built_site):
    english = feedparser.parse((built_site / "feed.xml").read_bytes())
    french = feedparser.parse((built_site / "fr" / "feed.xml").read_bytes())
    assert not french.bozo, french.get("bozo_exception")
    assert [e.id for e in french.entries] == [e.id for e in english.entries]
    assert french.feed.title.startswith("Déclarations de la Coalition")
    for entry in french.entries:
        assert entry.link.startswith(SITE_URL + "fr/statements/")
    labels = {t.label for e in french.entries for t in e.get("tags", [])}
    assert "Zimbabwe et Marange" in labels
    assert b'xml:lang="fr"' in (built_site / "fr" / "feed.xml").read_bytes()[:300]
    html = (built_site / "fr" / "index.html").read_text("utf-8")
    assert re.search(r'<link rel="alternate feed" type="application/atom\+xml"[^>]*href="feed\.xml"', html)


def test_the_csv_labels_its_codes_in_both_languages_as_each_tree_shows_them(site, built_site):
    """One set of codes; each name column has its French beside it, the name the French page of the value
    has for its title (a meeting's, a country's, a topic's); a year or a person keeps one name."""
    import csv

    with (built_site / "statements.csv").open(newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert "year_name_fr" not in rows[0] and "person_name_fr" not in rows[0]
    checked = 0
    for row in rows:
        for key, folder in (("meeting", "meetings"), ("country", "countries"), ("topic", "topics")):
            if not row[key]:
                continue
            codes, english, french = (row[column].split("; ") for column in (key, f"{key}_name", f"{key}_name_fr"))
            for code, en, fr in zip(codes, english, french, strict=True):
                assert en in site.soup(f"/{folder}/{code.lower()}/").h1.get_text(" ", strip=True)
                assert fr in site.soup(f"/fr/{folder}/{code.lower()}/").h1.get_text(" ", strip=True)
                checked += 1
    assert checked
    zimbabwe = next(r for r in rows if r["id"] == ZIMBABWE_2009)
    assert "Réunion plénière du Processus de Kimberley 2009, Swakopmund" == zimbabwe["meeting_name_fr"]
    assert "République démocratique du Congo" in zimbabwe["mentioned_name_fr"].split("; ")
    assert zimbabwe["language_name_fr"] == "anglais" and zimbabwe["type_name_fr"] == "Communiqué de presse"


def test_each_tree_has_its_sitemap(built_site):
    english = (built_site / "sitemap.xml").read_text("utf-8")
    french = (built_site / "fr" / "sitemap.xml").read_text("utf-8")
    assert f"<loc>{SITE_URL}statements/{ZIMBABWE_2009}/</loc>" in english
    assert "/fr/" not in english
    locs = re.findall(r"<loc>(.*?)</loc>", french)
    assert locs and all(loc.startswith(SITE_URL + "fr/") for loc in locs)
    assert f"{SITE_URL}fr/statements/{ZIMBABWE_2009}/" in locs
    robots = (built_site / "robots.txt").read_text("utf-8")
    assert f"Sitemap: {SITE_URL}sitemap.xml" in robots and f"Sitemap: {SITE_URL}fr/sitemap.xml" in robots


def test_redirect_stubs_in_both_trees(tmp_path):
    project = make_project(tmp_path)
    (project / "statements" / "redirects.yml").write_text(f"2009-11-06-zimbabwe-old: {ZIMBABWE_2009}\n", "utf-8")
    result = build_index(project)
    assert result.returncode == 0, result.stderr
    for tree in ("", "fr/"):
        generated = project / "overrides" / "generated" / f"{tree}statements"
        stub = (generated / "2009-11-06-zimbabwe-old.html").read_text("utf-8")
        assert f"statements/{ZIMBABWE_2009}" in stub
        front = (project / "docs" / f"{tree}statements" / "2009-11-06-zimbabwe-old.md").read_text("utf-8")
        assert "redirect:" in front
    assert "Cette déclaration a changé d’adresse" in (
        project / "overrides" / "generated" / "fr" / "statements" / "2009-11-06-zimbabwe-old.html").read_text("utf-8")


# --- a missing translation stops the build ------------------------------------------------------------------------

def test_every_interface_string_has_its_french():
    """Every message of the templates, the theme's overrides and the Python (facet labels, page titles…)."""
    assert extract_messages.untranslated(ROOT, "fr") == []


def test_the_catalogue_command_says_what_it_found(capsys):
    """`python -m kparchive.extract_messages` (what a contributor runs after adding a string), in process."""
    assert extract_messages.main([]) == 0
    assert capsys.readouterr().out == ("every message of the interface has its French in "
                                       "kparchive/locale/fr/LC_MESSAGES/messages.po\n")


def test_a_string_without_french_stops_the_render():
    fr = i18n.Language("fr", places=Places({}))
    assert fr.gettext("Statements") == "Déclarations"
    with pytest.raises(i18n.MissingTranslation, match="no fr translation for 'A string nobody translated'"):
        fr.gettext("A string nobody translated")
    assert i18n.Language("en").gettext("A string nobody translated") == "A string nobody translated"


@pytest.fixture
def project(tmp_path):
    return make_project(tmp_path)


def edit(project, name, old, new):
    path = project / "statements" / name
    text = path.read_text("utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), "utf-8")


def refused(project, line):
    result = build_index(project)
    assert result.returncode == 1, result.stdout
    assert "Traceback" not in result.stderr
    assert line in result.stderr.splitlines(), result.stderr
    assert not (project / "docs" / "fr" / "index.md").exists(), "a refused build wrote nothing"


def test_a_meeting_without_its_french_name_is_refused(project):
    edit(project, "meetings.yml", '  fr: {name: "Réunion plénière du Processus de Kimberley 2009, Swakopmund"}\n', "")
    edit(project, "meetings.yml", "  unverified: [fr.name]   # the archive's translation: no public record gives "
                                  "the name in French\n", "")
    refused(project, "statements/meetings.yml: 2009-plenary-swakopmund.fr: is missing: the French interface needs "
                     "its name in French (fr: {name: …})")


def test_a_topic_without_its_french_description_is_refused(project):
    edit(project, "topics.yml", 'fr: {label: "Zimbabwe et Marange", description:', 'fr: {label: "Zimbabwe et Marange", '
         'descriptio:')
    result = build_index(project)
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert "statements/topics.yml: zimbabwe-marange.fr.descriptio: is not a known field" in lines, result.stderr
    assert "statements/topics.yml: zimbabwe-marange.fr.description: is missing: the French interface shows it; " \
           "write it in French" in lines, result.stderr


@pytest.mark.parametrize("value, message", [
    ("3", "must be text, not"),
    ('"Communiqué\\u0007"', "contains the control character U+0007"),
    ("[a, b]", "must be text, not"),
])
def test_a_french_field_is_checked_like_any_other(project, value, message):
    edit(project, "types.yml", 'fr: {label: "Communiqué de presse"}', f"fr: {{label: {value}}}")
    result = build_index(project)
    assert result.returncode == 1
    problems = [line for line in result.stderr.splitlines() if line.startswith("statements/types.yml: ")]
    assert problems and all("press-release.fr.label" in line for line in problems), result.stderr
    assert any(message in line for line in problems), result.stderr


def test_an_organisation_keeps_its_own_name_without_a_french_one(project):
    result = build_index(project)
    assert result.returncode == 0, result.stderr
    fragment = (project / "overrides" / "generated" / "fr" / "organisations" / "global-witness.html").read_text("utf-8")
    assert "<h1>Global Witness</h1>" in fragment
    csc = (project / "overrides" / "generated" / "fr" / "organisations" / "kp-csc.html").read_text("utf-8")
    assert "Coalition de la Société Civile du Processus de Kimberley" in csc
    assert "kpcivilsociety.org/fr/a-propos-de-la-coalition/" in csc, "its French name has its source"


def test_a_french_abbreviation_is_explained_in_french_texts_only_where_a_source_writes_it():
    """One `fr:` for the interface and the texts: its abbreviation explains French texts when a source's
    supports name it ("PK"), else it is the interface's translation only ("ONG")."""
    from kparchive.model import Source
    from kparchive.validate import written_in_texts

    writes_pk = Source("Qu'est-ce que le PK ?", "https://example.org/fr", supports=("PK",))
    kp = {"term": "Kimberley Process", "fr": {"term": " Processus de Kimberley ", "abbr": "PK"}}
    [fr] = written_in_texts(kp, (writes_pk,))
    assert (fr.language, fr.term, fr.abbr) == ("fr", "Processus de Kimberley", "PK")
    ngo = {"term": "Non-governmental organisation", "fr": {"term": "Organisation non gouvernementale",
                                                             "abbr": "ONG"}}
    assert written_in_texts(ngo, (writes_pk,)) == []
    assert written_in_texts({"term": "Plenary", "fr": {"term": "Réunion plénière"}}, (writes_pk,)) == []
    for broken in ({"abbr": 3}, "PK", None, {"abbr": " "}):  # each reported by validate_french, none used
        assert written_in_texts({"term": "Kimberley Process", "fr": broken}, (writes_pk,)) == []
    [fallback] = written_in_texts({"term": "Kimberley Process", "fr": {"abbr": "PK", "term": ["x"]}}, (writes_pk,))
    assert fallback.term == "Kimberley Process"  # an unusable French term: the English one, the build refused


def test_the_french_glossary_has_one_place_for_its_french(project):
    """The French of a glossary entry is in `fr:` alone: the field that held it for texts is refused."""
    edit(project, "glossary.yml", "- term: Plenary\n", "- term: Plenary\n  languages: {fr: {term: Plénière}}\n")
    result = build_index(project)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert any("glossary.yml" in line and "languages" in line for line in result.stderr.splitlines()), \
        result.stderr


def test_a_persons_role_is_in_french_where_the_statement_gives_it(fixture_site):
    """A person's role is the editors' free text: its French form (`fr: {role: …}`) on French pages, the panel
    and the person's page; where a statement gives none, the role as written, marked with its language."""
    fixed = Site(fixture_site)
    chair = "président de la Coalition de la société civile du Processus de Kimberley"
    for path in ("/fr/statements/2018-11-16-brussels-plenary-reform/", "/fr/people/shamiso-mtisi/"):
        content = fixed.soup(path).select_one(".md-content")
        assert chair in content.get_text(" ", strip=True), path
        assert not content.find(lambda el: el.get("lang") == "en" and chair in el.get_text()), path
        english = fixed.soup(path.removeprefix("/fr")).select_one(".md-content").get_text(" ", strip=True)
        assert chair not in english and "Chair of the Kimberley Process Civil Society Coalition" in english
    # No French form: the English role, marked as such.
    panel = fixed.soup("/fr/statements/2021-06-28-virtual-intersessional-silencing/").select_one(".kp-meta")
    marked = panel.find("span", string="KP Civil Society Coalition Coordinator")
    assert marked is not None and marked["lang"] == "en"
