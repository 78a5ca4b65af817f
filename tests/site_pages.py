"""Reading the built site as HTML: pages by URL, links resolved, a crawl for broken links and anchors."""

from __future__ import annotations

import json
import posixpath
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from bs4 import BeautifulSoup


class Site:
    def __init__(self, root: Path):
        self.root = root

    def file_for(self, url_path: str) -> Path | None:
        """The file a static host would serve for a site path ("/statements/x/" -> statements/x/index.html)."""
        path = unquote(url_path).lstrip("/")
        candidate = self.root / path
        if path == "" or path.endswith("/"):
            candidate = candidate / "index.html"
        elif candidate.is_dir():
            candidate = candidate / "index.html"
        return candidate if candidate.is_file() else None

    @cache  # noqa: B019 - one Site per session
    def soup(self, url_path: str) -> BeautifulSoup:
        f = self.file_for(url_path)
        assert f is not None, f"no page at {url_path}"
        return BeautifulSoup(f.read_text("utf-8"), "html.parser")

    def catalogue(self) -> list[dict]:
        return json.loads((self.root / "statements.json").read_text("utf-8"))

    def pages(self) -> list[str]:
        """Every HTML page's site path."""
        out = []
        for f in sorted(self.root.rglob("*.html")):
            rel = f.relative_to(self.root).as_posix()
            out.append("/" + (rel[: -len("index.html")] if rel.endswith("index.html") else rel))
        return out

    def links(self, url_path: str, selector: str = "a[href]") -> list[tuple[str, str, str]]:
        """(resolved path, fragment, link text) for links on a page that stay on the site."""
        out = []
        for a in self.soup(url_path).select(selector):
            target = urljoin("http://site" + url_path, a["href"])
            parts = urlsplit(target)
            if parts.netloc == "site":
                out.append((parts.path, parts.fragment, a.get_text(" ", strip=True)))
        return out

    def ids(self, url_path: str) -> set[str]:
        return {el["id"] for el in self.soup(url_path).find_all(id=True)}

    def statement_links(self, url_path: str, selector: str = "article a[href], .md-content a[href]") -> set[str]:
        """Ids of the statements a page links to (statement pages, not their .txt)."""
        ids = set()
        for path, _, _ in self.links(url_path, selector):
            parts = [p for p in path.split("/") if p]
            if len(parts) == 2 and parts[0] == "statements" and not posixpath.splitext(parts[1])[1]:
                ids.add(parts[1])
        return ids

    def broken_links(self, skip_prefixes: tuple[str, ...] = ()) -> list[str]:
        """Every link, asset and #anchor on every page that leads nowhere."""
        broken = []
        for page in self.pages():
            soup = self.soup(page)
            for el in soup.find_all(["a", "link", "script", "img", "source"]):
                ref = el.get("href") or el.get("src")
                if not ref or ref.startswith(("mailto:", "tel:", "data:", "javascript:")):
                    continue
                target = urlsplit(urljoin("http://site" + page, ref))
                if target.netloc != "site" or target.path.startswith(skip_prefixes):
                    continue
                f = self.file_for(target.path)
                if f is None:
                    broken.append(f"{page}: {ref} (no such file)")
                elif target.fragment and f.suffix == ".html":
                    if target.fragment not in self.ids(self._path_of(f)):
                        broken.append(f"{page}: {ref} (no #{target.fragment} there)")
        return broken

    def _path_of(self, f: Path) -> str:
        rel = f.relative_to(self.root).as_posix()
        return "/" + (rel[: -len("index.html")] if rel.endswith("index.html") else rel)
