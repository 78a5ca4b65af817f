"""The search index's build (kparchive.searchindex): bundles of whole dates, Pagefind run on each, languages
kept apart inside every bundle, the search page's preloads, and a failed run that leaves the last index.

Pagefind is the real one, on small hand-made sites."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from kparchive import searchindex
from kparchive.searchindex import BUNDLE_SIZE, Bundle, plan

ROOT = Path(__file__).resolve().parent.parent
FIVE = ["2009-11-06", "2011-06-23", "2011-10-04", "2018-11-16", "2021-06-28"]


def dated(dates: list[str]) -> list[tuple[str, str]]:
    return [(d, f"statements/{d}-s{i}/index.html") for i, d in enumerate(dates)]


def ranges(bundles: list[Bundle]) -> list[tuple[str, str, int]]:
    return [(b.first, b.last, len(b.pages)) for b in bundles]


# --- planning -----------------------------------------------------------------------------------------

def test_five_statements_make_one_bundle():
    assert ranges(plan(dated(FIVE), BUNDLE_SIZE)) == [("2009-11-06", "2021-06-28", 5)]


def test_bundles_are_runs_of_dates_in_order_of_about_equal_size():
    bundles = plan(dated(FIVE), 2)
    assert ranges(bundles) == [("2009-11-06", "2011-06-23", 2), ("2011-10-04", "2018-11-16", 2),
                               ("2021-06-28", "2021-06-28", 1)]
    assert [b.name for b in bundles] == ["0", "1", "2"]
    many = plan(dated([f"20{10 + i % 12:02d}-01-{1 + i % 28:02d}" for i in range(10_001)]), 2000)
    assert len(many) == 6 and max(len(b.pages) for b in many) <= 2000
    assert sum(len(b.pages) for b in many) == 10_001


def test_a_date_is_never_split_between_bundles():
    days = ["2011-01-01"] * 3 + ["2011-01-02"] * 3 + ["2011-01-03"]
    bundles = plan(dated(days), 2)
    for a, b in zip(bundles, bundles[1:], strict=False):
        assert a.last < b.first
    assert sorted(p for b in bundles for p in b.pages) == sorted(p for _, p in dated(days))
    assert ranges(plan(dated(["2011-01-01"] * 5), 2)) == [("2011-01-01", "2011-01-01", 5)]  # one date, one bundle


def test_a_bundle_is_given_to_pagefind_as_the_fewest_prefixes_of_its_pages(tmp_path):
    site = tmp_path / "site"
    ids = ["2009-11-06-a", "2011-06-23-b", "2011-10-04-c", "2011-10-04-d", "2018-11-16-e", "2021-06-28-f"]
    for sid in ids:
        (site / "statements" / sid).mkdir(parents=True)
    pages = [f"statements/{sid}/index.html" for sid in ids[1:4]]
    assert searchindex.glob_for(site, pages) == "statements/{2011*}/index.html"
    assert searchindex.glob_for(site, pages[:2]) == "statements/{2011-0*,2011-10-04-c*}/index.html"


def test_no_statements_no_bundles():
    assert plan([], 2) == []


def test_bundle_size_from_the_environment(monkeypatch):
    """A value beyond its range is refused, never silently the default (tests/test_settings.py: every setting)."""
    monkeypatch.setenv("KP_SEARCH_BUNDLE_SIZE", "3")
    assert searchindex.bundle_size() == 3
    monkeypatch.setenv("KP_SEARCH_BUNDLE_SIZE", "")
    assert searchindex.bundle_size() == BUNDLE_SIZE
    for bad in ("0", "x", "-2", "99999999999999999999"):
        monkeypatch.setenv("KP_SEARCH_BUNDLE_SIZE", bad)
        with pytest.raises(searchindex.SearchIndexError, match=r"^KP_SEARCH_BUNDLE_SIZE=.* from 1 to 100,000 "):
            searchindex.bundle_size()


def test_the_language_index_is_chosen_as_pagefind_chooses_it():
    entry = {"languages": {"en": {"hash": "en_1", "page_count": 3}, "fr": {"hash": "fr_1", "page_count": 5}}}
    assert searchindex.language_key(entry, "fr") == "fr"
    assert searchindex.language_key(entry, "en-gb") == "en"
    assert searchindex.language_key(entry, "pt") == "fr"  # none of its own: the largest


# --- building, on a small site ------------------------------------------------------------------------

PAGE = """<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title></head>
<body><nav>Menu words everywhere</nav><article data-pagefind-body><h1>{title}</h1>
<ul hidden><li data-pagefind-sort="date:{date}"></li><li data-pagefind-filter="year:{year}"></li></ul>
<p id="p1">{text}</p></article></body></html>
"""
SEARCH_PAGE = """<!doctype html>
<html lang="{lang}" class="no-js"><head><title>Search</title>
<!-- kp-search-index --><!-- /kp-search-index -->
</head><body><h1>Search</h1></body></html>
"""
STATEMENTS = [  # (id, language, words): each bundle of two gets an English and a French page
    ("2009-11-06-one", "en", "diamonds and mining communities"),
    ("2010-03-01-deux", "fr", "diamants et communautés minières"),
    ("2011-06-23-three", "en", "diamonds and human rights"),
    ("2012-02-02-quatre", "fr", "diamants et droits humains"),
]


def small_site(root: Path, search_lang: str = "fr", statements=STATEMENTS) -> Path:
    site = root / "site"
    records = []
    for sid, lang, words in statements:
        page = site / "statements" / sid / "index.html"
        page.parent.mkdir(parents=True)
        page.write_text(PAGE.format(lang=lang, title=sid, date=sid[:10], year=sid[:4], text=words), "utf-8")
        records.append({"id": sid, "date": sid[:10], "url": f"/statements/{sid}/"})
    (site / "about").mkdir()
    (site / "about" / "index.html").write_text(PAGE.format(lang="en", title="About", date="", year="",
                                                           text="not a statement"), "utf-8")
    (site / "search").mkdir()
    (site / "search" / "index.html").write_text(SEARCH_PAGE.format(lang=search_lang), "utf-8")
    (site / "statements.json").write_text(json.dumps(records), "utf-8")
    return site


def preload_block(site: Path) -> tuple[list[str], dict]:
    html = (site / "search" / "index.html").read_text("utf-8")
    blocks = re.findall(r"<!-- kp-search-index -->(.*?)<!-- /kp-search-index -->", html, re.S)
    assert len(blocks) == 1
    hrefs = re.findall(r'href="([^"]+)"', blocks[0])
    config = json.loads(re.search(r'id="kp-search-index">(.*?)</script>', blocks[0], re.S)[1])
    return hrefs, config


def test_bundles_keep_the_languages_apart_and_the_search_page_reads_its_own(tmp_path):
    site = small_site(tmp_path, search_lang="fr")
    done = searchindex.build(site, 2)
    assert [(b["first"], b["last"], b["statements"]) for b in done["bundles"]] == [
        ("2009-11-06", "2010-03-01", 2), ("2011-06-23", "2012-02-02", 2)]
    out = site / "pagefind"
    for name in ("0", "1"):
        entry = json.loads((out / name / "pagefind-entry.json").read_text())
        # Pagefind split each bundle by <html lang>, as it splits a whole site; the about page is not indexed.
        assert {lang: index["page_count"] for lang, index in entry["languages"].items()} == {"en": 1, "fr": 1}
        assert not list((out / name).glob("pagefind*.js")), "Pagefind's unused scripts were left in the bundle"
    assert (out / "pagefind.js").is_file()
    hrefs, config = preload_block(site)
    assert config["bundles"] == ["pagefind/0/", "pagefind/1/"]
    metas = [h for h in hrefs if h.endswith(".pf_meta")]
    assert len(metas) == 2 and all("/pagefind.fr_" in h for h in metas), metas  # the search page is French
    assert [h for h in hrefs if "/wasm." in h] == ["../pagefind/0/wasm.fr.pagefind"]
    for href in hrefs:
        assert (site / "search" / href.split("?")[0]).resolve().is_file(), href
    assert f"../pagefind/0/pagefind-entry.json?ts={config['tag']}" in hrefs
    # Each bundle's words are one chunk, which Pagefind reads for any search: preloaded, its language's.
    chunks = [h for h in hrefs if h.endswith(".pf_index")]
    assert len(chunks) == 2
    for bundle, chunk in zip(config["bundles"], chunks, strict=True):
        assert chunk.startswith(f"../{bundle}index/fr_"), chunk
    assert not [p.name for p in tmp_path.iterdir() if p.name != "site"], "a work folder was left beside site/"


def test_only_a_language_whose_words_are_one_chunk_lists_it(tmp_path):
    index = tmp_path / "index"
    index.mkdir()
    (index / "en_1.pf_index").write_bytes(b"")
    (index / "fr_1.pf_index").write_bytes(b"")
    (index / "fr_2.pf_index").write_bytes(b"")
    assert searchindex.only_chunk(tmp_path, "en") == "index/en_1.pf_index"
    assert searchindex.only_chunk(tmp_path, "fr") is None  # which one a word needs, only Pagefind knows
    assert searchindex.only_chunk(tmp_path, "pt") is None


def test_a_bundle_without_pages_in_the_search_pages_language_is_not_read(tmp_path):
    english_first = [("2008-01-01-zero", "en", "diamonds at first"), ("2008-02-02-again", "en", "diamonds again"),
                     *STATEMENTS]
    site = small_site(tmp_path, search_lang="fr", statements=english_first)
    done = searchindex.build(site, 2)
    assert len(done["bundles"]) == 3
    hrefs, config = preload_block(site)
    assert config["bundles"] == ["pagefind/1/", "pagefind/2/"]  # the first has no French page
    assert [h for h in hrefs if "/wasm." in h] == ["../pagefind/1/wasm.fr.pagefind"]
    site = small_site(tmp_path / "en", search_lang="en", statements=english_first)
    searchindex.build(site, 2)
    assert preload_block(site)[1]["bundles"] == ["pagefind/0/", "pagefind/1/", "pagefind/2/"]


def test_a_second_run_replaces_the_index_and_the_preloads(tmp_path):
    site = small_site(tmp_path, search_lang="en")
    searchindex.build(site, 2)
    (site / "pagefind" / "stale.txt").write_text("from an older index")
    searchindex.build(site, 10)
    assert sorted(p.name for p in (site / "pagefind").iterdir()) == ["0", "pagefind.js"]
    hrefs, config = preload_block(site)
    assert config["bundles"] == ["pagefind/0/"]
    assert [h for h in hrefs if h.endswith(".pf_meta")][0].startswith("../pagefind/0/pagefind.en_")


def test_a_failed_run_leaves_the_last_index_in_place(tmp_path, monkeypatch):
    site = small_site(tmp_path)
    searchindex.build(site, 2)
    before = {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    calls = []

    def fail_second(site: Path, glob: str, output: Path) -> None:
        calls.append(output)
        if len(calls) == 2:
            raise searchindex.SearchIndexError("pagefind failed (exit 1)")
        real(site, glob, output)

    real = searchindex.pagefind
    monkeypatch.setattr(searchindex, "pagefind", fail_second)
    with pytest.raises(searchindex.SearchIndexError):
        searchindex.build(site, 2)
    after = {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    assert after == before
    assert not [p.name for p in tmp_path.iterdir() if p.name != "site"]


def test_the_command_line_says_what_it_did_and_refuses_a_site_without_its_catalogue(tmp_path):
    site = small_site(tmp_path)
    cmd = [sys.executable, "-m", "kparchive.searchindex", "--site", str(site)]
    ok = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, env={"KP_SEARCH_BUNDLE_SIZE": "2",
                                                                            "PATH": "/usr/bin:/bin"})
    assert ok.returncode == 0, ok.stderr
    assert re.fullmatch(r"searchindex: 4 statements indexed in 2 bundles \(2009–2010, 2011–2012\) in [\d.]+ s; "
                        r"peak RSS \d+ MB\n", ok.stdout), ok.stdout
    (site / "statements.json").unlink()
    bad = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    assert bad.returncode == 1
    assert bad.stderr == f"searchindex: {site / 'statements.json'} is missing: build the site first (make site)\n"
