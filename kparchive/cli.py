"""The command line: `python build_index.py [--check]` builds, `python build_index.py add FILE` drafts a new
statement. Each says what it did, or why it refused."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .add import add
from .catalogue import Catalogue
from .cite import CitationCache
from .enrich import enrich
from .load import read_archive, rel
from .problems import Problem, Refused
from .redirects import FILE as REDIRECTS
from .redirects import validate_redirects
from .render import Renderer
from .validate import validate
from .write import collisions, finish, write_files


def build_catalogue(statements_dir: Path) -> Catalogue:
    """load -> validate -> enrich: the validated catalogue, or Refused with every problem found."""
    problems: list[Problem] = []
    archive = read_archive(statements_dir, problems)
    vocab, statements = validate(archive, problems)
    if not problems:
        files = {raw.id: rel(raw.meta_path, statements_dir) for raw in archive.statements}
        enrich(statements, vocab, problems, files)
    redirects = validate_redirects(archive.vocabularies.get(REDIRECTS), {raw.id for raw in archive.statements},
                                   rel(statements_dir / REDIRECTS, statements_dir), problems)
    if problems:
        raise Refused(problems)
    return Catalogue(vocab, statements, redirects)


def fragments_dir_for(docs_dir: Path) -> Path:
    """Where the pages' HTML fragments go: overrides/generated/ beside docs/ (MkDocs' Jinja loads them)."""
    return docs_dir.parent / "overrides" / "generated"


def build(statements_dir: Path, docs_dir: Path, check: bool = False, fragments_dir: Path | None = None):
    """The whole pipeline; with check=True, stop before writing anything (everything is still rendered).

    Nothing is written until every path the build will write is known and none is a hand-written file; the
    statements' files are then written by the workers that render them (render.Renderer.statements)."""
    catalogue = build_catalogue(statements_dir)
    fragments_dir = fragments_dir or fragments_dir_for(docs_dir)
    citations = CitationCache(docs_dir.parent / ".cache" / "citations.json")
    renderer = Renderer(catalogue, formatted=citations.entries)
    rendered = renderer.site()
    docs_paths, fragment_paths = renderer.planned(rendered)
    clashes = collisions(docs_dir, docs_paths)  # the fragments' folder is build_index's alone
    if clashes:
        raise Refused(clashes)
    if check:
        renderer.statements()
        return catalogue, len(docs_paths) + len(fragment_paths), None
    report = renderer.statements(output=(docs_dir, fragments_dir))
    report += write_files(docs_dir, rendered.docs) + write_files(fragments_dir, rendered.fragments)
    report += finish(docs_dir, docs_paths) + finish(fragments_dir, fragment_paths)
    citations.save(renderer.citation_keys, renderer.new_citations)
    return catalogue, len(docs_paths) + len(fragment_paths), report


def main(argv: list[str] | None = None, root: Path | None = None) -> int:
    """`root` is the project (build_index.py's folder), so the command works from any directory."""
    root = root or Path.cwd()
    parser = argparse.ArgumentParser(
        prog="build_index.py",
        description="Validate statements/, then write the site's pages into docs/ (nothing, if any check fails).",
    )
    parser.add_argument("--check", action="store_true", help="validate only; write nothing")
    parser.add_argument("--statements", type=Path, default=root / "statements", help="the statements folder")
    parser.add_argument("--docs", type=Path, default=root / "docs", help="where the pages go")
    parser.add_argument("--fragments", type=Path, help="where the pages' HTML fragments go "
                        "(default: overrides/generated beside the docs folder)")
    parser.add_argument("-q", "--quiet", action="store_true", help="print only problems")
    commands = parser.add_subparsers(dest="command", title="commands (without one: build)", metavar="add")
    adding = commands.add_parser("add", help="copy an original into statements/ and draft its metadata for review",
                                 description="Copy an original (a UTF-8 .txt file) byte for byte into statements/ "
                                 "and draft its metadata, listing under review: what an editor must check.")
    adding.add_argument("file", type=Path, metavar="FILE", help="the original, a plain-text file (.txt, UTF-8)")
    adding.add_argument("--id", help="the statement's id (default: proposed from its date, meeting and title)")
    adding.add_argument("--statements", type=Path, default=argparse.SUPPRESS, help="the statements folder")
    args = parser.parse_args(argv)
    if args.command == "add":
        if args.check:
            parser.error("--check is for the build; add never overwrites, and the build checks the draft")
        return add(args.file, args.statements.resolve(), args.id)
    try:
        catalogue, count, report = build(args.statements.resolve(), args.docs.resolve(), check=args.check,
                                            fragments_dir=args.fragments.resolve() if args.fragments else None)
    except Refused as refused:
        for problem in refused.problems:
            print(problem, file=sys.stderr)
        n = len(refused.problems)
        print(f"build_index: refused, {n} problem{'s' if n != 1 else ''}; nothing written.", file=sys.stderr)
        return 1
    except OSError as err:
        print(f"{err.filename or ''}: {err.strerror}; nothing written.", file=sys.stderr)
        return 1
    n = len(catalogue.chronological)
    if args.quiet:
        return 0
    if report is None:
        print(f"build_index: {n} statements valid; {count} files would be written. (--check: nothing written)")
    else:
        print(f"build_index: {n} statements valid; {len(report.written)} files written, "
              f"{len(report.unchanged)} unchanged, {len(report.removed)} removed in {args.docs.name}/ "
              "and the pages' fragments.")
    return 0
