"""Malformed and hostile requests to both hosts, kparchive.serve (`make serve`, in this process) and nginx running
deploy/nginx.conf: every answer carries the headers PUBLISHING.md promises, errors included; a path is read
as nginx reads it before anything is redirected, and no redirect leads a browser to another host; a client
that sends nothing is dropped.

The site is a small folder made here (a page, a folder, the 404 pages, and a folder whose name starts with a
backslash, which no build makes but a redirect to it must stay on this host): no build, so the module takes
seconds. The requests are written byte for byte on a socket, as an attacker's client would send them.
"""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from kparchive import serve

from nginx_support import run_nginx

SECURITY = {name.lower(): value for name, value in serve.SECURITY_HEADERS.items()}


@pytest.fixture(scope="module")
def small_site(tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("small") / "site"
    for path, text in {"index.html": "<p>home", "404.html": "<p>not found", "fr/404.html": "<p>introuvable",
                       "statements/index.html": "<p>statements", "\\evil.example/index.html": "<p>a folder",
                       "statements/a.pdf": "%PDF-1.7", "statements/a.docx": "PK", "statements/a.odt": "PK",
                       "statements/a.txt": "text", "statements/a.html.txt": "<p>a saved page"}.items():
        (site / path).parent.mkdir(parents=True, exist_ok=True)
        (site / path).write_text(text, "utf-8")
    return site


@pytest.fixture(scope="module")
def serve_url(small_site) -> Iterator[str]:
    server = serve.start(small_site)
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def small_nginx_url(small_site, tmp_path_factory) -> Iterator[str]:
    yield from run_nginx(small_site, tmp_path_factory.mktemp("small-nginx"))


@dataclass(frozen=True)
class Host:
    name: str
    url: str


@pytest.fixture(params=["kparchive.serve", "nginx"], scope="module")
def host(request) -> Host:
    return Host(request.param, request.getfixturevalue("serve_url" if request.param == "kparchive.serve"
                                                      else "small_nginx_url"))


class Answer:
    def __init__(self, raw: bytes):
        head, _, self.body = raw.partition(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        self.status_line = lines[0]
        self.status = int(lines[0].split()[1]) if lines[0].startswith("HTTP/") else 0
        self.headers: dict[str, str] = {}
        for line in lines[1:]:
            name, _, value = line.partition(":")
            self.headers[name.strip().lower()] = value.strip()

    def __getitem__(self, name: str) -> str | None:
        return self.headers.get(name.lower())


def send(base: str, data: bytes, timeout: float = 10) -> Answer:
    """Bytes written as they are on a new connection; the answer read until the server closes it."""
    parts = urlsplit(base)
    with socket.create_connection((parts.hostname, parts.port), timeout=timeout) as s:
        s.sendall(data)
        out = b""
        while chunk := s.recv(65536):
            out += chunk
    return Answer(out)


def request(base: str, target: str, method: str = "GET") -> Answer:
    return send(base, f"{method} {target} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n".encode("latin-1"))


def browser_join(base: str, location: str) -> str:
    """Where a browser goes for a Location, by the WHATWG URL standard browsers follow: tabs and newlines
    dropped, leading and trailing spaces and C0 controls stripped, and in an http(s) URL a backslash read as a
    slash ("/\\host" is "//host"). urllib's urljoin (RFC 3986) alone keeps the backslash."""
    location = location.strip("".join(map(chr, range(0x21)))).translate({9: None, 10: None, 13: None})
    return urljoin(base, location.replace("\\", "/"))


# Requests a host refuses itself: kparchive.serve's status, then nginx's where it differs.
MALFORMED = {
    "bad request line": (b"GARBAGE\r\n\r\n", 400, 400),
    "bad version": (b"GET / HTTP/9.9\r\nHost: x\r\n\r\n", 505, 505),
    "path above the top": (b"GET /../etc/passwd HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 400, 400),
    "encoded dots above the top": (b"GET /%2e%2e/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 400, 400),
    "NUL in the path": (b"GET /a%00b HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 400, 400),
    "URI too long": (b"GET /" + b"a" * 70_000 + b" HTTP/1.1\r\nHost: x\r\n\r\n", 414, 414),
    "header too long": (b"GET / HTTP/1.1\r\nHost: x\r\nX-Long: " + b"a" * 70_000 + b"\r\n\r\n", 431, 400),
    "unsupported method": (b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n", 501, 405),
}


def _has_the_headers(answer: Answer, cache: str | None = None) -> None:
    assert answer.status, answer.status_line
    for name, value in SECURITY.items():
        assert answer[name] == value, (answer.status_line, name, answer[name])
    assert answer["cache-control"] == (cache or answer["cache-control"]) and answer["cache-control"], answer.status_line


@pytest.mark.parametrize("case", MALFORMED)
def test_a_refused_request_gets_the_headers_too(host, case):
    """PUBLISHING.md: the headers on every response. An error the host makes itself is never cached."""
    data, ours, nginx = MALFORMED[case]
    answer = send(host.url, data)
    assert answer.status == (nginx if host.name == "nginx" else ours), answer.status_line
    _has_the_headers(answer, serve.ERROR_CACHE)
    assert answer["content-type"] == "text/html; charset=utf-8"


def test_too_many_headers_get_the_headers(serve_url):
    """http.server refuses more than 100 header lines (431); nginx reads them, so only ours is asked."""
    many = b"".join(b"X-%d: 1\r\n" % i for i in range(150))
    answer = send(serve_url, b"GET / HTTP/1.1\r\nHost: x\r\n" + many + b"\r\n")
    assert answer.status == 431
    _has_the_headers(answer, serve.ERROR_CACHE)


def test_a_site_without_its_404_page_still_sends_the_headers(tmp_path):
    """http.server's own 404 (send_error), for a folder with no 404.html."""
    (tmp_path / "index.html").write_text("<p>home", "utf-8")
    server = serve.start(tmp_path)
    try:
        for method in ("GET", "HEAD"):
            answer = request(f"http://127.0.0.1:{server.server_address[1]}", "/nope", method)
            assert answer.status == 404
            _has_the_headers(answer, serve.ERROR_CACHE)
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize(("method", "target", "status"), [
    ("GET", "/", 200), ("HEAD", "/", 200), ("GET", "/nope/", 404), ("HEAD", "/nope/", 404),
    ("GET", "/statements", 301), ("HEAD", "/statements", 301), ("HEAD", "/..", 400),
])
def test_every_answer_gets_the_headers(host, method, target, status):
    answer = request(host.url, target, method)
    assert answer.status == status
    _has_the_headers(answer)
    if method == "HEAD":
        assert answer.body == b""


@pytest.mark.parametrize(("target", "disposition"), [
    ("/statements/a.pdf", "attachment"), ("/statements/a.docx", "attachment"), ("/statements/a.odt", "attachment"),
    ("/statements/a.txt", None), ("/statements/a.html.txt", None), ("/", None),
])
def test_an_original_a_browser_would_open_in_a_viewer_is_saved(host, target, disposition):
    """A PDF (whose viewer may run the file's scripts), a Word or OpenDocument original: saved, not shown; texts
    and pages as they are."""
    answer = request(host.url, target)
    assert answer.status == 200
    assert answer["content-disposition"] == disposition
    _has_the_headers(answer)


def test_both_hosts_refuse_alike(serve_url, small_nginx_url):
    """The same headers from both for each refused request (the status may differ: 431 and 400, 501 and 405)."""
    names = ("cache-control", "content-type", *SECURITY)
    for case, (data, _, _) in MALFORMED.items():
        ours, theirs = send(serve_url, data), send(small_nginx_url, data)
        assert {n: ours[n] for n in names} == {n: theirs[n] for n in names}, case


# What each path is, read as nginx reads it: its status and Location (nginx's, where it differs: it leaves a
# query as it came).
PATHS = {
    "/\\evil.example/..": (200, None),  # the reporter's: a backslash, then `..` back to the top
    "/%5Cevil.example/..": (200, None),
    "//evil.example/..": (200, None),
    "//evil.example/../statements": (301, "/statements/"),
    "/%2F%2Fevil.example/../statements": (301, "/statements/"),
    "/%5C%5Cevil.example/../statements": (301, "/statements/"),
    "/\\/evil.example/../statements": (404, None),  # a folder named "\" has no statements/
    "/./statements": (301, "/statements/"),
    "/statements/../statements": (301, "/statements/"),
    "/statements/.": (200, None),
    "/statements?q=1": (301, "/statements/?q=1"),
    "/\\evil.example": (301, "/%5Cevil.example/"),  # a real folder whose name starts with a backslash
    "/%5Cevil.example?x=\\y": (301, "/%5Cevil.example/?x=%5Cy", "/%5Cevil.example/?x=\\y"),
}


@pytest.mark.parametrize("target", PATHS)
def test_a_path_is_read_as_nginx_reads_it(host, target):
    status, *locations = PATHS[target]
    answer = request(host.url, target)
    assert answer.status == status, answer.status_line
    assert answer["location"] == locations[-1 if host.name == "nginx" else 0]


@pytest.mark.parametrize("target", [*PATHS, "/\\evil.example/../statements", "/\\\\evil.example/../statements",
                                    "/%09/evil.example/../statements", "/%5C/evil.example", "///evil.example/"])
def test_no_redirect_leads_to_another_host(host, target):
    answer = request(host.url, target)
    if answer["location"] is not None:
        went = urlsplit(browser_join(host.url, answer["location"]))
        assert (went.scheme, went.netloc) == ("http", urlsplit(host.url).netloc), (target, answer["location"])


def test_a_browser_reads_a_backslash_as_a_slash():
    """The resolution the test above relies on: the reporter's Location left the host."""
    assert urlsplit(browser_join("http://127.0.0.1:8000/", "/\\evil.example/../")).netloc == "evil.example"
    assert urlsplit(browser_join("http://127.0.0.1:8000/", "/%5Cevil.example/")).netloc == "127.0.0.1:8000"


@pytest.mark.parametrize("sent", [b"", b"GET / HTTP/1.1\r\n", b"GET / HTTP/1.1\r\nHost: x\r\n"])
def test_a_silent_client_is_dropped(small_site, sent):
    """A client that opens a connection and then sends nothing (slowloris) is closed after the timeout:
    it holds no thread for ever. (The server here waits 0.5 s; `make serve` waits REQUEST_TIMEOUT.)"""
    server = serve.start(small_site, timeout=0.5)
    try:
        started = time.monotonic()
        with socket.create_connection(("127.0.0.1", server.server_address[1]), timeout=10) as s:
            s.sendall(sent)
            while s.recv(65536):  # an error answer, if any, then the end of the connection
                pass
        assert time.monotonic() - started < 5
    finally:
        server.shutdown()
        server.server_close()


def test_make_serve_drops_a_silent_client():
    """The server `make serve` runs has a finite timeout (socketserver's default is none: wait for ever)."""
    server = serve.make_server(Path("."), port=0)
    try:
        handler = server.RequestHandlerClass.func
        assert handler.timeout == serve.REQUEST_TIMEOUT and 0 < serve.REQUEST_TIMEOUT <= 60
    finally:
        server.server_close()
