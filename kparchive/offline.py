"""Pack the offline edition (built by `mkdocs build -f mkdocs.offline.yml`) into one zip for a USB stick.

`python -m kparchive.offline mkdocs.offline.yml --dist dist` reads the edition's site_dir, site_url and
date (extra.edition_date, the date its pages show) from that configuration, puts the statements' words into
the edition's search index (complete_search_index), and writes dist/kp-statements-offline-<date>.zip: one
top-level folder holding the site (open its index.html).
Entries are sorted and stamped with the edition date, so the same site and date give the same bytes.
Left out, as useless on a USB stick: source maps (for developers), Material's lunr language packs when the
search index is English only (the search worker loads them only for other languages), and what only a web
server uses (404.html, whose links are absolute; the sitemaps).
"""

from __future__ import annotations

import argparse
import html
import json
import sys
import zipfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from mkdocs.utils.yaml import yaml_load

PREFIX = "kp-statements-offline"
LANGUAGE_PACKS = "assets/javascripts/lunr/"
SERVER_ONLY = {"404.html", "sitemap.xml", "sitemap.xml.gz"}

README = """\
Kimberley Process Civil Society Coalition: statements archive, offline edition of {date}

Open index.html (double-click it) in any web browser. Everything works without a connection,
search included: every statement, its original text, the catalogue (statements.json).

Newer statements: {site_url}
"""


def zip_name(edition_date: date) -> str:
    return f"{PREFIX}-{edition_date.isoformat()}.zip"


def search_languages(site: Path) -> list[str]:
    index = site / "search" / "search_index.json"
    if not index.is_file():
        return []
    return json.loads(index.read_text(encoding="utf-8")).get("config", {}).get("lang", [])


def complete_search_index(site: Path) -> int:
    """Put every statement into the edition's search index (search/search_index.json and the .js the offline
    plugin inlines it into); return how many statements it holds.

    Material's search plugin indexes a page's Markdown, and a generated page's Markdown holds only its front
    matter (build_index writes the page as an HTML fragment); each statement comes from its own JSON file
    (statements/<id>.json): the page's entry gets its title and summary, and each paragraph an entry of its
    own, so a result opens the paragraph and no word is indexed twice. The index holds HTML: every value is
    escaped.
    """
    index_file = site / "search" / "search_index.json"
    if not index_file.is_file():
        return 0
    index = json.loads(index_file.read_text(encoding="utf-8"))
    docs = [doc for doc in index["docs"] if not doc["location"].startswith("statements/")]
    count = 0
    for record in sorted((site / "statements").glob("*.json")):
        data = json.loads(record.read_text(encoding="utf-8"))
        location = f"statements/{record.stem}.html"
        if not (site / location).is_file() or not data.get("paragraphs"):
            continue
        docs.append({"location": location, "title": html.escape(data["title"]),
                     "text": html.escape(data.get("description", ""))})
        for n, p in enumerate(data["paragraphs"], 1):
            docs.append({"location": f"{location}#{p['id']}", "title": f"¶ {n}", "text": html.escape(p["text"])})
        count += 1
    index["docs"] = docs
    data = json.dumps(index, ensure_ascii=False, separators=(",", ":"))
    index_file.write_text(data, encoding="utf-8")
    script = site / "search" / "search_index.js"
    if script.is_file():  # what material/plugins/offline writes: the index as a script, loadable from file://
        script.write_text(f"var __index = {data}", encoding="utf-8")
    return count


def members(site: Path) -> list[str]:
    """The site's files (POSIX paths relative to site/) that go into the zip, sorted."""
    english_only = search_languages(site) == ["en"]
    keep = []
    for path in site.rglob("*"):
        if not path.is_file():
            continue
        name = path.relative_to(site).as_posix()
        if name in SERVER_ONLY or name.endswith(".map") or (english_only and name.startswith(LANGUAGE_PACKS)):
            continue
        keep.append(name)
    return sorted(keep)


@dataclass(frozen=True)
class Edition:
    site: Path
    site_url: str
    date: date


def read_edition(config_file: Path) -> Edition:
    """The offline edition's settings, read the way MkDocs reads them (INHERIT merged, !ENV applied)."""
    with open(config_file, "rb") as f:
        config = yaml_load(f)
    raw = str(config.get("extra", {}).get("edition_date", ""))
    try:
        edition_date = date.fromisoformat(raw)
    except ValueError:
        raise ValueError(f"{config_file}: extra: edition_date: {raw!r} is not a date (set KP_EDITION_DATE)") from None
    site = config_file.parent / config.get("site_dir", "site")
    return Edition(site=site, site_url=config.get("site_url") or "", date=edition_date)


def pack(site: Path, dist: Path, edition_date: date, site_url: str = "") -> Path:
    """Write dist/kp-statements-offline-<date>.zip from the built offline site; return its path."""
    if not (site / "index.html").is_file():
        raise FileNotFoundError(f"{site}/index.html is missing: build the offline edition first")
    folder = zip_name(edition_date).removesuffix(".zip")
    stamp = (edition_date.year, edition_date.month, edition_date.day, 0, 0, 0)
    dist.mkdir(parents=True, exist_ok=True)
    target = dist / zip_name(edition_date)
    partial = target.with_suffix(".zip.part")

    def entry(name: str) -> zipfile.ZipInfo:
        info = zipfile.ZipInfo(f"{folder}/{name}", date_time=stamp)
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o644 << 16
        return info

    with zipfile.ZipFile(partial, "w", compresslevel=9) as zf:
        readme = README.format(date=edition_date.isoformat(), site_url=site_url or "(see the About page)")
        zf.writestr(entry("README.txt"), readme.encode("utf-8"))
        for name in members(site):
            zf.writestr(entry(name), (site / name).read_bytes())
    partial.replace(target)
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("config", type=Path, help="the offline edition's MkDocs configuration")
    parser.add_argument("--dist", type=Path, default=Path("dist"), help="where the zip goes (default dist/)")
    args = parser.parse_args(argv)
    try:
        edition = read_edition(args.config)
        complete_search_index(edition.site)
        target = pack(edition.site, args.dist, edition.date, edition.site_url)
    except (FileNotFoundError, ValueError) as exc:
        print(f"offline: {exc}", file=sys.stderr)
        return 1
    with zipfile.ZipFile(target) as zf:
        unpacked = sum(i.file_size for i in zf.infolist())
        count = len(zf.infolist())
    print(f"offline: {target} ({target.stat().st_size:,} bytes; {count} files, {unpacked:,} bytes unpacked)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
