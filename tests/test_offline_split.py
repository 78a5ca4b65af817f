"""A large archive's offline edition: one zip per language from one build (kparchive/offline.py, SPLIT_ABOVE).

Forced here (KP_OFFLINE_SPLIT=true) on the fixture corpus, built as `make site` builds it: the offline edition,
then the online site's two trees offering each its own language's zip (kparchive.downloads). A reader unzips
one language and double-clicks index.html: every local link resolves inside that zip, and what it does not
carry (the other language, the originals) is linked on the online site.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup
from test_offline import file_page, search_page

from kparchive import downloads, offline, urls
from kparchive.offline import SPLIT_ABOVE, choose

from projects import FIXTURE, build_index, ids_of, make_project

# Builds a site of its own: `make site` of the fixture corpus with a split offline edition.
pytestmark = pytest.mark.build

DATE = "2026-01-01"
SITE_URL = "https://statements.kpcivilsociety.org/"  # mkdocs.yml's


def run(project: Path, *args: str, env: dict[str, str] | None = None) -> str:
    result = subprocess.run([sys.executable, "-m", *args], cwd=project, capture_output=True, text=True,
                            env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})})
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """The fixture corpus's project after `make site` with a split edition; a zip of both languages left in
    dist/ by an earlier build of the same date must go."""
    project = make_project(tmp_path_factory.mktemp("split"), site_files=True)
    for name in ("mkdocs.offline.yml", "mkdocs.offline.fr.yml"):
        (project / name).write_bytes((Path(__file__).parent.parent / name).read_bytes())
    assert build_index(project).returncode == 0
    (project / "dist").mkdir()
    (project / "dist" / urls.offline_zip_name(DATE)).write_bytes(b"an earlier edition")
    out = run(project, "kparchive.offline", "mkdocs.offline.yml", "--build", "--dist", "dist", "--json",
              env={"KP_OFFLINE_SPLIT": "true", "KP_EDITION_DATE": DATE})
    (project / "offline.json").write_text(out.strip().splitlines()[-1], "utf-8")
    offered = run(project, "kparchive.downloads", "env", "--dist", "dist", "--date", DATE).split()
    run(project, "kparchive.sitebuild", "--site-dir", "site", "--languages",
        env=dict(pair.split("=", 1) for pair in offered))
    run(project, "kparchive.downloads", "copy", "--dist", "dist", "--date", DATE, "--site", "site")
    return project


@pytest.fixture(scope="module")
def unpacked(project: Path, tmp_path_factory) -> dict[str, Path]:
    """Each language's zip unpacked on its own, as a reader would: its one top-level folder."""
    roots = {}
    for lang in urls.TREES:
        target = tmp_path_factory.mktemp(f"usb-{lang}")
        with zipfile.ZipFile(project / "dist" / urls.offline_zip_name(DATE, lang)) as zf:
            zf.extractall(target)
        roots[lang] = next(target.iterdir())
    return roots


def test_a_split_edition_is_one_zip_per_language_each_with_its_tree_at_the_top(project, unpacked):
    assert sorted(p.name for p in (project / "dist").glob("*.zip")) == [
        f"kp-statements-offline-en-{DATE}.zip", f"kp-statements-offline-fr-{DATE}.zip"], "the earlier zip stays"
    assert json.loads((project / "offline.json").read_text("utf-8"))["split"] is True
    sid = ids_of(FIXTURE)[0]
    for lang, root in unpacked.items():
        assert root.name == f"kp-statements-offline-{lang}-{DATE}"
        assert [p.name for p in root.parent.iterdir()] == [root.name], "one top-level folder"
        soup = BeautifulSoup((root / "statements" / f"{sid}.html").read_text("utf-8"), "html.parser")
        assert soup.html["lang"] == lang
        assert not (root / "fr").exists(), "no other language's tree"
        assert not list((root / "statements").glob("*.txt")), "the originals are online"
        assert (root / urls.OFFLINE_SEARCH_INDEX).is_file()
    readme = {lang: (root / "README.txt").read_text("utf-8") for lang, root in unpacked.items()}
    assert "Open index.html" in readme["en"] and "Ouvrez" not in readme["en"]
    assert "Ouvrez index.html" in readme["fr"] and "en français" in readme["fr"] and "Open " not in readme["fr"]
    assert f"{SITE_URL}fr/" in readme["fr"]


def test_every_link_resolves_inside_its_zip_or_leads_to_the_online_site(unpacked):
    for lang, root in unpacked.items():
        broken, outside = [], set()
        for html in sorted(root.rglob("*.html")):
            soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
            for tag in soup.find_all(["a", "link", "script", "img"]):
                ref = tag.get("href") or tag.get("src")
                if not ref or ref.startswith(("#", "mailto:")):
                    continue
                if urlsplit(ref).scheme:
                    outside.add(ref)
                    continue
                target = (html.parent / unquote(urlsplit(ref).path)).resolve()
                if ref.startswith("/") or not target.is_file() or root.resolve() not in target.parents:
                    broken.append(f"{html.relative_to(root)}: {ref}")
        assert not broken, f"{lang}: {len(broken)} broken link(s):\n  " + "\n  ".join(broken[:30])
        ours = {u for u in outside if u.startswith(SITE_URL)}
        assert any(urls.ORIGINAL.search(u) for u in ours), f"{lang}: no original linked online"


def test_the_switch_and_the_original_lead_to_the_online_site(browser, unpacked):
    """The French zip's statement page, from file://: French banner, its switch to the English page online
    (a directory address, as the online site has), its original online; search works without a request out."""
    sid = ids_of(FIXTURE)[0]
    root = unpacked["fr"]
    with file_page(browser, root) as page:
        page.goto((root / "statements" / f"{sid}.html").as_uri())
        banner = page.locator(".md-banner").inner_text()
        assert "Édition hors ligne" in banner and "en français" in banner and "en anglais" not in banner
        assert page.locator(".kp-languages a[hreflang=en]").get_attribute("href") == f"{SITE_URL}statements/{sid}/"
        assert page.locator(".kp-meta a[download]").get_attribute("href") == f"{SITE_URL}statements/{sid}.txt"
        title = page.locator("h1").inner_text()
        links = search_page(page, root, title.split()[0])
        assert any(link.endswith(f"/statements/{sid}.html") for link in links), links
    root = unpacked["en"]
    with file_page(browser, root) as page:
        page.goto((root / "index.html").as_uri())
        assert page.locator(".kp-languages a[hreflang=fr]").get_attribute("href") == f"{SITE_URL}fr/"
        assert "in English," in page.locator(".md-banner").inner_text()


def test_each_tree_of_the_online_site_offers_its_own_languages_zip(project):
    site = project / "site"
    for lang, page in (("en", site / "about" / "index.html"), ("fr", site / "fr" / "about" / "index.html")):
        zip_path = project / "dist" / urls.offline_zip_name(DATE, lang)
        link = BeautifulSoup(page.read_text("utf-8"), "html.parser").select_one(".md-copyright .kp-edition a[download]")
        assert link is not None, f"{lang}: the footer does not offer the offline edition"
        target = (page.parent / link["href"]).resolve()
        assert target == (site / urls.offline_zip(lang)).resolve() and target.read_bytes() == zip_path.read_bytes()
        assert link["download"] == zip_path.name
        note = link.parent.get_text(" ", strip=True)
        assert DATE in note and ("in English" if lang == "en" else "en français") in note, note
        assert ("French" if lang == "en" else "anglais") not in note, note


def test_the_archive_size_chooses_the_form(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    for n, split in ((SPLIT_ABOVE, "false"), (SPLIT_ABOVE + 1, "true")):
        (docs / urls.CATALOGUE_JSON).write_text(json.dumps([{"id": f"s{i}", "words": 100} for i in range(n)]),
                                                "utf-8")
        assert choose(docs)["KP_OFFLINE_SPLIT"] == split


def test_downloads_refuses_a_date_with_no_edition_in_one_line(tmp_path, capsys):
    assert downloads.main(["env", "--dist", str(tmp_path), "--date", DATE]) == 1
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and DATE in err and "make offline" in err


def test_an_unknown_split_setting_is_refused_in_one_line(project, monkeypatch, capsys):
    monkeypatch.setenv("KP_OFFLINE_SPLIT", "sometimes")
    monkeypatch.setenv("KP_EDITION_DATE", DATE)
    assert offline.main([str(project / "mkdocs.offline.yml"), "--dist", str(project / "dist-refused")]) == 1
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "offline_split" in err and "sometimes" in err
