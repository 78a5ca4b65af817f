"""Originals in other formats from `make add` to the reader: a PDF, a Word document, an OpenDocument text and a
saved web page added with one command each, then built (build_index, MkDocs: the online site and the offline
edition). The page offers the original as published, named with its format and size, by a same-origin link
that works from file://; the exports and the cite box name it; the build checks its sha256 every time; and
nothing of a web page's scripts, frames or images reaches a page.

Builds a site of its own (one statement of the fixture corpus and the four added: a small site, so the builds
are short), once for the module: the online site's two trees (mkdocs.yml, mkdocs.fr.yml), then the offline
edition derived from them as `make site` derives it (kparchive.offline --from-site).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup

from kparchive import offline
from kparchive.text import words

import originals
from projects import IDS, ROOT, add_original, main_in_process, make_project, mkdocs_build_both, remove_review

pytestmark = pytest.mark.build

FORMATS = {  # the format, how the page names it, and the original as the test writes it
    "pdf": ("PDF", lambda paras: originals.pdf(originals.laid_out(paras, lines_a_page=8))),
    "docx": ("Word", originals.docx),
    "odt": ("OpenDocument", originals.odt),
    "html": ("web page", originals.html),
}
TABLE = ["Contact: coalition secretariat", "Press: media office"]  # the Word document's table, cell by cell


def speech(fmt: str) -> list:
    """The speech with a title of its own (each format's text differs, or add refuses it as the same) and a
    dateline, so the draft is dated."""
    return [f"Statement of the Coalition ({fmt.upper()})", "Brussels, 16 November 2018", *originals.SPEECH[1:]]


def sid_of(fmt: str) -> str:
    return f"2018-11-16-original-{fmt}"


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("formats")
    project = make_project(tmp, ids=IDS[:1], site_files=True)
    for config in ("mkdocs.offline.yml", "mkdocs.offline.fr.yml"):
        shutil.copy2(ROOT / config, project / config)
    for fmt, (_, make) in FORMATS.items():
        source = tmp / f"statement.{fmt}"
        source.write_bytes(make(speech(fmt)))
        result = add_original(project, source, "--id", sid_of(fmt))
        assert result.returncode == 0 and not result.stderr, result.stderr
        remove_review(project, sid_of(fmt), type="statement", publisher="kp-csc")
    code, err = main_in_process(project)
    assert code == 0, err
    result = mkdocs_build_both(project)
    assert result.returncode == 0, result.stderr
    result = subprocess.run([sys.executable, "-m", "kparchive.offline", "mkdocs.offline.yml", "--from-site", "site",
                             "--dist", "dist"], cwd=project, capture_output=True, text=True,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert result.returncode == 0, result.stderr
    return project


def source(project: Path, fmt: str) -> bytes:
    return (project.parent / f"statement.{fmt}").read_bytes()


def page(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text("utf-8"), "html.parser")


def target(root: Path, page_path: Path, href: str) -> Path:
    """The file a page's relative link opens, inside the site's folder (as a browser resolves it under file://)."""
    assert not urlsplit(href).scheme and not urlsplit(href).netloc and not href.startswith("/"), href
    url = urljoin(page_path.relative_to(root).as_posix(), href)
    found = (root / unquote(urlsplit(url).path)).resolve()
    assert found.is_relative_to(root.resolve()), href
    return found


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_original_is_kept_byte_for_byte_and_its_text_beside_it(project, fmt):
    statements = project / "statements"
    assert (statements / f"{sid_of(fmt)}.{fmt}").read_bytes() == source(project, fmt)
    text = (statements / f"{sid_of(fmt)}.txt").read_text("utf-8")
    meta = (statements / f"{sid_of(fmt)}.yml").read_text("utf-8")
    assert f"  sha256: {hashlib.sha256(source(project, fmt)).hexdigest()}" in meta
    assert f"  extracted: {hashlib.sha256(text.encode()).hexdigest()}" in meta


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_page_shows_the_text_in_the_authors_paragraphs_and_offers_the_original(project, fmt):
    site = project / "site"
    path = site / "statements" / sid_of(fmt) / "index.html"
    soup = page(path)
    expected = originals.paragraphs_text(speech(fmt)) + (TABLE if fmt == "docx" else [])
    paras = soup.select("div.kp-text p[id], div.kp-text li[id]")
    assert [p["id"] for p in paras] == [f"p{n}" for n in range(1, len(expected) + 1)]
    assert [words(p.get_text(" ")) for p in paras] == [words(p) for p in expected]
    (link,) = [a for a in soup.select("a.kp-action") if a.get_text(strip=True).startswith("Original")]
    label, size = FORMATS[fmt][0], len(source(project, fmt))
    assert link.get_text(strip=True).startswith(f"Original ({label}, ")
    assert link.get_text(strip=True).endswith(" kB)") and size > 1000
    assert link.has_attr("download")
    assert target(site, path, link["href"]).read_bytes() == source(project, fmt)


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_offline_edition_carries_the_original_and_its_link_opens_it_from_file(project, fmt):
    edition = project / "build" / "offline"
    path = edition / "statements" / f"{sid_of(fmt)}.html"
    (link,) = [a for a in page(path).select("a.kp-action") if a.get_text(strip=True).startswith("Original")]
    found = target(edition, path, link["href"])
    assert found.read_bytes() == source(project, fmt)
    assert found.relative_to(edition.resolve()).as_posix() in offline.members(edition)


def test_a_web_pages_scripts_frames_and_images_reach_no_page(project):
    """The page as received is published as text (.html.txt: a browser shows its source, runs nothing), its
    link's download naming it .html; the statement's page holds none of its remote parts."""
    site = project / "site"
    path = site / "statements" / sid_of("html") / "index.html"
    html = path.read_text("utf-8")
    for trace in ("127.0.0.1", "SCRIPT TEXT", "tracker.js", "pixel.gif", "<iframe"):
        assert trace not in html
    (link,) = [a for a in page(path).select("a.kp-action") if a.get_text(strip=True).startswith("Original")]
    assert link["href"].endswith(".html.txt") and link["download"] == f"{sid_of('html')}.html"
    assert link["type"] == "text/html"


def test_the_exports_and_the_cite_box_name_the_original(project):
    site = project / "site"
    records = {r["id"]: r for r in json.loads((site / "statements.json").read_text("utf-8"))}
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO((site / "statements.csv").read_text("utf-8-sig")))}
    package = json.loads((site / "datapackage.json").read_text("utf-8"))
    resources = {r["name"]: r for r in package["resources"]}
    for fmt in FORMATS:
        sid, raw = sid_of(fmt), source(project, fmt)
        sha, name = hashlib.sha256(raw).hexdigest(), f"{sid_of(fmt)}.{fmt}"
        assert records[sid]["original"] == {"file": name, "format": fmt, "bytes": len(raw), "sha256": sha,
                                            "url": f"/statements/{name}" + (".txt" if fmt == "html" else "")}
        assert (rows[sid]["original_file"], rows[sid]["original_format"], rows[sid]["original_sha256"]) == \
            (name, fmt, sha)
        assert resources[f"original-{sid}"]["hash"] == f"sha256:{sha}"
        cite = page(site / "statements" / sid / "index.html").select_one("p.kp-cite-download")
        assert name in cite.get_text() and "(the original, " in cite.get_text()
    (five,) = IDS[:1]
    assert records[five]["original"]["file"] == f"{five}.txt" and rows[five]["original_format"] == "txt"


@pytest.mark.parametrize("change, said", [
    ("a byte", "statements/{sid}.yml: original.sha256: does not match {sid}.pdf"),
    ("removed", "statements/{sid}.yml: original.file: '{sid}.pdf' is not beside the text"),
])
def test_every_build_checks_the_originals_sha256(project, tmp_path, change, said):
    copy = copy_of(project, tmp_path)
    pdf = copy / "statements" / f"{sid_of('pdf')}.pdf"
    if change == "removed":
        pdf.unlink()
    else:
        data = bytearray(pdf.read_bytes())
        data[len(data) // 2] ^= 1
        pdf.write_bytes(bytes(data))
    code, err = main_in_process(copy)
    assert code == 1 and "Traceback" not in err
    assert any(line.startswith(said.format(sid=sid_of("pdf"))) for line in err.splitlines()), err


def copy_of(project: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "project"
    shutil.copytree(project / "statements", copy / "statements")
    shutil.copytree(project / "docs", copy / "docs", symlinks=True)
    return copy


def test_a_correction_to_the_extracted_text_is_an_editors_note_never_a_silent_change(project, tmp_path):
    copy = copy_of(project, tmp_path)
    sid = sid_of("docx")
    text_path, meta_path = copy / "statements" / f"{sid}.txt", copy / "statements" / f"{sid}.yml"
    text = text_path.read_text("utf-8").replace("Madam Chair,", "Madam Chair:")
    text_path.write_text(text, "utf-8")
    meta = meta_path.read_text("utf-8")
    old_sha = next(line for line in meta.splitlines() if line.startswith("sha256: "))
    meta = meta.replace(old_sha, f"sha256: {hashlib.sha256(text.encode()).hexdigest()}")
    meta_path.write_text(meta, "utf-8")
    code, err = main_in_process(copy)
    assert code == 1
    assert err.splitlines()[0] == (f"statements/{sid}.yml: original.extracted: the text is not as it was extracted "
                                   f"from {sid}.docx: say what was corrected in a note (notes: - {{paragraph: N, "
                                   "text: …})")
    meta_path.write_text(meta + "notes:\n  - paragraph: 3\n    text: The original has a comma after Chair.\n", "utf-8")
    code, err = main_in_process(copy)
    assert code == 0, err
