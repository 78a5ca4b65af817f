"""A MkDocs hook for tests, added to a test project's mkdocs.yml (never the archive's): MkDocs stops itself
(SIGSTOP) once it has written N pages of a tree when KP_TEST_PAUSE_AT names `mkdocs:<tree>:<N>` (several
points: commas). The tree: en, fr, offline-en, offline-fr. So a test can kill `make site` while MkDocs is
writing, at a moment it names, rather than after a guessed time; it does nothing else.
"""

from __future__ import annotations

import os
import signal

_written = 0


def on_post_page(output, page, config):
    """Called as each page is rendered, before it is written: the pages before it are written."""
    global _written
    tree = ("" if config.use_directory_urls else "offline-") + (config.theme.get("language") or "en")
    if f"mkdocs:{tree}:{_written}" in os.environ.get("KP_TEST_PAUSE_AT", "").split(","):
        os.kill(os.getpid(), signal.SIGSTOP)
    _written += 1
    return output
