"""Permanent URLs: `statements/redirects.yml` maps a statement's old id to its current one.

Each old id keeps its page (a stub that sends readers on) and its original file, so a citation of the old
address still works on any static host; an old id can never be given to a new statement.
"""

from __future__ import annotations

from .load import UNREADABLE
from .problems import Problem, Problems, shown
from .validate import key, statement_id_problem
from .yamlio import kind

FILE = "redirects.yml"


def validate_redirects(data, current_ids: set[str], file: str, problems: list[Problem]) -> dict[str, str]:
    """old id -> current id, or problems (one line each: file, old id, what is wrong)."""
    p = Problems(problems, file)
    if data is None or data is UNREADABLE:
        return {}
    if not isinstance(data, dict):
        p.add("", f"must be a mapping of old id: current id, not {kind(data)}")
        return {}
    out = {}
    for old, new in sorted(data.items(), key=lambda kv: str(kv[0])):
        before = len(problems)
        name = key(old)  # a key: the reader made sure it is text
        if problem := statement_id_problem(old):
            p.add(name, problem.removeprefix(f"{shown(old)} "))
        elif old in current_ids:
            p.add(old, "is the id of a current statement; an old id cannot be used again")
        if not isinstance(new, str) or new not in current_ids:
            p.add(name, f"{shown(new)} is not the id of a statement in statements/")
        if len(problems) == before:
            out[old] = new
    return out
