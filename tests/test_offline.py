"""The offline edition: the zip `make site` (through `make offline`) builds, unpacked and read from file://.

A reader unzips it and double-clicks index.html: every page, download and search must work from the file
system, and no request may leave file:// (no CDN; the search page's scripts are the edition's own files).
"""

from __future__ import annotations

import csv
import json
import re
import zipfile
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import unquote, urlencode, urlsplit

import pytest
from bs4 import BeautifulSoup

from kparchive import offline_search, sitebuild, urls
from kparchive.offline import MATERIAL_SEARCH, pack

from browser_support import open_page

# Builds a site of its own: the offline edition of the real `make site`, and its zip unpacked.
pytestmark = pytest.mark.build

ZIP_NAME = re.compile(r"kp-statements-offline-(\d{4}-\d{2}-\d{2})\.zip")
LATEST = "downloads/kp-statements-offline-latest.zip"


@pytest.fixture(scope="module")
def offline_zip(built_site: Path, project_root: Path) -> Path:
    """The dated zip in dist/ that the online site offers as its latest offline edition."""
    latest = built_site / LATEST
    assert latest.is_file(), f"`make site` did not place the offline edition at site/{LATEST}"
    same = [z for z in sorted((project_root / "dist").glob("*.zip")) if z.read_bytes() == latest.read_bytes()]
    assert same, f"site/{LATEST} matches no zip in dist/"
    assert ZIP_NAME.fullmatch(same[-1].name), f"unexpected name {same[-1].name}"
    return same[-1]


@pytest.fixture(scope="module")
def edition_date(offline_zip: Path) -> str:
    return ZIP_NAME.fullmatch(offline_zip.name).group(1)


@pytest.fixture(scope="module")
def offline_root(offline_zip: Path, tmp_path_factory) -> Path:
    """The zip unpacked as a reader would: its one top-level folder."""
    target = tmp_path_factory.mktemp("usb-stick")
    with zipfile.ZipFile(offline_zip) as zf:
        zf.extractall(target)
    folders = list(target.iterdir())
    assert [f.name for f in folders] == [offline_zip.stem], "the zip must hold exactly one top-level folder"
    return folders[0]


@contextmanager
def file_page(browser, root: Path):
    """A page for the unpacked edition; fails the test on any request outside file:// or any failed load
    (a missing file is net::ERR_FILE_NOT_FOUND; ERR_ABORTED is a load cut short by the next navigation)."""
    with open_page(browser, root.as_uri() + "/") as page:
        failed: list[str] = []
        page.on("requestfailed", lambda r: r.failure == "net::ERR_ABORTED" or failed.append(f"{r.url} ({r.failure})"))
        yield page
        assert not failed, "requests failed:\n  " + "\n  ".join(failed)
    assert page.requests_seen, "no request was recorded"
    assert all(u.startswith("file://") for u in page.requests_seen)


def local_path(url: str) -> Path:
    return Path(unquote(urlsplit(url).path))


# --- the zip -------------------------------------------------------------------------------------------


def test_zip_holds_every_statement_original_and_the_catalogue(offline_root, project_root):
    originals = sorted((project_root / "statements").glob("*.txt"))
    assert originals
    for original in originals:
        sid = original.stem
        assert (offline_root / "statements" / f"{sid}.html").is_file(), f"no page for {sid}"
        copy = offline_root / "statements" / original.name
        assert copy.read_bytes() == original.read_bytes(), f"{copy.name} differs from the original"
    records = json.loads((offline_root / "statements.json").read_text(encoding="utf-8"))
    assert len(records) == len(originals)
    for name in ("index.html", "README.txt", urls.OFFLINE_LUNR, urls.OFFLINE_SEARCH_INDEX):
        assert (offline_root / name).is_file(), f"{name} is missing"
    assert not list(offline_root.rglob("*.map")), "source maps are left out of the zip"
    assert not list(offline_root.glob("assets/javascripts/workers/search.*")), "Material's search is left out"


# Pagefind and Material's search (the edition has its own), the zip itself, what only a server uses: in
# either tree (the French one is fr/ in both editions).
ONLINE_ONLY = ("pagefind/", "downloads/", "search/", *MATERIAL_SEARCH, "404.html", "sitemap.xml")


def test_every_page_and_download_of_the_online_site_is_in_the_edition(built_site, offline_root):
    """Statements, listings and data files alike (originals, catalogue, and whatever data the site grows)."""
    missing = []
    for path in sorted(built_site.rglob("*")):
        name = path.relative_to(built_site).as_posix()
        own = name.removeprefix("fr/")
        if not path.is_file() or own.startswith(ONLINE_ONLY) or name.endswith(".map") or urls.online_only(own):
            continue
        candidates = [name]
        if name.endswith("/index.html"):  # about.md: about/index.html online, about.html offline
            candidates.append(name.removesuffix("/index.html") + ".html")
        if not any((offline_root / c).is_file() for c in candidates):
            missing.append(name)
    assert not missing, f"{len(missing)} file(s) of the online site missing offline:\n  " + "\n  ".join(missing)


def test_a_statements_bib_ris_and_json_are_linked_on_the_online_site(offline_root, project_root):
    """The edition leaves them out (its cite box holds the references): the page links the online copies."""
    site_url = sitebuild.load(project_root / "mkdocs.offline.yml").site_url
    pages = sorted((offline_root / "statements").glob("*.html"))
    french = sorted((offline_root / "fr" / "statements").glob("*.html"))
    assert pages and len(french) == len(pages)
    pages += french  # the French tree links the same files: the English tree's, which both share
    for html in pages:
        if html.name == "index.html":
            continue
        sid = html.stem
        soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
        hrefs = {a["href"] for a in soup.select(".kp-cite-download a[href]")}
        for ext in ("bib", "ris", "json"):
            assert f"{site_url}statements/{sid}.{ext}" in hrefs, f"{html.name}: no online link to {sid}.{ext}"
            assert not (offline_root / "statements" / f"{sid}.{ext}").exists(), f"{sid}.{ext} is in the zip"
        original = soup.select_one(".kp-meta a[download][href$='.txt']")["href"]
        assert (html.parent / original).is_file(), "the original is linked inside the edition"


def test_a_statements_head_keeps_what_reference_managers_read_and_not_what_only_the_web_reads(
        built_site, offline_root):
    """Offline, a statement's head keeps its citation_* and Dublin Core (Zotero reads them from a saved page)
    and leaves out OpenGraph and JSON-LD, for link previews and search engines; online it has all four."""
    sid = catalogue(offline_root)[0]["id"]
    for tree in ("", "fr/"):
        online = built_site / f"{tree}statements" / sid / "index.html"
        offline = offline_root / f"{tree}statements" / f"{sid}.html"
        web, edition = (BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").head
                        for page in (online, offline))
        for head in (web, edition):
            assert head.select_one('meta[name="citation_title"]')["content"] == catalogue(offline_root)[0]["title"]
            assert head.select_one('meta[name="DC.title"]') is not None
        assert web.select('meta[property^="og:"]') and web.select('script[type="application/ld+json"]')
        assert not edition.select("meta[property]"), offline
        assert not edition.select('script[type="application/ld+json"]'), offline


def test_online_only_links_resolve_on_the_site_online_and_on_the_online_site_offline():
    html = f'<a href="{urls.placeholder(urls.statement_file("x", "ris"))}">'
    assert urls.resolve(html, "../..", True) == '<a href="../../statements/x.ris">'
    assert urls.resolve(html, "..", False, "https://example.org/") == '<a href="https://example.org/statements/x.ris">'


def test_an_original_is_linked_where_its_tree_finds_it_and_online_in_a_split_edition():
    html = f'<a href="{urls.placeholder(urls.statement_file("x", "txt"), "fr")}">'
    assert urls.resolve(html, "..", True) == '<a href="../statements/x.txt">'
    assert urls.resolve(html, "..", False, "https://example.org/", "fr") == '<a href="../../statements/x.txt">'
    online = '<a href="https://example.org/statements/x.txt">'
    assert urls.resolve(html, "..", False, "https://example.org/", "fr", split=True) == online
    assert urls.resolve(html, "..", False, "https://example.org/", "en", split=True) == online


def test_every_local_link_and_asset_resolves_inside_the_edition(offline_root):
    """From file:// a link to a folder opens a directory listing, and a link to `/x` leaves the edition."""
    broken = []
    for html in sorted(offline_root.rglob("*.html")):
        soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
        for tag in soup.find_all(["a", "link", "script", "img"]):
            ref = tag.get("href") or tag.get("src")
            if not ref or ref.startswith(("#", "mailto:")) or urlsplit(ref).scheme:
                continue
            target = (html.parent / unquote(urlsplit(ref).path)).resolve()
            if ref.startswith("/") or not target.is_file() or offline_root.resolve() not in target.parents:
                broken.append(f"{html.relative_to(offline_root)}: {ref}")
    assert not broken, f"{len(broken)} broken link(s):\n  " + "\n  ".join(broken[:30])


def test_zip_is_reproducible(built_site, project_root, edition_date, tmp_path):
    """Same site, same date, same bytes: entries are sorted and stamped with the edition date."""
    from datetime import date

    site = project_root / "build" / "offline"
    [first] = pack(site, tmp_path / "a", date.fromisoformat(edition_date))
    [second] = pack(site, tmp_path / "b", date.fromisoformat(edition_date))
    assert first.read_bytes() == second.read_bytes()
    with zipfile.ZipFile(first) as zf:
        names = zf.namelist()
    assert names[1:] == sorted(names[1:]), "entries after README.txt are in sorted order"


def test_offline_config_has_the_main_configs_plugins_and_builds_in_shards(project_root):
    """INHERIT replaces lists: the edition sets no plugins of its own, so it has exactly mkdocs.yml's (a plugin
    added there reaches the edition too), and kparchive.sitebuild can build it in parallel shards."""
    text = (project_root / "mkdocs.offline.yml").read_text(encoding="utf-8")
    assert not re.search(r"^plugins\s*:", text, re.M), "mkdocs.offline.yml lists plugins of its own"
    online, offline = (sitebuild.load(project_root / name) for name in ("mkdocs.yml", "mkdocs.offline.yml"))
    assert list(offline.plugins) == list(online.plugins)
    assert sitebuild.shardable(offline)
    assert offline.extra["offline_search"] in (offline_search.FULL, offline_search.METADATA)


# --- the online site offers it -------------------------------------------------------------------------


def test_online_footer_links_to_the_latest_offline_edition(built_site, offline_zip, edition_date):
    soup = BeautifulSoup((built_site / "about" / "index.html").read_text(encoding="utf-8"), "html.parser")
    link = soup.select_one(".md-copyright .kp-edition a[download]")
    assert link is not None, "the footer does not offer the offline edition"
    assert (built_site / "about" / link["href"]).resolve() == (built_site / LATEST).resolve()
    assert link["download"] == offline_zip.name
    note = link.parent.get_text(" ", strip=True)
    assert edition_date in note and re.search(r"\d (kB|MB)", note), note


# --- read from file:// in Chromium ---------------------------------------------------------------------


def test_open_index_and_follow_links_to_a_statement_and_a_country(browser, offline_root, edition_date):
    with file_page(browser, offline_root) as page:
        page.goto((offline_root / "index.html").as_uri())
        banner = page.locator(".md-banner")
        assert "Offline edition" in banner.inner_text() and edition_date in banner.inner_text()

        page.locator(".md-tabs, .md-nav--primary").get_by_role("link", name="Statements", exact=True).first.click()
        assert page.url.endswith("/statements/index.html")
        page.locator("article td > a[href$='.html'][href*='-']").first.click()  # the table of statements
        assert re.search(r"/statements/[0-9]{4}-[^/]+\.html$", page.url), page.url
        statement_file = page.url.rsplit("/", 1)[1]
        assert page.locator("h1").inner_text()
        assert "Offline edition" in page.locator(".md-banner").inner_text()

        page.locator("details.kp-meta > summary").click()  # the facts, folded so the text comes first
        original = page.locator(".kp-meta a[download]")
        assert original.count() == 1
        original_path = local_path(original.evaluate("a => a.href"))
        assert original_path.suffix == ".txt" and original_path.is_file(), original_path

        country = page.locator(".kp-meta a[href*='countries/']").first
        name = country.inner_text()
        country.click()
        assert re.search(r"/countries/[a-z]{2}\.html$", page.url), page.url
        assert page.locator("h1").inner_text() == name
        assert page.locator(f"article a[href$='statements/{statement_file}']").count() >= 1, "it lists the statement"

        page.goto((offline_root / "data.html").as_uri())  # the data page links every download
        catalogue = page.locator("article a[href$='statements.json']").first
        assert local_path(catalogue.evaluate("a => a.href")).is_file()


def test_the_switch_leads_to_the_same_page_in_the_other_tree_of_the_edition(browser, offline_root, edition_date):
    """Both languages are in the one edition: each page's switch opens the same page in the other one, from
    file://, and the French tree speaks French (its banner, its lang)."""
    sid = catalogue(offline_root)[0]["id"]
    with file_page(browser, offline_root) as page:
        page.goto((offline_root / "statements" / f"{sid}.html").as_uri())
        page.locator(".kp-languages a[hreflang=fr]").click()
        page.wait_for_load_state("load")
        assert page.url == (offline_root / "fr" / "statements" / f"{sid}.html").as_uri()
        assert page.locator("html").get_attribute("lang") == "fr"
        banner = page.locator(".md-banner").inner_text()
        assert "Édition hors ligne" in banner and edition_date in banner and "en français" in banner
        assert page.locator("h1").inner_text() == catalogue(offline_root)[0]["title"]
        page.locator(".kp-languages a[hreflang=en]").click()
        page.wait_for_load_state("load")
        assert page.url == (offline_root / "statements" / f"{sid}.html").as_uri()
        page.goto((offline_root / "index.html").as_uri())
        page.locator(".kp-languages a[hreflang=fr]").click()
        page.wait_for_load_state("load")
        assert page.url == (offline_root / "fr" / "index.html").as_uri()


def test_the_readme_says_how_to_open_it_in_both_languages(offline_root, edition_date):
    text = (offline_root / "README.txt").read_text(encoding="utf-8")
    assert "Open index.html" in text and "Ouvrez fr/index.html" in text
    assert text.count(edition_date) == 2 and "La recherche porte sur" in text


# --- its search, from file:// in Chromium ---------------------------------------------------------------


@pytest.fixture(scope="module")
def coverage(offline_root) -> str:
    """What the edition's search covers, as its index says (offline_search.FULL or METADATA)."""
    text = (offline_root / urls.OFFLINE_SEARCH_INDEX).read_text(encoding="utf-8")
    return json.loads(json.loads(text[text.index("(") + 1:text.rindex(")")]))["coverage"]


def search_page(page, root: Path, query: str) -> list[str]:
    """Open the edition's search page for a query, as the header's form does; return the results' links,
    every page of them."""
    page.goto((root / "search" / "index.html").as_uri() + "?" + urlencode({"q": query}))
    page.locator("#kp-status").filter(has_text=re.compile(r"found|No statements|trouvée|Aucune")).wait_for()
    more = page.locator("#kp-more")
    while more.is_visible():
        more.click()
    return page.locator("#kp-results .kp-result__title a").evaluate_all("links => links.map(a => a.href)")


def statement_files(links: list[str]) -> set[str]:
    return {local_path(u).name for u in links}


def catalogue(root: Path) -> list[dict]:
    with open(root / "statements.csv", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_the_header_search_box_opens_the_search_page_with_results(browser, offline_root):
    with file_page(browser, offline_root) as page:
        page.goto((offline_root / "index.html").as_uri())
        box = page.locator("input.kp-header-search__input")
        assert box.get_attribute("placeholder") in ("Search the full text", "Titles, countries, topics…")
        box.fill("Kimberley")
        box.press("Enter")
        page.wait_for_url(re.compile(r"/search/index\.html\?q=Kimberley$"))
        page.locator("#kp-results li").first.wait_for()
        assert page.locator("#kp-q").input_value() == "Kimberley"
        page.locator("#kp-q").press("End")
        page.locator("#kp-q").press_sequentially(" process", delay=20)  # the address follows what is typed
        page.wait_for_url(re.compile(r"\?q=Kimberley%20process$"))
        assert "for “Kimberley process”" in page.locator("#kp-status").inner_text()


def test_a_title_word_finds_its_statement_and_the_result_opens_it(browser, offline_root):
    rows = catalogue(offline_root)
    row = max(rows, key=lambda r: max(len(w) for w in re.findall(r"\w+", r["title"])))
    word = max(re.findall(r"\w+", row["title"]), key=len)  # its title's longest word
    with file_page(browser, offline_root) as page:
        links = search_page(page, offline_root, word)
        assert f"{row['id']}.html" in statement_files(links), f"{word!r} did not find {row['id']}"
        page.locator("#kp-results .kp-result__title a", has_text=row["title"]).first.click()
        page.wait_for_load_state("load")
        assert page.url.startswith("file://") and page.url.endswith(f"/statements/{row['id']}.html")
        assert page.locator("h1").inner_text() == row["title"]


def test_a_country_name_finds_every_statement_naming_it(browser, offline_root):
    rows = catalogue(offline_root)
    names = [name for r in rows for name in r["country_name"].split("; ") if name]
    country = max(set(names), key=lambda n: (names.count(n), n))  # the country most statements name
    expected = {f"{r['id']}.html" for r in rows if country in r["country_name"].split("; ")}
    with file_page(browser, offline_root) as page:
        found = statement_files(search_page(page, offline_root, country))
    assert expected <= found, f"{country!r} did not find {sorted(expected - found)}"


def test_a_full_text_result_opens_its_paragraph(browser, offline_root, built_site, coverage):
    if coverage != offline_search.FULL:
        pytest.skip("this edition's archive is too large for a full-text index")
    record = json.loads(next((built_site / "statements").glob("*.json")).read_text(encoding="utf-8"))
    paragraph = max(record["paragraphs"], key=lambda p: len(p["text"]))
    words = re.findall(r"[^\W\d_]{4,}", paragraph["text"])
    query = " ".join(sorted(set(words), key=lambda w: (-len(w), w))[:3])  # its three longest words
    with file_page(browser, offline_root) as page:
        search_page(page, offline_root, query)
        result = page.locator("#kp-results li", has=page.locator(f"a[href$='{record['id']}.html']"))
        pilcrows = result.locator(".kp-result__excerpt a")
        targets = pilcrows.evaluate_all("links => links.map(a => a.hash)")
        assert f"#{paragraph['id']}" in targets, f"{query!r}: no link to {paragraph['id']} in {targets}"
        pilcrows.nth(targets.index(f"#{paragraph['id']}")).click()
        page.wait_for_load_state("load")
        assert page.url.endswith(f"{record['id']}.html#{paragraph['id']}")
        assert page.locator(f"p#{paragraph['id']}").is_visible()


def test_the_search_page_says_what_it_covers(browser, offline_root, coverage):
    with file_page(browser, offline_root) as page:
        page.goto((offline_root / "search" / "index.html").as_uri())
        note = page.locator("#kp-coverage").inner_text()
        assert "titles" in note.lower() or "title" in note
        for what in ("summary", "meeting", "countries", "topics", "organisations"):
            assert what in note, f"the coverage note does not mention {what}: {note!r}"
        if coverage == offline_search.FULL:
            assert "full text of every statement" in note
        else:
            assert "not its full text" in note
        assert page.locator("#kp-q").get_attribute("aria-describedby") == "kp-coverage"
        assert not [u for u in page.requests_seen if "pagefind" in u]
        intro = page.locator(".kp-search-intro").first.inner_text()  # the online search's phrases are not here
        assert "quotes" not in intro and page.locator(".kp-search-phrases").count() == 1, intro


def test_the_search_page_fits_a_phone(browser, offline_root):
    with open_page(browser, offline_root.as_uri() + "/", viewport={"width": 375, "height": 740}) as page:
        page.goto((offline_root / "search" / "index.html").as_uri() + "?q=Kimberley")
        page.locator("#kp-results li").first.wait_for()
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), "it scrolls sideways"
        assert page.locator("#kp-q").is_visible() and page.locator("#kp-coverage").is_visible()


def test_odd_queries_are_searched_literally(browser, offline_root):
    """lunr's query syntax (field:, ~, ^, +, -, *) and markup are words here, and nothing runs."""
    hostile = '<img src=x onerror="window.kpPwned=1"> zimbabwe:title^10 ~2 +-* "'
    with file_page(browser, offline_root) as page:
        search_page(page, offline_root, hostile)
        assert page.evaluate("window.kpPwned") is None
        assert page.locator("#kp-results img").count() == 0
        assert "<img" in page.locator("#kp-status").inner_text() or page.locator("#kp-results li").count()


def test_untrusted_titles_are_shown_as_text(browser, project_root, tmp_path):
    """Every value in the index comes from statements/: a title made of markup is shown as it is written."""
    import shutil

    edition = tmp_path / "edition"
    shutil.copytree(project_root / "build" / "offline", edition)  # the built edition, each statement's JSON too
    rows = catalogue(edition)
    title = 'Xylophonic <img src=x onerror="window.kpPwned=1"> &amp; {{ 7*7 }} </h3><b>bold</b>'
    rows[0]["title"] = title
    with open(edition / "statements.csv", "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    offline_search.write(edition, offline_search.METADATA)
    with file_page(browser, edition) as page:
        search_page(page, edition, "xylophonic")
        shown = page.locator("#kp-results .kp-result__title a")
        assert shown.count() == 1 and shown.inner_text() == title
        assert page.locator("#kp-results img, #kp-results b").count() == 0
        assert page.evaluate("window.kpPwned") is None


def test_the_french_search_page_finds_the_congo_by_its_french_abbreviation(browser, offline_root):
    """RDC is the French name of the Democratic Republic of the Congo (places.yml): the French tree's search
    finds every statement about or naming it, says so in French, and its results open French pages."""
    rows = catalogue(offline_root)
    expected = {f"{r['id']}.html" for r in rows if "CD" in (r["country"] + "; " + r["mentioned"]).split("; ")}
    assert expected
    french = offline_root / "fr"
    with file_page(browser, offline_root) as page:
        found = search_page(page, french, "RDC")
        assert expected <= statement_files(found)
        assert all(local_path(u).parent == french / "statements" for u in found), found
        status = page.locator("#kp-status").inner_text()
        assert "trouvée" in status and "«\u202fRDC\u202f»" in status, status
        assert "texte intégral" in page.locator("#kp-coverage").inner_text()
        shown = " ".join(page.locator("#kp-results .kp-result__meta").all_inner_texts())
        named = {r["meeting_name_fr"] for r in rows if f"{r['id']}.html" in expected and r["meeting_name_fr"]}
        assert all(name in shown for name in named), (named, shown)  # its meetings' French names
        assert expected <= statement_files(search_page(page, offline_root, "RDC")), "the English tree's too"
        assert expected <= statement_files(search_page(page, french, "Republique democratique")), "no accents"


def test_the_search_covers_the_full_text_while_the_archive_is_small():
    assert offline_search.coverage(offline_search.FULL_TEXT_WORDS) == offline_search.FULL
    assert offline_search.coverage(offline_search.FULL_TEXT_WORDS + 1) == offline_search.METADATA


def test_an_unknown_coverage_is_refused_in_one_line(project_root, monkeypatch, capsys):
    from kparchive import offline

    monkeypatch.setenv("KP_EDITION_DATE", "2026-01-01")
    monkeypatch.setenv("KP_OFFLINE_SEARCH", "everything")
    assert offline.main([str(project_root / "mkdocs.offline.yml")]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "offline_search: 'everything' is not one of full, metadata" in err


def test_the_index_is_the_same_however_many_workers_build_it(project_root):
    site = project_root / "build" / "offline"
    one = offline_search.build(site, offline_search.FULL, workers=1)
    assert one == offline_search.build(site, offline_search.FULL, workers=2)
    assert [s[0] for s in one["statements"]] == [urls.site_path(urls.statement(r["id"]), False)
                                                   for r in catalogue(site)], "statements in catalogue order"


def test_the_browser_stems_every_word_of_the_originals_as_the_index_does(browser, offline_root, project_root):
    """lunr.py stemmed the index and lunr.js stems the query: for every word of every original, the terms
    the page looks up include the one the index holds ("côte" and "cote" alike)."""
    words = sorted({w for t in (project_root / "statements").glob("*.txt")
                    for w in offline_search.WORD.findall(t.read_text(encoding="utf-8").lower())
                    if w not in offline_search.STOP_WORDS})
    with file_page(browser, offline_root) as page:
        page.goto((offline_root / "search" / "index.html").as_uri())
        looked_up = page.evaluate(  # as a query: the page's words (accents dropped), then their stems
            "words => words.map(w => kpOfflineSearch.words(w).flatMap(x => kpOfflineSearch.stems(x)))", words)
    missed = [(w, offline_search.terms(w), terms) for w, terms in zip(words, looked_up, strict=True)
              if offline_search.terms(w)[0] not in terms]
    assert not missed, f"{len(missed)} word(s) the page would not find: {missed[:20]}"
