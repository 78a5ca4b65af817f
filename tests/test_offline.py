"""The offline edition: the zip `make site` (through `make offline`) builds, unpacked and read from file://.

A reader unzips it and double-clicks index.html: every page, download and search must work from the file
system, and no request may leave file:// (no CDN, not even for the search worker's shim).
"""

from __future__ import annotations

import json
import re
import zipfile
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup
from mkdocs.utils.yaml import yaml_load

from kparchive.offline import pack

from browser_support import open_page

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
    for name in ("index.html", "README.txt", "search/search_index.js", "assets/javascripts/iframe-worker/shim.js"):
        assert (offline_root / name).is_file(), f"{name} is missing"
    assert not list(offline_root.rglob("*.map")), "source maps are left out of the zip"


ONLINE_ONLY = ("pagefind/", "downloads/", "search/", "assets/javascripts/lunr/", "404.html", "sitemap.xml")


def test_every_page_and_download_of_the_online_site_is_in_the_edition(built_site, offline_root):
    """Statements, listings and data files alike (originals, catalogue, and whatever data the site grows)."""
    missing = []
    for path in sorted(built_site.rglob("*")):
        name = path.relative_to(built_site).as_posix()
        if not path.is_file() or name.startswith(ONLINE_ONLY) or name.endswith(".map"):
            continue
        candidates = [name]
        if name.endswith("/index.html"):  # about.md: about/index.html online, about.html offline
            candidates.append(name.removesuffix("/index.html") + ".html")
        if not any((offline_root / c).is_file() for c in candidates):
            missing.append(name)
    assert not missing, f"{len(missing)} file(s) of the online site missing offline:\n  " + "\n  ".join(missing)


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
    first = pack(site, tmp_path / "a", date.fromisoformat(edition_date))
    second = pack(site, tmp_path / "b", date.fromisoformat(edition_date))
    assert first.read_bytes() == second.read_bytes()
    with zipfile.ZipFile(first) as zf:
        names = zf.namelist()
    assert names[1:] == sorted(names[1:]), "entries after README.txt are in sorted order"


def test_offline_config_keeps_every_plugin_of_the_main_config(project_root):
    """INHERIT replaces lists: a plugin added to mkdocs.yml must be listed in mkdocs.offline.yml too."""

    def plugin_names(name: str) -> set[str]:
        with open(project_root / name, "rb") as f:
            plugins = yaml_load(f).get("plugins") or []
        return {next(iter(p)) if isinstance(p, dict) else p for p in plugins}

    offline = plugin_names("mkdocs.offline.yml")
    assert {"search", "offline"} <= offline
    assert plugin_names("mkdocs.yml") <= offline


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


def search(page, query: str) -> list[str]:
    """Type into the header search as a reader does; return the result links' URLs."""
    box = page.locator("input.md-search__input")
    box.click()
    box.fill("")
    box.press_sequentially(query, delay=20)
    page.locator(".md-search-result__meta", has_text="matching").wait_for()
    return page.locator(".md-search-result__item > a").evaluate_all("links => links.map(a => a.href)")


def test_header_search_finds_a_word_and_a_country(browser, offline_root):
    with file_page(browser, offline_root) as page:
        page.goto((offline_root / "index.html").as_uri())
        results = search(page, "Marange")
        statements = [u for u in results if re.search(r"/statements/[0-9]{4}-[^/#]+\.html", u)]
        assert statements, f"no statement found for Marange: {results}"

        results = search(page, "Zimbabwe")
        assert any(u.split("#")[0].endswith("/countries/zw.html") for u in results), results
        assert any("/statements/" in u for u in results), results

        page.locator(".md-search-result__item > a[href*='/statements/2']").first.click()
        page.wait_for_load_state("load")
        assert "/statements/" in page.url and page.url.startswith("file://")
        assert page.locator("h1").count() == 1


def test_the_search_page_points_to_the_header_search(browser, offline_root):
    """Pagefind cannot run from file://: the offline /search/ page says where to search instead."""
    with file_page(browser, offline_root) as page:
        page.goto((offline_root / "search" / "index.html").as_uri())
        assert "search with the box at the top of every page" in page.locator(".kp-offline-search").inner_text()
        assert page.locator("#kp-search").count() == 0
        assert not [u for u in page.requests_seen if "pagefind" in u]
