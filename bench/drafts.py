"""How many of each drafted field `make add` gets right on the corpus of drafts (tests/fixtures/drafts/), without
an editor's help: per field, the tuning part and the held-out parts apart (texts whose expectations say
`held_out: true`, written after the heuristics were tuned on the first part, and `held_out: second`, written after
they were tuned again on the first two). Run: .venv/bin/python bench/drafts.py [-v]."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from drafts_corpus import PINNED, SCORED, drafted, expected, names, read_archive, right  # noqa: E402

from kparchive.add import Refusal  # noqa: E402


def main(verbose: bool = False) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        archive = read_archive(Path(tmp))
        scores: dict[str, dict[str, list[bool]]] = {"tuning": {}, "held out": {}, "held out, second batch": {}}
        refused = []
        for name in names():
            held = expected(name).get("held_out")
            part = "held out, second batch" if held == "second" else "held out" if held else "tuning"
            try:
                _, fields = drafted(name, archive)
            except Refusal:
                refused.append(name)
                fields = {}
            for field in (*SCORED, "people"):
                ok = right(name, fields, field)
                scores[part].setdefault(field, []).append(ok)
                if verbose and not ok:
                    print(f"  {name}: {field}: {fields.get(field)!r}, not {expected(name)[field]!r}")
            for field in PINNED[len(SCORED) + 1:]:
                if verbose and field in expected(name) and not right(name, fields, field):
                    print(f"  {name}: {field}: {fields.get(field)!r}, not {expected(name)[field]!r}")
    for part, fields in scores.items():
        if not fields:
            continue
        n = len(next(iter(fields.values())))
        print(f"{part} ({n} texts): " + ", ".join(f"{f} {sum(v)}/{len(v)}" for f, v in fields.items()))
    print(f"refused: {len(refused)}" + (f" ({', '.join(refused)})" if refused else ""))


if __name__ == "__main__":
    main("-v" in sys.argv)
