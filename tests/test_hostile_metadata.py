"""Hostile metadata through the real build: nothing from statements/ is ever live.

Every string field of every file of a copy of statements/ (a statement's title, dateline, people's names and
roles, provenance, notes; every label, name, description, definition and source of the vocabularies; the
names and phrases of places.yml) is given markup, entities, Jinja and Markdown syntax, quotes, backticks and
bidi controls; ids, codes, addresses and dates are left alone (they are checked against patterns and
refused by design, tests/test_hostile_input.py), as are C0 controls (refused in metadata by design).

Then the real build runs (build_index.py, then MkDocs, as tests/conftest.py's fixture builds do) and:

- every built page, read by html5lib as a browser reads it, has only the scripts our templates write (those
  of an unmodified build), no `on*` attribute, no javascript: address and no host the unmodified build does
  not link, and no element the unmodified build does not have;
- each value shows literally where its field is shown (the statement's title in its <h1> and <title>), its
  JSON-LD parses and holds the value exactly, and so do the feed (a strict XML parser), statements.csv,
  statements.json, the statement's .json, .ris and (escaped as BibTeX escapes) .bib;
- in real headless Chromium, on every page type, with a dialog listener, a `window.__pwned` hook the payloads
  would set, every request recorded: hovering and focusing every element with a title and every link,
  opening every <details>, and searching for the hostile title on /search/ runs nothing and asks no other
  host for anything.

A hypothesis property draws the payloads for a few builds (derandomized: CI repeats the same ones); one
fixed hostile build per module serves the browser tests.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import bibtexparser
import pytest
import yaml
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from kparchive import urls
from kparchive.cite import bibtex_escape, one_line
from kparchive.yamlio import load_yaml

from browser_support import open_page
from page_types import PAGE_TYPES, goto, open_all_details
from projects import (
    BRUSSELS_2018,
    NAMIBIA_2009,
    REAL_IDS,
    ROOT,
    STATEMENTS,
    build_index,
    ids_of,
    make_project,
    mkdocs_build_both,
)

# Builds a site of its own: the archive's statements made hostile and built for real (build_index, MkDocs, Pagefind).
pytestmark = pytest.mark.build

# --- the payloads -------------------------------------------------------------------------------------------

SNIPPETS = [
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "</script>", "<!--", "-->", "]]>", "</title>",
    "<svg onload=alert(1)>", "<a href=//evil.example/x>x</a>", "<iframe src=javascript:alert(1)>",
    "</textarea><style>*{}</style>", "&amp;", "&#60;", "&lt;b&gt;", "{{ 7*7 }}", "{% raw %}", "{# c #}", "${7*7}",
    '"', "'", "`", "\u202e", "\u2066", "\u2069", "[x](javascript:alert(1))", "<https://evil.example/>",
    "*", "**b**", "_i_", "#", "## h", "\\", "|", "---", "%s", "@import", "\u00e9",
]
# Letters and the characters of markup, in short runs between the snippets.
ALPHABET = "abcXYZ019 <>&;#=/\"'`{}%*[]()_\\!:.,\u202e\u2066\u00e9\u4e2d"

hostile_text = st.lists(st.sampled_from(SNIPPETS) | st.text(alphabet=ALPHABET, min_size=1, max_size=8),
                        min_size=1, max_size=5).map(lambda parts: " ".join("".join(parts).split()))

# The fixed payloads of the module's hostile build, which the browser tests open: each would set
# window.__pwned (or open a dialog, or ask another host) if it ever ran.
PWN = [
    '<img src=x onerror="window.__pwned=1">',
    "<script>window.__pwned=1</script>",
    "</script><script>window.__pwned=1</script>",
    "<svg onload=window.__pwned=1> {{ 7*7 }} {% raw %} &amp; &#60; \u202e\u2066 `x`",
    "[x](javascript:window.__pwned=1) <a href=https://evil.example/ title=\"t\" onmouseover=alert(1)>*y*</a>",
    "'\"><img src=//evil.example/i.png onerror=alert(1)> # h",
    " ".join(SNIPPETS),  # every snippet, whatever the property draws
]

# --- putting them into every string field ------------------------------------------------------------------

SOURCE = r"(\d+/)?sources/\d+/(title|publisher|date)"
# The string fields of each file, as paths of keys and list indexes joined by "/" (None: a statement's .yml).
FIELDS = {
    None: [r"title", r"dateline", r"people/\d+/(name|role|fr/role)",
           r"provenance/(published|reported)/\d+/(by|title|date)", r"provenance/received_as", r"notes/\d+/text"],
    "meetings.yml": [r"\d+/(name|city|note)", r"\d+/chair/person", SOURCE, r"\d+/fr/(name|city)"],
    "organisations.yml": [r"\d+/(name|short)", r"\d+/renamed/to", SOURCE, r"\d+/fr/(name|short)"],
    "topics.yml": [r"\d+/(label|description)", r"\d+/fr/(label|description)"],
    "types.yml": [r"\d+/label", r"\d+/fr/label"],
    # The first entry (KP) keeps its abbreviation, so statement pages explain it: its term becomes the title
    # (the tooltip) of an <abbr> on statement pages, and so does its French abbreviation, which a source's
    # supports name (supports are editors' notes, never shown): its French term becomes the tooltip of the
    # "PK" of French texts.
    "glossary.yml": [r"\d+/(term|definition)", r"[1-9]\d*/abbr", SOURCE,
                     r"\d+/fr/(term|definition)", r"[1-9]\d*/fr/abbr"],
    "places.yml": [r"extra_countries/\w+", r"display/\w+"],
}
# Lists of phrases, each given a hostile one more (never found in a text: each value starts with a marker).
PHRASES = {
    "organisations.yml": [r"\d+/aliases"],
    "topics.yml": [r"\d+/keywords"],
    "glossary.yml": [r"\d+/forms"],
    "places.yml": [r"aliases/\w+", r"demonyms/\w+", r"ignore"],
}
# Phrases only for recognising words in texts (country detection, `build_index.py add`): never shown.
# So are the glossary's notes of what each source supports (kept for editors).
NOT_SHOWN = re.compile(r"^(\d+/aliases|\d+/keywords|\d+/forms|aliases/\w+|demonyms/\w+|ignore|cities|"
                       r"\d+/sources/\d+/supports)/")


@dataclass
class Poisoned:
    """What was put where: each hostile value, and the original it replaced, by (file, path)."""

    values: dict[tuple[str, str], str] = field(default_factory=dict)
    originals: dict[tuple[str, str], str] = field(default_factory=dict)

    def of(self, file: str, pattern: str) -> dict[str, str]:
        return {path: v for (f, path), v in self.values.items() if f == file and re.fullmatch(pattern, path)}

    def title(self, sid: str) -> str:
        return self.values[(f"{sid}.yml", "title")]


def _matches(patterns: list[str], path: str) -> bool:
    return any(re.fullmatch(p, path) for p in patterns)


def _poison_tree(node, path: tuple, file: str, fields: list[str], phrases: list[str],
                 make: Callable[[str, str, str], str]) -> None:
    children = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
    for k, v in list(children):
        where = "/".join(map(str, (*path, k)))
        if isinstance(v, str) and _matches(fields, where):
            node[k] = make(file, where, v)
        else:
            _poison_tree(v, (*path, k), file, fields, phrases, make)
    here = "/".join(map(str, path))
    if isinstance(node, list) and _matches(phrases, here):
        node.append(make(file, f"{here}/{len(node)}", "Phrase"))


def poison(statements: Path, payloads: list[str]) -> Poisoned:
    """Every string field of every file of `statements` made hostile, the payloads taken in turn; each value
    keeps its original first and gets a marker of its own (Zq<n>x … Zq<n>y), so where it shows can be found.
    A statement's dateline must appear in its text: it is appended to the text, whose sha256 is updated."""
    out = Poisoned()

    def make(file: str, path: str, original: str) -> str:
        n = len(out.values)
        value = f"{original} Zq{n}x {payloads[n % len(payloads)]} Zq{n}y"
        out.values[(file, path)] = value
        out.originals[(file, path)] = original
        return value

    sids = set(ids_of(statements))
    for f in sorted(statements.glob("*.yml")):
        data = load_yaml(f.read_text("utf-8"))
        if f.stem in sids:
            for person in data.get("people") or []:
                person.setdefault("role", "Campaigner")
                person.setdefault("fr", {}).setdefault("role", "Militante")
            _poison_tree(data, (), f.name, FIELDS[None], [], make)
            if data.get("dateline"):
                text = f.with_suffix(".txt")
                raw = text.read_bytes() + f"\n\n{data['dateline']}\n".encode()
                text.write_bytes(raw)
                data["sha256"] = hashlib.sha256(raw).hexdigest()
        elif f.name in FIELDS:
            _poison_tree(data, (), f.name, FIELDS[f.name], PHRASES.get(f.name, []), make)
            if f.name == "places.yml":
                data.setdefault("cities", {})[make(f.name, "cities/0", "Harare")] = "ZW"
        f.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000), "utf-8")
    return out


# --- building ------------------------------------------------------------------------------------------------

def build(tmp: Path, payloads: list[str] | None) -> tuple[Path, Poisoned]:
    """A copy of the project (statements/ as the archive has it), made hostile, built for real: build_index.py,
    MkDocs for both trees, then the search index (`make site` does the same; Pagefind reads the hostile pages too)."""
    project = make_project(tmp, site_files=True, corpus=STATEMENTS)
    poisoned = poison(project / "statements", payloads) if payloads else Poisoned()
    result = build_index(project)
    assert result.returncode == 0, result.stderr
    result = mkdocs_build_both(project)  # the French tree too: the vocabularies' fr: fields show there
    assert result.returncode == 0, result.stderr
    site = project / "site"
    run = subprocess.run([sys.executable, "-m", "kparchive.searchindex", "--site", str(site)], cwd=ROOT,
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    return site, poisoned


URL_ATTRIBUTES = {"href", "src", "action", "formaction", "srcset", "poster", "data", "xlink:href", "background",
                  "cite", "ping", "manifest", "icon"}
DATA_SCRIPTS = {"application/ld+json", "application/json"}


def script_text(script) -> str:
    """A script's content (BeautifulSoup's get_text leaves scripts out)."""
    return "".join(str(child) for child in script.children)


class Built:
    """A built site read as a browser reads it (html5lib)."""

    def __init__(self, site: Path):
        self.site = site

    @cached_property
    def pages(self) -> dict[str, BeautifulSoup]:
        out = {}
        for f in sorted(self.site.rglob("*.html")):
            rel = f.relative_to(self.site).as_posix()
            out["/" + rel.removesuffix("index.html")] = BeautifulSoup(f.read_text("utf-8"), "html5lib")
        return out

    @cached_property
    def scripts(self) -> tuple[set[str], set[str], set[str | None]]:
        """Every script's src, every inline program (not data), every type."""
        srcs, programs, types = set(), set(), set()
        for soup in self.pages.values():
            for s in soup.find_all("script"):
                types.add(s.get("type"))
                if s.get("src"):
                    srcs.add(s["src"])
                elif s.get("type") not in DATA_SCRIPTS:
                    programs.add(script_text(s))
        return srcs, programs, types

    @cached_property
    def tags(self) -> set[str]:
        return {el.name for soup in self.pages.values() for el in soup.find_all(True)}

    @cached_property
    def hosts(self) -> set[str]:
        return {host for path in self.pages for _, _, host in self.addresses(path)}

    def addresses(self, path: str):
        """(element, attribute, host) of every address a page holds."""
        for el in self.pages[path].find_all(True):
            for name, value in el.attrs.items():
                if name.lower() in URL_ATTRIBUTES:
                    value = " ".join(value) if isinstance(value, list) else value
                    yield el, name, urlsplit(urljoin("http://site" + path, value.strip())).netloc

    def text(self, path: str) -> str:
        soup = self.pages[path]
        attributes = [v for el in soup.find_all(True) for k, v in el.attrs.items()
                      if k in ("title", "content", "aria-label", "alt", "value") and isinstance(v, str)]
        return soup.get_text() + "\n" + "\n".join(attributes)


def check_nothing_is_live(built: Built, clean: Built) -> None:
    """Only our scripts, no handlers, no javascript: or foreign address, no element of a payload."""
    problems = []
    for path, soup in built.pages.items():
        problems += [f"{path}: {problem}" for check in LIVE_CHECKS for problem in check(built, clean, path, soup)]
    assert not problems, "\n".join(problems[:40])


def _scripts(built: Built, clean: Built, path: str, soup) -> list[str]:
    """Each script one a clean page has: its type, its source, its program; a data script's JSON."""
    srcs, programs, types = clean.scripts
    problems = []
    for s in soup.find_all("script"):
        kind = s.get("type")
        if kind not in types:
            problems.append(f"a <script type={kind!r}> no clean page has")
        elif s.get("src") and s["src"] not in srcs:
            problems.append(f"a script from {s['src']!r}")
        elif kind in DATA_SCRIPTS:
            try:
                json.loads(script_text(s))
            except ValueError as exc:
                problems.append(f"a {kind} script that is not JSON ({exc}): {script_text(s)[:200]!r}")
        elif not s.get("src") and script_text(s) not in programs:
            problems.append(f"a program no clean page has: {script_text(s)[:200]!r}")
    return problems


def _counts(built: Built, clean: Built, path: str, soup) -> list[str]:
    """As many scripts, styles and drawings as the page has in the clean build."""
    if path not in clean.pages:
        return []
    problems = []
    for tag in ("script", "style", "svg"):
        got, want = len(soup.find_all(tag)), len(clean.pages[path].find_all(tag))
        if got != want:
            problems.append(f"{got} <{tag}> where the clean page has {want}")
    return problems


def _elements(built: Built, clean: Built, path: str, soup) -> list[str]:
    """No element a clean page has not, no event handler attribute."""
    problems = []
    for el in soup.find_all(True):
        if el.name not in clean.tags:
            problems.append(f"a <{el.name}> element, which no clean page has")
        problems += [f"<{el.name} {name}=…>" for name in el.attrs if name.lower().startswith("on")]
    return problems


def _addresses(built: Built, clean: Built, path: str, soup) -> list[str]:
    """No script's address, none to a host the clean build does not link."""
    problems = []
    for el, name, host in built.addresses(path):
        value = el[name] if isinstance(el[name], str) else " ".join(el[name])
        scheme = re.sub(r"[\x00-\x20]", "", value).lower()
        if scheme.startswith(("javascript:", "vbscript:", "data:text/html")):
            problems.append(f"<{el.name} {name}={value!r}>")
        elif host and host != "site" and host not in clean.hosts:
            problems.append(f"<{el.name} {name}={value!r}> leads to another host")
    return problems


def _payload_elements(built: Built, clean: Built, path: str, soup) -> list[str]:
    if soup.find("img", src="x") or soup.find(attrs={"src": re.compile("evil")}):
        return ["an element of a payload"]
    return []


# What check_nothing_is_live checks on each page, in the order its problems are listed.
LIVE_CHECKS = (_scripts, _counts, _elements, _addresses, _payload_elements)


def _strings(data):
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for k, v in data.items():
            yield k
            yield from _strings(v)
    elif isinstance(data, list):
        for v in data:
            yield from _strings(v)


def check_values_show_literally(built: Built, clean: Built, poisoned: Poisoned) -> None:
    """Each value shows, literally, wherever its field shows: a value may be missing only where the clean
    build does not show the original either (a type no statement has, a country no statement names)."""
    site = built.site
    texts = [built.text(path) for path in built.pages]
    clean_texts = [clean.text(path) for path in clean.pages]
    records = {r["id"]: r for r in json.loads((site / urls.CATALOGUE_JSON).read_text("utf-8"))}
    # A meeting no statement belongs to has no page: its note and sources are shown nowhere (another meeting's
    # page may show the same original, a source two meetings share).
    used = {r["meeting"]["id"] for r in records.values() if r["meeting"]}
    meetings = [m["id"] for m in load_yaml((STATEMENTS / "meetings.yml").read_text("utf-8"))]
    unpaged = {str(i) for i, mid in enumerate(meetings) if mid not in used}
    # A type no statement has is shown nowhere either (its label, "Speech", may still be a word of some page).
    types = [t["id"] for t in load_yaml((STATEMENTS / "types.yml").read_text("utf-8"))]
    unused_types = {str(i) for i, tid in enumerate(types) if tid not in {r["type"] for r in records.values()}}
    missing = [f"{file}: {path}: {value!r}" for (file, path), value in poisoned.values.items()
               if not NOT_SHOWN.match(path + "/") and not any(value in t for t in texts)
               and any(poisoned.originals[(file, path)] in t for t in clean_texts)
               and not (file == "meetings.yml" and re.match(r"(\d+)/(note|sources/)", path)
                        and path.split("/")[0] in unpaged)
               and not (file == "types.yml" and path.split("/")[0] in unused_types)]
    assert not missing, "values shown nowhere, or not literally:\n" + "\n".join(missing)

    rows = {r["id"]: r for r in csv.DictReader(io.StringIO((site / urls.CATALOGUE_CSV).read_text("utf-8")))}
    feed = ET.fromstring((site / urls.FEED).read_bytes())  # strict XML: raises on anything malformed
    atom = "{http://www.w3.org/2005/Atom}"
    feed_titles = [e.findtext(f"{atom}title") for e in feed.iter(f"{atom}entry")]
    for sid in REAL_IDS:
        title = poisoned.title(sid)
        soup = built.pages["/" + urls.site_path(urls.statement(sid))]
        assert title in soup.find("h1").get_text(), (sid, soup.find("h1"))
        assert soup.title.get_text().startswith(title), (sid, soup.title)
        assert soup.find("meta", property="og:title")["content"] == title
        ld = [json.loads(script_text(s)) for s in soup.find_all("script", type="application/ld+json")]
        assert ld and any(title == v for v in _strings(ld)), (sid, ld)
        assert title in feed_titles, (title, feed_titles)
        assert records[sid]["title"] == title and rows[sid]["title"] == title
        one = json.loads((site / urls.statement_file(sid, "json")).read_text("utf-8"))
        assert title in _strings(one)
        ris = (site / urls.statement_file(sid, "ris")).read_text("utf-8").splitlines()
        assert f"TI  - {one_line(title)}" in ris
        bib = (site / urls.statement_file(sid, "bib")).read_text("utf-8")
        library = bibtexparser.parse_string(bib)
        assert not library.failed_blocks and len(library.entries) == 1, bib
        assert library.entries[0].fields_dict["title"].value == bibtex_escape(title)
    # The glossary's term for KP is the tooltip of the abbreviation on statement pages, exactly.
    term = poisoned.values[("glossary.yml", "0/term")]
    assert any(soup.find("abbr", title=term) for path, soup in built.pages.items()
               if path.startswith("/statements/")), term
    # Values of the vocabularies in the exports too, exactly.
    first = next(i for i, mid in enumerate(meetings) if mid in used)  # the first meeting with a page
    meeting = poisoned.values[("meetings.yml", f"{first}/name")]
    assert meeting in {r["meeting_name"] for r in rows.values()} | set(_strings(list(records.values()))), meeting


# --- the tests -----------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def clean(tmp_path_factory) -> Built:
    """The same project unmodified: what our templates write."""
    return Built(build(tmp_path_factory.mktemp("clean"), None)[0])


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> tuple[Built, Poisoned]:
    """One hostile build with the fixed payloads, its search index too."""
    site, poisoned = build(tmp_path_factory.mktemp("hostile"), PWN)
    return Built(site), poisoned


def test_the_payloads_reach_every_kind_of_string_field(tmp_path):
    """The poisoning itself: every file, every field the validator reads as text (not ids, codes, dates)."""
    project = make_project(tmp_path, corpus=STATEMENTS)
    poisoned = poison(project / "statements", ["<b>"])
    files = {file for file, _ in poisoned.values}
    assert files >= {f"{sid}.yml" for sid in REAL_IDS} | set(FIELDS) - {None}
    paths = {re.sub(r"\d+", "N", path) for _, path in poisoned.values}
    for expected in ("title", "dateline", "people/N/name", "people/N/role", "people/N/fr/role",
                     "provenance/published/N/by", "provenance/reported/N/title", "notes/N/text", "N/name",
                     "N/label", "N/description", "N/definition", "N/term", "N/abbr", "N/sources/N/title",
                     "N/chair/person", "display/CD"):
        assert expected in paths, expected
    for (file, path), value in poisoned.values.items():
        assert "Zq" in value and "<b>" in value, (file, path)


def drawn_build_is_never_live(tmp_path_factory, clean, payloads) -> None:
    tmp = tmp_path_factory.mktemp("drawn")
    site, poisoned = build(tmp, payloads)
    built = Built(site)
    check_nothing_is_live(built, clean)
    check_values_show_literally(built, clean, poisoned)
    shutil.rmtree(tmp)


PAYLOADS = st.lists(hostile_text, min_size=3, max_size=3)
UNSHRUNK = [HealthCheck.too_slow, HealthCheck.function_scoped_fixture]


# Each example is a real build (some 6 s): a few, the same ones on every run (CI's fixed set), not shrunk (a
# failure prints the payloads it drew).
@settings(max_examples=8, deadline=None, derandomize=True, phases=[Phase.explicit, Phase.generate],
          suppress_health_check=UNSHRUNK)
@given(payloads=PAYLOADS)
def test_hostile_values_in_every_field_are_never_live(tmp_path_factory, clean, payloads):
    drawn_build_is_never_live(tmp_path_factory, clean, payloads)


# More examples, new ones on every run: `make test-slow` (some five minutes), never in CI's run.
@pytest.mark.slow
@settings(max_examples=50, deadline=None, phases=[Phase.explicit, Phase.generate], suppress_health_check=UNSHRUNK)
@given(payloads=PAYLOADS)
def test_more_drawn_hostile_values_are_never_live(tmp_path_factory, clean, payloads):
    drawn_build_is_never_live(tmp_path_factory, clean, payloads)


def test_the_fixed_payloads_are_never_live(hostile, clean):
    built, poisoned = hostile
    check_nothing_is_live(built, clean)
    check_values_show_literally(built, clean, poisoned)


# --- in Chromium ---------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def hostile_url(hostile):
    from kparchive import serve

    server = serve.start(hostile[0].site)
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def hostile_page_types(built: Built) -> dict[str, str]:
    """The page types, with the person's page at its new address (a name makes its address key)."""
    paths = dict(PAGE_TYPES)
    person = PAGE_TYPES["person"].strip("/").split("/")[-1]
    paths["person"] = next(p for p in built.pages if p.startswith(f"/people/{person}-"))
    return paths


def exercise(page) -> None:
    """Hover and focus every element with a title and every link, open every <details>."""
    open_all_details(page)
    titled = page.locator("[title]")
    for i in range(titled.count()):
        el = titled.nth(i)
        if el.is_visible():
            el.hover(force=True, timeout=2000)  # where the pointer goes, whatever lies on top
        el.evaluate("e => e.focus && e.focus()")
    page.evaluate("""() => {
      for (const a of document.querySelectorAll("a, [title], abbr, summary, button")) {
        for (const type of ["pointerover", "pointerenter", "mouseover", "mouseenter", "mousemove"])
          a.dispatchEvent(new MouseEvent(type, {bubbles: true}));
        a.focus(); a.dispatchEvent(new FocusEvent("focusin", {bubbles: true}));
      }
    }""")
    page.wait_for_timeout(200)


@pytest.mark.browser
@pytest.mark.parametrize("name", list(PAGE_TYPES))
def test_no_payload_runs_in_chromium(browser, hostile_url, hostile, name):
    built, poisoned = hostile
    path = hostile_page_types(built)[name]
    with open_page(browser, hostile_url) as page:  # fails the test on any request to another origin
        dialogs, errors = [], []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.on("console", lambda m: errors.append(m.text) if m.type in ("error", "warning") else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        goto(page, path)
        exercise(page)
        assert page.evaluate("() => typeof window.__pwned") == "undefined"
        assert not dialogs, dialogs
        # No console error at all (a payload that ran, or that the CSP refused, says so there); the 404 page
        # answers 404 to its own request.
        assert not [e for e in errors if not (name == "404" and "status of 404" in e)], errors
        stray = [u for u in page.requests_seen if re.search(r"/(x|i\.png)$|evil", u)]
        assert not stray, stray


@pytest.mark.browser
@pytest.mark.parametrize("sid", [NAMIBIA_2009, BRUSSELS_2018])
def test_searching_for_the_hostile_title_shows_it_literally(browser, hostile_url, hostile, sid):
    """The title typed into /search/: Pagefind's result shows it as text (its metadata and excerpt), and
    nothing of it runs."""
    built, poisoned = hostile
    title = poisoned.title(sid)
    with open_page(browser, hostile_url) as page:
        dialogs = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        goto(page, "/search/")
        page.locator("#kp-q").fill(title)
        page.wait_for_function(
            "() => { const l = document.getElementById('kp-results');"
            " return l && l.getAttribute('aria-busy') === 'false' && l.dataset.search === location.search"
            " && location.search.includes('q='); }", timeout=20_000)
        links = page.locator("#kp-results li a").evaluate_all(
            "links => links.map(a => [a.getAttribute('href'), a.textContent])")
        shown = [text for href, text in links if f"/statements/{sid}/" in href]
        assert shown and shown[0] == title, (links, page.locator("#kp-status").inner_text())
        # Its metadata as Pagefind gives it back: the hostile name of its meeting, literally.
        meeting = built.pages["/" + urls.site_path(urls.statement(sid))].select_one(".kp-dateline a").get_text()
        assert "Zq" in meeting
        items = page.locator("#kp-results li").evaluate_all("lis => lis.map(li => li.textContent)")
        assert any(title in item and meeting in item for item in items), (title, meeting, items)
        exercise(page)
        assert page.evaluate("() => typeof window.__pwned") == "undefined"
        assert not dialogs, dialogs
        assert page.locator("#kp-results img, #kp-results script, #kp-results svg, #kp-results iframe").count() == 0
