"""The command line: `python build_index.py [--check]` builds, `python build_index.py add FILE` drafts a new
statement. Each says what it did, or why it refused."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from .add import add
from .catalogue import Catalogue
from .cite import CitationCache
from .enrich import enrich
from .french import validate_french
from .i18n import MissingTranslation
from .load import RawArchive, read_archive, rel
from .lock import BuildLock, Busy
from .problems import Problem, Refused
from .redirects import FILE as REDIRECTS
from .redirects import validate_redirects
from .render import Renderer
from .settings import SettingError, Settings, flag
from .urls import UnsafeSegment
from .validate import validate
from .write import JOURNAL, UnsafePath, Writer


def build_catalogue(statements_dir: Path) -> Catalogue:
    """load -> validate -> enrich: the validated catalogue, or Refused with every problem found."""
    problems: list[Problem] = []
    return catalogue_of(read_archive(statements_dir, problems), problems)


def catalogue_of(archive: RawArchive, problems: list[Problem]) -> Catalogue:
    """validate -> enrich for an archive already read (with the problems reading it found): what
    build_catalogue does after load, which tests call on an archive changed in memory."""
    statements_dir = archive.root
    vocab, statements = validate(archive, problems)
    files = {raw.id: rel(raw.meta_path, statements_dir) for raw in archive.statements if raw.meta_path}
    french = validate_french(archive.vocabularies, problems)
    if not problems:
        enrich(statements, vocab, problems, files)
    redirects = validate_redirects(archive.vocabularies.get(REDIRECTS), {raw.id for raw in archive.statements},
                                   rel(statements_dir / REDIRECTS, statements_dir), problems)
    if problems:
        raise Refused(problems)
    catalogue = Catalogue(vocab, statements, redirects, files, french)
    if catalogue.problems:
        raise Refused(catalogue.problems)
    return catalogue


def writer_for(settings: Settings, pause_at: str | None = None) -> Writer:
    """The build's writer: docs/ (beside hand-written pages) and the fragments' folder (build_index's alone)."""
    return Writer({"docs": settings.docs, "fragments": settings.fragments}, journal=settings.cache / JOURNAL,
                  owned={"fragments"}, pause_at=pause_at)


def build(settings: Settings, writer: Writer, check: bool = False):
    """The whole pipeline; with check, everything is rendered and nothing written.

    Nothing is written until every path the build will write is known and none is a hand-written file; the
    statements' files are then handed to the writer by the workers that render them, which stages them, and
    the writer switches the outputs over once every file is staged (write.py)."""
    catalogue = build_catalogue(settings.statements)
    citations = CitationCache(settings.cache / "citations.json")
    renderer = Renderer(catalogue, settings, formatted=citations.entries)
    site_files = renderer.site()
    planned = renderer.planned(site_files)
    clashes = writer.check(planned)
    if clashes:
        raise Refused(clashes)
    count = sum(len(paths) for paths in planned.values())
    if check:
        renderer.statements()
        return catalogue, count, None
    try:
        report = renderer.statements(writer)
        for name, files in site_files.items():
            report += writer.write(name, files)
        report += writer.commit(planned)
    finally:
        writer.discard()  # what a failed build staged (nothing once the switch is done or under way)
    citations.save(renderer.citation_keys, renderer.new_citations)
    return catalogue, count, report


def main(argv: list[str] | None = None, root: Path | None = None) -> int:
    """`root` is the project (build_index.py's folder), so the command works from any directory."""
    root = root or Path.cwd()
    parser = argparse.ArgumentParser(
        prog="build_index.py",
        description="Validate statements/, then write the site's pages into docs/ (nothing, if any check fails).",
    )
    parser.add_argument("--check", action="store_true", help="validate only; write nothing")
    parser.add_argument("--statements", type=Path, help="the statements folder (default: statements/)")
    parser.add_argument("--docs", type=Path, help="where the pages go (default: docs/ beside the statements)")
    parser.add_argument("--fragments", type=Path, help="where the pages' HTML fragments go "
                        "(default: overrides/generated beside the docs folder)")
    parser.add_argument("--config", type=Path, help="the MkDocs configuration whose site_url and site_name the "
                        "citations use (default: mkdocs.yml beside the statements folder)")
    parser.add_argument("--page-size", type=flag("KP_PAGE_SIZE"), help="statements on a page of a long listing "
                        "(default: KP_PAGE_SIZE, else 50)")
    parser.add_argument("--workers", type=flag("KP_RENDER_WORKERS"), help="forked workers (default: "
                        "KP_RENDER_WORKERS, else one per CPU from 200 statements up)")
    parser.add_argument("--wait", type=flag("--wait"), default=600, metavar="SECONDS",
                        help="how long to wait for another build of the same project to finish (default 600)")
    parser.add_argument("-q", "--quiet", action="store_true", help="print only problems")
    commands = parser.add_subparsers(dest="command", title="commands (without one: build)", metavar="add")
    adding = commands.add_parser("add", help="copy an original into statements/ and draft its metadata for review",
                                 description="Copy an original (.txt, .pdf, .docx, .odt or a saved .html page) byte "
                                 "for byte into statements/, extract its text beside it as <id>.txt, and draft "
                                 "its metadata, listing under review: what an editor must check.")
    adding.add_argument("file", type=Path, metavar="FILE",
                        help="the original: .txt (UTF-8), .pdf, .docx, .odt or .html")
    adding.add_argument("--id", help="the statement's id (default: proposed from its date, meeting and title)")
    adding.add_argument("--statements", type=Path, default=argparse.SUPPRESS, help="the statements folder")
    adding.add_argument("--language", help="the text's language, an ISO 639-1 code (default: guessed, en or fr)")
    adding.add_argument("--translation-of", metavar="ID", help="the id of the statement this one translates")
    args = parser.parse_args(argv)
    try:
        settings = Settings.make(root, statements=args.statements, docs=args.docs, fragments=args.fragments,
                                 config=args.config, page_size=args.page_size, workers=args.workers)
    except SettingError as err:  # a setting of the environment beyond its range (settings.RANGES)
        for line in err.lines:
            print(f"build_index: {line}; nothing written.", file=sys.stderr)
        return 1
    if args.command == "add":
        if args.check:
            parser.error("--check is for the build; add never overwrites, and the build checks the draft")
        return add(args.file, settings.statements, args.id, args.language, args.translation_of)
    writer = writer_for(settings, pause_at=os.environ.get("KP_TEST_PAUSE_AT"))

    def waiting(pid: str) -> None:
        print(f"build_index: another build (pid {pid}) is running; waiting for it to finish", file=sys.stderr)

    try:
        with BuildLock(settings.cache, wait=args.wait, waiting=waiting):
            recovered = writer.recover()
            if recovered and not args.quiet:
                print(recovered)
            catalogue, count, report = build(settings, writer, check=args.check)
    except Busy as busy:
        print(f"build_index: another build (pid {busy.pid}) is still running after {busy.waited:.0f} s; "
              "nothing written.", file=sys.stderr)
        return 1
    except Refused as refused:
        for problem in refused.problems:
            print(problem, file=sys.stderr)
        n = len(refused.problems)
        print(f"build_index: refused, {n} problem{'s' if n != 1 else ''}; nothing written.", file=sys.stderr)
        return 1
    except OSError as err:
        print(_failure(err, writer), file=sys.stderr)
        return 1
    except MissingTranslation as err:  # an interface string without its French (i18n.py): never shown as English
        print(f"build_index: {err}; nothing written.", file=sys.stderr)
        return 1
    except (UnsafePath, UnsafeSegment) as err:  # validation let a value through that cannot be a path: a bug
        print(f"build_index: {err} (a bug in validation: please report it); nothing written.", file=sys.stderr)
        return 1
    n = len(catalogue.chronological)
    if args.quiet:
        return 0
    if report is None:
        print(f"build_index: {n} statements valid; {count} files would be written. (--check: nothing written)")
    else:
        print(f"build_index: {n} statements valid; {len(report.written)} files written, "
              f"{len(report.unchanged)} unchanged, {len(report.removed)} removed in {settings.docs.name}/ "
              "and the pages' fragments.")
    return 0


MAKE_ADD_USAGE = ("usage: make add FILE=path/to/original.txt [ID=yyyy-mm-dd-a-few-words] [LANGUAGE=fr] "
                  "[TRANSLATION_OF=id]")


def make_add(environ=os.environ, root: Path | None = None) -> int:
    """`make add FILE=… [ID=…] [LANGUAGE=…] [TRANSLATION_OF=…]`: the Makefile passes each value as it was typed,
    never expanded by make or a shell, as KP_ADD_<NAME>; here each becomes an argument of `add` as it is, and
    `add` checks it as it checks build_index.py add's options (an empty one is not given). No FILE: usage, 2."""
    values = {name: environ.get(f"KP_ADD_{name}", "") for name in ("FILE", "ID", "LANGUAGE", "TRANSLATION_OF")}
    if not values["FILE"]:
        print(MAKE_ADD_USAGE, file=sys.stderr)
        return 2
    settings = Settings.make(root or Path.cwd())
    return add(Path(values["FILE"]), settings.statements, values["ID"] or None, values["LANGUAGE"] or None,
               values["TRANSLATION_OF"] or None)


def _failure(err: OSError, writer: Writer) -> str:
    """One line for a build that could not write: what, where, and in what state it leaves the outputs."""
    where = f"{err.filename}: " if err.filename else ""
    if writer.journal.exists():
        return (f"{where}{err.strerror or err}; the switch to the new build was interrupted: the next "
                "build_index run finishes it.")
    return f"{where}{err.strerror or err}; nothing written (the last build is as it was)."
