"""The Kimberley Process Civil Society Coalition statements archive.

`statements/` (originals + curated YAML) is the source of truth; this package loads it, validates it,
enriches it and renders it into front-matter Markdown under `docs/` for MkDocs.
The pipeline is `load -> validate -> enrich -> render -> write`, one module a stage.
"""

__version__ = "1.0.0"
