"""The catalogue's messages: every string of the interface, found where it is written, and those without French.

`python -m kparchive.extract_messages` lists the messages the French catalogue lacks; with `--update` it adds them
to kparchive/locale/fr/LC_MESSAGES/messages.po, empty, for a translator, keeping what it has. Strings are found
by Babel's extractors in build_index's templates and Python and in the theme's overrides, and in mkdocs.yml's
words that pages show (i18n.config_words). tests/test_french.py asserts that none lacks its French.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

from .i18n import catalogue_path, config_words, translated_messages

# Where the interface's strings are: build_index's templates and Python (`_`, `gettext`, `ngettext`, `N_`),
# and the theme's overrides (`kp_t` and `kp_nt`, the MkDocs hook's gettext and ngettext).
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None, "kp_t": None, "kp_nt": (1, 2)}
METHODS = [("kparchive/templates/**.j2", "jinja2"), ("overrides/**.html", "jinja2"), ("kparchive/**.py", "python")]
ROOT = Path(__file__).resolve().parent.parent


def extract(root: Path) -> Catalog:
    """Every message of the interface, as a Babel catalogue (its locations from `root`, the project)."""
    from mkdocs.utils.yaml import yaml_load

    catalog = Catalog(project="kp-statements", domain="messages")
    options = {"**.j2": {"extensions": "jinja2.ext.i18n"}, "**.html": {"extensions": "jinja2.ext.i18n"}}
    for pattern, method in METHODS:
        folder, glob = pattern.split("/**")
        for filename, lineno, message, comments, _context in extract_from_dir(
                root / folder, method_map=[("**" + glob, "jinja2.ext:babel_extract" if method == "jinja2"
                                            else "python")],
                options_map=options, keywords=KEYWORDS, strip_comment_tags=True):
            if folder == "kparchive" and filename.startswith("templates"):
                continue
            catalog.add(message, locations=[(f"{folder}/{filename}", lineno)], auto_comments=comments)
    with (root / "mkdocs.yml").open(encoding="utf-8") as f:
        for message in config_words(yaml_load(f) or {}):
            catalog.add(message, locations=[("mkdocs.yml", 0)])
    return catalog


def untranslated(root: Path, lang: str) -> list[str]:
    """The interface's messages without a whole translation in the language's catalogue (a plural message
    needs a plural one, every form translated)."""
    have = translated_messages(lang)
    out = []
    for message in extract(root):
        if not message.id:
            continue
        found = have.get(message.id)
        if found is None or isinstance(found.id, tuple) != isinstance(message.id, tuple):
            out.append(message.id[0] if isinstance(message.id, tuple) else message.id)
    return out


def main(argv: list[str] | None = None) -> int:
    """List the interface's messages without French; with --update, add them to messages.po, empty.

    Exit status 1 while some message lacks its French and the catalogue was not updated."""
    parser = argparse.ArgumentParser(prog="python -m kparchive.extract_messages",
                                     description=main.__doc__.split("\n")[0])
    parser.add_argument("--update", action="store_true",
                        help="add the missing messages to messages.po, empty, for a translator (keeping what it has)")
    args = parser.parse_args(argv)
    missing = untranslated(ROOT, "fr")
    for message in missing:
        print(f"untranslated: {message!r}")
    path = catalogue_path("fr")
    if args.update:
        with path.open("rb") as f:
            catalog = read_po(f, locale="fr")
        catalog.update(extract(ROOT), no_fuzzy_matching=True)
        with path.open("wb") as f:
            write_po(f, catalog, width=120, sort_output=False, omit_header=False, ignore_obsolete=True)
        print(f"{path.relative_to(ROOT)}: updated, {len(missing)} message(s) without French")
    elif missing:
        print(f"{len(missing)} message(s) without French in {path.relative_to(ROOT)}: "
              "run with --update to add them, then write their French")
    else:
        print(f"every message of the interface has its French in {path.relative_to(ROOT)}")
    return 1 if missing and not args.update else 0

if __name__ == "__main__":
    raise SystemExit(main())
