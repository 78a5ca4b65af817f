#!/usr/bin/env python3
"""Build the archive's pages: statements/ -> validate -> enrich -> docs/. Run before `mkdocs build`.

    python build_index.py          # validate everything, then write docs/
    python build_index.py --check  # validate only
    python build_index.py add FILE # copy a new original into statements/ and draft its metadata for review
"""

import sys
from pathlib import Path

from kparchive.cli import main

if __name__ == "__main__":
    sys.exit(main(root=Path(__file__).resolve().parent))
