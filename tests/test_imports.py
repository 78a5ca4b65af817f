"""The package's modules import one another without a cycle, so each can be read, tested and changed from its own
imports downwards (issue 30: `facets` and `i18n` imported each other, one of them inside a function).

Every import counts, a function's own included (a cycle hidden in a function is still a cycle). A sub-package
(kparchive/extract/) is one module here: its __init__ hands work to its own readers, which import it back.
"""

from __future__ import annotations

import ast
import graphlib
from pathlib import Path

from projects import ROOT

PACKAGE = ROOT / "kparchive"


def unit(name: str) -> str:
    """A module's node in the graph: a top-level module, or a sub-package as one."""
    return ".".join(name.split(".")[:2])


def modules(package: Path) -> dict[str, Path]:
    """Every module of the package by its dotted name (a package by its own name, read from __init__.py)."""
    out = {}
    for path in sorted(package.rglob("*.py")):
        parts = path.relative_to(package.parent).with_suffix("").parts
        out[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return out


def imported(name: str, path: Path, known: dict[str, Path]) -> set[str]:
    """The package's modules a module imports, wherever in it the import stands."""
    is_package = path.name == "__init__.py"
    out = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"), str(path))):
        if isinstance(node, ast.Import):
            out |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                parts = name.split(".")
                base = parts[:len(parts) - node.level + (1 if is_package else 0)]
                source = ".".join(base + ([node.module] if node.module else []))
            else:
                source = node.module or ""
            for alias in node.names:  # `from . import facets`: a module; `from .facets import N_`: a name
                out.add(f"{source}.{alias.name}" if f"{source}.{alias.name}" in known else source)
    return {target for target in out if target in known}


def graph(package: Path) -> dict[str, set[str]]:
    known = modules(package)
    edges: dict[str, set[str]] = {unit(name): set() for name in known}
    for name, path in known.items():
        edges[unit(name)] |= {unit(target) for target in imported(name, path, known)} - {unit(name)}
    return edges


def test_the_graph_reads_every_kind_of_import():
    """A guard for the walker itself: relative and absolute, of a module or of a name, in a function, from and
    within a sub-package."""
    edges = graph(PACKAGE)
    assert "kparchive.facets" in edges["kparchive.catalogue"]  # from . import facets, urls
    assert "kparchive.problems" in edges["kparchive.facets"]  # from .problems import Problem
    assert "kparchive.i18n" in edges["kparchive.mkdocs_hook"]  # from kparchive import fragments, i18n, …
    assert "kparchive.i18n" in edges["kparchive.sitebuild"]  # in a function: from .i18n import DEFAULT, …
    assert "kparchive.messages" in edges["kparchive.extract"]  # extract/__init__.py: from ..messages import N_
    assert "kparchive.reflow" in edges["kparchive.extract"]  # extract/pdf.py's, as the sub-package's
    assert "kparchive.extract" in edges["kparchive.add"]  # from . import extract (a sub-package)


def test_no_import_cycle_among_the_modules():
    try:
        order = list(graphlib.TopologicalSorter(graph(PACKAGE)).static_order())
    except graphlib.CycleError as err:
        raise AssertionError("an import cycle: " + " -> ".join(err.args[1])) from None
    assert "kparchive.messages" in order


def test_the_marker_of_messages_depends_on_nothing():
    """N_ is imported by modules of every layer (facets, cite, exports, extract): its home imports nothing."""
    assert graph(PACKAGE)["kparchive.messages"] == set()
