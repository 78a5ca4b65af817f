"""The offline edition derived from the online site's pages (kparchive/offline_pages.py) is the edition MkDocs
builds with mkdocs.offline.yml, file for file and byte for byte, but for the one difference the module names
(a page's canonical link is its online address); and no statement's words, however much they look like markup,
are ever taken for a tag, nor for the footer's mark where the zip's size goes (kparchive/downloads.py).

Builds sites of its own: the fixture corpus with one hostile statement added, its two online trees as `make
site` builds them (MkDocs, the footers' zip size pending), and its edition both ways (MkDocs with the edition's
configs; derived), as one zip of both languages and split in one per language.
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import replace
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from unittest import mock

import pytest
from bs4 import BeautifulSoup

from kparchive import downloads, offline, offline_pages, urls

from projects import add_statement, build_index, make_project

pytestmark = pytest.mark.build

DATE = "2026-01-01"
SITE_URL = "https://statements.kpcivilsociety.org/"  # mkdocs.yml's
HOSTILE_ID = "2018-11-20-hostile-markup"
# A statement's words that look like every piece of markup the derivation looks for or changes.
HOSTILE_TITLE = '<a href="../../about/">About</a> <!-- kp-offline-zip-size --> <meta property="og:x" content="y">'
HOSTILE_TEXT = ('<a href="../../meetings/2018-plenary-brussels/">a link</a> <img src="../../assets/x.png"> '
                '<meta property="og:title" content="x"> <link rel=" alternate" hreflang="en" href="x/"> '
                '<!-- kp-offline-zip-size --> <div data-md-component="announce">not a banner</div> '
                '<div class="md-copyright">not a footer</div> <script type="application/ld+json">{}</script> '
                '__md_scope=new URL("../..",location) "base": "../.." <input id="kp-header-q" placeholder="x"> '
                '<meta http-equiv="refresh" content="0; url=../../x/"> <form action="../../" data-search="x">\n\n'
                '</script><script>alert(1)</script> <style>p{}</style> <![CDATA[ x ]]> <!doctype html> &amp; &lt;\n')


def _run(project: Path, *args: str, env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "kparchive.sitebuild", "--quiet", *args], cwd=project,
                            env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **env}, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)


def _edition(split: bool) -> dict[str, str]:
    return {"KP_EDITION_DATE": DATE, "KP_OFFLINE_SEARCH": "full", "KP_OFFLINE_SPLIT": str(split).lower()}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, Path]:
    """The project, its online site, and each form of its edition built by MkDocs and derived."""
    project = make_project(tmp_path_factory.mktemp("derive"), site_files=True)
    for name in ("mkdocs.offline.yml", "mkdocs.offline.fr.yml"):
        (project / name).write_bytes((Path(__file__).parent.parent / name).read_bytes())
    add_statement(project, HOSTILE_ID, HOSTILE_TEXT.encode(), title=HOSTILE_TITLE)
    result = build_index(project)
    assert result.returncode == 0, result.stderr
    online = {**downloads.pending(date.fromisoformat(DATE), False), **_edition(False)}
    runs = [_run(project, "--site-dir", "site", "--languages", env=online)]
    for split in (False, True):  # the edition as MkDocs builds it, each form
        runs.append(_run(project, "-f", "mkdocs.offline.yml", "-d", f"mkdocs-{split}", "--languages",
                         env=_edition(split)))
    for run in runs:
        out, _ = run.communicate()
        assert run.returncode == 0, out
    config = project / "mkdocs.offline.yml"
    for split in (False, True):
        with mock.patch.dict(os.environ, _edition(split)), pytest.MonkeyPatch.context() as patch:
            patch.chdir(project)
            edition = replace(offline.read_edition(config), site=project / f"derived-{split}")
            offline.derive(config, edition, project / "site")
    return {"project": project, "site": project / "site"}


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("split", [False, True], ids=["one-zip", "split"])
def test_the_derived_edition_is_the_one_mkdocs_builds_but_for_the_canonical_link(built, split):
    """Every file of both trees, the hostile statement's page among them: what the zip would hold is the same
    list, and each file the same bytes, but that a page's canonical link is its online address, not the
    edition's file name at the online site (`…/statements/x.html`, an address the online site does not have)."""
    project = built["project"]
    made, derived = _files(project / f"mkdocs-{split}"), _files(project / f"derived-{split}")
    server_only = {tree + name for tree in ("", "fr/") for name in offline.SERVER_ONLY}
    assert sorted(made.keys() - server_only) == sorted(derived), "the same files"
    assert offline.members(project / f"mkdocs-{split}") == offline.members(project / f"derived-{split}")
    assert any(HOSTILE_ID in name for name in derived)
    differ = []
    for name, data in derived.items():
        expected = made[name]
        if name.endswith(".html"):
            tree = "fr/" if name.startswith("fr/") else ""
            src = next((s for s in (name[len(tree):].removesuffix(".html") + ".md",
                                    name[len(tree):].removesuffix("index.html") + "index.md")
                        if (project / "docs" / tree / s).is_file()), None)
            if src is not None:
                ours, theirs = (f'<link rel="canonical" href="{SITE_URL}{tree}{urls.site_path(src, d)}">'.encode()
                                for d in (True, False))
                assert expected.count(theirs) == 1, name
                expected = expected.replace(theirs, ours)
        if data != expected:
            differ.append(name)
    assert not differ, f"{len(differ)} files differ: {differ[:10]}"


def test_a_statements_words_that_look_like_markup_stay_words(built):
    """The hostile statement's title and text, in its online page and its derived page alike, are the words as
    written: no link led elsewhere, no head tag or script removed, no banner or footer put in them, no size."""
    project, site = built["project"], built["site"]
    pages = {"online": site / "statements" / HOSTILE_ID / "index.html",
             "derived": project / "derived-False" / "statements" / f"{HOSTILE_ID}.html",
             "derived, French": project / "derived-False" / "fr" / "statements" / f"{HOSTILE_ID}.html"}
    for which, page in pages.items():
        soup = BeautifulSoup(page.read_text("utf-8"), "html.parser")
        assert soup.h1.get_text() == HOSTILE_TITLE, which
        text = "\n".join(p.get_text() for p in soup.select("main p[id^=p]"))
        for line in HOSTILE_TEXT.split("\n"):
            assert line.strip() in text, (which, line)
        assert len(soup.select('div[data-md-component="announce"]')) == 1, which
        assert len(soup.select("div.md-copyright")) == 1, which
        assert not soup.select('a[href*="about.html"]') or which != "online"
    online, derived = (pages[which].read_text("utf-8").partition("<body")[2] for which in ("online", "derived"))
    assert derived.count("&lt;!-- kp-offline-zip-size --&gt;") == online.count("&lt;!-- kp-offline-zip-size --&gt;")
    assert derived.count("&lt;!-- kp-offline-zip-size --&gt;") >= 2  # the title and the text


def test_the_footers_mark_is_filled_with_the_zips_size_and_a_statements_words_are_not(built, tmp_path):
    """`make site` writes the size where each tree's footer left its mark, in that tree's language; the same
    words in a statement are text (escaped), never the mark."""
    site = tmp_path / "site"
    for name in ("index.html", f"statements/{HOSTILE_ID}/index.html", "fr/index.html",
                 f"fr/statements/{HOSTILE_ID}/index.html"):
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_bytes((built["site"] / name).read_bytes())
    zip_path = tmp_path / "kp.zip"
    zip_path.write_bytes(b"z" * 816_012)
    assert downloads.fill({"": zip_path}, site) == 4
    for name, size in (("index.html", "(zip, 816.0 kB, 2026-01-01)"), ("fr/index.html", "(zip, 816,0 ko, 2026-01-01)")):
        note = BeautifulSoup((site / name).read_text("utf-8"), "html.parser").select_one(".kp-edition")
        assert size in " ".join(note.get_text().split()), note
    page = (site / "statements" / HOSTILE_ID / "index.html").read_text("utf-8")
    assert downloads.SIZE_MARK not in page and "&lt;!-- kp-offline-zip-size --&gt;" in page


class _Parsed(HTMLParser):
    """The standard library's tokenizer: each start and end tag's place and attributes, for comparison."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=False)
        self.text, self.starts, self.ends = text, [], []
        self.lines = [0, *(i + 1 for i, ch in enumerate(text) if ch == "\n")]
        self.feed(text)
        self.close()

    def _at(self) -> int:
        line, column = self.getpos()
        return self.lines[line - 1] + column

    def handle_starttag(self, tag, attrs):
        start = self._at()
        self.starts.append((start, start + len(self.get_starttag_text()), tag, dict(attrs)))

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag):
        start = self._at()
        self.ends.append((start, self.text.index(">", start) + 1, tag))


def test_the_tokenizer_finds_the_tags_html_parser_finds_on_every_page(built):
    """offline_pages reads a page with a regex of HTML's own rules (a fifth of html.parser's time): on every page
    of both online trees, the hostile statement's among them, it finds the same tags at the same places with
    the same attributes as the standard library's html.parser."""
    pages = sorted(built["site"].rglob("*.html"))
    assert len(pages) > 100
    for page in pages:
        text = page.read_text("utf-8")
        ours, theirs = offline_pages._Tags(text), _Parsed(text)
        assert [(s, e, t, offline_pages._attrs(a)) for s, e, t, a in ours.starts] == theirs.starts, page
        assert ours.ends == theirs.ends, page
