"""Search over an index in several bundles (kparchive.searchindex, KP_SEARCH_BUNDLE_SIZE) answers as one index
does: the same statements, the same date orders (across bundles and "Show more"), filters applied in every
bundle, and counts summed over them. Twelve statements (the five and seven more), built once by the real
build_index.py and MkDocs, indexed twice: in one bundle and in bundles of four."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from conftest import _serve

from browser_support import open_page
from projects import ROOT, add_statement, build_index, make_project, mkdocs_build

# Builds a site of its own: the fixture corpus and more, indexed by Pagefind in several bundles.
pytestmark = [pytest.mark.browser, pytest.mark.build]

MORE = [  # (date, id words, country named, words)
    ("2012-05-14", "washington-intersessional", "Zimbabwe", "diamonds from Marange"),
    ("2013-11-19", "johannesburg-plenary", "Angola", "rough diamonds and artisanal miners"),
    ("2014-06-17", "shanghai-intersessional", "Zimbabwe", "diamonds and the review mission"),
    ("2015-06-09", "luanda-intersessional", "Angola", "diamonds and human rights defenders"),
    ("2016-11-14", "dubai-plenary", "Zimbabwe", "diamonds, Marange and the police"),
    ("2017-12-14", "perth-plenary", "Australia", "the definition of conflict diamonds"),
    ("2019-11-18", "new-delhi-plenary", "Zimbabwe", "diamonds and smuggling"),
]


def text(country: str, words: str, title: str) -> bytes:
    return (f"Kimberley Process Civil Society Coalition\n\n{title}\n\n"
            f"The coalition speaks about {words} in {country}.\n\n"
            f"It asks every Participant to act on {words}.\n").encode()


@pytest.fixture(scope="module")
def sites(tmp_path_factory) -> dict[str, Path]:
    project = make_project(tmp_path_factory.mktemp("bundles"), site_files=True)
    for day, words, country, about in MORE:
        title = f"Statement on {about} in {country}"
        add_statement(project, f"{day}-{words}", text(country, about, title), title=title)
    result = build_index(project)
    assert result.returncode == 0, result.stderr
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    out = {}
    for name, size in (("one", "2000"), ("many", "4")):
        site = project / f"site-{name}"
        shutil.copytree(project / "site", site)
        run = subprocess.run([sys.executable, "-m", "kparchive.searchindex", "--site", str(site)], cwd=ROOT,
                             capture_output=True, text=True, env={**os.environ, "KP_SEARCH_BUNDLE_SIZE": size})
        assert run.returncode == 0, run.stderr
        out[name] = site
    return out


@pytest.fixture(scope="module")
def urls(sites):
    servers = {name: _serve(site) for name, site in sites.items()}
    yield {name: next(server) for name, server in servers.items()}
    for server in servers.values():
        next(server, None)


@pytest.fixture(scope="module")
def records(sites) -> list[dict]:
    return json.loads((sites["one"] / "statements.json").read_text("utf-8"))


def bundles(site: Path) -> list[dict]:
    return [json.loads(p.read_text()) for p in sorted((site / "pagefind").glob("*/pagefind-entry.json"))]


def everything(page, url: str) -> list[str]:
    """Every result of a search, in order, pressing "Show more" until none is left."""
    page.goto(url)
    wait = ("() => { const l = document.getElementById('kp-results'); return l.getAttribute('aria-busy') === 'false'"
            " && l.dataset.search === location.search; }")
    page.wait_for_function(wait, timeout=15_000)
    while page.locator("#kp-more").is_visible():
        n = page.locator("#kp-results li").count()
        page.locator("#kp-more").click()
        page.wait_for_function(f"() => document.querySelectorAll('#kp-results li').length > {n}", timeout=15_000)
    hrefs = page.locator("#kp-results li h3 a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    return [re.match(r"^/statements/([^/#]+)/", h).group(1) for h in hrefs]


def counts(page, facet: str) -> dict[str, int]:
    page.wait_for_function("() => document.getElementById('kp-search').dataset.counts === location.search",
                           timeout=15_000)
    found = {}
    for option in page.locator(f"fieldset[data-facet={facet}] .kp-facet__option").all():
        count = option.locator(".kp-facet__count").inner_text()
        if option.evaluate("e => e.hidden"):  # a value no result has: not listed, its count empty (no "(0)")
            assert count == "", count
            continue
        found[option.locator("input").get_attribute("value")] = int(re.fullmatch(r"\((\d+)\)", count).group(1))
    return found


def by_date(records, keep=lambda r: True, newest=True) -> list[str]:
    return [r["id"] for r in sorted(records, key=lambda r: r["date"], reverse=newest) if keep(r)]


def test_the_index_is_in_bundles_of_whole_dates(sites, records):
    one, many = bundles(sites["one"]), bundles(sites["many"])
    assert len(one) == 1 and len(many) == 3
    assert [sum(i["page_count"] for i in e["languages"].values()) for e in many] == [4, 4, 4]
    html = (sites["many"] / "search" / "index.html").read_text("utf-8")
    config = json.loads(re.search(r'id="kp-search-index">(.*?)</script>', html)[1])
    assert config["bundles"] == ["pagefind/0/", "pagefind/1/", "pagefind/2/"]


DATE_ORDERS = [
    ("/search/", lambda r: True, True),
    ("/search/?sort=oldest", lambda r: True, False),
    ("/search/?country=ZW", lambda r: "ZW" in r["countries"], True),
    ("/search/?country=ZW&sort=oldest", lambda r: "ZW" in r["countries"], False),
    ("/search/?q=Marange&sort=newest", None, True),
    ("/search/?q=diamonds&sort=oldest&type=statement", None, False),
]


@pytest.mark.parametrize("url, keep, newest", DATE_ORDERS, ids=[d[0] for d in DATE_ORDERS])
def test_date_orders_across_bundles_are_those_of_one_index(browser, urls, records, url, keep, newest):
    results = {}
    for name, base in urls.items():
        with open_page(browser, base) as page:
            results[name] = everything(page, url)
            requests = page.requests_seen
        if name == "many":  # one WebAssembly for every bundle, each bundle's files once
            assert len([u for u in requests if "/wasm." in u]) == 1
            assert len([u for u in requests if "pagefind-entry.json" in u]) == 3
    assert results["many"] == results["one"] and results["one"]
    if keep is not None:
        assert results["one"] == by_date(records, keep, newest)
    dates = [next(r["date"] for r in records if r["id"] == sid) for sid in results["many"]]
    assert dates == sorted(dates, reverse=newest)


@pytest.mark.parametrize("url", ["/search/?q=diamonds", '/search/?q="human rights"', "/search/?q=Zimbabwe&year=2016"])
def test_best_matches_across_bundles_are_the_statements_of_one_index(browser, urls, url):
    found = {}
    for name, base in urls.items():
        with open_page(browser, base) as page:
            found[name] = everything(page, url)
    assert sorted(found["many"]) == sorted(found["one"]) and found["one"]
    assert len(set(found["many"])) == len(found["many"])


def test_show_more_continues_in_date_order_across_bundles(browser, urls, records):
    with open_page(browser, urls["many"]) as page:
        page.goto("/search/")
        page.wait_for_function("() => document.getElementById('kp-results').dataset.search === location.search")
        assert page.locator("#kp-results li").count() == 5  # the first batch
        assert page.locator("#kp-more").inner_text() == "Show 7 more (7 not shown)"
        page.locator("#kp-more").click()
        page.wait_for_function("() => document.querySelectorAll('#kp-results li').length === 12")
        # Focus goes to the first result the button added.
        assert page.evaluate("() => document.activeElement.closest('li') === "
                             "document.querySelectorAll('#kp-results li')[5]")
        assert not page.locator("#kp-more").is_visible()
        hrefs = page.locator("#kp-results li h3 a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert [h.split("/")[2] for h in hrefs] == by_date(records)


@pytest.mark.parametrize("url, keep", [
    ("/search/", lambda r: True),
    ("/search/?type=statement", lambda r: r["type"] == "statement"),
], ids=["all", "type"])
def test_counts_are_summed_over_the_bundles(browser, urls, records, url, keep):
    kept = [r for r in records if keep(r)]
    expected = {"year": Counter(r["date"][:4] for r in kept),
                "country": Counter(c for r in kept for c in r["countries"])}
    for base in urls.values():
        with open_page(browser, base) as page:
            everything(page, url)
            for facet, truth in expected.items():
                assert counts(page, facet) == dict(truth), (base, facet)


@pytest.mark.parametrize("name", ["one", "many"])
@pytest.mark.parametrize("url", ["/search/?q=Marange", "/search/?country=ZW"])
def test_a_small_bundles_word_chunk_is_fetched_beside_the_webassembly(browser, sites, urls, name, url):
    """Each bundle here has its words in one index chunk, which Pagefind reads for every search, with words
    or without: the page preloads it rather than waiting for Pagefind's WebAssembly to ask (held back here
    until every chunk has been asked for, so the search would never finish if the page waited); once each."""
    html = (sites[name] / "search" / "index.html").read_text("utf-8")
    chunks = {f"{urls[name]}/{h.removeprefix('../')}" for h in re.findall(r'href="([^"]+\.pf_index)"', html)}
    assert len(chunks) == {"one": 1, "many": 3}[name]
    with open_page(browser, urls[name]) as page:
        held, asked = [], set()

        def hold(route):
            (route.continue_ if asked >= chunks else lambda: held.append(route))()

        def seen(request):
            if request.url.endswith(".pf_index"):
                asked.add(request.url)
                while asked >= chunks and held:
                    held.pop().continue_()

        page.on("request", seen)
        page.route("**/wasm.*.pagefind", hold)
        assert everything(page, url)
        assert sorted(u for u in page.requests_seen if u.endswith(".pf_index")) == sorted(chunks)
