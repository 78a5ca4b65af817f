"""Serve the built site/ as an ordinary static host does: gzip for text, cache headers, 404.html for misses.

Lighthouse judges what a reader's browser receives, so the bench must not measure Python's plain
http.server (no compression, no cache headers), which no real host resembles.

    python bench/serve_gzip.py [--port 8000] [--directory site]

or, from Python, `serve(directory, port=0)` returns a running server (its port in server.server_address).
"""

from __future__ import annotations

import argparse
import gzip
import re
import sys
import threading
from functools import lru_cache, partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

# Types worth compressing; images, fonts and Pagefind's fragments (already gzipped) are sent as they are.
COMPRESSIBLE = ("text/", "application/javascript", "application/json", "application/xml", "image/svg+xml",
                "application/wasm", "application/manifest+json")
# Material's and Pagefind's file names carry a content hash: they can be cached for a year.
HASHED = re.compile(r"\.[0-9a-f]{8,}\.(?:min\.)?(?:js|css)$|/pagefind/.*\.pf_|/pagefind/wasm\.")


@lru_cache(maxsize=4096)
def _gzipped(path: str, mtime_ns: int) -> bytes:
    return gzip.compress(Path(path).read_bytes(), compresslevel=9, mtime=0)


class GzipHandler(SimpleHTTPRequestHandler):
    extensions_map = {
        **SimpleHTTPRequestHandler.extensions_map,
        ".js": "application/javascript",
        ".mjs": "application/javascript",
        ".json": "application/json",
        ".xml": "application/xml",
        ".svg": "image/svg+xml",
        ".txt": "text/plain; charset=utf-8",
        ".html": "text/html; charset=utf-8",
        ".css": "text/css; charset=utf-8",
        ".wasm": "application/wasm",
    }

    def log_message(self, format, *args):
        pass

    def cache_control(self, url_path: str, ctype: str) -> str:
        if HASHED.search(url_path):
            return "public, max-age=31536000, immutable"
        if ctype.startswith("text/html"):
            return "public, max-age=0, must-revalidate"
        return "public, max-age=86400"

    def send_file(self, file: Path, status: HTTPStatus) -> None:
        ctype = self.guess_type(str(file))
        accepts_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        if accepts_gzip and ctype.startswith(COMPRESSIBLE):
            body = _gzipped(str(file), file.stat().st_mtime_ns)
            encoded = True
        else:
            body = file.read_bytes()
            encoded = False
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", self.cache_control(self.path.split("?")[0], ctype))
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("X-Content-Type-Options", "nosniff")
        if encoded:
            self.send_header("Content-Encoding", "gzip")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def do_GET(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?")[0].endswith("/"):
                # A directory without its slash: redirect, as static hosts do.
                self.send_response(HTTPStatus.MOVED_PERMANENTLY)
                self.send_header("Location", self.path.split("?")[0] + "/")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            path = path / "index.html"
        if path.is_file():
            self.send_file(path, HTTPStatus.OK)
            return
        missing = Path(self.directory) / "404.html"
        if missing.is_file():
            self.send_file(missing, HTTPStatus.NOT_FOUND)
        else:
            self.send_error(HTTPStatus.NOT_FOUND)

    do_HEAD = do_GET


class QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


def serve(directory: Path, host: str = "127.0.0.1", port: int = 0) -> QuietServer:
    """Start serving `directory` in a daemon thread; call .shutdown() to stop."""
    server = QuietServer((host, port), partial(GzipHandler, directory=str(directory)))
    threading.Thread(target=server.serve_forever, name="gzip-site", daemon=True).start()
    return server


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--directory", default="site", type=Path)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", default=8000, type=int)
    args = parser.parse_args()
    server = QuietServer((args.host, args.port), partial(GzipHandler, directory=str(args.directory)))
    print(f"Serving {args.directory}/ gzip-compressed on http://{args.host}:{server.server_address[1]}/")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
