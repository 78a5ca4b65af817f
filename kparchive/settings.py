"""The build's settings, made once from the command line and the environment, then passed down.

No module below the command line reads the environment: what a build does is what its Settings say.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

# A meeting's, country's, topic's, organisation's or person's listing shows this many statements a page.
PAGE_SIZE = 50


@dataclass(frozen=True)
class Settings:
    statements: Path  # the archive's source: originals, metadata, vocabularies
    docs: Path  # MkDocs' docs_dir: the generated pages go here, beside the hand-written ones
    fragments: Path  # the pages' HTML fragments (overrides/generated/ beside docs/)
    cache: Path  # what a rebuild reuses (.cache/: formatted references)
    config: Path  # mkdocs.yml: the site's name and public address
    page_size: int = PAGE_SIZE
    workers: int | None = None  # forked workers; None: one per CPU at archive scale (parallel.workers_for)

    @classmethod
    def make(cls, root: Path, statements: Path | None = None, docs: Path | None = None,
             fragments: Path | None = None, config: Path | None = None, page_size: int | None = None,
             workers: int | None = None, environ=os.environ) -> Settings:
        """Flags first, then KP_PAGE_SIZE and KP_RENDER_WORKERS, then defaults. The project is the folder
        that holds statements/ (its mkdocs.yml, docs/ and overrides/), so a copy of the project builds
        as itself wherever build_index.py lives."""
        statements = (statements or root / "statements").resolve()
        project = statements.parent
        docs = (docs or project / "docs").resolve()
        if config is None:
            config = project / "mkdocs.yml" if (project / "mkdocs.yml").is_file() else root / "mkdocs.yml"
        return cls(
            statements=statements,
            docs=docs,
            fragments=(fragments or docs.parent / "overrides" / "generated").resolve(),
            cache=docs.parent / ".cache",
            config=config.resolve(),
            page_size=page_size or _positive(environ.get("KP_PAGE_SIZE")) or PAGE_SIZE,
            workers=workers or _positive(environ.get("KP_RENDER_WORKERS")),
        )


def _positive(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() and int(value) > 0 else None
