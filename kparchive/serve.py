"""Serve the built site/ as a real static host does, for `make serve`, the tests and the Lighthouse bench.

    python -m kparchive.serve --directory site --bind 127.0.0.1 --port 8000

Python's plain `http.server` differs from any host the site is published on: no compression, no 404
page, types guessed from the system's mime.types (originals sent as `text/plain` without a charset, so
a browser shows "CÃ´te d'Ivoire"). This server sends what PUBLISHING.md asks of a host, and what
deploy/nginx.conf configures; tests/test_serve.py checks both send the same headers.

Every response carries the headers of PUBLISHING.md, errors included (a malformed request, a method it does
not serve). A request's path is read as nginx reads it (`canonical`: decoded, slashes merged, `.` and `..`
resolved; above the top, or a NUL, is refused with 400) before anything is looked up or redirected, and a
redirect's Location is that path percent-encoded: a browser never reads it as another host (`/\\host`, `//host`).
A connection that sends nothing for REQUEST_TIMEOUT seconds is closed (a slowloris client holds no thread).

`make serve` runs it with `--build`: it takes the port first (taken by another server: one line saying so, and
which PORT to try, before anything is built), then runs `make site` (kparchive.makesite: nothing is rebuilt when
nothing changed), then serves. It logs one line a page a browser shows (an HTML page, the 404 page included),
none for the assets a page loads (`--log all` logs every request, `--log none` nothing).

From Python, `start(directory)` returns a running server (its port in `server.server_address`).
"""

from __future__ import annotations

import argparse
import errno
import gzip
import re
import subprocess
import sys
import threading
import time
from functools import lru_cache, partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote, unquote_to_bytes

from .settings import flag

# Every kind of file the site publishes, with its charset where the format has one; anything else is
# application/octet-stream. Pagefind's wasm and index chunks are gzip files its script unpacks itself.
TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".csv": "text/csv; charset=utf-8",
    ".bib": "application/x-bibtex; charset=utf-8",
    ".ris": "application/x-research-info-systems; charset=utf-8",
    ".json": "application/json",
    ".map": "application/json",
    ".xml": "application/xml",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".ico": "image/x-icon",
    ".wasm": "application/wasm",
    ".zip": "application/zip",
    ".gz": "application/gzip",
    # Originals as received, beside their extracted text (a saved web page is published as .html.txt)
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".odt": "application/vnd.oasis.opendocument.text",
}
# Originals a browser would open with a viewer of its own (a PDF's may run the file's scripts): saved, never
# shown (deploy/nginx.conf's $kp_disposition). A saved web page is published as .html.txt: plain text.
ATTACHMENT = re.compile(r"\.(?:pdf|docx|odt)$")
# By full path, before the extension: the feed is Atom, not just any XML.
TYPES_BY_PATH = {"/feed.xml": "application/atom+xml", "/fr/feed.xml": "application/atom+xml"}
DEFAULT_TYPE = "application/octet-stream"

# Compressed on the way out (when the client accepts gzip and the file is worth it); images, archives and
# Pagefind's already-gzipped files go as they are.
COMPRESSIBLE = frozenset({
    "text/html", "text/css", "text/javascript", "text/plain", "text/csv", "application/x-bibtex",
    "application/x-research-info-systems", "application/json", "application/xml", "application/atom+xml",
    "image/svg+xml", "application/wasm",
})
MIN_GZIP_BYTES = 256

# First match wins (the same order as deploy/nginx.conf's map). File names with a content hash never
# change; Pagefind's other files must match its index, and pages must show a new build at once.
CACHE_RULES = (
    (re.compile(r"\.[0-9a-f]{8,}\.min\.(?:js|css)$"), "public, max-age=31536000, immutable"),
    (re.compile(r"^/(?:fr/)?pagefind/.+\.pf_[a-z]+$"), "public, max-age=31536000, immutable"),
    (re.compile(r"^/(?:fr/)?pagefind/"), "no-cache"),
    (re.compile(r"\.html$"), "no-cache"),
)
DEFAULT_CACHE = "public, max-age=3600"

# Only the site's own origin. Material writes two inline scripts on each page (the first names the page's
# depth, so one hash a depth: "/" on the 404 page, then "." to "../../../.."); the search page's <noscript>
# style hides the search box without JavaScript; Pagefind compiles its wasm ('wasm-unsafe-eval'); the
# timeline's bars are style attributes; Material's icons are data: images. No fonts, frames or plugins.
# tests/test_serve.py checks every inline script and style is listed.
CSP = "; ".join((
    "default-src 'none'",
    "script-src 'self' 'wasm-unsafe-eval'"
    " 'sha256-exqRXrW/0laiImCrTE8a70vxyyY10FJVIppytLf/dbY='"
    " 'sha256-apoQPHefCNWjxbCm+HzVDOAW4CSVWhY7VylQjgOFyfk='"
    " 'sha256-/K9p2JtEqCycL2fSbEonMakkteWpAHv57x2wndLqMNo='"
    " 'sha256-/nhm8p50KJxvwWLggwJ1OF8Xgq5W/b3iKECITLASfOg='"
    " 'sha256-0GFu787/AB2fAMyxux7Dp8eiOR0gFInKosPAeAkszqQ='"
    " 'sha256-R6QAiGbHUYQHe1uKKd5diM8jOpDBBVRx5uZFSQ2tjVI='"
    " 'sha256-/8wPdzX9q0NNJXyA5lzsLojXFpkeaXVxhbfkUOQaWy8='"
    " 'sha256-yAt8n/54rIhIGL6G+lTGkE09xzXv6skeTx87ENG5haQ='",  # "/fr" on the French tree's 404 page
    "style-src 'self' 'sha256-sW4tz/EXGk27nbQA+FXFq34Ow6MG1WTl0hrYzCHA4PY='",
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "worker-src 'self'",
    "form-action 'self'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
))
# The French tree's missing pages get its own 404 page, in French (deploy/nginx.conf's location /fr/ too).
TREE_404 = (("/fr/", "/fr/404.html"),)


def _not_found_page(url_path: str, local) -> str:
    for prefix, page in TREE_404:
        if url_path.startswith(prefix) and (found := local(page)) and found.is_file():
            return page
    return "/404.html"


# Sent with every response, the 404 page, redirects and errors included.
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
}


# An error the server makes itself (a malformed request, a method it does not serve) is kept by no cache
# (deploy/nginx.conf's map of $status).
ERROR_CACHE = "no-store"
# Seconds a connection may send nothing (a request line, a header, the next request) before it is closed.
REQUEST_TIMEOUT = 30
# What a path may keep as it is in a Location (RFC 3986's pchar and "/"); anything else is percent-encoded, a
# backslash too (%5C): a browser reads "/\host" as "//host", another host.
LOCATION_SAFE = "/:@!$&'()*+,;=-._~"


def canonical(target: str) -> str | None:
    """The path a request names, as nginx reads it ($uri): percent-decoded (UTF-8), slashes merged, `.` and `..`
    resolved, a trailing slash kept; None if it climbs above the top or holds a NUL (a 400, as nginx)."""
    path = unquote_to_bytes(target.encode("latin-1", "replace")).decode("utf-8", "replace")
    if "\0" in path:
        return None
    parts: list[str] = []
    for part in path.split("/"):
        if part == "..":
            if not parts:
                return None
            parts.pop()
        elif part not in ("", "."):
            parts.append(part)
    slash = bool(parts) and (path.endswith("/") or path.rsplit("/", 1)[-1] in (".", ".."))
    return "/" + "/".join(parts) + ("/" if slash else "")


def location(url_path: str, query: str) -> str:
    """A redirect's Location: the canonical path percent-encoded, so it starts with one "/" and a browser
    resolves it on this host; the query as the request sent it (control characters encoded)."""
    where = quote(url_path, safe=LOCATION_SAFE)
    if query:
        where += "?" + quote(query.encode("latin-1", "replace"), safe=LOCATION_SAFE + "?%")
    return where


def content_type(url_path: str) -> str:
    if url_path in TYPES_BY_PATH:
        return TYPES_BY_PATH[url_path]
    return TYPES.get(Path(url_path).suffix.lower(), DEFAULT_TYPE)


def cache_control(url_path: str) -> str:
    return next((value for rule, value in CACHE_RULES if rule.search(url_path)), DEFAULT_CACHE)


def accepts_gzip(accept_encoding: str) -> bool:
    """Whether an Accept-Encoding header allows gzip (`gzip;q=0` refuses it)."""
    weights = {}
    for item in accept_encoding.lower().split(","):
        coding, *params = (part.strip() for part in item.split(";"))
        q = next((p[2:] for p in params if p.startswith("q=")), "1")
        try:
            weights[coding] = float(q)
        except ValueError:
            weights[coding] = 0.0
    return weights.get("gzip", weights.get("x-gzip", weights.get("*", 0.0))) > 0


@lru_cache(maxsize=1024)
def _gzipped(path: str, mtime_ns: int, size: int) -> bytes:
    return gzip.compress(Path(path).read_bytes(), compresslevel=6, mtime=0)


class SiteHandler(SimpleHTTPRequestHandler):
    """GET and HEAD only; never lists a directory."""

    protocol_version = "HTTP/1.1"  # keep-alive, as hosts do: every response has a Content-Length
    # A request too malformed to name its version is answered as HTTP/1.1, with headers (as nginx does), not
    # as HTTP/0.9's bare body.
    default_request_version = "HTTP/1.1"
    error_content_type = "text/html; charset=utf-8"
    timeout = REQUEST_TIMEOUT  # socketserver sets it on the connection: a silent client is dropped
    log_requests = "none"  # "pages": one line a page shown (an HTML document), "all": every request
    _common_sent = False
    _logged_type = ""

    def version_string(self) -> str:
        return "kparchive.serve"

    def log_request(self, code="-", size="-"):
        """One short line a page view (`pages`), whatever its assets; the server's own errors in any case."""
        if self.log_requests == "all":
            super().log_request(code, size)
            return
        status = int(code) if str(code).isdigit() else 0
        if self.log_requests == "none" or not (self._logged_type.startswith("text/html") or status >= 400):
            return
        path = self.path if len(self.path) <= 200 else self.path[:200] + "…"
        shown = path.encode("unicode_escape").decode("ascii")  # a request's bytes never reach the terminal raw
        sys.stderr.write(f"{time.strftime('%H:%M:%S')} {status} {self.command} {shown}\n")

    def log_message(self, format, *args):
        if self.log_requests == "all":
            super().log_message(format, *args)

    def send_common_headers(self, url_path: str | None) -> None:
        """Caching (by path; an error of the server's own: ERROR_CACHE) and the security headers."""
        self.send_header("Cache-Control", ERROR_CACHE if url_path is None else cache_control(url_path))
        for name, value in SECURITY_HEADERS.items():
            self.send_header(name, value)
        self._common_sent = True

    def send_response_only(self, code, message=None):
        self._common_sent = False  # each response of a kept-alive connection gets its own
        super().send_response_only(code, message)

    def end_headers(self):
        if not self._common_sent:  # http.server's own errors (send_error): 400, 414, 431, 501, 505…
            self.send_common_headers(None)
        super().end_headers()

    def local(self, url_path: str) -> Path | None:
        """The file or folder a canonical path names (no `.` or `..` left in it: inside the directory)."""
        try:
            path = Path(self.directory, *url_path.split("/"))
            return path if path.exists() else None
        except (OSError, ValueError):  # a name too long
            return None

    def do_GET(self):
        self._logged_type = ""
        target, _, query = self.path.split("#")[0].partition("?")
        url_path = canonical(target)  # what the files, types and cache rules read, as nginx's $uri
        if url_path is None:
            self.send_error(HTTPStatus.BAD_REQUEST, explain="The path climbs above the site's top, or holds a NUL.")
            return
        path = self.local(url_path)
        if path and path.is_dir() and not url_path.endswith("/"):
            # A folder without its slash: redirect (relative, one leading slash: never to another host).
            self.send_response(HTTPStatus.MOVED_PERMANENTLY)
            self.send_header("Location", location(url_path + "/", query))
            self.send_header("Content-Length", "0")
            self.send_common_headers(url_path)
            self.end_headers()
            return
        if path and path.is_dir():
            url_path, path = url_path + "index.html", path / "index.html"
        if path and path.is_file():
            self.send_file(url_path, path, HTTPStatus.OK)
        elif (page := self.local(not_found := _not_found_page(url_path, self.local))) and page.is_file():
            self.send_file(not_found, page, HTTPStatus.NOT_FOUND)
        else:
            self.send_error(HTTPStatus.NOT_FOUND)

    do_HEAD = do_GET

    def send_file(self, url_path: str, file: Path, status: HTTPStatus) -> None:
        stat = file.stat()
        ctype = content_type(url_path)
        self._logged_type = ctype
        compressible = ctype.split(";")[0] in COMPRESSIBLE and stat.st_size >= MIN_GZIP_BYTES
        encoded = compressible and accepts_gzip(self.headers.get("Accept-Encoding", ""))
        etag = f'"{int(stat.st_mtime):x}-{stat.st_size:x}"'
        if encoded:
            etag = "W/" + etag
        if status == HTTPStatus.OK and etag.removeprefix("W/") in {
                t.strip().removeprefix("W/") for t in self.headers.get("If-None-Match", "").split(",")}:
            self.send_response(HTTPStatus.NOT_MODIFIED)
            self.send_header("ETag", etag)
            if compressible:
                self.send_header("Vary", "Accept-Encoding")
            self.send_common_headers(url_path)
            self.end_headers()
            return
        body = _gzipped(str(file), stat.st_mtime_ns, stat.st_size) if encoded else file.read_bytes()
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        if ATTACHMENT.search(url_path):
            self.send_header("Content-Disposition", "attachment")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Last-Modified", self.date_time_string(int(stat.st_mtime)))
        self.send_header("ETag", etag)
        if compressible:
            self.send_header("Vary", "Accept-Encoding")
        if encoded:
            self.send_header("Content-Encoding", "gzip")
        self.send_common_headers(url_path)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


class SiteServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        # A browser closing a connection mid-response is not an error worth a traceback.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


def make_server(directory: Path, host: str = "127.0.0.1", port: int = 0, log: str = "none",
                timeout: float = REQUEST_TIMEOUT) -> SiteServer:
    handler = type("Handler", (SiteHandler,), {"log_requests": log, "timeout": timeout})
    return SiteServer((host, port), partial(handler, directory=str(directory)))


def start(directory: Path, host: str = "127.0.0.1", port: int = 0, timeout: float = REQUEST_TIMEOUT) -> SiteServer:
    """Serve `directory` quietly from a daemon thread; stop with .shutdown() and .server_close()."""
    server = make_server(directory, host, port, timeout=timeout)
    threading.Thread(target=server.serve_forever, name=f"serve-{Path(directory).name}", daemon=True).start()
    return server


def cannot_listen(host: str, port: int, exc: OSError, build: bool) -> str:
    """Why the port cannot be had, and what to do: one line."""
    line = f"serve: cannot listen on {host}:{port}: {exc.strerror}"
    if exc.errno == errno.EADDRINUSE:
        line += (f" (another server is using port {port}: stop it, or choose another port, "
                 f"e.g. make serve PORT={8001 if port == 8000 else 8000})")
    elif exc.errno == errno.EACCES:
        line += " (a port below 1024 needs root: choose another, e.g. make serve PORT=8000)"
    return line + ("; nothing built" if build else "")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m kparchive.serve", description=__doc__.splitlines()[0])
    parser.add_argument("--directory", default="site", type=Path, help="the built site (default: site)")
    parser.add_argument("--bind", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    parser.add_argument("--port", default=8000, type=flag("PORT"), help="port (default: 8000; 0 picks a free one)")
    parser.add_argument("--build", action="store_true",
                        help="take the port, then build the site (make site: only if something changed), then serve")
    parser.add_argument("--log", choices=("pages", "all", "none"), default="pages",
                        help="a line for each page shown (default), for every request, or none")
    args = parser.parse_args(argv)
    if not args.build and not (args.directory / "index.html").is_file():
        print(f"serve: {args.directory}/index.html does not exist: run `make site`", file=sys.stderr)
        return 1
    try:  # the port first: a port in use is said before a build, not after it
        server = make_server(args.directory, args.bind, args.port, log=args.log)
    except OSError as exc:
        print(cannot_listen(args.bind, args.port, exc, args.build), file=sys.stderr)
        return 1
    try:
        if args.build:
            sys.stdout.flush()
            build = subprocess.Popen([sys.executable, "-m", "kparchive.makesite", "--site-dir", str(args.directory)],
                                     stdin=subprocess.DEVNULL)
            try:
                returncode = build.wait()
            except KeyboardInterrupt:  # Ctrl-C reached the build too: it stops in one line, site/ as it was
                build.wait()
                return 1
            if returncode != 0:
                return 1
        host, port = server.server_address[:2]
        print(f"serve: {args.directory}/ on http://{host}:{port}/ (gzip, 404.html, the headers of PUBLISHING.md;"
              f" {'a line a page shown; ' if args.log == 'pages' else ''}Ctrl-C to stop)", flush=True)
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
