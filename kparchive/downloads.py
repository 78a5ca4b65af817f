"""What the online site offers of the offline edition `make offline` made: its footer's link, and the zips.

    python -m kparchive.downloads env --dist dist --date 2026-12-02     # the footer's settings, for MkDocs
    python -m kparchive.downloads copy --dist dist --date 2026-12-02 --site site

The edition of a date is one zip of every language (dist/kp-statements-offline-<date>.zip), or a large
archive's one zip per language (…-offline-en-<date>.zip, …-offline-fr-<date>.zip: kparchive/offline.py).
`env` prints the variables mkdocs.yml and mkdocs.fr.yml read (KP_OFFLINE_ZIP_BYTES, KP_OFFLINE_ZIP_FR_BYTES,
KP_OFFLINE_ZIP_DATE, KP_OFFLINE_SPLIT), so each tree's footer names its own zip with its size; `copy` puts
the zips where those footers link them, downloads/kp-statements-offline[-<lang>]-latest.zip (urls.py), each
written beside its name and renamed to it, so a footer never links half a zip. `make site` does both in
kparchive.makesite, into the staging folder that becomes site/, in its own order: the offline edition is made
from the online site's pages (kparchive/offline_pages.py), so the footers are written first with a mark where
the zip's size goes (`pending`: KP_OFFLINE_ZIP_BYTES=pending, which the theme writes as SIZE_MARK), and `fill`
writes the sizes in once the zips are made.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from datetime import date
from pathlib import Path

from markupsafe import escape

from . import i18n, urls

# The footer's zip size before the zip is made: an HTML comment, which no text of a page can be (every text is
# escaped: its "<" is "&lt;"), so `fill` finds the footer's mark and nothing else.
PENDING = "pending"
SIZE_MARK = "<!-- kp-offline-zip-size -->"


def editions(dist: Path, edition_date: date) -> dict[str, Path]:
    """The zips of an edition, by language ("" for one zip of every language); empty if none was made."""
    split = {lang: dist / urls.offline_zip_name(edition_date.isoformat(), lang) for lang in urls.TREES}
    if all(path.is_file() for path in split.values()):
        return split
    whole = dist / urls.offline_zip_name(edition_date.isoformat())
    return {"": whole} if whole.is_file() else {}


def environment(zips: dict[str, Path], edition_date: date) -> dict[str, str]:
    """The footer's settings: the date, the form, and each tree's zip size (one zip's for both trees)."""
    split = "" not in zips
    out = {"KP_OFFLINE_ZIP_DATE": edition_date.isoformat(), "KP_OFFLINE_SPLIT": str(split).lower()}
    for lang in urls.TREES:
        path = zips[lang if split else ""]
        out["KP_OFFLINE_ZIP_BYTES" if lang == urls.DEFAULT_LANGUAGE else f"KP_OFFLINE_ZIP_{lang.upper()}_BYTES"] = \
            str(path.stat().st_size)
    return out


def pending(edition_date: date, split: bool) -> dict[str, str]:
    """The footer's settings before the zips are made: the date and the form, each size to be filled in."""
    out = {"KP_OFFLINE_ZIP_DATE": edition_date.isoformat(), "KP_OFFLINE_SPLIT": str(split).lower()}
    for lang in urls.TREES:
        out["KP_OFFLINE_ZIP_BYTES" if lang == urls.DEFAULT_LANGUAGE else f"KP_OFFLINE_ZIP_{lang.upper()}_BYTES"] = \
            PENDING
    return out


def fill(zips: dict[str, Path], site: Path) -> int:
    """Each tree's pages given their zip's size (one zip's for both trees) where the footer left its mark;
    returns how many pages. A page is rewritten beside its name and renamed to it."""
    split = "" not in zips
    others = tuple(urls.tree(lang) for lang in urls.TREES if urls.tree(lang))
    mark = SIZE_MARK.encode()
    done = 0
    for lang in urls.TREES:
        size = escape(i18n.Language(lang).file_size(zips[lang if split else ""].stat().st_size))
        top = site / urls.tree(lang)
        for page in top.rglob("*.html"):
            if lang == urls.DEFAULT_LANGUAGE and page.relative_to(site).as_posix().startswith(others):
                continue
            data = page.read_bytes()
            if mark in data:
                partial = page.with_name(page.name + ".part")
                partial.write_bytes(data.replace(mark, str(size).encode()))
                os.replace(partial, page)
                done += 1
    return done


def copy(zips: dict[str, Path], site: Path) -> list[Path]:
    """Each zip to its latest address in site/ (downloads/…-latest.zip); return where they went."""
    placed = []
    for lang, path in zips.items():
        target = site / urls.offline_zip(lang)
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(target.name + ".part")
        try:
            shutil.copyfile(path, partial)
            os.replace(partial, target)
        finally:
            partial.unlink(missing_ok=True)
        placed.append(target)
    return placed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("action", choices=("env", "copy"))
    parser.add_argument("--dist", type=Path, default=Path("dist"))
    parser.add_argument("--date", type=date.fromisoformat, required=True, help="the edition's date, YYYY-MM-DD")
    parser.add_argument("--site", type=Path, default=Path("site"), help="where `copy` puts the zips")
    args = parser.parse_args(argv)
    zips = editions(args.dist, args.date)
    if not zips:
        print(f"downloads: no offline edition of {args.date} in {args.dist}/ (run `make offline`)", file=sys.stderr)
        return 1
    if args.action == "env":
        print(" ".join(f"{key}={value}" for key, value in environment(zips, args.date).items()))
        return 0
    for target in copy(zips, args.site):
        print(f"downloads: {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
