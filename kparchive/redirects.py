"""Permanent URLs: `statements/redirects.yml` maps a statement's old id to its current one.

Each old id keeps its page (a stub that sends readers on) and its original file, so a citation of the old
address still works on any static host; an old id can never be given to a new statement.
"""

from __future__ import annotations

from .model import STATEMENT_ID
from .problems import Problem, Problems

FILE = "redirects.yml"


def validate_redirects(data, current_ids: set[str], file: str, problems: list[Problem]) -> dict[str, str]:
    """old id -> current id, or problems (one line each: file, old id, what is wrong)."""
    p = Problems(problems, file)
    if data is None:
        return {}
    if not isinstance(data, dict):
        p.add("", "must be a mapping of old id: current id")
        return {}
    out = {}
    for old, new in sorted(data.items(), key=lambda kv: str(kv[0])):
        before = len(problems)
        if not isinstance(old, str) or not STATEMENT_ID.match(old):
            p.add(str(old), "is not a statement id (its date then a few words, e.g. 2009-11-06-namibia-plenary)")
        elif old in current_ids:
            p.add(old, "is the id of a current statement; an old id cannot be used again")
        if not isinstance(new, str) or new not in current_ids:
            p.add(str(old), f"{new!r} is not the id of a statement in statements/")
        if len(problems) == before:
            out[old] = new
    return out
