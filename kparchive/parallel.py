"""Forked workers for the steps that treat each statement (or listing page) alone: reading and parsing a
statement's files (load), enrich, render.

Fork, so the workers share what the parent has loaded and validated as it is: nothing is read or parsed twice,
and nothing but each worker's results travels back. Where fork is missing (Windows, or macOS by default),
everything runs in the one process. The build's settings say how many workers (1: none); by default one per
CPU (at most 8) from PARALLEL_FROM items (statements, pages) up.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable

PARALLEL_FROM = 200
_TASK: tuple | None = None


def workers_for(n_items: int, setting: int | None = None) -> int:
    if "fork" not in multiprocessing.get_all_start_methods():
        return 1
    if setting:
        return setting
    return max(1, min(os.cpu_count() or 1, 8)) if n_items >= PARALLEL_FROM else 1


def _run(part: tuple[int, int]):
    function, context, items = _TASK
    start, step = part
    return function(context, items[start::step])  # the items come with the fork: only results are pickled


def fork_map(function: Callable, context, items: list, workers: int | None = None) -> list:
    """[function(context, chunk) for each chunk of items], one chunk per worker; in this process if one."""
    global _TASK
    workers = workers_for(len(items), workers)
    if workers == 1:
        return [function(context, items)]
    _TASK = (function, context, items)
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            return pool.map(_run, [(i, workers) for i in range(workers)])
    finally:
        _TASK = None
