"""The site as a host serves it: kparchive.serve (`make serve`, and every browser test) and nginx running
deploy/nginx.conf, the example PUBLISHING.md gives, send the same headers, checked with real requests.

Each test that takes `host` runs against both. nginx comes from Debian (`make nginx`, tools/ensure-nginx);
without it the nginx half fails under CI and is skipped elsewhere, as the browser tests are
(tests/nginx_support.py). Malformed and hostile requests are in tests/test_serve_requests.py, over a small site.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import http.client
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from kparchive import serve

from audit import WATCH_CSP, csp_messages
from browser_support import open_page
from nginx_support import run_nginx
from page_types import ALL_PAGE_TYPES, STATEMENT, goto, open_all_details

ORIGINAL = STATEMENT.rstrip("/") + ".txt"  # its text names Côte d'Ivoire

# What a host must send for each kind of file (PUBLISHING.md's table).
TYPES = {
    "/": "text/html; charset=utf-8",
    ORIGINAL: "text/plain; charset=utf-8",
    STATEMENT.rstrip("/") + ".bib": "application/x-bibtex; charset=utf-8",
    STATEMENT.rstrip("/") + ".ris": "application/x-research-info-systems; charset=utf-8",
    STATEMENT.rstrip("/") + ".json": "application/json",
    "/statements.json": "application/json",
    "/statements.csv": "text/csv; charset=utf-8",
    "/feed.xml": "application/atom+xml",
    "/sitemap.xml": "application/xml",
    "/assets/archive.css": "text/css; charset=utf-8",
    "/assets/search.js": "text/javascript; charset=utf-8",
    "/assets/favicon.svg": "image/svg+xml",
    "/pagefind/0/wasm.en.pagefind": "application/octet-stream",  # a bundle's (kparchive/searchindex.py)
    "/downloads/kp-statements-offline-latest.zip": "application/zip",
    "/sitemap.xml.gz": "application/gzip",
}

NO_CACHE = "no-cache"
A_YEAR = "public, max-age=31536000, immutable"
AN_HOUR = "public, max-age=3600"


# --- the two servers ------------------------------------------------------------------------------------

@pytest.fixture(scope="session")
def nginx_url(built_site: Path, tmp_path_factory) -> Iterator[str]:
    yield from run_nginx(built_site, tmp_path_factory.mktemp("nginx"))


@pytest.fixture(params=["kparchive.serve", "nginx"], scope="session")
def host(request) -> str:
    """Base URL of one of the two servers of the built site."""
    return request.getfixturevalue("site_url" if request.param == "kparchive.serve" else "nginx_url")


class Response:
    def __init__(self, status: int, headers: http.client.HTTPMessage, body: bytes):
        self.status, self.headers, self.body = status, headers, body

    def __getitem__(self, name: str) -> str | None:
        return self.headers.get(name)


def get(base: str, path: str, method: str = "GET", **headers: str) -> Response:
    """One request, no redirect followed, no decoding: the bytes the server sent."""
    parts = urlsplit(base)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    try:
        conn.request(method, path, headers={k.replace("_", "-"): v for k, v in headers.items()})
        response = conn.getresponse()
        return Response(response.status, response.headers, response.read())
    finally:
        conn.close()


def one_file_a_kind(site: Path) -> dict[str, Path]:
    """The largest file of each suffix in the built site, by URL path."""
    chosen: dict[str, Path] = {}
    for f in site.rglob("*"):
        if f.is_file() and (f.suffix not in chosen or f.stat().st_size > chosen[f.suffix].stat().st_size):
            chosen[f.suffix] = f
    return {"/" + f.relative_to(site).as_posix(): f for f in chosen.values()}


# --- the command `make serve` runs --------------------------------------------------------------------

def test_the_command_line_says_where_it_serves(built_site, project_root):
    proc = subprocess.Popen([sys.executable, "-m", "kparchive.serve", "--directory", str(built_site), "--port", "0"],
                            cwd=project_root, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True)
    try:
        line = proc.stdout.readline()
        url = re.search(r"http://127\.0\.0\.1:\d+/", line)
        assert url, line
        response = get(url.group(0), ORIGINAL)
        assert response.status == 200
        assert response["Content-Type"] == "text/plain; charset=utf-8"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_the_command_line_refuses_a_folder_without_a_site(tmp_path, project_root):
    result = subprocess.run([sys.executable, "-m", "kparchive.serve", "--directory", str(tmp_path), "--port", "0"],
                            cwd=project_root, capture_output=True, text=True, timeout=30)
    assert result.returncode == 1
    assert result.stderr == f"serve: {tmp_path}/index.html does not exist: run `make site`\n"


# --- headers, both servers ------------------------------------------------------------------------------

@pytest.mark.parametrize("path", TYPES)
def test_each_kind_of_file_has_its_type_and_charset(host, path):
    response = get(host, path)
    assert response.status == 200, path
    assert response["Content-Type"] == TYPES[path]


def test_every_file_in_the_site_has_the_type_kparchive_serve_names(host, built_site):
    for path in sorted(one_file_a_kind(built_site)):
        assert get(host, path, "HEAD")["Content-Type"] == serve.content_type(path), path


TINY = "/assets/favicon.svg"  # under 256 bytes: gzip would save nothing


@pytest.mark.parametrize("path", [p for p, t in TYPES.items() if t.split(";")[0] in serve.COMPRESSIBLE and p != TINY])
def test_text_is_gzipped_for_browsers_that_accept_it(host, built_site, path):
    original = (built_site / (path.lstrip("/") or "index.html")).read_bytes()
    zipped = get(host, path, Accept_Encoding="gzip, deflate, br")
    assert zipped["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in zipped["Vary"]
    assert gzip.decompress(zipped.body) == original
    assert len(zipped.body) < len(original)
    plain = get(host, path)
    assert plain["Content-Encoding"] is None
    assert plain.body == original
    assert "Accept-Encoding" in plain["Vary"]  # a cache must not hand the gzipped copy to this client
    assert get(host, path, Accept_Encoding="gzip;q=0")["Content-Encoding"] is None


def test_a_tiny_file_is_sent_as_it_is(host, built_site):
    assert (built_site / TINY.lstrip("/")).stat().st_size < serve.MIN_GZIP_BYTES
    response = get(host, TINY, Accept_Encoding="gzip")
    assert response["Content-Encoding"] is None
    assert response.body == (built_site / TINY.lstrip("/")).read_bytes()


@pytest.mark.parametrize("kind", [".pf_fragment", ".pf_index", ".pagefind", ".zip", ".png", ".gz"])
def test_compressed_files_are_sent_as_they_are(host, built_site, kind):
    path = next(p for p in one_file_a_kind(built_site) if p.endswith(kind))
    response = get(host, path, Accept_Encoding="gzip")
    assert response["Content-Encoding"] is None
    assert response.body == (built_site / path.lstrip("/")).read_bytes()


@pytest.mark.parametrize("path", ["/no-such-page/", "/statements/no-such-statement.txt", "/assets/"])
def test_a_missing_path_gets_the_sites_404_page(host, built_site, path):
    response = get(host, path)
    assert response.status == 404
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert response.body == (built_site / "404.html").read_bytes()


@pytest.mark.parametrize(("path", "location"), [
    ("/statements", "/statements/"),
    ("/search?q=Marange", "/search/?q=Marange"),
    ("//statements", "/statements/"),  # never "//statements/", which a browser reads as another host
])
def test_a_folder_without_its_slash_redirects_on_this_host(host, path, location):
    response = get(host, path)
    assert response.status == 301
    assert response["Location"] == location


@pytest.mark.parametrize("path", ["/", ORIGINAL, "/no-such-page/", "/statements"])
def test_security_headers_on_every_response(host, path):
    response = get(host, path)
    assert response["Content-Security-Policy"] == serve.CSP
    assert response["Referrer-Policy"] == "no-referrer"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(("path", "cache"), [
    ("/", NO_CACHE),
    (STATEMENT, NO_CACHE),
    ("/no-such-page/", NO_CACHE),
    (ORIGINAL, AN_HOUR),
    ("/assets/archive.css", AN_HOUR),
    ("/pagefind/pagefind.js", NO_CACHE),
    ("/pagefind/pagefind-entry.json", NO_CACHE),
])
def test_cache_control(host, path, cache):
    assert get(host, path)["Cache-Control"] == cache


def test_files_with_a_content_hash_are_cached_for_a_year(host, built_site):
    hashed = [p for p in one_file_a_kind(built_site) if p.endswith(".pf_fragment")]
    hashed += ["/" + f.relative_to(built_site).as_posix()
               for f in (built_site / "assets").rglob("*.min.*") if re.search(r"\.[0-9a-f]{8}\.min\.(js|css)$", f.name)]
    assert len(hashed) >= 3, hashed
    for path in hashed:
        assert get(host, path)["Cache-Control"] == A_YEAR, path


@pytest.mark.parametrize("encoding", ["gzip", "identity"])
def test_a_browser_revalidates_with_its_etag(host, encoding):
    first = get(host, STATEMENT, Accept_Encoding=encoding)
    assert first["ETag"]
    again = get(host, STATEMENT, Accept_Encoding=encoding, If_None_Match=first["ETag"])
    assert again.status == 304
    assert again.body == b""


def test_both_servers_send_the_same_headers(site_url, nginx_url, built_site):
    """Type, encoding, caching and security headers, for one file of each kind and the 404 page."""
    names = ("Content-Type", "Content-Encoding", "Vary", "Cache-Control", "ETag", "Content-Security-Policy",
             "Referrer-Policy", "X-Content-Type-Options")
    for path in [*sorted(one_file_a_kind(built_site)), *TYPES, "/no-such-page/"]:
        ours, theirs = (get(base, path, Accept_Encoding="gzip") for base in (site_url, nginx_url))
        assert ours.status == theirs.status, path
        assert {n: ours[n] for n in names} == {n: theirs[n] for n in names}, path


def nginx_directive(conf: str, name: str) -> list[str]:
    """The words of a directive in deploy/nginx.conf (comments dropped, lines joined)."""
    text = re.sub(r"#.*", "", conf)
    return re.search(rf"\n\s*{name}\s([^;{{]*)[;{{]", text).group(1).split()


def test_the_nginx_example_names_the_same_types_charsets_and_compression(project_root):
    """Also for the kinds the site has no file of yet (.wasm, .ico, .mjs), which no request can check."""
    conf = (project_root / "deploy" / "nginx.conf").read_text("utf-8")
    block = re.search(r"\n\s*types \{([^}]*)\}", conf).group(1)
    charset = {"text/html", *nginx_directive(conf, "charset_types")}
    types = {}
    for line in filter(None, (line.strip().rstrip(";") for line in block.splitlines())):
        kind, *extensions = line.split()
        types.update({f".{e}": kind + ("; charset=utf-8" if kind in charset else "") for e in extensions})
    assert types == serve.TYPES
    assert {"text/html", *nginx_directive(conf, "gzip_types")} == serve.COMPRESSIBLE
    assert nginx_directive(conf, "gzip_min_length") == [str(serve.MIN_GZIP_BYTES)]


# --- the CSP against the built pages --------------------------------------------------------------------

INLINE = re.compile(r"<(script|style)\b([^>]*)>(.*?)</\1>", re.S | re.I)


def inline_hashes(site: Path) -> dict[str, set[str]]:
    """The CSP hash of every inline script and <style> the site's pages carry, by directive."""
    found: dict[str, set[str]] = {"script-src": set(), "style-src": set()}
    for page in site.rglob("*.html"):
        for tag, attrs, body in INLINE.findall(page.read_text("utf-8")):
            if re.search(r"\bsrc=", attrs) or re.search(r"type=\"application/(ld\+)?json\"", attrs):
                continue  # a script file (checked by 'self'), or data no browser runs
            digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode()
            found["script-src" if tag.lower() == "script" else "style-src"].add(f"'sha256-{digest}'")
    return found


def directive(name: str) -> set[str]:
    return next(set(d.split()[1:]) for d in serve.CSP.split("; ") if d.split()[0] == name)


@pytest.mark.parametrize("which", [pytest.param("built_site", marks=pytest.mark.site),
                                   pytest.param("paged_site", marks=pytest.mark.build)])
def test_the_csp_allows_every_inline_script_and_style_by_its_hash(request, which):
    """A Material update or a template that adds an inline script fails here, with the hash to add."""
    found = inline_hashes(request.getfixturevalue(which))
    for name, hashes in found.items():
        missing = hashes - directive(name)
        assert not missing, f"{name} must list {' '.join(sorted(missing))} (kparchive/serve.py, deploy/nginx.conf)"
    assert not {v for v in directive("script-src") | directive("style-src") if "unsafe-inline" in v}


def test_the_nginx_example_sends_kparchive_serves_csp(project_root):
    """The example is read by publishers who never run the tests: it must carry the same policy."""
    assert f'add_header Content-Security-Policy "{serve.CSP}" always;' in (
        project_root / "deploy" / "nginx.conf").read_text("utf-8")


# --- in Chromium -----------------------------------------------------------------------------------------

def test_an_original_reads_as_written(browser, host):
    with open_page(browser, host) as page:
        page.goto(ORIGINAL)
        text = page.locator("body").inner_text()
    assert "Côte d'Ivoire" in text
    assert "CÃ´te" not in text


# kparchive.serve at 1280 and 375 px is checked in each page type's audit (tests/test_page_audit.py); nginx at
# one width here: its headers are kparchive.serve's (test_both_servers_send_the_same_headers).
@pytest.mark.parametrize(("host", "width"), [("nginx", 375)], indirect=["host"])
@pytest.mark.parametrize("name", ALL_PAGE_TYPES)
def test_every_page_type_works_under_the_csp(browser, host, name, width):
    with open_page(browser, host, viewport={"width": width, "height": 800}) as page:
        page.add_init_script(WATCH_CSP)
        messages = csp_messages(page)
        goto(page, ALL_PAGE_TYPES[name])
        open_all_details(page)
        page.wait_for_load_state("networkidle")
        violations = page.evaluate("window.__csp")
        if name in ("search", "fr-search"):  # Pagefind compiled its wasm and fetched a result
            fragments = [url for url in page.requests_seen if re.search(r"/pagefind/(?:[0-9]+/)?fragment/", url)]
            assert fragments, page.requests_seen
    assert not violations and not messages, violations + messages


def test_the_search_page_without_javascript_hides_the_search_box(browser, host):
    """Its <noscript> style is allowed by hash: without it the box that needs JavaScript would show."""
    context = browser.new_context(base_url=host, java_script_enabled=False)
    try:
        page = context.new_page()
        messages = csp_messages(page)
        page.goto("/search/")
        assert page.locator("#kp-search").count() == 1
        assert page.locator("#kp-search").is_hidden()
    finally:
        context.close()
    assert not messages, messages
